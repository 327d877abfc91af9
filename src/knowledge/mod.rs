//! What dpiagen knows besides the answers: the built-in data sets of `data/`, each with the date
//! it was checked against its sources. Where a fact lives, it lives here:
//!
//! - [`catalogue`]: the nine WP248 criteria, the AP's DPIA list, countries (EEA, adequacy).
//! - [`clause_catalogue`]: the clauses an agreement with a vendor must contain, per role.
//! - [`lawful_access`]: third-country laws that reach importers, with their probabilities.
//! - [`platforms`]: platform facts (minimum age, what agreement a school can get).
//! - [`references`]: the legal references the rules cite, in Dutch and English.
//! - [`questions`]: the questions and fixed values behind the reasons, in words.
//! - [`dpia_model`]: the points of the Model DPIA Rijksdienst the full DPIA follows.
//!
//! [`Knowledge`] holds them all, parsed once at the top of a run and passed by reference to
//! validation, the rules and the templates.

pub mod catalogue;
pub mod clause_catalogue;
pub mod dpia_model;
pub mod lawful_access;
pub mod platforms;
pub mod questions;
pub mod references;

use catalogue::Catalogue;
use clause_catalogue::ClauseCatalogue;
use dpia_model::DpiaModel;
use lawful_access::LawfulAccessData;
use platforms::Platforms;
use questions::Questions;
use references::References;
use std::sync::OnceLock;

/// Every built-in data set.
#[derive(Debug, Clone)]
pub struct Knowledge {
    /// WP248, the AP list, countries.
    pub catalogue: Catalogue,
    /// The clause catalogue.
    pub clauses: ClauseCatalogue,
    /// Lawful-access data per country.
    pub lawful_access: LawfulAccessData,
    /// Platform facts.
    pub platforms: Platforms,
    /// Legal references.
    pub references: References,
    /// Field and value labels.
    pub questions: Questions,
    /// The Model DPIA Rijksdienst's parts and points.
    pub dpia_model: DpiaModel,
}

impl Knowledge {
    /// The data sets built into the binary, parsed on first use (side by side, on all cores)
    /// and kept for the rest of the process.
    pub fn builtin() -> &'static Knowledge {
        static KNOWLEDGE: OnceLock<Knowledge> = OnceLock::new();
        KNOWLEDGE.get_or_init(|| {
            Knowledge::parse_builtin()
                .expect("the built-in data files are valid (checked by tests)")
        })
    }

    fn parse_builtin() -> Result<Knowledge, String> {
        let ((catalogue, clauses), (lawful_access, (platforms, (references, questions)))) =
            rayon::join(
                || {
                    rayon::join(
                        || {
                            Catalogue::parse(
                                include_str!("../../data/wp248.yaml"),
                                include_str!("../../data/ap-list.yaml"),
                                include_str!("../../data/countries.yaml"),
                            )
                            .map_err(|e| format!("data/wp248, ap-list or countries: {e}"))
                        },
                        || ClauseCatalogue::parse(include_str!("../../data/clauses.yaml")),
                    )
                },
                || {
                    rayon::join(
                        || {
                            LawfulAccessData::parse(include_str!("../../data/lawful-access.yaml"))
                                .map_err(|e| format!("data/lawful-access.yaml: {e}"))
                        },
                        || {
                            rayon::join(
                                || {
                                    Platforms::parse(include_str!("../../data/platforms.yaml"))
                                        .map_err(|e| format!("data/platforms.yaml: {e}"))
                                },
                                || {
                                    rayon::join(
                                        || {
                                            References::parse(include_str!(
                                                "../../data/references.yaml"
                                            ))
                                        },
                                        || {
                                            Questions::parse(include_str!(
                                                "../../data/questions.yaml"
                                            ))
                                        },
                                    )
                                },
                            )
                        },
                    )
                },
            );
        Ok(Knowledge {
            catalogue: catalogue?,
            clauses: clauses?,
            lawful_access: lawful_access?,
            platforms: platforms?,
            references: references?,
            questions: questions?,
            dpia_model: DpiaModel::parse(include_str!("../../data/dpia-model.yaml"))?,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_built_in_data_file_parses() {
        let k = Knowledge::parse_builtin().expect("valid");
        assert!(!k.catalogue.criteria.is_empty());
        assert!(!k.clauses.clauses.is_empty());
        assert!(!k.platforms.platforms.is_empty());
        assert!(!k.references.references.is_empty());
    }
}
