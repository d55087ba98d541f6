//! The executive summary of an assessment, decided once here so that the Markdown report, the HTML report, the
//! workbook and a later portfolio view say the same thing: the front matter from aims.toml, a readiness verdict for
//! the stage 1 and stage 2 certification audits against the target audit date, the main themes, the first three
//! actions of the plan, the overdue actions and the nearest EU AI Act deadlines.
//!
//! **Readiness rules** (docs/soa-and-plan.md, "Readiness"), applied in this order; the first that matches decides:
//!
//! Stage 1 reviews the documented management system: clauses 4 to 10, the Statement of Applicability and the
//! mandatory documented information (the plan's phase "before the stage 1 audit"). It weighs the organisation-level
//! part of each: a per-system control that some AI system shows the record of counts at stage 1 only for the
//! organisation's own shortfalls; the other systems' missing or weak records are sampled at stage 2
//! ([`readiness::Stage1::of`] has the rule).
//! 1. *Not ready* when a stage 1 requirement is non-compliant or not assessed.
//! 2. *Not ready* when a stage 1 action is overdue or due after the target audit date.
//! 3. *At risk* when a stage 1 requirement is partially compliant, a stage 1 action has no due date, an Annex A
//!    control has no justification in the Statement of Applicability, the Statement of Applicability has no
//!    recorded approval (aims.toml `[soa] approved_on`), or a record that counts as evidence for a
//!    stage 1 requirement today falls due for review before the target audit date ([`crate::views::review::weigh`]).
//! 4. *Ready* otherwise.
//!
//! Stage 2 tests that everything selected is in place and working: every clause and every included control.
//! 1. *Not ready* when any requirement is non-compliant or not assessed.
//! 2. *Not ready* when any action is overdue or due after the target audit date.
//! 3. *At risk* when any requirement is partially compliant, any action has no due date, or any record that counts
//!    as evidence today falls due for review before the target audit date.
//! 4. *Ready* otherwise.
//!
//! Waived gaps count like any other: a waiver accepts a gap for the CI gate, and an auditor still finds it.
//! Actions whose work other actions carry out (`PlanAction::carried_by`) are counted once, as those actions.
//!
//! **What to do first** (docs/soa-and-plan.md, "What to do first"): the plan's rows (the per-system actions of one
//! control taken together), chosen by the first of these tiers that fits each, then by the date named, then in plan
//! order, and listed in plan order (the plan ranks each phase by the same tiers, so the two documents agree):
//! 1. actions stage 1 waits for that close a requirement blocking it that is non-compliant as stage 1 weighs it,
//!    dated or not, overdue or not, the soonest due first and the undated after them;
//! 2. actions with a near EU AI Act deadline: an obligation they serve (a requirement they close supports it, or
//!    they close its own finding for an AI system) is not met and applies now or within
//!    [`crate::views::plan::LegalDeadline::NEAR_DAYS`] days; every such row is listed, even beyond the first three;
//! 3. overdue actions, the longest overdue first;
//! 4. actions with a legal deadline within [`first::LEGAL_WINDOW_MONTHS`] months of the as-of date (or before the
//!    target audit date, when that is later), the obligation applying soonest first; an obligation further out
//!    leaves the action to the next tiers;
//! 5. other actions with a due date, the soonest first;
//! 6. actions stage 1 waits for that close a requirement not assessed as stage 1 weighs it;
//! 7. the rest.

pub mod first;
pub mod readiness;
pub mod scores;

use std::collections::{BTreeMap, HashMap};

use serde::Serialize;

mod eu;

use super::plan::{Plan, PlanAction, PlanRow};
use crate::assess::Assessment;
use crate::date::Date;
use crate::workspace::{LifecycleStage, ReportDocument, Status, Workspace};
pub use eu::{EU_CONCERNS, EU_UPCOMING, EuConcern, EuDeadline, EuDeadlineObligation};
use eu::{eu_deadlines, not_yet_placed};
pub use readiness::{Stage, readiness};

