//! The output of the assessment: what `aims gap --format json` writes and every other format reads. The field order
//! of each struct is the key order of the JSON report (docs/json.md); a field is only ever added at the end.
//!
//! Every decision is a field here, made once by [`super::assess`]: a requirement's and a system's status, which
//! waivers accept a gap (`waived_by`), how heavily each finding weighs (`severity`) and which finding states a gap
//! best (`headline`). Renderers read these fields and decide nothing.

use std::collections::BTreeMap;

use serde::Serialize;

use super::eu_obligations::EuAiActResult;
pub use super::report_evidence::*;
use crate::catalogue::{Effort, Kind, Scope};
use crate::date::Date;
use crate::gate::GateResult;
use crate::rules::Code;
use crate::workspace::{AiRole, EuAiActRole, EuClassification, LifecycleStage, Location, Status};

/// The `schema_version` of aims's JSON documents: the gap report (docs/json.md), and the Statement of
/// Applicability, remediation plan, diff, import summary and `validate` documents, which carry the same number. It
/// goes up by one on any breaking change of any of them, so one number names the whole machine interface. (The
/// crosswalk view, `aims crosswalk --format json`, has its own, `crosswalk::SCHEMA_VERSION`.)
pub const REPORT_SCHEMA_VERSION: u32 = 6;

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
    /// Every AI system of the workspace, in scope or not, by ID in natural order (`2` before `10`).
    pub systems: Vec<SystemResult>,
    /// Every waiver of aims.toml, in file order, and what became of it. The `waived_by` fields elsewhere are
    /// indexes into this list (0-based).
    pub waivers: Vec<WaiverResult>,
    /// The EU AI Act obligations of each classified AI system and of the organisation, with their ISO/IEC 42001
    /// support and the facts they need; `null` when no system has an EU AI Act classification.
    pub eu_ai_act: Option<EuAiActResult>,
    /// The scores and counts per unit (business unit, department, agency) and per enclosing unit, in natural order
    /// of their paths, a unit before the units inside it; then, when only some systems name a unit, the systems
    /// that name none. Empty when no system names a unit.
    pub units: Vec<super::units::UnitResult>,
    /// The AI risk register and the impact assessments, with what the assessment decided about each; absent when
    /// the workspace keeps neither (docs/risk.md).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub risk: Option<super::RiskReport>,
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
    /// Excluded with a justification, or a per-system control due for no in-scope AI system (including one not yet
    /// due at their life-cycle stages).
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
    /// AI systems in scope, the ones assessed, retired ones included (they stay in the inventory).
    pub systems_in_scope: usize,
    /// How many of `systems_in_scope` are retired: per-system controls no longer apply to them, and the human
    /// documents list them apart from the active systems (`systems_in_scope - systems_retired`).
    pub systems_retired: usize,
    /// The IDs of every requirement that is a gap, most urgent first: non-compliant before partially compliant
    /// before not assessed; within each, clauses, then controls that are mandatory documented information, then
    /// the other controls; then catalogue order. The report's "most important gaps" are the first ten.
    pub priorities: Vec<String>,
    /// The IDs of the per-system requirements that are not yet due for any in-scope system (counted as not
    /// applicable in `counts`), in catalogue order.
    pub not_yet_due: Vec<String>,
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
    /// The requirement whose entry writes this action out, when the entry says `same_as:` (the same piece of work,
    /// which the plan counts once); absent otherwise.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub same_as: Option<String>,
}

/// The remediation plan's work on one requirement (`aims plan`): the actions that close it, and the due date,
/// overdue state and owners of that work, the same as the plan gives them.
#[derive(Debug, Clone, Default, PartialEq, Serialize, schemars::JsonSchema)]
pub struct RequirementPlan {
    /// The plan's actions whose `requirements` list this one, in rank order.
    pub actions: Vec<PlannedAction>,
    /// What to do first for it: the first action's text (the plan's `action`, the practitioner's words).
    pub next_action: String,
    /// The earliest due date of the work: the actions' own dates and, for an action other actions carry out, those
    /// actions' dates; `null` when none is dated.
    pub due: Option<Date>,
    /// Whether any of that work is overdue.
    pub overdue: bool,
    /// Who does that work, in rank order, each once; empty when nobody is named.
    pub owners: Vec<String>,
}

