//! The template sets: both languages complete, a school's own folder over the built-in
//! templates, and `templates export`.

use super::*;
use std::fs;

#[test]
fn every_template_exists_in_both_languages() {
    let names = |lang: &str| -> Vec<&str> {
        BUILTIN
            .iter()
            .filter_map(|(n, _)| n.strip_prefix(lang))
            .collect()
    };
    assert_eq!(names("nl/"), names("en/"));
    assert_eq!(names("nl/").len(), 24);
    for (name, text) in BUILTIN {
        let other = if name.starts_with("nl/") {
            "\"en/"
        } else {
            "\"nl/"
        };
        assert!(
            !text.contains(other),
            "{name} includes a template of the other language"
        );
    }
    Templates::builtin(crate::knowledge::Knowledge::builtin())
        .expect("the built-in templates parse");
}

#[test]
fn builtin_files_keep_the_folder_layout() {
    let files = builtin_files();
    assert_eq!(files[0].0, "dpiagen.typ");
    assert!(files.iter().any(|(n, _)| n == "nl/pre-dpia.typ.tera"));
    assert!(
        files
            .iter()
            .any(|(n, _)| n == "en/bestuursvoorstel.typ.tera")
    );
    assert_eq!(files.len(), 1 + 2 * 24);
}

/// A folder with the given files (relative path, text).
fn folder(files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for (name, text) in files {
        let path = dir.path().join(name);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(path, text).unwrap();
    }
    dir
}

#[test]
fn a_folder_replaces_and_adds_templates_and_the_rest_stays_built_in() {
    let dir = folder(&[
        (
            "en/answers.typ.tera",
            "Basis: {% include \"en/extra.typ.tera\" %}",
        ),
        ("en/extra.typ.tera", "{{ r.code }}"),
        ("notes.txt", "not a template"),
    ]);
    let t = Templates::from_dir(dir.path(), crate::knowledge::Knowledge::builtin()).unwrap();
    assert_eq!(t.dir(), Some(dir.path()));
    let r = serde_json::json!({"r": {"code": "wp248-one", "answers": [], "references": ["avg-8"]}});
    assert_eq!(
        t.render_named("en/answers.typ.tera", &r).unwrap(),
        "Basis: wp248\\-one"
    );
    // The Dutch one is still the built-in one.
    let builtin = Templates::builtin(crate::knowledge::Knowledge::builtin()).unwrap();
    assert_eq!(
        t.render_named("nl/answers.typ.tera", &r).unwrap(),
        builtin.render_named("nl/answers.typ.tera", &r).unwrap()
    );
    assert_eq!(builtin.fingerprint(), "");
    assert_eq!(t.fingerprint().len(), 64);
}

#[test]
fn the_fingerprint_follows_every_file_of_the_folder() {
    let dir = folder(&[("en/extra.typ.tera", "a"), ("logo.svg", "<svg/>")]);
    let first = Templates::from_dir(dir.path(), crate::knowledge::Knowledge::builtin())
        .unwrap()
        .fingerprint()
        .to_string();
    assert_eq!(
        Templates::from_dir(dir.path(), crate::knowledge::Knowledge::builtin())
            .unwrap()
            .fingerprint(),
        first
    );
    fs::write(dir.path().join("logo.svg"), "<svg></svg>").unwrap();
    let second = Templates::from_dir(dir.path(), crate::knowledge::Knowledge::builtin())
        .unwrap()
        .fingerprint()
        .to_string();
    assert_ne!(first, second);
    fs::write(dir.path().join("dpiagen.typ"), "#let x = 1").unwrap();
    assert_ne!(
        Templates::from_dir(dir.path(), crate::knowledge::Knowledge::builtin())
            .unwrap()
            .fingerprint(),
        second
    );
    // Hidden files (an editor's swap file) do not count.
    fs::write(dir.path().join(".dpiagen.typ.swp"), "x").unwrap();
    let third = Templates::from_dir(dir.path(), crate::knowledge::Knowledge::builtin())
        .unwrap()
        .fingerprint()
        .to_string();
    fs::write(dir.path().join(".dpiagen.typ.swp"), "y").unwrap();
    assert_eq!(
        Templates::from_dir(dir.path(), crate::knowledge::Knowledge::builtin())
            .unwrap()
            .fingerprint(),
        third
    );
}

#[test]
fn a_syntax_error_names_the_file_and_line() {
    let dir = folder(&[(
        "en/pre-dpia.typ.tera",
        "= Summary\n\nText.\n{% if c.dpia.verdict == %}\n",
    )]);
    let err = Templates::from_dir(dir.path(), crate::knowledge::Knowledge::builtin())
        .err()
        .expect("refused")
        .0;
    let file = dir.path().join("en/pre-dpia.typ.tera");
    assert!(err.starts_with(&format!("{}:4:", file.display())), "{err}");
}

#[test]
fn a_rendering_error_names_the_file_and_line() {
    let dir = folder(&[(
        "en/answers.typ.tera",
        "line 1\n{{ r.code | no_such_filter }}\n",
    )]);
    let err = Templates::from_dir(dir.path(), crate::knowledge::Knowledge::builtin())
        .err()
        .expect("refused")
        .0;
    assert!(err.contains("en/answers.typ.tera:2:"), "{err}");
}

