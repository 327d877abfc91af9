//! What an open answer must be, read from the questionnaire kind's JSON Schema (the same one
//! `dpiagen schema` prints): its type, allowed values and description; and how an answer typed
//! by a person becomes a YAML scalar that reads back as exactly that answer.

use crate::init::skeleton::quote;
use crate::lang::Lang;
use crate::model::Date;
use crate::voice::msg;
use serde_json::Value;

/// The schema pattern of ids (`id`, `assessment.id`), as the model declares it.
pub const SLUG_PATTERN: &str = "^[a-z0-9]([a-z0-9-]{0,62}[a-z0-9])?$";

/// The kind of value a field takes.
#[derive(Debug, Clone, PartialEq)]
pub enum Shape {
    /// Free text.
    Text,
    /// A whole number within the bounds.
    Integer {
        /// Lowest allowed.
        min: Option<i64>,
        /// Highest allowed.
        max: Option<i64>,
    },
    /// `true` or `false`.
    Boolean,
    /// A date `YYYY-MM-DD`.
    Date,
    /// An id: lowercase letters, digits and hyphens ([`SLUG_PATTERN`]).
    Slug,
    /// One of these values, each with its description.
    Choice(Vec<(String, String)>),
}

/// What is expected at a field path.
#[derive(Debug, Clone, PartialEq)]
pub struct Expect {
    /// The shape of the value.
    pub shape: Shape,
    /// The schema's description of the field, when it has one.
    pub description: Option<String>,
    /// The field may be left without an answer (`~`).
    pub optional: bool,
    /// The language of the controls, the echoed answer and what is allowed.
    pub lang: Lang,
}

impl Expect {
    /// Looks up `field` (e.g. `vendors[0].agreement.status`) in `schema`; text when the path is
    /// not found. Speaks Dutch; see [`Expect::lookup_in`].
    pub fn lookup(schema: &Value, field: &str) -> Expect {
        Expect::lookup_in(schema, field, Lang::Nl)
    }

    /// [`Expect::lookup`], speaking `lang`.
    pub fn lookup_in(schema: &Value, field: &str, lang: Lang) -> Expect {
        let mut node = schema;
        let mut description = None;
        let mut optional = false;
        for segment in segments(field) {
            node = resolve(schema, node);
            let next = match segment {
                Segment::Key(key) => {
                    optional = !node["required"]
                        .as_array()
                        .is_some_and(|r| r.iter().any(|k| k == key));
                    node["properties"].get(key)
                }
                Segment::Index => {
                    optional = false;
                    node.get("items")
                }
            };
            let Some(next) = next else {
                return Expect {
                    shape: Shape::Text,
                    description: None,
                    optional: false,
                    lang,
                };
            };
            description = next["description"].as_str().map(str::to_string);
            node = next;
        }
        let leaf = resolve(schema, node);
        if description.is_none() {
            description = leaf["description"].as_str().map(str::to_string);
        }
        Expect {
            shape: shape(leaf),
            description,
            optional,
            lang,
        }
    }

    /// Turns what a person typed into a YAML scalar, or says what is allowed.
    pub fn encode(&self, input: &str) -> Result<String, String> {
        let input = input.trim_end_matches(['\r', '\n']);
        match &self.shape {
            Shape::Text => {
                if input.trim().is_empty() {
                    return Err(msg::WRITE_TEXT.in_lang(self.lang).into());
                }
                Ok(quote(input))
            }
            Shape::Integer { min, max } => {
                let n: i64 = input
                    .trim()
                    .parse()
                    .map_err(|_| msg::NOT_A_NUMBER.fill_in(self.lang, &[&input]))?;
                if min.is_some_and(|m| n < m) || max.is_some_and(|m| n > m) {
                    return Err(msg::OUT_OF_RANGE.fill_in(
                        self.lang,
                        &[
                            &n,
                            &min.map_or("…".into(), |m| m.to_string()),
                            &max.map_or("…".into(), |m| m.to_string()),
                        ],
                    ));
                }
                Ok(n.to_string())
            }
            Shape::Boolean => match input.trim().to_lowercase().as_str() {
                "ja" | "j" | "yes" | "y" | "true" => Ok("true".into()),
                "nee" | "n" | "no" | "false" => Ok("false".into()),
                _ => Err(msg::YES_OR_NO.fill_in(self.lang, &[&input])),
            },
            Shape::Date => Date::parse(input).map(|d| d.to_string()),
            Shape::Slug => {
                let id = input.trim();
                if crate::validate::is_slug(id) {
                    Ok(quote(id))
                } else {
                    Err(msg::NOT_AN_ID.fill_in(self.lang, &[&id]))
                }
            }
            Shape::Choice(values) => choose(values, input.trim(), self.lang),
        }
    }

