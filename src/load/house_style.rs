//! The organisation's house style (`house_style:` in its profile): the colour is checked and the
//! logo file is read, confined to the folder of the profile.
//!
//! The logo must be a relative path to a PNG or SVG file inside that folder: absolute paths,
//! `..` and symlinks that lead out are refused, so a questionnaire cannot make dpiagen read (and
//! print) any other file. Its bytes reach the typesetter under [`LOGO_PATH`] and nothing else
//! from disk does.

use super::locate::Node;
use crate::diagnostic::Diagnostic;
use crate::model::Organisation;
use std::path::{Component, Path};

/// The fixed virtual path under which the typesetter serves the logo (see `templates/dpiagen.typ`).
pub const LOGO_PATH: &str = "/huisstijl/logo";

/// The largest logo accepted, in bytes.
pub const MAX_LOGO_BYTES: u64 = 2 * 1024 * 1024;

/// Checks the house style of the profile at `path` (text `text`) and reads its logo, if any.
pub fn load(path: &Path, text: &str, org: &Organisation) -> Result<Option<Vec<u8>>, Diagnostic> {
    let Some(style) = &org.house_style else {
        return Ok(None);
    };
    let at = |field: &str, message: String, help: &str| {
        let (line, col) = Node::parse(text).map_or((1, 1), |t| t.locate(field));
        Diagnostic::error(path, message)
            .field(field)
            .at(line, col)
            .help(help)
    };
    let unquoted = text.lines().position(|l| {
        l.trim_start()
            .strip_prefix("primary_colour:")
            .is_some_and(|v| v.trim_start().starts_with('#'))
    });
    if let (None, Some(i)) = (&style.primary_colour, unquoted) {
        let col = text
            .lines()
            .nth(i)
            .map_or(1, |l| l.find('#').map_or(1, |c| c + 1));
        return Err(Diagnostic::error(
            path,
            "the colour is read as a comment: `#` starts a YAML comment",
        )
        .field("house_style.primary_colour")
        .at(i + 1, col)
        .help("put the colour in quotes, e.g. primary_colour: \"#1f5f8b\""));
    }
    if let Some(colour) = &style.primary_colour
        && !is_colour(colour)
    {
        return Err(at(
            "house_style.primary_colour",
            format!("`{colour}` is not a colour"),
            "write `#` and six hexadecimal digits, in quotes, e.g. \"#1f5f8b\"",
        ));
    }
    let Some(logo) = &style.logo else {
        return Ok(None);
    };
    let field = "house_style.logo";
    let relative = Path::new(logo);
    let ext = relative
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase);
    if !matches!(ext.as_deref(), Some("png" | "svg")) {
        return Err(at(
            field,
            format!("`{logo}` is not a PNG or SVG file"),
            "a logo is a .png or .svg file",
        ));
    }
    let outside = "the logo must be a file inside the folder of this profile, named by a relative path without `..`, e.g. `logo.svg`";
    if logo.is_empty()
        || !relative
            .components()
            .all(|c| matches!(c, Component::Normal(_) | Component::CurDir))
        || logo.contains('\\')
    {
        return Err(at(
            field,
            format!("`{logo}` is outside the folder of this profile"),
            outside,
        ));
    }
    let folder = path.parent().unwrap_or(Path::new("."));
    let folder = if folder.as_os_str().is_empty() {
        Path::new(".")
    } else {
        folder
    };
    let not_found = || {
        at(
            field,
            format!("logo `{logo}` not found next to this profile"),
            outside,
        )
    };
    let (Ok(root), Ok(real)) = (folder.canonicalize(), folder.join(relative).canonicalize()) else {
        return Err(not_found());
    };
    if !real.starts_with(&root) {
        return Err(at(
            field,
            format!("`{logo}` leads outside the folder of this profile (through a symlink)"),
            outside,
        ));
    }
    let meta = std::fs::metadata(&real).map_err(|_| not_found())?;
    if !meta.is_file() {
        return Err(not_found());
    }
    if meta.len() > MAX_LOGO_BYTES {
        return Err(at(
            field,
            format!(
                "logo `{logo}` is {} bytes; a logo is at most {MAX_LOGO_BYTES} bytes",
                meta.len()
            ),
            "save a smaller PNG, or an SVG",
        ));
    }
    let bytes = std::fs::read(&real)
        .map_err(|e| at(field, format!("cannot read logo `{logo}`: {e}"), outside))?;
    let checked = match ext.as_deref() {
        Some("png") => super::image::check_png(&bytes),
        _ => super::image::check_svg(&bytes),
    };
    if let Err(refusal) = checked {
        return Err(at(
            field,
            format!("logo `{logo}` {}", refusal.message),
            refusal.help,
        ));
    }
    Ok(Some(bytes))
}

