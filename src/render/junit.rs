//! JUnit XML for CI test reports (GitLab, Jenkins, Azure DevOps): one test suite per requirement group, one test
//! case per requirement and, for per-system requirements, one more per in-scope AI system. A gap fails its test, a
//! waived gap and a requirement that does not apply are skipped, everything else passes.
//!
//! What the readers expect (docs/ci.md, "JUnit"): GitLab, Jenkins' JUnit plugin and the common GitHub reporters
//! (dorny/test-reporter, mikepenz/action-junit-report, EnricoMi/publish-unit-test-result-action) read the
//! attributes used here: `name`, `tests`, `failures`, `errors`, `skipped` and `time` on `testsuites` and `testsuite`;
//! `classname`, `name`, `time`, and `file` and `line` (where the gap is, for annotations) on `testcase`. `time` is
//! always present and always 0, so the file is byte-for-byte reproducible. Test case names are unique within their
//! class (requirement IDs and system IDs are unique), every file path starts with the path prefix (the
//! workspace's folder in the repository), and text is escaped so that no control character, markup or line break
//! of the workspace reaches the document ([`super::escape::xml_text`]).

use std::collections::HashMap;

use super::escape::{xml_attr as attr, xml_text as text};
use super::findings::{place, sentence, waiver_text};
use crate::assess::{Assessment, Finding};
use crate::rules::Code;
use crate::workspace::Location;
use crate::workspace::Status;

/// The outcome of one test case.
enum Outcome {
    Pass,
    Failure { message: String, kind: &'static str, body: String },
    Skipped(String),
}

struct Case {
    classname: String,
    name: String,
    /// Where the gap is (the headline finding's place), or the requirement's entry: `file` and `line` attributes.
    at: Option<Location>,
    outcome: Outcome,
}

struct Suite {
    name: String,
    cases: Vec<Case>,
}

impl Suite {
    fn failures(&self) -> usize {
        self.cases.iter().filter(|c| matches!(c.outcome, Outcome::Failure { .. })).count()
    }

