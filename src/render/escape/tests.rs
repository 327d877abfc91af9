use proptest::prelude::*;
use typst::syntax::{SyntaxKind, ast, parse_code};

use super::*;
use crate::render::test_support::{TEXT_KINDS, descendants, foreign_node, parse_ok, plain_text};

/// The input as markup shows it: line endings unified, controls replaced.
fn normalised(s: &str) -> String {
    let unified = s
        .replace("\r\n", "\n")
        .replace(['\r', '\u{85}', '\u{2028}', '\u{2029}'], "\n");
    unified
        .chars()
        .map(|c| {
            if is_replaced(c) && c != '\n' && c != '\t' {
                REPLACEMENT
            } else {
                c
            }
        })
        .collect()
}

/// Escape, parse and check: only text nodes, same plain text as the input.
fn check_markup(input: &str) {
    let escaped = markup(input);
    let root = parse_ok(&escaped);
    assert_eq!(
        foreign_node(&root, TEXT_KINDS),
        None,
        "{input:?} → {escaped:?}"
    );
    assert_eq!(
        plain_text(&root),
        normalised(input),
        "{input:?} → {escaped:?}"
    );
}

/// Parse a string literal and return its value.
fn string_value(literal: &str) -> String {
    let root = parse_code(literal);
    assert!(root.errors_and_warnings().0.is_empty(), "{literal:?}");
    let node = descendants(&root)
        .into_iter()
        .find(|n| n.kind() == SyntaxKind::Str)
        .expect("a string");
    node.cast::<ast::Str>().expect("str").get().to_string()
}

#[test]
fn attacks_stay_text() {
    for attack in [
        "#read(\"/etc/passwd\")",
        "= heading",
        "- item",
        "+ item",
        "1. item",
        "12. item",
        "// comment",
        "/* c */",
        "a */ b",
        "$x$",
        "<label>",
        "@ref",
        "*bold*",
        "_emph_",
        "`raw`",
        "```rust\nfn main() {}\n```",
        "[x]",
        "~",
        "---",
        "--",
        "-?",
        "-1",
        "\\u{41}",
        "\\",
        "a\\",
        "{{ tera }}",
        "{% tera %}",
        "{# tera #}",
        "/ term: description",
        "#!shebang",
        "http://example.org/a_b*c",
        "https://example.org/[x]",
        "x\n= heading\n- item\n\n\n1. enum",
        "\r\n= a\r= b",
        "...",
        "1...",
        "\"quoted\" and 'single' it's",
        "#set text(fill: red)",
        "#{let x = 1}",
        "#let x = 1;",
        "😀👩‍👩‍👧 emoji",
        "مرحبا بالعالم",
        "שלום עולם",
        "\u{0}\u{7}\u{1b}[31m\u{7f}\u{9f}",
        "\t\ttab",
        " leading and trailing ",
        "",
    ] {
        check_markup(attack);
    }
}

#[test]
fn exact_output() {
    assert_eq!(
        markup("= DPIA #1 - test_doc"),
        "\\= DPIA \\#1 \\- test\\_doc"
    );
    assert_eq!(
        markup("<x> @0 en 1. punt // c"),
        "\\<x\\> \\@0 en 1\\. punt \\/\\/ c"
    );
    assert_eq!(markup("a\r\nb\rc\nd"), "a\\\nb\\\nc\\\nd");
    assert_eq!(markup("\\u{41}"), "\\\\u{41}");
    assert_eq!(
        markup("{{ x }} \"q\" 'q' ... :"),
        "{{ x }} \\\"q\\\" \\'q\\' \\.\\.\\. :"
    );
    assert_eq!(markup("a\u{0}b\u{7f}"), "a\u{FFFD}b\u{FFFD}");
    let mut streamed = String::new();
    write_markup("*x*", &mut streamed).expect("write");
    assert_eq!(streamed, "\\*x\\*");
}

#[test]
fn string_literals() {
    assert_eq!(
        string_literal("a\"b\\c\n\r\t\u{1}"),
        "\"a\\\"b\\\\c\\n\\r\\t\u{FFFD}\""
    );
    // Control characters are shown as in markup.
    assert_eq!(
        string_value(&string_literal("a\u{0}b\u{7f}")),
        "a\u{FFFD}b\u{FFFD}"
    );
    for s in [
        "",
        "\"",
        "\\",
        "\\\"",
        "#read(\"/etc/passwd\")",
        "😀 مرحبا",
        "\\u{41}",
    ] {
        assert_eq!(string_value(&string_literal(s)), s);
    }
}

/// Punctuation-heavy pieces, including multi-character tokens of Typst.
fn piece() -> impl Strategy<Value = String> {
    prop_oneof![
        6 => "[\\\\#$`\\[\\]<>@*_/=+~.'\":;,!?(){}%&|^ 0-9ahtps\t\n\r-]".prop_map(String::from),
        1 => prop::sample::select(vec![
            "http://", "https://", "...", "1.", "//", "/*", "*/", "\\u{41}", "{{", "{%", "---", "-?",
            "\r\n", "\u{0}", "\u{85}", "\u{2028}", "\u{7f}", "é", "😀", "ب", "\u{200f}", "\u{feff}",
        ])
        .prop_map(String::from),
        1 => any::<char>().prop_map(String::from),
    ]
}

fn punctuation_text() -> impl Strategy<Value = String> {
    prop::collection::vec(piece(), 0..40).prop_map(|pieces| pieces.concat())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(3000))]

    #[test]
    fn markup_is_only_text(s in punctuation_text()) {
        check_markup(&s);
    }

    #[test]
    fn markup_of_any_unicode_is_only_text(s in any::<String>()) {
        check_markup(&s);
    }

    #[test]
    fn string_literal_round_trips(s in prop_oneof![punctuation_text(), any::<String>()]) {
        let shown: String = s
            .chars()
            .map(|c| if is_replaced(c) && !matches!(c, '\n' | '\r' | '\t') { REPLACEMENT } else { c })
            .collect();
        prop_assert_eq!(string_value(&string_literal(&s)), shown);
    }
}
