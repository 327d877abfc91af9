//! `dpiagen packet` on the bundled examples: one (G)MR packet and one board memo per
//! organisation, read back from the PDF.

mod common;

use common::*;
use dpiagen::packet::context;
use dpiagen::render::DocumentKind;
use dpiagen::run;
use std::fs;
use std::path::{Path, PathBuf};

/// The example organisations: (folder of the questionnaires, organisation id = output folder).
const ORGS: [(&str, &str); 3] = [
    ("obs-de-regenboog", "obs-de-regenboog"),
    ("zmlk-de-vlinder", "so-de-vlinder"),
    ("roc-de-waterlinie", "roc-de-waterlinie"),
];

/// What a packet is called and whom its letter addresses, by the councils of its profile: the
/// (G)MR of a school, or every council of an mbo college.
fn addressed(org: &dpiagen::model::Organisation) -> (String, String, usize) {
    use dpiagen::model::CouncilKind;
    let short = |k: CouncilKind| match k {
        CouncilKind::Mr => "MR",
        CouncilKind::Gmr => "GMR",
        CouncilKind::Ondernemingsraad => "OR",
        CouncilKind::Studentenraad => "studentenraad",
        other => panic!("no example has a {other:?}"),
    };
    let councils: Vec<_> = std::iter::once(&org.council)
        .chain(&org.other_councils)
        .map(|c| format!("de {}", short(c.kind)))
        .collect();
    let packet = if councils.len() == 1 {
        format!("{}-pakket", short(org.council.kind))
    } else {
        "Medezeggenschapspakket".to_string()
    };
    (packet, councils.join(" en "), councils.len())
}

fn packet(out: &Path, args: &[&str]) {
    let mut cmd = dpiagen();
    cmd.args(["packet", "-q"]).args(args);
    for (folder, _) in ORGS {
        cmd.arg(examples().join(folder));
    }
    let output = cmd.arg("-o").arg(out).output().unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
}

/// Titles of the PDF's bookmarks, depth first, with their depth.
fn bookmarks(bytes: &[u8]) -> Vec<(usize, String)> {
    let doc = lopdf::Document::load_mem(bytes).expect("valid PDF");
    let root = doc
        .trailer
        .get(b"Root")
        .and_then(|r| r.as_reference())
        .unwrap();
    let catalog = doc.get_dictionary(root).unwrap();
    let outlines = catalog
        .get(b"Outlines")
        .and_then(|o| o.as_reference())
        .unwrap();
    let mut out = Vec::new();
    let first = doc.get_dictionary(outlines).unwrap().get(b"First").ok();
    walk(&doc, first.and_then(|f| f.as_reference().ok()), 0, &mut out);
    out
}

fn walk(
    doc: &lopdf::Document,
    mut node: Option<lopdf::ObjectId>,
    depth: usize,
    out: &mut Vec<(usize, String)>,
) {
    while let Some(id) = node {
        let dict = doc.get_dictionary(id).unwrap();
        let title = lopdf::decode_text_string(dict.get(b"Title").unwrap()).unwrap();
        out.push((depth, title));
        let child = dict.get(b"First").and_then(|f| f.as_reference()).ok();
        walk(doc, child, depth + 1, out);
        node = dict.get(b"Next").and_then(|n| n.as_reference()).ok();
    }
}

