//! How the client's documents name evidence and word the Statement of Applicability's defaults, on the examples.

mod common;

use common::{AS_OF, EXAMPLES, aims};

fn run(args: &[&str]) -> String {
    let output = aims(args);
    assert!(output.status.success() || output.status.code() == Some(1), "{}", String::from_utf8_lossy(&output.stderr));
    String::from_utf8(output.stdout).unwrap()
}

/// A document in the client's voice, up to its traceability appendix (which maps titles to files).
fn client(verb: &str, example: &str, format: &str) -> String {
    let text = run(&[verb, example, "--as-of", AS_OF, "--format", format]);
    match text.find("Appendix: traceability") {
        Some(at) => text[..at].to_string(),
        None => text,
    }
}

/// Dates as a file name spells them once its separators are spaces: "2026 05", "2026 q3", "q3 2026". Dates the
/// documents write themselves (2026-05-28) are one word and never match.
fn raw_dates(text: &str) -> Vec<String> {
    let words: Vec<&str> =
        text.split_whitespace().map(|w| w.trim_matches(|c: char| !c.is_alphanumeric() && c != '-')).collect();
    let year = |w: &str| w.len() == 4 && w.starts_with("20") && w.chars().all(|c| c.is_ascii_digit());
    let month = |w: &str| w.len() == 2 && w.chars().all(|c| c.is_ascii_digit());
    let quarter = |w: &str| matches!(w, "q1" | "q2" | "q3" | "q4");
    let mut found = Vec::new();
    for pair in words.windows(2) {
        let [a, b] = [pair[0], pair[1]];
        if (year(a) && (month(b) || quarter(b))) || (quarter(a) && year(b)) {
            found.push(format!("{a} {b}"));
        }
    }
    found
}

#[test]
fn file_name_titles_read_dates_and_acronyms() {
    for example in EXAMPLES {
        for verb in ["gap", "soa", "plan"] {
            let text = client(verb, example, "markdown");
            assert_eq!(raw_dates(&text), Vec::<String>::new(), "{verb} {example}");
            for raw in ["2026 05", " q3", "2026 q"] {
                assert!(!text.contains(raw), "{verb} {example}: {raw}");
            }
        }
    }
    let saas = client("gap", "examples/saas-ai-customer", "markdown");
    for title in ["Management review May 2026", "AI monitoring review Q3 2026", "AI governance RACI"] {
        assert!(saas.contains(title), "{title}");
    }
    let fintech = client("gap", "examples/fintech-ai-provider", "markdown");
    assert!(fintech.contains("AI risk register Q3 2026"));
    assert!(raw_dates("see management review 2026 05 and risk register q3 2026").len() == 2);
}

#[test]
fn soa_does_not_repeat_the_default_reason_on_every_row() {
    let saas = "examples/saas-ai-customer";
    let soa: serde_json::Value =
        serde_json::from_str(&run(&["soa", saas, "--as-of", AS_OF, "--format", "json"])).unwrap();
    let (unjustified, defaults) = (soa["unjustified"].as_u64().unwrap(), soa["default_reasons"].as_u64().unwrap());
    assert!(unjustified > 20 && defaults > 20, "the example shows the wall this test is about");

    let md = client("soa", saas, "markdown");
    let rows: Vec<&str> = md.lines().filter(|l| l.starts_with("| A.")).collect();
    assert!(!md.contains("(default)"), "the default reason is said once, above the table");
    assert!(!rows.iter().any(|r| r.contains("| **missing** |")), "a missing justification reads To be written");
    let to_be_written = rows.iter().filter(|r| r.contains("| *To be written* |")).count();
    assert_eq!(to_be_written as u64, unjustified);
    assert!(md.contains(&format!("**{unjustified} controls have no justification**")));
    assert!(md.contains("Their Justification cell reads *To be written*."));
    assert!(md.contains(&format!(
        "{defaults} included controls have no reason stated and are included for risk treatment by default"
    )));
    // A default row: "| A.2.2 | AI policy | Included |  | *To be written* | ...".
    let a22 = rows.iter().find(|r| r.starts_with("| A.2.2 |")).unwrap();
    assert!(a22.contains("| Included |  | *To be written* |"), "{a22}");

    let html = client("soa", saas, "html");
    assert!(!html.contains("(default)") && html.contains("<em>To be written</em>"));

    // The practitioner keeps the detail, and the machine formats their data.
    let detail = run(&["soa", saas, "--as-of", AS_OF, "--audience", "practitioner"]);
    assert!(detail.contains("risk treatment *(default)*") && detail.contains("| **missing** |"));
    let csv = run(&["soa", saas, "--as-of", AS_OF, "--format", "csv"]);
    assert!(
        csv.lines()
            .any(|l| l.starts_with("A.2.2,") && l.contains(",risk treatment,") && l.ends_with(",true,false,,false,"))
    );
}
