//! `aims diff OLD NEW`: what changed between two assessments (JSON reports, or workspace folders assessed on the
//! spot): scores overall, per group and per system; requirements newly met, newly unmet and still unmet; findings
//! added and resolved. Reads reports through a small view of the JSON so that it only depends on the fields the
//! report's schema guarantees.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::assess::Assessment;
use crate::render::escape;
use crate::workspace::Status;

/// The parts of a JSON report that `diff` compares.
#[derive(Debug, Clone, Deserialize)]
pub struct ReportView {
    /// The report's `schema_version`; the command line refuses a version it does not read.
    pub schema_version: u32,
    /// The report's as-of date, as written (`YYYY-MM-DD`).
    pub as_of: String,
    /// The overall figures.
    pub summary: SummaryView,
    /// The clauses and Annex A objectives with their scores.
    pub groups: Vec<ScoredView>,
    /// Every requirement with its status and findings.
    pub requirements: Vec<RequirementView>,
    /// Every AI system with its score.
    pub systems: Vec<SystemView>,
}

/// The oldest report `schema_version` that `aims diff` compares. Version 2 only added fields to version 1
/// (docs/json.md), and the fields a diff reads are the same in both, so reports committed before the change still
/// compare.
pub const OLDEST_READABLE_SCHEMA_VERSION: u32 = 1;

impl ReportView {
    /// Reads a JSON report (`aims gap --format json`) from `path`: a regular file of at most
    /// [`crate::input::MAX_REPORT_BYTES`].
    ///
    /// # Errors
    /// [`ReportError`]: the file cannot be read, is not JSON, has a `schema_version` outside
    /// [`OLDEST_READABLE_SCHEMA_VERSION`] to [`crate::assess::REPORT_SCHEMA_VERSION`], or lacks a field the view needs.
    pub fn read(path: &Path) -> Result<ReportView, ReportError> {
        let text = crate::input::read_to_string(path, crate::input::MAX_REPORT_BYTES)
            .map_err(|source| ReportError::Read { path: path.to_path_buf(), source })?;
        let value =
            serde_json::from_str(&text).map_err(|source| ReportError::NotJson { path: path.to_path_buf(), source })?;
        ReportView::from_value(value, path)
    }

    /// The view of an assessment made now, as if its JSON report had been written to `path` and read back.
    ///
    /// # Errors
    /// [`ReportError`], which an assessment of this aims does not cause.
    pub fn from_assessment(assessment: &Assessment, path: &Path) -> Result<ReportView, ReportError> {
        let value = serde_json::to_value(assessment).map_err(ReportError::Serialise)?;
        ReportView::from_value(value, path)
    }

    fn from_value(value: serde_json::Value, path: &Path) -> Result<ReportView, ReportError> {
        let found = value.get("schema_version").and_then(serde_json::Value::as_u64);
        let readable = u64::from(OLDEST_READABLE_SCHEMA_VERSION)..=u64::from(crate::assess::REPORT_SCHEMA_VERSION);
        if !found.is_some_and(|v| readable.contains(&v)) {
            return Err(ReportError::Version { path: path.to_path_buf(), found });
        }
        serde_json::from_value(value).map_err(|source| ReportError::NotAReport { path: path.to_path_buf(), source })
    }
}

/// Why a JSON report cannot be compared. The text names the file; an I/O or JSON error is its `source()`.
#[derive(Debug, thiserror::Error)]
pub enum ReportError {
    /// The file cannot be read.
    #[error("cannot read {}", path.display())]
    Read {
        /// The report's path.
        path: PathBuf,
        /// What the file system said.
        source: std::io::Error,
    },
    /// The file is not JSON; the text starts with `path:line:column` of the first error.
    #[error("{}:{}:{}: not a JSON report of `aims gap --format json`", path.display(), source.line(), source.column())]
    NotJson {
        /// The report's path.
        path: PathBuf,
        /// The JSON parser's error.
        source: serde_json::Error,
    },
    /// The report's `schema_version` is missing or not one this aims reads.
    #[error(
        "{}: report schema_version {} is not one this aims reads ({} to {}); regenerate it with this version",
        path.display(),
        found.map_or_else(|| "missing".to_string(), |v| v.to_string()),
        OLDEST_READABLE_SCHEMA_VERSION,
        crate::assess::REPORT_SCHEMA_VERSION
    )]
    Version {
        /// The report's path.
        path: PathBuf,
        /// Its `schema_version`, when it is a number.
        found: Option<u64>,
    },
    /// The JSON lacks a field of the report, or has one of another type.
    #[error("{}: not a JSON report of `aims gap --format json`", path.display())]
    NotAReport {
        /// The report's path.
        path: PathBuf,
        /// The JSON reader's error.
        source: serde_json::Error,
    },
    /// An assessment could not be turned into JSON.
    #[error(transparent)]
    Serialise(serde_json::Error),
}

