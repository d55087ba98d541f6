//! Writing in a hostile place: reports aimed at the workspace's own files (by any spelling, link or case),
//! symbolic links planted at every name aims could write, pipes and devices as targets or as files to read,
//! several reports where a later one fails, closed or full standard streams, interrupts, imports and scaffolds
//! through linked folders. Every run goes through the real binary with a deadline; a run must end within seconds,
//! and one that exits 2 must have written nothing.

mod common;

use std::path::{Path, PathBuf};

use common::{AS_OF, ORGANISATION, aims_in, err};
#[cfg(unix)]
use common::{mkfifo, sh};

const SYSTEM: &str =
    "id: bot\nname: Bot\npurpose: Answers\nowner: CTO\nlifecycle_stage: operation\nai_role: customer\n";

/// Evidence inside evidence/, outside it (docs/), and referenced but not there yet (both places).
const ASSESSMENT: &str = "\
requirements:
  - requirement: \"5.2\"
    status: compliant
    evidence:
      - file: evidence/ai-policy.md
        reviewed: 2026-01-10
      - file: docs/policy.md
        reviewed: 2026-01-10
  - requirement: \"7.5.3\"
    status: partially_compliant
    evidence:
      - file: docs/planned.md
      - file: evidence/planned.md
    action:
      description: Write the document control procedure
";

/// A small valid workspace with evidence in and out of evidence/, in `<tmp>/ws`; reports go to `<tmp>/out`.
fn setup() -> (tempfile::TempDir, PathBuf) {
    let tmp = common::workspace(&[
        ("ws/organisation.yaml", ORGANISATION),
        ("ws/aims.toml", "[report]\ntitle = \"T\"\n"),
        ("ws/systems/bot.yaml", SYSTEM),
        ("ws/assessment.yaml", ASSESSMENT),
        ("ws/assessment/extra.yaml", "requirements: []\n"),
        ("ws/evidence/ai-policy.md", "# Policy\n"),
        ("ws/docs/policy.md", "# Policy outside evidence/\n"),
        ("out/.keep", ""),
    ]);
    let ws = tmp.path().join("ws");
    (tmp, ws)
}

/// Every file under `dir` with its bytes (links as their targets), to show that a run changed nothing.
fn snapshot(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        let mut entries: Vec<_> = std::fs::read_dir(&d).unwrap().map(|e| e.unwrap().path()).collect();
        entries.sort();
        for p in entries {
            let meta = std::fs::symlink_metadata(&p).unwrap();
            if meta.file_type().is_symlink() {
                out.push((p.clone(), std::fs::read_link(&p).unwrap().to_string_lossy().as_bytes().to_vec()));
            } else if meta.is_dir() {
                stack.push(p);
            } else if meta.is_file() {
                out.push((p.clone(), std::fs::read(&p).unwrap()));
            } else {
                out.push((p.clone(), b"<special>".to_vec()));
            }
        }
    }
    out
}

/// Runs a writing verb that must be refused: exit 2, a message naming the refusal, and nothing changed under the
/// temporary folder.
fn refused(tmp: &Path, args: &[&str]) -> String {
    let before = snapshot(tmp);
    let output = aims_in(tmp, args);
    assert_eq!(output.status.code(), Some(2), "`aims {}` was not refused: {}", args.join(" "), err(&output));
    assert_eq!(snapshot(tmp), before, "`aims {}` changed files", args.join(" "));
    let message = err(&output);
    assert!(message.contains("refusing to write"), "{message}");
    message
}

/// The verbs that write a document to a file, each with the target in the last place.
fn writers(target: &str) -> Vec<Vec<String>> {
    let base = |verb: &str, flag: &str| {
        vec![verb.to_string(), "ws".into(), "--as-of".into(), AS_OF.into(), flag.into(), target.to_string()]
    };
    let mut report = base("gap", "--report");
    report[5] = format!("json={target}");
    vec![base("gap", "--output"), report, base("soa", "--output"), base("plan", "--output")]
}

fn refused_for_every_writer(tmp: &Path, target: &str) {
    for args in writers(target) {
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        refused(tmp, &args);
    }
}

// ----- the workspace's own files ------------------------------------------------------------------------------

#[test]
fn a_report_cannot_overwrite_organisation_yaml() {
    let (tmp, _) = setup();
    refused_for_every_writer(tmp.path(), "ws/organisation.yaml");
}

