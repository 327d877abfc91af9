//! Load, validate, derive: the files of a run checked one by one (in parallel) and across each
//! other, the conclusions of every valid activity, and each organisation's code-of-conduct
//! rules. Nothing is written.

use crate::diagnostic::{Diagnostic, Severity};
use crate::knowledge::Knowledge;
use crate::knowledge::platforms::Platforms;
use crate::load::{self, LoadedActivity, LoadedOrganisation};
use crate::model::Activity;
use crate::rules::conduct::ConductConclusions;
use crate::rules::{self, Conclusions};
use crate::timings::{self, Stage};
use crate::validate;
use rayon::prelude::*;
use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::Arc;

/// One activity that passed validation, with its conclusions.
pub struct Checked {
    /// The loaded activity.
    pub loaded: LoadedActivity,
    /// The derived conclusions.
    pub conclusions: Conclusions,
}

/// The outcome of loading and validating.
pub struct CheckOutcome {
    /// Activities without errors.
    pub valid: Vec<Checked>,
    /// Every diagnostic, errors and warnings.
    pub diagnostics: Vec<Diagnostic>,
    /// File texts, to show offending lines.
    pub sources: BTreeMap<PathBuf, String>,
    /// Organisations with valid `social_media` answers, each with its code-of-conduct rules.
    pub organisations: Vec<CheckedOrganisation>,
    /// The data the run checked and derived with; rendering words from the same.
    pub knowledge: &'static Knowledge,
}

impl CheckOutcome {
    /// Number of errors.
    pub fn errors(&self) -> usize {
        self.diagnostics
            .iter()
            .filter(|d| d.severity == Severity::Error)
            .count()
    }
}

/// How `check` judges the yearly cycle.
#[derive(Debug, Clone, Copy)]
pub struct CheckOptions {
    /// The date review dates are compared with.
    pub today: crate::model::Date,
    /// Whether a `concept` status or a passed review date is an error instead of a warning.
    pub strict: bool,
}

impl Default for CheckOptions {
    fn default() -> Self {
        CheckOptions {
            today: validate::today(),
            strict: false,
        }
    }
}

/// Loads, validates and derives, writing nothing.
pub fn check(paths: &[PathBuf]) -> Result<CheckOutcome, Diagnostic> {
    check_with(paths, CheckOptions::default())
}

/// [`check`], with the yearly cycle's options.
pub fn check_with(paths: &[PathBuf], options: CheckOptions) -> Result<CheckOutcome, Diagnostic> {
    let (knowledge, loaded) = rayon::join(Knowledge::builtin, || {
        timings::time(Stage::Load, || {
            load::collect(paths).map(|files| load::load_within(&files, &load::roots(paths)))
        })
    });
    let loaded = loaded?;
    let validating = timings::start();
    let mut sources = loaded.sources;
    let mut diagnostics = with_partial_checks(loaded.diagnostics, &sources, knowledge);
    let mut valid: Vec<Checked> = Vec::new();
    let mut ids = validate::batch::Ids::default();
    // Validation and the rules are independent per activity: done on all cores, then the
    // duplicate-id check runs in file order so its message always names the same first file.
    let checked: Vec<_> = loaded
        .activities
        .into_par_iter()
        .map(|la| {
            let mut diags =
                validate::activity(&la.source.path, &la.source.text, &la.activity, knowledge);
            diags.extend(validate::lifecycle(
                &la.source.path,
                &la.source.text,
                &la.activity,
                options.today,
                options.strict,
            ));
            let conclusions = (!diags.iter().any(|d| d.severity == Severity::Error))
                .then(|| rules::derive(&la.activity, &la.organisation.organisation, knowledge));
            if let Some(c) = &conclusions {
                diags.extend(validate::dpia::incomplete(
                    &la.source.path,
                    &la.source.text,
                    &c.full_dpia,
                ));
                diags.extend(validate::format::warnings(
                    &la.source.path,
                    &la.source.text,
                    la.activity.version,
                    validate::format::activity_answers(&la.activity),
                ));
                diags.extend(validate::register::activity(
                    &la.source.path,
                    &la.source.text,
                    &la.activity,
                    &knowledge.catalogue,
                ));
            }
            (la, diags, conclusions)
        })
        .collect();
    for (la, mut diags, conclusions) in checked {
        let a = &la.activity.assessment;
        let profile = la
            .organisation
            .source
            .path
            .canonicalize()
            .unwrap_or_else(|_| la.organisation.source.path.clone());
        let place = validate::batch::Place {
            year: a.year,
            folder: &la.organisation.folder,
            profile: &profile,
            id: &a.id,
        };
        diags.extend(ids.activity(&la.source.path, &la.source.text, place));
        let failed = diags.iter().any(|d| d.severity == Severity::Error);
        if !diags.is_empty() {
            sources.insert(la.source.path.clone(), la.source.text.clone());
        }
        diagnostics.extend(diags);
        if failed {
            continue;
        }
        ids.take(&la.source.path, place);
        let Some(conclusions) = conclusions else {
            continue;
        };
        valid.push(Checked {
            loaded: la,
            conclusions,
        });
    }
    register_contacts(&valid, &mut diagnostics, &mut sources);
    let organisations = organisations(&valid, &knowledge.platforms, &mut diagnostics, &mut sources);
    timings::stop(Stage::Validate, validating);
    Ok(CheckOutcome {
        valid,
        diagnostics,
        sources,
        organisations,
        knowledge,
    })
}

