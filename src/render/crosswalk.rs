//! The formats of `aims crosswalk`: a terminal table as wide as the terminal, Markdown for people and for GitHub and
//! GitLab, CSV for spreadsheets (JSON is the view itself, [`CrosswalkReport`]), and the links section of
//! `aims controls ID`. Formatting only: every figure comes from the view in [`crate::views::crosswalk`].

use std::path::Path;

use minijinja::context;

use super::escape::terminal;
use super::table::right;
use super::{DocumentError, Format};
use super::{TemplateError, clip_words, markdown_value, percent, plural, render_document, wrap};
use crate::assess::eu_obligations::{EuAiActResult, ObligationResult, ObligationState};
use crate::eu_ai_act::Applies;
use crate::views::crosswalk::{
    CoverageSummary, CrosswalkReport, Crosswalks, DateView, Framework, GapView, ItemView, nist_functions,
};
use crate::workspace::Status;

/// The built-in Markdown template.
const TEMPLATE: &str = include_str!("../../templates/crosswalk.md.j2");

/// `report` in `format`; the Markdown comes from `template_dir/crosswalk.md.j2` when that file exists.
///
/// # Errors
/// [`DocumentError::Template`] from the Markdown template; [`DocumentError::Unsupported`] for a format other than
/// those of [`Format::CROSSWALK`].
pub fn render(report: &CrosswalkReport, format: Format, template_dir: Option<&Path>) -> Result<String, DocumentError> {
    Ok(match format.check("crosswalk", Format::CROSSWALK)? {
        Format::Table => table(report, super::table::WIDTH),
        Format::Markdown => markdown(report, template_dir)?,
        Format::Json => super::json(report),
        _ => csv(report),
    })
}

/// A one-letter status for terminal tables: C, P, N, ? (not assessed), – (not applicable).
fn letter(status: Status) -> &'static str {
    match status {
        Status::Compliant => "C",
        Status::PartiallyCompliant => "P",
        Status::NonCompliant => "N",
        Status::NotAssessed => "?",
        Status::NotApplicable => "–",
    }
}

fn applies_label(applies: Option<Applies>) -> &'static str {
    match applies {
        None | Some(Applies::Yes) => "yes",
        Some(Applies::IfPublicService) => "if public",
        Some(Applies::No) => "no",
    }
}

fn gap_letters(gaps: &[GapView]) -> String {
    gaps.iter().map(|g| format!("{}:{}", g.requirement, letter(g.status))).collect::<Vec<_>>().join(" ")
}

fn when(d: &DateView) -> String {
    if d.days_remaining > 0 {
        let n = usize::try_from(d.days_remaining).unwrap_or(0);
        format!("in {n} {}", crate::render::plural("day", n))
    } else {
        "applies".to_string()
    }
}

/// Items as a terminal table; a system's obligations show whether each applies instead of the link count.
fn items_table(items: &[ItemView], first: &str, obligations: bool, title_width: usize, width: usize) -> String {
    let header = if obligations {
        vec![first, "Title", "Applies", "Coverage", "Gaps"]
    } else {
        vec![first, "Title", "Links", "Coverage", "Gaps"]
    };
    let mut table = crate::render::table::new(&header, width);
    for item in items {
        let third = if obligations { applies_label(item.applies).to_string() } else { item.links.len().to_string() };
        table.add_row(vec![
            comfy_table::Cell::new(&item.id),
            comfy_table::Cell::new(clip_words(&item.title, title_width)),
            if obligations { comfy_table::Cell::new(third) } else { right(third) },
            right(percent(item.coverage)),
            comfy_table::Cell::new(gap_letters(&item.gaps)),
        ]);
    }
    // Titles read better than a wide gap list; the gap list wraps.
    if let Some(column) = table.column_mut(1) {
        column.set_constraint(comfy_table::ColumnConstraint::LowerBoundary(comfy_table::Width::Fixed(28)));
    }
    format!("{table}\n")
}

fn summary_line(r: &CrosswalkReport, summary: &CoverageSummary) -> String {
    format!(
        "{} over {} {}: {} supported, {} partly, {} not supported, {} without a figure.",
        percent(summary.coverage),
        summary.items,
        plural(&r.item.to_lowercase(), summary.items),
        summary.supported,
        summary.partly_supported,
        summary.not_supported,
        summary.no_figure
    )
}

