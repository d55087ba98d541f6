//! Stage two of the pipeline: a pure function of (catalogue, workspace, as-of date) to an [`Assessment`].
//! No file system, no clock, no printing; every result can be reproduced in a test.
//!
//! The rule throughout: score what is shown, not what is said. A declared status is the starting point and can only
//! be lowered by what the workspace fails to show (missing, stale or undated evidence; unjustified exclusions).

use crate::rules::Code;
use std::collections::BTreeMap;

use serde::Serialize;

use crate::catalogue::{self, Catalogue, Effort, Kind, Requirement, Scope};
use crate::date::Date;
use crate::workspace::{
    AiRole, EuAiActRole, EuRiskTier, Evidence, FileState, LifecycleStage, Location, Status, System, Workspace,
};

/// The version of the JSON report's shape; bumped on any breaking change (docs/json.md).
pub const SCHEMA_VERSION: u32 = 1;

#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct Assessment {
    pub schema_version: u32,
    pub title: String,
    pub as_of: Date,
    pub catalogue: CatalogueInfo,
    pub organisation: OrganisationInfo,
    pub review_interval_months: u32,
    pub summary: Summary,
    /// Clauses 4-10, then the Annex A objectives.
    pub groups: Vec<GroupResult>,
    /// Every requirement in catalogue order.
    pub requirements: Vec<RequirementResult>,
    /// In-scope and out-of-scope AI systems, by ID.
    pub systems: Vec<SystemResult>,
    /// Every waiver of aims.toml and what became of it.
    pub waivers: Vec<WaiverResult>,
    /// The CI gate's verdict; `null` when no gate is set.
    pub gate: Option<crate::gate::GateResult>,
}

/// What a waiver did in this assessment.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum WaiverState {
    /// It covers a gap.
    Active,
    /// Its expiry date has passed: it covers nothing and fails the gate.
    Expired,
    /// What it names is not a gap (any more): it can be removed.
    Unused,
}

#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct WaiverResult {
    pub requirement: String,
    pub system: Option<String>,
    pub reason: String,
    pub owner: String,
    pub expires: Date,
    pub state: WaiverState,
    pub location: Location,
}

#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct CatalogueInfo {
    pub standard: &'static str,
    pub version: &'static str,
}

#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct OrganisationInfo {
    pub name: String,
    pub aims_scope: String,
    pub ai_roles: Vec<AiRole>,
    pub eu_ai_act_roles: Vec<EuAiActRole>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, schemars::JsonSchema)]
pub struct Counts {
    pub compliant: usize,
    pub partially_compliant: usize,
    pub non_compliant: usize,
    pub not_applicable: usize,
    pub not_assessed: usize,
}

impl Counts {
    pub fn add(&mut self, status: Status) {
        *match status {
            Status::Compliant => &mut self.compliant,
            Status::PartiallyCompliant => &mut self.partially_compliant,
            Status::NonCompliant => &mut self.non_compliant,
            Status::NotApplicable => &mut self.not_applicable,
            Status::NotAssessed => &mut self.not_assessed,
        } += 1;
    }

    pub fn get(&self, status: Status) -> usize {
        match status {
            Status::Compliant => self.compliant,
            Status::PartiallyCompliant => self.partially_compliant,
            Status::NonCompliant => self.non_compliant,
            Status::NotApplicable => self.not_applicable,
            Status::NotAssessed => self.not_assessed,
        }
    }

    /// `(compliant + 0.5 × partially compliant) / (compliant + partially + non-compliant)` in percent, to one
    /// decimal; `None` when nothing was assessed and applicable.
    pub fn score(&self) -> Option<f64> {
        let assessed = self.compliant + self.partially_compliant + self.non_compliant;
        (assessed > 0).then(|| {
            let points = self.compliant as f64 + 0.5 * self.partially_compliant as f64;
            (points * 1000.0 / assessed as f64).round() / 10.0
        })
    }
}

