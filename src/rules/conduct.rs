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
use super::{Conclusions, Finding, Reason, Severity};
use crate::model::social_media::{Level, PlatformUse, SmartphonePolicy, SocialMedia, StaffAccount};
use crate::model::{Activity, Status};
use crate::platforms::{Category, Platform, Platforms, SchoolAgreement};
use serde::Serialize;

/// The age from which a pupil consents personally (Art. 8 AVG; art. 5 UAVG).
pub const CONSENT_AGE: u8 = 16;

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

fn level_name(l: Level) -> &'static str {
    match l {
        Level::Po => "po",
        Level::So => "so",
        Level::VoOnderbouw => "vo-onderbouw",
        Level::VoBovenbouw => "vo-bovenbouw",
        Level::Mbo => "mbo",
        Level::Ho => "ho",
    }
}

fn ages(a: [u8; 2]) -> String {
    format!("{}–{}", a[0], a[1])
}

/// The uses as written in the questionnaire, e.g. `in-class, pupil-communication`.
fn use_names(uses: &[PlatformUse]) -> String {
    uses.iter()
        .map(|u| match u {
            PlatformUse::SchoolChannel => "school-channel",
            PlatformUse::InClass => "in-class",
            PlatformUse::ParentCommunication => "parent-communication",
            PlatformUse::PupilCommunication => "pupil-communication",
        })
        .collect::<Vec<_>>()
        .join(", ")
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
                let reason = Reason::new(
                    "platform-min-age",
                    "gebruiksvoorwaarden van het platform; Art. 8 AVG",
                )
                .answer(format!("platforms.yaml: {}.minimum_age", facts.id), min)
                .answer(
                    format!("social_media.pupil_groups[{gi}].ages"),
                    ages(g.ages),
                )
                .answer(at("groups"), level_name(g.level));
                if answer.required {
                    findings.push(
                        Finding::new(
                            Severity::Blocking,
                            reason.clone().answer(at("required"), "true"),
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
                "Art. 5(2), 24 en 28 AVG; Kennisnet, Afspraken over sociale media",
            )
            .answer(
                format!("platforms.yaml: {}.school_agreement", facts.id),
                "none",
            );
            if answer.required {
                findings.push(
                    Finding::new(
                        Severity::Blocking,
                        Reason::new("platform-no-agreement-required", reason.reference)
                            .answer(
                                format!("platforms.yaml: {}.school_agreement", facts.id),
                                "none",
                            )
                            .answer(at("required"), "true"),
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
                    "Art. 26 AVG; HvJ EU C-210/16 (Wirtschaftsakademie); advies AP over sociale media in het onderwijs",
                )
                .answer(format!("platforms.yaml: {}.own_purposes", facts.id), "true")
                .answer(at("uses"), "school-channel"),
            );
        }

        // 4. Pupils use it themselves: consent (under 16: parents) and an alternative.
        if pupils_use(&answer.uses) && facts.category != Category::SchoolService {
            for (gi, g) in &used_by {
                let (code, reference) = if g.ages[0] < CONSENT_AGE {
                    ("platform-consent-parents", "Art. 8 AVG; art. 5 UAVG")
                } else {
                    ("platform-consent-pupils", "Art. 6(1)(a) en 7 AVG")
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
                    Reason::new("platform-alternative", "Art. 7(4) AVG; overweging 42 AVG")
                        .answer(at("alternative"), "ingevuld"),
                );
            } else if !used_by.is_empty() {
                findings.push(
                    Finding::new(
                        Severity::Medium,
                        Reason::new(
                            "platform-no-alternative",
                            "Art. 7(4) AVG; overweging 42 AVG",
                        )
                        .answer(at("alternative"), "(leeg)"),
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
                            "Art. 4(11) en 7(4) AVG; Kennisnet, Afspraken over sociale media",
                        )
                        .answer(at("required"), "true")
                        .answer(at("uses"), use_names(&answer.uses)),
                    )
                    .about(name.clone()),
                );
            }
        } else if pupils_use(&answer.uses) {
            reasons.push(
                Reason::new("platform-school-account", "Art. 6(1)(e) en 28 AVG")
                    .answer(
                        format!("platforms.yaml: {}.school_agreement", facts.id),
                        "processing-agreement",
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
                        "Art. 5(1)(c) en 6(1) AVG; Kennisnet, Afspraken over sociale media",
                    )
                    .answer(at("staff_account"), "private"),
                )
                .about(name.clone()),
            ),
            StaffAccount::School if facts.needs_phone_number && !sm.staff.business_phones => {
                findings.push(
                    Finding::new(
                        Severity::Medium,
                        Reason::new("platform-needs-business-phone", "Art. 5(1)(c) AVG")
                            .answer(
                                format!("platforms.yaml: {}.needs_phone_number", facts.id),
                                "true",
                            )
                            .answer(at("staff_account"), "school")
                            .answer("social_media.staff.business_phones", "false"),
                    )
                    .about(name.clone()),
                )
            }
            StaffAccount::School => reasons.push(
                Reason::new("platform-staff-school-account", "Art. 5(1)(c) AVG")
                    .answer(at("staff_account"), "school"),
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
                        let reason = Reason::new("platform-pre-dpia", "Art. 35 AVG")
                            .answer(at("pre_dpia"), id)
                            .answer(format!("{id}: advies"), advice_name(link.advice));
                        if link.advice == AdviceKind::DoNotUse {
                            findings.push(
                                Finding::new(
                                    Severity::Blocking,
                                    Reason::new("pre-dpia-advises-against", "Art. 35 AVG")
                                        .answer(at("pre_dpia"), id)
                                        .answer(format!("{id}: advies"), "do-not-use"),
                                )
                                .about(name.clone()),
                            );
                        }
                        reasons.push(reason);
                    }
                    None => findings.push(
                        Finding::new(
                            Severity::Medium,
                            Reason::new("pre-dpia-not-found", "Art. 35 AVG")
                                .answer(at("pre_dpia"), id),
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
                        Reason::new("pre-dpia-missing", "Art. 35 AVG")
                            .answer(at("pre_dpia"), "(leeg)"),
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
        Reason::new("breach-report-at-once", "Art. 33 en 34 AVG").answer(
            "social_media.contacts.breach.name",
            &sm.contacts.breach.name,
        ),
        Reason::new("complaints-contact", "Art. 12 en 77 AVG").answer(
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

fn advice_name(a: AdviceKind) -> &'static str {
    match a {
        AdviceKind::Use => "use",
        AdviceKind::UseWithMeasures => "use-with-measures",
        AdviceKind::DoNotUse => "do-not-use",
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
                    Reason::new("consent-parents-under-16", "Art. 8 AVG; art. 5 UAVG")
                } else {
                    Reason::new("consent-pupils-16-plus", "Art. 7 en 8 AVG")
                }
                .answer(
                    format!("social_media.pupil_groups[{gi}].ages"),
                    ages(g.ages),
                ),
            ];
            if under_16 && g.ages[1] >= CONSENT_AGE {
                reasons.push(
                    Reason::new("consent-turning-16", "Art. 7(3) en 8 AVG").answer(
                        format!("social_media.pupil_groups[{gi}].ages"),
                        ages(g.ages),
                    ),
                );
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
            "Art. 5(1)(c) en 32 AVG",
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
            "Art. 5(1)(c) en 32 AVG",
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
            "Art. 5(1)(b) en 6(1) AVG",
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
                "Art. 5(1)(c) en 6(1) AVG; Kennisnet, Afspraken over sociale media",
            )
            .answer("social_media.staff.private_devices_required", "true"),
        ));
    }
    out
}

