//! The whole run for `check` and `render`: load → validate → derive → render → typeset → write.
//!
//! Besides the documents per activity, each organisation with `social_media` answers gets its
//! code of conduct, in the folder of its id and of the latest year of its valid activities.
//!
//! One bad file never stops the others (ripgrep's batch semantics): its diagnostics are kept,
//! nothing is written for it, and the exit code is chosen once at the end.

use crate::changes::{self, Changes, Snapshot};
use crate::diagnostic::{Diagnostic, Severity};
use crate::knowledge::Knowledge;
use crate::lang::Lang;
use crate::load::house_style::LOGO_PATH;
use crate::load::{self, LoadedActivity, LoadedOrganisation};
use crate::manifest::{self, Manifest};
use crate::model::Activity;
use crate::output;
use crate::render::conduct::ConductContext;
use crate::render::{DocumentContext, DocumentKind, Templates};
use crate::rules::conduct::ConductConclusions;
use crate::rules::{self, Conclusions};
use crate::timings::{self, Stage};
use crate::typeset::{self, PdfMeta, Typesetter};
use crate::validate;
use rayon::prelude::*;
use std::collections::{BTreeMap, BTreeSet};
use std::num::NonZeroUsize;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

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

/// How `check` judges the yearly cycle.
#[derive(Debug, Clone, Copy)]
pub struct CheckOptions {
    /// The date review dates are compared with.
    pub today: crate::model::Date,
    /// Whether a `concept` status or a passed review date is an error instead of a warning.
    pub strict: bool,
}

impl Default for CheckOptions {
    fn default() -> Self {
        CheckOptions {
            today: validate::today(),
            strict: false,
        }
    }
}

/// Loads, validates and derives, writing nothing.
pub fn check(paths: &[PathBuf]) -> Result<CheckOutcome, Diagnostic> {
    check_with(paths, CheckOptions::default())
}

/// [`check`], with the yearly cycle's options.
pub fn check_with(paths: &[PathBuf], options: CheckOptions) -> Result<CheckOutcome, Diagnostic> {
    let (knowledge, loaded) = rayon::join(Knowledge::builtin, || {
        timings::time(Stage::Load, || {
            load::collect(paths).map(|files| load::load(&files))
        })
    });
    let loaded = loaded?;
    let validating = timings::start();
    let mut diagnostics = loaded.diagnostics;
    let mut sources = loaded.sources;
    let mut valid: Vec<Checked> = Vec::new();
    let mut seen: BTreeMap<(i32, String), PathBuf> = BTreeMap::new();
    // Validation and the rules are independent per activity: done on all cores, then the
    // duplicate-id check runs in file order so its message always names the same first file.
    let checked: Vec<_> = loaded
        .activities
        .into_par_iter()
        .map(|la| {
            let mut diags = validate::activity(
                &la.source.path,
                &la.source.text,
                &la.activity,
                &knowledge.catalogue,
            );
            diags.extend(validate::lifecycle(
                &la.source.path,
                &la.source.text,
                &la.activity,
                options.today,
                options.strict,
            ));
            let conclusions = (!diags.iter().any(|d| d.severity == Severity::Error))
                .then(|| rules::derive(&la.activity, &la.organisation.organisation, knowledge));
            (la, diags, conclusions)
        })
        .collect();
    for (la, mut diags, conclusions) in checked {
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
        let Some(conclusions) = conclusions else {
            continue;
        };
        valid.push(Checked {
            loaded: la,
            conclusions,
        });
    }
    let organisations = organisations(&valid, &mut diagnostics, &mut sources);
    timings::stop(Stage::Validate, validating);
    Ok(CheckOutcome {
        valid,
        diagnostics,
        sources,
        organisations,
    })
}

/// Which part of a batch this process renders: `--shard K/N` takes every activity whose
/// stable hash falls in bucket K of N, so a CI job matrix splits the work without overlap.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Shard {
    /// 1-based index of this shard.
    pub index: u64,
    /// Number of shards.
    pub count: u64,
}

impl std::str::FromStr for Shard {
    type Err = String;

    fn from_str(s: &str) -> Result<Shard, String> {
        let bad = || format!("`{s}` is not a shard: write K/N with 1 ≤ K ≤ N, e.g. 2/4");
        let (k, n) = s.split_once('/').ok_or_else(bad)?;
        let (index, count) = (
            k.trim().parse::<u64>().map_err(|_| bad())?,
            n.trim().parse::<u64>().map_err(|_| bad())?,
        );
        if index == 0 || count == 0 || index > count {
            return Err(bad());
        }
        Ok(Shard { index, count })
    }
}

