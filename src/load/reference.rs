//! The organisation profile an activity names (`organisation: organisatie.yaml`): which
//! references are followed, and what to say about one that leads nowhere usable.
//!
//! Only a relative path to a `.yaml` or `.yml` file is followed, so an activity cannot make
//! dpiagen read (and show lines of) any other file, such as `/etc/passwd` or a `.env`. A file
//! that is read but is no questionnaire has its problems reported without its content.

use std::path::{Component, Path};

/// Why the reference `org` is not followed, with what to write instead; `None` to follow it.
pub fn refused(org: &str) -> Option<(String, &'static str)> {
    let path = Path::new(org);
    if path.is_absolute()
        || org.starts_with('\\')
        || path.components().any(|c| matches!(c, Component::Prefix(_)))
    {
        return Some((
            format!("`{org}` is an absolute path"),
            "give the path of the `kind: organisation` file relative to this file, e.g. `organisatie.yaml` or `../organisatie.yaml`",
        ));
    }
    if !super::is_yaml(path) {
        return Some((
            format!("`{org}` is not a questionnaire file"),
            "an organisation profile is a `.yaml` or `.yml` file with `kind: organisation`",
        ));
    }
    None
}

/// What is at `path`, which is not a readable file: a folder, a special file, a broken
/// symlink, or nothing.
pub fn what_is(path: &Path) -> &'static str {
    match std::fs::metadata(path) {
        Ok(meta) if meta.is_dir() => "is a folder, not a file",
        Ok(meta) if !meta.is_file() => "is not a regular file (a pipe, socket or device)",
        Ok(_) => "cannot be read",
        Err(_) if std::fs::symlink_metadata(path).is_ok() => "is a broken symlink",
        Err(_) => "not found",
    }
}

/// Whether `text` presents itself as a questionnaire: a top-level `version:` or `kind:` line.
/// Only then are its lines shown with its problems.
pub fn looks_like_questionnaire(text: &str) -> bool {
    text.lines()
        .any(|l| l.starts_with("version:") || l.starts_with("kind:"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_relative_yaml_paths_are_followed() {
        assert!(refused("organisatie.yaml").is_none());
        assert!(refused("../school/organisatie.yml").is_none());
        for bad in [
            "/etc/passwd",
            "/srv/school/organisatie.yaml",
            ".env",
            "id_rsa",
            "../x.txt",
        ] {
            assert!(refused(bad).is_some(), "{bad}");
        }
    }

    #[test]
    fn says_what_is_there() {
        let dir = tempfile::tempdir().unwrap();
        assert_eq!(what_is(dir.path()), "is a folder, not a file");
        assert_eq!(what_is(&dir.path().join("none.yaml")), "not found");
        #[cfg(unix)]
        {
            std::os::unix::fs::symlink("none", dir.path().join("link.yaml")).unwrap();
            assert_eq!(
                what_is(&dir.path().join("link.yaml")),
                "is a broken symlink"
            );
            assert_eq!(
                what_is(Path::new("/dev/null")),
                "is not a regular file (a pipe, socket or device)"
            );
        }
    }

    #[test]
    fn a_questionnaire_has_a_header_line() {
        assert!(looks_like_questionnaire(
            "# x\nversion: 1\nkind: activity\n"
        ));
        assert!(!looks_like_questionnaire(
            "root:x:0:0:root:/root:/bin/bash\n"
        ));
        assert!(!looks_like_questionnaire("SECRET=x\n"));
    }
}
