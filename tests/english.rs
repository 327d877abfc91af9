//! Documents in English: `--lang en` or `language: en` in the organisation profile renders every
//! document from `templates/en/`; no Dutch heading or fixed phrase leaks into an English document
//! and no English one into a Dutch document. Headings are read from the PDFs' bookmarks (the
//! answers themselves are printed as written, in Dutch in the examples).

mod common;

use common::*;
use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};

/// The document templates and the file each one writes per activity or organisation.
const DOCUMENTS: [&str; 4] = [
    "pre-dpia",
    "verwerkersovereenkomst",
    "dtia",
    "gedragscode-sociale-media",
];

/// The fixed headings of a template (`= …`, `== …`, `=== …` lines without a value in them),
/// without their label.
fn headings(lang: &str, template: &str) -> Vec<String> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("templates")
        .join(lang)
        .join(format!("{template}.typ.tera"));
    let text = fs::read_to_string(&path).unwrap();
    text.lines()
        .filter_map(|l| {
            let title = l.trim_start_matches('=');
            (title.len() < l.len() && title.starts_with(' ') && !l.contains("{{")).then(|| {
                let title = title.split(" <").next().unwrap_or(title);
                normalise(title)
            })
        })
        .collect()
}

/// Typographic apostrophes and quotes as straight ones, whitespace folded.
fn normalise(text: &str) -> String {
    text.replace(['’', '‘'], "'")
        .replace(['“', '”'], "\"")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// The bookmark titles of a PDF, without their section numbers.
fn bookmarks(pdf: &Path) -> Vec<String> {
    let doc = lopdf::Document::load(pdf).unwrap();
    let toc = doc.get_toc().expect("the PDF has bookmarks");
    toc.toc
        .iter()
        .map(|entry| {
            let title = entry
                .title
                .trim_start_matches(|c: char| c.is_ascii_digit() || c == '.')
                .trim_start();
            normalise(title)
        })
        .collect()
}

/// The document language of a PDF (the catalog's `/Lang`), e.g. `en-GB`.
fn pdf_lang(pdf: &Path) -> String {
    let doc = lopdf::Document::load(pdf).unwrap();
    let lang = doc.catalog().unwrap().get(b"Lang").expect("/Lang set");
    String::from_utf8(lang.as_str().unwrap().to_vec()).unwrap()
}

/// Every PDF of `kind` below `out`.
fn pdfs(out: &Path, kind: &str) -> Vec<PathBuf> {
    files_below(out)
        .into_iter()
        .filter(|f| {
            f.file_name()
                .is_some_and(|n| n == format!("{kind}.pdf").as_str())
        })
        .map(|f| out.join(f))
        .collect()
}

/// Renders every example in `lang` (`None`: the profiles' own language) into a fresh folder.
fn render_all(lang: Option<&str>) -> tempfile::TempDir {
    let out = tempfile::tempdir().unwrap();
    let mut cmd = dpiagen();
    cmd.args(["render", "-q"])
        .arg(examples())
        .arg("-o")
        .arg(out.path());
    if let Some(lang) = lang {
        cmd.args(["--lang", lang]);
    }
    succeeded(&mut cmd);
    out
}

/// Fixed phrases of the house style and the templates, (Dutch, English), none of which occurs
/// in the answers of the examples.
const PHRASES: [(&str, &str); 7] = [
    ("Opgesteld door", "Prepared by"),
    ("Volgende herziening", "Next review"),
    ("Opgesteld met", "Prepared with"),
    ("Namens het bestuur", "On behalf of the board"),
    ("Handtekening", "Signature"),
    ("Pagina 1 van", "Page 1 of"),
    ("geen juridisch advies", "not legal advice"),
];

#[test]
fn the_phrases_checked_are_not_in_the_answers() {
    for entry in walkdir::WalkDir::new(examples()) {
        let entry = entry.unwrap();
        if entry.path().extension().is_some_and(|e| e == "yaml") {
            let text = fs::read_to_string(entry.path()).unwrap();
            for (nl, en) in PHRASES {
                for phrase in [nl, en] {
                    assert!(
                        !text.contains(phrase),
                        "{} contains `{phrase}`",
                        entry.path().display()
                    );
                }
            }
        }
    }
}

#[test]
fn both_languages_have_the_same_document_structure() {
    for kind in DOCUMENTS.iter().chain(&["bestuursvoorstel"]) {
        let nl = headings("nl", kind);
        let en = headings("en", kind);
        assert!(!nl.is_empty(), "{kind}");
        assert_eq!(nl.len(), en.len(), "{kind}: {nl:?} / {en:?}");
        for (n, e) in nl.iter().zip(&en) {
            assert_ne!(n, e, "{kind}: heading `{n}` is not translated");
        }
    }
}

/// Checks the documents below `out` are in `lang`: every fixed heading of that language's
/// templates is a bookmark of some document of its kind, no bookmark is a heading of the other
/// language, and the fixed phrases are those of `lang`.
fn assert_language(out: &Path, lang: &str) {
    let other = if lang == "en" { "nl" } else { "en" };
    for kind in DOCUMENTS {
        let files = pdfs(out, kind);
        assert!(!files.is_empty(), "no {kind}.pdf");
        let wanted: BTreeSet<String> = headings(lang, kind).into_iter().collect();
        let foreign: BTreeSet<String> = headings(other, kind)
            .into_iter()
            .filter(|h| !wanted.contains(h))
            .collect();
        let mut seen = BTreeSet::new();
        for pdf in &files {
            let region = if lang == "en" { "en-GB" } else { "nl-NL" };
            assert_eq!(pdf_lang(pdf), region, "{}", pdf.display());
            let marks = bookmarks(pdf);
            for mark in &marks {
                assert!(
                    !foreign.contains(mark),
                    "{}: the {other} heading `{mark}` in a document in {lang}",
                    pdf.display()
                );
            }
            seen.extend(marks);
            let text = normalise(&pdf_text(&fs::read(pdf).unwrap()));
            for (nl, en) in PHRASES {
                let (want, leak) = if lang == "en" { (en, nl) } else { (nl, en) };
                assert!(
                    !text.contains(leak),
                    "{}: `{leak}` in a document in {lang}",
                    pdf.display()
                );
                assert!(text.contains(want), "{}: no `{want}`", pdf.display());
            }
        }
        for heading in &wanted {
            assert!(
                seen.contains(heading),
                "{kind}: the heading `{heading}` is in no document; bookmarks: {seen:?}"
            );
        }
    }
}

#[test]
fn lang_en_renders_every_document_in_english() {
    let out = render_all(Some("en"));
    assert_language(out.path(), "en");
    let pdf = fs::read(
        out.path()
            .join("2026/obs-de-regenboog/instagram-schoolaccount/pre-dpia.pdf"),
    )
    .unwrap();
    let (_, title) = pdf_pages_and_title(&pdf);
    assert!(title.starts_with("Pre-DPIA – "), "{title}");
    let text = normalise(&pdf_text(&pdf));
    for needle in [
        "Verdict: DPIA required",
        "Advice: Do not use",
        "United States (US)",
        "GDPR",
        "14 September 2026",
    ] {
        assert!(text.contains(needle), "no `{needle}`");
    }
    for dutch in [
        "Oordeel:",
        "Advies:",
        "Verenigde Staten",
        " AVG",
        "september 2026",
    ] {
        assert!(!text.contains(dutch), "`{dutch}` in the English pre-DPIA");
    }
    let dtia = fs::read(
        out.path()
            .join("2026/obs-de-regenboog/back-up-cloudopslag/dtia.pdf"),
    )
    .unwrap();
    let (_, title) = pdf_pages_and_title(&dtia);
    assert!(title.starts_with("DTIA – "), "{title}");
    let text = normalise(&pdf_text(&dtia));
    assert!(text.contains("Red line: threshold of 5%"), "chart legend");
    assert!(text.contains("0.023%"), "English percentages");
    let clauses = fs::read(
        out.path()
            .join("2026/so-de-vlinder/ouderapp/verwerkersovereenkomst.pdf"),
    )
    .unwrap();
    let (_, title) = pdf_pages_and_title(&clauses);
    assert!(title.starts_with("Data processing agreement – "), "{title}");
}

#[test]
fn without_lang_every_document_stays_dutch() {
    let out = render_all(None);
    assert_language(out.path(), "nl");
}

/// The organisation folder `obs-de-regenboog` with one activity, copied into `dir`, with
/// `extra` added to its profile.
fn school(dir: &Path, extra: &str) -> PathBuf {
    let from = examples().join("obs-de-regenboog");
    let to = dir.join("obs-de-regenboog");
    fs::create_dir_all(&to).unwrap();
    let profile = fs::read_to_string(from.join("organisatie.yaml")).unwrap();
    fs::write(to.join("organisatie.yaml"), format!("{profile}{extra}")).unwrap();
    // One activity is enough (the profile's code of conduct is rendered beside it).
    fs::copy(
        from.join("leerplatform-uitgever.yaml"),
        to.join("leerplatform-uitgever.yaml"),
    )
    .unwrap();
    to.join("leerplatform-uitgever.yaml")
}

fn render(args: &[&str], input: &Path, out: &Path) -> String {
    let run = dpiagen()
        .arg("render")
        .args(args)
        .arg(input)
        .arg("-o")
        .arg(out)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&run.stderr).into_owned();
    assert!(run.status.success(), "{stderr}");
    stderr
}

