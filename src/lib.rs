//! dpiagen turns a school's privacy questionnaire answers into the documents its board and its
//! participation council sign.
//!
//! The pipeline runs one way, one module a stage:
//!
//! 1. [`load`]: find the YAML files, parse them strictly into the typed [`model`].
//! 2. [`validate`]: check what serde cannot (ranges, dates, answers that depend on each other).
//! 3. [`rules`]: derive the legal conclusions with their reasons (pure, no I/O).
//! 4. `render`: fill the Tera templates with answers and conclusions, producing Typst source;
//!    every user-typed value is escaped or converted from Markdown, never evaluated.
//! 5. `typeset`: compile that source with the embedded Typst compiler into PDF/A-2b + PDF/UA-1.
//! 6. `output`: write each file atomically below `output/<year>/<assessment-id>/`.
//!
//! Around the stages: [`pipeline`] runs them over a batch in parallel; [`manifest`] records what
//! each document was made from so unchanged ones are skipped; [`changes`] keeps a snapshot of
//! each year's answers and lists what differs the next year; [`report`] is the `--json` shape.
//! [`packet`] runs stages 4–6 once more per organisation and year: the (G)MR packet (every
//! document of every activity as one PDF of parts) and the board memo.
//!
//! [`diagnostic`] carries located errors through every stage; [`catalogue`] holds the domain
//! data (WP248, the AP list, countries) read from `data/`; [`lang`] the language of the documents
//! (Dutch or English: the templates of `templates/<lang>/` word every conclusion).

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
pub mod model;
pub mod open;
pub mod output;
pub mod packet;
pub mod partial;
pub mod render;
pub mod report;
pub mod rules;
pub mod run;
pub mod schema;
pub mod stdout;
pub mod timings;
pub mod typeset;
pub mod validate;
pub mod watchdog;
