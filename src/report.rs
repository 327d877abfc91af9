//! The machine-readable report of `--json`: one JSON object on standard output, its shape
//! documented in `docs/report.schema.json` (and checked against it by the tests).

use crate::diagnostic::{Diagnostic, Severity};
use crate::run::{CheckOutcome, DocStatus, RenderOutcome};
use serde::Serialize;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// Version of the report's shape; raised when a field changes meaning or disappears.
pub const SCHEMA_VERSION: u32 = 1;

/// The whole report.
#[derive(Debug, Serialize)]
pub struct Report {
    /// Shape version.
    pub schema_version: u32,
    /// `dpiagen`'s version.
    pub version: &'static str,
    /// `check` or `render`.
    pub command: &'static str,
    /// The process's exit code (0 ok, 1 internal failure, 2 invalid input).
    pub exit_code: u8,
    /// Counts.
    pub summary: Summary,
    /// Every valid activity with its verdicts and (for `render`) its documents.
    pub activities: Vec<ActivityReport>,
    /// Every organisation with a code of conduct, and (for `render`) its documents.
    pub organisations: Vec<OrganisationReport>,
    /// Every diagnostic, errors and warnings, of every file.
    pub diagnostics: Vec<Diagnostic>,
}

/// Counts over the run.
#[derive(Debug, Default, Serialize)]
pub struct Summary {
    /// Valid activities.
    pub valid: usize,
    /// Files with at least one error.
    pub invalid: usize,
    /// Documents typeset and written.
    pub rendered: usize,
    /// Documents skipped because their inputs did not change.
    pub unchanged: usize,
    /// Documents whose template or typesetting failed.
    pub failed: usize,
    /// Documents not written: their organisation folder holds another organisation's.
    pub refused: usize,
    /// Valid activities left out by `--year` or `--shard`.
    pub skipped: usize,
    /// Warnings.
    pub warnings: usize,
    /// Errors.
    pub errors: usize,
}

/// One activity.
#[derive(Debug, Serialize)]
pub struct ActivityReport {
    /// The questionnaire file.
    pub file: PathBuf,
    /// Assessment id.
    pub assessment_id: String,
    /// Assessment year.
    pub year: i32,
    /// Title.
    pub title: String,
    /// Verdicts by name: `dpia` (required, recommended, not-required, not-required-justified),
    /// `advice` (use,
    /// use-with-measures, do-not-use) and, once the full DPIA's answers are complete,
    /// `dpia_decision` (start, start-with-measures, consult-ap, do-not-start).
    pub verdicts: BTreeMap<&'static str, String>,
    /// Number of blocking findings.
    pub blocking_findings: usize,
    /// Warnings about this questionnaire.
    pub warnings: Vec<Diagnostic>,
    /// Its documents (empty for `check`, or when left out by `--year`/`--shard`).
    pub documents: Vec<DocumentReport>,
}

/// One organisation's documents (the code of conduct).
#[derive(Debug, Serialize)]
pub struct OrganisationReport {
    /// The organisation profile.
    pub file: PathBuf,
    /// Organisation id.
    pub id: String,
    /// The year of its documents.
    pub year: i32,
    /// Blocking findings of its code of conduct.
    pub blocking_findings: usize,
    /// Its documents (empty for `check`).
    pub documents: Vec<DocumentReport>,
}

/// One document.
#[derive(Debug, Serialize)]
pub struct DocumentReport {
    /// Where it is.
    pub path: PathBuf,
    /// Kind, e.g. `pre-dpia`.
    pub kind: &'static str,
    /// rendered, unchanged or failed.
    pub status: DocStatus,
    /// Whether the file on disk changed.
    pub changed: bool,
    /// Why it failed.
    pub error: Option<String>,
}

/// The serialized name of a unit enum value, e.g. `required` or `do-not-use`.
pub fn variant_name<T: Serialize>(value: &T) -> String {
    match serde_json::to_value(value) {
        Ok(serde_json::Value::String(s)) => s,
        Ok(other) => other.to_string(),
        Err(_) => String::new(),
    }
}

