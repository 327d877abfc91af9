use super::*;
use crate::load::LoadedActivity;
use crate::rules::Severity;
use crate::rules::advice::AdviceKind;
use crate::rules::risks::Level;
use crate::run::{self, Checked};
use context::Ask;

fn examples() -> CheckOutcome {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("questionnaires");
    let outcome = run::check(&[dir]).unwrap();
    assert_eq!(outcome.errors(), 0);
    outcome
}

fn members<'a>(group: &Group<'a>) -> Vec<Member<'a>> {
    group
        .items
        .iter()
        .map(|i| Member {
            activity: &i.loaded.activity,
            conclusions: &i.conclusions,
            documents: vec![],
        })
        .collect()
}

#[test]
fn groups_by_organisation_and_year_named_after_the_organisation_id() {
    let outcome = examples();
    let (groups, diags) = plan(&outcome, None);
    assert!(diags.is_empty());
    let names: Vec<(i32, &str, usize)> = groups
        .iter()
        .map(|g| (g.year, g.folder.as_str(), g.items.len()))
        .collect();
    assert_eq!(
        names,
        [
            (2026, "lindecollege", 3),
            (2026, "obs-de-regenboog", 4),
            (2026, "roc-de-waterlinie", 1),
            (2026, "so-de-vlinder", 3)
        ]
    );
    for g in &groups {
        let ids: Vec<&str> = g
            .items
            .iter()
            .map(|i| i.loaded.activity.assessment.id.as_str())
            .collect();
        let mut sorted = ids.clone();
        sorted.sort();
        assert_eq!(ids, sorted);
        assert!(
            g.items
                .iter()
                .all(|i| i.loaded.organisation.organisation.name == g.org.name)
        );
    }
}

#[test]
fn an_organisation_named_like_one_of_its_activities_keeps_both_folders_apart() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("questionnaires/obs-de-regenboog");
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("videolessen-thuis");
    std::fs::create_dir(&dir).unwrap();
    std::fs::copy(
        src.join("videolessen-thuis.yaml"),
        dir.join("videolessen-thuis.yaml"),
    )
    .unwrap();
    let profile = std::fs::read_to_string(src.join("organisatie.yaml")).unwrap();
    let same = profile.replacen("id: obs-de-regenboog", "id: videolessen-thuis", 1);
    assert_ne!(profile, same);
    std::fs::write(dir.join("organisatie.yaml"), same).unwrap();
    let outcome = run::check(&[dir]).unwrap();
    let (groups, diags) = plan(&outcome, None);
    assert!(diags.is_empty(), "{diags:?}");
    assert_eq!(groups.len(), 1);
    // The activity's documents lie one folder deeper than the packet: nothing is shared.
    assert_eq!(groups[0].folder, "videolessen-thuis");
}

#[test]
fn decisions_and_lists_come_from_the_conclusions() {
    let outcome = examples();
    let (groups, _) = plan(&outcome, None);
    for group in &groups {
        let members = members(group);
        let ctx = PacketContext::new(group.org, group.year, &members, Lang::Nl);
        assert_eq!(ctx.decisions.len(), members.len());
        for (d, m) in ctx.decisions.iter().zip(&members) {
            let c = m.conclusions;
            let fg = m.activity.dpia.as_ref().and_then(|d| d.fg_advice.as_ref());
            let expected = if c.advice.kind == AdviceKind::DoNotUse {
                Ask::Notice
            } else if (c.dpia.verdict == crate::rules::dpia::Verdict::Required
                && !c.full_dpia.complete)
                || fg.is_none()
            {
                Ask::Later
            } else {
                Ask::Consent
            };
            assert_eq!(d.ask, expected, "{}", d.title);
            assert_eq!(d.actions, c.findings.len() + m.activity.actions.len());
            assert_eq!(d.blocking, c.advice.blocking);
        }
        // Every finding and planned action appears once.
        let findings: usize = members.iter().map(|m| m.conclusions.findings.len()).sum();
        let planned: usize = members.iter().map(|m| m.activity.actions.len()).sum();
        assert_eq!(ctx.findings.len(), findings);
        assert_eq!(ctx.planned.len(), planned);
        assert_eq!(ctx.without_owner, findings);
        assert!(
            ctx.findings
                .windows(2)
                .all(|w| w[0].f.severity >= w[1].f.severity)
        );
        assert_eq!(
            ctx.urgent,
            ctx.findings
                .iter()
                .filter(|r| r.f.severity != Severity::Low)
                .count()
        );
        let dues: Vec<_> = ctx.planned.iter().map(|r| r.p.due).collect();
        let mut sorted = dues.clone();
        sorted.sort_by_key(|d| d.map_or((1, 0, 0, 0), |d| (0, d.year, d.month, d.day)));
        assert_eq!(dues, sorted);
        assert!(
            ctx.planned
                .iter()
                .all(|r| r.due.is_some() == r.p.due.is_some())
        );
        // Risks above the threshold: exactly those whose level after measures is medium or high.
        let above: usize = members
            .iter()
            .flat_map(|m| &m.conclusions.risks)
            .filter(|l| l.after != Level::Low)
            .count();
        assert_eq!(ctx.risks_above.len(), above);
        assert!(ctx.risks_above.iter().all(|r| r.residual_score >= 4));
        assert_eq!(
            ctx.consent.len() + ctx.notice.len() + ctx.later.len(),
            members.len()
        );
    }
}

