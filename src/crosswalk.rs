//! Crosswalks from ISO/IEC 42001 to other frameworks (EU AI Act, NIST AI RMF 1.0, ISO/IEC 27001:2022): the bundled
//! link data (`controls/crosswalks/`), and the views of an assessment through them that `aims crosswalk`, the gap
//! report's EU AI Act section and `aims controls ID` show.
//!
//! Every view is a function of the assessment and the embedded data, like the renderers: no I/O, no clock. And
//! every view says what a crosswalk is: an alignment ("this requirement helps with that item"), never conformity.

use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

use serde::{Deserialize, Serialize};

use crate::assess::{Assessment, Counts, RequirementResult, SystemResult};
use crate::catalogue::{Catalogue, Scope};
use crate::date::Date;
use crate::eu_ai_act::{self, Applies, Route};
use crate::render::table::{WIDTH, right};
use crate::render::{clip, md_cell as cell, plural, wrap};
use crate::workspace::{EuAiActRole, EuRiskTier, Status, Workspace};

/// The frameworks `aims crosswalk --framework` knows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Framework {
    /// Regulation (EU) 2024/1689, the EU AI Act
    EuAiAct,
    /// NIST AI Risk Management Framework 1.0
    NistAiRmf,
    /// ISO/IEC 27001:2022 clauses 4-10
    Iso27001,
}

impl Framework {
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

/// Output formats of `aims crosswalk`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum CrosswalkFormat {
    Table,
    Markdown,
    Json,
    Csv,
}

/// The version of the JSON crosswalk view's shape (docs/crosswalk.md).
pub const SCHEMA_VERSION: u32 = 1;

/// How coverage is computed, as every view states it.
pub const COVERAGE_DEFINITION: &str = "Coverage of an item is (compliant + 0.5 × partially compliant) / (compliant + \
    partially compliant + non-compliant) over the distinct ISO/IEC 42001 requirements linked to it, in percent, like \
    the gap score: not applicable and not assessed requirements are left out of the figure, and not assessed ones are \
    listed among the gaps. For an AI system, per-system controls count with that system's own status. An overall \
    figure is the average of its items' figures, each item weighing the same.";

// ----- the bundled data ---------------------------------------------------------------------------------------------

const FRAMEWORKS: (&str, &str) =
    ("controls/crosswalks/frameworks.yaml", include_str!("../controls/crosswalks/frameworks.yaml"));
const EU_ARTICLES: (&str, &str) =
    ("controls/crosswalks/eu-ai-act.yaml", include_str!("../controls/crosswalks/eu-ai-act.yaml"));
const EU_DATES: (&str, &str) =
    ("controls/crosswalks/eu-ai-act-dates.yaml", include_str!("../controls/crosswalks/eu-ai-act-dates.yaml"));
const EU_LINKS: (&str, &str) =
    ("controls/crosswalks/iso42001-to-eu-ai-act.csv", include_str!("../controls/crosswalks/iso42001-to-eu-ai-act.csv"));
const NIST_LINKS: (&str, &str) = (
    "controls/crosswalks/nist-ai-rmf-1.0-to-iso42001.csv",
    include_str!("../controls/crosswalks/nist-ai-rmf-1.0-to-iso42001.csv"),
);
const NIST_SUBCATEGORIES: (&str, &str) = (
    "controls/crosswalks/nist-ai-rmf-1.0-subcategories.csv",
    include_str!("../controls/crosswalks/nist-ai-rmf-1.0-subcategories.csv"),
);
const ISO27001: (&str, &str) = (
    "controls/crosswalks/iso27001-2022-to-iso42001.csv",
    include_str!("../controls/crosswalks/iso27001-2022-to-iso42001.csv"),
);

/// The bundled crosswalk data failed its check: a defect in `controls/crosswalks/`, never the user's fault.
#[derive(Debug, thiserror::Error)]
#[error("the bundled crosswalk data is invalid ({file}): {message}")]
pub struct CrosswalkError {
    file: &'static str,
    message: String,
}

fn bad(file: &'static str, message: impl Into<String>) -> CrosswalkError {
    CrosswalkError { file, message: message.into() }
}

/// How a view introduces a framework (`frameworks.yaml`).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FrameworkInfo {
    pub id: String,
    pub title: String,
    /// What one item of the framework is called ("Article").
    pub item: String,
    /// The alignment-not-conformity statement.
    pub notice: String,
    /// Where ISO/IEC 42001 is weak for this framework.
    pub weak_spots: Vec<String>,
    pub sources: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct FrameworksFile {
    frameworks: Vec<FrameworkInfo>,
}

/// An EU AI Act article and the ISO/IEC 42001 requirements that support it.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Article {
    pub article: String,
    pub title: String,
    /// Clause selectors from the consensus table: an ID, or a clause number standing for every clause under it.
    #[serde(default)]
    pub clauses: Vec<String>,
    /// Annex A controls from the consensus table.
    #[serde(default)]
    pub controls: Vec<String>,
    /// Cited by some mappings only: shown, not counted.
    #[serde(default)]
    pub also: Vec<String>,
    #[serde(default)]
    pub note: Option<String>,
    /// Controls linked to this article in the per-control list (`iso42001-to-eu-ai-act.csv`).
    #[serde(skip)]
    pub per_control: Vec<String>,
}

