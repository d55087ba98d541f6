//! Coverage: how well the assessment supports each item of another framework, from the statuses of the ISO/IEC
//! 42001 requirements linked to it (the definition is [`COVERAGE_DEFINITION`](super::COVERAGE_DEFINITION)).

use std::collections::HashMap;
use std::sync::Arc;

use serde::Serialize;

use super::data::{Article, CrosswalkError, Crosswalks, bad};
use crate::assess::{Assessment, Counts, RequirementResult};
use crate::eu_ai_act::Applies;
use crate::workspace::Status;

/// One linked ISO/IEC 42001 requirement and its status in the assessment.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct LinkView {
    /// The requirement's ID: "6.1.2", "A.5.2".
    pub requirement: String,
    /// The requirement's short title.
    pub title: String,
    /// Its status: organisation-wide, or for one system in a system's obligations.
    pub status: Status,
    /// EU AI Act only: whether the link comes from the consensus table, the per-control list, or both.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub basis: Option<&'static str>,
}

/// A linked requirement that is not met.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct GapView {
    /// The requirement's ID.
    pub requirement: String,
    /// Partially compliant, non-compliant or not assessed.
    pub status: Status,
}

/// How well an item is supported.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Support {
    /// Coverage 100%.
    Supported,
    /// Coverage above 0% and below 100%.
    PartlySupported,
    /// Coverage 0%.
    NotSupported,
    /// No linked requirement is assessed and applicable.
    NoFigure,
}

/// One item of the other framework (an article, a subcategory, a clause) with its support.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct ItemView {
    /// The item as the framework numbers it: "Art. 9", "GOVERN 1.1", "6.1.2".
    pub id: String,
    /// Its short title.
    pub title: String,
    /// In a system's obligations: whether the obligation falls on the organisation.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub applies: Option<Applies>,
    /// Coverage in percent, to one decimal; `null` when no linked requirement is assessed and applicable.
    pub coverage: Option<f64>,
    /// The coverage as a word.
    pub support: Support,
    /// Statuses of the linked requirements.
    pub counts: Counts,
    /// The linked requirements that count, in catalogue order.
    pub links: Vec<LinkView>,
    /// Cited by some mappings only; not counted.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub also: Vec<LinkView>,
    /// The linked requirements that are not met, in catalogue order.
    pub gaps: Vec<GapView>,
    /// A remark from the data.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// The support of a list of items, in numbers.
#[derive(Debug, Clone, Default, Serialize, schemars::JsonSchema)]
pub struct CoverageSummary {
    /// How many items there are.
    pub items: usize,
    /// The average of the items' coverage figures, in percent to one decimal; `null` when no item has one.
    pub coverage: Option<f64>,
    /// Items at 100%.
    pub supported: usize,
    /// Items above 0% and below 100%.
    pub partly_supported: usize,
    /// Items at 0%.
    pub not_supported: usize,
    /// Items without a figure.
    pub no_figure: usize,
}

/// A part of a crosswalk's items with its own summary: one function of the NIST AI RMF.
#[derive(Debug, Clone, Serialize)]
pub struct ItemGroup<'a> {
    /// The group's name: "GOVERN".
    pub name: &'static str,
    /// The support of its items.
    pub summary: CoverageSummary,
    /// Its items, in the order of the crosswalk.
    pub items: Vec<&'a ItemView>,
}

/// The four functions of the NIST AI RMF, in the framework's order; a subcategory ID starts with its function.
pub const NIST_FUNCTIONS: [&str; 4] = ["GOVERN", "MAP", "MEASURE", "MANAGE"];

/// The items of the NIST AI RMF crosswalk grouped by function, each group with its own summary.
pub fn nist_functions(items: &[ItemView]) -> Vec<ItemGroup<'_>> {
    NIST_FUNCTIONS
        .iter()
        .map(|&name| {
            let items: Vec<&ItemView> = items.iter().filter(|i| i.id.split(' ').next() == Some(name)).collect();
            ItemGroup { name, summary: summarise(items.iter().copied()), items }
        })
        .collect()
}