impl Shard {
    /// Whether the activity `year/id` belongs to this shard.
    pub fn includes(&self, year: i32, id: &str) -> bool {
        let hash = blake3::hash(format!("{year}/{id}").as_bytes());
        let mut first = [0u8; 8];
        first.copy_from_slice(&hash.as_bytes()[..8]);
        u64::from_le_bytes(first) % self.count == self.index - 1
    }
}

/// How `render` runs.
#[derive(Debug, Clone)]
pub struct RenderOptions {
    /// PDF or Typst source.
    pub format: Format,
    /// Typeset every document, even those the manifest says are current.
    pub force: bool,
    /// Render only this shard of the activities.
    pub shard: Option<Shard>,
    /// Render only activities of this year.
    pub year: Option<i32>,
    /// The language of every document (`--lang`); `None`: each organisation profile's
    /// `language`, Dutch when it has none.
    pub lang: Option<Lang>,
    /// A school's own templates (`--templates`), over the built-in ones.
    pub templates: Option<PathBuf>,
    /// How many documents are typeset at once (`--jobs`); `None`: [`default_jobs`].
    pub jobs: Option<NonZeroUsize>,
}

impl RenderOptions {
    /// Every activity, as PDF, skipping current documents, in the profiles' languages with the
    /// built-in templates.
    pub fn new(format: Format) -> RenderOptions {
        RenderOptions {
            format,
            force: false,
            shard: None,
            year: None,
            lang: None,
            templates: None,
            jobs: None,
        }
    }

    fn selects(&self, item: &Checked) -> bool {
        let a = &item.loaded.activity.assessment;
        self.year.is_none_or(|y| y == a.year)
            && self.shard.is_none_or(|s| s.includes(a.year, &a.id))
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
        &Knowledge::builtin().catalogue,
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

/// Identifies this build: a change of code, templates, data, fonts or compiler invalidates
/// every manifest entry. Computed by `build.rs` at build time, so a run pays nothing for it.
/// A school's own templates (`--templates`) have their own fingerprint, also an input.
fn tool_fingerprint() -> String {
    concat!(
        env!("CARGO_PKG_VERSION"),
        "+",
        env!("DPIAGEN_BUILD_FINGERPRINT")
    )
    .to_string()
}

/// Per activity: last year's snapshot bytes (an input of its documents), what changed since,
/// and this year's snapshot bytes.
type History = (Option<Vec<u8>>, Option<Changes>, Vec<u8>);

/// One document to produce.
struct Job<'a> {
    subject: Subject<'a>,
    kind: DocumentKind,
    lang: Lang,
    path: PathBuf,
    year_dir: PathBuf,
    key: String,
    inputs: String,
}

/// What a document is about.
enum Subject<'a> {
    /// An activity, with what changed since last year.
    Activity(&'a Checked, Option<&'a Changes>),
    /// An organisation (its code of conduct).
    Organisation(&'a CheckedOrganisation),
}

impl Subject<'_> {
    /// (questionnaire file, id, year, date printed in the PDF's metadata).
    fn describe(&self) -> (&Path, &str, i32, crate::model::Date) {
        match self {
            Subject::Activity(item, _) => {
                let a = &item.loaded.activity.assessment;
                (&item.loaded.source.path, &a.id, a.year, a.date)
            }
            Subject::Organisation(org) => {
                let date = org.loaded.organisation.social_media.as_ref().map_or(
                    crate::model::Date {
                        year: org.year,
                        month: 1,
                        day: 1,
                    },
                    |s| s.date,
                );
                (&org.loaded.source.path, org.id(), org.year, date)
            }
        }
    }
}

