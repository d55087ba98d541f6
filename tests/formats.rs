//! The CI formats (SARIF, JUnit XML, GitHub annotations, CSV), from the real binary on the example workspaces: each
//! parses with a reader of its kind, agrees with the JSON report, and stays stable where CI depends on it.

mod common;

use common::{aims, copy_dir};

use std::path::Path;

use serde_json::Value;

const EXAMPLES: [&str; 3] =
    ["examples/saas-ai-customer", "examples/fintech-ai-provider", "examples/healthtech-provider"];

/// Accepted gaps (one for one system, one for a whole requirement, with text that needs escaping in every format),
/// an expired waiver and a gate, added to a copy of the SaaS example.
const WAIVERS: &str = r#"
[gate]
fail_under = 70
fail_on = ["non_compliant"]

[[waiver]]
requirement = "A.5.3"
system = "code-assistant"
reason = "Vendor's assessment due: \"DPA\" 100% signed, then <review> & sign-off"
owner = "CTO"
expires = 2027-03-31

[[waiver]]
requirement = "A.7.3"
reason = "=HYPERLINK(\"x\"), data sourcing rolls out in Q1"
owner = "Head of Data"
expires = 2027-01-31

[[waiver]]
requirement = "10.1"
reason = "Improvement process starts next year"
owner = "COO"
expires = 2026-01-31
"#;

/// `aims gap DIR --format FORMAT` with paths relative to the workspace (`--path-prefix ""`), so that the output does
/// not depend on whether the examples sit in a git checkout.
fn gap(dir: &Path, format: &str) -> String {
    let output =
        aims(&["gap", dir.to_str().unwrap(), "--format", format, "--as-of", common::AS_OF, "--path-prefix", ""]);
    assert!(
        matches!(output.status.code(), Some(0 | 1)),
        "aims gap {} --format {format}: {}",
        dir.display(),
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).unwrap()
}

fn json(dir: &Path) -> Value {
    serde_json::from_str(&gap(dir, "json")).unwrap()
}

/// A copy of an example in a temporary folder, for tests that change it.
fn copy_of(example: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(Path::new(example), dir.path());
    dir
}

fn with_waivers() -> tempfile::TempDir {
    let dir = copy_of("examples/saas-ai-customer");
    let toml = dir.path().join("aims.toml");
    let mut text = std::fs::read_to_string(&toml).unwrap();
    text.push_str(WAIVERS);
    std::fs::write(&toml, text).unwrap();
    dir
}

fn requirements(report: &Value) -> &Vec<Value> {
    report["requirements"].as_array().unwrap()
}

fn is_gap(status: &Value) -> bool {
    matches!(status.as_str(), Some("partially_compliant" | "non_compliant" | "not_assessed"))
}

// ----- SARIF -----------------------------------------------------------------------------------------------------

fn sarif_validator() -> jsonschema::Validator {
    let text = std::fs::read_to_string("tests/data/sarif-schema-2.1.0.json").unwrap();
    let schema: Value = serde_json::from_str(&text).unwrap();
    jsonschema::draft4::options().should_validate_formats(true).build(&schema).unwrap()
}

