//! Planning a run: which documents, in which language, where, and the hash of everything each
//! is made from (the manifest compares it to skip unchanged documents).

use super::check::{CheckOutcome, Checked, CheckedOrganisation};
use super::produce::{Format, language};
use crate::history::{Changes, Year};
use crate::lang::Lang;
use crate::manifest;
use crate::output;
use crate::render::{DocumentKind, Templates};
use std::num::NonZeroUsize;
use std::path::{Path, PathBuf};

/// Which part of a batch this process renders: `--shard K/N` takes every activity whose
/// stable hash falls in bucket K of N, so a CI job matrix splits the work without overlap.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Shard {
    /// 1-based index of this shard.
    pub index: u64,
    /// Number of shards.
    pub count: u64,
}

impl std::str::FromStr for Shard {
    type Err = String;

    fn from_str(s: &str) -> Result<Shard, String> {
        let bad = || format!("`{s}` is not a shard: write K/N with 1 ≤ K ≤ N, e.g. 2/4");
        let (k, n) = s.split_once('/').ok_or_else(bad)?;
        let (index, count) = (
            k.trim().parse::<u64>().map_err(|_| bad())?,
            n.trim().parse::<u64>().map_err(|_| bad())?,
        );
        if index == 0 || count == 0 || index > count {
            return Err(bad());
        }
        Ok(Shard { index, count })
    }
}

impl Shard {
    /// Whether the activity `year/id` belongs to this shard.
    pub fn includes(&self, year: i32, id: &str) -> bool {
        let hash = blake3::hash(format!("{year}/{id}").as_bytes());
        let mut first = [0u8; 8];
        first.copy_from_slice(&hash.as_bytes()[..8]);
        u64::from_le_bytes(first) % self.count == self.index - 1
    }
}

/// How `render` runs.
#[derive(Debug, Clone)]
pub struct RenderOptions {
    /// PDF or Typst source.
    pub format: Format,
    /// Typeset every document, even those the manifest says are current.
    pub force: bool,
    /// Render only this shard of the activities.
    pub shard: Option<Shard>,
    /// Render only activities of this year.
    pub year: Option<i32>,
    /// The language of every document (`--lang`); `None`: each organisation profile's
    /// `language`, Dutch when it has none.
    pub lang: Option<Lang>,
    /// A school's own templates (`--templates`), over the built-in ones.
    pub templates: Option<PathBuf>,
    /// How many documents are typeset at once (`--jobs`); `None`: [`super::default_jobs`].
    pub jobs: Option<NonZeroUsize>,
}

impl RenderOptions {
    /// Every activity, as PDF, skipping current documents, in the profiles' languages with the
    /// built-in templates.
    pub fn new(format: Format) -> RenderOptions {
        RenderOptions {
            format,
            force: false,
            shard: None,
            year: None,
            lang: None,
            templates: None,
            jobs: None,
        }
    }

    pub(super) fn selects(&self, item: &Checked) -> bool {
        let a = &item.loaded.activity.assessment;
        self.year.is_none_or(|y| y == a.year)
            && self.shard.is_none_or(|s| s.includes(a.year, &a.id))
    }
}

/// Identifies this build: a change of code, templates, data, fonts or compiler invalidates
/// every manifest entry. Computed by `build.rs` at build time, so a run pays nothing for it.
/// A school's own templates (`--templates`) have their own fingerprint, also an input.
pub(crate) fn tool_fingerprint() -> String {
    concat!(
        env!("CARGO_PKG_VERSION"),
        "+",
        env!("DPIAGEN_BUILD_FINGERPRINT")
    )
    .to_string()
}

/// One document to produce.
pub(super) struct Job<'a> {
    /// What it is about.
    pub subject: Subject<'a>,
    /// Which document.
    pub kind: DocumentKind,
    /// Its language.
    pub lang: Lang,
    /// Where it goes.
    pub path: PathBuf,
    /// The year folder whose manifest records it.
    pub year_dir: PathBuf,
    /// Its key in that manifest.
    pub key: String,
    /// The organisation folder it lies in (below the year folder).
    pub folder: &'a str,
    /// The organisation whose document it is (its name): the owner of that folder.
    pub owner: &'a str,
    /// The hash of everything it is made from.
    pub inputs: String,
}

/// What a document is about.
pub(super) enum Subject<'a> {
    /// An activity, with what changed since last year.
    Activity(&'a Checked, Option<&'a Changes>),
    /// An organisation (its code of conduct).
    Organisation(&'a CheckedOrganisation),
}

