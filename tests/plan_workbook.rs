//! The plan's rows in the machine formats and the workbook: an action other actions carry out has one owner, due date,
//! effort and origin in every format (the plan's); the workbook's Plan sheet puts the rank first and the internal
//! action ID last, as the reference for re-import; every validated column of every workbook lists every value of its
//! enum, in the words its cells show (docs/soa-and-plan.md, docs/xlsx.md). End to end on the examples.

#[path = "common/xlsx.rs"]
mod book;
mod common;

use std::collections::BTreeMap;
use std::io::Read;

use book::{Book, run, text};
use common::{AS_OF, EXAMPLES, only_action as only, plan_actions as actions, plan_csv_rows as csv_rows, plan_json};
use serde_json::Value;

const FINTECH: &str = "examples/fintech-ai-provider";
const REFERENCE: &str = "Reference (for re-import)";

// A reader found fintech's 8.3 (carried out by actions 2 and 3) with the organisation's owner, date and effort in the
// JSON while every document said "see actions 2 and 3", and "planned" in the workbook's Origin where the other carried
// rows said "carried".
#[test]
fn carried_action_has_no_owner_of_its_own_in_json() {
    let plan = plan_json(FINTECH);
    let a83 = common::carried_action(&plan, "8.3");
    assert_eq!(a83["planned"], true, "the organisation planned it; its work is its carriers'");
    assert_eq!(a83["carried_by_ranks"], serde_json::json!([2, 3]));
    for field in ["owner", "due", "effort"] {
        assert!(a83[field].is_null(), "{field}: {a83}");
    }
    let mut carried = 0;
    for dir in EXAMPLES {
        let plan = plan_json(dir);
        let csv = csv_rows(dir);
        let book = Book::read(run(&["plan", dir, "--as-of", AS_OF, "--format", "xlsx"]));
        let rows = book.rows("Plan");
        for a in actions(&plan) {
            let id = a["id"].as_str().unwrap();
            let c = csv.iter().find(|c| c["action_id"] == id).unwrap();
            let r = rows.iter().find(|r| text(&r[REFERENCE]) == id).unwrap();
            let Some(by) = a["carried_by"].as_array() else {
                assert!(a["effort"].is_string(), "{dir} {id}: work of its own has an effort");
                assert_ne!(c["origin"], "carried");
                assert_ne!(text(&r["Origin"]), "Carried");
                continue;
            };
            carried += 1;
            assert_eq!(a["carried_by_ranks"].as_array().unwrap().len(), by.len(), "{dir} {id}");
            for field in ["owner", "due", "effort"] {
                assert!(a[field].is_null(), "{dir} {id} {field}: {a}");
            }
            assert_eq!((a["overdue"].as_bool(), a["after_target"].as_bool()), (Some(false), Some(false)));
            for column in ["owner", "due_date", "effort"] {
                assert_eq!(c[column], "", "{dir} {id} {column}");
            }
            assert_eq!(c["origin"], "carried", "{dir} {id}");
            assert_eq!(text(&r["Origin"]), "Carried", "{dir} {id}: whether or not the organisation planned it");
            let ranks: Vec<String> = a["carried_by_ranks"].as_array().unwrap().iter().map(|n| n.to_string()).collect();
            assert_eq!(c["carried_by_ranks"], ranks.join("; "));
            for column in ["Owner", "Due date"] {
                assert!(text(&r[column]).starts_with("see action"), "{dir} {id} {column}");
            }
            assert_eq!(text(&r["Effort"]), "", "{dir} {id}: none of its own, as the documents' \"–\"");
        }
    }
    assert!(carried >= 4, "the examples carry 8.3 and the impact assessment's knock-on");
}

