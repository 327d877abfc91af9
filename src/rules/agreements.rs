//! Which agreement each vendor's role demands, and whether it is there.
//!
//! A processor needs an Art. 28 agreement; a joint controller an Art. 26 arrangement; an
//! independent controller that receives pupil data the agreements the AP asks for (purposes,
//! retention, rights). A processor that uses the data for its own purposes is a controller for
//! that use (Art. 28(10)). A vendor where no agreement can be made blocks use (seed: WhatsApp),
//! and so does a processor whose agreement is not signed (yet): only a binding contract
//! governs the processing (Art. 28(3) and 28(9)). An agreement SIVON or SURF negotiated for the
//! sector counts like the model agreement: it is negotiated, not the vendor's own terms.

use super::reason::Value;
use super::{Finding, Reason, Severity};
use crate::knowledge::references::{Ref, refs::*};
use crate::model::{Activity, AgreementModel, AgreementStatus, Role, Vendor};
use serde::Serialize;

/// The agreement a role demands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Required {
    /// Verwerkersovereenkomst, Art. 28(3) AVG.
    ProcessingAgreement,
    /// Regeling gezamenlijke verwerkingsverantwoordelijken, Art. 26 AVG.
    JointArrangement,
    /// Afspraken met een zelfstandige verwerkingsverantwoordelijke (doelen, bewaartermijnen, rechten).
    ControllerArrangement,
}

/// The conclusion for one vendor.
#[derive(Debug, Clone, Serialize)]
pub struct VendorConclusion {
    /// Index in `vendors`.
    pub index: usize,
    /// Vendor name.
    pub name: String,
    /// What its role demands.
    pub required: Required,
    /// The agreement is in place.
    pub in_place: bool,
    /// Why.
    pub reason: Reason,
    /// What is missing.
    pub findings: Vec<Finding>,
}

fn conclude(i: usize, v: &Vendor, social: bool) -> VendorConclusion {
    let role_field = format!("vendors[{i}].role");
    let status_field = format!("vendors[{i}].agreement.status");
    let status = v.agreement.status;
    let (required, reference): (Required, &[Ref]) = match v.role {
        Role::Processor | Role::SubProcessor => (Required::ProcessingAgreement, &[AVG_28_3]),
        Role::JointController => (
            Required::JointArrangement,
            &[AVG_26, CJEU_C_210_16, CJEU_C_40_17],
        ),
        Role::IndependentController => (
            Required::ControllerArrangement,
            &[AVG_5_2, AVG_24, AP_SOCIAL_MEDIA_SCHOOLS],
        ),
    };
    let reason = Reason::new("agreement-by-role", &super::fitting(reference, social))
        .answer(&role_field, Value::choice(v.role))
        .answer(&status_field, Value::choice(status));
    let in_place = status == AgreementStatus::Signed;
    let mut findings = Vec::new();
    let name = v
        .product
        .as_ref()
        .map_or(v.name.clone(), |p| format!("{p} ({})", v.name));
    let finding = |sev, code, reference: &[Ref]| {
        Finding::new(
            sev,
            Reason::new(code, reference)
                .answer(&role_field, Value::choice(v.role))
                .answer(&status_field, Value::choice(status)),
        )
        .about(name.clone())
    };
    match (required, status) {
        (_, AgreementStatus::Signed) => {}
        (_, AgreementStatus::NotPossible) => {
            findings.push(finding(
                Severity::Blocking,
                "agreement-not-possible",
                reference,
            ));
        }
        (Required::ProcessingAgreement, AgreementStatus::None) => {
            findings.push(finding(
                Severity::Blocking,
                "processor-without-agreement",
                &[AVG_28_3],
            ));
        }
        (Required::JointArrangement, AgreementStatus::None) => {
            findings.push(finding(
                Severity::Blocking,
                "joint-without-arrangement",
                &[AVG_26_1],
            ));
        }
        (Required::ControllerArrangement, AgreementStatus::None) => {
            findings.push(finding(
                Severity::Medium,
                "controller-without-arrangement",
                reference,
            ));
        }
        (Required::ProcessingAgreement, AgreementStatus::InNegotiation) => {
            // Art. 28(3): the processing is governed by a contract; a draft does not bind.
            findings.push(finding(
                Severity::Blocking,
                "processor-agreement-unsigned",
                &[AVG_28_3, AVG_28_9],
            ));
        }
        (_, AgreementStatus::InNegotiation) => {
            findings.push(finding(
                Severity::Medium,
                "agreement-in-negotiation",
                reference,
            ));
        }
    }
    if required == Required::ProcessingAgreement && !v.own_purposes.is_empty() {
        findings.push(
            Finding::new(
                Severity::Medium,
                Reason::new("processor-own-purposes", &[AVG_28_10])
                    .answer(&role_field, Value::choice(v.role))
                    .answer(
                        format!("vendors[{i}].own_purposes"),
                        v.own_purposes.join(", "),
                    ),
            )
            .about(name.clone()),
        );
    }
    findings.extend(super::platforms::controller_parts(i, v));
    if required == Required::ProcessingAgreement
        && in_place
        && !matches!(
            v.agreement.model,
            Some(AgreementModel::Model4 | AgreementModel::SectorAgreement)
        )
    {
        findings.push(
            Finding::new(
                Severity::Low,
                Reason::new("not-model-4", &[MODEL_DPA_4]).answer(
                    format!("vendors[{i}].agreement.model"),
                    v.agreement.model.map_or(Value::Missing, Value::choice),
                ),
            )
            .about(name.clone()),
        );
    }
    VendorConclusion {
        index: i,
        name: v.name.clone(),
        required,
        in_place,
        reason,
        findings,
    }
}

