//! One processing activity (`kind: activity`): what is processed, why, by whom, where, and the
//! answers the rules need (WP248 criteria, AP-list items, risks).

use super::common::{Date, Person, Score, Status};
use super::transfer::Transfer;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// A questionnaire for one processing activity.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Activity {
    /// Format version: `2`, or `1` for a file written before format 2 (it reads as it is;
    /// `dpiagen migrate` marks it as `2`).
    #[schemars(extend("enum" = [1, 2]))]
    pub version: u32,
    /// Always `activity`.
    #[schemars(extend("const" = "activity"))]
    pub kind: String,
    /// Path of the organisation profile, relative to this file.
    pub organisation: String,
    /// Who wrote this assessment, when, and its status.
    pub assessment: Assessment,
    /// What the processing is and why.
    pub processing: Processing,
    /// Groups of data subjects (betrokkenen).
    pub subjects: Vec<SubjectGroup>,
    /// Categories of personal data.
    pub data: Vec<DataCategory>,
    /// How consent is asked, when a purpose relies on it.
    #[serde(default)]
    pub consent: Option<Consent>,
    /// Vendors and other recipients.
    pub vendors: Vec<Vendor>,
    /// Transfers to countries outside the EEA.
    #[serde(default)]
    pub transfers: Vec<Transfer>,
    /// Disclosures to third parties that are not vendors (a municipality, the GGD, another
    /// school, …).
    #[serde(default)]
    pub disclosures: Vec<Disclosure>,
    /// The nine WP248 rev.01 criteria.
    pub criteria: Criteria,
    /// Items of the AP's list of processing that always needs a DPIA that apply (empty: none).
    pub ap_list: Vec<ApListAnswer>,
    /// The controller's own words on the DPIA decision.
    #[serde(default)]
    pub dpia: Option<DpiaAnswers>,
    /// Risks, each scored before and after measures.
    pub risks: Vec<Risk>,
    /// Actions the organisation has already planned.
    #[serde(default)]
    pub actions: Vec<PlannedAction>,
}

/// Assessment metadata.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Assessment {
    /// Stable identifier, lowercase letters, digits and hyphens; names the output folder.
    #[schemars(regex(pattern = r"^[a-z0-9]([a-z0-9-]{0,62}[a-z0-9])?$"))]
    pub id: String,
    /// Title of the activity, e.g. "Instagram-account van de school".
    pub title: String,
    /// Version of this assessment, e.g. "1.0".
    pub version: String,
    /// School year or calendar year the documents belong to; names the output folder.
    pub year: i32,
    /// Author of the assessment.
    pub author: Person,
    /// Date of this version.
    pub date: Date,
    /// Date of the next review.
    pub review: Date,
    /// `concept` or `vastgesteld`.
    pub status: Status,
}

/// How the activity is used at school.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum Use {
    /// An account the school publishes on.
    SchoolChannel,
    /// Used by pupils in class.
    InClass,
    /// Communication between school and parents.
    ParentCommunication,
    /// A digital learning platform or teaching material.
    LearningPlatform,
    /// Lessons by video call.
    VideoLessons,
    /// Anything else.
    Other,
}

/// The processing itself.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Processing {
    /// Description; Markdown allowed.
    pub description: String,
    /// Kind of use.
    #[serde(rename = "use")]
    pub use_: Use,
    /// Name of the platform or product, e.g. "Instagram".
    #[serde(default)]
    pub platform: Option<String>,
    /// Purposes, each with its legal basis.
    pub purposes: Vec<Purpose>,
    /// Necessity: proportionality and subsidiarity.
    pub necessity: Necessity,
    /// Who must take part, and on whose devices.
    #[serde(default)]
    pub participation: Option<Participation>,
    /// How the data subjects are informed and can object, where a purpose does not rest on
    /// consent.
    #[serde(default)]
    pub information: Option<Information>,
    /// Whether and how (video) lessons or meetings are recorded.
    #[serde(default)]
    pub recordings: Option<Recordings>,
}

