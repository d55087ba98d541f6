//! The federal sample reads by agency: every list of AI systems or per-system actions in the human documents follows
//! one order (by unit, then natural system ID), each control section of the large inventory says per agency how many
//! systems fall short, units are named in full, and "in scope" counts the same in every output.

#[path = "common/xlsx.rs"]
mod book;
mod common;

use std::cmp::Ordering;
use std::collections::HashMap;

use aims::ids::natural_cmp;
use serde_json::Value;

use book::{text, workbook};
use common::{AS_OF, plan_actions, stdout_ok, system_names as names};

const FEDERAL: &str = "examples/us-federal-sample";

fn gap_json() -> Value {
    serde_json::from_str(&stdout_ok(&["gap", FEDERAL, "--as-of", AS_OF, "--format", "json"])).unwrap()
}

fn gap_markdown() -> String {
    // The Markdown escapes some characters of names (`\[`); the lists are compared without the escapes.
    stdout_ok(&["gap", FEDERAL, "--as-of", AS_OF]).replace('\\', "")
}

/// Each system's unit by ID, from the JSON report.
fn units(gap: &Value) -> HashMap<String, Option<String>> {
    gap["systems"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| (s["id"].as_str().unwrap().to_string(), s["unit"].as_str().map(str::to_string)))
        .collect()
}

/// The documented order: by unit (part by part, naturally; no unit last), then by ID in natural order.
fn by_unit(units: &HashMap<String, Option<String>>, a: &str, b: &str) -> Ordering {
    let unit_cmp = |x: &Option<String>, y: &Option<String>| match (x, y) {
        (Some(x), Some(y)) => {
            let (xs, ys): (Vec<&str>, Vec<&str>) = (x.split('/').collect(), y.split('/').collect());
            xs.iter()
                .zip(&ys)
                .map(|(p, q)| natural_cmp(p, q))
                .find(|o| o.is_ne())
                .unwrap_or_else(|| xs.len().cmp(&ys.len()))
        }
        (Some(_), None) => Ordering::Less,
        (None, Some(_)) => Ordering::Greater,
        (None, None) => Ordering::Equal,
    };
    unit_cmp(&units[a], &units[b]).then_with(|| natural_cmp(a, b))
}

/// The IDs of the systems that fall short of `requirement`, in the documented order.
fn short_in_order(gap: &Value, requirement: &str) -> Vec<String> {
    let units = units(gap);
    let r = gap["requirements"].as_array().unwrap().iter().find(|r| r["id"] == requirement).unwrap();
    let mut short: Vec<String> = r["systems"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|s| ["partially_compliant", "non_compliant", "not_assessed"].contains(&s["status"].as_str().unwrap()))
        .map(|s| s["system"].as_str().unwrap().to_string())
        .collect();
    short.sort_by(|a, b| by_unit(&units, a, b));
    short
}

/// The section of the Markdown report about `requirement`, up to the next section.
fn section<'a>(markdown: &'a str, requirement: &str) -> &'a str {
    let start = markdown.find(&format!("\n### {requirement} ")).unwrap_or_else(|| panic!("no section {requirement}"));
    let rest = &markdown[start + 1..];
    &rest[..rest[4..].find("\n### ").map_or(rest.len(), |end| end + 4)]
}

