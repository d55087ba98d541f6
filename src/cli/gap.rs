//! `aims gap`: assess, evaluate the gate (the flags, which aims.toml's `[gate]` can only make stricter), write the
//! report in one or more formats or compare it with a committed one (`--check`), and say the gate's verdict on stderr.

use std::io::IsTerminal;
use std::path::Path;

use aims::assess::{self, Assessment};
use aims::catalogue::Catalogue;
use aims::date::Date;
use aims::output::{Batch, Guard, Target};
use aims::render::{self, Format};
use aims::workspace::{GatePolicy, Workspace};

use super::args::GapArgs;
use super::{Outcome, binary_to_terminal, eprint_line, load_workspace, print_with, stdout_error, ui, workspace_dir};

pub fn gap(catalogue: &Catalogue, args: GapArgs) -> anyhow::Result<Outcome> {
    let as_of = args.as_of.unwrap_or_else(Date::today_local);
    if args.output.is_none() && args.check.is_none() {
        binary_to_terminal(args.format.map_or_else(stdout_format, Format::from), "gap")?;
    }
    let dir = &workspace_dir("gap", args.dir.clone())?;
    let Some(workspace) = load_workspace(catalogue, dir, as_of) else { return Ok(Outcome::Invalid) };
    let policy = gate_policy(catalogue, &workspace.settings.gate, &args)?;
    // Every output is decided and checked before anything is rendered, on a thread of its own beside the
    // assessment (which reads the same workspace and writes nothing): the guard looks at every file of the
    // workspace, and the assessment leaves a core idle between its parts.
    let (outputs, mut assessment) = std::thread::scope(|scope| {
        let outputs = scope.spawn(|| outputs(dir, &workspace, &args));
        let assessment = assess::assess(catalogue, &workspace, as_of);
        (outputs.join().unwrap_or_else(|e| std::panic::resume_unwind(e)), assessment)
    });
    let Outputs { reports, output, format, checked_format } = outputs?;
    // Whether any output this run writes (or checks) is in a format `wanted` accepts.
    let writes = |wanted: fn(Format) -> bool| {
        checked_format.map_or(wanted(format), wanted) || reports.iter().any(|(f, _)| wanted(*f))
    };
    // The plan, built once for every output that needs it: the executive summary of a document for people
    // (Markdown, HTML, the workbook) and the workbook's sheets; the Statement of Applicability for the workbook.
    let views = writes(|f| matches!(f, Format::Markdown | Format::Html | Format::Xlsx))
        .then(|| Views::build(catalogue, &workspace, &assessment, writes(|f| f == Format::Xlsx)));
    // Every format that shows requirements' actions (JSON, CSV and the documents) shows the plan's work on them,
    // with the plan's dates and owners: the plan is built for them too, once.
    let plan_only = (views.is_none() && writes(|f| matches!(f, Format::Json | Format::Csv)))
        .then(|| aims::views::plan::build(catalogue, &workspace, &assessment));
    if let Some(plan) = views.as_ref().map(|v| &v.plan).or(plan_only.as_ref()) {
        aims::views::plan::attach(plan, &mut assessment);
    }
    drop(plan_only);
    let report = assess::Report::new(&assessment, aims::gate::evaluate(catalogue, &assessment, &policy));
    warn_unused_waivers(&assessment);

    let prefix = match &args.path_prefix {
        Some(given) => render::path_prefix(given),
        None => repository_prefix(dir),
    };
    let summary = views.as_ref().map(|v| aims::views::summary::build(&workspace, &assessment, &v.plan));
    // After the summary only the workbook reads them: freed now, they do not add to the peak of a Markdown run.
    let views = views.filter(|_| writes(|f| f == Format::Xlsx));
    let files = render::Options {
        colour: false,
        template_dir: args.template_dir.as_deref(),
        path_prefix: &prefix,
        width: render::table::WIDTH,
        audience: args.audience.into(),
        summary: summary.as_ref(),
    };
    let inputs =
        Inputs { catalogue, workspace: &workspace, report: &report, views: views.as_ref(), csv: args.csv.style() };
    let outcome = if let (Some(path), Some(format)) = (&args.check, checked_format) {
        let checked = check(&inputs, path, format, files)?;
        let gate = verdict(&report, args.exit_zero);
        // A stale report and a failed gate each fail the run.
        if matches!(checked, Outcome::GateFailed) { checked } else { gate }
    } else {
        // Every report is rendered before any is put in place: an error in the last leaves none written.
        let mut batch = Batch::new();
        for (format, target) in reports {
            stage(&mut batch, target, &inputs, format, files)?;
        }
        match output {
            Some(target) => stage(&mut batch, target, &inputs, format, files)?,
            None => {
                let printed = match format {
                    Format::Json => print_with(|out| render::report_json_to(&report, out)),
                    Format::Sarif => print_with(|out| sarif(&report, &prefix, out)),
                    Format::Junit => print_with(|out| render::junit_to(report.assessment, &prefix, out)),
                    _ => {
                        let (colour, width) = (ui::colour_stdout(), ui::stdout_width());
                        let bytes = rendered(&inputs, format, render::Options { colour, width, ..files })?;
                        print_with(|out| out.write_all(&bytes))
                    }
                };
                // Once the gate has decided, a report that cannot reach stdout is said, not made the exit code.
                match (printed, &report.gate) {
                    (Ok(()), _) => {}
                    (Err(e), Some(_)) => eprint_line(&format!("aims: warning: cannot write to standard output: {e}")),
                    (Err(e), None) => return Err(stdout_error(e)),
                }
            }
        }
        batch.commit()?;
        verdict(&report, args.exit_zero)
    };
    // The process ends here: freeing a ten-thousand-system workspace piece by piece only costs time.
    drop(report);
    std::mem::forget((workspace, assessment, views, summary));
    Ok(outcome)
}

