//! The remediation plan: one action per shortfall of the unmet requirements, phased for a certification project and
//! ordered so that what blocks certification comes first. A pure view over the assessment.
//!
//! The rules (docs/plan.md):
//! - **One action per shortfall.** Each document that does not count, each AI system's own gap and each gap of the
//!   organisation is one action, naming the system and its own problem. A requirement whose assessment plans an
//!   action (`action:`) gets that one action instead, listing every shortfall it has to close.
//! - **One action per document.** The same document falling short in the same way under several requirements
//!   (one stale AI policy under 5.2 and A.2.2) is one action that lists every requirement it closes.
//! - **Owners** come from the planned action, then, for one AI system's shortfall, the system's owner, then the
//!   requirement's owner.
//! - **Effort** is the effort of the action ([`shortfalls`]): refreshing a review is small; producing a missing
//!   record takes the catalogue's estimate of the requirement; closing a declared gap takes that estimate, one size
//!   less when the requirement is partly in place. A merged action takes the largest of its parts.
//! - **Phases.** Clauses 4-10 and the controls that are mandatory documented information (the catalogue's
//!   `documented_information`) come before the stage 1 audit; every other control included in the Statement of
//!   Applicability and not fully implemented comes before the stage 2 audit, where it would be a finding. Deciding
//!   whether a control applies, when the SoA gives no justification, is SoA work and comes before stage 1.
//! - **IDs** are derived from what the action closes (requirement, system, document), never from its rank, so an
//!   action keeps its ID from one run to the next while others come and go.
//! - **Due dates** are checked against the as-of date (overdue) and against aims.toml `[audit] target_date`
//!   (due after the target audit).
//! - **One action per piece of work** ([`links`]): a risk's open treatment action and the action for the control
//!   it chooses are one action, which treats the risk and takes its owner and due date from the most specific
//!   dated record (the treatment action, then the planned action); a planned action whose work other actions
//!   carry out (8.3's "close the open treatments") refers to them and is not counted again; a proposed review of a
//!   document that a dated action of the organisation names is folded into that action.
//! - **Context is a note, not a shortfall**: the EU AI Act's AI literacy (Art. 4) leaning on 7.2 or 7.3 is a note
//!   on their actions.

mod client;
mod links;
mod rows;
mod shortfalls;

pub use links::{ActionSource, LegalDeadline};

pub use rows::{NAMED_SYSTEMS, PlanRow, rows};

use std::collections::{HashMap, HashSet};

use crate::rules::Code;
use minijinja::context;
use serde::Serialize;

use crate::assess::{Assessment, RequirementResult};
use crate::catalogue::{Catalogue, Effort, Kind};
use crate::date::Date;
use crate::render::{self, DocumentError};
use crate::workspace::{Status, Workspace};

const TEMPLATE: &str = include_str!("../../../templates/plan.md.j2");

/// The phase of a certification project an action belongs to, in the order the phases come.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub enum Phase {
    /// Clauses 4-10 and mandatory documented information: the stage 1 audit reviews these first.
    #[serde(rename = "before_stage_1")]
    BeforeStage1,
    /// Every other control included in the Statement of Applicability and not fully implemented: the stage 2
    /// audit tests them.
    #[serde(rename = "before_stage_2")]
    BeforeStage2,
}

impl Phase {
    /// Every phase, in order: the Plan sheet's list of phases.
    pub const ALL: [Phase; 2] = [Phase::BeforeStage1, Phase::BeforeStage2];

    /// The phase's key, as JSON and CSV write it: `before_stage_1`.
    pub fn as_str(self) -> &'static str {
        match self {
            Phase::BeforeStage1 => "before_stage_1",
            Phase::BeforeStage2 => "before_stage_2",
        }
    }

    /// The phase as a heading: "Before the stage 1 audit".
    pub const fn title(self) -> &'static str {
        match self {
            Phase::BeforeStage1 => "Before the stage 1 audit",
            Phase::BeforeStage2 => "Before the stage 2 audit",
        }
    }

    /// The phase of an unmet requirement.
    fn of(r: &RequirementResult) -> Phase {
        if r.kind == Kind::Clause || r.documented_information { Phase::BeforeStage1 } else { Phase::BeforeStage2 }
    }
}

/// Whether some AI system a per-system control is due for shows its record, fully or in part: its status is
/// compliant or partially compliant and its own record is a document that exists (in the workspace, or kept
/// elsewhere and referenced). Then what is missing are other systems' operational records, which the stage 2 audit
/// samples. A record whose file is missing is a claim, not a record: it shows no process.
pub fn shows_record_somewhere(r: &RequirementResult) -> bool {
    r.scope == crate::catalogue::Scope::AiSystem
        && r.systems.iter().any(|s| {
            matches!(s.status, Status::Compliant | Status::PartiallyCompliant)
                && s.evidence.and_then(|i| r.evidence.get(i as usize)).is_some_and(|e| e.state.is_document())
        })
}

/// How urgent an action is within its phase, highest first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Priority {
    /// Everything before stage 1, and before stage 2 what is non-compliant, mandatory documented information,
    /// touches a high-risk or prohibited AI system, or has a near EU AI Act deadline ([`LegalDeadline::near`]).
    High,
    /// The other actions before stage 2.
    Medium,
}

impl Priority {
    /// Every priority, highest first: the Plan sheet's list of priorities.
    pub const ALL: [Priority; 2] = [Priority::High, Priority::Medium];

    /// The priority's key, as JSON and CSV write it: `high`.
    pub fn as_str(self) -> &'static str {
        match self {
            Priority::High => "high",
            Priority::Medium => "medium",
        }
    }

    /// The priority in words, as the workbook shows it: `High`.
    pub const fn label(self) -> &'static str {
        match self {
            Priority::High => "High",
            Priority::Medium => "Medium",
        }
    }
}

/// Where an action comes from, as every format shows it ([`PlanAction::origin`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Origin {
    /// The organisation planned it in the assessment (`planned`).
    Planned,
    /// The assessment proposes it from the shortfalls (`suggested`; the client's documents say "proposed").
    Suggested,
    /// Other actions carry out its work (`carried`), whether it was planned or not: it has no owner, due date or
    /// effort of its own ([`PlanAction::carried_by`]).
    Carried,
}

