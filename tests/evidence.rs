//! The evidence model: approval status, effective date, external references, and evidence that is not a document
//! (a folder, an empty file). Each test is named after the problem it pins down.

mod common;

use aims::assess::{EvidenceState, EvidenceVerdict};
use aims::workspace::{EvidenceStatus, Status};
use common::*;

const SCORING_SYSTEM: &str = "\
id: scoring
name: Scoring model
purpose: Scores applications
owner: Head of Risk
lifecycle_stage: operation
ai_role: customer
";

fn with_assessment(assessment: &str) -> tempfile::TempDir {
    workspace(&[
        ("organisation.yaml", ORGANISATION),
        ("assessment.yaml", assessment),
        ("evidence/policy.md", "# AI policy\n"),
        ("evidence/empty.md", ""),
        ("evidence/impact/dpia-scoring.md", "# DPIA\n"),
    ])
}

/// A 5.2 entry declared compliant with one evidence record whose lines are `record` (indented under `- `).
fn policy_with(record: &str) -> String {
    format!("requirements:\n  - requirement: \"5.2\"\n    status: compliant\n    evidence:\n      - {record}\n")
}

/// The practitioner's report, which names each record by its file, register ID or address (the client's names it
/// by its title).
fn gap_markdown(dir: &std::path::Path) -> String {
    let output =
        aims(&["gap", dir.to_str().unwrap(), "--format", "markdown", "--as-of", AS_OF, "--audience", "practitioner"]);
    assert_eq!(output.status.code(), Some(0), "{}", String::from_utf8_lossy(&output.stderr));
    String::from_utf8(output.stdout).unwrap()
}

#[test]
fn a_draft_impact_assessment_does_not_count_as_compliant_evidence() {
    let system = format!(
        "{SCORING_SYSTEM}evidence:\n  impact_assessment:\n    file: evidence/impact/dpia-scoring.md\n    reviewed: 2026-10-01\n    status: draft\n    description: not yet approved\n"
    );
    let dir = workspace(&[
        ("organisation.yaml", ORGANISATION),
        ("systems/scoring.yaml", &system),
        ("evidence/impact/dpia-scoring.md", "# DPIA (draft)\n"),
    ]);
    let a = assess_dir(dir.path());
    let r = requirement(&a, "A.5.3");
    let s = r.system("scoring").unwrap();
    assert_eq!(s.status, Status::PartiallyCompliant);
    assert_eq!(r.status, Status::PartiallyCompliant);
    assert_eq!(codes(r), ["evidence-draft", "soa-justification-missing"]);
    assert_eq!(r.findings[0].system.as_deref(), Some("scoring"));
    // The system's record reaches the report, with its verdict and mark.
    let e = r.system_evidence(s).expect("the system's record is listed");
    assert_eq!((e.status, e.verdict), (EvidenceStatus::Draft, EvidenceVerdict::Draft));
    assert_eq!(e.mark().as_deref(), Some("draft, not approved"));
    assert_eq!(e.description.as_deref(), Some("not yet approved"));
}

#[test]
fn a_draft_or_superseded_policy_does_not_make_a_claim_compliant() {
    for (status, code) in [("draft", "evidence-draft"), ("superseded", "evidence-superseded")] {
        let dir = with_assessment(&policy_with(&format!(
            "file: evidence/policy.md\n        reviewed: 2026-06-01\n        status: {status}"
        )));
        let a = assess_dir(dir.path());
        let r = requirement(&a, "5.2");
        assert_eq!(r.status, Status::PartiallyCompliant, "{status}");
        assert_eq!(codes(r), [code], "{status}");
        assert!(!r.evidence[0].verdict.counts(), "{status}");
    }
}

#[test]
fn evidence_without_a_status_is_approved_and_counts() {
    let dir = with_assessment(&policy_with("file: evidence/policy.md\n        reviewed: 2026-06-01"));
    let a = assess_dir(dir.path());
    let r = requirement(&a, "5.2");
    assert_eq!(r.status, Status::Compliant);
    let e = &r.evidence[0];
    assert_eq!((e.status, e.verdict, e.external), (EvidenceStatus::Approved, EvidenceVerdict::Current, false));
    assert_eq!(e.mark(), None);
}

#[test]
fn a_url_evidence_record_is_not_reported_missing() {
    let dir = with_assessment(&policy_with(
        "url: https://example.sharepoint.com/sites/qms/AI%20policy.docx\n        reviewed: 2026-06-01",
    ));
    assert!(diagnostics(dir.path()).0.is_empty(), "{:?}", diagnostics(dir.path()));
    let a = assess_dir(dir.path());
    let r = requirement(&a, "5.2");
    assert_eq!(r.status, Status::Compliant, "{:?}", r.findings);
    assert!(r.findings.is_empty(), "{:?}", r.findings);
    let e = &r.evidence[0];
    assert_eq!((e.state, e.verdict, e.external), (EvidenceState::External, EvidenceVerdict::External, true));
    assert_eq!(e.file, None);
    assert_eq!(e.name(), Some("https://example.sharepoint.com/sites/qms/AI%20policy.docx"));
}

