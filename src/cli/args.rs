//! The arguments: what `dpiagen --help` shows, as clap derives it.

use super::*;

const AFTER_HELP: &str = "\
Examples:
  dpiagen check questionnaires/
  dpiagen render questionnaires/ --output output
  dpiagen render questionnaires/ --year 2026 --strict --json > report.json
  dpiagen render questionnaires/ --shard 2/4      # the second of four CI jobs
  dpiagen packet questionnaires/obs-de-regenboog/
  dpiagen register questionnaires/obs-de-regenboog/ # verwerkingsregister.xlsx, .csv, .pdf
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
     `packet` and `register` then write nothing, since both must include every activity);
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
    /// Print only errors (the same as after the command, where it means something).
    #[arg(short, long)]
    pub quiet: bool,
    /// Print more: see the command's own -v (the same as after the command).
    #[arg(short, long, conflicts_with = "quiet")]
    pub verbose: bool,
    /// The language the command line speaks: default a command's own --lang, else the
    /// organisation profiles' `language` when the command reads them, else the locale (LC_ALL,
    /// LC_MESSAGES, LANG: Dutch when it starts with `nl`), else English.
    #[arg(long, visible_alias = "taal", value_enum, value_name = "LANG")]
    pub lang: Option<LangArg>,
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
    /// says (default: the profile's, else Dutch); the command line speaks it too.
    #[arg(long, visible_alias = "taal", value_enum, value_name = "LANG")]
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

/// How much `check`, `render` and `packet` print on standard error.
#[derive(Debug, Clone, Copy, Default, clap::Args)]
pub struct Loudness {
    /// Print only errors.
    #[arg(short, long)]
    pub quiet: bool,
    /// Also name every valid questionnaire and print a line per document, also on a terminal.
    #[arg(short, long, conflicts_with = "quiet")]
    pub verbose: bool,
}

/// Silence for the commands that print only what they wrote.
#[derive(Debug, Clone, Copy, Default, clap::Args)]
pub struct Quiet {
    /// Print only errors.
    #[arg(short, long, global = true)]
    pub quiet: bool,
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
        /// The language of the messages (default: the organisation profiles' `language`, else
        /// the locale's, else English).
        #[arg(long, visible_alias = "taal", value_enum, value_name = "LANG")]
        lang: Option<LangArg>,
        #[command(flatten)]
        cycle: CycleArgs,
        #[command(flatten)]
        loud: Loudness,
    },
    /// Validate, derive the conclusions and write the documents.
    Render {
        /// Questionnaire files or folders.
        #[arg(required = true)]
        paths: Vec<PathBuf>,
        /// Output folder; documents go to <output>/<year>/<organisation-id>/<assessment-id>/, the
        /// code of conduct to <output>/<year>/<organisation-id>/.
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
        #[command(flatten)]
        loud: Loudness,
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
        /// Typeset every packet, also those whose sources did not change.
        #[arg(long)]
        force: bool,
        /// Print a machine-readable report (JSON, see docs/report.schema.json) on standard output.
        #[arg(long)]
        json: bool,
        #[command(flatten)]
        look: LookArgs,
        #[command(flatten)]
        loud: Loudness,
    },
    /// Per organisation and year, write the register of processing activities (Art. 30 AVG)
    /// of all its activities: verwerkingsregister.xlsx, .csv (UTF-8, semicolons) and .pdf.
    Register {
        /// Organisation folders (or any questionnaire files and folders).
        #[arg(required = true)]
        paths: Vec<PathBuf>,
        /// Output folder; files go to <output>/<year>/<organisation-folder>/.
        #[arg(short, long, default_value = "output")]
        output: PathBuf,
        /// Write every register, also those whose answers did not change.
        #[arg(long)]
        force: bool,
        /// Print a machine-readable report (JSON, see docs/report.schema.json) on standard output.
        #[arg(long)]
        json: bool,
        #[command(flatten)]
        look: LookArgs,
        #[command(flatten)]
        loud: Loudness,
    },
    /// Render, then watch the questionnaires, their organisation profiles and a templates folder
    /// and render again on every save: only the documents whose answers changed, with what
    /// Typst already typeset kept in memory. Ctrl-C stops.
    Watch {
        /// Questionnaire files or folders.
        #[arg(required = true)]
        paths: Vec<PathBuf>,
        /// Output folder, as for `render`.
        #[arg(short, long, default_value = "output")]
        output: PathBuf,
        /// Keep the (G)MR packet and the board memo up to date too.
        #[arg(long)]
        packet: bool,
        #[command(flatten)]
        look: LookArgs,
        #[command(flatten)]
        quiet: Quiet,
    },
    /// Work with the document templates (a school's own house style and wording).
    Templates {
        /// What to do.
        #[command(subcommand)]
        action: TemplatesCommand,
        #[command(flatten)]
        quiet: Quiet,
    },
    /// Write a commented questionnaire skeleton in Dutch; `<vul in>` marks what only you can
    /// answer (`check` lists those, `interview` asks them). Never overwrites a file.
    Init {
        #[command(subcommand)]
        what: InitCommand,
        #[command(flatten)]
        quiet: Quiet,
    },
    /// Ask the open answers (`<vul in>`) of a questionnaire one by one on the terminal and write
    /// each answer into the file at once, keeping its comments; stop with q, go on later.
    Interview {
        /// The questionnaire file.
        file: PathBuf,
    },
    /// Mark questionnaires of format 1 as format 2, in place; comments and answers stay as
    /// written (format 2 only adds optional answers). Every file is checked before any is
    /// written.
    Migrate {
        /// Questionnaire files or folders.
        #[arg(required = true)]
        paths: Vec<PathBuf>,
        /// Change nothing; exit with 1 when a file is still format 1 (for scripts).
        #[arg(long)]
        check: bool,
        #[command(flatten)]
        quiet: Quiet,
    },
    /// Print the JSON Schema of a questionnaire kind (for editors; also in schema/, the Dutch
    /// set in schema/nl/), or bring the copies in an organisation's folder up to date.
    Schema {
        /// Which kind of questionnaire.
        #[arg(value_enum, required_unless_present = "write")]
        kind: Option<KindArg>,
        /// Write both schemas into <DIR>/.dpiagen/schema/ (where `init` puts them for editors),
        /// replacing older ones.
        #[arg(long, value_name = "DIR", conflicts_with = "kind")]
        write: Option<PathBuf>,
        /// The language of the descriptions an editor shows (default: English when printing;
        /// with --write, the organisation profile's `language`, else Dutch).
        #[arg(long, visible_alias = "taal", value_enum, value_name = "LANG")]
        lang: Option<LangArg>,
        #[command(flatten)]
        quiet: Quiet,
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
        /// Add the questions of the full DPIA (for an activity whose pre-DPIA says a DPIA is
        /// required).
        #[arg(long)]
        dpia: bool,
    },
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
