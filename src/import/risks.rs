//! `aims import risks FILE --into DIR --mapping MAP.toml`: a risk-register spreadsheet (CSV or .xlsx) into one
//! register file of an existing workspace (`risks/<name>.yaml` or `risks.yaml`). The workspace is loaded first, so
//! that each value is checked against its risk criteria (aims.toml `[risk]`), its AI systems and the catalogue;
//! every problem is reported with its row and column, and nothing is written while there is any. The register file
//! is written atomically, never over an existing file without `--force`, and not at all with `--dry-run`.
//! docs/import.md ("Importing a risk register") is the user documentation.

use std::collections::HashMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use serde::Serialize;

use super::risk_convert::{self, Context, Problem, RiskDraft};
use super::risk_mapping::{self, column_letter};
use super::{ImportError, RowRange, Source};
use crate::catalogue::Catalogue;
use crate::date::Date;
use crate::load::{MAX_FILE_BYTES, MAX_NODES};

/// What `aims import risks` is asked to do.
#[derive(Debug, Clone)]
pub struct RiskImport {
    /// The register: a CSV file (UTF-8, a header row first) or an Excel .xlsx workbook (told apart by content).
    pub file: PathBuf,
    /// The workspace to write into; it must exist and load without errors (its systems and `[risk]` criteria are
    /// what the values are checked against).
    pub into: PathBuf,
    /// The risk-register mapping (`kind = "risks"`; docs/import.md).
    pub mapping: PathBuf,
    /// The register file to write, relative to the workspace: `risks.yaml` or `risks/NAME.yaml`; `None`:
    /// `risks/<the spreadsheet's name>.yaml`.
    pub register: Option<String>,
    /// Overwrite the register file when it exists (never any other file).
    pub force: bool,
    /// Check and report, and write nothing.
    pub dry_run: bool,
    /// The CSV field separator; `None`: detected from the header line, as for the inventory import.
    pub delimiter: Option<u8>,
    /// The worksheet of a workbook to read; `None`: the first.
    pub sheet: Option<String>,
    /// The assessment date: reviews, acceptances and completed actions cannot be later (as for `aims validate`).
    pub as_of: Date,
}

/// What a risk import did. Serialised as the `--format json` summary; rows are numbered as the spreadsheet shows
/// them (the header is row 1).
#[derive(Debug, Serialize)]
pub struct RiskImportReport {
    /// The version of this summary's shape ([`crate::assess::REPORT_SCHEMA_VERSION`]).
    pub schema_version: u32,
    /// The spreadsheet's file name (control characters replaced by `?`).
    pub source: String,
    /// The worksheet read from a workbook; `null` for a CSV file.
    pub sheet: Option<String>,
    /// The mapping file's path.
    pub mapping: String,
    /// The workspace folder, as given.
    pub workspace: String,
    /// The register file, relative to the workspace (`risks/register.yaml`).
    pub register: String,
    /// Whether the register file existed and is (or would be) replaced (`--force`).
    pub overwritten: bool,
    /// Whether nothing was written (`--dry-run`).
    pub dry_run: bool,
    /// Records read below the header: each a risk or blank.
    pub rows: usize,
    /// One entry per row that became a risk.
    pub risks: Vec<ImportedRisk>,
    /// The blank rows, as ranges of consecutive rows.
    pub blank: Vec<RowRange>,
    /// Columns no field of the mapping names and the mapping does not `ignore`: their cells are not imported.
    pub not_imported: Vec<String>,
}

/// A row that became a risk.
#[derive(Debug, Serialize)]
pub struct ImportedRisk {
    /// The row's number.
    pub row: usize,
    /// The risk's ID.
    pub id: String,
    /// The Annex A controls its treatment chooses.
    pub controls: usize,
    /// The treatment actions.
    pub actions: usize,
}

impl RiskImportReport {
    /// Whether any row became a risk; importing none is a failure (exit code 2).
    pub fn imported_any(&self) -> bool {
        !self.risks.is_empty()
    }

