//! `dpiagen packet`: per organisation and year, the (G)MR packet and the board memo.
//!
//! 1. [`plan`] groups the valid activities by year and organisation profile and names each
//!    group's output folder after the folder of its profile: `<out>/<year>/<folder>/`.
//! 2. Every document [`DocumentKind::for_activity`] gives an activity is rendered through its
//!    own template in part mode ([`Templates::render_part`]) into a virtual file
//!    `/parts/<assessment-id>/<kind>.typ`.
//! 3. `<lang>/gmr-pakket.typ.tera` renders the packet's main source from a [`PacketContext`]:
//!    the cover letter, the contents, the overview, an `#include` per part, the action list. The
//!    Typesetter compiles it with the parts held in memory, into one PDF.
//! 4. `<lang>/bestuursvoorstel.typ.tera` renders the board memo from the same context.
//!
//! The language is `--lang`, else the organisation profile's `language`, else Dutch; the file
//! names stay `gmr-pakket` and `bestuursvoorstel` in every language.
//!
//! With `--format typ` the sources are written instead (main, `parts/`, `dpiagen.typ`), so that
//! a stock Typst can compile them with the group's folder as root.

pub mod context;

use crate::diagnostic::Diagnostic;
use crate::lang::Lang;
use crate::model::Organisation;
use crate::output;
use crate::render::{DocumentContext, DocumentKind, Part, Templates};
use crate::run::schedule::in_parallel;
use crate::run::{self, CheckOutcome, Checked, CheckedOrganisation, Format};
use crate::typeset::{self, PdfMeta, Typesetter};
use context::{DocumentRef, Member, PacketContext};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// File stem of the packet.
pub const PACKET: &str = "gmr-pakket";
/// File stem of the board memo.
pub const MEMO: &str = "bestuursvoorstel";

/// One file written (or left as it was).
#[derive(Debug, Clone)]
pub struct Written {
    /// Where.
    pub path: PathBuf,
    /// Whether the bytes changed.
    pub changed: bool,
}

/// An organisation's own documents (its code of conduct), with the run they belong to.
#[derive(Clone, Copy)]
pub struct OrganisationDocs<'a> {
    /// The whole check, for the activities the code covers.
    pub outcome: &'a CheckOutcome,
    /// The organisation with its code-of-conduct conclusions.
    pub org: &'a CheckedOrganisation,
}

/// The activities of one organisation in one year.
pub struct Group<'a> {
    /// The language of its packet and memo.
    pub lang: Lang,
    /// The organisation's own documents, when it has any (a code of conduct).
    pub conduct: Option<OrganisationDocs<'a>>,
    /// The year.
    pub year: i32,
    /// Name of the output folder (the folder of the organisation profile).
    pub folder: String,
    /// The organisation.
    pub org: &'a Organisation,
    /// Its valid activities, by assessment id.
    pub items: Vec<&'a Checked>,
}

/// Groups the valid activities by year and organisation. Two organisations whose profiles lie in
/// folders of the same name, or a folder name that is also an activity's id in that year, would
/// share an output folder: those groups get an error instead.
/// Each group's language is `lang` when given, else its profile's `language`, else Dutch.
pub fn plan(outcome: &CheckOutcome, lang: Option<Lang>) -> (Vec<Group<'_>>, Vec<Diagnostic>) {
    let mut by_key: BTreeMap<(i32, PathBuf), Vec<&Checked>> = BTreeMap::new();
    for item in &outcome.valid {
        let path = &item.loaded.organisation.source.path;
        let path = path.canonicalize().unwrap_or_else(|_| path.clone());
        by_key
            .entry((item.loaded.activity.assessment.year, path))
            .or_default()
            .push(item);
    }
    let mut groups: Vec<Group> = Vec::new();
    let mut diagnostics = Vec::new();
    for ((year, path), mut items) in by_key {
        items.sort_by(|a, b| {
            a.loaded
                .activity
                .assessment
                .id
                .cmp(&b.loaded.activity.assessment.id)
        });
        // The organisation's id names its folder (as for the code of conduct); without one, the
        // folder that holds its profile does.
        let profile = &items[0].loaded.organisation;
        let folder = profile
            .organisation
            .id
            .clone()
            .unwrap_or_else(|| folder_name(&path));
        let conduct = outcome
            .organisations
            .iter()
            .find(|o| o.year == year && std::sync::Arc::ptr_eq(&o.loaded, profile))
            .map(|org| OrganisationDocs { outcome, org });
        let clash_org = groups.iter().any(|g| g.year == year && g.folder == folder);
        let clash_id = outcome.valid.iter().any(|c| {
            c.loaded.activity.assessment.year == year && c.loaded.activity.assessment.id == folder
        });
        if clash_org || clash_id {
            let what = if clash_org {
                "another organisation's folder"
            } else {
                "an activity's assessment id"
            };
            diagnostics.push(
                Diagnostic::error(
                    &items[0].loaded.organisation.source.path,
                    format!("the packet folder `{year}/{folder}` has the same name as {what}"),
                )
                .help("change the organisation's `id` (or, without one, rename the folder that holds its profile)"),
            );
            continue;
        }
        groups.push(Group {
            lang: run::language(&items[0].loaded.organisation.organisation, lang),
            conduct,
            year,
            folder,
            org: &items[0].loaded.organisation.organisation,
            items,
        });
    }
    (groups, diagnostics)
}

