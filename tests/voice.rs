//! The command line speaks Dutch or English: `--lang`/`--taal`, else an organisation profile's
//! explicit `language`, else the locale (LC_ALL, LC_MESSAGES, LANG), else English.

mod common;

use common::*;
use std::fs;
use std::path::{Path, PathBuf};

/// A copy of the example school in a new folder, with `leerplatform-uitgever.yaml` given a
/// date `check` refuses and the profile's `language` set when `language` is given.
fn school(language: Option<&str>) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let school = dir.path().join("school");
    copy_example("obs-de-regenboog", &school);
    let activity = school.join("leerplatform-uitgever.yaml");
    let text = fs::read_to_string(&activity).unwrap();
    fs::write(&activity, text.replacen("  date: 2026-", "  date: 14-", 1)).unwrap();
    if let Some(language) = language {
        let profile = school.join("organisatie.yaml");
        let text = fs::read_to_string(&profile).unwrap();
        fs::write(&profile, format!("{text}\nlanguage: {language}\n")).unwrap();
    }
    (dir, school)
}

/// A new organisation folder whose profile still has open answers.
fn open_profile() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    succeeded(dpiagen().args(["init", "organisation"]).arg(dir.path()));
    dir
}

/// The standard error of `dpiagen check <path>` with `args` and the locale `lang`.
fn check(path: &Path, lang: &str, args: &[&str]) -> String {
    let run = dpiagen()
        .env("LANG", lang)
        .arg("check")
        .args(args)
        .arg(path)
        .output()
        .unwrap();
    assert_eq!(run.status.code(), Some(2), "{run:?}");
    String::from_utf8(run.stderr).unwrap()
}

fn assert_dutch(stderr: &str) {
    assert!(stderr.contains("fout: "), "{stderr}");
    assert!(!stderr.contains("error"), "{stderr}");
    assert!(stderr.contains(" gecontroleerd: "), "{stderr}");
}

fn assert_english(stderr: &str) {
    assert!(stderr.contains("error: "), "{stderr}");
    assert!(!stderr.contains("fout"), "{stderr}");
    assert!(stderr.contains("checked "), "{stderr}");
}

#[test]
fn a_dutch_locale_gets_dutch_open_answers_and_a_dutch_count() {
    let dir = open_profile();
    let dutch = check(dir.path(), "nl_NL.UTF-8", &[]);
    assert_dutch(&dutch);
    assert!(dutch.contains("nog niet beantwoord in"), "{dutch}");
    assert!(
        dutch.contains("= hulp: beantwoord ze met `dpiagen interview"),
        "{dutch}"
    );
    assert!(
        dutch.contains("0 activiteiten gecontroleerd: 0 geldig, 0 ongeldig; 1 organisatieprofiel: 0 geldig, 1 ongeldig"),
        "{dutch}"
    );
    let english = check(dir.path(), "C", &[]);
    assert_english(&english);
    assert!(english.contains("not answered yet"), "{english}");
    assert!(english.contains("= help: answer them with"), "{english}");
}

#[test]
fn lc_all_overrides_lang() {
    let dir = open_profile();
    let run = dpiagen()
        .env("LANG", "nl_NL.UTF-8")
        .env("LC_ALL", "C")
        .arg("check")
        .arg(dir.path())
        .output()
        .unwrap();
    assert_english(&String::from_utf8(run.stderr).unwrap());
}

#[test]
fn the_severity_word_of_a_snippet_is_relabelled() {
    let (_dir, school) = school(None);
    let dutch = check(&school, "nl_NL.UTF-8", &[]);
    assert_dutch(&dutch);
    assert!(
        dutch
            .lines()
            .any(|l| l.starts_with("fout: `assessment.date`")),
        "{dutch}"
    );
    assert!(
        dutch.contains("4 activiteiten gecontroleerd: 3 geldig, 1 ongeldig"),
        "{dutch}"
    );
    assert!(
        dutch.contains("`14-11-09` is geen datum: schrijf die als JJJJ-MM-DD"),
        "{dutch}"
    );
    let english = check(&school, "C", &[]);
    assert!(
        english
            .lines()
            .any(|l| l.starts_with("error: `assessment.date`")),
        "{english}"
    );
    assert!(english.contains("`14-11-09` is not a date"), "{english}");
}

