use super::*;

#[test]
fn civil_dates_from_days_since_the_epoch() {
    let d = |days| civil_from_days(days).to_string();
    assert_eq!(d(0), "1970-01-01");
    assert_eq!(d(59), "1970-03-01");
    assert_eq!(d(11_016), "2000-02-29");
    assert_eq!(d(20_780), "2026-11-23");
    assert_eq!(d(-1), "1969-12-31");
}

use crate::rules::fixture::{activity_with, set};

fn diagnostics(vendor: &str) -> Vec<(Severity, String, String)> {
    let text = format!("vendors:\n  - {vendor}\n");
    let a = activity_with(|t| set(t, "vendors: []\n", &text));
    activity(
        Path::new("a.yaml"),
        &text,
        &a,
        crate::knowledge::Knowledge::builtin(),
    )
    .into_iter()
    .filter(|d| d.field.as_deref().is_some_and(|f| f.starts_with("vendors")))
    .map(|d| {
        let field = d.field.clone().unwrap_or_default();
        (d.severity, field, d.message)
    })
    .collect()
}

#[test]
fn clause_answers_must_name_a_clause_of_the_role_once() {
    let v = |clauses: &str, status: &str| {
        format!(
            "{{name: V, role: processor, agreement: {{status: {status}, clauses: [{clauses}]}}, locations: [NL]}}"
        )
    };
    assert!(diagnostics(&v("{id: security, status: present}", "signed")).is_empty());
    let d = diagnostics(&v("{id: securty, status: present}", "signed"));
    assert_eq!(d.len(), 1);
    assert_eq!(d[0].0, Severity::Error);
    assert_eq!(d[0].1, "vendors[0].agreement.clauses[0].id");
    assert!(d[0].2.contains("`securty` is not a clause"));
    let d = diagnostics(&v("{id: joint-essence, status: present}", "signed"));
    assert!(
        d[0].2.contains("does not apply to this vendor's role"),
        "{d:?}"
    );
    let twice = "{id: security, status: present}, {id: security, status: absent}";
    let d = diagnostics(&v(twice, "signed"));
    assert_eq!(d[0].1, "vendors[0].agreement.clauses[1].id");
    assert!(d[0].2.contains("answered twice"));
    let d = diagnostics(&v("{id: security, status: present}", "none"));
    assert_eq!(d[0].0, Severity::Warning);
    assert_eq!(d[0].1, "vendors[0].agreement.clauses");
}

#[test]
fn fg_advice_may_not_postdate_the_assessment() {
    let check = |advice_date: &str| {
        let text = format!(
            "{}dpia:\n  fg_advice: {{date: {advice_date}, summary: Akkoord., followed: true}}\n",
            crate::rules::fixture::ACTIVITY
        );
        let a = crate::load::yaml::parse(Path::new("a.yaml"), &text).unwrap();
        activity(
            Path::new("a.yaml"),
            &text,
            &a,
            crate::knowledge::Knowledge::builtin(),
        )
        .into_iter()
        .filter(|d| d.field.as_deref() == Some("dpia.fg_advice.date"))
        .collect::<Vec<_>>()
    };
    // On the assessment's own date (2026-11-01) or before: fine.
    assert!(check("2026-11-01").is_empty());
    assert!(check("2026-10-20").is_empty());
    // A day later: an error at the advice's date, naming both dates.
    let d = check("2026-11-02");
    assert_eq!(d.len(), 1);
    assert_eq!(d[0].severity, Severity::Error);
    assert!(d[0].message.contains("2026-11-02") && d[0].message.contains("2026-11-01"));
    assert_eq!(d[0].line, Some(text_line_of_advice_date()));
}

/// The line of `date:` in the `dpia.fg_advice` the test above appends to the fixture.
fn text_line_of_advice_date() -> usize {
    crate::rules::fixture::ACTIVITY.lines().count() + 2
}

mod social_media {
    use super::*;

    const ORG: &str = include_str!("../../questionnaires/obs-de-regenboog/organisatie.yaml");

    fn check(edit: impl FnOnce(&mut String)) -> Vec<String> {
        let mut text = ORG.to_string();
        edit(&mut text);
        let org = crate::load::yaml::parse(Path::new("o.yaml"), &text)
            .unwrap_or_else(|d| panic!("{}", d.render(Some(&text))));
        social_media(
            Path::new("o.yaml"),
            &text,
            &org,
            &crate::knowledge::Knowledge::builtin().platforms,
        )
        .into_iter()
        .map(|d| format!("{}: {}", d.field.unwrap_or_default(), d.message))
        .collect()
    }

    #[test]
    fn the_example_is_valid() {
        assert_eq!(check(|_| {}), Vec::<String>::new());
    }

    #[test]
    fn unknown_platform_and_missing_group_are_located() {
        let out = check(|t| *t = t.replacen("platform: instagram", "platform: myspace", 1));
        assert!(
            out[0].starts_with("social_media.platforms[0].platform: unknown platform `myspace`"),
            "{out:?}"
        );
        let out = check(|t| *t = t.replacen("id: obs-de-regenboog\n", "", 1));
        assert!(out[0].contains("no `id`"), "{out:?}");
    }
}