/// Above this many in-scope AI systems the Markdown report shows aggregate tables and the worst systems instead of
/// the full systems × controls matrix, and evidence as counts rather than file names; the full matrix is in the
/// JSON report and the workbook.
pub const LARGE_INVENTORY: usize = 25;

/// Whether more AI systems are in scope in `assessment` than [`LARGE_INVENTORY`]: the human documents then show
/// aggregates instead of one row per system.
pub fn large_inventory(assessment: &Assessment) -> bool {
    assessment.systems.iter().filter(|s| s.in_scope).count() > LARGE_INVENTORY
}

/// How many of the worst systems a large inventory's report lists.
pub const WORST_SYSTEMS: usize = 10;

/// How many themes and first actions the summary names at most.
const THEMES: usize = 3;
const FIRST_ACTIONS: usize = 3;

/// How many first actions a large inventory's summary lists at most: its near EU AI Act deadlines can concern
/// dozens of documents, each an action of its own, and the rest are counted and left to the plan.
pub const FIRST_ACTIONS_LARGE: usize = 10;

/// The executive summary and front matter of one assessment.
#[derive(Debug, Clone, Serialize)]
pub struct Summary {
    /// The version of this shape (the report's `schema_version`).
    pub schema_version: u32,
    /// The organisation's name.
    pub organisation: String,
    /// The assessment's as-of date.
    pub as_of: Date,
    /// The front matter from aims.toml `[report]`: assessor, firm, client, version, history, confidentiality.
    pub report: ReportDocument,
    /// The target date of the certification audit (aims.toml `[audit] target_date`); `null` when not set.
    pub target_audit_date: Option<Date>,
    /// Days from the as-of date to the target audit date (negative once it has passed); `null` when not set.
    pub days_to_target: Option<i64>,
    /// The overall score, in percent; `null` when nothing is assessed.
    pub score: Option<f64>,
    /// Readiness for the stage 1 audit.
    pub stage_1: Readiness,
    /// Readiness for the stage 2 audit.
    pub stage_2: Readiness,
    /// The clauses and Annex A objectives with the most unmet requirements, worst first (at most three).
    pub themes: Vec<Theme>,
    /// The first actions of the remediation plan (three, and every other one with a near EU AI Act deadline),
    /// chosen by the rule in the module documentation (stage 1 blocker, near legal deadline, overdue, legal
    /// deadline, due date, the rest) and listed in plan order, with the per-system actions of one control
    /// taken together ([`super::plan::rows`]).
    pub first_actions: Vec<SummaryAction>,
    /// How many more actions with a near EU AI Act deadline a large inventory's first actions leave to the plan
    /// ([`FIRST_ACTIONS_LARGE`]); 0 otherwise.
    pub first_actions_more: usize,
    /// Every action past its due date, in plan order.
    pub overdue: Vec<SummaryAction>,
    /// The evidence records that count today but fall due for review before the target audit date, the earliest
    /// first ([`crate::views::review::due_before`]); empty without a target date.
    pub review_before_target: Vec<crate::views::review::ReviewDue>,
    /// For each unmet requirement (by ID) with context that is not a shortfall (the EU AI Act's AI literacy
    /// leaning on it), the notes in the client's words.
    pub notes: BTreeMap<String, Vec<String>>,
    /// The EU AI Act deadlines, one entry per date the organisation's obligations apply from, earliest first
    /// ([`eu::eu_deadlines`] documents which obligations each names).
    pub eu_deadlines: Vec<EuDeadline>,
    /// The IDs of the in-scope AI systems with an EU AI Act classification that are not yet placed on the market or
    /// put into service (life-cycle stage concept, design, development or verification): an obligation whose date
    /// has passed binds them only once they are.
    pub eu_not_yet_placed: Vec<String>,
    /// How many AI systems are in scope.
    pub systems_in_scope: usize,
    /// How many of them are retired (the assessment's `summary.systems_retired`): the human documents count the
    /// others as in scope and list these apart.
    pub systems_retired: usize,
    /// Whether the inventory is above [`LARGE_INVENTORY`] systems, so the report shows aggregates.
    pub large_inventory: bool,
    /// The in-scope AI systems by life-cycle stage, in life-cycle order: the aggregate table of a large inventory.
    pub inventory: Vec<StageRow>,
    /// The in-scope AI systems with the lowest scores, worst first (at most [`WORST_SYSTEMS`]), by ID: lowest
    /// score, then most non-compliant controls, then ID; systems with nothing assessed come last.
    pub worst_systems: Vec<String>,
    /// For each unmet requirement (by ID), the plan's actions that close it, in plan order, with the shortfalls of
    /// that requirement each one addresses, in the client's words.
    pub next_actions: BTreeMap<String, Vec<NextAction>>,
    /// For each unmet per-system requirement whose status is below what its AI systems' results show (by ID), one
    /// sentence saying why: the most severe shortfall of the organisation as a whole, in the client's words. A
    /// status next to "3 of 3 systems compliant" then never stands unexplained.
    pub status_reasons: BTreeMap<String, String>,
    /// The score of each clause and Annex A objective (by group ID) as the report's tables show it, with what it
    /// leaves out ([`scores::of_counts`]: "100.0% (1 of 2 assessed)", "not assessed").
    pub group_scores: BTreeMap<String, String>,
    /// The score of each AI system (by ID) as the report's tables show it, with the controls not yet due or not
    /// assessed that it leaves out ([`scores::of_system`]: "100.0% (4 of 15 controls due so far)").
    pub system_scores: BTreeMap<String, String>,
    /// The score of each unit as the report's "By unit" table shows it, in the order of the assessment's `units`,
    /// with the controls not yet due or not assessed that it leaves out ([`scores::of_unit`]: "7.3% (131 of 160
    /// controls due so far)").
    pub unit_scores: Vec<String>,
}

