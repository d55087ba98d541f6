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

/// Why the scaffold could not be written. Every file is checked before any is written; a failure while writing
/// leaves the files already written whole.
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
    /// A folder or file of the scaffold is not what it should be: a `systems/` or `evidence/` that is a link out of
    /// the workspace or not a folder, or (with `force`) a file that is a link, a pipe or a device.
    #[error("refusing to write {}: {reason}; {help}", path.display())]
    Refused {
        /// The folder or file.
        path: PathBuf,
        /// Why.
        reason: String,
        /// What to do.
        help: String,
    },
    /// A file could not be written.
    #[error(transparent)]
    Write(#[from] crate::output::OutputError),
    /// The folder is a workspace already, or lies inside one: a scaffold there would add an example system to a real
    /// inventory, or nest a second workspace inside the first (in its `systems/`, say).
    #[error("{}", inside_message(dir, workspace))]
    InsideWorkspace {
        /// The folder `aims init` was asked to fill, as given.
        dir: PathBuf,
        /// The workspace found at or above it ([`crate::discover::enclosing_target`]).
        workspace: crate::discover::Found,
    },
}

fn inside_message(dir: &Path, found: &crate::discover::Found) -> String {
    if found.levels_up == 0 && dir.canonicalize().is_ok_and(|real| real == found.dir) {
        format!(
            "{} is a workspace already (it holds {}); nothing was written\n  = help: edit its files, check them with \
             `aims validate`, or run `aims init DIR` with a new folder outside it; `aims init --force` rewrites this \
             workspace's aims.toml, organisation.yaml, assessment.yaml and README.md with the scaffold's",
            dir.display(),
            found.marker
        )
    } else {
        format!(
            "{} is inside the workspace {} (it holds {}); nothing was written\n  = help: the workspace is found from \
             any folder inside it, so run `aims gap` or `aims validate` here; to start another workspace, run \
             `aims init DIR` with a folder outside it",
            dir.display(),
            found.dir.display(),
            found.marker
        )
    }
}

const SETTINGS: &str = r#"# aims settings. Every setting is optional; docs/workspace.md describes them all.

[evidence]
# Evidence whose `reviewed` date is older than this is stale.
review_interval_months = 12

# The report's cover. Uncomment and fill in what applies; each line shows on the report, the Statement of
# Applicability and the plan.
[report]
title = "AI management system gap assessment"
# assessor = "Jane Doe, Lead Auditor"           # who carried out the assessment ("Prepared by")
# firm = "Example Assurance LLP"                # the assessor's firm
# client = "Example Ltd board"                  # whom the report is for, when not the organisation itself
# version = "0.1"                               # the report's version
# confidentiality = "Confidential: Example Ltd only"   # the marking at the top of every document
# [[report.history]]                            # one entry per issued version, oldest first
# version = "0.1"
# date = 2026-01-15
# note = "First draft for the steering committee"

# The risk criteria (ISO/IEC 42001 6.1.1): the rating scales, lowest level first; ratings are likelihood x
# consequence, and a risk rated above `accept_up_to` needs a treatment or an acceptance by one of the `acceptors`.
[risk]
likelihood = ["rare", "unlikely", "possible", "likely", "almost certain"]
consequence = ["negligible", "minor", "moderate", "major", "severe"]
accept_up_to = 6
acceptors = ["Chief Risk Officer"]
review_interval_months = 12

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
# eu_ai_act:                      # see docs/eu-ai-act.md
#   roles: [deployer]             # provider, deployer, importer, distributor, ... (several allowed)
#   classifications: [minimal]    # prohibited, annex_i, annex_iii, art_50_1 .. art_50_4, gpai_model, minimal, ...
#   annex_iii_areas: ["4(a): recruitment"]
#   facts: {disclosure: "How people are told they deal with AI"}
# The records the per-system Annex A controls read. Each: a file inside the workspace, or a document kept
# elsewhere (url: https://..., register_id: QMS-...; shown as "external, not verified by aims"), the reviewed date,
# and optionally status (approved by default; draft and superseded do not count) and effective (YYYY-MM-DD).
evidence:
  intended_use:
    file: evidence/example-system-intended-use.md
    reviewed: 2026-01-01
    status: draft       # a draft does not count: write the real document, then set approved (or remove this line)
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

