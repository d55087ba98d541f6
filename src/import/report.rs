//! What an import did ([`ImportReport`]), for a person ([`ImportReport::text`]) or a script (its JSON, which
//! docs/import.md describes).

use std::collections::BTreeMap;
use std::fmt::Write as _;

use serde::Serialize;

/// What the import did, row by row where it matters. Serialised as the `--format json` summary; row numbers are
/// as a spreadsheet shows them (the header is row 1), lines are 1-based lines of the CSV file.
#[derive(Debug, Serialize)]
pub struct ImportReport {
    /// The version of this summary's shape ([`crate::assess::REPORT_SCHEMA_VERSION`]).
    pub schema_version: u32,
    /// The CSV file's name (control characters replaced by `?`).
    pub source: String,
    /// The mapping: `profile NAME` or the mapping file's path.
    pub mapping: String,
    /// The workspace folder, as given.
    pub workspace: String,
    /// Whether nothing was written (`--dry-run`); the rest says what would have been.
    pub dry_run: bool,
    /// Records read below the header. Each is a system, skipped or blank: `rows` is the length of `systems` and
    /// `skipped` plus the rows of `blank`.
    pub rows: usize,
    /// One entry per row that became a system.
    pub systems: Vec<Written>,
    /// One entry per row that did not, blank rows aside.
    pub skipped: Vec<Skipped>,
    /// The blank rows (every cell empty, or separators only), as ranges of consecutive rows.
    pub blank: Vec<RowRange>,
    /// Rows whose wanted ID was taken, and the ID they got instead.
    pub disambiguated: Vec<Disambiguated>,
    /// The mapping's defaults used for blank or unknown answers, by field and value.
    pub placeholders: Vec<Counted>,
    /// Answers the mapping does not know (kept in each system's notes), by column and value.
    pub unrecognised: Vec<Counted>,
    /// Cells cut short because the row's text would not fit in a system file aims reads (see docs/import.md).
    pub clipped: Vec<Clipped>,
    /// Evidence records made from inventory answers, per kind: claims whose files are still to be supplied, and
    /// published documents recorded by their address.
    pub evidence_claims: BTreeMap<&'static str, usize>,
    /// How many of those records name a published document by its address (external evidence, still to be reviewed)
    /// instead of a file to supply.
    pub evidence_published: usize,
    /// Files the workspace scaffold (`aims init`) created.
    pub scaffolded: Vec<String>,
    /// The CSV file's field separator (`,`, `;`, `tab`); `null` for a workbook.
    pub delimiter: Option<String>,
    /// Whether the separator was detected from the header line rather than given with `--delimiter`.
    pub delimiter_detected: bool,
    /// The worksheet read from a workbook; `null` for a CSV file.
    pub sheet: Option<String>,
    /// Whether the folder was not a workspace (neither organisation.yaml nor aims.toml) and is (or, in a dry run, would be) scaffolded because
    /// there is something to import. Not in the JSON, where `scaffolded` lists the files.
    #[serde(skip)]
    pub creates_workspace: bool,
}

/// A row that became a system file.
#[derive(Debug, Serialize)]
pub struct Written {
    /// The row's number.
    pub row: usize,
    /// The system's ID.
    pub id: String,
    /// Workspace-relative path of its file, `systems/<id>.yaml`.
    pub file: String,
    /// Whether the file is new or replaced an existing one.
    pub action: WriteAction,
}

/// What happens to a system file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum WriteAction {
    /// The file did not exist.
    Created,
    /// The file existed and is replaced (`--force`).
    Overwritten,
}

/// A row that did not become a system.
#[derive(Debug, Serialize)]
pub struct Skipped {
    /// The row's number.
    pub row: usize,
    /// The line of the CSV file it starts on.
    pub line: u64,
    /// Why, for a person.
    pub reason: String,
}

/// Consecutive rows, `first` to `last` (the same row for one).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct RowRange {
    /// The first row's number.
    pub first: usize,
    /// The last row's number.
    pub last: usize,
}

impl RowRange {
    /// How many rows.
    pub fn len(&self) -> usize {
        self.last + 1 - self.first
    }

    /// Never empty; for clippy's `len_without_is_empty`.
    pub fn is_empty(&self) -> bool {
        false
    }
}

