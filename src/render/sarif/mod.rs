//! SARIF 2.1.0 for code scanning (GitHub, GitLab, Azure DevOps), within GitHub's limits: results point at the
//! file and line that caused them, with a rule for every requirement and every finding code. [`plan`] decides which
//! results the run holds (one per finding, or, for a large inventory, one per requirement and rule with each affected
//! AI system as a location), their order (most severe first) and their fingerprints (what they are about).
//!
//! Each result's level is its findings' `severity`, and a finding some waiver accepts (`waived_by`) is suppressed
//! with the waivers' reasons: both were decided by the assessment.
//!
//! Paths are the workspace's, after [`super::Options::path_prefix`] (the workspace's folder from the repository
//! root), so that code scanning attaches results to files when the workspace is a subfolder of the repository.
//!
//! The log is built from plain structs rather than `serde_json::json!`, so the key order is fixed by the code and does
//! not change with serde_json's `preserve_order` feature, which another crate in the build may switch on. Results are
//! composed one at a time as they are written.

mod plan;

use std::collections::{BTreeMap, BTreeSet};
use std::io::{self, Write};

use serde::Serialize;
use serde::ser::{SerializeSeq, Serializer};

use super::escape;
use super::findings::{sentence, waiver_text};
use crate::assess::{Assessment, Finding, Report, Severity};
use crate::catalogue::Kind;
use crate::rules::{self, Code, RuleKind};
use crate::workspace::{Location, Status};

pub use plan::github as limits;
use plan::{Limits, Plan, Planned};

const SCHEMA: &str = "https://json.schemastore.org/sarif-2.1.0.json";
/// Where aims is published: Cargo.toml's `repository`, or none while it names none (a made-up address would send
/// code-scanning users somewhere wrong). The log then carries `informationUri` and each rule a `helpUri`.
const REPOSITORY: &str = env!("CARGO_PKG_REPOSITORY");

/// [`REPOSITORY`], when set.
fn information_uri() -> Option<&'static str> {
    (!REPOSITORY.is_empty()).then_some(REPOSITORY)
}
/// Where every artifact URI is relative to: the repository root (the path prefix leads from it to the workspace),
/// or the workspace folder when there is no prefix.
const SRCROOT: &str = "%SRCROOT%";
/// Points results that have no location of their own (a requirement without an assessment entry) at the one file
/// every workspace has, so that viewers which drop location-less results still show them.
const FALLBACK_FILE: &str = "organisation.yaml";
/// The key of our own partial fingerprint; bump the version if its recipe ever changes (v1 was
/// `CODE:REQUIREMENT:SYSTEM` with an ordinal for repeats).
const FINGERPRINT: &str = "aims/v2";
/// AI systems a grouped result names in its message; the locations list the rest.
const SYSTEMS_NAMED: usize = 10;
/// Waivers a grouped result's suppression quotes.
const WAIVERS_QUOTED: usize = 5;

/// What writing a SARIF log had to do to fit code scanning's limits.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SarifSummary {
    /// Findings in the assessment.
    pub findings: usize,
    /// Results in the run.
    pub results: usize,
    /// The findings about single AI systems were grouped into one result per requirement and rule.
    pub grouped: bool,
    /// What was left out or cannot all be shown, one sentence each (the run's notifications say the same); empty
    /// when everything fits. The binary prints them as warnings.
    pub warnings: Vec<String>,
}

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
    invocations: [Invocation; 1],
    original_uri_base_ids: BTreeMap<&'static str, ArtifactLocation>,
    results: Results<'a>,
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
    #[serde(skip_serializing_if = "Option::is_none")]
    information_uri: Option<&'static str>,
    version: &'static str,
    semantic_version: &'static str,
    rules: Vec<ReportingDescriptor>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Invocation {
    execution_successful: bool,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    tool_execution_notifications: Vec<Notification>,
}