    /// The summary for a person; ends with a line break.
    pub fn text(&self) -> String {
        let s = self;
        let mut out = String::new();
        let blank: usize = s.blank.iter().map(RowRange::len).sum();
        let _ = writeln!(
            out,
            "aims import risks: {} row{} read from {} ({}): {} risk{}{}",
            s.rows,
            if s.rows == 1 { "" } else { "s" },
            s.source,
            s.mapping,
            s.risks.len(),
            if s.risks.len() == 1 { "" } else { "s" },
            if blank > 0 { format!(", {blank} blank") } else { String::new() }
        );
        if let Some(sheet) = &s.sheet {
            let _ = writeln!(out, "  read from worksheet `{sheet}` of the workbook");
        }
        if s.risks.is_empty() {
            let why = if s.rows == 0 { "the file has no rows below its header" } else { "every row is blank" };
            let _ = writeln!(out, "  nothing was imported ({why}); {} was left as it was", s.workspace);
        } else {
            let verb = match (s.dry_run, s.overwritten) {
                (true, true) => "would be overwritten",
                (true, false) => "would be written",
                (false, true) => "overwritten",
                (false, false) => "written",
            };
            let controls: usize = s.risks.iter().map(|r| r.controls).sum();
            let actions: usize = s.risks.iter().map(|r| r.actions).sum();
            let _ = writeln!(
                out,
                "  {}/{} {verb}: {} risk{}, {controls} Annex A control choice{}, {actions} treatment action{}",
                s.workspace.trim_end_matches('/'),
                s.register,
                s.risks.len(),
                if s.risks.len() == 1 { "" } else { "s" },
                if controls == 1 { "" } else { "s" },
                if actions == 1 { "" } else { "s" }
            );
            let ids: Vec<String> = s.risks.iter().map(|r| format!("{} (row {})", r.id, r.row)).collect();
            let _ = writeln!(out, "  risks: {}", ids.join(", "));
        }
        if !s.not_imported.is_empty() {
            let _ = writeln!(
                out,
                "\nColumns not imported (no field of the mapping names them; list them under `ignore` to silence \
                 this):\n  {}",
                s.not_imported.join(", ")
            );
        }
        if !s.blank.is_empty() {
            let ranges: Vec<String> = s.blank.iter().map(RowRange::to_string).collect();
            let _ = writeln!(out, "\nBlank rows, left out: {}", ranges.join(", "));
        }
        if !s.dry_run && !s.risks.is_empty() {
            let _ = writeln!(out, "\nNext: aims validate {0} && aims gap {0}", s.workspace);
        }
        out
    }
}

/// The problems that stop a risk import, as one message: the file, then each problem on its own lines.
pub fn problems_text(file: &str, sheet: Option<&str>, problems: &[Problem]) -> String {
    const SHOWN: usize = 50;
    let mut out = format!(
        "{file}: {} value{} cannot be imported; nothing was written:",
        problems.len(),
        if problems.len() == 1 { "" } else { "s" }
    );
    for p in problems.iter().take(SHOWN) {
        let mut at = String::new();
        if let Some(sheet) = sheet {
            let _ = write!(at, "sheet `{sheet}`, ");
        }
        let _ = write!(at, "row {}", p.row);
        if let (Some(column), Some(header)) = (&p.column, &p.header) {
            let _ = write!(at, ", column {column} `{header}`");
        }
        let _ = write!(out, "\n  {at}: {}\n    = help: {}", p.message, p.help);
    }
    if problems.len() > SHOWN {
        let _ = write!(out, "\n  … and {} more", problems.len() - SHOWN);
    }
    out
}

/// The register file a `--register` value names, checked: `risks.yaml` or `risks/NAME.yaml`, where NAME is letters,
/// digits, `-`, `_` and `.` (no folder, no `..`).
fn register_path(given: Option<&str>, source: &Path) -> Result<String, ImportError> {
    let Some(given) = given else {
        let stem = source.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
        let slug = super::convert::slug(&stem);
        return Ok(format!("risks/{}.yaml", if slug.is_empty() { "imported" } else { &slug }));
    };
    let given = given.trim().replace('\\', "/");
    let name_ok = |name: &str| {
        !name.is_empty()
            && !name.starts_with('.')
            && name.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
    };
    let ok = given == "risks.yaml"
        || given
            .strip_prefix("risks/")
            .and_then(|n| n.strip_suffix(".yaml").or_else(|| n.strip_suffix(".yml")))
            .is_some_and(name_ok);
    if ok {
        Ok(given)
    } else {
        Err(ImportError::Unusable(format!(
            "--register {given}: the register is risks.yaml or risks/NAME.yaml (NAME of letters, digits, `-`, `_`), \
             relative to the workspace"
        )))
    }
}

