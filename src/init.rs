//! `aims init`: scaffolds a workspace that asks its owner the right questions. It never deletes anything and never
//! overwrites an existing file unless `force` is set, and then only the scaffold's own files.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use crate::catalogue::{Catalogue, Scope};

/// What `scaffold` did, file by file (workspace-relative paths with `/`, such as `systems/example-system.yaml`).
#[derive(Debug, Default)]
pub struct InitReport {
    /// Files that did not exist and were written.
    pub created: Vec<String>,
    /// Files that existed and were replaced (only with `force`).
    pub overwritten: Vec<String>,
    /// Existing files left as they were.
    pub skipped: Vec<String>,
}

/// Why the scaffold could not be written. The files written before the failure stay; each one is whole.
#[derive(Debug, thiserror::Error)]
pub enum InitError {
    /// A folder (the workspace, `systems/` or `evidence/`) could not be created.
    #[error("cannot create {}", path.display())]
    CreateDir {
        /// The folder.
        path: PathBuf,
        /// What the file system said.
        source: std::io::Error,
    },
    /// A file could not be written.
    #[error("cannot write {}", path.display())]
    Write {
        /// The file.
        path: PathBuf,
        /// What the file system said.
        source: std::io::Error,
    },
}

const SETTINGS: &str = r#"# aims settings. Every setting is optional; docs/workspace.md describes them all.

[evidence]
# Evidence whose `reviewed` date is older than this is stale.
review_interval_months = 12

[report]
title = "AI management system gap assessment"

# The CI gate: `aims gap` exits 1 when it fails. Uncomment to use.
# [gate]
# fail_under = 70                 # overall score, percent
# fail_on = ["non_compliant"]     # statuses that fail the gate
# select = ["clauses", "A.5"]     # which requirements the gate looks at (default: all)
# ignore = []

# An accepted gap: waived until it expires, shown as waived in every report, never as a pass.
# [[waiver]]
# requirement = "A.6.2.8"
# system = "example-system"       # optional: one AI system of a per-system control
# reason = "Logging platform migration finishes in Q1"
# owner = "CTO"
# expires = 2027-03-31
"#;

const ORGANISATION: &str = r#"# The organisation whose AI management system is assessed (ISO/IEC 42001 clauses 4.1-4.3).
name: "Example Ltd (replace with the organisation's name)"
description: "What the organisation does, in a sentence or two."
# Clause 4.3: which units, sites, products and AI systems the AI management system covers, and what it excludes.
aims_scope: "Replace with the scope statement of the AI management system."
# Clause 4.1: the organisation's AI roles (ISO/IEC 22989): provider, producer, customer, partner.
ai_roles: [customer]
# EU AI Act roles (Art. 3): provider, deployer, importer, distributor, authorised_representative,
# product_manufacturer. Leave empty if the Act does not apply.
eu_ai_act_roles: []
# Clause 4.2: who cares about the organisation's use of AI, and what they need.
interested_parties:
  - name: "Customers"
    needs: "Replace with what they expect."
"#;

const SYSTEM: &str = r#"# One AI system of the inventory. Copy this file for each system; name it after the `id`.
id: example-system
name: "Example AI system (replace or delete this file)"
purpose: "What the system is for and what it decides or produces."
owner: "The person or role accountable for it"
# concept, design, development, verification, deployment, operation or retired
lifecycle_stage: operation
# The organisation's ISO/IEC 22989 role for this system: provider or producer if it builds it, customer if it uses
# a system built by others. Decides which per-system controls apply.
ai_role: customer
in_scope: true
supplier: "Who supplies it, if anyone"
data_sources: []
human_oversight: "How people check or override it."
# eu_ai_act:
#   role: deployer                # provider, deployer, importer, distributor, ...
#   risk_tier: minimal            # prohibited, high_risk, transparency, minimal, gpai_model
#   annex_iii_area: "Annex III 4(a): recruitment"
# The records the per-system Annex A controls read. Each: file (inside the workspace) and reviewed date.
evidence:
  intended_use:
    file: evidence/example-system-intended-use.md
    reviewed: 2026-01-01
