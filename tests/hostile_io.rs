//! The rest of the writing half of the trust model, run through the real binary with a deadline: closed or full
//! standard streams never change the gate's exit code; `--check` with gate flags; files named on the command line
//! (reports, CSVs, mappings) that are pipes, devices or too large; import and init through linked folders and
//! files; huge CSV cells and files; interrupted runs.

mod common;

use std::path::{Path, PathBuf};
use std::process::Output;
use std::time::{Duration, Instant};

use common::{AS_OF, ORGANISATION, aims_in, err};
#[cfg(unix)]
use common::{mkfifo, sh};

/// Far above any run here; a run that reaches it has hung.
const DEADLINE: Duration = Duration::from_secs(60);

const SYSTEM: &str =
    "id: bot\nname: Bot\npurpose: Answers\nowner: CTO\nlifecycle_stage: operation\nai_role: customer\n";
const MAPPING: &str = "tests/data/import/messy-mapping.toml";
const HEADER: &str = "System ID,Name,Purpose,Owner,Stage,Built by,In AIMS scope,Vendor,Data,Risk,Annex III area,\
                      Impact assessment done,Tags,Comments\n";

fn setup() -> (tempfile::TempDir, PathBuf) {
    let tmp = common::workspace(&[
        ("ws/organisation.yaml", ORGANISATION),
        ("ws/systems/bot.yaml", SYSTEM),
        (
            "ws/assessment.yaml",
            "requirements:\n  - requirement: \"5.2\"\n    status: not_applicable\n    justification: x\n",
        ),
        ("out/.keep", ""),
    ]);
    let ws = tmp.path().join("ws");
    (tmp, ws)
}

// ----- standard streams never change the exit code --------------------------------------------------------------

/// The gate flags that fail, pass, and a workspace that is invalid, with the exit code each must give.
#[cfg(unix)]
const GATE_CASES: [(&str, &str, i32); 3] =
    [("ws", "--fail-under 99", 1), ("ws", "--fail-under 0", 0), ("missing-ws", "--fail-under 0", 2)];

#[cfg(unix)]
#[test]
fn closed_stderr_keeps_the_gates_exit_code() {
    let (tmp, _) = setup();
    for (dir, gate, code) in GATE_CASES {
        let validated = if dir == "ws" { 0 } else { 2 };
        for (verb, expected) in [(format!("gap {dir} {gate}"), code), (format!("validate {dir}"), validated)] {
            let output = sh(tmp.path(), &format!("\"$AIMS\" {verb} --as-of {AS_OF} >/dev/null 2>&-"));
            assert_eq!(output.status.code(), Some(expected), "{verb} with stderr closed");
        }
    }
}

#[cfg(target_os = "linux")]
#[test]
fn full_stderr_keeps_the_gates_exit_code() {
    let (tmp, _) = setup();
    for (dir, gate, code) in GATE_CASES {
        let output = sh(tmp.path(), &format!("\"$AIMS\" gap {dir} {gate} --as-of {AS_OF} >/dev/null 2>/dev/full"));
        assert_eq!(output.status.code(), Some(code), "gap {dir} {gate} with stderr full");
    }
}

#[cfg(target_os = "linux")]
#[test]
fn a_full_stdout_keeps_the_gates_exit_code_and_says_so() {
    let (tmp, _) = setup();
    for (gate, code) in [("--fail-under 99", 1), ("--fail-under 0", 0)] {
        let output = sh(tmp.path(), &format!("\"$AIMS\" gap ws {gate} --as-of {AS_OF} >/dev/full"));
        assert_eq!(output.status.code(), Some(code), "{}", err(&output));
        assert!(err(&output).contains("warning: cannot write to standard output"), "{}", err(&output));
    }
    // Without a gate, a report that was not written is an error.
    let output = sh(tmp.path(), &format!("\"$AIMS\" gap ws --as-of {AS_OF} >/dev/full"));
    assert_eq!(output.status.code(), Some(2), "{}", err(&output));
}

