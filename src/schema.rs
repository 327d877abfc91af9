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
    let mut text = serde_json::to_string_pretty(&schema)
        .expect("a schema built from serde_json values always serialises");
    text.push('\n');
    text
}

/// The file name of the shipped schema of `kind`, below `schema/`.
pub fn file_name(kind: FileKind) -> &'static str {
    match kind {
        FileKind::Activity => "activity.schema.json",
        FileKind::Organisation => "organisation.schema.json",
    }
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
    fn doc_comments_become_descriptions() {
        let schema: serde_json::Value =
            serde_json::from_str(&generate(FileKind::Organisation)).unwrap();
        let board = schema["properties"]["board"]["description"]
            .as_str()
            .unwrap_or_default();
        assert!(board.contains("bevoegd gezag"), "{board}");
    }
}
