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

use super::{Finding, Reason, Severity};
use crate::catalogue::{Adequacy, Catalogue};
use crate::lawful_access::{Channel, LawfulAccessData};
use crate::model::{
    AccessType, Activity, Date, Derogation, Frequency, ImporterKind, KeyHolder, Organisation, Role,
    Transfer, TransferTool,
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
    /// What to check at re-evaluation.
    pub watch: String,
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
                        Reason::new("transfer-undocumented", "Art. 44 en 46 AVG")
                            .answer(format!("vendors[{vi}].locations[{li}]"), c),
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
        .chain(
            (!undocumented.is_empty())
                .then_some(Verdict::NotAllowed)
                .into_iter(),
        )
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
    let tool_name = super::transfers::tool_name(t.tool);
    let r = |code, reference| {
        Reason::new(code, reference)
            .answer(f("country"), &t.country)
            .answer(f("tool"), tool_name)
    };
    let mut findings = Vec::new();
    let mut tool = Vec::new();
    let mut known = Vec::new();
    let about = |sev, reason: Reason| Finding::new(sev, reason).about(t.importer.clone());

    // Step 1: know the transfer.
    let mut missing = Reason::new(
        "transfer-details-missing",
        "EDPB-aanbevelingen 01/2020, stap 1",
    );
    if t.data.is_empty() {
        missing = missing.answer(f("data"), "–");
    }
    if t.subjects.is_empty() {
        missing = missing.answer(f("subjects"), "–");
    }
    if t.frequency.is_none() {
        missing = missing.answer(f("frequency"), "–");
    }
    if t.access.is_empty() {
        missing = missing.answer(f("access"), "–");
    }
    if t.importer_role.is_none() {
        missing = missing.answer(f("importer_role"), "–");
    }
    if !missing.answers.is_empty() {
        findings.push(about(Severity::Low, missing));
    }
    if t.access.contains(&AccessType::RemoteSupport) {
        known.push(
            Reason::new(
                "remote-access-is-transfer",
                "Art. 44 AVG; EDPB-richtsnoeren 05/2021",
            )
            .answer(f("access"), "remote-support"),
        );
    }
    for (si, s) in t.sub_processors.iter().enumerate() {
        if !catalogue.in_eea(&s.country) {
            known.push(
                Reason::new(
                    "onward-transfer",
                    "Art. 44 AVG; clausules 8.7 en 9 SCC (Uitvoeringsbesluit (EU) 2021/914)",
                )
                .answer(format!("transfers[{i}].sub_processors[{si}].name"), &s.name)
                .answer(
                    format!("transfers[{i}].sub_processors[{si}].country"),
                    &s.country,
                ),
            );
        }
    }

    // Step 2: the transfer tool.
    let adequacy = catalogue.country(&t.country).and_then(|c| c.adequacy);
    let mut tia_required = false;
    let mut expected = None;
    match t.tool {
        TransferTool::None => findings.push(about(
            Severity::Blocking,
            r("transfer-without-tool", "Art. 44 AVG"),
        )),
        TransferTool::Dpf if t.dpf_certified != Some(true) => findings.push(about(
            Severity::Blocking,
            r("dpf-not-certified", "Uitvoeringsbesluit (EU) 2023/1795")
                .answer(f("dpf_certified"), t.dpf_certified.unwrap_or(false)),
        )),
        TransferTool::Dpf if adequacy != Some(Adequacy::DpfOnly) => findings.push(about(
            Severity::Blocking,
            r("dpf-wrong-country", "Uitvoeringsbesluit (EU) 2023/1795"),
        )),
        TransferTool::Dpf => tool.push(
            r(
                "dpf-certified",
                "Art. 45 AVG; Uitvoeringsbesluit (EU) 2023/1795",
            )
            .answer(f("dpf_certified"), true),
        ),
        TransferTool::Adequacy if adequacy == Some(Adequacy::Full) => {
            tool.push(r("adequacy", "Art. 45 AVG"));
        }
        TransferTool::Adequacy if adequacy == Some(Adequacy::Partial) => {
            tool.push(r("adequacy", "Art. 45 AVG"));
            findings.push(about(
                Severity::Medium,
                r("adequacy-partial", "Art. 45 AVG"),
            ));
        }
        TransferTool::Adequacy => findings.push(about(
            Severity::Blocking,
            r("no-adequacy-for-country", "Art. 45 AVG"),
        )),
        TransferTool::Scc => {
            tia_required = true;
            tool.push(r(
                "tia-required",
                "Art. 46 lid 2 sub c AVG; clausule 14 SCC (Uitvoeringsbesluit (EU) 2021/914); HvJ EU C-311/18 (Schrems II)",
            ));
            expected = t.importer_role.map(expected_module);
            match (t.scc_module, expected) {
                (None, _) => findings.push(about(
                    Severity::Medium,
                    r("scc-module-missing", "Uitvoeringsbesluit (EU) 2021/914"),
                )),
                (Some(m), Some(e)) if m.0 != e => findings.push(about(
                    Severity::Medium,
                    r("scc-module-mismatch", "Uitvoeringsbesluit (EU) 2021/914")
                        .answer(f("scc_module"), m.0)
                        .answer(f("importer_role"), role_name(t.importer_role)),
                )),
                (Some(m), _) => tool.push(
                    r("scc-module", "Uitvoeringsbesluit (EU) 2021/914")
                        .answer(f("scc_module"), m.0)
                        .answer(f("importer_role"), role_name(t.importer_role)),
                ),
            }
        }
        TransferTool::Bcr => {
            tia_required = true;
            tool.push(r(
                "tia-required",
                "Art. 46 lid 2 sub b en art. 47 AVG; HvJ EU C-311/18 (Schrems II)",
            ));
        }
        TransferTool::Derogation => {
            let occasional = t.frequency == Some(Frequency::Occasional);
            let frequency = t.frequency.map_or("–", frequency_name);
            if !occasional {
                findings.push(about(
                    Severity::Blocking,
                    r(
                        "derogation-not-occasional",
                        "Art. 49 lid 1 AVG; EDPB-richtsnoeren 2/2018",
                    )
                    .answer(f("frequency"), frequency),
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
                None => findings.push(about(
                    Severity::Medium,
                    r("derogation-unspecified", "Art. 49 lid 1 AVG").answer(f("derogation"), "–"),
                )),
                Some(d) if public_barred && org.public_authority => findings.push(about(
                    Severity::Blocking,
                    r("derogation-public-authority", "Art. 49 lid 1 en lid 3 AVG")
                        .answer(f("derogation"), derogation_name(d))
                        .answer("organisation.public_authority", true),
                )),
                Some(d) if occasional => tool.push(
                    r(
                        "derogation-occasional",
                        "Art. 49 lid 1 AVG; EDPB-richtsnoeren 2/2018",
                    )
                    .answer(f("derogation"), derogation_name(d))
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
    let keys = match m.keys {
        Some(KeyHolder::School) => "school",
        Some(KeyHolder::Importer) => "importer",
        None => "–",
    };
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
            "EDPB-aanbevelingen 01/2020, use cases 1 en 6",
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
            "EDPB-aanbevelingen 01/2020, use case 3",
        )
        .answer(f("measures.encryption_in_transit"), m.encryption_in_transit),
    });
    if !m.encryption_in_transit {
        findings.push(about(
            Severity::Medium,
            Reason::new(
                "not-encrypted-in-transit",
                "Art. 32 AVG; EDPB-aanbevelingen 01/2020",
            )
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
                "Art. 4 sub 5 AVG; EDPB-aanbevelingen 01/2020, use case 2",
            )
            .answer(f("measures.pseudonymised"), true)
            .answer(f("measures.importer_can_reidentify"), reid),
        });
    }
    if !m.contractual.is_empty() || !m.organisational.is_empty() {
        measures.push(MeasureCheck {
            effect: Effect::Supporting,
            reason: Reason::new(
                "contractual-organisational",
                "EDPB-aanbevelingen 01/2020, nrs. 99–141 en bijlage 2",
            )
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
                watch: law.watch.clone(),
                countered,
                reason: Reason::new("importer-subject-to-law", law.name.as_str())
                    .answer(f("country"), &t.country)
                    .answer(f("importer_kind"), importer_kind_name(kind)),
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
                    "Clausule 14 SCC (Uitvoeringsbesluit (EU) 2021/914); EDPB-aanbevelingen 01/2020, stap 3",
                ),
            )),
            None => findings.push(about(
                Severity::Blocking,
                r(
                    "lawful-access-not-assessed",
                    "Clausule 14 SCC (Uitvoeringsbesluit (EU) 2021/914); EDPB-aanbevelingen 01/2020, stap 3",
                ),
            )),
            Some(c) if !c.within_threshold => {
                findings.push(about(Severity::Blocking, c.reason.clone()));
            }
            Some(_) => {}
        }
    }

    let worst = findings.iter().map(|f| f.severity).max();
    let relies_on_measures = tia_required
        && measures
            .iter()
            .any(|m| m.effect == Effect::Effective && m.reason.code != "encrypted-in-transit");
    let verdict = match worst {
        Some(Severity::Blocking) => Verdict::NotAllowed,
        Some(Severity::Medium) => Verdict::AllowedWithMeasures,
        _ if relies_on_measures => Verdict::AllowedWithMeasures,
        _ => Verdict::Allowed,
    };
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
    }
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
        "Clausule 14 SCC (Uitvoeringsbesluit (EU) 2021/914); EDPB-aanbevelingen 01/2020, stap 3",
    )
    .answer(
        format!("transfers[{i}].lawful_access.scenarios"),
        scenarios.len(),
    )
    .answer(
        format!("transfers[{i}].lawful_access.threshold"),
        format!("{threshold}"),
    );
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

