//! The language of the documents: Dutch (the default) or English.
//!
//! Rules are language-neutral: they emit stable reason *codes*, and the templates of each
//! language (`templates/nl/`, `templates/en/`) turn a code into a sentence. What is left here are
//! the few strings Rust itself prepares for the documents: dates and percentages in words, and
//! the English form of the legal references and of the handful of Dutch answer values the rules
//! write (e.g. `(leeg)`), which the English templates pass through the `reference_en` and
//! `answer_en` filters. User text (the answers) is never translated.

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

/// Whole phrases of the Dutch legal references, replaced first (longest and most specific
/// first). Dutch proper names (laws, decisions, publications) stay, with an English gloss where
/// a reader needs one.
const REFERENCE_PHRASES: &[(&str, &str)] = &[
    (
        "Wet medezeggenschap op scholen (instemmingsrecht van de (G)MR)",
        "Wet medezeggenschap op scholen (WMS, Participation in Schools Act): consent right of the (G)MR",
    ),
    (
        "landelijke afspraak over mobiele telefoons in de klas (vo vanaf 1 januari 2024; po en so vanaf schooljaar 2024–2025)",
        "national agreement on mobile phones in the classroom (secondary schools from 1 January 2024; primary and special schools from the 2024–2025 school year)",
    ),
    (
        "Besluit lijst verwerkingen DPIA verplicht",
        "Besluit lijst verwerkingen DPIA verplicht (the AP's list of processing operations requiring a DPIA)",
    ),
    (
        "advies AP over sociale media in het onderwijs",
        "AP advice on social media in education",
    ),
    (
        "gebruiksvoorwaarden van het platform",
        "the platform's terms of use",
    ),
    ("Art. 49 lid 1 en lid 3", "Art. 49(1) and 49(3)"),
    (
        "Art. 6(1), laatste alinea,",
        "Art. 6(1), second subparagraph,",
    ),
    ("EDPB-aanbevelingen", "EDPB Recommendations"),
    ("EDPB-richtsnoeren", "EDPB Guidelines"),
    ("Uitvoeringsbesluit (EU)", "Implementing Decision (EU)"),
    ("HvJ EU", "CJEU"),
    ("Clausule", "Clause"),
    ("clausules", "Clauses"),
    ("clausule", "Clause"),
    ("overweging", "Recital"),
    ("criterium", "criterion"),
    ("aanhef AVG", "AVG, introductory wording"),
    ("tweede alinea AVG", "AVG, second subparagraph"),
    ("eerste zin AVG", "AVG, first sentence"),
    ("tweede zin AVG", "AVG, second sentence"),
    ("laatste zin AVG", "AVG, last sentence"),
    ("bijlage", "Annex"),
    ("nrs.", "paras."),
    (", stap ", ", step "),
];

/// The English form of a legal reference written in Dutch, e.g. `Art. 46 lid 2 sub c AVG;
/// clausule 14 SCC` → `Art. 46(2)(c) GDPR; Clause 14 SCC`. Unknown words are kept.
pub fn reference_en(reference: &str) -> String {
    let mut text = reference.to_string();
    for (nl, en) in REFERENCE_PHRASES {
        text = text.replace(nl, en);
    }
    // Word by word: `lid 2` and `sub c` become `(2)` and `(c)` on the article before them.
    let mut out: Vec<String> = Vec::new();
    let mut words = text.split(' ').peekable();
    while let Some(word) = words.next() {
        if matches!(word, "lid" | "sub")
            && let (Some(last), Some(next)) = (out.last_mut(), words.peek())
            && next.starts_with(|c: char| c.is_ascii_alphanumeric())
        {
            let core = next.trim_end_matches([',', ';', ')']);
            let tail = &next[core.len()..];
            last.push_str(&format!("({core}){tail}"));
            words.next();
            continue;
        }
        let core = word.trim_end_matches([',', ';', ')']);
        let tail = &word[core.len()..];
        let english = match core {
            "en" => "and",
            "art." => "Art.",
            "AVG" => "GDPR",
            other => other,
        };
        out.push(format!("{english}{tail}"));
    }
    out.join(" ")
}

/// The English form of an answer value as the rules print it next to a conclusion. The rules
/// pass the answers through as written (user text stays as it is) and add a few Dutch words of
/// their own, which are translated here; anything else is returned unchanged.
pub fn answer_en(value: &str) -> String {
    const EXACT: &[(&str, &str)] = &[
        ("geen model-4", "not Model 4.0"),
        ("ingevuld", "filled in"),
        ("gegeven", "given"),
        ("onbekend", "unknown"),
        ("zonder parents", "without parents"),
        ("zonder pupils", "without pupils"),
        ("(leeg)", "(empty)"),
    ];
    if let Some((_, en)) = EXACT.iter().find(|(nl, _)| *nl == value) {
        return (*en).to_string();
    }
    if let Some(rest) = value.strip_prefix("niet beantwoord") {
        return format!("not answered{rest}");
    }
    // A number followed by a word of the rules: `4 vervuld (1, 4, 6, 7)`, `12 (hoog)`;
    // `vanaf 10` (an age).
    let digits = value.bytes().take_while(u8::is_ascii_digit).count();
    if digits > 0 {
        let (number, rest) = value.split_at(digits);
        if let Some(list) = rest.strip_prefix(" vervuld") {
            return format!("{number} met{list}");
        }
        if rest == " (hoog)" {
            return format!("{number} (high)");
        }
    }
    if let Some(age) = value.strip_prefix("vanaf ")
        && !age.is_empty()
        && age.bytes().all(|b| b.is_ascii_digit())
    {
        return format!("from {age}");
    }
    value.to_string()
}

