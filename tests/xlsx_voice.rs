//! The XLSX workbooks say what the documents say: in the client's voice (the default) the actions and shortfalls
//! are the Markdown plan's, the Summary sheet's counts add up and agree with the report and carry its front matter
//! and readiness verdicts, AI systems go by name and vocabulary by its words, rule codes stay in the Findings sheet
//! (the traceability appendix), and dates are Excel dates. tests/xlsx.rs checks the values against the JSON.

#[path = "common/xlsx.rs"]
mod book;
mod common;

use book::{Book, EXAMPLES, date, json, number, practitioner, run, text, workbook};
use calamine::Data;
use common::{AS_OF, system_names as names};
use serde_json::Value;

/// A list cell's items, without a closing `… and N more` line.
fn items(cell: &Data) -> Vec<String> {
    text(cell).lines().filter(|l| !l.starts_with("… and ")).map(str::to_string).collect()
}

#[test]
fn xlsx_actions_read_like_the_markdown_plan() {
    for dir in EXAMPLES {
        let names = names(&json("gap", dir));
        let plan = json("plan", dir);
        let actions: Vec<&Value> =
            plan["phases"].as_array().unwrap().iter().flat_map(|p| p["actions"].as_array().unwrap()).collect();
        let book = workbook("plan", dir);
        let rows = book.rows("Plan");
        assert_eq!(rows.len(), actions.len(), "{dir}");
        for (row, a) in rows.iter().zip(&actions) {
            let id = a["id"].as_str().unwrap();
            assert_eq!(text(&row["Action"]), a["client_action"].as_str().unwrap(), "{dir} {id}: the plan's words");
            let origin = match (a["planned"].as_bool().unwrap(), a["carried_by"].is_array()) {
                (_, true) => "Carried",
                (true, false) => "Planned",
                (false, false) => "Proposed",
            };
            assert_eq!(text(&row["Origin"]), origin, "{dir} {id}: one word for a proposal, as the documents use");
            let problems: Vec<&str> =
                a["problems"].as_array().unwrap().iter().map(|p| p["client_problem"].as_str().unwrap()).collect();
            if problems.len() <= aims::render::xlsx::MAX_LIST_LINES {
                assert_eq!(text(&row["Shortfalls"]), problems.join("\n"), "{dir} {id}");
            }
            for (shown, system) in items(&row["AI systems"]).iter().zip(a["systems"].as_array().unwrap()) {
                assert_eq!(shown, &names[system.as_str().unwrap()], "{dir} {id}: systems by name");
            }
        }
        // The practitioner's plan keeps the advice on the records.
        for (row, a) in practitioner("plan", dir).rows("Plan").iter().zip(&actions) {
            assert_eq!(text(&row["Action"]), a["action"].as_str().unwrap(), "{dir}");
        }
        // The Requirements sheet's next actions are the plan's actions for the requirement, in the same words.
        let gap = workbook("gap", dir);
        for row in gap.rows("Requirements") {
            let id = text(&row["ID"]);
            let closing: Vec<&str> = actions
                .iter()
                .filter(|a| a["requirements"].as_array().unwrap().iter().any(|r| r == id.as_str()))
                .map(|a| a["client_action"].as_str().unwrap())
                .collect();
            for line in items(&row["Next action"]) {
                // A proposal is marked; an action other actions carry out names them and their date.
                let action = line.strip_suffix(" (proposed)").unwrap_or(&line);
                let action = action.split(" (carried out by action").next().unwrap();
                assert!(closing.contains(&action), "{dir} {id}: {action:?} is not the plan's action for {id}");
            }
        }
    }
}

