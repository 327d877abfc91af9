//! Diagnostics: what went wrong (or looks wrong) in a questionnaire, where, and what is allowed.
//!
//! Every stage reports problems as [`Diagnostic`]s that carry the file, line, column and field
//! path, so a privacy officer can find the answer to fix. [`Diagnostic::render`] prints them in
//! the style of rustc and cargo: a header, the location, the offending line with a caret, a hint.
//!
//! The snippet is drawn by codespan-reporting (ASCII borders like rustc's); on a terminal
//! [`Diagnostic::render_styled`] adds colour, and [`use_colour`] says when to.

use crate::voice::msg;
use codespan_reporting::diagnostic::{Diagnostic as CsDiagnostic, Label};
use codespan_reporting::files::SimpleFile;
use codespan_reporting::term;
use std::fmt::Write as _;
use std::io::IsTerminal;
use std::ops::Range;
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
    /// A stable code for diagnostics a tool may act on, e.g. `open-answer` (see [`crate::open`]).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub code: Option<String>,
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
            code: None,
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

    /// Sets the code.
    pub fn code(mut self, code: impl Into<String>) -> Self {
        self.code = Some(code.into());
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

    /// Renders the diagnostic as plain text; `source` is the file's text, used to show the line.
    ///
    /// The shape is rustc's: a header, `--> file:line:column`, the offending line with a caret
    /// under the value, and `= help:`.
    pub fn render(&self, source: Option<&str>) -> String {
        self.render_styled(source, false)
    }

    /// Renders the diagnostic, with ANSI colours when `colour` is true (see [`use_colour`]).
    pub fn render_styled(&self, source: Option<&str>, colour: bool) -> String {
        // A very long line (minified or generated YAML) is shown cut around the column.
        if let (Some(src), Some(line)) = (source, self.line)
            && let Some(text) = src.lines().nth(line.saturating_sub(1))
            && text.chars().count() > MAX_SHOWN
        {
            return self.render_long_line(line, text);
        }
        if let (Some(src), Some(line)) = (source, self.line)
            && let Some(span) = span(src, line, self.column.unwrap_or(1))
            && let Some(text) = self.render_snippet(src, span, colour)
        {
            return text;
        }
        self.render_header_only()
    }

    /// The header, location and an excerpt of a line longer than [`MAX_SHOWN`] characters.
    fn render_long_line(&self, line: usize, text: &str) -> String {
        let mut out = String::new();
        let _ = writeln!(out, "{}: {}", self.label(), self.headline());
        let _ = writeln!(out, "  --> {}", self.location());
        let num = line.to_string();
        let pad = " ".repeat(num.len());
        let (text, col) = excerpt(text, self.column.unwrap_or(1).max(1));
        let caret_pad: String = text.chars().take(col - 1).map(|_| ' ').collect();
        let _ = writeln!(out, "{pad} |");
        let _ = writeln!(out, "{num} | {text}");
        let _ = writeln!(out, "{pad} | {caret_pad}^");
        if let Some(help) = self.help.as_deref().map(crate::voice::say) {
            let _ = writeln!(out, "  = {}: {help}", msg::HELP.get());
        }
        out
    }

    /// The header and location, for diagnostics without a line to show.
    fn render_header_only(&self) -> String {
        let mut out = String::new();
        let _ = writeln!(out, "{}: {}", self.label(), self.headline());
        let _ = writeln!(out, "  --> {}", self.location());
        if let Some(help) = self.help.as_deref().map(crate::voice::say) {
            let _ = writeln!(out, "  = {}: {help}", msg::HELP.get());
        }
        out
    }

    /// Renders with codespan-reporting; `None` when the span does not fit the source.
    fn render_snippet(&self, src: &str, span: Range<usize>, colour: bool) -> Option<String> {
        let file = SimpleFile::new(self.file.display().to_string(), src);
        let severity = match self.severity {
            Severity::Error => codespan_reporting::diagnostic::Severity::Error,
            Severity::Warning => codespan_reporting::diagnostic::Severity::Warning,
        };
        let mut report = CsDiagnostic::new(severity)
            .with_message(self.headline())
            .with_label(Label::primary((), span));
        if let Some(help) = self.help.as_deref().map(crate::voice::say) {
            report = report.with_note(format!("{}: {help}", msg::HELP.get()));
        }
        let config = term::Config {
            chars: term::Chars::ascii(),
            ..term::Config::default()
        };
        let mut bytes = Vec::new();
        let result = if colour {
            let mut writer = term::termcolor::Ansi::new(&mut bytes);
            term::emit_to_write_style(&mut writer, &config, &file, &report)
        } else {
            term::emit_to_io_write(&mut bytes, &config, &file, &report)
        };
        result.ok()?;
        let text = String::from_utf8(bytes).ok()?;
        let english = match self.severity {
            Severity::Error => msg::ERROR.en,
            Severity::Warning => msg::WARNING.en,
        };
        Some(relabel(text, english, self.label()))
    }

    /// `error` or `warning`, in the voice of this run.
    fn label(&self) -> &'static str {
        match self.severity {
            Severity::Error => msg::ERROR.get(),
            Severity::Warning => msg::WARNING.get(),
        }
    }

    /// The message in the voice of this run, after the field path when there is one.
    fn headline(&self) -> String {
        let message = crate::voice::say(&self.message);
        match &self.field {
            Some(field) => format!("`{field}`: {message}"),
            None => message,
        }
    }
}

