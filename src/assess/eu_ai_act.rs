//! The EU AI Act's part in the decision pass: flags that lower the status of a requirement (or add a finding to it)
//! for a system the Act forbids, treats as high-risk or makes an Art. 50 case, and the Art. 4 literacy check. The
//! flags are worked out once per in-scope system, and the per-requirement pass applies them before any waiver is
//! looked at (step 3 of [`super`]), so a flag is weighed, waived or not, like any other shortfall. Which obligations a
//! system triggers comes from the bundled data ([`crate::eu_ai_act::triggered`]); the per-system obligation results
//! are in [`super::eu_obligations`].
//!
//! ISO/IEC 42001 is not a harmonised standard under the Act; the findings say where the 42001 evidence the Act leans
//! on is missing, never that the Act is met.

use std::collections::BTreeMap;

use super::{Finding, RequirementResult, Severity, SystemApplicability, SystemStatus, weakest};
use crate::date::Date;
use crate::eu_ai_act::{self, carries_high_risk_duties};
use crate::rules::Code;
use crate::workspace::{EuAiActRole, EuFact, EvidenceKind, RiskRecords, Status, System};

/// One EU AI Act shortfall of one system: on which requirement, how far it lowers the system's status, whether a
/// waiver may accept it, and its finding.
#[derive(Debug, Clone)]
pub struct Flag {
    /// The catalogue ID of the requirement it lowers.
    pub requirement: &'static str,
    /// The position of the system among the in-scope systems (the workspace's order), which is its position in a
    /// per-system requirement's `systems`.
    pub system: usize,
    /// The status it lowers the system and the requirement to, at best; `None` adds the finding without lowering
    /// anything (a duty ISO/IEC 42001 does not ask for).
    pub floor: Option<Status>,
    /// Whether a waiver may accept the gap (false for a prohibited practice).
    pub waivable: bool,
    /// The finding it adds, about the system.
    pub finding: Finding,
    /// Whether it applies even while the control is not yet due at the system's life-cycle stage (a prohibited
    /// practice is flagged from the first stage; other shortfalls only once the control is due). No flag applies to
    /// a retired system.
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
pub(super) fn flags_by_requirement(
    in_scope: &[&System],
    records: &RiskRecords,
    as_of: Date,
) -> BTreeMap<&'static str, Vec<Flag>> {
    let mut by_requirement: BTreeMap<&'static str, Vec<Flag>> = BTreeMap::new();
    for (k, system) in in_scope.iter().enumerate() {
        for flag in flags(system, k, records, as_of) {
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
        let system = systems.get_mut(flag.system);
        if let Some(s) = &system {
            debug_assert_eq!(Some(&s.system), flag.finding.system.as_ref());
            match s.applicability {
                SystemApplicability::Retired => continue,
                SystemApplicability::NotYetDue if !flag.before_due => continue,
                _ => {}
            }
        }
        if let Some(floor) = flag.floor {
            if let Some(s) = system {
                s.status = weakest(s.status, floor);
                s.reason = None;
                s.applicability = SystemApplicability::Applies;
                if !flag.waivable {
                    applied.unwaivable_systems.push(flag.system);
                }
            }
            *status = weakest(*status, floor);
        }
        applied.unwaivable |= !flag.waivable;
        applied.findings.push(flag.finding.clone());
    }
    applied
}

/// The flags of one in-scope system, the `k`-th, from the obligations its classification triggers:
/// - a prohibited practice is non-compliant with A.5.4 (partially compliant before its ban applies), and no waiver
///   accepts it (`eu-prohibited-practice`);
/// - a high-risk system whose organisation is its provider, product manufacturer or deployer, and that lacks an
///   impact assessment (A.5.3), a human-oversight description (A.9.4) or event logging (A.6.2.8), is at most
///   partially compliant with that control (`eu-high-risk-gap`);
/// - an Art. 50 case without its disclosure or marking fact is at most partially compliant with A.8.2
///   (`eu-disclosure-missing`);
/// - a deployer owing the Art. 27 assessment without one is at most partially compliant with A.5.4
///   (`eu-fria-missing`);
/// - a workplace system whose workers were not informed (Art. 26(7)) gets a finding on A.8.5, which it does not lower
///   (`eu-workers-not-informed`).
///
/// `records` are the workspace's risk records: an impact assessment that covers fundamental rights records the
/// Art. 27 assessment.
pub fn flags(system: &System, k: usize, records: &RiskRecords, as_of: Date) -> Vec<Flag> {
    let Some(eu) = &system.eu_ai_act else { return Vec::new() };
    let at = Some(system.location.clone());
    let id = &system.id;
    let flag = |requirement, code, floor, waivable, message: String, action: &str| Flag {
        requirement,
        system: k,
        floor,
        waivable,
        finding: Finding::new(code, message, Some(id.clone()), at.clone(), action.to_string()),
        before_due: code == Code::EuProhibitedPractice,
    };
    let mut out = Vec::new();
    let triggered = eu_ai_act::triggered(eu_ai_act::obligations(), eu);
    for t in &triggered {
        let o = t.obligation;
        let missing: Vec<&str> =
            o.facts.iter().filter(|&&f| !fact_recorded(system, records, f)).map(|f| f.label()).collect();
        let date = t.applies_from;
        match o.id.as_str() {
            "art-5" | "art-5-intimate-imagery" => {
                let (floor, when) = if as_of >= date {
                    (Status::NonCompliant, format!("prohibited since {date}"))
                } else {
                    {
                        let days = as_of.days_until(date);
                        let unit = if days == 1 { "day" } else { "days" };
                        (Status::PartiallyCompliant, format!("prohibited from {date}, in {days} {unit}"))
                    }
                };
                out.push(flag(
                    "A.5.4",
                    Code::EuProhibitedPractice,
                    Some(floor),
                    false,
                    format!(
                        "system {id} is classified as a prohibited AI practice under {} of the EU AI Act ({when}): it \
                         may not be placed on the market, put into service or used",
                        o.article
                    ),
                    "Stop supplying or using the system and record the decision under `eu_ai_act: facts: \
                     discontinued:`; if the classification is wrong, correct it after a documented legal review.",
                ));
            }
            "art-50-1" | "art-50-2" | "art-50-3" | "art-50-4" if !missing.is_empty() => out.push(flag(
                DISCLOSURE_CONTROL,
                Code::EuDisclosureMissing,
                Some(Status::PartiallyCompliant),
                true,
                format!(
                    "system {id} is an {} case of the EU AI Act (from {date}) with no record of {}: {}",
                    o.article,
                    missing.join(", "),
                    lower_first(&o.title)
                ),
                "Record in `eu_ai_act: facts:` how people are told or how the content is marked, and where that is \
                 documented.",
            )),
            "art-27" if !missing.is_empty() => out.push(flag(
                FRIA_CONTROL,
                Code::EuFriaMissing,
                Some(Status::PartiallyCompliant),
                true,
                format!(
                    "system {id} needs a fundamental-rights impact assessment before first use (Art. 27 of the EU AI \
                     Act, from {date}), and none is recorded"
                ),
                "Carry out the assessment (an ISO/IEC 42005-style impact assessment covering fundamental rights \
                 qualifies) and record it under `eu_ai_act: facts: fria:`, or say \"fundamental rights\" in the \
                 description of its impact assessment record.",
            )),
            "art-26-7" if !missing.is_empty() => out.push(flag(
                "A.8.5",
                Code::EuWorkersNotInformed,
                None,
                true,
                format!(
                    "high-risk system {id} is used at the workplace, and nothing records that \
                     workers' representatives and the workers affected were told before use (Art. 26(7) of the EU AI \
                     Act, from {date})"
                ),
                "Inform them before the system is used, and record when and how under `eu_ai_act: facts: \
                 workers_informed:`.",
            )),
            _ => {}
        }
    }
    if eu.is_high_risk() && carries_high_risk_duties(&eu.roles) {
        out.extend(high_risk_gaps(system, k));
    }
    out
}

/// Where a system's missing Art. 50 disclosure or marking fact is flagged: information for users.
const DISCLOSURE_CONTROL: &str = "A.8.2";
/// Where a missing Art. 27 fundamental-rights impact assessment is flagged: the impact on individuals or groups.
const FRIA_CONTROL: &str = "A.5.4";

/// The ISO/IEC 42001 control that [`flags`] lowers for a system lacking a fact obligation `id` needs, e.g. `A.8.2`
/// for the marking of synthetic content (Art. 50(2)); `None` for an obligation whose missing facts lower no control
/// (they still count against its coverage; Art. 26(7)'s finding on A.8.5 leaves its status as it is). The
/// obligation's own support may not list that control (Art. 50's is A.8.5), so its row says where the gap is.
pub fn missing_fact_control(id: &str) -> Option<&'static str> {
    match id {
        "art-50-1" | "art-50-2" | "art-50-3" | "art-50-4" => Some(DISCLOSURE_CONTROL),
        "art-27" => Some(FRIA_CONTROL),
        _ => None,
    }
}

