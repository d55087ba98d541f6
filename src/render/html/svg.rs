//! The chart shapes of the HTML page, drawn as SVG by hand: a radar, stacked bars, a heat map, a timeline in lanes
//! and a list of dated milestones. Each takes numbers and labels the assessment or a view decided and draws them; none
//! computes a score or a status. Every text is escaped ([`text`]); coordinates are written with one decimal, so the
//! same data gives the same bytes.
//!
//! Hand-written rather than drawn with a plotting crate: five small shapes, about as many lines as the code a
//! plotting library needs to be configured with, no fonts or raster backends to build, and full control over the
//! accessibility markup (`<title>`, `<desc>`) and over determinism.

use std::fmt::Write;

use crate::workspace::Status;

/// The fill colour of a status; chosen to stay distinguishable in grey print, with a mark in each heat map cell too.
pub fn colour(status: Status) -> &'static str {
    match status {
        Status::Compliant => "#2e7d32",
        Status::PartiallyCompliant => "#f2a900",
        Status::NonCompliant => "#c62828",
        Status::NotApplicable => "#d5d8dc",
        Status::NotAssessed => "#7b8794",
    }
}

/// The colour of a per-system control not yet due at the system's life-cycle stage.
pub const NOT_YET_DUE: &str = "#cfe3f5";

/// Text for HTML and SVG: `&`, `<`, `>`, `"` and `'` escaped, control characters dropped, and bidirectional
/// embeddings, overrides and isolates shown as U+FFFD like in every other output ([`crate::render::escape::visible`]).
pub fn text(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c if c.is_control() => {}
            c => out.push(crate::render::escape::visible(c)),
        }
    }
    out
}

/// `label` in at most `lines` lines of at most `width` characters, broken between words (never at a no-break
/// space); what does not fit is cut at a word with an ellipsis ([`crate::render::clip_words`]). A word longer than `width` stays whole.
fn wrap(label: &str, width: usize, lines: usize) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    // A no-break space ("Art.\u{a0}14") holds its words together.
    let mut words = label.split(|c: char| c.is_whitespace() && c != '\u{a0}').filter(|w| !w.is_empty()).peekable();
    while let Some(word) = words.next() {
        let fits = out.last().is_some_and(|line| line.chars().count() + 1 + word.chars().count() <= width);
        if fits {
            let line = out.last_mut().expect("a line");
            line.push(' ');
            line.push_str(word);
        } else if out.len() == lines {
            // No room for another line: the rest joins the last one, which is then clipped.
            let last = out.last_mut().expect("lines > 0");
            let rest: Vec<&str> = std::iter::once(word).chain(words.by_ref()).collect();
            *last = crate::render::clip_words(&format!("{last} {}", rest.join(" ")), width);
        } else {
            out.push(word.to_string());
        }
    }
    out
}

/// A label right-aligned at `x` and centred on the height `mid` (font size `font`, in units): wrapped onto at most
/// `lines` lines of `width` characters ([`wrap`]), cut only where it still does not fit, and carrying the whole label
/// as its `<title>` whenever it is not shown on one line as it is (so a pointer or a screen reader has the full name).
pub fn side_label(label: &str, x: f64, mid: f64, width: usize, lines: usize, font: f64) -> String {
    let shown = wrap(label, width, lines);
    let whole = matches!(shown.as_slice(), [line] if *line == label);
    let tip = if whole { String::new() } else { format!("<title>{}</title>", text(label)) };
    let leading = font + 1.0;
    let y = mid + font * 0.35 - (shown.len().max(1) - 1) as f64 * leading / 2.0;
    format!(
        "<text x=\"{x:.1}\" y=\"{y:.1}\" text-anchor=\"end\" fill=\"#1f2933\" font-size=\"{font:.0}\">{tip}{}</text>",
        tspans(&shown, x, leading)
    )
}

/// The `<tspan>` lines of a label written from `x`, each `leading` units below the one before; the first keeps
/// the `<text>`'s own `y`; one line is written as it is.
fn tspans(lines: &[String], x: f64, leading: f64) -> String {
    if let [line] = lines {
        return text(line);
    }
    lines
        .iter()
        .enumerate()
        .map(|(i, line)| {
            let dy = if i == 0 { 0.0 } else { leading };
            format!("<tspan x=\"{x:.1}\" dy=\"{dy:.0}\">{}</tspan>", text(line))
        })
        .collect()
}

/// The opening `<svg>` of a chart `width` × `height` units large, with its `<title>` and `<desc>`; `id` names the
/// title for `aria-labelledby`.
pub fn open(id: &str, width: f64, height: f64, title: &str, desc: &str) -> String {
    format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {width:.0} {height:.0}\" width=\"{width:.0}\" \
         height=\"{height:.0}\" role=\"img\" aria-labelledby=\"{id}-title {id}-desc\" font-family=\"'DejaVu Sans', \
         'Liberation Sans', Arial, sans-serif\" font-size=\"12\">\n<title id=\"{id}-title\">{}</title>\n<desc \
         id=\"{id}-desc\">{}</desc>\n",
        text(title),
        text(desc)
    )
}

/// The line height of a label on two lines, in SVG units (the charts' text is 11-12 units high).
const LEADING: f64 = 13.0;

/// The characters of one line of a radar axis label: the space beside the chart holds about 34 at 12 units.
const RADAR_LABEL: usize = 30;