impl Origin {
    /// Every origin: the Plan sheet's list of origins.
    pub const ALL: [Origin; 3] = [Origin::Planned, Origin::Suggested, Origin::Carried];

    /// The origin's key, as JSON and CSV write it: `planned`, `suggested`, `carried`.
    pub fn as_str(self) -> &'static str {
        match self {
            Origin::Planned => "planned",
            Origin::Suggested => "suggested",
            Origin::Carried => "carried",
        }
    }

    /// The origin in the client's words, as the workbook shows it: `Planned`, `Proposed`, `Carried`.
    pub const fn label(self) -> &'static str {
        match self {
            Origin::Planned => "Planned",
            Origin::Suggested => "Proposed",
            Origin::Carried => "Carried",
        }
    }
}

/// One shortfall an action closes.
#[derive(Debug, Clone, Serialize)]
pub struct ActionProblem {
    /// The requirement that falls short.
    pub requirement: String,
    /// The AI system it concerns; `null` for the organisation.
    pub system: Option<String>,
    /// What is wrong, in words.
    pub problem: String,
    /// What is wrong, in the client's words: no field names or rule codes.
    pub client_problem: String,
    /// The code of the finding behind it.
    pub code: Code,
    /// How badly it falls short ([`Status::severity`] of the status it stands for); not serialised. The problems
    /// of an action, and a requirement's actions, are listed most severe first.
    #[serde(skip)]
    pub severity: u8,
}

/// One action of the plan.
#[derive(Debug, Clone, Serialize)]
pub struct PlanAction {
    /// 1 is the first thing to do.
    pub rank: usize,
    /// The first requirement the action closes, in catalogue order.
    pub requirement: String,
    /// Its short title.
    pub title: String,
    /// Clause or Annex A control.
    pub kind: Kind,
    /// The worst status among the requirements it closes: partially compliant, non-compliant or not assessed.
    pub status: Status,
    /// Whether waivers accept every gap the action closes.
    pub waived: bool,
    /// The phase the action belongs to: the earliest of the requirements it closes.
    pub phase: Phase,
    /// Its priority within the phase.
    pub priority: Priority,
    /// What to do, for the person who keeps the workspace (the practitioner's voice).
    pub action: String,
    /// What to do, as work for the organisation (the client's voice): phrased from the catalogue's evidence
    /// expectations, naming the AI system and the document, never a field name. A planned action's own words are
    /// both texts.
    pub client_action: String,
    /// Whether the action was planned in the assessment or suggested by aims from the shortfalls.
    pub planned: bool,
    /// Who owns the action: the planned action's owner, else the requirement's, else the AI system's; `null` when
    /// none, and for an action other actions carry out (`carried_by`: their owners are its owners).
    pub owner: Option<String>,
    /// When the planned action is due; `null` when not set, and for an action other actions carry out.
    pub due: Option<Date>,
    /// Whether the due date is before the as-of date while the gap remains.
    pub overdue: bool,
    /// The effort of the action itself: small (days), medium (weeks), large (months); `null` for an action other
    /// actions carry out (their effort is its effort).
    pub effort: Option<Effort>,
    /// The AI systems whose gaps it closes, by ID.
    pub systems: Vec<String>,
    /// Codes of the findings behind it.
    pub findings: Vec<Code>,
    /// The stable ID of the action: `act-` and ten hexadecimal digits derived from what it closes (requirement,
    /// system, document), never from its rank.
    pub id: String,
    /// Every requirement it closes; more than one when one document falls short under several. In catalogue
    /// order, except that a requirement that puts the action in its phase comes first when `requirement` does not
    /// (a clause closed by an action listed under an Annex A control, before the stage 1 audit): the documents list
    /// them in this order, so that the row leads with the reason it is where it is (`lead_title`).
    pub requirements: Vec<String>,
    /// When `requirements` does not start with `requirement` (see there): the short title of the requirement it
    /// starts with, which the documents show as the row's title; absent otherwise. `requirement` and the ID stay
    /// those of the first requirement in catalogue order.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub lead_title: Option<String>,
    /// For an action whose every shortfall concerns one AI system: that system's status for the requirements it
    /// closes (the worst of them), when it differs from `status` (the requirement's, which other AI systems or the
    /// organisation lower); absent otherwise.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub system_status: Option<Status>,
    /// The row's status in the client's words when `system_status` is set ("Partially compliant for this AI
    /// system; non-compliant overall") or when the requirements it closes differ in status ("Partially compliant
    /// (8.4); non-compliant (A.5.3)"); absent otherwise.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status_label: Option<String>,
    /// The actions of the same requirements in another phase, by requirement (in the order of `requirements`), so
    /// that a reader of one row knows the rest of the requirement's work comes earlier or later; absent when none.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub elsewhere: Vec<Elsewhere>,
    /// The documents it fixes, as workspace-relative paths.
    pub documents: Vec<String>,
    /// Every shortfall it closes.
    pub problems: Vec<ActionProblem>,
    /// Whether it is due after the target audit date (aims.toml `[audit] target_date`).
    pub after_target: bool,
    /// For an AI system's own gap: the system's name, the problems without it, and the client's action for several
    /// systems at once (see [`rows`]); not serialised.
    #[serde(skip)]
    pub group: Option<(String, Vec<String>, String)>,
    /// The severity of its most severe problem ([`ActionProblem::severity`]); not serialised. Among the actions of
    /// one requirement, the most severe comes first.
    #[serde(skip)]
    pub severity: u8,
    /// The risks whose open treatment actions (risk register) are this same work, by ID; absent when none.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub treats: Vec<String>,
    /// For an action that treats risks: every record that plans its work (the requirement's planned action, if
    /// any, then the risks' treatment actions), the one the owner and due date come from marked `chosen`; absent
    /// otherwise.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub sources: Vec<ActionSource>,
    /// For an action whose work other actions carry out (a plan to close overdue risk treatments), the IDs of those
    /// actions; such an action is not counted as work of its own. Absent otherwise.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub carried_by: Vec<String>,
    /// The ranks of the actions of `carried_by`, in the same order; absent when none.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub carried_by_ranks: Vec<usize>,
    /// For an action that fixes a record of the risk register or the impact assessments whose shortfall also lowers
    /// other requirements (one impact assessment leaving out societal impacts lowers 6.1.4, 8.4 and A.5.2 with
    /// A.5.5): those requirements, in catalogue order. Their actions are carried out by this one (`carried_by`).
    /// Absent when none.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub lifts: Vec<String>,
    /// The requirements among `requirements` that keep other shortfalls, which other actions close: this action
    /// brings their evidence up to date without closing them ("also brings A.3.3's evidence up to date"), in
    /// catalogue order; absent when it closes every requirement it lists.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub refreshes: Vec<String>,
    /// When the records that plan this work (`sources`) give different due dates or owners: a sentence in the
    /// client's words that says so and asks for one ("The risk register (R-14) sets 2026-09-30, now overdue; the
    /// action planned for A.6.2.8 says 2027-01-29. Agree one date."); absent when they agree.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub records_disagree: Option<String>,
    /// Context for the action that is not a shortfall (the EU AI Act's AI literacy leaning on its requirement), in
    /// the client's words; absent when none.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<String>,
    /// The earliest EU AI Act obligation one of its requirements supports while unmet; absent when none.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub legal_deadline: Option<LegalDeadline>,
}

