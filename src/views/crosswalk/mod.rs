//! Crosswalks from ISO/IEC 42001 to other frameworks (EU AI Act, NIST AI RMF 1.0, ISO/IEC 27001:2022): the views of
//! an assessment through the bundled link data that `aims crosswalk`, the gap report's EU AI Act section and
//! `aims controls ID` show.
//!
//! - [`data`]: the embedded link data (`controls/crosswalks/`), parsed and checked.
//! - [`coverage`]: how well the assessment supports each item of the other framework.
//! - [`eu`]: the EU AI Act's per-system obligations (as the assessment worked them out) and dates.
//!
//! Every view is a function of the assessment and the embedded data: no I/O, no clock. The formats live in
//! [`render::crosswalk`](crate::render::crosswalk). And every view says what a crosswalk is: an alignment ("this
//! requirement helps with that item"), never conformity.

pub mod coverage;
pub mod data;
pub mod eu;

use serde::Serialize;

pub use coverage::{CoverageSummary, GapView, ItemGroup, ItemView, LinkView, Support, nist_functions, summarise};
pub use data::{
    ActDate, Article, CrosswalkError, Crosswalks, DateSet, FrameworkInfo, Iso27001Clause, NistLink, NistSubcategory,
    RoleArticles,
};
pub use eu::{DateView, EuView};

use crate::assess::Assessment;
use crate::catalogue::{Catalogue, Kind};
use crate::date::Date;
use coverage::{ItemSpec, StatusIndex};

/// The frameworks `aims crosswalk --framework` knows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Framework {
    /// Regulation (EU) 2024/1689, the EU AI Act
    EuAiAct,
    /// NIST AI Risk Management Framework 1.0
    NistAiRmf,
    /// ISO/IEC 27001:2022 clauses 4-10
    Iso27001,
}

impl Framework {
    /// Every framework, in the order documents list them.
    pub const ALL: [Framework; 3] = [Framework::EuAiAct, Framework::NistAiRmf, Framework::Iso27001];

    /// The ID used on the command line, in the data and in the JSON view.
    pub fn id(self) -> &'static str {
        match self {
            Framework::EuAiAct => "eu-ai-act",
            Framework::NistAiRmf => "nist-ai-rmf",
            Framework::Iso27001 => "iso27001",
        }
    }
}

/// The version of the JSON crosswalk view's shape (docs/crosswalk.md).
pub const SCHEMA_VERSION: u32 = 2;

/// How coverage is computed, as every view states it.
pub const COVERAGE_DEFINITION: &str = "Coverage of an item is (compliant + 0.5 × partially compliant) / (compliant + \
    partially compliant + non-compliant) over the distinct ISO/IEC 42001 requirements linked to it, in percent, like \
    the gap score: not applicable and not assessed requirements are left out of the figure, and not assessed ones are \
    listed among the gaps. For an AI system, per-system controls count with that system's own status. An overall \
    figure is the average of its items' figures, each item weighing the same.";

/// A whole crosswalk view: what `--format json` prints, and what the other formats show.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct CrosswalkReport {
    /// [`SCHEMA_VERSION`].
    pub schema_version: u32,
    /// The framework's ID ([`Framework::id`]).
    pub framework: &'static str,
    /// The framework's full name.
    pub title: String,
    /// The date the assessment was made as of.
    pub as_of: Date,
    /// The organisation's name.
    pub organisation: String,
    /// The standard assessed: ISO/IEC 42001:2023.
    pub standard: &'static str,
    /// The version of aims's catalogue.
    pub catalogue_version: &'static str,
    /// The alignment-not-conformity statement.
    pub notice: String,
    /// Where ISO/IEC 42001 is weak for this framework.
    pub weak_spots: Vec<String>,
    /// [`COVERAGE_DEFINITION`].
    pub coverage_definition: &'static str,
    /// What one item is called ("Article", "Subcategory", "Clause").
    pub item: String,
    /// The support of all items.
    pub summary: CoverageSummary,
    /// Every item of the framework that the data links, in the framework's order.
    pub items: Vec<ItemView>,
    /// ISO/IEC 27001 only: the ISO/IEC 42001 clauses without a counterpart.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub only_in_iso42001: Vec<LinkView>,
    /// EU AI Act only: the system obligations and dates.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub eu_ai_act: Option<EuView>,
    /// Where the links come from.
    pub sources: Vec<String>,
}

