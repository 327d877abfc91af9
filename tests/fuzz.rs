//! Property-based fuzzing of the two places where arbitrary user text enters dpiagen:
//! the Markdown-to-Typst conversion and questionnaire loading.
//!
//! The number of cases per property follows `PROPTEST_CASES` (default 256, so CI stays fast);
//! CONTRIBUTING.md ("Fuzzing") says how to run longer.

// `Diagnostic` is the error of every stage, as in the library.
#![allow(clippy::result_large_err)]

use dpiagen::diagnostic::Diagnostic;
use dpiagen::load::yaml::{self, FileKind};
use dpiagen::model::{Activity, Organisation};
use dpiagen::render::markdown::to_typst;
use proptest::prelude::*;
use std::collections::HashMap;
use std::path::Path;

/// How often each ASCII letter occurs in `s`.
fn letters(s: &str) -> HashMap<char, usize> {
    let mut out = HashMap::new();
    for c in s.chars().filter(char::is_ascii_alphabetic) {
        *out.entry(c).or_insert(0) += 1;
    }
    out
}

/// Converts `md` and checks that the result is Typst without syntax errors.
fn convert(md: &str) -> Result<String, TestCaseError> {
    let typ = to_typst(md);
    let root = typst::syntax::parse(&typ);
    let (errors, _) = root.errors_and_warnings();
    prop_assert!(
        errors.is_empty(),
        "{:?}\n→ {:?}\nerrors: {:?}",
        md,
        typ,
        errors
    );
    Ok(typ)
}

/// Markdown-ish text: runs of Markdown's special characters, words and line breaks.
fn markdownish() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        "[a-zA-Z]{1,6}",
        Just(" ".to_string()),
        Just("\n".to_string()),
        Just("\n\n".to_string()),
        "[*_#>+=\\[\\]()!<>|\\\\.`~-]{1,3}",
        Just("```".to_string()),
        Just("    ".to_string()),
        Just("1. ".to_string()),
        Just("- ".to_string()),
        Just("| a | b |\n|---|---|\n".to_string()),
        Just("[x](https://voorbeeld.nl)".to_string()),
        Just("<div>".to_string()),
        Just("#read(\"/etc/passwd\")".to_string()),
        Just("{{ x }}".to_string()),
        "\\PC{1,3}",
    ];
    prop::collection::vec(piece, 0..40).prop_map(|p| p.concat())
}

/// Text with Markdown syntax but nothing that moves words out of the text: no `:` (link
/// reference definitions, URLs), no code fences (their info string becomes a language), no
/// `&` (entities).
fn wordy_markdown() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        3 => "[a-zA-Z]{1,8}",
        2 => Just(" ".to_string()),
        1 => Just("\n".to_string()),
        1 => Just("\n\n".to_string()),
        2 => "[*_#>+=\\[\\]()!<>|\\\\.-]{1,2}",
        1 => Just("    ".to_string()),
        1 => Just("- ".to_string()),
    ];
    prop::collection::vec(piece, 1..40).prop_map(|p| p.concat())
}

const KEYS: &[&str] = &[
    "version",
    "kind",
    "organisation",
    "assessment",
    "id",
    "title",
    "year",
    "date",
    "review",
    "status",
    "processing",
    "description",
    "use",
    "subjects",
    "group",
    "count",
    "ages",
    "risks",
    "likelihood",
    "severity",
    "name",
    "sector",
    "public_authority",
    "onbekend",
];

const VALUES: &[&str] = &[
    "",
    "1",
    "2",
    "-1",
    "99999999999999999999",
    "activity",
    "organisation",
    "tekst",
    "\"tekst",
    "'a''b'",
    "true",
    "yes",
    "null",
    "~",
    "2026-02-30",
    "2026-10-05",
    "[1, 2]",
    "[",
    "{a: 1}",
    "{",
    "&a x",
    "*a",
    "&b [*a, *a, *a]",
    "!include x",
    "!!binary aGk=",
    "|",
    ">-",
    "- a",
    "#read(\"/etc/passwd\")",
    "{{ x }}",
    "\t",
    "é",
    "---",
];

