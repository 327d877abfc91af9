use std::sync::OnceLock;

use rayon::prelude::*;

use super::*;

const HEAD: &str = "#set document(title: \"x\")\n#set text(lang: \"nl\")\n";

fn meta() -> PdfMeta {
    PdfMeta {
        ident: "test-doc".into(),
        date: (2026, 11, 23),
    }
}

/// One typesetter with an embedded library file, shared by the tests.
fn embedded() -> &'static Typesetter {
    static TS: OnceLock<Typesetter> = OnceLock::new();
    TS.get_or_init(|| {
        let lib: &'static [u8] =
            b"#let groet(naam) = [Hallo #naam!]\n#let datum = datetime.today()\n";
        Typesetter::new(Assets::Embedded(vec![("lib.typ".into(), lib)]))
    })
}

fn doc(body: &str) -> String {
    format!("{HEAD}{body}\n")
}

/// Compile and expect an error; return its display text.
fn error_of(ts: &Typesetter, body: &str) -> String {
    match ts.pdf(&doc(body), &meta()) {
        Ok(_) => panic!("expected an error for {body:?}"),
        Err(err) => err.to_string(),
    }
}

/// The message must not name a directory of this machine.
fn assert_no_real_path(message: &str, extra: &[&str]) {
    let mut real: Vec<String> = extra.iter().map(|s| s.to_string()).collect();
    real.extend(
        std::env::current_dir()
            .ok()
            .map(|p| p.display().to_string()),
    );
    real.extend(std::env::var("HOME").ok());
    real.push(std::env::temp_dir().display().to_string());
    for path in real.iter().filter(|p| p.len() > 1) {
        assert!(
            !message.contains(path.as_str()),
            "{message:?} leaks {path:?}"
        );
    }
}

#[test]
fn minimal_document_is_pdf() {
    let pdf = embedded()
        .pdf(&doc("Hallo *wereld*."), &meta())
        .expect("compiles");
    assert!(pdf.starts_with(b"%PDF-"));
}

#[test]
fn same_input_same_bytes() {
    let source = doc("= Kop\nTekst van #datetime.today().display().");
    let a = embedded().pdf(&source, &meta()).expect("first");
    evict_cache();
    let b = embedded().pdf(&source, &meta()).expect("second");
    let c = Typesetter::new(Assets::Embedded(vec![]))
        .pdf(&source, &meta())
        .expect("third");
    assert_eq!(a, b);
    assert_eq!(a, c);
}

#[test]
fn parallel_equals_serial() {
    let sources: Vec<String> = (0..8)
        .map(|i| doc(&format!("= Deel {i}\n{}", "Tekst. ".repeat(50))))
        .collect();
    let serial: Vec<Vec<u8>> = sources
        .iter()
        .map(|s| embedded().pdf(s, &meta()).expect("serial"))
        .collect();
    let parallel: Vec<Vec<u8>> = sources
        .par_iter()
        .map(|s| embedded().pdf(s, &meta()).expect("parallel"))
        .collect();
    assert_eq!(serial, parallel);
    let same: Vec<Vec<u8>> = (0..8)
        .into_par_iter()
        .map(|_| embedded().pdf(&sources[0], &meta()).expect("same"))
        .collect();
    assert!(same.iter().all(|pdf| *pdf == serial[0]));
}

#[test]
fn today_is_the_meta_date() {
    let with = |date| PdfMeta {
        ident: "d".into(),
        date,
    };
    let body = doc("#datetime.today().display()");
    let a = embedded().pdf(&body, &with((2026, 1, 2))).expect("a");
    let b = embedded().pdf(&body, &with((2026, 1, 3))).expect("b");
    assert_ne!(a, b);
    let err = embedded()
        .pdf(&body, &with((2026, 2, 30)))
        .expect_err("invalid date");
    assert!(err.to_string().contains("invalid document date"));
}

#[test]
fn sandbox_refuses_outside_files_and_packages() {
    for body in [
        "#read(\"/etc/passwd\")",
        "#read(\"../../etc/passwd\")",
        "#image(\"/nonexistent.png\", alt: \"x\")",
        "#import \"@preview/cetz:0.3.4\"",
    ] {
        let message = error_of(embedded(), body);
        assert!(message.starts_with("main.typ:3:"), "{message}");
        assert_no_real_path(&message, &[]);
    }
    assert!(
        error_of(embedded(), "#import \"@preview/cetz:0.3.4\"").contains("packages are disabled")
    );
    assert!(
        error_of(embedded(), "#read(\"/etc/passwd\")")
            .contains("does not exist among the document assets")
    );
}

#[test]
fn dir_assets_are_confined() {
    let root = tempfile::tempdir().expect("tempdir");
    let outside = tempfile::tempdir().expect("tempdir");
    std::fs::write(outside.path().join("secret.txt"), "geheim").expect("write");
    std::fs::write(root.path().join("ok.txt"), "zichtbaar").expect("write");
    std::os::unix::fs::symlink(
        outside.path().join("secret.txt"),
        root.path().join("link.txt"),
    )
    .expect("symlink");
    std::os::unix::fs::symlink(outside.path(), root.path().join("dir")).expect("symlink");
    let ts = Typesetter::new(Assets::Dir(root.path().to_path_buf()));
    let real = [
        root.path().to_str().unwrap_or("?"),
        outside.path().to_str().unwrap_or("?"),
    ];

    assert!(ts.pdf(&doc("#read(\"ok.txt\")"), &meta()).is_ok());
    for body in ["#read(\"link.txt\")", "#read(\"dir/secret.txt\")"] {
        let message = error_of(&ts, body);
        assert!(message.contains("access denied"), "{message}");
        assert_no_real_path(&message, &real);
    }
    for body in [
        "#read(\"missing.txt\")",
        "#read(\"../../etc/passwd\")",
        "#image(\"/x.png\", alt: \"x\")",
    ] {
        assert_no_real_path(&error_of(&ts, body), &real);
    }
    let missing = Typesetter::new(Assets::Dir(root.path().join("does-not-exist")));
    assert!(error_of(&missing, "#read(\"ok.txt\")").contains("access denied"));
}

