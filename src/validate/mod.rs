//! Stage 2, validate: checks on the typed answers that serde cannot make (ranges, dates in the
//! right order, answers that depend on each other), each located at its line in the file.
//!
//! Errors make the file unusable; warnings are printed and the documents still made. Checks
//! across the files of a run are in [`batch`].

pub mod batch;
pub mod dpia;
pub mod format;
pub mod register;
mod social_media;

pub use social_media::social_media;

use crate::diagnostic::{Diagnostic, Severity};
use crate::knowledge::Knowledge;
use crate::knowledge::catalogue::Catalogue;
use crate::knowledge::clause_catalogue::ClauseCatalogue;
use crate::load::locate::Node;
use crate::model::{
    Activity, AgreementStatus, DataKind, Date, Group, LegalBasis, Status, TransferTool, Vendor,
};
use std::cell::OnceCell;
use std::path::Path;

/// Collects problems for one file, locating each field path in its text.
pub(super) struct Checker<'a> {
    path: &'a Path,
    text: &'a str,
    /// The located tree, parsed when a problem needs it: a valid file is never parsed twice.
    tree: OnceCell<Option<Node>>,
    out: Vec<Diagnostic>,
}

impl<'a> Checker<'a> {
    fn new(path: &'a Path, text: &'a str) -> Self {
        Checker {
            path,
            text,
            tree: OnceCell::new(),
            out: Vec::new(),
        }
    }

    fn push(&mut self, severity: Severity, field: &str, message: String, help: &str) {
        // The first problem is looked up in the parser's events, up to its field (often the
        // only one, e.g. a `concept` status); from the second on, or for a field that is not
        // written, the tree is built once.
        let early = match (self.out.is_empty(), self.tree.get()) {
            (true, None) => crate::load::locate::find(self.text, field),
            _ => None,
        };
        let (line, col) = early.unwrap_or_else(|| {
            self.tree
                .get_or_init(|| Node::parse(self.text))
                .as_ref()
                .map_or((1, 1), |t| t.locate(field))
        });
        let mut d = Diagnostic::error(self.path, message)
            .field(field)
            .at(line, col);
        d.severity = severity;
        if !help.is_empty() {
            d = d.help(help);
        }
        self.out.push(d);
    }
    fn error(&mut self, field: &str, message: String, help: &str) {
        self.push(Severity::Error, field, message, help);
    }
    fn warn(&mut self, field: &str, message: String, help: &str) {
        self.push(Severity::Warning, field, message, help);
    }
}

/// Whether `s` is a valid id: lowercase letters, digits and hyphens, at most 64 characters.
pub fn is_slug(s: &str) -> bool {
    !s.is_empty()
        && s.len() <= 64
        && s.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        && !s.starts_with('-')
        && !s.ends_with('-')
}