/// Imports a risk register: each row becomes one risk of the register file, or the import stops and lists every
/// value that cannot be imported. Nothing is written when any row has a problem, when the register file exists
/// (without `force`), or with `dry_run`.
///
/// # Errors
/// [`ImportError`]: the workspace does not exist or does not load, the mapping cannot be read or does not fit the
/// file, a value cannot be imported ([`ImportError::RiskValues`]), the register file exists, or it cannot be
/// written.
pub fn import_risks(catalogue: &Catalogue, args: &RiskImport) -> Result<RiskImportReport, ImportError> {
    let mapping_name = args.mapping.display().to_string();
    let text = crate::input::read_to_string(&args.mapping, crate::input::MAX_MAPPING_BYTES)
        .map_err(|source| ImportError::ReadMapping { path: args.mapping.clone(), source })?;
    let mapping_file = risk_mapping::parse(&text, &mapping_name).map_err(ImportError::Mapping)?;

    // The workspace: it must exist and load, as its systems and criteria are what the rows are checked against.
    let dir = &args.into;
    if crate::discover::marker(dir).is_none() {
        return Err(ImportError::NotAWorkspace(dir.clone()));
    }
    let loaded = crate::load::load(dir, catalogue, args.as_of);
    let errors = loaded.diagnostics.count(crate::diagnostic::Severity::Error);
    let Some(workspace) = loaded.workspace else {
        return Err(ImportError::InvalidWorkspace { dir: dir.clone(), errors });
    };
    let register = register_path(args.register.as_deref(), &args.file)?;
    let target = dir.join(&register);
    let root = dir.canonicalize().map_err(|source| ImportError::Read { path: dir.clone(), source })?;
    let risks_dir = dir.join("risks");
    if register.starts_with("risks/") {
        crate::init::confined_folder(&root, &risks_dir)?;
    }
    let exists = target.symlink_metadata().is_ok();
    if exists && !args.force {
        return Err(ImportError::RegisterExists(target));
    }

    let mut rows = Source::open(&args.file, args.delimiter, args.sheet.as_deref())?;
    let headers = rows.headers();
    let (_, _, sheet) = rows.described();
    let mapping = mapping_file.compile(&headers, &workspace.settings.risk).map_err(|problems| {
        ImportError::MappingMismatch { mapping: mapping_name.clone(), file: args.file.clone(), problems }
    })?;
    let source = args.file.file_name().map_or_else(|| "the file".into(), |n| n.to_string_lossy().into_owned());
    let source: String = source.chars().map(|c| if c.is_control() { '?' } else { c }).collect();

    // IDs already in the register, outside the file this import replaces.
    let taken: HashMap<String, String> = workspace
        .risk
        .risks
        .iter()
        .filter(|r| r.location.file != register)
        .map(|r| (r.id.to_lowercase(), format!("{}:{}", r.location.file, r.location.line)))
        .collect();
    let cx = Context {
        mapping: &mapping,
        criteria: &workspace.settings.risk,
        systems: &workspace.systems,
        catalogue,
        as_of: args.as_of,
    };
    let id_column = mapping.column("id");
    let mut drafts: Vec<RiskDraft> = Vec::new();
    let mut problems: Vec<Problem> = Vec::new();
    let mut first_row: HashMap<String, usize> = HashMap::new();
    let (mut count, mut blank) = (0, Vec::<RowRange>::new());
    while let Some(row) = rows.next(super::MAX_ROW_TEXT)? {
        count += 1;
        let mut cells = row.cells;
        if cells.iter().all(|c| c.trim().is_empty()) {
            match blank.last_mut() {
                Some(range) if range.last + 1 == row.row => range.last = row.row,
                _ => blank.push(RowRange { first: row.row, last: row.row }),
            }
            continue;
        }
        if cells.len() > headers.len() && cells[headers.len()..].iter().any(|c| !c.trim().is_empty()) {
            problems.push(Problem {
                row: row.row,
                column: None,
                header: None,
                message: format!("the row has {} cells but the header has {} columns", cells.len(), headers.len()),
                help: "a stray separator or quote? give every value a column with a header".to_string(),
            });
            continue;
        }
        if let Some(column) = (0..cells.len()).find(|&i| row.lengths[i] > cells[i].len()) {
            problems.push(Problem {
                row: row.row,
                column: Some(column_letter(column)),
                header: headers.get(column).cloned(),
                message: format!("the cell is {} bytes long", row.lengths[column]),
                help: format!(
                    "a row brings at most {} KiB of text; shorten the cell, or keep the text in a document and name it",
                    super::MAX_ROW_TEXT >> 10
                ),
            });
            continue;
        }
        cells.resize(headers.len(), String::new());
        // The ID is checked before the rest, so that a repeated ID is found even on a row with other problems.
        let id = id_column.map(|c| cells[c].trim().to_string()).unwrap_or_default();
        let key = id.to_lowercase();
        let id_problem = |message: String, help: &str| Problem {
            row: row.row,
            column: id_column.map(column_letter),
            header: id_column.map(|c| headers[c].clone()),
            message,
            help: help.to_string(),
        };
        if !id.is_empty() {
            if let Some(first) = first_row.get(&key) {
                problems.push(id_problem(
                    format!("id: risk `{id}` is already on row {first}"),
                    "give every risk its own ID; put several actions of one risk in one cell, one per line",
                ));
            } else if let Some(at) = taken.get(&key) {
                problems.push(id_problem(
                    format!("id: risk `{id}` is already in the register at {at}"),
                    "give the risk another ID, or remove it from that file first",
                ));
            }
            first_row.entry(key).or_insert(row.row);
        }
        match risk_convert::convert(&cx, row.row, &cells) {
            Ok(draft) => drafts.push(draft),
            Err(row_problems) => problems.extend(row_problems),
        }
    }
    if !problems.is_empty() {
        // In reading order: by row, then left to right.
        problems.sort_by(|a, b| {
            let column = |p: &Problem| p.column.as_ref().map(|c| (c.len(), c.clone()));
            (a.row, column(a)).cmp(&(b.row, column(b)))
        });
        return Err(ImportError::RiskValues { file: source, sheet, problems });
    }

    let not_imported = mapping.unmapped.iter().map(|&i| headers[i].clone()).collect();
    let report = RiskImportReport {
        schema_version: crate::assess::REPORT_SCHEMA_VERSION,
        source: source.clone(),
        sheet: sheet.clone(),
        mapping: mapping_name,
        workspace: dir.display().to_string(),
        register: register.clone(),
        overwritten: exists,
        dry_run: args.dry_run,
        rows: count,
        risks: drafts
            .iter()
            .map(|d| ImportedRisk {
                row: d.row,
                id: d.id.clone(),
                controls: d.controls.len(),
                actions: d.actions.len(),
            })
            .collect(),
        blank,
        not_imported,
    };
    if drafts.is_empty() || args.dry_run {
        return Ok(report);
    }
    let yaml = render_register(&drafts, &source, sheet.as_deref(), &workspace.settings.risk);
    let nodes: usize = drafts
        .iter()
        .map(|d| {
            40 + d.affected.len() + d.systems.len() + d.controls.len() + d.other_controls.len() + 5 * d.actions.len()
        })
        .sum();
    if yaml.len() as u64 > MAX_FILE_BYTES || nodes > MAX_NODES {
        return Err(ImportError::Unusable(format!(
            "the register would be larger than aims reads in one file ({} MiB or {MAX_NODES} YAML values); split the \
             spreadsheet and import each part with its own --register",
            MAX_FILE_BYTES >> 20
        )));
    }
    let made_folder = register.starts_with("risks/") && !risks_dir.exists();
    if made_folder {
        std::fs::create_dir(&risks_dir).map_err(|source| ImportError::CreateDir { path: risks_dir.clone(), source })?;
    }
    let written = crate::output::Target::new(&target).map_err(ImportError::from).and_then(|kind| {
        if kind.is_file() {
            crate::output::write_atomic(&target, &yaml).map_err(ImportError::from)
        } else {
            Err(crate::output::OutputError::refused(
                &target,
                "it is a pipe, device or socket, not a register file",
                "remove it, then import again",
            )
            .into())
        }
    });
    if written.is_err() && made_folder {
        let _ = std::fs::remove_dir(&risks_dir);
    }
    written?;
    Ok(report)
}

