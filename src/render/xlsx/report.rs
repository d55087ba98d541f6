//! The gap report's own sheets: Summary, Requirements, Systems, Findings and EU AI Act obligations (the optional
//! Units, Risks and Impact assessments are in [`super::records`]). Each reads the report's fields; the Statement of
//! Applicability and the plan come from their views ([`super::documents`]).

use std::collections::HashSet;

use rust_xlsxwriter::{DataValidation, Worksheet, XlsxError};

use super::sheet::{self, Cell, Column, Kind, SYSTEM_LABELS, Summary, col, date, lines, register, status, yes, yes_no};
use crate::assess::eu_obligations::ObligationResult;
use crate::assess::{Assessment, EvidenceResult, Report, RequirementResult};
use crate::catalogue::{Kind as RequirementKind, Scope};
use crate::workspace::Status;

/// The sheet names.
pub(super) const SUMMARY: &str = "Summary";
pub(super) const REQUIREMENTS: &str = "Requirements";
pub(super) const SYSTEMS: &str = "Systems";
pub(super) const FINDINGS: &str = "Findings";
pub(super) const EU: &str = "EU AI Act obligations";

/// The Summary sheet: who and when, the score, the counts by status, the gate's verdict, then the scores of every
/// clause and Annex A objective (the table behind the report's charts).
pub(super) fn summary(report: &Report<'_>) -> Result<Worksheet, XlsxError> {
    let a = report.assessment;
    let mut s = Summary::new(SUMMARY, &a.title)?;
    s.pair("Organisation", a.organisation.name.as_str())?;
    s.pair("AI management system scope", a.organisation.aims_scope.as_str())?;
    s.pair("Standard", a.catalogue.standard)?;
    s.pair("As of", a.as_of.to_string())?;
    s.score("Score (%)", a.summary.score)?;
    s.pair("Requirements", a.summary.requirements)?;
    for st in Status::ALL {
        s.pair(st.label(), a.summary.counts.get(st))?;
    }
    s.pair("Waived", a.summary.waived)?;
    s.pair("Findings", a.summary.findings)?;
    // Retired systems stay in the inventory but no per-system control applies to them: counted apart.
    s.pair("AI systems in scope", a.summary.systems_in_scope - a.summary.systems_retired)?;
    s.pair("Retired AI systems", a.summary.systems_retired)?;
    s.pair("AI systems listed", a.systems.len())?;
    s.pair("Gate", report.gate.as_ref().map_or_else(|| "no gate set".to_string(), |g| g.verdict()))?;
    let eu = match &a.eu_ai_act {
        Some(eu) => format!(
            "{} obligations, {} supported, {} partly supported, {} open; {} already apply",
            eu.summary.obligations,
            eu.summary.supported,
            eu.summary.partly_supported,
            eu.summary.open,
            eu.summary.in_force
        ),
        None => "no AI system has an EU AI Act classification".to_string(),
    };
    s.pair("EU AI Act", eu)?;
    s.pair("Assessment checklist version", a.catalogue.version)?;
    s.heading("Scores by clause and Annex A objective")?;
    let columns = [
        col("Clause or objective", 20.0, Kind::Text),
        col("Title", 50.0, Kind::Wrap),
        col("Score (%)", 12.0, Kind::Score),
        col("Compliant", 12.0, Kind::Count),
        col("Partially compliant", 12.0, Kind::Count),
        col("Non-compliant", 12.0, Kind::Count),
        col("Not applicable", 12.0, Kind::Count),
        col("Not assessed", 12.0, Kind::Count),
    ];
    let rows: Vec<Vec<Cell>> = a
        .groups
        .iter()
        .map(|g| {
            let mut row = vec![Cell::from(g.id.as_str()), Cell::from(g.title.as_str()), Cell::from(g.score)];
            row.extend(Status::ALL.iter().map(|st| Cell::from(g.counts.get(*st))));
            row
        })
        .collect();
    s.table(&columns, &rows)?;
    Ok(s.finish())
}

/// The columns of the Requirements sheet.
const REQUIREMENT_COLUMNS: [Column; 15] = [
    col("ID", 10.0, Kind::Text),
    col("Type", 9.0, Kind::Text),
    col("Clause or objective", 11.0, Kind::Text),
    col("Title", 40.0, Kind::Wrap),
    col("Status", 20.0, Kind::Status),
    col("Score (%)", 9.0, Kind::Score),
    col("Waived", 8.0, Kind::Text),
    col("Applicability", 22.0, Kind::Wrap),
    col("AI systems", 36.0, Kind::Wrap),
    col("Owner", 20.0, Kind::Wrap),
    col("Evidence", 45.0, Kind::Wrap),
    col("Findings", 60.0, Kind::Wrap),
    col("Next action", 50.0, Kind::Wrap),
    col("Due date", 11.0, Kind::Text),
    col("Justification", 45.0, Kind::Wrap),
];

