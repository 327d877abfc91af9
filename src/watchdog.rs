//! A time budget per document. Neither Tera nor Typst can be interrupted from outside, and a
//! school's own templates (`--templates`) can loop for hours (`{% for i in range(3000000000) %}`,
//! `#for i in range(3000000000) {}`); answers alone cannot (their size is bounded at
//! validation). So each template fill and each typesetting holds a [`Guard`] while it runs; a
//! thread checks the guards once a second, and when one has run longer than the budget it
//! names the document and what was running, and ends the process with exit code 2. Files are
//! written atomically, so no document is left half-written; the run's lock is released by the
//! operating system.
//!
//! The budget is 25 seconds (so that a stopped activity ends within half a minute), or `DPIAGEN_DOCUMENT_TIMEOUT` seconds when set. Memory is
//! watched the same way (on Linux, from `/proc/self/statm`): a loop that builds a huge array
//! grows by gigabytes long before its time is up, so the run is also stopped when it holds more
//! than [`MEMORY_BASE`] plus [`MEMORY_PER_DOCUMENT`] for each piece of work in progress.

use std::collections::BTreeMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Mutex, Once};
use std::time::{Duration, Instant};

/// The environment variable that sets the budget, in seconds.
pub const TIMEOUT_VAR: &str = "DPIAGEN_DOCUMENT_TIMEOUT";

/// The budget of one template fill or typesetting when [`TIMEOUT_VAR`] is not set.
pub const DEFAULT_BUDGET: Duration = Duration::from_secs(25);

/// The memory a run may hold besides its documents in progress (fonts, templates, answers).
pub const MEMORY_BASE: u64 = 384 * 1024 * 1024;

/// The memory each template fill or typesetting in progress may add.
pub const MEMORY_PER_DOCUMENT: u64 = 160 * 1024 * 1024;

/// What is running: since when, and its description.
static RUNNING: Mutex<BTreeMap<u64, Work>> = Mutex::new(BTreeMap::new());

/// One piece of work being watched.
struct Work {
    since: Instant,
    what: String,
    /// How many documents it counts as (a packet holds many): its time and memory are that
    /// many times a document's.
    weight: u32,
}
static NEXT: AtomicU64 = AtomicU64::new(0);
static WATCHER: Once = Once::new();

/// Held while one piece of work of bounded time runs; dropping it ends the watch.
#[must_use = "the work is watched only while the guard lives"]
pub struct Guard(u64);

/// Starts watching `what` (e.g. "filling the template `nl/pre-dpia.typ.tera` for …").
pub fn guard(what: impl Into<String>) -> Guard {
    guard_weighted(what, 1)
}

/// [`guard`] for work that counts as `weight` documents (e.g. a packet of many parts).
pub fn guard_weighted(what: impl Into<String>, weight: u32) -> Guard {
    let budget = budget();
    WATCHER.call_once(|| {
        // Without a watcher (the thread could not start), work runs unbounded, as before.
        let _ = std::thread::Builder::new()
            .name("dpiagen-watchdog".into())
            .spawn(move || watch(budget));
    });
    let id = NEXT.fetch_add(1, Ordering::Relaxed);
    running().insert(
        id,
        Work {
            since: Instant::now(),
            what: what.into(),
            weight: weight.max(1),
        },
    );
    Guard(id)
}

impl Drop for Guard {
    fn drop(&mut self) {
        running().remove(&self.0);
    }
}

fn running() -> std::sync::MutexGuard<'static, BTreeMap<u64, Work>> {
    // A panic while holding the lock leaves the map usable: recover it.
    RUNNING
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// The budget: [`TIMEOUT_VAR`] seconds if set to a number above zero, else [`DEFAULT_BUDGET`].
pub fn budget() -> Duration {
    std::env::var(TIMEOUT_VAR)
        .ok()
        .and_then(|v| v.trim().parse::<u64>().ok())
        .filter(|&s| s > 0)
        .map_or(DEFAULT_BUDGET, Duration::from_secs)
}

fn watch(budget: Duration) {
    let tick = Duration::from_millis(100);
    loop {
        std::thread::sleep(tick);
        let (overdue, now_running, weight) = {
            let running = running();
            let overdue = running
                .values()
                .find(|w| w.since.elapsed() > budget * w.weight)
                .map(|w| (w.what.clone(), (budget * w.weight).as_secs()));
            let names: Vec<String> = running.values().map(|w| w.what.clone()).collect();
            let weight: u64 = running.values().map(|w| u64::from(w.weight)).sum();
            (overdue, names, weight)
        };
        if let Some((what, secs)) = overdue {
            stop(&format!(
                "error: {what} took more than {secs} s: stopped\n  = help: a template that loops, or one that makes a very long document; \
                 {TIMEOUT_VAR} sets the time allowed per document, in seconds",
            ));
        }
        let allowed = MEMORY_BASE + MEMORY_PER_DOCUMENT * weight.max(1);
        if let Some(held) = resident_bytes().filter(|&held| held > allowed) {
            stop(&format!(
                "error: the run holds {} MB of memory, more than {} MB for {} document(s) in progress: stopped while {}\n  \
                 = help: a template that loops, or one that makes a very long document",
                held >> 20,
                allowed >> 20,
                weight,
                now_running.join("; "),
            ));
        }
    }
}

/// Prints `message` and ends the process with exit code 2.
fn stop(message: &str) -> ! {
    eprintln!("{message}");
    std::process::exit(2);
}

/// The process's resident memory, where the system tells it (Linux).
fn resident_bytes() -> Option<u64> {
    let statm = std::fs::read_to_string("/proc/self/statm").ok()?;
    let pages: u64 = statm.split_whitespace().nth(1)?.parse().ok()?;
    // The page size of every Linux target dpiagen builds for.
    Some(pages * 4096)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn resident_memory_is_read_where_the_system_tells_it() {
        if cfg!(target_os = "linux") {
            let held = resident_bytes().unwrap();
            assert!(held > 1024 * 1024 && held < MEMORY_BASE, "{held}");
        }
    }

    #[test]
    fn guards_are_watched_only_while_they_live() {
        let a = guard("a");
        let b = guard("b");
        assert!(running().len() >= 2);
        drop(a);
        assert!(running().values().any(|w| w.what == "b"));
        assert!(!running().values().any(|w| w.what == "a"));
        drop(b);
    }
}
