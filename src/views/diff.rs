//! `aims diff OLD NEW`: what changed between two assessments (JSON reports, or workspace folders assessed on the
//! spot): scores overall, per group and per system; requirements newly met, newly unmet and still unmet; findings
//! added and resolved. Reads reports through a small view of the JSON so that it only depends on the fields the
//! report's schema guarantees.

use std::collections::{BTreeMap, BTreeSet};

use serde::{Deserialize, Serialize};

use crate::workspace::Status;

/// The parts of a JSON report that `diff` compares.
#[derive(Debug, Clone, Deserialize)]
pub struct ReportView {
    pub schema_version: u32,
    pub as_of: String,
    pub summary: SummaryView,
    pub groups: Vec<ScoredView>,
    pub requirements: Vec<RequirementView>,
    pub systems: Vec<SystemView>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct SummaryView {
    pub score: Option<f64>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct ScoredView {
    pub id: String,
    pub title: String,
    pub score: Option<f64>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct SystemView {
    pub id: String,
    pub name: String,
    pub in_scope: bool,
    pub score: Option<f64>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct RequirementView {
    pub id: String,
    pub title: String,
    pub status: Status,
    pub findings: Vec<FindingView>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct FindingView {
    pub code: String,
    pub message: String,
    #[serde(default)]
    pub system: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ScoreChange {
    pub id: String,
    pub title: String,
    pub old: Option<f64>,
    pub new: Option<f64>,
    /// `new - old`, when both exist.
    pub change: Option<f64>,
}

#[derive(Debug, Clone, Serialize)]
pub struct StatusChange {
    pub id: String,
    pub title: String,
    pub old: Option<Status>,
    pub new: Option<Status>,
}

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct FindingChange {
    pub requirement: String,
    pub code: String,
    pub system: Option<String>,
    pub message: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct Diff {
    pub schema_version: u32,
    pub old_as_of: String,
    pub new_as_of: String,
    pub score: ScoreChange,
    /// Groups (clauses, Annex A objectives) whose score changed.
    pub groups: Vec<ScoreChange>,
    /// Systems whose score changed, or that were added or removed.
    pub systems: Vec<ScoreChange>,
    pub newly_met: Vec<StatusChange>,
    pub newly_unmet: Vec<StatusChange>,
    pub still_unmet: Vec<StatusChange>,
    /// Other status changes (e.g. non-compliant to partially compliant).
    pub changed: Vec<StatusChange>,
    pub findings_added: Vec<FindingChange>,
    pub findings_resolved: Vec<FindingChange>,
    /// Anything got worse: a lower score, a requirement newly unmet or a worse status.
    pub regression: bool,
    pub regressions: Vec<String>,
}

fn round(x: f64) -> f64 {
    (x * 10.0).round() / 10.0
}

fn score_change(id: &str, title: &str, old: Option<f64>, new: Option<f64>) -> ScoreChange {
    let change = match (old, new) {
        (Some(o), Some(n)) => Some(round(n - o)),
        _ => None,
    };
    ScoreChange { id: id.to_string(), title: title.to_string(), old, new, change }
}

type Scored<'a> = Vec<(&'a str, &'a str, Option<f64>)>;

fn group_list(r: &ReportView) -> Scored<'_> {
    r.groups.iter().map(|g| (g.id.as_str(), g.title.as_str(), g.score)).collect()
}

fn system_list(r: &ReportView) -> Scored<'_> {
    r.systems.iter().filter(|s| s.in_scope).map(|s| (s.id.as_str(), s.name.as_str(), s.score)).collect()
}

fn met(status: Status) -> bool {
    matches!(status, Status::Compliant | Status::NotApplicable)
}

/// Compares two reports.
pub fn diff(old: &ReportView, new: &ReportView) -> Diff {
    let mut regressions = Vec::new();
    let score = score_change("overall", "Overall", old.summary.score, new.summary.score);
    if score.change.is_some_and(|c| c < 0.0) {
        regressions.push(format!("overall score fell by {:.1} points", -score.change.unwrap_or_default()));
    }

    let scored = |label: &str, old: Scored<'_>, new: Scored<'_>, regressions: &mut Vec<String>| {
        let old: BTreeMap<&str, (&str, Option<f64>)> = old.into_iter().map(|(i, t, s)| (i, (t, s))).collect();
        let new: BTreeMap<&str, (&str, Option<f64>)> = new.into_iter().map(|(i, t, s)| (i, (t, s))).collect();
        let ids: BTreeSet<&str> = old.keys().chain(new.keys()).copied().collect();
        let mut out = Vec::new();
        for id in ids {
            let (o, n) = (old.get(id), new.get(id));
            let title = n.or(o).map_or("", |(t, _)| t);
            let c = score_change(id, title, o.and_then(|x| x.1), n.and_then(|x| x.1));
            if o.map(|x| x.1) != n.map(|x| x.1) {
                if c.change.is_some_and(|d| d < 0.0) {
                    regressions.push(format!("{label} {id} fell by {:.1} points", -c.change.unwrap_or_default()));
                }
                out.push(c);
            }
        }
        out
    };
    // Groups keep catalogue order: sort the changes back by the new report's order.
    let order: BTreeMap<&str, usize> = new.groups.iter().enumerate().map(|(i, g)| (g.id.as_str(), i)).collect();
    let mut groups = scored("group", group_list(old), group_list(new), &mut regressions);
    groups.sort_by_key(|g| order.get(g.id.as_str()).copied().unwrap_or(usize::MAX));
    let systems = scored("system", system_list(old), system_list(new), &mut regressions);

    let old_reqs: BTreeMap<&str, &RequirementView> = old.requirements.iter().map(|r| (r.id.as_str(), r)).collect();
    let (mut newly_met, mut newly_unmet, mut still_unmet, mut changed) = (vec![], vec![], vec![], vec![]);
    for r in &new.requirements {
        let before = old_reqs.get(r.id.as_str()).map(|o| o.status);
        let change = StatusChange { id: r.id.clone(), title: r.title.clone(), old: before, new: Some(r.status) };
        match before {
            Some(b) if !met(b) && met(r.status) => newly_met.push(change),
            Some(b) if met(b) && !met(r.status) => {
                regressions.push(format!("{} is newly unmet ({})", r.id, r.status.as_str()));
                newly_unmet.push(change);
            }
            Some(b) if !met(b) && !met(r.status) => {
                if r.status.severity() > b.severity() {
                    regressions.push(format!("{} got worse ({} → {})", r.id, b.as_str(), r.status.as_str()));
                }
                if b != r.status {
                    changed.push(change.clone());
                }
                still_unmet.push(change);
            }
            Some(b) if b != r.status => changed.push(change),
            None if !met(r.status) => newly_unmet.push(change),
            _ => {}
        }
    }

    // Findings are matched by requirement, code and system: their messages carry dates that move every day.
    let keyed = |r: &ReportView| -> BTreeMap<(String, String, Option<String>), FindingChange> {
        r.requirements
            .iter()
            .flat_map(|req| {
                req.findings.iter().map(move |f| {
                    let key = (req.id.clone(), f.code.clone(), f.system.clone());
                    let change = FindingChange {
                        requirement: req.id.clone(),
                        code: f.code.clone(),
                        system: f.system.clone(),
                        message: f.message.clone(),
                    };
                    (key, change)
                })
            })
            .collect()
    };
    let (old_f, new_f) = (keyed(old), keyed(new));
    let findings_added = new_f.iter().filter(|(k, _)| !old_f.contains_key(*k)).map(|(_, v)| v.clone()).collect();
    let findings_resolved = old_f.iter().filter(|(k, _)| !new_f.contains_key(*k)).map(|(_, v)| v.clone()).collect();

    Diff {
        schema_version: 1,
        old_as_of: old.as_of.clone(),
        new_as_of: new.as_of.clone(),
        score,
        groups,
        systems,
        newly_met,
        newly_unmet,
        still_unmet,
        changed,
        findings_added,
        findings_resolved,
        regression: !regressions.is_empty(),
        regressions,
    }
}

fn signed(change: Option<f64>) -> String {
    change.map_or_else(|| "–".to_string(), |c| if c > 0.0 { format!("+{c:.1}") } else { format!("{c:.1}") })
}

fn status_name(s: Option<Status>) -> &'static str {
    s.map_or("absent", Status::label)
}

/// The diff as Markdown (which also reads well in a terminal).
pub fn markdown(d: &Diff) -> String {
    let mut out = format!(
        "# Assessment changes: {} → {}\n\nOverall score: {} → {} ({})\n",
        d.old_as_of,
        d.new_as_of,
        crate::render::percent(d.score.old),
        crate::render::percent(d.score.new),
        signed(d.score.change)
    );
    if d.regression {
        out.push_str("\n**Regressions:**\n\n");
        for r in &d.regressions {
            out.push_str(&format!("- {r}\n"));
        }
    }
    for (heading, list) in [("Scores by clause and objective", &d.groups), ("Scores by AI system", &d.systems)] {
        if !list.is_empty() {
            out.push_str(&format!("\n## {heading}\n\n| | Title | Before | Now | Change |\n|---|---|---:|---:|---:|\n"));
            for c in list {
                out.push_str(&format!(
                    "| {} | {} | {} | {} | {} |\n",
                    c.id,
                    crate::render::md_cell(&c.title),
                    crate::render::percent(c.old),
                    crate::render::percent(c.new),
                    signed(c.change)
                ));
            }
        }
    }
    for (heading, list) in
        [("Newly met", &d.newly_met), ("Newly unmet", &d.newly_unmet), ("Other status changes", &d.changed)]
    {
        if !list.is_empty() {
            out.push_str(&format!("\n## {heading}\n\n"));
            for c in list {
                out.push_str(&format!("- **{}** {}: {} → {}\n", c.id, c.title, status_name(c.old), status_name(c.new)));
            }
        }
    }
    if !d.still_unmet.is_empty() {
        let ids: Vec<&str> = d.still_unmet.iter().map(|c| c.id.as_str()).collect();
        out.push_str(&format!("\n## Still unmet ({})\n\n{}\n", ids.len(), ids.join(", ")));
    }
    for (heading, list) in [("Findings added", &d.findings_added), ("Findings resolved", &d.findings_resolved)] {
        if !list.is_empty() {
            out.push_str(&format!("\n## {heading} ({})\n\n", list.len()));
            for f in list {
                out.push_str(&format!("- {} `{}`: {}\n", f.requirement, f.code, f.message));
            }
        }
    }
    if !d.regression
        && d.groups.is_empty()
        && d.newly_met.is_empty()
        && d.findings_added.is_empty()
        && d.findings_resolved.is_empty()
    {
        out.push_str("\nNo change.\n");
    }
    out
}

/// The diff for an 80-column terminal: the headline, the score changes as a table, and the requirement changes.
pub fn table(d: &Diff) -> String {
    use crate::render::table::{self, right};
    use comfy_table::Cell;
    let mut out = format!(
        "Assessment changes {} → {}\nOverall score {} → {} ({})\n",
        d.old_as_of,
        d.new_as_of,
        crate::render::percent(d.score.old),
        crate::render::percent(d.score.new),
        signed(d.score.change)
    );
    if d.regression {
        out.push_str(&format!("Regressions: {}\n", d.regressions.len()));
        for r in &d.regressions {
            out.push_str(&format!("  - {}\n", crate::render::clip(r, 76)));
        }
    }
    let changes: Vec<&ScoreChange> = d.groups.iter().chain(&d.systems).collect();
    if !changes.is_empty() {
        let mut table = table::new(&["Group or system", "Before", "Now", "Change"]);
        for c in changes {
            table.add_row(vec![
                Cell::new(crate::render::clip(&format!("{} {}", c.id, c.title), 44)),
                right(crate::render::percent(c.old)),
                right(crate::render::percent(c.new)),
                right(signed(c.change)),
            ]);
        }
        out.push_str(&format!("\n{table}\n"));
    }
    for (label, list) in [("Newly met", &d.newly_met), ("Newly unmet", &d.newly_unmet), ("Still unmet", &d.still_unmet)]
    {
        if !list.is_empty() {
            // Lines below 80 columns, IDs never split.
            let first = format!("{label} ({}): ", list.len());
            out.push('\n');
            out.push_str(&crate::render::wrap_words(list.iter().map(|c| c.id.as_str()), 79, &first, 2));
        }
    }
    out.push_str(&format!(
        "\nFindings: {} added, {} resolved. Details: --format markdown\n",
        d.findings_added.len(),
        d.findings_resolved.len()
    ));
    out
}
