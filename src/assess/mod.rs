//! Stage two of the pipeline: a pure function of (catalogue, workspace, as-of date) to an [`Assessment`].
//! No file system, no clock, no printing; every result can be reproduced in a test.
//!
//! The rule throughout: score what is shown, not what is said. A declared status is the starting point and can only
//! be lowered by what the workspace fails to show (missing, stale or undated evidence; unjustified exclusions; what
//! the EU AI Act relies on). docs/scoring.md states every rule for the people who read the reports; tests/scoring.rs
//! tests each.
//!
//! Every decision is made here, once, in one pass per requirement:
//! 1. what each in-scope AI system shows (`systems.rs`, with `evidence.rs`): whether the control is due for it
//!    (retired, its AI role, its own exclusion, its life-cycle stage against the catalogue's `due_from`) and, if so,
//!    what its record supports;
//! 2. what the organisation-level entry supports (`entry.rs`), and the requirement's status from both: for a
//!    per-system control the weakest due system's, which the entry can only lower; a `not_assessed` entry there is a
//!    placeholder and weighs nothing; an entry excluding the control excludes it for every system;
//! 3. the EU AI Act flags of the in-scope systems lower it further (`eu_ai_act.rs`), for a system the control is due
//!    for (a prohibited practice at any stage), never for a retired one;
//! 4. waivers accept what is left, or expire (`waivers.rs`, the only waiver logic);
//! 5. the planned action and whether it is overdue (`entry.rs`); the systems' counts, and why a per-system control
//!    due for no system does not apply; whether an included Annex A control lacks the justification the Statement
//!    of Applicability needs (`justification.rs`);
//! 6. each finding's severity and waivers, and the headline finding.
//!
//! Then the Art. 4 literacy check, 6.1.3's summary of the controls without a justification (`justification.rs`), the
//! groups, the systems' own results, the summary, the waivers' states and the EU AI Act obligations of each system
//! (`eu_obligations.rs`) are worked out from those results.
//! The report's types are in `report.rs`; renderers only read them.

mod applicability;
mod entry;
pub mod eu_ai_act;
pub mod eu_obligations;
mod evidence;
mod justification;
pub mod report;
mod report_evidence;
mod report_serialize;
pub mod risk;
mod systems;
pub mod units;
mod waivers;

use std::collections::BTreeMap;

pub use report::*;
pub use risk::{GridRating, RiskGrid, RiskReport};

use crate::catalogue::{self, Catalogue, Kind, Requirement, Scope};
use crate::date::Date;
use crate::rules::Code;
use crate::workspace::{LifecycleStage, Status, System, Workspace};

/// Assesses `workspace` against `catalogue` as of `as_of`.
pub fn assess(catalogue: &Catalogue, workspace: &Workspace, as_of: Date) -> Assessment {
    let in_scope: Vec<&System> = workspace.systems.iter().filter(|s| s.in_scope).collect();
    let flags = eu_ai_act::flags_by_requirement(&in_scope, &workspace.risk, as_of);
    let records = risk::Records::new(catalogue, workspace, &in_scope, as_of);
    // Where a missing Annex A entry belongs: the file that holds the first control's entry (else any entry's).
    let annex_a_file = catalogue
        .requirements()
        .filter(|r| r.kind == Kind::Control)
        .chain(catalogue.requirements())
        .find_map(|r| workspace.entries.get(&r.id))
        .map(|e| crate::workspace::Location { file: e.location.file.clone(), line: 0 });
    let mut engine = Engine { workspace, as_of, flags, in_scope, records, annex_a_file, impact_knock_on: Vec::new() };
    engine.impact_knock_on = engine.impact_knock_on(catalogue);

    // With many systems the per-system controls dominate; spread the requirements over the cores.
    let catalogue_order: Vec<&Requirement> = catalogue.requirements().collect();
    let mut requirements: Vec<RequirementResult> =
        crate::parallel::map(&catalogue_order, if engine.in_scope.len() >= 500 { 2 } else { usize::MAX }, |req| {
            engine.requirement(req)
        });
    eu_ai_act::literacy(&mut requirements, &engine.in_scope);
    justification::summarise(&mut requirements);
    let groups = catalogue
        .groups
        .iter()
        .map(|g| {
            let mut counts = Counts::default();
            requirements.iter().filter(|r| r.group == g.id).for_each(|r| counts.add(r.status));
            GroupResult { id: g.id.clone(), kind: g.kind, title: g.title.clone(), score: counts.score(), counts }
        })
        .collect();
    let systems = systems::results(workspace, &requirements);

    let mut counts = Counts::default();
    requirements.iter().for_each(|r| counts.add(r.status));
    let summary = Summary {
        score: counts.score(),
        findings: requirements.iter().map(|r| r.findings.len()).sum(),
        requirements: requirements.len(),
        waived: requirements.iter().filter(|r| r.waived).count(),
        counts,
        systems_in_scope: engine.in_scope.len(),
        systems_retired: engine.in_scope.iter().filter(|s| s.lifecycle_stage == LifecycleStage::Retired).count(),
        priorities: priorities(&requirements),
        not_yet_due: requirements.iter().filter(|r| r.is_not_yet_due()).map(|r| r.id.clone()).collect(),
    };
    let org = &workspace.organisation;
    Assessment {
        schema_version: REPORT_SCHEMA_VERSION,
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
        waivers: waivers::results(workspace, &requirements, as_of),
        groups,
        eu_ai_act: eu_obligations::results(workspace, &requirements, as_of),
        units: units::results(&systems, &workspace.organisation.units),
        requirements,
        systems,
        risk: risk::report(workspace, as_of),
    }
}

