//! Each kind of bad input gives a located error, exit code 2, and writes nothing.

mod common;

use common::*;
use std::fs;
use std::path::Path;

const ACTIVITY: &str = "leerplatform-uitgever.yaml";

/// A folder with the example organisation and one activity, changed by `edit`.
fn fixture(edit: impl FnOnce(String) -> String) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let src = examples().join("obs-de-regenboog");
    fs::copy(
        src.join("organisatie.yaml"),
        dir.path().join("organisatie.yaml"),
    )
    .unwrap();
    let text = fs::read_to_string(src.join(ACTIVITY)).unwrap();
    let changed = edit(text.clone());
    assert_ne!(changed, text, "the edit must change the file");
    fs::write(dir.path().join(ACTIVITY), changed).unwrap();
    dir
}

/// Renders `dir` into a fresh output folder; returns stderr, asserting exit 2 and no output.
fn render_fails(dir: &Path) -> String {
    let out = dir.join("output");
    let run = dpiagen()
        .arg("render")
        .arg(dir)
        .arg("-o")
        .arg(&out)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&run.stderr).into_owned();
    assert_eq!(run.status.code(), Some(2), "{stderr}");
    assert!(
        !out.exists() || files_below(&out).is_empty(),
        "output written: {:?}",
        files_below(&out)
    );
    stderr
}

fn expect(edit: impl FnOnce(String) -> String, line: usize, field: Option<&str>, message: &str) {
    let dir = fixture(edit);
    let stderr = render_fails(dir.path());
    let location = format!("{ACTIVITY}:{line}:");
    assert!(stderr.contains(&location), "no `{location}` in:\n{stderr}");
    if let Some(field) = field {
        assert!(
            stderr.contains(&format!("`{field}`")),
            "no field `{field}` in:\n{stderr}"
        );
    }
    assert!(stderr.contains(message), "no `{message}` in:\n{stderr}");
}

#[test]
fn yaml_syntax_error() {
    // The flow sequence opened on line 9 meets a `:` it cannot hold on line 10.
    expect(
        |t| t.replacen("  title: Digitale", "  title: [Digitale", 1),
        10,
        None,
        "error",
    );
}

#[test]
fn tab_indentation() {
    // The parser notices the tab while reading the scalar of line 9; the message points at
    // the line indented with the tab.
    expect(
        |t| t.replacen("  title: Digitale", "\ttitle: Digitale", 1),
        9,
        None,
        "tab",
    );
}

#[test]
fn wrong_type() {
    expect(
        |t| t.replacen("count: 265", "count: veel", 1),
        89,
        Some("subjects[0].count"),
        "error",
    );
}

#[test]
fn unknown_key() {
    expect(
        |t| {
            t.replacen(
                "  use: learning-platform",
                "  use: learning-platform\n  gebruik: veel",
                1,
            )
        },
        42,
        None,
        "unknown field `gebruik`",
    );
}

#[test]
fn invalid_enum_value_lists_what_is_allowed() {
    expect(
        |t| t.replacen("use: learning-platform", "use: sometimes", 1),
        41,
        Some("processing.use"),
        "school-channel",
    );
}

#[test]
fn missing_required_answer() {
    expect(
        |t| {
            t.replacen(
                "  title: Digitale oefenomgeving van Uitgeverij Voorbeeld\n",
                "",
                1,
            )
        },
        8,
        Some("assessment"),
        "missing field `title`",
    );
}

#[test]
fn date_that_does_not_exist() {
    expect(
        |t| t.replacen("date: 2026-11-09", "date: 2026-02-30", 1),
        16,
        Some("assessment.date"),
        "does not exist",
    );
}

#[test]
fn out_of_range_score() {
    expect(
        |t| t.replacen("status: concept", "status: klaar", 1),
        18,
        Some("assessment.status"),
        "vastgesteld",
    );
}

#[test]
fn semantic_error_is_located() {
    expect(
        |t| t.replacen("id: leerplatform-uitgever", "id: Leerplatform Uitgever", 1),
        8,
        Some("assessment.id"),
        "not a valid id",
    );
}

#[test]
fn missing_organisation_profile() {
    expect(
        |t| {
            t.replacen(
                "organisation: organisatie.yaml",
                "organisation: elders.yaml",
                1,
            )
        },
        5,
        Some("organisation"),
        "not found",
    );
}

#[test]
fn valid_files_still_render_and_earlier_output_survives() {
    let dir = fixture(|t| t.replacen("use: learning-platform", "use: sometimes", 1));
    let src = examples().join("obs-de-regenboog");
    fs::copy(
        src.join("instagram-schoolaccount.yaml"),
        dir.path().join("instagram-schoolaccount.yaml"),
    )
    .unwrap();
    let out = dir.path().join("output");
    // An earlier run left a document for the activity that is now invalid.
    let earlier = out.join("2026/obs-de-regenboog/leerplatform-uitgever/pre-dpia.pdf");
    fs::create_dir_all(earlier.parent().unwrap()).unwrap();
    fs::write(&earlier, b"earlier").unwrap();

    let run = dpiagen()
        .arg("render")
        .arg(dir.path())
        .arg("-o")
        .arg(&out)
        .output()
        .unwrap();
    assert_eq!(run.status.code(), Some(2));
    assert!(
        out.join("2026/obs-de-regenboog/instagram-schoolaccount/pre-dpia.pdf")
            .is_file()
    );
    assert_eq!(fs::read(&earlier).unwrap(), b"earlier");
}