/// Checks one activity; `text` is the file's YAML, used to locate fields.
pub fn activity(path: &Path, text: &str, a: &Activity, knowledge: &Knowledge) -> Vec<Diagnostic> {
    let catalogue = &knowledge.catalogue;
    let mut c = Checker::new(path, text);
    let m = &a.assessment;
    if a.kind != "activity" {
        c.error(
            "kind",
            format!("expected `activity`, found `{}`", a.kind),
            "",
        );
    }
    if !is_slug(&m.id) {
        c.error("assessment.id", format!("`{}` is not a valid id", m.id), "use lowercase letters, digits and hyphens, e.g. `instagram-schoolaccount` (it names the output folder)");
    }
    if !(2000..=2100).contains(&m.year) {
        c.error(
            "assessment.year",
            format!("{} is out of range", m.year),
            "a year from 2000 to 2100",
        );
    }
    if m.review <= m.date {
        c.error(
            "assessment.review",
            format!(
                "review date {} is not after the assessment date {}",
                m.review, m.date
            ),
            "the next review comes after this version's date",
        );
    }
    // A document reports only what happened by its own date: advice given later belongs in
    // a later version.
    if let Some(advice) = a.dpia.as_ref().and_then(|d| d.fg_advice.as_ref())
        && advice.date > m.date
    {
        c.error(
            "dpia.fg_advice.date",
            format!(
                "the FG's advice is dated {}, after this assessment's date {}",
                advice.date, m.date
            ),
            "a document cannot report advice given after its own date: set `assessment.date` to the day this version is issued (on or after the advice), or correct the advice's date",
        );
    }
    for field in [
        "assessment.title",
        "assessment.version",
        "processing.description",
    ] {
        let value = match field {
            "assessment.title" => &m.title,
            "assessment.version" => &m.version,
            _ => &a.processing.description,
        };
        if value.trim().is_empty() {
            c.error(field, "must not be empty".into(), "");
        }
    }
    if a.processing.purposes.is_empty() {
        c.error(
            "processing.purposes",
            "at least one purpose is needed".into(),
            "a purpose has `name` and `basis`",
        );
    }
    if a.subjects.is_empty() {
        c.error(
            "subjects",
            "at least one group of data subjects is needed".into(),
            "e.g. `- {group: pupils, ages: [4, 12], count: 420}`",
        );
    }
    for (i, s) in a.subjects.iter().enumerate() {
        if let Some([lo, hi]) = s.ages {
            if lo > hi {
                c.error(
                    &format!("subjects[{i}].ages"),
                    format!("youngest age {lo} is above oldest age {hi}"),
                    "write `[youngest, oldest]`",
                );
            }
            if hi > 120 {
                c.error(
                    &format!("subjects[{i}].ages"),
                    format!("age {hi} is out of range"),
                    "ages from 0 to 120",
                );
            }
        } else if s.group == Group::Pupils {
            c.warn(
                &format!("subjects[{i}]"),
                "pupils without `ages`: they are taken to be under 16".into(),
                "add `ages: [youngest, oldest]`",
            );
        }
        if s.count == 0 {
            c.error(
                &format!("subjects[{i}].count"),
                "count is 0".into(),
                "the approximate number of persons, at least 1",
            );
        }
    }
    if a.data.is_empty() {
        c.error(
            "data",
            "at least one category of personal data is needed".into(),
            "",
        );
    }
    for (i, d) in a.data.iter().enumerate() {
        match (d.kind, d.special) {
            (DataKind::Special, None) => c.error(&format!("data[{i}].special"), "missing: which special category (Art. 9 AVG)".into(), "one of racial-or-ethnic-origin, political-opinions, religious-beliefs, trade-union, genetic, biometric, health, sex-life"),
            (k, Some(_)) if k != DataKind::Special => c.error(&format!("data[{i}].special"), "only allowed with `kind: special`".into(), ""),
            _ => {}
        }
        if d.vendor_own_use.is_some() && d.kind != DataKind::Diagnostic {
            c.error(
                &format!("data[{i}].vendor_own_use"),
                "only allowed with `kind: diagnostic`".into(),
                "",
            );
        }
        if d.retention.trim().is_empty() {
            c.error(
                &format!("data[{i}].retention"),
                "must not be empty".into(),
                "how long the data is kept, e.g. `tot einde schooljaar`",
            );
        }
    }
    let consent_purpose = a
        .processing
        .purposes
        .iter()
        .position(|p| p.basis == LegalBasis::Consent);
    match (consent_purpose, &a.consent) {
        (Some(i), None) => c.error("consent", format!("missing: `processing.purposes[{i}].basis` is `consent`"), "describe how consent is asked: `from`, `informed_beforehand`, `covers_school_use`, `covers_platform_use`, `recorded_in`, `withdrawal`, `alternative`"),
        (None, Some(_)) => c.warn("consent", "no purpose has basis `consent`; these answers are not used".into(), ""),
        _ => {}
    }
    if let Some(consent) = &a.consent
        && consent.from.is_empty()
    {
        c.error(
            "consent.from",
            "nobody is asked".into(),
            "one or more of parents, pupils, staff",
        );
    }
    for (vi, v) in a.vendors.iter().enumerate() {
        if v.locations.is_empty() {
            c.error(
                &format!("vendors[{vi}].locations"),
                "no location given".into(),
                "the countries (ISO codes such as NL, IE, US) where data is stored or accessed",
            );
        }
        for (li, code) in v.locations.iter().enumerate() {
            check_country(
                &mut c,
                &format!("vendors[{vi}].locations[{li}]"),
                code,
                catalogue,
            );
        }
        check_clauses(&mut c, vi, v, &knowledge.clauses);
    }
    for (ti, t) in a.transfers.iter().enumerate() {
        check_country(
            &mut c,
            &format!("transfers[{ti}].country"),
            &t.country,
            catalogue,
        );
        if catalogue.in_eea(&t.country) {
            c.error(
                &format!("transfers[{ti}].country"),
                format!("`{}` is in the EEA: that is no transfer", t.country),
                "list only countries outside the EEA",
            );
        }
        if (t.tool == TransferTool::Dpf || t.tools.contains(&TransferTool::Dpf))
            && t.dpf_certified.is_none()
        {
            c.error(
                &format!("transfers[{ti}].dpf_certified"),
                "missing: is the importer certified under the Data Privacy Framework?".into(),
                "`true` or `false`",
            );
        }
        for (si, s) in t.sub_processors.iter().enumerate() {
            check_country(
                &mut c,
                &format!("transfers[{ti}].sub_processors[{si}].country"),
                &s.country,
                catalogue,
            );
        }
        let laws = &knowledge.lawful_access;
        for (si, s) in t
            .lawful_access
            .iter()
            .flat_map(|la| la.scenarios.iter())
            .enumerate()
        {
            if let Some(id) = &s.law
                && laws.law(id).is_none()
            {
                let known: Vec<&str> = laws.laws.iter().map(|l| l.id.as_str()).collect();
                c.warn(
                    &format!("transfers[{ti}].lawful_access.scenarios[{si}].law"),
                    format!("dpiagen does not know the law `{id}`"),
                    &format!("known laws: {}", known.join(", ")),
                );
            }
            if s.factors.is_empty() {
                c.error(
                    &format!("transfers[{ti}].lawful_access.scenarios[{si}].factors"),
                    "a scenario needs at least one factor".into(),
                    "list the conditions that must all be met, each with its probability",
                );
            }
        }
    }
    let mut seen = Vec::new();
    for (i, item) in a.ap_list.iter().enumerate() {
        if seen.contains(&item.item) {
            c.error(&format!("ap_list[{i}].item"), "listed twice".into(), "");
        }
        seen.push(item.item);
    }
    if a.risks.is_empty() {
        c.warn(
            "risks",
            "no risks described".into(),
            "a pre-DPIA names at least the risks of unlawful access, unwanted change and loss",
        );
    }
    c.out
}

