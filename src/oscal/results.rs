//! The gap report as OSCAL assessment results: one result as of the as-of date, with
//!
//! - an inventory item per AI system of the workspace;
//! - observations: one per requirement (what its assessment entry shows, with its evidence), one per AI system of a
//!   per-system requirement (what the system's own record shows, with the rules that fired for it), and one per
//!   other rule that fired (aims's findings about the organisation, with the rule code, severity and next step);
//! - findings: one per requirement, and one per AI system a per-system requirement is due for, each targeting the
//!   requirement's control in aims's catalog with `satisfied` or `not-satisfied`;
//! - every evidence document in the back matter, linked from the observations as relevant evidence with its review
//!   date and verdict;
//! - the AI risk register's risks ([`super::risks`]), linked to the observations about them, and each finding
//!   related to the risks behind its requirement;
//! - the gate's verdict in the result's properties and remarks.
//!
//! [`assessment_results`] builds the document whole; [`super::assessment_results_to`] writes the same bytes as it
//! builds them, from the same [`Frame`] and passes.

use std::collections::{HashMap, HashSet};

use uuid::Uuid;

use crate::assess::{EvidenceResult, Report, RequirementResult, SystemApplicability, SystemStatus};
use crate::render::percent;
use crate::workspace::{EvidenceStatus, Status};

use super::model::*;
use super::{
    control_id, date_time, line, message, metadata, organisation, oscal_prop, path_href, prop, url_href, uuid,
};

/// The assessment results of a gap report: the assessment and the gate's verdict (`gate: None`: no gate set).
/// Deterministic: the same report gives the same document, byte for byte, and the same bytes as
/// [`super::assessment_results_to`] writes.
pub fn assessment_results(report: &Report<'_>) -> AssessmentResultsDocument {
    let frame = Frame::new(report);
    let a = report.assessment;
    // Each requirement on its own, on all cores; then their parts in catalogue order, each evidence document in the
    // back matter once, where it is first mentioned (the same bytes as one requirement after the other).
    let parts = crate::parallel::map(&a.requirements, 2, |r| frame.build(r, Pass::Observations, &HashMap::new()));
    let (mut observations, mut evidence, mut rules) = (Vec::new(), Vec::new(), Vec::new());
    let mut listed = HashSet::new();
    for part in parts {
        observations.extend(part.observations);
        evidence.extend(part.resources.into_iter().filter(|r| listed.insert(r.uuid)));
        rules.extend(part.rules);
    }
    let (risks, related_risks) = frame.risks(&rules);
    let parts = crate::parallel::map(&a.requirements, 2, |r| frame.build(r, Pass::Findings, &related_risks));
    let findings = parts.into_iter().flat_map(|part| part.findings).collect();

    let mut document = frame.skeleton();
    let doc = &mut document.assessment_results;
    doc.back_matter.resources.append(&mut evidence);
    let result = &mut doc.results[0];
    result.observations = observations;
    result.risks = risks;
    result.findings = findings;
    document
}

/// Which part of the document a pass over the requirements builds: the observations (and the evidence documents
/// they link to), or the findings. The two are apart in the document, so a writer that streams it builds each
/// requirement twice rather than holding one half while it writes the other.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Pass {
    /// Observations, evidence resources and the observations of rules that fired.
    Observations,
    /// Findings.
    Findings,
}

/// What a pass builds for one requirement.
pub(super) struct Part {
    /// In [`Pass::Observations`].
    pub(super) observations: Vec<Observation>,
    /// In [`Pass::Findings`].
    pub(super) findings: Vec<Finding>,
    /// The evidence documents the observations mention first, in order (some may be listed already).
    pub(super) resources: Vec<Resource>,
    /// The observations of rules that fired for the organisation: requirement, `file:line` and UUID.
    pub(super) rules: Vec<RuleObservation>,
}

/// An observation of a rule that fired for the organisation, with where the finding points.
pub(super) struct RuleObservation {
    requirement: String,
    location: String,
    uuid: Uuid,
}

