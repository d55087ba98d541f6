//! `aims validate` on broken workspaces: every problem is reported at once, located, with a hint; errors exit 2,
//! warnings do not. Each case runs the real binary.

mod common;

use assert_cmd::Command;
use common::{ORGANISATION, workspace};
use serde_json::Value;

const SYSTEM: &str = "\
id: chatbot
name: Support chatbot
purpose: Answers customer questions
owner: Head of Support
lifecycle_stage: operation
ai_role: producer
";

/// Runs `aims validate --format json` and returns (exit code, diagnostics).
fn validate(dir: &std::path::Path) -> (i32, Vec<Value>) {
    let output = Command::cargo_bin("aims")
        .unwrap()
        .args(["validate", "--format", "json", "--as-of", common::AS_OF])
        .arg(dir)
        .output()
        .unwrap();
    let json: Value = serde_json::from_slice(&output.stdout).expect("validate --format json prints JSON");
    (output.status.code().unwrap(), json["diagnostics"].as_array().unwrap().clone())
}

/// The one diagnostic with `code`, checking it is located in `file` at `line`.
fn expect<'a>(diagnostics: &'a [Value], code: &str, file: &str, line: u64) -> &'a Value {
    let found: Vec<&Value> = diagnostics.iter().filter(|d| d["code"] == code).collect();
    assert_eq!(found.len(), 1, "expected one {code}, got {diagnostics:#?}");
    assert_eq!(found[0]["file"], file, "{:#}", found[0]);
    assert_eq!(found[0]["line"], line, "{:#}", found[0]);
    assert!(found[0]["help"].is_string(), "every diagnostic has a hint: {:#}", found[0]);
    found[0]
}

#[test]
fn yaml_syntax_error_is_located() {
    let dir = workspace(&[("organisation.yaml", ORGANISATION), ("systems/a.yaml", "id: a\nname: \"unclosed\n")]);
    let (code, d) = validate(dir.path());
    assert_eq!(code, 2);
    assert_eq!(d[0]["file"], "systems/a.yaml");
    assert!(d[0]["line"].as_u64().unwrap() >= 2);
}

#[test]
fn unknown_field_suggests_the_right_one() {
    let dir = workspace(&[("organisation.yaml", ORGANISATION), ("systems/a.yaml", &format!("{SYSTEM}purpse: x\n"))]);
    let (code, d) = validate(dir.path());
    assert_eq!(code, 2);
    let diag = expect(&d, "unknown-field", "systems/a.yaml", 7);
    assert!(diag["help"].as_str().unwrap().starts_with("did you mean `purpose`?"));
}

#[test]
fn wrong_type_and_unknown_enum_value_list_what_is_allowed() {
    let system = SYSTEM.replace("ai_role: producer", "ai_role: builder\nin_scope: yes");
    let dir = workspace(&[("organisation.yaml", ORGANISATION), ("systems/a.yaml", &system)]);
    let (code, d) = validate(dir.path());
    assert_eq!(code, 2);
    // serde stops at the first problem in a file: the enum value.
    let diag = expect(&d, "invalid-value", "systems/a.yaml", 6);
    assert!(diag["help"].as_str().unwrap().contains("provider, producer, customer, partner"));

    let dir =
        workspace(&[("organisation.yaml", ORGANISATION), ("systems/a.yaml", &format!("{SYSTEM}in_scope: yes\n"))]);
    let (_, d) = validate(dir.path());
    expect(&d, "invalid-type", "systems/a.yaml", 7);
}

#[test]
fn yaml_1_1_booleans_keep_their_meaning_as_text() {
    // `no` as a name stays the string "no"; it is not turned into false.
    let system = SYSTEM.replace("name: Support chatbot", "name: no");
    let dir = workspace(&[("organisation.yaml", ORGANISATION), ("systems/a.yaml", &system)]);
    let (code, d) = validate(dir.path());
    assert_eq!(code, 0, "{d:#?}");
    let a = common::assess_dir(dir.path());
    assert_eq!(a.systems[0].name, "no");
}

#[test]
fn duplicate_keys_are_errors() {
    let dir = workspace(&[
        ("organisation.yaml", ORGANISATION),
        ("systems/a.yaml", &format!("{SYSTEM}owner: Someone else\n")),
    ]);
    let (code, d) = validate(dir.path());
    assert_eq!(code, 2);
    expect(&d, "duplicate-key", "systems/a.yaml", 7);
}