/// The articles that fall on an operator role for a high-risk system.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RoleArticles {
    pub role: EuAiActRole,
    pub articles: Vec<String>,
    #[serde(default)]
    pub note: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct EuFile {
    articles: Vec<Article>,
    roles: Vec<RoleArticles>,
}

/// A date from which part of the EU AI Act applies.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ActDate {
    pub date: Date,
    /// The date before the Digital Omnibus moved it.
    #[serde(default)]
    pub original: Option<Date>,
    pub what: String,
    /// A key of [`DateSet::statuses`].
    pub status: String,
    /// What aims looks this date up for (`high_risk_annex_iii`, `prohibited`, ...).
    #[serde(default)]
    pub applies_to: Vec<String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DateSet {
    /// Which set of dates this is, so a report can say which one it used.
    pub date_set: String,
    pub statuses: BTreeMap<String, String>,
    pub dates: Vec<ActDate>,
}

/// A NIST AI RMF 1.0 subcategory and its links.
#[derive(Debug, Clone)]
pub struct NistSubcategory {
    pub id: String,
    /// aims's own short paraphrase.
    pub label: String,
    pub links: Vec<NistLink>,
}

#[derive(Debug, Clone)]
pub struct NistLink {
    /// The 42001 reference as the source prints it (B.x.y, or a slip it corrected).
    pub printed: String,
    /// The ISO/IEC 42001:2023 ID aims reads it as.
    pub requirement: String,
}

/// An ISO/IEC 27001:2022 clause and the same-numbered ISO/IEC 42001 clause.
#[derive(Debug, Clone)]
pub struct Iso27001Clause {
    pub id: String,
    pub title: String,
    pub requirement: String,
}

/// All the bundled crosswalk data, parsed and cross-checked.
#[derive(Debug, Clone)]
pub struct Crosswalks {
    pub frameworks: Vec<FrameworkInfo>,
    pub articles: Vec<Article>,
    pub roles: Vec<RoleArticles>,
    pub dates: DateSet,
    pub nist: Vec<NistSubcategory>,
    pub iso27001: Vec<Iso27001Clause>,
}

fn yaml<T: serde::de::DeserializeOwned>((file, text): (&'static str, &str)) -> Result<T, CrosswalkError> {
    serde_saphyr::from_str(text).map_err(|e| bad(file, e.to_string()))
}

/// The data rows of a bundled CSV file: `#` lines are comments, the first other line is the header (checked
/// against `header`), fields may be quoted.
fn csv_rows((file, text): (&'static str, &str), header: &[&str]) -> Result<Vec<Vec<String>>, CrosswalkError> {
    let mut rows = Vec::new();
    let mut seen_header = false;
    for (n, line) in text.lines().enumerate() {
        let line = line.trim_end_matches('\r');
        if line.trim().is_empty() || line.starts_with('#') {
            continue;
        }
        let fields = split_csv_line(line).ok_or_else(|| bad(file, format!("line {}: unbalanced quotes", n + 1)))?;
        if fields.len() != header.len() {
            return Err(bad(file, format!("line {}: {} fields, expected {}", n + 1, fields.len(), header.len())));
        }
        if !seen_header {
            if fields != header {
                return Err(bad(file, format!("line {}: the header should be {}", n + 1, header.join(","))));
            }
            seen_header = true;
            continue;
        }
        if fields.iter().any(String::is_empty) {
            return Err(bad(file, format!("line {}: an empty field", n + 1)));
        }
        rows.push(fields);
    }
    Ok(rows)
}

fn split_csv_line(line: &str) -> Option<Vec<String>> {
    let mut fields = Vec::new();
    let mut field = String::new();
    let mut quoted = false;
    let mut chars = line.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '"' if !quoted && field.is_empty() => quoted = true,
            '"' if quoted && chars.peek() == Some(&'"') => {
                chars.next();
                field.push('"');
            }
            '"' if quoted => quoted = false,
            ',' if !quoted => fields.push(std::mem::take(&mut field)),
            _ => field.push(c),
        }
    }
    if quoted {
        return None;
    }
    fields.push(field);
    Some(fields.into_iter().map(|f| f.trim().to_string()).collect())
}

/// Whether a clause selector picks a requirement: the ID itself, or any ID under it (`9` picks `9.2.1`, not `10.1`).
fn picks(selector: &str, id: &str) -> bool {
    id == selector || id.strip_prefix(selector).is_some_and(|rest| rest.starts_with('.'))
}

