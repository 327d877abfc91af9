//! Renders every bundled example to PDF and reads the result back.

mod common;

use common::*;
use std::fs;

#[test]
fn every_example_renders_to_a_valid_dutch_pre_dpia() {
    let out = render_examples();

    // (assessment id, expected advice, expected title fragment)
    let expected = [
        (
            "instagram-schoolaccount",
            "Advies: Niet gebruiken",
            "Instagram",
        ),
        (
            "whatsapp-oudercommunicatie",
            "Advies: Niet gebruiken",
            "WhatsApp",
        ),
        ("videolessen-thuis", "Advies: Niet gebruiken", "Video"),
        (
            "leerplatform-uitgever",
            "Advies: Alleen gebruiken met maatregelen",
            "Uitgeverij",
        ),
        (
            "back-up-cloudopslag",
            "Advies: Alleen gebruiken met maatregelen",
            "back-up",
        ),
        (
            "ouderapp",
            "Advies: Alleen gebruiken met maatregelen",
            "Ouderapp",
        ),
    ];
    for (id, advice, title_part) in expected {
        let pdf = fs::read(common::example_dir(out.path(), id).join("pre-dpia.pdf")).unwrap();
        assert!(pdf.starts_with(b"%PDF-"), "{id}: no PDF header");
        let (pages, title) = pdf_pages_and_title(&pdf);
        assert!(pages >= 5, "{id}: only {pages} pages");
        assert!(
            title.starts_with("Pre-DPIA – ")
                && title.to_lowercase().contains(&title_part.to_lowercase()),
            "{id}: title {title}"
        );
        let text = pdf_text(&pdf);
        for heading in [
            "Samenvatting",
            "Beschrijving van de verwerking",
            "Doelen en grondslagen",
            "Noodzaak en evenredigheid",
            "Rechtsgrond en toestemming",
            "Ontvangers en rollen",
            "Doorgifte buiten de EER",
            "De negen criteria (WP248 rev.01)",
            "Lijst van de Autoriteit Persoonsgegevens",
            "Risico",
            "Maatregelen",
            "Bevindingen en acties",
            "Besluit",
            "Namens het bestuur",
        ] {
            assert!(text.contains(heading), "{id}: heading `{heading}` missing");
        }
        assert!(
            text.contains("Oordeel: DPIA verplicht"),
            "{id}: verdict missing"
        );
        assert!(text.contains(advice), "{id}: `{advice}` missing");
        // Every conclusion shows the answers it rests on.
        assert!(text.contains("Grond:"), "{id}: reasons missing");
    }
    // The publisher's platform stays inside the EEA: the pre-DPIA says why no DTIA is needed.
    let pdf = fs::read(
        out.path()
            .join("2026/obs-de-regenboog/leerplatform-uitgever/pre-dpia.pdf"),
    )
    .unwrap();
    let text = pdf_text(&pdf);
    assert!(text.contains("geen DTIA nodig"));
    // References inside a sentence: "hoofdstuk 10", "paragraaf 2.2", never "Hoofdstuk 10".
    assert!(text.contains("de acties in hoofdstuk 10"), "{text}");
    assert!(text.contains("in paragraaf 2.2"), "{text}");
    assert!(!text.contains("in Hoofdstuk"), "{text}");
    // Places by country name.
    assert!(text.contains("liggen in de EER (Nederland)"), "{text}");
    let pdf = fs::read(
        out.path()
            .join("2026/obs-de-regenboog/instagram-schoolaccount/pre-dpia.pdf"),
    )
    .unwrap();
    // Countries by name in running text, never by code.
    assert!(pdf_text(&pdf).contains("buiten de Europese Economische Ruimte (Verenigde Staten)"));
}

#[test]
fn two_renders_are_byte_identical() {
    let a = tempfile::tempdir().unwrap();
    let b = tempfile::tempdir().unwrap();
    // One document at a time, then four at once: what Typst cached from earlier documents
    // differs, the bytes may not.
    for (dir, jobs) in [(a.path(), "1"), (b.path(), "4")] {
        let out = dpiagen()
            .args(["render", "-q", "--jobs", jobs])
            .arg(examples())
            .arg("-o")
            .arg(dir)
            .output()
            .unwrap();
        assert!(out.status.success());
    }
    let files = files_below(a.path());
    assert_eq!(files, files_below(b.path()));
    // Per activity a pre-DPIA and a clause list, six DTIAs, one full DPIA, a code of conduct per
    // organisation; beside them the snapshots of the answers and the manifest.
    let pdfs = files
        .iter()
        .filter(|f| f.extension().is_some_and(|e| e == "pdf"));
    assert_eq!(pdfs.count(), 33, "{files:?}");
    for f in files {
        assert_eq!(
            comparable(&f, fs::read(a.path().join(&f)).unwrap()),
            comparable(&f, fs::read(b.path().join(&f)).unwrap()),
            "{}",
            f.display()
        );
    }
}

#[test]
fn check_validates_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    dpiagen()
        .arg("check")
        .arg(examples())
        .current_dir(dir.path())
        .assert()
        .success()
        .stderr(predicates::str::contains(
            "checked 11 activities: 11 valid, 0 invalid",
        ));
    assert!(files_below(dir.path()).is_empty());
}

