//! The yearly cycle: each render keeps a snapshot of an activity's answers and verdicts beside
//! its documents (`<output>/<year>/<organisation>/<id>/antwoorden.json`); the next year's render
//! reads it, compares its answers with it and the pre-DPIA lists what differs. A snapshot names
//! its organisation, so another school's answers in the same folder are never compared with.

use crate::model::Activity;
use crate::report::variant_name;
use crate::rules::Conclusions;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// File name of the snapshot inside an activity's output folder.
pub const FILE_NAME: &str = "antwoorden.json";

/// What one year's render recorded about an activity.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Snapshot {
    /// Year of the assessment.
    pub year: i32,
    /// Name of the organisation whose answers these are (absent in snapshots written before
    /// snapshots named it).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub organisation: Option<String>,
    /// The answers, as the questionnaire gave them (after validation).
    pub answers: Value,
    /// The conclusions a year-on-year reader cares about, by name.
    pub verdicts: BTreeMap<String, String>,
}

impl Snapshot {
    /// The snapshot of `activity` of `organisation` with its `conclusions`.
    pub fn new(activity: &Activity, organisation: &str, conclusions: &Conclusions) -> Snapshot {
        let mut verdicts = BTreeMap::new();
        verdicts.insert("dpia".to_string(), variant_name(&conclusions.dpia.verdict));
        verdicts.insert("advice".to_string(), variant_name(&conclusions.advice.kind));
        Snapshot {
            year: activity.assessment.year,
            organisation: Some(organisation.to_string()),
            answers: serde_json::to_value(activity).unwrap_or(Value::Null),
            verdicts,
        }
    }

    /// The snapshot as the bytes written to disk (stable key order, trailing newline).
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut bytes = serde_json::to_vec_pretty(self).unwrap_or_default();
        bytes.push(b'\n');
        bytes
    }
}

/// Where an activity's snapshot lies below the output folder `out`.
pub fn snapshot_path(out: &Path, year: i32, folder: &str, id: &str) -> PathBuf {
    crate::output::activity_dir(out, year, folder, id).join(FILE_NAME)
}

/// Last year's snapshot of the activity `id` of `year` in the organisation folder `folder`, as
/// bytes and read, when the output folder has one written for `organisation`.
pub fn previous(
    out: &Path,
    year: i32,
    folder: &str,
    organisation: &str,
    id: &str,
) -> Option<(Vec<u8>, Snapshot)> {
    let bytes = std::fs::read(snapshot_path(out, year - 1, folder, id)).ok()?;
    let snapshot: Snapshot = serde_json::from_slice(&bytes).ok()?;
    snapshot
        .organisation
        .as_deref()
        .is_none_or(|name| name == organisation)
        .then_some((bytes, snapshot))
}

/// What one activity's history gives its documents: last year's snapshot bytes (an input of
/// the documents), what changed since, and this year's snapshot bytes.
pub struct Year {
    /// Last year's snapshot, as written.
    pub previous: Option<Vec<u8>>,
    /// What differs from last year.
    pub changes: Option<Changes>,
    /// This year's snapshot, to write.
    pub snapshot: Vec<u8>,
}

impl Year {
    /// The history of `activity` with `conclusions`, against the snapshots below `out` in the
    /// folder `folder` of `organisation`.
    pub fn of(
        out: &Path,
        folder: &str,
        organisation: &str,
        activity: &Activity,
        conclusions: &Conclusions,
    ) -> Year {
        let now = Snapshot::new(activity, organisation, conclusions);
        let a = &activity.assessment;
        let previous = previous(out, a.year, folder, organisation, &a.id);
        Year {
            changes: previous.as_ref().map(|(_, before)| compare(before, &now)),
            previous: previous.map(|(bytes, _)| bytes),
            snapshot: now.to_bytes(),
        }
    }
}

/// Answers that only keep the books of an assessment (its date, next review, year, version,
/// id): they change every year and say nothing about the processing, so the comparison
/// leaves them out.
pub const BOOKKEEPING: &[&str] = &[
    "assessment.date",
    "assessment.review",
    "assessment.year",
    "assessment.version",
    "assessment.id",
    "version",
    "kind",
];

