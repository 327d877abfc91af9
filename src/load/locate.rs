//! Finds the line and column of a field path (`vendors[1].agreement.status`) in a YAML text.
//!
//! Serde tells us *what* is wrong with a value after it has been parsed, but no longer *where*
//! it was written. This module reads the same text once more, only when a file has something
//! to report: [`find`] follows the parser's events up to one field (enough for a file's first
//! problem), [`Node::parse`] builds a tree of nodes that keep their location (for further
//! problems, a field that is not written, and the open-answer scan).

/// A YAML node with the place it was written.
#[derive(Debug, Clone)]
pub struct Node {
    /// 1-based line.
    pub line: usize,
    /// 1-based column.
    pub column: usize,
    kind: Kind,
}

#[derive(Debug, Clone)]
enum Kind {
    Map(Vec<(String, Node)>),
    Seq(Vec<Node>),
    /// A scalar; the text of a string scalar is kept (to find open answers).
    Scalar(Option<String>),
}

impl Node {
    /// Parses `text`; `None` when it is not valid YAML, holds more than one document or nests
    /// deeper than the loader allows (the typed parse reports those).
    ///
    /// Built straight from the parser's events (the parser serde-saphyr uses too), which is
    /// about twice as fast as a serde pass.
    /// Aliases are not expanded: an alias is a leaf where it is written.
    pub fn parse(text: &str) -> Option<Node> {
        build(granit_parser::Parser::new_from_str(text))
    }

    /// The line and column of `path`, or of its deepest existing ancestor.
    pub fn locate(&self, path: &str) -> (usize, usize) {
        let mut node = self;
        for segment in segments(path) {
            let next = match (&node.kind, segment) {
                (Kind::Map(entries), Segment::Key(key)) => {
                    entries.iter().find(|(k, _)| k == key).map(|(_, v)| v)
                }
                (Kind::Seq(items), Segment::Index(i)) => items.get(i),
                _ => None,
            };
            match next {
                Some(n) => node = n,
                None => break,
            }
        }
        (node.line, node.column)
    }

    /// Every string scalar with its field path (`vendors[0].name`), in document order.
    pub fn strings(&self) -> Vec<(String, &Node, &str)> {
        let mut out = Vec::new();
        self.collect_strings(String::new(), &mut out);
        out
    }

    fn collect_strings<'a>(&'a self, path: String, out: &mut Vec<(String, &'a Node, &'a str)>) {
        match &self.kind {
            Kind::Map(entries) => {
                for (key, node) in entries {
                    let sub = if path.is_empty() {
                        key.clone()
                    } else {
                        format!("{path}.{key}")
                    };
                    node.collect_strings(sub, out);
                }
            }
            Kind::Seq(items) => {
                for (i, node) in items.iter().enumerate() {
                    node.collect_strings(format!("{path}[{i}]"), out);
                }
            }
            Kind::Scalar(Some(text)) => out.push((path, self, text)),
            Kind::Scalar(None) => {}
        }
    }
}

/// A mapping or sequence being built, with where it starts.
enum Open {
    Map {
        at: (usize, usize),
        entries: Vec<(String, Node)>,
        key: Option<String>,
    },
    Seq {
        at: (usize, usize),
        items: Vec<Node>,
    },
}

/// Builds the tree of the one document in `events`, iteratively (no recursion on hostile
/// nesting) and refusing nesting deeper than the loader's limit.
fn build<'a>(events: impl Iterator<Item = granit_parser::ParseResult<'a>>) -> Option<Node> {
    use granit_parser::{Event, ScalarStyle};
    let mut stack: Vec<Open> = Vec::new();
    let mut root: Option<Node> = None;
    let mut documents = 0;
    for event in events {
        let (event, span) = event.ok()?;
        let at = (span.start.line(), span.start.col() + 1);
        let done = match event {
            Event::StreamStart | Event::StreamEnd | Event::DocumentEnd => continue,
            Event::DocumentStart(..) => {
                documents += 1;
                if documents > 1 {
                    return None;
                }
                continue;
            }
            Event::MappingStart(..) | Event::SequenceStart(..) => {
                if stack.len() >= super::yaml::MAX_DEPTH {
                    return None;
                }
                // A collection as a mapping key cannot be located by a field path.
                if let Some(Open::Map { key: None, .. }) = stack.last() {
                    return None;
                }
                stack.push(match event {
                    Event::MappingStart(..) => Open::Map {
                        at,
                        entries: Vec::new(),
                        key: None,
                    },
                    _ => Open::Seq {
                        at,
                        items: Vec::new(),
                    },
                });
                continue;
            }
            Event::MappingEnd | Event::SequenceEnd => match stack.pop()? {
                Open::Map { at, entries, .. } => Node {
                    line: at.0,
                    column: at.1,
                    kind: Kind::Map(entries),
                },
                Open::Seq { at, items } => Node {
                    line: at.0,
                    column: at.1,
                    kind: Kind::Seq(items),
                },
            },
            Event::Scalar(value, style, ..) => {
                if let Some(Open::Map {
                    key: key @ None, ..
                }) = stack.last_mut()
                {
                    *key = Some(value.into_owned());
                    continue;
                }
                // Plain scalars that YAML reads as null, a boolean or a number are no text.
                let text = style != ScalarStyle::Plain || !is_plain_non_string(&value);
                Node {
                    line: at.0,
                    column: at.1,
                    kind: Kind::Scalar(text.then(|| value.into_owned())),
                }
            }
            Event::Alias(_) | Event::UnresolvedAlias(_) => {
                if let Some(Open::Map {
                    key: key @ None, ..
                }) = stack.last_mut()
                {
                    *key = Some(String::new());
                    continue;
                }
                Node {
                    line: at.0,
                    column: at.1,
                    kind: Kind::Scalar(None),
                }
            }
            _ => continue,
        };
        match stack.last_mut() {
            Some(Open::Map { entries, key, .. }) => entries.push((key.take()?, done)),
            Some(Open::Seq { items, .. }) => items.push(done),
            None => root = Some(done),
        }
    }
    if stack.is_empty() { root } else { None }
}

