//! Domain data the rules and documents need, read from `data/*.yaml` (built into the binary):
//! the WP248 criteria, the AP list, and which countries are in the EEA or have an adequacy
//! decision. Volatile facts live there, with the date they were last checked, not in code.

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// One WP248 criterion.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Criterion {
    /// Field name in `criteria:`.
    pub id: String,
    /// Number 1–9.
    pub number: u8,
    /// Dutch name.
    pub nl: String,
    /// English name.
    pub en: String,
}

/// One item of the AP list.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct ApItemInfo {
    /// Value used in `ap_list[].item`.
    pub id: String,
    /// Number 1–17.
    pub number: u8,
    /// WP248 criteria the AP relies on.
    pub wp248: Vec<u8>,
    /// Triggers a DPIA only together with at least one WP248 criterion (EDPB Opinion 16/2018).
    pub needs_one_more: bool,
    /// Dutch name.
    pub nl: String,
    /// English name.
    pub en: String,
}

/// Adequacy status of a third country.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Adequacy {
    /// A full adequacy decision.
    Full,
    /// An adequacy decision for part of the importers (e.g. Canada's commercial organisations).
    Partial,
    /// Only importers certified under the EU-US Data Privacy Framework.
    DpfOnly,
}

/// What dpiagen knows of a country.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Country {
    /// Dutch name.
    pub nl: String,
    /// English name.
    pub en: String,
    /// In the EEA.
    #[serde(default)]
    pub eea: bool,
    /// Adequacy decision, if any.
    #[serde(default)]
    pub adequacy: Option<Adequacy>,
}

#[derive(Deserialize)]
struct Wp248File {
    checked: String,
    #[allow(dead_code)]
    source: String,
    criteria: Vec<Criterion>,
}

#[derive(Deserialize)]
struct ApFile {
    checked: String,
    #[allow(dead_code)]
    source: String,
    items: Vec<ApItemInfo>,
}

#[derive(Deserialize)]
struct CountriesFile {
    checked: String,
    #[allow(dead_code)]
    source: String,
    countries: BTreeMap<String, Country>,
}

/// All domain data, parsed once.
#[derive(Debug, Clone, Serialize)]
pub struct Catalogue {
    /// The nine WP248 criteria, in order.
    pub criteria: Vec<Criterion>,
    /// The seventeen AP-list items, in order.
    pub ap_items: Vec<ApItemInfo>,
    /// Countries by ISO code.
    pub countries: BTreeMap<String, Country>,
    /// When each data file was last checked against its sources.
    pub checked: BTreeMap<String, String>,
}

impl Catalogue {
    /// Parses the three data files.
    pub fn parse(wp248: &str, ap: &str, countries: &str) -> Result<Catalogue, serde_saphyr::Error> {
        let w: Wp248File = serde_saphyr::from_str(wp248)?;
        let a: ApFile = serde_saphyr::from_str(ap)?;
        let c: CountriesFile = serde_saphyr::from_str(countries)?;
        let checked = BTreeMap::from([
            ("wp248".to_string(), w.checked),
            ("ap_list".to_string(), a.checked),
            ("countries".to_string(), c.checked),
        ]);
        Ok(Catalogue {
            criteria: w.criteria,
            ap_items: a.items,
            countries: c.countries,
            checked,
        })
    }

    /// The country with ISO code `code`, if known.
    pub fn country(&self, code: &str) -> Option<&Country> {
        self.countries.get(code)
    }

    /// Whether `code` is in the EEA (unknown codes are not).
    pub fn in_eea(&self, code: &str) -> bool {
        self.country(code).is_some_and(|c| c.eea)
    }

    /// The name of the country with ISO code `code` in `lang`, with the code: "Verenigde Staten
    /// (US)" or "United States (US)"; an unknown code stays as it is.
    pub fn country_name(&self, code: &str, lang: crate::lang::Lang) -> String {
        match self.country(code) {
            Some(c) => {
                let name = match lang {
                    crate::lang::Lang::Nl => &c.nl,
                    crate::lang::Lang::En => &c.en,
                };
                format!("{name} ({code})")
            }
            None => code.to_string(),
        }
    }

    /// The AP item with id `id`.
    pub fn ap_item(&self, id: &str) -> Option<&ApItemInfo> {
        self.ap_items.iter().find(|i| i.id == id)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_data_is_complete() {
        let c = &crate::knowledge::Knowledge::builtin().catalogue;
        assert_eq!(c.criteria.len(), 9);
        assert_eq!(c.ap_items.len(), 17);
        let eea = c.countries.values().filter(|c| c.eea).count();
        assert_eq!(
            eea, 37,
            "EU 27 + IS, LI, NO + Åland and six outermost regions"
        );
        assert!(c.in_eea("NL") && c.in_eea("NO") && !c.in_eea("US") && !c.in_eea("XX"));
        assert!(c.in_eea("RE") && !c.in_eea("CW") && !c.in_eea("GL"));
        // Every ISO 3166-1 code, so a vendor anywhere can be named.
        assert_eq!(c.countries.len(), 249);
        assert_eq!(c.country("MY").map(|m| m.nl.as_str()), Some("Maleisië"));
        assert_eq!(
            c.country("US").and_then(|u| u.adequacy),
            Some(Adequacy::DpfOnly)
        );
        for (i, item) in c.ap_items.iter().enumerate() {
            assert_eq!(usize::from(item.number), i + 1);
        }
    }

    #[test]
    fn ap_item_ids_match_the_model() {
        // Every id in the data file must deserialize as a model::ApItem, and back.
        for item in &crate::knowledge::Knowledge::builtin().catalogue.ap_items {
            let parsed: crate::model::ApItem =
                serde_saphyr::from_str(&item.id).unwrap_or_else(|e| panic!("{}: {e}", item.id));
            assert_eq!(
                serde_json::to_value(parsed).unwrap(),
                serde_json::Value::String(item.id.clone())
            );
        }
    }
}
