//! Disclosures to third parties that are not vendors: may the school give the data at all?
//!
//! A school may disclose personal data to a municipality, the GGD, another school or the
//! police only on a basis of its own: a law that obliges it (Art. 6(1)(c) AVG), its public
//! task (6(1)(e)) or consent (6(1)(a)); and the recipient should have a legal task for the
//! data. Without a basis the advice is not to disclose. A disclosure without a basis that has
//! already happened is a data breach (Art. 4(12) AVG): it goes into the breach register
//! (Art. 33(5)), the recipient is asked to delete the data and confirm it, and notification to
//! the AP (Art. 33(1)) and to the data subjects (Art. 34) is assessed.
//!
//! The findings are actions on the disclosure, not on the processing it comes from: they do
//! not block the processing itself (an unlawful list sent once does not stop the absence
//! registration it was taken from), so they weigh as medium.

use super::reason::Value;
use super::{Finding, Reason, Severity};
use crate::knowledge::references::refs::*;
use crate::model::{Activity, DisclosureBasis};

/// The findings on the disclosures of `activity`.
pub fn findings(activity: &Activity) -> Vec<Finding> {
    let mut out = Vec::new();
    for (i, d) in activity.disclosures.iter().enumerate() {
        let field = |f: &str| format!("disclosures[{i}].{f}");
        let about = |f: Finding| f.about(&d.recipient);
        let law_missing = super::unanswered(d.law.as_deref());
        match d.basis {
            DisclosureBasis::None if d.happened => out.push(about(Finding::new(
                Severity::Medium,
                Reason::new("disclosure-breach", &[AVG_4_12, AVG_33_5, AVG_33_1, AVG_34])
                    .answer(field("basis"), Value::choice(d.basis))
                    .answer(field("happened"), true),
            ))),
            DisclosureBasis::None => out.push(about(Finding::new(
                Severity::Medium,
                Reason::new("disclosure-without-basis", &[AVG_6_1])
                    .answer(field("basis"), Value::choice(d.basis)),
            ))),
            DisclosureBasis::LegalObligation if law_missing => out.push(about(Finding::new(
                Severity::Medium,
                Reason::new("disclosure-law-missing", &[AVG_6_1_C])
                    .answer(field("basis"), Value::choice(d.basis))
                    .answer(field("law"), Value::Missing),
            ))),
            _ => {}
        }
        if d.basis != DisclosureBasis::None && !d.recipient_task {
            out.push(about(Finding::new(
                Severity::Medium,
                Reason::new("recipient-without-task", &[AVG_5_1_B, AVG_6_1])
                    .answer(field("basis"), Value::choice(d.basis))
                    .answer(field("recipient_task"), false),
            )));
        }
    }
    out
}

#[cfg(test)]
mod tests;
