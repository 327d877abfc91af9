//! `dpiagen init` writes skeletons whose only errors are their open answers; answering them
//! (through the interview's write-back) makes `check` pass; `interview` refuses without a
//! terminal.

mod common;

use common::*;
use dpiagen::interview::expect::Shape;
use dpiagen::interview::{questions, read, write_answer};
use dpiagen::open;
use std::path::Path;

const KINDS: [&str; 5] = [
    "instagram",
    "whatsapp",
    "video-lessons",
    "learning-platform",
    "other",
];

/// An answer a school could give to the open question at `field`.
fn answer_for(field: &str, shape: &Shape) -> String {
    let last = field.rsplit('.').next().unwrap_or(field);
    let text = match last {
        "id" => "de-linde",
        "year" => "2026",
        "date" => "2026-09-01",
        "review" => "2027-09-01",
        "ages[0]" => "4",
        "ages[1]" => "12",
        "count" => "120",
        "likelihood" | "severity" => "2",
        "email" => "privacy@voorbeeld.nl",
        "locations[0]" => "NL",
        "applies" => "false",
        "followed" => "ja",
        "dpf_certified" | "informed_beforehand" | "covers_school_use" | "covers_platform_use" => {
            "true"
        }
        "status" => "signed",
        "basis" => "public-task",
        _ => match shape {
            Shape::Choice(values) => return values[0].0.clone(),
            // User text with everything YAML could misread: it must come back literally.
            _ => "Antwoord: #1 van 'De Linde' \"school\" - [a] {b} &c *d",
        },
    };
    text.to_string()
}

/// Answers every open question of `path` through the interview's write-back.
fn answer_all(path: &Path) {
    let (mut text, kind) = read(path).unwrap();
    loop {
        let qs = questions(&text, kind);
        let Some(q) = qs.first() else { break };
        let yaml = q
            .expect
            .encode(&answer_for(&q.open.field, &q.expect.shape))
            .unwrap_or_else(|e| panic!("{}: {e}", q.open.field));
        text = write_answer(path, &text, &q.open, &yaml).unwrap();
        assert_eq!(questions(&text, kind).len(), qs.len() - 1);
    }
}

/// The questionnaires in `dir` (not the schemas `init` writes into `.dpiagen/`).
fn questionnaires(dir: &Path) -> Vec<std::path::PathBuf> {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
        .collect()
}

/// Runs `dpiagen init organisation <dir>`.
fn init_organisation(dir: &std::path::Path) {
    dpiagen()
        .args(["init", "organisation"])
        .arg(dir)
        .assert()
        .success();
}

/// A temporary folder with a fresh organisation skeleton.
fn initialised_organisation() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    init_organisation(dir.path());
    dir
}

#[test]
fn skeletons_fail_only_on_open_answers_and_pass_once_answered() {
    let dir = tempfile::tempdir().unwrap();
    let school = dir.path().join("de-linde");
    init_organisation(&school);
    for kind in KINDS {
        dpiagen()
            .args([
                "init",
                "activity",
                &format!("act-{kind}"),
                "--kind",
                kind,
                "-d",
            ])
            .arg(&school)
            .assert()
            .success();
    }
    let out = dpiagen()
        .args(["check", "--json"])
        .arg(&school)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let diagnostics = report["diagnostics"].as_array().unwrap();
    let mut placeholders = 0;
    for path in questionnaires(&school) {
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(
            text.starts_with("# yaml-language-server: $schema="),
            "{text}"
        );
        placeholders += open::find(&text).len();
    }
    assert!(placeholders > 50);
    // Every diagnostic is an open answer, every open answer a diagnostic, each with its line.
    assert_eq!(diagnostics.len(), placeholders, "{diagnostics:#?}");
    for d in diagnostics {
        assert_eq!(d["code"], "open-answer", "{d}");
        assert_eq!(d["message"], "nog niet beantwoord");
        assert!(
            d["line"].as_u64().is_some() && d["field"].is_string(),
            "{d}"
        );
    }
    // The terminal output is a list: file:line:column, field path, question.
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(
        stderr.contains("not answered yet (nog niet beantwoord)"),
        "{stderr}"
    );
    assert!(
        stderr.contains("organisatie.yaml:9:7  name: Naam van de school"),
        "{stderr}"
    );

    // Answering everything makes the folder valid.
    for path in questionnaires(&school) {
        answer_all(&path);
    }
    let out = dpiagen().arg("check").arg(&school).output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    assert!(stderr.contains("5 valid, 0 invalid"), "{stderr}");
    // The free text came back literally, comments are kept.
    let text = std::fs::read_to_string(school.join("act-other.yaml")).unwrap();
    let value: serde_json::Value = serde_saphyr::from_str(&text).unwrap();
    assert_eq!(
        value["assessment"]["title"],
        "Antwoord: #1 van 'De Linde' \"school\" - [a] {b} &c *d"
    );
    assert!(text.contains("# Titel van de verwerking, zoals die op de documenten komt.\n"));
}

