//! The clause list per vendor: every clause of the catalogue that the vendor's role demands, its
//! status in the vendor's contract, and what to do about each gap.
//!
//! - The role decides the clauses (`data/clauses.yaml`, `roles`).
//! - Without an agreement (`none`, `not-possible`) every clause is absent; the blocking finding
//!   for the missing agreement itself comes from [`super::agreements`] and is repeated here, not
//!   derived again.
//! - A clause that is not answered is `unknown`, never present.
//! - Gaps become actions: absent and mandatory → high; absent but only asked for by the
//!   education model, partly, or unknown and mandatory → medium; the rest → low.
//! - When there is an agreement, its gaps and unknowns become one finding each per vendor for
//!   the pre-DPIA: medium when a mandatory clause is involved (Art. 28(3) or 26 AVG), else low.

use super::agreements::VendorConclusion;
use super::reason::Value;
use super::{Finding, Reason, Severity};
use crate::knowledge::clause_catalogue::{Clause, ClauseCatalogue};
use crate::knowledge::references::{Ref, refs::*};
use crate::model::{Activity, AgreementStatus, ClauseStatus, Role, Vendor};
use serde::Serialize;

/// How urgent the action for a clause is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Priority {
    /// Worth doing.
    Low,
    /// Solve before or during the next negotiation round.
    Medium,
    /// A legally required clause is missing.
    High,
}

/// One clause of one vendor's list.
#[derive(Debug, Clone, Serialize)]
pub struct ClauseRow {
    /// The catalogue entry.
    pub clause: &'static Clause,
    /// Status that counts (absent when there is no agreement; unknown when not answered).
    pub status: ClauseStatus,
    /// Contract article, as answered.
    pub article: Option<String>,
    /// Remark, as answered.
    pub remark: Option<String>,
    /// Priority of the action; `None` when the clause is present.
    pub priority: Option<Priority>,
    /// Why this status.
    pub reason: Reason,
}

/// How many clauses have each status.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Completeness {
    /// Present.
    pub present: usize,
    /// Partly.
    pub partly: usize,
    /// Absent.
    pub absent: usize,
    /// Unknown.
    pub unknown: usize,
    /// All clauses.
    pub total: usize,
    /// Present as a whole percentage of all clauses (rounded down).
    pub percent: usize,
}

/// The clause list of one vendor.
#[derive(Debug, Clone, Serialize)]
pub struct VendorClauses {
    /// Index in `vendors`.
    pub index: usize,
    /// "Product (Legal name)" or the legal name.
    pub name: String,
    /// Role.
    pub role: Role,
    /// There is an agreement (signed or being negotiated) whose clauses can be checked.
    pub has_agreement: bool,
    /// The clauses, in catalogue order.
    pub clauses: Vec<ClauseRow>,
    /// Counts per status.
    pub completeness: Completeness,
    /// Blocking findings about this vendor's agreement (from the agreement rules).
    pub blocking: Vec<Finding>,
    /// Findings about the clauses, for the pre-DPIA.
    pub findings: Vec<Finding>,
}

/// The clause lists of every vendor.
#[derive(Debug, Clone, Serialize)]
pub struct ClauseConclusion {
    /// When the clause catalogue was last checked.
    pub checked: String,
    /// The sources the catalogue rests on.
    pub sources: Vec<String>,
    /// Per vendor, in the order of `vendors`.
    pub vendors: Vec<VendorClauses>,
    /// Number of blocking findings about the agreements, over all vendors.
    pub blocking: usize,
    /// What the document with these agreements is, by the parties' roles.
    pub document: AgreementDocument,
    /// The parties' roles, each once, in the order the parties come.
    pub roles: Vec<Role>,
}

/// What the clause list of an activity is, by its parties' roles: a processing agreement
/// (art. 28 AVG), an arrangement between joint controllers (art. 26 AVG), or both kinds and
/// more.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum AgreementDocument {
    /// Every party is a processor or sub-processor.
    Processing,
    /// Every party is a joint controller.
    JointControl,
    /// Parties of different roles.
    Mixed,
}

impl AgreementDocument {
    /// The document for parties with `roles`.
    pub fn of(roles: impl IntoIterator<Item = Role>) -> AgreementDocument {
        let (mut processing, mut joint, mut other) = (false, false, false);
        for role in roles {
            match role {
                Role::Processor | Role::SubProcessor => processing = true,
                Role::JointController => joint = true,
                _ => other = true,
            }
        }
        match (processing, joint, other) {
            (false, true, false) => AgreementDocument::JointControl,
            (true, false, false) => AgreementDocument::Processing,
            _ => AgreementDocument::Mixed,
        }
    }
}

/// The priority of the action for a clause with `status`.
pub fn priority(status: ClauseStatus, mandatory: bool) -> Option<Priority> {
    match (status, mandatory) {
        (ClauseStatus::Present, _) => None,
        (ClauseStatus::Absent, true) => Some(Priority::High),
        (ClauseStatus::Absent, false)
        | (ClauseStatus::Partly, true)
        | (ClauseStatus::Unknown, true) => Some(Priority::Medium),
        (ClauseStatus::Partly, false) | (ClauseStatus::Unknown, false) => Some(Priority::Low),
    }
}

/// The reference for the agreement as a whole, by role.
fn role_reference(role: Role) -> &'static [Ref] {
    match role {
        Role::Processor | Role::SubProcessor => &[AVG_28_3],
        Role::JointController => &[AVG_26],
        Role::IndependentController => &[AVG_5_2, AVG_24, AP_SOCIAL_MEDIA_SCHOOLS],
    }
}

