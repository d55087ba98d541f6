//! The remediation plan as an OSCAL plan of action and milestones. Each action of the plan (`aims plan`) becomes a
//! POA&M item and a risk: the risk is the gap the action closes (its shortfalls, its requirements), the action is
//! the risk's remediation, and its due date, when set, the remediation's milestone and the risk's deadline. Items keep
//! the plan's rank order; their UUIDs derive from the action's stable ID, so an action keeps its UUIDs while others
//! come and go.
//!
//! The AI risk register's risks follow as risks of their own, with their treatment actions as remediations
//! ([`super::risks`]); each risk with an open treatment action gets a POA&M item, and an action of the plan for a
//! control that a risk's treatment chooses is related to that risk as well.

use crate::assess::RiskReport;
use crate::views::plan::{Plan, PlanAction};

use super::model::*;
use super::{date_time, line, message, metadata, organisation, prop, uuid};

/// The POA&M of a remediation plan and, when the workspace keeps one, of the AI risk register (`register`: the
/// assessment's [`RiskReport`]). OSCAL requires at least one item: a plan without actions and a register without
/// open treatment actions get one item that says so (property `no-open-actions`), not an empty list.
/// Deterministic: the same plan and register give the same document.
pub fn poam(plan: &Plan, register: Option<&RiskReport>) -> PoamDocument {
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
    let register_risks = register.map(|r| &r.risks[..]).unwrap_or_default();
    for action in plan.phases.iter().flat_map(|p| &p.actions) {
        let risk = key(&["risk", &action.id]);
        risks.push(risk_of(action, risk, &key));
        let mut related_risks = vec![RelatedRisk { risk_uuid: risk }];
        related_risks.extend(
            register_risks
                .iter()
                .filter(|r| r.controls.iter().any(|c| action.requirements.contains(c)))
                .map(|r| RelatedRisk { risk_uuid: key(&super::risks::key(&r.id)) }),
        );
        items.push(PoamItem {
            uuid: key(&["poam-item", &action.id]),
            title: line(&format!("Action {}: {} {}", action.rank, action.requirement, action.title), &action.id),
            description: message(&action.action, "-"),
            props: props(action),
            related_risks,
            remarks: Some(message(&shortfalls(action), "-")),
        });
    }
    if let Some(register) = register {
        let party = organisation(&plan.organisation).uuid;
        risks.extend(super::risks::risks(register, &key, party, &Default::default()));
        for r in register_risks.iter().filter(|r| r.actions.iter().any(|a| a.done.is_none())) {
            let open: Vec<_> = r.actions.iter().filter(|a| a.done.is_none()).collect();
            let mut props: Vec<Property> = [prop("risk-id", &r.id), r.owner.as_deref().and_then(|o| prop("owner", o))]
                .into_iter()
                .flatten()
                .collect();
            props.extend(prop("open-actions", &open.len().to_string()));
            props.extend(open.iter().filter_map(|a| a.due).max().and_then(|d| prop("due", &d.to_string())));
            if open.iter().any(|a| a.overdue) {
                props.extend(prop("overdue", "true"));
            }
            props.extend(r.controls.iter().filter_map(|c| prop("control", c)));
            let actions: Vec<String> = open
                .iter()
                .map(|a| {
                    let owner = a.owner.as_deref().map(|o| format!(", owner {}", o.trim())).unwrap_or_default();
                    let due = a.due.map(|d| format!(", due {d}")).unwrap_or_default();
                    format!("{}{owner}{due}", a.description.trim())
                })
                .collect();
            items.push(PoamItem {
                uuid: key(&["poam-item", super::risks::key(&r.id)[0], &r.id]),
                title: line(&format!("Treat risk {}: {}", r.id, r.title), &r.id),
                description: line(&format!("Open treatment actions: {}.", actions.join("; ")), "-"),
                props,
                related_risks: vec![RelatedRisk { risk_uuid: key(&super::risks::key(&r.id)) }],
                remarks: None,
            });
        }
    }
    if items.is_empty() {
        items.push(PoamItem {
            uuid: key(&["poam-item", "none"]),
            title: "No open actions".to_string(),
            description: format!(
                "As of {}, every requirement included in the Statement of Applicability is met or waived: the \
                 remediation plan has no actions{}.",
                plan.as_of,
                if register.is_some_and(|r| !r.risks.is_empty()) {
                    ", and no risk of the register has an open treatment action"
                } else {
                    ""
                }
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
            props: Vec::new(),
            tasks,
        }],
        characterizations: Vec::new(),
        risk_log: None,
        related_observations: Vec::new(),
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
        action.effort.and_then(|e| prop("effort", effort(e))),
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
