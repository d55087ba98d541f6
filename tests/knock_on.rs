//! One record that falls short is one action, however many requirements it lowers (docs/soa-and-plan.md, "One action
//! per piece of work"), and the organisation's own note on a gap reads as its words. End to end on the fintech
//! example and on copies of it with one more record falling short.

#[path = "common/xlsx.rs"]
mod book;
mod common;

use book::{Book, number, run, text};
use common::{AS_OF, edited_copy, only_action as only, plan_actions as actions, plan_json, stdout_ok as ok, strings};
use serde_json::Value;

const FINTECH: &str = "examples/fintech-ai-provider";

/// The plan's counts count each piece of work once: the listed actions less those other actions carry out.
fn counted_once(plan: &Value) {
    let own: Vec<Value> = actions(plan).into_iter().filter(|a| a["carried_by"].is_null()).collect();
    assert_eq!(plan["actions"].as_u64(), Some(own.len() as u64));
    assert_eq!(plan["carried_by_others"].as_u64(), Some((actions(plan).len() - own.len()) as u64));
    let undated = own.iter().filter(|a| a["due"].is_null()).count() as u64;
    assert_eq!(plan["without_due_date"].as_u64(), Some(undated));
}

// A reader found Nora's impact assessment leaving out societal impacts as four actions: the organisation's own A.5.5
// action, and three generic ones ("Bring the risk register and impact assessments for 6.1.4 ... up to date") for
// the requirements it lowers with it, without owners or due dates.
#[test]
fn one_gap_in_an_impact_assessment_is_one_action() {
    let plan = plan_json(FINTECH);
    let carrier = only(&plan, "A.5.5");
    assert_eq!(strings(&carrier["lifts"]), ["6.1.4", "8.4", "A.5.2"]);
    assert_eq!(
        (carrier["owner"].as_str(), carrier["due"].as_str()),
        (Some("Head of AI Governance"), Some("2027-01-29"))
    );
    assert_eq!(carrier["phase"], "before_stage_1", "it lifts requirements the stage 1 audit reviews");
    for id in ["6.1.4", "8.4", "A.5.2"] {
        let a = only(&plan, id);
        assert_eq!(strings(&a["carried_by"]), [carrier["id"].as_str().unwrap()], "{id}");
        assert_eq!(a["carried_by_ranks"], serde_json::json!([carrier["rank"]]), "{id}");
        // Its own text names the work, in the client's words.
        assert_eq!(
            a["client_action"],
            "Extend the impact assessment of Nora, customer support assistant, to cover societal impacts.",
            "{id}"
        );
    }
    counted_once(&plan);

    // The plan for people: one owner and due date for the work, the other rows refer to it.
    let md = ok(&["plan", FINTECH, "--as-of", AS_OF]);
    assert!(!md.contains("Bring the risk register and impact assessments"), "{md}");
    let rank = carrier["rank"].as_u64().unwrap();
    let row = |n: u64| md.lines().find(|l| l.starts_with(&format!("| {n} |"))).unwrap().to_string();
    assert!(
        row(rank).contains("Also lifts 6.1.4, 8.4 and A.5.2, which fall short for the same reason."),
        "{}",
        row(rank)
    );
    for id in ["6.1.4", "8.4", "A.5.2"] {
        let line = row(only(&plan, id)["rank"].as_u64().unwrap());
        assert!(line.contains(&format!("| see action {rank} | see action {rank} | – |")), "{line}");
    }
    let header = format!(
        "{} actions to reach audit readiness (and {} that other actions carry out)",
        plan["actions"], plan["carried_by_others"]
    );
    assert!(md.contains(&header), "{header}");
    let html = ok(&["plan", FINTECH, "--as-of", AS_OF, "--format", "html"]);
    assert!(html.contains("Also lifts 6.1.4, 8.4 and A.5.2"));

    // The report lists the work once, under A.5.5, and the lowered requirements point to it.
    let report = ok(&["gap", FINTECH, "--as-of", AS_OF, "--format", "markdown"]);
    assert!(report.contains("Also closes 6.1.4, 8.4, A.5.2."));
    let under = format!("Carried out by action {rank} of the remediation plan (under A.5.5)");
    assert_eq!(report.matches(&under).count(), 3, "{under}");

    // The workbook's plan sheet keeps every record, with the requirements the carrier lifts and the cross-references.
    let book = Book::read(run(&["plan", FINTECH, "--as-of", AS_OF, "--format", "xlsx"]));
    let rows = book.rows("Plan");
    let by_id =
        |id: &Value| rows.iter().find(|r| text(&r["Reference (for re-import)"]) == id.as_str().unwrap()).unwrap();
    assert_eq!(text(&by_id(&carrier["id"])["Requirements it closes"]), "A.5.5; 6.1.4; 8.4; A.5.2");
    for id in ["6.1.4", "8.4", "A.5.2"] {
        let row = by_id(&only(&plan, id)["id"]);
        assert_eq!(text(&row["Carried out by"]), format!("action {rank}"), "ranks, never internal IDs");
        assert_eq!(text(&row["Owner"]), format!("see action {rank}"));
        assert_eq!(text(&row["Origin"]), "Carried", "not a proposal of its own");
    }
    assert_eq!(number(&book.pair("Summary", "Actions")), plan["actions"].as_f64());
}

