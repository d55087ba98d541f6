//! The bundled crosswalk data (`controls/crosswalks/`): which items each framework has and which ISO/IEC 42001
//! requirements link to them, embedded in the binary and checked when parsed.

use std::collections::BTreeMap;
use std::sync::LazyLock;

use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};

use super::Framework;
use crate::catalogue::Catalogue;
use crate::date::Date;
use crate::workspace::EuAiActRole;

/// A bundled file: its path in the repository (named in errors) and its text.
type Embedded = (&'static str, &'static str);

const FRAMEWORKS: Embedded =
    ("controls/crosswalks/frameworks.yaml", include_str!("../../../controls/crosswalks/frameworks.yaml"));
const EU_ARTICLES: Embedded =
    ("controls/crosswalks/eu-ai-act.yaml", include_str!("../../../controls/crosswalks/eu-ai-act.yaml"));
const EU_DATES: Embedded =
    ("controls/crosswalks/eu-ai-act-dates.yaml", include_str!("../../../controls/crosswalks/eu-ai-act-dates.yaml"));
const EU_LINKS: Embedded = (
    "controls/crosswalks/iso42001-to-eu-ai-act.csv",
    include_str!("../../../controls/crosswalks/iso42001-to-eu-ai-act.csv"),
);
const NIST_LINKS: Embedded = (
    "controls/crosswalks/nist-ai-rmf-1.0-to-iso42001.csv",
    include_str!("../../../controls/crosswalks/nist-ai-rmf-1.0-to-iso42001.csv"),
);
const NIST_SUBCATEGORIES: Embedded = (
    "controls/crosswalks/nist-ai-rmf-1.0-subcategories.csv",
    include_str!("../../../controls/crosswalks/nist-ai-rmf-1.0-subcategories.csv"),
);
const ISO27001: Embedded = (
    "controls/crosswalks/iso27001-2022-to-iso42001.csv",
    include_str!("../../../controls/crosswalks/iso27001-2022-to-iso42001.csv"),
);

/// The bundled crosswalk data failed its check: a defect in `controls/crosswalks/`, never the user's fault. The
/// message names the file and, for CSV files, the line.
#[derive(Debug, Clone, thiserror::Error)]
#[error("the bundled crosswalk data is invalid ({file}): {message}")]
pub struct CrosswalkError {
    file: &'static str,
    message: String,
}

/// A [`CrosswalkError`] about `file`.
pub(super) fn bad(file: &'static str, message: impl Into<String>) -> CrosswalkError {
    CrosswalkError { file, message: message.into() }
}

/// How a view introduces a framework (`frameworks.yaml`).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FrameworkInfo {
    /// The framework's ID, as [`Framework::id`] gives it.
    pub id: String,
    /// The framework's full name ("EU AI Act (Regulation (EU) 2024/1689)").
    pub title: String,
    /// What one item of the framework is called ("Article").
    pub item: String,
    /// The alignment-not-conformity statement.
    pub notice: String,
    /// Where ISO/IEC 42001 is weak for this framework, one paragraph each.
    pub weak_spots: Vec<String>,
    /// Where the links come from, one citation each.
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
    /// The article as the Act numbers it: "Art. 9".
    pub article: String,
    /// A short title of the article, in aims's own words.
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
    /// A remark shown under the articles table.
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
    /// The operator role.
    pub role: EuAiActRole,
    /// The articles (as [`Article::article`]) whose obligations fall on it, in the Act's order.
    pub articles: Vec<String>,
    /// A remark shown with every high-risk system of this role.
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
    /// The date it applies from.
    pub date: Date,
    /// The date before the Digital Omnibus moved it.
    #[serde(default)]
    pub original: Option<Date>,
    /// What applies from that date, in aims's words.
    pub what: String,
    /// A key of [`DateSet::statuses`].
    pub status: String,
    /// What aims looks this date up for (`high_risk_annex_iii`, `prohibited`, ...).
    #[serde(default)]
    pub applies_to: Vec<String>,
}

/// The application dates of the EU AI Act (`eu-ai-act-dates.yaml`).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DateSet {
    /// Which set of dates this is, so a report can say which one it used.
    pub date_set: String,
    /// What each status key means ("in_force": "in force since ..."), for people.
    pub statuses: BTreeMap<String, String>,
    /// The dates, earliest first.
    pub dates: Vec<ActDate>,
}

/// A NIST AI RMF 1.0 subcategory and its links.
#[derive(Debug, Clone)]
pub struct NistSubcategory {
    /// The subcategory as NIST numbers it: "GOVERN 1.1".
    pub id: String,
    /// aims's own short paraphrase.
    pub label: String,
    /// The ISO/IEC 42001 requirements the source links to it, in the source's order.
    pub links: Vec<NistLink>,
}

/// One link of a NIST AI RMF subcategory to ISO/IEC 42001.
#[derive(Debug, Clone)]
pub struct NistLink {
    /// The 42001 reference as the source prints it (B.x.y, or a slip it corrected).
    pub printed: String,
    /// The ISO/IEC 42001:2023 ID aims reads it as.
    pub requirement: String,
}

