//! Which characters the embedded fonts can show. The PDF/A export refuses text that no font
//! has a glyph for ("could not be displayed with font"), which failed a whole activity for a
//! Chinese or Thai name; the loader asks here first, so such a character is refused where it
//! was typed (see `load::glyphs`).

use std::sync::LazyLock;
use typst::text::{Coverage, FontInfo};

/// The character coverage of every embedded font, read once, when first needed.
static COVERAGE: LazyLock<Vec<Coverage>> = LazyLock::new(|| {
    typst_assets::fonts()
        .chain(super::world::EXTRA_FONTS.iter().copied())
        .flat_map(FontInfo::iter)
        .map(|info| info.coverage)
        .collect()
});

/// Whether some embedded font has a glyph for `c`. Letters up to U+024F (Latin with its
/// accents) are answered without reading the fonts.
pub fn covers(c: char) -> bool {
    (' '..='\u{24f}').contains(&c) && !c.is_control()
        || COVERAGE
            .iter()
            .any(|coverage| coverage.contains(u32::from(c)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn latin_emoji_and_the_replacement_character_are_covered() {
        for c in ['a', 'é', 'ĳ', 'ß', '€', '😀', '\u{FFFD}', 'α', 'ж'] {
            assert!(covers(c), "{c:?}");
        }
    }

    #[test]
    fn chinese_thai_and_noncharacters_are_not() {
        for c in ['王', 'ส', '\u{FFFF}'] {
            assert!(!covers(c), "{c:?}");
        }
    }
}
