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

/// The work planned for a requirement, as every format that names it shows it ([`work`]).
pub(crate) struct Work {
    /// What to do: the plan's first action for the requirement (rank order), naming the actions that carry it out
    /// when other actions do; without a plan, the recorded action's description.
    pub description: String,
    /// Who does the work, joined by ", "; `None` when nobody is named.
    pub owner: Option<String>,
    /// The earliest due date of the work.
    pub due: Option<crate::date::Date>,
    /// Whether any of it is overdue.
    pub overdue: bool,
    /// How the documents label it: "Planned action" (the organisation's), "Proposed action" (the assessment's) or
    /// "Action" (one other actions carry out).
    pub label: &'static str,
}

/// The work planned for a requirement: the plan's work on it (`plan`, with the dates, owners and overdue state the
/// plan and every document give), or, in an assessment the plan was not attached to, the recorded action; `None`
/// when there is neither.
pub(crate) fn work(r: &RequirementResult) -> Option<Work> {
    match (&r.plan, &r.recorded_action) {
        (Some(plan), _) if !plan.actions.is_empty() => {
            let first = &plan.actions[0];
            let description = match first.carried_by_ranks.as_slice() {
                [] => plan.next_action.clone(),
                ranks => format!("{} (carried out by {})", plan.next_action, crate::views::plan::ranks_phrase(ranks)),
            };
            let owner = (!plan.owners.is_empty()).then(|| plan.owners.join(", "));
            let label = match first.origin.as_str() {
                "planned" => "Planned action",
                "suggested" => "Proposed action",
                _ => "Action",
            };
            Some(Work { description, owner, due: plan.due, overdue: plan.overdue, label })
        }
        (_, Some(a)) => Some(Work {
            description: a.description.clone(),
            owner: a.owner.clone(),
            due: a.due,
            overdue: a.overdue,
            label: "Planned action",
        }),
        (_, None) => None,
    }
}

/// The next action of a requirement and its due date, as the gap report's CSV and the practitioner's workbook show
/// them: the planned work ([`work`]); otherwise, for a gap, what the headline finding suggests, undated.
pub(crate) fn next_action(r: &RequirementResult) -> (String, Option<crate::date::Date>) {
    match work(r) {
        Some(w) => (w.description, w.due),
        None if r.status.is_gap() => (r.headline_finding().map(|f| f.action.clone()).unwrap_or_default(), None),
        None => (String::new(), None),
    }
}
