//! systems/*.yaml: the AI system inventory, read and validated on all cores.

use std::collections::{BTreeMap, HashMap, HashSet};

use crate::catalogue::Scope;
use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::rules::Code;
use crate::workspace::{EvidenceKind, Exclusion, System, SystemEvidence};

use super::{Loader, SourceFile, is_blank, raw};

impl<'a> Loader<'a> {
    /// Reads, parses and validates every system file, on all cores: each thread validates with a loader of its own
    /// (its own diagnostics and evidence cache), merged here. Only the duplicate-ID check needs all systems at once.
    /// IDs that differ only in letter case are duplicates too: they name the same system to a reader, and become
    /// the same file name on macOS and Windows.
    pub(super) fn systems(&mut self, paths: &[String]) -> Vec<System> {
        let (validated, workers) = crate::parallel::map_with(
            paths,
            64,
            || self.fork(),
            |loader, rel| {
                let file = match loader.source.read(rel) {
                    Ok(file) => file,
                    Err(diagnostic) => {
                        loader.diags.push(*diagnostic);
                        return None;
                    }
                };
                let raw = loader.parse::<raw::System>(&file)?;
                let id_at = raw.id.referenced;
                let system = loader.system(&file, raw);
                // The key of the duplicate check below, made here on all cores.
                let key = system.id.to_lowercase();
                Some((file, id_at, key, Box::new(system)))
            },
        );
        for worker in workers {
            self.diags.0.extend(worker.diags.0);
        }
        let mut systems: Vec<System> = Vec::with_capacity(validated.len());
        // Each ID in lower case, with the index of the system that declared it first.
        let mut seen: HashMap<String, usize> = HashMap::with_capacity(validated.len());
        for (file, id_at, key, system) in validated.into_iter().flatten() {
            if system.id.is_empty() {
                continue;
            }
            if let Some(&first) = seen.get(&key) {
                let (first_id, first) = (&systems[first].id, &systems[first].location);
                let message = if *first_id == system.id {
                    format!("AI system `{}` is already declared in {}:{}", system.id, first.file, first.line)
                } else {
                    format!(
                        "AI system `{}` differs only in letter case from `{first_id}`, declared in {}:{}",
                        system.id, first.file, first.line
                    )
                };
                self.push_at(
                    &file,
                    &id_at,
                    Diagnostic::error(Code::DuplicateSystem, &file.path, message)
                        .help("give every AI system its own unique `id`"),
                );
                continue;
            }
            seen.insert(key, systems.len());
            systems.push(*system);
        }
        crate::ids::sort_naturally(&mut systems, |s| &s.id);
        systems
    }

    /// A loader for one worker thread: the same workspace, catalogue and date, fresh diagnostics and caches.
    fn fork(&self) -> Loader<'a> {
        Loader {
            source: self.source,
            catalogue: self.catalogue,
            as_of: self.as_of,
            diags: Diagnostics::default(),
            evidence_seen: HashMap::new(),
            reported: HashSet::new(),
        }
    }

    fn system(&mut self, file: &SourceFile, raw: raw::System) -> System {
        let location = self.location(file, &raw.id.referenced);
        let id_at = raw.id.referenced;
        let id = self.text(file, raw.id, "id");
        if !id.is_empty() && !valid_id(&id) {
            self.push_at(
                file,
                &id_at,
                Diagnostic::error(Code::InvalidId, &file.path, format!("`{id}` is not a usable system ID"))
                    .help("use letters, digits, `-`, `_` and `.` only (at most 128), e.g. `credit-scoring`"),
            );
        }
        let e = raw.evidence;
        let records = [
            (EvidenceKind::ImpactAssessment, e.impact_assessment),
            (EvidenceKind::ImpactOnIndividuals, e.impact_on_individuals),
            (EvidenceKind::SocietalImpact, e.societal_impact),
            (EvidenceKind::RequirementsSpecification, e.requirements_specification),
            (EvidenceKind::DesignDocumentation, e.design_documentation),
            (EvidenceKind::VerificationAndValidation, e.verification_and_validation),
            (EvidenceKind::DeploymentPlan, e.deployment_plan),
            (EvidenceKind::Monitoring, e.monitoring),
            (EvidenceKind::TechnicalDocumentation, e.technical_documentation),
            (EvidenceKind::EventLogging, e.event_logging),
            (EvidenceKind::DataQuality, e.data_quality),
            (EvidenceKind::DataProvenance, e.data_provenance),
            (EvidenceKind::DataPreparation, e.data_preparation),
            (EvidenceKind::UserDocumentation, e.user_documentation),
            (EvidenceKind::IntendedUse, e.intended_use),
        ];
        let mut evidence = SystemEvidence::with_capacity(records.iter().filter(|(_, r)| r.is_some()).count());
        for (kind, record) in records {
            if let Some(record) = record {
                evidence.insert(kind, self.evidence(file, record));
            }
        }
        let mut exclusions = BTreeMap::new();
        for exclusion in raw.exclusions {
            let at = exclusion.requirement.referenced;
            let Some(id) = self.requirement_id(file, exclusion.requirement) else { continue };
            if self.catalogue.get(&id).map(|r| r.scope) != Some(Scope::AiSystem) {
                self.push_at(
                    file,
                    &at,
                    Diagnostic::error(
                        Code::ExclusionNotPerSystem,
                        &file.path,
                        format!("{id} is assessed for the whole organisation, not per AI system"),
                    )
                    .help("only per-system controls can be excluded for one system; mark organisation-wide requirements not_applicable in the assessment"),
                );
                continue;
            }
            let justification = super::optional(exclusion.justification);
            let location = self.location(file, &at);
            exclusions.insert(id.clone(), Exclusion { requirement: id, justification, location });
        }
        let text = |s: Option<String>| s.filter(|t| !is_blank(t));
        let human_oversight = text(raw.human_oversight);
        System {
            name: self.text(file, raw.name, "name"),
            purpose: self.text(file, raw.purpose, "purpose"),
            owner: self.text(file, raw.owner, "owner"),
            unit: raw.unit.as_deref().and_then(unit_path),
            id,
            lifecycle_stage: raw.lifecycle_stage,
            ai_role: raw.ai_role,
            in_scope: raw.in_scope,
            supplier: text(raw.supplier),
            data_sources: raw.data_sources.into_iter().filter(|d| !is_blank(d)).collect(),
            human_oversight: human_oversight.clone(),
            eu_ai_act: raw.eu_ai_act.map(|eu| self.eu_ai_act(file, eu, human_oversight.as_deref())),
            evidence,
            exclusions,
            notes: text(raw.notes),
            location,
        }
    }
}

/// A unit as a path: the parts between `/` trimmed, empty ones dropped (`" HHS / CDC/"` is `HHS/CDC`); `None` when
/// nothing is left.
fn unit_path(text: &str) -> Option<String> {
    let parts: Vec<&str> = text.split('/').map(str::trim).filter(|p| !p.is_empty()).collect();
    (!parts.is_empty()).then(|| parts.join("/"))
}

/// System IDs become file names and report anchors, so they are kept to a safe alphabet.
fn valid_id(id: &str) -> bool {
    id.len() <= 128 && id.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
}
