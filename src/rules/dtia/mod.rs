//! The transfer impact assessment (DTIA): for an activity whose data leaves the EEA, judge every
//! transfer along the six steps of EDPB Recommendations 01/2020 and quantify the risk of foreign
//! lawful access in the style of the Rosenthal method.
//!
//! 1. Know the transfer: what, whose, how often, how reached, onward to whom.
//! 2. Transfer tool: an adequacy decision (the DPF only for a certified importer) needs no more
//!    than documenting; SCCs and BCRs need this assessment; an Art. 49 derogation only for an
//!    occasional transfer, and a public authority cannot use (a)–(c) or compelling interests.
//! 3. Third-country law: which laws (from `data/lawful-access.yaml`) reach this importer.
//! 4. Supplementary measures: encryption with keys held by the school defeats orders to the
//!    importer; pseudonymisation counts only when the importer cannot re-identify; encryption in
//!    transit counts against interception; contracts and organisation support but cannot stop
//!    access on their own.
//! 5. The calculation: per scenario the product of its factors; scenarios combined as
//!    independent events, `1 − Π(1 − p)`; compared with the threshold (at most: acceptable).
//! 6. The verdict per transfer and for the activity: the worst of its transfers.

use super::reason::Value;
use super::{Finding, Reason, Section, Severity};
use crate::knowledge::catalogue::Catalogue;
use crate::knowledge::lawful_access::{Channel, LawfulAccessData};
use crate::knowledge::references::refs::*;
use crate::model::{Activity, Date, Organisation, Role, TransferTool};
use serde::Serialize;
use transfer::assess_transfer;

mod calculation;
#[cfg(test)]
mod tests;
mod transfer;

/// Rounding slack when comparing a product of decimal fractions with the threshold.
const EPSILON: f64 = 1e-12;

/// The conclusion of a DTIA.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Verdict {
    /// The transfer may go ahead.
    Allowed,
    /// Only with the listed supplementary measures and actions.
    AllowedWithMeasures,
    /// Not allowed.
    NotAllowed,
}

/// What a measure does against foreign lawful access.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Effect {
    /// Stops the access it is aimed at.
    Effective,
    /// Helps, but cannot stop access on its own.
    Supporting,
    /// Does not stop access.
    Ineffective,
}

/// One supplementary measure, judged.
#[derive(Debug, Clone, Serialize)]
pub struct MeasureCheck {
    /// Its effect.
    pub effect: Effect,
    /// Why.
    pub reason: Reason,
}

/// A foreign law that reaches the importer.
#[derive(Debug, Clone, Serialize)]
pub struct LawFlag {
    /// Id in the data file.
    pub id: String,
    /// Name with citation.
    pub name: String,
    /// Order to the importer, or interception in transit.
    pub channel: Channel,
    /// What it allows (Dutch, from the data file).
    pub nl: String,
    /// What it allows (English, from the data file).
    pub en: String,
    /// What to check at re-evaluation (Dutch).
    pub watch: String,
    /// What to check at re-evaluation (English).
    pub watch_en: String,
    /// Where the entry was checked (URL or official citation).
    pub source: String,
    /// False when the provision or its reach could not be verified: the DTIA says so.
    pub confirmed: bool,
    /// The school's measures stop it.
    pub countered: bool,
    /// Why it is flagged.
    pub reason: Reason,
}

/// One factor of a scenario, as used in the calculation.
#[derive(Debug, Clone, Serialize)]
pub struct FactorRow {
    /// The condition.
    pub condition: String,
    /// Its probability.
    pub probability: f64,
    /// Why.
    pub justification: String,
    /// The product up to and including this factor.
    pub cumulative: f64,
}

/// One scenario, calculated.
#[derive(Debug, Clone, Serialize)]
pub struct ScenarioResult {
    /// The scenario.
    pub name: String,
    /// Name of the law it rests on.
    pub law: Option<String>,
    /// The factors in order.
    pub factors: Vec<FactorRow>,
    /// The product of the factors: its probability over the period.
    pub probability: f64,
}

