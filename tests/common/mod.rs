//! Helpers shared by the end-to-end tests: run the binary, read PDFs.
#![allow(dead_code)]

use std::path::{Path, PathBuf};

/// The examples shipped with the repository.
pub fn examples() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("questionnaires")
}

/// The output folder of the 2026 documents of the bundled example activity `id`, below `out`:
/// `<out>/2026/<organisation-id>/<id>/`.
pub fn example_dir(out: &Path, id: &str) -> PathBuf {
    let organisation = match id {
        "whatsapp-mentorgroep" | "verzuim-gemeente" | "google-workspace" => "lindecollege",
        "ouderapp" | "whatsapp-oudercommunicatie" | "zorgdossier" => "so-de-vlinder",
        "stageportaal" => "roc-de-waterlinie",
        _ => "obs-de-regenboog",
    };
    out.join("2026").join(organisation).join(id)
}

/// Copies the files of the example folder `example` (e.g. `lindecollege`) into `to`, which is
/// created: a school a test may change without touching the examples.
pub fn copy_example(example: &str, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(examples().join(example)).unwrap() {
        let entry = entry.unwrap();
        std::fs::copy(entry.path(), to.join(entry.file_name())).unwrap();
    }
}

/// The bytes of the output file `rel` as two runs that wrote the same documents must agree on:
/// a manifest without the modification times it records, any other file as it is.
pub fn comparable(rel: &Path, bytes: Vec<u8>) -> Vec<u8> {
    if !rel.ends_with(".dpiagen-manifest.json") {
        return bytes;
    }
    let mut m: serde_json::Value = serde_json::from_slice(&bytes).unwrap();
    for entry in m["documents"].as_object_mut().unwrap().values_mut() {
        entry.as_object_mut().unwrap().remove("modified");
    }
    serde_json::to_vec(&m).unwrap()
}

/// A `dpiagen` command (assert_cmd, so tests can state the expected exit code and output), in
/// the C locale, so it speaks English unless a test says otherwise (see tests/voice.rs).
pub fn dpiagen() -> assert_cmd::Command {
    let mut cmd = assert_cmd::cargo::cargo_bin_cmd!("dpiagen");
    cmd.env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .env("LANG", "C");
    cmd
}

/// Runs `cmd` and returns its output, asserting it succeeded (with its stderr if not).
pub fn succeeded(cmd: &mut assert_cmd::Command) -> std::process::Output {
    let run = cmd.output().unwrap();
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    run
}

/// Renders every bundled example into a fresh folder, asserting success.
pub fn render_examples() -> tempfile::TempDir {
    let out = tempfile::tempdir().unwrap();
    succeeded(
        dpiagen()
            .args(["render", "-q"])
            .arg(examples())
            .arg("-o")
            .arg(out.path()),
    );
    out
}

/// Text of a document's PDF to look for its sentences in: whitespace folded to single spaces
/// and the words that Typst hyphenated at the end of a line joined again (see [`join_words`]).
pub fn pdf_text(bytes: &[u8]) -> String {
    join_words(&extract(bytes))
}

/// Text of one page (1-based) of a PDF, as [`pdf_text`] gives it; empty past the last page.
pub fn pdf_text_of_page(bytes: &[u8], page: usize) -> String {
    let pages = pdf_extract::extract_text_from_mem_by_pages(bytes).expect("PDF text by pages");
    pages
        .get(page - 1)
        .map(|t| join_words(t))
        .unwrap_or_default()
}

/// Text of a PDF with whitespace folded to single spaces and nothing joined: for comparing
/// arbitrary text, in which a hyphen of the text itself may stand at the end of a line.
pub fn pdf_raw_text(bytes: &[u8]) -> String {
    fold_spaces(&extract(bytes))
}

fn extract(bytes: &[u8]) -> String {
    pdf_extract::extract_text_from_mem(bytes).expect("PDF text can be extracted")
}

fn fold_spaces(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Joins the halves of a hyphenated word and folds whitespace to single spaces.
///
/// pdf-extract gives the hyphen that Typst inserts where it breaks a word as ` -` at the end of
/// the line (`ge -⏎maakt`); a hyphen inside a word of the text stays (`heen-en-⏎weer`). A
/// free-standing ` - ` of the text at a line end would be taken away too: the documents' own
/// texts use dashes (– —) there, and [`pdf_raw_text`] serves text that may hold anything.
///
/// A PDF maps each glyph to one character: when the first hyphen Typst sets in a document is
/// one it inserted to break a word, every hyphen glyph of that font reads back as a soft
/// hyphen (U+00AD), given as ` ­⏎` at a break and ` ­ ` inside a word; both are read as above.
pub fn join_words(text: &str) -> String {
    let text = text
        .replace(" \u{ad}\n", "")
        .replace(" \u{ad} ", "-")
        .replace('\u{ad}', "-");
    fold_spaces(&text.replace(" -\n", ""))
}

/// Page count and the `/Title` of a PDF.
pub fn pdf_pages_and_title(bytes: &[u8]) -> (usize, String) {
    let doc = lopdf::Document::load_mem(bytes).expect("valid PDF");
    (doc.get_pages().len(), pdf_info(&doc, "Title"))
}

/// A text entry of a PDF's document information dictionary (`Title`, `Author`, …).
pub fn pdf_info(doc: &lopdf::Document, key: &str) -> String {
    let info = doc
        .trailer
        .get(b"Info")
        .and_then(|i| i.as_reference())
        .expect("Info dictionary");
    let dict = doc.get_dictionary(info).expect("Info is a dictionary");
    let value = dict.get(key.as_bytes()).expect("entry set");
    lopdf::decode_text_string(value).expect("entry is text")
}

/// All files below `dir`, relative, sorted; the output folder's lock file does not count.
pub fn files_below(dir: &Path) -> Vec<PathBuf> {
    let mut out: Vec<PathBuf> = walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file() && e.file_name() != dpiagen::lock::LOCK_FILE)
        .map(|e| e.path().strip_prefix(dir).unwrap().to_path_buf())
        .collect();
    out.sort();
    out
}
