//! The organisation `id` names output folders, so it is checked wherever a profile is read:
//! `check` of the profile alone, `packet`, the schema an editor uses, and `init`.

mod common;

use common::*;

/// The example school's folder with its profile's `id` set to `id`, without its `social_media`
/// answers (whose own checks name the id too: the id must be checked without them).
fn school_with_id(id: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let school = examples().join("obs-de-regenboog");
    for entry in std::fs::read_dir(&school).unwrap() {
        let path = entry.unwrap().path();
        std::fs::copy(&path, dir.path().join(path.file_name().unwrap())).unwrap();
    }
    let profile = dir.path().join("organisatie.yaml");
    let text = std::fs::read_to_string(&profile).unwrap();
    let line = text.lines().find(|l| l.starts_with("id:")).unwrap();
    let mut kept = Vec::new();
    let mut in_social_media = false;
    let text = text.replacen(line, &format!("id: {id}"), 1);
    for l in text.lines() {
        if l.starts_with(|c: char| c.is_ascii_alphabetic()) {
            in_social_media = l.starts_with("social_media:");
        }
        if !in_social_media {
            kept.push(l);
        }
    }
    std::fs::write(&profile, kept.join("\n") + "\n").unwrap();
    dir
}

#[test]
fn check_of_the_profile_alone_refuses_a_bad_id_with_its_line() {
    let dir = school_with_id("De Linde");
    let profile = dir.path().join("organisatie.yaml");
    let line = std::fs::read_to_string(&profile)
        .unwrap()
        .lines()
        .position(|l| l == "id: De Linde")
        .unwrap()
        + 1;
    let out = dpiagen().arg("check").arg(&profile).output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("`De Linde` is not a valid id"), "{stderr}");
    assert!(
        stderr.contains(&format!("organisatie.yaml:{line}:5")),
        "{stderr}"
    );
}

#[test]
fn packet_writes_nothing_for_a_profile_with_a_bad_id() {
    let dir = school_with_id("De Linde");
    let out = tempfile::tempdir().unwrap();
    let run = dpiagen()
        .args(["packet", "--format", "typ"])
        .arg(dir.path())
        .arg("-o")
        .arg(out.path())
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert_eq!(run.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("is not a valid id"), "{stderr}");
    assert_eq!(std::fs::read_dir(out.path()).unwrap().count(), 0);
}

#[test]
fn the_schema_gives_ids_their_pattern() {
    for (kind, pointer) in [
        ("organisation", "/properties/id/pattern"),
        ("activity", "/definitions/Assessment/properties/id/pattern"),
    ] {
        let out = succeeded(dpiagen().args(["schema", kind]));
        let schema: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        let pattern = schema
            .pointer(pointer)
            .unwrap_or_else(|| panic!("{kind}: {pointer}"));
        assert_eq!(pattern, dpiagen::interview::expect::SLUG_PATTERN);
    }
}

#[test]
fn init_takes_the_folder_name_as_id_only_when_it_is_one() {
    let dir = tempfile::tempdir().unwrap();
    for (folder, id) in [("de-linde", "de-linde"), ("De Linde", "<vul in>")] {
        succeeded(
            dpiagen()
                .args(["init", "organisation"])
                .arg(dir.path().join(folder)),
        );
        let text =
            std::fs::read_to_string(dir.path().join(folder).join("organisatie.yaml")).unwrap();
        let value: serde_json::Value = serde_saphyr::from_str(&text).unwrap();
        assert_eq!(value["id"], id, "{folder}");
    }
}
