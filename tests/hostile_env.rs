//! The workspace as an attacker or an accident leaves it on disk: files that vanish from the report by a rename,
//! pipes and devices, symlinks out of the workspace, folders that cannot be read, names that differ only in letter
//! case or are not UTF-8. Every run here goes through the real binary with a deadline, and must end within seconds
//! with exit code 2 (an error naming the path) or with a warning naming the path; never a hang, never a silent
//! "0 systems".

mod common;

use std::path::Path;
use std::process::Output;
use std::time::{Duration, Instant};

#[cfg(unix)]
use common::mkfifo;
use common::{ORGANISATION, workspace};

/// Far above any run here (they take milliseconds); a run that reaches it has hung.
const DEADLINE: Duration = Duration::from_secs(20);

const SYSTEM_FIELDS: &str = "name: A\npurpose: P\nowner: O\nlifecycle_stage: operation\nai_role: customer\n";

fn system(id: &str) -> String {
    format!("id: {id}\n{SYSTEM_FIELDS}")
}

/// Runs `aims VERB DIR --as-of … [extra]` with a deadline, failing the test if the run hangs or panics.
fn run(verb: &str, dir: &Path, extra: &[&str]) -> Output {
    let started = Instant::now();
    let output = assert_cmd::Command::cargo_bin("aims")
        .unwrap()
        .arg(verb)
        .arg(dir)
        .args(["--as-of", common::AS_OF])
        .args(extra)
        .env("NO_COLOR", "1")
        .timeout(DEADLINE)
        .output()
        .unwrap();
    let elapsed = started.elapsed();
    assert!(elapsed < DEADLINE, "`aims {verb}` hung ({elapsed:?})");
    let code = output.status.code();
    assert!(matches!(code, Some(0..=2)), "`aims {verb}` ended with {:?}: {}", output.status, stderr(&output));
    output
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// `aims validate --format json`: the exit code and the diagnostics as (code, file, severity).
fn validate(dir: &Path) -> (Option<i32>, Vec<(String, String, String)>) {
    let output = run("validate", dir, &["--format", "json"]);
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let diagnostics = json["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            let field = |k: &str| d[k].as_str().unwrap_or_default().to_string();
            (field("code"), field("file"), field("severity"))
        })
        .collect();
    (output.status.code(), diagnostics)
}

fn has(diagnostics: &[(String, String, String)], code: &str, file: &str) -> bool {
    diagnostics.iter().any(|(c, f, _)| c == code && f == file)
}

