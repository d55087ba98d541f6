//! The charts of the HTML documents, by name (the name a template passes to `chart("name")`), built from what the
//! assessment and its views decided: scores, statuses, due dates and deadlines. Each is a `<figure>` with an SVG
//! (its `<title>` and `<desc>` say what it shows in words) and a caption; the Markdown table beside it in the
//! document holds the same numbers.

use std::collections::BTreeMap;

use super::svg::{self, Axis, Bar, Cell, Lane, Marker, Milestone};
use crate::assess::Report;
use crate::assess::eu_obligations::{EuSummary, EuSystemResult, ObligationResult};
use crate::catalogue::Kind;
use crate::date::Date;
use crate::views::plan::Plan;
use crate::views::soa::Soa;
use crate::views::summary::Summary;
use crate::views::summary::scores::{of_counts, partly_assessed};
use crate::workspace::Status;

/// The charts of one document: the figure's HTML by chart name.
pub type Charts = BTreeMap<&'static str, String>;

/// A `<figure>` around `svg` with `caption` below it; the caption's text is escaped, and `code` written as
/// `` `code` `` becomes `<code>code</code>`.
fn figure(name: &str, label: &str, svg: &str, caption: &str) -> String {
    let caption: String = svg::text(caption)
        .split('`')
        .enumerate()
        .map(|(i, part)| if i % 2 == 1 { format!("<code>{part}</code>") } else { part.to_string() })
        .collect();
    format!(
        "<figure class=\"chart chart-{name}\" role=\"img\" aria-label=\"{}\">\n{svg}<figcaption>{caption}</figcaption>\n</figure>\n",
        svg::text(label)
    )
}

/// The charts of the gap report: `clauses` and `objectives` (radar charts of the scores), `status` (the status
/// distribution), `systems` (the heat map of AI systems × per-system controls) and `eu-deadlines` (the dates EU
/// AI Act obligations apply from), each only when it has something to show.
pub fn report(report: &Report<'_>, summary: Option<&Summary>) -> Charts {
    let a = report.assessment;
    let mut charts = Charts::new();
    for (name, kind, what, a_what) in [
        ("clauses", Kind::Clause, "clause", "a clause"),
        ("objectives", Kind::Control, "Annex A objective", "an Annex A objective"),
    ] {
        let groups: Vec<_> = a.groups.iter().filter(|g| g.kind == kind).collect();
        // Each score in the words of the table beside the chart ("100.0% (1 of 2 assessed)", "not assessed"), and
        // whether it covers only part of its group, from the summary's view of scores.
        let axes: Vec<Axis> = groups
            .iter()
            .map(|g| Axis {
                label: format!("{} {}", g.id, g.title),
                score: g.score,
                value: of_counts(&g.counts),
                partly: partly_assessed(&g.counts).is_some(),
            })
            .collect();
        if axes.len() < 3 {
            continue;
        }
        // A radar of nothing but missing scores would be an empty web: a sentence says so instead.
        if axes.iter().all(|x| x.score.is_none()) {
            let note = format!(
                "<p class=\"chart-note chart-{name}\">No {what} has an applicable requirement that is assessed yet, so there is \
                 no score to chart. The table below gives the counts.</p>\n"
            );
            charts.insert(name, note);
            continue;
        }
        let words: Vec<String> = axes.iter().map(|x| format!("{} {}", x.label, x.value)).collect();
        let title = format!("Scores by {what}");
        let mut desc = format!("Score of each {what}, from 0 at the centre to 100% at the edge: {}.", words.join("; "));
        let mut caption = format!(
            "Score by {what}: compliant counts fully, partially compliant half, over the applicable and assessed \
             requirements."
        );
        let partly = axes.iter().filter(|x| x.score.is_some() && x.partly).count();
        let missing = axes.iter().filter(|x| x.score.is_none()).count();
        if partly > 0 {
            let note = format!(
                " A hollow point marks {a_what} only partly assessed: its score covers the requirements assessed so far."
            );
            desc.push_str(&note);
            caption.push_str(&note);
        }
        if missing > 0 {
            let note = format!(" {} with nothing assessed has no point.", capitalised(a_what));
            desc.push_str(&note);
            caption.push_str(&note);
        }
        caption.push_str(" The table below gives the counts.");
        charts.insert(name, figure(name, &title, &svg::radar(name, &title, &desc, &axes), &caption));
    }

    let counts = &a.summary.counts;
    let segments: Vec<(Status, usize)> = Status::ALL.iter().map(|s| (*s, counts.get(*s))).collect();
    if segments.iter().any(|s| s.1 > 0) {
        let legend: Vec<(Status, String)> = segments.iter().map(|(s, n)| (*s, format!("{} {n}", s.label()))).collect();
        let words: Vec<String> = legend.iter().map(|l| l.1.clone()).collect();
        let title = "Requirements by status";
        let desc = format!("{} requirements: {}.", a.summary.requirements, words.join(", "));
        let bars = [Bar { label: String::new(), segments }];
        charts.insert(
            "status",
            figure(
                "status",
                title,
                &svg::stacked_bars("status", title, &desc, &bars, &legend),
                &format!("The {} requirements of the standard by status.", a.summary.requirements),
            ),
        );
    }

    if let Some(chart) = heat_map(report, summary) {
        charts.insert("systems", chart);
    }
    if let Some(chart) = eu_deadlines(report) {
        charts.insert("eu-deadlines", chart);
    }
    if let Some(chart) = super::risk_map::chart(report) {
        charts.insert("risk-heat-map", chart);
    }
    charts
}

