//! The values the packet and memo templates see: one summary per activity, the decisions asked
//! of the (G)MR and the board, the risks that stay above the threshold after measures, and the
//! consolidated action list. Pure: everything comes from the answers and their conclusions.

use crate::lang::Lang;
use crate::model::{Activity, Date, Organisation, PlannedAction};
use crate::render::DocumentKind;
use crate::render::context::DateView;
use crate::render::context::Tool;
use crate::rules::advice::AdviceKind;
use crate::rules::dpia::Verdict;
use crate::rules::risks::Level;
use crate::rules::{Conclusions, Finding, Severity};
use serde::Serialize;

/// One activity as the packet sees it.
pub struct Member<'a> {
    /// The answers.
    pub activity: &'a Activity,
    /// Their conclusions.
    pub conclusions: &'a Conclusions,
    /// The documents of this activity in the packet, in order.
    pub documents: Vec<DocumentRef>,
}

/// A document included as a part of the packet.
#[derive(Debug, Clone, Serialize)]
pub struct DocumentRef {
    /// The document kind's name, e.g. `pre-dpia`.
    pub kind: &'static str,
    /// The virtual path the packet's main source includes, e.g. `/parts/a/pre-dpia.typ`.
    pub path: String,
}

/// One activity in the overview.
#[derive(Debug, Clone, Serialize)]
pub struct Summary<'a> {
    /// The answers.
    pub a: &'a Activity,
    /// The conclusions.
    pub c: &'a Conclusions,
    /// Rows of the consolidated action list that belong to this activity.
    pub open_actions: usize,
    /// The documents in the packet.
    pub documents: Vec<DocumentRef>,
}

/// What the (G)MR is asked to do with one activity.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Ask {
    /// Consent to the use (the advice is to use it, possibly under measures).
    Consent,
    /// Take notice of the advice not to use it.
    Notice,
    /// Take notice now; consent is asked once the full DPIA and the FG's advice are there. A
    /// processing that needs a DPIA may only start after it (art. 35 lid 1 AVG), which is
    /// carried out with the FG's advice (art. 35 lid 2 AVG): the council consents to the
    /// outcome, not to a half-finished assessment.
    Later,
}

/// A decision asked, for one activity.
#[derive(Debug, Clone, Serialize)]
pub struct Decision<'a> {
    /// Consent or notice.
    pub ask: Ask,
    /// The activity's title.
    pub title: &'a str,
    /// The overall advice it follows from.
    pub advice: AdviceKind,
    /// Whether a full DPIA must still be done first.
    pub dpia_required: bool,
    /// Whether the FG's advice is still missing.
    pub fg_missing: bool,
    /// Number of blocking findings.
    pub blocking: usize,
    /// Rows of the action list for this activity.
    pub actions: usize,
}

/// A finding of some activity, as a row of the consolidated action list.
#[derive(Debug, Clone, Serialize)]
pub struct FindingRow<'a> {
    /// Title of the activity.
    pub title: &'a str,
    /// Its number in the activity's pre-DPIA (`A1`, `A2`, …).
    pub number: String,
    /// The finding (the templates word it by its code).
    pub f: &'a Finding,
}

/// A planned action of some activity, with its owner and date as answered.
#[derive(Debug, Clone, Serialize)]
pub struct PlannedRow<'a> {
    /// Title of the activity.
    pub title: &'a str,
    /// The action as answered.
    pub p: &'a PlannedAction,
    /// The due date in words, when the answers give one.
    pub due: Option<String>,
}

/// A risk whose level after measures is still medium or high.
#[derive(Debug, Clone, Serialize)]
pub struct RiskAbove<'a> {
    /// Title of the activity.
    pub title: &'a str,
    /// `R1`, `R2`, … as in the activity's pre-DPIA.
    pub label: String,
    /// The feared event.
    pub event: &'a str,
    /// Likelihood × severity after measures.
    pub residual_score: u8,
    /// Level after measures.
    pub after: Level,
    /// Number of measures answered.
    pub measures: usize,
}