/// The name of the folder that holds an organisation profile (`organisatie` if it has none).
fn folder_name(profile: &Path) -> String {
    profile
        .parent()
        .and_then(Path::file_name)
        .map(|n| n.to_string_lossy().into_owned())
        .filter(|n| !n.is_empty())
        .unwrap_or_else(|| "organisatie".to_string())
}

/// The Typst sources of one group: the packet's main, its parts, and the memo.
pub struct Sources {
    /// Main source of the packet.
    pub packet: String,
    /// The parts: (virtual path, Typst source).
    pub parts: Vec<(String, String)>,
    /// Source of the board memo.
    pub memo: String,
    /// Date of both documents: the latest assessment date of the group.
    pub date: crate::render::context::DateView,
}

/// Renders the Typst sources of one group.
pub fn sources(templates: &Templates, group: &Group) -> Result<Sources, String> {
    let mut parts = Vec::new();
    let mut members = Vec::new();
    let mut organisation_documents = Vec::new();
    if let Some(docs) = group.conduct {
        let kind = DocumentKind::Gedragscode;
        let part = Part { tag: "p0".into() };
        let source =
            run::conduct_source_with(templates, docs.outcome, docs.org, group.lang, Some(&part))
                .map_err(|e| format!("{}: {e}", kind.name()))?;
        let path = format!("/parts/organisatie/{}.typ", kind.name());
        organisation_documents.push(DocumentRef {
            kind: kind.name(),
            path: path.clone(),
        });
        parts.push((path, source));
    }
    for item in &group.items {
        let a = &item.loaded.activity;
        let ctx = DocumentContext::in_lang(
            group.org,
            a,
            &item.conclusions,
            templates.knowledge(),
            group.lang,
        );
        let mut documents = Vec::new();
        for kind in DocumentKind::for_activity(&item.conclusions) {
            let part = Part {
                tag: format!("p{}", parts.len() + 1),
            };
            let source = templates
                .render_part(kind, &ctx, &part)
                .map_err(|e| format!("{} of `{}`: {e}", kind.name(), a.assessment.id))?;
            let path = format!("/parts/{}/{}.typ", a.assessment.id, kind.name());
            documents.push(DocumentRef {
                kind: kind.name(),
                path: path.clone(),
            });
            parts.push((path, source));
        }
        members.push(Member {
            activity: a,
            conclusions: &item.conclusions,
            documents,
        });
    }
    let mut ctx = PacketContext::new(group.org, group.year, &members, group.lang);
    ctx.organisation_documents = organisation_documents;
    let render = |name: &str| {
        templates
            .render_named(&format!("{}/{name}.typ.tera", group.lang.code()), &ctx)
            .map_err(|e| format!("{name}: {e}"))
    };
    Ok(Sources {
        packet: render(PACKET)?,
        parts,
        memo: render(MEMO)?,
        date: ctx.date,
    })
}

/// The files of one group: where each goes, and its bytes.
type Files = Vec<(PathBuf, Vec<u8>)>;

