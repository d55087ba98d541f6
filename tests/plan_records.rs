//! One plan action reads the same in every format, one piece of work is one action, and records that disagree are
//! said plainly (docs/soa-and-plan.md, "One action per piece of work"). End to end on the examples and on copies of
//! them.

#[path = "common/xlsx.rs"]
mod book;
mod common;

use book::{Book, run, text};
use common::{
    AS_OF, edited_copy, only_action as only, plan_actions as actions, plan_csv_rows as csv_rows, plan_json,
    stdout_ok as ok, strings,
};
use serde_json::Value;

const FINTECH: &str = "examples/fintech-ai-provider";
const HEALTHTECH: &str = "examples/healthtech-provider";

/// The Markdown plan's row of action `rank`.
fn row(md: &str, rank: u64) -> String {
    md.lines().find(|l| l.starts_with(&format!("| {rank} |"))).unwrap_or_else(|| panic!("row {rank}")).to_string()
}

// A reader found fintech's 8.3 ("close the open treatments", carried out by actions 2 and 3) giving "see actions 2
// and 3" in the Markdown, the organisation's owner and date in the workbook, and internal IDs as its cross-reference.
#[test]
fn carried_action_reads_the_same_in_every_format() {
    let plan = plan_json(FINTECH);
    let a83 = common::carried_action(&plan, "8.3");
    let ranks: Vec<u64> = a83["carried_by_ranks"].as_array().unwrap().iter().map(|r| r.as_u64().unwrap()).collect();
    assert_eq!(ranks, [2, 3]);
    // Its owner, due date and effort are its carriers': the JSON has none of its own.
    assert!(a83["owner"].is_null() && a83["due"].is_null() && a83["effort"].is_null(), "{a83}");
    let see = "see actions 2 and 3";

    let md = ok(&["plan", FINTECH, "--as-of", AS_OF]);
    let line = row(&md, a83["rank"].as_u64().unwrap());
    assert!(line.contains(&format!("| {see} | {see} | – |")), "{line}");
    let html = ok(&["plan", FINTECH, "--as-of", AS_OF, "--format", "html"]);
    assert!(html.contains(&format!("<td>{see}</td>")), "the HTML is the same document");
    let report = ok(&["gap", FINTECH, "--as-of", AS_OF]);
    assert!(report.contains("Carried out by actions 2 and 3 of the remediation plan (under A.6.2.8, A.7.5)"));
    assert!(report.contains(&format!("| {see} | {see} |")));

    for verb in ["plan", "gap"] {
        let book = Book::read(run(&[verb, FINTECH, "--as-of", AS_OF, "--format", "xlsx"]));
        let rows = book.rows("Plan");
        let r = rows.iter().find(|r| text(&r["Reference (for re-import)"]) == a83["id"].as_str().unwrap()).unwrap();
        for column in ["Owner", "Due date"] {
            assert_eq!(text(&r[column]), see, "{verb} {column}");
        }
        assert_eq!(text(&r["Effort"]), "", "{verb}: none of its own, as the documents' \"–\"");
        assert_eq!(text(&r["Carried out by"]), "actions 2 and 3", "{verb}: ranks, never internal IDs");
        for r in &rows {
            assert!(!text(&r["Carried out by"]).contains("act-"), "{verb}: {}", text(&r["Carried out by"]));
        }
    }

    let csv = csv_rows(FINTECH);
    let c = csv.iter().find(|r| r["ref_id"] == "8.3").unwrap();
    assert_eq!((c["carried_by_ranks"].as_str(), c["owner"].as_str()), ("2; 3", ""));
    assert_eq!((c["due_date"].as_str(), c["effort"].as_str(), c["origin"].as_str()), ("", "", "carried"));

    // No carried row is a proposal of its own, in any example's plan or report.
    for dir in [FINTECH, HEALTHTECH, "examples/saas-ai-customer"] {
        let plan = plan_json(dir);
        let md = ok(&["plan", dir, "--as-of", AS_OF]);
        for a in actions(&plan).iter().filter(|a| a["carried_by"].is_array()) {
            let line = row(&md, a["rank"].as_u64().unwrap());
            assert!(!line.contains("(proposed)"), "{dir}: {line}");
            assert!(line.contains("| see action"), "{dir}: {line}");
        }
        let report = ok(&["gap", dir, "--as-of", AS_OF]);
        for l in report.lines().filter(|l| l.contains("Carried out by")) {
            assert!(!l.contains("(proposed)") && !l.contains("act-"), "{dir}: {l}");
        }
    }
}

