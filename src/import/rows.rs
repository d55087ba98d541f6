//! Reading a CSV inventory row by row, so that memory stays near the size of one row however large the file: the
//! header, then each record with the line of the file it starts on. Also the two per-row decisions that need no
//! mapping: whether a row repeats an earlier one (by a 128-bit fingerprint, not by keeping every row), and how to
//! clip a row whose text would not fit in a system file the loader reads.

use std::cell::RefCell;
use std::fs::File;
use std::hash::{BuildHasher, Hasher};
use std::io::{self, BufRead, BufReader, Read};
use std::path::{Path, PathBuf};
use std::rc::Rc;

use super::ImportError;
use crate::input::{self, Bounded};

/// What [`LineEnds`] knows of the bytes it passed on: the last block (the CSV reader's buffer holds nothing from
/// before it), and the count of line breaks in the run of `\r` and `\n` that opens the next record.
#[derive(Default)]
struct Tail {
    /// The last block read, and the offset of its first byte.
    block: Vec<u8>,
    start: u64,
    /// Line breaks counted in the run opening the next record, and whether that run may go on in bytes not yet
    /// read.
    run: u64,
    open: bool,
}

impl Tail {
    /// Counts the line ends that open a record starting at `offset` (which lies in the last block or just after
    /// it); when the run reaches the end of what was read, it is continued as more is read.
    fn start_run(&mut self, offset: u64) {
        self.run = 0;
        self.open = true;
        let from = usize::try_from(offset.saturating_sub(self.start)).unwrap_or(usize::MAX).min(self.block.len());
        let block = std::mem::take(&mut self.block);
        self.count(&block[from..]);
        self.block = block;
    }

    fn count(&mut self, bytes: &[u8]) {
        if !self.open {
            return;
        }
        for &b in bytes {
            match b {
                b'\n' => self.run += 1,
                b'\r' => {}
                _ => {
                    self.open = false;
                    return;
                }
            }
        }
    }
}

/// A reader that keeps the last block it passes on, so that the line each record starts on can be told without
/// keeping the file: the CSV reader counts the line breaks before a record, but places a record that follows a
/// CRLF (or blank lines) on the line end before it, which a person would not.
struct LineEnds<R> {
    inner: R,
    tail: Rc<RefCell<Tail>>,
}

impl<R: Read> Read for LineEnds<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        let mut tail = self.tail.borrow_mut();
        tail.start += tail.block.len() as u64;
        tail.block.clear();
        tail.block.extend_from_slice(&buf[..n]);
        tail.count(&buf[..n]);
        Ok(n)
    }
}

/// One record of the file.
pub(super) struct Row {
    /// Its row number as a spreadsheet shows it (the header is row 1).
    pub row: usize,
    /// The line of the file it starts on (for a workbook, the row number).
    pub line: u64,
    /// Its cells, each cut to the length asked for.
    pub cells: Vec<String>,
    /// Each cell's whole length, in bytes.
    pub lengths: Vec<usize>,
}

/// The rows of a CSV file, read one at a time.
pub(super) struct Rows {
    path: PathBuf,
    reader: csv::Reader<LineEnds<BufReader<Bounded<File>>>>,
    tail: Rc<RefCell<Tail>>,
    record: csv::ByteRecord,
    /// Records read so far, the header included.
    records: usize,
    /// The header, cleaned (outer spaces and byte order marks trimmed).
    pub headers: Vec<String>,
    /// The field separator used.
    pub delimiter: u8,
    /// Whether it was detected from the header (no `--delimiter`).
    pub detected: bool,
}

impl Rows {
    /// Opens `path` (a regular file of at most [`input::MAX_CSV_BYTES`]) and reads its header, with `delimiter`
    /// or, when it is `None`, the separator the header line uses most ([`sniff`]).
    ///
    /// # Errors
    /// [`ImportError`]: the file cannot be read, is UTF-16 or not UTF-8, or has no header row.
    pub fn open(path: &Path, delimiter: Option<u8>) -> Result<Rows, ImportError> {
        let shown = path.display();
        let read_error = |source| ImportError::Read { path: path.to_path_buf(), source };
        check_text(path)?;
        let mut buffered = BufReader::new(input::bounded(path, input::MAX_CSV_BYTES).map_err(read_error)?);
        let start = buffered.fill_buf().map_err(read_error)?;
        if start.starts_with(&[0xFF, 0xFE]) || start.starts_with(&[0xFE, 0xFF]) {
            return Err(ImportError::Unusable(format!(
                "{shown} is UTF-16 encoded; save it as UTF-8 (in Excel: Save As → \"CSV UTF-8 (Comma delimited)\")"
            )));
        }
        if start.starts_with(&[0xEF, 0xBB, 0xBF]) {
            buffered.consume(3);
        }
        let (delimiter, detected) = match delimiter {
            Some(d) => (d, false),
            None => (sniff(buffered.fill_buf().map_err(read_error)?), true),
        };
        // The first record's run of line ends starts at the first byte.
        let tail = Rc::new(RefCell::new(Tail { open: true, ..Tail::default() }));
        let counted = LineEnds { inner: buffered, tail: Rc::clone(&tail) };
        let reader =
            csv::ReaderBuilder::new().flexible(true).has_headers(false).delimiter(delimiter).from_reader(counted);
        let mut rows = Rows {
            path: path.to_path_buf(),
            reader,
            tail,
            record: csv::ByteRecord::new(),
            records: 0,
            headers: Vec::new(),
            delimiter,
            detected,
        };
        let header = match rows.next(usize::MAX).map_err(|e| rows.with_what(e, "cannot read the header row"))? {
            Some(row) => row.cells,
            None => Vec::new(),
        };
        rows.headers = header.iter().map(|h| clean_header(h)).collect();
        if rows.headers.iter().all(String::is_empty) {
            return Err(ImportError::Unusable(format!(
                "{shown} has no header row; the first row must name the columns"
            )));
        }
        Ok(rows)
    }

