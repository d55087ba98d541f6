//! The one way a workbook's sheets are written: a register ([`register`]) is a header row and one row per item,
//! with the header frozen, an autofilter over every column, set widths, wrapped long text, a list (data validation)
//! on the columns that hold a status and the status colours on them; a summary sheet ([`Summary`]) is label-value
//! pairs followed by tables. Every text goes through [`text`], so no cell is ever a formula.

use std::borrow::Cow;

use rust_xlsxwriter::{
    Color, ConditionalFormatCell, ConditionalFormatCellRule, DataValidation, ExcelDateTime, Format, FormatAlign,
    FormatBorder, Worksheet, XlsxError,
};

use crate::render::escape;
use crate::workspace::Status;

/// The most rows a sheet holds, its header included: Excel's limit. A register longer than this ends with a row
/// that says how many rows were left out and that the JSON report has them all.
pub const MAX_ROWS: u32 = 1_048_576;

/// The most characters a cell holds (Excel's limit); longer text is cut with an ellipsis.
const MAX_CELL_CHARS: usize = 32_767;

/// The most items a list inside one cell shows (evidence records, findings, AI systems of a large inventory); a
/// longer list ends with a line saying how many more there are and where they all are.
pub const MAX_LIST_LINES: usize = 100;

/// `items`, one per line, at most [`MAX_LIST_LINES`] of them; a longer list ends with `… and 9,900 more; {where}`.
pub(super) fn lines<S: AsRef<str>>(items: impl IntoIterator<Item = S>, elsewhere: &str) -> Cell {
    let mut items = items.into_iter();
    let mut out = String::new();
    for (n, item) in items.by_ref().enumerate() {
        if n > 0 {
            out.push('\n');
        }
        out.push_str(item.as_ref());
        if n + 1 == MAX_LIST_LINES {
            break;
        }
    }
    // The items past the limit are only counted: when the iterator knows how many are left (a list mapped item by
    // item, such as 10,000 AI systems' names), they are not built just to be dropped.
    let more = match items.size_hint() {
        (low, Some(high)) if low == high => low,
        _ => items.count(),
    };
    if more > 0 {
        out.push_str(&format!("\n… and {} more; {elsewhere}", crate::render::grouped(more)));
    }
    Cell::from(out)
}

/// The status words of the status columns and their lists, as the documents print them ([`Status::label`]).
pub(super) const STATUS_LABELS: [&str; 5] = [
    Status::ALL[0].label(),
    Status::ALL[1].label(),
    Status::ALL[2].label(),
    Status::ALL[3].label(),
    Status::ALL[4].label(),
];

/// The words of the Systems matrix: a status, or why a control is left out for a system.
pub(super) const SYSTEM_LABELS: [&str; 7] = [
    STATUS_LABELS[0],
    STATUS_LABELS[1],
    STATUS_LABELS[2],
    STATUS_LABELS[3],
    STATUS_LABELS[4],
    Status::NOT_YET_DUE,
    Status::RETIRED,
];

/// One cell's value.
#[derive(Debug, Clone)]
pub(super) enum Cell {
    /// Text: always a string cell.
    Text(String),
    /// A number: a count, a score in percent, a line number.
    Number(f64),
    /// A date: an Excel date shown `yyyy-mm-dd`, so it sorts, filters and computes as a date.
    Date(crate::date::Date),
    /// Nothing.
    Blank,
}

impl From<String> for Cell {
    fn from(text: String) -> Cell {
        if text.is_empty() { Cell::Blank } else { Cell::Text(text) }
    }
}

impl From<&str> for Cell {
    fn from(text: &str) -> Cell {
        Cell::from(text.to_string())
    }
}

impl From<Option<String>> for Cell {
    fn from(text: Option<String>) -> Cell {
        text.map_or(Cell::Blank, Cell::from)
    }
}

impl From<Option<&str>> for Cell {
    fn from(text: Option<&str>) -> Cell {
        text.map_or(Cell::Blank, Cell::from)
    }
}

impl From<Option<f64>> for Cell {
    fn from(n: Option<f64>) -> Cell {
        n.map_or(Cell::Blank, Cell::Number)
    }
}

impl From<usize> for Cell {
    fn from(n: usize) -> Cell {
        Cell::Number(n as f64)
    }
}

