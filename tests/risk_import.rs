//! `aims import risks`: a consultant's risk-register spreadsheet into the AI risk register of a workspace, checked on
//! the way in. The round trips import the same register as CSV and as an .xlsx workbook (written here, with real
//! date and number cells) into a copy of the fintech example, then validate it and find the risks in the JSON report.

mod common;

use std::path::{Path, PathBuf};
use std::process::Output;

use common::{AS_OF, aims, copy_dir};
use serde_json::Value;

const REGISTER: &str = "tests/data/import/risk-register.csv";
const BROKEN: &str = "tests/data/import/risk-register-broken.csv";
const MAPPING: &str = "tests/data/import/risk-register.toml";

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

fn p(path: &Path) -> &str {
    path.to_str().unwrap()
}

/// A copy of the fintech example to import into.
fn fintech() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let ws = dir.path().join("ws");
    copy_dir(Path::new("examples/fintech-ai-provider"), &ws);
    (dir, ws)
}

fn import(file: &str, ws: &Path, extra: &[&str]) -> Output {
    let mut args = vec!["import", "risks", file, "--mapping", MAPPING, "--into", p(ws), "--as-of", AS_OF];
    args.extend_from_slice(extra);
    aims(&args)
}

fn ok(output: &Output) {
    assert_eq!(output.status.code(), Some(0), "stdout:\n{}\nstderr:\n{}", text(&output.stdout), text(&output.stderr));
}

/// `aims validate` passes and `aims gap --format json` holds the imported risks, with their systems, ratings,
/// treatments, controls and actions as the spreadsheet gave them.
fn validated_with_risks(ws: &Path) -> Value {
    ok(&aims(&["validate", p(ws), "--as-of", AS_OF]));
    let gap = aims(&["gap", p(ws), "--format", "json", "--as-of", AS_OF]);
    assert!(matches!(gap.status.code(), Some(0 | 1)), "{}", text(&gap.stderr));
    let report: Value = serde_json::from_slice(&gap.stdout).unwrap();
    let risks = report["risk"]["risks"].as_array().unwrap();
    let find = |id: &str| risks.iter().find(|r| r["id"] == id).unwrap_or_else(|| panic!("{id} not in the report"));
    let air1 = find("AIR-01");
    assert_eq!(air1["systems"], serde_json::json!(["loan-assistant"]), "a system named by its name");
    assert_eq!(air1["inherent"]["likelihood"], 4, "\"High\" through the mapping");
    assert_eq!(air1["inherent"]["consequence_level"], "major");
    assert_eq!(air1["treatment"], "modify", "\"Mitigate\" through the mapping");
    assert_eq!(air1["controls"], serde_json::json!(["A.8.2", "A.6.2.6"]));
    assert_eq!(air1["other_controls"], serde_json::json!(["Human review of every answer template"]));
    assert_eq!(air1["actions"].as_array().unwrap().len(), 2);
    assert_eq!(air1["actions"][1]["due"], "2027-02-28");
    assert_eq!(air1["actions"][1]["owner"], "Product Owner");
    let air2 = find("AIR-02");
    assert_eq!(air2["source"], "machine_learning");
    assert_eq!(air2["treatment"], "share");
    let air3 = find("AIR-03");
    assert_eq!(air3["systems"], serde_json::json!(["support-chatbot"]), "a name with a comma in it");
    assert_eq!(air3["acceptance"]["by"], "AI Risk Committee");
    // The example's own register is still there.
    find("R-03");
    report
}

#[test]
fn a_csv_register_round_trips_through_validate_and_gap() {
    let (_keep, ws) = fintech();
    let output = import(REGISTER, &ws, &["--format", "json"]);
    ok(&output);
    let summary: Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(summary["register"], "risks/risk-register.yaml");
    assert_eq!(summary["rows"], 4);
    assert_eq!(summary["risks"].as_array().unwrap().len(), 3);
    assert_eq!(summary["blank"][0]["first"], 4);
    assert_eq!(summary["not_imported"], serde_json::json!(["RAG"]));
    assert!(ws.join("risks/risk-register.yaml").is_file());
    validated_with_risks(&ws);
}

