//! The render run: plan the documents, skip those the manifest shows unchanged, produce the
//! others on the scheduler's threads, then write this year's snapshots and the manifests.

use super::check::{CheckOutcome, Checked};
use super::plan::{self, RenderOptions};
use super::produce::produce;
use super::schedule::{Eviction, default_jobs, in_parallel};
use crate::diagnostic::Diagnostic;
use crate::history::{self, Year};
use crate::manifest::{self, Manifest};
use crate::output;
use crate::render::Templates;
use crate::timings::{self, Stage};
use crate::typeset::{self, Typesetter};
use std::collections::{BTreeMap, BTreeSet};
use std::num::NonZeroUsize;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

/// Why a run stopped before writing its documents.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RunError {
    /// What the user gave cannot be used (a school's templates folder, an output path that is
    /// not a folder): exit code 2.
    Input(String),
    /// The tool or the machine failed (a built-in template, a write): exit code 1.
    Failed(String),
}

impl RunError {
    /// The process exit code for this error.
    pub fn exit_code(&self) -> u8 {
        match self {
            RunError::Input(_) => 2,
            RunError::Failed(_) => 1,
        }
    }

    /// The error for templates that do not load: the input's when they are a school's own.
    pub fn templates(own: bool, message: String) -> RunError {
        if own {
            RunError::Input(message)
        } else {
            RunError::Failed(message)
        }
    }

    /// The error for an output folder that cannot be locked.
    pub fn lock(error: crate::lock::LockError) -> RunError {
        match error {
            e @ crate::lock::LockError::NotAFolder(_) => RunError::Input(e.to_string()),
            e => RunError::Failed(e.to_string()),
        }
    }
}

impl std::fmt::Display for RunError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            RunError::Input(m) | RunError::Failed(m) => f.write_str(m),
        }
    }
}

/// What happened to one document.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum DocStatus {
    /// Typeset and written (its bytes may equal the old file's).
    Rendered,
    /// The manifest showed the inputs unchanged: not typeset.
    Unchanged,
    /// The template or the typesetter failed: nothing written.
    Failed,
    /// Its folder holds another organisation's documents: nothing written.
    Refused,
}

/// One document of the run.
#[derive(Debug, Clone)]
pub struct DocumentOutcome {
    /// Where the document is (or would be).
    pub path: PathBuf,
    /// Document kind, e.g. `pre-dpia`.
    pub kind: &'static str,
    /// The questionnaire it comes from.
    pub questionnaire: PathBuf,
    /// Assessment id.
    pub assessment_id: String,
    /// Assessment year.
    pub year: i32,
    /// What happened.
    pub status: DocStatus,
    /// Whether the file on disk changed.
    pub changed: bool,
    /// Why it failed.
    pub error: Option<String>,
}

/// The result of a render run.
#[derive(Debug, Default)]
pub struct RenderOutcome {
    /// Every document, in a stable order (questionnaire, then kind).
    pub documents: Vec<DocumentOutcome>,
    /// Valid activities left out by `--year` or `--shard`.
    pub skipped: usize,
    /// Why documents were refused: one error per organisation folder that holds another
    /// organisation's documents.
    pub refused: Vec<Diagnostic>,
}

impl RenderOutcome {
    /// Number of documents with `status`.
    pub fn count(&self, status: DocStatus) -> usize {
        self.documents.iter().filter(|d| d.status == status).count()
    }
}

/// Produces the documents of every selected valid activity below `out`, typesetting only those
/// whose inputs changed since the manifest was written (all of them with `force`).
/// `progress` is called once per document as it finishes (with the number of documents in
/// the run), from worker threads.
pub fn render(
    outcome: &CheckOutcome,
    out: &Path,
    options: &RenderOptions,
    progress: &(dyn Fn(&DocumentOutcome, usize) + Sync),
) -> Result<RenderOutcome, RunError> {
    let tools = Tools::load(options.templates.as_deref(), outcome.knowledge)?;
    render_with(outcome, out, options, &tools, Lock::PerRun, progress)
}

/// What typesets: the parsed templates and the typesetter with its fonts. A session that
/// renders again and again (`watch`) keeps them, and with them Typst's memoized work.
pub struct Tools {
    /// The templates, a school's own over the built-in ones.
    pub templates: Templates,
    /// The typesetter with the fonts and the house style.
    pub typesetter: Typesetter,
}

impl Tools {
    /// Parses the templates (a school's folder `dir` over the built-in ones) while the fonts
    /// are read.
    pub fn load(
        dir: Option<&Path>,
        knowledge: &'static crate::knowledge::Knowledge,
    ) -> Result<Tools, RunError> {
        let (templates, typesetter) = rayon::join(
            || timings::time(Stage::Tera, || Templates::load(dir, knowledge)),
            || {
                timings::time(Stage::Compile, || {
                    Typesetter::new(Templates::assets_for(dir))
                })
            },
        );
        let templates = templates.map_err(|e| RunError::templates(dir.is_some(), e.to_string()))?;
        Ok(Tools {
            templates,
            typesetter,
        })
    }
}

