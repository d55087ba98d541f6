//! The validated workspace: what `load` hands to `assess`. Every value here has passed validation; locations are
//! workspace-relative paths with `/` separators and 1-based lines, so reports never contain absolute paths.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::date::Date;

mod eu;
mod records;
mod risk;

pub use eu::{EuAiAct, EuClassification, EuContext, EuFact};
pub use records::SystemEvidence;
pub use risk::{
    Affected, AreaImpact, Decision, ImpactArea, ImpactAssessment, Rating, Risk, RiskCriteria, RiskRecords, RiskSource,
    TreatmentAction, TreatmentOption,
};

/// How far an ISO/IEC 42001 requirement is met, for the organisation or for one AI system: declared in an
/// assessment entry, then checked against the evidence, which may lower it, never raise it. Written in `snake_case`
/// in YAML, aims.toml (`fail_on`), JSON and CSV. The five values are also CISO Assistant's requirement results
/// (`compliance_result` in its files).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// Met, and the workspace shows it (`compliant`). Scores 1.
    Compliant,
    /// Partly met: some of what the requirement asks is shown, not all, or it is met for some systems or units only
    /// (`partially_compliant`). Scores 0.5.
    PartiallyCompliant,
    /// Not met (`non_compliant`). Scores 0.
    NonCompliant,
    /// Does not apply (`not_applicable`): an Annex A control excluded with a justification, or a per-system control
    /// due for no in-scope AI system (their roles do not call for it, they are excluded or retired, or it is not yet
    /// due at their life-cycle stage). Never valid for clauses 4-10. Left out of the score.
    NotApplicable,
    /// Nobody has assessed it yet (`not_assessed`); also the status of a requirement with no entry. Left out of the
    /// score.
    NotAssessed,
}

impl Status {
    /// Every status, from met to not assessed (the order of the enum and of report tables).
    pub const ALL: [Status; 5] = [
        Status::Compliant,
        Status::PartiallyCompliant,
        Status::NonCompliant,
        Status::NotApplicable,
        Status::NotAssessed,
    ];

    /// The status as YAML, JSON and CSV write it: `compliant`, `partially_compliant`, `non_compliant`,
    /// `not_applicable` or `not_assessed`.
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Compliant => "compliant",
            Status::PartiallyCompliant => "partially_compliant",
            Status::NonCompliant => "non_compliant",
            Status::NotApplicable => "not_applicable",
            Status::NotAssessed => "not_assessed",
        }
    }

    /// The status in words for people: the one vocabulary of the report, the Statement of Applicability, the
    /// plan, the HTML pages and the workbook ("Compliant", "Partially compliant", "Non-compliant", "Not applicable",
    /// "Not assessed"). A per-system control left out for a system is worded [`Status::NOT_YET_DUE`] or
    /// [`Status::RETIRED`] instead of "Not applicable".
    pub const fn label(self) -> &'static str {
        match self {
            Status::Compliant => "Compliant",
            Status::PartiallyCompliant => "Partially compliant",
            Status::NonCompliant => "Non-compliant",
            Status::NotApplicable => "Not applicable",
            Status::NotAssessed => "Not assessed",
        }
    }

    /// The word for a per-system control that is not yet due at the AI system's life-cycle stage.
    pub const NOT_YET_DUE: &'static str = "Not yet due";

    /// The word for a per-system control left out because the AI system is retired.
    pub const RETIRED: &'static str = "Retired";

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

    /// The status's weight in a score (1, 0.5 or 0), or `None` when it is left out of the denominator (not applicable,
    /// not assessed).
    pub fn points(self) -> Option<f64> {
        match self {
            Status::Compliant => Some(1.0),
            Status::PartiallyCompliant => Some(0.5),
            Status::NonCompliant => Some(0.0),
            Status::NotApplicable | Status::NotAssessed => None,
        }
    }

    /// Whether the status leaves work to do: partially compliant, non-compliant or not assessed.
    pub fn is_gap(self) -> bool {
        matches!(self, Status::PartiallyCompliant | Status::NonCompliant | Status::NotAssessed)
    }
}

