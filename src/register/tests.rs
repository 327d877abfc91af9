//! The register's table and its three forms, on the example of one school.

use super::table::{COLUMNS, Source, table};
use super::{csv, xlsx};
use crate::knowledge::Knowledge;
use crate::lang::Lang;
use crate::render::Templates;
use crate::rules::fixture;

fn words(lang: Lang) -> super::table::Table {
    words_with(lang, |_| {})
}

fn words_with(lang: Lang, edit: impl FnOnce(&mut String)) -> super::table::Table {
    let knowledge = Knowledge::builtin();
    let templates = Templates::builtin(knowledge).expect("built-in templates");
    let org = fixture::organisation();
    let activity = fixture::activity_with(edit);
    let conclusions = crate::rules::derive(&activity, &org, knowledge);
    table(
        &templates,
        &org,
        &[Source {
            activity: &activity,
            conclusions: &conclusions,
        }],
        lang,
    )
}

#[test]
fn every_cell_says_something() {
    for lang in Lang::ALL {
        let t = words(lang);
        assert_eq!(t.headings.len(), COLUMNS.len());
        for row in &t.rows {
            for (cell, key) in row.cells.iter().zip(COLUMNS) {
                assert!(
                    !cell.is_empty() && cell.iter().all(|l| !l.trim().is_empty()),
                    "{key} is blank in {lang:?}"
                );
            }
        }
    }
}

#[test]
fn fixed_values_are_worded_not_printed_as_keys() {
    let t = words_with(Lang::Nl, |t| {
        fixture::set(
            t,
            "vendors: []",
            "vendors:\n  - {name: Leverancier, role: processor, agreement: {status: signed}, \
             locations: [NL]}",
        );
        fixture::set(t, "group: parents", "group: pupils");
    });
    let recipients = t.rows[0].cell("recipients").join("\n");
    assert_eq!(recipients, "Leverancier: verwerker; Nederland (NL)");
    let text: String = t.rows[0].cells.iter().flatten().cloned().collect();
    for key in [
        "public-task",
        "processor",
        "pupils",
        "required",
        "use-with-measures",
    ] {
        assert!(!text.contains(key), "`{key}` in {text}");
    }
}

#[test]
fn csv_is_semicolon_separated_utf8_with_a_heading_row() {
    let t = words(Lang::Nl);
    let bytes = csv::write(&t).expect("csv");
    assert!(bytes.starts_with(b"\xEF\xBB\xBF"));
    let mut reader = ::csv::ReaderBuilder::new()
        .delimiter(b';')
        .from_reader(&bytes[3..]);
    let headings: Vec<String> = reader
        .headers()
        .expect("headings")
        .iter()
        .map(str::to_string)
        .collect();
    assert_eq!(headings, t.headings);
    assert_eq!(reader.records().count(), t.rows.len());
}

#[test]
fn the_workbook_is_the_same_bytes_twice() {
    let t = words(Lang::En);
    let props = xlsx::Properties {
        title: "Register",
        author: "A",
        company: "B",
        date: crate::model::Date {
            year: 2026,
            month: 10,
            day: 1,
        },
    };
    let a = xlsx::write(&t, "Register", &props).expect("xlsx");
    let b = xlsx::write(&t, "Register", &props).expect("xlsx");
    assert!(a.starts_with(b"PK"));
    assert_eq!(a, b);
}
