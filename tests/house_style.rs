//! The organisation's house style: its logo reaches the PDFs (and a new logo re-renders them),
//! a logo path leading out of the questionnaire folder or a bad colour is refused with its
//! file, line and field.

mod common;

use common::*;
use std::fs;
use std::path::Path;

const STYLE: &str = "\nhouse_style:\n  logo: beeld/logo.png\n  primary_colour: \"#1f6f8b\"\n";

/// The Lindecollege example profile without its own house style.
fn plain_profile() -> String {
    let text = fs::read_to_string(examples().join("lindecollege/organisatie.yaml")).unwrap();
    let cut = text
        .find("\n# Huisstijl")
        .expect("the example has a house style");
    text[..cut + 1].to_string()
}

/// The Lindecollege example (profile and activity) in `dir`, the profile's house style
/// replaced by `style`.
fn school(dir: &Path, style: &str) {
    let from = examples().join("lindecollege");
    fs::write(dir.join("organisatie.yaml"), plain_profile() + style).unwrap();
    fs::copy(
        from.join("whatsapp-mentorgroep.yaml"),
        dir.join("whatsapp-mentorgroep.yaml"),
    )
    .unwrap();
}

fn fixture(name: &str) -> Vec<u8> {
    fs::read(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures")
            .join(name),
    )
    .unwrap()
}

/// The number of XObjects of `subtype` (`Image`: raster images; `Form`: vector graphics such as
/// an SVG) in a PDF.
fn xobjects(pdf: &[u8], subtype: &[u8]) -> usize {
    let doc = lopdf::Document::load_mem(pdf).expect("valid PDF");
    doc.objects
        .values()
        .filter_map(|o| o.as_stream().ok())
        .filter(|s| {
            s.dict
                .get(b"Subtype")
                .and_then(|t| t.as_name())
                .is_ok_and(|n| n == subtype)
        })
        .count()
}

/// The decompressed content of a PDF's first page.
fn title_page(pdf: &[u8]) -> Vec<u8> {
    let doc = lopdf::Document::load_mem(pdf).expect("valid PDF");
    let first = *doc.get_pages().get(&1).expect("a first page");
    doc.get_page_content(first)
}

/// The number of raster images in a PDF.
fn images(pdf: &[u8]) -> usize {
    xobjects(pdf, b"Image")
}

fn render(input: &Path, out: &Path) -> serde_json::Value {
    let run = succeeded(
        dpiagen()
            .args(["render", "--json"])
            .arg(input)
            .arg("-o")
            .arg(out),
    );
    serde_json::from_slice(&run.stdout).unwrap()
}

#[test]
fn the_logo_is_in_the_pdf_and_a_new_logo_renders_again() {
    let dir = tempfile::tempdir().unwrap();
    let out = tempfile::tempdir().unwrap();
    school(dir.path(), STYLE);
    fs::create_dir(dir.path().join("beeld")).unwrap();
    let logo = dir.path().join("beeld/logo.png");
    fs::write(&logo, fixture("logo-blue.png")).unwrap();

    let report = render(dir.path(), out.path());
    let rendered = report["summary"]["rendered"].as_u64().unwrap();
    assert!(rendered >= 2, "{report}");
    let pre_dpia = out
        .path()
        .join("2026/lindecollege/whatsapp-mentorgroep/pre-dpia.pdf");
    let conduct = out
        .path()
        .join("2026/lindecollege/gedragscode-sociale-media.pdf");
    let first = fs::read(&pre_dpia).unwrap();
    assert_eq!(images(&first), 1);
    assert_eq!(images(&fs::read(&conduct).unwrap()), 1);

    // The packet opens with the logo; the board memo carries it too.
    let packets = tempfile::tempdir().unwrap();
    dpiagen()
        .args(["packet", "-q"])
        .arg(dir.path())
        .arg("-o")
        .arg(packets.path())
        .assert()
        .success();
    let year = packets.path().join("2026/lindecollege");
    assert_eq!(images(&fs::read(year.join("gmr-pakket.pdf")).unwrap()), 1);
    assert_eq!(
        images(&fs::read(year.join("bestuursvoorstel.pdf")).unwrap()),
        1
    );

    // Nothing changed: nothing is typeset again.
    let report = render(dir.path(), out.path());
    assert_eq!(report["summary"]["rendered"], 0, "{report}");

    // Only the logo's bytes change: every document is typeset again, with the new logo.
    fs::write(&logo, fixture("logo-red.png")).unwrap();
    let report = render(dir.path(), out.path());
    assert_eq!(
        report["summary"]["rendered"].as_u64(),
        Some(rendered),
        "{report}"
    );
    let second = fs::read(&pre_dpia).unwrap();
    assert_ne!(first, second);
    assert_eq!(images(&second), 1);

    // Without a house style there is no image.
    let plain = tempfile::tempdir().unwrap();
    school(plain.path(), "");
    let out = tempfile::tempdir().unwrap();
    render(plain.path(), out.path());
    let pdf = fs::read(
        out.path()
            .join("2026/lindecollege/whatsapp-mentorgroep/pre-dpia.pdf"),
    )
    .unwrap();
    assert_eq!(images(&pdf), 0);
}

