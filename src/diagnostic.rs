//! Diagnostics: what went wrong (or looks wrong) in a questionnaire, where, and what is allowed.
//!
//! Every stage reports problems as [`Diagnostic`]s that carry the file, line, column and field
//! path, so a privacy officer can find the answer to fix. [`Diagnostic::render`] prints them in
//! the style of rustc and cargo: a header, the location, the offending line with a caret, a hint.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

/// How serious a diagnostic is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Worth a look; the document is still produced.
    Warning,
    /// The file cannot be used; nothing is written for it.
    Error,
}

/// One problem found in one file.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Diagnostic {
    /// Error or warning.
    pub severity: Severity,
    /// The file, as the user named it.
    pub file: PathBuf,
    /// 1-based line, when known.
    pub line: Option<usize>,
    /// 1-based column, when known.
    pub column: Option<usize>,
    /// Field path such as `vendors[1].agreement.status`, when known.
    pub field: Option<String>,
    /// What is wrong, starting lowercase.
    pub message: String,
    /// What is allowed, or how to fix it.
    pub help: Option<String>,
}

impl Diagnostic {
    /// An error in `file` with no location yet.
    pub fn error(file: &Path, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Error,
            file: file.to_path_buf(),
            line: None,
            column: None,
            field: None,
            message: message.into(),
            help: None,
        }
    }

    /// A warning in `file` with no location yet.
    pub fn warning(file: &Path, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(file, message)
        }
    }

    /// Sets the field path.
    pub fn field(mut self, field: impl Into<String>) -> Self {
        self.field = Some(field.into());
        self
    }

    /// Sets the line and column.
    pub fn at(mut self, line: usize, column: usize) -> Self {
        self.line = Some(line);
        self.column = Some(column);
        self
    }

    /// Sets the hint.
    pub fn help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    /// `file:line:column`, as far as known.
    pub fn location(&self) -> String {
        let mut s = self.file.display().to_string();
        if let Some(line) = self.line {
            let _ = write!(s, ":{line}");
            if let Some(col) = self.column {
                let _ = write!(s, ":{col}");
            }
        }
        s
    }

    /// Renders the diagnostic for a terminal; `source` is the file's text, used to show the line.
    pub fn render(&self, source: Option<&str>) -> String {
        let label = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        let mut out = String::new();
        match &self.field {
            Some(field) => {
                let _ = writeln!(out, "{label}: `{field}`: {}", self.message);
            }
            None => {
                let _ = writeln!(out, "{label}: {}", self.message);
            }
        }
        let _ = writeln!(out, "  --> {}", self.location());
        if let (Some(src), Some(line)) = (source, self.line)
            && let Some(text) = src.lines().nth(line.saturating_sub(1))
        {
            let num = line.to_string();
            let pad = " ".repeat(num.len());
            let col = self.column.unwrap_or(1).max(1);
            let (text, col) = excerpt(text, col);
            let caret_pad: String = text
                .chars()
                .take(col - 1)
                .map(|c| if c == '\t' { '\t' } else { ' ' })
                .collect();
            let _ = writeln!(out, "{pad} |");
            let _ = writeln!(out, "{num} | {text}");
            let _ = writeln!(out, "{pad} | {caret_pad}^");
        }
        if let Some(help) = &self.help {
            let _ = writeln!(out, "  = help: {help}");
        }
        out
    }
}

/// Characters of a source line shown at most; a longer line is cut around the column.
const MAX_SHOWN: usize = 120;

/// The part of `line` to show, and the 1-based column in it: the whole line when it is short,
/// otherwise [`MAX_SHOWN`] characters around `col` with `…` where it was cut.
fn excerpt(line: &str, col: usize) -> (String, usize) {
    let len = line.chars().count();
    if len <= MAX_SHOWN {
        return (line.to_string(), col);
    }
    let start = col.saturating_sub(MAX_SHOWN / 2 + 1).min(len - MAX_SHOWN);
    let mut shown: String = line.chars().skip(start).take(MAX_SHOWN).collect();
    let mut col = col - start;
    if start > 0 {
        shown.insert(0, '…');
        col += 1;
    }
    if start + MAX_SHOWN < len {
        shown.push('…');
    }
    (shown, col)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_location_line_and_caret() {
        let d = Diagnostic::error(Path::new("a.yaml"), "unknown value `x`")
            .field("processing.use")
            .at(2, 8)
            .help("allowed: in-class, other");
        let text = d.render(Some("version: 1\n  use:  x\n"));
        assert!(text.starts_with("error: `processing.use`: unknown value `x`\n"));
        assert!(text.contains("  --> a.yaml:2:8\n"));
        assert!(text.contains("2 |   use:  x\n"));
        assert!(text.contains("  |        ^\n"));
        assert!(text.ends_with("  = help: allowed: in-class, other\n"));
    }

    #[test]
    fn long_lines_are_cut_around_the_column() {
        let line = format!("{}X{}", "a".repeat(5000), "b".repeat(5000));
        let d = Diagnostic::error(Path::new("a.yaml"), "too long").at(1, 5001);
        let text = d.render(Some(&line));
        let shown = text.lines().nth(3).unwrap();
        assert!(shown.len() < 200, "{shown}");
        assert!(
            shown.starts_with("1 | …a") && shown.ends_with("b…"),
            "{shown}"
        );
        let caret = text.lines().nth(4).unwrap();
        assert_eq!(
            caret.find('^'),
            shown.chars().position(|c| c == 'X'),
            "{text}"
        );
        assert_eq!(excerpt("short", 3), ("short".to_string(), 3));
    }

    #[test]
    fn renders_without_source() {
        let d = Diagnostic::warning(Path::new("b.yaml"), "review date has passed");
        assert_eq!(
            d.render(None),
            "warning: review date has passed\n  --> b.yaml\n"
        );
    }
}
