//! The sheets of the documents derived from the assessment: the Statement of Applicability and the remediation plan,
//! each as a register (in the gap report's workbook and in their own) and as a Summary sheet (in their own).

use rust_xlsxwriter::{Worksheet, XlsxError};

use super::Voice;
use super::sheet::{Cell, Column, Kind, Summary, col, date, lines, register, status, yes, yes_no};
use crate::assess::Applicability;
use crate::assess::risk::RatingResult;
use crate::catalogue::Effort;
use crate::views::plan::{Origin, Phase, Plan, PlanAction, Priority};
use crate::views::soa::{Soa, SoaControl, SoaEvidence, SoaRisk, SoaSystem};
use crate::workspace::Status;

/// The sheet names.
pub(super) const SOA: &str = "Statement of Applicability";
pub(super) const REFERENCES: &str = "Evidence references";
pub(super) const RISKS_TREATED: &str = "Risks treated";
pub(super) const PLAN: &str = "Plan";

/// The decisions of the SoA's Decision column: every [`Applicability`], as its label words it.
const DECISIONS: [&str; 5] = [
    Applicability::ALL[0].label(),
    Applicability::ALL[1].label(),
    Applicability::ALL[2].label(),
    Applicability::ALL[3].label(),
    Applicability::ALL[4].label(),
];

/// The Justification cell of a control that has none, in the client's voice (the Markdown's *To be written*).
const TO_BE_WRITTEN: &str = "To be written";

/// The columns of the Statement of Applicability.
const SOA_COLUMNS: [Column; 17] = [
    col("Control", 10.0, Kind::Text),
    col("Objective", 30.0, Kind::Wrap),
    col("Title", 40.0, Kind::Wrap),
    col("Included", 9.0, Kind::Choice(&["Yes", "No"])),
    col("Decision", 22.0, Kind::Choice(&DECISIONS)),
    col("Derived", 9.0, Kind::Text),
    col("Reasons", 26.0, Kind::Wrap),
    col("Risks treated", 14.0, Kind::Wrap),
    col("Justification", 50.0, Kind::Wrap),
    col("Status", 20.0, Kind::Status),
    col("Not yet due", 9.0, Kind::Text),
    col("Waived", 8.0, Kind::Text),
    col("Organisation level", 20.0, Kind::Text),
    col("Owner", 20.0, Kind::Wrap),
    col("Evidence", 45.0, Kind::Wrap),
    col("AI systems", 45.0, Kind::Wrap),
    col("Findings", 45.0, Kind::Wrap),
];

/// The Statement of Applicability: one row per Annex A control, in catalogue order.
/// Its Status column is headed as the Markdown's Implementation column ([`crate::views::soa::Cover`]): the status
/// this assessment found on its as-of date, not part of the statement the organisation approved.
pub(super) fn soa_register(soa: &Soa, voice: &Voice<'_>) -> Result<Worksheet, XlsxError> {
    let mut columns = SOA_COLUMNS.to_vec();
    if let Some(status) = columns.iter_mut().find(|c| c.kind == Kind::Status) {
        status.header = crate::views::soa::cover(soa).implementation_column.into();
    }
    register(SOA, &columns, soa.controls.iter().map(|c| soa_row(c, voice)), 1)
}

/// One control's row. Reasons reads as the Markdown's column ([`SoaControl::reasons_text`]: "risk treatment
/// (assumed; to confirm)" for the default, counted on the Summary sheet). In the client's voice a missing
/// justification reads [`TO_BE_WRITTEN`], as in the Markdown and HTML; the practitioner's leaves the cell empty.
/// Derived reads `Yes` for an exclusion aims derived from the AI system inventory, for the organisation to confirm
/// (the Markdown's *(derived)*), Risks treated lists the risks whose treatment chooses the control (the Markdown's "treats"), and
/// Organisation level the status of the organisation's own part of a per-system control where it is below every AI
/// system's (the Markdown's "organisation level: partially compliant").
fn soa_row(c: &SoaControl, voice: &Voice<'_>) -> Vec<Cell> {
    let justification = match &c.justification {
        None if voice.client && !c.findings.is_empty() => Some(TO_BE_WRITTEN.to_string()),
        other => other.clone(),
    };
    vec![
        Cell::from(c.id.as_str()),
        Cell::from(format!("{} {}", c.objective, c.objective_title)),
        Cell::from(c.title.as_str()),
        yes_no(c.included),
        Cell::from(c.applicability.label()),
        yes(c.derived),
        Cell::from(c.reasons_text.as_str()),
        Cell::from(c.treated_by.join("; ")),
        Cell::from(justification),
        status(c.status),
        yes(c.not_yet_due),
        yes(c.waived),
        Cell::from(c.organisation_status.map(Status::label)),
        Cell::from(c.owner_text.as_str()),
        lines(c.evidence.iter().map(soa_evidence), "the \"Evidence references\" sheet lists every record"),
        lines(c.systems.iter().map(|s| soa_system(s, voice)), "the JSON lists every AI system"),
        Cell::from(c.findings.iter().map(|f| f.message.as_str()).collect::<Vec<_>>().join("\n")),
    ]
}

