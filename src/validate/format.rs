//! Answers of format 2 in a file that says `version: 1`: they are read (format 2 only adds
//! optional answers), but the file should say which format it follows. Each is a warning with
//! the code `format-1-file`, located at the answer, pointing to `dpiagen migrate`.

use super::Checker;
use crate::diagnostic::Diagnostic;
use crate::model::activity::{AgreementModel, DataKind};
use crate::model::{Activity, CouncilKind, Organisation};
use std::path::Path;

/// The code of every such warning.
pub const CODE: &str = "format-1-file";

/// The answers of format 2 in an activity, by field path.
pub fn activity_answers(a: &Activity) -> Vec<String> {
    let p = &a.processing;
    let mut out: Vec<String> = [
        ("processing.participation", p.participation.is_some()),
        ("processing.information", p.information.is_some()),
        ("processing.recordings", p.recordings.is_some()),
        ("disclosures", !a.disclosures.is_empty()),
    ]
    .into_iter()
    .filter(|(_, given)| *given)
    .map(|(f, _)| f.to_string())
    .collect();
    for (i, d) in a.data.iter().enumerate() {
        if d.exception.is_some() {
            out.push(format!("data[{i}].exception"));
        }
        if d.kind == DataKind::Diagnostic {
            out.push(format!("data[{i}].kind"));
        }
        if d.vendor_own_use.is_some() {
            out.push(format!("data[{i}].vendor_own_use"));
        }
    }
    for (i, v) in a.vendors.iter().enumerate() {
        let given = [
            ("below_minimum_age", v.below_minimum_age.is_some()),
            ("edition", v.edition.is_some()),
            ("controller_parts", !v.controller_parts.is_empty()),
            ("settings", !v.settings.is_empty()),
            (
                "agreement.model",
                v.agreement.model == Some(AgreementModel::SectorAgreement),
            ),
            (
                "agreement.negotiated_by",
                v.agreement.negotiated_by.is_some(),
            ),
        ];
        out.extend(
            given
                .into_iter()
                .filter(|(_, g)| *g)
                .map(|(f, _)| format!("vendors[{i}].{f}")),
        );
    }
    for (i, t) in a.transfers.iter().enumerate() {
        if !t.tools.is_empty() {
            out.push(format!("transfers[{i}].tools"));
        }
    }
    out
}

/// The answers of format 2 in an organisation profile, by field path.
pub fn organisation_answers(org: &Organisation) -> Vec<String> {
    let mut out = Vec::new();
    if !matches!(org.council.kind, CouncilKind::Mr | CouncilKind::Gmr) {
        out.push("council.kind".to_string());
    }
    if !org.other_councils.is_empty() {
        out.push("other_councils".to_string());
    }
    out
}

/// A warning per answer of format 2 when the file says `version: 1`.
pub fn warnings(path: &Path, text: &str, version: u32, answers: Vec<String>) -> Vec<Diagnostic> {
    if version != 1 {
        return Vec::new();
    }
    let mut c = Checker::new(path, text);
    for field in answers {
        c.warn(
            &field,
            "this answer belongs to format 2, but the file says `version: 1`".into(),
            "run `dpiagen migrate` on the file (it changes only the version line)",
        );
    }
    c.out.into_iter().map(|d| d.code(CODE)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::fixture;

    #[test]
    fn a_format_1_file_with_format_2_answers_is_warned_at_each() {
        let a = fixture::activity_with(|t| {
            t.push_str("disclosures:\n  - {recipient: Gemeente, kind: municipality, data: namen, basis: consent, recipient_task: false, happened: false}\n")
        });
        assert_eq!(activity_answers(&a), ["disclosures"]);
        let text = "version: 1\ndisclosures: []\n";
        let w = warnings(Path::new("a.yaml"), text, 1, activity_answers(&a));
        assert_eq!(w.len(), 1);
        assert_eq!(w[0].field.as_deref(), Some("disclosures"));
        assert_eq!(w[0].line, Some(2));
        // The same answers under format 2, or no such answers: nothing to say.
        assert!(warnings(Path::new("a.yaml"), text, 2, activity_answers(&a)).is_empty());
        assert!(activity_answers(&fixture::activity_with(|_| {})).is_empty());
    }

    #[test]
    fn the_platform_answers_of_format_2_are_found_too() {
        let a = fixture::activity_with(|t| {
            fixture::set(t, "kind: ordinary", "kind: diagnostic");
        });
        assert!(
            activity_answers(&a).iter().any(|f| f.ends_with(".kind")),
            "{:?}",
            activity_answers(&a)
        );
    }

    #[test]
    fn a_works_council_is_an_answer_of_format_2() {
        let mut org = fixture::organisation();
        assert!(organisation_answers(&org).is_empty());
        org.sector = crate::model::Sector::Mbo;
        org.council.kind = CouncilKind::Ondernemingsraad;
        assert_eq!(organisation_answers(&org), ["council.kind"]);
    }
}
