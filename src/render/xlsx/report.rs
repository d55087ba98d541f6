//! The gap report's own sheets: Summary, Requirements, Systems, Findings and EU AI Act obligations (the optional
//! Units, Risks and Impact assessments are in [`super::records`]). Each reads the report's fields; the Statement of
//! Applicability and the plan come from their views ([`super::documents`]).

use std::collections::HashSet;

use rust_xlsxwriter::{DataValidation, Worksheet, XlsxError};

use super::Voice;
use super::sheet::{
    self, Cell, Column, Kind, SYSTEM_LABELS, Summary, col, date, drop_columns, lines, register, status, yes, yes_no,
};
use crate::assess::eu_obligations::{ObligationResult, ObligationState, not_yet};
use crate::assess::{Assessment, EvidenceResult, Finding, Report, RequirementResult, Severity};
use crate::catalogue::{Kind as RequirementKind, Scope};
use crate::views::evidence::Attribution;
use crate::views::summary::{Readiness, Summary as SummaryView, SummaryAction};
use crate::workspace::{EuAiActRole, EuClassification, LifecycleStage, Status};

/// The sheet names.
pub(super) const SUMMARY: &str = "Summary";
pub(super) const REQUIREMENTS: &str = "Requirements";
pub(super) const SYSTEMS: &str = "Systems";
pub(super) const FINDINGS: &str = "Findings";
pub(super) const EU: &str = "EU AI Act obligations";

