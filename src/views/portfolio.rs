//! The portfolio: one summary across many workspaces (a consultant's clients, a group's subsidiaries), built from
//! each workspace's executive summary ([`super::summary`]) so that a row says what that workspace's own report says.
//!
//! Rows follow the order the workspaces were given; every workspace is assessed as of the same date. A workspace
//! that did not load is a row of its own ("invalid: N errors") in every format, and the others are still summarised.
//! The JSON shape is documented in docs/portfolio.md.

use std::fmt::Write as _;

use serde::Serialize;

use super::summary::{Summary, Verdict};
use crate::assess::eu_obligations::ObligationResult;
use crate::assess::{Assessment, Counts};
use crate::date::Date;
use crate::render::escape;
use crate::render::html::{self, Charts, svg};

/// The version of the portfolio's JSON shape (`schema_version`).
pub const PORTFOLIO_SCHEMA_VERSION: u32 = 3;

/// How many themes (top gaps) a row names at most.
const TOP_GAPS: usize = 3;

/// The portfolio: one row per workspace, in the order given.
#[derive(Debug, Clone, Serialize)]
pub struct Portfolio {
    /// The version of this shape ([`PORTFOLIO_SCHEMA_VERSION`]).
    pub schema_version: u32,
    /// The as-of date every workspace was assessed at.
    pub as_of: Date,
    /// The portfolio's own confidentiality marking, at its top and on every printed page: the one given, else one
    /// saying it holds the assessments of several organisations ([`default_marking`]). Each workspace's section
    /// still carries that workspace's own marking.
    pub confidentiality: String,
    /// One entry per workspace, in the order given.
    pub workspaces: Vec<Entry>,
    /// How many workspaces did not load.
    pub invalid: usize,
}

/// One workspace of the portfolio.
#[derive(Debug, Clone, Serialize)]
pub struct Entry {
    /// The workspace folder as it was given.
    pub folder: String,
    /// `assessed`, or `invalid` when the workspace did not load (then only `errors` follows).
    pub state: State,
    /// How many errors stopped the workspace from loading (0 when it was assessed).
    pub errors: usize,
    /// The summary of an assessed workspace; absent for an invalid one.
    #[serde(flatten)]
    pub row: Option<Row>,
}

/// Whether a workspace was assessed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum State {
    /// It loaded and was assessed.
    Assessed,
    /// It did not load; its errors were reported.
    Invalid,
}

/// What the portfolio says of one assessed workspace.
#[derive(Debug, Clone, Serialize)]
pub struct Row {
    /// The organisation's name.
    pub organisation: String,
    /// The workspace's confidentiality marking (aims.toml `[report] confidentiality`), which its section of the
    /// portfolio carries; `null` when not set.
    pub confidentiality: Option<String>,
    /// The overall score in percent (0-100); `null` when nothing is assessed.
    pub score: Option<f64>,
    /// Requirements by status.
    pub counts: Counts,
    /// How many AI systems are in scope.
    pub systems_in_scope: usize,
    /// The stage 1 readiness verdict: `ready`, `at_risk` or `not_ready`.
    pub stage_1: Verdict,
    /// The stage 2 readiness verdict.
    pub stage_2: Verdict,
    /// The clauses and Annex A objectives with the most unmet requirements, worst first (at most three).
    pub top_gaps: Vec<Gap>,
    /// The plan's actions past their due date, in plan order.
    pub overdue: Vec<OverdueAction>,
    /// The EU AI Act obligations that already bind the organisation or an AI system in use and are not met; `null`
    /// when there are none.
    pub eu_open_now: Option<EuOpen>,
    /// The next EU AI Act date, after the as-of date, from which obligations not met yet will apply; `null` when none
    /// lies ahead.
    pub next_eu_deadline: Option<EuOpen>,
    /// The target date of the certification audit; `null` when not set.
    pub target_audit_date: Option<Date>,
    /// Days from the as-of date to the target audit date (negative once passed); `null` when not set.
    pub days_to_target: Option<i64>,
}

