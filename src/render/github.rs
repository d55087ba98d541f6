//! GitHub Actions workflow commands: one annotation per finding (`::error`, `::warning`, `::notice`), shown on
//! the run summary and, where the file is part of the pull request, next to the line; then one summary line.
//!
//! GitHub resolves `file=` from the repository root, so every path starts with the path prefix (the workspace's
//! folder in the repository, [`super::Options::path_prefix`]); docs/ci.md.

use super::escape::{github_data as message, github_property as property};
use super::findings::{sentence, waiver_text};
use crate::assess::{Report, Severity};

/// One workflow command per finding of `report`, its command the finding's severity, then a summary line; file
/// paths start with `prefix`.
pub fn github(report: &Report<'_>, prefix: &str) -> String {
    let assessment = report.assessment;
    let mut out = String::new();
    for r in &assessment.requirements {
        for f in &r.findings {
            let command = match f.severity {
                Severity::Error => "error",
                Severity::Warning => "warning",
                Severity::Note => "notice",
            };
            let mut properties = Vec::new();
            if let Some(l) = &f.location {
                properties.push(format!("file={}", property(&super::prefixed(prefix, &l.file))));
                if l.line > 0 {
                    properties.push(format!("line={}", l.line));
                }
            }
            let system = f.system.as_ref().map_or_else(String::new, |s| format!(" [{s}]"));
            properties.push(format!("title={}", property(&format!("{} {}{system} ({})", r.id, r.title, f.code))));
            let waived = if f.is_waived() {
                format!("Waived: {} ", sentence(&waiver_text(assessment, &f.waived_by)))
            } else {
                String::new()
            };
            // A per-system requirement's status is its weakest system's: say how many systems are behind it.
            let systems = r.system_summary().map_or_else(String::new, |s| format!("{} ", sentence(&s)));
            let text = format!("{waived}{} {systems}Next: {}", sentence(&f.message), f.action);
            out.push_str(&format!("::{command} {}::{}\n", properties.join(","), message(&text)));
        }
    }
    out.push_str(&format!("::notice title=aims::{}\n", message(&summary(report))));
    out
}

/// One line: the score, the counts and the gate's verdict.
fn summary(report: &Report<'_>) -> String {
    let a = report.assessment;
    let c = &a.summary.counts;
    let mut text = format!(
        "{} score {} over {} requirements: {} compliant, {} partially compliant, {} non-compliant, {} not applicable, \
         {} not assessed; {} waived; {} finding{}.",
        a.catalogue.standard,
        super::percent(a.summary.score),
        a.summary.requirements,
        c.compliant,
        c.partially_compliant,
        c.non_compliant,
        c.not_applicable,
        c.not_assessed,
        a.summary.waived,
        a.summary.findings,
        if a.summary.findings == 1 { "" } else { "s" }
    );
    if let Some(gate) = &report.gate {
        text.push_str(&format!(" Gate {}.", gate.verdict()));
    }
    text
}
