//! GitHub Actions workflow commands: one annotation per finding (`::error`, `::warning`, `::notice`), shown on
//! the run summary and, where the file is part of the pull request, next to the line; then one summary line.
//!
//! File paths are relative to the workspace folder, as everywhere in aims; annotations attach to files only when
//! the workspace is the repository root (docs/ci.md).

use super::findings::{sentence, waiver_text};
use crate::assess::{Report, Severity};

/// One workflow command per finding of `report`, its command the finding's severity, then a summary line.
pub fn github(report: &Report<'_>) -> String {
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
                properties.push(format!("file={}", property(&l.file)));
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
            let text = format!("{waived}{} Next: {}", sentence(&f.message), f.action);
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

/// Escapes a command's message: `%`, CR and LF.
fn message(text: &str) -> String {
    text.replace('%', "%25").replace('\r', "%0D").replace('\n', "%0A")
}

/// Escapes a command property's value: as a message, plus `:` and `,`, which end the value.
fn property(text: &str) -> String {
    message(text).replace(':', "%3A").replace(',', "%2C")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn message_escapes_percent_and_line_breaks_only() {
        assert_eq!(message("100% done\r\nnext: a, b"), "100%25 done%0D%0Anext: a, b");
        // `%` first, so an escape is never escaped twice.
        assert_eq!(message("%0A"), "%250A");
    }

    #[test]
    fn property_also_escapes_colon_and_comma() {
        assert_eq!(property("A.6.2.4 Verification: a, b\n50%"), "A.6.2.4 Verification%3A a%2C b%0A50%25");
    }
}
