//! The XLSX workbooks (`--format xlsx`): the registers a consultant hands over and edits in a spreadsheet. The gap
//! report's workbook has the sheets Summary, Requirements, Statement of Applicability, Plan, Systems, Units (when
//! AI systems name units), Risks and Impact assessments (when the workspace keeps risk records), Findings and EU AI
//! Act obligations; `aims soa` and `aims plan` write a Summary sheet and their own register. docs/xlsx.md lists
//! every sheet and column.
//!
//! Like every renderer, these read the assessment and the views and decide nothing. What the workbooks add is
//! spreadsheet handling: a frozen, filtered header row on every register, column widths, wrapped long text, status
//! lists (data validation) and status colours (conditional formatting).
//!
//! The workbooks speak in the audience's voice ([`Audience`]), as the Markdown and HTML documents do and from the same
//! strings: for the client (the default), AI systems by name, statuses, areas, roles and treatments in words, the
//! actions and shortfalls of the plan as the documents word them, and no rule codes, YAML field names or paths
//! outside the Findings sheet, the traceability appendix; for the practitioner, IDs, rule codes, files and the
//! assessment's advice on the records as well.
//!
//! Two rules hold for every workbook:
//! - **Workspace text is a string cell, never a formula.** Every text is written as a string; one that a spreadsheet
//!   would run as a formula once edited (`=HYPERLINK(…)`, `+1`, `@SUM(…)`) also carries Excel's quote prefix, so it
//!   stays text when someone edits the cell ([`escape::xlsx_text`] says which).
//! - **The bytes are deterministic**: the document's creation date is the assessment's as-of date, and the archive's
//!   entries carry a fixed date, so two runs on the same input write the same file.

mod documents;
mod records;
mod report;
mod sheet;

use std::collections::HashMap;

use rust_xlsxwriter::{DocProperties, ExcelDateTime, Workbook, Worksheet};

use crate::assess::{Assessment, Report};
use crate::date::Date;
use crate::render::{Audience, Options};
use crate::views::{plan::Plan, soa::Soa, summary::Summary};

pub use sheet::{MAX_LIST_LINES, MAX_ROWS};

