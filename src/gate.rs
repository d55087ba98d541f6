//! The CI gate: a pure verdict over a finished assessment, which it reads and never changes. A run fails with exit
//! code 1 when the gate selects nothing or nothing that applies, when a selected requirement has a failing status and
//! is not waived, when the gate's score of the selection is below the threshold, or when a waiver of a selected
//! requirement has expired or runs past the job's horizon. The JSON report carries the verdict beside the assessment
//! ([`crate::assess::Report`]).
//!
//! The policy comes from two places that are not trusted alike ([`combine`]): the command line of the CI job is
//! trusted and is the floor; aims.toml's `[gate]` belongs to the workspace, which a pull request can edit, so it may
//! make the gate stricter and never weaker.

use serde::Serialize;

use crate::assess::{Assessment, RequirementResult, WaiverResult, WaiverState};
use crate::catalogue::{Catalogue, selects};
use crate::workspace::{GatePolicy, Status};

/// The gate's verdict, with the policy it applied: the command line's flags combined with aims.toml's `[gate]`, which
/// may only make them stricter.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct GateResult {
    /// Whether the run passes: `reasons` is empty.
    pub passed: bool,
    /// Why it failed, one sentence each; empty when it passed.
    pub reasons: Vec<String>,
    /// The lowest score in percent (0-100) the selection may have; `null` when no threshold is set.
    pub fail_under: Option<f64>,
    /// The statuses that fail a selected requirement unless a waiver accepts it; empty when none does. Unless
    /// `allow_not_assessed`, a requirement that is not assessed also fails when this lists `non_compliant`.
    pub fail_on: Vec<Status>,
    /// The selectors that choose the requirements (IDs, prefixes, `clauses`, `controls`); empty means all.
    pub select: Vec<String>,
    /// The selectors whose requirements are left out.
    pub ignore: Vec<String>,
    /// How many requirements the gate looked at.
    pub selected: usize,
    /// How many of the selected requirements are assessed: every status but `not_assessed` (a requirement judged
    /// not applicable is assessed).
    pub assessed: usize,
    /// The gate's score over the selected requirements in percent (0-100, one decimal): compliant counts 1,
    /// partially compliant 0.5, non-compliant and not assessed 0, not applicable is left out. With
    /// `allow_not_assessed`, requirements not assessed are left out too, as in the report's scores. `null` when no
    /// selected requirement counts.
    pub score: Option<f64>,
    /// Selected requirements that fail the gate: a failing status (or not assessed, counted as non-compliant) that
    /// no waiver covers.
    pub failing: Vec<String>,
    /// Selected requirements with a failing status that a waiver covers; always empty with `no_waivers`.
    pub waived: Vec<String>,
    /// The job let requirements that are not assessed go (`--allow-not-assessed`): they are left out of the score
    /// and fail only when `fail_on` names `not_assessed`.
    pub allow_not_assessed: bool,
    /// The job ignored the workspace's waivers (`--no-waivers`): no waiver accepts a gap the gate checks.
    pub no_waivers: bool,
    /// The job's waiver horizon in months after the as-of date (`--waiver-max-months`): a waiver of a selected
    /// requirement that expires later fails the gate. `null` when the job set none (aims.toml's horizon, checked
    /// when the workspace is loaded, still holds).
    pub waiver_max_months: Option<u32>,
}

impl GateResult {
    /// The verdict in one line, after the words "gate " (`aims gap` prints `aims: gate ` and this on stderr):
    /// `passed: score 82.5% (31 assessed of 70 selected requirements, 2 waived)`, or `failed (1 assessed of 70
    /// selected requirements): score 1.4% is below the threshold 70.0%`.
    pub fn verdict(&self) -> String {
        let mut scope = format!(
            "{} assessed of {} selected requirement{}",
            self.assessed,
            self.selected,
            if self.selected == 1 { "" } else { "s" }
        );
        if !self.waived.is_empty() {
            scope.push_str(&format!(", {} waived", self.waived.len()));
        }
        if self.no_waivers {
            scope.push_str(", waivers ignored");
        }
        if self.allow_not_assessed {
            scope.push_str(", not assessed allowed");
        }
        if self.passed {
            format!("passed: score {} ({scope})", crate::render::percent(self.score))
        } else {
            format!("failed ({scope}): {}", self.reasons.join("; "))
        }
    }
}

/// The policy a run applies: the command line's (`command_line`, the CI job's flags: trusted, the floor) combined
/// with the workspace's (`workspace`, aims.toml's `[gate]`: untrusted), so that no edit of aims.toml can turn a
/// failing gate into a passing one.
///
/// - `fail_under`: the higher of the two thresholds.
/// - `fail_on`: every status either names (in [`Status::ALL`] order).
/// - `select` and `ignore`: the command line's whenever it sets a gate (a threshold, statuses, a waiver horizon) or
///   gives a selection; aims.toml's only when the command line says nothing about the gate. The workspace can
///   neither narrow the job's selection nor widen it: a wider selection could add met requirements and raise the
///   score over a threshold.
/// - `allow_not_assessed`, `no_waivers`, `waiver_max_months`: the command line's; the workspace cannot set them.
pub fn combine(command_line: &GatePolicy, workspace: &GatePolicy) -> GatePolicy {
    let fail_under = match (command_line.fail_under, workspace.fail_under) {
        (Some(a), Some(b)) => Some(a.max(b)),
        (a, b) => a.or(b),
    };
    let fail_on =
        Status::ALL.into_iter().filter(|s| command_line.fail_on.contains(s) || workspace.fail_on.contains(s)).collect();
    let selection = if decides_selection(command_line) { command_line } else { workspace };
    GatePolicy {
        fail_under,
        fail_on,
        select: selection.select.clone(),
        ignore: selection.ignore.clone(),
        allow_not_assessed: command_line.allow_not_assessed,
        no_waivers: command_line.no_waivers,
        waiver_max_months: command_line.waiver_max_months,
    }
}

