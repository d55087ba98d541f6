//! The EU AI Act's part in the assessment: flags that lower the status of a requirement for a system the Act forbids
//! or treats as high-risk. The flags are worked out once per in-scope system, and the per-requirement pass applies
//! them before any waiver is looked at (step 3 of [`super`]), so a flag is weighed, waived or not, like any other
//! shortfall. How a system is classified (routes, Art. 27) is in [`crate::eu_ai_act`].
//!
//! ISO/IEC 42001 is not a harmonised standard under the Act; the findings say where the 42001 evidence the Act leans
//! on is missing, never that the Act is met.

use std::collections::BTreeMap;

use super::{Finding, SystemApplicability, SystemStatus, weakest};
use crate::eu_ai_act::carries_high_risk_duties;
use crate::rules::Code;
use crate::workspace::{EuAiActRole, EuRiskTier, EvidenceKind, Status, System};

/// One EU AI Act shortfall of one system: on which requirement, how far it lowers the system's status, whether a
/// waiver may accept it, and its finding.
#[derive(Debug, Clone)]
pub struct Flag {
    /// The catalogue ID of the requirement it lowers.
    pub requirement: &'static str,
    /// The position of the system among the in-scope systems (the workspace's order), which is its position in a
    /// per-system requirement's `systems`.
    pub system: usize,
    /// The status it lowers the system and the requirement to, at best.
    pub floor: Status,
    /// Whether a waiver may accept the gap (false for a prohibited practice).
    pub waivable: bool,
    /// The finding it adds, about the system.
    pub finding: Finding,
    /// Whether it applies even while the control is not yet due at the system's life-cycle stage (a prohibited
    /// practice is flagged from the first stage; a high-risk shortfall only once the control is due). No flag
    /// applies to a retired system.
    pub before_due: bool,
}

/// What the flags did to one requirement.
#[derive(Debug, Default)]
pub(super) struct Applied {
    /// Their findings, to be listed after the requirement's others.
    pub findings: Vec<Finding>,
    /// A flag that no waiver may accept touched the requirement: it cannot be waived as a whole.
    pub unwaivable: bool,
    /// The positions, in `systems`, of the systems no waiver may accept.
    pub unwaivable_systems: Vec<usize>,
}

/// The flags of the in-scope systems (given in the workspace's order), by requirement ID; each requirement's flags
/// in the order of the systems.
pub(super) fn flags_by_requirement(in_scope: &[&System]) -> BTreeMap<&'static str, Vec<Flag>> {
    let mut by_requirement: BTreeMap<&'static str, Vec<Flag>> = BTreeMap::new();
    for (k, system) in in_scope.iter().enumerate() {
        for flag in flags(system, k) {
            by_requirement.entry(flag.requirement).or_default().push(flag);
        }
    }
    by_requirement
}

/// Applies a requirement's flags: each flagged system's status (and the requirement's) goes down to the flag's
/// floor, and a system's reason for not applying is dropped: the control applies to it. Statuses only go down. A
/// flag is skipped for a retired system, and for a system the control is not yet due for unless it applies
/// [`Flag::before_due`].
pub(super) fn apply(flags: Option<&Vec<Flag>>, systems: &mut [SystemStatus], status: &mut Status) -> Applied {
    let mut applied = Applied::default();
    for flag in flags.into_iter().flatten() {
        if let Some(s) = systems.get_mut(flag.system) {
            debug_assert_eq!(Some(&s.system), flag.finding.system.as_ref());
            match s.applicability {
                SystemApplicability::Retired => continue,
                SystemApplicability::NotYetDue if !flag.before_due => continue,
                _ => {}
            }
            s.status = weakest(s.status, flag.floor);
            s.reason = None;
            s.applicability = SystemApplicability::Applies;
            if !flag.waivable {
                applied.unwaivable_systems.push(flag.system);
            }
        }
        *status = weakest(*status, flag.floor);
        applied.unwaivable |= !flag.waivable;
        applied.findings.push(flag.finding.clone());
    }
    applied
}

/// The flags of one in-scope system, the `k`-th:
/// - a system classified `prohibited` is non-compliant with A.5.4 (`eu-prohibited-practice`), and no waiver
///   accepts it;
/// - a `high_risk` system whose organisation is its provider, product manufacturer or deployer, and that lacks an
///   impact assessment (A.5.3), a human-oversight description (A.9.4) or event logging (A.6.2.8), is at most
///   partially compliant with that control (`eu-high-risk-gap`).
pub fn flags(system: &System, k: usize) -> Vec<Flag> {
    let Some(eu) = &system.eu_ai_act else { return Vec::new() };
    let at = Some(system.location.clone());
    let id = &system.id;
    match eu.risk_tier {
        EuRiskTier::Prohibited => vec![Flag {
            requirement: "A.5.4",
            system: k,
            floor: Status::NonCompliant,
            waivable: false,
            finding: Finding::new(
                Code::EuProhibitedPractice,
                format!(
                    "system {id} is classified as a prohibited AI practice under Art. 5 of the EU AI Act; it may \
                     not be placed on the market, put into service or used"
                ),
                Some(id.clone()),
                at,
                "Stop supplying or using the system and record the decision; if the classification is \
                 wrong, correct `eu_ai_act.risk_tier` after a documented legal review."
                    .to_string(),
            ),
            before_due: true,
        }],
        EuRiskTier::HighRisk if carries_high_risk_duties(eu.role) => {
            let provider = eu.role != EuAiActRole::Deployer;
            let mut missing = Vec::new();
            if !system.evidence.contains_key(&EvidenceKind::ImpactAssessment) {
                missing.push((
                    "A.5.3",
                    "no `impact_assessment` record",
                    if provider {
                        "the risk management system of Art. 9"
                    } else {
                        "the deployer's duties of Art. 26 and, where it applies, the fundamental-rights impact assessment of Art. 27"
                    },
                    "Carry out the system's impact assessment, covering health, safety and fundamental rights, and record it under `evidence: impact_assessment:`.",
                ));
            }
            if system.human_oversight.is_none() {
                missing.push((
                    "A.9.4",
                    "no `human_oversight` description",
                    if provider {
                        "the human oversight the provider must design for (Art. 14)"
                    } else {
                        "the human oversight the deployer must assign to trained people (Art. 26(2))"
                    },
                    "Describe in `human_oversight:` who oversees the system, how they can intervene, override or stop it, and how they are trained.",
                ));
            }
            if !system.evidence.contains_key(&EvidenceKind::EventLogging) {
                missing.push((
                    "A.6.2.8",
                    "no `event_logging` record",
                    if provider {
                        "the automatic record-keeping of Art. 12"
                    } else {
                        "the deployer's duty to keep the logs (Art. 26(6))"
                    },
                    "Record where the system's event logs are kept and for how long, under `evidence: event_logging:`.",
                ));
            }
            missing
                .into_iter()
                .map(|(requirement, what, article, action)| Flag {
                    requirement,
                    system: k,
                    floor: Status::PartiallyCompliant,
                    waivable: true,
                    finding: Finding::new(
                        Code::EuHighRiskGap,
                        format!("high-risk system {id} has {what}, which {article} of the EU AI Act relies on"),
                        Some(id.clone()),
                        at.clone(),
                        action.to_string(),
                    ),
                    before_due: false,
                })
                .collect()
        }
        _ => Vec::new(),
    }
}