/// Everything the packet and memo templates see.
#[derive(Debug, Clone, Serialize)]
pub struct PacketContext<'a> {
    /// The organisation profile.
    pub org: &'a Organisation,
    /// The participation councils the documents address, each with its law.
    pub councils: Vec<crate::rules::councils::Body<'a>>,
    /// The laws that give those councils their say, each once.
    pub council_laws: Vec<crate::knowledge::references::Ref>,
    /// The year of the assessments.
    pub year: i32,
    /// Date of the packet and the memo: the latest date of the documents it encloses (assessments, code of conduct).
    pub date: DateView,
    /// The organisation's own documents (its code of conduct), placed before the activities.
    pub organisation_documents: Vec<DocumentRef>,
    /// What the appendix on the DTIA's calculation method needs, when a DTIA of the packet
    /// has a calculation: the method is printed once, not in every DTIA.
    pub dtia_method: Option<crate::render::dtia::DtiaView>,
    /// The activities, in packet order.
    pub activities: Vec<Summary<'a>>,
    /// Decisions asked, one per activity, in packet order.
    pub decisions: Vec<Decision<'a>>,
    /// Every finding, most severe first, then in packet order.
    pub findings: Vec<FindingRow<'a>>,
    /// Every planned action, by due date (undated last), then in packet order.
    pub planned: Vec<PlannedRow<'a>>,
    /// Risks whose level after measures is medium or high, highest first.
    pub risks_above: Vec<RiskAbove<'a>>,
    /// The language of the packet and the memo.
    pub lang: Lang,
    /// Titles of the activities whose answers record no advice of the FG (Art. 35(2) AVG).
    pub fg_missing: Vec<&'a str>,
    /// Findings: rows for which the answers name no owner and no date.
    pub without_owner: usize,
    /// Findings that are blocking or of medium priority.
    pub urgent: usize,
    /// Titles of the activities whose use the council is asked to consent to.
    pub consent: Vec<&'a str>,
    /// Titles of the activities whose advice not to use them the council is asked to note.
    pub notice: Vec<&'a str>,
    /// Titles of the activities the council is asked to note now and to consent to once the
    /// full DPIA and the FG's advice are there.
    pub later: Vec<&'a str>,
    /// Risks that stay high after measures.
    pub high: usize,
    /// Planned actions without a due date.
    pub without_due: usize,
    /// This tool.
    pub tool: Tool,
}

/// The decision asked for one activity: notice of an advice not to use it; otherwise consent,
/// but only once nothing the law puts before it is missing (see [`Ask::Later`]): a required
/// DPIA that is not complete, or the FG's advice. (A high residual risk, which calls for prior
/// consultation of the AP, is a blocking finding: the council is asked to note that advice.)
pub fn decision<'a>(a: &'a Activity, c: &Conclusions) -> Decision<'a> {
    let dpia_required = c.dpia.verdict == Verdict::Required && !c.full_dpia.complete;
    let fg_missing = a.dpia.as_ref().and_then(|d| d.fg_advice.as_ref()).is_none();
    let ask = match c.advice.kind {
        AdviceKind::DoNotUse => Ask::Notice,
        _ if dpia_required || fg_missing => Ask::Later,
        AdviceKind::Use | AdviceKind::UseWithMeasures => Ask::Consent,
    };
    Decision {
        ask,
        title: &a.assessment.title,
        advice: c.advice.kind,
        dpia_required,
        fg_missing,
        blocking: c.advice.blocking,
        actions: open_actions(a, c),
    }
}

/// The documents one activity contributes to the packet, in order, each with whether it is
/// brief (see [`crate::render::Part::brief`]). An activity advised against contributes its
/// pre-DPIA in brief: the council takes note of the advice, whose reasons are the findings. A
/// complete full DPIA takes the place of the pre-DPIA: it repeats the pre-DPIA's verdict and
/// findings (same numbers) and says more about everything else.
pub fn contribution(c: &Conclusions, ask: Ask) -> Vec<(DocumentKind, bool)> {
    if ask == Ask::Notice {
        return vec![(DocumentKind::PreDpia, true)];
    }
    DocumentKind::for_activity(c)
        .into_iter()
        .filter(|k| !(*k == DocumentKind::PreDpia && c.full_dpia.complete))
        .map(|k| (k, false))
        .collect()
}

