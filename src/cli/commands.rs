//! The commands beside check, render and packet's reporting: init, man, templates export, packet.

use super::*;

/// `dpiagen init`: writes one skeleton, refusing to overwrite.
pub(super) fn run_init(what: &InitCommand, quiet: bool) -> ExitCode {
    let local = |kind| format!("{}/{}", schema::LOCAL_DIR, schema::file_name(kind));
    // An editor shows the descriptions in the organisation's language: a new profile's is
    // Dutch, an activity's is that of the profile it names.
    let lang = match what {
        InitCommand::Organisation { .. } => Lang::Nl,
        InitCommand::Activity {
            dir, organisation, ..
        } => schema::profile_language(&dir.join(organisation)).unwrap_or_default(),
    };
    let (path, text, dir) = match what {
        InitCommand::Organisation { dir } => {
            let path = dir.join(crate::init::ORGANISATION_FILE);
            let schema = schema_path_for(dir, FileKind::Organisation, lang)
                .unwrap_or_else(|| local(FileKind::Organisation));
            (path, crate::init::organisation_text_in(&schema, dir), dir)
        }
        InitCommand::Activity {
            name,
            kind,
            dir,
            organisation,
            dpia,
        } => {
            if !crate::validate::is_slug(name) {
                eprintln!(
                    "{}: {}\n  = {}: {}",
                    msg::ERROR.get(),
                    msg::BAD_ACTIVITY_ID.fill(&[name]),
                    msg::HELP.get(),
                    msg::BAD_ACTIVITY_ID_HELP.get()
                );
                return ExitCode::from(2);
            }
            let schema = schema_path_for(dir, FileKind::Activity, lang)
                .unwrap_or_else(|| local(FileKind::Activity));
            (
                crate::init::activity_path(dir, name),
                crate::init::activity_text_with(
                    &schema,
                    name,
                    *kind,
                    organisation,
                    &crate::knowledge::Knowledge::builtin().platforms,
                    *dpia,
                ),
                dir,
            )
        }
    };
    if let Err(e) = crate::init::write_new(&path, &text) {
        eprintln!("{}: {e}", msg::ERROR.get());
        return ExitCode::from(if path.exists() { 2 } else { 1 });
    }
    // Outside dpiagen's repository the editor finds the schemas in the folder itself.
    if text.contains(schema::LOCAL_DIR)
        && let Err(e) = schema::write_local(dir, lang)
    {
        eprintln!(
            "{}: {}",
            msg::ERROR.get(),
            msg::CANNOT_WRITE_SCHEMAS.fill(&[&dir.join(schema::LOCAL_DIR).display(), &e])
        );
        return ExitCode::from(1);
    }
    if !quiet {
        let open = crate::open::find(&text).len();
        eprintln!(
            "{}",
            msg::WROTE_SKELETON.fill(&[&path.display(), &open, &crate::open::PLACEHOLDER])
        );
    }
    ExitCode::SUCCESS
}

/// The `$schema` path for a new file in `dir` (which may not exist yet): the repository's
/// `schema/` (the set in `lang`) when `dir` lies inside it, else the copy `init` writes into
/// `dir` (`None`).
pub(super) fn schema_path_for(dir: &Path, kind: FileKind, lang: Lang) -> Option<String> {
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
    let found = crate::init::schema_path(existing, &schema::shipped_name(kind, lang))?;
    Some(format!("{}{found}", "../".repeat(missing)))
}

/// `dpiagen man`: the main page, one subcommand's page (`dpiagen-check(1)`, which the main
/// page names), or every page written into a folder.
pub(super) fn run_man(command: Option<&str>, dir: Option<&Path>) -> ExitCode {
    let mut cmd = Cli::command().disable_help_subcommand(true);
    cmd.build();
    let result = match (command, dir) {
        (_, Some(dir)) => std::fs::create_dir_all(dir)
            .and_then(|()| clap_mangen::generate_to(Cli::command(), dir))
            .map(|()| {
                eprintln!("{}", msg::WROTE_MAN_PAGES.fill(&[&dir.display()]));
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
                    "{}: {}\n  = {}: {}",
                    msg::ERROR.get(),
                    msg::NO_MAN_PAGE.fill(&[&name]),
                    msg::HELP.get(),
                    msg::ONE_OF.fill(&[&names.join(", ")])
                );
                return ExitCode::from(2);
            };
            render_page(page)
        }
        (None, None) => render_page(cmd),
    };
    match result {
        Ok(page) if page.is_empty() => ExitCode::SUCCESS,
        Ok(page) => exit_if_written(crate::stdout::write_or_report(&page, msg::THE_MANUAL_PAGE)),
        Err(e) => {
            eprintln!(
                "{}: {}",
                msg::ERROR.get(),
                msg::CANNOT_WRITE_OUT.fill(&[&msg::THE_MANUAL_PAGE.get(), &e])
            );
            ExitCode::from(1)
        }
    }
}

