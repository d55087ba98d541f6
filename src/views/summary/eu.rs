//! The EU AI Act part of the executive summary: the dates the organisation's obligations apply from, the
//! obligations of each date in the order a reader should act on them, and every AI system each one binds.

use std::collections::{BTreeMap, HashSet};

use serde::Serialize;

use crate::assess::Assessment;
use crate::assess::eu_obligations::{ObligationResult, ObligationState};
use crate::date::Date;
use crate::workspace::LifecycleStage;

/// How many obligations not yet in force the EU AI Act deadlines list by name, over all dates (the rest are counted
/// per date); every obligation already in force is listed whatever this number.
pub const EU_UPCOMING: usize = 6;

/// How many AI systems one EU AI Act deadline names; the rest are counted ("and 12 more, 3 of them met").
pub const EU_CONCERNS: usize = 6;

/// The EU AI Act obligations that apply from one date.
#[derive(Debug, Clone, Serialize)]
pub struct EuDeadline {
    /// The date they apply from.
    pub applies_from: Date,
    /// Days from the as-of date (0 or less once they apply).
    pub days_left: i64,
    /// Whether the date has passed at the as-of date.
    pub in_force: bool,
    /// How many obligations apply from this date (each one once, however many AI systems it binds).
    pub obligations: usize,
    /// How many of them are open or partly supported for at least one of the AI systems they bind (or for the
    /// organisation).
    pub not_met: usize,
    /// The obligations named: open first, then partly supported, then supported, each in article order.
    pub listed: Vec<EuDeadlineObligation>,
    /// How many obligations of this date are not named (`obligations` minus the length of `listed`).
    pub more: usize,
    /// How many of those are open or partly supported.
    pub more_not_met: usize,
}

/// One EU AI Act obligation at its date, with every AI system it binds.
#[derive(Debug, Clone, Serialize)]
pub struct EuDeadlineObligation {
    /// The obligation's stable ID, e.g. `art-43`.
    pub id: String,
    /// The article: "Art. 43".
    pub article: String,
    /// What it asks, in brief.
    pub title: String,
    /// The least advanced state among the AI systems it binds (or the organisation's state).
    pub state: ObligationState,
    /// Whether it already binds the organisation or a system on the market or in service; `false` when its date has
    /// not come, or has passed but every system it binds is still in development ("applies when placed on the
    /// market or put into service").
    pub binds_now: bool,
    /// What it binds, not met first, then in inventory order: the AI systems, or the organisation for an
    /// organisation-wide obligation (at most [`EU_CONCERNS`]).
    pub concerns: Vec<EuConcern>,
    /// How many more AI systems it binds than `concerns` names.
    pub more: usize,
    /// How many of those have it met (supported or recorded).
    pub more_met: usize,
    /// Whether every system that does not have it met is not yet placed on the market or put into service: such an
    /// obligation comes after those not met by a system already in use, within its state.
    pub waits_only: bool,
}

/// One AI system (or the organisation) an EU AI Act obligation binds.
#[derive(Debug, Clone, Serialize)]
pub struct EuConcern {
    /// The system's name, or the organisation's name for an organisation-wide obligation.
    pub name: String,
    /// Whether it has the obligation met: supported, or recorded outside the management system.
    pub met: bool,
    /// Where the obligation stands for it.
    pub state: ObligationState,
    /// The system is not yet placed on the market or put into service ([`super::Summary::eu_not_yet_placed`]).
    pub not_yet_placed: bool,
}

/// Whether a system at `stage` is placed on the market or put into service: from deployment on (a retired system
/// was, and keeps its record-keeping duties).
fn placed(stage: LifecycleStage) -> bool {
    stage >= LifecycleStage::Deployment
}

/// The in-scope classified systems not yet placed on the market or put into service, in inventory order.
pub(super) fn not_yet_placed(assessment: &Assessment) -> Vec<String> {
    let Some(eu) = &assessment.eu_ai_act else { return Vec::new() };
    let waiting: HashSet<&str> =
        assessment.systems.iter().filter(|r| !placed(r.lifecycle_stage)).map(|r| r.id.as_str()).collect();
    eu.systems.iter().filter(|s| s.in_scope && waiting.contains(s.id.as_str())).map(|s| s.id.clone()).collect()
}

