//! Special-category, criminal and national-id data: may the school process them at all?
//!
//! Special-category data (Art. 9(1) AVG) and criminal data (Art. 10 AVG) may not be processed
//! unless an exception applies; the school must name the one it relies on. A citizen service
//! number may only be used where a law requires it (art. 46 UAVG).
//!
//! 1. No exception named: processing is prohibited, a blocking finding.
//! 2. A wrong exception: the school's exception of art. 30 UAVG covers health data only
//!    (blocking); explicit consent from staff is not free where they depend on the school, and
//!    for a pupil under 16 the parents give it (medium); an exception by law without the law.
//! 3. A citizen service number without the law that requires it: blocking.

use super::consent::CONSENT_AGE;
use super::reason::Value;
use super::{Finding, Reason, Severity};
use crate::knowledge::references::{Ref, refs::*};
use crate::model::{Activity, ConsentGiver, DataKind, ExceptionGround, Group, SpecialCategory};

/// The findings on the data categories of `activity`.
pub fn findings(activity: &Activity) -> Vec<Finding> {
    let mut out = Vec::new();
    let young_pupils = activity
        .subjects
        .iter()
        .any(|s| s.group == Group::Pupils && s.ages.is_none_or(|a| a[0] < CONSENT_AGE));
    for (i, d) in activity.data.iter().enumerate() {
        let field = |f: &str| format!("data[{i}].{f}");
        // Every reason starts from the kind of data it is about.
        let reason = |code: &'static str, refs: &[Ref]| {
            Reason::new(code, refs).answer(field("kind"), Value::choice(d.kind))
        };
        let about = |f: Finding| f.about(&d.category);
        match d.kind {
            DataKind::Special | DataKind::Criminal => {
                let ban = if d.kind == DataKind::Special {
                    AVG_9_1
                } else {
                    AVG_10
                };
                let Some(e) = &d.exception else {
                    out.push(about(Finding::new(
                        Severity::Blocking,
                        reason("special-without-exception", &[ban])
                            .answer(field("exception"), Value::Missing),
                    )));
                    continue;
                };
                let ground = Value::choice(e.ground);
                match e.ground {
                    ExceptionGround::SchoolGuidance
                        if d.special != Some(SpecialCategory::Health) =>
                    {
                        let mut r = reason("school-guidance-health-only", &[UAVG_30, ban]);
                        if let Some(special) = d.special {
                            r = r.answer(field("special"), Value::choice(special));
                        }
                        out.push(about(Finding::new(
                            Severity::Blocking,
                            r.answer(field("exception.ground"), ground),
                        )));
                    }
                    ExceptionGround::ExplicitConsent => {
                        let from = Value::List(e.from.iter().map(crate::model::name_of).collect());
                        if e.from.contains(&ConsentGiver::Staff) {
                            out.push(about(Finding::new(
                                Severity::Medium,
                                Reason::new(
                                    "explicit-consent-dependence",
                                    &[AVG_9_2_A, AVG_RECITAL_43],
                                )
                                .answer(field("exception.ground"), ground.clone())
                                .answer(field("exception.from"), from.clone()),
                            )));
                        }
                        if young_pupils
                            && !e.from.contains(&ConsentGiver::Parents)
                            && (e.from.is_empty() || e.from.contains(&ConsentGiver::Pupils))
                        {
                            out.push(about(Finding::new(
                                Severity::Medium,
                                Reason::new("explicit-consent-child", &[AVG_9_2_A, UAVG_5])
                                    .answer(field("exception.ground"), ground)
                                    .answer(field("exception.from"), from),
                            )));
                        }
                    }
                    ExceptionGround::Law if super::unanswered(e.law.as_deref()) => {
                        out.push(about(Finding::new(
                            Severity::Medium,
                            Reason::new("exception-law-missing", &[AVG_9_2_G, ban])
                                .answer(field("exception.ground"), ground)
                                .answer(field("exception.law"), Value::Missing),
                        )));
                    }
                    _ => {}
                }
            }
            DataKind::NationalId => {
                let law = d.exception.as_ref().and_then(|e| e.law.as_deref());
                if super::unanswered(law) {
                    out.push(about(Finding::new(
                        Severity::Blocking,
                        reason("national-id-without-law", &[UAVG_46])
                            .answer(field("exception.law"), Value::Missing),
                    )));
                }
            }
            DataKind::Ordinary | DataKind::Sensitive | DataKind::Diagnostic => {}
        }
    }
    out
}

#[cfg(test)]
mod tests;