/// An item before it meets the assessment: its linked requirement IDs (with the EU basis) and extras.
pub(super) struct ItemSpec {
    pub(super) id: String,
    pub(super) title: String,
    pub(super) links: Vec<(String, Option<&'static str>)>,
    pub(super) also: Vec<String>,
    pub(super) note: Option<String>,
}

/// Looks up a requirement's result and its organisation-wide status.
pub(super) struct StatusIndex<'a> {
    /// Shared between the organisation view and every system's view.
    index: Arc<HashMap<&'a str, &'a RequirementResult>>,
    /// Requirement IDs in catalogue order.
    order: Arc<Vec<&'a str>>,
}

impl<'a> StatusIndex<'a> {
    pub(super) fn new(assessment: &'a Assessment) -> StatusIndex<'a> {
        StatusIndex {
            index: Arc::new(assessment.requirements.iter().map(|r| (r.id.as_str(), r)).collect()),
            order: Arc::new(assessment.requirements.iter().map(|r| r.id.as_str()).collect()),
        }
    }

    fn get(&self, id: &str) -> Result<(&'a RequirementResult, Status), CrosswalkError> {
        let r = self.index.get(id).ok_or_else(|| bad("controls/crosswalks/", format!("{id} is not assessed")))?;
        Ok((r, r.status))
    }

    /// The item `spec` with the statuses of its links, its counts, gaps and coverage.
    pub(super) fn evaluate(&self, mut spec: ItemSpec, applies: Option<Applies>) -> Result<ItemView, CrosswalkError> {
        // Catalogue order, whatever order the source lists them in.
        spec.links.sort_by_key(|(id, _)| self.order.iter().position(|o| o == id));
        let mut counts = Counts::default();
        let mut links = Vec::new();
        let mut gaps = Vec::new();
        for (id, basis) in spec.links {
            let (r, status) = self.get(&id)?;
            counts.add(status);
            if status.is_gap() {
                gaps.push(GapView { requirement: id.clone(), status });
            }
            links.push(LinkView { requirement: id, title: r.title.clone(), status, basis });
        }
        let also = spec
            .also
            .into_iter()
            .map(|id| {
                let (r, status) = self.get(&id)?;
                Ok(LinkView { requirement: id, title: r.title.clone(), status, basis: None })
            })
            .collect::<Result<Vec<_>, CrosswalkError>>()?;
        let coverage = counts.score();
        Ok(ItemView {
            id: spec.id,
            title: spec.title,
            applies,
            coverage,
            support: support(coverage),
            counts,
            links,
            also,
            gaps,
            note: spec.note,
        })
    }

    /// An article's supporting requirements, in catalogue order.
    pub(super) fn article_spec(&self, article: &Article) -> ItemSpec {
        let links: Vec<(String, Option<&'static str>)> = self
            .order
            .iter()
            .filter_map(|id| Crosswalks::basis(article, id).map(|b| (id.to_string(), Some(b))))
            .collect();
        let also = self
            .order
            .iter()
            .filter(|id| article.also.iter().any(|a| a == *id) && !links.iter().any(|(l, _)| l == *id))
            .map(|id| id.to_string())
            .collect();
        ItemSpec { id: article.article.clone(), title: article.title.clone(), links, also, note: article.note.clone() }
    }
}

fn support(coverage: Option<f64>) -> Support {
    match coverage {
        None => Support::NoFigure,
        Some(c) if c >= 100.0 => Support::Supported,
        Some(c) if c <= 0.0 => Support::NotSupported,
        Some(_) => Support::PartlySupported,
    }
}

/// The average of the figures, to one decimal; `None` when there are none.
pub(super) fn average(figures: impl Iterator<Item = f64>) -> Option<f64> {
    let (sum, n) = figures.fold((0.0, 0usize), |(s, n), f| (s + f, n + 1));
    (n > 0).then(|| (sum * 10.0 / n as f64).round() / 10.0)
}

/// The support of `items` in numbers; the overall figure is the average of the items' figures.
pub fn summarise<'a>(items: impl Iterator<Item = &'a ItemView>) -> CoverageSummary {
    let mut summary = CoverageSummary::default();
    let mut figures = Vec::new();
    for item in items {
        summary.items += 1;
        figures.extend(item.coverage);
        *match item.support {
            Support::Supported => &mut summary.supported,
            Support::PartlySupported => &mut summary.partly_supported,
            Support::NotSupported => &mut summary.not_supported,
            Support::NoFigure => &mut summary.no_figure,
        } += 1;
    }
    summary.coverage = average(figures.into_iter());
    summary
}
