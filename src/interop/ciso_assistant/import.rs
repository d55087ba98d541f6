//! CISO Assistant's audit rows into aims assessment entries, by the rules its own audit import applies, and those
//! entries as an assessment file (the `assessment.yaml` shape).
//!
//! The rules, row by row:
//! - A row whose `assessable` cell is not true is skipped, when the file has an `assessable` column (its XLSX export
//!   and files made for its import do; its CSV export does not). True is `true`, `yes`, `1` or `x`, in any letter
//!   case, or a boolean TRUE cell. Without the column, a row naming a group node (`4`, `7.5`, `A.6.1`) is skipped as
//!   its import would skip it.
//! - The requirement is the `ref_id` cell, else the last part of the `urn` (`…:iso42001-2023:a.2.2` → `A.2.2`). A
//!   row with neither, a requirement aims does not know, or a second row for the same requirement is skipped and
//!   listed.
//! - `compliance_result` becomes the status (the same five values); a row without one carries nothing to import
//!   (its import writes only the cells that hold something) and is skipped; a value not among the five is skipped
//!   and listed.
//! - `6.1` becomes 6.1.1, 6.1.2, 6.1.3 and 6.1.4, each with that status and a note saying it was copied.
//! - `observations` become the entry's `notes` (its `justification` for `not_applicable`, where aims asks for the
//!   reason), with `requirement_progress` when it is not `done`.
//! - Scores (`score`, `implementation_score`, `documentation_score`: maturity levels 0-5) have no aims equivalent
//!   and are not imported; [`Imported::scores_ignored`] counts the rows that had one.
//!
//! The export carries no evidence, so a `compliant` entry imported here has none: aims scores it as the claim it is
//! (`claim-without-evidence`) until its evidence is added.

use serde::Serialize;

use super::read::AuditTable;
use super::{Progress, ROLLED_UP, SPLIT, URN_PREFIX};
use crate::catalogue::Catalogue;
use crate::workspace::Status;

/// One assessment entry made from a row.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Entry {
    /// The aims requirement: `4.1`, `6.1.2`, `A.2.2`.
    pub requirement: String,
    /// The status, from `compliance_result`.
    pub status: Status,
    /// The entry's notes: what the row said beyond its status; empty when nothing.
    pub notes: String,
    /// The row it came from (as a spreadsheet program numbers rows).
    pub row: usize,
}

/// A row that made no entry, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Skipped {
    /// The row (as a spreadsheet program numbers rows).
    pub row: usize,
    /// The `ref_id` (or URN) as written; empty when the row has neither.
    pub reference: String,
    /// Why, as a clause: "its `assessable` cell is not true".
    pub reason: String,
    /// Whether a person should look at it: `false` for rows that are skipped by design (not assessable, no
    /// result, blank), `true` for rows that look like a mistake (an unknown requirement, a value aims cannot read,
    /// a second row for a requirement).
    pub listed: bool,
}

/// What an audit file gave.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Imported {
    /// What the file was read as: `XLSX`, `CSV (;)`.
    pub form: String,
    /// The entries, in the order of the rows (6.1's four in order where its row was).
    pub entries: Vec<Entry>,
    /// The rows that made no entry.
    pub skipped: Vec<Skipped>,
    /// The rows with a score, which is not imported.
    pub scores_ignored: usize,
    /// The file had a `6.1` row, spread to 6.1.1-6.1.4.
    pub spread: bool,
}

/// Why a file is not an audit file at all.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum NotAnAudit {
    /// The file has no header row.
    #[error("it is empty")]
    Empty,
    /// A column the import needs is missing.
    #[error(
        "it has no `{0}` column, so it is not a CISO Assistant audit export (its columns: {1}); export the audit \
         from CISO Assistant as Excel or CSV"
    )]
    Missing(&'static str, String),
}

