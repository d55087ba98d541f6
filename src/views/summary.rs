//! The executive summary of an assessment, decided once here so that the Markdown report, the HTML report, the
//! workbook and a later portfolio view say the same thing: the front matter from aims.toml, a readiness verdict for
//! the stage 1 and stage 2 certification audits against the target audit date, the main themes, the first three
//! actions of the plan, the overdue actions and the nearest EU AI Act deadlines.
//!
//! **Readiness rules** (docs/soa-and-plan.md, "Readiness"), applied in this order; the first that matches decides:
//!
//! Stage 1 reviews the documented management system: clauses 4 to 10, the Statement of Applicability and the
//! mandatory documented information (the plan's phase "before the stage 1 audit").
//! 1. *Not ready* when a stage 1 requirement is non-compliant or not assessed.
//! 2. *Not ready* when a stage 1 action is overdue or due after the target audit date.
//! 3. *At risk* when a stage 1 requirement is partially compliant, a stage 1 action has no due date, or an Annex A
//!    control has no justification in the Statement of Applicability.
//! 4. *Ready* otherwise.
//!
//! Stage 2 tests that everything selected is in place and working: every clause and every included control.
//! 1. *Not ready* when any requirement is non-compliant or not assessed.
//! 2. *Not ready* when any action is overdue or due after the target audit date.
//! 3. *At risk* when any requirement is partially compliant or any action has no due date.
//! 4. *Ready* otherwise.
//!
//! Waived gaps count like any other: a waiver accepts a gap for the CI gate, and an auditor still finds it.
//! Actions whose work other actions carry out (`PlanAction::carried_by`) are counted once, as those actions.
//!
//! **What to do first** (docs/soa-and-plan.md, "What to do first"): the plan's rows (the per-system actions of one
//! control taken together), each in the first of these tiers that fits, then by the date named, then in plan order:
//! 1. overdue actions, the longest overdue first;
//! 2. actions with a legal deadline: a requirement they close supports an EU AI Act obligation that is not met,
//!    the obligation in force or applying soonest first;
//! 3. other actions with a due date, the soonest first;
//! 4. actions that close a requirement blocking the stage 1 audit (non-compliant or not assessed);
//! 5. the rest.

pub mod scores;

use std::collections::BTreeMap;

use serde::Serialize;

mod eu;

use super::plan::{Phase, Plan, PlanAction, PlanRow};
use crate::assess::Assessment;
use crate::catalogue::Kind;
use crate::date::Date;
use crate::workspace::{LifecycleStage, ReportDocument, Status, Workspace};
pub use eu::{EU_CONCERNS, EU_UPCOMING, EuConcern, EuDeadline, EuDeadlineObligation};
use eu::{eu_deadlines, not_yet_placed};

/// Above this many in-scope AI systems the Markdown report shows aggregate tables and the worst systems instead of
/// the full systems × controls matrix, and evidence as counts rather than file names; the full matrix is in the
/// JSON report and the workbook.
pub const LARGE_INVENTORY: usize = 25;

/// How many of the worst systems a large inventory's report lists.
pub const WORST_SYSTEMS: usize = 10;

/// How many themes and first actions the summary names at most.
const THEMES: usize = 3;
const FIRST_ACTIONS: usize = 3;

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
    /// The first actions of the remediation plan (at most three), ranked by the rule in the module documentation
    /// (overdue, legal deadline, due date, stage 1 blocker, the rest), with the per-system actions of one control
    /// taken together ([`super::plan::rows`]).
    pub first_actions: Vec<SummaryAction>,
    /// Every action past its due date, in plan order.
    pub overdue: Vec<SummaryAction>,
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
    /// Whether it is past its due date.
    pub overdue: bool,
    /// The other requirements it closes at the same time.
    pub also_closes: Vec<String>,
    /// The risks whose treatment actions are this same work, by ID.
    pub treats: Vec<String>,
    /// For an action whose work other actions carry out, the requirements those actions are listed under (first
    /// requirement of each); the owner and due date are theirs. Empty otherwise.
    pub carried_by: Vec<String>,
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
    /// The first requirement's title.
    pub title: String,
    /// What to do, in the client's words.
    pub action: String,
    /// Who owns it; `null` when nobody does.
    pub owner: Option<String>,
    /// When it is due; `null` when not set.
    pub due: Option<Date>,
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
}