/// One record as the client reads it, by its label (its document's title and the AI systems it is evidence for, as
/// every document names it: [`crate::views::evidence::label`]) and its state: `Nora: Impact assessment — current`,
/// `Model card (for Nora and Vera) — stale`. The file or reference behind each name is on the [`REFERENCES`] sheet.
fn soa_evidence(e: &SoaEvidence) -> String {
    let state = e.mark.as_deref().map_or_else(|| "current".to_string(), crate::render::client_words);
    format!("{} — {state}", e.label)
}

/// The columns of the evidence references.
const REFERENCE_COLUMNS: [Column; 5] = [
    col("Control", 10.0, Kind::Text),
    col("Document", 45.0, Kind::Wrap),
    col("AI systems", 30.0, Kind::Wrap),
    col("File or reference", 60.0, Kind::Wrap),
    col("State", 30.0, Kind::Wrap),
];

/// The appendix to the Statement of Applicability: every evidence record it names, one per row in the SoA's order,
/// with the file or document-register reference behind the document's name, so that each name can be traced.
pub(super) fn soa_references(soa: &Soa, voice: &Voice<'_>) -> Result<Worksheet, XlsxError> {
    let rows = soa.controls.iter().flat_map(|c| {
        c.evidence.iter().map(|e| {
            let systems = e.systems.join("; ");
            vec![
                Cell::from(c.id.as_str()),
                Cell::from(e.document.as_str()),
                Cell::from(systems),
                Cell::from(e.name.clone()),
                Cell::from(match &e.mark {
                    Some(mark) if voice.client => crate::render::client_words(mark),
                    Some(mark) => mark.clone(),
                    None => "current".to_string(),
                }),
            ]
        })
    });
    register(REFERENCES, &REFERENCE_COLUMNS, rows, 1)
}

/// The columns of the risks the Statement of Applicability cites.
const RISKS_TREATED_COLUMNS: [Column; 9] = [
    col("Risk", 10.0, Kind::Text),
    col("Title", 40.0, Kind::Wrap),
    col("Owner", 20.0, Kind::Wrap),
    col("Rating before treatment", 24.0, Kind::Wrap),
    col("Rating after treatment", 24.0, Kind::Wrap),
    col("Above the acceptance threshold after treatment", 12.0, Kind::Text),
    col("Accepted by", 30.0, Kind::Wrap),
    col("Treatment", 12.0, Kind::Text),
    col("Controls chosen", 30.0, Kind::Wrap),
];

/// The annex of the Statement of Applicability, as the Markdown's "Risks treated": each risk of the register that
/// a control's reasons cite, in register order, with its owner, its ratings before and after treatment, who
/// accepted what remains, its treatment and the controls (and other measures) it chooses.
pub(super) fn soa_risks(soa: &Soa) -> Result<Worksheet, XlsxError> {
    register(RISKS_TREATED, &RISKS_TREATED_COLUMNS, soa.risks.iter().map(soa_risk_row), 1)
}

fn soa_risk_row(r: &SoaRisk) -> Vec<Cell> {
    let rating = |x: Option<&RatingResult>| {
        x.map_or_else(
            || "not rated".to_string(),
            |x| format!("{} ({} × {})", x.score, x.likelihood_level, x.consequence_level),
        )
    };
    let controls = r.controls.iter().cloned().chain(r.other_controls.iter().map(|o| format!("Other measure: {o}")));
    vec![
        Cell::from(r.id.as_str()),
        Cell::from(r.title.as_str()),
        Cell::from(r.owner.clone().unwrap_or_else(|| "not named".to_string())),
        Cell::from(rating(r.inherent.as_ref())),
        Cell::from(rating(r.residual.as_ref())),
        yes(r.residual.as_ref().is_some_and(|x| x.above_threshold)),
        Cell::from(r.acceptance.as_ref().map(super::records::decided)),
        Cell::from(r.treatment.map_or("none chosen", crate::workspace::TreatmentOption::label)),
        lines(controls, "the JSON lists them all"),
    ]
}

