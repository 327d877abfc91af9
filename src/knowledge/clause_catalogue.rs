//! The clause catalogue (`data/clauses.yaml`, built into the binary): every clause an agreement
//! with a vendor must or should contain, per role, with its legal reference and a short
//! explanation in Dutch and English. Text lives in the data file, not in code.

use crate::model::Role;
use serde::{Deserialize, Serialize};

/// The text of a clause in one language.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct ClauseText {
    /// Short title.
    pub title: String,
    /// What the clause must say.
    pub explanation: String,
    /// What to do when the clause is missing or incomplete.
    pub action: String,
}

/// One clause of the catalogue.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Clause {
    /// Stable id, used in `vendors[].agreement.clauses[].id`.
    pub id: String,
    /// The roles it applies to.
    pub roles: Vec<Role>,
    /// Required by the AVG (or, for independent controllers, the AP's advice); `false` for what
    /// the education model or the EDPB guidelines add.
    pub mandatory: bool,
    /// Legal references, by id in `data/references.yaml`.
    pub references: Vec<String>,
    /// Dutch text.
    pub nl: ClauseText,
    /// English text.
    pub en: ClauseText,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ClausesFile {
    checked: String,
    sources: Vec<String>,
    clauses: Vec<Clause>,
}

/// The clause catalogue.
#[derive(Debug, Clone, Serialize)]
pub struct ClauseCatalogue {
    /// When the file was last checked against its sources.
    pub checked: String,
    /// The sources the clauses rest on, by id in `data/references.yaml`.
    pub sources: Vec<String>,
    /// Every clause, in the order of the file.
    pub clauses: Vec<Clause>,
}

impl ClauseCatalogue {
    /// Parses a catalogue file; ids must be unique and every clause must name a role and a
    /// reference.
    pub fn parse(text: &str) -> Result<ClauseCatalogue, String> {
        let f: ClausesFile = serde_saphyr::from_str(text).map_err(|e| e.to_string())?;
        for (i, c) in f.clauses.iter().enumerate() {
            if f.clauses[..i].iter().any(|d| d.id == c.id) {
                return Err(format!("clause id `{}` occurs twice", c.id));
            }
            if c.roles.is_empty() || c.references.is_empty() {
                return Err(format!("clause `{}` needs roles and a reference", c.id));
            }
        }
        Ok(ClauseCatalogue {
            checked: f.checked,
            sources: f.sources,
            clauses: f.clauses,
        })
    }

    /// The clauses an agreement with a vendor of `role` must or should contain, in order.
    pub fn for_role(&self, role: Role) -> impl Iterator<Item = &Clause> {
        self.clauses.iter().filter(move |c| c.roles.contains(&role))
    }

    /// The clause with id `id`.
    pub fn clause(&self, id: &str) -> Option<&Clause> {
        self.clauses.iter().find(|c| c.id == id)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn catalogue_loads_and_every_clause_has_reference_and_both_languages() {
        let cat = &crate::knowledge::Knowledge::builtin().clauses;
        assert!(!cat.checked.is_empty());
        for c in &cat.clauses {
            for r in &c.references {
                assert!(
                    crate::knowledge::Knowledge::builtin()
                        .references
                        .references
                        .contains_key(r),
                    "{}: unknown reference {r}",
                    c.id
                );
            }
            for t in [
                &c.nl.title,
                &c.nl.explanation,
                &c.nl.action,
                &c.en.title,
                &c.en.explanation,
                &c.en.action,
            ] {
                assert!(!t.trim().is_empty(), "{}: empty text", c.id);
            }
            assert!(
                c.id.bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-'),
                "{}: not a slug",
                c.id
            );
        }
    }

    #[test]
    fn every_role_gets_its_clauses() {
        let cat = &crate::knowledge::Knowledge::builtin().clauses;
        let ids = |r| cat.for_role(r).map(|c| c.id.as_str()).collect::<Vec<_>>();
        let p = ids(Role::Processor);
        // Art. 28(3): (a)–(h) and the opening sentence's subject matter, duration, nature,
        // purpose, data types and data-subject categories.
        for id in [
            "subject-duration",
            "nature-purpose",
            "data-types",
            "subject-categories",
            "instructions",
            "confidentiality",
            "security",
            "sub-processors",
            "data-subject-rights",
            "assist-32-36",
            "deletion-return",
            "audits-information",
            "privacy-label",
            "breach-notification",
            "school-control",
            "no-own-purposes",
            "processing-location",
        ] {
            assert!(p.contains(&id), "processor lacks {id}");
        }
        assert_eq!(p, ids(Role::SubProcessor));
        let j = ids(Role::JointController);
        for id in [
            "joint-responsibilities",
            "joint-requests",
            "joint-information",
            "joint-essence",
            "joint-contact-point",
        ] {
            assert!(j.contains(&id), "joint controller lacks {id}");
        }
        assert_eq!(
            ids(Role::IndependentController),
            [
                "controller-purposes",
                "controller-retention",
                "controller-rights"
            ]
        );
        assert!(cat.clause("sub-processors").is_some_and(|c| c.mandatory));
        assert!(cat.clause("privacy-label").is_some_and(|c| !c.mandatory));
    }

    #[test]
    fn duplicate_ids_missing_references_and_unknown_keys_are_refused() {
        let clause = "  - {id: a, roles: [processor], mandatory: true, references: [avg-28], nl: {title: t, explanation: e, action: a}, en: {title: t, explanation: e, action: a}}\n";
        let head = "checked: 2026-01-01\nsources: [avg-28]\nclauses:\n";
        assert!(ClauseCatalogue::parse(&format!("{head}{clause}")).is_ok());
        assert!(
            ClauseCatalogue::parse(&format!("{head}{clause}{clause}"))
                .is_err_and(|e| e.contains("twice"))
        );
        let unreferenced = clause.replace("references: [avg-28]", "references: []");
        assert!(
            ClauseCatalogue::parse(&format!("{head}{unreferenced}"))
                .is_err_and(|e| e.contains("reference"))
        );
        let extra = clause.replace("mandatory: true", "mandatory: true, extra: 1");
        assert!(ClauseCatalogue::parse(&format!("{head}{extra}")).is_err());
    }
}
