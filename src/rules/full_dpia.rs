//! The full DPIA: are its answers complete, and what follows from them.
//!
//! 1. A full DPIA is due when the pre-DPIA's verdict is "required" and no blocking finding
//!    stops the processing first (an activity advised against waits until its blocking
//!    findings are solved; a high residual risk is no such finding: the DPIA deals with it).
//! 2. It is complete when every section the rest of the questionnaire does not already answer
//!    is given: the interests, the legal and policy framework, purpose limitation, the
//!    data subjects' rights, their views (Art. 35(9) AVG), the FG's advice (Art. 35(2)) and
//!    why the remaining risks are acceptable. A complete DPIA becomes `dpia.pdf`.
//! 3. A risk still high after the measures means the AP must be consulted before the
//!    processing starts (Art. 36(1) AVG); the decision is then not to start until it has been.

use super::Reason;
use super::advice::{Advice, AdviceKind};
use super::dpia::{DpiaConclusion, Verdict};
use super::reason::Value;
use super::risks::{Level, RiskLevel};
use crate::knowledge::references::refs::*;
use crate::model::Activity;
use serde::Serialize;

/// A section of the full DPIA that needs answers of its own.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum DpiaSection {
    /// Interests of the school and the data subjects (model point 7).
    Interests,
    /// Laws and policies (model point 9).
    Framework,
    /// Purpose limitation and further use (model point 13).
    FurtherUse,
    /// The data subjects' rights (model point 15).
    Rights,
    /// The views of the data subjects or their representatives (Art. 35(9) AVG).
    Views,
    /// The FG's advice (Art. 35(2) AVG).
    FgAdvice,
    /// Why the remaining risks are acceptable (model point 17).
    ResidualAcceptance,
}

impl DpiaSection {
    /// Every section, in the order of the DPIA.
    pub const ALL: [DpiaSection; 7] = [
        DpiaSection::Interests,
        DpiaSection::Framework,
        DpiaSection::FurtherUse,
        DpiaSection::Rights,
        DpiaSection::Views,
        DpiaSection::FgAdvice,
        DpiaSection::ResidualAcceptance,
    ];

    /// The answer in the questionnaire that fills it.
    pub fn field(self) -> &'static str {
        match self {
            DpiaSection::Interests => "dpia.interests",
            DpiaSection::Framework => "dpia.framework",
            DpiaSection::FurtherUse => "dpia.further_use",
            DpiaSection::Rights => "dpia.rights",
            DpiaSection::Views => "dpia.views",
            DpiaSection::FgAdvice => "dpia.fg_advice",
            DpiaSection::ResidualAcceptance => "dpia.residual_acceptance",
        }
    }

    /// What the section is, for a message to the privacy officer.
    pub fn describe(self) -> &'static str {
        match self {
            DpiaSection::Interests => {
                "the interests of the school and of the data subjects (model point 7)"
            }
            DpiaSection::Framework => "the laws and policies that apply (model point 9)",
            DpiaSection::FurtherUse => "purpose limitation and further use (model point 13)",
            DpiaSection::Rights => {
                "how each right of the data subjects is honoured (model point 15)"
            }
            DpiaSection::Views => {
                "the views of parents, pupils or staff and how they were gathered (Art. 35(9) AVG)"
            }
            DpiaSection::FgAdvice => "the FG's advice with its date (Art. 35(2) AVG)",
            DpiaSection::ResidualAcceptance => {
                "why the risks that remain after the measures are acceptable (model point 17)"
            }
        }
    }
}

/// What the full DPIA's answers lead to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum DpiaDecision {
    /// The processing may start.
    Start,
    /// It may start once the actions are carried out.
    StartWithMeasures,
    /// It must not start before the AP has been consulted (Art. 36 AVG).
    ConsultAp,
    /// It must not start: blocking findings remain.
    DoNotStart,
}

/// The full DPIA's conclusion.
#[derive(Debug, Clone, Serialize)]
pub struct FullDpiaConclusion {
    /// A full DPIA is to be carried out before the processing starts.
    pub due: bool,
    /// The sections still without answers, in the DPIA's order.
    pub missing: Vec<DpiaSection>,
    /// Every section is answered: the DPIA can be written.
    pub complete: bool,
    /// The highest risk level after the measures (low when no risk is described).
    pub residual: Level,
    /// The AP must be consulted before the processing starts (Art. 36(1) AVG).
    pub prior_consultation: bool,
    /// What follows for the processing.
    pub decision: DpiaDecision,
    /// Why.
    pub reasons: Vec<Reason>,
}

/// The sections of `activity`'s full DPIA still without answers, in the DPIA's order.
pub fn missing(activity: &Activity) -> Vec<DpiaSection> {
    let answers = activity.dpia.as_ref();
    let given = |text: Option<&String>| text.is_some_and(|t| !t.trim().is_empty());
    DpiaSection::ALL
        .into_iter()
        .filter(|section| {
            let Some(d) = answers else { return true };
            !match section {
                DpiaSection::Interests => d.interests.is_some(),
                DpiaSection::Framework => d.framework.iter().any(|f| !f.trim().is_empty()),
                DpiaSection::FurtherUse => given(d.further_use.as_ref()),
                DpiaSection::Rights => d.rights.is_some(),
                DpiaSection::Views => !d.views.is_empty(),
                DpiaSection::FgAdvice => d.fg_advice.is_some(),
                DpiaSection::ResidualAcceptance => given(d.residual_acceptance.as_ref()),
            }
        })
        .collect()
}