    /// Reads one line a person typed at this question: Enter skips, `q` stops, `-` leaves an
    /// optional field without an answer, anything else must be an allowed answer.
    pub fn read(&self, line: &str) -> Result<Typed, String> {
        match line.trim() {
            "" => Ok(Typed::Skip),
            "q" => Ok(Typed::Stop),
            "-" if self.optional => Ok(Typed::Answer {
                yaml: "~".into(),
                words: msg::NO_ANSWER.in_lang(self.lang).into(),
            }),
            _ => {
                let yaml = self.encode(line)?;
                let words = match (&self.shape, yaml.as_str()) {
                    (Shape::Boolean, "true") => msg::YES.in_lang(self.lang).to_string(),
                    (Shape::Boolean, _) => msg::NO.in_lang(self.lang).to_string(),
                    (Shape::Text, _) => line.trim_end_matches(['\r', '\n']).to_string(),
                    (Shape::Slug, _) => line.trim().to_string(),
                    _ => yaml.clone(),
                };
                Ok(Typed::Answer { yaml, words })
            }
        }
    }

    /// The keys a person may type here, for the prompt.
    pub fn controls(&self) -> String {
        let what = match &self.shape {
            Shape::Boolean => msg::ASK_YES_NO,
            Shape::Choice(_) => msg::ASK_CHOICE,
            Shape::Date => msg::ASK_DATE,
            Shape::Slug => msg::ASK_ID,
            Shape::Integer { .. } => msg::ASK_NUMBER,
            Shape::Text => msg::ASK_TEXT,
        };
        let controls = if self.optional {
            msg::CONTROLS_OPTIONAL
        } else {
            msg::CONTROLS
        };
        controls.fill_in(self.lang, &[&what.in_lang(self.lang)])
    }
}

/// What a typed line means.
#[derive(Debug, Clone, PartialEq)]
pub enum Typed {
    /// An answer: the YAML scalar to write and the answer in words, to echo.
    Answer {
        /// The YAML scalar.
        yaml: String,
        /// The answer as a person reads it (`ja`, `nee`, the chosen value).
        words: String,
    },
    /// Enter: the question stays open.
    Skip,
    /// `q` (or the end of the input): stop the interview.
    Stop,
}

/// A choice by its number (1-based), its value, or the first letters of exactly one value.
fn choose(values: &[(String, String)], input: &str, lang: Lang) -> Result<String, String> {
    if let Ok(n) = input.parse::<usize>() {
        return n
            .checked_sub(1)
            .and_then(|i| values.get(i))
            .map(|(v, _)| v.clone())
            .ok_or_else(|| msg::NOT_A_CHOICE_NUMBER.fill_in(lang, &[&n, &values.len()]));
    }
    let lower = input.to_lowercase();
    if let Some((v, _)) = values.iter().find(|(v, _)| v.to_lowercase() == lower) {
        return Ok(v.clone());
    }
    let starting: Vec<&str> = values
        .iter()
        .map(|(v, _)| v.as_str())
        .filter(|v| v.to_lowercase().starts_with(&lower))
        .collect();
    match starting.as_slice() {
        [one] => Ok(one.to_string()),
        [] => {
            let allowed: Vec<&str> = values.iter().map(|(v, _)| v.as_str()).collect();
            Err(msg::NOT_A_CHOICE.fill_in(lang, &[&input, &allowed.join(", ")]))
        }
        many => Err(msg::AMBIGUOUS.fill_in(lang, &[&input, &many.join(", ")])),
    }
}

enum Segment<'a> {
    Key(&'a str),
    Index,
}

fn segments(path: &str) -> Vec<Segment<'_>> {
    let mut out = Vec::new();
    for part in path.split('.') {
        let (key, rest) = part.split_once('[').unwrap_or((part, ""));
        if !key.is_empty() {
            out.push(Segment::Key(key));
        }
        out.extend(
            rest.split('[')
                .filter(|s| !s.is_empty())
                .map(|_| Segment::Index),
        );
    }
    out
}

