//! Hostile input (issue 21): every case ends with exit code 0 (rendered) or 2 (a located
//! message, nothing written for that activity), never a panic, exit code 1 or a hang. Large
//! inputs are made here at run time; `bench/hostile` runs the heavy ones under a memory limit
//! and prints peak memory and time.

mod common;

use common::*;
use std::io::Read;
use std::process::{Command, Stdio};

/// Runs dpiagen with `args`, its standard output a pipe whose reader is gone before anything is
/// written (as in `dpiagen schema activity | head -0`); returns the exit code and standard
/// error.
fn with_closed_stdout(args: &[&str]) -> (Option<i32>, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_dpiagen"))
        .args(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take());
    let mut stderr = String::new();
    child
        .stderr
        .take()
        .unwrap()
        .read_to_string(&mut stderr)
        .unwrap();
    (child.wait().unwrap().code(), stderr)
}

#[test]
fn a_reader_that_stops_early_ends_the_output_quietly() {
    let examples = examples();
    let examples = examples.to_str().unwrap();
    let out = tempfile::tempdir().unwrap();
    let out = out.path().to_str().unwrap();
    for (args, code) in [
        (vec!["schema", "activity"], 0),
        (vec!["completions", "bash"], 0),
        (vec!["man"], 0),
        (vec!["check", "--json", examples], 0),
        (
            vec!["render", "--json", "--format", "typ", "-o", out, examples],
            0,
        ),
    ] {
        let (status, stderr) = with_closed_stdout(&args);
        assert_eq!(status, Some(code), "{args:?}: {stderr}");
        assert!(!stderr.contains("panicked"), "{args:?}: {stderr}");
        assert!(!stderr.contains("Broken pipe"), "{args:?}: {stderr}");
    }
}
