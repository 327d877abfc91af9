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
use clap::{CommandFactory, Parser, Subcommand, ValueEnum};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use std::io::IsTerminal;
use std::num::NonZeroUsize;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

const AFTER_HELP: &str = "\
Examples:
  dpiagen check questionnaires/
  dpiagen render questionnaires/ --output output
  dpiagen render questionnaires/ --year 2026 --strict --json > report.json
  dpiagen render questionnaires/ --shard 2/4      # the second of four CI jobs
  dpiagen packet questionnaires/obs-de-regenboog/
  dpiagen init organisation scholen/de-linde && cd scholen/de-linde
  dpiagen init activity schoolaccount --kind instagram && dpiagen interview schoolaccount.yaml
  dpiagen render questionnaires/ --lang en          # every document in English
  dpiagen templates export huisstijl/               # copy the templates to adapt them
  dpiagen render questionnaires/ --templates huisstijl/
  dpiagen schema activity > activity.schema.json  # for an editor's completion
  dpiagen completions bash > ~/.local/share/bash-completion/completions/dpiagen
  dpiagen man > dpiagen.1 && man ./dpiagen.1
  dpiagen man --dir ~/.local/share/man/man1         # every page: man dpiagen-check

Exit codes:
  0  everything valid (and rendered)
  1  internal failure (a template or the typesetter failed, a file could not be written)
  2  invalid input: at least one questionnaire has errors (the valid ones are still rendered;
     `packet` then writes no packet at all, since a packet must include every activity);
     also a usage error (an unknown option, a missing argument) and, with --strict, a `check`
     that found no questionnaire

Documents whose inputs (answers, language, templates, tool) did not change since the last run
are not typeset again (see <output>/<year>/.dpiagen-manifest.json); --force typesets everything.

Language: a document is in Dutch unless its organisation profile says `language: en` or --lang
is given; answers are printed as written. File names are the same in both languages.";

/// Turns a school's privacy questionnaire answers into the documents its board and its
/// participation council sign: a pre-DPIA per processing activity, as PDF.
#[derive(Debug, Parser)]
#[command(name = "dpiagen", version, about, after_help = AFTER_HELP)]
pub struct Cli {
    /// Print only errors.
    #[arg(short, long, global = true)]
    pub quiet: bool,
    /// Also name every valid questionnaire and print a line per document, also on a terminal.
    #[arg(short, long, global = true, conflicts_with = "quiet")]
    pub verbose: bool,
    /// When to colour diagnostics: auto (on a terminal; NO_COLOR and CLICOLOR_FORCE are
    /// honoured), always or never.
    #[arg(long, value_enum, global = true, value_name = "WHEN", default_value_t = diagnostic::ColourChoice::Auto)]
    pub color: diagnostic::ColourChoice,
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

/// The language of the documents, as named on the command line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum LangArg {
    /// Dutch.
    Nl,
    /// English.
    En,
}

impl From<LangArg> for Lang {
    fn from(lang: LangArg) -> Lang {
        match lang {
            LangArg::Nl => Lang::Nl,
            LangArg::En => Lang::En,
        }
    }
}

/// How the documents look and read, shared by `render` and `packet`.
#[derive(Debug, Clone, clap::Args)]
pub struct LookArgs {
    /// Write every document in this language, whatever the organisation profiles' `language`
    /// says (default: the profile's, else Dutch).
    #[arg(long, value_enum, value_name = "LANG")]
    pub lang: Option<LangArg>,
    /// Use the templates in this folder (see `dpiagen templates export`); a template it lacks
    /// stays built in.
    #[arg(long, value_name = "DIR")]
    pub templates: Option<PathBuf>,
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

/// The two kinds of questionnaire file, as named on the command line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum KindArg {
    /// One processing activity (`kind: activity`).
    Activity,
    /// The organisation profile (`kind: organisation`).
    Organisation,
}

