use proptest::prelude::*;
use typst::syntax::{SyntaxKind, SyntaxNode};

use super::to_typst;
use crate::render::test_support::{TEXT_KINDS, descendants, foreign_node, parse_ok, plain_text};
use crate::typeset::{Assets, PdfMeta, Typesetter};

/// Node kinds the converter's own calls consist of.
const CODE_KINDS: &[SyntaxKind] = &[
    SyntaxKind::Hash,
    SyntaxKind::FuncCall,
    SyntaxKind::FieldAccess,
    SyntaxKind::Dot,
    SyntaxKind::Ident,
    SyntaxKind::Args,
    SyntaxKind::Named,
    SyntaxKind::Colon,
    SyntaxKind::Comma,
    SyntaxKind::LeftParen,
    SyntaxKind::RightParen,
    SyntaxKind::LeftBracket,
    SyntaxKind::RightBracket,
    SyntaxKind::ContentBlock,
    SyntaxKind::Array,
    SyntaxKind::Str,
    SyntaxKind::Int,
    SyntaxKind::Bool,
    SyntaxKind::Numeric,
    SyntaxKind::Auto,
];

/// Functions the converter calls (as callee or `table.header`).
const CALLEES: &[&str] = &[
    "emph", "strong", "strike", "super", "sub", "link", "raw", "quote", "list", "enum", "table",
    "line",
];

/// Every identifier the converter may write.
const IDENTS: &[&str] = &[
    "emph", "strong", "strike", "super", "sub", "link", "raw", "quote", "list", "enum", "table",
    "header", "line", "start", "block", "lang", "columns", "align", "length", "left", "center",
    "right",
];

/// Parse the output and check it holds only text and the converter's calls.
fn check(md: &str) -> String {
    let typ = to_typst(md);
    let root = parse_ok(&typ);
    let allowed: Vec<SyntaxKind> = TEXT_KINDS.iter().chain(CODE_KINDS).copied().collect();
    assert_eq!(foreign_node(&root, &allowed), None, "{md:?} → {typ:?}");
    for node in descendants(&root) {
        match node.kind() {
            SyntaxKind::Ident => assert!(
                IDENTS.contains(&node.leaf_text().as_str()),
                "{md:?} → {typ:?}"
            ),
            SyntaxKind::FuncCall => assert!(callee_ok(node), "{md:?} → {typ:?}"),
            _ => {}
        }
    }
    typ
}

fn callee_ok(call: &SyntaxNode) -> bool {
    let Some(callee) = call.children().next() else {
        return false;
    };
    match callee.kind() {
        SyntaxKind::Ident => CALLEES.contains(&callee.leaf_text().as_str()),
        SyntaxKind::FieldAccess => callee.full_text() == "table.header",
        _ => false,
    }
}

#[test]
fn inline_constructs() {
    assert_eq!(check("Hallo *wereld*"), "Hallo #emph[wereld]");
    assert_eq!(
        check("**sterk** en ~~weg~~"),
        "#strong[sterk] en #strike[weg]"
    );
    assert_eq!(check("`a\"b\\c`"), "#raw(\"a\\\"b\\\\c\")");
    assert_eq!(
        check("[site](https://x.nl/a?b=c)"),
        "#link(\"https://x.nl/a?b=c\")[site]"
    );
    assert_eq!(
        check("<https://x.nl>"),
        "#link(\"https://x.nl\")[https:\\/\\/x.nl]"
    );
    assert_eq!(
        check("<fg@school.nl>"),
        "#link(\"mailto:fg@school.nl\")[fg\\@school.nl]"
    );
    assert_eq!(
        check("[](https://x.nl)"),
        "#link(\"https://x.nl\")[https:\\/\\/x.nl]"
    );
    assert_eq!(check("[x](javascript:alert(1))"), "x (javascript:alert(1))");
    assert_eq!(check("![logo](/etc/passwd)"), "logo (\\/etc\\/passwd)");
    assert_eq!(check("a <b>x</b>"), "a \\<b\\>x\\<\\/b\\>");
    assert_eq!(check("a  \nb\nc"), "a\\\nb\nc");
}