#[test]
fn language_en_in_the_profile_and_lang_overrides_it() {
    let dir = tempfile::tempdir().unwrap();
    let activity = school(dir.path(), "language: en\n");
    let out = dir.path().join("out");
    let typ = out.join("2026/obs-de-regenboog/leerplatform-uitgever/pre-dpia.typ");

    render(&["--format", "typ"], &activity, &out);
    let src = fs::read_to_string(&typ).unwrap();
    assert!(
        src.contains("= Summary") && src.contains("lang: \"en\""),
        "{src}"
    );
    assert!(!src.contains("= Samenvatting"));

    // --lang overrides the profile, and a change of language renders the documents again;
    // the command line then speaks Dutch too.
    let stderr = render(&["--format", "typ", "--lang", "nl"], &activity, &out);
    assert!(
        stderr.contains("geschreven") && stderr.contains("pre-dpia.typ"),
        "{stderr}"
    );
    let src = fs::read_to_string(&typ).unwrap();
    assert!(src.contains("= Samenvatting") && !src.contains("= Summary"));
    let stderr = render(&["--format", "typ", "--lang", "nl"], &activity, &out);
    assert!(stderr.contains("0 gemaakt"), "{stderr}");
    let stderr = render(&["--format", "typ"], &activity, &out);
    assert!(
        stderr.contains("wrote") && stderr.contains("pre-dpia.typ"),
        "{stderr}"
    );
    assert!(fs::read_to_string(&typ).unwrap().contains("= Summary"));

    // As a PDF: English title, text language and words of the house style.
    render(&["-q"], &activity, &out);
    let pdf =
        fs::read(out.join("2026/obs-de-regenboog/leerplatform-uitgever/pre-dpia.pdf")).unwrap();
    let text = normalise(&pdf_text(&pdf));
    assert!(
        text.contains("Summary") && text.contains("Next review"),
        "{text}"
    );
    assert!(!text.contains("Samenvatting"));
}