impl Crosswalks {
    /// Parses and cross-checks the embedded data (not yet against the catalogue: see [`Crosswalks::check`]).
    pub fn bundled() -> Result<Crosswalks, CrosswalkError> {
        let frameworks: FrameworksFile = yaml(FRAMEWORKS)?;
        for f in Framework::ALL {
            if !frameworks.frameworks.iter().any(|info| info.id == f.id()) {
                return Err(bad(FRAMEWORKS.0, format!("no entry for {}", f.id())));
            }
        }

        let EuFile { mut articles, roles } = yaml(EU_ARTICLES)?;
        for row in csv_rows(EU_LINKS, &["iso42001_control", "eu_ai_act_article"])? {
            let article = articles
                .iter_mut()
                .find(|a| a.article == row[1])
                .ok_or_else(|| bad(EU_LINKS.0, format!("{} is not an article of eu-ai-act.yaml", row[1])))?;
            article.per_control.push(row[0].clone());
        }
        for role in &roles {
            if let Some(missing) = role.articles.iter().find(|a| !articles.iter().any(|x| &x.article == *a)) {
                return Err(bad(EU_ARTICLES.0, format!("role {:?} names {missing}, which has no entry", role.role)));
            }
        }

        let dates: DateSet = yaml(EU_DATES)?;
        for d in &dates.dates {
            if !dates.statuses.contains_key(&d.status) {
                return Err(bad(EU_DATES.0, format!("{}: unknown status {}", d.date, d.status)));
            }
        }
        for key in ["prohibited", "transparency", "gpai_model", "high_risk_annex_iii", "high_risk_annex_i"] {
            if dates.dates.iter().filter(|d| d.applies_to.iter().any(|k| k == key)).count() != 1 {
                return Err(bad(EU_DATES.0, format!("exactly one date must apply to {key}")));
            }
        }

        let mut nist: Vec<NistSubcategory> = csv_rows(NIST_SUBCATEGORIES, &["subcategory", "label"])?
            .into_iter()
            .map(|row| NistSubcategory { id: row[0].clone(), label: row[1].clone(), links: Vec::new() })
            .collect();
        let header = ["ai_rmf_subcategory", "iso42001_fdis_ref_as_printed", "iso42001_2023_equivalent_id", "kind"];
        for row in csv_rows(NIST_LINKS, &header)? {
            let sub = nist
                .iter_mut()
                .find(|s| s.id == row[0])
                .ok_or_else(|| bad(NIST_LINKS.0, format!("{} is not a listed subcategory", row[0])))?;
            sub.links.push(NistLink { printed: row[1].clone(), requirement: row[2].clone() });
        }

        let iso27001 = csv_rows(ISO27001, &["iso27001_clause", "iso27001_title", "iso42001_clause"])?
            .into_iter()
            .map(|row| Iso27001Clause { id: row[0].clone(), title: row[1].clone(), requirement: row[2].clone() })
            .collect();

        Ok(Crosswalks { frameworks: frameworks.frameworks, articles, roles, dates, nist, iso27001 })
    }

    /// Checks that every requirement the data names is in `catalogue` and every clause selector picks one.
    pub fn check(&self, catalogue: &Catalogue) -> Result<(), CrosswalkError> {
        let exists = |file: &'static str, id: &str| {
            catalogue
                .get(id)
                .map(|_| ())
                .ok_or_else(|| bad(file, format!("{id} is not a requirement of the catalogue")))
        };
        for a in &self.articles {
            for selector in &a.clauses {
                if !catalogue.requirements().any(|r| picks(selector, &r.id)) {
                    return Err(bad(EU_ARTICLES.0, format!("{}: {selector} picks no requirement", a.article)));
                }
            }
            for id in a.controls.iter().chain(&a.also) {
                exists(EU_ARTICLES.0, id)?;
            }
            for id in &a.per_control {
                exists(EU_LINKS.0, id)?;
            }
        }
        for link in self.nist.iter().flat_map(|s| &s.links) {
            exists(NIST_LINKS.0, &link.requirement)?;
        }
        for clause in &self.iso27001 {
            exists(ISO27001.0, &clause.requirement)?;
        }
        Ok(())
    }

    pub fn framework(&self, framework: Framework) -> &FrameworkInfo {
        // `bundled` checked that every framework has an entry.
        self.frameworks.iter().find(|f| f.id == framework.id()).unwrap_or(&self.frameworks[0])
    }

    pub fn article(&self, id: &str) -> Option<&Article> {
        self.articles.iter().find(|a| a.article == id)
    }

    /// The date that applies to `key` (`high_risk_annex_iii`, `prohibited`, ...).
    pub fn date_for(&self, key: &str) -> Option<&ActDate> {
        self.dates.dates.iter().find(|d| d.applies_to.iter().any(|k| k == key))
    }

    /// Whether `article` counts `id` as support: in its consensus clauses or controls, or in the per-control list.
    fn basis(article: &Article, id: &str) -> Option<&'static str> {
        let consensus = article.clauses.iter().any(|s| picks(s, id)) || article.controls.iter().any(|c| c == id);
        let per_control = article.per_control.iter().any(|c| c == id);
        match (consensus, per_control) {
            (true, true) => Some("both"),
            (true, false) => Some("consensus"),
            (false, true) => Some("per_control"),
            (false, false) => None,
        }
    }
}

// ----- views ----------------------------------------------------------------------------------------------------------

/// One linked ISO/IEC 42001 requirement and its status in the assessment.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct LinkView {
    pub requirement: String,
    pub title: String,
    pub status: Status,
    /// EU AI Act only: whether the link comes from the consensus table, the per-control list, or both.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub basis: Option<&'static str>,
}

/// A linked requirement that is not met.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct GapView {
    pub requirement: String,
    pub status: Status,
}

/// How well an item is supported.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Support {
    /// Coverage 100%.
    Supported,
    PartlySupported,
    /// Coverage 0%.
    NotSupported,
    /// No linked requirement is assessed and applicable.
    NoFigure,
}

/// One item of the other framework (an article, a subcategory, a clause) with its support.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct ItemView {
    pub id: String,
    pub title: String,
    /// In a system's obligations: whether the obligation falls on the organisation.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub applies: Option<Applies>,
    pub coverage: Option<f64>,
    pub support: Support,
    /// Statuses of the linked requirements.
    pub counts: Counts,
    pub links: Vec<LinkView>,
    /// Cited by some mappings only; not counted.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub also: Vec<LinkView>,
    pub gaps: Vec<GapView>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

