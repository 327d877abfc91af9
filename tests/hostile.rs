//! Hostile input (issue 21): every case ends with exit code 0 (rendered) or 2 (a located
//! message, nothing written for that activity), never a panic, exit code 1 or a hang. Large
//! inputs are made here at run time; `bench/hostile` runs the heavy ones under a memory limit
//! and prints peak memory and time.

mod common;

use common::*;
use std::io::Read;
use std::process::{Command, Stdio};

/// Runs dpiagen with `args`, its standard output a pipe whose reader is gone before anything is
/// written (as in `dpiagen schema activity | head -0`); returns the exit code and standard
/// error.
fn with_closed_stdout(args: &[&str]) -> (Option<i32>, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_dpiagen"))
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .env("LANG", "C")
        .args(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take());
    let mut stderr = String::new();
    child
        .stderr
        .take()
        .unwrap()
        .read_to_string(&mut stderr)
        .unwrap();
    (child.wait().unwrap().code(), stderr)
}

#[test]
fn a_reader_that_stops_early_ends_the_output_quietly() {
    let examples = examples();
    let examples = examples.to_str().unwrap();
    let out = tempfile::tempdir().unwrap();
    let out = out.path().to_str().unwrap();
    for (args, code) in [
        (vec!["schema", "activity"], 0),
        (vec!["completions", "bash"], 0),
        (vec!["man"], 0),
        (vec!["check", "--json", examples], 0),
        (
            vec!["render", "--json", "--format", "typ", "-o", out, examples],
            0,
        ),
    ] {
        let (status, stderr) = with_closed_stdout(&args);
        assert_eq!(status, Some(code), "{args:?}: {stderr}");
        assert!(!stderr.contains("panicked"), "{args:?}: {stderr}");
        assert!(!stderr.contains("Broken pipe"), "{args:?}: {stderr}");
    }
}

/// A folder with the example organisation and one of its activities, each text edited.
fn case(
    edit_activity: impl FnOnce(String) -> String,
    edit_organisation: impl FnOnce(String) -> String,
) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let school = examples().join("obs-de-regenboog");
    let read = |name: &str| std::fs::read_to_string(school.join(name)).unwrap();
    let write = |name: &str, text: String| std::fs::write(dir.path().join(name), text).unwrap();
    write(ACTIVITY, edit_activity(read(ACTIVITY)));
    write(ORGANISATION, edit_organisation(read(ORGANISATION)));
    dir
}

const ACTIVITY: &str = "leerplatform-uitgever.yaml";
const ORGANISATION: &str = "organisatie.yaml";

/// Renders `dir` to PDF; returns the exit code, standard error and the files written.
fn render(dir: &std::path::Path) -> (Option<i32>, String, Vec<std::path::PathBuf>) {
    let (code, stderr, out) = render_kept(dir);
    (code, stderr, files_below(out.path()))
}

/// [`render`], keeping the output folder.
fn render_kept(dir: &std::path::Path) -> (Option<i32>, String, tempfile::TempDir) {
    let out = tempfile::tempdir().unwrap();
    let output = dpiagen()
        .args(["render", "-q", "-o"])
        .arg(out.path())
        .arg(dir)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    (output.status.code(), stderr, out)
}

/// `text` with the first line that starts with `prefix` replaced by `prefix` and `value`.
fn replace_line(text: &str, prefix: &str, value: &str) -> String {
    let mut done = false;
    text.lines()
        .map(|line| {
            if !done && line.starts_with(prefix) {
                done = true;
                format!("{prefix}{value}\n")
            } else {
                format!("{line}\n")
            }
        })
        .collect()
}

fn words(chars: usize) -> String {
    "lorem ipsum dolor ".repeat(chars / 18 + 1)[..chars].to_string()
}