impl PlanAction {
    /// Whether the action is work of its own: not carried out by other actions ([`PlanAction::carried_by`]).
    pub fn is_own_work(&self) -> bool {
        self.carried_by.is_empty()
    }

    /// Makes the action close requirement `r` too, as one piece of work with the action it already is: `r` among its
    /// requirements, the worse status, the earlier phase, the larger `effort`, waived only if `waived` is too, and
    /// `owner()` when it has none yet.
    fn join(&mut self, r: &RequirementResult, effort: Effort, waived: bool, owner: impl FnOnce() -> Option<String>) {
        if !self.requirements.contains(&r.id) {
            self.requirements.push(r.id.clone());
        }
        self.status = worst(self.status, r.status);
        self.phase = self.phase.min(Phase::of(r));
        self.effort = self.effort.max(Some(effort));
        self.waived &= waived;
        if self.owner.is_none() {
            self.owner = owner();
        }
    }

    /// The requirement the documents list the action under, and its title: the first of `requirements` (the one
    /// that puts the action in its phase, [`PlanAction::lead_title`]).
    pub fn lead(&self) -> (&str, &str) {
        (self.requirements.first().unwrap_or(&self.requirement), self.lead_title.as_deref().unwrap_or(&self.title))
    }

    /// Where the action comes from: carried out by other actions, else planned by the organisation, else suggested.
    pub fn origin(&self) -> Origin {
        match (self.is_own_work(), self.planned) {
            (false, _) => Origin::Carried,
            (true, true) => Origin::Planned,
            (true, false) => Origin::Suggested,
        }
    }

    /// For an action other actions carry out, what the human documents show for its owner, due date and effort:
    /// "see actions 2 and 3", by the plan's ranks ([`PlanAction::carried_by_ranks`]); `None` for work of its own.
    pub fn see_carriers(&self) -> Option<String> {
        (!self.is_own_work()).then(|| format!("see {}", ranks_phrase(&self.carried_by_ranks)))
    }
}

/// The plan's ranks as the documents cite them: "action 2", "actions 2 and 3", "actions 2, 3 and 5".
pub fn ranks_phrase(ranks: &[usize]) -> String {
    let n: Vec<String> = ranks.iter().map(usize::to_string).collect();
    match n.as_slice() {
        [] => "the actions that carry it out".to_string(),
        [one] => format!("action {one}"),
        [rest @ .., last] => format!("actions {} and {last}", rest.join(", ")),
    }
}

/// Other actions of one requirement in another phase than the action that lists them ([`PlanAction::elsewhere`]).
#[derive(Debug, Clone, Serialize)]
pub struct Elsewhere {
    /// The requirement both actions close.
    pub requirement: String,
    /// The other phase.
    pub phase: Phase,
    /// How many of the requirement's actions are in that phase.
    pub count: usize,
    /// Their ranks, the first [`ELSEWHERE_RANKS`] of them.
    pub ranks: Vec<usize>,
    /// The sentence the documents show: "Other work for A.7.5: action 19, before the stage 2 audit."
    pub text: String,
}

/// How many ranks [`Elsewhere`] lists before it only counts: a control of a large inventory has an action per AI
/// system.
pub const ELSEWHERE_RANKS: usize = 5;

/// The actions of one phase, in rank order.
#[derive(Debug, Clone, Serialize)]
pub struct PhaseGroup {
    /// The phase.
    pub phase: Phase,
    /// The phase as a heading: "Before the stage 1 audit".
    pub title: &'static str,
    /// Its actions, in rank order.
    pub actions: Vec<PlanAction>,
}

/// The remediation plan: what `aims plan --format json` prints.
#[derive(Debug, Clone, Serialize)]
pub struct Plan {
    /// The version of this shape (the report's `schema_version`).
    pub schema_version: u32,
    /// The organisation's name.
    pub organisation: String,
    /// The assessment's as-of date.
    pub as_of: Date,
    /// The version of the gap analysis the plan was produced with (aims.toml `[report] version`); `null` when not
    /// set. The plan has no version history of its own: the report's is the report's.
    pub gap_analysis_version: Option<String>,
    /// How many pieces of work there are: the actions, less those other actions carry out
    /// ([`PlanAction::carried_by`]). The counts below count the same actions.
    pub actions: usize,
    /// How many actions refer to other actions that carry out their work; listed in `phases`, not counted above.
    pub carried_by_others: usize,
    /// How many are overdue.
    pub overdue: usize,
    /// How many have no owner.
    pub without_owner: usize,
    /// How many have no due date.
    pub without_due_date: usize,
    /// The phases that have actions, in order.
    pub phases: Vec<PhaseGroup>,
    /// The target date of the certification audit (aims.toml `[audit] target_date`); `null` when not set.
    pub target_audit_date: Option<Date>,
    /// How many actions are due after the target audit date.
    pub due_after_target: usize,
    /// The open treatment actions of the AI risk register, in register order; absent when there are none.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub risk_treatments: Vec<RiskTreatment>,
    /// The evidence records that count today but fall due for review before the target audit date, the earliest
    /// first ([`crate::views::review::due_before`], the same list as the report's summary): work to schedule before
    /// the audit, though no requirement falls short yet. Absent when there are none or no target date is set.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub review_before_target: Vec<crate::views::review::ReviewDue>,
}

