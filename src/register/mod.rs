//! `dpiagen register`: per organisation and year, the register of processing activities
//! (Art. 30(1) AVG) of all its activities, in three forms beside the packet:
//! `<out>/<year>/<folder>/verwerkingsregister.xlsx`, `.csv` and `.pdf`.
//!
//! 1. [`crate::packet::plan`] groups the valid activities by year and organisation, as for the
//!    packet.
//! 2. [`table::table`] words every activity's row once, in the group's language.
//! 3. [`xlsx`], [`csv`] and the template `<lang>/verwerkingsregister.typ.tera` (typeset to
//!    PDF/A-2b with PDF/UA-1 tags, like every document) each print that table.
//!
//! A group whose files the manifest shows made from the same table is not written again.

pub mod csv;
pub mod table;
pub mod xlsx;

use crate::lang::Lang;
use crate::manifest::{self, Manifest};
use crate::model::{Date, Organisation};
use crate::output;
use crate::packet::{self, Group};
use crate::render::Templates;
use crate::render::context::DateView;
use crate::run::schedule::in_parallel;
use crate::run::{self, CheckOutcome, DocStatus, DocumentOutcome, Format, RenderOutcome, RunError};
use crate::typeset::{self, PdfMeta, Typesetter};
use serde::Serialize;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use table::{Source, Table};

/// File stem of the register, in every language.
pub const REGISTER: &str = "verwerkingsregister";

/// The three forms, in the order they are written and reported.
const EXTENSIONS: [&str; 3] = ["xlsx", "csv", "pdf"];

/// How `register` runs.
#[derive(Debug, Clone)]
pub struct RegisterOptions {
    /// The language of every register (`--lang`); `None`: each profile's `language`.
    pub lang: Option<Lang>,
    /// A school's own templates (`--templates`), over the built-in ones.
    pub templates: Option<PathBuf>,
    /// Write every register, even those the manifest shows unchanged.
    pub force: bool,
}

/// What the PDF's template is given.
#[derive(Serialize)]
struct RegisterContext<'a> {
    org: &'a Organisation,
    year: i32,
    date: DateView,
    table: &'a Table,
}

/// One group's table and its date: the latest assessment date among its activities.
fn table_of(templates: &Templates, group: &Group) -> (Table, Date) {
    let sources: Vec<Source> = group
        .items
        .iter()
        .map(|i| Source {
            activity: &i.loaded.activity,
            conclusions: &i.conclusions,
        })
        .collect();
    let date = group
        .items
        .iter()
        .map(|i| i.loaded.activity.assessment.date)
        .max()
        .expect("a group has an activity");
    (
        table::table(templates, group.org, &sources, group.lang),
        date,
    )
}

/// The three files of one group: (path, bytes), in [`EXTENSIONS`] order.
type Files = Vec<(PathBuf, Vec<u8>)>;

/// What happened to one group before writing.
enum Produced {
    Refused(crate::diagnostic::Diagnostic),
    Unchanged,
    Written(Files),
    Failed(String),
}