#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct Summary {
    pub score: Option<f64>,
    pub counts: Counts,
    pub requirements: usize,
    pub findings: usize,
    /// Requirements whose gap is waived (they keep their status in `counts`).
    pub waived: usize,
    /// Systems assessed (in scope).
    pub systems_in_scope: usize,
}

#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct GroupResult {
    pub id: String,
    pub kind: Kind,
    pub title: String,
    pub score: Option<f64>,
    pub counts: Counts,
}

#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct EvidenceResult {
    pub file: Option<String>,
    pub reviewed: Option<Date>,
    /// `present`, `missing`, `not_given`, `empty`, `not_a_file` or `workspace_input` (only `present` counts).
    pub state: &'static str,
}

#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct ActionResult {
    pub description: String,
    pub owner: Option<String>,
    pub due: Option<Date>,
    pub overdue: bool,
}

#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct Finding {
    /// A stable rule code; `aims explain CODE` describes it.
    pub code: Code,
    pub message: String,
    /// The AI system the finding concerns, for per-system requirements.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub system: Option<String>,
    pub location: Option<Location>,
    /// The next step that would resolve it.
    pub action: String,
}

#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct SystemStatus {
    pub system: String,
    pub status: Status,
    /// The gap is accepted by an active waiver: shown as waived, never as met.
    pub waived: bool,
    /// Why it is not applicable, where it is not.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
}

#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct RequirementResult {
    pub id: String,
    pub kind: Kind,
    pub group: String,
    pub title: String,
    pub scope: Scope,
    pub documented_information: bool,
    pub effort: Effort,
    /// What the workspace declares; `None` when it has no entry.
    pub declared: Option<Status>,
    /// What the evidence supports.
    pub status: Status,
    /// The gap is accepted by active waivers (for the requirement, or for every system that falls short). The
    /// status stays what it is: a waived gap is counted apart, never as a pass.
    pub waived: bool,
    pub score: Option<f64>,
    pub owner: Option<String>,
    pub justification: Option<String>,
    pub evidence: Vec<EvidenceResult>,
    pub action: Option<ActionResult>,
    pub findings: Vec<Finding>,
    /// Per-system statuses, for requirements assessed per AI system (empty otherwise).
    pub systems: Vec<SystemStatus>,
    /// Where the requirement is assessed, when the workspace has an entry.
    pub location: Option<Location>,
}

impl RequirementResult {
    /// What one in-scope AI system shows for this per-system requirement. `systems` follows the workspace's order of
    /// systems, which is by ID, so this is a binary search.
    pub fn system(&self, id: &str) -> Option<&SystemStatus> {
        self.systems.binary_search_by(|s| s.system.as_str().cmp(id)).ok().map(|k| &self.systems[k])
    }
}

#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct EuAiActInfo {
    pub role: EuAiActRole,
    pub risk_tier: EuRiskTier,
    pub annex_iii_area: Option<String>,
}

#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct SystemResult {
    pub id: String,
    pub name: String,
    pub owner: String,
    pub ai_role: AiRole,
    pub lifecycle_stage: LifecycleStage,
    pub in_scope: bool,
    pub eu_ai_act: Option<EuAiActInfo>,
    pub score: Option<f64>,
    pub counts: Counts,
    /// Status of every per-system requirement for this system, by requirement ID.
    pub statuses: BTreeMap<String, Status>,
    pub location: Location,
}

