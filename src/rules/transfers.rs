//! Does personal data leave the EEA, and does each transfer rest on a transfer tool?
//!
//! 1. Collect the countries outside the EEA from the vendors' locations and the transfers.
//! 2. Every such country needs a described transfer (Art. 44 AVG).
//! 3. Check the tool: none is not allowed; the DPF only for certified importers; an adequacy
//!    decision only where one exists; SCCs and BCRs need a transfer impact assessment
//!    (Schrems II, C-311/18; EDPB Recommendations 01/2020); public authorities cannot use
//!    Art. 49(1)(a)–(c) (Art. 49(3)).

use super::reason::Value;
use super::{Finding, Reason, Section, Severity};
use crate::knowledge::catalogue::{Adequacy, Catalogue};
use crate::knowledge::references::{Ref, refs::*};
use crate::model::{Activity, Frequency, Organisation, Transfer, TransferTool};
use serde::Serialize;

/// The tools of transfer `ti`, each with its field path: `tool` first, then `tools`, without
/// repeats.
pub(crate) fn tools_of(ti: usize, t: &Transfer) -> Vec<(String, TransferTool)> {
    let mut out = vec![(format!("transfers[{ti}].tool"), t.tool)];
    for (k, tool) in t.tools.iter().enumerate() {
        if !out.iter().any(|(_, seen)| seen == tool) {
            out.push((format!("transfers[{ti}].tools[{k}]"), *tool));
        }
    }
    out
}

/// How strong `tool` is for transfer `t`, when it holds: an adequacy decision for the whole
/// country first, then the DPF for a certified importer (an adequacy decision too: no transfer
/// impact assessment), a partial adequacy decision, BCRs and SCCs (which need one), and last a
/// derogation for an occasional transfer. `None` when the tool does not hold for this transfer.
fn strength(tool: TransferTool, t: &Transfer, adequacy: Option<Adequacy>) -> Option<u8> {
    match tool {
        TransferTool::Adequacy if adequacy == Some(Adequacy::Full) => Some(6),
        TransferTool::Dpf
            if t.dpf_certified == Some(true) && adequacy == Some(Adequacy::DpfOnly) =>
        {
            Some(5)
        }
        TransferTool::Adequacy if adequacy == Some(Adequacy::Partial) => Some(4),
        TransferTool::Bcr | TransferTool::Scc => Some(3),
        TransferTool::Derogation
            if t.frequency == Some(Frequency::Occasional) && t.derogation.is_some() =>
        {
            Some(1)
        }
        _ => None,
    }
}

/// The tool the rules rely on for transfer `ti`, with its field path: the strongest of `tool`
/// and `tools` that holds; when none holds, `tool`, so that its findings say why.
pub(crate) fn chosen_tool(
    ti: usize,
    t: &Transfer,
    catalogue: &Catalogue,
) -> (String, TransferTool) {
    let adequacy = catalogue.country(&t.country).and_then(|c| c.adequacy);
    let tools = tools_of(ti, t);
    let mut best: Option<(u8, usize)> = None;
    for (k, (_, tool)) in tools.iter().enumerate() {
        if let Some(s) = strength(*tool, t, adequacy)
            && best.is_none_or(|(b, _)| s > b)
        {
            best = Some((s, k));
        }
    }
    tools[best.map_or(0, |(_, k)| k)].clone()
}

/// When transfer `ti` names more than one tool: the reason that says which one the assessment
/// relies on (its first answer) and which others were agreed (the further answers).
pub(crate) fn several_tools(ti: usize, t: &Transfer, catalogue: &Catalogue) -> Option<Reason> {
    let tools = tools_of(ti, t);
    if tools.len() < 2 {
        return None;
    }
    let (field, chosen) = chosen_tool(ti, t, catalogue);
    let mut reason = Reason::new("several-tools", &[AVG_44_46, EDPB_REC_01_2020])
        .answer(&field, Value::choice(chosen));
    for (f, tool) in tools.iter().filter(|(f, _)| *f != field) {
        reason = reason.answer(f, Value::choice(*tool));
    }
    Some(reason)
}

