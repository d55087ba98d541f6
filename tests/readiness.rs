//! What the executive summary tells a client to expect and to do first: the stage 1 verdict weighs the documented
//! management system, not individual AI systems' operational records; the legal tier of "What to do first" holds
//! only obligations that apply soon; and every score in the human documents says what it leaves out. Each test is
//! named after the problem it guards against.

#[path = "common/xlsx.rs"]
mod book;
mod common;

use aims::assess::Assessment;
use aims::views::summary::Summary;
use book::{Book, number};
use common::{AS_OF, aims, copy_dir};

const FINTECH: &str = "examples/fintech-ai-provider";
const HEALTHTECH: &str = "examples/healthtech-provider";
const FEDERAL: &str = "examples/us-federal-sample";

fn summary_of(dir: &std::path::Path) -> (Assessment, Summary) {
    let (_, ws, assessment, plan) = common::planned(dir);
    let summary = aims::views::summary::build(&ws, &assessment, &plan);
    (assessment, summary)
}

fn ok(output: std::process::Output) -> String {
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    String::from_utf8(output.stdout).unwrap()
}

/// The line of the executive summary that gives a stage's verdict.
fn verdict_line(markdown: &str, stage: &str) -> String {
    markdown.lines().find(|l| l.starts_with(&format!("- **{stage} audit"))).unwrap_or_default().to_string()
}

/// Fintech's stage 1 verdict said it waited for A.6.2.8 (event logs) and A.7.5 (data provenance), though every
/// other AI system keeps those records and only Nora's are missing: operational records that a stage 2 audit
/// samples. Stage 1 weighs the documented management system and says which per-system gaps count against stage 2
/// instead; stage 2 still waits for them. Healthtech shows it: its AI systems' own logs and requirement records are
/// left to stage 2, and stage 1 is not blocked by them. (Its Imaging Worklist Prioritiser's draft impact assessment is
/// not among them: it also lowers 6.1.4 and 8.4, which stage 1 reviews, so the plan puts that work before stage 1.)
#[test]
fn stage_1_does_not_wait_for_per_system_operational_records() {
    let (a, s) = summary_of(std::path::Path::new(HEALTHTECH));
    // A.10.4 blocks it as the SoA's decision (its exclusion is not justified), not as an AI system's record.
    assert_eq!(s.stage_1.blocking, ["6.2", "A.10.4"], "{:#?}", s.stage_1);
    assert_eq!(s.stage_1.deferred, ["A.6.2.2", "A.6.2.8", "A.7.6"]);
    for id in ["A.6.2.2", "A.6.2.8"] {
        let r = a.requirements.iter().find(|r| r.id == id).unwrap();
        assert_eq!(r.status, aims::workspace::Status::NonCompliant, "{id}");
        assert!(s.stage_2.blocking.iter().any(|d| d == id), "{id}: {:?}", s.stage_2.blocking);
    }
    for audience in ["client", "practitioner"] {
        let md = ok(aims(&["gap", HEALTHTECH, "--as-of", AS_OF, "--format", "markdown", "--audience", audience]));
        let stage_1 = verdict_line(&md, "Stage 1");
        assert!(stage_1.contains("are not met or not assessed: 6.2, A.10.4."), "{audience}: {stage_1}");
        assert!(
            stage_1.contains(
                "fall short only in individual AI systems' records, which the stage 2 audit samples, so they count \
                 against stage 2: A.6.2.2, A.6.2.8, A.7.6."
            ),
            "{audience}: {stage_1}"
        );
        assert!(verdict_line(&md, "Stage 2").contains("6.2, A.6.2.2, A.6.2.8, A.8.2, A.10.4"), "{audience}");
    }
    // The workbook's Summary sheet gives the same verdict.
    let book = Book::read(aims(&["gap", HEALTHTECH, "--as-of", AS_OF, "--format", "xlsx"]).stdout);
    let sheet = book::text(&book.pair("Summary", "Stage 1 audit (documentation review)"));
    assert!(sheet.contains("count against stage 2: A.6.2.2, A.6.2.8, A.7.6."), "{sheet}");
}

