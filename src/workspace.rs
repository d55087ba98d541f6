//! The validated workspace: what `load` hands to `assess`. Every value here has passed validation; locations are
//! workspace-relative paths with `/` separators and 1-based lines, so reports never contain absolute paths.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::date::Date;

/// The five statuses, the same values as CISO Assistant's compliance assessments so CSV can travel between the two.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    Compliant,
    PartiallyCompliant,
    NonCompliant,
    NotApplicable,
    NotAssessed,
}

impl Status {
    pub const ALL: [Status; 5] = [
        Status::Compliant,
        Status::PartiallyCompliant,
        Status::NonCompliant,
        Status::NotApplicable,
        Status::NotAssessed,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Status::Compliant => "compliant",
            Status::PartiallyCompliant => "partially_compliant",
            Status::NonCompliant => "non_compliant",
            Status::NotApplicable => "not_applicable",
            Status::NotAssessed => "not_assessed",
        }
    }

    /// Human wording for reports.
    pub fn label(self) -> &'static str {
        match self {
            Status::Compliant => "Compliant",
            Status::PartiallyCompliant => "Partially compliant",
            Status::NonCompliant => "Non-compliant",
            Status::NotApplicable => "Not applicable",
            Status::NotAssessed => "Not assessed",
        }
    }

    /// How far from met, for "the weakest status wins": larger is worse. Not applicable is never the weakest.
    pub fn severity(self) -> u8 {
        match self {
            Status::NotApplicable => 0,
            Status::Compliant => 1,
            Status::PartiallyCompliant => 2,
            Status::NotAssessed => 3,
            Status::NonCompliant => 4,
        }
    }

    /// The status's weight in a score, or `None` when it is left out of the denominator.
    pub fn points(self) -> Option<f64> {
        match self {
            Status::Compliant => Some(1.0),
            Status::PartiallyCompliant => Some(0.5),
            Status::NonCompliant => Some(0.0),
            Status::NotApplicable | Status::NotAssessed => None,
        }
    }

    pub fn is_gap(self) -> bool {
        matches!(self, Status::PartiallyCompliant | Status::NonCompliant | Status::NotAssessed)
    }
}

/// Why an Annex A control is included in or excluded from the Statement of Applicability.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum SoaReason {
    LegalOrRegulatory,
    Contractual,
    RiskTreatment,
    BusinessNeed,
}

impl SoaReason {
    pub fn label(self) -> &'static str {
        match self {
            SoaReason::LegalOrRegulatory => "legal or regulatory",
            SoaReason::Contractual => "contractual",
            SoaReason::RiskTreatment => "risk treatment",
            SoaReason::BusinessNeed => "business need or good practice",
        }
    }
}

/// ISO/IEC 22989 AI roles (ISO/IEC 42001 clause 4.1).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum AiRole {
    Provider,
    Producer,
    Customer,
    Partner,
}

impl AiRole {
    pub fn as_str(self) -> &'static str {
        match self {
            AiRole::Provider => "provider",
            AiRole::Producer => "producer",
            AiRole::Customer => "customer",
            AiRole::Partner => "partner",
        }
    }
}

/// EU AI Act operator roles (Regulation (EU) 2024/1689, Art. 3). Deliberately separate from [`AiRole`]: an EU AI Act
/// "deployer" is the organisation using a system, which is not ISO/IEC 22989's "AI deployer".
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum EuAiActRole {
    Provider,
    Deployer,
    Importer,
    Distributor,
    AuthorisedRepresentative,
    ProductManufacturer,
}

impl EuAiActRole {
    /// The role in words, as documents print it: `provider`, `authorised representative`.
    pub fn label(self) -> &'static str {
        match self {
            EuAiActRole::Provider => "provider",
            EuAiActRole::Deployer => "deployer",
            EuAiActRole::Importer => "importer",
            EuAiActRole::Distributor => "distributor",
            EuAiActRole::AuthorisedRepresentative => "authorised representative",
            EuAiActRole::ProductManufacturer => "product manufacturer",
        }
    }
}