#[test]
fn xlsx_summary_counts_add_up() {
    for dir in EXAMPLES {
        let report = json("gap", dir);
        let book = workbook("gap", dir);
        let count = |label: &str| number(&book.pair("Summary", label)).unwrap();
        let statuses = ["Compliant", "Partially compliant", "Non-compliant", "Not applicable", "Not assessed"];
        let total: f64 = statuses.iter().map(|s| count(s)).sum();
        assert_eq!(count("Requirements"), total, "{dir}: the counts by status add up to the requirements");

        let eu = text(&book.pair("Summary", "EU AI Act"));
        let e = &report["eu_ai_act"]["summary"];
        if !e.is_null() {
            let n = |key: &str| e[key].as_u64().unwrap();
            assert_eq!(n("supported") + n("recorded") + n("partly_supported") + n("open"), n("obligations"));
            let counts = format!(
                "{} supported, {} recorded, {} partly supported, {} open",
                n("supported"),
                n("recorded"),
                n("partly_supported"),
                n("open")
            );
            assert!(eu.starts_with(&format!("{} obligations", n("obligations"))), "{dir}: {eu}");
            assert!(eu.contains(&counts), "{dir}: {eu} counts every state, as the report does");
        }

        // The front matter and verdicts are the report's, from the same executive summary.
        let markdown = String::from_utf8(run(&["gap", dir, "--as-of", AS_OF, "--format", "markdown"])).unwrap();
        for label in ["Prepared for", "Prepared by", "Report version"] {
            let in_report = markdown.lines().find_map(|l| l.strip_prefix(&format!("| **{label}** | ")));
            let in_book = book.sheet("Summary").rows().find(|r| text(&r[0]) == label).map(|r| text(&r[1]));
            assert_eq!(in_book.is_some(), in_report.is_some(), "{dir}: {label}");
            if let (Some(value), Some(line)) = (in_book, in_report) {
                assert!(line.contains(&value) || value.contains('&'), "{dir}: {label} {value:?} vs {line:?}");
            }
        }
        if let Some(marking) = book.sheet("Summary").rows().find(|r| text(&r[0]) == "Confidentiality") {
            assert!(markdown.contains(&format!("**{}**", text(&marking[1]))), "{dir}: the report's marking");
        }
        let target = markdown.lines().find_map(|l| l.strip_prefix("| **Target audit date** | ")).unwrap();
        let shown = match book.pair("Summary", "Target audit date") {
            Data::String(s) => s,
            cell => date(&cell),
        };
        assert_eq!(format!("{shown} |"), target, "{dir}");
        for (label, stage) in [
            ("Stage 1 audit (documentation review)", "Stage 1 audit (documentation review)"),
            ("Stage 2 audit (implementation and effectiveness)", "Stage 2 audit (implementation and effectiveness)"),
        ] {
            let verdict = text(&book.pair("Summary", label));
            let word = verdict.split(". ").next().unwrap();
            assert!(["Ready", "At risk", "Not ready"].contains(&word), "{dir}: {verdict}");
            assert!(markdown.contains(&format!("**{stage}: {word}.**")), "{dir}: the report's verdict is {word}");
        }
        let gate = book.sheet("Summary").rows().any(|r| text(&r[0]) == "Gate");
        assert!(!gate, "{dir}: the CI gate is the practitioner's");
    }
}

