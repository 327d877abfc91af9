//! Domain data of the transfer impact assessment, read from `data/lawful-access.yaml` (built
//! into the binary): which foreign laws reach which kind of importer, and the default period
//! and threshold of the quantified lawful-access assessment. These facts change; the file
//! carries the date they were last checked and the DTIA prints it.

use crate::model::ImporterKind;
use serde::{Deserialize, Serialize};

/// How a law reaches the data.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Channel {
    /// An order to the importer to hand the data over.
    Provider,
    /// Interception while the data is on its way.
    Transit,
}

/// One foreign law that lets authorities reach transferred data.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Law {
    /// Id used in `lawful_access.scenarios[].law`.
    pub id: String,
    /// Country (ISO code).
    pub country: String,
    /// Name with its citation.
    pub name: String,
    /// How it reaches the data.
    pub channel: Channel,
    /// Kinds of importer it can reach.
    pub applies_to: Vec<ImporterKind>,
    /// What it allows, in Dutch.
    pub nl: String,
    /// What it allows, in English.
    pub en: String,
    /// What to check at the next re-evaluation, in Dutch.
    pub watch: String,
    /// What to check at the next re-evaluation, in English.
    pub watch_en: String,
    /// Where the entry was checked: a URL or an official citation.
    #[serde(default)]
    pub source: String,
    /// False when the exact provision or its reach could not be verified against a source;
    /// such an entry is a lead for the school's own assessment, not a checked fact.
    #[serde(default = "confirmed_default")]
    pub confirmed: bool,
}

fn confirmed_default() -> bool {
    true
}

/// The data file.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct LawfulAccessData {
    /// When the file was last checked against its sources.
    pub checked: String,
    /// Sources.
    pub source: String,
    /// Assessment period when a questionnaire gives none.
    pub default_period_years: u8,
    /// Threshold when a questionnaire gives none.
    pub default_threshold: f64,
    /// Where the default threshold comes from (Dutch).
    pub threshold_source: String,
    /// Where the default threshold comes from (English).
    pub threshold_source_en: String,
    /// The laws.
    pub laws: Vec<Law>,
    /// What to check for DPF transfers, in Dutch.
    pub dpf_watch: String,
    /// What to check for DPF transfers, in English.
    pub dpf_watch_en: String,
}

impl LawfulAccessData {
    /// Parses the data file.
    pub fn parse(text: &str) -> Result<LawfulAccessData, serde_saphyr::Error> {
        serde_saphyr::from_str(text)
    }

    /// The law with id `id`.
    pub fn law(&self, id: &str) -> Option<&Law> {
        self.laws.iter().find(|l| l.id == id)
    }

    /// The laws of `country` that can reach an importer of `kind`.
    pub fn laws_for<'a>(
        &'a self,
        country: &'a str,
        kind: ImporterKind,
    ) -> impl Iterator<Item = &'a Law> + 'a {
        self.laws
            .iter()
            .filter(move |l| l.country == country && l.applies_to.contains(&kind))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::knowledge::catalogue::Adequacy;

    #[test]
    fn builtin_data_is_consistent() {
        let d = &crate::knowledge::Knowledge::builtin().lawful_access;
        assert!(d.default_threshold > 0.0 && d.default_threshold < 1.0);
        assert_eq!(d.default_period_years, 5);
        assert!(d.law("fisa-702").is_some() && d.law("cloud-act").is_some());
        let us: Vec<&str> = d
            .laws_for("US", ImporterKind::CommunicationService)
            .map(|l| l.id.as_str())
            .collect();
        assert_eq!(us, ["fisa-702", "cloud-act", "eo-12333"]);
        let other: Vec<&str> = d
            .laws_for("US", ImporterKind::Other)
            .map(|l| l.id.as_str())
            .collect();
        assert_eq!(other, ["eo-12333"]);
        assert_eq!(d.laws_for("BR", ImporterKind::Unknown).count(), 0);
    }

    /// Every law cites its source, names a known country and says what it allows and what
    /// to check in both languages; the countries schools' vendors use most are covered.
    #[test]
    fn every_law_is_sourced_and_complete() {
        let k = crate::knowledge::Knowledge::builtin();
        let d = &k.lawful_access;
        let mut ids = std::collections::HashSet::new();
        for l in &d.laws {
            assert!(ids.insert(l.id.as_str()), "duplicate id {}", l.id);
            assert!(!l.source.trim().is_empty(), "{}: no source", l.id);
            assert!(
                k.catalogue.country(&l.country).is_some(),
                "{}: unknown country {}",
                l.id,
                l.country
            );
            for (field, text) in [
                ("name", &l.name),
                ("nl", &l.nl),
                ("en", &l.en),
                ("watch", &l.watch),
                ("watch_en", &l.watch_en),
            ] {
                assert!(!text.trim().is_empty(), "{}: empty {field}", l.id);
            }
            assert!(!l.applies_to.is_empty(), "{}: reaches no importer", l.id);
            // An unknown importer is treated as a communication service.
            if l.applies_to.contains(&ImporterKind::CommunicationService) {
                assert!(l.applies_to.contains(&ImporterKind::Unknown), "{}", l.id);
            }
        }
        // Where an adequacy decision covers the country, what to check includes that decision.
        for l in &d.laws {
            let adequate = k.catalogue.country(&l.country).and_then(|c| c.adequacy);
            if matches!(adequate, Some(Adequacy::Full | Adequacy::Partial)) {
                assert!(
                    l.watch.to_lowercase().contains("adequaatheidsbesluit"),
                    "{}",
                    l.id
                );
                assert!(
                    l.watch_en.to_lowercase().contains("adequacy decision"),
                    "{}",
                    l.id
                );
            }
        }
        for country in ["GB", "CH", "CA", "IN", "SG", "MY", "CN", "IL", "JP", "KR"] {
            assert!(
                d.laws_for(country, ImporterKind::Unknown).next().is_some(),
                "no law reaches an unknown importer in {country}"
            );
        }
    }
}
