//! The assessment rules, one test each, on small workspaces built in a temporary folder.

mod common;

use aims::workspace::Status;
use common::*;

fn with_assessment(assessment: &str) -> tempfile::TempDir {
    workspace(&[
        ("organisation.yaml", ORGANISATION),
        ("assessment.yaml", assessment),
        ("evidence/policy.md", "# AI policy\n"),
    ])
}

#[test]
fn compliant_with_current_evidence_stays_compliant() {
    let dir = with_assessment(
        "requirements:\n  - requirement: \"5.2\"\n    status: compliant\n    evidence:\n      - file: evidence/policy.md\n        reviewed: 2026-06-01\n",
    );
    let a = assess_dir(dir.path());
    let r = requirement(&a, "5.2");
    assert_eq!(r.status, Status::Compliant);
    assert!(r.findings.is_empty(), "{:?}", r.findings);
    assert_eq!(r.score, Some(100.0));
}

#[test]
fn claim_without_evidence_scores_partially_compliant() {
    let dir = with_assessment("requirements:\n  - requirement: \"5.2\"\n    status: compliant\n");
    let a = assess_dir(dir.path());
    let r = requirement(&a, "5.2");
    assert_eq!(r.declared, Some(Status::Compliant));
    assert_eq!(r.status, Status::PartiallyCompliant);
    assert_eq!(codes(r), ["claim-without-evidence"]);
    let location = r.findings[0].location.as_ref().unwrap();
    assert_eq!((location.file.as_str(), location.line), ("assessment.yaml", 2));
}

#[test]
fn missing_evidence_file_scores_partially_compliant() {
    let dir = with_assessment(
        "requirements:\n  - requirement: \"5.2\"\n    status: compliant\n    evidence:\n      - file: evidence/nope.md\n        reviewed: 2026-06-01\n",
    );
    let a = assess_dir(dir.path());
    let r = requirement(&a, "5.2");
    assert_eq!(r.status, Status::PartiallyCompliant);
    assert_eq!(codes(r), ["evidence-missing"]);
    assert_eq!(r.findings[0].location.as_ref().unwrap().line, 5);
}

#[test]
fn evidence_older_than_the_review_interval_is_stale() {
    // 2025-11-26 is one day more than 12 months before the as-of date 2026-11-27; 2025-11-27 is exactly 12.
    let dir = with_assessment(
        "requirements:\n  - requirement: \"5.2\"\n    status: compliant\n    evidence:\n      - file: evidence/policy.md\n        reviewed: 2025-11-26\n  - requirement: \"7.3\"\n    status: compliant\n    evidence:\n      - file: evidence/policy.md\n        reviewed: 2025-11-27\n",
    );
    let a = assess_dir(dir.path());
    assert_eq!(requirement(&a, "5.2").status, Status::PartiallyCompliant);
    assert_eq!(codes(requirement(&a, "5.2")), ["evidence-stale"]);
    assert_eq!(requirement(&a, "7.3").status, Status::Compliant);
}

#[test]
fn review_interval_comes_from_aims_toml() {
    let dir = workspace(&[
        ("organisation.yaml", ORGANISATION),
        ("aims.toml", "[evidence]\nreview_interval_months = 6\n"),
        (
            "assessment.yaml",
            "requirements:\n  - requirement: \"5.2\"\n    status: compliant\n    evidence:\n      - file: evidence/policy.md\n        reviewed: 2026-04-01\n",
        ),
        ("evidence/policy.md", "# AI policy\n"),
    ]);
    let a = assess_dir(dir.path());
    assert_eq!(a.review_interval_months, 6);
    assert_eq!(codes(requirement(&a, "5.2")), ["evidence-stale"]);
}

#[test]
fn undated_evidence_is_flagged() {
    let dir = with_assessment(
        "requirements:\n  - requirement: \"5.2\"\n    status: compliant\n    evidence:\n      - file: evidence/policy.md\n",
    );
    let a = assess_dir(dir.path());
    assert_eq!(requirement(&a, "5.2").status, Status::PartiallyCompliant);
    assert_eq!(codes(requirement(&a, "5.2")), ["evidence-undated"]);
}

