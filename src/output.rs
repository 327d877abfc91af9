//! Stage 6, write: put each document in its place, atomically.
//!
//! A file is first written to a temporary file in the same folder, flushed to disk, then
//! renamed over the target: a reader (or a crash) sees the old file or the new one, never half.

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

/// The folder of an organisation's documents of a year: `<root>/<year>/<organisation>/`. Its
/// own documents (code of conduct, packet, board memo) lie in it, and each activity's in a
/// folder of its own below it, so two schools never share a folder.
pub fn organisation_dir(root: &Path, year: i32, organisation: &str) -> PathBuf {
    root.join(year.to_string()).join(organisation)
}

/// The folder of an activity's documents: `<root>/<year>/<organisation>/<assessment-id>/`.
pub fn activity_dir(root: &Path, year: i32, organisation: &str, id: &str) -> PathBuf {
    organisation_dir(root, year, organisation).join(id)
}

/// Writes `bytes` to `path` atomically, creating folders as needed.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let dir = path.parent().unwrap_or(Path::new("."));
    fs::create_dir_all(dir)?;
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let tmp = dir.join(format!(
        ".{name}.{}-{}.tmp",
        std::process::id(),
        COUNTER.fetch_add(1, Ordering::Relaxed)
    ));
    let result = (|| {
        let mut f = fs::File::create(&tmp)?;
        f.write_all(bytes)?;
        f.sync_all()?;
        fs::rename(&tmp, path)
    })();
    if result.is_err() {
        let _ = fs::remove_file(&tmp);
    }
    result
}

/// Whether `name` is a temporary file of [`write_atomic`]: `.<name>.<pid>-<n>.tmp`.
fn is_temporary(name: &str) -> bool {
    let Some(stem) = name.strip_prefix('.').and_then(|n| n.strip_suffix(".tmp")) else {
        return false;
    };
    let Some((_, tag)) = stem.rsplit_once('.') else {
        return false;
    };
    let Some((pid, n)) = tag.split_once('-') else {
        return false;
    };
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    digits(pid) && digits(n)
}

/// Removes the temporary files a killed run left in `dir` (not below it); returns how many.
/// Call only while holding the output lock: then no other run is writing them.
pub fn sweep_temporaries(dir: &Path) -> usize {
    let Ok(entries) = fs::read_dir(dir) else {
        return 0;
    };
    entries
        .flatten()
        .filter(|e| e.file_type().is_ok_and(|t| t.is_file()))
        .filter(|e| is_temporary(&e.file_name().to_string_lossy()))
        .filter(|e| fs::remove_file(e.path()).is_ok())
        .count()
}

/// Skips rewriting a file whose bytes are already identical (keeps timestamps stable).
pub fn write_if_changed(path: &Path, bytes: &[u8]) -> std::io::Result<bool> {
    if fs::read(path).is_ok_and(|old| old == bytes) {
        return Ok(false);
    }
    write_atomic(path, bytes)?;
    Ok(true)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_atomically_and_leaves_no_temporary_files() {
        let dir = tempfile::tempdir().unwrap();
        let path = activity_dir(dir.path(), 2026, "school", "a").join("pre-dpia.pdf");
        write_atomic(&path, b"one").unwrap();
        write_atomic(&path, b"two").unwrap();
        assert_eq!(fs::read(&path).unwrap(), b"two");
        let entries: Vec<_> = fs::read_dir(path.parent().unwrap()).unwrap().collect();
        assert_eq!(entries.len(), 1);
        assert!(!write_if_changed(&path, b"two").unwrap());
        assert!(write_if_changed(&path, b"three").unwrap());
    }

    #[test]
    fn sweeps_only_its_own_temporary_files() {
        let dir = tempfile::tempdir().unwrap();
        let keep = [
            ".notes.txt",
            "pre-dpia.pdf",
            ".x.tmp",
            ".a.b.12-x.tmp",
            "a.1-2.tmp",
        ];
        for name in keep
            .iter()
            .chain(&[".pre-dpia.pdf.123-0.tmp", ".m.json.9-17.tmp"])
        {
            fs::write(dir.path().join(name), b"x").unwrap();
        }
        write_atomic(&dir.path().join("dtia.pdf"), b"pdf").unwrap();
        assert_eq!(sweep_temporaries(dir.path()), 2);
        let mut left: Vec<String> = fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        left.sort();
        let mut expected: Vec<String> = keep.iter().map(|s| s.to_string()).collect();
        expected.push("dtia.pdf".into());
        expected.sort();
        assert_eq!(left, expected);
    }
}
