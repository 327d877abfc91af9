//! The full DPIA on the bundled example whose DPIA answers are complete
//! (`obs-de-regenboog/leerplatform-uitgever.yaml`): `dpia.pdf` in the order of the Model DPIA
//! Rijksdienst, with the FG's advice, the views of the data subjects and the decision; the
//! packet that includes it; `check` on the activities whose DPIA is still to be done.

mod common;

use common::*;
use std::fs;
use std::path::Path;

/// The Model DPIA Rijksdienst as `data/dpia-model.yaml` gives it: the headings of its parts
/// (`Deel A – …`) and of its points (`1. Voorstel`) in `lang`, in order.
fn model_headings(lang: &str) -> (Vec<String>, Vec<String>) {
    let text =
        fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("data/dpia-model.yaml"))
            .unwrap();
    let model: serde_json::Value = serde_saphyr::from_str(&text).unwrap();
    let word = if lang == "nl" { "Deel" } else { "Part" };
    let parts = model["parts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| {
            let id = p["id"].as_str().unwrap().to_uppercase();
            format!("{word} {id} – {}", p[lang].as_str().unwrap())
        })
        .collect();
    let points: Vec<String> = model["points"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| format!("{}. {}", p["number"], p[lang].as_str().unwrap()))
        .collect();
    assert_eq!(points.len(), 17);
    (parts, points)
}

fn render(out: &Path, lang: &str) {
    succeeded(
        dpiagen()
            .args(["render", "-q", "--lang", lang])
            .arg(examples().join("obs-de-regenboog"))
            .arg("-o")
            .arg(out),
    );
}

fn dpia_text(out: &Path) -> String {
    let pdf = fs::read(example_dir(out, "leerplatform-uitgever").join("dpia.pdf")).unwrap();
    join_words(&pdf_text(&pdf)).replace('’', "'")
}

/// Where `needle` stands in the body: its last occurrence (the first is in the contents).
fn in_body(text: &str, needle: &str) -> usize {
    text.rfind(needle)
        .unwrap_or_else(|| panic!("`{needle}` is not in the DPIA"))
}

#[test]
fn the_dpia_follows_the_model_and_ends_in_a_decision() {
    let out = tempfile::tempdir().unwrap();
    render(out.path(), "nl");
    let text = dpia_text(out.path());
    let (parts, points) = model_headings("nl");
    let mut last = 0;
    for heading in &points {
        let at = in_body(&text, heading);
        assert!(at > last, "`{heading}` is out of order");
        last = at;
    }
    let mut last = 0;
    for part in &parts {
        let at = in_body(&text, part);
        assert!(at > last, "`{part}` is out of order");
        last = at;
    }
    // Part A before point 1, part D before point 17.
    assert!(in_body(&text, &parts[0]) < in_body(&text, &points[0]));
    assert!(in_body(&text, &parts[3]) < in_body(&text, &points[16]));

    // Art. 35(7) AVG: every element named, and where it is.
    for element in [
        "een systematische beschrijving van de verwerkingen en hun doeleinden",
        "een beoordeling van de noodzaak en evenredigheid",
        "een beoordeling van de risico's voor de rechten en vrijheden van de betrokkenen",
        "de beoogde maatregelen",
    ] {
        assert!(text.contains(element), "Art. 35(7): `{element}` missing");
    }

    // The FG's advice (Art. 35(2)) and the views of the data subjects (Art. 35(9)).
    let advice = in_body(&text, "Advies van de FG en zienswijzen");
    assert!(text[advice..].contains("19 oktober 2026"));
    assert!(text[advice..].contains("De FG onderschrijft dat een DPIA nodig is"));
    assert!(text[advice..].contains("De bijsluiter wordt vóór 1 december 2026 aangevuld"));
    assert!(text[advice..].contains("Ouderpanel van acht ouders"));
    assert!(text[advice..].contains("Bespreking in de MR-vergadering van 2 november 2026"));

    // The decision page: the board's decision and its signature, before the appendix.
    let decision = in_body(
        &text,
        "heeft deze DPIA, het advies van de FG en de zienswijzen",
    );
    let appendix = in_body(&text, "Bijlage: Verantwoording");
    assert!(decision > advice && appendix > decision);
    let page = &text[decision..appendix];
    assert!(
        page.contains("Starten nadat de maatregelen zijn genomen"),
        "{page}"
    );
    assert!(
        page.contains("Hanneke Verhoeven") && page.contains("Handtekening"),
        "{page}"
    );
    assert!(page.contains("herzien vóór 9 november 2027"), "{page}");
    assert!(!page.contains("Autoriteit Persoonsgegevens raadplegen"));

    // The pre-DPIA no longer asks to carry out the DPIA: it is done.
    let pre =
        fs::read(example_dir(out.path(), "leerplatform-uitgever").join("pre-dpia.pdf")).unwrap();
    let pre = join_words(&pdf_text(&pre));
    assert!(pre.contains("de volledige DPIA is uitgevoerd"), "{pre}");
    assert!(!pre.contains("voer de DPIA uit"));
}

