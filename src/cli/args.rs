//! The command line's grammar: every clap structure, the value parsers and the format choices clap offers.
//! Nothing here runs a verb; [`super::run`] dispatches the parsed [`Cli`].

use std::path::PathBuf;

use clap::{Parser, Subcommand, ValueEnum};

use aims::date::Date;
use aims::workspace::{Status, WAIVER_MAX_MONTHS};

/// ISO/IEC 42001 (AI management system) gap analysis over a folder of YAML files.
#[derive(Debug, Parser)]
#[command(name = "aims", version, about, propagate_version = true, max_term_width = 100)]
#[command(after_help = "Exit codes: 0 success, 1 gate failed, 2 usage error or invalid input.\n\
                        Start with `aims init my-aims`: a workspace to fill in, whose README.md says what each file \
                        is for; then run `aims validate` and `aims gap` in it. The verbs that read a workspace find it \
                        from any folder inside it. `aims controls` lists the bundled catalogue, `aims schema` the \
                        file formats.")]
pub struct Cli {
    /// Say no notes or progress on stderr; errors, warnings and a failed gate still show
    #[arg(long, short, global = true, help_heading = "Global options")]
    pub quiet: bool,
    /// Colour: auto (a terminal, unless NO_COLOR, TERM=dumb or CLICOLOR=0; CLICOLOR_FORCE forces it), always, never
    #[arg(long, value_name = "WHEN", global = true, default_value = "auto", help_heading = "Global options")]
    pub color: ColorChoice,
    #[command(subcommand)]
    pub command: Command,
}

/// When to colour output (`--color`); [`super::ui::decide`] applies it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    // No doc comments: the option's own help says what each does, and clap lists the values on one line.
    Auto,
    Always,
    Never,
}

/// Parses the command line as [`Cli::parse`] does, with clap's own help and errors coloured as `--color` says
/// (clap reads the flag only after it has printed them).
pub fn parse() -> Cli {
    use clap::{CommandFactory, FromArgMatches};
    let argv: Vec<std::ffi::OsString> = std::env::args_os().collect();
    let colour = match colour_flag(&argv) {
        Some(ColorChoice::Always) => clap::ColorChoice::Always,
        Some(ColorChoice::Never) => clap::ColorChoice::Never,
        _ => clap::ColorChoice::Auto,
    };
    let mut command = Cli::command().color(colour);
    command.try_get_matches_from_mut(argv).and_then(|m| Cli::from_arg_matches(&m)).unwrap_or_else(|e| e.exit())
}

/// The last `--color WHEN` or `--color=WHEN` before a `--`, read before clap parses the rest.
fn colour_flag(argv: &[std::ffi::OsString]) -> Option<ColorChoice> {
    let mut found = None;
    let mut args = argv.iter().skip(1).map(|a| a.to_str().unwrap_or(""));
    while let Some(arg) = args.next() {
        let value = match arg {
            "--" => break,
            "--color" => args.next(),
            _ => arg.strip_prefix("--color="),
        };
        if let Some(value) = value {
            found = ColorChoice::from_str(value, false).ok().or(found);
        }
    }
    found
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Assess a workspace and write the gap report
    Gap(GapArgs),
    /// Write the Statement of Applicability: every Annex A control, included or excluded, with its justification
    Soa(DocumentArgs),
    /// Write the remediation plan: actions from the gaps, ordered and phased for certification
    Plan(DocumentArgs),
    /// Summarise many workspaces at once: score, readiness, top gaps, overdue actions, deadlines
    Portfolio(PortfolioArgs),
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
        /// The workspace folder [default: the nearest folder holding organisation.yaml or aims.toml, from the
        /// current one up]
        dir: Option<PathBuf>,
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
        /// Output format [default: table on a terminal, markdown otherwise]
        #[arg(long, short)]
        format: Option<CatalogueFormat>,
    },
    /// Show how the assessment supports another framework: the EU AI Act, NIST AI RMF or ISO/IEC 27001
    Crosswalk {
        /// The workspace folder [default: the nearest folder holding organisation.yaml or aims.toml, from the
        /// current one up]
        dir: Option<PathBuf>,
        #[arg(long, default_value = "eu-ai-act")]
        framework: Framework,
        /// Output format [default: table on a terminal, markdown otherwise]
        #[arg(long, short)]
        format: Option<CrosswalkFormat>,
        /// Assess as of this date (YYYY-MM-DD) instead of today
        #[arg(long, value_name = "DATE", value_parser = parse_date)]
        as_of: Option<Date>,
        #[command(flatten)]
        csv: super::interop::CsvStyleArgs,
    },
    /// Export OSCAL 1.2.1 JSON: the catalogue as a catalog, an assessment as assessment results, the plan as a POA&M
    #[command(subcommand)]
    Oscal(super::oscal::OscalCommand),
    /// Create a workspace: settings, organisation, an example system, an assessment listing every requirement
    #[command(after_help = "A folder that is a workspace already (it holds organisation.yaml or aims.toml), or lies \