#[test]
fn the_safe_filter_is_refused() {
    let dir = folder(&[("en/answers.typ.tera", "{{ r.code | safe }}")]);
    let t = Templates::from_dir(dir.path(), crate::knowledge::Knowledge::builtin()).unwrap();
    let r = serde_json::json!({"r": {"code": "#panic(1)"}});
    let err = t.render_named("en/answers.typ.tera", &r).unwrap_err().0;
    assert!(err.contains("`safe` filter is not available"), "{err}");
    assert!(err.contains("en/answers.typ.tera:1:"), "{err}");
    // Built in, `safe` is refused as well.
    let builtin = Templates::builtin(crate::knowledge::Knowledge::builtin()).unwrap();
    assert!(
        builtin
            .tera
            .render_str("{{ x | safe }}", &tera::Context::new(), true)
            .is_err()
    );
}

#[test]
fn a_template_linking_outside_its_folder_is_refused() {
    let outside = folder(&[("secret.typ.tera", "geheim")]);
    let dir = folder(&[]);
    fs::create_dir_all(dir.path().join("en")).unwrap();
    std::os::unix::fs::symlink(
        outside.path().join("secret.typ.tera"),
        dir.path().join("en/answers.typ.tera"),
    )
    .unwrap();
    let err = Templates::from_dir(dir.path(), crate::knowledge::Knowledge::builtin())
        .err()
        .expect("refused")
        .0;
    assert!(err.contains("points outside the templates folder"), "{err}");
    assert!(!err.contains("geheim"), "{err}");
}

#[test]
fn a_missing_folder_is_an_error() {
    let dir = tempfile::tempdir().unwrap();
    let err = Templates::from_dir(
        &dir.path().join("nope"),
        crate::knowledge::Knowledge::builtin(),
    )
    .err()
    .expect("refused")
    .0;
    assert!(err.contains("cannot read the templates folder"), "{err}");
}

#[test]
fn the_house_style_of_the_folder_is_written_beside_typst_sources() {
    let builtin = Templates::builtin(crate::knowledge::Knowledge::builtin()).unwrap();
    let files = builtin.typst_files().unwrap();
    assert_eq!(files, [("/dpiagen.typ".to_string(), ASSETS[0].1.to_vec())]);
    let dir = folder(&[("dpiagen.typ", "// own style")]);
    let own = Templates::from_dir(dir.path(), crate::knowledge::Knowledge::builtin()).unwrap();
    assert_eq!(own.typst_files().unwrap()[0].1, b"// own style");
    assert!(matches!(own.assets(), Assets::Layered(..)));
    assert!(matches!(builtin.assets(), Assets::Embedded(..)));
}

#[test]
fn export_writes_every_template_and_refuses_to_overwrite() {
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("huisstijl");
    let written = export(&target, false).unwrap();
    assert_eq!(written.len(), builtin_files().len());
    for (name, bytes) in builtin_files() {
        assert_eq!(fs::read(target.join(&name)).unwrap(), bytes, "{name}");
    }
    // The exported folder gives the same templates as the built-in ones.
    let t = Templates::from_dir(&target, crate::knowledge::Knowledge::builtin()).unwrap();
    assert_eq!(t.own.len(), 48);
    fs::write(target.join("en/pre-dpia.typ.tera"), "changed").unwrap();
    match export(&target, false) {
        Err(ExportError::Exists(files)) => assert_eq!(files.len(), builtin_files().len()),
        other => panic!("{other:?}"),
    }
    assert_eq!(
        fs::read_to_string(target.join("en/pre-dpia.typ.tera")).unwrap(),
        "changed"
    );
    export(&target, true).unwrap();
    assert_ne!(
        fs::read_to_string(target.join("en/pre-dpia.typ.tera")).unwrap(),
        "changed"
    );
}

#[test]
fn a_school_label_file_replaces_the_kinds_it_names() {
    let dir = folder(&[
        (
            "nl/labels.yaml",
            "severity: {blocking: STOP, medium: m, low: l}\n",
        ),
        (
            "nl/probe.typ.tera",
            "{{ labels.nl.severity.blocking }} {{ labels.nl.level.high }}",
        ),
    ]);
    let t = Templates::from_dir(dir.path(), crate::knowledge::Knowledge::builtin()).unwrap();
    let ctx = serde_json::json!({});
    assert_eq!(
        t.render_named("nl/probe.typ.tera", &ctx).unwrap(),
        "STOP hoog"
    );
    // A label file that is not YAML is refused with its name.
    let bad = folder(&[("nl/labels.yaml", "severity: [unclosed\n")]);
    match Templates::from_dir(bad.path(), crate::knowledge::Knowledge::builtin()) {
        Err(e) => assert!(e.to_string().contains("nl/labels.yaml"), "{e}"),
        Ok(_) => panic!("a broken label file was accepted"),
    }
}
