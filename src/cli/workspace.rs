//! The verbs that read or write a workspace's own files: `aims validate` (every problem, located), `aims init`
//! (the scaffold) and `aims import` (an inventory spreadsheet into systems/).

use std::path::Path;

use aims::catalogue::Catalogue;
use aims::date::Date;
use aims::diagnostic::{Severity, ValidateReport};
use aims::{load, render};

use aims::import::{CsvImport, MappingSource, RiskImport};

use super::args::{ImportCommand, RiskArgs, SummaryFormat, ValidateFormat};
use super::{Outcome, eprint_line, print, report_diagnostics, ui};

/// `aims validate`: every diagnostic of the workspace, and a one-line verdict.
pub fn validate(
    catalogue: &Catalogue,
    dir: &Path,
    format: ValidateFormat,
    as_of: Option<Date>,
) -> anyhow::Result<Outcome> {
    let as_of = as_of.unwrap_or_else(Date::today_local);
    let loaded = load::load(dir, catalogue, as_of);
    let diagnostics = &loaded.diagnostics;
    let errors = diagnostics.count(Severity::Error);
    let warnings = diagnostics.count(Severity::Warning);
    match format {
        ValidateFormat::Json => print(&ValidateReport::new(diagnostics).json())?,
        ValidateFormat::Text => {
            report_diagnostics(diagnostics, true);
            match &loaded.workspace {
                Some(ws) => ui::note(&format!(
                    "{}: valid ({} AI system{}, {} assessment entr{}; {} warning{})",
                    dir.display(),
                    ws.systems.len(),
                    if ws.systems.len() == 1 { "" } else { "s" },
                    ws.entries.len(),
                    if ws.entries.len() == 1 { "y" } else { "ies" },
                    warnings,
                    if warnings == 1 { "" } else { "s" }
                )),
                None => eprint_line(&format!(
                    "{}: {errors} error{}, {warnings} warning{}",
                    dir.display(),
                    if errors == 1 { "" } else { "s" },
                    if warnings == 1 { "" } else { "s" }
                )),
            }
        }
    }
    let outcome = if errors > 0 { Outcome::Invalid } else { Outcome::Success };
    // As in `gap`: the process ends here, and freeing a large workspace piece by piece only costs time.
    std::mem::forget(loaded);
    Ok(outcome)
}

/// `aims init`: writes the scaffold and lists what it did with each file.
pub fn init(catalogue: &Catalogue, dir: &Path, force: bool) -> anyhow::Result<Outcome> {
    let report = aims::init::scaffold(catalogue, dir, force)?;
    for (verb, files) in
        [("created", &report.created), ("overwrote", &report.overwritten), ("skipped (exists)", &report.skipped)]
    {
        for file in files {
            ui::note(&format!("  {verb:<16} {}", dir.join(file).display()));
        }
    }
    if !report.skipped.is_empty() {
        ui::note("aims: existing files were left as they were; --force overwrites the scaffold's own files");
    }
    ui::note(&format!("aims: next: edit the files, then `aims validate {}`", dir.display()));
    Ok(Outcome::Success)
}

/// `aims import`: an inventory into a workspace, or a built-in mapping printed. Importing no row is exit code 2.
pub fn import(catalogue: &Catalogue, command: &ImportCommand) -> anyhow::Result<Outcome> {
    let args = match command {
        ImportCommand::Csv(args) => args,
        ImportCommand::Profile { name } => {
            print(aims::import::Profile::from(*name).mapping())?;
            return Ok(Outcome::Success);
        }
        ImportCommand::CisoAssistant(args) => return super::interop::import(catalogue, args),
        ImportCommand::Risks(args) => return import_risks(catalogue, args),
    };
    let mapping = match (args.profile, &args.mapping) {
        (Some(profile), _) => MappingSource::Profile(profile.into()),
        (None, Some(path)) => MappingSource::File(path.clone()),
        (None, None) => anyhow::bail!("give --mapping MAP.toml or --profile NAME"),
    };
    let request = CsvImport {
        file: args.file.clone(),
        into: args.into.clone(),
        mapping,
        force: args.force,
        dry_run: args.dry_run,
        delimiter: args.delimiter,
        sheet: args.sheet.clone(),
    };
    let report = aims::import::import_csv(catalogue, &request)?;
    let text = match args.format {
        SummaryFormat::Text => report.text(),
        SummaryFormat::Json => render::json(&report),
    };
    print(&text)?;
    Ok(if report.imported_any() { Outcome::Success } else { Outcome::Invalid })
}

/// `aims import risks`: a risk-register spreadsheet into one register file. Importing no risk is exit code 2.
fn import_risks(catalogue: &Catalogue, args: &RiskArgs) -> anyhow::Result<Outcome> {
    let request = RiskImport {
        file: args.file.clone(),
        into: args.into.clone(),
        mapping: args.mapping.clone(),
        register: args.register.clone(),
        force: args.force,
        dry_run: args.dry_run,
        delimiter: args.delimiter,
        sheet: args.sheet.clone(),
        as_of: args.as_of.unwrap_or_else(Date::today_local),
    };
    let report = aims::import::import_risks(catalogue, &request)?;
    let text = match args.format {
        SummaryFormat::Text => report.text(),
        SummaryFormat::Json => render::json(&report),
    };
    print(&text)?;
    Ok(if report.imported_any() { Outcome::Success } else { Outcome::Invalid })
}
