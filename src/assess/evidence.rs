//! One piece of evidence, of an assessment entry or of an AI system's record: does it point at something, is it
//! approved and in force, is it dated, is it current? Findings: `claim-without-evidence` (nothing named),
//! `evidence-missing`, `evidence-draft`, `evidence-superseded`, `evidence-not-yet-effective`, `evidence-undated`,
//! `evidence-stale`. Whether a file exists was settled by `load`; nothing here touches the disk.
//!
//! One record gives at most one finding, the first shortfall in the order of [`EvidenceVerdict`]: a draft that is
//! also missing is reported missing, a stale draft is reported as a draft. The verdict the report lists and the
//! finding come from the same function, so they never disagree.

use super::{Engine, EvidenceResult, EvidenceState, EvidenceVerdict, Finding, SystemStatus};
use crate::catalogue::Requirement;
use crate::date::Date;
use crate::rules::Code;
use crate::workspace::{Entry, Evidence, EvidenceStatus, FileState, Status, System};

impl Engine<'_> {
    /// Checks one piece of evidence for `req` (of `system`, for a system's record); pushes a finding when it falls
    /// short, and returns the record as the report lists it (its verdict says whether it counts).
    pub(super) fn check_evidence(
        &self,
        req: &Requirement,
        evidence: &Evidence,
        system: Option<&str>,
        findings: &mut Vec<Finding>,
    ) -> EvidenceResult {
        let months = self.workspace.settings.review_interval_months;
        let verdict = verdict(evidence, self.as_of, months);
        if !verdict.counts() {
            findings.push(finding(req, evidence, verdict, system, self.as_of, months));
        }
        result(evidence, verdict)
    }
}

impl Engine<'_> {
    /// A record as the report lists it, with its verdict, without a finding: an entry's records are listed whatever
    /// its status, and checked (with findings) only where its status rests on them.
    pub(super) fn listed(&self, evidence: &Evidence) -> EvidenceResult {
        result(evidence, verdict(evidence, self.as_of, self.workspace.settings.review_interval_months))
    }

    /// The evidence of a requirement as the report lists it: the entry's records in file order, then each in-scope
    /// system's own record (with `system` set), in the order of `systems`. `records` are the systems' records, in the
    /// same order; each system's `evidence` is set to where its record is filed.
    pub(super) fn evidence_results(
        &self,
        entry: Option<&Entry>,
        systems: &mut [SystemStatus],
        records: Vec<Option<EvidenceResult>>,
    ) -> Vec<EvidenceResult> {
        let mut evidence: Vec<EvidenceResult> =
            entry.into_iter().flat_map(|e| e.evidence.iter().map(|ev| self.listed(ev))).collect();
        evidence.reserve(records.iter().flatten().count());
        for (s, record) in systems.iter_mut().zip(records) {
            if let Some(mut record) = record {
                s.evidence = Some(u32::try_from(evidence.len()).expect("fewer than 2^32 evidence records"));
                record.system = Some(s.system.clone());
                evidence.push(record);
            }
        }
        evidence
    }

    /// The record of `system` that a per-system control with `status` reads, as the report lists it; `None` when the
    /// control does not apply to the system or the system has no such record.
    pub(super) fn system_record(&self, req: &Requirement, system: &System, status: Status) -> Option<EvidenceResult> {
        if status == Status::NotApplicable {
            return None;
        }
        req.system_evidence.and_then(|kind| system.evidence.get(&kind)).map(|e| self.listed(e))
    }
}

/// What `evidence` is worth as of `as_of`, with evidence older than `months` stale: the first shortfall in the order
/// of [`EvidenceVerdict`], else current (or external).
pub(super) fn verdict(evidence: &Evidence, as_of: Date, months: u32) -> EvidenceVerdict {
    let found = match evidence.file_state {
        FileState::Present => None,
        FileState::NotGiven if evidence.is_external() => None,
        FileState::NotGiven => Some(EvidenceVerdict::NotGiven),
        FileState::Missing => Some(EvidenceVerdict::Missing),
        FileState::Empty => Some(EvidenceVerdict::Empty),
        FileState::Folder => Some(EvidenceVerdict::Folder),
        FileState::NotAFile => Some(EvidenceVerdict::NotAFile),
        FileState::WorkspaceInput => Some(EvidenceVerdict::WorkspaceInput),
    };
    found
        .or(match evidence.status {
            EvidenceStatus::Draft => Some(EvidenceVerdict::Draft),
            EvidenceStatus::Superseded => Some(EvidenceVerdict::Superseded),
            EvidenceStatus::Approved => None,
        })
        .or(evidence.effective.is_some_and(|e| e > as_of).then_some(EvidenceVerdict::NotYetEffective))
        .or(match evidence.reviewed {
            None => Some(EvidenceVerdict::Undated),
            Some(r) if r.add_months(months) < as_of => Some(EvidenceVerdict::Stale),
            Some(_) => None,
        })
        .unwrap_or(if evidence.is_external() { EvidenceVerdict::External } else { EvidenceVerdict::Current })
}

