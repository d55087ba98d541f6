//! The remediation plan: one action per unmet requirement, ordered so that what blocks certification comes first
//! (mandatory clauses and documented information, then what touches high-risk AI systems, then the rest) and
//! grouped into the phases of a certification project. A pure view over the assessment.

use crate::rules::Code;
use minijinja::context;
use serde::Serialize;

use crate::assess::{Assessment, RequirementResult};
use crate::catalogue::{Effort, Kind};
use crate::date::Date;
use crate::render::{self, DocumentError};
use crate::workspace::{Status, Workspace};

const TEMPLATE: &str = include_str!("../../templates/plan.md.j2");

/// The phase of a certification project an action belongs to, in the order the phases come.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub enum Phase {
    /// Mandatory clauses and documented information: the stage 1 audit reviews these first.
    #[serde(rename = "before_stage_1")]
    BeforeStage1,
    /// Controls that are missing, unassessed, or touch high-risk AI systems: the stage 2 audit tests them.
    #[serde(rename = "before_stage_2")]
    BeforeStage2,
    /// Partial controls that do not block certification.
    #[serde(rename = "continual_improvement")]
    ContinualImprovement,
}

impl Phase {
    /// The phase's key, as JSON and CSV write it: `before_stage_1`.
    pub fn as_str(self) -> &'static str {
        match self {
            Phase::BeforeStage1 => "before_stage_1",
            Phase::BeforeStage2 => "before_stage_2",
            Phase::ContinualImprovement => "continual_improvement",
        }
    }

    fn title(self) -> &'static str {
        match self {
            Phase::BeforeStage1 => "Before the stage 1 audit",
            Phase::BeforeStage2 => "Before the stage 2 audit",
            Phase::ContinualImprovement => "Continual improvement",
        }
    }
}

/// How urgent an action is within its phase, highest first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Priority {
    /// Everything before stage 1, and before stage 2 what is non-compliant or touches a high-risk system.
    High,
    /// The other actions before stage 2.
    Medium,
    /// Continual improvement.
    Low,
}

impl Priority {
    /// The priority's key, as JSON and CSV write it: `high`.
    pub fn as_str(self) -> &'static str {
        match self {
            Priority::High => "high",
            Priority::Medium => "medium",
            Priority::Low => "low",
        }
    }
}

/// One action of the plan: what to do about one unmet requirement.
#[derive(Debug, Clone, Serialize)]
pub struct PlanAction {
    /// 1 is the first thing to do.
    pub rank: usize,
    /// The requirement's ID.
    pub requirement: String,
    /// Its short title.
    pub title: String,
    /// Clause or Annex A control.
    pub kind: Kind,
    /// Its status: partially compliant, non-compliant or not assessed.
    pub status: Status,
    /// Whether a waiver covers the gap.
    pub waived: bool,
    /// The phase the action belongs to.
    pub phase: Phase,
    /// Its priority within the phase.
    pub priority: Priority,
    /// What to do, in words.
    pub action: String,
    /// Whether the action was planned in the workspace (`action:`) or derived from the findings.
    pub planned: bool,
    /// Who owns the action (the planned action's owner, else the requirement's).
    pub owner: Option<String>,
    /// When the planned action is due.
    pub due: Option<Date>,
    /// Whether the due date is before the as-of date.
    pub overdue: bool,
    /// The catalogue's estimate of the effort.
    pub effort: Effort,
    /// AI systems that fall short, for per-system requirements.
    pub systems: Vec<String>,
    /// Codes of the findings behind the action.
    pub findings: Vec<Code>,
}

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
    /// The version of this shape: 1.
    pub schema_version: u32,
    /// The organisation's name.
    pub organisation: String,
    /// The assessment's as-of date.
    pub as_of: Date,
    /// How many actions there are.
    pub actions: usize,
    /// How many are overdue.
    pub overdue: usize,
    /// How many have no owner.
    pub without_owner: usize,
    /// How many have no due date.
    pub without_due_date: usize,
    /// The phases that have actions, in order.
    pub phases: Vec<PhaseGroup>,
}

