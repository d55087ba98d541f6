//! The Statement of Applicability's justifications are an assessed finding that lowers 6.1.3 (docs/scoring.md, rule
//! 20), a member of a record family lowered by another member's record says so (rule 19), and every status below
//! compliant has a reason beside it (rule 21), in the bundled examples and every test fixture.

mod common;

use std::path::Path;

use aims::assess::Applicability;
use aims::workspace::Status;
use common::{AS_OF, ORGANISATION, aims, assess_dir, codes, requirement, workspace};
use serde_json::Value;

const ENTRIES: &str = "\
requirements:
  - requirement: \"6.1.3\"
    status: compliant
    evidence:
      - file: evidence/treatment.md
        reviewed: 2026-10-01
  - requirement: \"A.2.2\"
    status: compliant
    evidence:
      - file: evidence/policy.md
        reviewed: 2026-10-01
  - requirement: \"A.2.3\"
    status: compliant
    justification: The AI policy must agree with the information security and privacy policies.
    evidence:
      - file: evidence/policy.md
        reviewed: 2026-10-01
";

const FILES: [(&str, &str); 2] =
    [("evidence/treatment.md", "# Risk treatment\n"), ("evidence/policy.md", "# Policy\n")];

fn soa(dir: &Path) -> Value {
    let output = aims(&["soa", dir.to_str().unwrap(), "--format", "json", "--as-of", AS_OF]);
    serde_json::from_slice(&output.stdout)
        .unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&output.stderr)))
}

fn control<'a>(soa: &'a Value, id: &str) -> &'a Value {
    soa["controls"].as_array().unwrap().iter().find(|c| c["id"] == id).unwrap()
}

#[test]
fn an_soa_without_justifications_does_not_leave_6_1_3_compliant() {
    let dir = workspace(&[("organisation.yaml", ORGANISATION), ("assessment.yaml", ENTRIES), FILES[0], FILES[1]]);
    let a = assess_dir(dir.path());

    // The control keeps its own status (it is in place) and carries the finding, located at its entry.
    let a22 = requirement(&a, "A.2.2");
    assert_eq!(a22.status, Status::Compliant);
    let finding = a22.findings.iter().find(|f| f.code == "soa-justification-missing").expect("A.2.2's finding");
    assert_eq!(finding.location.as_ref().map(|l| (l.file.as_str(), l.line)), Some(("assessment.yaml", 7)));
    // A justified control has none.
    assert!(!codes(requirement(&a, "A.2.3")).contains(&"soa-justification-missing"));
    // A control without an entry is located at the assessment file, where its entry belongs.
    let a24 = requirement(&a, "A.2.4");
    let finding = a24.findings.iter().find(|f| f.code == "soa-justification-missing").expect("A.2.4's finding");
    assert_eq!(finding.location.as_ref().map(|l| (l.file.as_str(), l.line)), Some(("assessment.yaml", 0)));

    // 6.1.3, which produces the SoA, is at most partially compliant, with one finding naming every control.
    let soa_clause = requirement(&a, "6.1.3");
    assert_eq!(soa_clause.status, Status::PartiallyCompliant);
    assert_eq!(soa_clause.score, Some(50.0));
    let summary: Vec<_> = soa_clause.findings.iter().filter(|f| f.code == "soa-justification-missing").collect();
    assert_eq!(summary.len(), 1, "{:?}", soa_clause.findings);
    let unjustified: Vec<&str> = a
        .requirements
        .iter()
        .filter(|r| r.applicability == Applicability::Included)
        .filter(|r| r.findings.iter().any(|f| f.code == "soa-justification-missing"))
        .map(|r| r.id.as_str())
        .filter(|id| id.starts_with("A."))
        .collect();
    assert!(unjustified.contains(&"A.2.2") && !unjustified.contains(&"A.2.3"));
    assert!(
        summary[0].message.starts_with(&format!("{} Annex A controls", unjustified.len())),
        "{}",
        summary[0].message
    );
    assert!(summary[0].message.contains("A.2.2, A.2.4"), "{}", summary[0].message);
    assert_eq!(soa_clause.headline.map(|h| soa_clause.findings[h].code.as_str()), Some("soa-justification-missing"));

    // The SoA reads the same findings and counts them as 6.1.3's finding does.
    let soa = soa(dir.path());
    assert_eq!(soa["unjustified"].as_u64(), Some(unjustified.len() as u64));
    assert_eq!(control(&soa, "A.2.2")["findings"][0]["code"], "soa-justification-missing");
    assert_eq!(control(&soa, "A.2.3")["findings"], serde_json::json!([]));
}

