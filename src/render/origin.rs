//! Which line of a school's own template a line of generated Typst most likely comes from, so
//! that a Typst error in a school's template names the template, not the generated source.
//!
//! Tera leaves no map from output to template lines. A template line is a candidate when all
//! of its literal text (what is outside `{{ }}`, `{% %}` and `{# #}`) appears, in order, in
//! the generated line; the candidate with the most literal text wins. A line with too little
//! literal text to tell (fewer than [`MIN_LITERAL`] characters) is never named.

/// The least literal text that identifies a template line.
const MIN_LITERAL: usize = 6;

/// The literal pieces of a template line, trimmed, without empty ones.
fn literal_pieces(line: &str) -> Vec<&str> {
    let mut pieces = Vec::new();
    let mut rest = line;
    loop {
        let next = ["{{", "{%", "{#"]
            .iter()
            .filter_map(|open| rest.find(open).map(|i| (i, *open)))
            .min_by_key(|(i, _)| *i);
        let Some((start, open)) = next else {
            pieces.push(rest.trim());
            break;
        };
        pieces.push(rest[..start].trim());
        let close = match open {
            "{{" => "}}",
            "{%" => "%}",
            _ => "#}",
        };
        match rest[start + 2..].find(close) {
            Some(end) => rest = &rest[start + 2 + end + 2..],
            None => break,
        }
    }
    pieces.retain(|p| !p.is_empty());
    pieces
}

/// Whether `pieces` all occur in `generated`, in order.
fn occurs_in_order(pieces: &[&str], generated: &str) -> bool {
    let mut from = 0;
    for piece in pieces {
        match generated[from..].find(piece) {
            Some(i) => from += i + piece.len(),
            None => return false,
        }
    }
    true
}

/// The template (by name) and 1-based line among `templates` (name, text) that the generated
/// line `generated` most likely comes from.
pub fn find<'a>(templates: &'a [(String, String)], generated: &str) -> Option<(&'a str, usize)> {
    let generated = generated.trim();
    let mut best: Option<(&str, usize, usize)> = None;
    for (name, text) in templates {
        for (i, line) in text.lines().enumerate() {
            let pieces = literal_pieces(line);
            let literal: usize = pieces.iter().map(|p| p.len()).sum();
            if literal < MIN_LITERAL || !occurs_in_order(&pieces, generated) {
                continue;
            }
            if best.is_none_or(|(_, _, score)| literal > score) {
                best = Some((name, i + 1, literal));
            }
        }
    }
    best.map(|(name, line, _)| (name, line))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_the_line_by_its_literal_text_around_the_expressions() {
        let templates = vec![
            (
                "nl/pre-dpia.typ.tera".to_string(),
                "= Inleiding\n#let x = 1\n#tabel(titel: {{ title | typst_str }}, rijen: 3)\n"
                    .to_string(),
            ),
            (
                "nl/dtia.typ.tera".to_string(),
                "#tabel(titel: 1)\n".to_string(),
            ),
        ];
        assert_eq!(
            find(&templates, "  #tabel(titel: \"Back-up\", rijen: 3)"),
            Some(("nl/pre-dpia.typ.tera", 3))
        );
        assert_eq!(
            find(&templates, "#let x = 1"),
            Some(("nl/pre-dpia.typ.tera", 2))
        );
        // Too little literal text to tell, or nothing that matches: no guess.
        assert_eq!(find(&templates, "1"), None);
        assert_eq!(find(&templates, "#unknown()"), None);
    }

    #[test]
    fn literal_pieces_skip_every_kind_of_tag() {
        assert_eq!(
            literal_pieces("a {{ x }} b {% if y %} c {# note #} d"),
            ["a", "b", "c", "d"]
        );
        assert_eq!(literal_pieces("{{ x }}"), Vec::<&str>::new());
        assert_eq!(literal_pieces("open {{ never closed"), ["open"]);
    }
}
