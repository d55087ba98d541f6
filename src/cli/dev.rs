//! The hidden verbs of the benchmark (scripts/bench.sh, docs/performance.md): `aims generate` writes a synthetic
//! workspace, `aims parse-floor` reads and parses every YAML file of one and does nothing else.

use std::path::Path;

use aims::catalogue::Catalogue;

use super::{Outcome, eprint_line};

/// `aims parse-floor DIR`: the time to read and parse the workspace, on stderr.
pub fn parse_floor(dir: &Path) -> anyhow::Result<Outcome> {
    let started = std::time::Instant::now();
    let files = aims::load::parse_floor(dir);
    eprint_line(&format!("parsed {files} files in {:.3} s", started.elapsed().as_secs_f64()));
    Ok(Outcome::Success)
}

/// `aims generate N DIR`: a synthetic workspace of `systems` AI systems, into an empty or new folder.
pub fn generate(catalogue: &Catalogue, systems: usize, dir: &Path, seed: u64) -> anyhow::Result<Outcome> {
    if dir.exists() && std::fs::read_dir(dir).map(|mut d| d.next().is_some()).unwrap_or(true) {
        anyhow::bail!("{} is not empty; generate into a new folder", dir.display());
    }
    aims::generate::generate(catalogue, dir, systems, seed)
        .map_err(|e| anyhow::anyhow!("cannot write {}: {e}", dir.display()))?;
    Ok(Outcome::Success)
}
