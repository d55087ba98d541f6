//! The documents derived from an assessment: `aims soa`, `aims plan`, `aims crosswalk` and `aims diff`. Each loads
//! and assesses a workspace (or, for `diff`, reads a JSON report), builds its view and renders it.

use std::io::IsTerminal;
use std::path::Path;

use aims::assess::Assessment;
use aims::catalogue::Catalogue;
use aims::date::Date;
use aims::render;
use aims::views::diff::ReportView;
use aims::workspace::Workspace;

use super::args::{CrosswalkFormat, DiffFormat, DocumentArgs};
use aims::output::Guard;

use super::{Outcome, binary_to_terminal, load_and_assess, print, ui, workspace_dir, write_document};

/// `aims soa`: the Statement of Applicability.
pub fn soa(catalogue: &Catalogue, args: &DocumentArgs) -> anyhow::Result<Outcome> {
    document(catalogue, "soa", args, |ws, a, format, options| {
        let soa = aims::views::soa::build(catalogue, ws, a);
        let plan = aims::views::plan::build(catalogue, ws, a);
        let summary = aims::views::summary::build(ws, a, &plan);
        if format == render::Format::Xlsx {
            return Ok(render::xlsx::soa(&soa, a, render::Options { summary: Some(&summary), ..options })?);
        }
        Ok(aims::views::soa::render(&soa, format, render::Options { summary: Some(&summary), ..options })?.into_bytes())
    })
}

/// `aims plan`: the remediation plan.
pub fn plan(catalogue: &Catalogue, args: &DocumentArgs) -> anyhow::Result<Outcome> {
    document(catalogue, "plan", args, |ws, a, format, options| {
        let plan = aims::views::plan::build(catalogue, ws, a);
        let summary = aims::views::summary::build(ws, a, &plan);
        if format == render::Format::Xlsx {
            return Ok(render::xlsx::plan(&plan, a, render::Options { summary: Some(&summary), ..options })?);
        }
        Ok(aims::views::plan::render(&plan, format, render::Options { summary: Some(&summary), ..options })?
            .into_bytes())
    })
}

/// `aims soa` and `aims plan`: load, assess, build the document, write it (`build` returns the file's bytes).
fn document(
    catalogue: &Catalogue,
    verb: &str,
    args: &DocumentArgs,
    build: impl Fn(&Workspace, &Assessment, render::Format, render::Options<'_>) -> anyhow::Result<Vec<u8>>,
) -> anyhow::Result<Outcome> {
    let as_of = args.as_of.unwrap_or_else(Date::today_local);
    if args.output.is_none() {
        binary_to_terminal(args.format.map_or(render::Format::Markdown, Into::into), verb)?;
    }
    let dir = workspace_dir(verb, args.dir.clone())?;
    let Some((workspace, assessment)) = load_and_assess(catalogue, &dir, as_of) else {
        return Ok(Outcome::Invalid);
    };
    let mut guard = Guard::new().workspace(&dir, Some(&workspace));
    if let Some(templates) = &args.template_dir {
        guard = guard.read_folder(templates);
    }
    // The target is checked before the document is built.
    if let Some(path) = &args.output {
        guard.target(path)?;
    }
    let format = match (args.format, &args.output) {
        // An extension that names no format of the document (`.sarif`) is refused by the library, not replaced; one
        // that names no format aims writes (`.pdf`) is refused here, before anything is built.
        (format, Some(path)) => match render::Format::for_path(format.map(render::Format::from), path)? {
            render::Format::Table => render::Format::Markdown,
            format => format,
        },
        (Some(format), None) => format.into(),
        (None, None) => render::Format::Markdown,
    };
    let options = render::Options {
        template_dir: args.template_dir.as_deref(),
        audience: args.audience.into(),
        ..render::Options::default()
    };
    let bytes = build(&workspace, &assessment, format, options)?;
    let bytes = super::interop::styled(bytes, format, args.csv.style());
    write_document(&guard, args.output.as_deref(), &bytes)?;
    Ok(Outcome::Success)
}

/// `aims crosswalk`: the assessment through another framework's eyes; the table on a terminal, Markdown through a
/// pipe, unless `format` says.
pub fn crosswalk(
    catalogue: &Catalogue,
    dir: &Path,
    framework: aims::views::crosswalk::Framework,
    format: Option<CrosswalkFormat>,
    as_of: Option<Date>,
    csv: render::CsvStyle,
) -> anyhow::Result<Outcome> {
    use aims::views::crosswalk as view;
    let as_of = as_of.unwrap_or_else(Date::today_local);
    let Some((_, assessment)) = load_and_assess(catalogue, dir, as_of) else {
        return Ok(Outcome::Invalid);
    };
    let terminal = std::io::stdout().is_terminal();
    let text = match format.unwrap_or(if terminal { CrosswalkFormat::Table } else { CrosswalkFormat::Markdown }) {
        // The table is drawn for the terminal's width, which the library's view does not know.
        CrosswalkFormat::Table => {
            let data = view::Crosswalks::bundled()?;
            data.check(catalogue)?;
            let report = view::report(data, &assessment, framework, as_of)?;
            render::crosswalk::table(&report, ui::stdout_width())
        }
        format => String::from_utf8_lossy(&super::interop::styled(
            view::render(catalogue, &assessment, framework, format.into(), as_of)?.into_bytes(),
            format.into(),
            csv,
        ))
        .into_owned(),
    };
    print(&text)?;
    Ok(Outcome::Success)
}

/// `aims diff`: what changed between two assessments.
pub fn diff(
    catalogue: &Catalogue,
    old: &Path,
    new: &Path,
    format: Option<DiffFormat>,
    as_of: Option<Date>,
    fail_on_regression: bool,
) -> anyhow::Result<Outcome> {
    let as_of = as_of.unwrap_or_else(Date::today_local);
    let (Some(old), Some(new)) = (report_view(catalogue, old, as_of)?, report_view(catalogue, new, as_of)?) else {
        return Ok(Outcome::Invalid);
    };
    let d = aims::views::diff::diff(&old, &new);
    let terminal = std::io::stdout().is_terminal();
    let text = match format.unwrap_or(if terminal { DiffFormat::Table } else { DiffFormat::Markdown }) {
        DiffFormat::Json => render::json(&d),
        DiffFormat::Markdown => aims::views::diff::markdown(&d),
        DiffFormat::Table => aims::views::diff::table(&d, ui::stdout_width()),
    };
    print(&text)?;
    Ok(if fail_on_regression && d.regression { Outcome::GateFailed } else { Outcome::Success })
}

/// A JSON report read from a file, or a workspace folder assessed now; `None` when the folder is invalid.
fn report_view(catalogue: &Catalogue, path: &Path, as_of: Date) -> anyhow::Result<Option<ReportView>> {
    if !path.is_dir() {
        return Ok(Some(ReportView::read(path)?));
    }
    let Some((_, assessment)) = load_and_assess(catalogue, path, as_of) else { return Ok(None) };
    Ok(Some(ReportView::from_assessment(&assessment, path)?))
}