/// Follows `$ref`, a single `allOf` and the non-null branch of an `anyOf`/`oneOf` option.
fn resolve<'a>(root: &'a Value, mut node: &'a Value) -> &'a Value {
    for _ in 0..8 {
        if let Some(r) = node["$ref"].as_str() {
            let name = r.rsplit('/').next().unwrap_or("");
            match root["definitions"].get(name).or(root["$defs"].get(name)) {
                Some(target) => node = target,
                None => return node,
            }
        } else if let Some([only]) = node["allOf"]
            .as_array()
            .map(|parts| {
                // The schema's `<vul in>` marker (see `crate::schema`) says nothing of the shape.
                parts
                    .iter()
                    .filter(|p| !crate::schema::is_open_marker(p))
                    .collect::<Vec<_>>()
            })
            .as_deref()
        {
            node = only;
        } else if let Some(branch) = node["anyOf"].as_array().and_then(|branches| {
            let real: Vec<&Value> = branches.iter().filter(|b| b["type"] != "null").collect();
            (real.len() == 1).then(|| real[0])
        }) {
            node = branch;
        } else {
            return node;
        }
    }
    node
}

fn shape(node: &Value) -> Shape {
    if let Some(values) = node["oneOf"].as_array()
        && values.iter().all(|v| v.get("const").is_some())
    {
        return Shape::Choice(
            values
                .iter()
                .filter_map(|v| {
                    Some((
                        v["const"].as_str()?.to_string(),
                        v["description"].as_str().unwrap_or("").to_string(),
                    ))
                })
                .collect(),
        );
    }
    if let Some(values) = node["enum"].as_array() {
        return Shape::Choice(
            values
                .iter()
                .filter_map(|v| Some((v.as_str()?.to_string(), String::new())))
                .collect(),
        );
    }
    let types: Vec<&str> = match &node["type"] {
        Value::String(t) => vec![t.as_str()],
        Value::Array(ts) => ts.iter().filter_map(Value::as_str).collect(),
        _ => vec![],
    };
    if types.contains(&"integer") {
        Shape::Integer {
            min: node["minimum"].as_i64(),
            max: node["maximum"].as_i64(),
        }
    } else if types.contains(&"boolean") {
        Shape::Boolean
    } else if node["pattern"] == "^[0-9]{4}-[0-9]{2}-[0-9]{2}$" {
        Shape::Date
    } else if node["pattern"] == SLUG_PATTERN {
        Shape::Slug
    } else {
        Shape::Text
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::FileKind;

    fn schema(kind: FileKind) -> Value {
        serde_json::from_str(&crate::schema::generate(kind)).unwrap()
    }

    #[test]
    fn speaks_the_voice_it_was_looked_up_in() {
        let org: Value = serde_json::from_str(&crate::schema::generate_in(
            FileKind::Organisation,
            Lang::En,
        ))
        .unwrap();
        let public = Expect::lookup_in(&org, "public_authority", Lang::En);
        assert_eq!(public.controls(), "yes or no (Enter: skip, q: stop)");
        assert_eq!(
            public.read("j\n"),
            Ok(Typed::Answer {
                yaml: "true".into(),
                words: "yes".into()
            })
        );
        assert_eq!(
            public.read("x").unwrap_err(),
            "`x`: answer yes (y) or no (n)"
        );
        let dutch = Expect::lookup(&org, "public_authority");
        assert_eq!(dutch.controls(), "ja of nee (Enter: overslaan, q: stoppen)");
    }

    #[test]
    fn reads_shapes_from_the_schema() {
        let org = schema(FileKind::Organisation);
        let sector = Expect::lookup(&org, "sector");
        let Shape::Choice(values) = &sector.shape else {
            panic!("{sector:?}")
        };
        assert_eq!(values[0].0, "po");
        assert!(!sector.optional);
        assert_eq!(
            Expect::lookup(&org, "public_authority").shape,
            Shape::Boolean
        );
        let city = Expect::lookup(&org, "city");
        assert_eq!((city.shape, city.optional), (Shape::Text, true));
        assert_eq!(Expect::lookup(&org, "fg.name").shape, Shape::Text);
        assert_eq!(Expect::lookup(&org, "id").shape, Shape::Slug);

        let act = schema(FileKind::Activity);
        assert_eq!(Expect::lookup(&act, "assessment.date").shape, Shape::Date);
        assert!(matches!(
            Expect::lookup(&act, "assessment.year").shape,
            Shape::Integer { .. }
        ));
        assert_eq!(
            Expect::lookup(&act, "risks[0].residual.severity").shape,
            Shape::Integer {
                min: Some(1),
                max: Some(4)
            }
        );
        assert!(matches!(
            Expect::lookup(&act, "vendors[0].agreement.status").shape,
            Shape::Choice(_)
        ));
        assert!(matches!(
            Expect::lookup(&act, "subjects[0].ages[1]").shape,
            Shape::Integer { .. }
        ));
        assert_eq!(
            Expect::lookup(&act, "vendors[0].locations[0]").shape,
            Shape::Text
        );
        assert_eq!(
            Expect::lookup(&act, "transfers[0].dpf_certified").shape,
            Shape::Boolean
        );
        assert!(Expect::lookup(&act, "criteria.evaluation.reason").optional);
    }

    #[test]
    fn encodes_and_refuses() {
        let act = schema(FileKind::Activity);
        let score = Expect::lookup(&act, "risks[0].likelihood");
        assert_eq!(score.encode("3").unwrap(), "3");
        assert!(score.encode("5").unwrap_err().contains("buiten het bereik"));
        assert!(score.encode("drie").is_err());
        let date = Expect::lookup(&act, "assessment.date");
        assert_eq!(date.encode("2026-09-01").unwrap(), "2026-09-01");
        assert!(date.encode("2026-02-30").is_err());
        let b = Expect::lookup(&act, "consent.covers_school_use");
        assert_eq!(b.encode("ja").unwrap(), "true");
        assert!(b.encode("misschien").is_err());
        let status = Expect::lookup(&act, "vendors[0].agreement.status");
        assert_eq!(status.encode("signed").unwrap(), "signed");
        assert!(status.encode("maybe").unwrap_err().contains("signed"));
        let title = Expect::lookup(&act, "assessment.title");
        assert_eq!(title.encode("a: b # c").unwrap(), "\"a: b # c\"");
        assert!(title.encode("  ").is_err());
        let id = Expect::lookup(&schema(FileKind::Organisation), "id");
        assert_eq!(id.encode("de-linde").unwrap(), "\"de-linde\"");
        assert!(
            id.encode("De Linde")
                .unwrap_err()
                .contains("geen geldige id")
        );
    }

    #[test]
    fn typed_answers_are_understood_and_echoed_in_words() {
        let act = schema(FileKind::Activity);
        let b = Expect::lookup(&act, "consent.covers_platform_use");
        let answer = |e: &Expect, typed: &str| match e.read(typed) {
            Ok(Typed::Answer { yaml, words }) => (yaml, words),
            other => panic!("{typed}: {other:?}"),
        };
        for yes in ["ja", "j", "JA", "yes", "y", "ja\n"] {
            assert_eq!(answer(&b, yes), ("true".into(), "ja".into()), "{yes}");
        }
        for no in ["nee", "n", "Nee", "no", "nee\r\n"] {
            assert_eq!(answer(&b, no), ("false".into(), "nee".into()), "{no}");
        }
        // Enter skips and `q` stops: neither is ever taken as an answer.
        assert_eq!(b.read("\n"), Ok(Typed::Skip));
        assert_eq!(b.read(""), Ok(Typed::Skip));
        assert_eq!(b.read("q"), Ok(Typed::Stop));
        assert!(b.read("k").is_err());

        // A choice by number, by name, or by the first letters of one name.
        let status = Expect::lookup(&act, "vendors[0].agreement.status");
        let Shape::Choice(values) = &status.shape else {
            panic!()
        };
        assert_eq!(answer(&status, "1").0, values[0].0);
        assert_eq!(answer(&status, "signed").0, "signed");
        assert_eq!(answer(&status, "sig").0, "signed");
        assert!(status.read("0").is_err());
        assert!(status.read(&(values.len() + 1).to_string()).is_err());
        let ambiguous = values
            .iter()
            .find(|(v, _)| {
                values
                    .iter()
                    .filter(|(w, _)| w.starts_with(&v[..1]))
                    .count()
                    > 1
            })
            .map(|(v, _)| v[..1].to_string());
        if let Some(prefix) = ambiguous {
            assert!(
                status
                    .read(&prefix)
                    .unwrap_err()
                    .contains("typ meer letters")
            );
        }

        // An optional field may be left without an answer.
        let reason = Expect::lookup(&act, "criteria.evaluation.reason");
        assert_eq!(
            reason.read("-"),
            Ok(Typed::Answer {
                yaml: "~".into(),
                words: "geen antwoord".into()
            })
        );
    }
}
