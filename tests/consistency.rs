//! Every deliverable tells the same story about every Annex A control (issue 14): the JSON, CSV and Markdown
//! reports, the Statement of Applicability in JSON and CSV, and the remediation plan, all produced by the real binary
//! from each bundled example.

mod common;

use std::collections::{BTreeMap, BTreeSet};

use common::{AS_OF, aims};
use serde_json::Value;

const EXAMPLES: [&str; 4] = [
    "examples/saas-ai-customer",
    "examples/fintech-ai-provider",
    "examples/us-federal-sample",
    "examples/healthtech-provider",
];

/// One evidence record as a deliverable names it: the file or external reference, and its mark (none when current).
type Record = (String, Option<String>);

fn run(args: &[&str]) -> String {
    let output = aims(args);
    assert_eq!(output.status.code(), Some(0), "{args:?}: {}", String::from_utf8_lossy(&output.stderr));
    String::from_utf8(output.stdout).unwrap()
}

fn deliverable(verb: &str, dir: &str, format: &str) -> String {
    run(&[verb, dir, "--as-of", AS_OF, "--format", format])
}

fn json(verb: &str, dir: &str) -> Value {
    serde_json::from_str(&deliverable(verb, dir, "json")).unwrap()
}

/// The rows of a CSV deliverable, by their `ref_id`, each as column name → cell.
fn csv_rows(text: &str) -> BTreeMap<String, BTreeMap<String, String>> {
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let headers = reader.headers().unwrap().clone();
    let mut rows = BTreeMap::new();
    for record in reader.records() {
        let record = record.unwrap();
        let row: BTreeMap<String, String> =
            headers.iter().zip(record.iter()).map(|(h, v)| (h.to_string(), v.to_string())).collect();
        rows.insert(row["ref_id"].clone(), row);
    }
    rows
}

/// The SoA's row of control `id`.
fn control_by_id<'a>(controls: &'a [Value], id: &str) -> &'a Value {
    controls.iter().find(|c| c["id"] == id).unwrap()
}

/// Splits a CSV evidence cell at `; ` outside brackets (a mark such as "stale; external, ..." stays whole).
fn split_items(cell: &str) -> Vec<String> {
    let mut items = Vec::new();
    let (mut depth, mut current) = (0i32, String::new());
    let mut chars = cell.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '(' | '[' => depth += 1,
            ')' | ']' => depth -= 1,
            ';' if depth == 0 && chars.peek() == Some(&' ') => {
                chars.next();
                items.push(std::mem::take(&mut current));
                continue;
            }
            _ => {}
        }
        current.push(c);
    }
    if !current.is_empty() {
        items.push(current);
    }
    items
}

/// Removes a trailing `open … close` group, returning what is left and the group's inside.
fn strip_suffix_group(item: &str, open: &str, close: char) -> (String, Option<String>) {
    match (item.ends_with(close), item.rfind(open)) {
        (true, Some(at)) => (item[..at].to_string(), Some(item[at + open.len()..item.len() - 1].to_string())),
        _ => (item.to_string(), None),
    }
}

/// The report CSV writes `name (mark)`.
fn report_csv_records(cell: &str) -> Vec<Record> {
    let mut records: Vec<Record> = split_items(cell).iter().map(|i| strip_suffix_group(i, " (", ')')).collect();
    records.sort();
    records
}

/// The SoA CSV writes `name (system ID) [mark]` or `name (also for system ID, …) [mark]`.
fn soa_csv_records(cell: &str) -> Vec<Record> {
    let mut records: Vec<Record> = split_items(cell)
        .iter()
        .map(|item| {
            let (rest, mark) = strip_suffix_group(item, " [", ']');
            // A document other systems also cite says so: `name (also for system a, b)`.
            let (rest, _also_for) = strip_suffix_group(&rest, " (also for ", ')');
            let (name, system) = strip_suffix_group(&rest, " (system ", ')');
            assert!(system.is_none() || !name.contains(" (system "), "{item}");
            (name, mark)
        })
        .collect();
    records.sort();
    records
}

fn distinct<T: Ord + Clone>(items: &[T]) -> BTreeSet<T> {
    items.iter().cloned().collect()
}

fn record_name(e: &Value) -> String {
    ["file", "register_id", "url"]
        .iter()
        .find_map(|k| e.get(*k).and_then(Value::as_str))
        .unwrap_or("no document named")
        .to_string()
}

