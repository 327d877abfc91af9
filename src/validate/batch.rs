//! Checks across the files of one run: within an organisation's folder of a year no two
//! activities may share an id, and no two organisation profiles may share a folder, since
//! these name the output folders.

use crate::diagnostic::Diagnostic;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// Where an activity's documents go, as far as clashes are concerned.
#[derive(Debug, Clone, Copy)]
pub struct Place<'a> {
    /// The assessment year.
    pub year: i32,
    /// The organisation's output folder.
    pub folder: &'a str,
    /// The organisation profile (canonical path), the owner of the folder.
    pub profile: &'a Path,
    /// The assessment id.
    pub id: &'a str,
}

/// The output folders of a run already taken, with the file that took each first.
#[derive(Debug, Default)]
pub struct Ids {
    activities: BTreeMap<(i32, String, String), PathBuf>,
    folders: BTreeMap<(i32, String), PathBuf>,
}

impl Ids {
    /// An error when the activity in `path` (whose text is `text`) would go to a folder an
    /// earlier file took: another activity of its organisation and year with its id, or another
    /// organisation profile with the same output folder. `None` when the place is free. Files
    /// are checked in the run's file order, so the message always names the same first file.
    pub fn activity(&self, path: &Path, text: &str, place: Place) -> Option<Diagnostic> {
        let locate = |field: &str| {
            crate::load::locate::Node::parse(text).map_or((1, 1), |n| n.locate(field))
        };
        let Place {
            year,
            folder,
            profile,
            id,
        } = place;
        if let Some(owner) = self.folders.get(&(year, folder.to_string()))
            && owner != profile
        {
            let (line, col) = locate("organisation");
            return Some(
                Diagnostic::error(
                    path,
                    format!(
                        "the organisation folder `{year}/{folder}` belongs to another profile in this run, {}",
                        owner.display()
                    ),
                )
                .field("organisation")
                .at(line, col)
                .help("two organisations need different ids: give one of them its own `id` in its profile (it names the output folder)"),
            );
        }
        let first = self
            .activities
            .get(&(year, folder.to_string(), id.to_string()))?;
        let (line, col) = locate("assessment.id");
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
            .help("every activity of an organisation and year needs its own id: it names the output folder"),
        )
    }

    /// Takes the place of the activity in `path`.
    pub fn take(&mut self, path: &Path, place: Place) {
        self.folders
            .entry((place.year, place.folder.to_string()))
            .or_insert_with(|| place.profile.to_path_buf());
        self.activities
            .entry((place.year, place.folder.to_string(), place.id.to_string()))
            .or_insert_with(|| path.to_path_buf());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn place<'a>(year: i32, folder: &'a str, profile: &'a str, id: &'a str) -> Place<'a> {
        Place {
            year,
            folder,
            profile: Path::new(profile),
            id,
        }
    }

    #[test]
    fn the_second_file_with_an_id_of_an_organisation_and_year_is_refused_and_names_the_first() {
        let mut ids = Ids::default();
        let text = "organisation: ../organisatie.yaml\nassessment:\n  id: x\n";
        let first = place(2026, "school", "/s/organisatie.yaml", "x");
        assert!(ids.activity(Path::new("a.yaml"), text, first).is_none());
        ids.take(Path::new("a.yaml"), first);
        let d = ids
            .activity(Path::new("b.yaml"), text, first)
            .expect("a clash");
        assert!(d.message.contains("a.yaml"), "{}", d.message);
        assert_eq!(d.field.as_deref(), Some("assessment.id"));
        // Another year, another id, or another organisation's folder is free.
        for free in [
            place(2027, "school", "/s/organisatie.yaml", "x"),
            place(2026, "school", "/s/organisatie.yaml", "y"),
            place(2026, "other", "/o/organisatie.yaml", "x"),
        ] {
            assert!(ids.activity(Path::new("b.yaml"), text, free).is_none());
        }
    }

    #[test]
    fn two_profiles_with_one_output_folder_are_refused() {
        let mut ids = Ids::default();
        let text = "organisation: ../organisatie.yaml\nassessment:\n  id: x\n";
        ids.take(
            Path::new("a.yaml"),
            place(2026, "school", "/a/organisatie.yaml", "x"),
        );
        let d = ids
            .activity(
                Path::new("b.yaml"),
                text,
                place(2026, "school", "/b/organisatie.yaml", "y"),
            )
            .expect("a clash");
        assert!(d.message.contains("/a/organisatie.yaml"), "{}", d.message);
        assert_eq!(d.field.as_deref(), Some("organisation"));
        assert_eq!(d.line, Some(1));
    }
}
