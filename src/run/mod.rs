//! The whole run, one module a step: [`check`] loads, validates and derives (writing nothing);
//! [`render`] plans the documents (`plan`: what, where, made from what), skips those the
//! manifest shows unchanged, and produces the others (`produce`: fill the template, typeset,
//! write) on the scheduler's threads (`schedule`), which the packet uses too.
//!
//! Besides the documents per activity, each organisation with `social_media` answers gets its
//! code of conduct, in the folder of its id and of the latest year of its valid activities.
//!
//! One bad file never stops the others (ripgrep's batch semantics): its diagnostics are kept,
//! nothing is written for it, and the exit code is chosen once at the end.

mod check;
mod plan;
mod produce;
mod render;
pub(crate) mod schedule;

pub use check::{CheckOptions, CheckOutcome, Checked, CheckedOrganisation, check, check_with};
pub(crate) use plan::tool_fingerprint;
pub use plan::{RenderOptions, Shard};
pub(crate) use produce::files;
pub use produce::{
    Format, conduct_source, conduct_source_with, language, pdf_ident, typst_source,
    typst_source_with,
};
pub(crate) use render::ownership_error;
pub(crate) use render::save_where_rendered;
pub use render::{
    DocStatus, DocumentOutcome, Lock, RenderOutcome, RunError, Tools, render, render_with,
};
pub use schedule::default_jobs;