#[test]
fn exclusion_needs_a_justification() {
    let dir = with_assessment(
        "requirements:\n  - requirement: \"A.7.3\"\n    status: not_applicable\n  - requirement: \"A.10.4\"\n    status: not_applicable\n    justification: We have no customers for AI systems.\n",
    );
    let a = assess_dir(dir.path());
    let unjustified = requirement(&a, "A.7.3");
    assert_eq!(unjustified.status, Status::NonCompliant);
    assert_eq!(codes(unjustified), ["exclusion-unjustified"]);
    let justified = requirement(&a, "A.10.4");
    assert_eq!(justified.status, Status::NotApplicable);
    assert_eq!(justified.justification.as_deref(), Some("We have no customers for AI systems."));
    assert!(justified.findings.is_empty());
}

#[test]
fn a_clause_can_never_be_not_applicable() {
    let dir = with_assessment(
        "requirements:\n  - requirement: \"7.4\"\n    status: not_applicable\n    justification: We do not communicate.\n",
    );
    let a = assess_dir(dir.path());
    let r = requirement(&a, "7.4");
    assert_eq!(r.status, Status::NonCompliant);
    assert_eq!(codes(r)[0], "clause-not-excludable");
}

#[test]
fn unassessed_requirements_are_reported_and_left_out_of_the_score() {
    let dir = with_assessment("requirements: []\n");
    let a = assess_dir(dir.path());
    let r = requirement(&a, "4.1");
    assert_eq!(r.status, Status::NotAssessed);
    assert_eq!(codes(r), ["not-assessed"]);
    assert_eq!(a.summary.score, None);
    assert_eq!(a.summary.counts.not_assessed, 32 + 23);
}

#[test]
fn declared_gaps_carry_their_action_and_overdue_actions_are_flagged() {
    let dir = with_assessment(
        "requirements:\n  - requirement: \"9.2.1\"\n    status: non_compliant\n    action:\n      description: Run the first internal audit\n      due: 2026-10-31\n  - requirement: \"9.2.2\"\n    status: partially_compliant\n    action:\n      description: Write the audit programme\n      due: 2027-01-31\n",
    );
    let a = assess_dir(dir.path());
    let overdue = requirement(&a, "9.2.1");
    assert_eq!(codes(overdue), ["gap-declared", "action-overdue"]);
    assert_eq!(overdue.findings[0].action, "Run the first internal audit");
    assert!(overdue.recorded_action.as_ref().unwrap().overdue);
    let planned = requirement(&a, "9.2.2");
    assert_eq!(codes(planned), ["gap-declared"]);
    assert!(!planned.recorded_action.as_ref().unwrap().overdue);
}

const SYSTEM_BUILT: &str = "\
id: scoring
name: Scoring model
purpose: Scores applications
owner: Head of Risk
lifecycle_stage: operation
ai_role: provider
evidence:
  impact_assessment: {file: evidence/ia.md, reviewed: 2026-05-01}
  intended_use: {file: evidence/ia.md, reviewed: 2026-05-01}
  event_logging: {file: evidence/ia.md, reviewed: 2024-05-01}
exclusions:
  - requirement: A.8.2
    justification: Internal use only; no external users.
";

const SYSTEM_BOUGHT: &str = "\
id: assistant
name: Writing assistant
purpose: Drafts replies
owner: Head of Support
lifecycle_stage: operation
ai_role: customer
evidence:
  intended_use: {file: evidence/ia.md, reviewed: 2026-05-01}
";

#[test]
fn per_system_controls_take_the_weakest_system_and_name_it() {
    let dir = workspace(&[
        ("organisation.yaml", ORGANISATION),
        ("assessment.yaml", "requirements: []\n"),
        ("systems/scoring.yaml", SYSTEM_BUILT),
        ("systems/assistant.yaml", SYSTEM_BOUGHT),
        ("evidence/ia.md", "# Impact assessment\n"),
    ]);
    let a = assess_dir(dir.path());

    // A.9.4 intended use: both systems have a current record.
    assert_eq!(requirement(&a, "A.9.4").status, Status::Compliant);

    // A.5.3 impact assessment: the bought-in assistant has none.
    let ia = requirement(&a, "A.5.3");
    assert_eq!(ia.status, Status::NonCompliant);
    // No entry justifies A.5.3 for the Statement of Applicability (docs/scoring.md, rule 20): noted last.
    assert_eq!(codes(ia), ["system-impact-assessment-missing", "soa-justification-missing"]);
    assert_eq!(ia.findings[0].system.as_deref(), Some("assistant"));
    assert_eq!(ia.findings[0].location.as_ref().unwrap().file, "systems/assistant.yaml");

    // A.6.2.8 event logging: stale for scoring, missing for the assistant: the weakest (missing) wins.
    let logging = requirement(&a, "A.6.2.8");
    assert_eq!(logging.status, Status::NonCompliant);
    let mut found = codes(logging);
    found.sort();
    assert_eq!(found, ["evidence-stale", "soa-justification-missing", "system-evidence-missing"]);

    // A.6.2.4 verification applies only to systems the organisation builds.
    let vv = requirement(&a, "A.6.2.4");
    let assistant = vv.systems.iter().find(|s| s.system == "assistant").unwrap();
    assert_eq!(assistant.status, Status::NotApplicable);
    assert_eq!(vv.status, Status::NonCompliant);

    // A.8.2 applies to providers only, and scoring excludes it with a justification.
    assert_eq!(requirement(&a, "A.8.2").status, Status::NotApplicable);

    // Per-system scores.
    let scoring = a.systems.iter().find(|s| s.id == "scoring").unwrap();
    assert_eq!(scoring.statuses["A.9.4"], Status::Compliant);
    assert_eq!(scoring.statuses["A.6.2.8"], Status::PartiallyCompliant);
    assert!(scoring.score.unwrap() < 50.0);
}

