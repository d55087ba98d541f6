//! `aims import` on spreadsheets as they arrive: Excel workbooks, `;`-separated exports, trailing rows of bare
//! separators, and a known layout imported with the wrong profile. Each test names the mess it pins down; the
//! workbooks are written here from the CSV samples, so no binary fixture is committed.

mod common;

use std::path::Path;
use std::process::Output;

use common::aims;
use serde_json::Value;

const SAMPLE_2025: &str = "examples/us-federal-sample/source/us-federal-ai-inventory-2025-sample.csv";
const SAMPLE_2024: &str = "tests/data/import/us-federal-2024-sample.csv";

/// A small mapping for the synthetic files: ID, name and department columns, everything else fixed.
const MAPPING: &str = "[id]\ncolumn = \"ID\"\n[name]\ncolumn = \"Name\"\n[purpose]\nvalue = \"Tests\"\n[owner]\n\
value = \"Ops\"\n[unit]\ncolumn = \"Department\"\n[lifecycle_stage]\nvalue = \"operation\"\n[ai_role]\n\
value = \"customer\"\n";

fn text(bytes: &[u8]) -> String {
    String::from_utf8(bytes.to_vec()).unwrap()
}

fn run(args: &[&str]) -> Output {
    aims(args)
}

fn json(output: &Output) -> Value {
    assert_eq!(output.status.code(), Some(0), "{}", text(&output.stderr));
    serde_json::from_str(&text(&output.stdout)).unwrap()
}

fn p(path: &Path) -> &str {
    path.to_str().unwrap()
}

/// Every row is a system, a skipped row or a blank row.
fn accounted(summary: &Value) {
    let blank: u64 = summary["blank"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["last"].as_u64().unwrap() + 1 - r["first"].as_u64().unwrap())
        .sum();
    let systems = summary["systems"].as_array().unwrap().len() as u64;
    let skipped = summary["skipped"].as_array().unwrap().len() as u64;
    assert_eq!(summary["rows"].as_u64().unwrap(), systems + skipped + blank, "{summary:#}");
}

/// Writes `csv` (a file) as an .xlsx workbook of one worksheet, every cell a string, as Excel would hold text.
fn workbook_from_csv(csv: &str, xlsx: &Path, sheet: &str) {
    let mut reader = csv::ReaderBuilder::new().has_headers(false).flexible(true).from_path(csv).unwrap();
    let mut workbook = rust_xlsxwriter::Workbook::new();
    let worksheet = workbook.add_worksheet();
    worksheet.set_name(sheet).unwrap();
    for (r, record) in reader.records().enumerate() {
        for (c, cell) in record.unwrap().iter().enumerate() {
            let cell = cell.trim_start_matches('\u{feff}');
            if !cell.is_empty() {
                worksheet.write_string(r as u32, c as u16, cell).unwrap();
            }
        }
    }
    workbook.save(xlsx).unwrap();
}

/// The system files of a workspace, with the source file's name taken out of each (the one thing that differs
/// between a CSV and a workbook of the same rows).
fn systems(dir: &Path, source: &str) -> Vec<(String, String)> {
    let mut files: Vec<(String, String)> = std::fs::read_dir(dir.join("systems"))
        .unwrap()
        .map(|e| {
            let path = e.unwrap().path();
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            (name, std::fs::read_to_string(&path).unwrap().replace(source, "SOURCE"))
        })
        .collect();
    files.sort();
    files
}

#[test]
fn an_xlsx_inventory_imports_exactly_as_its_csv() {
    let dir = tempfile::tempdir().unwrap();
    let xlsx = dir.path().join("inventory.xlsx");
    workbook_from_csv(SAMPLE_2025, &xlsx, "Use cases");
    let (from_csv, from_xlsx) = (dir.path().join("csv"), dir.path().join("xlsx"));
    let base = ["--profile", "us-federal-2025", "-f", "json"];
    let a = json(&run(&[&["import", "csv", SAMPLE_2025, "--into", p(&from_csv)], &base[..]].concat()));
    let b = json(&run(&[&["import", "xlsx", p(&xlsx), "--into", p(&from_xlsx)], &base[..]].concat()));
    accounted(&b);
    assert_eq!(b["rows"], 90);
    assert_eq!(b["systems"].as_array().unwrap().len(), 90);
    assert_eq!(b["sheet"], "Use cases");
    assert_eq!(b["delimiter"], Value::Null);
    assert_eq!(a["delimiter"], ",");
    assert_eq!(a["systems"], b["systems"]);
    assert_eq!(
        systems(&from_csv, "us-federal-ai-inventory-2025-sample.csv"),
        systems(&from_xlsx, "inventory.xlsx"),
        "the same rows give the same system files"
    );
    // The agency is kept as the unit the reports group by.
    let dhs = std::fs::read_to_string(from_xlsx.join("systems/dhs-2388.yaml")).unwrap();
    assert!(dhs.contains("\nunit: \"DHS\"\n"), "{dhs}");
    // A worksheet that is not there is named with the ones that are.
    let output = run(&[
        "import",
        "csv",
        p(&xlsx),
        "--sheet",
        "Other",
        "--into",
        p(&dir.path().join("x")),
        "--profile",
        "us-federal-2025",
    ]);
    assert_eq!(output.status.code(), Some(2));
    assert!(text(&output.stderr).contains("no worksheet `Other`; it has: Use cases"), "{}", text(&output.stderr));
}

