//! The bundled ISO/IEC 42001:2023 catalogue: clauses 4-10 and the Annex A controls, embedded from `controls/` and
//! checked once at start. IDs and short titles are facts about the standard; every other word is our own.

use std::collections::HashMap;

use serde::{Deserialize, Serialize};

use crate::workspace::{AiRole, EvidenceKind, LifecycleStage};

/// The standard this catalogue describes, as reports name it.
pub const STANDARD: &str = "ISO/IEC 42001:2023";
/// The catalogue's own version (`YYYY.MM`); bumped whenever wording, scopes or per-system checks change.
pub const VERSION: &str = "2026.11";

const SOURCES: [(&str, &str); 2] = [
    ("controls/clauses.yaml", include_str!("../controls/clauses.yaml")),
    ("controls/annex-a.yaml", include_str!("../controls/annex-a.yaml")),
];

/// Whether a requirement or group is a management-system clause (4-10) or an Annex A control, written in
/// `snake_case`. Decided by the file it comes from: controls/clauses.yaml or controls/annex-a.yaml.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    /// A requirement of clauses 4-10, which every AI management system must meet (`clause`).
    Clause,
    /// An Annex A control, which may be excluded with a justification (`control`).
    Control,
}

/// Whether a requirement is met once for the organisation or separately for every AI system: the catalogue's
/// `scope`, written in `snake_case`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Scope {
    /// Assessed once, for the whole organisation (`organisation`); every clause and most controls.
    Organisation,
    /// Also assessed for each in-scope AI system whose role it concerns, from the system's evidence record
    /// (`ai_system`); only Annex A controls.
    AiSystem,
}

/// Rough effort to close a gap from nothing, as the catalogue's authors estimate it: the catalogue's `effort`,
/// written in `snake_case`. The remediation plan shows it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Effort {
    /// Days of work (`small`).
    Small,
    /// Weeks of work (`medium`).
    Medium,
    /// Months of work (`large`).
    Large,
}

impl Effort {
    /// Every effort, smallest first: the workbook's list of efforts.
    pub const ALL: [Effort; 3] = [Effort::Small, Effort::Medium, Effort::Large];

    /// The effort in words, as the workbook shows it: `Small`, `Medium`, `Large`.
    pub const fn label(self) -> &'static str {
        match self {
            Effort::Small => "Small",
            Effort::Medium => "Medium",
            Effort::Large => "Large",
        }
    }
}

/// One requirement of the bundled catalogue: an assessable ISO/IEC 42001:2023 clause (4.1-10.2) or Annex A control
/// (A.2.2-A.10.4), from controls/clauses.yaml or controls/annex-a.yaml (format in controls/README.md). The ID and
/// title are the standard's; every other text is aims's own wording.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Requirement {
    /// The ID as the standard numbers it: `"6.1.2"`, `"A.6.2.4"`.
    pub id: String,
    /// Clause or control.
    #[serde(skip_deserializing, default = "default_kind")]
    pub kind: Kind,
    /// The clause (`"6"`) or objective (`"A.6"`) this requirement belongs to.
    #[serde(skip_deserializing)]
    pub group: String,
    /// The standard's short title.
    pub title: String,
    /// The title as it reads on its own, set once when the catalogue loads: the short title, except that a
    /// sub-clause titled only "General" carries its parent heading's title (`Internal audit: general` for 9.2.1).
    /// Read it with [`Requirement::display_title`].
    #[serde(skip_deserializing)]
    display_title: String,
    /// What it asks of the organisation, in 1-3 sentences of aims's own.
    pub summary: String,
    /// What an auditor expects to see: 2 to 5 items.
    pub evidence: Vec<String>,
    /// What to ask to assess it: 2 to 5 items.
    pub questions: Vec<String>,
    /// Related standards that give guidance on it, each named with its edition and, in aims's own words, what it
    /// is a reference for (`ISO/IEC 23894:2023, guidance on AI risk management: ...`); often empty.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub see_also: Vec<String>,
    /// Assessed for the organisation, or also per AI system.
    pub scope: Scope,
    /// Whether the standard requires documented information for it.
    pub documented_information: bool,
    /// Rough effort to close a gap from nothing.
    pub effort: Effort,
    /// For a control, the ISO/IEC 22989 roles it mainly concerns (at least one); empty for a clause, which concerns
    /// every organisation.
    #[serde(default)]
    pub roles: Vec<AiRole>,
    /// For a per-system control ([`Scope::AiSystem`]), the per-system record that shows it is met; `None` otherwise.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub system_evidence: Option<EvidenceKind>,
    /// For a per-system control, the systems' `ai_role`s under which it applies (at least one); for a system in
    /// another role it is not applicable. Empty otherwise.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub system_roles: Vec<AiRole>,
    /// For a per-system control, the life-cycle stage from which it is due for a system: a system in an earlier
    /// stage is "not yet due" for it and left out of the score (docs/scoring.md has the table and its reasons).
    /// Never `retired`; `None` for an organisation-level requirement.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub due_from: Option<LifecycleStage>,
}

