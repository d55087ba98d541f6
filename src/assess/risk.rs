//! The AI risk register and the impact assessments: their checks, the status they give the requirements they
//! govern, the risks each control treats (for the Statement of Applicability) and their section of the report.
//!
//! When the register holds a risk, 6.1.2, 6.1.3, 8.2 and 8.3 take their status from it; when the workspace holds an
//! impact assessment, 6.1.4, 8.4 and A.5.2 do, and A.5.3-A.5.5 do for each system that has one. A governed
//! requirement is compliant when the checks find nothing for it and no record it rests on is unfit as a record (a
//! placeholder risk; an AI system's impact assessment that is missing, incomplete, unapproved or not current),
//! partially compliant otherwise, and an assessment entry can only lower that (docs/scoring.md). Without impact
//! assessment records the same rule reads each system's `evidence:` records for A.5.3-A.5.5 ([`knock_on_code`],
//! applied by the engine).
//!
//! Findings: `risk-system-uncovered` (8.2), `risk-incomplete` and `risk-review-stale` (6.1.2), `risk-untreated`,
//! `risk-control-excluded` and `control-without-reason` (6.1.3; the last lowers nothing), `risk-action-overdue` and
//! `risk-residual-unaccepted` (8.3), `impact-assessment-missing` (6.1.4, A.5.2), `impact-assessment-incomplete`,
//! `impact-assessment-unapproved` and `impact-assessment-stale` (8.4, and A.5.3-A.5.5 for the system).

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;

use super::Finding;
use crate::catalogue::{Catalogue, Kind, Requirement};
use crate::date::Date;
use crate::rules::Code;
use crate::workspace::{
    Affected, Decision, ImpactArea, ImpactAssessment, LifecycleStage, Location, Rating, Risk, RiskCriteria, RiskSource,
    SoaReason, Status, System, TreatmentOption, Workspace,
};

/// The requirements the register governs when it holds a risk.
const RISK_REQUIREMENTS: [&str; 4] = ["6.1.2", "6.1.3", "8.2", "8.3"];
/// The organisation-level requirements the impact assessments govern when there is one.
pub(super) const IMPACT_REQUIREMENTS: [&str; 3] = ["6.1.4", "8.4", "A.5.2"];
/// The per-system requirements an AI system's impact assessment is the record of.
pub(super) const SYSTEM_IMPACT_REQUIREMENTS: [&str; 3] = ["A.5.3", "A.5.4", "A.5.5"];

