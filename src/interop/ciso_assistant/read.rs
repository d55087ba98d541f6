//! Reading an audit file of CISO Assistant (its audit export, or a file made for its data wizard) into [`AuditTable`]:
//! the header and the cells as text, from XLSX (the first worksheet) or CSV (`;`, `,` or tab separated, the
//! delimiter read from the header line; a UTF-8 byte-order mark is dropped). [`super::import`] applies the import
//! rules to the rows.

use std::io::Cursor;
use std::path::Path;

use calamine::{Data, Reader};

/// The largest audit file aims reads: the framework's export is a few hundred kilobytes.
pub const MAX_AUDIT_BYTES: u64 = 16 * 1024 * 1024;

/// Why an audit file could not be read.
#[derive(Debug, thiserror::Error)]
pub enum ReadError {
    /// The file could not be read (missing, unreadable, larger than [`MAX_AUDIT_BYTES`]).
    #[error("cannot read {}: {error}", path.display())]
    Io {
        /// The file as named.
        path: std::path::PathBuf,
        /// What the file system said.
        error: std::io::Error,
    },
    /// An XLSX file calamine could not open, or one without a worksheet.
    #[error("cannot read {} as an XLSX workbook: {reason}", path.display())]
    Xlsx {
        /// The file as named.
        path: std::path::PathBuf,
        /// What went wrong.
        reason: String,
    },
    /// A CSV file that is not UTF-8 or not well-formed CSV.
    #[error("cannot read {} as CSV: {reason}", path.display())]
    Csv {
        /// The file as named.
        path: std::path::PathBuf,
        /// What went wrong, with the line.
        reason: String,
    },
}

/// A file's rows as text: the header (names trimmed, in lower case) and the rows after it, each with its row
/// number in the file (1-based, the header's row counted, as a spreadsheet program numbers rows).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuditTable {
    /// What the file was read as: `XLSX`, or `CSV separated by `;``.
    pub form: String,
    /// The column names.
    pub header: Vec<String>,
    /// The rows after the header: the row number and the cells (as many as the row has).
    pub rows: Vec<(usize, Vec<String>)>,
}

impl AuditTable {
    /// The index of the column named `name` (in lower case), if the header has one.
    pub fn column(&self, name: &str) -> Option<usize> {
        self.header.iter().position(|h| h == name)
    }
}

/// Reads `path` as XLSX when it starts like a ZIP archive (as every XLSX file does), else as CSV.
///
/// # Errors
/// [`ReadError`]: the file cannot be read, or is neither an XLSX workbook nor UTF-8 CSV.
pub fn read(path: &Path) -> Result<AuditTable, ReadError> {
    let bytes =
        crate::input::read(path, MAX_AUDIT_BYTES).map_err(|error| ReadError::Io { path: path.to_path_buf(), error })?;
    if bytes.starts_with(b"PK\x03\x04") { xlsx(path, bytes) } else { csv(path, &bytes) }
}

/// The most an XLSX file's parts may hold once unpacked, all together: the framework's export unpacks to about a
/// megabyte, and a workbook that claims more than this is refused before it is unpacked (a small file can unpack
/// to gigabytes).
pub const MAX_UNPACKED_BYTES: u64 = 256 * 1024 * 1024;

/// The first worksheet of an XLSX workbook. Booleans read as `true`/`false`, whole numbers without a decimal point.
fn xlsx(path: &Path, bytes: Vec<u8>) -> Result<AuditTable, ReadError> {
    let error = |reason: String| ReadError::Xlsx { path: path.to_path_buf(), reason };
    unpacked_size(&bytes).map_err(error)?;
    let mut workbook =
        calamine::Xlsx::new(Cursor::new(bytes)).map_err(|e: calamine::XlsxError| error(e.to_string()))?;
    let range = workbook
        .worksheet_range_at(0)
        .ok_or_else(|| error("it has no worksheet".to_string()))?
        .map_err(|e| error(e.to_string()))?;
    // The range starts at the first cell that holds anything; row numbers count from the sheet's first row.
    let first_row = range.start().map_or(0, |(row, _)| row as usize);
    let first_col = range.start().map_or(0, |(_, col)| col as usize);
    let lines = range.rows().enumerate().map(|(i, cells)| {
        let mut text: Vec<String> = vec![String::new(); first_col];
        text.extend(cells.iter().map(cell_text));
        (first_row + i + 1, text)
    });
    let (header, rows) = split_header(lines);
    Ok(AuditTable { form: "XLSX".to_string(), header, rows })
}

/// Checks the sizes a ZIP archive's central directory declares for its entries against [`MAX_UNPACKED_BYTES`],
/// and returns their sum. A ZIP64 archive (sizes beyond 4 GiB) or a directory that cannot be read is refused.
fn unpacked_size(bytes: &[u8]) -> Result<u64, String> {
    const END: [u8; 4] = [0x50, 0x4b, 0x05, 0x06];
    const ENTRY: [u8; 4] = [0x50, 0x4b, 0x01, 0x02];
    let broken = || "its ZIP directory cannot be read".to_string();
    let u16_at = |at: usize| bytes.get(at..at + 2).map(|b| u64::from(u16::from_le_bytes([b[0], b[1]])));
    let u32_at = |at: usize| bytes.get(at..at + 4).map(|b| u64::from(u32::from_le_bytes([b[0], b[1], b[2], b[3]])));
    // The end record is the last 22 bytes, before a comment of at most 65,535 bytes.
    let search_from = bytes.len().saturating_sub(22 + 65_535);
    let end =
        (search_from..bytes.len().saturating_sub(21)).rev().find(|&i| bytes[i..i + 4] == END).ok_or_else(broken)?;
    let entries = u16_at(end + 10).ok_or_else(broken)?;
    let mut at = usize::try_from(u32_at(end + 16).ok_or_else(broken)?).map_err(|_| broken())?;
    let mut total: u64 = 0;
    for _ in 0..entries {
        if bytes.get(at..at + 4) != Some(&ENTRY[..]) {
            return Err(broken());
        }
        let size = u32_at(at + 24).ok_or_else(broken)?;
        if size == u64::from(u32::MAX) {
            return Err("it is a ZIP64 archive, larger than any audit file".to_string());
        }
        total += size;
        if total > MAX_UNPACKED_BYTES {
            return Err(format!("its parts would unpack to more than {} MiB", MAX_UNPACKED_BYTES / (1024 * 1024)));
        }
        let lengths = [28, 30, 32].map(|o| u16_at(at + o));
        let [Some(name), Some(extra), Some(comment)] = lengths else { return Err(broken()) };
        at += 46 + usize::try_from(name + extra + comment).map_err(|_| broken())?;
    }
    Ok(total)
}