#[derive(Debug, Clone, Default, Serialize, schemars::JsonSchema)]
pub struct CoverageSummary {
    pub items: usize,
    /// The average of the items' coverage figures.
    pub coverage: Option<f64>,
    pub supported: usize,
    pub partly_supported: usize,
    pub not_supported: usize,
    pub no_figure: usize,
}

/// A date of the EU AI Act, seen from the as-of date.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct DateView {
    pub date: Date,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub original: Option<Date>,
    pub what: String,
    pub status: String,
    pub status_text: String,
    /// Days from the as-of date to `date`; zero or negative once it applies.
    pub days_remaining: i64,
}

/// A high-risk AI system: its role's obligations and how the assessment supports them.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct SystemView {
    pub id: String,
    pub name: String,
    pub role: EuAiActRole,
    pub risk_tier: EuRiskTier,
    pub annex_iii_area: Option<String>,
    pub route: Route,
    /// For people: "high-risk: Annex III 4(a) ...".
    pub classification: String,
    pub applies_from: Option<DateView>,
    /// The average coverage of the obligations that apply.
    pub coverage: Option<f64>,
    pub obligations: Vec<ItemView>,
    /// The system file's `human_oversight` (crosswalk views only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub human_oversight: Option<String>,
    pub notes: Vec<String>,
}

/// A classified AI system that is not an in-scope high-risk one.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct OtherSystemView {
    pub id: String,
    pub name: String,
    pub role: EuAiActRole,
    pub risk_tier: EuRiskTier,
    pub in_scope: bool,
    pub applies_from: Option<DateView>,
    pub note: String,
}

/// The EU AI Act part of the view: per-system obligations and dates.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct EuView {
    pub date_set: String,
    pub high_risk_systems: Vec<SystemView>,
    pub other_systems: Vec<OtherSystemView>,
    pub dates: Vec<DateView>,
}

/// A whole crosswalk view: what `--format json` prints, and what the other formats show.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct CrosswalkReport {
    pub schema_version: u32,
    pub framework: &'static str,
    pub title: String,
    pub as_of: Date,
    pub organisation: String,
    pub standard: &'static str,
    pub catalogue_version: &'static str,
    pub notice: String,
    pub weak_spots: Vec<String>,
    pub coverage_definition: &'static str,
    /// What one item is called ("Article", "Subcategory", "Clause").
    pub item: String,
    pub summary: CoverageSummary,
    pub items: Vec<ItemView>,
    /// ISO/IEC 27001 only: the ISO/IEC 42001 clauses without a counterpart.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub only_in_iso42001: Vec<LinkView>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub eu_ai_act: Option<EuView>,
    pub sources: Vec<String>,
}

/// An item before it meets the assessment: its linked requirement IDs (with the EU basis) and extras.
struct ItemSpec {
    id: String,
    title: String,
    links: Vec<(String, Option<&'static str>)>,
    also: Vec<String>,
    note: Option<String>,
}

/// Looks up a requirement's result and the status that counts (organisation-wide, or for one system).
struct Statuses<'a> {
    /// Shared between the organisation view and every system's view.
    index: Arc<HashMap<&'a str, &'a RequirementResult>>,
    /// Requirement IDs in catalogue order.
    order: Arc<Vec<&'a str>>,
    system: Option<&'a SystemResult>,
}