impl SummaryAction {
    fn of(a: &PlanAction) -> SummaryAction {
        SummaryAction {
            rank: a.rank,
            id: a.id.clone(),
            requirements: a.requirements.clone(),
            title: a.title.clone(),
            action: a.client_action.clone(),
            owner: a.owner.clone(),
            due: a.due,
            overdue: a.overdue,
            systems: 0,
            named: Vec::new(),
            treats: a.treats.clone(),
            why: None,
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

/// Builds the summary from the assessment and the plan built from it (`plan::build`). `unjustified_controls` is
/// the Statement of Applicability's count of controls without a justification (`Soa::unjustified`).
pub fn build(workspace: &Workspace, assessment: &Assessment, plan: &Plan, unjustified_controls: usize) -> Summary {
    let target = workspace.settings.target_audit_date;
    let actions: Vec<&PlanAction> = plan.phases.iter().flat_map(|p| p.actions.iter()).collect();
    let stage_1_requirements: Vec<(&str, Status)> = assessment
        .requirements
        .iter()
        .filter(|r| r.kind == Kind::Clause || r.documented_information)
        .map(|r| (r.id.as_str(), r.status))
        .collect();
    let all_requirements: Vec<(&str, Status)> =
        assessment.requirements.iter().map(|r| (r.id.as_str(), r.status)).collect();
    // An action whose work other actions carry out is counted once, as those actions.
    let every_action = actions.clone();
    let actions: Vec<&PlanAction> = actions.into_iter().filter(|a| a.is_own_work()).collect();
    let stage_1_actions: Vec<&PlanAction> =
        actions.iter().copied().filter(|a| a.phase == Phase::BeforeStage1).collect();
    let in_scope = assessment.systems.iter().filter(|s| s.in_scope).count();
    Summary {
        schema_version: crate::assess::REPORT_SCHEMA_VERSION,
        organisation: assessment.organisation.name.clone(),
        as_of: assessment.as_of,
        report: workspace.settings.report.clone(),
        target_audit_date: target,
        days_to_target: target.map(|t| assessment.as_of.days_until(t)),
        score: assessment.summary.score,
        stage_1: readiness(Stage::One, &stage_1_requirements, &stage_1_actions, target, unjustified_controls),
        stage_2: readiness(Stage::Two, &all_requirements, &actions, target, 0),
        themes: themes(assessment),
        first_actions: first_actions(plan),
        notes: notes(plan),
        overdue: actions.iter().filter(|a| a.overdue).map(|a| SummaryAction::of(a)).collect(),
        eu_deadlines: eu_deadlines(assessment),
        eu_not_yet_placed: not_yet_placed(assessment),
        systems_in_scope: in_scope,
        systems_retired: assessment.summary.systems_retired,
        large_inventory: in_scope > LARGE_INVENTORY,
        next_actions: next_actions(plan),
        status_reasons: status_reasons(assessment, &every_action),
        inventory: inventory(assessment),
        worst_systems: worst_systems(assessment),
        group_scores: assessment.groups.iter().map(|g| (g.id.clone(), scores::of_counts(&g.counts))).collect(),
        system_scores: assessment.systems.iter().map(|s| (s.id.clone(), scores::of_system(s))).collect(),
    }
}

/// The in-scope systems grouped by life-cycle stage.
fn inventory(assessment: &Assessment) -> Vec<StageRow> {
    let mut rows: BTreeMap<LifecycleStage, (StageRow, f64, usize)> = BTreeMap::new();
    for s in assessment.systems.iter().filter(|s| s.in_scope) {
        let (row, sum, scored) = rows.entry(s.lifecycle_stage).or_insert_with(|| {
            let row = StageRow {
                stage: s.lifecycle_stage,
                systems: 0,
                non_compliant: 0,
                partially_compliant: 0,
                mean_score: None,
            };
            (row, 0.0, 0)
        });
        row.systems += 1;
        if s.counts.non_compliant > 0 {
            row.non_compliant += 1;
        } else if s.counts.partially_compliant > 0 {
            row.partially_compliant += 1;
        }
        if let Some(score) = s.score {
            *sum += score;
            *scored += 1;
        }
    }
    rows.into_values()
        .map(|(mut row, sum, scored)| {
            row.mean_score = (scored > 0).then(|| sum / scored as f64);
            row
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

/// The tier of a plan row in the "what to do first" rule (module documentation), the date it is ranked by within
/// the tier, and why it comes first when the row does not say so itself.
fn first_tier(row: &PlanRow, members: &[&PlanAction]) -> (u8, Option<Date>, Option<String>) {
    let a = &row.action;
    if a.overdue {
        return (0, a.due, None);
    }
    let legal = members.iter().filter_map(|m| m.legal_deadline.as_ref()).min_by_key(|l| l.applies_from);
    if let Some(l) = legal {
        let why = if l.in_force {
            format!("Linked to EU AI Act {}, which has applied since {}.", l.article, l.applies_from)
        } else {
            format!("Linked to EU AI Act {}, which applies from {}.", l.article, l.applies_from)
        };
        return (1, Some(l.applies_from), Some(why));
    }
    if a.due.is_some() {
        return (2, a.due, None);
    }
    if a.phase == Phase::BeforeStage1 && matches!(a.status, Status::NonCompliant | Status::NotAssessed) {
        return (3, None, Some("It blocks the stage 1 audit.".to_string()));
    }
    (4, None, None)
}

/// The first [`FIRST_ACTIONS`] rows of the plan by the "what to do first" rule; actions whose work other actions
/// carry out are left out (those actions stand for them).
fn first_actions(plan: &Plan) -> Vec<SummaryAction> {
    let by_id: std::collections::HashMap<&str, &PlanAction> =
        plan.phases.iter().flat_map(|p| p.actions.iter()).map(|a| (a.id.as_str(), a)).collect();
    type Ranked = (u8, Option<Date>, (bool, Option<Date>), usize, Option<String>, PlanRow);
    let mut ranked: Vec<Ranked> = super::plan::rows(plan)
        .into_iter()
        .filter(|r| r.action.is_own_work())
        .enumerate()
        .map(|(order, row)| {
            let members: Vec<&PlanAction> = row.ids.iter().filter_map(|id| by_id.get(id.as_str()).copied()).collect();
            let (tier, date, why) = first_tier(&row, &members);
            // Within a tier and date, the sooner due date (dated before undated), then plan order.
            let due = (row.action.due.is_none(), row.action.due);
            (tier, date, due, order, why, row)
        })
        .collect();
    ranked.sort_by_key(|a| (a.0, a.1, a.2, a.3));
    ranked
        .into_iter()
        .take(FIRST_ACTIONS)
        .map(|(_, _, _, _, why, row)| SummaryAction { why, ..SummaryAction::of_row(&row) })
        .collect()
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

/// Each requirement's actions, in plan order.
fn next_actions(plan: &Plan) -> BTreeMap<String, Vec<NextAction>> {
    let actions: Vec<&PlanAction> = plan.phases.iter().flat_map(|p| p.actions.iter()).collect();
    let listed_under = |id: &String| actions.iter().find(|a| &a.id == id).map(|a| a.requirement.clone());
    let mut out: BTreeMap<String, Vec<NextAction>> = BTreeMap::new();
    for a in &actions {
        for id in &a.requirements {
            let mut problems: Vec<String> =
                a.problems.iter().filter(|p| &p.requirement == id).map(|p| p.client_problem.clone()).collect();
            if problems.is_empty() {
                // A merged document action lists its problem once, under the first requirement it closes.
                problems = a.problems.iter().map(|p| p.client_problem.clone()).collect();
            }
            out.entry(id.clone()).or_default().push(NextAction {
                id: a.id.clone(),
                problems,
                action: a.client_action.clone(),
                planned: a.planned,
                owner: a.owner.clone(),
                due: a.due,
                overdue: a.overdue,
                also_closes: a.requirements.iter().chain(&a.lifts).filter(|r| *r != id).cloned().collect(),
                treats: a.treats.clone(),
                carried_by: a.carried_by.iter().filter_map(listed_under).collect(),
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
                "The status is {} rather than the systems' {} because the organisation as a whole falls short: \
                 {reason}.",
                r.status.label().to_lowercase(),
                systems.label().to_lowercase()
            ),
        );
    }
    out
}

/// The audit stage a verdict is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stage {
    /// The documentation review.
    One,
    /// The audit of implementation and effectiveness.
    Two,
}

/// The readiness for `stage` from the statuses of the requirements it looks at (ID and status, catalogue order),
/// the open actions it depends on, the target audit date and the Statement of Applicability's controls without a
/// justification (stage 1 only). The rules are in the module documentation.
pub fn readiness(
    stage: Stage,
    requirements: &[(&str, Status)],
    actions: &[&PlanAction],
    target: Option<Date>,
    unjustified_controls: usize,
) -> Readiness {
    let what = match stage {
        Stage::One => "reviewed at stage 1",
        Stage::Two => "tested at stage 2",
    };
    let ids = |keep: &dyn Fn(Status) -> bool| -> Vec<String> {
        requirements.iter().filter(|(_, s)| keep(*s)).map(|(id, _)| id.to_string()).collect()
    };
    let unmet = ids(&|s| matches!(s, Status::NonCompliant | Status::NotAssessed));
    let partial = ids(&|s| s == Status::PartiallyCompliant);
    let overdue: Vec<&&PlanAction> = actions.iter().filter(|a| a.overdue).collect();
    let late: Vec<&&PlanAction> = actions.iter().filter(|a| a.after_target).collect();
    let undated = actions.iter().filter(|a| a.due.is_none()).count();
    let mut reasons = Vec::new();
    let mut blocking = unmet.clone();
    let mut verdict = Verdict::Ready;
    if !unmet.is_empty() {
        verdict = Verdict::NotReady;
        reasons.push(format!(
            "{} {} {what} {} not met or not assessed: {}.",
            unmet.len(),
            crate::render::plural("requirement", unmet.len()),
            if unmet.len() == 1 { "is" } else { "are" },
            some(&unmet)
        ));
    }
    if !overdue.is_empty() || !late.is_empty() {
        verdict = Verdict::NotReady;
        for a in overdue.iter().chain(late.iter()) {
            for id in &a.requirements {
                if !blocking.contains(id) {
                    blocking.push(id.clone());
                }
            }
        }
        if !overdue.is_empty() {
            reasons.push(format!(
                "{} {} {} overdue.",
                overdue.len(),
                crate::render::plural("action", overdue.len()),
                if overdue.len() == 1 { "is" } else { "are" }
            ));
        }
        if let (false, Some(t)) = (late.is_empty(), target) {
            reasons.push(format!(
                "{} {} {} due after the target audit date, {t}.",
                late.len(),
                crate::render::plural("action", late.len()),
                if late.len() == 1 { "is" } else { "are" }
            ));
        }
    }
    if !partial.is_empty() {
        verdict = verdict.max(Verdict::AtRisk);
        reasons.push(format!(
            "{} {} {what} {} partly in place: {}.",
            partial.len(),
            crate::render::plural("requirement", partial.len()),
            if partial.len() == 1 { "is" } else { "are" },
            some(&partial)
        ));
    }
    if undated > 0 {
        verdict = verdict.max(Verdict::AtRisk);
        reasons
            .push(format!("{undated} {} no due date yet.", if undated == 1 { "action has" } else { "actions have" }));
    }
    if unjustified_controls > 0 {
        verdict = verdict.max(Verdict::AtRisk);
        reasons.push(format!(
            "The Statement of Applicability gives no justification for {unjustified_controls} Annex A {}.",
            crate::render::plural("control", unjustified_controls)
        ));
    }
    let order = |id: &String| requirements.iter().position(|(r, _)| r == id).unwrap_or(usize::MAX);
    blocking.sort_by_key(order);
    Readiness { verdict, label: verdict.label(), reasons, blocking, open_actions: actions.len() }
}

/// At most [`LISTED`] IDs, then how many more there are: `4.1, 4.2 and 57 more`.
fn some(ids: &[String]) -> String {
    match ids.len() {
        n if n <= LISTED => ids.join(", "),
        n => format!("{} and {} more", ids[..LISTED].join(", "), n - LISTED),
    }
}

/// How many requirement IDs a reason lists before it counts the rest.
const LISTED: usize = 10;

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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalogue::Effort;
    use crate::workspace::Status::*;

    fn action(phase: Phase, due: Option<Date>, overdue: bool, after_target: bool) -> PlanAction {
        PlanAction {
            rank: 1,
            requirement: "6.2".to_string(),
            title: "AI objectives".to_string(),
            kind: Kind::Clause,
            status: PartiallyCompliant,
            waived: false,
            phase,
            priority: super::super::plan::Priority::High,
            action: String::new(),
            client_action: String::new(),
            planned: true,
            owner: None,
            due,
            overdue,
            effort: Effort::Small,
            systems: Vec::new(),
            findings: Vec::new(),
            id: "act-0000000000".to_string(),
            requirements: vec!["6.2".to_string()],
            documents: Vec::new(),
            problems: Vec::new(),
            after_target,
            group: None,
            severity: 2,
            treats: Vec::new(),
            sources: Vec::new(),
            carried_by: Vec::new(),
            carried_by_ranks: Vec::new(),
            lifts: Vec::new(),
            notes: Vec::new(),
            legal_deadline: None,
        }
    }

    fn date(text: &str) -> Option<Date> {
        text.parse().ok()
    }

    #[test]
    fn nothing_open_is_ready() {
        let r = readiness(Stage::One, &[("4.1", Compliant), ("A.2.2", NotApplicable)], &[], None, 0);
        assert_eq!(r.verdict, Verdict::Ready);
        assert!(r.reasons.is_empty() && r.blocking.is_empty());
    }

    #[test]
    fn rule_1_a_requirement_not_met_or_not_assessed_blocks_the_stage() {
        for status in [NonCompliant, NotAssessed] {
            let r = readiness(Stage::One, &[("4.1", Compliant), ("6.2", status)], &[], None, 0);
            assert_eq!(r.verdict, Verdict::NotReady);
            assert_eq!(r.blocking, ["6.2"]);
            assert!(r.reasons[0].contains("reviewed at stage 1"), "{:?}", r.reasons);
        }
    }

    #[test]
    fn rule_2_an_overdue_action_or_one_due_after_the_target_blocks_the_stage() {
        let overdue = action(Phase::BeforeStage1, date("2026-01-01"), true, false);
        let r = readiness(Stage::One, &[("6.2", PartiallyCompliant)], &[&overdue], None, 0);
        assert_eq!(r.verdict, Verdict::NotReady);
        assert_eq!(r.blocking, ["6.2"]);
        let late = action(Phase::BeforeStage1, date("2027-06-01"), false, true);
        let r = readiness(Stage::Two, &[("6.2", PartiallyCompliant)], &[&late], date("2027-03-01"), 0);
        assert_eq!(r.verdict, Verdict::NotReady);
        assert!(r.reasons[0].contains("after the target audit date, 2027-03-01"), "{:?}", r.reasons);
    }

    #[test]
    fn rule_3_partial_gaps_undated_actions_and_unjustified_controls_put_the_stage_at_risk() {
        let on_time = action(Phase::BeforeStage1, date("2027-01-01"), false, false);
        let r = readiness(Stage::One, &[("6.2", PartiallyCompliant)], &[&on_time], date("2027-03-01"), 0);
        assert_eq!((r.verdict, r.blocking.len()), (Verdict::AtRisk, 0));
        let undated = action(Phase::BeforeStage2, None, false, false);
        let r = readiness(Stage::Two, &[("A.6.2.2", Compliant)], &[&undated], None, 0);
        assert_eq!(r.verdict, Verdict::AtRisk);
        let r = readiness(Stage::One, &[("4.1", Compliant)], &[], None, 2);
        assert_eq!(r.verdict, Verdict::AtRisk);
        assert!(r.reasons[0].contains("2 Annex A controls"), "{:?}", r.reasons);
    }

    #[test]
    fn the_deciding_rule_comes_first_and_blockers_keep_catalogue_order() {
        let late = action(Phase::BeforeStage1, date("2027-06-01"), false, true);
        let r = readiness(
            Stage::Two,
            &[("4.1", NotAssessed), ("6.2", PartiallyCompliant), ("A.2.2", NonCompliant)],
            &[&late],
            date("2027-03-01"),
            0,
        );
        assert_eq!(r.verdict, Verdict::NotReady);
        assert_eq!(r.blocking, ["4.1", "6.2", "A.2.2"]);
        assert!(r.reasons[0].starts_with("2 requirements tested at stage 2 are not met"), "{:?}", r.reasons);
    }
}
