//! The scoring rules of docs/scoring.md, one test per rule, on small in-memory workspaces (`load::from_files`). A
//! rule that changes changes here and in docs/scoring.md together.

use std::sync::OnceLock;

use aims::assess::{Assessment, Report, RequirementResult, SystemApplicability, SystemCounts, assess};
use aims::catalogue::{Catalogue, Scope};
use aims::render::{Format, Options, render};
use aims::rules::Code;
use aims::workspace::{LifecycleStage, Status};

const AS_OF: &str = "2026-11-27";
const ORGANISATION: &str = "name: Org\naims_scope: All AI systems\nai_roles: [provider, customer]\n";
/// A current evidence record, in flow style.
const CURRENT: &str = "{file: evidence/doc.md, reviewed: 2026-06-01}";

fn catalogue() -> &'static Catalogue {
    static CATALOGUE: OnceLock<Catalogue> = OnceLock::new();
    CATALOGUE.get_or_init(|| Catalogue::bundled().unwrap())
}

/// Assesses a workspace of `files` plus organisation.yaml and one evidence file, `evidence/doc.md`; panics on an
/// invalid workspace.
fn assess_files(files: &[(&str, &str)]) -> Assessment {
    let mut all: Vec<(String, Vec<u8>)> =
        vec![("organisation.yaml".into(), ORGANISATION.into()), ("evidence/doc.md".into(), b"# A document\n".to_vec())];
    all.extend(files.iter().map(|(p, c)| (p.to_string(), c.as_bytes().to_vec())));
    let as_of = AS_OF.parse().unwrap();
    let loaded = aims::load::from_files(&all, catalogue(), as_of);
    let workspace = loaded.workspace.unwrap_or_else(|| panic!("invalid workspace: {:#?}", loaded.diagnostics));
    assess(catalogue(), &workspace, as_of)
}

/// A system file: `id`, its role and stage, then `extra` lines (evidence, exclusions).
fn system(id: &str, role: &str, stage: &str, extra: &str) -> (String, String) {
    (
        format!("systems/{id}.yaml"),
        format!(
            "id: {id}\nname: System {id}\npurpose: Does things\nowner: Owner of {id}\nlifecycle_stage: {stage}\n\
             ai_role: {role}\n{extra}"
        ),
    )
}

/// `assess_files` over owned (path, contents) pairs.
fn assess_owned(files: &[(String, String)]) -> Assessment {
    let borrowed: Vec<(&str, &str)> = files.iter().map(|(p, c)| (p.as_str(), c.as_str())).collect();
    assess_files(&borrowed)
}

fn requirement<'a>(a: &'a Assessment, id: &str) -> &'a RequirementResult {
    a.requirements.iter().find(|r| r.id == id).unwrap()
}

fn entries(items: &[&str]) -> (String, String) {
    ("assessment.yaml".to_string(), format!("requirements:\n{}", items.concat()))
}

fn entry(id: &str, rest: &str) -> String {
    format!("  - requirement: \"{id}\"\n{rest}")
}

fn counts(r: &RequirementResult) -> &SystemCounts {
    r.system_counts.as_ref().expect("a per-system requirement")
}

// Rule 1: points per status, and what is left out of the score.
#[test]
fn compliant_scores_one_partial_half_non_compliant_nothing_and_the_rest_is_left_out() {
    let e = |id: &str, status: &str| {
        let evidence = format!("    evidence: [{CURRENT}]\n");
        entry(id, &format!("    status: {status}\n{}", if status == "compliant" { evidence.as_str() } else { "" }))
    };
    let a = assess_owned(&[entries(&[
        &e("4.1", "compliant"),
        &e("4.2", "partially_compliant"),
        &e("4.3", "non_compliant"),
        &entry("A.2.3", "    status: not_applicable\n    justification: No other policies exist\n"),
        &e("4.4", "not_assessed"),
    ])]);
    assert_eq!(requirement(&a, "4.1").score, Some(100.0));
    assert_eq!(requirement(&a, "4.2").score, Some(50.0));
    assert_eq!(requirement(&a, "4.3").score, Some(0.0));
    assert_eq!(requirement(&a, "A.2.3").score, None);
    assert_eq!(requirement(&a, "4.4").score, None);
    // Every requirement without an entry is not assessed; the score is (1 + 0.5 + 0) / 3.
    assert_eq!(a.summary.counts.compliant, 1);
    assert_eq!(a.summary.counts.not_applicable, 1 + 15);
    assert_eq!(a.summary.score, Some(50.0));
}

