//! A corpus of hostile and broken files fed through the real binary: each must give exit code 2 and a message
//! naming the file (and the line where there is one), in bounded time and memory, never a panic or a crash.

mod common;

use std::time::{Duration, Instant};

use assert_cmd::Command;
use common::{ORGANISATION, workspace};

const VALID: &str = "id: a\nname: A\npurpose: P\nowner: O\nlifecycle_stage: operation\nai_role: customer\n";

/// Amplification through aliases: one anchored string referenced thousands of times.
fn alias_bomb() -> Vec<u8> {
    let mut text =
        String::from("id: bomb\nname: B\npurpose: P\nowner: O\nlifecycle_stage: operation\nai_role: customer\n");
    text.push_str(&format!("notes: &lol \"{}\"\n", "lol".repeat(1000)));
    text.push_str(&format!("data_sources: [{}]\n", vec!["*lol"; 5000].join(",")));
    text.into_bytes()
}

/// (name, contents of systems/x.yaml, expected code, whether a line number is expected)
fn corpus() -> Vec<(&'static str, Vec<u8>, &'static str, bool)> {
    vec![
        ("alias bomb", alias_bomb(), "input-too-large", true),
        (
            "deep flow nesting",
            format!("data_sources: {}{}\n", "[".repeat(50_000), "]".repeat(50_000)).into_bytes(),
            "yaml-syntax",
            true,
        ),
        (
            "deep block nesting",
            (0..5_000).map(|i| format!("{}- \n", " ".repeat(i))).collect::<String>().into_bytes(),
            "invalid-type",
            true,
        ),
        ("binary", (0..=255u8).cycle().take(4096).collect(), "not-utf8", true),
        ("invalid UTF-8", b"id: caf\xe9\n".to_vec(), "not-utf8", true),
        ("NUL byte", b"id: a\0b\n".to_vec(), "not-utf8", true),
        (
            "UTF-16",
            [&[0xFF, 0xFE][..], &"id: x\n".encode_utf16().flat_map(u16::to_le_bytes).collect::<Vec<u8>>()].concat(),
            "not-utf8",
            false,
        ),
        ("tab indentation", b"id: t\nevidence:\n\tmonitoring: {}\n".to_vec(), "yaml-syntax", true),
        ("two documents", format!("{VALID}---\n{VALID}").into_bytes(), "yaml-syntax", true),
        ("a list, not a mapping", b"- id: a\n".to_vec(), "invalid-type", true),
        ("unknown tag", format!("{VALID}notes: !!python/object:os.system x\n").into_bytes(), "yaml-syntax", true),
    ]
}

#[test]
fn every_hostile_file_gives_a_located_error_quickly() {
    for (name, contents, code, has_line) in corpus() {
        let dir = workspace(&[("organisation.yaml", ORGANISATION)]);
        std::fs::create_dir_all(dir.path().join("systems")).unwrap();
        std::fs::write(dir.path().join("systems/x.yaml"), &contents).unwrap();
        let started = Instant::now();
        let output = Command::cargo_bin("aims")
            .unwrap()
            .args(["validate", "--format", "json"])
            .arg(dir.path())
            .timeout(Duration::from_secs(20))
            .output()
            .unwrap();
        let elapsed = started.elapsed();
        assert_eq!(output.status.code(), Some(2), "{name}: {}", String::from_utf8_lossy(&output.stderr));
        let json: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
        let d = &json["diagnostics"][0];
        assert_eq!(d["file"], "systems/x.yaml", "{name}: {d:#}");
        assert_eq!(d["code"], code, "{name}: {d:#}");
        if has_line {
            assert!(d["line"].as_u64().unwrap() >= 1, "{name}: {d:#}");
        }
        assert!(elapsed < Duration::from_secs(20), "{name} took {elapsed:?}");
    }
}