fn consent(sm: &SocialMedia, platforms: &Platforms, findings: &mut Vec<Finding>) -> Vec<Reason> {
    let c = &sm.consent;
    let mut out = vec![
        Reason::new("consent-recorded", "Art. 7(1) AVG")
            .answer("social_media.consent.recorded_in", &c.recorded_in)
            .answer("social_media.consent.recorded_by", &c.recorded_by),
        Reason::new("consent-withdrawal", "Art. 7(3) AVG")
            .answer("social_media.consent.withdrawal", &c.withdrawal),
    ];
    if c.per_channel {
        out.push(
            Reason::new("consent-per-channel", "Art. 4(11) en 6(1)(a) AVG")
                .answer("social_media.consent.per_channel", "true"),
        );
    } else if sm.identifiable_photos {
        findings.push(Finding::new(
            Severity::Medium,
            Reason::new("consent-not-per-channel", "Art. 4(11) en 6(1)(a) AVG")
                .answer("social_media.consent.per_channel", "false")
                .answer("social_media.identifiable_photos", "true"),
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
            Reason::new(
                code,
                "Art. 4(11), 7 en 26 AVG; advies AP over sociale media in het onderwijs",
            )
            .answer("social_media.identifiable_photos", "true")
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
            "Art. 5(1)(c), 6(1)(a) en 25 AVG",
        )
        .answer("social_media.identifiable_photos", sm.identifiable_photos),
    );
    if let Some(first) = channels.first() {
        out.push(
            Reason::new("photos-minimal-default", "Art. 5(1)(c) en 25 AVG")
                .answer(
                    format!("social_media.platforms[{first}].uses"),
                    "school-channel",
                )
                .answer("social_media.identifiable_photos", sm.identifiable_photos),
        );
        out.push(
            Reason::new("posts-approved", "Art. 5(2) en 24 AVG")
                .answer("social_media.approval", &sm.approval),
        );
    }
    out.push(
        Reason::new("removal-on-request", "Art. 7(3), 17 en 21 AVG").answer(
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
    let reference = "landelijke afspraak over mobiele telefoons in de klas (vo vanaf 1 januari 2024; po en so vanaf schooljaar 2024–2025)";
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
                        level_name(g.level),
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
    let wms = "Wet medezeggenschap op scholen (instemmingsrecht van de (G)MR)";
    let mut out = Vec::new();
    match sm.council_consent {
        Some(d) => out
            .push(Reason::new("council-consented", wms).answer("social_media.council_consent", d)),
        None => findings.push(Finding::new(
            Severity::Medium,
            Reason::new("council-consent-missing", wms)
                .answer("social_media.council_consent", "(leeg)"),
        )),
    }
    match (sm.adopted, sm.status) {
        (Some(d), _) => {
            out.push(Reason::new("board-adopted", "Art. 24 AVG").answer("social_media.adopted", d))
        }
        (None, Status::Vastgesteld) => findings.push(Finding::new(
            Severity::Medium,
            Reason::new("adoption-date-missing", "Art. 24 AVG")
                .answer("social_media.status", "vastgesteld")
                .answer("social_media.adopted", "(leeg)"),
        )),
        (None, Status::Concept) => {}
    }
    out.push(Reason::new("review-date", "Art. 24(1) AVG").answer("social_media.review", sm.review));
    out
}

#[cfg(test)]
mod tests;