/// One action of the plan, as a requirement it closes lists it: the same ID, rank, owner, due date and overdue
/// state as in `aims plan --format json`.
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
pub struct PlannedAction {
    /// The action's stable ID (`act-` and ten hexadecimal digits).
    pub id: String,
    /// Its rank in the plan; 1 is the first thing to do.
    pub rank: usize,
    /// `planned` by the organisation, `suggested` by the assessment, or `carried` out by other actions.
    pub origin: String,
    /// Who owns it; `null` when nobody does, and for an action other actions carry out.
    pub owner: Option<String>,
    /// When it is due; `null` when not set, and for an action other actions carry out.
    pub due: Option<Date>,
    /// Whether the due date is before the as-of date while the gap remains.
    pub overdue: bool,
    /// For an action other actions carry out, the IDs of those actions; absent otherwise.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub carried_by: Vec<String>,
    /// Their ranks, in the same order; absent when none.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub carried_by_ranks: Vec<usize>,
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
    /// Every severity, heaviest first: the workbook's list of severities.
    pub const ALL: [Severity; 3] = [Severity::Error, Severity::Warning, Severity::Note];

    /// The severity in words, as the workbook shows it: `Error`, `Warning`, `Note`.
    pub const fn label(self) -> &'static str {
        match self {
            Severity::Error => "Error",
            Severity::Warning => "Warning",
            Severity::Note => "Note",
        }
    }

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
    /// The evidence file the finding is about (workspace-relative, `/` separators), for a finding about one piece
    /// of evidence that names a file (`evidence-missing`, `evidence-stale`, `evidence-undated`); absent otherwise.
    /// With `code`, the requirement and `system` it says what the finding is about, whatever the line numbers.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub evidence: Option<String>,
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

/// What one in-scope AI system shows for a per-system requirement. Serialised as part of its requirement
/// ([`RequirementResult`]'s `Serialize`), which holds the system's record.
#[derive(Debug, Clone, schemars::JsonSchema)]
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
    /// Whether the control is due for this system, and if not, why: only `applies` is scored; the others are
    /// `not_applicable` in `status` (unless an EU AI Act flag lowered it), with `reason` saying why.
    pub applicability: SystemApplicability,
    /// Where the system's own record for this requirement (its system file's `evidence:` entry of the kind the
    /// control reads) is: its position in the requirement's `evidence`, which lists it once, with `system` set
    /// ([`RequirementResult::system_evidence`] reads it). `None` when the system has none or the control does not
    /// apply to it. The JSON report writes the record itself here, without `system`.
    #[schemars(
        with = "Option<EvidenceResult>",
        description = "The system's own record for this requirement (its system file's `evidence:` entry of the kind \
                       the control reads) and what it is worth; absent when the system has none or the control does \
                       not apply to it."
    )]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub evidence: Option<u32>,
}

/// Whether a per-system control is due for one in-scope AI system (docs/scoring.md, "Per-system controls").
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum SystemApplicability {
    /// Due: its status is what the system's record shows (or non-compliant for an exclusion without a
    /// justification, which is not accepted).
    Applies,
    /// Not applicable: the organisation's AI role for the system is not one the control concerns (the catalogue's
    /// `system_roles`).
    OtherRole,
    /// Excluded for this system in its file, with a justification (`reason`).
    Excluded,
    /// Excluded for the whole organisation by an assessment entry with a justification.
    ExcludedForOrganisation,
    /// Not yet due: the system is in a life-cycle stage before the control's `due_from` stage.
    NotYetDue,
    /// The system is retired: per-system controls no longer apply to it.
    Retired,
}

impl SystemApplicability {
    /// The value as JSON writes it: `applies`, `other_role`, `excluded`, `excluded_for_organisation`,
    /// `not_yet_due` or `retired`.
    pub fn as_str(self) -> &'static str {
        match self {
            SystemApplicability::Applies => "applies",
            SystemApplicability::OtherRole => "other_role",
            SystemApplicability::Excluded => "excluded",
            SystemApplicability::ExcludedForOrganisation => "excluded_for_organisation",
            SystemApplicability::NotYetDue => "not_yet_due",
            SystemApplicability::Retired => "retired",
        }
    }
}

impl SystemStatus {
    /// Whether the control is left out for this system because it is not yet due at its life-cycle stage.
    pub fn is_not_yet_due(&self) -> bool {
        self.status == Status::NotApplicable && self.applicability == SystemApplicability::NotYetDue
    }

