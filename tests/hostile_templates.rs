//! Templates from `--template-dir` are trusted to format, not to read files or run forever (docs/security.md,
//! "Templates"): each hostile template below stops the command with exit code 2, a message naming the template, in
//! bounded time, and nothing is written.

mod common;

use std::path::Path;
use std::time::{Duration, Instant};

use common::AS_OF;

const WORKSPACE: &str = "examples/saas-ai-customer";

/// Runs `aims gap` with the Markdown report from `templates` into `templates/../out.md`, and returns the exit code
/// and stderr, after checking that nothing was written and that the run was quick.
fn gap_with(templates: &Path) -> (Option<i32>, String) {
    let out = templates.parent().unwrap().join("out.md");
    let started = Instant::now();
    let output = assert_cmd::Command::cargo_bin("aims")
        .unwrap()
        .args(["gap", WORKSPACE, "--as-of", AS_OF, "--format", "markdown", "--template-dir"])
        .arg(templates)
        .arg("--output")
        .arg(&out)
        .env("NO_COLOR", "1")
        .timeout(Duration::from_secs(60))
        .output()
        .unwrap();
    assert!(started.elapsed() < Duration::from_secs(60), "the run took {:?}", started.elapsed());
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    if output.status.code() == Some(2) {
        assert!(!out.exists(), "a failed template wrote {}", out.display());
    }
    (output.status.code(), stderr)
}

/// A folder `templates/` in a fresh temporary folder, holding `report.md.j2` with `source`.
fn templates(source: &str) -> (tempfile::TempDir, std::path::PathBuf) {
    let root = tempfile::tempdir().unwrap();
    let dir = root.path().join("templates");
    std::fs::create_dir(&dir).unwrap();
    std::fs::write(dir.join("report.md.j2"), source).unwrap();
    (root, dir)
}

fn refused(source: &str, expected: &str) {
    let (_root, dir) = templates(source);
    let (code, stderr) = gap_with(&dir);
    assert_eq!(code, Some(2), "{source}: {stderr}");
    assert!(stderr.contains("report.md.j2") && stderr.contains(expected), "{source}: {stderr}");
}

#[test]
fn an_endless_loop_in_a_template_runs_out_of_fuel() {
    refused("{% for i in range(10000) %}{% for j in range(10000) %}x{% endfor %}{% endfor %}", "fuel");
    refused("{% for i in range(10000) %}{% for j in range(10000) %}{% endfor %}{% endfor %}", "fuel");
}

#[test]
fn a_template_that_hoards_memory_runs_out_of_fuel() {
    // `| safe` keeps the Markdown escaper out of it: escaping hundreds of megabytes is slow in the unoptimised test
    // build, and the bound under test is the data the template may pile up, not the escaper's speed.
    refused(
        "{% set x %}{% for i in range(10000) %}{{ ('x' * 100000) | safe }}{% endfor %}{% endset %}{{ x | length }}",
        "fuel",
    );
}

#[test]
fn endless_recursion_in_a_template_stops_at_the_recursion_limit() {
    refused("{% macro f(n) %}{{ f(n + 1) }}{% endmacro %}{{ f(0) }}", "nest deeper than the limit of 200");
}

#[test]
fn a_template_cannot_write_more_than_the_output_bound() {
    // Cheap in fuel (the bytes are repeated by one operation), expensive in output.
    refused("{% for i in range(200) %}{{ 'x' * 1000000 }}{% endfor %}", "larger than 64 MiB");
}

#[test]
fn includes_stay_inside_the_template_folder() {
    let (root, dir) = templates("{% include '../secret.txt' %}");
    std::fs::write(root.path().join("secret.txt"), "TOP SECRET").unwrap();
    let (code, stderr) = gap_with(&dir);
    assert_eq!(code, Some(2), "{stderr}");
    assert!(stderr.contains("../secret.txt") && !stderr.contains("TOP SECRET"), "{stderr}");

    for name in ["/etc/passwd", "./../secret.txt", "sub/../../secret.txt", ""] {
        std::fs::write(dir.join("report.md.j2"), format!("{{% include '{name}' %}}")).unwrap();
        let (code, stderr) = gap_with(&dir);
        assert_eq!(code, Some(2), "{name}: {stderr}");
        assert!(!stderr.contains("TOP SECRET") && !stderr.contains("root:"), "{name}: {stderr}");
    }
    std::fs::write(dir.join("report.md.j2"), "{% extends '../secret.txt' %}").unwrap();
    assert_eq!(gap_with(&dir).0, Some(2));
    std::fs::write(dir.join("report.md.j2"), "{% import '../secret.txt' as s %}").unwrap();
    assert_eq!(gap_with(&dir).0, Some(2));

    // Inside the folder, includes, imports and layouts work.
    std::fs::create_dir(dir.join("parts")).unwrap();
    std::fs::write(dir.join("parts/title.md.j2"), "# {{ a.organisation.name }}\n").unwrap();
    std::fs::write(dir.join("parts/macros.md.j2"), "{% macro score() %}{{ a.summary.score | pct }}{% endmacro %}")
        .unwrap();
    std::fs::write(
        dir.join("report.md.j2"),
        "{% include 'parts/title.md.j2' %}{% import 'parts/macros.md.j2' as m %}\nScore {{ m.score() }}\n",
    )
    .unwrap();
    let (code, stderr) = gap_with(&dir);
    assert_eq!(code, Some(0), "{stderr}");
    let out = std::fs::read_to_string(root.path().join("out.md")).unwrap();
    assert!(out.starts_with("# Brightdesk Software Ltd") && out.contains("Score 67.3%"), "{out}");
}

