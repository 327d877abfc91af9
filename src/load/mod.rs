//! Stage 1, load: find questionnaire files, read them, parse them into the typed model.
//!
//! 1. [`collect`] walks the paths the user named (files and folders; hidden entries and
//!    non-YAML files are skipped).
//! 2. [`load`] reads each file and parses it by its `kind` (see [`yaml`]).
//! 3. Each activity is joined with the organisation profile it names.
//!
//! Problems come back as diagnostics; one bad file never stops the others.

pub mod answers;
pub mod glyphs;
pub mod house_style;
pub mod image;
pub mod limits;
pub mod locate;
pub mod reference;
pub mod scalars;
pub mod yaml;

use crate::diagnostic::Diagnostic;
use crate::model::{Activity, Organisation, READ_VERSIONS};
use rayon::prelude::*;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use walkdir::WalkDir;

pub use yaml::FileKind;

/// A questionnaire file as read from disk.
#[derive(Debug, Clone)]
pub struct SourceFile {
    /// The path as the user named it (or as found below a folder they named).
    pub path: PathBuf,
    /// Its text.
    pub text: String,
}

/// An organisation profile with its source.
#[derive(Debug)]
pub struct LoadedOrganisation {
    /// The file.
    pub source: SourceFile,
    /// The parsed profile.
    pub organisation: Organisation,
    /// The bytes of its logo (`house_style.logo`), read from inside its folder.
    pub logo: Option<Vec<u8>>,
    /// The name of its folder in the output: its `id`, or without one the name of the folder
    /// that holds the profile (`organisatie` when that has none).
    pub folder: String,
}

/// The output folder name of `organisation`, whose profile lies at the canonical path `profile`.
fn output_folder(organisation: &Organisation, profile: &Path) -> String {
    organisation.id.clone().unwrap_or_else(|| {
        profile
            .parent()
            .and_then(Path::file_name)
            .map(|n| n.to_string_lossy().into_owned())
            .filter(|n| !n.is_empty())
            .unwrap_or_else(|| "organisatie".to_string())
    })
}

/// An activity with its source and its organisation.
#[derive(Debug)]
pub struct LoadedActivity {
    /// The file.
    pub source: SourceFile,
    /// The parsed answers.
    pub activity: Activity,
    /// The organisation the activity belongs to.
    pub organisation: Arc<LoadedOrganisation>,
}

/// What loading produced: the usable activities, every organisation seen, and the problems.
#[derive(Debug, Default)]
pub struct Loaded {
    /// Activities that parsed and whose organisation was found.
    pub activities: Vec<LoadedActivity>,
    /// Organisation profiles, keyed by canonical path.
    pub organisations: BTreeMap<PathBuf, Arc<LoadedOrganisation>>,
    /// Errors and warnings, per file.
    pub diagnostics: Vec<Diagnostic>,
    /// Texts of the files that have diagnostics, to show the offending lines.
    pub sources: BTreeMap<PathBuf, String>,
}

/// Lists the YAML files below `paths`, sorted, without duplicates.
pub fn collect(paths: &[PathBuf]) -> Result<Vec<PathBuf>, Diagnostic> {
    let mut files = Vec::new();
    for root in paths {
        if !root.exists() {
            return Err(Diagnostic::error(root, "no such file or folder"));
        }
        if root.is_file() {
            files.push(root.clone());
            continue;
        }
        let walker = WalkDir::new(root)
            .follow_links(true)
            .sort_by_file_name()
            .into_iter()
            .filter_entry(|e| e.depth() == 0 || !e.file_name().to_string_lossy().starts_with('.'));
        for entry in walker {
            let entry = match entry {
                Ok(entry) => entry,
                // A symlink back to a parent folder: everything in it is already being read.
                Err(e) if e.loop_ancestor().is_some() => continue,
                // One bad entry does not stop the folder: a questionnaire or a folder that
                // cannot be read is reported by `read`; other files are skipped as always.
                Err(e) => {
                    let path = e.path().unwrap_or(root);
                    if is_yaml(path) || path.is_dir() {
                        files.push(path.to_path_buf());
                    }
                    continue;
                }
            };
            if entry.file_type().is_file() && is_yaml(entry.path()) {
                files.push(entry.into_path());
            }
        }
    }
    files.sort();
    // The same file reached twice (named twice, or through a symlinked folder) is read once.
    let mut seen = std::collections::BTreeSet::new();
    files.retain(|f| seen.insert(f.canonicalize().unwrap_or_else(|_| f.clone())));
    Ok(files)
}

