//! The words of the loader's shape and value diagnostics: what each record of the workspace files looks like (so
//! a wrong shape is answered with an example of the right one), unknown and missing fields, and values outside
//! their list (with the synonyms of `synonyms`).

use super::synonyms;
use super::tree::{Node, Value};
use crate::diagnostic::did_you_mean;

/// A placeholder file name for examples, or the text the user wrote when it looks like a path.
fn path_or_example(node: &Node, example: &str) -> String {
    match &node.value {
        Value::Text(t) if !t.trim().is_empty() && !t.contains(['{', '}', '[', ']', ',', ':']) => t.trim().to_string(),
        _ => example.to_string(),
    }
}

/// What a record of type `name` (a raw type of `load::raw`) is called, with an example of one in YAML flow style,
/// for a value of the wrong shape under `field`.
pub(super) fn record(name: &str, field: Option<&str>, node: &Node) -> (String, String) {
    let key = field.unwrap_or("record");
    let (what, example) = match name {
        "EvidenceRecord" => {
            let file = path_or_example(node, "evidence/ai-policy.md");
            let record = format!("{{file: {file}, reviewed: 2026-01-31}}");
            let example = if key == "evidence" {
                format!(
                    "write `evidence: [{record}]`: a list of records, each with the file and the date of its last review"
                )
            } else {
                format!("write `{key}: {record}`: the file and the date of its last review (YYYY-MM-DD)")
            };
            ("an evidence record (a mapping with `file` and `reviewed`)", example)
        }
        "Action" => {
            let description = match &node.value {
                Value::Text(t) if !t.trim().is_empty() => tree_text(t),
                _ => "Write the AI policy".to_string(),
            };
            (
                "an action (a mapping with `description`, `owner` and `due`)",
                format!("write `action: {{description: \"{description}\", owner: CISO, due: 2026-06-30}}`"),
            )
        }
        "EuAiAct" => (
            "the EU AI Act classification (a mapping with `role` and `risk_tier`)",
            "write `eu_ai_act: {role: deployer, risk_tier: transparency}`; add `annex_iii_area` for a high-risk system"
                .to_string(),
        ),
        "Exclusion" => (
            "an exclusion (a mapping with `requirement` and `justification`)",
            "write `- {requirement: \"A.8.2\", justification: \"why the control does not apply to this system\"}`"
                .to_string(),
        ),
        "InterestedParty" => (
            "an interested party (a mapping with `name` and `needs`)",
            "write `- {name: Patients, needs: \"safe, explained triage decisions\"}`".to_string(),
        ),
        "Entry" => (
            "an assessment entry (a mapping with `requirement` and `status`)",
            "write `- {requirement: \"4.1\", status: compliant}` and add owner, evidence and notes as needed"
                .to_string(),
        ),
        "SystemEvidence" => (
            "a mapping of evidence records by kind",
            format!(
                "write `evidence: {{impact_assessment: {{file: {}, reviewed: 2026-01-31}}}}`; the kinds are listed in docs/workspace.md",
                path_or_example(node, "evidence/impact-assessment.md")
            ),
        ),
        "Organisation" | "System" | "AssessmentFile" | "Settings" => (
            "a mapping of fields",
            "the file holds `key: value` lines at the top level; `aims init` writes a complete example".to_string(),
        ),
        _ => ("a mapping", "docs/workspace.md shows each file's layout".to_string()),
    };
    (what.to_string(), example)
}

/// At most 40 characters of free text for an example, without quotes that would break it.
fn tree_text(text: &str) -> String {
    super::tree::shorten(text.trim()).replace('"', "'")
}

/// The help for a mapping or list where text belongs.
pub(super) fn text_help(field: Option<&str>) -> String {
    match field {
        Some(f) => format!("write `{f}` as text on one line, in quotes if it contains `: ` or `#`"),
        None => "write the value as text, in quotes if it contains `: ` or `#`".to_string(),
    }
}

/// The help for a value that is not a list where a list belongs.
pub(super) fn list_help(field: Option<&str>, node: &Node) -> String {
    let key = field.unwrap_or("list");
    match (key, &node.value) {
        ("evidence", Value::Text(_)) => format!(
            "write `evidence: [{{file: {}, reviewed: 2026-01-31}}]`: a list of records, each with the file and the date of its last review",
            path_or_example(node, "evidence/ai-policy.md")
        ),
        ("evidence", Value::Map(_)) => {
            "`evidence` is a list: put `- ` before the record (`- file: …` on its first line)".to_string()
        }
        (_, Value::Map(_)) => format!("`{key}` is a list: start each item on its own line with `- `"),
        (_, Value::Text(t)) => format!("write `{key}: [{}]`, or one `- ` item per line", tree_text(t)),
        _ => format!("write `{key}:` followed by one `- ` item per line, or `[a, b]` on one line"),
    }
}