/// An open action of a risk treatment (the register's `treatment.actions` without a `done` date).
#[derive(Debug, Clone, Serialize)]
pub struct RiskTreatment {
    /// The ID of the risk it treats.
    pub risk: String,
    /// The risk's title.
    pub title: String,
    /// What will be done.
    pub action: String,
    /// Who will do it; `null` when not named.
    pub owner: Option<String>,
    /// When it is due; `null` when not set.
    pub due: Option<Date>,
    /// Due before the as-of date.
    pub overdue: bool,
    /// The Annex A controls the treatment chooses.
    pub controls: Vec<String>,
    /// The ID of the plan's action that carries out the same work ([`PlanAction::treats`]); absent when none.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub plan_action: Option<String>,
    /// That action's rank; absent when none.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub plan_rank: Option<usize>,
}

/// Builds the plan from the assessment's unmet requirements.
pub fn build(catalogue: &Catalogue, workspace: &Workspace, assessment: &Assessment) -> Plan {
    let high_risk = |id: &str| {
        workspace
            .system(id)
            .is_some_and(|s| s.eu_ai_act.as_ref().is_some_and(|e| e.is_high_risk() || e.is_prohibited()))
    };
    let target = workspace.settings.target_audit_date;
    // Actions in order of first appearance (catalogue order), found by the key of what they close.
    let mut actions: Vec<(usize, PlanAction)> = Vec::new();
    // What each action already holds, beside it (same index), for [`absorb`].
    let mut held: Vec<Held> = Vec::new();
    let mut by_key: HashMap<String, usize> = HashMap::new();
    let names = client::Names::new(workspace);
    // The key of each planned action by its description, owner and due date: the same action recorded under two
    // requirements (`same_as:`, or written out twice) is one action that closes both.
    let mut planned_keys: HashMap<(String, Option<String>, Option<Date>), String> = HashMap::new();
    // Each requirement's shortfalls are its own (a per-system control of a large inventory has thousands): found on
    // all cores, then merged into actions in catalogue order.
    let gaps: Vec<(usize, &RequirementResult)> =
        assessment.requirements.iter().enumerate().filter(|(_, r)| r.status.is_gap()).collect();
    let found_all = crate::parallel::map(&gaps, 1, |&(_, r)| {
        shortfalls::of(catalogue, workspace, assessment.review_interval_months, &names, r)
    });
    for (&(order, r), found) in gaps.iter().zip(found_all) {
        // A planned action closes every shortfall of its requirement except the documents that fall short, which
        // stay actions of their own (one per document, merged across requirements).
        let (documents, found): (Vec<_>, Vec<_>) = match r.recorded_action {
            Some(_) => found.into_iter().partition(|s| s.key.starts_with("doc|")),
            None => (found, Vec::new()),
        };
        let parts: Vec<shortfalls::Shortfall> = match &r.recorded_action {
            Some(planned) => {
                let mut effort = shortfalls::declared_gap_effort(r);
                found.iter().for_each(|s| effort = effort.max(s.effort));
                let waived = found.iter().all(|s| s.waived) && !found.is_empty() || r.waived;
                // Keyed by the requirement that writes the action out, so that its ID does not change when another
                // requirement names it.
                let own = format!("planned|{}", planned.same_as.as_deref().unwrap_or(&r.id));
                let key = planned_keys
                    .entry((planned.description.clone(), planned.owner.clone(), planned.due))
                    .or_insert(own)
                    .clone();
                if let Some(&k) = by_key.get(&key) {
                    let a = &mut actions[k].1;
                    a.join(r, effort, waived, || {
                        r.owner.clone().or_else(|| found.iter().find_map(|s| s.owner.clone()))
                    });
                    for s in &found {
                        absorb(a, &mut held[k], r, s);
                    }
                    // Most severe first, across both requirements (stable: catalogue order within a severity).
                    a.problems.sort_by_key(|p| std::cmp::Reverse(p.severity));
                    if found.is_empty() {
                        for f in &r.findings {
                            if !a.findings.contains(&f.code) {
                                a.findings.push(f.code);
                            }
                        }
                    }
                    a.severity = a.severity.max(r.status.severity());
                    documents
                } else {
                    let mut action =
                        new_action(r, key.clone(), planned.description.clone(), planned.description.clone(), effort);
                    action.planned = true;
                    action.owner = planned
                        .owner
                        .clone()
                        .or_else(|| r.owner.clone())
                        .or_else(|| found.iter().find_map(|s| s.owner.clone()));
                    action.due = planned.due;
                    action.overdue = planned.overdue;
                    action.waived = waived;
                    let mut holds = Held::default();
                    for s in &found {
                        absorb(&mut action, &mut holds, r, s);
                    }
                    if found.is_empty() {
                        action.findings = r.findings.iter().map(|f| f.code).collect();
                    }
                    // It closes every gap of the requirement but its documents: it leads the requirement's actions.
                    action.severity = action.severity.max(r.status.severity());
                    by_key.insert(key, actions.len());
                    actions.push((order, action));
                    held.push(holds);
                    documents
                }
            }
            None => documents,
        };
        for s in parts {
            match by_key.get(&s.key) {
                Some(&k) => {
                    let a = &mut actions[k].1;
                    a.join(r, s.effort, s.waived, || s.owner.clone());
                    absorb(a, &mut held[k], r, &s);
                }
                None => {
                    let mut a = new_action(r, s.key.clone(), s.action.clone(), s.client_action.clone(), s.effort);
                    a.group = s.group.clone();
                    a.owner = s.owner.clone();
                    a.waived = s.waived;
                    let mut holds = Held::default();
                    absorb(&mut a, &mut holds, r, &s);
                    by_key.insert(s.key.clone(), actions.len());
                    actions.push((order, a));
                    held.push(holds);
                }
            }
        }
    }
    links::fold_reviews(&mut actions, &mut held, &by_key);
    let mut treatments = risk_treatments(assessment);
    {
        let (orders, mut in_order): (Vec<usize>, Vec<PlanAction>) = std::mem::take(&mut actions).into_iter().unzip();
        // The records each action rests on, when it rests on nothing else (`None` otherwise), beside it.
        let records: Vec<(&[(String, u8)], bool)> =
            held.iter().map(|h| (h.records.as_slice(), !h.unrecorded && !h.records.is_empty())).collect();
        links::knock_ons(&mut in_order, &records);
        links::treatments(&mut in_order, &mut treatments, assessment);
        links::legal_deadlines(&mut in_order, assessment);
        actions = orders.into_iter().zip(in_order).collect();
    }
    // An action other actions carry out closes its overdue treatments through them; a residual risk nobody has
    // accepted (fintech's R-21 under 8.3) needs a decision the treatment actions do not make: it becomes an action
    // of its own beside the carried one, so that following the plan closes the requirement.
    let mut decisions = Vec::new();
    for (order, a) in actions.iter_mut().filter(|(_, a)| !a.carried_by.is_empty()) {
        let (rest, kept): (Vec<ActionProblem>, Vec<ActionProblem>) =
            a.problems.drain(..).partition(|p| p.code == Code::RiskResidualUnaccepted);
        a.problems = kept;
        a.findings.retain(|c| *c != Code::RiskResidualUnaccepted);
        let Some(r) = assessment.requirements.iter().find(|r| r.id == a.requirement).filter(|_| !rest.is_empty())
        else {
            continue;
        };
        let several = rest.len() > 1;
        let text = if several {
            "For each of these risks, treat it further or have someone authorised to accept risks record the acceptance."
        } else {
            "Treat the risk further, or have someone authorised to accept risks record the acceptance."
        };
        let mut d = new_action(r, format!("residual|{}", r.id), text.to_string(), text.to_string(), Effort::Small);
        d.phase = a.phase;
        d.owner = r.owner.clone();
        d.severity = rest.iter().map(|p| p.severity).max().unwrap_or(0);
        d.findings = vec![Code::RiskResidualUnaccepted];
        d.problems = rest;
        decisions.push((*order, d));
    }
    let (orders, mut decided): (Vec<usize>, Vec<PlanAction>) = decisions.into_iter().unzip();
    links::legal_deadlines(&mut decided, assessment);
    actions.extend(orders.into_iter().zip(decided));
    // Context rather than shortfalls: the EU AI Act's AI literacy leaning on a requirement.
    for r in assessment.requirements.iter().filter(|r| r.findings.iter().any(|f| f.code == Code::EuLiteracyUnsupported))
    {
        let note = links::literacy_note(&r.id, &r.title);
        for (_, a) in actions.iter_mut().filter(|(_, a)| a.requirements.contains(&r.id)) {
            if !a.notes.contains(&note) {
                a.notes.push(note.clone());
            }
            // The note's finding stays traceable to the action.
            if !a.findings.contains(&Code::EuLiteracyUnsupported) {
                a.findings.push(Code::EuLiteracyUnsupported);
            }
        }
    }
    // Work on AI systems' own records, for controls some AI system already shows the record of, is sampled at stage
    // 2: the process evidently exists (the rule the stage 1 readiness verdict weighs by, `summary::readiness`).
    // Unless the work also lifts a requirement or carries out an action of stage 1: that waits for it.
    let by_id: HashMap<&str, &RequirementResult> = assessment.requirements.iter().map(|r| (r.id.as_str(), r)).collect();
    let records_only = |id: &String| by_id.get(id.as_str()).is_some_and(|r| shows_record_somewhere(r));
    let stage_1_carriers: HashSet<String> = actions
        .iter()
        .filter(|(_, a)| a.phase == Phase::BeforeStage1)
        .flat_map(|(_, a)| a.carried_by.iter().cloned())
        .collect();
    for (_, a) in &mut actions {
        if !a.systems.is_empty()
            && a.requirements.iter().chain(&a.lifts).all(records_only)
            && !stage_1_carriers.contains(&a.id)
        {
            a.phase = Phase::BeforeStage2;
        }
        // Deciding whether a control applies is a decision of the Statement of Applicability, which stage 1 reviews
        // (the verdict names such controls), whatever the control: the decision comes before stage 1.
        if a.findings.iter().any(|c| matches!(c, Code::ExclusionUnjustified | Code::SoaJustificationMissing)) {
            a.phase = Phase::BeforeStage1;
        }
        let touches_high_risk = a.systems.iter().any(|s| high_risk(s));
        a.priority = match a.phase {
            Phase::BeforeStage1 => Priority::High,
            Phase::BeforeStage2
                if a.requirements.iter().any(|id| by_id.get(id.as_str()).is_some_and(|r| r.documented_information)) =>
            {
                Priority::High
            }
            Phase::BeforeStage2 if touches_high_risk || a.status == Status::NonCompliant => Priority::High,
            // The executive summary lists such an action among the first whatever its phase: the plan agrees.
            Phase::BeforeStage2 if a.legal_deadline.as_ref().is_some_and(|l| l.near) => Priority::High,
            Phase::BeforeStage2 => Priority::Medium,
        };
        a.after_target = matches!((a.due, target), (Some(due), Some(t)) if due > t);
        lead(a, &by_id);
        system_status(a, &by_id);
        mixed_status(a, &by_id);
    }
    // What blocks certification first; within a phase, high priority, then the order of urgency of the executive
    // summary's "What to do first" (`summary::first`), so that the two documents never disagree: non-compliant work
    // the stage 1 audit waits for, then a near EU AI Act deadline (the soonest first), then the worse status, then the
    // sooner due date (overdue work first, undated work last), then catalogue order, then the most severe problem
    // (a non-compliant system before a partial one), then the organisation's own action before the per-system
    // ones, and those by unit and system ID (`units::SystemOrder`, the order of every list of systems), then the ID
    // (documents of one requirement in a stable order).
    let system_order = crate::assess::units::SystemOrder::of(&assessment.systems);
    actions.sort_by_cached_key(|(order, a)| {
        // As the stage 1 readiness weighs it (`summary::readiness`): work on AI systems' own records, for controls
        // some system already shows the record of, is left to stage 2 there.
        let blocks_stage_1 = a.phase == Phase::BeforeStage1
            && a.status == Status::NonCompliant
            && (a.systems.is_empty() || !a.requirements.iter().all(records_only));
        // Work of its own: an action other actions carry out waits for them, as the summary leaves it out.
        let near_legal = a.legal_deadline.as_ref().filter(|l| l.near && a.is_own_work()).map(|l| l.applies_from);
        (
            a.phase,
            a.priority,
            !blocks_stage_1,
            (near_legal.is_none(), near_legal),
            std::cmp::Reverse(a.status.severity()),
            // An action other actions carry out has no date of its own (set below).
            (a.due.is_none() || !a.is_own_work(), a.due.filter(|_| a.is_own_work())),
            *order,
            std::cmp::Reverse(a.severity),
            system_order.first(&a.systems),
            a.id.clone(),
        )
    });
    let mut phases: Vec<PhaseGroup> = Vec::new();
    for (rank, (_, mut a)) in actions.into_iter().enumerate() {
        a.rank = rank + 1;
        match phases.last_mut() {
            Some(group) if group.phase == a.phase => group.actions.push(a),
            _ => phases.push(PhaseGroup { phase: a.phase, title: a.phase.title(), actions: vec![a] }),
        }
    }
    // Cross-references by rank, now that the ranks are known.
    let rank_of: HashMap<String, usize> =
        phases.iter().flat_map(|p| p.actions.iter()).map(|a| (a.id.clone(), a.rank)).collect();
    for a in phases.iter_mut().flat_map(|p| p.actions.iter_mut()) {
        a.carried_by_ranks = a.carried_by.iter().filter_map(|id| rank_of.get(id).copied()).collect();
        // The work of a carried action is that of its carriers: no owner, date or effort of its own, in any format.
        if !a.is_own_work() {
            (a.owner, a.due, a.effort, a.overdue, a.after_target) = (None, None, None, false, false);
        }
    }
    for t in &mut treatments {
        t.plan_rank = t.plan_action.as_ref().and_then(|id| rank_of.get(id).copied());
    }
    links::refreshes(&mut phases.iter_mut().flat_map(|p| p.actions.iter_mut()).collect::<Vec<_>>());
    elsewhere(&mut phases);
    let all = || phases.iter().flat_map(|p| p.actions.iter()).filter(|a| a.is_own_work());
    Plan {
        schema_version: crate::assess::REPORT_SCHEMA_VERSION,
        organisation: assessment.organisation.name.clone(),
        as_of: assessment.as_of,
        gap_analysis_version: workspace.settings.report.version.clone(),
        actions: all().count(),
        carried_by_others: phases.iter().flat_map(|p| p.actions.iter()).filter(|a| !a.is_own_work()).count(),
        overdue: all().filter(|a| a.overdue).count(),
        without_owner: all().filter(|a| a.owner.is_none()).count(),
        without_due_date: all().filter(|a| a.due.is_none()).count(),
        target_audit_date: target,
        due_after_target: all().filter(|a| a.after_target).count(),
        phases,
        risk_treatments: treatments,
        review_before_target: crate::views::review::due_before(assessment, target),
    }
}

