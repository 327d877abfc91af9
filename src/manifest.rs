//! The render manifest: what each document was made from, so an unchanged document is not
//! typeset again.
//!
//! One manifest per output year, `<output>/<year>/.dpiagen-manifest.json`. Each entry maps a
//! document (its path below the year folder) to the hash of its inputs (answers, templates,
//! data, tool build) and the length of the file written. A document is skipped when its input
//! hash matches and the file is still there with that length. The manifest is written after
//! the documents, atomically: a crash in between leaves the old manifest, which at worst makes
//! the next run typeset a few documents again.

use crate::output;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

/// File name of the manifest inside a year folder.
pub const FILE_NAME: &str = ".dpiagen-manifest.json";

/// Format version of the manifest file; a different version is ignored (full render).
const VERSION: u32 = 1;

/// What one document was made from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Entry {
    /// Hex hash of the document's inputs.
    pub inputs: String,
    /// Length in bytes of the file written.
    pub len: u64,
}

/// The manifest of one output year.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Manifest {
    version: u32,
    /// Documents by path relative to the year folder, `/`-separated.
    pub documents: BTreeMap<String, Entry>,
}

impl Manifest {
    /// Reads the manifest of `year_dir`; a missing, unreadable or foreign file gives an empty
    /// manifest, which only costs a full render.
    pub fn load(year_dir: &Path) -> Manifest {
        fs::read(year_dir.join(FILE_NAME))
            .ok()
            .and_then(|bytes| serde_json::from_slice::<Manifest>(&bytes).ok())
            .filter(|m| m.version == VERSION)
            .unwrap_or_default()
    }

    /// Whether `doc` (below `year_dir`) is up to date for `inputs`.
    pub fn is_current(&self, year_dir: &Path, doc: &str, inputs: &str) -> bool {
        self.documents.get(doc).is_some_and(|e| {
            e.inputs == inputs
                && fs::metadata(year_dir.join(doc)).is_ok_and(|m| m.is_file() && m.len() == e.len)
        })
    }

    /// Records that `doc` was written from `inputs`.
    pub fn record(&mut self, doc: String, inputs: String, len: u64) {
        self.documents.insert(doc, Entry { inputs, len });
    }

    /// Forgets `doc` (it failed, so the next run must try again).
    pub fn forget(&mut self, doc: &str) {
        self.documents.remove(doc);
    }

    /// Writes the manifest atomically into `year_dir`.
    pub fn save(&self, year_dir: &Path) -> std::io::Result<()> {
        let manifest = Manifest {
            version: VERSION,
            documents: self.documents.clone(),
        };
        let mut bytes = serde_json::to_vec_pretty(&manifest).map_err(std::io::Error::other)?;
        bytes.push(b'\n');
        output::write_if_changed(&year_dir.join(FILE_NAME), &bytes).map(|_| ())
    }
}

/// The key of `path` in the manifest of `year_dir`: its relative path with `/` separators.
pub fn key(year_dir: &Path, path: &Path) -> String {
    let rel: PathBuf = path.strip_prefix(year_dir).unwrap_or(path).to_path_buf();
    rel.components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

/// Hashes the inputs of a document: each part is length-prefixed, so parts cannot run into
/// each other.
pub fn hash_inputs<'a>(parts: impl IntoIterator<Item = &'a [u8]>) -> String {
    let mut hasher = blake3::Hasher::new();
    for part in parts {
        hasher.update(&(part.len() as u64).to_le_bytes());
        hasher.update(part);
    }
    hasher.finalize().to_hex().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_recorded_document_is_current_until_inputs_or_file_change() {
        let dir = tempfile::tempdir().unwrap();
        let doc = dir.path().join("a/pre-dpia.pdf");
        output::write_atomic(&doc, b"%PDF-1.7 x").unwrap();
        let key = key(dir.path(), &doc);
        assert_eq!(key, "a/pre-dpia.pdf");
        let mut m = Manifest::default();
        m.record(key.clone(), "h1".into(), 10);
        m.save(dir.path()).unwrap();
        let m = Manifest::load(dir.path());
        assert!(m.is_current(dir.path(), &key, "h1"));
        assert!(!m.is_current(dir.path(), &key, "h2"));
        output::write_atomic(&doc, b"%PDF-1.7 truncated?").unwrap();
        assert!(!m.is_current(dir.path(), &key, "h1"));
        fs::remove_file(&doc).unwrap();
        assert!(!m.is_current(dir.path(), &key, "h1"));
    }

    #[test]
    fn a_foreign_or_broken_manifest_means_a_full_render() {
        let dir = tempfile::tempdir().unwrap();
        fs::write(dir.path().join(FILE_NAME), b"{not json").unwrap();
        assert_eq!(Manifest::load(dir.path()), Manifest::default());
        fs::write(
            dir.path().join(FILE_NAME),
            br#"{"version": 99, "documents": {}}"#,
        )
        .unwrap();
        assert_eq!(Manifest::load(dir.path()), Manifest::default());
    }

    #[test]
    fn input_parts_cannot_run_into_each_other() {
        let a = hash_inputs([b"ab".as_slice(), b"c".as_slice()]);
        let b = hash_inputs([b"a".as_slice(), b"bc".as_slice()]);
        assert_ne!(a, b);
        assert_eq!(a, hash_inputs([b"ab".as_slice(), b"c".as_slice()]));
    }
}
