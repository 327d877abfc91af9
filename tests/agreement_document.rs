//! The clause list (`verwerkersovereenkomst.pdf`): rendered for every example with vendors, with
//! the Dutch headings, the statuses the answers lead to, and blocking findings that reach the
//! pre-DPIA's advice.

mod common;

use common::*;
use std::fs;

fn text_of(out: &tempfile::TempDir, id: &str, doc: &str) -> String {
    let pdf = fs::read(common::example_dir(out.path(), id).join(format!("{doc}.pdf")))
        .unwrap_or_else(|e| panic!("{id}/{doc}.pdf: {e}"));
    assert!(pdf.starts_with(b"%PDF-"), "{id}: no PDF header");
    let (pages, title) = pdf_pages_and_title(&pdf);
    if doc == "verwerkersovereenkomst" {
        assert!(pages >= 4, "{id}: only {pages} pages");
        // Titled by the parties' roles (see the test of that below).
        assert!(
            title.ends_with(" – ") || title.contains(" – "),
            "{id}: {title}"
        );
    }
    pdf_text(&pdf)
}

#[test]
fn every_example_gets_a_clause_list_with_its_statuses() {
    let out = render_examples();
    // (id, party heading, role, agreement state, completeness line, blocking sentence)
    let expected = [
        (
            "leerplatform-uitgever",
            "Leerlijn Online (Uitgeverij Voorbeeld B.V.)",
            "verwerker",
            "getekend",
            "17 van 19 clausules aanwezig (89%)",
            "Geen van de afspraken met de partijen blokkeert het gebruik.",
        ),
        (
            "videolessen-thuis",
            "Zoom (gratis account) (Zoom Communications, Inc.)",
            "verwerker",
            "geen",
            "0 van 19 clausules aanwezig (0%)",
            "is verwerker, maar er is geen verwerkersovereenkomst",
        ),
        (
            "instagram-schoolaccount",
            "Instagram (Meta Platforms Ireland Ltd.)",
            "gezamenlijk verwerkingsverantwoordelijke",
            "geen",
            "0 van 8 clausules aanwezig (0%)",
            "is gezamenlijk verwerkingsverantwoordelijke, maar er is geen regeling",
        ),
        (
            "whatsapp-oudercommunicatie",
            "WhatsApp (WhatsApp Ireland Ltd.)",
            "verwerker",
            "niet te sluiten",
            "0 van 19 clausules aanwezig (0%)",
            "kunnen geen afspraken worden gemaakt",
        ),
    ];
    for (id, party, role, state, completeness, blocking) in expected {
        let text = text_of(&out, id, "verwerkersovereenkomst");
        for heading in [
            "Samenvatting",
            "Blokkerende bevindingen",
            "Volledigheid van de afspraken per partij",
            "Clausule Verwijzing Status Artikel in het contract Actie",
            "Hoe de lijst tot stand komt",
            "Vaststelling",
            "Namens het bestuur",
            party,
        ] {
            assert!(text.contains(heading), "{id}: `{heading}` missing");
        }
        for want in [role, state, completeness, blocking] {
            assert!(text.contains(want), "{id}: `{want}` missing");
        }
        // The appendix for the privacy officer gives the exact answers the conclusions rest on.
        let appendix = text.rfind("Bijlage: Verantwoording").expect("appendix");
        assert!(text[appendix..].contains("vendors[0].agreement."), "{id}");
    }
}