fn default_kind() -> Kind {
    Kind::Clause
}

impl Requirement {
    /// The title as it reads on its own, wherever it appears without its group's headings (a table row, a CSV
    /// cell, a SARIF or JUnit message, a crosswalk link): the standard's short title, except that a sub-clause titled
    /// only "General" carries its parent heading's title, `Internal audit: general` for 9.2.1. Computed once when
    /// the catalogue loads.
    pub fn display_title(&self) -> &str {
        &self.display_title
    }
}

/// A heading of the standard that groups sub-clauses and is not assessed itself (6.1, 7.5, 9.2, 9.3): its ID and
/// short title, facts about the standard.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Heading {
    /// `"9.2"`.
    pub id: String,
    /// The standard's short title: `Internal audit`.
    pub title: String,
}

/// A group of the bundled catalogue: a top-level clause (4-10) or an Annex A control objective (A.2-A.10), with its
/// requirements. The ID and title are the standard's; the summary is aims's own.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Group {
    /// `"4"` to `"10"`, or `"A.2"` to `"A.10"`.
    pub id: String,
    /// Clause or control, like every requirement in it.
    #[serde(skip_deserializing, default = "default_kind")]
    pub kind: Kind,
    /// The standard's title of the clause or objective.
    pub title: String,
    /// What the group is about, in 1-2 sentences of aims's own.
    pub summary: String,
    /// The headings inside it that only group sub-clauses (`9.2 Internal audit`); empty for most groups.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub headings: Vec<Heading>,
    /// Its assessable requirements, in standard order; parent headings and objective statements are not among them.
    pub requirements: Vec<Requirement>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct CatalogueFile {
    groups: Vec<Group>,
}

/// The whole catalogue, in standard order.
#[derive(Debug, Clone)]
pub struct Catalogue {
    /// Clauses 4-10, then the Annex A objectives A.2-A.10.
    pub groups: Vec<Group>,
    index: HashMap<String, (usize, usize)>,
}

/// The bundled catalogue failed its start-up check: a defect in `controls/`, never the user's fault.
#[derive(Debug, thiserror::Error)]
#[error("the bundled catalogue is invalid ({file}): {message}")]
pub struct CatalogueError {
    file: &'static str,
    message: String,
}

/// A gate selector (`select`/`ignore` in aims.toml, `--select`/`--ignore`) that picks no requirement. The text
/// says so with the selector as written; each caller adds how to write one.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("`{selector}` selects no requirement")]
pub struct SelectorError {
    /// The selector as written.
    pub selector: String,
}

impl Catalogue {
    /// Parses and checks the embedded catalogue (controls/clauses.yaml and controls/annex-a.yaml).
    ///
    /// # Errors
    /// [`CatalogueError`] when a file does not parse, or a group or requirement breaks the catalogue's rules: a blank
    /// title or summary, fewer than 2 or more than 5 evidence items or questions, a scope that does not match its
    /// roles and per-system fields, an ID given twice. That is a defect of the build, never of the workspace; tests
    /// keep it from shipping.
    pub fn bundled() -> Result<Catalogue, CatalogueError> {
        let mut groups = Vec::new();
        for (file, text) in SOURCES {
            let parsed: CatalogueFile =
                serde_saphyr::from_str(text).map_err(|e| CatalogueError { file, message: e.to_string() })?;
            let kind = if file.ends_with("clauses.yaml") { Kind::Clause } else { Kind::Control };
            for mut group in parsed.groups {
                group.kind = kind;
                for requirement in &mut group.requirements {
                    requirement.kind = kind;
                    requirement.group = group.id.clone();
                }
                groups.push(group);
            }
        }
        let catalogue =
            Catalogue::from_groups(groups).map_err(|message| CatalogueError { file: "controls/", message })?;
        Ok(catalogue)
    }

    fn from_groups(mut groups: Vec<Group>) -> Result<Catalogue, String> {
        let mut index = HashMap::new();
        for (g, group) in groups.iter_mut().enumerate() {
            if group.title.trim().is_empty() || group.summary.trim().is_empty() {
                return Err(format!("group {} has an empty title or summary", group.id));
            }
            for heading in &group.headings {
                if heading.title.trim().is_empty() || !within(&heading.id, &group.id) {
                    return Err(format!("heading {} of group {} is blank or outside it", heading.id, group.id));
                }
            }
            for (r, req) in group.requirements.iter_mut().enumerate() {
                req.display_title = display_title(req, &group.headings)?;
                check_requirement(req)?;
                if index.insert(req.id.clone(), (g, r)).is_some() {
                    return Err(format!("requirement {} appears twice", req.id));
                }
            }
        }
        Ok(Catalogue { groups, index })
    }

