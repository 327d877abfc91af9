//! `dpiagen register` on the bundled examples: the register of processing activities per
//! organisation as xlsx (read back with calamine), CSV and PDF.

mod common;

use calamine::{Data, Reader, Xlsx};
use common::*;
use std::fs;
use std::io::Cursor;
use std::path::Path;

/// The example organisations: (folder of the questionnaires, output folder, activities).
const ORGS: [(&str, &str, usize); 4] = [
    ("obs-de-regenboog", "obs-de-regenboog", 4),
    ("zmlk-de-vlinder", "so-de-vlinder", 3),
    ("lindecollege", "lindecollege", 3),
    ("roc-de-waterlinie", "roc-de-waterlinie", 1),
];

fn register(out: &Path, args: &[&str]) -> std::process::Output {
    succeeded(
        dpiagen()
            .args(["register", "-q"])
            .args(args)
            .arg(examples())
            .arg("-o")
            .arg(out),
    )
}

/// The sheet's cells as text, the heading row first.
fn sheet(path: &Path) -> Vec<Vec<String>> {
    let mut book: Xlsx<_> = Xlsx::new(Cursor::new(fs::read(path).unwrap())).expect("an xlsx file");
    let name = book.sheet_names()[0].clone();
    let range = book.worksheet_range(&name).unwrap();
    range
        .rows()
        .map(|r| {
            r.iter()
                .map(|c| match c {
                    Data::String(s) => s.clone(),
                    other => other.to_string(),
                })
                .collect()
        })
        .collect()
}

fn column<'a>(rows: &'a [Vec<String>], heading_start: &str, row: usize) -> &'a str {
    let i = rows[0]
        .iter()
        .position(|h| h.starts_with(heading_start))
        .unwrap_or_else(|| panic!("no column `{heading_start}` in {:?}", rows[0]));
    &rows[row][i]
}

#[test]
fn each_organisation_gets_the_three_forms_with_a_row_per_activity() {
    let out = tempfile::tempdir().unwrap();
    register(out.path(), &[]);
    for (_, folder, activities) in ORGS {
        let dir = out.path().join("2026").join(folder);
        let rows = sheet(&dir.join("verwerkingsregister.xlsx"));
        assert_eq!(rows.len(), 1 + activities, "{folder}: {rows:?}");
        assert_eq!(rows[0].len(), 13);
        for heading in ["(a)", "(b)", "(c)", "(d)", "(e)", "(f)", "(g)"] {
            assert!(
                rows[0].iter().any(|h| h.ends_with(heading)),
                "{folder}: no Art. 30(1){heading} column in {:?}",
                rows[0]
            );
        }
        let csv = fs::read(dir.join("verwerkingsregister.csv")).unwrap();
        let mut reader = csv::ReaderBuilder::new()
            .delimiter(b';')
            .from_reader(&csv[3..]);
        let headings: Vec<String> = reader
            .headers()
            .unwrap()
            .iter()
            .map(str::to_string)
            .collect();
        assert_eq!(headings, rows[0], "{folder}: CSV and xlsx headings differ");
        let records: Vec<Vec<String>> = reader
            .records()
            .map(|r| r.unwrap().iter().map(str::to_string).collect())
            .collect();
        assert_eq!(records, rows[1..], "{folder}: CSV and xlsx rows differ");
        let pdf = fs::read(dir.join("verwerkingsregister.pdf")).unwrap();
        let text = join_words(&pdf_text(&pdf));
        assert!(text.contains("Verwerkingsregister 2026"), "{text}");
    }
}

#[test]
fn the_backup_row_holds_its_answers_in_the_art_30_columns() {
    let out = tempfile::tempdir().unwrap();
    register(out.path(), &[]);
    let rows = sheet(
        &out.path()
            .join("2026/obs-de-regenboog/verwerkingsregister.xlsx"),
    );
    let row = rows
        .iter()
        .position(|r| r[0] == "Versleutelde back-up in de cloud")
        .expect("the back-up activity's row");
    let controller = column(&rows, "Verwerkingsverantwoordelijke", row);
    assert!(
        controller.contains("Stichting Openbaar Onderwijs Lindegouw")
            && controller.contains("FG: Ingrid Mulder")
            && controller.contains("fg@voorbeeld.nl"),
        "{controller}"
    );
    assert!(column(&rows, "Doeleinden", row).contains("Bestanden van de school kunnen herstellen"));
    assert!(column(&rows, "Grondslag", row).contains("taak van algemeen belang"));
    let subjects = column(&rows, "Betrokkenen", row);
    assert!(
        subjects.contains("900") && subjects.contains("60"),
        "{subjects}"
    );
    assert!(column(&rows, "Persoonsgegevens", row).contains("personeelsbestanden (gevoelig)"));
    let recipients = column(&rows, "Ontvangers", row);
    assert!(
        recipients.contains("Nimbus Storage, Inc.") && recipients.contains("verwerker"),
        "{recipients}"
    );
    let transfers = column(&rows, "Doorgifte", row);
    assert!(
        transfers.contains("Verenigde Staten (US)")
            && transfers.contains("standaardcontractbepalingen"),
        "{transfers}"
    );
    assert!(column(&rows, "Bewaartermijnen", row).contains("na 90 dagen overschreven"));
    assert!(column(&rows, "Beveiligingsmaatregelen", row).contains("versleuteling"));
    assert!(column(&rows, "DPIA", row).contains("DPIA verplicht"));
    assert!(column(&rows, "Herziening", row).contains("2027"));
    assert!(
        column(&rows, "Documenten", row).contains("back-up-cloudopslag/pre-dpia.pdf"),
        "{:?}",
        rows[row]
    );
    // Every file named in the documents column is where it says, once `render` has run.
    succeeded(
        dpiagen()
            .args(["render", "-q"])
            .arg(examples())
            .arg("-o")
            .arg(out.path()),
    );
    for line in column(&rows, "Documenten", row).lines() {
        let (_, path) = line.split_once(": ").unwrap();
        assert!(
            out.path()
                .join("2026/obs-de-regenboog")
                .join(path)
                .is_file(),
            "{path}"
        );
    }
}

