//! The mapping of a risk-register spreadsheet (`aims import risks FILE --mapping MAP.toml`): which column feeds which
//! field of a risk, and how the spreadsheet's words translate into the workspace's ("High" → likelihood 4,
//! "Mitigate" → `modify`). docs/import.md ("Importing a risk register") documents the format.
//!
//! Read in two steps like the inventory mapping: [`RiskMappingFile`] mirrors the TOML (unknown keys are errors),
//! then [`RiskMappingFile::compile`] checks it against the header and the organisation's risk criteria, collecting
//! every problem at once, into a [`RiskMapping`] whose columns are indexes and whose translations are checked.

use std::collections::{BTreeMap, HashMap};

use serde::Deserialize;

use super::mapping::{normalise, squash};
use crate::diagnostic::did_you_mean;
use crate::workspace::RiskCriteria;

/// The fields a column can feed, in the order a risk is written (docs/workspace.md, "The AI risk register").
pub const FIELDS: [&str; 21] = [
    "id",
    "title",
    "description",
    "source",
    "affected",
    "systems",
    "owner",
    "inherent_likelihood",
    "inherent_consequence",
    "treatment",
    "controls",
    "other_controls",
    "actions",
    "action_owner",
    "action_due",
    "action_done",
    "residual_likelihood",
    "residual_consequence",
    "accepted_by",
    "accepted_on",
    "reviewed",
];

/// The risk sources as the register writes them (ISO/IEC 42001 Annex C.3).
pub const SOURCES: [&str; 8] = [
    "environment_complexity",
    "transparency",
    "automation",
    "machine_learning",
    "hardware",
    "life_cycle",
    "technology_readiness",
    "other",
];

/// The treatment options as the register writes them.
pub const TREATMENTS: [&str; 4] = ["modify", "avoid", "share", "retain"];

/// A risk-register mapping as written.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RiskMappingFile {
    /// Must be `"risks"`: says the file maps a risk register, not an AI inventory.
    pub kind: String,
    /// Field → the header of the column that feeds it. `id` and `title` are required.
    pub fields: BTreeMap<String, String>,
    /// Columns left out on purpose; any other column no field names is listed as not imported.
    #[serde(default)]
    pub ignore: Vec<String>,
    /// Translations of the spreadsheet's answers, per field family.
    #[serde(default)]
    pub values: ValuesSpec,
}

/// The translations of a risk mapping: answer → value.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ValuesSpec {
    /// Likelihood answers (inherent and residual) → a level number or a level name of `[risk] likelihood`.
    #[serde(default)]
    pub likelihood: BTreeMap<String, toml::Value>,
    /// Consequence answers (inherent and residual) → a level number or a level name of `[risk] consequence`.
    #[serde(default)]
    pub consequence: BTreeMap<String, toml::Value>,
    /// Treatment answers → modify, avoid, share or retain.
    #[serde(default)]
    pub treatment: BTreeMap<String, String>,
    /// Risk-source answers → a risk source.
    #[serde(default)]
    pub source: BTreeMap<String, String>,
    /// AI-system answers (names as the spreadsheet writes them) → system IDs of the workspace.
    #[serde(default)]
    pub systems: BTreeMap<String, String>,
}

/// Whether a mapping's text declares `kind = "risks"`, read leniently: used to point a risk mapping given to the
/// inventory import at `aims import risks`.
pub fn declares_risks(text: &str) -> bool {
    #[derive(Deserialize)]
    struct KindOnly {
        kind: Option<String>,
    }
    toml::from_str::<KindOnly>(text).ok().and_then(|k| k.kind).is_some_and(|k| k.trim() == "risks")
}

/// Parses a risk mapping's text; `origin` names it in messages.
///
/// # Errors
/// The TOML is invalid, has unknown keys, or is not `kind = "risks"`: one message with the line and a hint.
pub fn parse(text: &str, origin: &str) -> Result<RiskMappingFile, String> {
    let file: RiskMappingFile = toml::from_str(text).map_err(|e| {
        let mut message = super::mapping::located(text, origin, &e);
        if !declares_risks(text) || e.message().contains("missing field") {
            message.push_str(
                "\n  = help: a risk-register mapping starts with kind = \"risks\" and names columns under [fields] \
                 (an AI inventory mapping is used with `aims import csv`); see docs/import.md, \"Importing a risk \
                 register\"",
            );
        }
        message
    })?;
    if file.kind.trim() != "risks" {
        return Err(format!(
            "{origin}: kind = \"{}\" is not a risk-register mapping\n  = help: write kind = \"risks\"; an AI \
             inventory mapping is used with `aims import csv`",
            file.kind
        ));
    }
    Ok(file)
}