fn system_count(dir: &Path) -> usize {
    let output = run("gap", dir, &["--format", "json"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    json["systems"].as_array().unwrap().len()
}

// ----- every entry of systems/ and assessment/ is loaded or reported ---------------------------------------------

#[test]
fn a_system_file_with_an_uppercase_extension_is_loaded() {
    let dir = workspace(&[
        ("organisation.yaml", ORGANISATION),
        ("systems/chatbot.YAML", &system("chatbot")),
        ("systems/scoring.Yml", &system("scoring")),
        ("systems/plain.yaml", &system("plain")),
    ]);
    assert_eq!(system_count(dir.path()), 3);
    let (code, diagnostics) = validate(dir.path());
    assert_eq!(code, Some(0));
    assert!(diagnostics.is_empty(), "{diagnostics:?}");
}

#[test]
fn an_assessment_file_with_an_uppercase_extension_is_loaded() {
    let entry =
        "requirements:\n  - requirement: \"9.2.1\"\n    status: non_compliant\n    action:\n      description: Audit\n";
    let dir = workspace(&[("organisation.yaml", ORGANISATION), ("assessment/Clauses.YAML", entry)]);
    let a = common::assess_dir(dir.path());
    assert_eq!(common::requirement(&a, "9.2.1").status.as_str(), "non_compliant");
}

#[test]
fn every_file_in_systems_that_is_not_loaded_is_reported_with_a_warning() {
    let dir = workspace(&[
        ("organisation.yaml", ORGANISATION),
        ("systems/kept.yaml", &system("kept")),
        ("systems/chatbot.json", "{}"),
        ("systems/notes.txt", "notes"),
        ("systems/README.md", "# systems"),
        ("systems/scoring.yaml~", &system("scoring")),
        ("systems/scoring.yaml.bak", &system("scoring")),
        ("systems/archive/old.yaml", &system("old")),
        ("systems/.draft.yaml", &system("draft")),
        ("systems/.gitkeep", ""),
        ("assessment/extra.json", "{}"),
    ]);
    let (code, diagnostics) = validate(dir.path());
    assert_eq!(code, Some(0), "warnings do not stop the run: {diagnostics:?}");
    for file in [
        "systems/chatbot.json",
        "systems/notes.txt",
        "systems/README.md",
        "systems/scoring.yaml~",
        "systems/scoring.yaml.bak",
        "systems/archive",
        "systems/.draft.yaml",
        "assessment/extra.json",
    ] {
        assert!(has(&diagnostics, "file-not-loaded", file), "{file}: {diagnostics:?}");
    }
    assert!(!diagnostics.iter().any(|(_, f, _)| f.contains(".gitkeep")), "hidden non-YAML files stay silent");
    assert!(diagnostics.iter().all(|(_, _, severity)| severity == "warning"));
    // `gap` says so too: a file that is not loaded is in no report.
    let output = run("gap", dir.path(), &["--format", "json"]);
    assert_eq!(output.status.code(), Some(0));
    let err = stderr(&output);
    assert!(err.contains("systems/chatbot.json: warning[file-not-loaded]"), "{err}");
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(json["systems"].as_array().unwrap().len(), 1);
}

#[test]
fn a_near_miss_of_a_workspace_name_is_reported_and_a_systems_folder_in_another_case_is_an_error() {
    let dir = workspace(&[
        ("organisation.yaml", ORGANISATION),
        ("Systems/chatbot.yaml", &system("chatbot")),
        ("assessment.yml", "requirements: []\n"),
    ]);
    if dir.path().join("systems").exists() {
        return; // a case-insensitive disk: `Systems` is `systems`
    }
    // `Systems/` would be loaded on macOS and Windows and not here: one commit, two reports. It is an error, so the
    // gate never passes on a workspace that silently lost its AI systems.
    let (code, diagnostics) = validate(dir.path());
    assert_eq!(code, Some(2));
    assert!(has(&diagnostics, "case-conflict", "Systems"), "{diagnostics:?}");
    assert!(has(&diagnostics, "file-not-loaded", "assessment.yml"), "{diagnostics:?}");
}

#[cfg(unix)]
#[test]
fn a_file_name_that_is_not_utf8_is_reported_not_dropped() {
    use std::os::unix::ffi::OsStrExt;
    let dir = workspace(&[("organisation.yaml", ORGANISATION), ("systems/kept.yaml", &system("kept"))]);
    let name = std::ffi::OsStr::from_bytes(b"caf\xe9.yaml");
    std::fs::write(dir.path().join("systems").join(name), system("cafe")).unwrap();
    let (code, diagnostics) = validate(dir.path());
    assert_eq!(code, Some(0));
    assert!(has(&diagnostics, "file-not-loaded", "systems/caf\u{FFFD}.yaml"), "{diagnostics:?}");
}

// ----- a folder or file that cannot be read is an error ----------------------------------------------------------

#[test]
fn a_regular_file_named_systems_is_an_error_not_zero_systems() {
    let dir = workspace(&[("organisation.yaml", ORGANISATION), ("systems", &system("chatbot"))]);
    let (code, diagnostics) = validate(dir.path());
    assert_eq!(code, Some(2));
    assert!(has(&diagnostics, "wrong-file-type", "systems"), "{diagnostics:?}");
    let output = run("gap", dir.path(), &["--fail-under", "0"]);
    assert_eq!(output.status.code(), Some(2), "never a gate over zero systems");
}

#[test]
fn a_regular_file_named_assessment_or_a_folder_named_organisation_yaml_is_an_error() {
    let dir = workspace(&[("organisation.yaml", ORGANISATION), ("assessment", "requirements: []\n")]);
    let (code, diagnostics) = validate(dir.path());
    assert_eq!(code, Some(2));
    assert!(has(&diagnostics, "wrong-file-type", "assessment"), "{diagnostics:?}");

    let dir = workspace(&[("organisation.yaml/x", ORGANISATION), ("aims.toml/y", "")]);
    let (code, diagnostics) = validate(dir.path());
    assert_eq!(code, Some(2));
    assert!(has(&diagnostics, "wrong-file-type", "organisation.yaml"), "{diagnostics:?}");
    assert!(has(&diagnostics, "wrong-file-type", "aims.toml"), "{diagnostics:?}");
    assert!(!has(&diagnostics, "missing-file", "organisation.yaml"), "one error per problem: {diagnostics:?}");
}

/// Whether permissions bind this process (they do not for root, or on some file systems).
#[cfg(unix)]
fn permissions_apply(dir: &Path) -> bool {
    use std::os::unix::fs::PermissionsExt;
    let probe = dir.join("probe");
    std::fs::write(&probe, "x").unwrap();
    std::fs::set_permissions(&probe, std::fs::Permissions::from_mode(0o000)).unwrap();
    let applies = std::fs::read(&probe).is_err();
    std::fs::remove_file(&probe).unwrap();
    applies
}

#[cfg(unix)]
fn chmod(path: &Path, mode: u32) {
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode)).unwrap();
}

