//! The workspace files as written: plain serde structs that mirror the YAML and TOML one for one, with source
//! locations on the values a diagnostic or finding must point at. Nothing outside `load` sees these types; `load`
//! validates them into the types of `crate::workspace`. `aims schema` generates the JSON Schema from them, so the
//! doc comments here are what an editor shows on hover.
//!
//! Every struct denies unknown fields, so a misspelt key is an error with a "did you mean", never silently ignored.
//! No `flatten`, no untagged or internally tagged enums: those would lose the error locations.

use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::Deserialize;
use serde_saphyr::Spanned;

pub use super::risk::{
    ActionInput, AffectedInput, AreaInput, DecisionInput, ImpactAssessmentFile, RatingInput, RiskEntry, RiskSettings,
    RisksFile, TreatmentInput,
};
use crate::workspace::{
    AiRole, EuAiActRole, EuClassification, EuContext, EuFact, EuRiskTier, EvidenceStatus, LifecycleStage, SoaReason,
    Status,
};

/// aims.toml: workspace settings. Every setting is optional.
#[derive(Debug, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Settings {
    /// How evidence is judged.
    #[serde(default)]
    pub evidence: EvidenceSettings,
    /// How the report is titled.
    #[serde(default)]
    pub report: ReportSettings,
    /// Document control of the Statement of Applicability (ISO/IEC 42001 7.5.3).
    #[serde(default)]
    pub soa: SoaSettings,
    /// When `aims gap` fails (exit code 1). Command-line flags override these.
    #[serde(default)]
    pub gate: GateSettings,
    /// The certification audit the organisation plans for.
    #[serde(default)]
    pub audit: AuditSettings,
    /// The risk criteria: rating scales, the acceptance threshold and who may accept AI risks (ISO/IEC 42001
    /// 6.1.1).
    #[serde(default)]
    pub risk: RiskSettings,
    /// Accepted gaps: each `[[waiver]]` lets one requirement (optionally for one system) stay unmet until it expires.
    #[serde(default, rename = "waiver")]
    pub waivers: Vec<WaiverSettings>,
}

/// `[gate]` of aims.toml: the CI gate the workspace asks for. The command line's flags are its floor: these
/// settings can make the gate stricter, never weaker (docs/ci.md).
#[derive(Debug, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct GateSettings {
    /// Fail when the score over the selected requirements is below this percentage (0-100).
    #[schemars(with = "Option<f64>", range(min = 0, max = 100))]
    pub fail_under: Option<toml::Spanned<f64>>,
    /// Fail when a selected requirement has one of these statuses, e.g. ["non_compliant", "not_assessed"].
    #[serde(default)]
    pub fail_on: Vec<Status>,
    /// Which requirements the gate looks at: IDs or prefixes ("A.6", "9.2"), "clauses" or "controls". Default: all.
    #[serde(default)]
    #[schemars(with = "Vec<String>")]
    pub select: Vec<toml::Spanned<String>>,
    /// Requirements taken out of the selection, written like `select`.
    #[serde(default)]
    #[schemars(with = "Vec<String>")]
    pub ignore: Vec<toml::Spanned<String>>,
    /// The longest a waiver may run: its `expires` date may lie at most this many months after the as-of date.
    /// 1 to 12; default 12. The workspace may shorten the horizon, not lengthen it.
    #[schemars(with = "Option<u32>", range(min = 1, max = 12))]
    pub waiver_max_months: Option<toml::Spanned<i64>>,
}

/// One `[[waiver]]` of aims.toml: an accepted gap, with its reason, owner and expiry date.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct WaiverSettings {
    /// The waived requirement, e.g. "A.6.2.8".
    #[schemars(with = "String")]
    pub requirement: toml::Spanned<String>,
    /// The one AI system the waiver covers, for a per-system control; omit to waive the whole requirement.
    #[schemars(with = "Option<String>")]
    pub system: Option<toml::Spanned<String>>,
    /// Why the gap is accepted.
    #[schemars(with = "String")]
    pub reason: toml::Spanned<String>,
    /// Who accepted it.
    #[schemars(with = "String")]
    pub owner: toml::Spanned<String>,
    /// The last day the waiver holds (a TOML date, e.g. 2027-03-31).
    #[schemars(with = "String", extend("format" = "date"))]
    pub expires: toml::Spanned<toml::value::Datetime>,
}

