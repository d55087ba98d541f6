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
    /// The unit's name in full as organisation.yaml `units` gives it (`Centers for Disease Control and
    /// Prevention`), else the last part of the path (`CDC`); `No unit` for the systems that name none.
    pub name: String,
    /// How many units enclose it: 0 for a top-level unit (and for the systems that name none).
    pub depth: usize,
    /// The path of the unit that directly encloses it; `null` at the top level.
    pub parent: Option<String>,
    /// Its AI systems and those of the units inside it, in scope or not, by ID in natural order.
    pub systems: Vec<String>,
    /// How many of them are in scope (only those are scored), retired ones included, as `summary.systems_in_scope`.
    pub systems_in_scope: usize,
    /// How many of `systems_in_scope` are retired (no per-system control applies to them any more), as
    /// `summary.systems_retired`: the documents show `systems_in_scope - systems_retired` as active.
    pub systems_retired: usize,
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
/// the order [`super::Assessment::units`] documents, named by `names` (organisation.yaml `units`: full names by
/// unit path) where it names them. Empty when no system names a unit.
pub fn results(systems: &[SystemResult], names: &BTreeMap<String, String>) -> Vec<UnitResult> {
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
            let name = names.get(&path).cloned().unwrap_or_else(|| parts.last().cloned().unwrap_or_default());
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
    let mut systems_retired = 0;
    let mut systems_non_compliant = 0;
    let mut not_yet_due = 0;
    for s in members.iter().filter(|s| s.in_scope) {
        systems_in_scope += 1;
        systems_retired += usize::from(s.lifecycle_stage == crate::workspace::LifecycleStage::Retired);
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
        systems_retired,
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

/// The order every human list of AI systems, or of per-system actions, follows: by unit (units in the order of
/// [`results`], part by part in natural order, the systems that name no unit last), then by system ID in natural
/// order ([`natural_cmp`]). When no system names a unit this is natural order by ID. One key for every document, so
/// the report, the plan and the workbook list an agency's systems together and in the same order.
#[derive(Debug, Clone, Default)]
pub struct SystemOrder {
    /// Each system's position in that order, by ID.
    position: std::collections::HashMap<String, usize>,
}

impl SystemOrder {
    /// The order of `systems` (the assessment's systems, in any order).
    pub fn of(systems: &[SystemResult]) -> SystemOrder {
        let mut sorted: Vec<&SystemResult> = systems.iter().collect();
        sorted.sort_by(|a, b| unit_cmp(a.unit.as_deref(), b.unit.as_deref()).then_with(|| natural_cmp(&a.id, &b.id)));
        SystemOrder { position: sorted.iter().enumerate().map(|(i, s)| (s.id.clone(), i)).collect() }
    }

    /// The position of system `id` in the order; systems it does not know come after all it knows.
    pub fn position(&self, id: &str) -> usize {
        self.position.get(id).copied().unwrap_or(usize::MAX)
    }

    /// Compares two system IDs by the order, then by natural order of the IDs (for systems it does not know).
    pub fn cmp(&self, a: &str, b: &str) -> Ordering {
        self.position(a).cmp(&self.position(b)).then_with(|| natural_cmp(a, b))
    }

    /// The first position among `ids` (an action's systems): where a per-system action sorts; `None` for an action
    /// of the organisation as a whole, which sorts before the per-system ones.
    pub fn first(&self, ids: &[String]) -> Option<usize> {
        ids.iter().map(|id| self.position(id)).min()
    }

    /// Sorts `items` by the system ID `key` gives, in this order (stable).
    pub fn sort_by_system<T>(&self, items: &mut [T], key: impl Fn(&T) -> &str) {
        items.sort_by(|a, b| self.cmp(key(a), key(b)));
    }
}

/// Two systems' units in the order of [`results`]: part by part in natural order, no unit last.
fn unit_cmp(a: Option<&str>, b: Option<&str>) -> Ordering {
    match (a, b) {
        (Some(a), Some(b)) => UnitKey(a.split('/').map(str::to_string).collect())
            .cmp(&UnitKey(b.split('/').map(str::to_string).collect())),
        (Some(_), None) => Ordering::Less,
        (None, Some(_)) => Ordering::Greater,
        (None, None) => Ordering::Equal,
    }
}

/// How one top-level unit's AI systems fare under one per-system requirement: what a section of the report about a
/// large inventory shows, so a reader sees which unit is behind.
#[derive(Debug, Clone, Serialize)]
pub struct UnitShortfall {
    /// The top-level unit (`HHS` for `HHS/CDC`); `null` for the systems that name no unit.
    pub unit: Option<String>,
    /// How many of its systems fall short (partially compliant, non-compliant or not assessed).
    pub short: usize,
    /// How many of its systems the requirement applies to now (not "not applicable", not "not yet due").
    pub applicable: usize,
}

/// Per top-level unit, in the order of [`results`], how the systems of `statuses` (one requirement's per-system
/// statuses) fare; units the requirement applies to for none of their systems are left out. Empty when no system
/// of `systems` names a unit.
pub fn shortfalls(systems: &[SystemResult], statuses: &[super::report::SystemStatus]) -> Vec<UnitShortfall> {
    use crate::workspace::Status;
    if systems.iter().all(|s| s.unit.is_none()) {
        return Vec::new();
    }
    let unit_of: std::collections::HashMap<&str, Option<&str>> =
        systems.iter().map(|s| (s.id.as_str(), s.unit.as_deref().map(|u| u.split('/').next().unwrap_or(u)))).collect();
    let mut out: Vec<UnitShortfall> = Vec::new();
    for s in statuses.iter().filter(|s| s.status != Status::NotApplicable) {
        let unit = unit_of.get(s.system.as_str()).copied().flatten();
        let short =
            usize::from(matches!(s.status, Status::PartiallyCompliant | Status::NonCompliant | Status::NotAssessed));
        match out.iter_mut().find(|u| u.unit.as_deref() == unit) {
            Some(u) => {
                u.applicable += 1;
                u.short += short;
            }
            None => out.push(UnitShortfall { unit: unit.map(str::to_string), short, applicable: 1 }),
        }
    }
    out.sort_by(|a, b| unit_cmp(a.unit.as_deref(), b.unit.as_deref()));
    out
}
