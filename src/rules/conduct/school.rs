//! The school-wide rules of the code of conduct: pupil groups, staff, consent, photos,
//! smartphones, and its adoption and review.

use super::*;

pub(super) fn groups(sm: &SocialMedia) -> Vec<GroupConclusion> {
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

pub(super) fn staff(sm: &SocialMedia, findings: &mut Vec<Finding>) -> Vec<Reason> {
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

pub(super) fn consent(
    sm: &SocialMedia,
    platforms: &Platforms,
    findings: &mut Vec<Finding>,
) -> Vec<Reason> {
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

pub(super) fn photos(sm: &SocialMedia) -> Vec<Reason> {
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

pub(super) fn smartphones(sm: &SocialMedia, findings: &mut Vec<Finding>) -> Vec<Reason> {
    let p = sm.smartphones.policy;
    let name = match p {
        SmartphonePolicy::NotInClass => "not-in-class",
        SmartphonePolicy::Collected => "collected",
        SmartphonePolicy::Allowed => "allowed",
    };
    // The national agreement on phones in class covers po, so and vo, not mbo or ho: it is
    // cited only for a school with pupils at those levels.
    let covered = sm.pupil_groups.iter().enumerate().find(|(_, g)| {
        matches!(
            g.level,
            Level::Po | Level::So | Level::VoOnderbouw | Level::VoBovenbouw
        )
    });
    let reference: &[crate::knowledge::references::Ref] = if covered.is_some() {
        &[PHONE_AGREEMENT]
    } else {
        &[]
    };
    if p == SmartphonePolicy::Allowed
        && let Some((gi, g)) = covered
    {
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

/// The council's consent and the board's adoption; `laws` give the councils their say.
pub(super) fn adoption(
    sm: &SocialMedia,
    laws: &[crate::knowledge::references::Ref],
    findings: &mut Vec<Finding>,
) -> Vec<Reason> {
    let mut out = Vec::new();
    match sm.council_consent {
        Some(d) => out
            .push(Reason::new("council-consented", laws).answer("social_media.council_consent", d)),
        None => findings.push(Finding::new(
            Severity::Medium,
            Reason::new("council-consent-missing", laws)
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