/// Why an Annex A control is included in or excluded from the Statement of Applicability (ISO/IEC 42001 6.1.3): an
/// assessment entry's `reasons:`, written in `snake_case`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum SoaReason {
    /// Required by law or regulation (`legal_or_regulatory`).
    LegalOrRegulatory,
    /// Required by a contract, e.g. with a customer (`contractual`).
    Contractual,
    /// Chosen to treat an AI risk found in the risk assessment (`risk_treatment`).
    RiskTreatment,
    /// Chosen for business reasons or as good practice (`business_need`).
    BusinessNeed,
}

impl SoaReason {
    /// The reason in words, as the Statement of Applicability prints it: `legal or regulatory`, `risk treatment`.
    pub fn label(self) -> &'static str {
        match self {
            SoaReason::LegalOrRegulatory => "legal or regulatory",
            SoaReason::Contractual => "contractual",
            SoaReason::RiskTreatment => "risk treatment",
            SoaReason::BusinessNeed => "business need",
        }
    }
}

/// An AI role of ISO/IEC 22989, the roles ISO/IEC 42001 clause 4.1 asks an organisation to determine. Held by the
/// organisation (organisation.yaml `ai_roles`) and per AI system (a system's `ai_role`); the catalogue's `roles` and
/// `system_roles` use the same values. Written in `snake_case`. Not the EU AI Act's operator roles.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum AiRole {
    /// Offers AI products or services to others (`provider`).
    Provider,
    /// Designs, develops, builds or operates AI systems, including on a third-party model (`producer`).
    Producer,
    /// Uses AI systems, for example a bought-in or subscribed service (`customer`).
    Customer,
    /// Contributes services around AI for others, such as system integration or data (`partner`).
    Partner,
}

impl AiRole {
    /// The role as YAML and reports write it: `provider`, `producer`, `customer` or `partner`.
    pub fn as_str(self) -> &'static str {
        match self {
            AiRole::Provider => "provider",
            AiRole::Producer => "producer",
            AiRole::Customer => "customer",
            AiRole::Partner => "partner",
        }
    }

    /// The role in the client's words, as a table cell: "Provider", "Producer", "Customer" or "Partner".
    pub fn label(self) -> &'static str {
        match self {
            AiRole::Provider => "Provider",
            AiRole::Producer => "Producer",
            AiRole::Customer => "Customer",
            AiRole::Partner => "Partner",
        }
    }
}

/// An operator role under the EU AI Act (Regulation (EU) 2024/1689, Art. 3): organisation.yaml `eu_ai_act_roles` and
/// a system's `eu_ai_act.roles` (or the earlier `eu_ai_act.role`), written in `snake_case`. Deliberately separate from [`AiRole`]: an EU AI Act
/// "deployer" is the organisation using a system, which is not ISO/IEC 22989's "AI deployer".
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum EuAiActRole {
    /// Develops an AI system or general-purpose AI model, or has one developed, and places it on the market or puts it
    /// into service under its own name or trademark (`provider`, Art. 3(3)).
    Provider,
    /// Uses an AI system under its own authority in a professional activity (`deployer`, Art. 3(4)).
    Deployer,
    /// Established in the EU, places on the market an AI system bearing the name of a provider established outside it
    /// (`importer`, Art. 3(6)).
    Importer,
    /// Makes an AI system available on the EU market without being its provider or importer (`distributor`,
    /// Art. 3(7)).
    Distributor,
    /// Established in the EU, acts for a provider outside it under a written mandate (`authorised_representative`,
    /// Art. 3(5)).
    AuthorisedRepresentative,
    /// Places an AI system on the market or puts it into service together with its own product, under its own name
    /// (`product_manufacturer`).
    ProductManufacturer,
}

impl EuAiActRole {
    /// Every role, in the order of the enum.
    pub const ALL: [EuAiActRole; 6] = [
        EuAiActRole::Provider,
        EuAiActRole::Deployer,
        EuAiActRole::Importer,
        EuAiActRole::Distributor,
        EuAiActRole::AuthorisedRepresentative,
        EuAiActRole::ProductManufacturer,
    ];

    /// The role as YAML and JSON write it: `provider`, `authorised_representative`.
    pub fn as_str(self) -> &'static str {
        match self {
            EuAiActRole::Provider => "provider",
            EuAiActRole::Deployer => "deployer",
            EuAiActRole::Importer => "importer",
            EuAiActRole::Distributor => "distributor",
            EuAiActRole::AuthorisedRepresentative => "authorised_representative",
            EuAiActRole::ProductManufacturer => "product_manufacturer",
        }
    }

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

