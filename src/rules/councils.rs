//! Who has a say in the organisation's privacy documents: the participation councils its
//! sector knows, and the law that gives each of them its say.
//!
//! po, so and vo fall under the WMS, with the (G)MR; mbo under the WEB (studentenraad) and the
//! WOR (ondernemingsraad); ho under the WHW (universiteitsraad, faculteitsraad, or the
//! medezeggenschapsraad of a university of applied sciences) and the WOR.

use crate::knowledge::references::Ref;
use crate::knowledge::references::refs::{
    WEB_PARTICIPATION, WHW_PARTICIPATION, WMS_CONSENT, WOR_27,
};
use crate::model::{CouncilKind, Organisation, Person, Sector};
use serde::Serialize;

/// A council with a say in the documents, and the law that gives it.
#[derive(Debug, Clone, Serialize)]
pub struct Body<'a> {
    /// Its kind, e.g. `ondernemingsraad`.
    pub kind: CouncilKind,
    /// Its name as used in letters.
    pub name: &'a str,
    /// The chair, who signs for it.
    pub chair: Option<&'a Person>,
    /// The law that gives it its say (`None` only for a profile that failed validation).
    pub law: Option<Ref>,
}

/// The councils the documents address: the profile's `council` first, then the others.
pub fn of(org: &Organisation) -> Vec<Body<'_>> {
    std::iter::once(&org.council)
        .chain(&org.other_councils)
        .map(|c| Body {
            kind: c.kind,
            name: &c.name,
            chair: c.chair.as_ref(),
            law: law(c.kind, org.sector),
        })
        .collect()
}

/// The council kinds a sector has, in the order a profile would name them.
pub fn kinds(sector: Sector) -> &'static [CouncilKind] {
    use CouncilKind::*;
    match sector {
        Sector::Po | Sector::So | Sector::Vo => &[Mr, Gmr],
        Sector::Mbo => &[Ondernemingsraad, Studentenraad],
        Sector::Ho => &[
            Mr,
            Universiteitsraad,
            Faculteitsraad,
            Ondernemingsraad,
            Studentenraad,
        ],
    }
}

/// The law that gives a council of `kind` its say in `sector`, as the reference the documents
/// cite. `None` when the sector has no such council (a profile that names one is refused).
pub fn law(kind: CouncilKind, sector: Sector) -> Option<Ref> {
    if !kinds(sector).contains(&kind) {
        return None;
    }
    Some(match (kind, sector) {
        (CouncilKind::Ondernemingsraad, _) => WOR_27,
        (_, Sector::Mbo) => WEB_PARTICIPATION,
        (_, Sector::Ho) => WHW_PARTICIPATION,
        _ => WMS_CONSENT,
    })
}

/// The law of every council the organisation names, each once, in the order named.
pub fn laws(org: &Organisation) -> Vec<Ref> {
    let mut out = Vec::new();
    for r in of(org).into_iter().filter_map(|b| b.law) {
        if !out.contains(&r) {
            out.push(r);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::fixture;

    #[test]
    fn every_sector_cites_its_own_participation_law() {
        use CouncilKind::*;
        assert_eq!(law(Mr, Sector::Po), Some(WMS_CONSENT));
        assert_eq!(law(Gmr, Sector::Vo), Some(WMS_CONSENT));
        assert_eq!(law(Ondernemingsraad, Sector::Mbo), Some(WOR_27));
        assert_eq!(law(Studentenraad, Sector::Mbo), Some(WEB_PARTICIPATION));
        assert_eq!(law(Studentenraad, Sector::Ho), Some(WHW_PARTICIPATION));
        assert_eq!(law(Mr, Sector::Ho), Some(WHW_PARTICIPATION));
        assert_eq!(law(Ondernemingsraad, Sector::Ho), Some(WOR_27));
    }

    #[test]
    fn a_council_outside_its_sector_has_no_law() {
        use CouncilKind::*;
        assert_eq!(law(Gmr, Sector::Mbo), None);
        assert_eq!(law(Mr, Sector::Mbo), None);
        assert_eq!(law(Ondernemingsraad, Sector::Vo), None);
        assert_eq!(law(Universiteitsraad, Sector::Mbo), None);
        for sector in [Sector::Po, Sector::So, Sector::Vo, Sector::Mbo, Sector::Ho] {
            for kind in kinds(sector) {
                assert!(law(*kind, sector).is_some(), "{kind:?} in {sector:?}");
            }
        }
    }

    #[test]
    fn two_councils_under_two_laws_cite_both_once() {
        let mut org = fixture::organisation();
        org.sector = Sector::Mbo;
        org.council.kind = CouncilKind::Ondernemingsraad;
        let mut student = org.council.clone();
        student.kind = CouncilKind::Studentenraad;
        org.other_councils = vec![student.clone(), student];
        assert_eq!(laws(&org), vec![WOR_27, WEB_PARTICIPATION]);
        assert!(org.sector.is_vocational_or_higher());
        assert!(!Sector::Vo.is_vocational_or_higher());
    }
}
