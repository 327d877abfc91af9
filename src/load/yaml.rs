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
use crate::model::{FORMAT_VERSION, READ_VERSIONS};
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

/// How deep mappings and lists may nest; a questionnaire needs about five levels.
pub const MAX_DEPTH: usize = 32;

/// The parser options every questionnaire is read with (also used to locate fields).
///
/// Besides strictness (no `yes`/`no` booleans, no duplicate keys, no unknown tags such as
/// `!include`), they bound what a hostile file can cost: nesting depth, node count, the total
/// size of text values and how far anchors and aliases (`&a`, `*a`) may expand. A file passes
/// these limits in well under a second and a few megabytes.
pub(crate) fn options() -> serde_saphyr::Options {
    serde_saphyr::options! {
        strict_booleans: true,
        reject_unsupported_tags: true,
        with_snippet: false,
        budget: serde_saphyr::budget! {
            max_depth: MAX_DEPTH,
            max_nodes: 50_000,
            max_reader_input_bytes: Some(MAX_FILE_BYTES as usize),
            // Text values may add up to four times the largest file: aliases can repeat a
            // text, but not blow it up.
            max_total_scalar_bytes: 4 * MAX_FILE_BYTES as usize,
            max_recorded_anchor_bytes: 4 * MAX_FILE_BYTES as usize,
            max_documents: 1,
        },
        alias_limits: serde_saphyr::alias_limits! {
            max_total_replayed_events: 10_000,
            max_replay_stack_depth: 16,
            max_alias_expansions_per_anchor: 100,
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
            "a questionnaire starts with `version: 2` and `kind: organisation` or `kind: activity`",
        ));
    }
    Ok(text.to_string())
}

