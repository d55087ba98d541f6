//! The report, the Statement of Applicability and the plan read as one set of documents: they name each evidence
//! record the same way, list it once per requirement, open with the same front matter, and the executive summary's
//! first actions put the work stage 1 cannot pass without first. Each test is named after the problem it guards
//! against, and runs end to end over the bundled examples.

#[path = "common/xlsx.rs"]
mod book;
mod common;

use common::{AS_OF, EXAMPLES, aims};

fn ok(output: std::process::Output) -> String {
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    String::from_utf8(output.stdout).unwrap()
}

fn document(verb: &str, dir: &str, format: &str) -> String {
    ok(aims(&[verb, dir, "--as-of", AS_OF, "--format", format]))
}

/// The evidence cell of one control's row of the SoA's Markdown table.
fn soa_evidence_cell(soa: &str, id: &str) -> String {
    let row = soa.lines().find(|l| l.starts_with(&format!("| {id} |"))).unwrap_or_else(|| panic!("no row {id}"));
    row.trim_end_matches(" |").rsplit(" | ").next().unwrap().to_string()
}

/// The SoA named evidence from its file name ("Hireloop dpa 2026 missing") where the report used the record's title,
/// left out the system of a record only one AI system cites ("Release runbook"), and wrote "(also for …)", which a
/// reader could not interpret. Every document now names a record by the same function: its title and system.
#[test]
fn soa_names_evidence_as_the_report_does() {
    let saas = document("soa", "examples/saas-ai-customer", "markdown");
    let cell = soa_evidence_cell(&saas, "A.10.3");
    assert!(cell.starts_with("Signed data processing agreement and AI addendum with Hireloop GmbH"), "{cell}");
    let fintech = document("soa", "examples/fintech-ai-provider", "markdown");
    let cell = soa_evidence_cell(&fintech, "A.6.2.6");
    assert!(cell.contains("Nora, customer support assistant: Release runbook"), "{cell}");
    for dir in EXAMPLES {
        let soa = document("soa", dir, "markdown");
        assert!(!soa.contains("(also for"), "{dir}: the SoA still writes \"also for\"");
        // Every record's label in the SoA is a name the report uses for the same record.
        let report = document("gap", dir, "markdown");
        let json: serde_json::Value = serde_json::from_str(&document("soa", dir, "json")).unwrap();
        for c in json["controls"].as_array().unwrap() {
            for e in c["evidence"].as_array().unwrap() {
                let title = e["document"].as_str().unwrap();
                assert!(report.contains(title), "{dir} {}: {title:?} is not a name the report uses", c["id"]);
                let label = e["label"].as_str().unwrap();
                if e["also_for"].is_null() && label.contains(": ") {
                    assert!(report.contains(label), "{dir} {}: {label:?} is not how the report names it", c["id"]);
                }
            }
        }
    }
}

/// A requirement listed the same record twice: fintech A.8.2 "Underwriter guide" twice (the organisation's record
/// and the credit model's own, citing the same file), and A.5.5 Nora's impact assessment, then the same with
/// "section 4". Each record is now listed once, as the more specific, in the report, the SoA and the workbooks.
#[test]
fn evidence_listed_once_per_requirement() {
    let fintech = document("gap", "examples/fintech-ai-provider", "markdown");
    let line = |after: &str| {
        let at = fintech.find(after).unwrap();
        fintech[at..].lines().find(|l| l.starts_with("Evidence: ")).unwrap().to_string()
    };
    let a82 = line("### A.8.2 ");
    assert_eq!(a82.matches("Underwriter guide").count(), 1, "{a82}");
    let a55 = line("### A.5.5 ");
    assert_eq!(a55.matches("Nora, customer support assistant: Impact assessment").count(), 1, "{a55}");
    assert!(a55.contains("Nora, customer support assistant: Impact assessment, section 4"), "{a55}");
    for dir in EXAMPLES {
        let report = document("gap", dir, "markdown");
        for l in report.lines().filter(|l| l.starts_with("Evidence: ")) {
            // Items end with their dates or their mark; a "; " inside a title does not end one.
            let mut items: Vec<String> = Vec::new();
            for part in l.trim_start_matches("Evidence: ").trim_end_matches('.').split("; ") {
                match items.last_mut() {
                    Some(last) if !(last.ends_with(')') || last.ends_with("**")) => {
                        last.push_str("; ");
                        last.push_str(part);
                    }
                    _ => items.push(part.to_string()),
                }
            }
            let mut seen = std::collections::HashSet::new();
            for item in &items {
                assert!(seen.insert(item), "{dir}: {item:?} listed twice in {l}");
            }
        }
        let soa: serde_json::Value = serde_json::from_str(&document("soa", dir, "json")).unwrap();
        for c in soa["controls"].as_array().unwrap() {
            let mut seen = std::collections::HashSet::new();
            for e in c["evidence"].as_array().unwrap() {
                let key = (e["label"].to_string(), e["verdict"].to_string(), e["reviewed"].to_string());
                assert!(seen.insert(key), "{dir} {}: {} listed twice", c["id"], e["label"]);
            }
        }
    }
}

