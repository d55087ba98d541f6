//! Reading a workbook back as a spreadsheet program would (calamine), for the XLSX tests: the workbook of a verb in
//! either voice, its sheets, registers and summary pairs, and its cells as text, numbers and dates.
#![allow(dead_code)]

use std::collections::BTreeMap;
use std::io::Cursor;

use aims::render::xlsx::MAX_LIST_LINES;
use calamine::{Data, Range, Reader, Xlsx, open_workbook_from_rs};
use serde_json::Value;

use super::common::{AS_OF, aims};

pub const EXAMPLES: [&str; 4] = [
    "examples/saas-ai-customer",
    "examples/fintech-ai-provider",
    "examples/us-federal-sample",
    "examples/healthtech-provider",
];

pub fn run(args: &[&str]) -> Vec<u8> {
    let output = aims(args);
    assert_eq!(output.status.code(), Some(0), "{args:?}: {}", String::from_utf8_lossy(&output.stderr));
    output.stdout
}

pub fn json(verb: &str, dir: &str) -> Value {
    serde_json::from_slice(&run(&[verb, dir, "--as-of", AS_OF, "--format", "json"])).unwrap()
}

/// The workbook in the client's voice (the default).
pub fn workbook(verb: &str, dir: &str) -> Book {
    Book::read(run(&[verb, dir, "--as-of", AS_OF, "--format", "xlsx"]))
}

/// The workbook in the practitioner's voice: IDs, rule codes, files and the advice on the records.
pub fn practitioner(verb: &str, dir: &str) -> Book {
    Book::read(run(&[verb, dir, "--as-of", AS_OF, "--format", "xlsx", "--audience", "practitioner"]))
}

/// A workbook read back: its sheet names and each sheet's cells.
pub struct Book {
    pub names: Vec<String>,
    pub sheets: BTreeMap<String, Range<Data>>,
    pub formulas: usize,
}

impl Book {
    pub fn read(bytes: Vec<u8>) -> Book {
        assert!(bytes.starts_with(b"PK"), "an XLSX file is a zip archive");
        let mut xlsx: Xlsx<_> = open_workbook_from_rs(Cursor::new(bytes)).expect("a workbook calamine reads");
        let names = xlsx.sheet_names();
        let mut sheets = BTreeMap::new();
        let mut formulas = 0;
        for name in &names {
            sheets.insert(name.clone(), xlsx.worksheet_range(name).unwrap());
            formulas += xlsx.worksheet_formula(name).unwrap().used_cells().filter(|(_, _, f)| !f.is_empty()).count();
        }
        Book { names, sheets, formulas }
    }

    pub fn sheet(&self, name: &str) -> &Range<Data> {
        &self.sheets[name]
    }

    /// A register's header row.
    pub fn header(&self, name: &str) -> Vec<String> {
        let sheet = self.sheet(name);
        assert_eq!(sheet.start(), Some((0, 0)), "{name} starts at A1");
        sheet.rows().next().unwrap().iter().map(text).collect()
    }

    /// A register's rows below the header, each as header → cell.
    pub fn rows(&self, name: &str) -> Vec<BTreeMap<String, Data>> {
        let header = self.header(name);
        self.sheet(name).rows().skip(1).map(|row| header.iter().cloned().zip(row.iter().cloned()).collect()).collect()
    }

    /// The value beside `label` in the first column of a summary sheet.
    pub fn pair(&self, name: &str, label: &str) -> Data {
        let sheet = self.sheet(name);
        let row = sheet.rows().find(|row| text(&row[0]) == label).unwrap_or_else(|| panic!("{name}: no {label}"));
        row[1].clone()
    }
}

pub fn text(cell: &Data) -> String {
    match cell {
        Data::String(s) => s.clone(),
        Data::Empty => String::new(),
        other => panic!("not text: {other:?}"),
    }
}

/// A date cell as `YYYY-MM-DD`; empty for an empty cell. A date written as text fails: dates are Excel dates.
pub fn date(cell: &Data) -> String {
    match cell {
        Data::DateTime(d) => {
            // Excel's serial day 25,569 is 1970-01-01.
            aims::date::Date::from_days(d.as_f64().floor() as i64 - 25_569).to_string()
        }
        Data::Empty => String::new(),
        other => panic!("not a date: {other:?}"),
    }
}

pub fn number(cell: &Data) -> Option<f64> {
    match cell {
        Data::Float(n) => Some(*n),
        Data::Int(n) => Some(*n as f64),
        Data::Empty => None,
        other => panic!("not a number: {other:?}"),
    }
}

/// How many items a list cell stands for: one per line, up to [`MAX_LIST_LINES`], and a last line `… and N more`
/// for the rest.
pub fn listed(cell: &str) -> usize {
    let lines: Vec<&str> = if cell.is_empty() { Vec::new() } else { cell.lines().collect() };
    match lines.last().and_then(|l| l.strip_prefix("… and ")) {
        Some(rest) => {
            assert_eq!(lines.len(), MAX_LIST_LINES + 1, "a list is cut only after {MAX_LIST_LINES} items");
            let more: usize = rest.split(' ').next().unwrap().replace(',', "").parse().unwrap();
            MAX_LIST_LINES + more
        }
        None => lines.len(),
    }
}

/// A status as the workbooks write it, from the JSON key.
pub fn label(status: &Value) -> &'static str {
    match status.as_str().unwrap() {
        "compliant" => "Compliant",
        "partially_compliant" => "Partially compliant",
        "non_compliant" => "Non-compliant",
        "not_applicable" => "Not applicable",
        "not_assessed" => "Not assessed",
        other => panic!("unknown status {other}"),
    }
}

pub fn opt_str(value: &Value) -> String {
    value.as_str().unwrap_or_default().to_string()
}
