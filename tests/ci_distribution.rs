//! The ways aims is used in CI that live in this repository: the pre-commit hooks (`.pre-commit-hooks.yaml`) and the
//! composite GitHub Action (`action.yml`). Both files parse, and the commands they run exist and work on an example
//! workspace with the binary built for the tests. What needs the network (installing with cargo, uploading SARIF) is
//! checked for its shape only.
#![cfg(unix)]

mod common;

use std::collections::BTreeMap;
use std::path::Path;

use common::{aims_in, copy_dir, err};
use serde::Deserialize;

const EXAMPLE: &str = "examples/fintech-ai-provider";

#[derive(Deserialize)]
struct Hook {
    id: String,
    name: String,
    description: String,
    entry: String,
    language: String,
    pass_filenames: bool,
    files: String,
    #[serde(default)]
    args: Vec<String>,
}

#[derive(Deserialize)]
struct Action {
    name: String,
    description: String,
    inputs: BTreeMap<String, Input>,
    outputs: BTreeMap<String, Output>,
    runs: Runs,
}

#[derive(Deserialize)]
struct Input {
    description: String,
    default: String,
}

#[derive(Deserialize)]
struct Output {
    description: String,
    value: String,
}

#[derive(Deserialize)]
struct Runs {
    using: String,
    steps: Vec<Step>,
}

#[derive(Deserialize)]
struct Step {
    name: String,
    id: Option<String>,
    #[serde(rename = "if")]
    condition: Option<String>,
    shell: Option<String>,
    run: Option<String>,
    uses: Option<String>,
    #[serde(default)]
    env: BTreeMap<String, String>,
    #[serde(default)]
    with: BTreeMap<String, String>,
}

fn read<T: for<'de> Deserialize<'de>>(path: &str) -> T {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{path}: {e}"));
    serde_saphyr::from_str(&text).unwrap_or_else(|e| panic!("{path} does not parse: {e}"))
}

#[test]
fn the_pre_commit_hooks_run_aims_commands_that_work_on_an_example() {
    let hooks: Vec<Hook> = read(".pre-commit-hooks.yaml");
    let ids: Vec<&str> = hooks.iter().map(|h| h.id.as_str()).collect();
    assert_eq!(ids, ["aims-validate", "aims-gate"]);
    for hook in &hooks {
        assert!(!hook.name.is_empty() && !hook.description.is_empty() && !hook.files.is_empty(), "{}", hook.id);
        // pre-commit builds a `rust` hook with `cargo install` from this repository, which gives the `aims` binary.
        assert_eq!(hook.language, "rust", "{}", hook.id);
        assert!(!hook.pass_filenames, "{}: aims reads the whole workspace, not single files", hook.id);
        let mut words: Vec<&str> = hook.entry.split_whitespace().collect();
        assert_eq!(words.remove(0), "aims", "{}", hook.id);
        words.extend(hook.args.iter().map(String::as_str));
        // pre-commit runs the hook in the repository root: here, the example is the workspace at the root.
        let output = aims_in(Path::new(EXAMPLE), &words);
        let expected = if hook.id == "aims-gate" { [0, 1] } else { [0, 0] };
        assert!(
            expected.contains(&output.status.code().unwrap()),
            "{}: `aims {}` exited {:?}: {}",
            hook.id,
            words.join(" "),
            output.status,
            err(&output)
        );
    }
    // The gate hook does gate: the example has non-compliant requirements.
    let gate = hooks.iter().find(|h| h.id == "aims-gate").unwrap();
    let mut words: Vec<&str> = gate.entry.split_whitespace().skip(1).collect();
    words.extend(gate.args.iter().map(String::as_str));
    let output = aims_in(Path::new(EXAMPLE), &words);
    assert_eq!(output.status.code(), Some(1), "{}", err(&output));
    assert!(err(&output).contains("aims: gate failed"), "{}", err(&output));
}

/// A repository with the example workspace in `compliance/aims/`.
fn repository() -> tempfile::TempDir {
    let repo = tempfile::tempdir().unwrap();
    std::fs::create_dir(repo.path().join(".git")).unwrap();
    copy_dir(Path::new(EXAMPLE), &repo.path().join("compliance/aims"));
    repo
}

/// The value of `${{ inputs.NAME }}` and `${{ steps.gate.outputs.NAME }}` expressions in a step's env.
fn expand(value: &str, inputs: &BTreeMap<String, String>, outputs: &BTreeMap<String, String>) -> String {
    let expression = value.trim();
    let inner = expression.strip_prefix("${{").and_then(|v| v.strip_suffix("}}")).map(str::trim);
    match inner {
        Some(name) if name.starts_with("inputs.") => inputs[&name["inputs.".len()..]].clone(),
        Some(name) if name.starts_with("steps.gate.outputs.") => {
            outputs.get(&name["steps.gate.outputs.".len()..]).cloned().unwrap_or_default()
        }
        Some(other) => panic!("unexpected expression {other}"),
        None => value.to_string(),
    }
}

/// Runs one `run:` step as GitHub does (`bash -e -o pipefail`), with `aims` on PATH.
fn run_step(step: &Step, cwd: &Path, env: &BTreeMap<String, String>, github: &Path) -> std::process::Output {
    assert_eq!(step.shell.as_deref(), Some("bash"), "{}: composite steps name their shell", step.name);
    let binary = assert_cmd::cargo::cargo_bin("aims");
    let path = format!("{}:{}", binary.parent().unwrap().display(), std::env::var("PATH").unwrap_or_default());
    assert_cmd::Command::new("bash")
        .current_dir(cwd)
        .args(["--noprofile", "--norc", "-e", "-o", "pipefail", "-c", step.run.as_deref().unwrap()])
        .envs(env)
        .env("PATH", path)
        .env("NO_COLOR", "1")
        .env("GITHUB_OUTPUT", github.join("output"))
        .env("GITHUB_STEP_SUMMARY", github.join("summary"))
        .timeout(common::DEADLINE)
        .output()
        .unwrap()
}

