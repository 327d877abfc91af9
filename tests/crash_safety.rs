//! A run killed at any moment (SIGKILL: no chance to clean up) leaves every document complete,
//! the previous run's documents intact, and a manifest that never claims a stale document is
//! current.

mod common;

use common::*;
use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::time::{Duration, Instant};

/// A fixed "today" for the lifecycle checks.
const TODAY: &str = "1795392000";

fn copy_tree(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.unwrap();
        let target = to.join(entry.path().strip_prefix(from).unwrap());
        if entry.file_type().is_dir() {
            fs::create_dir_all(&target).unwrap();
        } else {
            fs::copy(entry.path(), &target).unwrap();
        }
    }
}

fn render(input: &Path, out: &Path) -> std::process::Command {
    let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_dpiagen"));
    cmd.env("SOURCE_DATE_EPOCH", TODAY)
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .env("LANG", "C")
        .args(["-q", "render"])
        .arg(input)
        .arg("-o")
        .arg(out)
        .stdout(Stdio::null())
        .stderr(Stdio::null());
    cmd
}

/// The PDFs below `dir`, by relative path.
fn pdfs(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    files_below(dir)
        .into_iter()
        .filter(|f| f.extension().is_some_and(|e| e == "pdf"))
        .map(|f| {
            let bytes = fs::read(dir.join(&f)).unwrap();
            (f, bytes)
        })
        .collect()
}

#[cfg(unix)]
#[test]
fn a_killed_run_leaves_complete_documents_and_a_truthful_manifest() {
    // Last year's state of the output: a complete run on the examples as they are.
    let input = tempfile::tempdir().unwrap();
    copy_tree(&examples(), input.path());
    let before = tempfile::tempdir().unwrap();
    assert!(
        render(input.path(), before.path())
            .status()
            .unwrap()
            .success()
    );
    let old = pdfs(before.path());

    // This run changes every activity (a new version), so every document is rewritten.
    for file in files_below(input.path()) {
        let path = input.path().join(file);
        let text = fs::read_to_string(&path).unwrap();
        fs::write(&path, text.replace("  version: \"", "  version: \"9.")).unwrap();
    }
    let reference = tempfile::tempdir().unwrap();
    copy_tree(before.path(), reference.path());
    let started = Instant::now();
    assert!(
        render(input.path(), reference.path())
            .status()
            .unwrap()
            .success()
    );
    let full = started.elapsed();
    let new = pdfs(reference.path());
    assert_eq!(
        old.keys().collect::<Vec<_>>(),
        new.keys().collect::<Vec<_>>()
    );
    let differing = old.iter().filter(|(k, v)| new[*k] != **v).count();
    assert!(
        differing > old.len() / 2,
        "the second run rewrites documents"
    );

    // Kill points spread over the run (a fixed sequence, so a failure can be replayed).
    let mut seed: u64 = 0x5eed_1234;
    for round in 0..6 {
        seed = seed
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        let fraction = (seed >> 33) as f64 / (1u64 << 31) as f64;
        let delay = full.mul_f64(fraction.clamp(0.02, 0.98));

        let out = tempfile::tempdir().unwrap();
        copy_tree(before.path(), out.path());
        let mut child = render(input.path(), out.path()).spawn().unwrap();
        std::thread::sleep(delay);
        let _ = child.kill(); // SIGKILL
        let _ = child.wait();

        // Every PDF is whole: either last run's bytes or this run's.
        let now = pdfs(out.path());
        assert_eq!(
            now.keys().collect::<Vec<_>>(),
            old.keys().collect::<Vec<_>>()
        );
        for (path, bytes) in &now {
            assert!(
                bytes == &old[path] || bytes == &new[path],
                "round {round} ({delay:?}): {} is neither the old nor the new document",
                path.display()
            );
            lopdf::Document::load_mem(bytes).expect("a complete PDF");
        }
        let manifest = out.path().join("2026/.dpiagen-manifest.json");
        let text = fs::read_to_string(&manifest).unwrap();
        serde_json::from_str::<serde_json::Value>(&text).expect("the manifest is whole JSON");

        // The manifest never claims a stale document is current: finishing the run gives
        // exactly what an uninterrupted run gives.
        assert!(render(input.path(), out.path()).status().unwrap().success());
        assert_eq!(
            pdfs(out.path()),
            new,
            "round {round}: resumed run equals a full run"
        );
        // ... and sweeps the temporary files the killed run left behind.
        let left: Vec<PathBuf> = walkdir::WalkDir::new(out.path())
            .into_iter()
            .filter_map(Result::ok)
            .map(|e| e.into_path())
            .filter(|p| p.extension().is_some_and(|e| e == "tmp"))
            .collect();
        assert!(left.is_empty(), "round {round}: left behind {left:?}");
    }
    // The kill points must have landed inside runs at least once (not all after the end).
    assert!(full > Duration::from_millis(50), "{full:?}");
}