/// Where `aims gap` writes, decided and checked by the output guard: the `--report` files, the `--output` file, the
/// format of stdout or `--output`, and the format of `--check`'s file.
struct Outputs {
    reports: Vec<(Format, Target)>,
    output: Option<Target>,
    format: Format,
    checked_format: Option<Format>,
}

/// Decides every output of `args` and checks it against the workspace in `dir` (see [`Outputs`]).
fn outputs(dir: &Path, workspace: &Workspace, args: &GapArgs) -> anyhow::Result<Outputs> {
    let mut guard = Guard::new().workspace(dir, Some(workspace));
    if let Some(templates) = &args.template_dir {
        guard = guard.read_folder(templates);
    }
    // Every file's format is decided from the command line and the file names before anything is rendered: an
    // extension aims does not write (`.pdf`) is an error, not a Markdown file under that name.
    let reports: Vec<(Format, Target)> = args
        .report
        .iter()
        .map(|(format, path)| {
            let target = guard.target(path)?;
            Ok((Format::for_path(Some(*format), path)?, target))
        })
        .collect::<anyhow::Result<_>>()?;
    let output = args.output.as_deref().map(|path| guard.target(path)).transpose()?;
    let format = match &args.output {
        Some(path) => Format::for_path(args.format.map(Format::from), path)?,
        None => args.format.map_or_else(stdout_format, Format::from),
    };
    let checked_format = args.check.as_deref().map(Format::from_path).transpose()?;
    Ok(Outputs { reports, output, format, checked_format })
}

/// Says the gate's verdict on stderr and returns the outcome it decides.
fn verdict(report: &assess::Report<'_>, exit_zero: bool) -> Outcome {
    match &report.gate {
        None => Outcome::Success,
        Some(gate) if gate.passed => {
            ui::note(&format!("aims: gate {}", gate.verdict()));
            Outcome::Success
        }
        Some(gate) => {
            eprint_line(&format!("aims: gate {}", gate.verdict()));
            if exit_zero { Outcome::Success } else { Outcome::GateFailed }
        }
    }
}

/// The gate: the command line's flags (the CI job's policy, the floor) combined with aims.toml's `[gate]`, which may
/// only make it stricter (`aims::gate::combine`). Says on stderr when aims.toml's selection gives way to the command
/// line's.
fn gate_policy(catalogue: &Catalogue, settings: &GatePolicy, args: &GapArgs) -> anyhow::Result<GatePolicy> {
    let mut command_line = GatePolicy {
        fail_under: args.fail_under,
        fail_on: args.fail_on.clone().unwrap_or_default(),
        allow_not_assessed: args.allow_not_assessed,
        no_waivers: args.no_waivers,
        waiver_max_months: args.waiver_max_months,
        ..GatePolicy::default()
    };
    for (flag, given, target) in
        [("--select", &args.select, &mut command_line.select), ("--ignore", &args.ignore, &mut command_line.ignore)]
    {
        if let Some(selectors) = given {
            *target = selectors
                .iter()
                .map(|s| catalogue.check_selector(s).map(str::to_string))
                .collect::<Result<_, _>>()
                .map_err(|e| anyhow::anyhow!("{flag} {e}; use an ID or prefix (A.6, 9.2), clauses or controls"))?;
        }
    }
    let policy = aims::gate::combine(&command_line, settings);
    let own_selection = (&settings.select, &settings.ignore);
    let overruled = (&policy.select, &policy.ignore) != own_selection;
    if overruled && policy.is_set() && (!settings.select.is_empty() || !settings.ignore.is_empty()) {
        ui::note(
            "aims: note: the command line's gate decides which requirements it checks; aims.toml's [gate] select and \
             ignore do not apply (docs/ci.md in the aims source)",
        );
    }
    Ok(policy)
}

