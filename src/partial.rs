//! Checks on a half-answered questionnaire: the problems its given answers already decide,
//! while open answers (`<vul in>`, see [`crate::open`]) remain.
//!
//! 1. Every open answer is filled in with a value its field allows, in several variants that
//!    take different values (true and false, the lowest and highest number, an early and a late
//!    date, each choice in turn, distinct texts).
//! 2. Each variant is parsed and validated as a whole file would be.
//! 3. What every variant reports alike (same severity, field and message) does not depend on
//!    any open answer and is reported, located in the real text; the rest is left until the
//!    open answers are given.
//!
//! `check` adds these to a file's open answers; `interview` shows, after each answer, what that
//! answer made newly wrong.

use crate::diagnostic::Diagnostic;
use crate::init::skeleton::quote;
use crate::interview::expect::Shape;
use crate::knowledge::Knowledge;
use crate::load::FileKind;
use crate::load::locate::Node;
use crate::load::yaml;
use crate::model::{Activity, Organisation};
use std::path::Path;

/// The problems of `text` (a questionnaire of `kind` at `path`) that do not depend on any open
/// answer. With no open answer, all problems of the file's own checks.
pub fn diagnostics(
    path: &Path,
    text: &str,
    kind: FileKind,
    knowledge: &Knowledge,
) -> Vec<Diagnostic> {
    let questions = crate::interview::questions(text, kind);
    let variants = questions
        .iter()
        .map(|q| match &q.expect.shape {
            Shape::Choice(values) => values.len(),
            _ => 2,
        })
        .max()
        .unwrap_or(1)
        .max(2);
    let mut common: Option<Vec<Diagnostic>> = None;
    for k in 0..variants {
        // Replaced from the end, so the spans before stay where they are.
        let mut filled = text.to_string();
        for q in questions.iter().rev() {
            filled = crate::open::replace(&filled, &q.open, &value(&q.expect.shape, k));
        }
        let found = check(path, &filled, kind, knowledge);
        common = Some(match common {
            None => found,
            Some(before) => before
                .into_iter()
                .filter(|d| found.iter().any(|f| same(d, f)))
                .collect(),
        });
    }
    let open_fields: Vec<&str> = questions.iter().map(|q| q.open.field.as_str()).collect();
    let tree = Node::parse(text);
    common
        .unwrap_or_default()
        .into_iter()
        .filter(|d| {
            !d.field.as_deref().is_some_and(|f| {
                open_fields
                    .iter()
                    .any(|o| f == *o || f.starts_with(&format!("{o}.")))
            })
        })
        .map(|mut d| {
            if let (Some(field), Some(tree)) = (&d.field, &tree) {
                let (line, column) = tree.locate(field);
                d.line = Some(line);
                d.column = Some(column);
            }
            d
        })
        .collect()
}

/// Whether two diagnostics say the same about the same field.
pub fn same(a: &Diagnostic, b: &Diagnostic) -> bool {
    a.severity == b.severity && a.field == b.field && a.message == b.message
}

/// The `k`-th stand-in value of a field of `shape`, as a YAML scalar.
fn value(shape: &Shape, k: usize) -> String {
    let even = k.is_multiple_of(2);
    match shape {
        Shape::Boolean => even.to_string(),
        Shape::Integer { min, max } => if even {
            min.unwrap_or(0)
        } else {
            max.unwrap_or(1_000_000)
        }
        .to_string(),
        Shape::Date => if even { "2000-01-01" } else { "2099-12-31" }.to_string(),
        Shape::Choice(values) => values
            .get(k % values.len().max(1))
            .map_or_else(|| quote(&format!("x{k}")), |(v, _)| quote(v)),
        Shape::Slug => format!("x{k}"),
        Shape::Text => quote(&format!("x{k}")),
    }
}

/// The file's own checks: parsing, then the checks of its kind.
fn check(path: &Path, text: &str, kind: FileKind, knowledge: &Knowledge) -> Vec<Diagnostic> {
    match kind {
        FileKind::Activity => match yaml::parse::<Activity>(path, text) {
            Ok(a) => crate::validate::activity(path, text, &a, knowledge),
            Err(d) => vec![d],
        },
        FileKind::Organisation => match yaml::parse::<Organisation>(path, text) {
            Ok(o) => crate::validate::social_media(path, text, &o, &knowledge.platforms),
            Err(d) => vec![d],
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const ACTIVITY: &str =
        include_str!("../questionnaires/obs-de-regenboog/instagram-schoolaccount.yaml");

    fn open(text: &str, line: &str) -> String {
        let (key, _) = line.trim().split_once(':').unwrap();
        assert_eq!(text.matches(line).count(), 1, "{line}");
        text.replacen(
            line,
            &line.replacen(line.trim(), &format!("{key}: <vul in>"), 1),
            1,
        )
    }

    fn review_before_date(text: &str) -> String {
        let date = text.lines().find(|l| l.starts_with("  date:")).unwrap();
        text.replacen(
            text.lines().find(|l| l.starts_with("  review:")).unwrap(),
            &date.replace("date", "review"),
            1,
        )
    }

    #[test]
    fn a_check_the_given_answers_decide_is_reported_with_open_answers_left() {
        let text = open(&review_before_date(ACTIVITY), "    dpf_certified: true\n");
        let found = diagnostics(
            Path::new("a.yaml"),
            &text,
            FileKind::Activity,
            crate::knowledge::Knowledge::builtin(),
        );
        assert!(
            found
                .iter()
                .any(|d| d.field.as_deref() == Some("assessment.review")
                    && d.message.contains("is not after")),
            "{found:#?}"
        );
        let line = text
            .lines()
            .position(|l| l.starts_with("  review:"))
            .unwrap()
            + 1;
        assert!(found.iter().all(|d| d.line == Some(line)), "{found:#?}");
    }

    #[test]
    fn a_check_that_depends_on_an_open_answer_waits_for_it() {
        // The review date is open: whether it comes after the date is not known yet.
        let text = review_before_date(ACTIVITY);
        let review = text.lines().find(|l| l.starts_with("  review:")).unwrap();
        let text = open(&text, &format!("{review}\n"));
        let found = diagnostics(
            Path::new("a.yaml"),
            &text,
            FileKind::Activity,
            crate::knowledge::Knowledge::builtin(),
        );
        assert!(found.is_empty(), "{found:#?}");
        // Nor does an open consent answer produce a verdict on consent.
        let text = open(ACTIVITY, "  covers_platform_use: false\n");
        let found = diagnostics(
            Path::new("a.yaml"),
            &text,
            FileKind::Activity,
            crate::knowledge::Knowledge::builtin(),
        );
        assert!(found.is_empty(), "{found:#?}");
    }
}
