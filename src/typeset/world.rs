//! The Typst `World` of dpiagen: fonts and standard library built once,
//! one cheap world per compiled document, files confined to the assets.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, MutexGuard};

use std::sync::LazyLock;

use typst::comemo::Tracked;
use typst::diag::{FileError, FileResult, PackageError, SourceResult, Warned, bail};
use typst::engine::Engine;
use typst::foundations::{
    Args, Binding, Bytes, CastInfo, Context, Datetime, Duration, Func, NativeFuncData,
    NativeFuncPtr, NativeParamInfo, Scope, Smart, Value,
};
use typst::syntax::{FileId, RootedPath, Source, VirtualPath, VirtualRoot};
use typst::text::{Font, FontBook};
use typst::utils::LazyHash;
use typst::{Library, LibraryExt, World};
use typst_layout::PagedDocument;
use typst_pdf::{PdfOptions, PdfStandard, PdfStandards, Timestamp};

use super::{PdfMeta, TypesetError};
use crate::timings::{self, Stage};

/// The virtual path of the main source of every document.
///
/// File ids are interned for the lifetime of the process, so every document
/// reuses this one path instead of getting a fresh id.
const MAIN_PATH: &str = "/main.typ";

/// Files that documents may read besides the main source (template library
/// `.typ` files, images, logos).
#[derive(Debug, Clone)]
pub enum Assets {
    /// Built into the binary: virtual path (e.g. `"/dpiagen.typ"`) → bytes.
    ///
    /// Paths are normalised like Typst paths (a missing leading `/` is added);
    /// entries whose path is not a valid Typst path are ignored.
    Embedded(Vec<(String, &'static [u8])>),
    /// A folder on disk (user-overridden templates). Reads are confined below
    /// it: every path is canonicalised, so symlinks cannot escape. If the
    /// folder cannot be canonicalised, every read is refused.
    Dir(PathBuf),
    /// A folder on disk in front of embedded files (a school's own templates
    /// over the built-in house style): a path that exists in the folder is
    /// read from there, confined as with [`Assets::Dir`]; any other path from
    /// the embedded files.
    Layered(PathBuf, Vec<(String, &'static [u8])>),
}

/// Where the non-main files come from, in the form used while compiling.
enum Files {
    /// Bytes by normalised virtual path; parsed sources are cached across
    /// documents because they never change.
    Memory {
        bytes: HashMap<String, Bytes>,
        sources: Mutex<HashMap<FileId, Source>>,
    },
    /// Canonical root folder, or `None` when it could not be resolved, and
    /// the embedded files read when the folder lacks a path.
    Dir(Option<PathBuf>, HashMap<String, Bytes>),
}

/// Everything shared by all documents of a process.
struct Shared {
    library: LazyHash<Library>,
    book: LazyHash<FontBook>,
    fonts: Vec<Font>,
    files: Files,
    main: FileId,
    standards: PdfStandards,
}

/// Fonts shipped in `fonts/` besides typst-assets' text fonts: Noto Color Emoji (SIL OFL 1.1),
/// so that emoji in answers reach the PDF instead of failing the PDF/A check.
pub(super) const EXTRA_FONTS: &[&[u8]] = &[include_bytes!("../../fonts/NotoColorEmoji.ttf")];

/// Everything that is built once per process: the embedded fonts (parsed
/// once), the font book and the standard library. `Send + Sync` and cheap to
/// clone, so one instance can serve all rayon threads.
#[derive(Clone)]
pub struct Typesetter {
    shared: Arc<Shared>,
}

impl Typesetter {
    /// Parse the embedded fonts, build the library and remember the assets.
    pub fn new(assets: Assets) -> Self {
        let fonts: Vec<Font> = typst_assets::fonts()
            .chain(EXTRA_FONTS.iter().copied())
            .flat_map(|data| Font::iter(Bytes::new(data)))
            .collect();
        let book = LazyHash::new(FontBook::from_fonts(&fonts));
        let embedded = |list: Vec<(String, &'static [u8])>| -> HashMap<String, Bytes> {
            list.into_iter()
                .filter_map(|(path, data)| Some((normalise(&path)?, Bytes::new(data))))
                .collect()
        };
        let files = match assets {
            Assets::Embedded(list) => Files::Memory {
                bytes: embedded(list),
                sources: Mutex::new(HashMap::new()),
            },
            Assets::Dir(dir) => Files::Dir(dir.canonicalize().ok(), HashMap::new()),
            Assets::Layered(dir, list) => Files::Dir(dir.canonicalize().ok(), embedded(list)),
        };
        let main_path = VirtualPath::new(MAIN_PATH).expect("constant path is valid");
        let standards = PdfStandards::new(&[PdfStandard::A_2b, PdfStandard::Ua_1])
            .expect("PDF/A-2b and PDF/UA-1 are compatible");
        let shared = Shared {
            library: LazyHash::new(library()),
            book,
            fonts,
            files,
            main: RootedPath::new(VirtualRoot::Project, main_path).intern(),
            standards,
        };
        Self {
            shared: Arc::new(shared),
        }
    }

    /// Compile one Typst main source (held in memory) to PDF bytes
    /// (PDF/A-2b + PDF/UA-1, tagged, reproducible: same input and meta give
    /// byte-identical output). Warnings are ignored. The memoization cache is
    /// not evicted here: call [`evict_cache`](super::evict_cache) between
    /// batches.
    pub fn pdf(&self, main: &str, meta: &PdfMeta) -> Result<Vec<u8>, TypesetError> {
        self.pdf_with_sources(main, &[], meta)
    }

    /// Like [`pdf`](Self::pdf), with further Typst sources held in memory for this document
    /// only: `(virtual path, text)`, e.g. `("/parts/a/pre-dpia.typ", …)`, which the main source
    /// can `#include` or `#import`. They take precedence over the assets; a path that is not a
    /// valid Typst path is an error. Nothing of them is cached across documents.
    pub fn pdf_with_sources(
        &self,
        main: &str,
        sources: &[(String, String)],
        meta: &PdfMeta,
    ) -> Result<Vec<u8>, TypesetError> {
        self.pdf_with_files(main, sources, &[], meta)
    }

    /// Like [`pdf_with_sources`](Self::pdf_with_sources), with binary files for this document
    /// only: `(virtual path, bytes)`, e.g. the organisation's logo under a fixed path. They are
    /// served exactly as given (nothing is read from disk) and take precedence over the assets.
    pub fn pdf_with_files(
        &self,
        main: &str,
        sources: &[(String, String)],
        files: &[(&str, &[u8])],
        meta: &PdfMeta,
    ) -> Result<Vec<u8>, TypesetError> {
        let mut extra_files = HashMap::new();
        for (path, bytes) in files {
            let Some(id) = normalise(path)
                .and_then(|p| VirtualPath::new(p).ok())
                .map(|vpath| RootedPath::new(VirtualRoot::Project, vpath).intern())
            else {
                return Err(TypesetError::message(format!("invalid file path `{path}`")));
            };
            extra_files.insert(id, Bytes::new(bytes.to_vec()));
        }
        let mut extra = HashMap::new();
        for (path, text) in sources {
            let Some(id) = normalise(path)
                .and_then(|p| VirtualPath::new(p).ok())
                .map(|vpath| RootedPath::new(VirtualRoot::Project, vpath).intern())
            else {
                return Err(TypesetError::message(format!(
                    "invalid source path `{path}`"
                )));
            };
            extra.insert(id, Source::new(id, text.clone()));
        }
        let (y, m, d) = meta.date;
        let (Some(today), Some(midnight)) = (
            Datetime::from_ymd(y, m, d),
            Datetime::from_ymd_hms(y, m, d, 0, 0, 0),
        ) else {
            return Err(TypesetError::message(format!(
                "invalid document date {y}-{m}-{d}"
            )));
        };
        let world = DocWorld {
            shared: &self.shared,
            main: Source::new(self.shared.main, main.to_owned()),
            today,
            extra,
            extra_files,
            bytes: Mutex::new(HashMap::new()),
            sources: Mutex::new(HashMap::new()),
        };
        // A packet brings its parts as sources: it counts as that many documents.
        let _watched = crate::watchdog::guard_weighted(
            format!("typesetting {}", meta.ident),
            u32::try_from(sources.len())
                .unwrap_or(u32::MAX)
                .saturating_add(1),
        );
        let Warned {
            output,
            warnings: _,
        } = timings::time(Stage::Compile, || typst::compile::<PagedDocument>(&world));
        let document = output.map_err(|errors| TypesetError::from_typst(&world, &errors))?;
        let options = PdfOptions {
            ident: Smart::Custom(meta.ident.clone()),
            creator: Smart::Auto,
            timestamp: Some(Timestamp::new_utc(midnight)),
            page_ranges: None,
            standards: self.shared.standards.clone(),
            tagged: true,
            pretty: false,
        };
        timings::time(Stage::Export, || typst_pdf::pdf(&document, &options))
            .map_err(|errors| TypesetError::from_typst(&world, &errors))
    }
}

/// The world of one document: the shared parts plus its main source and
/// per-document caches of files read from disk.
struct DocWorld<'a> {
    shared: &'a Shared,
    main: Source,
    today: Datetime,
    /// In-memory sources of this document only (see [`Typesetter::pdf_with_sources`]).
    extra: HashMap<FileId, Source>,
    /// Binary files of this document only (see [`Typesetter::pdf_with_files`]).
    extra_files: HashMap<FileId, Bytes>,
    bytes: Mutex<HashMap<FileId, FileResult<Bytes>>>,
    sources: Mutex<HashMap<FileId, FileResult<Source>>>,
}

impl World for DocWorld<'_> {
    fn library(&self) -> &LazyHash<Library> {
        &self.shared.library
    }

    fn book(&self) -> &LazyHash<FontBook> {
        &self.shared.book
    }

    fn main(&self) -> FileId {
        self.shared.main
    }

    fn source(&self, id: FileId) -> FileResult<Source> {
        if id == self.shared.main {
            return Ok(self.main.clone());
        }
        if let Some(source) = self.extra.get(&id) {
            return Ok(source.clone());
        }
        if let Files::Memory { sources, .. } = &self.shared.files {
            if let Some(source) = lock(sources).get(&id) {
                return Ok(source.clone());
            }
            let source = self.parse(id)?;
            lock(sources).insert(id, source.clone());
            return Ok(source);
        }
        lock(&self.sources)
            .entry(id)
            .or_insert_with(|| self.parse(id))
            .clone()
    }

    fn file(&self, id: FileId) -> FileResult<Bytes> {
        if id == self.shared.main {
            return Ok(Bytes::from_string(self.main.text().to_owned()));
        }
        if let Some(source) = self.extra.get(&id) {
            return Ok(Bytes::from_string(source.text().to_owned()));
        }
        if let Some(bytes) = self.extra_files.get(&id) {
            return Ok(bytes.clone());
        }
        refuse_packages(id)?;
        let vpath = id.vpath().get_with_slash();
        match &self.shared.files {
            Files::Memory { bytes, .. } => {
                bytes.get(vpath).cloned().ok_or_else(|| not_found(vpath))
            }
            Files::Dir(None, _) => Err(FileError::AccessDenied),
            Files::Dir(Some(root), fallback) => lock(&self.bytes)
                .entry(id)
                .or_insert_with(|| match fallback.get(vpath) {
                    Some(bytes) if !exists_below(root, id.vpath()) => Ok(bytes.clone()),
                    _ => read_confined(root, id.vpath()),
                })
                .clone(),
        }
    }

    fn font(&self, index: usize) -> Option<Font> {
        self.shared.fonts.get(index).cloned()
    }

    fn today(&self, _offset: Option<Duration>) -> Option<Datetime> {
        Some(self.today)
    }
}

impl DocWorld<'_> {
    /// Load a file and parse it as Typst source.
    fn parse(&self, id: FileId) -> FileResult<Source> {
        let bytes = self.file(id)?;
        let text = std::str::from_utf8(&bytes)?;
        Ok(Source::new(id, text.to_owned()))
    }
}

/// Typst's standard library without `eval`: no template, built in or a
/// school's own, can run a string (such as an answer) as Typst code.
fn library() -> Library {
    let mut library = Library::builder().build();
    let eval = Binding::detached(Value::Func(Func::from(&DISABLED_EVAL)));
    library.global.scope_mut().bind("eval".into(), eval);
    library.std = Binding::detached(library.global.clone());
    library
}

/// What `eval` does in dpiagen: refuse.
fn disabled_eval(
    _engine: &mut Engine,
    _context: Tracked<Context>,
    args: &mut Args,
) -> SourceResult<Value> {
    bail!(
        args.span,
        "eval is disabled in dpiagen";
        hint: "templates show answers as text, never as code"
    )
}

fn no_scope() -> Scope {
    Scope::new()
}

fn no_params() -> Vec<NativeParamInfo> {
    Vec::new()
}

fn any_value() -> CastInfo {
    CastInfo::Any
}

static DISABLED_EVAL: NativeFuncData = NativeFuncData {
    function: NativeFuncPtr(&disabled_eval),
    name: "eval",
    title: "Eval",
    docs: "Disabled in dpiagen.",
    def_site: None,
    keywords: &[],
    contextual: false,
    scope: LazyLock::new(&no_scope),
    params: LazyLock::new(&no_params),
    returns: LazyLock::new(&any_value),
};

/// Whether `vpath` names something (a file, a folder or a link) below `root`.
fn exists_below(root: &Path, vpath: &VirtualPath) -> bool {
    vpath
        .realize(root)
        .is_ok_and(|real| std::fs::symlink_metadata(real).is_ok())
}

/// Refuse every file that lives in a package: dpiagen never loads packages.
fn refuse_packages(id: FileId) -> FileResult<()> {
    match id.root() {
        VirtualRoot::Project => Ok(()),
        VirtualRoot::Package(spec) => Err(FileError::Package(PackageError::Other(Some(
            typst::ecow::eco_format!("packages are disabled in dpiagen ({spec})"),
        )))),
    }
}

/// Read a file below `root` (canonical), refusing anything that resolves
/// outside of it. Errors only ever name the virtual path.
fn read_confined(root: &Path, vpath: &VirtualPath) -> FileResult<Bytes> {
    let shown = vpath.get_with_slash();
    let real = vpath.realize(root)?;
    let canonical = real.canonicalize().map_err(|err| match err.kind() {
        std::io::ErrorKind::NotFound => not_found(shown),
        _ => FileError::AccessDenied,
    })?;
    if !canonical.starts_with(root) {
        return Err(FileError::AccessDenied);
    }
    if canonical.is_dir() {
        return Err(FileError::IsDirectory);
    }
    std::fs::read(&canonical)
        .map(Bytes::new)
        .map_err(|err| match err.kind() {
            std::io::ErrorKind::NotFound => not_found(shown),
            _ => FileError::AccessDenied,
        })
}

/// A not-found error naming only the virtual path.
fn not_found(vpath: &str) -> FileError {
    FileError::Other(Some(typst::ecow::eco_format!(
        "file {vpath} does not exist among the document assets"
    )))
}

/// Normalise an asset path the way Typst does (`lib.typ` → `/lib.typ`).
fn normalise(path: &str) -> Option<String> {
    let with_slash = if path.starts_with('/') {
        path.to_owned()
    } else {
        format!("/{path}")
    };
    VirtualPath::new(with_slash)
        .ok()
        .map(|vpath| vpath.get_with_slash().to_owned())
}

/// Lock a cache, ignoring poisoning (a cache cannot be left inconsistent).
fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}
