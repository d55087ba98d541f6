//! Located problems with the input, reported all at once in the style of rustc and cargo-deny:
//! `file:line:col: error[code]: message`, the source line with a caret, and a `help:`.

use crate::render::escape::terminal;
use crate::rules::Code;
use std::fmt::Write as _;

use serde::Serialize;

/// How much a diagnostic weighs. Serialised as `error` or `warning`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    /// The workspace is invalid: nothing is assessed and the run exits with code 2.
    Error,
    /// Worth fixing, but the workspace is still assessed.
    Warning,
}

impl Severity {
    /// `error` or `warning`, as the rendered diagnostic and the JSON write it.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
        }
    }
}

/// One problem with the workspace. `line` and `column` are 1-based; 0 means "the whole file".
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Diagnostic {
    /// Whether it stops the run.
    pub severity: Severity,
    /// The rule code; `aims explain CODE` describes it.
    pub code: Code,
    /// What is wrong, in one sentence without a final full stop.
    pub message: String,
    /// The file, relative to the workspace folder with `/` separators (or the folder itself).
    pub file: String,
    /// The 1-based line; 0 when the diagnostic is about the whole file.
    pub line: u32,
    /// The 1-based column, counted in characters; 0 when there is no position on the line.
    pub column: u32,
    /// The offending source line, without its line break.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source_line: Option<String>,
    /// How to fix it; absent when the message says enough.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub help: Option<String>,
}

impl Diagnostic {
    /// An error about the whole of `file` (line and column 0); [`Diagnostic::at`] points it at a place.
    pub fn error(code: Code, file: &str, message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            severity: Severity::Error,
            code,
            message: message.into(),
            file: file.to_string(),
            line: 0,
            column: 0,
            source_line: None,
            help: None,
        }
    }

    /// A warning about the whole of `file`, like [`Diagnostic::error`].
    pub fn warning(code: Code, file: &str, message: impl Into<String>) -> Diagnostic {
        Diagnostic { severity: Severity::Warning, ..Diagnostic::error(code, file, message) }
    }

    /// The diagnostic with a hint on how to fix it.
    pub fn help(mut self, help: impl Into<String>) -> Diagnostic {
        self.help = Some(help.into());
        self
    }

    /// Points the diagnostic at `line:column` of `text` (the file's contents), copying the source line for display.
    pub fn at(mut self, text: &str, line: u32, column: u32) -> Diagnostic {
        self.line = line;
        self.column = column;
        self.source_line = line.checked_sub(1).and_then(|i| text.lines().nth(i as usize)).map(|l| {
            // Control characters would garble the terminal; show them as replacement characters.
            l.trim_end_matches('\r').chars().map(|c| if c.is_control() && c != '\t' { '\u{FFFD}' } else { c }).collect()
        });
        self
    }

    /// Renders the diagnostic for a person, optionally with ANSI colour. The file, the message, the source line and
    /// the help go through [`terminal`]: the only escape sequences are aims's colours, and nothing a file holds starts
    /// a line of its own.
    pub fn render(&self, colour: bool) -> String {
        let (bold, red, yellow, blue, reset) = if colour {
            ("\x1b[1m", "\x1b[1;31m", "\x1b[1;33m", "\x1b[1;34m", "\x1b[0m")
        } else {
            ("", "", "", "", "")
        };
        let sev_colour = match self.severity {
            Severity::Error => red,
            Severity::Warning => yellow,
        };
        let mut out = String::new();
        let file = terminal(&self.file);
        let place = match (self.line, self.column) {
            (0, _) => file.into_owned(),
            (l, 0) => format!("{file}:{l}"),
            (l, c) => format!("{file}:{l}:{c}"),
        };
        let _ = writeln!(
            out,
            "{bold}{place}: {sev_colour}{}[{}]{reset}{bold}: {}{reset}",
            self.severity.as_str(),
            self.code,
            terminal(&self.message)
        );
        if let Some(source) = &self.source_line {
            let number = self.line.to_string();
            let pad = " ".repeat(number.len());
            let shown = terminal(source);
            let _ = writeln!(out, "{blue}{pad} |{reset}");
            let _ = writeln!(out, "{blue}{number} |{reset} {shown}");
            if self.column > 0 {
                let caret_at = " ".repeat(source.chars().take(self.column as usize - 1).count());
                let _ = writeln!(out, "{blue}{pad} |{reset} {caret_at}{sev_colour}^{reset}");
            }
        }
        if let Some(help) = &self.help {
            let _ = writeln!(out, "  {blue}= help:{reset} {}", terminal(help));
        }
        out
    }
}

/// Every diagnostic of a run, sorted by file, line and column so the output is stable.
#[derive(Debug, Default, Clone, Serialize)]
pub struct Diagnostics(pub Vec<Diagnostic>);

impl Diagnostics {
    /// Adds one diagnostic.
    pub fn push(&mut self, diagnostic: Diagnostic) {
        self.0.push(diagnostic);
    }

    /// Whether any diagnostic is an error (the workspace is then not assessed).
    pub fn has_errors(&self) -> bool {
        self.0.iter().any(|d| d.severity == Severity::Error)
    }

    /// How many diagnostics have `severity`.
    pub fn count(&self, severity: Severity) -> usize {
        self.0.iter().filter(|d| d.severity == severity).count()
    }

    /// Sorts by file, line, column, severity, code, then message and help, so output does not depend on the order
    /// checks ran in or on which thread found what.
    pub fn sort(&mut self) {
        self.0.sort_by(|a, b| {
            (&a.file, a.line, a.column, a.severity, a.code, &a.message, &a.help)
                .cmp(&(&b.file, b.line, b.column, b.severity, b.code, &b.message, &b.help))
        });
        self.0.dedup();
    }
}

/// What `aims validate --format json` writes: whether the workspace is valid, how many errors and warnings it
/// has, and every diagnostic. [`ValidateReport::json`] is its text.
#[derive(Debug, Clone, Serialize)]
pub struct ValidateReport<'a> {
    /// The version of this document's shape ([`crate::assess::REPORT_SCHEMA_VERSION`]).
    pub schema_version: u32,
    /// No diagnostic is an error: the workspace can be assessed.
    pub valid: bool,
    /// The number of error diagnostics.
    pub errors: usize,
    /// The number of warning diagnostics.
    pub warnings: usize,
    /// Every diagnostic, in the order the loader sorted them.
    pub diagnostics: &'a Diagnostics,
}

impl<'a> ValidateReport<'a> {
    /// The report on `diagnostics`, all a load found.
    pub fn new(diagnostics: &'a Diagnostics) -> ValidateReport<'a> {
        let errors = diagnostics.count(Severity::Error);
        ValidateReport {
            schema_version: crate::assess::REPORT_SCHEMA_VERSION,
            valid: errors == 0,
            errors,
            warnings: diagnostics.count(Severity::Warning),
            diagnostics,
        }
    }

    /// Pretty JSON with a final line break. Keys are in alphabetical order at every level (`diagnostics` first),
    /// the order this document has always had.
    pub fn json(&self) -> String {
        // Through a `Value` for its alphabetical key order; `render::json` escapes C1 and bidirectional controls.
        match serde_json::to_value(self) {
            Ok(value) => crate::render::json(&value),
            Err(e) => format!("{{\"error\": \"{e}\"}}\n"),
        }
    }
}

/// "did you mean `x`?" for a mistyped word among the allowed ones.
pub fn did_you_mean<'a>(typed: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    candidates
        .into_iter()
        .map(|c| (strsim::jaro_winkler(typed, c), c))
        .filter(|&(score, _)| score >= 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, c)| c)
}
