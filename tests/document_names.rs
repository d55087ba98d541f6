//! How the client's documents name evidence and word the Statement of Applicability's defaults, on the examples.

#[path = "common/xlsx.rs"]
mod book;
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
fn soa_shows_the_assumed_reason_on_its_row_and_explains_it_once_above_the_table() {
    let saas = "examples/saas-ai-customer";
    let soa: serde_json::Value =
        serde_json::from_str(&run(&["soa", saas, "--as-of", AS_OF, "--format", "json"])).unwrap();
    let (unjustified, defaults) = (soa["unjustified"].as_u64().unwrap(), soa["default_reasons"].as_u64().unwrap());
    assert!(unjustified > 20 && defaults > 20, "the example shows the wall this test is about");

    let md = client("soa", saas, "markdown");
    let rows: Vec<&str> = md.lines().filter(|l| l.starts_with("| A.")).collect();
    assert!(!md.contains("(default)"), "the default reason reads as assumed, with the preamble's words");
    assert!(!rows.iter().any(|r| r.contains("| **missing** |")), "a missing justification reads To be written");
    let to_be_written = rows.iter().filter(|r| r.contains("| *To be written* |")).count();
    assert_eq!(to_be_written as u64, unjustified);
    assert!(md.contains(&format!("**{unjustified} controls have no justification**")));
    assert!(md.contains("The Justification column reads *To be written* for them."));
    assert!(md.contains(&format!(
        "{defaults} included controls have no reason stated. The Reasons column gives them *risk treatment (assumed; to confirm)*"
    )));
    // A default row: "| A.2.2 | AI policy | Included | risk treatment (assumed; to confirm) | *To be written* | ...".
    let a22 = rows.iter().find(|r| r.starts_with("| A.2.2 |")).unwrap();
    assert!(a22.contains("| Included | risk treatment (assumed; to confirm) | *To be written* |"), "{a22}");

    let html = client("soa", saas, "html");
    assert!(!html.contains("(default)") && html.contains("<em>To be written</em>"));

    // The practitioner keeps the detail, and the machine formats their data.
    let detail = run(&["soa", saas, "--as-of", AS_OF, "--audience", "practitioner"]);
    assert!(detail.contains("| risk treatment (assumed; to confirm) |") && detail.contains("| **missing** |"));
    let csv = run(&["soa", saas, "--as-of", AS_OF, "--format", "csv"]);
    assert!(
        csv.lines()
            .any(|l| l.starts_with("A.2.2,") && l.contains(",risk treatment,") && l.ends_with(",true,false,,false,"))
    );
}

/// `text` as a slug: lower-case letters and digits, every other run of characters one `-`.
fn slug(text: &str) -> String {
    let mut out = String::new();
    for c in text.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.is_empty() && !out.ends_with('-') {
            out.push('-');
        }
    }
    out.trim_end_matches('-').to_string()
}

/// Whether the path `file` names the system `id` called `name`: a folder, or the start of the file's name, is its ID
/// or its short name (the name before any parenthesis), as a slug.
fn names_system(file: &str, id: &str, name: &str) -> bool {
    let keys = [slug(id), slug(name.split('(').next().unwrap())];
    let parts: Vec<&str> = file.split('/').collect();
    let (file_name, folders) = parts.split_last().unwrap();
    folders.iter().any(|f| keys.contains(&slug(f)))
        || keys.iter().any(|k| slug(file_name) == *k || slug(file_name).starts_with(&format!("{k}-")))
}

/// The Evidence cell of the row for `id` of a workbook sheet.
fn workbook_evidence(book: &book::Book, sheet: &str, key: &str, id: &str) -> String {
    let rows = book.rows(sheet);
    let row = rows.iter().find(|r| book::text(&r[key]) == id).unwrap_or_else(|| panic!("{sheet}: no row {id}"));
    book::text(&row["Evidence"])
}

/// The SoA's evidence of control `id` (JSON).
fn soa_evidence(soa: &serde_json::Value, id: &str) -> Vec<serde_json::Value> {
    let control = soa["controls"].as_array().unwrap().iter().find(|c| c["id"] == id).unwrap();
    control["evidence"].as_array().unwrap().clone()
}