#[test]
fn one_packet_per_organisation_lists_every_part() {
    let out = tempfile::tempdir().unwrap();
    packet(out.path(), &[]);

    for (folder, org) in ORGS {
        let outcome = run::check(&[examples().join(folder)]).unwrap();
        let (packet_name, addressees, _) =
            addressed(&outcome.valid[0].loaded.organisation.organisation);
        let pdf = fs::read(out.path().join("2026").join(org).join("gmr-pakket.pdf")).unwrap();
        assert!(pdf.starts_with(b"%PDF-"));
        let (pages, title) = pdf_pages_and_title(&pdf);
        assert!(
            title.starts_with(&format!("{packet_name} privacy 2026 – ")),
            "{title}"
        );

        let marks = bookmarks(&pdf);
        let parts: Vec<&str> = marks
            .iter()
            .filter(|(d, _)| *d == 0)
            .map(|(_, t)| t.as_str())
            .collect();
        let letter = format!("Instemmingsverzoek aan {addressees}");
        assert_eq!(parts[..2], [letter.as_str(), "Inhoud en overzicht"]);
        // The letter, with the council's decision and signature, fits on its first page.
        assert!(pdf_text_of_page(&pdf, 1).contains("Namens de"), "{org}");
        assert!(!pdf_text_of_page(&pdf, 2).contains("Namens de"), "{org}");
        // The action list closes the decision part; an organisation with a DTIA gets the
        // calculation method once, as an appendix after it.
        let contributions: Vec<_> = outcome
            .valid
            .iter()
            .map(|i| {
                let ask = context::decision(&i.loaded.activity, &i.conclusions).ask;
                (i, context::contribution(&i.conclusions, ask))
            })
            .collect();
        let has_dtia = contributions
            .iter()
            .any(|(_, docs)| docs.iter().any(|(k, _)| *k == DocumentKind::Dtia));
        let tail: &[&str] = if has_dtia {
            &["Actielijst", "De rekenmethode van de doorgiftetoets"]
        } else {
            &["Actielijst"]
        };
        assert_eq!(parts[parts.len() - tail.len()..], *tail);
        // The code of conduct and every document an activity contributes are parts, with
        // their sections below them.
        assert!(
            parts[2].starts_with("Gedragscode sociale media – "),
            "{parts:?}"
        );
        let mut documents = 1;
        for (item, docs) in &contributions {
            let a = &item.loaded.activity;
            for (kind, _) in docs {
                documents += 1;
                let prefix = match kind {
                    DocumentKind::PreDpia => "Pre-DPIA – ",
                    DocumentKind::Dpia => "DPIA – ",
                    DocumentKind::Dtia => "DTIA – ",
                    _ => "",
                };
                let name = format!("{prefix}{}", a.assessment.title);
                assert!(
                    parts.iter().any(|p| p.ends_with(&name)),
                    "{org}: no part for {} of {}: {parts:?}",
                    kind.name(),
                    a.assessment.id
                );
            }
            // A complete DPIA takes the pre-DPIA's place.
            if item.conclusions.full_dpia.complete {
                let pre = format!("Pre-DPIA – {}", a.assessment.title);
                assert!(!parts.contains(&pre.as_str()), "{org}: {parts:?}");
            }
        }
        assert_eq!(parts.len(), documents + 2 + tail.len(), "{parts:?}");
        // Short enough to be read: the largest example (four activities) stays within 35 pages.
        assert!(pages <= 35, "{org}: {pages} pages");
        assert!(marks.iter().any(|(d, t)| *d == 1 && t == "1 Samenvatting"));

        let text = pdf_text(&pdf);
        // The appendix for the privacy officer stays with the documents on their own.
        assert!(!text.contains("Bijlage: Verantwoording"), "{org}");
        for needle in [
            letter.as_str(),
            "Wij vragen de",
            "Kennisname",
            "Overzicht van de verwerkingen",
            "Actielijst",
            "Bevindingen",
            "Geplande acties",
            "Pagina 1 van",
        ] {
            assert!(text.contains(needle), "{org}: `{needle}` missing");
        }
        for item in &outcome.valid {
            assert!(text.contains(&item.loaded.activity.assessment.title));
        }
        // Each part restarts its page numbers.
        assert!(text.matches("Pagina 1 van").count() >= documents + 3);
    }
}

