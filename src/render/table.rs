//! Terminal tables: the one comfy-table factory every terminal view uses ([`new`]), and the terminal view of the gap
//! report: the summary, the scores per group and the gaps, fitting the terminal's width.

use comfy_table::{Cell, CellAlignment, ContentArrangement, Table, presets::UTF8_FULL_CONDENSED};

use super::escape::terminal;
use super::{clip_words, percent};
use crate::assess::Report;
use crate::workspace::{LifecycleStage, Status};

/// The width of a terminal view written to a file, or printed when the terminal's width is unknown, in columns.
pub const WIDTH: usize = 80;

/// A table with `header` that fits `width` columns: condensed UTF-8 box lines, columns sized to the content and
/// wrapped between words when the content is wider (comfy-table measures Unicode widths). Every terminal table of
/// aims starts here, so they all look alike.
pub fn new(header: &[&str], width: usize) -> Table {
    let mut table = Table::new();
    table
        .load_style(UTF8_FULL_CONDENSED)
        .set_content_arrangement(ContentArrangement::Dynamic)
        .set_width(u16::try_from(width).unwrap_or(u16::MAX))
        .set_header(header.iter().map(Cell::new));
    table
}

/// A length for clipped text in a table `width` columns wide: `at_80` at 80 columns, in proportion beyond.
fn scaled(at_80: usize, width: usize) -> usize {
    at_80 * width.max(WIDTH) / WIDTH
}

/// A right-aligned cell, for figures.
pub fn right(text: String) -> Cell {
    Cell::new(text).set_alignment(CellAlignment::Right)
}