#[test]
fn a_title_of_a_hundred_thousand_characters_is_refused_where_it_is_written() {
    let dir = case(|a| replace_line(&a, "  title: ", &words(100_000)), |o| o);
    let (code, stderr, written) = render(dir.path());
    assert_eq!(code, Some(2), "{stderr}");
    assert!(stderr.contains(&format!("{ACTIVITY}:9:10")), "{stderr}");
    assert!(
        stderr.contains("`assessment.title`: the answer is 100000 characters long; at most 200"),
        "{stderr}"
    );
    assert!(written.is_empty(), "{written:?}");
}

#[test]
fn a_long_organisation_name_blocks_its_activities() {
    let dir = case(|a| a, |o| replace_line(&o, "name: ", &words(100_000)));
    let (code, stderr, written) = render(dir.path());
    assert_eq!(code, Some(2), "{stderr}");
    assert!(stderr.contains(&format!("{ORGANISATION}:7:7")), "{stderr}");
    assert!(stderr.contains("`name`: the answer is 100000"), "{stderr}");
    assert!(written.is_empty(), "{written:?}");
}

#[test]
fn running_text_may_be_long_but_not_without_bound() {
    // The first line of the description made long; the rest of it stays.
    let long = format!("|\n    {}", words(18_000));
    let dir = case(|a| replace_line(&a, "  description: ", &long), |o| o);
    let (code, stderr, written) = render(dir.path());
    assert_eq!(code, Some(0), "{stderr}");
    assert!(!written.is_empty());

    let too_long = format!("|\n    {}", words(20_001));
    let dir = case(|a| replace_line(&a, "  description: ", &too_long), |o| o);
    let (code, stderr, written) = render(dir.path());
    assert_eq!(code, Some(2), "{stderr}");
    assert!(
        stderr.contains("`processing.description`: the answer is 2")
            && stderr.contains("characters long; at most 20000 are allowed here"),
        "{stderr}"
    );
    assert!(written.is_empty(), "{written:?}");
}

#[test]
fn the_schema_refuses_what_check_refuses() {
    let schema: serde_json::Value = serde_json::from_str(&dpiagen::schema::generate(
        dpiagen::load::FileKind::Activity,
    ))
    .unwrap();
    let title = &schema["definitions"]["Assessment"]["properties"]["title"];
    assert_eq!(title["maxLength"], 200, "{title}");
    let risks = &schema["properties"]["risks"];
    assert_eq!(risks["maxItems"], 100, "{risks}");
}

/// A PNG of `side` × `side` grey pixels.
fn png(side: u32) -> Vec<u8> {
    let mut out = Vec::new();
    let mut encoder = png::Encoder::new(&mut out, side, side);
    encoder.set_color(png::ColorType::Grayscale);
    let mut writer = encoder.write_header().unwrap();
    writer
        .write_image_data(&vec![200; (side * side) as usize])
        .unwrap();
    writer.finish().unwrap();
    out
}

/// Renders the example with `logo` (its file name and bytes) as the organisation's logo.
fn render_with_logo(name: &str, bytes: &[u8]) -> (Option<i32>, String, Vec<std::path::PathBuf>) {
    let dir = case(|a| a, |o| format!("{o}house_style:\n  logo: {name}\n"));
    std::fs::write(dir.path().join(name), bytes).unwrap();
    render(dir.path())
}

