//! The Statement of Applicability (ISO/IEC 42001 6.1.3): every Annex A control as included or excluded, with the
//! justification either way, its implementation status, owner and evidence, and the in-scope systems of per-system
//! controls. A pure view over the assessment and the workspace.

use crate::rules::Code;
use minijinja::context;
use serde::Serialize;

use crate::assess::{Assessment, CatalogueInfo};
use crate::catalogue::{Catalogue, Kind};
use crate::date::Date;
use crate::render::{self, DocumentError};
use crate::workspace::{SoaDocument, SoaReason, Status, Workspace};

const TEMPLATE: &str = include_str!("../../templates/soa.md.j2");

/// The Statement of Applicability: what `aims soa --format json` prints.
#[derive(Debug, Clone, Serialize)]
pub struct Soa {
    /// The version of this shape: 1.
    pub schema_version: u32,
    /// The organisation's name.
    pub organisation: String,
    /// The scope of the AI management system, as `organisation.yaml` states it.
    pub aims_scope: String,
    /// The assessment's as-of date.
    pub as_of: Date,
    /// The standard and catalogue version.
    pub catalogue: CatalogueInfo,
    /// Document control from aims.toml `[soa]` (version, approver, approval date).
    pub document: SoaDocument,
    /// How many Annex A controls are included.
    pub included: usize,
    /// How many are excluded.
    pub excluded: usize,
    /// Controls whose inclusion or exclusion has no justification.
    pub unjustified: usize,
    /// Every Annex A control, in catalogue order.
    pub controls: Vec<SoaControl>,
}

/// One Annex A control in the Statement of Applicability.
#[derive(Debug, Clone, Serialize)]
pub struct SoaControl {
    /// The control's ID: "A.6.2.4".
    pub id: String,
    /// The ID of its objective: "A.6".
    pub objective: String,
    /// The objective's title.
    pub objective_title: String,
    /// The control's short title.
    pub title: String,
    /// Whether the organisation includes the control (its decision, whatever the implementation status).
    pub included: bool,
    /// Why it is included or excluded, as the assessment file records it.
    pub reasons: Vec<SoaReason>,
    /// The justification of the inclusion or exclusion; `null` when missing.
    pub justification: Option<String>,
    /// Implementation status (what the evidence supports).
    pub status: Status,
    /// Whether a waiver covers a gap of the control.
    pub waived: bool,
    /// Who owns the control.
    pub owner: Option<String>,
    /// The evidence files, relative to the workspace.
    pub evidence: Vec<String>,
    /// For per-system controls: the in-scope systems it applies to, with their status.
    pub systems: Vec<SoaSystem>,
    /// What the Statement of Applicability itself finds wrong with the entry (a missing justification).
    pub findings: Vec<SoaFinding>,
}

/// An in-scope AI system a per-system control applies to.
#[derive(Debug, Clone, Serialize)]
pub struct SoaSystem {
    /// The system's ID.
    pub id: String,
    /// The control's status for that system.
    pub status: Status,
}

/// A finding of the Statement of Applicability.
#[derive(Debug, Clone, Serialize)]
pub struct SoaFinding {
    /// The rule code: `soa-justification-missing` or `exclusion-unjustified`.
    pub code: Code,
    /// The message, for people.
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
                    (Code::SoaJustificationMissing, format!("{} is included without a justification", r.id))
                } else {
                    (Code::ExclusionUnjustified, format!("{} is excluded without a justification", r.id))
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
        schema_version: crate::assess::REPORT_SCHEMA_VERSION,
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

/// The Statement of Applicability in `format`; Markdown from `template_dir/soa.md.j2` when that file exists, else
/// the built-in template.
///
/// # Errors
/// [`DocumentError::Template`] when the Markdown template fails; [`DocumentError::Unsupported`] for a format other
/// than those of [`render::Format::DOCUMENT`].
pub fn render(
    soa: &Soa,
    format: render::Format,
    template_dir: Option<&std::path::Path>,
) -> Result<String, DocumentError> {
    match format.check("Statement of Applicability", render::Format::DOCUMENT)? {
        render::Format::Json => Ok(render::json(soa)),
        render::Format::Markdown => {
            let ctx = context! { soa => render::markdown_value(soa), aims_version => env!("CARGO_PKG_VERSION") };
            Ok(render::render_document("soa.md.j2", TEMPLATE, ctx, template_dir)?)
        }
        _ => Ok(render::csv_table(
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