/// The in-scope AI systems at one life-cycle stage.
#[derive(Debug, Clone, Serialize)]
pub struct StageRow {
    /// The stage.
    pub stage: LifecycleStage,
    /// How many in-scope systems are at it.
    pub systems: usize,
    /// How many of them have at least one non-compliant per-system control.
    pub non_compliant: usize,
    /// How many of them have at least one partially compliant one (and none non-compliant).
    pub partially_compliant: usize,
    /// The mean of their scores, in percent; `null` when none has a score.
    pub mean_score: Option<f64>,
    /// The mean score as the report's table shows it, with the systems without a score and the controls not yet
    /// due or not assessed that it leaves out ([`scores::of_mean`]: "2.4% (40 of 47 systems scored; 300 of 420
    /// controls due so far)").
    pub mean_text: String,
}

/// An action of the plan as one requirement sees it: the requirement's own shortfalls it closes.
#[derive(Debug, Clone, Serialize)]
pub struct NextAction {
    /// The action's stable ID.
    pub id: String,
    /// What falls short under this requirement, in the client's words, one entry per shortfall.
    pub problems: Vec<String>,
    /// What to do, in the client's words.
    pub action: String,
    /// Whether the organisation planned it (otherwise it is the assessment's proposal).
    pub planned: bool,
    /// Who owns it; `null` when nobody does.
    pub owner: Option<String>,
    /// When it is due; `null` when not set.
    pub due: Option<Date>,
    /// The date the plan suggests for a proposal without one ([`SummaryAction::suggested_due`]); `null` otherwise.
    pub suggested_due: Option<Date>,
    /// Whether that date is the as-of date because the EU AI Act obligation applies already, not the date it
    /// applies from.
    pub suggested_now: bool,
    /// Whether it is past its due date.
    pub overdue: bool,
    /// The other requirements it closes at the same time.
    pub also_closes: Vec<String>,
    /// The risks whose treatment actions are this same work, by ID.
    pub treats: Vec<String>,
    /// For an action whose work other actions carry out, the requirements those actions are listed under (first
    /// requirement of each); the owner and due date are theirs. Empty otherwise.
    pub carried_by: Vec<String>,
    /// Those actions by the plan's ranks ([`crate::views::plan::ranks_phrase`]: "actions 2 and 3"), so that the
    /// report says "see actions 2 and 3" as the plan does; `null` for work of its own.
    pub carriers: Option<String>,
    /// For an action whose work other actions carry out, the earliest due date of those actions; `null` otherwise
    /// and when none of them is dated.
    pub carriers_due: Option<Date>,
    /// Whether one of those actions is overdue.
    pub carriers_overdue: bool,
    /// The requirements it brings the evidence of up to date without closing them ([`PlanAction::refreshes`]).
    pub refreshes: Vec<String>,
    /// When the records that plan the work give different dates or owners, the sentence that says so
    /// ([`PlanAction::records_disagree`]); `null` otherwise.
    pub records_disagree: Option<String>,
}