#[test]
fn the_board_memo_has_its_sections() {
    let out = tempfile::tempdir().unwrap();
    packet(out.path(), &[]);
    for (_, org) in ORGS {
        let pdf = fs::read(
            out.path()
                .join("2026")
                .join(org)
                .join("bestuursvoorstel.pdf"),
        )
        .unwrap();
        let (pages, title) = pdf_pages_and_title(&pdf);
        assert!(title.starts_with("Bestuursvoorstel privacybeoordelingen 2026 – "));
        assert!(pages >= 1);
        let text = pdf_text(&pdf);
        for heading in [
            "Voorstel",
            "Overzicht",
            "boven de drempel",
            "Acties, eigenaren en termijnen",
            "Geplande acties",
            "Advies van de FG",
            "Besluit van het bestuur",
        ] {
            assert!(text.contains(heading), "{org}: `{heading}` missing");
        }
    }
    // The regenboog's answers plan actions with owners and dates; the memo shows them as given.
    let text = pdf_text(
        &fs::read(
            out.path()
                .join("2026/obs-de-regenboog/bestuursvoorstel.pdf"),
        )
        .unwrap(),
    );
    assert!(text.contains("ICT-coördinator"));
    assert!(text.contains("15 oktober 2026"));
}

#[test]
fn two_packet_runs_are_byte_identical() {
    let a = tempfile::tempdir().unwrap();
    let b = tempfile::tempdir().unwrap();
    packet(a.path(), &[]);
    packet(b.path(), &[]);
    // The documents; the manifest beside them records when each was written.
    let pdfs = |dir: &Path| -> Vec<PathBuf> {
        files_below(dir)
            .into_iter()
            .filter(|f| f.extension().is_some_and(|e| e == "pdf"))
            .collect()
    };
    let files = pdfs(a.path());
    assert_eq!(files, pdfs(b.path()));
    assert_eq!(files.len(), 6);
    for f in files {
        assert_eq!(
            fs::read(a.path().join(&f)).unwrap(),
            fs::read(b.path().join(&f)).unwrap(),
            "{}",
            f.display()
        );
    }
    // A third run into the same folder typesets nothing and changes nothing.
    dpiagen()
        .arg("packet")
        .arg(examples().join(ORGS[1].0))
        .arg("-o")
        .arg(a.path())
        .assert()
        .success()
        .stderr(predicates::str::contains(
            "0 rendered, 2 unchanged, 0 failed",
        ));
}

#[test]
fn typ_format_writes_main_parts_and_house_style() {
    let out = tempfile::tempdir().unwrap();
    packet(out.path(), &["--format", "typ"]);
    let dir = out.path().join("2026/so-de-vlinder");
    assert_eq!(
        files_below(&dir),
        [
            "bestuursvoorstel.typ",
            "dpiagen.typ",
            "gmr-pakket.typ",
            "parts/organisatie/gedragscode-sociale-media.typ",
            "parts/ouderapp/pre-dpia.typ",
            "parts/ouderapp/verwerkersovereenkomst.typ",
            // Advised against: only its pre-DPIA.
            "parts/whatsapp-oudercommunicatie/pre-dpia.typ",
            "parts/zorgdossier/pre-dpia.typ",
            "parts/zorgdossier/verwerkersovereenkomst.typ",
        ]
        .map(std::path::PathBuf::from)
    );
    let main = fs::read_to_string(dir.join("gmr-pakket.typ")).unwrap();
    assert!(main.contains("#include \"/parts/whatsapp-oudercommunicatie/pre-dpia.typ\""));
}

#[test]
fn an_invalid_questionnaire_gives_no_packet() {
    let tmp = tempfile::tempdir().unwrap();
    let src = examples().join("zmlk-de-vlinder");
    let dir = tmp.path().join("school");
    fs::create_dir(&dir).unwrap();
    fs::copy(src.join("organisatie.yaml"), dir.join("organisatie.yaml")).unwrap();
    let yaml = fs::read_to_string(src.join("whatsapp-oudercommunicatie.yaml")).unwrap();
    fs::write(
        dir.join("whatsapp-oudercommunicatie.yaml"),
        yaml.replacen("use: ", "use: sometimes-", 1),
    )
    .unwrap();
    let out = tmp.path().join("out");
    dpiagen()
        .arg("packet")
        .arg(&dir)
        .arg("-o")
        .arg(&out)
        .assert()
        .code(2)
        .stderr(predicates::str::contains("no packet written"));
    assert!(!out.exists());
}