#[test]
fn logos_too_large_or_damaged_are_refused_at_validation() {
    // The organisation profile has 88 lines; `logo:` is on line 90, its value at column 9.
    let at = format!("{ORGANISATION}:94:9");
    let mut damaged = png(64);
    let n = damaged.len();
    damaged[n - 30..n - 20].copy_from_slice(&[0xAB; 10]);
    let entities = "<?xml version=\"1.0\"?>\n<!DOCTYPE svg [<!ENTITY a \"lol\"><!ENTITY b \"&a;&a;&a;\">]>\n<svg xmlns=\"http://www.w3.org/2000/svg\"><text>&b;</text></svg>";
    let outside = "<svg xmlns=\"http://www.w3.org/2000/svg\" xmlns:xlink=\"http://www.w3.org/1999/xlink\"><image xlink:href=\"../../secret.png\"/></svg>";
    for (name, bytes, expected) in [
        (
            "logo.png",
            png(4001),
            "logo `logo.png` is 4001 × 4001 pixels; a logo is at most 4000 × 4000",
        ),
        (
            "logo.png",
            damaged,
            "logo `logo.png` is not a valid PNG file",
        ),
        (
            "logo.svg",
            entities.as_bytes().to_vec(),
            "logo `logo.svg` declares a DTD",
        ),
        (
            "logo.svg",
            outside.as_bytes().to_vec(),
            "logo `logo.svg` refers to `../../secret.png` (line 1)",
        ),
    ] {
        let (code, stderr, written) = render_with_logo(name, &bytes);
        assert_eq!(code, Some(2), "{expected}: {stderr}");
        assert!(stderr.contains(&at), "{stderr}");
        assert!(stderr.contains(expected), "{stderr}");
        assert!(written.is_empty(), "{written:?}");
    }
    let (code, stderr, written) = render_with_logo("logo.png", &png(400));
    assert_eq!(code, Some(0), "{stderr}");
    assert!(!written.is_empty());
}

#[cfg(unix)]
#[test]
fn one_bad_folder_entry_is_reported_and_the_rest_rendered() {
    use std::os::unix::fs::{PermissionsExt, symlink};
    let dir = case(|a| a, |o| o);
    symlink("nowhere", dir.path().join("notes.txt")).unwrap();
    symlink("nowhere.yaml", dir.path().join("kapot.yaml")).unwrap();
    symlink("lus.yaml", dir.path().join("lus.yaml")).unwrap();
    // A folder that cannot be read (root reads every folder: then it is an ordinary one).
    let closed = dir.path().join("dicht");
    std::fs::create_dir(&closed).unwrap();
    std::fs::set_permissions(&closed, std::fs::Permissions::from_mode(0o000)).unwrap();
    let root = unsafe { libc::geteuid() } == 0;

    let (code, stderr, written) = render(dir.path());
    std::fs::set_permissions(&closed, std::fs::Permissions::from_mode(0o755)).unwrap();
    assert_eq!(code, Some(2), "{stderr}");
    assert!(
        stderr.contains("error: cannot read file: symlink to `nowhere.yaml`: No such file"),
        "{stderr}"
    );
    assert!(
        stderr.contains("error: cannot read file: symlink to `lus.yaml`: Too many levels"),
        "{stderr}"
    );
    assert!(!stderr.contains("notes.txt"), "{stderr}");
    if !root {
        assert!(
            stderr.contains("cannot read folder: Permission denied"),
            "{stderr}"
        );
    }
    assert!(
        written.iter().any(|p| p.ends_with("pre-dpia.pdf")),
        "{written:?}"
    );
}

#[test]
fn an_organisation_reference_reads_no_other_file_and_shows_none() {
    let secret = "SECRET_TOKEN=hunter2";
    for (reference, expected) in [
        ("/etc/passwd", "`/etc/passwd` is an absolute path"),
        (".env", "`.env` is not a questionnaire file"),
        ("map.yaml", "map.yaml` is a folder, not a file"),
        ("stray.yaml", "expected a mapping"),
    ] {
        let dir = case(|a| replace_line(&a, "organisation: ", reference), |o| o);
        std::fs::write(dir.path().join(".env"), format!("{secret}\n")).unwrap();
        std::fs::write(dir.path().join("stray.yaml"), format!("{secret}\n")).unwrap();
        std::fs::create_dir(dir.path().join("map.yaml")).unwrap();
        // Only the activity is named: the organisation is found through its reference.
        let (code, stderr, written) = render(&dir.path().join(ACTIVITY));
        assert_eq!(code, Some(2), "{reference}: {stderr}");
        assert!(stderr.contains(expected), "{reference}: {stderr}");
        assert!(!stderr.contains("hunter2"), "{reference}: {stderr}");
        assert!(!stderr.contains("root:"), "{reference}: {stderr}");
        assert!(written.is_empty(), "{written:?}");
    }
}