/// Puts first in `a.requirements` a requirement that puts the action in its phase, when the first (`requirement`)
/// belongs to a later phase: an action listed under A.3.3 that is before the stage 1 audit because it also closes
/// clause 10.2 leads with 10.2 and its title ([`PlanAction::lead_title`]). The rest keep catalogue order; the ID
/// does not change.
fn lead(a: &mut PlanAction, by_id: &HashMap<&str, &RequirementResult>) {
    let phase_of = |id: &String| by_id.get(id.as_str()).map(|r| Phase::of(r));
    if a.requirements.len() < 2 || phase_of(&a.requirements[0]).is_none_or(|p| p <= a.phase) {
        return;
    }
    let Some(at) = a.requirements.iter().position(|id| phase_of(id) == Some(a.phase)) else { return };
    let id = a.requirements.remove(at);
    a.lead_title = by_id.get(id.as_str()).map(|r| r.title.clone());
    a.requirements.insert(0, id);
}

/// Sets [`PlanAction::system_status`] and its label for an action whose every shortfall concerns one AI system
/// whose own status differs from the requirement's.
fn system_status(a: &mut PlanAction, by_id: &HashMap<&str, &RequirementResult>) {
    let [system] = a.systems.as_slice() else { return };
    if a.problems.is_empty() || a.problems.iter().any(|p| p.system.as_ref() != Some(system)) {
        return;
    }
    let mut found: Option<Status> = None;
    for id in &a.requirements {
        let Some(s) = by_id.get(id.as_str()).and_then(|r| r.system(system)) else {
            return;
        };
        found = Some(found.map_or(s.status, |f| worst(f, s.status)));
    }
    if let Some(status) = found.filter(|s| *s != a.status && s.is_gap()) {
        a.system_status = Some(status);
        a.status_label =
            Some(format!("{} for this AI system; {} overall", status.label(), a.status.label().to_lowercase()));
    }
}

