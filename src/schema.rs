//! JSON Schemas of the two questionnaire kinds, generated from the model types.
//!
//! The schemas are derived with schemars from the same Rust types that serde reads, so they
//! follow every rename and refuse unknown keys exactly as the loader does; the doc comments of
//! the model become the descriptions an editor shows. They are shipped in `schema/` (kept in
//! sync by a test) and printed by `dpiagen schema <kind>`. Draft-07 is used because it is the
//! draft YAML editors (yaml-language-server) support best.
//!
//! A schema checks the shape of a file; checks across fields (date order, dependent answers)
//! stay with `dpiagen check`.

use crate::load::FileKind;
use crate::model::{Activity, Organisation};
use schemars::generate::SchemaSettings;

/// The JSON Schema of `kind`, pretty-printed, ending in a newline.
pub fn generate(kind: FileKind) -> String {
    let mut generator = SchemaSettings::draft07().for_deserialize().into_generator();
    let (mut schema, title) = match kind {
        FileKind::Activity => (
            generator.root_schema_for::<Activity>(),
            "dpiagen questionnaire: one processing activity (format version 1)",
        ),
        FileKind::Organisation => (
            generator.root_schema_for::<Organisation>(),
            "dpiagen questionnaire: organisation profile (format version 1)",
        ),
    };
    schema.insert("title".into(), title.into());
    if let Some(root) = schema.as_object_mut() {
        crate::load::limits::annotate(root);
    }
    let mut schema = schema.to_value();
    polish(&mut schema, false);
    let mut text = serde_json::to_string_pretty(&schema)
        .expect("a schema built from serde_json values always serialises");
    text.push('\n');
    text
}

/// The message an editor shows at an answer still `<vul in>`.
pub const OPEN_MESSAGE: &str = "nog niet beantwoord: vervang `<vul in>` door het antwoord";

/// Matches every text but the open answer `<vul in>` (a text whatever the field's type, so
/// this refuses it at every field; yaml-language-server words a failed `pattern` with its
/// `patternErrorMessage`, while a failed `not` always gets a fixed English message).
pub const OPEN_PATTERN: &str = "^(?!<vul in>$)";

/// Whether `part` (of an `allOf`) is the `<vul in>` marker [`generate`] adds to every answer.
pub fn is_open_marker(part: &serde_json::Value) -> bool {
    part["pattern"] == OPEN_PATTERN
}

/// Makes the schema serve editors: no `"default": null` (with it, yaml-language-server offers
/// none of the keys of a list item's object, and only some top-level keys), and every answer
/// (each property and list item) refuses the open answer `<vul in>` with a Dutch message, kept
/// in an `allOf` part of its own so the message does not replace the other ones there.
fn polish(node: &mut serde_json::Value, is_answer: bool) {
    let serde_json::Value::Object(map) = node else {
        return;
    };
    if map.get("default") == Some(&serde_json::Value::Null) {
        map.remove("default");
    }
    for (key, child) in map.iter_mut() {
        match key.as_str() {
            "properties" => {
                if let serde_json::Value::Object(properties) = child {
                    for property in properties.values_mut() {
                        polish(property, true);
                    }
                }
            }
            "items" => polish(child, true),
            "definitions" | "$defs" => {
                if let serde_json::Value::Object(definitions) = child {
                    for definition in definitions.values_mut() {
                        polish(definition, false);
                    }
                }
            }
            _ => polish(child, false),
        }
    }
    if is_answer {
        let marker = serde_json::json!({
            "pattern": OPEN_PATTERN,
            "patternErrorMessage": OPEN_MESSAGE,
        });
        if let Some(reference) = map.remove("$ref") {
            map.insert("allOf".into(), serde_json::json!([{"$ref": reference}]));
        }
        match map.get_mut("allOf") {
            Some(serde_json::Value::Array(parts)) => parts.push(marker),
            _ => {
                map.insert("allOf".into(), serde_json::json!([marker]));
            }
        }
    }
}

/// The file name of the shipped schema of `kind`, below `schema/`.
pub fn file_name(kind: FileKind) -> &'static str {
    match kind {
        FileKind::Activity => "activity.schema.json",
        FileKind::Organisation => "organisation.schema.json",
    }
}

/// Where `init` and `dpiagen schema --write` put a copy of the schemas, inside an
/// organisation's folder, so that editors find them wherever the folder is.
pub const LOCAL_DIR: &str = ".dpiagen/schema";

