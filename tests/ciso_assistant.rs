//! The CISO Assistant round trip, through the real binary: `aims export ciso-assistant` read back by the rules of
//! CISO Assistant's audit import (written out again here, apart from aims' own code), and its audit export
//! (tests/fixtures/ciso-assistant/) imported into an assessment file that a workspace loads.

mod common;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Output;

use calamine::{Data, Reader};
use serde_json::Value;

use common::aims;

const EXAMPLE: &str = "examples/fintech-ai-provider";
const AS_OF: &str = "2026-11-30";
const FIXTURES: &str = "tests/fixtures/ciso-assistant";
const URN_PREFIX: &str = "urn:intuitem:risk:req_node:iso42001-2023:";
const RESULTS: [&str; 5] = ["compliant", "partially_compliant", "non_compliant", "not_applicable", "not_assessed"];
const PROGRESS: [&str; 4] = ["to_do", "in_progress", "in_review", "done"];

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

fn path(p: &Path) -> &str {
    p.to_str().unwrap()
}

/// The framework's nodes in order: ref_id and whether it is assessable.
fn nodes() -> Vec<(String, bool)> {
    let text = std::fs::read_to_string(Path::new(FIXTURES).join("iso42001-2023-nodes.csv")).unwrap();
    text.lines().skip(1).map(|l| l.split_once(',').unwrap()).map(|(r, a)| (r.to_string(), a == "true")).collect()
}

/// A table as its header and rows of cells; `assessable` cells of an XLSX file read as `bool:true`/`bool:false`
/// and other booleans the same way, so that a test can tell a boolean cell from text.
struct Table {
    header: Vec<String>,
    rows: Vec<Vec<String>>,
}

impl Table {
    fn col(&self, name: &str) -> Option<usize> {
        self.header.iter().position(|h| h == name)
    }

    fn cell<'a>(&'a self, row: &'a [String], name: &str) -> &'a str {
        self.col(name).and_then(|c| row.get(c)).map_or("", String::as_str)
    }
}

fn read_xlsx(bytes: Vec<u8>) -> Table {
    let mut book = calamine::Xlsx::new(std::io::Cursor::new(bytes)).unwrap();
    let range = book.worksheet_range_at(0).unwrap().unwrap();
    let mut rows = range.rows().map(|r| {
        r.iter()
            .map(|c| match c {
                Data::Bool(b) => format!("bool:{b}"),
                Data::Empty => String::new(),
                Data::String(s) => s.clone(),
                other => other.to_string(),
            })
            .collect::<Vec<_>>()
    });
    let header = rows.next().unwrap();
    Table { header, rows: rows.collect() }
}

fn read_csv(text: &str, delimiter: u8) -> Table {
    let mut reader =
        csv::ReaderBuilder::new().has_headers(false).delimiter(delimiter).flexible(true).from_reader(text.as_bytes());
    let mut rows = reader.records().map(|r| r.unwrap().iter().map(str::to_string).collect::<Vec<_>>());
    let header = rows.next().unwrap();
    Table { header, rows: rows.collect() }
}

