//! The Statement of Applicability and the remediation plan tell the same truth as the report (issue 14, cases 2, 3,
//! 4 and 7), on the small fixture workspaces of tests/fixtures/ and on the bundled examples.

mod common;

use std::path::Path;

use common::{AS_OF, aims, copy_dir, plan_actions as actions, stdout_ok as ok};
use serde_json::Value;

const SOA_FIXTURE: &str = "tests/fixtures/soa-decisions";
const PLAN_FIXTURE: &str = "tests/fixtures/plan-shortfalls";
const EXAMPLES: [&str; 3] =
    ["examples/saas-ai-customer", "examples/fintech-ai-provider", "examples/healthtech-provider"];

fn json(verb: &str, dir: &str) -> Value {
    serde_json::from_str(&ok(&[verb, dir, "--as-of", AS_OF, "--format", "json"])).unwrap()
}

fn find<'a>(list: &'a Value, id: &str) -> &'a Value {
    list.as_array().unwrap().iter().find(|c| c["id"] == id).unwrap_or_else(|| panic!("{id} not found"))
}

// Case 2.
#[test]
fn a_rejected_exclusion_is_included_not_implemented_in_the_soa_as_in_the_report() {
    let report = json("gap", SOA_FIXTURE);
    let a93 = find(&report["requirements"], "A.9.3");
    assert_eq!(
        (a93["status"].as_str(), a93["applicability"].as_str()),
        (Some("non_compliant"), Some("exclusion_rejected"))
    );

    let soa = json("soa", SOA_FIXTURE);
    let c = find(&soa["controls"], "A.9.3");
    assert_eq!(c["included"], true);
    assert_eq!(c["applicability"], "exclusion_rejected");
    assert_eq!(c["findings"][0]["code"], "exclusion-unjustified");
    assert_eq!(soa["exclusion_rejected"], 1);

    let md = ok(&["soa", SOA_FIXTURE, "--as-of", AS_OF]);
    let row = md.lines().find(|l| l.starts_with("| A.9.3 |")).unwrap();
    assert!(
        row.contains("| Included (exclusion rejected) |") && row.contains("Non-compliant (exclusion rejected)"),
        "{row}"
    );
    // The organisation gave no reason, and the default (risk treatment) is only for controls it included.
    assert!(row.contains("| no reason stated |") && !row.contains("(assumed; to confirm)"), "{row}");
    assert!(
        md.contains("1 control the organisation marked not applicable has no justification, so it remains included")
    );

    let csv = ok(&["soa", SOA_FIXTURE, "--as-of", AS_OF, "--format", "csv"]);
    let row = csv.lines().find(|l| l.starts_with("A.9.3,")).unwrap();
    assert!(row.contains(",included,") && row.ends_with(",exclusion_rejected,false,false,,false,"), "{row}");
}

#[test]
fn the_fintech_soa_words_reasons_once_and_keeps_whose_evidence_it_is() {
    let dir = "examples/fintech-ai-provider";
    let md = ok(&["soa", dir, "--as-of", AS_OF]);
    assert!(!md.contains("not yet due: due from"), "a not-yet-due reason repeats its heading");
    assert!(md.contains("required from the development stage; the system is in design"));
    assert!(md.contains("Every control has a justification."), "fintech excludes no control");

    // A system's record citing the entry's own document is listed once, as the more specific, with the system.
    let row = md.lines().find(|l| l.starts_with("| A.5.5 |")).unwrap();
    assert!(row.contains("Nora, customer support assistant: Impact assessment, section 4"), "{row}");
    assert!(!row.contains("also for"), "{row}");

    // Controls included for a business need with a justification are backed by that reason.
    let report = json("gap", dir);
    let notes: Vec<&Value> = report["requirements"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|r| r["findings"].as_array().unwrap())
        .filter(|f| f["code"] == "control-without-reason")
        .collect();
    assert!(notes.is_empty(), "{notes:?}");
}

