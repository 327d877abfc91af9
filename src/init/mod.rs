//! `dpiagen init`: writes a commented questionnaire skeleton in Dutch, each question a comment
//! above its key, with the defaults a kind of activity brings and `<vul in>` where only the
//! school can answer (see [`crate::open`]). `check` then reports exactly those open answers;
//! `dpiagen interview` asks them.

pub mod questions;
pub mod skeleton;

pub use questions::ActivityKind;

use crate::knowledge::platforms::Platforms;
use crate::open;
use std::io::Write;
use std::path::{Path, PathBuf};

/// The file name of an organisation profile written by `init organisation`.
pub const ORGANISATION_FILE: &str = "organisatie.yaml";

/// The text of a new organisation profile; `schema` is the path of its JSON Schema as seen from
/// the file's folder.
pub fn organisation_text(schema: &str) -> String {
    format!(
        "# yaml-language-server: $schema={schema}\n# Organisatieprofiel. Vul elke `<vul in>` in (of gebruik `dpiagen interview`); `dpiagen check` noemt wat nog open staat.\n{}",
        skeleton::to_yaml(&questions::organisation())
    )
}

/// The text of a new organisation profile in `dir`: its `id` is the folder's name when that is
/// a valid id (lowercase letters, digits, hyphens), else left open for the school to give one.
pub fn organisation_text_in(schema: &str, dir: &Path) -> String {
    let text = organisation_text(schema);
    let name = match dir.file_name() {
        Some(name) => name.to_str().map(str::to_string),
        None => dir
            .canonicalize()
            .ok()
            .and_then(|d| d.file_name()?.to_str().map(str::to_string)),
    };
    let open_id = open::find(&text).into_iter().find(|o| o.field == "id");
    match (name, open_id) {
        (Some(name), Some(id)) if crate::validate::is_slug(&name) => {
            open::replace(&text, &id, &skeleton::quote(&name))
        }
        _ => text,
    }
}

/// The text of a new activity questionnaire, with the defaults `platforms` gives its kind.
pub fn activity_text(
    schema: &str,
    id: &str,
    kind: ActivityKind,
    organisation: &str,
    platforms: &'static Platforms,
) -> String {
    activity_text_with(schema, id, kind, organisation, platforms, false)
}

/// [`activity_text`], with the questions of the full DPIA when `dpia` is set
/// (`init activity --dpia`).
pub fn activity_text_with(
    schema: &str,
    id: &str,
    kind: ActivityKind,
    organisation: &str,
    platforms: &'static Platforms,
    dpia: bool,
) -> String {
    let mut tree = questions::activity(id, kind, organisation, platforms);
    if dpia {
        tree.push(questions::dpia());
    }
    format!(
        "# yaml-language-server: $schema={schema}\n# Pre-DPIA-vragenlijst. Vul elke `<vul in>` in (of gebruik `dpiagen interview`); `dpiagen check` noemt wat nog open staat.\n{}",
        skeleton::to_yaml(&tree)
    )
}

/// The path of the shipped JSON Schema `name` as seen from `dir`: relative to a `schema/`
/// folder holding it in `dir` or one of its parents (inside dpiagen's own repository); `None`
/// anywhere else, where `init` writes a copy into the folder (see [`crate::schema::LOCAL_DIR`]).
pub fn schema_path(dir: &Path, name: &str) -> Option<String> {
    let start = dir.canonicalize().ok()?;
    start
        .ancestors()
        .position(|ancestor| ancestor.join("schema").join(name).is_file())
        .map(|up| format!("{}schema/{name}", "../".repeat(up)))
}

/// Writes `text` to `path`, creating its folder; refuses to overwrite an existing file.
pub fn write_new(path: &Path, text: &str) -> Result<(), String> {
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir)
            .map_err(|e| format!("cannot create folder {}: {e}", dir.display()))?;
    }
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)
        .map_err(|e| match e.kind() {
            std::io::ErrorKind::AlreadyExists => format!(
                "{} already exists; init never overwrites a questionnaire (choose another name, or remove it first)",
                path.display()
            ),
            _ => format!("cannot create {}: {e}", path.display()),
        })?;
    file.write_all(text.as_bytes())
        .and_then(|()| file.sync_all())
        .map_err(|e| format!("cannot write {}: {e}", path.display()))
}