#[test]
fn an_unknown_language_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let activity = school(dir.path(), "language: de\n");
    let run = dpiagen().arg("check").arg(&activity).output().unwrap();
    assert_eq!(run.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert!(
        stderr.contains("language") && stderr.contains("nl") && stderr.contains("en"),
        "{stderr}"
    );
    dpiagen()
        .args(["render", "--lang", "de"])
        .arg(&activity)
        .assert()
        .code(2)
        .stderr(predicates::str::contains("possible values"));
}

#[test]
fn exported_templates_round_trip() {
    let dir = tempfile::tempdir().unwrap();
    let templates = dir.path().join("huisstijl");
    dpiagen()
        .args(["templates", "export"])
        .arg(&templates)
        .assert()
        .success()
        .stderr(predicates::str::contains("wrote 49 templates"));
    for name in [
        "dpiagen.typ",
        "nl/pre-dpia.typ.tera",
        "en/pre-dpia.typ.tera",
        "en/reason.typ.tera",
    ] {
        assert!(templates.join(name).is_file(), "{name}");
    }

    // A school changes one heading of the English pre-DPIA.
    let pre_dpia = templates.join("en/pre-dpia.typ.tera");
    let text = fs::read_to_string(&pre_dpia).unwrap();
    assert!(text.contains("\n= Summary\n"));
    fs::write(
        &pre_dpia,
        text.replace("\n= Summary\n", "\n= Our summary\n"),
    )
    .unwrap();
    // And removes a partial: the built-in one is used instead.
    fs::remove_file(templates.join("en/answers.typ.tera")).unwrap();

    let activity = school(dir.path(), "");
    let out = dir.path().join("out");
    let with = |extra: &[&str]| {
        let mut args = vec!["--lang", "en", "--templates"];
        args.push(templates.to_str().unwrap());
        args.extend(extra);
        render(&args, &activity, &out)
    };
    with(&["-q"]);
    let pdf =
        fs::read(out.join("2026/obs-de-regenboog/leerplatform-uitgever/pre-dpia.pdf")).unwrap();
    let text = normalise(&pdf_text(&pdf));
    assert!(
        text.contains("Our summary"),
        "the changed heading is missing"
    );
    assert!(text.contains("Basis:"), "the built-in partial is missing");

    // Unchanged templates: nothing to do; a changed template (or house style): render again.
    assert!(with(&[]).contains("0 rendered"));
    let style = templates.join("dpiagen.typ");
    let mut css = fs::read_to_string(&style).unwrap();
    css.push_str("\n// a school's comment\n");
    fs::write(&style, css).unwrap();
    let stderr = with(&[]);
    assert!(
        stderr.contains("wrote") || stderr.contains("rendered (same bytes)"),
        "{stderr}"
    );
    assert!(!stderr.contains("0 rendered"), "{stderr}");

    // Without --templates, the built-in heading is back.
    render(&["-q", "--lang", "en"], &activity, &out);
    let pdf =
        fs::read(out.join("2026/obs-de-regenboog/leerplatform-uitgever/pre-dpia.pdf")).unwrap();
    assert!(!normalise(&pdf_text(&pdf)).contains("Our summary"));
}

