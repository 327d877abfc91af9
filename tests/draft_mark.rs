//! A document that is not adopted says so on every page, and names no file or id in its
//! footer: what a board member holds is visibly a draft until the board adopts it.

mod common;

use common::*;
use std::fs;

/// The text of every page of a PDF.
fn page_texts(bytes: &[u8]) -> Vec<String> {
    let doc = lopdf::Document::load_mem(bytes).unwrap();
    doc.get_pages()
        .keys()
        .map(|&n| doc.extract_text(&[n]).unwrap_or_default())
        .collect()
}

#[test]
fn a_concept_is_marked_on_every_page_and_an_adopted_document_on_none() {
    let tmp = tempfile::tempdir().unwrap();
    let school = tmp.path().join("school");
    fs::create_dir(&school).unwrap();
    let src = examples().join("obs-de-regenboog");
    fs::copy(
        src.join("organisatie.yaml"),
        school.join("organisatie.yaml"),
    )
    .unwrap();
    let activity = fs::read_to_string(src.join("leerplatform-uitgever.yaml")).unwrap();
    fs::write(school.join("leerplatform-uitgever.yaml"), &activity).unwrap();
    let adopted = activity.replacen("  status: concept", "  status: vastgesteld", 1);
    assert_ne!(adopted, activity);
    let adopted = adopted.replacen(
        "id: leerplatform-uitgever",
        "id: leerplatform-vastgesteld",
        1,
    );
    fs::write(school.join("vastgesteld.yaml"), adopted).unwrap();
    let out = tmp.path().join("out");
    for lang in ["nl", "en"] {
        succeeded(
            dpiagen()
                .args(["render", "-q", "--lang", lang, "-o"])
                .arg(out.join(lang))
                .arg(&school),
        );
        let mark = if lang == "nl" { "CONCEPT" } else { "DRAFT" };
        let dir = out.join(lang).join("2026/obs-de-regenboog");
        for doc in ["pre-dpia", "verwerkersovereenkomst"] {
            let concept = fs::read(dir.join(format!("leerplatform-uitgever/{doc}.pdf"))).unwrap();
            let pages = page_texts(&concept);
            assert!(pages.len() > 2);
            for (i, text) in pages.iter().enumerate() {
                assert!(
                    text.contains(mark),
                    "{lang} {doc}: page {} has no {mark}",
                    i + 1
                );
                assert!(
                    !text.contains("leerplatform-uitgever"),
                    "{lang} {doc}: page {} names the file",
                    i + 1
                );
            }
            let adopted =
                fs::read(dir.join(format!("leerplatform-vastgesteld/{doc}.pdf"))).unwrap();
            for (i, text) in page_texts(&adopted).iter().enumerate() {
                assert!(
                    !text.contains(mark),
                    "{lang} {doc}: adopted page {} marked",
                    i + 1
                );
            }
        }
    }
}