// Rule 2: a claim is not evidence.
#[test]
fn a_compliant_claim_without_current_evidence_scores_partially_compliant() {
    let a = assess_owned(&[entries(&[
        &entry("4.1", "    status: compliant\n"),
        &entry("4.2", "    status: compliant\n    evidence: [{file: evidence/gone.md, reviewed: 2026-06-01}]\n"),
        &entry("4.3", "    status: compliant\n    evidence: [{file: evidence/doc.md}]\n"),
        &entry("4.4", "    status: compliant\n    evidence: [{file: evidence/doc.md, reviewed: 2025-06-01}]\n"),
        &entry("5.1", &format!("    status: compliant\n    evidence: [{CURRENT}]\n")),
    ])]);
    for (id, code) in [
        ("4.1", Code::ClaimWithoutEvidence),
        ("4.2", Code::EvidenceMissing),
        ("4.3", Code::EvidenceUndated),
        ("4.4", Code::EvidenceStale),
    ] {
        let r = requirement(&a, id);
        assert_eq!((r.status, r.findings[0].code), (Status::PartiallyCompliant, code), "{id}");
    }
    assert_eq!(requirement(&a, "5.1").status, Status::Compliant);
}

// Rule 3: a declared gap stays a gap, whatever the evidence.
#[test]
fn a_declared_status_can_be_lowered_by_the_evidence_never_raised() {
    let a = assess_owned(&[entries(&[&entry(
        "4.1",
        &format!("    status: partially_compliant\n    evidence: [{CURRENT}]\n"),
    )])]);
    assert_eq!(requirement(&a, "4.1").status, Status::PartiallyCompliant);
    assert_eq!(requirement(&a, "4.1").findings[0].code, Code::GapDeclared);
}

// Rule 4: exclusions.
#[test]
fn an_exclusion_needs_a_justification_and_a_clause_cannot_be_excluded() {
    let a = assess_owned(&[entries(&[
        &entry("A.2.3", "    status: not_applicable\n    justification: No other policies exist\n"),
        &entry("A.2.4", "    status: not_applicable\n"),
        &entry("4.1", "    status: not_applicable\n    justification: We think so\n"),
    ])]);
    assert_eq!(requirement(&a, "A.2.3").status, Status::NotApplicable);
    assert_eq!(requirement(&a, "A.2.3").justification.as_deref(), Some("No other policies exist"));
    assert_eq!(requirement(&a, "A.2.4").status, Status::NonCompliant);
    assert_eq!(requirement(&a, "A.2.4").findings[0].code, Code::ExclusionUnjustified);
    assert_eq!(requirement(&a, "4.1").status, Status::NonCompliant);
    assert_eq!(requirement(&a, "4.1").findings[0].code, Code::ClauseNotExcludable);
}

// Rule 5: no entry, or `not_assessed`, on an organisation-level requirement.
#[test]
fn an_organisation_level_requirement_without_an_assessment_is_not_assessed_and_out_of_the_score() {
    let a = assess_owned(&[entries(&[&entry("4.1", "    status: not_assessed\n")])]);
    for id in ["4.1", "4.2"] {
        let r = requirement(&a, id);
        assert_eq!((r.status, r.score, r.findings[0].code), (Status::NotAssessed, None, Code::NotAssessed), "{id}");
    }
    assert_eq!(a.summary.score, None);
}

