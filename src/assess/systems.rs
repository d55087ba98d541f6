//! Per-system requirements: what each in-scope AI system shows (its role, its exclusions, its records), and each
//! system's own results once every requirement is assessed.
//!
//! Findings: `exclusion-unjustified` (for a system), `system-evidence-missing`, `system-impact-assessment-missing`,
//! and the evidence findings of a system's records ([`super::evidence`]). A system is listed under every per-system
//! requirement; whether the control is due for it (its role, exclusions, life-cycle stage) is its
//! [`SystemApplicability`], and only due systems are scored.

use std::collections::BTreeMap;

use super::{
    Counts, Engine, EuAiActInfo, EvidenceResult, Finding, RequirementResult, SystemApplicability, SystemCounts,
    SystemResult, SystemStatus, weakest,
};
use crate::catalogue::{Requirement, Scope};
use crate::rules::Code;
use crate::workspace::{AiRole, LifecycleStage, Status, System, Workspace};

impl Engine<'_> {
    /// Step 1: for a per-system requirement, the status of every in-scope system (in the workspace's order), each
    /// one's own record as the report lists it (same order; [`Engine::evidence_results`] files them in the
    /// requirement's `evidence`) and the weakest status of those it is due for; no statuses and `None` for an
    /// organisation-level requirement, or when it is due for no in-scope system.
    pub(super) fn systems(
        &self,
        req: &Requirement,
        findings: &mut Vec<Finding>,
    ) -> (Vec<SystemStatus>, Vec<Option<EvidenceResult>>, Option<Status>) {
        let mut systems = Vec::new();
        let mut records = Vec::new();
        let mut weakest_status: Option<Status> = None;
        if req.scope == Scope::AiSystem {
            systems.reserve(self.in_scope.len());
            records.reserve(self.in_scope.len());
            for system in &self.in_scope {
                let (status, reason, applicability) = self.system_status(req, system, findings);
                if applicability == SystemApplicability::Applies {
                    weakest_status = Some(weakest_status.map_or(status, |st| weakest(st, status)));
                }
                systems.push(SystemStatus {
                    system: system.id.clone(),
                    status,
                    waived: false,
                    reason,
                    waived_by: Vec::new(),
                    headline: None,
                    applicability,
                    evidence: None,
                });
                records.push(self.system_record(req, system, status));
            }
        }
        (systems, records, weakest_status)
    }

    /// What one in-scope system shows for a per-system requirement: its status, why it is left out if it is, and
    /// whether the control is due for it. The checks, in order (docs/scoring.md): retired; the system's role; an
    /// exclusion in its file; its life-cycle stage; its record.
    pub(super) fn system_status(
        &self,
        req: &Requirement,
        system: &System,
        findings: &mut Vec<Finding>,
    ) -> (Status, Option<String>, SystemApplicability) {
        let left_out = |applicability, reason: String| (Status::NotApplicable, Some(reason), applicability);
        if system.lifecycle_stage == LifecycleStage::Retired {
            return left_out(
                SystemApplicability::Retired,
                "the system is retired; per-system controls no longer apply".to_string(),
            );
        }
        if !concerns_role(req, system) {
            return left_out(
                SystemApplicability::OtherRole,
                format!("the organisation is the {} of this system", system.ai_role.as_str()),
            );
        }
        let due = req.due_from.is_none_or(|from| system.lifecycle_stage >= from);
        let not_yet_due = || {
            let from = req.due_from.map_or("", LifecycleStage::as_str);
            left_out(
                SystemApplicability::NotYetDue,
                format!("required from the {from} stage; the system is in {}", system.lifecycle_stage.as_str()),
            )
        };
        if let Some(exclusion) = system.exclusions.get(&req.id) {
            return match &exclusion.justification {
                Some(j) => left_out(SystemApplicability::Excluded, j.clone()),
                None => {
                    findings.push(Finding::new(
                        Code::ExclusionUnjustified,
                        format!("{} is excluded for system {} without a justification", req.id, system.id),
                        Some(system.id.clone()),
                        Some(exclusion.location.clone()),
                        "Add `justification:` to the exclusion, or provide the record.".to_string(),
                    ));
                    // The exclusion is not accepted, so the control is assessed as if it were not there: not yet
                    // due before its stage, and then not met.
                    if due { (Status::NonCompliant, None, SystemApplicability::Applies) } else { not_yet_due() }
                }
            };
        }
        if !due {
            return not_yet_due();
        }
        // A.5.3-A.5.5: a system's structured impact assessment is its record.
        if let Some(status) = self.records.system_impact(req, &system.id, findings) {
            return (status, None, SystemApplicability::Applies);
        }
        let Some(kind) = req.system_evidence else {
            return left_out(SystemApplicability::OtherRole, "no per-system record is defined".to_string());
        };
        let status = match system.evidence.get(&kind) {
            None => {
                let code = if kind.is_impact_assessment() {
                    Code::SystemImpactAssessmentMissing
                } else {
                    Code::SystemEvidenceMissing
                };
                findings.push(Finding::new(
                    code,
                    format!(
                        "system {} has no {} record ({})",
                        system.id,
                        kind.as_str().replace('_', " "),
                        req.display_title()
                    ),
                    Some(system.id.clone()),
                    Some(system.location.clone()),
                    format!(
                        "Add `evidence: {}:` with the file and review date to {}, or exclude {} for this system with a justification.",
                        kind.as_str(),
                        system.location.file,
                        req.id
                    ),
                ));
                Status::NonCompliant
            }
            Some(evidence) if !self.check_evidence(req, evidence, Some(&system.id), findings).verdict.counts() => {
                Status::PartiallyCompliant
            }
            Some(_) => Status::Compliant,
        };
        (status, None, SystemApplicability::Applies)
    }
}

