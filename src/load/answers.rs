//! The typed answers as one tree of JSON values, shared by the checks the typed parse cannot
//! make ([`super::limits`], [`super::scalars`], [`super::glyphs`]): serialised once per file
//! and walked without building a field path until a check reports one.

use serde_json::Value;

/// One step of a field path: a key of a mapping or an index in a list.
#[derive(Debug, Clone, Copy)]
pub enum Seg<'a> {
    /// `key`.
    Key(&'a str),
    /// `[i]`.
    Index(usize),
}

/// The field path of `segs`, as diagnostics write it: `vendors[1].agreement.status`.
pub fn path_of(segs: &[Seg<'_>]) -> String {
    let mut out = String::new();
    for seg in segs {
        match seg {
            Seg::Key(k) if out.is_empty() => out.push_str(k),
            Seg::Key(k) => {
                out.push('.');
                out.push_str(k);
            }
            Seg::Index(i) => out.push_str(&format!("[{i}]")),
        }
    }
    out
}

/// The key a value is answered under: its own, or for a list's item the list's.
pub fn key_of<'a>(segs: &[Seg<'a>]) -> &'a str {
    segs.iter()
        .rev()
        .find_map(|s| match s {
            Seg::Key(k) => Some(*k),
            Seg::Index(_) => None,
        })
        .unwrap_or("")
}

/// Calls `f` with every node of `value` and its path, parents before children.
pub fn walk<'a>(value: &'a Value, f: &mut impl FnMut(&[Seg<'a>], &'a Value)) {
    let mut segs = Vec::new();
    visit(value, &mut segs, f);
}

fn visit<'a>(value: &'a Value, segs: &mut Vec<Seg<'a>>, f: &mut impl FnMut(&[Seg<'a>], &'a Value)) {
    f(segs, value);
    match value {
        Value::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                segs.push(Seg::Index(i));
                visit(item, segs, f);
                segs.pop();
            }
        }
        Value::Object(map) => {
            for (k, v) in map {
                segs.push(Seg::Key(k));
                visit(v, segs, f);
                segs.pop();
            }
        }
        _ => {}
    }
}

/// The node at the field path `path` (as [`path_of`] writes it), if there is one.
pub fn at<'a>(value: &'a Value, path: &str) -> Option<&'a Value> {
    let mut node = value;
    for part in path.split('.').filter(|p| !p.is_empty()) {
        let (key, indices) = part
            .split_once('[')
            .map_or((part, ""), |(k, rest)| (k, rest));
        if !key.is_empty() {
            node = node.get(key)?;
        }
        for index in indices.split('[').filter(|i| !i.is_empty()) {
            node = node.get(index.trim_end_matches(']').parse::<usize>().ok()?)?;
        }
    }
    Some(node)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn paths_are_built_and_followed_alike() {
        let value = json!({"vendors": [{"locations": ["NL", "DE"]}], "title": "x"});
        let mut seen = Vec::new();
        walk(&value, &mut |segs, v| {
            if v.is_string() {
                seen.push((path_of(segs), key_of(segs)));
            }
        });
        assert_eq!(
            seen,
            [
                ("title".to_string(), "title"),
                ("vendors[0].locations[0]".to_string(), "locations"),
                ("vendors[0].locations[1]".to_string(), "locations"),
            ]
        );
        assert_eq!(at(&value, "vendors[0].locations[1]"), Some(&json!("DE")));
        assert_eq!(at(&value, "vendors[1]"), None);
        assert_eq!(at(&value, "title"), Some(&json!("x")));
    }
}
