//! A full DPIA that is due but not yet answered: one warning per missing section, with the
//! code `dpia-incomplete`, located at the answer to add (or the nearest answer above it).

use super::Checker;
use crate::diagnostic::Diagnostic;
use crate::rules::full_dpia::FullDpiaConclusion;
use std::path::Path;

/// The code of every such warning.
pub const CODE: &str = "dpia-incomplete";

/// The missing sections of a full DPIA that is due.
pub fn incomplete(path: &Path, text: &str, full: &FullDpiaConclusion) -> Vec<Diagnostic> {
    if !full.due {
        return Vec::new();
    }
    let mut c = Checker::new(path, text);
    for section in &full.missing {
        c.warn(
            section.field(),
            format!(
                "the full DPIA is required but lacks {}; until it is answered, the documents \
                 say the DPIA is still to be done",
                section.describe()
            ),
            &format!(
                "add `{}` (questionnaires/README.md, 4.8 `dpia`, shows every answer)",
                section.field()
            ),
        );
    }
    c.out.into_iter().map(|d| d.code(CODE)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::knowledge::Knowledge;
    use crate::rules::fixture;

    #[test]
    fn a_required_dpia_without_answers_gets_one_warning_per_section() {
        // Two WP248 criteria make the DPIA required.
        let mut text = fixture::ACTIVITY.to_string();
        fixture::set(
            &mut text,
            "vulnerable: {applies: false}",
            "vulnerable: {applies: true}",
        );
        fixture::set(
            &mut text,
            "large_scale: {applies: false}",
            "large_scale: {applies: true}",
        );
        let a = fixture::activity_with(|t| *t = text.clone());
        let c = crate::rules::derive(&a, &fixture::organisation(), Knowledge::builtin());
        assert!(c.full_dpia.due);
        let found = incomplete(Path::new("a.yaml"), &text, &c.full_dpia);
        let fields: Vec<_> = found.iter().filter_map(|d| d.field.as_deref()).collect();
        assert_eq!(
            fields,
            [
                "dpia.interests",
                "dpia.framework",
                "dpia.further_use",
                "dpia.rights",
                "dpia.views",
                "dpia.fg_advice",
                "dpia.residual_acceptance"
            ]
        );
        assert!(found.iter().all(|d| d.code.as_deref() == Some(CODE)
            && d.severity == crate::diagnostic::Severity::Warning
            && d.line.is_some()));
        // The command line words each of them in Dutch when it speaks Dutch.
        for d in &found {
            let dutch = crate::voice::say_in(crate::lang::Lang::Nl, &d.message);
            assert!(
                dutch.starts_with("de volledige DPIA is verplicht, maar mist nog ")
                    && !dutch.contains("model point"),
                "{dutch}"
            );
            let help = crate::voice::say_in(crate::lang::Lang::Nl, d.help.as_deref().unwrap());
            assert!(help.starts_with("voeg `dpia."), "{help}");
        }
    }

    #[test]
    fn nothing_is_reported_when_no_dpia_is_required() {
        let a = fixture::activity_with(|_| {});
        let c = crate::rules::derive(&a, &fixture::organisation(), Knowledge::builtin());
        assert!(!c.full_dpia.due);
        assert!(incomplete(Path::new("a.yaml"), fixture::ACTIVITY, &c.full_dpia).is_empty());
    }
}