#[test]
fn quoted_numbers_binary_text_and_a_bad_organisation_id_are_refused_where_written() {
    for (activity_line, organisation_line, expected) in [
        (
            Some(("  year: ", "\"2026\"")),
            None,
            format!("{ACTIVITY}:11:9"),
        ),
        (
            Some(("    applies: ", "\"true\"")),
            None,
            "`true` is in quotes, so it is text; `true` or `false` is expected".to_string(),
        ),
        (
            None,
            Some(("city: ", "!!binary TGluZGUbZ291dw==")),
            "`city`: a `!!binary` value is not accepted".to_string(),
        ),
        (
            None,
            Some(("id: ", "\"OBS De Regenboog!\"")),
            "`id`: `OBS De Regenboog!` is not a valid id".to_string(),
        ),
    ] {
        let dir = case(
            |a| match activity_line {
                Some((prefix, value)) => replace_line(&a, prefix, value),
                None => a,
            },
            |o| match organisation_line {
                Some((prefix, value)) => replace_line(&o, prefix, value),
                None => o,
            },
        );
        let (code, stderr, written) = render(dir.path());
        assert_eq!(code, Some(2), "{expected}: {stderr}");
        assert!(stderr.contains(&expected), "{expected}: {stderr}");
        assert!(written.is_empty(), "{expected}: {written:?}");
    }
}

#[test]
fn characters_no_font_has_are_refused_and_invisible_ones_shown_as_replacement() {
    let dir = case(
        |a| replace_line(&a, "    name: Sander Kuipers", " 王小明"),
        |o| o,
    );
    let (code, stderr, written) = render(dir.path());
    assert_eq!(code, Some(2), "{stderr}");
    assert!(stderr.contains(&format!("{ACTIVITY}:13:11")), "{stderr}");
    assert!(
        stderr.contains("`assessment.author.name`: `王` (U+738B) cannot be shown"),
        "{stderr}"
    );
    assert!(written.is_empty(), "{written:?}");

    // U+FEFF and control characters in a title and a name (Typst string literals, the PDF's
    // metadata) are shown as `�`, as in running text.
    let dir = case(
        |a| replace_line(&a, "  title: ", "\"Leer\\ufeffplatform \\u0007 x\""),
        |o| replace_line(&o, "name: ", "\"OBS \\u001b[31m De \\ufeffRegenboog\""),
    );
    let (code, stderr, out) = render_kept(dir.path());
    assert_eq!(code, Some(0), "{stderr}");
    let pdf = files_below(out.path())
        .into_iter()
        .find(|p| p.ends_with("pre-dpia.pdf"))
        .expect("a pre-DPIA");
    let (_, title) = pdf_pages_and_title(&std::fs::read(out.path().join(pdf)).unwrap());
    assert!(title.contains("Leer\u{FFFD}platform \u{FFFD} x"), "{title}");
}

/// A school's templates folder (the built-in templates exported), edited by `edit`.
fn templates(edit: impl FnOnce(&std::path::Path)) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    succeeded(
        dpiagen()
            .args(["templates", "export", "-q"])
            .arg(dir.path().join("huisstijl")),
    );
    edit(&dir.path().join("huisstijl"));
    dir
}

