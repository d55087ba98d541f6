//! How the human documents (report, Statement of Applicability, plan, workbooks) name an evidence record for
//! people, and which of a requirement's records they list.
//!
//! One record is named by its title ([`title`]: the record's `title:`, else its description, else its file name as
//! words), the AI system it belongs to ([`Attribution::system`]: its own, or for an organisation-level record the
//! system it is shown to be that system's, see below) and its state (the assessment's mark). Every document reads
//! these functions, so the SoA's "Operations runbook" is the report's "Operations runbook" for the same system.
//!
//! An organisation-level record (an assessment entry's evidence) is credited to an AI system only when the workspace
//! shows that the document is that system's: that system alone among all AI systems cites the file in its own
//! records, and the file's path names the system ([`path_names_system`]: a folder, or the start of the file's name,
//! that is the system's ID or its short name as a slug). A policy or standard that one system's file happens to cite
//! stays the organisation's: aims scores what is shown, never what a citation suggests.
//!
//! A requirement may list one document twice: the organisation-level record and an AI system's own record citing the
//! same file, often the second with a section ("Impact assessment" and "Impact assessment, section 4 …").
//! [`distinct`] keeps one of each such pair, the more specific.

use std::collections::HashMap;

use crate::assess::{Assessment, EvidenceResult};

/// Which AI systems' own records cite each evidence file, across the whole assessment, and which files are shown to
/// be one system's: what an organisation-level record's system is read from.
#[derive(Debug, Clone, Default)]
pub struct Attribution {
    /// Per file, the IDs of the first two systems (in the assessment's order) whose own records cite it: one is
    /// enough to name the system, two to know the document is shared.
    cited_by: HashMap<String, Vec<String>>,
    /// Per file that one system alone cites and whose path names that system ([`path_names_system`]): the system's
    /// ID. An organisation-level record of any other file is the organisation's.
    owner: HashMap<String, String>,
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
        let names: HashMap<&str, &str> = assessment.systems.iter().map(|s| (s.id.as_str(), s.name.as_str())).collect();
        let owner = cited_by
            .iter()
            .filter_map(|(file, systems)| match systems.as_slice() {
                [only] => {
                    let name = names.get(only.as_str()).copied().unwrap_or_default();
                    path_names_system(file, only, name).then(|| (file.clone(), only.clone()))
                }
                _ => None,
            })
            .collect();
        Attribution { cited_by, owner }
    }

    /// The IDs of at most two systems whose own records cite `file`, in the assessment's order.
    pub fn citing(&self, file: &str) -> &[String] {
        self.cited_by.get(file).map_or(&[], Vec::as_slice)
    }

    /// The AI system (ID) an organisation-level record of `file` is credited to: the one system that alone cites the
    /// file and that the file's path names; `None` for a document of the organisation, one that several systems
    /// share, or one a single system cites without the path naming it.
    pub fn owner(&self, file: &str) -> Option<&str> {
        self.owner.get(file).map(String::as_str)
    }

    /// The AI system (ID) a record belongs to for the reader: its own system, else, for an organisation-level
    /// record, the system its file is shown to be ([`Attribution::owner`]); `None` for a document of the
    /// organisation.
    pub fn system<'a>(&'a self, e: &'a EvidenceResult) -> Option<&'a str> {
        if let Some(system) = e.system.as_deref() {
            return Some(system);
        }
        self.owner(e.file.as_deref()?)
    }
}

/// A system's short name: its name without a closing remark in parentheses ("Reply Assist" for "Reply Assist (LLM
/// writing assistant for support agents)"); the whole name when it has none.
pub fn short_name(name: &str) -> &str {
    let short = name.split('(').next().unwrap_or(name).trim();
    if short.is_empty() { name.trim() } else { short }
}

