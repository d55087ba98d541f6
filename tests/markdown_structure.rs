//! The Markdown documents keep the structure their templates mean: a rule (`---`) or a line of `=` directly under
//! a line of text turns that text into a heading (a setext heading), so a paragraph (the SoA's legend once) became a
//! large heading in the HTML and the PDF. Every human document of every example, in both voices, is checked.

mod common;

use common::{AS_OF, EXAMPLES, aims};

#[test]
fn no_paragraph_turns_into_a_heading_above_a_rule() {
    for example in EXAMPLES {
        for verb in ["gap", "soa", "plan"] {
            for audience in ["client", "practitioner"] {
                let o = aims(&[verb, example, "--as-of", AS_OF, "--format", "markdown", "--audience", audience]);
                assert!(
                    o.status.code().is_some_and(|c| c <= 1),
                    "{verb} {example}: {}",
                    String::from_utf8_lossy(&o.stderr)
                );
                let text = String::from_utf8(o.stdout).unwrap();
                let lines: Vec<&str> = text.lines().collect();
                let mut in_code = false;
                for (i, pair) in lines.windows(2).enumerate() {
                    if pair[0].starts_with("```") {
                        in_code = !in_code;
                    }
                    let underline =
                        !pair[1].is_empty() && (pair[1].chars().all(|c| c == '-') || pair[1].chars().all(|c| c == '='));
                    let text_above = !pair[0].trim().is_empty() && !pair[0].starts_with('|');
                    assert!(
                        in_code || !(underline && text_above),
                        "{verb} {example} ({audience}), line {}: {:?} becomes a heading over {:?}",
                        i + 1,
                        pair[0].chars().take(80).collect::<String>(),
                        pair[1]
                    );
                }
            }
        }
    }
}

/// A workspace that has assessed little (the federal inventory sample: 55 requirements without any entry) read as
/// about twenty pages of one-row sections, one per requirement. Requirements with nothing recorded are one table;
/// every other unmet requirement keeps its section.
#[test]
fn requirements_with_nothing_recorded_are_one_table_not_a_section_each() {
    let o = aims(&["gap", "examples/us-federal-sample", "--as-of", AS_OF, "--format", "json"]);
    let report: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let bare: Vec<&str> = report["requirements"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| {
            r["status"] == "not_assessed"
                && r["systems"].as_array().is_none_or(Vec::is_empty)
                && r["evidence"].as_array().is_none_or(Vec::is_empty)
                && r.get("action").is_none_or(serde_json::Value::is_null)
        })
        .map(|r| r["id"].as_str().unwrap())
        .collect();
    assert!(bare.len() > 40, "the federal sample has many requirements without an entry: {}", bare.len());
    for audience in ["client", "practitioner"] {
        let o = aims(&[
            "gap",
            "examples/us-federal-sample",
            "--as-of",
            AS_OF,
            "--format",
            "markdown",
            "--audience",
            audience,
        ]);
        let text = String::from_utf8(o.stdout).unwrap();
        let table = text.split("### Not assessed yet").nth(1).unwrap_or_else(|| panic!("{audience}: no table"));
        let table = table.split("\n## ").next().unwrap();
        for id in &bare {
            assert!(table.contains(&format!("\n| {id} | ")), "{audience}: {id} not in the table");
            assert!(!text.contains(&format!("\n### {id} ")), "{audience}: {id} still has a section of its own");
        }
        assert!(text.contains("\n### A.6.2.8 "), "{audience}: an unmet requirement with records lost its section");
    }
}