#[derive(Serialize)]
struct Notification {
    level: &'static str,
    message: Text,
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
    locations: Vec<ResultLocation>,
    partial_fingerprints: BTreeMap<&'static str, String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    suppressions: Vec<Suppression>,
    properties: ResultProperties,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ResultLocation {
    physical_location: PhysicalLocation,
    /// For a grouped result: which system and what about it.
    #[serde(skip_serializing_if = "Option::is_none")]
    message: Option<Text>,
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
    /// The status the finding weighs on: the system's for a per-system finding, otherwise the requirement's; the
    /// weakest of the systems' for a group.
    status: Status,
    #[serde(skip_serializing_if = "Option::is_none")]
    system: Option<String>,
    /// For a grouped result: how many AI systems it is about (its locations list up to the first 1,000).
    #[serde(skip_serializing_if = "Option::is_none")]
    systems: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    evidence: Option<String>,
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
    /// Findings in the assessment; `results` may be fewer (grouped, or left out over the limit).
    findings: usize,
    /// Results in this run.
    results: usize,
    /// Per-system findings were grouped into one result per requirement and rule.
    grouped: bool,
    /// Something was left out to stay within code scanning's limits (the notifications say what).
    capped: bool,
}

/// The run's results, composed one at a time as they are serialised.
struct Results<'a> {
    plan: &'a Plan<'a>,
    assessment: &'a Assessment,
    index: &'a BTreeMap<Code, usize>,
    prefix: &'a str,
}

impl Serialize for Results<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut seq = serializer.serialize_seq(Some(self.plan.results.len()))?;
        for planned in &self.plan.results {
            seq.serialize_element(&result(self, planned))?;
        }
        seq.end()
    }
}

/// The SARIF 2.1.0 log of `report`, pretty-printed with a final newline; paths start with `prefix` (see
/// [`super::Options::path_prefix`]).
pub fn sarif(report: &Report<'_>, prefix: &str) -> String {
    let mut out = Vec::new();
    // Writing into memory cannot fail.
    let _ = sarif_to(report, prefix, &mut out);
    String::from_utf8(out).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
}

/// Writes [`sarif`] to `out` as it is composed, and says what had to give way to code scanning's limits.
///
/// # Errors
/// Any error writing to `out`.
pub fn sarif_to(report: &Report<'_>, prefix: &str, out: &mut dyn Write) -> io::Result<SarifSummary> {
    let assessment = report.assessment;
    let (rules, index) = rules(assessment);
    let plan = plan::plan(assessment, Limits::GITHUB);
    let warnings = plan.warnings();
    let mut notifications: Vec<Notification> =
        warnings.iter().map(|w| Notification { level: "warning", message: Text { text: format!("{w}.") } }).collect();
    if let Some(note) = plan.grouping_note() {
        notifications.push(Notification { level: "note", message: Text { text: note } });
    }
    let root = if prefix.is_empty() {
        "The folder every path is relative to: the aims workspace (the DIR given to `aims gap`)."
    } else {
        "The repository root: every path starts with the aims workspace's folder in the repository."
    };
    let log = Log {
        schema: SCHEMA,
        version: "2.1.0",
        runs: [Run {
            tool: Tool {
                driver: Driver {
                    name: "aims",
                    information_uri: information_uri(),
                    version: env!("CARGO_PKG_VERSION"),
                    semantic_version: env!("CARGO_PKG_VERSION"),
                    rules,
                },
            },
            invocations: [Invocation { execution_successful: true, tool_execution_notifications: notifications }],
            original_uri_base_ids: BTreeMap::from([(
                SRCROOT,
                ArtifactLocation { uri: None, uri_base_id: None, description: Some(Text { text: root.into() }) },
            )]),
            results: Results { plan: &plan, assessment, index: &index, prefix },
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
                findings: plan.findings,
                results: plan.results.len(),
                grouped: plan.grouped,
                capped: !warnings.is_empty(),
            },
        }],
    };
    let mut out = io::BufWriter::with_capacity(64 * 1024, out);
    super::json::serialize_at(&log, 0, &mut out)?;
    out.write_all(b"\n")?;
    out.flush()?;
    Ok(SarifSummary { findings: plan.findings, results: plan.results.len(), grouped: plan.grouped, warnings })
}

