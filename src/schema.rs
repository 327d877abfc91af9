//! JSON Schemas of the two questionnaire kinds, generated from the model types.
//!
//! The schemas are derived with schemars from the same Rust types that serde reads, so they
//! follow every rename and refuse unknown keys exactly as the loader does; the doc comments of
//! the model become the descriptions an editor shows. They are shipped in `schema/` (kept in
//! sync by a test) and printed by `dpiagen schema <kind>`. Draft-07 is used because it is the
//! draft YAML editors (yaml-language-server) support best.
//!
//! The descriptions come in two languages: English from the doc comments, Dutch from the table
//! `data/schema-nl.yaml` (keyed by the English text), applied when the schema is generated, so
//! the Dutch set in `schema/nl/` is derived and never edited by hand. A test keeps the table
//! complete and free of stale entries.
//!
//! A schema checks the shape of a file; checks across fields (date order, dependent answers)
//! stay with `dpiagen check`.

use crate::lang::Lang;
use crate::load::FileKind;
use crate::model::{Activity, Organisation};
use schemars::generate::SchemaSettings;

/// The JSON Schema of `kind` with English descriptions, pretty-printed, ending in a newline.
pub fn generate(kind: FileKind) -> String {
    generate_in(kind, Lang::En)
}

/// The JSON Schema of `kind` with its descriptions and messages in `lang`.
pub fn generate_in(kind: FileKind, lang: Lang) -> String {
    let mut generator = SchemaSettings::draft07().for_deserialize().into_generator();
    let (mut schema, title) = match kind {
        FileKind::Activity => (
            generator.root_schema_for::<Activity>(),
            lang.pick(
                "dpiagen-vragenlijst: één verwerkingsactiviteit (formaatversie 1)",
                "dpiagen questionnaire: one processing activity (format version 1)",
            ),
        ),
        FileKind::Organisation => (
            generator.root_schema_for::<Organisation>(),
            lang.pick(
                "dpiagen-vragenlijst: organisatieprofiel (formaatversie 1)",
                "dpiagen questionnaire: organisation profile (format version 1)",
            ),
        ),
    };
    schema.insert("title".into(), title.into());
    if let Some(root) = schema.as_object_mut() {
        crate::load::limits::annotate(root);
    }
    let mut schema = schema.to_value();
    polish(&mut schema, false, lang);
    if lang == Lang::Nl {
        translate(&mut schema, dutch());
    }
    let mut text = serde_json::to_string_pretty(&schema)
        .expect("a schema built from serde_json values always serialises");
    text.push('\n');
    text
}

/// The message an editor shows at an answer still `<vul in>` (Dutch schema set).
pub const OPEN_MESSAGE: &str = "nog niet beantwoord: vervang `<vul in>` door het antwoord";

/// [`OPEN_MESSAGE`] in the English schema set.
pub const OPEN_MESSAGE_EN: &str = "not answered yet: replace `<vul in>` with the answer";

/// The Dutch descriptions, keyed by the English ones (`data/schema-nl.yaml`).
pub fn dutch() -> &'static std::collections::BTreeMap<String, String> {
    static TABLE: std::sync::OnceLock<std::collections::BTreeMap<String, String>> =
        std::sync::OnceLock::new();
    TABLE.get_or_init(|| {
        serde_saphyr::from_str(include_str!("../data/schema-nl.yaml"))
            .expect("data/schema-nl.yaml is a map of texts (checked by a test)")
    })
}

/// Every `description` in `node`, in document order.
pub fn descriptions(node: &serde_json::Value) -> Vec<&str> {
    let mut found = Vec::new();
    let mut stack = vec![node];
    while let Some(node) = stack.pop() {
        match node {
            serde_json::Value::Object(map) => {
                for (key, child) in map.iter().rev() {
                    match (key.as_str(), child) {
                        ("description", serde_json::Value::String(text)) => found.push(text),
                        _ => stack.push(child),
                    }
                }
            }
            serde_json::Value::Array(items) => stack.extend(items.iter().rev()),
            _ => {}
        }
    }
    found.into_iter().map(String::as_str).collect()
}