/// YAML-ish text: lines of `indent key: value`, with keys and values from the questionnaire
/// vocabulary and from YAML's sharp edges (anchors, tags, tabs, unclosed brackets, documents).
fn yamlish() -> impl Strategy<Value = String> {
    let line = (
        0usize..4,
        prop::sample::select(KEYS),
        prop::sample::select(VALUES),
        prop::bool::weighted(0.15),
    )
        .prop_map(|(indent, key, value, dash)| {
            let dash = if dash { "- " } else { "" };
            format!("{}{dash}{key}: {value}\n", "  ".repeat(indent))
        });
    let header = prop::sample::select(vec![
        "version: 1\nkind: activity\n",
        "version: 1\nkind: organisation\n",
        "",
    ]);
    (header, prop::collection::vec(line, 0..30))
        .prop_map(|(h, lines)| h.to_string() + &lines.concat())
}

/// A diagnostic is about the file, says something, and points inside the text when located.
fn check_diagnostic(d: &Diagnostic, path: &Path, text: Option<&str>) -> Result<(), TestCaseError> {
    prop_assert_eq!(&d.file, path);
    prop_assert!(!d.message.trim().is_empty(), "{:?}", d);
    if let (Some(line), Some(text)) = (d.line, text) {
        prop_assert!(line >= 1 && line <= text.lines().count() + 1, "{:?}", d);
    }
    Ok(())
}

/// Loads `bytes` as a questionnaire the way `load` does, in memory.
fn load(bytes: &[u8]) -> Result<(), TestCaseError> {
    let path = Path::new("fuzz.yaml");
    let text = match yaml::decode(path, bytes) {
        Ok(t) => t,
        Err(d) => return check_diagnostic(&d, path, None),
    };
    let result = yaml::header(path, &text).and_then(|kind| match kind {
        FileKind::Organisation => yaml::parse::<Organisation>(path, &text).map(|_| ()),
        FileKind::Activity => {
            let a = yaml::parse::<Activity>(path, &text)?;
            for d in dpiagen::validate::activity(
                path,
                &text,
                &a,
                dpiagen::knowledge::Knowledge::builtin(),
            ) {
                check_diagnostic(&d, path, Some(&text)).map_err(|e| {
                    Diagnostic::error(path, format!("bad validation diagnostic: {e}"))
                })?;
            }
            Ok(())
        }
    });
    if let Err(d) = result {
        check_diagnostic(&d, path, Some(&text))?;
        prop_assert!(d.line.is_some(), "not located: {:?}\n{}", d, text);
        // The message is for people: no Rust types, no parser internals.
        for internal in [
            "Option<",
            "DuplicateKeyPolicy",
            "budget breached",
            "from_str",
        ] {
            prop_assert!(!d.message.contains(internal), "{:?}", d);
        }
    }
    Ok(())
}

proptest! {
    #[test]
    fn markdown_never_panics_and_always_parses(md in markdownish()) {
        convert(&md)?;
    }

    #[test]
    fn any_unicode_markdown_parses(md in any::<String>()) {
        convert(&md)?;
    }

    #[test]
    fn markdown_keeps_every_letter(md in wordy_markdown()) {
        // Words are no unit here: Markdown joins `[A]()a` into `Aa` and puts a link's target
        // before its text. No letter may be lost, though (the calls only add letters).
        let typ = convert(&md)?;
        let after = letters(&typ);
        for (c, n) in letters(&md) {
            prop_assert!(
                after.get(&c).copied().unwrap_or(0) >= n,
                "`{}` lost: {:?} → {:?}", c, md, typ
            );
        }
    }

    #[test]
    fn loading_arbitrary_bytes_never_panics(bytes in prop::collection::vec(any::<u8>(), 0..512)) {
        load(&bytes)?;
    }

    #[test]
    fn loading_yamlish_text_gives_located_errors(text in yamlish()) {
        load(text.as_bytes())?;
    }
}