#[test]
fn soa_header_counts_match_its_rows_in_json_csv_and_markdown() {
    for dir in [SOA_FIXTURE, PLAN_FIXTURE, EXAMPLES[0], EXAMPLES[1], EXAMPLES[2]] {
        let soa = json("soa", dir);
        let controls = soa["controls"].as_array().unwrap();
        let included = controls.iter().filter(|c| c["included"] == true).count();
        assert_eq!(soa["included"].as_u64(), Some(included as u64), "{dir}");
        assert_eq!(soa["excluded"].as_u64(), Some((controls.len() - included) as u64), "{dir}");
        let unjustified = controls.iter().filter(|c| !c["findings"].as_array().unwrap().is_empty()).count();
        assert_eq!(soa["unjustified"].as_u64(), Some(unjustified as u64), "{dir}");
        // The SoA and the report agree on every control's applicability and status.
        let report = json("gap", dir);
        for c in controls {
            let r = find(&report["requirements"], c["id"].as_str().unwrap());
            assert_eq!((&c["applicability"], &c["status"]), (&r["applicability"], &r["status"]), "{dir} {}", c["id"]);
            let excluded =
                ["excluded", "excluded_for_every_system", "not_needed"].contains(&r["applicability"].as_str().unwrap());
            assert_eq!(c["included"] == false, excluded, "{dir} {}", c["id"]);
        }

        let csv = ok(&["soa", dir, "--as-of", AS_OF, "--format", "csv"]);
        let mut reader = csv::Reader::from_reader(csv.as_bytes());
        let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
        assert_eq!(rows.len(), controls.len());
        assert_eq!(rows.iter().filter(|r| &r[3] == "included").count(), included, "{dir}");

        let md = ok(&["soa", dir, "--as-of", AS_OF]);
        let header = format!(
            "{} of {} Annex A controls are included and {} excluded.",
            included,
            controls.len(),
            controls.len() - included
        );
        assert!(md.contains(&header), "{dir}: {header}");
        let rows = md.lines().filter(|l| l.starts_with("| A.")).collect::<Vec<_>>();
        assert_eq!(rows.iter().filter(|l| l.contains("| Included")).count(), included, "{dir}");
    }
}

// Case 3.
#[test]
fn a_per_system_exclusion_for_every_system_shows_each_systems_own_justification() {
    let soa = json("soa", SOA_FIXTURE);
    let c = find(&soa["controls"], "A.7.5");
    assert_eq!(
        (c["included"].as_bool(), c["applicability"].as_str()),
        (Some(false), Some("excluded_for_every_system"))
    );
    let justification = c["justification"].as_str().unwrap();
    assert!(!justification.contains("no in-scope system is"), "{justification}");
    for (system, words) in [("triage", "vendor's licensed data set"), ("scribe", "never stored for training")] {
        let s = find_system(c, system);
        assert_eq!(s["applies"], false);
        assert!(s["reason"].as_str().unwrap().contains(words), "{s}");
        assert!(justification.contains(words));
    }
    let md = ok(&["soa", SOA_FIXTURE, "--as-of", AS_OF, "--audience", "practitioner"]);
    let row = md.lines().find(|l| l.starts_with("| A.7.5 |")).unwrap();
    assert!(
        row.contains("**triage**: Triage is trained only") && row.contains("**scribe**: Scribe uses no data"),
        "{row}"
    );
    assert!(!row.contains("no in-scope system is"), "{row}");
    // The client's voice names each system by its name.
    let md = ok(&["soa", SOA_FIXTURE, "--as-of", AS_OF]);
    let row = md.lines().find(|l| l.starts_with("| A.7.5 |")).unwrap();
    assert!(row.contains("**Emergency triage model**: Triage is trained only"), "{row}");
    // The report's table of exclusions says the same.
    let report = ok(&["gap", SOA_FIXTURE, "--as-of", AS_OF, "--format", "markdown"]);
    let row = report.lines().find(|l| l.starts_with("| A.7.5 |")).unwrap();
    assert!(row.contains("Triage is trained only") && !row.contains("no in-scope system is"), "{row}");
}

fn find_system<'a>(control: &'a Value, id: &str) -> &'a Value {
    control["systems"].as_array().unwrap().iter().find(|s| s["id"] == id).unwrap()
}