fn is_yaml(path: &Path) -> bool {
    matches!(
        path.extension().and_then(|e| e.to_str()),
        Some("yaml" | "yml")
    )
}

/// The folders an organisation reference may lead into when `paths` were named on the command
/// line: each folder named, and for a file named on its own its folder and the one above it
/// (for `../organisatie.yaml`). Canonical paths.
pub fn roots(paths: &[PathBuf]) -> Vec<PathBuf> {
    paths
        .iter()
        .map(|p| {
            let p = canonical(p);
            if p.is_dir() {
                return p;
            }
            let folder = p.parent().unwrap_or(&p);
            folder.parent().unwrap_or(folder).to_path_buf()
        })
        .collect()
}

/// Reads and parses `files`, joining activities to their organisations; a reference to an
/// organisation is followed anywhere [`roots`] of the files themselves allows.
pub fn load(files: &[PathBuf]) -> Loaded {
    load_within(files, &roots(files))
}

/// Reads and parses `files`, joining activities to their organisations, whose profiles must
/// lie below one of `roots` (see [`roots`]).
pub fn load_within(files: &[PathBuf], roots: &[PathBuf]) -> Loaded {
    let mut loaded = Loaded::default();
    let mut activities = Vec::new();
    // Reading and parsing are independent per file: done on all cores, then merged in order.
    let parsed: Vec<Result<ReadAndParsed, Diagnostic>> = files
        .par_iter()
        .map(|path| {
            read(path).map(|source| {
                let parsed = parse_any(&source);
                (source, parsed)
            })
        })
        .collect();
    for (path, result) in files.iter().zip(parsed) {
        match result {
            Ok((source, parsed)) => match parsed {
                Ok(Parsed::Organisation(org, logo)) => {
                    let key = canonical(path);
                    let folder = output_folder(&org, &key);
                    loaded.organisations.insert(
                        key,
                        Arc::new(LoadedOrganisation {
                            source,
                            organisation: *org,
                            logo,
                            folder,
                        }),
                    );
                }
                Ok(Parsed::Activity(act)) => activities.push((source, *act)),
                Err(ds) => {
                    if reference::looks_like_questionnaire(&source.text) {
                        loaded.sources.insert(path.clone(), source.text);
                    }
                    loaded.diagnostics.extend(ds);
                }
            },
            Err(d) => loaded.diagnostics.push(d),
        }
    }
    for (source, activity) in activities {
        match organisation_of(&source, &activity, roots, &mut loaded) {
            Ok(organisation) => loaded.activities.push(LoadedActivity {
                source,
                activity,
                organisation,
            }),
            Err(ds) => {
                loaded.sources.insert(source.path.clone(), source.text);
                loaded.diagnostics.extend(ds);
            }
        }
    }
    loaded
}

/// A file's text with the result of parsing it.
type ReadAndParsed = (SourceFile, Result<Parsed, Vec<Diagnostic>>);

enum Parsed {
    /// A profile with the bytes of its logo.
    Organisation(Box<Organisation>, Option<Vec<u8>>),
    Activity(Box<Activity>),
}

impl Parsed {
    /// Whether the parsed `version` and `kind` are the ones [`yaml::header`] accepts as `kind`.
    fn has_header_of(&self, kind: FileKind) -> bool {
        match (self, kind) {
            (Parsed::Organisation(o, _), FileKind::Organisation) => {
                READ_VERSIONS.contains(&o.version) && o.kind == "organisation"
            }
            (Parsed::Activity(a), FileKind::Activity) => {
                READ_VERSIONS.contains(&a.version) && a.kind == "activity"
            }
            _ => false,
        }
    }
}

/// Reads one questionnaire file as text, refusing what is no text or too large.
pub(crate) fn read(path: &Path) -> Result<SourceFile, Diagnostic> {
    let meta =
        std::fs::metadata(path).map_err(|e| Diagnostic::error(path, unreadable(path, &e)))?;
    if meta.is_dir() {
        let why = std::fs::read_dir(path)
            .err()
            .map_or("not a file".into(), |e| e.to_string());
        return Err(Diagnostic::error(
            path,
            format!("cannot read folder: {why}; the questionnaires in it are left out"),
        ));
    }
    if meta.len() > yaml::MAX_FILE_BYTES {
        return Err(Diagnostic::error(
            path,
            format!(
                "file is {} bytes; a questionnaire is at most {} bytes",
                meta.len(),
                yaml::MAX_FILE_BYTES
            ),
        ));
    }
    let bytes = std::fs::read(path)
        .map_err(|e| Diagnostic::error(path, format!("cannot read file: {e}")))?;
    let text = yaml::decode(path, &bytes)?;
    Ok(SourceFile {
        path: path.to_path_buf(),
        text,
    })
}