/// The Markdown report's text about one control: its section under "Requirements not met", or its row in the
/// "Excluded" or "Compliant" tables, with the status those imply.
fn markdown_status(md: &str, id: &str) -> (String, String) {
    let heading = format!("### {id} ");
    if let Some(start) = md.lines().position(|l| l.starts_with(&heading)) {
        let section: Vec<&str> = md.lines().skip(start).take_while(|l| !l.starts_with("## ")).collect();
        let end = section.iter().skip(1).position(|l| l.starts_with("### ")).map_or(section.len(), |p| p + 1);
        let section = section[..end].join("\n");
        let status = section
            .split("**Status: ")
            .nth(1)
            .and_then(|s| s.split("**").next())
            .unwrap_or_else(|| panic!("{id}: no status in\n{section}"))
            .to_lowercase()
            .replace([' ', '-'], "_");
        return (status, section);
    }
    let row_start = format!("| {id} |");
    let mut table = "";
    for line in md.lines() {
        if line.starts_with("## ") {
            table = if line.starts_with("## Excluded") {
                "not_applicable"
            } else if line.starts_with("## Compliant") {
                "compliant"
            } else {
                ""
            };
        } else if line.starts_with("### Not assessed yet") {
            // The requirements with nothing recorded, one table at the end of "Requirements not met".
            table = "not_assessed";
        } else if !table.is_empty() && line.starts_with(&row_start) {
            return (table.to_string(), line.to_string());
        }
    }
    panic!("{id} appears nowhere in the Markdown report");
}