/// Cells of the client's workbooks that must not read as the tool's: for every sheet but the Findings sheet (the
/// traceability appendix), no rule code, no system ID where a system is named, no snake_case vocabulary in the
/// columns of labels, no YAML advice and no "aims" acting.
#[test]
fn xlsx_client_voice_has_no_ids_enum_values_or_rule_codes() {
    for dir in EXAMPLES {
        let report = json("gap", dir);
        let names = names(&report);
        let ids: Vec<&String> = names.iter().filter(|(id, name)| id != name).map(|(id, _)| id).collect();
        let codes: Vec<String> = report["requirements"]
            .as_array()
            .unwrap()
            .iter()
            .flat_map(|r| r["findings"].as_array().unwrap())
            .map(|f| f["code"].as_str().unwrap().to_string())
            .collect();
        for verb in ["gap", "soa", "plan"] {
            let book: Book = workbook(verb, dir);
            for (sheet, range) in &book.sheets {
                if sheet == "Findings" {
                    continue;
                }
                let header: Vec<String> = range.rows().next().map(|r| r.iter().map(text_or_blank).collect()).unwrap();
                for row in range.rows() {
                    for (column, cell) in header.iter().zip(row) {
                        let Data::String(value) = cell else { continue };
                        if sheet == "Statement of Applicability" && column == "Evidence" {
                            continue; // the documents' titles there are the SoA view's (tests/soa_plan.rs)
                        }
                        let at = format!("{dir} {verb} {sheet} {column}: {value:?}");
                        for code in &codes {
                            assert!(!value.contains(code.as_str()), "{at} has the rule code {code}");
                        }
                        assert!(!value.contains('`') && !value.contains(".yaml"), "{at} reads as YAML advice");
                        assert!(!value.contains("by aims") && !value.contains("aims keeps"), "{at}: aims acting");
                        assert!(!value.contains("suggested"), "{at}: the documents say proposed");
                        let named =
                            ["AI systems", "AI system", "Applies to", "Triggered by"].contains(&column.as_str());
                        if named {
                            for item in value.split(['\n', ';']).map(|x| x.split(": ").next().unwrap().trim()) {
                                assert!(!ids.iter().any(|id| id.as_str() == item), "{at}: a system ID, not its name");
                            }
                        }
                        let labels = ["Source", "Treatment", "State", "Areas covered", "Areas missing", "Triggered by"];
                        if labels.contains(&column.as_str()) || column == "Facts needed" {
                            assert!(!value.contains('_'), "{at}: a vocabulary key, not its words");
                        }
                    }
                }
            }
            if verb == "gap" {
                assert!(!book.header("Findings").contains(&"Severity".to_string()), "{dir}");
                assert!(!book.header("EU AI Act obligations").contains(&"Obligation".to_string()), "{dir}");
            }
        }
    }
}

fn text_or_blank(cell: &Data) -> String {
    match cell {
        Data::String(s) => s.clone(),
        _ => String::new(),
    }
}

/// Every date is an Excel date shown `yyyy-mm-dd`, never text; an obligation already in force has no days left.
#[test]
fn xlsx_dates_are_dates() {
    let iso = |s: &str| {
        s.len() == 10 && s.char_indices().all(|(i, c)| if i == 4 || i == 7 { c == '-' } else { c.is_ascii_digit() })
    };
    for dir in EXAMPLES {
        for verb in ["gap", "soa", "plan"] {
            for book in [workbook(verb, dir), practitioner(verb, dir)] {
                let mut dates = 0;
                for (sheet, range) in &book.sheets {
                    for cell in range.used_cells().map(|(_, _, c)| c) {
                        match cell {
                            Data::String(s) => assert!(!iso(s), "{dir} {verb} {sheet}: the date {s} is text"),
                            Data::DateTime(_) => dates += 1,
                            _ => {}
                        }
                    }
                }
                assert!(dates > 0, "{dir} {verb}");
                assert_eq!(date(&book.pair("Summary", "Assessed as of")), AS_OF);
            }
        }
        for row in workbook("gap", dir).rows("EU AI Act obligations") {
            let in_force = text(&row["Applies now"]) != "No";
            assert_eq!(number(&row["Days left"]).is_none(), in_force, "{dir}: {:?}", row["Article"]);
        }
    }
}

/// In the client's voice the gap workbook's Requirements sheet names documents by their titles and says what falls
/// short in words: no file path of the workspace (an evidence file, a system's YAML) and no `file:line`. The paths
/// belong in the "Evidence references" appendix sheet, which lists them.
#[test]
fn xlsx_requirements_sheet_shows_no_file_paths_in_the_client_voice() {
    for dir in EXAMPLES {
        let report = json("gap", dir);
        let mut files: Vec<String> = report["requirements"]
            .as_array()
            .unwrap()
            .iter()
            .flat_map(|r| r["evidence"].as_array().unwrap())
            .filter_map(|e| e["file"].as_str())
            .map(str::to_string)
            .collect();
        files.sort();
        files.dedup();
        assert!(!files.is_empty(), "{dir}: the example cites evidence files");
        let book: Book = workbook("gap", dir);
        let rows = book.rows("Requirements");
        assert!(!rows.is_empty(), "{dir}");
        for row in &rows {
            for (column, cell) in row {
                let Data::String(value) = cell else { continue };
                let at = format!("{dir} Requirements {column}: {value:?}");
                for file in &files {
                    assert!(!value.contains(file.as_str()), "{at} names the file {file}");
                }
                assert!(!value.contains("evidence/") && !value.contains("systems/"), "{at} holds a path");
                assert!(!value.contains(".yaml:") && !value.contains(".md:"), "{at} holds a file:line");
            }
        }
        // The appendix keeps them.
        let range = book.sheets.get("Evidence references").unwrap_or_else(|| panic!("{dir}: no Evidence references"));
        let cells: Vec<String> = range.rows().flatten().map(text_or_blank).collect();
        assert!(cells.iter().any(|c| files.iter().any(|f| c.contains(f.as_str()))), "{dir}: the appendix has paths");
    }
}

