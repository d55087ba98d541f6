//! The decisions the assessment records once, for every renderer to read: each finding's severity and the waivers
//! that accept it, the waivers of requirements and systems, the EU AI Act flags weighed before waivers, the headline
//! finding, and the gate's verdict beside an unchanged assessment.

mod common;

use aims::assess::{Assessment, Report, Severity, WaiverState};
use aims::catalogue::Catalogue;
use aims::rules::Code;
use aims::workspace::Status;
use common::*;
use serde_json::Value;

const EV: &str = "\n    evidence:\n      - file: evidence/policy.md\n        reviewed: 2026-06-01\n";

fn waiver(requirement: &str, system: Option<&str>, expires: &str) -> String {
    let system = system.map_or_else(String::new, |s| format!("system = \"{s}\"\n"));
    format!(
        "\n[[waiver]]\nrequirement = \"{requirement}\"\n{system}reason = \"Accepted for now\"\nowner = \"CISO\"\nexpires = {expires}\n"
    )
}

/// A high-risk system the organisation deploys, with every record except what `drop` names.
fn high_risk(id: &str, tier: &str, drop: &[&str]) -> String {
    let mut out = format!(
        "id: {id}\nname: System {id}\npurpose: Screens applications\nowner: Head of HR\nlifecycle_stage: operation\n\
         ai_role: customer\neu_ai_act:\n  role: deployer\n  risk_tier: {tier}\n  annex_iii_area: \"Annex III 4(a): recruitment\"\n"
    );
    if !drop.contains(&"human_oversight") {
        out.push_str("human_oversight: A recruiter reviews every ranking.\n");
    }
    out.push_str("evidence:\n");
    for kind in ["impact_assessment", "impact_on_individuals", "societal_impact", "intended_use", "event_logging"] {
        if !drop.contains(&kind) {
            out.push_str(&format!("  {kind}: {{file: evidence/policy.md, reviewed: 2026-06-01}}\n"));
        }
    }
    out
}

fn assess_files(files: &[(&str, &str)]) -> Assessment {
    let mut all = vec![("organisation.yaml", ORGANISATION), ("evidence/policy.md", "# Policy\n")];
    all.extend_from_slice(files);
    let dir = workspace(&all);
    assess_dir(dir.path())
}

/// Every finding of the assessment weighs `note` exactly when a waiver accepts it, and its waivers are active.
fn assert_consistent(a: &Assessment) {
    for r in &a.requirements {
        assert_eq!(r.waived, !r.waived_by.is_empty(), "{}", r.id);
        for s in &r.systems {
            assert_eq!(s.waived, !s.waived_by.is_empty(), "{} {}", r.id, s.system);
        }
        for f in &r.findings {
            assert_eq!(f.severity == Severity::Note, f.is_waived(), "{} {}", r.id, f.code);
            for &i in &f.waived_by {
                assert_eq!(a.waivers[i].state, WaiverState::Active, "{} {}", r.id, f.code);
                assert_eq!(a.waivers[i].requirement, r.id);
            }
        }
    }
}

#[test]
fn a_findings_severity_follows_its_status_and_waivers() {
    let assessment = format!(
        "requirements:\n  - requirement: \"4.3\"\n    status: partially_compliant\n    action: {{description: Finish it}}\n  \
         - requirement: \"4.4\"\n    status: non_compliant\n    action: {{description: Start it}}\n  \
         - requirement: \"7.4\"\n    status: non_compliant\n    action: {{description: Plan it}}\n  \
         - requirement: \"5.2\"\n    status: compliant{EV}"
    );
    let toml = waiver("7.4", None, "2027-03-31") + &waiver("10.1", None, "2026-01-31");
    let a = assess_files(&[("assessment.yaml", &assessment), ("aims.toml", &toml)]);
    assert_consistent(&a);
    let severity = |id: &str| requirement(&a, id).findings.iter().map(|f| (f.code, f.severity)).collect::<Vec<_>>();

    // A partial gap warns; a non-compliant one is an error.
    assert_eq!(severity("4.3"), [(Code::GapDeclared, Severity::Warning)]);
    assert_eq!(severity("4.4"), [(Code::GapDeclared, Severity::Error)]);
    // A waived gap is a note, naming its waiver; the status stays.
    let waived = requirement(&a, "7.4");
    assert_eq!(waived.status, Status::NonCompliant);
    assert_eq!(waived.waived_by, [0]);
    assert_eq!(severity("7.4"), [(Code::GapDeclared, Severity::Note)]);
    assert_eq!(waived.findings[0].waived_by, [0]);
    // An expired waiver accepts nothing and is an error; the gap it named weighs as if it had none.
    let expired = requirement(&a, "10.1");
    assert!(!expired.waived && expired.waived_by.is_empty());
    assert_eq!(severity("10.1"), [(Code::NotAssessed, Severity::Warning), (Code::WaiverExpired, Severity::Error)]);
    assert_eq!(a.waivers[1].state, WaiverState::Expired);
    // Nothing to weigh where nothing falls short.
    assert!(requirement(&a, "5.2").findings.is_empty());
}