/// Builds the report of a run.
pub fn build(
    command: &'static str,
    checked: &CheckOutcome,
    rendered: Option<&RenderOutcome>,
    exit_code: u8,
) -> Report {
    let warnings_of = |file: &Path| -> Vec<Diagnostic> {
        checked
            .diagnostics
            .iter()
            .filter(|d| d.severity == Severity::Warning && d.file == file)
            .cloned()
            .collect()
    };
    let documents_of = |file: &Path| -> Vec<DocumentReport> {
        rendered
            .map(|r| {
                r.documents
                    .iter()
                    .filter(|d| d.questionnaire == file)
                    .map(|d| DocumentReport {
                        path: d.path.clone(),
                        kind: d.kind,
                        status: d.status,
                        changed: d.changed,
                        error: d.error.clone(),
                    })
                    .collect()
            })
            .unwrap_or_default()
    };
    let activities: Vec<ActivityReport> = checked
        .valid
        .iter()
        .map(|item| {
            let a = &item.loaded.activity.assessment;
            let file = item.loaded.source.path.clone();
            let documents = documents_of(&file);
            ActivityReport {
                warnings: warnings_of(&file),
                file,
                assessment_id: a.id.clone(),
                year: a.year,
                title: a.title.clone(),
                verdicts: {
                    let c = &item.conclusions;
                    let mut v = BTreeMap::from([
                        ("dpia", variant_name(&c.dpia.verdict)),
                        ("advice", variant_name(&c.advice.kind)),
                    ]);
                    if c.full_dpia.complete {
                        v.insert("dpia_decision", variant_name(&c.full_dpia.decision));
                    }
                    v
                },
                blocking_findings: item.conclusions.advice.blocking,
                documents,
            }
        })
        .collect();
    let mut organisations: Vec<OrganisationReport> = checked
        .organisations
        .iter()
        .map(|o| OrganisationReport {
            file: o.loaded.source.path.clone(),
            id: o.id().to_string(),
            year: o.year,
            blocking_findings: o
                .conduct
                .findings
                .iter()
                .filter(|f| f.severity == crate::rules::Severity::Blocking)
                .count(),
            documents: documents_of(&o.loaded.source.path),
        })
        .collect();
    // Organisations whose only documents are the packet and the memo.
    for d in rendered.iter().flat_map(|r| &r.documents) {
        let known = activities.iter().any(|a| a.file == d.questionnaire)
            || organisations.iter().any(|o| o.file == d.questionnaire);
        if !known {
            organisations.push(OrganisationReport {
                file: d.questionnaire.clone(),
                id: d.assessment_id.clone(),
                year: d.year,
                blocking_findings: 0,
                documents: documents_of(&d.questionnaire),
            });
        }
    }
    let count = |s| {
        checked
            .diagnostics
            .iter()
            .filter(|d| d.severity == s)
            .count()
    };
    let mut invalid: Vec<&Path> = checked
        .diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .map(|d| d.file.as_path())
        .collect();
    invalid.sort();
    invalid.dedup();
    let summary = Summary {
        valid: checked.valid.len(),
        invalid: invalid.len(),
        rendered: rendered.map_or(0, |r| r.count(DocStatus::Rendered)),
        unchanged: rendered.map_or(0, |r| r.count(DocStatus::Unchanged)),
        failed: rendered.map_or(0, |r| r.count(DocStatus::Failed)),
        refused: rendered.map_or(0, |r| r.count(DocStatus::Refused)),
        skipped: rendered.map_or(0, |r| r.skipped),
        warnings: count(Severity::Warning),
        errors: count(Severity::Error) + rendered.map_or(0, |r| r.refused.len()),
    };
    Report {
        schema_version: SCHEMA_VERSION,
        version: env!("CARGO_PKG_VERSION"),
        command,
        exit_code,
        summary,
        activities,
        organisations,
        diagnostics: checked
            .diagnostics
            .iter()
            .chain(rendered.iter().flat_map(|r| &r.refused))
            .cloned()
            .collect(),
    }
}
