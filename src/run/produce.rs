//! Producing one document: fill its template, then typeset it to PDF or write its Typst
//! source with what it imports. `render` and `packet` both go through [`files`].

use super::check::{CheckOutcome, Checked, CheckedOrganisation};
use super::plan::{Job, Subject};
use crate::history::Changes;
use crate::lang::Lang;
use crate::load::house_style::LOGO_PATH;
use crate::manifest::Written;
use crate::model::Activity;
use crate::output;
use crate::render::conduct::ConductContext;
use crate::render::{DocumentContext, DocumentKind, Templates};
use crate::rules::Conclusions;
use crate::timings::{self, Stage};
use crate::typeset::{PdfMeta, Typesetter};
use std::path::{Path, PathBuf};

/// What to produce.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// PDF through the embedded Typst compiler.
    Pdf,
    /// The generated Typst source (plus the house-style library it imports).
    Typ,
}

impl Format {
    /// The file extension of a document in this format.
    pub fn extension(self) -> &'static str {
        match self {
            Format::Pdf => "pdf",
            Format::Typ => "typ",
        }
    }
}

/// The language of an organisation's documents: `--lang` when given, else its profile's
/// `language`, else Dutch.
pub fn language(organisation: &crate::model::Organisation, chosen: Option<Lang>) -> Lang {
    chosen.or(organisation.language).unwrap_or_default()
}

/// Renders the Typst source of one document in `lang`, with last year's changes when known.
pub fn typst_source_with(
    templates: &Templates,
    item: &Checked,
    kind: DocumentKind,
    lang: Lang,
    changes: Option<&Changes>,
) -> Result<String, String> {
    let mut ctx = DocumentContext::in_lang(
        &item.loaded.organisation.organisation,
        &item.loaded.activity,
        &item.conclusions,
        templates.knowledge(),
        lang,
    );
    ctx.changes = changes;
    templates.render(kind, &ctx).map_err(|e| e.to_string())
}

/// Renders the Typst source of one document, in the language of its organisation profile.
pub fn typst_source(
    templates: &Templates,
    item: &Checked,
    kind: DocumentKind,
) -> Result<String, String> {
    let lang = language(&item.loaded.organisation.organisation, None);
    typst_source_with(templates, item, kind, lang, None)
}

/// The stable identifier hashed into a PDF's `/ID`: `ident` for a Dutch document, with the
/// language added for another (the two are different documents with the same file name).
pub fn pdf_ident(ident: &str, lang: Lang) -> String {
    match lang {
        Lang::Nl => ident.to_string(),
        other => format!("{ident}@{}", other.code()),
    }
}

/// The files of one document in `format`: the PDF at `path`; or the Typst source at `path`
/// with its `parts` (virtual path, source), the house style and the logo beside it.
#[allow(clippy::too_many_arguments)]
pub(crate) fn files(
    templates: &Templates,
    typesetter: &Typesetter,
    format: Format,
    path: &Path,
    source: &str,
    parts: &[(String, String)],
    logo: Option<&[u8]>,
    meta: &PdfMeta,
) -> Result<Vec<(PathBuf, Vec<u8>)>, String> {
    let logo: Vec<(&str, &[u8])> = logo.map(|b| (LOGO_PATH, b)).into_iter().collect();
    match format {
        Format::Typ => {
            let dir = path.parent().unwrap_or(Path::new("."));
            let beside = |virtual_path: &str| dir.join(virtual_path.trim_start_matches('/'));
            let mut out = vec![(path.to_path_buf(), source.as_bytes().to_vec())];
            for (name, text) in parts {
                out.push((beside(name), text.as_bytes().to_vec()));
            }
            for (name, bytes) in templates.typst_files().map_err(|e| e.to_string())? {
                out.push((beside(&name), bytes));
            }
            for (name, bytes) in &logo {
                out.push((beside(name), bytes.to_vec()));
            }
            Ok(out)
        }
        Format::Pdf => {
            let name = path
                .file_stem()
                .map_or_else(String::new, |s| s.to_string_lossy().into_owned());
            let pdf = typesetter
                .pdf_with_files(source, parts, &logo, meta)
                .map_err(|e| {
                    let sources: Vec<(&str, &str)> = std::iter::once(("/main.typ", source))
                        .chain(parts.iter().map(|(p, t)| (p.as_str(), t.as_str())))
                        .collect();
                    format!(
                        "typesetting {name} failed:\n{}",
                        templates.explain(&e, &sources)
                    )
                })?;
            Ok(vec![(path.to_path_buf(), pdf)])
        }
    }
}

/// Typesets one job's document and writes it. Returns whether the document on disk changed,
/// and what the manifest keeps of its bytes.
pub(super) fn produce(
    job: &Job,
    templates: &Templates,
    typesetter: &Typesetter,
    format: Format,
    outcome: &CheckOutcome,
) -> Result<(bool, Written), String> {
    let (_, _, year, date) = job.subject.describe();
    let source = timings::time(Stage::Tera, || match job.subject {
        Subject::Activity(item, changes) => {
            typst_source_with(templates, item, job.kind, job.lang, changes)
        }
        Subject::Organisation(org) => conduct_source_with(templates, outcome, org, job.lang, None),
    })?;
    let logo = match job.subject {
        Subject::Activity(item, _) => item.loaded.organisation.logo.as_deref(),
        Subject::Organisation(org) => org.loaded.logo.as_deref(),
    };
    let meta = PdfMeta {
        ident: pdf_ident(&format!("dpiagen/{year}/{}", job.key), job.lang),
        date: (date.year, date.month, date.day),
    };
    let files = files(
        templates,
        typesetter,
        format,
        &job.path,
        &source,
        &[],
        logo,
        &meta,
    )?;
    // What it imports first, the document last; whether the document itself changed counts.
    let mut changed = false;
    for (path, bytes) in files.iter().skip(1).chain(files.first()) {
        changed = timings::time(Stage::Write, || output::write_if_changed(path, bytes))
            .map_err(|e| format!("cannot write {}: {e}", path.display()))?;
    }
    let document = files.first().map_or(&[][..], |(_, bytes)| bytes.as_slice());
    Ok((changed, Written::of(document)))
}

/// Renders the Typst source of an organisation's code of conduct, in its profile's language.
pub fn conduct_source(
    templates: &Templates,
    outcome: &CheckOutcome,
    org: &CheckedOrganisation,
) -> Result<String, String> {
    let lang = language(&org.loaded.organisation, None);
    conduct_source_with(templates, outcome, org, lang, None)
}

/// [`conduct_source`] in `lang`, on its own or as a part of a packet.
pub fn conduct_source_with(
    templates: &Templates,
    outcome: &CheckOutcome,
    org: &CheckedOrganisation,
    lang: Lang,
    part: Option<&crate::render::Part>,
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
    let ctx = ConductContext::new(profile, sm, &org.conduct, &activities, org.year, lang);
    templates
        .render_with(DocumentKind::Gedragscode, lang, &ctx, part)
        .map_err(|e| e.to_string())
}
