//! Checks a logo's bytes at validation, so that the typesetter only ever gets a logo it can
//! draw within bounded time and memory.
//!
//! - PNG: the header's dimensions are read first (a 437 KB file can claim 60,000 × 60,000
//!   pixels, gigabytes once decoded) and refused above [`MAX_SIDE`]; then the whole image is
//!   decoded row by row (memory: two rows), so a damaged file is refused here instead of failing
//!   every document at typesetting.
//! - SVG: parsed as XML without a DTD (no entity declarations), with a bounded number of nodes;
//!   references outside the file (`href`, `url(…)`, `@import`), embedded images and filters
//!   (drawn as pixels at the drawing's size) are refused.
//!
//! The `png` crate is the decoder the typesetter's `image` crate uses, and `roxmltree` the XML
//! parser of its SVG reader (usvg): the checks read a file as the typesetter will.

use std::io::Cursor;

/// The most pixels a PNG logo may have in either direction.
pub const MAX_SIDE: u32 = 4000;

/// The largest SVG logo accepted, in bytes.
pub const MAX_SVG_BYTES: usize = 512 * 1024;

/// The most XML nodes (elements, attributes' owners, texts) an SVG logo may have.
pub const MAX_SVG_NODES: u32 = 20_000;

/// Why a logo is refused: the message (the logo's name is put in front) and what to do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refusal {
    /// What is wrong, e.g. "is 60000 × 60000 pixels; …".
    pub message: String,
    /// What to do instead.
    pub help: &'static str,
}

fn refuse(message: impl Into<String>, help: &'static str) -> Refusal {
    Refusal {
        message: message.into(),
        help,
    }
}

const EXPORT_AGAIN: &str = "export the logo again as PNG or SVG";

/// Checks a PNG logo: its dimensions, then every row of pixels.
pub fn check_png(bytes: &[u8]) -> Result<(), Refusal> {
    let damaged =
        |e: png::DecodingError| refuse(format!("is not a valid PNG file ({e})"), EXPORT_AGAIN);
    let mut decoder = png::Decoder::new(Cursor::new(bytes));
    let info = decoder.read_header_info().map_err(damaged)?;
    let (width, height) = (info.width, info.height);
    if width > MAX_SIDE || height > MAX_SIDE {
        return Err(refuse(
            format!("is {width} × {height} pixels; a logo is at most {MAX_SIDE} × {MAX_SIDE}"),
            "save the logo smaller (a logo is printed a few centimetres wide), or as SVG",
        ));
    }
    let mut reader = decoder.read_info().map_err(damaged)?;
    while reader.next_row().map_err(damaged)?.is_some() {}
    reader.finish().map_err(damaged)
}

/// Checks an SVG logo: size, XML without a DTD, node count, nothing outside the file.
pub fn check_svg(bytes: &[u8]) -> Result<(), Refusal> {
    if bytes.len() > MAX_SVG_BYTES {
        return Err(refuse(
            format!(
                "is {} bytes; an SVG logo is at most {MAX_SVG_BYTES} bytes",
                bytes.len()
            ),
            "simplify the drawing, or save the logo as PNG",
        ));
    }
    let Ok(text) = std::str::from_utf8(bytes) else {
        return Err(refuse("is not a valid SVG file (not UTF-8)", EXPORT_AGAIN));
    };
    let options = roxmltree::ParsingOptions {
        allow_dtd: false,
        nodes_limit: MAX_SVG_NODES,
        ..roxmltree::ParsingOptions::default()
    };
    let doc = roxmltree::Document::parse_with_options(text, options).map_err(|e| match e {
        roxmltree::Error::DtdDetected => refuse(
            "declares a DTD (`<!DOCTYPE …[`, `<!ENTITY`), which an SVG logo does not need",
            "remove the DOCTYPE declaration, or export the logo again as plain SVG",
        ),
        roxmltree::Error::NodesLimitReached => refuse(
            format!("has more than {MAX_SVG_NODES} XML nodes"),
            "simplify the drawing, or save the logo as PNG",
        ),
        e => refuse(format!("is not a valid SVG file ({e})"), EXPORT_AGAIN),
    })?;
    if doc.root_element().tag_name().name() != "svg" {
        return Err(refuse(
            "is not a valid SVG file (its root element is not `<svg>`)",
            EXPORT_AGAIN,
        ));
    }
    for node in doc.descendants() {
        if node.is_element() && node.tag_name().name() == "filter" {
            return Err(refuse(
                format!(
                    "uses a filter (line {}), which is drawn as pixels at the drawing's size",
                    line_of(&doc, node.range().start)
                ),
                "flatten the effect in the drawing program, or save the logo as PNG",
            ));
        }
        let texts = node
            .attributes()
            .map(|a| (a.name(), a.value()))
            .chain(node.is_text().then(|| ("", node.text().unwrap_or(""))));
        for (name, value) in texts {
            if let Some(what) = outside_reference(name, value) {
                return Err(refuse(
                    format!(
                        "refers to {what} (line {}); a logo must be one self-contained file",
                        line_of(&doc, node.range().start)
                    ),
                    "embed or remove the reference, or save the logo as PNG",
                ));
            }
        }
    }
    Ok(())
}

