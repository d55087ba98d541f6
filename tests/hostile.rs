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