#[test]
fn the_2024_federal_layout_imports_with_its_own_profile_as_csv_and_xlsx() {
    let dir = tempfile::tempdir().unwrap();
    let xlsx = dir.path().join("2024.xlsx");
    workbook_from_csv(SAMPLE_2024, &xlsx, "Sheet1");
    for (file, into) in [(SAMPLE_2024, "a"), (p(&xlsx), "b")] {
        let into = dir.path().join(into);
        let summary =
            json(&run(&["import", "csv", file, "--profile", "us-federal-2024", "--into", p(&into), "-f", "json"]));
        accounted(&summary);
        assert_eq!(summary["systems"].as_array().unwrap().len(), 30, "{summary:#}");
        assert_eq!(summary["unrecognised"], serde_json::json!([]), "{summary:#}");
        let validate = run(&["validate", p(&into)]);
        assert_eq!(validate.status.code(), Some(0), "{}", text(&validate.stderr));
        let report: Value = serde_json::from_str(&text(
            &run(&["gap", p(&into), "--format", "json", "--as-of", "2026-11-27", "--exit-zero"]).stdout,
        ))
        .unwrap();
        let units: Vec<&str> =
            report["units"].as_array().unwrap().iter().map(|u| u["unit"].as_str().unwrap()).collect();
        assert_eq!(units, ["DHS", "DOC", "DOE", "DOI", "DOL", "EPA"]);
    }
}

/// A 2024-layout inventory run with the 2025 profile gave 56 "no column" lines, some repeated, and never said
/// which layout it was.
#[test]
fn a_known_layout_with_the_wrong_profile_says_which_profile_fits() {
    let dir = tempfile::tempdir().unwrap();
    let output =
        run(&["import", "csv", SAMPLE_2024, "--profile", "us-federal-2025", "--into", p(&dir.path().join("ws"))]);
    assert_eq!(output.status.code(), Some(2));
    let err = text(&output.stderr);
    assert!(err.contains("looks like the 2024 US federal AI use case inventory layout"), "{err}");
    assert!(err.contains("use --profile us-federal-2024"), "{err}");
    let lines: Vec<&str> = err.lines().filter(|l| l.contains("no column")).collect();
    let unique: std::collections::BTreeSet<&str> = lines.iter().copied().collect();
    assert_eq!(lines.len(), unique.len(), "one message per missing column:\n{err}");
    // The columns both layouts share under other names (the 2025 profile's aliases) are found; the rest are named.
    for column in ["id", "problem_solved", "agency_bureau"] {
        assert_eq!(err.matches(&format!("no column `{column}`")).count(), 1, "{column}:\n{err}");
    }
    // And the other way round.
    let output =
        run(&["import", "csv", SAMPLE_2025, "--profile", "us-federal-2024", "--into", p(&dir.path().join("ws"))]);
    assert!(text(&output.stderr).contains("use --profile us-federal-2025"), "{}", text(&output.stderr));
}

/// A Dutch Excel export is `;`-separated; read with `,` its header was one column, `Systeem;Omschrijving;…`, and
/// the error suggested that as a column name.
#[test]
fn a_semicolon_separated_export_is_detected_and_a_forced_comma_is_explained() {
    let dir = tempfile::tempdir().unwrap();
    let csv = dir.path().join("inventaris.csv");
    std::fs::write(&csv, "ID;Name;Department;Omschrijving\r\nA-1;Eén;Financiën;x\r\nA-2;Twee;HR;\"a;b\"\r\n").unwrap();
    let mapping = dir.path().join("map.toml");
    std::fs::write(&mapping, MAPPING).unwrap();
    let into = dir.path().join("ws");
    let args = ["import", "csv", p(&csv), "--mapping", p(&mapping), "--into", p(&into)];
    let output = run(&[&args[..], &["--dry-run"]].concat());
    assert_eq!(output.status.code(), Some(0), "{}", text(&output.stderr));
    assert!(text(&output.stdout).contains("separated by `;` (detected from the header"), "{}", text(&output.stdout));
    assert!(text(&output.stdout).contains("2 became systems"), "{}", text(&output.stdout));

    let output = run(&[&args[..], &["--delimiter", ","]].concat());
    assert_eq!(output.status.code(), Some(2));
    let err = text(&output.stderr);
    assert!(err.contains("the file looks `;`-separated"), "{err}");
    assert!(err.contains("`ID;Name;Department;…`"), "{err}");
    assert!(!err.contains("did you mean"), "{err}");
    assert_eq!(err.matches("\n  - ").count(), 1, "one message:\n{err}");
}

