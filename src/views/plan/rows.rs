//! The plan as people read it when many AI systems fall short on the same control: the per-system actions of one
//! control become one row ("for 14 AI systems") with counts and the systems that fall shortest, while the JSON plan
//! and the workbook keep every action. The executive summary's first actions and the plan of a large inventory
//! (above `views::summary::LARGE_INVENTORY` systems) read these rows.

use serde::Serialize;

use super::{Phase, Plan, PlanAction};
use crate::workspace::Status;

/// How many AI systems a group row names before it counts the rest.
pub const NAMED_SYSTEMS: usize = 5;

/// One row of the plan for people: an action of its own, or the per-system actions of one control taken together.
#[derive(Debug, Clone, Serialize)]
pub struct PlanRow {
    /// The action the row shows. For a group: the first action (plan order) of the control, with the client's
    /// text for all its systems, the worst status, the earliest due date, the largest effort, the owner when
    /// every action has the same one (else `null`), and every AI system (most severe first) in `systems`.
    pub action: PlanAction,
    /// The rank of the last action it stands for; `action.rank` for an action of its own.
    pub last_rank: usize,
    /// How many actions it stands for: one per AI system for a group, 1 otherwise.
    pub count: usize,
    /// For a group, the problems its systems have, each once, joined by "; " (at most three, then how many more);
    /// `null` otherwise.
    pub problem: Option<String>,
    /// For a group, the names of the first [`NAMED_SYSTEMS`] AI systems (all six when there are six), non-compliant
    /// ones first; empty otherwise.
    pub named: Vec<String>,
    /// For a group, how many of its AI systems are non-compliant on the control.
    pub non_compliant: usize,
    /// For a group, how many different owners its actions have.
    pub owners: usize,
    /// How many of its actions have no owner.
    pub without_owner: usize,
    /// For a group, how many of its actions have no due date.
    pub without_due_date: usize,
    /// The IDs of the actions it stands for, in plan order.
    pub ids: Vec<String>,
}

/// The plan's actions as rows, in plan order (a group where its first action is): the per-system actions of one
/// control in one phase, suggested by the assessment for one AI system each, become one row when there are at
/// least two of them; every other action is a row of its own.
pub fn rows(plan: &Plan) -> Vec<PlanRow> {
    let actions: Vec<&PlanAction> = plan.phases.iter().flat_map(|p| p.actions.iter()).collect();
    let groupable = |a: &PlanAction| {
        a.group.is_some() && !a.planned && a.systems.len() == 1 && a.requirements.len() == 1 && a.treats.is_empty()
    };
    // One control's systems without a record, and its systems whose records fall short in one way, are two rows.
    let key = |a: &PlanAction| (a.phase, a.requirement.clone(), a.findings.first().map(|c| c.as_str()));
    let mut rows: Vec<PlanRow> = Vec::new();
    let mut open: std::collections::BTreeMap<(Phase, String, Option<&str>), usize> = std::collections::BTreeMap::new();
    let mut members: Vec<Vec<&PlanAction>> = Vec::new();
    for a in actions {
        if groupable(a) {
            if let Some(&at) = open.get(&key(a)) {
                members[at].push(a);
                continue;
            }
            open.insert(key(a), rows.len());
        }
        members.push(vec![a]);
        rows.push(single(a));
    }
    for (row, group) in rows.iter_mut().zip(members) {
        if group.len() > 1 {
            *row = combined(&group);
        }
    }
    rows
}

/// An action as a row of its own.
fn single(a: &PlanAction) -> PlanRow {
    PlanRow {
        action: a.clone(),
        last_rank: a.rank,
        count: 1,
        problem: None,
        named: Vec::new(),
        non_compliant: 0,
        owners: usize::from(a.owner.is_some()),
        without_owner: usize::from(a.owner.is_none()),
        without_due_date: usize::from(a.due.is_none()),
        ids: vec![a.id.clone()],
    }
}

/// The per-system actions of one control as one row.
fn combined(group: &[&PlanAction]) -> PlanRow {
    let mut by_severity: Vec<&PlanAction> = group.to_vec();
    by_severity.sort_by_key(|a| std::cmp::Reverse(a.severity)); // stable: plan order within a severity
    let first = group[0];
    let mut action = first.clone();
    let mut owners: Vec<&str> = group.iter().filter_map(|a| a.owner.as_deref()).collect();
    owners.sort_unstable();
    owners.dedup();
    let every_action_owned = group.iter().all(|a| a.owner.is_some());
    action.owner = match owners.as_slice() {
        [one] if every_action_owned => Some((*one).to_string()),
        _ => None,
    };
    action.due = group.iter().filter_map(|a| a.due).min();
    action.overdue = group.iter().any(|a| a.overdue);
    action.after_target = group.iter().any(|a| a.after_target);
    action.effort = group.iter().map(|a| a.effort).max().unwrap_or(first.effort);
    action.status = group.iter().map(|a| a.status).max_by_key(|s| s.severity()).unwrap_or(first.status);
    action.waived = group.iter().all(|a| a.waived);
    // Several AI systems: the row shows the requirement's status, not one system's.
    (action.system_status, action.status_label) = (None, None);
    action.systems = by_severity.iter().flat_map(|a| a.systems.iter().cloned()).collect();
    action.severity = by_severity[0].severity;
    // Each of the systems' problems once ("no evidence of event logging is recorded" was written once per system
    // that shared it), kept apart rather than split out of joined text, whose document titles may hold "; ".
    let mut problems: Vec<&str> = Vec::new();
    for a in &by_severity {
        if let Some((_, parts, client_action)) = &a.group {
            for part in parts {
                if !problems.contains(&part.as_str()) {
                    problems.push(part);
                }
            }
            if a.id == by_severity[0].id {
                action.client_action = client_action.replace(
                    super::shortfalls::EACH_SYSTEM,
                    &format!("each of the {} AI systems concerned", group.len()),
                );
            }
        }
    }
    PlanRow {
        last_rank: group.iter().map(|a| a.rank).max().unwrap_or(first.rank),
        count: group.len(),
        problem: Some(shared_problem(&problems)),
        // Never "and 1 more": a sixth system is named rather than counted.
        named: by_severity
            .iter()
            .filter_map(|a| a.group.as_ref().map(|g| g.0.clone()))
            .take(if group.len() == NAMED_SYSTEMS + 1 { NAMED_SYSTEMS + 1 } else { NAMED_SYSTEMS })
            .collect(),
        non_compliant: group.iter().filter(|a| a.severity == Status::NonCompliant.severity()).count(),
        owners: owners.len(),
        without_owner: group.iter().filter(|a| a.owner.is_none()).count(),
        without_due_date: group.iter().filter(|a| a.due.is_none()).count(),
        ids: group.iter().map(|a| a.id.clone()).collect(),
        action,
    }
}

/// How many different problems a group's row names before it counts the rest (one per document not found, say).
const NAMED_PROBLEMS: usize = 3;

/// The problems of a group's systems, each once, joined by "; ": at most [`NAMED_PROBLEMS`], then "and 89 other
/// shortfalls like these" (never "1 other": a fourth is written out).
fn shared_problem(problems: &[&str]) -> String {
    if problems.len() <= NAMED_PROBLEMS + 1 {
        return problems.join("; ");
    }
    let rest = problems.len() - NAMED_PROBLEMS;
    format!(
        "{}; and {} other shortfalls like these",
        problems[..NAMED_PROBLEMS].join("; "),
        crate::render::grouped(rest)
    )
}