/// The register's gaps in each organisation profile that valid activities use, once per profile.
fn register_contacts(
    valid: &[Checked],
    diagnostics: &mut Vec<Diagnostic>,
    sources: &mut BTreeMap<PathBuf, String>,
) {
    let mut seen: Vec<&Arc<LoadedOrganisation>> = Vec::new();
    for item in valid {
        let org = &item.loaded.organisation;
        if seen.iter().any(|o| Arc::ptr_eq(o, org)) {
            continue;
        }
        seen.push(org);
        let mut gaps =
            validate::register::organisation(&org.source.path, &org.source.text, &org.organisation);
        gaps.extend(validate::format::warnings(
            &org.source.path,
            &org.source.text,
            org.organisation.version,
            validate::format::organisation_answers(&org.organisation),
        ));
        if !gaps.is_empty() {
            sources.insert(org.source.path.clone(), org.source.text.clone());
        }
        diagnostics.extend(gaps);
    }
}

/// An organisation whose `social_media` answers passed validation, with the rules of its code
/// of conduct.
pub struct CheckedOrganisation {
    /// The loaded profile.
    pub loaded: Arc<LoadedOrganisation>,
    /// Indices into [`CheckOutcome::valid`] of its valid activities.
    pub activities: Vec<usize>,
    /// The year its documents belong to: the latest `assessment.year` of its valid activities.
    pub year: i32,
    /// The code of conduct's rules and findings.
    pub conduct: ConductConclusions,
}

impl CheckedOrganisation {
    /// The organisation id (validation makes sure there is one).
    pub fn id(&self) -> &str {
        self.loaded.organisation.id.as_deref().unwrap_or_default()
    }
}

/// `diagnostics` with, after the last one of each file that has open answers, the checks its
/// given answers already decide (see [`crate::partial`]).
fn with_partial_checks(
    diagnostics: Vec<Diagnostic>,
    sources: &BTreeMap<PathBuf, String>,
    knowledge: &Knowledge,
) -> Vec<Diagnostic> {
    let mut out: Vec<Diagnostic> = Vec::with_capacity(diagnostics.len());
    let mut iter = diagnostics.into_iter().peekable();
    while let Some(d) = iter.next() {
        let last_of_file = iter.peek().is_none_or(|next| next.file != d.file);
        let file = d.file.clone();
        out.push(d);
        let open = out
            .iter()
            .rev()
            .take_while(|o| o.file == file)
            .any(|o| o.code.as_deref() == Some(crate::open::CODE));
        if last_of_file
            && open
            && let Some(text) = sources.get(&file)
            && let Ok(kind) = load::yaml::header(&file, text)
        {
            out.extend(crate::partial::diagnostics(&file, text, kind, knowledge));
        }
    }
    out
}

/// Groups the valid activities by organisation, validates each organisation's `social_media`
/// answers and derives its code-of-conduct rules. An organisation is only reached through its
/// activities, so one without a valid activity gets no code.
fn organisations(
    valid: &[Checked],
    platforms: &Platforms,
    diagnostics: &mut Vec<Diagnostic>,
    sources: &mut BTreeMap<PathBuf, String>,
) -> Vec<CheckedOrganisation> {
    let mut groups: Vec<(Arc<LoadedOrganisation>, Vec<usize>)> = Vec::new();
    for (i, item) in valid.iter().enumerate() {
        let org = &item.loaded.organisation;
        match groups.iter_mut().find(|(o, _)| Arc::ptr_eq(o, org)) {
            Some((_, members)) => members.push(i),
            None => groups.push((org.clone(), vec![i])),
        }
    }
    let mut out: Vec<CheckedOrganisation> = Vec::new();
    for (org, members) in groups {
        let Some(sm) = &org.organisation.social_media else {
            continue;
        };
        let path = &org.source.path;
        let diags = validate::social_media(path, &org.source.text, &org.organisation, platforms);
        let year = members
            .iter()
            .map(|&i| valid[i].loaded.activity.assessment.year)
            .max()
            .unwrap_or(sm.date.year);
        let failed = diags.iter().any(|d| d.severity == Severity::Error);
        if !diags.is_empty() {
            sources.insert(path.clone(), org.source.text.clone());
        }
        diagnostics.extend(diags);
        if failed {
            continue;
        }
        let activities: Vec<(&Activity, &Conclusions)> = members
            .iter()
            .map(|&i| (&valid[i].loaded.activity, &valid[i].conclusions))
            .collect();
        let conduct = rules::conduct::assess(&org.organisation, sm, platforms, &activities);
        out.push(CheckedOrganisation {
            loaded: org.clone(),
            activities: members,
            year,
            conduct,
        });
    }
    out
}