// Rule 6: a per-system control is assessed for each system from its record.
#[test]
fn each_system_shows_its_own_record_for_a_per_system_control() {
    let a = assess_owned(&[
        system("a", "provider", "operation", &format!("evidence:\n  event_logging: {CURRENT}\n")),
        system("b", "provider", "operation", "evidence:\n  event_logging: {file: evidence/doc.md}\n"),
        system("c", "provider", "operation", ""),
    ]);
    let r = requirement(&a, "A.6.2.8");
    let statuses: Vec<Status> = r.systems.iter().map(|s| s.status).collect();
    assert_eq!(statuses, [Status::Compliant, Status::PartiallyCompliant, Status::NonCompliant]);
    assert!(r.systems.iter().all(|s| s.applicability == SystemApplicability::Applies));
    assert_eq!(
        r.findings.iter().map(|f| f.code).collect::<Vec<_>>(),
        // No entry justifies A.6.2.8 in the Statement of Applicability (rule 20): noted last, status unchanged.
        [Code::EvidenceUndated, Code::SystemEvidenceMissing, Code::SoaJustificationMissing]
    );
}

// Rule 7: the weakest due system decides, and the proportion is always stated.
#[test]
fn one_system_without_a_log_record_makes_the_control_non_compliant_and_says_1_of_5() {
    let logged = format!("evidence:\n  event_logging: {CURRENT}\n");
    let mut files: Vec<(String, String)> =
        ["a", "b", "c", "d"].iter().map(|id| system(id, "customer", "operation", &logged)).collect();
    files.push(system("e", "customer", "operation", ""));
    files.push(system("f", "customer", "development", ""));
    let a = assess_owned(&files);
    let r = requirement(&a, "A.6.2.8");
    assert_eq!(r.status, Status::NonCompliant);
    let c = counts(r);
    assert_eq!((c.systems, c.compliant, c.non_compliant, c.not_yet_due), (6, 4, 1, 1));
    assert_eq!(r.system_summary().unwrap(), "4 of 5 systems compliant, 1 non-compliant; 1 not yet due");
}

// Rule 8: a `not_assessed` entry is a placeholder on a per-system control.
#[test]
fn a_not_assessed_placeholder_no_longer_hides_what_the_systems_show() {
    // The case 1: the record names a file that does not exist; the entry is the scaffold's placeholder.
    let a = assess_owned(&[
        system(
            "a",
            "provider",
            "operation",
            "evidence:\n  data_provenance: {file: evidence/lineage.md, reviewed: 2026-01-01}\n",
        ),
        entries(&[&entry("A.7.5", "    status: not_assessed\n")]),
    ]);
    let r = requirement(&a, "A.7.5");
    assert_eq!(r.status, Status::PartiallyCompliant);
    assert_eq!(r.declared, Some(Status::NotAssessed));
    assert_eq!(
        r.findings.iter().map(|f| f.code).collect::<Vec<_>>(),
        [Code::EvidenceMissing, Code::SoaJustificationMissing]
    );
    assert_eq!(r.score, Some(50.0));
}

// Rule 9: a declared status on a per-system control can only lower what the systems show.
#[test]
fn a_declared_status_on_a_per_system_control_only_lowers_the_systems() {
    let logged = format!("evidence:\n  event_logging: {CURRENT}\n");
    let files = |status: &str| {
        vec![
            system("a", "customer", "operation", &logged),
            entries(&[&entry("A.6.2.8", &format!("    status: {status}\n"))]),
        ]
    };
    let status = |s: &str| requirement(&assess_owned(&files(s)), "A.6.2.8").status;
    // No evidence of its own is needed: the systems' records are the evidence.
    assert_eq!(status("compliant"), Status::Compliant);
    assert_eq!(status("partially_compliant"), Status::PartiallyCompliant);
    assert_eq!(status("non_compliant"), Status::NonCompliant);
    // A compliant declaration does not raise a system that falls short.
    let a = assess_owned(&[
        system("a", "customer", "operation", ""),
        entries(&[&entry("A.6.2.8", "    status: compliant\n")]),
    ]);
    assert_eq!(requirement(&a, "A.6.2.8").status, Status::NonCompliant);
    // The entry's own evidence, when given, is checked and can lower it.
    let a = assess_owned(&[
        system("a", "customer", "operation", &logged),
        entries(&[&entry(
            "A.6.2.8",
            "    status: compliant\n    evidence: [{file: evidence/gone.md, reviewed: 2026-06-01}]\n",
        )]),
    ]);
    assert_eq!(requirement(&a, "A.6.2.8").status, Status::PartiallyCompliant);
}

