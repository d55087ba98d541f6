//! The report, the Statement of Applicability and the plan read as one set of documents: they name each evidence
//! record the same way, list it once per requirement, open with the same front matter, and the executive summary's
//! first actions put the work stage 1 cannot pass without first. Each test is named after the problem it guards
//! against, and runs end to end over the bundled examples.

#[path = "common/xlsx.rs"]
mod book;
mod common;

use common::{AS_OF, EXAMPLES, aims};

fn ok(output: std::process::Output) -> String {
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    String::from_utf8(output.stdout).unwrap()
}

fn document(verb: &str, dir: &str, format: &str) -> String {
    ok(aims(&[verb, dir, "--as-of", AS_OF, "--format", format]))
}

/// The evidence cell of one control's row of the SoA's Markdown table.
fn soa_evidence_cell(soa: &str, id: &str) -> String {
    let row = soa.lines().find(|l| l.starts_with(&format!("| {id} |"))).unwrap_or_else(|| panic!("no row {id}"));
    row.trim_end_matches(" |").rsplit(" | ").next().unwrap().to_string()
}

/// The SoA named evidence from its file name ("Hireloop dpa 2026 missing") where the report used the record's title,
/// left out the system of a record only one AI system cites ("Release runbook"), and wrote "(also for …)", which a
/// reader could not interpret. Every document now names a record by the same function: its title and system.
#[test]
fn soa_names_evidence_as_the_report_does() {
    let saas = document("soa", "examples/saas-ai-customer", "markdown");
    let cell = soa_evidence_cell(&saas, "A.10.3");
    assert!(cell.starts_with("Signed data processing agreement and AI addendum with Hireloop GmbH"), "{cell}");
    let fintech = document("soa", "examples/fintech-ai-provider", "markdown");
    let cell = soa_evidence_cell(&fintech, "A.6.2.6");
    assert!(cell.contains("Nora, customer support assistant: Release runbook"), "{cell}");
    for dir in EXAMPLES {
        let soa = document("soa", dir, "markdown");
        assert!(!soa.contains("(also for"), "{dir}: the SoA still writes \"also for\"");
        // Every record's label in the SoA is a name the report uses for the same record.
        let report = document("gap", dir, "markdown");
        let json: serde_json::Value = serde_json::from_str(&document("soa", dir, "json")).unwrap();
        for c in json["controls"].as_array().unwrap() {
            for e in c["evidence"].as_array().unwrap() {
                let title = e["document"].as_str().unwrap();
                assert!(report.contains(title), "{dir} {}: {title:?} is not a name the report uses", c["id"]);
                let label = e["label"].as_str().unwrap();
                if e["also_for"].is_null() && label.contains(": ") {
                    assert!(report.contains(label), "{dir} {}: {label:?} is not how the report names it", c["id"]);
                }
            }
        }
    }
}

/// A requirement listed the same record twice: fintech A.8.2 "Underwriter guide" twice (the organisation's record
/// and the credit model's own, citing the same file), and A.5.5 Nora's impact assessment, then the same with
/// "section 4". Each record is now listed once, as the more specific, in the report, the SoA and the workbooks.
#[test]
fn evidence_listed_once_per_requirement() {
    let fintech = document("gap", "examples/fintech-ai-provider", "markdown");
    let line = |after: &str| {
        let at = fintech.find(after).unwrap();
        fintech[at..].lines().find(|l| l.starts_with("Evidence: ")).unwrap().to_string()
    };
    let a82 = line("### A.8.2 ");
    assert_eq!(a82.matches("Underwriter guide").count(), 1, "{a82}");
    let a55 = line("### A.5.5 ");
    assert_eq!(a55.matches("Nora, customer support assistant: Impact assessment").count(), 1, "{a55}");
    assert!(a55.contains("Nora, customer support assistant: Impact assessment, section 4"), "{a55}");
    for dir in EXAMPLES {
        let report = document("gap", dir, "markdown");
        for l in report.lines().filter(|l| l.starts_with("Evidence: ")) {
            // Items end with their dates or their mark; a "; " inside a title does not end one.
            let mut items: Vec<String> = Vec::new();
            for part in l.trim_start_matches("Evidence: ").trim_end_matches('.').split("; ") {
                match items.last_mut() {
                    Some(last) if !(last.ends_with(')') || last.ends_with("**")) => {
                        last.push_str("; ");
                        last.push_str(part);
                    }
                    _ => items.push(part.to_string()),
                }
            }
            let mut seen = std::collections::HashSet::new();
            for item in &items {
                assert!(seen.insert(item), "{dir}: {item:?} listed twice in {l}");
            }
        }
        let soa: serde_json::Value = serde_json::from_str(&document("soa", dir, "json")).unwrap();
        for c in soa["controls"].as_array().unwrap() {
            let mut seen = std::collections::HashSet::new();
            for e in c["evidence"].as_array().unwrap() {
                let key = (e["label"].to_string(), e["verdict"].to_string(), e["reviewed"].to_string());
                assert!(seen.insert(key), "{dir} {}: {} listed twice", c["id"], e["label"]);
            }
        }
    }
}

