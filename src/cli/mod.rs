//! The command line: parse arguments, run one verb through load → assess → render, print, and return the exit
//! code (0 success, 1 gate failed, 2 usage error or invalid input). The only place that reads the clock, the
//! environment and the terminal, and the only place that writes to standard output and standard error.
//!
//! - [`args`]: the grammar (clap structures, value parsers, format choices);
//! - [`gap`]: the gap report, the gate and `--check`;
//! - [`documents`]: the documents derived from an assessment: `soa`, `plan`, `crosswalk`, `diff`;
//! - [`catalogue`]: what aims knows without a workspace: `controls`, `explain`, `schema`;
//! - [`workspace`]: the workspace's files: `validate`, `init`, `import`;
//! - [`dev`]: the hidden benchmark verbs `generate` and `parse-floor`.

pub mod args;
mod catalogue;
mod dev;
mod documents;
mod gap;
mod workspace;

use std::io::{self, BufWriter, IsTerminal, Write};
use std::path::Path;
use std::process::ExitCode;

use aims::assess::{self, Assessment};
use aims::catalogue::Catalogue;
use aims::date::Date;
use aims::diagnostic::{Diagnostics, Severity};
use aims::workspace::Workspace;
use aims::{load, output};

use args::{Cli, Command};

/// A run's outcome, mapped to the documented exit codes.
pub enum Outcome {
    Success,
    /// The gate failed.
    GateFailed,
    /// Invalid input or usage: nothing was assessed.
    Invalid,
}

/// Runs the parsed command line and returns the process's exit code; an error is printed on stderr (exit 2).
pub fn run(cli: Cli) -> ExitCode {
    match dispatch(cli) {
        Ok(Outcome::Success) => ExitCode::SUCCESS,
        Ok(Outcome::GateFailed) => ExitCode::from(1),
        Ok(Outcome::Invalid) => ExitCode::from(2),
        Err(e) => {
            eprint_line(&format!("aims: error: {e:#}"));
            ExitCode::from(2)
        }
    }
}

fn dispatch(cli: Cli) -> anyhow::Result<Outcome> {
    let catalogue = Catalogue::bundled()?;
    match cli.command {
        Command::Gap(args) => gap::gap(&catalogue, args),
        Command::Validate { dir, format, as_of } => workspace::validate(&catalogue, &dir, format, as_of),
        Command::Controls { id, format } => catalogue::controls(&catalogue, id.as_deref(), format),
        Command::Soa(args) => documents::soa(&catalogue, &args),
        Command::Plan(args) => documents::plan(&catalogue, &args),
        Command::Diff { old, new, format, as_of, fail_on_regression } => {
            documents::diff(&catalogue, &old, &new, format, as_of, fail_on_regression)
        }
        Command::Crosswalk { dir, framework, format, as_of } => {
            documents::crosswalk(&catalogue, &dir, framework.into(), format.into(), as_of)
        }
        Command::Init { dir, force } => workspace::init(&catalogue, &dir, force),
        Command::Import(command) => workspace::import(&catalogue, &command),
        Command::ParseFloor { dir } => dev::parse_floor(&dir),
        Command::Generate { systems, dir, seed } => dev::generate(&catalogue, systems, &dir, seed),
        Command::Schema { file, out_dir } => catalogue::schema(file.map(Into::into), out_dir.as_deref()),
        Command::Explain { code } => catalogue::explain(code.as_deref()),
    }
}

/// Writes one line to stderr.
#[allow(clippy::print_stderr)]
fn eprint_line(text: &str) {
    eprintln!("{text}");
}

/// Whether to colour a stream: only a terminal, and never when `NO_COLOR` is set to something.
fn colour_on(stream_is_terminal: bool) -> bool {
    stream_is_terminal && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
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
fn load_workspace(catalogue: &Catalogue, dir: &Path, as_of: Date) -> Option<Workspace> {
    let loaded = load::load(dir, catalogue, as_of);
    // A file that was not loaded shows in no report, so every verb says so, not only `validate`.
    let colour = colour_on(std::io::stderr().is_terminal());
    for d in loaded.diagnostics.0.iter().filter(|d| d.code == aims::rules::Code::FileNotLoaded) {
        eprint_line(&d.render(colour));
    }
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
fn load_and_assess(catalogue: &Catalogue, dir: &Path, as_of: Date) -> Option<(Workspace, Assessment)> {
    let workspace = load_workspace(catalogue, dir, as_of)?;
    let assessment = assess::assess(catalogue, &workspace, as_of);
    Some((workspace, assessment))
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

/// Writes `text` to `output` (atomically) or, without one, to stdout.
fn emit(output: Option<&Path>, text: &str) -> anyhow::Result<()> {
    emit_with(output, |out| out.write_all(text.as_bytes()))
}

/// Like [`emit`], with the contents written by `write` as they are produced.
fn emit_with(output: Option<&Path>, write: impl FnOnce(&mut dyn Write) -> io::Result<()>) -> anyhow::Result<()> {
    match output {
        Some(path) => {
            output::write_atomic_with(path, write).map_err(|e| anyhow::anyhow!("cannot write {}: {e}", path.display()))
        }
        None => print_with(write).map_err(|e| anyhow::anyhow!("cannot write to standard output: {e}")),
    }
}

/// Bytes gathered before each write to standard output.
const STDOUT_BUFFER: usize = 256 * 1024;

/// Writes to stdout through a large buffer; a reader that went away (`aims gap | head`) ends the output quietly.
fn print_with(write: impl FnOnce(&mut dyn Write) -> io::Result<()>) -> io::Result<()> {
    let mut stdout = BufWriter::with_capacity(STDOUT_BUFFER, io::stdout().lock());
    match write(&mut stdout).and_then(|()| stdout.flush()) {
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => Ok(()),
        other => other,
    }
}
