//! `check`'s closing line counts activities and organisation profiles apart, in the singular
//! and plural, and says so when it found nothing to check.

mod common;

use common::*;

fn check_stderr(args: &[&str], path: &std::path::Path) -> (Option<i32>, String) {
    let out = dpiagen()
        .arg("check")
        .args(args)
        .arg(path)
        .output()
        .unwrap();
    (
        out.status.code(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// The Lindecollege example with only its WhatsApp activity, in a fresh folder.
fn one_activity_school() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for entry in std::fs::read_dir(examples().join("lindecollege")).unwrap() {
        let path = entry.unwrap().path();
        if path
            .file_name()
            .is_some_and(|n| n != "verzuim-gemeente.yaml" && n != "google-workspace.yaml")
        {
            std::fs::copy(&path, dir.path().join(path.file_name().unwrap())).unwrap();
        }
    }
    dir
}

#[test]
fn one_activity_and_its_profile_are_counted_apart() {
    let dir = one_activity_school();
    let (code, stderr) = check_stderr(&[], dir.path());
    assert_eq!(code, Some(0), "{stderr}");
    assert!(
        stderr.contains(
            "checked 1 activity: 1 valid, 0 invalid; 1 organisation profile: 1 valid, 0 invalid; 1 warning\n"
        ),
        "{stderr}"
    );
}

#[test]
fn an_invalid_profile_is_no_invalid_activity_more() {
    let dir = one_activity_school();
    let profile = dir.path().join("organisatie.yaml");
    let text = std::fs::read_to_string(&profile).unwrap();
    std::fs::write(&profile, text.replacen("sector: vo", "sector: xx", 1)).unwrap();
    let (code, stderr) = check_stderr(&[], dir.path());
    assert_eq!(code, Some(2), "{stderr}");
    assert!(
        stderr.contains(
            "checked 1 activity: 0 valid, 1 invalid; 1 organisation profile: 0 valid, 1 invalid"
        ),
        "{stderr}"
    );
}

#[test]
fn an_empty_folder_says_nothing_was_found() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("notes.txt"), "no questionnaire").unwrap();
    let (code, stderr) = check_stderr(&[], dir.path());
    assert_eq!(code, Some(0), "{stderr}");
    assert!(stderr.contains("warning: nothing found"), "{stderr}");
    let (code, stderr) = check_stderr(&["--strict"], dir.path());
    assert_eq!(code, Some(2), "{stderr}");
    assert!(stderr.contains("error: nothing found"), "{stderr}");
}
