//! The part of the OSCAL 1.2.1 model that aims writes, as plain serde structures. Field order is the key order of
//! the JSON; empty lists and absent values are left out, because OSCAL forbids empty arrays (every list it allows
//! holds at least one item).
//!
//! Only what the three documents need is here: the shared `metadata`, `props`, `links`, `parts` and `back-matter`,
//! and the assemblies of a catalog, of assessment results and of a plan of action and milestones. Names follow the
//! OSCAL JSON format (kebab-case keys).

use serde::Serialize;
use uuid::Uuid;

/// A document's `metadata`: its title, the time it was last changed, its version and the OSCAL version it follows.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "kebab-case")]
pub struct Metadata {
    /// The document's title (one line of Markdown).
    pub title: String,
    /// When the document's content last changed: for aims, midnight UTC of the as-of date (or, for the catalog, of
    /// the catalogue's release month), never the clock.
    pub last_modified: String,
    /// The document's own version.
    pub version: String,
    /// The OSCAL version the document follows, [`super::OSCAL_VERSION`].
    pub oscal_version: &'static str,
    /// Properties of the document as a whole.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub props: Vec<Property>,
    /// Links from the document as a whole.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub links: Vec<Link>,
    /// The organisations the document names (the assessed organisation).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub parties: Vec<Party>,
    /// Notes on the document (Markdown).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub remarks: Option<String>,
}

/// A party: for aims, the organisation whose management system is assessed.
#[derive(Debug, Clone, Serialize)]
pub struct Party {
    /// Derived from the organisation's name.
    pub uuid: Uuid,
    /// Always `organization`.
    #[serde(rename = "type")]
    pub kind: &'static str,
    /// The organisation's name, as one line.
    pub name: String,
}

/// A name-value pair: OSCAL's own names (`label`, `sort-id`, `method`, `asset-id`) without `ns`, aims's names with
/// `ns` [`super::NS`].
#[derive(Debug, Clone, Serialize)]
pub struct Property {
    /// A token.
    pub name: &'static str,
    /// The namespace of an aims property; absent for OSCAL's own names.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ns: Option<&'static str>,
    /// One line without leading or trailing white space, never empty.
    pub value: String,
}

/// A link, to a back-matter resource (`#UUID`) or to another document.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "kebab-case")]
pub struct Link {
    /// A URI reference.
    pub href: String,
    /// What the link is to (`reference`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rel: Option<&'static str>,
    /// The link's text (one line of Markdown).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
}

/// A part of a group or control: prose, possibly with parts of its own.
#[derive(Debug, Clone, Serialize)]
pub struct Part {
    /// A token unique in the catalog: the control's ID and a suffix (`iso42001-4.1_ovw`).
    pub id: String,
    /// What kind of part it is (`overview`, `assessment-method`, `assessment-objects`, `guidance`).
    pub name: &'static str,
    /// A heading for the part.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// Its properties (`method` for an assessment method).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub props: Vec<Property>,
    /// Its text (Markdown).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub prose: Option<String>,
    /// Its own parts.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub parts: Vec<Part>,
}

/// A document's `back-matter`: the resources its `#UUID` links point at.
#[derive(Debug, Clone, Serialize)]
pub struct BackMatter {
    /// Never empty when written.
    pub resources: Vec<Resource>,
}

/// A resource of the back matter: a document referred to, with where to find it.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "kebab-case")]
pub struct Resource {
    /// Derived from what the resource is (a file path, a URL, a register ID, the standard).
    pub uuid: Uuid,
    /// Its name (one line of Markdown).
    pub title: String,
    /// What it is (Markdown).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Its properties.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub props: Vec<Property>,
    /// Its IDs in a document register.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub document_ids: Vec<DocumentId>,
    /// How a person would cite it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub citation: Option<Citation>,
    /// Where it is: a workspace-relative path or a URL.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub rlinks: Vec<Rlink>,
    /// Notes (Markdown).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub remarks: Option<String>,
}

/// A resource's citation.
#[derive(Debug, Clone, Serialize)]
pub struct Citation {
    /// The citation (Markdown).
    pub text: String,
}

/// A resource's ID in a document register.
#[derive(Debug, Clone, Serialize)]
pub struct DocumentId {
    /// The ID, one line.
    pub identifier: String,
}

/// Where a resource is.
#[derive(Debug, Clone, Serialize)]
pub struct Rlink {
    /// A URI reference: a percent-encoded workspace-relative path, or a URL.
    pub href: String,
}

// ----- catalog -------------------------------------------------------------------------------------------------------

/// The top level of a catalog document: `{"catalog": …}`.
#[derive(Debug, Clone, Serialize)]
pub struct CatalogDocument {
    /// The catalog.
    pub catalog: Catalog,
}

