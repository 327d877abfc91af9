//! Is a DPIA required? Art. 35(3) AVG, the AP list (Stcrt. 2019, 64418) with the EDPB's
//! "plus one more criterion" nuance, and the nine WP248 rev.01 criteria.
//!
//! 1. Take the nine criteria as answered, then correct two from the other answers: pupils are
//!    vulnerable data subjects unless a reason says otherwise; sensitive, special or criminal
//!    data meet criterion 4.
//! 2. Derive the three cases of Art. 35(3).
//! 3. Check the AP-list items that apply.
//! 4. Verdict: required (any of 2–3, or two or more criteria), recommended (exactly one, or none
//!    without a written justification), not required (none, with a justification).

use super::reason::Value;
use super::{Finding, Reason, Severity};
use crate::knowledge::catalogue::Catalogue;
use crate::knowledge::references::refs::*;
use crate::model::{Activity, CriterionAnswer, DataKind, Group};
use serde::Serialize;

/// The verdict of the pre-DPIA.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Verdict {
    /// A full DPIA is required before the processing starts.
    Required,
    /// A DPIA is recommended.
    Recommended,
    /// No DPIA is required (with the controller's written justification).
    NotRequired,
    /// Two or more WP248 criteria are met, but the controller has documented why no high risk
    /// is likely (WP248 rev.01, III.B.a): no DPIA, with the reasons printed.
    NotRequiredJustified,
}

/// One WP248 criterion as assessed.
#[derive(Debug, Clone, Serialize)]
pub struct CriterionResult {
    /// Field name, e.g. `vulnerable`.
    pub id: String,
    /// Number 1–9.
    pub number: u8,
    /// Whether it counts.
    pub met: bool,
    /// The answer as given.
    pub answered: bool,
    /// The reason the user gave.
    pub note: Option<String>,
    /// Why the rule changed the answer, if it did.
    pub corrected: Option<Reason>,
}

/// One AP-list item as assessed.
#[derive(Debug, Clone, Serialize)]
pub struct ApResult {
    /// Item id.
    pub id: String,
    /// Number 1–17.
    pub number: u8,
    /// The answers list it.
    pub listed: bool,
    /// It makes a DPIA required.
    pub triggers: bool,
    /// The user's reason.
    pub note: Option<String>,
    /// It needs one more WP248 criterion (EDPB Opinion 16/2018).
    pub needs_one_more: bool,
}

/// The DPIA conclusion with its reasons.
#[derive(Debug, Clone, Serialize)]
pub struct DpiaConclusion {
    /// The verdict.
    pub verdict: Verdict,
    /// Why.
    pub reasons: Vec<Reason>,
    /// All nine criteria.
    pub criteria: Vec<CriterionResult>,
    /// Number of criteria met.
    pub criteria_met: usize,
    /// All seventeen AP items.
    pub ap_items: Vec<ApResult>,
    /// How many of them the answers list (the documents print only those).
    pub ap_listed: usize,
    /// Whether one of the listed items counts only together with a WP248 criterion.
    pub ap_needs_one_more: bool,
    /// The Art. 35(3) cases that apply (`a`, `b`, `c`).
    pub art35_3: Vec<Reason>,
    /// Points of attention.
    pub findings: Vec<Finding>,
}