#[test]
fn consent_is_asked_only_after_the_dpia_and_the_fg_advice() {
    let out = tempfile::tempdir().unwrap();
    packet(out.path(), &[]);
    let dir = out.path().join("2026/obs-de-regenboog");
    let letter = pdf_text(&fs::read(dir.join("gmr-pakket.pdf")).unwrap());
    // The back-up needs its full DPIA first; the platform's DPIA is complete.
    assert!(letter.contains("Volgorde."), "no order explained");
    assert!(letter.contains("art. 35 lid 1 AVG"));
    let backup = "Versleutelde back-up in de cloud";
    assert!(letter.contains(&format!("Kennisname van de pre-DPIA van {backup}")));
    assert!(!letter.contains(&format!("Instemming met het gebruik van {backup}")));
    let platform = "Digitale oefenomgeving van Uitgeverij Voorbeeld";
    assert!(letter.contains(&format!("Instemming met het gebruik van {platform}")));
    assert!(!letter.contains(&format!("Kennisname van de pre-DPIA van {platform}")));
    assert!(!letter.contains("op voorwaarde dat de volledige DPIA is afgerond"));
    // The board memo proposes to decide on the use only after the DPIA.
    let memo = pdf_text(&fs::read(dir.join("bestuursvoorstel.pdf")).unwrap());
    assert!(
        memo.contains("eerst de volledige DPIA uit te laten voeren"),
        "{memo}"
    );
}

#[test]
fn the_council_signs_a_packet_once_and_its_parts_carry_no_signature_blocks() {
    let out = tempfile::tempdir().unwrap();
    packet(out.path(), &[]);
    for (src, folder) in ORGS {
        let outcome = run::check(&[examples().join(src)]).unwrap();
        let (_, _, councils) = addressed(&outcome.valid[0].loaded.organisation.organisation);
        let dir = out.path().join("2026").join(folder);
        let text = pdf_text(&fs::read(dir.join("gmr-pakket.pdf")).unwrap());
        assert_eq!(
            text.matches("Handtekening").count(),
            councils,
            "{folder}: one signature line per council, on the request for consent"
        );
        let letter = pdf_text_of_page(&fs::read(dir.join("gmr-pakket.pdf")).unwrap(), 1);
        assert!(letter.contains("Handtekening"), "{folder}: {letter}");
    }
    // A document on its own keeps its signature block.
    let alone = render_examples();
    let pre = pdf_text(
        &fs::read(example_dir(alone.path(), "leerplatform-uitgever").join("pre-dpia.pdf")).unwrap(),
    );
    assert!(pre.contains("Handtekening"));
}

/// The page label a PDF viewer shows for each page: `/PageLabels` of the catalogue (a flat
/// number tree of decimal labels), `None` where it has none.
fn page_labels(pdf: &[u8]) -> Vec<Option<i64>> {
    let doc = lopdf::Document::load_mem(pdf).unwrap();
    let pages = doc.get_pages().len();
    let catalog = doc.catalog().unwrap();
    let Ok(tree) = catalog.get(b"PageLabels") else {
        return vec![None; pages];
    };
    let tree = match tree {
        lopdf::Object::Reference(id) => doc.get_dictionary(*id).unwrap(),
        other => other.as_dict().unwrap(),
    };
    let nums = tree.get(b"Nums").unwrap().as_array().unwrap();
    let mut starts = Vec::new();
    for pair in nums.chunks(2) {
        let index = pair[0].as_i64().unwrap();
        let label = match &pair[1] {
            lopdf::Object::Reference(id) => doc.get_dictionary(*id).unwrap(),
            other => other.as_dict().unwrap(),
        };
        assert_eq!(label.get(b"S").unwrap().as_name().unwrap(), b"D");
        let start = label.get(b"St").map_or(1, |n| n.as_i64().unwrap());
        starts.push((index, start));
    }
    (0..pages as i64)
        .map(|page| {
            starts
                .iter()
                .rev()
                .find(|(index, _)| *index <= page)
                .map(|(index, start)| start + page - index)
        })
        .collect()
}

