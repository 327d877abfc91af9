//! One transfer along the steps of EDPB Recommendations 01/2020: what is known of it, its tool,
//! the laws that reach the importer, the measures against them, and the calculation.

use super::super::reason::Value;
use super::super::{Finding, Reason, Section, Severity};
use super::calculation::calculate;
use super::*;
use crate::knowledge::catalogue::{Adequacy, Catalogue};
use crate::knowledge::lawful_access::{Channel, LawfulAccessData};
use crate::knowledge::references::Ref;
use crate::model::{
    AccessType, Derogation, Frequency, KeyHolder, Organisation, Transfer, TransferTool,
};

pub(super) fn assess_transfer(
    i: usize,
    t: &Transfer,
    org: &Organisation,
    catalogue: &Catalogue,
    data: &'static LawfulAccessData,
) -> TransferAssessment {
    let f = |name: &str| format!("transfers[{i}].{name}");
    let (tool_field, used) = crate::rules::transfers::chosen_tool(i, t, catalogue);
    let r = |code, references: &[Ref]| {
        Reason::new(code, references)
            .answer(f("country"), Value::Country(t.country.clone()))
            .answer(&tool_field, Value::choice(used))
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
    tool.extend(crate::rules::transfers::several_tools(i, t, catalogue));
    match used {
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
                source: law.source.clone(),
                confirmed: law.confirmed,
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
    let open_flags = laws.iter().any(|l| !l.countered);
    let flags_allowed_by =
        (open_flags && verdict != Verdict::NotAllowed).then_some(if tia_required {
            FlagsAllowedBy::Calculation
        } else {
            FlagsAllowedBy::Adequacy
        });
    TransferAssessment {
        used,
        tools: crate::rules::transfers::tools_of(i, t)
            .into_iter()
            .map(|(_, tool)| tool)
            .collect(),
        country_covered: data.laws.iter().any(|l| l.country == t.country),
        laws_unconfirmed: laws.iter().any(|l| !l.confirmed),
        flags_allowed_by,
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
