//! End-to-end: the real `aims` binary on the bundled example workspaces, as a user runs it.

mod common;

use common::aims;

use std::path::Path;
use std::process::Output;

const EXAMPLES: [&str; 3] =
    ["examples/saas-ai-customer", "examples/fintech-ai-provider", "examples/healthtech-provider"];

fn stdout(output: &Output) -> String {
    String::from_utf8(output.stdout.clone()).unwrap()
}

fn gap(example: &str, format: &str) -> Output {
    aims(&["gap", example, "--format", format, "--as-of", common::AS_OF])
}

#[test]
fn gap_markdown_report_matches_snapshot() {
    for example in EXAMPLES {
        let output = gap(example, "markdown");
        assert_eq!(output.status.code(), Some(0), "{}", String::from_utf8_lossy(&output.stderr));
        let name = Path::new(example).file_name().unwrap().to_str().unwrap();
        insta::assert_snapshot!(format!("gap-{name}.md"), stdout(&output));
    }
}

#[test]
fn gap_json_report_matches_snapshot_and_honours_the_contract() {
    for example in EXAMPLES {
        let output = gap(example, "json");
        assert_eq!(output.status.code(), Some(0));
        let text = stdout(&output);
        let first = format!("{{\n  \"schema_version\": {},", aims::assess::REPORT_SCHEMA_VERSION);
        assert!(text.starts_with(&first), "schema_version must come first");
        let json: serde_json::Value = serde_json::from_str(&text).unwrap();
        assert!(json["summary"]["score"].is_number());
        for status in ["compliant", "partially_compliant", "non_compliant", "not_applicable", "not_assessed"] {
            assert!(json["summary"]["counts"][status].is_u64(), "counts.{status}");
        }
        let requirements = json["requirements"].as_array().unwrap();
        assert_eq!(requirements.len(), 70);
        for r in requirements {
            for key in ["id", "kind", "title", "status", "score", "findings"] {
                assert!(r.get(key).is_some(), "requirement lacks {key}: {r}");
            }
            for f in r["findings"].as_array().unwrap() {
                assert!(f["code"].is_string() && f["message"].is_string() && f.get("location").is_some());
            }
        }
        for s in json["systems"].as_array().unwrap() {
            assert!(s["id"].is_string() && s["statuses"].is_object());
        }
        let name = Path::new(example).file_name().unwrap().to_str().unwrap();
        insta::assert_snapshot!(format!("gap-{name}.json"), text);
    }
}

#[test]
fn two_runs_give_identical_bytes() {
    for example in EXAMPLES {
        for format in ["markdown", "json", "table"] {
            assert_eq!(gap(example, format).stdout, gap(example, format).stdout, "{example} {format}");
        }
    }
}

#[test]
fn every_example_validates() {
    for example in EXAMPLES {
        let output = aims(&["validate", example, "--as-of", common::AS_OF]);
        assert_eq!(output.status.code(), Some(0), "{}", String::from_utf8_lossy(&output.stderr));
    }
}

#[test]
fn table_fits_an_80_column_terminal() {
    for example in EXAMPLES {
        let text = stdout(&gap(example, "table"));
        for line in text.lines() {
            assert!(line.chars().count() <= 80, "too wide ({}): {line}", line.chars().count());
        }
        assert!(text.contains("Overall score"));
    }
}

#[test]
fn output_file_is_written_and_format_follows_the_extension() {
    let dir = tempfile::tempdir().unwrap();
    let json_path = dir.path().join("report.json");
    let md_path = dir.path().join("report.md");
    for path in [&json_path, &md_path] {
        let output = aims(&["gap", EXAMPLES[1], "--as-of", common::AS_OF, "--output", path.to_str().unwrap()]);
        assert_eq!(output.status.code(), Some(0));
        assert!(output.stdout.is_empty());
    }
    assert_eq!(std::fs::read(&json_path).unwrap(), gap(EXAMPLES[1], "json").stdout);
    assert_eq!(std::fs::read(&md_path).unwrap(), gap(EXAMPLES[1], "markdown").stdout);
    // No temporary files are left behind.
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 2);
}

