//! Property: whatever a user types in a free-text answer compiles, and comes back literally in
//! the PDF's text; it never runs as Typst code.

mod common;

use common::pdf_raw_text;
use dpiagen::render::{ASSETS, DocumentKind, Templates};
use dpiagen::run::{self, Checked};
use dpiagen::typeset::{Assets, PdfMeta, Typesetter};
use proptest::prelude::*;
use std::sync::OnceLock;

struct Setup {
    item: Checked,
    templates: Templates,
    typesetter: Typesetter,
}

fn setup() -> &'static Setup {
    static SETUP: OnceLock<Setup> = OnceLock::new();
    SETUP.get_or_init(|| {
        let path = common::examples().join("obs-de-regenboog/leerplatform-uitgever.yaml");
        let mut outcome = run::check(&[path]).expect("example loads");
        Setup {
            item: outcome.valid.remove(0),
            templates: Templates::builtin(dpiagen::knowledge::Knowledge::builtin())
                .expect("templates"),
            typesetter: Typesetter::new(Assets::Embedded(
                ASSETS.iter().map(|(p, b)| (p.to_string(), *b)).collect(),
            )),
        }
    })
}

/// Renders the pre-DPIA with `platform` as the platform name; returns the PDF.
fn render_with_platform(platform: &str) -> Result<Vec<u8>, String> {
    let s = setup();
    let mut activity = s.item.loaded.activity.clone();
    activity.processing.platform = Some(platform.to_string());
    let item = Checked {
        loaded: dpiagen::load::LoadedActivity {
            source: s.item.loaded.source.clone(),
            activity,
            organisation: s.item.loaded.organisation.clone(),
        },
        conclusions: s.item.conclusions.clone(),
    };
    let source = run::typst_source(&s.templates, &item, DocumentKind::PreDpia)?;
    s.typesetter
        .pdf(
            &source,
            &PdfMeta {
                ident: "prop".into(),
                date: (2026, 10, 5),
            },
        )
        .map_err(|e| e.to_string())
}

/// Renders the pre-DPIA with `markdown` as the description of the processing; returns the PDF.
fn render_with_description(markdown: &str) -> Result<Vec<u8>, String> {
    let s = setup();
    let mut activity = s.item.loaded.activity.clone();
    activity.processing.description = markdown.to_string();
    let item = Checked {
        loaded: dpiagen::load::LoadedActivity {
            source: s.item.loaded.source.clone(),
            activity,
            organisation: s.item.loaded.organisation.clone(),
        },
        conclusions: s.item.conclusions.clone(),
    };
    let source = run::typst_source(&s.templates, &item, DocumentKind::PreDpia)?;
    s.typesetter
        .pdf(
            &source,
            &PdfMeta {
                ident: "prop".into(),
                date: (2026, 10, 5),
            },
        )
        .map_err(|e| e.to_string())
}

