//! `dpiagen migrate`: marks questionnaires of format 1 as format 2, in place.
//!
//! Format 2 only adds optional answers, so a format-1 file means the same under format 2: the
//! one change is its `version` line. Everything else — comments, order, quoting, blank lines —
//! stays byte for byte as written. Every file is checked before any is written, so a folder
//! with one broken file is left as it was.

use crate::diagnostic::Diagnostic;
use crate::load::yaml;
use crate::model::FORMAT_VERSION;
use std::path::{Path, PathBuf};

/// What `migrate` finds in one file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Step {
    /// A format-1 file, and its text as format 2.
    Migrate(String),
    /// Already format 2.
    Current,
}

/// The plan for every questionnaire below `paths`, in file order; or every problem that stops
/// it (a file that is no questionnaire, or one whose version is unknown).
pub fn plan(paths: &[PathBuf]) -> Result<Vec<(PathBuf, Step)>, Vec<Diagnostic>> {
    let files = crate::load::collect(paths).map_err(|d| vec![d])?;
    let mut steps = Vec::new();
    let mut problems = Vec::new();
    for file in files {
        match step(&file) {
            Ok(s) => steps.push((file, s)),
            Err(d) => problems.push(d),
        }
    }
    if problems.is_empty() {
        Ok(steps)
    } else {
        Err(problems)
    }
}

/// Writes the files the plan migrates; returns how many it wrote, or the first write error.
pub fn apply(plan: &[(PathBuf, Step)]) -> Result<usize, (PathBuf, std::io::Error)> {
    let mut written = 0;
    for (path, step) in plan {
        if let Step::Migrate(text) = step {
            crate::output::write_atomic(path, text.as_bytes()).map_err(|e| (path.clone(), e))?;
            written += 1;
        }
    }
    Ok(written)
}

fn step(path: &Path) -> Result<Step, Diagnostic> {
    let source = crate::load::read(path)?;
    yaml::header(path, &source.text)?;
    // `read` drops a byte-order mark; the migrated file keeps the one it had.
    let mut start = [0u8; 3];
    let bom = std::fs::File::open(path)
        .and_then(|mut f| std::io::Read::read_exact(&mut f, &mut start))
        .is_ok()
        && start == [0xEF, 0xBB, 0xBF];
    Ok(match migrated(&source.text) {
        Some(text) if bom => Step::Migrate(format!("\u{feff}{text}")),
        Some(text) => Step::Migrate(text),
        None => Step::Current,
    })
}

/// `text` with its top-level `version: 1` line as `version: 2` (keeping any trailing comment),
/// or `None` when it has none (the header check has made sure it then says 2).
fn migrated(text: &str) -> Option<String> {
    let mut out = String::with_capacity(text.len());
    let mut changed = false;
    for line in text.split_inclusive('\n') {
        if !changed && let Some(rest) = line.strip_prefix("version:") {
            let value = rest.split(" #").next().unwrap_or("").trim();
            if value == "1" {
                let at = line.find('1').expect("the value is 1");
                out.push_str(&line[..at]);
                out.push_str(&FORMAT_VERSION.to_string());
                out.push_str(&line[at + 1..]);
                changed = true;
                continue;
            }
        }
        out.push_str(line);
    }
    changed.then_some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_version_line_changes_and_comments_stay() {
        let text =
            "# Profiel\nversion: 1   # formaat\nkind: organisation\n# version: 1\n  version: 1\n";
        assert_eq!(
            migrated(text).unwrap(),
            "# Profiel\nversion: 2   # formaat\nkind: organisation\n# version: 1\n  version: 1\n"
        );
        assert_eq!(migrated("version: 2\nkind: activity\n"), None);
    }

    #[test]
    fn a_crlf_file_keeps_its_line_ends() {
        assert_eq!(
            migrated("version: 1\r\nkind: activity\r\n").unwrap(),
            "version: 2\r\nkind: activity\r\n"
        );
    }

    #[test]
    fn a_folder_with_a_broken_file_is_not_planned_at_all() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("a.yaml"), "version: 1\nkind: activity\n").unwrap();
        std::fs::write(dir.path().join("b.yaml"), "version: 7\nkind: activity\n").unwrap();
        let problems = plan(&[dir.path().to_path_buf()]).unwrap_err();
        assert_eq!(problems.len(), 1);
        assert_eq!(problems[0].field.as_deref(), Some("version"));
    }
}