/// Where `init activity <id>` writes: `<dir>/<id>.yaml`.
pub fn activity_path(dir: &Path, id: &str) -> PathBuf {
    dir.join(format!("{id}.yaml"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::yaml::{FileKind, header};

    #[test]
    fn skeletons_parse_and_every_open_answer_is_found_with_a_question() {
        let org = organisation_text("../schema/organisation.schema.json");
        assert!(
            org.starts_with("# yaml-language-server: $schema=../schema/organisation.schema.json\n")
        );
        assert_eq!(
            header(Path::new("o.yaml"), &org).unwrap(),
            FileKind::Organisation
        );
        let found = open::find(&org);
        assert!(found.iter().any(|o| o.field == "name"));
        assert!(found.iter().all(|o| o.question.is_some()), "{found:?}");
        for kind in [
            ActivityKind::Instagram,
            ActivityKind::Whatsapp,
            ActivityKind::VideoLessons,
            ActivityKind::LearningPlatform,
            ActivityKind::Other,
        ] {
            let text = activity_text(
                "s.json",
                "mijn-app",
                kind,
                "organisatie.yaml",
                &crate::knowledge::Knowledge::builtin().platforms,
            );
            assert_eq!(
                header(Path::new("a.yaml"), &text).unwrap(),
                FileKind::Activity
            );
            let found = open::find(&text);
            assert!(found.iter().any(|o| o.field == "assessment.year"));
            assert!(
                found.iter().all(|o| o.question.is_some()),
                "{kind:?}: {found:?}"
            );
        }
    }

    #[test]
    fn every_open_question_names_its_subject() {
        let mut texts = vec![organisation_text("s.json")];
        for kind in [
            ActivityKind::Instagram,
            ActivityKind::Whatsapp,
            ActivityKind::VideoLessons,
            ActivityKind::LearningPlatform,
            ActivityKind::Other,
        ] {
            texts.push(activity_text(
                "s.json",
                "app",
                kind,
                "organisatie.yaml",
                &crate::knowledge::Knowledge::builtin().platforms,
            ));
        }
        for text in &texts {
            // No two open answers of a file are asked with the same words, unless they are the
            // same question about another item of a list (`risks[0].likelihood`, `risks[1]…`).
            let mut asked: std::collections::BTreeMap<String, String> = Default::default();
            for o in open::find(text) {
                let question = o.question.unwrap_or_default();
                let mut shape = String::new();
                let mut in_index = false;
                for c in o.field.chars() {
                    match c {
                        '[' => in_index = true,
                        ']' => in_index = false,
                        _ if in_index => continue,
                        _ => {}
                    }
                    shape.push(c);
                }
                let earlier = asked.entry(question.clone()).or_insert(shape.clone());
                assert_eq!(*earlier, shape, "`{question}` is asked for both");
            }
        }
        let board = open::find(&texts[0])
            .into_iter()
            .find(|o| o.field == "board_signatory.name")
            .unwrap();
        assert!(
            board.question.unwrap().contains("namens het bestuur"),
            "the question names whose name it asks"
        );
    }

    #[test]
    fn instagram_defaults_come_from_the_platform_facts() {
        let text = activity_text(
            "s.json",
            "insta",
            ActivityKind::Instagram,
            "organisatie.yaml",
            &crate::knowledge::Knowledge::builtin().platforms,
        );
        let value: serde_json::Value = serde_saphyr::from_str(&text).unwrap();
        let vendor = &value["vendors"][0];
        let instagram = &crate::knowledge::Knowledge::builtin()
            .platforms
            .get("instagram")
            .unwrap();
        assert_eq!(vendor["name"], instagram.provider.as_str());
        assert_eq!(vendor["role"], "joint-controller");
        assert_eq!(
            vendor["minimum_age"],
            i64::from(instagram.minimum_age.unwrap())
        );
        assert_eq!(value["transfers"][0]["country"], "US");
        assert_eq!(value["transfers"][0]["tool"], "dpf");
        let text = activity_text(
            "s.json",
            "wa",
            ActivityKind::Whatsapp,
            "organisatie.yaml",
            &crate::knowledge::Knowledge::builtin().platforms,
        );
        let value: serde_json::Value = serde_saphyr::from_str(&text).unwrap();
        assert_eq!(value["vendors"][0]["agreement"]["status"], "not-possible");
    }

    #[test]
    fn the_id_is_the_folder_name_only_when_that_is_a_valid_id() {
        let id = |dir: &str| {
            let text = organisation_text_in("s.json", Path::new(dir));
            let value: serde_json::Value = serde_saphyr::from_str(&text).unwrap();
            value["id"].as_str().unwrap().to_string()
        };
        assert_eq!(id("scholen/de-linde"), "de-linde");
        assert_eq!(id("scholen/De Linde"), open::PLACEHOLDER);
    }

    #[test]
    fn never_overwrites() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("sub").join("a.yaml");
        write_new(&path, "one").unwrap();
        let err = write_new(&path, "two").unwrap_err();
        assert!(err.contains("already exists"), "{err}");
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "one");
    }

    #[test]
    fn schema_path_finds_a_schema_folder_above() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("schema")).unwrap();
        std::fs::write(dir.path().join("schema/activity.schema.json"), "{}").unwrap();
        let deep = dir.path().join("a/b");
        std::fs::create_dir_all(&deep).unwrap();
        assert_eq!(
            schema_path(&deep, "activity.schema.json").as_deref(),
            Some("../../schema/activity.schema.json")
        );
        assert_eq!(
            schema_path(dir.path(), "activity.schema.json").as_deref(),
            Some("schema/activity.schema.json")
        );
        let elsewhere = tempfile::tempdir().unwrap();
        assert_eq!(schema_path(elsewhere.path(), "activity.schema.json"), None);
    }
}