inside one, is refused and nothing is written.")]
    Init {
        /// The folder to create or fill
        #[arg(default_value = ".")]
        dir: PathBuf,
        /// Overwrite the scaffold's own files if they exist (never anything else); in an existing workspace's own
        /// folder, rewrite its aims.toml, organisation.yaml, assessment.yaml and README.md (no example system)
        #[arg(long)]
        force: bool,
    },
    /// Import an AI inventory from a spreadsheet, or another tool's assessment
    #[command(subcommand)]
    Import(ImportCommand),
    /// Write the assessment for another tool to import (CISO Assistant)
    #[command(subcommand)]
    Export(super::interop::ExportCommand),
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
        /// Which file's schema to print; omit to list them
        file: Option<SchemaFile>,
        /// Write every schema into this folder instead (e.g. schema/)
        #[arg(long, value_name = "DIR", conflicts_with = "file")]
        out_dir: Option<PathBuf>,
    },
    /// Explain a finding or diagnostic code: what it checks, why it matters, how to fix it
    Explain {
        /// A code such as evidence-stale; omit to list all codes
        code: Option<String>,
    },
    /// Print the shell completion script for bash, zsh, fish, elvish or PowerShell
    #[command(after_help = "Where the script goes:\n  \
bash: aims completions bash > ~/.local/share/bash-completion/completions/aims\n  \
zsh:  aims completions zsh > ~/.zfunc/_aims   (with `fpath+=~/.zfunc` before `compinit` in ~/.zshrc)\n  \
fish: aims completions fish > ~/.config/fish/completions/aims.fish")]
    Completions {
        /// The shell
        shell: clap_complete::Shell,
    },
    /// Print the manual page aims(1), or write one page per verb to a folder
    #[command(after_help = "For `man aims` and `man aims-gap`: aims man --out-dir ~/.local/share/man/man1")]
    Man {
        /// Write aims.1, aims-gap.1, … into this folder instead (e.g. ~/.local/share/man/man1)
        #[arg(long, value_name = "DIR")]
        out_dir: Option<PathBuf>,
    },
}