/// Why a workbook could not be written: the XLSX library refused a value (which the renderers keep within Excel's
/// limits, so this is not expected) or failed to build the archive.
#[derive(Debug, thiserror::Error)]
#[error("cannot write the XLSX workbook: {0}")]
pub struct XlsxError(#[from] rust_xlsxwriter::XlsxError);

/// The gap report's workbook: the sheets [`report_sheets`] names for its assessment, in that order. `soa` and
/// `plan` are the views built from the same assessment ([`crate::views::soa::build`], [`crate::views::plan::build`]);
/// `options.audience` picks the voice and `options.summary` ([`crate::views::summary::build`], from the same plan)
/// gives the Summary sheet its front matter and readiness verdicts and the Requirements sheet its next actions in
/// the client's words. The other options do not apply to a workbook.
///
/// # Errors
/// [`XlsxError`] when the workbook cannot be composed.
pub fn report(report: &Report<'_>, soa: &Soa, plan: &Plan, options: Options<'_>) -> Result<Vec<u8>, XlsxError> {
    type Sheet = fn(&Report<'_>, &Soa, &Plan, &Voice<'_>) -> Result<Worksheet, rust_xlsxwriter::XlsxError>;
    let builder = |name: &str| -> Sheet {
        match name {
            report::SUMMARY => |r, _, _, v| report::summary(r, v),
            report::REQUIREMENTS => |r, _, _, v| report::requirements(r.assessment, v),
            documents::SOA => |_, soa, _, v| documents::soa_register(soa, v),
            documents::PLAN => |_, _, plan, v| documents::plan_register(plan, v),
            report::SYSTEMS => |r, _, _, v| report::systems(r.assessment, v),
            records::UNITS => |r, _, _, _| records::units(r.assessment),
            records::RISKS => |r, _, _, v| records::risks(r.assessment, v),
            records::IMPACT => |r, _, _, v| records::impact_assessments(r.assessment, v),
            report::FINDINGS => |r, _, _, v| report::findings(r.assessment, v),
            documents::REFERENCES => |_, soa, _, v| documents::soa_references(soa, v),
            _ => |r, _, _, v| report::eu_obligations(r.assessment, v),
        }
    };
    let a = report.assessment;
    let voice = Voice::new(a, options);
    // Composed on all cores, the longest first (a sheet with a row per evidence record, finding, obligation or AI
    // system), so that no core is left with a long sheet after the other has finished; put back in order after.
    let names = report_sheets(a);
    let mut order: Vec<usize> = (0..names.len()).collect();
    order.sort_by_key(|&i| LONGEST_FIRST.iter().position(|n| *n == names[i]).unwrap_or(LONGEST_FIRST.len()));
    let builders: Vec<Sheet> = order.iter().map(|&i| builder(names[i])).collect();
    let built = crate::parallel::map(&builders, 2, |build| build(report, soa, plan, &voice));
    let mut sheets: Vec<Option<Worksheet>> = (0..names.len()).map(|_| None).collect();
    for (i, sheet) in order.into_iter().zip(built) {
        sheets[i] = Some(sheet?);
    }
    let sheets = sheets.into_iter().flatten().collect();
    save(sheets, &a.title, "ISO/IEC 42001 gap assessment", &a.organisation.name, &voice.author(), a.as_of)
}

/// `aims soa --format xlsx`: a Summary sheet (the document's control data and counts), the Statement of
/// Applicability, one row per Annex A control, naming documents as the client reads them, the Evidence
/// references appendix with the file or reference behind each name, and, when the controls' reasons cite risks of
/// the register, the Risks treated annex. `a` is the assessment the view was built from (for the AI systems'
/// names); `options` as for [`report`].
///
/// # Errors
/// [`XlsxError`] when the workbook cannot be composed.
pub fn soa(soa: &Soa, a: &Assessment, options: Options<'_>) -> Result<Vec<u8>, XlsxError> {
    let voice = Voice::new(a, options);
    let mut sheets = vec![
        documents::soa_summary(soa, &voice)?,
        documents::soa_register(soa, &voice)?,
        documents::soa_references(soa, &voice)?,
    ];
    // The annex of the risks the controls' reasons cite, as in the Markdown and HTML, when they cite any.
    if !soa.risks.is_empty() {
        sheets.push(documents::soa_risks(soa)?);
    }
    let title = format!("Statement of Applicability: {}", soa.organisation);
    save(sheets, &title, "ISO/IEC 42001 Statement of Applicability", &soa.organisation, &voice.author(), soa.as_of)
}

/// `aims plan --format xlsx`: a Summary sheet (counts, target audit date) and the plan, one row per action in rank
/// order. `a` is the assessment the plan was built from (for the AI systems' names); `options` as for [`report`].
///
/// # Errors
/// [`XlsxError`] when the workbook cannot be composed.
pub fn plan(plan: &Plan, a: &Assessment, options: Options<'_>) -> Result<Vec<u8>, XlsxError> {
    let voice = Voice::new(a, options);
    let sheets = vec![documents::plan_summary(plan, &voice)?, documents::plan_register(plan, &voice)?];
    let title = format!("Remediation plan: {}", plan.organisation);
    save(sheets, &title, "ISO/IEC 42001 remediation plan", &plan.organisation, &voice.author(), plan.as_of)
}

/// Whose voice a workbook speaks in, with what that voice needs: the AI systems' names and the executive summary.
pub(super) struct Voice<'a> {
    /// The client's voice (the default); otherwise the practitioner's.
    pub client: bool,
    /// The executive summary, when the caller built one.
    pub summary: Option<&'a Summary>,
    /// Each AI system's name by ID.
    names: HashMap<&'a str, &'a str>,
    /// Each AI system's unit by ID, for the systems that name one; empty when none does (no Unit column then).
    units: HashMap<&'a str, &'a str>,
    /// The order every sheet lists AI systems in: by unit, then by ID.
    pub order: crate::assess::units::SystemOrder,
}

impl<'a> Voice<'a> {
    /// The workbook's author from the report's front matter (aims.toml `[report]`): "Assessor, Firm", either one
    /// alone, or empty when neither is set; never the tool, which the comment names.
    fn author(&self) -> String {
        let Some(front) = self.summary.map(|s| &s.report) else { return String::new() };
        [front.assessor.as_deref(), front.firm.as_deref()].into_iter().flatten().collect::<Vec<_>>().join(", ")
    }

