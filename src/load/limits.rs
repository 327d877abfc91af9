//! Length limits per kind of answer, shared by the loader and the JSON Schema.
//!
//! A title, a name or an e-mail address is printed in headings, page headers, table cells and
//! the PDF's metadata, where a very long text costs the typesetter time and memory that grow
//! faster than its length (a title of 100,000 characters took gigabytes) and breaks PDF/A's
//! limit of 32,767 characters a string. Answers that are read as running text (descriptions,
//! reasons, measures) may be long, but not without bound. Lists are bounded too, so that what
//! is drawn from every item (the heat maps' alternative text) stays short.
//!
//! 1. [`kind_of`] names the kind of a field from its key (the last segment of its path), with
//!    running text for every key it does not list: a new field is bounded from the start.
//! 2. [`check`] walks the parsed answers and reports each value over its limit, located.
//! 3. [`annotate`] writes the same limits into a JSON Schema as `maxLength` and `maxItems`.

use super::answers;
use super::locate::Node;
use crate::diagnostic::Diagnostic;
use serde_json::{Map, Value};
use std::cell::OnceCell;
use std::path::Path;

/// The most items a list holds (risks, measures, data categories, …).
pub const MAX_ITEMS: usize = 100;

/// The most vendors or transfers an activity names: each gets pages of its own (every clause
/// of its agreement, every step of a transfer assessment).
pub const MAX_PARTIES: usize = 25;

/// The most characters all answers of one file hold together (about thirty pages of text):
/// typesetting costs about a kilobyte of memory per character in table cells.
pub const MAX_TOTAL_CHARS: usize = 200_000;

/// The most items the list under `key` holds.
pub fn max_items(key: &str) -> usize {
    match key {
        "vendors" | "transfers" => MAX_PARTIES,
        _ => MAX_ITEMS,
    }
}

/// The kinds of text answer, each with its own limit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TextKind {
    /// One line: a title, a name, a role, an id, a country.
    Line,
    /// An e-mail address (RFC 5321 allows 254 characters).
    Email,
    /// A path to another file.
    Path,
    /// Running text: a description, a reason, a measure.
    Text,
}

impl TextKind {
    /// The most characters (Unicode scalar values) an answer of this kind holds.
    pub fn max_chars(self) -> usize {
        match self {
            TextKind::Line => 200,
            TextKind::Email => 254,
            TextKind::Path => 1024,
            TextKind::Text => 20_000,
        }
    }

    fn help(self) -> &'static str {
        match self {
            TextKind::Line | TextKind::Email => {
                "this answer is printed in headings and table cells: keep it to one line and put explanations in a description"
            }
            TextKind::Path => "give a short path relative to this file",
            TextKind::Text => {
                "summarise, and refer to a separate document for the details (about three pages at most)"
            }
        }
    }
}

/// The kind of the text answer under `key` (a field name; a list's items take the list's key).
pub fn kind_of(key: &str) -> TextKind {
    match key {
        "email" => TextKind::Email,
        "organisation" | "logo" => TextKind::Path,
        "title" | "name" | "role" | "version" | "id" | "board" | "city" | "product" | "owner"
        | "platform" | "importer" | "country" | "locations" | "category" | "article" | "law"
        | "recorded_in" | "recorded_by" | "approval" | "pre_dpia" | "data" => TextKind::Line,
        _ => TextKind::Text,
    }
}

/// Every text answer of `value` (the typed answers of `text`, see [`super::answers`]) over its
/// limit, every list over its number of items, and the answer that takes all of them over
/// [`MAX_TOTAL_CHARS`], located in `text` (the file `path`).
pub fn check(path: &Path, text: &str, value: &Value) -> Vec<Diagnostic> {
    let found = over(value);
    if found.is_empty() {
        return Vec::new();
    }
    let tree = OnceCell::new();
    found
        .into_iter()
        .map(|(field, message, help)| {
            let (line, col) = tree
                .get_or_init(|| Node::parse(text))
                .as_ref()
                .map_or((1, 1), |t: &Node| t.locate(&field));
            Diagnostic::error(path, message)
                .field(field)
                .at(line, col)
                .help(help)
        })
        .collect()
}