#[test]
fn calls_are_not_extended_by_following_text() {
    assert_eq!(check("*a*(b)"), "#emph[a]\\(b)");
    assert_eq!(check("*a*.b"), "#emph[a]\\.b");
    assert_eq!(check("*a*;"), "#emph[a]\\;");
    assert_eq!(check("`x`.len()"), "#raw(\"x\")\\.len()");
    assert_eq!(check("[a](http://b)[c]"), "#link(\"http://b\")[a]\\[c\\]");
}

#[test]
fn block_constructs() {
    assert_eq!(check("a\nb\n\nc"), "a\nb\n\nc");
    assert_eq!(check("# Kop\n\ntekst"), "#strong[Kop]\n\ntekst");
    assert_eq!(
        check("> citaat\n>\n> meer"),
        "#quote(block: true)[citaat\n\nmeer]"
    );
    assert_eq!(
        check("```rust {x}\nfn x() {}\n```"),
        "#raw(\"fn x() {}\", block: true, lang: \"rust\")"
    );
    assert_eq!(
        check("```c++\"#x);y z\nq\n```"),
        "#raw(\"q\", block: true, lang: \"c++xy\")"
    );
    assert_eq!(check("```\"); #read(\"x\n```"), "#raw(\"\", block: true)");
    assert_eq!(
        check("    ingesprongen\n"),
        "#raw(\"ingesprongen\", block: true)"
    );
    assert_eq!(check("a\n\n---\n\nb"), "a\n\n#line(length: 100%)\n\nb");
    assert_eq!(
        check("<div>\n#x\n</div>"),
        "\\<div\\>\\\n\\#x\\\n\\<\\/div\\>"
    );
}

#[test]
fn lists() {
    assert_eq!(check("- a\n- b"), "#list([a], [b])");
    assert_eq!(check("3. a\n4. b"), "#enum(start: 3, [a], [b])");
    assert_eq!(
        check("- a\n  1. b\n  2. c\n- d"),
        "#list([a\n\n#enum(start: 1, [b], [c])], [d])"
    );
    assert_eq!(check("- a\n\n- b"), "#list([a], [b])");
    assert_eq!(check("- *x*(y)"), "#list([#emph[x]\\(y)])");
}

#[test]
fn tables() {
    assert_eq!(
        check("| a | *b* |\n|---|:-:|\n| 1 | 2 \\| 3 |"),
        "#table(columns: 2, align: (auto, center,), table.header([a], [#emph[b]]), [1], [2 | 3])"
    );
    assert_eq!(
        check("| a |\n|---|\n| x |\n| y |"),
        "#table(columns: 1, align: (auto,), table.header([a]), [x], [y])"
    );
}

/// How deeply content blocks are nested.
fn block_depth(node: &SyntaxNode) -> usize {
    let inner = node.children().map(block_depth).max().unwrap_or(0);
    inner + usize::from(node.kind() == SyntaxKind::ContentBlock)
}

#[test]
fn deep_nesting_is_flattened() {
    for md in [
        ">".repeat(200) + " diep",
        "- ".repeat(100) + "diep",
        (0..60)
            .map(|i| format!("{}- {i}\n", "  ".repeat(i)))
            .collect::<String>(),
        "*".repeat(300) + "x" + &"*".repeat(300),
        "[".repeat(200) + "x" + &"](http://a)".repeat(200),
        "| a |\n|---|\n| ".to_owned() + &"*[".repeat(100) + "x",
    ] {
        let typ = check(&md);
        assert!(
            block_depth(&parse_ok(&typ)) <= super::MAX_DEPTH + 2,
            "{md:?} → {typ:?}"
        );
    }
}

#[test]
fn user_text_stays_text() {
    let typ = check("#read(\"/etc/passwd\") = x $y$ <l> @r /* c */ // d {{ t }} {% t %}");
    assert_eq!(
        typ,
        "\\#read(\\\"\\/etc\\/passwd\\\") \\= x \\$y\\$ \\<l\\> \\@r \\/\\* c \\*\\/ \\/\\/ d {{ t }} {% t %}"
    );
}

