//! Derived documents: views computed from an [`Assessment`](crate::assess::Assessment) (and the bundled data), which
//! the command line then renders like the report. None of them decides again what the assessment decided.
//!
//! - [`soa`]: the Statement of Applicability (ISO/IEC 42001 6.1.3).
//! - [`plan`]: the remediation plan, gaps ordered into phases.
//! - [`summary`]: the executive summary and readiness verdicts of the report.
//! - [`diff`]: what changed between two assessments.
//! - [`evidence`]: how the documents name an evidence record, and list each record of a requirement once.
//! - [`portfolio`]: one summary across many workspaces.
//! - [`crosswalk`]: the assessment seen through another framework (EU AI Act, NIST AI RMF, ISO/IEC 27001).

pub mod crosswalk;
pub mod diff;
pub mod evidence;
pub mod plan;
pub mod portfolio;
pub mod review;
pub mod soa;
pub mod summary;
