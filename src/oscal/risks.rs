//! The AI risk register as OSCAL risks, for the assessment results and the POA&M. Each risk of the register
//! (`risks.yaml`, docs/risk.md) becomes one OSCAL risk:
//!
//! - its inherent and residual ratings as two characterizations, each with the facets `likelihood` and `impact` (the
//!   level's name on the organisation's scale, with its number and the scale's size) and `risk` (likelihood ×
//!   consequence, with the acceptance threshold), under aims's naming system, rated by the organisation;
//! - its treatment actions as remediations (`planned` while open, `completed` when done) with their owners and their
//!   due dates as milestones; the last due date of the open actions as the risk's deadline;
//! - its acceptance as a risk-log entry that sets the status `deviation-approved`;
//! - its status from the register: `deviation-approved` when accepted, `remediating` while a treatment action is
//!   open, `closed` when the rating that remains is within the acceptance threshold, `open` otherwise.
//!
//! UUIDs derive from the risk's ID (and a treatment action's place in its list), so a risk keeps its UUIDs from one
//! export to the next.

use std::collections::HashMap;

use serde::Serialize;
use uuid::Uuid;

use crate::assess::RiskReport;
use crate::assess::risk::{RatingResult, RiskResult, TreatmentActionResult};

use super::model::*;
use super::{NS, date_time, line, prop, value};

/// The key of a register risk's UUID inside a document: `["register-risk", ID]`, after the document's UUID.
pub(super) fn key(id: &str) -> [&str; 2] {
    ["register-risk", id]
}

/// The OSCAL status of a register risk: `deviation-approved` when someone allowed to accept it has (the OSCAL value
/// for an approved deviation; OSCAL has no value of its own for an accepted risk), `remediating` while a treatment
/// action is open, `closed` when the rating that remains (the residual rating, else the inherent one) is within the
/// acceptance threshold, `open` otherwise (above the threshold and neither treated nor accepted, or not rated).
pub fn status(risk: &RiskResult) -> &'static str {
    if risk.acceptance.is_some() {
        "deviation-approved"
    } else if risk.actions.iter().any(|a| a.done.is_none()) {
        "remediating"
    } else if risk.residual.as_ref().or(risk.inherent.as_ref()).is_some_and(|r| !r.above_threshold) {
        "closed"
    } else {
        "open"
    }
}

/// The register's risks, in register order. `uuid_of` makes a UUID inside the document from a key; `party` is the
/// organisation's party, the origin of every rating; `related` the observations about each risk, by risk ID.
pub(super) fn risks(
    register: &RiskReport,
    uuid_of: &dyn Fn(&[&str]) -> Uuid,
    party: Uuid,
    related: &HashMap<String, Vec<Uuid>>,
) -> Vec<Risk> {
    register.risks.iter().map(|r| risk(register, r, uuid_of, party, related)).collect()
}

fn risk(
    register: &RiskReport,
    r: &RiskResult,
    uuid_of: &dyn Fn(&[&str]) -> Uuid,
    party: Uuid,
    related: &HashMap<String, Vec<Uuid>>,
) -> Risk {
    let id = r.id.as_str();
    let mut props: Vec<Property> = prop("risk-id", id).into_iter().collect();
    props.extend(r.source.as_ref().and_then(|s| prop("source", &token(s))));
    props.extend(r.affected.iter().filter_map(|a| prop("affected", a)));
    props.extend(r.systems.iter().filter_map(|s| prop("ai-system", s)));
    props.extend(r.owner.as_deref().and_then(|o| prop("owner", o)));
    props.extend(r.treatment.as_ref().and_then(|t| prop("treatment", &token(t))));
    props.extend(r.controls.iter().filter_map(|c| prop("control", c)));
    props.extend(r.other_controls.iter().filter_map(|c| prop("other-control", c)));
    props.extend(r.reviewed.and_then(|d| prop("reviewed", &d.to_string())));
    props.extend(prop("location", &format!("{}:{}", r.location.file, r.location.line)));

    let criteria = &register.criteria;
    let characterizations = [("inherent", &r.inherent), ("residual", &r.residual)]
        .into_iter()
        .filter_map(|(which, rating)| rating.as_ref().map(|rating| (which, rating)))
        .map(|(which, rating)| Characterization {
            props: prop("rating", which).into_iter().collect(),
            origin: Origin { actors: vec![OriginActor { kind: "party", actor_uuid: party }] },
            facets: vec![
                level("likelihood", &rating.likelihood_level, rating.likelihood, criteria.likelihood.len()),
                level("impact", &rating.consequence_level, rating.consequence, criteria.consequence.len()),
                Facet {
                    name: "risk",
                    system: NS,
                    value: rating.score.to_string(),
                    props: [
                        prop("accept-up-to", &criteria.accept_up_to.to_string()),
                        prop("above-threshold", if rating.above_threshold { "true" } else { "false" }),
                    ]
                    .into_iter()
                    .flatten()
                    .collect(),
                },
            ],
        })
        .collect();

    let remediations = r.actions.iter().enumerate().map(|(i, a)| remediation(id, i, a, uuid_of)).collect();
    let deadline = r.actions.iter().filter(|a| a.done.is_none()).filter_map(|a| a.due).max().map(date_time);
    let risk_log = r.acceptance.as_ref().map(|accepted| RiskLog {
        entries: vec![RiskLogEntry {
            uuid: uuid_of(&[key(id)[0], id, "acceptance"]),
            title: line(&format!("Accepted by {}", accepted.by), "Accepted"),
            start: date_time(accepted.on),
            props: [
                prop("accepted-by", &accepted.by),
                prop("location", &format!("{}:{}", accepted.location.file, accepted.location.line)),
            ]
            .into_iter()
            .flatten()
            .collect(),
            status_change: Some("deviation-approved"),
        }],
    });

    Risk {
        uuid: uuid_of(&key(id)),
        title: line(&format!("{id}: {}", r.title), id),
        description: line(r.description.as_deref().unwrap_or(&r.title), "-"),
        statement: line(&statement(r, criteria.accept_up_to), "-"),
        props,
        status: status(r),
        characterizations,
        deadline,
        remediations,
        risk_log,
        related_observations: related
            .get(id)
            .map(|uuids| uuids.iter().map(|&observation_uuid| RelatedObservation { observation_uuid }).collect())
            .unwrap_or_default(),
    }
}