/// An OSCAL catalog.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "kebab-case")]
pub struct Catalog {
    /// The same for every version of aims's catalogue.
    pub uuid: Uuid,
    /// Title, version (the catalogue's), last-modified (its release month).
    pub metadata: Metadata,
    /// The clauses 4-10, then the Annex A objectives.
    pub groups: Vec<Group>,
    /// The standard itself, which every control links to.
    pub back_matter: BackMatter,
}

/// A group of controls: a clause or an Annex A objective.
#[derive(Debug, Clone, Serialize)]
pub struct Group {
    /// `iso42001-4`, `iso42001-a.6`.
    pub id: String,
    /// `clause` or `objective`.
    pub class: &'static str,
    /// The standard's title.
    pub title: String,
    /// `label`.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub props: Vec<Property>,
    /// aims's summary of the group.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub parts: Vec<Part>,
    /// Its requirements.
    pub controls: Vec<Control>,
}

/// A control: one assessable requirement.
#[derive(Debug, Clone, Serialize)]
pub struct Control {
    /// `iso42001-4.1`, `iso42001-a.6.2.4`.
    pub id: String,
    /// `clause` or `control`.
    pub class: &'static str,
    /// The title as it reads on its own.
    pub title: String,
    /// `label`, `sort-id` and aims's properties (scope, effort, roles, …).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub props: Vec<Property>,
    /// The standard, in the back matter.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub links: Vec<Link>,
    /// Summary, evidence expected, questions, related standards.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub parts: Vec<Part>,
}

// ----- assessment results and POA&M ----------------------------------------------------------------------------------

/// The top level of an assessment-results document.
#[derive(Debug, Clone, Serialize)]
pub struct AssessmentResultsDocument {
    /// The assessment results.
    #[serde(rename = "assessment-results")]
    pub assessment_results: AssessmentResults,
}

/// OSCAL assessment results: one result, the assessment as of one date.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "kebab-case")]
pub struct AssessmentResults {
    /// Derived from the organisation's name: the same for every assessment of it.
    pub uuid: Uuid,
    /// Title, as-of date, the organisation.
    pub metadata: Metadata,
    /// The assessment plan: a back-matter resource describing aims's method (there is no separate plan document).
    pub import_ap: ImportAp,
    /// One result.
    pub results: Vec<AssessmentResult>,
    /// The method, the catalog and every evidence document.
    pub back_matter: BackMatter,
}

/// A reference to the assessment plan.
#[derive(Debug, Clone, Serialize)]
pub struct ImportAp {
    /// `#UUID` of a back-matter resource.
    pub href: String,
}

/// One set of results: what the assessment found as of its date.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "kebab-case")]
pub struct AssessmentResult {
    /// Derived from the document's UUID and the as-of date.
    pub uuid: Uuid,
    /// The report's title.
    pub title: String,
    /// The organisation, the score and the counts in one paragraph.
    pub description: String,
    /// Midnight UTC of the as-of date.
    pub start: String,
    /// Score, gate, catalogue version.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub props: Vec<Property>,
    /// The AI systems, as inventory items the observations name as subjects.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub local_definitions: Option<LocalDefinitions>,
    /// Every requirement of the catalogue.
    pub reviewed_controls: ReviewedControls,
    /// What the workspace shows: per requirement, per AI system, per rule that fired.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub observations: Vec<Observation>,
    /// The risks of the organisation's AI risk register, with their ratings and treatment.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub risks: Vec<Risk>,
    /// The conclusion per requirement and per AI system a per-system requirement is due for.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub findings: Vec<Finding>,
    /// The gate's verdict in words.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub remarks: Option<String>,
}

/// The result's local definitions.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "kebab-case")]
pub struct LocalDefinitions {
    /// The AI systems of the workspace.
    pub inventory_items: Vec<InventoryItem>,
}

/// An AI system of the workspace.
#[derive(Debug, Clone, Serialize)]
pub struct InventoryItem {
    /// Derived from the system's ID.
    pub uuid: Uuid,
    /// The system's name.
    pub description: String,
    /// `asset-id` and aims's properties (role, life-cycle stage, in scope, owner, score).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub props: Vec<Property>,
}

/// The controls an assessment reviewed.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "kebab-case")]
pub struct ReviewedControls {
    /// One selection listing every requirement.
    pub control_selections: Vec<ControlSelection>,
}

/// A selection of controls by ID.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "kebab-case")]
pub struct ControlSelection {
    /// Every requirement of the catalogue, in catalogue order.
    pub include_controls: Vec<SelectControl>,
}

/// One control by ID.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "kebab-case")]
pub struct SelectControl {
    /// The control's ID in aims's catalog.
    pub control_id: String,
}

