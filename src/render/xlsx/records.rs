//! The gap workbook's sheets of the optional records: Risks and Impact assessments (from the report's risk section,
//! present when the workspace keeps a risk register or impact assessments) and Units (from the per-unit results,
//! present when an AI system names a unit). Like the other sheets, these read the report and decide nothing: a
//! risk's State lists the codes of the findings the assessment placed on it.

use rust_xlsxwriter::{Worksheet, XlsxError};

use super::Voice;
use super::sheet::{Cell, Column, Kind, col, date, drop_columns, lines, register, yes, yes_no};
use crate::assess::risk::{DecisionResult, ImpactAssessmentResult, RatingResult, RiskReport, RiskResult};
use crate::assess::units::UnitResult;
use crate::assess::{Assessment, Finding};
use crate::workspace::{ImpactArea, Status, TreatmentOption};

/// The sheet names.
pub(super) const RISKS: &str = "Risks";
pub(super) const IMPACT: &str = "Impact assessments";
pub(super) const UNITS: &str = "Units";

/// The columns of the Risks sheet.
const RISK_COLUMNS: [Column; 18] = [
    col("ID", 10.0, Kind::Text),
    col("Title", 36.0, Kind::Wrap),
    col("Source", 18.0, Kind::Text),
    col("AI systems", 24.0, Kind::Wrap),
    col("Owner", 20.0, Kind::Wrap),
    col("Inherent likelihood", 10.0, Kind::Count),
    col("Inherent consequence", 11.0, Kind::Count),
    col("Inherent rating", 9.0, Kind::Count),
    col("Above threshold", 9.0, Kind::Text),
    col("Treatment", 10.0, Kind::Choice(&TREATMENTS)),
    col("Controls", 24.0, Kind::Wrap),
    col("Open actions", 50.0, Kind::Wrap),
    col("Overdue actions", 9.0, Kind::Count),
    col("Residual rating", 9.0, Kind::Count),
    col("Residual above threshold", 9.0, Kind::Text),
    col("Acceptance", 24.0, Kind::Wrap),
    col("Last review", 11.0, Kind::Text),
    col("State", 28.0, Kind::Wrap),
];

/// The treatment options in words ([`TreatmentOption::label`]): the Treatment column's list.
const TREATMENTS: [&str; 4] = [
    TreatmentOption::ALL[0].label(),
    TreatmentOption::ALL[1].label(),
    TreatmentOption::ALL[2].label(),
    TreatmentOption::ALL[3].label(),
];

/// One row per risk, in register order. `a.risk` must be present (the sheet is only written then).
pub(super) fn risks(a: &Assessment, voice: &Voice<'_>) -> Result<Worksheet, XlsxError> {
    let empty = Vec::new();
    let risks = a.risk.as_ref().map_or(&empty, |r: &RiskReport| &r.risks);
    let findings: Vec<&Finding> = a.requirements.iter().flat_map(|r| &r.findings).collect();
    register(RISKS, &RISK_COLUMNS, risks.iter().map(|r| risk_row(r, &findings, voice)), 1)
}

fn risk_row(r: &RiskResult, findings: &[&Finding], voice: &Voice<'_>) -> Vec<Cell> {
    let rating = |x: Option<&RatingResult>, f: fn(&RatingResult) -> u32| {
        x.map_or(Cell::Blank, |x| Cell::Number(f64::from(f(x))))
    };
    let inherent = r.inherent.as_ref();
    let residual = r.residual.as_ref();
    let open = r.actions.iter().filter(|x| x.done.is_none()).map(|x| {
        let mut line = super::report::one_line(&x.description);
        let owner = x.owner.as_deref().unwrap_or("no owner");
        let due = x.due.map_or_else(|| "no due date".to_string(), |d| format!("due {d}"));
        line.push_str(&format!(" ({owner}, {due}{})", if x.overdue { ", overdue" } else { "" }));
        line
    });
    let controls = r.controls.iter().chain(&r.other_controls).cloned();
    vec![
        Cell::from(r.id.as_str()),
        Cell::from(r.title.as_str()),
        Cell::from(r.source.map(|s| if voice.client { s.label().to_string() } else { word(&s) })),
        lines(r.systems.iter().map(|id| voice.system(id)), "the JSON report lists them all"),
        Cell::from(r.owner.as_deref()),
        rating(inherent, |x| x.likelihood),
        rating(inherent, |x| x.consequence),
        rating(inherent, |x| x.score),
        yes(inherent.is_some_and(|x| x.above_threshold)),
        Cell::from(r.treatment.map(TreatmentOption::label)),
        lines(controls, "the JSON report lists them all"),
        lines(open, "the JSON report lists them all"),
        Cell::from(r.actions.iter().filter(|x| x.overdue).count()),
        rating(residual, |x| x.score),
        yes(residual.is_some_and(|x| x.above_threshold)),
        Cell::from(r.acceptance.as_ref().map(decided)),
        date(r.reviewed),
        Cell::from(state(r, findings).into_iter().map(|code| state_words(code, voice)).collect::<Vec<_>>().join("\n")),
    ]
}

/// The codes of the findings located at the risk or at one of its actions, each once, in the report's order.
fn state(r: &RiskResult, findings: &[&Finding]) -> Vec<&'static str> {
    let mut codes: Vec<&'static str> = Vec::new();
    for f in findings {
        let Some(at) = &f.location else { continue };
        let here = *at == r.location || r.actions.iter().any(|x| x.location == *at);
        if here && f.code.as_str().starts_with("risk-") && !codes.contains(&f.code.as_str()) {
            codes.push(f.code.as_str());
        }
    }
    codes
}

