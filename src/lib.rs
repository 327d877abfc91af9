//! dpiagen turns a school's privacy questionnaire answers into the documents its board and its
//! participation council sign.
//!
//! The pipeline runs one way, one module a stage:
//!
//! 1. [`load`]: find the YAML files, parse them strictly into the typed [`model`].
//! 2. [`validate`]: check what serde cannot (ranges, dates, answers that depend on each other);
//!    `validate::batch` checks the files of a run against each other.
//! 3. [`rules`]: derive the legal conclusions; every reason is data (a rule code, the answers
//!    as typed values, legal references by id), never prose.
//! 4. [`render`]: fill the Tera templates with answers and conclusions, producing Typst source;
//!    the templates word every reason, and every user-typed value is escaped or converted from
//!    Markdown, never evaluated.
//! 5. [`typeset`]: compile that source with the embedded Typst compiler into PDF/A-2b + PDF/UA-1.
//! 6. [`output`]: write each file atomically.
//!
//! [`run`] runs the stages over a batch: check, plan, produce on the scheduler's threads.
//! [`knowledge`] holds what dpiagen knows besides the answers (WP248, the AP list, countries,
//! clauses, lawful access, platforms, legal references, the questions behind the reasons),
//! parsed once and passed down. [`manifest`] records what each document was made from so
//! unchanged ones are skipped; [`history`] keeps a snapshot of each year's answers and lists what
//! differs the next year; [`report`] is the `--json` shape. [`packet`] renders every document
//! of an organisation once more as parts of the (G)MR packet, with the board memo. [`register`]
//! tabulates the same answers as the register of processing activities (Art. 30 AVG).
//!
//! [`diagnostic`] carries located errors through every stage; [`lang`] formats dates and
//! numbers for the language of the documents.

// A `Diagnostic` (file, location, field, message, hint) is the error of every stage; it is only
// built on the error path, so its size does not matter there.
#![allow(clippy::result_large_err)]
// Nothing derived from input may panic: `unwrap` is refused outside tests (`expect` states an
// invariant and names it).
#![cfg_attr(not(test), deny(clippy::unwrap_used))]

pub mod cli;
pub mod diagnostic;
pub mod history;
pub mod init;
pub mod interview;
pub mod knowledge;
pub mod lang;
pub mod load;
pub mod lock;
pub mod manifest;
pub mod migrate;
pub mod model;
pub mod open;
pub mod output;
pub mod packet;
pub mod partial;
pub mod register;
pub mod render;
pub mod report;
pub mod rules;
pub mod run;
pub mod schema;
pub mod stdout;
pub mod timings;
pub mod typeset;
pub mod validate;
pub mod voice;
pub mod watchdog;