/// The heat map of in-scope AI systems × the per-system controls that apply to at least one of them (the columns
/// of the report's per-system table). For a large inventory ([`Summary::large_inventory`]) it shows the systems of
/// the table beside it, "Systems with the lowest scores" ([`Summary::worst_systems`]), in that table's order, so
/// chart and table name the same systems; otherwise every system in scope, in the report's order.
fn heat_map(report: &Report<'_>, summary: Option<&Summary>) -> Option<String> {
    let a = report.assessment;
    let columns: Vec<String> = a
        .requirements
        .iter()
        .filter(|r| r.systems.iter().any(|s| s.status != Status::NotApplicable || s.is_not_yet_due()))
        .map(|r| r.id.clone())
        .collect();
    // The active systems in scope, as in the report's tables: the report lists retired ones apart.
    let in_scope: Vec<&crate::assess::SystemResult> =
        a.systems.iter().filter(|s| s.in_scope && !crate::render::markdown::is_retired(s)).collect();
    let all = in_scope.len();
    let worst = summary.filter(|s| s.large_inventory).map(|s| &s.worst_systems);
    let systems: Vec<&crate::assess::SystemResult> = match worst {
        Some(ids) => ids.iter().filter_map(|id| in_scope.iter().copied().find(|s| &s.id == id)).collect(),
        None => in_scope,
    };
    if columns.is_empty() || systems.is_empty() {
        return None;
    }
    let rows: Vec<(String, Vec<Cell>)> = systems
        .iter()
        .map(|s| {
            let cells = columns
                .iter()
                .map(|c| {
                    let (fill, mark, label) = if s.not_yet_due.contains(c) {
                        (svg::NOT_YET_DUE, "⏳", "not yet due")
                    } else {
                        let status = s.statuses.get(c).copied().unwrap_or(Status::NotApplicable);
                        (svg::colour(status), cell_mark(status), status.label())
                    };
                    Cell { fill, mark, tip: format!("{}, {c}: {}", s.name, label.to_lowercase()) }
                })
                .collect();
            (s.name.clone(), cells)
        })
        .collect();
    let legend = [
        (svg::colour(Status::Compliant), "✓ compliant"),
        (svg::colour(Status::PartiallyCompliant), "◐ partial"),
        (svg::colour(Status::NonCompliant), "✗ non-compliant"),
        (svg::NOT_YET_DUE, "⏳ not yet due"),
        (svg::colour(Status::NotApplicable), "not applicable"),
        (svg::colour(Status::NotAssessed), "? not assessed"),
    ];
    let title = "Per-system controls by AI system";
    let shown = if worst.is_some() {
        format!("the {} AI systems with the lowest scores, of {} in scope", systems.len(), crate::render::grouped(all))
    } else {
        format!("{all} AI system{} in scope", if all == 1 { "" } else { "s" })
    };
    let desc = format!(
        "Status of each of {} per-system controls for {shown}; the table below lists each cell.",
        columns.len()
    );
    let caption = if worst.is_some() {
        format!(
            "Per-system controls for {shown}, in the order of the table below. Every system's row is in the \
             workbook (sheet Systems) and the JSON report that accompany this report."
        )
    } else {
        format!("Per-system controls for {shown}: one row per system, one column per control.")
    };
    let svg = svg::heat_map("systems", title, &desc, &columns, &rows, &legend);
    Some(figure("systems", title, &svg, &caption))
}

