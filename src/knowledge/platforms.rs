//! Facts about social-media and messaging platforms (minimum age, what agreement a school can
//! get, whether the provider has purposes of its own), read from `data/platforms.yaml` (built
//! into the binary). These facts change with the platforms' terms: the file carries the date it
//! was last checked, and the code of conduct prints it.

use serde::{Deserialize, Serialize};

/// What kind of service a platform is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Category {
    /// A public social-media platform (Instagram, TikTok, YouTube…).
    SocialMedia,
    /// A chat app tied to a phone number (WhatsApp).
    Messaging,
    /// A service the school contracts and whose accounts it manages (Teams with school accounts).
    SchoolService,
}

/// What agreement a school can get from the provider.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum SchoolAgreement {
    /// A processing agreement (Art. 28 AVG).
    ProcessingAgreement,
    /// Only the provider's own terms (e.g. a joint-controller addendum).
    VendorTerms,
    /// Nothing at all.
    None,
}

/// One platform.
#[derive(Debug, Clone, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Platform {
    /// Identifier used in `social_media.platforms[].platform`.
    pub id: String,
    /// Name as printed.
    pub name: String,
    /// The provider the school deals with.
    pub provider: String,
    /// Kind of service.
    pub category: Category,
    /// The lowest age the terms allow for an account; `None` when the school manages accounts.
    pub minimum_age: Option<u8>,
    /// What changed or what to know about the minimum age (Dutch).
    #[serde(default)]
    pub minimum_age_note: Option<String>,
    /// The same note in English.
    #[serde(default)]
    pub minimum_age_note_en: Option<String>,
    /// What agreement a school can get.
    pub school_agreement: SchoolAgreement,
    /// The provider uses the data for purposes of its own.
    pub own_purposes: bool,
    /// An account is tied to a mobile number.
    pub needs_phone_number: bool,
    /// Where the facts come from.
    pub source: String,
}

/// The platform list with the date it was checked.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Platforms {
    /// Date the list was last checked against the platforms' terms.
    pub checked: String,
    /// Where the facts come from, in general.
    pub source: String,
    /// The platforms.
    pub platforms: Vec<Platform>,
}

impl Platforms {
    /// Parses a platform list.
    pub fn parse(text: &str) -> Result<Platforms, serde_saphyr::Error> {
        serde_saphyr::from_str(text)
    }

    /// The platform with identifier `id`.
    pub fn get(&self, id: &str) -> Option<&Platform> {
        self.platforms.iter().find(|p| p.id == id)
    }

    /// All identifiers, for error messages.
    pub fn ids(&self) -> Vec<&str> {
        self.platforms.iter().map(|p| p.id.as_str()).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_list_parses_with_unique_ids() {
        let p = &crate::knowledge::Knowledge::builtin().platforms;
        let mut ids = p.ids();
        let n = ids.len();
        ids.sort();
        ids.dedup();
        assert_eq!(ids.len(), n, "duplicate platform id");
        assert!(crate::model::Date::parse(&p.checked).is_ok());
    }

    #[test]
    fn whatsapp_follows_the_2024_terms_and_keeps_the_history() {
        let w = crate::knowledge::Knowledge::builtin()
            .platforms
            .get("whatsapp")
            .unwrap();
        assert_eq!(w.minimum_age, Some(13));
        assert!(w.minimum_age_note.as_deref().unwrap().contains("16"));
        assert_eq!(w.school_agreement, SchoolAgreement::None);
        assert!(w.needs_phone_number);
    }

    #[test]
    fn every_note_is_in_both_languages() {
        for p in &crate::knowledge::Knowledge::builtin().platforms.platforms {
            assert_eq!(
                p.minimum_age_note.is_some(),
                p.minimum_age_note_en.is_some(),
                "{}",
                p.id
            );
        }
    }

    #[test]
    fn school_managed_services_have_no_minimum_age() {
        for p in &crate::knowledge::Knowledge::builtin().platforms.platforms {
            assert_eq!(
                p.category == Category::SchoolService,
                p.minimum_age.is_none(),
                "{}",
                p.id
            );
        }
    }
}
