//! The Statement of Applicability (ISO/IEC 42001 6.1.3): every Annex A control as included or excluded, with the
//! justification either way, the kinds of reason for including it, its implementation status, owner and evidence,
//! and the in-scope AI systems of per-system controls with each one's own status or reason for exclusion.
//!
//! A pure view over the assessment: whether a control is included is the assessment's `applicability`, the
//! justification its `justification` (a risk treatment's choice of the control included), a missing justification
//! its `soa-justification-missing` or `exclusion-unjustified` finding, and whether a piece of evidence counts its
//! `shortfall`, so the SoA agrees with the report on every control. What is decided here is how the SoA words it: the
//! default reason for an inclusion ([`default_reasons`]) and the Reasons column ([`reasons_text`]: "risk treatment
//! (assumed; to confirm)"), and the cover ([`cover`]), which keeps the organisation's approved statement (which
//! controls apply, and why) apart from the implementation status this assessment found on its as-of date.

use crate::rules::Code;
use minijinja::context;
use serde::Serialize;

use crate::assess::risk::{DecisionResult, RatingResult};
use crate::assess::{Applicability, Assessment, CatalogueInfo, EvidenceResult, EvidenceVerdict, RequirementResult};
use crate::catalogue::{Catalogue, Kind};
use crate::date::Date;
use crate::render::{self, DocumentError};
use crate::views::evidence;
use crate::workspace::{SoaDocument, SoaReason, Status, TreatmentOption, Workspace};

const TEMPLATE: &str = include_str!("../../templates/soa.md.j2");

/// The Statement of Applicability: what `aims soa --format json` prints.
#[derive(Debug, Clone, Serialize)]
pub struct Soa {
    /// The version of this shape (the report's `schema_version`).
    pub schema_version: u32,
    /// The organisation's name.
    pub organisation: String,
    /// The scope of the AI management system, as `organisation.yaml` states it.
    pub aims_scope: String,
    /// The assessment's as-of date.
    pub as_of: Date,
    /// The standard and catalogue version.
    pub catalogue: CatalogueInfo,
    /// Document control from aims.toml `[soa]` (version, approver, approval date).
    pub document: SoaDocument,
    /// The version of the gap analysis the Statement of Applicability was produced with (aims.toml `[report]
    /// version`); `null` when not set. The SoA's own version is `document.version`.
    pub gap_analysis_version: Option<String>,
    /// How many Annex A controls are included, counting those whose exclusion is rejected: the rows whose
    /// `included` is true.
    pub included: usize,
    /// How many are excluded: the rows whose `included` is false. `included + excluded` is the number of rows.
    pub excluded: usize,
    /// Controls whose inclusion or exclusion has no justification: the rows with findings, and the number of
    /// controls 6.1.3's `soa-justification-missing` finding names in the report.
    pub unjustified: usize,
    /// Of the included controls, how many are included because their exclusion is rejected (marked not applicable
    /// without a justification).
    pub exclusion_rejected: usize,
    /// Of the included controls, how many list the default reason because their entry gives none.
    pub default_reasons: usize,
    /// How many exclusions aims derived from the AI system inventory (the rows whose `derived` is true), for the
    /// organisation to confirm.
    pub derived: usize,
    /// Whether more AI systems are in scope than the human documents list one by one
    /// ([`super::summary::LARGE_INVENTORY`]): each per-system control's row then counts its systems
    /// (`system_counts`) instead of naming each, and the workbook's Systems sheet and the JSON list every system.
    pub large_inventory: bool,
    /// Every Annex A control, in catalogue order.
    pub controls: Vec<SoaControl>,
    /// The risks of the register the controls' reasons cite (their `treated_by`), in the register's order: the
    /// annex "Risks treated" the reasons link to ([`risk_annex`]). Absent when no control cites a risk.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub risks: Vec<SoaRisk>,
}

/// A risk of the register that the Statement of Applicability cites as a reason for including controls.
#[derive(Debug, Clone, Serialize)]
pub struct SoaRisk {
    /// The risk's ID: "R-03".
    pub id: String,
    /// Its title.
    pub title: String,
    /// Who owns it; `null` when not named.
    pub owner: Option<String>,
    /// The rating before treatment; `null` when not rated.
    pub inherent: Option<RatingResult>,
    /// The rating after treatment; `null` when not rated.
    pub residual: Option<RatingResult>,
    /// Who accepted the remaining risk, when and where it is recorded; `null` when nobody did.
    pub acceptance: Option<DecisionResult>,
    /// The treatment option (`modify`, `avoid`, `share`, `retain`); `null` when none is chosen.
    pub treatment: Option<TreatmentOption>,
    /// The Annex A controls its treatment chooses.
    pub controls: Vec<String>,
    /// Other controls it chooses, by name.
    pub other_controls: Vec<String>,
}