/// The Summary sheet: the front matter (confidentiality marking, organisation, client, prepared by, report version,
/// as-of and target audit dates), the readiness verdicts for the stage 1 and stage 2 audits, the score and the
/// counts by status (they add up to the requirements), the EU AI Act totals as the report gives them, the first
/// actions and the overdue ones, a guide to the sheets, then the scores of every clause and Annex A objective (the
/// table behind the report's charts). The front matter, verdicts and actions come from the executive summary
/// ([`Voice::summary`]) the Markdown and HTML reports print.
pub(super) fn summary(report: &Report<'_>, voice: &Voice<'_>) -> Result<Worksheet, XlsxError> {
    let a = report.assessment;
    let mut s = Summary::new(SUMMARY, &a.title)?;
    let target = voice.summary.map(|x| x.target_audit_date);
    super::documents::front_matter(&mut s, voice, &a.organisation.name, a.as_of, target, false)?;
    if let Some(x) = voice.summary {
        s.pair("Stage 1 audit (documentation review)", readiness(&x.stage_1))?;
        s.pair("Stage 2 audit (implementation and effectiveness)", readiness(&x.stage_2))?;
    }
    s.pair("Scope of the AI management system", a.organisation.aims_scope.as_str())?;
    s.pair("Standard", a.catalogue.standard)?;
    s.score("Score (%)", a.summary.score)?;
    s.pair("Requirements", a.summary.requirements)?;
    for st in Status::ALL {
        s.pair(st.label(), a.summary.counts.get(st))?;
    }
    s.pair("Waived", a.summary.waived)?;
    s.pair("Findings", a.summary.findings)?;
    // The systems counted as the report lists them: the active ones in scope, the retired ones still in scope (no
    // per-system control applies to them) apart, and those out of scope, whatever their stage; they add up.
    let [active, retired, out_of_scope] = crate::render::markdown::listed_counts(a);
    s.pair("AI systems in scope", active)?;
    s.pair(RETIRED_IN_SCOPE, retired)?;
    s.pair(OUT_OF_SCOPE, out_of_scope)?;
    s.pair("AI systems listed", a.systems.len())?;
    // The CI gate is the practitioner's: the client's documents leave it out unless one is set.
    match &report.gate {
        Some(gate) => s.pair("Gate", gate.verdict())?,
        None if !voice.client => s.pair("Gate", "no gate set")?,
        None => {}
    }
    s.pair("EU AI Act", eu_totals(a))?;
    s.pair("Assessment checklist version", a.catalogue.version)?;
    if let Some(x) = voice.summary {
        summary_actions(&mut s, x)?;
    }
    super::documents::version_history(&mut s, voice)?;
    s.heading("The sheets of this workbook")?;
    let columns = [col("Sheet", 20.0, Kind::Text), col("What it holds", 70.0, Kind::Wrap)];
    let rows: Vec<Vec<Cell>> =
        super::report_sheets(a).into_iter().map(|name| vec![Cell::from(name), Cell::from(sheet_guide(name))]).collect();
    s.table(&columns, &rows)?;
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

/// The Summary sheet's label for the retired AI systems still in scope, which the report lists apart.
pub(super) const RETIRED_IN_SCOPE: &str = "Retired AI systems in scope";

/// The Summary sheet's label for the AI systems out of scope (retired or not), which the report names after its
/// tables as not assessed.
pub(super) const OUT_OF_SCOPE: &str = "AI systems out of scope";

/// A readiness verdict and its reasons, as the executive summary words them: `Not ready. 7.4 is not assessed.`
fn readiness(r: &Readiness) -> String {
    if r.reasons.is_empty() {
        format!("{}. Nothing it looks at is open.", r.label)
    } else {
        format!("{}. {}", r.label, r.reasons.join(" "))
    }
}

/// The EU AI Act totals as the report gives them: every state counted, so that they add up to the obligations.
fn eu_totals(a: &Assessment) -> String {
    let Some(eu) = &a.eu_ai_act else { return "No AI system has an EU AI Act classification.".to_string() };
    let e = &eu.summary;
    let verb = if e.applies_now == 1 { "applies" } else { "apply" };
    let n = crate::render::grouped;
    format!(
        "{}: {} with ISO/IEC 42001 support and {} outside the management system. {} supported, {} recorded, {} partly \
         supported, {} open; {} already {verb}.",
        crate::render::obligations_and_kinds(e.obligations, e.kinds),
        n(e.within_management_system),
        n(e.outside_management_system),
        n(e.supported),
        n(e.recorded),
        n(e.partly_supported),
        n(e.open),
        n(e.applies_now)
    )
}

/// The executive summary's first actions and overdue actions, as tables.
fn summary_actions(s: &mut Summary, x: &SummaryView) -> Result<(), XlsxError> {
    let columns = [
        col("Requirements", 20.0, Kind::Text),
        col("Action", 70.0, Kind::Wrap),
        col("Owner", 14.0, Kind::Wrap),
        col("Due date", 14.0, Kind::Text),
    ];
    let row = |x: &SummaryAction| {
        vec![
            Cell::from(x.requirements.join(", ")),
            Cell::from(x.action.as_str()),
            Cell::from(x.owner.as_deref()),
            date(x.due),
        ]
    };
    if !x.first_actions.is_empty() {
        s.heading("What to do first")?;
        let mut rows: Vec<Vec<Cell>> = x.first_actions.iter().map(row).collect();
        if x.first_actions_more > 0 {
            let n = x.first_actions_more;
            let text = format!(
                "{} more {} with an EU AI Act obligation that already applies or soon will: the Plan sheet lists {} in order.",
                crate::render::grouped(n),
                crate::render::plural("action", n),
                if n == 1 { "it" } else { "them" }
            );
            rows.push(vec![Cell::Blank, Cell::from(text), Cell::Blank, Cell::Blank]);
        }
        s.table(&columns, &rows)?;
    }
    if !x.overdue.is_empty() {
        s.heading("Overdue actions")?;
        // When the records planning the work disagree on its date, the plan's sentence saying so follows the
        // action, as in the report.
        let overdue = |x: &SummaryAction| {
            let mut cells = row(x);
            if let Some(sentence) = &x.records_disagree {
                cells[1] = Cell::from(format!("{}\n{sentence}", x.action));
            }
            cells
        };
        s.table(&columns, &x.overdue.iter().map(overdue).collect::<Vec<_>>())?;
    }
    review_before_target(s, &x.review_before_target)
}

/// The records that count today but fall due for review before the target audit date, as a table under their own
/// heading; nothing when there are none. The gap workbook's and the plan workbook's Summary sheets both hold it.
pub(super) fn review_before_target(s: &mut Summary, due: &[crate::views::review::ReviewDue]) -> Result<(), XlsxError> {
    if due.is_empty() {
        return Ok(());
    }
    s.heading("Evidence due for review before the audit")?;
    let columns = [
        col("Requirements", 20.0, Kind::Text),
        col("Record", 70.0, Kind::Wrap),
        col("Review due by", 14.0, Kind::Text),
    ];
    let rows: Vec<Vec<Cell>> = due
        .iter()
        .map(|d| vec![Cell::from(d.requirements.join(", ")), Cell::from(d.label.as_str()), date(Some(d.due))])
        .collect();
    s.table(&columns, &rows)
}

/// What a sheet of the gap workbook holds, for the Summary sheet's guide.
fn sheet_guide(name: &str) -> &'static str {
    match name {
        SUMMARY => "This page: the front matter, the readiness verdicts, the counts and the scores.",
        REQUIREMENTS => {
            "Every requirement of the standard: status, score, owner, evidence, what falls short and \
                         the next action."
        }
        super::documents::SOA => {
            "The Statement of Applicability: every Annex A control, included or excluded, and why."
        }
        super::documents::PLAN => {
            "The remediation plan: every action in the order to take it, with owner and due date."
        }
        SYSTEMS => "Every AI system, with its status for each control that applies system by system.",
        super::records::UNITS => "The organisational units and how their AI systems fare.",
        super::records::RISKS => "The AI risk register: ratings, treatments, actions and acceptance.",
        super::records::IMPACT => "The AI system impact assessments: the areas covered, approval and review.",
        super::documents::REFERENCES => {
            "Evidence references: the file or document-register reference behind each document the Statement of \
             Applicability names."
        }
        FINDINGS => {
            "Traceability appendix: every finding behind this workbook, with the rule that raised it and \
                     where the records hold it."
        }
        _ => "The EU AI Act obligations of the organisation and of each classified AI system.",
    }
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

/// The header of the Requirements sheet's column of findings in the client's voice: what falls short, in the
/// documents' words (the rule codes and messages are on the Findings sheet).
const SHORTFALLS: &str = "What falls short";

/// One row per requirement, in catalogue order.
pub(super) fn requirements(a: &Assessment, voice: &Voice<'_>) -> Result<Worksheet, XlsxError> {
    let mut columns = REQUIREMENT_COLUMNS.to_vec();
    if voice.client {
        columns[11].header = SHORTFALLS.into();
    }
    let attribution = crate::views::evidence::Attribution::of(a);
    register(REQUIREMENTS, &columns, a.requirements.iter().map(|r| requirement_row(r, voice, &attribution)), 1)
}

fn requirement_row(r: &RequirementResult, voice: &Voice<'_>, attribution: &Attribution) -> Vec<Cell> {
    // Each record once ([`crate::views::evidence::distinct`]), and each line once, though several AI systems'
    // records may cite the same document.
    let all: Vec<String> = crate::views::evidence::listed(&r.evidence, attribution)
        .into_iter()
        .map(|e| evidence_line(e, voice, attribution))
        .collect();
    let mut seen: HashSet<&str> = HashSet::with_capacity(all.len());
    let evidence = all.iter().filter(|line| seen.insert(line.as_str()));
    let (findings, next_action, due) = if voice.client {
        client_next(r, voice)
    } else {
        let (next_action, due) = crate::render::findings::next_action(r);
        let findings = lines(r.findings.iter().map(|f| one_line(&f.message)), "the Findings sheet lists them all");
        (findings, next_action, due)
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
        findings,
        Cell::from(next_action),
        date(due),
        Cell::from(r.justification.clone()),
    ]
}

/// What falls short, the next actions and the earliest of their due dates, in the client's words: the executive
/// summary's reason for the status and the plan's actions for the requirement with their shortfalls, as the
/// report's "Requirements not met" prints them (an action the organisation has not planned is marked "proposed").
/// A requirement the plan has nothing for lists its findings' messages, as the report does.
fn client_next(r: &RequirementResult, voice: &Voice<'_>) -> (Cell, String, Option<crate::date::Date>) {
    let summary = voice.summary;
    let actions = summary.and_then(|x| x.next_actions.get(&r.id)).map_or(&[][..], Vec::as_slice);
    let mut problems: Vec<String> = Vec::new();
    if let Some(reason) = summary.and_then(|x| x.status_reasons.get(&r.id)) {
        problems.push(one_line(reason));
    }
    for p in actions.iter().flat_map(|x| &x.problems) {
        let p = one_line(p);
        if !problems.contains(&p) {
            problems.push(p);
        }
    }
    if actions.is_empty() && problems.is_empty() {
        problems.extend(r.findings.iter().map(|f| one_line(&f.message)));
    }
    // An action other actions carry out is neither a proposal nor undated: it names its carriers and their date.
    let next: Vec<String> = actions
        .iter()
        .map(|x| match &x.carriers {
            Some(carriers) => format!(
                "{} (carried out by {carriers}{})",
                one_line(&x.action),
                x.carriers_due.map_or_else(String::new, |d| format!(
                    ", {} {d}{}",
                    // Several carriers have several dates: the cell gives the earliest as such.
                    if x.carried_by.len() > 1 { "the first due" } else { "due" },
                    if x.carriers_overdue { ", overdue" } else { "" }
                ))
            ),
            None => format!("{}{}", one_line(&x.action), if x.planned { "" } else { PROPOSED }),
        })
        .collect();
    let next = match lines(next, "the Plan sheet lists them all") {
        Cell::Text(text) => text,
        _ => String::new(),
    };
    (
        lines(problems, "the Plan sheet lists them all"),
        next,
        actions.iter().filter_map(|x| x.due.or(x.carriers_due)).min(),
    )
}

/// The mark after an action the assessment proposes and the organisation has not planned, as the documents write it.
pub(super) const PROPOSED: &str = " (proposed)";

/// One evidence record with its state. The practitioner's: `evidence/dpia.md (system triage): stale`,
/// `evidence/policy.md: current`; the client's: the record's label as every document names it, its title and the AI
/// system it belongs to ([`crate::views::evidence::label`]) and its state, `Triage assistant: Data protection impact assessment — stale`.
pub(super) fn evidence_line(e: &EvidenceResult, voice: &Voice<'_>, attribution: &Attribution) -> String {
    let mut state = e.mark().unwrap_or_else(|| "current".to_string());
    if voice.client {
        // The client reads what the assessment could not look at, not which program looked.
        state = crate::render::client_words(&state);
        let title = crate::views::evidence::title(e).unwrap_or_else(|| "no document named".to_string());
        let systems: Vec<String> = attribution.system(e).map(|id| voice.system(id)).into_iter().collect();
        return format!("{} — {state}", crate::views::evidence::label(&title, &systems, true));
    }
    let name = e.name().unwrap_or("(no document named)");
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

/// The Systems sheet's columns the client's voice leaves out: the ID (the client's register starts with the name).
const SYSTEM_PRACTITIONER_ONLY: [usize; 1] = [0];

/// The Systems sheet's Unit column, left out when no AI system names a unit (as the report has no "By unit" section
/// and the workbook no Units sheet then).
const SYSTEM_UNIT: usize = 2;

/// Every AI system (in scope or not), by unit and then ID (as every list of systems), with its status for each
/// per-system requirement: the full
/// matrix, whatever the size of the inventory. A system out of scope has no statuses. For the practitioner, the ID
/// first and the role and stage as the YAML writes them (`provider`, `operation`); for the client, the name first, no
/// ID, and the role and stage in words ("Provider", "In operation"). The Unit column only when a system names a unit
/// ([`Assessment::units`] not empty).
pub(super) fn systems(a: &Assessment, voice: &Voice<'_>) -> Result<Worksheet, XlsxError> {
    let per_system: Vec<&RequirementResult> = a.requirements.iter().filter(|r| r.scope == Scope::AiSystem).collect();
    let mut columns: Vec<Column> = SYSTEM_COLUMNS.to_vec();
    columns.extend(per_system.iter().map(|r| Column { header: r.id.clone().into(), width: 11.0, kind: Kind::Text }));
    // Each requirement's per-system statuses follow the inventory's order, so one cursor per requirement walks them
    // alongside the systems instead of searching each requirement for each system.
    let mut cursors = vec![0usize; per_system.len()];
    let (client, per) = (voice.client, &per_system);
    let mut in_order: Vec<&crate::assess::SystemResult> = a.systems.iter().collect();
    in_order.sort_by(|x, y| voice.order.cmp(&x.id, &y.id));
    let rows = in_order.into_iter().map(move |s| {
        let (role, stage) = if client {
            (s.ai_role.label(), s.lifecycle_stage.label())
        } else {
            (s.ai_role.as_str(), s.lifecycle_stage.as_str())
        };
        let mut row = vec![
            Cell::from(s.id.as_str()),
            Cell::from(s.name.as_str()),
            Cell::from(s.unit.as_deref()),
            Cell::from(s.owner.as_str()),
            Cell::from(role),
            Cell::from(stage),
            yes_no(s.in_scope),
            Cell::from(
                s.eu_ai_act
                    .as_ref()
                    .map(|e| e.classifications.iter().map(|c| c.label()).collect::<Vec<_>>().join("; ")),
            ),
            Cell::from(s.score),
            if s.in_scope { Cell::from(s.not_yet_due.len()) } else { Cell::Blank },
        ];
        row.extend(per.iter().zip(cursors.iter_mut()).map(|(r, at)| {
            let status = match r.systems.get(*at) {
                Some(next) if next.system == s.id => {
                    *at += 1;
                    Some(next)
                }
                _ => r.system(&s.id),
            };
            status.map_or(Cell::Blank, |status| Cell::from(status.label()))
        }));
        row
    });
    let mut dropped: Vec<usize> = if client { SYSTEM_PRACTITIONER_ONLY.to_vec() } else { Vec::new() };
    if a.units.is_empty() {
        dropped.push(SYSTEM_UNIT);
    }
    let fixed = SYSTEM_COLUMNS.len() - dropped.len();
    let (columns, rows) = drop_columns(&columns, rows, &dropped);
    let mut ws = register(SYSTEMS, &columns, rows, 1)?;
    let (first, last) = (fixed as u16, (fixed + per_system.len()).saturating_sub(1) as u16);
    let last_row = u32::try_from(a.systems.len()).unwrap_or(u32::MAX).min(sheet::MAX_ROWS - 1);
    if !per_system.is_empty() && last_row > 0 {
        ws.add_data_validation(1, first, last_row, last, &DataValidation::new().allow_list_strings(&SYSTEM_LABELS)?)?;
        sheet::colour_statuses(&mut ws, 1, first, last_row, last)?;
    }
    Ok(ws)
}

/// The Severity column's list: every severity, as its cells show it.
const SEVERITIES: [&str; 3] = [Severity::ALL[0].label(), Severity::ALL[1].label(), Severity::ALL[2].label()];

/// The columns of the Findings sheet.
const FINDING_COLUMNS: [Column; 11] = [
    col("Requirement", 11.0, Kind::Text),
    col("Code", 28.0, Kind::Text),
    col("Severity", 9.0, Kind::Choice(&SEVERITIES)),
    col("AI system", 20.0, Kind::Text),
    col("Message", 60.0, Kind::Wrap),
    col("File", 30.0, Kind::Text),
    col("Line", 7.0, Kind::Count),
    col("Evidence", 30.0, Kind::Text),
    col("Action", 50.0, Kind::Wrap),
    col("Waived", 8.0, Kind::Text),
    col("Status (of the AI system, if named)", 20.0, Kind::Status),
];

/// The Findings sheet's columns the client's voice leaves out: the severity (the JSON's `error`, `warning` and
/// `note`) and the advice on the records (the plan words the actions for the client).
const FINDING_PRACTITIONER_ONLY: [usize; 2] = [2, 8];

/// One row per finding, in the report's order (requirements in catalogue order, each one's findings in order): the
/// traceability appendix, with the rule that raised each finding and where the records hold it. In the client's
/// voice, AI systems by name and without the severity and the advice on the records.
/// Within a requirement, the findings about the organisation first, then those about AI systems by unit and ID;
/// when an AI system names a unit, a Unit column follows the AI system column.
pub(super) fn findings(a: &Assessment, voice: &Voice<'_>) -> Result<Worksheet, XlsxError> {
    let units = voice.has_units();
    let rows = a.requirements.iter().flat_map(move |r| {
        let mut listed: Vec<&Finding> = r.findings.iter().collect();
        listed.sort_by_key(|f| f.system.as_deref().map(|s| voice.order.position(s)));
        listed.into_iter().map(move |f| {
            let mut row = finding_row(r, f, voice);
            if units {
                row.insert(FINDING_UNIT_AT, Cell::from(voice.units_of(f.system.iter())));
            }
            row
        })
    });
    let mut columns = FINDING_COLUMNS.to_vec();
    let mut practitioner_only = FINDING_PRACTITIONER_ONLY.to_vec();
    if units {
        columns.insert(FINDING_UNIT_AT, col("Unit", 12.0, Kind::Text));
        practitioner_only.iter_mut().filter(|i| **i >= FINDING_UNIT_AT).for_each(|i| *i += 1);
    }
    if voice.client {
        let (columns, rows) = drop_columns(&columns, rows, &practitioner_only);
        register(FINDINGS, &columns, rows, 1)
    } else {
        register(FINDINGS, &columns, rows, 1)
    }
}

/// Where the Findings sheet's Unit column goes: after the AI system column.
const FINDING_UNIT_AT: usize = 4;

fn finding_row(r: &RequirementResult, f: &Finding, voice: &Voice<'_>) -> Vec<Cell> {
    vec![
        Cell::from(r.id.as_str()),
        Cell::from(f.code.as_str()),
        Cell::from(f.severity.label()),
        Cell::from(f.system.as_deref().map(|s| voice.system(s))),
        Cell::from(one_line(&f.message)),
        Cell::from(f.location.as_ref().map(|l| l.file.as_str())),
        f.location.as_ref().filter(|l| l.line > 0).map_or(Cell::Blank, |l| Cell::Number(f64::from(l.line))),
        Cell::from(f.evidence.as_deref()),
        Cell::from(f.action.as_str()),
        yes(f.is_waived()),
        status(r.status_of(f)),
    ]
}

/// The State column's list: every state of an obligation, as its cells show it.
const STATES: [&str; 4] = [
    ObligationState::ALL[0].heading(),
    ObligationState::ALL[1].heading(),
    ObligationState::ALL[2].heading(),
    ObligationState::ALL[3].heading(),
];

/// The columns of the EU AI Act sheet.
const EU_COLUMNS: [Column; 15] = [
    col("Applies to", 22.0, Kind::Text),
    col("System name", 26.0, Kind::Wrap),
    col("Obligation", 14.0, Kind::Text),
    col("Article", 14.0, Kind::Text),
    col("What it asks", 50.0, Kind::Wrap),
    col("Applies from", 12.0, Kind::Text),
    col("Days left", 9.0, Kind::Count),
    col("Applies now", 12.0, Kind::Wrap),
    col("State", 16.0, Kind::Choice(&STATES)),
    col("Coverage (%)", 10.0, Kind::Score),
    col("Outside the management system", 14.0, Kind::Text),
    col("ISO/IEC 42001 support", 40.0, Kind::Wrap),
    col("Facts needed", 36.0, Kind::Wrap),
    col("Triggered by", 30.0, Kind::Wrap),
    col("Note", 50.0, Kind::Wrap),
];

/// The EU AI Act sheet's columns the client's voice leaves out: the obligation's ID, the system's name (the first
/// column names the system) and the note on how the records should state the facts.
const EU_PRACTITIONER_ONLY: [usize; 3] = [1, 2, 14];

/// The organisation's obligations (`Organisation` in the first column), then every classified system's, in
/// inventory order: the system's ID and name for the practitioner, its name for the client. Only a header row when
/// no system has an EU AI Act classification.
pub(super) fn eu_obligations(a: &Assessment, voice: &Voice<'_>) -> Result<Worksheet, XlsxError> {
    let mut rows: Vec<Vec<Cell>> = Vec::new();
    if let Some(eu) = &a.eu_ai_act {
        rows.extend(eu.organisation.iter().map(|o| obligation_row("Organisation", "", None, o, voice)));
        // Each system's life-cycle stage by ID, looked up once per system rather than searched for.
        let mut stages = std::collections::HashMap::with_capacity(a.systems.len());
        for r in &a.systems {
            stages.entry(r.id.as_str()).or_insert(r.lifecycle_stage);
        }
        for s in &eu.systems {
            let applies_to = if voice.client { s.name.as_str() } else { s.id.as_str() };
            let stage = stages.get(s.id.as_str()).copied();
            rows.extend(s.obligations.iter().map(|o| obligation_row(applies_to, &s.name, stage, o, voice)));
        }
    }
    if voice.client {
        let (columns, rows) = drop_columns(&EU_COLUMNS, rows, &EU_PRACTITIONER_ONLY);
        register(EU, &columns, rows, 1)
    } else {
        register(EU, &EU_COLUMNS, rows, 1)
    }
}

/// One obligation's row; `stage` is the life-cycle stage of the system it binds (`None` for the organisation).
fn obligation_row(
    applies_to: &str,
    name: &str,
    stage: Option<LifecycleStage>,
    o: &ObligationResult,
    voice: &Voice<'_>,
) -> Vec<Cell> {
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
        .map(|f| {
            let fact = if voice.client { f.fact.label() } else { f.fact.as_str() };
            match (&f.gap_under, f.recorded) {
                (_, true) => format!("{fact}: recorded"),
                (Some(control), false) => format!("{fact}: not recorded (a gap under {control})"),
                (None, false) => format!("{fact}: not recorded"),
            }
        })
        .collect();
    // A system's row names the roles and classifications that trigger the obligation, an organisation row the
    // systems that do (by ID for the practitioner, in words and by name for the client).
    let triggers: Vec<String> = if !voice.client {
        o.triggered_by.clone()
    } else if name.is_empty() {
        o.triggered_by.iter().map(|id| voice.name(id)).collect()
    } else {
        o.triggered_by.iter().map(|key| trigger_label(key)).collect()
    };
    vec![
        Cell::from(applies_to),
        Cell::from(name),
        Cell::from(o.id.as_str()),
        Cell::from(o.article.as_str()),
        Cell::from(o.title.as_str()),
        date(Some(o.applies_from)),
        // An obligation whose date has passed has no days left: the cell is empty, and Applies now says whether it
        // binds yet (a system not yet placed on the market waits, as the report says).
        if o.in_force { Cell::Blank } else { Cell::Number(o.days_left as f64) },
        applies_now(o, stage),
        Cell::from(o.state.heading()),
        Cell::from(o.coverage),
        yes(o.outside_management_system),
        Cell::from(support.join("\n")),
        Cell::from(facts.join("\n")),
        Cell::from(triggers.join("; ")),
        Cell::from(o.note.clone()),
    ]
}

/// Whether an obligation applies now: `Yes`, `No` (its date has not come), or for a system not yet placed on the
/// market or put into service, `Not yet (in design)` with its life-cycle stage.
fn applies_now(o: &ObligationResult, stage: Option<LifecycleStage>) -> Cell {
    match (o.applies_now, o.in_force, stage) {
        (true, ..) => yes_no(true),
        (false, true, Some(stage)) => {
            // "Not yet (in design)": the documents' words, starting a cell.
            let words = not_yet(Some(stage));
            Cell::Text(format!("N{}", &words[1..]))
        }
        _ => yes_no(false),
    }
}

/// A role or classification that triggers an obligation, in the words the documents use (`annex_iii` → "high-risk
/// (Annex III)", `authorised_representative` → "authorised representative"); another key with its underscores read
/// as spaces.
fn trigger_label(key: &str) -> String {
    let value = serde_json::Value::from(key);
    if let Ok(role) = serde_json::from_value::<EuAiActRole>(value.clone()) {
        return role.label().to_string();
    }
    if let Ok(class) = serde_json::from_value::<EuClassification>(value) {
        return class.label().to_string();
    }
    key.replace('_', " ")
}