/// A clause or Annex A objective with unmet requirements.
#[derive(Debug, Clone, Serialize)]
pub struct Gap {
    /// The clause or objective ID (`6`, `A.6`).
    pub group: String,
    /// Its title.
    pub title: String,
    /// How many of its applicable requirements are not met (partially compliant, non-compliant or not assessed).
    pub unmet: usize,
    /// What falls short, as the workspace's own report says it: "3 of 5 requirements not fully met (score 40.0%)",
    /// "7 of 7 requirements not assessed yet".
    pub text: String,
}

/// An action of a workspace's plan past its due date, as its plan states it.
#[derive(Debug, Clone, Serialize)]
pub struct OverdueAction {
    /// The action's stable ID (the same in the workspace's plan and JSON report).
    pub id: String,
    /// What to do, in the client's words.
    pub action: String,
    /// Who owns it; `null` when nobody does.
    pub owner: Option<String>,
    /// When it was due.
    pub due: Option<Date>,
}

/// EU AI Act obligations not met (open or partly supported), of the organisation and of the AI systems in scope.
#[derive(Debug, Clone, Serialize)]
pub struct EuOpen {
    /// The date they apply from: for the obligations that apply already, the earliest of their dates.
    pub applies_from: Date,
    /// Days from the as-of date to `applies_from` (0 or negative once it has passed).
    pub days_left: i64,
    /// How many they are, counted as the gap report counts them: one per AI system an obligation binds, one for an
    /// organisation-wide obligation.
    pub obligations: usize,
    /// Their articles, each once, in the regulation's order ("Art. 5", "Art. 50(2)").
    pub articles: Vec<String>,
}

/// How many articles the portfolio's text names before it counts the rest.
const ARTICLES_NAMED: usize = 4;

impl Entry {
    /// The entry of a workspace that was assessed: `summary` built from `assessment` by [`super::summary::build`].
    pub fn assessed(folder: String, assessment: &Assessment, summary: &Summary) -> Entry {
        let row = Row {
            organisation: summary.organisation.clone(),
            confidentiality: summary.report.confidentiality.clone(),
            score: summary.score,
            counts: assessment.summary.counts.clone(),
            systems_in_scope: summary.systems_in_scope,
            stage_1: summary.stage_1.verdict,
            stage_2: summary.stage_2.verdict,
            top_gaps: summary
                .themes
                .iter()
                .take(TOP_GAPS)
                .map(|t| Gap { group: t.group.clone(), title: t.title.clone(), unmet: t.unmet, text: t.text.clone() })
                .collect(),
            overdue: summary
                .overdue
                .iter()
                .map(|a| OverdueAction {
                    id: a.id.clone(),
                    action: a.action.clone(),
                    owner: a.owner.clone(),
                    due: a.due,
                })
                .collect(),
            eu_open_now: open_now(obligations(assessment)),
            next_eu_deadline: next_deadline(obligations(assessment)),
            target_audit_date: summary.target_audit_date,
            days_to_target: summary.days_to_target,
        };
        Entry { folder, state: State::Assessed, errors: 0, row: Some(row) }
    }

    /// The entry of a workspace that did not load, with its number of errors.
    pub fn invalid(folder: String, errors: usize) -> Entry {
        Entry { folder, state: State::Invalid, errors, row: None }
    }

    /// "invalid: 3 errors".
    fn invalid_label(&self) -> String {
        format!("invalid: {} {}", self.errors, crate::render::plural("error", self.errors))
    }
}

/// Every EU AI Act obligation of the organisation and of the AI systems in scope.
fn obligations(assessment: &Assessment) -> impl Iterator<Item = &ObligationResult> {
    let eu = assessment.eu_ai_act.as_ref();
    let organisation = eu.into_iter().flat_map(|eu| eu.organisation.iter());
    let systems =
        eu.into_iter().flat_map(|eu| eu.systems.iter().filter(|s| s.in_scope).flat_map(|s| s.obligations.iter()));
    organisation.chain(systems)
}