#[cfg(unix)]
#[test]
fn an_unreadable_systems_folder_is_an_error_not_zero_systems() {
    let dir = workspace(&[("organisation.yaml", ORGANISATION), ("systems/chatbot.yaml", &system("chatbot"))]);
    if !permissions_apply(dir.path()) {
        eprintln!("skipped: permissions do not apply to this user (root); covered by the regular-file case");
        return;
    }
    chmod(&dir.path().join("systems"), 0o000);
    let (code, diagnostics) = validate(dir.path());
    chmod(&dir.path().join("systems"), 0o755);
    assert_eq!(code, Some(2));
    assert!(has(&diagnostics, "unreadable-file", "systems"), "{diagnostics:?}");
}

#[cfg(unix)]
#[test]
fn an_unreadable_assessment_folder_or_file_is_an_error() {
    let entry = "requirements:\n  - requirement: \"5.2\"\n    status: not_assessed\n";
    let dir = workspace(&[
        ("organisation.yaml", ORGANISATION),
        ("assessment/a.yaml", entry),
        ("systems/chatbot.yaml", &system("chatbot")),
    ]);
    if !permissions_apply(dir.path()) {
        eprintln!("skipped: permissions do not apply to this user (root)");
        return;
    }
    chmod(&dir.path().join("assessment"), 0o000);
    chmod(&dir.path().join("systems/chatbot.yaml"), 0o000);
    let (code, diagnostics) = validate(dir.path());
    chmod(&dir.path().join("assessment"), 0o755);
    chmod(&dir.path().join("systems/chatbot.yaml"), 0o644);
    assert_eq!(code, Some(2));
    assert!(has(&diagnostics, "unreadable-file", "assessment"), "{diagnostics:?}");
    assert!(has(&diagnostics, "unreadable-file", "systems/chatbot.yaml"), "{diagnostics:?}");
}

#[cfg(unix)]
#[test]
fn an_unreadable_workspace_folder_is_an_error() {
    let dir = workspace(&[("organisation.yaml", ORGANISATION)]);
    if !permissions_apply(dir.path()) {
        eprintln!("skipped: permissions do not apply to this user (root)");
        return;
    }
    chmod(dir.path(), 0o000);
    let output = run("gap", dir.path(), &[]);
    chmod(dir.path(), 0o755);
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr(&output).contains("error[unreadable-file]"), "{}", stderr(&output));
}

// ----- pipes, devices and symlinks -----------------------------------------------------------------------------

#[cfg(unix)]
#[test]
fn a_fifo_in_systems_is_an_error_and_never_hangs() {
    let dir = workspace(&[("organisation.yaml", ORGANISATION), ("systems/kept.yaml", &system("kept"))]);
    mkfifo(&dir.path().join("systems/chatbot.yaml"));
    mkfifo(&dir.path().join("systems/notes.txt"));
    let (code, diagnostics) = validate(dir.path());
    assert_eq!(code, Some(2));
    assert!(has(&diagnostics, "wrong-file-type", "systems/chatbot.yaml"), "{diagnostics:?}");
    assert!(has(&diagnostics, "file-not-loaded", "systems/notes.txt"), "{diagnostics:?}");
    assert_eq!(run("gap", dir.path(), &[]).status.code(), Some(2));
}

#[cfg(unix)]
#[test]
fn a_fifo_in_place_of_any_workspace_file_is_an_error_and_never_hangs() {
    for name in ["organisation.yaml", "aims.toml", "assessment.yaml", "assessment/a.yaml"] {
        let dir = workspace(&[("organisation.yaml", ORGANISATION), ("assessment/.keep", "")]);
        let path = dir.path().join(name);
        let _ = std::fs::remove_file(&path);
        mkfifo(&path);
        let (code, diagnostics) = validate(dir.path());
        assert_eq!(code, Some(2), "{name}");
        assert!(has(&diagnostics, "wrong-file-type", name), "{name}: {diagnostics:?}");
    }
}

