//! Stage 4, render: fill the Tera templates with the answers and conclusions, producing the
//! Typst source of each document.
//!
//! 1. [`Templates::builtin`] loads the templates from `templates/` (built into the binary), one
//!    set per language (`templates/nl/`, `templates/en/`); [`Templates::from_dir`] loads a
//!    school's own copies (`dpiagen templates export`) over them.
//! 2. Every `{{ value }}` in a `.typ.tera` template is escaped for Typst markup ([`escape`]);
//!    `| typst_str` writes a Typst string literal; `| markdown` converts a free-text answer from
//!    Markdown ([`markdown`]). User text therefore never becomes Typst code: the `safe` filter,
//!    which would let it, is refused, and Typst's `eval` is disabled (see `crate::typeset`).
//! 3. [`context`] turns one activity into the values the templates see.

pub mod conduct;
pub mod context;
pub mod dtia;
pub mod escape;
mod filters;
mod folder;
pub mod markdown;
mod origin;
#[cfg(test)]
mod test_support;

use crate::knowledge::Knowledge;
use crate::lang::Lang;
use crate::model::Sector;
use crate::timings::{self, Stage};
use crate::typeset::Assets;
use filters::register_knowledge_filters;
use folder::{LABELS, folder_files, is_template, labels};
use std::io::Write;
use std::path::{Path, PathBuf};
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
    /// The full DPIA, once its answers are complete.
    Dpia,
    /// The organisation's code of conduct for social media (one per organisation, not per
    /// activity).
    Gedragscode,
}

impl DocumentKind {
    /// The documents one activity gets, given its conclusions: always the pre-DPIA; the full
    /// DPIA when its answers are complete; the clause list when the activity has vendors; the
    /// DTIA when data leaves the EEA.
    pub fn for_activity(conclusions: &crate::rules::Conclusions) -> Vec<DocumentKind> {
        let mut kinds = vec![DocumentKind::PreDpia];
        if conclusions.full_dpia.complete {
            kinds.push(DocumentKind::Dpia);
        }
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
            DocumentKind::Dpia => "dpia",
            DocumentKind::Gedragscode => "gedragscode-sociale-media",
        }
    }

    /// How long this kind of document typically takes to typeset, relative to the longest
    /// (measured on the examples: DTIA 0.24 s, pre-DPIA 0.21 s, code of conduct 0.14 s,
    /// clause list 0.12 s in one typst process each). Only the order matters: a batch starts
    /// its longest documents first, so that a short one finishes last.
    pub fn typical_cost(self) -> u8 {
        match self {
            DocumentKind::Dtia => 100,
            DocumentKind::Dpia => 95,
            DocumentKind::PreDpia => 90,
            DocumentKind::Gedragscode => 60,
            DocumentKind::Verwerkersovereenkomst => 50,
        }
    }
}

/// The built-in templates of both languages: (name, text), e.g. (`en/pre-dpia.typ.tera`, …).
macro_rules! builtin {
    ($($name:literal),* $(,)?) => {
        &[$(
            (concat!("nl/", $name), include_str!(concat!("../../templates/nl/", $name))),
            (concat!("en/", $name), include_str!(concat!("../../templates/en/", $name))),
        )*]
    };
}

const BUILTIN: &[(&str, &str)] = builtin![
    "pre-dpia.typ.tera",
    "verwerkersovereenkomst.typ.tera",
    "reason.typ.tera",
    "finding.typ.tera",
    "answers.typ.tera",
    "value.typ.tera",
    "ground.typ.tera",
    "trace.typ.tera",
    "labels.yaml",
    "dtia.typ.tera",
    "dtia-reason.typ.tera",
    "dtia-finding.typ.tera",
    "gedragscode-sociale-media.typ.tera",
    "gedragscode-regel.typ.tera",
    "gedragscode-bevinding.typ.tera",
    "gmr-pakket.typ.tera",
    "bestuursvoorstel.typ.tera",
    "verwerkingsregister.typ.tera",
    "dpia.typ.tera",
    "risk-overview.typ.tera",
    "dtia-method.typ.tera",
    "data-exception.typ.tera",
    "council-names.typ.tera",
    "council-laws.typ.tera",
];

