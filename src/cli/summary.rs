//! What the command line prints about a run: diagnostics, progress, and the closing count.

use super::*;

pub(super) fn report_diagnostics(outcome: &CheckOutcome, quiet: bool) {
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
pub(super) enum Progress {
    Bar(ProgressBar),
    Lines,
    Silent,
}

impl Progress {
    pub(super) fn new(verbosity: Verbosity) -> Progress {
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

    pub(super) fn document(&self, d: &DocumentOutcome, total: usize) {
        let verb = match (d.status, d.changed) {
            (DocStatus::Rendered, true) => msg::WROTE,
            (DocStatus::Rendered, false) => msg::SAME_BYTES,
            (DocStatus::Unchanged, _) => msg::UNCHANGED,
            (DocStatus::Failed, _) => msg::FAILED,
            (DocStatus::Refused, _) => msg::REFUSED_ONE,
        }
        .get();
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

    pub(super) fn finish(&self) {
        if let Progress::Bar(bar) = self {
            bar.finish_and_clear();
        }
    }
}

/// What `check` read: activities and organisation profiles, valid and invalid, counted apart.
#[derive(Debug, Default, PartialEq)]
pub(super) struct Counted {
    pub(super) activities: (usize, usize),
    pub(super) profiles: (usize, usize),
    pub(super) warnings: usize,
}

impl Counted {
    /// Counts the files below `paths` and the profiles their activities named.
    pub(super) fn of(paths: &[PathBuf], outcome: &CheckOutcome) -> Counted {
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

    pub(super) fn files(&self) -> usize {
        self.activities.0 + self.activities.1 + self.profiles.0 + self.profiles.1
    }

    /// "checked 2 activities: 1 valid, 1 invalid; 1 organisation profile: 1 valid, 0 invalid;
    /// 1 warning", or the same in Dutch.
    pub(super) fn sentence(&self, lang: Lang) -> String {
        let (av, ai) = self.activities;
        let (pv, pi) = self.profiles;
        let mut out =
            msg::CHECKED.fill_in(lang, &[&msg::ACTIVITY.count_in(lang, av + ai), &av, &ai]);
        if pv + pi > 0 {
            out += "; ";
            out += &msg::PROFILES_CHECKED
                .fill_in(lang, &[&msg::PROFILE.count_in(lang, pv + pi), &pv, &pi]);
        }
        out + "; " + &msg::WARNINGS.count_in(lang, self.warnings)
    }
}

pub(super) fn count_invalid(outcome: &CheckOutcome) -> usize {
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
            one.sentence(Lang::En),
            "checked 1 activity: 1 valid, 0 invalid; 1 organisation profile: 0 valid, 1 invalid; 1 warning"
        );
        let many = Counted {
            activities: (2, 1),
            profiles: (0, 0),
            warnings: 0,
        };
        assert_eq!(
            many.sentence(Lang::En),
            "checked 3 activities: 2 valid, 1 invalid; 0 warnings"
        );
        assert_eq!(
            one.sentence(Lang::Nl),
            "1 activiteit gecontroleerd: 1 geldig, 0 ongeldig; 1 organisatieprofiel: 0 geldig, 1 ongeldig; 1 waarschuwing"
        );
        assert_eq!(
            many.sentence(Lang::Nl),
            "3 activiteiten gecontroleerd: 2 geldig, 1 ongeldig; 0 waarschuwingen"
        );
    }

    #[test]
    fn cli_definition_is_consistent() {
        Cli::command().debug_assert();
    }
}