#[test]
fn a_report_cannot_overwrite_any_file_the_workspace_loads() {
    let (tmp, _) = setup();
    for target in ["ws/aims.toml", "ws/assessment.yaml", "ws/systems/bot.yaml", "ws/assessment/extra.yaml"] {
        refused_for_every_writer(tmp.path(), target);
    }
}

#[test]
fn a_report_cannot_take_the_name_of_a_file_the_workspace_would_load() {
    let (tmp, ws) = setup();
    std::fs::remove_file(ws.join("assessment.yaml")).unwrap();
    std::fs::remove_file(ws.join("aims.toml")).unwrap();
    for target in ["ws/assessment.yaml", "ws/aims.toml", "ws/systems/new.yaml", "ws/assessment/new.yaml"] {
        refused_for_every_writer(tmp.path(), target);
    }
}

#[cfg(unix)]
#[test]
fn a_report_cannot_reach_a_workspace_file_by_another_spelling() {
    let (tmp, _) = setup();
    std::os::unix::fs::symlink("../ws", tmp.path().join("out/linked-ws")).unwrap();
    for target in [
        "ws/ORGANISATION.yaml",
        "ws/Organisation.YAML",
        "./ws/./systems/../organisation.yaml",
        "out/../ws/organisation.yaml",
        "out/linked-ws/organisation.yaml",
        "out/linked-ws/systems/bot.yaml",
    ] {
        refused_for_every_writer(tmp.path(), target);
    }
    // Absolute paths, and the workspace named through a link.
    let absolute = tmp.path().join("ws/organisation.yaml");
    refused(tmp.path(), &["gap", "out/linked-ws", "--as-of", AS_OF, "--output", absolute.to_str().unwrap()]);
}

#[cfg(unix)]
#[test]
fn a_report_cannot_replace_a_hard_link_to_a_workspace_file() {
    let (tmp, ws) = setup();
    std::fs::hard_link(ws.join("organisation.yaml"), tmp.path().join("out/org.md")).unwrap();
    std::fs::hard_link(ws.join("docs/policy.md"), tmp.path().join("out/policy.md")).unwrap();
    refused_for_every_writer(tmp.path(), "out/org.md");
    refused_for_every_writer(tmp.path(), "out/policy.md");
}

#[test]
fn a_report_cannot_overwrite_evidence_anywhere_in_the_workspace() {
    let (tmp, _) = setup();
    for target in ["ws/evidence/ai-policy.md", "ws/evidence/new-report.md", "ws/docs/policy.md", "ws/docs/planned.md"] {
        refused_for_every_writer(tmp.path(), target);
    }
}

#[test]
fn a_report_cannot_be_written_inside_a_folder_aims_reads() {
    let (tmp, ws) = setup();
    std::fs::create_dir(ws.join("evidence/sub")).unwrap();
    for target in ["ws/systems/report.md", "ws/assessment/report.md", "ws/evidence/sub/report.md"] {
        refused_for_every_writer(tmp.path(), target);
    }
    std::fs::create_dir(tmp.path().join("templates")).unwrap();
    let message = refused(
        tmp.path(),
        &["gap", "ws", "--as-of", AS_OF, "--template-dir", "templates", "--output", "templates/report.md.j2"],
    );
    assert!(message.contains("which this command reads"), "{message}");
}

#[test]
fn a_workspace_is_protected_even_when_another_one_is_assessed() {
    let (tmp, _) = setup();
    std::fs::create_dir_all(tmp.path().join("other/evidence")).unwrap();
    std::fs::write(tmp.path().join("other/organisation.yaml"), ORGANISATION).unwrap();
    for target in ["other/organisation.yaml", "other/assessment.yaml", "other/evidence/report.md"] {
        refused_for_every_writer(tmp.path(), target);
    }
    // `aims schema --out-dir` names no workspace; a workspace's folders are protected all the same.
    refused(tmp.path(), &["schema", "--out-dir", "ws/evidence/schema"]);
    refused(tmp.path(), &["schema", "--out-dir", "ws/systems"]);
    assert!(!tmp.path().join("ws/evidence/schema").exists());
}

#[test]
fn a_report_beside_the_workspace_files_is_written() {
    let (tmp, ws) = setup();
    let output = aims_in(tmp.path(), &["gap", "ws", "--as-of", AS_OF, "--output", "ws/gap-report.md"]);
    assert_eq!(output.status.code(), Some(0), "{}", err(&output));
    assert!(std::fs::read_to_string(ws.join("gap-report.md")).unwrap().contains("# T"));
}

// ----- links -----------------------------------------------------------------------------------------------------