/// The built-in template files as `templates export` writes them: relative path (`/`-separated)
/// and bytes, the house style first.
pub fn builtin_files() -> Vec<(String, &'static [u8])> {
    ASSETS
        .iter()
        .map(|(path, bytes)| (path.trim_start_matches('/').to_string(), *bytes))
        .chain(
            BUILTIN
                .iter()
                .map(|(name, text)| (name.to_string(), text.as_bytes())),
        )
        .collect()
}

/// Why `templates export` wrote nothing.
#[derive(Debug)]
pub enum ExportError {
    /// Files that are already there (without `--force`), relative to the folder.
    Exists(Vec<PathBuf>),
    /// A file or folder could not be written.
    Io(PathBuf, std::io::Error),
}

impl std::fmt::Display for ExportError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ExportError::Exists(files) => {
                let shown: Vec<String> = files.iter().map(|p| p.display().to_string()).collect();
                write!(
                    f,
                    "{} {} already there, not overwritten: {}",
                    files.len(),
                    if files.len() == 1 {
                        "file is"
                    } else {
                        "files are"
                    },
                    shown.join(", ")
                )
            }
            ExportError::Io(path, e) => write!(f, "cannot write {}: {e}", path.display()),
        }
    }
}

impl std::error::Error for ExportError {}

/// Writes the built-in templates into `dir` for a school to adapt (`dpiagen templates export`):
/// `dpiagen.typ` (the house style), `nl/*.typ.tera` and `en/*.typ.tera`. Refuses, writing
/// nothing, when any of these files exists, unless `force`. Returns the files written.
pub fn export(dir: &Path, force: bool) -> Result<Vec<PathBuf>, ExportError> {
    let files = builtin_files();
    if !force {
        let existing: Vec<PathBuf> = files
            .iter()
            .map(|(name, _)| dir.join(name))
            .filter(|p| p.symlink_metadata().is_ok())
            .collect();
        if !existing.is_empty() {
            return Err(ExportError::Exists(existing));
        }
    }
    let mut written = Vec::new();
    for (name, bytes) in files {
        let path = dir.join(&name);
        crate::output::write_atomic(&path, bytes).map_err(|e| ExportError::Io(path.clone(), e))?;
        written.push(path);
    }
    Ok(written)
}

/// How a document is rendered as one part of a packet (see `crate::packet`). The template gets
/// it as `part` (`none` for a document on its own) and then calls `report` in part mode: no
/// document metadata, its own page numbers, its headings one level down, and every label
/// prefixed with `tag` so that labels stay unique across the parts of one packet.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Part {
    /// Label prefix of this part, letters and digits only (e.g. `p3`).
    pub tag: String,
    /// Only what a decision to take note needs: the summary, what happens and the findings
    /// (the pre-DPIA of an activity advised against, see [`crate::packet::context::contribution`]).
    pub brief: bool,
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

