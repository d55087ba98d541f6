//! One row per requirement, for spreadsheets and for CISO Assistant: where a column means what a CISO Assistant
//! compliance-assessment column means, it has that column's name (`ref_id`, `name`, `result`, `score`, `owner`,
//! `evidence`, `due_date`), and `result` takes the same five values.
//!
//! This file also holds the one CSV writer of aims, [`push_row`]: the report's CSV, the Statement of Applicability's
//! and the plan's (through [`csv_table`](super::csv_table)) and the crosswalk's all go through it. RFC 4180 quoting,
//! LF line endings, UTF-8 without a byte-order mark. Text that a spreadsheet would run as a formula is neutralised
//! with a leading apostrophe ([`escape::csv_cell`]): workspace text comes from many hands, and a cell starting with
//! `=` must not become a formula in the consultant's spreadsheet.

use super::escape;
use super::findings::place;
use crate::assess::{Assessment, RequirementResult};
use crate::catalogue::Kind;
use crate::workspace::Status;

const COLUMNS: [&str; 16] = [
    "ref_id",
    "name",
    "kind",
    "group",
    "result",
    "score",
    "waived",
    "applicability",
    "justification",
    "owner",
    "evidence",
    "findings",
    "next_action",
    "due_date",
    "systems_short",
    "systems_summary",
];

/// The gap report as CSV: a header row, then one row per requirement in catalogue order.
pub fn csv(assessment: &Assessment) -> String {
    let mut out = String::new();
    push_row(&mut out, COLUMNS.iter().map(|c| c.to_string()));
    for r in &assessment.requirements {
        push_row(&mut out, row(r));
    }
    out
}

fn row(r: &RequirementResult) -> [String; 16] {
    // Each record by name, with the mark the assessment gave it (`evidence/dpia.md (draft, not approved)`), and
    // each document once, though several AI systems' records may cite it.
    let mut evidence: Vec<String> = Vec::with_capacity(r.evidence.len());
    for e in &r.evidence {
        let cell = match (e.name(), e.mark()) {
            (Some(name), Some(mark)) => format!("{name} ({mark})"),
            (Some(name), None) => name.to_string(),
            (None, mark) => format!("({})", mark.unwrap_or_default()),
        };
        if !evidence.contains(&cell) {
            evidence.push(cell);
        }
    }
    let findings: Vec<String> = r
        .findings
        .iter()
        .map(|f| {
            // One finding per line, so a line break inside a message would read as two findings.
            let message = f.message.replace("\r\n", " ").replace(['\n', '\r'], " ");
            match &f.location {
                Some(l) => format!("{}: {message} ({})", f.code, place(l)),
                None => format!("{}: {message}", f.code),
            }
        })
        .collect();
    // The planned action when there is one; otherwise, for a gap, what the headline finding suggests.
    let next_action = match &r.action {
        Some(a) => a.description.clone(),
        None if r.status.is_gap() => r.headline_finding().map(|f| f.action.clone()).unwrap_or_default(),
        None => String::new(),
    };
    // Only the systems that fall short (partially compliant, non-compliant or not assessed), as the column's name
    // says; a system that meets the requirement or to which it does not apply is not listed.
    let systems: Vec<String> = r
        .systems
        .iter()
        .filter(|s| s.status.is_gap())
        .map(|s| format!("{}: {}{}", s.system, s.status.as_str(), if s.waived { " (waived)" } else { "" }))
        .collect();
    [
        r.id.clone(),
        r.title.clone(),
        match r.kind {
            Kind::Clause => "clause",
            Kind::Control => "control",
        }
        .to_string(),
        r.group.clone(),
        r.status.as_str().to_string(),
        r.score.map_or_else(String::new, |s| s.to_string()),
        r.waived.to_string(),
        if r.status == Status::NotApplicable { "not applicable" } else { "applicable" }.to_string(),
        r.justification.clone().unwrap_or_default(),
        r.owner.clone().unwrap_or_default(),
        evidence.join("; "),
        findings.join("\n"),
        next_action,
        r.action.as_ref().and_then(|a| a.due).map_or_else(String::new, |d| d.to_string()),
        systems.join("; "),
        r.system_summary().unwrap_or_default(),
    ]
}

/// Appends one CSV row of `cells` to `out`: each cell defused ([`escape::csv_cell`]: formulas, control characters)
/// then quoted ([`quote`]), separated by commas, ended by `\n`.
pub(super) fn push_row(out: &mut String, cells: impl IntoIterator<Item = String>) {
    for (i, cell) in cells.into_iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        out.push_str(&quote(&escape::csv_cell(&cell)));
    }
    out.push('\n');
}

/// RFC 4180: a cell holding a comma, a quote or a line break is quoted, with quotes doubled.
fn quote(cell: &str) -> String {
    if cell.contains([',', '"', '\n', '\r']) { format!("\"{}\"", cell.replace('"', "\"\"")) } else { cell.to_string() }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quoting_follows_rfc_4180() {
        assert_eq!(quote("plain"), "plain");
        assert_eq!(quote("a, b"), "\"a, b\"");
        assert_eq!(quote("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(quote("two\nlines"), "\"two\nlines\"");
    }

    #[test]
    fn a_row_with_hostile_text_parses_back_to_the_defused_cells() {
        let mut out = String::new();
        push_row(&mut out, ["=cmd|' /C calc'!A0".to_string(), "a,\"b\"\nc".to_string(), "-".to_string()]);
        assert_eq!(out, "'=cmd|' /C calc'!A0,\"a,\"\"b\"\"\nc\",'-\n");
    }
}
