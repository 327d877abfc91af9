//! Each rule of the code of conduct, switched on and off by its answer.

use super::*;
use crate::model::Organisation;
use crate::rules::Value;
use crate::rules::fixture::{ORGANISATION, activity_with, organisation, set};
use std::path::Path;

/// A valid `social_media` section for a primary school with an Instagram school channel.
const SOCIAL: &str = "\
id: obs-test
social_media:
  version: '1.0'
  date: 2026-10-01
  review: 2028-10-01
  status: concept
  pupil_groups:
    - {level: po, name: groep 1 tot en met 8, ages: [4, 12]}
  platforms:
    - platform: instagram
      uses: [school-channel]
      staff_account: school
      pre_dpia: test
  staff:
    business_phones: true
    business_accounts: true
    private_devices_required: false
    may_post_about_work: true
  smartphones:
    policy: not-in-class
    exceptions: Met toestemming van de leerkracht.
  alternatives:
    - {kind: website, name: www.example.nl}
  identifiable_photos: false
  approval: de directeur
  consent:
    recorded_in: LAS
    recorded_by: de administratie
    per_channel: true
    covers_platform_use: false
    withdrawal: Via de administratie.
  contacts:
    complaints: {name: Directeur}
    removal: {name: Privacy Officer}
    breach: {name: Privacy Officer}
";

fn org_with(edit: impl FnOnce(&mut String)) -> Organisation {
    let mut text = format!("{ORGANISATION}{SOCIAL}");
    edit(&mut text);
    crate::load::yaml::parse(Path::new("org.yaml"), &text)
        .unwrap_or_else(|d| panic!("{}", d.render(Some(&text))))
}

fn run(org: &Organisation) -> ConductConclusions {
    let activity = activity_with(|_| {});
    let conclusions = crate::rules::derive(&activity, org, crate::knowledge::Knowledge::builtin());
    let sm = org.social_media.as_ref().expect("fixture has social_media");
    assess(
        org,
        sm,
        &crate::knowledge::Knowledge::builtin().platforms,
        &[(&activity, &conclusions)],
    )
}

fn finding_codes(c: &ConductConclusions) -> Vec<&'static str> {
    c.findings.iter().map(|f| f.reason.code).collect()
}

fn platform_codes(c: &ConductConclusions, i: usize) -> Vec<&'static str> {
    c.platforms[i].reasons.iter().map(|r| r.code).collect()
}

fn codes(reasons: &[Reason]) -> Vec<&'static str> {
    reasons.iter().map(|r| r.code).collect()
}

/// A brugklas group (11–13) and a bovenbouw group (15–18), using `platform` in class.
fn vo_in_class(platform: &str, required: bool) -> impl FnOnce(&mut String) + '_ {
    move |t: &mut String| {
        set(
            t,
            "    - {level: po, name: groep 1 tot en met 8, ages: [4, 12]}\n",
            "    - {level: vo-onderbouw, name: brugklas, ages: [11, 13]}\n    - {level: vo-bovenbouw, name: bovenbouw, ages: [15, 18]}\n",
        );
        set(
            t,
            "    - platform: instagram\n      uses: [school-channel]\n      staff_account: school\n      pre_dpia: test\n",
            &format!(
                "    - platform: {platform}\n      uses: [in-class]\n      groups: [vo-onderbouw]\n      required: {required}\n      staff_account: school\n      alternative: Een opdracht op papier.\n      pre_dpia: test\n"
            ),
        );
    }
}

#[test]
fn the_fixture_is_a_valid_organisation() {
    assert!(organisation().social_media.is_none());
    let org = org_with(|_| {});
    assert_eq!(org.id.as_deref(), Some("obs-test"));
    let c = run(&org);
    assert_eq!(c.platforms.len(), 1);
    assert_eq!(c.platforms[0].platform.name, "Instagram");
}