#[test]
fn federal_report_lists_systems_by_unit() {
    let gap = gap_json();
    let markdown = gap_markdown();
    let names = names(&gap);
    // A.5.5 falls short for 72 systems, all non-compliant, so no other key comes before the unit.
    let expected = short_in_order(&gap, "A.5.5");
    assert_eq!(expected.len(), 72);
    let a_5_5 = section(&markdown, "A.5.5");
    let listed: Vec<String> = expected[..10].iter().map(|id| format!("{} (non-compliant)", names[id])).collect();
    assert!(
        a_5_5.contains(&format!(
            "Systems that fall short: {} and 62 more, each in the \"Systems\" sheet of the workbook.",
            listed.join(", ")
        )),
        "the systems that fall short, by agency then ID:\n{a_5_5}"
    );
    // The "What falls short" sample: the first ten actions, one per system, in the same order.
    let rows: Vec<&str> = a_5_5.lines().filter(|l| l.starts_with("| ") && l.contains(": no evidence")).collect();
    assert_eq!(rows.len(), 10, "{a_5_5}");
    for (row, id) in rows.iter().zip(&expected) {
        assert!(row.starts_with(&format!("| {}: ", names[id])), "{row} should be about {id} ({})", names[id]);
    }
    // The workbook's Systems sheet: agency by agency, each agency's systems by ID.
    let units = self::units(&gap);
    let book = workbook("gap", FEDERAL);
    let sheet: Vec<String> = book.rows("Systems").iter().map(|r| text(&r["Name"])).collect();
    let mut ids: Vec<String> = units.keys().cloned().collect();
    ids.sort_by(|a, b| by_unit(&units, a, b));
    assert_eq!(sheet, ids.iter().map(|id| names[id].clone()).collect::<Vec<_>>());
}

#[test]
fn per_system_actions_tie_break_by_unit() {
    let gap = gap_json();
    let units = units(&gap);
    let plan: Value =
        serde_json::from_str(&stdout_ok(&["plan", FEDERAL, "--as-of", AS_OF, "--format", "json"])).unwrap();
    let actions = plan_actions(&plan);
    for requirement in ["A.5.5", "A.6.2.2", "A.6.2.8"] {
        let systems: Vec<String> = actions
            .iter()
            .filter(|a| a["requirement"] == requirement && a["systems"].as_array().unwrap().len() == 1)
            .map(|a| a["systems"][0].as_str().unwrap().to_string())
            .collect();
        assert!(!systems.is_empty(), "{requirement}");
        assert_eq!(systems, short_in_order(&gap, requirement), "{requirement}: the plan's ranks break ties by unit");
    }
    // The Plan sheet follows the ranks and names each action's unit beside its owner.
    let book = workbook("plan", FEDERAL);
    let header = book.header("Plan");
    let owner = header.iter().position(|h| h == "Owner").unwrap();
    assert_eq!(header[owner + 1], "Unit");
    let a_5_5: Vec<String> =
        book.rows("Plan").iter().filter(|r| text(&r["Requirement"]) == "A.5.5").map(|r| text(&r["Unit"])).collect();
    let expected: Vec<String> =
        short_in_order(&gap, "A.5.5").iter().map(|id| units[id].clone().unwrap_or_default()).collect();
    assert_eq!(a_5_5, expected);
    // The Findings sheet has a Unit column after the AI system.
    let header = workbook("gap", FEDERAL).header("Findings");
    let system = header.iter().position(|h| h == "AI system").unwrap();
    assert_eq!(header[system + 1], "Unit");
}

#[test]
fn per_system_actions_in_natural_id_order_without_units() {
    let organisation = "name: Org\naims_scope: All AI systems\nai_roles: [provider, customer]\n";
    let system = |id: &str| {
        format!(
            "id: \"{id}\"\nname: System {id}\npurpose: Does things\nowner: Owner\nlifecycle_stage: operation\n\
             ai_role: customer\n"
        )
    };
    let ids = ["sys-10", "sys-9", "sys-10-2", "sys-2", "sys-1"];
    let files: Vec<(String, String)> = std::iter::once(("organisation.yaml".to_string(), organisation.to_string()))
        .chain(ids.iter().map(|id| (format!("systems/{id}.yaml"), system(id))))
        .collect();
    let borrowed: Vec<(&str, &str)> = files.iter().map(|(p, c)| (p.as_str(), c.as_str())).collect();
    let dir = common::workspace(&borrowed);
    let path = dir.path().to_str().unwrap();
    let plan: Value = serde_json::from_str(&stdout_ok(&["plan", path, "--as-of", AS_OF, "--format", "json"])).unwrap();
    let systems: Vec<String> = plan_actions(&plan)
        .iter()
        .filter(|a| a["requirement"] == "A.5.5" && a["systems"].as_array().unwrap().len() == 1)
        .map(|a| a["systems"][0].as_str().unwrap().to_string())
        .collect();
    assert_eq!(systems, ["sys-1", "sys-2", "sys-9", "sys-10", "sys-10-2"]);
}

