//! End to end: the activities whose data leaves the EEA get a `dtia.pdf` with the verdict, the
//! six EDPB steps, the calculation and the reasons; the others get none.

mod common;

use common::*;
use std::fs;
use std::path::Path;

fn render_all(out: &Path) {
    let status = dpiagen()
        .args(["render", "-q"])
        .arg(examples())
        .arg("-o")
        .arg(out)
        .output()
        .unwrap();
    assert!(
        status.status.success(),
        "{}",
        String::from_utf8_lossy(&status.stderr)
    );
}

#[test]
fn only_activities_with_a_transfer_get_a_dtia_with_its_verdict_and_the_six_steps() {
    let out = tempfile::tempdir().unwrap();
    render_all(out.path());
    // (assessment id, expected verdict; None: no transfer, so no DTIA)
    let expected = [
        (
            "instagram-schoolaccount",
            Some("Oordeel: Doorgifte toegestaan Dit"),
        ),
        (
            "whatsapp-oudercommunicatie",
            Some("Oordeel: Doorgifte toegestaan Dit"),
        ),
        (
            "videolessen-thuis",
            Some("Oordeel: Doorgifte niet toegestaan"),
        ),
        (
            "back-up-cloudopslag",
            Some("Oordeel: Doorgifte toegestaan met de genoemde aanvullende maatregelen"),
        ),
        ("leerplatform-uitgever", None),
        ("ouderapp", None),
    ];
    for (id, verdict) in expected {
        let dir = common::example_dir(out.path(), id);
        assert!(dir.join("pre-dpia.pdf").is_file(), "{id}: no pre-DPIA");
        let dtia = dir.join("dtia.pdf");
        let Some(verdict) = verdict else {
            assert!(!dtia.exists(), "{id}: a DTIA without a transfer");
            let pre = pdf_text(&fs::read(dir.join("pre-dpia.pdf")).unwrap());
            assert!(
                pre.contains("geen DTIA nodig"),
                "{id}: pre-DPIA does not say why"
            );
            continue;
        };
        let pdf = fs::read(&dtia).unwrap_or_else(|e| panic!("{id}: {e}"));
        let (pages, title) = pdf_pages_and_title(&pdf);
        assert!(pages >= 5, "{id}: only {pages} pages");
        assert!(title.starts_with("DTIA – "), "{id}: title {title}");
        let text = pdf_text(&pdf);
        assert!(text.contains(verdict), "{id}: verdict `{verdict}` missing");
        for heading in [
            "Samenvatting",
            "Stap 1: ken de doorgiften",
            "Stap 2: het doorgifte-instrument",
            "Stap 3: recht en praktijk in het derde land",
            "Stap 4: aanvullende maatregelen",
            "Stap 5: procedurele stappen",
            "Stap 6: herbeoordeling",
            "De methode en haar grenzen",
            "Bevindingen en acties",
            "Namens het bestuur",
            "Opgesteld door de privacy officer",
        ] {
            assert!(text.contains(heading), "{id}: `{heading}` missing");
        }
        // The conclusions name the answers they rest on in words; the appendix gives them
        // exactly, for the privacy officer.
        assert!(
            text.contains("Grond: Land van de ontvanger:"),
            "{id}: reasons missing"
        );
        let appendix = text.rfind("Bijlage: Verantwoording").expect("appendix");
        assert!(
            text[appendix..].contains("transfers[0]."),
            "{id}: trace missing"
        );
        assert!(text.contains("FISA section 702"), "{id}: laws missing");
        // The pre-DPIA points to the DTIA.
        let pre = pdf_text(&fs::read(dir.join("pre-dpia.pdf")).unwrap());
        assert!(
            pre.contains("doorgiftetoets (DTIA) bij deze verwerking"),
            "{id}"
        );
    }
}

#[test]
fn the_scc_example_shows_its_calculation_against_the_threshold() {
    let out = tempfile::tempdir().unwrap();
    let status = dpiagen()
        .args(["render", "-q"])
        .arg(examples().join("obs-de-regenboog/back-up-cloudopslag.yaml"))
        .arg("-o")
        .arg(out.path())
        .output()
        .unwrap();
    assert!(status.status.success());
    let text = pdf_text(
        &fs::read(
            out.path()
                .join("2026/obs-de-regenboog/back-up-cloudopslag/dtia.pdf"),
        )
        .unwrap(),
    );
    // S1 = 0.02 × 0.5 × 0.01, S2 = 0.01 × 0.3 × 0.01, S3 = 0.1 × 0.001;
    // 1 − (1 − 0.0001)(1 − 0.00003)(1 − 0.0001) ≈ 0.023 %, against the school's 5 %.
    for part in [
        "Drempel: 5 % (vastgesteld door de school)",
        "0,003 %",
        "0,023 %",
        "op of onder de drempel",
        "Figuur 1",
        "De gegevens zijn versleuteld opgeslagen en alleen de school heeft de sleutels",
        "transfers[0].measures.keys = school",
    ] {
        assert!(text.contains(part), "`{part}` missing");
    }
}