#[test]
fn a_control_chosen_by_a_risk_treatment_is_justified() {
    let risks = "\
risks:
  - id: R-1
    title: The policy is ignored
    systems: []
    owner: Head of Risk
    inherent: {likelihood: 3, consequence: 4}
    treatment:
      option: modify
      controls: [\"A.2.2\"]
      actions:
        - description: Brief every team on the policy
          owner: Head of Risk
          due: 2026-12-31
    residual: {likelihood: 1, consequence: 2}
    reviewed: 2026-10-01
";
    let dir = workspace(&[
        ("organisation.yaml", ORGANISATION),
        ("assessment.yaml", ENTRIES),
        ("risks.yaml", risks),
        FILES[0],
        FILES[1],
    ]);
    let a = assess_dir(dir.path());
    let a22 = requirement(&a, "A.2.2");
    assert!(!codes(a22).contains(&"soa-justification-missing"), "{:?}", a22.findings);
    assert_eq!(a22.justification.as_deref(), Some("Selected to treat AI risk R-1 of the risk register."));
    // The entry's own words win over the register's.
    assert!(requirement(&a, "A.2.3").justification.as_deref().unwrap().starts_with("The AI policy must agree"));

    let soa = soa(dir.path());
    let c = control(&soa, "A.2.2");
    assert_eq!(c["justification"], "Selected to treat AI risk R-1 of the risk register.");
    assert_eq!(c["findings"], serde_json::json!([]));
    let md = aims(&["soa", dir.path().to_str().unwrap(), "--as-of", AS_OF]);
    let md = String::from_utf8(md.stdout).unwrap();
    let row = md.lines().find(|l| l.starts_with("| A.2.2 |")).unwrap();
    assert!(!row.contains("**missing**") && row.contains("Selected to treat AI risk R-1"), "{row}");
}

#[test]
fn a_rejected_exclusion_is_counted_on_6_1_3_and_keeps_its_own_finding() {
    let entries = format!("{ENTRIES}  - requirement: \"A.9.3\"\n    status: not_applicable\n");
    let dir = workspace(&[("organisation.yaml", ORGANISATION), ("assessment.yaml", &entries), FILES[0], FILES[1]]);
    let a = assess_dir(dir.path());
    let a93 = requirement(&a, "A.9.3");
    assert_eq!(a93.applicability, Applicability::ExclusionRejected);
    assert!(codes(a93).contains(&"exclusion-unjustified"));
    assert!(!codes(a93).contains(&"soa-justification-missing"));
    let summary = requirement(&a, "6.1.3").findings.iter().find(|f| f.code == "soa-justification-missing").unwrap();
    assert!(summary.message.contains("so the exclusion is rejected: A.9.3"), "{}", summary.message);
    assert_eq!(control(&soa(dir.path()), "A.9.3")["findings"][0]["code"], "exclusion-unjustified");
}

#[test]
fn a_requirement_lowered_with_its_family_points_at_the_record_that_lowers_it() {
    let system = "id: scoring\nname: Scoring model\npurpose: Scores\nowner: Head of Risk\n\
                  lifecycle_stage: operation\nai_role: provider\n";
    // R-1 has no owner: unfit as a record, so 6.1.2, 6.1.3, 8.2 and 8.3 are all lowered.
    let risks = "risks:\n  - id: R-1\n    title: Drift\n    systems: [scoring]\n    inherent: {likelihood: 1, consequence: 2}\n    reviewed: 2026-10-01\n";
    let dir =
        workspace(&[("organisation.yaml", ORGANISATION), ("systems/scoring.yaml", system), ("risks.yaml", risks)]);
    let a = assess_dir(dir.path());
    assert!(codes(requirement(&a, "6.1.2")).contains(&"risk-incomplete"));
    for id in ["8.2", "8.3"] {
        let r = requirement(&a, id);
        assert_eq!(r.status, Status::PartiallyCompliant, "{id}");
        let pointer = r.findings.iter().find(|f| f.code == "risk-incomplete").unwrap_or_else(|| panic!("{id}"));
        assert!(
            pointer.message.starts_with(&format!("{id} is lowered with 6.1.2: risk R-1 has no owner")),
            "{}",
            pointer.message
        );
        assert!(pointer.message.ends_with("; see 6.1.2"), "{}", pointer.message);
        assert_eq!(pointer.location.as_ref().map(|l| l.file.as_str()), Some("risks.yaml"));
    }
    // 6.1.2 holds the finding itself and gets no pointer.
    assert_eq!(requirement(&a, "6.1.2").findings.iter().filter(|f| f.code == "risk-incomplete").count(), 1);

    // An unapproved impact assessment lowers A.5.4 and A.5.5 for the system with A.5.3: each points at A.5.3.
    let areas = "areas:\n  - {area: fundamental_rights, impact: a}\n  - {area: fairness, impact: b}\n  - {area: privacy, impact: c}\n  - {area: safety, impact: d}\n  - {area: economic, impact: e}\n  - {area: environment, impact: f}\n  - {area: societal, impact: g}\n";
    let ia = format!("system: scoring\nscope: Loans\n{areas}reviewed: 2026-09-01\n");
    let dir = workspace(&[
        ("organisation.yaml", ORGANISATION),
        ("systems/scoring.yaml", system),
        ("impact-assessments/scoring.yaml", &ia),
    ]);
    let a = assess_dir(dir.path());
    for id in ["A.5.4", "A.5.5", "6.1.4", "A.5.2"] {
        let r = requirement(&a, id);
        let pointer = r.findings.iter().find(|f| f.code == "impact-assessment-unapproved");
        let pointer = pointer.unwrap_or_else(|| panic!("{id}: {:?}", r.findings));
        assert!(pointer.message.contains(" is lowered with "), "{id}: {}", pointer.message);
    }
    let a54 = requirement(&a, "A.5.4");
    assert_eq!(
        a54.findings.iter().find(|f| f.code == "impact-assessment-unapproved").unwrap().system.as_deref(),
        Some("scoring")
    );
}

/// Every workspace the tests and the documentation run: the bundled examples, the test fixtures and each rule's
/// fixture that loads.
fn workspaces() -> Vec<String> {
    let mut dirs: Vec<String> = ["examples", "tests/fixtures"]
        .iter()
        .flat_map(|root| std::fs::read_dir(root).unwrap())
        .map(|e| e.unwrap().path())
        .filter(|p| p.join("organisation.yaml").is_file())
        .map(|p| p.to_str().unwrap().to_string())
        .collect();
    for entry in std::fs::read_dir("tests/rules").unwrap() {
        let path = entry.unwrap().path().join("workspace");
        if path.join("organisation.yaml").is_file() {
            dirs.push(path.to_str().unwrap().to_string());
        }
    }
    dirs.sort();
    dirs
}

#[test]
fn every_status_below_compliant_has_a_finding_that_says_why() {
    let catalogue = aims::catalogue::Catalogue::bundled().unwrap();
    let mut checked = 0;
    let mut missing = Vec::new();
    for dir in workspaces() {
        let loaded = aims::load::load(Path::new(&dir), &catalogue, common::as_of());
        let Some(workspace) = loaded.workspace else { continue };
        let a = aims::assess::assess(&catalogue, &workspace, common::as_of());
        checked += 1;
        let short = |s: Status| matches!(s, Status::PartiallyCompliant | Status::NonCompliant | Status::NotAssessed);
        for r in &a.requirements {
            if short(r.status) && r.findings.is_empty() {
                missing.push(format!("{dir} {}: {}", r.id, r.status.as_str()));
            }
            for s in r.systems.iter().filter(|s| short(s.status)) {
                if !r.findings.iter().any(|f| f.system.as_deref() == Some(s.system.as_str())) {
                    missing.push(format!("{dir} {} for {}: {}", r.id, s.system, s.status.as_str()));
                }
            }
        }
    }
    assert!(checked >= 10, "only {checked} workspaces loaded");
    assert!(missing.is_empty(), "statuses without a finding:\n{}", missing.join("\n"));
}
