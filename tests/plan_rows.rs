//! Plan rows that read right in every format, end to end on the examples (docs/soa-and-plan.md): a row about one AI
//! system shows that system's status; the rows of one requirement in two phases point at each other; a merged
//! action leads with the requirement that puts it in its phase; one piece of work recorded under two requirements
//! (`action: {same_as: ...}`, or the same action written out twice) is one action.

#[path = "common/xlsx.rs"]
mod book;
mod common;

use std::collections::BTreeMap;

use book::{Book, run, text};
use common::{AS_OF, EXAMPLES, aims, edited_copy, plan_actions, plan_csv_rows, plan_json, stdout_ok, strings};
use serde_json::Value;

const FINTECH: &str = "examples/fintech-ai-provider";
const HEALTHTECH: &str = "examples/healthtech-provider";
const SAAS: &str = "examples/saas-ai-customer";

/// The Markdown plan's row of rank `rank`, in `voice` (`client` or `practitioner`).
fn md_row(md: &str, rank: u64) -> String {
    let start = format!("| {rank} | ");
    md.lines().find(|l| l.starts_with(&start)).unwrap_or_else(|| panic!("no row {rank}")).to_string()
}

/// The plan of `dir` in `format` (Markdown or HTML) in `voice`.
fn document(dir: &str, format: &str, voice: &str) -> String {
    stdout_ok(&["plan", dir, "--as-of", AS_OF, "--format", format, "--audience", voice])
}

/// The workbook Plan sheet's rows of `dir` in the client's voice, by rank.
fn workbook_rows(dir: &str) -> BTreeMap<u64, BTreeMap<String, calamine::Data>> {
    let book = Book::read(run(&["plan", dir, "--as-of", AS_OF, "--format", "xlsx"]));
    book.rows("Plan").into_iter().map(|r| (book::number(&r["Rank"]).unwrap() as u64, r)).collect()
}

/// Each AI system's status for each requirement, from the JSON gap report: `(requirement, system) -> status`.
fn system_statuses(dir: &str) -> BTreeMap<(String, String), String> {
    let report: Value = serde_json::from_str(&stdout_ok(&["gap", dir, "--as-of", AS_OF, "--format", "json"])).unwrap();
    let mut out = BTreeMap::new();
    for r in report["requirements"].as_array().unwrap() {
        for s in r["systems"].as_array().into_iter().flatten() {
            out.insert(
                (r["id"].as_str().unwrap().to_string(), s["system"].as_str().unwrap().to_string()),
                s["status"].as_str().unwrap().to_string(),
            );
        }
    }
    out
}