/// The register as a consultant's workbook: a worksheet named "Risks" after a cover sheet, dates as date cells and
/// ratings as number cells where the CSV has level names the mapping translates.
fn workbook(xlsx: &Path) {
    let mut reader = csv::ReaderBuilder::new().has_headers(false).flexible(true).from_path(REGISTER).unwrap();
    let mut workbook = rust_xlsxwriter::Workbook::new();
    workbook.add_worksheet().set_name("Cover").unwrap().write_string(0, 0, "Risk register, Q4").unwrap();
    let sheet = workbook.add_worksheet();
    sheet.set_name("Risks").unwrap();
    let date = rust_xlsxwriter::Format::new().set_num_format("dd/mm/yyyy");
    for (r, record) in reader.records().enumerate() {
        for (c, cell) in record.unwrap().iter().enumerate() {
            let (r, c) = (r as u32, c as u16);
            if cell.is_empty() {
                continue;
            }
            if r > 0 && cell.len() == 10 && cell.as_bytes()[4] == b'-' {
                let when = rust_xlsxwriter::ExcelDateTime::parse_from_str(cell).unwrap();
                sheet.write_datetime_with_format(r, c, &when, &date).unwrap();
            } else if r > 0 && cell == "Medium" && c == 7 {
                // A likelihood typed as its level number.
                sheet.write_number(r, c, 3.0).unwrap();
            } else {
                sheet.write_string(r, c, cell).unwrap();
            }
        }
    }
    workbook.save(xlsx).unwrap();
}

#[test]
fn an_xlsx_register_round_trips_and_writes_what_the_csv_writes() {
    let (keep, ws) = fintech();
    let xlsx = keep.path().join("risk-register.xlsx");
    workbook(&xlsx);
    let output = import(p(&xlsx), &ws, &["--sheet", "Risks"]);
    ok(&output);
    assert!(text(&output.stdout).contains("read from worksheet `Risks` of the workbook"), "{}", text(&output.stdout));
    let from_xlsx = std::fs::read_to_string(ws.join("risks/risk-register.yaml")).unwrap();
    validated_with_risks(&ws);

    let (_keep2, ws2) = fintech();
    ok(&import(REGISTER, &ws2, &[]));
    let from_csv = std::fs::read_to_string(ws2.join("risks/risk-register.yaml")).unwrap();
    let body = |t: &str| t.lines().skip(2).collect::<Vec<_>>().join("\n");
    assert_eq!(body(&from_xlsx), body(&from_csv), "the same register, whichever file it came in");
}

#[test]
fn bad_values_are_located_with_hints_and_nothing_is_written() {
    let (_keep, ws) = fintech();
    let output = import(BROKEN, &ws, &[]);
    assert_eq!(output.status.code(), Some(2));
    let err = text(&output.stderr);
    for expected in [
        "7 values cannot be imported; nothing was written",
        "row 2, column H `Likelihood`: inherent_likelihood: \"Extreme\" is off the likelihood scale",
        "write a level from 1 to 5 or its name (1 rare, 2 unlikely, 3 possible, 4 likely, 5 almost certain)",
        "row 2, column F `AI system(s)`: systems: no AI system has the ID or name \"credit scorer\"",
        "did you mean `credit-scoring`?",
        "row 2, column K `Controls`: controls: `A.6.9.9` is not a requirement",
        "row 2, column N `Due date`: action_due: `31/03/2027` is not a date",
        "row 3, column J `Treatment`: treatment: \"Ignore\" is not a treatment option",
        "row 3, column R `Accepted by`: accepted_by: \"Head of IT\" may not accept AI risks",
        "allows `Chief Risk Officer`, `AI Risk Committee`",
        "row 4, column A `Risk ID`: id: risk `AIR-10` is already on row 2",
    ] {
        assert!(err.contains(expected), "missing {expected:?} in:\n{err}");
    }
    assert!(!ws.join("risks").exists(), "no folder, no file");
}