/// Assesses every vendor of `activity`.
pub fn assess(activity: &Activity) -> Vec<VendorConclusion> {
    activity
        .vendors
        .iter()
        .enumerate()
        .map(|(i, v)| conclude(i, v, super::is_social_media(activity)))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::fixture::{activity_with, set};

    fn vendor(role: &str, status: &str, extra: &str) -> VendorConclusion {
        let a = activity_with(|t| {
            let v = format!(
                "vendors:\n  - {{name: V, role: {role}, agreement: {{status: {status}{extra}}}, locations: [NL]}}\n"
            );
            set(t, "vendors: []\n", &v);
        });
        assess(&a).remove(0)
    }

    fn codes(v: &VendorConclusion) -> Vec<(&'static str, Severity)> {
        v.findings
            .iter()
            .map(|f| (f.reason.code, f.severity))
            .collect()
    }

    #[test]
    fn the_ap_advice_on_social_media_is_cited_only_for_social_media() {
        let independent = |use_: &str| {
            let a = activity_with(|t| {
                set(t, "use: school-channel", &format!("use: {use_}"));
                set(
                    t,
                    "vendors: []\n",
                    "vendors:\n  - {name: V, role: independent-controller, agreement: {status: signed}, locations: [NL]}\n",
                );
            });
            assess(&a).remove(0).reason.references
        };
        assert!(independent("school-channel").contains(&AP_SOCIAL_MEDIA_SCHOOLS));
        assert!(independent("parent-communication").contains(&AP_SOCIAL_MEDIA_SCHOOLS));
        let platform = independent("learning-platform");
        assert!(!platform.contains(&AP_SOCIAL_MEDIA_SCHOOLS), "{platform:?}");
        assert!(platform.contains(&AVG_24));
    }

    #[test]
    fn role_decides_the_required_agreement() {
        assert_eq!(
            vendor("processor", "signed", ", model: model4").required,
            Required::ProcessingAgreement
        );
        assert_eq!(
            vendor("sub-processor", "signed", ", model: model4").required,
            Required::ProcessingAgreement
        );
        assert_eq!(
            vendor("joint-controller", "signed", "").required,
            Required::JointArrangement
        );
        assert_eq!(
            vendor("independent-controller", "signed", "").required,
            Required::ControllerArrangement
        );
    }

    #[test]
    fn processor_without_agreement_blocks_and_signed_model_4_is_clean() {
        assert_eq!(
            codes(&vendor("processor", "none", "")),
            [("processor-without-agreement", Severity::Blocking)]
        );
        let ok = vendor("processor", "signed", ", model: model4");
        assert!(ok.in_place && ok.findings.is_empty());
        assert_eq!(
            codes(&vendor("processor", "signed", ", model: vendor-terms")),
            [("not-model-4", Severity::Low)]
        );
        // An agreement negotiated for the sector is a negotiated agreement too.
        let sector = vendor(
            "processor",
            "signed",
            ", model: sector-agreement, negotiated_by: sivon",
        );
        assert!(sector.in_place && sector.findings.is_empty());
    }

    #[test]
    fn processor_agreement_still_in_negotiation_blocks() {
        let v = vendor("processor", "in-negotiation", ", model: model4");
        assert!(!v.in_place);
        assert_eq!(
            codes(&v),
            [("processor-agreement-unsigned", Severity::Blocking)]
        );
        assert_eq!(v.findings[0].reason.references, [AVG_28_3, AVG_28_9]);
        assert_eq!(
            v.findings[0].reason.answers[1].field,
            "vendors[0].agreement.status"
        );
    }

    #[test]
    fn no_agreement_possible_blocks_whatever_the_role() {
        for role in ["processor", "joint-controller", "independent-controller"] {
            assert_eq!(
                codes(&vendor(role, "not-possible", "")),
                [("agreement-not-possible", Severity::Blocking)],
                "{role}"
            );
        }
    }

    #[test]
    fn joint_controller_needs_an_arrangement() {
        assert_eq!(
            codes(&vendor("joint-controller", "none", "")),
            [("joint-without-arrangement", Severity::Blocking)]
        );
        assert_eq!(
            codes(&vendor("joint-controller", "in-negotiation", "")),
            [("agreement-in-negotiation", Severity::Medium)]
        );
    }

    #[test]
    fn processor_with_own_purposes_is_a_controller_for_that_use() {
        let a = activity_with(|t| {
            set(
                t,
                "vendors: []\n",
                "vendors:\n  - {name: V, role: processor, own_purposes: [advertenties], agreement: {status: signed, model: model4}, locations: [NL]}\n",
            );
        });
        assert_eq!(
            codes(&assess(&a)[0]),
            [("processor-own-purposes", Severity::Medium)]
        );
    }
}