/// One row per requirement, in catalogue order.
pub(super) fn requirements(a: &Assessment) -> Result<Worksheet, XlsxError> {
    register(REQUIREMENTS, &REQUIREMENT_COLUMNS, a.requirements.iter().map(requirement_row), 1)
}

fn requirement_row(r: &RequirementResult) -> Vec<Cell> {
    // Each record once, though several AI systems' records may cite the same document.
    let mut seen = HashSet::with_capacity(r.evidence.len());
    let evidence = r.evidence.iter().map(evidence_line).filter(|line| seen.insert(line.clone()));
    let findings = r.findings.iter().map(|f| one_line(&f.message));
    // The planned action when there is one; otherwise, for a gap, what the headline finding suggests.
    let next_action = match &r.action {
        Some(a) => a.description.clone(),
        None if r.status.is_gap() => r.headline_finding().map(|f| f.action.clone()).unwrap_or_default(),
        None => String::new(),
    };
    vec![
        Cell::from(r.id.as_str()),
        Cell::from(match r.kind {
            RequirementKind::Clause => "Clause",
            RequirementKind::Control => "Control",
        }),
        Cell::from(r.group.as_str()),
        Cell::from(r.title.as_str()),
        status(r.status),
        Cell::from(r.score),
        yes(r.waived),
        Cell::from(r.applicability.label()),
        Cell::from(r.system_summary()),
        Cell::from(r.owner.clone()),
        lines(evidence, "the JSON report lists every record"),
        lines(findings, "the Findings sheet lists them all"),
        Cell::from(next_action),
        date(r.action.as_ref().and_then(|a| a.due)),
        Cell::from(r.justification.clone()),
    ]
}

/// One evidence record with its state: `evidence/dpia.md (system triage): stale`, `evidence/policy.md: current`.
pub(super) fn evidence_line(e: &EvidenceResult) -> String {
    let name = e.name().unwrap_or("(no document named)");
    let state = e.mark().unwrap_or_else(|| "current".to_string());
    match &e.system {
        Some(system) => format!("{name} (system {system}): {state}"),
        None => format!("{name}: {state}"),
    }
}

/// Text on one line: a line break inside a message would read as two findings in a cell that lists one per line.
pub(super) fn one_line(text: &str) -> String {
    text.replace("\r\n", " ").replace(['\n', '\r'], " ")
}

/// The fixed columns of the Systems sheet, before one column per per-system requirement.
const SYSTEM_COLUMNS: [Column; 10] = [
    col("ID", 22.0, Kind::Text),
    col("Name", 30.0, Kind::Wrap),
    col("Unit", 20.0, Kind::Text),
    col("Owner", 20.0, Kind::Wrap),
    col("AI role", 10.0, Kind::Text),
    col("Life-cycle stage", 13.0, Kind::Text),
    col("In scope", 8.0, Kind::Text),
    col("EU AI Act classification", 26.0, Kind::Wrap),
    col("Score (%)", 9.0, Kind::Score),
    col("Not yet due", 10.0, Kind::Count),
];

/// Every AI system (in scope or not) by ID, with its status for each per-system requirement: the full matrix,
/// whatever the size of the inventory. A system out of scope has no statuses.
pub(super) fn systems(a: &Assessment) -> Result<Worksheet, XlsxError> {
    let per_system: Vec<&RequirementResult> = a.requirements.iter().filter(|r| r.scope == Scope::AiSystem).collect();
    let mut columns: Vec<Column> = SYSTEM_COLUMNS.to_vec();
    columns.extend(per_system.iter().map(|r| Column { header: r.id.clone().into(), width: 11.0, kind: Kind::Text }));
    let rows = a.systems.iter().map(|s| {
        let mut row = vec![
            Cell::from(s.id.as_str()),
            Cell::from(s.name.as_str()),
            Cell::from(s.unit.as_deref()),
            Cell::from(s.owner.as_str()),
            Cell::from(s.ai_role.as_str()),
            Cell::from(s.lifecycle_stage.as_str()),
            yes_no(s.in_scope),
            Cell::from(
                s.eu_ai_act
                    .as_ref()
                    .map(|e| e.classifications.iter().map(|c| c.label()).collect::<Vec<_>>().join("; ")),
            ),
            Cell::from(s.score),
            if s.in_scope { Cell::from(s.not_yet_due.len()) } else { Cell::Blank },
        ];
        row.extend(per_system.iter().map(|r| match r.system(&s.id) {
            Some(status) => Cell::from(status.label()),
            None => Cell::Blank,
        }));
        row
    });
    let mut ws = register(SYSTEMS, &columns, rows, 1)?;
    let (first, last) = (SYSTEM_COLUMNS.len() as u16, (columns.len() - 1) as u16);
    let last_row = u32::try_from(a.systems.len()).unwrap_or(u32::MAX).min(sheet::MAX_ROWS - 1);
    if !per_system.is_empty() && last_row > 0 {
        ws.add_data_validation(1, first, last_row, last, &DataValidation::new().allow_list_strings(&SYSTEM_LABELS)?)?;
        sheet::colour_statuses(&mut ws, 1, first, last_row, last)?;
    }
    Ok(ws)
}