    /// The requirement with exactly this catalogue ID; `None` for anything else ([`Catalogue::resolve`] also takes
    /// what people type).
    pub fn get(&self, id: &str) -> Option<&Requirement> {
        self.index.get(id).map(|&(g, r)| &self.groups[g].requirements[r])
    }

    /// The group with this ID (`"6"`, `"A.6"`); `None` when there is none.
    pub fn group(&self, id: &str) -> Option<&Group> {
        self.groups.iter().find(|g| g.id == id)
    }

    /// Every requirement, clauses first, in standard order.
    pub fn requirements(&self) -> impl Iterator<Item = &Requirement> {
        self.groups.iter().flat_map(|g| g.requirements.iter())
    }

    /// How many requirements the catalogue holds (70 in the bundled one: 32 clauses and 38 controls).
    pub fn len(&self) -> usize {
        self.index.len()
    }

    /// Whether the catalogue holds no requirement (never true of the bundled one).
    pub fn is_empty(&self) -> bool {
        self.index.is_empty()
    }

    /// Whether a selector picks at least one requirement.
    pub fn is_selector(&self, selector: &str) -> bool {
        self.requirements().any(|r| selects(selector, r))
    }

    /// A gate selector, checked: the selector without surrounding spaces when it picks at least one requirement
    /// (an ID or prefix such as `A.6` or `9.2`, `clauses`, `controls`).
    ///
    /// # Errors
    /// [`SelectorError`] when it picks none.
    pub fn check_selector<'s>(&self, selector: &'s str) -> Result<&'s str, SelectorError> {
        if self.is_selector(selector) {
            Ok(selector.trim())
        } else {
            Err(SelectorError { selector: selector.to_string() })
        }
    }

    /// Resolves what a person typed to a catalogue ID: exact, or an Annex B reference (`B.6.2.4` is the guidance
    /// for `A.6.2.4`). Anything else is not a requirement; see [`Catalogue::suggest`].
    pub fn resolve(&self, typed: &str) -> Option<&Requirement> {
        let typed = typed.trim();
        self.get(typed).or_else(|| typed.strip_prefix("B.").and_then(|rest| self.get(&format!("A.{rest}"))))
    }

    /// The closest catalogue ID to a mistyped one, for "did you mean": first ignoring case, spaces and dots
    /// (`A6.2.4` → `A.6.2.4`), then by edit distance.
    pub fn suggest(&self, typed: &str) -> Option<&str> {
        let squash = |s: &str| -> String {
            s.chars().filter(|c| !matches!(c, '.' | ' ' | '_' | '-')).flat_map(char::to_uppercase).collect()
        };
        let wanted = squash(typed);
        if let Some(req) = self.requirements().find(|r| squash(&r.id) == wanted) {
            return Some(&req.id);
        }
        self.requirements()
            .map(|r| (strsim::levenshtein(&r.id, typed.trim()), &r.id))
            .filter(|&(distance, _)| distance <= 2)
            .min()
            .map(|(_, id)| id.as_str())
    }

    /// The requirements under a heading that is not itself a requirement, in standard order: `9.3` gives 9.3.1,
    /// 9.3.2 and 9.3.3; the objective `A.6` gives its nine controls. Empty for a requirement's own ID and for
    /// anything that heads nothing. Exact spelling only (see [`Catalogue::unknown_id`] for the hints).
    pub fn under(&self, heading: &str) -> Vec<&Requirement> {
        let heading = heading.trim();
        if heading.is_empty() || self.get(heading).is_some() {
            return Vec::new();
        }
        self.requirements().filter(|r| r.id.strip_prefix(heading).is_some_and(|rest| rest.starts_with('.'))).collect()
    }

    /// What to tell someone who wrote `typed` where a requirement ID belongs and [`Catalogue::resolve`] found none:
    /// `(message, help)`. In order: the same ID in another letter case (`a.6.2.8`: IDs are matched exactly, so this
    /// is an error that names the right spelling); a heading or an Annex A objective (`9.3`, `A.6`: name the
    /// requirements under it); the closest ID ([`Catalogue::suggest`]); otherwise where to look.
    pub fn unknown_id(&self, typed: &str) -> (String, String) {
        let typed = typed.trim();
        let not_a_requirement = format!("`{typed}` is not a requirement of {STANDARD}");
        if let Some(req) = self.requirements().find(|r| r.id.eq_ignore_ascii_case(typed)) {
            let help = format!(
                "did you mean `{}`? IDs are written exactly as the standard writes them, with a capital A for Annex A",
                req.id
            );
            return (not_a_requirement, help);
        }
        let heading = match typed.strip_prefix(['a', 'b', 'B']) {
            Some(rest) if rest.starts_with('.') => format!("A{rest}"),
            _ => typed.to_string(),
        };
        let under = self.under(&heading);
        if let (Some(first), Some(last)) = (under.first(), under.last()) {
            let what = match self.group(&heading) {
                Some(g) if g.kind == Kind::Control => format!("the Annex A objective {heading} ({})", g.title),
                Some(g) => format!("clause {heading} ({})", g.title),
                None => format!("a heading of {STANDARD}"),
            };
            let ids: Vec<&str> = under.iter().map(|r| r.id.as_str()).collect();
            let list = if ids.len() <= 4 {
                ids.join(", ")
            } else {
                format!("{} … {} ({} in all)", first.id, last.id, ids.len())
            };
            let message = format!("`{typed}` is {what}, not a requirement of its own");
            let help =
                format!("name each requirement under it on its own: {list}; `aims controls {heading}` lists them");
            return (message, help);
        }
        let help = match self.suggest(typed) {
            Some(best) => format!("did you mean `{best}`? `aims controls` lists every requirement"),
            None => "`aims controls` lists every requirement ID".to_string(),
        };
        (not_a_requirement, help)
    }
}

