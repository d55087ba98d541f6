//! The mapping file (`--mapping MAP.toml`, or a built-in `--profile`): which CSV column feeds which system field, and
//! how a spreadsheet's answers translate into the workspace's words. docs/import.md documents the format.
//!
//! Read in two steps, like the workspace: [`MappingFile`] mirrors the TOML (unknown keys are errors), then
//! [`MappingFile::compile`] checks it against the CSV's header, collecting every problem at once, into a [`Mapping`]
//! whose columns are indexes and whose values are checked.

use std::collections::{BTreeMap, HashMap};

use serde::Deserialize;

use crate::diagnostic::did_you_mean;

/// The mapping as written.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MappingFile {
    /// Columns left out entirely, not even kept in the notes.
    #[serde(default)]
    pub ignore: Vec<String>,
    /// Where the system ID (and file name) comes from.
    pub id: FieldSpec,
    pub name: FieldSpec,
    pub purpose: FieldSpec,
    pub owner: FieldSpec,
    /// The unit (business unit, department, agency) reports group by; several columns make a nested unit
    /// (`agency` then `bureau` gives `HHS/CDC`).
    pub unit: Option<FieldSpec>,
    pub lifecycle_stage: FieldSpec,
    pub ai_role: FieldSpec,
    pub in_scope: Option<FieldSpec>,
    pub supplier: Option<FieldSpec>,
    /// Each entry adds at most one item to the system's `data_sources`.
    #[serde(default)]
    pub data_sources: Vec<FieldSpec>,
    pub human_oversight: Option<FieldSpec>,
    pub eu_ai_act: Option<EuAiActSpec>,
    /// Per-system evidence records made from the inventory's answers, keyed by record kind.
    #[serde(default)]
    pub evidence: BTreeMap<String, EvidenceSpec>,
    /// Per-column details: a readable label, the answers the column may hold, whether a cell is a list.
    #[serde(default)]
    pub columns: BTreeMap<String, ColumnSpec>,
    /// Other headers a column may have in another export of the same inventory (a workbook's long questions for
    /// a CSV file's short names): column name → headers, tried in order when the file has no column of that name.
    #[serde(default)]
    pub aliases: BTreeMap<String, Vec<String>>,
}

