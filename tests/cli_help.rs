//! The whole `--help` tree, one snapshot per command: `aims --help`, `aims gap --help`, `aims import csv --help`, …
//!
//! The tree is walked by running the real binary and reading the `Commands:` section of each help text, not by
//! asking clap, so the test does not depend on where the command-line definition lives. Hidden verbs are not listed
//! in the help and so are not walked. A new verb gets a snapshot the first time the tests run (`INSTA_UPDATE=always`,
//! then review it with git).

use std::collections::BTreeSet;
use std::process::Command;

/// Runs `aims ARGS` as a user would, with the help wrapped at a fixed width and no colour.
fn aims(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_aims"))
        .args(args)
        .env("COLUMNS", "100")
        .env("NO_COLOR", "1")
        .env_remove("CLICOLOR_FORCE")
        .output()
        .expect("the aims binary runs")
}

/// The subcommands listed in a help text's `Commands:` section, without clap's own `help`.
fn subcommands(help: &str) -> Vec<String> {
    let Some((_, section)) = help.split_once("\nCommands:\n") else { return Vec::new() };
    section
        .lines()
        .take_while(|line| !line.trim().is_empty())
        // A command's line starts with two spaces then its name; wrapped description lines are indented further.
        .filter_map(|line| line.strip_prefix("  ").filter(|rest| !rest.starts_with(' ')))
        .filter_map(|rest| rest.split_whitespace().next())
        .filter(|name| *name != "help")
        .map(str::to_string)
        .collect()
}

/// Snapshots `aims PATH --help` and walks into each subcommand it lists; returns every path visited.
fn walk(path: Vec<String>, visited: &mut BTreeSet<String>) {
    let mut args: Vec<&str> = path.iter().map(String::as_str).collect();
    args.push("--help");
    let output = aims(&args);
    let shown = path.join(" ");
    assert_eq!(output.status.code(), Some(0), "aims {shown} --help: {}", String::from_utf8_lossy(&output.stderr));
    assert!(output.stderr.is_empty(), "aims {shown} --help wrote to stderr");
    let help = String::from_utf8(output.stdout).expect("help is UTF-8");

    let name = std::iter::once("aims").chain(path.iter().map(String::as_str)).collect::<Vec<_>>().join("-");
    insta::assert_snapshot!(name, help);
    visited.insert(shown);

    for sub in subcommands(&help) {
        let mut next = path.clone();
        next.push(sub);
        walk(next, visited);
    }
}

#[test]
fn help_tree_matches_snapshots() {
    let mut visited = BTreeSet::new();
    walk(Vec::new(), &mut visited);

    // A floor, so that a change in the help layout cannot make the walk silently skip the verbs of DESIGN.md.
    for verb in [
        "",
        "gap",
        "validate",
        "controls",
        "init",
        "soa",
        "plan",
        "diff",
        "crosswalk",
        "explain",
        "schema",
        "import",
        "import csv",
        "import profile",
    ] {
        assert!(visited.contains(verb), "`aims {verb} --help` was not walked; walked: {visited:?}");
    }
}

#[test]
fn subcommands_are_read_from_the_commands_section() {
    let help = "Usage: x <COMMAND>\n\nCommands:\n  gap   Assess a workspace and\n        wrap here\n  help  Print this\n\n\
                Options:\n  -h, --help  Print help\n";
    assert_eq!(subcommands(help), ["gap"]);
    assert!(subcommands("Usage: x [DIR]\n\nOptions:\n  -h, --help  Print help\n").is_empty());
}