/// The most characters of a radar label's last line with its score written after it; a longer score ("0.0% (3 of 4
/// assessed)") takes a line of its own, so that no label runs past the chart's edge.
const RADAR_LINE: usize = 34;

/// One axis of a radar chart: its label, its score and the score in words as the table beside the chart gives it.
pub struct Axis {
    /// The label at the end of the axis: "7 Support".
    pub label: String,
    /// The score, 0 to 100 (`None`: nothing assessed, no point).
    pub score: Option<f64>,
    /// The score as the table says it: "75.0%", "100.0% (1 of 2 assessed)", "not assessed".
    pub value: String,
    /// Whether the score covers only some of the axis's applicable requirements: its point is drawn hollow.
    pub partly: bool,
}

/// The fill of the radar's shape, lines and points.
const RADAR_INK: &str = "#1f5f99";

/// The radar's rings, in percent, each labelled.
const RINGS: [f64; 4] = [25.0, 50.0, 75.0, 100.0];

/// A point of a chart, in the SVG's units.
type Point = (f64, f64);

/// How far `(px, py)` lies from the box a ring label centred at `(x, y)` (its baseline) covers: about 6 units a
/// character, 10 tall.
fn ring_label_distance(label: &str, (x, y): Point, (px, py): Point) -> f64 {
    let half = label.chars().count() as f64 * 3.0 + 1.0;
    let dx = (x - half - px).max(px - x - half).max(0.0);
    let dy = (y - 9.0 - py).max(py - y - 2.0).max(0.0);
    dx.hypot(dy)
}

/// Where the radar's ring labels go: along the middle of the gap between two neighbouring axes (`positions(g)` gives
/// the four labels' places in gap `g`), the first gap clockwise from the top where no label comes within 3 units of
/// the scores' lines (`segments`) or points (`points`); when none is that clear, the clearest. A label on an axis,
/// as before, sat on that axis's point and line whenever its score was near the ring.
fn ring_label_places(
    gaps: usize,
    positions: impl Fn(usize) -> [Point; 4],
    segments: &[(Point, Point)],
    points: &[Point],
) -> [Point; 4] {
    let clearance = |g: usize| -> f64 {
        let mut least = f64::INFINITY;
        for (ring, place) in RINGS.iter().zip(positions(g)) {
            let label = format!("{ring:.0}%");
            for &(p, q) in segments {
                for k in 0..=60 {
                    let t = f64::from(k) / 60.0;
                    let at = (p.0 + (q.0 - p.0) * t, p.1 + (q.1 - p.1) * t);
                    least = least.min(ring_label_distance(&label, place, at) - 1.0);
                }
            }
            for &point in points {
                least = least.min(ring_label_distance(&label, place, point) - 4.5);
            }
        }
        least
    };
    let best = (0..gaps)
        .find(|g| clearance(*g) >= 3.0)
        .unwrap_or_else(|| (0..gaps).fold(0, |best, g| if clearance(g) > clearance(best) { g } else { best }));
    positions(best)
}

