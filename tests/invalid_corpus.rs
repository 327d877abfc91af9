//! The malformed corpus in `tests/invalid/`: every broken questionnaire is refused with exit
//! code 2 and a message that says where (`file:line:column`) and what, writes nothing, and costs
//! little time and memory. One more case, a 50 MB file, is made at run time.
//!
//! Each case is one file; `CASES` holds what its message must contain. `organisatie.yaml` is the
//! valid organisation profile the activity cases name. Run with `--nocapture` for the figures.

mod common;

use common::*;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// File, expected `file:line:column` (empty when the problem has no line), and further
/// substrings the message must contain (the field in backticks, then the message).
const CASES: &[(&str, &str, &[&str])] = &[
    (
        "alias-bomb-in-field.yaml",
        "alias-bomb-in-field.yaml:20:12",
        &[
            "`x-bomb.a4[0][0][7][7]`",
            "anchors and aliases (`&name`, `*name`) expand",
        ],
    ),
    (
        "alias-bomb.yaml",
        "alias-bomb.yaml:29:12",
        &[
            "`bomb.a4[0][0][7][7]`",
            "anchors and aliases (`&name`, `*name`) expand",
        ],
    ),
    (
        "date-dutch-order.yaml",
        "date-dutch-order.yaml:12:9",
        &[
            "`assessment.date`",
            "`05-10-2026` is not a date: write it as",
        ],
    ),
    (
        "date-february-30.yaml",
        "date-february-30.yaml:12:9",
        &[
            "`assessment.date`",
            "`2026-02-30` does not exist: month 2 of 2026",
        ],
    ),
    (
        "date-month-13.yaml",
        "date-month-13.yaml:12:9",
        &[
            "`assessment.date`",
            "`2026-13-05` has month 13: a month is 1 to 12",
        ],
    ),
    (
        "date-not-a-leap-year.yaml",
        "date-not-a-leap-year.yaml:13:11",
        &[
            "`assessment.review`",
            "`2027-02-29` does not exist: month 2 of 2027",
        ],
    ),
    (
        "date-review-before-date.yaml",
        "date-review-before-date.yaml:13:11",
        &[
            "`assessment.review`",
            "review date 2025-10-05 is not after the",
        ],
    ),
    (
        "date-fg-advice-after-assessment.yaml",
        "date-fg-advice-after-assessment.yaml:58:11",
        &[
            "`dpia.fg_advice.date`",
            "the FG's advice is dated 2026-10-19, after this assessment's date 2026-10-05",
        ],
    ),
    (
        "deep-nesting-block.yaml",
        "deep-nesting-block.yaml:47:65",
        &["mappings and lists are nested deeper than 32"],
    ),
    (
        "deep-nesting-flow.yaml",
        "deep-nesting-flow.yaml:16:46",
        &["mappings and lists are nested deeper than 32"],
    ),
    (
        "duplicate-key-nested.yaml",
        "duplicate-key-nested.yaml:8:3",
        &["`assessment`", "duplicate key `title`: it is already given"],
    ),
    (
        "duplicate-key-top.yaml",
        "duplicate-key-top.yaml:4:1",
        &["duplicate key `kind`: it is already given"],
    ),
    (
        "enum-agreement-status.yaml",
        "enum-agreement-status.yaml:36:15",
        &[
            "`vendors[0].agreement.status`",
            "unknown variant `getekend`, expected one of",
        ],
    ),
    (
        "enum-basis.yaml",
        "enum-basis.yaml:20:14",
        &[
            "`processing.purposes[0].basis`",
            "unknown variant `toestemming`, expected one of",
        ],
    ),
    (
        "enum-exception-ground.yaml",
        "enum-exception-ground.yaml:33:15",
        &[
            "`data[0].exception.ground`",
            "unknown variant `medical-need`, expected one of explicit-consent, school-guidance, law, vital-interests",
        ],
    ),
    (
        "enum-negotiated-by.yaml",
        "enum-negotiated-by.yaml:38:22",
        &[
            "`vendors[0].agreement.negotiated_by`",
            "unknown variant `kennisnet`, expected one of sivon, surf",
        ],
    ),
    (
        "enum-transfer-tools.yaml",
        "enum-transfer-tools.yaml:43:18",
        &[
            "`transfers[0].tools[1]`",
            "unknown variant `modelclausules`, expected one of adequacy, dpf",
        ],
    ),
    (
        "missing-controller-part-service.yaml",
        "missing-controller-part-service.yaml:39:9",
        &[
            "`vendors[0].controller_parts[0]`",
            "missing field `service`",
        ],
    ),
    (
        "semantic-vendor-own-use.yaml",
        "semantic-vendor-own-use.yaml:32:21",
        &[
            "`data[0].vendor_own_use`",
            "only allowed with `kind: diagnostic`",
        ],
    ),
    (
        "type-setting-applied.yaml",
        "type-setting-applied.yaml:41:18",
        &[
            "`vendors[0].settings[0].applied`",
            "`ja` is not `true` or `false`",
        ],
    ),
    (
        "type-vendor-own-use.yaml",
        "type-vendor-own-use.yaml:35:21",
        &[
            "`data[1].vendor_own_use`",
            "`soms` is not `true` or `false`",
        ],
    ),
    (
        "unknown-field-exception.yaml",
        "unknown-field-exception.yaml:34:7",
        &[
            "`data[0].exception.wet`",
            "unknown field `wet`, expected one of ground, from, law",
        ],
    ),
    (
        "enum-participation.yaml",
        "enum-participation.yaml:25:13",
        &[
            "`processing.participation.pupils`",
            "unknown variant `verplicht`, expected one of mandatory, voluntary, none",
        ],
    ),
    (
        "enum-recordings-by.yaml",
        "enum-recordings-by.yaml:26:10",
        &[
            "`processing.recordings.by[0]`",
            "unknown variant `leerkrachten`, expected one of pupils, parents, staff, other",
        ],
    ),
    (
        "missing-informed-beforehand.yaml",
        "missing-informed-beforehand.yaml:25:5",
        &[
            "`processing.information`",
            "missing field `informed_beforehand`",
        ],
    ),
    (
        "enum-disclosure-kind.yaml",
        "enum-disclosure-kind.yaml:34:11",
        &[
            "`disclosures[0].kind`",
            "unknown variant `gemeente`, expected one of municipality, ggd",
        ],
    ),
    (
        "enum-country.yaml",
        "enum-country.yaml:37:17",
        &[
            "`vendors[0].locations[0]`",
            "`Nederland` is not a country code",
        ],
    ),
    (
        "enum-country-unknown.yaml",
        "enum-country-unknown.yaml:37:17",
        &[
            "`vendors[0].locations[0]`",
            "`QQ` is not an ISO 3166-1 country code",
        ],
    ),
    (
        "enum-data-kind.yaml",
        "enum-data-kind.yaml:30:11",
        &[
            "`data[0].kind`",
            "unknown variant `gewoon`, expected one of",
        ],
    ),
    (
        "enum-group.yaml",
        "enum-group.yaml:25:12",
        &[
            "`subjects[0].group`",
            "unknown variant `kinderen`, expected one of",
        ],
    ),
    (
        "enum-kind.yaml",
        "enum-kind.yaml:3:7",
        &["`kind`", "unknown kind `school`"],
    ),
    (
        "enum-risk-kind.yaml",
        "enum-risk-kind.yaml:51:11",
        &["`risks[0].kind`", "unknown variant `hack`, expected one of"],
    ),
    (
        "enum-status.yaml",
        "enum-status.yaml:14:11",
        &[
            "`assessment.status`",
            "unknown variant `klaar`, expected one of",
        ],
    ),
    (
        "enum-use.yaml",
        "enum-use.yaml:17:8",
        &[
            "`processing.use`",
            "unknown variant `sometimes`, expected one of",
        ],
    ),
    (
        "file-binary.yaml",
        "",
        &["file is binary (it contains NUL bytes), not YAML"],
    ),
    ("file-empty.yaml", "", &["file is empty"]),
    (
        "file-latin1.yaml",
        "file-latin1.yaml:1:80",
        &["file is not valid UTF-8"],
    ),
    (
        "file-only-comments.yaml",
        "file-only-comments.yaml:1:1",
        &["`version`", "missing field `version`"],
    ),
    (
        "file-utf16.yaml",
        "",
        &["file is binary (it contains NUL bytes), not YAML"],
    ),
    (
        "missing-agreement.yaml",
        "missing-agreement.yaml:33:5",
        &["`vendors[0]`", "missing field `agreement`"],
    ),
    (
        "missing-criterion.yaml",
        "missing-criterion.yaml:39:3",
        &["`criteria`", "missing field `blocking`"],
    ),
    (
        "missing-kind.yaml",
        "missing-kind.yaml:1:1",
        &["`kind`", "missing field `kind`"],
    ),
    (
        "missing-organisation-file.yaml",
        "missing-organisation-file.yaml:4:15",
        &[
            "`organisation`",
            "organisation profile `elders.yaml` not found",
        ],
    ),
    (
        "missing-organisation-is-activity.yaml",
        "missing-organisation-is-activity.yaml:4:15",
        &[
            "`organisation`",
            "`missing-organisation-is-activity.yaml` is an",
        ],
    ),
    (
        "missing-risks.yaml",
        "missing-risks.yaml:48:1",
        &["`risks`", "missing field `risks`"],
    ),
    (
        "missing-title-empty.yaml",
        "missing-title-empty.yaml:7:10",
        &["`assessment.title`", "must not be empty"],
    ),
    (
        "missing-title-null.yaml",
        "missing-title-null.yaml:7:8",
        &["`assessment.title`", "no answer: the value is empty"],
    ),
    (
        "missing-title.yaml",
        "missing-title.yaml:6:3",
        &["`assessment`", "missing field `title`"],
    ),
    (
        "missing-version.yaml",
        "missing-version.yaml:1:1",
        &["`version`", "missing field `version`"],
    ),
    (
        "org-bool-ja.yaml",
        "org-bool-ja.yaml:9:19",
        &["`public_authority`", "`ja` is not `true` or `false`"],
    ),
    (
        "org-enum-sector.yaml",
        "org-enum-sector.yaml:6:9",
        &["`sector`", "unknown variant `basisschool`, expected one of"],
    ),
    (
        "org-council-not-of-sector.yaml",
        "org-council-not-of-sector.yaml:23:9",
        &[
            "`council.kind`",
            "`gmr` is not a participation council of the sector `mbo`",
        ],
    ),
    (
        "org-other-council-not-of-sector.yaml",
        "org-other-council-not-of-sector.yaml:26:11",
        &[
            "`other_councils[0].kind`",
            "`ondernemingsraad` is not a participation council of the sector `vo`",
        ],
    ),
    (
        "org-missing-name.yaml",
        "org-missing-name.yaml:21:1",
        &["`name`", "missing field `name`"],
    ),
    (
        "org-unknown-key.yaml",
        "org-unknown-key.yaml:8:1",
        &["`plaats`", "unknown field `plaats`, expected one of"],
    ),
    (
        "range-ages-300.yaml",
        "range-ages-300.yaml:26:15",
        &[
            "`subjects[0].ages[1]`",
            "`300` is not a whole number from 0 to 255",
        ],
    ),
    (
        "range-ages-inverted.yaml",
        "range-ages-inverted.yaml:26:11",
        &[
            "`subjects[0].ages`",
            "youngest age 12 is above oldest age 6",
        ],
    ),
    (
        "range-count-huge.yaml",
        "range-count-huge.yaml:27:12",
        &[
            "`subjects[0].count`",
            "`99999999999` is not a whole number from 0 to",
        ],
    ),
    (
        "range-likelihood-5.yaml",
        "range-likelihood-5.yaml:52:17",
        &["`risks[0].likelihood`", "5 is out of range: a score is 1"],
    ),
    (
        "range-severity-0.yaml",
        "range-severity-0.yaml:53:15",
        &["`risks[0].severity`", "0 is out of range: a score is 1"],
    ),
    (
        "range-version-3.yaml",
        "range-version-3.yaml:2:10",
        &["`version`", "unsupported format version 3"],
    ),
    (
        "range-year-1999.yaml",
        "range-year-1999.yaml:9:9",
        &["`assessment.year`", "1999 is out of range"],
    ),
    (
        "semantic-id.yaml",
        "semantic-id.yaml:6:7",
        &["`assessment.id`", "`Mijn Corpus` is not a valid id"],
    ),
    (
        "syntax-bad-indent.yaml",
        "syntax-bad-indent.yaml:7:9",
        &[
            "`assessment`",
            "mapping values are not allowed in this context",
        ],
    ),
    (
        "syntax-colon-in-value.yaml",
        "syntax-colon-in-value.yaml:7:16",
        &[
            "`assessment`",
            "mapping values are not allowed in this context",
        ],
    ),
    (
        "syntax-stray-list-item.yaml",
        "syntax-stray-list-item.yaml:24:3",
        &["while parsing a block mapping, did not find"],
    ),
    (
        "syntax-top-level-list.yaml",
        "syntax-top-level-list.yaml:1:1",
        &["expected a mapping (`key: value` lines)"],
    ),
    (
        "syntax-top-level-scalar.yaml",
        "syntax-top-level-scalar.yaml:2:1",
        &["expected a mapping (`key: value` lines)"],
    ),
    (
        "syntax-two-documents.yaml",
        "syntax-two-documents.yaml:4:1",
        &["the file holds more than one YAML document (a"],
    ),
    (
        "syntax-unclosed-flow.yaml",
        "syntax-unclosed-flow.yaml:8:10",
        &["`assessment.title`", "illegal placement of ':' indicator"],
    ),
    (
        "syntax-unclosed-quote.yaml",
        "syntax-unclosed-quote.yaml:8:13",
        &[
            "`assessment`",
            "invalid trailing content after double-quoted",
        ],
    ),
    (
        "syntax-undefined-alias.yaml",
        "syntax-undefined-alias.yaml:7:10",
        &["`assessment`", "alias references unknown anchor"],
    ),
    (
        "syntax-unknown-tag.yaml",
        "syntax-unknown-tag.yaml:7:19",
        &["`assessment`", "unsupported tag `!include`"],
    ),
    (
        "tab-in-list.yaml",
        "tab-in-list.yaml:19:1",
        &["`processing`", "tabs disallowed within this context (block"],
    ),
    (
        "tab-indent.yaml",
        "tab-indent.yaml:7:1",
        &["`assessment`", "while scanning a plain scalar, found a tab"],
    ),
    (
        "type-ages-three.yaml",
        "type-ages-three.yaml:26:5",
        &[
            "`subjects[0].ages`",
            "invalid length 3, expected a tuple of size 2",
        ],
    ),
    (
        "type-author-text.yaml",
        "type-author-text.yaml:10:11",
        &[
            "`assessment.author`",
            "expected a mapping (`key: value` lines)",
        ],
    ),
    (
        "type-bool-dutch.yaml",
        "type-bool-dutch.yaml:45:25",
        &[
            "`criteria.vulnerable.applies`",
            "`waar` is not `true` or `false`",
        ],
    ),
    (
        "type-bool-yes.yaml",
        "type-bool-yes.yaml:45:25",
        &[
            "`criteria.vulnerable.applies`",
            "`yes` is not `true` or `false`",
        ],
    ),
    (
        "type-count-fraction.yaml",
        "type-count-fraction.yaml:27:12",
        &[
            "`subjects[0].count`",
            "`20.5` is not a whole number from 0 to",
        ],
    ),
    (
        "type-count-negative.yaml",
        "type-count-negative.yaml:27:12",
        &[
            "`subjects[0].count`",
            "`-5` is not a whole number from 0 to 4294967295",
        ],
    ),
    (
        "type-count-text.yaml",
        "type-count-text.yaml:27:12",
        &[
            "`subjects[0].count`",
            "`veel` is not a whole number from 0 to",
        ],
    ),
    (
        "type-description-list.yaml",
        "type-description-list.yaml:16:16",
        &["`processing.description`", "expected text"],
    ),
    (
        "type-measures-text.yaml",
        "type-measures-text.yaml:54:15",
        &["`risks[0].measures`", "expected a list"],
    ),
    (
        "type-subjects-mapping.yaml",
        "type-subjects-mapping.yaml:25:3",
        &["`subjects`", "expected a list"],
    ),
    (
        "type-version-text.yaml",
        "type-version-text.yaml:2:10",
        &["`version`", "`een` is not a whole number"],
    ),
    (
        "type-year-text.yaml",
        "type-year-text.yaml:9:9",
        &[
            "`assessment.year`",
            "`tweeduizendzesentwintig` is not a whole number",
        ],
    ),
    (
        "unknown-key-in-list.yaml",
        "unknown-key-in-list.yaml:32:5",
        &[
            "`data[0].bewaartermijn`",
            "unknown field `bewaartermijn`, expected one of",
        ],
    ),
    (
        "unknown-key-nested.yaml",
        "unknown-key-nested.yaml:8:3",
        &[
            "`assessment.titel`",
            "unknown field `titel`, expected one of id,",
        ],
    ),
    (
        "unknown-key-top.yaml",
        "unknown-key-top.yaml:24:1",
        &["`gebruik`", "unknown field `gebruik`, expected one of"],
    ),
    (
        "unknown-key-typo.yaml",
        "unknown-key-typo.yaml:24:1",
        &["`subject`", "unknown field `subject`, expected one of"],
    ),
];

