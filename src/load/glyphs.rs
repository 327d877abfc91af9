//! Answers with characters the documents cannot show: no embedded font has a glyph for them
//! (Chinese, Japanese, Korean or Thai script, noncharacters such as U+FFFF). The PDF/A export
//! would refuse the whole activity; here the character is named, with its code point, where
//! it was typed. Control characters, U+FEFF and U+FFFE are not refused: every document shows
//! them as `�` (see `render::escape`).

use super::answers;
use super::locate::Node;
use crate::diagnostic::Diagnostic;
use crate::render::escape::is_replaced;
use crate::typeset::coverage::covers;
use serde_json::Value;
use std::path::Path;

/// Every text answer of `value` (the typed answers of `text`, see [`super::answers`]) with a
/// character no embedded font has, located in `text`.
pub fn check(path: &Path, text: &str, value: &Value) -> Vec<Diagnostic> {
    // Text in ASCII needs no look at the answers.
    if text.is_ascii() {
        return Vec::new();
    }
    let mut found = Vec::new();
    answers::walk(value, &mut |segs, node| {
        if let Value::String(s) = node
            && !s.is_ascii()
        {
            let mut missing = s.chars().filter(|&c| !is_replaced(c) && !covers(c));
            if let Some(first) = missing.next() {
                found.push((answers::path_of(segs), first, 1 + missing.count()));
            }
        }
    });
    if found.is_empty() {
        return Vec::new();
    }
    let tree = Node::parse(text);
    found
        .into_iter()
        .map(|(field, c, count)| {
            let (line, col) = tree.as_ref().map_or((1, 1), |t| t.locate(&field));
            let more = match count {
                1 => String::new(),
                n => format!(" (and {} more such characters)", n - 1),
            };
            Diagnostic::error(
                path,
                format!(
                    "`{c}` (U+{:04X}) cannot be shown: the documents' fonts have no glyph for it{more}",
                    u32::from(c)
                ),
            )
            .field(field)
            .at(line, col)
            .help("the built-in fonts cover Latin, Greek and Cyrillic script and emoji; write this answer in one of those (e.g. a name in Latin letters)")
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn names_the_field_the_character_and_its_code_point() {
        let text = "author:\n  name: 王小明\nnote: \"a\\u0007b \\uffff\"\n";
        let value = json!({"author": {"name": "王小明"}, "note": "a\u{7}b \u{ffff}"});
        let found: Vec<String> = check(Path::new("x.yaml"), text, &value)
            .into_iter()
            .map(|d| format!("{}:{} {}", d.field.unwrap(), d.line.unwrap(), d.message))
            .collect();
        assert_eq!(
            found,
            [
                "author.name:2 `王` (U+738B) cannot be shown: the documents' fonts have no glyph for it (and 2 more such characters)",
                "note:3 `\u{ffff}` (U+FFFF) cannot be shown: the documents' fonts have no glyph for it",
            ]
        );
    }

    #[test]
    fn latin_text_and_emoji_pass() {
        let value = json!({"name": "Zoë Ĳsselmeer 😀", "note": "tab\there"});
        assert!(check(Path::new("x.yaml"), "name: Zoë\n", &value).is_empty());
    }
}
