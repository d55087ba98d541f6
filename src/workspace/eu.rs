//! The EU AI Act part of a validated system file (`eu_ai_act:`): the organisation's roles, the system's
//! classifications, its context and the facts its obligations need. Re-exported from [`crate::workspace`].

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::EuAiActRole;

/// An AI system's classification under the EU AI Act (Regulation (EU) 2024/1689 as amended by Regulation (EU)
/// 2026/1744): a system file's `eu_ai_act:`. A system can carry several roles and several classifications at once (a
/// credit-scoring model the organisation builds and uses is provider and deployer; a high-risk chatbot is also an
/// Art. 50(1) case). ISO/IEC 42001 is not a harmonised standard under the Act; aims records the classification to
/// list the obligations it triggers and the ISO/IEC 42001 requirements that help with them, not to claim conformity.
#[derive(Debug, Clone, Default)]
pub struct EuAiAct {
    /// The organisation's operator roles for this system, sorted, without duplicates; never empty.
    pub roles: Vec<EuAiActRole>,
    /// The system's classifications, sorted, without duplicates; never empty (`minimal` when nothing else applies).
    pub classifications: Vec<EuClassification>,
    /// The Annex III areas, as free text in file order (`5(b): creditworthiness assessment`); empty when none.
    pub annex_iii_areas: Vec<String>,
    /// For the Annex I route, the Union product law (`Medical devices, Regulation (EU) 2017/745`); `None` when not
    /// given.
    pub annex_i_product: Option<String>,
    /// What the organisation's use of the system adds (public body, workplace use, ...), sorted, without duplicates.
    pub context: Vec<EuContext>,
    /// The facts recorded for the obligations, by kind; text trimmed, blank text is absent.
    pub facts: BTreeMap<EuFact, String>,
    /// Whether the file still used the single-value shape (`role`, `risk_tier`, `annex_iii_area`), read as
    /// documented in docs/eu-ai-act.md.
    pub legacy: bool,
}

impl EuAiAct {
    /// Whether the system has this classification.
    pub fn has(&self, classification: EuClassification) -> bool {
        self.classifications.contains(&classification)
    }

    /// Whether the organisation holds this role for the system.
    pub fn holds(&self, role: EuAiActRole) -> bool {
        self.roles.contains(&role)
    }

    /// Whether the system is high-risk: on the Annex I route, or in an Annex III area without the Art. 6(3)
    /// derogation.
    pub fn is_high_risk(&self) -> bool {
        self.has(EuClassification::AnnexI)
            || (self.has(EuClassification::AnnexIii) && !self.has(EuClassification::Art6_3Derogation))
    }

    /// Whether the system is a prohibited practice (either kind).
    pub fn is_prohibited(&self) -> bool {
        self.has(EuClassification::Prohibited) || self.has(EuClassification::ProhibitedIntimateImagery)
    }

    /// Whether the system is one of the Art. 50 cases.
    pub fn is_art_50(&self) -> bool {
        self.classifications.iter().any(|c| c.is_art_50())
    }
}

/// One classification of an AI system under the EU AI Act: an item of a system file's `eu_ai_act.classifications`,
/// written in `snake_case`. aims records the organisation's classification; it does not classify the system.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum EuClassification {
    /// A prohibited practice of Art. 5(1)(a)-(h), banned since 2025-02-02 (`prohibited`).
    Prohibited,
    /// AI that generates non-consensual intimate imagery or child sexual abuse material: the Art. 5 prohibition added
    /// by Regulation (EU) 2026/1744, applying from 2026-12-02 (`prohibited_intimate_imagery`).
    ProhibitedIntimateImagery,
    /// High-risk by Art. 6(1): a safety component of, or itself, a product under the Union law of Annex I
    /// (`annex_i`).
    AnnexI,
    /// High-risk by Art. 6(2): a use case in one or more Annex III areas, listed in `annex_iii_areas` (`annex_iii`).
    AnnexIii,
    /// In an Annex III area, but not high-risk under the Art. 6(3) derogation; the reasoning goes in
    /// `derogation_reasoning` (`art_6_3_derogation`).
    #[serde(rename = "art_6_3_derogation")]
    Art6_3Derogation,
    /// Art. 50(1): a system that interacts with people, who must know they deal with an AI system (`art_50_1`).
    #[serde(rename = "art_50_1")]
    Art50_1,
    /// Art. 50(2): a system generating synthetic audio, image, video or text, to be marked machine-readably
    /// (`art_50_2`).
    #[serde(rename = "art_50_2")]
    Art50_2,
    /// Art. 50(3): emotion recognition or biometric categorisation; the people exposed must be informed
    /// (`art_50_3`).
    #[serde(rename = "art_50_3")]
    Art50_3,
    /// Art. 50(4): deep fakes, or AI-generated text published to inform the public, to be disclosed (`art_50_4`).
    #[serde(rename = "art_50_4")]
    Art50_4,
    /// A general-purpose AI model, Chapter V (`gpai_model`).
    GpaiModel,
    /// A general-purpose AI model with systemic risk, Art. 55 (`gpai_systemic_risk`).
    GpaiSystemicRisk,
    /// None of the others: no duties beyond those of every operator (`minimal`).
    Minimal,
}

