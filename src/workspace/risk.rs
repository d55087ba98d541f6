//! The validated AI risk records: the organisation's risk criteria (aims.toml `[risk]`, ISO/IEC 42001 6.1.1), its
//! AI risk register (`risks.yaml`, `risks/*.yaml`; 6.1.2, 6.1.3, 8.2, 8.3) and the impact assessment of each AI
//! system (`impact-assessments/*.yaml`; 6.1.4, 8.4, A.5), structured along the topics ISO/IEC 42005 guides.
//! docs/risk.md explains the chain from a risk to the Statement of Applicability.

use serde::{Deserialize, Serialize};

use super::Location;
use crate::date::Date;

/// The organisation's criteria for judging AI risks (aims.toml `[risk]`): two rating scales, the level up to which
/// a risk is acceptable without treatment, and who may accept a risk that stays above it.
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
pub struct RiskCriteria {
    /// The names of the likelihood levels, lowest first: level 1 is the first name. 2 to 10 levels.
    pub likelihood: Vec<String>,
    /// The names of the consequence (severity) levels, lowest first. 2 to 10 levels.
    pub consequence: Vec<String>,
    /// The highest rating (likelihood level × consequence level) that is acceptable without treatment; a rating
    /// above it needs treatment or a recorded acceptance. 1 to the product of the scales' sizes.
    pub accept_up_to: u32,
    /// The people or roles who may accept a risk rated above `accept_up_to`, as written in aims.toml; empty when
    /// nobody is named (then no acceptance is valid).
    pub acceptors: Vec<String>,
    /// How long a risk's or an impact assessment's review stays current, in months (1 to 120).
    pub review_interval_months: u32,
}

impl Default for RiskCriteria {
    fn default() -> Self {
        let names = |n: &[&str]| n.iter().map(|s| s.to_string()).collect();
        RiskCriteria {
            likelihood: names(&["rare", "unlikely", "possible", "likely", "almost certain"]),
            consequence: names(&["negligible", "minor", "moderate", "major", "severe"]),
            accept_up_to: 6,
            acceptors: Vec::new(),
            review_interval_months: 12,
        }
    }
}

impl RiskCriteria {
    /// Whether a rating is above the acceptance threshold.
    pub fn above_threshold(&self, rating: Rating) -> bool {
        rating.score() > self.accept_up_to
    }

    /// Whether `who` is one of the acceptors (compared trimmed and without regard to letter case).
    pub fn may_accept(&self, who: &str) -> bool {
        let who = who.trim().to_lowercase();
        self.acceptors.iter().any(|a| a.trim().to_lowercase() == who)
    }
}

/// A rating on the organisation's scales: 1-based levels of likelihood and consequence, each within its scale.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub struct Rating {
    /// The likelihood level, 1 to the size of the likelihood scale.
    pub likelihood: u32,
    /// The consequence level, 1 to the size of the consequence scale.
    pub consequence: u32,
}

impl Rating {
    /// The rating as one number: likelihood × consequence.
    pub fn score(self) -> u32 {
        self.likelihood * self.consequence
    }
}

/// Where an AI risk comes from, in the terms of the risk sources ISO/IEC 42001 Annex C.3 lists (`snake_case`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum RiskSource {
    /// The setting the system works in is complex or changing (`environment_complexity`).
    EnvironmentComplexity,
    /// People cannot see or understand how the system reaches its outputs (`transparency`).
    Transparency,
    /// The system acts with little or no human involvement (`automation`).
    Automation,
    /// Issues of machine learning: data quality, bias, drift, the learning process (`machine_learning`).
    MachineLearning,
    /// Issues of the hardware the system runs on (`hardware`).
    Hardware,
    /// Issues in the system's life cycle: design, deployment, change, retirement (`life_cycle`).
    LifeCycle,
    /// The technology is new or immature (`technology_readiness`).
    TechnologyReadiness,
    /// Another source, described in the risk's `description` (`other`).
    Other,
}

impl RiskSource {
    /// The source in words, as documents print it: `machine learning`, `technology readiness`.
    pub fn label(self) -> &'static str {
        match self {
            RiskSource::EnvironmentComplexity => "environment complexity",
            RiskSource::Transparency => "transparency",
            RiskSource::Automation => "automation",
            RiskSource::MachineLearning => "machine learning",
            RiskSource::Hardware => "hardware",
            RiskSource::LifeCycle => "life cycle",
            RiskSource::TechnologyReadiness => "technology readiness",
            RiskSource::Other => "other",
        }
    }
}