/// Whether `s` is `#RRGGBB`.
fn is_colour(s: &str) -> bool {
    s.len() == 7 && s.starts_with('#') && s[1..].bytes().all(|b| b.is_ascii_hexdigit())
}

#[cfg(test)]
mod tests {
    use super::*;

    const ORG: &str = "version: 1\nkind: organisation\nname: X\nboard: Y\nsector: po\npublic_authority: true\nboard_signatory: {name: A}\nprivacy_officer: {name: B}\nfg: {name: C}\ncouncil: {kind: mr, name: D}\n";
    const SVG: &str = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"10\" height=\"10\"><rect width=\"10\" height=\"10\" fill=\"#1f5f8b\"/></svg>";

    /// Loads the house style of a profile in `dir` with `style` appended.
    fn try_style(dir: &Path, style: &str) -> Result<Option<Vec<u8>>, Diagnostic> {
        let text = format!("{ORG}house_style:\n{style}");
        let path = dir.join("organisatie.yaml");
        std::fs::write(&path, &text).unwrap();
        let org: Organisation = crate::load::yaml::parse(&path, &text).unwrap();
        load(&path, &text, &org)
    }

    #[test]
    fn reads_a_logo_inside_the_folder() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join("img")).unwrap();
        std::fs::write(dir.path().join("img/logo.svg"), SVG).unwrap();
        let bytes = try_style(
            dir.path(),
            "  logo: img/logo.svg\n  primary_colour: \"#1F5f8b\"\n",
        )
        .unwrap();
        assert_eq!(bytes.as_deref(), Some(SVG.as_bytes()));
    }

    #[test]
    fn refuses_paths_leading_out() {
        let dir = tempfile::tempdir().unwrap();
        let inner = dir.path().join("school");
        std::fs::create_dir(&inner).unwrap();
        std::fs::write(dir.path().join("secret.svg"), SVG).unwrap();
        for logo in ["../secret.svg", "/etc/logo.svg", "img/../../secret.svg"] {
            let d = try_style(&inner, &format!("  logo: {logo}\n")).unwrap_err();
            assert_eq!(d.field.as_deref(), Some("house_style.logo"), "{logo}");
            assert_eq!(d.line, Some(12), "{logo}");
            assert!(d.message.contains("outside"), "{logo}: {d:?}");
        }
        #[cfg(unix)]
        {
            std::os::unix::fs::symlink(dir.path().join("secret.svg"), inner.join("link.svg"))
                .unwrap();
            let d = try_style(&inner, "  logo: link.svg\n").unwrap_err();
            assert!(d.message.contains("symlink"), "{d:?}");
        }
    }

    #[test]
    fn refuses_wrong_kinds_and_missing_files() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("logo.gif"), "GIF89a").unwrap();
        std::fs::write(dir.path().join("fake.png"), SVG).unwrap();
        let d = try_style(dir.path(), "  logo: logo.gif\n").unwrap_err();
        assert!(d.message.contains("not a PNG or SVG"), "{d:?}");
        let d = try_style(dir.path(), "  logo: fake.png\n").unwrap_err();
        assert!(d.message.contains("not a valid PNG"), "{d:?}");
        let d = try_style(dir.path(), "  logo: none.svg\n").unwrap_err();
        assert!(d.message.contains("not found"), "{d:?}");
    }

    #[test]
    fn refuses_bad_colours() {
        let dir = tempfile::tempdir().unwrap();
        for colour in ["\"#12345\"", "\"#12345g\"", "blue", "\"1f5f8b0\""] {
            let d = try_style(dir.path(), &format!("  primary_colour: {colour}\n")).unwrap_err();
            assert_eq!(d.field.as_deref(), Some("house_style.primary_colour"));
            assert_eq!((d.line, d.column), (Some(12), Some(19)), "{colour}");
        }
        // Unquoted, `#` starts a comment: said so instead of silently dropping the colour.
        let d = try_style(dir.path(), "  primary_colour: #1f5f8b\n").unwrap_err();
        assert!(d.message.contains("comment"), "{d:?}");
        assert_eq!((d.line, d.column), (Some(12), Some(19)));
    }
}