#[test]
fn export_refuses_to_overwrite_unless_forced() {
    let dir = tempfile::tempdir().unwrap();
    let templates = dir.path().join("t");
    fs::create_dir_all(templates.join("en")).unwrap();
    fs::write(templates.join("en/pre-dpia.typ.tera"), "mine").unwrap();
    dpiagen()
        .args(["templates", "export"])
        .arg(&templates)
        .assert()
        .code(2)
        .stderr(predicates::str::contains("already there, not overwritten"))
        .stderr(predicates::str::contains("--force"));
    // Nothing was written.
    assert_eq!(files_below(&templates).len(), 1);
    assert_eq!(
        fs::read_to_string(templates.join("en/pre-dpia.typ.tera")).unwrap(),
        "mine"
    );
    dpiagen()
        .args(["templates", "export", "--force"])
        .arg(&templates)
        .assert()
        .success();
    assert_ne!(
        fs::read_to_string(templates.join("en/pre-dpia.typ.tera")).unwrap(),
        "mine"
    );
    assert_eq!(files_below(&templates).len(), 49);
}

#[test]
fn a_template_error_names_the_file_and_line() {
    let dir = tempfile::tempdir().unwrap();
    let templates = dir.path().join("t");
    fs::create_dir_all(templates.join("nl")).unwrap();
    fs::write(
        templates.join("nl/pre-dpia.typ.tera"),
        "#import \"/dpiagen.typ\": *\n\n= Samenvatting\n{% if %}\n",
    )
    .unwrap();
    let activity = school(dir.path(), "");
    let run = dpiagen()
        .arg("render")
        .arg(&activity)
        .arg("--templates")
        .arg(&templates)
        .arg("-o")
        .arg(dir.path().join("out"))
        .output()
        .unwrap();
    // The school's template is the input: exit 2.
    assert_eq!(run.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&run.stderr);
    let file = templates.join("nl/pre-dpia.typ.tera");
    assert!(
        stderr.contains(&format!("{}:4:", file.display())),
        "{stderr}"
    );
    assert!(!dir.path().join("out/2026").exists(), "nothing is written");
}