/// The obligations of `all` not met that apply now (the date has passed and the organisation, or an AI system
/// already in use, is bound); `None` when there are none. An obligation already met is never open.
fn open_now<'a>(all: impl Iterator<Item = &'a ObligationResult>) -> Option<EuOpen> {
    let open: Vec<&ObligationResult> = all.filter(|o| !o.state.is_met() && o.applies_now).collect();
    let first = open.iter().min_by_key(|o| o.applies_from)?;
    Some(together(&open, first))
}

/// The obligations of `all` not met whose date is the next after the as-of date; `None` when no such date lies
/// ahead.
fn next_deadline<'a>(all: impl Iterator<Item = &'a ObligationResult>) -> Option<EuOpen> {
    let ahead: Vec<&ObligationResult> = all.filter(|o| !o.state.is_met() && o.days_left > 0).collect();
    let first = ahead.iter().min_by_key(|o| o.applies_from)?;
    let due: Vec<&ObligationResult> = ahead.iter().copied().filter(|o| o.applies_from == first.applies_from).collect();
    Some(together(&due, first))
}

/// `obligations` as one entry, dated as `first`: how many they are and their articles, each once, in the
/// regulation's order.
fn together(obligations: &[&ObligationResult], first: &ObligationResult) -> EuOpen {
    let mut articles: Vec<String> = obligations.iter().map(|o| o.article.clone()).collect();
    articles.sort_by(|a, b| crate::ids::natural_cmp(a, b));
    articles.dedup();
    EuOpen { applies_from: first.applies_from, days_left: first.days_left, obligations: obligations.len(), articles }
}

/// The portfolio of `entries`, in their order, assessed as of `as_of`, under the marking `confidentiality` (else
/// [`default_marking`]).
pub fn build(as_of: Date, entries: Vec<Entry>, confidentiality: Option<String>) -> Portfolio {
    let invalid = entries.iter().filter(|e| e.state == State::Invalid).count();
    let confidentiality = confidentiality.unwrap_or_else(|| default_marking(&entries));
    Portfolio { schema_version: PORTFOLIO_SCHEMA_VERSION, as_of, confidentiality, workspaces: entries, invalid }
}

/// "Confidential: holds the assessments of 3 organisations": a portfolio gathers what each organisation marked
/// for its own readers, so it is at least as restricted as the strictest of them.
pub fn default_marking(entries: &[Entry]) -> String {
    let assessed = entries.iter().filter(|e| e.row.is_some()).count();
    if assessed == 1 {
        "Confidential: holds the assessment of one organisation".to_string()
    } else {
        format!("Confidential: holds the assessments of {}", count_of("organisation", assessed))
    }
}

/// "3 workspaces".
fn count_of(word: &str, n: usize) -> String {
    format!("{n} {}", crate::render::plural(word, n))
}

fn counts_text(c: &Counts) -> String {
    format!("{} / {} / {} / {}", c.compliant, c.partially_compliant, c.non_compliant, c.not_assessed)
}

/// "Art. 4; Art. 5 (3 obligations)": the articles (the first [`ARTICLES_NAMED`], then how many more; one article may
/// name several paragraphs, "Art. 26(1), (4), (5)") and how many obligations they are.
fn articles_text(o: &EuOpen) -> String {
    let mut text = o.articles.iter().take(ARTICLES_NAMED).cloned().collect::<Vec<_>>().join("; ");
    if o.articles.len() > ARTICLES_NAMED {
        let _ = write!(text, " and {} more", o.articles.len() - ARTICLES_NAMED);
    }
    format!("{text} ({})", count_of("obligation", o.obligations))
}

