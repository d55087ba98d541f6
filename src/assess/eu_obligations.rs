//! The EU AI Act obligations of each AI system, worked out once in the assessment and carried in the JSON report
//! (`eu_ai_act`): for every system, each obligation its roles, classifications and context trigger (from the bundled
//! data, [`crate::eu_ai_act::obligations`]), the date it applies from and the days left, the ISO/IEC 42001
//! requirements that support it with their status for that system, and the facts it needs. Obligations of the whole
//! organisation (Art. 4 literacy, Art. 17 quality management system) are listed once. The Markdown report and
//! `aims crosswalk --framework eu-ai-act` read these results and compute nothing.
//!
//! Coverage is honest by construction: an obligation's figure weighs each supporting requirement (1, 0.5 or 0 by its
//! status; not assessed counts as 0, not applicable is left out) and each required fact (1 recorded, 0 missing) the
//! same, so an obligation with a missing fact can never reach 100 % or show as supported. An obligation with no ISO/IEC
//! 42001 support is "outside the management system: act on it directly", and stays open until its facts are recorded.

use serde::Serialize;

use super::{
    RequirementResult,
    eu_ai_act::{fact_recorded, missing_fact_control},
};
use crate::catalogue::Scope;
use crate::date::Date;
use crate::eu_ai_act::{self, Obligation, ObligationScope};
use crate::workspace::{EuAiActRole, EuClassification, EuContext, EuFact, RiskRecords, Status, System, Workspace};

/// The alignment-not-conformity statement every view of these results repeats.
pub const NOTICE: &str = "ISO/IEC 42001 is not a harmonised standard under the EU AI Act: this view shows alignment, \
    not conformity (which ISO/IEC 42001 requirements help with each obligation), and never a presumption of \
    conformity. Obligations marked \"outside the management system\" need action of their own.";

/// How an obligation's coverage is computed.
pub const COVERAGE_RULE: &str = "An obligation's coverage weighs each supporting ISO/IEC 42001 requirement (compliant \
    1, partially compliant 0.5, non-compliant, not assessed or not yet due at the system's life-cycle stage 0; not \
    applicable left out) and each fact it needs \
    (recorded 1, missing 0) the same, in percent. It is supported only at 100%, so a missing fact always leaves it \
    partly supported or open. The overall figure is the average over every obligation listed.";

/// The EU AI Act part of the assessment: `eu_ai_act` of the JSON report.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct EuAiActResult {
    /// The alignment-not-conformity statement ([`NOTICE`]).
    pub notice: &'static str,
    /// The legal text the obligations follow: Regulation (EU) 2024/1689 as amended by Regulation (EU) 2026/1744.
    pub source: String,
    /// The bundled data file the obligations come from.
    pub data: &'static str,
    /// How coverage is computed ([`COVERAGE_RULE`]).
    pub coverage_rule: &'static str,
    /// Totals over every obligation listed (organisation-wide and per system).
    pub summary: EuSummary,
    /// Obligations of the organisation as a whole, each listed once with the systems that trigger it.
    pub organisation: Vec<ObligationResult>,
    /// Every AI system with an EU AI Act classification, in inventory order.
    pub systems: Vec<EuSystemResult>,
}

/// Totals over the obligations listed.
#[derive(Debug, Clone, Default, PartialEq, Serialize, schemars::JsonSchema)]
pub struct EuSummary {
    /// How many obligations are listed (organisation rows plus per-system rows of in-scope systems): the unit every
    /// count of obligations uses, "46 obligations".
    pub obligations: usize,
    /// How many distinct obligations (by ID) they are, however many systems each binds: "(27 kinds)".
    pub kinds: usize,
    /// How many of them ISO/IEC 42001 supports with at least one requirement.
    pub within_management_system: usize,
    /// How many have no ISO/IEC 42001 support: act on them directly.
    pub outside_management_system: usize,
    /// How many are supported (100 %, every fact recorded).
    pub supported: usize,
    /// How many outside the management system have every fact recorded.
    pub recorded: usize,
    /// How many are partly supported.
    pub partly_supported: usize,
    /// How many are open.
    pub open: usize,
    /// How many have a date that has passed at the as-of date (`in_force` of each).
    pub in_force: usize,
    /// How many apply now (`applies_now` of each): in force for the organisation or for a system placed on the
    /// market or put into service. The documents' "already apply".
    pub applies_now: usize,
    /// How many are not met: partly supported or open.
    pub not_met: usize,
    /// The average coverage of the obligations, in percent to one decimal; `null` when none is listed.
    pub coverage: Option<f64>,
}