/// What the records decide, worked out once before the requirements are assessed.
#[derive(Debug, Default)]
pub(super) struct Records {
    /// The requirements whose status the records decide.
    governed: BTreeSet<&'static str>,
    /// The records' findings, by requirement.
    findings: BTreeMap<&'static str, Vec<Finding>>,
    /// For A.5.3-A.5.5: each system's findings from its impact assessment, by (requirement, system); a system with an
    /// assessment has an entry, possibly empty.
    system_findings: BTreeMap<(&'static str, String), Vec<Finding>>,
    /// The risks whose treatment chooses each control, in register order.
    treated_by: BTreeMap<String, Vec<String>>,
}

fn finding(code: Code, message: String, system: Option<&str>, at: &Location, action: String) -> Finding {
    Finding::new(code, message, system.map(str::to_string), Some(at.clone()), action)
}

/// The codes of findings that make a record unfit as a record, and so lower every requirement of its family.
/// An AI system's impact assessment that does not count, for any reason (missing, incomplete, not approved, not
/// current), lowers all three of 6.1.4, 8.4 and A.5.2.
const UNFIT: [Code; 5] = [
    Code::RiskIncomplete,
    Code::ImpactAssessmentMissing,
    Code::ImpactAssessmentIncomplete,
    Code::ImpactAssessmentUnapproved,
    Code::ImpactAssessmentStale,
];

/// For an AI system whose impact assessment is kept as its `evidence:` records (no `impact-assessments/` file): the
/// code the shortfall `code` of its record for `requirement` (A.5.3-A.5.5) gives the organisation's 6.1.4, 8.4 and
/// A.5.2 ("the impact assessment of the system does not count"), the same codes as an `impact-assessments/` record's:
/// no record at all is `impact-assessment-missing` (for A.5.4 and A.5.5, `impact-assessment-incomplete`), a draft or
/// superseded one `impact-assessment-unapproved`, an undated, stale or not yet effective one
/// `impact-assessment-stale`. `None` for another requirement or another finding.
pub(crate) fn knock_on_code(requirement: &str, code: Code) -> Option<Code> {
    if !SYSTEM_IMPACT_REQUIREMENTS.contains(&requirement) {
        return None;
    }
    Some(match code {
        Code::SystemImpactAssessmentMissing | Code::SystemEvidenceMissing if requirement != "A.5.3" => {
            Code::ImpactAssessmentIncomplete
        }
        Code::SystemImpactAssessmentMissing
        | Code::SystemEvidenceMissing
        | Code::ExclusionUnjustified
        | Code::EvidenceMissing
        | Code::ClaimWithoutEvidence => Code::ImpactAssessmentMissing,
        Code::EvidenceDraft | Code::EvidenceSuperseded => Code::ImpactAssessmentUnapproved,
        Code::EvidenceStale | Code::EvidenceUndated | Code::EvidenceNotYetEffective => Code::ImpactAssessmentStale,
        _ => return None,
    })
}

/// The key of the record a finding of the impact assessments is about, as the plan joins the work on it
/// (`code|file:line`): the finding's code and where the record is written.
pub(crate) fn record_key(code: Code, at: &Location) -> String {
    format!("{}|{}:{}", code.as_str(), at.file, at.line)
}

/// A pointer finding on requirement `id`, lowered by a finding of another member of its family (`member`): the
/// finding's code, system and location, with a message that names the reason and where it is reported ("8.2 is
/// lowered with 6.1.2: risk R-4 has no owner (and 2 more such findings); see 6.1.2").
pub(super) fn pointer(id: &str, member: &str, cause: &Finding, more: usize) -> Finding {
    let more = match more {
        0 => String::new(),
        1 => " (and 1 more such finding)".to_string(),
        n => format!(" (and {} more such findings)", crate::render::grouped(n)),
    };
    let mut f = cause.clone();
    f.message = format!("{id} is lowered with {member}: {}{more}; see {member}", cause.message);
    f.action = format!("{}. This also lifts {id}.", cause.action.trim_end_matches('.'));
    f
}

/// The parts of a pointer finding's message on requirement `id` (see [`pointer`]): the family member it points to,
/// the cause's own message, and how many more such findings the member has (0 when none); `None` when `message` is
/// not a pointer's. The client's words for a pointer are built from these parts, so that the pointer's wording stays
/// in this one place.
pub(crate) fn pointer_parts<'m>(id: &str, message: &'m str) -> Option<(&'m str, &'m str, usize)> {
    let rest = message.strip_prefix(id)?.strip_prefix(" is lowered with ")?;
    let (member, rest) = rest.split_once(": ")?;
    let cause = rest.strip_suffix(member)?.strip_suffix("; see ")?;
    let (cause, more) = match cause.rsplit_once(" (and ") {
        Some((c, tail)) if tail.ends_with(" more such finding)") || tail.ends_with(" more such findings)") => {
            (c, tail.split(' ').next().and_then(|n| n.replace(',', "").parse().ok()).unwrap_or(0))
        }
        _ => (cause, 0),
    };
    Some((member, cause, more))
}

/// Whether a review dated `reviewed` is still current `months` later, as of `as_of`.
fn current(reviewed: Option<Date>, months: u32, as_of: Date) -> bool {
    reviewed.is_some_and(|r| r.add_months(months) >= as_of)
}

/// Whether the workspace's assessment excludes a control for the whole organisation, with a justification.
fn excluded(workspace: &Workspace, control: &str) -> bool {
    workspace.entries.get(control).is_some_and(|e| e.status == Status::NotApplicable && e.justification.is_some())
}

/// Whether a risk above the threshold has a treatment: controls (Annex A or others) and actions to modify or share
/// it, actions to avoid it; retaining it needs an acceptance.
fn treated(risk: &Risk) -> bool {
    let controls = !risk.controls.is_empty() || !risk.other_controls.is_empty();
    match risk.treatment {
        Some(TreatmentOption::Modify | TreatmentOption::Share) => controls && !risk.actions.is_empty(),
        Some(TreatmentOption::Avoid) => !risk.actions.is_empty(),
        Some(TreatmentOption::Retain) | None => false,
    }
}