/// What every part of one document shares: the report, the document's UUID (the first part of every key inside
/// it), the as-of date-time and the inventory items' UUIDs.
pub(super) struct Frame<'r, 'a> {
    pub(super) report: &'r Report<'a>,
    doc: Uuid,
    doc_key: String,
    collected: String,
    systems: HashMap<String, Uuid>,
}

impl<'r, 'a> Frame<'r, 'a> {
    pub(super) fn new(report: &'r Report<'a>) -> Frame<'r, 'a> {
        let a = report.assessment;
        let doc = uuid(&["assessment-results", &a.organisation.name]);
        let doc_key = doc.to_string();
        let systems = a.systems.iter().map(|s| (s.id.clone(), uuid(&[doc_key.as_str(), "system", &s.id]))).collect();
        Frame { report, doc, doc_key, collected: date_time(a.as_of), systems }
    }

    /// The UUID of an object of this document.
    fn key(&self, parts: &[&str]) -> Uuid {
        let mut key = vec![self.doc_key.as_str()];
        key.extend_from_slice(parts);
        uuid(&key)
    }

    /// One pass over one requirement. `related_risks`: the register risks behind each requirement's findings.
    pub(super) fn build(&self, r: &RequirementResult, pass: Pass, related_risks: &HashMap<String, Vec<Uuid>>) -> Part {
        let mut build = Builder::new(&self.doc_key, &self.collected, &self.systems, pass, related_risks);
        build.requirement(r, self.report);
        Part {
            observations: build.observations,
            findings: build.findings,
            resources: build.resources,
            rules: build.rules,
        }
    }

    /// The register's risks, linked to the observations about them (the rules that fired on a risk or one of its
    /// treatment actions, and the requirement observation of each control its treatment chooses); and for each
    /// requirement, the risks its findings relate to (the risks whose treatment chooses it, and those its rules
    /// fired on). `rules` in document order.
    pub(super) fn risks(&self, rules: &[RuleObservation]) -> (Vec<Risk>, HashMap<String, Vec<Uuid>>) {
        let a = self.report.assessment;
        let Some(register) = &a.risk else { return (Vec::new(), HashMap::new()) };
        let mut by_location: HashMap<&str, Vec<&RuleObservation>> = HashMap::new();
        for rule in rules {
            by_location.entry(rule.location.as_str()).or_default().push(rule);
        }
        let requirements: HashSet<&str> = a.requirements.iter().map(|r| r.id.as_str()).collect();
        let mut observations: HashMap<String, Vec<Uuid>> = HashMap::new();
        let mut related_risks: HashMap<String, Vec<Uuid>> = HashMap::new();
        for r in &a.requirements {
            for id in &r.treated_by {
                related_risks.entry(r.id.clone()).or_default().push(self.key(&super::risks::key(id)));
            }
        }
        for risk in &register.risks {
            let this = self.key(&super::risks::key(&risk.id));
            let locations = std::iter::once(&risk.location).chain(risk.actions.iter().map(|x| &x.location));
            let mut linked: Vec<Uuid> = Vec::new();
            for location in locations {
                let at = format!("{}:{}", location.file, location.line);
                for rule in by_location.get(at.as_str()).into_iter().flatten() {
                    linked.push(rule.uuid);
                    related_risks.entry(rule.requirement.clone()).or_default().push(this);
                }
            }
            linked.extend(
                risk.controls
                    .iter()
                    .filter(|c| requirements.contains(c.as_str()))
                    .map(|c| self.key(&["observation", c])),
            );
            let mut seen = HashSet::new();
            linked.retain(|u| seen.insert(*u));
            observations.insert(risk.id.clone(), linked);
        }
        for uuids in related_risks.values_mut() {
            let mut seen = HashSet::new();
            uuids.retain(|u| seen.insert(*u));
        }
        let party = organisation(&a.organisation.name).uuid;
        (super::risks::risks(register, &|parts| self.key(parts), party, &observations), related_risks)
    }