#[test]
fn duplicate_system_ids_across_files_are_errors() {
    let dir = workspace(&[("organisation.yaml", ORGANISATION), ("systems/a.yaml", SYSTEM), ("systems/b.yaml", SYSTEM)]);
    let (code, d) = validate(dir.path());
    assert_eq!(code, 2);
    let diag = expect(&d, "duplicate-system", "systems/b.yaml", 1);
    assert!(diag["message"].as_str().unwrap().contains("systems/a.yaml:1"));
}

#[test]
fn unknown_requirement_ids_get_a_suggestion_and_annex_b_references_resolve() {
    let assessment = "requirements:\n  - requirement: A6.2.4\n    status: not_assessed\n  - requirement: B.9.4\n    status: not_assessed\n";
    let dir = workspace(&[("organisation.yaml", ORGANISATION), ("assessment.yaml", assessment)]);
    let (code, d) = validate(dir.path());
    assert_eq!(code, 2);
    let diag = expect(&d, "unknown-requirement", "assessment.yaml", 2);
    assert!(diag["help"].as_str().unwrap().contains("did you mean `A.6.2.4`?"));
    assert_eq!(d.len(), 1, "B.9.4 is the Annex B alias of A.9.4: {d:#?}");
}

#[test]
fn duplicate_entries_across_assessment_files_are_errors() {
    let entry = "requirements:\n  - requirement: \"5.2\"\n    status: not_assessed\n";
    let dir =
        workspace(&[("organisation.yaml", ORGANISATION), ("assessment/a.yaml", entry), ("assessment/b.yaml", entry)]);
    let (code, d) = validate(dir.path());
    assert_eq!(code, 2);
    expect(&d, "duplicate-entry", "assessment/b.yaml", 2);
}

#[test]
fn impossible_and_future_dates_are_errors() {
    let assessment = "requirements:\n  - requirement: \"5.2\"\n    status: compliant\n    evidence:\n      - file: evidence/p.md\n        reviewed: 2026-02-30\n      - file: evidence/p.md\n        reviewed: 2027-01-01\n      - file: evidence/p.md\n        reviewed: 31/03/2026\n";
    let dir =
        workspace(&[("organisation.yaml", ORGANISATION), ("assessment.yaml", assessment), ("evidence/p.md", "x")]);
    let (code, d) = validate(dir.path());
    assert_eq!(code, 2);
    expect(&d, "future-date", "assessment.yaml", 8);
    let invalid: Vec<u64> =
        d.iter().filter(|x| x["code"] == "invalid-date").map(|x| x["line"].as_u64().unwrap()).collect();
    assert_eq!(invalid, [6, 10]);
}

#[test]
fn empty_required_fields_are_errors() {
    let system = SYSTEM.replace("owner: Head of Support", "owner: \"  \"");
    let dir = workspace(&[("organisation.yaml", ORGANISATION), ("systems/a.yaml", &system)]);
    let (code, d) = validate(dir.path());
    assert_eq!(code, 2);
    expect(&d, "empty-field", "systems/a.yaml", 4);

    let system = SYSTEM.replace("owner: Head of Support", "owner:");
    let dir = workspace(&[("organisation.yaml", ORGANISATION), ("systems/a.yaml", &system)]);
    let (_, d) = validate(dir.path());
    expect(&d, "empty-field", "systems/a.yaml", 4);
}

#[test]
fn evidence_paths_must_stay_inside_the_workspace() {
    let system = format!(
        "{SYSTEM}evidence:\n  monitoring: {{file: ../outside.md, reviewed: 2026-01-01}}\n  event_logging: {{file: /etc/passwd, reviewed: 2026-01-01}}\n  intended_use: {{file: evidence/link.md, reviewed: 2026-01-01}}\n  deployment_plan: {{file: evidence/nope.md, reviewed: 2026-01-01}}\n"
    );
    let dir = workspace(&[("organisation.yaml", ORGANISATION), ("systems/a.yaml", &system)]);
    let outside = tempfile::NamedTempFile::new().unwrap();
    std::fs::create_dir_all(dir.path().join("evidence")).unwrap();
    std::os::unix::fs::symlink(outside.path(), dir.path().join("evidence/link.md")).unwrap();
    let (code, d) = validate(dir.path());
    assert_eq!(code, 2);
    let lines: Vec<u64> =
        d.iter().filter(|x| x["code"] == "evidence-outside-workspace").map(|x| x["line"].as_u64().unwrap()).collect();
    assert_eq!(lines, [8, 9, 10], "`..`, absolute and symlinked-out paths: {d:#?}");
    let missing = expect(&d, "evidence-not-found", "systems/a.yaml", 11);
    assert_eq!(missing["severity"], "warning");
}

