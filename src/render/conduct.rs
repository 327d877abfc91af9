//! The values the code of conduct for social media sees: the organisation, its `social_media`
//! answers, the conduct conclusions, its assessed activities, and dates in words in the
//! document's language.

use super::context::{DateView, Dates, Tool};
use crate::lang::Lang;
use crate::model::social_media::{Level, PlatformUse, SocialMedia};
use crate::model::{Activity, Organisation, Person};
use crate::rules::Conclusions;
use crate::rules::advice::AdviceKind;
use crate::rules::conduct::ConductConclusions;
use crate::rules::dpia::Verdict;
use serde::Serialize;

/// One of the organisation's activities, as the code lists it.
#[derive(Debug, Clone, Serialize)]
pub struct ActivitySummary {
    /// Assessment id.
    pub id: String,
    /// Title.
    pub title: String,
    /// Platform or product, when named.
    pub platform: Option<String>,
    /// The pre-DPIA's verdict.
    pub verdict: Verdict,
    /// The pre-DPIA's advice.
    pub advice: AdviceKind,
}

/// Dates of the code: its own and its review date, and those of its adoption.
#[derive(Debug, Clone, Serialize)]
pub struct ConductDates {
    /// The code's date and its review date.
    #[serde(flatten)]
    pub dates: Dates,
    /// The date the (G)MR consented, if it has.
    pub council_consent: Option<String>,
    /// The date the board adopted the code, if it has.
    pub adopted: Option<String>,
}

/// Which uses and levels occur, so the template can leave out what does not apply.
#[derive(Debug, Clone, Serialize)]
pub struct Present {
    /// A platform is a school channel.
    pub school_channel: bool,
    /// Pupils use a platform in class.
    pub in_class: bool,
    /// Staff and pupils communicate through a platform.
    pub pupil_communication: bool,
    /// School and parents communicate through a platform.
    pub parent_communication: bool,
    /// A group in po or so.
    pub young: bool,
    /// A group with pupils of 16 or older.
    pub pupils_16_plus: bool,
    /// A group with pupils under 16, for whom their parents give consent.
    pub pupils_under_16: bool,
}

/// Everything the code-of-conduct template sees.
#[derive(Debug, Clone, Serialize)]
pub struct ConductContext<'a> {
    /// The organisation profile.
    pub org: &'a Organisation,
    /// The participation councils the documents address, each with its law.
    pub councils: Vec<crate::rules::councils::Body<'a>>,
    /// The laws that give those councils their say, each once.
    pub council_laws: Vec<crate::knowledge::references::Ref>,
    /// Its organisation id (folder name).
    pub org_id: &'a str,
    /// Its `social_media` answers.
    pub sm: &'a SocialMedia,
    /// The conduct conclusions.
    pub c: &'a ConductConclusions,
    /// The organisation's assessed activities.
    pub activities: Vec<ActivitySummary>,
    /// Who arranges consent and awareness.
    pub coordinator: &'a Person,
    /// The output year.
    pub year: i32,
    /// The language the code is written in.
    pub lang: Lang,
    /// Dates in words, in the document's language.
    pub dates: ConductDates,
    /// Which uses occur.
    pub present: Present,
    /// This tool.
    pub tool: Tool,
}

impl<'a> ConductContext<'a> {
    /// Prepares the context in `lang`. `org` must have `social_media` and an `id` (validation
    /// makes sure).
    pub fn new(
        org: &'a Organisation,
        sm: &'a SocialMedia,
        c: &'a ConductConclusions,
        activities: &[(&Activity, &Conclusions)],
        year: i32,
        lang: Lang,
    ) -> Self {
        let date = |d| lang.date(d);
        let uses = |u: PlatformUse| sm.platforms.iter().any(|p| p.uses.contains(&u));
        let d = sm.date;
        ConductContext {
            org,
            councils: crate::rules::councils::of(org),
            council_laws: crate::rules::councils::laws(org),
            org_id: org.id.as_deref().unwrap_or_default(),
            sm,
            c,
            activities: activities
                .iter()
                .map(|(a, c)| ActivitySummary {
                    id: a.assessment.id.clone(),
                    title: a.assessment.title.clone(),
                    platform: a.processing.platform.clone(),
                    verdict: c.dpia.verdict,
                    advice: c.advice.kind,
                })
                .collect(),
            coordinator: sm
                .consent_coordinator
                .as_ref()
                .unwrap_or(&org.privacy_officer),
            year,
            lang,
            dates: ConductDates {
                dates: Dates {
                    date: DateView::new(d, lang),
                    review: date(sm.review),
                },
                council_consent: sm.council_consent.map(date),
                adopted: sm.adopted.map(date),
            },
            present: Present {
                school_channel: uses(PlatformUse::SchoolChannel),
                in_class: uses(PlatformUse::InClass),
                pupil_communication: uses(PlatformUse::PupilCommunication),
                parent_communication: uses(PlatformUse::ParentCommunication),
                young: sm
                    .pupil_groups
                    .iter()
                    .any(|g| matches!(g.level, Level::Po | Level::So)),
                pupils_16_plus: sm.pupil_groups.iter().any(|g| g.ages[1] >= 16),
                pupils_under_16: sm.pupil_groups.iter().any(|g| g.ages[0] < 16),
            },
            tool: Tool {
                name: env!("CARGO_PKG_NAME"),
                version: env!("CARGO_PKG_VERSION"),
            },
        }
    }
}
