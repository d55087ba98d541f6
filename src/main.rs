//! The `aims` command. Everything the process does (arguments, clock, environment, terminal, files written, exit
//! code) is in [`cli`]; the library (`aims::…`) returns values and never prints.

mod cli;

use std::process::ExitCode;

/// The process's allocator (Cargo.toml says why; docs/performance.md, "The workbook under 2 s", has the figures).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    cli::run(cli::args::parse())
}
