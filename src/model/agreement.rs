//! Per-clause answers about the agreement with a vendor: which clause of the catalogue
//! (`data/clauses.yaml`), its status in the vendor's contract, the contract article and a remark.
//!
//! The answers are optional: a clause that is not answered counts as `unknown`, never as present.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// Status of one clause in the vendor's contract.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum ClauseStatus {
    /// The contract covers it fully.
    Present,
    /// The contract covers it in part.
    Partly,
    /// The contract does not cover it.
    Absent,
    /// Not (yet) checked.
    Unknown,
}

/// The answer for one clause.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct ClauseAnswer {
    /// Clause id from the catalogue, e.g. `sub-processors`.
    pub id: String,
    /// Status in the contract.
    pub status: ClauseStatus,
    /// Where in the contract, e.g. "art. 7.2" or "bijsluiter, par. C".
    #[serde(default)]
    pub article: Option<String>,
    /// Remark, e.g. what is missing.
    #[serde(default)]
    pub remark: Option<String>,
}
