//! The register as a table of words: one row per activity, one column per element of
//! Art. 30(1) AVG (and what the board and the auditor look up beside it). The spreadsheet, the
//! CSV file and the PDF all print this one table, so the three never differ.
//!
//! Fixed values (a legal basis, a role, a transfer tool) are worded by the language's label
//! file (`<lang>/labels.yaml`), the headings and joining words by its `register` labels.

use crate::lang::Lang;
use crate::model::{Activity, DataKind, Organisation, Person};
use crate::render::{DocumentKind, Templates};
use crate::rules::Conclusions;
use serde::Serialize;

/// The columns, in their order. The letter in a heading names the element of Art. 30(1).
pub const COLUMNS: [&str; 13] = [
    "activity",
    "controller",
    "purposes",
    "basis",
    "subjects",
    "data",
    "recipients",
    "transfers",
    "retention",
    "security",
    "dpia",
    "review",
    "documents",
];

/// The register of one organisation in one year.
#[derive(Debug, Clone, Serialize)]
pub struct Table {
    /// The column headings, in [`COLUMNS`] order.
    pub headings: Vec<String>,
    /// The controller and its contacts: the same in every row (column `controller`).
    pub controller: Vec<String>,
    /// One row per activity, by assessment id.
    pub rows: Vec<Row>,
}

/// One activity's row.
#[derive(Debug, Clone, Serialize)]
pub struct Row {
    /// The assessment id (the activity's output folder).
    pub id: String,
    /// The cells, in [`COLUMNS`] order; each cell is one or more lines.
    pub cells: Vec<Vec<String>>,
    /// The documents of the activity.
    pub documents: Vec<DocumentLink>,
}

/// A document of an activity, as the register names it.
#[derive(Debug, Clone, Serialize)]
pub struct DocumentLink {
    /// Its name, e.g. "pre-DPIA".
    pub name: String,
    /// Its path relative to the register's folder, e.g. `instagram-schoolaccount/pre-dpia.pdf`.
    pub path: String,
}

impl Row {
    /// The cell of column `key`.
    pub fn cell(&self, key: &str) -> &[String] {
        let i = COLUMNS
            .iter()
            .position(|c| *c == key)
            .expect("a register column");
        &self.cells[i]
    }
}

/// What a row is made from.
pub struct Source<'a> {
    /// The activity's answers.
    pub activity: &'a Activity,
    /// Its conclusions.
    pub conclusions: &'a Conclusions,
}

/// Words the register of `org` in `lang`.
pub fn table(templates: &Templates, org: &Organisation, sources: &[Source], lang: Lang) -> Table {
    let words = Words {
        templates,
        lang,
        sector: org.sector,
    };
    let controller = vec![
        format!("{} ({})", org.board, org.name),
        format!(
            "{}: {}",
            words.register("contact"),
            person(&org.privacy_officer)
        ),
        format!("{}: {}", words.register("fg"), person(&org.fg)),
    ];
    Table {
        headings: COLUMNS.iter().map(|c| words.register(c)).collect(),
        rows: sources
            .iter()
            .map(|s| row(&words, &controller, s))
            .collect(),
        controller,
    }
}

/// The labels of one language.
struct Words<'a> {
    templates: &'a Templates,
    lang: Lang,
    /// The organisation's sector: pupils or students.
    sector: crate::model::Sector,
}

impl Words<'_> {
    /// The label of `value` (an answer's fixed value) among the labels of `kind`.
    fn label(&self, kind: &str, value: impl Serialize) -> String {
        let key = serde_json::to_value(value)
            .ok()
            .and_then(|v| v.as_str().map(str::to_string))
            .unwrap_or_default();
        self.templates
            .label(self.lang, self.sector, kind, &key)
            .map_or(key, str::to_string)
    }

    /// A heading or joining word of the register.
    fn register(&self, key: &str) -> String {
        self.label("register", key)
    }

    fn country(&self, code: &str) -> String {
        self.templates
            .knowledge()
            .catalogue
            .country_name(code, self.lang)
    }
}

/// "Name, role, e-mail" of a person, leaving out what the profile does not give.
fn person(p: &Person) -> String {
    [Some(p.name.as_str()), p.role.as_deref(), p.email.as_deref()]
        .into_iter()
        .flatten()
        .filter(|s| !s.trim().is_empty())
        .collect::<Vec<_>>()
        .join(", ")
}

