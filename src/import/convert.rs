//! One CSV row → one AI system draft, by the mapping. Pure: no file system. The rule that keeps an import honest is
//! that nothing is guessed and nothing is dropped:
//!
//! - every non-blank cell ends up in the system file, either word for word in a field (name, purpose, owner, unit,
//!   supplier, data sources, human oversight, an evidence record's description) or, when it was translated or has no
//!   field, as a `Label: value` line of the system's `notes`;
//! - an answer the mapping does not know is never translated: it stays in the notes and is reported;
//! - a mapping's `default` (a placeholder for a blank or unknown answer) is written into the notes and reported;
//! - an inventory answer that says evidence exists becomes a record pointing at a file still to be supplied, never
//!   a made-up file, so aims reports it as missing evidence until someone files the document.

use std::collections::HashSet;

use super::mapping::{Choice, Column, Mapping, Text, normalise};

/// A claimed piece of evidence: a record to write under the system's `evidence:`.
#[derive(Debug, Clone)]
pub struct Claim {
    pub kind: &'static str,
    /// Where the claimed document is: a file still to be supplied, or a published document's address.
    pub at: ClaimAt,
    /// The record's title, the document's name for the reader; `None` when the mapping gives none.
    pub title: Option<String>,
    pub description: String,
}

/// Where a claimed document is.
#[derive(Debug, Clone)]
pub enum ClaimAt {
    /// A file in the workspace, still to be supplied: the path with `{id}` still in it.
    File(String),
    /// A published document, by its `https://` address: external evidence, which aims does not open.
    Url(String),
}

/// An AI system made from one row, before its ID is made unique.
#[derive(Debug, Clone)]
pub struct Draft {
    pub row: usize,
    /// The ID cells as written ("DHS-2388"); empty when the row has none.
    pub source_id: String,
    /// What the ID was made from when the row has none (column names).
    pub id_from: Option<String>,
    /// The slug the row asks for; the final ID may add a `-2` suffix.
    pub wanted_id: String,
    pub name: String,
    pub purpose: String,
    pub owner: String,
    /// The unit path (`HHS/CDC`); `None` when the mapping gives none or its cells are blank.
    pub unit: Option<String>,
    pub lifecycle_stage: &'static str,
    pub ai_role: &'static str,
    pub in_scope: Option<&'static str>,
    pub supplier: Option<String>,
    pub data_sources: Vec<String>,
    pub human_oversight: Option<String>,
    pub eu_ai_act: Option<(&'static str, &'static str, Option<String>)>,
    pub claims: Vec<Claim>,
    /// `Label: value` lines for the cells not kept word for word elsewhere.
    pub notes: Vec<String>,
    /// What the import decided for this row that a person should confirm.
    pub remarks: Vec<String>,
}

/// What one row contributed to the summary, whether or not it became a system.
#[derive(Debug, Default)]
pub struct RowEvents {
    /// (field, placeholder) for each mapping default used.
    pub placeholders: Vec<(String, String)>,
    /// (column index, answer) for each answer not recognised.
    pub unrecognised: Vec<(usize, String)>,
}

/// The cells of one row, cleaned: outer white space trimmed, CRLF line ends inside a cell turned into LF.
pub fn clean(cell: &str) -> String {
    let trimmed = cell.trim();
    if trimmed.contains('\r') { trimmed.replace("\r\n", "\n").replace('\r', "\n") } else { trimmed.to_string() }
}

/// A list cell's items: `['a', 'b']` (Python style, as the US federal inventory writes them) or `a; b`.
/// `None` when the cell looks like a list but cannot be read as one.
pub fn list_items(cell: &str) -> Option<Vec<String>> {
    let cell = cell.trim();
    let Some(inner) = cell.strip_prefix('[').and_then(|c| c.strip_suffix(']')) else {
        return Some(cell.split(';').map(clean).filter(|s| !s.is_empty()).collect());
    };
    let mut items = Vec::new();
    let mut chars = inner.chars().peekable();
    loop {
        while chars.next_if(|c| c.is_whitespace() || *c == ',').is_some() {}
        let Some(quote) = chars.next() else { break };
        if quote != '\'' && quote != '"' {
            return None;
        }
        let mut item = String::new();
        loop {
            match chars.next()? {
                '\\' => match chars.next()? {
                    'n' => item.push('\n'),
                    't' => item.push('\t'),
                    'r' => {}
                    other => item.push(other),
                },
                c if c == quote => break,
                c => item.push(c),
            }
        }
        let item = clean(&item);
        if !item.is_empty() {
            items.push(item);
        }
        while chars.next_if(|c| c.is_whitespace()).is_some() {}
        match chars.next() {
            None => break,
            Some(',') => continue,
            Some(_) => return None,
        }
    }
    Some(items)
}

