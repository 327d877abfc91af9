//! The JSON Schemas in `schema/` match the model types, and every example questionnaire is valid
//! against the schema its first line names.

mod common;

use common::*;
use dpiagen::lang::Lang;
use dpiagen::load::FileKind;
use dpiagen::schema;
use std::fs;
use std::path::{Path, PathBuf};

const KINDS: [(FileKind, &str); 2] = [
    (FileKind::Activity, "activity"),
    (FileKind::Organisation, "organisation"),
];

fn shipped(kind: FileKind) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("schema")
        .join(schema::file_name(kind))
}

fn validator(kind: FileKind) -> jsonschema::Validator {
    let text = fs::read_to_string(shipped(kind)).unwrap();
    let schema: serde_json::Value = serde_json::from_str(&text).unwrap();
    jsonschema::validator_for(&schema).unwrap()
}

/// The YAML text as JSON, the way an editor's YAML language server sees it.
fn as_json(text: &str) -> serde_json::Value {
    serde_saphyr::from_str(text).unwrap()
}

/// Every schema error of `text` against the schema of `kind`, one per line.
fn schema_errors(kind: FileKind, text: &str) -> Vec<String> {
    let instance = as_json(text);
    validator(kind)
        .iter_errors(&instance)
        .map(|e| format!("{}: {e}", e.instance_path))
        .collect()
}

/// The shipped schema of `kind` in `lang`: English in `schema/`, Dutch in `schema/nl/`.
fn shipped_in(kind: FileKind, lang: Lang) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("schema")
        .join(schema::shipped_name(kind, lang))
}

#[test]
fn shipped_schemas_match_the_model_types() {
    for ((kind, name), lang) in KINDS
        .into_iter()
        .flat_map(|k| Lang::ALL.map(|lang| (k, lang)))
    {
        let path = shipped_in(kind, lang);
        let generated = schema::generate_in(kind, lang);
        if std::env::var_os("UPDATE_SCHEMA").is_some() {
            fs::create_dir_all(path.parent().unwrap()).unwrap();
            fs::write(&path, &generated).unwrap();
        }
        let on_disk = fs::read_to_string(&path).unwrap_or_default();
        let shipped = schema::shipped_name(kind, lang);
        assert!(
            on_disk == generated,
            "schema/{shipped} differs from the model types; regenerate it with\n  \
             cargo run --release -- schema {name} --lang {} > schema/{shipped}\n\
             or run this test with UPDATE_SCHEMA=1",
            lang.code(),
        );
    }
}

#[test]
fn schema_command_prints_the_shipped_schema() {
    for (kind, name) in KINDS {
        let run = dpiagen().args(["schema", name]).output().unwrap();
        assert!(run.status.success());
        let on_disk = fs::read_to_string(shipped(kind)).unwrap();
        assert!(
            String::from_utf8(run.stdout).unwrap() == on_disk,
            "`dpiagen schema {name}` differs from schema/{}",
            schema::file_name(kind)
        );
        let run = dpiagen()
            .args(["schema", name, "--lang", "nl"])
            .output()
            .unwrap();
        assert!(run.status.success());
        assert!(
            run.stdout == fs::read(shipped_in(kind, Lang::Nl)).unwrap(),
            "`dpiagen schema {name} --lang nl` differs from schema/nl/{}",
            schema::file_name(kind)
        );
    }
}

#[test]
fn every_example_names_its_schema_and_is_valid_against_it() {
    let mut checked = 0;
    for entry in walkdir::WalkDir::new(examples()) {
        let entry = entry.unwrap();
        let path = entry.path();
        if path.extension().and_then(|e| e.to_str()) != Some("yaml") {
            continue;
        }
        let text = fs::read_to_string(path).unwrap();
        let (kind, name) = if text.contains("\nkind: organisation\n") {
            KINDS[1]
        } else {
            KINDS[0]
        };
        let modeline = format!("# yaml-language-server: $schema=../../schema/{name}.schema.json");
        assert_eq!(
            text.lines().next(),
            Some(modeline.as_str()),
            "{} must start with the schema line",
            path.display()
        );
        let errors = schema_errors(kind, &text);
        assert!(
            errors.is_empty(),
            "{} is not valid against its schema:\n{}",
            path.display(),
            errors.join("\n")
        );
        checked += 1;
    }
    assert!(checked >= 9, "only {checked} examples found");
}

#[test]
fn schema_refuses_what_the_loader_refuses() {
    let org = fs::read_to_string(examples().join("obs-de-regenboog/organisatie.yaml")).unwrap();
    let act =
        fs::read_to_string(examples().join("obs-de-regenboog/leerplatform-uitgever.yaml")).unwrap();
    let cases = [
        (
            FileKind::Organisation,
            org.replacen("sector: po", "sector: basis", 1),
            "/sector",
        ),
        (
            FileKind::Organisation,
            org.replacen("board:", "bord:", 1),
            "",
        ),
        (
            FileKind::Activity,
            act.replacen("kind: activity", "kind: activiteit", 1),
            "/kind",
        ),
        (
            FileKind::Activity,
            act.replacen("  use: ", "  gebruik: ", 1),
            "/processing",
        ),
        (
            FileKind::Activity,
            act.replacen("  date: 2026-", "  date: 14-", 1),
            "/assessment/date",
        ),
    ];
    for (kind, text, at) in cases {
        let errors = schema_errors(kind, &text);
        assert!(
            errors.iter().any(|e| e.starts_with(&format!("{at}:"))),
            "expected an error at `{at}`, got {errors:?}"
        );
    }
}