/// A header as columns are compared: outer white space trimmed and every run of white space (line breaks
/// included) one space, since spreadsheet headers wrap and double their spaces freely.
pub fn squash(header: &str) -> String {
    header.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Where one system field comes from.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FieldSpec {
    /// One column (same as `columns = [column]`).
    pub column: Option<String>,
    /// Several columns, whose non-blank cells are joined.
    #[serde(default)]
    pub columns: Vec<String>,
    /// Columns used instead when all of `columns` are blank.
    #[serde(default)]
    pub fallback: Vec<String>,
    /// A fixed value for every row, instead of a column.
    pub value: Option<String>,
    /// Translations from a cell's answer to the field's value; answers not listed are reported, never guessed.
    #[serde(default)]
    pub values: BTreeMap<String, String>,
    /// The placeholder used when the cell is blank (or, for a field with fixed values, not recognised). Each use is
    /// written into the system's notes and counted in the summary.
    pub default: Option<String>,
    /// Prefix each joined cell with its column's label ("Fail-safe: Yes").
    #[serde(default)]
    pub labelled: bool,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EuAiActSpec {
    pub role: FieldSpec,
    pub risk_tier: FieldSpec,
    pub annex_iii_area: Option<FieldSpec>,
}

/// A per-system evidence record made from an inventory answer.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EvidenceSpec {
    pub column: String,
    /// Answers that claim the evidence exists: each makes a record pointing at `file`, still to be supplied.
    #[serde(default)]
    pub claim: Vec<String>,
    /// Recognised answers that claim nothing ("In-progress", "No"): no record; kept in the notes.
    #[serde(default)]
    pub no_claim: Vec<String>,
    /// A cell holding only web addresses is a claim too (a published document): the record names the first
    /// `https://` address as `url` (external evidence, which aims does not open) instead of a file to supply, and
    /// quotes the answer.
    #[serde(default)]
    pub urls: bool,
    /// The title of a record made from a web address (`urls`), the name the documents give the published
    /// document ("Privacy impact assessment (published)"); without it the documents name it by its address.
    pub url_title: Option<String>,
    /// Where the evidence file is expected, relative to the workspace; `{id}` is the system ID.
    /// Default: `evidence/systems/{id}/<kind>.md`.
    pub file: Option<String>,
    /// Text put before the quoted answer in the record's description.
    pub description: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ColumnSpec {
    /// How the column is named in the notes and summary; default: the header.
    pub label: Option<String>,
    /// The answers the column may hold; any other answer is reported as not recognised (and kept).
    #[serde(default)]
    pub known: Vec<String>,
    /// Cells are lists: `['a', 'b']` (Python style) or `a; b`. Each item is checked and kept on its own.
    #[serde(default)]
    pub list: bool,
}

/// The per-system evidence record kinds (the `evidence:` keys of a system file), in the order a file lists them.
pub const EVIDENCE_KINDS: [&str; 15] = crate::workspace::EvidenceKind::NAMES;

pub const LIFECYCLE_STAGES: [&str; 7] =
    ["concept", "design", "development", "verification", "deployment", "operation", "retired"];
pub const AI_ROLES: [&str; 4] = ["provider", "producer", "customer", "partner"];
pub const EU_ROLES: [&str; 6] =
    ["provider", "deployer", "importer", "distributor", "authorised_representative", "product_manufacturer"];
pub const EU_RISK_TIERS: [&str; 5] = ["prohibited", "high_risk", "transparency", "minimal", "gpai_model"];
pub const BOOLEANS: [&str; 2] = ["true", "false"];

/// How answers are compared: surrounding and repeated white space and letter case do not matter.
pub fn normalise(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for word in text.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.extend(word.chars().flat_map(char::to_lowercase));
    }
    out
}

/// A column of the CSV as the mapping sees it.
#[derive(Debug)]
pub struct Column {
    pub header: String,
    pub label: String,
    /// Normalised recognised answers; empty when the column is free text.
    pub known: Vec<String>,
    pub list: bool,
    pub ignored: bool,
}

impl Column {
    pub fn recognises(&self, answer: &str) -> bool {
        if self.known.is_empty() {
            return true;
        }
        let answer = normalise(answer);
        self.known.contains(&answer)
    }
}

/// A text field: columns joined, or a fixed value; optional translations and placeholder.
#[derive(Debug, Default)]
pub struct Text {
    pub columns: Vec<usize>,
    pub fallback: Vec<usize>,
    pub value: Option<String>,
    /// Normalised answer → text ("" means the answer adds nothing).
    pub values: HashMap<String, String>,
    pub default: Option<String>,
    pub labelled: bool,
    /// What joins the cells of several columns when not labelled: `, `, or `/` for a unit path.
    pub join: &'static str,
}

/// A field with a fixed set of values (an enum of the workspace, or true/false).
#[derive(Debug)]
pub struct Choice {
    pub column: Option<usize>,
    pub value: Option<&'static str>,
    /// Normalised answer → one of the field's values. The values' own names are always recognised too.
    pub values: HashMap<String, &'static str>,
    pub default: Option<&'static str>,
    pub allowed: &'static [&'static str],
}

impl Choice {
    /// The field's value for an answer, or `None` when the answer is not recognised.
    pub fn translate(&self, answer: &str) -> Option<&'static str> {
        let answer = normalise(answer);
        self.values.get(&answer).copied().or_else(|| self.allowed.iter().copied().find(|a| *a == answer))
    }
}

#[derive(Debug)]
pub struct Evidence {
    pub kind: &'static str,
    pub column: usize,
    pub claim: Vec<String>,
    pub no_claim: Vec<String>,
    pub urls: bool,
    pub url_title: Option<String>,
    pub file: String,
    pub description: Option<String>,
}