/// "What to do first" left out fintech 7.4, a rejected exclusion with no due date that blocks the stage 1 audit
/// (the plan's first action), and put healthtech's non-compliant objectives (6.2) after partial work that merely had
/// an earlier date. Stage 1 blockers now come first, before overdue work stage 1 does not wait for.
#[test]
fn undated_stage_one_blocker_comes_first() {
    let summary = |dir: &str| {
        let (catalogue, ws, assessment, plan) = common::planned(std::path::Path::new(dir));
        let soa = aims::views::soa::build(&catalogue, &ws, &assessment);
        aims::views::summary::build(&ws, &assessment, &plan, soa.unjustified)
    };
    let fintech = summary("examples/fintech-ai-provider");
    let first: Vec<&str> = fintech.first_actions.iter().map(|a| a.requirements[0].as_str()).collect();
    let at = first.iter().position(|id| *id == "7.4").unwrap_or_else(|| panic!("7.4 is not among {first:?}"));
    let blocker = &fintech.first_actions[at];
    assert!(blocker.due.is_none(), "{blocker:?}");
    // Only other stage 1 blockers come before it (A.6.2.8's and A.7.5's overdue work, which stage 1 waits for).
    for before in &fintech.first_actions[..at] {
        assert_eq!(before.why.as_deref(), Some("It blocks the stage 1 audit."), "{before:?}");
    }
    let healthtech = summary("examples/healthtech-provider");
    assert_eq!(healthtech.first_actions[0].requirements, ["6.2"], "{:?}", healthtech.first_actions);
    assert_eq!(healthtech.first_actions[0].why.as_deref(), Some("It blocks the stage 1 audit."));
}

/// The report opened with a version history from aims.toml `[report]`; the SoA and the plan did not, and their
/// labels differed ("Status as of", "Document version", a workbook's "Approved on" beside the Markdown's "Approval
/// date"). All three documents now open with the same front matter, with the same labels in Markdown, HTML and the
/// workbooks' Summary sheets. The SoA and the plan are documents of their own, derived from the gap analysis: they
/// name the report's version they were produced with, not the report's version history.
#[test]
fn every_document_has_the_same_front_matter() {
    let dir = "examples/healthtech-provider";
    let rows = |verb: &str| -> Vec<String> {
        let version = if verb == "gap" {
            "| **Report version** | 2.0 |"
        } else {
            "| **Produced with** | gap analysis version 2.0 |"
        };
        let mut rows = vec![
            "| **Organisation** | Meridale Health Ltd |".to_string(),
            "| **Prepared for** | Meridale Health Ltd, Quality and Regulatory Affairs |".to_string(),
            "| **Prepared by** | Dr Nikhil Sharma, Lead Auditor (ISO/IEC 42001), Harbourline Compliance Partners |"
                .to_string(),
            version.to_string(),
            format!("| **Assessed as of** | {AS_OF} |"),
            "| **Target audit date** | 2027-03-01 |".to_string(),
        ];
        if verb == "gap" {
            rows.extend(
                [
                    "**Version history**",
                    "| 1.0 | 2026-06-30 | Baseline gap analysis |",
                    "| 2.0 | 2026-11-27 | Pre-certification re-assessment with the stage 1 audit booked |",
                ]
                .map(str::to_string),
            );
        }
        rows
    };
    let marking = "**Commercial in confidence: Meridale Health Ltd**";
    for verb in ["gap", "soa", "plan"] {
        let md = document(verb, dir, "markdown");
        assert!(md.contains(marking), "{verb}");
        // The rows come in the same order, one after the other, in every document.
        let rows = rows(verb);
        let table: Vec<&str> = md.lines().filter(|l| rows.iter().any(|r| r == l)).collect();
        assert_eq!(table, rows, "{verb}:\n{}", &md[..1500.min(md.len())]);
        assert_eq!(md.contains("Version history"), verb == "gap", "{verb}: only the report has the report's history");
        let html = document(verb, dir, "html");
        let version = if verb == "gap" { "Report version" } else { "Produced with" };
        for label in ["Prepared for", "Prepared by", version, "Assessed as of", "Target audit date"] {
            assert!(html.contains(&format!("<strong>{label}</strong>")), "{verb} html: {label}");
        }
        assert_eq!(html.contains("Version history"), verb == "gap", "{verb} html");
        let xlsx = common::aims(&[verb, dir, "--as-of", AS_OF, "--format", "xlsx"]);
        assert!(xlsx.status.success());
        let book = book::Book::read(xlsx.stdout);
        let version =
            if verb == "gap" { ("Report version", "2.0") } else { ("Produced with", "gap analysis version 2.0") };
        for (label, value) in [
            ("Confidentiality", "Commercial in confidence: Meridale Health Ltd"),
            ("Organisation", "Meridale Health Ltd"),
            ("Prepared for", "Meridale Health Ltd, Quality and Regulatory Affairs"),
            version,
        ] {
            assert_eq!(book::text(&book.pair("Summary", label)), value, "{verb} xlsx: {label}");
        }
        assert_eq!(book::date(&book.pair("Summary", "Assessed as of")), AS_OF, "{verb} xlsx");
        assert_eq!(book::date(&book.pair("Summary", "Target audit date")), "2027-03-01", "{verb} xlsx");
    }
    let soa = document("soa", "examples/saas-ai-customer", "markdown");
    assert!(soa.contains("| **Approved by** | **not yet approved** |"), "{soa}");
    let book = book::Book::read(common::aims(&["soa", "examples/saas-ai-customer", "--format", "xlsx"]).stdout);
    assert_eq!(book::text(&book.pair("Summary", "Approved by")), "not yet approved");
    assert_eq!(book::text(&book.pair("Summary", "Approval date")), "not set");
}