    /// The next record: the line it starts on, its cells cut to at most `keep` bytes each (on a character
    /// boundary), and each cell's whole length in bytes; `None` at the end of the file. A cell is never copied
    /// whole when it is longer than `keep`, so a huge cell costs its size once, in the reader.
    ///
    /// # Errors
    /// [`ImportError`]: the file cannot be read or is larger than its bound, or a cell is not UTF-8.
    pub fn next(&mut self, keep: usize) -> Result<Option<Row>, ImportError> {
        if self.record.as_slice().len() > 4 * 1024 * 1024 {
            // Give back the memory of a huge row rather than keep it for the rest of the file.
            self.record = csv::ByteRecord::new();
        }
        let more =
            self.reader.read_byte_record(&mut self.record).map_err(|e| self.csv_error(e, "cannot read the CSV"))?;
        if !more {
            return Ok(None);
        }
        self.records += 1;
        let line = self.record.position().map_or(1, csv::Position::line) + self.tail.borrow().run;
        // The next record starts where this one was consumed to.
        self.tail.borrow_mut().start_run(self.reader.position().byte());
        let mut cells = Vec::with_capacity(self.record.len());
        let mut lengths = Vec::with_capacity(self.record.len());
        let mut newlines_before = 0;
        for field in &self.record {
            match std::str::from_utf8(field) {
                Ok(text) => {
                    let mut cut = text.len().min(keep);
                    while !text.is_char_boundary(cut) {
                        cut -= 1;
                    }
                    cells.push(text[..cut].to_string());
                    lengths.push(text.len());
                }
                Err(e) => {
                    let valid = &field[..e.valid_up_to()];
                    let at = line + newlines_before + valid.iter().filter(|&&b| b == b'\n').count() as u64;
                    return Err(ImportError::Unusable(format!(
                        "{}:{at}: the file is not valid UTF-8 text (perhaps Windows-1252 or Latin-1); save it as \
                         UTF-8 (in Excel: Save As → \"CSV UTF-8 (Comma delimited)\")",
                        self.path.display()
                    )));
                }
            }
            newlines_before += field.iter().filter(|&&b| b == b'\n').count() as u64;
        }
        Ok(Some(Row { row: self.records, line, cells, lengths }))
    }

    /// The last record's cells as read, whole.
    pub fn raw(&self) -> impl Iterator<Item = &[u8]> + Clone {
        self.record.iter()
    }

    fn csv_error(&self, e: csv::Error, what: &'static str) -> ImportError {
        match e.kind() {
            csv::ErrorKind::Io(io) if io.kind() == io::ErrorKind::FileTooLarge => ImportError::Unusable(format!(
                "{} is larger than {} MiB; aims imports CSV files of up to {} MiB",
                self.path.display(),
                input::MAX_CSV_BYTES >> 20,
                input::MAX_CSV_BYTES >> 20
            )),
            _ => ImportError::Csv { path: self.path.clone(), what, source: e },
        }
    }

    fn with_what(&self, e: ImportError, what: &'static str) -> ImportError {
        match e {
            ImportError::Csv { path, source, .. } => ImportError::Csv { path, what, source },
            other => other,
        }
    }
}