#[cfg(unix)]
#[test]
fn a_template_that_is_a_symlink_leading_outside_its_folder_is_refused() {
    let (root, dir) = templates("");
    std::fs::write(root.path().join("secret.txt"), "TOP SECRET {{ a.title }}").unwrap();
    for target in [Path::new("/etc/passwd"), &root.path().join("secret.txt")] {
        std::fs::remove_file(dir.join("report.md.j2")).unwrap();
        std::os::unix::fs::symlink(target, dir.join("report.md.j2")).unwrap();
        let (code, stderr) = gap_with(&dir);
        assert_eq!(code, Some(2), "{stderr}");
        assert!(stderr.contains("leads outside the template folder"), "{stderr}");
        assert!(!stderr.contains("TOP SECRET") && !stderr.contains("root:"), "{stderr}");
    }
    // An include that is such a symlink is refused the same way.
    std::fs::remove_file(dir.join("report.md.j2")).unwrap();
    std::fs::write(dir.join("report.md.j2"), "{% include 'part.md.j2' %}").unwrap();
    std::os::unix::fs::symlink(root.path().join("secret.txt"), dir.join("part.md.j2")).unwrap();
    let (code, stderr) = gap_with(&dir);
    assert_eq!(code, Some(2), "{stderr}");
    assert!(stderr.contains("leads outside the template folder"), "{stderr}");
    // A symlink that stays inside the folder is followed.
    std::fs::remove_file(dir.join("part.md.j2")).unwrap();
    std::fs::write(dir.join("real.md.j2"), "inside {{ a.as_of }}").unwrap();
    std::os::unix::fs::symlink("real.md.j2", dir.join("part.md.j2")).unwrap();
    let (code, stderr) = gap_with(&dir);
    assert_eq!(code, Some(0), "{stderr}");
    assert_eq!(std::fs::read_to_string(root.path().join("out.md")).unwrap(), format!("inside {AS_OF}\n"));
}

#[cfg(unix)]
#[test]
fn a_template_that_is_a_fifo_or_a_folder_is_refused_at_once() {
    let (_root, dir) = templates("");
    std::fs::remove_file(dir.join("report.md.j2")).unwrap();
    let fifo = std::ffi::CString::new(dir.join("report.md.j2").to_str().unwrap()).unwrap();
    // SAFETY: mkfifo reads a NUL-terminated path and creates a named pipe; no memory is shared.
    assert_eq!(unsafe { libc::mkfifo(fifo.as_ptr(), 0o644) }, 0);
    let (code, stderr) = gap_with(&dir);
    assert_eq!(code, Some(2), "{stderr}");
    assert!(stderr.contains("not a regular file"), "{stderr}");

    std::fs::remove_file(dir.join("report.md.j2")).unwrap();
    std::fs::create_dir(dir.join("report.md.j2")).unwrap();
    let (code, stderr) = gap_with(&dir);
    assert_eq!(code, Some(2), "{stderr}");
    assert!(stderr.contains("not a regular file"), "{stderr}");
}

#[test]
fn a_template_beyond_the_size_bound_or_not_utf8_is_refused() {
    let (_root, dir) = templates("");
    // Sparse: no disk used.
    let file = std::fs::File::create(dir.join("report.md.j2")).unwrap();
    file.set_len(aims::render::MAX_TEMPLATE_BYTES + 1).unwrap();
    let (code, stderr) = gap_with(&dir);
    assert_eq!(code, Some(2), "{stderr}");
    assert!(stderr.contains("larger than 1024 KiB"), "{stderr}");

    std::fs::write(dir.join("report.md.j2"), b"caf\xe9 {{ a.title }}").unwrap();
    let (code, stderr) = gap_with(&dir);
    assert_eq!(code, Some(2), "{stderr}");
    assert!(stderr.contains("not UTF-8"), "{stderr}");
}

#[test]
fn template_values_are_escaped_unless_a_template_says_they_are_safe() {
    let (root, dir) = templates(
        "{{ a.title }}|{{ '<b>' }}|{{ '<b>' | safe }}|{{ 'a`b' | code }}|{{ 'x `y` *z*' | message }}|{{ 3 }}|{{ -1 }}\n",
    );
    let (code, stderr) = gap_with(&dir);
    assert_eq!(code, Some(0), "{stderr}");
    let out = std::fs::read_to_string(root.path().join("out.md")).unwrap();
    let title = "Brightdesk Software Ltd: ISO/IEC 42001 gap analysis";
    assert_eq!(out, format!("{title}|&lt;b>|<b>|``a`b``|x `y` \\*z\\*|3|-1\n"));
}

#[test]
fn the_documented_template_bounds_are_the_real_ones() {
    use aims::render::{MAX_OUTPUT_BYTES, MAX_TEMPLATE_BYTES, RECURSION_LIMIT, TEMPLATE_FUEL};
    for doc in ["docs/templates.md", "docs/security.md"] {
        let text = std::fs::read_to_string(doc).unwrap();
        for bound in [
            common::grouped(TEMPLATE_FUEL as usize),
            format!("{} MiB", MAX_TEMPLATE_BYTES >> 20),
            format!("{} MiB", MAX_OUTPUT_BYTES >> 20),
            RECURSION_LIMIT.to_string(),
        ] {
            assert!(text.contains(&bound), "{doc} does not state the bound {bound}");
        }
    }
}