/// In saas-ai-customer the organisation's acceptable-use standard (7.3, A.9.2) read as the Stackmate code
/// assistant's record in the report, the SoA and the workbooks ("Stackmate code assistant: AI acceptable use
/// standard"), because Stackmate's file is the only system file citing it. A document one system cites is that
/// system's only when its path names the system; this one does not, so every document names it as the
/// organisation's, in every format.
#[test]
fn a_shared_record_cited_by_one_system_but_not_named_after_it_is_the_organisations() {
    let saas = "examples/saas-ai-customer";
    let stackmate = "Stackmate code assistant: AI acceptable use standard";
    let report = client("gap", saas, "markdown");
    let seven_three = report.lines().find(|l| l.starts_with("Evidence: Acceptance recorded in the HR system"));
    assert!(seven_three.is_some(), "7.3 names its evidence as the organisation's");
    assert!(!report.contains("Stackmate code assistant: Acceptance recorded"), "7.3 credits Stackmate");
    let a92 = report.lines().find(|l| l.starts_with("| A.9.2 |")).unwrap();
    assert!(a92.contains("| AI acceptable use standard (reviewed 2026-05-14) |"), "{a92}");
    let html = client("gap", saas, "html");
    assert!(!html.contains(&format!("{stackmate} (reviewed")), "HTML report, A.9.2");
    assert!(!html.contains("Stackmate code assistant: Acceptance"), "HTML report, 7.3");

    let soa_md = client("soa", saas, "markdown");
    let row = soa_md.lines().find(|l| l.starts_with("| A.9.2 |")).unwrap();
    assert!(row.ends_with("| AI acceptable use standard |"), "{row}");
    assert!(!client("soa", saas, "html").contains(&format!("{stackmate}</td>")), "HTML SoA");
    let soa: serde_json::Value =
        serde_json::from_str(&run(&["soa", saas, "--as-of", AS_OF, "--format", "json"])).unwrap();
    let listed = soa_evidence(&soa, "A.9.2");
    assert_eq!(listed.len(), 1, "{listed:?}");
    assert_eq!(listed[0]["systems"], serde_json::json!([]), "{listed:?}");
    assert_eq!(listed[0]["label"], "AI acceptable use standard");

    let gap_book = book::workbook("gap", saas);
    for id in ["7.3", "A.9.2"] {
        let cell = workbook_evidence(&gap_book, "Requirements", "ID", id);
        assert!(!cell.contains("Stackmate"), "workbook {id}: {cell}");
    }
    let soa_book = book::workbook("soa", saas);
    let cell = workbook_evidence(&soa_book, "Statement of Applicability", "Control", "A.9.2");
    assert!(cell.starts_with("AI acceptable use standard"), "{cell}");

    // On every example, an organisation-level record the SoA credits to one system is in a file named after it.
    for example in EXAMPLES {
        let report: serde_json::Value =
            serde_json::from_str(&run(&["gap", example, "--as-of", AS_OF, "--format", "json"])).unwrap();
        let ids: std::collections::BTreeMap<String, String> =
            common::system_names(&report).into_iter().map(|(id, name)| (name, id)).collect();
        let soa: serde_json::Value =
            serde_json::from_str(&run(&["soa", example, "--as-of", AS_OF, "--format", "json"])).unwrap();
        for c in soa["controls"].as_array().unwrap() {
            for e in c["evidence"].as_array().unwrap() {
                let (Some(file), true) = (e["file"].as_str(), e["system"].is_null()) else { continue };
                let systems = common::strings(&e["systems"]);
                let label = e["label"].as_str().unwrap();
                if let [only] = systems.as_slice()
                    && label.starts_with(&format!("{only}: "))
                {
                    assert!(names_system(file, &ids[only], only), "{example} {}: {label} ({file})", c["id"]);
                }
            }
        }
    }
}