/// "What to do first" left out fintech 7.4, a rejected exclusion with no due date that blocks the stage 1 audit
/// (the plan's first action), and put healthtech's non-compliant objectives (6.2) after partial work that merely had
/// an earlier date. Stage 1 blockers now come first, before overdue work stage 1 does not wait for.
#[test]
fn undated_stage_one_blocker_comes_first() {
    let summary = |dir: &str| {
        let (_, ws, assessment, plan) = common::planned(std::path::Path::new(dir));
        aims::views::summary::build(&ws, &assessment, &plan)
    };
    let fintech = summary("examples/fintech-ai-provider");
    let first: Vec<&str> = fintech.first_actions.iter().map(|a| a.requirements[0].as_str()).collect();
    let at = first.iter().position(|id| *id == "7.4").unwrap_or_else(|| panic!("7.4 is not among {first:?}"));
    let blocker = &fintech.first_actions[at];
    assert!(blocker.due.is_none(), "{blocker:?}");
    // Only other stage 1 blockers come before it (A.6.2.8's and A.7.5's overdue work, which stage 1 waits for).
    for before in &fintech.first_actions[..at] {
        assert_eq!(before.why.as_deref(), Some("It blocks the stage 1 audit."), "{before:?}");
    }
    let healthtech = summary("examples/healthtech-provider");
    assert_eq!(healthtech.first_actions[0].requirements, ["6.2"], "{:?}", healthtech.first_actions);
    assert_eq!(healthtech.first_actions[0].why.as_deref(), Some("It blocks the stage 1 audit."));
}

