//! What the published DPIAs on the big platforms (Google Workspace for Education, Microsoft
//! 365, Zoom) turn on, for any vendor:
//!
//! 1. A vendor that is the school's processor can be a controller itself for parts of its
//!    service (additional services, connected experiences): for such a part it decides on the
//!    purposes, so it is no processor there (Art. 28(10) AVG). Unless the school switched the
//!    part off, it needs an agreement of its own (between controllers, or under Art. 26 AVG when
//!    they decide together), and the school may pass data to it only on a basis of its own.
//! 2. Diagnostic (telemetry) data is a category of its own: whether the vendor uses it for its
//!    own purposes decides whether the school keeps it to what is needed (Art. 5(1)(c) AVG).
//! 3. An agreement SIVON or SURF negotiated for the whole sector counts as a negotiated
//!    agreement, beside the model agreement; it covers the sector of the party that negotiated
//!    it (SIVON: po, so and vo; SURF: mbo and ho).
//! 4. A setting that a published DPIA requires and the school has not applied is a finding
//!    (data protection by default, Art. 25(2) AVG); applied settings are measures.

use super::reason::Value;
use super::{Finding, Reason, Severity};
use crate::knowledge::references::refs::*;
use crate::model::{
    Activity, AgreementModel, AgreementStatus, DataKind, Organisation, SectorParty, Vendor,
};
use serde::Serialize;

/// The findings on diagnostic data, sector agreements and settings. The findings on controller
/// parts belong to the agreement analysis of their vendor ([`controller_parts`]).
pub fn findings(activity: &Activity, org: &Organisation) -> Vec<Finding> {
    let mut out = Vec::new();
    for (vi, v) in activity.vendors.iter().enumerate() {
        sector_agreement(vi, v, org, &mut out);
        settings(vi, v, &mut out);
    }
    diagnostic(activity, &mut out);
    out
}

/// A setting of a vendor's service that the school applied: a measure in the documents.
#[derive(Debug, Clone, Serialize)]
pub struct SettingMeasure {
    /// The vendor's product, or its name.
    pub vendor: String,
    /// The setting in words.
    pub setting: String,
    /// What requires it, when something does.
    pub required_by: Option<String>,
}

/// The settings the school applied, vendor by vendor: measures against the risks.
pub fn setting_measures(activity: &Activity) -> Vec<SettingMeasure> {
    activity
        .vendors
        .iter()
        .flat_map(|v| {
            v.settings
                .iter()
                .filter(|s| s.applied)
                .map(|s| SettingMeasure {
                    vendor: v.product.clone().unwrap_or_else(|| v.name.clone()),
                    setting: s.setting.clone(),
                    required_by: s
                        .required_by
                        .clone()
                        .filter(|r| !super::unanswered(Some(r))),
                })
        })
        .collect()
}

/// The name a finding about vendor `v` carries: its product, with the vendor's name.
fn vendor_name(v: &Vendor) -> String {
    v.product
        .as_ref()
        .map_or(v.name.clone(), |p| format!("{p} ({})", v.name))
}

/// The agreement analysis of each part of vendor `vi`'s service for which it is a controller
/// itself: nothing when the school switched the part off; else an arrangement between
/// controllers (Art. 28(10) AVG: for that part it is no processor) or, when the school and the
/// vendor decide together, an Art. 26 arrangement.
pub(crate) fn controller_parts(vi: usize, v: &Vendor) -> Vec<Finding> {
    let mut out = Vec::new();
    for (pi, p) in v.controller_parts.iter().enumerate() {
        if p.switched_off {
            continue;
        }
        let field = |name: &str| format!("vendors[{vi}].controller_parts[{pi}].{name}");
        let status = p.agreement.unwrap_or(AgreementStatus::None);
        let signed = status == AgreementStatus::Signed;
        let reason = |code, references| {
            let r = Reason::new(code, references)
                .answer(field("service"), p.service.as_str())
                .answer(field("switched_off"), false)
                .answer(
                    field("agreement"),
                    p.agreement.map_or(Value::Missing, Value::choice),
                );
            if p.purposes.is_empty() {
                r
            } else {
                r.answer(field("purposes"), p.purposes.join(", "))
            }
        };
        let about = format!("{} ({})", p.service, v.name);
        let finding = match (p.joint, signed) {
            (true, false) => Finding::new(
                Severity::Medium,
                reason("controller-part-joint-without-arrangement", &[AVG_26_1])
                    .answer(field("joint"), true),
            ),
            (true, true) => continue,
            (false, false) => Finding::new(
                Severity::Medium,
                reason(
                    "controller-part-without-agreement",
                    &[AVG_28_10, AVG_6_1, AVG_24],
                ),
            ),
            (false, true) => Finding::new(
                Severity::Low,
                reason("controller-part-in-use", &[AVG_5_1_B, AVG_6_1]),
            ),
        };
        out.push(finding.about(about));
    }
    out
}

