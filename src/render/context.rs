//! The values a document template sees: the answers, the conclusions, and a few prepared
//! strings (dates in words, country names, risk labels) in the document's language, so templates
//! stay simple.

use crate::knowledge::Knowledge;
use crate::knowledge::catalogue::Catalogue;
use crate::lang::Lang;
use crate::model::{Activity, Date, Organisation, RiskKind};
use crate::rules::Conclusions;
use crate::rules::risks::Level;
use serde::Serialize;
use std::collections::BTreeMap;

/// A risk prepared for tables and the heat map.
#[derive(Debug, Clone, Serialize)]
pub struct RiskRow {
    /// "R1", "R2", …
    pub label: String,
    /// The feared event.
    pub event: String,
    /// Kind of feared event.
    pub kind: RiskKind,
    /// Likelihood before measures.
    pub likelihood: u8,
    /// Severity before measures.
    pub severity: u8,
    /// Likelihood after measures.
    pub residual_likelihood: u8,
    /// Severity after measures.
    pub residual_severity: u8,
    /// Level before.
    pub before: Level,
    /// Level after.
    pub after: Level,
    /// Measures.
    pub measures: Vec<String>,
}

/// One date as the documents use it: its numbers for Typst's `datetime`, and its words.
#[derive(Debug, Clone, Serialize)]
pub struct DateView {
    /// Year.
    pub year: i32,
    /// Month.
    pub month: u8,
    /// Day of the month.
    pub day: u8,
    /// "1 november 2026" (or "1 November 2026" in English).
    pub words: String,
}

impl DateView {
    /// `d` in `lang`.
    pub fn new(d: Date, lang: Lang) -> DateView {
        DateView {
            year: d.year,
            month: d.month,
            day: d.day,
            words: lang.date(d),
        }
    }
}

/// A document's date and its review date, as the documents print them.
#[derive(Debug, Clone, Serialize)]
pub struct Dates {
    /// The document's date.
    #[serde(flatten)]
    pub date: DateView,
    /// The review date in words.
    pub review: String,
}

/// Name and version of this tool, printed in the colophon.
#[derive(Debug, Clone, Serialize)]
pub struct Tool {
    /// "dpiagen".
    pub name: &'static str,
    /// Cargo package version.
    pub version: &'static str,
}

/// Everything one document template sees.
#[derive(Debug, Clone, Serialize)]
pub struct DocumentContext<'a> {
    /// The organisation profile.
    pub org: &'a Organisation,
    /// The participation councils the documents address, each with its law.
    pub councils: Vec<crate::rules::councils::Body<'a>>,
    /// The laws that give those councils their say, each once.
    pub council_laws: Vec<crate::knowledge::references::Ref>,
    /// The activity's answers.
    pub a: &'a Activity,
    /// The derived conclusions.
    pub c: &'a Conclusions,
    /// Domain data.
    pub catalogue: &'a Catalogue,
    /// Risks, labelled.
    pub risks: Vec<RiskRow>,
    /// Alt text for the heat map before measures.
    pub risks_alt_before: String,
    /// Alt text for the heat map after measures.
    pub risks_alt_after: String,
    /// The language the document is written in (its templates come from `templates/<lang>/`).
    pub lang: Lang,
    /// Dates in words, in the document's language.
    pub dates: Dates,
    /// "Verenigde Staten (US)" (or "United States (US)") by code, for every country the answers
    /// name.
    pub country_names: BTreeMap<String, String>,
    /// This tool.
    pub tool: Tool,
    /// What differs from last year's answers, when the output folder holds last year's snapshot.
    pub changes: Option<&'a crate::history::Changes>,
    /// Formatted values of the transfer impact assessment; `None` without a transfer.
    pub dtia: Option<super::dtia::DtiaView>,
}

/// "1 november 2026".
pub fn date_nl(d: Date) -> String {
    Lang::Nl.date(d)
}

impl<'a> DocumentContext<'a> {
    /// Prepares the context for one activity, in the language of its organisation profile.
    pub fn new(
        org: &'a Organisation,
        a: &'a Activity,
        c: &'a Conclusions,
        knowledge: &'a Knowledge,
    ) -> Self {
        Self::in_lang(org, a, c, knowledge, org.language.unwrap_or_default())
    }

    /// Prepares the context for one activity, in `lang`.
    pub fn in_lang(
        org: &'a Organisation,
        a: &'a Activity,
        c: &'a Conclusions,
        knowledge: &'a Knowledge,
        lang: Lang,
    ) -> Self {
        let catalogue = &knowledge.catalogue;
        let risks: Vec<RiskRow> = a
            .risks
            .iter()
            .zip(&c.risks)
            .enumerate()
            .map(|(i, (r, l))| RiskRow {
                label: format!("R{}", i + 1),
                event: r.event.clone(),
                kind: r.kind,
                likelihood: r.likelihood.0,
                severity: r.severity.0,
                residual_likelihood: r.residual.likelihood.0,
                residual_severity: r.residual.severity.0,
                before: l.before,
                after: l.after,
                measures: r.measures.clone(),
            })
            .collect();
        let (likelihood, severity) = match lang {
            Lang::Nl => ("kans", "ernst"),
            Lang::En => ("likelihood", "severity"),
        };
        let alt = |f: fn(&RiskRow) -> (u8, u8)| {
            risks
                .iter()
                .map(|r| {
                    let (l, s) = f(r);
                    format!("{} {likelihood} {l}, {severity} {s}", r.label)
                })
                .collect::<Vec<_>>()
                .join("; ")
        };
        let risks_alt_before = alt(|r| (r.likelihood, r.severity));
        let risks_alt_after = alt(|r| (r.residual_likelihood, r.residual_severity));
        let codes = a
            .vendors
            .iter()
            .flat_map(|v| v.locations.iter())
            .chain(a.transfers.iter().map(|t| &t.country))
            .chain(
                a.transfers
                    .iter()
                    .flat_map(|t| t.sub_processors.iter().map(|s| &s.country)),
            );
        let country_names = codes
            .map(|code| (code.clone(), catalogue.country_name(code, lang)))
            .collect();
        let d = a.assessment.date;
        DocumentContext {
            org,
            councils: crate::rules::councils::of(org),
            council_laws: crate::rules::councils::laws(org),
            a,
            c,
            catalogue,
            risks,
            risks_alt_before,
            risks_alt_after,
            lang,
            dates: Dates {
                date: DateView::new(d, lang),
                review: lang.date(a.assessment.review),
            },
            country_names,
            tool: Tool {
                name: env!("CARGO_PKG_NAME"),
                version: env!("CARGO_PKG_VERSION"),
            },
            changes: None,
            dtia: c
                .dtia
                .as_ref()
                .map(|d| super::dtia::DtiaView::new(d, &knowledge.lawful_access, lang)),
        }
    }
}