/// `text` as codespan-reporting drew it, with its severity word `english` (always English, the
/// first word of the first line, maybe after a colour code) replaced by `label`.
fn relabel(text: String, english: &str, label: &str) -> String {
    let first = text.lines().next().unwrap_or_default();
    match first.find(english) {
        Some(at) if english != label && !first[..at].contains(char::is_whitespace) => {
            let mut out = text;
            out.replace_range(at..at + english.len(), label);
            out
        }
        _ => text,
    }
}

/// Open answers (see [`crate::open`]) as one compact list per file: `file:line:column`, the
/// field path and the question, then how to answer them. Empty for no diagnostics.
pub fn render_open_answers(open: &[&Diagnostic]) -> String {
    let mut out = String::new();
    let mut files: Vec<&Path> = Vec::new();
    for d in open {
        if !files.contains(&d.file.as_path()) {
            files.push(&d.file);
        }
    }
    for file in files {
        let here: Vec<&&Diagnostic> = open.iter().filter(|d| d.file == file).collect();
        let _ = writeln!(
            out,
            "{}: {}",
            msg::ERROR.get(),
            msg::NOT_ANSWERED.fill(&[&msg::QUESTION.count(here.len()), &file.display()])
        );
        for d in &here {
            let _ = write!(
                out,
                "  {}  {}",
                d.location(),
                d.field.as_deref().unwrap_or("")
            );
            if let Some(question) = &d.help {
                let _ = write!(out, ": {question}");
            }
            out.push('\n');
        }
        let _ = writeln!(
            out,
            "  = {}: {}",
            msg::HELP.get(),
            msg::ANSWER_THEM.fill(&[&file.display(), &crate::open::PLACEHOLDER])
        );
    }
    out
}

/// When to colour diagnostics: `--color`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum ColourChoice {
    /// On a terminal, unless `NO_COLOR` is set; also when piped if `CLICOLOR_FORCE` is set.
    #[default]
    Auto,
    /// Always, whatever the environment says.
    Always,
    /// Never.
    Never,
}

/// The `--color` of this run (0 auto, 1 always, 2 never).
static COLOUR: std::sync::atomic::AtomicU8 = std::sync::atomic::AtomicU8::new(0);

/// Sets the `--color` of this run.
pub fn set_colour(choice: ColourChoice) {
    let n = match choice {
        ColourChoice::Auto => 0,
        ColourChoice::Always => 1,
        ColourChoice::Never => 2,
    };
    COLOUR.store(n, std::sync::atomic::Ordering::Relaxed);
}

/// Whether diagnostics written to standard error should be coloured: as `--color` says; with
/// `auto` (the default) never when `NO_COLOR` is set to a non-empty value
/// (<https://no-color.org>), always when `CLICOLOR_FORCE` is set and not `0`, else only on a
/// terminal (as cargo, ripgrep and typst do).
pub fn use_colour() -> bool {
    let set = |name: &str| std::env::var_os(name).is_some_and(|v| !v.is_empty() && v != "0");
    match COLOUR.load(std::sync::atomic::Ordering::Relaxed) {
        1 => true,
        2 => false,
        _ if std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty()) => false,
        _ if set("CLICOLOR_FORCE") => true,
        _ => std::io::stderr().is_terminal(),
    }
}