/// The terminal view, `width` columns wide ([`super::table::WIDTH`] in a file). Text from the workspace goes through
/// [`terminal`].
pub fn table(r: &CrosswalkReport, width: usize) -> String {
    let mut out = String::new();
    out.push_str(&format!("{}\n", clip_words(&format!("{} crosswalk", r.title), width)));
    out.push_str(&format!("{}\n", clip_words(&terminal(&r.organisation), width)));
    out.push_str(&format!("As of {} · {} (catalogue {})\n\n", r.as_of, r.standard, r.catalogue_version));
    out.push_str(&wrap(&r.notice, width, "", 0));
    out.push('\n');
    out.push_str(&wrap(&format!("Coverage {}", summary_line(r, &r.summary)), width, "", 0));
    out.push_str(&items_table(&r.items, &r.item, false, 120, width));
    out.push_str("Gaps: linked requirements not met: N non-compliant, P partial, ? not assessed.\n");
    out.push_str("Coverage: (C + 0.5 P) / (C + P + N) over the linked requirements; overall: the\naverage.\n");
    if !r.only_in_iso42001.is_empty() {
        let only: Vec<String> = r
            .only_in_iso42001
            .iter()
            .map(|l| format!("{} {} ({})", l.requirement, l.title, letter(l.status)))
            .collect();
        out.push('\n');
        out.push_str(&wrap(&only.join(", "), width, "Only in ISO/IEC 42001: ", 2));
    }
    if let Some(eu) = &r.eu_ai_act {
        if let Some(o) = &eu.obligations {
            out.push_str(&obligations_text(o, width));
        }
        out.push('\n');
        out.push_str(&wrap(&format!("Dates: {}", eu.date_set), width, "", 2));
        let mut table = crate::render::table::new(&["Date", "What applies", "Status", "When"], width);
        for d in &eu.dates {
            table.add_row(vec![d.date.to_string(), d.what.clone(), d.status.replace('_', " "), when(d)]);
        }
        out.push_str(&format!("{table}\n"));
    }
    out.push_str("\nWhere ISO/IEC 42001 is weak\n");
    for w in &r.weak_spots {
        out.push_str(&wrap(w, width, "- ", 2));
    }
    out.push_str("\nSources\n");
    for s in &r.sources {
        out.push_str(&wrap(s, width, "- ", 2));
    }
    out.push_str("\nDetails: --format markdown or json. Coverage is explained in docs/crosswalk.md.\n");
    out
}

/// The EU AI Act obligations of the assessment as terminal text: the totals, the organisation-wide obligations once,
/// then each system's own, each with its state, date and missing facts.
fn obligations_text(o: &EuAiActResult, width: usize) -> String {
    let mut out = String::from("\nEU AI Act obligations\n");
    out.push_str(&wrap(&format!("{}. {}", o.source, o.notice), width, "", 2));
    let s = &o.summary;
    out.push_str(&wrap(
        &format!(
            "{} {}, {} of them outside ISO/IEC 42001 (act on them directly): {} supported, {} recorded, {} \
             partly supported, {} open; {} already {}. Coverage {}.",
            s.obligations,
            crate::render::plural("obligation", s.obligations),
            s.outside_management_system,
            s.supported,
            s.recorded,
            s.partly_supported,
            s.open,
            s.applies_now,
            if s.applies_now == 1 { "applies" } else { "apply" },
            percent(s.coverage)
        ),
        width,
        "",
        2,
    ));
    let table = |rows: &[ObligationResult]| {
        let mut table = crate::render::table::new(&["Article", "Obligation", "From", "State", "Cover"], width);
        for ob in rows {
            let state = if ob.state == ObligationState::PartlySupported { "partial" } else { ob.state.label() };
            table.add_row(vec![
                clip_words(&ob.article, 14),
                clip_words(&ob.title, 22),
                ob.applies_from.to_string(),
                state.to_string(),
                percent(ob.coverage),
            ]);
        }
        format!("{table}\n")
    };
    let missing = |rows: &[ObligationResult]| -> String {
        let facts: Vec<String> = rows
            .iter()
            .flat_map(|ob| {
                ob.facts.iter().filter(|f| !f.recorded).map(move |f| format!("{} ({})", f.fact.as_str(), ob.article))
            })
            .collect();
        if facts.is_empty() { String::new() } else { wrap(&facts.join(", "), width, "Facts missing: ", 2) }
    };
    if !o.organisation.is_empty() {
        out.push_str("\nOrganisation-wide (listed once)\n");
        out.push_str(&table(&o.organisation));
    }
    for sys in &o.systems {
        out.push('\n');
        out.push_str(&wrap(&terminal(&format!("{}: {}", sys.id, sys.name)), width, "", 2));
        let roles: Vec<&str> = sys.roles.iter().map(|r| r.label()).collect();
        let classes: Vec<&str> = sys.classifications.iter().map(|c| c.label()).collect();
        out.push_str(&wrap(&format!("{} · {}", roles.join(", "), classes.join(", ")), width, "", 2));
        if !sys.obligations.is_empty() {
            out.push_str(&table(&sys.obligations));
            out.push_str(&missing(&sys.obligations));
        }
        for note in &sys.notes {
            out.push_str(&wrap(&terminal(note), width, "- ", 2));
        }
    }
    out
}