/// A readiness verdict.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Verdict {
    /// Nothing the audit looks at is open.
    Ready,
    /// Only partial gaps or unscheduled actions remain: the audit can go ahead if they are closed in time.
    AtRisk,
    /// A requirement the audit looks at is not met or not assessed, or its action is late.
    NotReady,
}

impl Verdict {
    /// The verdict in words: "Ready", "At risk", "Not ready".
    pub fn label(self) -> &'static str {
        match self {
            Verdict::Ready => "Ready",
            Verdict::AtRisk => "At risk",
            Verdict::NotReady => "Not ready",
        }
    }
}

/// The readiness for one audit stage, with the reasons for it.
#[derive(Debug, Clone, Serialize)]
pub struct Readiness {
    /// The verdict.
    pub verdict: Verdict,
    /// The verdict in words ([`Verdict::label`]).
    pub label: &'static str,
    /// Why, one sentence per rule that applies, the deciding one first; empty when ready.
    pub reasons: Vec<String>,
    /// The requirements that decide a "not ready", by ID in catalogue order.
    pub blocking: Vec<String>,
    /// How many actions of the plan the stage depends on are open.
    pub open_actions: usize,
    /// Stage 1 only: the per-system requirements it reviews whose remaining gap lies only in individual AI
    /// systems' records, which the stage 2 audit samples, so they count against stage 2 (by ID in catalogue order;
    /// [`readiness::Stage1::of`] has the rule). Empty for stage 2.
    pub deferred: Vec<String>,
}

/// One theme: a clause or Annex A objective with unmet requirements.
#[derive(Debug, Clone, Serialize)]
pub struct Theme {
    /// The clause ("6") or objective ("A.6").
    pub group: String,
    /// Its title.
    pub title: String,
    /// How many of its requirements are unmet (partially compliant, non-compliant or not assessed).
    pub unmet: usize,
    /// How many of its requirements apply and are due.
    pub applicable: usize,
    /// Its score in percent; `null` when nothing is assessed.
    pub score: Option<f64>,
    /// What falls short, as the summary says it: "3 of 5 requirements not fully met (score 40.0%)", "7 of 7
    /// requirements not assessed yet", the score saying what it leaves out ([`scores::of_counts`]).
    pub text: String,
}

