//! `dpiagen migrate`: format-1 questionnaires become format 2 by their version line alone,
//! comments kept; a folder with a broken file is left untouched; `--check` only reports.

mod common;

use common::*;
use std::fs;
use std::path::Path;

/// A copy of the Lindecollege example, written as format 1 (one file with a comment on its
/// version line).
fn format_1_copy(dir: &Path) -> std::path::PathBuf {
    let school = dir.join("lindecollege");
    fs::create_dir_all(&school).unwrap();
    for entry in fs::read_dir(examples().join("lindecollege")).unwrap() {
        let path = entry.unwrap().path();
        let text = fs::read(&path).unwrap();
        let text = String::from_utf8(text)
            .map(|t| t.replacen("\nversion: 2\n", "\nversion: 1  # eerste formaat\n", 1))
            .unwrap_or_default();
        let name = path.file_name().unwrap();
        if path.extension().is_some_and(|e| e == "yaml") {
            fs::write(school.join(name), text).unwrap();
        } else {
            fs::copy(&path, school.join(name)).unwrap();
        }
    }
    school
}

#[test]
fn migrate_changes_only_the_version_line_and_check_then_passes() {
    let dir = tempfile::tempdir().unwrap();
    let school = format_1_copy(dir.path());
    let before: Vec<(String, String)> = ["organisatie.yaml", "whatsapp-mentorgroep.yaml"]
        .iter()
        .map(|f| (f.to_string(), fs::read_to_string(school.join(f)).unwrap()))
        .collect();

    // A format-1 file still reads; `--check` reports it and changes nothing.
    dpiagen().arg("check").arg(&school).assert().success();
    dpiagen()
        .args(["migrate", "--check"])
        .arg(&school)
        .assert()
        .code(1)
        .stderr(predicates::str::contains("still format 1"));
    assert_eq!(
        fs::read_to_string(school.join("organisatie.yaml")).unwrap(),
        before[0].1
    );

    dpiagen()
        .arg("migrate")
        .arg(&school)
        .assert()
        .success()
        .stderr(predicates::str::contains(
            "migrated 4 file(s), 0 already format 2",
        ));
    for (name, old) in &before {
        let new = fs::read_to_string(school.join(name)).unwrap();
        let changed: Vec<(&str, &str)> = old
            .lines()
            .zip(new.lines())
            .filter(|(a, b)| a != b)
            .collect();
        assert_eq!(
            changed,
            [(
                "version: 1  # eerste formaat",
                "version: 2  # eerste formaat"
            )],
            "{name}"
        );
        assert_eq!(old.lines().count(), new.lines().count());
    }
    dpiagen().arg("check").arg(&school).assert().success();
    dpiagen()
        .args(["migrate", "--check"])
        .arg(&school)
        .assert()
        .success()
        .stderr(predicates::str::contains(
            "all 4 file(s) are already format 2",
        ));
}

#[test]
fn a_broken_file_stops_the_whole_migration() {
    let dir = tempfile::tempdir().unwrap();
    let school = format_1_copy(dir.path());
    fs::write(school.join("kapot.yaml"), "version: 9\nkind: activity\n").unwrap();
    let before = fs::read_to_string(school.join("organisatie.yaml")).unwrap();
    dpiagen()
        .arg("migrate")
        .arg(&school)
        .assert()
        .code(2)
        .stderr(predicates::str::contains("kapot.yaml:1:10"))
        .stderr(predicates::str::contains("unsupported format version 9"))
        .stderr(predicates::str::contains("nothing changed"));
    assert_eq!(
        fs::read_to_string(school.join("organisatie.yaml")).unwrap(),
        before
    );
}

#[test]
fn a_format_1_file_with_a_format_2_answer_is_warned_there() {
    let dir = tempfile::tempdir().unwrap();
    let school = format_1_copy(dir.path());
    // The absence report to the municipality uses `disclosures`, an answer of format 2.
    let out = dpiagen()
        .arg("check")
        .arg(school.join("verzuim-gemeente.yaml"))
        .assert()
        .success();
    let err = String::from_utf8(out.get_output().stderr.clone()).unwrap();
    assert!(
        err.contains("warning: `disclosures`: this answer belongs to format 2, but the file says `version: 1`"),
        "{err}"
    );
    assert!(err.contains("run `dpiagen migrate` on the file"), "{err}");
}
