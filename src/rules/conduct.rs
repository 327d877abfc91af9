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
use crate::knowledge::references::refs::*;
use crate::model::social_media::{Level, PlatformUse, SmartphonePolicy, SocialMedia, StaffAccount};
use crate::model::{Activity, Status};
use crate::platforms::{Category, Platform, Platforms, SchoolAgreement};
use serde::Serialize;

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
    /// The rules for this platform, each with its reason.
    pub reasons: Vec<Reason>,
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

/// Derives the code's rules and findings for an organisation with `social_media` answers.
/// `activities` are the organisation's valid activities with their conclusions.
pub fn assess(
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

        for (gi, _) in &used_by {
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
            reasons,
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
    let adoption = adoption(sm, &mut findings);
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

fn groups(sm: &SocialMedia) -> Vec<GroupConclusion> {
    sm.pupil_groups
        .iter()
        .enumerate()
        .map(|(gi, g)| {
            let under_16 = g.ages[0] < CONSENT_AGE;
            let mut reasons = vec![
                if under_16 {
                    Reason::new("consent-parents-under-16", &[AVG_8, UAVG_5])
                } else {
                    Reason::new("consent-pupils-16-plus", &[AVG_7, AVG_8])
                }
                .answer(
                    format!("social_media.pupil_groups[{gi}].ages"),
                    ages(g.ages),
                ),
            ];
            if under_16 && g.ages[1] >= CONSENT_AGE {
                reasons.push(Reason::new("consent-turning-16", &[AVG_7_3, AVG_8]).answer(
                    format!("social_media.pupil_groups[{gi}].ages"),
                    ages(g.ages),
                ));
            }
            GroupConclusion {
                level: g.level,
                name: g.name.clone(),
                ages: g.ages,
                under_16,
                reasons,
                platforms: Vec::new(),
            }
        })
        .collect()
}

fn staff(sm: &SocialMedia, findings: &mut Vec<Finding>) -> Vec<Reason> {
    let s = &sm.staff;
    let mut out = Vec::new();
    let pick = |flag: bool, yes: &'static str, no: &'static str| if flag { yes } else { no };
    out.push(
        Reason::new(
            pick(
                s.business_phones,
                "staff-business-phone",
                "staff-no-business-phone",
            ),
            &[AVG_5_1_C, AVG_32],
        )
        .answer("social_media.staff.business_phones", s.business_phones),
    );
    out.push(
        Reason::new(
            pick(
                s.business_accounts,
                "staff-business-accounts",
                "staff-no-business-accounts",
            ),
            &[AVG_5_1_C, AVG_32],
        )
        .answer("social_media.staff.business_accounts", s.business_accounts),
    );
    out.push(
        Reason::new(
            pick(
                s.may_post_about_work,
                "staff-own-channels-about-work",
                "staff-own-channels-not-about-work",
            ),
            &[AVG_5_1_B, AVG_6_1],
        )
        .answer(
            "social_media.staff.may_post_about_work",
            s.may_post_about_work,
        ),
    );
    if s.private_devices_required {
        findings.push(Finding::new(
            Severity::Blocking,
            Reason::new(
                "staff-private-devices-required",
                &[AVG_5_1_C, AVG_6_1, KENNISNET_SOCIAL_MEDIA],
            )
            .answer("social_media.staff.private_devices_required", true),
        ));
    }
    out
}

fn consent(sm: &SocialMedia, platforms: &Platforms, findings: &mut Vec<Finding>) -> Vec<Reason> {
    let c = &sm.consent;
    let mut out = vec![
        Reason::new("consent-recorded", &[AVG_7_1])
            .answer("social_media.consent.recorded_in", &c.recorded_in)
            .answer("social_media.consent.recorded_by", &c.recorded_by),
        Reason::new("consent-withdrawal", &[AVG_7_3])
            .answer("social_media.consent.withdrawal", &c.withdrawal),
    ];
    if c.per_channel {
        out.push(
            Reason::new("consent-per-channel", &[AVG_4_11, AVG_6_1_A])
                .answer("social_media.consent.per_channel", true),
        );
    } else if sm.identifiable_photos {
        findings.push(Finding::new(
            Severity::Medium,
            Reason::new("consent-not-per-channel", &[AVG_4_11, AVG_6_1_A])
                .answer("social_media.consent.per_channel", false)
                .answer("social_media.identifiable_photos", true),
        ));
    }
    // The AP: consent must cover the platform's own use too, when people are shown on it.
    let own_purpose_channel = sm.platforms.iter().enumerate().find(|(_, p)| {
        p.uses.contains(&PlatformUse::SchoolChannel)
            && platforms.get(&p.platform).is_some_and(|f| f.own_purposes)
    });
    if let Some((pi, p)) = own_purpose_channel
        && sm.identifiable_photos
    {
        let reason = |code| {
            Reason::new(code, &[AVG_4_11, AVG_7, AVG_26, AP_SOCIAL_MEDIA_SCHOOLS])
                .answer("social_media.identifiable_photos", true)
                .answer(
                    format!("social_media.platforms[{pi}].platform"),
                    &p.platform,
                )
                .answer(
                    "social_media.consent.covers_platform_use",
                    c.covers_platform_use,
                )
        };
        if c.covers_platform_use {
            out.push(reason("consent-covers-platform-use"));
        } else {
            findings.push(
                Finding::new(Severity::Blocking, reason("consent-platform-use")).about(
                    platforms
                        .get(&p.platform)
                        .map_or(p.platform.clone(), |f| f.name.clone()),
                ),
            );
        }
    }
    out
}

fn photos(sm: &SocialMedia) -> Vec<Reason> {
    let channels: Vec<usize> = sm
        .platforms
        .iter()
        .enumerate()
        .filter(|(_, p)| p.uses.contains(&PlatformUse::SchoolChannel))
        .map(|(i, _)| i)
        .collect();
    let mut out = Vec::new();
    out.push(
        Reason::new(
            if sm.identifiable_photos {
                "photos-identifiable-with-consent"
            } else {
                "photos-not-identifiable"
            },
            &[AVG_5_1_C, AVG_6_1_A, AVG_25],
        )
        .answer("social_media.identifiable_photos", sm.identifiable_photos),
    );
    if let Some(first) = channels.first() {
        out.push(
            Reason::new("photos-minimal-default", &[AVG_5_1_C, AVG_25])
                .answer(
                    format!("social_media.platforms[{first}].uses"),
                    Value::Choice("school-channel".into()),
                )
                .answer("social_media.identifiable_photos", sm.identifiable_photos),
        );
        out.push(
            Reason::new("posts-approved", &[AVG_5_2, AVG_24])
                .answer("social_media.approval", &sm.approval),
        );
    }
    out.push(
        Reason::new("removal-on-request", &[AVG_7_3, AVG_17, AVG_21]).answer(
            "social_media.contacts.removal.name",
            &sm.contacts.removal.name,
        ),
    );
    out
}

fn smartphones(sm: &SocialMedia, findings: &mut Vec<Finding>) -> Vec<Reason> {
    let p = sm.smartphones.policy;
    let name = match p {
        SmartphonePolicy::NotInClass => "not-in-class",
        SmartphonePolicy::Collected => "collected",
        SmartphonePolicy::Allowed => "allowed",
    };
    let reference = &[PHONE_AGREEMENT];
    if p == SmartphonePolicy::Allowed {
        let covered = sm.pupil_groups.iter().enumerate().find(|(_, g)| {
            matches!(
                g.level,
                Level::Po | Level::So | Level::VoOnderbouw | Level::VoBovenbouw
            )
        });
        if let Some((gi, g)) = covered {
            findings.push(Finding::new(
                Severity::Low,
                Reason::new("smartphones-national-agreement", reference)
                    .answer("social_media.smartphones.policy", name)
                    .answer(
                        format!("social_media.pupil_groups[{gi}].level"),
                        Value::choice(g.level),
                    ),
            ));
        }
    }
    vec![
        Reason::new(
            match p {
                SmartphonePolicy::NotInClass => "smartphones-not-in-class",
                SmartphonePolicy::Collected => "smartphones-collected",
                SmartphonePolicy::Allowed => "smartphones-allowed",
            },
            reference,
        )
        .answer("social_media.smartphones.policy", name),
    ]
}

fn adoption(sm: &SocialMedia, findings: &mut Vec<Finding>) -> Vec<Reason> {
    let wms = &[WMS_CONSENT];
    let mut out = Vec::new();
    match sm.council_consent {
        Some(d) => out
            .push(Reason::new("council-consented", wms).answer("social_media.council_consent", d)),
        None => findings.push(Finding::new(
            Severity::Medium,
            Reason::new("council-consent-missing", wms)
                .answer("social_media.council_consent", Value::Missing),
        )),
    }
    match (sm.adopted, sm.status) {
        (Some(d), _) => {
            out.push(Reason::new("board-adopted", &[AVG_24]).answer("social_media.adopted", d))
        }
        (None, Status::Vastgesteld) => findings.push(Finding::new(
            Severity::Medium,
            Reason::new("adoption-date-missing", &[AVG_24])
                .answer("social_media.status", Value::Choice("vastgesteld".into()))
                .answer("social_media.adopted", Value::Missing),
        )),
        (None, Status::Concept) => {}
    }
    out.push(Reason::new("review-date", &[AVG_24_1]).answer("social_media.review", sm.review));
    out
}

#[cfg(test)]
mod tests;
