//! The EU AI Act part of `aims crosswalk --framework eu-ai-act`: the per-system obligations the assessment worked out
//! ([`crate::assess::eu_obligations`], the same value as the JSON report's `eu_ai_act`) and the application dates of
//! the bundled date set, counted from the as-of date. Nothing here decides anything about a system.

use serde::Serialize;

use super::data::{ActDate, Crosswalks};
use crate::assess::Assessment;
use crate::assess::eu_obligations::EuAiActResult;
use crate::date::Date;

/// A date of the EU AI Act, seen from the as-of date.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct DateView {
    /// The date it applies from.
    pub date: Date,
    /// The date before Regulation (EU) 2026/1744 moved it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub original: Option<Date>,
    /// What applies from that date.
    pub what: String,
    /// The date's status key in the date set (`regulation`, `omnibus`).
    pub status: String,
    /// The status for people.
    pub status_text: String,
    /// Days from the as-of date to `date`; zero or negative once it applies.
    pub days_remaining: i64,
}

/// The EU AI Act part of the crosswalk view.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct EuView {
    /// Which set of application dates the view uses.
    pub date_set: String,
    /// The obligations of each classified system and of the organisation, exactly as the assessment (and the JSON
    /// report's `eu_ai_act`) carries them; `null` when no system is classified.
    pub obligations: Option<EuAiActResult>,
    /// Every application date, earliest first.
    pub dates: Vec<DateView>,
}

/// The EU AI Act part of the crosswalk view of `assessment`, dates counted from `as_of`.
pub(super) fn eu_view(data: &Crosswalks, assessment: &Assessment, as_of: Date) -> EuView {
    EuView {
        date_set: data.dates.date_set.clone(),
        obligations: assessment.eu_ai_act.clone(),
        dates: data.dates.dates.iter().map(|d| date_view(data, d, as_of)).collect(),
    }
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
