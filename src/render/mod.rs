//! Stage three of the pipeline: every output format is one renderer over the same [`Report`] (an assessment and
//! the gate's verdict). Renderers read the decisions the assessment recorded (statuses, waivers, severities,
//! headlines) and decide nothing themselves. The JSON rendering is the stable machine interface; the others show a
//! subset of it for people.

mod catalogue;
pub mod crosswalk;
mod csv;
pub mod escape;
pub mod file_title;
mod findings;
mod github;
pub mod html;
mod json;
mod junit;
mod markdown;
mod sarif;
pub mod table;
mod template;
pub mod xlsx;

use std::fmt;

use crate::assess::Report;
use crate::workspace::Status;

pub use catalogue::{heading_markdown, requirement_markdown};
pub use csv::{CsvStyle, restyle as restyle_csv};
pub(crate) use findings::{capitalised, evidence_cells, work};
/// [`report_json`], written to a stream as it is serialised.
pub use json::report_to as report_json_to;
pub use junit::junit_to;
pub(crate) use markdown::system_records;
pub use markdown::{document_title, markdown};
pub use sarif::{SarifSummary, limits as sarif_limits, sarif_to};
pub use table::table;
pub use template::{
    MAX_OUTPUT_BYTES, MAX_TEMPLATE_BYTES, Markup, RECURSION_LIMIT, TEMPLATE_FUEL, TemplateError, render_document,
    render_document_as,
};

/// Output formats of `aims gap`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// A summary for the terminal, as wide as it is
    Table,
    /// The full report, for people (GitHub and GitLab render it)
    Markdown,
    /// The Markdown report as one self-contained web page with charts, to read in a browser or print to PDF
    Html,
    /// The stable machine interface (docs/json.md)
    Json,
    /// SARIF 2.1.0, for code scanning
    Sarif,
    /// JUnit XML, for CI test reports
    Junit,
    /// GitHub Actions workflow commands (annotations)
    Github,
    /// One row per requirement, for spreadsheets
    Csv,
    /// An Excel workbook of registers (binary: see [`xlsx`]; [`render`] refuses it)
    Xlsx,
}

impl Format {
    /// The format a file's extension names, compared without regard to case: `.md`, `.markdown` or none Markdown,
    /// `.html` or `.htm` HTML, `.json` JSON, `.sarif` SARIF, `.xml` JUnit, `.csv` CSV, `.xlsx` the workbook, `.txt` the terminal table.
    ///
    /// # Errors
    /// [`ExtensionError::NotWritten`] for an extension that names a format aims does not write (`.pdf`, `.docx`,
    /// `.xls` …), with what to do instead; [`ExtensionError::Unknown`] for any other extension.
    pub fn from_path(path: &std::path::Path) -> Result<Format, ExtensionError> {
        let Some(extension) = path.extension() else { return Ok(Format::Markdown) };
        let lower = extension.to_string_lossy().to_ascii_lowercase();
        match lower.as_str() {
            "md" | "markdown" => Ok(Format::Markdown),
            "html" | "htm" => Ok(Format::Html),
            "json" => Ok(Format::Json),
            "sarif" => Ok(Format::Sarif),
            "xml" => Ok(Format::Junit),
            "csv" => Ok(Format::Csv),
            "xlsx" => Ok(Format::Xlsx),
            "txt" => Ok(Format::Table),
            _ => Err(match not_written(&lower) {
                Some((name, instead)) => ExtensionError::NotWritten { path: path.to_path_buf(), name, instead },
                None => ExtensionError::Unknown { path: path.to_path_buf(), extension: lower },
            }),
        }
    }