#[test]
fn a_return_period_is_rounded_as_a_reader_takes_it_in() {
    let out = render_examples();
    let mut seen = 0;
    for id in [
        "back-up-cloudopslag",
        "instagram-schoolaccount",
        "videolessen-thuis",
        "whatsapp-mentorgroep",
        "whatsapp-oudercommunicatie",
    ] {
        let Ok(pdf) = fs::read(common::example_dir(out.path(), id).join("dtia.pdf")) else {
            continue;
        };
        let text = pdf_text(&pdf);
        for (at, _) in text.match_indices("Statistisch eens per ") {
            seen += 1;
            let figure: String = text[at + "Statistisch eens per ".len()..]
                .split(" jaar")
                .next()
                .unwrap()
                .to_string();
            // "ruim 21.000", never "21741".
            let digits = figure.chars().filter(char::is_ascii_digit).count();
            assert!(
                digits < 3 || figure.starts_with("ruim ") || figure.ends_with("00"),
                "{id}: eens per {figure} jaar"
            );
            assert!(digits < 4 || figure.contains('.'), "{id}: {figure}");
        }
    }
    assert!(seen > 0, "no return period in any DTIA");
}

#[test]
fn an_allowed_transfer_beside_laws_that_reach_the_importer_says_why_they_do_not_block() {
    let out = render_examples();
    let outcome = dpiagen::run::check(&[examples()]).unwrap();
    let mut seen = 0;
    for item in &outcome.valid {
        let Some(d) = &item.conclusions.dtia else {
            continue;
        };
        let text = pdf_text(
            &fs::read(
                common::example_dir(out.path(), &item.loaded.activity.assessment.id)
                    .join("dtia.pdf"),
            )
            .unwrap(),
        );
        for t in &d.transfers {
            let open = t.laws.iter().any(|l| !l.countered);
            let allowed = t.verdict != dpiagen::rules::dtia::Verdict::NotAllowed;
            assert_eq!(t.flags_allowed_by.is_some(), open && allowed);
            if open && allowed {
                seen += 1;
                assert!(
                    text.contains("dat blokkeert de doorgifte niet, omdat"),
                    "{}",
                    t.importer
                );
            }
        }
        assert!(!text.contains("dpiagen kent"), "tool word in the DTIA");
    }
    assert!(seen > 0, "no example with such a transfer");
}

#[test]
fn a_transfer_to_malaysia_lists_its_laws_and_marks_the_unconfirmed_one() {
    let input = tempfile::tempdir().unwrap();
    let school = examples().join("obs-de-regenboog");
    let dir = input.path().join("obs-de-regenboog");
    fs::create_dir_all(&dir).unwrap();
    fs::copy(
        school.join("organisatie.yaml"),
        dir.join("organisatie.yaml"),
    )
    .unwrap();
    // The back-up example, moved to Malaysia and without its US calculation.
    let yaml = fs::read_to_string(school.join("back-up-cloudopslag.yaml")).unwrap();
    let start = yaml.find("    lawful_access:\n").expect("a calculation");
    let end = start + yaml[start..].find("\ncriteria:").expect("criteria follow") + 1;
    let yaml = format!("{}{}", &yaml[..start], &yaml[end..])
        .replace("locations: [US]", "locations: [MY]")
        .replace("country: US", "country: MY");
    fs::write(dir.join("back-up-cloudopslag.yaml"), yaml).unwrap();
    let out = tempfile::tempdir().unwrap();
    let status = dpiagen()
        .args(["render", "-q"])
        .arg(input.path())
        .arg("-o")
        .arg(out.path())
        .output()
        .unwrap();
    assert!(
        status.status.success(),
        "{}",
        String::from_utf8_lossy(&status.stderr)
    );
    let pdf = fs::read(common::example_dir(out.path(), "back-up-cloudopslag").join("dtia.pdf"))
        .expect("a DTIA");
    let text = join_words(&pdf_text(&pdf));
    for expected in [
        "Criminal Procedure Code (Act 593), s. 116C",
        "Communications and Multimedia Act 1998",
        "niet bevestigd",
        "is een aanwijzing, geen gecontroleerd feit",
        "Bron: Criminal Procedure Code (Act 593), s. 116C",
    ] {
        assert!(text.contains(expected), "missing {expected:?}");
    }
    assert!(
        !text.contains("bevat deze beoordeling geen gegevens"),
        "Malaysia is covered"
    );
}