impl EuSummary {
    /// The totals over `rows`: the one way obligations are counted everywhere (the report's total, the summary's
    /// deadlines, the HTML timeline, the workbook), one per obligation and AI system plus one per
    /// organisation-wide obligation, with the distinct obligations as `kinds`.
    pub fn of<'a>(rows: impl IntoIterator<Item = &'a ObligationResult>) -> EuSummary {
        let mut summary = EuSummary::default();
        let mut kinds = std::collections::HashSet::new();
        let mut figures = Vec::new();
        for o in rows {
            summary.obligations += 1;
            kinds.insert(o.id.as_str());
            if o.outside_management_system {
                summary.outside_management_system += 1;
            } else {
                summary.within_management_system += 1;
            }
            match o.state {
                ObligationState::Supported => summary.supported += 1,
                ObligationState::Recorded => summary.recorded += 1,
                ObligationState::PartlySupported => summary.partly_supported += 1,
                ObligationState::Open => summary.open += 1,
            }
            summary.not_met += usize::from(!o.state.is_met());
            summary.in_force += usize::from(o.in_force);
            summary.applies_now += usize::from(o.applies_now);
            figures.push(o.coverage.unwrap_or(0.0));
        }
        summary.kinds = kinds.len();
        summary.coverage = average(&figures);
        summary
    }
}

/// How an obligation whose date has passed stands for an AI system not yet placed on the market or put into
/// service, in the words every document uses (executive summary, EU AI Act section, workbook, HTML timeline): "not
/// yet (in design)", with the system's life-cycle stage; "not yet (not placed on the market)" when the stage is not
/// one (`None`, e.g. several systems at different stages). Such an obligation does not count as applying now
/// ([`ObligationResult::applies_now`], the one predicate behind every "already apply").
pub fn not_yet(stage: Option<crate::workspace::LifecycleStage>) -> String {
    format!("not yet ({})", stage.map_or("not placed on the market", crate::workspace::LifecycleStage::phrase))
}

impl EuAiActResult {
    /// Every obligation counted, in report order: the organisation's, then each in-scope system's, each with the
    /// system it binds (`None` for the organisation).
    pub fn rows(&self) -> impl Iterator<Item = (Option<&EuSystemResult>, &ObligationResult)> {
        self.organisation.iter().map(|o| (None, o)).chain(
            self.systems.iter().filter(|s| s.in_scope).flat_map(|s| s.obligations.iter().map(move |o| (Some(s), o))),
        )
    }
}

/// Where an obligation stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum ObligationState {
    /// Every supporting requirement is compliant and every fact is recorded (`supported`).
    Supported,
    /// Outside the management system, and every fact it needs is recorded (`recorded`).
    Recorded,
    /// Some support or some facts are there, not all (`partly_supported`).
    PartlySupported,
    /// Nothing supports it yet (`open`).
    Open,
}

impl ObligationState {
    /// Every state, from met to open: the workbook's list of states.
    pub const ALL: [ObligationState; 4] = [
        ObligationState::Supported,
        ObligationState::Recorded,
        ObligationState::PartlySupported,
        ObligationState::Open,
    ];

    /// Whether the obligation is met: supported by the management system, or recorded outside it.
    pub fn is_met(self) -> bool {
        matches!(self, ObligationState::Supported | ObligationState::Recorded)
    }

    /// The state in words, in a sentence: `partly supported`.
    pub fn label(self) -> &'static str {
        match self {
            ObligationState::Supported => "supported",
            ObligationState::Recorded => "recorded",
            ObligationState::PartlySupported => "partly supported",
            ObligationState::Open => "open",
        }
    }

    /// The state in words on its own, as the workbook's cells show it: `Partly supported`.
    pub const fn heading(self) -> &'static str {
        match self {
            ObligationState::Supported => "Supported",
            ObligationState::Recorded => "Recorded",
            ObligationState::PartlySupported => "Partly supported",
            ObligationState::Open => "Open",
        }
    }
}

/// One supporting ISO/IEC 42001 requirement and its status for the system (or the organisation).
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct SupportResult {
    /// The requirement's ID.
    pub requirement: String,
    /// Its status: the system's own for a per-system control, otherwise the organisation's.
    pub status: Status,
    /// A per-system control not yet due at the system's life-cycle stage (`status` is then `not_applicable`): the
    /// obligation still needs it, so it counts as not in place. Absent when false.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub not_yet_due: bool,
}