#[derive(Debug)]
pub struct EuAiAct {
    pub role: Choice,
    pub risk_tier: Choice,
    pub annex_iii_area: Option<Text>,
}

/// A mapping checked against one CSV header.
#[derive(Debug)]
pub struct Mapping {
    pub columns: Vec<Column>,
    pub id: Text,
    pub name: Text,
    pub purpose: Text,
    pub owner: Text,
    pub unit: Option<Text>,
    pub lifecycle_stage: Choice,
    pub ai_role: Choice,
    pub in_scope: Option<Choice>,
    pub supplier: Option<Text>,
    pub data_sources: Vec<Text>,
    pub human_oversight: Option<Text>,
    pub eu_ai_act: Option<EuAiAct>,
    pub evidence: Vec<Evidence>,
}

/// A TOML error of a mapping file as `origin:line:column: message` (`origin: message` when it has no position).
pub(crate) fn located(text: &str, origin: &str, e: &toml::de::Error) -> String {
    match e.span() {
        Some(span) => {
            let before = &text[..span.start.min(text.len())];
            let line = before.matches('\n').count() + 1;
            let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
            format!("{origin}:{line}:{column}: {}", e.message())
        }
        None => format!("{origin}: {}", e.message()),
    }
}

/// Parses a mapping file's text.
pub fn parse(text: &str, origin: &str) -> Result<MappingFile, String> {
    toml::from_str(text).map_err(|e| {
        let mut message = located(text, origin, &e);
        if e.message().contains("missing field") {
            message.push_str(
                "\n  = help: a mapping names a source for each required system field: id, name, purpose, owner, \
                 lifecycle_stage, ai_role (a column, or a `default`); see docs/import.md",
            );
        }
        message
    })
}

/// Collects the problems of a mapping while it is compiled, so they are all reported at once.
struct Compiler<'a> {
    /// Header positions by squashed header.
    index: HashMap<String, Vec<usize>>,
    aliases: &'a BTreeMap<String, Vec<String>>,
    problems: Vec<String>,
    /// Columns the file does not have, each with the fields that name it, in the order first met: one message
    /// each, however many fields name it.
    missing: Vec<(String, Vec<String>)>,
}