/// A case may take this long; it takes well under 100 ms (see `--nocapture`).
const MAX_TIME: Duration = Duration::from_secs(5);

/// Peak resident memory a case may use.
const MAX_RSS_KB: u64 = 100 * 1024;

fn corpus() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/invalid")
}

/// The largest peak resident set size of any child process waited for so far, in KiB
/// (getrusage(RUSAGE_CHILDREN)). An upper bound: Linux also counts what the (forked) test
/// process held when the child started.
fn children_peak_rss_kb() -> u64 {
    // SAFETY: getrusage writes one plain struct that we own and zero-initialise.
    let usage = unsafe {
        let mut usage: libc::rusage = std::mem::zeroed();
        assert_eq!(libc::getrusage(libc::RUSAGE_CHILDREN, &mut usage), 0);
        usage
    };
    u64::try_from(usage.ru_maxrss).unwrap_or(0)
}

struct Run {
    stderr: String,
    time: Duration,
}

/// Runs `dpiagen render <file> -o <fresh dir>` in `dir`; asserts exit 2 and that nothing was
/// written.
fn render_refused(dir: &Path, file: &str) -> Run {
    let out = tempfile::tempdir().unwrap();
    let start = Instant::now();
    let run = dpiagen()
        .current_dir(dir)
        .arg("render")
        .arg(file)
        .arg("-o")
        .arg(out.path().join("output"))
        .output()
        .unwrap();
    let time = start.elapsed();
    let stderr = String::from_utf8_lossy(&run.stderr).into_owned();
    assert_eq!(run.status.code(), Some(2), "{file}:\n{stderr}");
    assert!(
        files_below(out.path()).is_empty(),
        "{file} wrote {:?}",
        files_below(out.path())
    );
    Run { stderr, time }
}