#[derive(Debug, clap::Args)]
#[command(after_help = "Gate: with --fail-under or --fail-on (or [gate] in aims.toml), exit code 1 means the gate \
failed; --exit-zero reports without failing. aims.toml's [gate] may make the command line's gate stricter, never \
weaker (docs/ci.md in the aims source).\nSeveral reports from one assessment: --report sarif=aims.sarif \
--report markdown=report.md")]
pub struct GapArgs {
    /// The workspace folder [default: the nearest folder holding organisation.yaml or aims.toml, from the current
    /// one up]
    pub dir: Option<PathBuf>,
    /// Output format [default: table on a terminal, markdown otherwise, or from --output's extension]
    #[arg(long, short)]
    pub format: Option<Format>,
    /// Write the report to FILE (atomically) instead of standard output
    #[arg(long, short, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Also write a report in FORMAT to PATH; repeat for several (e.g. --report sarif=aims.sarif)
    #[arg(long, value_name = "FORMAT=PATH", value_parser = parse_report)]
    pub report: Vec<(aims::render::Format, PathBuf)>,
    /// Assess as of this date (YYYY-MM-DD) instead of today
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    pub as_of: Option<Date>,
    /// Fail when the gate's score of the selected requirements is below PCT (aims.toml's fail_under may raise it)
    #[arg(long, value_name = "PCT", value_parser = parse_percent)]
    pub fail_under: Option<f64>,
    /// Fail when a selected requirement has one of these statuses (aims.toml's fail_on may add statuses)
    #[arg(long, value_name = "STATUS,...", value_delimiter = ',', value_parser = parse_status)]
    pub fail_on: Option<Vec<Status>>,
    /// Gate only these requirements: IDs or prefixes (A.6, 9.2), clauses, controls (aims.toml cannot change it)
    #[arg(long, value_name = "ID,...", value_delimiter = ',')]
    pub select: Option<Vec<String>>,
    /// Leave these requirements out of the gate (aims.toml cannot change it)
    #[arg(long, value_name = "ID,...", value_delimiter = ',')]
    pub ignore: Option<Vec<String>>,
    /// Let requirements that are not assessed go: leave them out of the gate's score, fail on them only with
    /// --fail-on not_assessed [default: they count as non_compliant]
    #[arg(long)]
    pub allow_not_assessed: bool,
    /// Ignore the waivers of aims.toml: no waiver accepts a gap the gate checks
    #[arg(long)]
    pub no_waivers: bool,
    /// Fail the gate when a waiver of a selected requirement expires more than MONTHS after the as-of date (1-12)
    #[arg(long, value_name = "MONTHS", value_parser = clap::value_parser!(u32).range(1..=i64::from(WAIVER_MAX_MONTHS)))]
    pub waiver_max_months: Option<u32>,
    /// Report the gate's verdict but exit 0 even when it fails
    #[arg(long)]
    pub exit_zero: bool,
    /// Templates that override the built-in Markdown ones by name (report.md.j2); see docs/templates.md in the aims source
    #[arg(long, value_name = "DIR")]
    pub template_dir: Option<PathBuf>,
    /// Exit 1 with a short diff when FILE is not what aims would write now (format from its extension)
    #[arg(long, value_name = "FILE", conflicts_with_all = ["output", "report"])]
    pub check: Option<PathBuf>,
    /// Start every path in SARIF, GitHub annotations and JUnit with PREFIX ("" for none) [default: the workspace's
    /// folder from the repository root, the nearest folder above it with a .git]
    #[arg(long, value_name = "PREFIX")]
    pub path_prefix: Option<String>,
    /// Whose voice the Markdown report speaks in: client (organisational actions; rule codes and file:line in an
    /// appendix) or practitioner (every finding with its rule code and file:line, inline)
    #[arg(long, value_name = "AUDIENCE", default_value = "client")]
    pub audience: Audience,
    #[command(flatten)]
    pub csv: super::interop::CsvStyleArgs,
}

fn parse_report(text: &str) -> Result<(aims::render::Format, PathBuf), String> {
    let (format, path) = text.split_once('=').ok_or("write FORMAT=PATH, e.g. sarif=aims.sarif")?;
    let format = Format::from_str(format, true).map_err(|_| {
        let names: Vec<String> =
            Format::value_variants().iter().map(|f| aims::render::Format::from(*f).to_string()).collect();
        format!("unknown format `{format}`; one of {}", names.join(", "))
    })?;
    if path.is_empty() {
        return Err("the path after `=` is empty".into());
    }
    Ok((format.into(), PathBuf::from(path)))
}

pub(super) fn parse_percent(text: &str) -> Result<f64, String> {
    match text.trim_end_matches('%').parse::<f64>() {
        Ok(p) if (0.0..=100.0).contains(&p) => Ok(p),
        _ => Err("a percentage from 0 to 100".into()),
    }
}

pub(super) fn parse_status(text: &str) -> Result<Status, String> {
    Status::ALL.into_iter().find(|s| s.as_str() == text.trim()).ok_or_else(|| {
        let names: Vec<&str> = Status::ALL.iter().map(|s| s.as_str()).collect();
        format!("one of {}", names.join(", "))
    })
}

#[derive(Debug, clap::Args)]
pub struct DocumentArgs {
    /// The workspace folder [default: the nearest folder holding organisation.yaml or aims.toml, from the current
    /// one up]
    pub dir: Option<PathBuf>,
    /// Output format [default: markdown, or from --output's extension]
    #[arg(long, short)]
    pub format: Option<DocumentFormat>,
    /// Write to FILE (atomically) instead of standard output
    #[arg(long, short, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// As of this date (YYYY-MM-DD) instead of today
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    pub as_of: Option<Date>,
    /// Templates that override the built-in Markdown ones by name (soa.md.j2, plan.md.j2); see docs/templates.md in the aims source
    #[arg(long, value_name = "DIR")]
    pub template_dir: Option<PathBuf>,
    /// Whose voice the Markdown document speaks in: client (organisational actions) or practitioner (the workspace
    /// detail to change)
    #[arg(long, value_name = "AUDIENCE", default_value = "client")]
    pub audience: Audience,
    #[command(flatten)]
    pub csv: super::interop::CsvStyleArgs,
}