/// A file-name-safe, readable ID: lower-case ASCII letters and digits joined by `-`, at most 60 characters.
pub fn slug(text: &str) -> String {
    let mut out = String::new();
    for c in text.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if let Some(base) = unaccented(c) {
            out.push_str(base);
        } else if !out.is_empty() && !out.ends_with('-') {
            out.push('-');
        }
    }
    while out.ends_with('-') {
        out.pop();
    }
    const MAX: usize = 60;
    if out.len() > MAX {
        // Cut at a word boundary when one is near, so the name stays readable.
        let cut = match out[..=MAX].rfind('-') {
            Some(i) if i >= MAX / 2 => i,
            _ => MAX,
        };
        out.truncate(cut);
        while out.ends_with('-') {
            out.pop();
        }
    }
    // Names Windows reserves for devices cannot be file names there.
    let reserved = matches!(out.as_str(), "con" | "prn" | "aux" | "nul")
        || (out.len() == 4 && (out.starts_with("com") || out.starts_with("lpt")) && out.as_bytes()[3].is_ascii_digit());
    if reserved {
        out.push_str("-system");
    }
    out
}

/// Latin letters with accents as their base letters, so "Café" gives "cafe" rather than "caf".
fn unaccented(c: char) -> Option<&'static str> {
    Some(match c {
        'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' | 'À' | 'Á' | 'Â' | 'Ã' | 'Ä' | 'Å' => "a",
        'æ' | 'Æ' => "ae",
        'ç' | 'Ç' => "c",
        'è' | 'é' | 'ê' | 'ë' | 'È' | 'É' | 'Ê' | 'Ë' => "e",
        'ì' | 'í' | 'î' | 'ï' | 'Ì' | 'Í' | 'Î' | 'Ï' => "i",
        'ñ' | 'Ñ' => "n",
        'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' | 'Ò' | 'Ó' | 'Ô' | 'Õ' | 'Ö' | 'Ø' => "o",
        'œ' | 'Œ' => "oe",
        'ù' | 'ú' | 'û' | 'ü' | 'Ù' | 'Ú' | 'Û' | 'Ü' => "u",
        'ý' | 'ÿ' | 'Ý' => "y",
        'ß' => "ss",
        _ => return None,
    })
}

fn is_urls(cell: &str) -> bool {
    let mut words = cell.split_whitespace().peekable();
    words.peek().is_some()
        && words.all(|w| {
            let lower = w.to_ascii_lowercase();
            (lower.starts_with("https://") || lower.starts_with("http://")) && w.len() > "https://".len()
        })
}

/// Converts rows with one mapping.
pub struct Converter<'a> {
    pub mapping: &'a Mapping,
}

/// The state of one row while it is converted.
struct RowState<'a> {
    columns: &'a [Column],
    cells: Vec<String>,
    /// Each cell's items: one for a plain cell, any number for a list cell, none when blank.
    items: Vec<Vec<String>>,
    /// Cells already kept word for word in some field.
    kept: Vec<bool>,
    reported: HashSet<(usize, String)>,
    events: RowEvents,
    remarks: Vec<String>,
}