fn fingerprints(sarif: &Value) -> Vec<String> {
    sarif["runs"][0]["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["partialFingerprints"]["aims/v2"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn sarif_validates_against_the_official_schema_and_has_a_result_per_finding() {
    let validator = sarif_validator();
    let waived = with_waivers();
    for dir in EXAMPLES.iter().map(Path::new).chain([waived.path()]) {
        let text = gap(dir, "sarif");
        let sarif: Value = serde_json::from_str(&text).unwrap();
        let errors: Vec<String> =
            validator.iter_errors(&sarif).map(|e| format!("{e} at {}", e.instance_path())).collect();
        assert!(errors.is_empty(), "{}: {errors:#?}", dir.display());
        // The validator does reject what the schema forbids.
        let mut broken = sarif.clone();
        broken["runs"][0]["results"][0]["level"] = "fatal".into();
        broken["runs"][0]["tool"]["driver"]["rules"][0]["surprise"] = true.into();
        assert_eq!(validator.iter_errors(&broken).count(), 2);

        let report = json(dir);
        let run = &sarif["runs"][0];
        assert_eq!(run["tool"]["driver"]["version"], env!("CARGO_PKG_VERSION"));
        let rules = run["tool"]["driver"]["rules"].as_array().unwrap();
        let results = run["results"].as_array().unwrap();
        assert_eq!(results.len() as u64, report["summary"]["findings"].as_u64().unwrap());
        for id in requirements(&report).iter().map(|r| &r["id"]) {
            assert!(rules.iter().any(|rule| &rule["id"] == id), "no rule for requirement {id}");
        }
        for result in results {
            let index = result["ruleIndex"].as_u64().unwrap() as usize;
            assert_eq!(rules[index]["id"], result["ruleId"], "ruleIndex points at the rule named by ruleId");
            assert!(result["properties"]["requirement"].is_string());
            let location = &result["locations"][0]["physicalLocation"]["artifactLocation"];
            assert!(!location["uri"].as_str().unwrap().starts_with('/'), "URIs are workspace-relative");
            assert_eq!(location["uriBaseId"], "%SRCROOT%");
        }
        let mut unique = fingerprints(&sarif);
        unique.sort();
        unique.dedup();
        assert_eq!(unique.len(), results.len(), "{}: every result has its own fingerprint", dir.display());
    }
}

#[test]
fn sarif_marks_waived_gaps_as_suppressed_notes_with_the_waiver_reason() {
    let dir = with_waivers();
    let sarif: Value = serde_json::from_str(&gap(dir.path(), "sarif")).unwrap();
    let results = sarif["runs"][0]["results"].as_array().unwrap();
    let find = |code: &str, requirement: &str| {
        results
            .iter()
            .find(|r| r["ruleId"] == code && r["properties"]["requirement"] == requirement)
            .unwrap_or_else(|| panic!("no {code} result for {requirement}"))
    };
    let per_system = find("system-impact-assessment-missing", "A.5.3");
    assert_eq!(per_system["level"], "note");
    assert_eq!(per_system["suppressions"][0]["kind"], "external");
    let justification = per_system["suppressions"][0]["justification"].as_str().unwrap();
    assert!(
        justification.contains("Vendor's assessment due") && justification.contains("2027-03-31"),
        "{justification}"
    );
    // The organisation-level gap of A.5.3 is not waived, so it stays an error.
    assert_eq!(find("gap-declared", "A.5.3")["level"], "error");
    assert!(find("gap-declared", "A.5.3").get("suppressions").is_none());
    assert_eq!(find("exclusion-unjustified", "A.7.3")["level"], "note");
    // An expired waiver accepts nothing and fails the gate.
    assert_eq!(find("waiver-expired", "10.1")["level"], "error");
    assert_eq!(sarif["runs"][0]["properties"]["gate"]["passed"], false);
}

#[test]
fn sarif_fingerprints_are_stable_across_runs_and_line_shifts() {
    for example in EXAMPLES {
        let first: Value = serde_json::from_str(&gap(Path::new(example), "sarif")).unwrap();
        let second: Value = serde_json::from_str(&gap(Path::new(example), "sarif")).unwrap();
        assert_eq!(fingerprints(&first), fingerprints(&second));

        // The same workspace with every assessment and system file one line longer at the top.
        let shifted = copy_of(example);
        let mut files = 0;
        for sub in ["", "assessment", "systems"] {
            let Ok(entries) = std::fs::read_dir(shifted.path().join(sub)) else { continue };
            for entry in entries {
                let path = entry.unwrap().path();
                if path.extension().is_some_and(|e| e == "yaml") {
                    let text = std::fs::read_to_string(&path).unwrap();
                    std::fs::write(&path, format!("# a comment added by a reviewer\n{text}")).unwrap();
                    files += 1;
                }
            }
        }
        assert!(files > 1);
        let moved: Value = serde_json::from_str(&gap(shifted.path(), "sarif")).unwrap();
        assert_eq!(fingerprints(&first), fingerprints(&moved), "{example}: fingerprints must not depend on lines");
        let line =
            |v: &Value| v["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["region"]["startLine"].clone();
        assert_ne!(line(&first), line(&moved), "{example}: the shift did move the results");
    }
}

// ----- JUnit -----------------------------------------------------------------------------------------------------

/// Test cases, failures and skipped tests the JSON report implies: one case per requirement and per in-scope system
/// of a per-system requirement; a gap fails unless waived; waived gaps and non-applicable ones are skipped.
fn expected_junit_counts(report: &Value) -> (usize, usize, usize) {
    let (mut tests, mut failures, mut skipped) = (0, 0, 0);
    let mut count = |status: &Value, waived: bool| {
        tests += 1;
        if status == "not_applicable" || (is_gap(status) && waived) {
            skipped += 1;
        } else if is_gap(status) {
            failures += 1;
        }
    };
    for r in requirements(report) {
        count(&r["status"], r["waived"] == true);
        for s in r["systems"].as_array().unwrap() {
            count(&s["status"], s["waived"] == true);
        }
    }
    (tests, failures, skipped)
}

fn attr_count(node: roxmltree::Node, name: &str) -> usize {
    node.attribute(name).unwrap_or_else(|| panic!("<{}> lacks {name}", node.tag_name().name())).parse().unwrap()
}

#[test]
fn junit_parses_as_xml_and_counts_agree_with_the_json_report() {
    let waived = with_waivers();
    for dir in EXAMPLES.iter().map(Path::new).chain([waived.path()]) {
        let text = gap(dir, "junit");
        let doc = roxmltree::Document::parse(&text).unwrap_or_else(|e| panic!("{}: {e}", dir.display()));
        let root = doc.root_element();
        assert_eq!(root.tag_name().name(), "testsuites");
        assert_eq!(root.attribute("name"), Some("aims"));

        let cases: Vec<_> = root.descendants().filter(|n| n.has_tag_name("testcase")).collect();
        let failed = cases.iter().filter(|c| c.children().any(|n| n.has_tag_name("failure"))).count();
        let skipped = cases.iter().filter(|c| c.children().any(|n| n.has_tag_name("skipped"))).count();
        let expected = expected_junit_counts(&json(dir));
        assert_eq!((cases.len(), failed, skipped), expected, "{}", dir.display());
        assert_eq!((attr_count(root, "tests"), attr_count(root, "failures"), attr_count(root, "skipped")), expected);

        let report = json(dir);
        let suites: Vec<_> = root.children().filter(|n| n.is_element()).collect();
        assert_eq!(suites.len(), report["groups"].as_array().unwrap().len(), "one suite per group");
        for suite in suites {
            assert_eq!(suite.tag_name().name(), "testsuite");
            let cases: Vec<_> = suite.children().filter(|n| n.has_tag_name("testcase")).collect();
            assert_eq!(attr_count(suite, "tests"), cases.len());
            let failures = cases.iter().filter(|c| c.children().any(|n| n.has_tag_name("failure"))).count();
            assert_eq!(attr_count(suite, "failures"), failures);
            for case in cases {
                assert!(case.attribute("classname").unwrap().starts_with("aims."));
                // Only the attributes GitLab, Jenkins and the GitHub reporters know (`file` and `line` point the
                // GitHub reporters' annotations at the gap; GitLab shows `file`; Jenkins ignores both).
                for a in case.attributes() {
                    assert!(
                        ["classname", "name", "time", "file", "line"].contains(&a.name()),
                        "unexpected attribute {}",
                        a.name()
                    );
                }
            }
        }
    }
}

#[test]
fn junit_skips_waived_gaps_with_reason_and_expiry() {
    let dir = with_waivers();
    let text = gap(dir.path(), "junit");
    let doc = roxmltree::Document::parse(&text).unwrap();
    let skipped = |name: &str| {
        let case = doc
            .descendants()
            .find(|n| n.has_tag_name("testcase") && n.attribute("name") == Some(name))
            .unwrap_or_else(|| panic!("no test case {name}"));
        case.children().find(|n| n.has_tag_name("skipped")).and_then(|n| n.attribute("message")).map(str::to_string)
    };
    let system = skipped("A.5.3 Documentation of AI system impact assessments [code-assistant]").unwrap();
    assert!(
        system.starts_with(
            "waived: Vendor's assessment due: \"DPA\" 100% signed, then <review> & sign-off, expires 2027-03-31"
        ),
        "{system}"
    );
    let whole = skipped("A.7.3 Acquisition of data").unwrap();
    assert!(whole.contains("waived:") && whole.contains("expires 2027-01-31"), "{whole}");
    assert_eq!(
        skipped("A.5.3 Documentation of AI system impact assessments"),
        None,
        "the requirement itself still fails"
    );
}

// ----- GitHub annotations ------------------------------------------------------------------------------------------

#[test]
fn github_annotations_are_one_command_per_finding_and_a_summary() {
    let waived = with_waivers();
    for dir in EXAMPLES.iter().map(Path::new).chain([waived.path()]) {
        let text = gap(dir, "github");
        let report = json(dir);
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines.len() as u64, report["summary"]["findings"].as_u64().unwrap() + 1);
        for line in &lines {
            assert!(
                line.starts_with("::error ") || line.starts_with("::warning ") || line.starts_with("::notice "),
                "{line}"
            );
            let (properties, _) = line.split_once("::").map(|(_, rest)| rest.split_once("::").unwrap()).unwrap();
            assert!(properties.contains("title="), "{line}");
        }
        let summary = lines.last().unwrap();
        assert!(summary.starts_with("::notice title=aims::"), "{summary}");
        let score = report["summary"]["score"].as_f64().unwrap();
        assert!(summary.contains(&format!("score {score:.1}%25")), "{summary}");
    }
    let text = gap(waived.path(), "github");
    assert!(text.lines().last().unwrap().contains("Gate failed ("), "the gate's verdict is in the summary");
    let notice = text.lines().find(|l| l.contains("[code-assistant] (system-impact-assessment-missing)")).unwrap();
    assert!(notice.starts_with("::notice file=systems/code-assistant.yaml,line=2,title=A.5.3 "), "{notice}");
    assert!(notice.contains("Waived: Vendor's assessment due: \"DPA\" 100%25 signed"), "{notice}");
    let not_assessed = text.lines().find(|l| l.contains("(not-assessed)::")).unwrap();
    assert!(not_assessed.starts_with("::warning title=10.1 "), "no location, no file property: {not_assessed}");
}

// ----- CSV ---------------------------------------------------------------------------------------------------------

#[test]
fn csv_parses_back_with_one_row_per_requirement() {
    let waived = with_waivers();
    for dir in EXAMPLES.iter().map(Path::new).chain([waived.path()]) {
        let text = gap(dir, "csv");
        assert!(!text.starts_with('\u{feff}'), "no byte-order mark");
        assert!(!text.contains('\r'), "LF line endings");
        let rows: Vec<csv::StringRecord> = csv::ReaderBuilder::new()
            .has_headers(false)
            .from_reader(text.as_bytes())
            .records()
            .collect::<Result<_, _>>()
            .unwrap();
        assert_eq!(rows.len(), 71, "header and 70 requirements");
        let header: Vec<&str> = rows[0].iter().collect();
        assert_eq!(
            header,
            [
                "ref_id",
                "name",
                "kind",
                "group",
                "result",
                "score",
                "waived",
                "applicability",
                "justification",
                "owner",
                "evidence",
                "findings",
                "next_action",
                "due_date",
                "systems_short",
                "systems_summary"
            ]
        );
        let report = json(dir);
        for (row, r) in rows[1..].iter().zip(requirements(&report)) {
            assert_eq!(&row[0], r["id"].as_str().unwrap());
            assert_eq!(&row[4], r["status"].as_str().unwrap());
            assert_eq!(&row[6], if r["waived"] == true { "true" } else { "false" });
            let findings = r["findings"].as_array().unwrap().len();
            assert_eq!(if row[11].is_empty() { 0 } else { row[11].lines().count() }, findings, "{}", &row[0]);
            for cell in row.iter() {
                assert!(!cell.starts_with(['=', '+', '-', '@']), "formula-looking cell {cell:?}");
            }
        }
    }
}

#[test]
fn csv_systems_short_lists_only_the_systems_that_fall_short() {
    let mut met_systems_left_out = 0;
    for dir in EXAMPLES.iter().map(Path::new) {
        let text = gap(dir, "csv");
        let rows: Vec<csv::StringRecord> =
            csv::Reader::from_reader(text.as_bytes()).records().collect::<Result<_, _>>().unwrap();
        let report = json(dir);
        for (row, r) in rows.iter().zip(requirements(&report)) {
            let systems = r["systems"].as_array().unwrap();
            let short: Vec<&str> =
                systems.iter().filter(|s| is_gap(&s["status"])).map(|s| s["system"].as_str().unwrap()).collect();
            let listed: Vec<&str> = if row[14].is_empty() {
                vec![]
            } else {
                row[14].split("; ").map(|s| s.split(':').next().unwrap()).collect()
            };
            assert_eq!(listed, short, "{}", &row[0]);
            met_systems_left_out += systems.len() - short.len();
        }
    }
    assert!(met_systems_left_out > 0, "the examples have systems that meet a per-system requirement");
}

// ----- all formats -------------------------------------------------------------------------------------------------

#[test]
fn every_format_is_byte_identical_across_runs() {
    for example in EXAMPLES {
        for format in ["sarif", "junit", "github", "csv"] {
            assert_eq!(gap(Path::new(example), format), gap(Path::new(example), format), "{example} {format}");
        }
    }
}

#[test]
fn the_documented_ci_command_writes_sarif_and_prints_annotations() {
    let dir = with_waivers();
    let out = tempfile::tempdir().unwrap();
    let sarif = out.path().join("aims.sarif");
    let ws = dir.path().to_str().unwrap();
    let report = format!("sarif={}", sarif.display());
    let args =
        ["gap", ws, "--fail-on", "non_compliant", "--fail-under", "70", "--report", &report, "--format", "github"];
    let output = aims(&[&args[..], &["--as-of", common::AS_OF]].concat());
    assert_eq!(output.status.code(), Some(1), "the gate fails");
    assert!(String::from_utf8(output.stdout).unwrap().starts_with("::"));
    let written = std::fs::read_to_string(&sarif).unwrap();
    assert_eq!(written, gap(dir.path(), "sarif"), "the SARIF report is written even when the gate fails");
}

#[test]
fn one_example_per_format_matches_its_snapshot() {
    let waived = with_waivers();
    insta::assert_snapshot!("fintech-ai-provider.sarif", gap(Path::new("examples/fintech-ai-provider"), "sarif"));
    insta::assert_snapshot!("saas-ai-customer.junit.xml", gap(Path::new("examples/saas-ai-customer"), "junit"));
    insta::assert_snapshot!("saas-ai-customer-waived.github", gap(waived.path(), "github"));
    insta::assert_snapshot!("saas-ai-customer.csv", gap(Path::new("examples/saas-ai-customer"), "csv"));
}

#[test]
fn the_json_report_serialised_on_all_cores_is_serde_jsons_pretty_printing() {
    let generated = tempfile::tempdir().unwrap();
    let catalogue = aims::catalogue::Catalogue::bundled().unwrap();
    aims::generate::generate(&catalogue, generated.path(), 600, 7).unwrap();
    let dirs = [EXAMPLES[0], EXAMPLES[1], EXAMPLES[2], "examples/us-federal-sample"].map(Path::new);
    for dir in dirs.into_iter().chain([generated.path()]) {
        // With each requirement's planned work, as `aims gap` writes it.
        let (_, _, mut a, plan) = common::planned(dir);
        aims::views::plan::attach(&plan, &mut a);
        let report = aims::render::report_json(&aims::assess::Report::new(&a, None));
        assert_eq!(report, aims::render::json(&aims::assess::Report::new(&a, None)), "{}", dir.display());
        assert_eq!(report.as_bytes(), gap(dir, "json").as_bytes(), "{}", dir.display());
    }
}

#[test]
fn the_markdown_report_shows_no_eu_ai_act_section_or_priority_the_json_report_lacks() {
    for dir in [EXAMPLES[0], EXAMPLES[1], EXAMPLES[2], "examples/us-federal-sample"].map(Path::new) {
        let json: serde_json::Value = serde_json::from_str(&gap(dir, "json")).unwrap();
        // The practitioner's voice names systems by ID (the client's names them by name).
        let output = aims(&["gap", dir.to_str().unwrap(), "--as-of", common::AS_OF, "--audience", "practitioner"]);
        let markdown = String::from_utf8(output.stdout).unwrap();
        let eu = &json["eu_ai_act"];
        let section = markdown.split("\n## EU AI Act\n").nth(1).map(|rest| rest.split("\n## ").next().unwrap());
        assert_eq!(eu.is_null(), section.is_none(), "{}: EU AI Act section in one format only", dir.display());
        if let Some(section) = section {
            for system in eu["systems"].as_array().unwrap() {
                let id = system["id"].as_str().unwrap();
                assert!(section.contains(&format!("`{id}`")), "{}: {id} missing from the Markdown", dir.display());
                let card = format!("### EU AI Act card: `{id}`");
                assert_eq!(system["card"] == true, section.contains(&card), "{}: card of {id}", dir.display());
            }
        }
        // "Most important gaps" lists the first ten of the JSON's priorities, in that order.
        let listed: Vec<&str> = markdown
            .lines()
            .skip_while(|l| *l != "### Most important gaps")
            .filter_map(|l| l.split_once(". **").map(|(_, rest)| rest.split(' ').next().unwrap()))
            .collect();
        let priorities: Vec<&str> =
            json["summary"]["priorities"].as_array().unwrap().iter().take(10).map(|v| v.as_str().unwrap()).collect();
        assert_eq!(&listed[..priorities.len()], &priorities[..], "{}", dir.display());
    }
}
