//! Stage 3, derive: the legal conclusions, as pure functions over the typed answers.
//!
//! No I/O, no templates, no Typst. Every conclusion carries [`Reason`]s: which answers (by
//! field path) and which legal reference led to it, so the documents can print them.
//!
//! 1. [`dpia`]: is a DPIA required (Art. 35(3), the AP list, the nine WP248 criteria)?
//! 2. [`consent`]: what consent the purposes need, and what is missing.
//! 3. [`agreements`]: which agreement each vendor's role demands; [`clauses`]: which clauses it
//!    must contain and which are missing.
//! 4. [`transfers`]: does data leave the EEA, and on which tool? [`dtia`]: the transfer impact
//!    assessment of each transfer, with the quantified lawful-access risk.
//! 5. [`risks`]: risk levels before and after measures.
//! 6. [`advice`]: the overall advice, following the AP (use / only with measures / do not use),
//!    and the action list.
//!
//! [`conduct`] works per organisation rather than per activity: the rules of its social-media
//! code of conduct.

pub mod advice;
pub mod agreements;
pub mod clauses;
pub mod conduct;
pub mod consent;
pub mod dpia;
pub mod dtia;
pub mod risks;
pub mod transfers;

#[cfg(test)]
pub(crate) mod fixture;

use crate::catalogue::Catalogue;
use crate::model::{Activity, Organisation};
use serde::Serialize;

/// One answer that led to a conclusion.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Answer {
    /// Field path, e.g. `criteria.vulnerable.applies`.
    pub field: String,
    /// The answer as written (or derived), e.g. `true`.
    pub value: String,
}

/// Why a conclusion was drawn: a rule code (the templates turn it into a sentence), the answers
/// it rests on and the legal reference.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Reason {
    /// Stable code of the rule, e.g. `wp248-two-or-more`.
    pub code: &'static str,
    /// The answers it rests on.
    pub answers: Vec<Answer>,
    /// Legal reference, e.g. `Art. 35(3)(b) AVG`.
    pub reference: &'static str,
}

impl Reason {
    /// A reason with no answers yet.
    pub fn new(code: &'static str, reference: &'static str) -> Self {
        Reason {
            code,
            answers: Vec::new(),
            reference,
        }
    }

    /// Adds an answer.
    pub fn answer(mut self, field: impl Into<String>, value: impl ToString) -> Self {
        self.answers.push(Answer {
            field: field.into(),
            value: value.to_string(),
        });
        self
    }
}

/// How much a finding weighs in the overall advice.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Severity {
    /// Worth noting; no action needed before use.
    Low,
    /// Must be solved; use only with this measure.
    Medium,
    /// Blocks use until solved (the AP: otherwise, don't).
    Blocking,
}

/// A problem or point of attention found by a rule; becomes an action in the documents.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Finding {
    /// How much it weighs.
    pub severity: Severity,
    /// Why: code, answers, reference. The code selects the sentence in the templates.
    pub reason: Reason,
    /// The subject of the finding (a vendor's name, a country, a purpose), for the sentence.
    pub subject: Option<String>,
}

impl Finding {
    /// A finding of `severity` for `reason`.
    pub fn new(severity: Severity, reason: Reason) -> Self {
        Finding {
            severity,
            reason,
            subject: None,
        }
    }

    /// Names what the finding is about.
    pub fn about(mut self, subject: impl Into<String>) -> Self {
        self.subject = Some(subject.into());
        self
    }
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
    /// All findings, most severe first.
    pub findings: Vec<Finding>,
    /// The overall advice.
    pub advice: advice::Advice,
    /// The transfer impact assessment; `None` when no data leaves the EEA.
    pub dtia: Option<dtia::DtiaConclusion>,
}

/// Derives every conclusion for `activity` of `org`.
pub fn derive(activity: &Activity, org: &Organisation, catalogue: &Catalogue) -> Conclusions {
    let dpia = dpia::assess(activity, catalogue);
    let consent = consent::assess(activity, org);
    let agreements = agreements::assess(activity);
    let clauses = clauses::assess(
        activity,
        &agreements,
        crate::clauses::ClauseCatalogue::builtin(),
    );
    let transfers = transfers::assess(activity, org, catalogue);
    let risks = risks::assess(activity);
    let dtia = dtia::assess(
        activity,
        org,
        catalogue,
        crate::lawful_access::LawfulAccessData::builtin(),
    );

    let mut findings: Vec<Finding> = Vec::new();
    findings.extend(dpia.findings.iter().cloned());
    findings.extend(consent.findings.iter().cloned());
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

    let advice = advice::advise(&dpia, &findings);
    Conclusions {
        dpia,
        consent,
        agreements,
        clauses,
        transfers,
        risks,
        findings,
        advice,
        dtia,
    }
}
