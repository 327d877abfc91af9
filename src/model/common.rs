//! Small value types shared by both questionnaire kinds: dates, persons, scores.

use schemars::JsonSchema;
use serde::{Deserialize, Deserializer, Serialize};
use std::fmt;

/// A calendar date written as `YYYY-MM-DD`; dates that do not exist are refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    /// Year, e.g. 2026.
    pub year: i32,
    /// Month, 1–12.
    pub month: u8,
    /// Day of the month, 1–31.
    pub day: u8,
}

impl Date {
    /// Parses `YYYY-MM-DD`, checking that the day exists in that month.
    pub fn parse(s: &str) -> Result<Date, String> {
        let bad = || format!("`{s}` is not a date: write it as YYYY-MM-DD, e.g. 2026-11-01");
        let parts: Vec<&str> = s.trim().split('-').collect();
        if parts.len() != 3 || parts[0].len() != 4 || parts[1].len() != 2 || parts[2].len() != 2 {
            return Err(bad());
        }
        let year: i32 = parts[0].parse().map_err(|_| bad())?;
        let month: u8 = parts[1].parse().map_err(|_| bad())?;
        let day: u8 = parts[2].parse().map_err(|_| bad())?;
        if !(1..=12).contains(&month) {
            return Err(format!("`{s}` has month {month}: a month is 1 to 12"));
        }
        let last = days_in_month(year, month);
        if day == 0 || day > last {
            return Err(format!(
                "`{s}` does not exist: month {month} of {year} has {last} days"
            ));
        }
        Ok(Date { year, month, day })
    }
}

fn days_in_month(year: i32, month: u8) -> u8 {
    match month {
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

impl<'de> Deserialize<'de> for Date {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        Date::parse(&s).map_err(serde::de::Error::custom)
    }
}

impl JsonSchema for Date {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Date".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "description": "A calendar date written as YYYY-MM-DD, e.g. 2026-11-01.",
            "type": "string",
            "pattern": "^[0-9]{4}-[0-9]{2}-[0-9]{2}$"
        })
    }
}

impl Serialize for Date {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.to_string())
    }
}

/// A named person with an optional e-mail address (privacy officer, FG, author).
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Person {
    /// Full name.
    pub name: String,
    /// Function or role, e.g. "privacy officer".
    #[serde(default)]
    pub role: Option<String>,
    /// E-mail address.
    #[serde(default)]
    pub email: Option<String>,
}

/// A score on the four-step scale used for likelihood and severity (1 negligible … 4 maximum).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct Score(pub u8);

impl<'de> Deserialize<'de> for Score {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let n = i64::deserialize(d)?;
        if (1..=4).contains(&n) {
            Ok(Score(n as u8))
        } else {
            Err(serde::de::Error::custom(format!(
                "{n} is out of range: a score is 1 (verwaarloosbaar), 2 (beperkt), 3 (aanzienlijk) or 4 (maximaal)"
            )))
        }
    }
}

impl JsonSchema for Score {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Score".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "description": "1 (verwaarloosbaar), 2 (beperkt), 3 (aanzienlijk) or 4 (maximaal).",
            "type": "integer",
            "minimum": 1,
            "maximum": 4
        })
    }
}

/// Status of an assessment document.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum Status {
    /// Draft, not yet adopted.
    #[serde(alias = "draft")]
    Concept,
    /// Adopted by the board.
    #[serde(alias = "adopted")]
    Vastgesteld,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_valid_dates_and_leap_days() {
        assert_eq!(Date::parse("2026-11-01").unwrap().to_string(), "2026-11-01");
        assert!(Date::parse("2024-02-29").is_ok());
        assert!(Date::parse("2000-02-29").is_ok());
    }

    #[test]
    fn refuses_dates_that_do_not_exist() {
        assert!(
            Date::parse("2026-02-29")
                .unwrap_err()
                .contains("does not exist")
        );
        assert!(Date::parse("1900-02-29").is_err());
        assert!(Date::parse("2026-04-31").is_err());
        assert!(Date::parse("2026-13-01").unwrap_err().contains("month"));
        assert!(Date::parse("1-11-2026").is_err());
        assert!(Date::parse("2026-11-00").is_err());
    }
}
