use super::*;
use crate::model::ImporterKind;
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
        &format!("transfers:\n  - {{importer: I, country: CH, tool: adequacy, {KNOWN}, {m}}}\n"),
        &org(true),
    )
    .expect("DTIA");
    let t = &d.transfers[0];
    assert!(codes(t).is_empty() && !t.tia_required);
    assert_eq!(t.verdict, Verdict::Allowed);
    // Swiss laws reach the importer; the adequacy decision has weighed them.
    assert!(t.country_covered && !t.laws.is_empty());
    assert_eq!(t.flags_allowed_by, Some(FlagsAllowedBy::Adequacy));
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
        run(&format!(
            "{{importer: I, country: US, tool: dpf, dpf_certified: true, importer_kind: {kind}}}"
        ))
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

#[test]
fn laws_beyond_the_us_are_listed_and_a_country_without_data_says_so() {
    let at = |country: &str| {
        let d = run_with(
            &format!("[{country}]"),
            &format!(
                "transfers:\n  - {{importer: I, country: {country}, tool: scc, scc_module: 2, {KNOWN}, measures: {{encryption_in_transit: true}}}}\n"
            ),
            &org(true),
        )
        .expect("a location outside the EEA is a transfer");
        d.transfers[0].clone()
    };
    let data = &crate::knowledge::Knowledge::builtin().lawful_access;
    for country in ["MY", "IN"] {
        let t = at(country);
        assert!(t.country_covered, "{country}");
        let listed: Vec<&str> = t.laws.iter().map(|l| l.id.as_str()).collect();
        let expected: Vec<&str> = data
            .laws_for(country, ImporterKind::CommunicationService)
            .map(|l| l.id.as_str())
            .collect();
        assert!(!listed.is_empty(), "{country}");
        assert_eq!(listed, expected, "{country}");
        // Orders to the provider are not stopped by encryption in transit.
        assert!(t.laws.iter().any(|l| !l.countered), "{country}");
        assert_eq!(t.verdict, Verdict::NotAllowed, "{country}: not assessed");
    }
    // Malaysia: the Public Prosecutor's interception orders are listed, and a law whose text
    // could not be checked is flagged; India's listed laws were all checked.
    let my = at("MY");
    assert!(my.laws.iter().any(|l| l.id == "my-cpc-116c"));
    assert!(my.laws.iter().any(|l| l.id == "my-cma" && !l.confirmed));
    assert!(my.laws_unconfirmed);
    assert!(!at("IN").laws_unconfirmed);
    // No data held for Brazil: nothing listed, and not silently "no risk".
    let br = at("BR");
    assert!(br.laws.is_empty());
    assert!(!br.country_covered);
}

#[test]
fn of_several_tools_the_dtia_relies_on_the_strongest_that_holds() {
    let t = run(&format!(
        "{{importer: I, country: US, tool: scc, tools: [dpf], dpf_certified: true, scc_module: 2, {KNOWN}}}"
    ));
    assert_eq!(t.used, TransferTool::Dpf);
    assert_eq!(t.tools, [TransferTool::Scc, TransferTool::Dpf]);
    assert!(!t.tia_required);
    assert_eq!(t.tool[0].code, "several-tools");
    assert_eq!(t.tool[0].answers[0].field, "transfers[0].tools[0]");
    // The DPF does not hold for an importer that is not certified: the SCCs carry it.
    let t = run(&format!(
        "{{importer: I, country: US, tool: dpf, tools: [scc], dpf_certified: false, scc_module: 2, {KNOWN}}}"
    ));
    assert_eq!(t.used, TransferTool::Scc);
    assert!(t.tia_required);
    assert!(!codes(&t).contains(&"dpf-not-certified"), "{:?}", codes(&t));
    // One tool: no reason about several.
    let t = run(&format!(
        "{{importer: I, country: US, tool: scc, scc_module: 2, {KNOWN}}}"
    ));
    assert_eq!(t.tools, [TransferTool::Scc]);
    assert!(t.tool.iter().all(|r| r.code != "several-tools"));
}
