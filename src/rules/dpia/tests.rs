use super::*;
use crate::rules::fixture::{activity_with, set};

fn verdict(edit: impl FnOnce(&mut String)) -> DpiaConclusion {
    assess(
        &activity_with(edit),
        &crate::knowledge::Knowledge::builtin().catalogue,
    )
}

fn apply(text: &mut String, id: &str) {
    set(
        text,
        &format!("  {id}: {{applies: false}}"),
        &format!("  {id}: {{applies: true}}"),
    );
}

#[test]
fn no_criteria_without_justification_is_recommended() {
    let c = verdict(|_| {});
    assert_eq!(c.criteria_met, 0);
    assert_eq!(c.verdict, Verdict::Recommended);
    assert_eq!(c.reasons[0].code, "no-criteria-unjustified");
}

#[test]
fn no_criteria_with_justification_is_not_required() {
    let c = verdict(|t| {
        t.push_str("dpia: {justification: Alleen namen van ouders en kort bewaard.}\n")
    });
    assert_eq!(c.verdict, Verdict::NotRequired);
    assert_eq!(c.reasons[0].code, "no-criteria-justified");
}

#[test]
fn one_criterion_is_recommended_two_are_required() {
    let one = verdict(|t| apply(t, "innovative"));
    assert_eq!((one.criteria_met, one.verdict), (1, Verdict::Recommended));
    let two = verdict(|t| {
        apply(t, "innovative");
        apply(t, "combining");
    });
    assert_eq!((two.criteria_met, two.verdict), (2, Verdict::Required));
    assert!(two.reasons.iter().any(|r| r.code == "wp248-two-or-more"));
}

#[test]
fn adult_students_are_not_corrected_to_vulnerable_but_minors_are() {
    let students = |ages: &str| {
        let ages = ages.to_string();
        move |t: &mut String| {
            set(
                t,
                "  - {group: parents, count: 10}",
                &format!("  - {{group: pupils, ages: {ages}, count: 10}}"),
            )
        }
    };
    let vulnerable = |c: &DpiaConclusion| {
        c.criteria
            .iter()
            .find(|c| c.id == "vulnerable")
            .unwrap()
            .met
    };
    assert!(!vulnerable(&verdict(students("[18, 30]"))));
    assert!(vulnerable(&verdict(students("[17, 30]"))));
}

#[test]
fn pupils_are_vulnerable_unless_a_reason_is_given() {
    let pupils = |t: &mut String| {
        set(
            t,
            "  - {group: parents, count: 10}",
            "  - {group: pupils, ages: [4, 12], count: 10}",
        )
    };
    let c = verdict(pupils);
    let v = c.criteria.iter().find(|c| c.id == "vulnerable").unwrap();
    assert!(v.met && !v.answered);
    assert_eq!(v.corrected.as_ref().unwrap().code, "vulnerable-pupils");
    assert_eq!(c.verdict, Verdict::Recommended);

    let c = verdict(|t| {
        pupils(t);
        set(
            t,
            "vulnerable: {applies: false}",
            "vulnerable: {applies: false, reason: Alleen volwassen cursisten.}",
        );
    });
    assert!(
        !c.criteria
            .iter()
            .find(|c| c.id == "vulnerable")
            .unwrap()
            .met
    );
}

#[test]
fn special_data_meets_criterion_4_and_with_large_scale_art_35_3_b() {
    let c = verdict(|t| {
        set(
            t,
            "{category: namen, kind: ordinary, retention: een jaar}",
            "{category: zorg, kind: special, special: health, retention: een jaar}",
        );
        apply(t, "large_scale");
    });
    assert!(c.criteria.iter().find(|c| c.id == "sensitive").unwrap().met);
    assert_eq!(c.art35_3.len(), 1);
    assert_eq!(c.art35_3[0].code, "art35-3-b");
    assert_eq!(c.verdict, Verdict::Required);
}

#[test]
fn any_ap_item_makes_a_dpia_required() {
    let c = verdict(|t| {
        set(
            t,
            "ap_list: []",
            "ap_list: [{item: communication-data, reason: chat}]",
        )
    });
    assert_eq!(c.criteria_met, 0);
    assert_eq!(c.verdict, Verdict::Required);
    assert!(
        c.ap_items
            .iter()
            .any(|i| i.id == "communication-data" && i.triggers)
    );
}

#[test]
fn location_data_needs_one_more_criterion() {
    let alone = verdict(|t| {
        set(
            t,
            "ap_list: []",
            "ap_list: [{item: location-data, reason: gps}]",
        )
    });
    assert!(!alone.ap_items.iter().any(|i| i.triggers));
    assert_eq!(alone.verdict, Verdict::Recommended);
    assert!(
        alone
            .findings
            .iter()
            .any(|f| f.reason.code == "ap-list-needs-one-more")
    );

    let with_one = verdict(|t| {
        set(
            t,
            "ap_list: []",
            "ap_list: [{item: location-data, reason: gps}]",
        );
        apply(t, "monitoring");
    });
    assert!(
        with_one
            .ap_items
            .iter()
            .any(|i| i.id == "location-data" && i.triggers)
    );
    assert_eq!(with_one.verdict, Verdict::Required);
}

#[test]
fn evaluation_with_automated_decision_is_art_35_3_a() {
    let c = verdict(|t| {
        apply(t, "evaluation");
        apply(t, "automated_decision");
    });
    assert_eq!(c.art35_3[0].code, "art35-3-a");
    assert_eq!(c.art35_3[0].answers[0].field, "criteria.evaluation");
}

#[test]
fn two_criteria_with_a_documented_justification_are_not_required_justified() {
    let justified = |t: &mut String| {
        apply(t, "innovative");
        apply(t, "combining");
        t.push_str("dpia: {justification: Alleen versleutelde kopieën; de sleutel blijft bij de school.}\n");
    };
    let c = verdict(justified);
    assert_eq!(c.verdict, Verdict::NotRequiredJustified);
    let r = c
        .reasons
        .iter()
        .find(|r| r.code == "wp248-two-or-more-justified")
        .unwrap();
    assert!(r.answers.iter().any(|a| a.field == "dpia.justification"));
    // Without the justification, the same answers require a DPIA.
    let required = verdict(|t| {
        apply(t, "innovative");
        apply(t, "combining");
    });
    assert_eq!(required.verdict, Verdict::Required);
    // An item of the AP list leaves no room for a justification.
    let listed = verdict(|t| {
        justified(t);
        set(
            t,
            "ap_list: []",
            "ap_list: [{item: communication-data, reason: chat}]",
        );
    });
    assert_eq!(listed.verdict, Verdict::Required);
}

#[test]
fn two_criteria_of_which_one_is_vulnerable_pupils_are_named_as_such() {
    let c = verdict(|t| {
        apply(t, "vulnerable");
        apply(t, "innovative");
    });
    assert_eq!(c.verdict, Verdict::Required);
    assert!(
        c.reasons
            .iter()
            .any(|r| r.code == "wp248-vulnerable-plus-one")
    );
    let three = verdict(|t| {
        apply(t, "vulnerable");
        apply(t, "innovative");
        apply(t, "combining");
    });
    assert!(
        !three
            .reasons
            .iter()
            .any(|r| r.code == "wp248-vulnerable-plus-one")
    );
}