/// What every requirement's assessment reads: the workspace, the date, the in-scope systems (in the workspace's
/// order, by ID) and the EU AI Act flags of those systems, by requirement.
struct Engine<'a> {
    workspace: &'a Workspace,
    as_of: Date,
    in_scope: Vec<&'a System>,
    flags: BTreeMap<&'static str, Vec<eu_ai_act::Flag>>,
    /// What the risk register and the impact assessments decide (`risk.rs`).
    records: risk::Records,
    /// The assessment file where the entries of Annex A controls are kept (line 0: the whole file), where a
    /// control without an entry gets one; `None` when the workspace has no entry at all.
    annex_a_file: Option<crate::workspace::Location>,
    /// Without `impact-assessments/` records: each in-scope AI system due an impact assessment whose `evidence:`
    /// records of it do not count, as the first per-system requirement (A.5.3-A.5.5) that shows it and the finding
    /// that says why ([`Engine::impact_knock_on`]). They lower 6.1.4, 8.4 and A.5.2.
    impact_knock_on: Vec<(String, Finding)>,
}

/// The weaker of two statuses (not applicable never wins).
fn weakest(a: Status, b: Status) -> Status {
    if b.severity() > a.severity() { b } else { a }
}

impl Engine<'_> {
    /// The one decision pass over one requirement (steps 1-6 of the module documentation).
    fn requirement(&self, req: &Requirement) -> RequirementResult {
        let entry = self.workspace.entries.get(&req.id);
        let per_system = req.scope == Scope::AiSystem;
        let mut findings = Vec::new();

        // 1. For per-system requirements, what each in-scope system shows.
        let (mut systems, records, system_status) = self.systems(req, &mut findings);

        // 2. What the organisation-level entry supports. For a per-system requirement the systems' records are the
        // evidence, so the entry needs none of its own; an entry can only lower what the systems show, a
        // `not_assessed` entry (a placeholder) says nothing about them, and an entry excluding the control
        // excludes it for every system.
        let weighed_entry = entry.filter(|e| !(per_system && e.status == Status::NotAssessed));
        // The risk register or the impact assessments govern some requirements: they are its evidence then.
        let governed = self.records.governs(&req.id);
        let carry = if per_system { system_status.is_some() } else { governed };
        let entry_status = weighed_entry.map(|e| self.entry_status(req, e, carry, &mut findings));
        let mut status = match (entry_status, system_status) {
            (Some(Status::NotApplicable), _) => {
                findings.retain(|f| f.system.is_none());
                let reason = entry.and_then(|e| e.justification.clone());
                for s in &mut systems {
                    s.status = Status::NotApplicable;
                    if matches!(s.applicability, SystemApplicability::Applies | SystemApplicability::NotYetDue) {
                        s.applicability = SystemApplicability::ExcludedForOrganisation;
                        s.reason.clone_from(&reason);
                    }
                }
                Status::NotApplicable
            }
            (Some(a), Some(b)) => weakest(a, b),
            (Some(a), None) | (None, Some(a)) => a,
            // A per-system control due for no in-scope system, and no entry: nothing to assess.
            (None, None) if per_system => Status::NotApplicable,
            (None, None) => {
                findings.push(Finding::new(
                    Code::NotAssessed,
                    format!("{} has no assessment entry", req.id),
                    None,
                    None,
                    format!(
                        "Assess {} with its owner (questions: `aims controls {}`) and record a status.",
                        req.id, req.id
                    ),
                ));
                Status::NotAssessed
            }
        };
        // 2b. A requirement the records govern takes its status from them; an entry can only lower it.
        if governed {
            let (records_status, records_findings) = self.records.outcome(&req.id);
            findings.retain(|f| f.code != Code::NotAssessed);
            status = match entry_status {
                None | Some(Status::NotAssessed) => records_status,
                Some(Status::NotApplicable) => status,
                Some(_) => weakest(status, records_status),
            };
            findings.extend(records_findings);
        }

        // 2c. An AI system's impact assessment that does not count lowers 6.1.4, 8.4 and A.5.2 (where it applies),
        // whether it is kept in `impact-assessments/` (2b) or as the system's `evidence:` records (here).
        if !governed
            && risk::IMPACT_REQUIREMENTS.contains(&req.id.as_str())
            && matches!(status, Status::Compliant | Status::PartiallyCompliant | Status::NonCompliant)
            && let Some((member, first)) = self.impact_knock_on.first()
        {
            findings.push(risk::pointer(&req.id, member, first, self.impact_knock_on.len() - 1));
            status = weakest(status, Status::PartiallyCompliant);
        }

        // 3. The EU AI Act: prohibited practices and high-risk systems lacking what the Act relies on lower the
        // statuses before any waiver is looked at. Their findings are listed last.
        let eu = eu_ai_act::apply(self.flags.get(req.id.as_str()), &mut systems, &mut status);

        // 4. Waivers: accepted gaps stay gaps, but are marked so the gate can let them pass.
        let waived_by = self.apply_waivers(req, status, entry_status, &eu, &mut systems, &mut findings);

        // 5. The planned action, now that the status is final; then the systems' counts.
        let action = entry.and_then(|e| self.action(req, e, status, &mut findings));
        findings.extend(eu.findings);

        let system_counts = per_system.then(|| systems::counts(&systems));
        let treated_by = self.records.treated_by(&req.id);
        let (applicability, justification) =
            applicability::decide(req, entry, &systems, system_counts.as_ref(), status, &treated_by);
        // 5b. The Statement of Applicability needs the control's justification (6.1.3 sums these up afterwards).
        findings.extend(justification::missing(
            req,
            applicability,
            justification.as_deref(),
            entry.map(|e| &e.location),
            self.annex_a_file.as_ref(),
        ));
        let evidence = self.evidence_results(entry, &mut systems, records);
        let mut result = RequirementResult {
            id: req.id.clone(),
            kind: req.kind,
            group: req.group.clone(),
            title: req.display_title().to_string(),
            scope: req.scope,
            documented_information: req.documented_information,
            effort: req.effort,
            declared: entry.map(|e| e.status),
            status,
            waived: !waived_by.is_empty(),
            score: status.points().map(|p| p * 100.0),
            owner: entry.and_then(|e| e.owner.clone()),
            justification,
            evidence,
            recorded_action: action,
            plan: None,
            findings,
            systems,
            location: entry.map(|e| e.location.clone()),
            waived_by,
            headline: None,
            system_counts,
            applicability,
            treated_by,
        };
        // 6. How heavily each finding weighs and which states the gap best.
        weigh_findings(&mut result);
        result
    }
}

