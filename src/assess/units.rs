//! Scores and counts per unit: the business units, departments or agencies the AI systems belong to (a system
//! file's `unit`, nested with `/`, outermost first: `HHS/CDC`). A unit's figures add up the per-system statuses of
//! its in-scope systems and of every unit inside it, so `HHS` covers `HHS` and `HHS/CDC` alike; the score is the
//! report's formula over those counts. Worked out once here, from the systems' results; renderers only read them.

use std::cmp::Ordering;
use std::collections::BTreeMap;

use serde::Serialize;

use super::report::{Counts, SystemResult};
use crate::ids::natural_cmp;

/// One unit, or the systems that name none, and how its AI systems fare across the per-system requirements.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct UnitResult {
    /// The unit's path, outermost first (`HHS/CDC`); `null` for the systems whose files name no unit.
    pub unit: Option<String>,
    /// The last part of the path (`CDC`), or `No unit`.
    pub name: String,
    /// How many units enclose it: 0 for a top-level unit (and for the systems that name none).
    pub depth: usize,
    /// The path of the unit that directly encloses it; `null` at the top level.
    pub parent: Option<String>,
    /// Its AI systems and those of the units inside it, in scope or not, by ID in natural order.
    pub systems: Vec<String>,
    /// How many of them are in scope (only those are scored).
    pub systems_in_scope: usize,
    /// How many in-scope systems have at least one non-compliant per-system requirement.
    pub systems_non_compliant: usize,
    /// The per-system statuses of its in-scope systems, added up.
    pub counts: Counts,
    /// How many per-system controls are not yet due for its in-scope systems at their life-cycle stages, added up
    /// (`systems[].not_yet_due`): counted in `counts.not_applicable` too, and left out of `score`.
    pub not_yet_due: usize,
    /// The score of `counts`, by the formula of `summary.score`; `null` when nothing applies to its systems.
    pub score: Option<f64>,
}

/// The units of `systems` (the assessment's systems, by ID in natural order), each enclosing unit included, in
/// the order [`super::Assessment::units`] documents. Empty when no system names a unit.
pub fn results(systems: &[SystemResult]) -> Vec<UnitResult> {
    if systems.iter().all(|s| s.unit.is_none()) {
        return Vec::new();
    }
    // Each unit path with every enclosing path, keyed by its parts so that a unit sorts before the units inside
    // it and siblings sort naturally (`HHS` < `HHS/CDC` < `HHS-OIG`, which plain text would not give).
    let mut units: BTreeMap<UnitKey, Vec<&SystemResult>> = BTreeMap::new();
    let mut without: Vec<&SystemResult> = Vec::new();
    for s in systems {
        let Some(unit) = &s.unit else {
            without.push(s);
            continue;
        };
        let parts: Vec<&str> = unit.split('/').collect();
        for depth in 1..=parts.len() {
            units.entry(UnitKey(parts[..depth].iter().map(|p| p.to_string()).collect())).or_default().push(s);
        }
    }
    let mut out: Vec<UnitResult> = units
        .into_iter()
        .map(|(UnitKey(parts), members)| {
            let path = parts.join("/");
            let parent = (parts.len() > 1).then(|| parts[..parts.len() - 1].join("/"));
            let name = parts.last().cloned().unwrap_or_default();
            result(Some(path), name, parts.len() - 1, parent, &members)
        })
        .collect();
    if !without.is_empty() {
        out.push(result(None, "No unit".to_string(), 0, None, &without));
    }
    out
}

fn result(
    unit: Option<String>,
    name: String,
    depth: usize,
    parent: Option<String>,
    members: &[&SystemResult],
) -> UnitResult {
    let mut counts = Counts::default();
    let mut systems_in_scope = 0;
    let mut systems_non_compliant = 0;
    let mut not_yet_due = 0;
    for s in members.iter().filter(|s| s.in_scope) {
        systems_in_scope += 1;
        let c = &s.counts;
        counts.compliant += c.compliant;
        counts.partially_compliant += c.partially_compliant;
        counts.non_compliant += c.non_compliant;
        counts.not_applicable += c.not_applicable;
        counts.not_assessed += c.not_assessed;
        systems_non_compliant += usize::from(s.counts.non_compliant > 0);
        not_yet_due += s.not_yet_due.len();
    }
    // The members arrive in the systems' order, which is already natural order by ID.
    UnitResult {
        unit,
        name,
        depth,
        parent,
        systems: members.iter().map(|s| s.id.clone()).collect(),
        systems_in_scope,
        systems_non_compliant,
        score: counts.score(),
        counts,
        not_yet_due,
    }
}

/// A unit path as its parts, ordered part by part in natural order.
#[derive(PartialEq, Eq)]
struct UnitKey(Vec<String>);

impl Ord for UnitKey {
    fn cmp(&self, other: &Self) -> Ordering {
        for (a, b) in self.0.iter().zip(&other.0) {
            let order = natural_cmp(a, b);
            if order != Ordering::Equal {
                return order;
            }
        }
        self.0.len().cmp(&other.0.len())
    }
}

impl PartialOrd for UnitKey {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}
