//! Stage 4, render: fill the Tera templates with the answers and conclusions, producing the
//! Typst source of each document.
//!
//! 1. [`Templates::builtin`] loads the templates from `templates/` (built into the binary).
//! 2. Every `{{ value }}` in a `.typ.tera` template is escaped for Typst markup ([`escape`]);
//!    `| typst_str` writes a Typst string literal; `| markdown` converts a free-text answer from
//!    Markdown ([`markdown`]). User text therefore never becomes Typst code.
//! 3. [`context`] turns one activity into the values the templates see.

pub mod conduct;
pub mod context;
pub mod dtia;
pub mod escape;
pub mod markdown;
#[cfg(test)]
mod test_support;

use crate::timings::{self, Stage};
use std::io::Write;
use tera::{Kwargs, State, Tera, Value};

pub use context::DocumentContext;

/// The document kinds dpiagen renders per activity.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DocumentKind {
    /// The pre-DPIA.
    PreDpia,
    /// The clause list of the agreements with the activity's vendors (Art. 28 and 26 AVG).
    Verwerkersovereenkomst,
    /// The transfer impact assessment, for activities whose data leaves the EEA.
    Dtia,
    /// The organisation's code of conduct for social media (one per organisation, not per
    /// activity).
    Gedragscode,
}

impl DocumentKind {
    /// The documents one activity gets, given its conclusions: always the pre-DPIA; the
    /// clause list when the activity has vendors; the DTIA when data leaves the EEA.
    pub fn for_activity(conclusions: &crate::rules::Conclusions) -> Vec<DocumentKind> {
        let mut kinds = vec![DocumentKind::PreDpia];
        if !conclusions.clauses.vendors.is_empty() {
            kinds.push(DocumentKind::Verwerkersovereenkomst);
        }
        if conclusions.dtia.is_some() {
            kinds.push(DocumentKind::Dtia);
        }
        kinds
    }

    /// Template name and output file stem.
    pub fn name(self) -> &'static str {
        match self {
            DocumentKind::PreDpia => "pre-dpia",
            DocumentKind::Verwerkersovereenkomst => "verwerkersovereenkomst",
            DocumentKind::Dtia => "dtia",
            DocumentKind::Gedragscode => "gedragscode-sociale-media",
        }
    }
}

/// The built-in templates: (name, text).
const BUILTIN: &[(&str, &str)] = &[
    (
        "nl/pre-dpia.typ.tera",
        include_str!("../../templates/nl/pre-dpia.typ.tera"),
    ),
    (
        "nl/verwerkersovereenkomst.typ.tera",
        include_str!("../../templates/nl/verwerkersovereenkomst.typ.tera"),
    ),
    (
        "nl/reason.typ.tera",
        include_str!("../../templates/nl/reason.typ.tera"),
    ),
    (
        "nl/finding.typ.tera",
        include_str!("../../templates/nl/finding.typ.tera"),
    ),
    (
        "nl/answers.typ.tera",
        include_str!("../../templates/nl/answers.typ.tera"),
    ),
    (
        "nl/dtia.typ.tera",
        include_str!("../../templates/nl/dtia.typ.tera"),
    ),
    (
        "nl/dtia-reason.typ.tera",
        include_str!("../../templates/nl/dtia-reason.typ.tera"),
    ),
    (
        "nl/dtia-finding.typ.tera",
        include_str!("../../templates/nl/dtia-finding.typ.tera"),
    ),
    (
        "nl/gedragscode-sociale-media.typ.tera",
        include_str!("../../templates/nl/gedragscode-sociale-media.typ.tera"),
    ),
    (
        "nl/gedragscode-regel.typ.tera",
        include_str!("../../templates/nl/gedragscode-regel.typ.tera"),
    ),
    (
        "nl/gedragscode-bevinding.typ.tera",
        include_str!("../../templates/nl/gedragscode-bevinding.typ.tera"),
    ),
    (
        "nl/gmr-pakket.typ.tera",
        include_str!("../../templates/nl/gmr-pakket.typ.tera"),
    ),
    (
        "nl/bestuursvoorstel.typ.tera",
        include_str!("../../templates/nl/bestuursvoorstel.typ.tera"),
    ),
];