/// One result of the run.
fn result(run: &Results<'_>, planned: &Planned<'_>) -> SarifResult {
    let r = planned.requirement;
    let first = planned.findings[0];
    let waived = planned.findings.iter().all(|f| f.is_waived());
    let suppressions = if waived {
        let mut by: BTreeSet<usize> = BTreeSet::new();
        for f in &planned.findings {
            by.extend(f.waived_by.iter().copied());
        }
        let quoted: Vec<usize> = by.iter().copied().take(WAIVERS_QUOTED).collect();
        let mut justification = waiver_text(run.assessment, &quoted);
        if by.len() > quoted.len() {
            justification.push_str(&format!("; and {} more waivers", by.len() - quoted.len()));
        }
        vec![Suppression { kind: "external", status: "accepted", justification }]
    } else {
        Vec::new()
    };
    let (message, locations, status, system, systems, evidence, next_action) = if planned.grouped {
        let n = planned.findings.len();
        let locations: Vec<ResultLocation> = planned
            .findings
            .iter()
            .take(run.plan.limits.locations)
            .map(|f| {
                let mut at = location(f.location.as_ref(), run.prefix);
                let about = f.system.as_deref().unwrap_or("-");
                at.message = Some(Text { text: escape::sarif_text(&format!("{about}: {}", sentence(&f.message))) });
                at
            })
            .collect();
        let status = planned.findings.iter().map(|f| r.status_of(f)).min_by_key(|s| weakness(*s)).unwrap_or(r.status);
        (grouped_message(planned), locations, status, None, Some(n), None, planned.code.rule().fix.to_string())
    } else {
        (
            message(r, first),
            vec![location(first.location.as_ref(), run.prefix)],
            r.status_of(first),
            first.system.clone(),
            None,
            first.evidence.clone(),
            first.action.clone(),
        )
    };
    SarifResult {
        rule_id: planned.code.to_string(),
        rule_index: run.index.get(&planned.code).copied(),
        level: level(planned.level),
        message: Text { text: message },
        locations,
        partial_fingerprints: BTreeMap::from([(FINGERPRINT, planned.fingerprint.clone())]),
        suppressions,
        properties: ResultProperties {
            requirement: r.id.clone(),
            requirement_title: r.title.clone(),
            status,
            system,
            systems,
            evidence,
            waived,
            next_action,
        },
    }
}

/// How far a status falls short, for picking a group's weakest: lower is weaker.
fn weakness(status: Status) -> u8 {
    match status {
        Status::NonCompliant => 0,
        Status::NotAssessed => 1,
        Status::PartiallyCompliant => 2,
        Status::Compliant => 3,
        Status::NotApplicable => 4,
    }
}

/// `A.6.2.4 TITLE: 1,234 AI systems: RULE TITLE (a, b, … and 1,224 more). Next: FIX`, escaped like every message.
fn grouped_message(planned: &Planned<'_>) -> String {
    let r = planned.requirement;
    let n = planned.findings.len();
    let named: Vec<&str> = planned.findings.iter().filter_map(|f| f.system.as_deref()).take(SYSTEMS_NAMED).collect();
    let more =
        if n > named.len() { format!(" and {} more", plan::grouped_number(n - named.len())) } else { String::new() };
    let systems = if n == 1 { "1 AI system".to_string() } else { format!("{} AI systems", plan::grouped_number(n)) };
    let waived = if planned.findings.iter().all(|f| f.is_waived()) { ", each gap accepted by a waiver" } else { "" };
    let rule = planned.code.rule();
    escape::sarif_text(&format!(
        "{} {}: {systems}{waived}: {} ({}{more}). Next: {}",
        r.id,
        r.title,
        rule.title,
        named.join(", "),
        rule.fix
    ))
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
            help_uri: information_uri().map(|repo| format!("{repo}/blob/main/docs/rules.md#{}", rule.code)),
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
fn message(r: &crate::assess::RequirementResult, f: &Finding) -> String {
    let systems = r.system_summary().map_or_else(String::new, |s| format!(" ({s})"));
    escape::sarif_text(&format!("{} {}{systems}: {} Next: {}", r.id, r.title, sentence(&f.message), f.action))
}

fn location(at: Option<&Location>, prefix: &str) -> ResultLocation {
    let (file, line) = match at {
        Some(l) => (l.file.as_str(), l.line),
        None => (FALLBACK_FILE, 1),
    };
    ResultLocation {
        physical_location: PhysicalLocation {
            artifact_location: ArtifactLocation {
                uri: Some(uri(&super::prefixed(prefix, file))),
                uri_base_id: Some(SRCROOT),
                description: None,
            },
            // Line 0 means the whole file: a location without a region.
            region: (line > 0).then_some(Region { start_line: line }),
        },
        message: None,
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