/// A disclosure of personal data to a third party that is not a vendor of the school.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Disclosure {
    /// Who receives the data, e.g. "Gemeente Rivierland, leerplichtambtenaar".
    pub recipient: String,
    /// What kind of party the recipient is.
    pub kind: RecipientKind,
    /// Which data, in words.
    pub data: String,
    /// On which basis the school may disclose: `legal-obligation` (name the law), `public-task`,
    /// `consent`, or `none` when there is none.
    pub basis: DisclosureBasis,
    /// The law that obliges or allows the disclosure, e.g. "Leerplichtwet 1969".
    #[serde(default)]
    pub law: Option<String>,
    /// The recipient has a legal task for which it needs these data.
    pub recipient_task: bool,
    /// The disclosure has already taken place.
    #[serde(default)]
    pub happened: bool,
}

/// The kinds of third party a school discloses data to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum RecipientKind {
    /// A municipality (e.g. the school-attendance officer).
    Municipality,
    /// The municipal health service (GGD).
    Ggd,
    /// The Education Inspectorate.
    Inspectorate,
    /// Youth care.
    YouthCare,
    /// Another school.
    School,
    /// The police.
    Police,
    /// A researcher.
    Researcher,
    /// Another party.
    Other,
}

/// The basis on which the school may disclose.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum DisclosureBasis {
    /// A law obliges the school (Art. 6(1)(c) AVG).
    LegalObligation,
    /// Needed for the school's public task (Art. 6(1)(e) AVG).
    PublicTask,
    /// The data subjects (or the parents) consented (Art. 6(1)(a) AVG).
    Consent,
    /// No basis.
    None,
}

/// Transparency and the right to object where the basis is not consent (Arts. 13, 14 and 21
/// AVG).
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Information {
    /// The data subjects are told beforehand what happens with their data.
    pub informed_beforehand: bool,
    /// How: e.g. "brief aan ouders en de privacyverklaring op de website".
    #[serde(default)]
    pub how: Option<String>,
    /// What the school does when someone objects (for a public task or legitimate
    /// interests), e.g. "een apart e-mailadres, of oefenen op papier".
    #[serde(default)]
    pub objection: Option<String>,
}

/// Recordings of video lessons or meetings.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Recordings {
    /// Lessons or meetings are recorded.
    pub recorded: bool,
    /// Who may record: `staff`, `pupils`.
    #[serde(default)]
    pub by: Vec<Group>,
    /// Where recordings are stored.
    #[serde(default)]
    pub stored: Option<String>,
    /// Who can see them.
    #[serde(default)]
    pub access: Option<String>,
    /// How long they are kept.
    #[serde(default)]
    pub retention: Option<String>,
    /// Pupils and staff at home may switch their camera off.
    pub camera_off_allowed: bool,
}

/// Whether pupils, parents and staff are obliged to take part in the processing, and whether
/// staff must use a private phone or account for it.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Participation {
    /// Pupils.
    #[serde(default)]
    pub pupils: Obligation,
    /// Parents.
    #[serde(default)]
    pub parents: Obligation,
    /// Staff.
    #[serde(default)]
    pub staff: Obligation,
    /// Staff must use their own (private) phone, computer or account for it.
    #[serde(default)]
    pub staff_private_devices: bool,
}

/// Whether a group is obliged to take part.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum Obligation {
    /// Obliged: the school requires it.
    Mandatory,
    /// Free to take part or not, with an alternative for who does not.
    Voluntary,
    /// The group does not take part.
    #[default]
    None,
}

/// A purpose and the legal basis it rests on.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Purpose {
    /// The purpose in a sentence.
    pub name: String,
    /// Art. 6(1) AVG basis.
    pub basis: LegalBasis,
    /// Explanation, e.g. the statutory task it serves; Markdown allowed.
    #[serde(default)]
    pub explanation: Option<String>,
}

/// The six bases of Art. 6(1) AVG.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum LegalBasis {
    /// (a) toestemming.
    Consent,
    /// (b) uitvoering van een overeenkomst.
    Contract,
    /// (c) wettelijke verplichting.
    LegalObligation,
    /// (d) vitaal belang.
    VitalInterests,
    /// (e) taak van algemeen belang / openbaar gezag.
    PublicTask,
    /// (f) gerechtvaardigd belang.
    LegitimateInterests,
}

/// Proportionality and subsidiarity.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Necessity {
    /// Why the intrusion is proportionate to the purpose; Markdown allowed.
    pub proportionality: String,
    /// Which less intrusive alternatives were considered and why they do or do not suffice; Markdown allowed.
    pub subsidiarity: String,
}

/// A kind of data subject.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum Group {
    /// Pupils or students.
    Pupils,
    /// Parents or guardians.
    Parents,
    /// Staff.
    Staff,
    /// Others (visitors, applicants…).
    Other,
}

