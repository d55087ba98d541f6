//! The output of the assessment: what `aims gap --format json` writes and every other format reads. The field order
//! of each struct is the key order of the JSON report (docs/json.md); a field is only ever added at the end.
//!
//! Every decision is a field here, made once by [`super::assess`]: a requirement's and a system's status, which
//! waivers accept a gap (`waived_by`), how heavily each finding weighs (`severity`) and which finding states a gap
//! best (`headline`). Renderers read these fields and decide nothing.

use std::collections::BTreeMap;

use serde::Serialize;

use super::eu_obligations::EuAiActResult;
use crate::catalogue::{Effort, Kind, Scope};
use crate::date::Date;
use crate::gate::GateResult;
use crate::rules::Code;
use crate::workspace::{AiRole, EuAiActRole, EuClassification, LifecycleStage, Location, Status};

/// The `schema_version` of aims's JSON documents: the gap report (docs/json.md), and the Statement of
/// Applicability, remediation plan, diff, import summary and `validate` documents, which carry the same number. It
/// goes up by one on any breaking change of any of them, so one number names the whole machine interface. (The
/// crosswalk view, `aims crosswalk --format json`, has its own, `crosswalk::SCHEMA_VERSION`.)
pub const REPORT_SCHEMA_VERSION: u32 = 3;

/// One assessment of a workspace against the catalogue, as of one date. A pure function of its inputs: the same
/// workspace, catalogue and date give the same value, byte for byte once serialised.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct Assessment {
    /// The version of this shape (1); readers should refuse a version they do not know.
    pub schema_version: u32,
    /// The report's title: `report_title` of aims.toml, or a default.
    pub title: String,
    /// The date the assessment is made for (`--as-of`, default today in UTC): evidence ages and waiver and action
    /// dates are measured against it.
    pub as_of: Date,
    /// The standard and the version of aims's bundled catalogue.
    pub catalogue: CatalogueInfo,
    /// The organisation, from organisation.yaml.
    pub organisation: OrganisationInfo,
    /// How old, in whole months, reviewed evidence may be before it is stale (aims.toml, default 12).
    pub review_interval_months: u32,
    /// Totals over every requirement.
    pub summary: Summary,
    /// Clauses 4-10, then the Annex A objectives, in catalogue order.
    pub groups: Vec<GroupResult>,
    /// Every requirement in catalogue order.
    pub requirements: Vec<RequirementResult>,
    /// Every AI system of the workspace, in scope or not, by ID.
    pub systems: Vec<SystemResult>,
    /// Every waiver of aims.toml, in file order, and what became of it. The `waived_by` fields elsewhere are
    /// indexes into this list (0-based).
    pub waivers: Vec<WaiverResult>,
    /// The EU AI Act obligations of each classified AI system and of the organisation, with their ISO/IEC 42001
    /// support and the facts they need; `null` when no system has an EU AI Act classification.
    pub eu_ai_act: Option<EuAiActResult>,
}

/// What `aims gap` writes as its JSON report: the assessment's fields (the last is `eu_ai_act`), then `gate`. The
/// gate's verdict is not part of the assessment: it depends on a policy given on the command line and is evaluated
/// over the finished, unchanged assessment. Every human format of the gap report renders this value, so none shows
/// what the JSON lacks.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct Report<'a> {
    /// The assessment; its fields are the report's fields.
    #[serde(flatten)]
    pub assessment: &'a Assessment,
    /// The CI gate's verdict; `null` when no gate is set.
    pub gate: Option<GateResult>,
}

impl<'a> Report<'a> {
    /// The gap report of `assessment` with the gate's verdict (`None`: no gate).
    pub fn new(assessment: &'a Assessment, gate: Option<GateResult>) -> Report<'a> {
        Report { assessment, gate }
    }
}

/// What a waiver did in this assessment.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum WaiverState {
    /// It has not expired and what it names is a gap. (For a whole requirement this holds even where an EU AI Act
    /// prohibited practice means no waiver can accept the gap; `waived_by` then does not list it.)
    Active,
    /// Its expiry date is before `as_of`: it accepts nothing, raises `waiver-expired` and fails the gate.
    Expired,
    /// What it names is not a gap (any more): it can be removed. `aims gap` warns with `waiver-unused`
    /// (not part of the report).
    Unused,
}