#[test]
fn an_oversized_file_is_refused_without_reading_it() {
    let dir = workspace(&[("organisation.yaml", ORGANISATION)]);
    let file = std::fs::File::create(dir.path().join("assessment.yaml")).unwrap();
    file.set_len(aims::load::MAX_FILE_BYTES + 1).unwrap(); // sparse: no disk used
    let output =
        Command::cargo_bin("aims").unwrap().args(["gap", "--format", "json"]).arg(dir.path()).output().unwrap();
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("assessment.yaml: error[input-too-large]"), "{stderr}");
}

#[test]
fn bom_and_crlf_are_accepted() {
    let system =
        "\u{feff}id: bom\r\nname: B\r\npurpose: P\r\nowner: O\r\nlifecycle_stage: operation\r\nai_role: customer\r\n";
    let dir = workspace(&[("organisation.yaml", ORGANISATION), ("systems/bom.yaml", system)]);
    let a = common::assess_dir(dir.path());
    assert_eq!(a.systems[0].id, "bom");
    assert_eq!(a.systems[0].name, "B");
}

#[test]
fn a_symlinked_workspace_file_pointing_outside_is_refused() {
    let outside = tempfile::NamedTempFile::new().unwrap();
    std::fs::write(outside.path(), "id: secret\n").unwrap();
    let dir = workspace(&[("organisation.yaml", ORGANISATION)]);
    std::fs::create_dir_all(dir.path().join("systems")).unwrap();
    std::os::unix::fs::symlink(outside.path(), dir.path().join("systems/x.yaml")).unwrap();
    let (diagnostics, _) = (common::diagnostics(dir.path()), ());
    assert_eq!(diagnostics.0[0].code, "path-outside-workspace");
}

#[test]
fn input_files_are_never_modified() {
    let dir = workspace(&[("organisation.yaml", ORGANISATION), ("systems/x.yaml", "id: [broken\n")]);
    let before = std::fs::read(dir.path().join("systems/x.yaml")).unwrap();
    for verb in ["validate", "gap"] {
        Command::cargo_bin("aims").unwrap().arg(verb).arg(dir.path()).output().unwrap();
    }
    assert_eq!(std::fs::read(dir.path().join("systems/x.yaml")).unwrap(), before);
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 2, "no file was added to the workspace");
}

#[test]
fn a_file_at_the_node_bound_parses_and_one_node_more_is_refused() {
    use aims::load::{MAX_NODES, check_bytes};
    // VALID is one mapping of six keys and six values; `data_sources:` adds a key, a sequence and its items.
    let fixed = 1 + 12 + 2;
    let file = |items: usize| format!("{VALID}data_sources: [{}]\n", vec!["a"; items].join(",")).into_bytes();
    let at = check_bytes("systems/x.yaml", file(MAX_NODES - fixed));
    assert!(at.is_empty(), "{at:#?}");
    let over = check_bytes("systems/x.yaml", file(MAX_NODES - fixed + 1));
    assert_eq!(over.len(), 1);
    assert_eq!(over[0].code, "input-too-large", "{:#?}", over[0]);
}

#[test]
fn a_file_at_the_alias_and_anchor_bounds_parses_and_one_more_is_refused() {
    use aims::load::{MAX_ALIASES, MAX_ANCHORS, check_bytes};
    let aliases = |n: usize| format!("{VALID}notes: &a x\ndata_sources: [{}]\n", vec!["*a"; n].join(",")).into_bytes();
    assert!(check_bytes("systems/x.yaml", aliases(MAX_ALIASES)).is_empty());
    assert_eq!(check_bytes("systems/x.yaml", aliases(MAX_ALIASES + 1))[0].code, "input-too-large");
    let anchors = |n: usize| {
        let items: Vec<String> = (0..n).map(|i| format!("&a{i} x")).collect();
        format!("{VALID}data_sources: [{}]\n", items.join(",")).into_bytes()
    };
    assert!(check_bytes("systems/x.yaml", anchors(MAX_ANCHORS)).is_empty());
    assert_eq!(check_bytes("systems/x.yaml", anchors(MAX_ANCHORS + 1))[0].code, "input-too-large");
}