/// The `eu-high-risk-gap` flags of a high-risk system: one per missing impact assessment, human-oversight description
/// or event-logging record, naming the articles of each of the organisation's roles.
fn high_risk_gaps(system: &System, k: usize) -> Vec<Flag> {
    let eu = system.eu_ai_act.as_ref().expect("called for classified systems");
    let provider = eu.holds(EuAiActRole::Provider) || eu.holds(EuAiActRole::ProductManufacturer);
    let deployer = eu.holds(EuAiActRole::Deployer);
    let articles = |as_provider: &'static str, as_deployer: &'static str| match (provider, deployer) {
        (true, true) => format!("{as_provider} and {as_deployer}"),
        (true, false) => as_provider.to_string(),
        _ => as_deployer.to_string(),
    };
    let mut missing = Vec::new();
    if !system.evidence.contains_key(&EvidenceKind::ImpactAssessment) {
        missing.push((
            "A.5.3",
            "no impact assessment record",
            articles(
                "the provider's risk management system (Art. 9)",
                "the deployer's duties (Art. 26) and, where it applies, the fundamental-rights impact assessment (Art. 27)",
            ),
            "Carry out the system's impact assessment, covering health, safety and fundamental rights, and record it under `evidence: impact_assessment:`.",
        ));
    }
    if system.human_oversight.is_none() {
        missing.push((
            "A.9.4",
            "no human oversight description",
            articles(
                "the human oversight the provider must design into the system (Art. 14)",
                "the oversight by competent, trained people the deployer must assign (Art. 26(2))",
            ),
            "Describe in `human_oversight:` who oversees the system, how they can intervene, override or stop it, and how they are trained.",
        ));
    }
    if !system.evidence.contains_key(&EvidenceKind::EventLogging) {
        missing.push((
            "A.6.2.8",
            "no event logging record",
            articles("the automatic record-keeping (Art. 12)", "the deployer's duty to keep the logs (Art. 26(6))"),
            "Record where the system's event logs are kept and for how long, under `evidence: event_logging:`.",
        ));
    }
    let id = &system.id;
    missing
        .into_iter()
        .map(|(requirement, what, articles, action)| Flag {
            requirement,
            system: k,
            floor: Some(Status::PartiallyCompliant),
            waivable: true,
            finding: Finding::new(
                Code::EuHighRiskGap,
                format!("high-risk system {id} has {what}; the EU AI Act relies on it for {articles}"),
                Some(id.clone()),
                Some(system.location.clone()),
                action.to_string(),
            ),
            before_due: false,
        })
        .collect()
}

