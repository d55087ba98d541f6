//! Whether a requirement is part of the organisation's selection (the Statement of Applicability, ISO/IEC 42001
//! 6.1.3), and the justification the deliverables print for it. Decided once here, so that the report, the SoA and
//! the plan cannot disagree on a control.

use super::{Applicability, SystemStatus};
use crate::catalogue::{Kind, Requirement, Scope};
use crate::workspace::{Entry, Status, System};

/// The applicability of `req` and its justification, from the entry, the final per-system statuses (`systems`, in
/// the order of `in_scope`) and the final `status`.
///
/// - An entry `not_applicable` with a justification excludes an Annex A control for the whole organisation.
/// - An entry `not_applicable` without one, or on a clause, is a rejected exclusion: the requirement stays included
///   (and is assessed as not met).
/// - A per-system control that no in-scope system needs, and that no entry declares, is excluded: by the
///   systems' own justified exclusions when at least one system excludes it, else because no system's role calls
///   for it. Its justification then names each system's own reason, never a general one that one of them
///   contradicts.
/// - Anything else is included; the justification is the entry's.
pub(super) fn decide(
    req: &Requirement,
    entry: Option<&Entry>,
    systems: &[SystemStatus],
    in_scope: &[&System],
    status: Status,
) -> (Applicability, Option<String>) {
    let justification = entry.and_then(|e| e.justification.clone());
    match entry.map(|e| e.status) {
        Some(Status::NotApplicable) if req.kind == Kind::Control && justification.is_some() => {
            return (Applicability::Excluded, justification);
        }
        Some(Status::NotApplicable) => return (Applicability::ExclusionRejected, justification),
        _ => {}
    }
    if req.scope != Scope::AiSystem || status != Status::NotApplicable {
        return (Applicability::Included, justification);
    }
    // Only a per-system control without an entry gets here: its systems decide.
    if in_scope.is_empty() {
        return (Applicability::NotNeeded, Some(super::systems::no_system_needs(req, true)));
    }
    if !in_scope.iter().any(|s| s.exclusions.contains_key(&req.id)) {
        return (Applicability::NotNeeded, Some(super::systems::no_system_needs(req, false)));
    }
    let each: Vec<String> = systems
        .iter()
        .map(|s| format!("{}: {}", s.system, s.reason.as_deref().unwrap_or("no record of this kind applies")))
        .collect();
    (
        Applicability::ExcludedForEverySystem,
        Some(format!("not applicable to any in-scope AI system ({})", each.join("; "))),
    )
}
