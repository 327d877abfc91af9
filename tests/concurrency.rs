//! Two runs on one output folder: the lock file makes the second wait, or give up after the
//! timeout; nothing interleaves.

mod common;

use common::*;
use dpiagen::lock::{LOCK_FILE, TIMEOUT_VAR};
use std::fs::{self, File};
use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::Duration;

const ACTIVITY: &str = "obs-de-regenboog/leerplatform-uitgever.yaml";
const PDF: &str = "2026/obs-de-regenboog/leerplatform-uitgever/pre-dpia.pdf";

fn spawn_render(out: &Path, timeout_secs: u64) -> Child {
    Command::new(env!("CARGO_BIN_EXE_dpiagen"))
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .env("LANG", "C")
        .arg("render")
        .arg(examples().join(ACTIVITY))
        .arg("-o")
        .arg(out)
        .env(TIMEOUT_VAR, timeout_secs.to_string())
        .stderr(Stdio::piped())
        .stdout(Stdio::null())
        .spawn()
        .unwrap()
}

/// Holds the output folder's lock the way another dpiagen run would.
fn hold_lock(out: &Path) -> File {
    fs::create_dir_all(out).unwrap();
    let file = File::create(out.join(LOCK_FILE)).unwrap();
    file.lock().unwrap();
    file
}

/// Sends each stderr line of `child` over a channel.
fn stderr_lines(child: &mut Child) -> mpsc::Receiver<String> {
    let stderr = child.stderr.take().unwrap();
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stderr).lines().map_while(Result::ok) {
            if tx.send(line).is_err() {
                break;
            }
        }
    });
    rx
}

#[test]
fn second_run_waits_until_the_first_releases_the_lock() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("output");
    let held = hold_lock(&out);
    let mut child = spawn_render(&out, 60);
    let lines = stderr_lines(&mut child);
    // Warnings about the questionnaire may come first; the run then says it waits.
    let waiting = std::iter::from_fn(|| lines.recv_timeout(Duration::from_secs(60)).ok())
        .find(|line| line.starts_with("waiting for another dpiagen run"));
    assert!(waiting.is_some(), "the second run says it waits");
    std::thread::sleep(Duration::from_millis(500));
    assert!(child.try_wait().unwrap().is_none(), "did not wait");
    assert!(files_below(&out).is_empty(), "{:?}", files_below(&out));
    drop(held);
    let status = child.wait().unwrap();
    assert!(status.success());
    let pdf = fs::read(out.join(PDF)).unwrap();
    assert!(pdf_pages_and_title(&pdf).0 > 0);
}

#[test]
fn second_run_gives_up_after_the_timeout_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("output");
    let _held = hold_lock(&out);
    let run = spawn_render(&out, 1).wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert_eq!(run.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("waiting for another dpiagen run"),
        "{stderr}"
    );
    assert!(
        stderr.contains("another dpiagen run is writing to this output folder"),
        "{stderr}"
    );
    assert!(files_below(&out).is_empty(), "{:?}", files_below(&out));
}

#[test]
fn two_runs_at_once_both_finish_with_whole_files() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("output");
    let a = spawn_render(&out, 120);
    let b = spawn_render(&out, 120);
    for run in [a.wait_with_output().unwrap(), b.wait_with_output().unwrap()] {
        assert!(
            run.status.success(),
            "{}",
            String::from_utf8_lossy(&run.stderr)
        );
    }
    let files = files_below(&out);
    assert!(files.contains(&Path::new(PDF).to_path_buf()), "{files:?}");
    let temporary: Vec<_> = files
        .iter()
        .filter(|f| f.extension().is_some_and(|e| e == "tmp"))
        .collect();
    assert!(temporary.is_empty(), "{temporary:?}");
    for pdf in files
        .iter()
        .filter(|f| f.extension().is_some_and(|e| e == "pdf"))
    {
        let bytes = fs::read(out.join(pdf)).unwrap();
        assert!(pdf_pages_and_title(&bytes).0 > 0, "{}", pdf.display());
    }
}
