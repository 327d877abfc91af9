use super::*;
use crate::rules::fixture::{activity_with, set};

/// The fixture with one data category `item` (YAML flow mapping) and pupils of `ages`.
fn with_data(item: &str, ages: &str) -> Vec<(Severity, &'static str)> {
    let a = activity_with(|t| {
        set(
            t,
            "  - {category: namen, kind: ordinary, retention: een jaar}\n",
            &format!("  - {item}\n"),
        );
        set(
            t,
            "  - {group: parents, count: 10}\n",
            &format!("  - {{group: pupils, ages: {ages}, count: 10}}\n"),
        );
    });
    findings(&a)
        .into_iter()
        .map(|f| (f.severity, f.reason.code))
        .collect()
}

const HEALTH: &str =
    "category: medische gegevens, kind: special, special: health, retention: een jaar";

#[test]
fn special_data_without_an_exception_is_prohibited() {
    let f = with_data(&format!("{{{HEALTH}}}"), "[4, 12]");
    assert_eq!(f, [(Severity::Blocking, "special-without-exception")]);
    let f = with_data(
        "{category: strafblad, kind: criminal, retention: een jaar}",
        "[12, 16]",
    );
    assert_eq!(f, [(Severity::Blocking, "special-without-exception")]);
    // Ordinary and sensitive data need no exception.
    assert!(
        with_data(
            "{category: foto's, kind: sensitive, retention: een jaar}",
            "[4, 12]"
        )
        .is_empty()
    );
}

#[test]
fn the_schools_exception_covers_health_data_only() {
    let ok = with_data(
        &format!("{{{HEALTH}, exception: {{ground: school-guidance}}}}"),
        "[4, 12]",
    );
    assert!(ok.is_empty(), "{ok:?}");
    let religion = with_data(
        "{category: geloof, kind: special, special: religious-beliefs, retention: een jaar, exception: {ground: school-guidance}}",
        "[4, 12]",
    );
    assert_eq!(
        religion,
        [(Severity::Blocking, "school-guidance-health-only")]
    );
}

#[test]
fn explicit_consent_must_be_free_and_given_by_the_right_person() {
    let consent = |from: &str, ages: &str| {
        with_data(
            &format!("{{{HEALTH}, exception: {{ground: explicit-consent, from: [{from}]}}}}"),
            ages,
        )
    };
    assert!(consent("parents", "[4, 12]").is_empty());
    // Pupils of 16 and older consent themselves.
    assert!(consent("pupils", "[16, 18]").is_empty());
    // Under 16 the parents consent; at 15 a pupil alone is not enough.
    assert_eq!(
        consent("pupils", "[15, 18]"),
        [(Severity::Medium, "explicit-consent-child")]
    );
    // Staff depend on the school as their employer.
    assert_eq!(
        consent("parents, staff", "[4, 12]"),
        [(Severity::Medium, "explicit-consent-dependence")]
    );
}

#[test]
fn an_exception_by_law_names_the_law() {
    let law = |extra: &str| {
        with_data(
            &format!("{{{HEALTH}, exception: {{ground: law{extra}}}}}"),
            "[4, 12]",
        )
    };
    assert_eq!(law(""), [(Severity::Medium, "exception-law-missing")]);
    assert_eq!(
        law(", law: ' '"),
        [(Severity::Medium, "exception-law-missing")]
    );
    assert!(law(", law: Wet publieke gezondheid").is_empty());
}

#[test]
fn a_citizen_service_number_only_where_a_law_requires_it() {
    let bsn = "category: BSN, kind: national-id, retention: een jaar";
    assert_eq!(
        with_data(&format!("{{{bsn}}}"), "[4, 12]"),
        [(Severity::Blocking, "national-id-without-law")]
    );
    assert!(
        with_data(
            &format!("{{{bsn}, exception: {{ground: law, law: Wet op het primair onderwijs}}}}"),
            "[4, 12]"
        )
        .is_empty()
    );
}