/// Markdown-ish pieces for the property tests.
fn piece() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => prop::sample::select(vec![
            "# ", "## ", "- ", "* ", "+ ", "1. ", "3) ", "> ", "*", "**", "_", "__", "~~", "`", "```", "```rust\n",
            "[", "](", ")", "![", "]: ", "<", ">", "|", "| a | b |\n|---|---|\n", "---\n", "\n", "\n\n", "    ",
            "  \n", "\\", "http://x.y/", "<https://a.b>", "<a@b.c>", "<div>\n", "</span>", "&amp;", "&#0;", "(", ".",
            ";", "#", "$", "=", "@", "/", "~", "\"", "'", "\t", "x", "woord", "1", "😀", "ب",
        ])
        .prop_map(String::from),
        1 => any::<char>().prop_map(String::from),
    ]
}

fn markdownish() -> impl Strategy<Value = String> {
    prop::collection::vec(piece(), 0..60).prop_map(|pieces| pieces.concat())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(3000))]

    #[test]
    fn output_is_text_and_fixed_calls(md in markdownish()) {
        check(&md);
    }

    #[test]
    fn any_unicode_is_safe(md in any::<String>()) {
        check(&md);
    }

    #[test]
    fn plain_words_stay_the_same(words in prop::collection::vec("[a-zA-Z0-9]{1,8}", 1..20)) {
        let md = words.join(" ");
        let typ = check(&md);
        prop_assert_eq!(plain_text(&parse_ok(&typ)), md.clone());
        prop_assert_eq!(typ, md);
    }
}

const HEAD: &str = "#set document(title: \"Vrije tekst\")\n#set text(lang: \"nl\")\n";

fn compile(md: &str) -> Result<Vec<u8>, String> {
    let ts = Typesetter::new(Assets::Embedded(vec![]));
    let meta = PdfMeta {
        ident: "md".into(),
        date: (2026, 11, 23),
    };
    ts.pdf(&format!("{HEAD}{}\n", to_typst(md)), &meta)
        .map_err(|e| e.to_string())
}

#[test]
fn end_to_end_pdf() {
    let md = "= geen kop\n\nTekens: # $ * _ \\ < > @ = - + / ~ [ ] | en #read(\"/etc/passwd\").\n\n\
              Zie https://www.autoriteitpersoonsgegevens.nl/ en [AP](https://autoriteitpersoonsgegevens.nl).\n\n\
              - een *nadruk*(x)\n  1. twee\n- drie `code`\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n> citaat\n\n\
              ```\ncode #x\n```\n\n<script>alert(1)</script>\n\n![logo](logo.png)\n\nStuurcodes: \u{0}\u{7}\u{1b}.";
    let pdf = compile(md).unwrap_or_else(|e| panic!("{e}\n{}", to_typst(md)));
    assert!(pdf.starts_with(b"%PDF-"));
}

/// Hebrew (Libertinus Serif), Arabic (DejaVu Sans Mono) and emoji (Noto Color Emoji, shipped in
/// `fonts/`) reach the PDF; CJK has no embedded font and PDF/A refuses the file with a message
/// that names the character.
#[test]
fn rtl_and_emoji_compile_cjk_is_refused_by_pdf_a() {
    for sample in [
        "Arabisch مرحبا en Hebreeuws שלום",
        "Smiley 😀, gezin 👩‍👩‍👧 en vlag 🇳🇱",
    ] {
        let pdf = compile(sample).unwrap_or_else(|e| panic!("{sample}: {e}"));
        assert!(pdf.starts_with(b"%PDF-"));
    }
    let err = compile("中文").expect_err("no font has this glyph");
    assert!(err.starts_with("main.typ:3:1: error: PDF/A-2b, PDF/UA-1 error: the text `\"中\"` could not be displayed"), "{err}");
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn random_markdown_compiles(md in prop::collection::vec(piece(), 0..40).prop_map(|p| p.concat())) {
        let ascii: String = md.chars().filter(|c| c.is_ascii() && !c.is_ascii_control() || *c == '\n').collect();
        if let Err(e) = compile(&ascii) {
            prop_assert!(false, "{}\n{:?}\n{}", e, ascii, to_typst(&ascii));
        }
    }
}

/// Found by the property test: a list item whose text starts with an indented HTML fragment.
#[test]
fn list_item_with_indented_html_stays_text() {
    for md in ["1.    </span>x", "-     <b>x", "1.     </span>\n   x"] {
        check(md);
    }
}