/// The client's Systems sheet is a register of names: the first column is the AI system's name, no column holds its
/// ID, and the AI role and life-cycle stage read as words ("Provider", "In operation"), not the YAML's values; the
/// practitioner's keeps the ID first and the YAML's values. An organisation-level evidence record of a document only
/// one AI system's records cite names that system, as the Markdown report does (fintech's 8.4 listed "Impact
/// assessment: current" three times over without saying whose).
#[test]
fn systems_sheet_speaks_the_client_voice() {
    let roles = ["Provider", "Producer", "Customer", "Partner"];
    let stages =
        ["Concept", "In design", "In development", "In verification", "In deployment", "In operation", "Retired"];
    for dir in EXAMPLES {
        let report = json("gap", dir);
        let systems = report["systems"].as_array().unwrap();
        let book = workbook("gap", dir);
        let header = book.header("Systems");
        assert_eq!(header[0], "Name", "{dir}");
        assert!(!header.contains(&"ID".to_string()), "{dir}: {header:?}");
        let rows = book.rows("Systems");
        assert_eq!(rows.len(), systems.len(), "{dir}");
        // By unit, then ID, as every list of systems (the examples' units are not nested; no unit last).
        let mut systems: Vec<&Value> = systems.iter().collect();
        systems.sort_by(|a, b| {
            let (x, y) = (a["unit"].as_str(), b["unit"].as_str());
            let unit = match (x, y) {
                (Some(x), Some(y)) => aims::ids::natural_cmp(x, y),
                _ => x.is_none().cmp(&y.is_none()),
            };
            unit.then_with(|| aims::ids::natural_cmp(a["id"].as_str().unwrap(), b["id"].as_str().unwrap()))
        });
        for (row, s) in rows.iter().zip(&systems) {
            assert_eq!(text(&row["Name"]), s["name"].as_str().unwrap(), "{dir}");
            assert!(roles.contains(&text(&row["AI role"]).as_str()), "{dir}: {:?}", row["AI role"]);
            assert!(stages.contains(&text(&row["Life-cycle stage"]).as_str()), "{dir}: {:?}", row["Life-cycle stage"]);
        }
        let practitioner = practitioner("gap", dir);
        assert_eq!(practitioner.header("Systems")[..2], ["ID", "Name"], "{dir}");
        let first = &practitioner.rows("Systems")[0];
        assert_eq!(text(&first["Life-cycle stage"]), systems[0]["lifecycle_stage"].as_str().unwrap(), "{dir}");
    }
    let book = workbook("gap", "examples/fintech-ai-provider");
    let credit = &book.rows("Systems")[0];
    assert_eq!(text(&credit["Name"]), "Northwind Credit Decision Model (NCDM v4)");
    assert_eq!(
        (text(&credit["AI role"]).as_str(), text(&credit["Life-cycle stage"]).as_str()),
        ("Provider", "In operation")
    );

    let r84 = book.rows("Requirements").into_iter().find(|r| text(&r["ID"]) == "8.4").unwrap();
    assert_eq!(
        items(&r84["Evidence"]),
        [
            "Northwind Credit Decision Model (NCDM v4): Impact assessment — current",
            "Nora, customer support assistant: Impact assessment — current",
            "Application and payment fraud detection model: Impact screening — current",
            "Lexica document summariser (internal): Procurement and impact assessment — current",
        ]
    );
}