/// Writes the register of every organisation and year below `out`. The outcome has the shape
/// of a render's: a document per file, and the refusals.
pub fn render(
    outcome: &CheckOutcome,
    out: &Path,
    options: &RegisterOptions,
) -> Result<RenderOutcome, RunError> {
    let templates = Templates::load(options.templates.as_deref(), outcome.knowledge)
        .map_err(|e| RunError::templates(options.templates.is_some(), e.to_string()))?;
    let typesetter = Typesetter::new(templates.assets());
    let (groups, refused) = packet::plan(outcome, options.lang);
    let mut manifests: BTreeMap<PathBuf, Manifest> = BTreeMap::new();
    for g in &groups {
        let year_dir = out.join(g.year.to_string());
        manifests
            .entry(year_dir.clone())
            .or_insert_with(|| Manifest::load(&year_dir));
    }
    let fingerprint = run::tool_fingerprint();
    let key = |group: &Group, ext: &str| format!("{}/{REGISTER}.{ext}", group.folder);
    let path = |group: &Group, ext: &str| {
        out.join(group.year.to_string())
            .join(&group.folder)
            .join(format!("{REGISTER}.{ext}"))
    };
    let results: Vec<(Produced, String)> = in_parallel(&groups, run::default_jobs(), |group| {
        let year_dir = out.join(group.year.to_string());
        let manifest = &manifests[&year_dir];
        if let Some(owner) = manifest.owner(&group.folder)
            && owner != group.org.name
        {
            let folder = year_dir.join(&group.folder);
            let profile = &group.items[0].loaded.organisation;
            return (
                Produced::Refused(run::ownership_error(profile, &folder, owner)),
                String::new(),
            );
        }
        let (table, date) = table_of(&templates, group);
        let ctx = RegisterContext {
            org: group.org,
            year: group.year,
            date: DateView::new(date, group.lang),
            table: &table,
        };
        let name = format!("{}/{REGISTER}.typ.tera", group.lang.code());
        let source = match templates.render_named(&name, &ctx) {
            Ok(s) => s,
            Err(e) => return (Produced::Failed(format!("{REGISTER}: {e}")), String::new()),
        };
        let csv = match csv::write(&table) {
            Ok(b) => b,
            Err(e) => {
                return (
                    Produced::Failed(format!("{REGISTER}.csv: {e}")),
                    String::new(),
                );
            }
        };
        let logo = group.items[0].loaded.organisation.logo.as_deref();
        let inputs = manifest::hash_inputs([
            fingerprint.as_bytes(),
            templates.fingerprint().as_bytes(),
            group.lang.code().as_bytes(),
            source.as_bytes(),
            csv.as_slice(),
            logo.unwrap_or_default(),
        ]);
        if !options.force
            && EXTENSIONS
                .iter()
                .all(|ext| manifest.is_current(&year_dir, &key(group, ext), &inputs))
        {
            return (Produced::Unchanged, inputs);
        }
        let title = format!(
            "{} {} – {}",
            templates
                .label(group.lang, group.org.sector, "register", "title")
                .unwrap_or(REGISTER),
            group.year,
            group.org.name
        );
        let sheet = templates
            .label(group.lang, group.org.sector, "register", "sheet")
            .unwrap_or("Register");
        let props = xlsx::Properties {
            title: &title,
            author: &group.org.privacy_officer.name,
            company: &group.org.name,
            date,
        };
        let xlsx = match xlsx::write(&table, sheet, &props) {
            Ok(b) => b,
            Err(e) => return (Produced::Failed(format!("{REGISTER}.xlsx: {e}")), inputs),
        };
        let meta = PdfMeta {
            ident: run::pdf_ident(
                &format!("dpiagen/{}/{}/{REGISTER}", group.year, group.folder),
                group.lang,
            ),
            date: (date.year, date.month, date.day),
        };
        let pdf_path = path(group, "pdf");
        let pdf = match run::files(
            &templates,
            &typesetter,
            Format::Pdf,
            &pdf_path,
            &source,
            &[],
            logo,
            &meta,
        ) {
            Ok(mut files) => files.remove(0).1,
            Err(e) => return (Produced::Failed(e), inputs),
        };
        let files = vec![
            (path(group, "xlsx"), xlsx),
            (path(group, "csv"), csv),
            (pdf_path, pdf),
        ];
        (Produced::Written(files), inputs)
    });
    typeset::evict_cache();
    let _lock = if results
        .iter()
        .any(|(r, _)| matches!(r, Produced::Written(_)))
    {
        Some(crate::lock::acquire_for_run(out).map_err(RunError::lock)?)
    } else {
        None
    };
    let mut report = RenderOutcome {
        refused,
        ..RenderOutcome::default()
    };
    for (group, (result, inputs)) in groups.iter().zip(results) {
        let document =
            |ext: &str, status: DocStatus, changed: bool, error: Option<String>| DocumentOutcome {
                path: path(group, ext),
                kind: REGISTER,
                questionnaire: group.items[0].loaded.organisation.source.path.clone(),
                assessment_id: group.folder.clone(),
                year: group.year,
                status,
                changed,
                error,
            };
        match result {
            Produced::Refused(d) => {
                for ext in EXTENSIONS {
                    report
                        .documents
                        .push(document(ext, DocStatus::Refused, false, None));
                }
                report.refused.push(d);
            }
            Produced::Failed(e) => {
                for ext in EXTENSIONS {
                    report
                        .documents
                        .push(document(ext, DocStatus::Failed, false, Some(e.clone())));
                }
            }
            Produced::Unchanged => {
                for ext in EXTENSIONS {
                    report
                        .documents
                        .push(document(ext, DocStatus::Unchanged, false, None));
                }
            }
            Produced::Written(files) => {
                let year_dir = out.join(group.year.to_string());
                let manifest = manifests.get_mut(&year_dir).expect("loaded above");
                for ((file, bytes), ext) in files.iter().zip(EXTENSIONS) {
                    let changed = output::write_if_changed(file, bytes).map_err(|e| {
                        RunError::Failed(format!("cannot write {}: {e}", file.display()))
                    })?;
                    manifest.record(
                        key(group, ext),
                        inputs.clone(),
                        file,
                        &manifest::Written::of(bytes),
                    );
                    report
                        .documents
                        .push(document(ext, DocStatus::Rendered, changed, None));
                }
                manifest.claim(&group.folder, &group.org.name);
            }
        }
    }
    run::save_where_rendered(&manifests, &report.documents)?;
    Ok(report)
}

#[cfg(test)]
mod tests;
