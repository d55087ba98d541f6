//! Crosswalks from ISO/IEC 42001 to other frameworks (EU AI Act, NIST AI RMF 1.0, ISO/IEC 27001:2022).
//! Being implemented; see the open issue.

use crate::assess::Assessment;
use crate::catalogue::Catalogue;
use crate::date::Date;
use crate::workspace::Workspace;

/// The frameworks `aims crosswalk --framework` knows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Framework {
    /// Regulation (EU) 2024/1689, the EU AI Act
    EuAiAct,
    /// NIST AI Risk Management Framework 1.0
    NistAiRmf,
    /// ISO/IEC 27001:2022 clauses 4-10
    Iso27001,
}

/// Output formats of `aims crosswalk`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum CrosswalkFormat {
    Table,
    Markdown,
    Json,
    Csv,
}

/// Renders the crosswalk view of `assessment` onto `framework`.
pub fn render(
    _catalogue: &Catalogue,
    _workspace: &Workspace,
    _assessment: &Assessment,
    _framework: Framework,
    _format: CrosswalkFormat,
    _as_of: Date,
) -> String {
    String::new()
}
