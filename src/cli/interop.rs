//! Exchange with other tools and programs: `aims export ciso-assistant` (the audit file CISO Assistant's data wizard
//! imports), `aims import ciso-assistant` (its audit export into an assessment file), and the CSV options every
//! CSV output takes (`--csv-bom`, `--csv-delimiter`) for spreadsheet programs.

use std::io::IsTerminal;
use std::path::{Path, PathBuf};

use clap::{Subcommand, ValueEnum};

use aims::catalogue::Catalogue;
use aims::date::Date;
use aims::interop::ciso_assistant::{self as ciso, import, read, write};
use aims::output::{Batch, Guard, OutputError};
use aims::render::CsvStyle;

use super::args::{parse_date, parse_delimiter};
use super::{Outcome, eprint_line, load_and_assess, print_with, stdout_error, ui, workspace_dir};

/// How CSV output is laid out for a spreadsheet program (every CSV a run writes; other formats ignore it).
#[derive(Debug, Clone, clap::Args)]
#[command(next_help_heading = "CSV for spreadsheets")]
pub struct CsvStyleArgs {
    /// Start CSV output with a UTF-8 byte-order mark, so that Excel shows accented names (Zoë) as written
    #[arg(long)]
    pub csv_bom: bool,
    /// The separator between CSV cells: `,` (the default), `;` (what Excel expects where decimals are written
    /// with a comma) or `tab`
    #[arg(long, value_name = "CHAR", value_parser = parse_delimiter)]
    pub csv_delimiter: Option<u8>,
}

impl CsvStyleArgs {
    /// The style these flags ask for.
    pub fn style(&self) -> CsvStyle {
        CsvStyle { bom: self.csv_bom, delimiter: self.csv_delimiter.unwrap_or(b',') }
    }
}

/// `bytes` (a rendered document) in `style` when `format` is CSV; any other format as it is.
pub fn styled(bytes: Vec<u8>, format: aims::render::Format, style: CsvStyle) -> Vec<u8> {
    if format == aims::render::Format::Csv && !style.is_default() {
        aims::render::restyle_csv(&String::from_utf8_lossy(&bytes), style).into_bytes()
    } else {
        bytes
    }
}

/// The tools `aims export` writes for.
#[derive(Debug, Subcommand)]
pub enum ExportCommand {
    /// Write the audit file CISO Assistant's data wizard imports into an audit of its iso42001-2023 framework
    #[command(after_help = "One row per requirement of CISO Assistant's ISO/IEC 42001 framework, every row \
assessable, with the columns its audit import reads: urn, assessable, ref_id, name, description, compliance_result \
(aims' assessed status), requirement_progress and observations (the findings). aims' 6.1.1-6.1.4 are rolled up into \
its one 6.1 row, the least-met status winning. No score: its scores are maturity levels 0-5, which aims does not \
assess. docs/ciso-assistant.md in the aims source has every rule.")]
    CisoAssistant(CisoExportArgs),
}

#[derive(Debug, clap::Args)]
pub struct CisoExportArgs {
    /// The workspace folder [default: the nearest folder holding organisation.yaml or aims.toml, from the current
    /// one up]
    pub dir: Option<PathBuf>,
    /// Write to FILE (atomically) instead of standard output; .xlsx or .csv names the format
    #[arg(long, short, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// The file's format [default: from --output's extension, else csv]
    #[arg(long, short)]
    pub format: Option<AuditFormat>,
    /// The separator between CSV cells (CISO Assistant's own CSV export uses `;`)
    #[arg(long, value_name = "CHAR", default_value = ";", value_parser = parse_delimiter)]
    pub delimiter: u8,
    /// Assess as of this date (YYYY-MM-DD) instead of today
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    pub as_of: Option<Date>,
}

/// The forms of the audit file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum AuditFormat {
    /// An Excel workbook, the form CISO Assistant documents for its data wizard
    Xlsx,
    /// CSV, UTF-8 with a byte-order mark
    Csv,
}

#[derive(Debug, clap::Args)]
#[command(after_help = "Reads the XLSX or CSV audit export of CISO Assistant's iso42001-2023 framework, row by row \
as its own import does: a row whose `assessable` cell is not true is skipped, `compliance_result` becomes the status, \
`observations` the notes, and its one 6.1 row is copied to 6.1.1-6.1.4 with a note. Scores are not imported. The \
export carries no evidence: a compliant requirement counts as a claim until its evidence is added. Put the file in a \
workspace as assessment.yaml or assessment/NAME.yaml; aims does not write there itself.")]
pub struct CisoImportArgs {
    /// The audit export: .xlsx, or CSV separated by `;`, `,` or tabs
    pub file: PathBuf,
    /// Write the assessment file to FILE (atomically) instead of standard output
    #[arg(long, short, value_name = "FILE")]
    pub output: Option<PathBuf>,
}