/// What the EU AI Act asks now and next: "In force, open or partly supported: Art. 4 (1 obligation). From 2026-12-02 (in 2 days):
/// Art. 5; Art. 50(2) (2 obligations)."; "Nothing open." when neither.
fn eu_text(r: &Row) -> String {
    let mut parts = Vec::new();
    if let Some(now) = &r.eu_open_now {
        parts.push(format!("In force, open or partly supported: {}.", articles_text(now)));
    }
    if let Some(next) = &r.next_eu_deadline {
        let days = count_of("day", usize::try_from(next.days_left).unwrap_or(0));
        parts.push(format!("From {} (in {days}): {}.", next.applies_from, articles_text(next)));
    }
    if parts.is_empty() { "Nothing open.".to_string() } else { parts.join(" ") }
}

fn target_text(row: &Row) -> String {
    match (row.target_audit_date, row.days_to_target) {
        (Some(date), Some(days)) => {
            format!(
                "{date} ({days} {})",
                crate::render::plural("day", usize::try_from(days.unsigned_abs()).unwrap_or(0))
            )
        }
        (Some(date), None) => date.to_string(),
        _ => "not set".to_string(),
    }
}

/// The portfolio as Markdown: a table of every workspace, then each workspace's top gaps and overdue actions.
pub fn markdown(p: &Portfolio) -> String {
    markdown_with(p, false)
}

/// [`markdown`], with the marker of the `scores` chart after the table when `charts` (for [`html`]).
fn markdown_with(p: &Portfolio, charts: bool) -> String {
    let mut out = format!(
        "# Portfolio of {}\n\n**{}**\n\n",
        count_of("workspace", p.workspaces.len()),
        escape::markdown(&p.confidentiality)
    );
    let _ = writeln!(
        out,
        "As of {}. Counts are compliant / partially compliant / non-compliant / not assessed requirements.{}\n",
        p.as_of,
        if p.invalid > 0 {
            format!(" {} could not be loaded.", count_of("workspace", p.invalid))
        } else {
            String::new()
        }
    );
    out.push_str(
        "| Workspace | Organisation | Score | Counts | Stage 1 | Stage 2 | Overdue | EU AI Act obligations open or partly supported | Target audit \
         |\n|---|---|---:|---|---|---|---:|---|---|\n",
    );
    for e in &p.workspaces {
        let folder = escape::markdown(&e.folder);
        match &e.row {
            None => {
                let _ = writeln!(out, "| {folder} | {} | | | | | | | |", e.invalid_label());
            }
            Some(r) => {
                let _ = writeln!(
                    out,
                    "| {folder} | {} | {} | {} | {} | {} | {} | {} | {} |",
                    escape::markdown(&r.organisation),
                    super::summary::scores::of_counts(&r.counts),
                    counts_text(&r.counts),
                    r.stage_1.label(),
                    r.stage_2.label(),
                    r.overdue.len(),
                    escape::markdown(&eu_text(r)),
                    target_text(r)
                );
            }
        }
    }
    if charts {
        out.push_str(&html::marker("scores"));
    }
    for e in &p.workspaces {
        let folder = escape::markdown(&e.folder);
        let Some(r) = &e.row else {
            let _ = writeln!(
                out,
                "\n## {folder}\n\nNot summarised ({}): the workspace did not load; its errors are in the messages of the run.",
                e.invalid_label()
            );
            continue;
        };
        let _ = writeln!(out, "\n## {} ({folder})\n", escape::markdown(&r.organisation));
        if let Some(marking) = &r.confidentiality {
            let _ = writeln!(out, "**{}**\n", escape::markdown(marking));
        }
        if r.top_gaps.is_empty() {
            out.push_str("Top gaps: none.\n");
        } else {
            out.push_str("Top gaps:\n\n");
            for g in &r.top_gaps {
                let _ = writeln!(
                    out,
                    "- {} {}: {}",
                    escape::markdown(&g.group),
                    escape::markdown(&g.title),
                    escape::markdown(&g.text)
                );
            }
        }
        if !r.overdue.is_empty() {
            out.push_str("\nOverdue actions:\n\n");
            for a in &r.overdue {
                let owner = a.owner.as_deref().map_or_else(|| "no owner".to_owned(), escape::markdown);
                let due = a.due.map_or_else(|| "no due date".to_owned(), |d| format!("due {d}"));
                let _ = writeln!(out, "- {} ({owner}, {due})", escape::markdown(&a.action));
            }
        }
    }
    out
}