/// A reader found fintech's plan row 19, "A.7.5 Data provenance — Non-compliant", about the fraud detection model,
/// which is partially compliant with A.7.5 (Nora is the non-compliant one). A row whose shortfalls all concern one AI
/// system now shows that system's status, and the requirement's as "overall", in the JSON (`system_status`), the CSV
/// (`system_result`), the Markdown and HTML plan and the workbook's Plan sheet.
#[test]
fn a_row_about_one_ai_system_does_not_show_another_systems_status() {
    let plan = plan_json(FINTECH);
    let fraud = plan_actions(&plan)
        .into_iter()
        .find(|a| a["requirement"] == "A.7.5" && strings(&a["systems"]) == ["fraud-detection"])
        .expect("the fraud model's A.7.5 action");
    assert_eq!(fraud["status"], "non_compliant", "{fraud}");
    assert_eq!(fraud["system_status"], "partially_compliant", "{fraud}");
    let label = "Partially compliant for this AI system; non-compliant overall";
    assert_eq!(fraud["status_label"], label);
    let rank = fraud["rank"].as_u64().unwrap();
    for voice in ["client", "practitioner"] {
        let row = md_row(&plan_md(voice), rank);
        assert!(row.contains(&format!("<br>{label} |")), "{row}");
        assert!(document(FINTECH, "html", voice).contains(label), "{voice}");
    }
    let rows = workbook_rows(FINTECH);
    // The workbook's Status column is the action's, as in the JSON and the Requirements sheet; Notes say the system's.
    assert_eq!(text(&rows[&rank]["Status"]), "Non-compliant");
    assert!(text(&rows[&rank]["Notes"]).contains(label), "{:?}", rows[&rank]["Notes"]);
    let csv = plan_csv_rows(FINTECH);
    let row = csv.iter().find(|r| r["rank"] == rank.to_string()).unwrap();
    assert_eq!((row["result"].as_str(), row["system_result"].as_str()), ("non_compliant", "partially_compliant"));

    // The kind, in every example: a row whose every shortfall concerns one AI system shows that system's status.
    for dir in EXAMPLES {
        let statuses = system_statuses(dir);
        let md = stdout_ok(&["plan", dir, "--as-of", AS_OF]);
        for a in plan_actions(&plan_json(dir)) {
            let systems = strings(&a["systems"]);
            let problems = a["problems"].as_array().unwrap();
            let [system] = systems.as_slice() else { continue };
            if problems.is_empty() || problems.iter().any(|p| p["system"] != system.as_str()) {
                continue;
            }
            let requirements = strings(&a["requirements"]);
            let [requirement] = requirements.as_slice() else { continue };
            let Some(theirs) = statuses.get(&(requirement.clone(), system.clone())) else { continue };
            let shown = a.get("system_status").unwrap_or(&a["status"]);
            assert_eq!(shown, theirs.as_str(), "{dir}: {a}");
            if a.get("system_status").is_some() && dir != "examples/us-federal-sample" {
                let row = md_row(&md, a["rank"].as_u64().unwrap());
                assert!(row.contains(a["status_label"].as_str().unwrap()), "{dir}: {row}");
            }
        }
    }
}

fn plan_md(voice: &str) -> String {
    document(FINTECH, "markdown", voice)
}

/// Fintech's A.7.5 has Nora's action before stage 1 (row 3, it treats 8.3's risk R-15) and the fraud model's before
/// stage 2 (row 19), and neither row said so: a reader of row 19 took A.7.5 for a stage 2 matter, a reader of row 3
/// did not know the rest waits. Rows of one requirement in different phases now point at each other, in the JSON
/// (`elsewhere`), the Markdown and HTML plan and the workbook's notes.
#[test]
fn rows_of_one_requirement_in_two_phases_point_at_each_other() {
    let plan = plan_json(FINTECH);
    let a75: Vec<Value> =
        plan_actions(&plan).into_iter().filter(|a| strings(&a["requirements"]).contains(&"A.7.5".into())).collect();
    let phases: Vec<&str> = a75.iter().map(|a| a["phase"].as_str().unwrap()).collect();
    assert_eq!(phases, ["before_stage_1", "before_stage_2"], "{a75:?}");
    let (first, second) = (a75[0]["rank"].as_u64().unwrap(), a75[1]["rank"].as_u64().unwrap());
    let to_second = format!("Other work for A.7.5: action {second}, before the stage 2 audit.");
    let to_first = format!("Other work for A.7.5: action {first}, before the stage 1 audit.");
    assert_eq!(a75[0]["elsewhere"][0]["text"], to_second.as_str());
    assert_eq!(a75[1]["elsewhere"][0]["text"], to_first.as_str());
    for voice in ["client", "practitioner"] {
        let md = plan_md(voice);
        assert!(md_row(&md, first).contains(&to_second), "{voice}");
        assert!(md_row(&md, second).contains(&to_first), "{voice}");
        let html = document(FINTECH, "html", voice);
        assert!(html.contains(&to_second) && html.contains(&to_first), "{voice}");
    }
    let rows = workbook_rows(FINTECH);
    assert!(text(&rows[&first]["Notes"]).contains(&to_second));
    assert!(text(&rows[&second]["Notes"]).contains(&to_first));

    // The kind, in every example: every pair of actions of one requirement in different phases is pointed at.
    for dir in EXAMPLES {
        let actions = plan_actions(&plan_json(dir));
        for a in &actions {
            for id in strings(&a["requirements"]) {
                let others: Vec<u64> = actions
                    .iter()
                    .filter(|b| b["phase"] != a["phase"] && strings(&b["requirements"]).contains(&id))
                    .map(|b| b["rank"].as_u64().unwrap())
                    .collect();
                let Some(&first) = others.first() else { continue };
                let entry = a["elsewhere"]
                    .as_array()
                    .and_then(|e| e.iter().find(|e| e["requirement"] == id.as_str()))
                    .unwrap_or_else(|| panic!("{dir}: {id} {a}"));
                assert_eq!(entry["count"].as_u64(), Some(others.len() as u64), "{dir}: {entry}");
                assert_eq!(entry["ranks"][0].as_u64(), Some(first), "{dir}: {entry}");
            }
        }
    }
}