/// The gap report for a terminal `width` columns wide: title, overall score and counts, scores per group, per unit
/// (when systems name one), per active in-scope system (retired ones are listed apart, without a score), the unmet
/// requirements with their first finding (and, for a per-system one, how its systems stand), the per-system controls
/// not yet due, and the gate verdict. Long text is shortened between words, never inside one. `colour` adds ANSI bold
/// to the headlines. Text from the workspace goes through [`terminal`], so the only escape sequences are that bold.
pub fn table(report: &Report<'_>, colour: bool, width: usize) -> String {
    let a = report.assessment;
    let (bold, reset) = if colour { ("\x1b[1m", "\x1b[0m") } else { ("", "") };
    let c = &a.summary.counts;
    let mut out = String::new();
    out.push_str(&format!("{bold}{}{reset}\n", clip_words(&terminal(&a.title), width)));
    out.push_str(&format!("{}\n", clip_words(&terminal(&a.organisation.name), width)));
    out.push_str(&format!("As of {} · {} (catalogue {})\n\n", a.as_of, a.catalogue.standard, a.catalogue.version));
    out.push_str(&format!(
        "{bold}Overall score {}{reset}\nCompliant {} · partial {} · non-compliant {} · n/a {} · not assessed {}\n\n",
        percent(a.summary.score),
        c.compliant,
        c.partially_compliant,
        c.non_compliant,
        c.not_applicable,
        c.not_assessed
    ));

    let mut groups = new(&["Group", "Title", "Score", "C", "P", "N", "?"], width);
    for g in &a.groups {
        groups.add_row(vec![
            Cell::new(&g.id),
            Cell::new(clip_words(&terminal(&g.title), scaled(40, width))),
            right(percent(g.score)),
            right(g.counts.compliant.to_string()),
            right(g.counts.partially_compliant.to_string()),
            right(g.counts.non_compliant.to_string()),
            right(g.counts.not_assessed.to_string()),
        ]);
    }
    out.push_str(&groups.to_string());
    out.push('\n');

    if !a.units.is_empty() {
        out.push('\n');
        // Active and retired systems in scope apart, as the documents count them.
        let mut table = new(&["Unit", "Active", "Retired", "Score", "C", "P", "N"], width);
        for u in &a.units {
            // Units inside another are indented under it.
            let name = match &u.unit {
                Some(_) => format!("{}{}", "  ".repeat(u.depth), terminal(&u.name)),
                None => u.name.clone(),
            };
            table.add_row(vec![
                Cell::new(clip_words(&name, scaled(32, width))),
                right((u.systems_in_scope - u.systems_retired).to_string()),
                right(u.systems_retired.to_string()),
                right(percent(u.score)),
                right(u.counts.compliant.to_string()),
                right(u.counts.partially_compliant.to_string()),
                right(u.counts.non_compliant.to_string()),
            ]);
        }
        out.push_str(&table.to_string());
        out.push('\n');
    }

    // Retired systems stay in scope (the JSON's `summary.systems_in_scope` counts them) but no per-system control
    // applies to them: they are listed apart, as in the documents, not as systems with a score.
    // By unit, then ID, as every list of systems.
    let order = crate::assess::units::SystemOrder::of(&a.systems);
    let mut in_scope: Vec<_> = a.systems.iter().filter(|s| s.in_scope).collect();
    in_scope.sort_by(|x, y| order.cmp(&x.id, &y.id));
    let (active, retired): (Vec<_>, Vec<_>) =
        in_scope.into_iter().partition(|s| s.lifecycle_stage != LifecycleStage::Retired);
    if !active.is_empty() {
        out.push('\n');
        let mut table = new(&["System", "Role", "Score", "C", "P", "N"], width);
        for s in active {
            table.add_row(vec![
                Cell::new(clip_words(&terminal(&s.id), scaled(32, width))),
                Cell::new(s.ai_role.as_str()),
                right(percent(s.score)),
                right(s.counts.compliant.to_string()),
                right(s.counts.partially_compliant.to_string()),
                right(s.counts.non_compliant.to_string()),
            ]);
        }
        out.push_str(&table.to_string());
        out.push('\n');
    }
    if !retired.is_empty() {
        let ids: Vec<String> = retired.iter().map(|s| clip_words(&terminal(&s.id), scaled(32, width))).collect();
        let line =
            format!("Retired AI systems, not scored (no per-system control applies to them): {}", ids.join(", "));
        out.push_str(&format!("\n{}\n", wrap_words(&line, width)));
    }

    let gaps: Vec<_> = a.requirements.iter().filter(|r| r.status.is_gap()).collect();
    if !gaps.is_empty() {
        out.push('\n');
        let mut table = new(&["Requirement", "Status", "First finding"], width);
        for r in gaps {
            let status = match (r.status, r.waived) {
                (_, true) => "waived",
                (Status::PartiallyCompliant, _) => "partial",
                (Status::NonCompliant, _) => "non-compliant",
                _ => "not assessed",
            };
            let mut finding = r.headline_finding().map_or(String::new(), |f| {
                let more = if r.findings.len() > 1 { format!(" (+{})", r.findings.len() - 1) } else { String::new() };
                format!("{}{more}", clip_words(&terminal(&f.message), scaled(70, width)))
            });
            // A per-system requirement's status is its weakest system's: say how many systems are behind it.
            if let Some(systems) = r.system_summary() {
                finding = format!("{}\n{finding}", clip_words(&systems, scaled(70, width)));
            }
            table.add_row(vec![Cell::new(&r.id), Cell::new(status), Cell::new(finding)]);
        }
        out.push_str(&table.to_string());
        out.push('\n');
    }
    if !a.summary.not_yet_due.is_empty() {
        out.push_str(&format!(
            "\nNot yet due at the systems' life-cycle stages (left out of the score): {}\n",
            a.summary.not_yet_due.join(", ")
        ));
    }
    if let Some(gate) = &report.gate {
        out.push_str(&format!("\n{bold}Gate {}{reset}\n", terminal(&gate.verdict())));
    }
    out.push_str("\nFull report: --format markdown. Explain a code: aims explain CODE\n");
    out
}

/// `text` broken between words into lines of at most `width` columns (a word longer than that keeps its own line).
fn wrap_words(text: &str, width: usize) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / width.max(1));
    let mut line = 0;
    for word in text.split(' ').filter(|w| !w.is_empty()) {
        let len = word.chars().count();
        if line > 0 && line + 1 + len > width {
            out.push('\n');
            line = 0;
        } else if line > 0 {
            out.push(' ');
            line += 1;
        }
        out.push_str(word);
        line += len;
    }
    out
}
