//! Helpers for tests that check generated Typst with the real parser.

use typst::syntax::{SyntaxKind, SyntaxNode, parse};

/// Node kinds that plain, escaped text may consist of.
pub const TEXT_KINDS: &[SyntaxKind] = &[
    SyntaxKind::Markup,
    SyntaxKind::Text,
    SyntaxKind::Space,
    SyntaxKind::Escape,
    SyntaxKind::Linebreak,
    SyntaxKind::Parbreak,
    SyntaxKind::SmartQuote,
    SyntaxKind::Shorthand,
];

/// Parse `src` as markup and panic with the errors if it does not parse.
pub fn parse_ok(src: &str) -> SyntaxNode {
    let root = parse(src);
    let (errors, _) = root.errors_and_warnings();
    assert!(errors.is_empty(), "{src:?} does not parse: {errors:?}");
    root
}

/// All nodes of a tree, depth first.
pub fn descendants(node: &SyntaxNode) -> Vec<&SyntaxNode> {
    let mut out = vec![node];
    let mut i = 0;
    while i < out.len() {
        out.extend(out[i].children());
        i += 1;
    }
    out
}

/// The first node whose kind is not in `allowed`, if any.
pub fn foreign_node(root: &SyntaxNode, allowed: &[SyntaxKind]) -> Option<SyntaxKind> {
    descendants(root)
        .into_iter()
        .map(SyntaxNode::kind)
        .find(|k| !allowed.contains(k))
}

/// The text a markup tree shows, with escapes resolved and line breaks
/// dropped (their newline is kept by the following space), in source order.
pub fn plain_text(node: &SyntaxNode) -> String {
    let mut out = String::new();
    collect_text(node, &mut out);
    out
}

fn collect_text(node: &SyntaxNode, out: &mut String) {
    match node.kind() {
        SyntaxKind::Escape => out.push_str(&node.leaf_text()[1..]),
        SyntaxKind::Linebreak => {}
        _ if node.children().len() == 0 => out.push_str(node.leaf_text()),
        _ => node.children().for_each(|child| collect_text(child, out)),
    }
}