/// The mark in a heat map cell, so that the map reads without colour.
fn cell_mark(status: Status) -> &'static str {
    match status {
        Status::Compliant => "✓",
        Status::PartiallyCompliant => "◐",
        Status::NonCompliant => "✗",
        Status::NotApplicable => "",
        Status::NotAssessed => "?",
    }
}

/// The dates EU AI Act obligations apply from, for the organisation and its in-scope systems, with the articles
/// that apply on each date.
fn eu_deadlines(report: &Report<'_>) -> Option<String> {
    let a = report.assessment;
    let eu = a.eu_ai_act.as_ref()?;
    // Date → the rows of that date, as the report's total counts them ([`EuSummary::of`]).
    let mut dates: BTreeMap<Date, Vec<(Option<&EuSystemResult>, &ObligationResult)>> = BTreeMap::new();
    for (system, o) in eu.rows() {
        dates.entry(o.applies_from).or_default().push((system, o));
    }
    if dates.is_empty() {
        return None;
    }
    let stage_of: std::collections::HashMap<&str, _> =
        a.systems.iter().map(|s| (s.id.as_str(), s.lifecycle_stage)).collect();
    let items: Vec<Milestone> = dates
        .iter()
        .map(|(date, rows)| {
            let days = a.as_of.days_until(*date);
            let passed = days <= 0;
            // Once the date has passed, only what applies now counts, as in the report's "already apply"; an
            // obligation of a system not yet placed on the market waits and is counted apart.
            let count = EuSummary::of(rows.iter().map(|(_, o)| *o).filter(|o| !passed || o.applies_now));
            let mut articles: Vec<&str> = Vec::new();
            // The systems bound and those waiting, each once.
            let (mut systems, mut waiting) = (std::collections::HashSet::new(), std::collections::HashSet::new());
            let mut organisation = false;
            for (system, o) in rows {
                if !articles.contains(&o.article.as_str()) {
                    articles.push(&o.article);
                }
                if let Some(s) = system
                    && o.in_force
                    && !o.applies_now
                {
                    waiting.insert(s.id.as_str());
                    continue;
                }
                match system {
                    Some(s) => {
                        systems.insert(s.id.as_str());
                    }
                    None => organisation = true,
                }
            }
            articles.sort_by(|x, y| crate::ids::natural_cmp(x, y));
            let apply = obligations_apply(count.obligations, count.kinds);
            let headline = if passed {
                format!("{apply} since this date")
            } else {
                format!(
                    "{apply} from this date, in {days} {}",
                    crate::render::plural("day", usize::try_from(days).unwrap_or(0))
                )
            };
            // Whom they bind comes first, so that a long list of articles never cuts it off; a system not yet placed
            // on the market or put into service is counted apart once the date has passed.
            let mut whom = concerned(organisation, systems.len());
            if !waiting.is_empty() {
                let stages: Vec<_> = waiting.iter().filter_map(|id| stage_of.get(id).copied()).collect();
                let one = stages.first().copied().filter(|first| stages.iter().all(|x| x == first));
                let label = crate::assess::eu_obligations::not_yet(one);
                whom = if whom.starts_with("0 ") {
                    format!("{} {label}", concerned(false, waiting.len()))
                } else {
                    format!("{whom}, {} more {label}", waiting.len())
                };
            }
            Milestone { date: date.to_string(), passed, headline, detail: format!("{whom} · {}", articles.join(", ")) }
        })
        .collect();
    let title = "EU AI Act deadlines";
    let words: Vec<String> = items.iter().map(|m| format!("{}: {} ({})", m.date, m.headline, m.detail)).collect();
    let desc = format!("Dates the obligations apply from, as of {}: {}.", a.as_of, words.join("; "));
    let svg = svg::milestones("eu-deadlines", title, &desc, &items, &format!("as of {}", a.as_of));
    Some(figure(
        "eu-deadlines",
        title,
        &svg,
        "The dates the EU AI Act obligations of the organisation and its AI systems apply from (filled: already \
         apply). The tables below give each obligation.",
    ))
}

