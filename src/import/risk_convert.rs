//! One row of a risk-register spreadsheet → one risk of the register, checked on the way in. Pure: no file system.
//! Every value is checked as the loader would check it in risks.yaml — ratings on the organisation's scales,
//! Annex A control IDs in the catalogue, AI systems in the workspace, acceptance by someone aims.toml allows, real
//! dates — and each problem names its row and column with a hint, so that what the import writes validates.

use super::risk_mapping::{RiskMapping, SOURCES, TREATMENTS, enum_named, level_named, scale_text};
use crate::catalogue::{Catalogue, Kind};
use crate::date::Date;
use crate::diagnostic::did_you_mean;
use crate::import::mapping::normalise;
use crate::workspace::{RiskCriteria, System};

/// A value that cannot be imported: where it is and why, with what to do.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Problem {
    /// The row as the spreadsheet numbers it (the header is row 1).
    pub row: usize,
    /// The column's letter (`D`) when one column is at fault.
    pub column: Option<String>,
    /// The column's header.
    pub header: Option<String>,
    /// What is wrong.
    pub message: String,
    /// How to put it right.
    pub help: String,
}

/// One treatment action of a risk.
#[derive(Debug, Clone)]
pub struct ActionDraft {
    pub description: String,
    pub owner: Option<String>,
    pub due: Option<Date>,
    pub done: Option<Date>,
}

/// A risk made from one row, every value checked.
#[derive(Debug, Clone)]
pub struct RiskDraft {
    pub row: usize,
    pub id: String,
    pub title: String,
    pub description: Option<String>,
    pub source: Option<&'static str>,
    pub affected: Vec<String>,
    pub systems: Vec<String>,
    pub owner: Option<String>,
    /// (likelihood, consequence) levels.
    pub inherent: Option<(u32, u32)>,
    pub treatment: Option<&'static str>,
    pub controls: Vec<String>,
    pub other_controls: Vec<String>,
    pub actions: Vec<ActionDraft>,
    pub residual: Option<(u32, u32)>,
    pub acceptance: Option<(String, Date)>,
    pub reviewed: Option<Date>,
}

/// What a row is checked against.
pub struct Context<'a> {
    pub mapping: &'a RiskMapping,
    pub criteria: &'a RiskCriteria,
    pub systems: &'a [System],
    pub catalogue: &'a Catalogue,
    /// The assessment date: reviews, acceptances and completed actions cannot be later.
    pub as_of: Date,
}

/// Items of a list cell: one per line or per `;` (and per `,` when `commas`, for IDs), bullets (`-`, `•`, `*`)
/// dropped, blanks left out.
pub fn items(cell: &str, commas: bool) -> Vec<String> {
    cell.split(|c| c == '\n' || c == ';' || (commas && c == ','))
        .map(|item| item.trim().trim_start_matches(['-', '•', '*', '·']).trim().to_string())
        .filter(|item| !item.is_empty())
        .collect()
}

/// Whether an item of a controls cell is written as an Annex A reference (`A.6.2.4`, `a6.2.4`, `B.6.2.4`): such an
/// item must be a control of the catalogue; anything else is a control by name.
fn looks_like_annex_reference(item: &str) -> bool {
    let mut chars = item.trim().chars();
    matches!(chars.next(), Some('A' | 'a' | 'B' | 'b'))
        && chars.next().is_some_and(|c| c == '.' || c.is_ascii_digit())
        && item.trim().chars().skip(1).all(|c| c == '.' || c == ' ' || c.is_ascii_digit())
}

/// The state of one row while it is converted.
struct RowCheck<'a, 'c> {
    cx: &'a Context<'c>,
    row: usize,
    cells: &'a [String],
    problems: Vec<Problem>,
}

impl RowCheck<'_, '_> {
    /// The trimmed cell feeding `field`; `None` when the mapping names no column or the cell is blank.
    fn cell(&self, field: &str) -> Option<(usize, &str)> {
        let column = self.cx.mapping.column(field)?;
        let text = self.cells.get(column).map(|c| c.trim()).unwrap_or("");
        (!text.is_empty()).then_some((column, text))
    }

    fn text(&self, field: &str) -> Option<String> {
        self.cell(field).map(|(_, t)| t.replace("\r\n", "\n"))
    }

    fn problem(&mut self, column: Option<usize>, message: String, help: String) {
        let (column, header) = match column {
            Some(c) => (Some(super::risk_mapping::column_letter(c)), self.cx.mapping.headers.get(c).cloned()),
            None => (None, None),
        };
        self.problems.push(Problem { row: self.row, column, header, message, help });
    }