/// The finding of a record that does not count.
fn finding(
    req: &Requirement,
    evidence: &Evidence,
    verdict: EvidenceVerdict,
    system: Option<&str>,
    as_of: Date,
    months: u32,
) -> Finding {
    let whose = system.map_or_else(|| req.id.clone(), |s| format!("{} (system {s})", req.id));
    let file = evidence.file.as_deref().unwrap_or("");
    // How the record is named in a sentence: its file, else its external reference.
    let named = match (&evidence.file, &evidence.register_id, &evidence.url) {
        (Some(f), _, _) => format!("evidence `{f}`"),
        (None, Some(id), _) => format!("external evidence `{id}`"),
        (None, None, Some(url)) => format!("external evidence `{url}`"),
        (None, None, None) => "evidence".to_string(),
    };
    let (code, message, action) = match verdict {
        EvidenceVerdict::Current | EvidenceVerdict::External => unreachable!("only a shortfall has a finding"),
        EvidenceVerdict::NotGiven => (
            Code::ClaimWithoutEvidence,
            format!("evidence for {whose} names no file, URL or register ID"),
            "Give the evidence's `file:` path inside the workspace, or the `url:` or `register_id:` of the document \
             where it is kept."
                .to_string(),
        ),
        EvidenceVerdict::Missing => (
            Code::EvidenceMissing,
            format!("evidence file `{file}` for {whose} does not exist"),
            format!("Add `{file}` to the workspace or correct the path."),
        ),
        EvidenceVerdict::Empty => (
            Code::EvidenceMissing,
            format!("evidence file `{file}` for {whose} is empty, so it shows nothing"),
            format!("Put the document's content in `{file}`, or point at the file that holds it."),
        ),
        EvidenceVerdict::Folder => (
            Code::EvidenceMissing,
            format!("evidence `{file}` for {whose} is a folder, not a document"),
            "Name the document itself, e.g. a file inside the folder; give each document its own evidence record."
                .to_string(),
        ),
        EvidenceVerdict::NotAFile => (
            Code::EvidenceMissing,
            format!("evidence `{file}` for {whose} is not a regular file (a pipe, device or socket)"),
            "Point the record at the document itself.".to_string(),
        ),
        EvidenceVerdict::WorkspaceInput => (
            Code::EvidenceMissing,
            format!("evidence `{file}` for {whose} is a workspace input file, not evidence"),
            "Point the record at the document that shows the requirement is met, e.g. under evidence/.".to_string(),
        ),
        EvidenceVerdict::Draft => (
            Code::EvidenceDraft,
            format!("{named} for {whose} is a draft, not yet approved"),
            "Have the document approved, then record `status: approved` (or remove `status: draft`).".to_string(),
        ),
        EvidenceVerdict::Superseded => (
            Code::EvidenceSuperseded,
            format!("{named} for {whose} is superseded by a newer version"),
            "Point the record at the version in force, with its review date.".to_string(),
        ),
        EvidenceVerdict::NotYetEffective => (
            Code::EvidenceNotYetEffective,
            format!(
                "{named} for {whose} takes effect on {}, after {as_of}",
                evidence.effective.map(|d| d.to_string()).unwrap_or_default()
            ),
            "Reassess once the document is in force, or point at the version in force now.".to_string(),
        ),
        EvidenceVerdict::Undated => (
            Code::EvidenceUndated,
            format!("{named} for {whose} has no review date"),
            "Review the document and record `reviewed: YYYY-MM-DD`.".to_string(),
        ),
        EvidenceVerdict::Stale => (
            Code::EvidenceStale,
            format!(
                "{named} for {whose} was last reviewed on {}, more than {} before {as_of}",
                evidence.reviewed.map(|d| d.to_string()).unwrap_or_default(),
                crate::render::months_text(months)
            ),
            match &evidence.file {
                Some(f) => format!("Review `{f}`, update it if needed, and record the new review date."),
                None => "Review the document, update it if needed, and record the new review date.".to_string(),
            },
        ),
    };
    let mut finding = Finding::new(code, message, system.map(str::to_string), Some(evidence.location.clone()), action);
    // What the finding is about, for identities that survive other findings coming and going (SARIF fingerprints).
    finding.evidence = evidence.file.clone().or_else(|| evidence.register_id.clone()).or_else(|| evidence.url.clone());
    finding
}

/// A record as the report lists it, with its verdict.
fn result(e: &Evidence, verdict: EvidenceVerdict) -> EvidenceResult {
    EvidenceResult {
        file: e.file.clone(),
        reviewed: e.reviewed,
        state: match e.file_state {
            FileState::Present => EvidenceState::Present,
            FileState::Missing => EvidenceState::Missing,
            FileState::NotGiven if e.is_external() => EvidenceState::External,
            FileState::NotGiven => EvidenceState::NotGiven,
            FileState::Empty => EvidenceState::Empty,
            FileState::Folder => EvidenceState::Folder,
            FileState::NotAFile => EvidenceState::NotAFile,
            FileState::WorkspaceInput => EvidenceState::WorkspaceInput,
        },
        status: e.status,
        effective: e.effective,
        url: e.url.clone(),
        register_id: e.register_id.clone(),
        external: e.is_external(),
        title: e.title.clone(),
        description: e.description.clone(),
        system: None,
        shortfall: verdict.code(),
        verdict,
    }
}