/// A group of data subjects.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct SubjectGroup {
    /// Kind of group.
    pub group: Group,
    /// Name as the school uses it, e.g. "leerlingen groep 1–8".
    #[serde(default)]
    pub name: Option<String>,
    /// Youngest and oldest age, in years.
    #[serde(default)]
    pub ages: Option<[u8; 2]>,
    /// Approximate number of persons.
    pub count: u32,
}

/// Kind of personal data.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum DataKind {
    /// Ordinary personal data.
    Ordinary,
    /// Sensitive but not special: communication content, location, financial, photos.
    Sensitive,
    /// Special categories (Art. 9 AVG).
    Special,
    /// Criminal-conviction data (Art. 10 AVG).
    Criminal,
    /// Citizen service number or another national identifier (art. 46 UAVG).
    NationalId,
    /// Diagnostic or telemetry data: what a service records about its own use (logs, usage
    /// statistics, crash reports), a category of its own beside what users put in.
    Diagnostic,
}

/// The special categories of Art. 9(1) AVG.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum SpecialCategory {
    /// Racial or ethnic origin.
    RacialOrEthnicOrigin,
    /// Political opinions.
    PoliticalOpinions,
    /// Religious or philosophical beliefs.
    ReligiousBeliefs,
    /// Trade-union membership.
    TradeUnion,
    /// Genetic data.
    Genetic,
    /// Biometric data for unique identification.
    Biometric,
    /// Health, incl. a pupil's diagnosis or care needs.
    Health,
    /// Sex life or sexual orientation.
    SexLife,
}

/// A category of personal data with its retention.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct DataCategory {
    /// Name, e.g. "foto's en video's van leerlingen".
    pub category: String,
    /// Kind of data.
    pub kind: DataKind,
    /// Which Art. 9 category, required when `kind: special`.
    #[serde(default)]
    pub special: Option<SpecialCategory>,
    /// Retention period in words.
    pub retention: String,
    /// Why this retention period.
    #[serde(default)]
    pub retention_reason: Option<String>,
    /// For special-category (`special`) or criminal (`criminal`) data: the exception to the
    /// ban on processing it that the school relies on; for a citizen service number
    /// (`national-id`): the law that requires it (`law`).
    #[serde(default)]
    pub exception: Option<Exception>,
    /// For diagnostic data (`diagnostic`): the vendor also uses them for purposes of its own
    /// (improving its products, security, statistics); not known: leave out.
    #[serde(default)]
    pub vendor_own_use: Option<bool>,
}

/// The exception to the ban on processing special-category data (Art. 9(1) AVG) or criminal
/// data (Art. 10 AVG) that a category of data relies on.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Exception {
    /// Which exception.
    pub ground: ExceptionGround,
    /// Who gives the explicit consent, for `explicit-consent` (for a pupil under 16: the
    /// parents).
    #[serde(default)]
    pub from: Vec<ConsentGiver>,
    /// The law that carries the exception, for `law` (Art. 9(2)(b) or (g) AVG) and for a
    /// citizen service number, e.g. "art. 8 Wet register onderwijsdeelnemers".
    #[serde(default)]
    pub law: Option<String>,
}

/// The exceptions a school can rely on for special-category or criminal data.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum ExceptionGround {
    /// Explicit consent (Art. 9(2)(a) AVG), of the parents for a pupil under 16.
    ExplicitConsent,
    /// Health data a school needs for a pupil's special guidance or for special provisions
    /// related to the pupil's health (art. 30 UAVG).
    SchoolGuidance,
    /// A law that requires or allows the processing (Art. 9(2)(b) or (g) AVG, Art. 10 AVG):
    /// name it in `law`.
    Law,
    /// To protect someone's vital interests when consent cannot be given (Art. 9(2)(c) AVG).
    VitalInterests,
}

/// Who gives consent.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum ConsentGiver {
    /// Parents or guardians (holders of parental responsibility).
    Parents,
    /// Pupils themselves (16 and older).
    Pupils,
    /// Staff.
    Staff,
}