    /// The format of an output file: `explicit` (`--format`, or the `FORMAT` of `--report FORMAT=PATH`) when given,
    /// which wins over any extension aims knows or does not know, otherwise the extension's ([`Format::from_path`]).
    ///
    /// # Errors
    /// [`ExtensionError::NotWritten`] whenever the extension names a format aims does not write, `explicit` or not:
    /// Markdown in a file called `report.pdf` would not open as a PDF. Without `explicit`, the errors of
    /// [`Format::from_path`].
    pub fn for_path(explicit: Option<Format>, path: &std::path::Path) -> Result<Format, ExtensionError> {
        match explicit {
            None => Format::from_path(path),
            Some(format) => {
                let lower = path.extension().map(|e| e.to_string_lossy().to_ascii_lowercase());
                match lower.as_deref().and_then(not_written) {
                    Some((name, instead)) => {
                        Err(ExtensionError::NotWritten { path: path.to_path_buf(), name, instead })
                    }
                    None => Ok(format),
                }
            }
        }
    }
}

/// The formats aims does not write, by lower-case extension: the format's name and what to do instead.
fn not_written(extension: &str) -> Option<(&'static str, &'static str)> {
    const WORD: &str = "write HTML (`--format html`, a file ending in .html) and open it in the word processor, or \
                        write Markdown (.md)";
    const SHEET: &str = "write the workbook (`--format xlsx`, a file ending in .xlsx) or CSV (.csv) and open it in the \
                         spreadsheet";
    Some(match extension {
        "pdf" => ("PDF", "write HTML (`--format html`, a file ending in .html) and print it to PDF from a browser"),
        "doc" | "docx" | "docm" | "dot" | "dotx" => ("Word", WORD),
        "odt" | "ott" | "fodt" => ("OpenDocument text", WORD),
        "rtf" => ("RTF", WORD),
        "pages" => ("Pages", WORD),
        "ppt" | "pptx" | "odp" | "key" => {
            ("presentation", "write HTML (`--format html`, a file ending in .html) and take the charts from it")
        }
        "xls" | "xlsm" | "ods" | "numbers" => ("spreadsheet", SHEET),
        "png" | "jpg" | "jpeg" | "svg" | "gif" | "webp" => {
            ("image", "write HTML (`--format html`, a file ending in .html), whose charts are SVG inside the page")
        }
        _ => return None,
    })
}

/// An output file's extension does not say a format aims writes.
#[derive(Debug, thiserror::Error)]
pub enum ExtensionError {
    /// The extension names a format aims does not write (`.pdf`).
    #[error("aims does not write {name} files, so it will not write {}; {instead}", .path.display())]
    NotWritten {
        /// The output path as given.
        path: std::path::PathBuf,
        /// The format the extension names: "PDF".
        name: &'static str,
        /// What to do instead.
        instead: &'static str,
    },
    /// The extension names no format aims knows.
    #[error(
        "aims does not know which format to write to {} (.{extension}): end the name in .md, .html, .json, .sarif, \
         .xml, .csv or .txt, or say the format with --format",
        .path.display()
    )]
    Unknown {
        /// The output path as given.
        path: std::path::PathBuf,
        /// The extension, in lower case.
        extension: String,
    },
}

impl fmt::Display for Format {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Format::Table => "table",
            Format::Markdown => "markdown",
            Format::Html => "html",
            Format::Json => "json",
            Format::Sarif => "sarif",
            Format::Junit => "junit",
            Format::Github => "github",
            Format::Csv => "csv",
            Format::Xlsx => "xlsx",
        })
    }
}

impl Format {
    /// Whether the format is binary (the XLSX workbook): written as bytes by [`xlsx`], never to a terminal.
    pub fn is_binary(self) -> bool {
        matches!(self, Format::Xlsx)
    }

    /// The formats of the Statement of Applicability and the remediation plan.
    pub const DOCUMENT: &'static [Format] = &[Format::Markdown, Format::Html, Format::Csv, Format::Json];
    /// The formats of the crosswalk views.
    pub const CROSSWALK: &'static [Format] = &[Format::Table, Format::Markdown, Format::Json, Format::Csv];

    /// `Ok(self)` when `self` is one of `supported`, the formats `document` comes in.
    ///
    /// # Errors
    /// [`DocumentError::Unsupported`] naming the document, the format and the formats it does come in.
    pub fn check(self, document: &'static str, supported: &'static [Format]) -> Result<Format, DocumentError> {
        if supported.contains(&self) {
            Ok(self)
        } else {
            Err(DocumentError::Unsupported { document, format: self, supported })
        }
    }
}