/// The assessment's warnings (`waiver-unused`: the gap a waiver accepted is gone, so the waiver can go too).
fn warn_unused_waivers(assessment: &Assessment) {
    let colour = ui::colour_stderr();
    for d in assessment.warnings() {
        eprint_line(&d.render(colour));
    }
}

/// `--check FILE`: compares a committed report with what aims would write now. The file is read only as far as
/// the expected report and one byte more (a longer file differs anyway), and only if it is a regular file.
fn check(inputs: &Inputs<'_>, path: &Path, format: Format, options: render::Options<'_>) -> anyhow::Result<Outcome> {
    let expected = rendered(inputs, format, options)?;
    let actual = match aims::input::read_prefix(path, expected.len() as u64 + 1) {
        Ok((bytes, _)) => bytes,
        // No committed report yet: it is out of date, like one that differs.
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            eprint_line(&format!("aims: {} does not exist; write it with --output", path.display()));
            return Ok(Outcome::GateFailed);
        }
        // A file that cannot be read (permissions, a folder, a pipe) is an error, not a difference.
        Err(e) => anyhow::bail!("cannot read {} for --check: {e}", path.display()),
    };
    if actual == expected {
        ui::note(&format!("aims: {} is up to date", path.display()));
        return Ok(Outcome::Success);
    }
    if format.is_binary() {
        eprint_line(&format!("aims: {} is out of date; regenerate it with --output", path.display()));
        return Ok(Outcome::GateFailed);
    }
    eprint_line(&format!("aims: {} is out of date; regenerate it with --output. First differences:", path.display()));
    let (actual, expected) = (String::from_utf8_lossy(&actual), String::from_utf8_lossy(&expected));
    eprint_line(&short_diff(&actual, &expected, 10));
    Ok(Outcome::GateFailed)
}

/// The first `limit` changed lines of two texts, aligned on the lines they share: each line with its number in the
/// committed file and in the report now, `-` for a line only committed, `+` for one only now, and one line of
/// context around each change.
fn short_diff(old: &str, new: &str, limit: usize) -> String {
    let diff = similar::TextDiff::from_lines(old, new);
    let mut out = Vec::new();
    let mut changed = 0;
    'groups: for group in diff.grouped_ops(1) {
        for op in &group {
            for change in diff.iter_changes(op) {
                let sign = match change.tag() {
                    similar::ChangeTag::Equal => ' ',
                    similar::ChangeTag::Delete => '-',
                    similar::ChangeTag::Insert => '+',
                };
                if sign != ' ' {
                    if changed == limit {
                        out.push("  ...".to_string());
                        break 'groups;
                    }
                    changed += 1;
                }
                let text = change.value().trim_end_matches(['\n', '\r']);
                let number = |n: Option<usize>| n.map_or(String::new(), |n| (n + 1).to_string());
                let (was, now) = (number(change.old_index()), number(change.new_index()));
                let line = format!("  {was:>6} {now:>6} {sign} {}", aims::render::escape::terminal(text));
                out.push(line.trim_end().to_string());
            }
        }
    }
    out.join("\n")
}

/// The format on standard output without `--format`: the table for a terminal, Markdown for a pipe.
fn stdout_format() -> Format {
    if std::io::stdout().is_terminal() { Format::Table } else { Format::Markdown }
}

/// Writes the SARIF log as it is composed, and warns on stderr about what code scanning's limits left out.
fn sarif(report: &assess::Report<'_>, prefix: &str, out: &mut dyn std::io::Write) -> std::io::Result<()> {
    let summary = render::sarif_to(report, prefix, out)?;
    for warning in &summary.warnings {
        eprint_line(&format!("aims: warning: {warning}"));
    }
    Ok(())
}

