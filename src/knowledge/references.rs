//! The legal references the rules cite (`data/references.yaml`): one entry per citation, with
//! its Dutch and English form and, where one exists, the address of its text.
//!
//! The rules name a reference by a [`Ref`] constant (a typo is a compile error); the documents
//! print it through [`References::cite`], which groups the articles of one law
//! ("art. 7 lid 3, art. 17 en art. 21 AVG").

use crate::lang::Lang;
use serde::{Deserialize, Serialize, Serializer};
use std::collections::BTreeMap;

/// The id of one legal reference in `data/references.yaml`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Ref(&'static str);

impl Ref {
    /// The reference with id `id`, when the rules know it.
    pub fn from_id(id: &str) -> Option<Ref> {
        refs::ALL.iter().copied().find(|r| r.0 == id)
    }

    /// The id, e.g. `avg-6-1-a`.
    pub fn id(self) -> &'static str {
        self.0
    }
}

impl Serialize for Ref {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.0)
    }
}

macro_rules! references {
    ($($name:ident = $id:literal),* $(,)?) => {
        $(#[allow(missing_docs)] pub const $name: Ref = Ref($id);)*
        /// Every reference the rules may cite.
        pub const ALL: &[Ref] = &[$($name),*];
    };
}

/// The references, by the name the rules use.
pub mod refs {
    use super::Ref;
    references! {
        AVG_4_5 = "avg-4-5", AVG_4_11 = "avg-4-11", AVG_4_12 = "avg-4-12", AVG_5_1_B = "avg-5-1-b",
        AVG_5_1_C = "avg-5-1-c", AVG_5_1_E = "avg-5-1-e", AVG_5_1_F = "avg-5-1-f",
        AVG_5_2 = "avg-5-2", AVG_6_1 = "avg-6-1", AVG_6_1_A = "avg-6-1-a", AVG_6_1_C = "avg-6-1-c", AVG_6_1_E = "avg-6-1-e",
        AVG_6_1_SECOND = "avg-6-1-second", AVG_7 = "avg-7", AVG_7_1 = "avg-7-1",
        AVG_7_3 = "avg-7-3", AVG_7_4 = "avg-7-4", AVG_8 = "avg-8", AVG_9 = "avg-9", AVG_9_1 = "avg-9-1", AVG_9_2_A = "avg-9-2-a",
        AVG_9_2_G = "avg-9-2-g",
        AVG_10 = "avg-10", AVG_12 = "avg-12", AVG_12_22 = "avg-12-22", AVG_13 = "avg-13",
        AVG_13_14 = "avg-13-14", AVG_17 = "avg-17", AVG_21 = "avg-21", AVG_24 = "avg-24",
        AVG_24_1 = "avg-24-1", AVG_25 = "avg-25", AVG_25_2 = "avg-25-2", AVG_26 = "avg-26", AVG_26_1 = "avg-26-1",
        AVG_26_1_LAST = "avg-26-1-last", AVG_26_2_FIRST = "avg-26-2-first",
        AVG_26_2_SECOND = "avg-26-2-second", AVG_28 = "avg-28", AVG_28_2 = "avg-28-2",
        AVG_28_3 = "avg-28-3", AVG_28_3_INTRO = "avg-28-3-intro", AVG_28_3_A = "avg-28-3-a",
        AVG_28_3_B = "avg-28-3-b", AVG_28_3_C = "avg-28-3-c", AVG_28_3_D = "avg-28-3-d",
        AVG_28_3_E = "avg-28-3-e", AVG_28_3_F = "avg-28-3-f", AVG_28_3_G = "avg-28-3-g",
        AVG_28_3_H = "avg-28-3-h", AVG_28_3_SECOND = "avg-28-3-second", AVG_28_4 = "avg-28-4",
        AVG_28_9 = "avg-28-9", AVG_28_10 = "avg-28-10", AVG_32 = "avg-32",
        AVG_32_34 = "avg-32-34", AVG_32_36 = "avg-32-36", AVG_33 = "avg-33",
        AVG_33_1 = "avg-33-1", AVG_33_2 = "avg-33-2", AVG_33_5 = "avg-33-5", AVG_34 = "avg-34", AVG_35 = "avg-35", AVG_35_1 = "avg-35-1",
        AVG_35_2 = "avg-35-2", AVG_35_3_A = "avg-35-3-a", AVG_35_3_B = "avg-35-3-b",
        AVG_35_3_C = "avg-35-3-c", AVG_35_7 = "avg-35-7", AVG_35_9 = "avg-35-9",
        AVG_36_1 = "avg-36-1", AVG_44 = "avg-44",
        AVG_44_46 = "avg-44-46", AVG_45 = "avg-45", AVG_46 = "avg-46", AVG_46_2_B = "avg-46-2-b",
        AVG_46_2_C = "avg-46-2-c", AVG_47 = "avg-47", AVG_49 = "avg-49", AVG_49_1 = "avg-49-1",
        AVG_49_3 = "avg-49-3", AVG_77 = "avg-77", AVG_RECITAL_38 = "avg-recital-38",
        AVG_RECITAL_42 = "avg-recital-42", AVG_RECITAL_43 = "avg-recital-43", UAVG_5 = "uavg-5",
        UAVG_30 = "uavg-30", UAVG_46 = "uavg-46",
        WP248_III_B_A = "wp248-3-b-a", WP248_III_B_B = "wp248-3-b-b",
        WP248_CRITERION_4 = "wp248-criterion-4", WP248_CRITERION_7 = "wp248-criterion-7",
        AP_DPIA_LIST = "ap-dpia-list", EDPB_OPINION_16_2018 = "edpb-opinion-16-2018",
        EDPB_REC_01_2020 = "edpb-rec-01-2020", EDPB_REC_01_2020_STEP_1 = "edpb-rec-01-2020-step-1",
        EDPB_REC_01_2020_STEP_3 = "edpb-rec-01-2020-step-3",
        EDPB_REC_01_2020_MEASURES = "edpb-rec-01-2020-measures",
        EDPB_REC_01_2020_USE_CASE_2 = "edpb-rec-01-2020-use-case-2",
        EDPB_REC_01_2020_USE_CASE_3 = "edpb-rec-01-2020-use-case-3",
        EDPB_REC_01_2020_USE_CASES_1_6 = "edpb-rec-01-2020-use-cases-1-6",
        EDPB_GUIDELINES_2_2018 = "edpb-guidelines-2-2018",
        EDPB_GUIDELINES_05_2021 = "edpb-guidelines-05-2021",
        EDPB_GUIDELINES_07_2020 = "edpb-guidelines-07-2020", SCC_2021_914 = "scc-2021-914",
        SCC_CLAUSE_14 = "scc-clause-14", SCC_CLAUSES_8_7_9 = "scc-clauses-8-7-9",
        DPF_2023_1795 = "dpf-2023-1795", CJEU_C_311_18 = "cjeu-c-311-18",
        CJEU_C_210_16 = "cjeu-c-210-16", CJEU_C_40_17 = "cjeu-c-40-17",
        AP_SOCIAL_MEDIA_SCHOOLS = "ap-social-media-schools",
        KENNISNET_SOCIAL_MEDIA = "kennisnet-social-media", MODEL_DPA_4 = "model-dpa-4",
        MODEL_DPA_4_ANNEX_1 = "model-dpa-4-annex-1", PLATFORM_TERMS = "platform-terms",
        WMS_CONSENT = "wms-consent", WOR_27 = "wor-27", WEB_PARTICIPATION = "web-participation",
        WHW_PARTICIPATION = "whw-participation", PHONE_AGREEMENT = "phone-agreement",
        SECTOR_AGREEMENTS = "sector-agreements",
    }
}

/// An instrument whose articles are cited (the AVG, the UAVG).
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Law {
    /// Short Dutch name ("AVG").
    pub nl: String,
    /// Short English name ("GDPR").
    pub en: String,
    /// Where its text can be read.
    pub url: Option<String>,
}

/// One citation.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Citation {
    /// The law of an article or recital; `nl` and `en` then leave its name out.
    pub law: Option<String>,
    /// Dutch citation.
    pub nl: String,
    /// English citation.
    pub en: String,
    /// Where the text can be read.
    pub url: Option<String>,
    /// `false` when the citation could not be checked against its source.
    #[serde(default = "yes")]
    pub confirmed: bool,
}