impl EuClassification {
    /// Every classification, in the order of the enum.
    pub const ALL: [EuClassification; 12] = [
        EuClassification::Prohibited,
        EuClassification::ProhibitedIntimateImagery,
        EuClassification::AnnexI,
        EuClassification::AnnexIii,
        EuClassification::Art6_3Derogation,
        EuClassification::Art50_1,
        EuClassification::Art50_2,
        EuClassification::Art50_3,
        EuClassification::Art50_4,
        EuClassification::GpaiModel,
        EuClassification::GpaiSystemicRisk,
        EuClassification::Minimal,
    ];

    /// The classification as YAML and JSON write it: `annex_iii`, `art_50_1`.
    pub fn as_str(self) -> &'static str {
        match self {
            EuClassification::Prohibited => "prohibited",
            EuClassification::ProhibitedIntimateImagery => "prohibited_intimate_imagery",
            EuClassification::AnnexI => "annex_i",
            EuClassification::AnnexIii => "annex_iii",
            EuClassification::Art6_3Derogation => "art_6_3_derogation",
            EuClassification::Art50_1 => "art_50_1",
            EuClassification::Art50_2 => "art_50_2",
            EuClassification::Art50_3 => "art_50_3",
            EuClassification::Art50_4 => "art_50_4",
            EuClassification::GpaiModel => "gpai_model",
            EuClassification::GpaiSystemicRisk => "gpai_systemic_risk",
            EuClassification::Minimal => "minimal",
        }
    }

    /// The classification in words, as documents print it: `high-risk (Annex III)`, `Art. 50(1) interaction`.
    pub fn label(self) -> &'static str {
        match self {
            EuClassification::Prohibited => "prohibited practice (Art. 5)",
            EuClassification::ProhibitedIntimateImagery => "prohibited practice (Art. 5, from 2026-12-02)",
            EuClassification::AnnexI => "high-risk (Annex I)",
            EuClassification::AnnexIii => "high-risk (Annex III)",
            EuClassification::Art6_3Derogation => "Art. 6(3) derogation",
            EuClassification::Art50_1 => "Art. 50(1) interaction with people",
            EuClassification::Art50_2 => "Art. 50(2) synthetic content",
            EuClassification::Art50_3 => "Art. 50(3) emotion recognition or biometric categorisation",
            EuClassification::Art50_4 => "Art. 50(4) deep fake or public-interest text",
            EuClassification::GpaiModel => "general-purpose AI model",
            EuClassification::GpaiSystemicRisk => "general-purpose AI model with systemic risk",
            EuClassification::Minimal => "minimal risk",
        }
    }

    /// Whether it is one of the Art. 50 transparency cases.
    pub fn is_art_50(self) -> bool {
        matches!(
            self,
            EuClassification::Art50_1
                | EuClassification::Art50_2
                | EuClassification::Art50_3
                | EuClassification::Art50_4
        )
    }
}

/// What the organisation's use of an AI system adds to its obligations: an item of a system file's
/// `eu_ai_act.context`, written in `snake_case`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum EuContext {
    /// The deployer is a body governed by public law (Art. 26(8) registration, Art. 27 FRIA) (`public_body`).
    PublicBody,
    /// The deployer is a private entity providing public services (Art. 27 FRIA) (`public_service`).
    PublicService,
    /// The system is used at the workplace (Art. 26(7): inform workers and their representatives) (`workplace`).
    Workplace,
    /// The provider is established outside the EU (Art. 22 and Art. 54 authorised representative)
    /// (`provider_outside_eu`).
    ProviderOutsideEu,
    /// The system or model was on the market before the obligation's date, so a transition applies
    /// (`on_market_before`).
    OnMarketBefore,
}

impl EuContext {
    /// The context in words, for the client's documents: `placed on the market before the obligation's date`.
    pub fn label(self) -> &'static str {
        match self {
            EuContext::PublicBody => "deployed by a public body",
            EuContext::PublicService => "deployed to provide a public service",
            EuContext::Workplace => "used at the workplace",
            EuContext::ProviderOutsideEu => "provider established outside the EU",
            EuContext::OnMarketBefore => "placed on the market before the obligation's date (transition period)",
        }
    }
}

