//! What an installer or a package puts beside the binary: `aims completions SHELL` (a completion script, from
//! clap_complete) and `aims man` (the manual pages, from clap_mangen). Both are generated from the same grammar as
//! `--help` ([`super::args::Cli`]), so they cannot fall behind it.

use std::path::Path;

use clap::CommandFactory;

use aims::output::{Batch, Guard};

use super::args::Cli;
use super::{Outcome, print_with, stdout_error};

/// `aims completions SHELL`: the completion script on stdout.
pub fn completions(shell: clap_complete::Shell) -> anyhow::Result<Outcome> {
    let mut command = Cli::command();
    print_with(|out| {
        clap_complete::generate(shell, &mut command, "aims", out);
        Ok(())
    })
    .map_err(stdout_error)?;
    Ok(Outcome::Success)
}

/// `aims man`: the page aims(1) on stdout; with `out_dir`, one page per visible verb (`aims.1`, `aims-gap.1`,
/// `aims-import-csv.1`, …), each file checked before any is written and put in place atomically.
pub fn man(out_dir: Option<&Path>) -> anyhow::Result<Outcome> {
    let command = Cli::command();
    let Some(dir) = out_dir else {
        let page = render(command)?;
        print_with(|out| out.write_all(&page)).map_err(stdout_error)?;
        return Ok(Outcome::Success);
    };
    let mut pages = Vec::new();
    collect(command, "aims", &mut pages)?;
    let guard = Guard::new();
    guard.folder(dir)?;
    std::fs::create_dir_all(dir).map_err(|e| anyhow::anyhow!("cannot create {}: {e}", dir.display()))?;
    let mut batch = Batch::new();
    for (name, page) in pages {
        batch.stage(guard.target(&dir.join(format!("{name}.1")))?, |out| out.write_all(&page))?;
    }
    batch.commit()?;
    Ok(Outcome::Success)
}

/// The pages of `command` and of each visible subcommand below it, named `aims`, `aims-gap`, `aims-import-csv`.
fn collect(command: clap::Command, name: &str, pages: &mut Vec<(String, Vec<u8>)>) -> anyhow::Result<()> {
    let command = command.name(name.to_string()).bin_name(name.replace('-', " ")).version(env!("CARGO_PKG_VERSION"));
    for sub in command.get_subcommands().filter(|s| !s.is_hide_set()) {
        collect(sub.clone(), &format!("{name}-{}", sub.get_name()), pages)?;
    }
    pages.push((name.to_string(), render(command)?));
    Ok(())
}

/// One manual page in roff.
fn render(command: clap::Command) -> anyhow::Result<Vec<u8>> {
    let mut page = Vec::new();
    clap_mangen::Man::new(command).render(&mut page)?;
    Ok(page)
}