#[test]
fn missing_evidence_is_only_a_warning_and_exits_0() {
    let assessment = "requirements:\n  - requirement: \"5.2\"\n    status: compliant\n    evidence:\n      - file: evidence/nope.md\n        reviewed: 2026-01-01\n";
    let dir = workspace(&[("organisation.yaml", ORGANISATION), ("assessment.yaml", assessment)]);
    let (code, d) = validate(dir.path());
    assert_eq!(code, 0);
    expect(&d, "evidence-not-found", "assessment.yaml", 5);
}

#[test]
fn every_problem_is_reported_at_once_in_file_order() {
    let dir = workspace(&[
        ("organisation.yaml", "name: X\naims_scope: Y\nai_roles: []\n"),
        ("systems/a.yaml", &format!("{SYSTEM}colour: blue\n")),
        ("systems/b.yaml", &SYSTEM.replace("operation", "live")),
        ("assessment.yaml", "requirements:\n  - requirement: \"4.9\"\n    status: compliant\n"),
    ]);
    let (code, d) = validate(dir.path());
    assert_eq!(code, 2);
    let found: Vec<(&str, &str)> =
        d.iter().map(|x| (x["file"].as_str().unwrap(), x["code"].as_str().unwrap())).collect();
    // b.yaml's bad stage does not hide that it repeats a.yaml's ID: a file with a problem is still checked.
    assert_eq!(
        found,
        [
            ("assessment.yaml", "unknown-requirement"),
            ("organisation.yaml", "empty-field"),
            ("systems/a.yaml", "unknown-field"),
            ("systems/b.yaml", "duplicate-system"),
            ("systems/b.yaml", "invalid-value"),
        ]
    );
}

#[test]
fn human_output_shows_file_line_column_source_caret_and_help() {
    let dir = workspace(&[
        ("organisation.yaml", ORGANISATION),
        ("systems/a.yaml", &SYSTEM.replace("operation", "operational")),
    ]);
    let output = Command::cargo_bin("aims")
        .unwrap()
        .args(["validate", "--as-of", common::AS_OF])
        .arg(dir.path())
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8(output.stderr).unwrap();
    let expected = "\
systems/a.yaml:5:18: error[invalid-value]: `operational` is not an allowed value of `lifecycle_stage`
  |
5 | lifecycle_stage: operational
  |                  ^
  = help: did you mean `operation`? the system is in use, operated and monitored; allowed values: concept, design, development, verification, deployment, operation, retired
";
    assert!(stderr.starts_with(expected), "{stderr}");
}

#[test]
fn aims_toml_errors_are_located() {
    let dir = workspace(&[("organisation.yaml", ORGANISATION), ("aims.toml", "[evidence]\nreview_interval = 12\n")]);
    let (code, d) = validate(dir.path());
    assert_eq!(code, 2);
    let misspelt = expect(&d, "unknown-field", "aims.toml", 2);
    assert!(misspelt["help"].as_str().unwrap().starts_with("did you mean `review_interval_months`?"));

    let dir =
        workspace(&[("organisation.yaml", ORGANISATION), ("aims.toml", "[evidence]\nreview_interval_months = 0\n")]);
    let (_, d) = validate(dir.path());
    expect(&d, "invalid-value", "aims.toml", 2);
}

#[test]
fn a_folder_without_organisation_yaml_is_rejected() {
    let dir = workspace(&[("systems/a.yaml", SYSTEM)]);
    let (code, d) = validate(dir.path());
    assert_eq!(code, 2);
    expect(&d, "missing-file", "organisation.yaml", 0);
}
