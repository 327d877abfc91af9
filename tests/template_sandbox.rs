//! A user's template folder is confined: a Typst template that reads files outside its folder,
//! reads system files or imports a package gets a clear refusal, and the document is not made.
//! No template can run text as code: Typst's `eval` is disabled and Tera's `safe` filter refused.
//! Driven through the `Typesetter` API and through `render --templates <DIR>`.

mod common;

use common::*;
use dpiagen::typeset::{Assets, PdfMeta, Typesetter};
use std::fs;
use std::path::Path;

const HEAD: &str = "#set document(title: \"x\")\n#set text(lang: \"nl\")\n";

fn meta() -> PdfMeta {
    PdfMeta {
        ident: "sandbox".into(),
        date: (2026, 10, 5),
    }
}

/// A template folder `templates/` with `lib.typ` holding `body`, next to a `secret.txt` that
/// must stay out of reach; returns the folder and the error of compiling a main source that
/// imports the template.
fn refusal(body: &str) -> (tempfile::TempDir, String) {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("templates");
    fs::create_dir_all(root.join("sub")).unwrap();
    fs::write(dir.path().join("secret.txt"), "geheim").unwrap();
    fs::write(root.join("ok.txt"), "zichtbaar").unwrap();
    fs::write(root.join("sub/lib.typ"), format!("{body}\n")).unwrap();
    let ts = Typesetter::new(Assets::Dir(root));
    let main = format!("{HEAD}#import \"/sub/lib.typ\"\nTekst.\n");
    let err = match ts.pdf(&main, &meta()) {
        Ok(_) => panic!("`{body}` compiled"),
        Err(e) => e.to_string(),
    };
    (dir, err)
}

fn assert_no_real_path(message: &str, dir: &Path) {
    assert!(
        !message.contains(&dir.display().to_string()),
        "{message} names a real path"
    );
    assert!(!message.contains("geheim"), "{message} leaks the secret");
}

#[test]
fn a_template_within_its_folder_compiles() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("ok.txt"), "zichtbaar").unwrap();
    fs::write(
        dir.path().join("lib.typ"),
        "#let tekst = read(\"ok.txt\")\n",
    )
    .unwrap();
    let ts = Typesetter::new(Assets::Dir(dir.path().to_path_buf()));
    let main = format!("{HEAD}#import \"/lib.typ\": tekst\n#tekst\n");
    let pdf = ts.pdf(&main, &meta()).expect("compiles");
    assert!(pdf.starts_with(b"%PDF-"));
}

#[test]
fn reading_a_system_file_is_refused() {
    let (dir, err) = refusal("#read(\"/etc/passwd\")");
    assert!(err.starts_with("sub/lib.typ:1:"), "{err}");
    assert!(
        err.contains("file /etc/passwd does not exist among the document assets"),
        "{err}"
    );
    assert!(!err.contains("root:"), "{err}");
    assert_no_real_path(&err, dir.path());
}

#[test]
fn reading_outside_the_template_folder_is_refused() {
    for body in [
        "#read(\"../../secret.txt\")",
        "#read(\"../../../../../../etc/passwd\")",
        "#include \"../../secret.txt\"",
    ] {
        let (dir, err) = refusal(body);
        assert!(err.starts_with("sub/lib.typ:1:"), "{body}: {err}");
        assert!(
            err.contains("error: path") && err.contains("would escape the project root"),
            "{body}: no refusal in {err}"
        );
        assert_no_real_path(&err, dir.path());
    }
}

#[test]
fn a_symlink_out_of_the_template_folder_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("templates");
    fs::create_dir_all(&root).unwrap();
    fs::write(dir.path().join("secret.txt"), "geheim").unwrap();
    std::os::unix::fs::symlink(dir.path().join("secret.txt"), root.join("link.txt")).unwrap();
    let ts = Typesetter::new(Assets::Dir(root));
    let err = ts
        .pdf(&format!("{HEAD}#read(\"link.txt\")\n"), &meta())
        .expect_err("refused")
        .to_string();
    assert!(err.contains("access denied"), "{err}");
    assert_no_real_path(&err, dir.path());
}

#[test]
fn importing_a_package_is_refused() {
    for body in [
        "#import \"@preview/cetz:0.3.0\"",
        "#import \"@local/eigen:1.0.0\": *",
        "#import \"@preview/cetz:0.3.0\": canvas",
    ] {
        let (dir, err) = refusal(body);
        assert!(err.starts_with("sub/lib.typ:1:"), "{body}: {err}");
        assert!(
            err.contains("packages are disabled in dpiagen"),
            "{body}: {err}"
        );
        assert_no_real_path(&err, dir.path());
    }
}

#[test]
fn eval_is_disabled() {
    let ts = Typesetter::new(Assets::Embedded(vec![]));
    for body in [
        "#eval(\"1 + 1\")",
        "#std.eval(\"1 + 1\")",
        "#let f = eval\n#f(\"[*x*]\", mode: \"markup\")",
        "#dictionary(std).at(\"eval\")(\"1\")",
    ] {
        let err = ts
            .pdf(&format!("{HEAD}{body}\n"), &meta())
            .expect_err(body)
            .to_string();
        assert!(err.contains("eval is disabled in dpiagen"), "{body}: {err}");
    }
}

