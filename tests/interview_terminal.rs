//! `dpiagen interview` driven as a person drives it: on a pseudo-terminal, typing answers and
//! Enter, then reading the saved file back.

mod common;

use common::*;
use std::io::{Read, Write};
use std::os::fd::FromRawFd;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// Runs `dpiagen interview <path>` on a new pseudo-terminal, types `typed` into it and returns
/// the exit code and everything the terminal showed (the typed echo included).
fn interview_on_a_terminal(path: &Path, typed: &str) -> (Option<i32>, String) {
    let (mut master, mut slave) = (0, 0);
    // SAFETY: openpty writes two new file descriptors, which are owned by the files below.
    let rc = unsafe {
        libc::openpty(
            &mut master,
            &mut slave,
            std::ptr::null_mut(),
            std::ptr::null(),
            std::ptr::null(),
        )
    };
    assert_eq!(rc, 0, "openpty failed");
    // SAFETY: both descriptors were just opened and are owned by nothing else.
    let (master, slave) = unsafe {
        (
            std::fs::File::from_raw_fd(master),
            std::fs::File::from_raw_fd(slave),
        )
    };
    let mut child = Command::new(env!("CARGO_BIN_EXE_dpiagen"))
        .arg("interview")
        .arg(path)
        .env("NO_COLOR", "1")
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .env("LANG", "nl_NL.UTF-8")
        .stdin(Stdio::from(slave.try_clone().unwrap()))
        .stdout(Stdio::from(slave.try_clone().unwrap()))
        .stderr(Stdio::from(slave))
        .spawn()
        .unwrap();
    let mut reader = master.try_clone().unwrap();
    let shown = std::thread::spawn(move || {
        let mut out = Vec::new();
        let mut buf = [0u8; 4096];
        // Reading ends with an error (EIO) once the program has exited and closed the terminal.
        while let Ok(n) = reader.read(&mut buf) {
            if n == 0 {
                break;
            }
            out.extend_from_slice(&buf[..n]);
        }
        String::from_utf8_lossy(&out).into_owned()
    });
    let mut writer = master;
    writer.write_all(typed.as_bytes()).unwrap();
    let started = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if started.elapsed() > Duration::from_secs(30) {
            child.kill().unwrap();
            panic!("the interview did not finish");
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    drop(writer);
    (status.code(), shown.join().unwrap())
}

/// A copy of the Instagram example (and its profile) in a fresh folder with the answers at
/// `fields` (each `key: value` line) opened again as `<vul in>`.
fn example_with_open(lines: &[&str]) -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let school = examples().join("obs-de-regenboog");
    for name in ["organisatie.yaml", "logo.svg"] {
        if school.join(name).exists() {
            std::fs::copy(school.join(name), dir.path().join(name)).unwrap();
        }
    }
    let mut text = std::fs::read_to_string(school.join("instagram-schoolaccount.yaml")).unwrap();
    for line in lines {
        let (key, _) = line.trim().split_once(':').unwrap();
        let open = line.replacen(line.trim(), &format!("{key}: <vul in>"), 1);
        assert_eq!(text.matches(line).count(), 1, "{line}");
        text = text.replacen(line, &open, 1);
    }
    let path = dir.path().join("instagram-schoolaccount.yaml");
    std::fs::write(&path, text).unwrap();
    (dir, path)
}

fn saved(path: &Path) -> serde_json::Value {
    serde_saphyr::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

#[test]
fn typed_yes_no_and_choices_are_saved_as_typed_and_enter_skips() {
    let (_dir, path) = example_with_open(&[
        "  informed_beforehand: true\n",
        "  covers_platform_use: false\n",
        "      status: none\n",
        "    dpf_certified: true\n",
    ]);
    // An answer that is no answer is asked again; `ja`, `nee`, the first letters of a choice,
    // then Enter alone.
    let (code, shown) = interview_on_a_terminal(&path, "misschien\nja\nnee\nsig\n\n");
    assert_eq!(code, Some(0), "{shown}");
    let value = saved(&path);
    assert_eq!(value["consent"]["informed_beforehand"], true, "{shown}");
    assert_eq!(value["consent"]["covers_platform_use"], false, "{shown}");
    assert_eq!(value["vendors"][0]["agreement"]["status"], "signed");
    // Enter skipped, as announced: the answer is still open, not a default.
    assert_eq!(value["transfers"][0]["dpf_certified"], "<vul in>");
    for echo in [
        "antwoord ja (j) of nee (n)",
        "opgeslagen: ja",
        "opgeslagen: nee",
        "opgeslagen: signed",
        "overgeslagen",
        "3 beantwoord, 1 nog open",
    ] {
        assert!(shown.contains(echo), "{echo}: {shown}");
    }
}

#[test]
fn numbers_pick_a_choice_and_q_stops_keeping_what_was_saved() {
    let (_dir, path) = example_with_open(&["      status: none\n", "    dpf_certified: true\n"]);
    let (code, shown) = interview_on_a_terminal(&path, "1\nq\n");
    assert_eq!(code, Some(0), "{shown}");
    let value = saved(&path);
    let first = shown
        .lines()
        .find_map(|l| l.trim().strip_prefix("1  "))
        .unwrap_or_else(|| panic!("the choices are numbered: {shown}"));
    let first = first.split_whitespace().next().unwrap();
    assert_eq!(value["vendors"][0]["agreement"]["status"], first);
    assert_eq!(value["transfers"][0]["dpf_certified"], "<vul in>");
    assert!(shown.contains("1 beantwoord, 1 nog open"), "{shown}");
}

#[test]
fn an_id_that_is_no_id_is_asked_again() {
    let dir = tempfile::tempdir().unwrap();
    let school = dir.path().join("De Linde");
    succeeded(dpiagen().args(["init", "organisation"]).arg(&school));
    let path = school.join("organisatie.yaml");
    let (code, shown) = interview_on_a_terminal(&path, "De Linde\nde-linde\nq\n");
    assert_eq!(code, Some(0), "{shown}");
    assert!(shown.contains("`De Linde` is geen geldige id"), "{shown}");
    assert!(shown.contains("opgeslagen: de-linde"), "{shown}");
    assert_eq!(saved(&path)["id"], "de-linde");
}

#[test]
fn an_answer_that_contradicts_another_is_reported_at_once() {
    let (_dir, path) = example_with_open(&["  date: 2026-09-14\n", "  review: 2027-09-14\n"]);
    let (code, shown) = interview_on_a_terminal(&path, "2026-09-01\n2026-01-01\n");
    assert_eq!(code, Some(0), "{shown}");
    assert!(
        shown.contains(
            "de herzieningsdatum 2026-01-01 ligt niet na de beoordelingsdatum 2026-09-01"
        ),
        "{shown}"
    );
    // Reported once, after the answer that made it wrong: not after the first date alone.
    assert_eq!(shown.matches("ligt niet na").count(), 1, "{shown}");
}