/// The annex of risks: each risk of the assessment's register that some control of `controls` cites in its
/// `treated_by`, in the register's order; empty without a register.
pub fn risk_annex(assessment: &Assessment, controls: &[SoaControl]) -> Vec<SoaRisk> {
    let cited: std::collections::HashSet<&str> =
        controls.iter().flat_map(|c| c.treated_by.iter().map(String::as_str)).collect();
    let Some(register) = &assessment.risk else { return Vec::new() };
    register
        .risks
        .iter()
        .filter(|r| cited.contains(r.id.as_str()))
        .map(|r| SoaRisk {
            id: r.id.clone(),
            title: r.title.clone(),
            owner: r.owner.clone(),
            inherent: r.inherent.clone(),
            residual: r.residual.clone(),
            acceptance: r.acceptance.clone(),
            treatment: r.treatment,
            controls: r.controls.clone(),
            other_controls: r.other_controls.clone(),
        })
        .collect()
}

/// One Annex A control in the Statement of Applicability.
#[derive(Debug, Clone, Serialize)]
pub struct SoaControl {
    /// The control's ID: "A.6.2.4".
    pub id: String,
    /// The ID of its objective: "A.6".
    pub objective: String,
    /// The objective's title.
    pub objective_title: String,
    /// The control's short title.
    pub title: String,
    /// Whether the control is part of the organisation's selection (whatever the implementation status); true
    /// exactly when `applicability` is `included` or `exclusion_rejected`.
    pub included: bool,
    /// The assessment's decision on the control, with why it is excluded where it is.
    pub applicability: Applicability,
    /// The exclusion and its justification are derived from the AI system inventory (the systems' roles,
    /// retirements and own exclusions), not stated by the organisation: a per-system control that no in-scope AI
    /// system is due for ([`RequirementResult::is_derived`]). The documents mark it for the organisation to confirm.
    pub derived: bool,
    /// Why it is included (or excluded): the assessment entry's `reasons`, else, for an included control, the
    /// default of [`default_reasons`].
    pub reasons: Vec<SoaReason>,
    /// `reasons` is the default, not the organisation's own statement.
    pub reasons_default: bool,
    /// The Reasons column as every document prints it ([`reasons_text`]): the reasons' labels ("business need,
    /// legal or regulatory"); [`ASSUMED_REASON`] for the default; [`NO_REASON`] for an exclusion rejected without
    /// a reason; empty for an exclusion that states none (its justification says why).
    pub reasons_text: String,
    /// The risks of the register whose treatment chooses the control ("treats R-3, R-7"), as the assessment decided
    /// (`treated_by`); absent when none does. An included control without `reasons:` that a risk treats lists
    /// `risk_treatment` as its own reason, not as a default.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub treated_by: Vec<String>,
    /// The justification of the inclusion or exclusion, as the assessment decides it; `null` when missing.
    pub justification: Option<String>,
    /// Implementation status (what the evidence supports).
    pub status: Status,
    /// A per-system control not yet due for any in-scope AI system at its life-cycle stage: included, and shown as
    /// "not yet due" rather than with `status` (which is `not_applicable`).
    pub not_yet_due: bool,
    /// Whether a waiver covers a gap of the control.
    pub waived: bool,
    /// Who owns the control.
    pub owner: Option<String>,
    /// Who owns it, as the documents for people print it: `owner`; for an included per-system control without one,
    /// "Each AI system's owner" (the plan gives each system's work to its owner); for an excluded one "–" (nobody
    /// implements it); else "Not assigned".
    pub owner_text: String,
    /// The evidence: the assessment entry's records, then each AI system's own record, each marked when it does
    /// not count.
    pub evidence: Vec<SoaEvidence>,
    /// For per-system controls: every in-scope AI system, with its status where the control applies to it and its
    /// own reason where it does not.
    pub systems: Vec<SoaSystem>,
    /// For per-system controls: how the in-scope AI systems stand (compliant, partial, non-compliant, not yet due,
    /// excluded, in another AI role, retired), as the gap report counts them; `null` for an organisation-level
    /// control.
    pub system_counts: Option<crate::assess::SystemCounts>,
    /// For a per-system control whose status is below that of every AI system it applies to: the status, which the
    /// organisation's own part of the control holds (a gap the organisation declares, or a finding of its own), so
    /// that a row reading "partially compliant" beside systems that are all compliant says where the gap is. Absent
    /// otherwise.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub organisation_status: Option<Status>,
    /// The assessment's findings on the control's justification (`soa-justification-missing`, or
    /// `exclusion-unjustified` for a rejected exclusion); empty when it has one.
    pub findings: Vec<SoaFinding>,
}

