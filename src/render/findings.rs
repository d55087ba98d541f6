//! Text the renderers share about findings and evidence: a sentence, a place, the waivers that accept a gap, each
//! evidence record as one cell. What a finding
//! weighs and which waivers accept it are fields of the assessment (`severity`, `waived_by`); nothing here decides.

use crate::assess::{Assessment, RequirementResult, WaiverResult};
use crate::workspace::Location;

/// Ends `text` with a full stop unless it already ends a sentence.
pub(crate) fn sentence(text: &str) -> String {
    let text = text.trim_end();
    if text.ends_with(['.', '!', '?']) { text.to_string() } else { format!("{text}.") }
}

/// `reason, expires 2027-03-31 (owner CTO)` for each waiver of `waived_by` (indexes into the assessment's waivers;
/// `owner CTO, system chatbot` for a system's), joined by `; `.
pub(crate) fn waiver_text(a: &Assessment, waived_by: &[usize]) -> String {
    let waivers: Vec<&WaiverResult> = waived_by.iter().filter_map(|&i| a.waivers.get(i)).collect();
    if waivers.is_empty() {
        return "accepted by a waiver in aims.toml".to_string();
    }
    let parts: Vec<String> = waivers
        .iter()
        .map(|w| {
            let system = w.system.as_ref().map_or_else(String::new, |s| format!(", system {s}"));
            format!("{}, expires {} (owner {}{system})", w.reason, w.expires, w.owner)
        })
        .collect();
    parts.join("; ")
}

/// `file:line`, or just `file` when the whole file is meant.
pub(crate) fn place(l: &Location) -> String {
    if l.line > 0 { format!("{}:{}", l.file, l.line) } else { l.file.clone() }
}

/// `text` with its first letter in upper case, for a finding's message used as a sentence of its own.
pub(crate) fn capitalised(text: &str) -> String {
    let mut chars = text.chars();
    chars.next().map_or_else(String::new, |first| first.to_uppercase().chain(chars).collect())
}

/// Each evidence record of `r` by name, with the mark the assessment gave it (`evidence/dpia.md (draft, not
/// approved)`), and each document once, in the order first cited, though several AI systems' records may cite it.
pub(crate) fn evidence_cells(r: &RequirementResult) -> Vec<String> {
    let mut seen = std::collections::HashSet::with_capacity(r.evidence.len());
    let mut cells = Vec::with_capacity(r.evidence.len());
    for e in &r.evidence {
        let cell = match (e.name(), e.mark()) {
            (Some(name), Some(mark)) => format!("{name} ({mark})"),
            (Some(name), None) => name.to_string(),
            (None, mark) => format!("({})", mark.unwrap_or_default()),
        };
        if seen.insert(cell.clone()) {
            cells.push(cell);
        }
    }
    cells
}