/// The folder prefix every workspace shares, up to and including a `/` (`examples/`), when there are two or more
/// workspaces and each keeps a name without it; empty otherwise. The terminal table names the folders without it.
fn common_parent(p: &Portfolio) -> String {
    let folders: Vec<&str> = p.workspaces.iter().map(|e| e.folder.as_str()).collect();
    let [first, rest @ ..] = folders.as_slice() else { return String::new() };
    if rest.is_empty() {
        return String::new();
    }
    let mut prefix = match first.rfind('/') {
        Some(i) => &first[..=i],
        None => return String::new(),
    };
    for folder in rest {
        while !folder.starts_with(prefix) {
            match prefix[..prefix.len() - 1].rfind('/') {
                Some(i) => prefix = &prefix[..=i],
                None => return String::new(),
            }
        }
    }
    let keeps_a_name =
        folders.iter().all(|f| f.len() > prefix.len() && !f[prefix.len()..].trim_matches('/').is_empty());
    if keeps_a_name { prefix.to_string() } else { String::new() }
}

/// The columns of the terminal table besides Workspace, with the width each needs (its widest value or header).
/// The last two (dates) are left out when the table would not fit the terminal; each workspace's lines below the
/// table give them in full either way.
const TABLE_COLUMNS: [(&str, usize); 6] =
    [("Score", 6), ("Stage 1", 9), ("Stage 2", 9), ("Overdue", 7), ("Next EU", 10), ("Audit", 10)];

/// The width a table takes beyond its contents: a border before each column and after the last, and one space
/// of padding on each side of every cell.
fn table_overhead(columns: usize) -> usize {
    columns + 1 + 2 * columns
}