/// The workspace's folder seen from the root of the repository it is in (`compliance/aims/`), for the paths of
/// SARIF, annotations and JUnit: the nearest folder at or above the workspace holding a `.git` entry (a folder, or a
/// file in a worktree or submodule) is the root. Empty when the workspace is the root, when no repository is found,
/// or when the path cannot be written as UTF-8 (`--path-prefix` then says it).
fn repository_prefix(dir: &Path) -> String {
    let Ok(dir) = std::fs::canonicalize(dir) else { return String::new() };
    for root in dir.ancestors() {
        if std::fs::symlink_metadata(root.join(".git")).is_ok() {
            let Ok(inside) = dir.strip_prefix(root) else { return String::new() };
            let parts: Option<Vec<&str>> = inside.components().map(|c| c.as_os_str().to_str()).collect();
            return parts.map_or_else(String::new, |parts| render::path_prefix(&parts.join("/")));
        }
    }
    String::new()
}

/// What the report's formats are rendered from: the report, and for the workbook the catalogue and workspace its
/// Statement of Applicability and plan are built from (or those views, already built).
struct Inputs<'a> {
    catalogue: &'a Catalogue,
    workspace: &'a Workspace,
    report: &'a assess::Report<'a>,
    /// The Statement of Applicability and the plan, when the run built them for its documents.
    views: Option<&'a Views>,
    /// The style of CSV output (`--csv-bom`, `--csv-delimiter`).
    csv: render::CsvStyle,
}

/// The report in `format`, as the bytes of the file: the text of a text format, or the XLSX workbook (whose SoA and
/// plan sheets are built here, from the same assessment).
fn rendered(inputs: &Inputs<'_>, format: Format, options: render::Options<'_>) -> anyhow::Result<Vec<u8>> {
    if format == Format::Xlsx {
        let (built_soa, built_plan);
        let (soa, plan) = match inputs.views {
            Some(Views { soa: Some(soa), plan }) => (soa, plan),
            _ => {
                let (catalogue, workspace, a) = (inputs.catalogue, inputs.workspace, inputs.report.assessment);
                built_soa = aims::views::soa::build(catalogue, workspace, a);
                built_plan = aims::views::plan::build(catalogue, workspace, a);
                (&built_soa, &built_plan)
            }
        };
        // The workbook's Summary sheet speaks from the same executive summary as the documents.
        let summary;
        let options = match options.summary {
            Some(_) => options,
            None => {
                summary = aims::views::summary::build(inputs.workspace, inputs.report.assessment, plan);
                render::Options { summary: Some(&summary), ..options }
            }
        };
        return Ok(render::xlsx::report(inputs.report, soa, plan, options)?);
    }
    Ok(super::interop::styled(render::render(inputs.report, format, options)?.into_bytes(), format, inputs.csv))
}

/// The remediation plan of one assessment, and the Statement of Applicability when the workbook is written, built
/// once per run and shared by the executive summary (Markdown, HTML) and the workbook.
struct Views {
    soa: Option<aims::views::soa::Soa>,
    plan: aims::views::plan::Plan,
}

impl Views {
    /// Builds the plan, and the SoA when `with_soa`; they are independent, so the plan is built on another core
    /// while the SoA is built here.
    fn build(catalogue: &Catalogue, workspace: &Workspace, a: &Assessment, with_soa: bool) -> Views {
        if !with_soa {
            return Views { soa: None, plan: aims::views::plan::build(catalogue, workspace, a) };
        }
        std::thread::scope(|scope| {
            let plan = scope.spawn(|| aims::views::plan::build(catalogue, workspace, a));
            let soa = aims::views::soa::build(catalogue, workspace, a);
            Views { soa: Some(soa), plan: plan.join().unwrap_or_else(|e| std::panic::resume_unwind(e)) }
        })
    }
}

/// Renders the report in `format` into a batch. The JSON report, the largest, the SARIF log and the JUnit XML are
/// written as they are composed; the other formats are composed in full first.
fn stage(
    batch: &mut Batch,
    target: Target,
    inputs: &Inputs<'_>,
    format: Format,
    options: render::Options<'_>,
) -> anyhow::Result<()> {
    let report = inputs.report;
    match format {
        Format::Json => batch.stage(target, |out| render::report_json_to(report, out))?,
        Format::Sarif => batch.stage(target, |out| sarif(report, options.path_prefix, out))?,
        Format::Junit => batch.stage(target, |out| render::junit_to(report.assessment, options.path_prefix, out))?,
        _ => {
            let bytes = rendered(inputs, format, options)?;
            batch.stage(target, |out| out.write_all(&bytes))?;
        }
    }
    Ok(())
}
