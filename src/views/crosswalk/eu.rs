//! The EU AI Act view of the assessment: the obligations of each high-risk system's operator role with the support
//! the assessment gives them, the other classified systems, the application dates, and the EU AI Act section of the
//! gap report ([`gap_report_section`]).

use serde::Serialize;

use super::coverage::{ItemView, StatusIndex, average};
use super::data::{ActDate, CrosswalkError, Crosswalks};
use super::{COVERAGE_DEFINITION, Framework};
use crate::assess::{Assessment, SystemResult};
use crate::date::Date;
use crate::eu_ai_act::{self, Applies, Route};
use crate::workspace::{EuAiActRole, EuRiskTier, Workspace};

/// A date of the EU AI Act, seen from the as-of date.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct DateView {
    /// The date it applies from.
    pub date: Date,
    /// The date before the Digital Omnibus moved it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub original: Option<Date>,
    /// What applies from that date.
    pub what: String,
    /// The date's status key in the date set ("in_force", "proposed", ...).
    pub status: String,
    /// The status for people.
    pub status_text: String,
    /// Days from the as-of date to `date`; zero or negative once it applies.
    pub days_remaining: i64,
}

/// A high-risk AI system: its role's obligations and how the assessment supports them.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct SystemView {
    /// The system's ID.
    pub id: String,
    /// The system's name.
    pub name: String,
    /// The organisation's EU AI Act role for it.
    pub role: EuAiActRole,
    /// Always high-risk here.
    pub risk_tier: EuRiskTier,
    /// The system file's `annex_iii_area`, as written.
    pub annex_iii_area: Option<String>,
    /// How the system is high-risk.
    pub route: Route,
    /// For people: "high-risk: Annex III 4(a) ...".
    pub classification: String,
    /// When the role's obligations apply for this route.
    pub applies_from: Option<DateView>,
    /// The average coverage of the obligations that apply, in percent to one decimal.
    pub coverage: Option<f64>,
    /// One item per article that falls on the role, with per-system statuses.
    pub obligations: Vec<ItemView>,
    /// The system file's `human_oversight` (crosswalk views only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub human_oversight: Option<String>,
    /// Remarks for people: an unrecorded route, Art. 27's scope, missing human oversight.
    pub notes: Vec<String>,
}

/// A classified AI system that is not an in-scope high-risk one.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct OtherSystemView {
    /// The system's ID.
    pub id: String,
    /// The system's name.
    pub name: String,
    /// The organisation's EU AI Act role for it.
    pub role: EuAiActRole,
    /// Its risk tier.
    pub risk_tier: EuRiskTier,
    /// Whether the system is inside the AI management system's scope.
    pub in_scope: bool,
    /// When the duties of its tier apply; `null` for minimal risk.
    pub applies_from: Option<DateView>,
    /// What the tier means for the system, for people.
    pub note: String,
}

/// The EU AI Act part of the view: per-system obligations and dates.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct EuView {
    /// Which set of application dates the view uses.
    pub date_set: String,
    /// The in-scope high-risk systems, in inventory order.
    pub high_risk_systems: Vec<SystemView>,
    /// Every other classified system, in inventory order.
    pub other_systems: Vec<OtherSystemView>,
    /// Every application date, earliest first.
    pub dates: Vec<DateView>,
}

/// The EU AI Act part of the crosswalk view of `assessment`; `workspace` adds each system's `human_oversight`.
pub(super) fn eu_view(
    data: &Crosswalks,
    statuses: &StatusIndex<'_>,
    assessment: &Assessment,
    workspace: Option<&Workspace>,
    as_of: Date,
) -> Result<EuView, CrosswalkError> {
    let in_scope: Vec<&SystemResult> = assessment.systems.iter().filter(|s| s.in_scope).collect();
    let high_risk_systems = high_risk_views(data, statuses, &in_scope, workspace, as_of)?;
    Ok(EuView {
        date_set: data.dates.date_set.clone(),
        high_risk_systems,
        other_systems: assessment.systems.iter().filter_map(|s| other_system_view(data, s, as_of)).collect(),
        dates: data.dates.dates.iter().map(|d| date_view(data, d, as_of)).collect(),
    })
}