/// An AI system's risk tier under the EU AI Act (Regulation (EU) 2024/1689), as the organisation classifies it in a
/// system file's `eu_ai_act.risk_tier` (`snake_case`). aims records the tier; it does not classify the system.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum EuRiskTier {
    /// A prohibited AI practice (Art. 5), which may not be used in the EU at all (`prohibited`).
    Prohibited,
    /// A high-risk AI system (Art. 6, with Annex I or Annex III) (`high_risk`).
    HighRisk,
    /// Subject to the transparency obligations of Art. 50, e.g. a chatbot or generated content (`transparency`).
    Transparency,
    /// Minimal risk: none of the other tiers applies (`minimal`).
    Minimal,
    /// A general-purpose AI model, under Chapter V (`gpai_model`).
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

/// Where an AI system is in its life cycle: a system file's `lifecycle_stage`, written in `snake_case`. Seven stages
/// condensed from the AI system life cycle of ISO/IEC 22989 and ISO/IEC 5338, in life-cycle order (the order of the
/// enum). It decides when a per-system control is due for the system (the catalogue's `due_from`): a control due from
/// a later stage is "not yet due", and a retired system is out of the per-system controls (docs/scoring.md).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum LifecycleStage {
    /// Inception: the need, the objectives and the feasibility are being worked out (`concept`).
    Concept,
    /// Requirements and design are being settled (`design`).
    Design,
    /// Being built, trained or configured, data preparation included (`development`).
    Development,
    /// Being verified and validated before release (`verification`).
    Verification,
    /// Being released into its operating environment (`deployment`).
    Deployment,
    /// In use, operated and monitored (`operation`).
    Operation,
    /// Withdrawn from use; kept in the inventory for the record (`retired`).
    Retired,
}

impl LifecycleStage {
    /// The stage as YAML and reports write it: `concept`, `design`, `development`, `verification`, `deployment`,
    /// `operation` or `retired`.
    pub fn as_str(self) -> &'static str {
        match self {
            LifecycleStage::Concept => "concept",
            LifecycleStage::Design => "design",
            LifecycleStage::Development => "development",
            LifecycleStage::Verification => "verification",
            LifecycleStage::Deployment => "deployment",
            LifecycleStage::Operation => "operation",
            LifecycleStage::Retired => "retired",
        }
    }

    /// The stage in the client's words, as a table cell: `operation` → "In operation", `retired` → "Retired".
    pub fn label(self) -> &'static str {
        match self {
            LifecycleStage::Concept => "Concept",
            LifecycleStage::Design => "In design",
            LifecycleStage::Development => "In development",
            LifecycleStage::Verification => "In verification",
            LifecycleStage::Deployment => "In deployment",
            LifecycleStage::Operation => "In operation",
            LifecycleStage::Retired => "Retired",
        }
    }

    /// The stage as a phrase inside a sentence: "in design", "at the concept stage", "retired".
    pub fn phrase(self) -> &'static str {
        match self {
            LifecycleStage::Concept => "at the concept stage",
            LifecycleStage::Design => "in design",
            LifecycleStage::Development => "in development",
            LifecycleStage::Verification => "in verification",
            LifecycleStage::Deployment => "in deployment",
            LifecycleStage::Operation => "in operation",
            LifecycleStage::Retired => "retired",
        }
    }

    /// Whether a system at this stage is placed on the market or put into service (EU AI Act): from deployment on.
    /// A retired system was, and keeps its record-keeping duties; a system before deployment is not yet, so an
    /// obligation whose date has passed applies to it only once it is placed.
    pub fn is_placed(self) -> bool {
        self >= LifecycleStage::Deployment
    }
}

