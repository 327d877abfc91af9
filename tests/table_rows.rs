//! Tables as a reader turns the pages: a row that fits on a page is never split across two (it
//! moves to the next page whole), and a cell longer than a page still prints all its text.

mod common;

use common::*;
use std::fs;

/// The example platform with `n` purposes, each with an explanation of several lines that
/// starts with `BEGIN<i>` in the purpose's name and ends with `SLOT<i>`; purpose 3 gets
/// `long` sentences more.
fn school_with_purposes(dir: &std::path::Path, n: usize, long: usize) {
    let src = examples().join("obs-de-regenboog");
    fs::copy(src.join("organisatie.yaml"), dir.join("organisatie.yaml")).unwrap();
    let text = fs::read_to_string(src.join("leerplatform-uitgever.yaml")).unwrap();
    let start = text.find("  purposes:\n").unwrap() + "  purposes:\n".len();
    let end = text.find("  necessity:").unwrap();
    let mut purposes = String::new();
    for i in 1..=n {
        let mut explanation = "Deze toelichting beschrijft waarom het doel nodig is voor het \
                               onderwijs en hoe de school de gegevens beperkt. "
            .repeat(5);
        if i == 3 {
            explanation += &"Een heel lange zin. ".repeat(long);
        }
        purposes += &format!(
            "    - name: Doel {i} BEGIN{i}\n      basis: public-task\n      explanation: {explanation}SLOT{i}\n"
        );
    }
    let text = format!("{}{purposes}{}", &text[..start], &text[end..]);
    fs::write(dir.join("leerplatform-uitgever.yaml"), text).unwrap();
}

/// The pages (1-based) on which `needle` stands.
fn pages_with(pages: &[String], needle: &str) -> Vec<usize> {
    pages
        .iter()
        .enumerate()
        .filter(|(_, t)| {
            t.split_whitespace()
                .any(|w| w.trim_end_matches('.') == needle)
        })
        .map(|(i, _)| i + 1)
        .collect()
}

fn render_pre_dpia(dir: &std::path::Path) -> Vec<String> {
    let out = dir.join("out");
    succeeded(
        dpiagen()
            .args(["render", "-q"])
            .arg(dir)
            .arg("-o")
            .arg(&out),
    );
    let pdf =
        fs::read(out.join("2026/obs-de-regenboog/leerplatform-uitgever/pre-dpia.pdf")).unwrap();
    pdf_extract::extract_text_from_mem_by_pages(&pdf).unwrap()
}

#[test]
fn a_row_that_fits_on_a_page_is_not_split() {
    let dir = tempfile::tempdir().unwrap();
    school_with_purposes(dir.path(), 15, 0);
    let pages = render_pre_dpia(dir.path());
    // Fifteen rows of about seven lines each fill more than two pages, so page ends fall
    // inside the table more than once.
    let first = pages_with(&pages, "BEGIN1")[0];
    let last = pages_with(&pages, "SLOT15")[0];
    assert!(last >= first + 2, "the table spans {first}..{last}");
    for i in 1..=15 {
        let begin = pages_with(&pages, &format!("BEGIN{i}"));
        let end = pages_with(&pages, &format!("SLOT{i}"));
        assert_eq!(begin, end, "row {i} is split across pages");
    }
}

#[test]
fn a_cell_longer_than_a_page_still_prints_all_its_text() {
    let dir = tempfile::tempdir().unwrap();
    school_with_purposes(dir.path(), 4, 250);
    let pages = render_pre_dpia(dir.path());
    // Counted by a word of each sentence: a page's header and footer may stand between the
    // words of a sentence that runs over a page end.
    let text = join_words(&pages.join("\n"));
    assert_eq!(
        text.split_whitespace().filter(|w| *w == "heel").count(),
        250
    );
    let begin = pages_with(&pages, "BEGIN3")[0];
    let end = pages_with(&pages, "SLOT3")[0];
    assert!(end > begin, "the long row runs on over the page");
}