#[test]
fn init_refuses_to_overwrite_and_bad_ids() {
    let dir = tempfile::tempdir().unwrap();
    dpiagen()
        .args(["init", "activity", "app", "-d"])
        .arg(dir.path())
        .assert()
        .success();
    let path = dir.path().join("app.yaml");
    std::fs::write(&path, "version: 1\nkind: activity\n# mijn antwoorden\n").unwrap();
    dpiagen()
        .args(["init", "activity", "app", "-d"])
        .arg(dir.path())
        .assert()
        .code(2)
        .stderr(predicates::str::contains("already exists"));
    assert_eq!(
        std::fs::read_to_string(&path).unwrap(),
        "version: 1\nkind: activity\n# mijn antwoorden\n"
    );
    dpiagen()
        .args(["init", "activity", "Mijn App", "-d"])
        .arg(dir.path())
        .assert()
        .code(2)
        .stderr(predicates::str::contains("not a valid activity id"));
}

#[test]
fn interview_without_a_terminal_refuses_instead_of_hanging() {
    let dir = initialised_organisation();
    let path = dir.path().join("organisatie.yaml");
    let before = std::fs::read_to_string(&path).unwrap();
    dpiagen()
        .arg("interview")
        .arg(&path)
        .write_stdin("OBS De Linde\n")
        .timeout(std::time::Duration::from_secs(20))
        .assert()
        .code(2)
        .stderr(predicates::str::contains("terminal"));
    assert_eq!(std::fs::read_to_string(&path).unwrap(), before);
}

#[test]
fn a_complete_activity_of_an_open_profile_is_not_told_every_open_answer_again() {
    let dir = initialised_organisation();
    std::fs::copy(
        examples().join("lindecollege/whatsapp-mentorgroep.yaml"),
        dir.path().join("whatsapp-mentorgroep.yaml"),
    )
    .unwrap();
    let out = dpiagen()
        .args(["check", "--json"])
        .arg(dir.path())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    // The report keeps its documented shape, `code` included.
    let schema: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(
            Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/report.schema.json"),
        )
        .unwrap(),
    )
    .unwrap();
    let validator = jsonschema::validator_for(&schema).unwrap();
    let errors: Vec<String> = validator
        .iter_errors(&report)
        .map(|e| e.to_string())
        .collect();
    assert!(errors.is_empty(), "{errors:#?}");
    let diagnostics = report["diagnostics"].as_array().unwrap();
    let profile = std::fs::read_to_string(dir.path().join("organisatie.yaml")).unwrap();
    let open_count = open::find(&profile).len();
    let of_activity: Vec<_> = diagnostics
        .iter()
        .filter(|d| {
            d["file"]
                .as_str()
                .unwrap()
                .ends_with("whatsapp-mentorgroep.yaml")
        })
        .collect();
    assert_eq!(diagnostics.len(), open_count + 1, "{diagnostics:#?}");
    assert_eq!(of_activity.len(), 1);
    assert_eq!(of_activity[0]["field"], "organisation");
    assert!(
        of_activity[0]["message"]
            .as_str()
            .unwrap()
            .contains("has errors"),
        "{}",
        of_activity[0]
    );
}

#[test]
fn init_dpia_adds_the_dpia_questions_and_answering_them_gives_a_dpia() {
    let dir = tempfile::tempdir().unwrap();
    let school = dir.path().join("de-linde");
    init_organisation(&school);
    dpiagen()
        .args([
            "init",
            "activity",
            "platform",
            "--kind",
            "learning-platform",
            "--dpia",
            "-d",
        ])
        .arg(&school)
        .assert()
        .success();
    let path = school.join("platform.yaml");
    let text = std::fs::read_to_string(&path).unwrap();
    let open: Vec<String> = open::find(&text).into_iter().map(|o| o.field).collect();
    for field in [
        "dpia.fg_advice.date",
        "dpia.interests.school",
        "dpia.framework[0]",
        "dpia.further_use",
        "dpia.rights.automated_decisions",
        "dpia.views[0].how",
        "dpia.residual_acceptance",
    ] {
        assert!(
            open.iter().any(|f| f == field),
            "{field} is not asked: {open:?}"
        );
    }
    assert!(
        text.contains("# Waarom zijn de risico's die na de maatregelen overblijven aanvaardbaar")
    );
    for path in questionnaires(&school) {
        answer_all(&path);
    }
    let out = tempfile::tempdir().unwrap();
    succeeded(
        dpiagen()
            .args(["render", "-q"])
            .arg(&school)
            .arg("-o")
            .arg(out.path()),
    );
    assert!(out.path().join("2026/de-linde/platform/dpia.pdf").is_file());
}