/// The rating that remains after treatment: the residual rating, or for a retained risk the inherent one.
fn remaining(risk: &Risk) -> Option<Rating> {
    risk.residual.or(if risk.treatment == Some(TreatmentOption::Retain) { risk.inherent } else { None })
}

impl Records {
    /// Checks the workspace's records as of `as_of`.
    pub(super) fn new(catalogue: &Catalogue, workspace: &Workspace, in_scope: &[&System], as_of: Date) -> Records {
        let mut records = Records::default();
        let live: Vec<&&System> = in_scope.iter().filter(|s| s.lifecycle_stage != LifecycleStage::Retired).collect();
        let c = &workspace.settings.risk;
        let risks = &workspace.risk.risks;
        if !risks.is_empty() {
            records.governed.extend(RISK_REQUIREMENTS);
            for risk in risks {
                records.check_risk(workspace, risk, c, as_of);
            }
            for s in &live {
                if !risks.iter().any(|r| r.inherent.is_some() && r.systems.contains(&s.id)) {
                    records.push(
                        "8.2",
                        finding(
                            Code::RiskSystemUncovered,
                            format!("no rated risk of the register concerns AI system {}", s.id),
                            None,
                            &s.location,
                            format!(
                                "Assess the risks of {} and add them to the register with `systems: [{}]`.",
                                s.id, s.id
                            ),
                        ),
                    );
                }
            }
            // Included controls that nothing backs: no risk treats them and their entry states no reason of its own
            // (law, contract or business need; `risk_treatment` alone is what the register should show). One note,
            // in catalogue order.
            let unexplained: Vec<(&str, &Location)> = catalogue
                .requirements()
                .filter(|r| r.kind == Kind::Control && !records.treated_by.contains_key(&r.id))
                .filter_map(|r| workspace.entries.get(&r.id))
                .filter(|e| matches!(e.status, Status::Compliant | Status::PartiallyCompliant | Status::NonCompliant))
                .filter(|e| {
                    !e.reasons.iter().any(|r| {
                        matches!(r, SoaReason::LegalOrRegulatory | SoaReason::Contractual | SoaReason::BusinessNeed)
                    })
                })
                .map(|e| (e.requirement.as_str(), &e.location))
                .collect();
            if let Some(&(_, first)) = unexplained.first() {
                let ids: Vec<&str> = unexplained.iter().map(|(id, _)| *id).collect();
                let (subject, verb) = if ids.len() == 1 { ("control", "is") } else { ("controls", "are") };
                records.push(
                    "6.1.3",
                    finding(
                        Code::ControlWithoutReason,
                        format!(
                            "{} included {subject} {verb} chosen by no risk treatment and state{} no other reason: {}",
                            ids.len(),
                            if ids.len() == 1 { "s" } else { "" },
                            ids.join(", ")
                        ),
                        None,
                        first,
                        "Add each control to the treatment of the risk it addresses, or state its reason (`reasons:`)."
                            .to_string(),
                    ),
                );
            }
        }
        let assessments = &workspace.risk.impact_assessments;
        if !assessments.is_empty() {
            records.governed.extend(IMPACT_REQUIREMENTS);
            // Only a system due an impact assessment lacks one: A.5.3 concerns its AI role, is not excluded for it
            // with a justification, and is due at its life-cycle stage (docs/scoring.md, rule 6).
            let due = |s: &System| {
                catalogue.get("A.5.3").is_none_or(|req| {
                    super::systems::concerns_role(req, s)
                        && s.exclusions.get(&req.id).is_none_or(|x| x.justification.is_none())
                        && req.due_from.is_none_or(|from| s.lifecycle_stage >= from)
                })
            };
            for s in live.iter().filter(|s| due(s)) {
                if workspace.risk.impact_assessment(&s.id).is_none() {
                    for req in ["6.1.4", "A.5.2"] {
                        records.push(
                            req,
                            finding(
                                Code::ImpactAssessmentMissing,
                                format!("AI system {} has no impact assessment", s.id),
                                None,
                                &s.location,
                                format!("Write impact-assessments/{}.yaml for the system.", s.id),
                            ),
                        );
                    }
                }
            }
            for a in assessments {
                records.check_impact(a, c, as_of);
            }
        }
        records
    }

