//! `aims portfolio`: one summary across many workspaces. Each workspace is loaded and assessed as `aims gap` would,
//! as of the same date; one that does not load has its errors printed on stderr under its folder's name and a row
//! of its own, the others are still summarised, and the run exits 2 at the end.

use std::io::IsTerminal;
use std::path::{Path, PathBuf};

use aims::catalogue::Catalogue;
use aims::date::Date;
use aims::diagnostic::Severity;
use aims::load;
use aims::output::Guard;
use aims::render;
use aims::views::portfolio::{self as view, Entry};

use super::args::{PortfolioArgs, PortfolioFormat};
use super::{Outcome, eprint_line, report_diagnostics, ui, write_document};

/// `aims portfolio DIR... [--list FILE]`.
pub fn portfolio(catalogue: &Catalogue, args: &PortfolioArgs) -> anyhow::Result<Outcome> {
    let as_of = args.as_of.unwrap_or_else(Date::today_local);
    let mut dirs = args.dirs.clone();
    if let Some(list) = &args.list {
        dirs.extend(read_list(list)?);
    }
    if dirs.is_empty() {
        anyhow::bail!(
            "no workspace given\n  = help: name the workspace folders (`aims portfolio DIR...`) or a file listing them \
             (`--list FILE`)"
        );
    }
    let format = format(args)?;
    let mut guard = Guard::new();
    let mut entries = Vec::with_capacity(dirs.len());
    let colour = ui::colour_stderr();
    for dir in &dirs {
        let folder = dir.display().to_string();
        let loaded = load::load(dir, catalogue, as_of);
        for d in loaded.diagnostics.0.iter().filter(|d| d.code == aims::rules::Code::FileNotLoaded) {
            eprint_line(&d.render(colour));
        }
        let Some(workspace) = loaded.workspace else {
            let errors = loaded.diagnostics.count(Severity::Error);
            eprint_line(&format!(
                "aims: workspace {}: {errors} error{}; it is not summarised",
                aims::render::escape::terminal(&folder),
                if errors == 1 { "" } else { "s" }
            ));
            report_diagnostics(&loaded.diagnostics, false);
            guard = guard.workspace(dir, None);
            entries.push(Entry::invalid(folder, errors));
            continue;
        };
        let assessment = aims::assess::assess(catalogue, &workspace, as_of);
        let plan = aims::views::plan::build(catalogue, &workspace, &assessment);
        let summary = aims::views::summary::build(&workspace, &assessment, &plan);
        guard = guard.workspace(dir, Some(&workspace));
        entries.push(Entry::assessed(folder, &assessment, &summary));
    }
    if let Some(path) = &args.output {
        guard.target(path)?;
        if let Some(list) = &args.list
            && same_file(list, path)
        {
            anyhow::bail!(
                "refusing to write the portfolio over the workspace list {}\n  = help: choose another --output file",
                list.display()
            );
        }
    }
    let portfolio = view::build(as_of, entries, args.confidentiality.clone());
    let text = match format {
        PortfolioFormat::Table => view::table(&portfolio, ui::stdout_width()),
        PortfolioFormat::Markdown => view::markdown(&portfolio),
        PortfolioFormat::Html => view::html(&portfolio),
        PortfolioFormat::Json => render::json(&portfolio),
    };
    write_document(&guard, args.output.as_deref(), text.as_bytes())?;
    Ok(if portfolio.invalid > 0 { Outcome::Invalid } else { Outcome::Success })
}

/// The format: `--format`, else the extension of `--output`, else a table on a terminal and Markdown otherwise.
fn format(args: &PortfolioArgs) -> anyhow::Result<PortfolioFormat> {
    if let Some(format) = args.format {
        return Ok(format);
    }
    let Some(path) = &args.output else {
        return Ok(if std::io::stdout().is_terminal() { PortfolioFormat::Table } else { PortfolioFormat::Markdown });
    };
    Ok(match render::Format::for_path(None, path)? {
        render::Format::Html => PortfolioFormat::Html,
        render::Format::Json => PortfolioFormat::Json,
        render::Format::Markdown | render::Format::Table => PortfolioFormat::Markdown,
        other => anyhow::bail!(
            "the portfolio is not written as {other}\n  = help: choose --format table, markdown, html or json"
        ),
    })
}

/// The workspace folders a `--list` file names, one per line; blank lines and `#` comments are skipped, and a
/// relative folder is taken from the list file's folder.
fn read_list(list: &Path) -> anyhow::Result<Vec<PathBuf>> {
    let text = std::fs::read_to_string(list)
        .map_err(|e| anyhow::anyhow!("cannot read the workspace list {}: {e}", list.display()))?;
    let base = list.parent().unwrap_or(Path::new(""));
    Ok(text
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(|l| {
            let p = Path::new(l);
            if p.is_absolute() { p.to_path_buf() } else { base.join(p) }
        })
        .collect())
}

/// Whether `a` and `b` name the same existing file, by any spelling or link.
fn same_file(a: &Path, b: &Path) -> bool {
    matches!((a.canonicalize(), b.canonicalize()), (Ok(a), Ok(b)) if a == b)
}