const RISKS: &str = r#"# The AI risk register (ISO/IEC 42001 6.1.2, 6.1.3, 8.2, 8.3): one entry per risk. Ratings use the scales of
# aims.toml [risk], as a level number (1 = lowest) or its name. The controls a treatment chooses are listed in the
# Statement of Applicability as the reason for including them. docs/risk.md explains each field.
risks:
  - id: R-1
    title: "Example: the system's output is wrong and nobody notices (replace with a real risk)"
    description: "What could happen, to whom, and why."
    # environment_complexity, transparency, automation, machine_learning, hardware, life_cycle,
    # technology_readiness or other (ISO/IEC 42001 Annex C.3)
    source: machine_learning
    affected: ["Customers"]
    systems: [example-system]
    # owner: "The person or role who owns the risk"      # aims reports `risk-incomplete` until it is set
    inherent: {likelihood: possible, consequence: major}
    treatment:
      option: modify                # modify, avoid, share or retain
      controls: ["A.6.2.6", "A.9.2"]  # the Annex A controls chosen
      other_controls: ["Weekly sample check by a person"]
      actions:
        - description: "Set up monitoring of the output quality"
          owner: "The person who will do it"
          due: 2027-03-31
          # done: 2027-03-15        # when it was completed
    residual: {likelihood: unlikely, consequence: moderate}
    # acceptance: {by: Chief Risk Officer, on: 2026-12-01}   # needed when `residual` stays above accept_up_to
    # reviewed: 2026-12-01          # the date of the last review, once the risk is assessed
"#;

const IMPACT_ASSESSMENT: &str = r#"# The impact assessment of one AI system (ISO/IEC 42001 6.1.4, 8.4, A.5.2-A.5.5), along the topics of
# ISO/IEC 42005. Copy this file for each AI system; name it after the system's `id`. An assessment with a
# `fundamental_rights` area is also the input to an EU AI Act Art. 27 fundamental-rights impact assessment.
system: example-system
scope: "What the assessment covers and the context the system works in."
intended_use: "What the system is meant to do, for whom."
foreseeable_misuse: "How it could reasonably be misused."
affected:
  individuals: ["Customers"]
  groups: []
  society: []
# Every area, each once: fundamental_rights, fairness, privacy, safety (A.5.4) and economic, environment,
# societal (A.5.5). Where the system has no such impact, say so in `impact`. Likelihood and severity use the
# scales of aims.toml [risk].
areas:
  - area: fundamental_rights
    impact: "Replace with the impact on rights such as non-discrimination, privacy or access to remedies."
    likelihood: unlikely
    severity: moderate
    measures: "What prevents or reduces it."
  - area: fairness
    impact: "Replace with the impact on fairness between individuals and groups."
  - area: privacy
    impact: "Replace with the impact on privacy and personal data."
  - area: safety
    impact: "Replace with the impact on physical and psychological safety."
  - area: economic
    impact: "Replace with the economic impact."
  - area: environment
    impact: "Replace with the environmental impact."
  - area: societal
    impact: "Replace with the impact on society at large."
consultation: "Who was consulted, and how."
results: "The conclusions of the assessment."
# approved: {by: "Who approved it", on: 2026-12-01}   # aims reports it unapproved until it is set
# reviewed: 2026-12-01                                # and stale until it has a review date
"#;

const INTENDED_USE: &str = "# Example system: intended use\n\nReplace with the documented intended use of the \
system: what it is for, who uses it, and what it must not be used for.\n";

const README: &str = r#"# AI management system workspace

This folder describes the organisation's AI management system for an ISO/IEC 42001 gap assessment with `aims`.

| file | what to do |
|---|---|
| `organisation.yaml` | name, scope of the AI management system, AI roles, interested parties |
| `systems/` | one file per AI system, named after its `id`; a new workspace has `example-system.yaml` to copy |
| `assessment.yaml` | for every requirement: status, owner, evidence, justification, planned action. Each entry lists the questions to ask |
| `evidence/` | the documents the assessment points to |
| `risks.yaml` | the AI risk register: each risk's rating, owner, treatment, chosen controls and actions; a new workspace has one example risk |
| `impact-assessments/` | one impact assessment per AI system; a new workspace has `example-system.yaml` to copy |
| `aims.toml` | settings: review interval, report title, risk criteria, CI gate, waivers |