fn answers(a: &Activity) -> [(&'static str, &CriterionAnswer); 9] {
    let c = &a.criteria;
    [
        ("evaluation", &c.evaluation),
        ("automated_decision", &c.automated_decision),
        ("monitoring", &c.monitoring),
        ("sensitive", &c.sensitive),
        ("large_scale", &c.large_scale),
        ("combining", &c.combining),
        ("vulnerable", &c.vulnerable),
        ("innovative", &c.innovative),
        ("blocking", &c.blocking),
    ]
}

fn has_reason(a: &CriterionAnswer) -> bool {
    a.reason.as_deref().is_some_and(|r| !r.trim().is_empty())
}

/// Corrects an answer from the other answers, or returns `None` when it stands.
fn correction(activity: &Activity, id: &str, answer: &CriterionAnswer) -> Option<Reason> {
    if answer.applies {
        return None;
    }
    match id {
        "vulnerable" => {
            let (i, _) = activity
                .subjects
                .iter()
                .enumerate()
                // Minors are vulnerable; adult students (in mbo and ho) are not as such.
                .find(|(_, s)| {
                    s.group == Group::Pupils && s.ages.is_none_or(|[from, _]| from < 18)
                })?;
            if has_reason(answer) {
                return None;
            }
            Some(
                Reason::new("vulnerable-pupils", &[WP248_CRITERION_7, AVG_RECITAL_38])
                    .answer(
                        format!("subjects[{i}].group"),
                        Value::Choice("pupils".into()),
                    )
                    .answer("criteria.vulnerable.applies", false)
                    .answer("criteria.vulnerable.reason", Value::Missing),
            )
        }
        "sensitive" => {
            let (i, d) = activity.data.iter().enumerate().find(|(_, d)| {
                matches!(
                    d.kind,
                    DataKind::Sensitive | DataKind::Special | DataKind::Criminal
                )
            })?;
            Some(
                Reason::new("sensitive-from-data", &[WP248_CRITERION_4, AVG_9, AVG_10])
                    .answer(format!("data[{i}].kind"), Value::choice(d.kind))
                    .answer("criteria.sensitive.applies", false),
            )
        }
        _ => None,
    }
}

/// Assesses the nine criteria.
pub fn criteria(activity: &Activity, catalogue: &Catalogue) -> Vec<CriterionResult> {
    answers(activity)
        .into_iter()
        .map(|(id, answer)| {
            let corrected = correction(activity, id, answer);
            let number = catalogue
                .criteria
                .iter()
                .find(|c| c.id == id)
                .map_or(0, |c| c.number);
            CriterionResult {
                id: id.to_string(),
                number,
                met: answer.applies || corrected.is_some(),
                answered: answer.applies,
                note: answer.reason.clone(),
                corrected,
            }
        })
        .collect()
}

fn met(criteria: &[CriterionResult], id: &str) -> bool {
    criteria.iter().any(|c| c.id == id && c.met)
}

/// The Art. 35(3) cases that apply.
fn art35_3(activity: &Activity, criteria: &[CriterionResult]) -> Vec<Reason> {
    let mut out = Vec::new();
    if met(criteria, "evaluation") && met(criteria, "automated_decision") {
        out.push(
            Reason::new("art35-3-a", &[AVG_35_3_A])
                .answer("criteria.evaluation", true)
                .answer("criteria.automated_decision", true),
        );
    }
    let special = activity
        .data
        .iter()
        .enumerate()
        .find(|(_, d)| matches!(d.kind, DataKind::Special | DataKind::Criminal));
    if let (true, Some((i, d))) = (met(criteria, "large_scale"), special) {
        out.push(
            Reason::new("art35-3-b", &[AVG_35_3_B])
                .answer("criteria.large_scale", true)
                .answer(format!("data[{i}].kind"), Value::choice(d.kind)),
        );
    }
    let camera = activity
        .ap_list
        .iter()
        .position(|a| a.item == crate::model::ApItem::CameraSurveillance);
    if let (true, true, Some(i)) = (
        met(criteria, "monitoring"),
        met(criteria, "large_scale"),
        camera,
    ) {
        out.push(
            Reason::new("art35-3-c", &[AVG_35_3_C])
                .answer("criteria.monitoring", true)
                .answer("criteria.large_scale", true)
                .answer(
                    format!("ap_list[{i}].item"),
                    Value::Choice("camera-surveillance".into()),
                ),
        );
    }
    out
}

/// Assesses the DPIA question for `activity`.
pub fn assess(activity: &Activity, catalogue: &Catalogue) -> DpiaConclusion {
    let criteria = criteria(activity, catalogue);
    let criteria_met = criteria.iter().filter(|c| c.met).count();
    let art35_3 = art35_3(activity, &criteria);
    let mut reasons: Vec<Reason> = art35_3.clone();
    let mut findings = Vec::new();

    let ap_items: Vec<ApResult> = catalogue
        .ap_items
        .iter()
        .map(|info| {
            let listed = activity
                .ap_list
                .iter()
                .enumerate()
                .find(|(_, a)| crate::model::name_of(&a.item) == info.id);
            let triggers = listed.is_some() && (!info.needs_one_more || criteria_met >= 1);
            if let Some((i, _)) = listed {
                let reason = if triggers {
                    Reason::new("ap-list-item", &[AP_DPIA_LIST])
                } else {
                    Reason::new(
                        "ap-list-needs-one-more",
                        &[EDPB_OPINION_16_2018, AP_DPIA_LIST],
                    )
                };
                let reason = reason
                    .answer(format!("ap_list[{i}].item"), Value::Choice(info.id.clone()))
                    .answer(
                        "criteria",
                        Value::Criteria {
                            count: criteria_met,
                            numbers: Vec::new(),
                        },
                    );
                if triggers {
                    reasons.push(reason);
                } else {
                    findings.push(Finding::new(Severity::Low, reason).about(info.nl.clone()));
                }
            }
            ApResult {
                id: info.id.clone(),
                number: info.number,
                listed: listed.is_some(),
                triggers,
                note: listed.map(|(_, a)| a.reason.clone()),
                needs_one_more: info.needs_one_more,
            }
        })
        .collect();

    let met = |numbers: bool| Value::Criteria {
        count: criteria_met,
        numbers: if numbers {
            criteria
                .iter()
                .filter(|c| c.met)
                .map(|c| c.number)
                .collect()
        } else {
            Vec::new()
        },
    };
    let justification = activity
        .dpia
        .as_ref()
        .and_then(|d| d.justification.as_deref())
        .filter(|j| !j.trim().is_empty());
    // Two or more criteria "in most cases" mean a DPIA; a controller may conclude otherwise
    // with documented reasons. Art. 35(3) and the AP list leave no such room.
    let vulnerable_plus_one = criteria_met == 2 && crate::rules::dpia::met(&criteria, "vulnerable");
    let vulnerable_reason = || {
        Reason::new(
            "wp248-vulnerable-plus-one",
            &[WP248_III_B_A, WP248_CRITERION_7],
        )
        .answer("criteria", met(true))
    };
    let verdict = if reasons.is_empty() && criteria_met >= 2 && justification.is_some() {
        reasons.push(
            Reason::new(
                "wp248-two-or-more-justified",
                &[WP248_III_B_A, WP248_III_B_B],
            )
            .answer("criteria", met(true))
            .answer("dpia.justification", Value::Given),
        );
        if vulnerable_plus_one {
            reasons.push(vulnerable_reason());
        }
        Verdict::NotRequiredJustified
    } else if !reasons.is_empty() || criteria_met >= 2 {
        let only_criteria = reasons.is_empty();
        if criteria_met >= 2 {
            reasons.push(
                Reason::new("wp248-two-or-more", &[WP248_III_B_A, AVG_35_1])
                    .answer("criteria", met(true)),
            );
        }
        if vulnerable_plus_one && only_criteria {
            reasons.push(vulnerable_reason());
        }
        Verdict::Required
    } else if criteria_met == 1 {
        reasons.push(Reason::new("wp248-one", &[WP248_III_B_A]).answer("criteria", met(true)));
        Verdict::Recommended
    } else if justification.is_some() {
        reasons.push(
            Reason::new("no-criteria-justified", &[WP248_III_B_B])
                .answer("criteria", met(false))
                .answer("dpia.justification", Value::Given),
        );
        Verdict::NotRequired
    } else {
        reasons.push(
            Reason::new("no-criteria-unjustified", &[WP248_III_B_B, AVG_5_2])
                .answer("criteria", met(false))
                .answer("dpia.justification", Value::Missing),
        );
        Verdict::Recommended
    };
    if verdict != Verdict::NotRequired
        && activity
            .dpia
            .as_ref()
            .and_then(|d| d.fg_advice.as_ref())
            .is_none()
    {
        findings.push(Finding::new(
            Severity::Medium,
            Reason::new("fg-advice-missing", &[AVG_35_2]).answer("dpia.fg_advice", Value::Missing),
        ));
    }
    // A recommended DPIA is an action, not a condition of use: it does not change the advice.
    if verdict == Verdict::Recommended {
        findings.push(Finding::new(
            Severity::Low,
            Reason::new("dpia-recommended", &[WP248_III_B_A, AVG_35_1]).answer(
                "criteria",
                Value::Criteria {
                    count: criteria_met,
                    numbers: Vec::new(),
                },
            ),
        ));
    }
    if verdict == Verdict::Required {
        findings.push(Finding::new(
            Severity::Medium,
            Reason::new("dpia-to-do", &[AVG_35_1]).answer(
                "criteria",
                Value::Criteria {
                    count: criteria_met,
                    numbers: Vec::new(),
                },
            ),
        ));
    }
    DpiaConclusion {
        verdict,
        reasons,
        criteria,
        criteria_met,
        ap_listed: ap_items.iter().filter(|i| i.listed).count(),
        ap_needs_one_more: ap_items.iter().any(|i| i.listed && i.needs_one_more),
        ap_items,
        art35_3,
        findings,
    }
}

#[cfg(test)]
mod tests;
