//! A transfer of personal data outside the EEA (`transfers:` in an activity), with the answers
//! the transfer impact assessment (DTIA) needs: what goes where and how, the transfer tool, the
//! supplementary measures and the inputs of the quantified lawful-access assessment.
//!
//! Only `importer`, `country` and `tool` are required: a school often does not know the rest at
//! first, and the DTIA then says what is missing.

use super::activity::{Group, Role};
use schemars::JsonSchema;
use serde::{Deserialize, Deserializer, Serialize};

/// The transfer tool of Chapter V AVG.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum TransferTool {
    /// Adequacy decision (Art. 45) other than the DPF.
    Adequacy,
    /// EU-US Data Privacy Framework (Decision 2023/1795).
    Dpf,
    /// Standard contractual clauses 2021/914.
    Scc,
    /// Binding corporate rules.
    Bcr,
    /// Art. 49 derogation.
    Derogation,
    /// No tool.
    None,
}

/// A probability between 0 and 1 inclusive, e.g. `0.05` for 5 %.
#[derive(Debug, Clone, Copy, PartialEq, PartialOrd, Serialize)]
pub struct Probability(pub f64);

impl<'de> Deserialize<'de> for Probability {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let p = f64::deserialize(d)?;
        if p.is_finite() && (0.0..=1.0).contains(&p) {
            Ok(Probability(p))
        } else {
            Err(serde::de::Error::custom(format!(
                "{p} is out of range: a probability is a number from 0 to 1, e.g. 0.05 for 5 %"
            )))
        }
    }
}

impl JsonSchema for Probability {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Probability".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "description": "A probability from 0 to 1, e.g. 0.05 for 5 %.",
            "type": "number",
            "minimum": 0,
            "maximum": 1
        })
    }
}

/// A module of the standard contractual clauses 2021/914: 1 to 4.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct SccModule(pub u8);

impl<'de> Deserialize<'de> for SccModule {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let n = i64::deserialize(d)?;
        if (1..=4).contains(&n) {
            Ok(SccModule(n as u8))
        } else {
            Err(serde::de::Error::custom(format!(
                "{n} is not a module: the clauses of 2021/914 have modules 1 (controller to controller), 2 (controller to processor), 3 (processor to processor) and 4 (processor to controller)"
            )))
        }
    }
}

impl JsonSchema for SccModule {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "SccModule".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "description": "Module 1 (controller to controller), 2 (controller to processor), 3 (processor to processor) or 4 (processor to controller).",
            "type": "integer",
            "minimum": 1,
            "maximum": 4
        })
    }
}

/// The derogations of Art. 49(1) AVG.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum Derogation {
    /// (a) explicit consent after being informed of the risks.
    ExplicitConsent,
    /// (b) necessary for a contract with the data subject.
    Contract,
    /// (c) a contract in the data subject's interest.
    ContractInInterest,
    /// (d) important reasons of public interest.
    PublicInterest,
    /// (e) legal claims.
    LegalClaims,
    /// (f) vital interests.
    VitalInterests,
    /// (g) a public register.
    PublicRegister,
    /// Second subparagraph: compelling legitimate interests.
    CompellingInterests,
}

/// What kind of service the importer provides, which decides which foreign laws reach it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum ImporterKind {
    /// E-mail, chat, video calls, cloud storage, hosting, social media: an electronic
    /// communication or remote computing service.
    CommunicationService,
    /// None of those (e.g. a consultancy receiving a report).
    Other,
    /// Not known; treated as a communication service.
    #[default]
    Unknown,
}

/// How often data goes to the importer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum Frequency {
    /// All the time (the service runs there).
    Continuous,
    /// Regularly, e.g. every week or for every support request.
    Regular,
    /// Occasionally and not repeated (e.g. once, for one trip abroad).
    Occasional,
}

/// How the importer gets at the data.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum AccessType {
    /// The data is stored there.
    Storage,
    /// Staff there can see the data, e.g. for support or maintenance.
    RemoteSupport,
    /// The importer passes the data on (onward transfer).
    OnwardTransfer,
    /// The data only passes through on its way.
    Transit,
}

/// Who holds the keys of the encryption at rest.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum KeyHolder {
    /// The importer (provider-managed keys).
    Importer,
    /// The school, in the EEA; the importer never sees them.
    #[serde(alias = "exporter")]
    School,
}