Statuses: `compliant`, `partially_compliant`, `non_compliant`, `not_applicable` (Annex A controls only, with a
`justification`), `not_assessed`. A claim is not evidence: `compliant` needs approved evidence with a `reviewed` date,
either a file in `evidence/` or a `url`/`register_id` of a document kept in a document system (marked "external, not
verified by aims").

Check the files with `aims validate`, write the report with `aims gap --output gap-report.md`, and read
`aims controls ID` for what a requirement asks and the evidence an auditor expects.
"#;

/// The assessment file: every organisation-level requirement as `not_assessed`, with its questions as comments; a
/// per-system control gets its questions and a note, but no entry (its systems' records assess it).
fn assessment(catalogue: &Catalogue) -> String {
    let mut out = String::from(
        "# The self-assessment: one entry per requirement. Set each `status` after asking the questions above it.\n\
         # compliant | partially_compliant | non_compliant | not_applicable (Annex A only, with `justification`)\n\
         # | not_assessed. Evidence: a list of {file (or url / register_id), reviewed, status: draft | approved |\n\
         # superseded, effective}; only approved evidence counts. Gaps: an `action` with description, owner, due\n\
         # (or `same_as: \"5.3\"` alone, when the entry of 5.3 plans the same piece of work).\n\
         requirements:\n",
    );
    for group in &catalogue.groups {
        let _ = writeln!(out, "\n  # ===== {} {} =====", group.id, group.title);
        for req in &group.requirements {
            let _ = writeln!(out, "\n  # {} {}", req.id, req.display_title());
            for q in &req.questions {
                let _ = writeln!(out, "  #   - {q}");
            }
            if req.scope == Scope::AiSystem {
                // No placeholder: the systems' records assess a per-system control.
                let record = req.system_evidence.map_or("", |k| k.as_str());
                let _ = writeln!(
                    out,
                    "  # Assessed per AI system from each system's `{record}` record. Add an entry only for notes,\n  \
                     # evidence of your own or to exclude it for the whole organisation (with a `justification`)."
                );
                continue;
            }
            let _ = writeln!(out, "  - requirement: \"{}\"\n    status: not_assessed", req.id);
        }
    }
    out
}

/// The scaffold's folders: `systems/` and `evidence/`; a new workspace also gets `impact-assessments/` for the
/// example's impact assessment.
const FOLDERS: [&str; 2] = ["systems", "evidence"];

/// The files of the example AI system, its example risk and its impact assessment template, which only a new
/// workspace gets.
const EXAMPLE_FILES: [&str; 4] = [
    "systems/example-system.yaml",
    "evidence/example-system-intended-use.md",
    "risks.yaml",
    "impact-assessments/example-system.yaml",
];

/// `aims init`: writes a new workspace into `dir` (created if needed), with an example AI system to copy.
///
/// A folder that is a workspace already (it holds `organisation.yaml` or `aims.toml`) or lies inside one is refused
/// before anything is written ([`crate::discover`]), so that a scaffold never lands in a client's `systems/` and
/// never adds the example system to a real inventory. The one exception is `force` in the workspace's own folder:
/// it rewrites those of the scaffold's settings, organisation, assessment and README that exist there, and adds no
/// file. In a new folder, existing files are skipped unless `force`.
///
/// Nothing is written outside `dir`: a `systems/` or `evidence/` that is a symbolic link must lead to a folder
/// inside it, and a file that is a link, a pipe or a device is refused, never written through. Every file is
/// checked, then all are rendered to temporary files and renamed into place together.
///
/// # Errors
/// [`InitError::InsideWorkspace`] as above; otherwise a folder cannot be created, a folder or file is refused, or a
/// file cannot be written.
pub fn scaffold(catalogue: &Catalogue, dir: &Path, force: bool) -> Result<InitReport, InitError> {
    let mut kind = Kind::New;
    if let Some(workspace) = crate::discover::enclosing_target(dir) {
        let own_folder = workspace.levels_up == 0 && dir.canonicalize().is_ok_and(|real| real == workspace.dir);
        if !(force && own_folder) {
            return Err(InitError::InsideWorkspace { dir: dir.to_path_buf(), workspace });
        }
        kind = Kind::Rewrite;
    }
    write(catalogue, dir, force, kind)
}

/// Which of the scaffold's files [`write`] writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    /// A new workspace: every file, the example AI system's included.
    New,
    /// A workspace for an import: every file but the example AI system's.
    Import,
    /// `--force` in an existing workspace: only the scaffold's files that exist, never the example AI system's.
    Rewrite,
}

