//! CISO Assistant (intuitem's open-source GRC platform) and its ISO/IEC 42001 framework, library `iso42001-2023`.
//!
//! **Out** ([`audit`], then [`write::csv`] or [`write::xlsx`]): one row per assessable requirement node of that
//! framework, in the columns its data wizard's audit import reads: `urn`, `assessable`, `ref_id`, `name`,
//! `description` (these two only help a person find the row; the import does not read them), `compliance_result`,
//! `requirement_progress` and `observations`. Every row is assessable (`assessable` true), since the import skips a
//! row without a true `assessable` cell. There is no `score` column: CISO Assistant's scores for this framework are
//! maturity levels 0-5, and aims has no maturity level to give (its score is a percentage, a different measure).
//!
//! **In** ([`read`] then [`import`]): its audit export (XLSX, or its `;`-separated CSV) read row by row by the same
//! rules its own import follows, into an assessment file in the `assessment.yaml` shape.
//!
//! **6.1.** aims assesses clause 6.1 as its four sub-clauses 6.1.1-6.1.4; the framework has one assessable `6.1` and
//! no sub-clauses (7.5, 9.2 and 9.3 it does split, as aims does). Out, the four are rolled up into the one `6.1` row by
//! [`roll_up`]: the least-met status wins. In, the `6.1` row's result is copied to each of 6.1.1-6.1.4, with a note
//! saying so, since one result cannot say which sub-clause falls short.
//!
//! **Status.** `compliance_result` takes the same five values as aims' status; the status exported is the one aims
//! assessed from the evidence, not the one the workspace declares. `requirement_progress` comes from [`progress`].

pub mod import;
pub mod read;
pub mod write;

use std::fmt;

use crate::assess::{Assessment, RequirementResult};
use crate::catalogue::Catalogue;
use crate::workspace::Status;

/// The framework's reference in CISO Assistant's library.
pub const FRAMEWORK: &str = "iso42001-2023";

/// What every requirement node URN of the framework starts with; the node's `ref_id` follows in lower case
/// (`urn:intuitem:risk:req_node:iso42001-2023:a.2.2` for `A.2.2`).
pub const URN_PREFIX: &str = "urn:intuitem:risk:req_node:iso42001-2023:";

/// The columns of the file aims writes, in order.
pub const COLUMNS: [&str; 8] =
    ["urn", "assessable", "ref_id", "name", "description", "compliance_result", "requirement_progress", "observations"];

/// The clause the framework assesses as one node, where aims assesses [`SPLIT`].
pub const ROLLED_UP: &str = "6.1";

/// aims' sub-clauses of [`ROLLED_UP`], in order.
pub const SPLIT: [&str; 4] = ["6.1.1", "6.1.2", "6.1.3", "6.1.4"];

/// A requirement assessment's workflow state in CISO Assistant (`requirement_progress` in its files; `status` in
/// its data model): how far the assessment of the requirement has got, not whether it is met.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Progress {
    /// Not started.
    ToDo,
    /// Started, not finished.
    InProgress,
    /// Finished, awaiting review.
    InReview,
    /// Finished.
    Done,
}

impl Progress {
    /// Every value, in workflow order.
    pub const ALL: [Progress; 4] = [Progress::ToDo, Progress::InProgress, Progress::InReview, Progress::Done];

    /// The value as CISO Assistant writes it: `to_do`, `in_progress`, `in_review`, `done`.
    pub fn as_str(self) -> &'static str {
        match self {
            Progress::ToDo => "to_do",
            Progress::InProgress => "in_progress",
            Progress::InReview => "in_review",
            Progress::Done => "done",
        }
    }

    /// The value written `text` (as [`Progress::as_str`] writes it, in any letter case, surrounding space ignored).
    pub fn parse(text: &str) -> Option<Progress> {
        let text = text.trim();
        Progress::ALL.into_iter().find(|p| p.as_str().eq_ignore_ascii_case(text))
    }
}

