//! The questionnaire model (format version 1): typed answers as they come out of YAML.
//!
//! Two kinds of file exist: an [`Organisation`] profile and one [`Activity`] per processing
//! activity. Every struct refuses unknown keys, so a typo is an error rather than a lost answer.

pub mod activity;
pub mod agreement;
pub mod common;
pub mod organisation;
pub mod social_media;
pub mod transfer;

pub use activity::*;
pub use agreement::{ClauseAnswer, ClauseStatus};
pub use common::{Date, Person, Score, Status};
pub use organisation::{Council, CouncilKind, HouseStyle, Organisation, Sector};
pub use social_media::SocialMedia;
pub use transfer::*;

/// The questionnaire format version this build writes. Format 2 adds optional answers to
/// format 1 (`docs/format.md`), so a file of either version reads as it is.
pub const FORMAT_VERSION: u32 = 2;

/// The format versions this build reads.
pub const READ_VERSIONS: &[u32] = &[1, 2];

/// The questionnaire name of a model value: an enum's serde name, e.g. `legitimate-interests`
/// (the one spelling of every choice, for the reasons and the reports).
pub fn name_of(value: &impl serde::Serialize) -> String {
    match serde_json::to_value(value) {
        Ok(serde_json::Value::String(s)) => s,
        Ok(other) => other.to_string(),
        Err(_) => String::new(),
    }
}