#[test]
fn a_system_waiver_makes_that_systems_findings_notes_and_the_requirement_waived_when_it_is_the_only_gap() {
    let a = assess_files(&[
        ("systems/screening.yaml", &high_risk("screening", "minimal", &["impact_assessment"])),
        ("systems/triage.yaml", &high_risk("triage", "minimal", &["impact_assessment", "event_logging"])),
        (
            "aims.toml",
            &(waiver("A.5.3", Some("screening"), "2027-03-31") + &waiver("A.6.2.8", Some("triage"), "2027-03-31")),
        ),
    ]);
    assert_consistent(&a);
    // A.5.3: both systems fall short, one is waived: the requirement is not.
    let ia = requirement(&a, "A.5.3");
    assert!(!ia.waived);
    assert_eq!(ia.system("screening").unwrap().waived_by, [0]);
    assert!(!ia.system("triage").unwrap().waived);
    let by_system = |r: &aims::assess::RequirementResult, id: &str| {
        r.findings.iter().find(|f| f.system.as_deref() == Some(id)).map(|f| f.severity)
    };
    assert_eq!(by_system(ia, "screening"), Some(Severity::Note));
    assert_eq!(by_system(ia, "triage"), Some(Severity::Error));
    // A.6.2.8: the only system that falls short is waived, so the requirement is waived through it.
    let logging = requirement(&a, "A.6.2.8");
    assert!(logging.waived);
    assert_eq!(logging.waived_by, [1]);
    assert_eq!(by_system(logging, "triage"), Some(Severity::Note));
}

#[test]
fn an_eu_ai_act_flag_on_a_waived_requirement_stays_waived() {
    // The flag alone lowers A.9.4 (no human oversight) and adds to A.6.2.8's missing log record; waivers for the
    // system and for the whole requirement accept the gaps, flags included.
    let toml = waiver("A.9.4", Some("screening"), "2027-03-31") + &waiver("A.6.2.8", None, "2027-03-31");
    let a = assess_files(&[
        ("systems/screening.yaml", &high_risk("screening", "high_risk", &["human_oversight", "event_logging"])),
        ("aims.toml", &toml),
    ]);
    assert_consistent(&a);

    let oversight = requirement(&a, "A.9.4");
    assert_eq!(oversight.status, Status::PartiallyCompliant);
    assert_eq!(
        oversight.findings.iter().map(|f| f.code).collect::<Vec<_>>(),
        [Code::EuHighRiskGap, Code::SoaJustificationMissing]
    );
    assert!(oversight.waived, "the flag is weighed before the waiver, not after it");
    assert_eq!(oversight.waived_by, [0]);
    assert!(oversight.system("screening").unwrap().waived);
    assert_eq!(oversight.findings[0].severity, Severity::Note);

    let logging = requirement(&a, "A.6.2.8");
    assert_eq!(logging.status, Status::NonCompliant);
    assert!(logging.findings.iter().any(|f| f.code == Code::EuHighRiskGap));
    assert!(logging.waived);
    assert_eq!(logging.waived_by, [1]);
    assert!(logging.findings.iter().all(|f| f.severity == Severity::Note && f.waived_by == [1]));
    assert!(a.waivers.iter().all(|w| w.state == WaiverState::Active));
    assert_eq!(a.summary.waived, 2);
    assert!(a.warnings().is_empty());
}