/// An action of the plan as the summary lists it.
#[derive(Debug, Clone, Serialize)]
pub struct SummaryAction {
    /// Its rank in the plan (1 is first).
    pub rank: usize,
    /// Its stable ID.
    pub id: String,
    /// The requirements it closes.
    pub requirements: Vec<String>,
    /// The first requirement's title (of `requirements`, which lead with the one that puts the action in its phase).
    pub title: String,
    /// What to do, in the client's words.
    pub action: String,
    /// Who owns it; `null` when nobody does.
    pub owner: Option<String>,
    /// When it is due; `null` when not set.
    pub due: Option<Date>,
    /// For a proposal without a due date whose EU AI Act obligation applies soon, the date the plan suggests (the
    /// date the obligation applies: [`crate::views::plan::LegalDeadline::suggested_due`]); `null` otherwise.
    pub suggested_due: Option<Date>,
    /// Whether that date is the as-of date because the obligation applies already, not the date it applies from.
    pub suggested_now: bool,
    /// Whether it is past its due date.
    pub overdue: bool,
    /// For the per-system actions of one control taken together, how many AI systems they concern; 0 for an
    /// action of its own.
    pub systems: usize,
    /// For such a group, the first AI systems by name, non-compliant ones first (at most
    /// [`plan::NAMED_SYSTEMS`](super::plan::NAMED_SYSTEMS)); empty otherwise.
    pub named: Vec<String>,
    /// The risks whose treatment actions are this same work, by ID.
    pub treats: Vec<String>,
    /// Why it comes first when neither its being overdue nor its due date says so, in the client's words: the EU AI
    /// Act obligation behind it ("Linked to EU AI Act Art. 4, which has applied since 2025-02-02."), or that it blocks the
    /// stage 1 audit; `null` otherwise.
    pub why: Option<String>,
    /// When the records that plan this work give different dates or owners, the plan's own sentence that says so
    /// ([`PlanAction::records_disagree`]: "The risk register (R-14) sets 2026-09-30, now overdue; the action
    /// planned for A.6.2.8 says 2027-01-29. Agree one date."), taken as it is; `null` otherwise.
    pub records_disagree: Option<String>,
}

impl SummaryAction {
    fn of(a: &PlanAction) -> SummaryAction {
        SummaryAction {
            rank: a.rank,
            id: a.id.clone(),
            requirements: a.requirements.clone(),
            title: a.lead_title.clone().unwrap_or_else(|| a.title.clone()),
            action: a.client_action.clone(),
            owner: a.owner.clone(),
            due: a.due,
            suggested_due: a.legal_deadline.as_ref().and_then(|l| l.suggested_due),
            suggested_now: a.legal_deadline.as_ref().is_some_and(|l| l.suggested_due.is_some() && l.in_force),
            overdue: a.overdue,
            systems: 0,
            named: Vec::new(),
            treats: a.treats.clone(),
            why: None,
            records_disagree: a.records_disagree.clone(),
        }
    }

    /// A row of the plan: an action of its own, or the per-system actions of one control taken together.
    fn of_row(row: &PlanRow) -> SummaryAction {
        let mut action = SummaryAction::of(&row.action);
        if row.count > 1 {
            action.systems = row.count;
            action.named = row.named.clone();
        }
        action
    }
}