// The same kind of knock-on: an impact assessment that is not approved lowers A.5.3 for the system and 8.4, and with
// them A.5.4, A.5.5, 6.1.4 and A.5.2; a risk without an owner lowers 6.1.2 and with it 6.1.3, 8.2 and 8.3.
#[test]
fn every_record_that_lowers_several_requirements_is_one_action() {
    let unapproved = edited_copy(FINTECH, "impact-assessments/support-chatbot.yaml", |t| {
        t.replace("approved: {by: AI Risk Committee, on: 2026-07-21}\n", "")
    });
    let dir = unapproved.path().to_str().unwrap();
    let plan = plan_json(dir);
    let approval = actions(&plan)
        .into_iter()
        .find(|a| a["requirement"] == "A.5.3" && a["carried_by"].is_null())
        .expect("A.5.3 has the approval action");
    assert_eq!(
        approval["client_action"],
        "Have the impact assessment of Nora, customer support assistant, approved by the person accountable for the AI system."
    );
    let lifts = strings(&approval["lifts"]);
    assert!(lifts.contains(&"8.4".to_string()), "{lifts:?}");
    let approval_id = approval["id"].as_str().unwrap();
    // 8.4's approval shortfall rests on the same record: carried by A.5.3's action.
    let a84: Vec<Value> = actions(&plan).into_iter().filter(|a| a["requirement"] == "8.4").collect();
    assert!(
        a84.iter()
            .any(|a| a["findings"][0] == "impact-assessment-unapproved" && strings(&a["carried_by"]) == [approval_id]),
        "{a84:?}"
    );
    counted_once(&plan);

    let ownerless = edited_copy(FINTECH, "risks.yaml", |t| t.replacen("    owner: Chief Credit Officer\n", "", 1));
    let dir = ownerless.path().to_str().unwrap();
    let plan = plan_json(dir);
    let register = only(&plan, "6.1.2");
    assert_eq!(register["client_action"], "Record the owner of risk R-03 in the risk register.");
    let lifts = strings(&register["lifts"]);
    for id in ["6.1.3", "8.2"] {
        assert!(lifts.contains(&id.to_string()), "{lifts:?}");
        assert_eq!(strings(&only(&plan, id)["carried_by"]), [register["id"].as_str().unwrap()], "{id}");
    }
    counted_once(&plan);
    let md = ok(&["plan", dir, "--as-of", AS_OF]);
    assert!(!md.contains("Bring the risk register and impact assessments"), "{md}");
}

// A reader found the organisation's own note following the assessment's shortfall with no label ("...rated it
// partially compliant<br>Credit and fraud decisions are fully logged..."), reading as a second finding.
#[test]
fn organisation_note_is_labelled() {
    let note = "The organisation notes: Credit and fraud decisions are fully logged;";
    let md = ok(&["plan", FINTECH, "--as-of", AS_OF]);
    assert!(md.contains(&format!("rated it partially compliant<br>{note}")), "{md}");
    let html = ok(&["plan", FINTECH, "--as-of", AS_OF, "--format", "html"]);
    assert!(html.contains(note), "HTML plan");
    let report = ok(&["gap", FINTECH, "--as-of", AS_OF, "--format", "markdown"]);
    assert!(report.contains(&format!("rated it partially compliant<br>{note}")), "report");
    // No row of the plan or the report carries the note bare.
    let bare = "<br>Credit and fraud decisions are fully logged";
    assert!(!md.contains(bare) && !report.contains(bare) && !html.contains(bare));
    let book = Book::read(run(&["plan", FINTECH, "--as-of", AS_OF, "--format", "xlsx"]));
    let shortfalls: Vec<String> = book.rows("Plan").iter().map(|r| text(&r["Shortfalls"])).collect();
    assert!(shortfalls.iter().any(|s| s.contains(note)), "{shortfalls:?}");
    assert!(
        !shortfalls.iter().any(|s| s.contains("\nCredit and fraud decisions") || s.starts_with("Credit and fraud"))
    );
    // The practitioner keeps the finding's own words, which say whose rating it is.
    let practitioner = ok(&["plan", FINTECH, "--as-of", AS_OF, "--audience", "practitioner"]);
    assert!(practitioner.contains("declared partially compliant: Credit and fraud decisions are fully logged"));
    // The Statement of Applicability quotes no such note.
    let soa = ok(&["soa", FINTECH, "--as-of", AS_OF]);
    assert!(!soa.contains("Credit and fraud decisions are fully logged"));
}