/// Last year's snapshot of an activity, when the output folder has one.
fn previous_snapshot(out: &Path, item: &Checked) -> Option<(Vec<u8>, Snapshot)> {
    let a = &item.loaded.activity.assessment;
    let path = out
        .join((a.year - 1).to_string())
        .join(&a.id)
        .join(changes::FILE_NAME);
    let bytes = std::fs::read(path).ok()?;
    let snapshot = serde_json::from_slice(&bytes).ok()?;
    Some((bytes, snapshot))
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
        || timings::time(Stage::Tera, || Templates::load(dir)),
        || {
            timings::time(Stage::Compile, || {
                Typesetter::new(Templates::assets_for(dir))
            })
        },
    );
    let templates = templates.map_err(|e| e.to_string())?;
    let fingerprint = tool_fingerprint();
    let format_tag: &[u8] = match options.format {
        Format::Pdf => b"pdf",
        Format::Typ => b"typ",
    };

    let selected: Vec<&Checked> = outcome
        .valid
        .iter()
        .filter(|i| options.selects(i))
        .collect();
    let skipped = outcome.valid.len() - selected.len();

    // Last year's answers, and this year's snapshot, per activity.
    let deriving = timings::start();
    let history: Vec<History> = selected
        .iter()
        .map(|item| {
            let now = Snapshot::new(&item.loaded.activity, &item.conclusions);
            let previous = previous_snapshot(out, item);
            let changes = previous
                .as_ref()
                .map(|(_, before)| changes::compare(before, &now));
            (previous.map(|(b, _)| b), changes, now.to_bytes())
        })
        .collect();
    timings::stop(Stage::Validate, deriving);

    let hashing = timings::start();
    let ext = match options.format {
        Format::Pdf => "pdf",
        Format::Typ => "typ",
    };
    let mut jobs = Vec::new();
    for (item, (previous, changes, _)) in selected.iter().zip(&history) {
        let a = &item.loaded.activity.assessment;
        let year_dir = out.join(a.year.to_string());
        let lang = language(&item.loaded.organisation.organisation, options.lang);
        for kind in DocumentKind::for_activity(&item.conclusions) {
            let path = output::document_path(out, a.year, &a.id, kind.name(), ext);
            let inputs = manifest::hash_inputs([
                fingerprint.as_bytes(),
                templates.fingerprint().as_bytes(),
                lang.code().as_bytes(),
                format_tag,
                kind.name().as_bytes(),
                item.loaded.organisation.source.text.as_bytes(),
                // The logo is printed: a new logo re-renders the document.
                item.loaded.organisation.logo.as_deref().unwrap_or_default(),
                item.loaded.source.text.as_bytes(),
                previous.as_deref().unwrap_or_default(),
            ]);
            jobs.push(Job {
                subject: Subject::Activity(item, changes.as_ref()),
                kind,
                lang,
                key: manifest::key(&year_dir, &path),
                path,
                year_dir: year_dir.clone(),
                inputs,
            });
        }
    }
    for org in &outcome.organisations {
        let selected = options.year.is_none_or(|y| y == org.year)
            && options
                .shard
                .is_none_or(|s| s.includes(org.year, &format!("organisation:{}", org.id())));
        if !selected {
            continue;
        }
        let kind = DocumentKind::Gedragscode;
        let lang = language(&org.loaded.organisation, options.lang);
        let year_dir = out.join(org.year.to_string());
        let path = output::document_path(out, org.year, org.id(), kind.name(), ext);
        let mut parts: Vec<&[u8]> = vec![
            fingerprint.as_bytes(),
            templates.fingerprint().as_bytes(),
            lang.code().as_bytes(),
            format_tag,
            kind.name().as_bytes(),
            org.loaded.source.text.as_bytes(),
            org.loaded.logo.as_deref().unwrap_or_default(),
        ];
        parts.extend(
            org.activities
                .iter()
                .map(|&i| outcome.valid[i].loaded.source.text.as_bytes()),
        );
        jobs.push(Job {
            subject: Subject::Organisation(org),
            kind,
            lang,
            key: manifest::key(&year_dir, &path),
            path,
            year_dir,
            inputs: manifest::hash_inputs(parts),
        });
    }

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
    for (item, (_, _, snapshot)) in selected.iter().zip(&history) {
        let a = &item.loaded.activity.assessment;
        let path = out
            .join(a.year.to_string())
            .join(&a.id)
            .join(changes::FILE_NAME);
        output::write_if_changed(&path, snapshot)
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

/// Stack of a document thread: Typst's evaluation and layout recurse deeply, more than the
/// default 2 MiB allow for long documents. Only the touched pages cost memory.
const WORKER_STACK: usize = 256 << 20;

/// The number of document threads when `--jobs` is not given: one per core, and two more.
///
/// A document thread now and then waits: for the parts of a document that Typst lays out on
/// its own rayon threads, and for the disk when it writes. The extra threads keep every core
/// busy meanwhile. Measured on two cores (see README, "Benchmark"): 200 generated activities,
/// medians of 2-3 turns, 22.5 s with two threads, 20.5 s with three, 20.0 s with four; one
/// questionnaire's four documents, means of 15 turns, 0.390 s with two, 0.381 s with three,
/// 0.350 s with four (all four at once).
pub fn default_jobs() -> usize {
    cores() + 2
}

/// The number of cores this process may use.
fn cores() -> usize {
    std::thread::available_parallelism().map_or(1, NonZeroUsize::get)
}

/// Runs `f` over `items` on `threads` threads, each taking the next item when done, and
/// returns the results in the order of `items`.
///
/// Plain threads rather than rayon's pool: Typst parallelises its own work with rayon, and a
/// rayon worker waiting for that work would steal a whole other document and compile it on
/// the same stack, nesting documents until the stack overflows (seen at 100 activities).
fn in_parallel<T: Sync, R: Send>(
    items: &[T],
    threads: usize,
    f: impl Fn(&T) -> R + Sync,
) -> Vec<R> {
    let next = AtomicUsize::new(0);
    let work = || {
        let mut done = Vec::new();
        loop {
            let i = next.fetch_add(1, Ordering::Relaxed);
            let Some(item) = items.get(i) else {
                return done;
            };
            done.push((i, f(item)));
        }
    };
    let mut results: Vec<(usize, R)> = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..threads.min(items.len()))
            .filter_map(|_| {
                std::thread::Builder::new()
                    .stack_size(WORKER_STACK)
                    .spawn_scoped(scope, work)
                    .ok()
            })
            .collect();
        // If no thread could be started, this thread does the work.
        let mut all = if handles.is_empty() {
            work()
        } else {
            Vec::new()
        };
        for handle in handles {
            match handle.join() {
                Ok(done) => all.extend(done),
                Err(panic) => std::panic::resume_unwind(panic),
            }
        }
        all
    });
    results.sort_by_key(|(i, _)| *i);
    results.into_iter().map(|(_, r)| r).collect()
}