/// Sets [`PlanAction::status_label`] for an action that closes requirements of different statuses, so that the row
/// does not put the worst of them beside a requirement that is better: "Partially compliant (8.4); non-compliant
/// (A.5.3)", each status with its requirements in the row's order.
fn mixed_status(a: &mut PlanAction, by_id: &HashMap<&str, &RequirementResult>) {
    if a.status_label.is_some() || a.requirements.len() < 2 {
        return;
    }
    let mut statuses: Vec<(Status, Vec<&str>)> = Vec::new();
    for id in &a.requirements {
        let Some(r) = by_id.get(id.as_str()) else { return };
        match statuses.iter_mut().find(|(s, _)| *s == r.status) {
            Some((_, ids)) => ids.push(id),
            None => statuses.push((r.status, vec![id])),
        }
    }
    if statuses.len() > 1 {
        let parts: Vec<String> = statuses
            .iter()
            .enumerate()
            .map(|(i, (s, ids))| {
                let label = if i == 0 { s.label().to_string() } else { s.label().to_lowercase() };
                format!("{label} ({})", ids.join(", "))
            })
            .collect();
        a.status_label = Some(parts.join("; "));
    }
}

/// Sets [`PlanAction::elsewhere`]: for each requirement of an action, the actions of that requirement in the other
/// phase, by rank.
fn elsewhere(phases: &mut [PhaseGroup]) {
    // The ranks of each requirement's actions in each phase, and the entry each gives, once.
    let mut ranks: HashMap<(String, Phase), Vec<usize>> = HashMap::new();
    for a in phases.iter().flat_map(|p| p.actions.iter()) {
        for id in &a.requirements {
            ranks.entry((id.clone(), a.phase)).or_default().push(a.rank);
        }
    }
    let entries: HashMap<(String, Phase), Elsewhere> = ranks
        .into_iter()
        .map(|((id, phase), ranks)| {
            let when = phase.title().replacen("Before", "before", 1);
            let which = if ranks.len() > ELSEWHERE_RANKS {
                format!("{} actions from action {}", ranks.len(), ranks[0])
            } else {
                ranks_phrase(&ranks)
            };
            let entry = Elsewhere {
                requirement: id.clone(),
                phase,
                count: ranks.len(),
                text: format!("Other work for {id}: {which}, {when}."),
                ranks: ranks.into_iter().take(ELSEWHERE_RANKS).collect(),
            };
            ((id, phase), entry)
        })
        .collect();
    for a in phases.iter_mut().flat_map(|p| p.actions.iter_mut()) {
        for id in &a.requirements {
            for phase in Phase::ALL.into_iter().filter(|p| *p != a.phase) {
                if let Some(e) = entries.get(&(id.clone(), phase)) {
                    a.elsewhere.push(e.clone());
                }
            }
        }
    }
}