/// `[evidence]` of aims.toml: how old evidence may be before it is stale.
#[derive(Debug, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct EvidenceSettings {
    /// Evidence whose `reviewed` date is more than this many months before the assessment date is stale. 1 to 120;
    /// default 12.
    #[schemars(with = "Option<u32>", range(min = 1, max = 120))]
    pub review_interval_months: Option<toml::Spanned<i64>>,
}

/// `[report]` of aims.toml: the title and front matter of the report, the Statement of Applicability and the plan.
#[derive(Debug, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ReportSettings {
    /// The report's title. Default: "AI management system gap assessment".
    pub title: Option<String>,
    /// Who carried out the assessment, e.g. "Jane Doe, Lead Auditor".
    pub assessor: Option<String>,
    /// The assessor's firm, e.g. "Northgate Assurance LLP".
    pub firm: Option<String>,
    /// Whom the report is prepared for, when not the organisation itself.
    pub client: Option<String>,
    /// The report's version, e.g. "1.2".
    pub version: Option<String>,
    /// The confidentiality marking shown at the top of every document, e.g. "Confidential".
    pub confidentiality: Option<String>,
    /// The version history, oldest first: each `[[report.history]]` has a version, a date and a note.
    #[serde(default)]
    pub history: Vec<ReportHistorySettings>,
}

/// One `[[report.history]]` entry of aims.toml: a version of the report, when it was issued and what changed.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ReportHistorySettings {
    /// The version, e.g. "1.0".
    #[schemars(with = "String")]
    pub version: toml::Spanned<String>,
    /// When it was issued (a TOML date, e.g. 2026-10-01).
    #[schemars(with = "String", extend("format" = "date"))]
    pub date: toml::Spanned<toml::value::Datetime>,
    /// What changed in it.
    pub note: Option<String>,
}

/// `[soa]` of aims.toml: the document control of the Statement of Applicability (version, approver, date).
#[derive(Debug, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SoaSettings {
    /// The Statement of Applicability's version, e.g. "1.2".
    pub version: Option<String>,
    /// Who approved it.
    pub approved_by: Option<String>,
    /// When it was approved (a TOML date, e.g. 2026-10-01).
    #[schemars(with = "Option<String>", extend("format" = "date"))]
    pub approved_on: Option<toml::Spanned<toml::value::Datetime>>,
}

/// `[audit]` of aims.toml: the certification audit the organisation plans for.
#[derive(Debug, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct AuditSettings {
    /// The target date of the certification audit (a TOML date, e.g. 2027-03-01): the remediation plan flags every
    /// action due after it.
    #[schemars(with = "Option<String>", extend("format" = "date"))]
    pub target_date: Option<toml::Spanned<toml::value::Datetime>>,
}

/// organisation.yaml: the organisation whose AI management system is assessed.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Organisation {
    /// The organisation's legal or trading name.
    #[schemars(with = "String")]
    pub name: Spanned<String>,
    /// What the organisation does, in a sentence or two.
    pub description: Option<String>,
    /// The scope of the AI management system (clause 4.3): which units, sites, products and AI systems it covers.
    #[schemars(with = "String")]
    pub aims_scope: Spanned<String>,
    /// The organisation's AI roles in the sense of ISO/IEC 22989 (clause 4.1).
    #[schemars(with = "Vec<AiRole>")]
    pub ai_roles: Spanned<Vec<AiRole>>,
    /// The organisation's roles under the EU AI Act (Art. 3). Separate from `ai_roles`: an EU "deployer" is not
    /// an ISO/IEC 22989 "AI deployer".
    #[serde(default)]
    pub eu_ai_act_roles: Vec<EuAiActRole>,
    /// Interested parties and what they need from the organisation's use of AI (clause 4.2).
    #[serde(default)]
    pub interested_parties: Vec<InterestedParty>,
    /// The units' names in full, by the unit path the systems' `unit` gives (`DHS` → Department of Homeland
    /// Security, `HHS/CDC` → Centers for Disease Control and Prevention): what the reports call each unit.
    #[serde(default)]
    pub units: std::collections::BTreeMap<String, String>,
}