    /// Whether the control is left out for this system for a reason aims derives from the inventory (the
    /// organisation's AI role for the system, or its retirement) rather than one the system's file states.
    pub fn is_derived_exclusion(&self) -> bool {
        self.status == Status::NotApplicable
            && matches!(self.applicability, SystemApplicability::OtherRole | SystemApplicability::Retired)
    }

    /// The system's status in words for a list or a cell: the status's label, or `Not yet due` / `Retired` where
    /// that is why the control is left out.
    pub fn label(&self) -> &'static str {
        match (self.status, self.applicability) {
            (Status::NotApplicable, SystemApplicability::NotYetDue) => "Not yet due",
            (Status::NotApplicable, SystemApplicability::Retired) => "Retired",
            (status, _) => status.label(),
        }
    }
}

/// How the in-scope AI systems stand on one per-system control: the proportion behind the requirement's status
/// (which is the weakest of the systems it is due for). Every in-scope system is counted exactly once: `systems` is
/// the sum of the other counts except `waived`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, serde::Deserialize, schemars::JsonSchema)]
pub struct SystemCounts {
    /// In-scope AI systems listed under the requirement.
    pub systems: usize,
    /// Due, and compliant.
    pub compliant: usize,
    /// Due, and partially compliant.
    pub partially_compliant: usize,
    /// Due, and non-compliant.
    pub non_compliant: usize,
    /// Not yet due at the system's life-cycle stage.
    pub not_yet_due: usize,
    /// Excluded for the system (with its justification) or for the whole organisation.
    pub excluded: usize,
    /// Not applicable: the organisation's AI role for the system is not one the control concerns ("in another AI
    /// role").
    pub other_role: usize,
    /// Retired systems.
    pub retired: usize,
    /// Of the systems that fall short, those whose gap a waiver for that system accepts.
    pub waived: usize,
}

impl SystemCounts {
    /// The systems the control is due for and that were assessed: compliant + partially + non-compliant.
    pub fn due(&self) -> usize {
        self.compliant + self.partially_compliant + self.non_compliant
    }

    /// The counts as one sentence fragment, without a capital or a full stop: `3 of 5 systems compliant, 1 partial,
    /// 1 non-compliant (1 waived); 1 not yet due`, a count of 1,000 or more with a thousands separator. Counts of
    /// zero are left out, except the compliant count of the due systems; `no AI system in scope` when there is none.
    pub fn summary(&self) -> String {
        if self.systems == 0 {
            return "no AI system in scope".to_string();
        }
        let plural = |n: usize| if n == 1 { "system" } else { "systems" };
        let n = crate::render::grouped;
        let mut out = match self.due() {
            0 => format!("due for none of {} {}", n(self.systems), plural(self.systems)),
            due => {
                let mut due_part = format!("{} of {} {} compliant", n(self.compliant), n(due), plural(due));
                for (count, what) in [(self.partially_compliant, "partial"), (self.non_compliant, "non-compliant")] {
                    if count > 0 {
                        due_part.push_str(&format!(", {} {what}", n(count)));
                    }
                }
                if self.waived > 0 {
                    due_part.push_str(&format!(" ({} waived)", n(self.waived)));
                }
                due_part
            }
        };
        let rest: Vec<String> = [
            (self.not_yet_due, "not yet due"),
            (self.excluded, "excluded"),
            (self.other_role, "in another AI role"),
            (self.retired, "retired"),
        ]
        .iter()
        .filter(|(n, _)| *n > 0)
        .map(|(count, what)| format!("{} {what}", n(*count)))
        .collect();
        if !rest.is_empty() {
            out.push_str(if self.due() == 0 { ": " } else { "; " });
            out.push_str(&rest.join(", "));
        }
        out
    }
}

