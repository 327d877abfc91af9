//! `dpiagen interview <file>`: asks the open answers (`<vul in>`, see [`crate::open`]) one by
//! one on the terminal, with each question's comment and the schema's description, checks the
//! answer's type and allowed values, and writes it back into the file at once.
//!
//! Writing back is textual: only the placeholder's bytes are replaced by the answer as a YAML
//! scalar (text always double-quoted, so a colon, `#`, quotes or a newline stay data), so every
//! comment and the order of the keys stay as they were. The file is replaced atomically after
//! every answer and echoed in words (`opgeslagen: nee`); stopping (`q`, Ctrl-D, Ctrl-C) loses
//! nothing, and the next run asks only what is
//! still open.

pub mod expect;

use crate::knowledge::Knowledge;
use crate::load::FileKind;
use crate::load::locate::Node;
use crate::load::yaml;
use crate::open::{self, OpenAnswer};
use crate::voice::msg;
use expect::{Expect, Shape, Typed};
use std::path::Path;

/// An open answer with what it must be.
#[derive(Debug, Clone)]
pub struct Question {
    /// Where it is.
    pub open: OpenAnswer,
    /// What it must be.
    pub expect: Expect,
}

/// The open questions of `text`, a questionnaire of `kind`, in document order.
pub fn questions(text: &str, kind: FileKind) -> Vec<Question> {
    let lang = crate::voice::get();
    let schema: serde_json::Value = serde_json::from_str(&crate::schema::generate_in(kind, lang))
        .expect("the generated schema is valid JSON");
    open::find(text)
        .into_iter()
        .map(|open| Question {
            expect: Expect::lookup_in(&schema, &open.field, lang),
            open,
        })
        .collect()
}