#[test]
fn packets_follow_the_language() {
    let dir = tempfile::tempdir().unwrap();
    let activity = school(dir.path(), "");
    let out = dir.path().join("out");
    dpiagen()
        .args(["packet", "--format", "typ", "--lang", "en"])
        .arg(activity.parent().unwrap())
        .arg("-o")
        .arg(&out)
        .assert()
        .success();
    let folder = out.join("2026/obs-de-regenboog");
    let packet = fs::read_to_string(folder.join("gmr-pakket.typ")).unwrap();
    assert!(packet.contains("Request for consent to the MR"), "{packet}");
    assert!(packet.contains("lang: \"en\""));
    let memo = fs::read_to_string(folder.join("bestuursvoorstel.typ")).unwrap();
    assert!(memo.contains("= Proposal") && !memo.contains("= Voorstel"));
    let part = fs::read_to_string(folder.join("parts/leerplatform-uitgever/dpia.typ")).unwrap();
    assert!(part.contains("= Summary"));
}

/// The `/Lang` of every element of a PDF's structure tree, with how often each occurs.
fn structure_languages(pdf: &Path) -> std::collections::BTreeMap<String, usize> {
    fn walk(
        doc: &lopdf::Document,
        object: &lopdf::Object,
        depth: usize,
        out: &mut std::collections::BTreeMap<String, usize>,
    ) {
        if depth > 200 {
            return;
        }
        let object = match object {
            lopdf::Object::Reference(id) => match doc.get_object(*id) {
                Ok(o) => o,
                Err(_) => return,
            },
            other => other,
        };
        match object {
            lopdf::Object::Dictionary(d) => {
                if let Ok(lang) = d.get(b"Lang").and_then(|l| l.as_str()) {
                    *out.entry(String::from_utf8_lossy(lang).into_owned())
                        .or_default() += 1;
                }
                if let Ok(kids) = d.get(b"K") {
                    walk(doc, kids, depth + 1, out);
                }
            }
            lopdf::Object::Array(items) => {
                for item in items {
                    walk(doc, item, depth + 1, out);
                }
            }
            _ => {}
        }
    }
    let doc = lopdf::Document::load(pdf).unwrap();
    let root = doc
        .catalog()
        .unwrap()
        .get(b"StructTreeRoot")
        .unwrap()
        .clone();
    let mut out = std::collections::BTreeMap::new();
    walk(&doc, &root, 0, &mut out);
    out
}

#[test]
fn the_dutch_answers_in_an_english_document_are_marked_dutch() {
    let out = render_all(Some("en"));
    // Typst tags the language of a whole element (a paragraph, a table cell), not of a span
    // inside one: the pre-DPIA and DPIA, whose tables hold answers, show it in the PDF.
    for kind in ["pre-dpia", "dpia"] {
        for pdf in pdfs(out.path(), kind) {
            let langs = structure_languages(&pdf);
            assert!(
                langs.get("nl-NL").is_some_and(|n| *n > 0),
                "{}: {langs:?}",
                pdf.display()
            );
            assert!(!langs.contains_key("nl-GB"), "{}: {langs:?}", pdf.display());
        }
    }
    // In the source every answer is marked, also inside a sentence.
    let dir = tempfile::tempdir().unwrap();
    let activity = school(dir.path(), "");
    let typ_out = dir.path().join("out");
    render(&["--format", "typ", "--lang", "en"], &activity, &typ_out);
    let typ = fs::read_to_string(
        typ_out.join("2026/obs-de-regenboog/leerplatform-uitgever/pre-dpia.typ"),
    )
    .unwrap();
    for answer in [
        "Digitale oefenomgeving van Uitgeverij Voorbeeld]",
        "Oefenen",
    ] {
        assert!(
            typ.contains(&format!("#text(lang: \"nl\", region: \"NL\")[{answer}")),
            "`{answer}` not marked Dutch"
        );
    }
    // No heading mixes the languages: a Dutch group name is quoted after an English label.
    for pdf in pdfs(out.path(), "gedragscode-sociale-media") {
        let marks = bookmarks(&pdf);
        assert!(!marks.iter().any(|m| m.contains("For groep")), "{marks:?}");
        assert!(
            marks
                .iter()
                .any(|m| m.starts_with("Pupil group ") || m.starts_with("Student group ")),
            "{marks:?}"
        );
    }
}
