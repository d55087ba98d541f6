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
use std::io::{self, Write};

use super::escape::{xml_attr as attr, xml_text as text};
use super::findings::{capitalised, place, sentence, waiver_text};
use crate::assess::{Assessment, Finding, RequirementResult};
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

/// What a case's outcome will be, from what the assessment decided alone: the counts of the `testsuites` and
/// `testsuite` elements come before their cases, so they are counted first and the cases written one by one.
fn kind(status: Status, waived: bool) -> (usize, usize) {
    match status {
        Status::Compliant => (0, 0),
        Status::NotApplicable => (0, 1),
        _ if waived => (0, 1),
        _ => (1, 0),
    }
}

/// One test suite: a requirement group and its requirements (indices into the assessment), in catalogue order.
struct Suite {
    name: String,
    requirements: Vec<usize>,
    tests: usize,
    failures: usize,
    skipped: usize,
}

/// The JUnit XML document of `assessment`, with a final newline; file paths start with `prefix`.
pub fn junit(assessment: &Assessment, prefix: &str) -> String {
    let mut out = Vec::new();
    // Writing into memory cannot fail.
    let _ = junit_to(assessment, prefix, &mut out);
    String::from_utf8(out).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
}

/// Writes [`junit`] to `out` case by case: the document is never held in memory whole.
///
/// # Errors
/// Any error writing to `out`.
pub fn junit_to(assessment: &Assessment, prefix: &str, out: &mut dyn Write) -> io::Result<()> {
    let suites = suites(assessment);
    let tests: usize = suites.iter().map(|s| s.tests).sum();
    let failures: usize = suites.iter().map(|s| s.failures).sum();
    let skipped: usize = suites.iter().map(|s| s.skipped).sum();
    let mut out = io::BufWriter::with_capacity(64 * 1024, out);
    out.write_all(b"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n")?;
    writeln!(
        out,
        "<testsuites name=\"aims\" tests=\"{tests}\" failures=\"{failures}\" errors=\"0\" skipped=\"{skipped}\" time=\"0\">"
    )?;
    for suite in &suites {
        writeln!(
            out,
            "  <testsuite name=\"{}\" tests=\"{}\" failures=\"{}\" errors=\"0\" skipped=\"{}\" time=\"0\">",
            attr(&suite.name),
            suite.tests,
            suite.failures,
            suite.skipped
        )?;
        for &i in &suite.requirements {
            for case in cases(assessment, &assessment.requirements[i], prefix) {
                write_case(&mut out, &case, prefix)?;
            }
        }
        out.write_all(b"  </testsuite>\n")?;
    }
    out.write_all(b"</testsuites>\n")?;
    out.flush()
}

fn write_case(out: &mut dyn Write, case: &Case, prefix: &str) -> io::Result<()> {
    write!(out, "    <testcase classname=\"{}\" name=\"{}\" time=\"0\"", attr(&case.classname), attr(&case.name))?;
    if let Some(at) = &case.at {
        write!(out, " file=\"{}\"", attr(&super::prefixed(prefix, &at.file)))?;
        if at.line > 0 {
            write!(out, " line=\"{}\"", at.line)?;
        }
    }
    match &case.outcome {
        Outcome::Pass => out.write_all(b"/>\n"),
        Outcome::Skipped(message) => {
            writeln!(out, ">\n      <skipped message=\"{}\"/>\n    </testcase>", attr(message))
        }
        Outcome::Failure { message, kind, body } => writeln!(
            out,
            ">\n      <failure message=\"{}\" type=\"{kind}\">{}</failure>\n    </testcase>",
            attr(message),
            text(body)
        ),
    }
}

/// Groups in catalogue order, each with its requirements in catalogue order and its counts. A requirement whose
/// group is not listed (which the catalogue does not allow) still gets a suite of its own rather than disappearing.
/// Groups without a requirement are left out.
fn suites(a: &Assessment) -> Vec<Suite> {
    let mut suites: Vec<(String, Suite)> = a
        .groups
        .iter()
        .map(|g| {
            let suite = Suite {
                name: format!("{} {}", g.id, g.title),
                requirements: Vec::new(),
                tests: 0,
                failures: 0,
                skipped: 0,
            };
            (g.id.clone(), suite)
        })
        .collect();
    for (i, r) in a.requirements.iter().enumerate() {
        let at = match suites.iter().position(|(id, _)| *id == r.group) {
            Some(at) => at,
            None => {
                let suite =
                    Suite { name: r.group.clone(), requirements: Vec::new(), tests: 0, failures: 0, skipped: 0 };
                suites.push((r.group.clone(), suite));
                suites.len() - 1
            }
        };
        let suite = &mut suites[at].1;
        suite.requirements.push(i);
        for (failed, skipped) in
            std::iter::once(kind(r.status, r.waived)).chain(r.systems.iter().map(|s| kind(s.status, s.waived)))
        {
            suite.tests += 1;
            suite.failures += failed;
            suite.skipped += skipped;
        }
    }
    let mut suites: Vec<Suite> = suites.into_iter().map(|(_, s)| s).collect();
    suites.retain(|s| s.tests > 0);
    suites
}

/// The test cases of one requirement: the requirement's own, then one per in-scope system for a per-system one.
fn cases(a: &Assessment, r: &RequirementResult, prefix: &str) -> Vec<Case> {
    let mut cases = Vec::with_capacity(1 + r.systems.len());
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
    cases
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
                Some(f) if f.code == Code::GapDeclared => capitalised(&f.message),
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
        Some(reason) if not_yet_due => format!("not yet due: {reason}"),
        Some(reason) => format!("not applicable: {reason}"),
        None if not_yet_due => "not yet due".to_string(),
        None => "not applicable".to_string(),
    }
}
