//! The workspace files as written: plain serde structs that mirror the YAML and TOML one for one, with source
//! locations on the values a diagnostic or finding must point at. Nothing outside `load` sees these types; `load`
//! validates them into the types of `crate::workspace`.
//!
//! Every struct denies unknown fields, so a misspelt key is an error with a "did you mean", never silently ignored.
//! No `flatten`, no untagged or internally tagged enums: those would lose the error locations.

use serde::Deserialize;
use serde_saphyr::Spanned;

use crate::workspace::{AiRole, EuAiActRole, EuRiskTier, LifecycleStage, Status};

/// `aims.toml`.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Settings {
    #[serde(default)]
    pub evidence: EvidenceSettings,
    #[serde(default)]
    pub report: ReportSettings,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EvidenceSettings {
    /// Evidence reviewed longer ago than this is stale. Default 12.
    pub review_interval_months: Option<toml::Spanned<i64>>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReportSettings {
    /// The report's title.
    pub title: Option<String>,
}

/// `organisation.yaml`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Organisation {
    pub name: Spanned<String>,
    pub description: Option<String>,
    pub aims_scope: Spanned<String>,
    pub ai_roles: Spanned<Vec<AiRole>>,
    #[serde(default)]
    pub eu_ai_act_roles: Vec<EuAiActRole>,
    #[serde(default)]
    pub interested_parties: Vec<InterestedParty>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct InterestedParty {
    pub name: Spanned<String>,
    pub needs: Option<String>,
}

/// One file in `systems/`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct System {
    pub id: Spanned<String>,
    pub name: Spanned<String>,
    pub purpose: Spanned<String>,
    pub owner: Spanned<String>,
    pub lifecycle_stage: LifecycleStage,
    pub ai_role: AiRole,
    #[serde(default = "yes")]
    pub in_scope: bool,
    pub supplier: Option<String>,
    #[serde(default)]
    pub data_sources: Vec<String>,
    pub human_oversight: Option<String>,
    pub eu_ai_act: Option<EuAiAct>,
    #[serde(default)]
    pub evidence: SystemEvidence,
    #[serde(default)]
    pub exclusions: Vec<Exclusion>,
    pub notes: Option<String>,
}

fn yes() -> bool {
    true
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EuAiAct {
    pub role: EuAiActRole,
    pub risk_tier: EuRiskTier,
    pub annex_iii_area: Option<String>,
}

/// The per-system records the per-system controls read, one optional record per kind. The field names are the
/// `system_evidence` keys of the catalogue; `crate::workspace::EvidenceKind` lists them once more as an enum.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SystemEvidence {
    pub impact_assessment: Option<Spanned<EvidenceRecord>>,
    pub impact_on_individuals: Option<Spanned<EvidenceRecord>>,
    pub societal_impact: Option<Spanned<EvidenceRecord>>,
    pub requirements_specification: Option<Spanned<EvidenceRecord>>,
    pub design_documentation: Option<Spanned<EvidenceRecord>>,
    pub verification_and_validation: Option<Spanned<EvidenceRecord>>,
    pub deployment_plan: Option<Spanned<EvidenceRecord>>,
    pub monitoring: Option<Spanned<EvidenceRecord>>,
    pub technical_documentation: Option<Spanned<EvidenceRecord>>,
    pub event_logging: Option<Spanned<EvidenceRecord>>,
    pub data_quality: Option<Spanned<EvidenceRecord>>,
    pub data_provenance: Option<Spanned<EvidenceRecord>>,
    pub data_preparation: Option<Spanned<EvidenceRecord>>,
    pub user_documentation: Option<Spanned<EvidenceRecord>>,
    pub intended_use: Option<Spanned<EvidenceRecord>>,
}

/// A piece of evidence: a file in the workspace and the date someone last reviewed it.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EvidenceRecord {
    pub file: Option<Spanned<String>>,
    /// YYYY-MM-DD, validated in `load` so an impossible date is reported at its location.
    pub reviewed: Option<Spanned<String>>,
    pub description: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Exclusion {
    pub requirement: Spanned<String>,
    pub justification: Option<Spanned<String>>,
}

/// `assessment.yaml` or one file in `assessment/`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AssessmentFile {
    #[serde(default)]
    pub requirements: Vec<Spanned<Entry>>,
}

/// What the workspace declares about one requirement.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Entry {
    pub requirement: Spanned<String>,
    pub status: Spanned<Status>,
    pub owner: Option<String>,
    #[serde(default)]
    pub evidence: Vec<Spanned<EvidenceRecord>>,
    pub justification: Option<Spanned<String>>,
    pub notes: Option<String>,
    pub action: Option<Action>,
}

/// The next step planned to close a gap.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Action {
    pub description: Spanned<String>,
    pub owner: Option<String>,
    pub due: Option<Spanned<String>>,
}