/// A facet for a level of a scale: its name (or its number, if the name is blank), its number and the scale's size.
fn level(name: &'static str, level_name: &str, level: u32, levels: usize) -> Facet {
    Facet {
        name,
        system: NS,
        value: value(level_name).unwrap_or_else(|| level.to_string()),
        props: [prop("level", &level.to_string()), prop("levels", &levels.to_string())].into_iter().flatten().collect(),
    }
}

/// A treatment action as a remediation: `completed` when done, `planned` otherwise; its due date as a milestone.
fn remediation(id: &str, i: usize, a: &TreatmentActionResult, uuid_of: &dyn Fn(&[&str]) -> Uuid) -> Response {
    let nth = (i + 1).to_string();
    let mut props: Vec<Property> = a.owner.as_deref().and_then(|o| prop("owner", o)).into_iter().collect();
    props.extend(a.due.and_then(|d| prop("due", &d.to_string())));
    props.extend(a.done.and_then(|d| prop("done", &d.to_string())));
    if a.overdue {
        props.extend(prop("overdue", "true"));
    }
    props.extend(prop("location", &format!("{}:{}", a.location.file, a.location.line)));
    let tasks = a
        .due
        .map(|due| Task {
            uuid: uuid_of(&[key(id)[0], id, "action", &nth, "milestone"]),
            kind: "milestone",
            title: line(&format!("Treatment action {nth} of {id} due"), "Due"),
            timing: Timing { on_date: OnDate { date: date_time(due) } },
        })
        .into_iter()
        .collect();
    Response {
        uuid: uuid_of(&[key(id)[0], id, "action", &nth]),
        lifecycle: if a.done.is_some() { "completed" } else { "planned" },
        title: line(&a.description, "Treatment action"),
        description: line(&a.description, "-"),
        props,
        tasks,
    }
}

/// The risk's ratings, treatment and acceptance in one sentence.
fn statement(r: &RiskResult, accept_up_to: u32) -> String {
    let rated = |rating: &RatingResult| {
        format!(
            "likelihood {} ({}) × consequence {} ({}) = {}, {} the acceptance threshold {accept_up_to}",
            rating.likelihood,
            rating.likelihood_level.trim(),
            rating.consequence,
            rating.consequence_level.trim(),
            rating.score,
            if rating.above_threshold { "above" } else { "within" }
        )
    };
    let mut parts = vec![match &r.inherent {
        Some(rating) => format!("Inherent rating: {}", rated(rating)),
        None => "No inherent rating".to_string(),
    }];
    if let Some(option) = &r.treatment {
        let mut chosen: Vec<&str> = r.controls.iter().map(String::as_str).collect();
        chosen.extend(r.other_controls.iter().map(|c| c.trim()));
        let with = if chosen.is_empty() { String::new() } else { format!(" with {}", chosen.join(", ")) };
        let open = r.actions.iter().filter(|a| a.done.is_none()).count();
        let actions = match r.actions.len() {
            1 => "1 action".to_string(),
            n => format!("{n} actions"),
        };
        parts.push(format!("treatment: {}{with}; {actions}, {open} open", token(option)));
    }
    if let Some(rating) = &r.residual {
        parts.push(format!("residual rating: {}", rated(rating)));
    }
    if let Some(accepted) = &r.acceptance {
        parts.push(format!("accepted by {} on {}", accepted.by.trim(), accepted.on));
    }
    format!("{}.", parts.join("; "))
}

/// A unit enum as its YAML and JSON token (`machine_learning`, `modify`).
fn token<T: Serialize>(value: &T) -> String {
    serde_json::to_value(value).ok().and_then(|v| v.as_str().map(str::to_string)).unwrap_or_default()
}