impl Engine<'_> {
    /// Without `impact-assessments/` records, the in-scope AI systems due an impact assessment whose `evidence:`
    /// records of it do not count (missing, a draft, superseded, undated, stale, a file that is not there): for each,
    /// the first of A.5.3, A.5.4 and A.5.5 that is due for it and not met, and that requirement's finding for it, with
    /// the code an impact assessment record would give ([`risk::knock_on_code`]) and the system's file as its
    /// location. Assessed exactly as those requirements assess the system; empty when `impact-assessments/` records
    /// decide instead (the register's own checks then apply, `risk.rs`).
    fn impact_knock_on(&self, catalogue: &Catalogue) -> Vec<(String, Finding)> {
        if risk::IMPACT_REQUIREMENTS.iter().any(|id| self.records.governs(id)) {
            return Vec::new();
        }
        let requirements: Vec<&Requirement> =
            risk::SYSTEM_IMPACT_REQUIREMENTS.iter().filter_map(|id| catalogue.get(id)).collect();
        let mut out = Vec::new();
        for system in &self.in_scope {
            for req in &requirements {
                let mut found = Vec::new();
                let (status, _, applicability) = self.system_status(req, system, &mut found);
                if applicability != SystemApplicability::Applies || status == Status::Compliant {
                    continue;
                }
                let cause = found.iter().find_map(|f| risk::knock_on_code(&req.id, f.code).map(|code| (f, code)));
                if let Some((f, code)) = cause {
                    let mut f = f.clone();
                    f.code = code;
                    f.system = None;
                    f.location = Some(system.location.clone());
                    out.push((req.id.clone(), f));
                    break;
                }
            }
        }
        out
    }
}