impl<'a> Statuses<'a> {
    fn new(assessment: &'a Assessment) -> Statuses<'a> {
        Statuses {
            index: Arc::new(assessment.requirements.iter().map(|r| (r.id.as_str(), r)).collect()),
            order: Arc::new(assessment.requirements.iter().map(|r| r.id.as_str()).collect()),
            system: None,
        }
    }

    fn for_system(&self, system: &'a SystemResult) -> Statuses<'a> {
        Statuses { index: Arc::clone(&self.index), order: Arc::clone(&self.order), system: Some(system) }
    }

    fn get(&self, id: &str) -> Result<(&'a RequirementResult, Status), CrosswalkError> {
        let r = self.index.get(id).ok_or_else(|| bad("controls/crosswalks/", format!("{id} is not assessed")))?;
        let status = match self.system {
            Some(s) if r.scope == Scope::AiSystem => s.statuses.get(id).copied().unwrap_or(Status::NotApplicable),
            _ => r.status,
        };
        Ok((r, status))
    }

    fn evaluate(&self, mut spec: ItemSpec, applies: Option<Applies>) -> Result<ItemView, CrosswalkError> {
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
    fn article_spec(&self, article: &Article) -> ItemSpec {
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
fn average(figures: impl Iterator<Item = f64>) -> Option<f64> {
    let (sum, n) = figures.fold((0.0, 0usize), |(s, n), f| (s + f, n + 1));
    (n > 0).then(|| (sum * 10.0 / n as f64).round() / 10.0)
}

fn summarise<'a>(items: impl Iterator<Item = &'a ItemView>) -> CoverageSummary {
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
    statuses: &Statuses<'_>,
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
    statuses: &Statuses<'_>,
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

/// Builds the view of `assessment` onto `framework`.
pub fn report(
    data: &Crosswalks,
    assessment: &Assessment,
    workspace: Option<&Workspace>,
    framework: Framework,
    as_of: Date,
) -> Result<CrosswalkReport, CrosswalkError> {
    let info = data.framework(framework);
    let statuses = Statuses::new(assessment);
    let mut only_in_iso42001 = Vec::new();
    let mut eu_view = None;
    let items = match framework {
        Framework::EuAiAct => {
            let items = data
                .articles
                .iter()
                .map(|a| statuses.evaluate(statuses.article_spec(a), None))
                .collect::<Result<Vec<_>, _>>()?;
            let in_scope: Vec<&SystemResult> = assessment.systems.iter().filter(|s| s.in_scope).collect();
            let high_risk_systems = high_risk_views(data, &statuses, &in_scope, workspace, as_of)?;
            eu_view = Some(EuView {
                date_set: data.dates.date_set.clone(),
                high_risk_systems,
                other_systems: assessment.systems.iter().filter_map(|s| other_system_view(data, s, as_of)).collect(),
                dates: data.dates.dates.iter().map(|d| date_view(data, d, as_of)).collect(),
            });
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
            for r in assessment.requirements.iter().filter(|r| r.kind == crate::catalogue::Kind::Clause) {
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

/// Renders the crosswalk view of `assessment` onto `framework`.
pub fn render(
    catalogue: &Catalogue,
    workspace: &Workspace,
    assessment: &Assessment,
    framework: Framework,
    format: CrosswalkFormat,
    as_of: Date,
) -> Result<String, CrosswalkError> {
    let data = Crosswalks::bundled()?;
    data.check(catalogue)?;
    let report = report(&data, assessment, Some(workspace), framework, as_of)?;
    Ok(match format {
        CrosswalkFormat::Table => table(&report),
        CrosswalkFormat::Markdown => markdown(&report),
        CrosswalkFormat::Json => crate::render::json(&report),
        CrosswalkFormat::Csv => csv(&report),
    })
}

// ----- the gap report's EU AI Act section and `aims controls ID` -------------------------------------------------------

/// What the gap report shows about the EU AI Act when an in-scope system is high-risk or prohibited.
#[derive(Debug, Clone, Serialize)]
pub struct GapReportSection {
    pub notice: String,
    /// The first weak spot of the EU view (Art. 14 human oversight).
    pub weak_spot: String,
    pub date_set: String,
    /// Which date set the application dates come from, and the status of each date shown.
    pub dates_note: String,
    pub coverage_definition: &'static str,
    pub prohibited: Vec<OtherSystemView>,
    pub high_risk_systems: Vec<SystemView>,
}

/// The gap report's EU AI Act section, or `None` when no in-scope system is high-risk or prohibited.
pub fn gap_report_section(assessment: &Assessment) -> Result<Option<GapReportSection>, CrosswalkError> {
    let tier = |s: &SystemResult| s.eu_ai_act.as_ref().map(|eu| eu.risk_tier);
    let concerned =
        |s: &&SystemResult| s.in_scope && matches!(tier(s), Some(EuRiskTier::HighRisk | EuRiskTier::Prohibited));
    if !assessment.systems.iter().any(|s| concerned(&s)) {
        return Ok(None);
    }
    let data = Crosswalks::bundled()?;
    let statuses = Statuses::new(assessment);
    let concerned: Vec<&SystemResult> = assessment.systems.iter().filter(concerned).collect();
    let high_risk_systems = high_risk_views(&data, &statuses, &concerned, None, assessment.as_of)?;
    let prohibited = concerned
        .iter()
        .filter(|s| tier(s) == Some(EuRiskTier::Prohibited))
        .filter_map(|s| other_system_view(&data, s, assessment.as_of))
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

/// The "Links to other frameworks" section `aims controls ID` ends with.
pub fn requirement_links(id: &str) -> String {
    let mut out = String::from("\n## Links to other frameworks\n\n");
    let data = match Crosswalks::bundled() {
        Ok(data) => data,
        Err(e) => {
            out.push_str(&format!("{e}\n"));
            return out;
        }
    };
    out.push_str(
        "Alignment, not conformity: a link says this requirement helps with the other framework's item; meeting \
         it does not show the item met. `aims crosswalk --framework NAME` shows the assessment through each one.\n\n",
    );
    let eu: Vec<String> = data
        .articles
        .iter()
        .filter_map(|a| {
            let counted = Crosswalks::basis(a, id).is_some();
            let cited = a.also.iter().any(|x| x == id);
            (counted || cited).then(|| {
                let extra = if counted { "" } else { " (cited by some mappings only)" };
                format!("{} {}{extra}", a.article, a.title)
            })
        })
        .collect();
    let nist: Vec<&str> =
        data.nist.iter().filter(|s| s.links.iter().any(|l| l.requirement == id)).map(|s| s.id.as_str()).collect();
    let iso27001: Vec<String> =
        data.iso27001.iter().filter(|c| c.requirement == id).map(|c| format!("{} {}", c.id, c.title)).collect();
    let none = |what: &str| format!("none in the crosswalk data{what}");
    let lines = [
        ("EU AI Act", if eu.is_empty() { none("") } else { eu.join("; ") }),
        ("NIST AI RMF 1.0", if nist.is_empty() { none("") } else { nist.join(", ") }),
        (
            "ISO/IEC 27001:2022",
            if !iso27001.is_empty() {
                iso27001.join("; ")
            } else if id.starts_with("A.") {
                none(" (Annex A of ISO/IEC 27001 is not mapped)")
            } else {
                none(" (a clause only ISO/IEC 42001 has)")
            },
        ),
    ];
    for (name, text) in lines {
        out.push_str(&format!("- **{name}:** {text}\n"));
    }
    out
}

// ----- formats ----------------------------------------------------------------------------------------------------------

fn percent(score: Option<f64>) -> String {
    crate::render::percent(score)
}

/// A one-letter status for terminal tables: C, P, N, ? (not assessed), – (not applicable).
fn letter(status: Status) -> &'static str {
    match status {
        Status::Compliant => "C",
        Status::PartiallyCompliant => "P",
        Status::NonCompliant => "N",
        Status::NotAssessed => "?",
        Status::NotApplicable => "–",
    }
}

fn applies_label(applies: Option<Applies>) -> &'static str {
    match applies {
        None | Some(Applies::Yes) => "yes",
        Some(Applies::IfPublicService) => "if public",
        Some(Applies::No) => "no",
    }
}

fn gap_letters(gaps: &[GapView]) -> String {
    gaps.iter().map(|g| format!("{}:{}", g.requirement, letter(g.status))).collect::<Vec<_>>().join(" ")
}

fn when(d: &DateView) -> String {
    if d.days_remaining > 0 { format!("in {} days", d.days_remaining) } else { "applies".to_string() }
}

/// Items as a terminal table; a system's obligations show whether each applies instead of the link count.
fn items_table(items: &[ItemView], first: &str, obligations: bool, title_width: usize) -> String {
    let header = if obligations {
        vec![first, "Title", "Applies", "Coverage", "Gaps"]
    } else {
        vec![first, "Title", "Links", "Coverage", "Gaps"]
    };
    let mut table = crate::render::table::new(&header);
    for item in items {
        let third = if obligations { applies_label(item.applies).to_string() } else { item.links.len().to_string() };
        table.add_row(vec![
            comfy_table::Cell::new(&item.id),
            comfy_table::Cell::new(clip(&item.title, title_width)),
            if obligations { comfy_table::Cell::new(third) } else { right(third) },
            right(percent(item.coverage)),
            comfy_table::Cell::new(gap_letters(&item.gaps)),
        ]);
    }
    // Titles read better than a wide gap list; the gap list wraps.
    if let Some(column) = table.column_mut(1) {
        column.set_constraint(comfy_table::ColumnConstraint::LowerBoundary(comfy_table::Width::Fixed(28)));
    }
    format!("{table}\n")
}

fn summary_line(r: &CrosswalkReport, summary: &CoverageSummary) -> String {
    format!(
        "{} over {} {}: {} supported, {} partly, {} not supported, {} without a figure.",
        percent(summary.coverage),
        summary.items,
        plural(&r.item.to_lowercase(), summary.items),
        summary.supported,
        summary.partly_supported,
        summary.not_supported,
        summary.no_figure
    )
}

/// The terminal view: fits 80 columns.
pub fn table(r: &CrosswalkReport) -> String {
    let mut out = String::new();
    out.push_str(&format!("{}\n", clip(&format!("{} crosswalk", r.title), WIDTH)));
    out.push_str(&format!("{}\n", clip(&r.organisation, WIDTH)));
    out.push_str(&format!("As of {} · {} (catalogue {})\n\n", r.as_of, r.standard, r.catalogue_version));
    out.push_str(&wrap(&r.notice, WIDTH, "", 0));
    out.push('\n');
    out.push_str(&wrap(&format!("Coverage {}", summary_line(r, &r.summary)), WIDTH, "", 0));
    out.push_str(&items_table(&r.items, &r.item, false, 120));
    out.push_str("Gaps: linked requirements not met: N non-compliant, P partial, ? not assessed.\n");
    out.push_str("Coverage: (C + 0.5 P) / (C + P + N) over the linked requirements; overall: the\naverage.\n");
    if !r.only_in_iso42001.is_empty() {
        let only: Vec<String> = r
            .only_in_iso42001
            .iter()
            .map(|l| format!("{} {} ({})", l.requirement, l.title, letter(l.status)))
            .collect();
        out.push('\n');
        out.push_str(&wrap(&only.join(", "), WIDTH, "Only in ISO/IEC 42001: ", 2));
    }
    if let Some(eu) = &r.eu_ai_act {
        out.push_str("\nHigh-risk AI systems\n");
        if eu.high_risk_systems.is_empty() {
            out.push_str("No in-scope AI system is classified high-risk.\n");
        }
        for s in &eu.high_risk_systems {
            out.push('\n');
            out.push_str(&wrap(&format!("{}: {}", s.id, s.name), WIDTH, "", 2));
            out.push_str(&wrap(&format!("EU AI Act role {} · {}", s.role.label(), s.classification), WIDTH, "", 2));
            if let Some(d) = &s.applies_from {
                out.push_str(&wrap(
                    &format!("Obligations apply from {}, {} after {} ({}).", d.date, days(d), r.as_of, d.status_text),
                    WIDTH,
                    "",
                    2,
                ));
            }
            out.push_str(&format!("Obligations supported {}\n", percent(s.coverage)));
            out.push_str(&items_table(&s.obligations, "Article", true, 120));
            for note in &s.notes {
                out.push_str(&wrap(note, WIDTH, "- ", 2));
            }
        }
        if !eu.other_systems.is_empty() {
            out.push_str("\nOther classified AI systems\n");
            let mut table = crate::render::table::new(&["System", "EU role", "Tier", "Applies from"]);
            for s in &eu.other_systems {
                table.add_row(vec![
                    clip(&s.id, 30),
                    s.role.label().to_string(),
                    s.risk_tier.label().to_string(),
                    s.applies_from.as_ref().map_or("–".to_string(), |d| d.date.to_string()),
                ]);
            }
            out.push_str(&format!("{table}\n"));
        }
        out.push('\n');
        out.push_str(&wrap(&format!("Dates: {}", eu.date_set), WIDTH, "", 2));
        let mut table = crate::render::table::new(&["Date", "What applies", "Status", "When"]);
        for d in &eu.dates {
            table.add_row(vec![d.date.to_string(), d.what.clone(), d.status.replace('_', " "), when(d)]);
        }
        out.push_str(&format!("{table}\n"));
    }
    out.push_str("\nWhere ISO/IEC 42001 is weak\n");
    for w in &r.weak_spots {
        out.push_str(&wrap(w, WIDTH, "- ", 2));
    }
    out.push_str("\nSources\n");
    for s in &r.sources {
        out.push_str(&wrap(s, WIDTH, "- ", 2));
    }
    out.push_str("\nDetails: --format markdown or json. Coverage is explained in docs/crosswalk.md.\n");
    out
}

fn days(d: &DateView) -> String {
    match d.days_remaining {
        1 => "1 day".to_string(),
        n if n > 0 => format!("{n} days"),
        0 => "0 days".to_string(),
        n => format!("{} days before", -n),
    }
}

/// Makes text safe inside a Markdown table cell.
fn marked(links: &[LinkView]) -> String {
    links.iter().map(|l| format!("{} {}", l.requirement, crate::render::mark(l.status))).collect::<Vec<_>>().join(", ")
}

fn gap_list(gaps: &[GapView]) -> String {
    if gaps.is_empty() {
        return "none".to_string();
    }
    gaps.iter()
        .map(|g| format!("{} ({})", g.requirement, g.status.label().to_lowercase()))
        .collect::<Vec<_>>()
        .join(", ")
}

fn markdown_items(out: &mut String, r: &CrosswalkReport, items: &[ItemView], with_applies: bool) {
    let applies = if with_applies { " Applies |" } else { "" };
    let rule = if with_applies { "---|" } else { "" };
    out.push_str(&format!(
        "| {} | Title |{applies} Coverage | Supporting ISO/IEC 42001 requirements | Gaps |\n|---|---|{rule}---:|---|---|\n",
        r.item
    ));
    for item in items {
        let mut support = marked(&item.links);
        if !item.also.is_empty() {
            support.push_str(&format!("; *also cited, not counted:* {}", marked(&item.also)));
        }
        let applies = if with_applies { format!(" {} |", applies_label(item.applies)) } else { String::new() };
        out.push_str(&format!(
            "| {} | {} |{applies} {} | {} | {} |\n",
            item.id,
            cell(&item.title),
            percent(item.coverage),
            if support.is_empty() { "–".to_string() } else { support },
            gap_list(&item.gaps)
        ));
    }
}

const LEGEND: &str = "Marks: ✅ compliant, ◐ partially compliant, ❌ non-compliant, – not applicable, ? not assessed.";

/// The Markdown view, for people and for GitHub and GitLab.
pub fn markdown(r: &CrosswalkReport) -> String {
    let mut out = format!("# {} crosswalk\n\n", r.title);
    out.push_str("| | |\n|---|---|\n");
    out.push_str(&format!("| **Organisation** | {} |\n", cell(&r.organisation)));
    out.push_str(&format!("| **Assessed as of** | {} |\n", r.as_of));
    out.push_str(&format!("| **Standard** | {} (aims catalogue {}) |\n", r.standard, r.catalogue_version));
    out.push_str(&format!("| **Compared with** | {} |\n", r.title));
    out.push_str(&format!("| **Coverage** | {} |\n\n", summary_line(r, &r.summary)));
    out.push_str(&format!("> {}\n\n", r.notice));
    out.push_str("## Where ISO/IEC 42001 is weak\n\n");
    for w in &r.weak_spots {
        out.push_str(&format!("- {w}\n"));
    }
    out.push_str(&format!("\n## {}\n\n{}\n\n{LEGEND}\n\n", plural(&r.item, 2), r.coverage_definition));
    if r.framework == "nist-ai-rmf" {
        for function in ["GOVERN", "MAP", "MEASURE", "MANAGE"] {
            let items: Vec<ItemView> =
                r.items.iter().filter(|i| i.id.split(' ').next() == Some(function)).cloned().collect();
            let summary = summarise(items.iter());
            out.push_str(&format!("### {function}\n\nCoverage {}\n\n", summary_line(r, &summary)));
            markdown_items(&mut out, r, &items, false);
            out.push('\n');
        }
        out.push_str("Subcategory titles are aims's own short paraphrases; read NIST AI 100-1 for the outcomes.\n");
    } else {
        markdown_items(&mut out, r, &r.items, false);
    }
    let notes: Vec<&ItemView> = r.items.iter().filter(|i| i.note.is_some()).collect();
    if !notes.is_empty() {
        out.push_str("\nNotes:\n\n");
        for i in notes {
            out.push_str(&format!("- **{}:** {}\n", i.id, i.note.as_deref().unwrap_or_default()));
        }
    }
    if !r.only_in_iso42001.is_empty() {
        out.push_str("\n### Only in ISO/IEC 42001\n\n| Clause | Title | Status |\n|---|---|---|\n");
        for l in &r.only_in_iso42001 {
            out.push_str(&format!(
                "| {} | {} | {} {} |\n",
                l.requirement,
                cell(&l.title),
                crate::render::mark(l.status),
                l.status.label()
            ));
        }
    }
    if let Some(eu) = &r.eu_ai_act {
        out.push_str("\n## High-risk AI systems\n\n");
        if eu.high_risk_systems.is_empty() {
            out.push_str("No in-scope AI system is classified high-risk.\n");
        }
        for s in &eu.high_risk_systems {
            out.push_str(&format!("### `{}` {}\n\n", s.id, s.name));
            out.push_str(&format!("- **EU AI Act role:** {}\n", s.role.label()));
            out.push_str(&format!("- **Classification:** {}\n", cell(&s.classification)));
            if let Some(d) = &s.applies_from {
                let original = d.original.map_or(String::new(), |o| format!("; originally {o}"));
                out.push_str(&format!(
                    "- **Obligations apply from:** {} ({} after {}): {} ({}{original})\n",
                    d.date,
                    days(d),
                    r.as_of,
                    d.what,
                    d.status_text
                ));
            }
            if let Some(h) = &s.human_oversight {
                out.push_str(&format!("- **Human oversight (system file):** {}\n", cell(h)));
            }
            out.push_str(&format!("- **Obligations supported:** {}\n\n", percent(s.coverage)));
            if s.obligations.is_empty() {
                out.push_str("No obligation of this role is in the crosswalk data.\n\n");
            } else {
                markdown_items(&mut out, r, &s.obligations, true);
                out.push('\n');
            }
            for n in &s.notes {
                out.push_str(&format!("- {n}\n"));
            }
            if !s.notes.is_empty() {
                out.push('\n');
            }
        }
        if !eu.other_systems.is_empty() {
            out.push_str("## Other classified AI systems\n\n| System | Name | EU AI Act role | Risk tier | Applies from | Note |\n|---|---|---|---|---|---|\n");
            for s in &eu.other_systems {
                out.push_str(&format!(
                    "| `{}` | {} | {} | {} | {} | {} |\n",
                    s.id,
                    cell(&s.name),
                    s.role.label(),
                    s.risk_tier.label(),
                    s.applies_from.as_ref().map_or("–".to_string(), |d| d.date.to_string()),
                    cell(&s.note)
                ));
            }
            out.push('\n');
        }
        out.push_str(&format!("## Dates\n\nDate set: {}.\n\n", eu.date_set));
        out.push_str("| Date | What applies | Status | Days after the as-of date |\n|---|---|---|---:|\n");
        for d in &eu.dates {
            let original = d.original.map_or(String::new(), |o| format!(" (originally {o})"));
            out.push_str(&format!(
                "| {} | {}{original} | {} | {} |\n",
                d.date,
                cell(&d.what),
                cell(&d.status_text),
                if d.days_remaining > 0 { d.days_remaining.to_string() } else { "applies".to_string() }
            ));
        }
    }
    out.push_str("\n## Sources\n\n");
    for s in &r.sources {
        out.push_str(&format!("- {s}\n"));
    }
    out.push_str(&format!(
        "\n---\n\nGenerated by aims {}. Requirement IDs and short titles are those of {}; all other wording is aims's \
         own. This is an alignment view, not an assessment of conformity with {}.\n",
        env!("CARGO_PKG_VERSION"),
        r.standard,
        r.title
    ));
    out
}

/// RFC 4180 quoting; text a spreadsheet would run as a formula gets a leading apostrophe.
fn csv_field(text: &str) -> String {
    let text = if text.starts_with(['=', '+', '-', '@']) { format!("'{text}") } else { text.to_string() };
    if text.contains([',', '"', '\n', '\r']) { format!("\"{}\"", text.replace('"', "\"\"")) } else { text }
}

const CSV_COLUMNS: [&str; 10] = [
    "framework",
    "system",
    "item",
    "item_title",
    "applies",
    "item_coverage",
    "requirement",
    "requirement_title",
    "status",
    "counted",
];

/// One row per link (and per system obligation link for the EU AI Act), for spreadsheets.
pub fn csv(r: &CrosswalkReport) -> String {
    let mut out = String::new();
    let mut row = |fields: [&str; 10]| {
        out.push_str(&fields.iter().map(|f| csv_field(f)).collect::<Vec<_>>().join(","));
        out.push('\n');
    };
    row(CSV_COLUMNS);
    let mut items = |system: &str, items: &[ItemView]| {
        for item in items {
            let coverage = item.coverage.map_or(String::new(), |c| format!("{c:.1}"));
            let applies = item.applies.map_or("", |a| match a {
                Applies::Yes => "yes",
                Applies::IfPublicService => "if_public_service",
                Applies::No => "no",
            });
            let links = item.links.iter().map(|l| (l, "yes")).chain(item.also.iter().map(|l| (l, "no")));
            let mut any = false;
            for (l, counted) in links {
                any = true;
                row([
                    r.framework,
                    system,
                    &item.id,
                    &item.title,
                    applies,
                    &coverage,
                    &l.requirement,
                    &l.title,
                    l.status.as_str(),
                    counted,
                ]);
            }
            if !any {
                row([r.framework, system, &item.id, &item.title, applies, &coverage, "", "", "", ""]);
            }
        }
    };
    items("", &r.items);
    if let Some(eu) = &r.eu_ai_act {
        for s in &eu.high_risk_systems {
            items(&s.id, &s.obligations);
        }
    }
    out
}