    fn push(&mut self, requirement: &'static str, finding: Finding) {
        self.findings.entry(requirement).or_default().push(finding);
    }

    fn check_risk(&mut self, workspace: &Workspace, risk: &Risk, c: &RiskCriteria, as_of: Date) {
        let id = &risk.id;
        let mut lacking = Vec::new();
        if risk.owner.is_none() {
            lacking.push("owner");
        }
        if risk.inherent.is_none() {
            lacking.push("inherent rating");
        }
        if risk.reviewed.is_none() {
            lacking.push("review date");
        }
        if !lacking.is_empty() {
            let message = format!("risk {id} has no {}", lacking.join(", no "));
            let action =
                "Add the risk's `owner`, its `inherent` rating and the date it was last `reviewed`.".to_string();
            self.push("6.1.2", finding(Code::RiskIncomplete, message, None, &risk.location, action));
        }
        if let Some(reviewed) = risk.reviewed.filter(|_| !current(risk.reviewed, c.review_interval_months, as_of)) {
            let message = format!(
                "risk {id} was last reviewed on {reviewed}, more than {} before {as_of}",
                crate::render::months_text(c.review_interval_months)
            );
            let action = format!("Review risk {id} with its owner and record the new `reviewed` date.");
            self.push("6.1.2", finding(Code::RiskReviewStale, message, None, &risk.location, action));
        }
        if let Some(inherent) = risk.inherent.filter(|r| c.above_threshold(*r))
            && !treated(risk)
            && risk.acceptance.is_none()
        {
            let message = format!(
                "risk {id} is rated {} (above the acceptance threshold {}) and has neither a treatment with controls and actions nor an acceptance",
                inherent.score(),
                c.accept_up_to
            );
            let action = format!(
                "Choose controls and plan actions for risk {id} (`treatment:`), or have an acceptor record `acceptance:`."
            );
            self.push("6.1.3", finding(Code::RiskUntreated, message, None, &risk.location, action));
        }
        for action in &risk.actions {
            if let Some(due) = action.due.filter(|&d| action.done.is_none() && d < as_of) {
                let what = action.description.trim().trim_end_matches('.');
                let message = format!("the treatment action of risk {id}, “{what}”, was due on {due}");
                let next = "Finish the action and record `done:`, or agree a new due date with its owner.".to_string();
                self.push("8.3", finding(Code::RiskActionOverdue, message, None, &action.location, next));
            }
        }
        if let Some(left) = remaining(risk).filter(|r| c.above_threshold(*r))
            && risk.acceptance.is_none()
        {
            let message = format!(
                "the residual rating {} of risk {id} is above the acceptance threshold {} and nobody has accepted it",
                left.score(),
                c.accept_up_to
            );
            let action = format!("Treat risk {id} further, or have an acceptor record `acceptance:`.");
            self.push("8.3", finding(Code::RiskResidualUnaccepted, message, None, &risk.location, action));
        }
        for control in &risk.controls {
            self.treated_by.entry(control.clone()).or_default().push(id.clone());
            if excluded(workspace, control) {
                let message = format!("risk {id} is treated with {control}, but the assessment excludes {control}");
                let action = format!("Include {control} in the assessment, or choose another control for risk {id}.");
                self.push("6.1.3", finding(Code::RiskControlExcluded, message, None, &risk.location, action));
            }
        }
    }