#[test]
fn the_sheet_is_named_in_the_locations_of_a_workbook() {
    let (keep, ws) = fintech();
    let xlsx = keep.path().join("broken.xlsx");
    let mut reader = csv::ReaderBuilder::new().has_headers(false).flexible(true).from_path(BROKEN).unwrap();
    let mut workbook = rust_xlsxwriter::Workbook::new();
    let sheet = workbook.add_worksheet();
    sheet.set_name("Register").unwrap();
    for (r, record) in reader.records().enumerate() {
        for (c, cell) in record.unwrap().iter().enumerate() {
            if !cell.is_empty() {
                sheet.write_string(r as u32, c as u16, cell).unwrap();
            }
        }
    }
    workbook.save(&xlsx).unwrap();
    let output = import(p(&xlsx), &ws, &[]);
    assert_eq!(output.status.code(), Some(2));
    let err = text(&output.stderr);
    assert!(err.contains("sheet `Register`, row 2, column H `Likelihood`"), "{err}");
}

#[test]
fn an_existing_register_file_is_not_overwritten_without_force() {
    let (_keep, ws) = fintech();
    ok(&import(REGISTER, &ws, &[]));
    let file = ws.join("risks/risk-register.yaml");
    std::fs::write(&file, "risks: []\n").unwrap();
    let again = import(REGISTER, &ws, &[]);
    assert_eq!(again.status.code(), Some(2));
    assert!(text(&again.stderr).contains("risk-register.yaml already exists; nothing was written"));
    assert_eq!(std::fs::read_to_string(&file).unwrap(), "risks: []\n");
    let forced = import(REGISTER, &ws, &["--force"]);
    ok(&forced);
    assert!(text(&forced.stdout).contains("risks/risk-register.yaml overwritten"), "{}", text(&forced.stdout));
    validated_with_risks(&ws);
}

#[test]
fn an_id_already_in_the_register_is_refused_with_its_location() {
    let (keep, ws) = fintech();
    let csv = keep.path().join("r.csv");
    let original = std::fs::read_to_string(REGISTER).unwrap();
    std::fs::write(&csv, original.replacen("AIR-02,", "R-03,", 1)).unwrap();
    let output = import(p(&csv), &ws, &[]);
    assert_eq!(output.status.code(), Some(2));
    let err = text(&output.stderr);
    assert!(
        err.contains("row 3, column A `Risk ID`: id: risk `R-03` is already in the register at risks.yaml:"),
        "{err}"
    );
}

#[test]
fn a_dry_run_writes_nothing_and_risks_yaml_can_be_the_register() {
    let (_keep, ws) = fintech();
    std::fs::remove_file(ws.join("risks.yaml")).unwrap();
    let dry = import(REGISTER, &ws, &["--register", "risks.yaml", "--dry-run"]);
    ok(&dry);
    assert!(text(&dry.stdout).contains("risks.yaml would be written: 3 risks"), "{}", text(&dry.stdout));
    assert!(!ws.join("risks.yaml").exists());
    ok(&import(REGISTER, &ws, &["--register", "risks.yaml"]));
    assert!(ws.join("risks.yaml").is_file());
    ok(&aims(&["validate", p(&ws), "--as-of", AS_OF]));
}

