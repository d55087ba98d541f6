//! The one place YAML is parsed. Every workspace YAML file goes through [`parse`], so options, budgets and the
//! translation of parser errors into located diagnostics live here and nowhere else.

use crate::rules::Code;
use serde::de::DeserializeOwned;
use serde_saphyr::{Error, budget, options};

use super::SourceFile;
use super::bounds::{MAX_ALIAS_EVENTS, MAX_ALIASES, MAX_ANCHORS, MAX_DEPTH, MAX_EVENTS, MAX_NODES, MAX_TEXT_BYTES};
use crate::diagnostic::{Diagnostic, did_you_mean};

/// What parsing one file gave: the value, and every problem found on the way.
pub(super) struct Parsed<T> {
    /// The value; built with stand-ins where `problems` found something wrong, `None` when the file could not be
    /// read as YAML at all (a syntax error, a bound).
    pub value: Option<T>,
    /// Every problem, each with its location and a hint; empty when the file is valid.
    pub problems: Vec<Diagnostic>,
}

/// Parses one YAML document into `T`. A valid file is parsed once. A file with problems is read again as a tree
/// and deserialised through `recover`, so that every problem of the file is reported, not only the first; the
/// value then holds stand-ins (see `recover`) and only serves to find further problems.
pub(super) fn parse<T: DeserializeOwned>(file: &SourceFile) -> Parsed<T> {
    let error = match serde_saphyr::from_str_with_options(&file.text, options()) {
        Ok(value) => return Parsed { value: Some(value), problems: Vec::new() },
        Err(error) => error,
    };
    let first = || vec![to_diagnostic(file, &error)];
    let Ok(tree) = super::tree::yaml(&file.text, options()) else {
        return Parsed { value: None, problems: first() };
    };
    match super::recover::recover::<T>(&tree) {
        Some((value, problems)) if !problems.is_empty() => {
            let problems = problems.into_iter().map(|p| located(file, p)).collect();
            Parsed { value: Some(value), problems }
        }
        _ => Parsed { value: None, problems: first() },
    }
}

/// A problem found by `recover` as a diagnostic of `file`.
pub(super) fn located(file: &SourceFile, p: super::recover::Problem) -> Diagnostic {
    Diagnostic::error(p.code, &file.path, p.message).help(p.help).at(&file.text, p.line, p.column)
}

/// Whether one YAML document parses into `T` without a problem (the benchmark floor's parse: the fast path only).
pub(super) fn parses<T: DeserializeOwned>(file: &SourceFile) -> bool {
    serde_saphyr::from_str_with_options::<T>(&file.text, options()).is_ok()
}

/// The parser's options: the bounds of `bounds`, strict booleans, no tags.
fn options() -> serde_saphyr::Options {
    options! {
        // Every limit the parser enforces is set here from a named bound, so none applies that docs/security.md
        // does not list. The parser's other budgets (documents, merge keys, recorded anchor events) cannot be
        // reached first: one document is allowed, and anchors and aliases are capped far below them.
        budget: budget! {
            max_depth: MAX_DEPTH,
            max_nodes: MAX_NODES,
            max_events: MAX_EVENTS,
            max_aliases: MAX_ALIASES,
            max_anchors: MAX_ANCHORS,
            max_total_scalar_bytes: MAX_TEXT_BYTES,
            // The parser's ratio heuristic (aliases per anchor) would be one more, undocumented bound; the absolute
            // bounds on aliases, replayed events and text already stop alias bombs.
            enforce_alias_anchor_ratio: false,
        },
        alias_limits: serde_saphyr::alias_limits! {
            max_total_replayed_events: MAX_ALIAS_EVENTS,
            max_replay_stack_depth: MAX_DEPTH,
        },
        // `no`, `on`, `y` stay strings; only true/false are booleans.
        strict_booleans: true,
        // Tags mean nothing in a workspace; one like `!!python/object` is a sign of a hostile or foreign file.
        reject_unsupported_tags: true,
        // We render our own snippet so that YAML, TOML and semantic diagnostics all look the same.
        with_snippet: false,
    }
}

/// The error behind the parser's wrappers (a snippet, or the alias through which a value was reached).
fn original(mut error: &Error) -> &Error {
    while let Error::WithSnippet { error: inner, .. } | Error::AliasError { error: inner, .. } = error {
        error = inner;
    }
    error
}