/// Why `path` cannot be read, naming a broken symlink as such.
fn unreadable(path: &Path, e: &std::io::Error) -> String {
    match std::fs::read_link(path) {
        Ok(target) => format!("cannot read file: symlink to `{}`: {e}", target.display()),
        Err(_) => format!("cannot read file: {e}"),
    }
}

/// Parses a file by its kind (see [`parse_shape`]) and refuses what the typed parse lets
/// through (see [`answer_problems`]).
fn parse_any(source: &SourceFile) -> Result<Parsed, Vec<Diagnostic>> {
    let parsed = parse_shape(source)?;
    let problems = match &parsed {
        Parsed::Organisation(org, _) => {
            let mut problems = answer_problems(source, org);
            problems.extend(organisation_id(source, org));
            problems.extend(councils(source, org));
            problems
        }
        Parsed::Activity(act) => answer_problems(source, act),
    };
    if problems.is_empty() {
        Ok(parsed)
    } else {
        Err(problems)
    }
}

/// What the typed parse lets through: answers over their length limit ([`limits`]), quoted
/// numbers and `!!binary` text ([`scalars`]), characters no font can show ([`glyphs`]).
fn answer_problems(source: &SourceFile, answers: &impl serde::Serialize) -> Vec<Diagnostic> {
    let Ok(value) = serde_json::to_value(answers) else {
        return Vec::new();
    };
    let (path, text) = (&source.path, &source.text);
    let mut problems = limits::check(path, text, &value);
    problems.extend(scalars::check(path, text, &value));
    problems.extend(glyphs::check(path, text, &value));
    problems
}

/// An organisation's `id` that is no valid id: it names output folders, so an activity of
/// that organisation is not rendered (the profile has errors) instead of writing elsewhere.
fn organisation_id(source: &SourceFile, org: &Organisation) -> Option<Diagnostic> {
    let id = org.id.as_deref()?;
    if crate::validate::is_slug(id) {
        return None;
    }
    let (line, col) = locate::Node::parse(&source.text).map_or((1, 1), |n| n.locate("id"));
    Some(
        Diagnostic::error(&source.path, format!("`{id}` is not a valid id"))
            .field("id")
            .at(line, col)
            .help("use lowercase letters, digits and hyphens, e.g. `obs-de-regenboog` (it names the folder of the organisation's documents)"),
    )
}

/// A council the sector does not have (a GMR in mbo, an ondernemingsraad in vo): the documents
/// would cite a law that gives it no say.
fn councils(source: &SourceFile, org: &Organisation) -> Vec<Diagnostic> {
    use crate::rules::councils;
    let named = std::iter::once(("council.kind".to_string(), &org.council)).chain(
        org.other_councils
            .iter()
            .enumerate()
            .map(|(i, c)| (format!("other_councils[{i}].kind"), c)),
    );
    let node = locate::Node::parse(&source.text);
    named
        .filter(|(_, c)| councils::law(c.kind, org.sector).is_none())
        .map(|(field, c)| {
            let (line, col) = node.as_ref().map_or((1, 1), |n| n.locate(&field));
            let allowed: Vec<String> = councils::kinds(org.sector)
                .iter()
                .map(|k| format!("`{}`", crate::model::name_of(k)))
                .collect();
            Diagnostic::error(
                &source.path,
                format!(
                    "`{}` is not a participation council of the sector `{}`",
                    crate::model::name_of(&c.kind),
                    crate::model::name_of(&org.sector)
                ),
            )
            .field(field.clone())
            .at(line, col)
            .help(format!("in this sector use one of {}", allowed.join(", ")))
        })
        .collect()
}