#[test]
fn clause_rows_show_the_answers_and_gaps_become_actions() {
    let out = render_examples();
    let text = text_of(&out, "leerplatform-uitgever", "verwerkersovereenkomst");
    // The parents' private e-mail addresses are not yet named: the data-types clause is partly
    // there, with its article, remark and a medium action.
    assert!(text.contains("Soorten persoonsgegevens"));
    assert!(text.contains("Privé-e-mailadressen van ouders voor thuisaccounts staan er niet in."));
    assert!(text.contains("midden Vul aan."));
    assert!(text.contains("vendors[0].agreement.clauses[2].status = partly"));
    assert!(text.contains("aanwezig"));
    // The gap is a finding in the pre-DPIA too.
    let pre = text_of(&out, "leerplatform-uitgever", "pre-dpia");
    assert!(pre.contains("missen clausules of regelen ze maar deels"));
    assert!(pre.contains("Leerlijn Online (Uitgeverij Voorbeeld B.V.) 17 van 19"));

    // Without an agreement every clause is absent, and required ones get a high priority.
    let zoom = text_of(&out, "videolessen-thuis", "verwerkersovereenkomst");
    assert!(zoom.contains("ontbreekt"));
    assert!(zoom.contains("hoog Neem op in de overeenkomst die nog gesloten moet worden."));
    assert!(zoom.contains("vendors[0].agreement.status = none"));
    let meta = text_of(&out, "instagram-schoolaccount", "verwerkersovereenkomst");
    assert!(meta.contains("Verdeling van de verantwoordelijkheden"));
    assert!(meta.contains("art. 26 lid 2, tweede zin AVG"));
    let wa = text_of(&out, "whatsapp-oudercommunicatie", "verwerkersovereenkomst");
    assert!(wa.contains("Met deze partij niet te regelen; zie de blokkerende bevinding."));
}

#[test]
fn blocking_agreement_findings_reach_the_pre_dpia_advice() {
    let out = render_examples();
    for (id, sentence) in [
        (
            "whatsapp-oudercommunicatie",
            "kunnen geen afspraken worden gemaakt",
        ),
        (
            "videolessen-thuis",
            "maar er is geen verwerkersovereenkomst",
        ),
        ("instagram-schoolaccount", "maar er is geen regeling"),
    ] {
        let pre = text_of(&out, id, "pre-dpia");
        assert!(pre.contains("Advies: Niet gebruiken"), "{id}");
        assert!(pre.contains(sentence), "{id}: `{sentence}` missing");
        let list = text_of(&out, id, "verwerkersovereenkomst");
        assert!(list.contains("dat daarom luidt: Niet gebruiken"), "{id}");
    }
}

#[test]
fn words_hyphenated_at_a_line_end_are_read_whole() {
    // Typst hyphenates long words in narrow table cells; the text stays the text.
    assert_eq!(
        common::join_words("worden ge -\nmaakt: heen-en-\nweer"),
        "worden gemaakt: heen-en- weer"
    );
    assert_eq!(common::join_words(" a  b\n"), "a b");
}

#[test]
fn the_document_is_titled_by_the_parties_roles_and_cites_art_26_only_for_joint_controllers() {
    let out = render_examples();
    let outcome = dpiagen::run::check(&[examples()]).unwrap();
    for item in &outcome.valid {
        let id = item.loaded.activity.assessment.id.as_str();
        let path = common::example_dir(out.path(), id).join("verwerkersovereenkomst.pdf");
        let Ok(pdf) = fs::read(&path) else { continue };
        let (_, title) = pdf_pages_and_title(&pdf);
        let text = pdf_text(&pdf);
        let roles: Vec<String> = item
            .loaded
            .activity
            .vendors
            .iter()
            .map(|v| {
                serde_json::to_value(v.role)
                    .unwrap()
                    .as_str()
                    .unwrap()
                    .to_string()
            })
            .collect();
        let joint = roles.iter().any(|r| r == "joint-controller");
        let expected = if roles.iter().all(|r| r == "joint-controller") {
            "Regeling gezamenlijke verwerkingsverantwoordelijkheid – "
        } else if roles
            .iter()
            .all(|r| r == "processor" || r == "sub-processor")
        {
            "Verwerkersovereenkomst – "
        } else {
            "Afspraken met de partijen – "
        };
        assert!(title.starts_with(expected), "{id}: {title}");
        let body = &text[..text.rfind("Bijlage: Verantwoording").unwrap_or(text.len())];
        assert_eq!(
            body.contains("art. 26 AVG"),
            joint,
            "{id}: Art. 26 cited: {joint}"
        );
    }
}
