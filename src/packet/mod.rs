//! `dpiagen packet`: per organisation and year, the (G)MR packet and the board memo.
//!
//! 1. [`plan`] groups the valid activities by year and organisation profile; each group's
//!    documents go to the organisation's output folder `<out>/<year>/<folder>/`.
//! 2. Every document [`DocumentKind::for_activity`] gives an activity (only the pre-DPIA of one
//!    advised against: the council takes note of that advice) is rendered through its
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
use crate::manifest::{self, Manifest};
use crate::model::Organisation;
use crate::output;
use crate::render::{DocumentContext, DocumentKind, Part, Templates};
use crate::run::schedule::in_parallel;
use crate::run::{
    self, CheckOutcome, Checked, CheckedOrganisation, DocStatus, DocumentOutcome, Format,
    RenderOutcome, RunError,
};
use crate::typeset::{self, PdfMeta, Typesetter};
use context::{DocumentRef, Member, PacketContext};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// File stem of the packet.
pub const PACKET: &str = "gmr-pakket";
/// File stem of the board memo.
pub const MEMO: &str = "bestuursvoorstel";

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

/// Groups the valid activities by year and organisation. Two organisations with the same output
/// folder (see [`crate::load::LoadedOrganisation::folder`]) would share it: the second group
/// gets an error instead.
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
    for ((year, _), mut items) in by_key {
        items.sort_by(|a, b| {
            a.loaded
                .activity
                .assessment
                .id
                .cmp(&b.loaded.activity.assessment.id)
        });
        let profile = &items[0].loaded.organisation;
        let folder = profile.folder.clone();
        let conduct = outcome
            .organisations
            .iter()
            .find(|o| o.year == year && std::sync::Arc::ptr_eq(&o.loaded, profile))
            .map(|org| OrganisationDocs { outcome, org });
        if groups.iter().any(|g| g.year == year && g.folder == folder) {
            diagnostics.push(
                Diagnostic::error(
                    &items[0].loaded.organisation.source.path,
                    format!("the packet folder `{year}/{folder}` is also another organisation's folder"),
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

/// The Typst sources of one group: the packet's main, its parts, and the memo.
pub struct Sources {
    /// Main source of the packet.
    pub packet: String,
    /// The parts: (virtual path, Typst source).
    pub parts: Vec<(String, String)>,
    /// Source of the board memo.
    pub memo: String,
    /// Date of both documents: the latest date of the documents they enclose.
    pub date: crate::render::context::DateView,
}

/// Renders the Typst sources of one group.
pub fn sources(templates: &Templates, group: &Group) -> Result<Sources, String> {
    let mut parts = Vec::new();
    let mut members = Vec::new();
    let mut organisation_documents = Vec::new();
    let mut dtia_method = None;
    if let Some(docs) = group.conduct {
        let kind = DocumentKind::Gedragscode;
        let part = Part {
            tag: "p0".into(),
            brief: false,
        };
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
        let ask = context::decision(a, &item.conclusions).ask;
        for (kind, brief) in context::contribution(&item.conclusions, ask) {
            if kind == DocumentKind::Dtia && dtia_method.is_none() {
                dtia_method = ctx.dtia.clone();
            }
            let part = Part {
                tag: format!("p{}", parts.len() + 1),
                brief,
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
    ctx.dtia_method = dtia_method;
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

/// The packet (with its parts) and the memo of one group from their sources `src`, in
/// `format`, through the same producer as every other document.
fn files(
    templates: &Templates,
    typesetter: &Typesetter,
    group: &Group,
    src: &Sources,
    dir: &Path,
    format: Format,
) -> Result<Files, String> {
    let logo = group.logo();
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
        let path = dir.join(format!("{stem}.{}", format.extension()));
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

impl Group<'_> {
    /// The organisation's logo, when its profile has one.
    fn logo(&self) -> Option<&[u8]> {
        self.items
            .first()
            .and_then(|i| i.loaded.organisation.logo.as_deref())
    }

    /// The profile the group's documents come from.
    fn profile(&self) -> &crate::load::LoadedOrganisation {
        &self.items[0].loaded.organisation
    }
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
    /// Typeset every packet, even those the manifest shows unchanged.
    pub force: bool,
    /// Who holds the output folder's lock while the packets are written.
    pub lock: run::Lock,
}

impl PacketOptions {
    /// Packets in `format`, in the profiles' languages, with the built-in templates.
    pub fn new(format: Format) -> PacketOptions {
        PacketOptions {
            format,
            lang: None,
            templates: None,
            force: false,
            lock: run::Lock::PerRun,
        }
    }
}

/// What happened to one group before writing.
enum Produced {
    /// Its folder belongs to another organisation.
    Refused(Diagnostic),
    /// The manifest shows both documents made from these sources.
    Unchanged,
    /// Typeset: the files to write.
    Typeset(Files),
    /// Rendering or typesetting failed.
    Failed(String),
}

/// Writes the packet and the memo of every organisation and year below `out`:
/// `<out>/<year>/<folder>/gmr-pakket.pdf` and `bestuursvoorstel.pdf`. A group whose sources
/// (and so its PDFs) are the ones the manifest recorded is not typeset again. The outcome has
/// the shape of a render's: a document per packet and memo, and the refusals.
pub fn render(
    outcome: &CheckOutcome,
    out: &Path,
    options: &PacketOptions,
) -> Result<RenderOutcome, RunError> {
    let format = options.format;
    let templates = Templates::load(options.templates.as_deref(), outcome.knowledge)
        .map_err(|e| RunError::templates(options.templates.is_some(), e.to_string()))?;
    let typesetter = Typesetter::new(templates.assets());
    let (groups, refused) = plan(outcome, options.lang);
    let mut manifests: BTreeMap<PathBuf, Manifest> = BTreeMap::new();
    for g in &groups {
        let year_dir = out.join(g.year.to_string());
        if !manifests.contains_key(&year_dir) {
            manifests.insert(year_dir.clone(), Manifest::load(&year_dir));
        }
    }
    let fingerprint = run::tool_fingerprint();
    let inputs = |group: &Group, src: &Sources| {
        manifest::hash_inputs(
            [
                fingerprint.as_bytes(),
                templates.fingerprint().as_bytes(),
                group.lang.code().as_bytes(),
                format.extension().as_bytes(),
                src.packet.as_bytes(),
                src.memo.as_bytes(),
                group.logo().unwrap_or_default(),
            ]
            .into_iter()
            .chain(
                src.parts
                    .iter()
                    .flat_map(|(p, t)| [p.as_bytes(), t.as_bytes()]),
            ),
        )
    };
    let key = |group: &Group, stem: &str| format!("{}/{stem}.{}", group.folder, format.extension());
    // On the render's scheduler: Typst's deep recursion needs its big stacks, which rayon's
    // default threads do not have.
    let results: Vec<(Produced, String)> = in_parallel(&groups, run::default_jobs(), |group| {
        let year_dir = out.join(group.year.to_string());
        let manifest = &manifests[&year_dir];
        let profile = group.profile();
        if let Some(owner) = manifest.owner(&group.folder)
            && owner != group.org.name
        {
            let folder = year_dir.join(&group.folder);
            return (
                Produced::Refused(run::ownership_error(profile, &folder, owner)),
                String::new(),
            );
        }
        let src = match sources(&templates, group) {
            Ok(src) => src,
            Err(e) => return (Produced::Failed(e), String::new()),
        };
        let inputs = inputs(group, &src);
        let current = !options.force
            && format == Format::Pdf
            && [PACKET, MEMO]
                .iter()
                .all(|stem| manifest.is_current(&year_dir, &key(group, stem), &inputs));
        if current {
            return (Produced::Unchanged, inputs);
        }
        let dir = year_dir.join(&group.folder);
        match files(&templates, &typesetter, group, &src, &dir, format) {
            Ok(files) => (Produced::Typeset(files), inputs),
            Err(e) => (Produced::Failed(e), inputs),
        }
    });
    typeset::evict_cache();
    let _lock = if options.lock == run::Lock::PerRun
        && results
            .iter()
            .any(|(r, _)| matches!(r, Produced::Typeset(_)))
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
        let year_dir = out.join(group.year.to_string());
        let document =
            |stem: &str, status: DocStatus, changed: bool, error: Option<String>| DocumentOutcome {
                path: year_dir
                    .join(&group.folder)
                    .join(format!("{stem}.{}", format.extension())),
                kind: if stem == PACKET { PACKET } else { MEMO },
                questionnaire: group.profile().source.path.clone(),
                assessment_id: group.folder.clone(),
                year: group.year,
                status,
                changed,
                error,
            };
        match result {
            Produced::Refused(d) => {
                for stem in [PACKET, MEMO] {
                    report
                        .documents
                        .push(document(stem, DocStatus::Refused, false, None));
                }
                report.refused.push(d);
            }
            Produced::Failed(e) => {
                for stem in [PACKET, MEMO] {
                    report.documents.push(document(
                        stem,
                        DocStatus::Failed,
                        false,
                        Some(e.clone()),
                    ));
                }
            }
            Produced::Unchanged => {
                for stem in [PACKET, MEMO] {
                    report
                        .documents
                        .push(document(stem, DocStatus::Unchanged, false, None));
                }
            }
            Produced::Typeset(files) => {
                let manifest = manifests.get_mut(&year_dir).expect("loaded above");
                // What they import first, the two documents last.
                let main = |stem: &str| {
                    year_dir
                        .join(&group.folder)
                        .join(format!("{stem}.{}", format.extension()))
                };
                let mains = [main(PACKET), main(MEMO)];
                for (path, bytes) in files.iter().filter(|(p, _)| !mains.contains(p)) {
                    output::write_if_changed(path, bytes).map_err(|e| {
                        RunError::Failed(format!("cannot write {}: {e}", path.display()))
                    })?;
                }
                for (path, stem) in mains.iter().zip([PACKET, MEMO]) {
                    let Some((_, bytes)) = files.iter().find(|(p, _)| p == path) else {
                        continue;
                    };
                    let changed = output::write_if_changed(path, bytes).map_err(|e| {
                        RunError::Failed(format!("cannot write {}: {e}", path.display()))
                    })?;
                    manifest.record(
                        key(group, stem),
                        inputs.clone(),
                        path,
                        &manifest::Written::of(bytes),
                    );
                    report
                        .documents
                        .push(document(stem, DocStatus::Rendered, changed, None));
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
