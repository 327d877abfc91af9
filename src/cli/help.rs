//! `--help` in the voice of the run. The help texts are the doc comments of [`Cli`] (English);
//! in Dutch each is replaced by its text in `data/help-nl.yaml` (keyed by the English text, so
//! the table follows the code and a test finds a missing or stale entry), and clap's own
//! headings and flags are worded in Dutch. The voice for help comes from `--lang`/`--taal` on the
//! command line or the locale: no questionnaire has been read yet.

use super::Cli;
use crate::lang::Lang;
use crate::voice;
use clap::{Command, CommandFactory, FromArgMatches};
use std::collections::BTreeMap;
use std::ffi::OsString;

/// The Dutch help texts, keyed by the English ones (`data/help-nl.yaml`).
pub fn table() -> &'static BTreeMap<String, String> {
    static TABLE: std::sync::OnceLock<BTreeMap<String, String>> = std::sync::OnceLock::new();
    TABLE.get_or_init(|| {
        serde_saphyr::from_str(include_str!("../../data/help-nl.yaml"))
            .expect("data/help-nl.yaml is a map of texts (checked by a test)")
    })
}

/// Parses the command line of this process, with its help in the voice the arguments or the
/// locale ask for; exits on `--help`, `--version` or a usage error, as clap does.
pub fn parse() -> Cli {
    let args: Vec<OsString> = std::env::args_os().collect();
    let lang = voice::choose(lang_in(&args), None, voice::from_env());
    let matches = in_voice(Cli::command(), lang)
        .try_get_matches_from(args)
        .unwrap_or_else(|e| exit(e, lang));
    Cli::from_arg_matches(&matches).unwrap_or_else(|e| exit(e, lang))
}

/// Exits as clap would for `e` (help, version or a usage error, with its exit code), with a
/// usage error worded in `lang`: clap's own messages are English only.
fn exit(e: clap::Error, lang: Lang) -> ! {
    use clap::error::ErrorKind;
    use std::io::IsTerminal;
    if lang == Lang::En || e.kind() == ErrorKind::DisplayVersion {
        e.exit()
    }
    if e.kind() == ErrorKind::DisplayHelp {
        // The help texts are Dutch already; clap adds a few words of its own to them.
        let styled = e.render();
        let coloured = std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none();
        let text = if coloured {
            styled.ansi().to_string()
        } else {
            styled.to_string()
        };
        print!("{}", help_words(&text));
        std::process::exit(0)
    }
    let text = e.render().to_string();
    let dutch: Vec<String> = text
        .lines()
        .map(|line| voice::say_usage(lang, line))
        .collect();
    let dutch = help_words(&dutch.join("\n"));
    if e.use_stderr() {
        eprintln!("{}", dutch.trim_end());
    } else {
        println!("{}", dutch.trim_end());
    }
    std::process::exit(e.exit_code())
}

/// clap's own words in a help text, in Dutch.
fn help_words(text: &str) -> String {
    [
        ("[possible values: ", "[mogelijke waarden: "),
        ("[default: ", "[standaard: "),
        ("[aliases: ", "[ook: "),
        ("[alias: ", "[ook: "),
        ("Possible values:", "Mogelijke waarden:"),
        ("[OPTIONS]", "[OPTIES]"),
    ]
    .iter()
    .fold(text.to_string(), |t, (en, nl)| t.replace(en, nl))
}

/// The language `--lang`/`--taal` asks for among `args`, if any.
fn lang_in(args: &[OsString]) -> Option<Lang> {
    let mut found = None;
    let mut args = args.iter().filter_map(|a| a.to_str());
    while let Some(arg) = args.next() {
        let value = match arg {
            "--lang" | "--taal" => args.next(),
            _ => arg
                .strip_prefix("--lang=")
                .or_else(|| arg.strip_prefix("--taal=")),
        };
        found = match value {
            Some("nl") => Some(Lang::Nl),
            Some("en") => Some(Lang::En),
            _ => found,
        };
    }
    found
}

/// `cmd` with its help in `lang`: unchanged in English.
pub fn in_voice(cmd: Command, lang: Lang) -> Command {
    match lang {
        Lang::En => cmd,
        Lang::Nl => {
            // Built first, so that clap's own `--help`, `--version` and `help` exist and can be
            // worded too.
            let mut cmd = cmd;
            cmd.build();
            dutch(cmd)
        }
    }
}

/// The help of `cmd` (built) and of its subcommands in Dutch.
fn dutch(mut cmd: Command) -> Command {
    let t = |s: Option<&clap::builder::StyledStr>| s.and_then(|s| table().get(&s.to_string()));
    if let Some(about) = t(cmd.get_about()) {
        cmd = cmd.about(about.clone());
    }
    if let Some(about) = t(cmd.get_long_about()) {
        cmd = cmd.long_about(about.clone());
    }
    if let Some(after) = t(cmd.get_after_help()) {
        cmd = cmd.after_help(after.clone());
    }
    let ids: Vec<clap::Id> = cmd.get_arguments().map(|a| a.get_id().clone()).collect();
    for id in ids {
        cmd = cmd.mut_arg(id, |mut arg| {
            if let Some(help) = t(arg.get_help()) {
                arg = arg.help(help.clone());
            }
            if let Some(help) = t(arg.get_long_help()) {
                arg = arg.long_help(help.clone());
            }
            let heading = if arg.is_positional() {
                "Argumenten"
            } else {
                "Opties"
            };
            arg.help_heading(heading)
        });
    }
    cmd = cmd
        .help_template(
            "{before-help}{about-with-newline}\nGebruik: {usage}\n\n{all-args}{after-help}",
        )
        .subcommand_help_heading("Opdrachten")
        .subcommand_value_name("OPDRACHT");
    for (id, text) in [("help", "Toon deze hulp"), ("version", "Toon de versie")] {
        if cmd.get_arguments().any(|a| a.get_id() == id) {
            cmd = cmd.mut_arg(id, |a| a.help(text).long_help(text).help_heading("Opties"));
        }
    }
    if cmd.find_subcommand("help").is_some() {
        cmd = cmd.mut_subcommand("help", |s| {
            s.about("Toon deze hulp, of die van de genoemde opdracht(en)")
        });
    }
    let names: Vec<String> = cmd
        .get_subcommands()
        .map(|s| s.get_name().to_string())
        .collect();
    for name in names {
        cmd = cmd.mut_subcommand(name, dutch);
    }
    cmd
}

#[cfg(test)]
mod tests;