/// A sub-processor of the importer.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct SubProcessor {
    /// Name.
    pub name: String,
    /// Country (ISO 3166 alpha-2).
    pub country: String,
    /// What it does.
    #[serde(default)]
    pub task: Option<String>,
}

/// The measures protecting a transfer.
#[derive(Debug, Clone, Default, Deserialize, Serialize, JsonSchema, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct TransferMeasures {
    /// Data is encrypted on its way (TLS or better).
    #[serde(default)]
    pub encryption_in_transit: bool,
    /// Data is encrypted where it is stored.
    #[serde(default)]
    pub encryption_at_rest: bool,
    /// Who holds the keys of the encryption at rest; not known: the importer.
    #[serde(default)]
    pub keys: Option<KeyHolder>,
    /// Data is pseudonymised before it leaves the school.
    #[serde(default)]
    pub pseudonymised: bool,
    /// The importer can link pseudonymised data back to persons; not known: yes.
    #[serde(default)]
    pub importer_can_reidentify: Option<bool>,
    /// Contractual measures, e.g. "melding van elk verzoek van een overheid".
    #[serde(default)]
    pub contractual: Vec<String>,
    /// Organisational measures, e.g. "transparantierapport jaarlijks gecontroleerd".
    #[serde(default)]
    pub organisational: Vec<String>,
}

/// One condition in the chain a lawful-access scenario needs, with its estimated probability.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Factor {
    /// The condition, e.g. "een Amerikaanse dienst wil gegevens van deze school".
    pub condition: String,
    /// Its probability over the assessment period, given the conditions before it.
    pub probability: Probability,
    /// Why this estimate; Markdown allowed.
    pub justification: String,
}

/// A scenario of foreign lawful access.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Scenario {
    /// The scenario in a sentence.
    pub name: String,
    /// The law it rests on, an id from dpiagen's list of laws (e.g. `fisa-702`).
    #[serde(default)]
    pub law: Option<String>,
    /// The chain of conditions; all must be met for the access to succeed.
    pub factors: Vec<Factor>,
}

/// The inputs of the quantified lawful-access assessment.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct LawfulAccess {
    /// Assessment period in years; default from dpiagen's data (5).
    #[serde(default)]
    pub period_years: Option<u8>,
    /// Highest acceptable probability over the period; default from dpiagen's data (0.10).
    #[serde(default)]
    pub threshold: Option<Probability>,
    /// The scenarios.
    pub scenarios: Vec<Scenario>,
}

/// A transfer of personal data outside the EEA.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Transfer {
    /// Who receives the data.
    pub importer: String,
    /// The importer's role under the AVG.
    #[serde(default)]
    pub importer_role: Option<Role>,
    /// What kind of service the importer provides.
    #[serde(default)]
    pub importer_kind: ImporterKind,
    /// Country (ISO 3166 alpha-2).
    pub country: String,
    /// Transfer tool.
    pub tool: TransferTool,
    /// Further transfer tools for the same importer beside `tool`, e.g. `[scc]` beside
    /// `tool: dpf`; the rules rely on the strongest one that holds.
    #[serde(default)]
    pub tools: Vec<TransferTool>,
    /// For `dpf` (in `tool` or `tools`): the importer is certified under the DPF.
    #[serde(default)]
    pub dpf_certified: Option<bool>,
    /// For `scc`: the module of the clauses.
    #[serde(default)]
    pub scc_module: Option<SccModule>,
    /// For `derogation`: which one.
    #[serde(default)]
    pub derogation: Option<Derogation>,
    /// Which data goes there (names as in `data`).
    #[serde(default)]
    pub data: Vec<String>,
    /// Whose data.
    #[serde(default)]
    pub subjects: Vec<Group>,
    /// What the importer does with it.
    #[serde(default)]
    pub purpose: Option<String>,
    /// How often.
    #[serde(default)]
    pub frequency: Option<Frequency>,
    /// How much, in words, e.g. "alle 420 leerlingen, doorlopend".
    #[serde(default)]
    pub volume: Option<String>,
    /// How the importer gets at the data.
    #[serde(default)]
    pub access: Vec<AccessType>,
    /// The importer's sub-processors.
    #[serde(default)]
    pub sub_processors: Vec<SubProcessor>,
    /// Technical, contractual and organisational measures.
    #[serde(default)]
    pub measures: TransferMeasures,
    /// The quantified lawful-access assessment.
    #[serde(default)]
    pub lawful_access: Option<LawfulAccess>,
}