/// EU AI Act risk tiers as aims records them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum EuRiskTier {
    Prohibited,
    HighRisk,
    Transparency,
    Minimal,
    GpaiModel,
}

impl EuRiskTier {
    /// The tier in words, as documents print it: `high-risk`, `GPAI model`.
    pub fn label(self) -> &'static str {
        match self {
            EuRiskTier::Prohibited => "prohibited",
            EuRiskTier::HighRisk => "high-risk",
            EuRiskTier::Transparency => "transparency",
            EuRiskTier::Minimal => "minimal",
            EuRiskTier::GpaiModel => "GPAI model",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum LifecycleStage {
    Concept,
    Design,
    Development,
    Verification,
    Deployment,
    Operation,
    Retired,
}

/// The kinds of per-system evidence, named as in a system file's `evidence:` map and the catalogue's
/// `system_evidence`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum EvidenceKind {
    ImpactAssessment,
    ImpactOnIndividuals,
    SocietalImpact,
    RequirementsSpecification,
    DesignDocumentation,
    VerificationAndValidation,
    DeploymentPlan,
    Monitoring,
    TechnicalDocumentation,
    EventLogging,
    DataQuality,
    DataProvenance,
    DataPreparation,
    UserDocumentation,
    IntendedUse,
}

impl EvidenceKind {
    /// Every kind, in the order of `EvidenceKind` (and of docs/workspace.md).
    pub const ALL: [EvidenceKind; 15] = [
        EvidenceKind::ImpactAssessment,
        EvidenceKind::ImpactOnIndividuals,
        EvidenceKind::SocietalImpact,
        EvidenceKind::RequirementsSpecification,
        EvidenceKind::DesignDocumentation,
        EvidenceKind::VerificationAndValidation,
        EvidenceKind::DeploymentPlan,
        EvidenceKind::Monitoring,
        EvidenceKind::TechnicalDocumentation,
        EvidenceKind::EventLogging,
        EvidenceKind::DataQuality,
        EvidenceKind::DataProvenance,
        EvidenceKind::DataPreparation,
        EvidenceKind::UserDocumentation,
        EvidenceKind::IntendedUse,
    ];

    /// The names of [`EvidenceKind::ALL`], as written in a system file's `evidence:` map.
    pub const NAMES: [&'static str; 15] = {
        let mut names = [""; 15];
        let mut i = 0;
        while i < 15 {
            names[i] = EvidenceKind::ALL[i].as_str();
            i += 1;
        }
        names
    };

    pub const fn as_str(self) -> &'static str {
        match self {
            EvidenceKind::ImpactAssessment => "impact_assessment",
            EvidenceKind::ImpactOnIndividuals => "impact_on_individuals",
            EvidenceKind::SocietalImpact => "societal_impact",
            EvidenceKind::RequirementsSpecification => "requirements_specification",
            EvidenceKind::DesignDocumentation => "design_documentation",
            EvidenceKind::VerificationAndValidation => "verification_and_validation",
            EvidenceKind::DeploymentPlan => "deployment_plan",
            EvidenceKind::Monitoring => "monitoring",
            EvidenceKind::TechnicalDocumentation => "technical_documentation",
            EvidenceKind::EventLogging => "event_logging",
            EvidenceKind::DataQuality => "data_quality",
            EvidenceKind::DataProvenance => "data_provenance",
            EvidenceKind::DataPreparation => "data_preparation",
            EvidenceKind::UserDocumentation => "user_documentation",
            EvidenceKind::IntendedUse => "intended_use",
        }
    }

    /// Impact assessments get their own finding code: they are what ISO 42001 6.1.4 and 8.4 turn on.
    pub fn is_impact_assessment(self) -> bool {
        matches!(
            self,
            EvidenceKind::ImpactAssessment | EvidenceKind::ImpactOnIndividuals | EvidenceKind::SocietalImpact
        )
    }
}