/// When Typst's memoization cache is trimmed during a batch: every `every` documents, results
/// unused for `age` trims are dropped, so memory stays flat across thousands of documents while
/// what all documents share (the house style, fonts' shaping) stays cached. `every = 0` never
/// trims during the batch.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Eviction {
    every: usize,
    age: usize,
}

impl Eviction {
    /// Measured with `bench/run` (see README, "Benchmark").
    const DEFAULT: Eviction = Eviction { every: 8, age: 2 };

    /// The default, or `DPIAGEN_EVICT=EVERY/AGE` (a benchmark knob, e.g. `0/0` never trims).
    fn from_env() -> Eviction {
        std::env::var("DPIAGEN_EVICT")
            .ok()
            .and_then(|v| {
                let (every, age) = v.split_once('/')?;
                Some(Eviction {
                    every: every.trim().parse().ok()?,
                    age: age.trim().parse().ok()?,
                })
            })
            .unwrap_or(Eviction::DEFAULT)
    }
}

/// Typesets one document and writes it (with, for Typst sources, the library it imports).
/// Returns whether the file on disk changed.
fn produce(
    job: &Job,
    templates: &Templates,
    typesetter: &Typesetter,
    format: Format,
    outcome: &CheckOutcome,
) -> Result<bool, String> {
    let name = job.kind.name();
    let (_, id, year, date) = job.subject.describe();
    let source = timings::time(Stage::Tera, || match job.subject {
        Subject::Activity(item, changes) => {
            typst_source_with(templates, item, job.kind, job.lang, changes)
        }
        Subject::Organisation(org) => conduct_source_with(templates, outcome, org, job.lang, None),
    })?;
    let write = |path: &Path, bytes: &[u8]| {
        timings::time(Stage::Write, || output::write_if_changed(path, bytes))
            .map_err(|e| format!("cannot write {}: {e}", path.display()))
    };
    let logo = match job.subject {
        Subject::Activity(item, _) => item.loaded.organisation.logo.as_deref(),
        Subject::Organisation(org) => org.loaded.logo.as_deref(),
    };
    let files: Vec<(&str, &[u8])> = logo.map(|b| (LOGO_PATH, b)).into_iter().collect();
    match format {
        Format::Typ => {
            let dir = job.path.parent().unwrap_or(Path::new("."));
            let files = files.iter().map(|(n, b)| (n.to_string(), b.to_vec()));
            for (asset, bytes) in templates
                .typst_files()
                .map_err(|e| e.to_string())?
                .into_iter()
                .chain(files)
            {
                write(&dir.join(asset.trim_start_matches('/')), &bytes)?;
            }
            write(&job.path, source.as_bytes())
        }
        Format::Pdf => {
            let meta = PdfMeta {
                ident: pdf_ident(&format!("dpiagen/{year}/{id}/{name}"), job.lang),
                date: (date.year, date.month, date.day),
            };
            let pdf = typesetter
                .pdf_with_files(&source, &[], &files, &meta)
                .map_err(|e| format!("typesetting {name} failed:\n{e}"))?;
            write(&job.path, &pdf)
        }
    }
}

/// The stable identifier hashed into a PDF's `/ID`: `ident` for a Dutch document, with the
/// language added for another (the two are different documents with the same file name).
pub fn pdf_ident(ident: &str, lang: Lang) -> String {
    match lang {
        Lang::Nl => ident.to_string(),
        other => format!("{ident}@{}", other.code()),
    }
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
    let platforms = &Knowledge::builtin().platforms;
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