/// An in-scope AI system of a per-system control.
#[derive(Debug, Clone, Serialize)]
pub struct SoaSystem {
    /// The system's ID.
    pub id: String,
    /// The system's name, as the client's voice shows it.
    pub name: String,
    /// Whether the control applies to the system.
    pub applies: bool,
    /// The control's status for that system (`not_applicable` where it does not apply).
    pub status: Status,
    /// Why the control does not apply: the system's own justification of its exclusion, or the role the
    /// organisation has for it; `null` where it applies.
    pub reason: Option<String>,
    /// The control is not yet due for the system at its life-cycle stage (`reason` says which stage it is due
    /// from); it still applies once the system gets there.
    pub not_yet_due: bool,
    /// The system excludes the control without a justification, so the exclusion is rejected.
    pub exclusion_rejected: bool,
    /// `reason` is derived from the inventory (the organisation's AI role for the system, or its retirement), not
    /// a justification the system's file states.
    pub derived: bool,
}

/// One piece of evidence in the Statement of Applicability.
#[derive(Debug, Clone, Serialize)]
pub struct SoaEvidence {
    /// The workspace-relative path; `null` when the record names none.
    pub file: Option<String>,
    /// What the SoA shows for the record: its file, else its register ID, else its URL; `null` when it names none.
    pub name: Option<String>,
    /// The document's name for the reader, as the record gives it (`title:`); left out of the JSON when not given.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// The AI system whose record it is; `null` for the assessment entry's evidence.
    pub system: Option<String>,
    /// That system's name; `null` for the assessment entry's evidence.
    pub system_name: Option<String>,
    /// When it was last reviewed; `null` when undated.
    pub reviewed: Option<Date>,
    /// The assessment's verdict on the record (`current`, `external`, `missing`, `draft`, `stale`, …).
    pub verdict: EvidenceVerdict,
    /// The inline mark, as the assessment words it ([`EvidenceResult::mark`]): why the record does not count
    /// ("missing", "draft, not approved", "stale"), or "external, not verified by aims"; `null` for current
    /// evidence in the workspace.
    pub mark: Option<String>,
    /// The AI systems (IDs, in the assessment's order) whose own record of this control cites this same
    /// organisation-level document, under the same title and in the same state: their records are folded into this
    /// entry rather than listed again, and the document is evidence for each of them. A system's record that names
    /// its own part of the document, or whose state differs, is listed on its own. Empty, and left out of the JSON,
    /// when none is.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub also_for: Vec<String>,
    /// The names of the systems of `also_for`, in the same order; left out of the JSON when empty.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub also_for_names: Vec<String>,
    /// The title people read for the record in every document ([`evidence::title`]): "Signed data processing
    /// agreement with Hireloop GmbH" rather than a name made from the file's.
    pub document: String,
    /// The names of the AI systems the record is evidence for, as the report names them
    /// ([`evidence::Attribution::system`]): the record's own system, else the systems of `also_for`, else the one
    /// system the file is shown to belong to (that system alone cites it, and the file's path names it); empty for a
    /// document of the organisation.
    pub systems: Vec<String>,
    /// The record as people read it in every document ([`evidence::label`]): its title and the systems of
    /// `systems`, "Nora: Release runbook" for one system's document, "AI acceptable use standard (for Nora)" for
    /// the organisation's document that one system's record of this control also cites.
    pub label: String,
}

impl SoaEvidence {
    /// The SoA's view of one evidence record of the assessment: the single place where the SoA reads whether
    /// evidence counts.
    pub fn of(e: &EvidenceResult) -> SoaEvidence {
        let document = evidence::title(e).unwrap_or_else(|| NO_DOCUMENT.to_string());
        SoaEvidence {
            file: e.file.clone(),
            name: e.name().map(str::to_string),
            title: e.title.clone(),
            system: e.system.clone(),
            system_name: None,
            reviewed: e.reviewed,
            verdict: e.verdict,
            mark: e.mark(),
            also_for: Vec::new(),
            also_for_names: Vec::new(),
            systems: Vec::new(),
            document: document.clone(),
            label: document,
        }
    }