/// The message and help for a key that a record does not have (its fields are `fields`), and the field it was
/// probably meant to be.
pub(super) fn unknown_field(key: &str, fields: &[&'static str]) -> (String, String, Option<&'static str>) {
    let allowed = fields.join(", ");
    let lowered = key.trim().to_lowercase().replace(['-', ' '], "_");
    let best = fields.iter().find(|f| **f == lowered).copied().or_else(|| did_you_mean(key, fields.iter().copied()));
    let help = match best {
        Some(best) => format!("did you mean `{best}`? allowed here: {allowed}"),
        None if fields.is_empty() => "remove this field".to_string(),
        None => format!("allowed here: {allowed}"),
    };
    (format!("unknown field `{}`", super::tree::shorten(key)), help, best)
}

/// The message and help for the required fields absent from a record of type `name` (in field order, at least one).
pub(super) fn missing(name: &str, fields: &[&str]) -> (String, String) {
    match fields {
        [field] => (format!("missing required field `{field}`"), missing_help(name, field)),
        _ => {
            let list = fields.iter().map(|f| format!("`{f}`")).collect::<Vec<_>>().join(", ");
            (
                format!("missing required fields {list}"),
                "add each of them; docs/workspace.md describes every field, and `aims init` writes a complete example"
                    .to_string(),
            )
        }
    }
}

/// The help for a required field that is absent.
fn missing_help(name: &str, field: &str) -> String {
    match (name, field) {
        ("Entry", "requirement") => "add `requirement:` with the requirement's ID in quotes, e.g. \"4.1\"".to_string(),
        ("Entry", "status") => {
            "add `status:` (compliant, partially_compliant, non_compliant, not_applicable or not_assessed)".to_string()
        }
        _ => format!("add `{field}:`; docs/workspace.md describes every field"),
    }
}

/// The message and help for a value of the enum named `choice` that is not one of `variants`.
pub(super) fn bad_choice(choice: &str, field: Option<&str>, node: &Node, variants: &[&str]) -> (String, String) {
    let allowed = variants.join(", ");
    let Some(written) = node.scalar_text() else {
        let name = field.map_or_else(|| "this value".to_string(), |f| format!("`{f}`"));
        let message = format!("{name} must be one of the allowed values, found {}", node.found());
        return (message, format!("allowed values: {allowed}"));
    };
    let shown = super::tree::shorten(written);
    let message = match field {
        Some(f) => format!("`{shown}` is not an allowed value of `{f}`"),
        None => format!("`{shown}` is not an allowed value"),
    };
    let normal = synonyms::normalise(written);
    let help = if let Some(exact) = variants.iter().find(|v| **v == normal) {
        format!("write it `{exact}`: values are lower case, with `_` between words; allowed values: {allowed}")
    } else if let Some(synonym) = synonyms::lookup(choice, written) {
        format!("did you mean `{}`? {}; allowed values: {allowed}", synonym.means, synonym.note)
    } else if let Some(best) = did_you_mean(&normal, variants.iter().copied()) {
        format!("did you mean `{best}`? allowed values: {allowed}")
    } else {
        format!("allowed values: {allowed}")
    };
    (message, help)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(t: &str) -> Node {
        Node { value: Value::Text(t.to_string()), line: 1, column: 1, start: 0, end: 0 }
    }

    const TIERS: &[&str] = &["prohibited", "high_risk", "transparency", "minimal", "gpai_model"];

    #[test]
    fn a_risk_tier_from_the_eu_ai_act_gets_the_workspace_value() {
        let (message, help) = bad_choice("EuRiskTier", Some("risk_tier"), &text("limited"), TIERS);
        assert_eq!(message, "`limited` is not an allowed value of `risk_tier`");
        assert!(help.starts_with("did you mean `transparency`?"), "{help}");
        let (_, help) = bad_choice("EuRiskTier", Some("risk_tier"), &text("High-Risk"), TIERS);
        assert!(help.starts_with("write it `high_risk`"), "{help}");
    }

    #[test]
    fn a_string_where_an_evidence_record_belongs_shows_the_record() {
        let (what, example) = record("EvidenceRecord", Some("data_provenance"), &text("evidence/lineage.md"));
        assert!(what.starts_with("an evidence record"));
        assert_eq!(
            example,
            "write `data_provenance: {file: evidence/lineage.md, reviewed: 2026-01-31}`: the file and the date of its last review (YYYY-MM-DD)"
        );
    }
}