/// The order of states within a date: open, partly supported, supported (recorded counts as supported).
fn state_rank(state: ObligationState) -> u8 {
    match state {
        ObligationState::Open => 0,
        ObligationState::PartlySupported => 1,
        ObligationState::Supported | ObligationState::Recorded => 2,
    }
}

/// The EU AI Act deadlines of the summary, by this rule (docs/eu-ai-act.md, "The summary's deadlines"):
/// 1. One entry per date an obligation of the organisation or of an in-scope AI system applies from, earliest first;
///    an obligation is one line per date however many systems it binds.
/// 2. Within a date, open obligations come first, then partly supported, then supported ones; an obligation's state
///    is the least advanced among the systems it binds. Within a state, those not met by a system already on the
///    market or in service (or by the organisation) come before those not met only by systems still in
///    development, then article order. A supported obligation never comes before an open one.
/// 3. Every obligation already in force is named. Of the later ones, at most [`EU_UPCOMING`] are named over all
///    dates, nearest date first; every date still has its entry, and what is not named is counted per date.
/// 4. Each obligation names every system it binds up to [`EU_CONCERNS`], not met first, each marked met or not and
///    whether it is not yet placed on the market or put into service; the rest are counted.
pub(super) fn eu_deadlines(assessment: &Assessment) -> Vec<EuDeadline> {
    let Some(eu) = &assessment.eu_ai_act else { return Vec::new() };
    let waiting: HashSet<String> = not_yet_placed(assessment).into_iter().collect();
    // (date, obligation ID) → the obligation's first row and its concerns.
    let mut lines: BTreeMap<(Date, String), (&ObligationResult, Vec<EuConcern>)> = BTreeMap::new();
    let rows = eu.organisation.iter().map(|o| (o, assessment.organisation.name.as_str(), false)).chain(
        eu.systems.iter().filter(|s| s.in_scope).flat_map(|s| {
            let waits = waiting.contains(&s.id);
            s.obligations.iter().map(move |o| (o, s.name.as_str(), waits))
        }),
    );
    for (o, name, waits) in rows {
        let met = o.state.is_met();
        let concern = EuConcern { name: name.to_string(), met, state: o.state, not_yet_placed: waits };
        lines.entry((o.applies_from, o.id.clone())).or_insert_with(|| (o, Vec::new())).1.push(concern);
    }
    let mut dates: BTreeMap<Date, Vec<EuDeadlineObligation>> = BTreeMap::new();
    for ((date, _), (o, mut concerns)) in lines {
        let state = concerns.iter().map(|c| c.state).min_by_key(|&st| state_rank(st)).unwrap_or(o.state);
        let binds_now = o.in_force && concerns.iter().any(|c| !c.not_yet_placed);
        let waits_only = concerns.iter().all(|c| c.met || c.not_yet_placed);
        // Not met first; the sort is stable, so inventory order holds within each group.
        concerns.sort_by_key(|c| c.met);
        let shown = concerns.len().min(EU_CONCERNS);
        let more_met = concerns[shown..].iter().filter(|c| c.met).count();
        dates.entry(date).or_default().push(EuDeadlineObligation {
            id: o.id.clone(),
            article: o.article.clone(),
            title: o.title.clone(),
            state,
            binds_now,
            more: concerns.len() - shown,
            more_met,
            concerns: concerns.into_iter().take(shown).collect(),
            waits_only,
        });
    }
    let mut upcoming = EU_UPCOMING;
    dates
        .into_iter()
        .map(|(date, mut obligations)| {
            obligations.sort_by(|a, b| {
                state_rank(a.state)
                    .cmp(&state_rank(b.state))
                    .then(a.waits_only.cmp(&b.waits_only))
                    .then_with(|| crate::ids::natural_cmp(&a.article, &b.article))
                    .then_with(|| a.id.cmp(&b.id))
            });
            let days_left = assessment.as_of.days_until(date);
            let in_force = days_left <= 0;
            let total = obligations.len();
            let not_met = obligations.iter().filter(|o| !o.state.is_met()).count();
            let named = if in_force { total } else { total.min(upcoming) };
            if !in_force {
                upcoming -= named;
            }
            obligations.truncate(named);
            let more_not_met = not_met - obligations.iter().filter(|o| !o.state.is_met()).count();
            EuDeadline {
                applies_from: date,
                days_left,
                in_force,
                obligations: total,
                not_met,
                listed: obligations,
                more: total - named,
                more_not_met,
            }
        })
        .collect()
}