#[cfg(unix)]
#[test]
fn a_reader_that_goes_away_ends_the_output_quietly() {
    let (tmp, _) = setup();
    let output =
        sh(tmp.path(), &format!("\"$AIMS\" gap ws --as-of {AS_OF} --fail-under 99 --format json | head -c 10"));
    assert_eq!(output.stdout.len(), 10);
    assert!(!err(&output).contains("panicked"), "{}", err(&output));
}

// ----- --check and the gate ----------------------------------------------------------------------------------------

#[test]
fn check_with_gate_flags_fails_when_the_gate_fails_even_if_the_report_is_current() {
    let (tmp, _) = setup();
    let run = |extra: &[&str]| {
        let mut args = vec!["gap", "ws", "--as-of", AS_OF];
        args.extend_from_slice(extra);
        aims_in(tmp.path(), &args)
    };
    // A current report (written with the same flags, as CI would), and a failing gate: 1, both verdicts said.
    run(&["--fail-under", "99", "--output", "out/failing.md"]);
    let output = run(&["--fail-under", "99", "--check", "out/failing.md"]);
    assert_eq!(output.status.code(), Some(1));
    assert!(err(&output).contains("is up to date") && err(&output).contains("gate failed"), "{}", err(&output));
    // --exit-zero lets the gate pass; the report is current: 0.
    assert_eq!(run(&["--fail-under", "99", "--exit-zero", "--check", "out/failing.md"]).status.code(), Some(0));
    // A current report and a passing gate: 0.
    run(&["--fail-under", "0", "--output", "out/passing.md"]);
    assert_eq!(run(&["--fail-under", "0", "--check", "out/passing.md"]).status.code(), Some(0));
    // A stale report fails whatever the gate says, --exit-zero included.
    std::fs::write(tmp.path().join("out/passing.md"), "stale\n").unwrap();
    assert_eq!(run(&["--fail-under", "0", "--check", "out/passing.md"]).status.code(), Some(1));
    assert_eq!(run(&["--fail-under", "99", "--exit-zero", "--check", "out/passing.md"]).status.code(), Some(1));
}

// ----- files named on the command line -----------------------------------------------------------------------------

#[cfg(unix)]
#[test]
fn a_pipe_or_device_named_on_the_command_line_is_refused_not_waited_on() {
    let (tmp, _) = setup();
    mkfifo(&tmp.path().join("pipe"));
    for file in ["pipe", "/dev/zero", "ws"] {
        for args in [
            vec!["diff", file, "ws"],
            vec!["diff", "ws", file],
            vec!["gap", "ws", "--as-of", AS_OF, "--check", file],
            vec!["import", "csv", file, "--profile", "us-federal-2025", "--into", "out/new", "--dry-run"],
        ] {
            if file == "ws" && args[0] == "diff" {
                continue; // a folder is a workspace to `diff`
            }
            let output = aims_in(tmp.path(), &args);
            // An error, not a failed gate or an out-of-date report.
            assert_eq!(output.status.code(), Some(2), "{args:?}");
            assert!(err(&output).contains("not a regular file"), "{args:?}: {}", err(&output));
        }
    }
    let mapping =
        aims_in(tmp.path(), &["import", "csv", "/dev/null", "--mapping", "pipe", "--into", "out/new", "--dry-run"]);
    assert_eq!(mapping.status.code(), Some(2));
    assert!(err(&mapping).contains("named pipe"), "{}", err(&mapping));
}