/// The kinds of per-system evidence record, one per per-system Annex A control: the keys of a system file's
/// `evidence:` map and the catalogue's `system_evidence`, written in `snake_case`. The controls named below are the
/// bundled catalogue's (controls/annex-a.yaml), which links each control to its kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum EvidenceKind {
    /// The documented AI system impact assessment (`impact_assessment`; A.5.3).
    ImpactAssessment,
    /// The assessment of the system's impact on individuals or groups (`impact_on_individuals`; A.5.4).
    ImpactOnIndividuals,
    /// The assessment of the system's impact on society (`societal_impact`; A.5.5).
    SocietalImpact,
    /// The system's requirements and specification (`requirements_specification`; A.6.2.2).
    RequirementsSpecification,
    /// The record of design and development choices (`design_documentation`; A.6.2.3).
    DesignDocumentation,
    /// The verification and validation plan and results (`verification_and_validation`; A.6.2.4).
    VerificationAndValidation,
    /// The deployment plan (`deployment_plan`; A.6.2.5).
    DeploymentPlan,
    /// How the system is operated and monitored (`monitoring`; A.6.2.6).
    Monitoring,
    /// The technical documentation (`technical_documentation`; A.6.2.7).
    TechnicalDocumentation,
    /// How the system's event logs are recorded and kept (`event_logging`; A.6.2.8).
    EventLogging,
    /// The quality requirements on its data and how they are met (`data_quality`; A.7.4).
    DataQuality,
    /// Where its data comes from and how it was handled (`data_provenance`; A.7.5).
    DataProvenance,
    /// How its data is prepared (`data_preparation`; A.7.6).
    DataPreparation,
    /// The documentation and information given to its users (`user_documentation`; A.8.2).
    UserDocumentation,
    /// The statement of its intended use (`intended_use`; A.9.4).
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

    /// The kind as a system file's `evidence:` map and the catalogue write it, e.g. `impact_assessment`.
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

    /// Whether the kind is one of the three impact assessments (A.5.3-A.5.5). They get their own finding code,
    /// `system-impact-assessment-missing`: ISO/IEC 42001 6.1.4 and 8.4 turn on them.
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
    /// The file, relative to the workspace root, with `/` separators: `systems/chatbot.yaml`.
    pub file: String,
    /// The 1-based line in `file`; 0 when the whole file is meant.
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
    /// Something other than a regular file or a folder: a named pipe, a device or a socket.
    NotAFile,
    /// One of the files aims reads as the workspace itself (aims.toml, organisation.yaml, a system or assessment
    /// file), which cannot be evidence of anything but itself.
    WorkspaceInput,
    /// A folder: evidence is a document, so a record names each document in the folder on its own.
    Folder,
}

impl FileState {
    /// Whether the file counts as evidence (only [`FileState::Present`] does).
    pub fn counts(self) -> bool {
        self == FileState::Present
    }

    /// The state as the JSON report writes it: `present`, `missing`, `not_given`, `empty`, `not_a_file`,
    /// `workspace_input` or `folder`.
    pub fn as_str(self) -> &'static str {
        match self {
            FileState::NotGiven => "not_given",
            FileState::Present => "present",
            FileState::Missing => "missing",
            FileState::Empty => "empty",
            FileState::NotAFile => "not_a_file",
            FileState::WorkspaceInput => "workspace_input",
            FileState::Folder => "folder",
        }
    }
}

/// Where a document stands in the organisation's document control (ISO/IEC 42001 7.5.3): an evidence record's
/// `status:`. Only approved evidence counts; a record without `status:` is approved, because most records name the
/// document in force and a draft is the exception that has to be said.
#[derive(
    Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, schemars::JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum EvidenceStatus {
    /// Written but not yet approved (`draft`): it does not count (`evidence-draft`).
    Draft,
    /// Approved and in force (`approved`), the default.
    #[default]
    Approved,
    /// Replaced by a newer version (`superseded`): it does not count (`evidence-superseded`).
    Superseded,
}

impl EvidenceStatus {
    /// The status as YAML and JSON write it: `draft`, `approved` or `superseded`.
    pub fn as_str(self) -> &'static str {
        match self {
            EvidenceStatus::Draft => "draft",
            EvidenceStatus::Approved => "approved",
            EvidenceStatus::Superseded => "superseded",
        }
    }
}