/// Renders the example activity with the templates of `folder`, each document allowed
/// `seconds`; returns the exit code and standard error.
fn render_with_templates(folder: &std::path::Path, seconds: u32) -> (Option<i32>, String) {
    let out = tempfile::tempdir().unwrap();
    let output = dpiagen()
        .env("DPIAGEN_DOCUMENT_TIMEOUT", seconds.to_string())
        .args(["render", "-q", "-o"])
        .arg(out.path())
        .arg("--templates")
        .arg(folder)
        .arg(examples().join("obs-de-regenboog").join(ACTIVITY))
        .timeout(std::time::Duration::from_secs(60))
        .output()
        .unwrap();
    (
        output.status.code(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

#[test]
fn a_template_that_loops_is_stopped_by_the_time_budget() {
    let dir = templates(|t| {
        let file = t.join("nl/pre-dpia.typ.tera");
        let text = std::fs::read_to_string(&file).unwrap();
        let spin = "{% for i in range(end=100000) %}{% for j in range(end=100000) %}{% endfor %}{% endfor %}";
        std::fs::write(&file, format!("{spin}{text}")).unwrap();
    });
    let started = std::time::Instant::now();
    let (code, stderr) = render_with_templates(&dir.path().join("huisstijl"), 2);
    assert_eq!(code, Some(2), "{stderr}");
    assert!(
        stderr.contains("nl/pre-dpia.typ.tera took more than 2 s: stopped"),
        "{stderr}"
    );
    assert!(started.elapsed().as_secs() < 30, "{:?}", started.elapsed());
}

#[test]
fn a_house_style_that_loops_in_typst_is_stopped() {
    let dir = templates(|t| {
        let file = t.join("dpiagen.typ");
        let text = std::fs::read_to_string(&file).unwrap();
        std::fs::write(&file, format!("{text}\n#for i in range(3000000000) {{}}\n")).unwrap();
    });
    let (code, stderr) = render_with_templates(&dir.path().join("huisstijl"), 2);
    assert_eq!(code, Some(2), "{stderr}");
    assert!(stderr.contains(": stopped"), "{stderr}");
    assert!(stderr.contains("typesetting dpiagen/2026/"), "{stderr}");
}

#[cfg(unix)]
#[test]
fn a_pipe_in_the_templates_folder_is_refused_without_reading_it() {
    let dir = templates(|t| {
        let fifo = std::ffi::CString::new(t.join("pijp.typ").to_str().unwrap()).unwrap();
        assert_eq!(unsafe { libc::mkfifo(fifo.as_ptr(), 0o644) }, 0);
    });
    let (code, stderr) = render_with_templates(&dir.path().join("huisstijl"), 30);
    assert_eq!(code, Some(2), "{stderr}");
    assert!(
        stderr.contains("pijp.typ: not a regular file (a pipe, socket or device)"),
        "{stderr}"
    );
}

#[test]
fn a_typst_error_in_a_schools_template_names_the_template_and_its_line() {
    let dir = templates(|t| {
        let file = t.join("nl/pre-dpia.typ.tera");
        let text = std::fs::read_to_string(&file).unwrap();
        let broken = text.replacen(
            "= Samenvatting\n",
            "= Samenvatting\n#onbekende-functie(titel: {{ a.assessment.title | typst_str }})\n",
            1,
        );
        assert_ne!(broken, text);
        std::fs::write(&file, broken).unwrap();
        // The house style too: an error there names the school's copy.
        let style = t.join("dpiagen.typ");
        let text = std::fs::read_to_string(&style).unwrap();
        std::fs::write(&style, format!("{text}\n#let kapot = (\n")).unwrap();
    });
    let folder = dir.path().join("huisstijl");
    let (code, stderr) = render_with_templates(&folder, 30);
    assert_eq!(code, Some(2), "{stderr}");
    let style = folder.join("dpiagen.typ");
    assert!(
        stderr.contains(&format!("{}:", style.display())),
        "{stderr}"
    );
    // Now only the template.
    let text = std::fs::read_to_string(&style).unwrap();
    std::fs::write(&style, text.replace("\n#let kapot = (\n", "")).unwrap();
    let (code, stderr) = render_with_templates(&folder, 30);
    assert_eq!(code, Some(2), "{stderr}");
    let template = folder.join("nl/pre-dpia.typ.tera");
    let line = std::fs::read_to_string(&template)
        .unwrap()
        .lines()
        .position(|l| l.starts_with("#onbekende-functie"))
        .unwrap()
        + 1;
    assert!(
        stderr.contains(&format!(
            "{}:{line}: error: unknown variable: onbekende-functie",
            template.display()
        )),
        "{stderr}"
    );
    assert!(
        !stderr.contains("main.typ:") || stderr.contains("= note: from the line it generated"),
        "{stderr}"
    );
}

#[test]
fn an_organisation_reference_stays_inside_the_folders_given() {
    let dir = tempfile::tempdir().unwrap();
    let school = examples().join("obs-de-regenboog");
    let nested = dir.path().join("school/activiteiten");
    std::fs::create_dir_all(&nested).unwrap();
    std::fs::copy(school.join(ORGANISATION), dir.path().join(ORGANISATION)).unwrap();
    std::fs::copy(
        school.join(ORGANISATION),
        dir.path().join("school").join(ORGANISATION),
    )
    .unwrap();
    let activity = std::fs::read_to_string(school.join(ACTIVITY)).unwrap();
    let write = |reference: &str| {
        std::fs::write(
            nested.join(ACTIVITY),
            replace_line(&activity, "organisation: ", reference),
        )
        .unwrap();
    };
    // One folder up from a file named on its own, or inside the folder named: followed.
    write("../organisatie.yaml");
    let (code, stderr, _) = render(&nested.join(ACTIVITY));
    assert_eq!(code, Some(0), "{stderr}");
    let (code, stderr, _) = render(&dir.path().join("school"));
    assert_eq!(code, Some(0), "{stderr}");
    // Further up, above what the command line named: refused where it is written.
    write("../../organisatie.yaml");
    for named in [nested.join(ACTIVITY), dir.path().join("school")] {
        let (code, stderr, written) = render(&named);
        assert_eq!(code, Some(2), "{stderr}");
        assert!(
            stderr.contains(
                "`../../organisatie.yaml` lies outside the folders given on the command line"
            ),
            "{stderr}"
        );
        assert!(stderr.contains(&format!("{ACTIVITY}:5:")), "{stderr}");
        assert!(written.is_empty(), "{written:?}");
    }
    // Naming the folder that holds it makes it inside.
    let (code, stderr, _) = render(dir.path());
    assert_eq!(code, Some(0), "{stderr}");
}

#[test]
fn an_output_path_that_is_a_file_is_refused_with_exit_2() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("uitvoer");
    std::fs::write(&file, b"notes").unwrap();
    let output = dpiagen()
        .args(["render", "-q", "-o"])
        .arg(&file)
        .arg(examples().join("obs-de-regenboog").join(ACTIVITY))
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("is not a folder"), "{stderr}");
    assert_eq!(std::fs::read(&file).unwrap(), b"notes");
}

#[test]
fn a_failed_rerender_keeps_the_old_answers_beside_the_old_documents() {
    let input = case(|a| a, |o| o);
    let out = tempfile::tempdir().unwrap();
    let render = |templates: Option<&std::path::Path>| {
        let mut cmd = dpiagen();
        cmd.args(["render", "-q", "-o"]).arg(out.path());
        if let Some(t) = templates {
            cmd.arg("--templates").arg(t);
        }
        cmd.arg(input.path()).output().unwrap()
    };
    assert!(render(None).status.success());
    let snapshot = out
        .path()
        .join("2026/obs-de-regenboog/leerplatform-uitgever/antwoorden.json");
    let before = std::fs::read(&snapshot).unwrap();
    // A changed answer, and a pre-DPIA template that now fails to typeset.
    let file = input.path().join(ACTIVITY);
    let text = std::fs::read_to_string(&file).unwrap();
    let changed = text.replacen("count: 265", "count: 266", 1);
    assert_ne!(changed, text);
    std::fs::write(&file, changed).unwrap();
    let broken = templates(|t| {
        let file = t.join("nl/pre-dpia.typ.tera");
        let text = std::fs::read_to_string(&file).unwrap();
        std::fs::write(&file, format!("{text}\n#onbekend\n")).unwrap();
    });
    let run = render(Some(&broken.path().join("huisstijl")));
    assert_eq!(run.status.code(), Some(2));
    // The old answers stay with the old pre-DPIA: next year compares with what a PDF shows.
    assert_eq!(std::fs::read(&snapshot).unwrap(), before);
    // Once the document renders again, the snapshot follows.
    assert!(render(None).status.success());
    assert_ne!(std::fs::read(&snapshot).unwrap(), before);
}
