//! Consent and legal basis: what the purposes need and what the answers lack.
//!
//! 1. Which purposes rest on consent, and are pupils under 16 involved (Art. 8 AVG, art. 5
//!    UAVG: then the parents consent)?
//! 2. Does the consent meet the AP's advice: informed beforehand, covering the school's *and*
//!    the platform's use, recorded, withdrawable, with an alternative for who refuses?
//! 3. Can a public authority rely on its chosen bases? May pupils below a platform's minimum
//!    age take part at all (only where its own terms allow it with parental consent), and may
//!    the school require them to, or require staff to use their own devices?

use super::reason::Value;
use super::{Finding, Reason, Severity};
use crate::knowledge::references::{Ref, refs::*};
use crate::model::{
    Activity, ConsentGiver, Group, LegalBasis, Obligation, Organisation, Role, Use,
};
use serde::Serialize;

/// The age from which a pupil consents personally (Art. 8 AVG; art. 5 UAVG).
pub const CONSENT_AGE: u8 = 16;

/// The consent conclusion.
#[derive(Debug, Clone, Serialize)]
pub struct ConsentConclusion {
    /// At least one purpose rests on consent.
    pub required: bool,
    /// Parents must consent (pupils under 16 involved).
    pub parental: bool,
    /// Pupils of 16 and older consent themselves.
    pub pupils_themselves: bool,
    /// The youngest pupil's age, when known.
    pub youngest_pupil: Option<u8>,
    /// Why these conclusions.
    pub reasons: Vec<Reason>,
    /// What is missing.
    pub findings: Vec<Finding>,
}

/// The youngest and oldest pupil age, and the field they come from. Unknown ages count as
/// under 16 (the careful assumption).
fn pupil_ages(activity: &Activity) -> Option<(usize, Option<[u8; 2]>)> {
    let mut out: Option<(usize, Option<[u8; 2]>)> = None;
    for (i, s) in activity
        .subjects
        .iter()
        .enumerate()
        .filter(|(_, s)| s.group == Group::Pupils)
    {
        out = match (out, s.ages) {
            (None, ages) => Some((i, ages)),
            (Some((_, None)), _) => out,
            (Some(_), None) => Some((i, None)),
            (Some((j, Some(a))), Some(b)) => Some((j, Some([a[0].min(b[0]), a[1].max(b[1])]))),
        };
    }
    out
}