/// One evidence record: an item of an assessment entry's `evidence:` list, or a per-system record in a system file's
/// `evidence:` map, with what `load` found at its path.
///
/// A record names a file in the workspace (`file:`), or a document kept elsewhere (`url:`, `register_id:`, or both):
/// such external evidence counts like a file but aims cannot look at it, so every output marks it "external, not
/// verified by aims". A record that names a file and an external reference is judged by its file.
#[derive(Debug, Clone)]
pub struct Evidence {
    /// The path as written, relative to the workspace root, trimmed and normalised to `/` separators. `None` when the
    /// record names no file (a bare claim).
    pub file: Option<String>,
    /// What is at `file`: [`FileState::NotGiven`] when `file` is `None`.
    pub file_state: FileState,
    /// When someone last reviewed the evidence (`reviewed:`), never after the as-of date; `None` when not given.
    pub reviewed: Option<Date>,
    /// The document's name for the reader (`title:`), trimmed; `None` when not given or blank.
    pub title: Option<String>,
    /// What the file is, or which part of it matters; `None` when not given or blank.
    pub description: Option<String>,
    /// Where the record starts.
    pub location: Location,
    /// The document's approval status (`status:`); [`EvidenceStatus::Approved`] when not given.
    pub status: EvidenceStatus,
    /// When this version of the document took effect (`effective:`), distinct from when it was last reviewed;
    /// `None` when not given. A date after the as-of date means it is not in force yet.
    pub effective: Option<Date>,
    /// Where the document is kept outside the workspace (`url:`): an `https://` address, trimmed; `None` when not
    /// given.
    pub url: Option<String>,
    /// The document's ID in the organisation's document register or eQMS (`register_id:`), trimmed; `None` when not
    /// given.
    pub register_id: Option<String>,
}

impl Evidence {
    /// Whether the record is external evidence: it names no file, only a URL or a document-register ID, so aims
    /// cannot check that the document exists.
    pub fn is_external(&self) -> bool {
        self.file.is_none() && (self.url.is_some() || self.register_id.is_some())
    }
}

/// The next step planned to close a gap: an assessment entry's `action:`.
#[derive(Debug, Clone)]
pub struct Action {
    /// What will be done.
    pub description: String,
    /// Who will do it; `None` when not given or blank.
    pub owner: Option<String>,
    /// When it is due; `None` when not given. An action due before the as-of date is overdue (`action-overdue`).
    pub due: Option<Date>,
    /// The requirement whose entry plans this same piece of work (`same_as:`), whose description, owner and due
    /// date these are; `None` for an action written out.
    pub same_as: Option<String>,
}

/// What the workspace declares about one requirement: an item of `requirements:` in assessment.yaml or
/// assessment/*.yaml.
#[derive(Debug, Clone)]
pub struct Entry {
    /// Catalogue ID, as the catalogue writes it (an Annex B reference such as `B.6.2.4` is resolved to `A.6.2.4`).
    pub requirement: String,
    /// The declared status; the assessment may lower it, never raise it.
    pub status: Status,
    /// Who is responsible for the requirement; `None` when not given or blank.
    pub owner: Option<String>,
    /// The evidence records, in file order; empty when none are given.
    pub evidence: Vec<Evidence>,
    /// Why an Annex A control is excluded, or why it is included (Statement of Applicability); trimmed, `None` when
    /// not given.
    pub justification: Option<String>,
    /// The kinds of reason for including or excluding an Annex A control, in file order; empty when none are given.
    pub reasons: Vec<SoaReason>,
    /// The assessor's remarks; `None` when not given or blank.
    pub notes: Option<String>,
    /// The next step planned to close a gap; `None` when none is planned.
    pub action: Option<Action>,
    /// Where the entry starts.
    pub location: Location,
}

/// A per-system control marked not applicable to one AI system: an item of a system file's `exclusions:`.
#[derive(Debug, Clone)]
pub struct Exclusion {
    /// Catalogue ID of the control; always one assessed per AI system ([`crate::catalogue::Scope::AiSystem`]).
    pub requirement: String,
    /// Why the control does not apply to this system, trimmed. `None` when not given: the exclusion is then not
    /// accepted (`exclusion-unjustified`).
    pub justification: Option<String>,
    /// The exclusion's `requirement:` line.
    pub location: Location,
}