#[cfg(unix)]
#[test]
fn a_device_symlinked_into_systems_is_refused() {
    let dir = workspace(&[("organisation.yaml", ORGANISATION)]);
    std::fs::create_dir(dir.path().join("systems")).unwrap();
    std::os::unix::fs::symlink("/dev/zero", dir.path().join("systems/zero.yaml")).unwrap();
    std::os::unix::fs::symlink("/dev/zero", dir.path().join("aims.toml")).unwrap();
    let (code, diagnostics) = validate(dir.path());
    assert_eq!(code, Some(2));
    assert!(has(&diagnostics, "path-outside-workspace", "systems/zero.yaml"), "{diagnostics:?}");
    assert!(has(&diagnostics, "path-outside-workspace", "aims.toml"), "{diagnostics:?}");
}

#[cfg(unix)]
#[test]
fn a_device_node_inside_the_workspace_is_refused_unopened() {
    use std::os::unix::ffi::OsStrExt;
    let dir = workspace(&[("organisation.yaml", ORGANISATION)]);
    std::fs::create_dir(dir.path().join("systems")).unwrap();
    let path = dir.path().join("systems/zero.yaml");
    let c_path = std::ffi::CString::new(path.as_os_str().as_bytes()).unwrap();
    // The device numbers of /dev/zero on Linux (1, 5); creating a device node needs privileges.
    // SAFETY: a valid NUL-terminated path; mknod only creates a file.
    let made = unsafe { libc::mknod(c_path.as_ptr(), libc::S_IFCHR | 0o644, libc::makedev(1, 5)) } == 0;
    if !made {
        eprintln!("skipped: this user cannot create device nodes");
        return;
    }
    let (code, diagnostics) = validate(dir.path());
    assert_eq!(code, Some(2));
    assert!(has(&diagnostics, "wrong-file-type", "systems/zero.yaml"), "{diagnostics:?}");
}

#[cfg(unix)]
#[test]
fn a_systems_folder_symlinked_out_of_the_workspace_is_refused() {
    let outside = workspace(&[("chatbot.yaml", &system("chatbot"))]);
    let dir = workspace(&[("organisation.yaml", ORGANISATION)]);
    std::os::unix::fs::symlink(outside.path(), dir.path().join("systems")).unwrap();
    let (code, diagnostics) = validate(dir.path());
    assert_eq!(code, Some(2));
    assert!(has(&diagnostics, "path-outside-workspace", "systems"), "{diagnostics:?}");
}

#[cfg(unix)]
#[test]
fn a_symlink_inside_the_workspace_is_followed() {
    let dir = workspace(&[("organisation.yaml", ORGANISATION), ("shared/chatbot.yaml", &system("chatbot"))]);
    std::fs::create_dir(dir.path().join("systems")).unwrap();
    std::os::unix::fs::symlink("../shared/chatbot.yaml", dir.path().join("systems/chatbot.yaml")).unwrap();
    assert_eq!(system_count(dir.path()), 1);
}

#[cfg(unix)]
#[test]
fn a_dangling_symlink_in_systems_is_an_error() {
    let dir = workspace(&[("organisation.yaml", ORGANISATION)]);
    std::fs::create_dir(dir.path().join("systems")).unwrap();
    std::os::unix::fs::symlink("gone.yaml", dir.path().join("systems/chatbot.yaml")).unwrap();
    let (code, diagnostics) = validate(dir.path());
    assert_eq!(code, Some(2));
    assert!(has(&diagnostics, "unreadable-file", "systems/chatbot.yaml"), "{diagnostics:?}");
}

// ----- names that differ only in letter case -------------------------------------------------------------------

#[test]
fn system_ids_that_differ_only_in_case_are_an_error_naming_both() {
    let dir = workspace(&[
        ("organisation.yaml", ORGANISATION),
        ("systems/a.yaml", &system("chatbot")),
        ("systems/b.yaml", &system("Chatbot")),
    ]);
    let output = run("validate", dir.path(), &[]);
    assert_eq!(output.status.code(), Some(2));
    let err = stderr(&output);
    assert!(err.contains("error[duplicate-system]"), "{err}");
    assert!(err.contains("systems/a.yaml") && err.contains("systems/b.yaml:1"), "both locations: {err}");
}