/// `triage: Compliant`, `chatbot: Not applicable (reason)`, `scoring: Non-compliant (exclusion rejected)`; the
/// system by name in the client's voice.
fn soa_system(s: &SoaSystem, voice: &Voice<'_>) -> String {
    let label = if s.not_yet_due { Status::NOT_YET_DUE } else { s.status.label() };
    let system = voice.system(&s.id);
    match (&s.reason, s.exclusion_rejected) {
        (Some(reason), _) => format!("{system}: {label} ({reason})"),
        (None, true) => format!("{system}: {label} (exclusion rejected)"),
        (None, false) => format!("{system}: {label}"),
    }
}

/// The Statement of Applicability's cover: confidentiality marking, organisation, scope, document control and counts.
pub(super) fn soa_summary(soa: &Soa, voice: &Voice<'_>) -> Result<Worksheet, XlsxError> {
    let mut s = Summary::new("Summary", &format!("Statement of Applicability: {}", soa.organisation))?;
    let target = voice.summary.map(|x| x.target_audit_date);
    front_matter(&mut s, voice, &soa.organisation, soa.as_of, target, true)?;
    s.pair("Scope of the AI management system", soa.aims_scope.as_str())?;
    s.pair("Standard", soa.catalogue.standard)?;
    let cover = crate::views::soa::cover(soa);
    s.pair(cover.decisions_label, cover.decisions)?;
    s.pair(cover.implementation_label, cover.implementation)?;
    s.pair("Annex A controls", soa.controls.len())?;
    s.pair("Included", soa.included)?;
    s.pair("Excluded", soa.excluded)?;
    s.pair("Included: exclusion not justified", soa.exclusion_rejected)?;
    s.pair("Without a justification", soa.unjustified)?;
    s.pair("Excluded (derived from the AI system inventory; to confirm)", soa.derived)?;
    s.pair(
        &format!("Included with no reason stated (Reasons: {})", crate::views::soa::ASSUMED_REASON),
        soa.default_reasons,
    )?;
    s.heading("Included controls by implementation status")?;
    let columns = [col("Status", 24.0, Kind::Status), col("Controls", 12.0, Kind::Count)];
    let rows: Vec<Vec<Cell>> = Status::ALL
        .iter()
        .map(|st| {
            let n = soa.controls.iter().filter(|c| c.included && c.status == *st).count();
            vec![status(*st), Cell::from(n)]
        })
        .collect();
    s.table(&columns, &rows)?;
    Ok(s.finish())
}

/// The lists of the Plan sheet's validated columns, from the whole of each enum (not from the values a plan
/// happens to hold), in the words the cells show.
const PHASES: [&str; 2] = [Phase::ALL[0].title(), Phase::ALL[1].title()];
const PRIORITIES: [&str; 2] = [Priority::ALL[0].label(), Priority::ALL[1].label()];
const ORIGINS: [&str; 3] = [Origin::ALL[0].label(), Origin::ALL[1].label(), Origin::ALL[2].label()];
const EFFORTS: [&str; 3] = [Effort::ALL[0].label(), Effort::ALL[1].label(), Effort::ALL[2].label()];

/// The columns of the plan: the rank first, the action's stable ID last (the reference that matches an edited row
/// back to its action; it means nothing to the reader, so it stays out of the way).
const PLAN_COLUMNS: [Column; 22] = [
    col("Rank", 6.0, Kind::Count),
    col("Phase", 22.0, Kind::Choice(&PHASES)),
    col("Priority", 9.0, Kind::Choice(&PRIORITIES)),
    col("Requirement", 11.0, Kind::Text),
    col("Title", 36.0, Kind::Wrap),
    col("Status", 20.0, Kind::Status),
    col("Action", 60.0, Kind::Wrap),
    col("Origin", 10.0, Kind::Choice(&ORIGINS)),
    col("Owner", 20.0, Kind::Wrap),
    col("Due date", 11.0, Kind::Text),
    col("Overdue", 8.0, Kind::Text),
    col("Effort", 9.0, Kind::Choice(&EFFORTS)),
    col("AI systems", 30.0, Kind::Wrap),
    col("Documents", 36.0, Kind::Wrap),
    col("Shortfalls", 60.0, Kind::Wrap),
    col("Requirements it closes", 20.0, Kind::Wrap),
    col("Waived", 8.0, Kind::Text),
    col("Due after the target audit", 12.0, Kind::Text),
    col("Treats risks", 12.0, Kind::Wrap),
    col("Carried out by", 15.0, Kind::Wrap),
    col("Notes", 50.0, Kind::Wrap),
    col("Reference (for re-import)", 14.0, Kind::Reference),
];