/// One clause or Annex A control, as the workspace shows it. Serialised by hand (`report_serialize.rs`) with the
/// keys and omissions the `serde` attributes state, so that each system's record, kept once in `evidence`, is also
/// written under its entry of `systems`.
#[derive(Debug, Clone, schemars::JsonSchema)]
pub struct RequirementResult {
    /// The requirement's ID: `4.1`, `A.6.2.4`.
    pub id: String,
    /// Management-system clause or Annex A control.
    pub kind: Kind,
    /// The ID of its group (clause number or Annex A objective).
    pub group: String,
    /// Its title as it reads on its own: the standard's short title, except that a sub-clause titled only "General"
    /// carries its parent heading's title (`Internal audit: general` for 9.2.1).
    pub title: String,
    /// Whether it is assessed once for the organisation or for each AI system.
    pub scope: Scope,
    /// The standard requires documented information for it.
    pub documented_information: bool,
    /// A rough size of the work to meet it.
    pub effort: Effort,
    /// What the workspace declares; `null` when it has no entry.
    pub declared: Option<Status>,
    /// What the evidence supports: the declared status, lowered by what the workspace fails to show; for a
    /// per-system requirement the weakest of the systems it is due for, which an entry can only lower (a
    /// `not_assessed` entry is a placeholder there and weighs nothing). docs/scoring.md has every rule.
    pub status: Status,
    /// The gap is accepted by active waivers (for the requirement, or for every system that falls short). The
    /// status stays what it is: a waived gap is counted apart, never as a pass.
    pub waived: bool,
    /// The points of `status` in percent (100, 50 or 0); `null` when it is not applicable or not assessed.
    pub score: Option<f64>,
    /// Who is responsible, from the entry; `null` when not named.
    pub owner: Option<String>,
    /// Why it does not apply, or why it is included: the entry's justification. For a per-system requirement that
    /// no entry decides and no in-scope system is due for: aims's reason built from the systems (not yet due, each
    /// system's own exclusion, in another AI role, retired). `null` when none is given. `applicability` says whether
    /// the requirement is included.
    pub justification: Option<String>,
    /// The evidence the entry names, in its order, then, for a per-system requirement, the own record of each
    /// in-scope AI system it applies to (with `system`), in the order of `systems`; empty when there is none.
    pub evidence: Vec<EvidenceResult>,
    /// The action the entry records (its `action:`), as written there; `null` when none. What the plan and every
    /// document show is the effective work in `plan`: a risk treatment action for the same work may set another
    /// date or owner, and other actions may carry the work out.
    #[serde(rename = "recorded_action")]
    pub recorded_action: Option<ActionResult>,
    /// The remediation plan's work on the requirement, as `aims plan` and every document show it; `null` when the
    /// plan has no action for it (the requirement is met), and in an assessment the plan was not built for.
    pub plan: Option<RequirementPlan>,
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
    /// The index in `findings` of the finding that states the gap best: the first that is neither `gap-declared`
    /// (which only restates the declared status) nor `control-without-reason` (a note that lowers nothing), else
    /// the first `gap-declared`, else the first. `null` when there are no findings.
    pub headline: Option<usize>,
    /// For a per-system requirement, how its in-scope systems stand (the proportion behind `status`); `null` for an
    /// organisation-level requirement.
    pub system_counts: Option<SystemCounts>,
    /// Whether the requirement is part of the organisation's selection (the Statement of Applicability): the one
    /// decision the report, `aims soa` and `aims plan` all read.
    pub applicability: Applicability,
    /// For an Annex A control: the IDs of the risks whose treatment chooses it, in register order (the Statement of
    /// Applicability's "treats R-3, R-7"); absent when none does.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub treated_by: Vec<String>,
}

/// Whether a requirement is part of the organisation's selection, as the Statement of Applicability (ISO/IEC 42001
/// 6.1.3) lists it. Clauses 4-10 are always included.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Applicability {
    /// Included: the organisation is to implement it (`included`), whatever its implementation status.
    Included,
    /// Included because its exclusion is not accepted (`exclusion_rejected`): marked `not_applicable` without a
    /// justification, or a clause marked `not_applicable`. Counted as included, and assessed as not met.
    ExclusionRejected,
    /// Excluded for the whole organisation by its assessment entry, with a justification (`excluded`).
    Excluded,
    /// A per-system control excluded, with a justification, for every in-scope AI system whose role calls for it
    /// (`excluded_for_every_system`); each system's own reason is in `systems[].reason`.
    ExcludedForEverySystem,
    /// A per-system control that no in-scope AI system's role calls for, or no AI system is in scope
    /// (`not_needed`).
    NotNeeded,
}

impl Applicability {
    /// Every decision, in the order the Statement of Applicability explains them: the workbook's list of decisions.
    pub const ALL: [Applicability; 5] = [
        Applicability::Included,
        Applicability::ExclusionRejected,
        Applicability::Excluded,
        Applicability::ExcludedForEverySystem,
        Applicability::NotNeeded,
    ];

    /// Whether the control is part of the selection (included, or included because its exclusion is rejected).
    pub fn is_included(self) -> bool {
        matches!(self, Applicability::Included | Applicability::ExclusionRejected)
    }