const HEALTHTECH: &str = "examples/healthtech-provider";

/// The requirement `id` of a JSON gap report.
fn requirement<'a>(report: &'a Value, id: &str) -> &'a Value {
    report["requirements"].as_array().unwrap().iter().find(|r| r["id"] == id).unwrap()
}

// A reader found the impact assessment of the Imaging Worklist Prioritiser (a Class IIb medical device in deployment)
// an unapproved draft, A.5.3 partially compliant for the system, yet 6.1.4 and 8.4 rated compliant: kept as the
// system's `evidence:` records, it escaped the rule that lowers them for Nora's incomplete one in the fintech example.
#[test]
fn an_impact_assessment_that_does_not_count_lowers_6_1_4_and_8_4_however_it_is_kept() {
    let report: Value = serde_json::from_str(&ok(&["gap", HEALTHTECH, "--as-of", AS_OF, "--format", "json"])).unwrap();
    for id in ["6.1.4", "8.4", "A.5.2"] {
        let r = requirement(&report, id);
        assert_eq!(r["status"], "partially_compliant", "{id}");
        let f = r["findings"].as_array().unwrap().iter().find(|f| f["code"] == "impact-assessment-unapproved");
        let message = f.and_then(|f| f["message"].as_str()).unwrap_or_else(|| panic!("{id}: {r}"));
        assert!(message.contains("system imaging-worklist") && message.contains("is a draft"), "{id}: {message}");
        assert!(message.starts_with(&format!("{id} is lowered with A.5.3: ")), "{message}");
    }

    // One action: the system's own, which lifts the three organisation-level requirements.
    let plan = plan_json(HEALTHTECH);
    let carrier = only(&plan, "A.5.3");
    assert_eq!(strings(&carrier["systems"]), ["imaging-worklist"]);
    assert_eq!(strings(&carrier["lifts"]), ["6.1.4", "8.4", "A.5.2"]);
    for id in ["6.1.4", "8.4", "A.5.2"] {
        let a = only(&plan, id);
        assert_eq!(strings(&a["carried_by"]), [carrier["id"].as_str().unwrap()], "{id}");
        assert_eq!(
            a["client_action"],
            "Have the impact assessment of Meridale Imaging Worklist Prioritiser approved by the person accountable for the AI system.",
            "{id}"
        );
    }
    counted_once(&plan);
    let md = ok(&["plan", HEALTHTECH, "--as-of", AS_OF]);
    assert!(!md.contains("Bring the risk register and impact assessments"), "{md}");
    assert!(md.contains("Also lifts 6.1.4, 8.4 and A.5.2, which fall short for the same reason."));
    let gap = ok(&["gap", HEALTHTECH, "--as-of", AS_OF, "--format", "markdown"]);
    assert!(
        gap.contains("Meridale Imaging Worklist Prioritiser: the impact assessment is not approved yet; see A.5.3")
    );

    // The same rule for an `impact-assessments/` record out of date: it lowers all three, not 8.4 alone.
    let stale = edited_copy(FINTECH, "impact-assessments/credit-scoring.yaml", |t| {
        t.replace("reviewed: 2026-", "reviewed: 2024-")
    });
    let dir = stale.path().to_str().unwrap();
    let report: Value = serde_json::from_str(&ok(&["gap", dir, "--as-of", AS_OF, "--format", "json"])).unwrap();
    for id in ["6.1.4", "8.4", "A.5.2"] {
        let r = requirement(&report, id);
        assert!(r["findings"].as_array().unwrap().iter().any(|f| f["code"] == "impact-assessment-stale"), "{id}: {r}");
    }
}

// The rule counts only AI systems due an impact assessment at their life-cycle stage (A.5.3 is due from design): a
// concept without one lowered 6.1.4 and A.5.2 when the workspace kept impact assessments, though A.5.3 itself said it
// was not yet due for the system.
#[test]
fn a_system_not_yet_due_an_impact_assessment_does_not_lower_6_1_4() {
    let concept = edited_copy(FINTECH, "systems/loan-assistant.yaml", |t| {
        t.replace("lifecycle_stage: design", "lifecycle_stage: concept")
    });
    std::fs::remove_file(concept.path().join("impact-assessments/loan-assistant.yaml")).unwrap();
    let dir = concept.path().to_str().unwrap();
    let report: Value = serde_json::from_str(&ok(&["gap", dir, "--as-of", AS_OF, "--format", "json"])).unwrap();
    for id in ["6.1.4", "8.4", "A.5.2"] {
        let r = requirement(&report, id);
        assert!(
            !r["findings"].as_array().unwrap().iter().any(|f| f["code"] == "impact-assessment-missing"),
            "{id}: {r}"
        );
    }
    let a53 = requirement(&report, "A.5.3");
    let loan = a53["systems"].as_array().unwrap().iter().find(|s| s["system"] == "loan-assistant").unwrap();
    assert_eq!(loan["applicability"], "not_yet_due");
}
