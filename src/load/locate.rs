//! Finds the line and column of a field path (`vendors[1].agreement.status`) in a YAML text.
//!
//! Serde tells us *what* is wrong with a value after it has been parsed, but no longer *where*
//! it was written. This module parses the same text once more into a tree of nodes that keep
//! their location, so checks on the typed model can still point at the offending line.

use serde::Deserialize;
use serde::de::{self, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_saphyr::Spanned;
use std::fmt;

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
    /// Parses `text`; `None` when it is not valid YAML (the typed parse reports that).
    pub fn parse(text: &str) -> Option<Node> {
        serde_saphyr::from_str_with_options::<Node>(text, super::yaml::options()).ok()
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

impl<'de> Deserialize<'de> for Node {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let spanned = Spanned::<Kind>::deserialize(d)?;
        Ok(Node {
            line: spanned.referenced.line() as usize,
            column: spanned.referenced.column() as usize,
            kind: spanned.value,
        })
    }
}

impl<'de> Deserialize<'de> for Kind {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(KindVisitor)
    }
}

struct KindVisitor;

impl<'de> Visitor<'de> for KindVisitor {
    type Value = Kind;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("any YAML value")
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Kind, A::Error> {
        let mut entries = Vec::new();
        while let Some(key) = map.next_key::<Key>()? {
            entries.push((key.0, map.next_value::<Node>()?));
        }
        Ok(Kind::Map(entries))
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Kind, A::Error> {
        let mut items = Vec::new();
        while let Some(item) = seq.next_element::<Node>()? {
            items.push(item);
        }
        Ok(Kind::Seq(items))
    }
    fn visit_bool<E: de::Error>(self, _: bool) -> Result<Kind, E> {
        Ok(Kind::Scalar(None))
    }
    fn visit_i64<E: de::Error>(self, _: i64) -> Result<Kind, E> {
        Ok(Kind::Scalar(None))
    }
    fn visit_u64<E: de::Error>(self, _: u64) -> Result<Kind, E> {
        Ok(Kind::Scalar(None))
    }
    fn visit_f64<E: de::Error>(self, _: f64) -> Result<Kind, E> {
        Ok(Kind::Scalar(None))
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Kind, E> {
        Ok(Kind::Scalar(Some(v.to_string())))
    }
    fn visit_unit<E: de::Error>(self) -> Result<Kind, E> {
        Ok(Kind::Scalar(None))
    }
    fn visit_none<E: de::Error>(self) -> Result<Kind, E> {
        Ok(Kind::Scalar(None))
    }
    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Kind, D::Error> {
        d.deserialize_any(KindVisitor)
    }
}

/// A mapping key of any scalar type, kept as text.
struct Key(String);

impl<'de> Deserialize<'de> for Key {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct KeyVisitor;
        impl Visitor<'_> for KeyVisitor {
            type Value = Key;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a mapping key")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Key, E> {
                Ok(Key(v.to_string()))
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Key, E> {
                Ok(Key(v.to_string()))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Key, E> {
                Ok(Key(v.to_string()))
            }
            fn visit_bool<E: de::Error>(self, v: bool) -> Result<Key, E> {
                Ok(Key(v.to_string()))
            }
        }
        d.deserialize_any(KeyVisitor)
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
}