#[test]
fn every_control_reads_the_same_in_report_soa_plan_csv_and_json() {
    for dir in EXAMPLES {
        let report = json("gap", dir);
        let soa = json("soa", dir);
        let plan = json("plan", dir);
        let report_csv = csv_rows(&deliverable("gap", dir, "csv"));
        let soa_csv = csv_rows(&deliverable("soa", dir, "csv"));
        // The practitioner's report names every record by its file; the client's by its title.
        let markdown = run(&["gap", dir, "--as-of", AS_OF, "--format", "markdown", "--audience", "practitioner"]);

        let requirements: BTreeMap<&str, &Value> =
            report["requirements"].as_array().unwrap().iter().map(|r| (r["id"].as_str().unwrap(), r)).collect();
        let controls = soa["controls"].as_array().unwrap();
        assert_eq!(controls.len(), 38, "{dir}: the SoA lists every Annex A control");

        for control in controls {
            let id = control["id"].as_str().unwrap();
            let at = format!("{dir} {id}");
            let r = requirements.get(id).unwrap_or_else(|| panic!("{at}: not in the JSON report"));

            // Status.
            let status = r["status"].as_str().unwrap();
            assert_eq!(control["status"], status, "{at}: SoA JSON status");
            assert_eq!(report_csv[id]["result"], status, "{at}: report CSV result");
            assert_eq!(soa_csv[id]["result"], status, "{at}: SoA CSV result");
            let (md_status, md_text) = markdown_status(&markdown, id);
            assert_eq!(md_status, status, "{at}: Markdown report status");

            // Applicability: included or excluded, and a rejected exclusion is included everywhere.
            let applicability = r["applicability"].as_str().unwrap();
            let included = matches!(applicability, "included" | "exclusion_rejected");
            assert_eq!(control["included"], included, "{at}: SoA JSON included ({applicability})");
            assert_eq!(control["applicability"], applicability, "{at}: SoA JSON applicability");
            assert_eq!(soa_csv[id]["decision"], applicability, "{at}: SoA CSV decision");
            let soa_csv_included = soa_csv[id]["applicability"] == "included";
            assert_eq!(soa_csv_included, included, "{at}: SoA CSV applicability");
            let report_csv_included = report_csv[id]["applicability"] == "applicable";
            assert_eq!(report_csv_included, included, "{at}: report CSV applicability");
            assert_eq!(md_status == "not_applicable", !included, "{at}: Markdown report excluded table");

            // Evidence: the same records with the same verdicts and marks.
            let mut report_records: Vec<(String, String)> = r["evidence"]
                .as_array()
                .unwrap()
                .iter()
                .map(|e| (record_name(e), e["verdict"].as_str().unwrap().to_string()))
                .collect();
            report_records.sort();
            let mut per_system: Vec<(String, String)> = r["systems"]
                .as_array()
                .unwrap()
                .iter()
                .filter_map(|s| s.get("evidence").filter(|e| !e.is_null()))
                .map(|e| (record_name(e), e["verdict"].as_str().unwrap().to_string()))
                .collect();
            per_system.sort();
            let mut tagged: Vec<(String, String)> = r["evidence"]
                .as_array()
                .unwrap()
                .iter()
                .filter(|e| e.get("system").is_some_and(|s| !s.is_null()))
                .map(|e| (record_name(e), e["verdict"].as_str().unwrap().to_string()))
                .collect();
            tagged.sort();
            assert_eq!(tagged, per_system, "{at}: systems[].evidence is in requirements[].evidence");

            let soa_evidence = control["evidence"].as_array().unwrap();
            let mut soa_verdicts: Vec<(String, String)> = soa_evidence
                .iter()
                .map(|e| (e["name"].as_str().unwrap().to_string(), e["verdict"].as_str().unwrap().to_string()))
                .collect();
            soa_verdicts.sort();
            assert_eq!(distinct(&soa_verdicts), distinct(&report_records), "{at}: SoA JSON evidence and verdicts");

            let mut soa_marks: Vec<Record> = soa_evidence
                .iter()
                .map(|e| (e["name"].as_str().unwrap().to_string(), e["mark"].as_str().map(str::to_string)))
                .collect();
            soa_marks.sort();
            let marks = distinct(&soa_marks);
            let as_set = |v: Vec<Record>| v.into_iter().collect::<BTreeSet<_>>();
            assert_eq!(as_set(soa_csv_records(&soa_csv[id]["evidence"])), marks, "{at}: SoA CSV evidence");
            assert_eq!(as_set(report_csv_records(&report_csv[id]["evidence"])), marks, "{at}: report CSV evidence");

            // The Markdown report names every record and its mark in the control's section; in an inventory of
            // up to 25 systems its compliant table names each system's own records too (a larger one sums them up
            // by their counts).
            assert!(!md_text.contains("per-system records ("), "{at}: a small inventory names its records: {md_text}");
            for (name, mark) in &marks {
                assert!(md_text.contains(&format!("`{name}`")), "{at}: Markdown report names {name}:\n{md_text}");
                if let Some(mark) = mark {
                    assert!(md_text.contains(mark.as_str()), "{at}: Markdown report marks {name} {mark}:\n{md_text}");
                }
            }
        }

        // The SoA header counts its own rows.
        let count = |f: &dyn Fn(&Value) -> bool| controls.iter().filter(|c| f(c)).count() as u64;
        assert_eq!(soa["included"], count(&|c| c["included"] == true), "{dir}: SoA included");
        assert_eq!(soa["excluded"], count(&|c| c["included"] == false), "{dir}: SoA excluded");
        assert_eq!(
            soa["exclusion_rejected"],
            count(&|c| c["applicability"] == "exclusion_rejected"),
            "{dir}: SoA exclusions rejected"
        );
        assert_eq!(soa["default_reasons"], count(&|c| c["reasons_default"] == true), "{dir}: SoA default reasons");
        assert_eq!(
            soa["unjustified"],
            count(&|c| !c["findings"].as_array().unwrap().is_empty()),
            "{dir}: SoA unjustified"
        );
        assert_eq!(soa_csv.keys().filter(|k| k.starts_with("A.")).count(), controls.len(), "{dir}: SoA CSV rows");

        // The controls without a justification: the SoA's rows with findings are the controls with the same finding in
        // the report, and exactly the controls 6.1.3's one `soa-justification-missing` finding names.
        let unjustified: BTreeSet<&str> = controls
            .iter()
            .filter(|c| !c["findings"].as_array().unwrap().is_empty())
            .map(|c| c["id"].as_str().unwrap())
            .collect();
        for id in &unjustified {
            let code = &control_by_id(controls, id)["findings"][0]["code"];
            let in_report = requirements[id]["findings"].as_array().unwrap().iter().any(|f| &f["code"] == code);
            assert!(in_report, "{dir} {id}: the SoA's {code} is not in the report");
        }
        let summary: Vec<&Value> = requirements["6.1.3"]["findings"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|f| f["code"] == "soa-justification-missing")
            .collect();
        let named: BTreeSet<&str> = summary
            .iter()
            .flat_map(|f| f["message"].as_str().unwrap().split([' ', ',', ';', '(', ')']))
            .filter(|word| word.starts_with("A."))
            .collect();
        assert_eq!(summary.len(), usize::from(!unjustified.is_empty()), "{dir}: 6.1.3's finding");
        assert_eq!(named, unjustified, "{dir}: the controls 6.1.3's finding names");
        assert_eq!(soa["unjustified"], named.len() as u64, "{dir}: SoA unjustified and 6.1.3");
        if !unjustified.is_empty() {
            assert_ne!(requirements["6.1.3"]["status"], "compliant", "{dir}: 6.1.3 with controls unjustified");
        }

        // Every plan action fixes a gap in the report, and every included control not met has an action.
        let actions: Vec<&Value> =
            plan["phases"].as_array().unwrap().iter().flat_map(|p| p["actions"].as_array().unwrap()).collect();
        let mut planned = BTreeSet::new();
        let mut problems = BTreeSet::new();
        for action in &actions {
            for p in action["problems"].as_array().unwrap() {
                // Two shortfalls of one requirement may share a code (two overdue risk treatments): the problem tells
                // them apart.
                let key = (
                    p["requirement"].to_string(),
                    p["system"].to_string(),
                    p["code"].to_string(),
                    p["problem"].to_string(),
                );
                assert!(problems.insert(key), "{dir}: the shortfall {p} has more than one action");
            }
            for id in action["requirements"].as_array().unwrap() {
                let id = id.as_str().unwrap();
                let r = requirements.get(id).unwrap_or_else(|| panic!("{dir}: action for unknown {id}"));
                assert!(
                    !matches!(r["status"].as_str(), Some("compliant" | "not_applicable")),
                    "{dir}: plan action {} for {id}, which the report has {}",
                    action["id"],
                    r["status"]
                );
                planned.insert(id.to_string());
            }
        }
        for control in controls {
            let id = control["id"].as_str().unwrap();
            let short =
                matches!(control["status"].as_str(), Some("partially_compliant" | "non_compliant" | "not_assessed"));
            if control["included"] == true && short && control["waived"] != true {
                assert!(planned.contains(id), "{dir}: {id} is included and {} but has no action", control["status"]);
            }
        }
    }
}
