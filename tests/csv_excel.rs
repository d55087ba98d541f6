//! CSV for spreadsheet programs (`--csv-bom`, `--csv-delimiter`) on every CSV output: the gap report, the
//! Statement of Applicability, the plan and the crosswalk. Excel on Windows shows accented names as mojibake without
//! a byte-order mark, and splits columns on `;` in locales that write decimals with a comma.

mod common;

use std::path::Path;

use common::aims;

const AS_OF: &str = "2026-11-30";
const OWNER: &str = "Zoë Brontë-Müller; Łukasz Żółć";

/// A copy of the fintech example whose 4.1 owner has accents and a `;` (which must be quoted with `;` between cells).
fn workspace() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    common::copy_dir(Path::new("examples/fintech-ai-provider"), dir.path());
    let file = dir.path().join("assessment/clauses.yaml");
    let text = std::fs::read_to_string(&file).unwrap();
    std::fs::write(&file, text.replacen("owner: Head of AI Governance", &format!("owner: \"{OWNER}\""), 1)).unwrap();
    dir
}

fn run(args: &[&str]) -> Vec<u8> {
    let output = aims(args);
    assert_eq!(output.status.code(), Some(0), "{args:?}: {}", String::from_utf8_lossy(&output.stderr));
    output.stdout
}

/// The rows of a CSV text with `delimiter`.
fn rows(text: &str, delimiter: u8) -> Vec<Vec<String>> {
    csv::ReaderBuilder::new()
        .has_headers(false)
        .delimiter(delimiter)
        .from_reader(text.as_bytes())
        .records()
        .map(|r| r.unwrap().iter().map(str::to_string).collect())
        .collect()
}

#[test]
fn the_gap_report_for_excel_has_a_byte_order_mark_and_the_delimiter_asked_for() {
    let ws = workspace();
    let dir = ws.path().to_str().unwrap();
    let plain = String::from_utf8(run(&["gap", dir, "--as-of", AS_OF, "--format", "csv"])).unwrap();
    assert!(plain.starts_with("ref_id,name,"), "aims' own layout stays the default");

    let excel = run(&["gap", dir, "--as-of", AS_OF, "--format", "csv", "--csv-bom", "--csv-delimiter", ";"]);
    assert!(excel.starts_with(b"\xEF\xBB\xBFref_id;name;kind;"), "{:?}", &excel[..20]);
    let text = String::from_utf8(excel).unwrap();
    let excel_rows = rows(text.trim_start_matches('\u{feff}'), b';');
    // Every cell comes back as the comma-separated report has it; the accented owner as written.
    assert_eq!(excel_rows, rows(&plain, b','));
    let header = &excel_rows[0];
    let owner = header.iter().position(|h| h == "owner").unwrap();
    let row = excel_rows.iter().find(|r| r[0] == "4.1").unwrap();
    assert_eq!(row[owner], OWNER);
    assert!(text.contains(&format!("\"{OWNER}\"")), "a cell holding `;` is quoted");

    let tabs =
        String::from_utf8(run(&["gap", dir, "--as-of", AS_OF, "--format", "csv", "--csv-delimiter", "tab"])).unwrap();
    assert!(tabs.starts_with("ref_id\tname\t"));
    assert_eq!(rows(&tabs, b'\t'), excel_rows);
}

#[test]
fn every_csv_output_takes_the_options() {
    let ws = workspace();
    let dir = ws.path().to_str().unwrap();
    let flags = ["--as-of", AS_OF, "--csv-bom", "--csv-delimiter", ";"];
    for (verb, extra) in [
        ("soa", &["--format", "csv"][..]),
        ("plan", &["--format", "csv"][..]),
        ("crosswalk", &["--format", "csv", "--framework", "nist-ai-rmf"][..]),
    ] {
        let mut args = vec![verb, dir];
        args.extend_from_slice(extra);
        let plain = String::from_utf8(run(&[&args[..], &["--as-of", AS_OF]].concat())).unwrap();
        args.extend_from_slice(&flags);
        let excel = String::from_utf8(run(&args)).unwrap();
        let body = excel.strip_prefix('\u{feff}').unwrap_or_else(|| panic!("{verb}: no byte-order mark"));
        assert!(body.lines().next().unwrap().contains(';'), "{verb}: {}", body.lines().next().unwrap());
        assert_eq!(rows(body, b';'), rows(&plain, b','), "{verb}");
    }
    // Other formats are left as they are.
    let markdown = run(&["soa", dir, "--as-of", AS_OF, "--format", "markdown", "--csv-bom"]);
    assert!(!markdown.starts_with(b"\xEF\xBB\xBF"));
}

#[test]
fn the_options_reach_reports_written_to_files_and_the_check() {
    let ws = workspace();
    let out = tempfile::tempdir().unwrap();
    let dir = ws.path().to_str().unwrap();
    let report = out.path().join("gap.csv");
    let also = out.path().join("also.csv");
    let styled = ["--csv-bom", "--csv-delimiter", ";"];
    let also_report = format!("csv={}", also.display());
    let write =
        [&["gap", dir, "--as-of", AS_OF, "-o", report.to_str().unwrap()][..], &["--report", &also_report], &styled]
            .concat();
    run(&write);
    for file in [&report, &also] {
        assert!(std::fs::read(file).unwrap().starts_with(b"\xEF\xBB\xBFref_id;"), "{}", file.display());
    }
    run(&[&["gap", dir, "--as-of", AS_OF, "--check", report.to_str().unwrap()][..], &styled].concat());
    let stale = aims(&["gap", dir, "--as-of", AS_OF, "--check", report.to_str().unwrap()]);
    assert_eq!(stale.status.code(), Some(1), "the same report without the options differs");
}