/// Who holds the output folder's lock while a render writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lock {
    /// The render takes it while it writes (when it has anything to write).
    PerRun,
    /// The caller holds it for a whole session.
    Held,
}

/// [`render`] with `tools` already loaded and the output lock taken as `lock` says.
pub fn render_with(
    outcome: &CheckOutcome,
    out: &Path,
    options: &RenderOptions,
    tools: &Tools,
    lock: Lock,
    progress: &(dyn Fn(&DocumentOutcome, usize) + Sync),
) -> Result<RenderOutcome, RunError> {
    let (templates, typesetter) = (&tools.templates, &tools.typesetter);
    let selected: Vec<&Checked> = outcome
        .valid
        .iter()
        .filter(|i| options.selects(i))
        .collect();
    let skipped = outcome.valid.len() - selected.len();

    // Last year's answers, and this year's snapshot, per activity.
    let deriving = timings::start();
    let years: Vec<Year> = selected
        .iter()
        .map(|item| {
            let org = &item.loaded.organisation;
            Year::of(
                out,
                &org.folder,
                &org.organisation.name,
                &item.loaded.activity,
                &item.conclusions,
            )
        })
        .collect();
    timings::stop(Stage::Validate, deriving);

    let hashing = timings::start();
    let jobs = plan::jobs(outcome, &selected, &years, out, options, templates);

    // One run at a time writes to `out` (its documents, snapshots and manifests); a run with
    // nothing to render does not touch the folder.
    let _lock = if jobs.is_empty() {
        None
    } else {
        let lock = match lock {
            Lock::PerRun => Some(crate::lock::acquire_for_run(out).map_err(RunError::lock)?),
            Lock::Held => None,
        };
        // Holding the lock, any temporary file where this run writes is a killed run's.
        let dirs: BTreeSet<&Path> = jobs
            .iter()
            .filter_map(|j| j.path.parent())
            .chain(jobs.iter().map(|j| j.year_dir.as_path()))
            .collect();
        for dir in dirs {
            output::sweep_temporaries(dir);
        }
        Some(lock)
    };

    // Once per year folder, not once per document (that was quadratic: 38 s for a re-run of
    // 1,000 activities).
    let mut manifests: BTreeMap<PathBuf, Manifest> = BTreeMap::new();
    for job in &jobs {
        if !manifests.contains_key(&job.year_dir) {
            manifests.insert(job.year_dir.clone(), Manifest::load(&job.year_dir));
        }
    }
    let refused = refusals(&jobs, &manifests);
    timings::stop(Stage::Manifest, hashing);

    let eviction = Eviction::from_env();
    let finished = AtomicUsize::new(0);
    let threads = options.jobs.map_or_else(default_jobs, NonZeroUsize::get);
    timings::set_threads(threads);
    // Longest first (a stable sort: the same kinds keep their order), results in job order.
    let mut order: Vec<usize> = (0..jobs.len()).collect();
    order.sort_by_key(|&i| std::cmp::Reverse(jobs[i].kind.typical_cost()));
    let mut documents: Vec<Option<DocumentOutcome>> = (0..jobs.len()).map(|_| None).collect();
    let outcomes = in_parallel(&order, threads, |&i| {
        let job = &jobs[i];
        let refused = refused
            .iter()
            .any(|(dir, folder, _)| *dir == job.year_dir.as_path() && *folder == job.folder);
        let current = !options.force
            && manifests
                .get(&job.year_dir)
                .is_some_and(|m| m.is_current(&job.year_dir, &job.key, &job.inputs));
        let result = if refused {
            Ok((DocStatus::Refused, false, None))
        } else if current {
            Ok((DocStatus::Unchanged, false, None))
        } else {
            produce(job, templates, typesetter, options.format, outcome)
                .map(|(changed, written)| (DocStatus::Rendered, changed, Some(written)))
        };
        let (questionnaire, id, year, _) = job.subject.describe();
        let doc = DocumentOutcome {
            path: job.path.clone(),
            kind: job.kind.name(),
            questionnaire: questionnaire.to_path_buf(),
            assessment_id: id.to_string(),
            year,
            status: result.as_ref().map_or(DocStatus::Failed, |r| r.0),
            changed: result.as_ref().is_ok_and(|r| r.1),
            error: result.as_ref().err().cloned(),
        };
        progress(&doc, jobs.len());
        let done = finished.fetch_add(1, Ordering::Relaxed) + 1;
        if eviction.every > 0 && done.is_multiple_of(eviction.every) {
            timings::time(Stage::Compile, || typeset::evict_cache_older(eviction.age));
        }
        (i, doc, result.ok().and_then(|r| r.2))
    });
    let mut written: Vec<Option<manifest::Written>> = (0..jobs.len()).map(|_| None).collect();
    for (i, doc, bytes) in outcomes {
        documents[i] = Some(doc);
        written[i] = bytes;
    }
    let documents: Vec<DocumentOutcome> = documents.into_iter().flatten().collect();
    // Typst's cache is not emptied here: trimming during the batch bounds it, a later batch in
    // this process ages it out, and a command exits without dropping it. Emptying it cost 18 ms
    // of a one-questionnaire render (0.374 s -> 0.356 s, means of 15 turns).

    // This year's snapshots, for next year's comparison, each only beside the documents it
    // belongs to: when one of them failed or was refused, the old snapshot stays with the old
    // documents (and the failed one is tried again next time).
    let writing = timings::start();
    for (item, year) in selected.iter().zip(&years) {
        let complete = jobs.iter().zip(&documents).all(|(job, doc)| {
            !matches!(job.subject, plan::Subject::Activity(i, _) if std::ptr::eq(i, *item))
                || matches!(doc.status, DocStatus::Rendered | DocStatus::Unchanged)
        });
        if !complete {
            continue;
        }
        let a = &item.loaded.activity.assessment;
        let org = &item.loaded.organisation;
        let path = history::snapshot_path(out, a.year, &org.folder, &a.id);
        output::write_if_changed(&path, &year.snapshot)
            .map_err(|e| RunError::Failed(format!("cannot write {}: {e}", path.display())))?;
    }
    timings::stop(Stage::Write, writing);

    // The manifest last: a crash before this line only costs a re-render next time.
    let saving = timings::start();
    for ((job, doc), written) in jobs.iter().zip(&documents).zip(&written) {
        let Some(m) = manifests.get_mut(&job.year_dir) else {
            continue;
        };
        match (doc.status, written) {
            (DocStatus::Rendered, Some(written)) => {
                m.record(job.key.clone(), job.inputs.clone(), &job.path, written);
                m.claim(job.folder, job.owner);
            }
            (DocStatus::Failed, _) => m.forget(&job.key),
            _ => {}
        }
    }
    for (dir, m) in &manifests {
        save_manifest(dir, m)?;
    }
    timings::stop(Stage::Manifest, saving);
    let refused = refused.into_iter().map(|(_, _, d)| d).collect();
    Ok(RenderOutcome {
        documents,
        skipped,
        refused,
    })
}