#[test]
fn the_wrong_kind_of_mapping_or_folder_is_explained() {
    let (keep, ws) = fintech();
    // A risk mapping given to the inventory import.
    let output = aims(&["import", "csv", REGISTER, "--mapping", MAPPING, "--into", p(&ws), "--dry-run"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(text(&output.stderr).contains("maps a risk register (kind = \"risks\")"), "{}", text(&output.stderr));
    // An inventory mapping given to the risk import.
    let inventory = keep.path().join("inventory.toml");
    std::fs::write(&inventory, "[id]\ncolumn = \"Risk ID\"\n").unwrap();
    let output = aims(&["import", "risks", REGISTER, "--mapping", p(&inventory), "--into", p(&ws)]);
    assert_eq!(output.status.code(), Some(2));
    assert!(text(&output.stderr).contains("kind = \"risks\""), "{}", text(&output.stderr));
    // A folder that is not a workspace.
    let empty = keep.path().join("empty");
    std::fs::create_dir(&empty).unwrap();
    let output = import(REGISTER, &empty, &[]);
    assert_eq!(output.status.code(), Some(2));
    assert!(text(&output.stderr).contains("is not a workspace"), "{}", text(&output.stderr));
    assert_eq!(std::fs::read_dir(&empty).unwrap().count(), 0);
    // A mapping column the file lacks.
    let typo = keep.path().join("typo.toml");
    let mapping = std::fs::read_to_string(MAPPING).unwrap().replace("\"Risk owner\"", "\"Risk ownr\"");
    std::fs::write(&typo, mapping).unwrap();
    let output = aims(&["import", "risks", REGISTER, "--mapping", p(&typo), "--into", p(&ws), "--as-of", AS_OF]);
    assert_eq!(output.status.code(), Some(2));
    let err = text(&output.stderr);
    assert!(err.contains("fields.owner: the file has no column `Risk ownr`; did you mean `Risk owner`?"), "{err}");
}

#[test]
fn a_translation_off_the_scale_is_a_mapping_problem() {
    let (keep, ws) = fintech();
    let mapping = keep.path().join("m.toml");
    let text_of = std::fs::read_to_string(MAPPING).unwrap().replace("\"Very high\" = 5", "\"Very high\" = 7");
    std::fs::write(&mapping, text_of).unwrap();
    let output = aims(&["import", "risks", REGISTER, "--mapping", p(&mapping), "--into", p(&ws), "--as-of", AS_OF]);
    assert_eq!(output.status.code(), Some(2));
    let err = text(&output.stderr);
    assert!(err.contains("values.likelihood: \"Very high\" translates to 7, which is not on the scale"), "{err}");
}

/// The mapping example in docs/import.md is a working risk-register mapping: it fits a sheet with its columns.
#[test]
fn the_documented_mapping_works() {
    let docs = std::fs::read_to_string("docs/import.md").unwrap();
    let start = docs.find("```toml\nkind = \"risks\"").expect("the risk mapping example") + "```toml\n".len();
    let example = &docs[start..start + docs[start..].find("```").unwrap()];
    let mapping: toml::Table = toml::from_str(example).unwrap();
    let mut headers: Vec<String> =
        mapping["fields"].as_table().unwrap().values().map(|v| v.as_str().unwrap().to_string()).collect();
    headers.push("Comments".to_string());
    let (keep, ws) = fintech();
    let map = keep.path().join("m.toml");
    std::fs::write(&map, example).unwrap();
    let csv = keep.path().join("r.csv");
    let value = |header: &str| match header {
        "Risk ID" => "R-90",
        "Risk title" => "A risk",
        "Risk source" => "Data quality",
        "AI system(s)" => "Credit engine",
        "Likelihood" => "High",
        "Impact" => "Critical",
        "Treatment" => "Mitigate",
        "Controls" => "A.7.4",
        _ => "",
    };
    let row: Vec<&str> = headers.iter().map(|h| value(h)).collect();
    std::fs::write(&csv, format!("{}\n{}\n", headers.join(","), row.join(","))).unwrap();
    let output =
        aims(&["import", "risks", p(&csv), "--mapping", p(&map), "--into", p(&ws), "--as-of", AS_OF, "--dry-run"]);
    ok(&output);
    assert!(text(&output.stdout).contains("1 risk"), "{}", text(&output.stdout));
}
