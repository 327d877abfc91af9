//! The code of conduct for social media (gedragscode sociale media): which rules the code must
//! contain for this school, and what must be solved before the board adopts it.
//!
//! Pure: the organisation's `social_media` answers, the platform facts and the organisation's
//! assessed activities in, reasons and findings out. Every reason names the answers it rests on.
//!
//! 1. Per platform: a minimum age above a pupil group's youngest age means the platform cannot
//!    be required for that group; a platform without any agreement cannot be required at all;
//!    in-class use by pupils under 16 needs their parents' consent and an alternative for who
//!    refuses (Art. 8 AVG, art. 5 UAVG); staff are never required to use private accounts or
//!    numbers; the linked pre-DPIA's advice counts.
//! 2. Per pupil group: who gives consent (parents under 16, the pupil from 16).
//! 3. Staff: business phones and accounts, no personal data on own channels.
//! 4. Photos: minimal data by default, consent per channel and for the platform's own use,
//!    removal on request.
//! 5. Smartphones, incidents (report a possible data breach internally at once), adoption by
//!    the board after consent of the (G)MR.

use super::advice::AdviceKind;
use super::dpia::Verdict;
use super::reason::Value;
use super::{Conclusions, Finding, Reason, Severity};
use crate::knowledge::platforms::{Category, Platform, Platforms, SchoolAgreement};
use crate::knowledge::references::refs::*;
use crate::model::social_media::{Level, PlatformUse, SmartphonePolicy, SocialMedia, StaffAccount};
use crate::model::{Activity, Status};
use school::{adoption, consent, groups, photos, smartphones, staff};
use serde::Serialize;

mod school;

use super::consent::CONSENT_AGE;

/// A pupil group with what the code says about it.
#[derive(Debug, Clone, Serialize)]
pub struct GroupConclusion {
    /// School level.
    pub level: Level,
    /// Name as the school uses it.
    pub name: String,
    /// Youngest and oldest age.
    pub ages: [u8; 2],
    /// The youngest pupils are under 16.
    pub under_16: bool,
    /// Who consents for this group, and why.
    pub reasons: Vec<Reason>,
    /// The platforms this group uses itself, with the rules that concern the group.
    pub platforms: Vec<GroupPlatform>,
}

/// A platform as it concerns one pupil group: the rules for the pupils' chapter.
#[derive(Debug, Clone, Serialize)]
pub struct GroupPlatform {
    /// Name of the platform.
    pub name: String,
    /// Its minimum age, when it has one.
    pub minimum_age: Option<u8>,
    /// The school requires the group to take part.
    pub required: bool,
    /// What a pupil who does not take part gets instead.
    pub alternative: Option<String>,
    /// The rules for this group (minimum age, consent), each with its reason.
    pub reasons: Vec<Reason>,
}

/// The pre-DPIA of a platform's use, found among the organisation's activities.
#[derive(Debug, Clone, Serialize)]
pub struct PreDpiaLink {
    /// Assessment id.
    pub id: String,
    /// Title of the activity.
    pub title: String,
    /// The pre-DPIA's verdict.
    pub verdict: Verdict,
    /// The pre-DPIA's advice.
    pub advice: AdviceKind,
}

/// A platform the school uses, with the rules that follow for it.
#[derive(Debug, Clone, Serialize)]
pub struct PlatformConclusion {
    /// The facts from the platform list.
    pub platform: Platform,
    /// What the school uses it for.
    pub uses: Vec<PlatformUse>,
    /// Names of the pupil groups that use it themselves.
    pub groups: Vec<String>,
    /// The school requires those pupils to take part.
    pub required: bool,
    /// Which account staff use.
    pub staff_account: StaffAccount,
    /// What a pupil who does not take part gets instead.
    pub alternative: Option<String>,
    /// The school's remark.
    pub note: Option<String>,
    /// The linked pre-DPIA, when found.
    pub pre_dpia: Option<PreDpiaLink>,
    /// The rules for this platform, each with its reason; none while it is not used.
    pub reasons: Vec<Reason>,
    /// When the linked pre-DPIA advises against this use: its blocking findings. The code then
    /// sets no rules for the platform, only that it is not used until these are solved.
    pub not_used_until: Option<Vec<Finding>>,
}