// A reader found "act-fa6e6ad237" in column B of the client's Plan sheet, in plan.xlsx and gap.xlsx.
#[test]
fn workbook_plan_shows_no_internal_ids_in_client_voice() {
    let plan = plan_json(FINTECH);
    for verb in ["plan", "gap"] {
        let book = Book::read(run(&[verb, FINTECH, "--as-of", AS_OF, "--format", "xlsx"]));
        let header = book.header("Plan");
        assert_eq!(header[0], "Rank", "{verb}");
        assert_eq!(header.last().unwrap(), REFERENCE, "{verb}: the ID stays, out of the way");
        assert!(!header.contains(&"Action ID".to_string()));
        let rows = book.rows("Plan");
        assert_eq!(rows.len(), actions(&plan).len());
        for (row, a) in rows.iter().zip(actions(&plan)) {
            assert_eq!(text(&row[REFERENCE]), a["id"].as_str().unwrap(), "{verb}: the reference re-import needs");
            for column in header.iter().filter(|h| *h != REFERENCE) {
                assert!(!has_action_id(&words(&row[column])), "{verb} {column}: {}", words(&row[column]));
            }
        }
    }
}

/// Whether `text` holds an action ID: `act-` and ten hexadecimal digits ("contact-centre" is not one).
fn has_action_id(text: &str) -> bool {
    text.match_indices("act-").any(|(at, _)| {
        let digits = &text.as_bytes()[at + 4..];
        digits.len() >= 10 && digits[..10].iter().all(u8::is_ascii_hexdigit)
    })
}

/// A cell's text; empty for a number, a date or an empty cell.
fn words(cell: &calamine::Data) -> String {
    match cell {
        calamine::Data::String(s) => s.clone(),
        _ => String::new(),
    }
}

/// One data validation: the sheet's name, the cells it covers as (first row, first column, last row, last column),
/// 0-based, and its list.
type Validation = (String, (u32, u32, u32, u32), Vec<String>);

/// Every data validation of a workbook.
fn validations(bytes: &[u8], names: &[String]) -> Vec<Validation> {
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let mut out = Vec::new();
    for (i, name) in names.iter().enumerate() {
        let mut xml = String::new();
        zip.by_name(&format!("xl/worksheets/sheet{}.xml", i + 1)).unwrap().read_to_string(&mut xml).unwrap();
        let doc = roxmltree::Document::parse(&xml).unwrap();
        for dv in doc.descendants().filter(|n| n.has_tag_name("dataValidation")) {
            let formula = dv.children().find(|n| n.has_tag_name("formula1")).and_then(|n| n.text()).unwrap();
            let list = formula.trim_matches('"').split(',').map(str::to_string).collect();
            let (from, to) = dv.attribute("sqref").unwrap().split_once(':').unwrap();
            let (r0, c0) = cell(from);
            let (r1, c1) = cell(to);
            out.push((name.clone(), (r0, c0, r1, c1), list));
        }
    }
    out
}

/// "AB12" as a 0-based (row, column).
fn cell(reference: &str) -> (u32, u32) {
    let letters: String = reference.chars().take_while(char::is_ascii_uppercase).collect();
    let column = letters.bytes().fold(0, |n, b| n * 26 + u32::from(b - b'A') + 1) - 1;
    (reference[letters.len()..].parse::<u32>().unwrap() - 1, column)
}

// A reader found the Plan sheet's Priority list offering only the values present ("high,medium"), in lower case,
// where the other lists are capitalised.
#[test]
fn validation_lists_every_value() {
    let mut lists: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for dir in EXAMPLES {
        for (verb, audience) in [("gap", "client"), ("gap", "practitioner"), ("plan", "client"), ("soa", "client")] {
            let bytes = run(&[verb, dir, "--as-of", AS_OF, "--format", "xlsx", "--audience", audience]);
            let book = Book::read(bytes.clone());
            for (sheet, (r0, c0, r1, c1), list) in validations(&bytes, &book.names) {
                let at = format!("{dir} {verb} {audience} {sheet}");
                assert!(list.iter().all(|v| v.starts_with(|c: char| c.is_uppercase())), "{at}: {list:?}");
                let range = book.sheet(&sheet);
                for row in r0..=r1 {
                    for column in c0..=c1 {
                        let value = range.get_value((row, column)).map(words).unwrap_or_default();
                        assert!(value.is_empty() || list.contains(&value), "{at} ({row}, {column}): {value:?}");
                    }
                }
                if r0 == 1 && c0 == c1 {
                    let header = text(range.get_value((0, c0)).unwrap());
                    lists.insert(format!("{sheet}: {header}"), list);
                }
            }
        }
    }
    let list = |key: &str| lists.get(key).unwrap_or_else(|| panic!("{key} in {:?}", lists.keys())).join(",");
    // Every value of the enum, whatever the example's plan holds.
    assert_eq!(list("Plan: Priority"), "High,Medium");
    assert_eq!(list("Plan: Origin"), "Planned,Proposed,Carried");
    assert_eq!(list("Plan: Effort"), "Small,Medium,Large");
    assert_eq!(list("Plan: Phase"), "Before the stage 1 audit,Before the stage 2 audit");
    assert_eq!(list("Findings: Severity"), "Error,Warning,Note");
    assert_eq!(list("EU AI Act obligations: State"), "Supported,Recorded,Partly supported,Open");
    assert_eq!(list("Statement of Applicability: Decision").split(',').count(), 5);
    assert!(lists.keys().any(|k| k.ends_with(": Status")));
}