/// One AI system of the inventory: a file in systems/.
#[derive(Debug, Clone)]
pub struct System {
    /// The system's stable identifier, unique in the workspace even ignoring letter case: letters, digits, `-`, `_`
    /// and `.`, at most 128 characters (`credit-scoring`).
    pub id: String,
    /// The system's human name.
    pub name: String,
    /// What the system does and for whom.
    pub purpose: String,
    /// The accountable person or role.
    pub owner: String,
    /// The business unit, department or agency the system belongs to, as a path of nested units outermost first,
    /// joined by `/` (`HHS/CDC`): each part trimmed, empty parts dropped. `None` when not given or blank.
    pub unit: Option<String>,
    /// Where the system is in its life cycle.
    pub lifecycle_stage: LifecycleStage,
    /// The organisation's ISO/IEC 22989 role for this system; decides which per-system controls apply to it (the
    /// catalogue's `system_roles`).
    pub ai_role: AiRole,
    /// Whether the system is inside the AIMS scope (clause 4.3); `true` unless the file says otherwise. A system out
    /// of scope is listed in reports but not assessed.
    pub in_scope: bool,
    /// Who supplies the system or its model; `None` when not given or blank.
    pub supplier: Option<String>,
    /// The data the system uses, as written; empty when not given.
    pub data_sources: Vec<String>,
    /// How people oversee, override or stop the system; `None` when not given or blank.
    pub human_oversight: Option<String>,
    /// The system's EU AI Act classification; `None` when not recorded.
    pub eu_ai_act: Option<EuAiAct>,
    /// The per-system evidence records, by kind, in the order of the kinds; a kind the file does not give is absent.
    pub evidence: SystemEvidence,
    /// The per-system controls excluded for this system, keyed by catalogue ID.
    pub exclusions: BTreeMap<String, Exclusion>,
    /// Anything else; `None` when not given or blank.
    pub notes: Option<String>,
    /// The `id:` line of the system's file.
    pub location: Location,
}

/// An interested party of ISO/IEC 42001 clause 4.2: an item of organisation.yaml `interested_parties:`.
#[derive(Debug, Clone)]
pub struct InterestedParty {
    /// Who they are ("Loan applicants").
    pub name: String,
    /// What they need or expect from the organisation's AI; `None` when not given.
    pub needs: Option<String>,
}

/// The organisation as a whole (ISO/IEC 42001 clauses 4.1-4.3): organisation.yaml.
#[derive(Debug, Clone)]
pub struct Organisation {
    /// The organisation's name, as reports print it.
    pub name: String,
    /// What the organisation does; `None` when not given.
    pub description: Option<String>,
    /// The scope statement of the AI management system (clause 4.3).
    pub aims_scope: String,
    /// The ISO/IEC 22989 roles the organisation holds (clause 4.1): at least one, sorted, without duplicates.
    pub ai_roles: Vec<AiRole>,
    /// The organisation's operator roles under the EU AI Act, in file order; empty when none are given.
    pub eu_ai_act_roles: Vec<EuAiActRole>,
    /// The interested parties, in file order; empty when none are given.
    pub interested_parties: Vec<InterestedParty>,
    /// The units' names in full by unit path (`DHS` → `Department of Homeland Security`); empty when none are given.
    pub units: std::collections::BTreeMap<String, String>,
}

/// The longest a waiver may run, in months after the as-of date, and the default of aims.toml's
/// `[gate] waiver_max_months`. aims.toml may shorten it, never lengthen it: the workspace may not weaken the gate.
pub const WAIVER_MAX_MONTHS: u32 = 12;

/// The settings of aims.toml, each at its default when aims.toml or the key is absent.
#[derive(Debug, Clone)]
pub struct Settings {
    /// How long a review stays current, in months (`[evidence] review_interval_months`, 1 to 120, default 12):
    /// evidence whose `reviewed` date plus this lies before the as-of date is stale.
    pub review_interval_months: u32,
    /// How many months after the as-of date a waiver may expire at most (1 to [`WAIVER_MAX_MONTHS`]).
    pub waiver_max_months: u32,
    /// The title at the top of reports (`[report] title`); `None` for the default title.
    pub report_title: Option<String>,
    /// The front matter of the human deliverables (`[report]`: assessor, firm, client, version, history,
    /// confidentiality marking).
    pub report: ReportDocument,
    /// The CI gate from aims.toml `[gate]`; the command line's flags are its floor (`gate::combine`).
    pub gate: GatePolicy,
    /// Document control of the Statement of Applicability (`[soa]`).
    pub soa: SoaDocument,
    /// The date of the certification audit the organisation aims for (`[audit] target_date`); the remediation
    /// plan flags actions due after it. `None` when not given.
    pub target_audit_date: Option<Date>,
    /// The risk criteria (`[risk]`): rating scales, acceptance threshold and who may accept risks.
    pub risk: RiskCriteria,
}

