//! The command line: parse arguments, run one verb through load → assess → render, print, and return the exit
//! code (0 success, 1 gate failed, 2 usage error or invalid input). The only place that reads the clock, the
//! environment and the terminal.

use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};

use crate::catalogue::{Catalogue, Requirement};
use crate::date::Date;
use crate::diagnostic::{Diagnostics, Severity, did_you_mean};
use crate::render::{self, Format};
use crate::{assess, load, output, rules};

/// ISO/IEC 42001 (AI management system) gap analysis over a folder of YAML files.
#[derive(Debug, Parser)]
#[command(name = "aims", version, about, propagate_version = true, max_term_width = 100)]
#[command(after_help = "Exit codes: 0 success, 1 gate failed, 2 usage error or invalid input.\n\
                        Start with `aims gap examples/fintech-ai-provider`; docs/workspace.md describes the files.")]
pub struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Assess a workspace and write the gap report
    Gap {
        /// The workspace folder (holding organisation.yaml)
        #[arg(default_value = ".")]
        dir: PathBuf,
        /// Output format [default: table on a terminal, markdown otherwise, or from --output's extension]
        #[arg(long, short)]
        format: Option<Format>,
        /// Write the report to FILE (atomically) instead of standard output
        #[arg(long, short, value_name = "FILE")]
        output: Option<PathBuf>,
        /// Assess as of this date (YYYY-MM-DD) instead of today
        #[arg(long, value_name = "DATE", value_parser = parse_date)]
        as_of: Option<Date>,
    },
    /// Check a workspace and report every problem with its file, line and column
    Validate {
        /// The workspace folder (holding organisation.yaml)
        #[arg(default_value = ".")]
        dir: PathBuf,
        #[arg(long, short, default_value = "text")]
        format: ValidateFormat,
        /// Check dates against this day (YYYY-MM-DD) instead of today
        #[arg(long, value_name = "DATE", value_parser = parse_date)]
        as_of: Option<Date>,
    },
    /// List the bundled ISO/IEC 42001 catalogue, or show one requirement whole
    Controls {
        /// A requirement ID such as 6.1.2 or A.6.2.4; omit to list all
        id: Option<String>,
        #[arg(long, short, default_value = "table")]
        format: CatalogueFormat,
    },
    /// Print the JSON Schema of a workspace file, or write all of them to a folder
    Schema {
        /// Which file's schema to print
        #[arg(required_unless_present = "out_dir")]
        file: Option<crate::schema::SchemaFile>,
        /// Write every schema into this folder instead (e.g. schema/)
        #[arg(long, value_name = "DIR", conflicts_with = "file")]
        out_dir: Option<PathBuf>,
    },
    /// Explain a finding or diagnostic code: what it checks, why it matters, how to fix it
    Explain {
        /// A code such as evidence-stale; omit to list all codes
        code: Option<String>,
    },
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum ValidateFormat {
    Text,
    Json,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum CatalogueFormat {
    Table,
    Markdown,
    Json,
}

fn parse_date(text: &str) -> Result<Date, String> {
    text.parse::<Date>().map_err(|e| e.to_string())
}

/// A run's outcome, mapped to the documented exit codes.
enum Outcome {
    Success,
    /// Invalid input or usage: nothing was assessed.
    Invalid,
}

pub fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli) {
        Ok(Outcome::Success) => ExitCode::SUCCESS,
        Ok(Outcome::Invalid) => ExitCode::from(2),
        Err(e) => {
            eprint_line(&format!("aims: error: {e:#}"));
            ExitCode::from(2)
        }
    }
}

#[allow(clippy::print_stderr)]
fn eprint_line(text: &str) {
    eprintln!("{text}");
}

fn colour_on(stream_is_terminal: bool) -> bool {
    stream_is_terminal && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
}

fn run(cli: Cli) -> anyhow::Result<Outcome> {
    let catalogue = Catalogue::bundled()?;
    match cli.command {
        Command::Gap { dir, format, output, as_of } => gap(&catalogue, &dir, format, output.as_deref(), as_of),
        Command::Validate { dir, format, as_of } => validate(&catalogue, &dir, format, as_of),
        Command::Controls { id, format } => controls(&catalogue, id.as_deref(), format),
        Command::Schema { file, out_dir } => schema(file, out_dir.as_deref()),
        Command::Explain { code } => explain(code.as_deref()),
    }
}

/// Prints diagnostics for a person on stderr (errors only, unless `warnings`).
fn report_diagnostics(diagnostics: &Diagnostics, warnings: bool) {
    let colour = colour_on(std::io::stderr().is_terminal());
    for d in &diagnostics.0 {
        if warnings || d.severity == Severity::Error {
            eprint_line(&d.render(colour));
        }
    }
}

