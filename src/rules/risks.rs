//! Risk levels: likelihood × severity on the four-step scale, before and after measures.
//!
//! Level: low (score 1–3), medium (4–6), high (8–16, or both factors at least 3). A high
//! residual risk means the AP must be consulted before the processing starts (Art. 36 AVG).

use super::reason::Value;
use super::{Finding, Reason, Severity};
use crate::knowledge::references::refs::*;
use crate::model::{Activity, Score};
use serde::Serialize;

/// A risk level.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Level {
    /// Laag.
    Low,
    /// Midden.
    Medium,
    /// Hoog.
    High,
}

/// The level for a likelihood and a severity.
pub fn level(likelihood: Score, severity: Score) -> Level {
    let score = likelihood.0 * severity.0;
    if score >= 8 || (likelihood.0 >= 3 && severity.0 >= 3) {
        Level::High
    } else if score >= 4 {
        Level::Medium
    } else {
        Level::Low
    }
}

/// One risk with its levels.
#[derive(Debug, Clone, Serialize)]
pub struct RiskLevel {
    /// Index in `risks`.
    pub index: usize,
    /// Likelihood × severity before measures.
    pub score: u8,
    /// Level before measures.
    pub before: Level,
    /// Likelihood × severity after measures.
    pub residual_score: u8,
    /// Level after measures.
    pub after: Level,
}

/// Assesses every risk.
pub fn assess(activity: &Activity) -> Vec<RiskLevel> {
    activity
        .risks
        .iter()
        .enumerate()
        .map(|(index, r)| RiskLevel {
            index,
            score: r.likelihood.0 * r.severity.0,
            before: level(r.likelihood, r.severity),
            residual_score: r.residual.likelihood.0 * r.residual.severity.0,
            after: level(r.residual.likelihood, r.residual.severity),
        })
        .collect()
}

/// Findings from the levels: a high residual risk needs prior consultation.
pub fn findings(levels: &[RiskLevel]) -> Vec<Finding> {
    levels
        .iter()
        .filter(|l| l.after == Level::High)
        .map(|l| {
            Finding::new(
                Severity::Blocking,
                Reason::new("high-residual-risk", &[AVG_36_1]).answer(
                    format!("risks[{}].residual", l.index),
                    Value::HighScore(l.residual_score),
                ),
            )
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn levels_follow_the_matrix() {
        let l = |a, b| level(Score(a), Score(b));
        assert_eq!(l(1, 1), Level::Low);
        assert_eq!(l(1, 3), Level::Low);
        assert_eq!(l(2, 2), Level::Medium);
        assert_eq!(l(2, 3), Level::Medium);
        assert_eq!(l(2, 4), Level::High);
        assert_eq!(l(3, 3), Level::High);
        assert_eq!(l(1, 4), Level::Medium);
        assert_eq!(l(4, 4), Level::High);
    }

    #[test]
    fn only_high_residual_risk_needs_prior_consultation() {
        let levels = [
            RiskLevel {
                index: 0,
                score: 16,
                before: Level::High,
                residual_score: 4,
                after: Level::Medium,
            },
            RiskLevel {
                index: 1,
                score: 16,
                before: Level::High,
                residual_score: 9,
                after: Level::High,
            },
        ];
        let f = findings(&levels);
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].reason.answers[0].field, "risks[1].residual");
    }
}