/// `key=value` lines of a `$GITHUB_OUTPUT` file.
fn outputs(github: &Path) -> BTreeMap<String, String> {
    let text = std::fs::read_to_string(github.join("output")).unwrap_or_default();
    text.lines().filter_map(|l| l.split_once('=')).map(|(k, v)| (k.to_string(), v.to_string())).collect()
}

#[test]
fn the_github_action_installs_gates_writes_reports_and_uploads_sarif() {
    let action: Action = read("action.yml");
    assert!(!action.name.is_empty() && !action.description.is_empty());
    assert_eq!(action.runs.using, "composite");
    for (name, input) in &action.inputs {
        assert!(!input.description.is_empty(), "input {name}");
    }
    for (name, output) in &action.outputs {
        assert!(!output.description.is_empty() && output.value.contains("steps.gate.outputs."), "output {name}");
    }
    let step = |name: &str| action.runs.steps.iter().find(|s| s.name == name).unwrap_or_else(|| panic!("no {name}"));

    // Installs the aims of the action's own checkout: the version the workflow pins with `uses: ...@REF`.
    let install = step("Install aims").run.as_deref().unwrap();
    assert!(install.contains("cargo install --locked --path \"$GITHUB_ACTION_PATH\""), "{install}");

    // The gate runs against the example in a subfolder of a repository, with the defaults and a fixed date.
    let repo = repository();
    let github = tempfile::tempdir().unwrap();
    let mut inputs: BTreeMap<String, String> =
        action.inputs.iter().map(|(k, v)| (k.clone(), v.default.clone())).collect();
    inputs.insert("workspace".into(), "compliance/aims".into());
    inputs.insert("args".into(), format!("--as-of {}", common::AS_OF));
    let gate = step("Gap analysis");
    assert_eq!(gate.id.as_deref(), Some("gate"));
    let env: BTreeMap<String, String> =
        gate.env.iter().map(|(k, v)| (k.clone(), expand(v, &inputs, &BTreeMap::new()))).collect();
    let output = run_step(gate, repo.path(), &env, github.path());
    assert!(output.status.success(), "the gate step records the verdict and goes on: {}", err(&output));
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(stdout.contains("::error file=compliance/aims/"), "annotations from the repository root:\n{stdout}");
    let recorded = outputs(github.path());
    assert_eq!(recorded["exit-code"], "1", "the example fails the default gate (non_compliant)");
    assert_eq!(recorded["sarif"], "aims.sarif");
    let sarif = std::fs::read_to_string(repo.path().join("aims.sarif")).unwrap();
    assert!(sarif.contains("\"uri\": \"compliance/aims/"), "SARIF paths from the repository root");
    let junit = std::fs::read_to_string(repo.path().join("aims-junit.xml")).unwrap();
    assert!(junit.contains("file=\"compliance/aims/"), "JUnit paths from the repository root");
    let summary = std::fs::read_to_string(github.path().join("summary")).unwrap();
    assert!(summary.starts_with(&std::fs::read_to_string(repo.path().join("aims-report.md")).unwrap()));

    // The upload runs even though the gate failed, and only when there is a log to upload.
    let upload = step("Upload SARIF");
    assert!(upload.uses.as_deref().unwrap().starts_with("github/codeql-action/upload-sarif@"));
    let condition = upload.condition.as_deref().unwrap();
    assert!(condition.contains("always()") && condition.contains("steps.gate.outputs.sarif != ''"), "{condition}");
    assert_eq!(expand(&upload.with["sarif_file"], &inputs, &recorded), "aims.sarif");
    assert_eq!(expand(&upload.with["category"], &inputs, &recorded), "aims");

    // The last step turns the recorded exit code into the step's result.
    let verdict = step("Verdict");
    assert!(verdict.condition.as_deref().unwrap().contains("always()"));
    for (code, expected) in [("0", 0), ("1", 1), ("2", 2), ("", 2)] {
        let env = BTreeMap::from([("AIMS_EXIT_CODE".to_string(), code.to_string())]);
        assert_eq!(verdict.env["AIMS_EXIT_CODE"], "${{ steps.gate.outputs.exit-code }}");
        let output = run_step(verdict, repo.path(), &env, github.path());
        assert_eq!(output.status.code(), Some(expected), "exit code {code:?}");
    }

    // Empty report inputs write no report; extra arguments reach aims.
    let bare = repository();
    let github = tempfile::tempdir().unwrap();
    for name in ["sarif", "junit", "markdown", "fail-on"] {
        inputs.insert(name.into(), String::new());
    }
    inputs.insert("args".into(), format!("--as-of {} --exit-zero", common::AS_OF));
    let env: BTreeMap<String, String> =
        gate.env.iter().map(|(k, v)| (k.clone(), expand(v, &inputs, &BTreeMap::new()))).collect();
    let output = run_step(gate, bare.path(), &env, github.path());
    assert!(output.status.success(), "{}", err(&output));
    let recorded = outputs(github.path());
    assert_eq!((recorded["exit-code"].as_str(), recorded["sarif"].as_str()), ("0", ""));
    assert!(!bare.path().join("aims.sarif").exists());
}