/// `Yes` or nothing, for a flag column (a filter then shows the flagged rows).
pub(super) fn yes(flag: bool) -> Cell {
    if flag { Cell::Text("Yes".to_string()) } else { Cell::Blank }
}

/// `Yes` or `No`, for a column where both answers matter.
pub(super) fn yes_no(flag: bool) -> Cell {
    Cell::Text(if flag { "Yes" } else { "No" }.to_string())
}

/// A date as an Excel date shown `yyyy-mm-dd` (the JSON's form), or nothing.
pub(super) fn date(date: Option<crate::date::Date>) -> Cell {
    date.map_or(Cell::Blank, Cell::Date)
}

/// The number format of every date cell: the ISO form the documents and the JSON write.
pub(super) const DATE_FORMAT: &str = "yyyy-mm-dd";

/// What a column holds, and so how it is formatted.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) enum Kind {
    /// Short text on one line.
    Text,
    /// Long text, wrapped.
    Wrap,
    /// A whole number.
    Count,
    /// A percentage (0-100) to one decimal.
    Score,
    /// A status word: a list of [`STATUS_LABELS`] and the status colours.
    Status,
    /// A word from a fixed list (the list), without colours.
    Choice(&'static [&'static str]),
    /// A reference for the program rather than the reader (the plan's action IDs, which re-import needs): the last
    /// column, its header grey rather than blue, its text grey, and outside the printed area.
    Reference,
}

/// One column of a register: its header, width in characters and kind.
#[derive(Debug, Clone)]
pub(super) struct Column {
    pub header: Cow<'static, str>,
    pub width: f64,
    pub kind: Kind,
}

/// A column with a fixed header.
pub(super) const fn col(header: &'static str, width: f64, kind: Kind) -> Column {
    Column { header: Cow::Borrowed(header), width, kind }
}

/// The formats of a sheet.
struct Styles {
    header: Format,
    /// The header of a [`Kind::Reference`] column.
    reference_header: Format,
    /// The text of a [`Kind::Reference`] column.
    reference: Format,
    plain: Format,
    wrap: Format,
    quoted: Format,
    wrap_quoted: Format,
    score: Format,
    count: Format,
    date: Format,
}

impl Styles {
    fn new() -> Styles {
        let base = Format::new().set_align(FormatAlign::Top);
        Styles {
            header: Format::new()
                .set_bold()
                .set_text_wrap()
                .set_align(FormatAlign::Top)
                .set_font_color(Color::White)
                .set_background_color(Color::RGB(0x1F_4E_78))
                .set_border_bottom(FormatBorder::Thin),
            reference_header: Format::new()
                .set_text_wrap()
                .set_align(FormatAlign::Top)
                .set_font_color(Color::RGB(0x59_59_59))
                .set_background_color(Color::RGB(0xED_ED_ED))
                .set_border_bottom(FormatBorder::Thin),
            reference: base.clone().set_font_color(Color::RGB(0x7F_7F_7F)),
            wrap: base.clone().set_text_wrap(),
            quoted: base.clone().set_quote_prefix(),
            wrap_quoted: base.clone().set_text_wrap().set_quote_prefix(),
            score: base.clone().set_num_format("0.0"),
            count: base.clone().set_num_format("0"),
            date: base.clone().set_num_format(DATE_FORMAT).set_align(FormatAlign::Left),
            plain: base,
        }
    }

    /// The format of a column of `kind` in a register ([`Worksheet::set_column_format`]): the format of its usual
    /// cell, a text for a text column, a number for a number column. A cell written without a format takes it, so
    /// the cells that look like it are written without one (looking a format up hashes all of it, for every cell).
    fn column(&self, kind: Kind) -> &Format {
        match kind {
            Kind::Count => &self.count,
            Kind::Score => &self.score,
            _ => self.text(kind, false),
        }
    }

    /// The format of a text cell in a column of `kind`.
    fn text(&self, kind: Kind, quoted: bool) -> &Format {
        if kind == Kind::Reference && !quoted {
            return &self.reference;
        }
        match (kind == Kind::Wrap, quoted) {
            (false, false) => &self.plain,
            (true, false) => &self.wrap,
            (false, true) => &self.quoted,
            (true, true) => &self.wrap_quoted,
        }
    }
}

/// Workspace text as a cell holds it: [`escape::xlsx_text`], cut to Excel's limit of characters per cell.
pub(super) fn clean(text: &str) -> String {
    prepare(text).0
}