/// Whether the workspace path `file` names the AI system `id` called `name`: one of its folders, or the start of
/// its file name up to a separator, is the system's ID or its short name ([`short_name`]), each compared as a slug
/// (lower case, words joined by `-`, as `aims import` makes IDs). `evidence/systems/credit-scoring/runbook.md` and
/// `evidence/cv-screening-impact-assessment.md` name `credit-scoring` and `cv-screening`;
/// `evidence/ai-acceptable-use-standard.md` names no system.
pub fn path_names_system(file: &str, id: &str, name: &str) -> bool {
    use crate::import::slug;
    let mut keys = vec![slug(id), slug(short_name(name))];
    keys.retain(|k| !k.is_empty());
    let parts: Vec<&str> = file.split(['/', '\\']).filter(|p| !p.is_empty()).collect();
    let Some((file_name, folders)) = parts.split_last() else { return false };
    if folders.iter().any(|f| keys.contains(&slug(f))) {
        return true;
    }
    let file_name = slug(file_name);
    keys.iter().any(|k| file_name.strip_prefix(k.as_str()).is_some_and(|rest| rest.is_empty() || rest.starts_with('-')))
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
/// of the organisation, "Nora: Release runbook" for one system's (`owned`), "Model card (for Nora and Vera)" for a
/// document several systems' records cite, and "Acceptable use standard (for Nora)" for a document of the
/// organisation that one system's record cites without it being that system's. `systems` are names as the reader
/// knows them.
pub fn label(title: &str, systems: &[String], owned: bool) -> String {
    match systems {
        [] => title.to_string(),
        [only] if owned => format!("{only}: {title}"),
        [only] => format!("{title} (for {only})"),
        [rest @ .., last] => format!("{title} (for {} and {last})", rest.join(", ")),
    }
}

/// The document a record names, as one key: its file, else its register ID, else its address; `None` when it names
/// none.
pub fn reference(e: &EvidenceResult) -> Option<&str> {
    e.file.as_deref().or(e.register_id.as_deref()).or(e.url.as_deref())
}

/// The indexes of the records of one requirement's `evidence` that the documents list, in order: a record naming the
/// same document (file, register ID or address) for the same AI system ([`Attribution::system`]) with the same
/// verdict as another is listed once, as the more specific of the two (one with a title or description before one
/// without, then an AI system's own record before the organisation's), else as the first.
pub fn distinct(evidence: &[EvidenceResult], attribution: &Attribution) -> Vec<usize> {
    let specific = |e: &EvidenceResult| (e.title.is_some() || e.description.is_some(), e.system.is_some());
    // Per document, system and verdict: the index of the record kept so far.
    let mut kept: HashMap<(&str, Option<&str>, crate::assess::EvidenceVerdict), usize> = HashMap::new();
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_path_names_a_system_by_a_folder_or_the_start_of_its_file_name() {
        let nora = |file: &str| path_names_system(file, "support-chatbot", "Nora (customer support assistant)");
        assert!(nora("evidence/systems/support-chatbot/impact-assessment.md"));
        assert!(nora("evidence/support-chatbot-impact-assessment.md"));
        assert!(nora("evidence/Support_Chatbot.md"));
        assert!(nora("evidence/nora-release-runbook.md"), "the short name, as a slug");
        assert!(nora("evidence\\systems\\nora\\runbook.md"));
        assert!(!nora("evidence/ai-acceptable-use-standard.md"));
        assert!(!nora("evidence/support-chatbots.md"), "a prefix ends at a separator");
        assert!(!nora("evidence/norah-runbook.md"));
        assert!(!nora("evidence/release-runbook-support-chatbot.md"), "the name must start the file name");
        assert!(!nora(""));
        assert!(!path_names_system("evidence/a.md", "", ""));
    }

    #[test]
    fn a_short_name_leaves_out_a_remark_in_parentheses() {
        assert_eq!(short_name("Reply Assist (LLM writing assistant)"), "Reply Assist");
        assert_eq!(short_name("Stackmate code assistant"), "Stackmate code assistant");
        assert_eq!(short_name("(internal) tool"), "(internal) tool");
    }
}
