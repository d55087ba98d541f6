//! The `aims` command. Everything the process does (arguments, clock, environment, terminal, files written, exit
//! code) is in [`cli`]; the library (`aims::…`) returns values and never prints.

mod cli;

use std::process::ExitCode;

fn main() -> ExitCode {
    cli::run(cli::args::parse())
}
