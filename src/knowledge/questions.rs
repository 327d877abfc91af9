//! The questions behind the reasons, in words (`data/questions.yaml`): how a document names the
//! answer a conclusion rests on, for a reader who never sees the questionnaire's field paths.

use crate::lang::Lang;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// A text in both languages.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Text {
    /// Dutch.
    pub nl: String,
    /// English.
    pub en: String,
}

impl Text {
    /// The text in `lang`.
    pub fn get(&self, lang: Lang) -> &str {
        lang.pick(&self.nl, &self.en)
    }
}

/// One field as the rules cite it.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Field {
    /// Dutch label.
    pub nl: String,
    /// English label.
    pub en: String,
    /// The field's own wording of its values, over the general one.
    #[serde(default)]
    pub choices: BTreeMap<String, Text>,
}

/// Labels of fields and of the format's fixed values.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Questions {
    /// By field pattern (list indices written `[]`).
    pub fields: BTreeMap<String, Field>,
    /// The format's fixed values, in words.
    pub choices: BTreeMap<String, Text>,
}

/// `vendors[0].agreement.clauses[3].status` → `vendors[].agreement.clauses[].status`;
/// `platforms[whatsapp].minimum_age` → `platforms[].minimum_age`.
pub fn pattern(field: &str) -> String {
    let mut out = String::with_capacity(field.len());
    let mut depth = 0usize;
    for ch in field.chars() {
        match ch {
            '[' => {
                if depth == 0 {
                    out.push('[');
                }
                depth += 1;
            }
            ']' if depth > 0 => {
                depth -= 1;
                if depth == 0 {
                    out.push(']');
                }
            }
            _ if depth > 0 => {}
            _ => out.push(ch),
        }
    }
    out
}

impl Questions {
    /// Parses `data/questions.yaml`.
    pub fn parse(text: &str) -> Result<Questions, String> {
        serde_saphyr::from_str(text).map_err(|e| format!("data/questions.yaml: {e}"))
    }

    /// The label of `field` in `lang`; `None` when the file does not name it.
    pub fn label(&self, field: &str, lang: Lang) -> Option<&str> {
        self.fields
            .get(&pattern(field))
            .map(|f| lang.pick(f.nl.as_str(), f.en.as_str()))
    }

    /// The question a field of any depth belongs to, in `lang`: its own, or that of the list or
    /// criterion it is part of (`transfers[0].access[1]` → "transfers[].access",
    /// `criteria.evaluation.applies` → "criteria.evaluation").
    pub fn label_near(&self, field: &str, lang: Lang) -> Option<&str> {
        let mut pattern = pattern(field);
        loop {
            if let Some(f) = self.fields.get(&pattern) {
                return Some(lang.pick(f.nl.as_str(), f.en.as_str()));
            }
            if let Some(list) = pattern.strip_suffix("[]") {
                pattern = list.to_string();
            } else if let Some(criterion) = pattern.strip_suffix(".applies") {
                pattern = criterion.to_string();
            } else {
                return None;
            }
        }
    }

    /// The fixed value `value` of `field` in words, in `lang`; `None` when unknown.
    pub fn choice(&self, field: &str, value: &str, lang: Lang) -> Option<&str> {
        self.fields
            .get(&pattern(field))
            .and_then(|f| f.choices.get(value))
            .or_else(|| self.choices.get(value))
            .map(|t| t.get(lang))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn data() -> Questions {
        Questions::parse(include_str!("../../data/questions.yaml")).expect("valid")
    }

    #[test]
    fn indices_and_ids_are_folded_into_the_pattern() {
        assert_eq!(
            pattern("vendors[0].agreement.clauses[12].status"),
            "vendors[].agreement.clauses[].status"
        );
        assert_eq!(
            pattern("platforms[whatsapp].minimum_age"),
            "platforms[].minimum_age"
        );
        assert_eq!(pattern("criteria"), "criteria");
    }

    #[test]
    fn a_field_names_its_question_and_its_values_in_both_languages() {
        let q = data();
        assert_eq!(
            q.label("social_media.identifiable_photos", Lang::Nl),
            Some("Leerlingen staan herkenbaar in beeld")
        );
        assert_eq!(
            q.label("vendors[2].role", Lang::En),
            Some("Role of the vendor")
        );
        assert_eq!(
            q.choice("vendors[0].role", "processor", Lang::Nl),
            Some("verwerker")
        );
        // A field's own wording wins over the general one.
        assert_eq!(
            q.choice(
                "social_media.platforms[1].staff_account",
                "school",
                Lang::Nl
            ),
            Some("account van de school")
        );
        assert_eq!(q.label("no.such.field", Lang::Nl), None);
        for (name, f) in &q.fields {
            assert!(!f.nl.trim().is_empty() && !f.en.trim().is_empty(), "{name}");
        }
    }
}
