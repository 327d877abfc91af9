//! The organisation profile: one file per school or board (`kind: organisation`).

use super::common::Person;
use super::social_media::SocialMedia;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// Education sector of the organisation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum Sector {
    /// Primair onderwijs (primary).
    Po,
    /// Speciaal onderwijs (special needs, incl. zmlk).
    So,
    /// Voortgezet onderwijs (secondary).
    Vo,
    /// Middelbaar beroepsonderwijs (vocational).
    Mbo,
    /// Hoger onderwijs (higher).
    Ho,
}

impl Sector {
    /// Vocational or higher education (mbo, ho), whose learners are students rather than
    /// pupils; the other sectors are the schools (po, so, vo).
    pub fn is_vocational_or_higher(self) -> bool {
        matches!(self, Sector::Mbo | Sector::Ho)
    }
}

/// Kind of participation council. Which kinds a sector has, and the law that gives each its
/// say, is in `rules::councils`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum CouncilKind {
    /// Medezeggenschapsraad of one school (po, so, vo: WMS), or of a university of applied
    /// sciences (ho: WHW).
    Mr,
    /// Gemeenschappelijke medezeggenschapsraad of a board (po, so, vo: WMS).
    Gmr,
    /// Ondernemingsraad, the staff council (mbo, ho: WOR).
    Ondernemingsraad,
    /// Studentenraad, the students' council (mbo: WEB; ho: WHW).
    Studentenraad,
    /// Universiteitsraad (ho: WHW).
    Universiteitsraad,
    /// Faculteitsraad (ho: WHW).
    Faculteitsraad,
}

/// The participation council that consents to the code of conduct and the privacy policy.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Council {
    /// po, so, vo: `mr` or `gmr`; mbo: `ondernemingsraad` or `studentenraad`; ho: `mr`,
    /// `universiteitsraad`, `faculteitsraad`, `ondernemingsraad` or `studentenraad`.
    pub kind: CouncilKind,
    /// Name as used in letters, e.g. "MR OBS De Regenboog".
    pub name: String,
    /// The chair, who signs for the council.
    #[serde(default)]
    pub chair: Option<super::common::Person>,
}

/// The organisation profile (`kind: organisation`).
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Organisation {
    /// Format version: `2`, or `1` for a file written before format 2 (it reads as it is;
    /// `dpiagen migrate` marks it as `2`).
    #[schemars(extend("enum" = [1, 2]))]
    pub version: u32,
    /// Always `organisation`.
    #[schemars(extend("const" = "organisation"))]
    pub kind: String,
    /// Name of the school (or board) as it appears on documents.
    pub name: String,
    /// The competent authority (bevoegd gezag), the controller: e.g. "Stichting …".
    pub board: String,
    /// Sector: po, so, vo, mbo or ho.
    pub sector: Sector,
    /// Place of business.
    #[serde(default)]
    pub city: Option<String>,
    /// True for a public authority or body with a public task (every funded school): it cannot
    /// rely on legitimate interest for its tasks (Art. 6(1) last sentence AVG) nor on Art. 49(1)(a)–(c).
    pub public_authority: bool,
    /// Who signs for the board.
    pub board_signatory: Person,
    /// The privacy officer who prepares the documents.
    pub privacy_officer: Person,
    /// The FG (functionaris gegevensbescherming, DPO).
    pub fg: Person,
    /// The participation council the documents are addressed to: the (G)MR of a school, or in
    /// mbo and ho e.g. the ondernemingsraad.
    pub council: Council,
    /// Further councils with a say in the same documents, e.g. the studentenraad beside the
    /// ondernemingsraad of an mbo college; the council packet is addressed to them too.
    #[serde(default)]
    pub other_councils: Vec<Council>,
    /// Stable identifier (slug) of the organisation; names the folder of its own documents, such
    /// as the code of conduct. Required when `social_media` is given.
    #[serde(default)]
    #[schemars(regex(pattern = r"^[a-z0-9]([a-z0-9-]{0,62}[a-z0-9])?$"))]
    pub id: Option<String>,
    /// Answers for the code of conduct for social media; without them no code is written.
    #[serde(default)]
    pub social_media: Option<SocialMedia>,
    /// Language of the documents: `nl` (Dutch, the default) or `en` (English). The answers
    /// themselves are printed as written; `--lang` on the command line overrides this.
    #[serde(default)]
    pub language: Option<crate::lang::Lang>,
    /// The organisation's logo and colour on its documents; without it, the plain house style.
    #[serde(default)]
    pub house_style: Option<HouseStyle>,
}

/// The organisation's own logo and colour on its documents.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct HouseStyle {
    /// A PNG or SVG file inside the folder of this profile, as a relative path, e.g. `logo.svg`;
    /// shown on the title page of every document.
    #[serde(default)]
    #[schemars(regex(pattern = r"^[^/\\].*\.([Pp][Nn][Gg]|[Ss][Vv][Gg])$"))]
    pub logo: Option<String>,
    /// The colour of headings and accents, as `#RRGGBB`, e.g. `"#1f5f8b"` (quoted: `#` starts a
    /// YAML comment).
    #[serde(default)]
    #[schemars(regex(pattern = r"^#[0-9A-Fa-f]{6}$"))]
    pub primary_colour: Option<String>,
}
