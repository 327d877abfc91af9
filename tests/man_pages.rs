//! `dpiagen man` writes every page the main page points to (`dpiagen-check(1)`, …).

mod common;

use common::*;

#[test]
fn every_page_the_manual_names_exists() {
    let dir = tempfile::tempdir().unwrap();
    succeeded(dpiagen().arg("man").arg("--dir").arg(dir.path()));
    let pages: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert!(pages.contains(&"dpiagen.1".to_string()), "{pages:?}");
    let mut named = 0;
    for page in &pages {
        let roff = std::fs::read_to_string(dir.path().join(page)).unwrap();
        // roff escapes the hyphen: `dpiagen\-check(1)`.
        let roff = roff.replace("\\-", "-");
        for (i, _) in roff.match_indices("(1)") {
            let start = roff[..i]
                .rfind(|c: char| !(c.is_ascii_alphanumeric() || c == '-'))
                .map_or(0, |s| s + 1);
            let name = &roff[start..i];
            if name.starts_with("dpiagen-") {
                named += 1;
                assert!(
                    pages.contains(&format!("{name}.1")),
                    "{page} names {name}(1), which is not written: {pages:?}"
                );
            }
        }
    }
    assert!(named >= 5, "the main page names its subcommands' pages");
    for sub in ["check", "render", "packet", "register", "init-activity"] {
        assert!(pages.contains(&format!("dpiagen-{sub}.1")), "{pages:?}");
    }
}

#[test]
fn one_subcommand_page_is_printed_and_an_unknown_one_refused() {
    let out = succeeded(dpiagen().args(["man", "check"]));
    let roff = String::from_utf8(out.stdout).unwrap();
    assert!(roff.contains("dpiagen\\-check"), "{roff}");
    assert!(roff.contains("strict"), "{roff}");
    dpiagen()
        .args(["man", "nothing"])
        .assert()
        .code(2)
        .stderr(predicates::str::contains("one of"));
}