/// The plan's work on each requirement, by ID ([`crate::assess::RequirementPlan`]): the actions whose
/// `requirements` list it, in rank order, and the earliest due date, overdue state and owners of that work, an
/// action other actions carry out standing for theirs. Every requirement the plan has an action for has an entry.
pub fn by_requirement(plan: &Plan) -> HashMap<String, crate::assess::RequirementPlan> {
    let actions: Vec<&PlanAction> = plan.phases.iter().flat_map(|p| p.actions.iter()).collect();
    let by_id: HashMap<&str, &PlanAction> = actions.iter().map(|a| (a.id.as_str(), *a)).collect();
    let mut out: HashMap<String, crate::assess::RequirementPlan> = HashMap::new();
    // The owners each requirement lists already: a per-system control of a large inventory has thousands.
    let mut owners: HashMap<String, HashSet<String>> = HashMap::new();
    for a in &actions {
        // The work itself: the action, or the actions that carry it out.
        let work: Vec<&PlanAction> = if a.is_own_work() {
            vec![a]
        } else {
            a.carried_by.iter().filter_map(|id| by_id.get(id.as_str()).copied()).collect()
        };
        for id in &a.requirements {
            let entry = out.entry(id.clone()).or_default();
            if entry.actions.is_empty() {
                entry.next_action = a.action.clone();
            }
            entry.actions.push(crate::assess::PlannedAction {
                id: a.id.clone(),
                rank: a.rank,
                origin: a.origin().as_str().to_string(),
                owner: a.owner.clone(),
                due: a.due,
                overdue: a.overdue,
                carried_by: a.carried_by.clone(),
                carried_by_ranks: a.carried_by_ranks.clone(),
            });
            for w in &work {
                entry.due = match (entry.due, w.due) {
                    (Some(x), Some(y)) => Some(x.min(y)),
                    (x, y) => x.or(y),
                };
                entry.overdue |= w.overdue;
                if let Some(owner) = &w.owner
                    && owners.entry(id.clone()).or_default().insert(owner.clone())
                {
                    entry.owners.push(owner.clone());
                }
            }
        }
    }
    out
}

/// Writes the plan's work on each requirement into `assessment` (each requirement's `plan`, [`by_requirement`]),
/// so that the gap report's machine formats give the same actions, dates and owners as the plan and the documents.
/// `plan` must be built from the same assessment.
pub fn attach(plan: &Plan, assessment: &mut Assessment) {
    let mut work = by_requirement(plan);
    for r in &mut assessment.requirements {
        r.plan = work.remove(&r.id);
    }
}

/// The open treatment actions of the risk register, as the assessment reports them.
fn risk_treatments(assessment: &Assessment) -> Vec<RiskTreatment> {
    let Some(register) = &assessment.risk else { return Vec::new() };
    register
        .risks
        .iter()
        .flat_map(|r| {
            r.actions.iter().filter(|a| a.done.is_none()).map(|a| RiskTreatment {
                risk: r.id.clone(),
                title: r.title.clone(),
                action: a.description.clone(),
                owner: a.owner.clone(),
                due: a.due,
                overdue: a.overdue,
                controls: r.controls.clone(),
                plan_action: None,
                plan_rank: None,
            })
        })
        .collect()
}

/// A new action for requirement `r`, identified by `key`.
fn new_action(r: &RequirementResult, key: String, action: String, client_action: String, effort: Effort) -> PlanAction {
    PlanAction {
        rank: 0,
        requirement: r.id.clone(),
        title: r.title.clone(),
        kind: r.kind,
        status: r.status,
        waived: false,
        phase: Phase::of(r),
        priority: Priority::Medium,
        action,
        client_action,
        planned: false,
        owner: None,
        due: None,
        overdue: false,
        effort: Some(effort),
        systems: Vec::new(),
        findings: Vec::new(),
        id: action_id(&key),
        requirements: vec![r.id.clone()],
        documents: Vec::new(),
        problems: Vec::new(),
        after_target: false,
        group: None,
        severity: 0,
        treats: Vec::new(),
        sources: Vec::new(),
        carried_by: Vec::new(),
        carried_by_ranks: Vec::new(),
        lifts: Vec::new(),
        lead_title: None,
        system_status: None,
        status_label: None,
        elsewhere: Vec::new(),
        refreshes: Vec::new(),
        records_disagree: None,
        notes: Vec::new(),
        legal_deadline: None,
    }
}

/// The systems, documents and problems an action already lists, as sets: a planned action, or one stale document
/// cited by thousands of AI systems, absorbs thousands of shortfalls, and looking each one up in the lists themselves
/// would compare it with every one before it.
#[derive(Default)]
struct Held {
    systems: HashSet<String>,
    documents: HashSet<String>,
    problems: HashSet<(String, Option<String>)>,
    /// The records of the risk register and the impact assessments its shortfalls rest on
    /// ([`shortfalls::record_of`]), once each.
    records: Vec<(String, u8)>,
    /// Whether one of its shortfalls rests on something else than such a record.
    unrecorded: bool,
}