/// What [`over`] found: field path, message, help.
type Found = Vec<(String, String, &'static str)>;

/// Collects (field path, message, help) for each value of `value` over its limit.
fn over(value: &Value) -> Found {
    let mut out = Found::new();
    let mut total = 0;
    answers::walk(value, &mut |segs, node| match node {
        Value::String(s) => {
            let chars = s.chars().count();
            let before = total;
            total += chars;
            if before <= MAX_TOTAL_CHARS && total > MAX_TOTAL_CHARS {
                out.push((
                    answers::path_of(segs),
                    format!(
                        "with this answer the answers hold more than {MAX_TOTAL_CHARS} characters together"
                    ),
                    "summarise, and refer to separate documents for the details",
                ));
            }
            let kind = kind_of(answers::key_of(segs));
            if chars > kind.max_chars() {
                out.push((
                    answers::path_of(segs),
                    format!(
                        "the answer is {chars} characters long; at most {} are allowed here",
                        kind.max_chars()
                    ),
                    kind.help(),
                ));
            }
        }
        Value::Array(items) => {
            let max = max_items(answers::key_of(segs));
            if items.len() > max {
                out.push((
                    answers::path_of(segs),
                    format!(
                        "the list has {} items; at most {max} are allowed",
                        items.len()
                    ),
                    "group similar items, or split the activity into more questionnaires",
                ));
            }
        }
        _ => {}
    });
    out
}

/// Adds `maxLength` to every free text property of `schema` (by [`kind_of`] its name) and
/// `maxItems` to every list that has no limit of its own.
pub fn annotate(schema: &mut Map<String, Value>) {
    if let Some(Value::Object(props)) = schema.get_mut("properties") {
        for (key, prop) in props.iter_mut() {
            if let Value::Object(prop) = prop {
                annotate_property(key, prop);
            }
        }
    }
    if let Some(Value::Object(defs)) = schema.get_mut("definitions") {
        for def in defs.values_mut() {
            if let Value::Object(def) = def {
                annotate(def);
            }
        }
    }
}

fn annotate_property(key: &str, prop: &mut Map<String, Value>) {
    if has_type(prop, "string") && !prop.contains_key("enum") && !prop.contains_key("const") {
        prop.insert("maxLength".into(), kind_of(key).max_chars().into());
    }
    if has_type(prop, "array") {
        prop.entry("maxItems").or_insert(max_items(key).into());
        if let Some(Value::Object(items)) = prop.get_mut("items") {
            annotate_property(key, items);
        }
    }
}

/// Whether `schema` says `"type": name` (alone or with `null`).
fn has_type(schema: &Map<String, Value>, name: &str) -> bool {
    match schema.get("type") {
        Some(Value::String(t)) => t == name,
        Some(Value::Array(ts)) => ts.iter().any(|t| t == name),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn fields(value: Value) -> Vec<(String, String)> {
        over(&value).into_iter().map(|(f, m, _)| (f, m)).collect()
    }

    #[test]
    fn each_kind_of_answer_has_its_own_limit() {
        let line = "x".repeat(201);
        let text = "x".repeat(20_000);
        let found = fields(json!({
            "assessment": {"title": line, "author": {"email": "a".repeat(254)}},
            "processing": {"description": text},
            "vendors": [{"name": "ok", "locations": ["NL", "y".repeat(201)]}],
        }));
        assert_eq!(
            found,
            [
                (
                    "assessment.title".to_string(),
                    "the answer is 201 characters long; at most 200 are allowed here".to_string()
                ),
                (
                    "vendors[0].locations[1]".to_string(),
                    "the answer is 201 characters long; at most 200 are allowed here".to_string()
                ),
            ]
        );
    }

    #[test]
    fn characters_not_bytes_are_counted() {
        // 200 characters of two bytes each: within the limit of a line.
        assert!(fields(json!({"title": "é".repeat(200)})).is_empty());
        assert_eq!(fields(json!({"title": "é".repeat(201)})).len(), 1);
    }

    #[test]
    fn long_lists_are_refused_once() {
        let found = fields(json!({"risks": vec![json!({"event": "x"}); MAX_ITEMS + 1]}));
        assert_eq!(
            found,
            [(
                "risks".to_string(),
                format!(
                    "the list has {} items; at most {MAX_ITEMS} are allowed",
                    MAX_ITEMS + 1
                )
            )]
        );
    }

    #[test]
    fn vendors_are_fewer() {
        let found = fields(json!({"vendors": vec![json!({"name": "x"}); MAX_PARTIES + 1]}));
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].0, "vendors");
    }

    #[test]
    fn all_answers_together_are_bounded_at_the_answer_that_passes_the_limit() {
        let text = "x".repeat(TextKind::Text.max_chars());
        let n = MAX_TOTAL_CHARS / text.len();
        let risks = vec![json!({"event": text}); n + 2];
        let found = fields(json!({"risks": risks}));
        assert_eq!(
            found,
            [(
                format!("risks[{n}].event"),
                format!(
                    "with this answer the answers hold more than {MAX_TOTAL_CHARS} characters together"
                )
            )]
        );
    }

    #[test]
    fn the_schema_states_the_same_limits() {
        let mut schema = json!({
            "properties": {"title": {"type": "string"}, "kind": {"type": "string", "const": "a"}},
            "definitions": {"Vendor": {"properties": {
                "locations": {"type": "array", "items": {"type": "string"}},
                "vendors": {"type": "array", "items": {"$ref": "#/definitions/Vendor"}},
                "ages": {"type": ["array", "null"], "maxItems": 2},
                "note": {"type": ["string", "null"]},
            }}},
        });
        annotate(schema.as_object_mut().unwrap());
        assert_eq!(schema["properties"]["title"]["maxLength"], 200);
        assert!(schema["properties"]["kind"].get("maxLength").is_none());
        let vendor = &schema["definitions"]["Vendor"]["properties"];
        assert_eq!(vendor["locations"]["maxItems"], MAX_ITEMS);
        assert_eq!(vendor["locations"]["items"]["maxLength"], 200);
        assert_eq!(vendor["ages"]["maxItems"], 2);
        assert_eq!(vendor["vendors"]["maxItems"], MAX_PARTIES);
        assert_eq!(vendor["note"]["maxLength"], 20_000);
    }
}