impl Subject<'_> {
    /// The organisation the document belongs to.
    pub(super) fn organisation(&self) -> &crate::load::LoadedOrganisation {
        match self {
            Subject::Activity(item, _) => &item.loaded.organisation,
            Subject::Organisation(org) => &org.loaded,
        }
    }

    /// (questionnaire file, id, year, date printed in the PDF's metadata).
    pub(super) fn describe(&self) -> (&Path, &str, i32, crate::model::Date) {
        match self {
            Subject::Activity(item, _) => {
                let a = &item.loaded.activity.assessment;
                (&item.loaded.source.path, &a.id, a.year, a.date)
            }
            Subject::Organisation(org) => {
                let date = org.loaded.organisation.social_media.as_ref().map_or(
                    crate::model::Date {
                        year: org.year,
                        month: 1,
                        day: 1,
                    },
                    |s| s.date,
                );
                (&org.loaded.source.path, org.id(), org.year, date)
            }
        }
    }
}

/// What every document of a run is made from besides its own answers: this build, the
/// templates, the language, the format and the kind of document.
fn common_inputs<'a>(
    fingerprint: &'a str,
    templates: &'a Templates,
    lang: Lang,
    format: Format,
    kind: DocumentKind,
) -> [&'a [u8]; 5] {
    [
        fingerprint.as_bytes(),
        templates.fingerprint().as_bytes(),
        lang.code().as_bytes(),
        format.extension().as_bytes(),
        kind.name().as_bytes(),
    ]
}

/// Every document of the run: those of the `selected` activities (with their `years`, in the
/// same order) and the codes of conduct of the selected organisations.
pub(super) fn jobs<'a>(
    outcome: &'a CheckOutcome,
    selected: &[&'a Checked],
    years: &'a [Year],
    out: &Path,
    options: &RenderOptions,
    templates: &Templates,
) -> Vec<Job<'a>> {
    let fingerprint = tool_fingerprint();
    let ext = options.format.extension();
    let mut jobs = Vec::new();
    for (item, year) in selected.iter().zip(years) {
        let a = &item.loaded.activity.assessment;
        let year_dir = out.join(a.year.to_string());
        let org = &item.loaded.organisation;
        let lang = language(&org.organisation, options.lang);
        for kind in DocumentKind::for_activity(&item.conclusions) {
            let path = output::activity_dir(out, a.year, &org.folder, &a.id)
                .join(format!("{}.{ext}", kind.name()));
            let common = common_inputs(&fingerprint, templates, lang, options.format, kind);
            let inputs = manifest::hash_inputs(common.into_iter().chain([
                org.source.text.as_bytes(),
                // The logo is printed: a new logo re-renders the document.
                org.logo.as_deref().unwrap_or_default(),
                item.loaded.source.text.as_bytes(),
                year.previous.as_deref().unwrap_or_default(),
            ]));
            jobs.push(Job {
                subject: Subject::Activity(item, year.changes.as_ref()),
                kind,
                lang,
                folder: &org.folder,
                owner: &org.organisation.name,
                key: manifest::key(&year_dir, &path),
                path,
                year_dir: year_dir.clone(),
                inputs,
            });
        }
    }
    for org in &outcome.organisations {
        let selected = options.year.is_none_or(|y| y == org.year)
            && options
                .shard
                .is_none_or(|s| s.includes(org.year, &format!("organisation:{}", org.id())));
        if !selected {
            continue;
        }
        let kind = DocumentKind::Gedragscode;
        let lang = language(&org.loaded.organisation, options.lang);
        let year_dir = out.join(org.year.to_string());
        let path = output::organisation_dir(out, org.year, &org.loaded.folder)
            .join(format!("{}.{ext}", kind.name()));
        let common = common_inputs(&fingerprint, templates, lang, options.format, kind);
        let inputs = manifest::hash_inputs(
            common
                .into_iter()
                .chain([
                    org.loaded.source.text.as_bytes(),
                    org.loaded.logo.as_deref().unwrap_or_default(),
                ])
                .chain(
                    org.activities
                        .iter()
                        .map(|&i| outcome.valid[i].loaded.source.text.as_bytes()),
                ),
        );
        jobs.push(Job {
            subject: Subject::Organisation(org),
            kind,
            lang,
            folder: &org.loaded.folder,
            owner: &org.loaded.organisation.name,
            key: manifest::key(&year_dir, &path),
            path,
            year_dir,
            inputs,
        });
    }
    jobs
}