/// The Markdown view, for people and for GitHub and GitLab, from the template `crosswalk.md.j2`: built in, or from
/// `template_dir` when that folder holds one.
///
/// # Errors
/// A [`TemplateError`] when the template does not compile or fails while rendering.
pub fn markdown(r: &CrosswalkReport, template_dir: Option<&Path>) -> Result<String, TemplateError> {
    let functions = (r.framework == Framework::NistAiRmf.id()).then(|| nist_functions(&r.items));
    let ctx = context! {
        r => markdown_value(r),
        functions => markdown_value(&functions),
        aims_version => env!("CARGO_PKG_VERSION"),
    };
    render_document("crosswalk.md.j2", TEMPLATE, ctx, template_dir)
}

const CSV_COLUMNS: [&str; 10] = [
    "framework",
    "system",
    "item",
    "item_title",
    "applies",
    "item_coverage",
    "requirement",
    "requirement_title",
    "status",
    "counted",
];

/// One row per link (and per system obligation link for the EU AI Act), for spreadsheets.
pub fn csv(r: &CrosswalkReport) -> String {
    let mut out = String::new();
    let mut row = |fields: [&str; 10]| super::csv::push_row(&mut out, fields.map(str::to_string));
    row(CSV_COLUMNS);
    let mut items = |system: &str, items: &[ItemView]| {
        for item in items {
            let coverage = item.coverage.map_or(String::new(), |c| format!("{c:.1}"));
            let applies = item.applies.map_or("", |a| match a {
                Applies::Yes => "yes",
                Applies::IfPublicService => "if_public_service",
                Applies::No => "no",
            });
            let links = item.links.iter().map(|l| (l, "yes")).chain(item.also.iter().map(|l| (l, "no")));
            let mut any = false;
            for (l, counted) in links {
                any = true;
                row([
                    r.framework,
                    system,
                    &item.id,
                    &item.title,
                    applies,
                    &coverage,
                    &l.requirement,
                    &l.title,
                    l.status.as_str(),
                    counted,
                ]);
            }
            if !any {
                row([r.framework, system, &item.id, &item.title, applies, &coverage, "", "", "", ""]);
            }
        }
    };
    items("", &r.items);
    if let Some(o) = r.eu_ai_act.as_ref().and_then(|eu| eu.obligations.as_ref()) {
        let systems = o.systems.iter().map(|s| (s.id.as_str(), &s.obligations));
        for (system, obligations) in std::iter::once(("", &o.organisation)).chain(systems) {
            for ob in obligations {
                let coverage = ob.coverage.map_or(String::new(), |c| format!("{c:.1}"));
                let title = format!("{} ({}, from {})", ob.title, ob.state.label(), ob.applies_from);
                if ob.support.is_empty() {
                    row([r.framework, system, &ob.article, &title, "yes", &coverage, "", "", "", ""]);
                }
                for sup in &ob.support {
                    row([
                        r.framework,
                        system,
                        &ob.article,
                        &title,
                        "yes",
                        &coverage,
                        &sup.requirement,
                        "",
                        sup.status.as_str(),
                        "yes",
                    ]);
                }
            }
        }
    }
    out
}

/// The "Links to other frameworks" section `aims controls ID` ends with, as Markdown: the items of each framework
/// that requirement `id` links to.
pub fn requirement_links(id: &str) -> String {
    let mut out = String::from("\n## Links to other frameworks\n\n");
    let data = match Crosswalks::bundled() {
        Ok(data) => data,
        Err(e) => {
            out.push_str(&format!("{e}\n"));
            return out;
        }
    };
    out.push_str(
        "Alignment, not conformity: a link says this requirement helps with the other framework's item; meeting \
         it does not show the item met. `aims crosswalk --framework NAME` shows the assessment through each one.\n\n",
    );
    let links = crate::views::crosswalk::links_of(data, id);
    let eu: Vec<String> = links
        .eu_ai_act
        .iter()
        .map(|a| {
            let extra = if a.counted { "" } else { " (cited by some mappings only)" };
            format!("{} {}{extra}", a.article, a.title)
        })
        .collect();
    let iso27001: Vec<String> = links.iso27001.iter().map(|c| format!("{} {}", c.id, c.title)).collect();
    let none = |what: &str| format!("none in the crosswalk data{what}");
    let lines = [
        ("EU AI Act", if eu.is_empty() { none("") } else { eu.join("; ") }),
        ("NIST AI RMF 1.0", if links.nist_ai_rmf.is_empty() { none("") } else { links.nist_ai_rmf.join(", ") }),
        (
            "ISO/IEC 27001:2022",
            if !iso27001.is_empty() {
                iso27001.join("; ")
            } else if id.starts_with("A.") {
                none(" (Annex A of ISO/IEC 27001 is not mapped)")
            } else {
                none(" (a clause only ISO/IEC 42001 has)")
            },
        ),
    ];
    for (name, text) in lines {
        out.push_str(&format!("- **{name}:** {text}\n"));
    }
    out
}
