//! `aims gap`: assess, evaluate the gate (the flags, which aims.toml's `[gate]` can only make stricter), write the
//! report in one or more formats or compare it with a committed one (`--check`), and say the gate's verdict on stderr.

use std::io::IsTerminal;
use std::path::Path;

use aims::assess::{self, Assessment};
use aims::catalogue::Catalogue;
use aims::date::Date;
use aims::output::{Batch, Guard, Target};
use aims::render::{self, Format};
use aims::workspace::GatePolicy;

use super::args::GapArgs;
use super::{Outcome, colour_on, eprint_line, load_workspace, print_with, stdout_error};

pub fn gap(catalogue: &Catalogue, args: GapArgs) -> anyhow::Result<Outcome> {
    let as_of = args.as_of.unwrap_or_else(Date::today_local);
    let dir = args.dir.as_path();
    let Some(workspace) = load_workspace(catalogue, dir, as_of) else { return Ok(Outcome::Invalid) };
    let policy = gate_policy(catalogue, &workspace.settings.gate, &args)?;
    // Every output is decided and checked before anything is assessed or rendered.
    let mut guard = Guard::new().workspace(dir, Some(&workspace));
    if let Some(templates) = &args.template_dir {
        guard = guard.read_folder(templates);
    }
    let reports: Vec<(Format, Target)> =
        args.report.iter().map(|(format, path)| Ok((*format, guard.target(path)?))).collect::<anyhow::Result<_>>()?;
    let output = args.output.as_deref().map(|path| guard.target(path)).transpose()?;

    let assessment = assess::assess(catalogue, &workspace, as_of);
    let report = assess::Report::new(&assessment, aims::gate::evaluate(catalogue, &assessment, &policy));
    warn_unused_waivers(&assessment);

    let files = render::Options { colour: false, template_dir: args.template_dir.as_deref() };
    let outcome = if let Some(path) = &args.check {
        let checked = check(&report, path, files)?;
        let gate = verdict(&report, args.exit_zero);
        // A stale report and a failed gate each fail the run.
        if matches!(checked, Outcome::GateFailed) { checked } else { gate }
    } else {
        let format = args.format.map_or_else(|| default_format(args.output.as_deref()), Format::from);
        // Every report is rendered before any is put in place: an error in the last leaves none written.
        let mut batch = Batch::new();
        for (format, target) in reports {
            stage(&mut batch, target, &report, format, files)?;
        }
        match output {
            Some(target) => stage(&mut batch, target, &report, format, files)?,
            None => {
                let colour = colour_on(std::io::stdout().is_terminal());
                let printed = match format {
                    Format::Json => print_with(|out| render::report_json_to(&report, out)),
                    _ => {
                        let text = render::render(&report, format, render::Options { colour, ..files })?;
                        print_with(|out| out.write_all(text.as_bytes()))
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
    std::mem::forget((workspace, assessment));
    Ok(outcome)
}

/// Says the gate's verdict on stderr and returns the outcome it decides.
fn verdict(report: &assess::Report<'_>, exit_zero: bool) -> Outcome {
    match &report.gate {
        None => Outcome::Success,
        Some(gate) => {
            eprint_line(&format!("aims: gate {}", gate.verdict()));
            if gate.passed || exit_zero { Outcome::Success } else { Outcome::GateFailed }
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
        eprint_line(
            "aims: note: the command line's gate decides which requirements it checks; aims.toml's [gate] select and \
             ignore do not apply (docs/ci.md)",
        );
    }
    Ok(policy)
}

/// The assessment's warnings (`waiver-unused`: the gap a waiver accepted is gone, so the waiver can go too).
fn warn_unused_waivers(assessment: &Assessment) {
    let colour = colour_on(std::io::stderr().is_terminal());
    for d in assessment.warnings() {
        eprint_line(&d.render(colour));
    }
}

/// `--check FILE`: compares a committed report with what aims would write now. The file is read only as far as
/// the expected report and one byte more (a longer file differs anyway), and only if it is a regular file.
fn check(report: &assess::Report<'_>, path: &Path, options: render::Options<'_>) -> anyhow::Result<Outcome> {
    let format = default_format(Some(path));
    let expected = render::render(report, format, options)?;
    let actual = match aims::input::read_prefix(path, expected.len() as u64 + 1) {
        Ok((bytes, _)) => String::from_utf8_lossy(&bytes).into_owned(),
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
                out.push(format!("  {:>5} - {}", i + 1, aims::render::escape::terminal(a)));
            }
            if let Some(b) = b {
                out.push(format!("  {:>5} + {}", i + 1, aims::render::escape::terminal(b)));
            }
            if out.len() >= limit * 2 {
                out.push("  ...".to_string());
                break;
            }
        }
    }
    out.join("\n")
}

/// The format of `--output FILE` (or `--check FILE`) from its extension; on stdout, the table for a terminal and
/// Markdown for a pipe.
fn default_format(output: Option<&Path>) -> Format {
    match output {
        Some(path) => Format::from_path(path),
        None if std::io::stdout().is_terminal() => Format::Table,
        None => Format::Markdown,
    }
}

/// Renders the report in `format` into a batch. The JSON report, the largest, is written as it is serialised;
/// the other formats are composed in full first.
fn stage(
    batch: &mut Batch,
    target: Target,
    report: &assess::Report<'_>,
    format: Format,
    options: render::Options<'_>,
) -> anyhow::Result<()> {
    match format {
        Format::Json => batch.stage(target, |out| render::report_json_to(report, out))?,
        _ => {
            let text = render::render(report, format, options)?;
            batch.stage(target, |out| out.write_all(text.as_bytes()))?;
        }
    }
    Ok(())
}
