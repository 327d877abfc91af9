//! `dpiagen watch` as a privacy officer uses it: edit an answer, see the PDF change; save a
//! half-typed file, see its error and keep the last good PDF; stop with Ctrl-C.
#![cfg(unix)]

mod common;

use common::*;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

const ACTIVITY: &str = "leerplatform-uitgever.yaml";

/// A running `dpiagen watch` whose standard error goes to a file.
struct Watch {
    child: Child,
    log: PathBuf,
}

impl Watch {
    fn start(school: &Path, out: &Path, log: PathBuf) -> Watch {
        let child = Command::new(assert_cmd::cargo::cargo_bin!("dpiagen"))
            .env_remove("LC_ALL")
            .env_remove("LC_MESSAGES")
            .env("LANG", "C")
            .args(["watch", "--packet"])
            .arg(school)
            .arg("-o")
            .arg(out)
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(fs::File::create(&log).unwrap())
            .spawn()
            .unwrap();
        Watch { child, log }
    }

    fn log(&self) -> String {
        fs::read_to_string(&self.log).unwrap_or_default()
    }

    /// Waits until `done` holds, failing with the log after `secs` seconds.
    fn wait_for(&self, secs: u64, what: &str, done: impl Fn() -> bool) {
        let start = Instant::now();
        while !done() {
            assert!(
                start.elapsed() < Duration::from_secs(secs),
                "no {what} after {secs} s; log:\n{}",
                self.log()
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// How many renders the session has finished.
    fn renders(&self) -> usize {
        self.log().matches("watching (Ctrl-C stops)").count()
    }
}

impl Drop for Watch {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

#[test]
fn a_saved_change_renders_a_broken_file_keeps_the_last_pdf_and_ctrl_c_stops_cleanly() {
    let tmp = tempfile::tempdir().unwrap();
    let school = tmp.path().join("school");
    fs::create_dir(&school).unwrap();
    let src = examples().join("obs-de-regenboog");
    for name in ["organisatie.yaml", ACTIVITY] {
        fs::copy(src.join(name), school.join(name)).unwrap();
    }
    let out = tmp.path().join("out");
    let watch = Watch::start(&school, &out, tmp.path().join("watch.log"));
    let pdf = out.join("2026/obs-de-regenboog/leerplatform-uitgever/pre-dpia.pdf");
    watch.wait_for(120, "first render", || watch.renders() >= 1);
    let first = fs::read(&pdf).unwrap();
    assert!(pdf_text(&first).contains("265"));
    // With --packet the organisation's packet follows the activity.
    let packet = out.join("2026/obs-de-regenboog/gmr-pakket.pdf");
    let first_packet = fs::read(&packet).unwrap();

    // The output folder is this session's: another run waits for it, then says so.
    let other = dpiagen()
        .env("DPIAGEN_LOCK_TIMEOUT", "1")
        .args(["render", "-q", "-o"])
        .arg(&out)
        .arg(&school)
        .output()
        .unwrap();
    assert_eq!(other.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&other.stderr).contains("another dpiagen run"));

    // An editor's save: a new file renamed over the old one.
    let file = school.join(ACTIVITY);
    let text = fs::read_to_string(&file).unwrap();
    let changed = text.replacen("count: 265", "count: 266", 1);
    assert_ne!(changed, text);
    fs::write(school.join(".leerplatform-uitgever.yaml.tmp"), &changed).unwrap();
    fs::rename(school.join(".leerplatform-uitgever.yaml.tmp"), &file).unwrap();
    watch.wait_for(60, "re-render", || fs::read(&pdf).is_ok_and(|b| b != first));
    let second = fs::read(&pdf).unwrap();
    assert!(pdf_text(&second).contains("266"));
    watch.wait_for(60, "packet update", || {
        fs::read(&packet).is_ok_and(|b| b != first_packet)
    });
    // One save, one render.
    std::thread::sleep(Duration::from_millis(500));
    assert_eq!(watch.renders(), 2, "{}", watch.log());

    // Half-typed: the located error, and the last good PDF stays.
    fs::write(&file, format!("{changed}broken: [\n")).unwrap();
    watch.wait_for(60, "error", || watch.log().contains("unclosed bracket"));
    let lines = changed.lines().count() + 1;
    assert!(
        watch.log().contains(&format!("{ACTIVITY}:{lines}:")),
        "{}",
        watch.log()
    );
    assert_eq!(fs::read(&pdf).unwrap(), second);

    // Ctrl-C: exit 0, no temporary file left.
    let mut watch = watch;
    unsafe { libc::kill(watch.child.id() as i32, libc::SIGINT) };
    let start = Instant::now();
    let status = loop {
        if let Some(status) = watch.child.try_wait().unwrap() {
            break status;
        }
        assert!(start.elapsed() < Duration::from_secs(20), "still running");
        std::thread::sleep(Duration::from_millis(50));
    };
    assert_eq!(status.code(), Some(0), "{}", watch.log());
    let temporaries: Vec<_> = walkdir::WalkDir::new(&out)
        .into_iter()
        .flatten()
        .filter(|e| e.file_name().to_string_lossy().ends_with(".tmp"))
        .collect();
    assert!(temporaries.is_empty(), "{temporaries:?}");
}