#[test]
fn refuses_to_write_a_report_into_evidence() {
    let ws = common::workspace(&[("organisation.yaml", common::ORGANISATION), ("evidence/a.md", "x")]);
    let target = ws.path().join("evidence/report.md");
    let output = aims(&["gap", ws.path().to_str().unwrap(), "--output", target.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(2));
    assert!(!target.exists());
    assert!(String::from_utf8_lossy(&output.stderr).contains("evidence/"));
}

#[test]
fn invalid_workspace_exits_2_and_writes_no_report() {
    let ws = common::workspace(&[("organisation.yaml", "name: [unclosed\n")]);
    let out = ws.path().join("report.md");
    let output = aims(&["gap", ws.path().to_str().unwrap(), "--output", out.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(2));
    assert!(output.stdout.is_empty());
    assert!(!out.exists());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("organisation.yaml:"), "{stderr}");
    assert!(stderr.contains("nothing was assessed"), "{stderr}");
}

#[test]
fn missing_folder_and_bad_arguments_exit_2() {
    assert_eq!(aims(&["gap", "no/such/folder"]).status.code(), Some(2));
    assert_eq!(aims(&["gap", EXAMPLES[0], "--as-of", "2026-02-30"]).status.code(), Some(2));
    assert_eq!(aims(&["gap", EXAMPLES[0], "--format", "pdf"]).status.code(), Some(2));
    assert_eq!(aims(&["frobnicate"]).status.code(), Some(2));
}

#[test]
fn a_closed_pipe_is_not_an_error() {
    use std::io::Read;
    use std::process::Stdio;
    let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("aims"))
        .args(["gap", EXAMPLES[1], "--format", "markdown", "--as-of", common::AS_OF])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut first = [0u8; 16];
    child.stdout.take().unwrap().read_exact(&mut first).unwrap(); // read a little, then hang up
    let output = child.wait_with_output().unwrap();
    assert_eq!(output.status.code(), Some(0));
    assert!(output.stderr.is_empty(), "{}", String::from_utf8_lossy(&output.stderr));
}

#[test]
fn controls_json_lists_the_whole_catalogue() {
    let output = aims(&["controls", "--format", "json"]);
    assert_eq!(output.status.code(), Some(0));
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let items = json.as_array().unwrap();
    let got: Vec<(String, String)> =
        items.iter().map(|r| (r["id"].as_str().unwrap().into(), r["title"].as_str().unwrap().into())).collect();
    let expected: Vec<(String, String)> = common::reference::CLAUSES
        .iter()
        .chain(common::reference::CONTROLS)
        .map(|(id, title)| (id.to_string(), title.to_string()))
        .collect();
    assert_eq!(got, expected);
    assert_eq!(items.iter().filter(|r| r["kind"] == "clause").count(), 32);
    assert_eq!(items.iter().filter(|r| r["kind"] == "control").count(), 38);
    assert!(items.iter().all(|r| r["scope"] == "organisation" || r["scope"] == "ai_system"));
}

#[test]
fn controls_shows_one_requirement_whole_and_suggests_on_typos() {
    let output = aims(&["controls", "A.6.2.4"]);
    assert_eq!(output.status.code(), Some(0));
    let text = stdout(&output);
    assert!(text.starts_with("# A.6.2.4 AI system verification and validation\n"));
    for section in ["## What it asks", "## Evidence an auditor expects", "## Questions to assess it"] {
        assert!(text.contains(section), "{section}");
    }
    let typo = aims(&["controls", "A6.2.4"]);
    assert_eq!(typo.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&typo.stderr).contains("did you mean `A.6.2.4`?"));
}

#[test]
fn explain_describes_every_code() {
    for rule in aims::rules::all() {
        let output = aims(&["explain", rule.code.as_str()]);
        assert_eq!(output.status.code(), Some(0), "{}", rule.code);
        let text = stdout(&output);
        for section in ["What it checks", "Why it matters", "Example", "How to fix it"] {
            assert!(text.contains(section), "{} lacks {section}", rule.code);
        }
    }
    let typo = aims(&["explain", "evidence-stail"]);
    assert_eq!(typo.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&typo.stderr).contains("did you mean `evidence-stale`?"));
}

