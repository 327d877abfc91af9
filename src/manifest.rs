//! The render manifest: what each document was made from, so an unchanged document is not
//! typeset again.
//!
//! One manifest per output year, `<output>/<year>/.dpiagen-manifest.json`. Each entry maps a
//! document (its path below the year folder) to the hash of its inputs (answers, templates,
//! data, tool build) and the length, modification time and hash of the file written. A document
//! is skipped when its input hash matches and the file is still the one written: same length,
//! and same modification time or, when that changed, the same bytes. The manifest is written
//! after the documents, atomically: a crash in between leaves the old manifest, which at worst
//! makes the next run typeset a few documents again.
//!
//! The manifest also records which organisation owns each organisation folder of the year, so
//! a run for another school with the same folder name is refused instead of writing over it.

use crate::output;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

/// File name of the manifest inside a year folder.
pub const FILE_NAME: &str = ".dpiagen-manifest.json";

/// Format version of the manifest file; a different version is ignored (full render).
const VERSION: u32 = 2;

/// What one document was made from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Entry {
    /// Hex hash of the document's inputs.
    pub inputs: String,
    /// Length in bytes of the file written.
    pub len: u64,
    /// Modification time of the file written, in nanoseconds since the Unix epoch (0 when the
    /// file system has none): while it is unchanged the bytes are not read again.
    #[serde(default)]
    pub modified: u128,
    /// Hex hash of the bytes written.
    #[serde(default)]
    pub hash: String,
}

/// What a manifest knows of a file on disk: its length, modification time and bytes' hash.
fn modified(meta: &fs::Metadata) -> u128 {
    meta.modified()
        .ok()
        .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
        .map_or(0, |d| d.as_nanos())
}

/// The manifest of one output year.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Manifest {
    version: u32,
    /// Documents by path relative to the year folder, `/`-separated.
    pub documents: BTreeMap<String, Entry>,
    /// The organisation (by name) whose documents each organisation folder holds.
    #[serde(default)]
    pub organisations: BTreeMap<String, String>,
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

    /// Whether `doc` (below `year_dir`) is up to date for `inputs`: made from them, and still
    /// the file that was written.
    pub fn is_current(&self, year_dir: &Path, doc: &str, inputs: &str) -> bool {
        let Some(e) = self.documents.get(doc) else {
            return false;
        };
        let path = year_dir.join(doc);
        let Ok(meta) = fs::metadata(&path) else {
            return false;
        };
        e.inputs == inputs
            && meta.is_file()
            && meta.len() == e.len
            && (modified(&meta) == e.modified && e.modified != 0
                || fs::read(&path).is_ok_and(|bytes| hash_bytes(&bytes) == e.hash))
    }

    /// Records that the file `path`, which is `doc` in the manifest, was written from `inputs`;
    /// `written` is what [`Written::of`] said of its bytes.
    pub fn record(&mut self, doc: String, inputs: String, path: &Path, written: &Written) {
        let modified = fs::metadata(path).map_or(0, |m| modified(&m));
        let entry = Entry {
            inputs,
            len: written.len,
            modified,
            hash: written.hash.clone(),
        };
        self.documents.insert(doc, entry);
    }

    /// The organisation that owns the organisation folder `folder`, when one is recorded.
    pub fn owner(&self, folder: &str) -> Option<&str> {
        self.organisations.get(folder).map(String::as_str)
    }

    /// Records that the organisation folder `folder` holds the documents of `organisation`.
    pub fn claim(&mut self, folder: &str, organisation: &str) {
        self.organisations
            .insert(folder.to_string(), organisation.to_string());
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
            organisations: self.organisations.clone(),
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

/// Hashes the bytes of a written file.
fn hash_bytes(bytes: &[u8]) -> String {
    blake3::hash(bytes).to_hex().to_string()
}

/// What the manifest keeps of a document's bytes: their length and hash.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Written {
    /// Length in bytes.
    pub len: u64,
    /// Hex hash.
    pub hash: String,
}

impl Written {
    /// What the manifest keeps of `bytes`.
    pub fn of(bytes: &[u8]) -> Written {
        Written {
            len: bytes.len() as u64,
            hash: hash_bytes(bytes),
        }
    }
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
        m.record(key.clone(), "h1".into(), &doc, &Written::of(b"%PDF-1.7 x"));
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
    fn a_document_changed_in_place_at_the_same_length_is_not_current() {
        let dir = tempfile::tempdir().unwrap();
        let doc = dir.path().join("a/pre-dpia.pdf");
        output::write_atomic(&doc, b"%PDF-1.7 good").unwrap();
        let mut m = Manifest::default();
        m.record(
            "a/pre-dpia.pdf".into(),
            "h".into(),
            &doc,
            &Written::of(b"%PDF-1.7 good"),
        );
        assert!(m.is_current(dir.path(), "a/pre-dpia.pdf", "h"));
        // Same length, other bytes: the modification time changes, so the bytes are compared.
        std::thread::sleep(std::time::Duration::from_millis(20));
        fs::write(&doc, b"%PDF-1.7 bad!").unwrap();
        assert!(!m.is_current(dir.path(), "a/pre-dpia.pdf", "h"));
        // Touched but identical bytes: still current.
        fs::write(&doc, b"%PDF-1.7 good").unwrap();
        assert!(m.is_current(dir.path(), "a/pre-dpia.pdf", "h"));
    }

    #[test]
    fn folders_are_owned_by_the_organisation_recorded_first() {
        let dir = tempfile::tempdir().unwrap();
        let mut m = Manifest::default();
        assert_eq!(m.owner("school"), None);
        m.claim("school", "OBS De Regenboog");
        m.save(dir.path()).unwrap();
        let m = Manifest::load(dir.path());
        assert_eq!(m.owner("school"), Some("OBS De Regenboog"));
        assert_eq!(m.owner("other"), None);
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