impl fmt::Display for Progress {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One row of the audit file: one assessable requirement node of the framework.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct AuditRow {
    /// The node's `ref_id`: `4.1`, `6.1`, `A.6.2.4`.
    pub ref_id: String,
    /// The requirement's title, for a person reading the file.
    pub name: String,
    /// aims' own summary of the requirement, for a person reading the file (not ISO text).
    pub description: String,
    /// `compliance_result`: the status aims assessed.
    pub result: Status,
    /// `requirement_progress`.
    pub progress: Progress,
    /// `observations`: what aims found, one item a line; empty when there is nothing to say.
    pub observations: String,
}

impl AuditRow {
    /// The node's URN: [`URN_PREFIX`] and the `ref_id` in lower case.
    pub fn urn(&self) -> String {
        urn(&self.ref_id)
    }
}

/// The URN of the framework's node `ref_id`.
pub fn urn(ref_id: &str) -> String {
    format!("{URN_PREFIX}{}", ref_id.to_ascii_lowercase())
}

/// The rows of the audit file for `assessment`, in catalogue order, with [`SPLIT`] rolled up into one
/// [`ROLLED_UP`] row where 6.1.1 stands. A sub-clause the assessment lacks is counted as not assessed.
pub fn audit(catalogue: &Catalogue, assessment: &Assessment) -> Vec<AuditRow> {
    let mut rows = Vec::with_capacity(assessment.requirements.len());
    for r in &assessment.requirements {
        if SPLIT.contains(&r.id.as_str()) {
            if r.id == SPLIT[0] {
                rows.push(rolled_up_row(catalogue, assessment));
            }
            continue;
        }
        let description = catalogue.get(&r.id).map(|c| c.summary.clone()).unwrap_or_default();
        rows.push(AuditRow {
            ref_id: r.id.clone(),
            name: r.title.clone(),
            description,
            result: r.status,
            progress: progress(r),
            observations: observations(assessment, r).join("\n"),
        });
    }
    rows
}

/// The one row that stands for [`SPLIT`].
fn rolled_up_row(catalogue: &Catalogue, assessment: &Assessment) -> AuditRow {
    let parts: Vec<Option<&RequirementResult>> =
        SPLIT.iter().map(|id| assessment.requirements.iter().find(|r| r.id == *id)).collect();
    let statuses: Vec<Status> = parts.iter().map(|p| p.map_or(Status::NotAssessed, |r| r.status)).collect();
    let progresses: Vec<Progress> = parts.iter().map(|p| p.map_or(Progress::ToDo, progress)).collect();
    let title = catalogue
        .groups
        .iter()
        .flat_map(|g| &g.headings)
        .find(|h| h.id == ROLLED_UP)
        .map_or_else(|| ROLLED_UP.to_string(), |h| h.title.clone());
    let listed: Vec<String> = SPLIT.iter().zip(&statuses).map(|(id, s)| format!("{id} {}", s.as_str())).collect();
    let mut lines = vec![format!(
        "aims assesses {ROLLED_UP} as {}-{}; this row rolls them up, the least-met status winning: {}",
        SPLIT[0],
        SPLIT[SPLIT.len() - 1],
        listed.join(", ")
    )];
    for (id, part) in SPLIT.iter().zip(&parts) {
        if let Some(r) = part {
            lines.extend(observations(assessment, r).into_iter().map(|line| format!("[{id}] {line}")));
        }
    }
    let description = SPLIT
        .iter()
        .filter_map(|id| catalogue.get(id).map(|c| format!("{id}: {}", c.summary)))
        .collect::<Vec<_>>()
        .join("\n");
    AuditRow {
        ref_id: ROLLED_UP.to_string(),
        name: title,
        description,
        result: roll_up(&statuses),
        progress: roll_up_progress(&progresses),
        observations: lines.join("\n"),
    }
}

/// The one status that stands for several (6.1.1-6.1.4 in the `6.1` row): the least-met wins, in the order
/// `non_compliant`, `partially_compliant`, `not_assessed`, `compliant`. A part known to fall short outweighs a part
/// nobody has assessed, and a part nobody has assessed keeps the whole from being compliant. `not_applicable` only
/// when every part is, or when there are none.
pub fn roll_up(statuses: &[Status]) -> Status {
    const WORST_FIRST: [Status; 4] =
        [Status::NonCompliant, Status::PartiallyCompliant, Status::NotAssessed, Status::Compliant];
    WORST_FIRST.into_iter().find(|s| statuses.contains(s)).unwrap_or(Status::NotApplicable)
}

/// The progress that stands for several: `to_do` when every part is, `done` when every part is, `in_progress`
/// otherwise.
fn roll_up_progress(parts: &[Progress]) -> Progress {
    if parts.iter().all(|p| *p == Progress::ToDo) {
        Progress::ToDo
    } else if parts.iter().all(|p| *p == Progress::Done) {
        Progress::Done
    } else {
        Progress::InProgress
    }
}

/// `requirement_progress` from what aims knows of a requirement: `to_do` when it is not assessed at all;
/// `in_progress` when a per-system requirement is assessed for some of the AI systems it is due for but not all
/// (the requirement's status is then `not_assessed` or reflects only part of them); `done` when it has a status
/// from an assessment, whether met or not. aims has no review step, so it never writes `in_review`.
pub fn progress(r: &RequirementResult) -> Progress {
    let systems_assessed = r
        .systems
        .iter()
        .any(|s| matches!(s.status, Status::Compliant | Status::PartiallyCompliant | Status::NonCompliant));
    let systems_open = r.systems.iter().any(|s| s.status == Status::NotAssessed);
    match r.status {
        Status::NotAssessed if systems_assessed => Progress::InProgress,
        Status::NotAssessed => Progress::ToDo,
        _ if systems_open => Progress::InProgress,
        _ => Progress::Done,
    }
}

/// The most findings, and the most evidence records, one row's observations list; a per-system control of a large
/// inventory has one of each per AI system, and a cell of thousands of lines helps nobody. The rest are counted.
pub const MAX_FINDINGS: usize = 50;

/// What an auditor reading the row in CISO Assistant should know, one item a line: the declared status where the
/// evidence lowered it, the findings (`code: message (file:line)`, at most [`MAX_FINDINGS`]), how the AI systems
/// stand, the owner, the evidence, the planned action and the waivers that accept the gap.
fn observations(assessment: &Assessment, r: &RequirementResult) -> Vec<String> {
    let mut lines = Vec::new();
    if let Some(declared) = r.declared
        && declared != r.status
    {
        lines.push(format!(
            "Declared {} in the workspace; aims assessed it {} from what the workspace shows.",
            declared.as_str(),
            r.status.as_str()
        ));
    }
    for f in r.findings.iter().take(MAX_FINDINGS) {
        let message = one_line(&f.message);
        lines.push(match &f.location {
            Some(l) if l.line > 0 => format!("{}: {message} ({}:{})", f.code, l.file, l.line),
            Some(l) => format!("{}: {message} ({})", f.code, l.file),
            None => format!("{}: {message}", f.code),
        });
    }
    if r.findings.len() > MAX_FINDINGS {
        lines.push(format!(
            "… and {} more findings (`aims gap` lists them all)",
            crate::render::grouped(r.findings.len() - MAX_FINDINGS)
        ));
    }
    if let Some(summary) = r.system_summary() {
        lines.push(format!("AI systems: {summary}"));
    }
    if let Some(owner) = &r.owner {
        lines.push(format!("Owner: {}", one_line(owner)));
    }
    let mut evidence = crate::render::evidence_cells(r);
    if !evidence.is_empty() {
        let more = evidence.len().saturating_sub(MAX_FINDINGS);
        evidence.truncate(MAX_FINDINGS);
        if more > 0 {
            evidence.push(format!("and {} more", crate::render::grouped(more)));
        }
        lines.push(format!("Evidence: {}", one_line(&evidence.join("; "))));
    }
    if let Some(a) = crate::render::work(r) {
        let mut who = Vec::new();
        if let Some(owner) = &a.owner {
            who.push(one_line(owner));
        }
        if let Some(due) = a.due {
            who.push(format!("due {due}{}", if a.overdue { ", overdue" } else { "" }));
        }
        let who = if who.is_empty() { String::new() } else { format!(" ({})", who.join(", ")) };
        lines.push(format!("{}: {}{who}", a.label, one_line(&a.description)));
    }
    for w in r.waived_by.iter().filter_map(|i| assessment.waivers.get(*i)) {
        let system = w.system.as_deref().map_or_else(String::new, |s| format!(" for {s}"));
        lines.push(format!(
            "Gap accepted by a waiver{system} until {}: {} ({})",
            w.expires,
            one_line(&w.reason),
            one_line(&w.owner)
        ));
    }
    lines
}

/// Text on one line: line breaks become spaces, so that each observation stays one line.
fn one_line(text: &str) -> String {
    text.replace("\r\n", " ").replace(['\n', '\r'], " ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_least_met_status_wins_the_roll_up() {
        use Status::*;
        assert_eq!(roll_up(&[Compliant, Compliant, Compliant, Compliant]), Compliant);
        assert_eq!(roll_up(&[Compliant, PartiallyCompliant, NotAssessed, Compliant]), PartiallyCompliant);
        assert_eq!(roll_up(&[Compliant, NotAssessed, Compliant, Compliant]), NotAssessed);
        assert_eq!(roll_up(&[PartiallyCompliant, NonCompliant, NotAssessed, Compliant]), NonCompliant);
        assert_eq!(roll_up(&[NotApplicable, Compliant, NotApplicable, NotApplicable]), Compliant);
        assert_eq!(roll_up(&[NotApplicable; 4]), NotApplicable);
    }

    #[test]
    fn progress_rolls_up_to_done_only_when_every_part_is_done() {
        use Progress::*;
        assert_eq!(roll_up_progress(&[Done, Done, Done, Done]), Done);
        assert_eq!(roll_up_progress(&[ToDo, ToDo, ToDo, ToDo]), ToDo);
        assert_eq!(roll_up_progress(&[Done, ToDo, Done, Done]), InProgress);
        assert_eq!(Progress::parse(" In_Review "), Some(InReview));
        assert_eq!(Progress::parse("started"), None);
    }

    #[test]
    fn urns_carry_the_ref_id_in_lower_case() {
        assert_eq!(urn("A.6.2.4"), "urn:intuitem:risk:req_node:iso42001-2023:a.6.2.4");
        assert_eq!(urn("6.1"), "urn:intuitem:risk:req_node:iso42001-2023:6.1");
    }
}