    /// The document without the parts built requirement by requirement: no observations, risks or findings, and
    /// the method as the only back-matter resource (the evidence documents follow it).
    pub(super) fn skeleton(&self) -> AssessmentResultsDocument {
        let report = self.report;
        let a = report.assessment;
        let org = &a.organisation.name;
        let method = self.key(&["resource", "method"]);
        let inventory: Vec<InventoryItem> = a
            .systems
            .iter()
            .map(|s| {
                let mut props: Vec<Property> = [
                    oscal_prop("asset-id", &s.id),
                    prop("ai-role", s.ai_role.as_str()),
                    prop("lifecycle-stage", s.lifecycle_stage.as_str()),
                    prop("in-scope", if s.in_scope { "true" } else { "false" }),
                    prop("owner", &s.owner),
                ]
                .into_iter()
                .flatten()
                .collect();
                props.extend(s.score.and_then(|score| prop("score", &format!("{score:.1}"))));
                InventoryItem { uuid: self.systems[&s.id], description: line(&s.name, &s.id), props }
            })
            .collect();

        let mut meta = metadata(line(&a.title, "ISO/IEC 42001 gap assessment"), a.as_of, a.as_of.to_string());
        meta.props = [prop("standard", a.catalogue.standard), prop("catalogue-version", a.catalogue.version)]
            .into_iter()
            .flatten()
            .collect();
        meta.parties = vec![organisation(org)];
        meta.remarks = Some(line(&format!("Scope of the AI management system: {}", a.organisation.aims_scope), "-"));

        let gate = match &report.gate {
            None => {
                ("not-set", "No gate was set: the assessment is reported without a pass or fail verdict.".to_string())
            }
            Some(g) if g.passed => ("passed", format!("Gate {}.", g.verdict())),
            Some(g) => ("failed", format!("Gate {}.", g.verdict())),
        };
        let counts = &a.summary.counts;
        let description = format!(
            "Gap analysis of {} against {} with the aims catalogue {}, as of {}. Score {} over {} requirements: {} \
             compliant, {} partially compliant, {} non-compliant, {} not applicable, {} not assessed; {} AI systems \
             in scope.",
            org,
            a.catalogue.standard,
            a.catalogue.version,
            a.as_of,
            percent(a.summary.score),
            a.summary.requirements,
            counts.compliant,
            counts.partially_compliant,
            counts.non_compliant,
            counts.not_applicable,
            counts.not_assessed,
            a.summary.systems_in_scope,
        );
        let mut result_props: Vec<Property> = Vec::new();
        result_props.extend(a.summary.score.and_then(|s| prop("score", &format!("{s:.1}"))));
        result_props.extend(prop("gate", gate.0));
        result_props
            .extend(report.gate.as_ref().and_then(|g| g.score).and_then(|s| prop("gate-score", &format!("{s:.1}"))));
        result_props.extend(prop("review-interval-months", &a.review_interval_months.to_string()));

        let resources = vec![Resource {
            uuid: method,
            title: "aims gap analysis".to_string(),
            description: Some(line(
                &format!(
                    "The assessment plan: every requirement of the aims catalog of {} (catalogue {}; aims oscal \
                     catalog writes it, and each finding's target-id is a control ID of it), assessed from the \
                     workspace's records and evidence by the rules of aims's docs/scoring.md and docs/rules.md.",
                    a.catalogue.standard, a.catalogue.version
                ),
                "-",
            )),
            props: prop("catalogue-version", a.catalogue.version).into_iter().collect(),
            document_ids: Vec::new(),
            citation: None,
            rlinks: Vec::new(),
            remarks: None,
        }];

        AssessmentResultsDocument {
            assessment_results: AssessmentResults {
                uuid: self.doc,
                metadata: meta,
                import_ap: ImportAp { href: format!("#{method}") },
                results: vec![AssessmentResult {
                    uuid: self.key(&["result"]),
                    title: line(&a.title, "ISO/IEC 42001 gap assessment"),
                    description: line(&description, "-"),
                    start: self.collected.clone(),
                    props: result_props,
                    local_definitions: (!inventory.is_empty())
                        .then_some(LocalDefinitions { inventory_items: inventory }),
                    reviewed_controls: ReviewedControls {
                        control_selections: vec![ControlSelection {
                            include_controls: a
                                .requirements
                                .iter()
                                .map(|r| SelectControl { control_id: control_id(&r.id) })
                                .collect(),
                        }],
                    },
                    observations: Vec::new(),
                    risks: Vec::new(),
                    findings: Vec::new(),
                    remarks: Some(line(&gate.1, "-")),
                }],
                back_matter: BackMatter { resources },
            },
        }
    }
}