/// One cell's value as text.
fn cell_text(cell: &Data) -> String {
    match cell {
        Data::Empty | Data::Error(_) => String::new(),
        Data::String(s) | Data::DateTimeIso(s) | Data::DurationIso(s) => s.clone(),
        Data::Bool(b) => b.to_string(),
        Data::Int(i) => i.to_string(),
        Data::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => format!("{}", *f as i64),
        Data::Float(f) => f.to_string(),
        Data::DateTime(d) => d.as_f64().to_string(),
    }
}

/// A CSV file: UTF-8 (a byte-order mark dropped), its delimiter the one of `;`, `,` and tab that the header line
/// holds most of (`;` when tied, as CISO Assistant writes).
fn csv(path: &Path, bytes: &[u8]) -> Result<AuditTable, ReadError> {
    let error = |reason: String| ReadError::Csv { path: path.to_path_buf(), reason };
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let text = std::str::from_utf8(bytes)
        .map_err(|e| error(format!("it is not UTF-8 (byte {}); save it as CSV UTF-8", e.valid_up_to())))?;
    let delimiter = sniff(text);
    let mut reader =
        ::csv::ReaderBuilder::new().has_headers(false).flexible(true).delimiter(delimiter).from_reader(text.as_bytes());
    let mut records = Vec::new();
    for record in reader.records() {
        let record = record.map_err(|e| error(e.to_string()))?;
        let line = record.position().map_or(0, |p| p.line() as usize);
        records.push((line, record.iter().map(str::to_string).collect::<Vec<_>>()));
    }
    let (header, rows) = split_header(records.into_iter());
    let form = format!(
        "CSV separated by {}",
        if delimiter == b'\t' { "tabs".to_string() } else { format!("`{}`", char::from(delimiter)) }
    );
    Ok(AuditTable { form, header, rows })
}

/// The delimiter of a CSV text: whichever of `;`, `,` and tab its first line holds most of, outside quotes.
fn sniff(text: &str) -> u8 {
    let mut counts = [0usize; 3];
    let mut quoted = false;
    for c in text.chars() {
        match c {
            '"' => quoted = !quoted,
            '\n' if !quoted => break,
            ';' if !quoted => counts[0] += 1,
            ',' if !quoted => counts[1] += 1,
            '\t' if !quoted => counts[2] += 1,
            _ => {}
        }
    }
    let best = (0..3).max_by_key(|&i| (counts[i], std::cmp::Reverse(i))).unwrap_or(0);
    [b';', b',', b'\t'][best]
}

/// The first row with any text is the header (names trimmed, lower case); the rows after it follow.
type Rows = Vec<(usize, Vec<String>)>;

fn split_header(mut lines: impl Iterator<Item = (usize, Vec<String>)>) -> (Vec<String>, Rows) {
    let header = lines
        .by_ref()
        .find(|(_, cells)| cells.iter().any(|c| !c.trim().is_empty()))
        .map(|(_, cells)| cells.iter().map(|c| c.trim().to_lowercase()).collect())
        .unwrap_or_default();
    (header, lines.collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_workbook_that_claims_to_unpack_too_large_is_refused_before_it_is_unpacked() {
        let mut book = rust_xlsxwriter::Workbook::new();
        book.add_worksheet().write_string(0, 0, "ref_id").unwrap();
        let bytes = book.save_to_buffer().unwrap();
        let size = unpacked_size(&bytes).unwrap();
        assert!(size > 0 && size < 1024 * 1024, "{size}");
        // The first entry's declared size raised to just over the limit.
        let mut bomb = bytes.clone();
        let end = bomb.windows(4).rposition(|w| w == [0x50, 0x4b, 0x05, 0x06]).unwrap();
        let directory = u32::from_le_bytes(bomb[end + 16..end + 20].try_into().unwrap()) as usize;
        let claimed = u32::try_from(MAX_UNPACKED_BYTES + 1).unwrap().to_le_bytes();
        bomb[directory + 24..directory + 28].copy_from_slice(&claimed);
        assert!(unpacked_size(&bomb).unwrap_err().contains("more than 256 MiB"));
        assert!(unpacked_size(b"PK\x03\x04 not really a zip").is_err());
    }

    #[test]
    fn the_delimiter_is_the_one_the_header_holds_most_of() {
        assert_eq!(sniff("urn;ref_id;name\n"), b';');
        assert_eq!(sniff("urn,ref_id,name\n"), b',');
        assert_eq!(sniff("urn\tref_id\tname\n"), b'\t');
        assert_eq!(sniff("\"a;b\",c,d\n"), b',');
        assert_eq!(sniff("urn\n"), b';');
    }
}