/// Why a document other than the gap report (Statement of Applicability, plan, crosswalk) was not rendered.
#[derive(Debug, thiserror::Error)]
pub enum DocumentError {
    /// The Markdown template failed.
    #[error(transparent)]
    Template(#[from] TemplateError),
    /// The document does not come in that format.
    #[error("the {document} is not written as {format}; it comes as {}", list(supported))]
    Unsupported {
        /// What was asked for: "Statement of Applicability".
        document: &'static str,
        /// The format asked for.
        format: Format,
        /// The formats it comes in.
        supported: &'static [Format],
    },
}

fn list(formats: &[Format]) -> String {
    formats.iter().map(Format::to_string).collect::<Vec<_>>().join(", ")
}

/// Whose voice the human documents (the Markdown report, Statement of Applicability and plan) speak in. Machine
/// formats (JSON, SARIF, JUnit, GitHub annotations, CSV) are the same in both.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Audience {
    /// The organisation's management (the default): organisational actions, no rule codes, YAML field names or
    /// `file:line` in the body; those go to a traceability appendix.
    #[default]
    Client,
    /// The person who keeps the workspace: every finding with its rule code and `file:line`, inline.
    Practitioner,
}

impl Audience {
    /// The audience's key, as `--audience` and the templates' `audience` write it: `client`, `practitioner`.
    pub fn as_str(self) -> &'static str {
        match self {
            Audience::Client => "client",
            Audience::Practitioner => "practitioner",
        }
    }
}

/// How to render, beyond the format.
#[derive(Debug, Clone, Copy)]
pub struct Options<'a> {
    /// ANSI colour, for the terminal table only.
    pub colour: bool,
    /// A folder whose templates override the built-in ones by name.
    pub template_dir: Option<&'a std::path::Path>,
    /// The workspace's folder seen from the repository root (`compliance/aims/`), put before every path in SARIF,
    /// GitHub annotations and JUnit, whose readers resolve paths from the repository root; empty (the default)
    /// leaves paths relative to the workspace. Written with `/` separators; see [`path_prefix`].
    pub path_prefix: &'a str,
    /// The width of the terminal table, in columns: the terminal's on standard output, [`table::WIDTH`] in a file.
    pub width: usize,
    /// Whose voice the Markdown report, the Statement of Applicability and the plan speak in.
    pub audience: Audience,
    /// The executive summary and front matter of the Markdown report ([`crate::views::summary::build`]); `None`
    /// leaves them out (the report then opens with its scores).
    pub summary: Option<&'a crate::views::summary::Summary>,
}

impl Default for Options<'_> {
    fn default() -> Self {
        Options {
            colour: false,
            template_dir: None,
            path_prefix: "",
            width: table::WIDTH,
            audience: Audience::Client,
            summary: None,
        }
    }
}

/// A path prefix as the renderers use it: `/` separators, no leading `./` or `/`, no empty or `.` components, and a
/// final `/` unless it is empty. `""`, `"."` and `"./"` are the empty prefix.
pub fn path_prefix(text: &str) -> String {
    let parts: Vec<&str> = text.split(['/', '\\']).filter(|p| !p.is_empty() && *p != ".").collect();
    if parts.is_empty() { String::new() } else { format!("{}/", parts.join("/")) }
}

/// The mark of external evidence in the client's words: the document is kept in a document system outside the
/// workspace, and the assessment did not open it.
pub const CLIENT_EXTERNAL_MARK: &str = "held elsewhere; not inspected";

/// `text` (a mark, a count of systems) in the client's words: the tool's phrases for external evidence ("external,
/// not verified by aims") and for a system whose AI role a control does not concern ("in another AI role") become
/// the words a client's reader uses. Any other text comes back unchanged.
pub fn client_words(text: &str) -> String {
    text.replace(crate::assess::EXTERNAL_MARK, CLIENT_EXTERNAL_MARK)
        .replace("in another AI role", "not applicable to the organisation's role")
}

