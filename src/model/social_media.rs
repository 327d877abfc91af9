//! The `social_media` section of the organisation profile: the answers the code of conduct for
//! social media (gedragscode sociale media) is written from.

use super::common::{Date, Person, Status};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// School level of a pupil group; chooses the wording of the pupils' chapter.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Deserialize, Serialize, JsonSchema,
)]
#[serde(rename_all = "kebab-case")]
pub enum Level {
    /// Primair onderwijs.
    Po,
    /// Speciaal onderwijs (incl. zmlk).
    So,
    /// Voortgezet onderwijs, onderbouw (brugklas, klas 2 and 3).
    VoOnderbouw,
    /// Voortgezet onderwijs, bovenbouw.
    VoBovenbouw,
    /// Middelbaar beroepsonderwijs.
    Mbo,
    /// Hoger onderwijs.
    Ho,
}

/// A group of pupils or students with its ages.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct PupilGroup {
    /// School level.
    pub level: Level,
    /// Name as the school uses it, e.g. "brugklas tot en met klas 3".
    pub name: String,
    /// Youngest and oldest age, in years.
    pub ages: [u8; 2],
}

/// What the school uses a platform for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum PlatformUse {
    /// An account the school publishes on.
    SchoolChannel,
    /// Pupils use it in class or for homework.
    InClass,
    /// Communication between school and parents.
    ParentCommunication,
    /// Communication between staff and pupils.
    PupilCommunication,
}

/// Which account staff use on a platform.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum StaffAccount {
    /// An account or phone the school provides.
    School,
    /// Their own, private account or phone.
    Private,
    /// Staff do not use it themselves.
    None,
}

/// One platform the school uses.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct PlatformAnswer {
    /// Identifier from the platform list, e.g. `instagram`.
    pub platform: String,
    /// What it is used for; at least one.
    pub uses: Vec<PlatformUse>,
    /// Pupil groups (by level) that use it themselves; empty when pupils do not.
    #[serde(default)]
    pub groups: Vec<Level>,
    /// The school requires those pupils to take part.
    #[serde(default)]
    pub required: bool,
    /// Which account staff use on it.
    pub staff_account: StaffAccount,
    /// What a pupil gets whose parents refuse (or who refuses, from 16).
    #[serde(default)]
    pub alternative: Option<String>,
    /// Assessment id of the pre-DPIA of this use, among the organisation's activities.
    #[serde(default)]
    pub pre_dpia: Option<String>,
    /// A remark printed with the platform's rules.
    #[serde(default)]
    pub note: Option<String>,
}

/// Staff equipment and own channels.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct StaffAnswers {
    /// The school gives staff who need one a business phone.
    pub business_phones: bool,
    /// The school gives staff business accounts for the platforms they use for school.
    pub business_accounts: bool,
    /// The school expects staff to use their private phone or accounts for school communication.
    pub private_devices_required: bool,
    /// Staff may write about their work on their own social-media accounts.
    pub may_post_about_work: bool,
}

/// The school's rule for smartphones in class.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum SmartphonePolicy {
    /// Not in the classroom unless a teacher asks for it or an exception applies.
    NotInClass,
    /// Handed in at the start of the day (locker, phone box).
    Collected,
    /// Allowed in class; the teacher decides per lesson.
    Allowed,
}

/// Smartphone policy.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Smartphones {
    /// The rule.
    pub policy: SmartphonePolicy,
    /// Exceptions (medical reasons, a disability, a lesson that needs it) and how they are arranged.
    pub exceptions: String,
    /// How it works in practice; Markdown allowed.
    #[serde(default)]
    pub practice: Option<String>,
}

/// Kind of channel the school offers instead of social media.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum AlternativeKind {
    /// The school website.
    Website,
    /// A parent-communication platform or school app.
    ParentPlatform,
    /// Messages in the pupil administration or tracking system (LAS/LVS).
    LasMessages,
    /// The electronic learning environment.
    LearningEnvironment,
    /// Something else.
    Other,
}

/// A channel the school offers instead of social media.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Alternative {
    /// Kind of channel.
    pub kind: AlternativeKind,
    /// Its name, e.g. "Parro" or "www.school.nl".
    pub name: String,
}

/// How consent for photos and platform use is asked and kept.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct ConductConsent {
    /// Where consent is recorded, e.g. "ParnasSys (LAS)".
    pub recorded_in: String,
    /// Who records it and can show it, e.g. "de leerlingadministratie".
    pub recorded_by: String,
    /// Consent is asked per channel (website, social media, newsletter…).
    pub per_channel: bool,
    /// The consent also covers the platform's own use of the data.
    pub covers_platform_use: bool,
    /// How consent is withdrawn.
    pub withdrawal: String,
}

/// Contact persons named in the code.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Contacts {
    /// For complaints about posts or use of social media.
    pub complaints: Person,
    /// For requests to remove a photo, video or post.
    pub removal: Person,
    /// To whom a (possible) data breach is reported at once.
    pub breach: Person,
}

/// The `social_media` section of an organisation profile.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct SocialMedia {
    /// Version of the code, e.g. "1.0".
    pub version: String,
    /// Date of this version.
    pub date: Date,
    /// Date of the next evaluation.
    pub review: Date,
    /// `concept` or `vastgesteld`.
    pub status: Status,
    /// Date the (G)MR consented, once it has.
    #[serde(default)]
    pub council_consent: Option<Date>,
    /// Date the board adopted the code, once it has.
    #[serde(default)]
    pub adopted: Option<Date>,
    /// Pupil groups of the school; at least one.
    pub pupil_groups: Vec<PupilGroup>,
    /// Platforms the school uses (may be empty).
    pub platforms: Vec<PlatformAnswer>,
    /// Staff equipment and own channels.
    pub staff: StaffAnswers,
    /// Smartphone policy.
    pub smartphones: Smartphones,
    /// The school's own channels offered instead of social media.
    pub alternatives: Vec<Alternative>,
    /// The school publishes recognisable pupils (with consent) on its channels.
    pub identifiable_photos: bool,
    /// Who approves posts on the school's accounts, e.g. "de directeur (vier-ogenprincipe)".
    pub approval: String,
    /// Consent for photos and platform use.
    pub consent: ConductConsent,
    /// Who arranges consent and awareness (privacy officer or ICT coordinator); default: the
    /// organisation's privacy officer.
    #[serde(default)]
    pub consent_coordinator: Option<Person>,
    /// Contact persons.
    pub contacts: Contacts,
}