/// How the systems of a per-system requirement stand, once their statuses and waivers are final.
pub(super) fn counts(systems: &[SystemStatus]) -> SystemCounts {
    let mut c = SystemCounts { systems: systems.len(), ..SystemCounts::default() };
    for s in systems {
        *match (s.applicability, s.status) {
            (SystemApplicability::Applies, Status::Compliant) => &mut c.compliant,
            (SystemApplicability::Applies, Status::PartiallyCompliant) => &mut c.partially_compliant,
            (SystemApplicability::Applies, _) => &mut c.non_compliant,
            (SystemApplicability::OtherRole, _) => &mut c.other_role,
            (SystemApplicability::Excluded | SystemApplicability::ExcludedForOrganisation, _) => &mut c.excluded,
            (SystemApplicability::NotYetDue, _) => &mut c.not_yet_due,
            (SystemApplicability::Retired, _) => &mut c.retired,
        } += 1;
        c.waived += usize::from(s.waived);
    }
    c
}

/// Why a per-system requirement that no entry excludes is not applicable: it is due for none of the in-scope
/// systems, and the parts say why (not yet due, excluded, in another role, retired), most telling first.
pub(super) fn not_needed(req: &Requirement, counts: &SystemCounts, systems: &[SystemStatus]) -> String {
    if counts.systems == 0 {
        return "no AI system is in scope".to_string();
    }
    let roles: Vec<&str> = req.system_roles.iter().map(|r| r.as_str()).collect();
    let roles = roles.join(" or ");
    if counts.other_role == counts.systems {
        return format!("applies to AI systems of which the organisation is the {roles}; no in-scope system is");
    }
    let systems_n = |n: usize| if n == 1 { "1 system".to_string() } else { format!("{n} systems") };
    let mut parts = Vec::new();
    if counts.not_yet_due > 0 {
        let from = req.due_from.map_or("", LifecycleStage::as_str);
        parts.push(format!(
            "not yet due for {} (due from the {from} stage, which {} not reached)",
            systems_n(counts.not_yet_due),
            if counts.not_yet_due == 1 { "it has" } else { "they have" }
        ));
    }
    if counts.excluded > 0 {
        let excluded: Vec<&SystemStatus> =
            systems.iter().filter(|s| s.applicability == SystemApplicability::Excluded).collect();
        match excluded.as_slice() {
            // A clause among clauses: the justification's own full stop would read ".;" before the next one.
            [one] => parts.push(format!(
                "excluded for system {}: {}",
                one.system,
                one.reason.as_deref().map_or("no justification given", |r| r.trim_end().trim_end_matches('.'))
            )),
            // A handful of systems: each one's own words; more would not read as one justification.
            few if few.len() <= 5 => {
                let each: Vec<String> = few
                    .iter()
                    .map(|s| format!("{}: {}", s.system, s.reason.as_deref().unwrap_or("no justification given")))
                    .collect();
                let each = super::join_justifications(&each);
                parts.push(format!("excluded for each system with its own justification ({each})"))
            }
            _ => parts.push(format!("excluded for {}, each with its own justification", systems_n(counts.excluded))),
        }
    }
    if counts.other_role > 0 {
        parts.push(format!("{} for which the organisation is not the {roles}", systems_n(counts.other_role)));
    }
    if counts.retired > 0 {
        parts.push(format!("{} retired", systems_n(counts.retired)));
    }
    parts.join("; ")
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
        let not_yet_due: Vec<String> = match k {
            Some(k) => per_system
                .iter()
                .filter(|r| r.systems.get(k).is_some_and(|st| st.is_not_yet_due()))
                .map(|r| r.id.clone())
                .collect(),
            None => Vec::new(),
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
            not_yet_due,
            unit: s.unit.clone(),
        }
    })
}

/// Whether per-system control `req` concerns the organisation's role for `system` (docs/scoring.md, rule 12): the
/// catalogue's `system_roles` include the system's ISO/IEC 22989 role; or an EU AI Act obligation of the system calls
/// for the control ([`crate::eu_ai_act::control_applies`]); or the control concerns AI providers and the organisation
/// supplies the system as its EU AI Act provider or product manufacturer ([`crate::eu_ai_act::supplies`]).
pub(crate) fn concerns_role(req: &Requirement, system: &System) -> bool {
    req.system_roles.contains(&system.ai_role)
        || system.eu_ai_act.as_ref().is_some_and(|eu| {
            crate::eu_ai_act::control_applies(eu, &req.id)
                || (req.system_roles.contains(&AiRole::Provider) && crate::eu_ai_act::supplies(eu))
        })
}