/// One fact an obligation needs, and whether it is recorded.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct FactResult {
    /// The fact.
    pub fact: EuFact,
    /// Whether the system records it.
    pub recorded: bool,
    /// When it is not recorded, the ISO/IEC 42001 control on which the system's gap is recorded, e.g. `A.8.2` for an
    /// Art. 50 disclosure ([`missing_fact_control`]), which the obligation's `support` may not list. Absent otherwise.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub gap_under: Option<String>,
}

/// One obligation, for one system or for the organisation.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct ObligationResult {
    /// The obligation's stable ID, e.g. `art-26-7`.
    pub id: String,
    /// The article and paragraph.
    pub article: String,
    /// What it asks.
    pub title: String,
    /// Where the duty and its date come from.
    pub source: String,
    /// The date it applies from, as amended by Regulation (EU) 2026/1744.
    pub applies_from: Date,
    /// Days from the as-of date to `applies_from`; zero or negative once it applies.
    pub days_left: i64,
    /// Whether its date has passed at the as-of date (`days_left` zero or less).
    pub in_force: bool,
    /// Whether it applies now: in force, and for the organisation or a system already placed on the market or put
    /// into service ([`crate::workspace::LifecycleStage::is_placed`]). `false` for a system still before deployment,
    /// for which it "applies when placed on the market or put into service".
    pub applies_now: bool,
    /// For a system's row, the roles and classifications that trigger it; for an organisation row, the IDs of the
    /// systems that do.
    pub triggered_by: Vec<String>,
    /// Whether ISO/IEC 42001 supports it at all; `true`: act on it directly.
    pub outside_management_system: bool,
    /// The supporting requirements and their statuses, in data order, then the control a missing fact leaves short
    /// for the system (a fact's `gap_under`) when the data does not list it.
    pub support: Vec<SupportResult>,
    /// The facts it needs.
    pub facts: Vec<FactResult>,
    /// Its coverage ([`COVERAGE_RULE`]), in percent to one decimal; `null` when nothing can be weighed.
    pub coverage: Option<f64>,
    /// Where it stands.
    pub state: ObligationState,
    /// For people; `null` when the data has none.
    pub note: Option<String>,
}

/// One classified AI system and its obligations.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct EuSystemResult {
    /// The system's ID.
    pub id: String,
    /// Its name.
    pub name: String,
    /// Whether it is inside the management system's scope; a system out of scope lists no obligations.
    pub in_scope: bool,
    /// The organisation's operator roles for it.
    pub roles: Vec<EuAiActRole>,
    /// Its classifications.
    pub classifications: Vec<EuClassification>,
    /// Its Annex III areas, as written.
    pub annex_iii_areas: Vec<String>,
    /// The Annex I product law, as written; `null` when not given.
    pub annex_i_product: Option<String>,
    /// What the organisation's use adds.
    pub context: Vec<EuContext>,
    /// Whether reports give it an EU AI Act card: it is high-risk or an Art. 50 case.
    pub card: bool,
    /// The average coverage of its obligations, in percent to one decimal; `null` when it has none.
    pub coverage: Option<f64>,
    /// Its obligations, in data order, without the organisation-wide ones.
    pub obligations: Vec<ObligationResult>,
    /// Remarks for people.
    pub notes: Vec<String>,
}