/// The report opened with a version history from aims.toml `[report]`; the SoA and the plan did not, and their
/// labels differed ("Status as of", "Document version", a workbook's "Approved on" beside the Markdown's "Approval
/// date"). All three documents now open with the same front matter, with the same labels in Markdown, HTML and the
/// workbooks' Summary sheets. The SoA and the plan are documents of their own, derived from the gap analysis: they
/// name the report's version they were produced with, not the report's version history.
#[test]
fn every_document_has_the_same_front_matter() {
    let dir = "examples/healthtech-provider";
    let rows = |verb: &str| -> Vec<String> {
        let version = if verb == "gap" {
            "| **Report version** | 2.0 |"
        } else {
            "| **Produced with** | gap analysis version 2.0 |"
        };
        let mut rows = vec![
            "| **Organisation** | Meridale Health Ltd |".to_string(),
            "| **Prepared for** | Meridale Health Ltd, Quality and Regulatory Affairs |".to_string(),
            "| **Prepared by** | Dr Nikhil Sharma, Lead Auditor (ISO/IEC 42001), Harbourline Compliance Partners |"
                .to_string(),
            version.to_string(),
            format!("| **Assessed as of** | {AS_OF} |"),
            "| **Target audit date** | 2027-03-01 |".to_string(),
        ];
        if verb == "gap" {
            rows.extend(
                [
                    "**Version history**",
                    "| 1.0 | 2026-06-30 | Baseline gap analysis |",
                    "| 2.0 | 2026-11-27 | Pre-certification re-assessment with the stage 1 audit booked |",
                ]
                .map(str::to_string),
            );
        }
        rows
    };
    let marking = "**Commercial in confidence: Meridale Health Ltd**";
    for verb in ["gap", "soa", "plan"] {
        let md = document(verb, dir, "markdown");
        assert!(md.contains(marking), "{verb}");
        // The rows come in the same order, one after the other, in every document.
        let rows = rows(verb);
        let table: Vec<&str> = md.lines().filter(|l| rows.iter().any(|r| r == l)).collect();
        assert_eq!(table, rows, "{verb}:\n{}", &md[..1500.min(md.len())]);
        assert_eq!(md.contains("Version history"), verb == "gap", "{verb}: only the report has the report's history");
        let html = document(verb, dir, "html");
        let version = if verb == "gap" { "Report version" } else { "Produced with" };
        for label in ["Prepared for", "Prepared by", version, "Assessed as of", "Target audit date"] {
            assert!(html.contains(&format!("<strong>{label}</strong>")), "{verb} html: {label}");
        }
        assert_eq!(html.contains("Version history"), verb == "gap", "{verb} html");
        let xlsx = common::aims(&[verb, dir, "--as-of", AS_OF, "--format", "xlsx"]);
        assert!(xlsx.status.success());
        let book = book::Book::read(xlsx.stdout);
        let version =
            if verb == "gap" { ("Report version", "2.0") } else { ("Produced with", "gap analysis version 2.0") };
        for (label, value) in [
            ("Confidentiality", "Commercial in confidence: Meridale Health Ltd"),
            ("Organisation", "Meridale Health Ltd"),
            ("Prepared for", "Meridale Health Ltd, Quality and Regulatory Affairs"),
            version,
        ] {
            assert_eq!(book::text(&book.pair("Summary", label)), value, "{verb} xlsx: {label}");
        }
        assert_eq!(book::date(&book.pair("Summary", "Assessed as of")), AS_OF, "{verb} xlsx");
        assert_eq!(book::date(&book.pair("Summary", "Target audit date")), "2027-03-01", "{verb} xlsx");
    }
    let soa = document("soa", "examples/saas-ai-customer", "markdown");
    assert!(
        soa.contains("| **Applicability decisions and justifications** | **SoA version not set, not yet approved** |"),
        "{soa}"
    );
    let book = book::Book::read(common::aims(&["soa", "examples/saas-ai-customer", "--format", "xlsx"]).stdout);
    assert_eq!(
        book::text(&book.pair("Summary", "Applicability decisions and justifications")),
        "SoA version not set, not yet approved"
    );
}

/// The plan's actions whose `requirements` list `id`, in rank order.
fn plan_actions_for<'a>(actions: &'a [serde_json::Value], id: &str) -> Vec<&'a serde_json::Value> {
    actions.iter().filter(|a| a["requirements"].as_array().unwrap().iter().any(|r| r == id)).collect()
}

