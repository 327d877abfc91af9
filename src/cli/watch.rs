//! `dpiagen watch`: render once, then again on every save, with the typesetter, its fonts,
//! the parsed templates and Typst's memoized work kept between changes, so that a change
//! typesets only the documents whose inputs changed, and those mostly from cache.
//!
//! File events come from `notify` through `notify-debouncer-full`: the de-facto standard
//! watcher of the Rust ecosystem (inotify here, FSEvents and ReadDirectoryChanges elsewhere),
//! and its debouncer folds an editor's save (a temporary file written and renamed, several
//! events) into one. The output folder's lock is held for the whole session; Ctrl-C ends it
//! between renders with exit code 0.

use super::*;
use crate::run::{Lock, Tools};
use notify_debouncer_full::notify::event::ModifyKind;
use notify_debouncer_full::notify::{EventKind, RecursiveMode};
use notify_debouncer_full::{DebounceEventResult, new_debouncer};
use std::collections::BTreeSet;
use std::sync::mpsc;
use std::time::Duration;

/// How long the debouncer waits for an editor's save to settle.
const SETTLE: Duration = Duration::from_millis(40);

/// How many renders Typst's memoized results may go unused before they are dropped.
const CACHE_AGE: usize = 8;

/// What wakes the session up.
enum Wake {
    /// Files changed.
    Changed(Vec<PathBuf>),
    /// The watcher failed.
    Failed(String),
    /// Ctrl-C.
    Stop,
}

/// How `watch` runs.
pub(super) struct WatchRun {
    pub render: RenderOptions,
    pub packet: bool,
    pub verbosity: Verbosity,
}

/// `dpiagen watch`: see the module documentation.
pub(super) fn run_watch(paths: &[PathBuf], out: &Path, run: WatchRun) -> ExitCode {
    let quiet = run.verbosity == Verbosity::Quiet;
    let _lock = match crate::lock::acquire_for_run(out) {
        Ok(lock) => lock,
        Err(e) => {
            let e = run::RunError::lock(e);
            eprintln!("{}: {e}", msg::ERROR.get());
            return ExitCode::from(e.exit_code());
        }
    };
    let (tx, rx) = mpsc::channel::<Wake>();
    let stop = tx.clone();
    if let Err(e) = ctrlc::set_handler(move || {
        let _ = stop.send(Wake::Stop);
    }) {
        eprintln!("{}: cannot catch Ctrl-C: {e}", msg::ERROR.get());
        return ExitCode::from(1);
    }
    let events = tx.clone();
    let mut debouncer = match new_debouncer(SETTLE, None, move |result: DebounceEventResult| {
        let wake = match result {
            // Reading a file (as each check does) is an event too: only writes, creations,
            // renames and removals are changes.
            Ok(events) => Wake::Changed(
                events
                    .into_iter()
                    .filter(|e| is_change(&e.event.kind))
                    .flat_map(|e| e.event.paths)
                    .collect(),
            ),
            Err(errors) => Wake::Failed(
                errors
                    .iter()
                    .map(ToString::to_string)
                    .collect::<Vec<_>>()
                    .join("; "),
            ),
        };
        let _ = events.send(wake);
    }) {
        Ok(d) => d,
        Err(e) => {
            eprintln!("{}: cannot watch files: {e}", msg::ERROR.get());
            return ExitCode::from(1);
        }
    };
    let out_dir = canonical(out);
    let templates_dir = run.render.templates.as_deref().map(canonical);
    let mut watched: BTreeSet<PathBuf> = BTreeSet::new();
    let mut watch = |dir: PathBuf, mode: RecursiveMode, watched: &mut BTreeSet<PathBuf>| {
        if watched.insert(dir.clone())
            && let Err(e) = debouncer.watch(&dir, mode)
        {
            eprintln!(
                "{}: {}",
                msg::WARNING.get(),
                msg::CANNOT_WATCH.fill(&[&dir.display(), &e])
            );
        }
    };
    for path in paths {
        let path = canonical(path);
        // A file is watched through its folder: editors save by renaming a new file over it.
        match path.is_dir() {
            true => watch(path, RecursiveMode::Recursive, &mut watched),
            false => watch(parent(&path), RecursiveMode::NonRecursive, &mut watched),
        }
    }
    if let Some(dir) = &templates_dir {
        watch(dir.clone(), RecursiveMode::Recursive, &mut watched);
    }

    let knowledge = crate::knowledge::Knowledge::builtin();
    let mut tools = Tools::load(run.render.templates.as_deref(), knowledge);
    let mut session = Session {
        paths,
        out,
        run: &run,
        quiet,
        first: true,
    };
    for profile in session.once(&tools, None) {
        watch(profile, RecursiveMode::NonRecursive, &mut watched);
    }
    while let Ok(wake) = rx.recv() {
        let changed = match wake {
            Wake::Stop => break,
            Wake::Failed(e) => {
                eprintln!(
                    "{}: {}",
                    msg::WARNING.get(),
                    msg::WATCHER_REPORTED.fill(&[&e])
                );
                continue;
            }
            Wake::Changed(paths) => paths,
        };
        // What this session writes itself, and files no questionnaire, template or logo is
        // made of, change nothing.
        let relevant: Vec<PathBuf> = changed
            .into_iter()
            .filter(|p| !p.starts_with(&out_dir) && !is_temporary(p) && !p.is_dir())
            .collect::<BTreeSet<_>>()
            .into_iter()
            .collect();
        if relevant.is_empty() {
            continue;
        }
        if let Some(dir) = &templates_dir
            && relevant.iter().any(|p| p.starts_with(dir))
        {
            tools = Tools::load(run.render.templates.as_deref(), knowledge);
        }
        for profile in session.once(&tools, Some(&relevant)) {
            watch(profile, RecursiveMode::NonRecursive, &mut watched);
        }
        crate::typeset::evict_cache_older(CACHE_AGE);
    }
    if !quiet {
        eprintln!("{}", msg::STOPPED_WATCHING.get());
    }
    ExitCode::SUCCESS
}