/// How consent is asked and kept.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Consent {
    /// Who is asked.
    pub from: Vec<ConsentGiver>,
    /// People are informed beforehand about what happens with their data.
    pub informed_beforehand: bool,
    /// The consent covers the school's own use.
    pub covers_school_use: bool,
    /// The consent covers the platform's or vendor's own use of the data.
    pub covers_platform_use: bool,
    /// Where and how consent is recorded, e.g. "in ParnasSys (LAS)".
    pub recorded_in: String,
    /// How consent is withdrawn.
    pub withdrawal: String,
    /// What a pupil whose parents refuse gets instead; empty when nothing is offered.
    #[serde(default)]
    pub alternative: Option<String>,
    /// The consent form asks people to accept the risk of a data breach.
    #[serde(default)]
    pub accepts_breach_risk: bool,
}

/// Role of a vendor under the AVG.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum Role {
    /// Verwerker (Art. 28).
    Processor,
    /// Subverwerker.
    SubProcessor,
    /// Zelfstandig verwerkingsverantwoordelijke.
    IndependentController,
    /// Gezamenlijk verwerkingsverantwoordelijke (Art. 26).
    JointController,
}

/// State of the agreement with a vendor.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum AgreementStatus {
    /// Signed by both parties.
    Signed,
    /// Being negotiated.
    InNegotiation,
    /// There is none.
    None,
    /// The vendor does not offer one (e.g. WhatsApp).
    NotPossible,
}

/// Which model the agreement follows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum AgreementModel {
    /// Model Verwerkersovereenkomst 4.0 of the Privacy Convenant Onderwijs.
    Model4,
    /// The vendor's own terms.
    VendorTerms,
    /// An Art. 26 arrangement between joint controllers.
    JointArrangement,
    /// An agreement negotiated with the vendor for the whole sector (by SIVON or SURF), which
    /// the school joined; name the party in `negotiated_by`.
    SectorAgreement,
    /// Something else.
    Other,
}

/// Who negotiated a sector agreement with the vendor on behalf of the schools.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum SectorParty {
    /// SIVON, the cooperative of school boards in primary, special and secondary education.
    Sivon,
    /// SURF, the cooperative of institutions in vocational and higher education.
    Surf,
}

/// The agreement with a vendor.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Agreement {
    /// Status.
    pub status: AgreementStatus,
    /// Model, when there is one.
    #[serde(default)]
    pub model: Option<AgreementModel>,
    /// For `sector-agreement`: who negotiated it, `sivon` or `surf`.
    #[serde(default)]
    pub negotiated_by: Option<SectorParty>,
    /// A privacy label (privacybijsluiter) is available.
    #[serde(default)]
    pub privacy_label: bool,
    /// Remark.
    #[serde(default)]
    pub note: Option<String>,
    /// Status of each clause of the catalogue (`data/clauses.yaml`); unanswered clauses are unknown.
    #[serde(default)]
    pub clauses: Vec<super::agreement::ClauseAnswer>,
}

/// A vendor or recipient.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Vendor {
    /// Legal name, e.g. "Meta Platforms Ireland Ltd.".
    pub name: String,
    /// Product, e.g. "Instagram".
    #[serde(default)]
    pub product: Option<String>,
    /// Role under the AVG.
    pub role: Role,
    /// Purposes of its own the vendor uses the data for (advertising, profiling…); empty: none.
    #[serde(default)]
    pub own_purposes: Vec<String>,
    /// The agreement.
    pub agreement: Agreement,
    /// Countries (ISO 3166 alpha-2) where data is stored or accessed, incl. support.
    pub locations: Vec<String>,
    /// Minimum age the vendor's terms set for users, if any.
    #[serde(default)]
    pub minimum_age: Option<u8>,
    /// Where the vendor's own terms let a user below `minimum_age` take part with parental
    /// consent: how, and when the terms were checked.
    #[serde(default)]
    pub below_minimum_age: Option<BelowMinimumAge>,
    /// The edition or licence the school uses, e.g. "Education Plus"; what it offers can
    /// differ (an EU data region, more controls).
    #[serde(default)]
    pub edition: Option<String>,
    /// Parts of the service for which the vendor is a controller itself, although it is the
    /// school's processor for the rest (e.g. additional services, connected experiences,
    /// diagnostic data for its own purposes).
    #[serde(default)]
    pub controller_parts: Vec<ControllerPart>,
    /// Settings the school chose, or that a published DPIA requires (an EU data region,
    /// end-to-end encryption, features switched off).
    #[serde(default)]
    pub settings: Vec<Setting>,
}