    /// `self` with `systems` (names) as the systems it is evidence for, and its label to match: `owned` when the
    /// record is the one system's ([`evidence::label`]).
    fn for_systems(mut self, systems: Vec<String>, owned: bool) -> SoaEvidence {
        self.label = evidence::label(&self.document, &systems, owned);
        self.systems = systems;
        self
    }
}

/// What the documents write for a record that names no document.
const NO_DOCUMENT: &str = "no document named";

/// A finding of the Statement of Applicability.
#[derive(Debug, Clone, Serialize)]
pub struct SoaFinding {
    /// The rule code: `soa-justification-missing` or `exclusion-unjustified`.
    pub code: Code,
    /// The message, for people.
    pub message: String,
}

/// The reasons listed for a control whose entry names none: `risk_treatment` for an included control (ISO/IEC
/// 42001 6.1.3 determines the controls from the AI risk treatment), none for an excluded one (its justification
/// says why). The SoA prints these as a default for the organisation to confirm or replace with `reasons:`.
pub fn default_reasons(applicability: Applicability) -> Vec<SoaReason> {
    if applicability.is_included() { vec![SoaReason::RiskTreatment] } else { Vec::new() }
}

/// What the Reasons column says of an included control whose entry states no reason: the reason ISO/IEC 42001
/// 6.1.3 gives for selecting controls, marked as assumed until the organisation confirms or replaces it. The
/// preamble counts these rows and the workbook's Summary sheet names them with the same words.
pub const ASSUMED_REASON: &str = "risk treatment (assumed; to confirm)";

/// What the Reasons column says of a control the organisation marked not applicable without a justification (so it
/// stays included) and for which it states no reason either.
pub const NO_REASON: &str = "no reason stated";

/// The Reasons column of a control: `reasons` as their labels, [`ASSUMED_REASON`] when they are the default,
/// [`NO_REASON`] for an exclusion rejected without any, else nothing (an exclusion's justification says why).
pub fn reasons_text(reasons: &[SoaReason], reasons_default: bool, applicability: Applicability) -> String {
    if reasons_default {
        ASSUMED_REASON.to_string()
    } else if reasons.is_empty() && applicability == Applicability::ExclusionRejected {
        NO_REASON.to_string()
    } else {
        reasons.iter().map(|r| r.label()).collect::<Vec<_>>().join(", ")
    }
}

/// The Statement of Applicability's cover, in words that keep apart what the organisation approved (which controls
/// apply, and why: aims.toml `[soa]`) and what this assessment found (each control's implementation status as of
/// its date, which nobody approved). Every human format prints these words: the Markdown and HTML cover and table
/// header, the workbook's Summary sheet and the header of its Statement of Applicability sheet.
#[derive(Debug, Clone, Serialize)]
pub struct Cover {
    /// The label of the row of the approved statement: "Applicability decisions and justifications".
    pub decisions_label: &'static str,
    /// That row: "SoA version 2.0, approved by the AI Risk Committee on 2026-10-15"; "SoA version 2.0, not yet
    /// approved"; "SoA version not set, …".
    pub decisions: String,
    /// Whether the organisation has approved the statement (an approver or an approval date is recorded).
    pub approved: bool,
    /// The label of the row of the assessed status: "Implementation status".
    pub implementation_label: &'static str,
    /// That row: "as assessed on 2026-12-01 (gap analysis version 1.1); an assessment result, not part of the
    /// approved statement".
    pub implementation: String,
    /// The header of the Implementation column: "Implementation (assessed 2026-12-01)".
    pub implementation_column: String,
}