    /// The key, as JSON and CSV write it: `included`, `exclusion_rejected`, `excluded`,
    /// `excluded_for_every_system` or `not_needed`.
    pub fn as_str(self) -> &'static str {
        match self {
            Applicability::Included => "included",
            Applicability::ExclusionRejected => "exclusion_rejected",
            Applicability::Excluded => "excluded",
            Applicability::ExcludedForEverySystem => "excluded_for_every_system",
            Applicability::NotNeeded => "not_needed",
        }
    }

    /// The decision in words, as the Statement of Applicability prints it.
    pub const fn label(self) -> &'static str {
        match self {
            Applicability::Included => "Included",
            Applicability::ExclusionRejected => "Included (exclusion rejected)",
            Applicability::Excluded => "Excluded",
            Applicability::ExcludedForEverySystem => "Excluded for every AI system",
            Applicability::NotNeeded => "Excluded (no AI system needs it)",
        }
    }
}

/// The separator after `text` in a list of justifications written as one text: `"; "` after a clause, `" "` after
/// a text that already ends a sentence, so that a list of the organisation's own sentences never reads ".;".
pub fn justification_separator(text: &str) -> &'static str {
    if text.trim_end().ends_with(['.', '!', '?']) { " " } else { "; " }
}

/// `parts` written as one text, each followed by [`justification_separator`] but the last.
pub fn join_justifications<S: AsRef<str>>(parts: &[S]) -> String {
    let mut out = String::new();
    for (i, part) in parts.iter().enumerate() {
        let part = part.as_ref();
        out.push_str(part);
        if i + 1 < parts.len() {
            out.push_str(justification_separator(part));
        }
    }
    out
}

impl RequirementResult {
    /// What one in-scope AI system shows for this per-system requirement. `systems` follows the workspace's order of
    /// systems, which is by ID, so this is a binary search.
    pub fn system(&self, id: &str) -> Option<&SystemStatus> {
        self.systems.binary_search_by(|s| crate::ids::natural_cmp(&s.system, id)).ok().map(|k| &self.systems[k])
    }

    /// The status a finding weighs on: its system's, for a finding about one AI system, otherwise the
    /// requirement's.
    pub fn status_of(&self, finding: &Finding) -> Status {
        finding.system.as_deref().and_then(|id| self.system(id)).map_or(self.status, |s| s.status)
    }

    /// The own record of one of its AI systems (`SystemStatus::evidence`), as listed in `evidence`.
    pub fn system_evidence(&self, system: &SystemStatus) -> Option<&EvidenceResult> {
        system.evidence.and_then(|k| self.evidence.get(k as usize))
    }

    /// The finding of [`RequirementResult::headline`].
    pub fn headline_finding(&self) -> Option<&Finding> {
        self.headline.and_then(|i| self.findings.get(i))
    }

    /// For a per-system requirement, how its systems stand, as one sentence fragment without a full stop: `3 of 5
    /// systems compliant, 1 partial, 1 non-compliant; 1 not yet due` ([`SystemCounts::summary`]). `None` for an
    /// organisation-level requirement. Every deliverable that describes a per-system requirement shows this.
    pub fn system_summary(&self) -> Option<String> {
        self.system_counts.as_ref().map(SystemCounts::summary)
    }

    /// Whether the requirement is not applicable only because it is not yet due: a per-system control that no
    /// in-scope system has reached the life-cycle stage for, with at least one system that will (it is still
    /// included in the Statement of Applicability, and left out of the score).
    pub fn is_not_yet_due(&self) -> bool {
        self.status == Status::NotApplicable && self.system_counts.as_ref().is_some_and(|c| c.not_yet_due > 0)
    }

    /// Whether the exclusion and its justification are derived from the AI system inventory rather than stated by
    /// the organisation: a per-system control that no in-scope AI system is due for, excluded because of the
    /// systems' roles, retirements and own exclusions (`excluded_for_every_system`, `not_needed`), with a
    /// justification aims words from them. The organisation has not made that decision itself, so the Statement
    /// of Applicability asks it to confirm it (an entry `not_applicable` with its own justification does).
    pub fn is_derived(&self) -> bool {
        matches!(self.applicability, Applicability::ExcludedForEverySystem | Applicability::NotNeeded)
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
    /// The per-system requirements not yet due at its life-cycle stage (`not_applicable` in `statuses`), in
    /// catalogue order; empty when out of scope.
    pub not_yet_due: Vec<String>,
    /// The unit it belongs to (`HHS/CDC`, outermost first); `null` when its file names none. `units` gives the
    /// scores per unit.
    pub unit: Option<String>,
}
