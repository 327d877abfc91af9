//! How documents are typeset at once: plain threads with big stacks, each taking the next
//! document, and when Typst's memoization cache is trimmed during a batch. `render` and
//! `packet` both run on it.

use std::num::NonZeroUsize;
use std::sync::atomic::{AtomicUsize, Ordering};

/// Stack of a document thread: Typst's evaluation and layout recurse deeply, more than the
/// default 2 MiB allow for long documents. Only the touched pages cost memory.
const WORKER_STACK: usize = 256 << 20;

/// The number of document threads when `--jobs` is not given: one per core, and two more.
///
/// A document thread now and then waits: for the parts of a document that Typst lays out on
/// its own rayon threads, and for the disk when it writes. The extra threads keep every core
/// busy meanwhile. Measured on two cores (see docs/benchmark.md): 200 generated activities,
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
pub(crate) fn in_parallel<T: Sync, R: Send>(
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
pub(crate) struct Eviction {
    pub(crate) every: usize,
    pub(crate) age: usize,
}

impl Eviction {
    /// Measured with `bench/run` (see docs/benchmark.md).
    const DEFAULT: Eviction = Eviction { every: 8, age: 2 };

    /// The default, or `DPIAGEN_EVICT=EVERY/AGE` (a benchmark knob, e.g. `0/0` never trims).
    pub(crate) fn from_env() -> Eviction {
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