// A reader asked why fintech's proposed A.8.2 action (mark generated content as machine-generated, EU AI Act
// Art. 50(2)) is "medium" where other proposals are "small". It puts a duty in place for an AI system, which takes the
// catalogue's estimate for the requirement; the small proposals review or file records that exist.
#[test]
fn proposed_eu_duty_takes_the_requirements_effort() {
    let plan = plan_json(FINTECH);
    let a = only(&plan, "A.8.2");
    assert_eq!((a["planned"].as_bool(), a["findings"][0].as_str()), (Some(false), Some("eu-disclosure-missing")));
    let catalogue = aims::catalogue::Catalogue::bundled().unwrap();
    let estimate = serde_json::to_value(catalogue.get("A.8.2").unwrap().effort).unwrap();
    assert_eq!(a["effort"], estimate, "the catalogue's effort for A.8.2");
    assert_eq!(a["effort"], "medium");
    let reviews: Vec<Value> = actions(&plan)
        .into_iter()
        .filter(|a| a["planned"] == false && a["findings"].as_array().unwrap().iter().any(|f| f == "evidence-stale"))
        .collect();
    assert!(!reviews.is_empty() && reviews.iter().all(|a| a["effort"] == "small"), "a review is small");
}

/// Fintech's Art. 50(2) marking, due in two days, read "2026-12-02 (suggested: the EU AI Act date)" in the Markdown
/// plan, "No due date yet" in the report and an empty Due date with no deadline in the workbook's Plan sheet. Every
/// document now gives the deadline and the suggested date; the due date itself stays empty until agreed.
#[test]
fn a_suggested_due_date_reads_the_same_in_every_document() {
    let dir = "examples/fintech-ai-provider";
    let a = only(&plan_json(dir), "A.8.2");
    assert!(a["due"].is_null());
    let suggested = a["legal_deadline"]["suggested_due"].as_str().expect("a suggested date").to_string();
    let report = common::stdout_ok(&["gap", dir, "--as-of", AS_OF]);
    let first = report.split("### What to do first").nth(1).unwrap().split("\n### ").next().unwrap();
    let line = first.lines().find(|l| l.contains("**A.8.2**")).unwrap();
    assert!(line.contains(&format!("No due date yet; proposed: {suggested}")), "{line}");
    let section = report.split("### A.8.2 ").nth(1).unwrap().split("\n### ").next().unwrap();
    assert!(section.contains(&format!("not set; proposed {suggested}")), "{section}");
    let plan = common::stdout_ok(&["plan", dir, "--as-of", AS_OF]);
    assert!(plan.contains(&format!("**not set**; proposed {suggested} (the EU AI Act date)")), "the Markdown plan");
    let book = Book::read(run(&["plan", dir, "--as-of", AS_OF, "--format", "xlsx"]));
    let row = book.rows("Plan").into_iter().find(|r| text(&r["Requirement"]) == "A.8.2").unwrap();
    assert_eq!(text(&row["Due date"]), "");
    let notes = text(&row["Notes"]);
    assert!(notes.contains("EU AI Act deadline 2026-12-02: Art. 50(2) (Synthetic audio, image, video or text is marked machine-readably) applies from that date."), "{notes}");
    assert!(notes.contains(&format!("proposed: {suggested}")), "{notes}");
}
