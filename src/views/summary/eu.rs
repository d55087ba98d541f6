//! The EU AI Act part of the executive summary: the dates the organisation's obligations apply from, the
//! obligations of each date in the order a reader should act on them, and every AI system each one binds.

use std::collections::{BTreeMap, HashMap, HashSet};

use serde::Serialize;

use crate::assess::Assessment;
use crate::assess::eu_obligations::{EuSummary, ObligationResult, ObligationState, not_yet};
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
    /// How many obligations apply from this date, counted as the report's total counts them
    /// ([`EuSummary::of`]): one per obligation and AI system, one per organisation-wide obligation. Once the date has
    /// passed, only those that apply now ([`ObligationResult::applies_now`]), so that the summary's "since" counts
    /// add up to the report's "already apply"; those of systems not yet placed on the market are `waiting`.
    pub obligations: usize,
    /// How many distinct obligations they are (each once, however many AI systems it binds).
    pub kinds: usize,
    /// How many of `obligations` are open or partly supported.
    pub not_met: usize,
    /// How many of `obligations` apply now: the date has passed and the organisation, or a system already placed on
    /// the market or put into service, holds it (all of them once the date has passed, none before).
    pub applies_now: usize,
    /// How many obligations of a date that has passed do not apply yet: those of AI systems not yet placed on the
    /// market or put into service. 0 for a date still to come.
    pub waiting: usize,
    /// The life-cycle stage every one of those `waiting` systems is at, in the documents' words ("in design", "at
    /// the concept stage"); `null` when none waits or they are at different stages.
    pub waiting_stage: Option<&'static str>,
    /// The obligations named, one per kind: open first, then partly supported, then supported, each in article
    /// order.
    pub listed: Vec<EuDeadlineObligation>,
    /// How many kinds of obligation of this date are not named (`kinds` minus the length of `listed`).
    pub more: usize,
    /// How many obligations (across the AI systems) those kinds are.
    pub more_obligations: usize,
    /// How many of `more_obligations` are open or partly supported.
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
    /// How many more AI systems it binds than `concerns` names, not counting `more_not_yet`.
    pub more: usize,
    /// How many of those have it met (supported or recorded).
    pub more_met: usize,
    /// How many more AI systems than `concerns` names it does not bind yet: its date has passed, but they are not
    /// yet placed on the market or put into service (so it is neither met nor open for them).
    pub more_not_yet: usize,
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
    /// When the obligation's date has passed but it does not apply to this system yet (it is not placed on the
    /// market or put into service), how it stands in the documents' words ([`not_yet`]): "not yet (in design)";
    /// `null` otherwise. Such a concern is neither met nor not met.
    pub not_yet: Option<String>,
}