/// Reads `version` and `kind`, checking both.
pub fn header(path: &Path, text: &str) -> Result<FileKind, Diagnostic> {
    let header: Header = deserialize(path, text)?;
    match header.version {
        None => {
            return Err(Diagnostic::error(path, "missing field `version`")
                .field("version")
                .at(1, 1)
                .help("start the file with `version: 2`"));
        }
        Some(v) if !READ_VERSIONS.iter().any(|r| i64::from(*r) == v.value) => {
            return Err(
                Diagnostic::error(path, format!("unsupported format version {}", v.value))
                    .field("version")
                    .at(v.referenced.line() as usize, v.referenced.column() as usize)
                    .help(format!(
                        "this dpiagen reads versions 1 and {FORMAT_VERSION}; write `version: {FORMAT_VERSION}`"
                    )),
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

/// A cheap guess at the kind of a well-formed file: exactly one top-level line `version: 2`
/// (or `1`) and one `kind: activity|organisation`, each at column 0 (a trailing comment
/// allowed).
///
/// Only a guess of which type to parse: the strict parse that follows confirms it (the two
/// kinds share no required field and refuse unknown ones), and any file it does not fit takes
/// the slow path of [`header`] and its exact messages.
pub fn guess_kind(text: &str) -> Option<FileKind> {
    let value_of = |line: &str, key: &str| -> Option<String> {
        let rest = line.strip_prefix(key)?.strip_prefix(':')?;
        let value = rest.split(" #").next().unwrap_or("").trim();
        Some(value.to_string())
    };
    let (mut version, mut kind) = (0, None);
    let mut kinds = 0;
    for line in text.lines() {
        if let Some(v) = value_of(line, "version") {
            if !READ_VERSIONS.iter().any(|r| v == r.to_string()) {
                return None;
            }
            version += 1;
        } else if let Some(k) = value_of(line, "kind") {
            kinds += 1;
            kind = match k.as_str() {
                "activity" => Some(FileKind::Activity),
                "organisation" => Some(FileKind::Organisation),
                _ => return None,
            };
        }
    }
    (version == 1 && kinds == 1).then_some(kind).flatten()
}

/// Parses `text` as a `T`, strictly.
pub fn parse<T: DeserializeOwned>(path: &Path, text: &str) -> Result<T, Diagnostic> {
    deserialize(path, text).map_err(|mut d| {
        let Some(missing) = d
            .message
            .strip_prefix("missing field `")
            .and_then(|m| m.split('`').next())
            .map(str::to_string)
        else {
            return d;
        };
        d.help = Some(format!(
            "add `{missing}:` with its answer; questionnaires/README.md describes every field"
        ));
        match &d.field {
            // serde-saphyr points a missing field at the mapping's last key; the mapping itself
            // is where the answer belongs.
            Some(f) => {
                if let Some(tree) = locate::Node::parse(text) {
                    let (line, col) = tree.locate(f);
                    d = d.at(line, col);
                }
            }
            // At the top level, the field itself is the news.
            None => d.field = Some(missing),
        }
        d
    })
}

/// Deserializes `text` as a `T` with [`options`], keeping the field path of the first error.
fn deserialize<T: DeserializeOwned>(path: &Path, text: &str) -> Result<T, Diagnostic> {
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
    result.map_err(|e| from_yaml_error(path, text, &e, field))
}

/// Converts a serde-saphyr error into a diagnostic with location and field.
fn from_yaml_error(
    path: &Path,
    text: &str,
    err: &serde_saphyr::Error,
    field: Option<String>,
) -> Diagnostic {
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
    let (mut line, mut col) = match err.location() {
        Some(loc) if loc.line() > 0 => (loc.line() as usize, loc.column() as usize),
        _ => (0, 0),
    };
    if mentions_tab(&message) {
        // The scanner often notices a tab only where the scalar before it ends; point at the
        // first line indented with a tab instead.
        if let Some((l, c)) = first_tab_indent(text, line.saturating_sub(1).max(1)) {
            (line, col) = (l, c);
        }
    }
    let field = field.and_then(|f| tidy_field(&f));
    let (message, mut help) = explain(&message, scalar_at(text, line, col));
    if field.is_none() && message.starts_with("expected a mapping") {
        help = Some(
            "a questionnaire is a list of `key: value` answers, starting with `version: 2`".into(),
        );
    }
    let mut d = Diagnostic::error(path, message);
    d.help = help;
    if let Some(f) = field {
        d = d.field(f);
    }
    if line > 0 {
        d = d.at(line, col);
    }
    d
}

/// Rewrites the parser's and serde's wording into what a questionnaire's author can act on:
/// the problem in plain words and, where it helps, what is allowed.
fn explain(message: &str, found: &str) -> (String, Option<String>) {
    let own = |m: &str, h: &str| (m.to_string(), Some(h.to_string()));
    if let Some(rest) = message.strip_prefix("duplicate mapping key: ") {
        let key = rest.split(',').next().unwrap_or(rest).trim();
        return own(
            &format!("duplicate key `{key}`: it is already given earlier in this mapping"),
            "give every answer once; remove one of the two",
        );
    }
    if message.contains("alias") && message.contains("limit") {
        return own(
            "anchors and aliases (`&name`, `*name`) expand to too much",
            "an alias may repeat an answer a few times, not multiply the file; write the answers out",
        );
    }
    if message.starts_with("budget breached: Depth") {
        return own(
            &format!("mappings and lists are nested deeper than {MAX_DEPTH} levels"),
            "a questionnaire is only a few levels deep; check the indentation and the brackets",
        );
    }
    if message.starts_with("budget breached: ScalarBytes")
        || message.starts_with("budget breached: RecordedAnchorBytes")
    {
        return own(
            &format!(
                "the text values add up to more than {} bytes",
                4 * MAX_FILE_BYTES
            ),
            "an alias (`*name`) repeats a long text too often; write the answers out",
        );
    }
    if message.starts_with("multiple YAML documents")
        || message.starts_with("budget breached: Documents")
    {
        return own(
            "the file holds more than one YAML document (a second `---`)",
            "a questionnaire is one document: split it into two files",
        );
    }
    if let Some(rest) = message.strip_prefix("budget breached: ") {
        let what = rest.split([' ', '{']).next().unwrap_or(rest);
        return own(
            &format!("the file is too large or too complex for a questionnaire ({what})"),
            "a questionnaire is a few hundred lines of `key: value` answers",
        );
    }
    if message.starts_with("cannot deserialize null") {
        return own(
            "no answer: the value is empty",
            "write the answer after the colon, or leave the key out if the answer is optional",
        );
    }
    if let Some(kind) = message.strip_prefix("invalid ") {
        let range = match kind {
            "u8" => Some("from 0 to 255"),
            "u16" => Some("from 0 to 65535"),
            "u32" => Some("from 0 to 4294967295"),
            "u64" | "usize" => Some("of 0 or more"),
            "i8" | "i16" | "i32" | "i64" | "isize" => Some(""),
            _ => None,
        };
        if let Some(range) = range {
            let sep = if range.is_empty() { "" } else { " " };
            return (
                format!("`{found}` is not a whole number{sep}{range}"),
                Some("write digits only, without quotes, units or decimals".into()),
            );
        }
    }
    if message.starts_with("invalid boolean") {
        return own(
            &format!("`{found}` is not `true` or `false`"),
            "write `true` or `false`; `yes`, `no`, `ja`, `nee`, `on` and `off` are not accepted",
        );
    }
    if message == "expected mapping start" {
        return own(
            "expected a mapping (`key: value` lines)",
            "indent the answers below the key, e.g. `author:` then `  name: ...`",
        );
    }
    if message == "expected sequence start" {
        return own(
            "expected a list",
            "write one `- item` per line below the key, or `[a, b]`",
        );
    }
    if message == "expected string scalar" {
        return own(
            "expected text",
            "write the text after the colon; for several paragraphs use `|` and indent the text below",
        );
    }
    if message.contains("unknown field") || message.contains("unknown variant") {
        // serde lists what is allowed in the message itself ("expected one of …").
        return own(
            message,
            "check the spelling; questionnaires/README.md lists every field",
        );
    }
    if mentions_tab(message) {
        return own(message, "indent with spaces, not tabs");
    }
    if message.contains("tag") {
        return own(
            message,
            "YAML tags (`!name`, `!!type`) are not used in questionnaires; remove it",
        );
    }
    (message.to_string(), None)
}

/// The field path as a user would write it: without the `.value` of spanned values and without
/// the `?` serde_path_to_error writes for a key it never saw; cut after 60 characters. `None`
/// when nothing is left.
fn tidy_field(field: &str) -> Option<String> {
    let mut parts: Vec<&str> = Vec::new();
    for part in field.split('.') {
        if part == "?" || part.is_empty() {
            break;
        }
        parts.push(part);
    }
    if parts.len() > 1 && parts.last() == Some(&"value") {
        parts.pop();
    }
    let mut out = parts.join(".");
    if let Some((i, _)) = out.char_indices().nth(60) {
        out.truncate(i);
        out.push('…');
    }
    (!out.is_empty()).then_some(out)
}

/// Whether the parser complains about a tab (the word, not `acceptable` or `table`).
fn mentions_tab(message: &str) -> bool {
    message
        .split(|c: char| !c.is_alphanumeric())
        .any(|w| w == "tab" || w == "tabs")
}

/// The first line at or after `from` (1-based) whose indentation holds a tab, with the tab's
/// 1-based column.
fn first_tab_indent(text: &str, from: usize) -> Option<(usize, usize)> {
    text.lines()
        .enumerate()
        .skip(from.saturating_sub(1))
        .find_map(|(i, l)| {
            let indent = l.len() - l.trim_start_matches([' ', '\t']).len();
            l[..indent].find('\t').map(|c| (i + 1, c + 1))
        })
}

/// The scalar written at `line`:`column` (1-based), as far as it can be told without parsing;
/// shortened to 40 characters.
fn scalar_at(text: &str, line: usize, column: usize) -> &str {
    let Some(l) = text.lines().nth(line.saturating_sub(1)) else {
        return "";
    };
    let start = l
        .char_indices()
        .nth(column.saturating_sub(1))
        .map_or(l.len(), |(i, _)| i);
    let rest = &l[start..];
    let end = rest.find([',', ']', '}', '#']).unwrap_or(rest.len());
    let value = rest[..end].trim();
    match value.char_indices().nth(40) {
        Some((i, _)) => &value[..i],
        None => value,
    }
}

#[cfg(test)]
mod tests;