impl Finding {
    /// A finding not yet weighed: its severity and waivers are set by the last step of the pass.
    fn new(
        code: Code,
        message: String,
        system: Option<String>,
        location: Option<crate::workspace::Location>,
        action: String,
    ) -> Finding {
        Finding {
            code,
            message,
            system,
            location,
            evidence: None,
            action,
            severity: Severity::Warning,
            waived_by: Vec::new(),
        }
    }
}

/// Sets each finding's severity and waivers, and the headline of the requirement and of each system.
///
/// A finding about one AI system weighs with that system (its status; its own waivers, else the requirement's), any
/// other finding with the requirement. An expired waiver is an error whatever the status.
fn weigh_findings(r: &mut RequirementResult) {
    // Each finding's system, looked up once for both passes.
    let at: Vec<Option<usize>> =
        r.findings.iter().map(|f| f.system.as_deref().and_then(|id| system_index(&r.systems, id))).collect();
    for (f, &at) in r.findings.iter_mut().zip(&at) {
        let (status, waived_by) = match at {
            Some(k) if r.systems[k].waived => (r.systems[k].status, &r.systems[k].waived_by),
            Some(k) => (r.systems[k].status, &r.waived_by),
            None => (r.status, &r.waived_by),
        };
        let expired = f.code == Code::WaiverExpired;
        f.waived_by = if expired { Vec::new() } else { waived_by.clone() };
        f.severity = if expired {
            Severity::Error
        } else if f.is_waived() {
            Severity::Note
        } else if status == Status::NonCompliant {
            Severity::Error
        } else {
            Severity::Warning
        };
    }
    for ((i, f), &at) in r.findings.iter().enumerate().zip(&at) {
        if states_better(r.headline.map(|h| &r.findings[h]), f) {
            r.headline = Some(i);
        }
        if let Some(k) = at {
            let s = &mut r.systems[k];
            if states_better(s.headline.map(|h| &r.findings[h]), f) {
                s.headline = Some(i);
            }
        }
    }
}

/// The headline rule, applied to findings in their order: a later finding replaces the headline only when it states
/// the gap better. Best is any finding that says why the requirement falls short; then `gap-declared` (which only
/// restates the declared status); last `control-without-reason` (a note that lowers nothing). So the headline is
/// the first finding of the best kind present.
fn states_better(headline: Option<&Finding>, candidate: &Finding) -> bool {
    let rank = |code: Code| match code {
        Code::ControlWithoutReason => 2,
        Code::GapDeclared => 1,
        _ => 0,
    };
    headline.is_none_or(|h| rank(candidate.code) < rank(h.code))
}

/// The position of system `id` in a requirement's per-system statuses, which follow the workspace's order (by ID).
fn system_index(systems: &[SystemStatus], id: &str) -> Option<usize> {
    systems.binary_search_by(|s| crate::ids::natural_cmp(&s.system, id)).ok()
}

/// The IDs of the requirements that are gaps, most urgent first (the order [`Summary::priorities`] documents).
fn priorities(requirements: &[RequirementResult]) -> Vec<String> {
    let rank = |r: &RequirementResult| match r.status {
        Status::NonCompliant => 0,
        Status::PartiallyCompliant => 1,
        _ => 2,
    };
    let mut gaps: Vec<(usize, &RequirementResult)> =
        requirements.iter().enumerate().filter(|(_, r)| r.status.is_gap()).collect();
    gaps.sort_by_key(|&(order, r)| (rank(r), r.kind != Kind::Clause, !r.documented_information, order));
    gaps.into_iter().map(|(_, r)| r.id.clone()).collect()
}
