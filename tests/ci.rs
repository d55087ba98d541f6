//! What CI consumers accept, tried as CI users would (issue 17): GitHub code scanning's limits on SARIF at
//! 10,000 systems, alert identities that survive fixing a neighbouring finding, paths from the repository root when
//! the workspace is a subfolder of it, and JUnit XML as GitLab, Jenkins and the GitHub reporters read it.

mod common;

use std::collections::BTreeSet;
use std::io::Write;
use std::path::Path;

use common::{AS_OF, aims, aims_in, copy_dir, err, workspace};
use serde_json::Value;

fn sarif_validator() -> jsonschema::Validator {
    let text = std::fs::read_to_string("tests/data/sarif-schema-2.1.0.json").unwrap();
    let schema: Value = serde_json::from_str(&text).unwrap();
    jsonschema::draft4::options().should_validate_formats(true).build(&schema).unwrap()
}

fn schema_errors(sarif: &Value) -> Vec<String> {
    sarif_validator().iter_errors(sarif).take(10).map(|e| format!("{e} at {}", e.instance_path())).collect()
}

fn gzip_size(bytes: &[u8]) -> usize {
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    encoder.write_all(bytes).unwrap();
    encoder.finish().unwrap().len()
}

fn results(sarif: &Value) -> &Vec<Value> {
    sarif["runs"][0]["results"].as_array().unwrap()
}

fn fingerprint(result: &Value) -> &str {
    result["partialFingerprints"]["aims/v2"].as_str().unwrap()
}

fn rank(level: &Value) -> usize {
    ["error", "warning", "note"].iter().position(|l| level == l).unwrap_or_else(|| panic!("level {level}"))
}

/// Every limit of GitHub's table (docs: "About code scanning limits on SARIF results"), written out here rather than
/// taken from the library, so that a change of the library's constants cannot loosen the test.
fn assert_within_github_limits(name: &str, text: &str, sarif: &Value) {
    let runs = sarif["runs"].as_array().unwrap();
    assert!(runs.len() <= 20, "{name}: runs per file");
    for run in runs {
        let results = run["results"].as_array().unwrap();
        assert!(results.len() <= 25_000, "{name}: {} results per run", results.len());
        let rules = run["tool"]["driver"]["rules"].as_array().unwrap();
        assert!(rules.len() <= 25_000, "{name}: rules per run");
        assert!(run["tool"]["extensions"].as_array().map_or(0, Vec::len) <= 100, "{name}: tool extensions");
        for rule in rules {
            assert!(rule["properties"]["tags"].as_array().map_or(0, Vec::len) <= 20, "{name}: tags of {}", rule["id"]);
        }
        for result in results {
            let locations = result["locations"].as_array().unwrap();
            assert!(!locations.is_empty() && locations.len() <= 1_000, "{name}: {} locations", locations.len());
            let flows: usize = result["codeFlows"]
                .as_array()
                .into_iter()
                .flatten()
                .flat_map(|c| c["threadFlows"].as_array().into_iter().flatten())
                .map(|t| t["locations"].as_array().map_or(0, Vec::len))
                .sum();
            assert!(flows <= 10_000, "{name}: thread-flow locations");
        }
        // The results code scanning keeps are the most severe: errors, then warnings, then notes.
        let levels: Vec<usize> = results.iter().map(|r| rank(&r["level"])).collect();
        assert!(levels.windows(2).all(|w| w[0] <= w[1]), "{name}: results are ordered by severity");
        let prints: BTreeSet<&str> = results.iter().map(fingerprint).collect();
        assert_eq!(prints.len(), results.len(), "{name}: every result has its own fingerprint");
    }
    assert!(gzip_size(text.as_bytes()) <= 10 * 1024 * 1024, "{name}: upload size after gzip");
}