#[test]
fn file_names_that_differ_only_in_case_are_an_error_naming_both() {
    let dir = workspace(&[("organisation.yaml", ORGANISATION), ("systems/chatbot.yaml", &system("chatbot"))]);
    std::fs::write(dir.path().join("systems/Chatbot.yaml"), system("chatbot-two")).unwrap();
    if std::fs::read_dir(dir.path().join("systems")).unwrap().count() < 2 {
        return; // a case-insensitive disk holds only one of them: the conflict cannot exist there
    }
    let output = run("validate", dir.path(), &[]);
    assert_eq!(output.status.code(), Some(2));
    let err = stderr(&output);
    assert!(err.contains("error[case-conflict]"), "{err}");
    assert!(err.contains("`systems/chatbot.yaml` and `systems/Chatbot.yaml`"), "{err}");
}

#[test]
fn requirement_entries_that_differ_only_in_case_are_errors() {
    let entries = "requirements:\n  - requirement: \"A.6.2.4\"\n    status: not_assessed\n  - requirement: \"a.6.2.4\"\n    status: compliant\n";
    let dir = workspace(&[("organisation.yaml", ORGANISATION), ("assessment.yaml", entries)]);
    let (code, diagnostics) = validate(dir.path());
    assert_eq!(code, Some(2));
    assert!(has(&diagnostics, "unknown-requirement", "assessment.yaml"), "{diagnostics:?}");
}

// ----- evidence that counts --------------------------------------------------------------------------------------

/// The state and finding codes of 5.2's evidence, in the order written.
fn evidence_of_5_2(dir: &Path) -> (String, Vec<String>, Vec<String>) {
    let output = run("gap", dir, &["--format", "json"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let req = json["requirements"].as_array().unwrap().iter().find(|r| r["id"] == "5.2").unwrap().clone();
    let states = req["evidence"].as_array().unwrap().iter().map(|e| e["state"].as_str().unwrap().to_string()).collect();
    let codes = req["findings"].as_array().unwrap().iter().map(|f| f["code"].as_str().unwrap().to_string()).collect();
    (req["status"].as_str().unwrap().to_string(), states, codes)
}

fn claim(file: &str) -> String {
    format!(
        "requirements:\n  - requirement: \"5.2\"\n    status: compliant\n    evidence:\n      - file: {file}\n        reviewed: 2026-06-01\n"
    )
}

#[test]
fn an_empty_file_a_folder_or_a_workspace_input_is_not_evidence() {
    for (file, state) in [
        ("evidence/empty.md", "empty"),
        ("evidence", "folder"),
        ("evidence/", "folder"),
        ("assessment.yaml", "workspace_input"),
        ("organisation.yaml", "workspace_input"),
        ("systems/chatbot.yaml", "workspace_input"),
        ("evidence/policy.md", "present"),
    ] {
        let dir = workspace(&[
            ("organisation.yaml", ORGANISATION),
            ("systems/chatbot.yaml", &system("chatbot")),
            ("evidence/empty.md", ""),
            ("evidence/policy.md", "# AI policy\n"),
            ("assessment.yaml", &claim(file)),
        ]);
        let (status, states, codes) = evidence_of_5_2(dir.path());
        assert_eq!(states, [state], "{file}");
        if state == "present" {
            assert_eq!(status, "compliant", "{file}");
        } else {
            assert_eq!(status, "partially_compliant", "{file}: a claim on this is not compliant");
            assert_eq!(codes, ["evidence-missing"], "{file}");
            let (_, diagnostics) = validate(dir.path());
            assert!(has(&diagnostics, "evidence-unusable", "assessment.yaml"), "{file}: {diagnostics:?}");
        }
    }
}

#[cfg(unix)]
#[test]
fn a_workspace_input_reached_through_a_symlink_or_a_pipe_is_not_evidence() {
    let dir = workspace(&[("organisation.yaml", ORGANISATION), ("assessment.yaml", &claim("evidence/a.md"))]);
    std::fs::create_dir(dir.path().join("evidence")).unwrap();
    std::os::unix::fs::symlink("../organisation.yaml", dir.path().join("evidence/a.md")).unwrap();
    assert_eq!(evidence_of_5_2(dir.path()).1, ["workspace_input"]);

    let dir = workspace(&[("organisation.yaml", ORGANISATION), ("assessment.yaml", &claim("evidence/pipe"))]);
    std::fs::create_dir(dir.path().join("evidence")).unwrap();
    mkfifo(&dir.path().join("evidence/pipe"));
    assert_eq!(evidence_of_5_2(dir.path()).1, ["not_a_file"]);
}

// ----- the as-of date --------------------------------------------------------------------------------------------

/// The as-of date `gap` chooses without `--as-of`, under the time zone `tz`.
#[cfg(unix)]
fn default_as_of(tz: &str, dir: &Path) -> String {
    let output = assert_cmd::Command::cargo_bin("aims")
        .unwrap()
        .args(["gap", "--format", "json"])
        .arg(dir)
        .env("TZ", tz)
        .timeout(DEADLINE)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0), "TZ={tz}: {}", stderr(&output));
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    json["as_of"].as_str().unwrap().to_string()
}

