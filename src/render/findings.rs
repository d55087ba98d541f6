//! Text the renderers share about findings: a sentence, a place, the waivers that accept a gap. What a finding
//! weighs and which waivers accept it are fields of the assessment (`severity`, `waived_by`); nothing here decides.

use crate::assess::{Assessment, WaiverResult};
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
