//! `check` reports the problems the given answers already decide, also while open answers
//! (`<vul in>`) remain.

mod common;

use common::*;

#[test]
fn check_reports_a_review_before_the_date_while_answers_are_open() {
    let dir = tempfile::tempdir().unwrap();
    succeeded(
        dpiagen()
            .args(["init", "activity", "app", "-d"])
            .arg(dir.path()),
    );
    let path = dir.path().join("app.yaml");
    let text = std::fs::read_to_string(&path).unwrap();
    let text = text
        .replacen("  date: <vul in>", "  date: 2026-09-01", 1)
        .replacen("  review: <vul in>", "  review: 2026-01-01", 1);
    std::fs::write(&path, &text).unwrap();
    let out = dpiagen()
        .args(["check", "--json"])
        .arg(&path)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let diagnostics = report["diagnostics"].as_array().unwrap();
    let line = text
        .lines()
        .position(|l| l == "  review: 2026-01-01")
        .unwrap()
        + 1;
    let review: Vec<_> = diagnostics
        .iter()
        .filter(|d| d["field"] == "assessment.review")
        .collect();
    assert_eq!(review.len(), 1, "{diagnostics:#?}");
    assert_eq!(review[0]["line"], line);
    assert!(
        review[0]["message"]
            .as_str()
            .unwrap()
            .contains("is not after"),
        "{}",
        review[0]
    );
    // The open answers are still listed, and nothing that depends on them is.
    assert!(diagnostics.iter().any(|d| d["code"] == "open-answer"));
    assert!(
        diagnostics
            .iter()
            .all(|d| d["code"] == "open-answer" || d["field"] == "assessment.review"),
        "{diagnostics:#?}"
    );
}
