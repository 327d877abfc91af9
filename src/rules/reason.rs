//! What every rule emits: [`Reason`]s and [`Finding`]s as data. A reason is a rule code, the
//! answers it rests on as typed values, and the legal references it cites by id; the templates
//! word all of it for their reader, in their language.

use crate::knowledge::references::Ref;
use serde::Serialize;

/// The value of an answer as a rule read it: typed, never worded.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "kind", content = "value", rename_all = "kebab-case")]
pub enum Value {
    /// A yes/no answer.
    Bool(bool),
    /// A whole number (a count, an age).
    Int(i64),
    /// A fraction (a probability, a threshold).
    Decimal(f64),
    /// One of a question's fixed choices, by its name in the questionnaire format.
    Choice(String),
    /// Words the user typed (a name, a purpose).
    Text(String),
    /// A country, by ISO 3166 code.
    Country(String),
    /// Several of the user's items.
    List(Vec<String>),
    /// The question is not answered.
    Missing,
    /// The question is answered (its text is not the point).
    Given,
    /// A date.
    Date(crate::model::Date),
    /// An age range; `to` absent means "from `from`".
    Ages {
        /// Youngest.
        from: u8,
        /// Oldest.
        to: Option<u8>,
    },
    /// How many WP248 criteria are met, and which (by number).
    Criteria {
        /// How many.
        count: usize,
        /// Their numbers, when the rule names them.
        numbers: Vec<u8>,
    },
    /// A high risk score.
    HighScore(u8),
    /// Items (e.g. clause ids) a list does not answer.
    Unanswered(Vec<String>),
}

impl Value {
    /// The questionnaire name of `choice`, any model enum (its serde name).
    pub fn choice(choice: impl Serialize) -> Value {
        Value::Choice(crate::model::name_of(&choice))
    }
}

impl From<bool> for Value {
    fn from(b: bool) -> Value {
        Value::Bool(b)
    }
}

macro_rules! whole_numbers {
    ($($t:ty),*) => {$(
        impl From<$t> for Value {
            fn from(n: $t) -> Value {
                Value::Int(n as i64)
            }
        }
    )*};
}
whole_numbers!(u8, u16, u32, usize, i32, i64);

impl From<f64> for Value {
    fn from(n: f64) -> Value {
        Value::Decimal(n)
    }
}

impl From<crate::model::Date> for Value {
    fn from(d: crate::model::Date) -> Value {
        Value::Date(d)
    }
}

impl From<&str> for Value {
    fn from(s: &str) -> Value {
        Value::Text(s.to_string())
    }
}

impl From<String> for Value {
    fn from(s: String) -> Value {
        Value::Text(s)
    }
}

impl From<&String> for Value {
    fn from(s: &String) -> Value {
        Value::Text(s.clone())
    }
}

/// One answer that led to a conclusion.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Answer {
    /// Field path in the questionnaire, e.g. `criteria.vulnerable.applies`.
    pub field: String,
    /// The answer.
    pub value: Value,
    /// The item of a list the answer concerns (e.g. a clause id), when the field does not say.
    pub item: Option<String>,
}

/// Why a conclusion was drawn: a rule code (the templates turn it into a sentence), the answers
/// it rests on and the legal references it cites.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Reason {
    /// Stable code of the rule, e.g. `wp248-two-or-more`.
    pub code: &'static str,
    /// The answers it rests on.
    pub answers: Vec<Answer>,
    /// Legal references, by id in `data/references.yaml`.
    pub references: Vec<Ref>,
}

impl Reason {
    /// A reason with no answers yet.
    pub fn new(code: &'static str, references: &[Ref]) -> Self {
        Reason {
            code,
            answers: Vec::new(),
            references: references.to_vec(),
        }
    }

    /// Adds an answer.
    pub fn answer(mut self, field: impl Into<String>, value: impl Into<Value>) -> Self {
        self.answers.push(Answer {
            field: field.into(),
            value: value.into(),
            item: None,
        });
        self
    }

    /// Adds an answer about one `item` of a list.
    pub fn answer_about(
        mut self,
        field: impl Into<String>,
        value: impl Into<Value>,
        item: impl Into<String>,
    ) -> Self {
        self.answers.push(Answer {
            field: field.into(),
            value: value.into(),
            item: Some(item.into()),
        });
        self
    }
}

/// How much a finding weighs in the overall advice.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Severity {
    /// Worth noting; no action needed before use.
    Low,
    /// Must be solved; use only with this measure.
    Medium,
    /// Blocks use until solved (the AP: otherwise, don't).
    Blocking,
}

/// Where a finding belongs in the documents, beside the overall list of actions.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Section {
    /// Only the overall list.
    General,
    /// The DTIA's step 2: the transfer tool.
    TransferTool,
}

/// A problem or point of attention found by a rule; becomes an action in the documents.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Finding {
    /// How much it weighs.
    pub severity: Severity,
    /// Why: code, answers, references. The code selects the sentence in the templates.
    pub reason: Reason,
    /// The subject of the finding (a vendor's name, a country, a purpose), for the sentence.
    pub subject: Option<String>,
    /// The document section it belongs to.
    pub section: Section,
}

impl Finding {
    /// A finding of `severity` for `reason`.
    pub fn new(severity: Severity, reason: Reason) -> Self {
        Finding {
            severity,
            reason,
            subject: None,
            section: Section::General,
        }
    }

    /// Names what the finding is about.
    pub fn about(mut self, subject: impl Into<String>) -> Self {
        self.subject = Some(subject.into());
        self
    }

    /// Places the finding in `section` too.
    pub fn in_section(mut self, section: Section) -> Self {
        self.section = section;
        self
    }
}