/// Whether the command line's policy decides the gate's selection (see [`combine`]): it sets a gate or a selection.
pub fn decides_selection(command_line: &GatePolicy) -> bool {
    command_line.is_set() || !command_line.select.is_empty() || !command_line.ignore.is_empty()
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
    let selection: Vec<&RequirementResult> = assessment.requirements.iter().filter(|r| chosen(&r.id)).collect();
    let count = |status: Status| selection.iter().filter(|r| r.status == status).count();
    let (not_applicable, not_assessed) = (count(Status::NotApplicable), count(Status::NotAssessed));
    let score = score(&selection, policy.allow_not_assessed);

    // Not assessed counts as non-compliant, unless the job allows it.
    let counted_as_unmet = |status: Status| {
        status == Status::NotAssessed && !policy.allow_not_assessed && policy.fail_on.contains(&Status::NonCompliant)
    };
    let fails = |r: &&RequirementResult| policy.fail_on.contains(&r.status) || counted_as_unmet(r.status);
    let waived = |r: &&RequirementResult| r.waived && !policy.no_waivers;
    let failing: Vec<&RequirementResult> = selection.iter().copied().filter(fails).filter(|r| !waived(r)).collect();
    let waived: Vec<String> = selection.iter().copied().filter(fails).filter(waived).map(|r| r.id.clone()).collect();

    let mut reasons = Vec::new();
    if selection.is_empty() {
        reasons.push("the gate selects no requirement: its select and ignore leave nothing to check".to_string());
    } else if not_applicable == selection.len() {
        reasons.push(match selection.len() {
            1 => "the one selected requirement is not_applicable, so the gate checks nothing".to_string(),
            n => format!("all {n} selected requirements are not_applicable, so the gate checks nothing"),
        });
    }
    for status in Status::ALL {
        let ids: Vec<String> = failing.iter().filter(|r| r.status == status).map(|r| r.id.clone()).collect();
        if ids.is_empty() {
            continue;
        }
        let n = ids.len();
        let (noun, verb) = if n == 1 { ("requirement", "is") } else { ("requirements", "are") };
        let counted = if policy.fail_on.contains(&status) { "" } else { ", which counts as non_compliant" };
        reasons.push(format!("{n} {noun} {verb} {}{counted}: {}", status.as_str(), abbreviate(&ids)));
    }
    if let Some(threshold) = policy.fail_under
        && not_applicable < selection.len()
    {
        match score {
            Some(s) if s < threshold => reasons.push(format!("score {s:.1}% is below the threshold {threshold:.1}%")),
            None if threshold > 0.0 => {
                reasons.push(format!("no selected requirement is assessed, so the score cannot reach {threshold:.1}%"))
            }
            _ => {}
        }
    }
    let describe = |w: &WaiverResult, detail: String| match &w.system {
        Some(system) => format!("{} ({system}, {detail})", w.requirement),
        None => format!("{} ({detail})", w.requirement),
    };
    let plural = |n: usize| if n == 1 { "" } else { "s" };
    let expired: Vec<String> = assessment
        .waivers
        .iter()
        .filter(|w| w.state == WaiverState::Expired && chosen(&w.requirement))
        .map(|w| describe(w, format!("expired {}", w.expires)))
        .collect();
    if !expired.is_empty() {
        reasons.push(format!("expired waiver{}: {}", plural(expired.len()), expired.join(", ")));
    }
    if let Some(months) = policy.waiver_max_months {
        let latest = assessment.as_of.add_months(months);
        let long: Vec<String> = assessment
            .waivers
            .iter()
            .filter(|w| w.state == WaiverState::Active && chosen(&w.requirement) && w.expires > latest)
            .map(|w| describe(w, format!("expires {}", w.expires)))
            .collect();
        if !long.is_empty() {
            reasons.push(format!(
                "waiver{} running past the {months}-month horizon ({latest}): {}",
                plural(long.len()),
                long.join(", ")
            ));
        }
    }
    Some(GateResult {
        passed: reasons.is_empty(),
        reasons,
        fail_under: policy.fail_under,
        fail_on: policy.fail_on.clone(),
        select: policy.select.clone(),
        ignore: policy.ignore.clone(),
        selected: selection.len(),
        assessed: selection.len() - not_assessed,
        score,
        failing: failing.iter().map(|r| r.id.clone()).collect(),
        waived,
        allow_not_assessed: policy.allow_not_assessed,
        no_waivers: policy.no_waivers,
        waiver_max_months: policy.waiver_max_months,
    })
}

/// The gate's score of `selection` (see [`GateResult::score`]).
fn score(selection: &[&RequirementResult], allow_not_assessed: bool) -> Option<f64> {
    let (mut points, mut counted) = (0.0, 0usize);
    for r in selection {
        match r.status {
            Status::Compliant => points += 1.0,
            Status::PartiallyCompliant => points += 0.5,
            Status::NonCompliant => {}
            Status::NotAssessed if !allow_not_assessed => {}
            Status::NotAssessed | Status::NotApplicable => continue,
        }
        counted += 1;
    }
    (counted > 0).then(|| (points * 1000.0 / counted as f64).round() / 10.0)
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