/// A part of a vendor's service for which the vendor decides on purposes and means itself.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct ControllerPart {
    /// The service or feature, e.g. "aanvullende diensten (YouTube, Maps)".
    pub service: String,
    /// Which data the vendor gets through it, in words.
    #[serde(default)]
    pub data: Option<String>,
    /// The vendor's own purposes for it, e.g. "productverbetering".
    #[serde(default)]
    pub purposes: Vec<String>,
    /// The vendor and the school decide together (joint controllers, Art. 26 AVG).
    #[serde(default)]
    pub joint: bool,
    /// The school switched this part off for its users.
    #[serde(default)]
    pub switched_off: bool,
    /// State of the agreement on this part (an arrangement between controllers or an Art. 26
    /// arrangement); not given: none.
    #[serde(default)]
    pub agreement: Option<AgreementStatus>,
}

/// A setting of a service that bears on the risks.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Setting {
    /// The setting in words, e.g. "opslag van inhoud in de EU-dataregio".
    pub setting: String,
    /// What requires it, e.g. "DPIA Google Workspace for Education (SIVON/SURF, 2021)"; not
    /// given: the school's own choice.
    #[serde(default)]
    pub required_by: Option<String>,
    /// The setting is in place.
    pub applied: bool,
}

/// What a vendor's terms allow for users below its minimum age, as the school checked them.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct BelowMinimumAge {
    /// What the terms allow, e.g. "onder 13 alleen met een account dat ouders beheren".
    pub terms: String,
    /// The date the school read the terms.
    pub checked: Date,
}

/// Answer to one WP248 criterion.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct CriterionAnswer {
    /// Whether the criterion is met.
    pub applies: bool,
    /// Why (or why not).
    #[serde(default)]
    pub reason: Option<String>,
}

/// The nine WP248 rev.01 criteria.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Criteria {
    /// 1 Evaluation or scoring, incl. profiling and prediction.
    pub evaluation: CriterionAnswer,
    /// 2 Automated decision-making with legal or similarly significant effect.
    pub automated_decision: CriterionAnswer,
    /// 3 Systematic monitoring.
    pub monitoring: CriterionAnswer,
    /// 4 Sensitive or highly personal data.
    pub sensitive: CriterionAnswer,
    /// 5 Large scale.
    pub large_scale: CriterionAnswer,
    /// 6 Matching or combining data sets.
    pub combining: CriterionAnswer,
    /// 7 Vulnerable data subjects.
    pub vulnerable: CriterionAnswer,
    /// 8 Innovative use or new technology.
    pub innovative: CriterionAnswer,
    /// 9 Prevents data subjects from exercising a right or using a service.
    pub blocking: CriterionAnswer,
}

/// Items of the AP list (Stcrt. 2019, 64418).
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Deserialize, Serialize, JsonSchema,
)]
#[serde(rename_all = "kebab-case")]
pub enum ApItem {
    /// 1 Heimelijk onderzoek.
    CovertInvestigation,
    /// 2 Zwarte lijsten.
    BlackLists,
    /// 3 Fraudebestrijding.
    FraudPrevention,
    /// 4 Creditscores.
    CreditScores,
    /// 5 Financiële situatie.
    FinancialSituation,
    /// 6 Genetische persoonsgegevens.
    GeneticData,
    /// 7 Gezondheidsgegevens.
    HealthData,
    /// 8 Samenwerkingsverbanden.
    Partnerships,
    /// 9 Cameratoezicht.
    CameraSurveillance,
    /// 10 Flexibel cameratoezicht.
    FlexibleCameraSurveillance,
    /// 11 Controle werknemers.
    EmployeeMonitoring,
    /// 12 Locatiegegevens.
    LocationData,
    /// 13 Communicatiegegevens.
    CommunicationData,
    /// 14 Internet of things.
    InternetOfThings,
    /// 15 Profilering.
    Profiling,
    /// 16 Observatie en beïnvloeding van gedrag.
    BehaviourObservation,
    /// 17 Biometrische gegevens.
    BiometricData,
}

/// An AP-list item that applies, with the reason.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct ApListAnswer {
    /// The item.
    pub item: ApItem,
    /// Why it applies.
    pub reason: String,
}

/// The FG's advice on the assessment (Art. 35(2) AVG).
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct FgAdvice {
    /// Date of the advice.
    pub date: Date,
    /// The advice in short.
    pub summary: String,
    /// Whether the board follows it.
    pub followed: bool,
    /// What the board did with the advice; why, when it does not follow it.
    #[serde(default)]
    pub response: Option<String>,
}