/// One waiver of aims.toml: an accepted gap, with who accepted it and until when.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct WaiverResult {
    /// The ID of the requirement whose gap it accepts.
    pub requirement: String,
    /// The AI system it is limited to; `null` for the whole requirement.
    pub system: Option<String>,
    /// Why the gap is accepted, as written in aims.toml.
    pub reason: String,
    /// Who accepted it.
    pub owner: String,
    /// The last day it accepts the gap; from the next day it is expired.
    pub expires: Date,
    /// What it did in this assessment.
    pub state: WaiverState,
    /// Where it is written in aims.toml.
    pub location: Location,
}

/// The catalogue the assessment used.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct CatalogueInfo {
    /// The standard, `ISO/IEC 42001:2023`.
    pub standard: &'static str,
    /// The version of aims's own catalogue (titles, scopes, questions), not of the standard.
    pub version: &'static str,
}

/// The organisation whose management system is assessed, from organisation.yaml.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct OrganisationInfo {
    /// Its name.
    pub name: String,
    /// The scope of its AI management system (clause 4.3), in its own words.
    pub aims_scope: String,
    /// Its AI roles (ISO/IEC 22989).
    pub ai_roles: Vec<AiRole>,
    /// Its roles under the EU AI Act; empty when none is declared.
    pub eu_ai_act_roles: Vec<EuAiActRole>,
}

/// How many requirements (or per-system statuses) have each status.
#[derive(Debug, Clone, Default, PartialEq, Serialize, schemars::JsonSchema)]
pub struct Counts {
    /// Met, with current evidence.
    pub compliant: usize,
    /// Partly met, or claimed met without current evidence.
    pub partially_compliant: usize,
    /// Not met.
    pub non_compliant: usize,
    /// Excluded with a justification, or needed by no in-scope AI system.
    pub not_applicable: usize,
    /// Not assessed yet.
    pub not_assessed: usize,
}

impl Counts {
    /// Counts one more `status`.
    pub fn add(&mut self, status: Status) {
        *match status {
            Status::Compliant => &mut self.compliant,
            Status::PartiallyCompliant => &mut self.partially_compliant,
            Status::NonCompliant => &mut self.non_compliant,
            Status::NotApplicable => &mut self.not_applicable,
            Status::NotAssessed => &mut self.not_assessed,
        } += 1;
    }

    /// How many have `status`.
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

/// Totals over every requirement of the catalogue.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct Summary {
    /// The score of `counts`: (compliant + 0.5 × partially compliant) / (compliant + partially compliant +
    /// non-compliant), in percent (0-100, one decimal); `null` when no requirement is both applicable and assessed.
    pub score: Option<f64>,
    /// Requirements by status. A waived gap is counted under its status, never as met.
    pub counts: Counts,
    /// How many requirements the catalogue has (clauses and Annex A controls).
    pub requirements: usize,
    /// How many findings the requirements have in all.
    pub findings: usize,
    /// Requirements whose gap is waived (they keep their status in `counts`).
    pub waived: usize,
    /// AI systems in scope, the ones assessed.
    pub systems_in_scope: usize,
    /// The IDs of every requirement that is a gap, most urgent first: non-compliant before partially compliant
    /// before not assessed; within each, clauses, then controls that are mandatory documented information, then
    /// the other controls; then catalogue order. The report's "most important gaps" are the first ten.
    pub priorities: Vec<String>,
}

/// The scores of one clause (4-10) or Annex A objective (A.2-A.10).
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct GroupResult {
    /// The clause number or objective ID: `4`, `A.6`.
    pub id: String,
    /// Whether it groups clauses or controls.
    pub kind: Kind,
    /// Its short title.
    pub title: String,
    /// The score of `counts`, by the formula of `summary.score`; `null` when none of its requirements is
    /// applicable and assessed.
    pub score: Option<f64>,
    /// Its requirements by status.
    pub counts: Counts,
}