#[test]
fn typ_format_writes_the_typst_source() {
    let out = tempfile::tempdir().unwrap();
    let status = dpiagen()
        .args(["render", "-q", "--format", "typ"])
        .arg(examples().join("obs-de-regenboog/leerplatform-uitgever.yaml"))
        .arg("-o")
        .arg(out.path())
        .output()
        .unwrap();
    assert!(status.status.success());
    let src = fs::read_to_string(
        out.path()
            .join("2026/obs-de-regenboog/leerplatform-uitgever/pre-dpia.typ"),
    )
    .unwrap();
    assert!(src.starts_with("#import \"/dpiagen.typ\": *"));
    assert!(
        out.path()
            .join("2026/obs-de-regenboog/leerplatform-uitgever/dpiagen.typ")
            .is_file()
    );
}

/// The document metadata and the page header and footer of a report come from its answers
/// (the house style sets the metadata after the body and reads the page texts from the
/// document, so that it holds no per-document style; see templates/dpiagen.typ, `report`).
#[test]
fn a_report_carries_its_metadata_and_page_texts() {
    let out = render_examples();
    let pdf = fs::read(
        out.path()
            .join("2026/obs-de-regenboog/back-up-cloudopslag/pre-dpia.pdf"),
    )
    .unwrap();
    let doc = lopdf::Document::load_mem(&pdf).unwrap();
    assert_eq!(
        pdf_info(&doc, "Title"),
        "Pre-DPIA – Versleutelde back-up in de cloud"
    );
    assert_eq!(pdf_info(&doc, "Author"), "Sander Kuipers");
    // The assessment's date (2026-10-26), not the day of the render.
    let created = pdf_info(&doc, "CreationDate");
    assert!(created.starts_with("D:20261026"), "{created}");
    let text = pdf_text(&pdf);
    // Header (from page 2 on) and footer.
    assert!(text.contains("Pre-DPIA – Versleutelde back-up in de cloud OBS De Regenboog"));
    // The footer names the document by its title, never by a file name, and marks a concept.
    assert!(
        text.contains(
            "CONCEPT Pre-DPIA · Versleutelde back-up in de cloud · versie 1.0 Pagina 2 van"
        )
    );
    assert!(!text.contains("back-up-cloudopslag"));
}

#[test]
fn no_action_asks_for_a_document_that_is_there_or_for_a_dpia_of_an_activity_advised_against() {
    let out = render_examples();
    let outcome = dpiagen::run::check(&[examples()]).unwrap();
    for item in &outcome.valid {
        let a = &item.loaded.activity.assessment;
        let dir = example_dir(out.path(), &a.id);
        let text = pdf_text(&fs::read(dir.join("pre-dpia.pdf")).unwrap());
        // The DTIA is written beside the pre-DPIA whenever a transfer needs one.
        assert!(!text.contains("voer de DTIA uit"), "{}", a.id);
        if item.conclusions.advice.kind == dpiagen::rules::advice::AdviceKind::DoNotUse {
            assert!(!text.contains("voer de DPIA uit"), "{}", a.id);
            // The verdict itself still says a DPIA is required.
            assert!(text.contains("DPIA verplicht"), "{}", a.id);
        }
    }
}

#[test]
fn the_ap_list_prints_only_what_applies_and_a_sentence_for_the_rest() {
    let out = render_examples();
    let outcome = dpiagen::run::check(&[examples()]).unwrap();
    for item in &outcome.valid {
        let a = &item.loaded.activity.assessment;
        let text =
            pdf_text(&fs::read(example_dir(out.path(), &a.id).join("pre-dpia.pdf")).unwrap());
        // The section itself, after the contents.
        let start = text
            .rfind("Lijst van de Autoriteit Persoonsgegevens")
            .unwrap();
        let end = start + text[start..].find("Risico’s").unwrap();
        let section = &text[start..end];
        let listed = item.conclusions.dpia.ap_listed;
        let rest = item.conclusions.dpia.ap_items.len() - listed;
        if listed == 0 {
            assert!(
                section.contains("Geen van de 17 soorten verwerking"),
                "{}: {section}",
                a.id
            );
        } else {
            assert!(
                section.contains(&format!("De overige {rest} soorten verwerking")),
                "{}: {section}",
                a.id
            );
        }
        // An item that is not listed is not printed.
        for (i, ap) in item.conclusions.dpia.ap_items.iter().enumerate() {
            if !ap.listed && i == 0 {
                assert!(!section.contains("Heimelijk onderzoek"), "{}", a.id);
            }
        }
    }
}

#[test]
fn the_heat_maps_name_their_axes() {
    let out = render_examples();
    let text = pdf_text(
        &fs::read(example_dir(out.path(), "leerplatform-uitgever").join("pre-dpia.pdf")).unwrap(),
    );
    // The risk table's column headers once, and each of the two heat maps' axis titles.
    let start = text.rfind("Risico’s").unwrap();
    let risks = &text[start..];
    assert!(risks.matches("Kans").count() >= 3, "{risks}");
    assert!(risks.matches("Ernst").count() >= 3, "{risks}");
    assert!(
        !risks.contains("rijen: kans"),
        "the caption no longer explains the axes"
    );
}