/// The columns of the Findings sheet.
const FINDING_COLUMNS: [Column; 11] = [
    col("Requirement", 11.0, Kind::Text),
    col("Code", 28.0, Kind::Text),
    col("Severity", 9.0, Kind::Choice(&["error", "warning", "note"])),
    col("AI system", 20.0, Kind::Text),
    col("Message", 60.0, Kind::Wrap),
    col("File", 30.0, Kind::Text),
    col("Line", 7.0, Kind::Count),
    col("Evidence", 30.0, Kind::Text),
    col("Action", 50.0, Kind::Wrap),
    col("Waived", 8.0, Kind::Text),
    col("Requirement status", 20.0, Kind::Status),
];

/// One row per finding, in the report's order (requirements in catalogue order, each one's findings in order).
pub(super) fn findings(a: &Assessment) -> Result<Worksheet, XlsxError> {
    let rows = a.requirements.iter().flat_map(|r| {
        r.findings.iter().map(move |f| {
            vec![
                Cell::from(r.id.as_str()),
                Cell::from(f.code.as_str()),
                Cell::from(f.severity.as_str()),
                Cell::from(f.system.as_deref()),
                Cell::from(one_line(&f.message)),
                Cell::from(f.location.as_ref().map(|l| l.file.as_str())),
                f.location.as_ref().filter(|l| l.line > 0).map_or(Cell::Blank, |l| Cell::Number(f64::from(l.line))),
                Cell::from(f.evidence.as_deref()),
                Cell::from(f.action.as_str()),
                yes(f.is_waived()),
                status(r.status_of(f)),
            ]
        })
    });
    register(FINDINGS, &FINDING_COLUMNS, rows, 1)
}

/// The columns of the EU AI Act sheet.
const EU_COLUMNS: [Column; 15] = [
    col("Applies to", 22.0, Kind::Text),
    col("System name", 26.0, Kind::Wrap),
    col("Obligation", 14.0, Kind::Text),
    col("Article", 14.0, Kind::Text),
    col("What it asks", 50.0, Kind::Wrap),
    col("Applies from", 12.0, Kind::Text),
    col("Days left", 9.0, Kind::Count),
    col("In force", 8.0, Kind::Text),
    col("State", 16.0, Kind::Choice(&["supported", "recorded", "partly supported", "open"])),
    col("Coverage (%)", 10.0, Kind::Score),
    col("Outside the management system", 14.0, Kind::Text),
    col("ISO/IEC 42001 support", 40.0, Kind::Wrap),
    col("Facts needed", 36.0, Kind::Wrap),
    col("Triggered by", 30.0, Kind::Wrap),
    col("Note", 50.0, Kind::Wrap),
];

/// The organisation's obligations (`Organisation` in the first column), then every classified system's, in
/// inventory order. Only a header row when no system has an EU AI Act classification.
pub(super) fn eu_obligations(a: &Assessment) -> Result<Worksheet, XlsxError> {
    let mut rows: Vec<Vec<Cell>> = Vec::new();
    if let Some(eu) = &a.eu_ai_act {
        rows.extend(eu.organisation.iter().map(|o| obligation_row("Organisation", "", o)));
        for s in &eu.systems {
            rows.extend(s.obligations.iter().map(|o| obligation_row(&s.id, &s.name, o)));
        }
    }
    register(EU, &EU_COLUMNS, rows, 1)
}

fn obligation_row(applies_to: &str, name: &str, o: &ObligationResult) -> Vec<Cell> {
    let support: Vec<String> = o
        .support
        .iter()
        .map(|s| {
            let label = if s.not_yet_due { Status::NOT_YET_DUE } else { s.status.label() };
            format!("{}: {label}", s.requirement)
        })
        .collect();
    let facts: Vec<String> = o
        .facts
        .iter()
        .map(|f| format!("{}: {}", f.fact.as_str(), if f.recorded { "recorded" } else { "missing" }))
        .collect();
    vec![
        Cell::from(applies_to),
        Cell::from(name),
        Cell::from(o.id.as_str()),
        Cell::from(o.article.as_str()),
        Cell::from(o.title.as_str()),
        Cell::from(o.applies_from.to_string()),
        Cell::Number(o.days_left as f64),
        yes_no(o.in_force),
        Cell::from(o.state.label()),
        Cell::from(o.coverage),
        yes(o.outside_management_system),
        Cell::from(support.join("\n")),
        Cell::from(facts.join("\n")),
        Cell::from(o.triggered_by.join("; ")),
        Cell::from(o.note.clone()),
    ]
}
