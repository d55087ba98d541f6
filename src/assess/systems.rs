//! Per-system requirements: what each in-scope AI system shows (its role, its exclusions, its records), and each
//! system's own results once every requirement is assessed.
//!
//! Findings: `exclusion-unjustified` (for a system), `system-evidence-missing`, `system-impact-assessment-missing`,
//! and the evidence findings of a system's records ([`super::evidence`]).

use std::collections::BTreeMap;

use super::{Counts, Engine, EuAiActInfo, Finding, RequirementResult, SystemResult, SystemStatus, weakest};
use crate::catalogue::{Requirement, Scope};
use crate::rules::Code;
use crate::workspace::{Status, System, Workspace};

impl Engine<'_> {
    /// Step 1: for a per-system requirement, the status of every in-scope system (in the workspace's order) and the
    /// weakest of those that apply; no statuses and `None` for an organisation-level requirement, or when no
    /// in-scope system needs it.
    pub(super) fn systems(
        &self,
        req: &Requirement,
        findings: &mut Vec<Finding>,
    ) -> (Vec<SystemStatus>, Option<Status>) {
        let mut systems = Vec::new();
        let mut weakest_status: Option<Status> = None;
        if req.scope == Scope::AiSystem {
            systems.reserve(self.in_scope.len());
            for system in &self.in_scope {
                let (s, reason) = self.system_status(req, system, findings);
                if s != Status::NotApplicable {
                    weakest_status = Some(weakest_status.map_or(s, |st| weakest(st, s)));
                }
                systems.push(SystemStatus {
                    system: system.id.clone(),
                    status: s,
                    waived: false,
                    reason,
                    waived_by: Vec::new(),
                    headline: None,
                });
            }
        }
        (systems, weakest_status)
    }

    /// The status one in-scope system shows for a per-system requirement, and why it is not applicable if so.
    fn system_status(
        &self,
        req: &Requirement,
        system: &System,
        findings: &mut Vec<Finding>,
    ) -> (Status, Option<String>) {
        // The catalogue's roles decide, unless an EU AI Act obligation of the system calls for the control anyway.
        let eu_needs = || system.eu_ai_act.as_ref().is_some_and(|eu| crate::eu_ai_act::control_applies(eu, &req.id));
        if !req.system_roles.contains(&system.ai_role) && !eu_needs() {
            return (
                Status::NotApplicable,
                Some(format!("the organisation is the {} of this system", system.ai_role.as_str())),
            );
        }
        if let Some(exclusion) = system.exclusions.get(&req.id) {
            return match &exclusion.justification {
                Some(j) => (Status::NotApplicable, Some(j.clone())),
                None => {
                    findings.push(Finding::new(
                        Code::ExclusionUnjustified,
                        format!("{} is excluded for system {} without a justification", req.id, system.id),
                        Some(system.id.clone()),
                        Some(exclusion.location.clone()),
                        "Add `justification:` to the exclusion, or provide the record.".to_string(),
                    ));
                    (Status::NonCompliant, None)
                }
            };
        }
        let Some(kind) = req.system_evidence else { return (Status::NotApplicable, None) };
        match system.evidence.get(&kind) {
            None => {
                let code = if kind.is_impact_assessment() {
                    Code::SystemImpactAssessmentMissing
                } else {
                    Code::SystemEvidenceMissing
                };
                findings.push(Finding::new(
                    code,
                    format!("system {} has no `{}` record ({})", system.id, kind.as_str(), req.title),
                    Some(system.id.clone()),
                    Some(system.location.clone()),
                    format!(
                        "Add `evidence: {}:` with the file and review date to {}, or exclude {} for this system with a justification.",
                        kind.as_str(),
                        system.location.file,
                        req.id
                    ),
                ));
                (Status::NonCompliant, None)
            }
            Some(evidence) => {
                if self.check_evidence(req, evidence, Some(&system.id), findings) {
                    (Status::PartiallyCompliant, None)
                } else {
                    (Status::Compliant, None)
                }
            }
        }
    }
}

/// Why a per-system requirement without an entry is not applicable.
pub(super) fn no_system_needs(req: &Requirement, no_systems: bool) -> String {
    if no_systems {
        "no AI system is in scope".to_string()
    } else {
        let roles: Vec<&str> = req.system_roles.iter().map(|r| r.as_str()).collect();
        format!("applies to AI systems of which the organisation is the {}; no in-scope system is", roles.join(" or "))
    }
}

/// Every system of the workspace (in its order, by ID) with its statuses for the per-system requirements and their
/// counts; out-of-scope systems have none.
pub(super) fn results(workspace: &Workspace, requirements: &[RequirementResult]) -> Vec<SystemResult> {
    // Every per-system requirement lists the in-scope systems in the same order (the workspace's, by ID), so a
    // system's statuses are the k-th entries of those lists: no search, no join.
    let per_system: Vec<&RequirementResult> = requirements.iter().filter(|r| r.scope == Scope::AiSystem).collect();
    let mut next_in_scope = 0;
    let numbered: Vec<(&System, Option<usize>)> = workspace
        .systems
        .iter()
        .map(|s| {
            let k = s.in_scope.then_some(next_in_scope);
            next_in_scope += usize::from(s.in_scope);
            (s, k)
        })
        .collect();
    crate::parallel::map(&numbered, 500, |&(s, k)| {
        let statuses: BTreeMap<String, Status> = match k {
            Some(k) => per_system
                .iter()
                .filter_map(|r| r.systems.get(k).map(|st| (r, st)))
                .map(|(r, st)| {
                    debug_assert_eq!(st.system, s.id);
                    (r.id.clone(), st.status)
                })
                .collect(),
            None => BTreeMap::new(),
        };
        let mut counts = Counts::default();
        statuses.values().for_each(|&st| counts.add(st));
        SystemResult {
            id: s.id.clone(),
            name: s.name.clone(),
            owner: s.owner.clone(),
            ai_role: s.ai_role,
            lifecycle_stage: s.lifecycle_stage,
            in_scope: s.in_scope,
            eu_ai_act: s.eu_ai_act.as_ref().map(|eu| EuAiActInfo {
                roles: eu.roles.clone(),
                classifications: eu.classifications.clone(),
                annex_iii_areas: eu.annex_iii_areas.clone(),
            }),
            score: counts.score(),
            counts,
            statuses,
            location: s.location.clone(),
        }
    })
}