    /// A level of the likelihood or consequence scale: a mapping alias, a number, or a level name.
    fn level(&mut self, field: &str, scale: &str) -> Option<u32> {
        let (column, text) = self.cell(field)?;
        let (levels, aliases) = match scale {
            "likelihood" => (&self.cx.criteria.likelihood, &self.cx.mapping.likelihood),
            _ => (&self.cx.criteria.consequence, &self.cx.mapping.consequence),
        };
        // Excel may hold a level as a number such as 4.0.
        let plain = text.strip_suffix(".0").unwrap_or(text);
        if let Some(level) = aliases.get(&normalise(text)).copied().or_else(|| level_named(plain, levels)) {
            return Some(level);
        }
        let known = self.cx.mapping.aliases.get(scale).filter(|a| !a.is_empty());
        let aliases_text = match known {
            Some(a) => format!("; the mapping's [values.{scale}] translates {}", quoted_list(a)),
            None => format!("; or translate the spreadsheet's words under [values.{scale}] in the mapping"),
        };
        self.problem(
            Some(column),
            format!("{field}: \"{text}\" is off the {scale} scale of aims.toml `[risk] {scale}`"),
            format!("write a level from 1 to {} or its name ({}){aliases_text}", levels.len(), scale_text(levels)),
        );
        None
    }

    fn rating(&mut self, prefix: &str) -> Option<(u32, u32)> {
        let l_field = format!("{prefix}_likelihood");
        let c_field = format!("{prefix}_consequence");
        let likelihood = self.level(&l_field, "likelihood");
        let consequence = self.level(&c_field, "consequence");
        match (self.cell(&l_field), self.cell(&c_field)) {
            (Some(_), None) | (None, Some(_)) => {
                let (given, blank) = if likelihood.is_some() || self.cell(&l_field).is_some() {
                    (l_field.as_str(), c_field.as_str())
                } else {
                    (c_field.as_str(), l_field.as_str())
                };
                let column = self.cx.mapping.column(blank).or_else(|| self.cx.mapping.column(given));
                self.problem(
                    column,
                    format!("{blank} is blank but {given} is not"),
                    "a rating needs both the likelihood and the consequence; fill in both or neither".to_string(),
                );
                None
            }
            _ => Some((likelihood?, consequence?)),
        }
    }