/// Writes both schemas into `<dir>/.dpiagen/schema/`, replacing older ones; returns the files
/// it changed (none when they were up to date).
pub fn write_local(dir: &std::path::Path) -> std::io::Result<Vec<std::path::PathBuf>> {
    let folder = dir.join(LOCAL_DIR);
    std::fs::create_dir_all(&folder)?;
    let mut changed = Vec::new();
    for kind in [FileKind::Activity, FileKind::Organisation] {
        let path = folder.join(file_name(kind));
        let text = generate(kind);
        if std::fs::read_to_string(&path).ok().as_deref() != Some(text.as_str()) {
            crate::output::write_atomic(&path, text.as_bytes())?;
            changed.push(path);
        }
    }
    Ok(changed)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn activity_schema_refuses_unknown_keys_and_knows_renames() {
        let schema: serde_json::Value =
            serde_json::from_str(&generate(FileKind::Activity)).unwrap();
        assert_eq!(schema["additionalProperties"], serde_json::json!(false));
        assert_eq!(schema["properties"]["kind"]["const"], "activity");
        let processing = &schema["definitions"]["Processing"];
        assert!(
            processing["properties"].get("use").is_some(),
            "{processing}"
        );
        assert!(processing["properties"].get("use_").is_none());
    }

    #[test]
    fn no_null_defaults_and_every_open_answer_is_refused_with_a_dutch_message() {
        for kind in [FileKind::Activity, FileKind::Organisation] {
            let text = generate(kind);
            assert!(!text.contains("\"default\": null"), "{kind:?}");
            let schema: serde_json::Value = serde_json::from_str(&text).unwrap();
            let skeleton = match kind {
                FileKind::Activity => crate::init::activity_text(
                    "s.json",
                    "app",
                    crate::init::ActivityKind::Instagram,
                    "organisatie.yaml",
                    &crate::knowledge::Knowledge::builtin().platforms,
                ),
                FileKind::Organisation => crate::init::organisation_text("s.json"),
            };
            let open = crate::open::find(&skeleton);
            assert!(open.len() > 5);
            // Each open answer's node carries the marker, which refuses exactly `<vul in>`
            // (the examples, all answered, are valid against these schemas: tests/schema.rs).
            for o in &open {
                let node = node_at(&schema, &o.field);
                let marker = node["allOf"]
                    .as_array()
                    .and_then(|parts| parts.iter().find(|p| is_open_marker(p)))
                    .unwrap_or_else(|| panic!("{kind:?} {}: {node}", o.field));
                assert_eq!(marker["patternErrorMessage"], OPEN_MESSAGE);
                let validator = jsonschema::validator_for(marker).unwrap();
                assert!(!validator.is_valid(&crate::open::PLACEHOLDER.into()));
                assert!(validator.is_valid(&"OBS De Linde".into()));
                assert!(validator.is_valid(&"<vul in> later".into()));
                assert!(validator.is_valid(&true.into()));
            }
        }
    }

    /// The schema node of the field at `path` (e.g. `risks[0].likelihood`), as written in its
    /// parent's `properties` or `items`.
    fn node_at<'a>(root: &'a serde_json::Value, path: &str) -> &'a serde_json::Value {
        let resolve = |mut node: &'a serde_json::Value| loop {
            let real = |key: &str| -> Vec<&'a serde_json::Value> {
                node[key].as_array().map_or(Vec::new(), |parts| {
                    parts
                        .iter()
                        .filter(|p| !is_open_marker(p) && p["type"] != "null")
                        .collect()
                })
            };
            if let Some(r) = node["$ref"].as_str() {
                node = &root["definitions"][r.rsplit('/').next().unwrap()];
            } else if let [only] = real("allOf").as_slice() {
                node = only;
            } else if let [only] = real("anyOf").as_slice() {
                node = only;
            } else {
                return node;
            }
        };
        let mut node = root;
        for part in path.split('.') {
            let (key, indices) = part.split_once('[').unwrap_or((part, ""));
            node = &resolve(node)["properties"][key];
            for _ in indices.split('[').filter(|s| !s.is_empty()) {
                node = &resolve(node)["items"];
            }
        }
        node
    }

    #[test]
    fn doc_comments_become_descriptions() {
        let schema: serde_json::Value =
            serde_json::from_str(&generate(FileKind::Organisation)).unwrap();
        let board = schema["properties"]["board"]["description"]
            .as_str()
            .unwrap_or_default();
        assert!(board.contains("bevoegd gezag"), "{board}");
    }
}
