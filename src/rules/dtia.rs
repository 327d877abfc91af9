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
use crate::catalogue::{Adequacy, Catalogue};
use crate::knowledge::references::{Ref, refs::*};
use crate::lawful_access::{Channel, LawfulAccessData};
use crate::model::{
    AccessType, Activity, Date, Derogation, Frequency, KeyHolder, Organisation, Role, Transfer,
    TransferTool,
};
use serde::Serialize;

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
            .any(|t| t.tool == TransferTool::Dpf),
        transfers,
        undocumented,
        findings,
        verdict,
        review: activity.assessment.review,
    })
}

fn assess_transfer(
    i: usize,
    t: &Transfer,
    org: &Organisation,
    catalogue: &Catalogue,
    data: &'static LawfulAccessData,
) -> TransferAssessment {
    let f = |name: &str| format!("transfers[{i}].{name}");
    let r = |code, references: &[Ref]| {
        Reason::new(code, references)
            .answer(f("country"), Value::Country(t.country.clone()))
            .answer(f("tool"), Value::choice(t.tool))
    };
    let mut findings = Vec::new();
    let mut tool = Vec::new();
    let mut known = Vec::new();
    let about = |sev, reason: Reason| Finding::new(sev, reason).about(t.importer.clone());
    let tool_finding = |sev, reason: Reason| about(sev, reason).in_section(Section::TransferTool);

    // Step 1: know the transfer.
    let mut missing = Reason::new("transfer-details-missing", &[EDPB_REC_01_2020_STEP_1]);
    if t.data.is_empty() {
        missing = missing.answer(f("data"), Value::Missing);
    }
    if t.subjects.is_empty() {
        missing = missing.answer(f("subjects"), Value::Missing);
    }
    if t.frequency.is_none() {
        missing = missing.answer(f("frequency"), Value::Missing);
    }
    if t.access.is_empty() {
        missing = missing.answer(f("access"), Value::Missing);
    }
    if t.importer_role.is_none() {
        missing = missing.answer(f("importer_role"), Value::Missing);
    }
    if !missing.answers.is_empty() {
        findings.push(about(Severity::Low, missing));
    }
    if t.access.contains(&AccessType::RemoteSupport) {
        known.push(
            Reason::new(
                "remote-access-is-transfer",
                &[AVG_44, EDPB_GUIDELINES_05_2021],
            )
            .answer(f("access"), Value::Choice("remote-support".into())),
        );
    }
    for (si, s) in t.sub_processors.iter().enumerate() {
        if !catalogue.in_eea(&s.country) {
            known.push(
                Reason::new("onward-transfer", &[AVG_44, SCC_CLAUSES_8_7_9])
                    .answer(format!("transfers[{i}].sub_processors[{si}].name"), &s.name)
                    .answer(
                        format!("transfers[{i}].sub_processors[{si}].country"),
                        Value::Country(s.country.clone()),
                    ),
            );
        }
    }

    // Step 2: the transfer tool.
    let adequacy = catalogue.country(&t.country).and_then(|c| c.adequacy);
    let mut tia_required = false;
    let mut expected = None;
    match t.tool {
        TransferTool::None => findings.push(tool_finding(
            Severity::Blocking,
            r("transfer-without-tool", &[AVG_44]),
        )),
        TransferTool::Dpf if t.dpf_certified != Some(true) => findings.push(tool_finding(
            Severity::Blocking,
            r("dpf-not-certified", &[DPF_2023_1795])
                .answer(f("dpf_certified"), t.dpf_certified.unwrap_or(false)),
        )),
        TransferTool::Dpf if adequacy != Some(Adequacy::DpfOnly) => findings.push(tool_finding(
            Severity::Blocking,
            r("dpf-wrong-country", &[DPF_2023_1795]),
        )),
        TransferTool::Dpf => {
            tool.push(r("dpf-certified", &[AVG_45, DPF_2023_1795]).answer(f("dpf_certified"), true))
        }
        TransferTool::Adequacy if adequacy == Some(Adequacy::Full) => {
            tool.push(r("adequacy", &[AVG_45]));
        }
        TransferTool::Adequacy if adequacy == Some(Adequacy::Partial) => {
            tool.push(r("adequacy", &[AVG_45]));
            findings.push(tool_finding(
                Severity::Medium,
                r("adequacy-partial", &[AVG_45]),
            ));
        }
        TransferTool::Adequacy => findings.push(tool_finding(
            Severity::Blocking,
            r("no-adequacy-for-country", &[AVG_45]),
        )),
        TransferTool::Scc => {
            tia_required = true;
            tool.push(r(
                "tia-required",
                &[AVG_46_2_C, SCC_CLAUSE_14, CJEU_C_311_18],
            ));
            expected = t.importer_role.map(expected_module);
            match (t.scc_module, expected) {
                (None, _) => findings.push(tool_finding(
                    Severity::Medium,
                    r("scc-module-missing", &[SCC_2021_914]),
                )),
                (Some(m), Some(e)) if m.0 != e => findings.push(tool_finding(
                    Severity::Medium,
                    r("scc-module-mismatch", &[SCC_2021_914])
                        .answer(f("scc_module"), m.0)
                        .answer(f("importer_role"), Value::choice(t.importer_role)),
                )),
                (Some(m), _) => tool.push(
                    r("scc-module", &[SCC_2021_914])
                        .answer(f("scc_module"), m.0)
                        .answer(f("importer_role"), Value::choice(t.importer_role)),
                ),
            }
        }
        TransferTool::Bcr => {
            tia_required = true;
            tool.push(r("tia-required", &[AVG_46_2_B, AVG_47, CJEU_C_311_18]));
        }
        TransferTool::Derogation => {
            let occasional = t.frequency == Some(Frequency::Occasional);
            let frequency = t.frequency.map_or(Value::Missing, Value::choice);
            if !occasional {
                findings.push(tool_finding(
                    Severity::Blocking,
                    r(
                        "derogation-not-occasional",
                        &[AVG_49_1, EDPB_GUIDELINES_2_2018],
                    )
                    .answer(f("frequency"), frequency.clone()),
                ));
            }
            let public_barred = matches!(
                t.derogation,
                Some(
                    Derogation::ExplicitConsent
                        | Derogation::Contract
                        | Derogation::ContractInInterest
                        | Derogation::CompellingInterests
                )
            );
            match t.derogation {
                None => findings.push(tool_finding(
                    Severity::Medium,
                    r("derogation-unspecified", &[AVG_49_1])
                        .answer(f("derogation"), Value::Missing),
                )),
                Some(d) if public_barred && org.public_authority => findings.push(tool_finding(
                    Severity::Blocking,
                    r("derogation-public-authority", &[AVG_49_1, AVG_49_3])
                        .answer(f("derogation"), Value::choice(d))
                        .answer("organisation.public_authority", true),
                )),
                Some(d) if occasional => tool.push(
                    r("derogation-occasional", &[AVG_49_1, EDPB_GUIDELINES_2_2018])
                        .answer(f("derogation"), Value::choice(d))
                        .answer(f("frequency"), frequency),
                ),
                Some(_) => {}
            }
        }
    }

    // Step 4 first (step 3 needs it): which measures stop which kind of access.
    let m = &t.measures;
    let keys_with_school = m.encryption_at_rest && m.keys == Some(KeyHolder::School);
    let pseudonymous = m.pseudonymised && m.importer_can_reidentify == Some(false);
    let mut measures = Vec::new();
    let keys = m.keys.map_or(Value::Missing, Value::choice);
    measures.push(MeasureCheck {
        effect: if keys_with_school {
            Effect::Effective
        } else {
            Effect::Ineffective
        },
        reason: Reason::new(
            if keys_with_school {
                "keys-with-school"
            } else {
                "provider-can-read"
            },
            &[EDPB_REC_01_2020_USE_CASES_1_6],
        )
        .answer(f("measures.encryption_at_rest"), m.encryption_at_rest)
        .answer(f("measures.keys"), keys),
    });
    measures.push(MeasureCheck {
        effect: if m.encryption_in_transit {
            Effect::Effective
        } else {
            Effect::Ineffective
        },
        reason: Reason::new(
            if m.encryption_in_transit {
                "encrypted-in-transit"
            } else {
                "not-encrypted-in-transit"
            },
            &[EDPB_REC_01_2020_USE_CASE_3],
        )
        .answer(f("measures.encryption_in_transit"), m.encryption_in_transit),
    });
    if !m.encryption_in_transit {
        findings.push(about(
            Severity::Medium,
            Reason::new("not-encrypted-in-transit", &[AVG_32, EDPB_REC_01_2020])
                .answer(f("measures.encryption_in_transit"), false),
        ));
    }
    if m.pseudonymised {
        let reid = m
            .importer_can_reidentify
            .map_or("–".to_string(), |b| b.to_string());
        measures.push(MeasureCheck {
            effect: if pseudonymous {
                Effect::Effective
            } else {
                Effect::Ineffective
            },
            reason: Reason::new(
                if pseudonymous {
                    "pseudonymised"
                } else {
                    "pseudonymised-reidentifiable"
                },
                &[AVG_4_5, EDPB_REC_01_2020_USE_CASE_2],
            )
            .answer(f("measures.pseudonymised"), true)
            .answer(f("measures.importer_can_reidentify"), reid),
        });
    }
    if !m.contractual.is_empty() || !m.organisational.is_empty() {
        measures.push(MeasureCheck {
            effect: Effect::Supporting,
            reason: Reason::new("contractual-organisational", &[EDPB_REC_01_2020_MEASURES])
                .answer(f("measures.contractual"), m.contractual.len())
                .answer(f("measures.organisational"), m.organisational.len()),
        });
    }

    // Step 3: the laws that reach this importer.
    let kind = t.importer_kind;
    let laws: Vec<LawFlag> = data
        .laws
        .iter()
        .filter(|l| l.country == t.country && l.applies_to.contains(&kind))
        .map(|law| {
            let countered = match law.channel {
                Channel::Provider => keys_with_school || pseudonymous,
                Channel::Transit => m.encryption_in_transit || pseudonymous,
            };
            LawFlag {
                id: law.id.clone(),
                name: law.name.clone(),
                channel: law.channel,
                nl: law.nl.clone(),
                en: law.en.clone(),
                watch: law.watch.clone(),
                watch_en: law.watch_en.clone(),
                countered,
                // The law itself is what this reason cites (its name, below).
                reason: Reason::new("importer-subject-to-law", &[])
                    .answer(f("country"), Value::Country(t.country.clone()))
                    .answer(f("importer_kind"), Value::choice(kind)),
            }
        })
        .collect();

    // Step 5: the calculation.
    let calculation = t.lawful_access.as_ref().map(|la| calculate(i, la, data));
    if tia_required {
        match &calculation {
            None if laws.is_empty() => findings.push(about(
                Severity::Blocking,
                r(
                    "third-country-law-unknown",
                    &[SCC_CLAUSE_14, EDPB_REC_01_2020_STEP_3],
                ),
            )),
            None => findings.push(about(
                Severity::Blocking,
                r(
                    "lawful-access-not-assessed",
                    &[SCC_CLAUSE_14, EDPB_REC_01_2020_STEP_3],
                ),
            )),
            Some(c) if !c.within_threshold => {
                findings.push(about(Severity::Blocking, c.reason.clone()));
            }
            Some(_) => {}
        }
    }

    // A law that reaches the importer, is not stopped by the measures and has no scenario in
    // the calculation: the assessment of step 3 is incomplete.
    if tia_required && let Some(c) = &calculation {
        for law in laws.iter().filter(|l| !l.countered) {
            if !t
                .lawful_access
                .iter()
                .flat_map(|la| la.scenarios.iter())
                .any(|s| s.law.as_deref() == Some(law.id.as_str()))
            {
                findings.push(about(
                    Severity::Medium,
                    Reason::new(
                        "law-not-in-calculation",
                        &[SCC_CLAUSE_14, EDPB_REC_01_2020_STEP_3],
                    )
                    .answer(f("lawful_access.scenarios"), c.scenarios.len())
                    .answer(f("country"), Value::Country(t.country.clone()))
                    .answer_about("law", &law.name, law.id.clone()),
                ));
            }
        }
    }

    let (verdict, basis) = verdict(
        tia_required,
        &findings,
        &tool,
        &laws,
        &measures,
        &calculation,
    );
    TransferAssessment {
        index: i,
        importer: t.importer.clone(),
        country: t.country.clone(),
        tia_required,
        expected_module: expected,
        known,
        tool,
        laws,
        measures,
        calculation,
        findings,
        verdict,
        basis,
    }
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

fn calculate(i: usize, la: &crate::model::LawfulAccess, data: &LawfulAccessData) -> Calculation {
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::fixture::{activity_with, organisation, set};

    fn org(public_authority: bool) -> Organisation {
        let mut o = organisation();
        o.public_authority = public_authority;
        o
    }

    /// The DTIA of the fixture with a vendor in `locations` and `transfers` as YAML.
    fn run_with(locations: &str, transfers: &str, o: &Organisation) -> Option<DtiaConclusion> {
        let a = activity_with(|t| {
            set(
                t,
                "vendors: []\n",
                &format!(
                    "vendors:\n  - {{name: V, role: processor, agreement: {{status: signed, model: model4}}, locations: {locations}}}\n"
                ),
            );
            t.push_str(transfers);
        });
        assess(
            &a,
            o,
            &crate::knowledge::Knowledge::builtin().catalogue,
            &crate::knowledge::Knowledge::builtin().lawful_access,
        )
    }

    fn run(transfer: &str) -> TransferAssessment {
        let d = run_with("[US]", &format!("transfers:\n  - {transfer}\n"), &org(true))
            .expect("a US location is a transfer");
        assert_eq!(d.transfers.len(), 1);
        d.transfers[0].clone()
    }

    fn codes(t: &TransferAssessment) -> Vec<&'static str> {
        t.findings.iter().map(|f| f.reason.code).collect()
    }

    /// All step-1 answers, so only the tested rule produces findings.
    const KNOWN: &str = "data: [namen], subjects: [pupils], frequency: continuous, access: [storage], importer_role: processor, importer_kind: communication-service";

    /// A scenario whose factors have these probabilities.
    fn scenario(law: &str, ps: &[f64]) -> String {
        let factors: Vec<String> = ps
            .iter()
            .map(|p| format!("{{condition: c, probability: {p}, justification: j}}"))
            .collect();
        format!("{{name: s, law: {law}, factors: [{}]}}", factors.join(", "))
    }

    #[test]
    fn no_transfer_means_no_dtia() {
        assert!(run_with("[NL, DE]", "", &org(true)).is_none());
    }

    #[test]
    fn a_location_outside_the_eea_without_a_transfer_is_not_allowed() {
        let d = run_with("[NL, US]", "", &org(true)).expect("DTIA");
        assert_eq!(d.undocumented.len(), 1);
        assert_eq!(d.undocumented[0].reason.code, "transfer-undocumented");
        assert_eq!(d.verdict, Verdict::NotAllowed);
    }

    #[test]
    fn no_tool_is_not_allowed() {
        let t = run(&format!(
            "{{importer: I, country: US, tool: none, {KNOWN}, measures: {{encryption_in_transit: true}}}}"
        ));
        assert_eq!(codes(&t), ["transfer-without-tool"]);
        assert_eq!(t.verdict, Verdict::NotAllowed);
        assert_eq!(t.basis[0].code, "transfer-without-tool");
    }

    #[test]
    fn dpf_only_for_a_certified_us_importer() {
        let m = "measures: {encryption_in_transit: true}";
        let ok = run(&format!(
            "{{importer: I, country: US, tool: dpf, dpf_certified: true, {KNOWN}, {m}}}"
        ));
        assert!(codes(&ok).is_empty() && !ok.tia_required);
        assert_eq!(ok.verdict, Verdict::Allowed);
        assert_eq!(ok.basis[0].code, "dpf-certified");
        let not = run(&format!(
            "{{importer: I, country: US, tool: dpf, dpf_certified: false, {KNOWN}, {m}}}"
        ));
        assert_eq!(codes(&not), ["dpf-not-certified"]);
        assert_eq!(not.verdict, Verdict::NotAllowed);
        let d = run_with(
            "[IN]",
            &format!("transfers:\n  - {{importer: I, country: IN, tool: dpf, dpf_certified: true, {KNOWN}, {m}}}\n"),
            &org(true),
        )
        .expect("DTIA");
        assert_eq!(codes(&d.transfers[0]), ["dpf-wrong-country"]);
    }

    #[test]
    fn adequacy_needs_an_adequate_country() {
        let m = "measures: {encryption_in_transit: true}";
        let d = run_with(
            "[CH]",
            &format!(
                "transfers:\n  - {{importer: I, country: CH, tool: adequacy, {KNOWN}, {m}}}\n"
            ),
            &org(true),
        )
        .expect("DTIA");
        let t = &d.transfers[0];
        assert!(codes(t).is_empty() && t.laws.is_empty() && !t.tia_required);
        assert_eq!(t.verdict, Verdict::Allowed);
        let us = run(&format!(
            "{{importer: I, country: US, tool: adequacy, {KNOWN}, {m}}}"
        ));
        assert_eq!(codes(&us), ["no-adequacy-for-country"]);
    }

    #[test]
    fn derogations_only_for_occasional_transfers_and_not_a_b_c_for_public_authorities() {
        let base = "importer: I, country: US, tool: derogation, data: [namen], subjects: [pupils], access: [storage], importer_role: processor, measures: {encryption_in_transit: true}";
        let once = |d: &str, o: &Organisation| {
            let d = run_with(
                "[US]",
                &format!("transfers:\n  - {{{base}, frequency: occasional, derogation: {d}}}\n"),
                o,
            )
            .expect("DTIA");
            d.transfers[0].clone()
        };
        // Public interest stays open to a school; consent does not (Art. 49(3)).
        let t = once("public-interest", &org(true));
        assert!(codes(&t).is_empty(), "{:?}", codes(&t));
        assert_eq!(t.tool[0].code, "derogation-occasional");
        assert_eq!(
            codes(&once("explicit-consent", &org(true))),
            ["derogation-public-authority"]
        );
        assert!(codes(&once("explicit-consent", &org(false))).is_empty());
        // Repeated transfers cannot rest on a derogation at all.
        let regular = run(&format!(
            "{{{base}, frequency: regular, derogation: public-interest}}"
        ));
        assert_eq!(codes(&regular), ["derogation-not-occasional"]);
        assert_eq!(regular.verdict, Verdict::NotAllowed);
    }

    #[test]
    fn scc_needs_the_assessment_and_the_module_of_the_role() {
        let without = run(&format!(
            "{{importer: I, country: US, tool: scc, scc_module: 2, {KNOWN}, measures: {{encryption_in_transit: true}}}}"
        ));
        assert!(without.tia_required);
        assert_eq!(without.expected_module, Some(2));
        assert_eq!(codes(&without), ["lawful-access-not-assessed"]);
        assert_eq!(without.verdict, Verdict::NotAllowed);
        let wrong = run(&format!(
            "{{importer: I, country: US, tool: scc, scc_module: 1, {KNOWN}, measures: {{encryption_in_transit: true}}}}"
        ));
        assert!(codes(&wrong).contains(&"scc-module-mismatch"));
        let bcr = run(&format!("{{importer: I, country: US, tool: bcr, {KNOWN}}}"));
        assert!(bcr.tia_required);
    }

    #[test]
    fn laws_follow_the_kind_of_importer() {
        let ids = |kind: &str| -> Vec<String> {
            run(&format!("{{importer: I, country: US, tool: dpf, dpf_certified: true, importer_kind: {kind}}}"))
                .laws
                .iter()
                .map(|l| l.id.clone())
                .collect()
        };
        assert_eq!(
            ids("communication-service"),
            ["fisa-702", "cloud-act", "eo-12333"]
        );
        assert_eq!(ids("unknown"), ["fisa-702", "cloud-act", "eo-12333"]);
        assert_eq!(ids("other"), ["eo-12333"]);
    }

    #[test]
    fn keys_held_by_the_school_defeat_orders_to_the_provider() {
        let t = run(&format!(
            "{{importer: I, country: US, tool: scc, scc_module: 2, {KNOWN}, measures: {{encryption_in_transit: true, encryption_at_rest: true, keys: school}}, lawful_access: {{scenarios: [{}]}}}}",
            scenario("cloud-act", &[0.1, 0.01])
        ));
        assert!(t.laws.iter().all(|l| l.countered), "{:?}", t.laws);
        assert_eq!(t.measures[0].reason.code, "keys-with-school");
        assert!(codes(&t).is_empty(), "{:?}", codes(&t));
        assert_eq!(t.verdict, Verdict::AllowedWithMeasures);
        assert!(t.basis.iter().any(|r| r.code == "keys-with-school"));
        // Provider-held keys: orders to the provider are not countered.
        let p = run(&format!(
            "{{importer: I, country: US, tool: scc, scc_module: 2, {KNOWN}, measures: {{encryption_in_transit: true, encryption_at_rest: true, keys: importer}}}}"
        ));
        assert_eq!(p.measures[0].reason.code, "provider-can-read");
        let countered: Vec<(&str, bool)> = p
            .laws
            .iter()
            .map(|l| (l.id.as_str(), l.countered))
            .collect();
        assert_eq!(
            countered,
            [
                ("fisa-702", false),
                ("cloud-act", false),
                ("eo-12333", true)
            ]
        );
    }

    #[test]
    fn pseudonymisation_counts_only_when_the_importer_cannot_reidentify() {
        let with = |reid: &str| {
            run(&format!(
                "{{importer: I, country: US, tool: dpf, dpf_certified: true, {KNOWN}, measures: {{pseudonymised: true{reid}}}}}"
            ))
        };
        let no = with(", importer_can_reidentify: false");
        assert!(no.laws.iter().all(|l| l.countered));
        assert!(
            no.measures
                .iter()
                .any(|m| m.reason.code == "pseudonymised" && m.effect == Effect::Effective)
        );
        // Not known counts as "can re-identify".
        for t in [with(", importer_can_reidentify: true"), with("")] {
            assert!(
                t.measures
                    .iter()
                    .any(|m| m.reason.code == "pseudonymised-reidentifiable"
                        && m.effect == Effect::Ineffective)
            );
            assert!(t.laws.iter().any(|l| !l.countered));
        }
    }

    #[test]
    fn the_calculation_multiplies_the_chain_and_combines_scenarios() {
        let t = run(&format!(
            "{{importer: I, country: US, tool: scc, scc_module: 2, {KNOWN}, measures: {{encryption_in_transit: true}}, lawful_access: {{period_years: 5, threshold: 0.1, scenarios: [{}, {}, {}]}}}}",
            scenario("fisa-702", &[0.5, 0.2, 0.1]),
            scenario("cloud-act", &[0.1, 0.5]),
            scenario("eo-12333", &[0.5, 0.02]),
        ));
        let c = t.calculation.clone().expect("calculated");
        let ps: Vec<f64> = c.scenarios.iter().map(|s| s.probability).collect();
        assert!(
            (ps[0] - 0.01).abs() < 1e-12
                && (ps[1] - 0.05).abs() < 1e-12
                && (ps[2] - 0.01).abs() < 1e-12
        );
        let cumulative: Vec<f64> = c.scenarios[0]
            .factors
            .iter()
            .map(|f| f.cumulative)
            .collect();
        assert!((cumulative[0] - 0.5).abs() < 1e-12 && (cumulative[1] - 0.1).abs() < 1e-12);
        // 1 − 0.99 × 0.95 × 0.99 = 0.068905
        assert!((c.total - 0.068905).abs() < 1e-12, "{}", c.total);
        assert!(c.within_threshold && !c.default_threshold);
        assert_eq!(c.once_in_years, Some(73));
        assert_eq!(c.reason.code, "lawful-access-within-threshold");
        assert!(codes(&t).is_empty(), "{:?}", codes(&t));
        // SCCs with laws that reach the importer: never plainly "allowed".
        assert_eq!(t.verdict, Verdict::AllowedWithMeasures);
    }

    #[test]
    fn just_below_at_and_just_above_the_threshold() {
        let at = |ps: &[f64], threshold: &str| {
            run(&format!(
                "{{importer: I, country: US, tool: scc, scc_module: 2, {KNOWN}, measures: {{encryption_in_transit: true}}, lawful_access: {{threshold: {threshold}, scenarios: [{}, {}]}}}}",
                scenario("fisa-702", ps),
                scenario("cloud-act", ps),
            ))
        };
        // Two scenarios of 0.2 × 0.25 = 0.05 each: 1 − 0.95² = 0.0975.
        let below = at(&[0.2, 0.25], "0.0976");
        let c = below.calculation.as_ref().expect("calculated");
        assert!((c.total - 0.0975).abs() < 1e-12);
        assert!(c.within_threshold);
        assert_ne!(below.verdict, Verdict::NotAllowed);
        // Exactly at the threshold is still acceptable ("at most").
        let equal = at(&[0.2, 0.25], "0.0975");
        assert!(
            equal
                .calculation
                .as_ref()
                .is_some_and(|c| c.within_threshold)
        );
        let above = at(&[0.2, 0.25], "0.0974");
        let c = above.calculation.as_ref().expect("calculated");
        assert!(!c.within_threshold);
        assert_eq!(codes(&above), ["lawful-access-above-threshold"]);
        assert_eq!(above.verdict, Verdict::NotAllowed);
    }

    #[test]
    fn the_default_threshold_and_period_come_from_the_data_file() {
        let t = run(&format!(
            "{{importer: I, country: US, tool: scc, scc_module: 2, {KNOWN}, measures: {{encryption_in_transit: true}}, lawful_access: {{scenarios: [{}]}}}}",
            scenario("fisa-702", &[0.3, 0.5])
        ));
        let c = t.calculation.expect("calculated");
        let d = &crate::knowledge::Knowledge::builtin().lawful_access;
        assert_eq!(
            (c.threshold, c.period_years),
            (d.default_threshold, d.default_period_years)
        );
        assert!(c.default_threshold);
        // 0.15 > 0.10: above the default threshold.
        assert!(!c.within_threshold);
    }

    #[test]
    fn an_uncountered_law_without_a_scenario_is_found() {
        let t = run(&format!(
            "{{importer: I, country: US, tool: scc, scc_module: 2, {KNOWN}, measures: {{encryption_in_transit: true}}, lawful_access: {{scenarios: [{}]}}}}",
            scenario("fisa-702", &[0.1, 0.1])
        ));
        let missing: Vec<String> = t
            .findings
            .iter()
            .filter(|f| f.reason.code == "law-not-in-calculation")
            .flat_map(|f| f.reason.answers.iter().filter(|a| a.field == "law"))
            .filter_map(|a| a.item.clone())
            .collect();
        // EO 12333 is countered by encryption in transit; the CLOUD Act is not assessed.
        assert_eq!(missing, ["cloud-act"]);
        assert_eq!(t.verdict, Verdict::AllowedWithMeasures);
    }

    #[test]
    fn combine_is_one_minus_the_product_of_complements() {
        assert_eq!(combine(&[]), 0.0);
        assert!((combine(&[0.5, 0.5]) - 0.75).abs() < 1e-12);
        assert_eq!(combine(&[1.0, 0.2]), 1.0);
    }

    #[test]
    fn expected_modules_follow_the_roles() {
        assert_eq!(expected_module(Role::IndependentController), 1);
        assert_eq!(expected_module(Role::JointController), 1);
        assert_eq!(expected_module(Role::Processor), 2);
        assert_eq!(expected_module(Role::SubProcessor), 3);
    }

    #[test]
    fn the_pre_dpia_is_told_when_the_dtia_forbids_what_it_did_not_block() {
        let t = format!(
            "transfers:\n  - {{importer: I, country: US, tool: scc, scc_module: 2, {KNOWN}, measures: {{encryption_in_transit: true}}}}\n"
        );
        let d = run_with("[US]", &t, &org(true)).expect("DTIA");
        assert_eq!(d.verdict, Verdict::NotAllowed);
        let f = pre_dpia_finding(&d, &[]).expect("a finding");
        assert_eq!(
            (f.severity, f.reason.code),
            (Severity::Blocking, "dtia-not-allowed")
        );
        // Already blocked by the pre-DPIA's own transfer rule: not repeated.
        let blocked = Finding::new(
            Severity::Blocking,
            Reason::new("transfer-without-tool", &[]),
        )
        .in_section(Section::TransferTool);
        assert!(pre_dpia_finding(&d, &[blocked]).is_none());
    }
}
