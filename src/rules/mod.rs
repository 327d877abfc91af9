//! Stage 3, derive: the legal conclusions, as pure functions over the typed answers.
//!
//! No I/O, no templates, no Typst, no prose: every conclusion carries [`Reason`]s as data (a
//! rule code, the answers by field path with their typed values, the legal references by id),
//! and the templates word them for their reader.
//!
//! 1. [`dpia`]: is a DPIA required (Art. 35(3), the AP list, the nine WP248 criteria)?
//! 2. [`consent`]: what consent the purposes need, and what is missing; [`special`]: the
//!    exception that special-category, criminal or national-id data rely on; [`transparency`]:
//!    information beforehand, the right to object, and the rules for recordings;
//!    [`disclosures`]: giving data to third parties that are not vendors; [`platforms`]: what
//!    the published DPIAs on the big platforms turn on (controller parts of a processor's
//!    service, diagnostic data, sector agreements, required settings).
//! 3. [`agreements`]: which agreement each vendor's role demands; [`clauses`]: which clauses it
//!    must contain and which are missing.
//! 4. [`transfers`]: does data leave the EEA, and on which tool? [`dtia`]: the transfer impact
//!    assessment of each transfer, with the quantified lawful-access risk.
//! 5. [`risks`]: risk levels before and after measures.
//! 6. [`advice`]: the overall advice, following the AP (use / only with measures / do not use),
//!    and the action list.
//!
//! [`conduct`] works per organisation rather than per activity: the rules of its social-media
//! code of conduct; [`councils`]: the participation councils of its sector and the law behind each.

pub mod advice;
pub mod agreements;
pub mod clauses;
pub mod conduct;
pub mod consent;
pub mod councils;
pub mod disclosures;
pub mod dpia;
pub mod dtia;
pub mod full_dpia;
pub mod platforms;
pub mod reason;
pub mod risks;
pub mod special;
pub mod transfers;
pub mod transparency;

#[cfg(test)]
pub(crate) mod fixture;

use crate::knowledge::Knowledge;
use crate::model::{Activity, Organisation};
pub use reason::{Answer, Finding, Reason, Section, Severity, Value};
use serde::Serialize;

/// Whether `activity` is the use of social media or messaging, which the AP's advice to
/// schools on social media covers: a school channel, use in class, communication with parents.
pub(crate) fn is_social_media(activity: &Activity) -> bool {
    use crate::model::Use;
    matches!(
        activity.processing.use_,
        Use::SchoolChannel | Use::InClass | Use::ParentCommunication
    )
}

/// `references` without the AP's advice on social media when the activity is not about social
/// media: a reference must fit the case.
pub(crate) fn fitting(
    references: &[crate::knowledge::references::Ref],
    social: bool,
) -> Vec<crate::knowledge::references::Ref> {
    references
        .iter()
        .copied()
        .filter(|r| social || *r != crate::knowledge::references::refs::AP_SOCIAL_MEDIA_SCHOOLS)
        .collect()
}

/// Whether a free-text answer is missing or says nothing: absent, empty or only spaces.
pub(crate) fn unanswered(text: Option<&str>) -> bool {
    text.is_none_or(|t| t.trim().is_empty())
}

/// Every conclusion about one activity.
#[derive(Debug, Clone, Serialize)]
pub struct Conclusions {
    /// The DPIA verdict.
    pub dpia: dpia::DpiaConclusion,
    /// Consent.
    pub consent: consent::ConsentConclusion,
    /// Agreements per vendor.
    pub agreements: Vec<agreements::VendorConclusion>,
    /// The clause list per vendor.
    pub clauses: clauses::ClauseConclusion,
    /// Transfers outside the EEA.
    pub transfers: transfers::TransferConclusion,
    /// Risk levels.
    pub risks: Vec<risks::RiskLevel>,
    /// Settings of the vendors' services the school applied: measures beside the risks' own.
    pub setting_measures: Vec<platforms::SettingMeasure>,
    /// All findings, most severe first.
    pub findings: Vec<Finding>,
    /// The overall advice.
    pub advice: advice::Advice,
    /// The transfer impact assessment; `None` when no data leaves the EEA.
    pub dtia: Option<dtia::DtiaConclusion>,
    /// The full DPIA: whether it is due and complete, and what follows from it.
    pub full_dpia: full_dpia::FullDpiaConclusion,
}

/// Derives every conclusion for `activity` of `org`.
pub fn derive(
    activity: &Activity,
    org: &Organisation,
    knowledge: &'static Knowledge,
) -> Conclusions {
    let catalogue = &knowledge.catalogue;
    let dpia = dpia::assess(activity, catalogue);
    let consent = consent::assess(activity, org);
    let agreements = agreements::assess(activity);
    let clauses = clauses::assess(activity, &agreements, &knowledge.clauses);
    let transfers = transfers::assess(activity, org, catalogue);
    let risks = risks::assess(activity);
    let dtia = dtia::assess(activity, org, catalogue, &knowledge.lawful_access);

    let mut findings: Vec<Finding> = Vec::new();
    findings.extend(dpia.findings.iter().cloned());
    findings.extend(consent.findings.iter().cloned());
    findings.extend(special::findings(activity));
    findings.extend(transparency::findings(activity));
    findings.extend(disclosures::findings(activity));
    findings.extend(platforms::findings(activity, org));
    findings.extend(agreements.iter().flat_map(|a| a.findings.iter().cloned()));
    findings.extend(
        clauses
            .vendors
            .iter()
            .flat_map(|v| v.findings.iter().cloned()),
    );
    findings.extend(transfers.findings.iter().cloned());
    findings.extend(risks::findings(&risks));
    if let Some(d) = &dtia {
        findings.extend(dtia::pre_dpia_finding(d, &findings));
    }
    // Stable order: most severe first, then in the order the rules ran.
    findings.sort_by_key(|f| std::cmp::Reverse(f.severity));

    // A full DPIA whose answers are all given is done: no action to carry it out.
    if full_dpia::missing(activity).is_empty() {
        findings.retain(|f| f.reason.code != "dpia-to-do");
    }
    let advice = advice::advise(&dpia, &findings);
    // An activity advised against gets no action to carry out its DPIA: the verdict still says
    // one is required, but it is due only if the use is reconsidered once the blocking
    // findings are solved.
    if advice.kind == advice::AdviceKind::DoNotUse {
        findings.retain(|f| f.reason.code != "dpia-to-do");
    }
    let full_dpia = full_dpia::assess(activity, &dpia, &risks, &advice);
    Conclusions {
        dpia,
        consent,
        agreements,
        clauses,
        transfers,
        risks,
        setting_measures: platforms::setting_measures(activity),
        findings,
        advice,
        dtia,
        full_dpia,
    }
}