/// The calendar date `offset_hours` east of UTC, now.
#[cfg(unix)]
fn date_at_offset(offset_hours: i64) -> String {
    let secs = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_secs() as i64;
    aims::date::Date::from_days((secs + offset_hours * 3600).div_euclid(86_400)).to_string()
}

#[cfg(unix)]
#[test]
fn the_default_as_of_date_is_the_local_calendar_date() {
    let dir = workspace(&[("organisation.yaml", ORGANISATION)]);
    // POSIX TZ strings need no time zone database: "AAA-14" is UTC+14, "BBB+12" is UTC-12. Their dates always
    // differ, so at most one of them can be the UTC date.
    for (tz, offset) in [("AAA-14", 14), ("BBB+12", -12), ("UTC0", 0)] {
        let before = date_at_offset(offset);
        let as_of = default_as_of(tz, dir.path());
        let after = date_at_offset(offset);
        assert!(as_of == before || as_of == after, "TZ={tz}: as-of {as_of}, local date {before}");
    }
}

#[cfg(unix)]
#[test]
fn a_review_dated_today_east_of_utc_is_not_a_future_date() {
    let today = date_at_offset(14);
    let assessment = format!(
        "requirements:\n  - requirement: \"5.2\"\n    status: compliant\n    evidence:\n      - file: evidence/p.md\n        reviewed: {today}\n"
    );
    let dir = workspace(&[
        ("organisation.yaml", ORGANISATION),
        ("evidence/p.md", "policy"),
        ("assessment.yaml", &assessment),
    ]);
    let output = assert_cmd::Command::cargo_bin("aims")
        .unwrap()
        .args(["gap", "--format", "json"])
        .arg(dir.path())
        .env("TZ", "AAA-14")
        .timeout(DEADLINE)
        .output()
        .unwrap();
    // Right after local midnight the date may have moved on between the two reads; either way it is not future.
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
}

#[test]
fn an_evidence_path_climbing_back_into_the_workspace_is_not_called_outside() {
    let dir = workspace(&[
        ("organisation.yaml", ORGANISATION),
        ("assessment.yaml", &claim("./evidence/../policy.md")),
        ("policy.md", "# AI policy\n"),
    ]);
    std::fs::create_dir(dir.path().join("evidence")).unwrap();
    assert_eq!(evidence_of_5_2(dir.path()).1, ["present"]);
    let (_, diagnostics) = validate(dir.path());
    assert!(!has(&diagnostics, "evidence-outside-workspace", "assessment.yaml"), "{diagnostics:?}");

    // Climbing above the workspace folder still leads outside.
    let dir = workspace(&[("organisation.yaml", ORGANISATION), ("assessment.yaml", &claim("evidence/../../x.md"))]);
    let (_, diagnostics) = validate(dir.path());
    assert!(has(&diagnostics, "evidence-outside-workspace", "assessment.yaml"), "{diagnostics:?}");
}

#[cfg(unix)]
#[test]
fn an_evidence_link_to_itself_or_to_nothing_is_not_called_outside() {
    for (link, target, state) in
        [("evidence/loop.md", "loop.md", "not_a_file"), ("evidence/gone.md", "nothing.md", "missing")]
    {
        let dir = workspace(&[("organisation.yaml", ORGANISATION), ("assessment.yaml", &claim(link))]);
        std::fs::create_dir(dir.path().join("evidence")).unwrap();
        std::os::unix::fs::symlink(target, dir.path().join(link)).unwrap();
        assert_eq!(evidence_of_5_2(dir.path()).1, [state], "{link}");
        let (_, diagnostics) = validate(dir.path());
        assert!(!has(&diagnostics, "evidence-outside-workspace", "assessment.yaml"), "{link}: {diagnostics:?}");
    }
}