#[test]
fn no_waiver_accepts_a_prohibited_practice() {
    let toml = waiver("A.5.4", Some("monitor"), "2027-03-31") + &waiver("A.5.4", None, "2027-03-31");
    let a = assess_files(&[("systems/monitor.yaml", &high_risk("monitor", "prohibited", &[])), ("aims.toml", &toml)]);
    assert_consistent(&a);
    let r = requirement(&a, "A.5.4");
    assert_eq!(r.status, Status::NonCompliant);
    assert!(!r.waived && r.waived_by.is_empty());
    assert!(!r.system("monitor").unwrap().waived);
    let flag = r.findings.iter().find(|f| f.code == Code::EuProhibitedPractice).expect("flagged");
    assert_eq!(flag.severity, Severity::Error);
    // The system's waiver matches no gap it may accept, and the assessment says so.
    assert_eq!(a.waivers[0].state, WaiverState::Unused);
    let warnings = a.warnings();
    assert_eq!(warnings.len(), 1);
    assert_eq!(warnings[0].code, Code::WaiverUnused);
    assert_eq!(warnings[0].message, "the waiver for A.5.4 for system monitor matches no gap");
    // The waiver's `requirement` line (the file starts with a blank line, then `[[waiver]]`).
    assert_eq!((warnings[0].file.as_str(), warnings[0].line), ("aims.toml", 3));
}

#[test]
fn a_planned_action_is_overdue_when_an_eu_ai_act_flag_alone_makes_the_gap() {
    let assessment = "requirements:\n  - requirement: \"A.9.4\"\n    status: compliant\n    action:\n      description: Describe the oversight\n      due: 2026-01-31\n";
    let a = assess_files(&[
        ("systems/screening.yaml", &high_risk("screening", "high_risk", &["human_oversight"])),
        ("assessment.yaml", assessment),
    ]);
    let r = requirement(&a, "A.9.4");
    assert_eq!(r.status, Status::PartiallyCompliant);
    assert!(r.recorded_action.as_ref().unwrap().overdue);
    assert_eq!(
        r.findings.iter().map(|f| f.code).collect::<Vec<_>>(),
        [Code::ActionOverdue, Code::EuHighRiskGap, Code::SoaJustificationMissing]
    );
}

#[test]
fn the_headline_is_the_first_finding_that_does_more_than_restate_the_declared_status() {
    let assessment = format!(
        "requirements:\n  - requirement: \"9.2.1\"\n    status: non_compliant\n    action:\n      description: Audit\n      due: 2026-10-31\n  \
         - requirement: \"9.2.2\"\n    status: partially_compliant\n    action: {{description: Plan audits}}\n  \
         - requirement: \"5.2\"\n    status: compliant{EV}  \
         - requirement: \"4.1\"\n    status: partially_compliant\n    evidence:\n      - file: evidence/missing.md\n        reviewed: 2026-06-01\n    action: {{description: Find it}}\n"
    );
    let a = assess_files(&[
        ("assessment.yaml", &assessment),
        ("systems/screening.yaml", &high_risk("screening", "minimal", &["impact_assessment"])),
    ]);
    let headline = |id: &str| requirement(&a, id).headline_finding().map(|f| f.code);
    // gap-declared, then action-overdue: the overdue action states the gap better.
    assert_eq!(codes(requirement(&a, "9.2.1")), ["gap-declared", "action-overdue"]);
    assert_eq!(requirement(&a, "9.2.1").headline, Some(1));
    // Only the declared gap: it is the headline.
    assert_eq!(headline("9.2.2"), Some(Code::GapDeclared));
    // The first finding that is not gap-declared wins even when it comes first.
    assert_eq!(headline("4.1"), Some(Code::EvidenceMissing));
    // No findings, no headline.
    assert_eq!(requirement(&a, "5.2").headline, None);
    // A system's headline is its first finding, as an index into the requirement's findings.
    let ia = requirement(&a, "A.5.3");
    let k = ia.system("screening").unwrap().headline.expect("a headline");
    assert_eq!(ia.findings[k].system.as_deref(), Some("screening"));
    assert_eq!(ia.findings[k].code, Code::SystemImpactAssessmentMissing);
}