#  impact_assessment: {file: evidence/..., reviewed: YYYY-MM-DD}       # A.5.3
#  impact_on_individuals: {file: evidence/..., reviewed: YYYY-MM-DD}   # A.5.4
#  societal_impact: {file: evidence/..., reviewed: YYYY-MM-DD}         # A.5.5
#  deployment_plan, monitoring, event_logging                          # A.6.2.5, A.6.2.6, A.6.2.8
#  requirements_specification, design_documentation,                   # A.6.2.2-A.6.2.4, A.6.2.7, A.7.4-A.7.6,
#  verification_and_validation, technical_documentation,              # for systems the organisation builds
#  data_quality, data_provenance, data_preparation
#  user_documentation                                                  # A.8.2, for systems it provides
exclusions: []
"#;

const INTENDED_USE: &str = "# Example system: intended use\n\nReplace with the documented intended use of the \
system: what it is for, who uses it, and what it must not be used for.\n";

const README: &str = r#"# AI management system workspace

This folder describes the organisation's AI management system for an ISO/IEC 42001 gap assessment with `aims`.

| file | what to do |
|---|---|
| `organisation.yaml` | name, scope of the AI management system, AI roles, interested parties |
| `systems/` | one file per AI system; copy `example-system.yaml` |
| `assessment.yaml` | for every requirement: status, owner, evidence, justification, planned action. Each entry lists the questions to ask |
| `evidence/` | the documents the assessment points to |
| `aims.toml` | settings: review interval, report title, CI gate, waivers |

Statuses: `compliant`, `partially_compliant`, `non_compliant`, `not_applicable` (Annex A controls only, with a
`justification`), `not_assessed`. A claim is not evidence: `compliant` needs an evidence file with a `reviewed` date.

Check the files with `aims validate`, write the report with `aims gap --output gap-report.md`, and read
`aims controls ID` for what a requirement asks and the evidence an auditor expects.
"#;

/// The assessment file: every requirement as `not_assessed`, with its questions as comments.
fn assessment(catalogue: &Catalogue) -> String {
    let mut out = String::from(
        "# The self-assessment: one entry per requirement. Set each `status` after asking the questions above it.\n\
         # compliant | partially_compliant | non_compliant | not_applicable (Annex A only, with `justification`)\n\
         # | not_assessed. Evidence: a list of {file, reviewed}; gaps: an `action` with description, owner, due.\n\
         requirements:\n",
    );
    for group in &catalogue.groups {
        let _ = writeln!(out, "\n  # ===== {} {} =====", group.id, group.title);
        for req in &group.requirements {
            let _ = writeln!(out, "\n  # {} {}", req.id, req.title);
            for q in &req.questions {
                let _ = writeln!(out, "  #   - {q}");
            }
            if req.scope == Scope::AiSystem {
                let record = req.system_evidence.map_or("", |k| k.as_str());
                let _ = writeln!(out, "  # Also assessed per AI system from each system's `{record}` record.");
            }
            let _ = writeln!(out, "  - requirement: \"{}\"\n    status: not_assessed", req.id);
        }
    }
    out
}

/// Writes the scaffold into `dir` (created if needed). Existing files are skipped unless `force`. Each file is
/// written atomically; an error stops at the first file or folder that cannot be written.
pub fn scaffold(catalogue: &Catalogue, dir: &Path, force: bool) -> Result<InitReport, InitError> {
    let assessment = assessment(catalogue);
    let files: [(&str, &str); 6] = [
        ("aims.toml", SETTINGS),
        ("organisation.yaml", ORGANISATION),
        ("systems/example-system.yaml", SYSTEM),
        ("assessment.yaml", &assessment),
        ("evidence/example-system-intended-use.md", INTENDED_USE),
        ("README.md", README),
    ];
    let mut report = InitReport::default();
    for (rel, contents) in files {
        let path = dir.join(rel);
        let exists = path.symlink_metadata().is_ok();
        if exists && !force {
            report.skipped.push(rel.to_string());
            continue;
        }
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)
                .map_err(|source| InitError::CreateDir { path: parent.to_path_buf(), source })?;
        }
        crate::output::write_atomic(&path, contents)
            .map_err(|source| InitError::Write { path: path.clone(), source })?;
        if exists { &mut report.overwritten } else { &mut report.created }.push(rel.to_string());
    }
    Ok(report)
}