/// `s` with its first letter in upper case: "an objective" → "An objective".
fn capitalised(s: &str) -> String {
    let mut chars = s.chars();
    chars.next().map_or_else(String::new, |c| c.to_uppercase().chain(chars).collect())
}

/// What the obligations of one date bind: "the organisation", "2 AI systems" or "the organisation and 1 AI system".
fn concerned(organisation: bool, systems: usize) -> String {
    let systems = format!("{systems} AI system{}", if systems == 1 { "" } else { "s" });
    match (organisation, systems.starts_with("0 ")) {
        (true, true) => "the organisation".to_string(),
        (true, false) => format!("the organisation and {systems}"),
        (false, _) => systems,
    }
}

/// "40 obligations (23 kinds) apply": `rows` counted as the report's tables and total count them (one per
/// obligation and AI system), with the number of distinct obligations as [`crate::render::obligations_and_kinds`]
/// gives it.
fn obligations_apply(rows: usize, kinds: usize) -> String {
    match rows {
        0 => "no obligation applies yet".to_string(),
        1 => "1 obligation applies".to_string(),
        n => format!("{} apply", crate::render::obligations_and_kinds(n, kinds)),
    }
}

/// The charts of the remediation plan: `roadmap`, the actions on a timeline by phase and due date.
pub fn plan(plan: &Plan) -> Charts {
    let mut charts = Charts::new();
    if plan.actions == 0 {
        return charts;
    }
    let lanes: Vec<Lane> = plan
        .phases
        .iter()
        .map(|p| Lane {
            label: p.title.to_string(),
            items: p
                .actions
                .iter()
                .filter(|a| a.is_own_work())
                .filter_map(|a| {
                    let due = a.due?;
                    let late = if a.overdue { ", overdue" } else { "" };
                    let (requirement, title) = a.lead();
                    Some((due.to_days(), a.overdue, format!("#{} {requirement} {title}: due {due}{late}", a.rank)))
                })
                .collect(),
            undated: p.actions.iter().filter(|a| a.is_own_work() && a.due.is_none()).count(),
        })
        .collect();
    let mut markers =
        vec![Marker { day: plan.as_of.to_days(), label: format!("as of {}", plan.as_of), colour: "#52606d" }];
    if let Some(target) = plan.target_audit_date {
        markers.push(Marker { day: target.to_days(), label: format!("target audit {target}"), colour: "#c62828" });
    }
    let days: Vec<i64> =
        lanes.iter().flat_map(|l| l.items.iter().map(|i| i.0)).chain(markers.iter().map(|m| m.day)).collect();
    let (first, mut last) = (days.iter().min().copied().unwrap_or(0), days.iter().max().copied().unwrap_or(0));
    // Without due dates the axis still spans the next six months, so the empty lanes read as a timeline.
    if last - first < 90 {
        last = Date::from_days(first).add_months(6).to_days();
    }
    let ticks = month_ticks(Date::from_days(first), Date::from_days(last));
    let title = "Remediation roadmap";
    let dated: usize = lanes.iter().map(|l| l.items.len()).sum();
    let desc = format!(
        "{} actions by phase and due date, as of {}: {dated} with a due date ({} overdue), {} without.{}",
        plan.actions,
        plan.as_of,
        plan.overdue,
        plan.without_due_date,
        plan.target_audit_date.map_or_else(String::new, |t| format!(" Target audit date {t}."))
    );
    let svg = svg::timeline("roadmap", title, &desc, &lanes, &markers, &ticks);
    charts.insert(
        "roadmap",
        figure(
            "roadmap",
            title,
            &svg,
            "Each dot is an action at its due date, in the lane of its phase; red dots are overdue. The number at the \
             right counts the actions without a due date. The tables below list every action.",
        ),
    );
    charts
}

