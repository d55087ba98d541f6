//! SARIF 2.1.0 for code scanning (GitHub, GitLab, Azure DevOps): one result per finding, pointing at the file and
//! line that caused it, with a rule for every requirement and every finding code.
//!
//! Each result's level is the finding's `severity`, and a finding some waiver accepts (`waived_by`) is suppressed
//! with the waivers' reasons: both were decided by the assessment.
//!
//! The report is built from plain structs rather than `serde_json::json!`, so the key order is fixed by the code
//! and does not change with serde_json's `preserve_order` feature, which another crate in the build may switch on.

use std::collections::BTreeMap;

use serde::Serialize;

use super::escape;
use super::findings::{sentence, waiver_text};
use crate::assess::{Assessment, Finding, Report, RequirementResult, Severity};
use crate::catalogue::Kind;
use crate::rules::{self, Code, RuleKind};
use crate::workspace::{Location, Status};

const SCHEMA: &str = "https://json.schemastore.org/sarif-2.1.0.json";
const INFORMATION_URI: &str = "https://github.com/aims-project/aims";
const RULES_URI: &str = "https://github.com/aims-project/aims/blob/main/docs/rules.md";
/// Where every artifact URI is relative to: the workspace folder given to `aims gap`.
const SRCROOT: &str = "%SRCROOT%";
/// Points results that have no location of their own (a requirement without an assessment entry) at the one file
/// every workspace has, so that viewers which drop location-less results still show them.
const FALLBACK_FILE: &str = "organisation.yaml";
/// The key of our own partial fingerprint; bump the version if its recipe ever changes.
const FINGERPRINT: &str = "aims/v1";

#[derive(Serialize)]
struct Log<'a> {
    #[serde(rename = "$schema")]
    schema: &'static str,
    version: &'static str,
    runs: [Run<'a>; 1],
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Run<'a> {
    tool: Tool,
    original_uri_base_ids: BTreeMap<&'static str, ArtifactLocation>,
    results: Vec<SarifResult>,
    properties: RunProperties<'a>,
}

