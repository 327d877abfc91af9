//! Per-stage timings for `render --timings`: cheap `Instant` accumulation into process-wide
//! atomic counters, summed across threads, printed once at the end.
//!
//! Recording is off unless [`enable`] was called, so a normal run only pays one relaxed atomic
//! load per stage. A stage's figure is the sum of the wall time its calls took on every thread,
//! without the spans nested in them on the same thread (the Markdown filter runs inside Tera);
//! with no more busy threads than cores that is its CPU time. Typst's own rayon threads are
//! not seen: a document thread waiting for them counts that time as its own.

use std::cell::Cell;
use std::sync::atomic::{AtomicBool, AtomicU64, AtomicUsize, Ordering};
use std::time::{Duration, Instant};

/// A stage of the pipeline.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stage {
    /// Finding and parsing the YAML files.
    Load,
    /// Validation and the rules that derive the conclusions.
    Validate,
    /// Filling the Tera templates (including the Markdown filter, shown apart).
    Tera,
    /// Converting free-text Markdown answers to Typst markup.
    Markdown,
    /// Typst: evaluation and layout.
    Compile,
    /// Typst: PDF export.
    Export,
    /// Writing the documents and the snapshots.
    Write,
    /// The manifest: hashing the tool and the inputs, loading and saving it.
    Manifest,
}

const STAGES: [Stage; 8] = [
    Stage::Load,
    Stage::Validate,
    Stage::Tera,
    Stage::Markdown,
    Stage::Compile,
    Stage::Export,
    Stage::Write,
    Stage::Manifest,
];

impl Stage {
    fn index(self) -> usize {
        self as usize
    }

    fn label(self) -> &'static str {
        match self {
            Stage::Load => "load + parse YAML",
            Stage::Validate => "validate + rules",
            Stage::Tera => "Tera render",
            Stage::Markdown => "Markdown",
            Stage::Compile => "Typst compile (layout)",
            Stage::Export => "PDF export",
            Stage::Write => "write",
            Stage::Manifest => "manifest (hash, load, save)",
        }
    }

    /// Whether the stage is dpiagen's own work (not Typst's, not the file system's).
    fn own(self) -> bool {
        matches!(
            self,
            Stage::Load | Stage::Validate | Stage::Tera | Stage::Markdown | Stage::Manifest
        )
    }
}

static ENABLED: AtomicBool = AtomicBool::new(false);
static NANOS: [AtomicU64; 8] = [const { AtomicU64::new(0) }; 8];
static CALLS: [AtomicU64; 8] = [const { AtomicU64::new(0) }; 8];
static THREADS: AtomicUsize = AtomicUsize::new(1);

/// Records how many threads typeset documents, for the summary's last line.
pub fn set_threads(threads: usize) {
    THREADS.store(threads, Ordering::Relaxed);
}

/// Starts recording (for the rest of the process).
pub fn enable() {
    ENABLED.store(true, Ordering::Relaxed);
}

/// Runs `f`, adding its duration to `stage` when recording.
pub fn time<T>(stage: Stage, f: impl FnOnce() -> T) -> T {
    let started = start();
    let value = f();
    stop(stage, started);
    value
}

/// An open span, from [`start`] to [`stop`].
pub struct Span {
    started: Instant,
    /// The nested time of the enclosing span, set aside while this one runs.
    outer_nested: u64,
}

thread_local! {
    /// Nanoseconds spent in spans nested in the innermost open span of this thread.
    static NESTED: Cell<u64> = const { Cell::new(0) };
}

/// Opens a span for [`stop`]: `None` when not recording (the clock is not read).
pub fn start() -> Option<Span> {
    if !ENABLED.load(Ordering::Relaxed) {
        return None;
    }
    Some(Span {
        started: Instant::now(),
        outer_nested: NESTED.with(|n| n.replace(0)),
    })
}

/// Closes `span` (from [`start`]), adding its time to `stage`, less the time of the spans
/// nested in it on the same thread (the Markdown filter inside Tera).
pub fn stop(stage: Stage, span: Option<Span>) {
    let Some(span) = span else {
        return;
    };
    let elapsed = u64::try_from(span.started.elapsed().as_nanos()).unwrap_or(u64::MAX);
    let nested = NESTED.with(|n| n.replace(span.outer_nested.saturating_add(elapsed)));
    NANOS[stage.index()].fetch_add(elapsed.saturating_sub(nested), Ordering::Relaxed);
    CALLS[stage.index()].fetch_add(1, Ordering::Relaxed);
}

/// The time recorded for `stage` so far, without the spans nested in it.
pub fn total(stage: Stage) -> Duration {
    Duration::from_nanos(NANOS[stage.index()].load(Ordering::Relaxed))
}

/// The summary table: per stage its summed time across threads, its calls and its share;
/// then dpiagen's own share and the wall time `wall` of the run.
pub fn summary(wall: Duration) -> String {
    let exclusive = total;
    let sum: Duration = STAGES.iter().map(|&s| exclusive(s)).sum();
    let share = |d: Duration| {
        if sum.is_zero() {
            0.0
        } else {
            100.0 * d.as_secs_f64() / sum.as_secs_f64()
        }
    };
    let mut out = String::from("stage                     time (s, all threads)   calls   share\n");
    for stage in STAGES {
        let d = exclusive(stage);
        out.push_str(&format!(
            "{:<25} {:>21.3} {:>7} {:>6.1} %\n",
            stage.label(),
            d.as_secs_f64(),
            CALLS[stage.index()].load(Ordering::Relaxed),
            share(d)
        ));
    }
    let own: Duration = STAGES
        .iter()
        .filter(|s| s.own())
        .map(|&s| exclusive(s))
        .sum();
    out.push_str(&format!(
        "{:<25} {:>21.3} {:>7} {:>6.1} %\n",
        "total of the stages",
        sum.as_secs_f64(),
        "",
        100.0
    ));
    out.push_str(&format!(
        "own stages (YAML, rules, Tera, Markdown, manifest): {:.1} % of the stages\n",
        share(own)
    ));
    let threads = THREADS.load(Ordering::Relaxed);
    out.push_str(&format!(
        "wall time {:.3} s on {threads} threads (stages / wall = {:.2} busy threads)\n",
        wall.as_secs_f64(),
        if wall.is_zero() {
            0.0
        } else {
            sum.as_secs_f64() / wall.as_secs_f64()
        }
    ));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn summary_lists_every_stage() {
        stop(Stage::Write, None);
        let text = summary(Duration::from_millis(1));
        for stage in STAGES {
            assert!(text.contains(stage.label()), "{text}");
        }
        assert!(text.contains("own stages"), "{text}");
    }
}