/// The exception: fintech's overdue risk treatments are Nora's event logging (A.6.2.8) and data
/// provenance (A.7.5), and the plan schedules that work before stage 1 because it carries out 8.3's stage 1 action.
/// The verdict once still said those controls "count against stage 2". Stage 1 now waits for them, as the plan
/// does, and leaves to stage 2 only the per-system work the plan puts there (A.6.2.6).
#[test]
fn stage_1_waits_for_per_system_work_the_plan_puts_before_it() {
    let (_, s) = summary_of(std::path::Path::new(FINTECH));
    assert_eq!(s.stage_1.blocking, ["7.4", "A.6.2.8", "A.7.5"], "{:#?}", s.stage_1);
    assert_eq!(s.stage_1.deferred, ["A.6.2.6"]);
    assert!(s.stage_1.reasons.iter().any(|r| r.contains("2 actions are overdue")), "{:?}", s.stage_1.reasons);
    let md = ok(aims(&["gap", FINTECH, "--as-of", AS_OF]));
    let stage_1 = verdict_line(&md, "Stage 1");
    assert!(stage_1.contains("so it counts against stage 2: A.6.2.6."), "{stage_1}");
}

/// Fintech's verdict listed A.6.2.8 and A.7.5 (only Nora's records) among stage 1's unmet requirements and, in the
/// same paragraph, left A.6.2.6 (only Nora's records too) to stage 2, and healthtech left its A.6.2.8 to stage 2: two
/// rules for one kind of gap, one of them unstated. The exception now has a reason of its own, naming what the
/// stage 1 work serves, in every example whose plan holds a per-system control at stage 1.
#[test]
fn a_per_system_control_held_at_stage_1_says_why() {
    let md = ok(aims(&["gap", FINTECH, "--as-of", AS_OF]));
    let stage_1 = verdict_line(&md, "Stage 1");
    assert!(
        stage_1.contains(
            "Although A.5.5, A.6.2.8 and A.7.5 fall short only in individual AI systems' records, they count against \
             stage 1: the plan's work on them also serves 6.1.4, 8.3 and 8.4, which stage 1 reviews."
        ),
        "{stage_1}"
    );
    for example in common::EXAMPLES {
        let (assessment, s) = summary_of(std::path::Path::new(example));
        let held = s.stage_1.reasons.iter().find(|r| r.contains("the plan's work on")).cloned().unwrap_or_default();
        // A per-system control that blocks stage 1 although some AI system shows its record blocks it only through
        // the plan's stage 1 work, which the reason must name.
        for id in &s.stage_1.blocking {
            let r = assessment.requirements.iter().find(|r| &r.id == id).unwrap();
            if aims::views::plan::shows_record_somewhere(r) {
                assert!(held.contains(id.as_str()), "{example}: {id} is held at stage 1 without a reason: {held}");
            }
        }
    }
}

/// The other side of the rule: when no AI system shows a per-system record at all (the federal inventory's
/// requirements specifications), the process itself is not shown, and stage 1 still waits for it.
#[test]
fn stage_1_still_waits_for_a_per_system_control_that_no_system_shows() {
    let (_, s) = summary_of(std::path::Path::new(FEDERAL));
    for id in ["A.5.5", "A.6.2.2", "A.6.2.8"] {
        assert!(s.stage_1.blocking.iter().any(|b| b == id), "{id}: {:?}", s.stage_1.blocking);
        assert!(!s.stage_1.deferred.iter().any(|b| b == id), "{id}");
    }
    // A.5.4: a system shows its assessment of impacts on individuals, so the others' missing ones are stage 2's.
    // (A.5.3's four "partial" systems only claim a file that does not exist: see the next test.)
    assert!(s.stage_1.deferred.iter().any(|b| b == "A.5.4"), "{:?}", s.stage_1.deferred);
}

/// In the healthtech example, "What to do first" put actions linked to obligations applying from 2028-08-02 ahead of
/// work due in January 2027. The legal tier now holds only obligations in force or applying within twelve months
/// (or before a later target audit date); later ones leave the action to its due date.
#[test]
fn first_actions_legal_tier_skips_obligations_years_away() {
    let (_, s) = summary_of(std::path::Path::new(HEALTHTECH));
    for x in &s.first_actions {
        let why = x.why.as_deref().unwrap_or_default();
        assert!(!why.contains("2028"), "{}: {why}", x.requirements[0]);
    }
    // The non-compliant stage 1 blockers (6.2, then the undated A.10.4 decision) come first, then the dated actions
    // by due date: 6.1.3 (2027-01-15)
    // before the incident procedure's action (2027-01-22), led by 10.2, the clause that puts it in stage 1, then
    // A.3.3. 7.3's AI literacy
    // (Art. 4, reduced to encouragement by the 2026 amendment) is its note, not a legal deadline that would put it
    // first.
    let firsts: Vec<&str> = s.first_actions.iter().map(|x| x.requirements[0].as_str()).collect();
    assert_eq!(firsts, ["6.2", "A.10.4", "6.1.3"], "{:#?}", s.first_actions);
    assert!(s.first_actions.iter().all(|x| !x.why.as_deref().unwrap_or_default().contains("Art. 4")));
    let md = ok(aims(&["gap", HEALTHTECH, "--as-of", AS_OF, "--format", "markdown"]));
    let first = md.split("### What to do first").nth(1).unwrap().split("###").next().unwrap();
    assert!(!first.contains("applies from 2028"), "{first}");

    // With the certification audit planned after 2028-08-02, those obligations fall inside the window again.
    let dir = tempfile::tempdir().unwrap();
    copy_dir(std::path::Path::new(HEALTHTECH), dir.path());
    let toml = dir.path().join("aims.toml");
    let text = std::fs::read_to_string(&toml).unwrap().replace("target_date = 2027-03-01", "target_date = 2028-09-01");
    std::fs::write(&toml, text).unwrap();
    let (_, later) = summary_of(dir.path());
    assert!(
        later.first_actions.iter().any(|x| x.why.as_deref().is_some_and(|w| w.contains("applies from 2028-08-02"))),
        "{:#?}",
        later.first_actions
    );
}

