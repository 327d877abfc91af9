//! The command line: `dpiagen check`, `dpiagen render` and `dpiagen packet`.

use crate::diagnostic::Severity;
use crate::packet;
use crate::pipeline::{self, CheckOutcome, Format};
use clap::{Parser, Subcommand, ValueEnum};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

const AFTER_HELP: &str = "\
Examples:
  dpiagen check questionnaires/
  dpiagen render questionnaires/ --output output
  dpiagen packet questionnaires/obs-de-regenboog/

Exit codes:
  0  everything valid (and rendered)
  1  internal failure (a template or the typesetter failed, a file could not be written)
  2  invalid input: at least one questionnaire has errors (the valid ones are still rendered;
     `packet` then writes no packet at all, since a packet must include every activity)";

/// Turns a school's privacy questionnaire answers into the documents its board and its
/// participation council sign: a pre-DPIA per processing activity, as PDF.
#[derive(Debug, Parser)]
#[command(name = "dpiagen", version, about, after_help = AFTER_HELP)]
pub struct Cli {
    /// Print only errors.
    #[arg(short, long, global = true)]
    pub quiet: bool,
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// Output format of `render`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum FormatArg {
    /// PDF/A-2b and PDF/UA-1, through the embedded Typst compiler.
    Pdf,
    /// The generated Typst source, for inspection or another Typst.
    Typ,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Validate questionnaires without writing anything.
    Check {
        /// Questionnaire files or folders.
        #[arg(required = true)]
        paths: Vec<PathBuf>,
    },
    /// Validate, derive the conclusions and write the documents.
    Render {
        /// Questionnaire files or folders.
        #[arg(required = true)]
        paths: Vec<PathBuf>,
        /// Output folder; documents go to <output>/<year>/<assessment-id>/.
        #[arg(short, long, default_value = "output")]
        output: PathBuf,
        /// Output format.
        #[arg(long, value_enum, default_value_t = FormatArg::Pdf)]
        format: FormatArg,
    },
    /// Per organisation and year, write the (G)MR packet (cover letter, contents, overview,
    /// every document of every activity, action list) and the board memo.
    Packet {
        /// Organisation folders (or any questionnaire files and folders).
        #[arg(required = true)]
        paths: Vec<PathBuf>,
        /// Output folder; files go to <output>/<year>/<organisation-folder>/.
        #[arg(short, long, default_value = "output")]
        output: PathBuf,
        /// Output format.
        #[arg(long, value_enum, default_value_t = FormatArg::Pdf)]
        format: FormatArg,
    },
}

fn report(outcome: &CheckOutcome, quiet: bool) {
    for d in &outcome.diagnostics {
        if quiet && d.severity == Severity::Warning {
            continue;
        }
        let source = outcome.sources.get(&d.file).map(String::as_str);
        eprint!("{}", d.render(source));
    }
}

/// Runs the command line; returns the process exit code.
pub fn run(cli: Cli) -> ExitCode {
    if let Command::Packet {
        paths,
        output,
        format,
    } = &cli.command
    {
        return run_packet(paths, output, *format, cli.quiet);
    }
    let (paths, render) = match &cli.command {
        Command::Check { paths } => (paths, None),
        Command::Render {
            paths,
            output,
            format,
        } => (paths, Some((output, format))),
        Command::Packet { paths, .. } => (paths, None),
    };
    let outcome = match pipeline::check(paths) {
        Ok(o) => o,
        Err(d) => {
            eprint!("{}", d.render(None));
            return ExitCode::from(2);
        }
    };
    report(&outcome, cli.quiet);
    let invalid = outcome.errors() > 0;
    if let Some((out, format)) = render {
        let format = match format {
            FormatArg::Pdf => Format::Pdf,
            FormatArg::Typ => Format::Typ,
        };
        match pipeline::render(&outcome, out, format) {
            Ok((written, failures)) => {
                for d in &failures {
                    eprint!("{}", d.render(None));
                }
                if !cli.quiet {
                    let changed = written.iter().filter(|w| w.changed).count();
                    for w in &written {
                        eprintln!(
                            "{} {}",
                            if w.changed { "wrote" } else { "unchanged" },
                            w.path.display()
                        );
                    }
                    eprintln!(
                        "rendered {} documents ({changed} changed), {} invalid questionnaires",
                        written.len(),
                        count_invalid(&outcome)
                    );
                }
                if !failures.is_empty() {
                    return ExitCode::from(1);
                }
            }
            Err(e) => {
                eprintln!("error: {e}");
                return ExitCode::from(1);
            }
        }
    } else if !cli.quiet {
        eprintln!(
            "checked {} activities: {} valid, {} invalid",
            outcome.valid.len() + count_invalid(&outcome),
            outcome.valid.len(),
            count_invalid(&outcome)
        );
    }
    if invalid {
        ExitCode::from(2)
    } else {
        ExitCode::SUCCESS
    }
}

/// `dpiagen packet`: check, then write a packet and a memo per organisation and year. A folder
/// with an invalid questionnaire gets no packet (a packet must be complete); exit code 2.
fn run_packet(paths: &[PathBuf], out: &Path, format: FormatArg, quiet: bool) -> ExitCode {
    let outcome = match pipeline::check(paths) {
        Ok(o) => o,
        Err(d) => {
            eprint!("{}", d.render(None));
            return ExitCode::from(2);
        }
    };
    report(&outcome, quiet);
    if outcome.errors() > 0 {
        eprintln!(
            "error: {} invalid questionnaires: no packet written (a packet must include every activity)",
            count_invalid(&outcome)
        );
        return ExitCode::from(2);
    }
    let format = match format {
        FormatArg::Pdf => Format::Pdf,
        FormatArg::Typ => Format::Typ,
    };
    match packet::render(&outcome, out, format) {
        Ok(report) => {
            for d in report.refused.iter().chain(&report.failed) {
                eprint!("{}", d.render(None));
            }
            let written = &report.written;
            if !quiet {
                for w in written {
                    eprintln!(
                        "{} {}",
                        if w.changed { "wrote" } else { "unchanged" },
                        w.path.display()
                    );
                }
                let changed = written.iter().filter(|w| w.changed).count();
                eprintln!("wrote {} files ({changed} changed)", written.len());
            }
            if !report.failed.is_empty() {
                ExitCode::from(1)
            } else if !report.refused.is_empty() {
                ExitCode::from(2)
            } else {
                ExitCode::SUCCESS
            }
        }
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::from(1)
        }
    }
}

fn count_invalid(outcome: &CheckOutcome) -> usize {
    let mut files: Vec<_> = outcome
        .diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .map(|d| &d.file)
        .collect();
    files.sort();
    files.dedup();
    files.len()
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn cli_definition_is_consistent() {
        Cli::command().debug_assert();
    }
}
