//! Loading from memory is loading: `aims::load::from_files` runs the validation `aims::load::load` runs, answering
//! file and evidence questions from a list of files instead of the disk. These tests check that both give the same
//! workspace and the same diagnostics (on every example and rule fixture, and on mutated ones), and drive the fuzz
//! harness of fuzz/src/lib.rs (bytes → workspace → load → assess → every output) with proptest, so CI runs the
//! fuzzed path without a fuzzer.

#[path = "../fuzz/src/lib.rs"]
mod fuzz_workspace;

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use aims::catalogue::Catalogue;
use aims::load::{Loaded, from_files, load};
use proptest::prelude::*;

type Files = Vec<(String, Vec<u8>)>;

fn catalogue() -> &'static Catalogue {
    static CATALOGUE: OnceLock<Catalogue> = OnceLock::new();
    CATALOGUE.get_or_init(|| Catalogue::bundled().unwrap())
}

fn as_of() -> aims::date::Date {
    fuzz_workspace::AS_OF.parse().unwrap()
}

/// Every file under `dir` as (workspace-relative path, bytes), in path order; `None` when the tree holds a
/// symlink, which only the disk can express.
fn read_tree(dir: &Path) -> Option<Files> {
    fn walk(root: &Path, dir: &Path, out: &mut Files) -> Option<()> {
        for entry in std::fs::read_dir(dir).unwrap() {
            let entry = entry.unwrap();
            let kind = entry.file_type().unwrap();
            if kind.is_symlink() {
                return None;
            } else if kind.is_dir() {
                walk(root, &entry.path(), out)?;
            } else {
                let rel = entry.path().strip_prefix(root).unwrap().to_str().unwrap().replace('\\', "/");
                out.push((rel, std::fs::read(entry.path()).unwrap()));
            }
        }
        Some(())
    }
    let mut files = Vec::new();
    walk(dir, dir, &mut files)?;
    files.sort();
    Some(files)
}

/// The example workspaces and the rule fixtures' workspaces that hold no symlink.
fn workspaces() -> Vec<(PathBuf, Files)> {
    let mut dirs: Vec<PathBuf> = std::fs::read_dir("examples").unwrap().map(|e| e.unwrap().path()).collect();
    for fixture in std::fs::read_dir("tests/rules").unwrap() {
        dirs.push(fixture.unwrap().path().join("workspace"));
    }
    dirs.sort();
    dirs.into_iter().filter(|d| d.is_dir()).filter_map(|d| read_tree(&d).map(|files| (d, files))).collect()
}

/// What a load says, in a form two loads can be compared by.
fn summary(loaded: &Loaded) -> (String, String) {
    (format!("{:#?}", loaded.diagnostics), format!("{:#?}", loaded.workspace))
}

/// Writes `files` into a new folder.
fn on_disk(files: &Files) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for (path, bytes) in files {
        let full = dir.path().join(path);
        std::fs::create_dir_all(full.parent().unwrap()).unwrap();
        std::fs::write(full, bytes).unwrap();
    }
    dir
}

fn assert_same_on_disk_and_in_memory(dir: &Path, files: &Files) {
    let disk = summary(&load(dir, catalogue(), as_of()));
    let memory = summary(&from_files(files, catalogue(), as_of()));
    assert_eq!(disk.0, memory.0, "diagnostics differ for {}", dir.display());
    assert_eq!(disk.1, memory.1, "workspaces differ for {}", dir.display());
}

#[test]
fn every_example_and_fixture_loads_the_same_from_memory_as_from_disk() {
    let workspaces = workspaces();
    assert!(workspaces.len() > 40, "examples and fixtures found: {}", workspaces.len());
    for (dir, files) in &workspaces {
        assert_same_on_disk_and_in_memory(dir, files);
    }
}