/// The line and column of exactly `path`, read from the parser's events only as far as the
/// path's node: no tree is built, and a field near the top costs a few events. `None` when the
/// path is not in the text (then [`Node::locate`] finds its deepest existing ancestor). Meant
/// for text the loader accepted: what follows the path's node is not read, so not checked.
///
/// A yearly batch has one warning in many files (e.g. a `concept` status near the top); this
/// locates it without parsing the rest of the file.
pub fn find(text: &str, path: &str) -> Option<(usize, usize)> {
    use granit_parser::Event;
    /// An open collection: whether its own path is a prefix of `path`, and where a value
    /// inside it goes (the pending key of a mapping, the next index of a sequence).
    enum Frame {
        Map { on_path: bool, key: Option<String> },
        Seq { on_path: bool, next: usize },
    }
    let want: Vec<Segment<'_>> = segments(path).collect();
    let mut stack: Vec<Frame> = Vec::new();
    for event in granit_parser::Parser::new_from_str(text) {
        let (event, span) = event.ok()?;
        let at = (span.start.line(), span.start.col() + 1);
        match event {
            Event::MappingEnd | Event::SequenceEnd => {
                stack.pop()?;
                advance(&mut stack);
                continue;
            }
            Event::MappingStart(..)
            | Event::SequenceStart(..)
            | Event::Scalar(..)
            | Event::Alias(_)
            | Event::UnresolvedAlias(_) => {}
            _ => continue,
        }
        let opens = matches!(event, Event::MappingStart(..) | Event::SequenceStart(..));
        // A scalar in a mapping's key position is the key of the next value.
        if let Some(Frame::Map {
            key: key @ None, ..
        }) = stack.last_mut()
        {
            if opens {
                return None;
            }
            *key = Some(match event {
                Event::Scalar(text, ..) => text.into_owned(),
                _ => String::new(),
            });
            continue;
        }
        // Whether this node's path is `want`'s first `stack.len()` segments (all of it at the
        // end) and it is reached through nodes on the path.
        let depth = stack.len();
        let on_path = match stack.last() {
            None => true,
            Some(Frame::Map { on_path, key }) => {
                *on_path
                    && matches!(want.get(depth - 1), Some(Segment::Key(k)) if Some(*k) == key.as_deref())
            }
            Some(Frame::Seq { on_path, next }) => {
                *on_path && matches!(want.get(depth - 1), Some(Segment::Index(i)) if i == next)
            }
        };
        if on_path && depth == want.len() {
            return Some(at);
        }
        if opens {
            if stack.len() >= super::yaml::MAX_DEPTH {
                return None;
            }
            stack.push(match event {
                Event::MappingStart(..) => Frame::Map { on_path, key: None },
                _ => Frame::Seq { on_path, next: 0 },
            });
        } else {
            advance(&mut stack);
        }
    }
    return None;

    /// After a value of the innermost collection: the mapping waits for its next key, the
    /// sequence counts one more item.
    fn advance(stack: &mut [Frame]) {
        match stack.last_mut() {
            Some(Frame::Map { key, .. }) => *key = None,
            Some(Frame::Seq { next, .. }) => *next += 1,
            None => {}
        }
    }
}

/// Whether a plain scalar resolves to null, a boolean or a number (YAML 1.2 core schema).
fn is_plain_non_string(value: &str) -> bool {
    matches!(
        value,
        "" | "~"
            | "null"
            | "Null"
            | "NULL"
            | "true"
            | "True"
            | "TRUE"
            | "false"
            | "False"
            | "FALSE"
    ) || value.parse::<i64>().is_ok()
        || value.parse::<u64>().is_ok()
        || (value.parse::<f64>().is_ok() && !value.chars().all(char::is_alphabetic))
}

enum Segment<'a> {
    Key(&'a str),
    Index(usize),
}

