use super::*;

/// Every help text of `cmd` and its subcommands: abouts, after-helps and argument helps.
fn texts(cmd: &Command, out: &mut Vec<String>) {
    let mut push = |s: Option<&clap::builder::StyledStr>| {
        if let Some(s) = s {
            out.push(s.to_string());
        }
    };
    push(cmd.get_about());
    push(cmd.get_long_about());
    push(cmd.get_after_help());
    for arg in cmd.get_arguments() {
        push(arg.get_help());
        push(arg.get_long_help());
    }
    for sub in cmd.get_subcommands() {
        texts(sub, out);
    }
}

#[test]
fn every_help_text_has_a_dutch_one_and_no_dutch_one_is_stale() {
    let mut english = Vec::new();
    texts(&Cli::command(), &mut english);
    english.sort();
    english.dedup();
    let missing: Vec<&String> = english
        .iter()
        .filter(|e| !table().contains_key(*e))
        .collect();
    assert!(
        missing.is_empty(),
        "{} help texts lack a Dutch text in data/help-nl.yaml:\n{missing:#?}",
        missing.len()
    );
    let stale: Vec<&String> = table().keys().filter(|k| !english.contains(k)).collect();
    assert!(
        stale.is_empty(),
        "stale entries in data/help-nl.yaml: {stale:#?}"
    );
}

#[test]
fn the_dutch_help_replaces_every_text_and_heading() {
    let mut cmd = in_voice(Cli::command(), Lang::Nl);
    let help = cmd.render_help().to_string();
    assert!(help.contains("Gebruik: "), "{help}");
    assert!(
        help.contains("Opdrachten:") && help.contains("Opties:"),
        "{help}"
    );
    assert!(
        help.contains("Controleer vragenlijsten zonder iets te schrijven"),
        "{help}"
    );
    assert!(
        help.contains("Toon deze hulp") && !help.contains("Print help"),
        "{help}"
    );
    let mut check = cmd.find_subcommand_mut("check").unwrap().clone();
    let help = check.render_help().to_string();
    assert!(help.contains("Argumenten:"), "{help}");
    assert!(help.contains("Druk alleen fouten af"), "{help}");
    // English stays as written.
    let mut english = in_voice(Cli::command(), Lang::En);
    assert!(english.render_help().to_string().contains("Usage: "));
}

#[test]
fn the_language_flag_is_found_in_any_of_its_forms() {
    let args = |a: &[&str]| a.iter().map(OsString::from).collect::<Vec<_>>();
    assert_eq!(
        lang_in(&args(&["dpiagen", "--taal", "nl", "check"])),
        Some(Lang::Nl)
    );
    assert_eq!(
        lang_in(&args(&["dpiagen", "render", "--lang=en"])),
        Some(Lang::En)
    );
    assert_eq!(
        lang_in(&args(&["dpiagen", "check", "--taal=nl", "-h"])),
        Some(Lang::Nl)
    );
    assert_eq!(lang_in(&args(&["dpiagen", "check", "x.yaml"])), None);
}