/// The quantified lawful-access assessment of one transfer.
#[derive(Debug, Clone, Serialize)]
pub struct Calculation {
    /// Assessment period in years.
    pub period_years: u8,
    /// Highest acceptable probability over the period.
    pub threshold: f64,
    /// The threshold is dpiagen's default, not the school's own.
    pub default_threshold: bool,
    /// The scenarios.
    pub scenarios: Vec<ScenarioResult>,
    /// Probability that at least one scenario happens in the period.
    pub total: f64,
    /// `total` is at most `threshold`.
    pub within_threshold: bool,
    /// Statistically once in this many years (none when the total is 0).
    pub once_in_years: Option<u64>,
    /// Why: the comparison with the threshold.
    pub reason: Reason,
}

/// One transfer, assessed.
#[derive(Debug, Clone, Serialize)]
pub struct TransferAssessment {
    /// Index in `transfers`.
    pub index: usize,
    /// The importer.
    pub importer: String,
    /// The country.
    pub country: String,
    /// The transfer tool the assessment relies on: the strongest that holds of those named.
    pub used: TransferTool,
    /// Every transfer tool named for this importer, the first one first.
    pub tools: Vec<TransferTool>,
    /// A transfer impact assessment beyond documenting the tool is needed (SCCs, BCRs).
    pub tia_required: bool,
    /// The SCC module the importer's role calls for.
    pub expected_module: Option<u8>,
    /// Step 1: what is known of the transfer, incl. onward transfers.
    pub known: Vec<Reason>,
    /// Step 2: the tool.
    pub tool: Vec<Reason>,
    /// Step 3: laws that reach the importer.
    pub laws: Vec<LawFlag>,
    /// Step 4: the measures, judged.
    pub measures: Vec<MeasureCheck>,
    /// The calculation, when answered.
    pub calculation: Option<Calculation>,
    /// What is wrong or missing.
    pub findings: Vec<Finding>,
    /// The verdict for this transfer.
    pub verdict: Verdict,
    /// The reasons that decide the verdict.
    pub basis: Vec<Reason>,
    /// Whether the lawful-access data holds any law of the importer's country (without any, no
    /// law found means nothing is known, not that there is no risk).
    pub country_covered: bool,
    /// Some law that reaches the importer could not be verified against a source; the DTIA
    /// explains that such a law is a lead for the school's own assessment.
    pub laws_unconfirmed: bool,
    /// When laws reach the importer that the measures do not stop and the transfer is still
    /// allowed: why they do not block it.
    pub flags_allowed_by: Option<FlagsAllowedBy>,
}

/// Why laws that reach an importer do not block a transfer that is allowed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum FlagsAllowedBy {
    /// The transfer rests on an adequacy decision (the DPF included), in which the Commission
    /// weighed these laws; no transfer impact assessment of them is asked.
    Adequacy,
    /// The calculated probability of access over the period is at or below the threshold.
    Calculation,
}

/// The DTIA of one activity.
#[derive(Debug, Clone, Serialize)]
pub struct DtiaConclusion {
    /// Every described transfer, assessed.
    pub transfers: Vec<TransferAssessment>,
    /// Locations outside the EEA without a described transfer.
    pub undocumented: Vec<Finding>,
    /// All findings, most severe first.
    pub findings: Vec<Finding>,
    /// The verdict for the activity: the worst of its transfers.
    pub verdict: Verdict,
    /// Some transfer relies on the Data Privacy Framework.
    pub uses_dpf: bool,
    /// Date of the re-evaluation (step 6).
    pub review: Date,
}

/// The SCC module an importer's role calls for, the school being the exporter and controller.
pub fn expected_module(role: Role) -> u8 {
    match role {
        Role::IndependentController | Role::JointController => 1,
        Role::Processor => 2,
        Role::SubProcessor => 3,
    }
}

/// The probability that at least one of independent scenarios happens: `1 − Π(1 − p)`.
pub fn combine(scenarios: &[f64]) -> f64 {
    1.0 - scenarios.iter().map(|p| 1.0 - p).product::<f64>()
}

