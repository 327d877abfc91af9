//! Parses one questionnaire text into the typed model, turning every YAML or serde error into a
//! located [`Diagnostic`].
//!
//! 1. Refuse what is not a questionnaire text: too large, not UTF-8, binary, empty.
//! 2. Read the header (`version`, `kind`) to know which type to expect.
//! 3. Parse the whole text strictly: duplicate keys, unknown keys, `yes`/`no` as booleans and
//!    alias bombs are errors; the field path comes from serde_path_to_error, the line and
//!    column from serde-saphyr.

use super::locate;
use crate::diagnostic::Diagnostic;
use crate::model::FORMAT_VERSION;
use serde::Deserialize;
use serde::de::DeserializeOwned;
use std::path::Path;

/// The largest questionnaire file accepted, in bytes.
pub const MAX_FILE_BYTES: u64 = 1024 * 1024;

/// The two kinds of questionnaire file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileKind {
    /// `kind: organisation`.
    Organisation,
    /// `kind: activity`.
    Activity,
}

#[derive(Deserialize)]
struct Header {
    version: Option<serde_saphyr::Spanned<i64>>,
    kind: Option<serde_saphyr::Spanned<String>>,
}

fn options() -> serde_saphyr::Options {
    serde_saphyr::options! {
        strict_booleans: true,
        with_snippet: false,
        budget: serde_saphyr::budget! {
            max_depth: 32,
            max_nodes: 50_000,
            max_reader_input_bytes: Some(MAX_FILE_BYTES as usize),
        },
        alias_limits: serde_saphyr::alias_limits! {
            max_total_replayed_events: 10_000,
            max_replay_stack_depth: 16,
        },
    }
}

/// Turns raw bytes into text, or says why they are no questionnaire.
pub fn decode(path: &Path, bytes: &[u8]) -> Result<String, Diagnostic> {
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(Diagnostic::error(
            path,
            format!(
                "file is {} bytes; a questionnaire is at most {MAX_FILE_BYTES} bytes",
                bytes.len()
            ),
        ));
    }
    if bytes.contains(&0) {
        return Err(Diagnostic::error(
            path,
            "file is binary (it contains NUL bytes), not YAML",
        ));
    }
    let text = match std::str::from_utf8(bytes) {
        Ok(t) => t,
        Err(e) => {
            let before = &bytes[..e.valid_up_to()];
            let line = before.iter().filter(|b| **b == b'\n').count() + 1;
            let col = before.iter().rev().take_while(|b| **b != b'\n').count() + 1;
            return Err(Diagnostic::error(path, "file is not valid UTF-8")
                .at(line, col)
                .help("save the file as UTF-8 (most editors: \"Save with encoding\")"));
        }
    };
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    if text.trim().is_empty() {
        return Err(Diagnostic::error(path, "file is empty").help(
            "a questionnaire starts with `version: 1` and `kind: organisation` or `kind: activity`",
        ));
    }
    Ok(text.to_string())
}

/// Reads `version` and `kind`, checking both.
pub fn header(path: &Path, text: &str) -> Result<FileKind, Diagnostic> {
    let header: Header = serde_saphyr::from_str_with_options(text, options())
        .map_err(|e| from_yaml_error(path, &e, None))?;
    match header.version {
        None => {
            return Err(Diagnostic::error(path, "missing field `version`")
                .field("version")
                .at(1, 1)
                .help("start the file with `version: 1`"));
        }
        Some(v) if v.value != i64::from(FORMAT_VERSION) => {
            return Err(
                Diagnostic::error(path, format!("unsupported format version {}", v.value))
                    .field("version")
                    .at(v.referenced.line() as usize, v.referenced.column() as usize)
                    .help(format!("this dpiagen reads version {FORMAT_VERSION}")),
            );
        }
        Some(_) => {}
    }
    let allowed = "allowed: `organisation`, `activity`";
    match header.kind {
        None => Err(Diagnostic::error(path, "missing field `kind`")
            .field("kind")
            .at(1, 1)
            .help(allowed)),
        Some(k) => match k.value.as_str() {
            "organisation" => Ok(FileKind::Organisation),
            "activity" => Ok(FileKind::Activity),
            other => Err(Diagnostic::error(path, format!("unknown kind `{other}`"))
                .field("kind")
                .at(k.referenced.line() as usize, k.referenced.column() as usize)
                .help(allowed)),
        },
    }
}

/// Parses `text` as a `T`, strictly.
pub fn parse<T: DeserializeOwned>(path: &Path, text: &str) -> Result<T, Diagnostic> {
    let mut field: Option<String> = None;
    let result = serde_saphyr::with_deserializer_from_str_with_options(text, options(), |de| {
        serde_path_to_error::deserialize::<_, T>(de).map_err(|e| {
            let p = e.path().to_string();
            if p != "." {
                field = Some(p);
            }
            e.into_inner()
        })
    });
    result.map_err(|e| {
        let mut d = from_yaml_error(path, &e, field);
        // serde-saphyr points a missing field at the mapping's last key; the mapping itself is
        // where the answer belongs.
        if d.message.starts_with("missing field")
            && let (Some(f), Some(tree)) = (&d.field, locate::Node::parse(text))
        {
            let (line, col) = tree.locate(f);
            d = d.at(line, col);
        }
        d
    })
}