/// The examples, and the SaaS example with waivers (one for a system, one for a requirement, one expired).
fn assessments() -> Vec<Assessment> {
    let dir = tempfile::tempdir().unwrap();
    let waived = dir.path().join("waived");
    copy_dir(std::path::Path::new("examples/saas-ai-customer"), &waived);
    let toml = std::fs::read_to_string(waived.join("aims.toml")).unwrap()
        + &waiver("A.5.3", Some("code-assistant"), "2027-03-31")
        + &waiver("A.7.3", None, "2027-01-31")
        + &waiver("10.1", None, "2026-01-31");
    std::fs::write(waived.join("aims.toml"), toml).unwrap();
    [
        "examples/saas-ai-customer",
        "examples/fintech-ai-provider",
        "examples/us-federal-sample",
        "examples/healthtech-provider",
    ]
    .iter()
    .map(|p| assess_dir(std::path::Path::new(p)))
    .chain([assess_dir(&waived)])
    .collect()
}

#[test]
fn every_renderer_shows_the_severity_the_json_report_records() {
    for a in assessments() {
        assert_consistent(&a);
        let report = Report::new(&a, None);
        let json: Value = serde_json::from_str(&aims::render::report_json(&report)).unwrap();
        let options = aims::render::Options::default();
        let sarif: Value =
            serde_json::from_str(&aims::render::render(&report, aims::render::Format::Sarif, options).unwrap())
                .unwrap();
        let github = aims::render::render(&report, aims::render::Format::Github, options).unwrap();

        let findings: Vec<&Value> =
            json["requirements"].as_array().unwrap().iter().flat_map(|r| r["findings"].as_array().unwrap()).collect();
        let results = sarif["runs"][0]["results"].as_array().unwrap();
        let commands: Vec<&str> = github.lines().map(|l| l.split(' ').next().unwrap()).collect();
        assert_eq!(results.len(), findings.len());
        assert_eq!(commands.len(), findings.len() + 1, "one annotation per finding and a summary");
        // SARIF lists the most severe results first (catalogue order within a level); annotations follow the report.
        let rank = |f: &&Value| ["error", "warning", "note"].iter().position(|s| f["severity"] == *s).unwrap();
        let mut by_severity = findings.clone();
        by_severity.sort_by_key(rank);
        for (f, result) in by_severity.iter().zip(results) {
            let severity = f["severity"].as_str().unwrap();
            assert_eq!(result["level"], severity, "{f}");
            assert_eq!(result["ruleId"], f["code"]);
            assert_eq!(result["properties"]["system"], f["system"], "{f}");
            let waived = f.get("waived_by").is_some();
            assert_eq!(waived, severity == "note", "{f}");
            assert_eq!(result.get("suppressions").is_some(), waived, "{f}");
            assert_eq!(result["properties"]["waived"], waived);
        }
        for (f, command) in findings.iter().zip(&commands) {
            let expected = match f["severity"].as_str().unwrap() {
                "error" => "::error",
                "warning" => "::warning",
                _ => "::notice",
            };
            assert_eq!(*command, expected, "{f}");
        }
    }
}

#[test]
fn the_gate_is_reported_beside_an_unchanged_assessment() {
    let a = assess_dir(std::path::Path::new("examples/saas-ai-customer"));
    let before = serde_json::to_value(&a).unwrap();
    let policy = aims::workspace::GatePolicy { fail_under: Some(90.0), ..Default::default() };
    let catalogue = Catalogue::bundled().unwrap();
    let gate = aims::gate::evaluate(&catalogue, &a, &policy);
    assert!(gate.as_ref().is_some_and(|g| !g.passed));
    assert_eq!(serde_json::to_value(&a).unwrap(), before, "evaluating the gate changes nothing");

    let text = aims::render::report_json(&Report::new(&a, gate));
    let gate_at = text.find("\n  \"gate\": {").expect("a gate");
    assert!(text.find("\n  \"waivers\": ").unwrap() < gate_at, "gate is the report's last field");
    let mut report: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(report["gate"]["passed"], false);
    report.as_object_mut().unwrap().remove("gate");
    assert_eq!(
        report, before,
        "the report is the assessment's fields (the EU AI Act results among them), then the gate"
    );
    // Without a gate, `gate` is null.
    let plain: Value = serde_json::from_str(&aims::render::report_json(&Report::new(&a, None))).unwrap();
    assert!(plain["gate"].is_null());
}
