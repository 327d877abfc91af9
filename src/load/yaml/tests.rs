use super::*;
use crate::model::Organisation;

const ORG: &str = "version: 1\nkind: organisation\nname: X\nboard: Y\nsector: po\npublic_authority: true\nboard_signatory: {name: A}\nprivacy_officer: {name: B}\nfg: {name: C}\ncouncil: {kind: mr, name: D}\n";

#[test]
fn parses_a_valid_organisation() {
    let p = Path::new("org.yaml");
    assert_eq!(header(p, ORG).unwrap(), FileKind::Organisation);
    let org: Organisation = parse(p, ORG).unwrap();
    assert_eq!(org.name, "X");
}

#[test]
fn unknown_field_is_located() {
    let text = ORG.replace("sector: po", "sector: po\nsektor: vo");
    let d = parse::<Organisation>(Path::new("o.yaml"), &text).unwrap_err();
    assert!(d.message.contains("unknown field `sektor`"), "{d:?}");
    assert_eq!(d.line, Some(6), "{d:?}");
}

#[test]
fn invalid_enum_value_names_field_and_allowed_values() {
    let text = ORG.replace("sector: po", "sector: basis");
    let d = parse::<Organisation>(Path::new("o.yaml"), &text).unwrap_err();
    assert_eq!(d.field.as_deref(), Some("sector"), "{d:?}");
    assert_eq!(d.line, Some(5), "{d:?}");
    assert!(d.message.contains("po"), "{d:?}");
}

#[test]
fn norway_problem_is_an_error() {
    let text = ORG.replace("public_authority: true", "public_authority: yes");
    let d = parse::<Organisation>(Path::new("o.yaml"), &text).unwrap_err();
    assert_eq!(d.field.as_deref(), Some("public_authority"), "{d:?}");
    assert_eq!(d.line, Some(6));
}

#[test]
fn duplicate_key_is_an_error() {
    let text = format!("{ORG}name: Z\n");
    let d = parse::<Organisation>(Path::new("o.yaml"), &text).unwrap_err();
    assert!(d.message.contains("duplicate"), "{d:?}");
    assert_eq!(d.line, Some(11));
}

#[test]
fn missing_field_is_named() {
    let text = ORG.replace("fg: {name: C}\n", "");
    let d = parse::<Organisation>(Path::new("o.yaml"), &text).unwrap_err();
    assert!(d.message.contains("missing field `fg`"), "{d:?}");
}

#[test]
fn header_checks_version_and_kind() {
    let p = Path::new("x.yaml");
    assert!(
        header(p, "kind: activity\n")
            .unwrap_err()
            .message
            .contains("version")
    );
    let d = header(p, "version: 3\nkind: activity\n").unwrap_err();
    assert_eq!((d.line, d.field.as_deref()), (Some(1), Some("version")));
    // Both formats read.
    assert!(header(p, "version: 1\nkind: activity\n").is_ok());
    assert!(header(p, "version: 2\nkind: activity\n").is_ok());
    let d = header(p, "version: 1\nkind: school\n").unwrap_err();
    assert_eq!(d.line, Some(2));
}

#[test]
fn decode_refuses_binary_empty_and_non_utf8() {
    let p = Path::new("x.yaml");
    assert!(decode(p, b"").unwrap_err().message.contains("empty"));
    assert!(decode(p, b"a\0b").unwrap_err().message.contains("binary"));
    let d = decode(p, b"version: 1\nname: \xff\n").unwrap_err();
    assert_eq!((d.line, d.column), (Some(2), Some(7)));
}

#[test]
fn guesses_the_kind_of_a_plain_header() {
    let act = "# comment\nversion: 1\nkind: activity # the kind\nassessment:\n  kind: x\n";
    assert_eq!(guess_kind(act), Some(FileKind::Activity));
    let org = "version: 1\nkind: organisation\n";
    assert_eq!(guess_kind(org), Some(FileKind::Organisation));
}

#[test]
fn leaves_everything_else_to_the_careful_parse() {
    for text in [
        "version: 3\nkind: activity\n",
        "version: \"1\"\nkind: activity\n",
        "kind: activity\n",
        "version: 1\nkind: report\n",
        "version: 1\nkind: activity\nkind: organisation\n",
        "version: 1\nversion: 1\nkind: activity\n",
        "{version: 1, kind: activity}\n",
    ] {
        assert_eq!(guess_kind(text), None, "{text}");
    }
}
