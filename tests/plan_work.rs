//! One piece of work is one action, worded as what is to be done, and a near EU AI Act deadline is never hidden:
//! end-to-end on the bundled examples (docs/soa-and-plan.md, "One action per piece of work" and "What to do first").

mod common;

use common::{AS_OF, EXAMPLES, edited_copy, only_action, plan_actions, plan_json, stdout_ok, strings};

const FINTECH: &str = "examples/fintech-ai-provider";

/// The "What to do first" section of the client's gap report of `dir` as of `as_of`.
fn what_to_do_first(dir: &str, as_of: &str) -> String {
    let report = stdout_ok(&["gap", dir, "--as-of", as_of]);
    report.split("### What to do first").nth(1).unwrap().split("###").next().unwrap().to_string()
}

/// Fintech listed "Add an automated answer-accuracy measure to Nora's daily dashboard" (the organisation's dated
/// action on A.6.2.6) and "Have 'Monitoring plan v0.3 (draft), adding the automated answer-accuracy measure'
/// reviewed and approved" (proposed) as two actions: the draft is that work's record. They are one action now, with
/// the organisation's owner, date and words, which add the draft's approval.
#[test]
fn a_draft_approval_folds_into_the_organisations_action() {
    let plan = plan_json(FINTECH);
    let a = only_action(&plan, "A.6.2.6");
    assert_eq!(
        a["client_action"],
        "Add an automated answer-accuracy measure to Nora's daily dashboard, and have the monitoring plan approved",
        "{a}"
    );
    assert_eq!(a["owner"], "Head of Data Science");
    assert_eq!(a["due"], "2027-03-31");
    assert!(a["planned"].as_bool().unwrap());
    assert_eq!(strings(&a["documents"]), ["evidence/systems/support-chatbot/monitoring-plan.md"]);
    assert!(strings(&a["findings"]).contains(&"evidence-draft".to_string()), "{a}");
    // Counted once: no action of the plan is left on the draft.
    let on_draft = plan_actions(&plan)
        .into_iter()
        .filter(|x| strings(&x["documents"]).iter().any(|d| d.ends_with("monitoring-plan.md")))
        .count();
    assert_eq!(on_draft, 1);
    let md = stdout_ok(&["plan", FINTECH, "--as-of", AS_OF]);
    assert!(!md.contains("Have “Monitoring plan v0.3"), "{md}");

    // Without a date the organisation's action is not yet a commitment: the draft's approval stays its own action.
    let undated = edited_copy(FINTECH, "assessment/annex-a.yaml", |t| {
        t.replace("      owner: Head of Data Science\n      due: 2027-03-31\n", "      owner: Head of Data Science\n")
    });
    let plan = plan_json(undated.path().to_str().unwrap());
    let a626: Vec<_> = plan_actions(&plan).into_iter().filter(|x| x["requirement"] == "A.6.2.6").collect();
    assert_eq!(a626.len(), 2, "{a626:?}");
}

/// No example folds a draft into an action that is not its work: every planned action that took a draft names the
/// same requirement and concerns the organisation or the draft's AI system.
#[test]
fn a_draft_folds_only_into_its_own_requirements_work() {
    for dir in EXAMPLES {
        for a in plan_actions(&plan_json(dir)) {
            let findings = strings(&a["findings"]);
            if !(a["planned"].as_bool().unwrap() && findings.contains(&"evidence-draft".to_string())) {
                continue;
            }
            assert!(a["due"].is_string(), "{dir}: {a}");
            let words = a["client_action"].as_str().unwrap();
            assert!(words.contains("approv"), "{dir}: {words}");
        }
    }
}

