//! The command line: `dpiagen check` and `dpiagen render`.

use crate::diagnostic::Severity;
use crate::pipeline::{
    self, CheckOptions, CheckOutcome, DocStatus, DocumentOutcome, Format, RenderOptions, Shard,
};
use crate::report;
use clap::{Parser, Subcommand, ValueEnum};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;

const AFTER_HELP: &str = "\
Examples:
  dpiagen check questionnaires/
  dpiagen render questionnaires/ --output output
  dpiagen render questionnaires/ --year 2026 --strict --json > report.json
  dpiagen render questionnaires/ --shard 2/4      # the second of four CI jobs

Exit codes:
  0  everything valid (and rendered)
  1  internal failure (a template or the typesetter failed, a file could not be written)
  2  invalid input: at least one questionnaire has errors (the valid ones are still rendered)

Documents whose inputs (answers, templates, tool) did not change since the last run are not
typeset again (see <output>/<year>/.dpiagen-manifest.json); --force typesets everything.";

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

/// Options of the yearly cycle, shared by `check` and `render`.
#[derive(Debug, Clone, clap::Args)]
pub struct CycleArgs {
    /// Treat a `concept` status or a passed review date as an error, not a warning.
    #[arg(long)]
    pub strict: bool,
    /// Print a machine-readable report (JSON, see docs/report.schema.json) on standard output.
    #[arg(long)]
    pub json: bool,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Validate questionnaires without writing anything.
    Check {
        /// Questionnaire files or folders.
        #[arg(required = true)]
        paths: Vec<PathBuf>,
        #[command(flatten)]
        cycle: CycleArgs,
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
        /// Typeset every document, also those whose inputs did not change.
        #[arg(long)]
        force: bool,
        /// Render only the activities of this assessment year.
        #[arg(long)]
        year: Option<i32>,
        /// Render a stable part K of N of the activities (for CI job matrices), e.g. 2/4.
        #[arg(long, value_name = "K/N")]
        shard: Option<Shard>,
        /// Print a per-stage timing summary on standard error at the end.
        #[arg(long)]
        timings: bool,
        #[command(flatten)]
        cycle: CycleArgs,
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

/// Shows progress: a bar on a terminal, a line per document otherwise, nothing with `--quiet`.
enum Progress {
    Bar(ProgressBar),
    Lines,
    Silent,
}

impl Progress {
    fn new(quiet: bool) -> Progress {
        if quiet {
            Progress::Silent
        } else if std::io::stderr().is_terminal() {
            let bar = ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr());
            if let Ok(style) =
                ProgressStyle::with_template("{spinner} [{bar:30}] {pos}/{len} {wide_msg}")
            {
                bar.set_style(style.progress_chars("=> "));
            }
            Progress::Bar(bar)
        } else {
            Progress::Lines
        }
    }

    fn document(&self, d: &DocumentOutcome, total: usize) {
        let verb = match (d.status, d.changed) {
            (DocStatus::Rendered, true) => "wrote",
            (DocStatus::Rendered, false) => "rendered (same bytes)",
            (DocStatus::Unchanged, _) => "unchanged",
            (DocStatus::Failed, _) => "failed",
        };
        match self {
            Progress::Bar(bar) => {
                bar.set_length(total as u64);
                bar.set_message(d.path.display().to_string());
                bar.inc(1);
            }
            Progress::Lines => eprintln!("{verb} {}", d.path.display()),
            Progress::Silent => {}
        }
    }

    fn finish(&self) {
        if let Progress::Bar(bar) = self {
            bar.finish_and_clear();
        }
    }
}

/// Runs the command line; returns the process exit code.
pub fn run(cli: Cli) -> ExitCode {
    let started = std::time::Instant::now();
    if let Command::Render { timings: true, .. } = &cli.command {
        crate::timings::enable();
    }
    let (paths, cycle) = match &cli.command {
        Command::Check { paths, cycle } => (paths, cycle),
        Command::Render { paths, cycle, .. } => (paths, cycle),
    };
    let options = CheckOptions {
        strict: cycle.strict,
        ..CheckOptions::default()
    };
    let outcome = match pipeline::check_with(paths, options) {
        Ok(o) => o,
        Err(d) => {
            eprint!("{}", d.render(None));
            return ExitCode::from(2);
        }
    };
    report(&outcome, cli.quiet);
    let invalid = outcome.errors() > 0;
    let input_code: u8 = if invalid { 2 } else { 0 };
    let Command::Render {
        output,
        format,
        force,
        year,
        shard,
        ..
    } = &cli.command
    else {
        if !cli.quiet {
            eprintln!(
                "checked {} questionnaires: {} valid, {} invalid, {} warnings",
                outcome.valid.len() + count_invalid(&outcome),
                outcome.valid.len(),
                count_invalid(&outcome),
                outcome.diagnostics.len() - outcome.errors(),
            );
        }
        if cycle.json {
            print_json(&report::build("check", &outcome, None, input_code));
        }
        return ExitCode::from(input_code);
    };
    let options = RenderOptions {
        format: match format {
            FormatArg::Pdf => Format::Pdf,
            FormatArg::Typ => Format::Typ,
        },
        force: *force,
        shard: *shard,
        year: *year,
    };
    let progress = Progress::new(cli.quiet);
    let result = pipeline::render(&outcome, output, &options, &|d, total| {
        progress.document(d, total)
    });
    progress.finish();
    let rendered = match result {
        Ok(r) => r,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::from(1);
        }
    };
    for d in rendered
        .documents
        .iter()
        .filter(|d| d.status == DocStatus::Failed)
    {
        let msg = d.error.as_deref().unwrap_or("failed");
        eprintln!("error: {}: {msg}", d.path.display());
    }
    let failed = rendered.count(DocStatus::Failed);
    if !cli.quiet {
        eprintln!(
            "{} rendered, {} unchanged, {} failed, {} skipped; {} invalid questionnaires, {} warnings",
            rendered.count(DocStatus::Rendered),
            rendered.count(DocStatus::Unchanged),
            failed,
            rendered.skipped,
            count_invalid(&outcome),
            outcome.diagnostics.len() - outcome.errors(),
        );
    }
    if let Command::Render { timings: true, .. } = &cli.command {
        eprint!("{}", crate::timings::summary(started.elapsed()));
    }
    let code = if failed > 0 { 1 } else { input_code };
    if cycle.json {
        print_json(&report::build("render", &outcome, Some(&rendered), code));
    }
    ExitCode::from(code)
}

fn print_json(report: &report::Report) {
    match serde_json::to_string_pretty(report) {
        Ok(json) => println!("{json}"),
        Err(e) => eprintln!("error: cannot write the JSON report: {e}"),
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
