//! The command line: `dpiagen check` and `dpiagen render`.

use crate::diagnostic::Severity;
use crate::pipeline::{self, CheckOutcome, Format};
use clap::{Parser, Subcommand, ValueEnum};
use std::path::PathBuf;
use std::process::ExitCode;

const AFTER_HELP: &str = "\
Examples:
  dpiagen check questionnaires/
  dpiagen render questionnaires/ --output output

Exit codes:
  0  everything valid (and rendered)
  1  internal failure (a template or the typesetter failed, a file could not be written)
  2  invalid input: at least one questionnaire has errors (the valid ones are still rendered)";

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
    let (paths, render) = match &cli.command {
        Command::Check { paths } => (paths, None),
        Command::Render {
            paths,
            output,
            format,
        } => (paths, Some((output, format))),
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