/// Reads the whole file once, a block at a time, to refuse it before anything else if it is too large, UTF-16 or
/// not UTF-8 (naming the line of the first byte that is not), so that a file saved in the wrong encoding is
/// reported as such rather than as a header the mapping does not fit.
fn check_text(path: &Path) -> Result<(), ImportError> {
    let shown = path.display();
    let mut file = input::bounded(path, input::MAX_CSV_BYTES)
        .map_err(|source| ImportError::Read { path: path.to_path_buf(), source })?;
    let too_large = || {
        ImportError::Unusable(format!(
            "{shown} is larger than {} MiB; aims imports CSV files of up to {} MiB",
            input::MAX_CSV_BYTES >> 20,
            input::MAX_CSV_BYTES >> 20
        ))
    };
    let mut block = vec![0u8; 64 * 1024];
    // Bytes of a character cut by the end of the previous block, and the line reached.
    let mut carry: Vec<u8> = Vec::new();
    let (mut line, mut first) = (1u64, true);
    loop {
        let n = match file.read(&mut block) {
            Ok(0) => break,
            Ok(n) => n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) if e.kind() == io::ErrorKind::FileTooLarge => return Err(too_large()),
            Err(source) => return Err(ImportError::Read { path: path.to_path_buf(), source }),
        };
        carry.extend_from_slice(&block[..n]);
        if first && carry.len() >= 2 {
            if carry.starts_with(&[0xFF, 0xFE]) || carry.starts_with(&[0xFE, 0xFF]) {
                return Err(ImportError::Unusable(format!(
                    "{shown} is UTF-16 encoded; save it as UTF-8 (in Excel: Save As → \"CSV UTF-8 (Comma delimited)\")"
                )));
            }
            first = false;
        }
        let valid = match std::str::from_utf8(&carry) {
            Ok(_) => carry.len(),
            Err(e) if e.error_len().is_none() => e.valid_up_to(),
            Err(e) => {
                line += carry[..e.valid_up_to()].iter().filter(|&&b| b == b'\n').count() as u64;
                return Err(ImportError::Unusable(format!(
                    "{shown}:{line}: the file is not valid UTF-8 text (perhaps Windows-1252 or Latin-1); save it as \
                     UTF-8 (in Excel: Save As → \"CSV UTF-8 (Comma delimited)\")"
                )));
            }
        };
        line += carry[..valid].iter().filter(|&&b| b == b'\n').count() as u64;
        carry.drain(..valid);
    }
    if !carry.is_empty() {
        return Err(ImportError::Unusable(format!(
            "{shown}:{line}: the file ends in the middle of a character, so it is not valid UTF-8 text; save it as UTF-8"
        )));
    }
    Ok(())
}

/// The separator a CSV file most likely uses, from the start of the file: of `,`, `;` and tab, the one found most
/// often outside quotes on the header line (the first record; empty lines before it are skipped, as the reader
/// skips them). A tie, or none at all, gives `,`, then `;`.
pub fn sniff(start: &[u8]) -> u8 {
    let mut counts = [0usize; 3];
    let mut quoted = false;
    let first = start.iter().position(|b| !matches!(b, b'\r' | b'\n')).unwrap_or(start.len());
    for &b in &start[first..] {
        match b {
            b'"' => quoted = !quoted,
            b'\n' | b'\r' if !quoted => break,
            b',' if !quoted => counts[0] += 1,
            b';' if !quoted => counts[1] += 1,
            b'\t' if !quoted => counts[2] += 1,
            _ => {}
        }
    }
    let best = (0..3).fold(0, |best, i| if counts[i] > counts[best] { i } else { best });
    [b',', b';', b'\t'][best]
}

/// A separator as the summary and the messages name it: `,`, `;`, `tab`, or the character.
pub fn delimiter_name(delimiter: u8) -> String {
    match delimiter {
        b'\t' => "tab".to_string(),
        d => char::from(d).to_string(),
    }
}

/// A header as the import names it: byte order marks dropped, and on one line (runs of white space, line breaks
/// included, as one space; [`super::mapping::squash`]), as spreadsheet headers wrap freely.
pub(super) fn clean_header(header: &str) -> String {
    super::mapping::squash(header.trim_start_matches('\u{feff}'))
}

/// Fingerprints of the rows seen, to find a row that repeats an earlier one without keeping the rows: two
/// independently keyed 64-bit hashes of the cells, so a false match is as likely as guessing a 128-bit key.
pub(super) struct Seen {
    keys: (std::collections::hash_map::RandomState, std::collections::hash_map::RandomState),
    first: std::collections::HashMap<(u64, u64), usize>,
}

impl Seen {
    pub fn new() -> Seen {
        Seen { keys: Default::default(), first: std::collections::HashMap::new() }
    }

    /// The row that had exactly these cells first, or `None` (and `row` is remembered as the first).
    pub fn first<'c>(&mut self, cells: impl Iterator<Item = &'c [u8]> + Clone, row: usize) -> Option<usize> {
        let hash = |state: &std::collections::hash_map::RandomState| {
            let mut h = state.build_hasher();
            for cell in cells.clone() {
                h.write_usize(cell.len());
                h.write(cell);
            }
            h.finish()
        };
        let key = (hash(&self.keys.0), hash(&self.keys.1));
        match self.first.get(&key) {
            Some(&first) => Some(first),
            None => {
                self.first.insert(key, row);
                None
            }
        }
    }
}

