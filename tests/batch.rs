//! The yearly batch: parallel equals serial, incremental re-runs, the JSON report, shards,
//! years and strictness.

mod common;

use common::*;
use serde_json::Value;
use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

/// A fixed "today" for the lifecycle checks (2026-11-23), so warnings don't depend on the clock.
const TODAY: &str = "1795392000";

/// Copies the examples into a fresh folder the test may change.
fn examples_copy() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for entry in walkdir::WalkDir::new(examples()) {
        let entry = entry.unwrap();
        let rel = entry.path().strip_prefix(examples()).unwrap();
        let to = dir.path().join(rel);
        if entry.file_type().is_dir() {
            fs::create_dir_all(&to).unwrap();
        } else {
            fs::copy(entry.path(), &to).unwrap();
        }
    }
    dir
}

/// Runs `render --json` and returns (exit code, report).
fn render_json(input: &Path, out: &Path, extra: &[&str], threads: Option<&str>) -> (i32, Value) {
    let mut cmd = dpiagen();
    cmd.env("SOURCE_DATE_EPOCH", TODAY)
        .args(["-q", "render", "--json"])
        .args(extra)
        .arg(input)
        .arg("-o")
        .arg(out);
    if let Some(t) = threads {
        cmd.env("RAYON_NUM_THREADS", t);
    }
    let output = cmd.output().unwrap();
    let report: Value = serde_json::from_slice(&output.stdout).unwrap_or_else(|e| {
        panic!(
            "stdout is JSON ({e}); stderr: {}",
            String::from_utf8_lossy(&output.stderr)
        )
    });
    (output.status.code().unwrap_or(-1), report)
}

