//! `aims oscal`: OSCAL 1.2.1 JSON for GRC tools (compliance-trestle, Lula): the bundled catalogue as a catalog, a
//! workspace's assessment as assessment results, its remediation plan as a plan of action and milestones. The
//! grammar of the verb is here, beside the code that runs it; docs/oscal.md describes the mapping.

use std::io::{self, Write};
use std::path::{Path, PathBuf};

use clap::Subcommand;

use aims::assess;
use aims::catalogue::Catalogue;
use aims::date::Date;
use aims::output::{Batch, Guard};
use aims::workspace::{GatePolicy, Status};

use super::args::{parse_date, parse_percent, parse_status};
use super::{Outcome, load_and_assess, print_with, stdout_error, workspace_dir, write_document};

/// The OSCAL documents `aims oscal` writes.
#[derive(Debug, Subcommand)]
pub enum OscalCommand {
    /// The bundled ISO/IEC 42001 catalogue as an OSCAL catalog (IDs, titles, aims's own summaries, evidence
    /// expectations and questions); needs no workspace
    Catalog {
        /// Write to FILE (atomically) instead of standard output
        #[arg(long, short, value_name = "FILE")]
        output: Option<PathBuf>,
    },
    /// The assessment as OSCAL assessment results: findings and observations per requirement and per AI system,
    /// evidence with its review dates, the gate's verdict
    #[command(after_help = "The gate is aims.toml's [gate], made stricter by --fail-under and --fail-on. Its verdict \
is recorded in the document (the result's `gate` property and remarks); the exit code stays 0 whatever it is. Use \
`aims gap` to fail a pipeline.")]
    AssessmentResults {
        #[command(flatten)]
        workspace: OscalArgs,
        /// Record the gate as failed when the score is below PCT
        #[arg(long, value_name = "PCT", value_parser = parse_percent)]
        fail_under: Option<f64>,
        /// Record the gate as failed when a requirement has one of these statuses
        #[arg(long, value_name = "STATUS,...", value_delimiter = ',', value_parser = parse_status)]
        fail_on: Option<Vec<Status>>,
    },
    /// The remediation plan (`aims plan`) as an OSCAL plan of action and milestones (POA&M)
    #[command(visible_alias = "plan-of-action-and-milestones")]
    Poam {
        #[command(flatten)]
        workspace: OscalArgs,
    },
}

/// The workspace, output and date of the documents drawn from an assessment.
#[derive(Debug, clap::Args)]
pub struct OscalArgs {
    /// The workspace folder [default: the nearest folder holding organisation.yaml or aims.toml, from the current
    /// one up]
    pub dir: Option<PathBuf>,
    /// Write to FILE (atomically) instead of standard output
    #[arg(long, short, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Assess as of this date (YYYY-MM-DD) instead of today; the document's dates and times derive from it
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    pub as_of: Option<Date>,
}

/// Runs `aims oscal`.
pub fn oscal(catalogue: &Catalogue, command: OscalCommand) -> anyhow::Result<Outcome> {
    match command {
        OscalCommand::Catalog { output } => {
            let guard = Guard::new();
            if let Some(path) = &output {
                guard.target(path)?;
            }
            let text = aims::render::json(&aims::oscal::catalog(catalogue));
            write_document(&guard, output.as_deref(), text.as_bytes())?;
            Ok(Outcome::Success)
        }
        OscalCommand::AssessmentResults { workspace, fail_under, fail_on } => {
            from_workspace(catalogue, "oscal assessment-results", &workspace, true, |ws, assessment, out| {
                let command_line =
                    GatePolicy { fail_under, fail_on: fail_on.clone().unwrap_or_default(), ..GatePolicy::default() };
                let policy = aims::gate::combine(&command_line, &ws.settings.gate);
                let report = assess::Report::new(assessment, aims::gate::evaluate(catalogue, assessment, &policy));
                // Written as it is built: at 10,000 AI systems the document is hundreds of megabytes.
                aims::oscal::assessment_results_to(&report, out)
            })
        }
        OscalCommand::Poam { workspace } => {
            from_workspace(catalogue, "oscal poam", &workspace, false, |ws, assessment, out| {
                let plan = aims::views::plan::build(catalogue, ws, assessment);
                let text = aims::render::json(&aims::oscal::poam(&plan, assessment.risk.as_ref()));
                out.write_all(text.as_bytes())
            })
        }
    }
}

/// Loads and assesses the workspace, checks the output target, and writes the document `write` builds: to a
/// temporary file put in place once complete (nothing is written when building fails), or to standard output.
fn from_workspace(
    catalogue: &Catalogue,
    verb: &str,
    args: &OscalArgs,
    with_plan: bool,
    write: impl FnOnce(&aims::workspace::Workspace, &assess::Assessment, &mut dyn Write) -> io::Result<()>,
) -> anyhow::Result<Outcome> {
    let as_of = args.as_of.unwrap_or_else(Date::today_local);
    let dir = workspace_dir(verb, args.dir.clone())?;
    let Some((workspace, mut assessment)) = load_and_assess(catalogue, &dir, as_of) else {
        return Ok(Outcome::Invalid);
    };
    // Each requirement's planned work with the plan's dates and owners, as every document gives them.
    if with_plan {
        let plan = aims::views::plan::build(catalogue, &workspace, &assessment);
        aims::views::plan::attach(&plan, &mut assessment);
    }
    let guard = Guard::new().workspace(&dir, Some(&workspace));
    let output: Option<&Path> = args.output.as_deref();
    match output {
        Some(path) => {
            let mut batch = Batch::new();
            batch.stage(guard.target(path)?, |out| write(&workspace, &assessment, out))?;
            batch.commit()?;
        }
        None => print_with(|out| write(&workspace, &assessment, out)).map_err(stdout_error)?,
    }
    // The process ends here: freeing a ten-thousand-system workspace piece by piece only costs time.
    std::mem::forget((workspace, assessment));
    Ok(Outcome::Success)
}
