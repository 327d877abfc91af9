//! What the register of processing activities (Art. 30(1) AVG) needs beyond what a valid file
//! already has: every element it prints must come from an answer, never stay blank. Each gap
//! is a warning with the code `register-incomplete`, located at the answer to add.

use super::Checker;
use crate::diagnostic::Diagnostic;
use crate::knowledge::catalogue::Catalogue;
use crate::model::{Activity, Organisation};
use std::path::Path;

/// The code of every gap.
pub const CODE: &str = "register-incomplete";

/// The gaps of one activity.
pub fn activity(path: &Path, text: &str, a: &Activity, catalogue: &Catalogue) -> Vec<Diagnostic> {
    let mut c = Checker::new(path, text);
    if !a.risks.iter().any(|r| !r.measures.is_empty()) {
        c.warn(
            "risks",
            "no security measure is described: the register's column (g), the general \
             description of the security measures (Art. 30(1)(g) AVG), would stay empty"
                .into(),
            "add `measures:` to the risks they reduce, e.g. `- tweestapsverificatie voor \
             medewerkers`",
        );
    }
    for (vi, v) in a.vendors.iter().enumerate() {
        for (li, code) in v.locations.iter().enumerate() {
            if catalogue.country(code).is_some()
                && !catalogue.in_eea(code)
                && !a.transfers.iter().any(|t| &t.country == code)
            {
                c.warn(
                    &format!("vendors[{vi}].locations[{li}]"),
                    format!(
                        "data goes to {code}, but no transfer to it is described: the \
                         register must name its safeguard (Art. 30(1)(e) AVG)"
                    ),
                    "add a `transfers:` entry for this country with its `tool`",
                );
            }
        }
    }
    coded(c.out)
}

/// The gaps of an organisation profile: the contact details of the controller and the FG.
pub fn organisation(path: &Path, text: &str, org: &Organisation) -> Vec<Diagnostic> {
    let mut c = Checker::new(path, text);
    for (field, person, who) in [
        (
            "privacy_officer",
            &org.privacy_officer,
            "the privacy officer",
        ),
        ("fg", &org.fg, "the FG"),
    ] {
        if person.email.as_deref().is_none_or(|e| e.trim().is_empty()) {
            c.warn(
                field,
                format!(
                    "no e-mail address for {who}: the register gives the contact details of \
                     the controller and the FG (Art. 30(1)(a) AVG)"
                ),
                "add `email:`",
            );
        }
    }
    coded(c.out)
}

fn coded(diagnostics: Vec<Diagnostic>) -> Vec<Diagnostic> {
    diagnostics.into_iter().map(|d| d.code(CODE)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::knowledge::Knowledge;
    use crate::rules::fixture;

    fn gaps(edit: impl FnOnce(&mut String)) -> Vec<Diagnostic> {
        let knowledge = Knowledge::builtin();
        let mut text = fixture::ACTIVITY.to_string();
        edit(&mut text);
        let a = fixture::activity_with(|t| *t = text.clone());
        activity(Path::new("a.yaml"), &text, &a, &knowledge.catalogue)
    }

    #[test]
    fn risks_without_any_measure_leave_column_g_empty() {
        let found = gaps(|_| {});
        assert!(
            found
                .iter()
                .any(|d| d.field.as_deref() == Some("risks") && d.code.as_deref() == Some(CODE)),
            "{found:?}"
        );
        let measured = gaps(|t| {
            fixture::set(
                t,
                "risks: []",
                "risks:\n  - {event: lek, kind: illegitimate-access, likelihood: 2, severity: 2, \
                 measures: [tweestapsverificatie], residual: {likelihood: 1, severity: 2}}",
            )
        });
        assert!(measured.is_empty(), "{measured:?}");
    }

    #[test]
    fn a_location_outside_the_eea_without_a_transfer_lacks_its_safeguard() {
        let found = gaps(|t| {
            fixture::set(
                t,
                "vendors: []",
                "vendors:\n  - {name: Leverancier, role: processor, agreement: {status: signed}, \
                 locations: [NL, US]}",
            )
        });
        let gap = found
            .iter()
            .find(|d| d.field.as_deref() == Some("vendors[0].locations[1]"))
            .expect("a gap at the US location");
        assert!(gap.message.contains("US"), "{}", gap.message);
        let vendors = fixture::ACTIVITY
            .lines()
            .position(|l| l == "vendors: []")
            .expect("a vendors line");
        assert_eq!(gap.line, Some(vendors + 2));
    }
}
