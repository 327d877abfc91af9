//! Open answers: the `<vul in>` placeholders that `dpiagen init` writes where only the school
//! can answer, found again by `check` (one diagnostic each) and by `interview` (which replaces
//! them, one by one, in the text itself).
//!
//! A placeholder is the plain YAML scalar `<vul in>` (quoted forms are recognised too). It is
//! valid YAML, so a half-filled questionnaire still parses; a file with any placeholder left is
//! not read as answers at all: its open answers are its only errors.

use crate::diagnostic::Diagnostic;
use crate::load::locate::Node;
use std::ops::Range;
use std::path::Path;

/// The placeholder of an answer still to give ("fill in").
pub const PLACEHOLDER: &str = "<vul in>";

/// The diagnostic code of an open answer (in `--json` reports).
pub const CODE: &str = "open-answer";

/// The message of an open answer's diagnostic.
pub const MESSAGE: &str = "nog niet beantwoord";

/// One placeholder in a questionnaire text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OpenAnswer {
    /// Field path, e.g. `vendors[0].name`.
    pub field: String,
    /// 1-based line.
    pub line: usize,
    /// 1-based column (characters).
    pub column: usize,
    /// Byte range of the placeholder (with its quotes, if quoted) in the text.
    pub span: Range<usize>,
    /// The question: the comment lines right above the placeholder's line, without `#`.
    pub question: Option<String>,
}

/// Every placeholder in `text`, in document order. Empty when the text is not valid YAML (the
/// typed parse reports that).
pub fn find(text: &str) -> Vec<OpenAnswer> {
    // Answered files (nearly all of a yearly batch) are not parsed a second time.
    if !text.contains(PLACEHOLDER) {
        return Vec::new();
    }
    let Some(tree) = Node::parse(text) else {
        return Vec::new();
    };
    tree.strings()
        .into_iter()
        .filter(|(_, _, value)| *value == PLACEHOLDER)
        .filter_map(|(field, node, _)| {
            let start = offset(text, node.line, node.column)?;
            let rest = &text[start..];
            let len = [
                PLACEHOLDER.to_string(),
                format!("\"{PLACEHOLDER}\""),
                format!("'{PLACEHOLDER}'"),
            ]
            .into_iter()
            .find(|form| rest.starts_with(form.as_str()))?
            .len();
            Some(OpenAnswer {
                field,
                line: node.line,
                column: node.column,
                span: start..start + len,
                question: question_above(text, node.line),
            })
        })
        .collect()
}

/// One error diagnostic per open answer of `path`.
pub fn diagnostics(path: &Path, text: &str) -> Vec<Diagnostic> {
    find(text)
        .into_iter()
        .map(|open| {
            let mut d = Diagnostic::error(path, MESSAGE)
                .field(open.field)
                .at(open.line, open.column)
                .code(CODE);
            d.help = open.question;
            d
        })
        .collect()
}

/// `text` with the placeholder of `open` replaced by `yaml` (a YAML scalar, already quoted as
/// needed); every other byte stays as it was.
pub fn replace(text: &str, open: &OpenAnswer, yaml: &str) -> String {
    let mut out = String::with_capacity(text.len() + yaml.len());
    out.push_str(&text[..open.span.start]);
    out.push_str(yaml);
    out.push_str(&text[open.span.end..]);
    out
}

/// Byte offset of 1-based `line` and character `column`.
fn offset(text: &str, line: usize, column: usize) -> Option<usize> {
    let mut start = 0;
    for (i, l) in text.split_inclusive('\n').enumerate() {
        if i + 1 == line {
            let within = l
                .char_indices()
                .nth(column.checked_sub(1)?)
                .map(|(b, _)| b)?;
            return Some(start + within);
        }
        start += l.len();
    }
    None
}

/// The comment block right above 1-based `line`, joined with spaces.
fn question_above(text: &str, line: usize) -> Option<String> {
    let lines: Vec<&str> = text.lines().take(line.saturating_sub(1)).collect();
    let comments: Vec<&str> = lines
        .iter()
        .rev()
        .map(|l| l.trim())
        .take_while(|l| l.starts_with('#'))
        .map(|l| l.trim_start_matches('#').trim())
        .collect();
    let joined = comments
        .into_iter()
        .rev()
        .filter(|l| !l.is_empty())
        .collect::<Vec<_>>()
        .join(" ");
    (!joined.is_empty()).then_some(joined)
}

#[cfg(test)]
mod tests {
    use super::*;

    const TEXT: &str = "version: 1\n# Naam van de school,\n# zoals op de documenten.\nname: <vul in>\nvendors:\n  - name: \"<vul in>\"\n    locations: [NL, <vul in>]\ncity: Lindegouw\n";

    #[test]
    fn finds_every_placeholder_with_its_path_line_and_question() {
        let found = find(TEXT);
        let fields: Vec<(&str, usize)> = found.iter().map(|o| (o.field.as_str(), o.line)).collect();
        assert_eq!(
            fields,
            [
                ("name", 4),
                ("vendors[0].name", 6),
                ("vendors[0].locations[1]", 7)
            ]
        );
        assert_eq!(
            found[0].question.as_deref(),
            Some("Naam van de school, zoals op de documenten.")
        );
        assert_eq!(&TEXT[found[1].span.clone()], "\"<vul in>\"");
        assert_eq!(found[1].question, None);
    }

    #[test]
    fn replacing_keeps_everything_else() {
        let open = &find(TEXT)[0];
        let text = replace(TEXT, open, "\"OBS # 1: De Regenboog\"");
        assert!(text.starts_with("version: 1\n# Naam van de school,\n# zoals op de documenten.\nname: \"OBS # 1: De Regenboog\"\nvendors:"));
        assert_eq!(find(&text).len(), 2);
    }

    #[test]
    fn a_placeholder_inside_other_text_is_no_open_answer() {
        assert!(find("name: Vul <vul in> hier\n").is_empty());
        assert!(find("name: |\n  <vul in>\n").is_empty());
        assert!(find("name: [unclosed\n").is_empty());
    }

    #[test]
    fn diagnostics_are_errors_with_code_field_and_question() {
        let d = diagnostics(Path::new("o.yaml"), TEXT);
        assert_eq!(d.len(), 3);
        assert_eq!(d[0].message, MESSAGE);
        assert_eq!(d[0].code.as_deref(), Some(CODE));
        assert_eq!((d[0].line, d[0].column), (Some(4), Some(7)));
        assert_eq!(d[2].field.as_deref(), Some("vendors[0].locations[1]"));
    }
}
