//! The pieces of Typst code that the Markdown converter writes, built from
//! user data only through escaping and filtering.

use pulldown_cmark::{Alignment, CodeBlockKind, LinkType, Tag};

use crate::render::escape;

/// Longest link target that becomes a real link (Typst refuses > 8000 bytes).
const MAX_URL: usize = 2000;

/// The link target of a Markdown link (e-mail autolinks get `mailto:`).
pub(super) fn link_target(link_type: LinkType, dest: &str) -> String {
    if link_type == LinkType::Email {
        format!("mailto:{dest}")
    } else {
        dest.to_owned()
    }
}

/// Whether a target becomes a real link: only `http(s):`, `mailto:` and
/// `tel:` targets of reasonable length (no `javascript:`, `file:`, relative
/// paths, ...).
pub(super) fn linkable(url: &str) -> bool {
    let scheme = url
        .split_once(':')
        .map(|(scheme, _)| scheme.to_ascii_lowercase());
    let safe = matches!(scheme.as_deref(), Some("http" | "https" | "mailto" | "tel"));
    safe && url.len() <= MAX_URL
}

/// The opening of the call for an inline container.
pub(super) fn inline_call(tag: &Tag<'_>) -> Option<&'static str> {
    Some(match tag {
        Tag::Emphasis => "#emph[",
        Tag::Strong => "#strong[",
        Tag::Strikethrough => "#strike[",
        Tag::Superscript => "#super[",
        Tag::Subscript => "#sub[",
        _ => return None,
    })
}

/// A string literal for shown code: control characters other than newline and
/// tab are replaced like in markup (no font can show them), `\r\n` and `\r`
/// become `\n`.
pub(super) fn raw_literal(code: &str) -> String {
    let shown: String = code
        .replace("\r\n", "\n")
        .replace('\r', "\n")
        .chars()
        .map(|c| {
            if c.is_control() && c != '\n' && c != '\t' {
                escape::REPLACEMENT
            } else {
                c
            }
        })
        .collect();
    escape::string_literal(&shown)
}

/// The first word of a fenced code block's info string, reduced to
/// `[A-Za-z0-9+._-]` (at most 32 characters).
pub(super) fn language(kind: &CodeBlockKind<'_>) -> String {
    let CodeBlockKind::Fenced(info) = kind else {
        return String::new();
    };
    let word = info.split_whitespace().next().unwrap_or_default();
    word.chars()
        .filter(|c| c.is_ascii_alphanumeric() || "+._-".contains(*c))
        .take(32)
        .collect()
}

/// `#table(columns: n, align: (..)` (arguments follow, then `)`).
pub(super) fn table_opener(aligns: &[Alignment]) -> String {
    let align: Vec<&str> = aligns
        .iter()
        .map(|align| match align {
            Alignment::None => "auto",
            Alignment::Left => "left",
            Alignment::Center => "center",
            Alignment::Right => "right",
        })
        .collect();
    if align.is_empty() {
        return "#table(columns: 1".to_owned();
    }
    format!(
        "#table(columns: {}, align: ({},)",
        align.len(),
        align.join(", ")
    )
}