#[test]
fn sarif_of_ten_thousand_systems_stays_within_every_github_limit_and_the_official_schema() {
    let dir = tempfile::tempdir().unwrap();
    let ws = dir.path().join("ws");
    let out = dir.path().join("aims.sarif");
    let generated = aims(&["generate", "10000", ws.to_str().unwrap()]);
    assert!(generated.status.success(), "{}", err(&generated));
    let run =
        aims(&["gap", ws.to_str().unwrap(), "--as-of", AS_OF, "--format", "sarif", "--output", out.to_str().unwrap()]);
    assert!(matches!(run.status.code(), Some(0 | 1)), "{}", err(&run));
    assert!(!err(&run).contains("warning"), "nothing had to be left out at 10,000 systems: {}", err(&run));
    let text = std::fs::read_to_string(&out).unwrap();
    let sarif: Value = serde_json::from_str(&text).unwrap();
    assert_within_github_limits("10,000 systems", &text, &sarif);
    assert_eq!(schema_errors(&sarif), Vec::<String>::new());

    // Every finding is there: one result each, or a location of its requirement and rule's group.
    let run = &sarif["runs"][0];
    let findings = run["properties"]["findings"].as_u64().unwrap() as usize;
    let results = results(&sarif);
    assert!(findings > 5_000, "the benchmark workspace has more findings ({findings}) than code scanning keeps");
    assert_eq!(run["properties"]["grouped"], true);
    assert_eq!(run["properties"]["capped"], false);
    assert!(results.len() <= 5_000, "all {} results are kept by code scanning", results.len());
    let covered: usize = results.iter().map(|r| r["properties"]["systems"].as_u64().map_or(1, |n| n as usize)).sum();
    assert_eq!(covered, findings);
    for r in results.iter().filter(|r| r["properties"]["systems"].is_u64()) {
        assert_eq!(r["locations"].as_array().unwrap().len() as u64, r["properties"]["systems"].as_u64().unwrap());
        assert!(fingerprint(r).contains(":*"), "a group is identified by rule and requirement: {}", fingerprint(r));
    }
    let notes = run["invocations"][0]["toolExecutionNotifications"].as_array().unwrap();
    assert!(notes.iter().any(|n| n["message"]["text"].as_str().unwrap().contains("grouped")), "{notes:?}");
    eprintln!(
        "10,000 systems: {findings} findings, {} results, {} bytes, {} bytes gzipped",
        results.len(),
        text.len(),
        gzip_size(text.as_bytes())
    );
}

/// `n` AI systems with no records at all: every per-system control is a gap for each.
fn systems_without_records(n: usize) -> tempfile::TempDir {
    let dir = workspace(&[("organisation.yaml", common::ORGANISATION)]);
    std::fs::create_dir(dir.path().join("systems")).unwrap();
    for i in 0..n {
        let text = format!(
            "id: s{i:04}\nname: System {i}\npurpose: Testing\nowner: Ops\nlifecycle_stage: operation\nai_role: provider\n"
        );
        std::fs::write(dir.path().join(format!("systems/s{i:04}.yaml")), text).unwrap();
    }
    dir
}

#[test]
fn more_systems_with_one_gap_than_a_result_may_list_is_said_in_the_run_and_on_stderr() {
    let dir = systems_without_records(1_001);
    let ws = dir.path().to_str().unwrap();
    let run = aims(&["gap", ws, "--as-of", AS_OF, "--format", "sarif"]);
    assert!(matches!(run.status.code(), Some(0 | 1)), "{}", err(&run));
    let text = String::from_utf8(run.stdout.clone()).unwrap();
    let sarif: Value = serde_json::from_str(&text).unwrap();
    assert_within_github_limits("1,001 systems", &text, &sarif);
    assert_eq!(sarif["runs"][0]["properties"]["capped"], true);
    let cut: Vec<&Value> = results(&sarif).iter().filter(|r| r["properties"]["systems"] == 1_001).collect();
    assert!(!cut.is_empty());
    for r in &cut {
        assert_eq!(r["locations"].as_array().unwrap().len(), 1_000);
        assert!(r["message"]["text"].as_str().unwrap().contains("1,001 AI systems"), "{}", r["message"]);
    }
    let notes = sarif["runs"][0]["invocations"][0]["toolExecutionNotifications"].as_array().unwrap();
    let warning = notes.iter().find(|n| n["level"] == "warning").expect("a warning notification");
    let said = warning["message"]["text"].as_str().unwrap();
    assert!(said.contains("list only the first 1,000 as locations"), "{said}");
    let stderr = err(&run);
    assert!(stderr.contains("aims: warning: SARIF: ") && stderr.contains("only the first 1,000"), "{stderr}");
    assert_eq!(schema_errors(&sarif), Vec::<String>::new());
}

const STALE_CONTEXT: &str = "requirements:
  - requirement: \"4.1\"
    status: compliant
    evidence:
      - file: evidence/context-a.md
        reviewed: A_REVIEWED
      - file: evidence/context-b.md
        reviewed: 2024-01-15
";