    fn skipped(&self) -> usize {
        self.cases.iter().filter(|c| matches!(c.outcome, Outcome::Skipped(_))).count()
    }
}

/// The JUnit XML document of `assessment`, with a final newline; file paths start with `prefix`.
pub fn junit(assessment: &Assessment, prefix: &str) -> String {
    let suites = suites(assessment, prefix);
    let tests: usize = suites.iter().map(|s| s.cases.len()).sum();
    let failures: usize = suites.iter().map(Suite::failures).sum();
    let skipped: usize = suites.iter().map(Suite::skipped).sum();

    let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    out.push_str(&format!(
        "<testsuites name=\"aims\" tests=\"{tests}\" failures=\"{failures}\" errors=\"0\" skipped=\"{skipped}\" time=\"0\">\n"
    ));
    for suite in &suites {
        out.push_str(&format!(
            "  <testsuite name=\"{}\" tests=\"{}\" failures=\"{}\" errors=\"0\" skipped=\"{}\" time=\"0\">\n",
            attr(&suite.name),
            suite.cases.len(),
            suite.failures(),
            suite.skipped()
        ));
        for case in &suite.cases {
            let mut open = format!(
                "    <testcase classname=\"{}\" name=\"{}\" time=\"0\"",
                attr(&case.classname),
                attr(&case.name)
            );
            if let Some(at) = &case.at {
                open.push_str(&format!(" file=\"{}\"", attr(&super::prefixed(prefix, &at.file))));
                if at.line > 0 {
                    open.push_str(&format!(" line=\"{}\"", at.line));
                }
            }
            match &case.outcome {
                Outcome::Pass => out.push_str(&format!("{open}/>\n")),
                Outcome::Skipped(message) => {
                    out.push_str(&format!("{open}>\n      <skipped message=\"{}\"/>\n    </testcase>\n", attr(message)))
                }
                Outcome::Failure { message, kind, body } => out.push_str(&format!(
                    "{open}>\n      <failure message=\"{}\" type=\"{kind}\">{}</failure>\n    </testcase>\n",
                    attr(message),
                    text(body)
                )),
            }
        }
        out.push_str("  </testsuite>\n");
    }
    out.push_str("</testsuites>\n");
    out
}

/// Groups in catalogue order, each with its requirements in catalogue order. A requirement whose group is not
/// listed (which the catalogue does not allow) still gets a suite of its own rather than disappearing.
fn suites(a: &Assessment, prefix: &str) -> Vec<Suite> {
    let mut suites: Vec<(String, Suite)> = a
        .groups
        .iter()
        .map(|g| (g.id.clone(), Suite { name: format!("{} {}", g.id, g.title), cases: Vec::new() }))
        .collect();
    for r in &a.requirements {
        let at = match suites.iter().position(|(id, _)| *id == r.group) {
            Some(i) => i,
            None => {
                suites.push((r.group.clone(), Suite { name: r.group.clone(), cases: Vec::new() }));
                suites.len() - 1
            }
        };
        let cases = &mut suites[at].1.cases;
        let classname = format!("aims.{}", r.group);
        let name = format!("{} {}", r.id, r.title);
        let all: Vec<&Finding> = r.findings.iter().collect();
        let waived = || waiver_text(a, &r.waived_by);
        let not_applicable = || skip_message(r.is_not_yet_due(), r.justification.as_deref());
        let mut requirement_outcome =
            outcome(r.status, r.waived, &all, r.headline_finding(), prefix, waived, not_applicable);
        // A per-system requirement's status is its weakest system's: its message says how many systems are behind it.
        if let (Outcome::Failure { message, .. }, Some(systems)) = (&mut requirement_outcome, r.system_summary()) {
            message.push_str(&format!(" ({systems})"));
        }
        let at = r.headline_finding().and_then(|f| f.location.clone()).or_else(|| r.location.clone());
        cases.push(Case { classname: classname.clone(), outcome: requirement_outcome, name: name.clone(), at });
        // Each system's findings, gathered in one pass: thousands of systems would make a search per system slow.
        let mut by_system: HashMap<&str, Vec<&Finding>> = HashMap::new();
        for f in &r.findings {
            if let Some(system) = &f.system {
                by_system.entry(system).or_default().push(f);
            }
        }
        for s in &r.systems {
            let findings = by_system.remove(s.system.as_str()).unwrap_or_default();
            let waived = || waiver_text(a, &s.waived_by);
            let headline = s.headline.and_then(|i| r.findings.get(i));
            cases.push(Case {
                classname: classname.clone(),
                name: format!("{name} [{}]", s.system),
                at: headline.and_then(|f| f.location.clone()),
                outcome: outcome(s.status, s.waived, &findings, headline, prefix, waived, || {
                    skip_message(s.is_not_yet_due(), s.reason.as_deref())
                }),
            });
        }
    }
    let mut suites: Vec<Suite> = suites.into_iter().map(|(_, s)| s).collect();
    suites.retain(|s| !s.cases.is_empty());
    suites
}

/// A case's outcome from what the assessment decided: its status, whether a waiver accepts it, its findings and
/// the one among them that states the gap best.
fn outcome(
    status: Status,
    waived: bool,
    findings: &[&Finding],
    headline: Option<&Finding>,
    prefix: &str,
    waiver: impl FnOnce() -> String,
    skipped: impl FnOnce() -> String,
) -> Outcome {
    match status {
        Status::Compliant => Outcome::Pass,
        Status::NotApplicable => Outcome::Skipped(skipped()),
        _ if waived => {
            Outcome::Skipped(format!("waived: {}; the status stays {}", waiver(), status.label().to_lowercase()))
        }
        _ => {
            // A declared gap's message already names the status.
            let message = match headline {
                Some(f) if f.code == Code::GapDeclared => capitalise(&f.message),
                Some(f) => format!("{}: {}", status.label(), f.message),
                None => status.label().to_string(),
            };
            let message = match findings.len() {
                0 | 1 => message,
                n => format!("{message} (+{} more)", n - 1),
            };
            let body: Vec<String> = findings
                .iter()
                .map(|f| {
                    let at = f.location.as_ref().map_or_else(String::new, |l| {
                        format!(" ({})", place(&Location { file: super::prefixed(prefix, &l.file), line: l.line }))
                    });
                    format!("{}: {}{at}\n  Next: {}", f.code, sentence(&f.message), f.action)
                })
                .collect();
            Outcome::Failure { message, kind: status.as_str(), body: body.join("\n") }
        }
    }
}

/// Why a case that does not apply is skipped: `not applicable: REASON`, or the reason alone when it is that the
/// control is not yet due (the reason then starts with "not yet due").
fn skip_message(not_yet_due: bool, reason: Option<&str>) -> String {
    match reason {
        Some(reason) if not_yet_due => reason.to_string(),
        Some(reason) => format!("not applicable: {reason}"),
        None => "not applicable".to_string(),
    }
}

fn capitalise(text: &str) -> String {
    let mut chars = text.chars();
    chars.next().map_or_else(String::new, |first| first.to_uppercase().chain(chars).collect())
}
