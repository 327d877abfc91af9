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
        // A new profile is Dutch, and so are the descriptions an editor shows.
        let expected = succeeded(dpiagen().args(["schema", kind, "--lang", "nl"])).stdout;
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
        succeeded(dpiagen().args(["schema", "organisation", "--lang", "nl"])).stdout
    );
}

/// The `description` of the top-level `language` key in the schema at `path`.
fn language_description(path: &Path) -> String {
    let schema: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    schema["properties"]["language"]["description"]
        .as_str()
        .unwrap()
        .to_string()
}

#[test]
fn a_dutch_organisation_gets_dutch_descriptions_and_an_english_one_english() {
    let dir = tempfile::tempdir().unwrap();
    succeeded(dpiagen().args(["init", "organisation"]).arg(dir.path()));
    let profile = dir.path().join("organisatie.yaml");
    let copy = schema_of(&profile);
    assert!(
        language_description(&copy).starts_with("Taal van de documenten"),
        "{}",
        language_description(&copy)
    );
    // The school switches its profile to English: `schema --write` follows, under the same
    // file names, and so does the next activity's schema.
    let text = std::fs::read_to_string(&profile).unwrap();
    std::fs::write(&profile, format!("{text}\nlanguage: en\n")).unwrap();
    succeeded(dpiagen().args(["schema", "--write"]).arg(dir.path()));
    assert!(language_description(&copy).starts_with("Language of the documents"));
    succeeded(
        dpiagen()
            .args(["init", "activity", "app", "-d"])
            .arg(dir.path()),
    );
    let activity = schema_of(&dir.path().join("app.yaml"));
    let schema: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&activity).unwrap()).unwrap();
    assert!(
        schema["title"]
            .as_str()
            .unwrap()
            .starts_with("dpiagen questionnaire")
    );
    assert_eq!(copy, schema_of(&profile), "the reference does not change");
    // --lang overrides the profile.
    succeeded(
        dpiagen()
            .args(["schema", "--lang", "nl", "--write"])
            .arg(dir.path()),
    );
    assert!(language_description(&copy).starts_with("Taal van de documenten"));
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
    assert!(
        schema.parent().unwrap().ends_with("schema/nl"),
        "a Dutch profile refers to the Dutch set: {}",
        schema.display()
    );
    assert!(!dir.path().join(".dpiagen").exists());
}