/// Everything the code of conduct of one organisation rests on.
#[derive(Debug, Clone, Serialize)]
pub struct ConductConclusions {
    /// Pupil groups.
    pub groups: Vec<GroupConclusion>,
    /// Platforms in use (unknown platform ids are left out; validation reports them).
    pub platforms: Vec<PlatformConclusion>,
    /// Rules for staff.
    pub staff: Vec<Reason>,
    /// Rules on consent.
    pub consent: Vec<Reason>,
    /// Rules on photos, video and posts.
    pub photos: Vec<Reason>,
    /// The smartphone rule.
    pub smartphones: Vec<Reason>,
    /// Incidents and data breaches.
    pub incidents: Vec<Reason>,
    /// Adoption and consent of the (G)MR.
    pub adoption: Vec<Reason>,
    /// What must be solved before adoption, most severe first.
    pub findings: Vec<Finding>,
    /// Date the platform facts were last checked.
    pub platforms_checked: String,
}

fn ages(a: [u8; 2]) -> Value {
    Value::Ages {
        from: a[0],
        to: Some(a[1]),
    }
}

/// The uses as written in the questionnaire, e.g. `in-class, pupil-communication`.
fn use_names(uses: &[PlatformUse]) -> Value {
    Value::List(uses.iter().map(crate::model::name_of).collect())
}

/// Pupils use the platform themselves through these uses.
fn pupils_use(uses: &[PlatformUse]) -> bool {
    uses.iter()
        .any(|u| matches!(u, PlatformUse::InClass | PlatformUse::PupilCommunication))
}