/// Adds one shortfall of `r` to `action`: its system, document, finding and problem. `held` is what `action`
/// already lists (empty for a new action), kept up to date here.
fn absorb(action: &mut PlanAction, held: &mut Held, r: &RequirementResult, s: &shortfalls::Shortfall) {
    if let Some(system) = &s.system
        && held.systems.insert(system.clone())
    {
        action.systems.push(system.clone());
    }
    if let Some(doc) = &s.document
        && held.documents.insert(doc.clone())
    {
        action.documents.push(doc.clone());
    }
    if !action.findings.contains(&s.code) {
        action.findings.push(s.code);
    }
    match &s.records {
        Some(records) => links::extend_new(&mut held.records, records.iter().cloned()),
        None => held.unrecorded = true,
    }
    action.severity = action.severity.max(s.severity);
    // The same problem under another requirement (one stale document cited twice) is listed once; `requirements`
    // names both.
    if !held.problems.insert((s.problem.clone(), s.system.clone())) {
        return;
    }
    action.problems.push(ActionProblem {
        requirement: r.id.clone(),
        system: s.system.clone(),
        problem: s.problem.clone(),
        client_problem: s.client_problem.clone(),
        code: s.code,
        severity: s.severity,
    });
}

/// The worse of two statuses.
fn worst(a: Status, b: Status) -> Status {
    if b.severity() > a.severity() { b } else { a }
}

/// `act-` and ten hexadecimal digits of a 64-bit hash of `key` (FNV-1a, then the MurmurHash3 finaliser so that keys
/// differing in one character differ everywhere): stable across runs, machines and versions, and unlikely to
/// collide (40 bits) among the actions of one plan.
fn action_id(key: &str) -> String {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for byte in key.bytes() {
        hash ^= u64::from(byte);
        hash = hash.wrapping_mul(0x0100_0000_01b3);
    }
    hash ^= hash >> 33;
    hash = hash.wrapping_mul(0xff51_afd7_ed55_8ccd);
    hash ^= hash >> 33;
    hash = hash.wrapping_mul(0xc4ce_b9fe_1a85_ec53);
    hash ^= hash >> 33;
    format!("act-{:010x}", hash >> 24)
}

/// The plan in `format`; Markdown from `options.template_dir/plan.md.j2` when that file exists, else the built-in
/// template, in the voice of `options.audience` (the template's `audience`: `client` or `practitioner`). The JSON
/// carries both voices' texts; the CSV is the same in both.
///
/// # Errors
/// [`DocumentError::Template`] when the Markdown template fails; [`DocumentError::Unsupported`] for a format other
/// than those of [`render::Format::DOCUMENT`].
pub fn render(plan: &Plan, format: render::Format, options: render::Options<'_>) -> Result<String, DocumentError> {
    match format.check("remediation plan", render::Format::DOCUMENT)? {
        render::Format::Json => Ok(render::json(plan)),
        // The HTML page is the same document as the Markdown, from the same context, so the two cannot drift.
        format @ (render::Format::Markdown | render::Format::Html) => {
            // A large inventory's plan takes the per-system actions of one control together; the JSON and the
            // workbook keep every action.
            let large = options.summary.is_some_and(|s| s.large_inventory);
            let ctx = context! {
                plan => render::markdown_value(plan),
                rows => large.then(|| render::markdown_value(&rows(plan))),
                // The active systems: the retired ones are listed apart in the report.
                systems_in_scope => options.summary.map(|s| s.systems_in_scope - s.systems_retired),
                listed_systems => crate::views::summary::LARGE_INVENTORY,
                audience => options.audience.as_str(),
                report => options.summary.map(|s| render::markdown_value(&s.report)),
                aims_version => env!("CARGO_PKG_VERSION"),
            };
            if format == render::Format::Markdown {
                return Ok(render::render_document("plan.md.j2", TEMPLATE, ctx, options.template_dir)?);
            }
            let markdown =
                render::render_document_as("plan.md.j2", TEMPLATE, ctx, options.template_dir, render::Markup::Html)?;
            Ok(render::html::page(&markdown, &render::html::charts::plan(plan), "plan"))
        }
        _ => {
            let rows = plan.phases.iter().flat_map(|p| p.actions.iter()).map(|a| {
                vec![
                    a.rank.to_string(),
                    a.phase.as_str().to_string(),
                    a.priority.as_str().to_string(),
                    a.requirement.clone(),
                    a.title.clone(),
                    a.status.as_str().to_string(),
                    a.waived.to_string(),
                    a.action.clone(),
                    a.origin().as_str().to_string(),
                    a.owner.clone().unwrap_or_default(),
                    a.due.map(|d| d.to_string()).unwrap_or_default(),
                    a.overdue.to_string(),
                    a.effort.map(|e| format!("{e:?}").to_lowercase()).unwrap_or_default(),
                    a.systems.join("; "),
                    a.findings.iter().map(|c| c.as_str()).collect::<Vec<_>>().join("; "),
                    a.id.clone(),
                    a.requirements.join("; "),
                    a.documents.join("; "),
                    // The organisation's notes are sentences: joined so that none reads ".;".
                    crate::assess::join_justifications(
                        &a.problems.iter().map(|p| p.problem.as_str()).collect::<Vec<_>>(),
                    ),
                    a.after_target.to_string(),
                    a.treats.join("; "),
                    a.carried_by.join("; "),
                    a.carried_by_ranks.iter().map(usize::to_string).collect::<Vec<_>>().join("; "),
                    a.lifts.join("; "),
                    a.system_status.map(|s| s.as_str().to_string()).unwrap_or_default(),
                ]
            });
            let header = [
                "rank",
                "phase",
                "priority",
                "ref_id",
                "name",
                "result",
                "waived",
                "action",
                "origin",
                "owner",
                "due_date",
                "overdue",
                "effort",
                "systems",
                "findings",
                "action_id",
                "requirements",
                "documents",
                "problems",
                "due_after_target",
                "treats_risks",
                "carried_by",
                "carried_by_ranks",
                "lifts",
                "system_result",
            ];
            Ok(render::csv_table(&header, rows))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::action_id;

    #[test]
    fn action_ids_depend_on_the_key_only_and_never_change_between_versions() {
        // Pinned: a change of the hash would renumber every client's tracked actions.
        assert_eq!(action_id("req|4.1|not-assessed"), action_id("req|4.1|not-assessed"));
        assert_eq!(action_id("doc|evidence-stale|evidence/ai-policy.md"), "act-6d139351b3");
        assert_ne!(action_id("sys|A.7.5|triage"), action_id("sys|A.7.5|triagf"));
        assert_eq!(action_id("").len(), 14);
    }
}
