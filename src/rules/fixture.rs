//! A small valid organisation and activity for the rules' unit tests; each test changes the
//! answers it is about.

use crate::model::{Activity, Organisation};
use std::path::Path;

pub const ORGANISATION: &str = "\
version: 1
kind: organisation
name: OBS Test
board: Stichting Test
sector: po
public_authority: true
board_signatory: {name: Bestuurder}
privacy_officer: {name: Privacy Officer}
fg: {name: FG}
council: {kind: mr, name: MR OBS Test}
";

pub const ACTIVITY: &str = "\
version: 1
kind: activity
organisation: org.yaml
assessment:
  id: test
  title: Test
  version: '1.0'
  year: 2026
  author: {name: Auteur}
  date: 2026-11-01
  review: 2027-11-01
  status: concept
processing:
  description: Een test.
  use: school-channel
  purposes:
    - {name: Informeren, basis: public-task}
  necessity: {proportionality: Ja., subsidiarity: Nee.}
subjects:
  - {group: parents, count: 10}
data:
  - {category: namen, kind: ordinary, retention: een jaar}
vendors: []
criteria:
  evaluation: {applies: false}
  automated_decision: {applies: false}
  monitoring: {applies: false}
  sensitive: {applies: false}
  large_scale: {applies: false}
  combining: {applies: false}
  vulnerable: {applies: false}
  innovative: {applies: false}
  blocking: {applies: false}
ap_list: []
risks: []
";

/// The fixture organisation.
pub fn organisation() -> Organisation {
    crate::load::yaml::parse(Path::new("org.yaml"), ORGANISATION)
        .expect("fixture organisation parses")
}

/// The fixture activity, after `edit` has changed its YAML text.
pub fn activity_with(edit: impl FnOnce(&mut String)) -> Activity {
    let mut text = ACTIVITY.to_string();
    edit(&mut text);
    crate::load::yaml::parse(Path::new("a.yaml"), &text)
        .unwrap_or_else(|d| panic!("{}", d.render(Some(&text))))
}

/// Replaces `from` (which must occur) by `to`.
pub fn set(text: &mut String, from: &str, to: &str) {
    assert!(text.contains(from), "fixture has no `{from}`");
    *text = text.replacen(from, to, 1);
}