/// One watching session's fixed parts.
struct Session<'a> {
    paths: &'a [PathBuf],
    out: &'a Path,
    run: &'a WatchRun,
    quiet: bool,
    first: bool,
}

impl Session<'_> {
    /// Checks and renders once, printing what a change caused; returns the folders of the
    /// organisation profiles (and their logos) the questionnaires use, to watch them too.
    fn once(
        &mut self,
        tools: &Result<Tools, run::RunError>,
        changed: Option<&[PathBuf]>,
    ) -> Vec<PathBuf> {
        let terminal = std::io::stderr().is_terminal();
        if !self.first && terminal && !self.quiet {
            // A fresh screen per change on a terminal, as `typst watch` does.
            eprint!("\x1b[2J\x1b[H");
        }
        self.first = false;
        if let (Some(changed), false) = (changed, self.quiet) {
            let names: Vec<String> = changed.iter().map(|p| p.display().to_string()).collect();
            eprintln!("changed: {}", names.join(", "));
        }
        let outcome = match run::check(self.paths) {
            Ok(o) => o,
            Err(d) => {
                eprint!("{}", d.render(None));
                return Vec::new();
            }
        };
        report_diagnostics(&outcome, self.quiet);
        let folders = outcome
            .valid
            .iter()
            .map(|c| parent(&canonical(&c.loaded.organisation.source.path)))
            .collect::<BTreeSet<_>>()
            .into_iter()
            .collect();
        let tools = match tools {
            Ok(t) => t,
            Err(e) => {
                eprintln!("{}: {e}", msg::ERROR.get());
                return folders;
            }
        };
        let started = std::time::Instant::now();
        let progress = Progress::new(if self.quiet {
            Verbosity::Quiet
        } else {
            Verbosity::Verbose
        });
        let result = run::render_with(
            &outcome,
            self.out,
            &self.run.render,
            tools,
            Lock::Held,
            &|d, total| {
                if d.status != DocStatus::Unchanged {
                    progress.document(d, total)
                }
            },
        );
        match result {
            Ok(rendered) => {
                for d in &rendered.refused {
                    eprint!("{}", d.render(None));
                }
                for d in rendered.documents.iter().filter(|d| d.error.is_some()) {
                    let msg = d.error.as_deref().unwrap_or_default();
                    eprintln!("{}: {}: {msg}", msg::ERROR.get(), d.path.display());
                }
                if self.run.packet && outcome.errors() == 0 {
                    let options = packet::PacketOptions {
                        format: self.run.render.format,
                        lang: self.run.render.lang,
                        templates: self.run.render.templates.clone(),
                        force: false,
                        lock: Lock::Held,
                    };
                    if let Err(e) = packet::render(&outcome, self.out, &options) {
                        eprintln!("{}: {e}", msg::ERROR.get());
                    }
                }
                if !self.quiet {
                    eprintln!(
                        "{} rendered, {} unchanged, {} failed in {} ms; {}; watching (Ctrl-C stops)",
                        rendered.count(DocStatus::Rendered),
                        rendered.count(DocStatus::Unchanged),
                        rendered.count(DocStatus::Failed),
                        started.elapsed().as_millis(),
                        msg::INVALID_QUESTIONNAIRE.count(count_invalid(&outcome)),
                    );
                }
            }
            Err(e) => eprintln!(
                "{}: {}",
                msg::ERROR.get(),
                crate::voice::say(&e.to_string())
            ),
        }
        folders
    }
}

/// Whether an event of `kind` changes a file's content or presence.
fn is_change(kind: &EventKind) -> bool {
    match kind {
        EventKind::Create(_) | EventKind::Remove(_) => true,
        EventKind::Modify(ModifyKind::Metadata(_)) => false,
        EventKind::Modify(_) => true,
        EventKind::Access(_) | EventKind::Any | EventKind::Other => false,
    }
}

/// `path` made absolute and free of symlinks where it exists (events name real paths).
fn canonical(path: &Path) -> PathBuf {
    path.canonicalize().unwrap_or_else(|_| path.to_path_buf())
}

/// The folder of `path` (itself when it has none).
fn parent(path: &Path) -> PathBuf {
    path.parent()
        .map_or_else(|| path.to_path_buf(), Path::to_path_buf)
}

/// Whether `path` is an editor's or dpiagen's temporary file, whose events a save repeats.
fn is_temporary(path: &Path) -> bool {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy())
        .unwrap_or_default();
    name.ends_with(".tmp")
        || name.ends_with('~')
        || name.ends_with(".swp")
        || name.starts_with(".#")
}