/// An ISO/IEC 27001:2022 clause and the same-numbered ISO/IEC 42001 clause.
#[derive(Debug, Clone, Serialize)]
pub struct Iso27001Clause {
    /// The ISO/IEC 27001 clause number: "6.1.2".
    pub id: String,
    /// Its short title.
    pub title: String,
    /// The ISO/IEC 42001 clause it links to.
    pub requirement: String,
}

/// All the bundled crosswalk data, parsed and cross-checked.
#[derive(Debug, Clone)]
pub struct Crosswalks {
    /// How each framework is introduced; one entry per [`Framework`].
    pub frameworks: Vec<FrameworkInfo>,
    /// The EU AI Act articles, in the Act's order.
    pub articles: Vec<Article>,
    /// The articles that fall on each operator role.
    pub roles: Vec<RoleArticles>,
    /// The EU AI Act's application dates.
    pub dates: DateSet,
    /// The 72 NIST AI RMF 1.0 subcategories, in the framework's order.
    pub nist: Vec<NistSubcategory>,
    /// ISO/IEC 27001:2022 clauses 4-10.
    pub iso27001: Vec<Iso27001Clause>,
}

fn yaml<T: DeserializeOwned>((file, text): Embedded) -> Result<T, CrosswalkError> {
    serde_saphyr::from_str(text).map_err(|e| bad(file, e.to_string()))
}

/// The rows of a bundled CSV file, read by the `csv` crate: lines starting with `#` are comments, the first other
/// line is the header and must be `header`, fields may be quoted and are trimmed, and no field may be empty.
fn csv_rows<T: DeserializeOwned>((file, text): Embedded, header: &[&str]) -> Result<Vec<T>, CrosswalkError> {
    let mut reader = csv::ReaderBuilder::new().comment(Some(b'#')).trim(csv::Trim::All).from_reader(text.as_bytes());
    let found = reader.headers().map_err(|e| bad(file, e.to_string()))?.clone();
    if found.iter().ne(header.iter().copied()) {
        let line = found.position().map_or(0, csv::Position::line);
        return Err(bad(file, format!("line {line}: the header should be {}", header.join(","))));
    }
    let mut rows = Vec::new();
    for record in reader.records() {
        let record = record.map_err(|e| bad(file, e.to_string()))?;
        let line = record.position().map_or(0, csv::Position::line);
        if record.iter().any(str::is_empty) {
            return Err(bad(file, format!("line {line}: an empty field")));
        }
        rows.push(record.deserialize(Some(&found)).map_err(|e| bad(file, format!("line {line}: {e}")))?);
    }
    Ok(rows)
}

/// A line of `iso42001-to-eu-ai-act.csv`.
#[derive(Deserialize)]
struct EuLinkRow {
    iso42001_control: String,
    eu_ai_act_article: String,
}

/// A line of `nist-ai-rmf-1.0-subcategories.csv`.
#[derive(Deserialize)]
struct NistSubcategoryRow {
    subcategory: String,
    label: String,
}

/// A line of `nist-ai-rmf-1.0-to-iso42001.csv` (its `kind` column, clause or annex, is for readers).
#[derive(Deserialize)]
struct NistLinkRow {
    ai_rmf_subcategory: String,
    iso42001_fdis_ref_as_printed: String,
    iso42001_2023_equivalent_id: String,
}

/// A line of `iso27001-2022-to-iso42001.csv`.
#[derive(Deserialize)]
struct Iso27001Row {
    iso27001_clause: String,
    iso27001_title: String,
    iso42001_clause: String,
}

/// Whether a clause selector picks a requirement: the ID itself, or any ID under it (`9` picks `9.2.1`, not `10.1`).
fn picks(selector: &str, id: &str) -> bool {
    id == selector || id.strip_prefix(selector).is_some_and(|rest| rest.starts_with('.'))
}