/// The same organisation's document cited both by the assessment entry of a control and by one system's own record
/// of it was folded into one line labelled as that system's ("Stackmate code assistant: AI acceptable use
/// standard"). It stays the organisation's document, and the system's own record, which names its section of it,
/// keeps its own line, as the report lists them. (A system's record that names the document alone folds into the
/// organisation's line, which then reads "… (for Stackmate code assistant)".)
#[test]
fn an_organisation_document_one_system_also_cites_reads_as_for_that_system() {
    let dir = common::edited_copy("examples/saas-ai-customer", "assessment.yaml", |text| {
        text.replace(
            "      - file: evidence/systems/cv-screening-operating-procedure.md\n        reviewed: 2026-06-30\n      - file: evidence/systems/reply-assist-usage-guide.md",
            "      - file: evidence/ai-acceptable-use-standard.md\n        reviewed: 2026-05-14\n      - file: evidence/systems/cv-screening-operating-procedure.md\n        reviewed: 2026-06-30\n      - file: evidence/systems/reply-assist-usage-guide.md",
        )
    });
    let path = dir.path().to_str().unwrap();
    let soa: serde_json::Value =
        serde_json::from_str(&run(&["soa", path, "--as-of", AS_OF, "--format", "json"])).unwrap();
    let labels: Vec<String> =
        soa_evidence(&soa, "A.9.4").iter().map(|e| e["label"].as_str().unwrap().to_string()).collect();
    // The system's own record names its section of the document, so it keeps its own line, as in the report; the
    // organisation's record stays the organisation's.
    assert!(labels.contains(&"AI acceptable use standard".to_string()), "{labels:?}");
    assert!(
        labels.contains(
            &"Stackmate code assistant: AI acceptable use standard, section 4, approved uses of coding assistants"
                .to_string()
        ),
        "{labels:?}"
    );
    assert!(!labels.iter().any(|l| l == "Stackmate code assistant: AI acceptable use standard"), "{labels:?}");
    let report = client("gap", path, "markdown");
    let row = report.lines().find(|l| l.starts_with("| A.9.4 |")).unwrap();
    assert!(row.contains("| AI acceptable use standard (reviewed 2026-05-14)<br>"), "{row}");
    assert!(row.contains("Stackmate code assistant: AI acceptable use standard, section 4"), "{row}");
}

/// The rule keeps what the path shows: fintech's impact assessments sit in a folder per system
/// (`evidence/systems/credit-scoring/…`), and saas names its systems' documents after them
/// (`cv-screening-impact-assessment.md` by ID, `reply-assist-usage-guide.md` by the short name of "Reply Assist (LLM
/// writing assistant for support agents)"): each organisation-level record of such a file stays the system's.
#[test]
fn a_record_in_a_systems_folder_or_named_after_it_stays_the_systems() {
    let fintech = client("gap", "examples/fintech-ai-provider", "markdown");
    let e84 = fintech
        .lines()
        .find(|l| l.starts_with("Evidence: Northwind Credit Decision Model (NCDM v4): Impact assessment"))
        .expect("8.4 names each system's impact assessment");
    for named in [
        "Nora, customer support assistant: Impact assessment",
        "Application and payment fraud detection model: Impact screening",
        "Lexica document summariser (internal): Procurement and impact assessment",
    ] {
        assert!(e84.contains(named), "{named}: {e84}");
    }
    let soa = client("soa", "examples/fintech-ai-provider", "markdown");
    let row = soa.lines().find(|l| l.starts_with("| A.9.2 |")).unwrap();
    assert!(row.contains("Lexica document summariser (internal): Procurement and impact assessment"), "{row}");
    assert!(row.contains("Northwind Credit Decision Model (NCDM v4): Underwriter guide"), "{row}");

    let saas = client("soa", "examples/saas-ai-customer", "markdown");
    let a54 = saas.lines().find(|l| l.starts_with("| A.5.4 |")).unwrap();
    assert!(a54.contains("TalentSift candidate screening: CV screening impact assessment, section 4"), "{a54}");
    let a83 = saas.lines().find(|l| l.starts_with("| A.8.3 |")).unwrap();
    assert!(a83.contains("Reply Assist (LLM writing assistant for support agents): Reply assist usage guide"), "{a83}");
    let report = client("gap", "examples/saas-ai-customer", "markdown");
    assert!(
        report.contains("Reply Assist (LLM writing assistant for support agents): Reply assist usage guide, section 5")
    );
}