/// 303 trailing rows of bare commas were listed one per line, 302 of them as "an exact copy of row 4".
#[test]
fn trailing_separator_only_rows_are_one_blank_range() {
    let dir = tempfile::tempdir().unwrap();
    let csv = dir.path().join("inventory.csv");
    let mut content = String::from("ID,Name,Department,Note\nA-1,One,Finance,\nA-2,Two,HR,\nA-3,Three,HR/Payroll,\n");
    content.push_str(&",,,\n".repeat(300));
    content.push_str("  ,\t, ,\n,,,\n,,,\n");
    std::fs::write(&csv, content).unwrap();
    let mapping = dir.path().join("map.toml");
    std::fs::write(&mapping, MAPPING).unwrap();
    let into = dir.path().join("ws");
    let output = run(&["import", "csv", p(&csv), "--mapping", p(&mapping), "--into", p(&into)]);
    assert_eq!(output.status.code(), Some(0), "{}", text(&output.stderr));
    let out = text(&output.stdout);
    assert!(out.contains("306 rows read"), "{out}");
    assert!(out.contains("3 became systems, 0 skipped, 303 blank"), "{out}");
    assert!(out.contains("Blank rows (303, left out): rows 5-307 are blank"), "{out}");
    assert!(!out.contains("exact copy"), "{out}");
    let summary = json(&run(&[
        "import",
        "csv",
        p(&csv),
        "--mapping",
        p(&mapping),
        "--into",
        p(&into),
        "--dry-run",
        "--force",
        "-f",
        "json",
    ]));
    accounted(&summary);
    assert_eq!(summary["blank"], serde_json::json!([{"first": 5, "last": 307}]));
    let payroll = std::fs::read_to_string(into.join("systems/a-3.yaml")).unwrap();
    assert!(payroll.contains("unit: \"HR/Payroll\""), "{payroll}");
}

#[test]
fn an_old_xls_workbook_is_refused_with_what_to_do() {
    let dir = tempfile::tempdir().unwrap();
    let xls = dir.path().join("old.xls");
    std::fs::write(&xls, [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, 0, 0]).unwrap();
    let output = run(&["import", "csv", p(&xls), "--profile", "us-federal-2025", "--into", p(&dir.path().join("ws"))]);
    assert_eq!(output.status.code(), Some(2));
    assert!(text(&output.stderr).contains("save it as .xlsx"), "{}", text(&output.stderr));
}

/// The full-size inventories are not in the repository. With `AIMS_FULL_INVENTORY` (a UTF-8 CSV file) and
/// `AIMS_FULL_PROFILE` (`us-federal-2025` or `us-federal-2024`) set, the file is imported as CSV and, written into a
/// workbook, as XLSX: every row is accounted for, both give the same systems, and every system keeps its agency.
#[test]
fn a_full_size_inventory_imports_as_csv_and_as_xlsx_when_given() {
    let (Ok(csv), Ok(profile)) = (std::env::var("AIMS_FULL_INVENTORY"), std::env::var("AIMS_FULL_PROFILE")) else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let xlsx = dir.path().join("full.xlsx");
    workbook_from_csv(&csv, &xlsx, "Inventory");
    let mut summaries = Vec::new();
    for (file, into) in [(csv.as_str(), "csv"), (p(&xlsx), "xlsx")] {
        let into = dir.path().join(into);
        let summary =
            json(&run(&["import", "csv", file, "--profile", &profile, "--into", p(&into), "-f", "json", "--dry-run"]));
        accounted(&summary);
        summaries.push(summary);
    }
    assert_eq!(summaries[0]["systems"], summaries[1]["systems"]);
    assert_eq!(summaries[0]["skipped"].as_array().unwrap().len(), summaries[1]["skipped"].as_array().unwrap().len());
    eprintln!(
        "{profile}: {} rows, {} systems, {} skipped",
        summaries[0]["rows"],
        summaries[0]["systems"].as_array().unwrap().len(),
        summaries[0]["skipped"].as_array().unwrap().len()
    );
}

