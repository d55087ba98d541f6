//! The remediation plan as an OSCAL plan of action and milestones. Each action of the plan (`aims plan`) becomes a
//! POA&M item and a risk: the risk is the gap the action closes (its shortfalls, its requirements), the action is
//! the risk's remediation, and its due date, when set, the remediation's milestone and the risk's deadline. Items keep
//! the plan's rank order; their UUIDs derive from the action's stable ID, so an action keeps its UUIDs while others
//! come and go.

use crate::views::plan::{Plan, PlanAction};

use super::model::*;
use super::{date_time, line, message, metadata, organisation, prop, uuid};

/// The POA&M of a remediation plan. OSCAL requires at least one item: a plan without actions gets one item that
/// says so (property `no-open-actions`), not an empty list. Deterministic: the same plan gives the same document.
pub fn poam(plan: &Plan) -> PoamDocument {
    let doc = uuid(&["plan-of-action-and-milestones", &plan.organisation]);
    let key = |parts: &[&str]| {
        let doc = doc.to_string();
        let mut key = vec![doc.as_str()];
        key.extend_from_slice(parts);
        uuid(&key)
    };
    let mut meta = metadata(
        line(&format!("ISO/IEC 42001 remediation plan: {}", plan.organisation), "ISO/IEC 42001 remediation plan"),
        plan.as_of,
        plan.as_of.to_string(),
    );
    meta.parties = vec![organisation(&plan.organisation)];
    meta.props = [
        prop("actions", &plan.actions.to_string()),
        prop("overdue", &plan.overdue.to_string()),
        plan.target_audit_date.and_then(|d| prop("target-audit-date", &d.to_string())),
    ]
    .into_iter()
    .flatten()
    .collect();

    let mut risks = Vec::new();
    let mut items = Vec::new();
    for action in plan.phases.iter().flat_map(|p| &p.actions) {
        let risk = key(&["risk", &action.id]);
        risks.push(risk_of(action, risk, &key));
        items.push(PoamItem {
            uuid: key(&["poam-item", &action.id]),
            title: line(&format!("Action {}: {} {}", action.rank, action.requirement, action.title), &action.id),
            description: message(&action.action, "-"),
            props: props(action),
            related_risks: vec![RelatedRisk { risk_uuid: risk }],
            remarks: Some(message(&shortfalls(action), "-")),
        });
    }
    if items.is_empty() {
        items.push(PoamItem {
            uuid: key(&["poam-item", "none"]),
            title: "No open actions".to_string(),
            description: format!(
                "As of {}, every requirement included in the Statement of Applicability is met or waived: the \
                 remediation plan has no actions.",
                plan.as_of
            ),
            props: prop("no-open-actions", "true").into_iter().collect(),
            related_risks: Vec::new(),
            remarks: None,
        });
    }
    PoamDocument { plan_of_action_and_milestones: Poam { uuid: doc, metadata: meta, risks, poam_items: items } }
}

/// The gap an action closes, as a risk with the action as its remediation.
fn risk_of(action: &PlanAction, risk: uuid::Uuid, key: &impl Fn(&[&str]) -> uuid::Uuid) -> Risk {
    let requirements = action.requirements.join(", ");
    let tasks = action
        .due
        .map(|due| Task {
            uuid: key(&["milestone", &action.id]),
            kind: "milestone",
            title: line(&format!("Action {} due", action.id), "Due"),
            timing: Timing { on_date: OnDate { date: date_time(due) } },
        })
        .into_iter()
        .collect();
    Risk {
        uuid: risk,
        title: line(&format!("{} {}: {}", action.requirement, action.title, action.status.label()), &action.id),
        description: message(&shortfalls(action), "-"),
        statement: line(
            &format!(
                "Until this action is done, ISO/IEC 42001 {requirements} stays {} and would be a finding at the {}.",
                action.status.label().to_lowercase(),
                match action.phase {
                    crate::views::plan::Phase::BeforeStage1 => "stage 1 audit",
                    crate::views::plan::Phase::BeforeStage2 => "stage 2 audit",
                }
            ),
            "-",
        ),
        props: [
            prop("phase", action.phase.as_str()),
            prop("priority", action.priority.as_str()),
            prop("status", action.status.as_str()),
        ]
        .into_iter()
        .flatten()
        .collect(),
        status: if action.waived { "deviation-approved" } else { "open" },
        deadline: action.due.map(date_time),
        remediations: vec![Response {
            uuid: key(&["remediation", &action.id]),
            lifecycle: if action.planned { "planned" } else { "recommendation" },
            title: message(&action.action, "-"),
            description: message(&action.action, "-"),
            tasks,
        }],
    }
}

/// The plan's fields of an action as properties.
fn props(action: &PlanAction) -> Vec<Property> {
    let mut props: Vec<Property> = [
        prop("action-id", &action.id),
        prop("rank", &action.rank.to_string()),
        prop("phase", action.phase.as_str()),
        prop("priority", action.priority.as_str()),
        prop("status", action.status.as_str()),
        prop("effort", effort(action.effort)),
        prop("planned", if action.planned { "true" } else { "false" }),
        action.owner.as_deref().and_then(|o| prop("owner", o)),
        action.due.and_then(|d| prop("due", &d.to_string())),
    ]
    .into_iter()
    .flatten()
    .collect();
    for (flag, name) in [(action.overdue, "overdue"), (action.after_target, "after-target"), (action.waived, "waived")]
    {
        if flag {
            props.extend(prop(name, "true"));
        }
    }
    props.extend(action.requirements.iter().filter_map(|r| prop("requirement", r)));
    props.extend(action.systems.iter().filter_map(|s| prop("ai-system", s)));
    props.extend(action.documents.iter().filter_map(|d| prop("document", d)));
    props.extend(action.findings.iter().filter_map(|c| prop("rule", c.as_str())));
    props
}

fn effort(effort: crate::catalogue::Effort) -> &'static str {
    match effort {
        crate::catalogue::Effort::Small => "small",
        crate::catalogue::Effort::Medium => "medium",
        crate::catalogue::Effort::Large => "large",
    }
}

/// The shortfalls an action closes, as one line: `A.6.2.4 (chatbot): the impact assessment is stale; …`.
fn shortfalls(action: &PlanAction) -> String {
    let parts: Vec<String> = action
        .problems
        .iter()
        .map(|p| match &p.system {
            Some(system) => format!("{} ({system}): {}", p.requirement, p.problem.trim()),
            None => format!("{}: {}", p.requirement, p.problem.trim()),
        })
        .collect();
    if parts.is_empty() { format!("{} {}", action.requirement, action.title) } else { parts.join("; ") }
}