/// A radar chart of scores from 0 to 100%, one axis per entry, clockwise from the top; rings at 25, 50, 75 and 100%.
/// Each axis is labelled with its name and [`Axis::value`], wrapped onto lines that stay inside the chart. A scored
/// axis has a point (hollow when [`Axis::partly`]); an axis without a score has none. When every axis has a score,
/// the points form a shaded shape; otherwise only neighbouring points are joined, so that no line passes through an
/// axis that has no score. A legend below says what the hollow points and the missing ones mean, when there are any.
pub fn radar(id: &str, title: &str, desc: &str, axes: &[Axis]) -> String {
    let partly = axes.iter().any(|a| a.score.is_some() && a.partly);
    let missing = axes.iter().any(|a| a.score.is_none());
    let legend = partly || missing;
    let (width, cx, cy, radius) = (800.0, 400.0, 215.0, 140.0);
    let height = if legend { 450.0 } else { 425.0 };
    let mut out = open(id, width, height, title, desc);
    let n = axes.len().max(1) as f64;
    let at = |i: usize, r: f64| {
        let angle = -std::f64::consts::FRAC_PI_2 + i as f64 * std::f64::consts::TAU / n;
        (cx + r * angle.cos(), cy + r * angle.sin())
    };
    for ring in RINGS {
        let points: Vec<String> = (0..axes.len())
            .map(|i| {
                let (x, y) = at(i, radius * ring / 100.0);
                format!("{x:.1},{y:.1}")
            })
            .collect();
        let _ = writeln!(
            out,
            "<polygon points=\"{}\" fill=\"none\" stroke=\"#c9ced6\" stroke-width=\"1\"/>",
            points.join(" ")
        );
    }
    // The rings' labels, with a white halo, where the scores' lines (the shape's edges, or the lines between
    // neighbouring scored points) and points leave them room.
    let point = |i: usize, s: f64| at(i, radius * s.clamp(0.0, 100.0) / 100.0);
    let points: Vec<(f64, f64)> = axes.iter().enumerate().filter_map(|(i, a)| Some(point(i, a.score?))).collect();
    let all_scored = axes.iter().all(|a| a.score.is_some());
    let segments: Vec<(Point, Point)> = (0..axes.len())
        .filter(|_| axes.len() > 1)
        .filter_map(|i| {
            let j = (i + 1) % axes.len();
            Some((point(i, axes[i].score?), point(j, axes[j].score?)))
        })
        .collect();
    let half = std::f64::consts::PI / n;
    let places = if axes.len() < 3 {
        RINGS.map(|ring| (cx + 14.0, at(0, radius * ring / 100.0).1 - 3.0))
    } else {
        let positions = |g: usize| {
            let angle = -std::f64::consts::FRAC_PI_2 + (g as f64 + 0.5) * 2.0 * half;
            RINGS.map(|ring| {
                let r = radius * ring / 100.0 * half.cos();
                (cx + r * angle.cos(), cy + r * angle.sin() + 3.5)
            })
        };
        ring_label_places(axes.len(), positions, &segments, &points)
    };
    for (ring, (x, y)) in RINGS.iter().zip(places) {
        let _ = writeln!(
            out,
            "<text x=\"{x:.1}\" y=\"{y:.1}\" text-anchor=\"middle\" fill=\"#6b7280\" font-size=\"10\" \
             stroke=\"#ffffff\" stroke-width=\"3\" stroke-linejoin=\"round\" paint-order=\"stroke\">{ring:.0}%</text>"
        );
    }
    for (i, axis) in axes.iter().enumerate() {
        let (x, y) = at(i, radius);
        let _ = writeln!(out, "<line x1=\"{cx:.1}\" y1=\"{cy:.1}\" x2=\"{x:.1}\" y2=\"{y:.1}\" stroke=\"#c9ced6\"/>");
        let (lx, ly) = at(i, radius + 16.0);
        let anchor = if (lx - cx).abs() < 4.0 {
            "middle"
        } else if lx > cx {
            "start"
        } else {
            "end"
        };
        let (above, below) = (ly < cy - radius * 0.9, ly > cy + radius * 0.9);
        let dy = if above {
            -4.0
        } else if below {
            12.0
        } else {
            4.0
        };
        // The label's lines, the score bold after the last one when it fits there, else on a line of its own; a
        // label above or below the chart is centred and has more room.
        let line = if anchor == "middle" { RADAR_LINE + 10 } else { RADAR_LINE };
        let mut lines: Vec<(String, Option<&str>)> =
            wrap(&axis.label, RADAR_LABEL, 2).into_iter().map(|l| (l, None)).collect();
        match lines.last_mut() {
            Some(last) if last.0.chars().count() + 1 + axis.value.chars().count() <= line => {
                last.1 = Some(&axis.value);
            }
            _ => lines.push((String::new(), Some(&axis.value))),
        }
        // The lines grow away from the chart: upwards above it, centred beside it, downwards below it.
        let extra = (lines.len() - 1) as f64 * LEADING;
        let shift = if above {
            extra
        } else if below {
            0.0
        } else {
            extra / 2.0
        };
        let markup: String = lines
            .iter()
            .enumerate()
            .map(|(k, (plain, value))| {
                let value = value.map_or_else(String::new, |v| {
                    let space = if plain.is_empty() { "" } else { " " };
                    format!("{space}<tspan font-weight=\"bold\">{}</tspan>", text(v))
                });
                if lines.len() == 1 {
                    format!("{}{value}", text(plain))
                } else {
                    let dy = if k == 0 { 0.0 } else { LEADING };
                    format!("<tspan x=\"{lx:.1}\" dy=\"{dy:.0}\">{}{value}</tspan>", text(plain))
                }
            })
            .collect();
        let _ = writeln!(
            out,
            "<text x=\"{lx:.1}\" y=\"{:.1}\" text-anchor=\"{anchor}\" fill=\"#1f2933\">{markup}</text>",
            ly + dy - shift
        );
    }
    if all_scored {
        let points: Vec<String> = axes
            .iter()
            .enumerate()
            .map(|(i, a)| {
                let (x, y) = point(i, a.score.unwrap_or(0.0));
                format!("{x:.1},{y:.1}")
            })
            .collect();
        let _ = writeln!(
            out,
            "<polygon points=\"{}\" fill=\"{RADAR_INK}\" fill-opacity=\"0.22\" stroke=\"{RADAR_INK}\" \
             stroke-width=\"2\"/>",
            points.join(" ")
        );
    } else if axes.len() > 1 {
        for (i, a) in axes.iter().enumerate() {
            let j = (i + 1) % axes.len();
            if let (Some(s), Some(t)) = (a.score, axes[j].score) {
                let ((x1, y1), (x2, y2)) = (point(i, s), point(j, t));
                let _ = writeln!(
                    out,
                    "<line x1=\"{x1:.1}\" y1=\"{y1:.1}\" x2=\"{x2:.1}\" y2=\"{y2:.1}\" stroke=\"{RADAR_INK}\" \
                     stroke-width=\"2\"/>"
                );
            }
        }
    }
    for (i, axis) in axes.iter().enumerate() {
        if let Some(s) = axis.score {
            let (x, y) = point(i, s);
            let _ = writeln!(
                out,
                "<circle cx=\"{x:.1}\" cy=\"{y:.1}\" {}><title>{}: {}</title></circle>",
                radar_point(axis.partly),
                text(&axis.label),
                text(&axis.value)
            );
        }
    }
    if legend {
        let y = height - 12.0;
        let mut entries = vec![(Some(false), "every applicable requirement assessed")];
        if partly {
            entries.push((Some(true), "partly assessed (score over those assessed)"));
        }
        if missing {
            entries.push((None, "no point: none assessed"));
        }
        // Centred below the chart: a mark 10 units wide, the label at about 6.1 units a character, a gap of 24.
        let entry = |(hollow, label): &(Option<bool>, &str)| {
            (if hollow.is_some() { 10.0 } else { 0.0 }) + label.chars().count() as f64 * 6.1 + 24.0
        };
        let mut x = ((width - entries.iter().map(entry).sum::<f64>() + 24.0) / 2.0).max(10.0);
        for (hollow, label) in entries {
            if let Some(hollow) = hollow {
                let _ = write!(out, "<circle cx=\"{x:.1}\" cy=\"{:.1}\" {}/>", y - 4.0, radar_point(hollow));
                x += 10.0;
            }
            let _ = writeln!(
                out,
                "<text x=\"{x:.1}\" y=\"{y:.1}\" fill=\"#1f2933\" font-size=\"11\">{}</text>",
                text(label)
            );
            x += label.chars().count() as f64 * 6.1 + 24.0;
        }
    }
    out.push_str("</svg>\n");
    out
}