/// The plan: one row per action, in rank order (phase by phase); the rank stays in view when scrolling sideways.
/// When an AI system names a unit, a Unit column (the units of the action's systems) follows the Owner column.
pub(super) fn plan_register(plan: &Plan, voice: &Voice<'_>) -> Result<Worksheet, XlsxError> {
    let rows = plan.phases.iter().flat_map(|p| p.actions.iter().map(|a| plan_row(p.title, a, voice)));
    if !voice.has_units() {
        return register(PLAN, &PLAN_COLUMNS, rows, 1);
    }
    let at = PLAN_COLUMNS.iter().position(|c| c.header == "Owner").map_or(PLAN_COLUMNS.len(), |i| i + 1);
    let mut columns = PLAN_COLUMNS.to_vec();
    columns.insert(at, col("Unit", 12.0, Kind::Text));
    let actions = plan.phases.iter().flat_map(|p| p.actions.iter());
    let rows = rows.zip(actions).map(|(mut row, a)| {
        row.insert(at, Cell::from(voice.units_of(&a.systems)));
        row
    });
    register(PLAN, &columns, rows, 1)
}

/// One action; `phase` is its phase's heading. The action and its shortfalls are the strings the Markdown and HTML
/// plan print for the same voice ([`PlanAction::client_action`], [`crate::views::plan::ActionProblem::client_problem`] for the
/// client); the origin is the plan's ([`PlanAction::origin`]): an action the organisation has not planned is
/// "Proposed", as the documents mark it, and one other actions carry out is "Carried".
fn plan_row(phase: &str, a: &PlanAction, voice: &Voice<'_>) -> Vec<Cell> {
    let (action, documents, problems): (&str, Vec<String>, Vec<String>) = if voice.client {
        let title =
            |d: &String| crate::render::document_title(None, Some(d), None, None, None).unwrap_or_else(|| d.clone());
        (
            &a.client_action,
            a.documents.iter().map(title).collect(),
            a.problems.iter().map(|p| p.client_problem.clone()).collect(),
        )
    } else {
        (&a.action, a.documents.clone(), a.problems.iter().map(|p| p.problem.clone()).collect())
    };
    // A carried action has no owner, due date or effort of its own (the plan leaves them empty): its Owner and Due
    // date say "see actions 2 and 3", as the documents do, and its Effort is empty (the documents' "–"), so that the
    // column holds only the words of its list.
    let see = a.see_carriers();
    // The near EU AI Act deadline and the date the plan suggests, as the Markdown plan's row says them.
    let legal = a.legal_deadline.as_ref().filter(|_| a.is_own_work()).and_then(|l| l.near_sentence());
    // The row's status is that of the one AI system it concerns, when its status differs from the requirement's.
    let status_label = a.status_label.as_ref().map(|l| format!("{l}."));
    let elsewhere = a.elsewhere.iter().map(|e| &e.text);
    let notes: Vec<&str> = status_label
        .iter()
        .chain(legal.iter())
        .chain(&a.records_disagree)
        .chain(elsewhere)
        .chain(&a.notes)
        .map(String::as_str)
        .collect();
    vec![
        Cell::from(a.rank),
        Cell::from(phase),
        Cell::from(a.priority.label()),
        // Every requirement it closes, led by the one that puts the action in its phase, with that one's title
        // ([`PlanAction::lead_title`]); the status is the action's (the worst of them, as the JSON's `status`), so
        // that a filter on the column agrees with the Requirements sheet; Notes say a system's or each one's.
        Cell::from(a.requirements.join(", ")),
        Cell::from(a.lead().1),
        status(a.status),
        Cell::from(action),
        Cell::from(a.origin().label()),
        see.clone().map_or_else(|| Cell::from(a.owner.clone()), Cell::from),
        see.map_or_else(|| date(a.due), Cell::from),
        yes(a.overdue),
        Cell::from(a.effort.map(Effort::label)),
        lines(a.systems.iter().map(|id| voice.system(id)), "the JSON lists every AI system"),
        lines(documents, "the JSON lists every document"),
        lines(problems, "the JSON lists every shortfall"),
        // With the requirements its work also lifts (an impact assessment's shortfall lowering 6.1.4, 8.4 and A.5.2).
        Cell::from(a.requirements.iter().chain(&a.lifts).map(String::as_str).collect::<Vec<_>>().join("; ")),
        yes(a.waived),
        yes(a.after_target),
        Cell::from(a.treats.join("; ")),
        Cell::from(if a.is_own_work() { String::new() } else { crate::views::plan::ranks_phrase(&a.carried_by_ranks) }),
        Cell::from(notes.join(" ")),
        Cell::from(a.id.as_str()),
    ]
}