fn to_diagnostic(file: &SourceFile, error: &Error) -> Diagnostic {
    let (line, column) = error.location().map(|l| (l.line() as u32, l.column() as u32)).unwrap_or((0, 0));
    let plain = strip_location_suffix(&error.to_string());
    let diagnostic = match original(error) {
        Error::SerdeUnknownField { field, expected, .. } => {
            let help = match did_you_mean(field, expected.iter().copied()) {
                Some(best) => format!("did you mean `{best}`? allowed here: {}", expected.join(", ")),
                None if expected.is_empty() => "remove this field".to_string(),
                None => format!("allowed here: {}", expected.join(", ")),
            };
            Diagnostic::error(Code::UnknownField, &file.path, format!("unknown field `{field}`")).help(help)
        }
        Error::SerdeUnknownVariant { variant, expected, .. } => {
            let help = match did_you_mean(variant, expected.iter().copied()) {
                Some(best) => format!("did you mean `{best}`? allowed values: {}", expected.join(", ")),
                None => format!("allowed values: {}", expected.join(", ")),
            };
            Diagnostic::error(Code::InvalidValue, &file.path, format!("`{variant}` is not an allowed value")).help(help)
        }
        Error::SerdeMissingField { field, .. } => {
            Diagnostic::error(Code::MissingField, &file.path, format!("missing required field `{field}`"))
                .help(format!("add `{field}:`; docs/workspace.md describes every field"))
        }
        Error::SerdeInvalidType { unexpected, expected, .. } => {
            Diagnostic::error(Code::InvalidType, &file.path, format!("expected {expected}, found {unexpected}"))
                .help("check the value's type; quote text that looks like a number or date, e.g. \"4.1\"")
        }
        Error::Unexpected { expected, .. } => {
            Diagnostic::error(Code::InvalidType, &file.path, format!("expected {expected} here"))
                .help("check the indentation and the shape: docs/workspace.md shows each file's layout")
        }
        Error::InvalidBooleanStrict { .. } => {
            Diagnostic::error(Code::InvalidType, &file.path, "expected a boolean, found text")
                .help("write `true` or `false`; aims does not read yes/no/on/off as booleans")
        }
        Error::NullIntoString { .. } => Diagnostic::error(Code::EmptyField, &file.path, "this value is empty")
            .help("write a value, or remove the key if the field is optional"),
        Error::DuplicateMappingKey { key, .. } => {
            let key = key.as_deref().unwrap_or("this key");
            Diagnostic::error(Code::DuplicateKey, &file.path, format!("`{key}` appears twice in the same mapping"))
                .help("keep one of them; YAML readers disagree on which one wins, so aims refuses to guess")
        }
        Error::Budget { .. }
        | Error::AliasReplayLimitExceeded { .. }
        | Error::AliasExpansionLimitExceeded { .. }
        | Error::AliasReplayStackDepthExceeded { .. } => Diagnostic::error(
            Code::InputTooLarge,
            &file.path,
            format!("the file exceeds aims's input bounds ({plain})"),
        )
        .help(format!(
            "a workspace file may nest at most {MAX_DEPTH} levels and hold at most {MAX_NODES} nodes, \
             {MAX_ANCHORS} anchors, {MAX_ALIASES} aliases (repeating at most {MAX_ALIAS_EVENTS} events) and {} MiB of text; split the file or remove anchors \
             (docs/security.md lists the bounds)",
            MAX_TEXT_BYTES >> 20
        )),
        Error::UnsupportedTag { .. } => Diagnostic::error(Code::YamlSyntax, &file.path, plain)
            .help("remove the `!` tag; workspace files use plain YAML values only"),
        Error::MultipleDocuments { .. } => {
            Diagnostic::error(Code::YamlSyntax, &file.path, "this file holds more than one YAML document")
                .help("remove the `---` separator; put each AI system in its own file under systems/")
        }
        _ => Diagnostic::error(Code::YamlSyntax, &file.path, plain)
            .help("fix the YAML syntax here; indentation must use spaces, and text with `: ` or `#` needs quotes"),
    };
    diagnostic.at(&file.text, line, column)
}

/// serde-saphyr appends " at line L column C" to some messages; the diagnostic shows the location already.
fn strip_location_suffix(message: &str) -> String {
    match message.rfind(" at line ") {
        Some(i) if message[i..].contains("column") => message[..i].to_string(),
        _ => message.to_string(),
    }
}