#[test]
fn a_mandatory_whatsapp_group_in_the_brugklas_cannot_be_mandatory() {
    let c = run(&org_with(vo_in_class("whatsapp", true)));
    let f = finding_codes(&c);
    assert!(f.contains(&"platform-min-age"), "{f:?}");
    assert!(f.contains(&"platform-no-agreement-required"), "{f:?}");
    assert!(f.contains(&"platform-required-with-consent"), "{f:?}");
    let min_age = c
        .findings
        .iter()
        .find(|f| f.reason.code == "platform-min-age")
        .unwrap();
    assert_eq!(min_age.severity, Severity::Blocking);
    assert_eq!(min_age.subject.as_deref(), Some("WhatsApp (brugklas)"));
    assert!(min_age.reason.answers.iter().any(|a| a.value
        == Value::Ages {
            from: 11,
            to: Some(13)
        }));
    // The brugklas's own chapter names the platform with the rule; the bovenbouw does not use it.
    let brugklas = &c.groups[0].platforms;
    assert_eq!(brugklas.len(), 1);
    assert_eq!(
        codes(&brugklas[0].reasons),
        ["platform-min-age", "platform-consent-parents"]
    );
    assert!(c.groups[1].platforms.is_empty());
    // Voluntary: the rules stay in the code, the findings go.
    let c = run(&org_with(vo_in_class("whatsapp", false)));
    assert!(platform_codes(&c, 0).contains(&"platform-min-age"));
    assert!(platform_codes(&c, 0).contains(&"platform-no-agreement"));
    let f = finding_codes(&c);
    assert!(!f.contains(&"platform-min-age") && !f.contains(&"platform-no-agreement-required"));
}

#[test]
fn minimum_age_counts_only_for_groups_below_it() {
    // LinkedIn (16) for the bovenbouw (15–18): the rule is on; for a group from 16, off.
    let edit = |from: &'static str| {
        move |t: &mut String| {
            vo_in_class("linkedin", false)(t);
            set(t, "groups: [vo-onderbouw]", "groups: [vo-bovenbouw]");
            set(t, "ages: [15, 18]", from);
        }
    };
    let c = run(&org_with(edit("ages: [15, 18]")));
    assert!(platform_codes(&c, 0).contains(&"platform-min-age"));
    let c = run(&org_with(edit("ages: [16, 18]")));
    assert!(!platform_codes(&c, 0).contains(&"platform-min-age"));
    // And from 16 the pupils consent themselves.
    assert!(platform_codes(&c, 0).contains(&"platform-consent-pupils"));
}

#[test]
fn in_class_use_under_16_needs_parents_and_an_alternative() {
    let c = run(&org_with(vo_in_class("youtube", false)));
    let p = platform_codes(&c, 0);
    assert!(p.contains(&"platform-consent-parents") && p.contains(&"platform-alternative"));
    assert!(!finding_codes(&c).contains(&"platform-no-alternative"));
    let c = run(&org_with(|t| {
        vo_in_class("youtube", false)(t);
        set(t, "      alternative: Een opdracht op papier.\n", "");
    }));
    assert!(finding_codes(&c).contains(&"platform-no-alternative"));
}

#[test]
fn a_school_managed_service_needs_no_consent_or_age_rule() {
    let c = run(&org_with(vo_in_class("microsoft-teams", true)));
    let p = platform_codes(&c, 0);
    assert!(p.contains(&"platform-school-account"), "{p:?}");
    assert!(!p.contains(&"platform-min-age") && !p.contains(&"platform-consent-parents"));
    let f = finding_codes(&c);
    assert!(!f.contains(&"platform-required-with-consent"), "{f:?}");
}