fn row(w: &Words, controller: &[String], s: &Source) -> Row {
    let a = s.activity;
    let c = s.conclusions;
    let catalogue = &w.templates.knowledge().catalogue;
    let purposes = a
        .processing
        .purposes
        .iter()
        .map(|p| p.name.clone())
        .collect();
    let basis = a
        .processing
        .purposes
        .iter()
        .map(|p| format!("{}: {}", p.name, w.label("basis", p.basis)))
        .collect();
    let subjects = a
        .subjects
        .iter()
        .map(|g| {
            let name = g.name.clone().unwrap_or_else(|| w.label("group", g.group));
            let ages = g
                .ages
                .map(|[lo, hi]| format!(" ({lo}–{hi} {})", w.register("years")))
                .unwrap_or_default();
            format!("{name}{ages}: {}", g.count)
        })
        .collect();
    let data = a
        .data
        .iter()
        .map(|d| match (d.kind, d.special) {
            (DataKind::Ordinary, _) => d.category.clone(),
            (DataKind::Special, Some(sp)) => format!(
                "{} ({}: {})",
                d.category,
                w.label("data_kind", d.kind),
                w.label("special", sp)
            ),
            (kind, _) => format!("{} ({})", d.category, w.label("data_kind", kind)),
        })
        .collect();
    let recipients: Vec<String> = a
        .vendors
        .iter()
        .map(|v| {
            let product = v
                .product
                .as_deref()
                .map(|p| format!(" ({p})"))
                .unwrap_or_default();
            let places: Vec<String> = v.locations.iter().map(|l| w.country(l)).collect();
            format!(
                "{}{product}: {}; {}",
                v.name,
                w.label("role", v.role),
                places.join(", ")
            )
        })
        .collect();
    let mut transfers: Vec<String> = a
        .transfers
        .iter()
        .map(|t| {
            // Every tool agreed for the importer, the first one first (Art. 30(1)(e) AVG
            // asks for the safeguards).
            let tools: Vec<String> = crate::rules::transfers::tools_of(0, t)
                .into_iter()
                .map(|(_, x)| w.label("transfer_tool", x))
                .collect();
            format!(
                "{}: {}, {}",
                w.country(&t.country),
                t.importer,
                tools.join("; ")
            )
        })
        .collect();
    for v in &a.vendors {
        for l in &v.locations {
            if !catalogue.in_eea(l) && !a.transfers.iter().any(|t| &t.country == l) {
                transfers.push(format!(
                    "{}: {}, {}",
                    w.country(l),
                    v.name,
                    w.register("safeguard-missing")
                ));
            }
        }
    }
    let retention = a
        .data
        .iter()
        .map(|d| format!("{}: {}", d.category, d.retention))
        .collect();
    let mut security: Vec<String> = Vec::new();
    for m in a.risks.iter().flat_map(|r| &r.measures) {
        if !security.iter().any(|s| s == m) {
            security.push(m.clone());
        }
    }
    let documents: Vec<DocumentLink> = DocumentKind::for_activity(c)
        .into_iter()
        .map(|kind| {
            let name = match kind {
                DocumentKind::Verwerkersovereenkomst => {
                    w.label("agreement_document", c.clauses.document)
                }
                other => w.label("document", other.name()),
            };
            DocumentLink {
                name,
                path: format!("{}/{}.pdf", a.assessment.id, kind.name()),
            }
        })
        .collect();
    let cells = vec![
        vec![a.assessment.title.clone()],
        controller.to_vec(),
        purposes,
        basis,
        subjects,
        data,
        or(recipients, w.register("no-recipients")),
        or(transfers, w.register("no-transfers")),
        retention,
        or(security, w.register("not-described")),
        vec![
            w.label("dpia_verdict", c.dpia.verdict),
            format!(
                "{}: {}",
                w.register("advice"),
                w.label("advice", c.advice.kind)
            ),
        ],
        vec![w.lang.date(a.assessment.review)],
        documents
            .iter()
            .map(|d| format!("{}: {}", d.name, d.path))
            .collect(),
    ];
    Row {
        id: a.assessment.id.clone(),
        cells,
        documents,
    }
}

/// `lines`, or the one line `none` when there are none: a register cell is never blank.
fn or(lines: Vec<String>, none: String) -> Vec<String> {
    if lines.is_empty() { vec![none] } else { lines }
}
