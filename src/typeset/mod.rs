//! Typesetting with the embedded Typst compiler. This module is the only
//! place of dpiagen that imports `typst`.

pub mod coverage;
mod world;

#[cfg(test)]
mod tests;

use std::fmt;

use typst::World;
use typst::WorldExt;
use typst::diag::{Severity, SourceDiagnostic};
use typst::syntax::{DiagSpan, VirtualRoot};

pub use world::{Assets, Typesetter};

/// Metadata that makes a PDF reproducible.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PdfMeta {
    /// A stable identifier of the document (hashed into the PDF `/ID` and the
    /// XMP document id); use e.g. the output file name, never a random value.
    pub ident: String,
    /// Year, month, day: the PDF creation date (at 00:00:00 UTC, used when the
    /// document does not `set document(date: ..)`) and the date that
    /// `datetime.today()` returns. The clock is never read.
    pub date: (i32, u8, u8),
}

/// A failed compile or PDF export: Typst's errors turned into plain data.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TypesetError {
    /// The errors, in Typst's order.
    pub diagnostics: Vec<Diag>,
}

/// One Typst error as plain data.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diag {
    /// The message, e.g. `unknown variable: x`.
    pub message: String,
    /// The virtual path of the file the error points into (e.g. `/main.typ`,
    /// `/lib.typ`, `@preview/name:1.0.0/lib.typ`), empty when the error
    /// points at no file (e.g. a missing document title).
    pub file: String,
    /// 1-based line in `file`, when known.
    pub line: Option<usize>,
    /// 1-based column (in characters) in `file`, when known.
    pub column: Option<usize>,
    /// Hints from Typst (CLI-only hints such as `--root` are left out).
    pub hints: Vec<String>,
}

/// Evict Typst's memoization cache entirely. Call between batches (not while
/// other threads are still compiling, or their caches are lost too).
pub fn evict_cache() {
    typst::comemo::evict(0);
}

/// Trim Typst's memoization cache: age every result by one and drop those
/// not used for `max_age` trims. Safe while other threads compile (they may
/// only lose results they would recompute).
pub fn evict_cache_older(max_age: usize) {
    typst::comemo::evict(max_age);
}

impl TypesetError {
    /// An error that does not come from Typst (e.g. an invalid date).
    pub(crate) fn message(message: String) -> Self {
        let diag = Diag {
            message,
            file: String::new(),
            line: None,
            column: None,
            hints: vec![],
        };
        Self {
            diagnostics: vec![diag],
        }
    }

    /// Convert Typst's errors (warnings are skipped).
    pub(crate) fn from_typst(world: &dyn World, errors: &[SourceDiagnostic]) -> Self {
        let diagnostics = errors
            .iter()
            .filter(|diag| diag.severity == Severity::Error)
            .map(|diag| Diag::from_typst(world, diag))
            .collect();
        Self { diagnostics }
    }
}

impl Diag {
    /// Convert one Typst diagnostic, resolving its span to line and column.
    fn from_typst(world: &dyn World, diag: &SourceDiagnostic) -> Self {
        let (file, line, column) = locate(world, diag.span);
        let hints = diag
            .hints
            .iter()
            .map(|hint| hint.v.to_string())
            .filter(|hint| !hint.contains("--root"))
            .collect();
        Self {
            message: diag.message.to_string(),
            file,
            line,
            column,
            hints,
        }
    }
}

/// Virtual path, 1-based line and 1-based column of a span.
fn locate(world: &dyn World, span: DiagSpan) -> (String, Option<usize>, Option<usize>) {
    let Some(id) = span.id() else {
        return (String::new(), None, None);
    };
    let vpath = id.vpath().get_with_slash();
    let file = match id.root() {
        VirtualRoot::Project => vpath.to_owned(),
        VirtualRoot::Package(spec) => format!("{spec}{vpath}"),
    };
    let position = world.range(span).and_then(|range| {
        let source = world.source(id).ok()?;
        source.lines().byte_to_line_column(range.start)
    });
    match position {
        Some((line, column)) => (file, Some(line + 1), Some(column + 1)),
        None => (file, None, None),
    }
}

impl fmt::Display for TypesetError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, diag) in self.diagnostics.iter().enumerate() {
            if i > 0 {
                writeln!(f)?;
            }
            write!(f, "{diag}")?;
        }
        Ok(())
    }
}

impl fmt::Display for Diag {
    /// `main.typ:LINE:COL: error: MESSAGE`, then one `  hint: ...` line per hint.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let file = self.file.strip_prefix('/').unwrap_or(&self.file);
        match (file.is_empty(), self.line, self.column) {
            (true, _, _) => {}
            (false, Some(line), Some(column)) => write!(f, "{file}:{line}:{column}: ")?,
            (false, _, _) => write!(f, "{file}: ")?,
        }
        write!(f, "error: {}", self.message)?;
        for hint in &self.hints {
            write!(f, "\n  hint: {hint}")?;
        }
        Ok(())
    }
}

impl std::error::Error for TypesetError {}
