//! A school's own templates folder: which files it may hold, read safely, and its label files.

use super::RenderError;
use std::path::Path;

/// The file name of a template in the folder of a school's own templates: a Tera template or
/// a language's label file.
pub(super) fn is_template(path: &Path) -> bool {
    path.file_name()
        .and_then(|n| n.to_str())
        .is_some_and(|n| n.ends_with(".typ.tera") || n == LABELS)
}

/// The file of a language's labels (`nl/labels.yaml`): how the documents name fixed values.
pub(super) const LABELS: &str = "labels.yaml";

/// The labels of every language, `{"nl": {kind: {value: label}}, "en": …}`, from the
/// `<lang>/labels.yaml` files among `files`; a later file of a language (a school's own, read
/// after the built-in one) replaces the kinds it names.
pub(super) fn labels(files: &[(String, String)]) -> Result<serde_json::Value, RenderError> {
    let mut all = serde_json::Map::new();
    for (name, text) in files {
        let Some((lang, LABELS)) = name.split_once('/') else {
            continue;
        };
        let kinds: serde_json::Map<String, serde_json::Value> =
            serde_saphyr::from_str(text).map_err(|e| RenderError(format!("{name}: {e}")))?;
        let entry = all
            .entry(lang.to_string())
            .or_insert_with(|| serde_json::Value::Object(serde_json::Map::new()));
        if let serde_json::Value::Object(map) = entry {
            map.extend(kinds);
        }
    }
    let students: Vec<_> = all
        .iter()
        .map(|(lang, table)| (format!("{lang}{STUDENTS}"), with_students(table)))
        .collect();
    all.extend(students);
    Ok(serde_json::Value::Object(all))
}

/// The suffix of a language's labels for a sector with students (mbo, ho): `nl-students`.
pub(super) const STUDENTS: &str = "-students";

/// A language's labels with its `students` kind laid over them: the words of a sector whose
/// learners are students, e.g. `group: {pupils: studenten}` and `learners: studenten`.
fn with_students(table: &serde_json::Value) -> serde_json::Value {
    let mut out = table.clone();
    let (Some(over), Some(map)) = (
        table.get("students").and_then(|s| s.as_object()),
        out.as_object_mut(),
    ) else {
        return out;
    };
    for (kind, value) in over {
        match (map.get_mut(kind), value) {
            (Some(serde_json::Value::Object(labels)), serde_json::Value::Object(new)) => {
                labels.extend(new.clone());
            }
            _ => {
                map.insert(kind.clone(), value.clone());
            }
        }
    }
    out
}

/// `path` below `root` as a template name: `/`-separated.
fn relative_name(root: &Path, path: &Path) -> String {
    path.strip_prefix(root)
        .unwrap_or(path)
        .components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

/// The largest file a school's templates folder may hold (a template, an image, a font).
pub const MAX_TEMPLATE_FILE_BYTES: u64 = 32 * 1024 * 1024;

/// The files of a school's template folder: (name, bytes), sorted by name. Hidden files and
/// folders are skipped; a file whose real path lies outside the folder (a symlink out) is an
/// error, as it would be for Typst.
pub(super) fn folder_files(dir: &Path) -> Result<Vec<(String, Vec<u8>)>, RenderError> {
    let root = dir.canonicalize().map_err(|e| {
        RenderError(format!(
            "cannot read the templates folder {}: {e}",
            dir.display()
        ))
    })?;
    if !root.is_dir() {
        return Err(RenderError(format!(
            "the templates folder {} is not a folder",
            dir.display()
        )));
    }
    let mut files = Vec::new();
    let walk = walkdir::WalkDir::new(&root)
        .follow_links(false)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !e.file_name().to_string_lossy().starts_with('.'));
    for entry in walk {
        let entry = entry.map_err(|e| {
            RenderError(format!(
                "cannot read the templates folder {}: {e}",
                dir.display()
            ))
        })?;
        if entry.file_type().is_dir() {
            continue;
        }
        let name = relative_name(&root, entry.path());
        let shown = dir.join(&name);
        let real = entry.path().canonicalize().map_err(|e| {
            RenderError(format!("cannot read the template {}: {e}", shown.display()))
        })?;
        if !real.starts_with(&root) {
            return Err(RenderError(format!(
                "{}: points outside the templates folder; templates may only use files inside it",
                shown.display()
            )));
        }
        if real.is_dir() {
            continue;
        }
        // Checked before reading: a pipe would block the read forever.
        let meta = std::fs::metadata(&real).map_err(|e| {
            RenderError(format!("cannot read the template {}: {e}", shown.display()))
        })?;
        if !meta.is_file() {
            return Err(RenderError(format!(
                "{}: not a regular file (a pipe, socket or device); a templates folder holds only files and folders",
                shown.display()
            )));
        }
        if meta.len() > MAX_TEMPLATE_FILE_BYTES {
            return Err(RenderError(format!(
                "{}: {} bytes; a file in a templates folder is at most {MAX_TEMPLATE_FILE_BYTES} bytes",
                shown.display(),
                meta.len()
            )));
        }
        let bytes = std::fs::read(&real).map_err(|e| {
            RenderError(format!("cannot read the template {}: {e}", shown.display()))
        })?;
        files.push((name, bytes));
    }
    Ok(files)
}