/// The in-scope classified systems not yet placed on the market or put into service, in inventory order.
pub(super) fn not_yet_placed(assessment: &Assessment) -> Vec<String> {
    let Some(eu) = &assessment.eu_ai_act else { return Vec::new() };
    let waiting: HashSet<&str> =
        assessment.systems.iter().filter(|r| !r.lifecycle_stage.is_placed()).map(|r| r.id.as_str()).collect();
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
    let stages: HashMap<&str, LifecycleStage> =
        assessment.systems.iter().map(|r| (r.id.as_str(), r.lifecycle_stage)).collect();
    // (date, obligation ID) → the obligation's first row and its concerns.
    // (date, obligation ID) → its rows and what each binds.
    type Line<'a> = (Vec<&'a ObligationResult>, Vec<EuConcern>);
    let mut lines: BTreeMap<(Date, String), Line<'_>> = BTreeMap::new();
    // Date → the life-cycle stage of each obligation there that waits for its system to be placed.
    let mut waiting_at: BTreeMap<Date, Vec<Option<LifecycleStage>>> = BTreeMap::new();
    let rows = eu.organisation.iter().map(|o| (o, assessment.organisation.name.as_str(), false, None)).chain(
        eu.systems.iter().filter(|s| s.in_scope).flat_map(|s| {
            let waits = waiting.contains(&s.id);
            let stage = stages.get(s.id.as_str()).copied();
            s.obligations.iter().map(move |o| (o, s.name.as_str(), waits, stage))
        }),
    );
    for (o, name, waits, stage) in rows {
        let not_yet = (o.in_force && !o.applies_now).then(|| not_yet(stage));
        if not_yet.is_some() {
            waiting_at.entry(o.applies_from).or_default().push(stage);
        }
        let met = o.state.is_met() && not_yet.is_none();
        let concern = EuConcern { name: name.to_string(), met, state: o.state, not_yet_placed: waits, not_yet };
        let line = lines.entry((o.applies_from, o.id.clone())).or_default();
        line.0.push(o);
        line.1.push(concern);
    }
    // Date → each kind of obligation with the rows it counts as.
    let mut dates: BTreeMap<Date, Vec<(EuDeadlineObligation, Vec<&ObligationResult>)>> = BTreeMap::new();
    for ((date, _), (rows, mut concerns)) in lines {
        let o = rows[0];
        let binds_now = rows.iter().any(|r| r.applies_now);
        // Once the date has passed, the state is that of those it binds now, unless it binds none yet.
        let state = concerns
            .iter()
            .filter(|c| !binds_now || c.not_yet.is_none())
            .map(|c| c.state)
            .min_by_key(|&st| state_rank(st))
            .unwrap_or(o.state);
        let waits_only = concerns.iter().all(|c| c.met || c.not_yet_placed);
        // Not met first, then met, then those it does not bind yet; the sort is stable, so inventory order holds
        // within each group.
        concerns.sort_by_key(|c| if c.not_yet.is_some() { 2 } else { u8::from(c.met) });
        let shown = concerns.len().min(EU_CONCERNS);
        let more_met = concerns[shown..].iter().filter(|c| c.met).count();
        let more_not_yet = concerns[shown..].iter().filter(|c| c.not_yet.is_some()).count();
        let line = EuDeadlineObligation {
            id: o.id.clone(),
            article: o.article.clone(),
            title: o.title.clone(),
            state,
            binds_now,
            more: concerns.len() - shown - more_not_yet,
            more_met,
            more_not_yet,
            concerns: concerns.into_iter().take(shown).collect(),
            waits_only,
        };
        dates.entry(date).or_default().push((line, rows));
    }
    let mut upcoming = EU_UPCOMING;
    dates
        .into_iter()
        .map(|(date, mut obligations)| {
            obligations.sort_by(|(a, _), (b, _)| {
                state_rank(a.state)
                    .cmp(&state_rank(b.state))
                    .then(a.waits_only.cmp(&b.waits_only))
                    .then_with(|| crate::ids::natural_cmp(&a.article, &b.article))
                    .then_with(|| a.id.cmp(&b.id))
            });
            let days_left = assessment.as_of.days_until(date);
            let in_force = days_left <= 0;
            // Once the date has passed, what counts is what applies now; the rest waits for its systems.
            let counted = |o: &&ObligationResult| !in_force || o.applies_now;
            let all = EuSummary::of(obligations.iter().flat_map(|(_, rows)| rows.iter().copied()).filter(counted));
            let stages = waiting_at.remove(&date).unwrap_or_default();
            // One stage when every waiting system is at it, else none.
            let waiting_stage = stages
                .first()
                .and_then(|&first| first.filter(|_| stages.iter().all(|&x| x == first)))
                .map(crate::workspace::LifecycleStage::phrase);
            let total = obligations.len();
            let named = if in_force { total } else { total.min(upcoming) };
            if !in_force {
                upcoming -= named;
            }
            let rest = EuSummary::of(obligations[named..].iter().flat_map(|(_, rows)| rows.iter().copied()));
            EuDeadline {
                applies_from: date,
                days_left,
                in_force,
                obligations: all.obligations,
                kinds: all.kinds,
                not_met: all.not_met,
                applies_now: all.applies_now,
                waiting: stages.len(),
                waiting_stage,
                listed: obligations.into_iter().take(named).map(|(line, _)| line).collect(),
                more: total - named,
                more_obligations: rest.obligations,
                more_not_met: rest.not_met,
            }
        })
        .collect()
}
