//! Transparency, objection and recordings: what the data subjects are told, whether they can
//! object, and the rules for recording lessons.
//!
//! 1. Where a purpose rests on a public task, a contract or legitimate interests (not on
//!    consent), the data subjects must be told beforehand (Arts. 13 and 14 AVG); for a public
//!    task or legitimate interests they may object (Art. 21 AVG), and the school says what it
//!    then does.
//! 2. Video lessons say whether they are recorded; a recording needs rules (where it is
//!    stored, who sees it, how long it is kept); pupils who record and a camera that may not
//!    be switched off at home are findings of their own.

use super::reason::Value;
use super::{Finding, Reason, Severity};
use crate::knowledge::references::refs::*;
use crate::model::{Activity, Group, LegalBasis, Use};

/// The findings on information, objection and recordings of `activity`.
pub fn findings(activity: &Activity) -> Vec<Finding> {
    let mut out = Vec::new();
    information(activity, &mut out);
    recordings(activity, &mut out);
    out
}

fn information(activity: &Activity, out: &mut Vec<Finding>) {
    let purposes = &activity.processing.purposes;
    // The first purpose that does not rest on consent and needs information beforehand.
    let Some((pi, p)) = purposes.iter().enumerate().find(|(_, p)| {
        matches!(
            p.basis,
            LegalBasis::PublicTask | LegalBasis::Contract | LegalBasis::LegitimateInterests
        )
    }) else {
        return;
    };
    let basis = format!("processing.purposes[{pi}].basis");
    let info = activity.processing.information.as_ref();
    // A full DPIA that says how every right is honoured answers this too (model point 15).
    let dpia_rights = activity.dpia.as_ref().and_then(|d| d.rights.as_ref());
    match info {
        None if dpia_rights.is_some() => {}
        None => out.push(Finding::new(
            Severity::Medium,
            Reason::new("information-not-described", &[AVG_13_14])
                .answer(&basis, Value::choice(p.basis))
                .answer("processing.information", Value::Missing),
        )),
        Some(i) if !i.informed_beforehand => out.push(Finding::new(
            Severity::Medium,
            Reason::new("not-informed-beforehand", &[AVG_13_14])
                .answer(&basis, Value::choice(p.basis))
                .answer("processing.information.informed_beforehand", false),
        )),
        Some(_) => {}
    }
    // The right to object applies to a public task and to legitimate interests.
    let objectable = purposes.iter().enumerate().find(|(_, p)| {
        matches!(
            p.basis,
            LegalBasis::PublicTask | LegalBasis::LegitimateInterests
        )
    });
    if let (Some((oi, o)), Some(i)) = (objectable, info)
        && super::unanswered(i.objection.as_deref())
    {
        out.push(Finding::new(
            Severity::Medium,
            Reason::new("objection-not-arranged", &[AVG_21])
                .answer(
                    format!("processing.purposes[{oi}].basis"),
                    Value::choice(o.basis),
                )
                .answer("processing.information.objection", Value::Missing),
        ));
    }
}

fn recordings(activity: &Activity, out: &mut Vec<Finding>) {
    let video = activity.processing.use_ == Use::VideoLessons;
    let Some(r) = &activity.processing.recordings else {
        if video {
            out.push(Finding::new(
                Severity::Medium,
                Reason::new("recordings-not-described", &[AVG_5_1_C, AVG_5_1_E])
                    .answer("processing.use", Value::choice(activity.processing.use_))
                    .answer("processing.recordings", Value::Missing),
            ));
        }
        return;
    };
    if r.recorded {
        let missing: Vec<&str> = [
            ("stored", r.stored.as_deref()),
            ("access", r.access.as_deref()),
            ("retention", r.retention.as_deref()),
        ]
        .into_iter()
        .filter(|(_, v)| super::unanswered(*v))
        .map(|(k, _)| k)
        .collect();
        if !missing.is_empty() {
            let reason = missing.iter().fold(
                Reason::new("recording-without-rules", &[AVG_5_1_E, AVG_32])
                    .answer("processing.recordings.recorded", true),
                |r, k| r.answer(format!("processing.recordings.{k}"), Value::Missing),
            );
            out.push(Finding::new(Severity::Medium, reason));
        }
        if r.by.contains(&Group::Pupils) {
            out.push(Finding::new(
                Severity::Medium,
                Reason::new("pupils-may-record", &[AVG_5_1_C]).answer(
                    "processing.recordings.by",
                    Value::List(r.by.iter().map(crate::model::name_of).collect()),
                ),
            ));
        }
    }
    if video && !r.camera_off_allowed {
        out.push(Finding::new(
            Severity::Medium,
            Reason::new("camera-required", &[AVG_5_1_C])
                .answer("processing.recordings.camera_off_allowed", false),
        ));
    }
}

#[cfg(test)]
mod tests;