#[test]
fn only_the_activity_with_complete_dpia_answers_gets_a_dpia() {
    let out = tempfile::tempdir().unwrap();
    render(out.path(), "nl");
    for id in [
        "back-up-cloudopslag",
        "instagram-schoolaccount",
        "videolessen-thuis",
    ] {
        assert!(
            !example_dir(out.path(), id).join("dpia.pdf").exists(),
            "{id} has no complete DPIA answers"
        );
        assert!(example_dir(out.path(), id).join("pre-dpia.pdf").is_file());
    }
}

#[test]
fn the_english_dpia_has_the_same_points() {
    let out = tempfile::tempdir().unwrap();
    render(out.path(), "en");
    let text = dpia_text(out.path());
    let (parts, points) = model_headings("en");
    let mut last = 0;
    for heading in points.iter().chain(&parts) {
        assert!(in_body(&text, heading) > 0, "`{heading}` is missing");
    }
    for heading in [
        points[16].as_str(),
        "Advice of the DPO and views of the data subjects",
        "has weighed this DPIA, the DPO's advice",
    ] {
        let at = in_body(&text, heading);
        assert!(at > last, "`{heading}` is out of order");
        last = at;
    }
    assert!(text.contains("Article 35(7) GDPR"));
}

#[test]
fn the_packet_includes_the_dpia_and_asks_consent_once_it_is_complete() {
    let out = tempfile::tempdir().unwrap();
    succeeded(
        dpiagen()
            .args(["packet", "-q"])
            .arg(examples().join("obs-de-regenboog"))
            .arg("-o")
            .arg(out.path()),
    );
    let pdf = fs::read(out.path().join("2026/obs-de-regenboog/gmr-pakket.pdf")).unwrap();
    let text = join_words(&pdf_text(&pdf));
    assert!(text.contains("DPIA – Digitale oefenomgeving van Uitgeverij Voorbeeld"));
    assert!(
        text.contains(
            "Instemming met het gebruik van Digitale oefenomgeving van Uitgeverij Voorbeeld ,"
        ),
        "the council is asked to consent to the platform whose DPIA is complete"
    );
    // The back-up's DPIA is not complete: notice now, consent later.
    let backup = text
        .find("Kennisname van de pre-DPIA van Versleutelde back-up in de cloud")
        .expect("notice of the back-up's pre-DPIA");
    assert!(
        text[backup..].starts_with(
            "Kennisname van de pre-DPIA van Versleutelde back-up in de cloud : een volledige DPIA is verplicht en nog niet uitgevoerd"
        ),
        "{}",
        &text[backup..backup + 200]
    );
}

#[test]
fn check_names_each_missing_section_of_a_required_dpia() {
    let run = dpiagen()
        .args(["check", "--json"])
        .arg(examples().join("obs-de-regenboog/back-up-cloudopslag.yaml"))
        .output()
        .unwrap();
    let report: serde_json::Value = serde_json::from_slice(&run.stdout).unwrap();
    let missing: Vec<&serde_json::Value> = report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["code"] == "dpia-incomplete")
        .collect();
    let fields: Vec<&str> = missing
        .iter()
        .map(|d| d["field"].as_str().unwrap())
        .collect();
    // The back-up has the FG's advice; the other six sections are missing.
    assert_eq!(
        fields,
        [
            "dpia.interests",
            "dpia.framework",
            "dpia.further_use",
            "dpia.rights",
            "dpia.views",
            "dpia.residual_acceptance"
        ]
    );
    for d in missing {
        assert_eq!(d["severity"], "warning");
        assert!(
            d["file"]
                .as_str()
                .unwrap()
                .ends_with("back-up-cloudopslag.yaml")
        );
        assert!(d["line"].as_u64().unwrap() > 1);
        assert!(
            d["message"]
                .as_str()
                .unwrap()
                .contains("the full DPIA is required")
        );
    }
}

#[test]
fn the_json_report_gives_the_decision_of_a_complete_dpia() {
    let run = dpiagen()
        .args(["check", "--json"])
        .arg(examples().join("obs-de-regenboog"))
        .output()
        .unwrap();
    let report: serde_json::Value = serde_json::from_slice(&run.stdout).unwrap();
    for a in report["activities"].as_array().unwrap() {
        let decision = &a["verdicts"]["dpia_decision"];
        if a["assessment_id"] == "leerplatform-uitgever" {
            assert_eq!(decision, "start-with-measures");
        } else {
            assert!(decision.is_null(), "{a}");
        }
    }
}
