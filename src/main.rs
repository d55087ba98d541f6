use std::process::ExitCode;

fn main() -> ExitCode {
    aims::cli::main()
}
