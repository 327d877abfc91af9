//! The language of the documents: Dutch (the default) or English.
//!
//! Rules are language-neutral: they emit reasons as data, and the templates of each language
//! (`templates/nl/`, `templates/en/`) word them; legal references carry both forms in
//! `data/references.yaml`. What is left here is formatting: dates and percentages. User text
//! (the answers) is never translated.

use crate::model::Date;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// The language a document is written in: `nl` (default) or `en`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    /// Dutch.
    #[default]
    Nl,
    /// English.
    En,
}

impl Lang {
    /// Every language, default first.
    pub const ALL: [Lang; 2] = [Lang::Nl, Lang::En];

    /// The ISO 639-1 code, which also names the template folder (`nl`, `en`).
    pub fn code(self) -> &'static str {
        match self {
            Lang::Nl => "nl",
            Lang::En => "en",
        }
    }

    /// The one of `nl` and `en` that is in this language.
    pub fn pick<T>(self, nl: T, en: T) -> T {
        match self {
            Lang::Nl => nl,
            Lang::En => en,
        }
    }

    /// A date in words: "1 november 2026" (Dutch) or "1 November 2026" (English).
    pub fn date(self, d: Date) -> String {
        let months = match self {
            Lang::Nl => &MONTHS_NL,
            Lang::En => &MONTHS_EN,
        };
        format!(
            "{} {} {}",
            d.day,
            months[usize::from(d.month.clamp(1, 12)) - 1],
            d.year
        )
    }

    /// A large count as a reader takes it in: below 100 exact, else rounded down to two
    /// significant digits with a thousands separator and "ruim"/"over" before it when
    /// something was left off: 73 → "73", 21741 → "ruim 21.000" / "over 21,000".
    pub fn about(self, n: u64) -> String {
        let mut step = 1;
        while n / step >= 100 {
            step *= 10;
        }
        let rounded = n / step * step;
        let separator = match self {
            Lang::Nl => '.',
            Lang::En => ',',
        };
        let digits = rounded.to_string();
        let mut grouped = String::new();
        for (i, c) in digits.chars().enumerate() {
            if i > 0 && (digits.len() - i).is_multiple_of(3) {
                grouped.push(separator);
            }
            grouped.push(c);
        }
        match (rounded == n, self) {
            (true, _) => grouped,
            (false, Lang::Nl) => format!("ruim {grouped}"),
            (false, Lang::En) => format!("over {grouped}"),
        }
    }

    /// `p` (0 to 1) as a percentage with about three significant digits: `"6,89 %"` in Dutch,
    /// `"6.89%"` in English.
    pub fn percent(self, p: f64) -> String {
        let v = p * 100.0;
        let digits = if v == 0.0 || !v.is_finite() {
            "0".to_string()
        } else {
            let magnitude = v.abs().log10().floor() as i32;
            let decimals = (2 - magnitude).clamp(0, 8) as usize;
            let mut s = format!("{v:.decimals$}");
            if s.contains('.') {
                s = s.trim_end_matches('0').trim_end_matches('.').to_string();
            }
            s
        };
        match self {
            Lang::Nl => format!("{} %", digits.replace('.', ",")),
            Lang::En => format!("{digits}%"),
        }
    }
}

const MONTHS_NL: [&str; 12] = [
    "januari",
    "februari",
    "maart",
    "april",
    "mei",
    "juni",
    "juli",
    "augustus",
    "september",
    "oktober",
    "november",
    "december",
];

const MONTHS_EN: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_in_words() {
        let d = Date {
            year: 2026,
            month: 11,
            day: 1,
        };
        assert_eq!(Lang::Nl.date(d), "1 november 2026");
        assert_eq!(Lang::En.date(d), "1 November 2026");
    }

    #[test]
    fn large_counts_are_rounded_down_and_grouped() {
        for (n, nl, en) in [
            (73, "73", "73"),
            (100, "100", "100"),
            (173, "ruim 170", "over 170"),
            (21741, "ruim 21.000", "over 21,000"),
            (1_000_000, "1.000.000", "1,000,000"),
            (1_234_567, "ruim 1.200.000", "over 1,200,000"),
        ] {
            assert_eq!(Lang::Nl.about(n), nl);
            assert_eq!(Lang::En.about(n), en);
        }
    }

    #[test]
    fn percentages_with_three_significant_digits() {
        for (p, nl, en) in [
            (0.1, "10 %", "10%"),
            (0.068905, "6,89 %", "6.89%"),
            (0.0005, "0,05 %", "0.05%"),
            (0.000123456, "0,0123 %", "0.0123%"),
            (1.0, "100 %", "100%"),
            (0.0, "0 %", "0%"),
        ] {
            assert_eq!(Lang::Nl.percent(p), nl);
            assert_eq!(Lang::En.percent(p), en);
        }
    }
}
