//! Reading an Excel workbook (.xlsx) as an inventory: one worksheet, its first row the header, each later row a
//! record, exactly as [`super::rows`] reads a CSV file. Cells are read one by one from the sheet's XML (calamine's
//! cell reader), so a sheet that declares a huge used range costs only what its cells hold; rows are laid out one
//! at a time as the import asks for them. Numbers, dates and booleans become the text Excel shows for them in the
//! plainest form (`12`, `2.5`, `2024-03-01`, `TRUE`); an error cell is its code (`#N/A`).
//!
//! The workbook is a zip archive: before anything is unpacked, the sizes its entries declare are added up and a
//! workbook that would unpack to more than [`MAX_UNPACKED_BYTES`] is refused.

use std::collections::BTreeMap;
use std::io::{Cursor, Read};
use std::path::{Path, PathBuf};

use calamine::{DataRef, Reader, Xlsx};

use super::ImportError;
use super::rows::{Row, clean_header};
use crate::input;

/// The most a workbook may unpack to, by the sizes its zip entries declare: 1 GiB.
pub const MAX_UNPACKED_BYTES: u64 = 1 << 30;

/// Whether the file starts like a zip archive (an .xlsx workbook), or like the older binary .xls format. Only a
/// regular file is looked into ([`input::open`]: opening a pipe would wait for a writer); the CSV reader refuses
/// anything else with the reason.
pub fn kind(path: &Path) -> Option<&'static str> {
    let mut start = [0u8; 8];
    let n = input::open(path).and_then(|mut f| f.read(&mut start)).ok()?;
    if n >= 4 && start[..4] == *b"PK\x03\x04" {
        Some("xlsx")
    } else if n == 8 && start == [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1] {
        Some("xls")
    } else {
        None
    }
}

/// The rows of one worksheet, laid out one at a time.
pub(super) struct Sheet {
    /// The rows below the header still to give, in order: their non-empty cells by row (0-based), each as
    /// (column, text), in column order.
    pending: std::iter::Peekable<std::collections::btree_map::IntoIter<u32, Vec<(u32, String)>>>,
    /// The row after the last one given (0-based): rows in between have no cells at all.
    next_row: u32,
    /// The last row laid out, whole, for the duplicate check.
    last: Vec<String>,
    /// The header, cleaned as a CSV header is.
    pub headers: Vec<String>,
    /// How many columns the header has: a row is laid out at least this wide.
    width: usize,
    /// The worksheet read.
    pub name: String,
}

impl Sheet {
    /// Opens the workbook at `path` (a regular file of at most [`input::MAX_CSV_BYTES`]) and reads worksheet
    /// `sheet`, or the first one, into memory; its first row with any cell is the header.
    ///
    /// # Errors
    /// [`ImportError::Unusable`]: the file is not a readable .xlsx workbook, would unpack to too much, has no such
    /// worksheet, or the worksheet has no header row.
    pub fn open(path: &Path, sheet: Option<&str>) -> Result<Sheet, ImportError> {
        let shown = path.display();
        let unusable = |why: String| ImportError::Unusable(format!("{shown}: {why}"));
        if kind(path) == Some("xls") {
            return Err(unusable(
                "this is an Excel 97-2003 workbook (.xls), which aims does not read; save it as .xlsx (Excel \
                 Workbook) or as \"CSV UTF-8\""
                    .to_string(),
            ));
        }
        let mut bytes = Vec::new();
        input::bounded(path, input::MAX_CSV_BYTES).and_then(|mut f| f.read_to_end(&mut bytes)).map_err(|source| {
            match source.kind() {
                std::io::ErrorKind::FileTooLarge => unusable(format!(
                    "the workbook is larger than {} MiB; aims imports files of up to {} MiB",
                    input::MAX_CSV_BYTES >> 20,
                    input::MAX_CSV_BYTES >> 20
                )),
                _ => ImportError::Read { path: PathBuf::from(path), source },
            }
        })?;
        check_unpacked_size(&bytes).map_err(unusable)?;
        let mut workbook: Xlsx<_> = calamine::open_workbook_from_rs(Cursor::new(bytes))
            .map_err(|e| unusable(format!("not a readable .xlsx workbook ({e})")))?;
        let names = workbook.sheet_names();
        let name = match sheet {
            Some(wanted) => names.iter().find(|n| n.as_str() == wanted).cloned().ok_or_else(|| {
                unusable(format!("the workbook has no worksheet `{wanted}`; it has: {}", names.join(", ")))
            })?,
            None => names.first().cloned().ok_or_else(|| unusable("the workbook has no worksheet".to_string()))?,
        };
        let mut cells: BTreeMap<u32, Vec<(u32, String)>> = BTreeMap::new();
        {
            let mut reader = workbook
                .worksheet_cells_reader(&name)
                .map_err(|e| unusable(format!("cannot read worksheet `{name}` ({e})")))?;
            while let Some(cell) =
                reader.next_cell().map_err(|e| unusable(format!("cannot read worksheet `{name}` ({e})")))?
            {
                let text = text(cell.get_value());
                if !text.is_empty() {
                    let (row, column) = cell.get_position();
                    cells.entry(row).or_default().push((column, text));
                }
            }
        }
        for row in cells.values_mut() {
            row.sort_by_key(|(column, _)| *column);
        }
        let mut pending = cells.into_iter().peekable();
        let Some((header_row, header)) = pending.next() else {
            return Err(unusable(format!("worksheet `{name}` is empty; its first row must name the columns")));
        };
        let width = header.last().map_or(0, |(c, _)| *c as usize + 1);
        let mut headers = vec![String::new(); width];
        for (column, text) in header {
            headers[column as usize] = clean_header(&text);
        }
        Ok(Sheet { pending, next_row: header_row + 1, last: Vec::new(), headers, width, name })
    }

