//! `aims import`: AI inventories from spreadsheets into a workspace. Being implemented; see the open issue.

use std::path::PathBuf;

use crate::catalogue::Catalogue;

/// The sources `aims import` reads.
#[derive(Debug, clap::Subcommand)]
pub enum ImportCommand {
    /// Import a CSV inventory: each row becomes one systems/*.yaml file
    Csv(CsvArgs),
}

#[derive(Debug, clap::Args)]
pub struct CsvArgs {
    /// The CSV file
    pub file: PathBuf,
    /// The workspace to write into (created like `aims init` when it does not exist)
    #[arg(long, value_name = "DIR")]
    pub into: PathBuf,
}

/// Runs an import; returns false when nothing could be imported (exit code 2).
pub fn run(_catalogue: &Catalogue, _command: &ImportCommand) -> anyhow::Result<bool> {
    anyhow::bail!("aims import is not available yet")
}