impl std::fmt::Display for RowRange {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.first == self.last {
            write!(f, "row {}", self.first)
        } else {
            write!(f, "rows {}-{}", self.first, self.last)
        }
    }
}

/// A cell cut short: the system file keeps its first `kept` bytes and says so in its notes.
#[derive(Debug, Serialize)]
pub struct Clipped {
    /// The row's number.
    pub row: usize,
    /// The column's header.
    pub column: String,
    /// The cell's length, in bytes of UTF-8.
    pub bytes: usize,
    /// How many of them the system file keeps.
    pub kept: usize,
}

/// A row whose wanted ID was already taken.
#[derive(Debug, Serialize)]
pub struct Disambiguated {
    /// The row's number.
    pub row: usize,
    /// The ID the row asked for.
    pub wanted: String,
    /// The ID it got (`wanted-2`, `wanted-3`, …).
    pub id: String,
    /// What already had the ID: "row 51" or an existing file.
    pub taken_by: String,
}

/// One value met in several rows.
#[derive(Debug, Serialize)]
pub struct Counted {
    /// The field (placeholders) or the column (values not recognised).
    pub field: String,
    /// The value.
    pub value: String,
    /// The rows it appears in.
    pub rows: Vec<usize>,
}

impl ImportReport {
    /// Whether any row became a system; an import of nothing is a failure (exit code 2).
    pub fn imported_any(&self) -> bool {
        !self.systems.is_empty()
    }