#[test]
fn aliases_cannot_multiply_text_beyond_the_text_bound() {
    use aims::load::{MAX_ALIASES, MAX_TEXT_BYTES, check_bytes};
    // One value of 64 KiB repeated by every alias allowed would be 64 MiB of text: refused, not allocated.
    let long = "x".repeat(64 * 1024);
    const { assert!(64 * 1024 * MAX_ALIASES > MAX_TEXT_BYTES) };
    let file = format!("{VALID}notes: &a {long}\ndata_sources: [{}]\n", vec!["*a"; MAX_ALIASES].join(","));
    let diagnostics = check_bytes("systems/x.yaml", file.into_bytes());
    assert_eq!(diagnostics[0].code, "input-too-large", "{:#?}", diagnostics[0]);
}

#[test]
fn a_file_at_the_size_bound_is_read_and_one_byte_more_is_refused() {
    for (size, code) in [(aims::load::MAX_FILE_BYTES, "not-utf8"), (aims::load::MAX_FILE_BYTES + 1, "input-too-large")]
    {
        let dir = workspace(&[("organisation.yaml", ORGANISATION)]);
        std::fs::create_dir(dir.path().join("systems")).unwrap();
        // Sparse: no disk used. At the bound the file is read, and its zero bytes are refused as binary.
        std::fs::File::create(dir.path().join("systems/x.yaml")).unwrap().set_len(size).unwrap();
        let output = Command::cargo_bin("aims")
            .unwrap()
            .args(["validate", "--format", "json"])
            .arg(dir.path())
            // A hang guard, not a timing: a debug build reads 32 MiB in a few seconds, longer on a busy machine.
            .timeout(Duration::from_secs(90))
            .output()
            .unwrap();
        assert_eq!(output.status.code(), Some(2));
        let json: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
        assert_eq!(json["diagnostics"][0]["code"], code, "{size} bytes");
    }
}

/// (code, line) of every diagnostic about `file`.
fn located(dir: &std::path::Path, file: &str) -> Vec<(String, u32)> {
    common::diagnostics(dir).0.iter().filter(|d| d.file == file).map(|d| (d.code.to_string(), d.line)).collect()
}

fn waiver(reason: &str, owner: &str, expires: &str) -> String {
    format!("[[waiver]]\nrequirement = \"9.2.1\"\nreason = \"{reason}\"\nowner = \"{owner}\"\nexpires = {expires}\n")
}

#[test]
fn zero_width_or_whitespace_only_waiver_reasons_and_owners_are_empty() {
    for (reason, owner) in [("\u{200B}", "CTO"), ("Migration", " \u{3000}\u{FEFF} "), ("\u{2060}\u{00A0}", "\t")] {
        let toml = waiver(reason, owner, "2027-03-31");
        let dir = workspace(&[("organisation.yaml", ORGANISATION), ("aims.toml", &toml)]);
        let found = located(dir.path(), "aims.toml");
        assert!(!found.is_empty() && found.iter().all(|(code, line)| code == "empty-field" && *line >= 3), "{found:?}");
    }
}

#[test]
fn zero_width_owners_and_names_are_empty_and_a_zero_width_justification_is_none() {
    let entry = "requirements:\n  - requirement: \"A.6.2.2\"\n    status: not_applicable\n    justification: \"\u{200B}\u{200D}\"\n";
    let system =
        "id: a\nname: \"\u{2800}\"\npurpose: P\nowner: \"\u{200B}\"\nlifecycle_stage: operation\nai_role: customer\n";
    let dir = workspace(&[("organisation.yaml", ORGANISATION), ("assessment.yaml", entry), ("systems/a.yaml", system)]);
    // An invisible justification is no justification: not an input error, the `exclusion-unjustified` finding.
    assert_eq!(located(dir.path(), "assessment.yaml"), []);
    assert_eq!(located(dir.path(), "systems/a.yaml"), [("empty-field".to_string(), 2), ("empty-field".to_string(), 4)]);
}