/// Assesses consent and legal bases.
pub fn assess(activity: &Activity, org: &Organisation) -> ConsentConclusion {
    let mut reasons = Vec::new();
    let mut findings = Vec::new();
    let consent_purpose = activity
        .processing
        .purposes
        .iter()
        .position(|p| p.basis == LegalBasis::Consent);
    let pupils = pupil_ages(activity);
    let youngest = pupils.and_then(|(_, a)| a.map(|a| a[0]));
    let under_16 = pupils.is_some_and(|(_, a)| a.is_none_or(|a| a[0] < CONSENT_AGE));
    let over_16 = pupils.is_some_and(|(_, a)| a.is_some_and(|a| a[1] >= CONSENT_AGE));
    let required = consent_purpose.is_some();

    // Legitimate interest is not open to public authorities for their tasks.
    for (i, p) in activity.processing.purposes.iter().enumerate() {
        if org.public_authority && p.basis == LegalBasis::LegitimateInterests {
            findings.push(
                Finding::new(
                    Severity::Medium,
                    Reason::new("legitimate-interest-public-authority", &[AVG_6_1_SECOND])
                        .answer(
                            format!("processing.purposes[{i}].basis"),
                            Value::Choice("legitimate-interests".into()),
                        )
                        .answer("organisation.public_authority", true),
                )
                .about(p.name.clone()),
            );
        }
    }

    // A platform's minimum age is strict: a pupil below it does not join, with or without the
    // parents' permission, unless the platform's own terms allow it with parental consent.
    // Requiring pupils below it to take part is blocking.
    let participation = activity.processing.participation.as_ref();
    let pupils_take_part = participation.map_or(
        matches!(
            activity.processing.use_,
            Use::InClass | Use::VideoLessons | Use::LearningPlatform
        ),
        |p| p.pupils != Obligation::None,
    );
    let mandatory = participation.is_some_and(|p| p.pupils == Obligation::Mandatory);
    if let (true, Some((si, _)), Some(young)) = (pupils_take_part, pupils, youngest) {
        for (vi, v) in activity.vendors.iter().enumerate() {
            let Some(min) = v.minimum_age.filter(|m| young < *m) else {
                continue;
            };
            let reason = |code: &'static str| {
                Reason::new(code, &[AVG_8, PLATFORM_TERMS])
                    .answer(format!("vendors[{vi}].minimum_age"), min)
                    .answer(
                        format!("subjects[{si}].ages"),
                        Value::Ages {
                            from: young,
                            to: None,
                        },
                    )
            };
            let finding = if let Some(below) = &v.below_minimum_age {
                Finding::new(
                    Severity::Low,
                    reason("minimum-age-parental-terms")
                        .answer(
                            format!("vendors[{vi}].below_minimum_age.terms"),
                            &below.terms,
                        )
                        .answer(
                            format!("vendors[{vi}].below_minimum_age.checked"),
                            below.checked,
                        ),
                )
            } else if mandatory {
                Finding::new(
                    Severity::Blocking,
                    reason("minimum-age-mandatory").answer(
                        "processing.participation.pupils",
                        Value::choice(Obligation::Mandatory),
                    ),
                )
            } else {
                Finding::new(Severity::Medium, reason("minimum-age"))
            };
            findings.push(finding.about(v.product.clone().unwrap_or_else(|| v.name.clone())));
        }
    }

    // Staff who must use their own phone or account mix work and private data on devices the
    // school neither manages nor secures.
    if participation.is_some_and(|p| p.staff_private_devices) {
        findings.push(Finding::new(
            Severity::Blocking,
            Reason::new("private-devices-required", &[AVG_24, AVG_32])
                .answer("processing.participation.staff_private_devices", true),
        ));
    }

    let Some(pi) = consent_purpose else {
        return ConsentConclusion {
            required,
            parental: false,
            pupils_themselves: false,
            youngest_pupil: youngest,
            reasons,
            findings,
        };
    };
    reasons.push(Reason::new("consent-basis", &[AVG_6_1_A, AVG_7]).answer(
        format!("processing.purposes[{pi}].basis"),
        Value::Choice("consent".into()),
    ));
    if under_16 && let Some((si, ages)) = pupils {
        let age = ages.map_or(Value::Missing, |a| Value::Ages {
            from: a[0],
            to: Some(a[1]),
        });
        reasons.push(
            Reason::new("consent-parents-under-16", &[AVG_8, UAVG_5])
                .answer(format!("subjects[{si}].ages"), age),
        );
    }
    let Some(consent) = activity.consent.as_ref() else {
        // Validation refuses this combination; keep the rule total anyway.
        findings.push(Finding::new(
            Severity::Blocking,
            Reason::new("consent-not-arranged", &[AVG_7_1]).answer("consent", Value::Missing),
        ));
        return ConsentConclusion {
            required,
            parental: under_16,
            pupils_themselves: over_16,
            youngest_pupil: youngest,
            reasons,
            findings,
        };
    };
    let from = |g: ConsentGiver| consent.from.contains(&g);
    if under_16 && !from(ConsentGiver::Parents) {
        findings.push(Finding::new(
            Severity::Blocking,
            Reason::new("consent-parents-missing", &[AVG_8, UAVG_5])
                .answer("consent.from", "zonder parents"),
        ));
    }
    if over_16 && !from(ConsentGiver::Pupils) {
        findings.push(Finding::new(
            Severity::Medium,
            Reason::new("consent-pupils-16-plus", &[AVG_7, AVG_8])
                .answer("consent.from", "zonder pupils"),
        ));
    }
    // A part of a processor's service for which the vendor is a controller itself, and that
    // the school did not switch off, is the platform's own use too.
    let part_in_use =
        |v: &crate::model::Vendor| v.controller_parts.iter().position(|p| !p.switched_off);
    let platform = activity.vendors.iter().enumerate().find(|(_, v)| {
        !v.own_purposes.is_empty()
            || matches!(v.role, Role::JointController | Role::IndependentController)
            || part_in_use(v).is_some()
    });
    if let Some((vi, v)) = platform
        && !consent.covers_platform_use
    {
        let mut finding = Finding::new(
            Severity::Blocking,
            Reason::new(
                "consent-platform-use",
                &super::fitting(
                    // Art. 26 only where the platform is a joint controller.
                    if v.role == Role::JointController {
                        &[AVG_4_11, AVG_7, AVG_26, AP_SOCIAL_MEDIA_SCHOOLS]
                    } else {
                        &[AVG_4_11, AVG_7, AP_SOCIAL_MEDIA_SCHOOLS]
                    },
                    super::is_social_media(activity),
                ),
            )
            .answer("consent.covers_platform_use", false)
            .answer(format!("vendors[{vi}].role"), Value::choice(v.role)),
        )
        .about(v.product.clone().unwrap_or_else(|| v.name.clone()));
        // A processor without own purposes: the part in use is why.
        if v.own_purposes.is_empty()
            && matches!(v.role, Role::Processor | Role::SubProcessor)
            && let Some(pi) = part_in_use(v)
        {
            finding.reason = finding.reason.answer(
                format!("vendors[{vi}].controller_parts[{pi}].switched_off"),
                false,
            );
        }
        findings.push(finding);
    }
    let mut need = |ok: bool,
                    sev: Severity,
                    code: &'static str,
                    references: &[Ref],
                    field: &str,
                    value: Value| {
        if !ok {
            findings.push(Finding::new(
                sev,
                Reason::new(code, references).answer(field, value),
            ));
        }
    };
    need(
        consent.covers_school_use,
        Severity::Blocking,
        "consent-school-use",
        &[AVG_4_11, AVG_7],
        "consent.covers_school_use",
        Value::Bool(false),
    );
    need(
        consent.informed_beforehand,
        Severity::Medium,
        "consent-not-informed",
        &[AVG_7, AVG_13],
        "consent.informed_beforehand",
        Value::Bool(false),
    );
    need(
        !consent.recorded_in.trim().is_empty(),
        Severity::Medium,
        "consent-not-recorded",
        &[AVG_7_1],
        "consent.recorded_in",
        Value::Missing,
    );
    need(
        !consent.withdrawal.trim().is_empty(),
        Severity::Medium,
        "consent-withdrawal",
        &[AVG_7_3],
        "consent.withdrawal",
        Value::Missing,
    );
    let alternative = consent
        .alternative
        .as_deref()
        .is_some_and(|a| !a.trim().is_empty());
    need(
        alternative,
        Severity::Medium,
        "consent-no-alternative",
        &[AVG_7_4, AVG_RECITAL_42],
        "consent.alternative",
        Value::Missing,
    );
    need(
        !consent.accepts_breach_risk,
        Severity::Medium,
        "consent-accepts-breach-risk",
        &[AVG_5_1_F, AVG_7, AVG_32],
        "consent.accepts_breach_risk",
        Value::Bool(true),
    );
    ConsentConclusion {
        required,
        parental: under_16,
        pupils_themselves: over_16,
        youngest_pupil: youngest,
        reasons,
        findings,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::fixture::{activity_with, organisation, set};

    const CONSENT: &str = "consent:
  from: [parents]
  informed_beforehand: true
  covers_school_use: true
  covers_platform_use: true
  recorded_in: LAS
  withdrawal: Via de administratie.
  alternative: Geen foto's; een andere opdracht.
";

    fn with_pupils(ages: &str) -> impl FnOnce(&mut String) + '_ {
        move |t: &mut String| {
            set(
                t,
                "  - {group: parents, count: 10}",
                &format!("  - {{group: pupils, ages: {ages}, count: 10}}"),
            );
            set(t, "basis: public-task", "basis: consent");
            t.push_str(CONSENT);
        }
    }

    fn codes(c: &ConsentConclusion) -> Vec<&'static str> {
        c.findings.iter().map(|f| f.reason.code).collect()
    }

    #[test]
    fn age_15_needs_parents_age_16_consents_personally() {
        let c = assess(&activity_with(with_pupils("[15, 15]")), &organisation());
        assert!(c.parental && !c.pupils_themselves);
        assert!(codes(&c).is_empty(), "{:?}", codes(&c));
        let c = assess(&activity_with(with_pupils("[16, 17]")), &organisation());
        assert!(!c.parental && c.pupils_themselves);
        assert_eq!(codes(&c), ["consent-pupils-16-plus"]);
    }

    #[test]
    fn under_16_without_parents_is_blocking() {
        let a = activity_with(|t| {
            with_pupils("[12, 15]")(t);
            set(t, "from: [parents]", "from: [pupils]");
        });
        let c = assess(&a, &organisation());
        assert_eq!(c.findings[0].reason.code, "consent-parents-missing");
        assert_eq!(c.findings[0].severity, Severity::Blocking);
    }

    #[test]
    fn platform_use_must_be_covered_when_a_platform_has_own_purposes() {
        let vendor = "vendors:\n  - {name: Meta, role: joint-controller, agreement: {status: none}, locations: [IE]}\n";
        let a = activity_with(|t| {
            with_pupils("[4, 12]")(t);
            set(t, "vendors: []\n", vendor);
            set(t, "covers_platform_use: true", "covers_platform_use: false");
        });
        let c = assess(&a, &organisation());
        assert!(codes(&c).contains(&"consent-platform-use"));
        // Without such a vendor, the answer does not matter.
        let a = activity_with(|t| {
            with_pupils("[4, 12]")(t);
            set(t, "covers_platform_use: true", "covers_platform_use: false");
        });
        assert!(!codes(&assess(&a, &organisation())).contains(&"consent-platform-use"));
    }

    #[test]
    fn a_controller_part_in_use_is_the_platforms_own_use() {
        let part = |off: bool| {
            let a = activity_with(|t| {
                with_pupils("[4, 12]")(t);
                set(
                    t,
                    "vendors: []\n",
                    &format!(
                        "vendors:\n  - {{name: G, role: processor, agreement: {{status: signed, model: model4}}, locations: [IE], controller_parts: [{{service: YouTube, switched_off: {off}}}]}}\n"
                    ),
                );
                set(t, "covers_platform_use: true", "covers_platform_use: false");
            });
            assess(&a, &organisation())
        };
        let on = part(false);
        let f = on
            .findings
            .iter()
            .find(|f| f.reason.code == "consent-platform-use")
            .expect("a part in use needs consent to the platform's use");
        assert_eq!(
            f.reason.answers[2].field,
            "vendors[0].controller_parts[0].switched_off"
        );
        assert!(!codes(&part(true)).contains(&"consent-platform-use"));
    }

    #[test]
    fn refusal_needs_an_alternative_and_breach_risk_is_no_basis() {
        let a = activity_with(|t| {
            with_pupils("[4, 12]")(t);
            set(
                t,
                "  alternative: Geen foto's; een andere opdracht.\n",
                "  accepts_breach_risk: true\n",
            );
        });
        let c = codes(&assess(&a, &organisation()));
        assert!(
            c.contains(&"consent-no-alternative") && c.contains(&"consent-accepts-breach-risk")
        );
    }

    #[test]
    fn public_authority_cannot_use_legitimate_interest() {
        let a = activity_with(|t| set(t, "basis: public-task", "basis: legitimate-interests"));
        assert_eq!(
            codes(&assess(&a, &organisation())),
            ["legitimate-interest-public-authority"]
        );
        let mut org = organisation();
        org.public_authority = false;
        assert!(codes(&assess(&a, &org)).is_empty());
    }

    #[test]
    fn minimum_age_above_the_youngest_pupil_is_found() {
        let vendor = "vendors:\n  - {name: WhatsApp, role: independent-controller, agreement: {status: not-possible}, locations: [IE], minimum_age: 16}\n";
        let edit = |ages: &'static str| {
            move |t: &mut String| {
                set(
                    t,
                    "  - {group: parents, count: 10}",
                    &format!("  - {{group: pupils, ages: {ages}, count: 10}}"),
                );
                set(t, "use: school-channel", "use: in-class");
                set(t, "vendors: []\n", vendor);
            }
        };
        let c = assess(&activity_with(edit("[12, 13]")), &organisation());
        assert_eq!(codes(&c), ["minimum-age"]);
        let c = assess(&activity_with(edit("[16, 18]")), &organisation());
        assert!(codes(&c).is_empty());
    }

    /// The fixture in class with pupils of 12–13, a platform from 16, and `extra` YAML for the
    /// vendor and `participation` for the processing.
    fn platform_from_16(vendor_extra: &str, participation: &str) -> Vec<(Severity, &'static str)> {
        let a = activity_with(|t| {
            set(
                t,
                "  - {group: parents, count: 10}",
                "  - {group: pupils, ages: [12, 13], count: 10}",
            );
            set(t, "use: school-channel", "use: in-class");
            set(
                t,
                "vendors: []\n",
                &format!(
                    "vendors:\n  - {{name: Platform, role: processor, agreement: {{status: signed}}, locations: [IE], minimum_age: 16{vendor_extra}}}\n"
                ),
            );
            if !participation.is_empty() {
                set(
                    t,
                    "  necessity: {proportionality: Ja., subsidiarity: Nee.}\n",
                    &format!(
                        "  necessity: {{proportionality: Ja., subsidiarity: Nee.}}\n  participation: {participation}\n"
                    ),
                );
            }
        });
        assess(&a, &organisation())
            .findings
            .iter()
            .map(|f| (f.severity, f.reason.code))
            .collect()
    }

    #[test]
    fn pupils_below_the_minimum_age_never_join_and_are_never_required_to() {
        // Voluntary (or not said): they may not join, even with their parents' permission.
        assert_eq!(
            platform_from_16("", ""),
            [(Severity::Medium, "minimum-age")]
        );
        assert_eq!(
            platform_from_16("", "{pupils: voluntary}"),
            [(Severity::Medium, "minimum-age")]
        );
        // Required: blocking.
        assert_eq!(
            platform_from_16("", "{pupils: mandatory}"),
            [(Severity::Blocking, "minimum-age-mandatory")]
        );
        // Pupils who do not take part are not affected.
        assert!(platform_from_16("", "{pupils: none, staff: voluntary}").is_empty());
        // The platform's own terms allow younger users with their parents' consent.
        assert_eq!(
            platform_from_16(
                ", below_minimum_age: {terms: met een account dat ouders beheren, checked: 2026-11-20}",
                "{pupils: mandatory}"
            ),
            [(Severity::Low, "minimum-age-parental-terms")]
        );
    }

    #[test]
    fn staff_required_to_use_their_own_devices_is_blocking() {
        assert_eq!(
            platform_from_16(
                "",
                "{pupils: none, staff: mandatory, staff_private_devices: true}"
            ),
            [(Severity::Blocking, "private-devices-required")]
        );
        assert!(
            platform_from_16(
                "",
                "{pupils: none, staff: mandatory, staff_private_devices: false}"
            )
            .is_empty()
        );
    }
}
