//! One dpiagen run at a time per output folder.
//!
//! `render` holds an exclusive advisory lock on `<output>/.dpiagen.lock` while it writes, so two
//! runs on the same folder never interleave their files. A second run waits for the first
//! (saying so on stderr) and gives up after a timeout. The lock is the operating system's
//! (`flock` on Unix, `LockFileEx` on Windows, through [`std::fs::File::try_lock`]), so it is
//! released when the process ends, however it ends: a crashed run never leaves a stale lock.
//! The lock file itself stays; it is empty.

use std::fs::{self, File, OpenOptions, TryLockError};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// Name of the lock file inside the output folder.
pub const LOCK_FILE: &str = ".dpiagen.lock";

/// How long a run waits for another by default.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(600);

/// Environment variable that overrides [`DEFAULT_TIMEOUT`], in whole seconds (`0`: don't wait).
pub const TIMEOUT_VAR: &str = "DPIAGEN_LOCK_TIMEOUT";

/// How often a waiting run tries again.
const POLL: Duration = Duration::from_millis(100);

/// The held lock; dropping it releases the lock.
#[derive(Debug)]
pub struct OutputLock {
    _file: File,
    path: PathBuf,
}

impl OutputLock {
    /// The lock file.
    pub fn path(&self) -> &Path {
        &self.path
    }
}

/// Why the lock could not be taken.
#[derive(Debug)]
pub enum LockError {
    /// Another run held the lock for longer than the timeout.
    Busy {
        /// The lock file.
        path: PathBuf,
        /// How long this run waited.
        waited: Duration,
    },
    /// The output folder is a file (or something else that is not a folder).
    NotAFolder(PathBuf),
    /// The folder or the lock file could not be created or locked.
    Io {
        /// The lock file.
        path: PathBuf,
        /// The cause.
        error: std::io::Error,
    },
}

impl std::fmt::Display for LockError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            LockError::Busy { path, waited } => write!(
                f,
                "another dpiagen run is writing to this output folder (lock {}); gave up after {} s \
                 (set {TIMEOUT_VAR} to wait longer)",
                path.display(),
                waited.as_secs()
            ),
            LockError::NotAFolder(dir) => write!(
                f,
                "the output folder {} is not a folder: choose another with -o",
                dir.display()
            ),
            LockError::Io { path, error } => {
                write!(f, "cannot lock {}: {error}", path.display())
            }
        }
    }
}

impl std::error::Error for LockError {}

/// The timeout from [`TIMEOUT_VAR`], or [`DEFAULT_TIMEOUT`] when it is unset or not a number.
pub fn timeout_from_env() -> Duration {
    std::env::var(TIMEOUT_VAR)
        .ok()
        .and_then(|v| v.trim().parse::<u64>().ok())
        .map_or(DEFAULT_TIMEOUT, Duration::from_secs)
}

/// Takes the lock of output folder `dir` the way the commands do: waiting as long as
/// [`timeout_from_env`] allows, and saying on standard error that it waits.
pub fn acquire_for_run(dir: &Path) -> Result<OutputLock, LockError> {
    acquire(dir, timeout_from_env(), |path| {
        eprintln!(
            "waiting for another dpiagen run to finish writing (lock {})",
            path.display()
        );
    })
}

/// Takes the lock of output folder `dir` (created if needed), waiting up to `timeout` for
/// another run to release it. `on_wait` is called once, with the lock file, when the lock is
/// busy and this run starts waiting.
pub fn acquire(
    dir: &Path,
    timeout: Duration,
    on_wait: impl FnOnce(&Path),
) -> Result<OutputLock, LockError> {
    let path = dir.join(LOCK_FILE);
    let io = |error| LockError::Io {
        path: path.clone(),
        error,
    };
    if fs::metadata(dir).is_ok_and(|m| !m.is_dir()) {
        return Err(LockError::NotAFolder(dir.to_path_buf()));
    }
    fs::create_dir_all(dir).map_err(io)?;
    let file = OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(&path)
        .map_err(io)?;
    let start = Instant::now();
    let mut on_wait = Some(on_wait);
    loop {
        match file.try_lock() {
            Ok(()) => return Ok(OutputLock { _file: file, path }),
            Err(TryLockError::WouldBlock) => {}
            Err(TryLockError::Error(error)) => return Err(io(error)),
        }
        let waited = start.elapsed();
        if waited >= timeout {
            return Err(LockError::Busy { path, waited });
        }
        if let Some(f) = on_wait.take() {
            f(&path);
        }
        std::thread::sleep(POLL.min(timeout - waited));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn second_lock_waits_then_gives_up() {
        let dir = tempfile::tempdir().unwrap();
        let first = acquire(dir.path(), Duration::ZERO, |_| panic!("free")).unwrap();
        assert!(first.path().ends_with(LOCK_FILE));
        let mut waited = false;
        let err = acquire(dir.path(), Duration::from_millis(300), |_| waited = true).unwrap_err();
        assert!(waited);
        assert!(
            matches!(err, LockError::Busy { waited, .. } if waited >= Duration::from_millis(300))
        );
        assert!(err.to_string().contains("another dpiagen run"), "{err}");
        drop(first);
        acquire(dir.path(), Duration::ZERO, |_| panic!("released")).unwrap();
    }

    #[test]
    fn waiting_run_gets_the_lock_when_it_is_released() {
        let dir = tempfile::tempdir().unwrap();
        let first = acquire(dir.path(), Duration::ZERO, |_| {}).unwrap();
        let path = dir.path().to_path_buf();
        let waiter = std::thread::spawn(move || {
            let start = Instant::now();
            acquire(&path, Duration::from_secs(30), |_| {}).map(|_| start.elapsed())
        });
        std::thread::sleep(Duration::from_millis(300));
        drop(first);
        let waited = waiter.join().unwrap().unwrap();
        assert!(waited >= Duration::from_millis(250), "{waited:?}");
    }
}