fn gap_sarif(dir: &Path) -> Value {
    let run = aims(&["gap", dir.to_str().unwrap(), "--as-of", AS_OF, "--format", "sarif"]);
    assert!(matches!(run.status.code(), Some(0 | 1)), "{}", err(&run));
    serde_json::from_str(&String::from_utf8(run.stdout).unwrap()).unwrap()
}

fn stale_fingerprints(sarif: &Value) -> Vec<String> {
    results(sarif).iter().filter(|r| r["ruleId"] == "evidence-stale").map(|r| fingerprint(r).to_string()).collect()
}

#[test]
fn fixing_one_of_two_stale_evidence_files_keeps_the_other_alerts_identity() {
    let dir = workspace(&[
        ("organisation.yaml", common::ORGANISATION),
        ("assessment.yaml", &STALE_CONTEXT.replace("A_REVIEWED", "2024-01-10")),
        ("evidence/context-a.md", "# Context analysis, part A\n"),
        ("evidence/context-b.md", "# Context analysis, part B\n"),
    ]);
    let before = stale_fingerprints(&gap_sarif(dir.path()));
    assert_eq!(before, ["evidence-stale:4.1:-:evidence/context-a.md", "evidence-stale:4.1:-:evidence/context-b.md"]);

    // context-a is reviewed again: its alert closes, context-b's stays the same alert (with its dismissal, if any).
    std::fs::write(dir.path().join("assessment.yaml"), STALE_CONTEXT.replace("A_REVIEWED", "2026-10-01")).unwrap();
    let after = stale_fingerprints(&gap_sarif(dir.path()));
    assert_eq!(after, ["evidence-stale:4.1:-:evidence/context-b.md"]);

    // Only findings alike in rule, requirement, system and file are told apart by an ordinal.
    let twice = STALE_CONTEXT.replace("A_REVIEWED", "2024-01-10").replace("context-a.md", "context-b.md");
    std::fs::write(dir.path().join("assessment.yaml"), twice).unwrap();
    let repeated = stale_fingerprints(&gap_sarif(dir.path()));
    assert_eq!(
        repeated,
        ["evidence-stale:4.1:-:evidence/context-b.md", "evidence-stale:4.1:-:evidence/context-b.md:2"]
    );
}

/// A repository (`.git` as a folder, or as a file in a worktree or submodule) with the SaaS example in
/// `compliance/aims/`.
fn repository(git_file: bool) -> tempfile::TempDir {
    let repo = tempfile::tempdir().unwrap();
    if git_file {
        std::fs::write(repo.path().join(".git"), "gitdir: /elsewhere/.git/worktrees/x\n").unwrap();
    } else {
        std::fs::create_dir(repo.path().join(".git")).unwrap();
    }
    copy_dir(Path::new("examples/saas-ai-customer"), &repo.path().join("compliance/aims"));
    repo
}

/// SARIF URIs, GitHub `file=` values and JUnit `file` attributes of one run of `aims gap` in `cwd`.
fn paths(cwd: &Path, dir: &str, extra: &[&str]) -> Vec<String> {
    let out = tempfile::tempdir().unwrap();
    let sarif = out.path().join("aims.sarif");
    let junit = out.path().join("aims.xml");
    let (s, j) = (format!("sarif={}", sarif.display()), format!("junit={}", junit.display()));
    let mut args = vec!["gap", dir, "--as-of", AS_OF, "--format", "github", "--report", &s, "--report", &j];
    args.extend(extra);
    let run = aims_in(cwd, &args);
    assert!(matches!(run.status.code(), Some(0 | 1)), "{}", err(&run));
    let mut found = Vec::new();
    let log: Value = serde_json::from_str(&std::fs::read_to_string(&sarif).unwrap()).unwrap();
    for r in results(&log) {
        for l in r["locations"].as_array().unwrap() {
            found.push(l["physicalLocation"]["artifactLocation"]["uri"].as_str().unwrap().to_string());
        }
    }
    for line in String::from_utf8(run.stdout).unwrap().lines() {
        if let Some(at) = line.split_once(" file=") {
            found.push(at.1.split([',', ':']).next().unwrap().to_string());
        }
    }
    let xml = std::fs::read_to_string(&junit).unwrap();
    let doc = roxmltree::Document::parse(&xml).unwrap();
    found.extend(doc.descendants().filter_map(|n| n.attribute("file")).map(str::to_string));
    assert!(found.len() > 20, "{found:?}");
    found
}