#[test]
fn staff_cannot_be_required_to_use_private_phones_or_accounts() {
    let c = run(&org_with(|_| {}));
    assert!(!finding_codes(&c).contains(&"staff-private-devices-required"));
    assert!(!finding_codes(&c).contains(&"platform-staff-private"));
    let c = run(&org_with(|t| {
        set(
            t,
            "private_devices_required: false",
            "private_devices_required: true",
        );
        set(t, "staff_account: school", "staff_account: private");
    }));
    let f = finding_codes(&c);
    assert!(f.contains(&"staff-private-devices-required") && f.contains(&"platform-staff-private"));
    // A school account on a phone-number app without business phones means a private number.
    let c = run(&org_with(|t| {
        vo_in_class("whatsapp", false)(t);
        set(t, "business_phones: true", "business_phones: false");
    }));
    assert!(finding_codes(&c).contains(&"platform-needs-business-phone"));
    assert!(codes(&c.staff).contains(&"staff-no-business-phone"));
}

#[test]
fn own_channels_rule_follows_the_answer() {
    let c = run(&org_with(|_| {}));
    assert!(codes(&c.staff).contains(&"staff-own-channels-about-work"));
    let c = run(&org_with(|t| {
        set(t, "may_post_about_work: true", "may_post_about_work: false")
    }));
    assert!(codes(&c.staff).contains(&"staff-own-channels-not-about-work"));
}

#[test]
fn minimal_data_is_the_default_on_school_channels() {
    let c = run(&org_with(|_| {}));
    let p = codes(&c.photos);
    assert!(p.contains(&"photos-minimal-default") && p.contains(&"photos-not-identifiable"));
    assert!(p.contains(&"removal-on-request") && p.contains(&"posts-approved"));
    // Without a school channel there is nothing to approve or minimise on it.
    let c = run(&org_with(vo_in_class("youtube", false)));
    let p = codes(&c.photos);
    assert!(!p.contains(&"photos-minimal-default") && !p.contains(&"posts-approved"));
    assert!(p.contains(&"removal-on-request"));
}

#[test]
fn identifiable_photos_need_consent_for_the_platforms_own_use_too() {
    let identifiable =
        |t: &mut String| set(t, "identifiable_photos: false", "identifiable_photos: true");
    let c = run(&org_with(identifiable));
    assert!(codes(&c.photos).contains(&"photos-identifiable-with-consent"));
    assert!(finding_codes(&c).contains(&"consent-platform-use"));
    assert_eq!(c.findings[0].severity, Severity::Blocking);
    let c = run(&org_with(|t| {
        identifiable(t);
        set(t, "covers_platform_use: false", "covers_platform_use: true");
    }));
    assert!(!finding_codes(&c).contains(&"consent-platform-use"));
    assert!(codes(&c.consent).contains(&"consent-covers-platform-use"));
    let c = run(&org_with(|t| {
        identifiable(t);
        set(t, "per_channel: true", "per_channel: false");
    }));
    assert!(finding_codes(&c).contains(&"consent-not-per-channel"));
}

#[test]
fn consent_giver_follows_the_groups_ages() {
    let c = run(&org_with(vo_in_class("youtube", false)));
    assert!(codes(&c.groups[0].reasons).contains(&"consent-parents-under-16"));
    let bovenbouw = codes(&c.groups[1].reasons);
    assert!(bovenbouw.contains(&"consent-parents-under-16"));
    assert!(bovenbouw.contains(&"consent-turning-16"));
    let c = run(&org_with(|t| set(t, "ages: [4, 12]", "ages: [16, 19]")));
    assert_eq!(codes(&c.groups[0].reasons), ["consent-pupils-16-plus"]);
}

#[test]
fn breaches_are_reported_internally_at_once() {
    let c = run(&org_with(|_| {}));
    let breach = &c.incidents[0];
    assert_eq!(breach.code, "breach-report-at-once");
    assert_eq!(breach.references, [AVG_33, AVG_34]);
    assert_eq!(breach.answers[0].value, Value::from("Privacy Officer"));
}

