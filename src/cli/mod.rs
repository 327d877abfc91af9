//! The command line: `dpiagen check`, `dpiagen render`, `dpiagen packet` and the helpers
//! around them.

use crate::diagnostic::{self, Severity};
use crate::lang::Lang;
use crate::load::FileKind;
use crate::packet;
use crate::report;
use crate::run::{
    self, CheckOptions, CheckOutcome, DocStatus, DocumentOutcome, Format, RenderOptions, Shard,
};
use crate::schema;
use crate::voice::{self, msg};
use clap::{CommandFactory, Parser, Subcommand, ValueEnum};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use std::io::IsTerminal;
use std::num::NonZeroUsize;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

mod args;
mod commands;
pub mod help;
mod summary;
mod watch;

pub use args::*;
use commands::*;
use summary::*;
use watch::*;

/// How much the command line prints on standard error.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Verbosity {
    Quiet,
    Normal,
    Verbose,
}

impl Cli {
    /// The language asked for on the command line: before the command, else the command's own
    /// `--lang`.
    fn voice_flag(&self) -> Option<Lang> {
        let own = match &self.command {
            Command::Check { lang, .. } | Command::Schema { lang, .. } => *lang,
            Command::Render { look, .. }
            | Command::Packet { look, .. }
            | Command::Register { look, .. }
            | Command::Watch { look, .. } => look.lang,
            _ => None,
        };
        self.lang.or(own).map(Lang::from)
    }

    /// How much to print: what was given after the command, or before it.
    fn verbosity(&self) -> Verbosity {
        let own = match &self.command {
            Command::Check { loud, .. }
            | Command::Render { loud, .. }
            | Command::Packet { loud, .. }
            | Command::Register { loud, .. } => *loud,
            Command::Templates { quiet, .. }
            | Command::Watch { quiet, .. }
            | Command::Init { quiet, .. }
            | Command::Migrate { quiet, .. }
            | Command::Schema { quiet, .. } => Loudness {
                quiet: quiet.quiet,
                verbose: false,
            },
            _ => Loudness::default(),
        };
        if self.quiet || own.quiet {
            Verbosity::Quiet
        } else if self.verbose || own.verbose {
            Verbosity::Verbose
        } else {
            Verbosity::Normal
        }
    }
}

