//! The only waiver logic: which waivers accept which gaps (the `waived_by` fields), which have expired
//! (`waiver-expired`), and what each waiver did ([`WaiverState`], and the `waiver-unused` warning).
//!
//! A waiver accepts a gap, it never meets a requirement: the status stays, is counted as it is, and the gate lets
//! it pass. A waiver for one AI system accepts that system's gap; a requirement is waived as a whole by a waiver of
//! its own, or when every system that falls short is waived and the organisation-level entry is no gap of its own.
//! No waiver accepts an EU AI Act prohibited practice.

use super::eu_ai_act::Applied;
use super::{Assessment, Engine, Finding, RequirementResult, SystemStatus, WaiverResult, WaiverState, system_index};
use crate::catalogue::Requirement;
use crate::date::Date;
use crate::diagnostic::Diagnostic;
use crate::rules::Code;
use crate::workspace::{Status, Workspace};

impl Engine<'_> {
    /// Step 4: applies the waivers for `req` to its final statuses (`status`, the systems'), marking the systems
    /// they accept and adding `waiver-expired` for each expired one. Returns the indexes (into the workspace's
    /// waivers, which are the report's) of the waivers that accept the requirement as a whole; empty when it is not
    /// waived.
    pub(super) fn apply_waivers(
        &self,
        req: &Requirement,
        status: Status,
        entry_status: Option<Status>,
        eu: &Applied,
        systems: &mut [SystemStatus],
        findings: &mut Vec<Finding>,
    ) -> Vec<usize> {
        let mut own = Vec::new();
        for (i, w) in self.workspace.waivers.iter().enumerate().filter(|(_, w)| w.requirement == req.id) {
            if w.expires < self.as_of {
                let system = w.system.as_ref().map_or_else(String::new, |s| format!(" (system {s})"));
                findings.push(Finding::new(
                    Code::WaiverExpired,
                    format!("the waiver for {}{system} expired on {}", req.id, w.expires),
                    w.system.clone(),
                    Some(w.location.clone()),
                    "Close the gap, or renew the waiver with a new reason and expiry date.".to_string(),
                ));
                continue;
            }
            match &w.system {
                None if status.is_gap() => own.push(i),
                None => {}
                Some(id) => {
                    let accepted = system_index(systems, id)
                        .filter(|&k| systems[k].status.is_gap() && !eu.unwaivable_systems.contains(&k));
                    if let Some(k) = accepted {
                        systems[k].waived = true;
                        systems[k].waived_by.push(i);
                    }
                }
            }
        }
        if eu.unwaivable || !status.is_gap() {
            return Vec::new();
        }
        if !own.is_empty() {
            return own;
        }
        // Waived through its systems: every system that falls short is waived, and the entry is no gap of its own.
        let some_waived = systems.iter().any(|s| s.waived);
        let unwaived_gap = systems.iter().any(|s| s.status.is_gap() && !s.waived);
        if some_waived && !unwaived_gap && !entry_status.is_some_and(Status::is_gap) {
            let mut by: Vec<usize> = systems.iter().flat_map(|s| s.waived_by.iter().copied()).collect();
            by.sort_unstable();
            by
        } else {
            Vec::new()
        }
    }
}

/// The state of every waiver (in aims.toml's order), once the requirements are assessed.
pub(super) fn results(workspace: &Workspace, requirements: &[RequirementResult], as_of: Date) -> Vec<WaiverResult> {
    workspace
        .waivers
        .iter()
        .map(|w| {
            let covered = requirements.iter().find(|r| r.id == w.requirement).is_some_and(|r| match &w.system {
                None => r.status.is_gap(),
                Some(id) => r.systems.iter().any(|s| &s.system == id && s.waived),
            });
            let state = if w.expires < as_of {
                WaiverState::Expired
            } else if covered {
                WaiverState::Active
            } else {
                WaiverState::Unused
            };
            WaiverResult {
                requirement: w.requirement.clone(),
                system: w.system.clone(),
                reason: w.reason.clone(),
                owner: w.owner.clone(),
                expires: w.expires,
                state,
                location: w.location.clone(),
            }
        })
        .collect()
}

impl Assessment {
    /// What the assessment has to say about the workspace besides findings, as located warnings for the person
    /// running aims (`aims gap` prints them on stderr; they are not part of the report): `waiver-unused` for each
    /// waiver that matches no gap, in aims.toml's order.
    pub fn warnings(&self) -> Vec<Diagnostic> {
        self.waivers
            .iter()
            .filter(|w| w.state == WaiverState::Unused)
            .map(|w| {
                let target = match &w.system {
                    Some(system) => format!("{} for system {system}", w.requirement),
                    None => w.requirement.clone(),
                };
                let mut d = Diagnostic::warning(
                    Code::WaiverUnused,
                    &w.location.file,
                    format!("the waiver for {target} matches no gap"),
                )
                .help("the requirement is met or not applicable now; remove the waiver from aims.toml");
                d.line = w.location.line;
                d
            })
            .collect()
    }
}