#[test]
fn smartphones_allowed_departs_from_the_national_agreement() {
    let c = run(&org_with(|_| {}));
    assert_eq!(codes(&c.smartphones), ["smartphones-not-in-class"]);
    assert!(!finding_codes(&c).contains(&"smartphones-national-agreement"));
    let c = run(&org_with(|t| {
        set(t, "policy: not-in-class", "policy: allowed")
    }));
    assert!(finding_codes(&c).contains(&"smartphones-national-agreement"));
    // Higher education is not part of that agreement.
    let c = run(&org_with(|t| {
        set(t, "policy: not-in-class", "policy: allowed");
        set(t, "level: po", "level: ho");
    }));
    assert!(!finding_codes(&c).contains(&"smartphones-national-agreement"));
    // ... and is then not cited for the school's own phone rule either.
    assert!(c.smartphones[0].references.is_empty());
    let po = run(&org_with(|_| {}));
    assert_eq!(
        po.smartphones[0].references,
        vec![crate::knowledge::references::refs::PHONE_AGREEMENT]
    );
}

#[test]
fn council_consent_and_adoption() {
    let c = run(&org_with(|_| {}));
    assert!(finding_codes(&c).contains(&"council-consent-missing"));
    let c = run(&org_with(|t| {
        set(
            t,
            "status: concept",
            "status: vastgesteld\n  council_consent: 2026-11-20\n  adopted: 2026-12-01",
        )
    }));
    let f = finding_codes(&c);
    assert!(!f.contains(&"council-consent-missing") && !f.contains(&"adoption-date-missing"));
    assert_eq!(
        codes(&c.adoption),
        ["council-consented", "board-adopted", "review-date"]
    );
    let c = run(&org_with(|t| {
        set(t, "status: concept", "status: vastgesteld")
    }));
    assert!(finding_codes(&c).contains(&"adoption-date-missing"));
}

#[test]
fn the_linked_pre_dpia_counts() {
    // The fixture activity `test` has no findings that block; its advice is carried over.
    let c = run(&org_with(|_| {}));
    let link = c.platforms[0].pre_dpia.as_ref().expect("pre-DPIA found");
    assert_eq!(link.id, "test");
    assert!(platform_codes(&c, 0).contains(&"platform-pre-dpia"));
    let c = run(&org_with(|t| set(t, "pre_dpia: test", "pre_dpia: elders")));
    assert!(finding_codes(&c).contains(&"pre-dpia-not-found"));
    let c = run(&org_with(|t| set(t, "      pre_dpia: test\n", "")));
    assert!(finding_codes(&c).contains(&"pre-dpia-missing"));
}

#[test]
fn a_pre_dpia_that_advises_against_use_blocks() {
    let org = org_with(|_| {});
    let activity = activity_with(|t| set(t, "basis: public-task", "basis: legitimate-interests"));
    let mut conclusions =
        crate::rules::derive(&activity, &org, crate::knowledge::Knowledge::builtin());
    conclusions.advice.kind = AdviceKind::DoNotUse;
    let sm = org.social_media.as_ref().unwrap();
    let c = assess(
        &org,
        sm,
        &crate::knowledge::Knowledge::builtin().platforms,
        &[(&activity, &conclusions)],
    );
    assert!(finding_codes(&c).contains(&"pre-dpia-advises-against"));
    // No rules for a use that does not happen: only what must be solved first.
    let blocking: Vec<&str> = conclusions
        .findings
        .iter()
        .filter(|f| f.severity == Severity::Blocking)
        .map(|f| f.reason.code)
        .collect();
    let p = &c.platforms[0];
    let until: Vec<&str> = p
        .not_used_until
        .as_ref()
        .expect("not used")
        .iter()
        .map(|f| f.reason.code)
        .collect();
    assert_eq!(until, blocking);
    assert!(p.reasons.is_empty(), "{:?}", codes(&p.reasons));
    assert!(c.groups.iter().all(|g| g.platforms.is_empty()));
    // Advised to use: the rules are there.
    conclusions.advice.kind = AdviceKind::UseWithMeasures;
    let c = assess(
        &org,
        sm,
        &crate::knowledge::Knowledge::builtin().platforms,
        &[(&activity, &conclusions)],
    );
    assert!(c.platforms[0].not_used_until.is_none());
    assert!(!c.platforms[0].reasons.is_empty());
}
