//! The command line: parse arguments, run one verb through load → assess → render, print, and return the exit
//! code (0 success, 1 gate failed, 2 usage error or invalid input). The only place that reads the clock, the
//! environment and the terminal, and the only place that writes to standard output and standard error.
//!
//! - [`args`]: the grammar (clap structures, value parsers, format choices);
//! - [`gap`]: the gap report, the gate and `--check`;
//! - [`documents`]: the documents derived from an assessment: `soa`, `plan`, `crosswalk`, `diff`;
//! - [`catalogue`]: what aims knows without a workspace: `controls`, `explain`, `schema`;
//! - [`oscal`]: OSCAL catalog, assessment results and POA&M;
//! - [`portfolio`]: one summary across many workspaces;
//! - [`workspace`]: the workspace's files: `validate`, `init`, `import`;
//! - [`install`]: what an installer puts in place: `completions`, `man`;
//! - [`interop`]: exchange with other tools (`export ciso-assistant`, `import ciso-assistant`) and the CSV options
//!   for spreadsheet programs;
//! - [`ui`]: colour, `--quiet` and the table width;
//! - [`dev`]: the hidden benchmark verbs `generate` and `parse-floor`.

pub mod args;
mod catalogue;
mod dev;
mod documents;
mod gap;
mod install;
mod interop;
mod oscal;
mod portfolio;
mod signals;
mod ui;
mod workspace;

use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use aims::assess::{self, Assessment};
use aims::catalogue::Catalogue;
use aims::date::Date;
use aims::diagnostic::{Diagnostics, Severity};
use aims::load;
use aims::output::{Batch, Guard};
use aims::workspace::Workspace;

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
    ui::set(cli.quiet, cli.color);
    signals::remove_temporary_files_on_interrupt();
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
        Command::Validate { dir, format, as_of } => {
            workspace::validate(&catalogue, &workspace_dir("validate", dir)?, format, as_of)
        }
        Command::Controls { id, format } => catalogue::controls(&catalogue, id.as_deref(), format),
        Command::Soa(args) => documents::soa(&catalogue, &args),
        Command::Plan(args) => documents::plan(&catalogue, &args),
        Command::Diff { old, new, format, as_of, fail_on_regression } => {
            documents::diff(&catalogue, &old, &new, format, as_of, fail_on_regression)
        }
        Command::Crosswalk { dir, framework, format, as_of, csv } => documents::crosswalk(
            &catalogue,
            &workspace_dir("crosswalk", dir)?,
            framework.into(),
            format,
            as_of,
            csv.style(),
        ),
        Command::Portfolio(args) => portfolio::portfolio(&catalogue, &args),
        Command::Oscal(command) => oscal::oscal(&catalogue, command),
        Command::Completions { shell } => install::completions(shell),
        Command::Man { out_dir } => install::man(out_dir.as_deref()),
        Command::Init { dir, force } => workspace::init(&catalogue, &dir, force),
        Command::Import(command) => workspace::import(&catalogue, &command),
        Command::Export(command) => interop::export(&catalogue, &command),
        Command::ParseFloor { dir } => dev::parse_floor(&dir),
        Command::Generate { systems, dir, seed } => dev::generate(&catalogue, systems, &dir, seed),
        Command::Schema { file, out_dir } => catalogue::schema(file.map(Into::into), out_dir.as_deref()),
        Command::Explain { code } => catalogue::explain(code.as_deref()),
    }
}

/// Writes one line to stderr. A closed or full stderr is ignored: a message that cannot be shown must never
/// panic or change the exit code.
fn eprint_line(text: &str) {
    let mut err = io::stderr().lock();
    let _ = err.write_all(text.as_bytes()).and_then(|()| err.write_all(b"\n")).and_then(|()| err.flush());
}

/// The workspace folder of a verb that reads one: the folder named on the command line, or else the nearest folder
/// at or above the current one holding organisation.yaml or aims.toml ([`aims::discover`]), spelt relative to the
/// current folder (`.`, `..`) so that reports hold no absolute path. A workspace found above the current folder is
/// named in a note; none found is an error that says where aims looked.
fn workspace_dir(verb: &str, given: Option<PathBuf>) -> anyhow::Result<PathBuf> {
    if let Some(dir) = given {
        return Ok(dir);
    }
    let cwd = std::env::current_dir()
        .map_err(|e| anyhow::anyhow!("cannot tell the current folder ({e}); name the workspace: `aims {verb} DIR`"))?;
    let Some(found) = aims::discover::enclosing(&cwd) else {
        anyhow::bail!(
            "no workspace found: neither organisation.yaml nor aims.toml is in {} or any folder above it\n  = help: \
             name the workspace folder (`aims {verb} DIR`), or create a workspace with `aims init DIR`",
            cwd.display()
        );
    };
    if found.levels_up > 0 {
        ui::note(&format!(
            "aims: note: the workspace is {}, the nearest folder above this one that holds {}",
            found.relative().display(),
            found.marker
        ));
    }
    Ok(found.relative())
}

/// Prints diagnostics for a person on stderr (errors only, unless `warnings`).
fn report_diagnostics(diagnostics: &Diagnostics, warnings: bool) {
    let colour = ui::colour_stderr();
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
    let colour = ui::colour_stderr();
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

/// Writes one document (`soa`, `plan`) to `output`, checked by `guard`, or to stdout.
fn write_document(guard: &Guard, output: Option<&Path>, bytes: &[u8]) -> anyhow::Result<()> {
    match output {
        Some(path) => {
            let mut batch = Batch::new();
            batch.stage(guard.target(path)?, |out| out.write_all(bytes))?;
            Ok(batch.commit()?)
        }
        None => print_with(|out| out.write_all(bytes)).map_err(stdout_error),
    }
}

/// Refuses to write a binary format (the XLSX workbook) to standard output when it is a terminal, where it would
/// show as noise; through a pipe or a redirection it is written.
fn binary_to_terminal(format: aims::render::Format, verb: &str) -> anyhow::Result<()> {
    use std::io::IsTerminal;
    if format.is_binary() && io::stdout().is_terminal() {
        anyhow::bail!(
            "the {format} format is a binary workbook and standard output is a terminal\n  = help: write it to a file \
             with --output (`aims {verb} --output {name}.{format}`), or pipe it",
            name = if verb == "gap" { "report" } else { verb }
        );
    }
    Ok(())
}

/// Writes `text` to stdout.
fn print(text: &str) -> anyhow::Result<()> {
    print_with(|out| out.write_all(text.as_bytes())).map_err(stdout_error)
}

/// The error for output that could not be written to stdout.
fn stdout_error(e: io::Error) -> anyhow::Error {
    anyhow::anyhow!("cannot write to standard output: {e}")
}

/// Bytes gathered before each write to standard output.
const STDOUT_BUFFER: usize = 256 * 1024;

/// Writes to stdout through a large buffer; a reader that went away (`aims gap | head`) ends the output quietly.
fn print_with(write: impl FnOnce(&mut dyn Write) -> io::Result<()>) -> io::Result<()> {
    let mut stdout = BufWriter::with_capacity(STDOUT_BUFFER, io::stdout().lock());
    let result = write(&mut stdout).and_then(|()| stdout.flush());
    // What the buffer still holds after a failure is dropped, not written again when the buffer is dropped.
    let _ = stdout.into_parts();
    match result {
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => Ok(()),
        other => other,
    }
}