    fn check_impact(&mut self, a: &ImpactAssessment, c: &RiskCriteria, as_of: Date) {
        let s = a.system.as_str();
        let missing = |areas: &[ImpactArea]| -> Vec<ImpactArea> {
            areas.iter().copied().filter(|x| !a.areas.iter().any(|y| y.area == *x)).collect()
        };
        // The message names the areas in words ("fundamental rights"); the action names the YAML values to add.
        let incomplete = |areas: &[ImpactArea]| {
            let words: Vec<&str> = areas.iter().map(|x| x.label()).collect();
            let values: Vec<&str> = areas.iter().map(|x| x.as_str()).collect();
            finding(
                Code::ImpactAssessmentIncomplete,
                format!("the impact assessment of {s} leaves out {} impacts", words.join(", ")),
                Some(s),
                &a.location,
                format!(
                    "Add an entry under `areas:` for {} (or say why the system has no such impact).",
                    values.join(", ")
                ),
            )
        };
        let mut documented = Vec::new();
        if a.approval.is_none() {
            documented.push(finding(
                Code::ImpactAssessmentUnapproved,
                format!("the impact assessment of {s} is not approved"),
                Some(s),
                &a.location,
                "Have the accountable person approve it and record `approved: {by, on}`.".to_string(),
            ));
        }
        if !current(a.reviewed, c.review_interval_months, as_of) {
            let message = match a.reviewed {
                Some(r) => format!(
                    "the impact assessment of {s} was last reviewed on {r}, more than {} before {as_of}",
                    crate::render::months_text(c.review_interval_months)
                ),
                None => format!("the impact assessment of {s} has no review date"),
            };
            let action = "Review the assessment against the system as it is today and record `reviewed:`.".to_string();
            documented.push(finding(Code::ImpactAssessmentStale, message, Some(s), &a.location, action));
        }
        let all = missing(&ImpactArea::ALL);
        let mut org: Vec<Finding> = if all.is_empty() { Vec::new() } else { vec![incomplete(&all)] };
        org.extend(documented.iter().cloned());
        for mut f in org {
            f.system = None;
            self.push("8.4", f);
        }
        let individuals = missing(&ImpactArea::INDIVIDUALS);
        let society = missing(&ImpactArea::SOCIETY);
        let a54 = if individuals.is_empty() { Vec::new() } else { vec![incomplete(&individuals)] };
        let a55 = if society.is_empty() { Vec::new() } else { vec![incomplete(&society)] };
        self.system_findings.insert(("A.5.3", s.to_string()), documented);
        self.system_findings.insert(("A.5.4", s.to_string()), a54);
        self.system_findings.insert(("A.5.5", s.to_string()), a55);
    }

    /// Whether the records decide the status of requirement `id`.
    pub(super) fn governs(&self, id: &str) -> bool {
        self.governed.contains(id)
    }

    /// The records' findings for requirement `id`, and the status they support: compliant when nothing but
    /// `control-without-reason` notes is found for it and no record it rests on is itself unfit, partially compliant
    /// otherwise. A record that is unfit as a record (a risk without an owner or ratings, `risk-incomplete`; an AI
    /// system's impact assessment that is missing, leaves out areas, is not approved or not current) lowers every
    /// requirement of its family (the
    /// register's 6.1.2, 6.1.3, 8.2 and 8.3, or the impact assessments' 6.1.4, 8.4 and A.5.2): a placeholder risk is
    /// not an assessed or treated risk either. A member lowered that way without such a finding of its own gets a
    /// pointer to it ([`pointer`]), so its status never stands without a reason. A late action or a stale review
    /// lowers only its own risk requirement.
    pub(super) fn outcome(&self, id: &str) -> (Status, Vec<Finding>) {
        let mut findings = self.findings.get(id).cloned().unwrap_or_default();
        let family: &[&str] = if RISK_REQUIREMENTS.contains(&id) { &RISK_REQUIREMENTS } else { &IMPACT_REQUIREMENTS };
        let mut unfit: Vec<(&str, &Finding)> = family
            .iter()
            .flat_map(|member| {
                self.findings
                    .get(member)
                    .into_iter()
                    .flatten()
                    .filter(|f| UNFIT.contains(&f.code))
                    .map(|f| (*member, f))
            })
            .collect();
        // The same shortfall raised on two members (a system without an impact assessment, on 6.1.4 and A.5.2) is
        // one reason, counted once.
        let mut seen = BTreeSet::new();
        unfit.retain(|(_, f)| seen.insert((f.code.as_str(), f.location.clone(), f.message.clone())));
        let short = !unfit.is_empty() || findings.iter().any(|f| f.code != Code::ControlWithoutReason);
        if let Some(&(member, first)) = unfit.first().filter(|_| !unfit.iter().any(|(m, _)| *m == id)) {
            findings.push(pointer(id, member, first, unfit.len() - 1));
        }
        (if short { Status::PartiallyCompliant } else { Status::Compliant }, findings)
    }