/// A fact about an AI system that an EU AI Act obligation needs recorded: a key of a system file's
/// `eu_ai_act.facts`, written in `snake_case`. The value is text: what was done, where the record is, its reference.
/// `human_oversight` is read from the system file's own `human_oversight:` field.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum EuFact {
    /// The human-oversight measures (the system file's `human_oversight:`; Art. 14, Art. 26(2)).
    HumanOversight,
    /// How long the automatically generated logs are kept (Art. 19, Art. 26(6): at least six months).
    LogRetention,
    /// The fundamental-rights impact assessment (Art. 27); an ISO/IEC 42005-style impact assessment covering
    /// fundamental rights also satisfies it.
    Fria,
    /// The EU database registration ID (Art. 49, Art. 26(8)).
    RegistrationId,
    /// The conformity assessment carried out (Art. 43).
    ConformityAssessment,
    /// The EU declaration of conformity (Art. 47).
    DeclarationOfConformity,
    /// The CE marking (Art. 48).
    CeMarking,
    /// The instructions for use (Art. 13, Art. 26(1)).
    InstructionsForUse,
    /// How documentation is kept for ten years (Art. 18).
    DocumentationRetention,
    /// The corrective-action and information procedure (Art. 20).
    CorrectiveAction,
    /// The contact point for competent authorities (Art. 21).
    AuthorityCooperation,
    /// The authorised representative's mandate (Art. 22, Art. 54).
    AuthorisedRepresentative,
    /// The post-market monitoring plan (Art. 72).
    PostMarketMonitoringPlan,
    /// The checks an importer or distributor makes on the provider's work (Art. 23, Art. 24).
    ProviderChecks,
    /// The Art. 50 disclosure or notice to people (Art. 50(1), 50(3), 50(4)).
    Disclosure,
    /// The machine-readable marking of synthetic content (Art. 50(2)).
    ContentMarking,
    /// How workers and their representatives were informed before use at the workplace (Art. 26(7)).
    WorkersInformed,
    /// How people subject to the system's decisions are informed, and how they get an explanation (Art. 26(11),
    /// Art. 86).
    AffectedPersonsInformed,
    /// The documented reasoning of the Art. 6(3) derogation.
    DerogationReasoning,
    /// The decision to stop supplying or using a prohibited system (Art. 5).
    Discontinued,
    /// The technical documentation and information for downstream providers of a general-purpose AI model (Art. 53).
    GpaiDocumentation,
    /// The copyright policy and the public summary of training content (Art. 53).
    CopyrightAndTrainingSummary,
    /// The evaluation, adversarial testing, incident and cybersecurity measures of a systemic-risk model (Art. 55).
    SystemicRiskMeasures,
}

impl EuFact {
    /// The fact in words, for the client's documents: `EU database registration`.
    pub fn label(self) -> &'static str {
        match self {
            EuFact::HumanOversight => "human oversight measures",
            EuFact::LogRetention => "log retention",
            EuFact::Fria => "fundamental-rights impact assessment",
            EuFact::RegistrationId => "EU database registration",
            EuFact::ConformityAssessment => "conformity assessment",
            EuFact::DeclarationOfConformity => "EU declaration of conformity",
            EuFact::CeMarking => "CE marking",
            EuFact::InstructionsForUse => "instructions for use",
            EuFact::DocumentationRetention => "ten-year documentation retention",
            EuFact::CorrectiveAction => "corrective-action procedure",
            EuFact::AuthorityCooperation => "contact point for authorities",
            EuFact::AuthorisedRepresentative => "authorised representative's mandate",
            EuFact::PostMarketMonitoringPlan => "post-market monitoring plan",
            EuFact::ProviderChecks => "checks on the provider's work",
            EuFact::Disclosure => "disclosure to people",
            EuFact::ContentMarking => "marking of synthetic content",
            EuFact::WorkersInformed => "workers informed",
            EuFact::AffectedPersonsInformed => "affected persons informed",
            EuFact::DerogationReasoning => "reasoning of the Art. 6(3) derogation",
            EuFact::Discontinued => "decision to stop supplying or using it",
            EuFact::GpaiDocumentation => "model documentation for downstream providers",
            EuFact::CopyrightAndTrainingSummary => "copyright policy and training-content summary",
            EuFact::SystemicRiskMeasures => "systemic-risk measures",
        }
    }

    /// The fact as a system file's `facts:` map writes it: `registration_id`.
    pub fn as_str(self) -> &'static str {
        match self {
            EuFact::HumanOversight => "human_oversight",
            EuFact::LogRetention => "log_retention",
            EuFact::Fria => "fria",
            EuFact::RegistrationId => "registration_id",
            EuFact::ConformityAssessment => "conformity_assessment",
            EuFact::DeclarationOfConformity => "declaration_of_conformity",
            EuFact::CeMarking => "ce_marking",
            EuFact::InstructionsForUse => "instructions_for_use",
            EuFact::DocumentationRetention => "documentation_retention",
            EuFact::CorrectiveAction => "corrective_action",
            EuFact::AuthorityCooperation => "authority_cooperation",
            EuFact::AuthorisedRepresentative => "authorised_representative",
            EuFact::PostMarketMonitoringPlan => "post_market_monitoring_plan",
            EuFact::ProviderChecks => "provider_checks",
            EuFact::Disclosure => "disclosure",
            EuFact::ContentMarking => "content_marking",
            EuFact::WorkersInformed => "workers_informed",
            EuFact::AffectedPersonsInformed => "affected_persons_informed",
            EuFact::DerogationReasoning => "derogation_reasoning",
            EuFact::Discontinued => "discontinued",
            EuFact::GpaiDocumentation => "gpai_documentation",
            EuFact::CopyrightAndTrainingSummary => "copyright_and_training_summary",
            EuFact::SystemicRiskMeasures => "systemic_risk_measures",
        }
    }
}
