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
    // The fintech example scores 85.0 %.
    let pass = gap(FINTECH, &["--fail-under", "85"]);
    assert_eq!(pass.status.code(), Some(0), "{}", stderr(&pass));
    assert!(stderr(&pass).contains("gate passed"));
    let fail = gap(FINTECH, &["--fail-under", "85.1"]);
    assert_eq!(fail.status.code(), Some(1));
    assert!(stderr(&fail).contains("gate failed: score 85.0% is below the threshold 85.1%"), "{}", stderr(&fail));
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
fn gate_settings_come_from_aims_toml_and_flags_override_them() {
    let dir = fintech_with("\n[gate]\nfail_under = 90\nfail_on = [\"non_compliant\"]\nselect = [\"clauses\"]\n");
    let path = dir.path().to_str().unwrap();
    let output = gap(path, &[]);
    assert_eq!(output.status.code(), Some(1));
    let gate = &json(&output)["gate"];
    assert_eq!(gate["failing"], serde_json::json!(["7.4"]));
    assert_eq!(gate["fail_under"], 90.0);
    let overridden = gap(path, &["--fail-under", "10", "--fail-on", "not_assessed"]);
    assert_eq!(overridden.status.code(), Some(0), "{}", stderr(&overridden));
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
    assert_eq!(report["summary"]["score"], 85.0, "waivers do not change scores");

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
