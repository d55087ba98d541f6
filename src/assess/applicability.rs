//! Whether a requirement is part of the organisation's selection (the Statement of Applicability, ISO/IEC 42001
//! 6.1.3), and the justification the deliverables print for it. Decided once here, so that the report, the SoA and
//! the plan cannot disagree on a control.

use super::{Applicability, SystemCounts, SystemStatus};
use crate::catalogue::{Kind, Requirement};
use crate::workspace::{Entry, Status};

/// The applicability of `req` and its justification, from the entry, the final per-system statuses and their
/// counts (`None` for an organisation-level requirement) and the final `status`.
///
/// - An entry `not_applicable` with a justification excludes an Annex A control for the whole organisation.
/// - An entry `not_applicable` without one, or on a clause, is a rejected exclusion: the requirement stays included
///   (and is assessed as not met).
/// - A per-system control due for no in-scope system, and that no entry excludes, is decided by its systems: still
///   included when it is not yet due for some system (it will be due at a later life-cycle stage); excluded by the
///   systems' own justified exclusions when at least one system excludes it; else not needed (no system's role
///   calls for it, or the systems are retired). Its justification names each system's own reason, never a general
///   one that one of them contradicts.
/// - Anything else is included; the justification is the entry's, else, for a control that the treatment of risks
///   of the register chooses (`treated_by`), that choice ("selected to treat AI risk R-03"): the register is the
///   organisation's own statement of why the control is needed (6.1.3 determines the controls from the risk
///   treatment). An included control left without either is what `soa-justification-missing` reports.
pub(super) fn decide(
    req: &Requirement,
    entry: Option<&Entry>,
    systems: &[SystemStatus],
    counts: Option<&SystemCounts>,
    status: Status,
    treated_by: &[String],
) -> (Applicability, Option<String>) {
    let justification = entry.and_then(|e| e.justification.clone());
    match entry.map(|e| e.status) {
        Some(Status::NotApplicable) if req.kind == Kind::Control && justification.is_some() => {
            return (Applicability::Excluded, justification);
        }
        Some(Status::NotApplicable) => return (Applicability::ExclusionRejected, justification),
        _ => {}
    }
    let Some(counts) = counts.filter(|_| status == Status::NotApplicable) else {
        return (Applicability::Included, justification.or_else(|| treatment(req, treated_by)));
    };
    // Only a per-system control due for no system, without an excluding entry, gets here: its systems decide.
    let why = Some(super::systems::not_needed(req, counts, systems));
    if counts.not_yet_due > 0 {
        (Applicability::Included, why)
    } else if counts.excluded > 0 {
        (Applicability::ExcludedForEverySystem, why)
    } else {
        (Applicability::NotNeeded, why)
    }
}

/// The justification a risk treatment gives an Annex A control: "selected to treat AI risk R-03", or "… AI risks
/// R-03, R-04" in register order; `None` for a clause or a control that no treatment chooses.
fn treatment(req: &Requirement, treated_by: &[String]) -> Option<String> {
    match treated_by {
        _ if req.kind != Kind::Control => None,
        [] => None,
        [one] => Some(format!("Selected to treat AI risk {one} of the risk register.")),
        many => Some(format!("Selected to treat AI risks {} of the risk register.", many.join(", "))),
    }
}