/// The register file: the risks in row order, fields in the order docs/workspace.md lists them; every text
/// double-quoted with escapes, ratings as level numbers with the level names in a comment.
fn render_register(
    drafts: &[RiskDraft],
    source: &str,
    sheet: Option<&str>,
    c: &crate::workspace::RiskCriteria,
) -> String {
    use super::yaml::{field, list, plain, quote};
    let mut out = String::with_capacity(drafts.len() * 1024);
    let from = match sheet {
        Some(sheet) => format!("{source}, worksheet {sheet}"),
        None => source.to_string(),
    };
    let from: String = from.chars().map(|ch| if ch.is_control() { '?' } else { ch }).collect();
    let _ = writeln!(
        out,
        "# AI risk register imported by `aims import risks` from {from}. Ratings are levels of aims.toml [risk];\n\
         # review the risks, then edit freely; re-importing with --force overwrites this file. docs/risk.md explains \
         the fields."
    );
    out.push_str("risks:\n");
    let level_name = |levels: &[String], n: u32| {
        let name = levels.get(n as usize - 1).map_or("", String::as_str);
        name.chars().map(|ch| if ch.is_control() { ' ' } else { ch }).collect::<String>()
    };
    let rating = |out: &mut String, key: &str, (l, k): (u32, u32)| {
        let _ = writeln!(
            out,
            "    {key}: {{likelihood: {l}, consequence: {k}}}  # {}, {}",
            level_name(&c.likelihood, l),
            level_name(&c.consequence, k)
        );
    };
    for (i, d) in drafts.iter().enumerate() {
        if i > 0 {
            out.push('\n');
        }
        let _ = writeln!(out, "  # row {}", d.row);
        let _ = writeln!(out, "  - id: {}", quote(&d.id, 6));
        field(&mut out, 4, "title", &d.title);
        if let Some(description) = &d.description {
            field(&mut out, 4, "description", description);
        }
        if let Some(source) = d.source {
            plain(&mut out, 4, "source", source);
        }
        if !d.affected.is_empty() {
            list(&mut out, 4, "affected", &d.affected);
        }
        if !d.systems.is_empty() {
            list(&mut out, 4, "systems", &d.systems);
        }
        if let Some(owner) = &d.owner {
            field(&mut out, 4, "owner", owner);
        }
        if let Some(inherent) = d.inherent {
            rating(&mut out, "inherent", inherent);
        }
        if let Some(option) = d.treatment {
            out.push_str("    treatment:\n");
            plain(&mut out, 6, "option", option);
            if !d.controls.is_empty() {
                list(&mut out, 6, "controls", &d.controls);
            }
            if !d.other_controls.is_empty() {
                list(&mut out, 6, "other_controls", &d.other_controls);
            }
            if !d.actions.is_empty() {
                out.push_str("      actions:\n");
                for a in &d.actions {
                    let _ = writeln!(out, "        - description: {}", quote(&a.description, 12));
                    if let Some(owner) = &a.owner {
                        field(&mut out, 10, "owner", owner);
                    }
                    if let Some(due) = a.due {
                        let _ = writeln!(out, "          due: {due}");
                    }
                    if let Some(done) = a.done {
                        let _ = writeln!(out, "          done: {done}");
                    }
                }
            }
        }
        if let Some(residual) = d.residual {
            rating(&mut out, "residual", residual);
        }
        if let Some((by, on)) = &d.acceptance {
            out.push_str("    acceptance:\n");
            field(&mut out, 6, "by", by);
            let _ = writeln!(out, "      on: {on}");
        }
        if let Some(reviewed) = d.reviewed {
            let _ = writeln!(out, "    reviewed: {reviewed}");
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_register_is_risks_yaml_or_a_file_of_risks() {
        let source = Path::new("Client Risk Register.xlsx");
        assert_eq!(register_path(None, source).unwrap(), "risks/client-risk-register.yaml");
        assert_eq!(register_path(Some("risks.yaml"), source).unwrap(), "risks.yaml");
        assert_eq!(register_path(Some("risks/q3.yaml"), source).unwrap(), "risks/q3.yaml");
        for bad in ["../risks.yaml", "risks/../x.yaml", "risks/a/b.yaml", "systems/x.yaml", "risks/.x.yaml", "/tmp/x"] {
            assert!(register_path(Some(bad), source).is_err(), "{bad}");
        }
    }
}
