//! One piece of evidence, of an assessment entry or of an AI system's record: is it there, is it dated, is it
//! current? Findings: `claim-without-evidence` (no file named), `evidence-missing`, `evidence-undated`,
//! `evidence-stale`. Whether the file exists was settled by `load`; nothing here touches the disk.

use super::{Engine, EvidenceResult, EvidenceState, Finding, SystemStatus};
use crate::catalogue::Requirement;
use crate::rules::Code;
use crate::workspace::{Entry, Evidence, FileState, Status};

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
        findings.push(Finding::new(code, message, system.map(str::to_string), Some(evidence.location.clone()), action));
        true
    }
}

impl Engine<'_> {
    /// The evidence of a requirement as the report lists it: the entry's records in file order, then, for a
    /// per-system requirement, the own record of each in-scope system it applies to (in the order of `systems`).
    pub(super) fn evidence_results(
        &self,
        req: &Requirement,
        entry: Option<&Entry>,
        systems: &[SystemStatus],
    ) -> Vec<EvidenceResult> {
        let mut results: Vec<EvidenceResult> =
            entry.map(|e| e.evidence.iter().map(|ev| self.evidence_result(ev, None)).collect()).unwrap_or_default();
        if let Some(kind) = req.system_evidence {
            for (system, status) in self.in_scope.iter().zip(systems) {
                if status.status == Status::NotApplicable {
                    continue;
                }
                if let Some(record) = system.evidence.get(&kind) {
                    results.push(self.evidence_result(record, Some(&system.id)));
                }
            }
        }
        results
    }

    /// One record as the report lists it, with the code of the finding [`Engine::check_evidence`] raises for it
    /// (a test keeps the two in step).
    fn evidence_result(&self, e: &Evidence, system: Option<&str>) -> EvidenceResult {
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
            system: system.map(str::to_string),
            shortfall: self.shortfall(e),
        }
    }

    /// The code of the finding a record raises, `None` when it counts.
    fn shortfall(&self, e: &Evidence) -> Option<Code> {
        let months = self.workspace.settings.review_interval_months;
        match (e.file_state, e.reviewed) {
            (FileState::NotGiven, _) => Some(Code::ClaimWithoutEvidence),
            (FileState::Missing | FileState::Empty | FileState::NotAFile | FileState::WorkspaceInput, _) => {
                Some(Code::EvidenceMissing)
            }
            (FileState::Present, None) => Some(Code::EvidenceUndated),
            (FileState::Present, Some(r)) if r.add_months(months) < self.as_of => Some(Code::EvidenceStale),
            (FileState::Present, Some(_)) => None,
        }
    }
}