/// One interested party of organisation.yaml (ISO/IEC 42001 clause 4.2): who they are and what they need.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct InterestedParty {
    /// Who they are, e.g. "Loan applicants" or "Financial regulator".
    #[schemars(with = "String")]
    pub name: Spanned<String>,
    /// What they need or expect.
    pub needs: Option<String>,
}

/// systems/*.yaml: one AI system of the inventory.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct System {
    /// A short unique ID: letters, digits, `-`, `_` and `.`, e.g. `credit-scoring`.
    #[schemars(with = "String")]
    pub id: Spanned<String>,
    /// The system's name as people know it.
    #[schemars(with = "String")]
    pub name: Spanned<String>,
    /// What the system is for and what it decides or produces.
    #[schemars(with = "String")]
    pub purpose: Spanned<String>,
    /// The person or role accountable for the system.
    #[schemars(with = "String")]
    pub owner: Spanned<String>,
    /// The business unit, department or agency the system belongs to; nested units are separated by `/`, outermost
    /// first (`HHS/CDC`). Reports give scores per unit.
    pub unit: Option<String>,
    /// Where the system is in its life cycle.
    pub lifecycle_stage: LifecycleStage,
    /// The organisation's ISO/IEC 22989 role for this system: `provider` or `producer` if it builds it, `customer`
    /// if it uses a system built by others. Decides which per-system controls apply.
    pub ai_role: AiRole,
    /// Whether the system is inside the AI management system's scope. Default true.
    #[serde(default = "yes")]
    pub in_scope: bool,
    /// Who supplies the system or its model, if anyone.
    pub supplier: Option<String>,
    /// The data the system is trained on or uses.
    #[serde(default)]
    pub data_sources: Vec<String>,
    /// How people oversee, check or override the system.
    pub human_oversight: Option<String>,
    /// The system's classification under the EU AI Act.
    pub eu_ai_act: Option<EuAiAct>,
    /// The records the per-system Annex A controls read, one per kind.
    #[serde(default)]
    pub evidence: SystemEvidence,
    /// Per-system controls that do not apply to this system, each with a justification.
    #[serde(default)]
    pub exclusions: Vec<Exclusion>,
    /// Anything else worth knowing.
    pub notes: Option<String>,
}

fn yes() -> bool {
    true
}

/// The `eu_ai_act` mapping of a system file: the organisation's EU AI Act roles for the system, its
/// classifications, and the facts its obligations need. The single-value keys `role`, `risk_tier` and
/// `annex_iii_area` of earlier versions are still read (with a warning) and mapped as docs/eu-ai-act.md describes.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct EuAiAct {
    /// The organisation's operator roles for this system (any of provider, deployer, importer, distributor,
    /// authorised_representative, product_manufacturer).
    #[serde(default)]
    pub roles: Vec<EuAiActRole>,
    /// The system's classifications (any of prohibited, prohibited_intimate_imagery, annex_i, annex_iii,
    /// art_6_3_derogation, art_50_1 to art_50_4, gpai_model, gpai_systemic_risk, minimal).
    #[serde(default)]
    pub classifications: Vec<EuClassification>,
    /// For `annex_iii`: the Annex III areas, e.g. "5(b): creditworthiness assessment".
    #[serde(default)]
    pub annex_iii_areas: Vec<String>,
    /// For `annex_i`: the Union product law, e.g. "Medical devices, Regulation (EU) 2017/745".
    pub annex_i_product: Option<String>,
    /// What the organisation's use adds: public_body, public_service, workplace, provider_outside_eu,
    /// on_market_before.
    #[serde(default)]
    pub context: Vec<EuContext>,
    /// The facts the obligations need, as text: what was done and where the record is.
    #[serde(default)]
    pub facts: BTreeMap<EuFact, String>,
    /// Earlier single-value shape: the one operator role. Use `roles`.
    #[schemars(with = "Option<EuAiActRole>")]
    pub role: Option<Spanned<EuAiActRole>>,
    /// Earlier single-value shape: the one risk tier. Use `classifications`.
    #[schemars(with = "Option<EuRiskTier>")]
    pub risk_tier: Option<Spanned<EuRiskTier>>,
    /// Earlier single-value shape: the Annex III area or Annex I route. Use `annex_iii_areas` or `annex_i_product`.
    pub annex_iii_area: Option<String>,
}