/// Applies the import rules (see the module documentation) to `table`.
///
/// # Errors
/// [`NotAnAudit`] when the file has no `compliance_result` column, or neither a `ref_id` nor a `urn` column.
pub fn entries(catalogue: &Catalogue, table: &AuditTable) -> Result<Imported, NotAnAudit> {
    if table.header.is_empty() {
        return Err(NotAnAudit::Empty);
    }
    let columns = || table.header.join(", ");
    let result_col =
        table.column("compliance_result").ok_or_else(|| NotAnAudit::Missing("compliance_result", columns()))?;
    let (ref_col, urn_col) = (table.column("ref_id"), table.column("urn"));
    if ref_col.is_none() && urn_col.is_none() {
        return Err(NotAnAudit::Missing("ref_id", columns()));
    }
    let assessable_col = table.column("assessable");
    let progress_col = table.column("requirement_progress");
    let observations_col = table.column("observations");
    let score_cols: Vec<usize> =
        ["score", "implementation_score", "documentation_score"].iter().filter_map(|name| table.column(name)).collect();

    let mut out = Imported {
        form: table.form.clone(),
        entries: Vec::new(),
        skipped: Vec::new(),
        scores_ignored: 0,
        spread: false,
    };
    let mut seen: Vec<(String, usize)> = Vec::new();
    for (row, cells) in &table.rows {
        let cell = |col: Option<usize>| col.and_then(|c| cells.get(c)).map_or("", |s| s.trim());
        let skip = |reference: &str, reason: String, listed: bool| Skipped {
            row: *row,
            reference: reference.to_string(),
            reason,
            listed,
        };
        if cells.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        let written = if cell(ref_col).is_empty() { cell(urn_col) } else { cell(ref_col) };
        if assessable_col.is_some() && !truthy(cell(assessable_col)) {
            out.skipped.push(skip(written, "its `assessable` cell is not true".into(), false));
            continue;
        }
        let Some(reference) = reference(cell(ref_col), cell(urn_col)) else {
            out.skipped.push(skip(written, "it has neither a `ref_id` nor a `urn` of this framework".into(), true));
            continue;
        };
        let known = reference == ROLLED_UP || catalogue.get(&reference).is_some();
        if !known {
            if assessable_col.is_none() && is_group(catalogue, &reference) {
                out.skipped.push(skip(written, "it is a group of requirements, not assessable".into(), false));
            } else {
                let hint = catalogue.suggest(&reference).map_or_else(String::new, |s| format!(" (did you mean {s}?)"));
                out.skipped.push(skip(written, format!("aims has no requirement {reference}{hint}"), true));
            }
            continue;
        }
        let result = cell(Some(result_col));
        if result.is_empty() {
            out.skipped.push(skip(written, "its `compliance_result` is empty".into(), false));
            continue;
        }
        let Some(status) = Status::ALL.into_iter().find(|s| s.as_str().eq_ignore_ascii_case(result)) else {
            let names: Vec<&str> = Status::ALL.iter().map(|s| s.as_str()).collect();
            out.skipped.push(skip(
                written,
                format!("its `compliance_result` `{result}` is not one of {}", names.join(", ")),
                true,
            ));
            continue;
        };
        if let Some((_, first)) = seen.iter().find(|(r, _)| *r == reference) {
            out.skipped.push(skip(written, format!("row {first} already gave {reference}"), true));
            continue;
        }
        seen.push((reference.clone(), *row));
        if score_cols.iter().any(|c| !cell(Some(*c)).is_empty()) {
            out.scores_ignored += 1;
        }
        let mut notes = Vec::new();
        let progress = cell(progress_col);
        match Progress::parse(progress) {
            Some(Progress::Done) => {}
            Some(p) => notes.push(format!("CISO Assistant progress: {p}.")),
            None if progress.is_empty() => {}
            None => notes.push(format!("CISO Assistant progress: {progress}.")),
        }
        let observations = cell(observations_col);
        if !observations.is_empty() {
            notes.push(observations.to_string());
        }
        if reference == ROLLED_UP {
            out.spread = true;
            let copied = format!(
                "CISO Assistant assesses {ROLLED_UP} as one requirement; its result was copied to each of {} on \
                 import. Review each sub-clause.",
                SPLIT.join(", ")
            );
            for id in SPLIT {
                let notes = std::iter::once(copied.clone()).chain(notes.iter().cloned()).collect::<Vec<_>>();
                out.entries.push(Entry { requirement: id.to_string(), status, notes: notes.join("\n"), row: *row });
            }
        } else {
            out.entries.push(Entry { requirement: reference, status, notes: notes.join("\n"), row: *row });
        }
    }
    Ok(out)
}

/// Whether a cell says true: `true`, `yes`, `1` or `x` in any letter case (a boolean cell reads as `true`).
pub fn truthy(cell: &str) -> bool {
    ["true", "yes", "1", "x"].iter().any(|t| cell.trim().eq_ignore_ascii_case(t))
}

