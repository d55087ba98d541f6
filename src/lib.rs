//! aims: ISO/IEC 42001 (AI management system) gap analysis over a folder of YAML files.
//!
//! The pipeline runs one way: [`load`] reads and validates a workspace, [`assess`] scores it against the
//! bundled [`catalogue`] as a pure function, and [`render`] writes the result in each output format. [`views`] derives
//! further documents from an assessment (Statement of Applicability, plan, diff, crosswalks), which [`render`] and the
//! views' own renderers then format.
//!
//! The library returns values (reports, diagnostics, import summaries, typed errors) and never prints or exits:
//! `print_stdout` and `print_stderr` are denied here. The `aims` command (src/main.rs and src/cli/, a module of the
//! binary) parses the arguments, reads the clock, the environment and the terminal, prints, and sets the exit code.
#![deny(clippy::print_stdout, clippy::print_stderr)]
#![warn(missing_docs)]

pub mod assess;
pub mod catalogue;
pub mod date;
pub mod diagnostic;
pub mod discover;
pub mod eu_ai_act;
pub mod gate;
pub mod generate;
pub mod ids;
pub mod import;
pub mod init;
pub mod input;
pub mod interop;
pub mod load;
pub mod oscal;
pub mod output;
pub mod parallel;
pub mod render;
pub mod rules;
pub mod schema;
pub mod views;
pub mod workspace;