impl RenderError {
    /// A Tera error; when the templates come from a school's folder `dir`, a located error in
    /// one of its templates (`own`) first names the file, line and column
    /// (`dir/en/pre-dpia.typ.tera:12:5: …`).
    fn from_tera(e: tera::Error, dir: Option<&Path>, own: &[String]) -> RenderError {
        let located = match e.kind() {
            tera::ErrorKind::SyntaxError(r) | tera::ErrorKind::RenderingError(r) => Some((
                r.filename().to_string(),
                r.span().start_line,
                r.span().start_col + 1,
                r.message().to_string(),
            )),
            _ => None,
        };
        let RenderError(chain) = RenderError::from(e);
        match (dir, located) {
            (Some(dir), Some((file, line, col, message))) if own.contains(&file) => {
                RenderError(format!(
                    "{}:{line}:{col}: {message}\n{chain}",
                    dir.join(file).display()
                ))
            }
            _ => RenderError(chain),
        }
    }
}

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
    /// The folder of a school's own templates, when they are used.
    dir: Option<PathBuf>,
    /// Names of the templates that come from that folder.
    own: Vec<String>,
    /// Those of them that become Typst source (name, text), to find where an error comes from.
    own_texts: Vec<(String, String)>,
    /// Hash of every file in that folder (empty for the built-in templates, which the build's
    /// own fingerprint covers).
    fingerprint: String,
    /// What the filters and the document contexts word data from.
    knowledge: &'static Knowledge,
    /// The labels of every language (`<lang>/labels.yaml`), for what is worded outside a
    /// template (the register's spreadsheet).
    labels: serde_json::Value,
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
    /// Parses the built-in templates, wording data from `knowledge`.
    pub fn builtin(knowledge: &'static Knowledge) -> Result<Templates, RenderError> {
        Templates::parse(
            BUILTIN.iter().map(|(n, t)| (n.to_string(), t.to_string())),
            None,
            &[],
            knowledge,
        )
        .map(|(tera, labels)| Templates {
            tera,
            dir: None,
            own: Vec::new(),
            own_texts: Vec::new(),
            fingerprint: String::new(),
            knowledge,
            labels,
        })
    }

    /// The data the templates word from.
    pub fn knowledge(&self) -> &'static Knowledge {
        self.knowledge
    }

    /// How `lang`'s label file names the value `key` of `kind` (e.g. `basis`, `public-task`)
    /// for an organisation of `sector`; `None` when it does not.
    pub fn label(&self, lang: Lang, sector: Sector, kind: &str, key: &str) -> Option<&str> {
        self.labels_for(lang.code(), Some(sector))
            .and_then(|l| l.get(kind))
            .and_then(|k| k.get(key))
            .and_then(|v| v.as_str())
    }

    /// The templates of a school's own folder (as written by `dpiagen templates export`), over
    /// the built-in ones: every `*.typ.tera` file in the folder replaces the built-in template
    /// of the same name (e.g. `en/pre-dpia.typ.tera`) or adds a new one that the others may
    /// include; a template the folder lacks stays built in. The folder's `dpiagen.typ`, and any
    /// file it reads, replaces the built-in house style in the same way (see [`Self::assets`]).
    pub fn from_dir(dir: &Path, knowledge: &'static Knowledge) -> Result<Templates, RenderError> {
        let files = folder_files(dir)?;
        let mut hasher = blake3::Hasher::new();
        for (name, bytes) in &files {
            for part in [name.as_bytes(), bytes.as_slice()] {
                hasher.update(&(part.len() as u64).to_le_bytes());
                hasher.update(part);
            }
        }
        let mut templates: Vec<(String, String)> = BUILTIN
            .iter()
            .map(|(n, t)| (n.to_string(), t.to_string()))
            .collect();
        let mut own = Vec::new();
        let mut own_texts = Vec::new();
        for (name, bytes) in files {
            if !is_template(Path::new(&name)) {
                continue;
            }
            own.push(name.clone());
            let text = String::from_utf8(bytes).map_err(|_| {
                RenderError(format!("{}: not UTF-8 text", dir.join(&name).display()))
            })?;
            if name.ends_with(".typ.tera") {
                own_texts.push((name.clone(), text.clone()));
            }
            // A template replaces the built-in one; a label file is read after the built-in
            // one and replaces only the kinds it names.
            match templates.iter_mut().find(|(n, _)| *n == name) {
                Some(builtin) if !name.ends_with(LABELS) => builtin.1 = text,
                _ => templates.push((name, text)),
            }
        }
        Templates::parse(templates, Some(dir), &own, knowledge).map(|(tera, labels)| Templates {
            tera,
            dir: Some(dir.to_path_buf()),
            own,
            own_texts,
            fingerprint: hasher.finalize().to_hex().to_string(),
            knowledge,
            labels,
        })
    }

    /// The built-in templates, or those of `dir` over them.
    pub fn load(
        dir: Option<&Path>,
        knowledge: &'static Knowledge,
    ) -> Result<Templates, RenderError> {
        match dir {
            Some(dir) => Templates::from_dir(dir, knowledge),
            None => Templates::builtin(knowledge),
        }
    }

    /// Typst's errors for a document typeset from `sources` (virtual path, generated text),
    /// each pointing into a school's own files where it comes from them: its house style by
    /// path, and a generated line by the template line it most likely comes from.
    pub fn explain(
        &self,
        error: &crate::typeset::TypesetError,
        sources: &[(&str, &str)],
    ) -> String {
        let Some(dir) = &self.dir else {
            return error.to_string();
        };
        let explain = |d: &crate::typeset::Diag| -> String {
            let file = d.file.trim_start_matches('/');
            if !file.is_empty() && (self.own.iter().any(|n| n == file) || dir.join(file).is_file())
            {
                // A file of the school's folder, used as it is: its own path (the generated
                // form's `file:line:col: error: …` with the folder before the file).
                return format!("{}{}", dir.display(), std::path::MAIN_SEPARATOR) + &d.to_string();
            }
            let generated = sources
                .iter()
                .find(|(path, _)| *path == d.file)
                .zip(d.line)
                .and_then(|((_, text), line)| text.lines().nth(line - 1));
            match generated.and_then(|g| origin::find(&self.own_texts, g).zip(Some(g))) {
                Some(((name, line), g)) => format!(
                    "{}:{line}: error: {}\n  = note: from the line it generated ({file}:{}): {}",
                    dir.join(name).display(),
                    d.message,
                    d.line.unwrap_or_default(),
                    g.trim()
                ),
                None => d.to_string(),
            }
        };
        error
            .diagnostics
            .iter()
            .map(explain)
            .collect::<Vec<_>>()
            .join("\n")
    }

    fn parse(
        templates: impl IntoIterator<Item = (String, String)>,
        dir: Option<&Path>,
        own: &[String],
        knowledge: &'static Knowledge,
    ) -> Result<(Tera, serde_json::Value), RenderError> {
        let (tables, templates): (Vec<_>, Vec<_>) = templates
            .into_iter()
            .partition(|(name, _)| name.ends_with(LABELS));
        let labels = labels(&tables)?;
        let mut tera = Tera::new();
        tera.global_context().insert("labels", &labels);
        tera.global_context()
            .insert("dpia_model", &knowledge.dpia_model);
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
        // The answers are written in Dutch: an English document marks them as Dutch text, so
        // that they are hyphenated as Dutch and a screen reader reads them in a Dutch voice.
        // Markup from `| markdown` is wrapped as it is; anything else is escaped first. The
        // `;` ends the embedded call, so text right after it stays text.
        tera.register_filter("dutch", |v: Value, _: Kwargs, _: &State| {
            let body = if v.is_safe() {
                text_of(&v)
            } else {
                escape::markup(&text_of(&v))
            };
            Value::safe_string(&format!("#text(lang: \"nl\", region: \"NL\")[{body}];"))
        });
        // `safe` would print a value unescaped, i.e. let an answer become Typst code.
        tera.register_filter(
            "safe",
            |_: Value, _: Kwargs, _: &State| -> tera::TeraResult<Value> {
                Err(tera::Error::message(
                    "the `safe` filter is not available in dpiagen templates: answers are \
                     always printed as text (use `| typst_str` for a Typst string, `| markdown` \
                     for free text)",
                ))
            },
        );
        register_knowledge_filters(&mut tera, knowledge);
        tera.add_raw_templates(templates)
            .map_err(|e| RenderError::from_tera(e, dir, own))?;
        Ok((tera, labels))
    }

    /// Hash of the school's template folder (empty for the built-in templates): an input of
    /// every document, so that a changed template renders the documents again.
    pub fn fingerprint(&self) -> &str {
        &self.fingerprint
    }

    /// The folder of a school's own templates, when they are used.
    pub fn dir(&self) -> Option<&Path> {
        self.dir.as_deref()
    }

    /// What the typesetter may read besides the generated source: the built-in house style, or
    /// the school's folder in front of it (confined to that folder).
    pub fn assets(&self) -> Assets {
        Templates::assets_for(self.dir.as_deref())
    }

    /// [`assets`](Self::assets) of the templates [`load`](Self::load) gives for `dir`, known
    /// before they are loaded (so the typesetter can be built meanwhile).
    pub fn assets_for(dir: Option<&Path>) -> Assets {
        let embedded = ASSETS.iter().map(|(p, b)| (p.to_string(), *b)).collect();
        match dir {
            Some(dir) => Assets::Layered(dir.to_path_buf(), embedded),
            None => Assets::Embedded(embedded),
        }
    }

    /// The Typst files written beside generated sources (`--format typ`): the house style,
    /// the school's own when its folder has one. (virtual path, bytes).
    pub fn typst_files(&self) -> Result<Vec<(String, Vec<u8>)>, RenderError> {
        ASSETS
            .iter()
            .map(|(path, bytes)| {
                let own = self
                    .dir
                    .as_ref()
                    .map(|d| d.join(path.trim_start_matches('/')))
                    .filter(|p| p.is_file());
                match own {
                    Some(own) => std::fs::read(&own)
                        .map(|b| (path.to_string(), b))
                        .map_err(|e| RenderError(format!("cannot read {}: {e}", own.display()))),
                    None => Ok((path.to_string(), bytes.to_vec())),
                }
            })
            .collect()
    }

    /// Renders `kind` for `ctx` into Typst source, in the context's language.
    pub fn render(&self, kind: DocumentKind, ctx: &DocumentContext) -> Result<String, RenderError> {
        self.render_with(kind, ctx.lang, ctx, None)
    }

    /// Renders `kind` for `ctx` as a part of a packet (see [`Part`]).
    pub fn render_part(
        &self,
        kind: DocumentKind,
        ctx: &DocumentContext,
        part: &Part,
    ) -> Result<String, RenderError> {
        self.render_with(kind, ctx.lang, ctx, Some(part))
    }

    /// Renders `kind` in `lang` for any serialisable context (an organisation's documents have
    /// their own), on its own (`part` is `None`) or as a part of a packet.
    pub fn render_with(
        &self,
        kind: DocumentKind,
        lang: Lang,
        ctx: &impl serde::Serialize,
        part: Option<&Part>,
    ) -> Result<String, RenderError> {
        let mut context = tera::Context::from_serialize(ctx)?;
        context.insert("part", &part);
        self.insert_label(&mut context, lang.code());
        let name = format!("{}/{}.typ.tera", lang.code(), kind.name());
        let _watched = crate::watchdog::guard(self.watched(&name));
        self.tera
            .render(&name, &context)
            .map_err(|e| RenderError::from_tera(e, self.dir.as_deref(), &self.own))
    }

    /// Gives the template `label`: the labels of `lang`, with the students' words where the
    /// organisation in the context has students rather than pupils (mbo, ho).
    fn insert_label(&self, context: &mut tera::Context, lang: &str) {
        let sector = context
            .get("org")
            .and_then(|org| org.get_from_path("sector"))
            .and_then(|s| s.as_str())
            .and_then(|s| serde_json::from_value(serde_json::Value::from(s)).ok());
        if let Some(table) = self.labels_for(lang, sector) {
            context.insert("label", table);
        }
    }

    /// The labels of `lang` for an organisation of `sector`: with the students' words where
    /// the sector has students rather than pupils. The one place that choice is made, for the
    /// templates and for what is worded outside them (the register's spreadsheet).
    fn labels_for(&self, lang: &str, sector: Option<Sector>) -> Option<&serde_json::Value> {
        let key = if sector.is_some_and(Sector::is_vocational_or_higher) {
            format!("{lang}{}", folder::STUDENTS)
        } else {
            lang.to_string()
        };
        self.labels.get(&key)
    }

    /// What the watchdog names while the template `name` is filled: its file in the school's
    /// folder, or the built-in template.
    fn watched(&self, name: &str) -> String {
        match &self.dir {
            Some(dir) if self.own.iter().any(|n| n == name) => {
                format!("filling the template {}", dir.join(name).display())
            }
            _ => format!("filling the built-in template {name}"),
        }
    }

    /// Renders the template `name` (e.g. `nl/gmr-pakket.typ.tera`) with any serialisable context.
    pub fn render_named(
        &self,
        name: &str,
        ctx: &impl serde::Serialize,
    ) -> Result<String, RenderError> {
        let mut context = tera::Context::from_serialize(ctx)?;
        if let Some((lang, _)) = name.split_once('/') {
            self.insert_label(&mut context, lang);
        }
        let _watched = crate::watchdog::guard(self.watched(name));
        self.tera
            .render(name, &context)
            .map_err(|e| RenderError::from_tera(e, self.dir.as_deref(), &self.own))
    }
}

#[cfg(test)]
mod tests;