/// The EU AI Act results of `workspace`, from the finished requirement results; `None` when no system has an EU AI
/// Act classification.
pub(super) fn results(workspace: &Workspace, requirements: &[RequirementResult], as_of: Date) -> Option<EuAiActResult> {
    let classified: Vec<&System> = workspace.systems.iter().filter(|s| s.eu_ai_act.is_some()).collect();
    if classified.is_empty() {
        return None;
    }
    let data = eu_ai_act::obligations();
    let mut organisation: Vec<(&Obligation, Date, Vec<String>)> = Vec::new();
    // Each system's result, and (for an in-scope one) the organisation-wide obligations it triggers, with their
    // dates: worked out on all cores, gathered below in the systems' order.
    let (systems, triggers): (Vec<EuSystemResult>, Vec<Triggers<'_>>) = crate::parallel::map(&classified, 200, |s| {
        let triggers = match (&s.eu_ai_act, s.in_scope) {
            (Some(eu), true) => eu_ai_act::triggered(data, eu)
                .into_iter()
                .filter(|t| t.obligation.scope == ObligationScope::Organisation)
                .map(|t| (t.obligation, t.applies_from))
                .collect(),
            _ => Vec::new(),
        };
        (system_result(s, data, &workspace.risk, requirements, as_of), triggers)
    })
    .into_iter()
    .unzip();
    for (s, triggers) in classified.iter().zip(triggers) {
        for (obligation, applies_from) in triggers {
            match organisation.iter_mut().find(|(o, ..)| o.id == obligation.id) {
                Some((_, date, ids)) => {
                    *date = (*date).min(applies_from);
                    ids.push(s.id.clone());
                }
                None => organisation.push((obligation, applies_from, vec![s.id.clone()])),
            }
        }
    }
    organisation.sort_by_key(|(o, ..)| data.obligations.iter().position(|d| d.id == o.id));
    let organisation: Vec<ObligationResult> = organisation
        .into_iter()
        .map(|(o, date, ids)| obligation_result(o, date, ids, None, &workspace.risk, requirements, as_of))
        .collect();
    let rows = organisation.iter().chain(systems.iter().filter(|s| s.in_scope).flat_map(|s| &s.obligations));
    let summary = EuSummary::of(rows);
    Some(EuAiActResult {
        notice: NOTICE,
        source: data.source.clone(),
        data: eu_ai_act::OBLIGATIONS_FILE,
        coverage_rule: COVERAGE_RULE,
        summary,
        organisation,
        systems,
    })
}

/// The note on the card of a high-risk AI system already placed on the market or put into service: Regulation (EU)
/// 2024/1689 Art. 111(2) binds such a system to the high-risk obligations only once its design changes significantly
/// after the cut-off date the Act sets for existing systems (with a final deadline of its own for systems intended
/// for use by public authorities). aims cannot tell when the system was placed or whether it has changed, so it
/// lists the obligations in full and says so.
pub const LEGACY_HIGH_RISK_NOTE: &str = "This system is already in use. If it was placed on the market or put into \
    service before the cut-off date the Act sets for existing systems, Art. 111(2) binds it to the high-risk \
    obligations only once its design changes significantly after that date (systems intended for use by public \
    authorities have a final deadline of their own). The obligations above are listed in full, as for a system placed \
    after that date: confirm with legal counsel which of them bind this system.";

/// The organisation-wide obligations one system triggers, with the date each applies from.
type Triggers<'a> = Vec<(&'a Obligation, Date)>;

fn system_result(
    system: &System,
    data: &'static eu_ai_act::Obligations,
    records: &RiskRecords,
    requirements: &[RequirementResult],
    as_of: Date,
) -> EuSystemResult {
    let eu = system.eu_ai_act.as_ref().expect("only classified systems are passed");
    let mut notes = Vec::new();
    let obligations: Vec<ObligationResult> = if system.in_scope {
        eu_ai_act::triggered(data, eu)
            .into_iter()
            .filter(|t| t.obligation.scope == ObligationScope::System)
            .map(|t| {
                let because = t.because.iter().map(|b| b.to_string()).collect();
                obligation_result(t.obligation, t.applies_from, because, Some(system), records, requirements, as_of)
            })
            .collect()
    } else {
        notes.push(
            "Outside the AI management system's scope, so not assessed; its EU AI Act obligations still apply."
                .to_string(),
        );
        Vec::new()
    };
    if eu.has(EuClassification::AnnexIii) && eu.annex_iii_areas.is_empty() {
        notes
            .push("No Annex III area is recorded (`annex_iii_areas`); Art. 27 may apply and cannot be checked.".into());
    }
    if system.in_scope
        && eu.is_high_risk()
        && system.lifecycle_stage.is_placed()
        && system.lifecycle_stage != crate::workspace::LifecycleStage::Retired
    {
        notes.push(LEGACY_HIGH_RISK_NOTE.to_string());
    }
    if eu.legacy {
        notes.push(
            "The system file uses the earlier single-value classification (warning `eu-legacy-classification`); \
             check that the roles and classifications read from it are complete."
                .to_string(),
        );
    }
    let figures: Vec<f64> = obligations.iter().map(|o| o.coverage.unwrap_or(0.0)).collect();
    EuSystemResult {
        id: system.id.clone(),
        name: system.name.clone(),
        in_scope: system.in_scope,
        roles: eu.roles.clone(),
        classifications: eu.classifications.clone(),
        annex_iii_areas: eu.annex_iii_areas.clone(),
        annex_i_product: eu.annex_i_product.clone(),
        context: eu.context.clone(),
        card: eu.is_high_risk() || eu.is_art_50(),
        coverage: average(&figures),
        obligations,
        notes,
    }
}