impl Crosswalks {
    /// The embedded data, parsed and cross-checked on first use and shared from then on (not checked against the
    /// catalogue: see [`Crosswalks::check`]; a test does that for the bundled catalogue).
    ///
    /// # Errors
    /// A [`CrosswalkError`] naming the file when the bundled data is malformed or inconsistent: a defect of the
    /// build, the same on every call.
    pub fn bundled() -> Result<&'static Crosswalks, CrosswalkError> {
        static BUNDLED: LazyLock<Result<Crosswalks, CrosswalkError>> = LazyLock::new(Crosswalks::parse);
        BUNDLED.as_ref().map_err(CrosswalkError::clone)
    }

    /// Parses and cross-checks the embedded files.
    fn parse() -> Result<Crosswalks, CrosswalkError> {
        let frameworks: FrameworksFile = yaml(FRAMEWORKS)?;
        for f in Framework::ALL {
            if !frameworks.frameworks.iter().any(|info| info.id == f.id()) {
                return Err(bad(FRAMEWORKS.0, format!("no entry for {}", f.id())));
            }
        }

        let EuFile { mut articles, roles } = yaml(EU_ARTICLES)?;
        for row in csv_rows::<EuLinkRow>(EU_LINKS, &["iso42001_control", "eu_ai_act_article"])? {
            let article = articles.iter_mut().find(|a| a.article == row.eu_ai_act_article).ok_or_else(|| {
                bad(EU_LINKS.0, format!("{} is not an article of eu-ai-act.yaml", row.eu_ai_act_article))
            })?;
            article.per_control.push(row.iso42001_control);
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

        let mut nist: Vec<NistSubcategory> =
            csv_rows::<NistSubcategoryRow>(NIST_SUBCATEGORIES, &["subcategory", "label"])?
                .into_iter()
                .map(|row| NistSubcategory { id: row.subcategory, label: row.label, links: Vec::new() })
                .collect();
        let header = ["ai_rmf_subcategory", "iso42001_fdis_ref_as_printed", "iso42001_2023_equivalent_id", "kind"];
        for row in csv_rows::<NistLinkRow>(NIST_LINKS, &header)? {
            let sub = nist
                .iter_mut()
                .find(|s| s.id == row.ai_rmf_subcategory)
                .ok_or_else(|| bad(NIST_LINKS.0, format!("{} is not a listed subcategory", row.ai_rmf_subcategory)))?;
            sub.links.push(NistLink {
                printed: row.iso42001_fdis_ref_as_printed,
                requirement: row.iso42001_2023_equivalent_id,
            });
        }

        let iso27001 = csv_rows::<Iso27001Row>(ISO27001, &["iso27001_clause", "iso27001_title", "iso42001_clause"])?
            .into_iter()
            .map(|row| Iso27001Clause {
                id: row.iso27001_clause,
                title: row.iso27001_title,
                requirement: row.iso42001_clause,
            })
            .collect();

        Ok(Crosswalks { frameworks: frameworks.frameworks, articles, roles, dates, nist, iso27001 })
    }

    /// Checks that every requirement the data names is in `catalogue` and every clause selector picks one.
    ///
    /// # Errors
    /// A [`CrosswalkError`] naming the file and the first ID that is not in the catalogue.
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

    /// How `framework` is introduced.
    pub fn framework(&self, framework: Framework) -> &FrameworkInfo {
        // `bundled` checked that every framework has an entry.
        self.frameworks.iter().find(|f| f.id == framework.id()).unwrap_or(&self.frameworks[0])
    }

    /// The EU AI Act article `id` ("Art. 9"), if the data has it.
    pub fn article(&self, id: &str) -> Option<&Article> {
        self.articles.iter().find(|a| a.article == id)
    }

    /// The date that applies to `key` (`high_risk_annex_iii`, `prohibited`, ...).
    pub fn date_for(&self, key: &str) -> Option<&ActDate> {
        self.dates.dates.iter().find(|d| d.applies_to.iter().any(|k| k == key))
    }

    /// Whether `article` counts `id` as support: in its consensus clauses or controls (`consensus`), in the
    /// per-control list (`per_control`), or in both (`both`); `None` when it does not.
    pub(super) fn basis(article: &Article, id: &str) -> Option<&'static str> {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_bundled_data_parses_once_and_every_id_in_it_is_in_the_catalogue() {
        let data = Crosswalks::bundled().expect("the bundled crosswalk data parses");
        assert!(std::ptr::eq(data, Crosswalks::bundled().unwrap()), "parsed once, then shared");
        let catalogue = Catalogue::bundled().unwrap();
        data.check(&catalogue).expect("every requirement ID and clause selector is in the catalogue");
        let ids = data.articles.iter().flat_map(|a| a.controls.iter().chain(&a.also).chain(&a.per_control));
        let ids = ids.chain(data.nist.iter().flat_map(|s| s.links.iter().map(|l| &l.requirement)));
        for id in ids.chain(data.iso27001.iter().map(|c| &c.requirement)) {
            assert!(catalogue.get(id).is_some(), "{id}");
        }
    }

    #[derive(Debug, Deserialize)]
    struct Row {
        a: String,
        b: String,
    }

    fn rows(text: &'static str) -> Result<Vec<(String, String)>, String> {
        csv_rows::<Row>(("test.csv", text), &["a", "b"])
            .map(|rows| rows.into_iter().map(|r| (r.a, r.b)).collect())
            .map_err(|e| e.to_string())
    }

    #[test]
    fn csv_files_have_comments_a_checked_header_quoted_and_trimmed_fields() {
        let text = "# a comment with \"quotes\", and commas\n\na,b\n# another\n x ,\"y, z\" \n\"say \"\"hi\"\"\",2\n";
        assert_eq!(rows(text).unwrap(), [("x".into(), "y, z".into()), ("say \"hi\"".into(), "2".into())]);
    }

    #[test]
    fn csv_files_with_a_wrong_header_a_missing_or_an_empty_field_are_refused() {
        assert!(rows("a,c\nx,y\n").unwrap_err().contains("line 1: the header should be a,b"));
        assert!(rows("# c\na,b\nx,y\nx\n").unwrap_err().contains("test.csv"));
        assert!(rows("a,b\nx,y\nx,\n").unwrap_err().contains("line 3: an empty field"));
    }
}