fn segments(path: &str) -> impl Iterator<Item = Segment<'_>> {
    path.split('.').filter(|s| !s.is_empty()).flat_map(|part| {
        let mut out = Vec::new();
        let (key, rest) = part.split_once('[').unwrap_or((part, ""));
        if !key.is_empty() {
            out.push(Segment::Key(key));
        }
        for idx in rest.split('[') {
            if let Ok(i) = idx.trim_end_matches(']').parse() {
                out.push(Segment::Index(i));
            }
        }
        out
    })
}

#[cfg(test)]
impl Node {
    /// Every node's field path below this one, in document order (for tests).
    fn collect_paths(&self, path: String, out: &mut Vec<String>) {
        let join = |key: &str| {
            if path.is_empty() {
                key.to_string()
            } else {
                format!("{path}.{key}")
            }
        };
        match &self.kind {
            Kind::Map(entries) => {
                for (key, node) in entries {
                    out.push(join(key));
                    node.collect_paths(join(key), out);
                }
            }
            Kind::Seq(items) => {
                for (i, node) in items.iter().enumerate() {
                    out.push(format!("{path}[{i}]"));
                    node.collect_paths(format!("{path}[{i}]"), out);
                }
            }
            Kind::Scalar(_) => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const TEXT: &str =
        "version: 1\nvendors:\n  - name: A\n    agreement:\n      status: none\n  - name: B\n";

    #[test]
    fn locates_nested_fields() {
        let tree = Node::parse(TEXT).expect("valid yaml");
        assert_eq!(tree.locate("vendors[0].agreement.status"), (5, 15));
        assert_eq!(tree.locate("vendors[1].name"), (6, 11));
        assert_eq!(tree.locate("version"), (1, 10));
    }

    #[test]
    fn lists_string_scalars_with_their_paths() {
        let tree = Node::parse(TEXT).expect("valid yaml");
        let found: Vec<(String, usize, usize, &str)> = tree
            .strings()
            .into_iter()
            .map(|(p, n, v)| (p, n.line, n.column, v))
            .collect();
        assert_eq!(
            found,
            [
                ("vendors[0].name".to_string(), 3, 11, "A"),
                ("vendors[0].agreement.status".to_string(), 5, 15, "none"),
                ("vendors[1].name".to_string(), 6, 11, "B"),
            ]
        );
    }

    #[test]
    fn falls_back_to_the_deepest_existing_ancestor() {
        let tree = Node::parse(TEXT).expect("valid yaml");
        assert_eq!(
            tree.locate("vendors[1].agreement"),
            tree.locate("vendors[1]")
        );
    }

    #[test]
    fn locates_flow_and_quoted_values_and_keeps_their_text() {
        let text = "a: {b: \"x: y\", c: [1, 'two']}\nd: ~\ne: 12\n";
        let tree = Node::parse(text).expect("valid yaml");
        assert_eq!(tree.locate("a.b"), (1, 8));
        assert_eq!(tree.locate("a.c[1]"), (1, 23));
        let strings: Vec<(String, &str)> =
            tree.strings().into_iter().map(|(p, _, v)| (p, v)).collect();
        assert_eq!(
            strings,
            [("a.b".to_string(), "x: y"), ("a.c[1]".to_string(), "two")]
        );
    }

    #[test]
    fn an_alias_is_a_leaf_where_it_is_written() {
        let text = "base: &b {x: 1}\ncopy: *b\n";
        let tree = Node::parse(text).expect("valid yaml");
        assert_eq!(tree.locate("copy.x"), (2, 7));
    }

    #[test]
    fn find_agrees_with_the_tree_on_every_node_it_reaches() {
        let texts = [
            TEXT,
            "a: {b: \"x: y\", c: [1, 'two', [3, {d: 4}]]}\nd: ~\ne: 12\n",
            "base: &b {x: 1}\ncopy: *b\nlist:\n  - *b\n  - {y: [a, b]}\n",
            include_str!("../../questionnaires/obs-de-regenboog/back-up-cloudopslag.yaml"),
            include_str!("../../questionnaires/lindecollege/organisatie.yaml"),
        ];
        for text in texts {
            let tree = Node::parse(text).expect("valid yaml");
            let mut paths = vec![String::new()];
            tree.collect_paths(String::new(), &mut paths);
            assert!(paths.len() > 3);
            for path in paths {
                assert_eq!(find(text, &path), Some(tree.locate(&path)), "{path}");
            }
        }
    }

    #[test]
    fn find_leaves_absent_paths_to_the_tree() {
        assert_eq!(find(TEXT, "vendors[1].agreement"), None);
        assert_eq!(find(TEXT, "vendors[2]"), None);
        assert_eq!(find(TEXT, "version.x"), None);
        assert_eq!(find("a: [1, 2\n", "a"), Some((1, 4)));
        assert_eq!(find("a: [1, 2\n", "b"), None);
    }

    #[test]
    fn refuses_what_the_loader_refuses() {
        let deep = "a: ".to_string() + &"[".repeat(200) + &"]".repeat(200) + "\n";
        assert!(Node::parse(&deep).is_none());
        assert!(Node::parse("a: 1\n---\nb: 2\n").is_none());
        assert!(Node::parse("a: [1, 2\n").is_none());
    }
}
