//! The evidence that counts today but falls due for review before the target audit date: a record reviewed within
//! the review interval at the as-of date can be stale by the day of the audit, and an auditor then finds it out of
//! date (docs/soa-and-plan.md, "Evidence due for review before the audit").

use std::collections::BTreeMap;

use serde::Serialize;

use crate::assess::Assessment;
use crate::date::Date;

/// One record that falls due for review before the target audit date.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ReviewDue {
    /// The last day it still counts: its review date plus the review interval (aims.toml `[evidence]
    /// review_interval_months`). From the next day it is stale.
    pub due: Date,
    /// The record as the documents name it: its title, after its AI system's name for a system's own record
    /// ([`crate::views::evidence::label`]).
    pub label: String,
    /// The requirements it is evidence for, by ID in catalogue order.
    pub requirements: Vec<String>,
}

/// The records of `assessment` that count at the as-of date and would be stale at `target` (their review date plus
/// the review interval falls before it), one per document and AI system, the earliest due first, then by label;
/// empty without a target date.
pub fn due_before(assessment: &Assessment, target: Option<Date>) -> Vec<ReviewDue> {
    let Some(target) = target else { return Vec::new() };
    let months = assessment.review_interval_months;
    let name =
        |id: &str| assessment.systems.iter().find(|s| s.id == id).map_or_else(|| id.to_string(), |s| s.name.clone());
    // Per document (file, register ID or address) and AI system: the record's due date, label and requirements.
    let mut records: BTreeMap<(&str, Option<&str>), ReviewDue> = BTreeMap::new();
    for r in &assessment.requirements {
        for e in r.evidence.iter().filter(|e| e.verdict.counts()) {
            let (Some(reviewed), Some(document)) = (e.reviewed, crate::views::evidence::reference(e)) else {
                continue;
            };
            let due = reviewed.add_months(months);
            if due >= target {
                continue;
            }
            let title = crate::views::evidence::title(e).unwrap_or_else(|| document.to_string());
            let systems: Vec<String> = e.system.as_deref().map(name).into_iter().collect();
            let entry = records.entry((document, e.system.as_deref())).or_insert_with(|| ReviewDue {
                due,
                label: crate::views::evidence::label(&title, &systems, true),
                requirements: Vec::new(),
            });
            // Two records of one document with different review dates: the earlier review decides.
            entry.due = entry.due.min(due);
            if !entry.requirements.contains(&r.id) {
                entry.requirements.push(r.id.clone());
            }
        }
    }
    let mut due: Vec<ReviewDue> = records.into_values().collect();
    due.sort_by(|a, b| a.due.cmp(&b.due).then_with(|| a.label.cmp(&b.label)));
    due
}

/// Adds to `readiness` the rule for records falling due before the audit: when any of `due` is evidence for one of
/// the requirements the stage looks at (`looks_at`), the stage is at risk at best, and a reason counts them.
pub fn weigh(
    readiness: &mut crate::views::summary::Readiness,
    due: &[ReviewDue],
    looks_at: &dyn Fn(&str) -> bool,
    target: Date,
) {
    let n = due.iter().filter(|d| d.requirements.iter().any(|id| looks_at(id))).count();
    if n == 0 {
        return;
    }
    crate::views::summary::readiness::at_risk(
        readiness,
        format!(
            "{n} {} that {} today {} due for review before the target audit date, {target}.",
            crate::render::plural("record", n),
            if n == 1 { "counts" } else { "count" },
            if n == 1 { "falls" } else { "fall" },
        ),
    );
}