#[test]
fn logo_paths_out_of_the_folder_and_bad_colours_are_refused() {
    let root = tempfile::tempdir().unwrap();
    fs::write(root.path().join("elders.png"), fixture("logo-blue.png")).unwrap();
    let dir = root.path().join("school");
    fs::create_dir(&dir).unwrap();
    let lines = plain_profile().lines().count();
    for (style, field, says) in [
        ("  logo: ../elders.png\n", "house_style.logo", "outside"),
        ("  logo: /etc/passwd.png\n", "house_style.logo", "outside"),
        (
            "  logo: beeld.gif\n",
            "house_style.logo",
            "not a PNG or SVG",
        ),
        (
            "  primary_colour: \"blauw\"\n",
            "house_style.primary_colour",
            "not a colour",
        ),
    ] {
        school(&dir, &format!("\nhouse_style:\n{style}"));
        let out = root.path().join("out");
        let run = dpiagen()
            .arg("render")
            .arg(&dir)
            .arg("-o")
            .arg(&out)
            .output()
            .unwrap();
        assert_eq!(run.status.code(), Some(2), "{style}");
        let stderr = String::from_utf8_lossy(&run.stderr);
        assert!(stderr.contains(says), "{style}: {stderr}");
        assert!(stderr.contains(&format!("`{field}`")), "{style}: {stderr}");
        // The style is appended after a blank line and `house_style:`.
        let line = lines + 3;
        assert!(
            stderr.contains(&format!("organisatie.yaml:{line}:")),
            "{style}: {stderr}"
        );
        assert!(!out.join("2026").exists(), "{style}: nothing is written");
    }
}

#[test]
fn the_example_logo_is_on_the_title_page() {
    let out = tempfile::tempdir().unwrap();
    render(&examples().join("lindecollege"), out.path());
    // The example's logo is an SVG: Typst draws it as vector paths on the title page, not as a
    // raster image; the title page has more to draw than without the house style.
    let with = fs::read(
        out.path()
            .join("2026/lindecollege/whatsapp-mentorgroep/pre-dpia.pdf"),
    )
    .unwrap();
    let plain = tempfile::tempdir().unwrap();
    school(plain.path(), "");
    let out = tempfile::tempdir().unwrap();
    render(plain.path(), out.path());
    let without = fs::read(
        out.path()
            .join("2026/lindecollege/whatsapp-mentorgroep/pre-dpia.pdf"),
    )
    .unwrap();
    assert_eq!(images(&with), 0);
    let (with, without) = (title_page(&with), title_page(&without));
    assert!(
        with.len() > without.len() + 200,
        "{} bytes of drawing with the logo, {} without",
        with.len(),
        without.len()
    );
}
