//! Writes data (the `--json` report, a schema, a completion script, the manual page) to standard
//! output the way Unix tools do: a reader that stops early (`dpiagen check --json | head -0`)
//! ends the output quietly instead of panicking.

use std::io::{self, Write};

/// Writes `bytes` to standard output and flushes. A closed pipe is not an error: the reader has
/// what it wanted. Any other failure is returned.
pub fn write(bytes: &[u8]) -> io::Result<()> {
    let mut out = io::stdout().lock();
    match out.write_all(bytes).and_then(|()| out.flush()) {
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => Ok(()),
        other => other,
    }
}

/// [`write`], reporting any other failure on standard error; returns whether it succeeded.
pub fn write_or_report(bytes: &[u8], what: crate::voice::Text) -> bool {
    use crate::voice::msg;
    match write(bytes) {
        Ok(()) => true,
        Err(e) => {
            eprintln!(
                "{}: {}",
                msg::ERROR.get(),
                msg::CANNOT_WRITE_OUT.fill(&[&what.get(), &e])
            );
            false
        }
    }
}