#[test]
fn files_named_on_the_command_line_are_read_within_their_bounds() {
    let (tmp, _) = setup();
    // Sparse files: no disk is used, and the size alone refuses them.
    for (name, size) in [("big.json", aims::input::MAX_REPORT_BYTES + 1), ("big.csv", aims::input::MAX_CSV_BYTES + 1)] {
        std::fs::File::create(tmp.path().join(name)).unwrap().set_len(size).unwrap();
    }
    let diff = aims_in(tmp.path(), &["diff", "big.json", "ws"]);
    assert_eq!(diff.status.code(), Some(2));
    assert!(err(&diff).contains("larger than 512 MiB"), "{}", err(&diff));
    let import = aims_in(tmp.path(), &["import", "csv", "big.csv", "--profile", "us-federal-2025", "--into", "out/n"]);
    assert_eq!(import.status.code(), Some(2));
    assert!(err(&import).contains("larger than 256 MiB"), "{}", err(&import));
    let mapping = tmp.path().join("big.toml");
    std::fs::File::create(&mapping).unwrap().set_len(aims::input::MAX_MAPPING_BYTES + 1).unwrap();
    let output = aims_in(tmp.path(), &["import", "csv", "big.csv", "--mapping", "big.toml", "--into", "out/n"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(err(&output).contains("larger than 1 MiB"), "{}", err(&output));
    assert!(!tmp.path().join("out/n").exists());
}

// ----- import and init -----------------------------------------------------------------------------------------------

fn import(cwd: &Path, csv: &Path, into: &str, extra: &[&str]) -> Output {
    let mapping = Path::new(env!("CARGO_MANIFEST_DIR")).join(MAPPING);
    let mut args = vec!["import", "csv", csv.to_str().unwrap(), "--mapping", mapping.to_str().unwrap(), "--into", into];
    args.extend_from_slice(extra);
    aims_in(cwd, &args)
}

fn row(id: &str, purpose: &str) -> String {
    format!("{id},Name {id},\"{purpose}\",HR,Live,Vendor,Yes,V,d,Low,,Yes,x,c\n")
}

#[cfg(unix)]
#[test]
fn import_does_not_write_through_a_systems_folder_linked_out_of_the_workspace() {
    let (tmp, ws) = setup();
    std::fs::create_dir(tmp.path().join("elsewhere")).unwrap();
    std::fs::rename(ws.join("systems"), tmp.path().join("elsewhere/systems")).unwrap();
    std::os::unix::fs::symlink(tmp.path().join("elsewhere/systems"), ws.join("systems")).unwrap();
    let csv = tmp.path().join("inventory.csv");
    std::fs::write(&csv, format!("{HEADER}{}", row("new-1", "p"))).unwrap();
    let output = import(tmp.path(), &csv, "ws", &[]);
    assert_eq!(output.status.code(), Some(2), "{}", err(&output));
    assert!(err(&output).contains("symbolic link"), "{}", err(&output));
    let names: Vec<_> = std::fs::read_dir(tmp.path().join("elsewhere/systems")).unwrap().collect();
    assert_eq!(names.len(), 1, "only bot.yaml is there");
}

#[cfg(unix)]
#[test]
fn import_force_does_not_write_through_a_linked_system_file() {
    let (tmp, ws) = setup();
    std::fs::write(tmp.path().join("outside.yaml"), "keep me\n").unwrap();
    std::os::unix::fs::symlink(tmp.path().join("outside.yaml"), ws.join("systems/new-1.yaml")).unwrap();
    let csv = tmp.path().join("inventory.csv");
    std::fs::write(&csv, format!("{HEADER}{}{}", row("aaa", "p"), row("new-1", "p"))).unwrap();
    let output = import(tmp.path(), &csv, "ws", &["--force"]);
    assert_eq!(output.status.code(), Some(2), "{}", err(&output));
    assert_eq!(std::fs::read_to_string(tmp.path().join("outside.yaml")).unwrap(), "keep me\n");
    assert!(!ws.join("systems/aaa.yaml").exists(), "nothing is written when one file is refused");
}

#[cfg(unix)]
#[test]
fn init_does_not_write_through_linked_folders_or_files() {
    let tmp = tempfile::tempdir().unwrap();
    let outside = tmp.path().join("outside");
    std::fs::create_dir(&outside).unwrap();
    let ws = tmp.path().join("ws");
    std::fs::create_dir(&ws).unwrap();
    std::os::unix::fs::symlink(&outside, ws.join("evidence")).unwrap();
    let output = aims_in(tmp.path(), &["init", "ws"]);
    assert_eq!(output.status.code(), Some(2), "{}", err(&output));
    assert_eq!(std::fs::read_dir(&outside).unwrap().count(), 0);
    assert_eq!(std::fs::read_dir(&ws).unwrap().count(), 1, "nothing but the link");

    std::fs::remove_file(ws.join("evidence")).unwrap();
    std::fs::write(outside.join("notes.md"), "keep me\n").unwrap();
    std::os::unix::fs::symlink(outside.join("notes.md"), ws.join("README.md")).unwrap();
    let output = aims_in(tmp.path(), &["init", "ws", "--force"]);
    assert_eq!(output.status.code(), Some(2), "{}", err(&output));
    assert_eq!(std::fs::read_to_string(outside.join("notes.md")).unwrap(), "keep me\n");
    // Without --force the link is left alone and the rest is written.
    let output = aims_in(tmp.path(), &["init", "ws"]);
    assert_eq!(output.status.code(), Some(0), "{}", err(&output));
    assert_eq!(std::fs::read_to_string(outside.join("notes.md")).unwrap(), "keep me\n");
    assert!(ws.join("organisation.yaml").is_file());
}

#[test]
fn a_cell_longer_than_a_system_file_can_hold_is_clipped_and_the_workspace_validates() {
    let tmp = tempfile::tempdir().unwrap();
    let csv = tmp.path().join("inventory.csv");
    // 40 MB of text in one cell (more than the loader's 32 MiB per file), line breaks and control characters that
    // YAML escapes, and a list cell of many items.
    let huge = "line\n".repeat(8_000_000);
    let text = format!(
        "{HEADER}{}{}",
        row("big", &format!("{huge}\u{1}\u{1b}")),
        format_args!("small,Small,p,HR,Live,Vendor,Yes,V,\"{}\",Low,,Yes,x,c\n", "a;".repeat(300_000))
    );
    std::fs::write(&csv, text).unwrap();
    let output = import(tmp.path(), &csv, "ws", &["--format", "json"]);
    assert_eq!(output.status.code(), Some(0), "{}", err(&output));
    let summary: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let clipped = summary["clipped"].as_array().unwrap();
    assert!(clipped.iter().any(|c| c["row"] == 2 && c["column"] == "Purpose"), "{clipped:?}");
    let system = std::fs::read_to_string(tmp.path().join("ws/systems/big.yaml")).unwrap();
    assert!(system.contains("only its first"), "the file says it was clipped");
    let validate = aims_in(tmp.path(), &["validate", "ws", "--as-of", AS_OF]);
    assert_eq!(validate.status.code(), Some(0), "{}", err(&validate));
}

#[cfg(target_os = "linux")]
#[test]
fn a_large_csv_is_imported_in_memory_near_one_row() {
    // 60 MB in rows of 1 MB, under a 100 MB address-space limit: reading the whole file first (as before) cannot
    // fit, streaming rows does. One malloc arena: glibc reserves 64 MB of address space for each extra arena, and
    // how many it opens depends on thread contention, which a loaded machine changes.
    let tmp = tempfile::tempdir().unwrap();
    let mut text = String::from(HEADER);
    for i in 0..60 {
        text.push_str(&row(&format!("m-{i}"), &"x".repeat(1_000_000)));
    }
    std::fs::write(tmp.path().join("inventory.csv"), text).unwrap();
    let mapping = Path::new(env!("CARGO_MANIFEST_DIR")).join(MAPPING);
    let output = sh(
        tmp.path(),
        &format!(
            "ulimit -v 100000 && MALLOC_ARENA_MAX=1 \"$AIMS\" import csv inventory.csv --mapping {} --into ws",
            mapping.display()
        ),
    );
    assert_eq!(output.status.code(), Some(0), "{}", err(&output));
    assert_eq!(std::fs::read_dir(tmp.path().join("ws/systems")).unwrap().count(), 60, "no example system");
}

#[test]
fn an_import_that_stops_leaves_no_file_or_temporary_file_behind() {
    let tmp = tempfile::tempdir().unwrap();
    let csv = tmp.path().join("inventory.csv");
    // A folder that is not a workspace yet and whose systems/ holds one file; the second row asks for that file's
    // name: a conflict, found after the first row was staged.
    std::fs::create_dir_all(tmp.path().join("ws/systems")).unwrap();
    std::fs::write(tmp.path().join("ws/systems/taken.yaml"), "id: taken\n").unwrap();
    std::fs::write(&csv, format!("{HEADER}{}{}", row("first", "p"), row("taken", "p"))).unwrap();
    let output = import(tmp.path(), &csv, "ws", &[]);
    assert_eq!(output.status.code(), Some(2), "{}", err(&output));
    assert!(err(&output).contains("already exist"), "{}", err(&output));
    // Only what was there: no scaffold, no staged system file, no temporary file.
    assert_eq!(walk(&tmp.path().join("ws")), ["systems", "systems/taken.yaml"]);
}

/// Every path under `dir`, relative to it with `/`, sorted.
fn walk(dir: &Path) -> Vec<String> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).unwrap() {
            let path = entry.unwrap().path();
            out.push(path.strip_prefix(dir).unwrap().to_string_lossy().replace('\\', "/"));
            if path.is_dir() {
                stack.push(path);
            }
        }
    }
    out.sort();
    out
}