#[test]
fn evidence_paths_in_memory_name_what_they_name_on_disk() {
    let assessment = "requirements:\n  - requirement: \"5.2\"\n    status: compliant\n    evidence:\n".to_string()
        + &[
            "evidence/policy.md",
            "./evidence//policy.md",
            "evidence/policy.md/",
            "evidence/policy.md/.",
            "evidence/empty.md",
            "evidence",
            "evidence/",
            ".",
            "evidence/missing.md",
            "organisation.yaml",
            "systems/bot.yaml",
            "systems",
            "../outside.md",
            "/etc/passwd",
            "evidence\\policy.md",
        ]
        .iter()
        .map(|p| format!("      - file: '{p}'\n        reviewed: 2026-06-01\n"))
        .collect::<String>();
    let system = "id: bot\nname: Bot\npurpose: Answers questions\nowner: Ops\nlifecycle_stage: operation\n\
                  ai_role: provider\n";
    let files: Files = vec![
        ("organisation.yaml".into(), b"name: Org\naims_scope: All\nai_roles: [provider]\n".to_vec()),
        ("assessment.yaml".into(), assessment.into_bytes()),
        ("systems/bot.yaml".into(), system.as_bytes().to_vec()),
        ("evidence/policy.md".into(), b"The policy.\n".to_vec()),
        ("evidence/empty.md".into(), Vec::new()),
    ];
    let dir = on_disk(&files);
    assert_same_on_disk_and_in_memory(dir.path(), &files);
    let loaded = from_files(&files, catalogue(), as_of());
    assert!(loaded.workspace.is_none(), "an evidence path outside the workspace is an error");
    assert!(loaded.diagnostics.0.len() >= 10, "{:#?}", loaded.diagnostics);
}

#[test]
fn paths_in_memory_are_normalised_and_unsafe_ones_skipped() {
    let files: Files = vec![
        ("./organisation.yaml".into(), b"name: Org\naims_scope: All\nai_roles: [provider]\n".to_vec()),
        ("../aims.toml".into(), b"not toml at all [".to_vec()),
        ("systems//../x.yaml".into(), b"{".to_vec()),
        ("".into(), b"ignored".to_vec()),
    ];
    let loaded = from_files(&files, catalogue(), as_of());
    assert!(loaded.workspace.is_some(), "{:#?}", loaded.diagnostics);
    assert!(loaded.diagnostics.0.is_empty(), "{:#?}", loaded.diagnostics);
}

#[test]
fn the_fuzz_input_format_round_trips_and_the_examples_are_valid() {
    for dir in ["examples/saas-ai-customer", "examples/fintech-ai-provider"] {
        let files = read_tree(Path::new(dir)).unwrap();
        assert_eq!(fuzz_workspace::files(&fuzz_workspace::encode(&files)), files);
        let outcome = fuzz_workspace::check(&fuzz_workspace::encode(&files));
        assert!(outcome.valid, "{dir} is valid ({} diagnostics)", outcome.diagnostics);
    }
}

/// The seeds the properties mutate: the smallest example and every rule fixture, evidence shortened to one byte
/// (only whether it exists and is empty matters).
fn seeds() -> &'static Vec<Files> {
    static SEEDS: OnceLock<Vec<Files>> = OnceLock::new();
    SEEDS.get_or_init(|| {
        workspaces()
            .into_iter()
            .filter(|(dir, _)| !dir.starts_with("examples") || dir.ends_with("saas-ai-customer"))
            .map(|(_, files)| {
                files
                    .into_iter()
                    .map(|(path, bytes)| {
                        let bytes =
                            if path.starts_with("evidence/") { bytes.into_iter().take(1).collect() } else { bytes };
                        (path, bytes)
                    })
                    .collect()
            })
            .collect()
    })
}