/// `n` with thousands separators, as the documents and messages write counts: `28076` → `28,076`.
pub fn grouped(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// A count of EU AI Act obligations as the documents write it: "5,148 obligations (26 kinds)", "1 obligation",
/// "3 obligations"; the kinds (distinct obligations, each counted once however many AI systems it binds) only when
/// there are several and fewer than the obligations (with one kind, the documents name it).
pub fn obligations_and_kinds(obligations: usize, kinds: usize) -> String {
    let noun = if obligations == 1 { "obligation" } else { "obligations" };
    if kinds > 1 && kinds != obligations {
        format!("{} {noun} ({} kinds)", grouped(obligations), grouped(kinds))
    } else {
        format!("{} {noun}", grouped(obligations))
    }
}

/// `prefix` and a workspace-relative `path` joined with one `/`.
pub(crate) fn prefixed(prefix: &str, path: &str) -> String {
    match prefix {
        "" => path.to_string(),
        p if p.ends_with('/') => format!("{p}{path}"),
        p => format!("{p}/{path}"),
    }
}

/// Why the gap report was not rendered as text.
#[derive(Debug, thiserror::Error)]
pub enum RenderError {
    /// The Markdown template failed.
    #[error(transparent)]
    Template(#[from] TemplateError),
    /// The format is binary: the XLSX workbook is written by [`xlsx::report`], which also needs the Statement of
    /// Applicability and the plan.
    #[error("{0} is a binary format, not text; it is written by render::xlsx")]
    Binary(Format),
}

/// Renders `report` (an assessment, its EU AI Act section and the gate's verdict, if any) in `format`.
///
/// # Errors
/// [`RenderError::Template`] when the Markdown template fails; [`RenderError::Binary`] for [`Format::Xlsx`].
pub fn render(report: &Report<'_>, format: Format, options: Options<'_>) -> Result<String, RenderError> {
    let colour = options.colour;
    match format {
        Format::Json => Ok(report_json(report)),
        Format::Markdown => Ok(markdown(report, options)?),
        Format::Html => Ok(html::report(report, options)?),
        Format::Table => Ok(table(report, colour, options.width)),
        Format::Sarif => Ok(sarif::sarif(report, options.path_prefix)),
        Format::Junit => Ok(junit::junit(report.assessment, options.path_prefix)),
        Format::Github => Ok(github::github(report, options.path_prefix)),
        Format::Csv => Ok(csv::csv(report.assessment)),
        Format::Xlsx => Err(RenderError::Binary(format)),
    }
}

/// Pretty JSON (serde_json's layout) with a final newline; C1 control characters and bidirectional overrides in
/// strings are written as `\u` escapes, as serde_json writes C0 ones. Serialising plain data structures cannot fail;
/// the fallback is unreachable.
pub fn json<T: serde::Serialize>(value: &T) -> String {
    let mut out = Vec::new();
    let mut text = match json::serialize_at(value, 0, &mut out) {
        Ok(()) => String::from_utf8(out).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned()),
        Err(e) => format!("{{\"error\": \"{e}\"}}"),
    };
    text.push('\n');
    text
}

/// The JSON report: [`json`] of the report, serialised on all cores.
pub fn report_json(report: &Report<'_>) -> String {
    let mut out = Vec::new();
    match report_json_to(report, &mut out) {
        Ok(()) => String::from_utf8(out).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned()),
        Err(e) => format!("{{\"error\": \"{e}\"}}\n"),
    }
}

/// A score for people: `62.5%`, or `n/a` when nothing was assessed.
pub fn percent(score: Option<f64>) -> String {
    score.map_or_else(|| "n/a".to_string(), |s| format!("{s:.1}%"))
}

/// Shortens text to at most `max` characters at a word boundary, with an ellipsis, so that long text does not turn
/// table rows into paragraphs and no word is cut in the middle. A first word longer than `max` is kept whole (the
/// table wraps it); text within `max` is returned as it is.
pub fn clip_words(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_string();
    }
    let mut out = String::new();
    for word in text.split_whitespace() {
        let needed = out.chars().count() + usize::from(!out.is_empty()) + word.chars().count();
        if !out.is_empty() && needed + 1 > max {
            break;
        }
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
        if needed + 1 > max {
            break;
        }
    }
    out.push('…');
    out
}