/// The per-system records the per-system controls read, one optional record per kind. The field names are the
/// `system_evidence` keys of the catalogue; `crate::workspace::EvidenceKind` lists them once more as an enum.
#[derive(Debug, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SystemEvidence {
    /// A.5.3: the documented impact assessment of this system.
    #[schemars(with = "Option<EvidenceRecord>")]
    pub impact_assessment: Option<Spanned<EvidenceRecord>>,
    /// A.5.4: the assessment of the system's impact on individuals and groups.
    #[schemars(with = "Option<EvidenceRecord>")]
    pub impact_on_individuals: Option<Spanned<EvidenceRecord>>,
    /// A.5.5: the assessment of the system's societal impact.
    #[schemars(with = "Option<EvidenceRecord>")]
    pub societal_impact: Option<Spanned<EvidenceRecord>>,
    /// A.6.2.2: the system's requirements and specification.
    #[schemars(with = "Option<EvidenceRecord>")]
    pub requirements_specification: Option<Spanned<EvidenceRecord>>,
    /// A.6.2.3: design and development documentation.
    #[schemars(with = "Option<EvidenceRecord>")]
    pub design_documentation: Option<Spanned<EvidenceRecord>>,
    /// A.6.2.4: verification and validation records.
    #[schemars(with = "Option<EvidenceRecord>")]
    pub verification_and_validation: Option<Spanned<EvidenceRecord>>,
    /// A.6.2.5: the deployment plan.
    #[schemars(with = "Option<EvidenceRecord>")]
    pub deployment_plan: Option<Spanned<EvidenceRecord>>,
    /// A.6.2.6: operation and monitoring arrangements.
    #[schemars(with = "Option<EvidenceRecord>")]
    pub monitoring: Option<Spanned<EvidenceRecord>>,
    /// A.6.2.7: technical documentation.
    #[schemars(with = "Option<EvidenceRecord>")]
    pub technical_documentation: Option<Spanned<EvidenceRecord>>,
    /// A.6.2.8: event logging.
    #[schemars(with = "Option<EvidenceRecord>")]
    pub event_logging: Option<Spanned<EvidenceRecord>>,
    /// A.7.4: data quality requirements and checks.
    #[schemars(with = "Option<EvidenceRecord>")]
    pub data_quality: Option<Spanned<EvidenceRecord>>,
    /// A.7.5: data provenance records.
    #[schemars(with = "Option<EvidenceRecord>")]
    pub data_provenance: Option<Spanned<EvidenceRecord>>,
    /// A.7.6: data preparation methods.
    #[schemars(with = "Option<EvidenceRecord>")]
    pub data_preparation: Option<Spanned<EvidenceRecord>>,
    /// A.8.2: documentation and information for users.
    #[schemars(with = "Option<EvidenceRecord>")]
    pub user_documentation: Option<Spanned<EvidenceRecord>>,
    /// A.9.4: the documented intended use.
    #[schemars(with = "Option<EvidenceRecord>")]
    pub intended_use: Option<Spanned<EvidenceRecord>>,
}

