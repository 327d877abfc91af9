//! Finds the line and column of a field path (`vendors[1].agreement.status`) in a YAML text.
//!
//! Serde tells us *what* is wrong with a value after it has been parsed, but no longer *where*
//! it was written. This module parses the same text once more into a tree of nodes that keep
//! their location, so checks on the typed model can still point at the offending line. It is
//! only parsed when a file has something to report.

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
    /// about twice as fast as a serde pass: a yearly batch locates a warning in every file.
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
    fn refuses_what_the_loader_refuses() {
        let deep = "a: ".to_string() + &"[".repeat(200) + &"]".repeat(200) + "\n";
        assert!(Node::parse(&deep).is_none());
        assert!(Node::parse("a: 1\n---\nb: 2\n").is_none());
        assert!(Node::parse("a: [1, 2\n").is_none());
    }
}