impl RowState<'_> {
    fn joined(&self, column: usize) -> String {
        self.items[column].join("; ")
    }

    fn blank(&self, column: usize) -> bool {
        self.items[column].is_empty()
    }

    fn unrecognised(&mut self, column: usize, answer: &str) -> bool {
        let first = self.reported.insert((column, normalise(answer)));
        if first {
            self.events.unrecognised.push((column, answer.to_string()));
        }
        first
    }

    fn header(&self, column: usize) -> &str {
        &self.columns[column].header
    }

    fn placeholder(&mut self, field: &str, value: &str, why: String) {
        self.events.placeholders.push((field.to_string(), value.to_string()));
        self.remarks.push(format!("{field}: {why}; \"{value}\" is the mapping's placeholder. Confirm or correct it."));
    }

    /// The text of a text field, or `None` when it has nothing and no default.
    fn text(&mut self, field: &str, spec: &Text) -> Option<String> {
        if let Some(value) = &spec.value {
            return Some(value.clone());
        }
        if let Some(text) = self.text_from(spec, &spec.columns) {
            return Some(text);
        }
        if let Some(text) = self.text_from(spec, &spec.fallback) {
            let blank: Vec<&str> = spec.columns.iter().map(|&c| self.header(c)).collect();
            let used: Vec<&str> = spec.fallback.iter().filter(|&&c| !self.blank(c)).map(|&c| self.header(c)).collect();
            let remark = format!("{field}: {} blank; taken from {}.", describe_blank(&blank), used.join(", "));
            self.remarks.push(remark);
            return Some(text);
        }
        let default = spec.default.clone()?;
        if !spec.columns.is_empty() {
            let blank: Vec<&str> = spec.columns.iter().map(|&c| self.header(c)).collect();
            let why = format!("{} blank", describe_blank(&blank));
            self.placeholder(field, &default, why);
        }
        Some(default)
    }

    fn text_from(&mut self, spec: &Text, columns: &[usize]) -> Option<String> {
        let mut parts = Vec::new();
        for &c in columns {
            if self.blank(c) {
                continue;
            }
            if spec.values.is_empty() {
                let text = self.joined(c);
                parts.push(if spec.labelled { format!("{}: {text}", self.columns[c].label) } else { text });
                self.kept[c] = true;
                continue;
            }
            for item in self.items[c].clone() {
                match spec.values.get(&normalise(&item)) {
                    Some(t) if t.is_empty() => {}
                    Some(t) => parts.push(t.clone()),
                    None => {
                        if self.unrecognised(c, &item) {
                            self.remarks.push(format!(
                                "{} \"{item}\" is not a recognised answer, so it adds nothing to the fields above; \
                                 it is kept in these notes as written.",
                                self.header(c)
                            ));
                        }
                    }
                }
            }
        }
        (!parts.is_empty()).then(|| parts.join(if spec.labelled { "\n" } else { spec.join }))
    }

    /// The value of a fixed-value field. `Err` (the reason) when a required field has none.
    fn choice(&mut self, field: &str, spec: &Choice, required: bool) -> Result<Option<&'static str>, String> {
        if let Some(value) = spec.value {
            return Ok(Some(value));
        }
        let Some(c) = spec.column else { return Ok(spec.default) };
        let header = self.header(c).to_string();
        let answer = self.joined(c);
        let why = if answer.is_empty() {
            format!("{header} is blank")
        } else if let Some(value) = spec.translate(&answer) {
            return Ok(Some(value));
        } else {
            self.unrecognised(c, &answer);
            format!("{header} \"{answer}\" is not a recognised answer")
        };
        match spec.default {
            Some(default) => {
                self.placeholder(field, default, why);
                Ok(Some(default))
            }
            None if required => Err(format!("{field}: {why} and the mapping gives no default")),
            None => {
                if !answer.is_empty() {
                    self.remarks
                        .push(format!("{field}: {why}, so it is not set; it is kept in these notes as written."));
                }
                Ok(None)
            }
        }
    }
}

fn describe_blank(columns: &[&str]) -> String {
    match columns {
        [one] => format!("{one} is"),
        many => format!("{} are", many.join(", ")),
    }
}