/// Whether `system` records `fact`. The fundamental-rights impact assessment is also recorded by an impact assessment
/// record (`impact_assessment` or `impact_on_individuals`) whose file is present and whose description says it covers
/// fundamental rights: an ISO/IEC 42005-style assessment that does so satisfies Art. 27. So does the system's
/// structured impact assessment in `records` (impact-assessments/) when it has a `fundamental_rights` area.
pub fn fact_recorded(system: &System, records: &RiskRecords, fact: EuFact) -> bool {
    let Some(eu) = &system.eu_ai_act else { return false };
    if eu.facts.contains_key(&fact) {
        return true;
    }
    match fact {
        EuFact::HumanOversight => system.human_oversight.is_some(),
        EuFact::Fria if records.impact_assessment(&system.id).is_some_and(|a| a.covers_fundamental_rights()) => true,
        EuFact::Fria => [EvidenceKind::ImpactAssessment, EvidenceKind::ImpactOnIndividuals].iter().any(|kind| {
            system.evidence.get(kind).is_some_and(|e| {
                e.file_state.counts()
                    && e.description.as_deref().is_some_and(|d| d.to_lowercase().contains("fundamental rights"))
            })
        }),
        _ => false,
    }
}

/// The ID of the EU AI Act's AI literacy obligation (Art. 4). Regulation (EU) 2026/1744 reduced it from a duty of
/// providers and deployers towards encouragement (shared reference: EU-AI-ACT-FACTS.md), so the documents treat it
/// as context: a note on the actions of 7.2 and 7.3, never a shortfall or a legal deadline of its own.
pub const AI_LITERACY: &str = "art-4";

