//! Why an import stopped. Every error is reported before anything is written, except [`ImportError::PartlyWritten`]
//! (and a failed scaffold), which say what was written.

use std::io;
use std::path::PathBuf;

/// Why `aims import csv` imported nothing. The `Display` text is for a person; where the cause is an I/O or CSV
/// error it is the error's `source()`, so the whole message reads `text: cause`.
#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    /// The mapping file could not be read.
    #[error("cannot read the mapping {}", path.display())]
    ReadMapping {
        /// The mapping file.
        path: PathBuf,
        /// What the file system said.
        source: io::Error,
    },
    /// The mapping file is not a valid mapping (the text names the line and the problem).
    #[error("{0}")]
    Mapping(String),
    /// The mapping names columns or values the CSV file does not have.
    #[error("the mapping ({mapping}) does not fit {}:\n  - {}", file.display(), problems.join("\n  - "))]
    MappingMismatch {
        /// The mapping: `profile NAME` or its path.
        mapping: String,
        /// The CSV file.
        file: PathBuf,
        /// One sentence per problem.
        problems: Vec<String>,
    },
    /// The CSV file could not be read.
    #[error("cannot read {}", path.display())]
    Read {
        /// The CSV file.
        path: PathBuf,
        /// What the file system said.
        source: io::Error,
    },
    /// The CSV file cannot be imported as it is: too large, not UTF-8, no header row. The text says how to fix it.
    #[error("{0}")]
    Unusable(String),
    /// The CSV reader stopped (`what` is "cannot read the header row" or "cannot read the CSV").
    #[error("{}: {what}", path.display())]
    Csv {
        /// The CSV file.
        path: PathBuf,
        /// What was being read.
        what: &'static str,
        /// The CSV reader's error.
        source: csv::Error,
    },
    /// `--into` names a file.
    #[error("{} is a file, not a workspace folder", .0.display())]
    NotAFolder(PathBuf),
    /// System files the import would write exist already and `--force` was not given: the paths with their rows,
    /// such as `ws/systems/dhs-2363.yaml (row 2)`.
    #[error("{}", conflicts_text(.0))]
    Conflicts(Vec<String>),
    /// `aims import risks --into DIR`: the folder is not a workspace (no aims.toml or organisation.yaml).
    #[error(
        "{} is not a workspace; a risk register is imported into an existing one (create it with `aims init` or \
         `aims import csv`)",
        .0.display()
    )]
    NotAWorkspace(PathBuf),
    /// `aims import risks`: the workspace has errors, so its systems and risk criteria cannot be relied on.
    #[error(
        "{} has {errors} error{}; the risk register is checked against its systems and `[risk]` criteria, so fix \
         them first (`aims validate {}` lists them)",
        dir.display(),
        if *errors == 1 { "" } else { "s" },
        dir.display()
    )]
    InvalidWorkspace {
        /// The workspace folder.
        dir: PathBuf,
        /// How many errors `aims validate` reports.
        errors: usize,
    },
    /// `aims import risks`: the register file exists and `--force` was not given.
    #[error("{} already exists; nothing was written. Pass --force to overwrite it, or --register to write another file", .0.display())]
    RegisterExists(PathBuf),
    /// `aims import risks`: values of the spreadsheet cannot be imported; nothing was written. Each problem names its
    /// row and column.
    #[error("{}", super::risks::problems_text(file, sheet.as_deref(), problems))]
    RiskValues {
        /// The spreadsheet's file name.
        file: String,
        /// The worksheet, for a workbook.
        sheet: Option<String>,
        /// Every problem, in row order.
        problems: Vec<super::risk_convert::Problem>,
    },
    /// The workspace scaffold could not be written.
    #[error(transparent)]
    Init(#[from] crate::init::InitError),
    /// The `systems/` folder could not be created.
    #[error("cannot create {}", path.display())]
    CreateDir {
        /// The folder.
        path: PathBuf,
        /// What the file system said.
        source: io::Error,
    },
    /// A system file was refused or could not be written.
    #[error(transparent)]
    Refused(#[from] crate::output::OutputError),
    /// The system files could not be put in place (`total` were staged); the message says how many were.
    #[error("{error}; {total} system files were to be written")]
    Output {
        /// What failed.
        error: crate::output::OutputError,
        /// Files the import writes.
        total: usize,
    },
}

/// The conflicts message: how many, the first twenty, and how many more.
fn conflicts_text(conflicts: &[String]) -> String {
    let shown: Vec<&str> = conflicts.iter().take(20).map(String::as_str).collect();
    let more = conflicts.len().saturating_sub(shown.len());
    format!(
        "{} system file{} already exist{}; nothing was written. Pass --force to overwrite them:\n  {}{}",
        conflicts.len(),
        if conflicts.len() == 1 { "" } else { "s" },
        if conflicts.len() == 1 { "s" } else { "" },
        shown.join("\n  "),
        if more > 0 { format!("\n  … and {more} more") } else { String::new() }
    )
}
