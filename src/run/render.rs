//! The render run: plan the documents, skip those the manifest shows unchanged, produce the
//! others on the scheduler's threads, then write this year's snapshots and the manifests.

use super::check::{CheckOutcome, Checked};
use super::plan::{self, RenderOptions};
use super::produce::produce;
use super::schedule::{Eviction, default_jobs, in_parallel};
use crate::history::{self, Year};
use crate::manifest::Manifest;
use crate::output;
use crate::render::Templates;
use crate::timings::{self, Stage};
use crate::typeset::{self, Typesetter};
use std::collections::{BTreeMap, BTreeSet};
use std::num::NonZeroUsize;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

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
) -> Result<RenderOutcome, String> {
    // The templates are parsed while the fonts are read.
    let dir = options.templates.as_deref();
    let (templates, typesetter) = rayon::join(
        || timings::time(Stage::Tera, || Templates::load(dir, outcome.knowledge)),
        || {
            timings::time(Stage::Compile, || {
                Typesetter::new(Templates::assets_for(dir))
            })
        },
    );
    let templates = templates.map_err(|e| e.to_string())?;
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
        .map(|item| Year::of(out, &item.loaded.activity, &item.conclusions))
        .collect();
    timings::stop(Stage::Validate, deriving);

    let hashing = timings::start();
    let jobs = plan::jobs(outcome, &selected, &years, out, options, &templates);

    // One run at a time writes to `out` (its documents, snapshots and manifests); a run with
    // nothing to render does not touch the folder.
    let _lock = if jobs.is_empty() {
        None
    } else {
        let lock = crate::lock::acquire_for_run(out).map_err(|e| e.to_string())?;
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
        let current = !options.force
            && manifests
                .get(&job.year_dir)
                .is_some_and(|m| m.is_current(&job.year_dir, &job.key, &job.inputs));
        let result = if current {
            Ok((DocStatus::Unchanged, false))
        } else {
            produce(job, &templates, &typesetter, options.format, outcome)
                .map(|changed| (DocStatus::Rendered, changed))
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
            error: result.err(),
        };
        progress(&doc, jobs.len());
        let done = finished.fetch_add(1, Ordering::Relaxed) + 1;
        if eviction.every > 0 && done.is_multiple_of(eviction.every) {
            timings::time(Stage::Compile, || typeset::evict_cache_older(eviction.age));
        }
        (i, doc)
    });
    for (i, doc) in outcomes {
        documents[i] = Some(doc);
    }
    let documents: Vec<DocumentOutcome> = documents.into_iter().flatten().collect();
    // Typst's cache is not emptied here: trimming during the batch bounds it, a later batch in
    // this process ages it out, and a command exits without dropping it. Emptying it cost 18 ms
    // of a one-questionnaire render (0.374 s -> 0.356 s, means of 15 turns).

    // This year's snapshots, for next year's comparison.
    let writing = timings::start();
    for (item, year) in selected.iter().zip(&years) {
        let a = &item.loaded.activity.assessment;
        let path = history::snapshot_path(out, a.year, &a.id);
        output::write_if_changed(&path, &year.snapshot)
            .map_err(|e| format!("cannot write {}: {e}", path.display()))?;
    }
    timings::stop(Stage::Write, writing);

    // The manifest last: a crash before this line only costs a re-render next time.
    let saving = timings::start();
    for (job, doc) in jobs.iter().zip(&documents) {
        let Some(m) = manifests.get_mut(&job.year_dir) else {
            continue;
        };
        match doc.status {
            DocStatus::Rendered => {
                let len = std::fs::metadata(&job.path).map_or(0, |m| m.len());
                m.record(job.key.clone(), job.inputs.clone(), len);
            }
            DocStatus::Failed => m.forget(&job.key),
            DocStatus::Unchanged => {}
        }
    }
    for (dir, m) in &manifests {
        m.save(dir)
            .map_err(|e| format!("cannot write the manifest in {}: {e}", dir.display()))?;
    }
    timings::stop(Stage::Manifest, saving);
    Ok(RenderOutcome { documents, skipped })
}
