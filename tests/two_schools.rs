//! Two schools rendered into one output folder, one after the other, as a yearly shell loop
//! does: each keeps its own documents, and a school whose folder name another school already
//! uses is refused instead of writing over it.

mod common;

use common::{dpiagen, examples, succeeded};
use std::fs;
use std::path::{Path, PathBuf};

/// A copy of OBS De Regenboog's learning-platform activity under a school of its own, in
/// `dir/<folder>/`, with the profile's `id` and `name` replaced.
fn school(dir: &Path, folder: &str, id: &str, name: &str) -> PathBuf {
    let src = examples().join("obs-de-regenboog");
    let school = dir.join(folder);
    fs::create_dir_all(&school).unwrap();
    let profile = fs::read_to_string(src.join("organisatie.yaml")).unwrap();
    let profile = profile
        .replacen("id: obs-de-regenboog", &format!("id: {id}"), 1)
        .replacen("name: OBS De Regenboog", &format!("name: {name}"), 1);
    fs::write(school.join("organisatie.yaml"), profile).unwrap();
    let activity = fs::read_to_string(src.join("leerplatform-uitgever.yaml")).unwrap();
    fs::write(school.join("leerplatform-uitgever.yaml"), activity).unwrap();
    school
}

/// Every file below `dir` with its bytes.
fn files(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let mut out: Vec<_> = walkdir::WalkDir::new(dir)
        .into_iter()
        .flatten()
        .filter(|e| e.file_type().is_file())
        .map(|e| (e.path().to_path_buf(), fs::read(e.path()).unwrap()))
        .collect();
    out.sort();
    out
}

#[test]
fn two_schools_with_an_activity_of_the_same_id_keep_their_own_documents() {
    let tmp = tempfile::tempdir().unwrap();
    let a = school(tmp.path(), "a", "school-a", "Basisschool A");
    let b = school(tmp.path(), "b", "school-b", "Basisschool B");
    let out = tmp.path().join("out");
    for school in [&a, &b] {
        succeeded(
            dpiagen()
                .args(["render", "-q"])
                .arg(school)
                .arg("-o")
                .arg(&out),
        );
    }
    let year = out.join("2026");
    for (id, name) in [("school-a", "Basisschool A"), ("school-b", "Basisschool B")] {
        let pdf = fs::read(year.join(id).join("leerplatform-uitgever/pre-dpia.pdf")).unwrap();
        let text = common::pdf_text(&pdf);
        assert!(text.contains(name), "{id}: {name} not in its pre-DPIA");
        let snapshot =
            fs::read_to_string(year.join(id).join("leerplatform-uitgever/antwoorden.json"))
                .unwrap();
        assert!(snapshot.contains(name), "{snapshot}");
    }
    // Nothing of the old layout, with the activity straight below the year.
    assert!(!year.join("leerplatform-uitgever").exists());
}

#[test]
fn a_school_whose_folder_holds_another_schools_documents_is_refused() {
    let tmp = tempfile::tempdir().unwrap();
    let a = school(tmp.path(), "a", "de-linde", "Basisschool De Linde");
    let b = school(tmp.path(), "b", "de-linde", "Kindcentrum De Linde");
    let out = tmp.path().join("out");
    succeeded(dpiagen().args(["render", "-q"]).arg(&a).arg("-o").arg(&out));
    succeeded(dpiagen().args(["packet", "-q"]).arg(&a).arg("-o").arg(&out));
    let before = files(&out.join("2026/de-linde"));
    assert!(before.len() >= 5, "{before:?}");

    for command in ["render", "packet"] {
        let run = dpiagen()
            .args([command, "--json"])
            .arg(&b)
            .arg("-o")
            .arg(&out)
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&run.stderr);
        assert_eq!(run.status.code(), Some(2), "{command}: {stderr}");
        // Located at the profile's id, naming both schools and what to do.
        let profile = b.join("organisatie.yaml");
        assert!(
            stderr.contains(&format!("{}:6", profile.display())),
            "{command}: {stderr}"
        );
        assert!(stderr.contains("Basisschool De Linde"), "{stderr}");
        assert!(stderr.contains("Kindcentrum De Linde"), "{stderr}");
        assert!(stderr.contains("`id`"), "{stderr}");
        let report: serde_json::Value = serde_json::from_slice(&run.stdout).unwrap();
        assert_eq!(report["command"], command);
        assert_eq!(report["exit_code"], 2);
        assert!(
            report["summary"]["refused"].as_u64().unwrap() >= 2,
            "{report}"
        );
        // Not a byte of the first school's documents changed.
        assert_eq!(files(&out.join("2026/de-linde")), before, "{command}");
    }
}

#[test]
fn an_unchanged_packet_is_not_typeset_again_and_reports_like_render() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    let org = examples().join("zmlk-de-vlinder");
    let packet = |extra: &[&str]| {
        let run = succeeded(
            dpiagen()
                .args(["packet", "--json"])
                .args(extra)
                .arg(&org)
                .arg("-o")
                .arg(&out),
        );
        serde_json::from_slice::<serde_json::Value>(&run.stdout).unwrap()
    };
    let first = packet(&[]);
    assert_eq!(first["summary"]["rendered"], 2, "{first}");
    let docs = &first["organisations"][0]["documents"];
    let kinds: Vec<&str> = docs
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["kind"].as_str().unwrap())
        .collect();
    assert_eq!(kinds, ["gmr-pakket", "bestuursvoorstel"]);
    let pdf = out.join("2026/so-de-vlinder/gmr-pakket.pdf");
    let bytes = fs::read(&pdf).unwrap();

    let second = packet(&[]);
    assert_eq!(second["summary"]["unchanged"], 2, "{second}");
    assert_eq!(second["summary"]["rendered"], 0, "{second}");

    // A packet damaged in place at the same length is typeset again.
    let mut damaged = bytes.clone();
    let last = damaged.len() - 10;
    damaged[last] ^= 0x55;
    fs::write(&pdf, &damaged).unwrap();
    let third = packet(&[]);
    assert_eq!(third["summary"]["rendered"], 2, "{third}");
    assert_eq!(fs::read(&pdf).unwrap(), bytes);

    let forced = packet(&["--force"]);
    assert_eq!(forced["summary"]["rendered"], 2, "{forced}");
}