/// A workbook holds numbers as numbers and may skip rows entirely: a numeric ID reads as Excel shows it (`12`, not
/// `12.0`), and rows with no cell between two rows count as blank rows, so every row number is accounted for.
#[test]
fn workbook_numbers_read_as_shown_and_empty_rows_are_blank() {
    let dir = tempfile::tempdir().unwrap();
    let xlsx = dir.path().join("register.xlsx");
    let mut workbook = rust_xlsxwriter::Workbook::new();
    let sheet = workbook.add_worksheet();
    for (c, header) in ["ID", "Name", "Department"].iter().enumerate() {
        sheet.write_string(0, c as u16, *header).unwrap();
    }
    sheet.write_number(1, 0, 12.0).unwrap();
    sheet.write_string(1, 1, "Twelve").unwrap();
    sheet.write_string(4, 0, "A-5").unwrap();
    sheet.write_string(4, 1, "Five").unwrap();
    sheet.write_string(4, 2, "Finance").unwrap();
    workbook.save(&xlsx).unwrap();
    let mapping = dir.path().join("map.toml");
    std::fs::write(&mapping, MAPPING).unwrap();
    let into = dir.path().join("ws");
    let summary = json(&run(&["import", "xlsx", p(&xlsx), "--mapping", p(&mapping), "--into", p(&into), "-f", "json"]));
    accounted(&summary);
    assert_eq!(summary["rows"], 4);
    assert_eq!(summary["blank"], serde_json::json!([{"first": 3, "last": 4}]));
    let ids: Vec<&str> = summary["systems"].as_array().unwrap().iter().map(|s| s["id"].as_str().unwrap()).collect();
    assert_eq!(ids, ["12", "a-5"]);
    let twelve = std::fs::read_to_string(into.join("systems/12.yaml")).unwrap();
    assert!(twelve.contains(r#"ID \"12\""#) && !twelve.contains("unit:"), "{twelve}");
}

/// OMB's workbook heads its columns with the reporting template's questions, wrapped over lines and with doubled
/// spaces, where the CSV file has short names: the profile's aliases read it to the same systems.
#[test]
fn the_workbook_headers_of_the_2025_inventory_read_as_its_csv_names() {
    let profile = text(&run(&["import", "profile", "us-federal-2025"]).stdout);
    let mapping: toml::Table = toml::from_str(&profile).unwrap();
    let aliases = mapping["aliases"].as_table().unwrap();
    let sample = std::fs::read_to_string(SAMPLE_2025).unwrap();
    let (header, rest) = sample.split_once('\n').unwrap();
    let renamed: Vec<String> = header
        .trim_start_matches('\u{feff}')
        .trim_end()
        .split(',')
        .map(|name| {
            let alias = aliases[name].as_array().unwrap()[0].as_str().unwrap();
            // Wrapped and spaced as a workbook cell may be.
            format!("\"{}\"", alias.replacen(' ', "\n", 1).replacen(' ', "  ", 1))
        })
        .collect();
    let dir = tempfile::tempdir().unwrap();
    let csv = dir.path().join("questions.csv");
    std::fs::write(&csv, format!("{}\n{rest}", renamed.join(","))).unwrap();
    let (a, b) = (dir.path().join("a"), dir.path().join("b"));
    let base = ["--profile", "us-federal-2025", "-f", "json"];
    let first = json(&run(&[&["import", "csv", SAMPLE_2025, "--into", p(&a)], &base[..]].concat()));
    let second = json(&run(&[&["import", "csv", p(&csv), "--into", p(&b)], &base[..]].concat()));
    assert_eq!(first["systems"], second["systems"]);
    let answers = |s: &Value| -> Vec<(Value, Value)> {
        s["unrecognised"].as_array().unwrap().iter().map(|u| (u["value"].clone(), u["rows"].clone())).collect()
    };
    assert_eq!(answers(&first), answers(&second));
    // The same fields; only the notes differ, where remarks name the columns by the file's own headers.
    let fields = |files: Vec<(String, String)>| -> Vec<(String, String)> {
        files.into_iter().map(|(name, text)| (name, text.split("\nnotes: ").next().unwrap().to_string())).collect()
    };
    assert_eq!(
        fields(systems(&a, "us-federal-ai-inventory-2025-sample.csv")),
        fields(systems(&b, "questions.csv")),
        "the same rows give the same system fields"
    );
}