    /// The summary for a person: counts first, then each list (IDs disambiguated, placeholders, values not
    /// recognised, rows skipped), then what to do next. Ends with a line break.
    pub fn text(&self) -> String {
        let s = self;
        let mut out = String::new();
        let verb = if s.dry_run { "would be written" } else { "written" };
        let created = s.systems.iter().filter(|w| w.action == WriteAction::Created).count();
        let blank: usize = s.blank.iter().map(RowRange::len).sum();
        let _ = writeln!(
            out,
            "aims import: {} row{} read from {} ({}): {} became systems, {} skipped{}",
            s.rows,
            if s.rows == 1 { "" } else { "s" },
            s.source,
            s.mapping,
            s.systems.len(),
            s.skipped.len(),
            if blank > 0 { format!(", {blank} blank") } else { String::new() }
        );
        match (&s.delimiter, &s.sheet) {
            (Some(d), _) if s.delimiter_detected => {
                let _ =
                    writeln!(out, "  read as CSV separated by `{d}` (detected from the header; --delimiter sets it)");
            }
            (Some(d), _) => {
                let _ = writeln!(out, "  read as CSV separated by `{d}`");
            }
            (None, Some(sheet)) => {
                let _ = writeln!(out, "  read from worksheet `{}` of the workbook", short(sheet));
            }
            (None, None) => {}
        }
        if s.systems.is_empty() {
            let why = if s.rows == 0 { "the file has no rows below its header" } else { "every row was skipped" };
            let _ = writeln!(out, "  nothing was imported ({why}); {} was left as it was", s.workspace);
        } else {
            let _ = writeln!(
                out,
                "  {} system file{} {verb} to {}/systems/ ({created} new, {} overwritten)",
                s.systems.len(),
                if s.systems.len() == 1 { "" } else { "s" },
                s.workspace.trim_end_matches('/'),
                s.systems.len() - created
            );
        }
        if !s.evidence_claims.is_empty() {
            let total: usize = s.evidence_claims.values().sum();
            let kinds: Vec<String> = s.evidence_claims.iter().map(|(k, n)| format!("{k} {n}")).collect();
            let published = s.evidence_published;
            let pointers = match (total - published, published) {
                (_, 0) => "each points at a file still to be added".to_string(),
                (0, 1) => "it names a published document still to be reviewed".to_string(),
                (0, _) => "each names a published document still to be reviewed".to_string(),
                (files, n) => format!(
                    "{files} point{} at a file still to be added, {n} name{} a published document still to be reviewed",
                    if files == 1 { "s" } else { "" },
                    if n == 1 { "s" } else { "" }
                ),
            };
            let _ = writeln!(
                out,
                "  {total} evidence record{} made from inventory claims ({}); {pointers}",
                if total == 1 { "" } else { "s" },
                kinds.join(", ")
            );
        }
        if s.disambiguated.is_empty() {
            out.push_str("\nIDs disambiguated: none\n");
        } else {
            let _ = writeln!(out, "\nIDs disambiguated ({}):", s.disambiguated.len());
        }
        for d in &s.disambiguated {
            let _ = writeln!(out, "  row {}: \"{}\" is taken by {} → \"{}\"", d.row, d.wanted, d.taken_by, d.id);
        }
        if !s.placeholders.is_empty() {
            let _ =
                writeln!(out, "\nPlaceholders (the mapping's defaults for blank or unknown answers; confirm them):");
            for p in &s.placeholders {
                let _ = writeln!(out, "  {} = \"{}\": {}", p.field, short(&p.value), rows_text(&p.rows));
            }
        }
        if s.unrecognised.is_empty() {
            out.push_str("\nValues not recognised: none\n");
        } else {
            let _ = writeln!(out, "\nValues not recognised (kept as written in each system's notes):");
            for u in &s.unrecognised {
                let _ = writeln!(out, "  {} \"{}\": {}", u.field, short(&u.value), rows_text(&u.rows));
            }
        }
        if !s.clipped.is_empty() {
            let _ = writeln!(
                out,
                "\nCells clipped ({}; the row's text would not fit in a system file aims reads):",
                s.clipped.len()
            );
            for c in &s.clipped {
                let _ = writeln!(out, "  row {}: {} kept {} of {} bytes", c.row, short(&c.column), c.kept, c.bytes);
            }
        }
        if s.skipped.is_empty() {
            out.push_str("\nSkipped rows: none\n");
        } else {
            let _ = writeln!(out, "\nSkipped rows ({}):", s.skipped.len());
            for k in &s.skipped {
                // A workbook has no lines apart from its rows.
                if s.sheet.is_some() {
                    let _ = writeln!(out, "  row {}: {}", k.row, k.reason);
                } else {
                    let _ = writeln!(out, "  row {} (line {}): {}", k.row, k.line, k.reason);
                }
            }
        }
        if !s.blank.is_empty() {
            let ranges: Vec<String> = s.blank.iter().map(RowRange::to_string).collect();
            let shown = ranges.iter().take(20).cloned().collect::<Vec<_>>().join(", ");
            let more = ranges.len().saturating_sub(20);
            let _ = writeln!(
                out,
                "\nBlank rows ({blank}, left out): {shown}{} {}",
                if more > 0 { format!(" … and {more} more ranges") } else { String::new() },
                if blank == 1 { "is blank" } else { "are blank" }
            );
        }
        if s.creates_workspace {
            let _ = writeln!(
                out,
                "\nThe workspace did not exist, so it {} created as `aims init` would, without the example AI \
                 system{}. Fill in organisation.yaml and assessment.yaml.",
                if s.dry_run { "would be" } else { "was" },
                if s.scaffolded.is_empty() { String::new() } else { format!(" ({})", s.scaffolded.join(", ")) }
            );
        }
        if !s.dry_run && !s.systems.is_empty() {
            let _ = writeln!(out, "\nNext: aims validate {0} && aims gap {0}", s.workspace);
        }
        out
    }
}

/// Row numbers for a person: all of a few, the first ten of many.
fn rows_text(rows: &[usize]) -> String {
    let shown: Vec<String> = rows.iter().take(10).map(usize::to_string).collect();
    let more = rows.len().saturating_sub(10);
    let noun = if rows.len() == 1 { "row" } else { "rows" };
    if more > 0 {
        format!("{noun} {} … and {more} more", shown.join(", "))
    } else {
        format!("{noun} {}", shown.join(", "))
    }
}

/// One-line text for the summary: line breaks shown as `⏎`, long text shortened.
fn short(text: &str) -> String {
    let one_line: String = text
        .chars()
        .map(|c| {
            if c == '\n' {
                '⏎'
            } else if c.is_control() {
                '?'
            } else {
                c
            }
        })
        .collect();
    if one_line.chars().count() > 70 {
        let cut: String = one_line.chars().take(69).collect();
        format!("{cut}…")
    } else {
        one_line
    }
}