/// Whether `selector` picks `req`: `clauses`, `controls`, or an ID prefix that ends at a dot boundary (`A.6` picks
/// `A.6.2.4` but not `A.60.1`; `9` picks `9.2.1` but not `10.1`).
pub fn selects(selector: &str, req: &Requirement) -> bool {
    match selector.trim() {
        "clauses" => req.kind == Kind::Clause,
        "controls" => req.kind == Kind::Control,
        prefix => req.id == prefix || req.id.strip_prefix(prefix).is_some_and(|rest| rest.starts_with('.')),
    }
}

/// Whether `id` lies under `parent` at a dot boundary: `9.2.1` under `9.2` and `9`, not `10.2` under `1`.
fn within(id: &str, parent: &str) -> bool {
    id.strip_prefix(parent).is_some_and(|rest| rest.starts_with('.'))
}

/// [`Requirement::display_title`]: a sub-clause titled only "General" says whose general part it is.
///
/// # Errors
/// A "General" requirement whose parent is not among its group's headings: it would read as "General" alone.
fn display_title(req: &Requirement, headings: &[Heading]) -> Result<String, String> {
    if !req.title.eq_ignore_ascii_case("general") {
        return Ok(req.title.clone());
    }
    let parent = req.id.rsplit_once('.').map_or("", |(parent, _)| parent);
    match headings.iter().find(|h| h.id == parent) {
        Some(h) => Ok(format!("{}: {}", h.title, req.title.to_lowercase())),
        None => Err(format!("{} is titled General, but its group names no heading {parent}", req.id)),
    }
}

fn check_requirement(req: &Requirement) -> Result<(), String> {
    let id = &req.id;
    let texts = [&req.title, &req.summary];
    if texts.iter().any(|t| t.trim().is_empty()) {
        return Err(format!("{id} has an empty title or summary"));
    }
    for (name, list) in [("evidence", &req.evidence), ("questions", &req.questions)] {
        if !(2..=5).contains(&list.len()) || list.iter().any(|t| t.trim().is_empty()) {
            return Err(format!("{id} needs 2 to 5 non-empty {name}"));
        }
    }
    if req.see_also.iter().any(|t| !t.starts_with("ISO") || !t.contains(':')) {
        return Err(format!("{id}: each `see_also` names a standard with its edition (`ISO/IEC 23894:2023, ...`)"));
    }
    match (req.scope, req.system_evidence, req.system_roles.is_empty(), req.due_from) {
        (Scope::AiSystem, Some(_), false, Some(stage)) if stage != LifecycleStage::Retired => {}
        (Scope::Organisation, None, true, None) => {}
        _ => {
            return Err(format!(
                "{id}: `system_evidence`, `system_roles` and `due_from` (not `retired`) are required for scope \
                 ai_system and only there"
            ));
        }
    }
    if req.kind == Kind::Control && req.roles.is_empty() {
        return Err(format!("control {id} names no roles"));
    }
    if req.kind == Kind::Clause && (req.scope != Scope::Organisation || !req.roles.is_empty()) {
        return Err(format!("clause {id} must be organisation-wide and name no roles"));
    }
    Ok(())
}