/// Exports the example to `file` (its extension names the format) and returns the bytes.
fn export(dir: &Path, file: &str) -> Vec<u8> {
    let out = dir.join(file);
    let output = aims(&["export", "ciso-assistant", EXAMPLE, "--as-of", AS_OF, "--output", path(&out)]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    std::fs::read(out).unwrap()
}

/// The example's JSON report, requirement by ID.
fn report() -> BTreeMap<String, Value> {
    let output = aims(&["gap", EXAMPLE, "--as-of", AS_OF, "--format", "json"]);
    let report: Value = serde_json::from_slice(&output.stdout).unwrap();
    report["requirements"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| (r["id"].as_str().unwrap().to_string(), r.clone()))
        .collect()
}

/// What CISO Assistant's audit import would take from `table`, by its documented rules: rows whose `assessable`
/// cell is true, matched by `ref_id` (else `urn`) to an assessable node of the framework; per node, the non-empty
/// `compliance_result`, `requirement_progress`, `observations` and `score`. Panics on a row it would skip or could
/// not match, since a file made for it should have none.
fn as_ciso_assistant_imports(table: &Table, xlsx: bool) -> BTreeMap<String, BTreeMap<&'static str, String>> {
    for needed in ["urn", "assessable", "ref_id", "compliance_result", "requirement_progress", "observations"] {
        assert!(table.col(needed).is_some(), "no column {needed}: {:?}", table.header);
    }
    for absent in ["score", "implementation_score", "documentation_score"] {
        assert!(table.col(absent).is_none(), "a {absent} column would be read as a maturity level 0-5");
    }
    let assessable: Vec<String> = nodes().into_iter().filter(|(_, a)| *a).map(|(r, _)| r).collect();
    let mut imported = BTreeMap::new();
    for row in &table.rows {
        let truthy = table.cell(row, "assessable");
        if xlsx {
            assert_eq!(truthy, "bool:true", "the assessable cell is a boolean TRUE: {row:?}");
        } else {
            assert!(["true", "True", "TRUE"].contains(&truthy), "{row:?}");
        }
        let ref_id = table.cell(row, "ref_id");
        assert!(assessable.iter().any(|r| r == ref_id), "no assessable node {ref_id}");
        assert_eq!(table.cell(row, "urn"), format!("{URN_PREFIX}{}", ref_id.to_lowercase()));
        let result = table.cell(row, "compliance_result");
        assert!(RESULTS.contains(&result), "{ref_id}: {result}");
        let progress = table.cell(row, "requirement_progress");
        assert!(PROGRESS.contains(&progress), "{ref_id}: {progress}");
        let fields = BTreeMap::from([
            ("result", result.to_string()),
            ("status", progress.to_string()),
            ("observation", table.cell(row, "observations").to_string()),
        ]);
        assert!(imported.insert(ref_id.to_string(), fields).is_none(), "two rows for {ref_id}");
    }
    assert_eq!(imported.len(), assessable.len(), "every assessable node has its row");
    imported
}

/// The export's rows as its import reads them agree with aims' own report: each requirement's status, 6.1 the
/// least met of 6.1.1-6.1.4, and the findings in the observations.
fn check_against_report(imported: &BTreeMap<String, BTreeMap<&'static str, String>>) {
    let report = report();
    for (id, fields) in imported {
        if id == "6.1" {
            let parts: Vec<&str> =
                ["6.1.1", "6.1.2", "6.1.3", "6.1.4"].iter().map(|p| report[*p]["status"].as_str().unwrap()).collect();
            let worst = ["non_compliant", "partially_compliant", "not_assessed", "compliant", "not_applicable"]
                .into_iter()
                .find(|s| parts.contains(s))
                .unwrap();
            assert_eq!(fields["result"], worst, "{parts:?}");
            assert!(fields["observation"].contains("6.1.1"), "{}", fields["observation"]);
            continue;
        }
        let r = &report[id];
        assert_eq!(fields["result"], r["status"].as_str().unwrap(), "{id}");
        for finding in r["findings"].as_array().unwrap() {
            let code = finding["code"].as_str().unwrap();
            assert!(fields["observation"].contains(&format!("{code}: ")), "{id}: {code} not in the observations");
        }
        if r["status"] != "not_assessed"
            && r["systems"].as_array().unwrap().iter().all(|s| s["status"] != "not_assessed")
        {
            assert_eq!(fields["status"], "done", "{id}");
        }
    }
}

#[test]
fn the_xlsx_export_is_what_ciso_assistants_audit_import_reads() {
    let dir = tempfile::tempdir().unwrap();
    let bytes = export(dir.path(), "audit.xlsx");
    let table = read_xlsx(bytes.clone());
    assert_eq!(
        table.header,
        [
            "urn",
            "assessable",
            "ref_id",
            "name",
            "description",
            "compliance_result",
            "requirement_progress",
            "observations"
        ]
    );
    let imported = as_ciso_assistant_imports(&table, true);
    check_against_report(&imported);
    // The same assessment gives the same bytes: the workbook's date is the as-of date, not the clock's.
    assert_eq!(export(dir.path(), "again.xlsx"), bytes);
}