/// Builds the summary from the assessment and the plan built from it (`plan::build`).
pub fn build(workspace: &Workspace, assessment: &Assessment, plan: &Plan) -> Summary {
    let unjustified_controls = super::soa::unjustified(assessment);
    let target = workspace.settings.target_audit_date;
    let actions: Vec<&PlanAction> = plan.phases.iter().flat_map(|p| p.actions.iter()).collect();
    let all_requirements: Vec<(&str, Status)> =
        assessment.requirements.iter().map(|r| (r.id.as_str(), r.status)).collect();
    // An action whose work other actions carry out is counted once, as those actions.
    let every_action = actions.clone();
    let actions: Vec<&PlanAction> = actions.into_iter().filter(|a| a.is_own_work()).collect();
    let stage_1 = readiness::Stage1::of(assessment, &actions, &every_action);
    let mut stage_1_readiness = stage_1.readiness(target, unjustified_controls);
    let blocks = first::Stage1Blocks {
        actions: stage_1.actions.iter().map(|a| a.id.as_str()).collect(),
        requirements: stage_1
            .requirements
            .iter()
            .filter(|(_, s)| matches!(s, Status::NonCompliant | Status::NotAssessed))
            .map(|(id, _)| *id)
            .collect(),
        non_compliant: stage_1
            .requirements
            .iter()
            .filter(|(_, s)| matches!(s, Status::NonCompliant))
            .map(|(id, _)| *id)
            .collect(),
    };
    let in_scope = assessment.systems.iter().filter(|s| s.in_scope).count();
    let review_before_target = crate::views::review::due_before(assessment, target);
    let mut stage_2_readiness = readiness(Stage::Two, &all_requirements, &actions, target, 0);
    // Stage 1 reviews the Statement of Applicability as approved documented information (7.5.2).
    if workspace.settings.soa.approved_on.is_none() {
        readiness::at_risk(
            &mut stage_1_readiness,
            "The Statement of Applicability has no recorded approval: have it approved before the audit.".to_string(),
        );
    }
    if let Some(t) = target {
        let reviewed_at_stage_1 = |id: &str| stage_1.requirements.iter().any(|(r, _)| *r == id);
        crate::views::review::weigh(&mut stage_1_readiness, &review_before_target, &reviewed_at_stage_1, t);
        crate::views::review::weigh(&mut stage_2_readiness, &review_before_target, &|_| true, t);
    }
    let large = large_inventory(assessment);
    let cap = large.then_some(FIRST_ACTIONS_LARGE);
    let (first_actions, first_actions_more) =
        first::first_actions(plan, first::legal_window_end(assessment.as_of, target), &blocks, cap);
    Summary {
        schema_version: crate::assess::REPORT_SCHEMA_VERSION,
        organisation: assessment.organisation.name.clone(),
        as_of: assessment.as_of,
        report: workspace.settings.report.clone(),
        target_audit_date: target,
        days_to_target: target.map(|t| assessment.as_of.days_until(t)),
        score: assessment.summary.score,
        stage_1: stage_1_readiness,
        stage_2: stage_2_readiness,
        review_before_target,
        themes: themes(assessment),
        first_actions,
        first_actions_more,
        notes: notes(plan),
        overdue: actions.iter().filter(|a| a.overdue).map(|a| SummaryAction::of(a)).collect(),
        eu_deadlines: eu_deadlines(assessment),
        eu_not_yet_placed: not_yet_placed(assessment),
        systems_in_scope: in_scope,
        systems_retired: assessment.summary.systems_retired,
        large_inventory: large,
        next_actions: next_actions(plan, large),
        status_reasons: status_reasons(assessment, &every_action),
        inventory: inventory(assessment),
        worst_systems: worst_systems(assessment),
        group_scores: assessment.groups.iter().map(|g| (g.id.clone(), scores::of_counts(&g.counts))).collect(),
        system_scores: assessment.systems.iter().map(|s| (s.id.clone(), scores::of_system(s))).collect(),
        unit_scores: assessment.units.iter().map(scores::of_unit).collect(),
    }
}

/// The in-scope systems grouped by life-cycle stage.
fn inventory(assessment: &Assessment) -> Vec<StageRow> {
    /// A stage's row, with the sum and number of its systems' scores and their controls added up.
    struct Acc {
        row: StageRow,
        sum: f64,
        scored: usize,
        counts: crate::assess::Counts,
        not_yet_due: usize,
    }
    let mut rows: BTreeMap<LifecycleStage, Acc> = BTreeMap::new();
    for s in assessment.systems.iter().filter(|s| s.in_scope) {
        let acc = rows.entry(s.lifecycle_stage).or_insert_with(|| Acc {
            row: StageRow {
                stage: s.lifecycle_stage,
                systems: 0,
                non_compliant: 0,
                partially_compliant: 0,
                mean_score: None,
                mean_text: String::new(),
            },
            sum: 0.0,
            scored: 0,
            counts: crate::assess::Counts::default(),
            not_yet_due: 0,
        });
        acc.row.systems += 1;
        if s.counts.non_compliant > 0 {
            acc.row.non_compliant += 1;
        } else if s.counts.partially_compliant > 0 {
            acc.row.partially_compliant += 1;
        }
        if let Some(score) = s.score {
            acc.sum += score;
            acc.scored += 1;
        }
        let c = &s.counts;
        acc.counts.compliant += c.compliant;
        acc.counts.partially_compliant += c.partially_compliant;
        acc.counts.non_compliant += c.non_compliant;
        acc.counts.not_applicable += c.not_applicable;
        acc.counts.not_assessed += c.not_assessed;
        acc.not_yet_due += s.not_yet_due.len();
    }
    rows.into_values()
        .map(|mut acc| {
            let mean = (acc.scored > 0).then(|| acc.sum / acc.scored as f64);
            acc.row.mean_score = mean;
            acc.row.mean_text = scores::of_mean(mean, acc.row.systems, acc.scored, &acc.counts, acc.not_yet_due);
            acc.row
        })
        .collect()
}

