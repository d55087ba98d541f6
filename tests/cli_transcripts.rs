//! Transcripts of whole command-line runs, one user scenario per file in `tests/cmd/`.
//!
//! Each `*.toml` holds one command (its arguments, working folder and any sandbox) with its exact standard output,
//! standard error and exit code; `*.trycmd` files hold a session of several commands run in one sandbox. They pin
//! the command-line contract of DESIGN.md, so a change of any output, message or exit code fails here. docs/testing.md
//! says how to add one and how to update them on purpose (`TRYCMD=overwrite cargo test --test cli_transcripts`).

#[test]
fn cli_transcripts() {
    trycmd::TestCases::new()
        .default_bin_name("aims")
        // Help, usage and terminal tables wrap at the terminal's width (COLUMNS first); pin it to the 80 columns of
        // a report written to a file. A case that shows another width sets its own (gap-table-wide.toml).
        .env("COLUMNS", "80")
        // No colour, whatever the developer's shell asks for: the transcripts hold plain text.
        .env("NO_COLOR", "1")
        .env("CLICOLOR_FORCE", "0")
        .case("tests/cmd/*.toml")
        .case("tests/cmd/*.trycmd");
}

/// The cases whose output depends on the environment (colour, terminal width), in `tests/cmd-env/`. Each sets every
/// variable it depends on (`NO_COLOR`, `CLICOLOR_FORCE`, `CLICOLOR`, `TERM`, `COLUMNS`), since the variables set
/// for a whole run would override a case's own.
#[test]
fn cli_transcripts_with_their_own_environment() {
    trycmd::TestCases::new().default_bin_name("aims").case("tests/cmd-env/*.toml");
}
