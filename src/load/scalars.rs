//! Scalars written in a form the help does not allow, which the YAML reader accepts anyway:
//! a number or yes/no answer in quotes (`year: "2026"`, `applies: "false"`), and text given as
//! `!!binary` (base64 that may hide NUL or control bytes the documents cannot show).
//!
//! 1. [`check`] reads the parser's events once, noting every quoted scalar that reads as a
//!    number or boolean and every scalar tagged binary, with its field path and place.
//! 2. A quoted one is an error only where the typed answers hold a number or a boolean: a
//!    quoted `"1.0"` as a version (text) stays fine.

use super::answers;
use crate::diagnostic::Diagnostic;
use granit_parser::{Event, ScalarStyle};
use serde_json::Value;
use std::path::Path;

/// A scalar worth a second look: its field path and place, and whether it is tagged binary
/// (else it is a quoted number or boolean).
struct Suspect {
    path: String,
    line: usize,
    column: usize,
    binary: bool,
    text: String,
}

/// Every quoted number or boolean where `value` (the typed answers of `text`, see
/// [`super::answers`]) holds one, and
/// every `!!binary` scalar, as located errors of the file `path`.
pub fn check(path: &Path, text: &str, value: &Value) -> Vec<Diagnostic> {
    // Nothing to find without quotes or tags: most files are settled by one scan of bytes.
    if !text.contains(['"', '\'', '!']) {
        return Vec::new();
    }
    suspects(text)
        .into_iter()
        .filter(|s| {
            s.binary
                || matches!(
                    answers::at(value, &s.path),
                    Some(Value::Number(_) | Value::Bool(_))
                )
        })
        .map(|s| {
            let d = Diagnostic::error(path, "")
                .field(s.path.clone())
                .at(s.line, s.column);
            if s.binary {
                Diagnostic {
                    message: "a `!!binary` value is not accepted".into(),
                    help: Some("write the text itself, without a tag".into()),
                    ..d
                }
            } else {
                let kind = if is_boolean(&s.text) {
                    "`true` or `false`"
                } else {
                    "a number"
                };
                Diagnostic {
                    message: format!(
                        "`{}` is in quotes, so it is text; {kind} is expected",
                        s.text
                    ),
                    help: Some(format!("write it without quotes: `{}`", s.text.trim())),
                    ..d
                }
            }
        })
        .collect()
}

fn is_boolean(s: &str) -> bool {
    let s = s.trim();
    s.eq_ignore_ascii_case("true") || s.eq_ignore_ascii_case("false")
}

/// An open collection while reading events: its path, and the pending key of a mapping or the
/// next index of a sequence.
enum Frame {
    Map { path: String, key: Option<String> },
    Seq { path: String, next: usize },
}

/// The quoted numbers and booleans and the binary scalars of `text`, in document order. A text
/// the parser refuses has none (the typed parse has reported it).
fn suspects(text: &str) -> Vec<Suspect> {
    let mut stack: Vec<Frame> = Vec::new();
    let mut out = Vec::new();
    for event in granit_parser::Parser::new_from_str(text) {
        let Ok((event, span)) = event else {
            return out;
        };
        let node = match &event {
            Event::MappingStart(..)
            | Event::SequenceStart(..)
            | Event::Scalar(..)
            | Event::Alias(_)
            | Event::UnresolvedAlias(_) => true,
            Event::MappingEnd | Event::SequenceEnd => {
                stack.pop();
                false
            }
            _ => false,
        };
        if !node {
            continue;
        }
        // A scalar in a mapping's key position is the key of the next value.
        if let Some(Frame::Map {
            key: key @ None, ..
        }) = stack.last_mut()
        {
            match &event {
                Event::Scalar(k, ..) => *key = Some(k.to_string()),
                Event::Alias(_) | Event::UnresolvedAlias(_) => *key = Some(String::new()),
                // A collection as a key: no field path below it (the typed parse refused it).
                _ => return out,
            }
            continue;
        }
        let path = match stack.last_mut() {
            None => String::new(),
            Some(Frame::Map { path, key }) => {
                let key = key.take().unwrap_or_default();
                if path.is_empty() {
                    key
                } else {
                    format!("{path}.{key}")
                }
            }
            Some(Frame::Seq { path, next }) => {
                *next += 1;
                format!("{path}[{}]", *next - 1)
            }
        };
        match event {
            Event::MappingStart(..) => stack.push(Frame::Map { path, key: None }),
            Event::SequenceStart(..) => stack.push(Frame::Seq { path, next: 0 }),
            Event::Scalar(value, style, _, tag) => {
                let binary = tag.is_some_and(|t| {
                    format!("{}{}", t.handle(), t.suffix()) == "tag:yaml.org,2002:binary"
                });
                let quoted = matches!(style, ScalarStyle::SingleQuoted | ScalarStyle::DoubleQuoted);
                if binary || (quoted && (is_boolean(&value) || value.trim().parse::<f64>().is_ok()))
                {
                    out.push(Suspect {
                        path,
                        line: span.start.line(),
                        column: span.start.col() + 1,
                        binary,
                        text: value.into_owned(),
                    });
                }
            }
            _ => {}
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn messages(text: &str, value: Value) -> Vec<String> {
        check(Path::new("x.yaml"), text, &value)
            .into_iter()
            .map(|d| {
                format!(
                    "{}:{}:{} {}",
                    d.field.unwrap_or_default(),
                    d.line.unwrap_or(0),
                    d.column.unwrap_or(0),
                    d.message
                )
            })
            .collect()
    }

    #[test]
    fn quoted_numbers_and_booleans_are_refused_where_the_answer_is_one() {
        let text = "a:\n  year: \"2026\"\n  version: \"1.0\"\nrisks:\n  - {likelihood: '2', applies: \"false\"}\n";
        let value = json!({
            "a": {"year": 2026, "version": "1.0"},
            "risks": [{"likelihood": 2, "applies": false}],
        });
        assert_eq!(
            messages(text, value),
            [
                "a.year:2:9 `2026` is in quotes, so it is text; a number is expected",
                "risks[0].likelihood:5:18 `2` is in quotes, so it is text; a number is expected",
                "risks[0].applies:5:32 `false` is in quotes, so it is text; `true` or `false` is expected",
            ]
        );
    }

    #[test]
    fn binary_text_is_refused() {
        let text = "city: !!binary TGluZGUbZ291dw==\nname: \"x\"\n";
        let value = json!({"city": "Linde\u{1b}gouw", "name": "x"});
        assert_eq!(
            messages(text, value),
            ["city:1:16 a `!!binary` value is not accepted"]
        );
        let verbatim = "city: !<tag:yaml.org,2002:binary> TGluZGU=\n";
        assert_eq!(messages(verbatim, json!({"city": "Linde"})).len(), 1);
    }

    #[test]
    fn plain_values_pass_without_a_parse() {
        assert!(
            messages(
                "year: 2026\napplies: false\n",
                json!({"year": 2026, "applies": false})
            )
            .is_empty()
        );
    }
}