#[test]
fn federal_control_sections_show_each_agency() {
    let gap = gap_json();
    let markdown = gap_markdown();
    let units = units(&gap);
    let r = gap["requirements"].as_array().unwrap().iter().find(|r| r["id"] == "A.5.3").unwrap();
    let mut per_unit: Vec<(String, usize, usize)> = Vec::new();
    for s in r["systems"].as_array().unwrap().iter().filter(|s| s["status"] != "not_applicable") {
        let unit = units[s["system"].as_str().unwrap()].clone().unwrap();
        let short = usize::from(s["status"] != "compliant");
        match per_unit.iter_mut().find(|(u, _, _)| *u == unit) {
            Some(entry) => {
                entry.1 += short;
                entry.2 += 1;
            }
            None => per_unit.push((unit, short, 1)),
        }
    }
    per_unit.sort_by(|a, b| natural_cmp(&a.0, &b.0));
    let line: Vec<String> = per_unit.iter().map(|(u, short, of)| format!("{u} {short} of {of}")).collect();
    let expected = format!("By unit, systems that fall short of those it applies to: {}.", line.join(", "));
    assert!(section(&markdown, "A.5.3").contains(&expected), "{expected}");
}

#[test]
fn units_named_in_full() {
    let gap = gap_json();
    let treasury = gap["units"].as_array().unwrap().iter().find(|u| u["unit"] == "TREAS").unwrap();
    assert_eq!(treasury["name"], "Department of the Treasury");
    let markdown = gap_markdown();
    assert!(markdown.contains("| Department of the Treasury (TREAS) |"), "the report's unit table names TREAS in full");
    let book = workbook("gap", FEDERAL);
    let header = book.header("Units");
    assert!(!header.contains(&"Depth".to_string()), "no unit is nested, so no column of zeros: {header:?}");
    for row in book.rows("Units") {
        let (unit, name) = (text(&row["Unit"]), text(&row["Name"]));
        assert_ne!(unit, name, "the Name column does not repeat the code");
        assert!(!name.is_empty(), "the federal sample names every agency: {unit}");
    }
}

#[test]
fn in_scope_counts_agree_by_unit() {
    let gap = gap_json();
    let summary = &gap["summary"];
    let (in_scope, retired) =
        (summary["systems_in_scope"].as_u64().unwrap(), summary["systems_retired"].as_u64().unwrap());
    assert_eq!((in_scope, retired), (90, 13));
    let units = gap["units"].as_array().unwrap();
    let sum = |field: &str| units.iter().map(|u| u[field].as_u64().unwrap()).sum::<u64>();
    assert_eq!(sum("systems_in_scope"), in_scope, "units count in scope as the summary does");
    assert_eq!(sum("systems_retired"), retired);
    let markdown = gap_markdown();
    let active = in_scope - retired;
    assert!(
        markdown.contains(&format!("{active} active AI systems are in scope, plus {retired} retired")),
        "the summary's words"
    );
    // The report's unit table: active and retired columns that add up to the summary's figures.
    let table: Vec<Vec<String>> = markdown
        .split("## By unit")
        .nth(1)
        .unwrap()
        .lines()
        .skip_while(|l| !l.starts_with("| Unit"))
        .skip(2)
        .take_while(|l| l.starts_with("| "))
        .map(|l| l.split(" | ").map(str::to_string).collect())
        .collect();
    assert!(markdown.contains("| Unit | Active systems | Retired |"));
    let column = |i: usize| table.iter().map(|row| row[i].trim().parse::<u64>().unwrap()).sum::<u64>();
    assert_eq!((column(1), column(2)), (active, retired));
    // The Units sheet says the same.
    let book = workbook("gap", FEDERAL);
    let rows = book.rows("Units");
    let sheet = |name: &str| rows.iter().map(|r| book::number(&r[name]).unwrap() as u64).sum::<u64>();
    assert_eq!((sheet("Active in scope"), sheet("Retired in scope")), (active, retired));
}
