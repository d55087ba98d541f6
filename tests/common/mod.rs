//! Helpers shared by the integration tests: throwaway workspaces written from inline files.
#![allow(dead_code)]

pub mod html;
pub mod reference;

use std::path::Path;

use aims::assess::{Assessment, RequirementResult, assess};
use aims::catalogue::Catalogue;
use aims::date::Date;
use aims::diagnostic::Diagnostics;
use aims::load::load;
use aims::views::plan::Plan;
use aims::workspace::Workspace;

pub const AS_OF: &str = "2026-11-27";

/// The bundled example workspaces, each a path from the project root.
pub const EXAMPLES: [&str; 4] = [
    "examples/fintech-ai-provider",
    "examples/healthtech-provider",
    "examples/saas-ai-customer",
    "examples/us-federal-sample",
];

/// Runs the real `aims` binary without colour.
pub fn aims(args: &[&str]) -> std::process::Output {
    assert_cmd::Command::cargo_bin("aims").unwrap().args(args).env("NO_COLOR", "1").output().unwrap()
}

/// Copies a folder tree, e.g. an example workspace to change in a test.
pub fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}

pub const ORGANISATION: &str = "\
name: Test Org Ltd
aims_scope: All AI systems of the test organisation
ai_roles: [provider, customer]
";

/// A synthetic workspace of `systems` AI systems (`aims generate`) in a new temporary folder: the folder, to keep
/// while the test runs, and the workspace's path.
pub fn generated(systems: usize) -> (tempfile::TempDir, String) {
    let tmp = tempfile::tempdir().expect("temp dir");
    let dir = tmp.path().join("ws").to_str().unwrap().to_string();
    let output = aims(&["generate", &systems.to_string(), &dir]);
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    (tmp, dir)
}

/// Writes `files` (path, contents) into a new temporary folder.
pub fn workspace(files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    for (path, contents) in files {
        let full = dir.path().join(path);
        std::fs::create_dir_all(full.parent().unwrap()).unwrap();
        std::fs::write(full, contents).unwrap();
    }
    dir
}

pub fn as_of() -> Date {
    AS_OF.parse().unwrap()
}

/// Loads, assesses and plans `dir` as the documents do: the bundled catalogue, the workspace, its assessment and its
/// remediation plan; panics with the diagnostics if the workspace is invalid.
pub fn planned(dir: &Path) -> (Catalogue, Workspace, Assessment, Plan) {
    let catalogue = Catalogue::bundled().expect("bundled catalogue");
    let loaded = load(dir, &catalogue, as_of());
    let workspace = loaded.workspace.unwrap_or_else(|| panic!("invalid workspace: {:#?}", loaded.diagnostics));
    let assessment = assess(&catalogue, &workspace, as_of());
    let plan = aims::views::plan::build(&catalogue, &workspace, &assessment);
    (catalogue, workspace, assessment, plan)
}

/// Loads and assesses; panics with the diagnostics if the workspace is invalid.
pub fn assess_dir(dir: &Path) -> Assessment {
    let catalogue = Catalogue::bundled().expect("bundled catalogue");
    let loaded = load(dir, &catalogue, as_of());
    let workspace = loaded.workspace.unwrap_or_else(|| panic!("invalid workspace: {:#?}", loaded.diagnostics));
    assess(&catalogue, &workspace, as_of())
}

pub fn diagnostics(dir: &Path) -> Diagnostics {
    let catalogue = Catalogue::bundled().expect("bundled catalogue");
    load(dir, &catalogue, as_of()).diagnostics
}

pub fn requirement<'a>(a: &'a Assessment, id: &str) -> &'a RequirementResult {
    a.requirements.iter().find(|r| r.id == id).unwrap_or_else(|| panic!("no requirement {id}"))
}

pub fn codes(r: &RequirementResult) -> Vec<&'static str> {
    r.findings.iter().map(|f| f.code.as_str()).collect()
}

/// How long a run of the binary may take in the hostile-environment tests before it counts as a hang.
pub const DEADLINE: std::time::Duration = std::time::Duration::from_secs(60);

/// Runs `aims ARGS…` in `cwd` with [`DEADLINE`], failing the test on a hang or a panic (an exit code other than
/// 0, 1 or 2).
pub fn aims_in(cwd: &Path, args: &[&str]) -> std::process::Output {
    let started = std::time::Instant::now();
    let output = assert_cmd::Command::cargo_bin("aims")
        .unwrap()
        .current_dir(cwd)
        .args(args)
        .env("NO_COLOR", "1")
        .timeout(DEADLINE)
        .output()
        .unwrap();
    assert!(started.elapsed() < DEADLINE, "`aims {}` hung", args.join(" "));
    assert!(
        matches!(output.status.code(), Some(0..=2)),
        "`aims {}`: {:?} {}",
        args.join(" "),
        output.status,
        err(&output)
    );
    output
}