fn role_name(r: Option<Role>) -> &'static str {
    match r {
        Some(Role::Processor) => "processor",
        Some(Role::SubProcessor) => "sub-processor",
        Some(Role::IndependentController) => "independent-controller",
        Some(Role::JointController) => "joint-controller",
        None => "–",
    }
}

fn frequency_name(f: Frequency) -> &'static str {
    match f {
        Frequency::Continuous => "continuous",
        Frequency::Regular => "regular",
        Frequency::Occasional => "occasional",
    }
}

fn importer_kind_name(k: ImporterKind) -> &'static str {
    match k {
        ImporterKind::CommunicationService => "communication-service",
        ImporterKind::Other => "other",
        ImporterKind::Unknown => "unknown",
    }
}

fn derogation_name(d: Derogation) -> &'static str {
    match d {
        Derogation::ExplicitConsent => "explicit-consent",
        Derogation::Contract => "contract",
        Derogation::ContractInInterest => "contract-in-interest",
        Derogation::PublicInterest => "public-interest",
        Derogation::LegalClaims => "legal-claims",
        Derogation::VitalInterests => "vital-interests",
        Derogation::PublicRegister => "public-register",
        Derogation::CompellingInterests => "compelling-interests",
    }
}

/// For the pre-DPIA: a blocking finding when the DTIA forbids the transfer and the pre-DPIA's
/// own transfer checks have not already blocked it.
pub fn pre_dpia_finding(d: &DtiaConclusion, findings: &[Finding]) -> Option<Finding> {
    let transfer_codes = [
        "transfer-without-tool",
        "dpf-not-certified",
        "dpf-wrong-country",
        "no-adequacy-for-country",
        "derogation-public-authority",
    ];
    let already = findings
        .iter()
        .any(|f| f.severity == Severity::Blocking && transfer_codes.contains(&f.reason.code));
    (d.verdict == Verdict::NotAllowed && !already).then(|| {
        Finding::new(
            Severity::Blocking,
            Reason::new(
                "dtia-not-allowed",
                "Art. 44 AVG; EDPB-aanbevelingen 01/2020",
            )
            .answer("transfers", d.transfers.len()),
        )
    })
}
