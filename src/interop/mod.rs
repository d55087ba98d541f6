//! Exchange with other compliance tools: files aims writes for another tool to import, and that tool's exports read
//! back into a workspace's files. Each tool has its own module that states which of the other tool's rules it
//! follows; nothing here claims more than a test checks.
//!
//! - [`ciso_assistant`]: the audit file CISO Assistant's data wizard imports for its `iso42001-2023` framework
//!   (`aims export ciso-assistant`), and its audit export read back into an assessment file
//!   (`aims import ciso-assistant`).

pub mod ciso_assistant;