/// How a risk is treated (ISO/IEC 42001 6.1.3; `snake_case`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum TreatmentOption {
    /// Change the likelihood or the consequence with controls (`modify`).
    Modify,
    /// Stop the activity that gives rise to the risk (`avoid`).
    Avoid,
    /// Share the risk with another party, e.g. by contract or insurance (`share`).
    Share,
    /// Keep the risk as it is, by an informed decision (`retain`).
    Retain,
}

impl TreatmentOption {
    /// Every option, in the order documents list them.
    pub const ALL: [TreatmentOption; 4] =
        [TreatmentOption::Modify, TreatmentOption::Avoid, TreatmentOption::Share, TreatmentOption::Retain];

    /// The option in words, as documents print it: `Modify`, `Retain`.
    pub const fn label(self) -> &'static str {
        match self {
            TreatmentOption::Modify => "Modify",
            TreatmentOption::Avoid => "Avoid",
            TreatmentOption::Share => "Share",
            TreatmentOption::Retain => "Retain",
        }
    }
}

/// One action that carries out a risk treatment.
#[derive(Debug, Clone, PartialEq)]
pub struct TreatmentAction {
    /// What will be done; trimmed, never blank.
    pub description: String,
    /// Who will do it.
    pub owner: Option<String>,
    /// When it is due.
    pub due: Option<Date>,
    /// When it was completed; `None` while it is open.
    pub done: Option<Date>,
    /// The action in its file.
    pub location: Location,
}

/// A recorded decision by a named person, with its date: the acceptance of a risk, or the approval of an impact
/// assessment.
#[derive(Debug, Clone, PartialEq)]
pub struct Decision {
    /// Who decided; trimmed, never blank. For a risk acceptance, one of [`RiskCriteria::acceptors`].
    pub by: String,
    /// When.
    pub on: Date,
    /// The decision in its file.
    pub location: Location,
}

/// One risk of the AI risk register.
#[derive(Debug, Clone, PartialEq)]
pub struct Risk {
    /// Its unique ID, e.g. `R-3`.
    pub id: String,
    /// A short title; trimmed, never blank.
    pub title: String,
    /// What could happen, and why.
    pub description: Option<String>,
    /// Where the risk comes from.
    pub source: Option<RiskSource>,
    /// The individuals, groups or parts of society it would affect.
    pub affected: Vec<String>,
    /// The IDs of the AI systems it concerns (existing systems), in file order; empty for an organisation-wide risk.
    pub systems: Vec<String>,
    /// Who owns the risk.
    pub owner: Option<String>,
    /// The rating before treatment.
    pub inherent: Option<Rating>,
    /// The treatment option chosen.
    pub treatment: Option<TreatmentOption>,
    /// The Annex A controls the treatment chooses (catalogue IDs), in file order.
    pub controls: Vec<String>,
    /// Other controls the treatment chooses, by name.
    pub other_controls: Vec<String>,
    /// The actions that carry out the treatment.
    pub actions: Vec<TreatmentAction>,
    /// The rating expected once the treatment is in place.
    pub residual: Option<Rating>,
    /// The acceptance of the risk that remains, by someone allowed to accept it.
    pub acceptance: Option<Decision>,
    /// When the risk was last reviewed.
    pub reviewed: Option<Date>,
    /// The risk's `id` line.
    pub location: Location,
}

/// An area of impact an AI system impact assessment considers (`snake_case`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum ImpactArea {
    /// Fundamental rights: dignity, non-discrimination, freedom of expression, access to remedies
    /// (`fundamental_rights`).
    FundamentalRights,
    /// Fairness and discrimination between individuals and groups (`fairness`).
    Fairness,
    /// Privacy and the protection of personal data (`privacy`).
    Privacy,
    /// Physical and psychological safety (`safety`).
    Safety,
    /// Economic effects: jobs, access to credit or services, financial loss (`economic`).
    Economic,
    /// The environment: energy, resources, emissions (`environment`).
    Environment,
    /// Society at large: democratic processes, trust, social cohesion (`societal`).
    Societal,
}

impl ImpactArea {
    /// Every area, in the order reports list them.
    pub const ALL: [ImpactArea; 7] = [
        ImpactArea::FundamentalRights,
        ImpactArea::Fairness,
        ImpactArea::Privacy,
        ImpactArea::Safety,
        ImpactArea::Economic,
        ImpactArea::Environment,
        ImpactArea::Societal,
    ];