/// The sources `aims import` reads.
#[derive(Debug, Subcommand)]
pub enum ImportCommand {
    /// Import a spreadsheet inventory (CSV, or an Excel .xlsx workbook): each row becomes one systems/*.yaml file
    #[command(visible_alias = "xlsx")]
    Csv(CsvArgs),
    /// Import a risk-register spreadsheet (CSV or .xlsx) into the workspace's AI risk register: each row one risk
    Risks(RiskArgs),
    /// Read CISO Assistant's audit export (its iso42001-2023 framework) into an assessment file
    CisoAssistant(super::interop::CisoImportArgs),
    /// Print a built-in mapping, to start your own MAP.toml from it
    Profile {
        /// The profile to print
        name: Profile,
    },
}

#[derive(Debug, clap::Args)]
#[command(after_help = "Nothing is guessed and nothing is dropped: answers the mapping does not know are kept in the \
system's notes and reported, and every row becomes a system or is listed as skipped with its reason. \
docs/import.md in the aims source describes the mapping and the us-federal-2025 profile.")]
pub struct CsvArgs {
    /// The inventory: a CSV file (UTF-8, a header row first) or an .xlsx workbook
    pub file: PathBuf,
    /// The workspace to write into (created like `aims init` when it has no organisation.yaml)
    #[arg(long, value_name = "DIR")]
    pub into: PathBuf,
    /// Which column feeds which system field, and how answers translate (see docs/import.md in the aims source)
    #[arg(long, value_name = "MAP.toml", required_unless_present = "profile", conflicts_with = "profile")]
    pub mapping: Option<PathBuf>,
    /// Use a built-in mapping instead of --mapping
    #[arg(long, value_name = "NAME")]
    pub profile: Option<Profile>,
    /// Overwrite system files that already exist (never any other file)
    #[arg(long)]
    pub force: bool,
    /// Report what would be written, and write nothing
    #[arg(long)]
    pub dry_run: bool,
    /// The CSV field separator: a single character such as `;`, or `tab` [default: the one the header line uses
    /// most of `,` `;` and tab]
    #[arg(long, value_name = "CHAR", value_parser = parse_delimiter)]
    pub delimiter: Option<u8>,
    /// The worksheet of an .xlsx workbook to read [default: the first]
    #[arg(long, value_name = "NAME")]
    pub sheet: Option<String>,
    /// The summary's format
    #[arg(long, short, default_value = "text")]
    pub format: SummaryFormat,
}

#[derive(Debug, clap::Args)]
#[command(after_help = "Every value is checked against the workspace before anything is written: ratings on the \
scales of aims.toml [risk], Annex A control IDs, AI system IDs or names, who may accept a risk, dates. Each problem \
names its row and column; the register file is written only when there is none. docs/import.md in the aims source \
describes the mapping (kind = \"risks\").")]
pub struct RiskArgs {
    /// The risk register: a CSV file (UTF-8, a header row first) or an .xlsx workbook
    pub file: PathBuf,
    /// The workspace to write into; it must exist and validate (its systems and [risk] criteria are checked against)
    #[arg(long, value_name = "DIR")]
    pub into: PathBuf,
    /// Which column feeds which field of a risk, and how answers translate (kind = "risks"; see docs/import.md)
    #[arg(long, value_name = "MAP.toml")]
    pub mapping: PathBuf,
    /// The register file to write: risks.yaml or risks/NAME.yaml [default: risks/<the spreadsheet's name>.yaml]
    #[arg(long, value_name = "FILE")]
    pub register: Option<String>,
    /// Overwrite the register file if it exists (never any other file)
    #[arg(long)]
    pub force: bool,
    /// Check and report what would be written, and write nothing
    #[arg(long)]
    pub dry_run: bool,
    /// The CSV field separator: a single character such as `;`, or `tab` [default: detected from the header line]
    #[arg(long, value_name = "CHAR", value_parser = parse_delimiter)]
    pub delimiter: Option<u8>,
    /// The worksheet of an .xlsx workbook to read [default: the first]
    #[arg(long, value_name = "NAME")]
    pub sheet: Option<String>,
    /// Check dates against this day (YYYY-MM-DD) instead of today
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    pub as_of: Option<Date>,
    /// The summary's format
    #[arg(long, short, default_value = "text")]
    pub format: SummaryFormat,
}

