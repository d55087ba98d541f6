//! One piece of evidence, of an assessment entry or of an AI system's record: is it there, is it dated, is it
//! current? Findings: `claim-without-evidence` (no file named), `evidence-missing`, `evidence-undated`,
//! `evidence-stale`. Whether the file exists was settled by `load`; nothing here touches the disk.

use super::{Engine, EvidenceResult, EvidenceState, Finding};
use crate::catalogue::Requirement;
use crate::rules::Code;
use crate::workspace::{Evidence, FileState};

impl Engine<'_> {
    /// Checks one piece of evidence for `req` (of `system`, for a system's record); pushes a finding and returns
    /// true when it falls short.
    pub(super) fn check_evidence(
        &self,
        req: &Requirement,
        evidence: &Evidence,
        system: Option<&str>,
        findings: &mut Vec<Finding>,
    ) -> bool {
        let months = self.workspace.settings.review_interval_months;
        let stale = evidence.reviewed.is_some_and(|r| r.add_months(months) < self.as_of);
        // Built only for a finding: most evidence is current, and this runs once per system and control.
        let whose = || system.map_or_else(|| req.id.clone(), |s| format!("{} (system {s})", req.id));
        let file = evidence.file.as_deref().unwrap_or("");
        let (code, message, action) = match (evidence.file_state, evidence.reviewed, stale) {
            (FileState::NotGiven, _, _) => (
                Code::ClaimWithoutEvidence,
                format!("evidence for {} names no file", whose()),
                "Give the evidence's `file:` path inside the workspace.".to_string(),
            ),
            (FileState::Missing, _, _) => (
                Code::EvidenceMissing,
                format!("evidence file `{file}` for {} does not exist", whose()),
                format!("Add `{file}` to the workspace or correct the path."),
            ),
            (FileState::Empty, _, _) => (
                Code::EvidenceMissing,
                format!("evidence file `{file}` for {} is empty", whose()),
                format!("Put the document's content in `{file}`, or point at the file that holds it."),
            ),
            (FileState::NotAFile, _, _) => (
                Code::EvidenceMissing,
                format!("evidence `{file}` for {} is not a file (a folder, pipe or device)", whose()),
                "Point the record at the document itself.".to_string(),
            ),
            (FileState::WorkspaceInput, _, _) => (
                Code::EvidenceMissing,
                format!("evidence `{file}` for {} is a workspace input file, not evidence", whose()),
                "Point the record at the document that shows the requirement is met, e.g. under evidence/.".to_string(),
            ),
            (FileState::Present, None, _) => (
                Code::EvidenceUndated,
                format!("evidence `{file}` for {} has no review date", whose()),
                "Review the document and record `reviewed: YYYY-MM-DD`.".to_string(),
            ),
            (FileState::Present, Some(reviewed), true) => (
                Code::EvidenceStale,
                format!(
                    "evidence `{file}` for {} was last reviewed on {reviewed}, more than {months} months before {}",
                    whose(),
                    self.as_of
                ),
                format!("Review `{file}`, update it if needed, and record the new review date."),
            ),
            (FileState::Present, Some(_), false) => return false,
        };
        let mut finding =
            Finding::new(code, message, system.map(str::to_string), Some(evidence.location.clone()), action);
        finding.evidence = evidence.file.clone();
        findings.push(finding);
        true
    }
}

/// An entry's evidence as the report lists it.
pub(super) fn result(e: &Evidence) -> EvidenceResult {
    EvidenceResult {
        file: e.file.clone(),
        reviewed: e.reviewed,
        state: match e.file_state {
            FileState::Present => EvidenceState::Present,
            FileState::Missing => EvidenceState::Missing,
            FileState::NotGiven => EvidenceState::NotGiven,
            FileState::Empty => EvidenceState::Empty,
            FileState::NotAFile => EvidenceState::NotAFile,
            FileState::WorkspaceInput => EvidenceState::WorkspaceInput,
        },
    }
}