// A reader found healthtech's stale incident procedure as a proposed action in stage 1 ("Review "Incident
// procedure" ... Closes 10.2, A.3.3, A.8.3, A.8.4") beside the organisation's own A.3.3 action in stage 2 ("Review
// the incident procedure and add a route for concerns about AI"): the same work twice.
#[test]
fn proposed_review_folds_into_the_organisations_dated_action() {
    let plan = plan_json(HEALTHTECH);
    let incident = "evidence/incident-procedure.md";
    let with: Vec<Value> =
        actions(&plan).into_iter().filter(|a| strings(&a["documents"]).contains(&incident.to_string())).collect();
    assert_eq!(with.len(), 1, "{with:?}");
    let a = &with[0];
    assert_eq!(a["requirement"], "A.3.3");
    assert_eq!(a["planned"], true);
    assert_eq!((a["owner"].as_str(), a["due"].as_str()), (Some("Head of Quality and Regulatory"), Some("2027-01-22")));
    // Led by 10.2, the clause that puts it before the stage 1 audit.
    assert_eq!(strings(&a["requirements"]), ["10.2", "A.3.3", "A.8.3", "A.8.4"]);
    assert_eq!(a["phase"], "before_stage_1", "the earlier phase of the two");
    assert!(a.get("refreshes").is_none(), "it leaves each requirement with nothing else to do");
    assert_eq!(actions(&plan).iter().filter(|x| strings(&x["requirements"]).contains(&"A.3.3".into())).count(), 1);

    let md = ok(&["plan", HEALTHTECH, "--as-of", AS_OF]);
    assert!(!md.contains("Review “Incident procedure”"), "no second action for the same review");
    assert!(row(&md, a["rank"].as_u64().unwrap()).contains("Closes 10.2, A.3.3, A.8.3, A.8.4 at once."));
    // The report lists it under each requirement with the organisation's owner and date, and under A.8.3 only the
    // shortfall of A.8.3 (the stale procedure), not A.3.3's note.
    let report = ok(&["gap", HEALTHTECH, "--as-of", AS_OF]);
    assert!(!report.contains("Review “Incident procedure”"));
    let a83 = report.lines().find(|l| l.contains("Also closes 10.2, A.3.3, A.8.4.")).unwrap();
    assert!(a83.starts_with("| “Incident procedure” was last reviewed"), "{a83}");
}

// Without a date, the organisation's A.3.3 action is not a commitment to fold the review into: the review stays an
// action of its own, and it does not "close" A.3.3, which keeps the organisation's own gap.
#[test]
fn an_action_closes_only_what_it_leaves_with_nothing_to_do() {
    let dir = edited_copy(HEALTHTECH, "assessment.yaml", |t| t.replace("      due: 2027-01-22\n", ""));
    let dir = dir.path().to_str().unwrap();
    let plan = plan_json(dir);
    let review: Vec<Value> = actions(&plan)
        .into_iter()
        .filter(|a| strings(&a["documents"]).contains(&"evidence/incident-procedure.md".to_string()))
        .collect();
    assert_eq!(review.len(), 1);
    assert_eq!(review[0]["planned"], false);
    assert_eq!(strings(&review[0]["refreshes"]), ["A.3.3"]);
    let md = ok(&["plan", dir, "--as-of", AS_OF]);
    let line = row(&md, review[0]["rank"].as_u64().unwrap());
    assert!(
        line.contains("Closes 10.2, A.8.3, A.8.4 at once.<br>Also brings the evidence of A.3.3 up to date."),
        "{line}"
    );
    let report = ok(&["gap", dir, "--as-of", AS_OF]);
    assert!(report.contains("Also brings the evidence of A.3.3 up to date."));
    assert!(!report.contains("Also closes 10.2, A.3.3"), "A.3.3 is not closed by the review");
}