/// What an attribute (`name`, `value`) or a text (empty `name`) refers to outside the drawing,
/// if anything: references within it (`#id`) are fine.
fn outside_reference(name: &str, value: &str) -> Option<String> {
    let shown = |v: &str| v.chars().take(60).collect::<String>();
    if name == "href" && !value.trim_start().starts_with('#') {
        return Some(if value.trim_start().starts_with("data:") {
            "an embedded image".to_string()
        } else {
            format!("`{}`", shown(value))
        });
    }
    if value.contains("@import") {
        return Some("a style sheet (`@import`)".to_string());
    }
    let mut rest = value;
    while let Some(at) = rest.find("url(") {
        rest = &rest[at + 4..];
        let target = rest.trim_start().trim_start_matches(['"', '\'']);
        if !target.starts_with('#') {
            return Some(format!("`url({}`", shown(rest)));
        }
    }
    None
}

/// The 1-based line of byte `offset` in the document.
fn line_of(doc: &roxmltree::Document<'_>, offset: usize) -> u32 {
    doc.text_pos_at(offset).row
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A PNG of `width` × `height` grey pixels, each row `fill`.
    fn png(width: u32, height: u32) -> Vec<u8> {
        let mut out = Vec::new();
        let mut encoder = png::Encoder::new(&mut out, width, height);
        encoder.set_color(png::ColorType::Grayscale);
        let mut writer = encoder.write_header().unwrap();
        writer
            .write_image_data(&vec![128; (width * height) as usize])
            .unwrap();
        writer.finish().unwrap();
        out
    }

    #[test]
    fn a_small_png_passes() {
        check_png(&png(40, 20)).unwrap();
    }

    #[test]
    fn a_png_claiming_too_many_pixels_is_refused_from_its_header() {
        let e = check_png(&png(1, MAX_SIDE + 1)).unwrap_err();
        assert!(e.message.contains("is 1 × 4001 pixels"), "{e:?}");
        // Only the header (signature and IHDR chunk): the pixels are never reached.
        let e = check_png(&png(MAX_SIDE + 1, 1)[..33]).unwrap_err();
        assert!(e.message.contains("is 4001 × 1 pixels"), "{e:?}");
    }

    #[test]
    fn a_png_damaged_after_its_header_is_refused() {
        let mut bytes = png(64, 64);
        let n = bytes.len();
        // Garbage in the middle of the pixel data (the IDAT chunk).
        bytes[n - 30..n - 20].copy_from_slice(&[0xAB; 10]);
        let e = check_png(&bytes).unwrap_err();
        assert!(e.message.starts_with("is not a valid PNG file"), "{e:?}");
        let e = check_png(&bytes[..n / 2]).unwrap_err();
        assert!(e.message.starts_with("is not a valid PNG file"), "{e:?}");
    }

    const SVG: &str = r##"<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="10" height="10"><defs><linearGradient id="g"/></defs><rect width="10" height="10" fill="url(#g)" style="fill: url( '#g' )"/><use xlink:href="#g"/></svg>"##;

    #[test]
    fn a_self_contained_svg_passes() {
        check_svg(SVG.as_bytes()).unwrap();
    }

    #[test]
    fn svg_references_outside_the_file_are_refused() {
        for (svg, expected) in [
            (
                r#"<svg><image href="/etc/passwd"/></svg>"#,
                "refers to `/etc/passwd` (line 1)",
            ),
            (
                r#"<svg xmlns:xlink="http://www.w3.org/1999/xlink"><image xlink:href="http://example.org/x.png"/></svg>"#,
                "refers to `http://example.org/x.png`",
            ),
            (
                r#"<svg><image href="data:image/png;base64,AAAA"/></svg>"#,
                "an embedded image",
            ),
            (
                "<svg>\n<style>@import 'x.css';</style></svg>",
                "a style sheet (`@import`) (line 2)",
            ),
            (
                r#"<svg><rect fill="url(file:///x)"/></svg>"#,
                "refers to `url(file:///x)`",
            ),
            (r#"<svg><filter id="f"/></svg>"#, "uses a filter"),
        ] {
            let e = check_svg(svg.as_bytes()).unwrap_err();
            assert!(e.message.contains(expected), "{svg}: {e:?}");
        }
    }

    #[test]
    fn svg_entities_and_size_are_bounded() {
        let laughs = r#"<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY a "aaaa">]><svg>&a;</svg>"#;
        let e = check_svg(laughs.as_bytes()).unwrap_err();
        assert!(e.message.starts_with("declares a DTD"), "{e:?}");
        let many = format!("<svg>{}</svg>", "<g/>".repeat(MAX_SVG_NODES as usize));
        let e = check_svg(many.as_bytes()).unwrap_err();
        assert!(e.message.contains("more than 20000 XML nodes"), "{e:?}");
        let big = format!("<svg>{}</svg>", " ".repeat(MAX_SVG_BYTES));
        let e = check_svg(big.as_bytes()).unwrap_err();
        assert!(e.message.contains("an SVG logo is at most"), "{e:?}");
        let e = check_svg(b"<html/>").unwrap_err();
        assert!(e.message.contains("root element"), "{e:?}");
    }
}