fn date_view(data: &Crosswalks, d: &ActDate, as_of: Date) -> DateView {
    DateView {
        date: d.date,
        original: d.original,
        what: d.what.clone(),
        status: d.status.clone(),
        status_text: data.dates.statuses.get(&d.status).cloned().unwrap_or_default(),
        days_remaining: as_of.days_until(d.date),
    }
}

/// The views of the high-risk systems among `systems`, in their order, worked out on all cores: an inventory can
/// hold thousands.
fn high_risk_views(
    data: &Crosswalks,
    statuses: &StatusIndex<'_>,
    systems: &[&SystemResult],
    workspace: Option<&Workspace>,
    as_of: Date,
) -> Result<Vec<SystemView>, CrosswalkError> {
    let views = crate::parallel::map(systems, 200, |s| system_view(data, statuses, s, workspace, as_of));
    views.into_iter().filter_map(Result::transpose).collect()
}

/// The obligations of a high-risk system's role, with the support the assessment gives them for this system.
fn system_view(
    data: &Crosswalks,
    statuses: &StatusIndex<'_>,
    system: &SystemResult,
    workspace: Option<&Workspace>,
    as_of: Date,
) -> Result<Option<SystemView>, CrosswalkError> {
    let Some(eu) = system.eu_ai_act.as_ref().filter(|eu| eu.risk_tier == EuRiskTier::HighRisk) else {
        return Ok(None);
    };
    let area = eu.annex_iii_area.as_deref();
    let route = Route::of(area);
    let statuses = statuses.for_system(system);
    let mut notes = Vec::new();
    if route == Route::NotRecorded {
        notes.push(
            "No `annex_iii_area` is recorded, so aims assumes the Annex III route and its date; record the area \
             or the Annex I route in the system file."
                .to_string(),
        );
    }
    let role = data.roles.iter().find(|r| r.role == eu.role);
    notes.extend(role.and_then(|r| r.note.clone()));
    let mut obligations = Vec::new();
    for id in role.map_or(&[][..], |r| r.articles.as_slice()) {
        let Some(article) = data.article(id) else { continue };
        let applies = if id == "Art. 27" { eu_ai_act::fria(route, area) } else { Applies::Yes };
        match applies {
            Applies::IfPublicService => notes.push(
                "Art. 27 applies only if the deployer is a body governed by public law or a private entity \
                 providing public services (Art. 27(1)); it is shown but left out of the system's figure."
                    .to_string(),
            ),
            Applies::No => notes.push(
                "Art. 27 does not apply to this system (Art. 27(1) excludes critical infrastructure and covers \
                 Annex III systems only); it is shown but left out of the system's figure."
                    .to_string(),
            ),
            Applies::Yes => {}
        }
        obligations.push(statuses.evaluate(statuses.article_spec(article), Some(applies))?);
    }
    let coverage = average(obligations.iter().filter(|o| o.applies == Some(Applies::Yes)).filter_map(|o| o.coverage));
    let classification = match area {
        Some(area) => format!("high-risk: {area}"),
        None => "high-risk (route not recorded)".to_string(),
    };
    let human_oversight = workspace.and_then(|w| w.system(&system.id)).and_then(|s| s.human_oversight.clone());
    if workspace.is_some() && human_oversight.is_none() {
        notes.push("The system file describes no `human_oversight` (finding `eu-high-risk-gap`).".to_string());
    }
    Ok(Some(SystemView {
        id: system.id.clone(),
        name: system.name.clone(),
        role: eu.role,
        risk_tier: eu.risk_tier,
        annex_iii_area: eu.annex_iii_area.clone(),
        route,
        classification,
        applies_from: data.date_for(route.date_key()).map(|d| date_view(data, d, as_of)),
        coverage,
        obligations,
        human_oversight,
        notes,
    }))
}