/// The workspace `aims import` creates when its folder is not a workspace yet: the scaffold without the example AI
/// system (the import brings the real ones). Refused inside another workspace, like [`scaffold`].
///
/// # Errors
/// As [`scaffold`].
pub fn scaffold_for_import(catalogue: &Catalogue, dir: &Path) -> Result<InitReport, InitError> {
    if let Some(workspace) = crate::discover::enclosing_target(dir) {
        return Err(InitError::InsideWorkspace { dir: dir.to_path_buf(), workspace });
    }
    write(catalogue, dir, false, Kind::Import)
}

/// Writes the scaffold's files that `kind` asks for into `dir`.
fn write(catalogue: &Catalogue, dir: &Path, force: bool, kind: Kind) -> Result<InitReport, InitError> {
    let assessment = assessment(catalogue);
    let files = [
        ("aims.toml", SETTINGS),
        ("organisation.yaml", ORGANISATION),
        ("systems/example-system.yaml", SYSTEM),
        ("assessment.yaml", &assessment),
        ("evidence/example-system-intended-use.md", INTENDED_USE),
        ("risks.yaml", RISKS),
        ("impact-assessments/example-system.yaml", IMPACT_ASSESSMENT),
        ("README.md", README),
    ];
    let files = files.into_iter().filter(|(rel, _)| match kind {
        Kind::New => true,
        Kind::Import => !EXAMPLE_FILES.contains(rel),
        Kind::Rewrite => !EXAMPLE_FILES.contains(rel) && dir.join(rel).symlink_metadata().is_ok(),
    });
    std::fs::create_dir_all(dir).map_err(|source| InitError::CreateDir { path: dir.to_path_buf(), source })?;
    let root = dir.canonicalize().map_err(|source| InitError::CreateDir { path: dir.to_path_buf(), source })?;
    let mut missing = Vec::new();
    for name in FOLDERS.into_iter().chain((kind == Kind::New).then_some("impact-assessments")) {
        let path = dir.join(name);
        if !confined_folder(&root, &path)? {
            missing.push(path);
        }
    }
    let mut report = InitReport::default();
    let mut writes = Vec::new();
    for (rel, contents) in files {
        let path = dir.join(rel);
        match path.symlink_metadata() {
            Ok(_) if !force => report.skipped.push(rel.to_string()),
            Ok(meta) if meta.is_file() => writes.push((rel, contents, path, true)),
            Ok(meta) => {
                let is = if meta.file_type().is_symlink() { "a symbolic link" } else { "not a regular file" };
                return Err(refused(&path, &format!("it is {is}"), "remove it, then run `aims init` again"));
            }
            Err(_) => writes.push((rel, contents, path, false)),
        }
    }
    for path in missing {
        std::fs::create_dir(&path).map_err(|source| InitError::CreateDir { path, source })?;
    }
    let mut batch = crate::output::Batch::new();
    for (rel, contents, path, exists) in writes {
        batch.stage(crate::output::Target::new(&path)?, |out| out.write_all(contents.as_bytes()))?;
        if exists { &mut report.overwritten } else { &mut report.created }.push(rel.to_string());
    }
    batch.commit()?;
    Ok(report)
}

/// Whether the workspace's folder `path` exists, refusing one that is not a folder or that leads (by a link) out of
/// the workspace whose real folder is `root`.
pub(crate) fn confined_folder(root: &Path, path: &Path) -> Result<bool, InitError> {
    let meta = match path.symlink_metadata() {
        Ok(meta) => meta,
        Err(_) => return Ok(false),
    };
    if meta.file_type().is_symlink() {
        let inside = path.canonicalize().is_ok_and(|real| real.starts_with(root) && real.is_dir());
        if !inside {
            return Err(refused(
                path,
                "it is a symbolic link that does not lead to a folder inside the workspace",
                "aims writes only inside the workspace; replace the link with a folder",
            ));
        }
        return Ok(true);
    }
    if !meta.is_dir() {
        return Err(refused(path, "it is not a folder", "move it away, then run again"));
    }
    Ok(true)
}

fn refused(path: &Path, reason: &str, help: &str) -> InitError {
    InitError::Refused { path: path.to_path_buf(), reason: reason.to_string(), help: help.to_string() }
}
