//! How the human documents (report, Statement of Applicability, plan, workbooks) name an evidence record for
//! people, and which of a requirement's records they list.
//!
//! One record is named by its title ([`title`]: the record's `title:`, else its description, else its file name as
//! words), the AI system it belongs to ([`Attribution::system`]: its own, or for an organisation-level record the one
//! system whose own records cite the same file) and its state (the assessment's mark). Every document reads these
//! functions, so the SoA's "Operations runbook" is the report's "Operations runbook" for the same system.
//!
//! A requirement may list one document twice: the organisation-level record and an AI system's own record citing the
//! same file, often the second with a section ("Impact assessment" and "Impact assessment, section 4 …").
//! [`distinct`] keeps one of each such pair, the more specific.

use std::collections::HashMap;

use crate::assess::{Assessment, EvidenceResult};

/// Which AI systems' own records cite each evidence file, across the whole assessment: what an organisation-level
/// record's system is read from.
#[derive(Debug, Clone, Default)]
pub struct Attribution {
    /// Per file, the IDs of the first two systems (in the assessment's order) whose own records cite it: one is
    /// enough to name the system, two to know the document is shared.
    cited_by: HashMap<String, Vec<String>>,
}

impl Attribution {
    /// The attribution of every evidence file of `assessment`.
    pub fn of(assessment: &Assessment) -> Attribution {
        let mut cited_by: HashMap<String, Vec<String>> = HashMap::new();
        for e in assessment.requirements.iter().flat_map(|r| &r.evidence) {
            let (Some(file), Some(system)) = (e.file.as_deref(), e.system.as_deref()) else { continue };
            let cited = cited_by.entry(file.to_string()).or_default();
            if cited.len() < 2 && !cited.iter().any(|s| s == system) {
                cited.push(system.to_string());
            }
        }
        Attribution { cited_by }
    }

    /// The IDs of at most two systems whose own records cite `file`, in the assessment's order.
    pub fn citing(&self, file: &str) -> &[String] {
        self.cited_by.get(file).map_or(&[], Vec::as_slice)
    }

    /// The AI system (ID) a record belongs to for the reader: its own system, else, for an organisation-level
    /// record, the one system whose own records cite the same file; `None` for a document of the organisation or
    /// one that several systems share.
    pub fn system<'a>(&'a self, e: &'a EvidenceResult) -> Option<&'a str> {
        if let Some(system) = e.system.as_deref() {
            return Some(system);
        }
        match self.citing(e.file.as_deref()?) {
            [only] => Some(only.as_str()),
            _ => None,
        }
    }
}

/// The name people read for a record: its title, else its description (after the file's name when it points into
/// the document), else its file name as words, else its register ID or address
/// ([`crate::render::document_title`]); `None` when the record names no document.
pub fn title(e: &EvidenceResult) -> Option<String> {
    crate::render::document_title(
        e.title.as_deref(),
        e.file.as_deref(),
        e.register_id.as_deref(),
        e.url.as_deref(),
        e.description.as_deref(),
    )
}

/// A record's title with the AI systems it belongs to, as the documents write it: "Release runbook" for a document
/// of the organisation, "Nora: Release runbook" for one system's, "Model card (for Nora and Vera)" for a document
/// several systems' records cite. `systems` are names as the reader knows them.
pub fn label(title: &str, systems: &[String]) -> String {
    match systems {
        [] => title.to_string(),
        [only] => format!("{only}: {title}"),
        [rest @ .., last] => format!("{title} (for {} and {last})", rest.join(", ")),
    }
}

/// The indexes of the records of one requirement's `evidence` that the documents list, in order: a record naming the
/// same document (file, register ID or address) for the same AI system ([`Attribution::system`]) with the same
/// verdict as another is listed once, as the more specific of the two (one with a title or description before one
/// without, then an AI system's own record before the organisation's), else as the first.
pub fn distinct(evidence: &[EvidenceResult], attribution: &Attribution) -> Vec<usize> {
    let reference = |e: &EvidenceResult| e.file.clone().or_else(|| e.register_id.clone()).or_else(|| e.url.clone());
    let specific = |e: &EvidenceResult| (e.title.is_some() || e.description.is_some(), e.system.is_some());
    // Per document, system and verdict: the index of the record kept so far.
    let mut kept: HashMap<(String, Option<&str>, crate::assess::EvidenceVerdict), usize> = HashMap::new();
    let mut keep = vec![true; evidence.len()];
    for (i, e) in evidence.iter().enumerate() {
        let Some(document) = reference(e) else { continue };
        let key = (document, attribution.system(e), e.verdict);
        match kept.get(&key).copied() {
            None => {
                kept.insert(key, i);
            }
            Some(first) => {
                let (a, b) = (specific(&evidence[first]), specific(e));
                // Two records that each point somewhere in the document say different things: both stay.
                let differ = evidence[first].title != e.title || evidence[first].description != e.description;
                if a.0 && b.0 && differ {
                    continue;
                }
                if b > a {
                    keep[first] = false;
                    kept.insert(key, i);
                } else {
                    keep[i] = false;
                }
            }
        }
    }
    (0..evidence.len()).filter(|&i| keep[i]).collect()
}

/// The records of a requirement the documents list ([`distinct`]), as references.
pub fn listed<'a>(evidence: &'a [EvidenceResult], attribution: &Attribution) -> Vec<&'a EvidenceResult> {
    distinct(evidence, attribution).into_iter().map(|i| &evidence[i]).collect()
}
