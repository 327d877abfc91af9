//! The Tera filters that word data from what dpiagen knows, in the document's language.

use super::text_of;
use crate::knowledge::Knowledge;
use crate::lang::Lang;
use tera::{Kwargs, State, Tera, Value};

/// The language a filter words in: `lang="en"`, Dutch by default.
fn lang_of(kwargs: &Kwargs) -> tera::TeraResult<Lang> {
    Ok(match kwargs.get::<String>("lang")?.as_deref() {
        Some("en") => Lang::En,
        _ => Lang::Nl,
    })
}

/// The filters that word data for the reader from what dpiagen knows: legal citations,
/// questions and their fixed values, countries, AP-list items, clause titles, dates and
/// fractions. Each takes `lang="en"` for English; Dutch is the default.
pub(super) fn register_knowledge_filters(tera: &mut Tera, knowledge: &'static Knowledge) {
    // `{{ r.references | cite }}`: legal references by id.
    tera.register_filter(
        "cite",
        move |ids: Vec<String>, kwargs: Kwargs, _: &State| -> tera::TeraResult<String> {
            let lang = lang_of(&kwargs)?;
            Ok(knowledge
                .references
                .cite(ids.iter().map(String::as_str), lang))
        },
    );
    // `{{ a.field | question }}`: the question behind a field, or the field itself when the
    // data names none (a test keeps every field the rules cite named).
    tera.register_filter(
        "question",
        move |field: String, kwargs: Kwargs, _: &State| -> tera::TeraResult<String> {
            let lang = lang_of(&kwargs)?;
            Ok(knowledge
                .questions
                .label_near(&field, lang)
                .map_or(field.clone(), str::to_string))
        },
    );
    // `{{ value | choice(field=a.field) }}`: a fixed value (or an AP-list item, a platform)
    // in words.
    tera.register_filter(
        "choice",
        move |value: String, kwargs: Kwargs, _: &State| -> tera::TeraResult<String> {
            let lang = lang_of(&kwargs)?;
            let field = kwargs.get::<String>("field")?.unwrap_or_default();
            let pattern = crate::knowledge::questions::pattern(&field);
            let special = match pattern.as_str() {
                "ap_list[].item" => knowledge
                    .catalogue
                    .ap_item(&value)
                    .map(|i| lang.pick(&i.nl, &i.en).clone()),
                "social_media.platforms[].platform" => {
                    knowledge.platforms.get(&value).map(|p| p.name.clone())
                }
                _ => None,
            };
            Ok(special
                .or_else(|| {
                    knowledge
                        .questions
                        .choice(&field, &value, lang)
                        .map(str::to_string)
                })
                .unwrap_or_else(|| value.replace('-', " ")))
        },
    );
    // `{{ value | answer(field=…) }}`: an answer as the questionnaire holds it (a flattened
    // value of the yearly comparison), in words: yes/no, a fixed value, a date, else as written.
    tera.register_filter(
        "answer",
        move |value: String, kwargs: Kwargs, _: &State| -> tera::TeraResult<String> {
            let lang = lang_of(&kwargs)?;
            let field = kwargs.get::<String>("field")?.unwrap_or_default();
            Ok(match value.as_str() {
                "true" => lang.pick("ja", "yes").to_string(),
                "false" => lang.pick("nee", "no").to_string(),
                _ => knowledge
                    .questions
                    .choice(&field, &value, lang)
                    .map(str::to_string)
                    .or_else(|| crate::model::Date::parse(&value).ok().map(|d| lang.date(d)))
                    .unwrap_or(value),
            })
        },
    );
    tera.register_filter(
        "country_name",
        move |code: String, kwargs: Kwargs, _: &State| -> tera::TeraResult<String> {
            let lang = lang_of(&kwargs)?;
            Ok(knowledge
                .catalogue
                .country(&code)
                .map_or(code.clone(), |c| lang.pick(&c.nl, &c.en).clone()))
        },
    );
    tera.register_filter(
        "clause_title",
        move |id: String, kwargs: Kwargs, _: &State| -> tera::TeraResult<String> {
            let lang = lang_of(&kwargs)?;
            Ok(knowledge
                .clauses
                .clause(&id)
                .map_or(id.clone(), |c| lang.pick(&c.nl.title, &c.en.title).clone()))
        },
    );
    tera.register_filter(
        "date_words",
        |date: String, kwargs: Kwargs, _: &State| -> tera::TeraResult<String> {
            let lang = lang_of(&kwargs)?;
            Ok(crate::model::Date::parse(&date).map_or(date, |d| lang.date(d)))
        },
    );
    tera.register_filter(
        "about",
        |n: u64, kwargs: Kwargs, _: &State| -> tera::TeraResult<String> {
            Ok(lang_of(&kwargs)?.about(n))
        },
    );
    tera.register_filter(
        "percent",
        |p: f64, kwargs: Kwargs, _: &State| -> tera::TeraResult<String> {
            Ok(lang_of(&kwargs)?.percent(p))
        },
    );
    tera.register_filter("ap_item_en", move |v: Value, _: Kwargs, _: &State| {
        let id = text_of(&v);
        knowledge
            .catalogue
            .ap_item(&id)
            .map_or(id, |item| item.en.clone())
    });
}