fn yes() -> bool {
    true
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ReferencesFile {
    checked: String,
    laws: BTreeMap<String, Law>,
    references: BTreeMap<String, Citation>,
}

/// The reference data.
#[derive(Debug, Clone, Serialize)]
pub struct References {
    /// When the file was last checked against its sources.
    pub checked: String,
    /// The instruments, by id.
    pub laws: BTreeMap<String, Law>,
    /// The citations, by id.
    pub references: BTreeMap<String, Citation>,
}

impl References {
    /// Parses `data/references.yaml`; every [`refs::ALL`] id must be there, every entry must be
    /// one of them, and every `law` must be known.
    pub fn parse(text: &str) -> Result<References, String> {
        let f: ReferencesFile = serde_saphyr::from_str(text).map_err(|e| e.to_string())?;
        for r in refs::ALL {
            if !f.references.contains_key(r.id()) {
                return Err(format!("reference `{}` is missing", r.id()));
            }
        }
        for (id, c) in &f.references {
            if !refs::ALL.iter().any(|r| r.id() == id) {
                return Err(format!("reference `{id}` is not one the rules can cite"));
            }
            if let Some(law) = &c.law
                && !f.laws.contains_key(law)
            {
                return Err(format!("reference `{id}`: unknown law `{law}`"));
            }
        }
        Ok(References {
            checked: f.checked,
            laws: f.laws,
            references: f.references,
        })
    }

    /// The citations of `ids` in `lang`, articles of one law grouped: "art. 8 AVG; art. 5
    /// UAVG", "art. 7 lid 3, art. 17 en art. 21 AVG". An unknown id is printed as it is.
    pub fn cite<'a>(&self, ids: impl IntoIterator<Item = &'a str>, lang: Lang) -> String {
        let and = match lang {
            Lang::Nl => " en ",
            Lang::En => " and ",
        };
        // Consecutive citations of the same law form one group.
        let mut groups: Vec<(Option<&str>, Vec<&str>)> = Vec::new();
        for id in ids {
            let (law, text) = match self.references.get(id) {
                Some(c) => (
                    c.law.as_deref(),
                    match lang {
                        Lang::Nl => c.nl.as_str(),
                        Lang::En => c.en.as_str(),
                    },
                ),
                None => (None, id),
            };
            match groups.last_mut() {
                Some((l, parts)) if law.is_some() && *l == law => parts.push(text),
                _ => groups.push((law, vec![text])),
            }
        }
        groups
            .into_iter()
            .map(|(law, parts)| {
                let joined = match parts.split_last() {
                    Some((last, rest)) if !rest.is_empty() => {
                        format!("{}{and}{last}", rest.join(", "))
                    }
                    _ => parts.concat(),
                };
                match law.and_then(|l| self.laws.get(l)) {
                    Some(l) => format!(
                        "{joined} {}",
                        match lang {
                            Lang::Nl => &l.nl,
                            Lang::En => &l.en,
                        }
                    ),
                    None => joined,
                }
            })
            .collect::<Vec<_>>()
            .join("; ")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn data() -> References {
        References::parse(include_str!("../../data/references.yaml")).expect("valid")
    }

    #[test]
    fn every_rule_reference_has_both_languages() {
        let d = data();
        for r in refs::ALL {
            let c = &d.references[r.id()];
            assert!(
                !c.nl.trim().is_empty() && !c.en.trim().is_empty(),
                "{}",
                r.id()
            );
        }
    }

    #[test]
    fn articles_of_one_law_are_grouped() {
        let d = data();
        let ids = [refs::AVG_7_3, refs::AVG_17, refs::AVG_21, refs::UAVG_5];
        assert_eq!(
            d.cite(ids.iter().map(|r| r.id()), Lang::Nl),
            "art. 7 lid 3, art. 17 en art. 21 AVG; art. 5 UAVG"
        );
        assert_eq!(
            d.cite(ids.iter().map(|r| r.id()), Lang::En),
            "Art. 7(3), Art. 17 and Art. 21 GDPR; Art. 5 UAVG (Dutch GDPR Implementation Act)"
        );
        assert_eq!(
            d.cite([refs::CJEU_C_311_18.id()], Lang::Nl),
            "HvJ EU 16 juli 2020, C-311/18 (Schrems II), ECLI:EU:C:2020:559"
        );
    }

    #[test]
    fn a_reference_the_rules_lack_or_an_unknown_law_is_refused() {
        let text = include_str!("../../data/references.yaml");
        let extra = text.replace(
            "  avg-4-5:",
            "  avg-999: {law: avg, nl: x, en: x}\n  avg-4-5:",
        );
        assert!(References::parse(&extra).unwrap_err().contains("avg-999"));
        let missing = text.replace("  avg-4-5: ", "  # avg-4-5: ");
        assert!(References::parse(&missing).unwrap_err().contains("avg-4-5"));
        let law = text.replace("avg-4-5: {law: avg", "avg-4-5: {law: bw");
        assert!(References::parse(&law).unwrap_err().contains("bw"));
    }
}