/// Collects the observations, findings and evidence resources of one requirement.
struct Builder<'a> {
    /// The document's UUID, the first part of every key inside it, so that two organisations' documents share no
    /// UUID.
    doc: &'a str,
    /// Midnight UTC of the as-of date.
    collected: &'a str,
    /// The inventory item of each AI system, by ID.
    systems: &'a HashMap<String, Uuid>,
    /// What this pass builds.
    pass: Pass,
    /// The register risks behind each requirement's findings, by requirement ID.
    related_risks: &'a HashMap<String, Vec<Uuid>>,
    /// Evidence documents in order of first mention.
    resources: Vec<Resource>,
    /// The UUIDs of the documents in `resources`.
    index: HashSet<Uuid>,
    observations: Vec<Observation>,
    findings: Vec<Finding>,
    rules: Vec<RuleObservation>,
}

impl<'a> Builder<'a> {
    fn new(
        doc: &'a str,
        collected: &'a str,
        systems: &'a HashMap<String, Uuid>,
        pass: Pass,
        related_risks: &'a HashMap<String, Vec<Uuid>>,
    ) -> Builder<'a> {
        Builder {
            doc,
            collected,
            systems,
            pass,
            related_risks,
            resources: Vec::new(),
            index: HashSet::new(),
            observations: Vec::new(),
            findings: Vec::new(),
            rules: Vec::new(),
        }
    }

    /// The UUID of an object of this document.
    fn key(&self, parts: &[&str]) -> Uuid {
        let mut key = vec![self.doc];
        key.extend_from_slice(parts);
        uuid(&key)
    }

    fn requirement(&mut self, r: &RequirementResult, report: &Report<'_>) {
        match self.pass {
            Pass::Observations => self.observe(r),
            Pass::Findings => self.conclude(r, report),
        }
    }

    /// The rules that fired for the organisation (not for one of the requirement's AI systems), each with the UUID
    /// of its observation: the rule code, the system and evidence file it concerns, and a count among equals.
    fn rules<'r>(&self, r: &'r RequirementResult) -> Vec<(&'r crate::assess::Finding, Uuid)> {
        let mut seen: HashMap<[&str; 3], usize> = HashMap::new();
        r.findings
            .iter()
            .filter(|f| f.system.as_ref().is_none_or(|id| r.system(id).is_none()))
            .map(|f| {
                let identity = [
                    f.code.as_str(),
                    f.system.as_deref().unwrap_or_default(),
                    f.evidence.as_deref().unwrap_or_default(),
                ];
                let nth = seen.entry(identity).or_default();
                *nth += 1;
                let nth = nth.to_string();
                (f, self.key(&["observation", &r.id, "rule", identity[0], identity[1], identity[2], &nth]))
            })
            .collect()
    }

    /// The requirement's observations, and the evidence documents they link to.
    fn observe(&mut self, r: &RequirementResult) {
        let title = format!("{} {}", r.id, r.title);

        // What the assessment entry shows, with the entry's own evidence.
        let record = self.key(&["observation", &r.id]);
        let mut description = match r.declared {
            Some(declared) => format!(
                "Declared {}; the evidence supports {}.",
                declared.label().to_lowercase(),
                r.status.label().to_lowercase()
            ),
            None => format!("No assessment entry; the status is {}.", r.status.label().to_lowercase()),
        };
        if let Some(summary) = r.system_summary() {
            description.push_str(&format!(" AI systems: {summary}."));
        }
        if let Some(justification) = &r.justification {
            description.push_str(&format!(" Justification: {}", justification.trim()));
        }
        let mut props = self.status_props(r, None, r.status, r.waived);
        props.extend(prop("declared-status", r.declared.map_or("none", Status::as_str)));
        props.extend(prop("applicability", r.applicability.as_str()));
        props.extend(r.owner.as_deref().and_then(|o| prop("owner", o)));
        props.extend(r.location.as_ref().and_then(|l| prop("location", &format!("{}:{}", l.file, l.line))));
        let evidence = r.evidence.iter().filter(|e| e.system.is_none()).map(|e| self.evidence(e)).collect();
        self.observations.push(Observation {
            uuid: record,
            title: line(&format!("{title}: what the workspace shows"), &r.id),
            description: line(&description, "-"),
            props,
            methods: vec!["EXAMINE"],
            types: vec!["control-objective"],
            subjects: Vec::new(),
            relevant_evidence: evidence,
            collected: self.collected.to_string(),
            remarks: None,
        });

        // What each AI system's own record shows, with the rules that fired for it.
        // Each system's findings and records, found once (not by a search per system: a requirement of a
        // 10,000-system inventory has thousands of each).
        let mut by_system: HashMap<&str, (Vec<&crate::assess::Finding>, Vec<&EvidenceResult>)> = HashMap::new();
        for f in &r.findings {
            if let Some(system) = &f.system {
                by_system.entry(system).or_default().0.push(f);
            }
        }
        for e in &r.evidence {
            if let Some(system) = &e.system {
                by_system.entry(system).or_default().1.push(e);
            }
        }
        for s in &r.systems {
            let observation = self.key(&["observation", &r.id, "system", &s.system]);
            let (findings, records) = by_system.remove(s.system.as_str()).unwrap_or_default();
            self.system_observation(r, s, observation, &title, &findings, &records);
        }

        // Every other rule that fired (for the organisation), as an observation of type `finding`.
        for (f, observation) in self.rules(r) {
            let mut props = self.status_props(r, f.system.as_deref(), r.status_of(f), f.is_waived());
            props.extend(prop("rule", f.code.as_str()));
            props.extend(prop("severity", f.severity.as_str()));
            let location = f.location.as_ref().map(|l| format!("{}:{}", l.file, l.line));
            props.extend(location.as_deref().and_then(|l| prop("location", l)));
            let evidence = f.evidence.as_deref().map(|file| self.file_evidence(file)).into_iter().collect();
            self.observations.push(Observation {
                uuid: observation,
                title: line(&format!("{} on {}", f.code.as_str(), r.id), &r.id),
                description: message(&format!("{}.", f.message), "-"),
                props,
                methods: vec!["EXAMINE"],
                types: vec!["finding"],
                subjects: f.system.as_deref().map(|s| self.subject(s)).unwrap_or_default(),
                relevant_evidence: evidence,
                collected: self.collected.to_string(),
                remarks: Some(message(&format!("Next step: {}", f.action), "-")),
            });
            if let Some(location) = location {
                self.rules.push(RuleObservation { requirement: r.id.clone(), location, uuid: observation });
            }
        }
    }

    /// The requirement's findings: its conclusion, and one per AI system it is due for, related to the
    /// observations [`Builder::observe`] makes (by UUID) and to the register risks behind them.
    fn conclude(&mut self, r: &RequirementResult, report: &Report<'_>) {
        let title = format!("{} {}", r.id, r.title);
        let mut all = vec![self.key(&["observation", &r.id])];
        let per_system: Vec<(&SystemStatus, Uuid)> =
            r.systems.iter().map(|s| (s, self.key(&["observation", &r.id, "system", &s.system]))).collect();
        all.extend(per_system.iter().map(|(_, uuid)| *uuid));
        all.extend(self.rules(r).into_iter().map(|(_, uuid)| uuid));

        // The conclusion for the requirement.
        let headline = r.headline_finding().map(|f| format!("{}.", f.message));
        let mut description = headline.unwrap_or_else(|| format!("{}.", r.status.label()));
        if let Some(summary) = r.system_summary() {
            description.push_str(&format!(" AI systems: {summary}."));
        }
        let mut props = self.status_props(r, None, r.status, r.waived);
        props.extend(r.score.and_then(|s| prop("score", &format!("{s:.0}"))));
        props.extend(prop("applicability", r.applicability.as_str()));
        let mut remarks: Vec<String> = r
            .waived_by
            .iter()
            .filter_map(|&i| report.assessment.waivers.get(i))
            .map(|w| {
                let on = w.system.as_deref().map(|s| format!(" for AI system {s}")).unwrap_or_default();
                format!("Waived{on} by {} until {}: {}", w.owner.trim(), w.expires, w.reason.trim())
            })
            .collect();
        if let Some(action) = crate::render::work(r) {
            let owner = action.owner.as_deref().map(|o| format!(", owner {}", o.trim())).unwrap_or_default();
            let due = action
                .due
                .map(|d| format!(", due {d}{}", if action.overdue { ", overdue" } else { "" }))
                .unwrap_or_default();
            remarks.push(format!("{}{owner}{due}: {}", action.label, action.description.trim()));
        }
        self.findings.push(Finding {
            uuid: self.key(&["finding", &r.id]),
            title: line(&title, &r.id),
            description: message(&description, "-"),
            props,
            target: target(r, r.status, r.recorded_action.is_some()),
            related_observations: related(&all),
            related_risks: self
                .related_risks
                .get(&r.id)
                .map(|risks| risks.iter().map(|&risk_uuid| RelatedRisk { risk_uuid }).collect())
                .unwrap_or_default(),
            remarks: (!remarks.is_empty()).then(|| line(&remarks.join(". "), "-")),
        });

        // The conclusion for each AI system the requirement is due for.
        for (s, observation) in per_system {
            if s.applicability != SystemApplicability::Applies {
                continue;
            }
            let headline = s.headline.and_then(|i| r.findings.get(i)).map(|f| format!("{}.", f.message));
            let description = headline.unwrap_or_else(|| format!("{}.", s.label()));
            self.findings.push(Finding {
                uuid: self.key(&["finding", &r.id, "system", &s.system]),
                title: line(&format!("{title}: AI system {}", s.system), &r.id),
                description: message(&description, "-"),
                props: self.status_props(r, Some(&s.system), s.status, s.waived),
                target: target(r, s.status, false),
                related_observations: related(&[observation]),
                related_risks: Vec::new(),
                remarks: None,
            });
        }
    }

    /// The observation of one AI system under a per-system requirement: its status and why, its own record as
    /// relevant evidence, and each rule that fired for it (a `rule` property per finding, the messages in the
    /// description, the next steps in the remarks; type `finding` as well when there is one).
    fn system_observation(
        &mut self,
        r: &RequirementResult,
        s: &SystemStatus,
        uuid: Uuid,
        title: &str,
        findings: &[&crate::assess::Finding],
        records: &[&EvidenceResult],
    ) {
        let mut description = s.label().to_string();
        if let Some(reason) = &s.reason {
            description.push_str(&format!(": {}", reason.trim()));
        }
        description.push('.');
        if s.waived {
            description.push_str(" A waiver for this system accepts the gap.");
        }
        for f in findings {
            description.push_str(&format!(" {}.", f.message));
        }
        let mut props = self.status_props(r, Some(&s.system), s.status, s.waived);
        props.extend(prop("applicability", s.applicability.as_str()));
        props.extend(findings.iter().filter_map(|f| prop("rule", f.code.as_str())));
        props.extend(findings.iter().map(|f| f.severity).min().and_then(|worst| prop("severity", worst.as_str())));
        let mut locations: Vec<String> =
            findings.iter().filter_map(|f| f.location.as_ref()).map(|l| format!("{}:{}", l.file, l.line)).collect();
        locations.dedup();
        props.extend(locations.iter().filter_map(|l| prop("location", l)));
        let mut evidence: Vec<RelevantEvidence> = records.iter().map(|e| self.evidence(e)).collect();
        for file in findings.iter().filter_map(|f| f.evidence.as_deref()) {
            let linked = self.file_evidence(file);
            if !evidence.iter().any(|e| e.href == linked.href) {
                evidence.push(linked);
            }
        }
        let steps: Vec<String> = findings.iter().map(|f| format!("Next step: {}", f.action)).collect();
        self.observations.push(Observation {
            uuid,
            title: line(&format!("{title} for AI system {}", s.system), &r.id),
            description: message(&description, "-"),
            props,
            methods: vec!["EXAMINE"],
            types: if findings.is_empty() { vec!["control-objective"] } else { vec!["control-objective", "finding"] },
            subjects: self.subject(&s.system),
            relevant_evidence: evidence,
            collected: self.collected.to_string(),
            remarks: (!steps.is_empty()).then(|| message(&steps.join(" "), "-")),
        });
    }

    /// A link to an evidence file a finding is about.
    fn file_evidence(&mut self, file: &str) -> RelevantEvidence {
        let href = self.file_resource(file, None);
        RelevantEvidence {
            href: Some(format!("#{href}")),
            description: line(file, "-"),
            props: Vec::new(),
            remarks: None,
        }
    }

    /// The properties every observation and finding of a requirement starts with.
    fn status_props(&self, r: &RequirementResult, system: Option<&str>, status: Status, waived: bool) -> Vec<Property> {
        let mut props: Vec<Property> =
            [prop("requirement", &r.id), system.and_then(|s| prop("ai-system", s))].into_iter().flatten().collect();
        props.extend(prop("status", status.as_str()));
        if waived {
            props.extend(prop("waived", "true"));
        }
        props
    }

    /// The subject reference of an AI system; empty if the system is unknown (it never is).
    fn subject(&self, system: &str) -> Vec<Subject> {
        self.systems
            .get(system)
            .map(|&uuid| Subject { subject_uuid: uuid, kind: "inventory-item", title: line(system, "-") })
            .into_iter()
            .collect()
    }

    /// One evidence record as relevant evidence: a link to its document in the back matter (added on first
    /// mention) with the record's review date, effective date and verdict.
    fn evidence(&mut self, e: &EvidenceResult) -> RelevantEvidence {
        let name = e.name().map(str::to_string);
        let href = name.as_ref().map(|_| format!("#{}", self.file_resource_of(e)));
        let mut description = name.clone().unwrap_or_else(|| "No document named".to_string());
        if let Some(mark) = e.mark() {
            description.push_str(&format!(" ({mark})"));
        }
        let mut props: Vec<Property> = Vec::new();
        props.extend(e.reviewed.and_then(|d| prop("reviewed", &d.to_string())));
        props.extend(e.effective.and_then(|d| prop("effective", &d.to_string())));
        props.extend(prop("verdict", e.verdict.as_str()));
        if e.status != EvidenceStatus::Approved {
            props.extend(prop("evidence-status", e.status.as_str()));
        }
        if e.external {
            props.extend(prop("external", "true"));
        }
        RelevantEvidence {
            href,
            description: line(&description, "-"),
            props,
            remarks: e.description.as_deref().map(|d| line(d, "-")),
        }
    }

    /// The back-matter resource of a record that names a document (its file, else its register ID, else its URL).
    fn file_resource_of(&mut self, e: &EvidenceResult) -> Uuid {
        match &e.file {
            Some(file) => self.file_resource(file, Some(e)),
            None => {
                let (kind, id) = match (&e.register_id, &e.url) {
                    (Some(register), _) => ("register", register.as_str()),
                    (None, Some(url)) => ("url", url.as_str()),
                    (None, None) => ("none", ""),
                };
                let uuid = self.key(&["resource", "evidence", kind, id]);
                if !self.index.contains(&uuid) {
                    let resource = Resource {
                        uuid,
                        title: line(e.name().unwrap_or("-"), "-"),
                        description: Some(catalogue_mark_external()),
                        props: prop("external", "true").into_iter().collect(),
                        document_ids: e
                            .register_id
                            .as_deref()
                            .and_then(super::value)
                            .map(|identifier| DocumentId { identifier })
                            .into_iter()
                            .collect(),
                        citation: None,
                        rlinks: e.url.as_deref().map(|u| Rlink { href: url_href(u) }).into_iter().collect(),
                        remarks: None,
                    };
                    self.push_resource(resource);
                }
                uuid
            }
        }
    }

    /// The back-matter resource of a workspace file (added on first mention).
    fn file_resource(&mut self, file: &str, record: Option<&EvidenceResult>) -> Uuid {
        let uuid = self.key(&["resource", "evidence", "file", file]);
        if !self.index.contains(&uuid) {
            let mut props = Vec::new();
            if let Some(state) = record.map(|e| e.state) {
                props.extend(prop("file-state", state_str(state)));
            }
            let resource = Resource {
                uuid,
                title: line(file, "-"),
                description: Some("An evidence file in the workspace.".to_string()),
                props,
                document_ids: record
                    .and_then(|e| e.register_id.as_deref())
                    .and_then(super::value)
                    .map(|identifier| DocumentId { identifier })
                    .into_iter()
                    .collect(),
                citation: None,
                rlinks: vec![Rlink { href: path_href(file) }],
                remarks: None,
            };
            self.push_resource(resource);
        }
        uuid
    }

    fn push_resource(&mut self, resource: Resource) {
        self.index.insert(resource.uuid);
        self.resources.push(resource);
    }
}