/// One obligation's row: for `system`, with its per-system statuses and facts; for the organisation (`None`), with
/// the organisation's statuses.
fn obligation_result(
    o: &Obligation,
    applies_from: Date,
    triggered_by: Vec<String>,
    system: Option<&System>,
    records: &RiskRecords,
    requirements: &[RequirementResult],
    as_of: Date,
) -> ObligationResult {
    let mut support: Vec<SupportResult> = requirements
        .iter()
        .filter(|r| o.iso.iter().any(|sel| selects(sel, &r.id)))
        .map(|r| {
            let own = system.filter(|_| r.scope == Scope::AiSystem).and_then(|s| r.system(&s.id));
            let status = match system {
                Some(_) if r.scope == Scope::AiSystem => own.map_or(r.status, |st| st.status),
                _ => r.status,
            };
            let not_yet_due = own.is_some_and(|st| st.is_not_yet_due());
            SupportResult { requirement: r.id.clone(), status, not_yet_due }
        })
        .collect();
    let facts: Vec<FactResult> = o
        .facts
        .iter()
        .map(|&fact| {
            let recorded = system.is_some_and(|s| fact_recorded(s, records, fact));
            let gap_under =
                (system.is_some() && !recorded).then(|| missing_fact_control(&o.id)).flatten().map(str::to_string);
            FactResult { fact, recorded, gap_under }
        })
        .collect();
    // The control a missing fact leaves short supports the obligation for this system, at the system's status for it:
    // the card then reads "1 of 2 compliant; short: A.8.2" beside the missing marking, never "1 of 1 compliant".
    // Only the obligation whose fact is missing counts it, so an Art. 50(1) disclosure that is recorded is not
    // lowered by a missing Art. 50(2) marking under the same control.
    for control in facts.iter().filter_map(|f| f.gap_under.as_deref()) {
        let own = system.and_then(|s| requirements.iter().find(|r| r.id == control).and_then(|r| r.system(&s.id)));
        if let Some(own) = own.filter(|_| !support.iter().any(|x| x.requirement == control)) {
            support.push(SupportResult {
                requirement: control.to_string(),
                status: own.status,
                not_yet_due: own.is_not_yet_due(),
            });
        }
    }
    let mut parts: Vec<f64> = support
        .iter()
        // A control the system is not yet due for is not in place yet: the obligation cannot count on it.
        .filter(|s| s.status != Status::NotApplicable || s.not_yet_due)
        .map(|s| s.status.points().unwrap_or(0.0))
        .collect();
    parts.extend(facts.iter().map(|f| if f.recorded { 1.0 } else { 0.0 }));
    let outside = o.iso.is_empty();
    // The state comes from the exact parts, never from the rounded figure: 99.96 % is not supported.
    let complete = !parts.is_empty() && parts.iter().all(|&p| p >= 1.0);
    let state = match () {
        _ if complete && outside => ObligationState::Recorded,
        _ if complete => ObligationState::Supported,
        _ if parts.iter().any(|&p| p > 0.0) => ObligationState::PartlySupported,
        _ => ObligationState::Open,
    };
    let mut coverage = average(&parts.iter().map(|p| p * 100.0).collect::<Vec<_>>());
    if !complete {
        // Rounding must not lift an incomplete obligation to 100 %.
        coverage = coverage.map(|c| c.min(99.9));
    }
    let days_left = as_of.days_until(applies_from);
    let placed = system.is_none_or(|s| s.lifecycle_stage.is_placed());
    ObligationResult {
        id: o.id.clone(),
        article: o.article.clone(),
        title: o.title.clone(),
        source: o.source.clone(),
        applies_from,
        days_left,
        in_force: days_left <= 0,
        applies_now: days_left <= 0 && placed,
        triggered_by,
        outside_management_system: outside,
        support,
        facts,
        coverage,
        state,
        note: o.note.clone(),
    }
}

/// Whether selector `sel` picks requirement `id`: the ID itself, or a clause number and every requirement under it.
pub(crate) fn selects(sel: &str, id: &str) -> bool {
    id == sel || (!sel.starts_with('A') && id.strip_prefix(sel).is_some_and(|rest| rest.starts_with('.')))
}

/// The mean of `figures` to one decimal; `None` when empty.
fn average(figures: &[f64]) -> Option<f64> {
    (!figures.is_empty()).then(|| (figures.iter().sum::<f64>() / figures.len() as f64 * 10.0).round() / 10.0)
}