impl From<KindArg> for FileKind {
    fn from(kind: KindArg) -> FileKind {
        match kind {
            KindArg::Activity => FileKind::Activity,
            KindArg::Organisation => FileKind::Organisation,
        }
    }
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
        /// Typeset this many documents at once [default: the number of cores, plus two].
        #[arg(short, long, value_name = "N")]
        jobs: Option<NonZeroUsize>,
        #[command(flatten)]
        look: LookArgs,
        #[command(flatten)]
        cycle: CycleArgs,
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
        #[command(flatten)]
        look: LookArgs,
    },
    /// Work with the document templates (a school's own house style and wording).
    Templates {
        /// What to do.
        #[command(subcommand)]
        action: TemplatesCommand,
    },
    /// Write a commented questionnaire skeleton in Dutch; `<vul in>` marks what only you can
    /// answer (`check` lists those, `interview` asks them). Never overwrites a file.
    Init {
        #[command(subcommand)]
        what: InitCommand,
    },
    /// Ask the open answers (`<vul in>`) of a questionnaire one by one on the terminal and write
    /// each answer into the file at once, keeping its comments; stop with q, go on later.
    Interview {
        /// The questionnaire file.
        file: PathBuf,
    },
    /// Print the JSON Schema of a questionnaire kind (for editors; also in schema/), or bring
    /// the copies in an organisation's folder up to date.
    Schema {
        /// Which kind of questionnaire.
        #[arg(value_enum, required_unless_present = "write")]
        kind: Option<KindArg>,
        /// Write both schemas into <DIR>/.dpiagen/schema/ (where `init` puts them for editors),
        /// replacing older ones.
        #[arg(long, value_name = "DIR", conflicts_with = "kind")]
        write: Option<PathBuf>,
    },
    /// Print a completion script for a shell (bash, zsh, fish, elvish, powershell).
    Completions {
        /// The shell.
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// Print the manual page (roff), e.g. `dpiagen man > dpiagen.1`, or a subcommand's, or
    /// write them all.
    Man {
        /// The subcommand whose page to print, e.g. `check` (`init-organisation` for a nested one).
        command: Option<String>,
        /// Write every page (dpiagen.1, dpiagen-check.1, …) into this folder instead, e.g.
        /// ~/.local/share/man/man1.
        #[arg(long, value_name = "DIR", conflicts_with = "command")]
        dir: Option<PathBuf>,
    },
}

/// What `init` writes.
#[derive(Debug, Subcommand)]
pub enum InitCommand {
    /// An organisation profile: <dir>/organisatie.yaml (the folder is created).
    Organisation {
        /// The organisation's folder.
        dir: PathBuf,
    },
    /// A pre-DPIA questionnaire for one activity: <dir>/<name>.yaml.
    Activity {
        /// The activity's id (lowercase letters, digits, hyphens); also the file name.
        name: String,
        /// What the activity is; fills in what is known about it.
        #[arg(long, value_enum, default_value_t = crate::init::ActivityKind::Other)]
        kind: crate::init::ActivityKind,
        /// The folder to write to (the organisation's folder).
        #[arg(short, long, default_value = ".")]
        dir: PathBuf,
        /// The organisation profile, relative to that folder.
        #[arg(long, default_value = crate::init::ORGANISATION_FILE)]
        organisation: String,
    },
}

/// `dpiagen init`: writes one skeleton, refusing to overwrite.
fn run_init(what: &InitCommand, quiet: bool) -> ExitCode {
    let local = |kind| format!("{}/{}", schema::LOCAL_DIR, schema::file_name(kind));
    let (path, text, dir) = match what {
        InitCommand::Organisation { dir } => {
            let path = dir.join(crate::init::ORGANISATION_FILE);
            let schema = schema_path_for(dir, FileKind::Organisation)
                .unwrap_or_else(|| local(FileKind::Organisation));
            (path, crate::init::organisation_text_in(&schema, dir), dir)
        }
        InitCommand::Activity {
            name,
            kind,
            dir,
            organisation,
        } => {
            if !crate::validate::is_slug(name) {
                eprintln!(
                    "error: `{name}` is not a valid activity id\n  = help: use lowercase letters, digits and hyphens, e.g. `instagram-schoolaccount` (it names the file and the output folder)"
                );
                return ExitCode::from(2);
            }
            let schema = schema_path_for(dir, FileKind::Activity)
                .unwrap_or_else(|| local(FileKind::Activity));
            (
                crate::init::activity_path(dir, name),
                crate::init::activity_text(
                    &schema,
                    name,
                    *kind,
                    organisation,
                    &crate::knowledge::Knowledge::builtin().platforms,
                ),
                dir,
            )
        }
    };
    if let Err(e) = crate::init::write_new(&path, &text) {
        eprintln!("error: {e}");
        return ExitCode::from(if path.exists() { 2 } else { 1 });
    }
    // Outside dpiagen's repository the editor finds the schemas in the folder itself.
    if text.contains(schema::LOCAL_DIR)
        && let Err(e) = schema::write_local(dir)
    {
        eprintln!(
            "error: cannot write the schemas into {}: {e}",
            dir.join(schema::LOCAL_DIR).display()
        );
        return ExitCode::from(1);
    }
    if !quiet {
        let open = crate::open::find(&text).len();
        eprintln!(
            "wrote {} ({open} open answers)\nNext: dpiagen interview {}   (or fill in each `{}` in an editor, then dpiagen check)",
            path.display(),
            path.display(),
            crate::open::PLACEHOLDER
        );
    }
    ExitCode::SUCCESS
}