// Case 4.
#[test]
fn per_system_evidence_and_exclusions_reach_the_soa_and_the_report_with_inline_marks() {
    let report = json("gap", SOA_FIXTURE);
    let a628 = find(&report["requirements"], "A.6.2.8");
    let records: Vec<(&str, &str, &Value)> = a628["evidence"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| (e["system"].as_str().unwrap(), e["file"].as_str().unwrap(), &e["shortfall"]))
        .collect();
    assert_eq!(
        records,
        [
            ("scribe", "evidence/scribe-logging.md", &Value::Null),
            ("triage", "evidence/triage-logging.md", &Value::from("evidence-missing"))
        ]
    );

    let soa = json("soa", SOA_FIXTURE);
    let marks = |id: &str| -> Vec<(String, Value)> {
        find(&soa["controls"], id)["evidence"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| (e["system"].as_str().unwrap_or("").to_string(), e["mark"].clone()))
            .collect()
    };
    assert_eq!(marks("A.6.2.8"), [("scribe".into(), Value::Null), ("triage".into(), Value::from("missing"))]);
    assert_eq!(marks("A.7.4"), [("triage".to_string(), Value::from("stale"))]);
    // An unjustified exclusion for one system is listed as rejected; a role that does not fit is a reason.
    let a624 = find(&soa["controls"], "A.6.2.4");
    assert_eq!(find_system(a624, "scribe")["exclusion_rejected"], true);
    assert_eq!(find_system(a624, "chat")["reason"], "the organisation is the customer of this system");

    let md = ok(&["soa", SOA_FIXTURE, "--as-of", AS_OF, "--audience", "practitioner"]);
    let row = |id: &str| md.lines().find(|l| l.starts_with(&format!("| {id} |"))).unwrap().to_string();
    assert!(row("A.6.2.8").contains("`evidence/triage-logging.md` (triage) **missing**"), "{}", row("A.6.2.8"));
    assert!(row("A.7.4").contains("**stale** (reviewed 2024-02-01)"), "{}", row("A.7.4"));
    assert!(row("A.6.2.4").contains("scribe: ❌ exclusion rejected"), "{}", row("A.6.2.4"));
}