/// Truncates to `max` characters with an ellipsis, even in the middle of a word; for identifiers. Tables of prose
/// use [`clip_words`].
pub fn clip(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        text.to_string()
    } else {
        let mut out: String = text.chars().take(max.saturating_sub(1)).collect();
        out.push('…');
        out
    }
}

/// Greedy word wrap for terminal text: `first` opens the first line, continuation lines are indented by `indent`
/// spaces, and a line takes words while it stays within `width` characters (a longer word gets a line of its own).
/// Runs of white space become one space. Every line, the last one included, ends with `\n` and has no trailing
/// space.
pub fn wrap(text: &str, width: usize, first: &str, indent: usize) -> String {
    wrap_words(text.split_whitespace(), width, first, indent)
}

/// [`wrap`] over words given one by one, so that a word is never split, even one that holds a space (an ID read from
/// a report).
pub fn wrap_words<'a>(words: impl IntoIterator<Item = &'a str>, width: usize, first: &str, indent: usize) -> String {
    let mut out = String::new();
    let mut line = first.to_string();
    let mut empty = true;
    for word in words {
        if !empty && line.chars().count() + 1 + word.chars().count() > width {
            out.push_str(line.trim_end());
            out.push('\n');
            line = " ".repeat(indent);
            empty = true;
        }
        if !empty {
            line.push(' ');
        }
        line.push_str(word);
        empty = false;
    }
    out.push_str(line.trim_end());
    out.push('\n');
    out
}

/// A number of months in words: "1 month", "12 months".
pub fn months_text(months: u32) -> String {
    format!("{months} {}", plural("month", months as usize))
}

/// Items as a sentence lists them: `a`, `a and b`, `a, b and c`; empty for none.
pub fn and_list<S: AsRef<str>>(items: &[S]) -> String {
    match items {
        [] => String::new(),
        [one] => one.as_ref().to_string(),
        [rest @ .., last] => {
            let rest: Vec<&str> = rest.iter().map(AsRef::as_ref).collect();
            format!("{} and {}", rest.join(", "), last.as_ref())
        }
    }
}

/// An English noun for `n` things: `article` → `articles`, `subcategory` → `subcategories`, `day` → `days` (a
/// vowel before the `y`); unchanged for one.
pub fn plural(word: &str, n: usize) -> String {
    match word.strip_suffix('y') {
        _ if n == 1 => word.to_string(),
        Some(stem) if !stem.ends_with(['a', 'e', 'i', 'o', 'u']) => format!("{stem}ies"),
        _ => format!("{word}s"),
    }
}

/// Short marks for status matrices, readable without colour.
pub fn mark(status: Status) -> &'static str {
    match status {
        Status::Compliant => "✅",
        Status::PartiallyCompliant => "◐",
        Status::NonCompliant => "❌",
        Status::NotApplicable => "–",
        Status::NotAssessed => "?",
    }
}

/// `aims controls --format markdown`: the catalogue as one table per group.
pub fn catalogue_markdown(catalogue: &crate::catalogue::Catalogue) -> String {
    let mut out = format!("# {} catalogue (aims {})\n", crate::catalogue::STANDARD, crate::catalogue::VERSION);
    for g in &catalogue.groups {
        out.push_str(&format!("\n## {} {}\n\n{}\n\n", g.id, g.title, g.summary));
        out.push_str("| ID | Title | Scope | Documented information |\n|---|---|---|---|\n");
        for r in &g.requirements {
            let scope = match r.scope {
                crate::catalogue::Scope::Organisation => "organisation",
                crate::catalogue::Scope::AiSystem => "per AI system",
            };
            let di = if r.documented_information { "yes" } else { "" };
            out.push_str(&format!("| {} | {} | {scope} | {di} |\n", r.id, escape::markdown(r.display_title())));
        }
    }
    out
}