/// The packet (with its parts) and the memo of one group, in `format`, through the same
/// producer as every other document.
fn files(
    templates: &Templates,
    typesetter: &Typesetter,
    group: &Group,
    dir: &Path,
    format: Format,
) -> Result<Files, String> {
    let src = sources(templates, group)?;
    let logo = group
        .items
        .first()
        .and_then(|i| i.loaded.organisation.logo.as_deref());
    let ext = match format {
        Format::Pdf => "pdf",
        Format::Typ => "typ",
    };
    let meta = |stem: &str| PdfMeta {
        ident: run::pdf_ident(
            &format!("dpiagen/{}/{}/{stem}", group.year, group.folder),
            group.lang,
        ),
        date: (src.date.year, src.date.month, src.date.day),
    };
    let mut files = Vec::new();
    for (stem, source, parts) in [
        (PACKET, &src.packet, src.parts.as_slice()),
        (MEMO, &src.memo, &[][..]),
    ] {
        let path = dir.join(format!("{stem}.{ext}"));
        for file in run::files(
            templates,
            typesetter,
            format,
            &path,
            source,
            parts,
            logo,
            &meta(stem),
        )? {
            // The house style and the logo come with both documents: written once.
            if !files.iter().any(|(p, _): &(PathBuf, Vec<u8>)| *p == file.0) {
                files.push(file);
            }
        }
    }
    Ok(files)
}

/// What [`render`] did.
pub struct Report {
    /// Files written (or unchanged).
    pub written: Vec<Written>,
    /// Groups refused because of their input (an output folder that would clash).
    pub refused: Vec<Diagnostic>,
    /// Groups whose rendering or typesetting failed.
    pub failed: Vec<Diagnostic>,
}

/// How `packet` runs.
#[derive(Debug, Clone)]
pub struct PacketOptions {
    /// PDF or Typst source.
    pub format: Format,
    /// The language of every packet (`--lang`); `None`: each profile's `language`.
    pub lang: Option<Lang>,
    /// A school's own templates (`--templates`), over the built-in ones.
    pub templates: Option<PathBuf>,
}

impl PacketOptions {
    /// Packets in `format`, in the profiles' languages, with the built-in templates.
    pub fn new(format: Format) -> PacketOptions {
        PacketOptions {
            format,
            lang: None,
            templates: None,
        }
    }
}

/// Writes the packet and the memo of every organisation and year below `out`:
/// `<out>/<year>/<folder>/gmr-pakket.pdf` and `bestuursvoorstel.pdf`.
pub fn render(
    outcome: &CheckOutcome,
    out: &Path,
    options: &PacketOptions,
) -> Result<Report, String> {
    let format = options.format;
    let templates = Templates::load(options.templates.as_deref(), outcome.knowledge)
        .map_err(|e| e.to_string())?;
    let typesetter = Typesetter::new(templates.assets());
    let (groups, refused) = plan(outcome, options.lang);
    // On the render's scheduler: Typst's deep recursion needs its big stacks, which rayon's
    // default threads do not have.
    let results: Vec<Result<Files, Diagnostic>> =
        in_parallel(&groups, run::default_jobs(), |group| {
            let dir = out.join(group.year.to_string()).join(&group.folder);
            files(&templates, &typesetter, group, &dir, format).map_err(|msg| {
                Diagnostic::error(&group.items[0].loaded.organisation.source.path, msg)
            })
        });
    typeset::evict_cache();
    let _lock = if results.iter().any(Result::is_ok) {
        let lock = crate::lock::acquire_for_run(out).map_err(|e| e.to_string())?;
        Some(lock)
    } else {
        None
    };
    let mut written = Vec::new();
    let mut failed = Vec::new();
    for result in results {
        match result {
            Ok(files) => {
                for (path, bytes) in files {
                    let changed = output::write_if_changed(&path, &bytes)
                        .map_err(|e| format!("cannot write {}: {e}", path.display()))?;
                    written.push(Written { path, changed });
                }
            }
            Err(d) => failed.push(d),
        }
    }
    Ok(Report {
        written,
        refused,
        failed,
    })
}

#[cfg(test)]
mod tests;