#[test]
fn page_labels_match_the_printed_part_page_numbers() {
    let out = tempfile::tempdir().unwrap();
    packet(out.path(), &[]);
    for (_, folder) in ORGS {
        let pdf = fs::read(out.path().join("2026").join(folder).join("gmr-pakket.pdf")).unwrap();
        let labels = page_labels(&pdf);
        let pages = pdf_extract::extract_text_from_mem_by_pages(&pdf).unwrap();
        assert_eq!(labels.len(), pages.len());
        for (i, (label, text)) in labels.iter().zip(&pages).enumerate() {
            let text = join_words(text);
            let printed = text
                .split("Pagina ")
                .nth(1)
                .and_then(|rest| rest.split(' ').next())
                .and_then(|n| n.parse::<i64>().ok());
            assert_eq!(*label, printed, "{folder}, page {}", i + 1);
        }
    }
}

#[test]
fn an_mbo_packet_addresses_its_councils_under_their_own_laws() {
    let out = tempfile::tempdir().unwrap();
    packet(out.path(), &[]);
    let mbo = out.path().join("2026/roc-de-waterlinie");
    let letter = join_words(&pdf_text_of_page(
        &fs::read(mbo.join("gmr-pakket.pdf")).unwrap(),
        1,
    ));
    for expected in [
        "Geachte leden van de OR en de studentenraad",
        "De Wet op de ondernemingsraden geeft de OR instemmingsrecht",
        "art. 27 lid 1 onder k en l WOR",
        "De Wet educatie en beroepsonderwijs (WEB) geeft de studentenraad",
        "persoonsgegevens van studenten, ouders en medewerkers",
        "Namens de OR, voorzitter",
        "Namens de studentenraad, voorzitter",
    ] {
        assert!(letter.contains(expected), "{expected}: {letter}");
    }
    let whole = pdf_text(&fs::read(mbo.join("gmr-pakket.pdf")).unwrap());
    for absent in [
        "Wet medezeggenschap op scholen",
        "WMS",
        "leerling",
        "Leerling",
    ] {
        assert!(!whole.contains(absent), "{absent} in the mbo packet");
    }
    // A primary school's packet still speaks of the WMS and of pupils.
    let po = pdf_text_of_page(
        &fs::read(out.path().join("2026/obs-de-regenboog/gmr-pakket.pdf")).unwrap(),
        1,
    );
    assert!(join_words(&po).contains("De Wet medezeggenschap op scholen (WMS) geeft de MR"));
    assert!(po.contains("leerlingen"));
}

#[test]
fn a_university_of_applied_sciences_cites_the_whw_and_the_wor() {
    // The mbo example as a hogeschool: its medezeggenschapsraad under the WHW, beside the
    // ondernemingsraad under the WOR.
    let dir = tempfile::tempdir().unwrap();
    let school = dir.path().join("hogeschool");
    copy_example("roc-de-waterlinie", &school);
    let profile = school.join("organisatie.yaml");
    let text = fs::read_to_string(&profile)
        .unwrap()
        .replace("sector: mbo", "sector: ho")
        .replace("  - kind: studentenraad", "  - kind: mr")
        .replace("level: mbo", "level: ho")
        .replace("groups: [mbo]", "groups: [ho]");
    fs::write(&profile, text).unwrap();
    let out = dir.path().join("out");
    succeeded(
        dpiagen()
            .args(["packet", "-q"])
            .arg(&school)
            .arg("-o")
            .arg(&out),
    );
    let letter = join_words(&pdf_text_of_page(
        &fs::read(out.join("2026/roc-de-waterlinie/gmr-pakket.pdf")).unwrap(),
        1,
    ));
    for expected in [
        "Geachte leden van de OR en de MR",
        "De Wet op de ondernemingsraden geeft de OR instemmingsrecht",
        "De Wet op het hoger onderwijs en wetenschappelijk onderzoek (WHW) geeft de MR",
        "persoonsgegevens van studenten",
    ] {
        assert!(letter.contains(expected), "{expected}: {letter}");
    }
    assert!(
        !letter.contains("Wet medezeggenschap op scholen"),
        "{letter}"
    );
}