#[test]
fn a_waiver_may_not_expire_beyond_the_horizon() {
    // The as-of date of the tests is 2026-11-27: the default horizon of 12 months ends on 2027-11-27.
    for (settings, expires, expected) in [
        ("", "2027-11-27", vec![]),
        ("", "2027-11-28", vec![("waiver-too-long".to_string(), 5)]),
        ("", "9999-12-31", vec![("waiver-too-long".to_string(), 5)]),
        ("[gate]\nwaiver_max_months = 3\n", "2027-02-27", vec![]),
        ("[gate]\nwaiver_max_months = 3\n", "2027-03-01", vec![("waiver-too-long".to_string(), 7)]),
        ("[gate]\nwaiver_max_months = 24\n", "2027-03-01", vec![("invalid-value".to_string(), 2)]),
    ] {
        let toml = format!("{settings}{}", waiver("Migration", "CTO", expires));
        let dir = workspace(&[("organisation.yaml", ORGANISATION), ("aims.toml", &toml)]);
        assert_eq!(located(dir.path(), "aims.toml"), expected, "{settings}expires = {expires}");
    }
}

#[test]
fn the_documented_bounds_are_the_real_ones() {
    use aims::load::{
        MAX_ALIAS_EVENTS, MAX_ALIASES, MAX_ANCHORS, MAX_DEPTH, MAX_FILE_BYTES, MAX_NODES, MAX_TEXT_BYTES,
    };
    let mib = |bytes: u64| format!("{} MiB", bytes >> 20);
    let security = std::fs::read_to_string("docs/security.md").unwrap();
    for row in [
        format!("| file size | {} |", mib(MAX_FILE_BYTES)),
        format!("| nesting depth | {MAX_DEPTH} levels |"),
        format!("| YAML nodes (mappings, sequences, values) per file | {} |", common::grouped(MAX_NODES)),
        format!("| anchors (`&name`) per file | {} |", common::grouped(MAX_ANCHORS)),
        format!("| aliases (`*name`) per file | {} |", common::grouped(MAX_ALIASES)),
        format!("| events repeated by aliases per file | {} |", common::grouped(MAX_ALIAS_EVENTS)),
        format!("| text per file, each alias's repetition counted again | {} |", mib(MAX_TEXT_BYTES as u64)),
    ] {
        assert!(security.contains(&row), "docs/security.md lacks `{row}`");
    }
    let workspace_md = std::fs::read_to_string("docs/workspace.md").unwrap();
    let workspace_md = workspace_md.split_whitespace().collect::<Vec<_>>().join(" ");
    let explain = aims::rules::Code::InputTooLarge.rule().checks;
    let sentence = format!(
        "at most {} per file, {MAX_DEPTH} levels of nesting, {} YAML nodes, {} anchors and {} aliases (repeating at \
         most {} events and {} of text)",
        mib(MAX_FILE_BYTES),
        common::grouped(MAX_NODES),
        common::grouped(MAX_ANCHORS),
        common::grouped(MAX_ALIASES),
        common::grouped(MAX_ALIAS_EVENTS),
        mib(MAX_TEXT_BYTES as u64)
    );
    assert!(workspace_md.contains(&sentence), "docs/workspace.md lacks `{sentence}`");
    for number in
        [mib(MAX_FILE_BYTES), format!("{MAX_DEPTH} levels"), common::grouped(MAX_NODES), common::grouped(MAX_ALIASES)]
    {
        assert!(explain.contains(&number), "`aims explain input-too-large` lacks {number}: {explain}");
    }
}

#[test]
fn evidence_naming_the_workspace_folder_itself_is_a_folder_not_a_path_outside() {
    // `./` joined to the workspace has the workspace's parent as its parent, which once made it "outside".
    for written in [".", "./", "./."] {
        let entry = format!(
            "requirements:\n  - requirement: \"5.2\"\n    status: compliant\n    evidence:\n      - file: \"{written}\"\n"
        );
        let dir = workspace(&[("organisation.yaml", ORGANISATION), ("assessment.yaml", &entry)]);
        assert_eq!(located(dir.path(), "assessment.yaml"), [("evidence-unusable".to_string(), 5)], "{written}");
    }
}