/// Assesses `workspace` against `catalogue` as of `as_of`.
pub fn assess(catalogue: &Catalogue, workspace: &Workspace, as_of: Date) -> Assessment {
    let ctx = Context { workspace, as_of };
    let in_scope: Vec<&System> = workspace.systems.iter().filter(|s| s.in_scope).collect();

    // With many systems the per-system controls dominate; spread the requirements over the cores.
    let catalogue_order: Vec<&Requirement> = catalogue.requirements().collect();
    let mut requirements: Vec<RequirementResult> =
        crate::parallel::map(&catalogue_order, if in_scope.len() >= 500 { 2 } else { usize::MAX }, |req| {
            ctx.requirement(req, &in_scope)
        });
    // EU AI Act classification: prohibited practices and high-risk systems lacking what the Act relies on.
    crate::eu_ai_act::check(workspace, as_of, &mut requirements);
    let groups = catalogue
        .groups
        .iter()
        .map(|g| {
            let mut counts = Counts::default();
            requirements.iter().filter(|r| r.group == g.id).for_each(|r| counts.add(r.status));
            GroupResult { id: g.id.clone(), kind: g.kind, title: g.title.clone(), score: counts.score(), counts }
        })
        .collect();

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
    let systems = crate::parallel::map(&numbered, 500, |&(s, k)| {
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
                role: eu.role,
                risk_tier: eu.risk_tier,
                annex_iii_area: eu.annex_iii_area.clone(),
            }),
            score: counts.score(),
            counts,
            statuses,
            location: s.location.clone(),
        }
    });

    let mut counts = Counts::default();
    requirements.iter().for_each(|r| counts.add(r.status));
    let summary = Summary {
        score: counts.score(),
        findings: requirements.iter().map(|r| r.findings.len()).sum(),
        requirements: requirements.len(),
        waived: requirements.iter().filter(|r| r.waived).count(),
        counts,
        systems_in_scope: in_scope.len(),
    };
    let org = &workspace.organisation;
    Assessment {
        schema_version: SCHEMA_VERSION,
        title: workspace
            .settings
            .report_title
            .clone()
            .unwrap_or_else(|| "AI management system gap assessment".to_string()),
        as_of,
        catalogue: CatalogueInfo { standard: catalogue::STANDARD, version: catalogue::VERSION },
        organisation: OrganisationInfo {
            name: org.name.clone(),
            aims_scope: org.aims_scope.clone(),
            ai_roles: org.ai_roles.clone(),
            eu_ai_act_roles: org.eu_ai_act_roles.clone(),
        },
        review_interval_months: workspace.settings.review_interval_months,
        summary,
        waivers: waiver_results(workspace, &requirements, as_of),
        groups,
        requirements,
        systems,
        gate: None,
    }
}

/// The state of every waiver, once the requirements are assessed.
fn waiver_results(workspace: &Workspace, requirements: &[RequirementResult], as_of: Date) -> Vec<WaiverResult> {
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

struct Context<'a> {
    workspace: &'a Workspace,
    as_of: Date,
}

/// The weaker of two statuses (not applicable never wins).
fn weakest(a: Status, b: Status) -> Status {
    if b.severity() > a.severity() { b } else { a }
}