#[test]
fn every_file_in_the_corpus_has_a_case() {
    let mut files: Vec<String> = std::fs::read_dir(corpus())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n != "organisatie.yaml")
        .collect();
    files.sort();
    let mut cases: Vec<String> = CASES.iter().map(|c| c.0.to_string()).collect();
    cases.sort();
    assert_eq!(files, cases);
    assert!(CASES.len() >= 50, "{} cases", CASES.len());
}

#[test]
fn every_case_is_refused_with_a_located_message() {
    let mut slowest = (Duration::ZERO, "");
    let mut failures = Vec::new();
    for (file, location, expected) in CASES {
        let run = render_refused(&corpus(), file);
        if run.time > slowest.0 {
            slowest = (run.time, file);
        }
        let head = run.stderr.lines().next().unwrap_or("");
        let want_location = if location.is_empty() {
            format!("--> {file}\n")
        } else {
            format!("--> {location}\n")
        };
        if !head.starts_with("error: ") || !run.stderr.contains(&want_location) {
            failures.push(format!(
                "{file}: want `{want_location}`, got:\n{}",
                run.stderr
            ));
        }
        for want in *expected {
            if !head.contains(want) {
                failures.push(format!("{file}: `{want}` not in `{head}`"));
            }
        }
        assert!(run.time < MAX_TIME, "{file} took {:?}", run.time);
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
    let rss = children_peak_rss_kb();
    eprintln!(
        "{} cases; slowest {:?} ({}); peak RSS of any case {} KiB",
        CASES.len(),
        slowest.0,
        slowest.1,
        rss
    );
    assert!(rss > 0 && rss < MAX_RSS_KB, "peak RSS {rss} KiB");
}

#[test]
fn a_50_mb_file_is_refused_without_reading_it() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("groot.yaml");
    // Written in pieces: the test process itself stays small, since the memory figure of a
    // child also counts what the test process had when it started the child.
    let line = "# ".to_string() + &"x".repeat(1022) + "\n";
    let mut file = std::io::BufWriter::new(std::fs::File::create(&path).unwrap());
    file.write_all(b"version: 1\nkind: activity\n").unwrap();
    for _ in 0..50 * 1024 {
        file.write_all(line.as_bytes()).unwrap();
    }
    file.into_inner().unwrap().sync_all().unwrap();
    let size = std::fs::metadata(&path).unwrap().len();
    assert!(size > 50 * 1024 * 1024);
    let run = render_refused(dir.path(), "groot.yaml");
    assert!(
        run.stderr.contains(&format!(
            "file is {size} bytes; a questionnaire is at most 1048576 bytes"
        )),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("--> groot.yaml\n"), "{}", run.stderr);
    eprintln!("50 MB file refused in {:?}", run.time);
    assert!(run.time < MAX_TIME, "took {:?}", run.time);
    let rss = children_peak_rss_kb();
    assert!(rss < MAX_RSS_KB, "peak RSS {rss} KiB");
}
