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
    fn doc_comments_become_descriptions() {
        let schema: serde_json::Value =
            serde_json::from_str(&generate(FileKind::Organisation)).unwrap();
        let board = schema["properties"]["board"]["description"]
            .as_str()
            .unwrap_or_default();
        assert!(board.contains("bevoegd gezag"), "{board}");
    }
}
