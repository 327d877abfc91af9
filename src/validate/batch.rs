//! Checks across the files of one run: no two activities of a year, and no two organisations
//! of a year, may share an id, since the id names their output folder.

use crate::diagnostic::Diagnostic;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// The ids of a year already taken in this run, with the file that took each first.
#[derive(Debug, Default)]
pub struct Ids {
    taken: BTreeMap<(i32, String), PathBuf>,
}

impl Ids {
    /// An error when the activity `id` of `year` in `path` (whose text is `text`) was taken
    /// by an earlier file; `None` when it is free. Files are checked in the run's file order,
    /// so the message always names the same first file.
    pub fn activity(&self, path: &Path, text: &str, year: i32, id: &str) -> Option<Diagnostic> {
        let first = self.taken.get(&(year, id.to_string()))?;
        let (line, col) =
            crate::load::locate::Node::parse(text).map_or((1, 1), |n| n.locate("assessment.id"));
        Some(
            Diagnostic::error(
                path,
                format!(
                    "assessment id `{id}` of {year} is also used by {}",
                    first.display()
                ),
            )
            .field("assessment.id")
            .at(line, col)
            .help("every activity of a year needs its own id: it names the output folder"),
        )
    }

    /// Takes the id `id` of `year` for `path`.
    pub fn take(&mut self, path: &Path, year: i32, id: &str) {
        self.taken
            .entry((year, id.to_string()))
            .or_insert_with(|| path.to_path_buf());
    }
}

/// The error for an organisation profile `path` whose `id` of `year` is also the id of the
/// profile `other`.
pub fn organisation_clash(path: &Path, id: &str, year: i32, other: &Path) -> Diagnostic {
    Diagnostic::error(
        path,
        format!(
            "organisation id `{id}` of {year} is also used by {}",
            other.display()
        ),
    )
    .field("id")
    .help("every organisation needs its own id: it names the output folder")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_second_file_with_an_id_of_a_year_is_refused_and_names_the_first() {
        let mut ids = Ids::default();
        let text = "assessment:\n  id: x\n";
        assert!(ids.activity(Path::new("a.yaml"), text, 2026, "x").is_none());
        ids.take(Path::new("a.yaml"), 2026, "x");
        let d = ids
            .activity(Path::new("b.yaml"), text, 2026, "x")
            .expect("a clash");
        assert!(d.message.contains("a.yaml"), "{}", d.message);
        // Another year, or another id, is free.
        assert!(ids.activity(Path::new("b.yaml"), text, 2027, "x").is_none());
        assert!(ids.activity(Path::new("b.yaml"), text, 2026, "y").is_none());
    }
}