#[test]
fn a_generated_workspace_of_600_systems_is_assessed_the_same_way_every_time() {
    // Large enough for the parallel paths: files parse on several threads, requirements are assessed on several.
    let dir = tempfile::tempdir().unwrap();
    let ws = dir.path().join("ws");
    let ws = ws.to_str().unwrap();
    assert_eq!(aims(&["generate", "600", ws]).status.code(), Some(0));
    assert_eq!(aims(&["validate", ws, "--as-of", common::AS_OF]).status.code(), Some(0));
    let first = gap(ws, "json");
    assert_eq!(first.status.code(), Some(0));
    let report: serde_json::Value = serde_json::from_slice(&first.stdout).unwrap();
    assert_eq!(report["systems"].as_array().unwrap().len(), 600);
    let ids: Vec<&str> = report["systems"].as_array().unwrap().iter().map(|s| s["id"].as_str().unwrap()).collect();
    let mut sorted = ids.clone();
    sorted.sort();
    assert_eq!(ids, sorted);
    assert_eq!(first.stdout, gap(ws, "json").stdout);
    // Generating again with the same seed gives the same workspace.
    let again = dir.path().join("again");
    aims(&["generate", "600", again.to_str().unwrap()]);
    let a = std::fs::read(dir.path().join("ws/systems/system-000123.yaml")).unwrap();
    assert_eq!(a, std::fs::read(again.join("systems/system-000123.yaml")).unwrap());
}

#[test]
fn a_version_1_report_still_diffs_against_a_version_4_one() {
    let dir = tempfile::tempdir().unwrap();
    let output = gap("examples/saas-ai-customer", "json");
    let mut report: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    // A report as version 1 wrote it: the same fields, without those versions 2 and 3 added or reshaped.
    let object = report.as_object_mut().unwrap();
    object.insert("schema_version".into(), 1.into());
    object.remove("eu_ai_act");
    object.remove("units");
    object["summary"].as_object_mut().unwrap().remove("priorities");
    let old = dir.path().join("old.json");
    std::fs::write(&old, serde_json::to_string_pretty(&report).unwrap()).unwrap();
    let new = dir.path().join("new.json");
    std::fs::write(&new, &output.stdout).unwrap();
    let diff = aims(&["diff", old.to_str().unwrap(), new.to_str().unwrap(), "--format", "json"]);
    assert_eq!(diff.status.code(), Some(0), "{}", String::from_utf8_lossy(&diff.stderr));
    let too_new = dir.path().join("too-new.json");
    std::fs::write(&too_new, stdout(&output).replacen("\"schema_version\": 6", "\"schema_version\": 99", 1)).unwrap();
    let refused = aims(&["diff", old.to_str().unwrap(), too_new.to_str().unwrap()]);
    assert_eq!(refused.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&refused.stderr).contains("schema_version 99 is not one this aims reads (1 to 6)"));
}

/// The terminal table listed a retired AI system among the scored ones, as if in scope like the others, while the
/// documents count only the active systems. It now lists the active systems in its table and the retired ones apart,
/// unscored; the JSON's `systems_in_scope` still counts both, and `systems_retired` says how many are retired.
#[test]
fn terminal_table_marks_retired_systems() {
    let example = "examples/healthtech-provider";
    let text = stdout(&gap(example, "table"));
    let json: serde_json::Value = serde_json::from_slice(&gap(example, "json").stdout).unwrap();
    let retired: Vec<&str> = json["systems"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|s| s["in_scope"] == true && s["lifecycle_stage"] == "retired")
        .map(|s| s["id"].as_str().unwrap())
        .collect();
    assert_eq!(retired, ["readmission-risk"]);
    assert_eq!(json["summary"]["systems_retired"], 1);

    let table_rows = text.lines().filter(|l| l.starts_with('│'));
    assert!(
        !table_rows.into_iter().any(|l| l.contains("readmission-risk")),
        "no table row for the retired system:\n{text}"
    );
    // The paragraph that lists them, wrapped to the terminal's width.
    let at = text.find("\nRetired AI systems").unwrap_or_else(|| panic!("{text}"));
    let paragraph = text[at + 1..].split("\n\n").next().unwrap().replace('\n', " ");
    assert!(paragraph.contains("not scored") && paragraph.contains("readmission-risk"), "{paragraph}");
    assert!(text.lines().all(|l| l.chars().count() <= 80), "the table fits 80 columns:\n{text}");
    // Every active system in scope keeps its row.
    for s in json["systems"].as_array().unwrap() {
        if s["in_scope"] == true && s["lifecycle_stage"] != "retired" {
            let id = s["id"].as_str().unwrap();
            assert!(text.lines().any(|l| l.starts_with('│') && l.contains(id)), "{id} has a row:\n{text}");
        }
    }
}