    fn choice(&mut self, field: &str, allowed: &[&'static str]) -> Option<&'static str> {
        let (column, text) = self.cell(field)?;
        let table = if field == "treatment" { &self.cx.mapping.treatment } else { &self.cx.mapping.source };
        if let Some(value) = table.get(&normalise(text)).copied().or_else(|| enum_named(text, allowed)) {
            return Some(value);
        }
        let suggestion = did_you_mean(&normalise(text).replace(' ', "_"), allowed.iter().copied())
            .map_or_else(String::new, |s| format!("did you mean `{s}`? "));
        self.problem(
            Some(column),
            format!("{field}: \"{text}\" is not a {}", if field == "treatment" { "treatment option" } else { "risk source" }),
            format!(
                "{suggestion}write one of {}, or translate the spreadsheet's word under [values.{field}] in the mapping",
                allowed.join(", ")
            ),
        );
        None
    }

    /// A date cell: `YYYY-MM-DD` (a workbook's date cells read so; a time of day is dropped). `past`: it cannot be
    /// after the assessment date.
    fn date(&mut self, field: &str, past: bool) -> Option<Date> {
        let (column, text) = self.cell(field)?;
        let day = text.split_once(' ').map_or(text, |(d, _)| d);
        match day.parse::<Date>() {
            Ok(date) if past && date > self.cx.as_of => {
                self.problem(
                    Some(column),
                    format!("{field}: {date} is after the assessment date {}", self.cx.as_of),
                    "it cannot have happened yet; fix the date, or pass the right --as-of".to_string(),
                );
                None
            }
            Ok(date) => Some(date),
            Err(e) => {
                self.problem(
                    Some(column),
                    format!("{field}: {e}"),
                    "write dates as YYYY-MM-DD (or format the cells as dates in Excel); day-first and month-first \
                     dates are not guessed"
                        .to_string(),
                );
                None
            }
        }
    }

    /// The AI system an item names: by the mapping's translation, by ID, or by name (any letter case).
    fn system(&self, item: &str) -> Option<String> {
        let key = normalise(item);
        let systems = self.cx.systems;
        self.cx
            .mapping
            .systems
            .get(&key)
            .and_then(|id| systems.iter().find(|s| s.id == *id))
            .or_else(|| systems.iter().find(|s| s.id == item))
            .or_else(|| systems.iter().find(|s| normalise(&s.name) == key))
            .map(|s| s.id.clone())
    }

    fn systems(&mut self) -> Vec<String> {
        let Some((column, text)) = self.cell("systems") else { return Vec::new() };
        let mut out: Vec<String> = Vec::new();
        let systems = self.cx.systems;
        // Items are split on lines and `;`; an item with commas is several systems only when each part names one
        // (a name may hold a comma: "Nora, customer support assistant").
        let mut list = Vec::new();
        for item in items(text, false) {
            let parts = items(&item, true);
            if self.system(&item).is_none() && parts.len() > 1 && parts.iter().all(|p| self.system(p).is_some()) {
                list.extend(parts);
            } else {
                list.push(item);
            }
        }
        for item in list {
            let key = normalise(&item);
            let found = self.system(&item);
            match found {
                Some(id) if !out.contains(&id) => out.push(id),
                Some(_) => {}
                None => {
                    let translated = self.cx.mapping.systems.get(&key);
                    let message = match translated {
                        Some(id) => format!("systems: \"{item}\" translates to `{id}`, and no AI system has that ID"),
                        None => format!("systems: no AI system has the ID or name \"{item}\""),
                    };
                    let wanted = translated.map_or(item.as_str(), String::as_str);
                    let help = match did_you_mean(wanted, systems.iter().map(|s| s.id.as_str())) {
                        Some(best) => format!(
                            "did you mean `{best}`? name systems by the `id` or `name` in systems/*.yaml, or \
                             translate under [values.systems] in the mapping"
                        ),
                        None => "name systems by the `id` or `name` in systems/*.yaml, or translate under \
                                 [values.systems] in the mapping; import the inventory first if it is not there"
                            .to_string(),
                    };
                    self.problem(Some(column), message, help);
                }
            }
        }
        out
    }

    /// The controls cell: Annex A references (checked against the catalogue) and controls by name.
    fn controls(&mut self) -> (Vec<String>, Vec<String>) {
        let (mut controls, mut others) = (Vec::new(), Vec::new());
        if let Some((column, text)) = self.cell("controls") {
            // Split on lines and `;`, and on commas between Annex A references ("A.7.4, A.6.2.4"); a control named
            // in words keeps its commas.
            let mut list = Vec::new();
            for item in items(text, false) {
                let parts = items(&item, true);
                if parts.iter().all(|p| looks_like_annex_reference(p)) { list.extend(parts) } else { list.push(item) }
            }
            for item in list {
                if !looks_like_annex_reference(&item) {
                    others.push(item);
                    continue;
                }
                match self.cx.catalogue.resolve(&item) {
                    Some(req) if req.kind == Kind::Clause => self.problem(
                        Some(column),
                        format!("controls: {} is a management-system clause, not an Annex A control", req.id),
                        "a treatment chooses Annex A controls (\"A.7.4\")".to_string(),
                    ),
                    Some(req) => {
                        if !controls.contains(&req.id) {
                            controls.push(req.id.clone());
                        }
                    }
                    None => {
                        let (message, help) = self.cx.catalogue.unknown_id(&item);
                        self.problem(Some(column), format!("controls: {message}"), help);
                    }
                }
            }
        }
        if let Some((_, text)) = self.cell("other_controls") {
            others.extend(items(text, false));
        }
        let mut seen = std::collections::HashSet::new();
        others.retain(|o| seen.insert(normalise(o)));
        (controls, others)
    }

    fn actions(&mut self) -> Vec<ActionDraft> {
        let owner = self.text("action_owner");
        let due = self.date("action_due", false);
        let done = self.date("action_done", true);
        let Some((_, text)) = self.cell("actions") else {
            for field in ["action_owner", "action_due", "action_done"] {
                if let Some((column, _)) = self.cell(field) {
                    self.problem(
                        Some(column),
                        format!("{field} is given but the row has no action"),
                        "describe the action in the actions column, or leave this cell blank".to_string(),
                    );
                }
            }
            return Vec::new();
        };
        let lines: Vec<String> = text
            .lines()
            .map(|l| l.trim().trim_start_matches(['-', '•', '*', '·']).trim().to_string())
            .filter(|l| !l.is_empty())
            .collect();
        lines.into_iter().map(|description| ActionDraft { description, owner: owner.clone(), due, done }).collect()
    }

    fn acceptance(&mut self) -> Option<(String, Date)> {
        let by = self.cell("accepted_by").map(|(c, t)| (c, t.to_string()));
        let on = self.date("accepted_on", true);
        match (by, self.cell("accepted_on").map(|(c, _)| c)) {
            (None, None) => None,
            (Some((column, _)), None) => {
                self.problem(
                    self.cx.mapping.column("accepted_on").or(Some(column)),
                    "accepted_on is blank but accepted_by is not".to_string(),
                    "an acceptance is recorded with who accepted the risk and when (YYYY-MM-DD)".to_string(),
                );
                None
            }
            (None, Some(column)) => {
                self.problem(
                    self.cx.mapping.column("accepted_by").or(Some(column)),
                    "accepted_by is blank but accepted_on is not".to_string(),
                    "an acceptance is recorded with who accepted the risk and when".to_string(),
                );
                None
            }
            (Some((column, by)), Some(_)) => {
                let criteria = self.cx.criteria;
                if !criteria.may_accept(&by) {
                    let help = if criteria.acceptors.is_empty() {
                        "aims.toml names nobody who may accept AI risks: add `acceptors = [\"...\"]` under `[risk]`"
                            .to_string()
                    } else {
                        format!(
                            "aims.toml `[risk] acceptors` allows {}; have one of them accept the risk, or treat it \
                             further",
                            criteria.acceptors.iter().map(|a| format!("`{a}`")).collect::<Vec<_>>().join(", ")
                        )
                    };
                    self.problem(
                        Some(column),
                        format!("accepted_by: \"{by}\" may not accept AI risks under aims.toml `[risk] acceptors`"),
                        help,
                    );
                    return None;
                }
                Some((by, on?))
            }
        }
    }
}

/// "A", "B" and "C" for a hint, at most eight.
fn quoted_list(items: &[String]) -> String {
    let shown: Vec<String> = items.iter().take(8).map(|i| format!("\"{i}\"")).collect();
    let more = items.len().saturating_sub(8);
    if more > 0 { format!("{} and {more} more", shown.join(", ")) } else { shown.join(", ") }
}

/// Converts one row (its cells as read, as many as the header has columns). `Err` holds every problem of the row.
pub fn convert(cx: &Context<'_>, row: usize, cells: &[String]) -> Result<RiskDraft, Vec<Problem>> {
    let mut r = RowCheck { cx, row, cells, problems: Vec::new() };
    let id = r.text("id");
    let title = r.text("title");
    for (field, value) in [("id", &id), ("title", &title)] {
        if value.is_none() {
            let column = cx.mapping.column(field);
            r.problem(column, format!("{field} is blank"), format!("every risk needs a {field}; fill in the cell"));
        }
    }
    if let Some(id) = &id
        && (id.contains('\n') || id.chars().any(char::is_control))
    {
        let column = cx.mapping.column("id");
        r.problem(column, "id: the ID runs over several lines".to_string(), "write the ID on one line".to_string());
    }
    let source = r.choice("source", &SOURCES);
    let affected = r.cell("affected").map(|(_, t)| items(t, false)).unwrap_or_default();
    let systems = r.systems();
    let inherent = r.rating("inherent");
    let treatment = r.choice("treatment", &TREATMENTS);
    let (controls, other_controls) = r.controls();
    let actions = r.actions();
    if treatment.is_none()
        && r.cell("treatment").is_none()
        && (!controls.is_empty() || !other_controls.is_empty() || !actions.is_empty())
    {
        let column = cx.mapping.column("treatment").or_else(|| cx.mapping.column("controls"));
        r.problem(
            column,
            "the row chooses controls or actions but names no treatment option".to_string(),
            format!("fill in the treatment ({})", TREATMENTS.join(", ")),
        );
    }
    let residual = r.rating("residual");
    let acceptance = r.acceptance();
    let reviewed = r.date("reviewed", true);
    let description = r.text("description");
    let owner = r.text("owner");
    if !r.problems.is_empty() {
        return Err(r.problems);
    }
    Ok(RiskDraft {
        row,
        id: id.unwrap_or_default(),
        title: title.unwrap_or_default(),
        description,
        source,
        affected,
        systems,
        owner,
        inherent,
        treatment,
        controls,
        other_controls,
        actions,
        residual,
        acceptance,
        reviewed,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn list_cells_split_on_lines_and_semicolons() {
        assert_eq!(items("a; b\n- c\n\n• d", false), vec!["a", "b", "c", "d"]);
        assert_eq!(items("A.7.4, A.6.2.4", true), vec!["A.7.4", "A.6.2.4"]);
        assert_eq!(items("Applicants, especially older ones", false), vec!["Applicants, especially older ones"]);
    }

    #[test]
    fn annex_references_are_told_from_control_names() {
        assert!(looks_like_annex_reference("A.6.2.4"));
        assert!(looks_like_annex_reference("a6.2.4"));
        assert!(looks_like_annex_reference("B.7.4"));
        assert!(looks_like_annex_reference("A.99"));
        assert!(!looks_like_annex_reference("Access reviews"));
        assert!(!looks_like_annex_reference("Bias testing"));
    }
}