/// One answer that differs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Change {
    /// Field path, e.g. `subjects[0].count`.
    pub field: String,
    /// The name of the list item the field belongs to (a vendor's, a group's), when it has one.
    pub item: Option<String>,
    /// Last year's value (`—` when the answer did not exist).
    pub before: String,
    /// This year's value (`—` when the answer was removed).
    pub after: String,
}

/// Everything that differs from the previous year.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Changes {
    /// The year compared with.
    pub previous_year: i32,
    /// Answers that differ, in field order.
    pub answers: Vec<Change>,
    /// Verdicts that differ.
    pub verdicts: Vec<Change>,
}

/// Compares this year's snapshot with last year's.
pub fn compare(previous: &Snapshot, current: &Snapshot) -> Changes {
    let (mut before, mut after) = (BTreeMap::new(), BTreeMap::new());
    flatten("", &previous.answers, &mut before);
    flatten("", &current.answers, &mut after);
    for field in BOOKKEEPING {
        before.remove(*field);
        after.remove(*field);
    }
    let mut answers = diff(&before, &after);
    for change in &mut answers {
        change.item = item_name(&current.answers, &change.field)
            .or_else(|| item_name(&previous.answers, &change.field));
    }
    Changes {
        previous_year: previous.year,
        answers,
        verdicts: diff(&previous.verdicts, &current.verdicts),
    }
}

/// The name of the innermost list item `field` lies in, read from `answers`: its `name`,
/// `importer`, `event` or `action`, whichever it has first.
fn item_name(answers: &Value, field: &str) -> Option<String> {
    let end = field.rfind(']')?;
    let mut node = answers;
    for part in field[..=end].split('.') {
        let (key, indices) = part.split_once('[').unwrap_or((part, ""));
        if !key.is_empty() {
            node = node.get(key)?;
        }
        for index in indices.split('[').filter(|i| !i.is_empty()) {
            node = node.get(index.trim_end_matches(']').parse::<usize>().ok()?)?;
        }
    }
    ["name", "importer", "event", "action", "platform"]
        .iter()
        .find_map(|k| node.get(*k).and_then(Value::as_str))
        .map(str::to_string)
}

fn diff(before: &BTreeMap<String, String>, after: &BTreeMap<String, String>) -> Vec<Change> {
    let absent = || "—".to_string();
    let mut fields: Vec<&String> = before.keys().chain(after.keys()).collect();
    fields.sort_by_key(|f| natural(f));
    fields.dedup();
    fields
        .into_iter()
        .filter(|f| before.get(*f) != after.get(*f))
        .map(|f| Change {
            field: f.clone(),
            item: None,
            before: before.get(f).cloned().unwrap_or_else(absent),
            after: after.get(f).cloned().unwrap_or_else(absent),
        })
        .collect()
}

/// Sort key that puts `x[2]` before `x[10]`.
fn natural(field: &str) -> Vec<(String, u64)> {
    field
        .split('[')
        .map(|part| {
            let (num, rest) = part.split_once(']').unwrap_or(("", part));
            (rest.to_string(), num.parse().unwrap_or(0))
        })
        .collect()
}

