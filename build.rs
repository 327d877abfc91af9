//! Build script: fingerprints everything that can change a document's bytes.
//!
//! Templates, data, fonts and code are built into the executable, so a document is only as
//! current as the build that made it. The fingerprint hashes those sources (plus the compiler
//! version, target and profile) once at build time; the manifest of incremental renders keys
//! every entry on it, so a rebuilt tool re-renders instead of trusting old output.

use std::path::{Path, PathBuf};
use std::process::Command;

/// Inputs that shape the output, relative to the package root.
const SOURCES: &[&str] = &[
    "src",
    "templates",
    "data",
    "fonts",
    "Cargo.toml",
    "Cargo.lock",
];

fn main() {
    let mut files = Vec::new();
    for source in SOURCES {
        println!("cargo:rerun-if-changed={source}");
        collect(Path::new(source), &mut files);
    }
    files.sort();
    let mut hasher = blake3::Hasher::new();
    for file in &files {
        // Path and length first, so moved or split files change the hash too.
        let bytes = std::fs::read(file).unwrap_or_default();
        hasher.update(file.to_string_lossy().as_bytes());
        hasher.update(&(bytes.len() as u64).to_le_bytes());
        hasher.update(&bytes);
    }
    let rustc = std::env::var("RUSTC").unwrap_or_else(|_| "rustc".into());
    let version = Command::new(rustc)
        .arg("-vV")
        .output()
        .map(|o| o.stdout)
        .unwrap_or_default();
    hasher.update(&version);
    for var in ["TARGET", "PROFILE", "CARGO_CFG_TARGET_FEATURE"] {
        hasher.update(std::env::var(var).unwrap_or_default().as_bytes());
    }
    println!(
        "cargo:rustc-env=DPIAGEN_BUILD_FINGERPRINT={}",
        hasher.finalize().to_hex()
    );
}

/// Every file below `path` (or `path` itself), skipping editors' hidden files.
fn collect(path: &Path, out: &mut Vec<PathBuf>) {
    let hidden = path
        .file_name()
        .is_some_and(|n| n.to_string_lossy().starts_with('.'));
    if hidden {
        return;
    }
    if path.is_dir() {
        if let Ok(entries) = std::fs::read_dir(path) {
            for entry in entries.flatten() {
                collect(&entry.path(), out);
            }
        }
    } else if path.is_file() {
        out.push(path.to_path_buf());
    }
}
