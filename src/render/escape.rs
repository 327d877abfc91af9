//! Escaping arbitrary text for Typst, so that user answers are always shown
//! literally and never become Typst markup or code.
//!
//! Line endings: `\r\n`, `\r`, U+0085, U+2028 and U+2029 all count as `\n`.
//!
//! Control characters: Typst has no glyph for them and the PDF/A export
//! refuses text it cannot show, so every control character other than `\n`
//! and `\t` (U+0000–U+001F, U+007F–U+009F), and U+FEFF and U+FFFE, which
//! PDF/A refuses, are *replaced* by U+FFFD (�) in markup. Replacing rather than dropping keeps a visible trace of the bad
//! input for the person checking the document. String literals get the same
//! replacement: they hold shown text too (titles, names in page headers, alt
//! texts, the PDF's metadata).

use std::fmt::{self, Write};

/// The character shown instead of a control character in markup.
pub const REPLACEMENT: char = '\u{FFFD}';

/// Whether `c` is shown as [`REPLACEMENT`]: a control character (except the line and tab
/// characters each writer handles), or U+FEFF or U+FFFE, which PDF/A and PDF/UA refuse in text
/// (an invisible U+FEFF often comes along when text is pasted from another program).
pub fn is_replaced(c: char) -> bool {
    c.is_control() || c == '\u{FEFF}' || c == '\u{FFFE}'
}

/// Characters that are always backslash-escaped in markup.
const SPECIAL: &[char] = &[
    '\\', '#', '$', '`', '[', ']', '<', '>', '@', '*', '_', '/', '=', '-', '+', '~', '"', '\'',
];

/// Escape arbitrary user text so that, placed in Typst *markup*, it shows
/// literally.
///
/// Each newline becomes a forced line break (`\` + newline), so no line of the
/// result can start a heading, list or paragraph break. Straight quotes are
/// escaped too, so they stay straight (what the user typed) instead of
/// becoming typographic quotes, and so is `...`, which would become `…`.
pub fn markup(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + s.len() / 8);
    // Writing into a `String` cannot fail.
    let _ = write_markup(s, &mut out);
    out
}

/// Streaming variant of [`markup`]: write the escaped text into `out`.
pub fn write_markup<W: Write + ?Sized>(s: &str, out: &mut W) -> fmt::Result {
    let mut prev = None;
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\r' => {
                chars.next_if_eq(&'\n');
                out.write_str("\\\n")?;
            }
            '\n' | '\u{85}' | '\u{2028}' | '\u{2029}' => out.write_str("\\\n")?,
            // After a digit a `.` could start a numbered list; in `...` it would become `…`.
            '.' if prev.is_some_and(|p: char| p.is_ascii_digit() || p == '.')
                || chars.peek() == Some(&'.') =>
            {
                out.write_str("\\.")?
            }
            c if SPECIAL.contains(&c) => {
                out.write_char('\\')?;
                out.write_char(c)?;
            }
            '\t' => out.write_char('\t')?,
            c if is_replaced(c) => out.write_char(REPLACEMENT)?,
            c => out.write_char(c)?,
        }
        prev = Some(c);
    }
    Ok(())
}

/// Escape arbitrary text as a Typst *string literal*, including the
/// surrounding quotes: `"..."`.
///
/// `\` and `"` are backslash-escaped, newline, carriage return and tab become
/// `\n`, `\r`, `\t`, other control characters become [`REPLACEMENT`] as in
/// markup.
pub fn string_literal(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    // Writing into a `String` cannot fail.
    let _ = write_string_literal(s, &mut out);
    out
}

/// Streaming variant of [`string_literal`].
pub fn write_string_literal<W: Write + ?Sized>(s: &str, out: &mut W) -> fmt::Result {
    out.write_char('"')?;
    for c in s.chars() {
        match c {
            '\\' => out.write_str("\\\\")?,
            '"' => out.write_str("\\\"")?,
            '\n' => out.write_str("\\n")?,
            '\r' => out.write_str("\\r")?,
            '\t' => out.write_str("\\t")?,
            c if is_replaced(c) => out.write_char(REPLACEMENT)?,
            c => out.write_char(c)?,
        }
    }
    out.write_char('"')
}

#[cfg(test)]
mod tests;