/// The built-in import mappings ([`aims::import::Profile`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Profile {
    /// The 2025 US federal agency AI use case inventory (OMB M-25-21), as published by OMB
    #[value(name = "us-federal-2025")]
    UsFederal2025,
    /// The 2024 US federal agency AI use case inventory (OMB M-24-10), as consolidated by OMB
    #[value(name = "us-federal-2024")]
    UsFederal2024,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum SummaryFormat {
    Text,
    Json,
}

pub(super) fn parse_delimiter(text: &str) -> Result<u8, String> {
    match text {
        "tab" | "\\t" | "\t" => Ok(b'\t'),
        t if t.len() == 1 && t.is_ascii() && t != "\"" && t != "\n" && t != "\r" => Ok(t.as_bytes()[0]),
        _ => Err("one ASCII character other than a quote or line break, e.g. `;`, or `tab`".into()),
    }
}

/// The arguments of `aims portfolio`.
#[derive(Debug, clap::Args)]
pub struct PortfolioArgs {
    /// The workspace folders, in the order of the rows
    #[arg(value_name = "DIR")]
    pub dirs: Vec<PathBuf>,
    /// A file naming one workspace folder per line (blank lines and lines starting with `#` are skipped); relative
    /// folders are read from the file's folder. Its workspaces follow those named as DIR
    #[arg(long, value_name = "FILE")]
    pub list: Option<PathBuf>,
    /// Output format [default: from the --output extension, else table on a terminal, markdown otherwise]
    #[arg(long, short)]
    pub format: Option<PortfolioFormat>,
    /// Write to this file instead of standard output (never over a file of any workspace)
    #[arg(long, short, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Assess every workspace as of this date (YYYY-MM-DD) instead of today
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    pub as_of: Option<Date>,
    /// The portfolio's confidentiality marking, at its top and on every printed page [default: "Confidential:
    /// holds the assessments of N organisations"]; each workspace keeps its own marking in its section
    #[arg(long, value_name = "TEXT")]
    pub confidentiality: Option<String>,
}

/// Output formats of `aims portfolio`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum PortfolioFormat {
    /// A table for the terminal
    Table,
    /// A Markdown document
    Markdown,
    /// One self-contained web page with a chart of the scores
    Html,
    /// The machine interface (docs/portfolio.md in the aims source)
    Json,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum DiffFormat {
    Table,
    Markdown,
    Json,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum ValidateFormat {
    Text,
    Json,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum CatalogueFormat {
    Table,
    Markdown,
    Json,
}

pub(super) fn parse_date(text: &str) -> Result<Date, String> {
    text.parse::<Date>().map_err(|e| e.to_string())
}

// ----- clap's mirrors of library enums ------------------------------------------------------------------------------
// The library knows nothing of clap. Each enum below lists the values one option takes, with the help clap shows,
// and converts both ways to the library's enum, so a variant added on either side without the other does not compile.

/// Mirrors the given library enum: `From` in both directions, variant for variant.
macro_rules! mirror {
    ($clap:ident <=> $lib:path { $($variant:ident),+ $(,)? }) => {
        impl From<$clap> for $lib {
            fn from(value: $clap) -> Self {
                match value {
                    $($clap::$variant => <$lib>::$variant,)+
                }
            }
        }

        impl From<$lib> for $clap {
            fn from(value: $lib) -> Self {
                match value {
                    $(<$lib>::$variant => $clap::$variant,)+
                }
            }
        }
    };
}

/// A subset of [`aims::render::Format`] that one verb offers: each value maps onto the library's format of the same
/// name (the test below checks the names), and the library's `Format::check` refuses any other.
macro_rules! formats {
    ($clap:ident { $($variant:ident),+ $(,)? }) => {
        impl From<$clap> for aims::render::Format {
            fn from(value: $clap) -> Self {
                match value {
                    $($clap::$variant => aims::render::Format::$variant,)+
                }
            }
        }
    };
}

/// Output formats of `aims gap` ([`aims::render::Format`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// A summary for the terminal, as wide as it is
    Table,
    /// The full report, for people (GitHub and GitLab render it)
    Markdown,
    /// The report as one self-contained web page with charts, to read in a browser or print to PDF
    Html,
    /// The stable machine interface (docs/json.md in the aims source)
    Json,
    /// SARIF 2.1.0, for code scanning
    Sarif,
    /// JUnit XML, for CI test reports
    Junit,
    /// GitHub Actions workflow commands (annotations)
    Github,
    /// One row per requirement, for spreadsheets
    Csv,
    /// An Excel workbook of registers, for the client (docs/xlsx.md in the aims source); not to a terminal
    Xlsx,
}

mirror!(Format <=> aims::render::Format { Table, Markdown, Html, Json, Sarif, Junit, Github, Csv, Xlsx });

/// Whose voice the human documents speak in ([`aims::render::Audience`]); machine formats are the same in both.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
/// (No help per value, so that `--help` stays in its short form; the option's help explains both.)
pub enum Audience {
    Client,
    Practitioner,
}

mirror!(Audience <=> aims::render::Audience { Client, Practitioner });

/// Output formats of `aims soa` and `aims plan` ([`aims::render::Format::DOCUMENT`], and the workbook that
/// [`aims::render::xlsx`] writes).
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum DocumentFormat {
    Markdown,
    Html,
    Csv,
    Json,
    Xlsx,
}

formats!(DocumentFormat { Markdown, Html, Csv, Json, Xlsx });

/// The frameworks `aims crosswalk --framework` knows ([`aims::views::crosswalk::Framework`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Framework {
    /// Regulation (EU) 2024/1689, the EU AI Act
    EuAiAct,
    /// NIST AI Risk Management Framework 1.0
    NistAiRmf,
    /// ISO/IEC 27001:2022 clauses 4-10
    Iso27001,
}