#[test]
fn the_csv_export_is_what_ciso_assistants_audit_import_reads() {
    let dir = tempfile::tempdir().unwrap();
    let bytes = export(dir.path(), "audit.csv");
    let text = String::from_utf8(bytes).unwrap();
    let text = text.strip_prefix('\u{feff}').expect("a byte-order mark, as its own CSV export has");
    assert!(text.starts_with("urn;assessable;ref_id;"), "{}", &text[..80]);
    let imported = as_ciso_assistant_imports(&read_csv(text, b';'), false);
    check_against_report(&imported);
}

/// The XLSX form of tests/fixtures/ciso-assistant/audit-export.csv, in the layout of its Excel export: the
/// `assessable` column second, as boolean cells, and `score` last, as numbers.
fn xlsx_export_fixture(to: &Path) {
    let text = std::fs::read_to_string(Path::new(FIXTURES).join("audit-export.csv")).unwrap();
    let table = read_csv(text.trim_start_matches('\u{feff}'), b';');
    let assessable: BTreeMap<String, bool> = nodes().into_iter().collect();
    let columns = [
        "urn",
        "assessable",
        "ref_id",
        "name",
        "description",
        "typical_evidence",
        "annotation",
        "compliance_result",
        "extended_result",
        "requirement_progress",
        "observations",
        "score",
    ];
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    for (c, name) in columns.iter().enumerate() {
        sheet.write_string(0, c as u16, *name).unwrap();
    }
    for (r, row) in table.rows.iter().enumerate() {
        let r = r as u32 + 1;
        for (c, name) in columns.iter().enumerate() {
            let c = c as u16;
            match *name {
                "assessable" => {
                    sheet.write_boolean(r, c, assessable[table.cell(row, "ref_id")]).unwrap();
                }
                "score" if !table.cell(row, "score").is_empty() => {
                    sheet.write_number(r, c, table.cell(row, "score").parse::<f64>().unwrap()).unwrap();
                }
                name => {
                    sheet.write_string(r, c, table.cell(row, name)).unwrap();
                }
            }
        }
    }
    book.save(to).unwrap();
}