#[cfg(unix)]
#[test]
fn a_symlink_planted_at_the_old_temporary_name_is_never_written_through() {
    // Before, reports went to `.NAME.aims-<pid>.tmp` opened without O_EXCL: a link committed at that name for the
    // next process IDs got the report written wherever it pointed.
    let (tmp, ws) = setup();
    let evidence = ws.join("evidence/ai-policy.md");
    let out = tmp.path().join("out");
    let next = std::fs::read_to_string("/proc/sys/kernel/ns_last_pid")
        .ok()
        .and_then(|s| s.trim().parse::<u32>().ok())
        .unwrap_or(std::process::id());
    for pid in next.saturating_sub(50)..next + 3000 {
        for name in ["report.md", "report.json"] {
            std::os::unix::fs::symlink(&evidence, out.join(format!(".{name}.aims-{pid}.tmp"))).unwrap();
        }
    }
    let before = std::fs::read(&evidence).unwrap();
    for args in [
        vec!["gap", "ws", "--as-of", AS_OF, "--output", "out/report.md", "--report", "json=out/report.json"],
        vec!["soa", "ws", "--as-of", AS_OF, "--output", "out/report.md"],
    ] {
        let output = aims_in(tmp.path(), &args);
        assert_eq!(output.status.code(), Some(0), "{}", err(&output));
    }
    assert_eq!(std::fs::read(&evidence).unwrap(), before, "the evidence file was written through a planted link");
    assert!(std::fs::symlink_metadata(out.join("report.md")).unwrap().is_file());
    let stray: Vec<_> = std::fs::read_dir(&out)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".tmp") && !n.contains(".aims-"))
        .collect();
    assert!(stray.is_empty(), "temporary files left: {stray:?}");
}

#[cfg(unix)]
#[test]
fn a_symlink_at_the_target_is_refused_not_written_through_or_replaced() {
    let (tmp, ws) = setup();
    let out = tmp.path().join("out");
    std::os::unix::fs::symlink(ws.join("evidence/ai-policy.md"), out.join("to-evidence.md")).unwrap();
    std::fs::write(out.join("real.md"), "mine\n").unwrap();
    std::os::unix::fs::symlink("real.md", out.join("to-real.md")).unwrap();
    std::os::unix::fs::symlink("nowhere.md", out.join("dangling.md")).unwrap();
    for target in ["out/to-evidence.md", "out/to-real.md", "out/dangling.md"] {
        refused_for_every_writer(tmp.path(), target);
    }
    assert!(!out.join("nowhere.md").exists());
}

#[cfg(unix)]
#[test]
fn a_folder_linked_out_of_the_workspace_does_not_carry_a_report_out() {
    let (tmp, ws) = setup();
    std::os::unix::fs::symlink(tmp.path().join("out"), ws.join("reports")).unwrap();
    let message = refused(tmp.path(), &["gap", "ws", "--as-of", AS_OF, "--output", "ws/reports/gap.md"]);
    assert!(message.contains("symbolic link"), "{message}");
    // A link to a device inside the workspace is not streamed into either.
    std::os::unix::fs::symlink("/dev/null", ws.join("null.md")).unwrap();
    refused_for_every_writer(tmp.path(), "ws/null.md");
}

// ----- pipes, devices and the process's own streams ---------------------------------------------------------------

#[cfg(unix)]
#[test]
fn output_to_dev_null_streams_into_it_and_leaves_it_a_device() {
    use std::os::unix::fs::FileTypeExt;
    let (tmp, _) = setup();
    for args in writers("/dev/null") {
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let output = aims_in(tmp.path(), &args);
        assert_eq!(output.status.code(), Some(0), "{}", err(&output));
    }
    assert!(std::fs::metadata("/dev/null").unwrap().file_type().is_char_device());
    let stray: Vec<_> = std::fs::read_dir("/dev")
        .unwrap()
        .filter_map(Result::ok)
        .filter(|e| e.file_name().to_string_lossy().starts_with(".null."))
        .collect();
    assert!(stray.is_empty(), "{stray:?}");
}

#[cfg(unix)]
#[test]
fn a_named_pipe_nobody_reads_is_an_error_not_a_hang() {
    let (tmp, ws) = setup();
    let fifo = tmp.path().join("out/pipe.md");
    mkfifo(&fifo);
    for args in writers("out/pipe.md") {
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let output = aims_in(tmp.path(), &args);
        assert_eq!(output.status.code(), Some(2), "{}", err(&output));
        assert!(err(&output).contains("nobody reads"), "{}", err(&output));
    }
    // A pipe inside the workspace is refused even with a reader: nothing is streamed into a workspace.
    mkfifo(&ws.join("pipe.md"));
    refused_for_every_writer(tmp.path(), "ws/pipe.md");
}