/// Something the workspace shows, or fails to show.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "kebab-case")]
pub struct Observation {
    /// Derived from the requirement, the system and the rule.
    pub uuid: Uuid,
    /// One line.
    pub title: String,
    /// What was observed (Markdown).
    pub description: String,
    /// aims's properties (requirement, status, rule code, severity, …).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub props: Vec<Property>,
    /// `EXAMINE`: aims reads records and files.
    pub methods: Vec<&'static str>,
    /// `control-objective` for a requirement's or system's record, `finding` for a rule that fired.
    pub types: Vec<&'static str>,
    /// The AI system it is about.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub subjects: Vec<Subject>,
    /// The evidence records it rests on.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub relevant_evidence: Vec<RelevantEvidence>,
    /// Midnight UTC of the as-of date.
    pub collected: String,
    /// The next step (Markdown), for a rule that fired.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub remarks: Option<String>,
}

/// The subject of an observation: an inventory item.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "kebab-case")]
pub struct Subject {
    /// The inventory item's UUID.
    pub subject_uuid: Uuid,
    /// `inventory-item`.
    #[serde(rename = "type")]
    pub kind: &'static str,
    /// The system's ID.
    pub title: String,
}

/// One evidence record an observation rests on.
#[derive(Debug, Clone, Serialize)]
pub struct RelevantEvidence {
    /// `#UUID` of the document's back-matter resource; absent when the record names no document.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub href: Option<String>,
    /// The document's name and what it is worth.
    pub description: String,
    /// `reviewed`, `effective`, `verdict`, `evidence-status`, `external`.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub props: Vec<Property>,
    /// The record's own description (Markdown).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub remarks: Option<String>,
}

/// A conclusion about one requirement (or one AI system's part of it).
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "kebab-case")]
pub struct Finding {
    /// Derived from the requirement (and the system).
    pub uuid: Uuid,
    /// One line.
    pub title: String,
    /// The gap in words, or that it is met.
    pub description: String,
    /// aims's properties (requirement, status, score, waived, system).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub props: Vec<Property>,
    /// The control, and whether it is satisfied.
    pub target: FindingTarget,
    /// The observations behind it.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub related_observations: Vec<RelatedObservation>,
    /// The risks of the AI risk register behind it: those whose treatment chooses the control, and those the
    /// requirement's findings are about.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub related_risks: Vec<RelatedRisk>,
    /// Justification and waivers (Markdown).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub remarks: Option<String>,
}

/// The objective a finding is about.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "kebab-case")]
pub struct FindingTarget {
    /// `objective-id`: the target is a control of aims's catalog, by ID.
    #[serde(rename = "type")]
    pub kind: &'static str,
    /// The control's ID.
    pub target_id: String,
    /// Satisfied or not.
    pub status: ObjectiveStatus,
    /// How far it is implemented, where aims's status says so.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub implementation_status: Option<ImplementationStatus>,
}

/// Whether an objective is satisfied.
#[derive(Debug, Clone, Serialize)]
pub struct ObjectiveStatus {
    /// `satisfied` or `not-satisfied`.
    pub state: &'static str,
    /// `pass`, `fail` or `other`.
    pub reason: &'static str,
    /// aims's status in words.
    pub remarks: String,
}

/// How far a control is implemented.
#[derive(Debug, Clone, Serialize)]
pub struct ImplementationStatus {
    /// `implemented`, `partial`, `planned` or `not-applicable`.
    pub state: &'static str,
}

/// A reference to an observation.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "kebab-case")]
pub struct RelatedObservation {
    /// The observation's UUID.
    pub observation_uuid: Uuid,
}

/// The top level of a POA&M document.
#[derive(Debug, Clone, Serialize)]
pub struct PoamDocument {
    /// The plan of action and milestones.
    #[serde(rename = "plan-of-action-and-milestones")]
    pub plan_of_action_and_milestones: Poam,
}

/// An OSCAL plan of action and milestones: the remediation plan.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "kebab-case")]
pub struct Poam {
    /// Derived from the organisation's name.
    pub uuid: Uuid,
    /// Title, as-of date, the organisation, the target audit date.
    pub metadata: Metadata,
    /// One risk per action: the gap it closes, with the action as its remediation.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub risks: Vec<Risk>,
    /// One item per action, in rank order.
    pub poam_items: Vec<PoamItem>,
}