/// The cover of `soa` ([`Cover`]).
pub fn cover(soa: &Soa) -> Cover {
    let d = &soa.document;
    let version =
        d.version.as_deref().map_or_else(|| "SoA version not set".to_string(), |v| format!("SoA version {v}"));
    let approval = match (&d.approved_by, d.approved_on) {
        (Some(by), Some(on)) => format!("approved by {by} on {on}"),
        (Some(by), None) => format!("approved by {by} (approval date not set)"),
        (None, Some(on)) => format!("approved on {on} (approver not named)"),
        (None, None) => "not yet approved".to_string(),
    };
    let approved = d.approved_by.is_some() || d.approved_on.is_some();
    let produced = soa
        .gap_analysis_version
        .as_deref()
        .map_or_else(|| "this gap analysis".to_string(), |v| format!("gap analysis version {v}"));
    let statement = if approved { "the approved statement" } else { "the statement for approval" };
    let implementation =
        format!("as assessed on {} ({produced}); an assessment result, not part of {statement}", soa.as_of);
    Cover {
        decisions_label: "Applicability decisions and justifications",
        decisions: format!("{version}, {approval}"),
        approved,
        implementation_label: "Implementation status",
        implementation,
        implementation_column: format!("Implementation (assessed {})", soa.as_of),
    }
}

/// Builds the Statement of Applicability.
pub fn build(catalogue: &Catalogue, workspace: &Workspace, assessment: &Assessment) -> Soa {
    // Each AI system's name by ID, looked up once per record of thousands rather than searched for each.
    let names: std::collections::HashMap<&str, &str> =
        workspace.systems.iter().map(|s| (s.id.as_str(), s.name.as_str())).collect();
    let name = |id: &str| names.get(id).map_or_else(|| id.to_string(), |n| (*n).to_string());
    let attribution = evidence::Attribution::of(assessment);
    let controls: Vec<SoaControl> = assessment
        .requirements
        .iter()
        .filter(|r| r.kind == Kind::Control)
        .map(|r| {
            let entry = workspace.entries.get(&r.id);
            let own_reasons = entry.map(|e| e.reasons.clone()).unwrap_or_default();
            // The default applies only to a control the organisation included: one it marked not applicable without
            // a justification (exclusion rejected) has no stated reason, and the SoA says so.
            let defaulted = own_reasons.is_empty()
                && r.applicability.is_included()
                && r.applicability != Applicability::ExclusionRejected;
            let reasons_default = defaulted && r.treated_by.is_empty();
            let reasons = if defaulted { default_reasons(r.applicability) } else { own_reasons };
            let group = catalogue.group(&r.group);
            SoaControl {
                id: r.id.clone(),
                objective: r.group.clone(),
                objective_title: group.map(|g| g.title.clone()).unwrap_or_default(),
                title: r.title.clone(),
                included: r.applicability.is_included(),
                applicability: r.applicability,
                derived: r.is_derived(),
                reasons_text: reasons_text(&reasons, reasons_default, r.applicability),
                reasons,
                reasons_default,
                treated_by: r.treated_by.clone(),
                justification: r.justification.clone(),
                status: r.status,
                not_yet_due: r.is_not_yet_due(),
                waived: r.waived,
                owner: r.owner.clone(),
                owner_text: r.owner.clone().unwrap_or_else(|| {
                    match (r.applicability.is_included(), r.scope == crate::catalogue::Scope::AiSystem) {
                        // An excluded control needs nobody to implement it: no owner is no gap.
                        (false, _) => "–",
                        (true, true) => "Each AI system's owner",
                        (true, false) => "Not assigned",
                    }
                    .to_string()
                }),
                evidence: evidence(r, &name, &attribution),
                systems: systems(r, &name),
                system_counts: r.system_counts.clone(),
                organisation_status: organisation_status(r),
                findings: findings(r),
            }
        })
        .collect();
    let included = controls.iter().filter(|c| c.included).count();
    Soa {
        schema_version: crate::assess::REPORT_SCHEMA_VERSION,
        organisation: assessment.organisation.name.clone(),
        aims_scope: assessment.organisation.aims_scope.clone(),
        as_of: assessment.as_of,
        catalogue: assessment.catalogue.clone(),
        document: workspace.settings.soa.clone(),
        gap_analysis_version: workspace.settings.report.version.clone(),
        included,
        excluded: controls.len() - included,
        unjustified: unjustified(assessment),
        exclusion_rejected: controls.iter().filter(|c| c.applicability == Applicability::ExclusionRejected).count(),
        default_reasons: controls.iter().filter(|c| c.reasons_default).count(),
        derived: controls.iter().filter(|c| c.derived).count(),
        large_inventory: super::summary::large_inventory(assessment),
        risks: risk_annex(assessment, &controls),
        controls,
    }
}

