//! The whole run for `check` and `render`: load → validate → derive → render → typeset → write.
//!
//! One bad file never stops the others (ripgrep's batch semantics): its diagnostics are kept,
//! nothing is written for it, and the exit code is chosen once at the end.

use crate::catalogue::Catalogue;
use crate::diagnostic::{Diagnostic, Severity};
use crate::load::{self, LoadedActivity};
use crate::output;
use crate::render::{DocumentContext, DocumentKind, Templates};
use crate::rules::{self, Conclusions};
use crate::typeset::{self, Assets, PdfMeta, Typesetter};
use crate::validate;
use rayon::prelude::*;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// What to produce.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// PDF through the embedded Typst compiler.
    Pdf,
    /// The generated Typst source (plus the house-style library it imports).
    Typ,
}

/// One activity that passed validation, with its conclusions.
pub struct Checked {
    /// The loaded activity.
    pub loaded: LoadedActivity,
    /// The derived conclusions.
    pub conclusions: Conclusions,
}

/// The outcome of loading and validating.
pub struct CheckOutcome {
    /// Activities without errors.
    pub valid: Vec<Checked>,
    /// Every diagnostic, errors and warnings.
    pub diagnostics: Vec<Diagnostic>,
    /// File texts, to show offending lines.
    pub sources: BTreeMap<PathBuf, String>,
}

impl CheckOutcome {
    /// Number of errors.
    pub fn errors(&self) -> usize {
        self.diagnostics
            .iter()
            .filter(|d| d.severity == Severity::Error)
            .count()
    }
}

/// Loads, validates and derives, writing nothing.
pub fn check(paths: &[PathBuf]) -> Result<CheckOutcome, Diagnostic> {
    let catalogue = Catalogue::builtin();
    let files = load::collect(paths)?;
    let loaded = load::load(&files);
    let mut diagnostics = loaded.diagnostics;
    let mut sources = loaded.sources;
    let mut valid: Vec<Checked> = Vec::new();
    let mut seen: BTreeMap<(i32, String), PathBuf> = BTreeMap::new();
    for la in loaded.activities {
        let mut diags =
            validate::activity(&la.source.path, &la.source.text, &la.activity, catalogue);
        let key = (
            la.activity.assessment.year,
            la.activity.assessment.id.clone(),
        );
        if let Some(first) = seen.get(&key) {
            let (line, col) = load::locate::Node::parse(&la.source.text)
                .map_or((1, 1), |n| n.locate("assessment.id"));
            diags.push(
                Diagnostic::error(
                    &la.source.path,
                    format!(
                        "assessment id `{}` of {} is also used by {}",
                        key.1,
                        key.0,
                        first.display()
                    ),
                )
                .field("assessment.id")
                .at(line, col)
                .help("every activity of a year needs its own id: it names the output folder"),
            );
        }
        let failed = diags.iter().any(|d| d.severity == Severity::Error);
        if !diags.is_empty() {
            sources.insert(la.source.path.clone(), la.source.text.clone());
        }
        diagnostics.extend(diags);
        if failed {
            continue;
        }
        seen.insert(key, la.source.path.clone());
        let conclusions = rules::derive(&la.activity, &la.organisation.organisation, catalogue);
        valid.push(Checked {
            loaded: la,
            conclusions,
        });
    }
    Ok(CheckOutcome {
        valid,
        diagnostics,
        sources,
    })
}

/// One document written (or failed).
#[derive(Debug, Clone)]
pub struct Written {
    /// Where.
    pub path: PathBuf,
    /// Whether the bytes changed.
    pub changed: bool,
}

/// The files of one activity: where each goes, and its bytes.
type Files = Vec<(PathBuf, Vec<u8>)>;

/// Renders the Typst source of one document.
pub fn typst_source(
    templates: &Templates,
    item: &Checked,
    kind: DocumentKind,
) -> Result<String, String> {
    let ctx = DocumentContext::new(
        &item.loaded.organisation.organisation,
        &item.loaded.activity,
        &item.conclusions,
        Catalogue::builtin(),
    );
    templates.render(kind, &ctx).map_err(|e| e.to_string())
}

/// Produces the documents of every valid activity below `out`.
pub fn render(
    outcome: &CheckOutcome,
    out: &Path,
    format: Format,
) -> Result<(Vec<Written>, Vec<Diagnostic>), String> {
    let templates = Templates::builtin().map_err(|e| e.to_string())?;
    let typesetter = Typesetter::new(Assets::Embedded(
        crate::render::ASSETS
            .iter()
            .map(|(p, b)| (p.to_string(), *b))
            .collect(),
    ));
    let results: Vec<Result<Files, Diagnostic>> = outcome
        .valid
        .par_iter()
        .map(|item| {
            let a = &item.loaded.activity;
            let mut files = Vec::new();
            for kind in DocumentKind::for_activity(&item.conclusions) {
                let fail = |msg: String| Diagnostic::error(&item.loaded.source.path, msg);
                let source = typst_source(&templates, item, kind).map_err(fail)?;
                let dir_path = |ext| {
                    output::document_path(
                        out,
                        a.assessment.year,
                        &a.assessment.id,
                        kind.name(),
                        ext,
                    )
                };
                match format {
                    Format::Typ => {
                        files.push((dir_path("typ"), source.into_bytes()));
                        for (name, bytes) in crate::render::ASSETS {
                            let p = out
                                .join(a.assessment.year.to_string())
                                .join(&a.assessment.id)
                                .join(name.trim_start_matches('/'));
                            files.push((p, bytes.to_vec()));
                        }
                    }
                    Format::Pdf => {
                        let d = a.assessment.date;
                        let meta = PdfMeta {
                            ident: format!(
                                "dpiagen/{}/{}/{}",
                                a.assessment.year,
                                a.assessment.id,
                                kind.name()
                            ),
                            date: (d.year, d.month, d.day),
                        };
                        let pdf = typesetter.pdf(&source, &meta).map_err(|e| {
                            fail(format!("typesetting {} failed:\n{e}", kind.name()))
                        })?;
                        files.push((dir_path("pdf"), pdf));
                    }
                }
            }
            Ok(files)
        })
        .collect();
    typeset::evict_cache();
    // One run at a time writes to `out`; a run with nothing to write does not touch it.
    let _lock = if results.iter().any(Result::is_ok) {
        let lock = crate::lock::acquire(out, crate::lock::timeout_from_env(), |path| {
            eprintln!(
                "waiting for another dpiagen run to finish writing (lock {})",
                path.display()
            );
        })
        .map_err(|e| e.to_string())?;
        Some(lock)
    } else {
        None
    };
    let mut written = Vec::new();
    let mut diagnostics = Vec::new();
    for result in results {
        match result {
            Ok(files) => {
                for (path, bytes) in files {
                    let changed = output::write_if_changed(&path, &bytes)
                        .map_err(|e| format!("cannot write {}: {e}", path.display()))?;
                    written.push(Written { path, changed });
                }
            }
            Err(d) => diagnostics.push(d),
        }
    }
    Ok((written, diagnostics))
}