/// The worst in-scope systems by score.
fn worst_systems(assessment: &Assessment) -> Vec<String> {
    let mut systems: Vec<_> = assessment.systems.iter().filter(|s| s.in_scope).collect();
    systems.sort_by(|a, b| {
        let score = |s: Option<f64>| s.unwrap_or(f64::INFINITY);
        score(a.score)
            .total_cmp(&score(b.score))
            .then(b.counts.non_compliant.cmp(&a.counts.non_compliant))
            .then(a.id.cmp(&b.id))
    });
    systems.into_iter().take(WORST_SYSTEMS).map(|s| s.id.clone()).collect()
}

/// Each unmet requirement's notes: the notes of the actions that close it, once each.
fn notes(plan: &Plan) -> BTreeMap<String, Vec<String>> {
    let mut out: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for a in plan.phases.iter().flat_map(|p| p.actions.iter()) {
        for id in &a.requirements {
            for note in &a.notes {
                let notes = out.entry(id.clone()).or_default();
                if !notes.contains(note) {
                    notes.push(note.clone());
                }
            }
        }
    }
    out
}

/// Each requirement's actions, in plan order; for a `large` inventory each action's problems lead with the
/// organisation's own.
fn next_actions(plan: &Plan, large: bool) -> BTreeMap<String, Vec<NextAction>> {
    let actions: Vec<&PlanAction> = plan.phases.iter().flat_map(|p| p.actions.iter()).collect();
    let by_id: HashMap<&str, &PlanAction> = actions.iter().map(|a| (a.id.as_str(), *a)).collect();
    let listed_under = |id: &String| by_id.get(id.as_str()).map(|a| a.requirement.clone());
    let mut out: BTreeMap<String, Vec<NextAction>> = BTreeMap::new();
    for a in &actions {
        let carriers: Vec<&PlanAction> = a.carried_by.iter().filter_map(|id| by_id.get(id.as_str()).copied()).collect();
        let carriers_due = carriers.iter().filter_map(|c| c.due).min();
        let carriers_overdue = carriers.iter().any(|c| c.overdue);
        // In a large inventory, the organisation's own shortfalls first, then the AI systems' (each in the plan's
        // order): the report's row names only the first few, and the organisation's rating must not be left out.
        let mut ordered: Vec<&crate::views::plan::ActionProblem> = a.problems.iter().collect();
        if large {
            ordered.sort_by_key(|p| p.system.is_some());
        }
        for id in &a.requirements {
            let mut problems: Vec<String> =
                ordered.iter().filter(|p| &p.requirement == id).map(|p| p.client_problem.clone()).collect();
            if problems.is_empty() {
                // A merged document action lists its problem once, under the first requirement it closes; a planned
                // action that took such a document in lists it after the problems of its own requirement, which are
                // not this requirement's.
                let shared = |p: &&crate::views::plan::ActionProblem| !a.planned || p.requirement != a.requirement;
                problems = ordered.iter().copied().filter(shared).map(|p| p.client_problem.clone()).collect();
                if problems.is_empty() {
                    problems = ordered.iter().map(|p| p.client_problem.clone()).collect();
                }
                // Another requirement's shortfalls say which requirement they are of, as the plan's rows do.
                let of = |p: &crate::views::plan::ActionProblem| &p.requirement != id;
                let tagged = a.problems.iter().filter(|p| of(p)).map(|p| (p.client_problem.as_str(), &p.requirement));
                for (text, requirement) in tagged {
                    if let Some(problem) = problems.iter_mut().find(|q| q.as_str() == text) {
                        *problem = format!("{text} ({requirement})");
                    }
                }
            }
            out.entry(id.clone()).or_default().push(NextAction {
                id: a.id.clone(),
                problems,
                action: a.client_action.clone(),
                planned: a.planned,
                owner: a.owner.clone(),
                due: a.due,
                suggested_due: a.legal_deadline.as_ref().and_then(|l| l.suggested_due),
                suggested_now: a.legal_deadline.as_ref().is_some_and(|l| l.suggested_due.is_some() && l.in_force),
                overdue: a.overdue,
                also_closes: a
                    .requirements
                    .iter()
                    .chain(&a.lifts)
                    .filter(|r| *r != id && !a.refreshes.contains(r))
                    .cloned()
                    .collect(),
                treats: a.treats.clone(),
                carried_by: a.carried_by.iter().filter_map(listed_under).collect(),
                carriers: (!a.is_own_work()).then(|| crate::views::plan::ranks_phrase(&a.carried_by_ranks)),
                carriers_due,
                carriers_overdue,
                refreshes: a.refreshes.iter().filter(|r| *r != id).cloned().collect(),
                records_disagree: a.records_disagree.clone(),
            });
        }
    }
    out
}