/// The `$schema` path for a new file in `dir` (which may not exist yet): the repository's
/// `schema/` when `dir` lies inside it, else the copy `init` writes into `dir` (`None`).
fn schema_path_for(dir: &Path, kind: FileKind) -> Option<String> {
    let existing = dir
        .ancestors()
        .find(|d| d.as_os_str().is_empty() || d.is_dir())
        .map(|d| {
            if d.as_os_str().is_empty() {
                Path::new(".")
            } else {
                d
            }
        })
        .unwrap_or(Path::new("."));
    let missing = dir
        .strip_prefix(existing)
        .map(|rest| rest.components().count())
        .unwrap_or(0);
    let found = crate::init::schema_path(existing, schema::file_name(kind))?;
    Some(format!("{}{found}", "../".repeat(missing)))
}

/// The subcommands of `templates`.
#[derive(Debug, Subcommand)]
pub enum TemplatesCommand {
    /// Copy the built-in templates into a folder to adapt them: dpiagen.typ (the house style),
    /// nl/*.typ.tera and en/*.typ.tera. Render with `--templates <DIR>` to use them.
    Export {
        /// The folder to write into (created if needed).
        dir: PathBuf,
        /// Overwrite files that are already there.
        #[arg(long)]
        force: bool,
    },
}

/// How much the command line prints on standard error.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Verbosity {
    Quiet,
    Normal,
    Verbose,
}

impl Cli {
    fn verbosity(&self) -> Verbosity {
        if self.quiet {
            Verbosity::Quiet
        } else if self.verbose {
            Verbosity::Verbose
        } else {
            Verbosity::Normal
        }
    }
}

fn report(outcome: &CheckOutcome, quiet: bool) {
    let colour = diagnostic::use_colour();
    let mut open: Vec<&diagnostic::Diagnostic> = Vec::new();
    for d in &outcome.diagnostics {
        if quiet && d.severity == Severity::Warning {
            continue;
        }
        if d.code.as_deref() == Some(crate::open::CODE) {
            open.push(d);
            continue;
        }
        let source = outcome.sources.get(&d.file).map(String::as_str);
        eprint!("{}", d.render_styled(source, colour));
    }
    eprint!("{}", diagnostic::render_open_answers(&open));
}

/// Shows progress: a bar on a terminal, a line per document otherwise, nothing with `--quiet`.
enum Progress {
    Bar(ProgressBar),
    Lines,
    Silent,
}