#[test]
fn lang_and_taal_override_the_locale() {
    let dir = open_profile();
    assert_english(&check(dir.path(), "nl_NL.UTF-8", &["--lang", "en"]));
    assert_dutch(&check(dir.path(), "C", &["--taal", "nl"]));
    let run = dpiagen()
        .env("LANG", "C")
        .args(["--taal", "nl", "check"])
        .arg(dir.path())
        .output()
        .unwrap();
    assert_dutch(&String::from_utf8(run.stderr).unwrap());
}

#[test]
fn a_profile_language_beats_the_locale_and_the_flag_beats_both() {
    let (_dir, school) = school(Some("en"));
    assert_english(&check(&school, "nl_NL.UTF-8", &[]));
    assert_dutch(&check(&school, "C", &["--taal", "nl"]));
    let (_dir, school) = school_nl();
    assert_dutch(&check(&school, "C", &[]));
}

/// [`school`] with `language: nl` written out.
fn school_nl() -> (tempfile::TempDir, PathBuf) {
    school(Some("nl"))
}

#[test]
fn the_json_codes_and_messages_stay_whatever_the_voice() {
    let dir = open_profile();
    let run = dpiagen()
        .env("LANG", "nl_NL.UTF-8")
        .args(["check", "--json"])
        .arg(dir.path())
        .output()
        .unwrap();
    let report: serde_json::Value = serde_json::from_slice(&run.stdout).unwrap();
    let diagnostics = report["diagnostics"].as_array().unwrap();
    assert!(!diagnostics.is_empty());
    assert!(diagnostics.iter().all(|d| d["code"] == "open-answer"));
    assert!(diagnostics.iter().all(|d| d["severity"] == "error"));
    // The JSON keeps dpiagen's own wording whatever the voice (docs/report.schema.json).
    let (_dir, school) = school(None);
    let run = dpiagen()
        .env("LANG", "nl_NL.UTF-8")
        .args(["check", "--json"])
        .arg(&school)
        .output()
        .unwrap();
    let report: serde_json::Value = serde_json::from_slice(&run.stdout).unwrap();
    assert!(
        report["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .any(|d| d["message"].as_str().unwrap().contains("is not a date")),
        "{report:#}"
    );
}

#[test]
fn the_interview_says_in_the_voice_that_it_needs_a_terminal() {
    let dir = open_profile();
    let profile = dir.path().join("organisatie.yaml");
    for (lang, expected) in [
        (
            "nl_NL.UTF-8",
            "fout: `dpiagen interview` stelt zijn vragen in een terminal",
        ),
        (
            "C",
            "error: `dpiagen interview` asks its questions on a terminal",
        ),
    ] {
        let run = dpiagen()
            .env("LANG", lang)
            .arg("interview")
            .arg(&profile)
            .output()
            .unwrap();
        assert_eq!(run.status.code(), Some(2));
        let stderr = String::from_utf8(run.stderr).unwrap();
        assert!(stderr.contains(expected), "{lang}: {stderr}");
    }
}

/// `packet` and `register` read the profiles too: an explicit `language` sets their voice.
#[test]
fn packet_and_register_speak_the_language_of_the_profile() {
    for (language, locale, expected) in [("nl", "C", "gemaakt"), ("en", "nl_NL.UTF-8", "rendered")]
    {
        let dir = tempfile::tempdir().unwrap();
        let school = dir.path().join("school");
        copy_example("lindecollege", &school);
        let profile = school.join("organisatie.yaml");
        let text = fs::read_to_string(&profile).unwrap();
        fs::write(&profile, format!("{text}\nlanguage: {language}\n")).unwrap();
        for command in ["packet", "register"] {
            let run = dpiagen()
                .env("LANG", locale)
                .args([command, "-o"])
                .arg(dir.path().join("out"))
                .arg(&school)
                .output()
                .unwrap();
            assert_eq!(run.status.code(), Some(0), "{run:?}");
            let stderr = String::from_utf8(run.stderr).unwrap();
            assert!(stderr.contains(expected), "{command} {language}: {stderr}");
        }
    }
}

/// `--help` speaks the voice of the locale or of `--lang`/`--taal`.
#[test]
fn help_is_in_the_voice_of_the_locale_or_the_flag() {
    let help = |locale: &str, args: &[&str]| {
        let run = dpiagen().env("LANG", locale).args(args).output().unwrap();
        assert_eq!(run.status.code(), Some(0), "{run:?}");
        String::from_utf8(run.stdout).unwrap()
    };
    let dutch = help("nl_NL.UTF-8", &["check", "--help"]);
    assert!(dutch.contains("Gebruik: dpiagen check"), "{dutch}");
    assert!(
        dutch.contains("Controleer vragenlijsten zonder iets te schrijven"),
        "{dutch}"
    );
    assert!(dutch.contains("Toon deze hulp"), "{dutch}");
    let dutch = help("C", &["--taal", "nl", "--help"]);
    assert!(dutch.contains("Opdrachten:"), "{dutch}");
    let english = help("nl_NL.UTF-8", &["--lang", "en", "--help"]);
    assert!(english.contains("Usage: dpiagen"), "{english}");
    assert!(
        english.contains("Validate questionnaires without writing anything"),
        "{english}"
    );
}

/// The message and help lines of a rendered diagnostic output, without the severity word and
/// the field: what a language words.
fn worded(stderr: &str) -> Vec<String> {
    stderr
        .lines()
        .filter_map(|l| {
            let l = l.trim_start();
            let rest = ["error: ", "warning: ", "fout: ", "waarschuwing: "]
                .iter()
                .find_map(|p| l.strip_prefix(p))
                .or_else(|| {
                    ["= help: ", "= hulp: "]
                        .iter()
                        .find_map(|p| l.strip_prefix(p))
                })?;
            // `field`: message
            let rest = match rest.strip_prefix('`').and_then(|r| r.split_once("`: ")) {
                Some((_, message)) => message,
                None => rest,
            };
            Some(rest.to_string())
        })
        .collect()
}

#[test]
fn every_message_of_the_invalid_corpus_speaks_dutch() {
    let mut english = Vec::new();
    let corpus = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/invalid");
    let mut files: Vec<PathBuf> = fs::read_dir(&corpus)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
        // The valid profile the activity cases name.
        .filter(|p| !p.ends_with("organisatie.yaml"))
        .collect();
    files.sort();
    for file in files {
        let en = worded(&check(&file, "C", &[]));
        let nl = worded(&check(&file, "nl_NL.UTF-8", &[]));
        assert_eq!(en.len(), nl.len(), "{}", file.display());
        for (e, n) in en.iter().zip(&nl) {
            if e == n {
                english.push(format!(
                    "{}: {e}",
                    file.file_name().unwrap().to_string_lossy()
                ));
            }
        }
    }
    assert!(english.is_empty(), "still English:\n{}", english.join("\n"));
}

#[test]
fn usage_errors_and_clap_words_in_help_follow_the_voice() {
    let usage = |lang: &str, args: &[&str]| {
        let run = dpiagen().env("LANG", lang).args(args).output().unwrap();
        assert_eq!(run.status.code(), Some(2), "{run:?}");
        String::from_utf8(run.stderr).unwrap()
    };
    let nl = usage("nl_NL.UTF-8", &["render", "--bogus", "x"]);
    assert!(nl.contains("fout: onverwacht argument '--bogus'"), "{nl}");
    assert!(
        nl.contains("Gebruik: dpiagen render [OPTIES] <PATHS>..."),
        "{nl}"
    );
    assert!(!nl.contains("error") && !nl.contains("Usage"), "{nl}");
    let nl = usage("nl_NL.UTF-8", &["check", "--lang", "fr", "x"]);
    assert!(nl.contains("[mogelijke waarden: nl, en]"), "{nl}");
    // --taal on the command line beats the locale, as for every other message.
    let en = usage("nl_NL.UTF-8", &["--lang", "en", "render", "--bogus", "x"]);
    assert!(
        en.contains("error: unexpected argument '--bogus' found"),
        "{en}"
    );
    let en = usage("C", &["chek", "x"]);
    assert!(en.contains("error: unrecognized subcommand 'chek'"), "{en}");

    let help = dpiagen()
        .env("LANG", "nl_NL.UTF-8")
        .args(["schema", "--help"])
        .output()
        .unwrap();
    assert_eq!(help.status.code(), Some(0));
    let help = String::from_utf8(help.stdout).unwrap();
    assert!(help.contains("[standaard: auto]"), "{help}");
    assert!(help.contains("Mogelijke waarden:"), "{help}");
    assert!(
        !help.contains("[default:") && !help.to_lowercase().contains("possible values"),
        "{help}"
    );
}