/// Derives the code's rules and findings for an organisation `org` with `social_media` answers
/// `sm`.
/// `activities` are the organisation's valid activities with their conclusions.
pub fn assess(
    org: &crate::model::Organisation,
    sm: &SocialMedia,
    platforms: &Platforms,
    activities: &[(&Activity, &Conclusions)],
) -> ConductConclusions {
    let mut findings = Vec::new();
    let mut groups = groups(sm);
    let mut out_platforms = Vec::new();
    for (pi, answer) in sm.platforms.iter().enumerate() {
        let Some(facts) = platforms.get(&answer.platform) else {
            continue;
        };
        let at = |f: &str| format!("social_media.platforms[{pi}].{f}");
        let mut reasons = Vec::new();
        let name = facts.name.clone();
        let used_by: Vec<(usize, &crate::model::social_media::PupilGroup)> = sm
            .pupil_groups
            .iter()
            .enumerate()
            .filter(|(_, g)| answer.groups.contains(&g.level))
            .collect();

        let mut per_group: Vec<(usize, Reason)> = Vec::new();
        // 1. Minimum age above the youngest pupils of a group that uses it.
        if let Some(min) = facts.minimum_age {
            for (gi, g) in &used_by {
                if g.ages[0] >= min {
                    continue;
                }
                let reason = Reason::new("platform-min-age", &[PLATFORM_TERMS, AVG_8])
                    .answer(format!("platforms[{}].minimum_age", facts.id), min)
                    .answer(
                        format!("social_media.pupil_groups[{gi}].ages"),
                        ages(g.ages),
                    )
                    .answer(at("groups"), Value::choice(g.level));
                if answer.required {
                    findings.push(
                        Finding::new(
                            Severity::Blocking,
                            reason.clone().answer(at("required"), true),
                        )
                        .about(format!("{name} ({})", g.name)),
                    );
                }
                per_group.push((*gi, reason.clone()));
                reasons.push(reason);
            }
        }

        // 2. No agreement at all: nobody can be required to use it.
        let communicates = answer.uses.iter().any(|u| {
            matches!(
                u,
                PlatformUse::InClass
                    | PlatformUse::ParentCommunication
                    | PlatformUse::PupilCommunication
            )
        });
        if facts.school_agreement == SchoolAgreement::None && communicates {
            let reason = Reason::new(
                "platform-no-agreement",
                &[AVG_5_2, AVG_24, AVG_28, KENNISNET_SOCIAL_MEDIA],
            )
            .answer(
                format!("platforms[{}].school_agreement", facts.id),
                Value::Choice("none".into()),
            );
            if answer.required {
                findings.push(
                    Finding::new(
                        Severity::Blocking,
                        Reason::new("platform-no-agreement-required", &reason.references)
                            .answer(
                                format!("platforms[{}].school_agreement", facts.id),
                                Value::Choice("none".into()),
                            )
                            .answer(at("required"), true),
                    )
                    .about(name.clone()),
                );
            }
            reasons.push(reason);
        }

        // 3. The platform's own purposes on a school channel: joint responsibility.
        if facts.own_purposes && answer.uses.contains(&PlatformUse::SchoolChannel) {
            reasons.push(
                Reason::new(
                    "platform-own-purposes",
                    &[AVG_26, CJEU_C_210_16, AP_SOCIAL_MEDIA_SCHOOLS],
                )
                .answer(format!("platforms[{}].own_purposes", facts.id), true)
                .answer(at("uses"), Value::Choice("school-channel".into())),
            );
        }

        // 4. Pupils use it themselves: consent (under 16: parents) and an alternative.
        if pupils_use(&answer.uses) && facts.category != Category::SchoolService {
            for (gi, g) in &used_by {
                let (code, reference) = if g.ages[0] < CONSENT_AGE {
                    ("platform-consent-parents", &[AVG_8, UAVG_5])
                } else {
                    ("platform-consent-pupils", &[AVG_6_1_A, AVG_7])
                };
                let reason = Reason::new(code, reference)
                    .answer(at("uses"), use_names(&answer.uses))
                    .answer(
                        format!("social_media.pupil_groups[{gi}].ages"),
                        ages(g.ages),
                    );
                per_group.push((*gi, reason.clone()));
                reasons.push(reason);
            }
            let alternative = answer
                .alternative
                .as_deref()
                .is_some_and(|a| !a.trim().is_empty());
            if alternative {
                reasons.push(
                    Reason::new("platform-alternative", &[AVG_7_4, AVG_RECITAL_42])
                        .answer(at("alternative"), Value::Given),
                );
            } else if !used_by.is_empty() {
                findings.push(
                    Finding::new(
                        Severity::Medium,
                        Reason::new("platform-no-alternative", &[AVG_7_4, AVG_RECITAL_42])
                            .answer(at("alternative"), Value::Missing),
                    )
                    .about(name.clone()),
                );
            }
            if answer.required && !used_by.is_empty() {
                findings.push(
                    Finding::new(
                        Severity::Blocking,
                        Reason::new(
                            "platform-required-with-consent",
                            &[AVG_4_11, AVG_7_4, KENNISNET_SOCIAL_MEDIA],
                        )
                        .answer(at("required"), true)
                        .answer(at("uses"), use_names(&answer.uses)),
                    )
                    .about(name.clone()),
                );
            }
        } else if pupils_use(&answer.uses) {
            reasons.push(
                Reason::new("platform-school-account", &[AVG_6_1_E, AVG_28])
                    .answer(
                        format!("platforms[{}].school_agreement", facts.id),
                        Value::Choice("processing-agreement".into()),
                    )
                    .answer(at("uses"), use_names(&answer.uses)),
            );
        }

        // 5. Staff: no private accounts, no private numbers.
        match answer.staff_account {
            StaffAccount::Private => findings.push(
                Finding::new(
                    Severity::Blocking,
                    Reason::new(
                        "platform-staff-private",
                        &[AVG_5_1_C, AVG_6_1, KENNISNET_SOCIAL_MEDIA],
                    )
                    .answer(at("staff_account"), Value::Choice("private".into())),
                )
                .about(name.clone()),
            ),
            StaffAccount::School if facts.needs_phone_number && !sm.staff.business_phones => {
                findings.push(
                    Finding::new(
                        Severity::Medium,
                        Reason::new("platform-needs-business-phone", &[AVG_5_1_C])
                            .answer(format!("platforms[{}].needs_phone_number", facts.id), true)
                            .answer(at("staff_account"), Value::Choice("school".into()))
                            .answer("social_media.staff.business_phones", false),
                    )
                    .about(name.clone()),
                )
            }
            StaffAccount::School => reasons.push(
                Reason::new("platform-staff-school-account", &[AVG_5_1_C])
                    .answer(at("staff_account"), Value::Choice("school".into())),
            ),
            StaffAccount::None => {}
        }

        // 6. The pre-DPIA of this use.
        let pre_dpia = match &answer.pre_dpia {
            Some(id) => {
                let found =
                    activities
                        .iter()
                        .find(|(a, _)| &a.assessment.id == id)
                        .map(|(a, c)| PreDpiaLink {
                            id: id.clone(),
                            title: a.assessment.title.clone(),
                            verdict: c.dpia.verdict,
                            advice: c.advice.kind,
                        });
                match &found {
                    Some(link) => {
                        let reason = Reason::new("platform-pre-dpia", &[AVG_35])
                            .answer(at("pre_dpia"), id)
                            .answer(format!("pre-dpia[{id}].advice"), Value::choice(link.advice));
                        if link.advice == AdviceKind::DoNotUse {
                            findings.push(
                                Finding::new(
                                    Severity::Blocking,
                                    Reason::new("pre-dpia-advises-against", &[AVG_35])
                                        .answer(at("pre_dpia"), id)
                                        .answer(
                                            format!("pre-dpia[{id}].advice"),
                                            Value::Choice("do-not-use".into()),
                                        ),
                                )
                                .about(name.clone()),
                            );
                        }
                        reasons.push(reason);
                    }
                    None => findings.push(
                        Finding::new(
                            Severity::Medium,
                            Reason::new("pre-dpia-not-found", &[AVG_35]).answer(at("pre_dpia"), id),
                        )
                        .about(name.clone()),
                    ),
                }
                found
            }
            None if facts.category != Category::SchoolService => {
                findings.push(
                    Finding::new(
                        Severity::Low,
                        Reason::new("pre-dpia-missing", &[AVG_35])
                            .answer(at("pre_dpia"), Value::Missing),
                    )
                    .about(name.clone()),
                );
                None
            }
            None => None,
        };

        // A use the pre-DPIA advises against gets no rules: it does not happen until the
        // pre-DPIA's blocking findings are solved.
        let not_used_until = pre_dpia
            .as_ref()
            .filter(|link| link.advice == AdviceKind::DoNotUse)
            .and_then(|link| activities.iter().find(|(a, _)| a.assessment.id == link.id))
            .map(|(_, c)| {
                c.findings
                    .iter()
                    .filter(|f| f.severity == Severity::Blocking)
                    .cloned()
                    .collect::<Vec<_>>()
            });
        let in_use = not_used_until.is_none();
        for (gi, _) in used_by.iter().filter(|_| in_use) {
            groups[*gi].platforms.push(GroupPlatform {
                name: name.clone(),
                minimum_age: facts.minimum_age,
                required: answer.required,
                alternative: answer.alternative.clone(),
                reasons: per_group
                    .iter()
                    .filter(|(g, _)| g == gi)
                    .map(|(_, r)| r.clone())
                    .collect(),
            });
        }
        out_platforms.push(PlatformConclusion {
            platform: facts.clone(),
            uses: answer.uses.clone(),
            groups: used_by.iter().map(|(_, g)| g.name.clone()).collect(),
            required: answer.required,
            staff_account: answer.staff_account,
            alternative: answer.alternative.clone(),
            note: answer.note.clone(),
            pre_dpia,
            reasons: if in_use { reasons } else { Vec::new() },
            not_used_until,
        });
    }

    let staff = staff(sm, &mut findings);
    let consent = consent(sm, platforms, &mut findings);
    let photos = photos(sm);
    let smartphones = smartphones(sm, &mut findings);
    let incidents = vec![
        Reason::new("breach-report-at-once", &[AVG_33, AVG_34]).answer(
            "social_media.contacts.breach.name",
            &sm.contacts.breach.name,
        ),
        Reason::new("complaints-contact", &[AVG_12, AVG_77]).answer(
            "social_media.contacts.complaints.name",
            &sm.contacts.complaints.name,
        ),
    ];
    let adoption = adoption(sm, &crate::rules::councils::laws(org), &mut findings);
    findings.sort_by_key(|f| std::cmp::Reverse(f.severity));
    ConductConclusions {
        groups,
        platforms: out_platforms,
        staff,
        consent,
        photos,
        smartphones,
        incidents,
        adoption,
        findings,
        platforms_checked: platforms.checked.clone(),
    }
}

#[cfg(test)]
mod tests;