#[test]
fn the_same_answers_give_the_same_bytes_and_a_second_run_writes_nothing() {
    let a = tempfile::tempdir().unwrap();
    let b = tempfile::tempdir().unwrap();
    register(a.path(), &[]);
    register(b.path(), &[]);
    for (_, folder, _) in ORGS {
        for ext in ["xlsx", "csv", "pdf"] {
            let rel = format!("2026/{folder}/verwerkingsregister.{ext}");
            assert!(
                fs::read(a.path().join(&rel)).unwrap() == fs::read(b.path().join(&rel)).unwrap(),
                "{rel} differs between two runs"
            );
        }
    }
    let again = dpiagen()
        .args(["register", "--json"])
        .arg(examples())
        .arg("-o")
        .arg(a.path())
        .output()
        .unwrap();
    assert!(again.status.success());
    let report: serde_json::Value = serde_json::from_slice(&again.stdout).unwrap();
    assert_eq!(report["command"], "register");
    let documents: Vec<&serde_json::Value> = report["organisations"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|o| o["documents"].as_array().unwrap())
        .collect();
    assert_eq!(documents.len(), 12, "{report:#}");
    assert!(
        documents.iter().all(|d| d["status"] == "unchanged"),
        "{report:#}"
    );
    let schema: serde_json::Value = serde_json::from_str(
        &fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/report.schema.json"))
            .unwrap(),
    )
    .unwrap();
    let validator = jsonschema::validator_for(&schema).unwrap();
    let errors: Vec<String> = validator
        .iter_errors(&report)
        .map(|e| e.to_string())
        .collect();
    assert!(errors.is_empty(), "{errors:?}");
}

#[test]
fn english_headings_with_lang_en() {
    let out = tempfile::tempdir().unwrap();
    register(out.path(), &["--lang", "en"]);
    let rows = sheet(
        &out.path()
            .join("2026/lindecollege/verwerkingsregister.xlsx"),
    );
    assert_eq!(rows[0][0], "Processing activity");
    assert!(
        rows[0].contains(&"Retention periods (f)".to_string()),
        "{:?}",
        rows[0]
    );
    let pdf = fs::read(out.path().join("2026/lindecollege/verwerkingsregister.pdf")).unwrap();
    assert!(join_words(&pdf_text(&pdf)).contains("Register of processing activities 2026"));
}

/// A copy of the Lindecollege example in a temporary folder: (the folder, the school's folder).
fn lindecollege_copy() -> (tempfile::TempDir, std::path::PathBuf) {
    let input = tempfile::tempdir().unwrap();
    let school = input.path().join("lindecollege");
    copy_example("lindecollege", &school);
    (input, school)
}

#[test]
fn an_invalid_questionnaire_writes_no_register() {
    let (_input, school) = lindecollege_copy();
    fs::write(
        school.join("kapot.yaml"),
        "version: 1\nkind: activity\nassessment: [\n",
    )
    .unwrap();
    let out = tempfile::tempdir().unwrap();
    let run = dpiagen()
        .args(["register"])
        .arg(&school)
        .arg("-o")
        .arg(out.path())
        .output()
        .unwrap();
    assert_eq!(run.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert!(stderr.contains("no register written"), "{stderr}");
    assert!(files_below(out.path()).is_empty());
}

#[test]
fn check_names_the_answer_a_register_column_lacks() {
    let (_input, school) = lindecollege_copy();
    let profile = school.join("organisatie.yaml");
    let text = fs::read_to_string(&profile).unwrap();
    let without = text.replace("  email: fg@voorbeeld.nl\n", "");
    assert_ne!(text, without, "the profile names the FG's e-mail address");
    fs::write(&profile, without).unwrap();
    let run = dpiagen()
        .args(["check", "--json"])
        .arg(&school)
        .output()
        .unwrap();
    let report: serde_json::Value = serde_json::from_slice(&run.stdout).unwrap();
    let gap = report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["code"] == "register-incomplete")
        .unwrap_or_else(|| panic!("no register-incomplete diagnostic: {report:#}"));
    assert_eq!(gap["field"], "fg");
    assert!(gap["file"].as_str().unwrap().ends_with("organisatie.yaml"));
    assert!(gap["line"].as_u64().unwrap() > 1);
    assert!(gap["message"].as_str().unwrap().contains("Art. 30(1)(a)"));
}

#[test]
fn an_mbo_register_names_an_unnamed_learner_group_students() {
    let dir = tempfile::tempdir().unwrap();
    let college = dir.path().join("college");
    copy_example("roc-de-waterlinie", &college);
    // Without its own name, the group is worded by the labels: students in mbo.
    let activity = college.join("stageportaal.yaml");
    let text = fs::read_to_string(&activity).unwrap();
    fs::write(
        &activity,
        text.replace("    name: studenten in de bpv\n", ""),
    )
    .unwrap();
    let out = dir.path().join("out");
    succeeded(
        dpiagen()
            .args(["register", "-q"])
            .arg(&college)
            .arg("-o")
            .arg(&out),
    );
    let rows = sheet(&out.join("2026/roc-de-waterlinie/verwerkingsregister.xlsx"));
    let subjects = column(&rows, "Betrokkenen", 1);
    assert!(subjects.contains("studenten"), "{subjects}");
    assert!(!subjects.contains("leerlingen"), "{subjects}");
}