/// The status of the organisation's own part of a per-system control: `r.status` when it is below the status of
/// every AI system the control applies to (so no system's status explains it), `None` otherwise.
fn organisation_status(r: &RequirementResult) -> Option<Status> {
    let worst_system =
        r.systems.iter().filter(|s| s.status != Status::NotApplicable).map(|s| s.status.severity()).max()?;
    (r.status.is_gap() && r.status.severity() > worst_system).then_some(r.status)
}

/// What a system's record and the entry's record of one document must share to be shown on one line: the file, the
/// title people read, the mark, and for a stale record the review date the SoA prints beside it.
type FoldKey<'a> = (&'a str, String, Option<String>, Option<Date>);

/// The evidence of a control as the SoA lists it: each record once ([`evidence::distinct`], as the report lists
/// them), and a system's record citing a document the entry already lists, under the same title and in the same
/// state, shown on the entry's line, labelled with the systems it is evidence for (`also_for`); a system's record
/// with a title of its own keeps its own line, so the SoA names every record the report names.
fn evidence(
    r: &RequirementResult,
    name: &dyn Fn(&str) -> String,
    attribution: &evidence::Attribution,
) -> Vec<SoaEvidence> {
    use std::collections::{HashMap, HashSet};
    let listed = evidence::listed(&r.evidence, attribution);
    let mut shown: Vec<SoaEvidence> = Vec::new();
    // Where each shown record came from, to label it once everything is folded.
    let mut sources: Vec<&EvidenceResult> = Vec::new();
    // The first of the entry's records (no system) citing each file, by file, title and mark: what a system's record
    // citing the same file under the same title, in the same state, folds into. A system's record that names its own
    // part of the file ("Quarterly quality sampling results") or is in another state stays a line of its own, as
    // the report lists it. Kept as the records are read, so only earlier records count, as in a scan.
    let mut entry_files: HashMap<FoldKey<'_>, usize> = HashMap::new();
    // The systems already folded into each entry record, so that thousands of systems are each checked once.
    let mut folded: HashMap<usize, HashSet<&str>> = HashMap::new();
    for e in listed {
        // A stale record shows its review date, so two stale records of the file fold only when reviewed alike.
        let stale_since = e.reviewed.filter(|_| e.verdict == EvidenceVerdict::Stale);
        let key = e.file.as_deref().map(|file| (file, evidence::title(e).unwrap_or_default(), e.mark(), stale_since));
        let folded_into = e.system.as_ref().and(key.as_ref()).and_then(|key| entry_files.get(key).copied());
        if let (None, Some(key)) = (&e.system, key) {
            entry_files.entry(key).or_insert(shown.len());
        }
        match (folded_into, e.system.as_deref()) {
            (Some(first), Some(system)) => {
                if folded.entry(first).or_default().insert(system) {
                    let entry = &mut shown[first];
                    entry.also_for.push(system.to_string());
                    entry.also_for_names.push(name(system));
                }
            }
            _ => {
                shown.push(SoaEvidence { system_name: e.system.as_deref().map(name), ..SoaEvidence::of(e) });
                sources.push(e);
            }
        }
    }
    shown
        .into_iter()
        .zip(sources)
        .map(|(s, e)| {
            // A folded document is one system's only when the workspace shows it is ([`evidence::Attribution`]);
            // otherwise it is the organisation's, evidence for the systems whose records cite it here.
            let (systems, owned) = if !s.also_for_names.is_empty() {
                let owner = e.file.as_deref().and_then(|f| attribution.owner(f));
                (s.also_for_names.clone(), matches!(s.also_for.as_slice(), [only] if Some(only.as_str()) == owner))
            } else {
                (attribution.system(e).map(name).into_iter().collect(), true)
            };
            s.for_systems(systems, owned)
        })
        .collect()
}

/// The in-scope systems of a per-system control, with whether each one's exclusion is rejected (its
/// `exclusion-unjustified` finding).
fn systems(r: &RequirementResult, name: &dyn Fn(&str) -> String) -> Vec<SoaSystem> {
    let rejected: std::collections::HashSet<&str> = r
        .findings
        .iter()
        .filter(|f| f.code == Code::ExclusionUnjustified)
        .filter_map(|f| f.system.as_deref())
        .collect();
    r.systems
        .iter()
        .map(|s| SoaSystem {
            id: s.system.clone(),
            name: name(&s.system),
            applies: s.status != Status::NotApplicable,
            status: s.status,
            reason: s.reason.clone().filter(|_| s.status == Status::NotApplicable),
            not_yet_due: s.is_not_yet_due(),
            exclusion_rejected: rejected.contains(s.system.as_str()),
            derived: s.is_derived_exclusion(),
        })
        .collect()
}