#[test]
fn every_evidence_shortfall_is_the_finding_the_record_raised() {
    for dir in [SOA_FIXTURE, PLAN_FIXTURE, EXAMPLES[0], EXAMPLES[1], EXAMPLES[2]] {
        let report = json("gap", dir);
        for r in report["requirements"].as_array().unwrap() {
            for e in r["evidence"].as_array().unwrap() {
                let Some(code) = e["shortfall"].as_str() else { continue };
                let raised = r["findings"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .any(|f| f["code"] == code && f.get("system").and_then(Value::as_str) == e["system"].as_str());
                assert!(raised, "{dir} {}: {e} has no `{code}` finding", r["id"]);
            }
        }
    }
}

// Case 7.
#[test]
fn the_plan_never_tells_a_client_to_edit_yaml() {
    for dir in [PLAN_FIXTURE, SOA_FIXTURE, EXAMPLES[0], EXAMPLES[1], EXAMPLES[2]] {
        for a in actions(&json("plan", dir)) {
            let text = a["action"].as_str().unwrap();
            for yaml in
                ["`action:`", "justification:`", "`evidence:", "`reviewed", "aims controls", "workspace", ".yaml"]
            {
                assert!(!text.contains(yaml), "{dir}: {text}");
            }
        }
    }
}

#[test]
fn a_gap_over_three_systems_gets_one_action_per_system_owned_by_each_system_owner() {
    let plan = json("plan", PLAN_FIXTURE);
    let a75: Vec<Value> = actions(&plan).into_iter().filter(|a| a["requirement"] == "A.7.5").collect();
    let mut got: Vec<(String, String)> = a75
        .iter()
        .map(|a| (a["systems"][0].as_str().unwrap().to_string(), a["owner"].as_str().unwrap().to_string()))
        .collect();
    got.sort();
    assert_eq!(
        got,
        [
            ("imaging".to_string(), "Head of Radiology".to_string()),
            ("scribe".to_string(), "Director of Digital Health".to_string()),
            ("triage".to_string(), "Head of Clinical AI".to_string()),
        ]
    );
    for a in &a75 {
        assert!(a["problems"][0]["problem"].as_str().unwrap().contains("no data provenance record"), "{a}");
    }
}

#[test]
fn one_stale_policy_under_two_requirements_is_one_small_review_action() {
    let plan = json("plan", PLAN_FIXTURE);
    let policy: Vec<Value> = actions(&plan)
        .into_iter()
        .filter(|a| a["documents"].as_array().unwrap().iter().any(|d| d == "evidence/ai-policy.md"))
        .collect();
    assert_eq!(policy.len(), 1, "{policy:?}");
    let a = &policy[0];
    assert_eq!(a["requirements"], serde_json::json!(["5.2", "A.2.2"]));
    assert_eq!((a["effort"].as_str(), a["phase"].as_str()), (Some("small"), Some("before_stage_1")));
    assert_eq!(a["owner"], "Chief Executive Officer");
    let md = ok(&["plan", PLAN_FIXTURE, "--as-of", AS_OF]);
    assert!(md.contains("Closes 5.2, A.2.2 at once."));
}

#[test]
fn included_controls_not_fully_implemented_land_before_stage_2_and_documented_information_before_stage_1() {
    let catalogue = aims::catalogue::Catalogue::bundled().unwrap();
    for dir in [PLAN_FIXTURE, EXAMPLES[0], EXAMPLES[1], EXAMPLES[2]] {
        let plan = json("plan", dir);
        for a in actions(&plan) {
            let stage_1 = a["requirements"].as_array().unwrap().iter().any(|id| {
                let req = catalogue.get(id.as_str().unwrap()).unwrap();
                req.kind == aims::catalogue::Kind::Clause || req.documented_information
            });
            // Deciding whether a control applies is work on the Statement of Applicability, which stage 1 reviews.
            let soa_decision = a["findings"]
                .as_array()
                .unwrap()
                .iter()
                .any(|c| c == "exclusion-unjustified" || c == "soa-justification-missing");
            let stage_1 = stage_1 || soa_decision;
            let want = if stage_1 { "before_stage_1" } else { "before_stage_2" };
            // Work on AI systems' own records that the stage 2 audit samples may come later
            // (counts_agree::the_plan_and_the_readiness_verdict_put_work_in_the_same_stage pins when).
            let on_systems = !a["systems"].as_array().unwrap().is_empty();
            if on_systems && want == "before_stage_1" && a["phase"] == "before_stage_2" {
                assert_eq!(a["kind"], "control", "{dir}: a clause is never left to stage 2: {a}");
                continue;
            }
            assert_eq!(a["phase"], want, "{dir}: {a}");
        }
    }
    // A.9.3, partially implemented, is never left for after certification; as mandatory documented information
    // (ISO42001-FACTS.md) it comes before stage 1.
    let a93 = actions(&json("plan", PLAN_FIXTURE)).into_iter().find(|a| a["requirement"] == "A.9.3").unwrap();
    assert_eq!(a93["phase"], "before_stage_1");
}

#[test]
fn action_ids_stay_the_same_when_other_actions_come_and_go() {
    let before = json("plan", PLAN_FIXTURE);
    let dir = tempfile::tempdir().unwrap();
    copy_dir(Path::new(PLAN_FIXTURE), dir.path());
    // 9.3.2 is met now (one action goes), and A.9.3 cites a document that is not there (one action comes).
    let assessment = dir.path().join("assessment.yaml");
    let text = std::fs::read_to_string(&assessment).unwrap();
    let text = text
        .replace(
            "  - requirement: \"9.3.2\"\n    status: partially_compliant\n",
            "  - requirement: \"9.3.2\"\n    status: compliant\n    evidence:\n      - file: evidence/objectives.md\n        reviewed: 2026-09-01\n",
        )
        .replace(
            "      - file: evidence/objectives.md\n        reviewed: 2026-09-01\n    action:",
            "      - file: evidence/objectives.md\n        reviewed: 2026-09-01\n      - file: evidence/targets.md\n        reviewed: 2026-09-01\n    action:",
        );
    std::fs::write(&assessment, text).unwrap();
    let after = json("plan", dir.path().to_str().unwrap());
    let ids = |plan: &Value| -> Vec<(String, String, String)> {
        actions(plan)
            .iter()
            .map(|a| {
                let text = |k: &str| a[k].as_str().unwrap().to_string();
                (text("id"), text("requirement"), text("action"))
            })
            .collect()
    };
    let (before, after) = (ids(&before), ids(&after));
    assert_eq!(after.len(), before.len());
    for action in before.iter().filter(|a| a.1 != "9.3.2") {
        assert!(after.contains(action), "{action:?} changed ID");
    }
    assert!(!after.iter().any(|a| a.1 == "9.3.2"));
    assert!(after.iter().any(|a| a.2.contains("evidence/targets.md") && !before.iter().any(|b| b.0 == a.0)));
    let mut unique: Vec<&String> = after.iter().map(|a| &a.0).collect();
    unique.sort();
    unique.dedup();
    assert_eq!(unique.len(), after.len(), "action IDs are unique");
}

#[test]
fn actions_due_after_the_target_audit_date_are_flagged() {
    let plan = json("plan", PLAN_FIXTURE);
    assert_eq!(plan["target_audit_date"], "2027-03-01");
    assert_eq!(plan["due_after_target"], 1);
    let late: Vec<Value> = actions(&plan).into_iter().filter(|a| a["after_target"] == true).collect();
    assert_eq!(late.len(), 1);
    assert_eq!((late[0]["requirement"].as_str(), late[0]["due"].as_str()), (Some("A.9.3"), Some("2027-04-15")));
    let md = ok(&["plan", PLAN_FIXTURE, "--as-of", AS_OF]);
    assert!(md.contains("2027-04-15 **after the target audit**"));
    assert!(md.contains("| **Target audit date** | 2027-03-01 |"));
}

#[test]
fn a_target_audit_date_that_is_not_a_date_is_an_error_with_its_location() {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(Path::new(PLAN_FIXTURE), dir.path());
    std::fs::write(dir.path().join("aims.toml"), "[audit]\ntarget_date = 2027-03-01T10:00:00\n").unwrap();
    let output = aims(&["plan", dir.path().to_str().unwrap(), "--as-of", AS_OF]);
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("aims.toml:2") && stderr.contains("`target_date` must be a date"), "{stderr}");
}