/// `aims controls`: the catalogue as a terminal table `width` columns wide.
pub fn catalogue_table(catalogue: &crate::catalogue::Catalogue, width: usize) -> String {
    let mut table = table::new(&["ID", "Title", "Scope", "DI"], width);
    for r in catalogue.requirements() {
        let scope = match r.scope {
            crate::catalogue::Scope::Organisation => "org",
            crate::catalogue::Scope::AiSystem => "per system",
        };
        table.add_row(vec![r.id.as_str(), r.display_title(), scope, if r.documented_information { "yes" } else { "" }]);
    }
    format!(
        "{table}\n{} requirements. DI: mandatory documented information. Details: aims controls ID\n",
        catalogue.len()
    )
}

/// A CSV document (header row, then rows) with the quoting and formula protection of the `csv` format.
pub fn csv_table(header: &[&str], rows: impl IntoIterator<Item = Vec<String>>) -> String {
    let mut out = String::new();
    csv::push_row(&mut out, header.iter().map(|h| h.to_string()));
    for row in rows {
        csv::push_row(&mut out, row);
    }
    out
}

/// [`csv_table`] in `style`: its byte-order mark and delimiter ([`CsvStyle`]).
pub fn csv_table_in(style: CsvStyle, header: &[&str], rows: impl IntoIterator<Item = Vec<String>>) -> String {
    let delimiter = char::from(style.delimiter);
    let mut out = String::from(if style.bom { "\u{feff}" } else { "" });
    csv::push_row_with(&mut out, delimiter, header.iter().map(|h| h.to_string()));
    for row in rows {
        csv::push_row_with(&mut out, delimiter, row);
    }
    out
}

/// Any serialisable value as a template value, for the documents other modules render.
pub fn markdown_value<T: serde::Serialize>(value: &T) -> minijinja::Value {
    markdown::ser(value)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wrap_fills_lines_up_to_the_width_and_indents_the_rest() {
        assert_eq!(wrap("one two three four", 9, "- ", 2), "- one two\n  three\n  four\n");
        assert_eq!(wrap("", 80, "- ", 2), "-\n");
        assert_eq!(wrap("averyveryverylongword x", 5, "", 0), "averyveryverylongword\nx\n");
        assert_eq!(wrap_words(["A 1", "B 2"], 5, "ids: ", 1), "ids: A 1\n B 2\n");
    }

    #[test]
    fn path_prefixes_are_normalised_to_end_with_one_slash() {
        assert_eq!(path_prefix(""), "");
        assert_eq!(path_prefix("./"), "");
        assert_eq!(path_prefix("compliance/aims"), "compliance/aims/");
        assert_eq!(path_prefix("./compliance//aims/"), "compliance/aims/");
        assert_eq!(path_prefix("compliance\\aims"), "compliance/aims/");
        assert_eq!(prefixed("", "systems/x.yaml"), "systems/x.yaml");
        assert_eq!(prefixed("a/", "systems/x.yaml"), "a/systems/x.yaml");
        assert_eq!(prefixed("a", "systems/x.yaml"), "a/systems/x.yaml");
    }

    #[test]
    fn clip_words_never_cuts_a_word() {
        assert_eq!(clip_words("short", 10), "short");
        assert_eq!(clip_words("system example-system has no record", 20), "system…");
        assert_eq!(clip_words("one two three four", 14), "one two three…");
        assert_eq!(clip_words("averyveryverylongword and more", 5), "averyveryverylongword…");
        assert!(clip_words("one two three four five six", 12).chars().count() <= 12);
    }

    #[test]
    fn plural_keeps_the_y_after_a_vowel() {
        assert_eq!(plural("day", 2), "days");
        assert_eq!(plural("day", 1), "day");
        assert_eq!(plural("category", 2), "categories");
    }

    #[test]
    fn plural_handles_the_nouns_of_the_crosswalks() {
        assert_eq!(plural("article", 2), "articles");
        assert_eq!(plural("Subcategory", 72), "Subcategories");
        assert_eq!(plural("clause", 1), "clause");
    }
}