/// Snippets that steer a mutation towards what validation looks at: YAML structure, anchors and aliases, dates,
/// IDs, statuses, paths, and text aimed at the renderers.
const TOKENS: &[&str] = &[
    "\n",
    ": ",
    "- ",
    "  ",
    "'",
    "\"",
    "[",
    "]",
    "{",
    "}",
    "&a ",
    "*a",
    "!!str ",
    "~",
    "null",
    "true",
    "0",
    "-1",
    "2026-11-28",
    "2026-02-30",
    "9999-12-31",
    "compliant",
    "partially_compliant",
    "non_compliant",
    "not_applicable",
    "not_assessed",
    "A.6.2.4",
    "5.2",
    "requirement: ",
    "status: ",
    "evidence:\n  - file: ",
    "evidence/",
    "../",
    "/",
    "\\",
    ".",
    "systems/",
    "high",
    "provider",
    "id: ",
    "\u{feff}",
    "\u{200b}",
    "\u{202e}",
    "\u{1b}[31m",
    "<!--",
    "|",
    "::error::",
    "=cmd|",
    "\r\n",
    "\u{ff}",
];

/// One edit of the input: at `at` (taken modulo the length), replace a byte, insert a token, delete a run, or
/// copy a run elsewhere.
#[derive(Debug, Clone)]
enum Edit {
    Replace(usize, u8),
    Insert(usize, usize),
    Delete(usize, usize),
    Copy(usize, usize, usize),
}

fn edit() -> impl Strategy<Value = Edit> {
    prop_oneof![
        (any::<usize>(), any::<u8>()).prop_map(|(at, b)| Edit::Replace(at, b)),
        (any::<usize>(), 0..TOKENS.len()).prop_map(|(at, t)| Edit::Insert(at, t)),
        (any::<usize>(), 1usize..24).prop_map(|(at, n)| Edit::Delete(at, n)),
        (any::<usize>(), any::<usize>(), 1usize..48).prop_map(|(from, to, n)| Edit::Copy(from, to, n)),
    ]
}

fn apply(bytes: &mut Vec<u8>, edits: &[Edit]) {
    for edit in edits {
        let len = bytes.len().max(1);
        match *edit {
            Edit::Replace(at, b) if !bytes.is_empty() => bytes[at % len] = b,
            Edit::Replace(..) => {}
            Edit::Insert(at, t) => {
                let at = at % (bytes.len() + 1);
                bytes.splice(at..at, TOKENS[t].bytes());
            }
            Edit::Delete(at, n) => {
                let at = at % len;
                let end = (at + n).min(bytes.len());
                bytes.drain(at.min(end)..end);
            }
            Edit::Copy(from, to, n) => {
                let from = from % len;
                let chunk: Vec<u8> = bytes.iter().skip(from).take(n).copied().collect();
                let to = to % (bytes.len() + 1);
                bytes.splice(to..to, chunk);
            }
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, failure_persistence: None, ..ProptestConfig::default() })]

    /// Whatever the bytes, loading, assessing, the gate and every output finish without a panic, and every JSON
    /// and XML output parses.
    #[test]
    fn mutated_workspaces_load_assess_and_render_without_panic(
        seed in any::<prop::sample::Index>(),
        edits in prop::collection::vec(edit(), 0..8),
    ) {
        let seeds = seeds();
        let mut bytes = fuzz_workspace::encode(&seeds[seed.index(seeds.len())]);
        apply(&mut bytes, &edits);
        fuzz_workspace::check(&bytes);
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, failure_persistence: None, ..ProptestConfig::default() })]

    /// A workspace whose files' contents are mutated loads the same from memory as from disk.
    #[test]
    fn mutated_files_load_the_same_from_disk_and_from_memory(
        seed in any::<prop::sample::Index>(),
        file in any::<prop::sample::Index>(),
        edits in prop::collection::vec(edit(), 1..6),
    ) {
        let seeds = seeds();
        let mut files = seeds[seed.index(seeds.len())].clone();
        let i = file.index(files.len());
        apply(&mut files[i].1, &edits);
        let dir = on_disk(&files);
        assert_same_on_disk_and_in_memory(dir.path(), &files);
    }
}