    /// For A.5.3-A.5.5 and a system with an impact assessment: the status the assessment supports for the system,
    /// with its findings added to `findings`. `None` when the requirement or the system has no such record. An
    /// assessment that is not approved or not current (A.5.3's findings) supports none of the three; areas it leaves
    /// out lower only the requirement they belong to.
    /// A.5.4 and A.5.5 lowered only by A.5.3's findings get a pointer to the first of them.
    pub(super) fn system_impact(&self, req: &Requirement, system: &str, findings: &mut Vec<Finding>) -> Option<Status> {
        let found = self.system_findings.get(&(req.id.as_str(), system.to_string()))?;
        findings.extend(found.iter().cloned());
        let documented = self.system_findings.get(&("A.5.3", system.to_string())).filter(|f| !f.is_empty());
        if let Some(first) = documented.and_then(|f| f.first()).filter(|_| req.id != "A.5.3") {
            let more = documented.map_or(0, |f| f.len() - 1);
            findings.push(pointer(&req.id, "A.5.3", first, more));
        }
        let document = documented.is_some();
        Some(if found.is_empty() && !document { Status::Compliant } else { Status::PartiallyCompliant })
    }

    /// The IDs of the risks whose treatment chooses control `id`, in register order.
    pub(super) fn treated_by(&self, id: &str) -> Vec<String> {
        self.treated_by.get(id).cloned().unwrap_or_default()
    }
}

// ----- the report's section ---------------------------------------------------------------------------------------

/// The AI risk register and the impact assessments as the report shows them, with what the assessment decided
/// about each (above the threshold, overdue, current). The data behind a risk heat map: each risk's inherent and
/// residual levels on the criteria's scales.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct RiskReport {
    /// The criteria the ratings are read on (aims.toml `[risk]`, or the defaults).
    pub criteria: RiskCriteria,
    /// Every risk, in register order.
    pub risks: Vec<RiskResult>,
    /// Every impact assessment, by system ID.
    pub impact_assessments: Vec<ImpactAssessmentResult>,
}

/// Which rating of the risks a [`RiskGrid`] counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GridRating {
    /// The rating before treatment.
    Inherent,
    /// The rating after treatment.
    Residual,
}

/// One cell of a [`RiskGrid`]: a likelihood level and a consequence level (both 1-based), how many risks are rated
/// there, and whether that rating is above the acceptance threshold.
#[derive(Debug, Clone, Serialize)]
pub struct GridCell {
    /// The consequence level, 1 to the size of the consequence scale.
    pub consequence: u32,
    /// The number of risks rated at this likelihood and consequence.
    pub count: usize,
    /// Whether likelihood × consequence is above the criteria's `accept_up_to`.
    pub above_threshold: bool,
}

/// One row of a [`RiskGrid`]: a likelihood level with its name and its cells, lowest consequence first.
#[derive(Debug, Clone, Serialize)]
pub struct GridRow {
    /// The likelihood level, 1 to the size of the likelihood scale.
    pub likelihood: u32,
    /// The level's name from the criteria.
    pub name: String,
    /// One cell per consequence level, lowest first.
    pub cells: Vec<GridCell>,
}

/// The risks counted on the likelihood × consequence grid of the criteria: the data of a risk heat map. Rows run
/// from the highest likelihood down; risks without the rating are counted in `unrated`.
#[derive(Debug, Clone, Serialize)]
pub struct RiskGrid {
    /// The consequence level names, lowest first (the columns).
    pub consequence: Vec<String>,
    /// The rows, highest likelihood first.
    pub rows: Vec<GridRow>,
    /// Risks in the register that have no rating of this kind.
    pub unrated: usize,
    /// Risks counted in the grid.
    pub rated: usize,
}

impl RiskReport {
    /// The risks counted by their inherent or residual rating on the criteria's grid.
    pub fn grid(&self, which: GridRating) -> RiskGrid {
        let c = &self.criteria;
        let mut rows: Vec<GridRow> = (1..=c.likelihood.len() as u32)
            .rev()
            .map(|l| GridRow {
                likelihood: l,
                name: c.likelihood[l as usize - 1].clone(),
                cells: (1..=c.consequence.len() as u32)
                    .map(|k| GridCell { consequence: k, count: 0, above_threshold: l * k > c.accept_up_to })
                    .collect(),
            })
            .collect();
        let (mut rated, mut unrated) = (0, 0);
        for r in &self.risks {
            let rating = match which {
                GridRating::Inherent => r.inherent.as_ref(),
                GridRating::Residual => r.residual.as_ref(),
            };
            let cell = rating.and_then(|x| {
                rows.iter_mut()
                    .find(|row| row.likelihood == x.likelihood)
                    .and_then(|row| (x.consequence as usize).checked_sub(1).and_then(|i| row.cells.get_mut(i)))
            });
            match cell {
                Some(cell) => {
                    cell.count += 1;
                    rated += 1;
                }
                None => unrated += 1,
            }
        }
        RiskGrid { consequence: c.consequence.clone(), rows, unrated, rated }
    }
}

