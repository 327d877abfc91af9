//! What a board member, a council member or a parent reads: no field path, YAML key or data file
//! name in the body of any document; the exact answers stand only in the appendix for the
//! privacy officer ("Bijlage: Verantwoording", "Appendix: Accountability"), and the code of
//! conduct, which goes to pupils, parents and staff, has no such appendix at all.

mod common;

use common::{dpiagen, examples, files_below, pdf_text, succeeded};

/// Where a field path or a YAML key shows in `text`: `vendors[0].role`, `ap_list[1]`,
/// `consent.covers_school_use = false`, `platforms.yaml`.
fn machine_words(text: &str) -> Vec<String> {
    let mut found = Vec::new();
    let words: Vec<&str> = text.split_whitespace().collect();
    for (i, w) in words.iter().enumerate() {
        let b = w.as_bytes();
        // `name[0]`: a lower-case or underscore name directly followed by a bracketed number.
        if let Some(open) = w.find('[') {
            let name = &w[..open];
            let rest = &w[open + 1..];
            if !name.is_empty()
                && name
                    .bytes()
                    .all(|c| c.is_ascii_lowercase() || c == b'_' || c == b'.')
                && rest.bytes().next().is_some_and(|c| c.is_ascii_digit())
            {
                found.push(w.to_string());
            }
        }
        // `snake_case = value`.
        let snake = b
            .iter()
            .all(|c| c.is_ascii_lowercase() || *c == b'_' || *c == b'.')
            && w.contains('_');
        if snake && words.get(i + 1) == Some(&"=") {
            found.push(format!("{w} ="));
        }
        if w.contains("platforms.yaml") {
            found.push(w.to_string());
        }
    }
    found
}

/// Dates written the machine's way (`2026-09-21`) rather than in words.
fn iso_dates(text: &str) -> Vec<String> {
    text.split(|c: char| c.is_whitespace() || "()[],;:".contains(c))
        .filter(|w| {
            let b = w.as_bytes();
            b.len() == 10
                && b[4] == b'-'
                && b[7] == b'-'
                && b.iter()
                    .enumerate()
                    .all(|(i, c)| i == 4 || i == 7 || c.is_ascii_digit())
        })
        .map(str::to_string)
        .collect()
}

/// The text of a PDF before its appendix for the privacy officer (the table of contents names
/// the appendix too, so the last mention is where it starts).
fn body(text: &str) -> &str {
    ["Bijlage: Verantwoording", "Appendix: Accountability"]
        .iter()
        .filter_map(|t| text.rfind(t))
        .min()
        .map_or(text, |at| &text[..at])
}

fn check_language(lang: &str) {
    let out = tempfile::tempdir().unwrap();
    succeeded(
        dpiagen()
            .args(["render", "-q", "--lang", lang])
            .arg(examples())
            .arg("-o")
            .arg(out.path()),
    );
    let pdfs: Vec<_> = files_below(out.path())
        .into_iter()
        .filter(|p| p.extension().is_some_and(|e| e == "pdf"))
        .collect();
    assert!(pdfs.len() >= 20, "{} documents", pdfs.len());
    let mut appendices = 0;
    for pdf in &pdfs {
        let text = pdf_text(&std::fs::read(out.path().join(pdf)).unwrap());
        let shown = machine_words(body(&text));
        assert!(shown.is_empty(), "{}: {shown:?}", pdf.display());
        let dates = iso_dates(body(&text));
        assert!(
            dates.is_empty(),
            "{}: dates not in words: {dates:?}",
            pdf.display()
        );
        let name = pdf.file_name().unwrap().to_string_lossy();
        if name.starts_with("gedragscode") {
            assert!(
                !text.contains("Grond:") && !text.contains("Basis:"),
                "{}: the code of conduct carries no audit trail",
                pdf.display()
            );
            assert_eq!(body(&text).len(), text.len(), "{}", pdf.display());
        } else {
            // The appendix keeps the exact answers for the privacy officer.
            assert!(
                body(&text).len() < text.len(),
                "{}: no appendix",
                pdf.display()
            );
            appendices += 1;
        }
    }
    assert!(appendices >= 17);
}

#[test]
fn dutch_documents_name_questions_not_fields() {
    check_language("nl");
}

#[test]
fn english_documents_name_questions_not_fields() {
    check_language("en");
}

#[test]
fn the_check_finds_what_it_looks_for() {
    assert_eq!(
        machine_words("zie vendors[0].role voor"),
        ["vendors[0].role"]
    );
    assert_eq!(
        machine_words("consent.covers_school_use = false"),
        ["consent.covers_school_use ="]
    );
    assert_eq!(
        machine_words("data uit platforms.yaml:"),
        ["platforms.yaml:"]
    );
    assert!(
        machine_words("Leerlingen staan herkenbaar in beeld: nee — art. 5 lid 1 sub c AVG")
            .is_empty()
    );
    assert_eq!(iso_dates("gereed (2026-09-21), zie"), ["2026-09-21"]);
    assert!(iso_dates("21 september 2026, 2026-2027, C-311/18").is_empty());
}

/// Every field a reason cites in the examples' conclusions: `(field, value kind)`.
fn cited_fields(value: &serde_json::Value, out: &mut Vec<String>) {
    match value {
        serde_json::Value::Object(map) => {
            if let (Some(serde_json::Value::String(field)), Some(v)) =
                (map.get("field"), map.get("value"))
                && v.get("kind").is_some()
            {
                out.push(field.clone());
            }
            map.values().for_each(|v| cited_fields(v, out));
        }
        serde_json::Value::Array(items) => items.iter().for_each(|v| cited_fields(v, out)),
        _ => {}
    }
}

#[test]
fn every_field_the_rules_cite_has_a_question_in_both_languages() {
    let knowledge = dpiagen::knowledge::Knowledge::builtin();
    let outcome = dpiagen::run::check(&[examples()]).unwrap();
    let mut fields = Vec::new();
    for item in &outcome.valid {
        cited_fields(
            &serde_json::to_value(&item.conclusions).unwrap(),
            &mut fields,
        );
    }
    for org in &outcome.organisations {
        cited_fields(&serde_json::to_value(&org.conduct).unwrap(), &mut fields);
    }
    assert!(fields.len() > 50, "{} fields", fields.len());
    for field in &fields {
        for lang in dpiagen::lang::Lang::ALL {
            assert!(
                knowledge.questions.label(field, lang).is_some(),
                "data/questions.yaml names no question for `{field}` ({lang:?})"
            );
        }
    }
}
