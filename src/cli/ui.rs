//! The terminal side of every verb: whether a stream gets colour (`--color`, `NO_COLOR`, `CLICOLOR`,
//! `CLICOLOR_FORCE`, `TERM=dumb`), whether notes are said (`--quiet`), and how wide a table on standard output may be
//! (`COLUMNS`, the terminal's width). Set once from the command line by [`set`] before a verb runs.

use std::ffi::OsString;
use std::io::IsTerminal;
use std::sync::OnceLock;

use super::args::ColorChoice;
use super::eprint_line;

/// The table width when neither `COLUMNS` nor the terminal says one, and for every table written to a file.
pub use aims::render::table::WIDTH as DEFAULT_WIDTH;

/// The narrowest table aims draws, in columns, whatever the terminal says.
const MIN_WIDTH: usize = 40;

#[derive(Debug, Clone, Copy)]
struct Settings {
    quiet: bool,
    color: ColorChoice,
}

static SETTINGS: OnceLock<Settings> = OnceLock::new();

/// Records `--quiet` and `--color` for the rest of the run; the first call wins.
pub fn set(quiet: bool, color: ColorChoice) {
    let _ = SETTINGS.set(Settings { quiet, color });
}

fn settings() -> Settings {
    SETTINGS.get().copied().unwrap_or(Settings { quiet: false, color: ColorChoice::Auto })
}

/// Whether output to standard output gets ANSI colour.
pub fn colour_stdout() -> bool {
    decide(settings().color, std::io::stdout().is_terminal(), |name| std::env::var_os(name))
}

/// Whether messages on standard error get ANSI colour.
pub fn colour_stderr() -> bool {
    decide(settings().color, std::io::stderr().is_terminal(), |name| std::env::var_os(name))
}

/// The colour decision for one stream. `always` and `never` are what they say. `auto`, in this order: `NO_COLOR`
/// set (to anything but nothing) means no colour; `TERM=dumb` (a terminal that shows escape sequences as text) means
/// no colour; `CLICOLOR_FORCE` set to anything but `0` means colour even through a pipe; `CLICOLOR=0` means no
/// colour; otherwise colour only on a terminal.
pub fn decide(choice: ColorChoice, is_terminal: bool, env: impl Fn(&str) -> Option<OsString>) -> bool {
    let set = |name: &str| env(name).filter(|v| !v.is_empty());
    match choice {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto if set("NO_COLOR").is_some() => false,
        ColorChoice::Auto if set("TERM").is_some_and(|v| v == "dumb") => false,
        ColorChoice::Auto if set("CLICOLOR_FORCE").is_some_and(|v| v != "0") => true,
        ColorChoice::Auto if set("CLICOLOR").is_some_and(|v| v == "0") => false,
        ColorChoice::Auto => is_terminal,
    }
}

/// Says a note or a progress line on standard error, unless `--quiet`. Errors, warnings and a failed gate are
/// printed with [`eprint_line`] instead, whatever `--quiet` says.
pub fn note(text: &str) {
    if !settings().quiet {
        eprint_line(text);
    }
}

/// The width for a table printed on standard output: `COLUMNS` when it holds a number, else the width of the
/// terminal standard output is, else [`DEFAULT_WIDTH`]; never below 40 columns.
pub fn stdout_width() -> usize {
    let terminal = terminal_size::terminal_size_of(std::io::stdout()).map(|(w, _)| usize::from(w.0));
    width_from(std::env::var_os("COLUMNS"), terminal)
}

/// [`stdout_width`] from what the environment and the terminal say.
pub fn width_from(columns: Option<OsString>, terminal: Option<usize>) -> usize {
    let columns = columns.and_then(|c| c.to_str().and_then(|c| c.trim().parse::<usize>().ok())).filter(|&c| c > 0);
    columns.or(terminal).filter(|&w| w > 0).unwrap_or(DEFAULT_WIDTH).max(MIN_WIDTH)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env(pairs: &[(&str, &str)]) -> impl Fn(&str) -> Option<OsString> {
        let pairs: Vec<(String, String)> = pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect();
        move |name| pairs.iter().find(|(k, _)| k == name).map(|(_, v)| OsString::from(v))
    }

    #[test]
    fn auto_colours_a_terminal_unless_the_environment_says_otherwise() {
        assert!(decide(ColorChoice::Auto, true, env(&[])));
        assert!(!decide(ColorChoice::Auto, false, env(&[])));
        assert!(!decide(ColorChoice::Auto, true, env(&[("NO_COLOR", "1")])));
        assert!(decide(ColorChoice::Auto, true, env(&[("NO_COLOR", "")])));
        assert!(!decide(ColorChoice::Auto, true, env(&[("TERM", "dumb")])));
        assert!(!decide(ColorChoice::Auto, true, env(&[("CLICOLOR", "0")])));
        assert!(decide(ColorChoice::Auto, false, env(&[("CLICOLOR_FORCE", "1")])));
        assert!(!decide(ColorChoice::Auto, false, env(&[("CLICOLOR_FORCE", "0")])));
        assert!(!decide(ColorChoice::Auto, true, env(&[("NO_COLOR", "1"), ("CLICOLOR_FORCE", "1")])));
        assert!(!decide(ColorChoice::Auto, true, env(&[("TERM", "dumb"), ("CLICOLOR_FORCE", "1")])));
    }

    #[test]
    fn the_flag_beats_the_environment() {
        assert!(decide(ColorChoice::Always, false, env(&[("NO_COLOR", "1"), ("TERM", "dumb")])));
        assert!(!decide(ColorChoice::Never, true, env(&[("CLICOLOR_FORCE", "1")])));
    }

    #[test]
    fn columns_beats_the_terminal_and_80_is_the_fallback() {
        assert_eq!(width_from(Some("132".into()), Some(100)), 132);
        assert_eq!(width_from(None, Some(100)), 100);
        assert_eq!(width_from(Some("wide".into()), None), 80);
        assert_eq!(width_from(Some("0".into()), None), 80);
        assert_eq!(width_from(Some("10".into()), None), 40);
    }
}
