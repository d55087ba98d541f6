//! One row per requirement, for spreadsheets: the gap report's CSV (`aims gap --format csv`). Its columns are aims'
//! own; `result` takes the five status values. It is not an import file for another tool: CISO Assistant reads the
//! audit file `aims export ciso-assistant` writes (`crate::interop::ciso_assistant`), not this one.
//!
//! This file also holds the one CSV writer of aims, [`push_row`]: the report's CSV, the Statement of Applicability's
//! and the plan's (through [`csv_table`](super::csv_table)), the crosswalk's and CISO Assistant's audit file all go
//! through it. RFC 4180 quoting, LF line endings, UTF-8; by default comma-separated without a byte-order mark, and
//! [`CsvStyle`] gives the byte-order mark and the delimiter a spreadsheet program expects ([`restyle`]). Text that a
//! spreadsheet would run as a formula is neutralised with a leading apostrophe ([`escape::csv_cell`]): workspace text
//! comes from many hands, and a cell starting with `=` must not become a formula in the consultant's spreadsheet.

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
    let evidence = super::findings::evidence_cells(r);
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
    let (next_action, due) = super::findings::next_action(r);
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
        due.map_or_else(String::new, |d| d.to_string()),
        systems.join("; "),
        r.system_summary().unwrap_or_default(),
    ]
}

/// Appends one CSV row of `cells` to `out`: each cell defused ([`escape::csv_cell`]: formulas, control characters)
/// then quoted ([`quote`]), separated by commas, ended by `\n`.
pub(super) fn push_row(out: &mut String, cells: impl IntoIterator<Item = String>) {
    push_row_with(out, ',', cells);
}

/// [`push_row`] with `delimiter` between the cells.
pub(super) fn push_row_with(out: &mut String, delimiter: char, cells: impl IntoIterator<Item = String>) {
    for (i, cell) in cells.into_iter().enumerate() {
        if i > 0 {
            out.push(delimiter);
        }
        out.push_str(&quote(&escape::csv_cell(&cell), delimiter));
    }
    out.push('\n');
}

/// RFC 4180: a cell holding the delimiter, a quote or a line break is quoted, with quotes doubled.
fn quote(cell: &str, delimiter: char) -> String {
    if cell.contains([delimiter, '"', '\n', '\r']) {
        format!("\"{}\"", cell.replace('"', "\"\""))
    } else {
        cell.to_string()
    }
}

/// How a CSV file is laid out for the program that opens it. The default, aims' own layout, is comma-separated
/// without a byte-order mark (what scripts and `git diff` want). Excel on Windows reads a CSV file without a
/// byte-order mark in the computer's legacy code page (so `Zoë` shows as `ZoÃ«`), and in locales whose decimal
/// separator is a comma (German, Dutch, French, …) it splits columns on `;`, not `,`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CsvStyle {
    /// Start the file with the UTF-8 byte-order mark (the bytes EF BB BF), which tells Excel the file is UTF-8.
    pub bom: bool,
    /// The character between cells: an ASCII character other than a quote or a line break (`,`, `;` or a tab).
    pub delimiter: u8,
}

impl Default for CsvStyle {
    fn default() -> Self {
        CsvStyle { bom: false, delimiter: b',' }
    }
}

impl CsvStyle {
    /// The layout Excel opens by a double click in locales that write decimals with a comma: a byte-order mark and
    /// `;` between cells (also the layout of CISO Assistant's own CSV export).
    pub const EXCEL_SEMICOLON: CsvStyle = CsvStyle { bom: true, delimiter: b';' };

    /// Whether this is aims' own layout (comma, no byte-order mark), which [`restyle`] leaves as it is.
    pub fn is_default(self) -> bool {
        self == CsvStyle::default()
    }
}

/// A CSV document aims wrote (comma-separated, RFC 4180, the cells already defused) in `style`: the byte-order mark
/// when asked for, and every row written again with the style's delimiter, so that a cell holding that delimiter is
/// quoted. The cells' text is unchanged. Text that is not such a document (it cannot be, as every CSV aims writes
/// comes from [`push_row`]) is returned with only the byte-order mark added.
pub fn restyle(text: &str, style: CsvStyle) -> String {
    let bom = if style.bom { "\u{feff}" } else { "" };
    if style.delimiter == b',' {
        return format!("{bom}{text}");
    }
    let delimiter = char::from(style.delimiter);
    let mut reader = ::csv::ReaderBuilder::new().has_headers(false).flexible(true).from_reader(text.as_bytes());
    let mut out = String::with_capacity(text.len() + bom.len());
    out.push_str(bom);
    for record in reader.records() {
        let Ok(record) = record else { return format!("{bom}{text}") };
        for (i, cell) in record.iter().enumerate() {
            if i > 0 {
                out.push(delimiter);
            }
            out.push_str(&quote(cell, delimiter));
        }
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quoting_follows_rfc_4180() {
        assert_eq!(quote("plain", ','), "plain");
        assert_eq!(quote("a, b", ','), "\"a, b\"");
        assert_eq!(quote("a, b", ';'), "a, b");
        assert_eq!(quote("a; b", ';'), "\"a; b\"");
        assert_eq!(quote("say \"hi\"", ','), "\"say \"\"hi\"\"\"");
        assert_eq!(quote("two\nlines", ','), "\"two\nlines\"");
    }

    #[test]
    fn a_row_with_hostile_text_parses_back_to_the_defused_cells() {
        let mut out = String::new();
        push_row(&mut out, ["=cmd|' /C calc'!A0".to_string(), "a,\"b\"\nc".to_string(), "-".to_string()]);
        assert_eq!(out, "'=cmd|' /C calc'!A0,\"a,\"\"b\"\"\nc\",'-\n");
    }

    #[test]
    fn restyling_changes_the_delimiter_and_keeps_every_cell() {
        let mut out = String::new();
        push_row(&mut out, ["ref_id".to_string(), "owner".to_string(), "note".to_string()]);
        push_row(&mut out, ["A.2.2".to_string(), "Zoë Brontë".to_string(), "a, b; c\n\"d\"".to_string()]);
        assert_eq!(restyle(&out, CsvStyle::default()), out);
        let excel = restyle(&out, CsvStyle::EXCEL_SEMICOLON);
        assert_eq!(excel, "\u{feff}ref_id;owner;note\nA.2.2;Zoë Brontë;\"a, b; c\n\"\"d\"\"\"\n");
        let tabs = restyle(&out, CsvStyle { bom: false, delimiter: b'\t' });
        assert_eq!(tabs, "ref_id\towner\tnote\nA.2.2\tZoë Brontë\t\"a, b; c\n\"\"d\"\"\"\n");
    }
}