/// [`clean`], and whether the text looks like a formula (and so gets the quote prefix).
fn prepare(text: &str) -> (String, bool) {
    let (clean, formula_like) = escape::xlsx_text(text);
    (cut(clean.into_owned()), formula_like)
}

/// [`prepare`] for a text the caller owns: a text that needs no change is returned as it is, not copied (most of a
/// large register's cells).
fn prepare_owned(text: String) -> (String, bool) {
    let (clean, formula_like) = escape::xlsx_text(&text);
    match clean {
        Cow::Borrowed(_) => (cut(text), formula_like),
        Cow::Owned(clean) => (cut(clean), formula_like),
    }
}

/// `clean` cut to Excel's limit of characters per cell, with an ellipsis.
fn cut(clean: String) -> String {
    if clean.len() <= MAX_CELL_CHARS || clean.chars().count() <= MAX_CELL_CHARS {
        return clean;
    }
    let mut cut: String = clean.chars().take(MAX_CELL_CHARS - 1).collect();
    cut.push('…');
    cut
}

/// Writes one cell, a string whatever the text says (with the quote prefix where it looks like a formula). In a
/// register (`column_formats`), whose columns carry [`Styles::column`], a cell that looks as its column does is
/// written without a format of its own and takes the column's; a summary sheet's cells carry their formats.
fn write(
    ws: &mut Worksheet,
    styles: &Styles,
    row: u32,
    col: u16,
    (kind, column_formats): (Kind, bool),
    cell: Cell,
) -> Result<(), XlsxError> {
    let same = |format: &Format| column_formats && std::ptr::eq(format, styles.column(kind));
    match cell {
        Cell::Blank => {}
        Cell::Text(text) => {
            let (text, formula_like) = prepare_owned(text);
            let format = styles.text(kind, formula_like);
            if same(format) {
                ws.write_string(row, col, text)?;
            } else {
                ws.write_string_with_format(row, col, text, format)?;
            }
        }
        Cell::Number(n) => {
            let format = if kind == Kind::Score { &styles.score } else { &styles.count };
            if same(format) {
                ws.write_number(row, col, n)?;
            } else {
                ws.write_number_with_format(row, col, n, format)?;
            }
        }
        // Excel counts days from 1900: an earlier date (which no record should hold) stays text.
        Cell::Date(d) => match ExcelDateTime::parse_from_str(&d.to_string()) {
            Ok(excel) => {
                ws.write_datetime_with_format(row, col, &excel, &styles.date)?;
            }
            Err(_) => {
                ws.write_string_with_format(row, col, d.to_string(), &styles.plain)?;
            }
        },
    }
    Ok(())
}

/// A register sheet: `columns` as the header row, then `rows`. The first `frozen_columns` columns stay in view when
/// scrolling sideways (the Systems matrix freezes the system's ID).
pub(super) fn register(
    name: &str,
    columns: &[Column],
    rows: impl IntoIterator<Item = Vec<Cell>>,
    frozen_columns: u16,
) -> Result<Worksheet, XlsxError> {
    let styles = Styles::new();
    let mut ws = Worksheet::new();
    ws.set_name(name)?;
    let last_col = u16::try_from(columns.len().saturating_sub(1)).unwrap_or(u16::MAX);
    for (c, column) in (0u16..).zip(columns) {
        ws.set_column_width(c, column.width)?;
        ws.set_column_format(c, styles.column(column.kind))?;
        let header = if column.kind == Kind::Reference { &styles.reference_header } else { &styles.header };
        ws.write_string_with_format(0, c, clean(&column.header), header)?;
    }
    let mut rows = rows.into_iter();
    let mut row = 0u32;
    for cells in rows.by_ref() {
        if row + 2 >= MAX_ROWS {
            let left = 1 + rows.count();
            let note = format!(
                "{left} more rows are not shown: a sheet holds at most {MAX_ROWS} rows. The JSON report has them all."
            );
            row += 1;
            ws.write_string_with_format(row, 0, note, &styles.plain)?;
            break;
        }
        row += 1;
        for ((c, column), cell) in (0u16..).zip(columns).zip(cells) {
            write(&mut ws, &styles, row, c, (column.kind, true), cell)?;
        }
    }
    ws.set_freeze_panes(1, frozen_columns)?;
    ws.autofilter(0, 0, row.max(1), last_col)?;
    // Printed: the columns for the reader (a trailing reference column stays on screen only), the header row on
    // every page.
    let printed = columns.iter().rev().take_while(|c| c.kind == Kind::Reference).count();
    let printed_last = last_col.saturating_sub(u16::try_from(printed).unwrap_or(0));
    if printed > 0 && printed < columns.len() {
        ws.set_print_area(0, 0, row.max(1), printed_last)?;
    }
    print_setup(&mut ws, columns[..columns.len() - printed].iter().map(|c| c.width).sum())?;
    if row > 0 {
        for (c, column) in (0u16..).zip(columns) {
            let list: &[&str] = match column.kind {
                Kind::Status => &STATUS_LABELS,
                Kind::Choice(list) => list,
                _ => continue,
            };
            ws.add_data_validation(1, c, row, c, &DataValidation::new().allow_list_strings(list)?)?;
            if column.kind == Kind::Status {
                colour_statuses(&mut ws, 1, c, row, c)?;
            }
        }
    }
    Ok(ws)
}