fn catalogue_mark_external() -> String {
    format!("A document kept outside the workspace ({}).", crate::assess::EXTERNAL_MARK)
}

fn state_str(state: crate::assess::EvidenceState) -> &'static str {
    use crate::assess::EvidenceState::*;
    match state {
        Present => "present",
        Missing => "missing",
        NotGiven => "not_given",
        Empty => "empty",
        NotAFile => "not_a_file",
        WorkspaceInput => "workspace_input",
        Folder => "folder",
        External => "external",
    }
}

fn related(observations: &[Uuid]) -> Vec<RelatedObservation> {
    observations.iter().map(|&observation_uuid| RelatedObservation { observation_uuid }).collect()
}

/// The finding's target: the requirement's control, satisfied only when compliant (or not applicable, with the
/// `not-applicable` implementation status); `planned` marks a non-compliant requirement whose entry plans an action.
fn target(r: &RequirementResult, status: Status, planned: bool) -> FindingTarget {
    let (state, reason, implementation) = match status {
        Status::Compliant => ("satisfied", "pass", Some("implemented")),
        Status::PartiallyCompliant => ("not-satisfied", "fail", Some("partial")),
        Status::NonCompliant => ("not-satisfied", "fail", planned.then_some("planned")),
        Status::NotApplicable => ("satisfied", "other", Some("not-applicable")),
        Status::NotAssessed => ("not-satisfied", "other", None),
    };
    FindingTarget {
        kind: "objective-id",
        target_id: control_id(&r.id),
        status: ObjectiveStatus { state, reason, remarks: format!("aims status: {}", status.as_str()) },
        implementation_status: implementation.map(|state| ImplementationStatus { state }),
    }
}