// Rule 10: an organisation-wide exclusion.
#[test]
fn a_justified_organisation_wide_exclusion_excludes_the_control_for_every_system() {
    let a = assess_owned(&[
        system("a", "customer", "operation", ""),
        system("b", "customer", "development", ""),
        entries(&[&entry("A.6.2.8", "    status: not_applicable\n    justification: The supplier keeps all logs\n")]),
    ]);
    let r = requirement(&a, "A.6.2.8");
    assert_eq!((r.status, r.justification.as_deref()), (Status::NotApplicable, Some("The supplier keeps all logs")));
    assert!(r.findings.is_empty());
    assert!(r.systems.iter().all(|s| s.applicability == SystemApplicability::ExcludedForOrganisation));
    assert_eq!(r.systems[0].reason.as_deref(), Some("The supplier keeps all logs"));
    assert_eq!(r.system_summary().unwrap(), "due for none of 2 systems: 2 excluded");
    assert!(!r.is_not_yet_due());

    let a = assess_owned(&[
        system("a", "customer", "operation", ""),
        entries(&[&entry("A.6.2.8", "    status: not_applicable\n")]),
    ]);
    assert_eq!(requirement(&a, "A.6.2.8").status, Status::NonCompliant);
}

// Rule 11: a system's own exclusion.
#[test]
fn a_systems_own_exclusion_needs_a_justification() {
    let a = assess_owned(&[
        system(
            "a",
            "customer",
            "operation",
            "exclusions:\n  - requirement: \"A.6.2.8\"\n    justification: Runs offline, logs nothing\n",
        ),
        system("b", "customer", "operation", "exclusions:\n  - requirement: \"A.6.2.8\"\n"),
        system("c", "customer", "design", "exclusions:\n  - requirement: \"A.6.2.8\"\n"),
    ]);
    let r = requirement(&a, "A.6.2.8");
    let got: Vec<_> = r.systems.iter().map(|s| (s.status, s.applicability)).collect();
    assert_eq!(
        got,
        [
            (Status::NotApplicable, SystemApplicability::Excluded),
            (Status::NonCompliant, SystemApplicability::Applies),
            (Status::NotApplicable, SystemApplicability::NotYetDue),
        ]
    );
    assert_eq!(r.systems[0].reason.as_deref(), Some("Runs offline, logs nothing"));
    assert_eq!(r.findings.iter().filter(|f| f.code == Code::ExclusionUnjustified).count(), 2);
    assert_eq!(r.system_summary().unwrap(), "0 of 1 system compliant, 1 non-compliant; 1 not yet due, 1 excluded");
}

// Rule 12: the role of the organisation for the system.
#[test]
fn a_control_for_builders_does_not_apply_to_a_bought_in_system() {
    let a = assess_owned(&[system("a", "customer", "operation", ""), system("b", "provider", "operation", "")]);
    let r = requirement(&a, "A.7.5");
    assert_eq!(r.systems[0].applicability, SystemApplicability::OtherRole);
    assert_eq!(r.system_summary().unwrap(), "0 of 1 system compliant, 1 non-compliant; 1 in another AI role");
    let a = assess_owned(&[system("a", "customer", "operation", "")]);
    let r = requirement(&a, "A.7.5");
    assert_eq!(r.status, Status::NotApplicable);
    assert_eq!(
        r.justification.as_deref(),
        Some("applies to AI systems of which the organisation is the provider or producer; no in-scope system is")
    );
}

