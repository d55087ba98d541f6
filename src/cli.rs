//! The command line: parse arguments, run one verb through load → assess → render, print, and return the exit
//! code (0 success, 1 gate failed, 2 usage error or invalid input). The only place that reads the clock, the
//! environment and the terminal.

use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};

use crate::catalogue::{Catalogue, Requirement};
use crate::date::Date;
use crate::diagnostic::{Diagnostic, Diagnostics, Severity, did_you_mean};
use crate::render::{self, Format};
use crate::workspace::{GatePolicy, Status};
use crate::{assess, gate, load, output, rules};

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
    Gap(GapArgs),
    /// Write the Statement of Applicability: every Annex A control, included or excluded, with its justification
    Soa(DocumentArgs),
    /// Write the remediation plan: actions from the gaps, ordered and phased for certification
    Plan(DocumentArgs),
    /// Compare two assessments (JSON reports or workspace folders): scores, requirements, findings
    Diff {
        /// The earlier JSON report (`aims gap --format json`) or workspace folder
        old: PathBuf,
        /// The later JSON report or workspace folder
        new: PathBuf,
        /// Output format [default: table on a terminal, markdown otherwise]
        #[arg(long, short)]
        format: Option<DiffFormat>,
        /// Assess workspace folders as of this date (YYYY-MM-DD) instead of today
        #[arg(long, value_name = "DATE", value_parser = parse_date)]
        as_of: Option<Date>,
        /// Exit 1 when anything got worse (a score fell, a requirement became unmet or worse)
        #[arg(long)]
        fail_on_regression: bool,
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
    /// Show how the assessment supports another framework: the EU AI Act, NIST AI RMF or ISO/IEC 27001
    Crosswalk {
        /// The workspace folder (holding organisation.yaml)
        #[arg(default_value = ".")]
        dir: PathBuf,
        #[arg(long, default_value = "eu-ai-act")]
        framework: crate::views::crosswalk::Framework,
        #[arg(long, short, default_value = "table")]
        format: crate::views::crosswalk::CrosswalkFormat,
        /// Assess as of this date (YYYY-MM-DD) instead of today
        #[arg(long, value_name = "DATE", value_parser = parse_date)]
        as_of: Option<Date>,
    },
    /// Create a workspace: settings, organisation, an example system, an assessment listing every requirement
    Init {
        /// The folder to create or fill
        #[arg(default_value = ".")]
        dir: PathBuf,
        /// Overwrite the scaffold's own files if they exist (never anything else)
        #[arg(long)]
        force: bool,
    },
    /// Import an AI inventory from a spreadsheet into a workspace
    #[command(subcommand)]
    Import(crate::import::ImportCommand),
    /// Write a synthetic workspace of N AI systems (for benchmarks; see docs/performance.md)
    #[command(hide = true)]
    Generate {
        /// Number of AI systems
        systems: usize,
        /// An empty or new folder
        dir: PathBuf,
        #[arg(long, default_value_t = 42)]
        seed: u64,
    },
    /// Read and parse every YAML file of a workspace and do nothing else (the benchmark's floor)
    #[command(hide = true)]
    ParseFloor { dir: PathBuf },
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

#[derive(Debug, clap::Args)]
#[command(after_help = "Gate: with --fail-under or --fail-on (or [gate] in aims.toml), exit code 1 means the gate \
failed; --exit-zero reports without failing.\nSeveral reports from one assessment: --report sarif=aims.sarif \
--report markdown=report.md")]
struct GapArgs {
    /// The workspace folder (holding organisation.yaml)
    #[arg(default_value = ".")]
    dir: PathBuf,
    /// Output format [default: table on a terminal, markdown otherwise, or from --output's extension]
    #[arg(long, short)]
    format: Option<Format>,
    /// Write the report to FILE (atomically) instead of standard output
    #[arg(long, short, value_name = "FILE")]
    output: Option<PathBuf>,
    /// Also write a report in FORMAT to PATH; repeat for several (e.g. --report sarif=aims.sarif)
    #[arg(long, value_name = "FORMAT=PATH", value_parser = parse_report)]
    report: Vec<(Format, PathBuf)>,
    /// Assess as of this date (YYYY-MM-DD) instead of today
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    as_of: Option<Date>,
    /// Fail when the score of the selected requirements is below PCT (overrides [gate] fail_under)
    #[arg(long, value_name = "PCT", value_parser = parse_percent)]
    fail_under: Option<f64>,
    /// Fail when a selected requirement has one of these statuses (overrides [gate] fail_on)
    #[arg(long, value_name = "STATUS,...", value_delimiter = ',', value_parser = parse_status)]
    fail_on: Option<Vec<Status>>,
    /// Gate only these requirements: IDs or prefixes (A.6, 9.2), clauses, controls (overrides [gate] select)
    #[arg(long, value_name = "ID,...", value_delimiter = ',')]
    select: Option<Vec<String>>,
    /// Leave these requirements out of the gate (overrides [gate] ignore)
    #[arg(long, value_name = "ID,...", value_delimiter = ',')]
    ignore: Option<Vec<String>>,
    /// Report the gate's verdict but exit 0 even when it fails
    #[arg(long)]
    exit_zero: bool,
    /// Templates that override the built-in Markdown ones by name (report.md.j2); see docs/templates.md
    #[arg(long, value_name = "DIR")]
    template_dir: Option<PathBuf>,
    /// Exit 1 with a short diff when FILE is not what aims would write now (format from its extension)
    #[arg(long, value_name = "FILE", conflicts_with_all = ["output", "report"])]
    check: Option<PathBuf>,
}

fn parse_report(text: &str) -> Result<(Format, PathBuf), String> {
    let (format, path) = text.split_once('=').ok_or("write FORMAT=PATH, e.g. sarif=aims.sarif")?;
    let format = Format::from_str(format, true).map_err(|_| {
        let names: Vec<String> = Format::value_variants().iter().map(|f| f.to_string()).collect();
        format!("unknown format `{format}`; one of {}", names.join(", "))
    })?;
    if path.is_empty() {
        return Err("the path after `=` is empty".into());
    }
    Ok((format, PathBuf::from(path)))
}

fn parse_percent(text: &str) -> Result<f64, String> {
    match text.trim_end_matches('%').parse::<f64>() {
        Ok(p) if (0.0..=100.0).contains(&p) => Ok(p),
        _ => Err("a percentage from 0 to 100".into()),
    }
}

fn parse_status(text: &str) -> Result<Status, String> {
    Status::ALL.into_iter().find(|s| s.as_str() == text.trim()).ok_or_else(|| {
        let names: Vec<&str> = Status::ALL.iter().map(|s| s.as_str()).collect();
        format!("one of {}", names.join(", "))
    })
}

#[derive(Debug, clap::Args)]
struct DocumentArgs {
    /// The workspace folder (holding organisation.yaml)
    #[arg(default_value = ".")]
    dir: PathBuf,
    /// Output format [default: markdown, or from --output's extension]
    #[arg(long, short)]
    format: Option<crate::views::soa::DocumentFormat>,
    /// Write to FILE (atomically) instead of standard output
    #[arg(long, short, value_name = "FILE")]
    output: Option<PathBuf>,
    /// As of this date (YYYY-MM-DD) instead of today
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    as_of: Option<Date>,
    /// Templates that override the built-in Markdown ones by name (soa.md.j2, plan.md.j2); see docs/templates.md
    #[arg(long, value_name = "DIR")]
    template_dir: Option<PathBuf>,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum DiffFormat {
    Table,
    Markdown,
    Json,
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
    /// The gate failed.
    GateFailed,
    /// Invalid input or usage: nothing was assessed.
    Invalid,
}

pub fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli) {
        Ok(Outcome::Success) => ExitCode::SUCCESS,
        Ok(Outcome::GateFailed) => ExitCode::from(1),
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
        Command::Gap(args) => gap(&catalogue, args),
        Command::Validate { dir, format, as_of } => validate(&catalogue, &dir, format, as_of),
        Command::Controls { id, format } => controls(&catalogue, id.as_deref(), format),
        Command::Soa(args) => document(&catalogue, &args, |ws, a, format, templates| {
            crate::views::soa::render(&crate::views::soa::build(&catalogue, ws, a), format, templates)
        }),
        Command::Plan(args) => document(&catalogue, &args, |ws, a, format, templates| {
            crate::views::plan::render(&crate::views::plan::build(ws, a), format, templates)
        }),
        Command::Diff { old, new, format, as_of, fail_on_regression } => {
            let as_of = as_of.unwrap_or_else(Date::today_utc);
            let (Some(old), Some(new)) = (report_view(&catalogue, &old, as_of)?, report_view(&catalogue, &new, as_of)?)
            else {
                return Ok(Outcome::Invalid);
            };
            let d = crate::views::diff::diff(&old, &new);
            let terminal = std::io::stdout().is_terminal();
            let text = match format.unwrap_or(if terminal { DiffFormat::Table } else { DiffFormat::Markdown }) {
                DiffFormat::Json => render::json(&d),
                DiffFormat::Markdown => crate::views::diff::markdown(&d),
                DiffFormat::Table => crate::views::diff::table(&d),
            };
            emit(None, &text)?;
            Ok(if fail_on_regression && d.regression { Outcome::GateFailed } else { Outcome::Success })
        }
        Command::Crosswalk { dir, framework, format, as_of } => {
            let as_of = as_of.unwrap_or_else(Date::today_utc);
            let Some((workspace, assessment)) = load_and_assess(&catalogue, &dir, as_of) else {
                return Ok(Outcome::Invalid);
            };
            let text = crate::views::crosswalk::render(&catalogue, &workspace, &assessment, framework, format, as_of)?;
            emit(None, &text)?;
            Ok(Outcome::Success)
        }
        Command::Init { dir, force } => {
            let report = crate::init::scaffold(&catalogue, &dir, force)?;
            for (verb, files) in [
                ("created", &report.created),
                ("overwrote", &report.overwritten),
                ("skipped (exists)", &report.skipped),
            ] {
                for file in files {
                    eprint_line(&format!("  {verb:<16} {}", dir.join(file).display()));
                }
            }
            if !report.skipped.is_empty() {
                eprint_line("aims: existing files were left as they were; --force overwrites the scaffold's own files");
            }
            eprint_line(&format!("aims: next: edit the files, then `aims validate {}`", dir.display()));
            Ok(Outcome::Success)
        }
        Command::Import(command) => {
            Ok(if crate::import::run(&catalogue, &command)? { Outcome::Success } else { Outcome::Invalid })
        }
        Command::ParseFloor { dir } => {
            let started = std::time::Instant::now();
            let files = crate::load::parse_floor(&dir);
            eprint_line(&format!("parsed {files} files in {:.3} s", started.elapsed().as_secs_f64()));
            Ok(Outcome::Success)
        }
        Command::Generate { systems, dir, seed } => {
            if dir.exists() && std::fs::read_dir(&dir).map(|mut d| d.next().is_some()).unwrap_or(true) {
                anyhow::bail!("{} is not empty; generate into a new folder", dir.display());
            }
            crate::generate::generate(&catalogue, &dir, systems, seed)
                .map_err(|e| anyhow::anyhow!("cannot write {}: {e}", dir.display()))?;
            Ok(Outcome::Success)
        }
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

/// Loads the workspace, or prints its errors and returns `None` (nothing is assessed on invalid input).
fn load_workspace(catalogue: &Catalogue, dir: &Path, as_of: Date) -> Option<crate::workspace::Workspace> {
    let loaded = load::load(dir, catalogue, as_of);
    if loaded.workspace.is_none() {
        report_diagnostics(&loaded.diagnostics, false);
        let errors = loaded.diagnostics.count(Severity::Error);
        eprint_line(&format!(
            "aims: {errors} error{} in the workspace; nothing was assessed (run `aims validate` for details)",
            if errors == 1 { "" } else { "s" }
        ));
    }
    loaded.workspace
}

/// Loads and assesses, for the verbs that read the assessment without a gate.
fn load_and_assess(
    catalogue: &Catalogue,
    dir: &Path,
    as_of: Date,
) -> Option<(crate::workspace::Workspace, assess::Assessment)> {
    let workspace = load_workspace(catalogue, dir, as_of)?;
    let assessment = assess::assess(catalogue, &workspace, as_of);
    Some((workspace, assessment))
}

fn gap(catalogue: &Catalogue, args: GapArgs) -> anyhow::Result<Outcome> {
    let as_of = args.as_of.unwrap_or_else(Date::today_utc);
    let dir = args.dir.as_path();
    let Some(workspace) = load_workspace(catalogue, dir, as_of) else { return Ok(Outcome::Invalid) };
    let policy = gate_policy(catalogue, &workspace.settings.gate, &args)?;
    for path in args.output.iter().chain(args.report.iter().map(|(_, p)| p)) {
        refuse_inside_evidence(dir, path)?;
    }

    let mut assessment = assess::assess(catalogue, &workspace, as_of);
    assessment.gate = gate::evaluate(catalogue, &assessment, &policy);
    warn_unused_waivers(&assessment);

    let files = render::Options { colour: false, template_dir: args.template_dir.as_deref() };
    if let Some(path) = &args.check {
        return check(&assessment, path, files);
    }
    let format = args.format.unwrap_or_else(|| default_format(args.output.as_deref()));
    let colour = args.output.is_none() && colour_on(std::io::stdout().is_terminal());
    for (format, path) in &args.report {
        write_report(Some(path), &assessment, *format, files)?;
    }
    write_report(args.output.as_deref(), &assessment, format, render::Options { colour, ..files })?;

    let outcome = match &assessment.gate {
        None => Outcome::Success,
        Some(gate) if gate.passed => {
            eprint_line(&format!(
                "aims: gate passed: score {} over {} selected requirements{}",
                render::percent(gate.score),
                gate.selected,
                if gate.waived.is_empty() { String::new() } else { format!(", {} waived", gate.waived.len()) }
            ));
            Outcome::Success
        }
        Some(gate) => {
            eprint_line(&format!("aims: gate failed: {}", gate.reasons.join("; ")));
            if args.exit_zero { Outcome::Success } else { Outcome::GateFailed }
        }
    };
    // The process ends here: freeing a ten-thousand-system workspace piece by piece only costs time.
    std::mem::forget((workspace, assessment));
    Ok(outcome)
}

/// The gate from aims.toml with each command-line flag replacing its setting.
fn gate_policy(catalogue: &Catalogue, settings: &GatePolicy, args: &GapArgs) -> anyhow::Result<GatePolicy> {
    let mut policy = settings.clone();
    if let Some(pct) = args.fail_under {
        policy.fail_under = Some(pct);
    }
    if let Some(statuses) = &args.fail_on {
        policy.fail_on = statuses.clone();
    }
    for (flag, given, target) in
        [("--select", &args.select, &mut policy.select), ("--ignore", &args.ignore, &mut policy.ignore)]
    {
        if let Some(selectors) = given {
            if let Some(bad) = selectors.iter().find(|s| !catalogue.is_selector(s)) {
                anyhow::bail!(
                    "{flag} `{bad}` selects no requirement; use an ID or prefix (A.6, 9.2), clauses or controls"
                );
            }
            *target = selectors.iter().map(|s| s.trim().to_string()).collect();
        }
    }
    Ok(policy)
}

/// A JSON report read from a file, or a workspace folder assessed now; `None` when the folder is invalid.
fn report_view(
    catalogue: &Catalogue,
    path: &Path,
    as_of: Date,
) -> anyhow::Result<Option<crate::views::diff::ReportView>> {
    let value = if path.is_dir() {
        let Some((_, assessment)) = load_and_assess(catalogue, path, as_of) else { return Ok(None) };
        serde_json::to_value(&assessment)?
    } else {
        let text = std::fs::read_to_string(path).map_err(|e| anyhow::anyhow!("cannot read {}: {e}", path.display()))?;
        serde_json::from_str(&text).map_err(|e| {
            anyhow::anyhow!(
                "{}:{}:{}: not a JSON report of `aims gap --format json`: {e}",
                path.display(),
                e.line(),
                e.column()
            )
        })?
    };
    let version = value.get("schema_version").and_then(|v| v.as_u64());
    if version != Some(u64::from(assess::SCHEMA_VERSION)) {
        anyhow::bail!(
            "{}: report schema_version {} is not the {} this aims reads; regenerate it with this version",
            path.display(),
            version.map_or_else(|| "missing".to_string(), |v| v.to_string()),
            assess::SCHEMA_VERSION
        );
    }
    let view = serde_json::from_value(value)
        .map_err(|e| anyhow::anyhow!("{}: not a JSON report of `aims gap --format json`: {e}", path.display()))?;
    Ok(Some(view))
}

/// `aims soa` and `aims plan`: load, assess, build the document, write it.
fn document(
    catalogue: &Catalogue,
    args: &DocumentArgs,
    build: impl Fn(
        &crate::workspace::Workspace,
        &assess::Assessment,
        crate::views::soa::DocumentFormat,
        Option<&Path>,
    ) -> Result<String, render::TemplateError>,
) -> anyhow::Result<Outcome> {
    use crate::views::soa::DocumentFormat;
    let as_of = args.as_of.unwrap_or_else(Date::today_utc);
    let Some((workspace, assessment)) = load_and_assess(catalogue, &args.dir, as_of) else {
        return Ok(Outcome::Invalid);
    };
    if let Some(path) = &args.output {
        refuse_inside_evidence(&args.dir, path)?;
    }
    let format =
        args.format.unwrap_or(match args.output.as_deref().and_then(|p| p.extension()).and_then(|e| e.to_str()) {
            Some("csv") => DocumentFormat::Csv,
            Some("json") => DocumentFormat::Json,
            _ => DocumentFormat::Markdown,
        });
    let text = build(&workspace, &assessment, format, args.template_dir.as_deref())?;
    emit(args.output.as_deref(), &text)?;
    Ok(Outcome::Success)
}

/// A waiver that covers nothing is a warning: the gap it accepted is gone, so the waiver can go too.
fn warn_unused_waivers(assessment: &assess::Assessment) {
    let colour = colour_on(std::io::stderr().is_terminal());
    for w in assessment.waivers.iter().filter(|w| w.state == assess::WaiverState::Unused) {
        let target = match &w.system {
            Some(system) => format!("{} for system {system}", w.requirement),
            None => w.requirement.clone(),
        };
        let mut d =
            Diagnostic::warning("waiver-unused", &w.location.file, format!("the waiver for {target} matches no gap"))
                .help("the requirement is met or not applicable now; remove the waiver from aims.toml");
        d.line = w.location.line;
        eprint_line(&d.render(colour));
    }
}

/// `--check FILE`: compares a committed report with what aims would write now.
fn check(assessment: &assess::Assessment, path: &Path, options: render::Options<'_>) -> anyhow::Result<Outcome> {
    let format = default_format(Some(path));
    let expected = render::render(assessment, format, options)?;
    let actual = match std::fs::read_to_string(path) {
        Ok(text) => text,
        Err(e) => {
            eprint_line(&format!("aims: {} cannot be read ({e}); write it with --output", path.display()));
            return Ok(Outcome::GateFailed);
        }
    };
    if actual == expected {
        eprint_line(&format!("aims: {} is up to date", path.display()));
        return Ok(Outcome::Success);
    }
    eprint_line(&format!("aims: {} is out of date; regenerate it with --output. First differences:", path.display()));
    eprint_line(&short_diff(&actual, &expected, 10));
    Ok(Outcome::GateFailed)
}

/// The first `limit` differing lines of two texts, as `-` (committed) and `+` (now) lines with line numbers.
fn short_diff(old: &str, new: &str, limit: usize) -> String {
    let (old, new): (Vec<&str>, Vec<&str>) = (old.lines().collect(), new.lines().collect());
    let mut out = Vec::new();
    for i in 0..old.len().max(new.len()) {
        let (a, b) = (old.get(i), new.get(i));
        if a != b {
            if let Some(a) = a {
                out.push(format!("  {:>5} - {a}", i + 1));
            }
            if let Some(b) = b {
                out.push(format!("  {:>5} + {b}", i + 1));
            }
            if out.len() >= limit * 2 {
                out.push("  ...".to_string());
                break;
            }
        }
    }
    out.join("\n")
}

fn default_format(output: Option<&Path>) -> Format {
    match output {
        Some(path) => match path.extension().and_then(|e| e.to_str()) {
            Some("json") => Format::Json,
            Some("sarif") => Format::Sarif,
            Some("xml") => Format::Junit,
            Some("csv") => Format::Csv,
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
    emit_with(output, |out| out.write_all(text.as_bytes()))
}

fn emit_with(
    output: Option<&Path>,
    write: impl FnOnce(&mut dyn std::io::Write) -> std::io::Result<()>,
) -> anyhow::Result<()> {
    match output {
        Some(path) => {
            output::write_atomic_with(path, write).map_err(|e| anyhow::anyhow!("cannot write {}: {e}", path.display()))
        }
        None => output::print_with(write).map_err(|e| anyhow::anyhow!("cannot write to standard output: {e}")),
    }
}

/// Renders the report in `format` to a file or stdout. The JSON report, the largest, is written as it is
/// serialised; the other formats are composed in full first, so a template error writes nothing.
fn write_report(
    output: Option<&Path>,
    assessment: &assess::Assessment,
    format: Format,
    options: render::Options<'_>,
) -> anyhow::Result<()> {
    match format {
        Format::Json => emit_with(output, |out| render::report_json_to(assessment, out)),
        _ => emit(output, &render::render(assessment, format, options)?),
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
    let outcome = if errors > 0 { Outcome::Invalid } else { Outcome::Success };
    // As in `gap`: the process ends here, and freeing a large workspace piece by piece only costs time.
    std::mem::forget(loaded);
    Ok(outcome)
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
    out.push_str(&crate::render::crosswalk::requirement_links(&req.id));
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