#[test]
fn external_evidence_is_marked_not_verified_in_every_format() {
    let dir = with_assessment(&policy_with(
        "register_id: QMS-POL-007\n        url: https://qms.example.com/doc/QMS-POL-007\n        effective: 2026-01-05\n        reviewed: 2026-06-01\n        description: AI policy, revision 3",
    ));
    let a = assess_dir(dir.path());
    let e = &requirement(&a, "5.2").evidence[0];
    assert_eq!(e.mark().as_deref(), Some("external, not verified by aims"));
    assert_eq!(e.name(), Some("QMS-POL-007"));
    assert_eq!(e.effective, Some("2026-01-05".parse().unwrap()));

    let markdown = gap_markdown(dir.path());
    let row = markdown.lines().find(|l| l.starts_with("| 5.2 |")).unwrap();
    assert!(
        row.contains("`QMS-POL-007` at `https://qms.example.com/doc/QMS-POL-007` — AI policy, revision 3 (effective 2026-01-05, reviewed 2026-06-01) — **external, not verified by aims**"),
        "{row}"
    );

    let output = aims(&["gap", dir.path().to_str().unwrap(), "--format", "csv", "--as-of", AS_OF]);
    let csv = String::from_utf8(output.stdout).unwrap();
    assert!(csv.contains("QMS-POL-007 (external, not verified by aims)"), "{csv}");

    let output = aims(&["gap", dir.path().to_str().unwrap(), "--format", "json", "--as-of", AS_OF]);
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let e = &json["requirements"].as_array().unwrap().iter().find(|r| r["id"] == "5.2").unwrap()["evidence"][0];
    assert_eq!((e["external"].as_bool(), e["verdict"].as_str()), (Some(true), Some("external")));
    assert_eq!(e["register_id"], "QMS-POL-007");
}

#[test]
fn stale_external_evidence_carries_both_marks() {
    let dir = with_assessment(&policy_with("register_id: QMS-POL-007\n        reviewed: 2024-01-01"));
    let a = assess_dir(dir.path());
    let r = requirement(&a, "5.2");
    assert_eq!(r.status, Status::PartiallyCompliant);
    assert_eq!(codes(r), ["evidence-stale"]);
    assert!(
        r.findings[0].message.starts_with("external evidence `QMS-POL-007` for 5.2 was last reviewed"),
        "{}",
        r.findings[0].message
    );
    assert_eq!(r.evidence[0].mark().as_deref(), Some("stale; external, not verified by aims"));
}

#[test]
fn a_document_not_yet_in_effect_does_not_count() {
    let dir = with_assessment(&policy_with(
        "file: evidence/policy.md\n        effective: 2027-01-01\n        reviewed: 2026-11-01",
    ));
    let a = assess_dir(dir.path());
    let r = requirement(&a, "5.2");
    assert_eq!(r.status, Status::PartiallyCompliant);
    assert_eq!(codes(r), ["evidence-not-yet-effective"]);
    assert_eq!(r.evidence[0].mark().as_deref(), Some("not yet in effect"));
    // An effective date in the past is simply recorded.
    let dir = with_assessment(&policy_with(
        "file: evidence/policy.md\n        effective: 2025-01-01\n        reviewed: 2026-11-01",
    ));
    assert_eq!(requirement(&assess_dir(dir.path()), "5.2").status, Status::Compliant);
}

#[test]
fn a_missing_draft_is_reported_missing_first() {
    let dir = with_assessment(&policy_with("file: evidence/nope.md\n        status: draft"));
    let a = assess_dir(dir.path());
    assert_eq!(codes(requirement(&a, "5.2")), ["evidence-missing"]);
}

#[test]
fn a_folder_named_as_evidence_gives_the_clear_message() {
    for written in ["evidence/impact", "evidence/impact/"] {
        let dir = with_assessment(&policy_with(&format!("file: {written}\n        reviewed: 2026-06-01")));
        let a = assess_dir(dir.path());
        let r = requirement(&a, "5.2");
        assert_eq!(r.status, Status::PartiallyCompliant);
        assert_eq!(codes(r), ["evidence-missing"]);
        assert_eq!(r.findings[0].message, format!("evidence `{written}` for 5.2 is a folder, not a document"));
        assert!(r.findings[0].action.contains("a file inside the folder"), "{}", r.findings[0].action);
        assert_eq!((r.evidence[0].state, r.evidence[0].verdict), (EvidenceState::Folder, EvidenceVerdict::Folder));
        assert_eq!(r.evidence[0].mark().as_deref(), Some("a folder, not a document"));
        let d = diagnostics(dir.path());
        assert_eq!(d.0.len(), 1, "{d:?}");
        assert_eq!(d.0[0].code, "evidence-unusable");
        assert_eq!(d.0[0].message, format!("`{written}` is a folder, not a document"));
    }
}