/// The assessment's findings on the control's justification: `soa-justification-missing` for an included control
/// without one, `exclusion-unjustified` for an exclusion rejected for the whole organisation. Read, never decided
/// here (the assessment decides them, and sums them up on 6.1.3).
fn findings(r: &RequirementResult) -> Vec<SoaFinding> {
    r.findings
        .iter()
        .filter(|f| is_soa_finding(f))
        .map(|f| SoaFinding { code: f.code, message: f.message.clone() })
        .collect()
}

/// Whether a finding is about the statement itself: an organisation-level missing justification or rejected
/// exclusion.
fn is_soa_finding(f: &crate::assess::Finding) -> bool {
    f.system.is_none() && matches!(f.code, Code::SoaJustificationMissing | Code::ExclusionUnjustified)
}

/// How many Annex A controls the Statement of Applicability of `assessment` gives no justification for
/// ([`Soa::unjustified`]), counted without building the statement: the executive summary of every document weighs
/// it.
pub fn unjustified(assessment: &Assessment) -> usize {
    assessment.requirements.iter().filter(|r| r.kind == Kind::Control && r.findings.iter().any(is_soa_finding)).count()
}

/// What the legend under the Statement of Applicability's table explains: the marks the table shows, and only
/// those (a large inventory's table counts its AI systems and shows no system marks at all).
#[derive(Debug, Clone, Default, Serialize)]
pub struct Legend {
    /// The statuses the Implementation cells mark for AI systems (✅, ◐, ❌, ?), in the order of [`Status::ALL`].
    pub systems: Vec<Status>,
    /// The marks of evidence that does not count that the Evidence cells show ("missing", "stale"), in the order
    /// of [`EvidenceVerdict::ALL`].
    pub evidence: Vec<&'static str>,
    /// Whether an Evidence cell shows a record kept outside the workspace.
    pub external: bool,
}

/// The legend of `soa`'s table: the marks its rows show, as the Markdown and HTML print them (each AI system's
/// status on an included control's row, except where the row counts the systems, and the marks of the evidence
/// listed by document, which for a large inventory is the organisation's own).
pub fn legend(soa: &Soa) -> Legend {
    let mut statuses = std::collections::HashSet::new();
    let mut verdicts = std::collections::HashSet::new();
    let mut external = false;
    for c in &soa.controls {
        let counted = soa.large_inventory && c.system_counts.is_some();
        if c.included && c.applicability != Applicability::ExclusionRejected && !c.not_yet_due && !counted {
            statuses.extend(c.systems.iter().filter(|s| s.applies).map(|s| s.status));
        }
        for e in c.evidence.iter().filter(|e| !soa.large_inventory || e.system.is_none()) {
            verdicts.insert(e.verdict);
            external |= e.mark.as_deref().is_some_and(|m| m.contains(crate::assess::EXTERNAL_MARK));
        }
    }
    Legend {
        systems: Status::ALL.into_iter().filter(|s| statuses.contains(s)).collect(),
        evidence: EvidenceVerdict::ALL
            .into_iter()
            .filter(|v| verdicts.contains(v) && *v != EvidenceVerdict::External)
            .filter_map(EvidenceVerdict::mark)
            .collect(),
        external,
    }
}