/// A level a translation gives: a number from 1, or a level's name.
fn level_of(value: &toml::Value, levels: &[String]) -> Option<u32> {
    match value {
        toml::Value::Integer(n) => u32::try_from(*n).ok().filter(|n| (1..=levels.len() as u32).contains(n)),
        toml::Value::String(s) => level_named(s, levels),
        _ => None,
    }
}

/// The level a name or number stands for on a scale: `4`, `likely`, `Almost certain`, `almost_certain`.
pub fn level_named(text: &str, levels: &[String]) -> Option<u32> {
    let norm = |t: &str| normalise(&t.replace(['_', '-'], " "));
    let text = text.trim();
    if let Ok(n) = text.parse::<u32>() {
        return (1..=levels.len() as u32).contains(&n).then_some(n);
    }
    levels.iter().position(|l| norm(l) == norm(text)).map(|k| k as u32 + 1)
}

/// An enum value as typed in a cell or a translation: `Machine learning`, `machine-learning`, `MACHINE_LEARNING`.
pub fn enum_named(text: &str, allowed: &[&'static str]) -> Option<&'static str> {
    let key = normalise(text).replace([' ', '-'], "_");
    allowed.iter().copied().find(|a| *a == key)
}

/// A risk mapping checked against one header and the organisation's criteria.
#[derive(Debug)]
pub struct RiskMapping {
    /// Field → column index, for the fields the mapping names.
    pub fields: HashMap<&'static str, usize>,
    /// The header, one entry per column.
    pub headers: Vec<String>,
    /// The columns no field names and the mapping does not ignore, by index.
    pub unmapped: Vec<usize>,
    /// Normalised answer → likelihood level.
    pub likelihood: HashMap<String, u32>,
    /// Normalised answer → consequence level.
    pub consequence: HashMap<String, u32>,
    /// Normalised answer → treatment option (one of [`TREATMENTS`]).
    pub treatment: HashMap<String, &'static str>,
    /// Normalised answer → risk source (one of [`SOURCES`]).
    pub source: HashMap<String, &'static str>,
    /// Normalised answer → system ID (checked against the workspace when a row uses it).
    pub systems: HashMap<String, String>,
    /// The answers each translation table knows, as written, for hints.
    pub aliases: HashMap<&'static str, Vec<String>>,
}

impl RiskMapping {
    /// The column feeding `field`, if the mapping names one.
    pub fn column(&self, field: &str) -> Option<usize> {
        self.fields.get(field).copied()
    }
}

impl RiskMappingFile {
    /// Checks the mapping against the header row and the risk criteria of the workspace. Returns every problem
    /// found when there is any.
    ///
    /// # Errors
    /// One sentence per problem: an unknown field, a column the file lacks (with "did you mean"), a translation to
    /// a level off the scale or to a value that does not exist.
    pub fn compile(&self, headers: &[String], criteria: &RiskCriteria) -> Result<RiskMapping, Vec<String>> {
        let mut problems = Vec::new();
        let mut index: HashMap<String, Vec<usize>> = HashMap::new();
        for (i, h) in headers.iter().enumerate() {
            index.entry(squash(h)).or_default().push(i);
        }
        let find = |what: &str, name: &str, problems: &mut Vec<String>| -> Option<usize> {
            match index.get(&squash(name)).map(Vec::as_slice) {
                Some([one]) => Some(*one),
                Some(many) => {
                    let at: Vec<String> = many.iter().map(|i| column_letter(*i)).collect();
                    problems.push(format!(
                        "{what}: the header has {} columns named `{name}` (columns {}); rename one in the file",
                        many.len(),
                        at.join(", ")
                    ));
                    None
                }
                None => {
                    let hint = did_you_mean(name, headers.iter().map(String::as_str))
                        .map_or_else(String::new, |s| format!("; did you mean `{s}`?"));
                    problems.push(format!("{what}: the file has no column `{name}`{hint}"));
                    None
                }
            }
        };
        let mut fields = HashMap::new();
        for (field, column) in &self.fields {
            let Some(known) = FIELDS.iter().copied().find(|f| f == field) else {
                let hint = did_you_mean(field, FIELDS).map_or_else(String::new, |s| format!("did you mean `{s}`? "));
                problems
                    .push(format!("fields.{field}: not a field of a risk; {hint}the fields are {}", FIELDS.join(", ")));
                continue;
            };
            if let Some(i) = find(&format!("fields.{field}"), column, &mut problems) {
                fields.insert(known, i);
            }
        }
        for field in ["id", "title"] {
            if !self.fields.contains_key(field) {
                problems.push(format!("fields.{field}: every risk needs one; name the column it comes from"));
            }
        }
        let mut ignored = Vec::new();
        for name in &self.ignore {
            if let Some(i) = find("ignore", name, &mut problems) {
                ignored.push(i);
            }
        }
        let unmapped = (0..headers.len())
            .filter(|i| !headers[*i].is_empty() && !ignored.contains(i) && !fields.values().any(|f| f == i))
            .collect();

        let mut aliases: HashMap<&'static str, Vec<String>> = HashMap::new();
        let mut levels =
            |name: &'static str, table: &BTreeMap<String, toml::Value>, scale: &[String], p: &mut Vec<String>| {
                let mut out = HashMap::new();
                for (answer, value) in table {
                    match level_of(value, scale) {
                        Some(level) => {
                            out.insert(normalise(answer), level);
                        }
                        None => p.push(format!(
                            "values.{name}: \"{answer}\" translates to {}, which is not on the scale of aims.toml \
                         `[risk] {name}` ({})",
                            shown(value),
                            scale_text(scale)
                        )),
                    }
                }
                aliases.insert(name, table.keys().cloned().collect());
                out
            };
        let likelihood = levels("likelihood", &self.values.likelihood, &criteria.likelihood, &mut problems);
        let consequence = levels("consequence", &self.values.consequence, &criteria.consequence, &mut problems);
        let mut choices = |name: &'static str, table: &BTreeMap<String, String>, allowed: &[&'static str]| {
            let mut out = HashMap::new();
            for (answer, value) in table {
                match enum_named(value, allowed) {
                    Some(v) => {
                        out.insert(normalise(answer), v);
                    }
                    None => problems.push(format!(
                        "values.{name}: \"{answer}\" translates to \"{value}\", which is not one of {}",
                        allowed.join(", ")
                    )),
                }
            }
            aliases.insert(name, table.keys().cloned().collect());
            out
        };
        let treatment = choices("treatment", &self.values.treatment, &TREATMENTS);
        let source = choices("source", &self.values.source, &SOURCES);
        let systems = self.values.systems.iter().map(|(k, v)| (normalise(k), v.trim().to_string())).collect();
        aliases.insert("systems", self.values.systems.keys().cloned().collect());

        if !problems.is_empty() {
            return Err(problems);
        }
        Ok(RiskMapping {
            fields,
            headers: headers.to_vec(),
            unmapped,
            likelihood,
            consequence,
            treatment,
            source,
            systems,
            aliases,
        })
    }
}

