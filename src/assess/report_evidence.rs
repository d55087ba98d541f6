//! The evidence records of the report: what was found where a record points ([`EvidenceState`]), what the record
//! is worth ([`EvidenceVerdict`], decided once by the assessment) and the record as the report lists it
//! ([`EvidenceResult`]). Re-exported by [`super::report`].

use serde::Serialize;

use crate::date::Date;
use crate::rules::Code;
use crate::workspace::EvidenceStatus;

/// What `load` found where an evidence record points.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, serde::Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum EvidenceState {
    /// The file exists inside the workspace.
    Present,
    /// The file named does not exist.
    Missing,
    /// The record names no file and no external reference.
    NotGiven,
    /// The file is empty (zero bytes): it does not count.
    Empty,
    /// The path names a pipe, device or socket, not a file: it does not count.
    NotAFile,
    /// The path names one of the workspace's own input files (aims.toml, organisation.yaml, a system or
    /// assessment file): it does not count.
    WorkspaceInput,
    /// The path names a folder, not a document: it does not count.
    Folder,
    /// The record names no file but a document kept elsewhere (`url`, `register_id`): aims cannot look at it.
    External,
}

impl EvidenceState {
    /// Whether the record points at a document: a file in the workspace, or one kept elsewhere and referenced. A
    /// record whose file is missing, empty or not a document is a claim.
    pub fn is_document(self) -> bool {
        matches!(self, EvidenceState::Present | EvidenceState::External)
    }

    /// How the documents word a record's review date: "reviewed" when it points at a document
    /// ([`EvidenceState::is_document`]), "recorded as reviewed" when nothing was found where it points, so that a
    /// missing file never reads as a document someone reviewed.
    pub fn reviewed_words(self) -> &'static str {
        if self.is_document() { "reviewed" } else { "recorded as reviewed" }
    }
}

/// What one evidence record is worth, decided once by the assessment: whether it counts and, if not, the first
/// reason why, in this order: where it points (nothing, a missing, empty or unusable file), its approval status, its
/// effective date, its review date. Every deliverable prints this, through [`EvidenceVerdict::mark`], and decides
/// nothing of its own.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum EvidenceVerdict {
    /// A file in the workspace, approved, in force and reviewed within the review interval: it counts.
    Current,
    /// A document kept outside the workspace (a URL or a document-register ID), approved, in force and reviewed
    /// within the review interval: it counts like a file, and is marked "external, not verified by aims".
    External,
    /// The record names no file and no external reference (`claim-without-evidence`).
    NotGiven,
    /// No file at the path (`evidence-missing`).
    Missing,
    /// An empty file (`evidence-missing`).
    Empty,
    /// A folder, not a document (`evidence-missing`).
    Folder,
    /// A pipe, device or socket, not a regular file (`evidence-missing`).
    NotAFile,
    /// One of the workspace's own input files (`evidence-missing`).
    WorkspaceInput,
    /// A draft, not yet approved (`evidence-draft`).
    Draft,
    /// Replaced by a newer version (`evidence-superseded`).
    Superseded,
    /// Its effective date is after the as-of date (`evidence-not-yet-effective`).
    NotYetEffective,
    /// No review date (`evidence-undated`).
    Undated,
    /// Reviewed longer ago than the review interval (`evidence-stale`).
    Stale,
}

impl EvidenceVerdict {
    /// Every verdict, in the order of the enum.
    pub const ALL: [EvidenceVerdict; 13] = [
        EvidenceVerdict::Current,
        EvidenceVerdict::External,
        EvidenceVerdict::NotGiven,
        EvidenceVerdict::Missing,
        EvidenceVerdict::Empty,
        EvidenceVerdict::Folder,
        EvidenceVerdict::NotAFile,
        EvidenceVerdict::WorkspaceInput,
        EvidenceVerdict::Draft,
        EvidenceVerdict::Superseded,
        EvidenceVerdict::NotYetEffective,
        EvidenceVerdict::Undated,
        EvidenceVerdict::Stale,
    ];

    /// The verdict whose JSON text is `text` (`"draft"`), if any.
    pub fn parse(text: &str) -> Option<EvidenceVerdict> {
        EvidenceVerdict::ALL.into_iter().find(|v| v.as_str() == text)
    }