/// A place in the workspace: a workspace-relative path and a 1-based line (0 when the whole file is meant).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, schemars::JsonSchema)]
pub struct Location {
    pub file: String,
    pub line: u32,
}

/// What `load` found at an evidence path, so that `assess` never touches the disk. Only [`FileState::Present`]
/// counts as evidence: a non-empty regular file inside the workspace that is not itself a workspace input.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileState {
    /// No `file:` was given (or the path leads outside the workspace, which `load` reports as an error).
    NotGiven,
    /// A non-empty regular file inside the workspace, not one aims reads as input.
    Present,
    /// The path is inside the workspace but nothing is there.
    Missing,
    /// A regular file of zero bytes.
    Empty,
    /// Something other than a regular file: a folder, a named pipe, a device or a socket.
    NotAFile,
    /// One of the files aims reads as the workspace itself (aims.toml, organisation.yaml, a system or assessment
    /// file), which cannot be evidence of anything but itself.
    WorkspaceInput,
}

impl FileState {
    /// Whether the file counts as evidence (only [`FileState::Present`] does).
    pub fn counts(self) -> bool {
        self == FileState::Present
    }

    /// The state as the JSON report writes it: `present`, `missing`, `not_given`, `empty`, `not_a_file` or
    /// `workspace_input`.
    pub fn as_str(self) -> &'static str {
        match self {
            FileState::NotGiven => "not_given",
            FileState::Present => "present",
            FileState::Missing => "missing",
            FileState::Empty => "empty",
            FileState::NotAFile => "not_a_file",
            FileState::WorkspaceInput => "workspace_input",
        }
    }
}

#[derive(Debug, Clone)]
pub struct Evidence {
    /// The path as written, normalised to `/` separators.
    pub file: Option<String>,
    pub file_state: FileState,
    pub reviewed: Option<Date>,
    pub description: Option<String>,
    pub location: Location,
}

#[derive(Debug, Clone)]
pub struct Action {
    pub description: String,
    pub owner: Option<String>,
    pub due: Option<Date>,
}

/// What the workspace declares about one requirement.
#[derive(Debug, Clone)]
pub struct Entry {
    /// Catalogue ID.
    pub requirement: String,
    pub status: Status,
    pub owner: Option<String>,
    pub evidence: Vec<Evidence>,
    pub justification: Option<String>,
    pub reasons: Vec<SoaReason>,
    pub notes: Option<String>,
    pub action: Option<Action>,
    /// Where the entry starts.
    pub location: Location,
}

#[derive(Debug, Clone)]
pub struct EuAiAct {
    pub role: EuAiActRole,
    pub risk_tier: EuRiskTier,
    pub annex_iii_area: Option<String>,
}

#[derive(Debug, Clone)]
pub struct Exclusion {
    pub requirement: String,
    pub justification: Option<String>,
    pub location: Location,
}

#[derive(Debug, Clone)]
pub struct System {
    pub id: String,
    pub name: String,
    pub purpose: String,
    pub owner: String,
    pub lifecycle_stage: LifecycleStage,
    pub ai_role: AiRole,
    pub in_scope: bool,
    pub supplier: Option<String>,
    pub data_sources: Vec<String>,
    pub human_oversight: Option<String>,
    pub eu_ai_act: Option<EuAiAct>,
    pub evidence: BTreeMap<EvidenceKind, Evidence>,
    /// Keyed by catalogue ID.
    pub exclusions: BTreeMap<String, Exclusion>,
    pub notes: Option<String>,
    /// The `id:` line of the system's file.
    pub location: Location,
}

#[derive(Debug, Clone)]
pub struct InterestedParty {
    pub name: String,
    pub needs: Option<String>,
}

