//! A whole workspace from arbitrary bytes, and the whole pipeline over it: load (from memory, through the same
//! validation as the disk), assess, evaluate the workspace's gate and render every report and document. The fuzz
//! target `workspace` drives [`check`] with libFuzzer's inputs; tests/in_memory.rs drives it with proptest, so
//! `cargo test` exercises the same path without a fuzzer.
//!
//! Input format: records separated by the byte [`SEPARATOR`] (0xFF, which UTF-8 text never contains). A record is
//! a workspace-relative path, a newline, then the file's bytes (`systems/a.yaml\nid: a\n…`); a record without a
//! newline is an empty file. At most [`MAX_FILES`] records are read. [`encode`] writes a workspace in this format,
//! so the example workspaces make a seed corpus.

use std::sync::OnceLock;

use aims::assess::{Report, assess};
use aims::catalogue::Catalogue;
use aims::date::Date;
use aims::diagnostic::ValidateReport;
use aims::render::{Audience, Format, Options};
use aims::views::crosswalk::Framework;

/// The byte between two files of the input.
pub const SEPARATOR: u8 = 0xFF;

/// How many files an input holds at most; records after these are ignored.
pub const MAX_FILES: usize = 64;

/// The assessment date of every run (the date the example workspaces are written for).
pub const AS_OF: &str = "2026-11-27";

/// The workspace files `data` describes, as `(path, bytes)` for [`aims::load::from_files`].
pub fn files(data: &[u8]) -> Vec<(String, Vec<u8>)> {
    data.split(|&b| b == SEPARATOR)
        .take(MAX_FILES)
        .filter_map(|record| {
            let (path, bytes) = match record.iter().position(|&b| b == b'\n') {
                Some(end) => (&record[..end], &record[end + 1..]),
                None => (record, &[][..]),
            };
            (!path.is_empty()).then(|| (String::from_utf8_lossy(path).into_owned(), bytes.to_vec()))
        })
        .collect()
}

/// The input that [`files`] reads back as `files` (paths must not contain a newline or the separator).
pub fn encode(files: &[(String, Vec<u8>)]) -> Vec<u8> {
    let mut out = Vec::new();
    for (i, (path, bytes)) in files.iter().enumerate() {
        if i > 0 {
            out.push(SEPARATOR);
        }
        out.extend_from_slice(path.as_bytes());
        out.push(b'\n');
        out.extend_from_slice(bytes);
    }
    out
}

fn catalogue() -> &'static Catalogue {
    static CATALOGUE: OnceLock<Catalogue> = OnceLock::new();
    CATALOGUE.get_or_init(|| Catalogue::bundled().expect("the bundled catalogue loads"))
}

/// What one run found: whether the workspace was valid, and how many diagnostics it had.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Outcome {
    pub valid: bool,
    pub diagnostics: usize,
}

/// Loads the workspace `data` describes and, when it is valid, assesses it and renders everything aims renders
/// from an assessment. Panics (the bug the fuzzer looks for) when any stage panics, when a built-in template fails,
/// or when a JSON or XML output does not parse.
pub fn check(data: &[u8]) -> Outcome {
    let catalogue = catalogue();
    let as_of: Date = AS_OF.parse().expect("a valid date");
    let files = files(data);
    let loaded = aims::load::from_files(&files, catalogue, as_of);
    for diagnostic in &loaded.diagnostics.0 {
        let _ = diagnostic.render(false);
        let _ = diagnostic.render(true);
    }
    json(&ValidateReport::new(&loaded.diagnostics).json());
    let outcome = Outcome { valid: loaded.workspace.is_some(), diagnostics: loaded.diagnostics.0.len() };
    let Some(workspace) = loaded.workspace else { return outcome };

    let assessment = assess(catalogue, &workspace, as_of);
    let soa = aims::views::soa::build(catalogue, &workspace, &assessment);
    let plan = aims::views::plan::build(catalogue, &workspace, &assessment);
    let summary = aims::views::summary::build(&workspace, &assessment, &plan);
    let gate = aims::gate::evaluate(catalogue, &assessment, &workspace.settings.gate);
    let reports = [Report::new(&assessment, None), Report::new(&assessment, gate)];
    for report in reports {
        for format in
            [Format::Table, Format::Markdown, Format::Json, Format::Sarif, Format::Junit, Format::Github, Format::Csv]
        {
            for colour in [false, true] {
                // With and without a path prefix (the workspace's folder in its repository), and in both voices,
                // with and without the executive summary.
                let path_prefix = if colour { "compliance/aims/" } else { "" };
                let (audience, summary) =
                    if colour { (Audience::Practitioner, None) } else { (Audience::Client, Some(&summary)) };
                let options = Options { colour, path_prefix, audience, summary, ..Options::default() };
                let text = aims::render::render(&report, format, options)
                    .unwrap_or_else(|e| panic!("the built-in {format} rendering failed: {e}"));
                match format {
                    Format::Json | Format::Sarif => json(&text),
                    Format::Junit => xml(&text),
                    _ => {}
                }
            }
        }
    }

    for &format in Format::DOCUMENT {
        for audience in [Audience::Client, Audience::Practitioner] {
            let options = Options { audience, summary: Some(&summary), ..Options::default() };
            let soa = aims::views::soa::render(&soa, format, options).expect("the built-in SoA template renders");
            let plan = aims::views::plan::render(&plan, format, options).expect("the built-in plan template renders");
            if format == Format::Json {
                json(&soa);
                json(&plan);
            }
        }
    }
    for framework in Framework::ALL {
        for &format in Format::CROSSWALK {
            let text = aims::views::crosswalk::render(catalogue, &assessment, framework, format, as_of)
                .unwrap_or_else(|e| panic!("the {} crosswalk failed: {e}", framework.id()));
            if format == Format::Json {
                json(&text);
            }
        }
    }
    outcome
}

fn json(text: &str) {
    if let Err(e) = serde_json::from_str::<serde_json::Value>(text) {
        panic!("invalid JSON output ({e}):\n{text}");
    }
}

fn xml(text: &str) {
    if let Err(e) = roxmltree::Document::parse(text) {
        panic!("invalid XML output ({e}):\n{text}");
    }
}