/// Document control of the Statement of Applicability (ISO/IEC 42001 7.5.3): aims.toml `[soa]`. Each field is
/// `None` when not given; text is trimmed, and blank text counts as not given.
#[derive(Debug, Clone, Default, PartialEq, Serialize, schemars::JsonSchema)]
pub struct SoaDocument {
    /// The version of the Statement of Applicability, e.g. `1.0`.
    pub version: Option<String>,
    /// Who approved it.
    pub approved_by: Option<String>,
    /// When it was approved.
    pub approved_on: Option<Date>,
}

/// The front matter of the report, the Statement of Applicability and the plan: aims.toml `[report]`. Each text is
/// trimmed and `None` when not given or blank.
#[derive(Debug, Clone, Default, PartialEq, Serialize, schemars::JsonSchema)]
pub struct ReportDocument {
    /// Who carried out the assessment: "Jane Doe, Lead Auditor".
    pub assessor: Option<String>,
    /// The assessor's firm: "Northgate Assurance LLP".
    pub firm: Option<String>,
    /// Whom the report is for, when not the organisation itself (a parent company, a board committee).
    pub client: Option<String>,
    /// The report's version: "1.2".
    pub version: Option<String>,
    /// Earlier and current versions, oldest first, as aims.toml lists them.
    pub history: Vec<ReportVersion>,
    /// The confidentiality marking printed at the top of every document: "Confidential: Meridale Health Ltd only".
    pub confidentiality: Option<String>,
}

/// One entry of the report's version history (`[[report.history]]`).
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
pub struct ReportVersion {
    /// The version: "1.0".
    pub version: String,
    /// When it was issued.
    pub date: Date,
    /// What changed; `None` when not given.
    pub note: Option<String>,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            review_interval_months: 12,
            waiver_max_months: WAIVER_MAX_MONTHS,
            report_title: None,
            report: ReportDocument::default(),
            gate: GatePolicy::default(),
            soa: SoaDocument::default(),
            target_audit_date: None,
            risk: RiskCriteria::default(),
        }
    }
}

/// When a run fails: thresholds and statuses, over a selection of requirements.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct GatePolicy {
    /// Fail when the score over the selected requirements is below this percentage (0 to 100); `None` sets no
    /// threshold.
    pub fail_under: Option<f64>,
    /// Fail when a selected requirement has one of these statuses (and is not waived); empty fails on none.
    pub fail_on: Vec<Status>,
    /// Requirement selectors (`A.6`, `9.2`, `clauses`, `controls`); empty means all.
    pub select: Vec<String>,
    /// Selectors taken out of the selection; empty takes none out.
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

/// An accepted gap: a requirement (optionally for one AI system) that may stay unmet until `expires`. An aims.toml
/// `[[waiver]]`. A waiver never meets a requirement: the status stays, and the gate lets it pass.
#[derive(Debug, Clone)]
pub struct Waiver {
    /// Catalogue ID (an Annex B reference resolved to its Annex A control).
    pub requirement: String,
    /// For a per-system control, the ID of the one AI system the waiver covers (an existing system); `None` waives
    /// the requirement as a whole.
    pub system: Option<String>,
    /// Why the gap is accepted; trimmed, never blank.
    pub reason: String,
    /// Who accepted it; trimmed, never blank.
    pub owner: String,
    /// The last day the waiver holds, at most [`Settings::waiver_max_months`] after the as-of date.
    pub expires: Date,
    /// The `requirement` line of the `[[waiver]]` in aims.toml.
    pub location: Location,
}

/// A whole, validated workspace.
#[derive(Debug, Clone)]
pub struct Workspace {
    /// aims.toml, or the defaults.
    pub settings: Settings,
    /// organisation.yaml.
    pub organisation: Organisation,
    /// The AI system inventory (systems/), sorted by ID in natural order ([`crate::ids::natural_cmp`]); IDs are unique.
    pub systems: Vec<System>,
    /// The assessment entries of every assessment file, keyed by catalogue ID; at most one per requirement. A
    /// requirement without an entry is not assessed.
    pub entries: BTreeMap<String, Entry>,
    /// The waivers, in aims.toml order.
    pub waivers: Vec<Waiver>,
    /// The AI risk register and the systems' impact assessments; empty when the workspace keeps none.
    pub risk: RiskRecords,
}

impl Workspace {
    /// The AI system with this ID (a binary search: `systems` is sorted by ID).
    pub fn system(&self, id: &str) -> Option<&System> {
        self.systems.binary_search_by(|s| crate::ids::natural_cmp(&s.id, id)).ok().map(|k| &self.systems[k])
    }
}