    /// The next row below the header: its sheet row number, its cells (as many as the header has columns, or up
    /// to its last non-empty cell when that lies further right) each cut to at most `keep` bytes, and their whole
    /// lengths. Rows with no cell at all between two rows are given as blank rows, so every row number is
    /// accounted for; `None` after the last row with a cell.
    pub fn next(&mut self, keep: usize) -> Option<Row> {
        let (number, cells) = match self.pending.peek() {
            Some(&(row, _)) if row > self.next_row => (self.next_row, Vec::new()),
            Some(_) => self.pending.next()?,
            None => return None,
        };
        self.next_row = number + 1;
        let width = self.width.max(cells.last().map_or(0, |(c, _)| *c as usize + 1));
        let mut whole = vec![String::new(); width];
        for (column, text) in cells {
            whole[column as usize] = text;
        }
        let lengths: Vec<usize> = whole.iter().map(String::len).collect();
        let cut = whole
            .iter()
            .map(|text| {
                let mut end = text.len().min(keep);
                while !text.is_char_boundary(end) {
                    end -= 1;
                }
                text[..end].to_string()
            })
            .collect();
        self.last = whole;
        let row = number as usize + 1;
        Some(Row { row, line: row as u64, cells: cut, lengths })
    }

    /// The last row's cells, whole.
    pub fn raw(&self) -> impl Iterator<Item = &[u8]> + Clone {
        self.last.iter().map(String::as_bytes)
    }
}

/// A cell as text.
fn text(value: &DataRef<'_>) -> String {
    match value {
        DataRef::Empty => String::new(),
        DataRef::String(s) | DataRef::DateTimeIso(s) | DataRef::DurationIso(s) => s.clone(),
        DataRef::SharedString(s) => (*s).to_string(),
        DataRef::Int(i) => i.to_string(),
        DataRef::Float(f) => number(*f),
        DataRef::Bool(b) => if *b { "TRUE" } else { "FALSE" }.to_string(),
        DataRef::DateTime(dt) if dt.is_datetime() => date_time(dt.as_f64()),
        DataRef::DateTime(dt) => number(dt.as_f64()),
        DataRef::Error(e) => e.to_string(),
    }
}

/// A number as Excel's General format shows it, without an exponent for whole numbers.
fn number(f: f64) -> String {
    if f.fract() == 0.0 && f.abs() < 1e15 { format!("{}", f as i64) } else { f.to_string() }
}

/// An Excel date serial (days since 1899-12-30) as `YYYY-MM-DD`, with `HH:MM` when it has a time of day.
fn date_time(serial: f64) -> String {
    let days = serial.floor();
    let date = crate::date::Date::from_days(days as i64 - 25_569);
    let minutes = ((serial - days) * 24.0 * 60.0).round() as i64;
    if minutes == 0 || minutes >= 24 * 60 {
        date.to_string()
    } else {
        format!("{date} {:02}:{:02}", minutes / 60, minutes % 60)
    }
}

/// Adds up the sizes the zip entries declare; too much is refused before anything is unpacked.
fn check_unpacked_size(bytes: &[u8]) -> Result<(), String> {
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes))
        .map_err(|e| format!("not a readable .xlsx workbook (its zip archive: {e})"))?;
    let mut total: u64 = 0;
    for i in 0..archive.len() {
        let entry = archive.by_index_raw(i).map_err(|e| format!("not a readable .xlsx workbook ({e})"))?;
        total = total.saturating_add(entry.size());
    }
    if total > MAX_UNPACKED_BYTES {
        return Err(format!(
            "the workbook would unpack to {} MiB, more than the {} MiB aims unpacks; save the worksheet as \"CSV \
             UTF-8\" and import that",
            total >> 20,
            MAX_UNPACKED_BYTES >> 20
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_read_as_excel_shows_them() {
        assert_eq!(number(12.0), "12");
        assert_eq!(number(2.5), "2.5");
        assert_eq!(date_time(45_352.0), "2024-03-01");
        assert_eq!(date_time(45_352.5), "2024-03-01 12:00");
    }
}