// Rule 13: life-cycle stages.
#[test]
fn a_system_in_development_is_not_yet_due_for_deployment_controls_and_they_leave_the_score() {
    let mut records = String::from("evidence:\n");
    for kind in [
        "impact_assessment",
        "impact_on_individuals",
        "societal_impact",
        "requirements_specification",
        "design_documentation",
        "data_quality",
        "data_provenance",
        "data_preparation",
    ] {
        records.push_str(&format!("  {kind}: {CURRENT}\n"));
    }
    let a = assess_owned(&[system("a", "provider", "development", &records)]);
    let r = requirement(&a, "A.6.2.8");
    assert_eq!((r.status, r.score), (Status::NotApplicable, None));
    assert!(r.is_not_yet_due());
    assert_eq!(
        r.systems[0].reason.as_deref(),
        Some("required from the deployment stage; the system is in development")
    );
    assert_eq!(
        r.justification.as_deref(),
        Some("not yet due for 1 system (due from the deployment stage, which it has not reached)")
    );
    // Everything due at development is met: the system scores 100%, nothing due later counts against it.
    assert_eq!(a.systems[0].score, Some(100.0));
    assert_eq!(a.systems[0].not_yet_due, ["A.6.2.4", "A.6.2.5", "A.6.2.6", "A.6.2.7", "A.6.2.8", "A.8.2", "A.9.4"]);
    assert_eq!(a.summary.not_yet_due, a.systems[0].not_yet_due);
    assert!(r.findings.is_empty());
}

#[test]
fn the_stage_table_of_docs_scoring_md_is_the_catalogues() {
    let doc = std::fs::read_to_string("docs/scoring.md").unwrap();
    let mut documented = Vec::new();
    for line in doc.lines().filter(|l| l.starts_with("| A.")) {
        let cells: Vec<&str> = line.split('|').map(str::trim).collect();
        documented.push((cells[1].to_string(), cells[3].trim_matches('`').to_string()));
    }
    let catalogue: Vec<(String, String)> = catalogue()
        .requirements()
        .filter(|r| r.scope == Scope::AiSystem)
        .map(|r| (r.id.clone(), r.due_from.map(LifecycleStage::as_str).unwrap().to_string()))
        .collect();
    assert_eq!(documented, catalogue);
}

// Rule 14: retired systems.
#[test]
fn a_retired_system_is_listed_but_out_of_every_per_system_control() {
    let a = assess_owned(&[system("old", "provider", "retired", ""), system("new", "provider", "operation", "")]);
    for r in a.requirements.iter().filter(|r| r.scope == Scope::AiSystem) {
        let old = r.system("old").unwrap();
        assert_eq!((old.status, old.applicability), (Status::NotApplicable, SystemApplicability::Retired), "{}", r.id);
        assert_eq!(counts(r).retired, 1);
        assert!(r.findings.iter().all(|f| f.system.as_deref() != Some("old")), "{}", r.id);
    }
    let old = a.systems.iter().find(|s| s.id == "old").unwrap();
    assert_eq!((old.in_scope, old.score), (true, None));
}

// Rule 15: a per-system control due for no system, and no entry.
#[test]
fn a_per_system_control_due_for_no_system_is_not_applicable_with_the_reason() {
    let a = assess_owned(&[]);
    assert_eq!(requirement(&a, "A.6.2.8").justification.as_deref(), Some("no AI system is in scope"));
    assert_eq!(requirement(&a, "A.6.2.8").system_summary().unwrap(), "no AI system in scope");
    // An entry of its own is then assessed like an organisation-level one: it needs its own evidence.
    let a = assess_owned(&[
        system("a", "customer", "concept", ""),
        entries(&[&entry("A.6.2.8", "    status: compliant\n")]),
    ]);
    let r = requirement(&a, "A.6.2.8");
    assert_eq!(r.status, Status::PartiallyCompliant);
    assert_eq!(r.findings[0].code, Code::ClaimWithoutEvidence);
}

