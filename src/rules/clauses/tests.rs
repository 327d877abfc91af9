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
            // Information and objection are arranged: only the clauses decide.
            set(
                t,
                "  necessity: {proportionality: Ja., subsidiarity: Nee.}\n",
                "  necessity: {proportionality: Ja., subsidiarity: Nee.}\n  information: {informed_beforehand: true, objection: Een alternatief.}\n",
            );
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
    let c = with("{name: W, role: processor, agreement: {status: not-possible}, locations: [NL]}");
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