/// Builds the plan from the assessment's unmet requirements.
pub fn build(workspace: &Workspace, assessment: &Assessment) -> Plan {
    let high_risk = |id: &str| {
        workspace
            .systems
            .iter()
            .any(|s| s.id == id && s.eu_ai_act.as_ref().is_some_and(|e| e.is_high_risk() || e.is_prohibited()))
    };
    let mut actions: Vec<(usize, PlanAction)> = assessment
        .requirements
        .iter()
        .enumerate()
        .filter(|(_, r)| r.status.is_gap())
        .map(|(order, r)| {
            let systems: Vec<String> =
                r.systems.iter().filter(|s| s.status.is_gap()).map(|s| s.system.clone()).collect();
            let touches_high_risk = systems.iter().any(|s| high_risk(s));
            let mandatory = r.kind == Kind::Clause || r.documented_information;
            let phase = if mandatory {
                Phase::BeforeStage1
            } else if r.status != Status::PartiallyCompliant || touches_high_risk {
                Phase::BeforeStage2
            } else {
                Phase::ContinualImprovement
            };
            let priority = match phase {
                Phase::BeforeStage1 => Priority::High,
                Phase::BeforeStage2 if touches_high_risk || r.status == Status::NonCompliant => Priority::High,
                Phase::BeforeStage2 => Priority::Medium,
                Phase::ContinualImprovement => Priority::Low,
            };
            (order, action(r, phase, priority, systems))
        })
        .collect();
    // What blocks certification first; within a phase, high priority, then worse status, then catalogue order.
    actions.sort_by_key(|(order, a)| (a.phase, a.priority, std::cmp::Reverse(a.status.severity()), *order));
    let mut phases: Vec<PhaseGroup> = Vec::new();
    for (rank, (_, mut a)) in actions.into_iter().enumerate() {
        a.rank = rank + 1;
        match phases.last_mut() {
            Some(group) if group.phase == a.phase => group.actions.push(a),
            _ => phases.push(PhaseGroup { phase: a.phase, title: a.phase.title(), actions: vec![a] }),
        }
    }
    let all = || phases.iter().flat_map(|p| p.actions.iter());
    Plan {
        schema_version: crate::assess::REPORT_SCHEMA_VERSION,
        organisation: assessment.organisation.name.clone(),
        as_of: assessment.as_of,
        actions: all().count(),
        overdue: all().filter(|a| a.overdue).count(),
        without_owner: all().filter(|a| a.owner.is_none()).count(),
        without_due_date: all().filter(|a| a.due.is_none()).count(),
        phases,
    }
}

fn action(r: &RequirementResult, phase: Phase, priority: Priority, systems: Vec<String>) -> PlanAction {
    // The planned action when there is one; otherwise the next step of the headline finding.
    let (action, planned) = match (&r.action, r.headline_finding()) {
        (Some(a), _) => (a.description.clone(), true),
        (None, Some(f)) => (f.action.clone(), false),
        (None, None) => (format!("Close the gap in {} {}.", r.id, r.title), false),
    };
    PlanAction {
        rank: 0,
        requirement: r.id.clone(),
        title: r.title.clone(),
        kind: r.kind,
        status: r.status,
        waived: r.waived,
        phase,
        priority,
        action,
        planned,
        owner: r.action.as_ref().and_then(|a| a.owner.clone()).or_else(|| r.owner.clone()),
        due: r.action.as_ref().and_then(|a| a.due),
        overdue: r.action.as_ref().is_some_and(|a| a.overdue),
        effort: r.effort,
        systems,
        findings: r.findings.iter().map(|f| f.code).collect(),
    }
}

/// The plan in `format`; Markdown from `template_dir/plan.md.j2` when that file exists, else the built-in template.
///
/// # Errors
/// [`DocumentError::Template`] when the Markdown template fails; [`DocumentError::Unsupported`] for a format other
/// than those of [`render::Format::DOCUMENT`].
pub fn render(
    plan: &Plan,
    format: render::Format,
    template_dir: Option<&std::path::Path>,
) -> Result<String, DocumentError> {
    match format.check("remediation plan", render::Format::DOCUMENT)? {
        render::Format::Json => Ok(render::json(plan)),
        render::Format::Markdown => {
            let ctx = context! { plan => render::markdown_value(plan), aims_version => env!("CARGO_PKG_VERSION") };
            Ok(render::render_document("plan.md.j2", TEMPLATE, ctx, template_dir)?)
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
                    if a.planned { "planned" } else { "suggested" }.to_string(),
                    a.owner.clone().unwrap_or_default(),
                    a.due.map(|d| d.to_string()).unwrap_or_default(),
                    a.overdue.to_string(),
                    format!("{:?}", a.effort).to_lowercase(),
                    a.systems.join("; "),
                    a.findings.iter().map(|c| c.as_str()).collect::<Vec<_>>().join("; "),
                ]
            });
            let header = [
                "rank", "phase", "priority", "ref_id", "name", "result", "waived", "action", "origin", "owner",
                "due_date", "overdue", "effort", "systems", "findings",
            ];
            Ok(render::csv_table(&header, rows))
        }
    }
}
