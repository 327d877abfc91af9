//! Snapshots of the Typst source generated for each example: a change in a template or a rule
//! shows up as a reviewable diff.

use dpiagen::lang::Lang;
use dpiagen::render::{DocumentKind, Templates};
use dpiagen::run;
use std::path::Path;

#[test]
fn generated_typst_for_each_example() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("questionnaires");
    let outcome = run::check(&[root]).expect("examples load");
    assert_eq!(outcome.errors(), 0);
    assert_eq!(outcome.valid.len(), 11);
    let templates =
        Templates::builtin(dpiagen::knowledge::Knowledge::builtin()).expect("templates parse");
    for item in &outcome.valid {
        let id = &item.loaded.activity.assessment.id;
        for kind in DocumentKind::for_activity(&item.conclusions) {
            let source = run::typst_source(&templates, item, kind).expect("renders");
            // The version line changes with every release; keep snapshots about content.
            let source = source.replace(env!("CARGO_PKG_VERSION"), "[version]");
            insta::assert_snapshot!(format!("{}-{id}", kind.name()), source);
        }
    }
}

#[test]
fn generated_typst_for_each_code_of_conduct() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("questionnaires");
    let outcome = run::check(&[root]).expect("examples load");
    assert_eq!(outcome.organisations.len(), 4);
    let templates =
        Templates::builtin(dpiagen::knowledge::Knowledge::builtin()).expect("templates parse");
    for org in &outcome.organisations {
        let source = run::conduct_source(&templates, &outcome, org).expect("renders");
        let source = source.replace(env!("CARGO_PKG_VERSION"), "[version]");
        insta::assert_snapshot!(format!("gedragscode-{}", org.id()), source);
    }
}

#[test]
fn generated_english_typst_for_each_example() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("questionnaires");
    let outcome = run::check(&[root]).expect("examples load");
    let templates =
        Templates::builtin(dpiagen::knowledge::Knowledge::builtin()).expect("templates parse");
    for item in &outcome.valid {
        let id = &item.loaded.activity.assessment.id;
        for kind in DocumentKind::for_activity(&item.conclusions) {
            let source =
                run::typst_source_with(&templates, item, kind, Lang::En, None).expect("renders");
            let source = source.replace(env!("CARGO_PKG_VERSION"), "[version]");
            insta::assert_snapshot!(format!("en-{}-{id}", kind.name()), source);
        }
    }
    for org in &outcome.organisations {
        let source =
            run::conduct_source_with(&templates, &outcome, org, Lang::En, None).expect("renders");
        let source = source.replace(env!("CARGO_PKG_VERSION"), "[version]");
        insta::assert_snapshot!(format!("en-gedragscode-{}", org.id()), source);
    }
}