fn sector_agreement(vi: usize, v: &Vendor, org: &Organisation, out: &mut Vec<Finding>) {
    if v.agreement.model != Some(AgreementModel::SectorAgreement) {
        return;
    }
    let model = format!("vendors[{vi}].agreement.model");
    let by = format!("vendors[{vi}].agreement.negotiated_by");
    let Some(party) = v.agreement.negotiated_by else {
        out.push(
            Finding::new(
                Severity::Low,
                Reason::new("sector-agreement-party-missing", &[SECTOR_AGREEMENTS])
                    .answer(&model, Value::choice(AgreementModel::SectorAgreement))
                    .answer(&by, Value::Missing),
            )
            .about(vendor_name(v)),
        );
        return;
    };
    let fits = match party {
        SectorParty::Sivon => !org.sector.is_vocational_or_higher(),
        SectorParty::Surf => org.sector.is_vocational_or_higher(),
    };
    if !fits {
        out.push(
            Finding::new(
                Severity::Medium,
                Reason::new("sector-agreement-other-sector", &[SECTOR_AGREEMENTS])
                    .answer(&by, Value::choice(party))
                    .answer("organisation.sector", Value::choice(org.sector)),
            )
            .about(vendor_name(v)),
        );
    }
}

fn settings(vi: usize, v: &Vendor, out: &mut Vec<Finding>) {
    for (si, s) in v.settings.iter().enumerate() {
        let Some(by) = s.required_by.as_deref() else {
            continue;
        };
        if s.applied || super::unanswered(Some(by)) {
            continue;
        }
        out.push(
            Finding::new(
                Severity::Medium,
                Reason::new("required-setting-not-applied", &[AVG_25_2, AVG_24_1])
                    .answer(
                        format!("vendors[{vi}].settings[{si}].setting"),
                        s.setting.as_str(),
                    )
                    .answer(format!("vendors[{vi}].settings[{si}].required_by"), by)
                    .answer(format!("vendors[{vi}].settings[{si}].applied"), false),
            )
            .about(s.setting.clone()),
        );
    }
}

fn diagnostic(activity: &Activity, out: &mut Vec<Finding>) {
    for (di, d) in activity.data.iter().enumerate() {
        if d.kind != DataKind::Diagnostic {
            continue;
        }
        let kind = (format!("data[{di}].kind"), Value::choice(d.kind));
        let own = format!("data[{di}].vendor_own_use");
        let finding = match d.vendor_own_use {
            Some(false) => continue,
            Some(true) => Finding::new(
                Severity::Medium,
                Reason::new("diagnostic-own-use", &[AVG_5_1_C, AVG_28_10])
                    .answer(kind.0, kind.1)
                    .answer(own, true),
            ),
            None => Finding::new(
                Severity::Low,
                Reason::new("diagnostic-use-unknown", &[AVG_5_1_C, AVG_28_3_A])
                    .answer(kind.0, kind.1)
                    .answer(own, Value::Missing),
            ),
        };
        out.push(finding.about(d.category.clone()));
    }
}

#[cfg(test)]
mod tests;