/// A risk's state for the voice: the finding's rule code for the practitioner, what it means for the client.
fn state_words(code: &'static str, voice: &Voice<'_>) -> &'static str {
    if !voice.client {
        return code;
    }
    match code {
        "risk-action-overdue" => "A treatment action is overdue",
        "risk-residual-unaccepted" => "The remaining risk is above the acceptance threshold and not accepted",
        "risk-review-stale" => "Not reviewed within the review interval",
        "risk-untreated" => "No treatment chosen",
        "risk-incomplete" => "The entry is incomplete",
        "risk-control-excluded" => "A control of its treatment is excluded from the Statement of Applicability",
        _ => "See the Findings sheet",
    }
}

/// A vocabulary word as the YAML and the JSON write it (`machine_learning`).
fn word<T: serde::Serialize>(value: &T) -> String {
    serde_json::to_value(value).ok().and_then(|v| v.as_str().map(str::to_string)).unwrap_or_default()
}

/// A decision as `Chief Risk Officer on 2026-01-15`.
pub(super) fn decided(d: &DecisionResult) -> String {
    format!("{} on {}", d.by, d.on)
}

/// The columns of the Impact assessments sheet.
const IMPACT_COLUMNS: [Column; 9] = [
    col("AI system", 22.0, Kind::Text),
    col("Areas covered", 24.0, Kind::Wrap),
    col("Areas missing", 24.0, Kind::Wrap),
    col("Approved", 9.0, Kind::Text),
    col("Approved by", 24.0, Kind::Wrap),
    col("Approved on", 11.0, Kind::Text),
    col("Last review", 11.0, Kind::Text),
    col("Current", 9.0, Kind::Text),
    col("Covers fundamental rights", 12.0, Kind::Text),
];

/// One row per AI system's impact assessment, by system ID. `a.risk` must be present.
pub(super) fn impact_assessments(a: &Assessment, voice: &Voice<'_>) -> Result<Worksheet, XlsxError> {
    let empty = Vec::new();
    let assessments = a.risk.as_ref().map_or(&empty, |r: &RiskReport| &r.impact_assessments);
    register(IMPACT, &IMPACT_COLUMNS, assessments.iter().map(|i| impact_row(i, voice)), 1)
}

/// One impact assessment: the system by name and the areas in words for the client, by ID and key for the
/// practitioner.
fn impact_row(i: &ImpactAssessmentResult, voice: &Voice<'_>) -> Vec<Cell> {
    let area = |x: ImpactArea| if voice.client { x.label() } else { x.as_str() };
    vec![
        Cell::from(voice.system(&i.system)),
        Cell::from(i.areas.iter().map(|x| area(x.area)).collect::<Vec<_>>().join("\n")),
        Cell::from(i.missing_areas.iter().map(|x| area(*x)).collect::<Vec<_>>().join("\n")),
        yes_no(i.approval.is_some()),
        Cell::from(i.approval.as_ref().map(|d| d.by.as_str())),
        date(i.approval.as_ref().map(|d| d.on)),
        date(i.reviewed),
        yes_no(i.current),
        yes_no(i.fria_input),
    ]
}

/// The columns of the Units sheet.
const UNIT_COLUMNS: [Column; 14] = [
    col("Unit", 30.0, Kind::Text),
    col("Name", 36.0, Kind::Wrap),
    col("Depth", 7.0, Kind::Count),
    col("AI systems", 10.0, Kind::Count),
    col("Active in scope", 9.0, Kind::Count),
    col("Retired in scope", 9.0, Kind::Count),
    col("Non-compliant systems", 12.0, Kind::Count),
    col("Compliant", 11.0, Kind::Count),
    col("Partially compliant", 11.0, Kind::Count),
    col("Non-compliant", 11.0, Kind::Count),
    col("Not applicable", 11.0, Kind::Count),
    col("Not assessed", 11.0, Kind::Count),
    col("Not yet due", 11.0, Kind::Count),
    col("Score (%)", 9.0, Kind::Score),
];

/// The Units sheet's columns left out when no unit is inside another: the depth, 0 in every row.
const UNIT_FLAT_ONLY: [usize; 1] = [2];

/// One row per unit, each before the units inside it, then `No unit` for the systems that name none. The name is
/// organisation.yaml's full name where it gives one (the Name column is left empty rather than repeat the unit);
/// active and retired systems in scope are counted apart, as the documents count them.
pub(super) fn units(a: &Assessment) -> Result<Worksheet, XlsxError> {
    let rows = a.units.iter().map(unit_row);
    if a.units.iter().all(|u| u.depth == 0) {
        let (columns, rows) = drop_columns(&UNIT_COLUMNS, rows, &UNIT_FLAT_ONLY);
        return register(UNITS, &columns, rows, 1);
    }
    register(UNITS, &UNIT_COLUMNS, rows, 1)
}

fn unit_row(u: &UnitResult) -> Vec<Cell> {
    let mut row = vec![
        Cell::from(u.unit.as_deref().unwrap_or("No unit")),
        Cell::from((u.unit.as_deref().is_some_and(|p| !p.ends_with(u.name.as_str()))).then_some(u.name.as_str())),
        Cell::from(u.depth),
        Cell::from(u.systems.len()),
        Cell::from(u.systems_in_scope - u.systems_retired),
        Cell::from(u.systems_retired),
        Cell::from(u.systems_non_compliant),
    ];
    row.extend(Status::ALL.iter().map(|st| Cell::from(u.counts.get(*st))));
    // What the score leaves out beside it, as on the Systems sheet: the controls not yet due (the not assessed
    // ones are the column before).
    row.push(Cell::from(u.not_yet_due));
    row.push(Cell::from(u.score));
    row
}