/// `aims export ciso-assistant`: assess, build the audit rows, write them as XLSX or CSV.
pub fn export(catalogue: &Catalogue, command: &ExportCommand) -> anyhow::Result<Outcome> {
    let ExportCommand::CisoAssistant(args) = command;
    let as_of = args.as_of.unwrap_or_else(Date::today_local);
    let format = match (args.format, &args.output) {
        (Some(format), _) => format,
        (None, Some(path)) => match path.extension().and_then(|e| e.to_str()).map(str::to_ascii_lowercase).as_deref() {
            Some("xlsx") => AuditFormat::Xlsx,
            Some("csv") => AuditFormat::Csv,
            _ => anyhow::bail!(
                "cannot tell the format from {}; name the file .xlsx or .csv, or give --format",
                path.display()
            ),
        },
        (None, None) => AuditFormat::Csv,
    };
    if format == AuditFormat::Xlsx && args.output.is_none() && std::io::stdout().is_terminal() {
        anyhow::bail!("an XLSX workbook is not shown on a terminal; write it with --output FILE.xlsx");
    }
    let dir = workspace_dir("export ciso-assistant", args.dir.clone())?;
    let Some((workspace, mut assessment)) = load_and_assess(catalogue, &dir, as_of) else {
        return Ok(Outcome::Invalid);
    };
    // Each requirement's planned work with the plan's dates and owners, as every document gives them.
    let plan = aims::views::plan::build(catalogue, &workspace, &assessment);
    aims::views::plan::attach(&plan, &mut assessment);
    let guard = Guard::new().workspace(&dir, Some(&workspace));
    let target = args.output.as_deref().map(|path| guard.target(path)).transpose()?;
    let rows = ciso::audit(catalogue, &assessment);
    let bytes = match format {
        AuditFormat::Xlsx => write::xlsx(&rows, as_of)?,
        AuditFormat::Csv => write::csv(&rows, CsvStyle { bom: true, delimiter: args.delimiter }).into_bytes(),
    };
    match target {
        Some(target) => {
            let mut batch = Batch::new();
            batch.stage(target, |out| out.write_all(&bytes))?;
            batch.commit()?;
        }
        None => print_with(|out| out.write_all(&bytes)).map_err(stdout_error)?,
    }
    Ok(Outcome::Success)
}

/// `aims import ciso-assistant`: an audit export into an assessment file, with what was skipped said on stderr.
/// Importing no requirement is exit code 2.
pub fn import(catalogue: &Catalogue, args: &CisoImportArgs) -> anyhow::Result<Outcome> {
    // The target is checked before anything is read: never the input, never a file a workspace reads.
    let target = match &args.output {
        Some(path) => {
            refuse_input(path, &args.file)?;
            Some(Guard::new().target(path)?)
        }
        None => None,
    };
    let table = read::read(&args.file)?;
    let imported = import::entries(catalogue, &table)
        .map_err(|e| anyhow::anyhow!("cannot import {}: {e}", args.file.display()))?;
    let source = args.file.file_name().map_or_else(String::new, |n| n.to_string_lossy().into_owned());
    let yaml = import::assessment_yaml(&imported, &source);
    summarise(&imported, &args.file);
    if imported.entries.is_empty() {
        eprint_line(&format!(
            "aims: error: no requirement was imported from {}; nothing was written",
            args.file.display()
        ));
        return Ok(Outcome::Invalid);
    }
    match target {
        Some(target) => {
            let mut batch = Batch::new();
            batch.stage(target, |out| out.write_all(yaml.as_bytes()))?;
            batch.commit()?;
        }
        None => print_with(|out| out.write_all(yaml.as_bytes())).map_err(stdout_error)?,
    }
    Ok(Outcome::Success)
}

/// Refuses `--output` when it is the file being read (by any spelling or link).
fn refuse_input(output: &Path, input: &Path) -> Result<(), OutputError> {
    match (output.canonicalize(), input.canonicalize()) {
        (Ok(a), Ok(b)) if a == b => Err(OutputError::Refused {
            path: output.to_path_buf(),
            reason: "it is the audit file being imported".to_string(),
            help: "write the assessment file elsewhere, e.g. ciso-assessment.yaml".to_string(),
        }),
        _ => Ok(()),
    }
}

/// Says on stderr what the import did: the rows that became entries, those skipped by design in one line, each row
/// that looks like a mistake on its own line, and what was not imported.
fn summarise(imported: &import::Imported, file: &Path) {
    let rows: std::collections::BTreeSet<usize> = imported.entries.iter().map(|e| e.row).collect();
    ui::note(&format!(
        "aims: {} read as {}: {} requirement{} from {} row{}{}",
        file.display(),
        imported.form,
        imported.entries.len(),
        if imported.entries.len() == 1 { "" } else { "s" },
        rows.len(),
        if rows.len() == 1 { "" } else { "s" },
        if imported.spread {
            format!(" ({} copied to {})", ciso::ROLLED_UP, ciso::SPLIT.join(", "))
        } else {
            String::new()
        }
    ));
    let quiet: Vec<&import::Skipped> = imported.skipped.iter().filter(|s| !s.listed).collect();
    if !quiet.is_empty() {
        let mut reasons: Vec<(&str, usize)> = Vec::new();
        for s in &quiet {
            match reasons.iter_mut().find(|(r, _)| *r == s.reason) {
                Some((_, n)) => *n += 1,
                None => reasons.push((&s.reason, 1)),
            }
        }
        let said: Vec<String> = reasons.iter().map(|(r, n)| format!("{n} because {r}")).collect();
        ui::note(&format!(
            "aims: skipped {} row{}: {}",
            quiet.len(),
            if quiet.len() == 1 { "" } else { "s" },
            said.join("; ")
        ));
    }
    for s in imported.skipped.iter().filter(|s| s.listed) {
        let reference = if s.reference.is_empty() { String::new() } else { format!(" ({})", s.reference) };
        eprint_line(&format!(
            "aims: warning: row {}{reference} skipped: {}",
            s.row,
            aims::render::escape::terminal(&s.reason)
        ));
    }
    if imported.scores_ignored > 0 {
        ui::note(&format!(
            "aims: note: the scores of {} row{} were not imported: they are maturity levels 0-5, which aims does not \
             assess",
            imported.scores_ignored,
            if imported.scores_ignored == 1 { "" } else { "s" }
        ));
    }
    if imported.entries.iter().any(|e| e.status == aims::workspace::Status::Compliant) {
        ui::note(
            "aims: note: the export carries no evidence; add the evidence of each compliant requirement, or aims \
             counts it as a claim (claim-without-evidence)",
        );
    }
}