// A reader found fintech's A.6.2.8 shown as overdue from the risk register's date with, in the plan only, "the plan
// for A.6.2.8 gave Chief Technology Officer, 2027-01-29".
#[test]
fn disagreeing_dates_are_stated_plainly() {
    let said = [
        (
            "A.6.2.8",
            "The risk register (R-14) sets 2026-09-30, now overdue; the organisation's action plan for A.6.2.8 says 2027-01-29. Agree one date.",
        ),
        (
            "A.7.5",
            "The risk register (R-15) sets 2026-10-31, now overdue; the organisation's action plan for A.7.5 says 2027-02-26. Agree one date.",
        ),
    ];
    let plan = plan_json(FINTECH);
    let md = ok(&["plan", FINTECH, "--as-of", AS_OF]);
    let html = ok(&["plan", FINTECH, "--as-of", AS_OF, "--format", "html"]);
    let report = ok(&["gap", FINTECH, "--as-of", AS_OF]);
    let book = Book::read(run(&["plan", FINTECH, "--as-of", AS_OF, "--format", "xlsx"]));
    let rows = book.rows("Plan");
    for (id, sentence) in said {
        let a = actions(&plan).into_iter().find(|a| a["requirement"] == id && a["planned"] == true).unwrap();
        assert_eq!(a["records_disagree"], sentence);
        assert!(row(&md, a["rank"].as_u64().unwrap()).contains(sentence), "{id}");
        // The HTML marks the dates up; the words around them are the same.
        assert!(html.contains(sentence.split(" 20").next().unwrap()), "{id}");
        assert!(report.contains(sentence), "{id}: the report says it under the requirement");
        let r = rows.iter().find(|r| text(&r["Reference (for re-import)"]) == a["id"].as_str().unwrap()).unwrap();
        assert!(text(&r["Notes"]).contains(sentence), "{id}");
    }
    assert_eq!(html.matches("Agree one date.").count(), 2);
    assert!(!md.contains(" gave "), "no tool-speak in the client's plan");
    // The practitioner keeps the records' detail.
    let practitioner = ok(&["plan", FINTECH, "--as-of", AS_OF, "--audience", "practitioner"]);
    assert!(practitioner.contains("the plan for A.6.2.8 gave Chief Technology Officer, 2027-01-29"));

    // Owners that differ are named too.
    let dir = edited_copy(FINTECH, "risks.yaml", |t| {
        t.replace(
            "          owner: Chief Technology Officer\n          due: 2026-09-30",
            "          owner: Head of Platform Engineering\n          due: 2026-09-30",
        )
    });
    let plan = plan_json(dir.path().to_str().unwrap());
    let text = only(&plan, "A.6.2.8")["records_disagree"].as_str().unwrap_or_default().to_string();
    assert!(text.ends_with("Agree one owner and date."), "{text}");
    assert!(text.contains("with Chief Technology Officer as owner"), "{text}");
}

// The CSV plan lists what an action also lifts, as the Markdown's "Also lifts".
#[test]
fn the_plan_csv_lists_what_an_action_also_lifts() {
    let plan = plan_json(FINTECH);
    let carrier = only(&plan, "A.5.5");
    let csv = csv_rows(FINTECH);
    let row = csv.iter().find(|r| r["action_id"] == carrier["id"].as_str().unwrap()).unwrap();
    assert_eq!(row["lifts"], strings(&carrier["lifts"]).join("; "));
    assert_eq!(row["lifts"], "6.1.4; 8.4; A.5.2");
    assert!(csv.iter().filter(|r| r["action_id"] != row["action_id"]).all(|r| r["lifts"].is_empty()));
}

/// Fintech's 8.3 read "carried out by actions 2 and 3" (the overdue treatments of ), and its residual
/// risks above the acceptance threshold (R-14, R-15 and R-21, the loan assistant's), which no treatment action
/// decides, were listed under it: following the plan left 8.3 open. The decision is now an action of its own.
#[test]
fn a_residual_risk_nobody_accepted_is_not_hidden_behind_carried_treatments() {
    let plan = plan_json("examples/fintech-ai-provider");
    let carried = common::carried_action(&plan, "8.3");
    for p in carried["problems"].as_array().unwrap() {
        assert_ne!(p["code"], "risk-residual-unaccepted", "{p}");
    }
    let own: Vec<_> = common::plan_actions(&plan)
        .into_iter()
        .filter(|a| a["requirement"] == "8.3" && a.get("carried_by").is_none())
        .collect();
    assert_eq!(own.len(), 1, "{own:?}");
    let problems: Vec<String> =
        own[0]["problems"].as_array().unwrap().iter().map(|p| p["problem"].as_str().unwrap().to_string()).collect();
    for risk in ["R-14", "R-15", "R-21"] {
        assert!(problems.iter().any(|p| p.contains(&format!("risk {risk} "))), "{risk}: {problems:?}");
    }
    assert!(own[0]["client_action"].as_str().unwrap().contains("accept"), "{}", own[0]["client_action"]);
}

/// Fintech's fraud model: its A.7.5 record of the model card has no review date, while its nine other records of the
/// same file say reviewed 2026-09-08. The plan read "has no recorded review date … Review it and record when it was
/// reviewed", as if nobody had reviewed the document. The shortfall now says the date is on the file's other
/// records, and the action asks to confirm that review covered this part.
#[test]
fn an_undated_record_of_a_file_its_system_dates_elsewhere_says_so() {
    let dir = "examples/fintech-ai-provider";
    let plan = common::stdout_ok(&["plan", dir, "--as-of", AS_OF]);
    let row = plan.lines().find(|l| l.contains("fraud-label lineage” has no recorded review date")).expect("the row");
    assert!(
        row.contains("although its other records for this AI system give the same file as reviewed on 2026-09-08"),
        "{row}"
    );
    assert!(row.contains("Confirm that the review of 2026-09-08 covered “Model card, section 3"), "{row}");
    let report = common::stdout_ok(&["gap", dir, "--as-of", AS_OF]);
    let section = report.split("### A.7.5 ").nth(1).unwrap().split("\n### ").next().unwrap();
    assert!(section.contains("give the same file as reviewed on 2026-09-08"), "{section}");
}