/// Clips the cells of one row (the `counted` ones: columns not ignored) so that their text adds up to at most
/// `budget` bytes: the longest cells are cut to one common length, the shorter ones are kept whole. `lengths` are
/// the cells' whole lengths (a cell may already be cut to about the budget). Returns each clipped cell as (index,
/// whole length, bytes kept). Cuts fall on character boundaries.
pub(super) fn clip(
    cells: &mut [String],
    lengths: &[usize],
    counted: impl Fn(usize) -> bool,
    budget: usize,
) -> Vec<(usize, usize, usize)> {
    let counted: Vec<usize> = (0..cells.len()).filter(|&i| counted(i)).collect();
    let total: usize = counted.iter().map(|&i| lengths[i]).sum();
    if total <= budget {
        return Vec::new();
    }
    // The common length: the largest `cap` with the sum of min(length, cap) within the budget.
    let mut sorted: Vec<usize> = counted.iter().map(|&i| lengths[i]).collect();
    sorted.sort_unstable();
    let (mut left, mut cap) = (budget, 0);
    for (k, &n) in sorted.iter().enumerate() {
        let rest = sorted.len() - k;
        if n.saturating_mul(rest) <= left {
            left -= n;
        } else {
            cap = left / rest;
            break;
        }
    }
    let mut clipped = Vec::new();
    for i in counted {
        if lengths[i] > cap {
            let mut cut = cap.min(cells[i].len());
            while !cells[i].is_char_boundary(cut) {
                cut -= 1;
            }
            cells[i].truncate(cut);
            cells[i].shrink_to_fit();
            clipped.push((i, lengths[i], cut));
        }
    }
    clipped
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clipping_cuts_the_longest_cells_to_one_length_and_keeps_short_ones() {
        let mut cells = vec!["a".repeat(10), "b".repeat(100), "c".repeat(1000), "é".repeat(500)];
        let lengths: Vec<usize> = cells.iter().map(String::len).collect();
        let clipped = clip(&mut cells, &lengths, |_| true, 310);
        assert_eq!(cells[0].len(), 10);
        assert!(cells.iter().map(String::len).sum::<usize>() <= 310);
        assert_eq!(cells[1].len(), 100);
        assert_eq!(clipped.iter().map(|c| c.0).collect::<Vec<_>>(), vec![2, 3]);
        assert!(cells[3].chars().all(|c| c == 'é'));
    }

    /// The line each record starts on, read from `text` in blocks of every size the reader may see.
    fn lines(text: &str) -> Vec<u64> {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("f.csv");
        std::fs::write(&path, text).unwrap();
        let mut rows = Rows::open(&path, Some(b',')).unwrap();
        let mut lines = Vec::new();
        while let Some(row) = rows.next(usize::MAX).unwrap() {
            lines.push(row.line);
        }
        lines
    }

    #[test]
    fn each_row_is_placed_on_the_line_it_starts_on() {
        assert_eq!(lines("h\na\nb\n"), vec![2, 3]);
        assert_eq!(lines("h\r\na\r\nb\r\n"), vec![2, 3]);
        assert_eq!(lines("h\n\n\na\r\n\r\nb"), vec![4, 6]);
        assert_eq!(lines("h\n\"two\nlines\"\nc\n"), vec![2, 4]);
        assert_eq!(lines("\n\nh\r\n\"x\r\ny\"\r\nz"), vec![4, 6]);
        // A record far longer than the reader's buffer, with line breaks in it, then one more.
        let long = format!("h\r\n\"{}\"\r\n\r\nz\r\n", "word\r\n".repeat(10_000));
        assert_eq!(lines(&long), vec![2, 10_004]);
    }

    #[test]
    fn the_separator_is_the_one_the_header_uses_most() {
        assert_eq!(sniff(b"Systeem;Omschrijving;Eigenaar\r\na,b;c;d"), b';');
        assert_eq!(sniff(b"id,name,\"a;b;c\"\n"), b',');
        assert_eq!(sniff(b"id\tname\tnote, with comma\n"), b'\t');
        assert_eq!(sniff(b"\"x,y\";z\n"), b';');
        assert_eq!(sniff(b"single\n"), b',');
        assert_eq!(sniff(b"\r\n\r\na;b;c\r\n"), b';');
        assert_eq!(sniff(b""), b',');
    }

    #[test]
    fn a_row_within_the_budget_is_not_clipped() {
        let mut cells = vec!["abc".to_string(), "x".repeat(7)];
        assert!(clip(&mut cells, &[3, 7], |_| true, 10).is_empty());
        assert_eq!(cells[1].len(), 7);
    }
}