/// Healthtech's plan row 3 (before stage 1) read "A.3.3 Reporting of concerns, 10.2, A.8.3, A.8.4": it is before
/// stage 1 only because of clause 10.2, but led with A.3.3 and its title, so it looked misplaced. It now leads with
/// 10.2 and its title, in the plan, the workbook and the report's "What to do first"; its ID does not change.
#[test]
fn a_merged_action_leads_with_the_requirement_that_puts_it_in_its_phase() {
    let plan = plan_json(HEALTHTECH);
    let a = plan_actions(&plan)
        .into_iter()
        .find(|a| strings(&a["requirements"]).contains(&"A.3.3".to_string()))
        .expect("the incident procedure's action");
    assert_eq!(a["phase"], "before_stage_1");
    assert_eq!(strings(&a["requirements"]), ["10.2", "A.3.3", "A.8.3", "A.8.4"], "{a}");
    assert_eq!(a["lead_title"], "Nonconformity and corrective action");
    // The ID is the one it had when it led with A.3.3, and `requirement` still names what the ID derives from.
    assert_eq!(a["id"], "act-dcf18e9683");
    assert_eq!(a["requirement"], "A.3.3");
    let rank = a["rank"].as_u64().unwrap();
    for voice in ["client", "practitioner"] {
        let md = document(HEALTHTECH, "markdown", voice);
        let row = md_row(&md, rank);
        assert!(
            row.contains("| **10.2** Nonconformity and corrective action, **A.3.3**, **A.8.3**, **A.8.4**<br>"),
            "{row}"
        );
    }
    let rows = workbook_rows(HEALTHTECH);
    assert_eq!(text(&rows[&rank]["Requirement"]), "10.2, A.3.3, A.8.3, A.8.4");
    assert_eq!(text(&rows[&rank]["Title"]), "Nonconformity and corrective action");
    let report = stdout_ok(&["gap", HEALTHTECH, "--as-of", AS_OF]);
    let first = report.split("### What to do first").nth(1).unwrap().split("###").next().unwrap();
    if first.contains("A.3.3") {
        assert!(first.contains("**10.2, A.3.3, A.8.3, A.8.4**"), "{first}");
    }

    // The kind, in every example: an action before stage 1 that closes a clause or mandatory documented
    // information leads with one.
    for dir in EXAMPLES {
        let report: Value =
            serde_json::from_str(&stdout_ok(&["gap", dir, "--as-of", AS_OF, "--format", "json"])).unwrap();
        let stage_1: Vec<String> = report["requirements"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|r| r["kind"] == "clause" || r["documented_information"] == true)
            .map(|r| r["id"].as_str().unwrap().to_string())
            .collect();
        for a in plan_actions(&plan_json(dir)).iter().filter(|a| a["phase"] == "before_stage_1") {
            let ids = strings(&a["requirements"]);
            if ids.iter().any(|id| stage_1.contains(id)) {
                assert!(stage_1.contains(&ids[0]), "{dir}: {a}");
            }
        }
    }
}