#[derive(Serialize)]
struct Tool {
    driver: Driver,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Driver {
    name: &'static str,
    information_uri: &'static str,
    version: &'static str,
    semantic_version: &'static str,
    rules: Vec<ReportingDescriptor>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ReportingDescriptor {
    id: String,
    name: String,
    short_description: Text,
    full_description: Text,
    help: Help,
    #[serde(skip_serializing_if = "Option::is_none")]
    help_uri: Option<String>,
    default_configuration: Configuration,
    properties: RuleProperties,
}

#[derive(Serialize)]
struct Text {
    text: String,
}

#[derive(Serialize)]
struct Help {
    text: String,
    markdown: String,
}

#[derive(Serialize)]
struct Configuration {
    level: &'static str,
}

#[derive(Serialize)]
struct RuleProperties {
    tags: Vec<String>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SarifResult {
    rule_id: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    rule_index: Option<usize>,
    level: &'static str,
    message: Text,
    locations: [ResultLocation; 1],
    partial_fingerprints: BTreeMap<&'static str, String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    suppressions: Vec<Suppression>,
    properties: ResultProperties,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ResultLocation {
    physical_location: PhysicalLocation,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct PhysicalLocation {
    artifact_location: ArtifactLocation,
    #[serde(skip_serializing_if = "Option::is_none")]
    region: Option<Region>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ArtifactLocation {
    #[serde(skip_serializing_if = "Option::is_none")]
    uri: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    uri_base_id: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    description: Option<Text>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Region {
    start_line: u32,
}

#[derive(Serialize)]
struct Suppression {
    kind: &'static str,
    status: &'static str,
    justification: String,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ResultProperties {
    requirement: String,
    requirement_title: String,
    /// The status the finding weighs on: the system's for a per-system finding, otherwise the requirement's.
    status: Status,
    #[serde(skip_serializing_if = "Option::is_none")]
    system: Option<String>,
    waived: bool,
    next_action: String,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct RunProperties<'a> {
    title: &'a str,
    organisation: &'a str,
    as_of: String,
    standard: &'static str,
    catalogue_version: &'static str,
    score: Option<f64>,
    counts: &'a crate::assess::Counts,
    waived: usize,
    gate: &'a Option<crate::gate::GateResult>,
}

/// The SARIF 2.1.0 log of `report`, pretty-printed with a final newline.
pub fn sarif(report: &Report<'_>) -> String {
    let assessment = report.assessment;
    let (rules, index) = rules(assessment);
    let mut seen: BTreeMap<String, usize> = BTreeMap::new();
    let mut results = Vec::new();
    for r in &assessment.requirements {
        for f in &r.findings {
            let system = f.system.as_deref();
            // Stable across runs and line shifts: what fired, on which requirement, for which system. A repeat of
            // the same triple (two stale files for one requirement) gets a counter so each stays its own alert.
            let key = format!("{}:{}:{}", f.code, r.id, system.unwrap_or("-"));
            let n = seen.entry(key.clone()).or_insert(0);
            *n += 1;
            let fingerprint = if *n == 1 { key } else { format!("{key}:{n}") };
            let suppressions = if f.is_waived() {
                vec![Suppression {
                    kind: "external",
                    status: "accepted",
                    justification: waiver_text(assessment, &f.waived_by),
                }]
            } else {
                Vec::new()
            };
            results.push(SarifResult {
                rule_id: f.code.to_string(),
                rule_index: index.get(&f.code).copied(),
                level: level(f.severity),
                message: Text { text: message(r, f) },
                locations: [location(f.location.as_ref())],
                partial_fingerprints: BTreeMap::from([(FINGERPRINT, fingerprint)]),
                suppressions,
                properties: ResultProperties {
                    requirement: r.id.clone(),
                    requirement_title: r.title.clone(),
                    status: r.status_of(f),
                    system: f.system.clone(),
                    waived: f.is_waived(),
                    next_action: f.action.clone(),
                },
            });
        }
    }
    let log = Log {
        schema: SCHEMA,
        version: "2.1.0",
        runs: [Run {
            tool: Tool {
                driver: Driver {
                    name: "aims",
                    information_uri: INFORMATION_URI,
                    version: env!("CARGO_PKG_VERSION"),
                    semantic_version: env!("CARGO_PKG_VERSION"),
                    rules,
                },
            },
            original_uri_base_ids: BTreeMap::from([(
                SRCROOT,
                ArtifactLocation {
                    uri: None,
                    uri_base_id: None,
                    description: Some(Text { text: "The aims workspace folder (the DIR given to `aims gap`).".into() }),
                },
            )]),
            results,
            properties: RunProperties {
                title: &assessment.title,
                organisation: &assessment.organisation.name,
                as_of: assessment.as_of.to_string(),
                standard: assessment.catalogue.standard,
                catalogue_version: assessment.catalogue.version,
                score: assessment.summary.score,
                counts: &assessment.summary.counts,
                waived: assessment.summary.waived,
                gate: &report.gate,
            },
        }],
    };
    super::json(&log)
}

/// One rule per requirement (catalogue order), then one per finding code (registry order), and the index of each
/// finding code in that list.
fn rules(assessment: &Assessment) -> (Vec<ReportingDescriptor>, BTreeMap<Code, usize>) {
    let mut rules: Vec<ReportingDescriptor> = assessment
        .requirements
        .iter()
        .map(|r| {
            let kind = kind_str(r.kind);
            let what = match r.kind {
                Kind::Clause => "Management-system clause",
                Kind::Control => "Annex A control",
            };
            let help = format!(
                "{what} {} of {}: {}. Run `aims controls {}` for its summary, the evidence an auditor expects and \
                 the assessment questions.",
                r.id, assessment.catalogue.standard, r.title, r.id
            );
            ReportingDescriptor {
                id: r.id.clone(),
                name: slug(&r.title),
                short_description: Text { text: r.title.clone() },
                full_description: Text {
                    text: format!("{} {} {}: {}", assessment.catalogue.standard, kind, r.id, r.title),
                },
                help: Help { markdown: help.clone(), text: help },
                help_uri: None,
                default_configuration: Configuration { level: "warning" },
                properties: RuleProperties {
                    tags: vec!["iso-42001".into(), kind.into(), format!("group-{}", r.group)],
                },
            }
        })
        .collect();
    let mut index = BTreeMap::new();
    for rule in rules::all().filter(|r| r.kind == RuleKind::Finding) {
        index.insert(rule.code, rules.len());
        rules.push(ReportingDescriptor {
            id: rule.code.to_string(),
            name: rule.code.to_string(),
            short_description: Text { text: rule.title.to_string() },
            full_description: Text { text: rule.checks.to_string() },
            help: Help {
                text: format!(
                    "{}\n\nWhy it matters: {}\n\nHow to fix it: {}\n\nExample:\n{}",
                    rule.checks, rule.why, rule.fix, rule.example
                ),
                markdown: format!(
                    "**{}**\n\n*What it checks.* {}\n\n*Why it matters.* {}\n\n*Example.*\n\n```\n{}\n```\n\n\
                     *How to fix it.* {}\n\n`aims explain {}` prints this text.",
                    rule.title, rule.checks, rule.why, rule.example, rule.fix, rule.code
                ),
            },
            help_uri: Some(format!("{RULES_URI}#{}", rule.code)),
            default_configuration: Configuration { level: "warning" },
            properties: RuleProperties { tags: vec!["iso-42001".into(), "finding".into()] },
        });
    }
    (rules, index)
}

/// The SARIF level of a severity: the same three words.
fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Note => "note",
    }
}

fn kind_str(kind: Kind) -> &'static str {
    match kind {
        Kind::Clause => "clause",
        Kind::Control => "control",
    }
}

/// `AI system impact assessment process` → `ai-system-impact-assessment-process`.
fn slug(title: &str) -> String {
    let mut out = String::new();
    for word in title.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()) {
        if !out.is_empty() {
            out.push('-');
        }
        out.extend(word.chars().flat_map(char::to_lowercase));
    }
    out
}

/// `REQ TITLE: finding message. Next: action`, with brackets escaped ([`escape::sarif_text`]) so that no text of the
/// workspace reads as an embedded link. A per-system requirement's title is followed by how its systems stand:
/// `A.6.2.8 AI system recording of event logs (4 of 5 systems compliant, 1 non-compliant): …`.
fn message(r: &RequirementResult, f: &Finding) -> String {
    let systems = r.system_summary().map_or_else(String::new, |s| format!(" ({s})"));
    escape::sarif_text(&format!("{} {}{systems}: {} Next: {}", r.id, r.title, sentence(&f.message), f.action))
}

fn location(at: Option<&Location>) -> ResultLocation {
    let (file, line) = match at {
        Some(l) => (l.file.as_str(), l.line),
        None => (FALLBACK_FILE, 1),
    };
    ResultLocation {
        physical_location: PhysicalLocation {
            artifact_location: ArtifactLocation { uri: Some(uri(file)), uri_base_id: Some(SRCROOT), description: None },
            // Line 0 means the whole file: a location without a region.
            region: (line > 0).then_some(Region { start_line: line }),
        },
    }
}

/// A workspace-relative path as a relative URI reference: every byte outside the unreserved set and `/` is
/// percent-encoded, so spaces, `#`, `?`, `%` and a `:` that would read as a scheme cannot change its meaning.
fn uri(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for byte in path.bytes() {
        if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'.' | b'_' | b'~' | b'/') {
            out.push(char::from(byte));
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uris_are_percent_encoded_relative_references() {
        assert_eq!(uri("evidence/ai policy#2.md"), "evidence/ai%20policy%232.md");
        assert_eq!(uri("c:/x"), "c%3A/x");
        assert_eq!(uri("évidence/a.md"), "%C3%A9vidence/a.md");
    }

    #[test]
    fn slugs_are_lowercase_words_joined_by_hyphens() {
        assert_eq!(slug("AI system impact assessment process"), "ai-system-impact-assessment-process");
        assert_eq!(slug("  Roles, responsibilities & authorities "), "roles-responsibilities-authorities");
    }

    #[test]
    fn sentence_adds_one_full_stop() {
        assert_eq!(sentence("no evidence"), "no evidence.");
        assert_eq!(sentence("done."), "done.");
    }
}