impl Context<'_> {
    fn requirement(&self, req: &Requirement, in_scope: &[&System]) -> RequirementResult {
        let entry = self.workspace.entries.get(&req.id);
        let mut findings = Vec::new();
        let location = entry.map(|e| e.location.clone());

        // 1. For per-system requirements, what each in-scope system shows.
        let mut systems = Vec::new();
        let mut system_status: Option<Status> = None;
        if req.scope == Scope::AiSystem {
            for system in in_scope {
                let (s, reason) = self.system_status(req, system, &mut findings);
                if s != Status::NotApplicable {
                    system_status = Some(system_status.map_or(s, |st| weakest(st, s)));
                }
                systems.push(SystemStatus { system: system.id.clone(), status: s, reason, waived: false });
            }
        }

        // 2. What the organisation-level entry supports. For a per-system requirement the systems' records are the
        // evidence, so the entry needs none of its own; an entry excluding the control excludes it for every system.
        let entry_status = entry.map(|e| self.entry_status(req, e, system_status.is_some(), &mut findings));
        let status = match (entry_status, system_status) {
            (Some(Status::NotApplicable), _) => {
                findings.retain(|f| f.system.is_none());
                systems.iter_mut().for_each(|s| s.status = Status::NotApplicable);
                Status::NotApplicable
            }
            (Some(a), Some(b)) => weakest(a, b),
            (Some(a), None) | (None, Some(a)) => a,
            // A per-system control that no in-scope system needs, and no entry: nothing to assess.
            (None, None) if req.scope == Scope::AiSystem => Status::NotApplicable,
            (None, None) => {
                findings.push(Finding {
                    code: Code::NotAssessed,
                    message: format!("{} has no assessment entry", req.id),
                    system: None,
                    location: None,
                    action: format!(
                        "Assess {} with its owner (questions: `aims controls {}`) and record a status.",
                        req.id, req.id
                    ),
                });
                Status::NotAssessed
            }
        };

        // 3. Waivers: accepted gaps stay gaps, but are marked so the gate can let them pass.
        let mut waived = false;
        for w in self.workspace.waivers.iter().filter(|w| w.requirement == req.id) {
            if w.expires < self.as_of {
                findings.push(Finding {
                    code: Code::WaiverExpired,
                    message: format!("the waiver for {}{} expired on {}", req.id, for_system(&w.system), w.expires),
                    system: w.system.clone(),
                    location: Some(w.location.clone()),
                    action: "Close the gap, or renew the waiver with a new reason and expiry date.".to_string(),
                });
                continue;
            }
            match &w.system {
                None if status.is_gap() => waived = true,
                None => {}
                Some(id) => {
                    if let Some(s) = systems.iter_mut().find(|s| &s.system == id && s.status.is_gap()) {
                        s.waived = true;
                    }
                }
            }
        }
        // A per-system gap is waived as a whole when every system that falls short is waived and the
        // organisation-level entry is not a gap of its own.
        if !waived && status.is_gap() && systems.iter().any(|s| s.waived) {
            let unwaived_gap = systems.iter().any(|s| s.status.is_gap() && !s.waived);
            waived = !unwaived_gap && !entry_status.is_some_and(Status::is_gap);
        }

        let action = entry.and_then(|e| e.action.as_ref()).map(|a| ActionResult {
            description: a.description.clone(),
            owner: a.owner.clone(),
            due: a.due,
            overdue: status.is_gap() && a.due.is_some_and(|d| d < self.as_of),
        });
        // A missing plan is only a finding where the organisation itself declares the gap; gaps aims finds in the
        // evidence already carry their next action.
        let declared_gap = entry.is_some_and(|e| matches!(e.status, Status::PartiallyCompliant | Status::NonCompliant));
        if status.is_gap() && entry.is_some() {
            match &action {
                None if !declared_gap => {}
                None => findings.push(Finding {
                    code: Code::ActionMissing,
                    message: format!("{} is not met and no action is planned", req.id),
                    system: None,
                    location: location.clone(),
                    action: "Add `action:` with a description, an owner and a due date.".to_string(),
                }),
                Some(a) if a.overdue => findings.push(Finding {
                    code: Code::ActionOverdue,
                    message: format!(
                        "the planned action was due on {} and {} is still not met",
                        a.due.map(|d| d.to_string()).unwrap_or_default(),
                        req.id
                    ),
                    system: None,
                    location: location.clone(),
                    action: "Finish the action, or agree and record a new due date.".to_string(),
                }),
                Some(_) => {}
            }
        }

        let justification = match status {
            Status::NotApplicable => entry
                .and_then(|e| e.justification.clone())
                .or_else(|| (req.scope == Scope::AiSystem).then(|| no_system_needs(req, in_scope.is_empty()))),
            _ => entry.and_then(|e| e.justification.clone()),
        };

        RequirementResult {
            id: req.id.clone(),
            kind: req.kind,
            group: req.group.clone(),
            title: req.title.clone(),
            scope: req.scope,
            documented_information: req.documented_information,
            effort: req.effort,
            declared: entry.map(|e| e.status),
            status,
            waived,
            score: status.points().map(|p| p * 100.0),
            owner: entry.and_then(|e| e.owner.clone()),
            justification,
            evidence: entry.map(|e| e.evidence.iter().map(evidence_result).collect()).unwrap_or_default(),
            action,
            findings,
            systems,
            location,
        }
    }

    /// The status an organisation-level entry supports, with the findings that lower it.
    fn entry_status(
        &self,
        req: &Requirement,
        entry: &crate::workspace::Entry,
        systems_carry_evidence: bool,
        findings: &mut Vec<Finding>,
    ) -> Status {
        let at = Some(entry.location.clone());
        match entry.status {
            Status::NotAssessed => {
                findings.push(Finding {
                    code: Code::NotAssessed,
                    message: format!("{} is marked not_assessed", req.id),
                    system: None,
                    location: at,
                    action: format!("Assess {} (questions: `aims controls {}`) and record a status.", req.id, req.id),
                });
                Status::NotAssessed
            }
            Status::NotApplicable if req.kind == Kind::Clause => {
                findings.push(Finding {
                    code: Code::ClauseNotExcludable,
                    message: format!("clause {} is marked not applicable, but clauses 4-10 always apply", req.id),
                    system: None,
                    location: at,
                    action: format!("Assess clause {} and record its real status.", req.id),
                });
                Status::NonCompliant
            }
            Status::NotApplicable if entry.justification.is_none() => {
                findings.push(Finding {
                    code: Code::ExclusionUnjustified,
                    message: format!(
                        "{} is excluded without a justification, so the exclusion is not accepted",
                        req.id
                    ),
                    system: None,
                    location: at,
                    action: "Add `justification:` explaining why the control does not apply, or assess it.".into(),
                });
                Status::NonCompliant
            }
            Status::NotApplicable => Status::NotApplicable,
            declared @ (Status::Compliant | Status::PartiallyCompliant | Status::NonCompliant) => {
                let mut shortfall = false;
                for evidence in &entry.evidence {
                    shortfall |= self.check_evidence(req, evidence, None, findings);
                }
                let needs_own_evidence = req.scope == Scope::Organisation || !systems_carry_evidence;
                if declared == Status::Compliant && entry.evidence.is_empty() && needs_own_evidence {
                    findings.push(Finding {
                        code: Code::ClaimWithoutEvidence,
                        message: format!("{} is declared compliant but no evidence is given", req.id),
                        system: None,
                        location: at.clone(),
                        action: format!(
                            "Attach the document or record that shows {} is met, with its review date.",
                            req.id
                        ),
                    });
                    shortfall = true;
                }
                if declared != Status::Compliant {
                    findings.push(Finding {
                        code: Code::GapDeclared,
                        message: match entry.notes.as_deref() {
                            Some(notes) => format!("declared {}: {notes}", declared.label().to_lowercase()),
                            None => format!("declared {} by the organisation", declared.label().to_lowercase()),
                        },
                        system: None,
                        location: at,
                        action: entry.action.as_ref().map_or_else(
                            || format!("Plan how to close the gap in {} and record it under `action:`.", req.id),
                            |a| a.description.clone(),
                        ),
                    });
                }
                if declared == Status::Compliant && shortfall { Status::PartiallyCompliant } else { declared }
            }
        }
    }

    /// Checks one piece of evidence; pushes a finding and returns true when it falls short.
    fn check_evidence(
        &self,
        req: &Requirement,
        evidence: &Evidence,
        system: Option<&str>,
        findings: &mut Vec<Finding>,
    ) -> bool {
        let months = self.workspace.settings.review_interval_months;
        let stale = evidence.reviewed.is_some_and(|r| r.add_months(months) < self.as_of);
        // Built only for a finding: most evidence is current, and this runs once per system and control.
        let whose = || system.map_or_else(|| req.id.clone(), |s| format!("{} (system {s})", req.id));
        let file = evidence.file.as_deref().unwrap_or("");
        let (code, message, action) = match (evidence.file_state, evidence.reviewed, stale) {
            (FileState::NotGiven, _, _) => (
                Code::ClaimWithoutEvidence,
                format!("evidence for {} names no file", whose()),
                "Give the evidence's `file:` path inside the workspace.".to_string(),
            ),
            (FileState::Missing, _, _) => (
                Code::EvidenceMissing,
                format!("evidence file `{file}` for {} does not exist", whose()),
                format!("Add `{file}` to the workspace or correct the path."),
            ),
            (FileState::Empty, _, _) => (
                Code::EvidenceMissing,
                format!("evidence file `{file}` for {} is empty", whose()),
                format!("Put the document's content in `{file}`, or point at the file that holds it."),
            ),
            (FileState::NotAFile, _, _) => (
                Code::EvidenceMissing,
                format!("evidence `{file}` for {} is not a file (a folder, pipe or device)", whose()),
                "Point the record at the document itself.".to_string(),
            ),
            (FileState::WorkspaceInput, _, _) => (
                Code::EvidenceMissing,
                format!("evidence `{file}` for {} is a workspace input file, not evidence", whose()),
                "Point the record at the document that shows the requirement is met, e.g. under evidence/.".to_string(),
            ),
            (FileState::Present, None, _) => (
                Code::EvidenceUndated,
                format!("evidence `{file}` for {} has no review date", whose()),
                "Review the document and record `reviewed: YYYY-MM-DD`.".to_string(),
            ),
            (FileState::Present, Some(reviewed), true) => (
                Code::EvidenceStale,
                format!(
                    "evidence `{file}` for {} was last reviewed on {reviewed}, more than {months} months before {}",
                    whose(),
                    self.as_of
                ),
                format!("Review `{file}`, update it if needed, and record the new review date."),
            ),
            (FileState::Present, Some(_), false) => return false,
        };
        findings.push(Finding {
            code,
            message,
            system: system.map(str::to_string),
            location: Some(evidence.location.clone()),
            action,
        });
        true
    }

    /// The status one in-scope system shows for a per-system requirement, and why it is not applicable if so.
    fn system_status(
        &self,
        req: &Requirement,
        system: &System,
        findings: &mut Vec<Finding>,
    ) -> (Status, Option<String>) {
        if !req.system_roles.contains(&system.ai_role) {
            return (
                Status::NotApplicable,
                Some(format!("the organisation is the {} of this system", system.ai_role.as_str())),
            );
        }
        if let Some(exclusion) = system.exclusions.get(&req.id) {
            return match &exclusion.justification {
                Some(j) => (Status::NotApplicable, Some(j.clone())),
                None => {
                    findings.push(Finding {
                        code: Code::ExclusionUnjustified,
                        message: format!("{} is excluded for system {} without a justification", req.id, system.id),
                        system: Some(system.id.clone()),
                        location: Some(exclusion.location.clone()),
                        action: "Add `justification:` to the exclusion, or provide the record.".to_string(),
                    });
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
                findings.push(Finding {
                    code,
                    message: format!("system {} has no `{}` record ({})", system.id, kind.as_str(), req.title),
                    system: Some(system.id.clone()),
                    location: Some(system.location.clone()),
                    action: format!(
                        "Add `evidence: {}:` with the file and review date to {}, or exclude {} for this system with a justification.",
                        kind.as_str(),
                        system.location.file,
                        req.id
                    ),
                });
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

fn for_system(system: &Option<String>) -> String {
    system.as_ref().map_or_else(String::new, |s| format!(" (system {s})"))
}

fn no_system_needs(req: &Requirement, no_systems: bool) -> String {
    if no_systems {
        "no AI system is in scope".to_string()
    } else {
        let roles: Vec<&str> = req.system_roles.iter().map(|r| r.as_str()).collect();
        format!("applies to AI systems of which the organisation is the {}; no in-scope system is", roles.join(" or "))
    }
}

fn evidence_result(e: &Evidence) -> EvidenceResult {
    EvidenceResult { file: e.file.clone(), reviewed: e.reviewed, state: e.file_state.as_str() }
}