/// A rating with its level names and whether the criteria accept it.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct RatingResult {
    /// The likelihood level (1 = lowest).
    pub likelihood: u32,
    /// Its name on the likelihood scale.
    pub likelihood_level: String,
    /// The consequence level (1 = lowest).
    pub consequence: u32,
    /// Its name on the consequence scale.
    pub consequence_level: String,
    /// likelihood × consequence.
    pub score: u32,
    /// Whether `score` is above the criteria's `accept_up_to`.
    pub above_threshold: bool,
}

/// A treatment action and whether it is overdue.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct TreatmentActionResult {
    /// What will be done.
    pub description: String,
    /// Who will do it; `null` when not named.
    pub owner: Option<String>,
    /// When it is due; `null` when not given.
    pub due: Option<Date>,
    /// When it was completed; `null` while open.
    pub done: Option<Date>,
    /// Open and due before the as-of date.
    pub overdue: bool,
    /// Where the action is written.
    pub location: Location,
}

/// A decision: who, when, and where it is recorded.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct DecisionResult {
    /// Who decided.
    pub by: String,
    /// When.
    pub on: Date,
    /// Where it is recorded.
    pub location: Location,
}

/// One risk of the register.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct RiskResult {
    /// Its ID.
    pub id: String,
    /// Its title.
    pub title: String,
    /// What could happen; `null` when not given.
    pub description: Option<String>,
    /// Where it comes from (Annex C.3); `null` when not given.
    pub source: Option<RiskSource>,
    /// Who it would affect.
    pub affected: Vec<String>,
    /// The AI systems it concerns.
    pub systems: Vec<String>,
    /// Who owns it; `null` when not named.
    pub owner: Option<String>,
    /// The rating before treatment; `null` when not rated.
    pub inherent: Option<RatingResult>,
    /// The treatment option; `null` when none is chosen.
    pub treatment: Option<TreatmentOption>,
    /// The Annex A controls the treatment chooses.
    pub controls: Vec<String>,
    /// Other controls it chooses, by name.
    pub other_controls: Vec<String>,
    /// The treatment actions.
    pub actions: Vec<TreatmentActionResult>,
    /// The rating after treatment; `null` when not rated.
    pub residual: Option<RatingResult>,
    /// The acceptance of the remaining risk; `null` when none.
    pub acceptance: Option<DecisionResult>,
    /// When it was last reviewed; `null` when never.
    pub reviewed: Option<Date>,
    /// Where the risk is written.
    pub location: Location,
}

/// One area of an impact assessment.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct AreaResult {
    /// The area.
    pub area: ImpactArea,
    /// The impact in words.
    pub impact: String,
    /// Likelihood level; `null` when not rated.
    pub likelihood: Option<u32>,
    /// Severity level (on the consequence scale); `null` when not rated.
    pub severity: Option<u32>,
    /// What is done about it; `null` when not given.
    pub measures: Option<String>,
}

/// One AI system's impact assessment.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct ImpactAssessmentResult {
    /// The system assessed.
    pub system: String,
    /// Scope and context.
    pub scope: String,
    /// The intended use; `null` when not given.
    pub intended_use: Option<String>,
    /// Reasonably foreseeable misuse; `null` when not given.
    pub foreseeable_misuse: Option<String>,
    /// Who the system affects.
    pub affected: Affected,
    /// The areas considered, in file order.
    pub areas: Vec<AreaResult>,
    /// The areas it leaves out.
    pub missing_areas: Vec<ImpactArea>,
    /// Who was consulted; `null` when not given.
    pub consultation: Option<String>,
    /// The conclusions; `null` when not given.
    pub results: Option<String>,
    /// Its approval; `null` when not approved.
    pub approval: Option<DecisionResult>,
    /// When it was last reviewed; `null` when never.
    pub reviewed: Option<Date>,
    /// Reviewed within the criteria's review interval.
    pub current: bool,
    /// It considers fundamental rights, so it can serve as input to an EU AI Act Art. 27 fundamental-rights impact
    /// assessment.
    pub fria_input: bool,
    /// Where it is written.
    pub location: Location,
}