#[test]
fn no_consent_is_asked_before_the_dpia_and_the_fg_advice() {
    let outcome = examples();
    let (groups, _) = plan(&outcome, None);
    let regenboog = groups
        .iter()
        .find(|g| g.folder == "obs-de-regenboog")
        .unwrap();
    let ctx = PacketContext::new(regenboog.org, 2026, &members(regenboog), Lang::Nl);
    let asks: Vec<(&str, Ask)> = ctx.decisions.iter().map(|d| (d.title, d.ask)).collect();
    assert_eq!(
        asks,
        [
            // The back-up needs its full DPIA first (art. 35 lid 1 AVG): notice now, consent
            // later. The platform's DPIA is complete, with the FG's advice: consent now.
            ("Versleutelde back-up in de cloud", Ask::Later),
            ("Instagram-account van de school", Ask::Notice),
            (
                "Digitale oefenomgeving van Uitgeverij Voorbeeld",
                Ask::Consent
            ),
            ("Videolessen voor leerlingen thuis", Ask::Notice),
        ]
    );
    // At the boundary: consent only with no DPIA required and the FG's advice given.
    let item = regenboog
        .items
        .iter()
        .find(|i| i.loaded.activity.assessment.id == "leerplatform-uitgever")
        .unwrap();
    let mut c = item.conclusions.clone();
    let mut a = item.loaded.activity.clone();
    assert_eq!(context::decision(&a, &c).ask, Ask::Consent);
    // A required DPIA that is not complete: notice now.
    c.full_dpia.complete = false;
    let d = context::decision(&a, &c);
    assert_eq!((d.ask, d.dpia_required), (Ask::Later, true));
    c.dpia.verdict = crate::rules::dpia::Verdict::Recommended;
    assert_eq!(context::decision(&a, &c).ask, Ask::Consent);
    a.dpia = None;
    let d = context::decision(&a, &c);
    assert_eq!(
        (d.ask, d.fg_missing, d.dpia_required),
        (Ask::Later, true, false)
    );
    c.advice.kind = AdviceKind::DoNotUse;
    assert_eq!(context::decision(&a, &c).ask, Ask::Notice);
    // The date of the packet is the latest date of the documents it encloses.
    let latest = regenboog
        .items
        .iter()
        .map(|i| i.loaded.activity.assessment.date)
        .chain(regenboog.org.social_media.as_ref().map(|s| s.date))
        .max_by_key(|d| (d.year, d.month, d.day))
        .unwrap();
    assert_eq!(
        (ctx.date.year, ctx.date.month, ctx.date.day),
        (latest.year, latest.month, latest.day)
    );
}

