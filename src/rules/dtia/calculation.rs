//! The quantified lawful-access risk of one transfer (the Rosenthal method): per scenario the
//! product of its factors, the scenarios combined as independent events, compared with the
//! threshold.

use super::*;
use crate::knowledge::lawful_access::LawfulAccessData;
use crate::rules::Reason;

pub(super) fn calculate(
    i: usize,
    la: &crate::model::LawfulAccess,
    data: &LawfulAccessData,
) -> Calculation {
    let period_years = la.period_years.unwrap_or(data.default_period_years);
    let threshold = la.threshold.map_or(data.default_threshold, |p| p.0);
    let scenarios: Vec<ScenarioResult> = la
        .scenarios
        .iter()
        .map(|s| {
            let mut cumulative = 1.0;
            let factors = s
                .factors
                .iter()
                .map(|f| {
                    cumulative *= f.probability.0;
                    FactorRow {
                        condition: f.condition.clone(),
                        probability: f.probability.0,
                        justification: f.justification.clone(),
                        cumulative,
                    }
                })
                .collect::<Vec<_>>();
            ScenarioResult {
                name: s.name.clone(),
                law: s
                    .law
                    .as_deref()
                    .map(|id| data.law(id).map_or(id.to_string(), |l| l.name.clone())),
                probability: if factors.is_empty() { 0.0 } else { cumulative },
                factors,
            }
        })
        .collect();
    let total = combine(&scenarios.iter().map(|s| s.probability).collect::<Vec<_>>());
    let within_threshold = total <= threshold + EPSILON;
    let once_in_years = (total > 0.0).then(|| (f64::from(period_years) / total).round() as u64);
    let reason = Reason::new(
        if within_threshold {
            "lawful-access-within-threshold"
        } else {
            "lawful-access-above-threshold"
        },
        &[SCC_CLAUSE_14, EDPB_REC_01_2020_STEP_3],
    )
    .answer(
        format!("transfers[{i}].lawful_access.scenarios"),
        scenarios.len(),
    )
    .answer(format!("transfers[{i}].lawful_access.threshold"), threshold);
    Calculation {
        period_years,
        threshold,
        default_threshold: la.threshold.is_none(),
        scenarios,
        total,
        within_threshold,
        once_in_years,
        reason,
    }
}