/// The look of a radar point: filled, or hollow (white inside a ring) for a score that covers only part of its axis.
fn radar_point(hollow: bool) -> String {
    if hollow {
        format!("r=\"4.5\" fill=\"#ffffff\" stroke=\"{RADAR_INK}\" stroke-width=\"2\"")
    } else {
        format!("r=\"3.5\" fill=\"{RADAR_INK}\"")
    }
}

/// One bar of a stacked bar chart: its label and a count per status, in the order given.
pub struct Bar {
    /// The label left of the bar.
    pub label: String,
    /// The segments: a status (for the colour) and how many.
    pub segments: Vec<(Status, usize)>,
}

/// Horizontal bars, each split by status in proportion to its counts, with the count written in every segment wide
/// enough, and a legend of `legend` (a status and its label) below.
pub fn stacked_bars(id: &str, title: &str, desc: &str, bars: &[Bar], legend: &[(Status, String)]) -> String {
    let label_width = if bars.iter().all(|b| b.label.is_empty()) { 0.0 } else { 230.0 };
    let width = if label_width > 0.0 { 760.0 } else { 820.0 };
    // Labelled bars (the SoA's objectives) sit close, so that the chart is short enough to share a printed page
    // with the text before it; a label's two lines (12 units apart) still fit the bar and its gap.
    let (bar_height, gap) = if label_width > 0.0 { (20.0, 6.0) } else { (26.0, 10.0) };
    let plot = width - label_width - 10.0;
    let lines = legend_lines(label_width, width - 10.0, legend.iter().map(|l| l.1.as_str()));
    let height = bars.len() as f64 * (bar_height + gap) + 22.0 + lines as f64 * LEGEND_LINE;
    let mut out = open(id, width, height, title, desc);
    for (row, bar) in bars.iter().enumerate() {
        let y = row as f64 * (bar_height + gap) + 4.0;
        if label_width > 0.0 {
            let _ = writeln!(out, "{}", side_label(&bar.label, label_width - 8.0, y + bar_height / 2.0, 36, 2, 11.0));
        }
        let total: usize = bar.segments.iter().map(|s| s.1).sum();
        let mut x = label_width;
        for &(status, count) in &bar.segments {
            if count == 0 || total == 0 {
                continue;
            }
            let w = plot * count as f64 / total as f64;
            let _ = writeln!(
                out,
                "<rect x=\"{x:.1}\" y=\"{y:.1}\" width=\"{w:.1}\" height=\"{bar_height:.1}\" fill=\"{}\" \
                 stroke=\"#ffffff\" stroke-width=\"1\"><title>{}: {count}</title></rect>",
                colour(status),
                text(status.label())
            );
            if w >= 8.0 * count.to_string().len() as f64 + 6.0 {
                let ink = if matches!(status, Status::NotApplicable | Status::PartiallyCompliant) {
                    "#1f2933"
                } else {
                    "#ffffff"
                };
                let _ = writeln!(
                    out,
                    "<text x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"middle\" fill=\"{ink}\" font-weight=\"bold\">{count}</text>",
                    x + w / 2.0,
                    y + bar_height / 2.0 + 4.0
                );
            }
            x += w;
        }
    }
    let y = bars.len() as f64 * (bar_height + gap) + 16.0;
    legend_row(&mut out, label_width, y, width - 10.0, legend.iter().map(|(s, l)| (colour(*s), l.as_str())));
    out.push_str("</svg>\n");
    out
}

/// A legend: a swatch and a label per entry, left to right from `x` at height `y`, wrapping to a new line (18 units
/// lower) before `max_x`.
pub fn legend_row<'a>(
    out: &mut String,
    x: f64,
    y: f64,
    max_x: f64,
    entries: impl IntoIterator<Item = (&'a str, &'a str)>,
) {
    let (start, mut x, mut y) = (x, x, y);
    for (fill, label) in entries {
        if x > start && x + legend_entry_width(label) - 18.0 > max_x {
            x = start;
            y += LEGEND_LINE;
        }
        let _ = writeln!(
            out,
            "<rect x=\"{x:.1}\" y=\"{:.1}\" width=\"12\" height=\"12\" fill=\"{fill}\" stroke=\"#9aa5b1\" \
             stroke-width=\"0.5\"/><text x=\"{:.1}\" y=\"{y:.1}\" fill=\"#1f2933\">{}</text>",
            y - 10.0,
            x + 16.0,
            text(label)
        );
        x += legend_entry_width(label);
    }
}

/// The height of one line of a legend.
const LEGEND_LINE: f64 = 18.0;