fn check_country(c: &mut Checker<'_>, field: &str, code: &str, catalogue: &Catalogue) {
    let well_formed = code.len() == 2 && code.bytes().all(|b| b.is_ascii_uppercase());
    if !well_formed {
        c.error(
            field,
            format!("`{code}` is not a country code"),
            "two capital letters (ISO 3166-1 alpha-2), e.g. NL, IE, US",
        );
    } else if catalogue.country(code).is_none() {
        c.error(
            field,
            format!("`{code}` is not an ISO 3166-1 country code"),
            "two capital letters of ISO 3166-1 alpha-2, e.g. NL, IE, US, MY",
        );
    }
}

/// The yearly cycle's checks: a questionnaire still `concept`, or past its review date on
/// `today`, gets a warning; with `strict` an error (the pipeline then renders nothing for it).
pub fn lifecycle(
    path: &Path,
    text: &str,
    a: &Activity,
    today: Date,
    strict: bool,
) -> Vec<Diagnostic> {
    let mut c = Checker::new(path, text);
    let severity = if strict {
        Severity::Error
    } else {
        Severity::Warning
    };
    let m = &a.assessment;
    if m.status == Status::Concept {
        c.push(
            severity,
            "assessment.status",
            "this assessment is still `concept`".into(),
            "set `vastgesteld` once the board has adopted it",
        );
    }
    if m.review < today {
        c.push(
            severity,
            "assessment.review",
            format!("the review date {} has passed (today is {today})", m.review),
            "review the answers, then set the next review date (and a new version and date)",
        );
    }
    c.out
}

/// Today's date for the lifecycle checks: from `SOURCE_DATE_EPOCH` when set (reproducible
/// pipelines and tests), otherwise the system clock. Documents never print it.
pub fn today() -> Date {
    let secs = std::env::var("SOURCE_DATE_EPOCH")
        .ok()
        .and_then(|s| s.trim().parse::<i64>().ok())
        .unwrap_or_else(|| {
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(0, |d| d.as_secs() as i64)
        });
    civil_from_days(secs.div_euclid(86_400))
}

/// The proleptic Gregorian date `days` after 1970-01-01 (H. Hinnant's civil-from-days).
fn civil_from_days(days: i64) -> Date {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = (doy - (153 * mp + 2) / 5 + 1) as u8;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u8;
    let year = (yoe + era * 400 + i64::from(month <= 2)) as i32;
    Date { year, month, day }
}

/// The clause answers of vendor `vi`: each id from the catalogue, meant for the vendor's role,
/// answered once; answers without an agreement to check are not used.
fn check_clauses(c: &mut Checker<'_>, vi: usize, v: &Vendor, clauses: &ClauseCatalogue) {
    let for_role: Vec<&str> = clauses.for_role(v.role).map(|k| k.id.as_str()).collect();
    let no_contract = matches!(
        v.agreement.status,
        AgreementStatus::None | AgreementStatus::NotPossible
    );
    if no_contract && !v.agreement.clauses.is_empty() {
        c.warn(
            &format!("vendors[{vi}].agreement.clauses"),
            "there is no agreement, so these answers are not used: every clause counts as absent"
                .into(),
            "set `agreement.status` to `signed` or `in-negotiation` to check a contract clause by clause",
        );
    }
    for (ci, answer) in v.agreement.clauses.iter().enumerate() {
        let field = format!("vendors[{vi}].agreement.clauses[{ci}].id");
        let id = answer.id.as_str();
        if v.agreement.clauses[..ci].iter().any(|a| a.id == id) {
            c.error(&field, format!("clause `{id}` is answered twice"), "");
        } else if clauses.clause(id).is_none() {
            c.error(
                &field,
                format!("`{id}` is not a clause of the catalogue"),
                &format!("clauses for this role: {}", for_role.join(", ")),
            );
        } else if !for_role.contains(&id) {
            c.error(
                &field,
                format!("clause `{id}` does not apply to this vendor's role"),
                &format!("clauses for this role: {}", for_role.join(", ")),
            );
        }
    }
}

#[cfg(test)]
mod tests;