/// The actions of `plan` closing `requirement`, first requirement first.
fn actions_for(plan: &Value, requirement: &str) -> Vec<Value> {
    actions(plan).into_iter().filter(|a| a["requirement"] == requirement).collect()
}

// An auditor found the same work as up to three actions: the risk register's treatment action, the control's own
// action and 8.3's "close the open treatments", each with its own owner and due date.
#[test]
fn a_risk_treatment_and_its_control_are_one_action() {
    let plan = json("plan", "examples/fintech-ai-provider");
    let a628 = actions_for(&plan, "A.6.2.8");
    assert_eq!(a628.len(), 1, "{a628:?}");
    let a628 = &a628[0];
    // The treatment action of R-14 is the most specific dated record: its owner and due date, so it is overdue.
    assert_eq!(a628["treats"], serde_json::json!(["R-14"]));
    assert_eq!((a628["owner"].as_str(), a628["due"].as_str()), (Some("Chief Technology Officer"), Some("2026-09-30")));
    assert_eq!(a628["overdue"], true);
    // Every record stays in the JSON: the control's own plan and the register's action, the chosen one marked.
    let sources = a628["sources"].as_array().unwrap();
    assert_eq!(sources.len(), 2, "{sources:?}");
    assert_eq!((sources[0]["origin"].as_str(), sources[0]["due"].as_str()), (Some("planned"), Some("2027-01-29")));
    assert_eq!((sources[1]["reference"].as_str(), sources[1]["chosen"].as_bool()), (Some("R-14"), Some(true)));
    let a75 = actions_for(&plan, "A.7.5");
    let provenance = a75.iter().find(|a| a["planned"] == true).unwrap();
    assert_eq!(provenance["treats"], serde_json::json!(["R-15"]));
    assert_eq!(provenance["due"], "2026-10-31");

    // The register keeps both treatments and says which action carries each.
    let treatments = plan["risk_treatments"].as_array().unwrap();
    let r14 = treatments.iter().find(|t| t["risk"] == "R-14").unwrap();
    assert_eq!((r14["plan_action"].as_str(), r14["plan_rank"].as_u64()), (a628["id"].as_str(), a628["rank"].as_u64()));

    // 8.3's plan to close the overdue treatments refers to those actions and is not counted as work of its own.
    let a83 = &actions_for(&plan, "8.3")[0];
    let carriers: Vec<&Value> = a83["carried_by"].as_array().unwrap().iter().collect();
    assert_eq!(carriers, [&a628["id"], &provenance["id"]]);
    // (The actions for the requirements Nora's impact assessment lowers with A.5.5 are carried too:
    // tests/knock_on.rs.)
    let listed = actions(&plan).len() as u64;
    let carried = actions(&plan).iter().filter(|a| a["carried_by"].is_array()).count() as u64;
    assert_eq!(plan["carried_by_others"].as_u64(), Some(carried));
    assert_eq!(plan["actions"].as_u64(), Some(listed - carried));

    // The human plan shows one owner and one due date for the work, and cross-refers.
    let md = ok(&["plan", "examples/fintech-ai-provider", "--as-of", AS_OF]);
    let rank = |a: &Value| a["rank"].as_u64().unwrap();
    let row = |n: u64| md.lines().find(|l| l.starts_with(&format!("| {n} |"))).unwrap().to_string();
    let logging = row(rank(a628));
    assert!(logging.contains("Treats risk R-14.") && logging.contains("| 2026-09-30 **overdue** |"), "{logging}");
    assert!(
        logging.contains("the organisation's action plan for A.6.2.8 says 2027-01-29. Agree one date."),
        "{logging}"
    );
    let see = format!("see actions {} and {}", rank(a628), rank(provenance));
    let treatment_plan = row(rank(a83));
    assert!(treatment_plan.contains(&format!("| {see} | {see} |")), "{treatment_plan}");
    assert!(!treatment_plan.contains("2027-02-26"), "{treatment_plan}");
    let register = md.lines().find(|l| l.starts_with("| **R-14**")).unwrap();
    assert!(
        register.contains(&format!("| see action {} |", rank(a628))) && !register.contains("2026-09-30"),
        "{register}"
    );
    assert!(md.contains(&format!(
        "{} actions to reach audit readiness (and {carried} that other actions carry out)",
        listed - carried
    )));

    // The report says the same in the requirement's table, and the workbook's plan sheet keeps every record.
    let report = ok(&["gap", "examples/fintech-ai-provider", "--as-of", AS_OF, "--format", "markdown"]);
    assert!(report.contains(&format!("| {see} | {see} |")), "8.3 refers to the actions by the plan's ranks");
}