/// How many lines [`legend_row`] takes for `labels` between `x` and `max_x`.
fn legend_lines<'a>(x: f64, max_x: f64, labels: impl IntoIterator<Item = &'a str>) -> usize {
    let (mut at, mut lines) = (x, 1);
    for label in labels {
        if at > x && at + legend_entry_width(label) - 18.0 > max_x {
            at = x;
            lines += 1;
        }
        at += legend_entry_width(label);
    }
    lines
}

/// The width a legend entry takes: the swatch, the label at about 6.6 units a character, and a gap.
fn legend_entry_width(label: &str) -> f64 {
    16.0 + label.chars().count() as f64 * 6.6 + 18.0
}

/// One cell of a heat map: a fill colour and the mark written in it (readable without colour).
pub struct Cell {
    /// The fill colour.
    pub fill: &'static str,
    /// The mark: one character.
    pub mark: &'static str,
    /// The cell's tooltip: "Credit scoring model, A.6.2.8: non-compliant".
    pub tip: String,
}

/// A heat map: `rows` (a label and one cell per column) against `columns`, with the column labels turned upwards and
/// a legend below.
pub fn heat_map(
    id: &str,
    title: &str,
    desc: &str,
    columns: &[String],
    rows: &[(String, Vec<Cell>)],
    legend: &[(&'static str, &str)],
) -> String {
    let (cell, label_width, header) = (24.0, 270.0, 70.0);
    let legend_width: f64 = legend.iter().map(|(_, l)| legend_entry_width(l)).sum::<f64>() + 20.0;
    let width = (label_width + columns.len() as f64 * cell + 20.0).max(legend_width);
    let height = header + rows.len() as f64 * cell + 44.0;
    let mut out = open(id, width, height, title, desc);
    for (i, c) in columns.iter().enumerate() {
        let x = label_width + i as f64 * cell + cell / 2.0 + 4.0;
        let _ = writeln!(
            out,
            "<text transform=\"translate({x:.1} {:.1}) rotate(-60)\" fill=\"#1f2933\" font-size=\"11\">{}</text>",
            header - 6.0,
            text(c)
        );
    }
    for (r, (label, cells)) in rows.iter().enumerate() {
        let y = header + r as f64 * cell;
        // A label too long for the margin wraps onto a second line; only what still does not fit is cut, and the whole
        // label is its tooltip.
        let _ = writeln!(out, "{}", side_label(label, label_width - 8.0, y + cell / 2.0, 42, 2, 10.0));
        for (i, c) in cells.iter().enumerate() {
            let x = label_width + i as f64 * cell;
            let ink = if c.fill == colour(Status::PartiallyCompliant)
                || c.fill == colour(Status::NotApplicable)
                || c.fill == NOT_YET_DUE
            {
                "#1f2933"
            } else {
                "#ffffff"
            };
            let _ = writeln!(
                out,
                "<g><title>{}</title><rect x=\"{x:.1}\" y=\"{y:.1}\" width=\"{cell:.1}\" height=\"{cell:.1}\" \
                 fill=\"{}\" stroke=\"#ffffff\" stroke-width=\"2\"/><text x=\"{:.1}\" y=\"{:.1}\" \
                 text-anchor=\"middle\" fill=\"{ink}\" font-size=\"12\">{}</text></g>",
                text(&c.tip),
                c.fill,
                x + cell / 2.0,
                y + cell / 2.0 + 4.5,
                c.mark
            );
        }
    }
    let y = header + rows.len() as f64 * cell + 26.0;
    legend_row(&mut out, 10.0, y, width - 10.0, legend.iter().map(|(f, l)| (*f, *l)));
    out.push_str("</svg>\n");
    out
}

/// One lane of a timeline: its label, its dated items (a date in days since 1970, whether it is late, a tooltip)
/// and how many items have no date.
pub struct Lane {
    /// The lane's label: "Before the stage 1 audit".
    pub label: String,
    /// The dated items.
    pub items: Vec<(i64, bool, String)>,
    /// How many have no date.
    pub undated: usize,
}

/// A line drawn across every lane at a date: "as of", "target audit".
pub struct Marker {
    /// The date, in days since 1970.
    pub day: i64,
    /// The label above the line.
    pub label: String,
    /// Its colour.
    pub colour: &'static str,
}

/// Most items stacked in one week of a lane; more are summed up as "+N".
const STACK: usize = 8;

/// A timeline: one lane per entry, each item a dot at its date (stacked when several fall in the same week, red when
/// late), `periods` along the bottom, `markers` as vertical lines, and the number of undated items at the right.
/// `periods` are the days the axis's periods (months, quarters, years) start, each with its label, and a last day
/// that ends them: each start is a tick and a faint line across the lanes, each label is written between its
/// period's ticks, so that a dot lies inside the period it is labelled under.
pub fn timeline(
    id: &str,
    title: &str,
    desc: &str,
    lanes: &[Lane],
    markers: &[Marker],
    periods: &[(i64, String)],
) -> String {
    let (width, label_width, undated_width, dot) = (720.0, 170.0, 80.0, 9.0);
    let plot = width - label_width - undated_width - 20.0;
    let days: Vec<i64> = lanes
        .iter()
        .flat_map(|l| l.items.iter().map(|i| i.0))
        .chain(markers.iter().map(|m| m.day))
        .chain(periods.iter().map(|m| m.0))
        .collect();
    let (first, last) = (days.iter().min().copied().unwrap_or(0), days.iter().max().copied().unwrap_or(0));
    let span = (last - first).max(1) as f64;
    let x_of = |day: i64| label_width + 10.0 + plot * (day - first) as f64 / span;
    let stacks: Vec<usize> = lanes
        .iter()
        .map(|l| {
            let mut weeks = std::collections::BTreeMap::new();
            for item in &l.items {
                *weeks.entry(item.0.div_euclid(7)).or_insert(0usize) += 1;
            }
            weeks.values().copied().max().unwrap_or(0).clamp(1, STACK)
        })
        .collect();
    let lane_height = |k: usize| stacks[k] as f64 * (dot + 2.0) + 22.0;
    let top = 26.0;
    let plot_height: f64 = (0..lanes.len()).map(lane_height).sum();
    let height = top + plot_height + 50.0;
    let mut out = open(id, width, height, title, desc);
    let _ = writeln!(
        out,
        "<text x=\"{:.1}\" y=\"16\" text-anchor=\"middle\" fill=\"#52606d\" font-size=\"11\">no due date</text>",
        width - undated_width / 2.0 - 10.0
    );
    let mut y = top;
    for (k, lane) in lanes.iter().enumerate() {
        let h = lane_height(k);
        let fill = if k % 2 == 0 { "#f3f5f8" } else { "#ffffff" };
        let _ = writeln!(
            out,
            "<rect x=\"0\" y=\"{y:.1}\" width=\"{width:.1}\" height=\"{h:.1}\" fill=\"{fill}\"/>\n<text x=\"8\" \
             y=\"{:.1}\" fill=\"#1f2933\" font-weight=\"bold\">{}</text>",
            y + h / 2.0 + 4.0,
            text(&crate::render::clip_words(&lane.label, 26))
        );
        y += h;
    }
    let axis = top + plot_height;
    // The periods' starts as faint lines across the lanes, behind the dots.
    for (day, _) in periods {
        let x = x_of(*day);
        let _ =
            writeln!(out, "<line x1=\"{x:.1}\" y1=\"{top:.1}\" x2=\"{x:.1}\" y2=\"{axis:.1}\" stroke=\"#d9dee4\"/>");
    }
    let mut y = top;
    for (k, lane) in lanes.iter().enumerate() {
        let h = lane_height(k);
        let mut weeks: std::collections::BTreeMap<i64, usize> = std::collections::BTreeMap::new();
        let mut hidden: std::collections::BTreeMap<i64, usize> = std::collections::BTreeMap::new();
        for (day, late, tip) in &lane.items {
            let week = day.div_euclid(7);
            let n = weeks.entry(week).or_insert(0);
            if *n >= STACK {
                *hidden.entry(week).or_insert(0) += 1;
                continue;
            }
            let cy = y + h - 12.0 - *n as f64 * (dot + 2.0) - dot / 2.0;
            *n += 1;
            let fill = if *late { "#c62828" } else { "#1f5f99" };
            let _ = writeln!(
                out,
                "<circle cx=\"{:.1}\" cy=\"{cy:.1}\" r=\"{:.1}\" fill=\"{fill}\" stroke=\"#ffffff\" \
                 stroke-width=\"1\"><title>{}</title></circle>",
                x_of(*day),
                dot / 2.0,
                text(tip)
            );
        }
        for (week, more) in hidden {
            let _ = writeln!(
                out,
                "<text x=\"{:.1}\" y=\"{:.1}\" font-size=\"10\" fill=\"#1f2933\">+{more}</text>",
                x_of(week * 7) + 6.0,
                y + 12.0
            );
        }
        let _ = writeln!(
            out,
            "<text x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"middle\" fill=\"#1f2933\" font-size=\"13\">{}</text>",
            width - undated_width / 2.0 - 10.0,
            y + h / 2.0 + 4.0,
            lane.undated
        );
        y += h;
    }
    if lanes.iter().all(|l| l.items.is_empty()) {
        let _ = writeln!(
            out,
            "<text x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"middle\" fill=\"#52606d\" font-style=\"italic\">No action \
             has a due date yet</text>",
            label_width + 10.0 + plot / 2.0,
            top + plot_height / 2.0 + 4.0
        );
    }
    let _ = writeln!(
        out,
        "<line x1=\"{:.1}\" y1=\"{axis:.1}\" x2=\"{:.1}\" y2=\"{axis:.1}\" stroke=\"#52606d\"/>",
        label_width,
        width - undated_width - 10.0
    );
    for (day, _) in periods {
        let x = x_of(*day);
        let _ = writeln!(
            out,
            "<line x1=\"{x:.1}\" y1=\"{axis:.1}\" x2=\"{x:.1}\" y2=\"{:.1}\" stroke=\"#52606d\"/>",
            axis + 6.0
        );
    }
    for pair in periods.windows(2) {
        let ((start, label), (end, _)) = (&pair[0], &pair[1]);
        if label.is_empty() {
            continue;
        }
        let _ = writeln!(
            out,
            "<text x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"middle\" fill=\"#52606d\" font-size=\"10\">{}</text>",
            (x_of(*start) + x_of(*end)) / 2.0,
            axis + 16.0,
            text(label)
        );
    }
    let mut previous: Option<f64> = None;
    for m in markers {
        let x = x_of(m.day);
        // A label close to the one before goes one line lower, so the two stay readable.
        let lower = previous.is_some_and(|p| (x - p).abs() < 150.0);
        previous = Some(x);
        let _ = writeln!(
            out,
            "<line x1=\"{x:.1}\" y1=\"{top:.1}\" x2=\"{x:.1}\" y2=\"{axis:.1}\" stroke=\"{}\" stroke-width=\"2\" \
             stroke-dasharray=\"5 3\"/>\n<text x=\"{x:.1}\" y=\"{:.1}\" text-anchor=\"middle\" fill=\"{}\" \
             font-size=\"11\" font-weight=\"bold\">{}</text>",
            m.colour,
            axis + if lower { 44.0 } else { 30.0 },
            m.colour,
            text(&m.label)
        );
    }
    out.push_str("</svg>\n");
    out
}

/// One milestone of a dated list: its date, whether it has passed, its headline and its detail.
pub struct Milestone {
    /// The date as written: "2026-08-02".
    pub date: String,
    /// Whether the date has passed (a filled dot) or lies ahead (a hollow one).
    pub passed: bool,
    /// The headline: "12 obligations apply".
    pub headline: String,
    /// The detail: the articles.
    pub detail: String,
}

/// A vertical timeline of milestones, earliest first, with `now` (a label such as "as of 2026-11-27") drawn between
/// the milestones that have passed and those ahead.
pub fn milestones(id: &str, title: &str, desc: &str, items: &[Milestone], now: &str) -> String {
    let (width, row, x_line) = (720.0, 44.0, 120.0);
    // The detail wraps onto up to three lines of about 95 characters (the width right of the line at 11 units);
    // each line beyond the first makes its row taller. An article's number stays on the line of its "Art.".
    let details: Vec<Vec<String>> =
        items.iter().map(|m| wrap(&m.detail.replace("Art. ", "Art.\u{a0}"), MILESTONE_DETAIL, 3)).collect();
    let extra = |lines: &[String]| lines.len().saturating_sub(1) as f64 * LEADING;
    let height = (items.len() as f64 + 1.0) * row + details.iter().map(|d| extra(d)).sum::<f64>() + 10.0;
    let mut out = open(id, width, height, title, desc);
    let _ = writeln!(
        out,
        "<line x1=\"{x_line:.1}\" y1=\"14\" x2=\"{x_line:.1}\" y2=\"{:.1}\" stroke=\"#9aa5b1\" stroke-width=\"2\"/>",
        height - 14.0
    );
    let mut y = 24.0;
    let mut now_drawn = false;
    for (m, detail) in items.iter().zip(&details) {
        if !m.passed && !now_drawn {
            now_row(&mut out, x_line, y, width, now);
            now_drawn = true;
            y += row;
        }
        let (fill, stroke) = if m.passed { ("#1f5f99", "#1f5f99") } else { ("#ffffff", "#1f5f99") };
        let whole = matches!(detail.as_slice(), [line] if line.replace('\u{a0}', " ") == m.detail);
        let tip = if whole { String::new() } else { format!("<title>{}</title>", text(&m.detail)) };
        let _ = writeln!(
            out,
            "<text x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"end\" fill=\"#1f2933\" font-weight=\"bold\">{}</text>\n\
             <circle cx=\"{x_line:.1}\" cy=\"{y:.1}\" r=\"7\" fill=\"{fill}\" stroke=\"{stroke}\" stroke-width=\"2.5\"/>\n\
             <text x=\"{:.1}\" y=\"{:.1}\" fill=\"#1f2933\" font-weight=\"bold\">{}</text>\n<text x=\"{:.1}\" \
             y=\"{:.1}\" fill=\"#52606d\" font-size=\"11\">{tip}{}</text>",
            x_line - 16.0,
            y + 4.0,
            text(&m.date),
            x_line + 18.0,
            y + 1.0,
            text(&m.headline),
            x_line + 18.0,
            y + 16.0,
            tspans(detail, x_line + 18.0, LEADING)
        );
        y += row + extra(detail);
    }
    if !now_drawn {
        now_row(&mut out, x_line, y, width, now);
    }
    out.push_str("</svg>\n");
    out
}

/// The characters of one line of a milestone's detail.
const MILESTONE_DETAIL: usize = 95;

fn now_row(out: &mut String, x_line: f64, y: f64, width: f64, now: &str) {
    let _ = writeln!(
        out,
        "<line x1=\"20\" y1=\"{y:.1}\" x2=\"{:.1}\" y2=\"{y:.1}\" stroke=\"#c62828\" stroke-width=\"1.5\" \
         stroke-dasharray=\"5 3\"/>\n<rect x=\"{:.1}\" y=\"{:.1}\" width=\"150\" height=\"18\" fill=\"#ffffff\"/>\n\
         <text x=\"{:.1}\" y=\"{:.1}\" fill=\"#c62828\" font-weight=\"bold\">{}</text>",
        width - 20.0,
        x_line + 12.0,
        y - 9.0,
        x_line + 18.0,
        y + 4.0,
        text(now)
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_escapes_markup_and_drops_control_characters() {
        assert_eq!(text("<script>&\"'\u{7}"), "&lt;script&gt;&amp;&quot;&#39;");
        assert_eq!(text("a\u{202e}b"), "a\u{fffd}b", "a bidirectional override in a chart label is shown, not obeyed");
    }

    #[test]
    fn every_chart_shape_escapes_its_labels_and_tooltips() {
        let evil = "<script>alert(1)</script><!--";
        let svgs = [
            radar("r", evil, evil, &[Axis { label: evil.into(), score: Some(1.0), value: evil.into(), partly: true }]),
            stacked_bars(
                "b",
                evil,
                evil,
                &[Bar { label: evil.into(), segments: vec![(Status::Compliant, 1)] }],
                &[(Status::Compliant, evil.into())],
            ),
            heat_map(
                "h",
                evil,
                evil,
                &[evil.into()],
                &[(evil.into(), vec![Cell { fill: NOT_YET_DUE, mark: "…", tip: evil.into() }])],
                &[(NOT_YET_DUE, evil)],
            ),
            timeline(
                "t",
                evil,
                evil,
                &[Lane { label: evil.into(), items: vec![(1, true, evil.into())], undated: 0 }],
                &[Marker { day: 2, label: evil.into(), colour: "#000000" }],
                &[(1, evil.into()), (40, String::new())],
            ),
            milestones(
                "m",
                evil,
                evil,
                &[Milestone { date: evil.into(), passed: false, headline: evil.into(), detail: evil.into() }],
                evil,
            ),
        ];
        for svg in svgs {
            assert!(!svg.contains("<script") && !svg.contains("<!--"), "{svg}");
            assert!(svg.contains("&lt;script&gt;"), "{svg}");
        }
    }

    fn axis(label: &str, score: Option<f64>, value: &str, partly: bool) -> Axis {
        Axis { label: label.into(), score, value: value.into(), partly }
    }

    #[test]
    fn radar_writes_each_axis_s_score_in_the_table_s_words_and_marks_partial_ones() {
        let svg = radar(
            "r",
            "T",
            "D",
            &[
                axis("4 A", Some(91.66), "91.7%", false),
                axis("5 B", None, "not assessed", false),
                axis("6 C", Some(100.0), "100.0% (1 of 2 assessed)", true),
            ],
        );
        assert!(svg.contains(">91.7%</tspan>") && svg.contains(">not assessed</tspan>"), "{svg}");
        assert!(svg.contains(">100.0% (1 of 2 assessed)</tspan>") && !svg.contains("n/a"), "{svg}");
        // Two points, one hollow; no shape through the axis without a score, one line between the scored ones.
        assert_eq!(svg.matches("<circle").count(), 2 + 2, "two points and the legend's two: {svg}");
        assert!(svg.contains("fill=\"#ffffff\" stroke=\"#1f5f99\" stroke-width=\"2\"><title>6 C:"), "{svg}");
        assert_eq!(svg.matches("<polygon").count(), 4, "{svg}");
        assert_eq!(svg.matches("stroke=\"#1f5f99\" stroke-width=\"2\"/>").count(), 2, "one line and a legend ring");
    }

    #[test]
    fn a_long_label_wraps_onto_two_lines_and_only_the_rest_is_clipped() {
        assert_eq!(wrap("4 Context of the organization", 28, 2), ["4 Context of the", "organization"]);
        assert_eq!(wrap("A.5 Assessing impacts of AI systems", 28, 2), ["A.5 Assessing impacts of AI", "systems"]);
        assert_eq!(wrap("short", 28, 2), ["short"]);
        let long = wrap("one two three four five six seven eight nine ten eleven twelve", 12, 2);
        assert_eq!(long, ["one two", "three four…"]);
        let svg = radar(
            "r",
            "t",
            "d",
            &[
                axis("A.10 Third-party and customer relationships", Some(50.0), "50.0%", false),
                axis("A.2", None, "not assessed", false),
                axis("A.3", None, "not assessed", false),
            ],
        );
        assert!(
            svg.contains(">A.10 Third-party and customer</tspan>")
                && svg.contains(">relationships <tspan font-weight=\"bold\">50.0%</tspan></tspan>"),
            "{svg}"
        );
    }

    #[test]
    fn chart_labels_wrap_before_they_are_cut() {
        // The reader's cases: each fits on two lines, so nothing is cut, and the whole name is the tooltip.
        for name in [
            "Application and payment fraud detection model",
            "Climate Futures for Lizards and Snakes in Western North America",
        ] {
            let svg = side_label(name, 262.0, 100.0, 42, 2, 10.0);
            assert!(!svg.contains('…'), "{svg}");
            assert!(svg.contains(&format!("<title>{name}</title>")), "{svg}");
            assert_eq!(svg.matches("<tspan").count(), 2, "{svg}");
        }
        // Only what does not fit on the lines is cut.
        let long = "one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen";
        let svg = side_label(long, 262.0, 100.0, 30, 2, 10.0);
        assert!(svg.contains("…</tspan>") && svg.contains(&format!("<title>{long}</title>")), "{svg}");
        assert_eq!(side_label("Nora", 262.0, 100.0, 44, 2, 10.0).matches("<title>").count(), 0);
    }

    #[test]
    fn a_heat_map_row_label_too_long_is_clipped_with_the_whole_label_as_tooltip() {
        let long = "Customer support assistant for retail banking in every market of the group and more";
        let cell = || Cell { fill: NOT_YET_DUE, mark: "⏳", tip: "t".into() };
        let svg = heat_map(
            "h",
            "T",
            "D",
            &["A.6".into()],
            &[(long.into(), vec![cell()]), ("Nora".into(), vec![cell()])],
            &[],
        );
        assert!(svg.contains(&format!("<title>{long}</title>")), "{svg}");
        assert!(!svg.contains("<title>Nora</title>"), "{svg}");
    }
}