#[cfg(unix)]
#[test]
fn a_named_pipe_with_a_reader_receives_the_report() {
    use std::io::Read;
    let (tmp, _) = setup();
    let fifo = tmp.path().join("out/pipe.json");
    mkfifo(&fifo);
    let reader_path = fifo.clone();
    let reader = std::thread::spawn(move || {
        let mut text = String::new();
        std::fs::File::open(reader_path).unwrap().read_to_string(&mut text).unwrap();
        text
    });
    // The reader opens first; aims then finds it there.
    std::thread::sleep(std::time::Duration::from_millis(300));
    let output = aims_in(tmp.path(), &["gap", "ws", "--as-of", AS_OF, "--output", "out/pipe.json"]);
    assert_eq!(output.status.code(), Some(0), "{}", err(&output));
    let text = reader.join().unwrap();
    assert!(text.starts_with('{') && text.contains("\"schema_version\""), "{text}");
    assert!(std::fs::symlink_metadata(&fifo).unwrap().file_type().is_fifo_like());
}

#[cfg(unix)]
#[test]
fn dev_stdout_redirected_to_a_file_receives_the_report() {
    let (tmp, _) = setup();
    let file = tmp.path().join("out/captured.md");
    let output = sh(tmp.path(), &format!("\"$AIMS\" gap ws --as-of {AS_OF} --output /dev/stdout > out/captured.md"));
    assert_eq!(output.status.code(), Some(0), "{}", err(&output));
    assert!(std::fs::read_to_string(file).unwrap().contains("# T"));
}

// ----- several reports: all or nothing ----------------------------------------------------------------------------

#[test]
fn a_later_report_that_fails_leaves_no_earlier_report_written() {
    let (tmp, _) = setup();
    // Refused path in the last --report.
    refused(
        tmp.path(),
        &[
            "gap",
            "ws",
            "--as-of",
            AS_OF,
            "--output",
            "out/a.md",
            "--report",
            "json=out/a.json",
            "--report",
            "sarif=ws/aims.toml",
        ],
    );
    // A template error in the last report to render.
    std::fs::create_dir(tmp.path().join("templates")).unwrap();
    std::fs::write(tmp.path().join("templates/report.md.j2"), "{{ broken ").unwrap();
    let before = snapshot(tmp.path());
    let output = aims_in(
        tmp.path(),
        &[
            "gap",
            "ws",
            "--as-of",
            AS_OF,
            "--template-dir",
            "templates",
            "--report",
            "json=out/b.json",
            "--report",
            "sarif=out/b.sarif",
            "--output",
            "out/b.md",
        ],
    );
    assert_eq!(output.status.code(), Some(2), "{}", err(&output));
    assert_eq!(snapshot(tmp.path()), before, "files were written by a run that exited 2");
}

#[test]
fn two_outputs_naming_the_same_file_are_refused() {
    let (tmp, _) = setup();
    refused(tmp.path(), &["gap", "ws", "--as-of", AS_OF, "--output", "out/r.md", "--report", "json=out/r.md"]);
    refused(
        tmp.path(),
        &["gap", "ws", "--as-of", AS_OF, "--report", "json=out/r.x", "--report", "sarif=out/../out/R.x"],
    );
}

#[cfg(unix)]
#[test]
fn a_replaced_report_keeps_its_permissions() {
    use std::os::unix::fs::PermissionsExt;
    let (tmp, _) = setup();
    let report = tmp.path().join("out/private.md");
    std::fs::write(&report, "old").unwrap();
    std::fs::set_permissions(&report, std::fs::Permissions::from_mode(0o600)).unwrap();
    let output = aims_in(tmp.path(), &["gap", "ws", "--as-of", AS_OF, "--output", "out/private.md"]);
    assert_eq!(output.status.code(), Some(0), "{}", err(&output));
    assert_eq!(std::fs::metadata(&report).unwrap().permissions().mode() & 0o777, 0o600);
    assert_ne!(std::fs::read_to_string(&report).unwrap(), "old");
}

// ----- helpers for Unix-only cases ---------------------------------------------------------------------------------

#[cfg(unix)]
trait FifoLike {
    fn is_fifo_like(&self) -> bool;
}

#[cfg(unix)]
impl FifoLike for std::fs::FileType {
    fn is_fifo_like(&self) -> bool {
        std::os::unix::fs::FileTypeExt::is_fifo(self)
    }
}
