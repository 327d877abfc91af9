//! The whole run for `check` and `render`: load → validate → derive → render → typeset → write.
//!
//! Besides the documents per activity, each organisation with `social_media` answers gets its
//! code of conduct, in the folder of its id and of the latest year of its valid activities.
//!
//! One bad file never stops the others (ripgrep's batch semantics): its diagnostics are kept,
//! nothing is written for it, and the exit code is chosen once at the end.

use crate::catalogue::Catalogue;
use crate::diagnostic::{Diagnostic, Severity};
use crate::load::{self, LoadedActivity, LoadedOrganisation};
use crate::model::Activity;
use crate::output;
use crate::platforms::Platforms;
use crate::render::conduct::ConductContext;
use crate::render::{DocumentContext, DocumentKind, Templates};
use crate::rules::conduct::ConductConclusions;
use crate::rules::{self, Conclusions};
use crate::typeset::{self, Assets, PdfMeta, Typesetter};
use crate::validate;
use rayon::prelude::*;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

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
    /// Organisations with valid `social_media` answers, each with its code-of-conduct rules.
    pub organisations: Vec<CheckedOrganisation>,
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
    let organisations = organisations(&valid, &mut diagnostics, &mut sources);
    Ok(CheckOutcome {
        valid,
        diagnostics,
        sources,
        organisations,
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
    let mut results = results;
    results.par_extend(
        outcome
            .organisations
            .par_iter()
            .map(|o| organisation_files(&templates, &typesetter, outcome, o, out, format)),
    );
    typeset::evict_cache();
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

/// An organisation whose `social_media` answers passed validation, with the rules of its code
/// of conduct.
pub struct CheckedOrganisation {
    /// The loaded profile.
    pub loaded: Arc<LoadedOrganisation>,
    /// Indices into [`CheckOutcome::valid`] of its valid activities.
    pub activities: Vec<usize>,
    /// The year its documents belong to: the latest `assessment.year` of its valid activities.
    pub year: i32,
    /// The code of conduct's rules and findings.
    pub conduct: ConductConclusions,
}

impl CheckedOrganisation {
    /// The organisation id (validation makes sure there is one).
    pub fn id(&self) -> &str {
        self.loaded.organisation.id.as_deref().unwrap_or_default()
    }
}

/// Groups the valid activities by organisation, validates each organisation's `social_media`
/// answers and derives its code-of-conduct rules. An organisation is only reached through its
/// activities, so one without a valid activity gets no code.
fn organisations(
    valid: &[Checked],
    diagnostics: &mut Vec<Diagnostic>,
    sources: &mut BTreeMap<PathBuf, String>,
) -> Vec<CheckedOrganisation> {
    let platforms = Platforms::builtin();
    let mut groups: Vec<(Arc<LoadedOrganisation>, Vec<usize>)> = Vec::new();
    for (i, item) in valid.iter().enumerate() {
        let org = &item.loaded.organisation;
        match groups.iter_mut().find(|(o, _)| Arc::ptr_eq(o, org)) {
            Some((_, members)) => members.push(i),
            None => groups.push((org.clone(), vec![i])),
        }
    }
    let mut out: Vec<CheckedOrganisation> = Vec::new();
    for (org, members) in groups {
        let Some(sm) = &org.organisation.social_media else {
            continue;
        };
        let path = &org.source.path;
        let mut diags =
            validate::social_media(path, &org.source.text, &org.organisation, platforms);
        let year = members
            .iter()
            .map(|&i| valid[i].loaded.activity.assessment.year)
            .max()
            .unwrap_or(sm.date.year);
        let id = org.organisation.id.clone().unwrap_or_default();
        if let Some(other) = out.iter().find(|o| o.year == year && o.id() == id) {
            diags.push(
                Diagnostic::error(
                    path,
                    format!(
                        "organisation id `{id}` of {year} is also used by {}",
                        other.loaded.source.path.display()
                    ),
                )
                .field("id")
                .help("every organisation needs its own id: it names the output folder"),
            );
        }
        let failed = diags.iter().any(|d| d.severity == Severity::Error);
        if !diags.is_empty() {
            sources.insert(path.clone(), org.source.text.clone());
        }
        diagnostics.extend(diags);
        if failed {
            continue;
        }
        let activities: Vec<(&Activity, &Conclusions)> = members
            .iter()
            .map(|&i| (&valid[i].loaded.activity, &valid[i].conclusions))
            .collect();
        let conduct = rules::conduct::assess(sm, platforms, &activities);
        out.push(CheckedOrganisation {
            loaded: org.clone(),
            activities: members,
            year,
            conduct,
        });
    }
    out
}

/// Renders the Typst source of an organisation's code of conduct.
pub fn conduct_source(
    templates: &Templates,
    outcome: &CheckOutcome,
    org: &CheckedOrganisation,
) -> Result<String, String> {
    let profile = &org.loaded.organisation;
    let sm = profile
        .social_media
        .as_ref()
        .ok_or("the organisation has no social_media answers")?;
    let activities: Vec<(&Activity, &Conclusions)> = org
        .activities
        .iter()
        .map(|&i| {
            (
                &outcome.valid[i].loaded.activity,
                &outcome.valid[i].conclusions,
            )
        })
        .collect();
    let ctx = ConductContext::new(profile, sm, &org.conduct, &activities, org.year);
    templates
        .render_with(DocumentKind::Gedragscode, &ctx)
        .map_err(|e| e.to_string())
}

/// The files of an organisation's code of conduct: `<out>/<year>/<org-id>/gedragscode-sociale-media.*`.
fn organisation_files(
    templates: &Templates,
    typesetter: &Typesetter,
    outcome: &CheckOutcome,
    org: &CheckedOrganisation,
    out: &Path,
    format: Format,
) -> Result<Files, Diagnostic> {
    let kind = DocumentKind::Gedragscode;
    let fail = |msg: String| Diagnostic::error(&org.loaded.source.path, msg);
    let source = conduct_source(templates, outcome, org).map_err(fail)?;
    let path = |ext| output::document_path(out, org.year, org.id(), kind.name(), ext);
    let mut files = Vec::new();
    match format {
        Format::Typ => {
            files.push((path("typ"), source.into_bytes()));
            for (name, bytes) in crate::render::ASSETS {
                let p = out
                    .join(org.year.to_string())
                    .join(org.id())
                    .join(name.trim_start_matches('/'));
                files.push((p, bytes.to_vec()));
            }
        }
        Format::Pdf => {
            let d = org
                .loaded
                .organisation
                .social_media
                .as_ref()
                .map(|s| s.date)
                .ok_or_else(|| fail("the organisation has no social_media answers".into()))?;
            let meta = PdfMeta {
                ident: format!("dpiagen/{}/{}/{}", org.year, org.id(), kind.name()),
                date: (d.year, d.month, d.day),
            };
            let pdf = typesetter
                .pdf(&source, &meta)
                .map_err(|e| fail(format!("typesetting {} failed:\n{e}", kind.name())))?;
            files.push((path("pdf"), pdf));
        }
    }
    Ok(files)
}