    /// The code of the finding a record with this verdict raises; `None` when it counts.
    pub fn code(self) -> Option<Code> {
        Some(match self {
            EvidenceVerdict::Current | EvidenceVerdict::External => return None,
            EvidenceVerdict::NotGiven => Code::ClaimWithoutEvidence,
            EvidenceVerdict::Missing
            | EvidenceVerdict::Empty
            | EvidenceVerdict::Folder
            | EvidenceVerdict::NotAFile
            | EvidenceVerdict::WorkspaceInput => Code::EvidenceMissing,
            EvidenceVerdict::Draft => Code::EvidenceDraft,
            EvidenceVerdict::Superseded => Code::EvidenceSuperseded,
            EvidenceVerdict::NotYetEffective => Code::EvidenceNotYetEffective,
            EvidenceVerdict::Undated => Code::EvidenceUndated,
            EvidenceVerdict::Stale => Code::EvidenceStale,
        })
    }

    /// Whether the record counts as evidence: [`EvidenceVerdict::Current`] and [`EvidenceVerdict::External`] do.
    pub fn counts(self) -> bool {
        matches!(self, EvidenceVerdict::Current | EvidenceVerdict::External)
    }

    /// The verdict as JSON writes it: `current`, `external`, `not_given`, `missing`, …
    pub fn as_str(self) -> &'static str {
        match self {
            EvidenceVerdict::Current => "current",
            EvidenceVerdict::External => "external",
            EvidenceVerdict::NotGiven => "not_given",
            EvidenceVerdict::Missing => "missing",
            EvidenceVerdict::Empty => "empty",
            EvidenceVerdict::Folder => "folder",
            EvidenceVerdict::NotAFile => "not_a_file",
            EvidenceVerdict::WorkspaceInput => "workspace_input",
            EvidenceVerdict::Draft => "draft",
            EvidenceVerdict::Superseded => "superseded",
            EvidenceVerdict::NotYetEffective => "not_yet_effective",
            EvidenceVerdict::Undated => "undated",
            EvidenceVerdict::Stale => "stale",
        }
    }

    /// The words a deliverable prints beside the record, lower case, without a full stop: `None` for current
    /// evidence in the workspace, which needs no mark; `"external, not verified by aims"`, `"draft, not
    /// approved"`, `"missing"`, `"stale"`… otherwise.
    pub fn mark(self) -> Option<&'static str> {
        Some(match self {
            EvidenceVerdict::Current => return None,
            EvidenceVerdict::External => EXTERNAL_MARK,
            EvidenceVerdict::NotGiven => "no document named",
            EvidenceVerdict::Missing => "missing",
            EvidenceVerdict::Empty => "empty file",
            EvidenceVerdict::Folder => "a folder, not a document",
            EvidenceVerdict::NotAFile => "not a file",
            EvidenceVerdict::WorkspaceInput => "a workspace input file, not evidence",
            EvidenceVerdict::Draft => "draft, not approved",
            EvidenceVerdict::Superseded => "superseded",
            EvidenceVerdict::NotYetEffective => "not yet in effect",
            EvidenceVerdict::Undated => "undated",
            EvidenceVerdict::Stale => "stale",
        })
    }

    /// The inline mark of a record with this verdict that is `external` (or not): [`EvidenceVerdict::mark`], and for
    /// a shortfall of external evidence both marks, e.g. `"stale; external, not verified by aims"`. This is
    /// [`EvidenceResult::mark`], for callers that hold only the two fields (a template).
    pub fn mark_with(self, external: bool) -> Option<String> {
        match (self.mark(), external && self != EvidenceVerdict::External) {
            (None, _) => None,
            (Some(mark), false) => Some(mark.to_string()),
            (Some(mark), true) => Some(format!("{mark}; {EXTERNAL_MARK}")),
        }
    }
}

/// The mark of external evidence: a document aims was told about but could not look at.
pub const EXTERNAL_MARK: &str = "external, not verified by aims";