fn flatten(prefix: &str, value: &Value, out: &mut BTreeMap<String, String>) {
    match value {
        Value::Object(map) => {
            for (k, v) in map {
                let path = if prefix.is_empty() {
                    k.clone()
                } else {
                    format!("{prefix}.{k}")
                };
                flatten(&path, v, out);
            }
        }
        Value::Array(items) if !items.is_empty() => {
            for (i, v) in items.iter().enumerate() {
                flatten(&format!("{prefix}[{i}]"), v, out);
            }
        }
        Value::Array(_) => {
            out.insert(prefix.to_string(), "[]".to_string());
        }
        Value::Null => {}
        Value::String(s) => {
            out.insert(prefix.to_string(), s.clone());
        }
        other => {
            out.insert(prefix.to_string(), other.to_string());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn snap(year: i32, answers: Value, dpia: &str) -> Snapshot {
        Snapshot {
            year,
            organisation: Some("School".to_string()),
            answers,
            verdicts: BTreeMap::from([("dpia".to_string(), dpia.to_string())]),
        }
    }

    #[test]
    fn lists_changed_added_and_removed_answers_and_verdicts() {
        let before = snap(
            2025,
            json!({"a": {"count": 10, "name": "x"}, "list": ["p", "q"], "gone": true}),
            "recommended",
        );
        let after = snap(
            2026,
            json!({"a": {"count": 12, "name": "x"}, "list": ["p", "q", "r"], "new": "n"}),
            "required",
        );
        let c = compare(&before, &after);
        assert_eq!(c.previous_year, 2025);
        let fields: Vec<_> = c.answers.iter().map(|c| c.field.as_str()).collect();
        assert_eq!(fields, ["a.count", "gone", "list[2]", "new"]);
        assert_eq!(c.answers[0].before, "10");
        assert_eq!(c.answers[0].after, "12");
        assert_eq!(c.answers[1].after, "—");
        assert_eq!(c.answers[3].before, "—");
        assert_eq!(c.verdicts.len(), 1);
        assert_eq!(c.verdicts[0].before, "recommended");
        assert_eq!(c.verdicts[0].after, "required");
    }

    #[test]
    fn identical_snapshots_have_no_changes() {
        let s = snap(2025, json!({"a": [1, 2, 3]}), "required");
        let c = compare(&s, &s);
        assert!(c.answers.is_empty() && c.verdicts.is_empty());
    }

    #[test]
    fn list_items_sort_numerically() {
        let before = snap(2025, json!({"l": (0..12).collect::<Vec<_>>()}), "x");
        let after = snap(2026, json!({"l": (1..13).collect::<Vec<_>>()}), "x");
        let fields: Vec<_> = compare(&before, &after)
            .answers
            .into_iter()
            .map(|c| c.field)
            .collect();
        assert_eq!(fields[1], "l[1]");
        assert_eq!(fields[2], "l[2]");
        assert_eq!(fields.last().map(String::as_str), Some("l[11]"));
    }

    #[test]
    fn another_organisations_snapshot_in_the_folder_is_not_last_year() {
        let out = tempfile::tempdir().unwrap();
        let path = snapshot_path(out.path(), 2025, "school", "x");
        crate::output::write_atomic(&path, &snap(2025, json!({}), "required").to_bytes()).unwrap();
        assert!(previous(out.path(), 2026, "school", "School", "x").is_some());
        assert!(previous(out.path(), 2026, "school", "Other school", "x").is_none());
        assert!(previous(out.path(), 2026, "other", "School", "x").is_none());
    }

    #[test]
    fn bookkeeping_is_left_out_and_list_items_are_named() {
        let before = snap(
            2025,
            json!({"assessment": {"date": "2025-10-01", "year": 2025},
                   "subjects": [{"name": "Leerlingen", "count": 10}]}),
            "required",
        );
        let after = snap(
            2026,
            json!({"assessment": {"date": "2026-10-01", "year": 2026},
                   "subjects": [{"name": "Leerlingen", "count": 12}]}),
            "required",
        );
        let c = compare(&before, &after);
        assert_eq!(c.answers.len(), 1, "{:?}", c.answers);
        assert_eq!(c.answers[0].field, "subjects[0].count");
        assert_eq!(c.answers[0].item.as_deref(), Some("Leerlingen"));
    }

    #[test]
    fn every_answer_of_the_examples_has_a_question_in_words() {
        let questions = &crate::knowledge::Knowledge::builtin().questions;
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("questionnaires");
        let outcome = crate::run::check(&[dir]).unwrap();
        for item in &outcome.valid {
            let mut fields = BTreeMap::new();
            flatten(
                "",
                &serde_json::to_value(&item.loaded.activity).unwrap(),
                &mut fields,
            );
            for field in fields.keys().filter(|f| !BOOKKEEPING.contains(&f.as_str())) {
                for lang in [crate::lang::Lang::Nl, crate::lang::Lang::En] {
                    assert!(
                        questions.label_near(field, lang).is_some(),
                        "{}: no question for {field}",
                        item.loaded.activity.assessment.id
                    );
                }
            }
        }
    }
}