/// The standard error of a run, as text.
pub fn err(output: &std::process::Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// Runs `script` with `sh` in `cwd`, `$AIMS` naming the binary, with [`DEADLINE`].
#[cfg(unix)]
pub fn sh(cwd: &Path, script: &str) -> std::process::Output {
    let started = std::time::Instant::now();
    let output = assert_cmd::Command::new("sh")
        .current_dir(cwd)
        .args(["-c", script])
        .env("AIMS", assert_cmd::cargo::cargo_bin("aims"))
        .env("NO_COLOR", "1")
        .timeout(DEADLINE)
        .output()
        .unwrap();
    assert!(started.elapsed() < DEADLINE, "`{script}` hung");
    output
}

/// Makes a named pipe at `path`.
#[cfg(unix)]
pub fn mkfifo(path: &Path) {
    assert!(std::process::Command::new("mkfifo").arg(path).status().unwrap().success(), "mkfifo {}", path.display());
}

/// `n` with thousands separators, as the docs write numbers: 1000000 → `1,000,000` (the library's own formatting).
pub fn grouped(n: usize) -> String {
    aims::render::grouped(n)
}

/// The standard output of `aims ARGS`, which must exit 0 (the arguments and standard error otherwise).
pub fn stdout_ok(args: &[&str]) -> String {
    let output = aims(args);
    assert_eq!(output.status.code(), Some(0), "{args:?}: {}", String::from_utf8_lossy(&output.stderr));
    String::from_utf8(output.stdout).unwrap()
}

/// The CSV remediation plan of the workspace `dir` as of [`AS_OF`], one map per row by header.
pub fn plan_csv_rows(dir: &str) -> Vec<std::collections::BTreeMap<String, String>> {
    let csv = stdout_ok(&["plan", dir, "--as-of", AS_OF, "--format", "csv"]);
    let mut reader = csv::Reader::from_reader(csv.as_bytes());
    let header: Vec<String> = reader.headers().unwrap().iter().map(str::to_string).collect();
    reader.records().map(|r| header.iter().cloned().zip(r.unwrap().iter().map(str::to_string)).collect()).collect()
}

/// Each AI system's name by ID, from a JSON gap report.
pub fn system_names(report: &serde_json::Value) -> std::collections::BTreeMap<String, String> {
    report["systems"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| (s["id"].as_str().unwrap().to_string(), s["name"].as_str().unwrap().to_string()))
        .collect()
}

/// The JSON remediation plan of the workspace `dir` as of [`AS_OF`].
pub fn plan_json(dir: &str) -> serde_json::Value {
    serde_json::from_str(&stdout_ok(&["plan", dir, "--as-of", AS_OF, "--format", "json"])).unwrap()
}

/// Every action of a JSON plan, phase after phase.
pub fn plan_actions(plan: &serde_json::Value) -> Vec<serde_json::Value> {
    plan["phases"].as_array().unwrap().iter().flat_map(|p| p["actions"].as_array().unwrap().clone()).collect()
}

/// The one action of a JSON plan listed under `requirement` (fails when there are none or several).
pub fn only_action(plan: &serde_json::Value, requirement: &str) -> serde_json::Value {
    let found: Vec<_> = plan_actions(plan).into_iter().filter(|a| a["requirement"] == requirement).collect();
    assert_eq!(found.len(), 1, "{requirement}: {found:?}");
    found.into_iter().next().unwrap()
}

/// The one action of a JSON plan listed under `requirement` that other actions carry out (fails when there are none
/// or several): fintech's 8.3 has it beside its own decision on the residual risks.
pub fn carried_action(plan: &serde_json::Value, requirement: &str) -> serde_json::Value {
    let found: Vec<_> = plan_actions(plan)
        .into_iter()
        .filter(|a| a["requirement"] == requirement && a.get("carried_by").is_some())
        .collect();
    assert_eq!(found.len(), 1, "{requirement}: {found:?}");
    found.into_iter().next().unwrap()
}

/// A JSON array of strings as strings; empty for anything else.
pub fn strings(v: &serde_json::Value) -> Vec<String> {
    v.as_array().map_or_else(Vec::new, |a| a.iter().map(|x| x.as_str().unwrap().to_string()).collect())
}

/// A copy of the workspace `example` with `edit` applied to the file at `path` (relative to the workspace); fails
/// when the edit changes nothing.
pub fn edited_copy(example: &str, path: &str, edit: impl Fn(&str) -> String) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(Path::new(example), dir.path());
    let file = dir.path().join(path);
    let text = std::fs::read_to_string(&file).unwrap();
    let edited = edit(&text);
    assert_ne!(edited, text, "the edit changes {path}");
    std::fs::write(&file, edited).unwrap();
    dir
}
