//! `--color auto|always|never`, `NO_COLOR` and `CLICOLOR_FORCE`, as in cargo, ripgrep and
//! typst; usage errors exit with code 2.

mod common;

use common::*;

/// `check` of a broken questionnaire with `args` and `env`; whether stderr holds ANSI colour.
fn coloured(args: &[&str], env: &[(&str, &str)]) -> bool {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("a.yaml");
    std::fs::write(&path, "version: 1\nkind: activity\nassessment: 3\n").unwrap();
    let mut cmd = dpiagen();
    cmd.env_remove("NO_COLOR").env_remove("CLICOLOR_FORCE");
    for (k, v) in env {
        cmd.env(k, v);
    }
    let out = cmd.arg("check").args(args).arg(&path).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    String::from_utf8_lossy(&out.stderr).contains('\u{1b}')
}

#[test]
fn colour_follows_the_flag_then_the_environment() {
    // Piped: plain unless forced.
    assert!(!coloured(&[], &[]));
    assert!(coloured(&["--color", "always"], &[]));
    assert!(coloured(&["--color=always"], &[("NO_COLOR", "1")]));
    assert!(!coloured(&["--color", "never"], &[("CLICOLOR_FORCE", "1")]));
    assert!(coloured(&[], &[("CLICOLOR_FORCE", "1")]));
    assert!(!coloured(&[], &[("CLICOLOR_FORCE", "0")]));
    assert!(!coloured(
        &[],
        &[("CLICOLOR_FORCE", "1"), ("NO_COLOR", "1")]
    ));
}

#[test]
fn usage_errors_exit_with_2_as_documented() {
    dpiagen()
        .args(["check", "--color", "sometimes", "x.yaml"])
        .assert()
        .code(2);
    dpiagen().args(["check", "--no-such-flag"]).assert().code(2);
    dpiagen()
        .arg("--help")
        .assert()
        .success()
        .stdout(predicates::str::contains("also a usage error"));
}