/// Paper size 9 of the Office Open XML page setup: A4 (a reader on US Letter picks it in the print dialog; fitting
/// to the page width keeps the sheet whole on either).
const PAPER_A4: u8 = 9;

/// The widest a sheet's printed columns may be, in character widths, and still print portrait; a wider sheet prints
/// landscape.
const PORTRAIT_WIDTH: f64 = 100.0;

/// The most character widths one landscape A4 page takes before the text would print smaller than about two thirds of
/// its size; a wider register prints across as many pages as that needs (the plan's 22 columns: 3 pages wide).
const PAGE_WIDTH: f64 = 220.0;

/// How every sheet prints: on A4, landscape when its printed columns are wider than [`PORTRAIT_WIDTH`], scaled to
/// one page wide, or to as many pages wide as [`PAGE_WIDTH`] asks for, with the first column repeated on each (as
/// many pages tall as it needs), with its first row (a register's header, a summary's title) at the top of every
/// page, centred, with the page number at the foot.
fn print_setup(ws: &mut Worksheet, width: f64) -> Result<(), XlsxError> {
    ws.set_paper_size(PAPER_A4);
    if width > PORTRAIT_WIDTH {
        ws.set_landscape();
    } else {
        ws.set_portrait();
    }
    let pages_wide = (width / PAGE_WIDTH).ceil().clamp(1.0, 9.0);
    // Whole pages between 1 and 9: the conversion cannot lose anything.
    #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
    let pages_wide = pages_wide as u16;
    if pages_wide > 1 {
        ws.set_repeat_columns(0, 0)?;
    }
    ws.set_print_fit_to_pages(pages_wide, 0);
    ws.set_print_center_horizontally(true);
    ws.set_footer("&L&A&RPage &P of &N");
    ws.set_repeat_rows(0, 0)?;
    Ok(())
}

/// Colours the cells of a range by the status word they hold: green, amber, red, grey and blue, as the HTML report
/// does. A cell edited to another status takes that status's colour.
pub(super) fn colour_statuses(
    ws: &mut Worksheet,
    first_row: u32,
    first_col: u16,
    last_row: u32,
    last_col: u16,
) -> Result<(), XlsxError> {
    for (label, fill, font) in STATUS_COLOURS {
        let format = Format::new().set_background_color(Color::RGB(fill)).set_font_color(Color::RGB(font));
        let rule = ConditionalFormatCell::new().set_rule(ConditionalFormatCellRule::EqualTo(label)).set_format(format);
        ws.add_conditional_format(first_row, first_col, last_row, last_col, &rule)?;
    }
    Ok(())
}

/// Each status word with its fill and font colour.
const STATUS_COLOURS: [(&str, u32, u32); 7] = [
    (Status::Compliant.label(), 0xC6_EF_CE, 0x00_61_00),
    (Status::PartiallyCompliant.label(), 0xFF_EB_9C, 0x9C_57_00),
    (Status::NonCompliant.label(), 0xFF_C7_CE, 0x9C_00_06),
    (Status::NotApplicable.label(), 0xED_ED_ED, 0x59_59_59),
    (Status::NotAssessed.label(), 0xDD_EB_F7, 0x1F_4E_78),
    (Status::NOT_YET_DUE, 0xED_ED_ED, 0x59_59_59),
    (Status::RETIRED, 0xED_ED_ED, 0x59_59_59),
];

