//! The risk heat map of the gap report: the AI risk register counted on the organisation's likelihood ×
//! consequence grid, before and after treatment, side by side, with the acceptance threshold drawn as a thick line
//! between the cells it accepts and those it does not. It draws [`RiskReport::grid`]; it decides nothing.

use std::fmt::Write as _;

use super::svg::{self, text};
use crate::assess::{GridRating, Report, RiskGrid};

/// Side of one cell, in SVG units.
const CELL: f64 = 56.0;
/// Width of the likelihood labels left of the first grid.
const LABELS: f64 = 112.0;
/// Gap between the two grids.
const GAP: f64 = 36.0;
/// Height above the grids (their titles).
const TOP: f64 = 30.0;
/// Fill of a cell the criteria accept, and of one above the threshold.
const ACCEPTED: &str = "#e3f1e1";
const ABOVE: &str = "#f6d5d1";

/// The `risk-heat-map` figure, or `None` when the workspace keeps no risk register or it holds no risk.
pub fn chart(report: &Report<'_>) -> Option<String> {
    let risk = report.assessment.risk.as_ref()?;
    if risk.risks.is_empty() {
        return None;
    }
    let grids =
        [("Before treatment", risk.grid(GridRating::Inherent)), ("After treatment", risk.grid(GridRating::Residual))];
    let cols = risk.criteria.consequence.len() as f64;
    let rows = risk.criteria.likelihood.len() as f64;
    let grid_w = cols * CELL;
    let width = LABELS + 2.0 * grid_w + GAP + 10.0;
    let height = TOP + rows * CELL + 46.0;
    let title = "AI risks by likelihood and consequence, before and after treatment";
    let words: Vec<String> = grids.iter().map(|(label, g)| describe(label, g)).collect();
    let desc = format!(
        "{} A rating above {} (likelihood level × consequence level) is above the acceptance threshold.",
        words.join(" "),
        risk.criteria.accept_up_to
    );
    let mut out = svg::open("risk-heat-map", width, height, title, &desc);
    for (n, (label, grid)) in grids.iter().enumerate() {
        let x0 = LABELS + n as f64 * (grid_w + GAP);
        let _ = writeln!(
            out,
            "<text x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"middle\" font-weight=\"bold\" fill=\"#1f2933\">{}</text>",
            x0 + grid_w / 2.0,
            TOP - 12.0,
            text(label)
        );
        draw(&mut out, grid, x0, n == 0);
    }
    let _ = writeln!(
        out,
        "<text x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"middle\" fill=\"#52606d\" font-size=\"11\">consequence →   \
         (rows: likelihood; thick line: acceptance threshold, red cells above it)</text>",
        width / 2.0,
        height - 6.0
    );
    out.push_str("</svg>\n");
    let caption = "The number of AI risks at each likelihood and consequence, before and after treatment; cells \
                   above the thick line are above the acceptance threshold. The tables below give the same counts.";
    Some(format!(
        "<figure class=\"chart chart-risk-heat-map\" role=\"img\" aria-label=\"{}\">\n{out}<figcaption>{}</figcaption>\n</figure>\n",
        text(title),
        text(caption)
    ))
}

/// One grid's counts in words: "Before treatment, 9 risks rated: likely × major 2, …".
fn describe(label: &str, grid: &RiskGrid) -> String {
    let cells: Vec<String> = grid
        .rows
        .iter()
        .flat_map(|row| {
            row.cells.iter().filter(|c| c.count > 0).map(move |c| {
                let name = grid.consequence.get(c.consequence as usize - 1).map_or("", String::as_str);
                format!("{} × {name} {}", row.name, c.count)
            })
        })
        .collect();
    let unrated = if grid.unrated > 0 { format!(" {} not rated.", grid.unrated) } else { String::new() };
    format!(
        "{label}, {} risk{} rated: {}.{unrated}",
        grid.rated,
        if grid.rated == 1 { "" } else { "s" },
        if cells.is_empty() { "none".to_string() } else { cells.join(", ") }
    )
}

/// The cells of one grid with its left edge at `x0`; the likelihood names on the left when `labels`.
fn draw(out: &mut String, grid: &RiskGrid, x0: f64, labels: bool) {
    // The threshold's segments, drawn over all the cells.
    let mut threshold = String::new();
    for (r, row) in grid.rows.iter().enumerate() {
        let y = TOP + r as f64 * CELL;
        if labels {
            let _ = writeln!(
                out,
                "<text x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"end\" fill=\"#1f2933\" font-size=\"11\">{}</text>",
                x0 - 8.0,
                y + CELL / 2.0 + 4.0,
                text(&row.name)
            );
        }
        for (c, cell) in row.cells.iter().enumerate() {
            let x = x0 + c as f64 * CELL;
            let fill = if cell.above_threshold { ABOVE } else { ACCEPTED };
            let _ = writeln!(
                out,
                "<rect x=\"{x:.1}\" y=\"{y:.1}\" width=\"{CELL:.1}\" height=\"{CELL:.1}\" fill=\"{fill}\" \
                 stroke=\"#ffffff\" stroke-width=\"1\"/>"
            );
            if cell.count > 0 {
                let _ = writeln!(
                    out,
                    "<text x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"middle\" font-size=\"16\" font-weight=\"bold\" \
                     fill=\"#1f2933\">{}</text>",
                    x + CELL / 2.0,
                    y + CELL / 2.0 + 6.0,
                    cell.count
                );
            }
            // The threshold: a thick line where an accepted cell meets one above the threshold, to its right or
            // above it.
            let right = row.cells.get(c + 1).is_some_and(|n| n.above_threshold != cell.above_threshold);
            let up = r > 0 && grid.rows[r - 1].cells.get(c).is_some_and(|n| n.above_threshold != cell.above_threshold);
            if right {
                let _ = writeln!(threshold, "{}", line(x + CELL, y, x + CELL, y + CELL));
            }
            if up {
                let _ = writeln!(threshold, "{}", line(x, y, x + CELL, y));
            }
        }
    }
    out.push_str(&threshold);
    let bottom = TOP + grid.rows.len() as f64 * CELL;
    for (c, name) in grid.consequence.iter().enumerate() {
        let _ = writeln!(
            out,
            "<text x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"middle\" fill=\"#1f2933\" font-size=\"10\">{}</text>",
            x0 + c as f64 * CELL + CELL / 2.0,
            bottom + 14.0,
            text(&crate::render::clip_words(name, 10))
        );
    }
}

fn line(x1: f64, y1: f64, x2: f64, y2: f64) -> String {
    format!("<line x1=\"{x1:.1}\" y1=\"{y1:.1}\" x2=\"{x2:.1}\" y2=\"{y2:.1}\" stroke=\"#1f2933\" stroke-width=\"3\"/>")
}