/// One evidence record, of an assessment entry or of an AI system, and what it is worth.
///
/// Serialised by hand (below), with the keys and omissions the `serde` attributes state, so that an AI system's
/// record can be written a second time without its `system` key (under `requirements[].systems[].evidence`) from
/// the one copy the report keeps.
#[derive(Debug, Clone, schemars::JsonSchema)]
pub struct EvidenceResult {
    /// The workspace-relative path, with `/` separators; `null` when none is given.
    pub file: Option<String>,
    /// When it was last reviewed; `null` when the record gives no date (`evidence-undated`).
    pub reviewed: Option<Date>,
    /// What was found at `file` (`present` is the only file that counts), or `external` for a record that names
    /// only a document kept elsewhere.
    pub state: EvidenceState,
    /// The document's approval status, `approved` when the record gives none. Only approved evidence counts.
    pub status: EvidenceStatus,
    /// When this version of the document took effect; absent when not given.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub effective: Option<Date>,
    /// The `https://` address of a document kept outside the workspace; absent when not given. aims never opens it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// The document's ID in the organisation's document register; absent when not given.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub register_id: Option<String>,
    /// The record names no file, only `url` and/or `register_id`: aims could not check that the document exists,
    /// and every deliverable marks it "external, not verified by aims". Absent when false.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub external: bool,
    /// The document's name for the reader, as the record gives it (`title:`); absent when not given.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// What the evidence is, as the record describes it; absent when not given.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// For an AI system's own record of a per-system control, the system's ID; absent for the entry's evidence.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub system: Option<String>,
    /// Why the record does not count, as the code of the finding it raised (`evidence-missing`, `evidence-draft`,
    /// `evidence-stale`, …), the code of `verdict`; `null` when it counts. Deliverables mark evidence from this
    /// field only.
    pub shortfall: Option<Code>,
    /// What the record is worth: `current` and `external` count, every other value is a shortfall with a finding.
    pub verdict: EvidenceVerdict,
}

impl Serialize for EvidenceResult {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.serialize_with(true, serializer)
    }
}

/// An AI system's record as `requirements[].systems[].evidence` lists it: the record without its `system` key.
pub(super) struct WithoutSystem<'a>(pub(super) &'a EvidenceResult);

impl Serialize for WithoutSystem<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.0.serialize_with(false, serializer)
    }
}

impl EvidenceResult {
    /// The record's fields in declaration order, leaving out what the `serde` attributes leave out, and `system`
    /// unless `with_system`.
    fn serialize_with<S: serde::Serializer>(&self, with_system: bool, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        // Every field is named: a field added to the struct fails to compile here until it is written.
        let EvidenceResult {
            file,
            reviewed,
            state,
            status,
            effective,
            url,
            register_id,
            external,
            title,
            description,
            system,
            shortfall,
            verdict,
        } = self;
        let system = system.as_ref().filter(|_| with_system);
        let present = [
            effective.is_some(),
            url.is_some(),
            register_id.is_some(),
            *external,
            title.is_some(),
            description.is_some(),
            system.is_some(),
        ];
        let mut out = serializer.serialize_struct("EvidenceResult", 6 + present.iter().filter(|p| **p).count())?;
        out.serialize_field("file", file)?;
        out.serialize_field("reviewed", reviewed)?;
        out.serialize_field("state", state)?;
        out.serialize_field("status", status)?;
        if let Some(effective) = effective {
            out.serialize_field("effective", effective)?;
        }
        if let Some(url) = url {
            out.serialize_field("url", url)?;
        }
        if let Some(register_id) = register_id {
            out.serialize_field("register_id", register_id)?;
        }
        if *external {
            out.serialize_field("external", external)?;
        }
        if let Some(title) = title {
            out.serialize_field("title", title)?;
        }
        if let Some(description) = description {
            out.serialize_field("description", description)?;
        }
        if let Some(system) = system {
            out.serialize_field("system", system)?;
        }
        out.serialize_field("shortfall", shortfall)?;
        out.serialize_field("verdict", verdict)?;
        out.end()
    }

    /// The name a deliverable shows for the record: its file, else its register ID, else its URL; `None` when it
    /// names none of them.
    pub fn name(&self) -> Option<&str> {
        self.file.as_deref().or(self.register_id.as_deref()).or(self.url.as_deref())
    }

    /// The inline mark a deliverable prints beside the record, e.g. `"draft, not approved"`, `"stale"` or
    /// `"external, not verified by aims"`; a shortfall of external evidence carries both (`"stale; external, not
    /// verified by aims"`). `None` when the record is current evidence in the workspace.
    pub fn mark(&self) -> Option<String> {
        self.verdict.mark_with(self.external)
    }
}