/// The part of a report's `summary` that `diff` compares.
#[derive(Debug, Clone, Deserialize)]
pub struct SummaryView {
    /// The overall score in percent, rounded to one decimal; `null` when nothing was assessed.
    pub score: Option<f64>,
    /// The requirements by status, from which the unrounded score is computed; `None` in a report without them.
    #[serde(default)]
    pub counts: Option<CountsView>,
}

/// The statuses a score is computed from, as a report's `counts` give them (other statuses are not scored).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
pub struct CountsView {
    /// Compliant.
    #[serde(default)]
    pub compliant: usize,
    /// Partially compliant.
    #[serde(default)]
    pub partially_compliant: usize,
    /// Non-compliant.
    #[serde(default)]
    pub non_compliant: usize,
}

/// The score a change is computed from: the unrounded `(compliant + 0.5 × partially compliant) / (compliant +
/// partially compliant + non-compliant)` in percent when the counts give the score the report prints (every report
/// of this aims), otherwise the printed score itself. Subtracting two rounded scores is off by up to 0.1: 66.7 → 83.3
/// is +16.7 (from 66.666… and 83.333…), not +16.6.
fn unrounded(printed: Option<f64>, counts: Option<CountsView>) -> Option<f64> {
    let printed = printed?;
    let exact = counts.and_then(|c| {
        let assessed = c.compliant + c.partially_compliant + c.non_compliant;
        (assessed > 0).then(|| (c.compliant as f64 + 0.5 * c.partially_compliant as f64) * 100.0 / assessed as f64)
    });
    match exact {
        Some(x) if (round(x) - printed).abs() < 1e-9 => Some(x),
        _ => Some(printed),
    }
}

/// A group of a report (a clause or an Annex A objective) with its score.
#[derive(Debug, Clone, Deserialize)]
pub struct ScoredView {
    /// The group's ID: "6", "A.5".
    pub id: String,
    /// The group's title.
    pub title: String,
    /// Its score in percent; `null` when nothing in it was assessed.
    pub score: Option<f64>,
    /// Its requirements by status; `None` in a report without them.
    #[serde(default)]
    pub counts: Option<CountsView>,
}

/// An AI system of a report with its score.
#[derive(Debug, Clone, Deserialize)]
pub struct SystemView {
    /// The system's ID.
    pub id: String,
    /// The system's name.
    pub name: String,
    /// Whether it is inside the AI management system's scope; only in-scope systems are compared.
    pub in_scope: bool,
    /// Its score in percent; `null` when nothing was assessed for it.
    pub score: Option<f64>,
    /// Its per-system statuses by status; `None` in a report without them.
    #[serde(default)]
    pub counts: Option<CountsView>,
}

/// A requirement of a report with its status and findings.
#[derive(Debug, Clone, Deserialize)]
pub struct RequirementView {
    /// The requirement's ID.
    pub id: String,
    /// Its short title.
    pub title: String,
    /// Its status.
    pub status: Status,
    /// Its findings.
    pub findings: Vec<FindingView>,
}

/// A finding of a report.
#[derive(Debug, Clone, Deserialize)]
pub struct FindingView {
    /// The rule code.
    pub code: String,
    /// The message.
    pub message: String,
    /// The AI system it is about, if any.
    #[serde(default)]
    pub system: Option<String>,
}