    /// The areas concerning individuals and groups (A.5.4).
    pub const INDIVIDUALS: [ImpactArea; 4] =
        [ImpactArea::FundamentalRights, ImpactArea::Fairness, ImpactArea::Privacy, ImpactArea::Safety];

    /// The areas concerning society (A.5.5).
    pub const SOCIETY: [ImpactArea; 3] = [ImpactArea::Economic, ImpactArea::Environment, ImpactArea::Societal];

    /// The area in words, as an adjective before "impacts" ("fundamental rights", "environmental"): what reports and
    /// messages show, never the YAML value.
    pub fn label(self) -> &'static str {
        match self {
            ImpactArea::FundamentalRights => "fundamental rights",
            ImpactArea::Fairness => "fairness",
            ImpactArea::Privacy => "privacy",
            ImpactArea::Safety => "safety",
            ImpactArea::Economic => "economic",
            ImpactArea::Environment => "environmental",
            ImpactArea::Societal => "societal",
        }
    }

    /// The area as YAML and JSON write it.
    pub fn as_str(self) -> &'static str {
        match self {
            ImpactArea::FundamentalRights => "fundamental_rights",
            ImpactArea::Fairness => "fairness",
            ImpactArea::Privacy => "privacy",
            ImpactArea::Safety => "safety",
            ImpactArea::Economic => "economic",
            ImpactArea::Environment => "environment",
            ImpactArea::Societal => "societal",
        }
    }
}

/// What an impact assessment found for one area.
#[derive(Debug, Clone, PartialEq)]
pub struct AreaImpact {
    /// The area.
    pub area: ImpactArea,
    /// The impact in words (or why the area is not affected); trimmed, never blank.
    pub impact: String,
    /// How likely the impact is, on the likelihood scale; `None` when not rated.
    pub likelihood: Option<u32>,
    /// How severe it would be, on the consequence scale; `None` when not rated.
    pub severity: Option<u32>,
    /// What is done to prevent or reduce it.
    pub measures: Option<String>,
    /// The area's entry in its file.
    pub location: Location,
}

/// Who an AI system affects, as its impact assessment names them.
#[derive(Debug, Clone, Default, PartialEq, Serialize, schemars::JsonSchema)]
pub struct Affected {
    /// Individuals, e.g. "loan applicants".
    pub individuals: Vec<String>,
    /// Groups of individuals, e.g. "applicants over 60".
    pub groups: Vec<String>,
    /// Parts of society, e.g. "the local credit market".
    pub society: Vec<String>,
}

/// The impact assessment of one AI system (ISO/IEC 42001 6.1.4, 8.4, A.5), along the topics of ISO/IEC 42005.
#[derive(Debug, Clone, PartialEq)]
pub struct ImpactAssessment {
    /// The ID of the AI system assessed (an existing system; at most one assessment per system).
    pub system: String,
    /// What the assessment covers and the context the system works in; trimmed, never blank.
    pub scope: String,
    /// The intended use.
    pub intended_use: Option<String>,
    /// Reasonably foreseeable misuse.
    pub foreseeable_misuse: Option<String>,
    /// Who the system affects.
    pub affected: Affected,
    /// The areas considered, in file order; each area at most once.
    pub areas: Vec<AreaImpact>,
    /// Who was consulted, and how.
    pub consultation: Option<String>,
    /// The conclusions of the assessment.
    pub results: Option<String>,
    /// Its approval.
    pub approval: Option<Decision>,
    /// When it was last reviewed.
    pub reviewed: Option<Date>,
    /// The `system` line of its file.
    pub location: Location,
}

impl ImpactAssessment {
    /// Whether the assessment considers fundamental rights, so that it can serve as input to the EU AI Act Art. 27
    /// fundamental-rights impact assessment.
    pub fn covers_fundamental_rights(&self) -> bool {
        self.areas.iter().any(|a| a.area == ImpactArea::FundamentalRights)
    }
}

/// The risk register and the impact assessments of a workspace; both empty when it keeps none.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct RiskRecords {
    /// The risks of `risks.yaml` and `risks/*.yaml`, in file order; IDs are unique.
    pub risks: Vec<Risk>,
    /// The impact assessments of `impact-assessments/*.yaml`, by system ID.
    pub impact_assessments: Vec<ImpactAssessment>,
}

impl RiskRecords {
    /// The impact assessment of system `id`, if it has one.
    pub fn impact_assessment(&self, id: &str) -> Option<&ImpactAssessment> {
        self.impact_assessments.iter().find(|a| a.system == id)
    }
}