impl Converter<'_> {
    /// Converts one row. `Err` holds the reason the row is skipped.
    pub fn convert(&self, row: usize, cells: &[String]) -> (Result<Draft, String>, RowEvents) {
        let m = self.mapping;
        let mut state = RowState {
            columns: &m.columns,
            cells: cells.iter().map(|c| clean(c)).collect(),
            items: Vec::with_capacity(cells.len()),
            kept: vec![false; cells.len()],
            reported: HashSet::new(),
            events: RowEvents::default(),
            remarks: Vec::new(),
        };
        for (i, cell) in state.cells.iter().enumerate() {
            let column = &m.columns[i];
            let items = if cell.is_empty() {
                Vec::new()
            } else if column.list {
                match list_items(cell) {
                    Some(items) => items,
                    None => vec![cell.clone()],
                }
            } else {
                vec![cell.clone()]
            };
            state.items.push(items);
        }
        let result = self.draft(&mut state, row);
        (result, state.events)
    }

    fn draft(&self, s: &mut RowState<'_>, row: usize) -> Result<Draft, String> {
        let m = self.mapping;
        if s.items.iter().all(Vec::is_empty) {
            return Err("the row is blank".to_string());
        }

        // The ID: the ID columns, else the fallback columns, else the name's columns.
        let source_id = m.id.columns.iter().map(|&c| s.joined(c)).filter(|t| !t.is_empty()).collect::<Vec<_>>();
        let source_id = source_id.join("-");
        if source_id.is_empty() && m.name.columns.iter().chain(&m.name.fallback).all(|&c| s.blank(c)) {
            let id_cols: Vec<&str> = m.id.columns.iter().map(|&c| s.header(c)).collect();
            let name_cols: Vec<&str> = m.name.columns.iter().map(|&c| s.header(c)).collect();
            return Err(format!("no ID and no name: {} and {} are blank", id_cols.join(", "), name_cols.join(", ")));
        }
        let mut id_from = None;
        let mut wanted_id = slug(&source_id);
        for columns in [&m.id.fallback, &m.name.columns, &m.name.fallback] {
            if !wanted_id.is_empty() {
                break;
            }
            let parts: Vec<String> = columns.iter().map(|&c| s.joined(c)).filter(|t| !t.is_empty()).collect();
            wanted_id = slug(&parts.join("-"));
            let used: Vec<&str> = columns.iter().filter(|&&c| !s.blank(c)).map(|&c| s.header(c)).collect();
            id_from = Some(used.join(", "));
        }
        if wanted_id.is_empty() {
            // Text without a single Latin letter or digit (a name in another script, say).
            wanted_id = format!("row-{row}");
            id_from = Some("the row number (its name has no letters a-z or digits either)".to_string());
        }

        let name = s.text("name", &m.name).ok_or_else(|| required_blank("name", &m.name, s))?;
        let purpose = s.text("purpose", &m.purpose).ok_or_else(|| required_blank("purpose", &m.purpose, s))?;
        let owner = s.text("owner", &m.owner).ok_or_else(|| required_blank("owner", &m.owner, s))?;
        let unit = m.unit.as_ref().and_then(|spec| s.text("unit", spec));
        let lifecycle_stage = s
            .choice("lifecycle_stage", &m.lifecycle_stage, true)?
            .ok_or("lifecycle_stage: the mapping gives no source and no default")?;
        let ai_role =
            s.choice("ai_role", &m.ai_role, true)?.ok_or("ai_role: the mapping gives no source and no default")?;
        let in_scope = match &m.in_scope {
            Some(spec) => s.choice("in_scope", spec, false)?,
            None => None,
        };
        let supplier = m.supplier.as_ref().and_then(|spec| s.text("supplier", spec));
        let data_sources = m.data_sources.iter().filter_map(|spec| s.text("data_sources", spec)).collect();
        let human_oversight = m.human_oversight.as_ref().and_then(|spec| s.text("human_oversight", spec));
        let eu_ai_act = match &m.eu_ai_act {
            Some(eu) => {
                let role = s.choice("eu_ai_act.role", &eu.role, false)?;
                let tier = s.choice("eu_ai_act.risk_tier", &eu.risk_tier, false)?;
                let area = eu.annex_iii_area.as_ref().and_then(|spec| s.text("eu_ai_act.annex_iii_area", spec));
                match (role, tier) {
                    (Some(role), Some(tier)) => Some((role, tier, area)),
                    (None, Some(tier)) => {
                        s.remarks.push(format!(
                            "eu_ai_act: the risk tier is {tier} but the role is not given, so no EU AI Act \
                             classification is written."
                        ));
                        None
                    }
                    // A blank tier means the system is not classified; an unknown one is already remarked on.
                    _ => None,
                }
            }
            None => None,
        };

        let mut claims = Vec::new();
        for spec in &m.evidence {
            let c = spec.column;
            let answer = s.joined(c);
            if answer.is_empty() {
                continue;
            }
            let normal = normalise(&answer);
            let label = &m.columns[c].label;
            let published = if spec.urls && is_urls(&answer) {
                answer.split_whitespace().find(|w| crate::load::is_accepted_url(w)).map(str::to_string)
            } else {
                None
            };
            if let Some(url) = published {
                // A published document is evidence held elsewhere: the record names its address, and its title
                // stays the document's name (the comment is the description's).
                let mut description = spec.description.clone().map(|d| format!("{d}. ")).unwrap_or_default();
                if answer == url {
                    description.push_str(&format!("Published at the address the inventory gives ({label})."));
                } else {
                    description.push_str(&format!("Inventory answer, {label}: \"{answer}\"."));
                }
                description.push_str(" Not yet reviewed: read the document and add a `reviewed` date.");
                claims.push(Claim {
                    kind: spec.kind,
                    at: ClaimAt::Url(url),
                    title: spec.url_title.clone(),
                    description,
                });
                s.kept[c] = true;
            } else if spec.claim.contains(&normal) || (spec.urls && is_urls(&answer)) {
                let mut description = spec.description.clone().map(|d| format!("{d}. ")).unwrap_or_default();
                description.push_str(&format!(
                    "Inventory answer, {label}: \"{answer}\". A claim, not yet evidence: put the document at this \
                     path and add a `reviewed` date."
                ));
                claims.push(Claim { kind: spec.kind, at: ClaimAt::File(spec.file.clone()), title: None, description });
                s.kept[c] = true;
            } else if !spec.no_claim.contains(&normal) && s.unrecognised(c, &answer) {
                s.remarks.push(format!(
                    "evidence.{}: {} \"{answer}\" is not a recognised answer, so no record was made; it is kept \
                     in these notes as written.",
                    spec.kind,
                    s.header(c)
                ));
            }
        }

        // Every cell not kept word for word goes into the notes; answers outside a column's known set are reported.
        let mut notes = Vec::new();
        for (c, column) in m.columns.iter().enumerate() {
            if s.blank(c) || column.ignored {
                continue;
            }
            if !column.known.is_empty() {
                for item in s.items[c].clone() {
                    if !column.recognises(&item) && s.unrecognised(c, &item) {
                        s.remarks.push(format!(
                            "{} \"{item}\" is not one of the column's recognised answers; it is kept in these notes as written.",
                            column.header
                        ));
                    }
                }
            }
            if s.kept[c] || m.id.columns.contains(&c) {
                continue;
            }
            notes.push(format!("{}: {}", column.label, s.joined(c)));
        }

        Ok(Draft {
            row,
            source_id,
            id_from,
            wanted_id,
            name,
            purpose,
            owner,
            unit,
            lifecycle_stage,
            ai_role,
            in_scope,
            supplier,
            data_sources,
            human_oversight,
            eu_ai_act,
            claims,
            notes,
            remarks: std::mem::take(&mut s.remarks),
        })
    }
}