/// A score before and after: overall, of a group or of an AI system.
#[derive(Debug, Clone, Serialize)]
pub struct ScoreChange {
    /// `overall`, a group ID or a system ID.
    pub id: String,
    /// The title or name (the new report's when both have one).
    pub title: String,
    /// The score in the old report, in percent; `null` when absent or not assessed.
    pub old: Option<f64>,
    /// The score in the new report, in percent; `null` when absent or not assessed.
    pub new: Option<f64>,
    /// `new - old` in points, to one decimal, computed from the unrounded scores when both exist (so 66.7 → 83.3
    /// is +16.7, not +16.6).
    pub change: Option<f64>,
}

/// A requirement's status before and after.
#[derive(Debug, Clone, Serialize)]
pub struct StatusChange {
    /// The requirement's ID.
    pub id: String,
    /// Its title in the new report.
    pub title: String,
    /// Its status in the old report; `null` when the old report lacks it.
    pub old: Option<Status>,
    /// Its status in the new report.
    pub new: Option<Status>,
}

/// A finding found in one report and not the other (matched by requirement, code and system).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct FindingChange {
    /// The requirement's ID.
    pub requirement: String,
    /// The rule code.
    pub code: String,
    /// The AI system it is about, if any.
    pub system: Option<String>,
    /// The message, from the report that has the finding.
    pub message: String,
}

/// What changed between two assessments: what `aims diff --format json` prints.
#[derive(Debug, Clone, Serialize)]
pub struct Diff {
    /// The version of this shape: 1.
    pub schema_version: u32,
    /// The old report's as-of date.
    pub old_as_of: String,
    /// The new report's as-of date.
    pub new_as_of: String,
    /// The overall score before and after.
    pub score: ScoreChange,
    /// Groups (clauses, Annex A objectives) whose score changed.
    pub groups: Vec<ScoreChange>,
    /// Systems whose score changed, or that were added or removed.
    pub systems: Vec<ScoreChange>,
    /// Requirements unmet before and met (compliant or not applicable) now.
    pub newly_met: Vec<StatusChange>,
    /// Requirements met before, or absent, and unmet now.
    pub newly_unmet: Vec<StatusChange>,
    /// Requirements unmet before and now.
    pub still_unmet: Vec<StatusChange>,
    /// Other status changes (e.g. non-compliant to partially compliant).
    pub changed: Vec<StatusChange>,
    /// Findings in the new report only.
    pub findings_added: Vec<FindingChange>,
    /// Findings in the old report only.
    pub findings_resolved: Vec<FindingChange>,
    /// Anything got worse: a lower score, a requirement newly unmet or a worse status.
    pub regression: bool,
    /// Each regression in words, for people.
    pub regressions: Vec<String>,
}

fn round(x: f64) -> f64 {
    (x * 10.0).round() / 10.0
}

/// A score as a report prints it, with the counts behind it.
#[derive(Debug, Clone, Copy)]
struct Score {
    printed: Option<f64>,
    counts: Option<CountsView>,
}

impl Score {
    fn new(printed: Option<f64>, counts: Option<CountsView>) -> Score {
        Score { printed, counts }
    }
}

fn score_change(id: &str, title: &str, old: Option<Score>, new: Option<Score>) -> ScoreChange {
    let exact = |s: Option<Score>| s.and_then(|s| unrounded(s.printed, s.counts));
    let change = match (exact(old), exact(new)) {
        // `+ 0.0` turns a rounded -0.0 into 0.0.
        (Some(o), Some(n)) => Some(round(n - o) + 0.0),
        _ => None,
    };
    let printed = |s: Option<Score>| s.and_then(|s| s.printed);
    ScoreChange { id: id.to_string(), title: title.to_string(), old: printed(old), new: printed(new), change }
}

type Scored<'a> = Vec<(&'a str, &'a str, Score)>;

fn group_list(r: &ReportView) -> Scored<'_> {
    r.groups.iter().map(|g| (g.id.as_str(), g.title.as_str(), Score::new(g.score, g.counts))).collect()
}

fn system_list(r: &ReportView) -> Scored<'_> {
    r.systems
        .iter()
        .filter(|s| s.in_scope)
        .map(|s| (s.id.as_str(), s.name.as_str(), Score::new(s.score, s.counts)))
        .collect()
}

fn met(status: Status) -> bool {
    matches!(status, Status::Compliant | Status::NotApplicable)
}