#[test]
fn a_workspace_in_a_subfolder_of_a_repository_gets_paths_from_the_repository_root() {
    for git_file in [false, true] {
        let repo = repository(git_file);
        let root = repo.path();
        // From the repository root, from the workspace itself, and from elsewhere with an absolute path.
        let absolute = root.join("compliance/aims");
        for (cwd, dir) in [
            (root.to_path_buf(), "compliance/aims"),
            (root.join("compliance/aims"), "."),
            (std::env::temp_dir(), absolute.to_str().unwrap()),
        ] {
            for path in paths(&cwd, dir, &[]) {
                assert!(path.starts_with("compliance/aims/"), "{path} (from {})", cwd.display());
                assert!(root.join(&path).is_file(), "{path} names a file of the repository");
            }
        }
        // --path-prefix overrides what was found; an empty one leaves paths relative to the workspace.
        for path in paths(root, "compliance/aims", &["--path-prefix", "elsewhere/ws"]) {
            assert!(path.starts_with("elsewhere/ws/"), "{path}");
        }
        for path in paths(root, "compliance/aims", &["--path-prefix", ""]) {
            assert!(!path.starts_with("compliance/"), "{path}");
            assert!(root.join("compliance/aims").join(&path).is_file(), "{path}");
        }
    }
    // The workspace at the root of its repository, or in no repository: paths relative to the workspace.
    let at_root = tempfile::tempdir().unwrap();
    copy_dir(Path::new("examples/saas-ai-customer"), at_root.path());
    for path in paths(at_root.path(), ".", &[]) {
        assert!(at_root.path().join(&path).is_file(), "{path}");
    }
    std::fs::create_dir(at_root.path().join(".git")).unwrap();
    for path in paths(at_root.path(), ".", &[]) {
        assert!(at_root.path().join(&path).is_file(), "{path}");
    }
}

#[test]
fn junit_is_what_gitlab_jenkins_and_the_github_reporters_read() {
    let repo = repository(false);
    for example in [
        "examples/saas-ai-customer",
        "examples/fintech-ai-provider",
        "examples/us-federal-sample",
        "examples/healthtech-provider",
    ] {
        let ws = repo.path().join("compliance").join(Path::new(example).file_name().unwrap());
        copy_dir(Path::new(example), &ws);
        let run = aims(&["gap", ws.to_str().unwrap(), "--as-of", AS_OF, "--format", "junit"]);
        assert!(matches!(run.status.code(), Some(0 | 1)), "{}", err(&run));
        let xml = String::from_utf8(run.stdout).unwrap();
        // No control character other than the line breaks between elements, in any reader's encoding.
        assert!(xml.chars().all(|c| c == '\n' || !c.is_control()), "{example}: a control character");
        assert!(xml.starts_with("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites "), "{example}");
        let doc = roxmltree::Document::parse(&xml).unwrap();
        let root = doc.root_element();
        assert_eq!(root.tag_name().name(), "testsuites");
        let mut names = BTreeSet::new();
        let mut suites = BTreeSet::new();
        for node in doc.descendants().filter(|n| n.is_element()) {
            let tag = node.tag_name().name();
            if ["testsuites", "testsuite", "testcase"].contains(&tag) {
                // Every reader accepts `time` in seconds; GitLab and Jenkins sum it.
                let time = node.attribute("time").unwrap_or_else(|| panic!("{example}: {tag} without time"));
                assert!(time.parse::<f64>().is_ok(), "{example}: time {time}");
            }
            if ["testsuites", "testsuite"].contains(&tag) {
                for a in ["name", "tests", "failures", "errors", "skipped"] {
                    assert!(node.attribute(a).is_some(), "{example}: {tag} without {a}");
                }
            }
            if tag == "testsuite" {
                assert!(suites.insert(node.attribute("name").unwrap()), "{example}: two suites of one name");
            }
            if tag == "testcase" {
                let key = (node.attribute("classname").unwrap(), node.attribute("name").unwrap());
                // Jenkins and the GitHub reporters key results by class and name: a repeat would merge two cases.
                assert!(names.insert(key), "{example}: two test cases named {key:?}");
                if let Some(file) = node.attribute("file") {
                    assert!(repo.path().join(file).is_file(), "{example}: file={file} from the repository root");
                    assert!(file.starts_with("compliance/"), "{file}");
                }
                if let Some(line) = node.attribute("line") {
                    assert!(line.parse::<u32>().is_ok_and(|l| l > 0), "{example}: line={line}");
                }
                let outcomes = node.children().filter(|c| c.is_element()).count();
                assert!(outcomes <= 1, "{example}: one outcome per case");
            }
        }
        assert!(names.len() > 50, "{example}");
    }
}