/// Parses a file by its kind. A file with open answers (`<vul in>`, see [`crate::open`]) is
/// not read as answers: each open answer is an error of its own.
fn parse_shape(source: &SourceFile) -> Result<Parsed, Vec<Diagnostic>> {
    let path = &source.path;
    let open = crate::open::diagnostics(path, &source.text);
    // Most files are well formed: one strict parse instead of two. Anything else is parsed
    // again the careful way below, so its messages do not depend on the guess.
    if open.is_empty()
        && let Some(kind) = yaml::guess_kind(&source.text)
        && let Ok(parsed) = parse_kind(source, kind)
        && parsed.has_header_of(kind)
    {
        return Ok(parsed);
    }
    let kind = yaml::header(path, &source.text).map_err(|d| vec![d])?;
    if !open.is_empty() {
        // The checks the given answers already decide are added by the run, which has the
        // knowledge they need (`run::check`).
        return Err(open);
    }
    parse_kind(source, kind).map_err(|d| vec![d])
}

fn parse_kind(source: &SourceFile, kind: FileKind) -> Result<Parsed, Diagnostic> {
    let path = &source.path;
    match kind {
        FileKind::Organisation => {
            let org: Organisation = yaml::parse(path, &source.text)?;
            let logo = house_style::load(path, &source.text, &org)?;
            Ok(Parsed::Organisation(Box::new(org), logo))
        }
        FileKind::Activity => Ok(Parsed::Activity(Box::new(yaml::parse(path, &source.text)?))),
    }
}

fn canonical(path: &Path) -> PathBuf {
    path.canonicalize().unwrap_or_else(|_| path.to_path_buf())
}

/// Finds (or loads) the organisation profile an activity names.
fn organisation_of(
    source: &SourceFile,
    activity: &Activity,
    roots: &[PathBuf],
    loaded: &mut Loaded,
) -> Result<Arc<LoadedOrganisation>, Vec<Diagnostic>> {
    let dir = source.path.parent().unwrap_or(Path::new("."));
    let org_path = dir.join(&activity.organisation);
    let locate = || {
        let (line, col) =
            locate::Node::parse(&source.text).map_or((1, 1), |n| n.locate("organisation"));
        Diagnostic::error(&source.path, "")
            .field("organisation")
            .at(line, col)
    };
    if let Some((message, help)) = reference::refused(&activity.organisation) {
        let mut d = locate();
        d.message = message;
        d.help = Some(help.into());
        return Err(vec![d]);
    }
    let key = canonical(&org_path);
    let outside = org_path
        .canonicalize()
        .is_ok_and(|real| !roots.iter().any(|root| real.starts_with(root)));
    if outside {
        let mut d = locate();
        d.message = format!(
            "`{}` lies outside the folders given on the command line",
            activity.organisation
        );
        d.help = Some(
            "keep the organisation profile inside the folder you check or render; for a file named on its own, in its folder or the one above it (`../organisatie.yaml`)"
                .into(),
        );
        return Err(vec![d]);
    }
    if let Some(org) = loaded.organisations.get(&key) {
        return Ok(org.clone());
    }
    if !org_path.is_file() {
        let mut d = locate();
        d.message = format!(
            "organisation profile `{}` {}",
            org_path.display(),
            reference::what_is(&org_path)
        );
        d.help =
            Some("give the path of the `kind: organisation` file, relative to this file".into());
        return Err(vec![d]);
    }
    let org_source = read(&org_path).map_err(|d| vec![d])?;
    match parse_any(&org_source) {
        Ok(Parsed::Organisation(org, logo)) => {
            let org = Arc::new(LoadedOrganisation {
                source: org_source,
                folder: output_folder(&org, &key),
                organisation: *org,
                logo,
            });
            loaded.organisations.insert(key, org.clone());
            Ok(org)
        }
        Ok(Parsed::Activity(_)) => {
            let mut d = locate();
            d.message = format!(
                "`{}` is an activity, not an organisation profile",
                org_path.display()
            );
            Err(vec![d])
        }
        // Its own errors are reported once: when the profile was read as one of the files, the
        // activity only says that its profile is invalid.
        Err(_) if loaded.diagnostics.iter().any(|d| canonical(&d.file) == key) => {
            let mut d = locate();
            d.message = format!(
                "organisation profile `{}` has errors (reported for it)",
                org_path.display()
            );
            Err(vec![d])
        }
        Err(ds) => {
            if reference::looks_like_questionnaire(&org_source.text) {
                loaded.sources.insert(org_path.clone(), org_source.text);
            }
            Err(ds)
        }
    }
}