/// The portfolio as a terminal table `width` columns wide, then a few lines per workspace: its organisation, counts,
/// next EU AI Act deadline, target audit date and top gaps. Folders are named without the parent they all share
/// (said in the title). Where the table with every column would be wider than `width` (80 columns, with folder
/// names of twenty characters), it leaves out the two date columns, which the lines below give in full.
pub fn table(p: &Portfolio, width: usize) -> String {
    use crate::render::table::{self, right};
    use comfy_table::Cell;
    let parent = common_parent(p);
    let name = |e: &Entry| -> String { escape::terminal(&e.folder[parent.len()..]).into_owned() };
    let mut out = format!("Portfolio of {} as of {}", count_of("workspace", p.workspaces.len()), p.as_of);
    if !parent.is_empty() {
        let _ = write!(out, " (folders in {})", escape::terminal(&parent));
    }
    out.push('\n');
    let folder_width = p.workspaces.iter().map(|e| name(e).chars().count()).max().unwrap_or(0).max("Workspace".len());
    let needed = |columns: &[(&str, usize)]| {
        folder_width + columns.iter().map(|(_, w)| w).sum::<usize>() + table_overhead(columns.len() + 1)
    };
    let columns: &[(&str, usize)] = if needed(&TABLE_COLUMNS) <= width { &TABLE_COLUMNS } else { &TABLE_COLUMNS[..4] };
    // The folder gets what the other columns leave, at least 12 characters (a longer name wraps).
    let folder_max = width.saturating_sub(needed(columns) - folder_width).max(12);
    let mut header = vec!["Workspace"];
    header.extend(columns.iter().map(|(h, _)| *h));
    let mut t = table::new(&header, width);
    for e in &p.workspaces {
        let folder = crate::render::clip_words(&name(e), folder_max);
        match &e.row {
            None => {
                t.add_row(vec![Cell::new(folder), Cell::new(e.invalid_label())]);
            }
            Some(r) => {
                let mut cells = vec![
                    Cell::new(folder),
                    right(crate::render::percent(r.score)),
                    Cell::new(r.stage_1.label()),
                    Cell::new(r.stage_2.label()),
                    right(r.overdue.len().to_string()),
                ];
                if columns.len() == TABLE_COLUMNS.len() {
                    cells.push(Cell::new(
                        r.next_eu_deadline.as_ref().map_or("none".to_string(), |d| d.applies_from.to_string()),
                    ));
                    cells.push(Cell::new(r.target_audit_date.map_or("not set".to_string(), |d| d.to_string())));
                }
                t.add_row(cells);
            }
        }
    }
    let _ = writeln!(out, "{t}");
    out.push_str(&crate::render::wrap("Counts: compliant / partial / non-compliant / not assessed.", width, "", 2));
    for e in &p.workspaces {
        out.push('\n');
        let Some(r) = &e.row else {
            let line = format!("{}: {}; see the messages of the run", e.folder, e.invalid_label());
            out.push_str(&crate::render::wrap(&escape::terminal(&line), width, "", 2));
            continue;
        };
        let heading = format!("{} ({})", e.folder, r.organisation);
        out.push_str(&crate::render::wrap(&escape::terminal(&heading), width, "", 2));
        let facts =
            format!("counts {}; target audit {}; EU AI Act: {}", counts_text(&r.counts), target_text(r), eu_text(r));
        out.push_str(&crate::render::wrap(&escape::terminal(&facts), width, "  ", 4));
        let gaps: Vec<String> = r.top_gaps.iter().map(|g| format!("{} {} ({})", g.group, g.title, g.unmet)).collect();
        let gaps = if gaps.is_empty() { "none".to_string() } else { gaps.join("; ") };
        out.push_str(&crate::render::wrap(&escape::terminal(&format!("top gaps: {gaps}")), width, "  ", 4));
    }
    out
}

/// The portfolio as one self-contained HTML page: the Markdown of [`markdown`] with a bar chart of the scores.
pub fn html(p: &Portfolio) -> String {
    let mut charts = Charts::new();
    if let Some(chart) = scores_chart(p) {
        charts.insert("scores", chart);
    }
    html::page(&markdown_with(p, true), &charts, "portfolio")
}