/// The controller's own words on the DPIA decision, and the answers the full DPIA needs beyond
/// the pre-DPIA's (the points of the Model DPIA Rijksdienst the rest of the file does not
/// cover). With all of them given, `render` writes the full DPIA.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct DpiaAnswers {
    /// Written justification; required before the verdict can be "not required".
    #[serde(default)]
    pub justification: Option<String>,
    /// The FG's advice, when given (Art. 35(2) AVG).
    #[serde(default)]
    pub fg_advice: Option<FgAdvice>,
    /// The interests of the school and of the data subjects in the processing (model point 7).
    #[serde(default)]
    pub interests: Option<Interests>,
    /// The laws, regulations and policies that apply, e.g. "Wet op het primair onderwijs
    /// (WPO), art. 8" or the school's privacy policy (model point 9).
    #[serde(default)]
    pub framework: Vec<String>,
    /// Purpose limitation: whether the data is used for anything beyond the purposes, by the
    /// school or a vendor, and why that is compatible or not allowed (Art. 5(1)(b), 6(4) AVG;
    /// model point 13).
    #[serde(default)]
    pub further_use: Option<String>,
    /// How each right of the data subjects is honoured (Art. 12–22 AVG; model point 15).
    #[serde(default)]
    pub rights: Option<Rights>,
    /// The views of the data subjects or their representatives, and how they were gathered
    /// (Art. 35(9) AVG), e.g. the (G)MR, a parents' panel, a pupil council.
    #[serde(default)]
    pub views: Vec<View>,
    /// Why the risks that remain after the measures are acceptable (model point 17).
    #[serde(default)]
    pub residual_acceptance: Option<String>,
}

/// The interests in the processing (model point 7).
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Interests {
    /// The school's interest.
    pub school: String,
    /// The interests of pupils, parents and staff: what the processing does for them and what
    /// is at stake for them.
    pub subjects: String,
}

/// How each right of the data subjects is honoured: who handles a request, how, and within
/// which term; or why a right does not apply.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Rights {
    /// Clear information beforehand (Art. 12–14 AVG).
    pub information: String,
    /// Access (Art. 15).
    pub access: String,
    /// Rectification and completion (Art. 16).
    pub rectification: String,
    /// Erasure (Art. 17).
    pub erasure: String,
    /// Restriction of processing (Art. 18).
    pub restriction: String,
    /// Data portability (Art. 20).
    pub portability: String,
    /// Objection (Art. 21).
    pub objection: String,
    /// Not being subject to a decision based solely on automated processing (Art. 22).
    pub automated_decisions: String,
}

/// Whose views were asked.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum ViewsOf {
    /// Parents and carers.
    Parents,
    /// Pupils.
    Pupils,
    /// Staff.
    Staff,
    /// The participation council ((G)MR) on their behalf.
    Council,
    /// Others.
    Other,
}

/// The views of one group on the intended processing (Art. 35(9) AVG).
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct View {
    /// Whose views.
    pub of: ViewsOf,
    /// How they were gathered, e.g. "ouderpanel van 12 ouders, 3 november 2026".
    pub how: String,
    /// What they said, and what the school did with it.
    pub outcome: String,
}

/// Feared event (CNIL method).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum RiskKind {
    /// Unlawful access.
    IllegitimateAccess,
    /// Unwanted change.
    UnwantedChange,
    /// Disappearance of data.
    Disappearance,
}

/// Likelihood and severity after measures.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Residual {
    /// Likelihood 1–4.
    pub likelihood: Score,
    /// Severity 1–4.
    pub severity: Score,
}

/// A risk for the data subjects.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Risk {
    /// The feared event in a sentence.
    pub event: String,
    /// Kind of feared event.
    pub kind: RiskKind,
    /// Likelihood 1–4 before measures.
    pub likelihood: Score,
    /// Severity 1–4 before measures.
    pub severity: Score,
    /// Measures that reduce it.
    #[serde(default)]
    pub measures: Vec<String>,
    /// Likelihood and severity after the measures.
    pub residual: Residual,
}

/// An action the organisation has planned.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct PlannedAction {
    /// What is to be done.
    pub action: String,
    /// Who does it.
    pub owner: String,
    /// By when.
    #[serde(default)]
    pub due: Option<Date>,
}