/// Whether a piece of evidence named by an assessment entry was found.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum EvidenceState {
    /// The file exists inside the workspace.
    Present,
    /// The file named does not exist.
    Missing,
    /// The entry names no file.
    NotGiven,
    /// The file is empty (zero bytes): it does not count.
    Empty,
    /// The path names a folder, pipe, device or socket, not a file: it does not count.
    NotAFile,
    /// The path names one of the workspace's own input files (aims.toml, organisation.yaml, a system or
    /// assessment file): it does not count.
    WorkspaceInput,
}

/// One piece of evidence an assessment entry names.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct EvidenceResult {
    /// The workspace-relative path, with `/` separators; `null` when none is given.
    pub file: Option<String>,
    /// When it was last reviewed; `null` when the entry gives no date (`evidence-undated`).
    pub reviewed: Option<Date>,
    /// Whether the file was found and counts (only `present` does).
    pub state: EvidenceState,
}

/// The action an assessment entry plans to close its gap.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct ActionResult {
    /// What will be done.
    pub description: String,
    /// Who does it; `null` when not named.
    pub owner: Option<String>,
    /// When it is due; `null` when no date is set.
    pub due: Option<Date>,
    /// The requirement is still a gap and `due` is before `as_of`.
    pub overdue: bool,
}

/// How heavily a finding weighs: the level of SARIF, the command of GitHub annotations, and what CI should do.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    /// A non-compliant gap that no waiver accepts, or an expired waiver (`waiver-expired`).
    Error,
    /// Any other gap that no waiver accepts: partially compliant, not assessed.
    Warning,
    /// A gap an active waiver accepts (the finding's `waived_by` names it).
    Note,
}

impl Severity {
    /// `error`, `warning` or `note`, as serialised.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Note => "note",
        }
    }
}

/// Something the workspace fails to show, with where it is and what to do next.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct Finding {
    /// A stable rule code; `aims explain CODE` describes it.
    pub code: Code,
    /// What is wrong, one sentence without the final full stop.
    pub message: String,
    /// The AI system the finding concerns, for per-system requirements; absent otherwise.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub system: Option<String>,
    /// The file and line that caused it; `null` when no file says anything (a requirement without an entry).
    pub location: Option<Location>,
    /// The next step that would resolve it.
    pub action: String,
    /// How heavily it weighs. A finding about one AI system weighs with that system's status and waivers, any
    /// other with the requirement's: `error` for a non-compliant gap, `warning` for another gap, `note` when a
    /// waiver accepts the gap; `waiver-expired` is always an `error`.
    pub severity: Severity,
    /// The waivers that accept it, as indexes into the report's `waivers`; absent when none does. Present exactly
    /// when `severity` is `note`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub waived_by: Vec<usize>,
}

impl Finding {
    /// Whether an active waiver accepts the gap this finding is about.
    pub fn is_waived(&self) -> bool {
        !self.waived_by.is_empty()
    }
}

/// What one in-scope AI system shows for a per-system requirement.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct SystemStatus {
    /// The system's ID.
    pub system: String,
    /// What its records support.
    pub status: Status,
    /// A waiver for this system accepts its gap: shown as waived, never as met. (A waiver for the whole
    /// requirement shows on the requirement.)
    pub waived: bool,
    /// Why it is not applicable, where it is not; absent otherwise.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    /// The waivers that accept its gap, as indexes into the report's `waivers`; absent when `waived` is false.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub waived_by: Vec<usize>,
    /// The index, in the requirement's `findings`, of the finding that states this system's gap best (the rule of
    /// the requirement's `headline`, over the system's findings); absent when it has none.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub headline: Option<usize>,
}