/// Imports `file` into a copy of the example (its assessment replaced by the imported one) and returns the
/// stderr of the import and the JSON report of the copy.
fn import_into_workspace(file: &Path) -> (String, BTreeMap<String, Value>, String) {
    let dir = tempfile::tempdir().unwrap();
    let ws = dir.path().join("ws");
    common::copy_dir(Path::new(EXAMPLE), &ws);
    std::fs::remove_dir_all(ws.join("assessment")).unwrap();
    let out = dir.path().join("imported.yaml");
    let output = aims(&["import", "ciso-assistant", path(file), "--output", path(&out)]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let yaml = std::fs::read_to_string(&out).unwrap();
    std::fs::copy(&out, ws.join("assessment.yaml")).unwrap();
    let validate = aims(&["validate", path(&ws), "--as-of", AS_OF]);
    assert_eq!(validate.status.code(), Some(0), "{}\n{yaml}", stderr(&validate));
    let gap = aims(&["gap", path(&ws), "--as-of", AS_OF, "--format", "json"]);
    let report: Value = serde_json::from_slice(&gap.stdout).unwrap();
    let requirements =
        report["requirements"].as_array().unwrap().iter().map(|r| (r["id"].as_str().unwrap().to_string(), r.clone()));
    (stderr(&output), requirements.collect(), yaml)
}

/// What the export fixture says of each node that has a result.
fn fixture_results() -> BTreeMap<String, String> {
    let text = std::fs::read_to_string(Path::new(FIXTURES).join("audit-export.csv")).unwrap();
    let table = read_csv(text.trim_start_matches('\u{feff}'), b';');
    table
        .rows
        .iter()
        .filter(|row| !table.cell(row, "compliance_result").is_empty())
        .map(|row| (table.cell(row, "ref_id").to_string(), table.cell(row, "compliance_result").to_string()))
        .collect()
}

fn check_imported_export(stderr: &str, report: &BTreeMap<String, Value>, yaml: &str) {
    let results = fixture_results();
    assert_eq!(results.len(), 66, "67 assessable nodes, one without a result");
    for (id, result) in &results {
        let ids: Vec<String> =
            if id == "6.1" { (1..=4).map(|n| format!("6.1.{n}")).collect() } else { vec![id.clone()] };
        for id in ids {
            assert_eq!(report[&id]["declared"].as_str(), Some(result.as_str()), "{id}");
        }
    }
    // Never assessed there (no result): no entry here, so not assessed.
    assert_eq!(report["A.4.4"]["declared"], Value::Null);
    assert!(stderr.contains("69 requirements from 66 rows (6.1 copied to 6.1.1, 6.1.2, 6.1.3, 6.1.4)"), "{stderr}");
    assert!(stderr.contains("skipped 22 rows: 21 because"), "{stderr}");
    assert!(stderr.contains("1 because its `compliance_result` is empty"), "{stderr}");
    assert!(stderr.contains("the scores of 3 rows were not imported"), "{stderr}");
    assert!(!stderr.contains("warning"), "{stderr}");
    // The spread carries a note on each of the four, with 6.1's own observation.
    assert_eq!(yaml.matches("its result was copied to each of 6.1.1, 6.1.2, 6.1.3, 6.1.4").count(), 4);
    assert_eq!(yaml.matches("impact assessment method still in draft").count(), 4);
    // Text stays text: accents as written, a formula as a string, a line break inside a note.
    assert!(yaml.contains("Zoë Brontë-Müller; «validé»"), "{yaml}");
    assert!(yaml.contains(r#"=HYPERLINK(\"http://example.invalid\",\"policy\")""#), "{yaml}");
    assert!(yaml.contains(r"First audit planned;\nauditor: Łukasz Żółć"), "{yaml}");
    // A not_applicable row's observation is the justification aims asks for, so the exclusion stands.
    assert!(yaml.contains("justification: \"We do not run other management systems; excluded\""), "{yaml}");
    assert_eq!(report["A.2.3"]["status"], "not_applicable");
    // Progress short of done is kept in the notes.
    assert!(yaml.contains("CISO Assistant progress: in_review."), "{yaml}");
}

#[test]
fn its_csv_audit_export_imports_into_a_workspace() {
    let (stderr, report, yaml) = import_into_workspace(&Path::new(FIXTURES).join("audit-export.csv"));
    assert!(stderr.contains("read as CSV separated by `;`"), "{stderr}");
    check_imported_export(&stderr, &report, &yaml);
}

#[test]
fn its_xlsx_audit_export_imports_into_a_workspace() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("audit-export.xlsx");
    xlsx_export_fixture(&file);
    let (stderr, report, yaml) = import_into_workspace(&file);
    assert!(stderr.contains("read as XLSX"), "{stderr}");
    // With the assessable column, group rows are skipped for that cell rather than as groups.
    let stderr = stderr.replace("its `assessable` cell is not true", "it is a group of requirements, not assessable");
    check_imported_export(&stderr, &report, &yaml);
}

#[test]
fn what_aims_exports_imports_back_with_the_same_statuses() {
    let dir = tempfile::tempdir().unwrap();
    for file in ["audit.xlsx", "audit.csv"] {
        export(dir.path(), file);
        let out = dir.path().join(format!("{file}.yaml"));
        let output = aims(&["import", "ciso-assistant", path(&dir.path().join(file)), "-o", path(&out)]);
        assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
        assert!(stderr(&output).contains("70 requirements from 67 rows"), "{}", stderr(&output));
        let yaml = std::fs::read_to_string(&out).unwrap();
        let report = report();
        let sixty_one = ["6.1.1", "6.1.2", "6.1.3", "6.1.4"].map(|p| report[p]["status"].as_str().unwrap().to_string());
        for (id, r) in &report {
            let expected = if id.starts_with("6.1.") {
                ["non_compliant", "partially_compliant", "not_assessed", "compliant"]
                    .into_iter()
                    .find(|s| sixty_one.iter().any(|p| p == s))
                    .unwrap()
            } else {
                r["status"].as_str().unwrap()
            };
            assert!(
                yaml.contains(&format!("  - requirement: \"{id}\"\n    status: {expected}\n")),
                "{file}: {id} {expected}"
            );
        }
    }
}

#[test]
fn a_hand_edited_file_is_read_by_the_import_rules_and_every_odd_row_is_named() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("imported.yaml");
    let output = aims(&["import", "ciso-assistant", &format!("{FIXTURES}/hand-edited.csv"), "-o", path(&out)]);
    let err = stderr(&output);
    assert_eq!(output.status.code(), Some(0), "{err}");
    let yaml = std::fs::read_to_string(&out).unwrap();
    assert!(err.contains("read as CSV separated by `,`"), "{err}");
    // 4.1, 4.3, A.5.2 (by its URN) and 6.1 spread to four.
    assert!(err.contains("7 requirements from 4 rows"), "{err}");
    assert!(err.contains("skipped 2 rows: 2 because its `assessable` cell is not true"), "{err}");
    for expected in [
        "row 7 (A.6.2.9) skipped: aims has no requirement A.6.2.9",
        "row 8 (A.7.2) skipped: its `compliance_result` `mostly compliant` is not one of compliant, \
         partially_compliant, non_compliant, not_applicable, not_assessed",
        "row 9 (4.1) skipped: row 3 already gave 4.1",
        "row 11 skipped: it has neither a `ref_id` nor a `urn` of this framework",
    ] {
        assert!(err.contains(expected), "{expected}\n{err}");
    }
    assert_eq!(err.matches("warning").count(), 4, "{err}");
    assert!(yaml.contains("  - requirement: \"4.3\"\n    status: partially_compliant\n"), "{yaml}");
    assert!(yaml.contains("  - requirement: \"A.5.2\"\n    status: non_compliant\n"), "{yaml}");
    assert!(yaml.contains("  - requirement: \"6.1.4\"\n    status: not_assessed\n"), "{yaml}");
    assert!(!yaml.contains("\"4.2\""), "{yaml}");
}

#[test]
fn the_import_never_writes_over_its_input_or_a_workspace_file() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("audit.csv");
    std::fs::copy(Path::new(FIXTURES).join("audit-export.csv"), &input).unwrap();
    let before = std::fs::read(&input).unwrap();
    let output = aims(&["import", "ciso-assistant", path(&input), "-o", path(&input)]);
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr(&output).contains("it is the audit file being imported"), "{}", stderr(&output));
    assert_eq!(std::fs::read(&input).unwrap(), before);

    let ws = dir.path().join("ws");
    common::copy_dir(Path::new(EXAMPLE), &ws);
    for target in [ws.join("assessment.yaml"), ws.join("assessment/clauses.yaml"), ws.join("assessment/new.yaml")] {
        let existed = std::fs::read(&target).ok();
        let output = aims(&["import", "ciso-assistant", path(&input), "-o", path(&target)]);
        assert_eq!(output.status.code(), Some(2), "{}", target.display());
        assert!(stderr(&output).contains("refusing to write"), "{}", stderr(&output));
        assert_eq!(std::fs::read(&target).ok(), existed);
    }
}

#[test]
fn a_file_that_is_not_an_audit_export_is_refused_with_its_columns() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("inventory.csv");
    std::fs::write(&file, "Systeem;Omschrijving;Eigenaar\nChatbot;Klantvragen;Zoë\n").unwrap();
    let output = aims(&["import", "ciso-assistant", path(&file)]);
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).contains(
            "it has no `compliance_result` column, so it is not a CISO Assistant audit export (its \
             columns: systeem, omschrijving, eigenaar)"
        ),
        "{}",
        stderr(&output)
    );
    assert!(output.stdout.is_empty());
}

#[test]
fn an_unknown_output_extension_is_refused_before_anything_is_written() {
    let dir = tempfile::tempdir().unwrap();
    let out: PathBuf = dir.path().join("audit.ods");
    let output = aims(&["export", "ciso-assistant", EXAMPLE, "--as-of", AS_OF, "-o", path(&out)]);
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr(&output).contains("name the file .xlsx or .csv, or give --format"), "{}", stderr(&output));
    assert!(!out.exists());
}