mirror!(Framework <=> aims::views::crosswalk::Framework { EuAiAct, NistAiRmf, Iso27001 });

/// Output formats of `aims crosswalk` ([`aims::render::Format::CROSSWALK`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum CrosswalkFormat {
    Table,
    Markdown,
    Json,
    Csv,
}

formats!(CrosswalkFormat { Table, Markdown, Json, Csv });

/// The files `aims schema NAME` describes ([`aims::schema::SchemaFile`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum SchemaFile {
    /// aims.toml
    Settings,
    /// organisation.yaml
    Organisation,
    /// systems/*.yaml
    System,
    /// assessment.yaml and assessment/*.yaml
    Assessment,
    /// risks.yaml and risks/*.yaml: the AI risk register
    Risks,
    /// impact-assessments/*.yaml: one AI system impact assessment each
    ImpactAssessment,
    /// The JSON report of `aims gap --format json` (output, not input)
    Report,
}

mirror!(SchemaFile <=> aims::schema::SchemaFile { Settings, Organisation, System, Assessment, Risks, ImpactAssessment, Report });

mirror!(Profile <=> aims::import::Profile { UsFederal2025, UsFederal2024 });

#[cfg(test)]
mod tests {
    use clap::{CommandFactory, ValueEnum};

    use super::*;

    #[test]
    fn the_grammar_is_consistent() {
        Cli::command().debug_assert();
    }

    /// The names clap accepts are the names the library writes (in reports, file names and the crosswalk data).
    #[test]
    fn mirrored_values_keep_the_library_names() {
        let name = |value: Option<clap::builder::PossibleValue>| value.unwrap().get_name().to_string();
        for format in Format::value_variants() {
            assert_eq!(name(format.to_possible_value()), aims::render::Format::from(*format).to_string());
        }
        // Every format a verb offers is one the library writes for that document, under the same name (the SoA's and
        // the plan's workbooks come from render::xlsx, not from the views' text renderers).
        let offered = [
            (
                DocumentFormat::value_variants()
                    .iter()
                    .filter(|f| **f != DocumentFormat::Xlsx)
                    .map(|f| (f.to_possible_value(), (*f).into()))
                    .collect::<Vec<_>>(),
                aims::render::Format::DOCUMENT,
            ),
            (
                CrosswalkFormat::value_variants().iter().map(|f| (f.to_possible_value(), (*f).into())).collect(),
                aims::render::Format::CROSSWALK,
            ),
        ];
        for (values, supported) in offered {
            assert_eq!(values.len(), supported.len());
            for (value, format) in values {
                let format: aims::render::Format = format;
                assert_eq!(name(value), format.to_string());
                assert!(supported.contains(&format), "{format}");
            }
        }
        for framework in Framework::value_variants() {
            assert_eq!(name(framework.to_possible_value()), aims::views::crosswalk::Framework::from(*framework).id());
        }
        for profile in Profile::value_variants() {
            assert_eq!(name(profile.to_possible_value()), aims::import::Profile::from(*profile).name());
        }
        assert_eq!(SchemaFile::value_variants().len(), aims::schema::SchemaFile::ALL.len());
        assert_eq!(Framework::value_variants().len(), aims::views::crosswalk::Framework::ALL.len());
        assert_eq!(Profile::value_variants().len(), aims::import::Profile::ALL.len());
    }
}
