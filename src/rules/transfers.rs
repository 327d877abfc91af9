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
use crate::model::{Activity, Organisation, TransferTool};
use serde::Serialize;

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
        let tool_field = format!("transfers[{ti}].tool");
        let country_field = format!("transfers[{ti}].country");
        countries.push(t.country.clone());
        let r = |code, references: &[Ref]| {
            Reason::new(code, references)
                .answer(&country_field, Value::Country(t.country.clone()))
                .answer(&tool_field, Value::choice(t.tool))
        };
        let adequacy = catalogue.country(&t.country).and_then(|c| c.adequacy);
        match t.tool {
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
    fn adequacy_is_enough_for_an_adequate_country() {
        let c = run(
            "[CH]",
            "transfers:\n  - {importer: I, country: CH, tool: adequacy}\n",
        );
        assert!(c.outside_eea && c.findings.is_empty() && !c.tia_required);
    }
}