/// Assesses the full DPIA of `activity` from its answers and the pre-DPIA's conclusions.
pub fn assess(
    activity: &Activity,
    dpia: &DpiaConclusion,
    risks: &[RiskLevel],
    advice: &Advice,
) -> FullDpiaConclusion {
    let answers = activity.dpia.as_ref();
    let missing = missing(activity);
    let residual = risks.iter().map(|r| r.after).max().unwrap_or(Level::Low);
    let mut reasons = Vec::new();
    let high: Vec<&RiskLevel> = risks.iter().filter(|r| r.after == Level::High).collect();
    for r in &high {
        reasons.push(Reason::new("dpia-prior-consultation", &[AVG_36_1]).answer(
            format!("risks[{}].residual", r.index),
            Value::HighScore(r.residual_score),
        ));
    }
    if let Some(fg) = answers.and_then(|d| d.fg_advice.as_ref())
        && !fg.followed
    {
        reasons.push(
            Reason::new("dpia-fg-not-followed", &[AVG_35_2])
                .answer("dpia.fg_advice.followed", false),
        );
    }
    let prior_consultation = !high.is_empty();
    // A high residual risk is itself a blocking finding of the pre-DPIA; the DPIA is what
    // resolves it (by prior consultation), so only the other blocking findings stop it.
    let other_blocking = advice.blocking.saturating_sub(high.len());
    let decision = if other_blocking > 0 {
        reasons.push(
            Reason::new("dpia-blocking-findings", &[AVG_35_7])
                .answer("findings", Value::Int(other_blocking as i64)),
        );
        DpiaDecision::DoNotStart
    } else if prior_consultation {
        DpiaDecision::ConsultAp
    } else if advice.kind == AdviceKind::UseWithMeasures {
        reasons.push(
            Reason::new("dpia-residual-accepted", &[AVG_35_7])
                .answer("dpia.residual_acceptance", Value::Given),
        );
        DpiaDecision::StartWithMeasures
    } else {
        reasons.push(
            Reason::new("dpia-residual-accepted", &[AVG_35_7])
                .answer("dpia.residual_acceptance", Value::Given),
        );
        DpiaDecision::Start
    };
    FullDpiaConclusion {
        due: dpia.verdict == Verdict::Required && other_blocking == 0,
        complete: missing.is_empty(),
        missing,
        residual,
        prior_consultation,
        decision,
        reasons,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::knowledge::Knowledge;
    use crate::rules::fixture;

    /// The fixture with a complete `dpia:` section and one risk whose residual scores are
    /// `likelihood` × `severity`.
    fn complete(likelihood: u8, severity: u8) -> String {
        format!(
            "\
dpia:
  fg_advice: {{date: 2026-10-01, summary: Akkoord., followed: true}}
  interests: {{school: Lesgeven., subjects: Goed onderwijs.}}
  framework: [WPO]
  further_use: Geen verder gebruik.
  rights:
    information: Privacyverklaring.
    access: Via de directeur.
    rectification: Via de directeur.
    erasure: Na afloop.
    restriction: Op verzoek.
    portability: Export.
    objection: Bij de directeur.
    automated_decisions: Geen.
  views:
    - {{of: council, how: MR-vergadering, outcome: Instemming.}}
  residual_acceptance: Klein restrisico.
risks:
  - {{event: lek, kind: illegitimate-access, likelihood: 3, severity: 3, measures: [mfa], \
residual: {{likelihood: {likelihood}, severity: {severity}}}}}
"
        )
    }

    fn conclusions(edit: impl FnOnce(&mut String)) -> crate::rules::Conclusions {
        let a = fixture::activity_with(edit);
        crate::rules::derive(&a, &fixture::organisation(), Knowledge::builtin())
    }

    #[test]
    fn every_section_is_missing_without_dpia_answers() {
        let c = conclusions(|_| {});
        assert_eq!(c.full_dpia.missing, DpiaSection::ALL.to_vec());
        assert!(!c.full_dpia.complete);
    }

    #[test]
    fn complete_answers_make_a_dpia_without_prior_consultation_when_the_residual_risk_is_low() {
        let c = conclusions(|t| fixture::set(t, "risks: []\n", &complete(1, 2)));
        assert!(c.full_dpia.complete, "{:?}", c.full_dpia.missing);
        assert!(!c.full_dpia.prior_consultation);
        assert_eq!(c.full_dpia.residual, Level::Low);
        assert_ne!(c.full_dpia.decision, DpiaDecision::ConsultAp);
    }

    #[test]
    fn a_high_residual_risk_requires_prior_consultation_of_the_ap() {
        let c = conclusions(|t| fixture::set(t, "risks: []\n", &complete(3, 3)));
        assert!(c.full_dpia.prior_consultation);
        assert_eq!(c.full_dpia.residual, Level::High);
        assert_eq!(c.full_dpia.decision, DpiaDecision::ConsultAp);
        let reason = c
            .full_dpia
            .reasons
            .iter()
            .find(|r| r.code == "dpia-prior-consultation")
            .expect("the Art. 36 reason");
        assert_eq!(reason.references, vec![AVG_36_1]);
        assert_eq!(reason.answers[0].field, "risks[0].residual");
    }
}
