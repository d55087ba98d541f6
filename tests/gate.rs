//! The CI gate end to end: exit codes, thresholds, statuses, selections, waivers before and after expiry, unused
//! waivers, several reports from one run, and `--check` on fresh and stale reports.

mod common;

use std::path::Path;
use std::process::Output;

use common::{AS_OF, aims, copy_dir};

const FINTECH: &str = "examples/fintech-ai-provider";

fn gap(dir: &str, extra: &[&str]) -> Output {
    let mut args = vec!["gap", dir, "--as-of", AS_OF, "--format", "json"];
    args.extend_from_slice(extra);
    aims(&args)
}

fn json(output: &Output) -> serde_json::Value {
    serde_json::from_slice(&output.stdout).expect("JSON report")
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// A copy of the fintech example with `toml` appended to its aims.toml.
fn fintech_with(toml: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(Path::new(FINTECH), dir.path());
    let settings = dir.path().join("aims.toml");
    let mut text = std::fs::read_to_string(&settings).unwrap_or_default();
    text.push_str(toml);
    std::fs::write(settings, text).unwrap();
    dir
}

#[test]
fn without_a_gate_the_run_succeeds_and_reports_no_verdict() {
    let output = gap(FINTECH, &[]);
    assert_eq!(output.status.code(), Some(0));
    assert!(json(&output)["gate"].is_null());
}

#[test]
fn fail_under_passes_and_fails_on_the_score() {
    // The fintech example scores 82.1 %.
    let pass = gap(FINTECH, &["--fail-under", "82.1"]);
    assert_eq!(pass.status.code(), Some(0), "{}", stderr(&pass));
    assert!(stderr(&pass).contains("gate passed"));
    let fail = gap(FINTECH, &["--fail-under", "83"]);
    assert_eq!(fail.status.code(), Some(1));
    assert!(
        stderr(&fail).contains(
            "gate failed (70 assessed of 70 selected requirements): score 82.1% is below the threshold 83.0%"
        ),
        "{}",
        stderr(&fail)
    );
    assert_eq!(json(&fail)["gate"]["passed"], false);
    // The report is still written when the gate fails.
    assert!(json(&fail)["requirements"].is_array());
}

#[test]
fn fail_on_names_the_failing_requirements() {
    let output = gap(FINTECH, &["--fail-on", "non_compliant"]);
    assert_eq!(output.status.code(), Some(1));
    assert!(
        stderr(&output).contains("4 requirements are non_compliant: 7.4, A.6.2.8, A.7.5, A.8.3"),
        "{}",
        stderr(&output)
    );
    let gate = &json(&output)["gate"];
    assert_eq!(gate["failing"], serde_json::json!(["7.4", "A.6.2.8", "A.7.5", "A.8.3"]));
}

#[test]
fn exit_zero_reports_but_does_not_fail() {
    let output = gap(FINTECH, &["--fail-on", "non_compliant", "--exit-zero"]);
    assert_eq!(output.status.code(), Some(0));
    assert!(stderr(&output).contains("gate failed"));
}

#[test]
fn select_and_ignore_narrow_the_gate() {
    // Only clauses: 7.4 is the one non-compliant clause.
    let clauses = gap(FINTECH, &["--fail-on", "non_compliant", "--select", "clauses"]);
    assert_eq!(json(&clauses)["gate"]["failing"], serde_json::json!(["7.4"]));
    // Annex A objective 6 only.
    let a6 = gap(FINTECH, &["--fail-on", "non_compliant", "--select", "A.6"]);
    assert_eq!(json(&a6)["gate"]["failing"], serde_json::json!(["A.6.2.8"]));
    // Everything but clause 7 and objectives A.6-A.8: nothing non-compliant is left.
    let rest = gap(FINTECH, &["--fail-on", "non_compliant", "--ignore", "7,A.6,A.7,A.8"]);
    assert_eq!(rest.status.code(), Some(0), "{}", stderr(&rest));
    // A selector that selects nothing is a usage error.
    assert_eq!(gap(FINTECH, &["--fail-on", "non_compliant", "--select", "A.11"]).status.code(), Some(2));
}

#[test]
fn gate_settings_come_from_aims_toml_and_flags_only_make_them_stricter() {
    let dir = fintech_with("\n[gate]\nfail_under = 90\nfail_on = [\"non_compliant\"]\nselect = [\"clauses\"]\n");
    let path = dir.path().to_str().unwrap();
    // Without gate flags, aims.toml's gate is the gate, its selection included.
    let output = gap(path, &[]);
    assert_eq!(output.status.code(), Some(1));
    let gate = &json(&output)["gate"];
    assert_eq!(gate["failing"], serde_json::json!(["7.4"]));
    assert_eq!(gate["fail_under"], 90.0);
    assert!(!stderr(&output).contains("note:"), "{}", stderr(&output));
    // Flags no longer replace the settings: the higher threshold and every status apply, over the job's selection.
    let combined = gap(path, &["--fail-under", "10", "--fail-on", "not_assessed"]);
    assert_eq!(combined.status.code(), Some(1), "{}", stderr(&combined));
    let gate = &json(&combined)["gate"];
    assert_eq!(gate["fail_under"], 90.0);
    assert_eq!(gate["fail_on"], serde_json::json!(["non_compliant", "not_assessed"]));
    assert_eq!(gate["select"], serde_json::json!([]));
    assert_eq!(gate["selected"], 70);
    assert!(stderr(&combined).contains("aims: note: the command line's gate decides which requirements it checks"));
    // A --select without thresholds narrows aims.toml's gate: the command line is trusted.
    let narrowed = gap(path, &["--select", "A.3"]);
    assert_eq!(narrowed.status.code(), Some(0), "{}", stderr(&narrowed));
    assert_eq!(json(&narrowed)["gate"]["fail_under"], 90.0);
}

const WAIVERS: &str = r#"
[[waiver]]
requirement = "A.8.3"
reason = "AI-concern channel ships with the website relaunch"
owner = "Head of Complaints"
expires = 2027-01-31

[[waiver]]
requirement = "A.6.2.8"
system = "support-chatbot"
reason = "Logging platform migration"
owner = "CTO"
expires = 2027-01-31
"#;

#[test]
fn waived_gaps_do_not_fail_the_gate_but_stay_unmet() {
    let dir = fintech_with(WAIVERS);
    let path = dir.path().to_str().unwrap();
    let output = gap(path, &["--fail-on", "non_compliant", "--select", "A.8"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let report = json(&output);
    assert_eq!(report["gate"]["waived"], serde_json::json!(["A.8.3"]));
    let find = |id: &str| report["requirements"].as_array().unwrap().iter().find(|r| r["id"] == id).unwrap().clone();
    let a83 = find("A.8.3");
    assert_eq!(a83["status"], "non_compliant", "a waived gap is never shown as a pass");
    assert_eq!(a83["waived"], true);
    assert_eq!(report["summary"]["score"], 82.1, "waivers do not change scores");

    // The chatbot's own shortfall in A.6.2.8 is waived, but the organisation-level entry declares a gap of its
    // own, so the requirement as a whole is not waived and still fails a gate on A.6.
    let a628 = find("A.6.2.8");
    let chatbot = a628["systems"].as_array().unwrap().iter().find(|s| s["system"] == "support-chatbot").unwrap();
    assert_eq!(chatbot["waived"], true);
    assert_eq!(a628["waived"], false);
    assert_eq!(gap(path, &["--fail-on", "non_compliant", "--select", "A.6"]).status.code(), Some(1));
    let states: Vec<&str> =
        report["waivers"].as_array().unwrap().iter().map(|w| w["state"].as_str().unwrap()).collect();
    assert_eq!(states, ["active", "active"]);
    assert_eq!(report["summary"]["waived"], 1);
}

#[test]
fn a_system_waiver_covers_only_its_system() {
    let dir = fintech_with(WAIVERS);
    // A.7.5 falls short for two systems; waiving one of them is not enough.
    let toml = "\n[[waiver]]\nrequirement = \"A.7.5\"\nsystem = \"support-chatbot\"\nreason = \"r\"\nowner = \"o\"\nexpires = 2027-01-31\n";
    let mut text = std::fs::read_to_string(dir.path().join("aims.toml")).unwrap();
    text.push_str(toml);
    std::fs::write(dir.path().join("aims.toml"), text).unwrap();
    let output = gap(dir.path().to_str().unwrap(), &["--fail-on", "non_compliant", "--select", "A.7"]);
    assert_eq!(output.status.code(), Some(1));
    assert_eq!(json(&output)["gate"]["failing"], serde_json::json!(["A.7.5"]));
}

#[test]
fn an_expired_waiver_fails_the_gate_and_is_reported() {
    let dir = fintech_with(WAIVERS);
    let path = dir.path().to_str().unwrap();
    // The waivers hold until 2027-01-31 inclusive.
    let before = aims(&[
        "gap",
        path,
        "--as-of",
        "2027-01-31",
        "--format",
        "json",
        "--fail-on",
        "non_compliant",
        "--select",
        "A.8",
    ]);
    assert_eq!(before.status.code(), Some(0), "{}", stderr(&before));
    let after = aims(&[
        "gap",
        path,
        "--as-of",
        "2027-02-01",
        "--format",
        "json",
        "--fail-on",
        "non_compliant",
        "--select",
        "A.8",
    ]);
    assert_eq!(after.status.code(), Some(1));
    assert!(stderr(&after).contains("expired waiver: A.8.3 (expired 2027-01-31)"), "{}", stderr(&after));
    let report = json(&after);
    let a83 = report["requirements"].as_array().unwrap().iter().find(|r| r["id"] == "A.8.3").unwrap();
    assert_eq!(a83["waived"], false);
    assert!(a83["findings"].as_array().unwrap().iter().any(|f| f["code"] == "waiver-expired"));
}

#[test]
fn a_waiver_that_matches_nothing_is_a_warning() {
    let dir =
        fintech_with("\n[[waiver]]\nrequirement = \"5.2\"\nreason = \"r\"\nowner = \"o\"\nexpires = 2027-01-31\n");
    let output = gap(dir.path().to_str().unwrap(), &[]);
    assert_eq!(output.status.code(), Some(0));
    assert!(
        stderr(&output).contains("warning[waiver-unused]: the waiver for 5.2 matches no gap"),
        "{}",
        stderr(&output)
    );
    assert_eq!(json(&output)["waivers"][0]["state"], "unused");
}

#[test]
fn invalid_waivers_are_located_errors() {
    let dir = fintech_with(
        "\n[[waiver]]\nrequirement = \"A6.2.8\"\nreason = \"r\"\nowner = \"o\"\nexpires = 2027-01-31\n\n[[waiver]]\nrequirement = \"A.6.2.8\"\nsystem = \"chat-bot\"\nreason = \"r\"\nowner = \"o\"\nexpires = 2027-01-31\n",
    );
    let output = aims(&["validate", dir.path().to_str().unwrap(), "--as-of", AS_OF]);
    assert_eq!(output.status.code(), Some(2));
    let err = stderr(&output);
    assert!(err.contains("error[unknown-requirement]: `A6.2.8`") && err.contains("did you mean `A.6.2.8`?"), "{err}");
    assert!(err.contains("error[unknown-system]: no AI system has the ID `chat-bot`"), "{err}");
    assert!(err.contains("did you mean `support-chatbot`?") || err.contains("systems are named"), "{err}");
}

#[test]
fn several_reports_from_one_run() {
    let out = tempfile::tempdir().unwrap();
    let md = out.path().join("gap.md");
    let js = out.path().join("gap.json");
    let output = aims(&[
        "gap",
        FINTECH,
        "--as-of",
        AS_OF,
        "--format",
        "table",
        "--report",
        &format!("markdown={}", md.display()),
        "--report",
        &format!("json={}", js.display()),
    ]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert!(String::from_utf8_lossy(&output.stdout).contains("Overall score"));
    assert_eq!(std::fs::read(&md).unwrap(), aims(&["gap", FINTECH, "--as-of", AS_OF, "--format", "markdown"]).stdout);
    assert_eq!(std::fs::read(&js).unwrap(), aims(&["gap", FINTECH, "--as-of", AS_OF, "--format", "json"]).stdout);
    assert_eq!(aims(&["gap", FINTECH, "--report", "pdf=x.pdf"]).status.code(), Some(2));
}

#[test]
fn check_passes_on_a_fresh_report_and_fails_with_a_diff_on_a_stale_one() {
    let out = tempfile::tempdir().unwrap();
    let report = out.path().join("gap.md");
    let report = report.to_str().unwrap();
    assert_eq!(aims(&["gap", FINTECH, "--as-of", AS_OF, "--output", report]).status.code(), Some(0));
    let fresh = aims(&["gap", FINTECH, "--as-of", AS_OF, "--check", report]);
    assert_eq!(fresh.status.code(), Some(0), "{}", stderr(&fresh));
    assert!(fresh.stdout.is_empty());
    // A day later, the report says something else (the as-of date, at least).
    let stale = aims(&["gap", FINTECH, "--as-of", "2026-11-28", "--check", report]);
    assert_eq!(stale.status.code(), Some(1));
    let err = stderr(&stale);
    assert!(err.contains("is out of date") && err.contains("- | **Assessed as of** | 2026-11-27 |"), "{err}");
    assert!(err.contains("+ | **Assessed as of** | 2026-11-28 |"), "{err}");
}

#[test]
fn check_aligns_its_diff_so_one_missing_line_shows_as_one_change() {
    let out = tempfile::tempdir().unwrap();
    let path = out.path().join("gap.md");
    let report = path.to_str().unwrap();
    assert_eq!(aims(&["gap", FINTECH, "--as-of", AS_OF, "--output", report]).status.code(), Some(0));
    let text = std::fs::read_to_string(&path).unwrap();
    let mut lines: Vec<&str> = text.lines().collect();
    let removed = lines.remove(4);
    std::fs::write(&path, lines.join("\n") + "\n").unwrap();
    let stale = aims(&["gap", FINTECH, "--as-of", AS_OF, "--check", report]);
    assert_eq!(stale.status.code(), Some(1));
    let err = stderr(&stale);
    let changes: Vec<&str> = err.lines().filter(|l| l.split_whitespace().any(|w| w == "+" || w == "-")).collect();
    assert_eq!(changes.len(), 1, "{err}");
    assert!(changes[0].contains('+') && changes[0].ends_with(removed), "{err}");
}

#[test]
fn check_on_a_missing_report_fails_the_check_but_an_unreadable_one_is_an_error() {
    let out = tempfile::tempdir().unwrap();
    let missing = out.path().join("gap.md");
    let output = aims(&["gap", FINTECH, "--as-of", AS_OF, "--check", missing.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    assert!(stderr(&output).contains("does not exist"), "{}", stderr(&output));
    let output = aims(&["gap", FINTECH, "--as-of", AS_OF, "--check", out.path().to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(2), "{}", stderr(&output));
}

// ----- the command line's policy is a floor the workspace cannot lower -------------------------------------------

/// The CI job of the examples below: fails on the fintech example (four non-compliant requirements).
const JOB: [&str; 4] = ["--fail-on", "non_compliant", "--fail-under", "70"];

#[test]
fn a_workspace_cannot_narrow_the_command_line_selection() {
    assert_eq!(gap(FINTECH, &JOB).status.code(), Some(1));
    for toml in [
        "select = [\"5.2\"]",
        "ignore = [\"controls\", \"7.4\"]",
        "select = [\"clauses\"]\nignore = [\"7\"]",
        "select = [\"5.2\"]\nignore = [\"5.2\"]",
    ] {
        let dir = fintech_with(&format!("\n[gate]\n{toml}\n"));
        let output = gap(dir.path().to_str().unwrap(), &JOB);
        assert_eq!(output.status.code(), Some(1), "{toml}: {}", stderr(&output));
        let gate = &json(&output)["gate"];
        assert_eq!(gate["selected"], 70, "{toml}");
        assert_eq!((&gate["select"], &gate["ignore"]), (&serde_json::json!([]), &serde_json::json!([])), "{toml}");
        assert_eq!(gate["failing"], serde_json::json!(["7.4", "A.6.2.8", "A.7.5", "A.8.3"]), "{toml}");
        assert!(stderr(&output).contains("aims.toml's [gate] select and ignore do not apply"), "{}", stderr(&output));
    }
}

#[test]
fn a_workspace_cannot_narrow_or_widen_a_command_line_select() {
    // A.4 scores 80.0 %; the clauses score 100 %, so widening the selection with them would lift the score over 85.
    let job = ["--select", "A.4", "--fail-under", "85"];
    assert_eq!(gap(FINTECH, &job).status.code(), Some(1));
    for toml in ["select = [\"clauses\"]", "select = [\"A.4.2\"]", "ignore = [\"A.4\"]", "ignore = [\"A\"]"] {
        let dir = fintech_with(&format!("\n[gate]\n{toml}\n"));
        let output = gap(dir.path().to_str().unwrap(), &job);
        assert_eq!(output.status.code(), Some(1), "{toml}: {}", stderr(&output));
        let gate = &json(&output)["gate"];
        assert_eq!((&gate["select"], &gate["score"]), (&serde_json::json!(["A.4"]), &serde_json::json!(80.0)));
    }
}

#[test]
fn a_workspace_cannot_lower_fail_under() {
    let dir = fintech_with("\n[gate]\nfail_under = 0\n");
    let output = gap(dir.path().to_str().unwrap(), &["--fail-under", "85.1"]);
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    assert_eq!(json(&output)["gate"]["fail_under"], 85.1);
    assert!(stderr(&output).contains("score 82.1% is below the threshold 85.1%"), "{}", stderr(&output));
    // It may raise it.
    let dir = fintech_with("\n[gate]\nfail_under = 90\n");
    let output = gap(dir.path().to_str().unwrap(), &["--fail-under", "80"]);
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    assert_eq!(json(&output)["gate"]["fail_under"], 90.0);
}

#[test]
fn a_workspace_cannot_clear_fail_on() {
    let dir = fintech_with("\n[gate]\nfail_on = []\n");
    let output = gap(dir.path().to_str().unwrap(), &["--fail-on", "non_compliant"]);
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    assert_eq!(json(&output)["gate"]["fail_on"], serde_json::json!(["non_compliant"]));
    // It may add statuses.
    let dir = fintech_with("\n[gate]\nfail_on = [\"partially_compliant\"]\n");
    let output = gap(dir.path().to_str().unwrap(), &["--fail-under", "80"]);
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    assert_eq!(json(&output)["gate"]["fail_on"], serde_json::json!(["partially_compliant"]));
}

#[test]
fn no_gate_setting_of_the_workspace_turns_a_failing_command_line_gate_into_a_passing_one() {
    use aims::workspace::{GatePolicy, Status};
    let catalogue = aims::catalogue::Catalogue::bundled().unwrap();
    let with_waivers = fintech_with(WAIVERS);
    let assessments = [common::assess_dir(with_waivers.path()), common::assess_dir(Path::new(SAAS))];
    let statuses = |list: &[&[Status]]| list.iter().map(|s| s.to_vec()).collect::<Vec<_>>();
    let selectors =
        |list: &[&[&str]]| list.iter().map(|s| s.iter().map(|x| x.to_string()).collect::<Vec<_>>()).collect::<Vec<_>>();
    let (nc, pc, na) = (Status::NonCompliant, Status::PartiallyCompliant, Status::NotAssessed);
    let mut jobs = Vec::new();
    for fail_under in [None, Some(50.0), Some(85.1)] {
        for fail_on in statuses(&[&[], &[nc], &[na]]) {
            for select in selectors(&[&[], &["A.8"], &["clauses"], &["A.6.1"]]) {
                for ignore in selectors(&[&[], &["7.4"]]) {
                    for (allow_not_assessed, no_waivers) in [(false, false), (true, false), (false, true)] {
                        let waiver_max_months = no_waivers.then_some(1);
                        let (select, ignore, fail_on) = (select.clone(), ignore.clone(), fail_on.clone());
                        jobs.push(GatePolicy {
                            fail_under,
                            fail_on,
                            select,
                            ignore,
                            allow_not_assessed,
                            no_waivers,
                            waiver_max_months,
                        });
                    }
                }
            }
        }
    }
    let mut workspaces = Vec::new();
    for fail_under in [None, Some(0.0), Some(100.0)] {
        for fail_on in statuses(&[&[], &[nc], &[pc]]) {
            for select in selectors(&[&[], &["5.2"], &["controls"], &["A.6.1"]]) {
                for ignore in selectors(&[&[], &["controls"], &["A.8.3"], &["A"]]) {
                    let (select, ignore, fail_on) = (select.clone(), ignore.clone(), fail_on.clone());
                    workspaces.push(GatePolicy { fail_under, fail_on, select, ignore, ..GatePolicy::default() });
                }
            }
        }
    }
    let mut failing_jobs = 0;
    for assessment in &assessments {
        for job in &jobs {
            // A job without a gate has no floor; a passing one has nothing to protect.
            let Some(alone) = aims::gate::evaluate(&catalogue, assessment, job).filter(|g| !g.passed) else {
                continue;
            };
            failing_jobs += 1;
            for workspace in &workspaces {
                let policy = aims::gate::combine(job, workspace);
                let combined = aims::gate::evaluate(&catalogue, assessment, &policy).unwrap();
                assert!(!combined.passed, "{workspace:?} turned the failing {job:?} into a pass");
                assert_eq!(combined.selected, alone.selected);
            }
        }
    }
    assert!(failing_jobs > 100, "the jobs exercise failing gates ({failing_jobs})");
}

// ----- a gate that checks nothing fails --------------------------------------------------------------------------

const SAAS: &str = "examples/saas-ai-customer";

#[test]
fn a_gate_that_selects_nothing_fails() {
    let output = gap(FINTECH, &["--select", "A.6", "--ignore", "A", "--fail-on", "non_compliant"]);
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    assert!(
        stderr(&output)
            .contains("aims: gate failed (0 assessed of 0 selected requirements): the gate selects no requirement"),
        "{}",
        stderr(&output)
    );
    assert_eq!(json(&output)["gate"]["selected"], 0);
    // The workspace's own gate, too.
    let dir = fintech_with("\n[gate]\nfail_under = 0\nselect = [\"A.6\"]\nignore = [\"controls\"]\n");
    let output = gap(dir.path().to_str().unwrap(), &[]);
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    assert!(stderr(&output).contains("the gate selects no requirement"), "{}", stderr(&output));
}

#[test]
fn a_gate_over_requirements_that_do_not_apply_fails() {
    // A.6.1.2 and A.6.1.3 are not applicable in the SaaS example.
    for flags in [&["--fail-on", "non_compliant"][..], &["--fail-under", "50"]] {
        let mut args = vec!["--select", "A.6.1"];
        args.extend_from_slice(flags);
        let output = gap(SAAS, &args);
        assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
        let err = stderr(&output);
        assert!(
            err.contains(
                "aims: gate failed (2 assessed of 2 selected requirements): all 2 selected requirements are \
                          not_applicable, so the gate checks nothing"
            ),
            "{err}"
        );
        assert_eq!(json(&output)["gate"]["reasons"].as_array().unwrap().len(), 1, "{err}");
    }
}

#[test]
fn a_lowercase_selector_is_an_error_not_an_empty_gate() {
    for selector in ["a.6", "Clauses", ""] {
        let output = gap(FINTECH, &["--fail-on", "non_compliant", "--select", selector]);
        assert_eq!(output.status.code(), Some(2), "{selector}: {}", stderr(&output));
        assert!(stderr(&output).contains("selects no requirement"), "{}", stderr(&output));
        assert!(output.stdout.is_empty());
    }
    let dir = fintech_with("\n[gate]\nselect = [\"a.6\"]\n");
    let output = gap(dir.path().to_str().unwrap(), &["--fail-on", "non_compliant"]);
    assert_eq!(output.status.code(), Some(2), "{}", stderr(&output));
}

// ----- requirements not assessed count against the gate ----------------------------------------------------------

/// One compliant requirement; the other organisation-level ones are not assessed, and without AI systems the
/// per-system controls do not apply.
fn one_compliant_requirement() -> tempfile::TempDir {
    common::workspace(&[
        ("organisation.yaml", common::ORGANISATION),
        ("evidence/policy.md", "# AI policy\n"),
        (
            "assessment.yaml",
            "requirements:\n  - requirement: \"5.2\"\n    status: compliant\n    evidence:\n      - file: \
             evidence/policy.md\n        reviewed: 2026-10-01\n",
        ),
    ])
}

#[test]
fn unassessed_requirements_do_not_raise_the_gate_score() {
    let dir = one_compliant_requirement();
    let path = dir.path().to_str().unwrap();
    let output = gap(path, &["--fail-under", "70"]);
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    let report = json(&output);
    assert_eq!(report["summary"]["score"], 100.0, "the report's score leaves them out");
    assert_eq!(report["summary"]["counts"]["not_assessed"], 54);
    let gate = &report["gate"];
    assert_eq!((&gate["score"], &gate["assessed"], &gate["selected"]), (&1.8.into(), &16.into(), &70.into()));
    assert!(
        stderr(&output).contains(
            "aims: gate failed (16 assessed of 70 selected requirements): score 1.8% is below the threshold 70.0%"
        ),
        "{}",
        stderr(&output)
    );
    // Over the clauses alone: one compliant, 31 not assessed.
    let clauses = gap(path, &["--fail-under", "70", "--select", "clauses"]);
    assert_eq!(clauses.status.code(), Some(1));
    assert!(stderr(&clauses).contains("(1 assessed of 32 selected requirements): score 3.1%"), "{}", stderr(&clauses));
}

#[test]
fn unassessed_requirements_fail_a_gate_on_non_compliant() {
    let dir = one_compliant_requirement();
    let output = gap(dir.path().to_str().unwrap(), &["--fail-on", "non_compliant"]);
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    assert!(
        stderr(&output).contains("54 requirements are not_assessed, which counts as non_compliant: 4.1, 4.2"),
        "{}",
        stderr(&output)
    );
    assert_eq!(json(&output)["gate"]["failing"].as_array().unwrap().len(), 54);
}

#[test]
fn allow_not_assessed_is_an_explicit_opt_out() {
    let dir = one_compliant_requirement();
    let path = dir.path().to_str().unwrap();
    let output = gap(path, &["--fail-under", "70", "--fail-on", "non_compliant", "--allow-not-assessed"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert!(
        stderr(&output).contains(
            "aims: gate passed: score 100.0% (16 assessed of 70 selected requirements, not assessed allowed)"
        ),
        "{}",
        stderr(&output)
    );
    assert_eq!(json(&output)["gate"]["allow_not_assessed"], true);
    // --fail-on not_assessed still fails on them.
    let output = gap(path, &["--fail-on", "not_assessed", "--allow-not-assessed"]);
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    // The workspace cannot opt out: aims.toml has no such setting.
    let toml = std::fs::read_to_string(dir.path().join("aims.toml")).unwrap_or_default();
    std::fs::write(dir.path().join("aims.toml"), format!("{toml}\n[gate]\nallow_not_assessed = true\n")).unwrap();
    assert_eq!(gap(path, &["--fail-under", "70"]).status.code(), Some(2));
}

// ----- waivers -----------------------------------------------------------------------------------------------------

#[test]
fn no_waivers_lets_no_waiver_accept_a_gap() {
    let dir = fintech_with(WAIVERS);
    let path = dir.path().to_str().unwrap();
    let waived = gap(path, &["--fail-on", "non_compliant", "--select", "A.8"]);
    assert_eq!(waived.status.code(), Some(0), "{}", stderr(&waived));
    assert!(
        stderr(&waived).contains("aims: gate passed: score 62.5% (4 assessed of 4 selected requirements, 1 waived)"),
        "{}",
        stderr(&waived)
    );
    let strict = gap(path, &["--fail-on", "non_compliant", "--select", "A.8", "--no-waivers"]);
    assert_eq!(strict.status.code(), Some(1), "{}", stderr(&strict));
    assert!(
        stderr(&strict).contains(
            "aims: gate failed (4 assessed of 4 selected requirements, waivers ignored): 1 requirement is \
             non_compliant: A.8.3"
        ),
        "{}",
        stderr(&strict)
    );
    let gate = &json(&strict)["gate"];
    assert_eq!((&gate["no_waivers"], &gate["waived"]), (&true.into(), &serde_json::json!([])));
    // The report itself still shows the waiver: --no-waivers changes the gate, not the assessment.
    assert_eq!(json(&strict)["summary"]["waived"], 1);
}

#[test]
fn a_waiver_past_the_jobs_horizon_fails_the_gate() {
    let dir = fintech_with(WAIVERS);
    let path = dir.path().to_str().unwrap();
    // The waivers expire on 2027-01-31, 2 months and 4 days after the as-of date.
    let within = gap(path, &["--fail-on", "non_compliant", "--select", "A.8", "--waiver-max-months", "3"]);
    assert_eq!(within.status.code(), Some(0), "{}", stderr(&within));
    let beyond = gap(path, &["--fail-on", "non_compliant", "--select", "A.8", "--waiver-max-months", "2"]);
    assert_eq!(beyond.status.code(), Some(1), "{}", stderr(&beyond));
    assert!(
        stderr(&beyond).contains("waiver running past the 2-month horizon (2027-01-27): A.8.3 (expires 2027-01-31)"),
        "{}",
        stderr(&beyond)
    );
    assert_eq!(json(&beyond)["gate"]["waiver_max_months"], 2);
    // Alone, the horizon is a gate.
    assert_eq!(gap(path, &["--waiver-max-months", "2"]).status.code(), Some(1));
    for months in ["0", "13"] {
        assert_eq!(gap(path, &["--fail-on", "non_compliant", "--waiver-max-months", months]).status.code(), Some(2));
    }
}