/// The Art. 4 check, after the pass: when the organisation is provider, deployer or product manufacturer of an
/// in-scope classified system, each of 7.2 (competence) and 7.3 (awareness) that is a gap gets an
/// `eu-literacy-unsupported` finding, weighed like the requirement's others. Statuses do not change.
pub(super) fn literacy(requirements: &mut [RequirementResult], in_scope: &[&System]) {
    let data = eu_ai_act::obligations();
    let triggering: Vec<&str> = in_scope
        .iter()
        .filter(|s| {
            s.eu_ai_act
                .as_ref()
                .is_some_and(|eu| eu_ai_act::triggered(data, eu).iter().any(|t| t.obligation.id == AI_LITERACY))
        })
        .map(|s| s.id.as_str())
        .collect();
    let Some(first) = triggering.first() else { return };
    let more = match triggering.len() {
        1 => String::new(),
        n => format!(" and {} other system{}", crate::render::grouped(n - 1), if n == 2 { "" } else { "s" }),
    };
    for r in requirements.iter_mut().filter(|r| matches!(r.id.as_str(), "7.2" | "7.3") && r.status.is_gap()) {
        let mut finding = Finding::new(
            Code::EuLiteracyUnsupported,
            format!(
                "{} {} is {}, and the AI literacy the EU AI Act expects of providers and deployers (Art. 4, as amended \
                 by Regulation (EU) 2026/1744) leans on it; it applies through {first}{more}",
                r.id,
                r.title.to_lowercase(),
                r.status.label().to_lowercase()
            ),
            None,
            None,
            "Close the gap: decide who needs which AI knowledge for the systems they build or use, give it, and keep \
             the records."
                .to_string(),
        );
        finding.waived_by = r.waived_by.clone();
        finding.severity = if finding.is_waived() {
            Severity::Note
        } else if r.status == Status::NonCompliant {
            Severity::Error
        } else {
            Severity::Warning
        };
        r.findings.push(finding);
        if r.headline.is_none() {
            r.headline = Some(r.findings.len() - 1);
        }
    }
}

/// `text` with its first letter in lower case, to continue a sentence.
fn lower_first(text: &str) -> String {
    let mut chars = text.chars();
    chars.next().map_or_else(String::new, |c| c.to_lowercase().chain(chars).collect())
}