/// The requirement a row names: its `ref_id`, else the node part of its URN, with the Annex letter in upper case.
fn reference(ref_id: &str, urn: &str) -> Option<String> {
    let text = if ref_id.is_empty() {
        let lower = urn.to_ascii_lowercase();
        let prefix = URN_PREFIX.to_ascii_lowercase();
        urn.get(prefix.len()..).filter(|_| lower.starts_with(&prefix))?
    } else {
        ref_id
    };
    let text = text.trim();
    if text.is_empty() {
        return None;
    }
    Some(match text.strip_prefix(['a', 'A']) {
        Some(rest) => format!("A{rest}"),
        None => text.to_string(),
    })
}

/// Whether `id` is a node that groups requirements: a clause (`4`), an Annex A objective (`A.2`, `A.6.1`) or a
/// heading with sub-clauses (`7.5`).
fn is_group(catalogue: &Catalogue, id: &str) -> bool {
    catalogue.groups.iter().any(|g| g.id == id || g.headings.iter().any(|h| h.id == id))
        || catalogue.requirements().any(|r| r.id.strip_prefix(id).is_some_and(|rest| rest.starts_with('.')))
}

/// The entries as an assessment file: a comment naming the source, then `requirements:` with one entry each
/// (`requirement`, `status`, and `notes`, or `justification` for `not_applicable`). Every string is double-quoted
/// with escapes, so no cell's text can change the file's structure.
pub fn assessment_yaml(imported: &Imported, source: &str) -> String {
    let mut out = String::new();
    out.push_str(&format!(
        "# Imported from CISO Assistant's audit file {} ({}) by `aims import ciso-assistant`.\n",
        comment(source),
        imported.form
    ));
    out.push_str(
        "# Statuses and observations only: the file carries no evidence, so a compliant requirement counts as a \
         claim\n# until its evidence is listed here (see docs/ciso-assistant.md in the aims source).\n",
    );
    if imported.entries.is_empty() {
        out.push_str("requirements: []\n");
        return out;
    }
    out.push_str("requirements:\n");
    for e in &imported.entries {
        out.push_str(&format!("  - requirement: {}\n    status: {}\n", quote(&e.requirement), e.status.as_str()));
        if !e.notes.is_empty() {
            let key = if e.status == Status::NotApplicable { "justification" } else { "notes" };
            out.push_str(&format!("    {key}: {}\n", quote(&e.notes)));
        }
    }
    out
}

/// Text for a one-line YAML comment: control characters (line breaks included) become spaces.
fn comment(text: &str) -> String {
    text.chars().map(|c| if c.is_control() { ' ' } else { c }).collect()
}

/// `text` as a YAML double-quoted scalar on one line: `"` and `\` escaped, line breaks as `\n`, every other
/// character YAML does not allow raw (control characters, NEL, the line and paragraph separators, a byte-order
/// mark, lone surrogates cannot occur in a `str`) as a `\u` escape.
pub fn quote(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            c if (c as u32) < 0x20
                || (0x7F..=0x9F).contains(&(c as u32))
                || matches!(c, '\u{2028}' | '\u{2029}' | '\u{FEFF}' | '\u{FFFE}' | '\u{FFFF}') =>
            {
                out.push_str(&format!("\\u{:04X}", c as u32));
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_row_names_its_requirement_by_ref_id_or_else_by_urn() {
        assert_eq!(reference("A.2.2", ""), Some("A.2.2".into()));
        assert_eq!(reference("", "urn:intuitem:risk:req_node:iso42001-2023:a.2.2"), Some("A.2.2".into()));
        assert_eq!(reference("", "URN:intuitem:risk:req_node:iso42001-2023:6.1"), Some("6.1".into()));
        assert_eq!(reference("", "urn:intuitem:risk:req_node:iso27001-2022:a.5.1"), None);
        assert_eq!(reference("", ""), None);
    }

    #[test]
    fn true_is_spelt_several_ways() {
        for yes in ["true", "TRUE", "True", " yes ", "1", "x"] {
            assert!(truthy(yes), "{yes}");
        }
        for no in ["", "false", "FALSE", "0", "no", "assessable"] {
            assert!(!truthy(no), "{no}");
        }
    }

    #[test]
    fn quoted_text_stays_text() {
        assert_eq!(quote("no"), "\"no\"");
        assert_eq!(quote("a \"b\"\\c\nd"), "\"a \\\"b\\\"\\\\c\\nd\"");
        assert_eq!(quote("\u{7}\u{85}\u{2028}"), "\"\\u0007\\u0085\\u2028\"");
    }
}