/// Saas recorded one piece of work under two requirements: 8.4's planned action "Complete the impact assessment for
/// the Stackmate code assistant (same action as A.5.3)" and A.5.3's, with the same owner and due date, and the plan
/// counted them as two actions (A.3.2 and 5.3 likewise). `action: {same_as: "A.5.3"}` says it, and the plan counts one
/// action that closes both, with A.5.3's ID; the same action written out twice is one action too.
#[test]
fn the_same_action_under_two_requirements_is_one_action() {
    let plan = plan_json(SAAS);
    let closes = |plan: &Value, id: &str| -> Vec<Value> {
        plan_actions(plan)
            .into_iter()
            .filter(|a| strings(&a["requirements"]).contains(&id.to_string()) && a.get("carried_by").is_none())
            .collect()
    };
    let impact = closes(&plan, "A.5.3");
    assert_eq!(impact.len(), 1, "{impact:?}");
    assert_eq!(strings(&impact[0]["requirements"]), ["8.4", "A.5.3"]);
    assert_eq!(impact[0]["id"], "act-55ad7d1a51", "A.5.3's action keeps its ID");
    assert_eq!(impact[0]["action"], "Complete the impact assessment for the Stackmate code assistant");
    assert_eq!(closes(&plan, "8.4").len(), 1);
    let roles = closes(&plan, "A.3.2");
    assert_eq!(strings(&roles[0]["requirements"]), ["5.3", "A.3.2"], "{roles:?}");
    assert_eq!(roles[0]["id"], "act-d1dd8b5259", "5.3's action keeps its ID");
    assert_eq!(plan["actions"], 28);
    // The gap report gives the entry the action it names, and says so.
    let report: Value = serde_json::from_str(&stdout_ok(&["gap", SAAS, "--as-of", AS_OF, "--format", "json"])).unwrap();
    let r84 = report["requirements"].as_array().unwrap().iter().find(|r| r["id"] == "8.4").unwrap();
    assert_eq!(r84["recorded_action"]["same_as"], "A.5.3");
    assert_eq!(r84["recorded_action"]["owner"], "VP Engineering");
}

/// Before `same_as`, the only way to record one piece of work under two requirements was to write it out twice, and
/// the plan counted two actions even when description, owner and due date were identical. They are one action.
#[test]
fn the_same_action_written_out_twice_is_one_action() {
    let twice = edited_copy(SAAS, "assessment.yaml", |t| {
        t.replacen(
            "    action:\n      same_as: \"A.5.3\"\n",
            "    action:\n      description: Complete the impact assessment for the Stackmate code assistant\n      \
             owner: VP Engineering\n      due: 2027-01-31\n",
            1,
        )
        .replacen(
            "    action:\n      same_as: \"5.3\"\n",
            "    action:\n      description: Name the AIMS performance reporting role in the RACI and in the COO's \
             objectives\n      owner: Chief Operating Officer\n      due: 2027-01-29\n",
            1,
        )
    });
    let plan = plan_json(twice.path().to_str().unwrap());
    let own = |id: &str| -> Vec<Value> {
        plan_actions(&plan)
            .into_iter()
            .filter(|a| strings(&a["requirements"]).contains(&id.to_string()) && a.get("carried_by").is_none())
            .collect()
    };
    let impact = own("A.5.3");
    assert_eq!(impact.len(), 1, "{impact:?}");
    assert_eq!(strings(&impact[0]["requirements"]), ["8.4", "A.5.3"]);
    assert_eq!(own("8.4").len(), 1);
    assert_eq!(strings(&own("A.3.2")[0]["requirements"]), ["5.3", "A.3.2"]);
    assert_eq!(plan["actions"], 28);
}