/// A risk: in the POA&M, the gap one action of the plan closes, or a risk of the AI risk register; in the
/// assessment results, a risk of the register.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "kebab-case")]
pub struct Risk {
    /// Derived from the action's ID, or from the register risk's ID.
    pub uuid: Uuid,
    /// One line.
    pub title: String,
    /// The shortfalls (a plan action), or what could happen (a register risk) (Markdown).
    pub description: String,
    /// What stays unmet until the action is done, or the risk's ratings and treatment in a sentence.
    pub statement: String,
    /// aims's properties (phase, priority, effort, status; a register risk's ID, source, owner, controls, …).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub props: Vec<Property>,
    /// `open`, `remediating`, `deviation-approved` or `closed` (docs/oscal.md says when).
    pub status: &'static str,
    /// A register risk's inherent and residual ratings on the organisation's scales.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub characterizations: Vec<Characterization>,
    /// The action's due date (a register risk: its last open treatment action's), midnight UTC.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub deadline: Option<String>,
    /// The action, or a register risk's treatment actions; absent when a register risk has none.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub remediations: Vec<Response>,
    /// A register risk's recorded acceptance.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub risk_log: Option<RiskLog>,
    /// The observations about the risk: the findings of aims's checks on it, and the observations of the
    /// requirements whose controls its treatment chooses (assessment results only).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub related_observations: Vec<RelatedObservation>,
}

/// A set of ratings of a risk by one origin: for aims, the inherent or the residual rating the organisation
/// recorded in its register.
#[derive(Debug, Clone, Serialize)]
pub struct Characterization {
    /// `rating`: `inherent` or `residual`.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub props: Vec<Property>,
    /// Who rated it: the organisation.
    pub origin: Origin,
    /// `likelihood`, `impact` and `risk`, never empty.
    pub facets: Vec<Facet>,
}

/// Who produced a characterization.
#[derive(Debug, Clone, Serialize)]
pub struct Origin {
    /// Never empty.
    pub actors: Vec<OriginActor>,
}

/// One actor of an origin.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "kebab-case")]
pub struct OriginActor {
    /// `party`.
    #[serde(rename = "type")]
    pub kind: &'static str,
    /// The party's UUID (the organisation in the metadata).
    pub actor_uuid: Uuid,
}

/// One measure of a risk under a naming system.
#[derive(Debug, Clone, Serialize)]
pub struct Facet {
    /// `likelihood`, `impact` or `risk`.
    pub name: &'static str,
    /// The naming system: aims's [`super::NS`], since the scales are the organisation's own.
    pub system: &'static str,
    /// The level's name on the organisation's scale, or the score.
    pub value: String,
    /// `level` and `levels` (the level's number and the scale's size), or `accept-up-to` and `above-threshold`.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub props: Vec<Property>,
}

/// A risk's log.
#[derive(Debug, Clone, Serialize)]
pub struct RiskLog {
    /// Never empty.
    pub entries: Vec<RiskLogEntry>,
}

/// One event in a risk's life: for aims, its acceptance.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "kebab-case")]
pub struct RiskLogEntry {
    /// Derived from the risk's ID.
    pub uuid: Uuid,
    /// One line.
    pub title: String,
    /// Midnight UTC of the day it happened.
    pub start: String,
    /// aims's properties (`accepted-by`, `location`).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub props: Vec<Property>,
    /// The status the event set.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status_change: Option<&'static str>,
}

/// The response to a risk: the plan's action, or a treatment action of the register.
#[derive(Debug, Clone, Serialize)]
pub struct Response {
    /// Derived from the action's ID (a treatment action: the risk's ID and the action's place).
    pub uuid: Uuid,
    /// `planned` when the assessment plans it, `recommendation` when aims suggests it, `completed` for a treatment
    /// action that is done.
    pub lifecycle: &'static str,
    /// One line.
    pub title: String,
    /// The action in full (Markdown).
    pub description: String,
    /// A treatment action's `owner`, `due`, `done`, `overdue` and `location`.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub props: Vec<Property>,
    /// The due date as a milestone; absent when no date is set.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub tasks: Vec<Task>,
}

/// A milestone.
#[derive(Debug, Clone, Serialize)]
pub struct Task {
    /// Derived from the action's ID.
    pub uuid: Uuid,
    /// `milestone`.
    #[serde(rename = "type")]
    pub kind: &'static str,
    /// One line.
    pub title: String,
    /// When.
    pub timing: Timing,
}

/// A milestone's date.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "kebab-case")]
pub struct Timing {
    /// The date.
    pub on_date: OnDate,
}

/// One date.
#[derive(Debug, Clone, Serialize)]
pub struct OnDate {
    /// Midnight UTC of the date.
    pub date: String,
}

/// One line of the plan.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "kebab-case")]
pub struct PoamItem {
    /// Derived from the action's ID.
    pub uuid: Uuid,
    /// One line.
    pub title: String,
    /// The action (Markdown).
    pub description: String,
    /// aims's properties (action ID, rank, phase, priority, owner, due date, requirements, systems).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub props: Vec<Property>,
    /// The risk it addresses.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub related_risks: Vec<RelatedRisk>,
    /// What it closes, one shortfall per line (Markdown).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub remarks: Option<String>,
}

/// A reference to a risk.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "kebab-case")]
pub struct RelatedRisk {
    /// The risk's UUID.
    pub risk_uuid: Uuid,
}