#[test]
fn a_layered_folder_falls_back_to_the_embedded_files_and_stays_confined() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("templates");
    fs::create_dir_all(&root).unwrap();
    fs::write(dir.path().join("secret.txt"), "geheim").unwrap();
    fs::write(root.join("own.typ"), "#let own = [eigen]\n").unwrap();
    let embedded: Vec<(String, &'static [u8])> = vec![
        ("/own.typ".into(), b"#let own = [ingebouwd]\n"),
        ("/base.typ".into(), b"#let base = [basis]\n"),
    ];
    let ts = Typesetter::new(Assets::Layered(root.clone(), embedded));
    let main =
        format!("{HEAD}#import \"/own.typ\": own\n#import \"/base.typ\": base\n#own #base\n");
    assert!(
        ts.pdf(&main, &meta())
            .expect("compiles")
            .starts_with(b"%PDF-")
    );
    let err = ts
        .pdf(&format!("{HEAD}#read(\"../secret.txt\")\n"), &meta())
        .expect_err("refused")
        .to_string();
    assert!(err.contains("would escape the project root"), "{err}");
    assert_no_real_path(&err, dir.path());
}

/// The example `leerplatform-uitgever` with its profile, copied into `dir`.
fn example(dir: &Path) -> std::path::PathBuf {
    let from = examples().join("obs-de-regenboog");
    let to = dir.join("school");
    fs::create_dir_all(&to).unwrap();
    let profile = fs::read_to_string(from.join("organisatie.yaml")).unwrap();
    // Only the activity: the code of conduct would name activities that are not copied.
    let profile = profile.split("\nsocial_media:").next().unwrap().to_string();
    fs::write(to.join("organisatie.yaml"), profile).unwrap();
    fs::copy(
        from.join("leerplatform-uitgever.yaml"),
        to.join("leerplatform-uitgever.yaml"),
    )
    .unwrap();
    to.join("leerplatform-uitgever.yaml")
}

/// Exports the templates into `dir/t`, lets `edit` change them, renders the example with them
/// and returns the exit code and standard error.
fn render_with(dir: &Path, edit: impl FnOnce(&Path)) -> (Option<i32>, String) {
    let templates = dir.join("t");
    dpiagen()
        .args(["templates", "export", "-q"])
        .arg(&templates)
        .assert()
        .success();
    edit(&templates);
    let run = dpiagen()
        .args(["render", "--templates"])
        .arg(&templates)
        .arg(example(dir))
        .arg("-o")
        .arg(dir.join("out"))
        .output()
        .unwrap();
    (
        run.status.code(),
        String::from_utf8_lossy(&run.stderr).into_owned(),
    )
}

fn append(path: &Path, text: &str) {
    let mut old = fs::read_to_string(path).unwrap();
    old.push_str(text);
    fs::write(path, old).unwrap();
}

#[test]
fn a_school_house_style_cannot_read_outside_its_folder() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("secret.txt"), "geheim").unwrap();
    let (code, err) = render_with(dir.path(), |t| {
        append(
            &t.join("dpiagen.typ"),
            "\n#let leak = read(\"../secret.txt\")\n",
        );
    });
    // A school's own template fails: the input's problem, exit 2.
    assert_eq!(code, Some(2), "{err}");
    assert!(err.contains("would escape the project root"), "{err}");
    assert!(!err.contains("geheim"), "{err}");
    assert!(
        !dir.path()
            .join("out/2026/obs-de-regenboog/leerplatform-uitgever/pre-dpia.pdf")
            .exists()
    );
}

#[test]
fn a_school_template_cannot_run_an_answer_as_code() {
    let dir = tempfile::tempdir().unwrap();
    let (code, err) = render_with(dir.path(), |t| {
        append(
            &t.join("nl/pre-dpia.typ.tera"),
            "\n#eval({{ a.processing.description | typst_str }}, mode: \"markup\")\n",
        );
    });
    assert_eq!(code, Some(2), "{err}");
    assert!(err.contains("eval is disabled in dpiagen"), "{err}");

    let dir = tempfile::tempdir().unwrap();
    let (code, err) = render_with(dir.path(), |t| {
        append(
            &t.join("nl/pre-dpia.typ.tera"),
            "\n{{ a.processing.description | safe }}\n",
        );
    });
    assert_eq!(code, Some(2), "{err}");
    assert!(err.contains("`safe` filter is not available"), "{err}");
    assert!(err.contains("nl/pre-dpia.typ.tera:"), "{err}");
}

#[test]
fn a_school_template_folder_works_within_its_folder() {
    let dir = tempfile::tempdir().unwrap();
    let (code, err) = render_with(dir.path(), |t| {
        fs::write(t.join("voettekst.txt"), "Huisstijl van de school").unwrap();
        append(
            &t.join("nl/pre-dpia.typ.tera"),
            "\n#read(\"/voettekst.txt\")\n",
        );
    });
    assert_eq!(code, Some(0), "{err}");
    let pdf = fs::read(
        dir.path()
            .join("out/2026/obs-de-regenboog/leerplatform-uitgever/pre-dpia.pdf"),
    )
    .unwrap();
    assert!(pdf_text(&pdf).contains("Huisstijl van de school"));
}