impl Progress {
    fn new(verbosity: Verbosity) -> Progress {
        if verbosity == Verbosity::Quiet {
            Progress::Silent
        } else if verbosity == Verbosity::Normal && std::io::stderr().is_terminal() {
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
    diagnostic::set_colour(cli.color);
    if let Command::Render { timings: true, .. } = &cli.command {
        crate::timings::enable();
    }
    let (paths, cycle) = match &cli.command {
        Command::Packet {
            paths,
            output,
            format,
            look,
        } => return run_packet(paths, output, *format, look, cli.quiet),
        Command::Templates {
            action: TemplatesCommand::Export { dir, force },
        } => return run_export(dir, *force, cli.quiet),
        Command::Check { paths, cycle } => (paths, cycle),
        Command::Render { paths, cycle, .. } => (paths, cycle),
        Command::Init { what } => return run_init(what, cli.quiet),
        Command::Interview { file } => return ExitCode::from(crate::interview::run(file)),
        Command::Schema { kind, write } => {
            if let Some(dir) = write {
                return match schema::write_local(dir) {
                    Ok(changed) => {
                        if !cli.quiet {
                            eprintln!(
                                "{}: {} schemas updated",
                                dir.join(schema::LOCAL_DIR).display(),
                                changed.len()
                            );
                        }
                        ExitCode::SUCCESS
                    }
                    Err(e) => {
                        eprintln!(
                            "error: cannot write the schemas into {}: {e}",
                            dir.display()
                        );
                        ExitCode::from(1)
                    }
                };
            }
            return match kind {
                Some(kind) => exit_if_written(crate::stdout::write_or_report(
                    schema::generate((*kind).into()).as_bytes(),
                    "the schema",
                )),
                None => ExitCode::SUCCESS,
            };
        }
        Command::Completions { shell } => {
            let mut script = Vec::new();
            clap_complete::generate(*shell, &mut Cli::command(), "dpiagen", &mut script);
            return exit_if_written(crate::stdout::write_or_report(&script, "the script"));
        }
        Command::Man { command, dir } => return run_man(command.as_deref(), dir.as_deref()),
    };
    let verbosity = cli.verbosity();
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
    report(&outcome, cli.quiet);
    if verbosity == Verbosity::Verbose {
        for checked in &outcome.valid {
            eprintln!("valid: {}", checked.loaded.source.path.display());
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
            eprintln!(
                "{}: nothing found: no questionnaire (*.yaml, *.yml) in {}",
                if cycle.strict { "error" } else { "warning" },
                paths
                    .iter()
                    .map(|p| format!("`{}`", p.display()))
                    .collect::<Vec<_>>()
                    .join(", ")
            );
        } else if !cli.quiet {
            eprintln!("{}", counted.sentence());
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
            "{} rendered, {} unchanged, {} failed, {} skipped; {}, {}",
            rendered.count(DocStatus::Rendered),
            rendered.count(DocStatus::Unchanged),
            failed,
            rendered.skipped,
            plural(
                count_invalid(&outcome),
                "invalid questionnaire",
                "invalid questionnaires"
            ),
            plural(
                outcome.diagnostics.len() - outcome.errors(),
                "warning",
                "warnings"
            ),
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

/// Exit code 0 when the data reached standard output (or its reader stopped reading), else 1.
fn exit_if_written(written: bool) -> ExitCode {
    if written {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    }
}

fn print_json(report: &report::Report) {
    match serde_json::to_string_pretty(report) {
        Ok(json) => {
            crate::stdout::write_or_report(format!("{json}\n").as_bytes(), "the JSON report");
        }
        Err(e) => eprintln!("error: cannot write the JSON report: {e}"),
    }
}

/// `dpiagen man`: the main page, one subcommand's page (`dpiagen-check(1)`, which the main
/// page names), or every page written into a folder.
fn run_man(command: Option<&str>, dir: Option<&Path>) -> ExitCode {
    let mut cmd = Cli::command().disable_help_subcommand(true);
    cmd.build();
    let result = match (command, dir) {
        (_, Some(dir)) => std::fs::create_dir_all(dir)
            .and_then(|()| clap_mangen::generate_to(Cli::command(), dir))
            .map(|()| {
                eprintln!("wrote the manual pages to {}", dir.display());
                Vec::new()
            }),
        (Some(name), None) => {
            let mut pages = Vec::new();
            man_pages(&cmd, &mut pages);
            let wanted = format!("dpiagen-{name}");
            let Some(page) = pages
                .into_iter()
                .find(|c| c.get_display_name() == Some(&wanted))
            else {
                let mut names = Vec::new();
                man_pages(&cmd, &mut names);
                let names: Vec<String> = names
                    .iter()
                    .filter_map(|c| {
                        c.get_display_name()?
                            .strip_prefix("dpiagen-")
                            .map(str::to_string)
                    })
                    .collect();
                eprintln!(
                    "error: no manual page for `{name}`\n  = help: one of {}",
                    names.join(", ")
                );
                return ExitCode::from(2);
            };
            render_page(page)
        }
        (None, None) => render_page(cmd),
    };
    match result {
        Ok(page) if page.is_empty() => ExitCode::SUCCESS,
        Ok(page) => exit_if_written(crate::stdout::write_or_report(&page, "the manual page")),
        Err(e) => {
            eprintln!("error: cannot write the manual page: {e}");
            ExitCode::from(1)
        }
    }
}

/// The manual page of `cmd` as roff.
fn render_page(cmd: clap::Command) -> std::io::Result<Vec<u8>> {
    let mut page = Vec::new();
    clap_mangen::Man::new(cmd).render(&mut page)?;
    Ok(page)
}

/// Every subcommand below `cmd` (built), nested ones included.
fn man_pages(cmd: &clap::Command, out: &mut Vec<clap::Command>) {
    for sub in cmd.get_subcommands().filter(|s| !s.is_hide_set()) {
        out.push(sub.clone());
        man_pages(sub, out);
    }
}

/// `dpiagen templates export`: write the built-in templates into `dir`. Files already there
/// are an error (exit code 2, nothing written) unless `force`.
fn run_export(dir: &Path, force: bool, quiet: bool) -> ExitCode {
    match crate::render::export(dir, force) {
        Ok(written) => {
            if !quiet {
                eprintln!(
                    "wrote {} templates to {}; render with --templates {}",
                    written.len(),
                    dir.display(),
                    dir.display()
                );
            }
            ExitCode::SUCCESS
        }
        Err(e @ crate::render::ExportError::Exists(_)) => {
            eprintln!("error: {e}\n  = help: choose an empty folder, or add --force to overwrite");
            ExitCode::from(2)
        }
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::from(1)
        }
    }
}

/// `dpiagen packet`: check, then write a packet and a memo per organisation and year. A folder
/// with an invalid questionnaire gets no packet (a packet must be complete); exit code 2.
fn run_packet(
    paths: &[PathBuf],
    out: &Path,
    format: FormatArg,
    look: &LookArgs,
    quiet: bool,
) -> ExitCode {
    let outcome = match run::check(paths) {
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
    let options = packet::PacketOptions {
        format,
        lang: look.lang.map(Lang::from),
        templates: look.templates.clone(),
    };
    match packet::render(&outcome, out, &options) {
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

/// `n` and the noun, singular or plural: "1 activity", "2 activities".
fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// What `check` read: activities and organisation profiles, valid and invalid, counted apart.
#[derive(Debug, Default, PartialEq)]
struct Counted {
    activities: (usize, usize),
    profiles: (usize, usize),
    warnings: usize,
}

impl Counted {
    /// Counts the files below `paths` and the profiles their activities named.
    fn of(paths: &[PathBuf], outcome: &CheckOutcome) -> Counted {
        use std::collections::BTreeSet;
        let canonical = |p: &Path| p.canonicalize().unwrap_or_else(|_| p.to_path_buf());
        let invalid: BTreeSet<PathBuf> = outcome
            .diagnostics
            .iter()
            .filter(|d| d.severity == Severity::Error)
            .map(|d| canonical(&d.file))
            .collect();
        let mut activities = BTreeSet::new();
        let mut profiles = BTreeSet::new();
        for checked in &outcome.valid {
            activities.insert(canonical(&checked.loaded.source.path));
            profiles.insert(canonical(&checked.loaded.organisation.source.path));
        }
        let named = crate::load::collect(paths).unwrap_or_default();
        let files = named
            .iter()
            .map(|p| canonical(p))
            .chain(invalid.iter().cloned())
            .collect::<BTreeSet<_>>();
        for file in files {
            if activities.contains(&file) || profiles.contains(&file) {
                continue;
            }
            let text = outcome
                .sources
                .iter()
                .find(|(p, _)| canonical(p) == file)
                .map(|(_, t)| t.clone())
                .or_else(|| std::fs::read_to_string(&file).ok())
                .unwrap_or_default();
            match crate::load::yaml::guess_kind(&text) {
                Some(FileKind::Organisation) => profiles.insert(file),
                _ => activities.insert(file),
            };
        }
        let split = |set: &BTreeSet<PathBuf>| {
            let bad = set.iter().filter(|f| invalid.contains(*f)).count();
            (set.len() - bad, bad)
        };
        Counted {
            activities: split(&activities),
            profiles: split(&profiles),
            warnings: outcome.diagnostics.len() - outcome.errors(),
        }
    }

    fn files(&self) -> usize {
        self.activities.0 + self.activities.1 + self.profiles.0 + self.profiles.1
    }

    /// "checked 2 activities: 1 valid, 1 invalid; 1 organisation profile: 1 valid, 0 invalid;
    /// 1 warning".
    fn sentence(&self) -> String {
        let (av, ai) = self.activities;
        let (pv, pi) = self.profiles;
        let mut out = format!(
            "checked {}: {av} valid, {ai} invalid",
            plural(av + ai, "activity", "activities")
        );
        if pv + pi > 0 {
            out += &format!(
                "; {}: {pv} valid, {pi} invalid",
                plural(pv + pi, "organisation profile", "organisation profiles")
            );
        }
        out + "; " + &plural(self.warnings, "warning", "warnings")
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

    #[test]
    fn counts_are_worded_in_the_singular_and_plural() {
        let one = Counted {
            activities: (1, 0),
            profiles: (0, 1),
            warnings: 1,
        };
        assert_eq!(
            one.sentence(),
            "checked 1 activity: 1 valid, 0 invalid; 1 organisation profile: 0 valid, 1 invalid; 1 warning"
        );
        let many = Counted {
            activities: (2, 1),
            profiles: (0, 0),
            warnings: 0,
        };
        assert_eq!(
            many.sentence(),
            "checked 3 activities: 2 valid, 1 invalid; 0 warnings"
        );
    }

    #[test]
    fn cli_definition_is_consistent() {
        Cli::command().debug_assert();
    }
}