    fn new(a: &'a Assessment, options: Options<'a>) -> Voice<'a> {
        let client = options.audience == Audience::Client;
        Voice {
            client,
            summary: options.summary,
            names: a.systems.iter().map(|s| (s.id.as_str(), s.name.as_str())).collect(),
            units: a.systems.iter().filter_map(|s| Some((s.id.as_str(), s.unit.as_deref()?))).collect(),
            order: crate::assess::units::SystemOrder::of(&a.systems),
        }
    }

    /// An AI system as this voice names it: its name for the client, its ID for the practitioner (an ID the
    /// inventory does not list stays as written).
    pub fn system(&self, id: &str) -> String {
        match self.names.get(id) {
            Some(name) if self.client => (*name).to_string(),
            _ => id.to_string(),
        }
    }

    /// Whether any AI system names a unit: the Plan and Findings sheets then have a Unit column.
    pub fn has_units(&self) -> bool {
        !self.units.is_empty()
    }

    /// The units of AI systems `ids`, each once, in the order of [`Voice::order`], joined by `; `.
    pub fn units_of<'s>(&self, ids: impl IntoIterator<Item = &'s String>) -> String {
        let mut ids: Vec<&String> = ids.into_iter().collect();
        ids.sort_by(|a, b| self.order.cmp(a, b));
        let mut units: Vec<&str> = Vec::new();
        for unit in ids.iter().filter_map(|id| self.units.get(id.as_str())) {
            if !units.contains(unit) {
                units.push(unit);
            }
        }
        units.join("; ")
    }

    /// An AI system by name, for either voice (the ID when the inventory does not list it).
    pub fn name(&self, id: &str) -> String {
        self.names.get(id).map_or_else(|| id.to_string(), |n| (*n).to_string())
    }
}

/// Every sheet name [`report`]'s workbook can have, in order. Units is there only when an AI system names a unit
/// ([`Assessment::units`]), Risks and Impact assessments only when the workspace keeps a risk register or impact
/// assessments ([`Assessment::risk`]); [`report_sheets`] gives one assessment's.
pub const REPORT_SHEETS: [&str; 11] = [
    report::SUMMARY,
    report::REQUIREMENTS,
    documents::SOA,
    documents::PLAN,
    report::SYSTEMS,
    records::UNITS,
    records::RISKS,
    records::IMPACT,
    report::FINDINGS,
    report::EU,
    documents::REFERENCES,
];

/// The sheets of [`report`]'s workbook that take longest to compose at 10,000 AI systems, longest first (measured
/// with `perf`; docs/performance.md, "The workbook under 2 s"); the others take a few milliseconds.
const LONGEST_FIRST: [&str; 6] =
    [documents::REFERENCES, report::REQUIREMENTS, report::SYSTEMS, report::EU, report::FINDINGS, documents::PLAN];

/// The sheet names of [`report`]'s workbook for assessment `a`, in order: [`REPORT_SHEETS`] without the optional
/// sheets it has nothing for.
pub fn report_sheets(a: &Assessment) -> Vec<&'static str> {
    REPORT_SHEETS
        .into_iter()
        .filter(|name| match *name {
            records::UNITS => !a.units.is_empty(),
            records::RISKS | records::IMPACT => a.risk.is_some(),
            _ => true,
        })
        .collect()
}

/// Puts the sheets into a workbook with fixed document properties and returns its bytes. `author` is the document's
/// author as a spreadsheet program shows it (the assessor or the firm; empty when aims.toml names neither).
fn save(
    sheets: Vec<Worksheet>,
    title: &str,
    subject: &str,
    company: &str,
    author: &str,
    as_of: Date,
) -> Result<Vec<u8>, XlsxError> {
    let mut workbook = Workbook::new();
    let properties = DocProperties::new()
        .set_title(sheet::clean(title))
        .set_subject(subject)
        .set_company(sheet::clean(company))
        .set_author(sheet::clean(author))
        .set_comment(format!("Written by aims {}", env!("CARGO_PKG_VERSION")))
        .set_creation_datetime(&creation(as_of)?);
    workbook.set_properties(&properties);
    for ws in sheets {
        workbook.push_worksheet(ws);
    }
    // Deflate level 3 rather than the library's 6: the archive is compressed on one core after the sheets are
    // built on all of them, and at 10,000 AI systems level 6 took about 1.25 s of the save and wrote 4.8 MB, level 3
    // about 0.9 s for 5.5 MB (+14 %); levels 1 and 2 saved little more time for 8.7 MB and 6.1 MB.
    workbook.set_zip_compression_level(3);
    let bytes = workbook.save_to_buffer()?;
    // The workbook's cells and string table, a million small values for a large inventory, are freed on another
    // core while the caller writes the bytes (0.15 s at 10,000 AI systems); here, if no thread can be started.
    drop(std::thread::Builder::new().spawn(move || drop(workbook)));
    Ok(bytes)
}

/// The document's creation date: midnight of the as-of date (UTC), so that the bytes depend on the input only. A
/// date Excel cannot hold (before 1900) becomes 1900-01-01.
fn creation(as_of: Date) -> Result<ExcelDateTime, XlsxError> {
    Ok(ExcelDateTime::parse_from_str(&as_of.to_string()).or_else(|_| ExcelDateTime::from_ymd(1900, 1, 1))?)
}