// Rule 16: the EU AI Act lowers what the systems show.
#[test]
fn eu_ai_act_flags_lower_a_due_control_and_a_prohibited_practice_at_any_stage() {
    let eu = |tier: &str| format!("eu_ai_act:\n  role: deployer\n  risk_tier: {tier}\n");
    let a = assess_owned(&[
        system("hr", "customer", "operation", &format!("{}evidence:\n  event_logging: {CURRENT}\n", eu("high_risk"))),
        system("hr-next", "customer", "development", &eu("high_risk")),
        system("ban", "customer", "concept", &eu("prohibited")),
        system("gone", "customer", "retired", &eu("prohibited")),
    ]);
    // A high-risk system without an impact assessment: A.5.3 is at most partial once due; not before.
    let r = requirement(&a, "A.5.3");
    assert_eq!(r.system("hr").unwrap().status, Status::NonCompliant);
    assert_eq!(r.system("hr-next").unwrap().status, Status::NonCompliant);
    let r = requirement(&a, "A.6.2.8");
    assert_eq!(r.system("hr").unwrap().status, Status::Compliant);
    assert!(r.system("hr-next").unwrap().is_not_yet_due());
    assert!(!r.findings.iter().any(|f| f.code == Code::EuHighRiskGap));
    // A prohibited practice is flagged even at the concept stage, never for a retired system.
    let r = requirement(&a, "A.5.4");
    assert_eq!(r.system("ban").unwrap().status, Status::NonCompliant);
    assert_eq!(r.system("ban").unwrap().applicability, SystemApplicability::Applies);
    assert_eq!(r.system("gone").unwrap().applicability, SystemApplicability::Retired);
    assert_eq!(r.findings.iter().filter(|f| f.code == Code::EuProhibitedPractice).count(), 1);
}

// Rule 17: waivers accept gaps, they never meet them.
#[test]
fn a_waiver_keeps_the_status_and_the_score_and_is_counted_apart() {
    let toml = "[[waiver]]\nrequirement = \"A.6.2.8\"\nsystem = \"a\"\nreason = \"Migration\"\nowner = \"CTO\"\nexpires = 2027-03-31\n";
    let a = assess_owned(&[
        system("a", "customer", "operation", ""),
        system("b", "customer", "operation", &format!("evidence:\n  event_logging: {CURRENT}\n")),
        ("aims.toml".to_string(), toml.to_string()),
        entries(&[&entry("A.6.2.8", "    status: not_assessed\n")]),
    ]);
    let r = requirement(&a, "A.6.2.8");
    assert_eq!((r.status, r.waived, r.score), (Status::NonCompliant, true, Some(0.0)));
    assert_eq!(counts(r).waived, 1);
    assert_eq!(r.system_summary().unwrap(), "1 of 2 systems compliant, 1 non-compliant (1 waived)");
}

// Rule 18: every system is counted once.
#[test]
fn every_in_scope_system_is_counted_exactly_once_under_every_per_system_control() {
    let a = assess_owned(&[
        system("a", "customer", "operation", ""),
        system("b", "provider", "design", "exclusions:\n  - requirement: \"A.5.3\"\n    justification: Covered by a\n"),
        system("c", "producer", "retired", ""),
        system("d", "provider", "verification", &format!("evidence:\n  impact_assessment: {CURRENT}\n")),
        (
            "systems/e.yaml".to_string(),
            "id: e\nname: E\npurpose: P\nowner: O\nlifecycle_stage: operation\nai_role: customer\nin_scope: false\n"
                .to_string(),
        ),
    ]);
    for r in a.requirements.iter().filter(|r| r.scope == Scope::AiSystem) {
        let c = counts(r);
        assert_eq!(c.systems, 4, "{}", r.id);
        assert_eq!(c.due() + c.not_yet_due + c.excluded + c.other_role + c.retired, c.systems, "{}", r.id);
    }
    assert!(a.requirements.iter().filter(|r| r.scope == Scope::Organisation).all(|r| r.system_counts.is_none()));
}

