//! The overall advice, following the AP's advice to schools: use only with clear agreements,
//! valid consent, checked transfers and, where needed, a DPIA; otherwise, do not use.
//!
//! Any blocking finding → do not use. Otherwise any medium finding, or a DPIA that is required
//! or recommended → use only with the listed measures. Otherwise → use.

use super::dpia::{DpiaConclusion, Verdict};
use super::{Finding, Reason, Severity};
use serde::Serialize;

/// The overall advice.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum AdviceKind {
    /// Gebruiken.
    Use,
    /// Alleen gebruiken met de genoemde maatregelen.
    UseWithMeasures,
    /// Niet gebruiken.
    DoNotUse,
}

/// The advice with its reasons.
#[derive(Debug, Clone, Serialize)]
pub struct Advice {
    /// What to do.
    pub kind: AdviceKind,
    /// Why: the findings (or verdict) that decided it.
    pub reasons: Vec<Reason>,
    /// Number of blocking findings.
    pub blocking: usize,
    /// Number of medium findings.
    pub medium: usize,
}

/// Decides the advice from the DPIA verdict and all findings.
pub fn advise(dpia: &DpiaConclusion, findings: &[Finding]) -> Advice {
    let count = |s| findings.iter().filter(|f| f.severity == s).count();
    let (blocking, medium) = (count(Severity::Blocking), count(Severity::Medium));
    let of = |s| {
        findings
            .iter()
            .filter(|f| f.severity == s)
            .map(|f| f.reason.clone())
            .collect::<Vec<_>>()
    };
    let (kind, reasons) = if blocking > 0 {
        (AdviceKind::DoNotUse, of(Severity::Blocking))
    } else if medium > 0 || dpia.verdict == Verdict::Required {
        // A required DPIA must be done before use; a recommended one alone is an action
        // (a low finding), with nothing to make the use wait for.
        let mut r = of(Severity::Medium);
        if dpia.verdict == Verdict::Required {
            r.extend(dpia.reasons.iter().cloned());
        }
        (AdviceKind::UseWithMeasures, r)
    } else {
        (AdviceKind::Use, dpia.reasons.clone())
    };
    Advice {
        kind,
        reasons,
        blocking,
        medium,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::rules::fixture::activity_with;
    use crate::rules::{Finding, Reason};

    fn dpia(justified: bool) -> DpiaConclusion {
        let a = activity_with(|t| {
            if justified {
                t.push_str("dpia: {justification: Zeer beperkt.}\n");
            }
        });
        super::super::dpia::assess(&a, &crate::knowledge::Knowledge::builtin().catalogue)
    }

    #[test]
    fn blocking_wins_then_measures_then_use() {
        let block = Finding::new(Severity::Blocking, Reason::new("x", &[]));
        let medium = Finding::new(Severity::Medium, Reason::new("m", &[]));
        assert_eq!(
            advise(&dpia(true), &[medium.clone(), block]).kind,
            AdviceKind::DoNotUse
        );
        assert_eq!(
            advise(&dpia(true), &[medium]).kind,
            AdviceKind::UseWithMeasures
        );
        assert_eq!(advise(&dpia(true), &[]).kind, AdviceKind::Use);
        // A recommended DPIA without any finding that needs a measure: use it, with the DPIA
        // as a recommended action (a low finding), not "use with measures" with none to list.
        let recommended = dpia(false);
        assert_eq!(recommended.verdict, Verdict::Recommended);
        assert!(
            recommended
                .findings
                .iter()
                .any(|f| f.reason.code == "dpia-recommended" && f.severity == Severity::Low)
        );
        let low: Vec<Finding> = recommended
            .findings
            .iter()
            .filter(|f| f.severity == Severity::Low)
            .cloned()
            .collect();
        assert_eq!(advise(&recommended, &low).kind, AdviceKind::Use);
        // With a medium finding beside it, measures again.
        let medium = Finding::new(Severity::Medium, Reason::new("m", &[]));
        assert_eq!(
            advise(&recommended, &[medium]).kind,
            AdviceKind::UseWithMeasures
        );
    }
}