/// The federal inventory's "By unit" table showed "0.0%" for a unit with a fifth of its controls not yet due and
/// "n/a" for units whose systems are all in design, and the life-cycle table's mean scores did the same: unlike
/// the clause and system scores, they did not say what they leave out. Every human format now does, in both voices.
#[test]
fn unit_scores_say_what_they_leave_out() {
    for audience in ["client", "practitioner"] {
        for format in ["markdown", "html"] {
            let out = ok(aims(&["gap", FEDERAL, "--as-of", AS_OF, "--format", format, "--audience", audience]));
            // In a table of the HTML page, a score's note is on a line of its own under the score.
            let out = out.replace("%<br>(", "% (");
            for expected in [
                "7.3% (131 of 147 controls due so far)",
                "0.0% (57 of 77 controls due so far)",
                "none due yet",
                "0.0% (57 of 133 controls due so far)",
            ] {
                assert!(out.contains(expected), "{audience} {format}: {expected}");
            }
        }
    }
    let report: serde_json::Value =
        serde_json::from_str(&ok(aims(&["gap", FEDERAL, "--as-of", AS_OF, "--format", "json"]))).unwrap();
    let dhs = report["units"].as_array().unwrap().iter().find(|u| u["unit"] == "DHS").unwrap();
    assert_eq!(dhs["not_yet_due"], 16);
    for audience in ["client", "practitioner"] {
        let bytes = aims(&["gap", FEDERAL, "--as-of", AS_OF, "--format", "xlsx", "--audience", audience]).stdout;
        let book = Book::read(bytes);
        let row = book.rows("Units").into_iter().find(|r| book::text(&r["Unit"]) == "DHS").unwrap();
        assert_eq!(number(&row["Not yet due"]), Some(16.0), "{audience}");
        assert_eq!(number(&row["Not assessed"]), Some(0.0), "{audience}");
    }
}

/// When the risk register and the gap plan give an overdue action different dates, the plan row asks for one date;
/// the executive summary's "Overdue actions" said only "Was due 2026-09-30". It now carries the plan's own sentence
/// (the same field, never a sentence of its own) in the Markdown and in the workbook's Summary sheet.
#[test]
fn overdue_summary_states_disagreeing_dates() {
    let (_, ws, assessment, plan) = common::planned(FINTECH.as_ref());
    let summary = aims::views::summary::build(&ws, &assessment, &plan);
    let actions: Vec<_> = plan.phases.iter().flat_map(|p| &p.actions).collect();
    let mut stated = 0;
    for x in &summary.overdue {
        let a = actions.iter().find(|a| a.id == x.id).expect("the plan's action");
        assert_eq!(x.records_disagree, a.records_disagree, "{}: the plan's sentence, as it is", x.id);
        stated += usize::from(x.records_disagree.is_some());
    }
    assert!(stated > 0, "fintech has overdue actions whose records disagree");
    let sentence = "The risk register (R-14) sets 2026-09-30, now overdue; the organisation's action plan for A.6.2.8 says 2027-01-29. \
                    Agree one date.";
    let markdown = ok(aims(&["gap", FINTECH, "--as-of", AS_OF, "--format", "markdown"]));
    let overdue = markdown.split("### Overdue actions").nth(1).unwrap().split("\n### ").next().unwrap();
    let line = overdue.lines().find(|l| l.starts_with("- **A.6.2.8**")).expect("A.6.2.8 is overdue");
    assert!(line.ends_with(sentence) && !line.contains("Was due"), "{line}");
    let book = book::workbook("gap", FINTECH);
    let found = book
        .sheet("Summary")
        .rows()
        .any(|row| row.iter().any(|c| matches!(c, calamine::Data::String(s) if s.ends_with(sentence))));
    assert!(found, "the workbook's Summary sheet says the same");
}