impl Compiler<'_> {
    /// The positions of the column `name`, or of its first alias the file has.
    fn find(&self, name: &str) -> Option<&Vec<usize>> {
        let aliases = self.aliases.get(name).into_iter().flatten();
        std::iter::once(name).chain(aliases.map(String::as_str)).find_map(|n| self.index.get(&squash(n)))
    }

    fn column(&mut self, field: &str, name: &str) -> Option<usize> {
        match self.find(name).map(Vec::as_slice) {
            Some([one]) => Some(*one),
            Some(many) => {
                let positions: Vec<String> = many.iter().map(|i| (i + 1).to_string()).collect();
                self.problems.push(format!(
                    "{field}: the header has {} columns named `{name}` (columns {}); rename one in the CSV",
                    many.len(),
                    positions.join(", ")
                ));
                None
            }
            None => {
                match self.missing.iter_mut().find(|(n, _)| n == name) {
                    Some((_, fields)) if !fields.iter().any(|f| f == field) => fields.push(field.to_string()),
                    Some(_) => {}
                    None => self.missing.push((name.to_string(), vec![field.to_string()])),
                }
                None
            }
        }
    }

    fn columns(&mut self, field: &str, names: &[String]) -> Vec<usize> {
        names.iter().filter_map(|n| self.column(field, n)).collect()
    }

    fn text(&mut self, field: &str, spec: &FieldSpec) -> Text {
        let mut names = spec.columns.clone();
        if let Some(column) = &spec.column {
            if !names.is_empty() {
                self.problems.push(format!("{field}: give `column` or `columns`, not both"));
            }
            names.insert(0, column.clone());
        }
        if spec.value.is_some() && !names.is_empty() {
            self.problems.push(format!("{field}: give a `value` or columns to read, not both"));
        }
        if spec.value.is_none() && names.is_empty() && spec.default.is_none() {
            self.problems.push(format!("{field}: name a `column`, or give a `value` or a `default`"));
        }
        if !spec.fallback.is_empty() && names.is_empty() {
            self.problems.push(format!("{field}: `fallback` needs `column` or `columns` first"));
        }
        for (what, value) in [("value", &spec.value), ("default", &spec.default)] {
            if value.as_deref().is_some_and(|v| v.trim().is_empty()) {
                self.problems.push(format!("{field}: `{what}` is blank"));
            }
        }
        Text {
            columns: self.columns(field, &names),
            fallback: self.columns(field, &spec.fallback),
            value: spec.value.clone(),
            values: spec.values.iter().map(|(k, v)| (normalise(k), v.clone())).collect(),
            default: spec.default.clone(),
            labelled: spec.labelled,
            join: if field == "unit" { "/" } else { ", " },
        }
    }

    fn choice(&mut self, field: &str, spec: &FieldSpec, allowed: &'static [&'static str]) -> Choice {
        if !spec.columns.is_empty() || !spec.fallback.is_empty() || spec.labelled {
            self.problems.push(format!(
                "{field}: takes one `column` (with `values`), a `value` or a `default`; not `columns`, `fallback` or \
                 `labelled`"
            ));
        }
        if spec.value.is_some() && spec.column.is_some() {
            self.problems.push(format!("{field}: give a `value` or a `column`, not both"));
        }
        if spec.value.is_none() && spec.column.is_none() && spec.default.is_none() {
            self.problems.push(format!("{field}: name a `column` (with `values`), or give a `value` or a `default`"));
        }
        let mut allowed_value = |what: &str, value: &str| -> Option<&'static str> {
            let found = allowed.iter().copied().find(|a| *a == value.trim());
            if found.is_none() {
                let hint = did_you_mean(value, allowed.iter().copied())
                    .map_or_else(String::new, |s| format!("did you mean `{s}`? "));
                self.problems.push(format!(
                    "{field}: {what} `{value}` is not one of the values of {field}; {hint}allowed: {}",
                    allowed.join(", ")
                ));
            }
            found
        };
        let value = spec.value.as_deref().and_then(|v| allowed_value("`value`", v));
        let default = spec.default.as_deref().and_then(|v| allowed_value("`default`", v));
        let values = spec
            .values
            .iter()
            .filter_map(|(answer, v)| {
                allowed_value(&format!("the translation of \"{answer}\","), v).map(|v| (normalise(answer), v))
            })
            .collect();
        let column = spec.column.as_deref().and_then(|c| self.column(field, c));
        Choice { column, value, values, default, allowed }
    }

    fn evidence(&mut self, kind: &str, spec: &EvidenceSpec) -> Option<Evidence> {
        let field = format!("evidence.{kind}");
        let Some(kind) = EVIDENCE_KINDS.iter().copied().find(|k| *k == kind) else {
            let hint = did_you_mean(kind, EVIDENCE_KINDS).map_or_else(String::new, |s| format!("did you mean `{s}`? "));
            self.problems.push(format!(
                "{field}: `{kind}` is not a kind of per-system evidence; {hint}allowed: {}",
                EVIDENCE_KINDS.join(", ")
            ));
            return None;
        };
        if spec.url_title.is_some() && !spec.urls {
            self.problems
                .push(format!("{field}: `url_title` names a record made from a web address; set `urls = true`"));
        }
        if spec.claim.is_empty() && !spec.urls {
            self.problems.push(format!(
                "{field}: list the answers that claim the evidence exists in `claim` (or set `urls = true`)"
            ));
        }
        let file =
            spec.file.clone().unwrap_or_else(|| format!("evidence/systems/{{id}}/{}.md", kind.replace('_', "-")));
        let probe = file.replace("{id}", "x");
        let escapes = probe.starts_with('/')
            || probe.starts_with('\\')
            || probe.as_bytes().get(1) == Some(&b':')
            || probe.split(['/', '\\']).any(|part| part == ".." || part.is_empty());
        if escapes || probe.contains(['{', '}']) {
            self.problems.push(format!(
                "{field}: `file = \"{file}\"` must be a relative path inside the workspace, without `..`, using only \
                 the placeholder {{id}}"
            ));
        }
        let column = self.column(&field, &spec.column)?;
        Some(Evidence {
            kind,
            column,
            claim: spec.claim.iter().map(|c| normalise(c)).collect(),
            no_claim: spec.no_claim.iter().map(|c| normalise(c)).collect(),
            urls: spec.urls,
            url_title: spec.url_title.clone(),
            file,
            description: spec.description.clone(),
        })
    }
}