/// The organisation folders of the run whose manifest records another organisation as their
/// owner: (year folder, organisation folder, the error), once per folder.
fn refusals<'j>(
    jobs: &'j [plan::Job],
    manifests: &BTreeMap<PathBuf, Manifest>,
) -> Vec<(&'j Path, &'j str, Diagnostic)> {
    let mut out: Vec<(&Path, &str, Diagnostic)> = Vec::new();
    for job in jobs {
        let Some(owner) = manifests
            .get(&job.year_dir)
            .and_then(|m| m.owner(job.folder))
        else {
            continue;
        };
        let seen = out
            .iter()
            .any(|(dir, folder, _)| *dir == job.year_dir.as_path() && *folder == job.folder);
        if owner == job.owner || seen {
            continue;
        }
        let profile = job.subject.organisation();
        out.push((
            &job.year_dir,
            job.folder,
            ownership_error(profile, &job.year_dir.join(job.folder), owner),
        ));
    }
    out
}

/// The error for the profile `profile`, whose documents would go to `folder`, which holds the
/// documents of the organisation named `owner`.
pub(crate) fn ownership_error(
    profile: &crate::load::LoadedOrganisation,
    folder: &Path,
    owner: &str,
) -> Diagnostic {
    let field = if profile.organisation.id.is_some() {
        "id"
    } else {
        "name"
    };
    let (line, col) =
        crate::load::locate::Node::parse(&profile.source.text).map_or((1, 1), |n| n.locate(field));
    Diagnostic::error(
        &profile.source.path,
        format!(
            "{} holds the documents of {owner}, not of {}: nothing written there",
            folder.display(),
            profile.organisation.name
        ),
    )
    .field(field)
    .at(line, col)
    .help("give this organisation an `id` of its own (it names its output folder); if it is the same organisation under a new name, move that folder away first")
}

/// Saves the manifest of the year folder `dir`.
fn save_manifest(dir: &Path, m: &Manifest) -> Result<(), RunError> {
    m.save(dir).map_err(|e| {
        RunError::Failed(format!(
            "cannot write the manifest in {}: {e}",
            dir.display()
        ))
    })
}

/// Saves each manifest of `manifests` (by year folder) below which one of `documents` was
/// rendered; the others stay as they are on disk.
pub(crate) fn save_where_rendered(
    manifests: &std::collections::BTreeMap<PathBuf, Manifest>,
    documents: &[DocumentOutcome],
) -> Result<(), RunError> {
    for (dir, m) in manifests {
        if documents
            .iter()
            .any(|d| d.status == DocStatus::Rendered && d.path.starts_with(dir))
        {
            save_manifest(dir, m)?;
        }
    }
    Ok(())
}
