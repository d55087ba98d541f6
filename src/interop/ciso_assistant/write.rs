//! The audit file's two forms: XLSX, the form CISO Assistant's data wizard documents for an audit import, and CSV.
//! Both hold the header row [`COLUMNS`](super::COLUMNS), then one row per [`AuditRow`], every one with `assessable`
//! true.

use rust_xlsxwriter::{DocProperties, ExcelDateTime, Format, Workbook, XlsxError};

use super::{AuditRow, COLUMNS};
use crate::date::Date;
use crate::render::{self, CsvStyle};

/// The text of the `assessable` cell in CSV: `true` (Python and pandas read `true`, `True` and `TRUE` as true).
pub const CSV_TRUE: &str = "true";

/// The audit file as CSV in `style`. [`CsvStyle::EXCEL_SEMICOLON`] (`;`, a byte-order mark) is the layout of CISO
/// Assistant's own CSV export. Cells go through aims' one CSV writer: RFC 4180 quoting, and a cell a spreadsheet
/// would run as a formula gets a leading apostrophe.
pub fn csv(rows: &[AuditRow], style: CsvStyle) -> String {
    render::csv_table_in(style, &COLUMNS, rows.iter().map(cells))
}

/// The cells of one row, in the order of [`COLUMNS`].
fn cells(row: &AuditRow) -> Vec<String> {
    vec![
        row.urn(),
        CSV_TRUE.to_string(),
        row.ref_id.clone(),
        row.name.clone(),
        row.description.clone(),
        row.result.as_str().to_string(),
        row.progress.as_str().to_string(),
        row.observations.clone(),
    ]
}

/// The audit file as an XLSX workbook: one worksheet named `audit`, the header row in bold and frozen, `assessable`
/// as a boolean cell (TRUE), every other cell as text (a text cell is never evaluated, so no cell can become a
/// formula). The document's creation date is `as_of`, so the same assessment gives the same bytes.
///
/// # Errors
/// What rust_xlsxwriter reports; with text this short (every cell is well under Excel's 32,767 characters, which
/// are clipped) none is expected.
pub fn xlsx(rows: &[AuditRow], as_of: Date) -> Result<Vec<u8>, XlsxError> {
    let mut workbook = Workbook::new();
    let (year, month, day) = ymd(as_of);
    // Excel's dates start in 1900; an as-of date before that (only ever typed by mistake) gives a fixed date.
    let created = ExcelDateTime::from_ymd(year, month, day).or_else(|_| ExcelDateTime::from_ymd(1900, 1, 1))?;
    workbook.set_properties(&DocProperties::new().set_creation_datetime(&created));
    let sheet = workbook.add_worksheet();
    sheet.set_name("audit")?;
    let bold = Format::new().set_bold();
    let wrap = Format::new().set_text_wrap();
    for (col, name) in COLUMNS.iter().enumerate() {
        sheet.write_string_with_format(0, col as u16, *name, &bold)?;
    }
    for (i, row) in rows.iter().enumerate() {
        let r = u32::try_from(i + 1).unwrap_or(u32::MAX);
        let text = cells(row);
        for (col, cell) in text.iter().enumerate() {
            let col = col as u16;
            if COLUMNS[col as usize] == "assessable" {
                sheet.write_boolean(r, col, true)?;
            } else if COLUMNS[col as usize] == "observations" || COLUMNS[col as usize] == "description" {
                sheet.write_string_with_format(r, col, clip(cell), &wrap)?;
            } else {
                sheet.write_string(r, col, clip(cell))?;
            }
        }
    }
    for (col, width) in [48, 11, 10, 40, 50, 20, 20, 80].into_iter().enumerate() {
        sheet.set_column_width(col as u16, width)?;
    }
    sheet.set_freeze_panes(1, 0)?;
    workbook.save_to_buffer()
}

/// The most characters an Excel cell holds.
const EXCEL_CELL_CHARS: usize = 32_767;

/// A cell's text within Excel's limit, with an ellipsis when clipped.
fn clip(text: &str) -> String {
    if text.chars().count() <= EXCEL_CELL_CHARS { text.to_string() } else { render::clip(text, EXCEL_CELL_CHARS) }
}

/// The year, month and day of `date`.
fn ymd(date: Date) -> (u16, u8, u8) {
    let text = date.to_string();
    let mut parts = text.split('-').map(|p| p.parse::<u16>().unwrap_or(1));
    let year = parts.next().unwrap_or(1970);
    let month = parts.next().unwrap_or(1) as u8;
    let day = parts.next().unwrap_or(1) as u8;
    (year, month, day)
}