/// Converts a serde-saphyr error into a diagnostic with location and field.
fn from_yaml_error(path: &Path, err: &serde_saphyr::Error, field: Option<String>) -> Diagnostic {
    let mut message = err.without_snippet().to_string();
    // serde-saphyr prefixes its messages with the location; we print that separately.
    if let Some(rest) = message.strip_prefix("error: ") {
        message = rest.to_string();
    }
    if let Some(idx) = message.find(": ")
        && message.starts_with("line ")
    {
        message = message[idx + 2..].to_string();
    }
    let mut message = message.lines().next().unwrap_or("").trim().to_string();
    if let Some(idx) = message.rfind(" at line ") {
        message.truncate(idx);
    }
    let mut d = Diagnostic::error(path, message.clone());
    if let Some(f) = field {
        d = d.field(f);
    }
    if let Some(loc) = err.location()
        && loc.line() > 0
    {
        d = d.at(loc.line() as usize, loc.column() as usize);
    }
    if message.contains("unknown field") || message.contains("unknown variant") {
        // serde lists what is allowed in the message itself ("expected one of …").
        d.help = Some("check the spelling; questionnaires/README.md lists every field".into());
    } else if message.contains("found tab") || message.contains("tab") {
        d.help = Some("indent with spaces, not tabs".into());
    }
    d
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Organisation;

    const ORG: &str = "version: 1\nkind: organisation\nname: X\nboard: Y\nsector: po\npublic_authority: true\nboard_signatory: {name: A}\nprivacy_officer: {name: B}\nfg: {name: C}\ncouncil: {kind: mr, name: D}\n";

    #[test]
    fn parses_a_valid_organisation() {
        let p = Path::new("org.yaml");
        assert_eq!(header(p, ORG).unwrap(), FileKind::Organisation);
        let org: Organisation = parse(p, ORG).unwrap();
        assert_eq!(org.name, "X");
    }

    #[test]
    fn unknown_field_is_located() {
        let text = ORG.replace("sector: po", "sector: po\nsektor: vo");
        let d = parse::<Organisation>(Path::new("o.yaml"), &text).unwrap_err();
        assert!(d.message.contains("unknown field `sektor`"), "{d:?}");
        assert_eq!(d.line, Some(6), "{d:?}");
    }

    #[test]
    fn invalid_enum_value_names_field_and_allowed_values() {
        let text = ORG.replace("sector: po", "sector: basis");
        let d = parse::<Organisation>(Path::new("o.yaml"), &text).unwrap_err();
        assert_eq!(d.field.as_deref(), Some("sector"), "{d:?}");
        assert_eq!(d.line, Some(5), "{d:?}");
        assert!(d.message.contains("po"), "{d:?}");
    }

    #[test]
    fn norway_problem_is_an_error() {
        let text = ORG.replace("public_authority: true", "public_authority: yes");
        let d = parse::<Organisation>(Path::new("o.yaml"), &text).unwrap_err();
        assert_eq!(d.field.as_deref(), Some("public_authority"), "{d:?}");
        assert_eq!(d.line, Some(6));
    }

    #[test]
    fn duplicate_key_is_an_error() {
        let text = format!("{ORG}name: Z\n");
        let d = parse::<Organisation>(Path::new("o.yaml"), &text).unwrap_err();
        assert!(d.message.contains("duplicate"), "{d:?}");
        assert_eq!(d.line, Some(11));
    }

    #[test]
    fn missing_field_is_named() {
        let text = ORG.replace("fg: {name: C}\n", "");
        let d = parse::<Organisation>(Path::new("o.yaml"), &text).unwrap_err();
        assert!(d.message.contains("missing field `fg`"), "{d:?}");
    }

    #[test]
    fn header_checks_version_and_kind() {
        let p = Path::new("x.yaml");
        assert!(
            header(p, "kind: activity\n")
                .unwrap_err()
                .message
                .contains("version")
        );
        let d = header(p, "version: 2\nkind: activity\n").unwrap_err();
        assert_eq!((d.line, d.field.as_deref()), (Some(1), Some("version")));
        let d = header(p, "version: 1\nkind: school\n").unwrap_err();
        assert_eq!(d.line, Some(2));
    }

    #[test]
    fn decode_refuses_binary_empty_and_non_utf8() {
        let p = Path::new("x.yaml");
        assert!(decode(p, b"").unwrap_err().message.contains("empty"));
        assert!(decode(p, b"a\0b").unwrap_err().message.contains("binary"));
        let d = decode(p, b"version: 1\nname: \xff\n").unwrap_err();
        assert_eq!((d.line, d.column), (Some(2), Some(7)));
    }
}