/// Runs the command line; returns the process exit code.
pub fn run(cli: Cli) -> ExitCode {
    let started = std::time::Instant::now();
    let verbosity = cli.verbosity();
    let quiet = verbosity == Verbosity::Quiet;
    diagnostic::set_colour(cli.color);
    let flag = cli.voice_flag();
    voice::set(voice::choose(flag, None, voice::from_env()));
    if let Command::Render { timings: true, .. } = &cli.command {
        crate::timings::enable();
    }
    let (paths, cycle) = match &cli.command {
        Command::Packet {
            paths,
            output,
            format,
            force,
            json,
            look,
            ..
        } => {
            let options = PacketRun {
                what: Collection::Packet(*format),
                voice_flag: flag.is_some(),
                force: *force,
                json: *json,
                quiet,
            };
            return run_packet(paths, output, look, options);
        }
        Command::Register {
            paths,
            output,
            force,
            json,
            look,
            ..
        } => {
            let options = PacketRun {
                what: Collection::Register,
                voice_flag: flag.is_some(),
                force: *force,
                json: *json,
                quiet,
            };
            return run_packet(paths, output, look, options);
        }
        Command::Templates {
            action: TemplatesCommand::Export { dir, force },
            ..
        } => return run_export(dir, *force, quiet),
        Command::Check { paths, cycle, .. } => (paths, cycle),
        Command::Render { paths, cycle, .. } => (paths, cycle),
        Command::Init { what, .. } => return run_init(what, quiet),
        Command::Migrate { paths, check, .. } => return run_migrate(paths, *check, quiet),
        Command::Watch {
            paths,
            output,
            packet,
            look,
            ..
        } => {
            let mut render = RenderOptions::new(Format::Pdf);
            render.lang = look.lang.map(Lang::from);
            render.templates = look.templates.clone();
            let run = WatchRun {
                render,
                packet: *packet,
                verbosity,
            };
            return run_watch(paths, output, run);
        }
        Command::Interview { file } => {
            return ExitCode::from(crate::interview::run(
                file,
                crate::knowledge::Knowledge::builtin(),
            ));
        }
        Command::Schema {
            kind, write, lang, ..
        } => {
            if let Some(dir) = write {
                let lang = lang.map(Lang::from).unwrap_or_else(|| {
                    schema::profile_language(&dir.join(crate::init::ORGANISATION_FILE))
                        .unwrap_or_default()
                });
                return match schema::write_local(dir, lang) {
                    Ok(changed) => {
                        if !quiet {
                            eprintln!(
                                "{}",
                                msg::SCHEMAS_UPDATED.fill(&[
                                    &dir.join(schema::LOCAL_DIR).display(),
                                    &changed.len()
                                ])
                            );
                        }
                        ExitCode::SUCCESS
                    }
                    Err(e) => {
                        eprintln!(
                            "{}: {}",
                            msg::ERROR.get(),
                            msg::CANNOT_WRITE_SCHEMAS.fill(&[&dir.display(), &e])
                        );
                        ExitCode::from(1)
                    }
                };
            }
            return match kind {
                Some(kind) => exit_if_written(crate::stdout::write_or_report(
                    schema::generate_in((*kind).into(), lang.map_or(Lang::En, Lang::from))
                        .as_bytes(),
                    msg::THE_SCHEMA,
                )),
                None => ExitCode::SUCCESS,
            };
        }
        Command::Completions { shell } => {
            let mut script = Vec::new();
            clap_complete::generate(*shell, &mut Cli::command(), "dpiagen", &mut script);
            return exit_if_written(crate::stdout::write_or_report(&script, msg::THE_SCRIPT));
        }
        Command::Man { command, dir } => return run_man(command.as_deref(), dir.as_deref()),
    };
    let options = CheckOptions {
        strict: cycle.strict,
        ..CheckOptions::default()
    };
    let outcome = match run::check_with(paths, options) {
        Ok(o) => o,
        Err(d) => {
            eprint!("{}", d.render(None));
            return ExitCode::from(2);
        }
    };
    if flag.is_none() {
        voice::set(voice::choose(
            None,
            profile_language(&outcome),
            voice::from_env(),
        ));
    }
    report_diagnostics(&outcome, quiet);
    if verbosity == Verbosity::Verbose {
        for checked in &outcome.valid {
            eprintln!(
                "{}",
                msg::VALID.fill(&[&checked.loaded.source.path.display()])
            );
        }
    }
    let invalid = outcome.errors() > 0;
    let input_code: u8 = if invalid { 2 } else { 0 };
    let Command::Render {
        output,
        format,
        force,
        year,
        shard,
        jobs,
        look,
        ..
    } = &cli.command
    else {
        let counted = Counted::of(paths, &outcome);
        if counted.files() == 0 {
            let named = paths
                .iter()
                .map(|p| format!("`{}`", p.display()))
                .collect::<Vec<_>>()
                .join(", ");
            eprintln!(
                "{}: {}",
                if cycle.strict {
                    msg::ERROR.get()
                } else {
                    msg::WARNING.get()
                },
                msg::NOTHING_FOUND.fill(&[&named])
            );
        } else if !quiet {
            eprintln!("{}", counted.sentence(voice::get()));
        }
        let input_code = if counted.files() == 0 && cycle.strict {
            2
        } else {
            input_code
        };
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
        lang: look.lang.map(Lang::from),
        templates: look.templates.clone(),
        jobs: *jobs,
    };
    let progress = Progress::new(verbosity);
    let result = run::render(&outcome, output, &options, &|d, total| {
        progress.document(d, total)
    });
    progress.finish();
    let rendered = match result {
        Ok(r) => r,
        Err(e) => {
            eprintln!("{}: {e}", msg::ERROR.get());
            return ExitCode::from(e.exit_code());
        }
    };
    for d in rendered
        .documents
        .iter()
        .filter(|d| d.status == DocStatus::Failed)
    {
        let why = d.error.as_deref().unwrap_or(msg::FAILED.get());
        eprintln!("{}: {}: {why}", msg::ERROR.get(), d.path.display());
    }
    let colour = crate::diagnostic::use_colour();
    for d in &rendered.refused {
        let source = std::fs::read_to_string(&d.file).ok();
        eprint!("{}", d.render_styled(source.as_deref(), colour));
    }
    let failed = rendered.count(DocStatus::Failed);
    if !quiet {
        let refused = rendered.count(DocStatus::Refused);
        let refused = if refused > 0 {
            msg::REFUSED.fill(&[&refused])
        } else {
            String::new()
        };
        eprintln!(
            "{}",
            msg::RENDERED.fill(&[
                &rendered.count(DocStatus::Rendered),
                &rendered.count(DocStatus::Unchanged),
                &failed,
                &refused,
                &rendered.skipped,
                &msg::INVALID_QUESTIONNAIRE.count(count_invalid(&outcome)),
                &msg::WARNINGS.count(outcome.diagnostics.len() - outcome.errors()),
            ])
        );
    }
    if let Command::Render { timings: true, .. } = &cli.command {
        eprint!("{}", crate::timings::summary(started.elapsed()));
    }
    // A refused folder is the input's problem (two organisations with one id): 2, as for
    // invalid answers; a failed document is the tool's: 1.
    // A document that fails with a school's own templates fails on them: the input's problem.
    let code = if failed > 0 {
        if look.templates.is_some() { 2 } else { 1 }
    } else if rendered.refused.is_empty() {
        input_code
    } else {
        2
    };
    if cycle.json {
        print_json(&report::build("render", &outcome, Some(&rendered), code));
    }
    ExitCode::from(code)
}

/// Exit code 0 when the data reached standard output (or its reader stopped reading), else 1.
fn exit_if_written(written: bool) -> ExitCode {
    if written {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    }
}

pub(super) fn print_json(report: &report::Report) {
    match serde_json::to_string_pretty(report) {
        Ok(json) => {
            crate::stdout::write_or_report(format!("{json}\n").as_bytes(), msg::THE_JSON_REPORT);
        }
        Err(e) => eprintln!("{}: cannot write the JSON report: {e}", msg::ERROR.get()),
    }
}

/// The one `language` the organisation profiles of the valid questionnaires name, when they
/// name one and agree; a profile without `language` does not count (it only means Dutch
/// documents, not that its reader wants Dutch messages).
fn profile_language(outcome: &CheckOutcome) -> Option<Lang> {
    let mut named: Vec<Lang> = Vec::new();
    for checked in &outcome.valid {
        if let Some(lang) = checked.loaded.organisation.organisation.language
            && !named.contains(&lang)
        {
            named.push(lang);
        }
    }
    match named.as_slice() {
        [only] => Some(*only),
        _ => None,
    }
}