/// Text without whitespace: PDF text extraction adds or drops spaces where glyphs of different
/// fonts meet, which says nothing about the characters themselves.
fn fold(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

/// Whether `hay` holds `needle`, allowing a hyphen Typst inserts where it breaks a long word
/// over two lines of a narrow table cell (at most two of them): the characters themselves must
/// all be there, in order.
fn contains_across_breaks(hay: &str, needle: &str) -> bool {
    let (hay, needle): (Vec<char>, Vec<char>) = (hay.chars().collect(), needle.chars().collect());
    (0..hay.len()).any(|start| {
        let (mut i, mut j, mut inserted) = (0, start, 0);
        while i < needle.len() && j < hay.len() {
            if hay[j] == needle[i] {
                i += 1;
            } else if hay[j] == '-' && i > 0 && inserted < 2 {
                inserted += 1;
            } else {
                return false;
            }
            j += 1;
        }
        i == needle.len()
    })
}

#[test]
fn a_hyphen_at_a_line_break_is_not_a_change_of_text() {
    assert!(contains_across_breaks("x:HuyGYB:y", "HuyGYB"));
    assert!(contains_across_breaks("x:Huy-GYB:y", "HuyGYB"));
    assert!(contains_across_breaks("a-b", "a-b"));
    assert!(!contains_across_breaks("x:Huy-GB:y", "HuyGYB"));
    assert!(!contains_across_breaks("-HuyGYB", "-HuyGYBx"));
    assert!(!contains_across_breaks("H-u-y-G", "HuyG"));
}

#[test]
fn hostile_text_is_shown_not_run() {
    for text in [
        "#read(\"/etc/passwd\")",
        "#import \"@preview/cetz:0.3.4\": *",
        "#include \"/dpiagen.typ\"",
        "{{ org.name }} {% if true %}x{% endif %}",
        "= kop -- lijst + item 1. punt",
        "<script>alert(1)</script> $x^2$ `raw` [link] *vet* _schuin_ ~ \\ // /* c */ @ref <lbl>",
        "'s Gravenhage \"citaat\" ...",
    ] {
        let pdf = render_with_platform(text).unwrap_or_else(|e| panic!("{text}: {e}"));
        let got = fold(&pdf_raw_text(&pdf));
        let at = got.find("Platformofproduct").unwrap_or(0);
        assert!(
            got.contains(&fold(text)),
            "`{text}` not literal in the PDF text: {}",
            &got[at..(at + 120).min(got.len())]
        );
    }
}

#[test]
fn hostile_markdown_is_shown_not_run() {
    // Each part must come back in the PDF text as written (code fences, indented code, inline
    // code, HTML blocks and inline HTML are shown, never run; Typst and Tera stay text).
    let parts = [
        "Tekst met #read(\"/etc/passwd\") en {{ org.name }} en {% if true %}x{% endif %}.",
        "```typst\n#import \"@preview/cetz:0.3.0\": *\n#include \"x.typ\"\n```",
        "    #read(\"/etc/passwd\") {# commentaar #}",
        "<div onclick=\"x()\">#eval(\"1 + 1\")</div>",
        "Inline `#include \"x.typ\"` en <b>vet</b> en $x^2$.",
        "~~~\n{{ secret }}\n#set page(width: 1cm)\n~~~",
    ];
    let pdf = render_with_description(&parts.join("\n\n")).expect("compiles");
    let got = fold(&pdf_raw_text(&pdf));
    for literal in [
        "#read(\"/etc/passwd\")en{{org.name}}en{%iftrue%}x{%endif%}.",
        "#import\"@preview/cetz:0.3.0\":*",
        "#include\"x.typ\"",
        "#read(\"/etc/passwd\"){#commentaar#}",
        "<divonclick=\"x()\">#eval(\"1+1\")</div>",
        "Inline#include\"x.typ\"en<b>vet</b>en$x^2$.",
        "{{secret}}",
        "#setpage(width:1cm)",
    ] {
        assert!(
            got.contains(literal),
            "`{literal}` not literal in the PDF text: {got}"
        );
    }
}

#[test]
fn emoji_and_right_to_left_text_compile() {
    for text in ["Ouderapp 📱👍 🇳🇱", "مدرسة", "בית ספר"] {
        let pdf = render_with_platform(text).unwrap_or_else(|e| panic!("{text}: {e}"));
        assert!(pdf.starts_with(b"%PDF-"));
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(24))]

    #[test]
    fn arbitrary_text_comes_back_literally(text in "[a-zA-Z0-9 #$*_`<>@=+/\\\\~\\[\\]|{}%.:;!?'\"()-]{1,40}") {
        prop_assume!(!text.trim().is_empty());
        let pdf = render_with_platform(&text).map_err(TestCaseError::fail)?;
        let got = fold(&pdf_raw_text(&pdf));
        let at = got.find("Platformofproduct").unwrap_or(0);
        prop_assert!(contains_across_breaks(&got, &fold(&text)), "`{}` not literal in the PDF text: {}", text, &got[at..(at + 120).min(got.len())]);
    }
}