/// The manual page of `cmd` as roff.
pub(super) fn render_page(cmd: clap::Command) -> std::io::Result<Vec<u8>> {
    let mut page = Vec::new();
    clap_mangen::Man::new(cmd).render(&mut page)?;
    Ok(page)
}

/// Every subcommand below `cmd` (built), nested ones included.
pub(super) fn man_pages(cmd: &clap::Command, out: &mut Vec<clap::Command>) {
    for sub in cmd.get_subcommands().filter(|s| !s.is_hide_set()) {
        out.push(sub.clone());
        man_pages(sub, out);
    }
}

/// `dpiagen templates export`: write the built-in templates into `dir`. Files already there
/// are an error (exit code 2, nothing written) unless `force`.
pub(super) fn run_export(dir: &Path, force: bool, quiet: bool) -> ExitCode {
    match crate::render::export(dir, force) {
        Ok(written) => {
            if !quiet {
                eprintln!(
                    "{}",
                    msg::WROTE_TEMPLATES.fill(&[&written.len(), &dir.display()])
                );
            }
            ExitCode::SUCCESS
        }
        Err(e @ crate::render::ExportError::Exists(_)) => {
            eprintln!(
                "{}: {}\n  = {}: {}",
                msg::ERROR.get(),
                crate::voice::say(&e.to_string()),
                msg::HELP.get(),
                msg::EXPORT_HELP.get()
            );
            ExitCode::from(2)
        }
        Err(e) => {
            eprintln!("{}: {e}", msg::ERROR.get());
            ExitCode::from(1)
        }
    }
}

/// `migrate`: every file checked first, then the format-1 ones rewritten (or, with `check`,
/// only counted). Exit 0 when done or nothing is left, 1 when `check` finds files to migrate
/// or a write fails, 2 when a file is no questionnaire.
pub(super) fn run_migrate(paths: &[PathBuf], check: bool, quiet: bool) -> ExitCode {
    let plan = match crate::migrate::plan(paths) {
        Ok(plan) => plan,
        Err(problems) => {
            for d in &problems {
                let source = std::fs::read_to_string(&d.file).ok();
                eprint!("{}", d.render(source.as_deref()));
            }
            eprintln!("{}", msg::MIGRATE_NOTHING_WRITTEN.get());
            return ExitCode::from(2);
        }
    };
    let pending: Vec<&PathBuf> = plan
        .iter()
        .filter(|(_, s)| matches!(s, crate::migrate::Step::Migrate(_)))
        .map(|(p, _)| p)
        .collect();
    let current = plan.len() - pending.len();
    if check {
        if !quiet || !pending.is_empty() {
            for p in &pending {
                eprintln!("{}", msg::MIGRATE_PENDING.fill(&[&p.display()]));
            }
            if pending.is_empty() {
                eprintln!(
                    "{}",
                    msg::MIGRATE_ALL_CURRENT.fill(&[&current, &crate::model::FORMAT_VERSION])
                );
            } else {
                eprintln!(
                    "{}",
                    msg::MIGRATE_CHECKED.fill(&[
                        &pending.len(),
                        &current,
                        &crate::model::FORMAT_VERSION
                    ])
                );
            }
        }
        return ExitCode::from(u8::from(!pending.is_empty()));
    }
    match crate::migrate::apply(&plan) {
        Ok(written) => {
            if !quiet {
                for p in &pending {
                    eprintln!("{}", msg::MIGRATED_FILE.fill(&[&p.display()]));
                }
                eprintln!(
                    "{}",
                    msg::MIGRATED.fill(&[&written, &current, &crate::model::FORMAT_VERSION])
                );
            }
            ExitCode::SUCCESS
        }
        Err((path, e)) => {
            eprintln!(
                "{}: {}",
                msg::ERROR.get(),
                msg::CANNOT_MIGRATE.fill(&[&path.display(), &e])
            );
            ExitCode::from(1)
        }
    }
}

/// What `packet` and `register` write per organisation and year.
#[derive(Clone, Copy)]
pub(super) enum Collection {
    /// The (G)MR packet and the board memo, in a format.
    Packet(FormatArg),
    /// The register of processing activities.
    Register,
}