/// Compares two reports.
pub fn diff(old: &ReportView, new: &ReportView) -> Diff {
    let mut regressions = Vec::new();
    let score = score_change(
        "overall",
        "Overall",
        Some(Score::new(old.summary.score, old.summary.counts)),
        Some(Score::new(new.summary.score, new.summary.counts)),
    );
    if score.change.is_some_and(|c| c < 0.0) {
        regressions.push(format!("overall score fell by {:.1} points", -score.change.unwrap_or_default()));
    }

    let scored = |label: &str, old: Scored<'_>, new: Scored<'_>, regressions: &mut Vec<String>| {
        let old: BTreeMap<&str, (&str, Score)> = old.into_iter().map(|(i, t, s)| (i, (t, s))).collect();
        let new: BTreeMap<&str, (&str, Score)> = new.into_iter().map(|(i, t, s)| (i, (t, s))).collect();
        // In natural order (`s2` before `s10`), which also orders the regressions.
        let mut ids: Vec<&str> =
            old.keys().chain(new.keys()).copied().collect::<BTreeSet<&str>>().into_iter().collect();
        ids.sort_by(|a, b| crate::ids::natural_cmp(a, b));
        let mut out = Vec::new();
        for id in ids {
            let (o, n) = (old.get(id), new.get(id));
            let title = n.or(o).map_or("", |(t, _)| t);
            let c = score_change(id, title, o.map(|x| x.1), n.map(|x| x.1));
            if o.map(|x| x.1.printed) != n.map(|x| x.1.printed) {
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
        schema_version: crate::assess::REPORT_SCHEMA_VERSION,
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

/// The diff as Markdown (which also reads well in a terminal). Every text read from the reports is escaped
/// ([`escape::markdown`]): a report is a file anyone may have written.
pub fn markdown(d: &Diff) -> String {
    let mut out = format!(
        "# Assessment changes: {} → {}\n\nOverall score: {} → {} ({})\n",
        escape::markdown(&d.old_as_of),
        escape::markdown(&d.new_as_of),
        crate::render::percent(d.score.old),
        crate::render::percent(d.score.new),
        signed(d.score.change)
    );
    if d.regression {
        out.push_str("\n**Regressions:**\n\n");
        for r in &d.regressions {
            out.push_str(&format!("- {}\n", escape::markdown(r)));
        }
    }
    for (heading, list) in [("Scores by clause and objective", &d.groups), ("Scores by AI system", &d.systems)] {
        if !list.is_empty() {
            out.push_str(&format!("\n## {heading}\n\n| | Title | Before | Now | Change |\n|---|---|---:|---:|---:|\n"));
            for c in list {
                out.push_str(&format!(
                    "| {} | {} | {} | {} | {} |\n",
                    escape::markdown(&c.id),
                    escape::markdown(&c.title),
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
                out.push_str(&format!(
                    "- **{}** {}: {} → {}\n",
                    escape::markdown(&c.id),
                    escape::markdown(&c.title),
                    status_name(c.old),
                    status_name(c.new)
                ));
            }
        }
    }
    if !d.still_unmet.is_empty() {
        let ids: Vec<&str> = d.still_unmet.iter().map(|c| c.id.as_str()).collect();
        out.push_str(&format!("\n## Still unmet ({})\n\n{}\n", ids.len(), escape::markdown(&ids.join(", "))));
    }
    for (heading, list) in [("Findings added", &d.findings_added), ("Findings resolved", &d.findings_resolved)] {
        if !list.is_empty() {
            out.push_str(&format!("\n## {heading} ({})\n\n", list.len()));
            for f in list {
                out.push_str(&format!(
                    "- {} {}: {}\n",
                    escape::markdown(&f.requirement),
                    escape::markdown_code(&f.code),
                    escape::markdown_message(&f.message)
                ));
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

/// The diff for a terminal `width` columns wide: the headline, the score changes as a table, and the requirement changes.
/// Every text read from the reports goes through [`escape::terminal`].
pub fn table(d: &Diff, width: usize) -> String {
    use crate::render::table::{self, right};
    use comfy_table::Cell;
    let mut out = format!(
        "Assessment changes {} → {}\nOverall score {} → {} ({})\n",
        escape::terminal(&d.old_as_of),
        escape::terminal(&d.new_as_of),
        crate::render::percent(d.score.old),
        crate::render::percent(d.score.new),
        signed(d.score.change)
    );
    if d.regression {
        out.push_str(&format!("Regressions: {}\n", d.regressions.len()));
        for r in &d.regressions {
            out.push_str(&format!(
                "  - {}\n",
                crate::render::clip_words(&escape::terminal(r), width.saturating_sub(4))
            ));
        }
    }
    let changes: Vec<&ScoreChange> = d.groups.iter().chain(&d.systems).collect();
    if !changes.is_empty() {
        let mut table = table::new(&["Group or system", "Before", "Now", "Change"], width);
        for c in changes {
            table.add_row(vec![
                Cell::new(crate::render::clip_words(&escape::terminal(&format!("{} {}", c.id, c.title)), 44)),
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
            // Lines narrower than the terminal, IDs never split.
            let first = format!("{label} ({}): ", list.len());
            out.push('\n');
            let ids: Vec<_> = list.iter().map(|c| escape::terminal(&c.id)).collect();
            out.push_str(&crate::render::wrap_words(
                ids.iter().map(|id| id.as_ref()),
                width.saturating_sub(1),
                &first,
                2,
            ));
        }
    }
    out.push_str(&format!(
        "\nFindings: {} added, {} resolved. Details: --format markdown\n",
        d.findings_added.len(),
        d.findings_resolved.len()
    ));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A report whose overall score and one system's score come from `counts` (compliant, partial, non-compliant).
    fn report(counts: (usize, usize, usize)) -> ReportView {
        let (c, p, n) = counts;
        let score = (c as f64 + 0.5 * p as f64) * 1000.0 / (c + p + n) as f64;
        let score = score.round() / 10.0;
        let counts = serde_json::json!({"compliant": c, "partially_compliant": p, "non_compliant": n,
            "not_applicable": 0, "not_assessed": 0});
        let value = serde_json::json!({
            "schema_version": 2,
            "as_of": "2026-01-01",
            "summary": {"score": score, "counts": counts},
            "groups": [{"id": "A.6", "title": "AI system life cycle", "score": score, "counts": counts}],
            "requirements": [],
            "systems": [{"id": "s", "name": "S", "in_scope": true, "score": score, "counts": counts}],
        });
        ReportView::from_value(value, Path::new("r.json")).unwrap()
    }

    #[test]
    fn a_score_change_is_computed_from_unrounded_scores_not_from_the_rounded_figures() {
        // 2 of 3 compliant (66.666…, printed 66.7) to 5 of 6 (83.333…, printed 83.3): +16.7, not 83.3 - 66.7 = +16.6.
        let d = diff(&report((2, 0, 1)), &report((5, 0, 1)));
        assert_eq!((d.score.old, d.score.new, d.score.change), (Some(66.7), Some(83.3), Some(16.7)));
        assert_eq!(d.groups[0].change, Some(16.7));
        assert_eq!(d.systems[0].change, Some(16.7));
        // And back down: the fall is 16.7 points too.
        let d = diff(&report((5, 0, 1)), &report((2, 0, 1)));
        assert_eq!(d.score.change, Some(-16.7));
        assert_eq!(d.regressions[0], "overall score fell by 16.7 points");
    }

    #[test]
    fn a_report_without_counts_or_with_counts_that_disagree_falls_back_to_the_printed_score() {
        let mut old = report((2, 0, 1));
        let new = report((5, 0, 1));
        old.summary.counts = None;
        assert_eq!(diff(&old, &new).score.change, Some(16.6));
        // Counts that do not give the printed score (another formula wrote the report) are not used.
        old.summary.counts = Some(CountsView { compliant: 1, partially_compliant: 0, non_compliant: 1 });
        assert_eq!(diff(&old, &new).score.change, Some(16.6));
    }

    #[test]
    fn a_change_that_rounds_to_nothing_is_zero_not_minus_zero() {
        // 66.7 as printed (no counts) to 66.666… unrounded: -0.033 rounds to -0.0, shown as 0.0 and no regression.
        let mut old = report((2, 0, 1));
        old.summary.counts = None;
        let d = diff(&old, &report((2, 0, 1)));
        assert_eq!(signed(d.score.change), "0.0");
        assert!(!d.regression);
    }
}