fn other_system_view(data: &Crosswalks, system: &SystemResult, as_of: Date) -> Option<OtherSystemView> {
    let eu = system.eu_ai_act.as_ref()?;
    if eu.risk_tier == EuRiskTier::HighRisk && system.in_scope {
        return None;
    }
    let key = match eu.risk_tier {
        EuRiskTier::Prohibited => Some("prohibited"),
        EuRiskTier::HighRisk => Some(Route::of(eu.annex_iii_area.as_deref()).date_key()),
        EuRiskTier::Transparency => Some("transparency"),
        EuRiskTier::GpaiModel => Some("gpai_model"),
        EuRiskTier::Minimal => None,
    };
    let mut note = match eu.risk_tier {
        EuRiskTier::Prohibited => {
            "A prohibited practice (Art. 5): it may not be placed on the market, put into service or used.".to_string()
        }
        EuRiskTier::HighRisk => "High-risk, but outside the AI management system's scope.".to_string(),
        EuRiskTier::Transparency => "Transparency duties of Art. 50; see the Art. 50 row.".to_string(),
        EuRiskTier::Minimal => {
            "No duties beyond AI literacy (Art. 4); voluntary codes of conduct (Art. 95).".to_string()
        }
        EuRiskTier::GpaiModel => {
            "Duties of general-purpose AI model providers (Chapter V); not in the crosswalk data.".to_string()
        }
    };
    if !system.in_scope {
        note.push_str(" Out of scope: not assessed.");
    }
    Some(OtherSystemView {
        id: system.id.clone(),
        name: system.name.clone(),
        role: eu.role,
        risk_tier: eu.risk_tier,
        in_scope: system.in_scope,
        applies_from: key.and_then(|k| data.date_for(k)).map(|d| date_view(data, d, as_of)),
        note,
    })
}

/// What the gap report shows about the EU AI Act when an in-scope system is high-risk or prohibited. Serialised as
/// the `eu_ai_act` value of the report template's context.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct GapReportSection {
    /// The alignment-not-conformity statement of the EU AI Act crosswalk.
    pub notice: String,
    /// The first weak spot of the EU view (Art. 14 human oversight).
    pub weak_spot: String,
    /// Which set of application dates the section uses.
    pub date_set: String,
    /// Which date set the application dates come from, and the status of each date shown.
    pub dates_note: String,
    /// How coverage is computed ([`COVERAGE_DEFINITION`]).
    pub coverage_definition: &'static str,
    /// The in-scope systems classified as prohibited practices, in inventory order.
    pub prohibited: Vec<OtherSystemView>,
    /// The in-scope high-risk systems with their obligations (no `human_oversight`: the section reads only the
    /// assessment), in inventory order.
    pub high_risk_systems: Vec<SystemView>,
}

/// The gap report's EU AI Act section, or `None` when no in-scope system is high-risk or prohibited. A pure function
/// of the assessment and the bundled data; dates are counted from `assessment.as_of`.
///
/// # Errors
/// A [`CrosswalkError`] when the bundled data is invalid or names a requirement the assessment lacks.
pub fn gap_report_section(assessment: &Assessment) -> Result<Option<GapReportSection>, CrosswalkError> {
    let tier = |s: &SystemResult| s.eu_ai_act.as_ref().map(|eu| eu.risk_tier);
    let concerned =
        |s: &&SystemResult| s.in_scope && matches!(tier(s), Some(EuRiskTier::HighRisk | EuRiskTier::Prohibited));
    if !assessment.systems.iter().any(|s| concerned(&s)) {
        return Ok(None);
    }
    let data = Crosswalks::bundled()?;
    let statuses = StatusIndex::new(assessment);
    let concerned: Vec<&SystemResult> = assessment.systems.iter().filter(concerned).collect();
    let high_risk_systems = high_risk_views(data, &statuses, &concerned, None, assessment.as_of)?;
    let prohibited = concerned
        .iter()
        .filter(|s| tier(s) == Some(EuRiskTier::Prohibited))
        .filter_map(|s| other_system_view(data, s, assessment.as_of))
        .collect();
    let info = data.framework(Framework::EuAiAct);
    let mut shown: Vec<&DateView> = high_risk_systems.iter().filter_map(|s| s.applies_from.as_ref()).collect();
    shown.sort_by_key(|d| d.date);
    shown.dedup_by_key(|d| d.date);
    let mut dates_note = format!("Application dates: {}.", data.dates.date_set);
    for d in shown {
        let original = d.original.map_or(String::new(), |o| format!(", originally {o}"));
        dates_note.push_str(&format!(" {} ({}{original}): {}.", d.date, d.what, d.status_text));
    }
    Ok(Some(GapReportSection {
        notice: info.notice.clone(),
        weak_spot: info.weak_spots.first().cloned().unwrap_or_default(),
        date_set: data.dates.date_set.clone(),
        dates_note,
        coverage_definition: COVERAGE_DEFINITION,
        prohibited,
        high_risk_systems,
    }))
}