/// The transfer conclusion.
#[derive(Debug, Clone, Serialize)]
pub struct TransferConclusion {
    /// Personal data goes outside the EEA.
    pub outside_eea: bool,
    /// Those countries (ISO codes), sorted.
    pub countries: Vec<String>,
    /// A transfer impact assessment is needed.
    pub tia_required: bool,
    /// Why.
    pub reasons: Vec<Reason>,
    /// What is missing.
    pub findings: Vec<Finding>,
}

/// Assesses the transfers of `activity`.
pub fn assess(
    activity: &Activity,
    org: &Organisation,
    catalogue: &Catalogue,
) -> TransferConclusion {
    let mut reasons = Vec::new();
    let mut findings = Vec::new();
    let mut countries: Vec<String> = Vec::new();
    for (vi, v) in activity.vendors.iter().enumerate() {
        for (li, c) in v.locations.iter().enumerate() {
            if catalogue.in_eea(c) {
                continue;
            }
            let field = format!("vendors[{vi}].locations[{li}]");
            reasons.push(
                Reason::new("location-outside-eea", &[AVG_44])
                    .answer(&field, Value::Country(c.clone())),
            );
            if !activity.transfers.iter().any(|t| &t.country == c) {
                findings.push(
                    Finding::new(
                        Severity::Medium,
                        Reason::new("transfer-undocumented", &[AVG_44, AVG_46])
                            .answer(&field, Value::Country(c.clone())),
                    )
                    .about(v.name.clone()),
                );
            }
            countries.push(c.clone());
        }
    }
    let mut tia_required = false;
    for (ti, t) in activity.transfers.iter().enumerate() {
        let (tool_field, tool) = chosen_tool(ti, t, catalogue);
        let country_field = format!("transfers[{ti}].country");
        countries.push(t.country.clone());
        reasons.extend(several_tools(ti, t, catalogue));
        let r = |code, references: &[Ref]| {
            Reason::new(code, references)
                .answer(&country_field, Value::Country(t.country.clone()))
                .answer(&tool_field, Value::choice(tool))
        };
        let adequacy = catalogue.country(&t.country).and_then(|c| c.adequacy);
        match tool {
            TransferTool::None => findings.push(
                Finding::new(Severity::Blocking, r("transfer-without-tool", &[AVG_44]))
                    .about(t.importer.clone())
                    .in_section(Section::TransferTool),
            ),
            TransferTool::Dpf if t.dpf_certified != Some(true) => findings.push(
                Finding::new(Severity::Blocking, r("dpf-not-certified", &[DPF_2023_1795]))
                    .about(t.importer.clone())
                    .in_section(Section::TransferTool),
            ),
            TransferTool::Dpf if adequacy != Some(Adequacy::DpfOnly) => findings.push(
                Finding::new(Severity::Blocking, r("dpf-wrong-country", &[DPF_2023_1795]))
                    .about(t.importer.clone())
                    .in_section(Section::TransferTool),
            ),
            TransferTool::Dpf => reasons.push(r("dpf-certified", &[AVG_45, DPF_2023_1795])),
            TransferTool::Adequacy
                if matches!(adequacy, Some(Adequacy::Full | Adequacy::Partial)) =>
            {
                reasons.push(r("adequacy", &[AVG_45]));
            }
            TransferTool::Adequacy => findings.push(
                Finding::new(Severity::Blocking, r("no-adequacy-for-country", &[AVG_45]))
                    .about(t.importer.clone())
                    .in_section(Section::TransferTool),
            ),
            TransferTool::Scc | TransferTool::Bcr => {
                tia_required = true;
                reasons.push(r(
                    "tia-required",
                    &[AVG_46, CJEU_C_311_18, EDPB_REC_01_2020],
                ));
                findings.push(
                    Finding::new(
                        Severity::Medium,
                        r("tia-required", &[AVG_46, EDPB_REC_01_2020]),
                    )
                    .about(t.importer.clone()),
                );
            }
            TransferTool::Derogation if org.public_authority => findings.push(
                Finding::new(
                    Severity::Medium,
                    r("derogation-public-authority", &[AVG_49_1, AVG_49_3])
                        .answer("organisation.public_authority", true),
                )
                .about(t.importer.clone())
                .in_section(Section::TransferTool),
            ),
            TransferTool::Derogation => reasons.push(r("derogation", &[AVG_49])),
        }
    }
    countries.sort();
    countries.dedup();
    TransferConclusion {
        outside_eea: !countries.is_empty(),
        countries,
        tia_required,
        reasons,
        findings,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::fixture::{activity_with, organisation, set};

    fn run(vendor_loc: &str, transfers: &str) -> TransferConclusion {
        let a = activity_with(|t| {
            set(
                t,
                "vendors: []\n",
                &format!(
                    "vendors:\n  - {{name: V, role: processor, agreement: {{status: signed, model: model4}}, locations: {vendor_loc}}}\n"
                ),
            );
            t.push_str(transfers);
        });
        assess(
            &a,
            &organisation(),
            &crate::knowledge::Knowledge::builtin().catalogue,
        )
    }

    fn codes(c: &TransferConclusion) -> Vec<&'static str> {
        c.findings.iter().map(|f| f.reason.code).collect()
    }

    #[test]
    fn eea_only_is_no_transfer() {
        let c = run("[NL, IE, NO]", "");
        assert!(!c.outside_eea && c.countries.is_empty() && c.findings.is_empty());
    }

    #[test]
    fn a_non_eea_location_without_a_transfer_is_found() {
        let c = run("[NL, US]", "");
        assert!(c.outside_eea);
        assert_eq!(c.countries, ["US"]);
        assert_eq!(codes(&c), ["transfer-undocumented"]);
    }

    #[test]
    fn each_tool_is_judged() {
        let t = |tool: &str, extra: &str| {
            run(
                "[US]",
                &format!("transfers:\n  - {{importer: I, country: US, tool: {tool}{extra}}}\n"),
            )
        };
        assert!(codes(&t("dpf", ", dpf_certified: true")).is_empty());
        assert_eq!(
            codes(&t("dpf", ", dpf_certified: false")),
            ["dpf-not-certified"]
        );
        assert_eq!(codes(&t("none", "")), ["transfer-without-tool"]);
        assert_eq!(codes(&t("adequacy", "")), ["no-adequacy-for-country"]);
        let scc = t("scc", "");
        assert!(scc.tia_required);
        assert_eq!(codes(&scc), ["tia-required"]);
        assert_eq!(codes(&t("derogation", "")), ["derogation-public-authority"]);
    }

    #[test]
    fn the_strongest_tool_that_holds_is_relied_on() {
        let t = |tools: &str| {
            run(
                "[US]",
                &format!("transfers:\n  - {{importer: I, country: US, {tools}}}\n"),
            )
        };
        // DPF for a certified importer, SCCs beside it: the DPF, no transfer impact assessment.
        let both = t("tool: scc, tools: [dpf], dpf_certified: true");
        assert!(codes(&both).is_empty() && !both.tia_required);
        let several = both
            .reasons
            .iter()
            .find(|r| r.code == "several-tools")
            .expect("the reason names the tools");
        assert_eq!(several.answers[0].field, "transfers[0].tools[0]");
        assert_eq!(several.answers[1].field, "transfers[0].tool");
        // Not certified: the DPF does not hold, the SCCs carry the transfer.
        let fallback = t("tool: dpf, tools: [scc], dpf_certified: false");
        assert_eq!(codes(&fallback), ["tia-required"]);
        // Nothing holds: the first tool's finding.
        assert_eq!(
            codes(&t("tool: none, tools: [adequacy]")),
            ["transfer-without-tool"]
        );
        // One tool: no reason about several.
        assert!(
            t("tool: scc")
                .reasons
                .iter()
                .all(|r| r.code != "several-tools")
        );
    }

    #[test]
    fn adequacy_is_enough_for_an_adequate_country() {
        let c = run(
            "[CH]",
            "transfers:\n  - {importer: I, country: CH, tool: adequacy}\n",
        );
        assert!(c.outside_eea && c.findings.is_empty() && !c.tia_required);
    }
}
