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
        // Help and usage text wrap at the terminal width; pin it to clap's own limit for aims (max_term_width).
        .env("COLUMNS", "100")
        // No colour, whatever the developer's shell asks for: the transcripts hold plain text.
        .env("NO_COLOR", "1")
        .env("CLICOLOR_FORCE", "0")
        .case("tests/cmd/*.toml")
        .case("tests/cmd/*.trycmd");
}
