//! The CI gate: a pure verdict over a finished assessment, which it reads and never changes. A run fails with exit
//! code 1 when a selected requirement has a failing status and is not waived, when the score of the selection is
//! below the threshold, or when a waiver has expired. The JSON report carries the verdict beside the assessment
//! ([`crate::assess::Report`]).

use serde::Serialize;

use crate::assess::{Assessment, Counts, WaiverState};
use crate::catalogue::{Catalogue, selects};
use crate::workspace::{GatePolicy, Status};

/// The gate's verdict, with the policy it applied (aims.toml's `[gate]`, each setting replaced by its command-line
/// flag).
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct GateResult {
    /// Whether the run passes: `reasons` is empty.
    pub passed: bool,
    /// Why it failed, one sentence each; empty when it passed.
    pub reasons: Vec<String>,
    /// The lowest score in percent (0-100) the selection may have; `null` when no threshold is set.
    pub fail_under: Option<f64>,
    /// The statuses that fail a selected requirement unless a waiver accepts it; empty when none does.
    pub fail_on: Vec<Status>,
    /// The selectors that choose the requirements (IDs, prefixes, `clauses`, `controls`); empty means all.
    pub select: Vec<String>,
    /// The selectors whose requirements are left out.
    pub ignore: Vec<String>,
    /// How many requirements the gate looked at.
    pub selected: usize,
    /// The score over the selected requirements in percent, as the report's scores; `null` when none of them is
    /// applicable and assessed.
    pub score: Option<f64>,
    /// Selected requirements with a failing status that no waiver covers.
    pub failing: Vec<String>,
    /// Selected requirements with a failing status that a waiver covers.
    pub waived: Vec<String>,
}

/// Evaluates `policy` against `assessment`, reading its statuses, waiver marks and waiver states; `None` when no gate
/// is set.
pub fn evaluate(catalogue: &Catalogue, assessment: &Assessment, policy: &GatePolicy) -> Option<GateResult> {
    if !policy.is_set() {
        return None;
    }
    let chosen = |id: &str| {
        let Some(req) = catalogue.get(id) else { return false };
        let selected = policy.select.is_empty() || policy.select.iter().any(|s| selects(s, req));
        selected && !policy.ignore.iter().any(|s| selects(s, req))
    };
    let selection: Vec<_> = assessment.requirements.iter().filter(|r| chosen(&r.id)).collect();
    let mut counts = Counts::default();
    selection.iter().for_each(|r| counts.add(r.status));
    let score = counts.score();

    let failing_status = |r: &&&crate::assess::RequirementResult| policy.fail_on.contains(&r.status);
    let failing: Vec<String> =
        selection.iter().filter(failing_status).filter(|r| !r.waived).map(|r| r.id.clone()).collect();
    let waived: Vec<String> =
        selection.iter().filter(failing_status).filter(|r| r.waived).map(|r| r.id.clone()).collect();

    let mut reasons = Vec::new();
    if !failing.is_empty() {
        let statuses: Vec<&str> = policy.fail_on.iter().map(|s| s.as_str()).collect();
        reasons.push(format!(
            "{} requirement{} {} {}: {}",
            failing.len(),
            if failing.len() == 1 { "" } else { "s" },
            if failing.len() == 1 { "is" } else { "are" },
            statuses.join(" or "),
            abbreviate(&failing)
        ));
    }
    if let Some(threshold) = policy.fail_under {
        match score {
            Some(s) if s < threshold => reasons.push(format!("score {s:.1}% is below the threshold {threshold:.1}%")),
            None if threshold > 0.0 => {
                reasons.push(format!("no selected requirement is assessed, so the score cannot reach {threshold:.1}%"))
            }
            _ => {}
        }
    }
    let expired: Vec<String> = assessment
        .waivers
        .iter()
        .filter(|w| w.state == WaiverState::Expired && chosen(&w.requirement))
        .map(|w| match &w.system {
            Some(system) => format!("{} ({system}, expired {})", w.requirement, w.expires),
            None => format!("{} (expired {})", w.requirement, w.expires),
        })
        .collect();
    if !expired.is_empty() {
        reasons.push(format!("expired waiver{}: {}", if expired.len() == 1 { "" } else { "s" }, expired.join(", ")));
    }
    Some(GateResult {
        passed: reasons.is_empty(),
        reasons,
        fail_under: policy.fail_under,
        fail_on: policy.fail_on.clone(),
        select: policy.select.clone(),
        ignore: policy.ignore.clone(),
        selected: selection.len(),
        score,
        failing,
        waived,
    })
}

/// The first few IDs of a long list, so the summary line stays one line.
fn abbreviate(ids: &[String]) -> String {
    const SHOWN: usize = 8;
    if ids.len() <= SHOWN {
        ids.join(", ")
    } else {
        format!("{} and {} more", ids[..SHOWN].join(", "), ids.len() - SHOWN)
    }
}