fn gap(
    catalogue: &Catalogue,
    dir: &Path,
    format: Option<Format>,
    output: Option<&Path>,
    as_of: Option<Date>,
) -> anyhow::Result<Outcome> {
    let as_of = as_of.unwrap_or_else(Date::today_utc);
    let loaded = load::load(dir, catalogue, as_of);
    let Some(workspace) = loaded.workspace else {
        report_diagnostics(&loaded.diagnostics, false);
        let errors = loaded.diagnostics.count(Severity::Error);
        eprint_line(&format!(
            "aims: {errors} error{} in the workspace; nothing was assessed (run `aims validate` for details)",
            if errors == 1 { "" } else { "s" }
        ));
        return Ok(Outcome::Invalid);
    };
    if let Some(path) = output {
        refuse_inside_evidence(dir, path)?;
    }
    let format = format.unwrap_or_else(|| default_format(output));
    let assessment = assess::assess(catalogue, &workspace, as_of);
    let colour = output.is_none() && colour_on(std::io::stdout().is_terminal());
    let text = render::render(&assessment, format, colour)?;
    emit(output, &text)?;
    Ok(Outcome::Success)
}

fn default_format(output: Option<&Path>) -> Format {
    match output {
        Some(path) => match path.extension().and_then(|e| e.to_str()) {
            Some("json") => Format::Json,
            Some("txt") => Format::Table,
            _ => Format::Markdown,
        },
        None if std::io::stdout().is_terminal() => Format::Table,
        None => Format::Markdown,
    }
}

/// Reports are derived data; writing one among the evidence would mix it with what the organisation produced.
fn refuse_inside_evidence(dir: &Path, output: &Path) -> anyhow::Result<()> {
    let evidence = dir.join("evidence");
    let (Ok(evidence), Some(parent)) = (evidence.canonicalize(), output.parent()) else { return Ok(()) };
    let parent = if parent.as_os_str().is_empty() { Path::new(".") } else { parent };
    if parent.canonicalize().is_ok_and(|p| p.starts_with(&evidence)) {
        anyhow::bail!(
            "refusing to write {} inside the workspace's evidence/ folder; write reports elsewhere, e.g. reports/",
            output.display()
        );
    }
    Ok(())
}

fn emit(output: Option<&Path>, text: &str) -> anyhow::Result<()> {
    match output {
        Some(path) => {
            output::write_atomic(path, text).map_err(|e| anyhow::anyhow!("cannot write {}: {e}", path.display()))
        }
        None => output::print(text).map_err(|e| anyhow::anyhow!("cannot write to standard output: {e}")),
    }
}

fn validate(catalogue: &Catalogue, dir: &Path, format: ValidateFormat, as_of: Option<Date>) -> anyhow::Result<Outcome> {
    let as_of = as_of.unwrap_or_else(Date::today_utc);
    let loaded = load::load(dir, catalogue, as_of);
    let diagnostics = &loaded.diagnostics;
    let errors = diagnostics.count(Severity::Error);
    let warnings = diagnostics.count(Severity::Warning);
    match format {
        ValidateFormat::Json => {
            let report = serde_json::json!({
                "schema_version": 1,
                "valid": errors == 0,
                "errors": errors,
                "warnings": warnings,
                "diagnostics": diagnostics,
            });
            emit(None, &render::json(&report))?;
        }
        ValidateFormat::Text => {
            report_diagnostics(diagnostics, true);
            let summary = match &loaded.workspace {
                Some(ws) => format!(
                    "{}: valid ({} AI system{}, {} assessment entr{}; {} warning{})",
                    dir.display(),
                    ws.systems.len(),
                    if ws.systems.len() == 1 { "" } else { "s" },
                    ws.entries.len(),
                    if ws.entries.len() == 1 { "y" } else { "ies" },
                    warnings,
                    if warnings == 1 { "" } else { "s" }
                ),
                None => format!(
                    "{}: {errors} error{}, {warnings} warning{}",
                    dir.display(),
                    if errors == 1 { "" } else { "s" },
                    if warnings == 1 { "" } else { "s" }
                ),
            };
            eprint_line(&summary);
        }
    }
    Ok(if errors > 0 { Outcome::Invalid } else { Outcome::Success })
}