/// How a document is rendered as one part of a packet (see `crate::packet`). The template gets
/// it as `part` (`none` for a document on its own) and then calls `report` in part mode: no
/// document metadata, its own page numbers, its headings one level down, and every label
/// prefixed with `tag` so that labels stay unique across the parts of one packet.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Part {
    /// Label prefix of this part, letters and digits only (e.g. `p3`).
    pub tag: String,
}

/// Typst files the generated sources may import (virtual path, bytes).
pub const ASSETS: &[(&str, &[u8])] = &[(
    "/dpiagen.typ",
    include_bytes!("../../templates/dpiagen.typ"),
)];

/// A template or rendering error, with the template's file, line and column when Tera has them.
#[derive(Debug)]
pub struct RenderError(pub String);

impl std::fmt::Display for RenderError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for RenderError {}

impl From<tera::Error> for RenderError {
    fn from(e: tera::Error) -> Self {
        // Tera's top-level message can hide the cause: print the whole chain.
        let mut msg = e.to_string();
        let mut source = std::error::Error::source(&e);
        while let Some(s) = source {
            msg.push_str(&format!("\ncaused by: {s}"));
            source = s.source();
        }
        RenderError(msg)
    }
}

/// The parsed templates, ready to render any number of documents.
pub struct Templates {
    tera: Tera,
}

fn escape_typst(input: &str, out: &mut dyn Write) -> std::io::Result<()> {
    out.write_all(escape::markup(input).as_bytes())
}

fn text_of(value: &Value) -> String {
    match value.as_str() {
        Some(s) => s.to_string(),
        None => value.to_string(),
    }
}

impl Templates {
    /// Parses the built-in templates.
    pub fn builtin() -> Result<Templates, RenderError> {
        let mut tera = Tera::new();
        tera.set_escape_fn(escape_typst);
        tera.autoescape_on([".typ.tera"]);
        tera.register_filter("typst_str", |v: Value, _: Kwargs, _: &State| {
            Value::safe_string(&escape::string_literal(&text_of(&v)))
        });
        tera.register_filter("markdown", |v: Value, _: Kwargs, _: &State| {
            let text = text_of(&v);
            let typst = timings::time(Stage::Markdown, || markdown::to_typst(&text));
            Value::safe_string(&typst)
        });
        tera.add_raw_templates(BUILTIN.iter().copied())?;
        Ok(Templates { tera })
    }

    /// Renders `kind` for `ctx` into Typst source.
    pub fn render(&self, kind: DocumentKind, ctx: &DocumentContext) -> Result<String, RenderError> {
        self.render_with(kind, ctx, None)
    }

    /// Renders `kind` for `ctx` as a part of a packet (see [`Part`]).
    pub fn render_part(
        &self,
        kind: DocumentKind,
        ctx: &DocumentContext,
        part: &Part,
    ) -> Result<String, RenderError> {
        self.render_with(kind, ctx, Some(part))
    }

    /// Renders `kind` for any serialisable context (an organisation's documents have their own),
    /// on its own (`part` is `None`) or as a part of a packet.
    pub fn render_with(
        &self,
        kind: DocumentKind,
        ctx: &impl serde::Serialize,
        part: Option<&Part>,
    ) -> Result<String, RenderError> {
        let mut context = tera::Context::from_serialize(ctx)?;
        context.insert("part", &part);
        Ok(self
            .tera
            .render(&format!("nl/{}.typ.tera", kind.name()), &context)?)
    }

    /// Renders the template `name` (e.g. `nl/gmr-pakket.typ.tera`) with any serialisable context.
    pub fn render_named(
        &self,
        name: &str,
        ctx: &impl serde::Serialize,
    ) -> Result<String, RenderError> {
        let context = tera::Context::from_serialize(ctx)?;
        Ok(self.tera.render(name, &context)?)
    }
}