/// A piece of evidence: a file in the workspace, or a document kept elsewhere (a URL or a document-register ID),
/// with the date someone last reviewed it and its approval status.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct EvidenceRecord {
    /// Path of the evidence file, relative to the workspace folder, e.g. `evidence/ai-policy.md`.
    #[schemars(with = "Option<String>")]
    pub file: Option<Spanned<String>>,
    /// When the document was last reviewed, YYYY-MM-DD. Older than the review interval means stale.
    #[schemars(with = "Option<String>", extend("format" = "date"))]
    pub reviewed: Option<Spanned<String>>,
    /// The document's name as the reader of the report knows it, e.g. "Impact assessment: credit scoring model".
    /// Deliverables name the document by this title when given, else by its description or file name.
    pub title: Option<String>,
    /// What the evidence is, for the reader of the report.
    pub description: Option<String>,
    /// The document's approval status: `draft`, `approved` (the default) or `superseded`. Only approved evidence
    /// counts.
    #[serde(default)]
    pub status: EvidenceStatus,
    /// When this version of the document took effect, YYYY-MM-DD (distinct from `reviewed`). A date after the
    /// assessment date means it is not in force yet.
    #[schemars(with = "Option<String>", extend("format" = "date"))]
    pub effective: Option<Spanned<String>>,
    /// Where a document kept outside the workspace lives (SharePoint, an eQMS): an `https://` address. Such
    /// evidence counts, marked "external, not verified by aims".
    #[schemars(with = "Option<String>", extend("format" = "iri", "pattern" = "^[Hh][Tt][Tt][Pp][Ss]://"))]
    pub url: Option<Spanned<String>>,
    /// The document's ID in the organisation's document register or eQMS, e.g. `QMS-POL-007`. Such evidence counts,
    /// marked "external, not verified by aims".
    #[schemars(with = "Option<String>")]
    pub register_id: Option<Spanned<String>>,
}

/// One `exclusions` entry of a system file: a per-system control that does not apply to this system, and why.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Exclusion {
    /// The per-system control that does not apply to this system, e.g. "A.8.2".
    #[schemars(with = "String")]
    pub requirement: Spanned<String>,
    /// Why it does not apply. Required: an unjustified exclusion is not accepted.
    #[schemars(with = "Option<String>")]
    pub justification: Option<Spanned<String>>,
}

/// assessment.yaml, or one file under assessment/: what the organisation declares per requirement.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct AssessmentFile {
    /// One entry per requirement; requirements without an entry are not assessed.
    #[serde(default)]
    #[schemars(with = "Vec<Entry>")]
    pub requirements: Vec<Spanned<Entry>>,
}

/// What the workspace declares about one requirement.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Entry {
    /// The requirement's ID, quoted: "4.1" … "10.2" or "A.2.2" … "A.10.4".
    #[schemars(with = "String")]
    pub requirement: Spanned<String>,
    /// The declared status; aims lowers it when the evidence does not support it.
    #[schemars(with = "Status")]
    pub status: Spanned<Status>,
    /// The person or role accountable for the requirement.
    pub owner: Option<String>,
    /// The documents that show the requirement is met.
    #[serde(default)]
    #[schemars(with = "Vec<EvidenceRecord>")]
    pub evidence: Vec<Spanned<EvidenceRecord>>,
    /// Why the requirement is excluded (required for `not_applicable`) or, for an Annex A control, why it is
    /// included. The Statement of Applicability needs a justification either way.
    #[schemars(with = "Option<String>")]
    pub justification: Option<Spanned<String>>,
    /// For Annex A controls: the kinds of reason behind including or excluding the control, for the Statement of
    /// Applicability.
    #[serde(default)]
    pub reasons: Vec<SoaReason>,
    /// Assessor's notes; shown with a declared gap.
    pub notes: Option<String>,
    /// The next step planned to close a gap.
    #[schemars(with = "Option<Action>")]
    pub action: Option<Spanned<Action>>,
}

/// The next step planned to close a gap: `description`, `owner` and `due`, or `same_as` alone.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Action {
    /// What will be done; required unless `same_as` is given.
    #[schemars(with = "Option<String>")]
    pub description: Option<Spanned<String>>,
    /// The requirement, quoted ("A.5.3"), whose entry plans this same piece of work: the plan counts it once and
    /// lists it under both requirements, with that action's description, owner and due date (give none here).
    #[schemars(with = "Option<String>")]
    pub same_as: Option<Spanned<String>>,
    /// Who will do it.
    pub owner: Option<String>,
    /// When it is due, YYYY-MM-DD.
    #[schemars(with = "Option<String>", extend("format" = "date"))]
    pub due: Option<Spanned<String>>,
}
