//! Values the DTIA template needs beyond the conclusions: probabilities written as percentages
//! in the document's language, the numbers of the threshold chart, its alt text, and the date and
//! sources of the lawful-access data.

use crate::knowledge::lawful_access::LawfulAccessData;
use crate::lang::Lang;
use crate::rules::dtia::{Calculation, DtiaConclusion};
use serde::Serialize;

/// A probability as the document prints it (`"2,5 %"` in Dutch, `"2.5%"` in English) and as
/// the chart needs it (a Typst float literal).
#[derive(Debug, Clone, Serialize)]
pub struct Pct {
    /// Percentage in the document's language, e.g. `"0,75 %"`.
    pub text: String,
    /// Typst float literal, e.g. `0.0075`.
    pub value: String,
}

impl Pct {
    /// Formats `p` (0 to 1) for a document in `lang`.
    pub fn new(p: f64, lang: Lang) -> Pct {
        Pct {
            text: lang.percent(p),
            value: format!("{p:.10}"),
        }
    }
}

/// One factor of a scenario.
#[derive(Debug, Clone, Serialize)]
pub struct FactorView {
    /// Its probability.
    pub probability: Pct,
    /// The product so far.
    pub cumulative: Pct,
}

/// One scenario.
#[derive(Debug, Clone, Serialize)]
pub struct ScenarioView {
    /// "S1", "S2", …
    pub label: String,
    /// Its probability over the period.
    pub probability: Pct,
    /// Its factors, in order.
    pub factors: Vec<FactorView>,
}

/// The calculation of one transfer, formatted.
#[derive(Debug, Clone, Serialize)]
pub struct CalculationView {
    /// The scenarios.
    pub scenarios: Vec<ScenarioView>,
    /// The combined probability.
    pub total: Pct,
    /// The threshold.
    pub threshold: Pct,
    /// Alt text of the chart.
    pub alt: String,
}

/// What the DTIA template sees besides the conclusions.
#[derive(Debug, Clone, Serialize)]
pub struct DtiaView {
    /// Per transfer (same order as `c.dtia.transfers`), its calculation when it has one.
    pub calculations: Vec<Option<CalculationView>>,
    /// When the data about foreign laws was last checked.
    pub checked: String,
    /// Its sources.
    pub source: String,
    /// Where the default threshold comes from, in the document's language.
    pub threshold_source: String,
    /// Default period and threshold, for the method section.
    pub default_period_years: u8,
    /// Default threshold.
    pub default_threshold: Pct,
    /// What to check for DPF transfers, in the document's language.
    pub dpf_watch: String,
}

/// `p` (0 to 1) as a Dutch percentage with about three significant digits: `"6,89 %"`,
/// `"0,05 %"`, `"10 %"` (see [`Lang::percent`]).
pub fn percent_nl(p: f64) -> String {
    Lang::Nl.percent(p)
}

fn calculation(c: &Calculation, lang: Lang) -> CalculationView {
    let scenarios: Vec<ScenarioView> = c
        .scenarios
        .iter()
        .enumerate()
        .map(|(i, s)| ScenarioView {
            label: format!("S{}", i + 1),
            probability: Pct::new(s.probability, lang),
            factors: s
                .factors
                .iter()
                .map(|f| FactorView {
                    probability: Pct::new(f.probability, lang),
                    cumulative: Pct::new(f.cumulative, lang),
                })
                .collect(),
        })
        .collect();
    let parts: Vec<String> = scenarios
        .iter()
        .map(|s| format!("{} {}", s.label, s.probability.text))
        .collect();
    let (total, threshold) = (lang.percent(c.total), lang.percent(c.threshold));
    let alt = match lang {
        Lang::Nl => format!(
            "Staafdiagram op logaritmische schaal: {}; samen {total}, tegenover een drempel van {threshold} ({}).",
            parts.join(", "),
            if c.within_threshold {
                "onder of op de drempel"
            } else {
                "boven de drempel"
            }
        ),
        Lang::En => format!(
            "Bar chart on a logarithmic scale: {}; combined {total}, against a threshold of {threshold} ({}).",
            parts.join(", "),
            if c.within_threshold {
                "at or below the threshold"
            } else {
                "above the threshold"
            }
        ),
    };
    CalculationView {
        scenarios,
        total: Pct::new(c.total, lang),
        threshold: Pct::new(c.threshold, lang),
        alt,
    }
}

impl DtiaView {
    /// The view of `d` for a document in `lang`.
    pub fn new(d: &DtiaConclusion, data: &LawfulAccessData, lang: Lang) -> DtiaView {
        let (threshold_source, dpf_watch) = match lang {
            Lang::Nl => (&data.threshold_source, &data.dpf_watch),
            Lang::En => (&data.threshold_source_en, &data.dpf_watch_en),
        };
        DtiaView {
            calculations: d
                .transfers
                .iter()
                .map(|t| t.calculation.as_ref().map(|c| calculation(c, lang)))
                .collect(),
            checked: data.checked.clone(),
            source: data.source.clone(),
            threshold_source: threshold_source.clone(),
            default_period_years: data.default_period_years,
            default_threshold: Pct::new(data.default_threshold, lang),
            dpf_watch: dpf_watch.clone(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percentages_are_dutch_with_three_significant_digits() {
        assert_eq!(percent_nl(0.1), "10 %");
        assert_eq!(percent_nl(0.068905), "6,89 %");
        assert_eq!(percent_nl(0.0005), "0,05 %");
        assert_eq!(percent_nl(0.000123456), "0,0123 %");
        assert_eq!(percent_nl(1.0), "100 %");
        assert_eq!(percent_nl(0.0), "0 %");
        assert_eq!(Pct::new(0.0075, Lang::Nl).value, "0.0075000000");
        assert_eq!(Pct::new(0.0075, Lang::En).text, "0.75%");
    }
}