/// The gap report's JSON gave each requirement the workspace's raw planned entry as `action`, while the report, the
/// plan and the plan's JSON gave the effective action: fintech A.6.2.8 read due 2027-01-29 and not overdue in the
/// JSON, 2026-09-30 and overdue everywhere else (the risk register's treatment action for the same work sets the
/// earlier date), and healthtech 10.2 had no action in the JSON though the plan has one. Each requirement now lists
/// the plan's actions for it with their owners, dates and overdue states, and the earliest date of that work; the
/// entry as written is `recorded_action`. The CSV's due date is the same date.
#[test]
fn the_gap_json_gives_each_requirement_the_plans_dates_owners_and_overdue_state() {
    for dir in EXAMPLES {
        let gap: serde_json::Value = serde_json::from_str(&document("gap", dir, "json")).unwrap();
        let plan = common::plan_json(dir);
        let actions = common::plan_actions(&plan);
        let by_id: std::collections::HashMap<&str, &serde_json::Value> =
            actions.iter().map(|a| (a["id"].as_str().unwrap(), a)).collect();
        let csv = document("gap", dir, "csv");
        let mut rows = csv::Reader::from_reader(csv.as_bytes());
        let due_column: std::collections::HashMap<String, String> = rows
            .deserialize::<std::collections::HashMap<String, String>>()
            .map(|r| r.unwrap())
            .map(|r| (r["ref_id"].clone(), r["due_date"].clone()))
            .collect();
        for r in gap["requirements"].as_array().unwrap() {
            let id = r["id"].as_str().unwrap();
            assert!(r.get("action").is_none(), "{dir} {id}: the raw entry still reads as the action");
            assert!(r.get("recorded_action").is_some(), "{dir} {id}: no recorded_action");
            let expected = plan_actions_for(&actions, id);
            if expected.is_empty() {
                assert!(r["plan"].is_null(), "{dir} {id}: {}", r["plan"]);
                continue;
            }
            let listed = r["plan"]["actions"].as_array().unwrap_or_else(|| panic!("{dir} {id}: no plan"));
            assert_eq!(listed.len(), expected.len(), "{dir} {id}");
            for (got, want) in listed.iter().zip(&expected) {
                for key in ["id", "rank", "owner", "due", "overdue", "carried_by"] {
                    assert_eq!(got[key], want[key], "{dir} {id} {key}");
                }
            }
            // The work: each action, or the actions that carry it out.
            let work: Vec<&serde_json::Value> = expected
                .iter()
                .flat_map(|a| match a["carried_by"].as_array() {
                    Some(carriers) => carriers.iter().map(|c| by_id[c.as_str().unwrap()]).collect(),
                    None => vec![*a],
                })
                .collect();
            let due = work.iter().filter_map(|a| a["due"].as_str()).min();
            assert_eq!(r["plan"]["due"].as_str(), due, "{dir} {id}");
            assert_eq!(r["plan"]["overdue"], work.iter().any(|a| a["overdue"] == true), "{dir} {id}");
            for a in &work {
                if let Some(owner) = a["owner"].as_str() {
                    assert!(r["plan"]["owners"].as_array().unwrap().iter().any(|o| o == owner), "{dir} {id} {owner}");
                }
            }
            assert_eq!(due_column[id], due.unwrap_or_default(), "{dir} {id}: the CSV's due date");
        }
    }
    let fintech: serde_json::Value =
        serde_json::from_str(&document("gap", "examples/fintech-ai-provider", "json")).unwrap();
    let r = fintech["requirements"].as_array().unwrap().iter().find(|r| r["id"] == "A.6.2.8").unwrap();
    assert_eq!(r["plan"]["due"], "2026-09-30");
    assert_eq!(r["plan"]["overdue"], true);
    let healthtech: serde_json::Value =
        serde_json::from_str(&document("gap", "examples/healthtech-provider", "json")).unwrap();
    let r = healthtech["requirements"].as_array().unwrap().iter().find(|r| r["id"] == "10.2").unwrap();
    assert!(r["recorded_action"].is_null());
    assert!(!r["plan"]["actions"].as_array().unwrap().is_empty(), "{}", r["plan"]);
}

/// Fintech's A.8.2 came second in "What to do first" (its EU AI Act deadline is near) but 21st of 22 in the plan,
/// with priority Medium, and the two documents ordered other work differently too. An action with a near EU AI Act
/// deadline now has high priority, the plan ranks each phase by the summary's order of urgency, and the summary
/// lists its first actions in the plan's order.
#[test]
fn what_to_do_first_and_the_plan_give_the_same_order_of_urgency() {
    for dir in EXAMPLES {
        let plan = common::plan_json(dir);
        let actions = common::plan_actions(&plan);
        for a in &actions {
            if a["legal_deadline"]["near"] == true {
                assert_eq!(a["priority"], "high", "{dir} {}: a near EU AI Act deadline", a["requirement"]);
            }
        }
        let report = document("gap", dir, "markdown");
        let first: Vec<&str> = report
            .split("### What to do first")
            .nth(1)
            .unwrap_or_else(|| panic!("{dir}: no What to do first"))
            .split("\n### ")
            .next()
            .unwrap()
            .lines()
            .filter_map(|l| l.split_once(". **").and_then(|(_, rest)| rest.split_once("**")).map(|(ids, _)| ids))
            .collect();
        assert!(!first.is_empty(), "{dir}");
        // Each entry's rank: the first action of its own with exactly those requirements ranked after the entry
        // before it (two rows of one control, such as the federal A.5.3's missing and claimed assessments, have the
        // same requirements). None is found when an entry comes before one the plan ranks ahead of it.
        let mut previous = 0;
        for ids in &first {
            previous = actions
                .iter()
                .filter(|a| a.get("carried_by").is_none())
                .filter(|a| common::strings(&a["requirements"]).join(", ") == *ids)
                .map(|a| a["rank"].as_u64().unwrap())
                .filter(|rank| *rank > previous)
                .min()
                .unwrap_or_else(|| panic!("{dir}: {first:?}: no action for {ids} ranked after {previous}"));
        }
    }
    let plan = common::plan_json("examples/fintech-ai-provider");
    let a82 = common::only_action(&plan, "A.8.2");
    assert_eq!(a82["priority"], "high");
    for a in common::plan_actions(&plan).iter().filter(|a| a["priority"] == "medium") {
        assert!(a["rank"].as_u64() > a82["rank"].as_u64(), "{} comes before A.8.2", a["requirement"]);
    }
}