/// The front matter every Summary sheet opens with, with the labels of the documents' front matter
/// (templates/front.md.j2): the confidentiality marking, the organisation, who the document is for and by and the
/// report's version (aims.toml `[report]`, through the executive summary), the as-of date and, when `target` is
/// given, the target audit date (`not set` when it is `Some(None)`). A `derived` document (the Statement of
/// Applicability, the plan) has its own identity: the report's version is the one it was "Produced with", and the
/// report's version history is not shown on its sheet.
pub(super) fn front_matter(
    s: &mut Summary,
    voice: &Voice<'_>,
    organisation: &str,
    as_of: crate::date::Date,
    target: Option<Option<crate::date::Date>>,
    derived: bool,
) -> Result<(), XlsxError> {
    let front = voice.summary.map(|x| &x.report);
    if let Some(marking) = front.and_then(|f| f.confidentiality.as_deref()) {
        s.pair("Confidentiality", marking)?;
    }
    s.pair("Organisation", organisation)?;
    if let Some(client) = front.and_then(|f| f.client.as_deref()) {
        s.pair("Prepared for", client)?;
    }
    if let Some(f) = front.filter(|f| f.assessor.is_some() || f.firm.is_some()) {
        let by: Vec<&str> = [f.assessor.as_deref(), f.firm.as_deref()].into_iter().flatten().collect();
        s.pair("Prepared by", by.join(", "))?;
    }
    match front.and_then(|f| f.version.as_deref()) {
        Some(version) if derived => s.pair("Produced with", format!("gap analysis version {version}"))?,
        Some(version) => s.pair("Report version", version)?,
        None => {}
    }
    s.pair("Assessed as of", date(Some(as_of)))?;
    if let Some(target) = target {
        s.pair("Target audit date", target.map_or(Cell::from("not set"), |d| date(Some(d))))?;
    }
    Ok(())
}

/// The report's version history (aims.toml `[report.history]`) as a table under the heading "Version history", as
/// the documents' front matter shows it; nothing when there is none.
pub(super) fn version_history(s: &mut Summary, voice: &Voice<'_>) -> Result<(), XlsxError> {
    let Some(history) = voice.summary.map(|x| &x.report.history).filter(|h| !h.is_empty()) else { return Ok(()) };
    s.heading("Version history")?;
    let columns = [col("Version", 20.0, Kind::Text), col("Date", 50.0, Kind::Text), col("Changes", 40.0, Kind::Wrap)];
    let rows: Vec<Vec<Cell>> = history
        .iter()
        .map(|h| vec![Cell::from(h.version.as_str()), date(Some(h.date)), Cell::from(h.note.as_deref())])
        .collect();
    s.table(&columns, &rows)
}

/// The plan's cover: counts, the target audit date, and the actions per phase.
pub(super) fn plan_summary(plan: &Plan, voice: &Voice<'_>) -> Result<Worksheet, XlsxError> {
    let mut s = Summary::new("Summary", &format!("Remediation plan: {}", plan.organisation))?;
    front_matter(&mut s, voice, &plan.organisation, plan.as_of, Some(plan.target_audit_date), true)?;
    s.pair("Actions", plan.actions)?;
    s.pair("Carried out by other actions", plan.carried_by_others)?;
    s.pair("Overdue", plan.overdue)?;
    s.pair("Without an owner", plan.without_owner)?;
    s.pair("Without a due date", plan.without_due_date)?;
    s.pair("Due after the target audit", plan.due_after_target)?;
    s.heading("Actions by phase")?;
    let columns = [
        col("Phase", 30.0, Kind::Text),
        col("Actions", 10.0, Kind::Count),
        col("High priority", 10.0, Kind::Count),
        col("Overdue", 10.0, Kind::Count),
    ];
    let rows: Vec<Vec<Cell>> = plan
        .phases
        .iter()
        .map(|p| {
            let own = || p.actions.iter().filter(|a| a.is_own_work());
            let high = own().filter(|a| a.priority == Priority::High).count();
            let overdue = own().filter(|a| a.overdue).count();
            vec![Cell::from(p.title), Cell::from(own().count()), Cell::from(high), Cell::from(overdue)]
        })
        .collect();
    s.table(&columns, &rows)?;
    super::report::review_before_target(&mut s, &plan.review_before_target)?;
    Ok(s.finish())
}