// An auditor found the AI literacy of EU AI Act Art. 4 listed among the shortfalls of 7.2 and 7.3: it is context.
#[test]
fn the_ai_literacy_dependency_is_a_note_not_a_shortfall() {
    for example in EXAMPLES {
        let plan = json("plan", example);
        for a in actions(&plan) {
            for p in a["problems"].as_array().unwrap() {
                assert_ne!(p["code"], "eu-literacy-unsupported", "{example}: {a}");
            }
        }
        let notes: Vec<Value> = actions(&plan).into_iter().filter(|a| a["notes"].is_array()).collect();
        assert!(!notes.is_empty(), "{example}: the literacy note is on an action");
        for a in &notes {
            assert!(a["requirements"].as_array().unwrap().iter().any(|r| r == "7.2" || r == "7.3"), "{a}");
            // Still traceable to the finding behind it.
            assert!(a["findings"].as_array().unwrap().iter().any(|c| c == "eu-literacy-unsupported"), "{a}");
        }
        let md = ok(&["plan", example, "--as-of", AS_OF]);
        assert!(!md.contains("depends on this requirement"), "{example}");
        assert!(md.contains("*Note:* The AI literacy the EU AI Act expects"), "{example}");
        let html = ok(&["plan", example, "--as-of", AS_OF, "--format", "html"]);
        assert!(html.contains("<em>Note:</em> The AI literacy the EU AI Act expects"), "{example}");
        let report = ok(&["gap", example, "--as-of", AS_OF, "--format", "markdown"]);
        assert!(!report.contains("depends on this requirement"), "{example}");
        assert!(report.contains("*Note:* The AI literacy the EU AI Act expects"), "{example}");
    }
    // Fintech's 7.2 has a stale competence matrix besides: that is its shortfall, and the one action for it.
    let plan = json("plan", "examples/fintech-ai-provider");
    let a72 = actions_for(&plan, "7.2");
    assert_eq!(a72.len(), 1, "{a72:?}");
    assert_eq!(a72[0]["problems"][0]["code"], "evidence-stale");
}