/// Every format describes a per-system requirement with its counts.
#[test]
fn every_format_states_how_the_systems_of_a_per_system_requirement_stand() {
    let logged = format!("evidence:\n  event_logging: {CURRENT}\n");
    let a = assess_owned(&[
        system("a", "customer", "operation", &logged),
        system("b", "customer", "operation", ""),
        system("c", "customer", "development", ""),
    ]);
    let sentence = "1 of 2 systems compliant, 1 non-compliant; 1 not yet due";
    assert_eq!(requirement(&a, "A.6.2.8").system_summary().unwrap(), sentence);
    let report = Report::new(&a, None);
    for format in [Format::Markdown, Format::Table, Format::Csv, Format::Junit, Format::Sarif, Format::Github] {
        let out = render(&report, format, Options::default()).unwrap();
        // The terminal table wraps a long cell, so only the start of the sentence is on one line there.
        let expected = if format == Format::Table { &sentence[..40] } else { sentence };
        assert!(out.contains(expected), "{format} lacks the counts");
    }
    let json = render(&report, Format::Json, Options::default()).unwrap();
    assert!(json.contains("\"not_yet_due\": 1"), "the JSON report carries the counts");
    let junit = render(&report, Format::Junit, Options::default()).unwrap();
    assert!(junit.contains(
        "<skipped message=\"not yet due: required from the deployment stage; the system is in development\"/>"
    ));

    // A control not yet due for any system is reported as such, not as an exclusion.
    let a = assess_owned(&[system("c", "customer", "development", "")]);
    let report = Report::new(&a, None);
    let markdown = render(&report, Format::Markdown, Options::default()).unwrap();
    let not_yet_due = markdown.split("## Not yet due").nth(1).expect("a Not yet due section");
    let (not_yet_due, excluded) = not_yet_due.split_once("## Excluded").unwrap();
    assert!(not_yet_due.contains("| A.6.2.5 |") && !excluded.contains("| A.6.2.5 |"));
    let table = render(&report, Format::Table, Options::default()).unwrap();
    assert!(table.contains("Not yet due at the systems' life-cycle stages (left out of the score): A.6.2.5, A.6.2.6"));
}

#[test]
fn aims_init_writes_no_placeholder_for_a_per_system_control() {
    let dir = tempfile::tempdir().unwrap();
    aims::init::scaffold(catalogue(), dir.path(), false).unwrap();
    let assessment = std::fs::read_to_string(dir.path().join("assessment.yaml")).unwrap();
    for r in catalogue().requirements() {
        let placeholder = format!("- requirement: \"{}\"", r.id);
        assert_eq!(assessment.contains(&placeholder), r.scope == Scope::Organisation, "{}", r.id);
    }
}

// Rule 15, the case 3: the reason names the systems' own exclusions, not a role they do not have.
#[test]
fn a_control_excluded_for_every_system_no_longer_claims_that_no_system_is_a_provider() {
    let exclusion = "exclusions:\n  - requirement: \"A.7.5\"\n    justification: Trained only on synthetic data\n";
    let a = assess_owned(&[system("a", "provider", "operation", exclusion)]);
    let r = requirement(&a, "A.7.5");
    assert_eq!(r.status, Status::NotApplicable);
    assert_eq!(r.justification.as_deref(), Some("excluded for system a: Trained only on synthetic data"));
    let a = assess_owned(&[
        system("a", "provider", "operation", exclusion),
        system("b", "provider", "operation", exclusion),
        system("c", "customer", "operation", ""),
    ]);
    assert_eq!(
        requirement(&a, "A.7.5").justification.as_deref(),
        Some(
            "excluded for each system with its own justification (a: Trained only on synthetic data; b: Trained \
             only on synthetic data); 1 system for which the organisation is not the provider or producer"
        )
    );
}
