//! One fixture and one snapshot per rule code, in the style of per-rule linter tests: `tests/rules/<code>/`
//! holds a README saying what the fixture shows, a `workspace/` that makes the code fire, and the snapshot of
//! every finding or diagnostic with that code. The fixture is run through the real binary (validate, gap, soa), so
//! a code that no verb emits any more, or a new code without a fixture, fails here.
//!
//! A second test runs every verb on the bundled examples and on every fixture and checks that each code any of them
//! emits is explained by `aims explain`.

mod common;

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use aims::rules::Code;
use common::{AS_OF, aims};
use serde_json::{Value, json};

/// What one run of the binary said: its JSON output (if it printed JSON) and its stderr.
struct Run {
    json: Option<Value>,
    stderr: String,
}

fn run(args: &[&str]) -> Run {
    let output = aims(args);
    Run {
        json: serde_json::from_slice(&output.stdout).ok(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    }
}

fn fixture_dir(code: Code) -> PathBuf {
    Path::new("tests/rules").join(code.as_str())
}

/// The workspace of a fixture, as a path to run aims on. A fixture that a repository cannot hold on every file
/// system (two names that differ only in case) is completed in a copy; the guard keeps that copy alive.
fn fixture_workspace(code: Code) -> (String, Option<tempfile::TempDir>) {
    let workspace = fixture_dir(code).join("workspace");
    if code != Code::CaseConflict {
        return (workspace.to_str().unwrap().to_string(), None);
    }
    let copy = tempfile::tempdir().unwrap();
    common::copy_dir(&workspace, copy.path());
    std::fs::copy(workspace.join("systems/scoring.yaml"), copy.path().join("systems/Scoring.yaml")).unwrap();
    (copy.path().to_str().unwrap().to_string(), Some(copy))
}

/// The runs a fixture goes through: validate, then gap and soa (which load the workspace the same way, and say
/// nothing more than validate when it is invalid).
fn fixture_runs(workspace: &str) -> Vec<(&'static str, Run)> {
    vec![
        ("validate", run(&["validate", workspace, "--format", "json", "--as-of", AS_OF])),
        ("gap", run(&["gap", workspace, "--format", "json", "--as-of", AS_OF])),
        ("soa", run(&["soa", workspace, "--format", "json", "--as-of", AS_OF])),
    ]
}

/// Every object in `value` that carries a `"code"` string, with the path of keys that leads to it.
fn coded_objects<'a>(value: &'a Value, path: &str, out: &mut Vec<(String, &'a Value)>) {
    match value {
        Value::Object(map) => {
            if map.get("code").is_some_and(Value::is_string) {
                out.push((path.to_string(), value));
            }
            for (key, child) in map {
                coded_objects(child, &format!("{path}.{key}"), out);
            }
        }
        Value::Array(items) => {
            for child in items {
                coded_objects(child, &format!("{path}[]"), out);
            }
        }
        _ => {}
    }
}

/// The codes in `[code]` brackets of rendered diagnostics (`file:line:col: warning[waiver-unused]: …`), with the
/// line each appears on.
fn stderr_codes(stderr: &str) -> Vec<(String, String)> {
    stderr
        .lines()
        .filter_map(|line| {
            let (_, rest) = line.split_once("error[").or_else(|| line.split_once("warning["))?;
            let (code, _) = rest.split_once(']')?;
            Some((code.to_string(), line.to_string()))
        })
        .collect()
}

/// Every code the runs emitted, as text (so a code the registry does not know still shows up).
fn emitted(runs: &[(&str, Run)]) -> BTreeSet<String> {
    let mut codes = BTreeSet::new();
    for (_, run) in runs {
        if let Some(json) = &run.json {
            let mut found = Vec::new();
            coded_objects(json, "", &mut found);
            codes.extend(found.iter().map(|(_, v)| v["code"].as_str().unwrap().to_string()));
        }
        codes.extend(stderr_codes(&run.stderr).into_iter().map(|(code, _)| code));
    }
    codes
}

#[test]
fn every_code_has_a_fixture_that_makes_it_fire() {
    let mut missing = Vec::new();
    for &code in Code::ALL {
        let dir = fixture_dir(code);
        if !dir.join("README.md").is_file() {
            missing.push(code.as_str());
            continue;
        }
        let (workspace, _copy) = fixture_workspace(code);
        let runs = fixture_runs(&workspace);
        assert!(emitted(&runs).contains(code.as_str()), "the fixture of {code} does not make it fire");

        // The snapshot: every entry with this code, from each verb (the first three when a fixture emits many).
        let mut entries = Vec::new();
        for (verb, run) in &runs {
            if let Some(json) = &run.json {
                let mut found = Vec::new();
                coded_objects(json, "", &mut found);
                for (path, value) in found.into_iter().filter(|(_, v)| v["code"] == code.as_str()) {
                    entries.push(json!({ "verb": verb, "at": path, "entry": value }));
                }
            }
            for (_, line) in stderr_codes(&run.stderr).into_iter().filter(|(c, _)| c == code.as_str()) {
                entries.push(json!({ "verb": verb, "stderr": line }));
            }
        }
        let total = entries.len();
        entries.truncate(3);
        let mut settings = insta::Settings::clone_current();
        settings.set_snapshot_path(Path::new("rules").join(code.as_str()));
        settings.set_prepend_module_to_snapshot(false);
        settings.bind(|| insta::assert_json_snapshot!(code.as_str(), json!({ "total": total, "first": entries })));
    }
    assert!(missing.is_empty(), "codes without a fixture under tests/rules/: {missing:?}");
}

#[test]
fn every_code_any_verb_emits_is_explained() {
    let mut codes = BTreeSet::new();
    for &code in Code::ALL {
        let (workspace, _copy) = fixture_workspace(code);
        codes.extend(emitted(&fixture_runs(&workspace)));
    }

    let tmp = tempfile::tempdir().unwrap();
    for example in ["fintech-ai-provider", "saas-ai-customer", "us-federal-sample"] {
        let dir = format!("examples/{example}");
        let report = tmp.path().join(format!("{example}.json"));
        let report = report.to_str().unwrap();
        let mut runs = vec![
            ("validate", run(&["validate", &dir, "--format", "json", "--as-of", AS_OF])),
            ("gap", run(&["gap", &dir, "--format", "json", "--as-of", AS_OF, "--output", report])),
            ("soa", run(&["soa", &dir, "--format", "json", "--as-of", AS_OF])),
            ("plan", run(&["plan", &dir, "--format", "json", "--as-of", AS_OF])),
            ("diff", run(&["diff", report, &dir, "--format", "json", "--as-of", AS_OF])),
        ];
        runs.push((
            "report",
            Run { json: serde_json::from_slice(&std::fs::read(report).unwrap()).ok(), stderr: String::new() },
        ));
        for framework in ["eu-ai-act", "nist-ai-rmf", "iso27001"] {
            runs.push((
                "crosswalk",
                run(&["crosswalk", &dir, "--framework", framework, "--format", "json", "--as-of", AS_OF]),
            ));
        }
        let found = emitted(&runs);
        assert!(!found.is_empty(), "{example}: no run emitted a code; is the JSON still parsed?");
        codes.extend(found);
    }

    for code in &codes {
        let output = aims(&["explain", code]);
        assert_eq!(
            output.status.code(),
            Some(0),
            "`aims explain {code}` fails: {}",
            String::from_utf8_lossy(&output.stderr)
        );
        assert!(String::from_utf8_lossy(&output.stdout).starts_with(&format!("{code}: ")), "{code}");
    }
}
