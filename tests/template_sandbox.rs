//! A user's template folder is confined: a Typst template that reads files outside its folder,
//! reads system files or imports a package gets a clear refusal, and the document is not made.
//! (Driven through the `Typesetter` API: the CLI does not take a template folder yet.)

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