#[test]
fn development_controls_are_not_applicable_when_no_system_is_built() {
    let dir = workspace(&[
        ("organisation.yaml", ORGANISATION),
        ("assessment.yaml", "requirements: []\n"),
        ("systems/assistant.yaml", SYSTEM_BOUGHT),
        ("evidence/ia.md", "# Impact assessment\n"),
    ]);
    let a = assess_dir(dir.path());
    let r = requirement(&a, "A.7.5");
    assert_eq!(r.status, Status::NotApplicable);
    assert!(r.justification.as_deref().unwrap().contains("provider or producer"));
    assert!(r.findings.is_empty());
}

#[test]
fn out_of_scope_systems_are_not_assessed() {
    let retired = SYSTEM_BOUGHT.replace("ai_role: customer", "ai_role: customer\nin_scope: false");
    let dir = workspace(&[
        ("organisation.yaml", ORGANISATION),
        ("systems/assistant.yaml", &retired),
        ("evidence/ia.md", "# Impact assessment\n"),
    ]);
    let a = assess_dir(dir.path());
    assert_eq!(requirement(&a, "A.5.3").status, Status::NotApplicable);
    assert_eq!(a.summary.systems_in_scope, 0);
    assert!(!a.systems[0].in_scope);
}

#[test]
fn scores_follow_the_formula() {
    // 2 compliant, 1 partial, 1 non-compliant: (2 + 0.5) / 4 = 62.5 %.
    let ev = "\n    evidence:\n      - file: evidence/policy.md\n        reviewed: 2026-06-01\n";
    let assessment = format!(
        "requirements:\n  - requirement: \"4.1\"\n    status: compliant{ev}  - requirement: \"4.2\"\n    status: compliant{ev}  - requirement: \"4.3\"\n    status: partially_compliant\n    action: {{description: Finish it}}\n  - requirement: \"4.4\"\n    status: non_compliant\n    action: {{description: Start it}}\n"
    );
    let dir = with_assessment(&assessment);
    let a = assess_dir(dir.path());
    let clause4 = a.groups.iter().find(|g| g.id == "4").unwrap();
    assert_eq!(clause4.score, Some(62.5));
    assert_eq!(a.summary.score, Some(62.5));
    assert_eq!(a.summary.counts.compliant, 2);
    assert_eq!(a.summary.counts.partially_compliant, 1);
    assert_eq!(a.summary.counts.non_compliant, 1);
}

#[test]
fn a_per_system_gap_is_waived_when_every_system_that_falls_short_is_waived() {
    let waiver = "[[waiver]]\nrequirement = \"A.5.3\"\nsystem = \"assistant\"\nreason = \"Vendor assessment pending\"\nowner = \"CISO\"\nexpires = 2027-03-31\n";
    let dir = workspace(&[
        ("organisation.yaml", ORGANISATION),
        ("aims.toml", waiver),
        ("systems/scoring.yaml", SYSTEM_BUILT),
        ("systems/assistant.yaml", SYSTEM_BOUGHT),
        ("evidence/ia.md", "# Impact assessment\n"),
    ]);
    let a = assess_dir(dir.path());
    let ia = requirement(&a, "A.5.3");
    assert_eq!(ia.status, Status::NonCompliant);
    assert!(ia.waived);
    assert!(ia.systems.iter().find(|s| s.system == "assistant").unwrap().waived);
    assert_eq!(a.summary.waived, 1);
    assert_eq!(a.waivers[0].state, aims::assess::WaiverState::Active);
}