/// `same_as` must name a requirement whose entry writes an action out: anything else is an error at the value, with
/// its file, line and column.
#[test]
fn a_same_as_that_names_no_action_is_an_error_at_its_place() {
    let cases = [
        ("\"A.5.4\"", "`same_as` names A.5.4, whose entry plans no action"),
        ("\"A.9.9\"", "`A.9.9` is not a requirement"),
        ("\"A.3.2\"", "`same_as` names A.3.2, whose action is itself the same as 5.3's"),
        ("\"8.4\"", "`same_as` names 8.4, the requirement of this entry"),
    ];
    for (target, message) in cases {
        let dir = edited_copy(SAAS, "assessment.yaml", |t| {
            t.replacen("same_as: \"A.5.3\"", &format!("same_as: {target}"), 1)
        });
        let out = aims(&["validate", dir.path().to_str().unwrap()]);
        let err = String::from_utf8_lossy(&out.stderr).to_string() + &String::from_utf8_lossy(&out.stdout);
        assert_ne!(out.status.code(), Some(0), "{err}");
        assert!(err.to_lowercase().contains(&message.to_lowercase()), "{target}: {err}");
        let line = std::fs::read_to_string(dir.path().join("assessment.yaml"))
            .unwrap()
            .lines()
            .position(|l| l.contains(&format!("same_as: {target}")))
            .unwrap()
            + 1;
        assert!(err.contains(&format!("assessment.yaml:{line}:")), "{target}: {err}");
    }
    // Both a description and `same_as`: one or the other.
    let dir = edited_copy(SAAS, "assessment.yaml", |t| {
        t.replacen("same_as: \"A.5.3\"", "same_as: \"A.5.3\"\n      owner: VP Engineering", 1)
    });
    let out = aims(&["validate", dir.path().to_str().unwrap()]);
    assert_ne!(out.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&out.stderr).contains("takes its description, owner and due date"));
}

/// Two entries whose `same_as` name each other are both errors; the help for the first said "name 8.4 here", which
/// would point 8.4's entry at itself. It now says to write the action out in one of them.
#[test]
fn two_entries_that_name_each_other_are_not_told_to_name_themselves() {
    let dir = edited_copy(SAAS, "assessment.yaml", |t| {
        t.replacen(
            "    action:\n      description: Complete the impact assessment for the Stackmate code assistant\n      \
             owner: VP Engineering\n      due: 2027-01-31\n",
            "    action:\n      same_as: \"8.4\"\n",
            1,
        )
    });
    let out = aims(&["validate", dir.path().to_str().unwrap()]);
    let err = String::from_utf8_lossy(&out.stderr).to_string();
    assert!(err.contains("8.4 and A.5.3 name each other: write the action out"), "{err}");
    assert!(!err.contains("name 8.4 here") && !err.contains("name A.5.3 here"), "{err}");
}

/// Saas's plan row 3 read "**8.4** AI system impact assessment, **A.5.3**<br>Non-compliant" while the report gives
/// 8.4 as partially compliant: the merged action carried A.5.3's worse status beside 8.4's title. A row that closes
/// requirements of different statuses now names each, in the plan and the workbook's Notes.
#[test]
fn a_row_closing_requirements_of_different_statuses_names_each() {
    let dir = "examples/saas-ai-customer";
    let plan = common::stdout_ok(&["plan", dir, "--as-of", common::AS_OF]);
    let row = plan.lines().find(|l| l.contains("**8.4** AI system impact assessment, **A.5.3**")).expect("the row");
    assert!(row.contains("<br>Partially compliant (8.4); non-compliant (A.5.3) |"), "{row}");
    for example in common::EXAMPLES {
        let report: serde_json::Value =
            serde_json::from_str(&common::stdout_ok(&["gap", example, "--as-of", common::AS_OF, "--format", "json"]))
                .unwrap();
        let status = |id: &str| {
            report["requirements"].as_array().unwrap().iter().find(|r| r["id"] == id).unwrap()["status"].clone()
        };
        for a in common::plan_actions(&common::plan_json(example)) {
            let ids = common::strings(&a["requirements"]);
            let distinct: std::collections::BTreeSet<String> = ids.iter().map(|id| status(id).to_string()).collect();
            if distinct.len() > 1 {
                let label = a["status_label"].as_str().unwrap_or_else(|| panic!("{example}: {a}"));
                assert!(ids.iter().all(|id| label.contains(id.as_str())), "{example}: {label}");
            }
        }
    }
}
