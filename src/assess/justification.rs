//! The justifications of the Statement of Applicability (ISO/IEC 42001 6.1.3), as an assessed finding.
//!
//! 6.1.3 asks the organisation to produce a Statement of Applicability that justifies every Annex A control,
//! included or excluded. Whether each control has one is decided here, once, so the report, the SoA and the plan
//! agree:
//!
//! - an included control whose entry gives no `justification:` and that no risk treatment chooses (a "treats R-3"
//!   link is a justification, see [`super::applicability`]) gets `soa-justification-missing`;
//! - a control marked not applicable without a justification already has `exclusion-unjustified` (its exclusion
//!   is rejected, and it is not met);
//! - 6.1.3, the requirement that produces the SoA, gets one `soa-justification-missing` finding naming every control
//!   of either kind, and is then at most partially compliant.
//!
//! The control's own status does not change: it may well be implemented, and its implementation is what its status
//! measures. Justifying it is a duty of 6.1.3, so 6.1.3 is what falls short.

use super::{Applicability, Finding, RequirementResult, weigh_findings};
use crate::catalogue::{Kind, Requirement};
use crate::rules::Code;
use crate::workspace::{Location, Status};

/// The requirement that produces the Statement of Applicability.
pub(super) const SOA_REQUIREMENT: &str = "6.1.3";

/// The `soa-justification-missing` finding of an included Annex A control left without a justification, located
/// at its assessment entry (`entry`), else at `fallback` (the assessment file that holds the Annex A entries, where
/// the missing entry belongs); `None` when the control has a justification, is excluded, or is a clause.
pub(super) fn missing(
    req: &Requirement,
    applicability: Applicability,
    justification: Option<&str>,
    entry: Option<&Location>,
    fallback: Option<&Location>,
) -> Option<Finding> {
    if req.kind != Kind::Control || applicability != Applicability::Included || justification.is_some() {
        return None;
    }
    let id = &req.id;
    Some(Finding::new(
        Code::SoaJustificationMissing,
        format!("{id} is included in the Statement of Applicability without a justification"),
        None,
        entry.or(fallback).cloned(),
        format!(
            "State in the entry of {id} why the control is needed (`justification:`): the risk it treats, or the law, \
             contract or business need behind it; or add {id} to the treatment of the risk it addresses."
        ),
    ))
}

/// Adds the summary finding to 6.1.3 when any Annex A control lacks a justification (an included control with
/// `soa-justification-missing`, or a rejected exclusion), and lowers a compliant 6.1.3 to partially compliant. Runs
/// once every requirement is assessed; the controls' own findings were added in their pass.
pub(super) fn summarise(requirements: &mut [RequirementResult]) {
    let mut included = Vec::new();
    let mut rejected = Vec::new();
    let mut first_location = None;
    for r in requirements.iter().filter(|r| r.kind == Kind::Control) {
        let own = r.findings.iter().find(|f| {
            f.system.is_none()
                && match r.applicability {
                    Applicability::Included => f.code == Code::SoaJustificationMissing,
                    Applicability::ExclusionRejected => f.code == Code::ExclusionUnjustified,
                    _ => false,
                }
        });
        let Some(own) = own else { continue };
        if first_location.is_none() {
            first_location = own.location.clone();
        }
        match r.applicability {
            Applicability::Included => included.push(r.id.clone()),
            _ => rejected.push(r.id.clone()),
        }
    }
    let n = included.len() + rejected.len();
    if n == 0 {
        return;
    }
    let Some(soa) = requirements.iter_mut().find(|r| r.id == SOA_REQUIREMENT) else { return };
    let mut parts = Vec::new();
    if !included.is_empty() {
        parts.push(format!("included without one: {}", included.join(", ")));
    }
    if !rejected.is_empty() {
        parts.push(format!("marked not applicable without one, so the exclusion is rejected: {}", rejected.join(", ")));
    }
    let (controls, verb) = if n == 1 { ("control", "has") } else { ("controls", "have") };
    let finding = Finding::new(
        Code::SoaJustificationMissing,
        format!(
            "{n} Annex A {controls} in the Statement of Applicability {verb} no justification ({})",
            parts.join("; ")
        ),
        None,
        soa.location.clone().or(first_location),
        "Record for each of these controls why it is included (the risk it treats, or the law, contract or business \
         need behind it) or why it does not apply."
            .to_string(),
    );
    soa.findings.push(finding);
    if soa.status == Status::Compliant {
        soa.status = Status::PartiallyCompliant;
        soa.score = soa.status.points().map(|p| p * 100.0);
    }
    // The status may have changed: weigh every finding of 6.1.3 again and choose its headline anew.
    soa.headline = None;
    weigh_findings(soa);
}