/// Reads a questionnaire for the interview: its text and kind, or a printable error.
pub fn read(path: &Path) -> Result<(String, FileKind), String> {
    let bytes = std::fs::read(path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    let text = yaml::decode(path, &bytes).map_err(|d| d.render(None))?;
    let kind = yaml::header(path, &text).map_err(|d| d.render(Some(&text)))?;
    Ok((text, kind))
}

/// Replaces the placeholder of `open` in `text` by `yaml` and writes the result to `path`
/// atomically; returns the new text. Refuses (writing nothing) when the result would not parse
/// or would not hold the answer at that field.
pub fn write_answer(
    path: &Path,
    text: &str,
    open: &OpenAnswer,
    yaml: &str,
) -> Result<String, String> {
    let new = open::replace(text, open, yaml);
    let tree = Node::parse(&new).ok_or("the answer would make the file invalid YAML")?;
    if tree.locate(&open.field) != (open.line, open.column) {
        return Err(format!(
            "the answer would not stay at `{}`; nothing written",
            open.field
        ));
    }
    crate::output::write_atomic(path, new.as_bytes())
        .map_err(|e| format!("cannot write {}: {e}", path.display()))?;
    Ok(new)
}

/// Runs the interview on `path`; returns the exit code (0 done or stopped, 1 failure, 2 bad
/// input or no terminal).
pub fn run(path: &Path, knowledge: &Knowledge) -> u8 {
    use std::io::IsTerminal;
    if !std::io::stdin().is_terminal() || !std::io::stderr().is_terminal() {
        eprintln!(
            "{}: {}\n  = {}: {}",
            msg::ERROR.get(),
            msg::NOT_A_TERMINAL.get(),
            msg::HELP.get(),
            msg::NOT_A_TERMINAL_HELP.fill(&[&open::PLACEHOLDER, &path.display()])
        );
        return 2;
    }
    let (mut text, kind) = match read(path) {
        Ok(r) => r,
        Err(e) => {
            eprint!("{e}");
            if !e.ends_with('\n') {
                eprintln!();
            }
            return 2;
        }
    };
    let total = open::find(&text).len();
    if total == 0 {
        eprintln!("{}", msg::NOTHING_OPEN.fill(&[&path.display()]));
        return 0;
    }
    eprintln!(
        "{}",
        msg::INTERVIEW_START.fill(&[&msg::OPEN_ANSWER.count(total), &path.display()])
    );
    let mut skipped: Vec<String> = Vec::new();
    let mut answered = 0;
    let mut lines = std::io::stdin().lock();
    // What the given answers already make wrong; after each answer, what it newly made wrong is
    // shown at once.
    let mut known = crate::partial::diagnostics(path, &text, kind, knowledge);
    loop {
        let all = questions(&text, kind);
        let left = all.len();
        let Some(q) = all.into_iter().find(|q| !skipped.contains(&q.open.field)) else {
            break;
        };
        eprintln!(
            "\n{}",
            msg::QUESTION_AT.fill(&[&(left - skipped.len()), &q.open.field, &q.open.line])
        );
        if let Some(question) = &q.open.question {
            eprintln!("  {question}");
        }
        if let Some(description) = &q.expect.description
            && q.open.question.as_deref() != Some(description.as_str())
        {
            eprintln!("  ({description})");
        }
        if let Shape::Choice(values) = &q.expect.shape {
            for (i, (value, description)) in values.iter().enumerate() {
                if description.is_empty() {
                    eprintln!("    {:>2}  {value}", i + 1);
                } else {
                    eprintln!("    {:>2}  {value}  ({description})", i + 1);
                }
            }
        }
        match ask(&mut lines, &q.expect) {
            Typed::Answer { yaml, words } => match write_answer(path, &text, &q.open, &yaml) {
                Ok(new) => {
                    eprintln!("  {}", msg::SAVED.fill(&[&words]));
                    text = new;
                    answered += 1;
                    let now = crate::partial::diagnostics(path, &text, kind, knowledge);
                    for d in now
                        .iter()
                        .filter(|d| !known.iter().any(|k| crate::partial::same(k, d)))
                    {
                        eprint!("{}", d.render(Some(&text)));
                    }
                    known = now;
                }
                Err(e) => {
                    eprintln!("{}: {e}", msg::ERROR.get());
                    return 1;
                }
            },
            Typed::Skip => {
                eprintln!("  {}", msg::SKIPPED.get());
                skipped.push(q.open.field);
            }
            Typed::Stop => break,
        }
    }
    let left = open::find(&text).len();
    eprintln!(
        "\n{}",
        msg::INTERVIEW_DONE.fill(&[&answered, &left, &path.display()])
    );
    if left == 0 {
        eprintln!("{}", msg::NEXT_CHECK.fill(&[&path.display()]));
    } else {
        eprintln!("{}", msg::CONTINUE_LATER.fill(&[&path.display()]));
    }
    0
}

/// Asks one question until the typed line is understood: an answer, Enter (skip) or `q`
/// (stop); the end of the input or a read error stops.
fn ask(lines: &mut impl std::io::BufRead, expect: &Expect) -> Typed {
    use std::io::Write;
    loop {
        eprint!("  {} > ", expect.controls());
        let _ = std::io::stderr().flush();
        let mut line = String::new();
        match lines.read_line(&mut line) {
            Ok(0) | Err(_) => {
                eprintln!();
                return Typed::Stop;
            }
            Ok(_) => {}
        }
        match expect.read(&line) {
            Ok(typed) => return typed,
            Err(e) => eprintln!("  {e}"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::init::{ActivityKind, activity_text, organisation_text};

    #[test]
    fn answers_are_written_in_place_keeping_comments_and_order() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("organisatie.yaml");
        let text = organisation_text("schema.json");
        std::fs::write(&path, &text).unwrap();
        let qs = questions(&text, FileKind::Organisation);
        let name = qs.iter().find(|q| q.open.field == "name").unwrap();
        let answer = "OBS \"De Regenboog\": #1 in 't dorp\nen omstreken";
        let yaml = name.expect.encode(answer).unwrap();
        let new = write_answer(&path, &text, &name.open, &yaml).unwrap();
        assert_eq!(std::fs::read_to_string(&path).unwrap(), new);
        // Every line but the answered one is unchanged.
        let before: Vec<&str> = text.lines().collect();
        let after: Vec<&str> = new.lines().collect();
        assert_eq!(before.len(), after.len());
        for (i, (b, a)) in before.iter().zip(&after).enumerate() {
            if i + 1 != name.open.line {
                assert_eq!(b, a);
            }
        }
        // Reading it back gives the answer literally.
        let value: serde_json::Value = serde_saphyr::from_str(&new).unwrap();
        assert_eq!(value["name"], answer);
        // Resuming: the answered question is no longer open, the others are.
        let left = questions(&new, FileKind::Organisation);
        assert_eq!(left.len(), qs.len() - 1);
        assert!(left.iter().all(|q| q.open.field != "name"));
    }

    #[test]
    fn every_kind_of_answer_reads_back() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.yaml");
        let mut text = activity_text(
            "s.json",
            "app",
            ActivityKind::Instagram,
            "o.yaml",
            &crate::knowledge::Knowledge::builtin().platforms,
        );
        let cases = [
            ("assessment.year", "2026", serde_json::json!(2026)),
            (
                "assessment.date",
                "2026-09-01",
                serde_json::json!("2026-09-01"),
            ),
            (
                "consent.covers_platform_use",
                "nee",
                serde_json::json!(false),
            ),
            (
                "risks[0].kind",
                "disappearance",
                serde_json::json!("disappearance"),
            ),
            ("subjects[0].ages[1]", "12", serde_json::json!(12)),
        ];
        for (field, input, _) in &cases {
            let q = questions(&text, FileKind::Activity)
                .into_iter()
                .find(|q| q.open.field == *field)
                .unwrap_or_else(|| panic!("{field} is open"));
            let yaml = q.expect.encode(input).unwrap();
            text = write_answer(&path, &text, &q.open, &yaml).unwrap();
        }
        let value: serde_json::Value = serde_saphyr::from_str(&text).unwrap();
        assert_eq!(value["assessment"]["year"], cases[0].2);
        assert_eq!(value["assessment"]["date"], cases[1].2);
        assert_eq!(value["consent"]["covers_platform_use"], cases[2].2);
        assert_eq!(value["risks"][0]["kind"], cases[3].2);
        assert_eq!(value["subjects"][0]["ages"][1], cases[4].2);
        assert_eq!(value["subjects"][0]["ages"][0], open::PLACEHOLDER);
    }

    #[test]
    fn a_value_that_would_break_the_file_is_refused_and_nothing_written() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("o.yaml");
        let text = organisation_text("s.json");
        std::fs::write(&path, &text).unwrap();
        let q = &questions(&text, FileKind::Organisation)[0];
        assert!(write_answer(&path, &text, &q.open, "[unclosed").is_err());
        assert_eq!(std::fs::read_to_string(&path).unwrap(), text);
    }
}