/// Assesses the transfers of `activity`; `None` when no data leaves the EEA.
pub fn assess(
    activity: &Activity,
    org: &Organisation,
    catalogue: &Catalogue,
    data: &'static LawfulAccessData,
) -> Option<DtiaConclusion> {
    let mut undocumented = Vec::new();
    let mut outside = !activity.transfers.is_empty();
    for (vi, v) in activity.vendors.iter().enumerate() {
        for (li, c) in v.locations.iter().enumerate() {
            if catalogue.in_eea(c) {
                continue;
            }
            outside = true;
            if !activity.transfers.iter().any(|t| &t.country == c) {
                undocumented.push(
                    Finding::new(
                        Severity::Blocking,
                        Reason::new("transfer-undocumented", &[AVG_44, AVG_46]).answer(
                            format!("vendors[{vi}].locations[{li}]"),
                            Value::Country(c.clone()),
                        ),
                    )
                    .about(v.name.clone()),
                );
            }
        }
    }
    if !outside {
        return None;
    }
    let transfers: Vec<TransferAssessment> = activity
        .transfers
        .iter()
        .enumerate()
        .map(|(i, t)| assess_transfer(i, t, org, catalogue, data))
        .collect();
    let mut findings: Vec<Finding> = undocumented.clone();
    findings.extend(transfers.iter().flat_map(|t| t.findings.iter().cloned()));
    findings.sort_by_key(|f| std::cmp::Reverse(f.severity));
    let verdict = transfers
        .iter()
        .map(|t| t.verdict)
        .chain((!undocumented.is_empty()).then_some(Verdict::NotAllowed))
        .max()
        .unwrap_or(Verdict::Allowed);
    Some(DtiaConclusion {
        uses_dpf: activity
            .transfers
            .iter()
            .any(|t| t.tool == TransferTool::Dpf || t.tools.contains(&TransferTool::Dpf)),
        transfers,
        undocumented,
        findings,
        verdict,
        review: activity.assessment.review,
    })
}

/// The verdict of one transfer and the reasons that decide it:
///
/// - a blocking finding: not allowed (its reasons);
/// - else a medium finding: allowed with measures (those findings and the effective measures);
/// - else, for SCCs or BCRs while a foreign law reaches the importer: allowed with measures,
///   because the outcome rests on the supplementary measures and the calculation's assumptions
///   (Schrems II; EDPB Recommendations 01/2020, step 4);
/// - else: allowed (the tool, and the calculation when there is one).
fn verdict(
    tia_required: bool,
    findings: &[Finding],
    tool: &[Reason],
    laws: &[LawFlag],
    measures: &[MeasureCheck],
    calculation: &Option<Calculation>,
) -> (Verdict, Vec<Reason>) {
    let of = |sev: Severity| -> Vec<Reason> {
        findings
            .iter()
            .filter(|f| f.severity == sev)
            .map(|f| f.reason.clone())
            .collect()
    };
    let relied_on: Vec<Reason> = measures
        .iter()
        .filter(|m| {
            tia_required
                && m.effect != Effect::Ineffective
                && m.reason.code != "encrypted-in-transit"
        })
        .map(|m| m.reason.clone())
        .collect();
    let calc: Vec<Reason> = calculation.iter().map(|c| c.reason.clone()).collect();
    let blocking = of(Severity::Blocking);
    if !blocking.is_empty() {
        return (Verdict::NotAllowed, blocking);
    }
    let medium = of(Severity::Medium);
    if !medium.is_empty() {
        return (
            Verdict::AllowedWithMeasures,
            medium.into_iter().chain(relied_on).collect(),
        );
    }
    if tia_required && !laws.is_empty() {
        return (
            Verdict::AllowedWithMeasures,
            relied_on.into_iter().chain(calc).collect(),
        );
    }
    (Verdict::Allowed, tool.iter().cloned().chain(calc).collect())
}

/// For the pre-DPIA: a blocking finding when the DTIA forbids the transfer and the pre-DPIA's
/// own transfer checks have not already blocked it.
pub fn pre_dpia_finding(d: &DtiaConclusion, findings: &[Finding]) -> Option<Finding> {
    let already = findings
        .iter()
        .any(|f| f.severity == Severity::Blocking && f.section == Section::TransferTool);
    (d.verdict == Verdict::NotAllowed && !already).then(|| {
        Finding::new(
            Severity::Blocking,
            Reason::new("dtia-not-allowed", &[AVG_44, EDPB_REC_01_2020])
                .answer("transfers", d.transfers.len()),
        )
    })
}