#[test]
fn an_empty_file_named_as_evidence_gives_the_clear_message() {
    let dir = with_assessment(&policy_with("file: evidence/empty.md\n        reviewed: 2026-06-01"));
    let a = assess_dir(dir.path());
    let r = requirement(&a, "5.2");
    assert_eq!(r.status, Status::PartiallyCompliant);
    assert_eq!(codes(r), ["evidence-missing"]);
    assert_eq!(r.findings[0].message, "evidence file `evidence/empty.md` for 5.2 is empty, so it shows nothing");
    assert_eq!(r.evidence[0].mark().as_deref(), Some("empty file"));
    let d = diagnostics(dir.path());
    assert_eq!(d.0[0].message, "`evidence/empty.md` is an empty file (0 bytes), so it shows nothing");
}

#[test]
fn a_record_naming_nothing_asks_for_a_file_url_or_register_id() {
    let dir = with_assessment(&policy_with("reviewed: 2026-06-01"));
    let a = assess_dir(dir.path());
    let r = requirement(&a, "5.2");
    assert_eq!(codes(r), ["claim-without-evidence"]);
    assert_eq!(r.findings[0].message, "evidence for 5.2 names no file, URL or register ID");
    assert_eq!(r.evidence[0].verdict, EvidenceVerdict::NotGiven);
}

#[test]
fn a_url_that_is_not_https_is_an_error_with_a_hint() {
    for (url, hint) in [
        ("http://qms.example.com/doc/7", "https://"),
        ("javascript:alert(1)", "register_id"),
        ("https://qms.example.com/a b", "%20"),
        ("\"\"", "leave `url:` out"),
    ] {
        let dir = with_assessment(&policy_with(&format!("url: {url}\n        reviewed: 2026-06-01")));
        let d = diagnostics(dir.path());
        assert!(d.has_errors(), "{url}: {d:?}");
        let e = d.0.iter().find(|e| e.message.contains("`url`")).unwrap_or_else(|| panic!("{url}: {d:?}"));
        assert_eq!(e.line, 5, "{url}");
        assert!(e.help.as_deref().unwrap_or_default().contains(hint), "{url}: {:?}", e.help);
    }
}

#[test]
fn a_register_id_over_two_lines_or_blank_is_an_error() {
    for id in ["\"QMS-1\\nQMS-2\"", "\"  \""] {
        let dir = with_assessment(&policy_with(&format!("register_id: {id}\n        reviewed: 2026-06-01")));
        let d = diagnostics(dir.path());
        assert!(d.has_errors(), "{id}: {d:?}");
        assert!(d.0.iter().any(|e| e.message.contains("`register_id`")), "{id}: {d:?}");
    }
}

#[test]
fn an_unknown_evidence_status_is_an_error() {
    let dir = with_assessment(&policy_with("file: evidence/policy.md\n        status: final"));
    let d = diagnostics(dir.path());
    assert!(d.has_errors(), "{d:?}");
    assert!(d.0.iter().any(|e| e.message.contains("final")), "{d:?}");
}

#[test]
fn draft_evidence_is_marked_in_the_markdown_report() {
    let dir = with_assessment(
        "requirements:\n  - requirement: \"5.2\"\n    status: partially_compliant\n    evidence:\n      - file: evidence/policy.md\n        reviewed: 2026-06-01\n        status: draft\n    action:\n      description: Approve the policy\n",
    );
    let markdown = gap_markdown(dir.path());
    assert!(
        markdown.contains("Evidence: `evidence/policy.md` (reviewed 2026-06-01) — **draft, not approved**."),
        "{markdown}"
    );
}

#[test]
fn a_per_system_record_kept_in_a_document_system_counts_and_is_marked() {
    let system =
        format!("{SCORING_SYSTEM}evidence:\n  intended_use:\n    register_id: QMS-IU-12\n    reviewed: 2026-10-01\n");
    let dir = workspace(&[("organisation.yaml", ORGANISATION), ("systems/scoring.yaml", &system)]);
    let a = assess_dir(dir.path());
    let r = requirement(&a, "A.9.4");
    assert_eq!(r.status, Status::Compliant, "{:?}", r.findings);
    let e = r.system_evidence(r.system("scoring").unwrap()).unwrap();
    assert_eq!((e.verdict, e.external), (EvidenceVerdict::External, true));
    let markdown = gap_markdown(dir.path());
    let row = markdown.lines().find(|l| l.starts_with("| A.9.4 |")).unwrap();
    // A small inventory names each system's own record, with its mark.
    assert!(row.contains("`scoring`: `QMS-IU-12` (reviewed 2026-10-01) — **external, not verified by aims**"), "{row}");
}