/// The English form of a field path as the rules print it: `x: advies` (the advice of the
/// activity `x`) becomes `x: advice`; answer paths are the same in both languages.
pub fn field_en(field: &str) -> String {
    match field.strip_suffix(": advies") {
        Some(id) => format!("{id}: advice"),
        None => field.to_string(),
    }
}

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

    #[test]
    fn references_in_english() {
        for (nl, en) in [
            ("Art. 35(3)(b) AVG", "Art. 35(3)(b) GDPR"),
            ("Art. 7 en 8 AVG", "Art. 7 and 8 GDPR"),
            ("Art. 8 AVG; art. 5 UAVG", "Art. 8 GDPR; Art. 5 UAVG"),
            ("Art. 49 lid 1 AVG", "Art. 49(1) GDPR"),
            ("Art. 49 lid 1 en lid 3 AVG", "Art. 49(1) and 49(3) GDPR"),
            (
                "Art. 4 sub 5 AVG; EDPB-aanbevelingen 01/2020, use case 2",
                "Art. 4(5) GDPR; EDPB Recommendations 01/2020, use case 2",
            ),
            (
                "Art. 46 lid 2 sub c AVG; clausule 14 SCC (Uitvoeringsbesluit (EU) 2021/914); HvJ EU C-311/18 (Schrems II)",
                "Art. 46(2)(c) GDPR; Clause 14 SCC (Implementing Decision (EU) 2021/914); CJEU C-311/18 (Schrems II)",
            ),
            (
                "Art. 46 lid 2 sub b en art. 47 AVG; HvJ EU C-311/18 (Schrems II)",
                "Art. 46(2)(b) and Art. 47 GDPR; CJEU C-311/18 (Schrems II)",
            ),
            (
                "Art. 7(4) AVG; overweging 42 AVG",
                "Art. 7(4) GDPR; Recital 42 GDPR",
            ),
            (
                "Art. 28(3) aanhef AVG",
                "Art. 28(3) GDPR, introductory wording",
            ),
            (
                "Art. 26(1) laatste zin AVG; EDPB-richtsnoeren 07/2020",
                "Art. 26(1) GDPR, last sentence; EDPB Guidelines 07/2020",
            ),
            (
                "WP248 rev.01, criterium 7; overweging 38 AVG",
                "WP248 rev.01, criterion 7; Recital 38 GDPR",
            ),
            (
                "Model Verwerkersovereenkomst 4.0, bijlage 1",
                "Model Verwerkersovereenkomst 4.0, Annex 1",
            ),
            (
                "EDPB-aanbevelingen 01/2020, nrs. 99–141 en bijlage 2",
                "EDPB Recommendations 01/2020, paras. 99–141 and Annex 2",
            ),
            (
                "Art. 6(1), laatste alinea, AVG",
                "Art. 6(1), second subparagraph, GDPR",
            ),
        ] {
            assert_eq!(reference_en(nl), en, "{nl}");
        }
    }

    /// Every legal reference in the rules and the clause catalogue reads as English once
    /// translated (only Dutch proper names remain).
    #[test]
    fn no_dutch_word_is_left_in_any_reference() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut references: Vec<String> = Vec::new();
        for entry in walkdir::WalkDir::new(root.join("src/rules")) {
            let entry = entry.unwrap();
            if entry.path().extension().is_some_and(|e| e == "rs") {
                let text = std::fs::read_to_string(entry.path()).unwrap();
                references.extend(string_literals(&text).into_iter().filter(|s| {
                    [
                        "AVG",
                        "EDPB",
                        "HvJ",
                        "WP248",
                        "Uitvoeringsbesluit",
                        "Stcrt",
                        "Wet ",
                        "landelijke",
                        "Model Verwerkers",
                    ]
                    .iter()
                    .any(|k| s.contains(k))
                        && !s.contains('\n')
                        && !s.contains('{')
                }));
            }
        }
        references.extend(
            crate::clauses::ClauseCatalogue::builtin()
                .clauses
                .iter()
                .map(|c| c.reference.clone()),
        );
        assert!(references.len() > 60, "{}", references.len());
        // Proper names that stay Dutch (with a gloss where they first appear).
        let proper = [
            "Besluit lijst verwerkingen DPIA verplicht",
            "Wet medezeggenschap op scholen",
            "Model Verwerkersovereenkomst 4.0",
            "Privacyconvenant Onderwijs",
            "Kennisnet, Afspraken over sociale media",
        ];
        let dutch = [
            " en ",
            "lid",
            " sub ",
            "AVG;",
            "AVG,",
            "AVG)",
            "aanhef",
            "alinea",
            "zin",
            "overweging",
            "advies",
            "onderwijs",
            "richtsnoeren",
            "aanbevelingen",
            "stap",
            "bijlage",
            "nrs.",
            "besluit",
            "lausule",
            "HvJ",
            "criterium",
            "voorwaarden",
            "landelijk",
            "vanaf",
            "art.",
        ];
        for r in &references {
            if std::env::var_os("SHOW_REFERENCES").is_some() {
                eprintln!("{r}\n    → {}", reference_en(r));
            }
            let mut en = reference_en(r);
            for p in proper {
                en = en.replace(p, "");
            }
            let words: Vec<&str> = en.split([' ', ';', ',', '(', ')']).collect();
            assert!(!words.contains(&"AVG"), "{r} → {en}");
            for d in dutch {
                assert!(!en.contains(d), "{r} → {} still has `{d}`", reference_en(r));
            }
        }
    }

    fn string_literals(text: &str) -> Vec<String> {
        let mut out = Vec::new();
        let mut rest = text;
        while let Some(start) = rest.find('"') {
            let after = &rest[start + 1..];
            let Some(end) = after.find('"') else { break };
            out.push(after[..end].to_string());
            rest = &after[end + 1..];
        }
        out
    }

    /// Every answer value and field the rules write themselves (a string literal or a format
    /// string in a `.answer(…)` call) reads as English once translated.
    #[test]
    fn every_dutch_word_the_rules_write_next_to_an_answer_is_translated() {
        let dutch = [
            "vervuld",
            "leeg",
            "onbekend",
            "zonder",
            "gegeven",
            "hoog",
            "vanaf",
            "ingevuld",
            "beantwoord",
            "geen",
            "advies",
            "niet",
            "ja",
            "nee",
            "wel",
        ];
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut seen = 0;
        for entry in walkdir::WalkDir::new(root.join("src/rules")) {
            let entry = entry.unwrap();
            if entry.path().extension().is_none_or(|e| e != "rs") {
                continue;
            }
            let text = std::fs::read_to_string(entry.path()).unwrap();
            // Only the rules, not their tests.
            let text = text.split("#[cfg(test)]").next().unwrap_or_default();
            for (i, _) in text.match_indices(".answer(") {
                let call = &text[i..];
                let end = call
                    .find(");")
                    .or_else(|| call.find(")\n"))
                    .unwrap_or(call.len());
                for literal in string_literals(&call[..end.min(400)]) {
                    // Placeholders of a format string stand for numbers or lists.
                    let mut sample = String::new();
                    let mut rest = literal.as_str();
                    while let Some(open) = rest.find('{') {
                        sample.push_str(&rest[..open]);
                        sample.push('3');
                        rest = rest[open..].split_once('}').map_or("", |(_, r)| r);
                    }
                    sample.push_str(rest);
                    let en = field_en(&answer_en(&sample));
                    seen += 1;
                    for word in en.split(|c: char| !c.is_alphanumeric()) {
                        assert!(
                            !dutch.contains(&word),
                            "{}: `{literal}` → `{en}` keeps the Dutch `{word}`",
                            entry.path().display()
                        );
                    }
                }
            }
        }
        assert!(seen > 100, "{seen}");
    }

    #[test]
    fn the_rules_own_dutch_answer_values_are_translated() {
        assert_eq!(answer_en("(leeg)"), "(empty)");
        assert_eq!(answer_en("niet beantwoord"), "not answered");
        assert_eq!(answer_en("niet beantwoord: a, b"), "not answered: a, b");
        assert_eq!(
            answer_en("niet beantwoord (security)"),
            "not answered (security)"
        );
        assert_eq!(answer_en("3 vervuld"), "3 met");
        assert_eq!(answer_en("4 vervuld (1, 4, 6, 7)"), "4 met (1, 4, 6, 7)");
        assert_eq!(answer_en("12 (hoog)"), "12 (high)");
        assert_eq!(answer_en("vanaf 10"), "from 10");
        assert_eq!(answer_en("onbekend"), "unknown");
        assert_eq!(answer_en("geen model-4"), "not Model 4.0");
        // User text stays as written.
        assert_eq!(
            answer_en("Ouders en leerlingen vervuld"),
            "Ouders en leerlingen vervuld"
        );
        assert_eq!(
            field_en("instagram-schoolaccount: advies"),
            "instagram-schoolaccount: advice"
        );
        assert_eq!(field_en("vendors[0].name"), "vendors[0].name");
    }
}