/// The Statement of Applicability in `format`; Markdown from `options.template_dir/soa.md.j2` when that file
/// exists, else the built-in template, in the voice of `options.audience` (the template's `audience`), with the
/// front matter of `options.summary` when given (the template's `report`, aims.toml `[report]`).
///
/// # Errors
/// [`DocumentError::Template`] when the Markdown template fails; [`DocumentError::Unsupported`] for a format other
/// than those of [`render::Format::DOCUMENT`].
pub fn render(soa: &Soa, format: render::Format, options: render::Options<'_>) -> Result<String, DocumentError> {
    match format.check("Statement of Applicability", render::Format::DOCUMENT)? {
        render::Format::Json => Ok(render::json(soa)),
        // The HTML page is the same document as the Markdown, from the same context, so the two cannot drift.
        format @ (render::Format::Markdown | render::Format::Html) => {
            let ctx = context! {
                soa => render::markdown_value(soa),
                legend => render::markdown_value(&legend(soa)),
                cover => render::markdown_value(&cover(soa)),
                assumed_reason => ASSUMED_REASON,
                audience => options.audience.as_str(),
                report => options.summary.map(|s| render::markdown_value(&s.report)),
                target_audit_date => options.summary.and_then(|s| s.target_audit_date).map(|d| d.to_string()),
                summarised => options.summary.is_some(),
                system_records => system_records(soa, options.audience == render::Audience::Client),
                listed_systems => crate::views::summary::LARGE_INVENTORY,
                aims_version => env!("CARGO_PKG_VERSION"),
            };
            if format == render::Format::Markdown {
                return Ok(render::render_document("soa.md.j2", TEMPLATE, ctx, options.template_dir)?);
            }
            let markdown =
                render::render_document_as("soa.md.j2", TEMPLATE, ctx, options.template_dir, render::Markup::Html)?;
            Ok(render::html::page(&markdown, &render::html::charts::soa(soa), "soa"))
        }
        _ => Ok(render::csv_table(
            &[
                "ref_id",
                "name",
                "objective",
                "applicability",
                "reasons",
                "justification",
                "result",
                "waived",
                "owner",
                "evidence",
                "systems",
                "findings",
                "decision",
                "reasons_default",
                "derived",
                "risks_treated",
                "not_yet_due",
                "organisation_status",
            ],
            soa.controls.iter().map(|c| {
                vec![
                    c.id.clone(),
                    c.title.clone(),
                    format!("{} {}", c.objective, c.objective_title),
                    if c.included { "included" } else { "excluded" }.to_string(),
                    treats(c.reasons.iter().map(|r| r.label()).collect::<Vec<_>>().join("; "), &c.treated_by),
                    c.justification.clone().unwrap_or_default(),
                    c.status.as_str().to_string(),
                    c.waived.to_string(),
                    c.owner.clone().unwrap_or_default(),
                    c.evidence.iter().map(csv_evidence).collect::<Vec<_>>().join("; "),
                    c.systems.iter().map(csv_system).collect::<Vec<_>>().join("; "),
                    c.findings.iter().map(|f| format!("{}: {}", f.code, f.message)).collect::<Vec<_>>().join("\n"),
                    c.applicability.as_str().to_string(),
                    c.reasons_default.to_string(),
                    c.derived.to_string(),
                    c.treated_by.join("; "),
                    c.not_yet_due.to_string(),
                    c.organisation_status.map_or("", Status::as_str).to_string(),
                ]
            }),
        )),
    }
}

/// For a large inventory, each control's AI systems' own records as the documents count them
/// ([`render::system_records`]), by control ID; empty otherwise, and for a control no system has a record
/// of.
fn system_records(soa: &Soa, client: bool) -> std::collections::BTreeMap<&str, String> {
    if !soa.large_inventory {
        return std::collections::BTreeMap::new();
    }
    soa.controls
        .iter()
        .filter(|c| c.evidence.iter().any(|e| e.system.is_some()))
        .map(|c| {
            let records = c.evidence.iter().filter(|e| e.system.is_some()).map(|e| (e.verdict, e.mark.clone()));
            (c.id.as_str(), render::system_records(records, client))
        })
        .collect()
}

/// The CSV's reasons cell: the reasons, then "(treats )" when risks of the register choose the control.
fn treats(reasons: String, risks: &[String]) -> String {
    if risks.is_empty() { reasons } else { format!("{reasons} (treats {})", risks.join(", ")) }
}

/// `file (system a) [stale]`, `file (also for system a, b)` for the CSV's evidence cell.
fn csv_evidence(e: &SoaEvidence) -> String {
    let mut text = e.name.clone().unwrap_or_else(|| "(no document named)".to_string());
    if let Some(s) = &e.system {
        text.push_str(&format!(" (system {s})"));
    }
    if !e.also_for.is_empty() {
        text.push_str(&format!(" (also for system {})", e.also_for.join(", ")));
    }
    if let Some(m) = &e.mark {
        text.push_str(&format!(" [{m}]"));
    }
    text
}

/// `a: compliant`, or `b: not applicable (reason)` for the CSV's systems cell.
fn csv_system(s: &SoaSystem) -> String {
    match (&s.reason, s.exclusion_rejected) {
        (Some(reason), _) => format!("{}: not applicable ({reason})", s.id),
        (None, true) => format!("{}: {} (exclusion rejected)", s.id, s.status.as_str()),
        (None, false) => format!("{}: {}", s.id, s.status.as_str()),
    }
}