#[test]
fn embedded_library_can_be_imported() {
    let pdf = embedded().pdf(
        &doc("#import \"/lib.typ\": *\n#groet[school] #datum.display()"),
        &meta(),
    );
    assert!(pdf.expect("imports").starts_with(b"%PDF-"));
}

#[test]
fn errors_have_line_column_and_hints() {
    let err = embedded()
        .pdf(&doc("Tekst\n#onbekend"), &meta())
        .expect_err("unknown variable");
    let diag = &err.diagnostics[0];
    assert_eq!(
        (diag.file.as_str(), diag.line, diag.column),
        ("/main.typ", Some(4), Some(2))
    );
    assert!(
        err.to_string()
            .starts_with("main.typ:4:2: error: unknown variable: onbekend"),
        "{err}"
    );

    let untitled = embedded()
        .pdf("#set text(lang: \"nl\")\nx", &meta())
        .expect_err("no title");
    assert!(
        untitled.to_string().contains("missing document title"),
        "{untitled}"
    );
    assert!(untitled.to_string().contains("hint: "), "{untitled}");
}

/// Writes the PDF of a fixed document to the file named by
/// `DPIAGEN_EMIT_PDF`; run in a child process by `same_bytes_across_processes`.
#[test]
#[ignore = "helper run by same_bytes_across_processes"]
fn emit_pdf_for_other_process() {
    if let Ok(path) = std::env::var("DPIAGEN_EMIT_PDF") {
        let pdf = Typesetter::new(Assets::Embedded(vec![]))
            .pdf(&doc("= Kop\nTekst."), &meta())
            .expect("compiles");
        std::fs::write(path, pdf).expect("write");
    }
}

#[test]
fn same_bytes_across_processes() {
    let dir = tempfile::tempdir().expect("tempdir");
    let exe = std::env::current_exe().expect("test binary");
    let run = |name: &str| {
        let path = dir.path().join(name);
        let status = std::process::Command::new(&exe)
            .args([
                "--ignored",
                "--exact",
                "typeset::tests::emit_pdf_for_other_process",
            ])
            .env("DPIAGEN_EMIT_PDF", &path)
            .stdout(std::process::Stdio::null())
            .status()
            .expect("run child");
        assert!(status.success());
        std::fs::read(path).expect("child wrote the PDF")
    };
    let here = embedded()
        .pdf(&doc("= Kop\nTekst."), &meta())
        .expect("compiles");
    assert_eq!(run("a.pdf"), here);
    assert_eq!(run("b.pdf"), here);
}

#[test]
fn extra_sources_can_be_included_and_stay_with_their_document() {
    let ts = embedded();
    let main = doc("#include \"/parts/a.typ\"\n#include \"parts/b.typ\"");
    let parts = |a: &str| {
        vec![
            (
                "/parts/a.typ".to_string(),
                format!("#import \"/lib.typ\": groet\n#groet[{a}]"),
            ),
            ("parts/b.typ".to_string(), "= Tweede deel".to_string()),
        ]
    };
    let one = ts
        .pdf_with_sources(&main, &parts("Anna"), &meta())
        .expect("parts compile");
    assert!(one.starts_with(b"%PDF-"));
    // The same paths with another text give another document: nothing is cached across.
    let two = ts
        .pdf_with_sources(&main, &parts("Bram"), &meta())
        .expect("parts compile");
    assert_ne!(one, two);
    assert_eq!(
        one,
        ts.pdf_with_sources(&main, &parts("Anna"), &meta())
            .expect("again")
    );
    // A later document without them cannot read them.
    let message = error_of(ts, "#include \"/parts/a.typ\"");
    assert!(
        message.contains("does not exist among the document assets"),
        "{message}"
    );
    // An error inside a part names the part's virtual path and line.
    let err = ts
        .pdf_with_sources(
            &main,
            &[
                ("/parts/a.typ".to_string(), "ok\n#nope".to_string()),
                ("/parts/b.typ".to_string(), String::new()),
            ],
            &meta(),
        )
        .expect_err("unknown variable");
    assert!(err.to_string().starts_with("parts/a.typ:2:"), "{err}");
}

#[test]
fn invalid_extra_source_path_is_an_error() {
    let err = embedded()
        .pdf_with_sources(
            &doc("x"),
            &[("/../escape.typ".to_string(), String::new())],
            &meta(),
        )
        .expect_err("path outside the root");
    assert!(err.to_string().contains("invalid source path"), "{err}");
}

#[test]
fn per_document_files_are_served_only_to_their_document() {
    let ts = embedded();
    let svg: &[u8] = b"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"4\" height=\"4\"><rect width=\"4\" height=\"4\" fill=\"#1f5f8b\"/></svg>";
    let main = doc("#image(read(\"/huisstijl/logo\", encoding: none), width: 1cm, alt: \"Logo\")");
    let pdf = ts
        .pdf_with_files(&main, &[], &[("/huisstijl/logo", svg)], &meta())
        .expect("the logo is served");
    assert!(pdf.starts_with(b"%PDF-"));
    let message = error_of(
        ts,
        "#image(read(\"/huisstijl/logo\", encoding: none), alt: \"x\")",
    );
    assert!(
        message.contains("does not exist among the document assets"),
        "{message}"
    );
}