fn controls(catalogue: &Catalogue, id: Option<&str>, format: CatalogueFormat) -> anyhow::Result<Outcome> {
    let Some(id) = id else {
        let text = match format {
            CatalogueFormat::Json => render::json(&catalogue.requirements().collect::<Vec<_>>()),
            CatalogueFormat::Markdown => crate::render::catalogue_markdown(catalogue),
            CatalogueFormat::Table => crate::render::catalogue_table(catalogue),
        };
        emit(None, &text)?;
        return Ok(Outcome::Success);
    };
    let Some(req) = catalogue.resolve(id) else {
        let hint = catalogue.suggest(id).map_or_else(String::new, |s| format!("; did you mean `{s}`?"));
        eprint_line(&format!("aims: error: `{id}` is not a requirement of the catalogue{hint}"));
        eprint_line("  = help: `aims controls` lists every requirement");
        return Ok(Outcome::Invalid);
    };
    let text = match format {
        CatalogueFormat::Json => render::json(req),
        CatalogueFormat::Markdown | CatalogueFormat::Table => requirement_text(catalogue, req),
    };
    emit(None, &text)?;
    Ok(Outcome::Success)
}

/// One requirement, whole, as Markdown (which also reads well in a terminal).
fn requirement_text(catalogue: &Catalogue, req: &Requirement) -> String {
    let group = catalogue.group(&req.group).map_or("", |g| g.title.as_str());
    let mut out = format!("# {} {}\n\n", req.id, req.title);
    let kind = match req.kind {
        crate::catalogue::Kind::Clause => format!("Clause, in {} {}", req.group, group),
        crate::catalogue::Kind::Control => format!("Annex A control, objective {} {}", req.group, group),
    };
    out.push_str(&format!("- **Kind:** {kind}\n"));
    let scope = match req.scope {
        crate::catalogue::Scope::Organisation => "organisation-wide".to_string(),
        crate::catalogue::Scope::AiSystem => format!(
            "per AI system (reads each system's `{}` record; applies where the organisation is the {})",
            req.system_evidence.map_or("", |k| k.as_str()),
            req.system_roles.iter().map(|r| r.as_str()).collect::<Vec<_>>().join(" or ")
        ),
    };
    out.push_str(&format!("- **Scope:** {scope}\n"));
    out.push_str(&format!(
        "- **Mandatory documented information:** {}\n",
        if req.documented_information { "yes" } else { "no" }
    ));
    if !req.roles.is_empty() {
        let roles: Vec<&str> = req.roles.iter().map(|r| r.as_str()).collect();
        out.push_str(&format!("- **Mainly concerns:** AI {}\n", roles.join(", AI ")));
    }
    let effort = format!("{:?}", req.effort).to_lowercase();
    out.push_str(&format!("- **Effort to close a gap from nothing:** {effort}\n\n"));
    out.push_str(&format!("## What it asks\n\n{}\n\n## Evidence an auditor expects\n\n", req.summary));
    for e in &req.evidence {
        out.push_str(&format!("- {e}\n"));
    }
    out.push_str("\n## Questions to assess it\n\n");
    for q in &req.questions {
        out.push_str(&format!("- {q}\n"));
    }
    out
}

fn schema(file: Option<crate::schema::SchemaFile>, out_dir: Option<&Path>) -> anyhow::Result<Outcome> {
    use crate::schema::SchemaFile;
    match (file, out_dir) {
        (Some(file), _) => emit(None, &file.render())?,
        (None, Some(dir)) => {
            std::fs::create_dir_all(dir).map_err(|e| anyhow::anyhow!("cannot create {}: {e}", dir.display()))?;
            for file in SchemaFile::ALL {
                emit(Some(&dir.join(file.file_name())), &file.render())?;
            }
        }
        (None, None) => anyhow::bail!("name a file (settings, organisation, system, assessment) or pass --out-dir"),
    }
    Ok(Outcome::Success)
}

fn explain(code: Option<&str>) -> anyhow::Result<Outcome> {
    let Some(code) = code else {
        let mut text = String::new();
        for kind in [rules::RuleKind::Finding, rules::RuleKind::Diagnostic] {
            text.push_str(match kind {
                rules::RuleKind::Finding => "Assessment findings (aims gap):\n",
                rules::RuleKind::Diagnostic => "\nInput diagnostics (aims validate):\n",
            });
            for rule in rules::RULES.iter().filter(|r| r.kind == kind) {
                text.push_str(&format!("  {:<34} {}\n", rule.code, rule.title));
            }
        }
        emit(None, &text)?;
        return Ok(Outcome::Success);
    };
    let Some(rule) = rules::find(code.trim()) else {
        let hint = did_you_mean(code, rules::RULES.iter().map(|r| r.code))
            .map_or_else(String::new, |s| format!("; did you mean `{s}`?"));
        eprint_line(&format!("aims: error: no rule has the code `{code}`{hint}"));
        eprint_line("  = help: `aims explain` lists every code");
        return Ok(Outcome::Invalid);
    };
    emit(None, &rules::explanation(rule))?;
    Ok(Outcome::Success)
}