fn rating(r: Rating, c: &RiskCriteria) -> RatingResult {
    let name = |levels: &[String], n: u32| levels.get(n as usize - 1).cloned().unwrap_or_default();
    RatingResult {
        likelihood: r.likelihood,
        likelihood_level: name(&c.likelihood, r.likelihood),
        consequence: r.consequence,
        consequence_level: name(&c.consequence, r.consequence),
        score: r.score(),
        above_threshold: c.above_threshold(r),
    }
}

fn decision(d: &Decision) -> DecisionResult {
    DecisionResult { by: d.by.clone(), on: d.on, location: d.location.clone() }
}

/// The report's section; `None` when the workspace keeps neither a register nor impact assessments.
pub(super) fn report(workspace: &Workspace, as_of: Date) -> Option<RiskReport> {
    let records = &workspace.risk;
    if records.risks.is_empty() && records.impact_assessments.is_empty() {
        return None;
    }
    let c = &workspace.settings.risk;
    let risks = records
        .risks
        .iter()
        .map(|r| RiskResult {
            id: r.id.clone(),
            title: r.title.clone(),
            description: r.description.clone(),
            source: r.source,
            affected: r.affected.clone(),
            systems: r.systems.clone(),
            owner: r.owner.clone(),
            inherent: r.inherent.map(|x| rating(x, c)),
            treatment: r.treatment,
            controls: r.controls.clone(),
            other_controls: r.other_controls.clone(),
            actions: r
                .actions
                .iter()
                .map(|a| TreatmentActionResult {
                    description: a.description.clone(),
                    owner: a.owner.clone(),
                    due: a.due,
                    done: a.done,
                    overdue: a.done.is_none() && a.due.is_some_and(|d| d < as_of),
                    location: a.location.clone(),
                })
                .collect(),
            residual: r.residual.map(|x| rating(x, c)),
            acceptance: r.acceptance.as_ref().map(decision),
            reviewed: r.reviewed,
            location: r.location.clone(),
        })
        .collect();
    let impact_assessments = records
        .impact_assessments
        .iter()
        .map(|a| ImpactAssessmentResult {
            system: a.system.clone(),
            scope: a.scope.clone(),
            intended_use: a.intended_use.clone(),
            foreseeable_misuse: a.foreseeable_misuse.clone(),
            affected: a.affected.clone(),
            areas: a
                .areas
                .iter()
                .map(|x| AreaResult {
                    area: x.area,
                    impact: x.impact.clone(),
                    likelihood: x.likelihood,
                    severity: x.severity,
                    measures: x.measures.clone(),
                })
                .collect(),
            missing_areas: ImpactArea::ALL.into_iter().filter(|x| !a.areas.iter().any(|y| y.area == *x)).collect(),
            consultation: a.consultation.clone(),
            results: a.results.clone(),
            approval: a.approval.as_ref().map(decision),
            reviewed: a.reviewed,
            current: current(a.reviewed, c.review_interval_months, as_of),
            fria_input: a.covers_fundamental_rights(),
            location: a.location.clone(),
        })
        .collect();
    Some(RiskReport { criteria: c.clone(), risks, impact_assessments })
}

#[cfg(test)]
mod tests {
    use super::pointer_parts;

    #[test]
    fn a_pointer_message_splits_into_member_cause_and_count() {
        let one = "6.1.4 is lowered with 8.4: the impact assessment of bot leaves out societal impacts; see 8.4";
        assert_eq!(
            pointer_parts("6.1.4", one),
            Some(("8.4", "the impact assessment of bot leaves out societal impacts", 0))
        );
        let more = "8.2 is lowered with 6.1.2: risk R-4 has no owner (and 2 more such findings); see 6.1.2";
        assert_eq!(pointer_parts("8.2", more), Some(("6.1.2", "risk R-4 has no owner", 2)));
        assert_eq!(pointer_parts("8.4", "the impact assessment of bot is not approved"), None);
        assert_eq!(pointer_parts("A.5.2", one), None, "a pointer of another requirement");
    }
}
