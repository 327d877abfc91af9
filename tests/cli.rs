//! Command-line conventions: --version, --help with examples, completions, the manual page,
//! and -q/-v.

mod common;

use common::*;
use predicates::prelude::*;

#[test]
fn version_names_the_tool_and_its_version() {
    dpiagen()
        .arg("--version")
        .assert()
        .success()
        .stdout(format!("dpiagen {}\n", env!("CARGO_PKG_VERSION")));
}

#[test]
fn help_shows_examples_exit_codes_and_every_subcommand() {
    let assert = dpiagen().arg("--help").assert().success();
    let out = String::from_utf8(assert.get_output().stdout.clone()).unwrap();
    for needle in [
        "Examples:",
        "dpiagen check questionnaires/",
        "Exit codes:",
        "--verbose",
        "--quiet",
        "--lang en",
        "dpiagen templates export",
        "--templates",
    ] {
        assert!(out.contains(needle), "no `{needle}` in:\n{out}");
    }
    for sub in [
        "check",
        "render",
        "templates",
        "schema",
        "completions",
        "man",
    ] {
        assert!(
            out.lines().any(|l| l.trim_start().starts_with(sub)),
            "subcommand `{sub}` not listed in:\n{out}"
        );
    }
}

#[test]
fn completions_for_each_shell_know_the_subcommands() {
    for (shell, marker) in [
        ("bash", "_dpiagen()"),
        ("zsh", "#compdef dpiagen"),
        ("fish", "complete -c dpiagen"),
        ("elvish", "edit:completion:arg-completer[dpiagen]"),
        ("powershell", "Register-ArgumentCompleter"),
    ] {
        let assert = dpiagen().args(["completions", shell]).assert().success();
        let script = String::from_utf8(assert.get_output().stdout.clone()).unwrap();
        assert!(script.contains(marker), "{shell}: no `{marker}`");
        for sub in ["render", "schema", "strict"] {
            assert!(script.contains(sub), "{shell}: no `{sub}`");
        }
    }
}

#[test]
fn completions_refuse_an_unknown_shell() {
    dpiagen()
        .args(["completions", "cmd.exe"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("possible values"));
}

#[test]
fn man_page_is_roff_with_the_subcommands_and_examples() {
    let assert = dpiagen().arg("man").assert().success();
    let page = String::from_utf8(assert.get_output().stdout.clone()).unwrap();
    assert!(page.starts_with(".ie \\n(.g .ds Aq"), "{}", &page[..80]);
    assert!(page.contains(".TH dpiagen 1"), "no title line");
    for needle in [
        "render",
        "completions",
        "Exit codes",
        "\\-\\-quiet",
        "\\-\\-lang en",
        "templates export",
    ] {
        assert!(page.contains(needle), "no `{needle}` in the manual page");
    }
}

#[test]
fn quiet_and_verbose_cannot_be_combined() {
    dpiagen()
        .args(["-q", "-v", "check"])
        .arg(examples())
        .assert()
        .code(2)
        .stderr(predicate::str::contains("cannot be used with"));
}

#[test]
fn quiet_and_verbose_are_offered_only_where_they_mean_something() {
    let help = |args: &[&str]| {
        let out = dpiagen().args(args).arg("--help").output().unwrap();
        String::from_utf8(out.stdout).unwrap()
    };
    for command in ["check", "render", "packet", "register"] {
        let text = help(&[command]);
        assert!(
            text.contains("--quiet") && text.contains("--verbose"),
            "{command}: {text}"
        );
    }
    for command in [
        &["init", "organisation"][..],
        &["templates", "export"],
        &["schema"],
    ] {
        let text = help(command);
        assert!(text.contains("--quiet"), "{command:?}: {text}");
        assert!(!text.contains("--verbose"), "{command:?}: {text}");
    }
    for command in ["interview", "man", "completions"] {
        let text = help(&[command]);
        assert!(
            !text.contains("--quiet") && !text.contains("--verbose"),
            "{command}: {text}"
        );
    }
    // Where they mean nothing they are refused, as any unknown option.
    dpiagen()
        .args(["interview", "-q", "x.yaml"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("unexpected argument"));
    // Before the command they still work, as they did.
    dpiagen()
        .args(["-q", "check"])
        .arg(examples())
        .assert()
        .success()
        .stderr("");
}

#[test]
fn verbose_names_each_valid_questionnaire_and_quiet_prints_nothing() {
    let verbose = dpiagen()
        .args(["check", "-v"])
        .arg(examples())
        .assert()
        .success();
    let err = String::from_utf8(verbose.get_output().stderr.clone()).unwrap();
    assert_eq!(err.matches("valid: ").count(), 11, "{err}");
    assert!(err.contains("leerplatform-uitgever.yaml"), "{err}");

    let normal = dpiagen().arg("check").arg(examples()).assert().success();
    let err = String::from_utf8(normal.get_output().stderr.clone()).unwrap();
    assert!(!err.contains("valid: "), "{err}");
    assert!(err.contains("checked 11 activities"), "{err}");

    dpiagen()
        .args(["check", "--quiet"])
        .arg(examples())
        .assert()
        .success()
        .stderr("");
}

#[test]
fn errors_show_the_line_with_a_caret_and_no_colour_when_piped() {
    let dir = tempfile::tempdir().unwrap();
    let src = examples().join("obs-de-regenboog");
    std::fs::copy(
        src.join("organisatie.yaml"),
        dir.path().join("organisatie.yaml"),
    )
    .unwrap();
    let text = std::fs::read_to_string(src.join("leerplatform-uitgever.yaml")).unwrap();
    std::fs::write(
        dir.path().join("leerplatform-uitgever.yaml"),
        text.replacen("use: learning-platform", "use: sometimes", 1),
    )
    .unwrap();
    for no_color in [None, Some("1")] {
        let mut cmd = dpiagen();
        cmd.arg("check").arg(dir.path());
        if let Some(v) = no_color {
            cmd.env("NO_COLOR", v);
        }
        let assert = cmd.assert().code(2);
        let err = String::from_utf8(assert.get_output().stderr.clone()).unwrap();
        assert!(!err.contains('\x1b'), "escape sequence in:\n{err}");
        assert!(
            err.contains("error: `processing.use`: unknown variant `sometimes`"),
            "{err}"
        );
        assert!(err.contains("leerplatform-uitgever.yaml:41:8\n"), "{err}");
        assert!(err.contains("41 |   use: sometimes\n"), "{err}");
        assert!(err.contains("   |        ^^^^^^^^^\n"), "{err}");
        assert!(err.contains("   = help: "), "{err}");
    }
}

#[test]
fn render_and_packet_take_a_language_and_a_template_folder() {
    for sub in ["render", "packet"] {
        let assert = dpiagen().args([sub, "--help"]).assert().success();
        let out = String::from_utf8(assert.get_output().stdout.clone()).unwrap();
        for needle in ["--lang <LANG>", "- en: English", "--templates <DIR>"] {
            assert!(out.contains(needle), "{sub}: no `{needle}` in:\n{out}");
        }
    }
    let assert = dpiagen()
        .args(["templates", "export", "--help"])
        .assert()
        .success();
    let out = String::from_utf8(assert.get_output().stdout.clone()).unwrap();
    assert!(out.contains("--force") && out.contains("<DIR>"), "{out}");
}