fn display_name(v: &Vendor) -> String {
    v.product
        .as_ref()
        .map_or(v.name.clone(), |p| format!("{p} ({})", v.name))
}

fn row(i: usize, v: &Vendor, has_agreement: bool, clause: &'static Clause) -> ClauseRow {
    let reference: Vec<Ref> = clause
        .references
        .iter()
        .filter_map(|id| Ref::from_id(id))
        .collect();
    let reference = reference.as_slice();
    let answered = v
        .agreement
        .clauses
        .iter()
        .enumerate()
        .find(|(_, a)| a.id == clause.id);
    let (status, reason) = match answered {
        _ if !has_agreement => (
            ClauseStatus::Absent,
            Reason::new("clause-no-agreement", reference).answer(
                format!("vendors[{i}].agreement.status"),
                Value::choice(v.agreement.status),
            ),
        ),
        Some((j, a)) => (
            a.status,
            Reason::new("clause-answered", reference).answer(
                format!("vendors[{i}].agreement.clauses[{j}].status"),
                Value::choice(a.status),
            ),
        ),
        None => (
            ClauseStatus::Unknown,
            Reason::new("clause-unanswered", reference)
                .answer(format!("vendors[{i}].agreement.clauses"), Value::Missing),
        ),
    };
    ClauseRow {
        clause,
        status,
        article: answered.and_then(|(_, a)| a.article.clone()),
        remark: answered.and_then(|(_, a)| a.remark.clone()),
        priority: priority(status, clause.mandatory),
        reason,
    }
}

fn completeness(rows: &[ClauseRow]) -> Completeness {
    let n = |s| rows.iter().filter(|r| r.status == s).count();
    let present = n(ClauseStatus::Present);
    let total = rows.len();
    Completeness {
        present,
        partly: n(ClauseStatus::Partly),
        absent: n(ClauseStatus::Absent),
        unknown: n(ClauseStatus::Unknown),
        total,
        percent: (present * 100).checked_div(total).unwrap_or(0),
    }
}

/// One finding for the rows matching `pick`, or none.
fn summary_finding(
    code: &'static str,
    i: usize,
    v: &Vendor,
    social: bool,
    rows: &[ClauseRow],
    pick: impl Fn(ClauseStatus) -> bool,
) -> Option<Finding> {
    let picked: Vec<&ClauseRow> = rows.iter().filter(|r| pick(r.status)).collect();
    if picked.is_empty() {
        return None;
    }
    let severity = if picked.iter().any(|r| r.clause.mandatory) {
        Severity::Medium
    } else {
        Severity::Low
    };
    let mut reason = Reason::new(code, &super::fitting(role_reference(v.role), social));
    let mut unanswered = Vec::new();
    for r in &picked {
        match r.reason.code {
            "clause-unanswered" => unanswered.push(r.clause.id.as_str()),
            _ => {
                for a in &r.reason.answers {
                    reason =
                        reason.answer_about(a.field.clone(), a.value.clone(), r.clause.id.clone());
                }
            }
        }
    }
    if !unanswered.is_empty() {
        reason = reason.answer(
            format!("vendors[{i}].agreement.clauses"),
            Value::Unanswered(unanswered.iter().map(|id| id.to_string()).collect()),
        );
    }
    Some(Finding::new(severity, reason).about(display_name(v)))
}

fn conclude(
    i: usize,
    v: &Vendor,
    social: bool,
    agreement: Option<&VendorConclusion>,
    catalogue: &'static ClauseCatalogue,
) -> VendorClauses {
    let has_agreement = matches!(
        v.agreement.status,
        AgreementStatus::Signed | AgreementStatus::InNegotiation
    );
    let clauses: Vec<ClauseRow> = catalogue
        .for_role(v.role)
        .map(|c| row(i, v, has_agreement, c))
        .collect();
    let mut findings = Vec::new();
    if has_agreement {
        findings.extend(summary_finding(
            "clauses-gaps",
            i,
            v,
            social,
            &clauses,
            |s| matches!(s, ClauseStatus::Absent | ClauseStatus::Partly),
        ));
        findings.extend(summary_finding(
            "clauses-unknown",
            i,
            v,
            social,
            &clauses,
            |s| s == ClauseStatus::Unknown,
        ));
    }
    let blocking = agreement
        .map(|a| {
            a.findings
                .iter()
                .filter(|f| f.severity == Severity::Blocking)
                .cloned()
                .collect()
        })
        .unwrap_or_default();
    VendorClauses {
        index: i,
        name: display_name(v),
        role: v.role,
        has_agreement,
        completeness: completeness(&clauses),
        clauses,
        blocking,
        findings,
    }
}

/// The clause list of every vendor of `activity`; `agreements` are the agreement rules'
/// conclusions for the same vendors.
pub fn assess(
    activity: &Activity,
    agreements: &[VendorConclusion],
    catalogue: &'static ClauseCatalogue,
) -> ClauseConclusion {
    let vendors: Vec<VendorClauses> = activity
        .vendors
        .iter()
        .enumerate()
        .map(|(i, v)| {
            let agreement = agreements.iter().find(|a| a.index == i);
            conclude(i, v, super::is_social_media(activity), agreement, catalogue)
        })
        .collect();
    ClauseConclusion {
        checked: catalogue.checked.clone(),
        sources: catalogue.sources.clone(),
        blocking: vendors.iter().map(|v| v.blocking.len()).sum(),
        document: AgreementDocument::of(vendors.iter().map(|v| v.role)),
        roles: vendors.iter().fold(Vec::new(), |mut roles, v| {
            if !roles.contains(&v.role) {
                roles.push(v.role);
            }
            roles
        }),
        vendors,
    }
}

#[cfg(test)]
mod tests;