// ----- interrupts ----------------------------------------------------------------------------------------------------

#[cfg(unix)]
#[test]
fn an_interrupted_run_leaves_no_temporary_file() {
    use std::os::unix::fs::OpenOptionsExt;
    // A workspace whose JSON report is larger than a pipe holds.
    let tmp = tempfile::tempdir().unwrap();
    common::copy_dir(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/fintech-ai-provider"),
        &tmp.path().join("ws"),
    );
    std::fs::create_dir(tmp.path().join("out")).unwrap();
    let fifo = tmp.path().join("out/pipe.json");
    mkfifo(&fifo);
    // A reader that never reads: aims stages the Markdown report, then blocks writing the JSON into the pipe (more
    // than a pipe holds), before it renames anything into place.
    let _reader = std::fs::OpenOptions::new().read(true).custom_flags(libc::O_NONBLOCK).open(&fifo).unwrap();
    let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("aims"))
        .current_dir(tmp.path())
        .args(["gap", "ws", "--as-of", AS_OF, "--output", "out/report.md", "--report", "json=out/pipe.json"])
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let temporary = |dir: &Path| -> Vec<String> {
        std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|n| n.ends_with(".tmp"))
            .collect()
    };
    let started = Instant::now();
    while temporary(&tmp.path().join("out")).is_empty() {
        assert!(started.elapsed() < DEADLINE, "no temporary file appeared");
        assert!(child.try_wait().unwrap().is_none(), "aims ended before it was interrupted");
        std::thread::sleep(Duration::from_millis(20));
    }
    std::thread::sleep(Duration::from_millis(300));
    assert!(child.try_wait().unwrap().is_none(), "aims should be blocked on the pipe");
    let kill = std::process::Command::new("kill").args(["-TERM", &child.id().to_string()]).status().unwrap();
    assert!(kill.success());
    let status = child.wait().unwrap();
    assert!(!status.success());
    assert_eq!(temporary(&tmp.path().join("out")), Vec::<String>::new());
    assert!(!tmp.path().join("out/report.md").exists());
}

#[test]
fn the_documented_bounds_for_writing_and_named_files_are_the_real_ones() {
    let security = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/security.md")).unwrap();
    let mib = |bytes: u64| format!("{} MiB", bytes >> 20);
    for row in [
        format!("| `aims diff OLD NEW`, a JSON report | {} |", mib(aims::input::MAX_REPORT_BYTES)),
        format!("| `aims import csv FILE` | {} |", mib(aims::input::MAX_CSV_BYTES)),
        format!("| `aims import --mapping FILE` | {} |", mib(aims::input::MAX_MAPPING_BYTES)),
        format!("at most {} KiB of text", aims::import::MAX_ROW_TEXT >> 10),
    ] {
        assert!(security.contains(&row), "docs/security.md lacks `{row}`");
    }
    let import = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/import.md")).unwrap();
    assert!(import.contains(&format!("more than {} KiB of text", aims::import::MAX_ROW_TEXT >> 10)));
    assert!(import.contains(&format!("up to {}", mib(aims::input::MAX_CSV_BYTES))));
}