/// One clause or Annex A control, as the workspace shows it.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct RequirementResult {
    /// The requirement's ID: `4.1`, `A.6.2.4`.
    pub id: String,
    /// Management-system clause or Annex A control.
    pub kind: Kind,
    /// The ID of its group (clause number or Annex A objective).
    pub group: String,
    /// Its short title.
    pub title: String,
    /// Whether it is assessed once for the organisation or for each AI system.
    pub scope: Scope,
    /// The standard requires documented information for it.
    pub documented_information: bool,
    /// A rough size of the work to meet it.
    pub effort: Effort,
    /// What the workspace declares; `null` when it has no entry.
    pub declared: Option<Status>,
    /// What the evidence supports: the declared status, lowered by what the workspace fails to show, and for a
    /// per-system requirement the weakest of its systems.
    pub status: Status,
    /// The gap is accepted by active waivers (for the requirement, or for every system that falls short). The
    /// status stays what it is: a waived gap is counted apart, never as a pass.
    pub waived: bool,
    /// The points of `status` in percent (100, 50 or 0); `null` when it is not applicable or not assessed.
    pub score: Option<f64>,
    /// Who is responsible, from the entry; `null` when not named.
    pub owner: Option<String>,
    /// Why it does not apply: the entry's justification, or, for a per-system requirement no in-scope system
    /// needs, aims's reason; `null` when none is given.
    pub justification: Option<String>,
    /// The evidence the entry names, in its order; empty without an entry.
    pub evidence: Vec<EvidenceResult>,
    /// The action the entry plans; `null` when none.
    pub action: Option<ActionResult>,
    /// What the workspace fails to show: per-system findings first, then the entry's, then waivers' and actions',
    /// then the EU AI Act's.
    pub findings: Vec<Finding>,
    /// Per-system statuses, for requirements assessed per AI system, in the order of `systems` of the report
    /// (empty otherwise).
    pub systems: Vec<SystemStatus>,
    /// Where the requirement is assessed, when the workspace has an entry; `null` otherwise.
    pub location: Option<Location>,
    /// The waivers that accept its gap, as indexes into the report's `waivers`: the requirement's own, or else
    /// those of the systems that together cover it. Empty exactly when `waived` is false.
    pub waived_by: Vec<usize>,
    /// The index in `findings` of the finding that states the gap best: the first that is not `gap-declared`
    /// (which only restates the declared status), else the first. `null` when there are no findings.
    pub headline: Option<usize>,
}

impl RequirementResult {
    /// What one in-scope AI system shows for this per-system requirement. `systems` follows the workspace's order of
    /// systems, which is by ID, so this is a binary search.
    pub fn system(&self, id: &str) -> Option<&SystemStatus> {
        self.systems.binary_search_by(|s| s.system.as_str().cmp(id)).ok().map(|k| &self.systems[k])
    }

    /// The status a finding weighs on: its system's, for a finding about one AI system, otherwise the
    /// requirement's.
    pub fn status_of(&self, finding: &Finding) -> Status {
        finding.system.as_deref().and_then(|id| self.system(id)).map_or(self.status, |s| s.status)
    }

    /// The finding of [`RequirementResult::headline`].
    pub fn headline_finding(&self) -> Option<&Finding> {
        self.headline.and_then(|i| self.findings.get(i))
    }
}

/// How the EU AI Act classifies a system, from its system file (its obligations are in the report's `eu_ai_act`).
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct EuAiActInfo {
    /// The organisation's operator roles for this system under the Act.
    pub roles: Vec<EuAiActRole>,
    /// The system's classifications.
    pub classifications: Vec<EuClassification>,
    /// The Annex III areas, as written; empty when none.
    pub annex_iii_areas: Vec<String>,
}

/// One AI system and how it fares across the per-system requirements.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct SystemResult {
    /// Its ID (the system file's `id`).
    pub id: String,
    /// Its name.
    pub name: String,
    /// Who is accountable for it.
    pub owner: String,
    /// The organisation's AI role for it (ISO/IEC 22989).
    pub ai_role: AiRole,
    /// Where it is in its life cycle.
    pub lifecycle_stage: LifecycleStage,
    /// Whether it is inside the management system's scope; systems out of scope are listed, not assessed.
    pub in_scope: bool,
    /// Its EU AI Act classification; `null` when the system file gives none.
    pub eu_ai_act: Option<EuAiActInfo>,
    /// The score of `counts`, by the formula of `summary.score`; `null` when out of scope or nothing applies.
    pub score: Option<f64>,
    /// Its per-system statuses by status.
    pub counts: Counts,
    /// Its status for every per-system requirement, by requirement ID; empty when out of scope.
    pub statuses: BTreeMap<String, Status>,
    /// Its system file.
    pub location: Location,
}