fn required_blank(field: &str, spec: &Text, s: &RowState<'_>) -> String {
    let columns: Vec<&str> = spec.columns.iter().chain(&spec.fallback).map(|&c| s.header(c)).collect();
    format!("{field}: {} blank and the mapping gives no default", describe_blank(&columns))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_are_readable_file_names() {
        assert_eq!(slug("DHS-2388"), "dhs-2388");
        assert_eq!(slug("NARA - 0001"), "nara-0001");
        assert_eq!(slug("  Café  Bot!! "), "cafe-bot");
        assert_eq!(slug("数据"), "");
        assert_eq!(slug("CON"), "con-system");
        assert_eq!(slug("COM1"), "com1-system");
        assert_eq!(slug("../../etc/passwd"), "etc-passwd");
        let long = slug(
            "GSA Login.gov: artificial intelligence technology used for detecting and mitigating fraud for remote",
        );
        assert_eq!(long, "gsa-login-gov-artificial-intelligence-technology-used-for");
        assert!(long.len() <= 60);
    }

    #[test]
    fn list_cells_are_read_as_items() {
        assert_eq!(list_items("[]"), Some(vec![]));
        assert_eq!(list_items("['b) Sex', 'c) Age']"), Some(vec!["b) Sex".into(), "c) Age".into()]));
        assert_eq!(
            list_items("['General solicitations of \\ncomments']"),
            Some(vec!["General solicitations of \ncomments".into()])
        );
        assert_eq!(list_items("[\"it's\"]"), Some(vec!["it's".into()]));
        assert_eq!(list_items("a; b ;"), Some(vec!["a".into(), "b".into()]));
        assert_eq!(list_items("['unterminated]"), None);
        assert_eq!(list_items("[not quoted]"), None);
    }

    #[test]
    fn only_cells_of_web_addresses_are_urls() {
        assert!(is_urls("https://example.gov/pia.pdf"));
        assert!(is_urls("https://a.gov/x http://b.gov/y"));
        assert!(!is_urls("To be posted on https://www.hhs.gov/pia/index.html"));
        assert!(!is_urls("No"));
        assert!(!is_urls("https://"));
    }
}
