//! The Statement of Applicability (ISO/IEC 42001 6.1.3): every Annex A control as included or excluded, with the
//! justification either way, its implementation status, owner and evidence, and the in-scope systems of per-system
//! controls. A pure view over the assessment and the workspace.

use minijinja::context;
use serde::Serialize;

use crate::assess::{Assessment, CatalogueInfo};
use crate::catalogue::{Catalogue, Kind};
use crate::date::Date;
use crate::render::{self, TemplateError};
use crate::workspace::{SoaDocument, SoaReason, Status, Workspace};

const TEMPLATE: &str = include_str!("../../templates/soa.md.j2");

#[derive(Debug, Clone, Serialize)]
pub struct Soa {
    pub schema_version: u32,
    pub organisation: String,
    pub aims_scope: String,
    pub as_of: Date,
    pub catalogue: CatalogueInfo,
    pub document: SoaDocument,
    pub included: usize,
    pub excluded: usize,
    /// Controls whose inclusion or exclusion has no justification.
    pub unjustified: usize,
    pub controls: Vec<SoaControl>,
}

#[derive(Debug, Clone, Serialize)]
pub struct SoaControl {
    pub id: String,
    pub objective: String,
    pub objective_title: String,
    pub title: String,
    pub included: bool,
    pub reasons: Vec<SoaReason>,
    pub justification: Option<String>,
    /// Implementation status (what the evidence supports).
    pub status: Status,
    pub waived: bool,
    pub owner: Option<String>,
    pub evidence: Vec<String>,
    /// For per-system controls: the in-scope systems it applies to, with their status.
    pub systems: Vec<SoaSystem>,
    pub findings: Vec<SoaFinding>,
}

#[derive(Debug, Clone, Serialize)]
pub struct SoaSystem {
    pub id: String,
    pub status: Status,
}

#[derive(Debug, Clone, Serialize)]
pub struct SoaFinding {
    pub code: &'static str,
    pub message: String,
}

/// Builds the Statement of Applicability.
pub fn build(catalogue: &Catalogue, workspace: &Workspace, assessment: &Assessment) -> Soa {
    let controls: Vec<SoaControl> = assessment
        .requirements
        .iter()
        .filter(|r| r.kind == Kind::Control)
        .map(|r| {
            let entry = workspace.entries.get(&r.id);
            // The SoA records the organisation's decision: excluded when it says so (or when no in-scope system
            // needs a per-system control), included otherwise.
            let included = match r.declared {
                Some(declared) => declared != Status::NotApplicable,
                None => r.status != Status::NotApplicable,
            };
            let justification = r.justification.clone();
            let mut findings = Vec::new();
            if justification.is_none() {
                let (code, message) = if included {
                    ("soa-justification-missing", format!("{} is included without a justification", r.id))
                } else {
                    ("exclusion-unjustified", format!("{} is excluded without a justification", r.id))
                };
                findings.push(SoaFinding { code, message });
            }
            let group = catalogue.group(&r.group);
            SoaControl {
                id: r.id.clone(),
                objective: r.group.clone(),
                objective_title: group.map(|g| g.title.clone()).unwrap_or_default(),
                title: r.title.clone(),
                included,
                reasons: entry.map(|e| e.reasons.clone()).unwrap_or_default(),
                justification,
                status: r.status,
                waived: r.waived,
                owner: r.owner.clone(),
                evidence: r.evidence.iter().filter_map(|e| e.file.clone()).collect(),
                systems: r
                    .systems
                    .iter()
                    .filter(|s| s.status != Status::NotApplicable)
                    .map(|s| SoaSystem { id: s.system.clone(), status: s.status })
                    .collect(),
                findings,
            }
        })
        .collect();
    Soa {
        schema_version: 1,
        organisation: assessment.organisation.name.clone(),
        aims_scope: assessment.organisation.aims_scope.clone(),
        as_of: assessment.as_of,
        catalogue: assessment.catalogue.clone(),
        document: workspace.settings.soa.clone(),
        included: controls.iter().filter(|c| c.included).count(),
        excluded: controls.iter().filter(|c| !c.included).count(),
        unjustified: controls.iter().filter(|c| c.justification.is_none()).count(),
        controls,
    }
}

/// Output formats of `aims soa` and `aims plan`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum DocumentFormat {
    Markdown,
    Csv,
    Json,
}

pub fn render(
    soa: &Soa,
    format: DocumentFormat,
    template_dir: Option<&std::path::Path>,
) -> Result<String, TemplateError> {
    match format {
        DocumentFormat::Json => Ok(render::json(soa)),
        DocumentFormat::Markdown => {
            let ctx = context! { soa => render::markdown_value(soa), aims_version => env!("CARGO_PKG_VERSION") };
            render::render_document("soa.md.j2", TEMPLATE, ctx, template_dir)
        }
        DocumentFormat::Csv => Ok(render::csv_table(
            &[
                "ref_id",
                "name",
                "objective",
                "applicability",
                "reasons",
                "justification",
                "result",
                "waived",
                "owner",
                "evidence",
                "systems",
                "findings",
            ],
            soa.controls.iter().map(|c| {
                vec![
                    c.id.clone(),
                    c.title.clone(),
                    format!("{} {}", c.objective, c.objective_title),
                    if c.included { "included" } else { "excluded" }.to_string(),
                    c.reasons.iter().map(|r| r.label()).collect::<Vec<_>>().join("; "),
                    c.justification.clone().unwrap_or_default(),
                    c.status.as_str().to_string(),
                    c.waived.to_string(),
                    c.owner.clone().unwrap_or_default(),
                    c.evidence.join("; "),
                    c.systems.iter().map(|s| format!("{}: {}", s.id, s.status.as_str())).collect::<Vec<_>>().join("; "),
                    c.findings.iter().map(|f| format!("{}: {}", f.code, f.message)).collect::<Vec<_>>().join("\n"),
                ]
            }),
        )),
    }
}
