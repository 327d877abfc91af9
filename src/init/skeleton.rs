//! A questionnaire skeleton as a small tree (keys, questions, defaults, open answers) and its
//! YAML text: every question a comment above its key, answers still to give as
//! [`PLACEHOLDER`](crate::open::PLACEHOLDER).

use crate::open::PLACEHOLDER;
use std::fmt::Write as _;

/// A value in the skeleton.
#[derive(Debug, Clone)]
pub enum Value {
    /// An answer the school must give.
    Open,
    /// A default, written as this YAML scalar (already quoted where needed).
    Given(String),
    /// A mapping.
    Map(Vec<Entry>),
    /// A list of scalars, written in flow style (`[NL, US]`).
    Flow(Vec<Value>),
    /// A list of mappings, written in block style.
    Items(Vec<Vec<Entry>>),
}

/// A key with its question and value.
#[derive(Debug, Clone)]
pub struct Entry {
    /// The key.
    pub key: &'static str,
    /// The question (in Dutch), written as a comment above the key; empty: none.
    pub question: String,
    /// The answer or default.
    pub value: Value,
}

/// A text default, quoted safely as a YAML double-quoted string.
pub fn text(s: &str) -> Value {
    Value::Given(quote(s))
}

/// A default written as is (numbers, booleans, enum values, dates).
pub fn plain(s: impl ToString) -> Value {
    Value::Given(s.to_string())
}

/// An entry.
pub fn entry(key: &'static str, question: &str, value: Value) -> Entry {
    Entry {
        key,
        question: question.to_string(),
        value,
    }
}

/// `s` as a YAML double-quoted scalar: any text round-trips (quotes, `#`, `:`, newlines,
/// control characters).
pub fn quote(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            c if c.is_control() || c == '\u{feff}' || c == '\u{2028}' || c == '\u{2029}' => {
                let _ = write!(out, "\\u{:04X}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// The YAML text of `entries` at the top level.
pub fn to_yaml(entries: &[Entry]) -> String {
    let mut out = String::new();
    write_entries(&mut out, entries, 0, None);
    out
}

fn scalar(value: &Value) -> Option<String> {
    match value {
        Value::Open => Some(PLACEHOLDER.to_string()),
        Value::Given(s) => Some(s.clone()),
        Value::Flow(items) => Some(format!(
            "[{}]",
            items
                .iter()
                .filter_map(scalar)
                .collect::<Vec<_>>()
                .join(", ")
        )),
        Value::Map(entries) if entries.is_empty() => Some("{}".into()),
        Value::Items(items) if items.is_empty() => Some("[]".into()),
        Value::Map(_) | Value::Items(_) => None,
    }
}

/// Writes `entries` indented by `indent` spaces; `first` is the prefix of the first key (`- `
/// for a list item), which then replaces two spaces of its indentation.
fn write_entries(out: &mut String, entries: &[Entry], indent: usize, first: Option<&str>) {
    for (i, e) in entries.iter().enumerate() {
        let pad = " ".repeat(indent);
        let comment_pad = match first {
            Some(_) if i == 0 => " ".repeat(indent.saturating_sub(2)),
            _ => pad.clone(),
        };
        if !e.question.is_empty() {
            for line in wrap(&e.question, 96usize.saturating_sub(indent)) {
                let _ = writeln!(out, "{comment_pad}# {line}");
            }
        }
        let lead = match first {
            Some(prefix) if i == 0 => format!("{}{prefix}", " ".repeat(indent.saturating_sub(2))),
            _ => pad.clone(),
        };
        match scalar(&e.value) {
            Some(s) => {
                let _ = writeln!(out, "{lead}{}: {s}", e.key);
            }
            None => {
                let _ = writeln!(out, "{lead}{}:", e.key);
                match &e.value {
                    Value::Map(children) => write_entries(out, children, indent + 2, None),
                    Value::Items(items) => {
                        for item in items {
                            write_entries(out, item, indent + 4, Some("- "));
                        }
                    }
                    _ => {}
                }
            }
        }
        // A blank line between the top-level sections.
        if indent == 0 && matches!(e.value, Value::Map(_) | Value::Items(_)) {
            out.push('\n');
        }
    }
}

/// Splits `text` into lines of at most `width` characters (words are never cut).
fn wrap(text: &str, width: usize) -> Vec<String> {
    let mut lines = Vec::new();
    let mut line = String::new();
    for word in text.split_whitespace() {
        if !line.is_empty() && line.chars().count() + 1 + word.chars().count() > width {
            lines.push(std::mem::take(&mut line));
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(word);
    }
    if !line.is_empty() {
        lines.push(line);
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_questions_as_comments_and_nested_values() {
        let tree = vec![
            entry("version", "", plain(crate::model::FORMAT_VERSION)),
            entry("name", "Naam van de school.", Value::Open),
            entry(
                "subjects",
                "Wie?",
                Value::Items(vec![vec![
                    entry("group", "Welke groep?", plain("pupils")),
                    entry("count", "Hoeveel?", Value::Open),
                ]]),
            ),
            entry(
                "vendor",
                "",
                Value::Map(vec![entry(
                    "locations",
                    "Landen.",
                    Value::Flow(vec![plain("NL"), Value::Open]),
                )]),
            ),
        ];
        let yaml = to_yaml(&tree);
        assert_eq!(
            yaml,
            "version: 2\n# Naam van de school.\nname: <vul in>\n# Wie?\nsubjects:\n  # Welke groep?\n  - group: pupils\n    # Hoeveel?\n    count: <vul in>\n\nvendor:\n  # Landen.\n  locations: [NL, <vul in>]\n\n"
        );
        let value: serde_json::Value = serde_saphyr::from_str(&yaml).unwrap();
        assert_eq!(value["subjects"][0]["count"], "<vul in>");
        assert_eq!(value["vendor"]["locations"][1], "<vul in>");
    }

    #[test]
    fn quoted_text_round_trips() {
        for s in [
            "a: b # c",
            "\"quoted\" and 'single'",
            "two\nlines\r\n",
            "back\\slash\ttab",
            "- list? [x] {y} &a *b !tag %p @q `r`",
            "\u{7}bell \u{85} nel \u{2028} ls",
            "",
        ] {
            let yaml = format!("v: {}\n", quote(s));
            let back: std::collections::BTreeMap<String, String> =
                serde_saphyr::from_str(&yaml).unwrap();
            assert_eq!(back["v"], s, "{yaml}");
        }
    }
}