/// Rows of the action list for one activity: its findings and its planned actions.
pub fn open_actions(a: &Activity, c: &Conclusions) -> usize {
    c.findings.len() + a.actions.len()
}

impl<'a> PacketContext<'a> {
    /// Prepares the context for the activities of one organisation and year, in `lang`.
    /// `members` must not be empty and all belong to `org` and `year`.
    pub fn new(org: &'a Organisation, year: i32, members: &[Member<'a>], lang: Lang) -> Self {
        // The letter encloses every document: it is dated no earlier than the latest of them.
        let date = members
            .iter()
            .map(|m| m.activity.assessment.date)
            .chain(org.social_media.as_ref().map(|s| s.date))
            .max_by_key(|d| (d.year, d.month, d.day))
            .unwrap_or(Date {
                year,
                month: 1,
                day: 1,
            });
        let activities = members
            .iter()
            .map(|m| Summary {
                a: m.activity,
                c: m.conclusions,
                open_actions: open_actions(m.activity, m.conclusions),
                documents: m.documents.clone(),
            })
            .collect();
        let decisions: Vec<Decision> = members
            .iter()
            .map(|m| decision(m.activity, m.conclusions))
            .collect();
        let titles = |ask| {
            decisions
                .iter()
                .filter(|d| d.ask == ask)
                .map(|d| d.title)
                .collect()
        };
        let (consent, notice, later) = (
            titles(Ask::Consent),
            titles(Ask::Notice),
            titles(Ask::Later),
        );

        let mut findings: Vec<FindingRow> = members
            .iter()
            .flat_map(|m| {
                m.conclusions
                    .findings
                    .iter()
                    .enumerate()
                    .map(|(i, f)| FindingRow {
                        title: &m.activity.assessment.title,
                        number: format!("A{}", i + 1),
                        f,
                    })
            })
            .collect();
        // Stable: within a severity, packet order and the pre-DPIA's numbering stay.
        findings.sort_by_key(|r| std::cmp::Reverse(r.f.severity));

        let mut planned: Vec<PlannedRow> = members
            .iter()
            .flat_map(|m| {
                m.activity.actions.iter().map(|p| PlannedRow {
                    title: &m.activity.assessment.title,
                    p,
                    due: p.due.map(|d| lang.date(d)),
                })
            })
            .collect();
        planned.sort_by_key(|r| match r.p.due {
            Some(d) => (0, d.year, d.month, d.day),
            None => (1, 0, 0, 0),
        });

        let mut risks_above: Vec<RiskAbove> = members
            .iter()
            .flat_map(|m| {
                m.activity
                    .risks
                    .iter()
                    .zip(&m.conclusions.risks)
                    .enumerate()
                    .filter(|(_, (_, l))| l.after >= Level::Medium)
                    .map(|(i, (r, l))| RiskAbove {
                        title: &m.activity.assessment.title,
                        label: format!("R{}", i + 1),
                        event: &r.event,
                        residual_score: l.residual_score,
                        after: l.after,
                        measures: r.measures.len(),
                    })
            })
            .collect();
        risks_above.sort_by_key(|r| std::cmp::Reverse((r.after, r.residual_score)));

        let without_due = planned.iter().filter(|r| r.p.due.is_none()).count();
        PacketContext {
            org,
            councils: crate::rules::councils::of(org),
            council_laws: crate::rules::councils::laws(org),
            year,
            organisation_documents: Vec::new(),
            dtia_method: None,
            lang,
            date: DateView::new(date, lang),
            fg_missing: members
                .iter()
                .filter(|m| {
                    m.activity
                        .dpia
                        .as_ref()
                        .is_none_or(|d| d.fg_advice.is_none())
                })
                .map(|m| m.activity.assessment.title.as_str())
                .collect(),
            activities,
            decisions,
            consent,
            notice,
            later,
            high: risks_above
                .iter()
                .filter(|r| r.after == Level::High)
                .count(),
            without_owner: findings.len(),
            urgent: findings
                .iter()
                .filter(|r| r.f.severity >= Severity::Medium)
                .count(),
            findings,
            without_due,
            planned,
            risks_above,
            tool: Tool {
                name: env!("CARGO_PKG_NAME"),
                version: env!("CARGO_PKG_VERSION"),
            },
        }
    }
}