/// A translation's value as the mapping wrote it: `7`, `"very high"`.
fn shown(value: &toml::Value) -> String {
    match value {
        toml::Value::String(s) => format!("\"{s}\""),
        toml::Value::Integer(n) => n.to_string(),
        other => format!("{other:?}"),
    }
}

/// A scale for a hint: `1 rare, 2 unlikely, …`.
pub fn scale_text(levels: &[String]) -> String {
    levels.iter().enumerate().map(|(k, l)| format!("{} {l}", k + 1)).collect::<Vec<_>>().join(", ")
}

/// A column's letter as a spreadsheet shows it: 0 → `A`, 25 → `Z`, 26 → `AA`.
pub fn column_letter(index: usize) -> String {
    let mut n = index + 1;
    let mut letters = Vec::new();
    while n > 0 {
        let rem = (n - 1) % 26;
        letters.push(b'A' + rem as u8);
        n = (n - 1) / 26;
    }
    letters.reverse();
    String::from_utf8(letters).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::workspace::{RiskSource, TreatmentOption};

    /// A string as a serde enum: `machine_learning` → [`RiskSource::MachineLearning`].
    fn as_enum<T: serde::de::DeserializeOwned>(name: &str) -> Option<T> {
        use serde::de::IntoDeserializer;
        let de: serde::de::value::StrDeserializer<'_, serde::de::value::Error> = name.into_deserializer();
        T::deserialize(de).ok()
    }

    #[test]
    fn columns_are_lettered_as_spreadsheets_letter_them() {
        assert_eq!(column_letter(0), "A");
        assert_eq!(column_letter(25), "Z");
        assert_eq!(column_letter(26), "AA");
        assert_eq!(column_letter(701), "ZZ");
        assert_eq!(column_letter(702), "AAA");
    }

    #[test]
    fn the_value_lists_match_the_workspace_enums() {
        for s in SOURCES {
            assert!(as_enum::<RiskSource>(s).is_some(), "{s}");
        }
        for t in TREATMENTS {
            assert!(as_enum::<TreatmentOption>(t).is_some(), "{t}");
        }
    }

    #[test]
    fn levels_are_read_by_number_or_by_name() {
        let scale: Vec<String> = ["rare", "unlikely", "almost certain"].iter().map(|s| s.to_string()).collect();
        assert_eq!(level_named("2", &scale), Some(2));
        assert_eq!(level_named("Almost_Certain", &scale), Some(3));
        assert_eq!(level_named("4", &scale), None);
        assert_eq!(level_named("high", &scale), None);
        assert_eq!(enum_named("Machine learning", &SOURCES), Some("machine_learning"));
    }
}