/// A status as the status columns write it.
pub(super) fn status(status: Status) -> Cell {
    Cell::Text(status.label().to_string())
}

/// A summary sheet: a title, label-value pairs, then tables with a header row each.
pub(super) struct Summary {
    ws: Worksheet,
    styles: Styles,
    label: Format,
    title: Format,
    row: u32,
}

impl Summary {
    /// A sheet named `name` whose first row is `title`.
    pub(super) fn new(name: &str, title: &str) -> Result<Summary, XlsxError> {
        let styles = Styles::new();
        let mut ws = Worksheet::new();
        ws.set_name(name)?;
        ws.set_column_width(0, 34)?;
        ws.set_column_width(1, 70)?;
        for c in 2..9 {
            ws.set_column_width(c, 14)?;
        }
        let title_format = Format::new().set_bold().set_font_size(14);
        let (title, formula_like) = prepare(title);
        let title_format = if formula_like { title_format.set_quote_prefix() } else { title_format };
        ws.write_string_with_format(0, 0, title, &title_format)?;
        let label = Format::new().set_bold().set_align(FormatAlign::Top);
        // The label and value columns and the tables' first columns: wider than a portrait page.
        print_setup(&mut ws, 34.0 + 70.0 + 7.0 * 14.0)?;
        Ok(Summary { ws, styles, label, title: Format::new().set_bold().set_font_size(12), row: 2 })
    }

    /// A row `label | value`.
    pub(super) fn pair(&mut self, label: &str, value: impl Into<Cell>) -> Result<(), XlsxError> {
        self.ws.write_string_with_format(self.row, 0, label, &self.label)?;
        write(&mut self.ws, &self.styles, self.row, 1, (Kind::Wrap, false), value.into())?;
        self.row += 1;
        Ok(())
    }

    /// A row `label | score`, the score formatted in percent to one decimal.
    pub(super) fn score(&mut self, label: &str, score: Option<f64>) -> Result<(), XlsxError> {
        self.ws.write_string_with_format(self.row, 0, label, &self.label)?;
        write(&mut self.ws, &self.styles, self.row, 1, (Kind::Score, false), Cell::from(score))?;
        self.row += 1;
        Ok(())
    }

    /// A blank row, then a heading.
    pub(super) fn heading(&mut self, text: &str) -> Result<(), XlsxError> {
        self.row += 1;
        self.ws.write_string_with_format(self.row, 0, text, &self.title)?;
        self.row += 1;
        Ok(())
    }

    /// A table: a header row, then `rows`; status columns get their colours.
    pub(super) fn table(&mut self, columns: &[Column], rows: &[Vec<Cell>]) -> Result<(), XlsxError> {
        for (c, column) in (0u16..).zip(columns) {
            self.ws.write_string_with_format(self.row, c, clean(&column.header), &self.styles.header)?;
        }
        let first = self.row + 1;
        for cells in rows {
            self.row += 1;
            for ((c, column), cell) in (0u16..).zip(columns).zip(cells) {
                write(&mut self.ws, &self.styles, self.row, c, (column.kind, false), cell.clone())?;
            }
        }
        for (c, column) in (0u16..).zip(columns) {
            if column.kind == Kind::Status && !rows.is_empty() {
                colour_statuses(&mut self.ws, first, c, self.row, c)?;
            }
        }
        self.row += 1;
        Ok(())
    }

    /// The finished sheet.
    pub(super) fn finish(self) -> Worksheet {
        self.ws
    }
}

/// `columns`, and each of `rows`, without the columns at the positions `drop`: a register's columns that only one
/// voice shows (the practitioner's IDs, rule codes and YAML advice).
pub(super) fn drop_columns<'a>(
    columns: &[Column],
    rows: impl IntoIterator<Item = Vec<Cell>> + 'a,
    drop: &'a [usize],
) -> (Vec<Column>, impl Iterator<Item = Vec<Cell>> + 'a) {
    let kept = |i: &usize| !drop.contains(i);
    let columns = columns.iter().enumerate().filter(|(i, _)| kept(i)).map(|(_, c)| c.clone()).collect();
    let rows = rows.into_iter().map(move |row| {
        row.into_iter().enumerate().filter(|(i, _)| kept(i)).map(|(_, cell)| cell).collect::<Vec<Cell>>()
    });
    (columns, rows)
}