/// Healthtech's stage 1 audit is booked for 2027-03-01, and its AI policy, reviewed 2026-02-12 on a 12-month
/// interval, counts today but is stale from 2027-02-13: the report called it current evidence and said nothing. The
/// summary now lists every record that falls due for review before the target audit date (checked against the JSON
/// report's review dates), and both verdicts give it as a reason; without a target date there is no such list.
#[test]
fn evidence_that_goes_stale_before_the_target_audit_date_is_named() {
    let json: serde_json::Value =
        serde_json::from_str(&ok(aims(&["gap", HEALTHTECH, "--as-of", AS_OF, "--format", "json"]))).unwrap();
    let target: aims::date::Date = "2027-03-01".parse().unwrap();
    let mut expected = std::collections::BTreeSet::new();
    for r in json["requirements"].as_array().unwrap() {
        for e in r["evidence"].as_array().unwrap() {
            let counts = e["verdict"] == "current" || e["verdict"] == "external";
            let Some(reviewed) = e["reviewed"].as_str().and_then(|d| d.parse::<aims::date::Date>().ok()) else {
                continue;
            };
            if counts && reviewed.add_months(12) < target {
                expected.insert((e["file"].to_string(), e["system"].to_string()));
            }
        }
    }
    assert!(!expected.is_empty(), "the example has records falling due before its audit");
    let (_, s) = summary_of(std::path::Path::new(HEALTHTECH));
    assert_eq!(s.review_before_target.len(), expected.len(), "{:#?}", s.review_before_target);
    let policy = s.review_before_target.iter().find(|d| d.label == "AI policy").expect("the AI policy");
    assert_eq!(policy.due.to_string(), "2027-02-12");
    assert!(policy.requirements.iter().any(|id| id == "5.2"), "{policy:?}");
    let md = ok(aims(&["gap", HEALTHTECH, "--as-of", AS_OF]));
    assert!(md.contains("### Evidence due for review before the audit"), "{md}");
    assert!(md.contains("- **AI policy** (5.1, 5.2"), "{md}");
    let reason = format!(
        "{} records that count today fall due for review before the target audit date, 2027-03-01.",
        expected.len()
    );
    assert!(verdict_line(&md, "Stage 1").contains(&reason), "{}", verdict_line(&md, "Stage 1"));
    assert!(verdict_line(&md, "Stage 2").contains(&reason), "{}", verdict_line(&md, "Stage 2"));
    // The workbook's Summary sheet lists the same records with the same dates.
    let book = Book::read(aims(&["gap", HEALTHTECH, "--as-of", AS_OF, "--format", "xlsx"]).stdout);
    let policy_row = policy.requirements.join(", ");
    assert_eq!(book::text(&book.pair("Summary", &policy_row)), "AI policy");
    // Fintech sets no target date: nothing is said.
    let md = ok(aims(&["gap", FINTECH, "--as-of", AS_OF]));
    assert!(!md.contains("due for review before"), "no target, no list");
}

/// The federal verdict left A.5.3 (AI system impact assessments) to stage 2 although none of its 72 systems showed
/// one: four systems were partially compliant only because the inventory said "Yes" and named a file that does not
/// exist. A record whose file is missing is a claim, not evidence that the process runs: stage 1 now waits for the
/// control, and the plan puts its work before stage 1.
#[test]
fn a_per_system_control_shown_only_by_claims_is_not_left_to_stage_2() {
    let (a, s) = summary_of(std::path::Path::new(FEDERAL));
    let r = a.requirements.iter().find(|r| r.id == "A.5.3").unwrap();
    let counts = r.system_counts.as_ref().unwrap();
    assert_eq!(counts.compliant, 0);
    assert!(counts.partially_compliant > 0, "the claimed impact assessments");
    assert!(!s.stage_1.deferred.iter().any(|d| d == "A.5.3"), "{:?}", s.stage_1.deferred);
    assert!(s.stage_1.blocking.iter().any(|b| b == "A.5.3"), "{:?}", s.stage_1.blocking);
    let plan = common::plan_json(FEDERAL);
    for action in common::plan_actions(&plan).iter().filter(|x| common::strings(&x["requirements"]) == ["A.5.3"]) {
        assert_eq!(action["phase"], "before_stage_1", "{}", action["id"]);
    }
}

