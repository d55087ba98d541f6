//! The organisation-level assessment entry of a requirement: what its declared status is worth, and its planned
//! action. Findings: `not-assessed`, `clause-not-excludable`, `exclusion-unjustified`, `claim-without-evidence`,
//! `gap-declared`, the evidence findings of the entry's evidence ([`super::evidence`]), `action-missing` and
//! `action-overdue`.

use super::{ActionResult, Engine, Finding};
use crate::catalogue::{Kind, Requirement};
use crate::rules::Code;
use crate::workspace::{Entry, Status};

impl Engine<'_> {
    /// Step 2: the status an organisation-level entry supports, with the findings that lower it.
    /// `systems_carry_evidence`: the requirement is per-system and some in-scope system needs it, so the systems'
    /// records are its evidence; or it is governed by the risk register or the impact assessments, which are.
    pub(super) fn entry_status(
        &self,
        req: &Requirement,
        entry: &Entry,
        systems_carry_evidence: bool,
        findings: &mut Vec<Finding>,
    ) -> Status {
        let at = Some(entry.location.clone());
        match entry.status {
            Status::NotAssessed => {
                findings.push(Finding::new(
                    Code::NotAssessed,
                    format!("{} is marked not assessed", req.id),
                    None,
                    at,
                    format!("Assess {} (questions: `aims controls {}`) and record a status.", req.id, req.id),
                ));
                Status::NotAssessed
            }
            Status::NotApplicable if req.kind == Kind::Clause => {
                findings.push(Finding::new(
                    Code::ClauseNotExcludable,
                    format!("clause {} is marked not applicable, but clauses 4-10 always apply", req.id),
                    None,
                    at,
                    format!("Assess clause {} and record its real status.", req.id),
                ));
                Status::NonCompliant
            }
            Status::NotApplicable if entry.justification.is_none() => {
                findings.push(Finding::new(
                    Code::ExclusionUnjustified,
                    format!("{} is excluded without a justification, so the exclusion is not accepted", req.id),
                    None,
                    at,
                    "Add `justification:` explaining why the control does not apply, or assess it.".into(),
                ));
                Status::NonCompliant
            }
            Status::NotApplicable => Status::NotApplicable,
            declared @ (Status::Compliant | Status::PartiallyCompliant | Status::NonCompliant) => {
                let mut shortfall = false;
                for evidence in &entry.evidence {
                    shortfall |= !self.check_evidence(req, evidence, None, findings).verdict.counts();
                }
                let needs_own_evidence = !systems_carry_evidence;
                if declared == Status::Compliant && entry.evidence.is_empty() && needs_own_evidence {
                    findings.push(Finding::new(
                        Code::ClaimWithoutEvidence,
                        format!("{} is declared compliant but no evidence is given", req.id),
                        None,
                        at.clone(),
                        format!("Attach the document or record that shows {} is met, with its review date.", req.id),
                    ));
                    shortfall = true;
                }
                if declared != Status::Compliant {
                    findings.push(Finding::new(
                        Code::GapDeclared,
                        match entry.notes.as_deref() {
                            Some(notes) => format!("declared {}: {notes}", declared.label().to_lowercase()),
                            None => format!("declared {} by the organisation", declared.label().to_lowercase()),
                        },
                        None,
                        at,
                        entry.action.as_ref().map_or_else(
                            || format!("Plan how to close the gap in {} and record it under `action:`.", req.id),
                            |a| a.description.clone(),
                        ),
                    ));
                }
                if declared == Status::Compliant && shortfall { Status::PartiallyCompliant } else { declared }
            }
        }
    }

    /// Step 5: the entry's planned action, overdue when `status` (final, with the EU AI Act flags) is a gap
    /// and its due date has passed. A missing plan is only a finding where the organisation itself declares the
    /// gap; gaps aims finds in the evidence already carry their next action.
    pub(super) fn action(
        &self,
        req: &Requirement,
        entry: &Entry,
        status: Status,
        findings: &mut Vec<Finding>,
    ) -> Option<ActionResult> {
        let action = entry.action.as_ref().map(|a| ActionResult {
            description: a.description.clone(),
            owner: a.owner.clone(),
            due: a.due,
            overdue: status.is_gap() && a.due.is_some_and(|d| d < self.as_of),
            same_as: a.same_as.clone(),
        });
        let declared_gap = matches!(entry.status, Status::PartiallyCompliant | Status::NonCompliant);
        if status.is_gap() {
            let at = Some(entry.location.clone());
            match &action {
                None if !declared_gap => {}
                None => findings.push(Finding::new(
                    Code::ActionMissing,
                    format!("{} is not met and no action is planned", req.id),
                    None,
                    at,
                    "Add `action:` with a description, an owner and a due date.".to_string(),
                )),
                Some(a) if a.overdue => findings.push(Finding::new(
                    Code::ActionOverdue,
                    format!(
                        "the planned action was due on {} and {} is still not met",
                        a.due.map(|d| d.to_string()).unwrap_or_default(),
                        req.id
                    ),
                    None,
                    at,
                    "Finish the action, or agree and record a new due date.".to_string(),
                )),
                Some(_) => {}
            }
        }
        action
    }
}
