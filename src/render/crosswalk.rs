//! The formats of `aims crosswalk`: a terminal table that fits 80 columns, Markdown for people and for GitHub and
//! GitLab, CSV for spreadsheets (JSON is the view itself, [`CrosswalkReport`]), and the links section of
//! `aims controls ID`. Formatting only: every figure comes from the view in [`crate::views::crosswalk`].

use super::table::{WIDTH, right};
use super::{clip, md_cell as cell, percent, plural, wrap};
use crate::eu_ai_act::Applies;
use crate::views::crosswalk::{
    CoverageSummary, CrosswalkFormat, CrosswalkReport, Crosswalks, DateView, GapView, ItemView, LinkView,
    nist_functions,
};
use crate::workspace::Status;

/// `report` in `format`.
pub fn render(report: &CrosswalkReport, format: CrosswalkFormat) -> String {
    match format {
        CrosswalkFormat::Table => table(report),
        CrosswalkFormat::Markdown => markdown(report),
        CrosswalkFormat::Json => super::json(report),
        CrosswalkFormat::Csv => csv(report),
    }
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
    if d.days_remaining > 0 { format!("in {} days", d.days_remaining) } else { "applies".to_string() }
}

/// Items as a terminal table; a system's obligations show whether each applies instead of the link count.
fn items_table(items: &[ItemView], first: &str, obligations: bool, title_width: usize) -> String {
    let header = if obligations {
        vec![first, "Title", "Applies", "Coverage", "Gaps"]
    } else {
        vec![first, "Title", "Links", "Coverage", "Gaps"]
    };
    let mut table = crate::render::table::new(&header);
    for item in items {
        let third = if obligations { applies_label(item.applies).to_string() } else { item.links.len().to_string() };
        table.add_row(vec![
            comfy_table::Cell::new(&item.id),
            comfy_table::Cell::new(clip(&item.title, title_width)),
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

/// The terminal view: fits 80 columns.
pub fn table(r: &CrosswalkReport) -> String {
    let mut out = String::new();
    out.push_str(&format!("{}\n", clip(&format!("{} crosswalk", r.title), WIDTH)));
    out.push_str(&format!("{}\n", clip(&r.organisation, WIDTH)));
    out.push_str(&format!("As of {} · {} (catalogue {})\n\n", r.as_of, r.standard, r.catalogue_version));
    out.push_str(&wrap(&r.notice, WIDTH, "", 0));
    out.push('\n');
    out.push_str(&wrap(&format!("Coverage {}", summary_line(r, &r.summary)), WIDTH, "", 0));
    out.push_str(&items_table(&r.items, &r.item, false, 120));
    out.push_str("Gaps: linked requirements not met: N non-compliant, P partial, ? not assessed.\n");
    out.push_str("Coverage: (C + 0.5 P) / (C + P + N) over the linked requirements; overall: the\naverage.\n");
    if !r.only_in_iso42001.is_empty() {
        let only: Vec<String> = r
            .only_in_iso42001
            .iter()
            .map(|l| format!("{} {} ({})", l.requirement, l.title, letter(l.status)))
            .collect();
        out.push('\n');
        out.push_str(&wrap(&only.join(", "), WIDTH, "Only in ISO/IEC 42001: ", 2));
    }
    if let Some(eu) = &r.eu_ai_act {
        out.push_str("\nHigh-risk AI systems\n");
        if eu.high_risk_systems.is_empty() {
            out.push_str("No in-scope AI system is classified high-risk.\n");
        }
        for s in &eu.high_risk_systems {
            out.push('\n');
            out.push_str(&wrap(&format!("{}: {}", s.id, s.name), WIDTH, "", 2));
            out.push_str(&wrap(&format!("EU AI Act role {} · {}", s.role.label(), s.classification), WIDTH, "", 2));
            if let Some(d) = &s.applies_from {
                out.push_str(&wrap(
                    &format!("Obligations apply from {}, {} after {} ({}).", d.date, days(d), r.as_of, d.status_text),
                    WIDTH,
                    "",
                    2,
                ));
            }
            out.push_str(&format!("Obligations supported {}\n", percent(s.coverage)));
            out.push_str(&items_table(&s.obligations, "Article", true, 120));
            for note in &s.notes {
                out.push_str(&wrap(note, WIDTH, "- ", 2));
            }
        }
        if !eu.other_systems.is_empty() {
            out.push_str("\nOther classified AI systems\n");
            let mut table = crate::render::table::new(&["System", "EU role", "Tier", "Applies from"]);
            for s in &eu.other_systems {
                table.add_row(vec![
                    clip(&s.id, 30),
                    s.role.label().to_string(),
                    s.risk_tier.label().to_string(),
                    s.applies_from.as_ref().map_or("–".to_string(), |d| d.date.to_string()),
                ]);
            }
            out.push_str(&format!("{table}\n"));
        }
        out.push('\n');
        out.push_str(&wrap(&format!("Dates: {}", eu.date_set), WIDTH, "", 2));
        let mut table = crate::render::table::new(&["Date", "What applies", "Status", "When"]);
        for d in &eu.dates {
            table.add_row(vec![d.date.to_string(), d.what.clone(), d.status.replace('_', " "), when(d)]);
        }
        out.push_str(&format!("{table}\n"));
    }
    out.push_str("\nWhere ISO/IEC 42001 is weak\n");
    for w in &r.weak_spots {
        out.push_str(&wrap(w, WIDTH, "- ", 2));
    }
    out.push_str("\nSources\n");
    for s in &r.sources {
        out.push_str(&wrap(s, WIDTH, "- ", 2));
    }
    out.push_str("\nDetails: --format markdown or json. Coverage is explained in docs/crosswalk.md.\n");
    out
}

fn days(d: &DateView) -> String {
    match d.days_remaining {
        1 => "1 day".to_string(),
        n if n > 0 => format!("{n} days"),
        0 => "0 days".to_string(),
        n => format!("{} days before", -n),
    }
}

/// Makes text safe inside a Markdown table cell.
fn marked(links: &[LinkView]) -> String {
    links.iter().map(|l| format!("{} {}", l.requirement, super::mark(l.status))).collect::<Vec<_>>().join(", ")
}

fn gap_list(gaps: &[GapView]) -> String {
    if gaps.is_empty() {
        return "none".to_string();
    }
    gaps.iter()
        .map(|g| format!("{} ({})", g.requirement, g.status.label().to_lowercase()))
        .collect::<Vec<_>>()
        .join(", ")
}

fn markdown_items<'a>(
    out: &mut String,
    r: &CrosswalkReport,
    items: impl IntoIterator<Item = &'a ItemView>,
    with_applies: bool,
) {
    let applies = if with_applies { " Applies |" } else { "" };
    let rule = if with_applies { "---|" } else { "" };
    out.push_str(&format!(
        "| {} | Title |{applies} Coverage | Supporting ISO/IEC 42001 requirements | Gaps |\n|---|---|{rule}---:|---|---|\n",
        r.item
    ));
    for item in items {
        let mut support = marked(&item.links);
        if !item.also.is_empty() {
            support.push_str(&format!("; *also cited, not counted:* {}", marked(&item.also)));
        }
        let applies = if with_applies { format!(" {} |", applies_label(item.applies)) } else { String::new() };
        out.push_str(&format!(
            "| {} | {} |{applies} {} | {} | {} |\n",
            item.id,
            cell(&item.title),
            percent(item.coverage),
            if support.is_empty() { "–".to_string() } else { support },
            gap_list(&item.gaps)
        ));
    }
}

const LEGEND: &str = "Marks: ✅ compliant, ◐ partially compliant, ❌ non-compliant, – not applicable, ? not assessed.";

/// The Markdown view, for people and for GitHub and GitLab.
pub fn markdown(r: &CrosswalkReport) -> String {
    let mut out = format!("# {} crosswalk\n\n", r.title);
    out.push_str("| | |\n|---|---|\n");
    out.push_str(&format!("| **Organisation** | {} |\n", cell(&r.organisation)));
    out.push_str(&format!("| **Assessed as of** | {} |\n", r.as_of));
    out.push_str(&format!("| **Standard** | {} (aims catalogue {}) |\n", r.standard, r.catalogue_version));
    out.push_str(&format!("| **Compared with** | {} |\n", r.title));
    out.push_str(&format!("| **Coverage** | {} |\n\n", summary_line(r, &r.summary)));
    out.push_str(&format!("> {}\n\n", r.notice));
    out.push_str("## Where ISO/IEC 42001 is weak\n\n");
    for w in &r.weak_spots {
        out.push_str(&format!("- {w}\n"));
    }
    out.push_str(&format!("\n## {}\n\n{}\n\n{LEGEND}\n\n", plural(&r.item, 2), r.coverage_definition));
    if r.framework == "nist-ai-rmf" {
        for function in nist_functions(&r.items) {
            out.push_str(&format!("### {}\n\nCoverage {}\n\n", function.name, summary_line(r, &function.summary)));
            markdown_items(&mut out, r, function.items, false);
            out.push('\n');
        }
        out.push_str("Subcategory titles are aims's own short paraphrases; read NIST AI 100-1 for the outcomes.\n");
    } else {
        markdown_items(&mut out, r, &r.items, false);
    }
    let notes: Vec<&ItemView> = r.items.iter().filter(|i| i.note.is_some()).collect();
    if !notes.is_empty() {
        out.push_str("\nNotes:\n\n");
        for i in notes {
            out.push_str(&format!("- **{}:** {}\n", i.id, i.note.as_deref().unwrap_or_default()));
        }
    }
    if !r.only_in_iso42001.is_empty() {
        out.push_str("\n### Only in ISO/IEC 42001\n\n| Clause | Title | Status |\n|---|---|---|\n");
        for l in &r.only_in_iso42001 {
            out.push_str(&format!(
                "| {} | {} | {} {} |\n",
                l.requirement,
                cell(&l.title),
                super::mark(l.status),
                l.status.label()
            ));
        }
    }
    if let Some(eu) = &r.eu_ai_act {
        out.push_str("\n## High-risk AI systems\n\n");
        if eu.high_risk_systems.is_empty() {
            out.push_str("No in-scope AI system is classified high-risk.\n");
        }
        for s in &eu.high_risk_systems {
            out.push_str(&format!("### `{}` {}\n\n", s.id, s.name));
            out.push_str(&format!("- **EU AI Act role:** {}\n", s.role.label()));
            out.push_str(&format!("- **Classification:** {}\n", cell(&s.classification)));
            if let Some(d) = &s.applies_from {
                let original = d.original.map_or(String::new(), |o| format!("; originally {o}"));
                out.push_str(&format!(
                    "- **Obligations apply from:** {} ({} after {}): {} ({}{original})\n",
                    d.date,
                    days(d),
                    r.as_of,
                    d.what,
                    d.status_text
                ));
            }
            if let Some(h) = &s.human_oversight {
                out.push_str(&format!("- **Human oversight (system file):** {}\n", cell(h)));
            }
            out.push_str(&format!("- **Obligations supported:** {}\n\n", percent(s.coverage)));
            if s.obligations.is_empty() {
                out.push_str("No obligation of this role is in the crosswalk data.\n\n");
            } else {
                markdown_items(&mut out, r, &s.obligations, true);
                out.push('\n');
            }
            for n in &s.notes {
                out.push_str(&format!("- {n}\n"));
            }
            if !s.notes.is_empty() {
                out.push('\n');
            }
        }
        if !eu.other_systems.is_empty() {
            out.push_str("## Other classified AI systems\n\n| System | Name | EU AI Act role | Risk tier | Applies from | Note |\n|---|---|---|---|---|---|\n");
            for s in &eu.other_systems {
                out.push_str(&format!(
                    "| `{}` | {} | {} | {} | {} | {} |\n",
                    s.id,
                    cell(&s.name),
                    s.role.label(),
                    s.risk_tier.label(),
                    s.applies_from.as_ref().map_or("–".to_string(), |d| d.date.to_string()),
                    cell(&s.note)
                ));
            }
            out.push('\n');
        }
        out.push_str(&format!("## Dates\n\nDate set: {}.\n\n", eu.date_set));
        out.push_str("| Date | What applies | Status | Days after the as-of date |\n|---|---|---|---:|\n");
        for d in &eu.dates {
            let original = d.original.map_or(String::new(), |o| format!(" (originally {o})"));
            out.push_str(&format!(
                "| {} | {}{original} | {} | {} |\n",
                d.date,
                cell(&d.what),
                cell(&d.status_text),
                if d.days_remaining > 0 { d.days_remaining.to_string() } else { "applies".to_string() }
            ));
        }
    }
    out.push_str("\n## Sources\n\n");
    for s in &r.sources {
        out.push_str(&format!("- {s}\n"));
    }
    out.push_str(&format!(
        "\n---\n\nGenerated by aims {}. Requirement IDs and short titles are those of {}; all other wording is aims's \
         own. This is an alignment view, not an assessment of conformity with {}.\n",
        env!("CARGO_PKG_VERSION"),
        r.standard,
        r.title
    ));
    out
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
    if let Some(eu) = &r.eu_ai_act {
        for s in &eu.high_risk_systems {
            items(&s.id, &s.obligations);
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
