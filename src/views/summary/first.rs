//! "What to do first": the first actions of the executive summary, ranked by the rule in the parent module's
//! documentation (docs/soa-and-plan.md, "What to do first").

use std::collections::{HashMap, HashSet};

use super::{FIRST_ACTIONS, SummaryAction};
use crate::date::Date;
use crate::views::plan::{Plan, PlanAction, PlanRow};

/// How far ahead of the as-of date, in months, an EU AI Act obligation that does not apply yet puts an action in
/// the legal-deadline tier; a target audit date further out extends the window to that date. A year is the span of
/// a remediation plan and of the audit cycle, and large pieces of work take months: an obligation applying within
/// it needs its work started now, while one years away is a date to plan for, not a reason to jump the queue.
pub const LEGAL_WINDOW_MONTHS: u32 = 12;

/// The last day an obligation may apply from and still put an action in the legal-deadline tier: the as-of date
/// plus [`LEGAL_WINDOW_MONTHS`], or the target audit date when that is later.
pub fn legal_window_end(as_of: Date, target: Option<Date>) -> Date {
    let window = as_of.add_months(LEGAL_WINDOW_MONTHS);
    target.map_or(window, |t| t.max(window))
}

/// What the stage 1 readiness decided that the ranking reads: the actions stage 1 waits for (by ID) and the
/// requirements that block it (not met or not assessed as stage 1 weighs them).
pub(super) struct Stage1Blocks<'a> {
    pub actions: HashSet<&'a str>,
    pub requirements: HashSet<&'a str>,
    /// Those of `requirements` that are non-compliant (the rest are not assessed).
    pub non_compliant: HashSet<&'a str>,
}

/// The tier of a plan row in the "what to do first" rule (module documentation), the date it is ranked by within
/// the tier, and why it comes first when the row does not say so itself. `window_end`: [`legal_window_end`].
fn first_tier(
    row: &PlanRow,
    members: &[&PlanAction],
    window_end: Date,
    stage_1: &Stage1Blocks<'_>,
) -> (u8, Option<Date>, Option<String>) {
    let a = &row.action;
    let legal = members
        .iter()
        .filter_map(|m| m.legal_deadline.as_ref())
        .min_by_key(|l| l.applies_from)
        .filter(|l| l.near || l.in_force || l.applies_from <= window_end);
    let legal_why = legal.map(crate::views::plan::LegalDeadline::sentence);
    let near = legal.filter(|l| l.near);
    let blocks = |set: &HashSet<&str>| {
        members.iter().any(|m| {
            stage_1.actions.contains(m.id.as_str()) && m.requirements.iter().any(|id| set.contains(id.as_str()))
        })
    };
    let stage_1_why = "It blocks the stage 1 audit.";
    if blocks(&stage_1.non_compliant) {
        // Dated or not, overdue or not: work the stage 1 audit cannot pass without comes first.
        let why = match (&legal_why, near) {
            (Some(l), Some(_)) => format!("{stage_1_why} {l}"),
            _ => stage_1_why.to_string(),
        };
        return (0, None, Some(why));
    }
    if let Some(l) = near {
        return (1, Some(l.applies_from), legal_why);
    }
    if a.overdue {
        return (2, a.due, None);
    }
    if let Some(l) = legal {
        return (3, Some(l.applies_from), legal_why);
    }
    if a.due.is_some() {
        return (4, a.due, None);
    }
    if blocks(&stage_1.requirements) {
        return (5, None, Some(stage_1_why.to_string()));
    }
    (6, None, None)
}

/// The tier of an EU AI Act obligation that applies now or within [`crate::views::plan::LegalDeadline::NEAR_DAYS`]
/// days: every row in it is among the first actions, even beyond [`FIRST_ACTIONS`].
const NEAR_LEGAL_TIER: u8 = 1;

/// The first [`FIRST_ACTIONS`] rows of the plan by the "what to do first" rule, and every other row with a near EU
/// AI Act deadline ([`crate::views::plan::LegalDeadline::near`]), listed in plan order; actions whose work other
/// actions carry out are left out (those actions stand for them). With a `cap` (a large inventory), at most that
/// many, the most urgent, and how many more rows with a near deadline are left to the plan.
pub(super) fn first_actions(
    plan: &Plan,
    window_end: Date,
    stage_1: &Stage1Blocks<'_>,
    cap: Option<usize>,
) -> (Vec<SummaryAction>, usize) {
    let by_id: HashMap<&str, &PlanAction> =
        plan.phases.iter().flat_map(|p| p.actions.iter()).map(|a| (a.id.as_str(), a)).collect();
    type Ranked = (u8, Option<Date>, (bool, Option<Date>), usize, Option<String>, PlanRow);
    let mut ranked: Vec<Ranked> = crate::views::plan::rows(plan)
        .into_iter()
        .filter(|r| r.action.is_own_work())
        .enumerate()
        .map(|(order, row)| {
            let members: Vec<&PlanAction> = row.ids.iter().filter_map(|id| by_id.get(id.as_str()).copied()).collect();
            let (tier, date, why) = first_tier(&row, &members, window_end, stage_1);
            // Within a tier and date, the sooner due date (dated before undated), then plan order.
            let due = (row.action.due.is_none(), row.action.due);
            (tier, date, due, order, why, row)
        })
        .collect();
    ranked.sort_by_key(|a| (a.0, a.1, a.2, a.3));
    // A near legal deadline is never left out: past the first few, every such row still follows.
    let mut chosen: Vec<Ranked> = ranked
        .into_iter()
        .enumerate()
        .filter(|(i, r)| *i < FIRST_ACTIONS || r.0 == NEAR_LEGAL_TIER)
        .map(|(_, r)| r)
        .collect();
    let more = cap.map_or(0, |cap| chosen.len().saturating_sub(cap));
    chosen.truncate(chosen.len() - more);
    // Listed in the plan's order, which ranks by the same urgency within each phase (`plan::build`): the summary
    // and the plan never put two actions in opposite orders.
    chosen.sort_by_key(|r| r.3);
    let first = chosen.into_iter().map(|(_, _, _, _, why, row)| SummaryAction { why, ..SummaryAction::of_row(&row) });
    (first.collect(), more)
}
