use super::*;
use crate::rules::fixture::{activity_with, set};

/// The fixture (one purpose on a public task) with `processing` YAML lines added after its
/// necessity, and its use set to `use_`.
fn codes(use_: &str, processing: &str) -> Vec<(Severity, &'static str)> {
    let a = activity_with(|t| {
        set(t, "use: school-channel", &format!("use: {use_}"));
        set(
            t,
            "  necessity: {proportionality: Ja., subsidiarity: Nee.}\n",
            &format!("  necessity: {{proportionality: Ja., subsidiarity: Nee.}}\n{processing}"),
        );
    });
    findings(&a)
        .into_iter()
        .map(|f| (f.severity, f.reason.code))
        .collect()
}

const INFORMED: &str = "  information: {informed_beforehand: true, how: Brief aan ouders., objection: Een apart e-mailadres.}\n";

#[test]
fn without_consent_the_data_subjects_are_told_beforehand_and_may_object() {
    assert_eq!(
        codes("school-channel", ""),
        [(Severity::Medium, "information-not-described")]
    );
    assert_eq!(
        codes(
            "school-channel",
            "  information: {informed_beforehand: false, objection: Apart adres.}\n"
        ),
        [(Severity::Medium, "not-informed-beforehand")]
    );
    assert_eq!(
        codes(
            "school-channel",
            "  information: {informed_beforehand: true}\n"
        ),
        [(Severity::Medium, "objection-not-arranged")]
    );
    assert!(codes("school-channel", INFORMED).is_empty());
}

#[test]
fn consent_alone_needs_no_separate_information_here() {
    let a = activity_with(|t| set(t, "basis: public-task", "basis: consent"));
    assert!(findings(&a).is_empty());
}

#[test]
fn video_lessons_say_whether_and_how_they_are_recorded() {
    assert_eq!(
        codes("video-lessons", INFORMED),
        [(Severity::Medium, "recordings-not-described")]
    );
    let rec = |r: &str| codes("video-lessons", &format!("{INFORMED}  recordings: {r}\n"));
    assert!(rec("{recorded: false, camera_off_allowed: true}").is_empty());
    assert_eq!(
        rec("{recorded: true, by: [staff], stored: Teams, camera_off_allowed: true}"),
        [(Severity::Medium, "recording-without-rules")]
    );
    assert!(
        rec("{recorded: true, by: [staff], stored: Teams, access: De klas., retention: Twee weken., camera_off_allowed: true}")
            .is_empty()
    );
    assert_eq!(
        rec(
            "{recorded: true, by: [staff, pupils], stored: Teams, access: De klas., retention: Twee weken., camera_off_allowed: true}"
        ),
        [(Severity::Medium, "pupils-may-record")]
    );
    assert_eq!(
        rec("{recorded: false, camera_off_allowed: false}"),
        [(Severity::Medium, "camera-required")]
    );
}