/// Builds the view of `assessment` onto `framework`; `as_of` is the date the EU AI Act's dates are counted from.
///
/// # Errors
/// A [`CrosswalkError`] when the data names a requirement the assessment lacks.
pub fn report(
    data: &Crosswalks,
    assessment: &Assessment,
    framework: Framework,
    as_of: Date,
) -> Result<CrosswalkReport, CrosswalkError> {
    let info = data.framework(framework);
    let statuses = StatusIndex::new(assessment);
    let mut only_in_iso42001 = Vec::new();
    let mut eu_view = None;
    let items = match framework {
        Framework::EuAiAct => {
            let items = data
                .articles
                .iter()
                .map(|a| statuses.evaluate(statuses.article_spec(a), None))
                .collect::<Result<Vec<_>, _>>()?;
            eu_view = Some(eu::eu_view(data, assessment, as_of));
            items
        }
        Framework::NistAiRmf => data
            .nist
            .iter()
            .map(|s| {
                let spec = ItemSpec {
                    id: s.id.clone(),
                    title: s.label.clone(),
                    links: s.links.iter().map(|l| (l.requirement.clone(), None)).collect(),
                    also: Vec::new(),
                    note: None,
                };
                statuses.evaluate(spec, None)
            })
            .collect::<Result<Vec<_>, _>>()?,
        Framework::Iso27001 => {
            for r in assessment.requirements.iter().filter(|r| r.kind == Kind::Clause) {
                if !data.iso27001.iter().any(|c| c.requirement == r.id) {
                    only_in_iso42001.push(LinkView {
                        requirement: r.id.clone(),
                        title: r.title.clone(),
                        status: r.status,
                        basis: None,
                    });
                }
            }
            data.iso27001
                .iter()
                .map(|c| {
                    let spec = ItemSpec {
                        id: c.id.clone(),
                        title: c.title.clone(),
                        links: vec![(c.requirement.clone(), None)],
                        also: Vec::new(),
                        note: None,
                    };
                    statuses.evaluate(spec, None)
                })
                .collect::<Result<Vec<_>, _>>()?
        }
    };
    Ok(CrosswalkReport {
        schema_version: SCHEMA_VERSION,
        framework: framework.id(),
        title: info.title.clone(),
        as_of,
        organisation: assessment.organisation.name.clone(),
        standard: assessment.catalogue.standard,
        catalogue_version: assessment.catalogue.version,
        notice: info.notice.clone(),
        weak_spots: info.weak_spots.clone(),
        coverage_definition: COVERAGE_DEFINITION,
        item: info.item.clone(),
        summary: summarise(items.iter()),
        items,
        only_in_iso42001,
        eu_ai_act: eu_view,
        sources: info.sources.clone(),
    })
}

/// Why `aims crosswalk` could not produce its document.
#[derive(Debug, thiserror::Error)]
pub enum RenderError {
    /// The bundled data is invalid or does not match the catalogue.
    #[error(transparent)]
    Data(#[from] CrosswalkError),
    /// The Markdown template failed, or the view does not come in the format asked for.
    #[error(transparent)]
    Document(#[from] crate::render::DocumentError),
}

/// `aims crosswalk`: the view of `assessment` onto `framework`, rendered in `format` (Markdown from the built-in
/// template).
///
/// # Errors
/// [`RenderError::Data`] when the bundled data is invalid or does not match `catalogue`;
/// [`RenderError::Document`] when the Markdown template fails or `format` is not one of
/// [`Format::CROSSWALK`](crate::render::Format::CROSSWALK).
pub fn render(
    catalogue: &Catalogue,
    assessment: &Assessment,
    framework: Framework,
    format: crate::render::Format,
    as_of: Date,
) -> Result<String, RenderError> {
    let data = Crosswalks::bundled()?;
    data.check(catalogue)?;
    let report = report(data, assessment, framework, as_of)?;
    Ok(crate::render::crosswalk::render(&report, format, None)?)
}

/// An EU AI Act article that a requirement links to.
#[derive(Debug, Clone, Serialize)]
pub struct ArticleLink {
    /// The article: "Art. 9".
    pub article: String,
    /// Its short title.
    pub title: String,
    /// Whether the link counts towards the article's coverage; `false` when only some mappings cite it.
    pub counted: bool,
}

/// The items of the other frameworks that one ISO/IEC 42001 requirement links to (`aims controls ID`).
#[derive(Debug, Clone, Serialize)]
pub struct RequirementLinks {
    /// The requirement's ID.
    pub requirement: String,
    /// EU AI Act articles, in the Act's order.
    pub eu_ai_act: Vec<ArticleLink>,
    /// NIST AI RMF 1.0 subcategory IDs, in the framework's order.
    pub nist_ai_rmf: Vec<String>,
    /// ISO/IEC 27001:2022 clauses with the same number (clauses 4-10 only).
    pub iso27001: Vec<Iso27001Clause>,
}

/// The items of each framework that requirement `id` links to.
pub fn links_of(data: &Crosswalks, id: &str) -> RequirementLinks {
    let eu_ai_act = data
        .articles
        .iter()
        .filter_map(|a| {
            let counted = Crosswalks::basis(a, id).is_some();
            let cited = a.also.iter().any(|x| x == id);
            (counted || cited).then(|| ArticleLink { article: a.article.clone(), title: a.title.clone(), counted })
        })
        .collect();
    let nist_ai_rmf =
        data.nist.iter().filter(|s| s.links.iter().any(|l| l.requirement == id)).map(|s| s.id.clone()).collect();
    let iso27001 = data.iso27001.iter().filter(|c| c.requirement == id).cloned().collect();
    RequirementLinks { requirement: id.to_string(), eu_ai_act, nist_ai_rmf, iso27001 }
}