#[test]
fn every_document_becomes_a_part_with_its_own_labels() {
    let outcome = examples();
    let (groups, _) = plan(&outcome, None);
    let templates = Templates::builtin(crate::knowledge::Knowledge::builtin()).unwrap();
    for group in &groups {
        let src = sources(&templates, group).unwrap();
        let expected: usize = group
            .items
            .iter()
            .map(|i| {
                // Of an activity advised against, only the pre-DPIA; a complete DPIA takes
                // the pre-DPIA's place.
                if i.conclusions.advice.kind == AdviceKind::DoNotUse {
                    1
                } else {
                    DocumentKind::for_activity(&i.conclusions).len()
                        - usize::from(i.conclusions.full_dpia.complete)
                }
            })
            .sum();
        // Every organisation of the examples has a code of conduct: one part more.
        assert!(group.conduct.is_some());
        assert_eq!(src.parts.len(), expected + 1);
        let mut tags = Vec::new();
        for (path, text) in &src.parts {
            assert!(
                src.packet.contains(&format!("#include \"{path}\"")),
                "{path} not included"
            );
            assert!(text.contains("  part: true,"), "{path} not in part mode");
            if path.ends_with("/pre-dpia.typ") {
                let at = text.find("acties>").expect("the action list has a label");
                let tag = text[..at]
                    .rsplit('<')
                    .next()
                    .unwrap_or_default()
                    .to_string();
                assert!(tag.starts_with('p'), "{path}: label <{tag}acties>");
                tags.push(tag);
            }
            assert!(!text.contains("<acties>"), "{path}");
        }
        let unique: std::collections::BTreeSet<&String> = tags.iter().collect();
        assert_eq!(
            unique.len(),
            tags.len(),
            "every part has its own tag: {tags:?}"
        );
        assert!(src.memo.starts_with("#import \"/dpiagen.typ\": *"));
    }
    // On its own, a document keeps its plain labels and its title page.
    let item = &outcome.valid[0];
    let alone = run::typst_source(&templates, item, DocumentKind::PreDpia).unwrap();
    assert!(alone.contains("<acties>") && !alone.contains("part: true"));
}

#[test]
fn answers_are_escaped_in_the_packet_and_the_memo() {
    let outcome = examples();
    let first = &outcome.valid[0];
    let mut activity = first.loaded.activity.clone();
    let evil = "#panic(\"x\") <lbl> @ref *vet* = kop";
    activity.assessment.title = evil.to_string();
    activity.actions[0].owner = "]#panic(1)[".to_string();
    let conclusions = crate::rules::derive(
        &activity,
        &first.loaded.organisation.organisation,
        crate::knowledge::Knowledge::builtin(),
    );
    let item = Checked {
        loaded: LoadedActivity {
            source: first.loaded.source.clone(),
            activity,
            organisation: first.loaded.organisation.clone(),
        },
        conclusions,
    };
    let group = Group {
        lang: Lang::Nl,
        conduct: None,
        year: 2026,
        folder: "x".into(),
        org: &item.loaded.organisation.organisation,
        items: vec![&item],
    };
    let src = sources(
        &Templates::builtin(crate::knowledge::Knowledge::builtin()).unwrap(),
        &group,
    )
    .unwrap();
    let escaped = crate::render::escape::markup(evil);
    for text in [&src.packet, &src.memo] {
        assert!(!text.contains(evil));
        assert!(!text.contains("]#panic(1)["));
        assert!(text.contains(&escaped));
        assert!(text.contains("\\]\\#panic(1)\\["));
    }
}

#[test]
fn a_complete_dpia_replaces_the_pre_dpia_and_notice_is_brief() {
    let outcome = examples();
    let (groups, _) = plan(&outcome, None);
    let mut seen = (false, false);
    for group in &groups {
        for item in &group.items {
            let c = &item.conclusions;
            let ask = context::decision(&item.loaded.activity, c).ask;
            let docs = context::contribution(c, ask);
            if ask == Ask::Notice {
                assert_eq!(docs, vec![(DocumentKind::PreDpia, true)]);
                seen.0 = true;
            } else if c.full_dpia.complete {
                assert_eq!(docs[0], (DocumentKind::Dpia, false));
                assert!(!docs.iter().any(|(k, _)| *k == DocumentKind::PreDpia));
                seen.1 = true;
            } else {
                assert_eq!(docs[0], (DocumentKind::PreDpia, false));
            }
        }
    }
    assert_eq!(seen, (true, true), "the examples show both cases");
}