/// Document statuses of a report, activities' and organisations': path (relative to `out`) →
/// status.
fn statuses(report: &Value, out: &Path) -> BTreeMap<PathBuf, String> {
    let activities = report["activities"].as_array().unwrap().iter();
    let organisations = report["organisations"].as_array().unwrap().iter();
    activities
        .chain(organisations)
        .flat_map(|a| a["documents"].as_array().unwrap().iter())
        .map(|d| {
            let path = PathBuf::from(d["path"].as_str().unwrap());
            (
                path.strip_prefix(out).unwrap().to_path_buf(),
                d["status"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

/// Modification times of every file below `dir`.
fn mtimes(dir: &Path) -> Vec<std::time::SystemTime> {
    files_below(dir)
        .into_iter()
        .map(|f| fs::metadata(dir.join(f)).unwrap().modified().unwrap())
        .collect()
}

/// Bytes of every file below `dir`; of a manifest, without the files' modification times it
/// records (which differ between two runs that write the same bytes).
fn tree(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    files_below(dir)
        .into_iter()
        .map(|rel| {
            let bytes = comparable(&rel, fs::read(dir.join(&rel)).unwrap());
            (rel, bytes)
        })
        .collect()
}

#[test]
fn parallel_equals_serial_and_a_second_run_typesets_nothing() {
    let (parallel, serial) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let (code, first) = render_json(&examples(), parallel.path(), &[], None);
    assert_eq!(code, 0, "{first}");
    let (code, _) = render_json(&examples(), serial.path(), &[], Some("1"));
    assert_eq!(code, 0);
    let (p, s) = (tree(parallel.path()), tree(serial.path()));
    assert_eq!(
        p.keys().collect::<Vec<_>>(),
        s.keys().collect::<Vec<_>>(),
        "same files"
    );
    for (path, bytes) in &p {
        assert!(&s[path] == bytes, "{} differs", path.display());
    }
    let docs = statuses(&first, parallel.path());
    assert!(docs.len() >= 4, "{docs:?}");
    assert!(docs.values().all(|s| s == "rendered"), "{docs:?}");

    let (code, second) = render_json(&examples(), parallel.path(), &[], None);
    assert_eq!(code, 0);
    assert_eq!(second["summary"]["rendered"], 0, "{}", second["summary"]);
    assert_eq!(second["summary"]["unchanged"], docs.len());
    assert_eq!(tree(parallel.path()), p, "a no-op run changes no byte");

    let (_, forced) = render_json(&examples(), parallel.path(), &["--force"], None);
    assert_eq!(forced["summary"]["rendered"], docs.len());
    assert_eq!(
        tree(parallel.path()),
        p,
        "a forced run gives the same bytes"
    );
}

#[test]
fn changing_one_answer_re_renders_only_that_activity() {
    let input = examples_copy();
    let out = tempfile::tempdir().unwrap();
    let (code, _) = render_json(input.path(), out.path(), &[], None);
    assert_eq!(code, 0);

    let file = input
        .path()
        .join("obs-de-regenboog/leerplatform-uitgever.yaml");
    let text = fs::read_to_string(&file).unwrap();
    let edited = text.replacen("  version: ", "  version: 9", 1);
    assert_ne!(text, edited);
    fs::write(&file, edited).unwrap();

    let (code, report) = render_json(input.path(), out.path(), &[], None);
    assert_eq!(code, 0);
    let docs = statuses(&report, out.path());
    for (path, status) in &docs {
        // The school's code of conduct covers all its activities, so it follows them.
        let expected = if path.starts_with("2026/obs-de-regenboog/leerplatform-uitgever")
            || path == Path::new("2026/obs-de-regenboog/gedragscode-sociale-media.pdf")
        {
            "rendered"
        } else {
            "unchanged"
        };
        assert_eq!(status, expected, "{}", path.display());
    }
    assert!(docs.values().any(|s| s == "rendered"));

    // A deleted document is made again even though its inputs did not change.
    let victim = out
        .path()
        .join("2026/obs-de-regenboog/videolessen-thuis/pre-dpia.pdf");
    fs::remove_file(&victim).unwrap();
    let (_, report) = render_json(input.path(), out.path(), &[], None);
    assert_eq!(
        statuses(&report, out.path())
            [Path::new("2026/obs-de-regenboog/videolessen-thuis/pre-dpia.pdf")],
        "rendered"
    );
    assert!(victim.is_file());
}

#[test]
fn the_json_report_follows_its_documented_schema() {
    let schema: Value = serde_json::from_str(
        &fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/report.schema.json"))
            .unwrap(),
    )
    .unwrap();
    let validator = jsonschema::validator_for(&schema).expect("the schema is valid");

    // A render with an invalid questionnaire beside the valid ones, and a check.
    let input = examples_copy();
    fs::write(
        input.path().join("obs-de-regenboog/kapot.yaml"),
        "version: 1\nkind: activity\nassessment: [\n",
    )
    .unwrap();
    let out = tempfile::tempdir().unwrap();
    let (code, report) = render_json(input.path(), out.path(), &[], None);
    assert_eq!(code, 2);
    let errors: Vec<String> = validator
        .iter_errors(&report)
        .map(|e| e.to_string())
        .collect();
    assert!(errors.is_empty(), "{errors:?}\n{report:#}");
    assert_eq!(report["exit_code"], 2);
    assert_eq!(report["summary"]["invalid"], 1);
    let broken = report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["severity"] == "error")
        .expect("the syntax error is reported");
    assert!(broken["file"].as_str().unwrap().ends_with("kapot.yaml"));
    assert!(broken["line"].as_u64().is_some(), "{broken}");
    let verdicts: Vec<&Value> = report["activities"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| &a["verdicts"]["advice"])
        .collect();
    assert!(
        verdicts.contains(&&Value::from("do-not-use")),
        "{verdicts:?}"
    );

    let output = dpiagen()
        .env("SOURCE_DATE_EPOCH", TODAY)
        .args(["-q", "check", "--json"])
        .arg(examples())
        .output()
        .unwrap();
    let check: Value = serde_json::from_slice(&output.stdout).unwrap();
    assert!(validator.is_valid(&check), "{check:#}");
    assert_eq!(check["command"], "check");
    assert_eq!(check["summary"]["rendered"], 0);

    // The packet reports in the same shape.
    let output = dpiagen()
        .args(["-q", "packet", "--json"])
        .arg(examples().join("zmlk-de-vlinder"))
        .arg("-o")
        .arg(out.path())
        .output()
        .unwrap();
    let packet: Value = serde_json::from_slice(&output.stdout).unwrap();
    let errors: Vec<String> = validator
        .iter_errors(&packet)
        .map(|e| e.to_string())
        .collect();
    assert!(errors.is_empty(), "{errors:?}\n{packet:#}");
    assert_eq!(packet["command"], "packet");
    assert_eq!(packet["summary"]["rendered"], 2);
}

#[test]
fn shards_split_the_activities_without_overlap() {
    let out = tempfile::tempdir().unwrap();
    let (_, all) = render_json(&examples(), out.path(), &["--format", "typ"], None);
    let all = statuses(&all, out.path());
    let mut seen = BTreeMap::new();
    for shard in ["1/3", "2/3", "3/3"] {
        let out = tempfile::tempdir().unwrap();
        let (code, report) = render_json(
            &examples(),
            out.path(),
            &["--format", "typ", "--shard", shard],
            None,
        );
        assert_eq!(code, 0);
        for path in statuses(&report, out.path()).into_keys() {
            assert!(seen.insert(path, shard).is_none(), "in two shards");
        }
    }
    assert_eq!(
        seen.keys().collect::<Vec<_>>(),
        all.keys().collect::<Vec<_>>()
    );

    dpiagen()
        .args(["render", "--shard", "4/3"])
        .arg(examples())
        .assert()
        .code(2)
        .stderr(predicates::str::contains("1 ≤ K ≤ N"));
}

#[test]
fn a_new_year_leaves_earlier_years_untouched_and_lists_what_changed() {
    let input = examples_copy();
    let out = tempfile::tempdir().unwrap();
    let (code, _) = render_json(input.path(), out.path(), &[], None);
    assert_eq!(code, 0);
    let before = tree(&out.path().join("2026"));
    let before_mtimes = mtimes(&out.path().join("2026"));

    // Next year: new year, dates, review; one answer changed.
    for file in files_below(input.path()) {
        let path = input.path().join(&file);
        let text = fs::read_to_string(&path).unwrap();
        let text = text
            .replace("  year: 2026", "  year: 2027")
            .replace("  date: 2026-", "  date: 2027-")
            .replace("  review: 2027-", "  review: 2028-")
            .replace("    count: 410", "    count: 432");
        fs::write(&path, text).unwrap();
    }
    let (code, report) = render_json(input.path(), out.path(), &["--year", "2027"], None);
    assert_eq!(code, 0, "{report}");
    assert_eq!(tree(&out.path().join("2026")), before);
    let mtimes_after = mtimes(&out.path().join("2026"));
    assert_eq!(
        before_mtimes, mtimes_after,
        "earlier year's files not even rewritten"
    );

    let pdf = fs::read(
        out.path()
            .join("2027/obs-de-regenboog/instagram-schoolaccount/pre-dpia.pdf"),
    )
    .unwrap();
    let text = pdf_text(&pdf);
    assert!(text.contains("Wijzigingen sinds vorig jaar"));
    assert!(
        text.contains("Vergeleken met de beoordeling van 2026"),
        "{text}"
    );
    assert!(
        text.contains("410") && text.contains("432"),
        "the changed count is listed"
    );
    // By its question and the group it belongs to, never by a field path; the assessment's
    // own date, year and review date are no change of the processing.
    let start = text.rfind("Wijzigingen sinds vorig jaar").unwrap();
    let section = &text[start..start + text[start..].find("Besluit").unwrap()];
    assert!(section.contains("Aantal betrokkenen ("), "{section}");
    assert!(!section.contains("subjects["), "{section}");
    assert!(!section.contains("assessment."), "{section}");
    assert!(!section.contains("2028"), "review date listed: {section}");

    // --year picks one year out of a mixed folder.
    let (_, report) = render_json(input.path(), out.path(), &["--year", "2031"], None);
    assert_eq!(report["summary"]["rendered"], 0);
    assert_eq!(
        report["summary"]["skipped"], report["summary"]["valid"],
        "{report}"
    );
}

#[test]
fn strict_turns_concept_and_passed_reviews_into_errors() {
    let out = tempfile::tempdir().unwrap();
    // The examples are still `concept`.
    let (code, report) = render_json(&examples(), out.path(), &["--strict"], None);
    assert_eq!(code, 2);
    assert_eq!(report["summary"]["valid"], 0);
    assert!(files_below(out.path()).is_empty(), "nothing written");

    let (code, report) = render_json(&examples(), out.path(), &[], None);
    assert_eq!(code, 0);
    let fields: Vec<&str> = report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["severity"] == "warning")
        .filter_map(|d| d["field"].as_str())
        .collect();
    assert!(fields.contains(&"assessment.status"), "{fields:?}");
    assert!(!fields.contains(&"assessment.review"), "reviews lie ahead");

    // Years later, every review date has passed.
    let later = dpiagen()
        .env("SOURCE_DATE_EPOCH", "1900000000")
        .args(["-q", "check", "--json"])
        .arg(examples())
        .output()
        .unwrap();
    let report: Value = serde_json::from_slice(&later.stdout).unwrap();
    assert!(
        report["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .any(|d| d["field"] == "assessment.review" && d["severity"] == "warning"),
        "{report:#}"
    );
}

#[cfg(unix)]
#[test]
fn hidden_files_other_files_and_symlink_loops_are_skipped() {
    let input = examples_copy();
    let school = input.path().join("obs-de-regenboog");
    fs::write(school.join(".concept.yaml"), "not: [a questionnaire").unwrap();
    fs::write(school.join("notities.txt"), "assessment: [").unwrap();
    fs::create_dir(school.join(".git")).unwrap();
    fs::write(school.join(".git/config.yaml"), "broken: [").unwrap();
    // A loop back to the top, and a second name for a folder already read.
    std::os::unix::fs::symlink(input.path(), school.join("lus")).unwrap();
    std::os::unix::fs::symlink(&school, input.path().join("regenboog-link")).unwrap();

    let output = dpiagen()
        .env("SOURCE_DATE_EPOCH", TODAY)
        .args(["-q", "check", "--json"])
        .arg(input.path())
        .output()
        .unwrap();
    let report: Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(output.status.code(), Some(0), "{report:#}");
    let plain = dpiagen()
        .env("SOURCE_DATE_EPOCH", TODAY)
        .args(["-q", "check", "--json"])
        .arg(examples())
        .output()
        .unwrap();
    let plain: Value = serde_json::from_slice(&plain.stdout).unwrap();
    assert_eq!(report["summary"]["valid"], plain["summary"]["valid"]);
    assert_eq!(report["summary"]["errors"], 0);
}