/// The periods of the timeline's axis, from the one holding `first` to the one holding `last`: months for up to
/// nine months, quarters up to thirty, years beyond. Each is given by the day it starts (a first of the month) and its
/// label ("Jan 2027", "Q1 2027", "2027"); a last entry with an empty label closes the last period. The chart draws a
/// tick at each start and writes each label between its period's ticks, so that a date sits under its own month: a
/// due date of 31 January is left of the tick of 1 February, in the "Jan 2027" period.
fn month_ticks(first: Date, last: Date) -> Vec<(i64, String)> {
    const MONTHS: [&str; 12] = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
    let month = |d: Date| d.to_string().get(5..7).and_then(|m| m.parse::<u8>().ok()).unwrap_or(1);
    let span_months = (last.year() - first.year()) * 12 + i32::from(month(last)) - i32::from(month(first)) + 1;
    let step: u8 = match span_months {
        ..=9 => 1,
        10..=30 => 3,
        _ => 12,
    };
    let label = |d: Date| {
        let m = month(d);
        match step {
            1 => format!("{} {}", MONTHS[usize::from(m - 1)], d.year()),
            3 => format!("Q{} {}", (m - 1) / 3 + 1, d.year()),
            _ => d.year().to_string(),
        }
    };
    let m = month(first);
    let Some(mut start) = Date::new(first.year(), m - (m - 1) % step, 1) else { return Vec::new() };
    let mut ticks = Vec::new();
    while start <= last && ticks.len() < 100 {
        ticks.push((start.to_days(), label(start)));
        start = start.add_months(u32::from(step));
    }
    ticks.push((start.to_days(), String::new()));
    ticks
}

/// The charts of the Statement of Applicability: `soa`, the Annex A controls of each objective by implementation
/// status.
pub fn soa(soa: &Soa) -> Charts {
    let mut charts = Charts::new();
    let mut objectives: Vec<(String, Vec<&crate::views::soa::SoaControl>)> = Vec::new();
    for c in &soa.controls {
        match objectives.last_mut() {
            Some((id, controls)) if *id == c.objective => controls.push(c),
            _ => objectives.push((c.objective.clone(), vec![c])),
        }
    }
    if objectives.is_empty() {
        return charts;
    }
    let bars: Vec<Bar> = objectives
        .iter()
        .map(|(id, controls)| Bar {
            label: format!("{id} {}", controls[0].objective_title),
            segments: Status::ALL.iter().map(|s| (*s, controls.iter().filter(|c| c.status == *s).count())).collect(),
        })
        .collect();
    let legend: Vec<(Status, String)> = Status::ALL
        .iter()
        .map(|s| {
            let label = if *s == Status::NotApplicable { "Excluded or not applicable" } else { s.label() };
            (*s, label.to_string())
        })
        .collect();
    let title = "Annex A controls by objective and implementation";
    let words: Vec<String> = bars
        .iter()
        .map(|b| {
            let parts: Vec<String> = b
                .segments
                .iter()
                .filter(|s| s.1 > 0)
                .map(|(s, n)| format!("{n} {}", s.label().to_lowercase()))
                .collect();
            format!("{}: {}", b.label, parts.join(", "))
        })
        .collect();
    let desc = format!("{} Annex A controls: {}.", soa.controls.len(), words.join("; "));
    let svg = svg::stacked_bars("soa", title, &desc, &bars, &legend);
    charts.insert(
        "soa",
        figure(
            "soa",
            title,
            &svg,
            &format!(
                "The {} Annex A controls of each objective by implementation status; the table below gives each control.",
                soa.controls.len()
            ),
        ),
    );
    charts
}