impl FieldSpec {
    fn named(&self) -> impl Iterator<Item = &String> {
        self.column.iter().chain(&self.columns).chain(&self.fallback)
    }
}

impl MappingFile {
    /// Whether the mapping's column `name` (or one of its aliases) is `header`.
    fn names(&self, name: &str, header: &str) -> bool {
        let header = squash(header);
        squash(name) == header || self.aliases.get(name).is_some_and(|a| a.iter().any(|a| squash(a) == header))
    }

    /// The `[columns.NAME]` table for `header`, by name or alias.
    fn spec_for(&self, header: &str) -> Option<&ColumnSpec> {
        self.columns.iter().find(|(name, _)| self.names(name, header)).map(|(_, spec)| spec)
    }

    /// Every column the mapping names, in any field, record or per-column table: the layout it expects.
    pub fn columns_named(&self) -> std::collections::BTreeSet<String> {
        let mut specs: Vec<&FieldSpec> = vec![&self.id, &self.name, &self.purpose, &self.owner];
        specs.extend([&self.lifecycle_stage, &self.ai_role]);
        specs.extend(self.unit.iter().chain(&self.in_scope).chain(&self.supplier).chain(&self.human_oversight));
        specs.extend(&self.data_sources);
        if let Some(eu) = &self.eu_ai_act {
            specs.extend([&eu.role, &eu.risk_tier]);
            specs.extend(&eu.annex_iii_area);
        }
        let mut names: std::collections::BTreeSet<String> = specs.iter().flat_map(|s| s.named()).cloned().collect();
        names.extend(self.evidence.values().map(|e| e.column.clone()));
        names.extend(self.columns.keys().cloned());
        names.extend(self.ignore.iter().cloned());
        names
    }

