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
use crate::clauses::{Clause, ClauseCatalogue};
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
    let mut reason = Reason::new(code, role_reference(v.role));
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
        findings.extend(summary_finding("clauses-gaps", i, v, &clauses, |s| {
            matches!(s, ClauseStatus::Absent | ClauseStatus::Partly)
        }));
        findings.extend(summary_finding("clauses-unknown", i, v, &clauses, |s| {
            s == ClauseStatus::Unknown
        }));
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
        .map(|(i, v)| conclude(i, v, agreements.iter().find(|a| a.index == i), catalogue))
        .collect();
    ClauseConclusion {
        checked: catalogue.checked.clone(),
        sources: catalogue.sources.clone(),
        blocking: vendors.iter().map(|v| v.blocking.len()).sum(),
        vendors,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::agreements;
    use crate::rules::fixture::{activity_with, set};

    fn vendor(role: &str, status: &str, clauses: &str) -> VendorClauses {
        let a = activity_with(|t| {
            let v = format!(
                "vendors:\n  - {{name: V, role: {role}, agreement: {{status: {status}, clauses: [{clauses}]}}, locations: [NL]}}\n"
            );
            set(t, "vendors: []\n", &v);
        });
        let ag = agreements::assess(&a);
        assess(&a, &ag, &crate::knowledge::Knowledge::builtin().clauses)
            .vendors
            .remove(0)
    }

    fn all_present(role: Role) -> String {
        crate::knowledge::Knowledge::builtin()
            .clauses
            .for_role(role)
            .map(|c| format!("{{id: {}, status: present}}", c.id))
            .collect::<Vec<_>>()
            .join(", ")
    }

    fn row<'a>(v: &'a VendorClauses, id: &str) -> &'a ClauseRow {
        v.clauses
            .iter()
            .find(|r| r.clause.id == id)
            .unwrap_or_else(|| panic!("no row {id}"))
    }

    fn codes(v: &VendorClauses) -> Vec<(&'static str, Severity)> {
        v.findings
            .iter()
            .map(|f| (f.reason.code, f.severity))
            .collect()
    }

    #[test]
    fn role_decides_the_clauses() {
        let cat = &crate::knowledge::Knowledge::builtin().clauses;
        for (role, r) in [
            ("processor", Role::Processor),
            ("sub-processor", Role::SubProcessor),
            ("joint-controller", Role::JointController),
            ("independent-controller", Role::IndependentController),
        ] {
            let v = vendor(role, "signed", "");
            let got: Vec<&str> = v.clauses.iter().map(|r| r.clause.id.as_str()).collect();
            let want: Vec<&str> = cat.for_role(r).map(|c| c.id.as_str()).collect();
            assert_eq!(got, want, "{role}");
            assert!(!got.is_empty());
        }
        let p = vendor("processor", "signed", "");
        assert!(p.clauses.iter().all(|r| !r.clause.id.starts_with("joint-")));
        assert!(
            p.clauses
                .iter()
                .any(|r| r.clause.references.iter().any(|id| id == AVG_28_3_D.id()))
        );
    }

    #[test]
    fn unanswered_is_unknown_never_present() {
        let v = vendor("processor", "signed", "");
        assert!(v.clauses.iter().all(|r| r.status == ClauseStatus::Unknown));
        assert_eq!(v.completeness.present, 0);
        assert_eq!(v.completeness.unknown, v.completeness.total);
        assert_eq!(row(&v, "security").priority, Some(Priority::Medium));
        assert_eq!(row(&v, "privacy-label").priority, Some(Priority::Low));
        assert_eq!(row(&v, "security").reason.code, "clause-unanswered");
        assert_eq!(codes(&v), [("clauses-unknown", Severity::Medium)]);
        let answers = &v.findings[0].reason.answers;
        assert_eq!(answers.len(), 1);
        assert_eq!(answers[0].field, "vendors[0].agreement.clauses");
        assert!(
            matches!(&answers[0].value, Value::Unanswered(ids) if ids.iter().any(|id| id == "sub-processors"))
        );
    }

    #[test]
    fn gaps_become_actions_with_priority() {
        let v = vendor(
            "processor",
            "signed",
            &all_present(Role::Processor)
                .replace(
                    "{id: sub-processors, status: present}",
                    "{id: sub-processors, status: absent, article: art. 6}",
                )
                .replace(
                    "{id: data-types, status: present}",
                    "{id: data-types, status: partly}",
                )
                .replace(
                    "{id: breach-notification, status: present}",
                    "{id: breach-notification, status: absent}",
                ),
        );
        assert_eq!(row(&v, "sub-processors").priority, Some(Priority::High));
        assert_eq!(row(&v, "sub-processors").article.as_deref(), Some("art. 6"));
        assert_eq!(row(&v, "data-types").priority, Some(Priority::Medium));
        assert_eq!(
            row(&v, "breach-notification").priority,
            Some(Priority::Medium)
        );
        assert_eq!(row(&v, "security").priority, None);
        assert_eq!(codes(&v), [("clauses-gaps", Severity::Medium)]);
        let fields: Vec<String> = v.findings[0]
            .reason
            .answers
            .iter()
            .map(|a| match (&a.value, &a.item) {
                (Value::Choice(c), Some(item)) => format!("{c} ({item})"),
                other => panic!("unexpected answer {other:?}"),
            })
            .collect();
        assert_eq!(
            fields,
            [
                "partly (data-types)",
                "absent (sub-processors)",
                "absent (breach-notification)"
            ]
        );
        let c = v.completeness;
        assert_eq!(
            (c.present, c.partly, c.absent, c.unknown),
            (c.total - 3, 1, 2, 0)
        );
    }

    #[test]
    fn only_education_model_gaps_weigh_low_and_a_full_contract_none() {
        let v = vendor(
            "processor",
            "signed",
            &all_present(Role::Processor).replace(
                "{id: privacy-label, status: present}",
                "{id: privacy-label, status: partly}",
            ),
        );
        assert_eq!(codes(&v), [("clauses-gaps", Severity::Low)]);
        let full = vendor(
            "joint-controller",
            "signed",
            &all_present(Role::JointController),
        );
        assert!(full.findings.is_empty());
        assert_eq!(full.completeness.percent, 100);
    }

    #[test]
    fn without_agreement_every_clause_is_absent_and_the_blocking_finding_is_reused() {
        for status in ["none", "not-possible"] {
            let v = vendor("processor", status, "{id: security, status: present}");
            assert!(!v.has_agreement);
            assert!(
                v.clauses.iter().all(|r| r.status == ClauseStatus::Absent),
                "{status}"
            );
            assert_eq!(row(&v, "security").reason.code, "clause-no-agreement");
            assert_eq!(row(&v, "instructions").priority, Some(Priority::High));
            // No second finding for the same gap: the agreement rule already blocks.
            assert!(v.findings.is_empty());
            assert_eq!(v.blocking.len(), 1, "{status}");
            assert_eq!(v.blocking[0].severity, Severity::Blocking);
        }
        let v = vendor("joint-controller", "none", "");
        assert_eq!(v.blocking[0].reason.code, "joint-without-arrangement");
        let v = vendor("independent-controller", "none", "");
        assert!(
            v.blocking.is_empty(),
            "a missing controller arrangement is medium, not blocking"
        );
    }

    #[test]
    fn in_negotiation_is_checked_clause_by_clause() {
        let v = vendor(
            "processor",
            "in-negotiation",
            "{id: instructions, status: absent}",
        );
        assert!(v.has_agreement);
        assert_eq!(row(&v, "instructions").status, ClauseStatus::Absent);
        assert_eq!(
            codes(&v),
            [
                ("clauses-gaps", Severity::Medium),
                ("clauses-unknown", Severity::Medium)
            ]
        );
    }

    #[test]
    fn clause_findings_and_blocking_agreements_reach_the_pre_dpia_advice() {
        use crate::rules::{advice::AdviceKind, derive, fixture::organisation};
        let with = |vendor: &str| {
            let a = activity_with(|t| {
                t.push_str("dpia: {justification: Beperkt.}\n");
                set(t, "vendors: []\n", &format!("vendors:\n  - {vendor}\n"));
            });
            derive(&a, &organisation(), crate::knowledge::Knowledge::builtin())
        };
        let full = format!(
            "{{name: V, role: processor, agreement: {{status: signed, model: model4, clauses: [{}]}}, locations: [NL]}}",
            all_present(Role::Processor)
        );
        assert_eq!(with(&full).advice.kind, AdviceKind::Use);
        let gap = full.replace(
            "{id: instructions, status: present}",
            "{id: instructions, status: absent}",
        );
        let c = with(&gap);
        assert_eq!(c.advice.kind, AdviceKind::UseWithMeasures);
        assert!(c.findings.iter().any(|f| f.reason.code == "clauses-gaps"));
        assert!(c.advice.reasons.iter().any(|r| r.code == "clauses-gaps"));
        let c =
            with("{name: W, role: processor, agreement: {status: not-possible}, locations: [NL]}");
        assert_eq!(c.advice.kind, AdviceKind::DoNotUse);
        assert_eq!(
            c.clauses.vendors[0].blocking[0].reason.code,
            "agreement-not-possible"
        );
        assert!(
            c.advice
                .reasons
                .iter()
                .any(|r| r.code == "agreement-not-possible")
        );
    }
}