impl Collection {
    /// The command's name, as the report gives it.
    fn command(self) -> &'static str {
        match self {
            Collection::Packet(_) => "packet",
            Collection::Register => "register",
        }
    }
}

/// How `packet` or `register` was asked to run.
pub(super) struct PacketRun {
    pub what: Collection,
    /// `--lang`/`--taal` was given: the voice is set; otherwise the profiles may set it.
    pub voice_flag: bool,
    pub force: bool,
    pub json: bool,
    pub quiet: bool,
}

/// `dpiagen packet` and `dpiagen register`: check, then write a packet and a memo, or the
/// register, per organisation and year. A folder with an invalid questionnaire gets neither
/// (both must be complete); exit code 2. What is unchanged is not written again. With
/// `--json`, the report has the render's shape.
pub(super) fn run_packet(
    paths: &[PathBuf],
    out: &Path,
    look: &LookArgs,
    run: PacketRun,
) -> ExitCode {
    let outcome = match run::check(paths) {
        Ok(o) => o,
        Err(d) => {
            eprint!("{}", d.render(None));
            return ExitCode::from(2);
        }
    };
    if !run.voice_flag {
        voice::set(voice::choose(
            None,
            super::profile_language(&outcome),
            voice::from_env(),
        ));
    }
    report_diagnostics(&outcome, run.quiet);
    let command = run.what.command();
    if outcome.errors() > 0 {
        let nothing = match run.what {
            Collection::Packet(_) => msg::NO_PACKET,
            Collection::Register => msg::NO_REGISTER,
        };
        eprintln!(
            "{}: {}: {}",
            msg::ERROR.get(),
            msg::INVALID_QUESTIONNAIRE.count(count_invalid(&outcome)),
            nothing.get()
        );
        if run.json {
            super::print_json(&report::build(command, &outcome, None, 2));
        }
        return ExitCode::from(2);
    }
    let done = match run.what {
        Collection::Packet(format) => {
            let options = packet::PacketOptions {
                format: match format {
                    FormatArg::Pdf => Format::Pdf,
                    FormatArg::Typ => Format::Typ,
                },
                lang: look.lang.map(Lang::from),
                templates: look.templates.clone(),
                force: run.force,
                lock: run::Lock::PerRun,
            };
            packet::render(&outcome, out, &options)
        }
        Collection::Register => {
            let options = crate::register::RegisterOptions {
                lang: look.lang.map(Lang::from),
                templates: look.templates.clone(),
                force: run.force,
            };
            crate::register::render(&outcome, out, &options)
        }
    };
    let rendered = match done {
        Ok(r) => r,
        Err(e) => {
            eprintln!("{}: {e}", msg::ERROR.get());
            return ExitCode::from(e.exit_code());
        }
    };
    let colour = crate::diagnostic::use_colour();
    for d in &rendered.refused {
        let source = std::fs::read_to_string(&d.file).ok();
        eprint!("{}", d.render_styled(source.as_deref(), colour));
    }
    let mut failed = 0;
    for d in &rendered.documents {
        match (d.status, d.changed) {
            (DocStatus::Failed, _) => {
                failed += 1;
                let why = d.error.as_deref().unwrap_or(msg::FAILED.get());
                eprintln!("{}: {}: {why}", msg::ERROR.get(), d.path.display());
            }
            (DocStatus::Rendered, true) if !run.quiet => {
                eprintln!("{} {}", msg::WROTE.get(), d.path.display())
            }
            (DocStatus::Rendered, false) if !run.quiet => {
                eprintln!("{} {}", msg::SAME_BYTES.get(), d.path.display())
            }
            (DocStatus::Unchanged, _) if !run.quiet => {
                eprintln!("{} {}", msg::UNCHANGED.get(), d.path.display())
            }
            _ => {}
        }
    }
    if !run.quiet {
        eprintln!(
            "{}",
            msg::COLLECTED.fill(&[
                &rendered.count(DocStatus::Rendered),
                &rendered.count(DocStatus::Unchanged),
                &failed,
                &rendered.count(DocStatus::Refused),
            ])
        );
    }
    // A packet that fails with a school's own templates fails on them: the input's problem.
    let code = if failed > 0 {
        if look.templates.is_some() { 2 } else { 1 }
    } else if rendered.refused.is_empty() {
        0
    } else {
        2
    };
    if run.json {
        super::print_json(&report::build(command, &outcome, Some(&rendered), code));
    }
    ExitCode::from(code)
}
