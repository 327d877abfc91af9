use super::*;
use crate::rules::fixture::activity_with;

fn codes(disclosure: &str) -> Vec<(Severity, &'static str)> {
    let a = activity_with(|t| t.push_str(&format!("disclosures:\n  - {disclosure}\n")));
    findings(&a)
        .into_iter()
        .map(|f| (f.severity, f.reason.code))
        .collect()
}

const TO_THE_MUNICIPALITY: &str =
    "recipient: Gemeente, kind: municipality, data: adressen van leerlingen";

#[test]
fn a_disclosure_needs_a_basis_of_the_schools_own() {
    assert!(
        codes(&format!(
            "{{{TO_THE_MUNICIPALITY}, basis: legal-obligation, law: 'art. 21 Leerplichtwet 1969', recipient_task: true}}"
        ))
        .is_empty()
    );
    assert_eq!(
        codes(&format!(
            "{{{TO_THE_MUNICIPALITY}, basis: legal-obligation, recipient_task: true}}"
        )),
        [(Severity::Medium, "disclosure-law-missing")]
    );
    assert_eq!(
        codes(&format!(
            "{{{TO_THE_MUNICIPALITY}, basis: none, recipient_task: false}}"
        )),
        [(Severity::Medium, "disclosure-without-basis")]
    );
    assert_eq!(
        codes(&format!(
            "{{{TO_THE_MUNICIPALITY}, basis: public-task, recipient_task: false}}"
        )),
        [(Severity::Medium, "recipient-without-task")]
    );
}

#[test]
fn a_disclosure_without_a_basis_that_happened_is_a_breach() {
    assert_eq!(
        codes(&format!(
            "{{{TO_THE_MUNICIPALITY}, basis: none, recipient_task: false, happened: true}}"
        )),
        [(Severity::Medium, "disclosure-breach")]
    );
}
