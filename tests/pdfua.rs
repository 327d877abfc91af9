//! An independent PDF/UA-1 checker on every document the examples produce, in both languages:
//! `pdfua` (PyPI, built on pikepdf) checks the machine-checkable part of PDF/UA-1. `.ci/run`
//! installs it and sets `DPIAGEN_REQUIRE_PDFUA`, so CI never skips this; elsewhere the test says
//! how to install it and passes without it.

mod common;

use common::*;
use std::process::Command;

#[test]
fn every_generated_document_passes_the_pdfua_checker() {
    if Command::new("pdfua").arg("--version").output().is_err() {
        assert!(
            std::env::var_os("DPIAGEN_REQUIRE_PDFUA").is_none(),
            "pdfua is required here but not installed (pip install pdfua)"
        );
        eprintln!("pdfua not installed (pip install pdfua): PDF/UA check skipped");
        return;
    }
    let out = tempfile::tempdir().unwrap();
    for lang in ["nl", "en"] {
        let dir = out.path().join(lang);
        for command in ["render", "packet", "register"] {
            succeeded(
                dpiagen()
                    .args([command, "-q", "--lang", lang, "-o"])
                    .arg(&dir)
                    .arg(examples()),
            );
        }
    }
    let pdfs: Vec<_> = walkdir::WalkDir::new(out.path())
        .into_iter()
        .flatten()
        .filter(|e| e.path().extension().is_some_and(|x| x == "pdf"))
        .map(|e| e.into_path())
        .collect();
    assert!(pdfs.len() >= 50, "{} PDFs", pdfs.len());
    let run = Command::new("pdfua")
        .args(["check", "--min-severity", "error"])
        .args(&pdfs)
        .output()
        .unwrap();
    let report = String::from_utf8_lossy(&run.stdout);
    assert!(!report.contains("[ERROR]"), "{report}");
    assert!(run.status.success(), "{report}");
}