/// Fintech's 7.4 was marked not applicable, and the exclusion was rejected; the action still read "Assess clause 7.4
/// Communication and record how it is met", and "What to do first" left it out although it blocks stage 1. It now
/// says to withdraw the exclusion, names what may serve as evidence, and is among the first actions.
#[test]
fn rejected_exclusion_action_says_withdraw() {
    let a = only_action(&plan_json(FINTECH), "7.4");
    let words = a["client_action"].as_str().unwrap();
    assert!(words.starts_with("Withdraw the exclusion of clause 7.4 Communication and record how"), "{words}");
    assert!(words.contains("may serve as evidence"), "{words}");
    assert!(a["action"].as_str().unwrap().starts_with("Withdraw the exclusion of clause 7.4"), "{a}");
    for dir in EXAMPLES {
        let md = stdout_ok(&["plan", dir, "--as-of", AS_OF]);
        assert!(!md.contains("Assess clause"), "{dir}");
    }
    let first = what_to_do_first(FINTECH, AS_OF);
    let line = first.lines().find(|l| l.contains("**7.4**")).unwrap_or_else(|| panic!("7.4 is not first: {first}"));
    assert!(line.contains("**7.4**: Withdraw the exclusion"), "{line}");
    assert!(line.contains("It blocks the stage 1 audit."), "{line}");

    // A record listed for the clause is named as evidence that may serve.
    let with_record = edited_copy(FINTECH, "assessment/clauses.yaml", |t| {
        t.replace(
            "      policy, which sits outside the AIMS.\n",
            "      policy, which sits outside the AIMS.\n    evidence:\n      - file: evidence/aims-manual.md\n        \
             reviewed: 2026-03-26\n        title: Group communications policy\n",
        )
    });
    let a = only_action(&plan_json(with_record.path().to_str().unwrap()), "7.4");
    let words = a["client_action"].as_str().unwrap();
    assert!(words.contains("“Group communications policy” may serve as evidence"), "{words}");
}

/// Nora's Art. 50(2) marking applies from 2026-12-02, days after the as-of date, yet the action was proposed,
/// undated, in "Before the stage 2 audit" and not among the first actions. An obligation that applies now or
/// within 90 days and is not met puts its action among the first actions, its row says the legal date, and an
/// undated proposed action gets that date as a suggested due date.
#[test]
fn near_eu_deadline_goes_first() {
    let plan = plan_json(FINTECH);
    let a = only_action(&plan, "A.8.2");
    let legal = &a["legal_deadline"];
    assert_eq!(legal["article"], "Art. 50(2)", "{a}");
    assert_eq!(legal["applies_from"], "2026-12-02");
    assert_eq!(legal["near"], true);
    assert_eq!(legal["suggested_due"], "2026-12-02");
    // The organisation has not agreed a date yet.
    assert!(a["due"].is_null());
    let md = stdout_ok(&["plan", FINTECH, "--as-of", AS_OF]);
    let row = md.lines().find(|l| l.contains("**A.8.2**")).unwrap();
    assert!(row.contains("**EU AI Act deadline 2026-12-02**: Art. 50(2) (Synthetic audio, image, video or text is marked machine-readably) applies from that date."), "{row}");
    // Not a due date: the plan's count of actions without one counts it, so the cell says so first (the report
    // says "No due date yet; proposed: 2026-12-02").
    assert!(row.contains("| **not set**; proposed 2026-12-02 (the EU AI Act date) |"), "{row}");
    let first = what_to_do_first(FINTECH, AS_OF);
    assert!(first.contains("**A.8.2**"), "{first}");
    assert!(first.contains("EU AI Act deadline 2026-12-02: Art. 50(2) (Synthetic audio, image, video or text is marked machine-readably) applies from that date."), "{first}");

    // Once it applies, it is still listed first, and the suggested date is the as-of date.
    let plan = serde_json::from_str::<serde_json::Value>(&stdout_ok(&[
        "plan",
        FINTECH,
        "--as-of",
        "2026-12-10",
        "--format",
        "json",
    ]))
    .unwrap();
    let legal = &only_action(&plan, "A.8.2")["legal_deadline"];
    assert_eq!((legal["in_force"].as_bool(), legal["near"].as_bool()), (Some(true), Some(true)), "{legal}");
    assert_eq!(legal["suggested_due"], "2026-12-10");
    assert!(what_to_do_first(FINTECH, "2026-12-10").contains("**A.8.2**"));

    // A year ahead it is a date to plan for: 7.4's link to Art. 17 (2027-12-02) suggests no date.
    let legal = &only_action(&plan_json(FINTECH), "7.4")["legal_deadline"];
    assert_eq!((legal["applies_from"].as_str(), legal["near"].as_bool()), (Some("2027-12-02"), Some(false)), "{legal}");
    assert!(legal.get("suggested_due").is_none(), "{legal}");
}