#[derive(Debug, Clone)]
pub struct Organisation {
    pub name: String,
    pub description: Option<String>,
    pub aims_scope: String,
    pub ai_roles: Vec<AiRole>,
    pub eu_ai_act_roles: Vec<EuAiActRole>,
    pub interested_parties: Vec<InterestedParty>,
}

/// The longest a waiver may run, in months after the as-of date, and the default of aims.toml's
/// `[gate] waiver_max_months`. aims.toml may shorten it, never lengthen it: the workspace may not weaken the gate.
pub const WAIVER_MAX_MONTHS: u32 = 12;

#[derive(Debug, Clone)]
pub struct Settings {
    pub review_interval_months: u32,
    /// How many months after the as-of date a waiver may expire at most (1 to [`WAIVER_MAX_MONTHS`]).
    pub waiver_max_months: u32,
    pub report_title: Option<String>,
    /// The CI gate from aims.toml `[gate]`; the command line's flags are its floor (`gate::combine`).
    pub gate: GatePolicy,
    pub soa: SoaDocument,
}

/// Document control of the Statement of Applicability (7.5.3).
#[derive(Debug, Clone, Default, PartialEq, Serialize, schemars::JsonSchema)]
pub struct SoaDocument {
    pub version: Option<String>,
    pub approved_by: Option<String>,
    pub approved_on: Option<Date>,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            review_interval_months: 12,
            waiver_max_months: WAIVER_MAX_MONTHS,
            report_title: None,
            gate: GatePolicy::default(),
            soa: SoaDocument::default(),
        }
    }
}

/// When a run fails: thresholds and statuses, over a selection of requirements.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct GatePolicy {
    /// Fail when the score over the selected requirements is below this percentage.
    pub fail_under: Option<f64>,
    /// Fail when a selected requirement has one of these statuses (and is not waived).
    pub fail_on: Vec<Status>,
    /// Requirement selectors (`A.6`, `9.2`, `clauses`, `controls`); empty means all.
    pub select: Vec<String>,
    /// Selectors taken out of the selection.
    pub ignore: Vec<String>,
    /// Requirements not assessed are left out of the gate's score and fail only when `fail_on` names
    /// `not_assessed`; otherwise they count as non-compliant. Only the command line sets it.
    pub allow_not_assessed: bool,
    /// No waiver accepts a gap the gate checks. Only the command line sets it.
    pub no_waivers: bool,
    /// A waiver of a selected requirement that expires more than this many months after the as-of date fails the
    /// gate (1 to [`WAIVER_MAX_MONTHS`]). Only the command line sets it; aims.toml's horizon is
    /// [`Settings::waiver_max_months`], checked when the workspace is loaded.
    pub waiver_max_months: Option<u32>,
}

impl GatePolicy {
    /// A gate exists when something can fail it: a threshold, a failing status or a waiver horizon.
    pub fn is_set(&self) -> bool {
        self.fail_under.is_some() || !self.fail_on.is_empty() || self.waiver_max_months.is_some()
    }
}

/// An accepted gap: a requirement (optionally for one AI system) that may stay unmet until `expires`.
#[derive(Debug, Clone)]
pub struct Waiver {
    /// Catalogue ID.
    pub requirement: String,
    pub system: Option<String>,
    pub reason: String,
    pub owner: String,
    pub expires: Date,
    pub location: Location,
}

/// A whole, validated workspace.
#[derive(Debug, Clone)]
pub struct Workspace {
    pub settings: Settings,
    pub organisation: Organisation,
    /// Sorted by ID; IDs are unique.
    pub systems: Vec<System>,
    /// Keyed by catalogue ID; at most one entry per requirement.
    pub entries: BTreeMap<String, Entry>,
    /// In aims.toml order.
    pub waivers: Vec<Waiver>,
}

impl Workspace {
    /// The AI system with this ID (a binary search: `systems` is sorted by ID).
    pub fn system(&self, id: &str) -> Option<&System> {
        self.systems.binary_search_by(|s| s.id.as_str().cmp(id)).ok().map(|k| &self.systems[k])
    }
}