    /// Checks the mapping against the CSV's header row. Returns every problem found when there is any.
    pub fn compile(&self, headers: &[String]) -> Result<Mapping, Vec<String>> {
        let mut index: HashMap<String, Vec<usize>> = HashMap::new();
        for (i, h) in headers.iter().enumerate() {
            index.entry(squash(h)).or_default().push(i);
        }
        let mut c = Compiler { index, aliases: &self.aliases, problems: Vec::new(), missing: Vec::new() };

        let id = c.text("id", &self.id);
        if id.columns.is_empty() && self.id.column.is_none() && self.id.columns.is_empty() {
            c.problems.push("id: name the `column` (or `columns`) the system ID comes from".to_string());
        }
        if self.id.value.is_some() || self.id.default.is_some() || !self.id.values.is_empty() || self.id.labelled {
            c.problems
                .push("id: takes `column`/`columns` and `fallback` only; every system needs its own ID".to_string());
        }
        let name = c.text("name", &self.name);
        let purpose = c.text("purpose", &self.purpose);
        let owner = c.text("owner", &self.owner);
        let unit = self.unit.as_ref().map(|s| c.text("unit", s));
        let lifecycle_stage = c.choice("lifecycle_stage", &self.lifecycle_stage, &LIFECYCLE_STAGES);
        let ai_role = c.choice("ai_role", &self.ai_role, &AI_ROLES);
        let in_scope = self.in_scope.as_ref().map(|s| c.choice("in_scope", s, &BOOLEANS));
        let supplier = self.supplier.as_ref().map(|s| c.text("supplier", s));
        let data_sources = self.data_sources.iter().map(|s| c.text("data_sources", s)).collect();
        let human_oversight = self.human_oversight.as_ref().map(|s| c.text("human_oversight", s));
        let eu_ai_act = self.eu_ai_act.as_ref().map(|eu| EuAiAct {
            role: c.choice("eu_ai_act.role", &eu.role, &EU_ROLES),
            risk_tier: c.choice("eu_ai_act.risk_tier", &eu.risk_tier, &EU_RISK_TIERS),
            annex_iii_area: eu.annex_iii_area.as_ref().map(|s| c.text("eu_ai_act.annex_iii_area", s)),
        });
        let evidence = self.evidence.iter().filter_map(|(kind, spec)| c.evidence(kind, spec)).collect::<Vec<_>>();
        let mut evidence = evidence;
        evidence.sort_by_key(|e| EVIDENCE_KINDS.iter().position(|k| *k == e.kind));

        for name in self.columns.keys() {
            if c.find(name).is_none() {
                c.column(&format!("columns.\"{name}\""), name);
            }
        }
        for name in &self.ignore {
            if c.find(name).is_none() {
                c.column("ignore", name);
            }
        }
        for (name, fields) in std::mem::take(&mut c.missing) {
            let hint = did_you_mean(&name, headers.iter().map(String::as_str))
                .map_or_else(String::new, |s| format!("; did you mean `{s}`?"));
            c.problems.push(format!("the file has no column `{name}` (named by {}){hint}", fields.join(", ")));
        }
        let columns = headers
            .iter()
            .enumerate()
            .map(|(i, header)| {
                let spec = self.spec_for(header);
                let label = spec
                    .and_then(|s| s.label.clone())
                    .unwrap_or_else(|| if header.is_empty() { format!("Column {}", i + 1) } else { header.clone() });
                Column {
                    header: header.clone(),
                    label,
                    known: spec.map(|s| s.known.iter().map(|k| normalise(k)).collect()).unwrap_or_default(),
                    list: spec.is_some_and(|s| s.list),
                    ignored: self.ignore.iter().any(|n| self.names(n, header)),
                }
            })
            .collect();

        if !c.problems.is_empty() {
            return Err(c.problems);
        }
        Ok(Mapping {
            columns,
            id,
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
            evidence,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::de::IntoDeserializer;
    use serde::de::value::{Error, StrDeserializer};

    fn names_deserialize_as<T: serde::de::DeserializeOwned>(names: &[&str]) {
        for name in names {
            let de: StrDeserializer<'_, Error> = (*name).into_deserializer();
            assert!(T::deserialize(de).is_ok(), "`{name}` is not a value of {}", std::any::type_name::<T>());
        }
    }

    /// The value lists above repeat the workspace enums; this keeps them in step.
    #[test]
    fn value_lists_match_the_workspace_types() {
        use crate::workspace::{AiRole, EuAiActRole, EuRiskTier, EvidenceKind, LifecycleStage};
        names_deserialize_as::<LifecycleStage>(&LIFECYCLE_STAGES);
        names_deserialize_as::<AiRole>(&AI_ROLES);
        names_deserialize_as::<EuAiActRole>(&EU_ROLES);
        names_deserialize_as::<EuRiskTier>(&EU_RISK_TIERS);
        names_deserialize_as::<EvidenceKind>(&EVIDENCE_KINDS);
        let mut sorted = EVIDENCE_KINDS.to_vec();
        sorted.sort_by_key(|k| {
            let de: StrDeserializer<'_, Error> = (*k).into_deserializer();
            EvidenceKind::deserialize(de).unwrap()
        });
        assert_eq!(sorted, EVIDENCE_KINDS, "in the order of EvidenceKind (and of docs/workspace.md)");
    }

    #[test]
    fn answers_compare_without_case_or_extra_space() {
        assert_eq!(normalise("  High-impact \n"), "high-impact");
        assert_eq!(normalise("Presumed  High-Impact,\tbut Not"), "presumed high-impact, but not");
    }
}
