use super::*;
use crate::rules::fixture::{ORGANISATION, activity_with, set};
use std::path::Path;

fn organisation(sector: &str) -> Organisation {
    let text = ORGANISATION.replace("sector: po", &format!("sector: {sector}"));
    crate::load::yaml::parse(Path::new("org.yaml"), &text).expect("fixture organisation parses")
}

fn codes_in(sector: &str, edit: impl FnOnce(&mut String)) -> Vec<(Severity, &'static str)> {
    findings(&activity_with(edit), &organisation(sector))
        .into_iter()
        .map(|f| (f.severity, f.reason.code))
        .collect()
}

fn with_vendor(vendor: &str) -> Vec<(Severity, &'static str)> {
    codes_in("vo", |t| {
        set(t, "vendors: []\n", &format!("vendors:\n  - {vendor}\n"))
    })
}

/// The agreement analysis of the controller parts of the one vendor `vendor`.
fn parts(vendor: &str) -> Vec<Finding> {
    let a = activity_with(|t| set(t, "vendors: []\n", &format!("vendors:\n  - {vendor}\n")));
    let found = controller_parts(0, &a.vendors[0]);
    // They are part of the vendor's agreement analysis, not of the other platform findings.
    assert!(findings(&a, &organisation("vo")).is_empty());
    let agreement = &crate::rules::agreements::assess(&a)[0].findings;
    assert!(found.iter().all(|f| agreement.contains(f)));
    found
}

const PROCESSOR: &str =
    "name: V, role: processor, locations: [IE], agreement: {status: signed, model: model4}";

#[test]
fn a_controller_part_needs_its_own_agreement_unless_switched_off() {
    let part = |p: &str| -> Vec<(Severity, &'static str)> {
        parts(&format!("{{{PROCESSOR}, controller_parts: [{{{p}}}]}}"))
            .into_iter()
            .map(|f| (f.severity, f.reason.code))
            .collect()
    };
    assert!(part("service: aanvullende diensten, switched_off: true").is_empty());
    assert_eq!(
        part("service: aanvullende diensten, purposes: [advertenties]"),
        [(Severity::Medium, "controller-part-without-agreement")]
    );
    assert_eq!(
        part("service: aanvullende diensten, agreement: in-negotiation"),
        [(Severity::Medium, "controller-part-without-agreement")]
    );
    assert_eq!(
        part("service: aanvullende diensten, agreement: signed"),
        [(Severity::Low, "controller-part-in-use")]
    );
    assert_eq!(
        part("service: gedeelde analyse, joint: true"),
        [(
            Severity::Medium,
            "controller-part-joint-without-arrangement"
        )]
    );
    assert!(part("service: gedeelde analyse, joint: true, agreement: signed").is_empty());
}

#[test]
fn a_controller_part_cites_art_28_10_and_art_26_only_where_joint() {
    let f = parts(&format!(
        "{{{PROCESSOR}, controller_parts: [{{service: S}}, {{service: J, joint: true}}]}}"
    ));
    assert!(f[0].reason.references.contains(&AVG_28_10));
    assert!(!f[0].reason.references.contains(&AVG_26_1));
    assert_eq!(f[1].reason.references, [AVG_26_1]);
    assert_eq!(f[0].subject.as_deref(), Some("S (V)"));
}

#[test]
fn diagnostic_data_for_the_vendors_own_use_is_found() {
    let data = |extra: &str| {
        codes_in("vo", |t| {
            set(
                t,
                "  - {category: namen, kind: ordinary, retention: een jaar}\n",
                &format!(
                    "  - {{category: namen, kind: ordinary, retention: een jaar}}\n  - {{category: telemetrie, kind: diagnostic, retention: 18 maanden{extra}}}\n"
                ),
            )
        })
    };
    assert!(data(", vendor_own_use: false").is_empty());
    assert_eq!(
        data(", vendor_own_use: true"),
        [(Severity::Medium, "diagnostic-own-use")]
    );
    assert_eq!(data(""), [(Severity::Low, "diagnostic-use-unknown")]);
}

#[test]
fn a_sector_agreement_fits_the_sector_of_its_party() {
    let sector = |sector: &str, by: &str| {
        codes_in(sector, |t| {
            set(
                t,
                "vendors: []\n",
                &format!(
                    "vendors:\n  - {{name: V, role: processor, locations: [IE], agreement: {{status: signed, model: sector-agreement{by}}}}}\n"
                ),
            )
        })
    };
    for s in ["po", "so", "vo"] {
        assert!(sector(s, ", negotiated_by: sivon").is_empty(), "{s}");
        assert_eq!(
            sector(s, ", negotiated_by: surf"),
            [(Severity::Medium, "sector-agreement-other-sector")],
            "{s}"
        );
    }
    for s in ["mbo", "ho"] {
        assert!(sector(s, ", negotiated_by: surf").is_empty(), "{s}");
        assert_eq!(
            sector(s, ", negotiated_by: sivon"),
            [(Severity::Medium, "sector-agreement-other-sector")],
            "{s}"
        );
    }
    assert_eq!(
        sector("vo", ""),
        [(Severity::Low, "sector-agreement-party-missing")]
    );
}

#[test]
fn a_required_setting_not_applied_is_found() {
    let setting = |s: &str| with_vendor(&format!("{{{PROCESSOR}, settings: [{{{s}}}]}}"));
    assert!(setting("setting: EU-dataregio, required_by: DPIA, applied: true").is_empty());
    assert!(setting("setting: donkere modus, applied: false").is_empty());
    assert!(setting("setting: EU-dataregio, required_by: ' ', applied: false").is_empty());
    assert_eq!(
        setting("setting: EU-dataregio, required_by: DPIA, applied: false"),
        [(Severity::Medium, "required-setting-not-applied")]
    );
}

#[test]
fn applied_settings_are_measures() {
    let a = activity_with(|t| {
        set(
            t,
            "vendors: []\n",
            &format!(
                "vendors:\n  - {{{PROCESSOR}, product: P, settings: [{{setting: EU, required_by: DPIA, applied: true}}, {{setting: uit, applied: false}}, {{setting: E2EE, applied: true}}]}}\n"
            ),
        )
    });
    let m = setting_measures(&a);
    assert_eq!(m.len(), 2);
    assert_eq!((m[0].vendor.as_str(), m[0].setting.as_str()), ("P", "EU"));
    assert_eq!(m[0].required_by.as_deref(), Some("DPIA"));
    assert_eq!(m[1].required_by, None);
}