/// Replaces every `description` in `node` by its entry in `table`; one without an entry stays
/// English (the table's test names it).
fn translate(node: &mut serde_json::Value, table: &std::collections::BTreeMap<String, String>) {
    match node {
        serde_json::Value::Object(map) => {
            for (key, child) in map.iter_mut() {
                match (key.as_str(), child) {
                    ("description", serde_json::Value::String(text)) => {
                        if let Some(dutch) = table.get(text.as_str()) {
                            *text = dutch.clone();
                        }
                    }
                    (_, child) => translate(child, table),
                }
            }
        }
        serde_json::Value::Array(items) => {
            for item in items {
                translate(item, table);
            }
        }
        _ => {}
    }
}

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
/// in an `allOf` part of its own so the message does not replace the other ones there. The
/// message is in `lang`.
fn polish(node: &mut serde_json::Value, is_answer: bool, lang: Lang) {
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
                        polish(property, true, lang);
                    }
                }
            }
            "items" => polish(child, true, lang),
            "definitions" | "$defs" => {
                if let serde_json::Value::Object(definitions) = child {
                    for definition in definitions.values_mut() {
                        polish(definition, false, lang);
                    }
                }
            }
            _ => polish(child, false, lang),
        }
    }
    if is_answer {
        let marker = serde_json::json!({
            "pattern": OPEN_PATTERN,
            "patternErrorMessage": lang.pick(OPEN_MESSAGE, OPEN_MESSAGE_EN),
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

/// The file name of the schema of `kind` (the same in both languages).
pub fn file_name(kind: FileKind) -> &'static str {
    match kind {
        FileKind::Activity => "activity.schema.json",
        FileKind::Organisation => "organisation.schema.json",
    }
}

/// Where the shipped schema of `kind` in `lang` lies below `schema/`: English at the top,
/// Dutch in `nl/`.
pub fn shipped_name(kind: FileKind, lang: Lang) -> String {
    match lang {
        Lang::En => file_name(kind).to_string(),
        Lang::Nl => format!("nl/{}", file_name(kind)),
    }
}

/// The `language` of the organisation profile at `path`, when it can be read and names one.
/// Editors' schemas follow it; a profile that does not load is `check`'s business, not ours.
pub fn profile_language(path: &std::path::Path) -> Option<Lang> {
    let text = std::fs::read_to_string(path).ok()?;
    let profile: serde_json::Value = serde_saphyr::from_str(&text).ok()?;
    serde_json::from_value(profile.get("language")?.clone()).ok()
}

/// Where `init` and `dpiagen schema --write` put a copy of the schemas, inside an
/// organisation's folder, so that editors find them wherever the folder is.
pub const LOCAL_DIR: &str = ".dpiagen/schema";

/// Writes both schemas in `lang` into `<dir>/.dpiagen/schema/`, replacing older ones; returns
/// the files it changed (none when they were up to date). The file names do not depend on the
/// language, so the references in the folder's files stay valid when it changes.
pub fn write_local(dir: &std::path::Path, lang: Lang) -> std::io::Result<Vec<std::path::PathBuf>> {
    let folder = dir.join(LOCAL_DIR);
    std::fs::create_dir_all(&folder)?;
    let mut changed = Vec::new();
    for kind in [FileKind::Activity, FileKind::Organisation] {
        let path = folder.join(file_name(kind));
        let text = generate_in(kind, lang);
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
    fn no_null_defaults_and_every_open_answer_is_refused_with_a_message_in_the_language() {
        for (kind, lang) in [FileKind::Activity, FileKind::Organisation]
            .into_iter()
            .flat_map(|kind| Lang::ALL.map(|lang| (kind, lang)))
        {
            let text = generate_in(kind, lang);
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
                assert_eq!(
                    marker["patternErrorMessage"],
                    lang.pick(OPEN_MESSAGE, OPEN_MESSAGE_EN)
                );
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

    #[test]
    fn every_description_has_a_dutch_text_and_no_dutch_text_is_stale() {
        let table = dutch();
        let mut used = std::collections::BTreeSet::new();
        let mut missing = std::collections::BTreeSet::new();
        for kind in [FileKind::Activity, FileKind::Organisation] {
            let schema: serde_json::Value = serde_json::from_str(&generate(kind)).unwrap();
            for text in descriptions(&schema) {
                match table.get_key_value(text) {
                    Some((key, _)) => used.insert(key.as_str()),
                    None => missing.insert(text.to_string()),
                };
            }
        }
        assert!(
            missing.is_empty(),
            "{} descriptions lack a Dutch text in data/schema-nl.yaml:\n{}",
            missing.len(),
            missing
                .iter()
                .map(|m| format!("  {m:?}"))
                .collect::<Vec<_>>()
                .join("\n")
        );
        let stale: Vec<&String> = table
            .keys()
            .filter(|k| !used.contains(k.as_str()))
            .collect();
        assert!(
            stale.is_empty(),
            "data/schema-nl.yaml has entries no description uses: {stale:?}"
        );
        assert!(table.values().all(|nl| !nl.trim().is_empty()));
    }

    #[test]
    fn the_dutch_set_is_the_english_one_with_dutch_texts() {
        let en: serde_json::Value =
            serde_json::from_str(&generate(FileKind::Organisation)).unwrap();
        let nl: serde_json::Value =
            serde_json::from_str(&generate_in(FileKind::Organisation, Lang::Nl)).unwrap();
        let english = en["properties"]["language"]["description"]
            .as_str()
            .unwrap();
        assert!(
            english.starts_with("Language of the documents"),
            "{english}"
        );
        assert_eq!(
            nl["properties"]["language"]["description"].as_str(),
            dutch().get(english).map(String::as_str)
        );
        assert!(nl["title"].as_str().unwrap().contains("organisatieprofiel"));
        // Only the texts differ: the same number of descriptions at the same places.
        assert_eq!(descriptions(&en).len(), descriptions(&nl).len());
        assert_eq!(en["required"], nl["required"]);
        assert_eq!(
            en["definitions"]
                .as_object()
                .unwrap()
                .keys()
                .collect::<Vec<_>>(),
            nl["definitions"]
                .as_object()
                .unwrap()
                .keys()
                .collect::<Vec<_>>()
        );
    }

    #[test]
    fn a_profile_names_the_language_of_its_schemas() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("organisatie.yaml");
        assert_eq!(profile_language(&path), None);
        std::fs::write(&path, "kind: organisation\nlanguage: en\n").unwrap();
        assert_eq!(profile_language(&path), Some(Lang::En));
        std::fs::write(&path, "kind: organisation\nlanguage: nl\n").unwrap();
        assert_eq!(profile_language(&path), Some(Lang::Nl));
        std::fs::write(&path, "kind: organisation\nlanguage: fr\n").unwrap();
        assert_eq!(profile_language(&path), None);
        std::fs::write(&path, "kind: [organisation\n").unwrap();
        assert_eq!(profile_language(&path), None);
    }
}