/// A horizontal bar per assessed workspace, its length the score (0-100%), with the score in the table's words
/// ([`super::summary::scores::of_counts`]: "100.0% (1 of 2 assessed)", "not assessed"); a score that covers only
/// some of the applicable requirements is drawn as an outlined, lighter bar.
fn scores_chart(p: &Portfolio) -> Option<String> {
    let rows: Vec<(&str, Option<f64>, String, bool)> = p
        .workspaces
        .iter()
        .filter_map(|e| e.row.as_ref())
        .map(|r| {
            let partly = super::summary::scores::partly_assessed(&r.counts).is_some();
            (r.organisation.as_str(), r.score, super::summary::scores::of_counts(&r.counts), partly)
        })
        .collect();
    if rows.is_empty() {
        return None;
    }
    let (label_width, plot, bar, gap) = (230.0, 420.0, 22.0, 8.0);
    let height = rows.len() as f64 * (bar + gap) + 8.0;
    let words: Vec<String> = rows.iter().map(|(name, _, value, _)| format!("{name} {value}")).collect();
    let mut desc = format!("Overall score of each workspace, from 0 to 100%: {}.", words.join("; "));
    if rows.iter().any(|r| r.3) {
        desc.push_str(" An outlined, lighter bar is a score over only the requirements assessed so far.");
    }
    let mut out = svg::open("portfolio-scores", label_width + plot + 190.0, height, "Score by workspace", &desc);
    for (i, (name, score, value, partly)) in rows.iter().enumerate() {
        let y = i as f64 * (bar + gap) + 4.0;
        // A long organisation name wraps onto two lines; the whole name is its tooltip.
        let _ = writeln!(out, "{}", svg::side_label(name, label_width - 8.0, y + bar / 2.0, 36, 2, 11.0));
        let w = plot * score.unwrap_or(0.0).clamp(0.0, 100.0) / 100.0;
        let fill = if *partly { "fill=\"#c6dbef\" stroke=\"#1f5f99\" stroke-width=\"2\"" } else { "fill=\"#1f5f99\"" };
        let _ = writeln!(
            out,
            "<rect x=\"{label_width:.1}\" y=\"{y:.1}\" width=\"{plot:.1}\" height=\"{bar:.1}\" fill=\"#e4e7eb\"/>\n\
             <rect x=\"{label_width:.1}\" y=\"{y:.1}\" width=\"{w:.1}\" height=\"{bar:.1}\" {fill}/>\n\
             <text x=\"{:.1}\" y=\"{:.1}\" fill=\"#1f2933\">{}</text>",
            label_width + plot + 6.0,
            y + bar / 2.0 + 4.0,
            svg::text(value)
        );
    }
    out.push_str("</svg>\n");
    Some(format!(
        "<figure class=\"chart chart-scores\" role=\"img\" aria-label=\"Score by workspace\">\n{out}<figcaption>Overall \
         score of each assessed workspace{}; the table holds the same numbers.</figcaption>\n</figure>\n",
        if rows.iter().any(|r| r.3) {
            " (an outlined, lighter bar: a score over only the requirements assessed so far)"
        } else {
            ""
        }
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::assess::eu_obligations::ObligationState;

    fn obligation(article: &str, applies_from: &str, in_force: bool, state: ObligationState) -> ObligationResult {
        ObligationResult {
            id: article.to_string(),
            article: article.to_string(),
            title: String::new(),
            source: String::new(),
            applies_from: applies_from.parse().unwrap(),
            days_left: 0,
            in_force,
            applies_now: in_force,
            triggered_by: Vec::new(),
            outside_management_system: false,
            support: Vec::new(),
            facts: Vec::new(),
            coverage: None,
            state,
            note: None,
        }
    }

    #[test]
    fn open_eu_obligations_leave_out_those_met_and_name_every_article_of_the_next_date() {
        use ObligationState::*;
        let mut all = vec![
            obligation("Art. 4", "2025-02-02", true, Supported),
            obligation("Art. 50(1)", "2026-08-02", true, Recorded),
            obligation("Art. 26(11)", "2026-08-02", true, Open),
            obligation("Art. 26(2)", "2026-08-02", true, PartlySupported),
            obligation("Art. 26(2)", "2026-08-02", true, Open),
        ];
        let now = open_now(all.iter()).unwrap();
        assert_eq!(
            (now.articles.as_slice(), now.obligations),
            (&["Art. 26(2)".to_string(), "Art. 26(11)".into()][..], 3)
        );
        assert!(next_deadline(all.iter()).is_none(), "nothing ahead");
        let mut ahead = |article: &str, date: &str, state| {
            let mut o = obligation(article, date, false, state);
            o.days_left = 10;
            all.push(o);
        };
        ahead("Art. 10", "2027-12-02", Open);
        ahead("Art. 9", "2027-12-02", PartlySupported);
        ahead("Art. 43", "2027-12-02", Supported);
        ahead("Art. 6", "2028-08-02", Open);
        let next = next_deadline(all.iter()).unwrap();
        assert_eq!(next.applies_from.to_string(), "2027-12-02");
        assert_eq!(next.articles, ["Art. 9", "Art. 10"], "every open article of the date, in order; none met");
        assert!(open_now(all[..2].iter()).is_none(), "only met obligations: nothing open");
    }
}
