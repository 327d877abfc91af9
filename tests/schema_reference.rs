//! `init` gives a schema reference that an editor can load wherever the folder is: a copy of
//! the schemas in the organisation's folder, kept current by `dpiagen schema --write`.

mod common;

use common::*;
use std::path::Path;

/// The `$schema` path of the file at `path`, resolved against its folder.
fn schema_of(path: &Path) -> std::path::PathBuf {
    let text = std::fs::read_to_string(path).unwrap();
    let first = text.lines().next().unwrap();
    let reference = first
        .strip_prefix("# yaml-language-server: $schema=")
        .unwrap_or_else(|| panic!("{first}"));
    path.parent().unwrap().join(reference)
}

#[test]
fn a_new_school_folder_anywhere_gets_schemas_its_files_point_to() {
    let dir = tempfile::tempdir().unwrap();
    let school = dir.path().join("scholen/de-linde");
    succeeded(dpiagen().args(["init", "organisation"]).arg(&school));
    succeeded(
        dpiagen()
            .args(["init", "activity", "app", "--kind", "instagram", "-d"])
            .arg(&school),
    );
    for (file, kind) in [
        ("organisatie.yaml", "organisation"),
        ("app.yaml", "activity"),
    ] {
        let schema = schema_of(&school.join(file));
        let expected = succeeded(dpiagen().args(["schema", kind])).stdout;
        assert_eq!(
            std::fs::read(&schema).unwrap_or_else(|e| panic!("{}: {e}", schema.display())),
            expected,
            "{file}"
        );
    }
    // The copies are hidden from `check`, which still finds only the open answers.
    let out = dpiagen()
        .args(["check", "--json"])
        .arg(&school)
        .output()
        .unwrap();
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(
        report["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .all(|d| d["code"] == "open-answer"),
        "{report:#}"
    );
}

#[test]
fn schema_write_brings_old_copies_up_to_date() {
    let dir = tempfile::tempdir().unwrap();
    succeeded(dpiagen().args(["init", "organisation"]).arg(dir.path()));
    let copy = schema_of(&dir.path().join("organisatie.yaml"));
    std::fs::write(&copy, "{}").unwrap();
    succeeded(dpiagen().args(["schema", "--write"]).arg(dir.path()));
    assert_eq!(
        std::fs::read(&copy).unwrap(),
        succeeded(dpiagen().args(["schema", "organisation"])).stdout
    );
}

#[test]
fn inside_the_repository_the_shipped_schemas_are_referenced() {
    let inside = Path::new(env!("CARGO_MANIFEST_DIR")).join("target");
    std::fs::create_dir_all(&inside).unwrap();
    let dir = tempfile::Builder::new()
        .prefix("init-test")
        .tempdir_in(&inside)
        .unwrap();
    succeeded(dpiagen().args(["init", "organisation"]).arg(dir.path()));
    let schema = schema_of(&dir.path().join("organisatie.yaml"));
    assert!(schema.is_file(), "{}", schema.display());
    assert!(!dir.path().join(".dpiagen").exists());
}