/// Healthtech's Statement of Applicability shows "not yet approved", and the stage 1 verdict, which reviews it,
/// named only its missing justifications. A Statement of Applicability without a recorded approval now puts stage 1
/// at risk with its own reason; recording the approval (aims.toml `[soa] approved_on`) removes it.
#[test]
fn an_unapproved_statement_of_applicability_is_a_stage_1_reason() {
    let reason = "The Statement of Applicability has no recorded approval";
    let md = ok(aims(&["gap", HEALTHTECH, "--as-of", AS_OF]));
    assert!(verdict_line(&md, "Stage 1").contains(reason), "{}", verdict_line(&md, "Stage 1"));
    assert!(!verdict_line(&md, "Stage 2").contains(reason), "stage 2 tests implementation");
    let md = ok(aims(&["gap", FINTECH, "--as-of", AS_OF]));
    assert!(!md.contains(reason), "fintech's SoA is approved");
    let approved = common::edited_copy(HEALTHTECH, "aims.toml", |t| {
        format!("{t}\n[soa]\nversion = \"1.0\"\napproved_by = \"Board\"\napproved_on = 2026-11-01\n")
    });
    let md = ok(aims(&["gap", approved.path().to_str().unwrap(), "--as-of", AS_OF]));
    assert!(!md.contains(reason), "{}", verdict_line(&md, "Stage 1"));
}

/// The healthtech report said the AI policy and the internal audit programme lapse before the 2027-03-01 audit,
/// and the plan, "13 actions to reach audit readiness", had nothing for either. The plan now lists the same
/// records with the same dates (Markdown, JSON and the workbook's Summary sheet).
#[test]
fn the_plan_lists_the_evidence_the_report_says_lapses_before_the_audit() {
    let (_, s) = summary_of(std::path::Path::new(HEALTHTECH));
    let plan = common::plan_json(HEALTHTECH);
    let listed = plan["review_before_target"].as_array().expect("the plan's list");
    assert_eq!(listed.len(), s.review_before_target.len());
    for (d, j) in s.review_before_target.iter().zip(listed) {
        assert_eq!(j["label"], d.label.as_str());
        assert_eq!(j["due"], d.due.to_string());
    }
    let md = ok(aims(&["plan", HEALTHTECH, "--as-of", AS_OF]));
    let section = md.split("## Evidence to review before the audit").nth(1).expect("the plan's section");
    assert!(section.contains("| AI policy | 5.1, 5.2"), "{section}");
    let book = Book::read(aims(&["plan", HEALTHTECH, "--as-of", AS_OF, "--format", "xlsx"]).stdout);
    let policy = s.review_before_target.iter().find(|d| d.label == "AI policy").unwrap();
    assert_eq!(book::text(&book.pair("Summary", &policy.requirements.join(", "))), "AI policy");
    // Without a target date, nothing is listed.
    assert!(common::plan_json(FINTECH).get("review_before_target").is_none());
}

/// Healthtech's stage 1 verdict said "The Statement of Applicability gives no justification for 2 Annex A controls",
/// and the plan put the A.10.4 decision (marked not applicable without a justification) before the stage 2 audit,
/// undated, while saas's A.7.3 decision sat before stage 1. Deciding whether a control applies is SoA work: before
/// stage 1 in every example, whatever the control.
#[test]
fn a_decision_the_statement_of_applicability_lacks_comes_before_stage_1() {
    let mut seen = 0;
    for example in common::EXAMPLES {
        for a in common::plan_actions(&common::plan_json(example)) {
            let findings = common::strings(&a["findings"]);
            if findings.iter().any(|c| c == "exclusion-unjustified" || c == "soa-justification-missing") {
                seen += 1;
                assert_eq!(a["phase"], "before_stage_1", "{example}: {} {:?}", a["requirement"], findings);
            }
        }
    }
    assert!(seen >= 4, "the examples have such decisions: {seen}");
    // The verdict weighs what the plan puts before it: healthtech's rejected exclusion is one of stage 1's unmet
    // requirements, and "What to do first" lists its decision.
    let (_, s) = summary_of(std::path::Path::new("examples/healthtech-provider"));
    assert!(s.stage_1.blocking.iter().any(|id| id == "A.10.4"), "{:?}", s.stage_1.blocking);
    let md = ok(aims(&["gap", "examples/healthtech-provider", "--as-of", AS_OF]));
    let first = md.split("### What to do first").nth(1).unwrap().split("\n### ").next().unwrap();
    assert!(first.contains("**A.10.4**: Decide whether A.10.4 Customers applies"), "{first}");
}