/// Why each unmet per-system requirement is worse than its systems' results: the most severe problem of the
/// organisation as a whole among the plan's actions for it, else the status the organisation declared.
fn status_reasons(assessment: &Assessment, actions: &[&PlanAction]) -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    for r in assessment.requirements.iter().filter(|r| r.status.is_gap() && !r.systems.is_empty()) {
        let Some(systems) =
            r.systems.iter().map(|s| s.status).filter(|s| *s != Status::NotApplicable).max_by_key(|s| s.severity())
        else {
            continue;
        };
        if r.status.severity() <= systems.severity() {
            continue;
        }
        let problems: Vec<_> = actions
            .iter()
            .flat_map(|a| a.problems.iter())
            .filter(|p| p.requirement == r.id && p.system.is_none())
            .collect();
        // The first of the most severe, in plan order.
        let top = problems.iter().map(|p| p.severity).max();
        let own = problems.iter().find(|p| Some(p.severity) == top).map(|p| p.client_problem.clone());
        let reason = match (own, r.declared) {
            (Some(problem), _) => crate::render::capitalised(problem.trim_end_matches('.')),
            (None, Some(declared)) if declared.severity() > systems.severity() => {
                format!("The organisation rates it {}", declared.label().to_lowercase())
            }
            (None, _) => continue,
        };
        out.insert(
            r.id.clone(),
            format!(
                "The control is still {} because of a shortfall of the organisation as a whole. {reason}.",
                r.status.label().to_lowercase(),
            ),
        );
    }
    out
}

/// The groups with the most unmet requirements, then the lowest score, then catalogue order.
fn themes(assessment: &Assessment) -> Vec<Theme> {
    let mut themes: Vec<(usize, Theme)> = assessment
        .groups
        .iter()
        .enumerate()
        .map(|(i, g)| {
            let c = &g.counts;
            let unmet = c.partially_compliant + c.non_compliant + c.not_assessed;
            let applicable = unmet + c.compliant;
            let short = c.partially_compliant + c.non_compliant;
            let requirements = crate::render::plural("requirement", applicable);
            let text = match (short, c.not_assessed) {
                (0, n) => format!("{n} of {applicable} {requirements} not assessed yet"),
                (short, 0) => {
                    format!("{short} of {applicable} {requirements} not fully met (score {})", scores::of_counts(c))
                }
                (short, n) => format!(
                    "{short} of {applicable} {requirements} not fully met and {n} not assessed yet (score {} over the \
                     {short} assessed)",
                    crate::render::percent(c.score())
                ),
            };
            let theme = Theme { group: g.id.clone(), title: g.title.clone(), unmet, applicable, score: g.score, text };
            (i, theme)
        })
        .filter(|(_, t)| t.unmet > 0)
        .collect();
    themes.sort_by(|(ia, a), (ib, b)| {
        b.unmet.cmp(&a.unmet).then(a.score.unwrap_or(0.0).total_cmp(&b.score.unwrap_or(0.0))).then(ia.cmp(ib))
    });
    themes.into_iter().take(THEMES).map(|(_, t)| t).collect()
}