/// The byte range of the value at `line`:`column` (both 1-based, column in characters): up to
/// the next blank, at least one character when the line has one there.
fn span(src: &str, line: usize, column: usize) -> Option<Range<usize>> {
    let mut offset = 0;
    let mut text = None;
    for (i, l) in src.split_inclusive('\n').enumerate() {
        if i + 1 == line {
            text = Some(l.trim_end_matches(['\n', '\r']));
            break;
        }
        offset += l.len();
    }
    let text = text?;
    let mut chars = text.char_indices().skip(column.max(1) - 1);
    let Some((start, first)) = chars.next() else {
        return Some(offset + text.len()..offset + text.len());
    };
    let mut end = start + first.len_utf8();
    if !first.is_whitespace() {
        for (i, c) in chars {
            if c.is_whitespace() {
                break;
            }
            end = i + c.len_utf8();
        }
    }
    Some(offset + start..offset + end)
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
    #[test]
    fn relabel_replaces_only_the_leading_severity_word() {
        let plain = "error: `a`: an error here\n  --> f.yaml:1:1\n".to_string();
        assert_eq!(
            relabel(plain.clone(), "error", "fout"),
            "fout: `a`: an error here\n  --> f.yaml:1:1\n"
        );
        assert_eq!(relabel(plain.clone(), "error", "error"), plain);
        let coloured = "\u{1b}[1;33mwarning\u{1b}[0m: x".to_string();
        assert_eq!(
            relabel(coloured, "warning", "waarschuwing"),
            "\u{1b}[1;33mwaarschuwing\u{1b}[0m: x"
        );
        let mentions = "warning: the error is elsewhere".to_string();
        assert_eq!(relabel(mentions.clone(), "error", "fout"), mentions);
    }

    use super::*;

    #[test]
    fn renders_location_line_and_caret() {
        let d = Diagnostic::error(Path::new("a.yaml"), "unknown value `x`")
            .field("processing.use")
            .at(2, 8)
            .help("allowed: in-class, other");
        let text = d.render(Some("version: 1\n  use:  x\n"));
        assert_eq!(
            text,
            "error: `processing.use`: unknown value `x`\n  \
             --> a.yaml:2:8\n  \
             |\n\
             2 |   use:  x\n  \
             |        ^\n  \
             |\n  \
             = help: allowed: in-class, other\n\n"
        );
    }

    #[test]
    fn caret_spans_the_value_and_counts_characters_not_bytes() {
        let d = Diagnostic::warning(Path::new("a.yaml"), "odd").at(1, 8);
        let text = d.render(Some("naam: \"Zoë Smit\" # x\n"));
        assert!(text.contains("1 | naam: \"Zoë Smit\" # x\n"), "{text}");
        // The caret covers `Zoë`: three characters, four bytes.
        assert!(text.contains("  |        ^^^\n"), "{text}");
        let d = Diagnostic::warning(Path::new("a.yaml"), "odd").at(1, 12);
        let text = d.render(Some("naam: \"Zoë Smit\" # x\n"));
        assert!(text.contains("  |            ^^^^^\n"), "{text}");
    }

    #[test]
    fn a_column_past_the_end_of_the_line_still_points_there() {
        let d = Diagnostic::error(Path::new("a.yaml"), "missing value").at(1, 7);
        let text = d.render(Some("title:\n"));
        assert!(text.contains("1 | title:\n"), "{text}");
        assert!(text.contains("  |       ^"), "{text}");
    }

    #[test]
    fn a_line_beyond_the_file_falls_back_to_the_location() {
        let d = Diagnostic::error(Path::new("a.yaml"), "odd").at(9, 1);
        assert_eq!(d.render(Some("a: 1\n")), "error: odd\n  --> a.yaml:9:1\n");
    }

    #[test]
    fn colour_only_when_asked() {
        let d = Diagnostic::error(Path::new("a.yaml"), "bad").at(1, 4);
        let plain = d.render_styled(Some("a: b\n"), false);
        let coloured = d.render_styled(Some("a: b\n"), true);
        assert!(!plain.contains('\x1b'), "{plain}");
        assert!(coloured.contains("\x1b["), "{coloured}");
        // The same text once the escape sequences are taken out.
        let mut stripped = String::new();
        let mut in_escape = false;
        for c in coloured.chars() {
            match (in_escape, c) {
                (false, '\x1b') => in_escape = true,
                (true, 'm') => in_escape = false,
                (false, c) => stripped.push(c),
                (true, _) => {}
            }
        }
        assert_eq!(stripped, plain);
    }

    #[test]
    fn renders_without_source() {
        let d = Diagnostic::warning(Path::new("b.yaml"), "review date has passed");
        assert_eq!(
            d.render(None),
            "warning: review date has passed\n  --> b.yaml\n"
        );
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
}