/// The workbook's Requirements sheet showed fintech 8.3's "Close treatments R-14 and R-15", which the treatment
/// actions carry out, as an undated proposal. Such an action now names the actions that carry it out, by rank, with
/// their due date, in both voices, as the Markdown plan and report do; the due date is theirs.
#[test]
fn a_carried_action_in_the_workbook_names_its_carriers_and_their_due_date() {
    let dir = "examples/fintech-ai-provider";
    let plan = common::plan_json(dir);
    let actions = common::plan_actions(&plan);
    let carried = common::carried_action(&plan, "8.3");
    let ranks: Vec<String> =
        carried["carried_by_ranks"].as_array().unwrap().iter().map(|r| r.as_u64().unwrap().to_string()).collect();
    assert_eq!(ranks.len(), 2, "{carried}");
    let phrase = format!("carried out by actions {} and {}", ranks[0], ranks[1]);
    let due = carried["carried_by"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|id| actions.iter().find(|a| a["id"] == *id).and_then(|a| a["due"].as_str()))
        .min()
        .unwrap()
        .to_string();
    for book in [book::workbook("gap", dir), book::practitioner("gap", dir)] {
        let row = book.rows("Requirements").into_iter().find(|r| book::text(&r["ID"]) == "8.3").unwrap();
        let next = book::text(&row["Next action"]);
        // The carried action is not a proposal (the decision on the residual risks beside it is).
        let carried = next.lines().find(|l| l.contains(&phrase)).unwrap_or_else(|| panic!("{next}"));
        assert!(!carried.contains("(proposed)"), "{next}");
        assert_eq!(book::date(&row["Due date"]), due, "{next}");
    }
    let client = book::workbook("gap", dir);
    let row = client.rows("Requirements").into_iter().find(|r| book::text(&r["ID"]) == "8.3").unwrap();
    // Two carriers have two dates (2026-09-30 and 2026-10-31): the cell says the one it gives is the first.
    assert!(book::text(&row["Next action"]).contains(&format!("the first due {due}")), "{:?}", row["Next action"]);
}

/// Beside the gap JSON, the practitioner's report, the CISO Assistant export and the OSCAL assessment results printed
/// fintech A.6.2.8's recorded entry ("Due 2027-01-29") while the plan says 2026-09-30, overdue. Each now gives the
/// plan's date and overdue state.
#[test]
fn every_format_that_names_a_requirements_action_gives_the_plans_date() {
    let dir = "examples/fintech-ai-provider";
    let report = ok(aims(&["gap", dir, "--as-of", AS_OF, "--audience", "practitioner", "--format", "markdown"]));
    let section = report.split("### A.6.2.8").nth(1).unwrap().split("\n### ").next().unwrap();
    assert!(section.contains("Due 2026-09-30 (**overdue**)"), "{section}");
    assert!(!section.contains("2027-01-29"), "{section}");
    let ciso = ok(aims(&["export", "ciso-assistant", dir, "--as-of", AS_OF]));
    let row = ciso.split("urn:intuitem:").find(|r| r.contains(";A.6.2.8;")).unwrap();
    assert!(row.contains("due 2026-09-30, overdue)"), "{row}");
    let oscal = ok(aims(&["oscal", "assessment-results", dir, "--as-of", AS_OF]));
    assert!(
        oscal.contains("due 2026-09-30, overdue: Define and implement event logging for Nora"),
        "the OSCAL remarks"
    );
    assert!(!oscal.contains("due 2027-01-29: Define and implement event logging"), "the OSCAL remarks");
}
