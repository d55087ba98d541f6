//! The Statement of Applicability read as the document the client signs: its own identity and approval, exclusions
//! the organisation has yet to confirm, justifications joined as sentences, a legend for what the table shows, the
//! same facts in every format, and a printed page wide enough for its table. Each test runs the real binary on the
//! bundled examples.

#[path = "common/xlsx.rs"]
mod book;
mod common;

use common::{AS_OF, EXAMPLES, stdout_ok as ok};
use serde_json::Value;

fn soa(dir: &str, format: &str) -> String {
    ok(&["soa", dir, "--as-of", AS_OF, "--format", format])
}

fn soa_json(dir: &str) -> Value {
    serde_json::from_str(&soa(dir, "json")).unwrap()
}

fn control<'a>(soa: &'a Value, id: &str) -> &'a Value {
    soa["controls"].as_array().unwrap().iter().find(|c| c["id"] == id).unwrap_or_else(|| panic!("{id} not found"))
}

/// The Markdown row of control `id`.
fn row<'a>(markdown: &'a str, id: &str) -> &'a str {
    let prefix = format!("| {id} |");
    markdown.lines().find(|l| l.starts_with(&prefix)).unwrap_or_else(|| panic!("no row {id}"))
}

/// The SoA opened with the gap report's version and its version history, as if the SoA were version 1.1 of the
/// report; it is its own document, with its own version and approval (aims.toml `[soa]`), produced with a version
/// of the gap analysis. The plan repeated the report's history the same way.
#[test]
fn the_soa_and_the_plan_show_their_own_identity_not_the_gap_reports_version_history() {
    let dir = "examples/fintech-ai-provider";
    for format in ["markdown", "html"] {
        let text = soa(dir, format);
        assert!(!text.contains("Version history"), "soa {format}");
        assert!(!text.contains("Report version"), "soa {format}");
        assert!(!text.contains("First readiness assessment"), "soa {format}: the report's history");
        let plan = ok(&["plan", dir, "--as-of", AS_OF, "--format", format]);
        assert!(!plan.contains("Version history"), "plan {format}");
        assert!(!plan.contains("Report version"), "plan {format}");
        assert!(!plan.contains("First readiness assessment"), "plan {format}: the report's history");
    }
    let md = soa(dir, "markdown");
    for line in [
        "| **Produced with** | gap analysis version 1.1 |",
        "| **Applicability decisions and justifications** | SoA version 2.0, approved by AI Risk Committee (chair: Chief Risk Officer) on 2026-10-15 |",
    ] {
        assert!(md.lines().any(|l| l == line), "missing {line:?} in\n{}", &md[..1500]);
    }
    let plan = ok(&["plan", dir, "--as-of", AS_OF, "--format", "markdown"]);
    assert!(plan.lines().any(|l| l == "| **Produced with** | gap analysis version 1.1 |"), "{}", &plan[..1000]);
    // The report keeps its own version and history.
    let report = ok(&["gap", dir, "--as-of", AS_OF, "--format", "markdown"]);
    assert!(report.contains("| **Report version** | 1.1 |") && report.contains("**Version history**"));

    let json = soa_json(dir);
    assert_eq!(json["gap_analysis_version"], "1.1");
    assert_eq!(json["document"]["version"], "2.0");
    assert_eq!(common::plan_json(dir)["gap_analysis_version"], "1.1");

    for verb in ["soa", "plan"] {
        let book = book::workbook(verb, dir);
        let labels: Vec<String> = book.sheet("Summary").rows().map(|r| book::text(&r[0])).collect();
        assert!(!labels.iter().any(|l| l == "Version history" || l == "Report version"), "{verb}: {labels:?}");
        assert_eq!(book::text(&book.pair("Summary", "Produced with")), "gap analysis version 1.1", "{verb}");
    }
    let book = book::workbook("soa", dir);
    assert!(
        book::text(&book.pair("Summary", "Applicability decisions and justifications")).starts_with("SoA version 2.0,")
    );
}

/// aims derives a control's exclusion from the AI system inventory when no in-scope system is due for it (the
/// organisation is not the provider of any of them, or they are retired): the SoA printed that as a plain
/// "Excluded" with a justification, as if the organisation had stated it. It is marked, says where it comes from,
/// and asks the organisation to confirm it, in every format.
#[test]
fn an_exclusion_derived_from_the_inventory_is_marked_for_the_organisation_to_confirm() {
    let dir = "examples/us-federal-sample";
    let json = soa_json(dir);
    let a82 = control(&json, "A.8.2");
    assert_eq!(a82["applicability"], "not_needed");
    assert_eq!(a82["derived"], true);
    assert_eq!(json["derived"], 1);
    for c in json["controls"].as_array().unwrap().iter().filter(|c| c["id"] != "A.8.2") {
        assert_eq!(c["derived"], false, "{}", c["id"]);
    }
    // The organisation's own exclusions are not derived.
    let saas = soa_json("examples/saas-ai-customer");
    assert_eq!(control(&saas, "A.4.4")["applicability"], "excluded");
    assert_eq!(control(&saas, "A.4.4")["derived"], false);
    assert_eq!(saas["derived"], 0);

    for format in ["markdown", "html"] {
        let text = soa(dir, format);
        assert!(
            text.contains("1 exclusion marked <em>(derived)</em>") || text.contains("1 exclusion marked *(derived)*")
        );
        assert!(text.contains("derived it from the AI system inventory"), "{format}");
        assert!(text.contains("Confirm it"), "{format}");
    }
    let md = soa(dir, "markdown");
    let a82 = row(&md, "A.8.2");
    assert!(a82.contains("| Excluded *(derived)* |"), "{a82}");
    assert!(a82.contains("*Derived from the AI system inventory, not stated by the organisation: to be confirmed.*"));
    // Nothing else is marked.
    assert_eq!(md.matches("*(derived)*").count(), 2, "the row and the sentence above the table");
    let practitioner = ok(&["soa", dir, "--as-of", AS_OF, "--audience", "practitioner"]);
    assert!(row(&practitioner, "A.8.2").contains("Derived from the AI system inventory by aims"));
    // The gap report's list of exclusions says the same.
    let report = ok(&["gap", dir, "--as-of", AS_OF, "--format", "markdown"]);
    assert!(row(&report, "A.8.2").contains("Derived from the AI system inventory"), "{}", row(&report, "A.8.2"));

    let text = soa(dir, "csv");
    let mut csv = csv::Reader::from_reader(text.as_bytes());
    let header = csv.headers().unwrap().clone();
    let at = header.iter().position(|h| h == "derived").expect("a derived column");
    for record in csv.records() {
        let record = record.unwrap();
        assert_eq!(&record[at], if &record[0] == "A.8.2" { "true" } else { "false" }, "{}", &record[0]);
    }

    let book = book::workbook("soa", dir);
    for r in book.rows("Statement of Applicability") {
        let id = book::text(&r["Control"]);
        assert_eq!(book::text(&r["Derived"]), if id == "A.8.2" { "Yes" } else { "" }, "{id}");
    }
    let derived = book.pair("Summary", "Excluded (derived from the AI system inventory; to confirm)");
    assert_eq!(book::number(&derived), Some(1.0));
}

/// The systems' own justifications are sentences; the SoA joined them with ";" after their full stops, so the
/// healthtech SoA read "… under the joiners procedure.; 30-day readmission …", and the plan's CSV joined the
/// organisation's notes the same way. No format of any example does.
#[test]
fn joined_justifications_never_read_full_stop_semicolon() {
    for dir in EXAMPLES {
        for format in ["markdown", "html", "csv", "json"] {
            let text = soa(dir, format);
            assert!(!text.contains(".;"), "{dir} {format}: {}", around(&text, ".;"));
            assert!(!text.contains(".</strong>;"), "{dir} {format}");
        }
        // The same kind of list elsewhere: the report's justifications and the plan's shortfalls, of which the
        // organisation's notes are sentences (the plan's CSV read "… not yet running.; `evidence/…`").
        for verb in ["gap", "plan"] {
            for format in ["markdown", "csv", "json"] {
                let text = ok(&[verb, dir, "--as-of", AS_OF, "--format", format]);
                assert!(!text.contains(".;"), "{dir} {verb} {format}: {}", around(&text, ".;"));
            }
        }
        let book = book::workbook("soa", dir);
        for r in book.rows("Statement of Applicability") {
            for (column, cell) in &r {
                assert!(!book::text(cell).contains(".;"), "{dir} xlsx {column}: {}", book::text(cell));
            }
        }
    }
    // The systems' sentences still follow one another, each with its system's name.
    let md = soa("examples/healthtech-provider", "markdown");
    assert!(md.contains("under the joiners procedure. **"), "{}", around(&md, "joiners procedure"));
}

/// The text around the first `needle`, for a message.
fn around(text: &str, needle: &str) -> String {
    let Some(at) = text.find(needle) else { return String::new() };
    let before: String = text[..at].chars().rev().take(120).collect::<Vec<_>>().into_iter().rev().collect();
    let after: String = text[at..].chars().take(60).collect();
    format!("{before}{after}")
}

/// The large inventory's SoA ran its last paragraph into the table (no blank line between them) and explained the
/// status marks ✅ ◐ ❌ ? that its table, which counts the AI systems instead, never shows; every SoA listed every
/// kind of evidence mark whether used or not. Each paragraph stands apart and the legend explains what is used.
#[test]
fn the_soa_legend_explains_only_the_marks_its_table_uses_and_the_table_stands_apart() {
    for dir in EXAMPLES {
        let md = soa(dir, "markdown");
        assert!(!md.contains("\n\n\n"), "{dir}: a stray blank line");
        let lines: Vec<&str> = md.lines().collect();
        let header = lines.iter().position(|l| l.starts_with("| Control | Title |")).unwrap();
        assert_eq!(lines[header - 1], "", "{dir}: the table follows a blank line");
        assert_ne!(lines[header - 2], "", "{dir}");
        let table: Vec<&str> = lines[header..].iter().take_while(|l| l.starts_with('|')).copied().collect();
        let rows = table.join("\n");
        let legend = lines.iter().find(|l| l.starts_with("Implementation marks") || l.starts_with("Evidence marked"));
        for (mark, words) in [("✅", "✅ compliant"), ("◐", "◐ partially compliant"), ("❌", "❌ non-compliant")]
        {
            let used = rows.contains(mark);
            assert_eq!(legend.is_some_and(|l| l.contains(words)), used, "{dir}: {words}");
        }
        for mark in ["missing", "draft, not approved", "superseded", "not yet in effect", "stale", "undated"] {
            let used = rows.contains(&format!("**{mark}**"));
            assert_eq!(legend.is_some_and(|l| l.contains(&format!("**{mark}**"))), used, "{dir}: {mark}");
        }
    }
    let federal = soa("examples/us-federal-sample", "markdown");
    assert!(!federal.contains("Implementation marks"), "the large inventory's table counts its systems");
    let fintech = soa("examples/fintech-ai-provider", "markdown");
    assert!(fintech.contains(
        "Implementation marks for AI systems: ✅ compliant, ◐ partially compliant, ❌ non-compliant. Evidence marked \
         **draft, not approved** or **undated** does not count towards the implementation status."
    ));
}

/// The Markdown and HTML SoA say which risks of the register each control treats ("treats R-03") and list them in an
/// annex "Risks treated"; the workbook's SoA sheet had no such column and the workbook no such annex, so a client
/// working in the spreadsheet lost the link from control to risk.
#[test]
fn the_soa_workbook_has_the_risks_treated_column_of_the_documents() {
    let dir = "examples/fintech-ai-provider";
    let json = soa_json(dir);
    let md = soa(dir, "markdown");
    for workbook in [book::workbook("soa", dir), book::workbook("gap", dir)] {
        assert!(workbook.header("Statement of Applicability").iter().any(|h| h == "Risks treated"));
        for r in workbook.rows("Statement of Applicability") {
            let id = book::text(&r["Control"]);
            let treated: Vec<String> = common::strings(&control(&json, &id)["treated_by"]);
            assert_eq!(book::text(&r["Risks treated"]), treated.join("; "), "{id}");
            for risk in &treated {
                assert!(row(&md, &id).contains(&format!("[{risk}]")), "{id}: {risk}");
            }
        }
    }
    // The annex "Risks treated" of the Markdown and HTML is a sheet of the SoA workbook, with the same risks.
    let book = book::workbook("soa", dir);
    let cited: Vec<String> =
        json["risks"].as_array().unwrap().iter().map(|r| r["id"].as_str().unwrap().to_string()).collect();
    assert!(!cited.is_empty());
    let listed: Vec<String> = book.rows("Risks treated").iter().map(|r| book::text(&r["Risk"])).collect();
    assert_eq!(listed, cited);
    let r12 = book.rows("Risks treated").into_iter().find(|r| book::text(&r["Risk"]) == "R-12").unwrap();
    assert!(md.contains(&format!("| {} |", book::text(&r12["Title"]))), "the annex's title of R-12");
    // A workspace without a register has no such sheet.
    assert!(!book::workbook("soa", "examples/saas-ai-customer").names.iter().any(|n| n == "Risks treated"));
    let a624 = book::workbook("soa", dir)
        .rows("Statement of Applicability")
        .into_iter()
        .find(|r| book::text(&r["Control"]) == "A.6.2.4")
        .unwrap();
    assert_eq!(book::text(&a624["Risks treated"]), "R-03; R-04; R-11");
    let text = soa(dir, "csv");
    let mut csv = csv::Reader::from_reader(text.as_bytes());
    let header = csv.headers().unwrap().clone();
    let at = header.iter().position(|h| h == "risks_treated").expect("a risks_treated column");
    let a624 = csv.records().map(Result::unwrap).find(|r| &r[0] == "A.6.2.4").unwrap();
    assert_eq!(&a624[at], "R-03; R-04; R-11");
}

/// The SoA's eight-column table printed on a portrait page, with the Justification and the Evidence, the columns
/// with the most text, squeezed as narrow as the Reasons. It prints landscape, and those two get the width.
#[test]
fn the_printed_soa_is_landscape_and_gives_justification_and_evidence_the_width() {
    let html = soa("examples/fintech-ai-provider", "html");
    assert!(html.contains("<body class=\"doc-soa\">"));
    assert!(html.contains("@page soa { size: landscape; }"), "a landscape page for the SoA");
    assert!(html.contains("body.doc-soa { page: soa; }"));
    let width = |n: usize| -> f64 {
        let rule = format!("th:nth-child(8)) th:nth-child({n}) {{ width: ");
        let at = html.find(&rule).unwrap_or_else(|| panic!("no width for column {n}")) + rule.len();
        html[at..].split('%').next().unwrap().parse().unwrap()
    };
    let widths: Vec<f64> = (1..=8).map(width).collect();
    assert!((widths.iter().sum::<f64>() - 100.0).abs() < 0.01, "{widths:?}");
    let (justification, evidence) = (widths[4], widths[7]);
    for (k, w) in widths.iter().enumerate().filter(|(k, _)| *k != 4 && *k != 7) {
        assert!(justification > *w && evidence > *w, "column {}: {widths:?}", k + 1);
    }
    // Other documents stay portrait.
    let plan = ok(&["plan", "examples/fintech-ai-provider", "--as-of", AS_OF, "--format", "html"]);
    assert!(plan.contains("<body class=\"doc-plan\">"));
}

/// The same fault in the gap report: the legend of its systems × controls matrix explained ◐, ⏳, – and ? for the
/// Brightdesk example, whose cells show only ✅ and ❌. It explains the marks the cells show.
#[test]
fn the_report_matrix_legend_explains_only_the_marks_its_cells_show() {
    for dir in EXAMPLES {
        let md = ok(&["gap", dir, "--as-of", AS_OF, "--format", "markdown"]);
        let Some(at) = md.lines().position(|l| l.starts_with("Each cell is the status")) else {
            assert_eq!(dir, "examples/us-federal-sample", "only the large inventory has no matrix");
            continue;
        };
        let lines: Vec<&str> = md.lines().collect();
        let legend = lines[at];
        let header = lines[at..].iter().position(|l| l.starts_with("| System |")).unwrap() + at;
        let cells =
            lines[header + 2..].iter().take_while(|l| l.starts_with('|')).copied().collect::<Vec<_>>().join("\n");
        for mark in ["✅", "◐", "❌", "⏳", "–", "?"] {
            assert_eq!(
                legend.contains(&format!("{mark} ")),
                cells.contains(&format!(" {mark} |")),
                "{dir}: {mark} in {legend}"
            );
        }
    }
    let saas = ok(&["gap", "examples/saas-ai-customer", "--as-of", AS_OF, "--format", "markdown"]);
    assert!(saas.contains(
        "Each cell is the status of a per-system control for one AI system: ✅ compliant, ❌ non-compliant."
    ));
}

/// Beside the Risks treated, the Markdown and HTML rows say when a per-system control is not yet due and when the
/// organisation's own part of it is below every AI system's ("organisation level: partially compliant"); the CSV
/// had neither (a not-yet-due control read `not_applicable` beside `included`) and the workbook lacked the second.
/// Every format carries each control's facts.
#[test]
fn the_soa_csv_and_workbook_carry_every_fact_of_the_documents_rows() {
    for dir in EXAMPLES {
        let json = soa_json(dir);
        let controls = json["controls"].as_array().unwrap();
        let text = soa(dir, "csv");
        let mut csv = csv::Reader::from_reader(text.as_bytes());
        let header = csv.headers().unwrap().clone();
        let column = |name: &str| header.iter().position(|h| h == name).unwrap_or_else(|| panic!("no CSV {name}"));
        let records: Vec<csv::StringRecord> = csv.records().map(Result::unwrap).collect();
        let book = book::workbook("soa", dir);
        let rows = book.rows("Statement of Applicability");
        assert_eq!((records.len(), rows.len()), (controls.len(), controls.len()), "{dir}");
        for ((c, record), row) in controls.iter().zip(&records).zip(&rows) {
            let id = c["id"].as_str().unwrap();
            assert_eq!((&record[0], book::text(&row["Control"]).as_str()), (id, id), "{dir}");
            let organisation = c["organisation_status"].as_str().unwrap_or_default();
            let treated = common::strings(c.get("treated_by").unwrap_or(&Value::Array(Vec::new()))).join("; ");
            assert_eq!(&record[column("organisation_status")], organisation, "{dir} {id}");
            assert_eq!(&record[column("not_yet_due")], c["not_yet_due"].to_string(), "{dir} {id}");
            assert_eq!(&record[column("derived")], c["derived"].to_string(), "{dir} {id}");
            assert_eq!(record[column("risks_treated")], treated, "{dir} {id}");
            let level = book::text(&row["Organisation level"]);
            assert_eq!(level.is_empty(), organisation.is_empty(), "{dir} {id}: {level}");
            assert_eq!(book::text(&row["Not yet due"]) == "Yes", c["not_yet_due"] == true, "{dir} {id}");
            assert_eq!(book::text(&row["Derived"]) == "Yes", c["derived"] == true, "{dir} {id}");
            assert_eq!(book::text(&row["Risks treated"]), treated, "{dir} {id}");
        }
    }
    let saas = soa("examples/saas-ai-customer", "markdown");
    assert!(row(&saas, "A.5.5").contains("organisation level: partially compliant"));
    let book = book::workbook("soa", "examples/saas-ai-customer");
    let a55 = book.rows("Statement of Applicability").into_iter().find(|r| book::text(&r["Control"]) == "A.5.5");
    assert_eq!(book::text(&a55.unwrap()["Organisation level"]), "Partially compliant");
}

/// Healthtech's SoA left the Owner cell of 14 per-system controls empty, which reads as nobody owning them, while
/// the plan gives each AI system's work to that system's owner. The cell now says so, in the Markdown and the
/// workbook; a control without an owner and without AI systems reads "Not assigned".
#[test]
fn a_per_system_control_without_an_owner_names_each_systems_owner() {
    let md = common::stdout_ok(&["soa", "examples/healthtech-provider", "--as-of", common::AS_OF]);
    let row = md.lines().find(|l| l.starts_with("| A.5.3 |")).unwrap();
    assert!(row.contains("| Each AI system's owner |"), "{row}");
    // The gap report's status line says the same.
    let report = common::stdout_ok(&["gap", "examples/healthtech-provider", "--as-of", common::AS_OF]);
    let a_5_3 = report.split("### A.5.3 ").nth(1).unwrap().split("\n### ").next().unwrap();
    assert!(a_5_3.contains("· Owner: each AI system's owner"), "{a_5_3}");
    let json: serde_json::Value = serde_json::from_str(&common::stdout_ok(&[
        "soa",
        "examples/healthtech-provider",
        "--as-of",
        common::AS_OF,
        "--format",
        "json",
    ]))
    .unwrap();
    for c in json["controls"].as_array().unwrap() {
        let text = c["owner_text"].as_str().unwrap();
        assert!(!text.is_empty(), "{}", c["id"]);
        if let Some(owner) = c["owner"].as_str() {
            assert_eq!(text, owner);
        }
    }
}

/// Fintech's SoA said "Every inclusion and exclusion is justified." with no exclusion in it, and the federal SoA's
/// evidence read "records of 4 AI systems, all of them missing or not counting". The sentence names exclusions
/// only when there are some, and the count reads as a client would write it, with what keeps the records from
/// counting (as the gap report counts them).
#[test]
fn the_soa_speaks_of_exclusions_only_when_it_has_some() {
    let fintech = ok(&["soa", "examples/fintech-ai-provider", "--as-of", AS_OF]);
    assert!(fintech.contains("Every control has a justification.\n"), "no exclusion in fintech's SoA");
    let federal = ok(&["soa", "examples/us-federal-sample", "--as-of", AS_OF]);
    assert!(!federal.contains("missing or not counting"), "awkward count");
    assert!(federal.contains("records of 4 AI systems (4 not found)"), "the federal A.5.3 records");
}

/// Fintech's SoA showed the committee's approval ("SoA version 2.0", "Approved by AI Risk Committee", "Approval date
/// 2026-10-15") above an Implementation column that is this assessment's result of 2026-12-01, so the committee read
/// as having approved statements of non-compliance six weeks before they were found. The cover says which part is
/// the approved statement (the applicability decisions and their justifications) and which the status assessed on
/// the as-of date, and the Implementation column says when it was assessed, in every human format.
#[test]
fn the_committees_approval_does_not_cover_the_implementation_status_assessed_after_it() {
    let dir = "examples/fintech-ai-provider";
    let decisions = "SoA version 2.0, approved by AI Risk Committee (chair: Chief Risk Officer) on 2026-10-15";
    let implementation = format!(
        "as assessed on {AS_OF} (gap analysis version 1.1); an assessment result, not part of the approved statement"
    );
    let column = format!("Implementation (assessed {AS_OF})");
    let md = soa(dir, "markdown");
    for line in [
        format!("| **Applicability decisions and justifications** | {decisions} |"),
        format!("| **Implementation status** | {implementation} |"),
    ] {
        assert!(md.lines().any(|l| l == line), "missing {line:?} in\n{}", &md[..2000]);
    }
    assert!(md.contains(&format!("| Justification | {column} | Owner |")), "the table's header");
    assert!(!md.contains("| **Approved by** |") && !md.contains("| **Approval date** |"));
    // The HTML marks each date up for print; read it as text.
    let html = soa(dir, "html").replace("<span class=\"date\">", "").replace("</span>", "");
    for text in ["<strong>Applicability decisions and justifications</strong>", decisions, &column, &implementation] {
        assert!(html.contains(text), "html: {text}");
    }

    let book = book::workbook("soa", dir);
    assert_eq!(book::text(&book.pair("Summary", "Applicability decisions and justifications")), decisions);
    assert_eq!(book::text(&book.pair("Summary", "Implementation status")), implementation);
    for workbook in [book, book::workbook("gap", dir)] {
        let header = workbook.header("Statement of Applicability");
        assert!(header.contains(&column) && !header.iter().any(|h| h == "Status"), "{header:?}");
    }

    // A statement nobody has approved yet says so, and the status is still the assessment's.
    let saas = soa("examples/saas-ai-customer", "markdown");
    assert!(
        saas.lines()
            .any(|l| l
                == "| **Applicability decisions and justifications** | **SoA version not set, not yet approved** |")
    );
    assert!(saas.contains(&format!(
        "| **Implementation status** | as assessed on {AS_OF} (gap analysis version 1.0); an assessment result, not part of the statement for approval |"
    )));
    // The JSON keeps the document control and the dates as data.
    let json = soa_json(dir);
    assert_eq!(json["document"]["approved_on"], "2026-10-15");
    assert_eq!(json["as_of"], AS_OF);
}

/// Healthtech's and saas's SoA preamble spoke of cells ("Their Justification cell reads *To be written*", "their
/// Reasons cell is left empty") and said the controls without a reason were included for risk treatment while the
/// Reasons column showed nothing; one control in that state (A.4.5) was empty and another (A.10.4) read "reason not
/// stated", and the workbook counted them as "(empty Reasons cell; to confirm)". The Reasons column shows the
/// assumed reason the preamble names, the preamble speaks of columns, and the JSON and CSV keep their values.
#[test]
fn a_control_with_no_reason_stated_reads_the_reason_the_preamble_gives_it() {
    const ASSUMED: &str = "risk treatment (assumed; to confirm)";
    for dir in ["examples/healthtech-provider", "examples/saas-ai-customer", "examples/us-federal-sample"] {
        let json = soa_json(dir);
        let defaults = json["default_reasons"].as_u64().unwrap();
        assert!(defaults > 0, "{dir}");
        let book = book::workbook("soa", dir);
        let rows = book.rows("Statement of Applicability");
        for format in ["markdown", "html"] {
            let text = soa(dir, format);
            for cell in ["Reasons cell", "Justification cell"] {
                assert!(!text.contains(cell), "{dir} {format}: a document has columns");
            }
            assert!(!text.contains("by default"), "{dir} {format}");
            assert!(text.contains("no reason stated. The Reasons column gives "), "{dir} {format}");
        }
        let md = soa(dir, "markdown");
        for (c, r) in json["controls"].as_array().unwrap().iter().zip(&rows) {
            let id = c["id"].as_str().unwrap();
            let reasons = book::text(&r["Reasons"]);
            if c["reasons_default"] == true {
                assert!(row(&md, id).contains(&format!("| {ASSUMED} |")), "{dir} {id}: {}", row(&md, id));
                assert_eq!(reasons, ASSUMED, "{dir} {id}");
                assert_eq!(common::strings(&c["reasons"]), ["risk_treatment"], "{dir} {id}: the JSON's value");
            }
            assert_eq!(c["reasons_text"].as_str().unwrap(), reasons, "{dir} {id}: the workbook reads as the JSON");
            assert!(!reasons.is_empty() || c["included"] == false, "{dir} {id}: an included control states why");
        }
        let label = format!("Included with no reason stated (Reasons: {ASSUMED})");
        assert_eq!(book::number(&book.pair("Summary", &label)), Some(defaults as f64), "{dir}");
    }
    // The two healthtech controls without a reason read alike: A.4.5 the assumed reason, and A.10.4, whose
    // exclusion is rejected, that none is stated; the preamble speaks of the column.
    let md = soa("examples/healthtech-provider", "markdown");
    assert!(row(&md, "A.4.5").contains(&format!("| Included | {ASSUMED} |")), "{}", row(&md, "A.4.5"));
    assert!(row(&md, "A.10.4").contains("| Included (exclusion rejected) | no reason stated |"));
    assert!(md.contains("The Justification column reads *To be written* for them."));
    // The CSV keeps the reason and the flag that it is the default.
    let csv = soa("examples/healthtech-provider", "csv");
    let a45 = csv.lines().find(|l| l.starts_with("A.4.5,")).unwrap();
    assert!(a45.contains(",included,risk treatment,") && !a45.contains("assumed"), "{a45}");
}

/// Saas's SoA folded each AI system's record of a file into the organisation's record of the same file, and so
/// dropped what each system's record says it is: A.6.2.6 read "AI monitoring review Q3 2026 (for Stackmate … and
/// Reply Assist …)" where the gap report names Reply Assist's "Quarterly quality sampling results", and A.6.2.5 lost
/// each system's completed onboarding checklist. Every record the report lists for a control, by AI system and
/// document, is in the SoA, in every example and format.
#[test]
fn the_soa_names_each_ai_systems_own_evidence_as_the_report_does() {
    for dir in EXAMPLES {
        let report: Value = serde_json::from_str(&ok(&["gap", dir, "--as-of", AS_OF, "--format", "json"])).unwrap();
        let json = soa_json(dir);
        for r in report["requirements"].as_array().unwrap() {
            let Some(c) = json["controls"].as_array().unwrap().iter().find(|c| c["id"] == r["id"]) else { continue };
            let shown = c["evidence"].as_array().unwrap();
            for e in r["evidence"].as_array().unwrap() {
                let (Some(file), Some(system)) = (e["file"].as_str(), e["system"].as_str()) else { continue };
                // The record's own name: its title, else the first sentence of its description.
                let own = e["title"].as_str().or(e["description"].as_str()).map(|t| {
                    let first = t.split(". ").next().unwrap_or(t);
                    first.to_lowercase()
                });
                let found = shown.iter().any(|s| {
                    let credited = s["system"] == system || common::strings(&s["also_for"]).iter().any(|a| a == system);
                    let document = s["document"].as_str().unwrap().to_lowercase();
                    s["file"] == file && credited && own.as_ref().is_none_or(|own| document.contains(own.as_str()))
                });
                assert!(found, "{dir} {}: {system}'s record {file} ({own:?}) is not in {shown:#?}", r["id"]);
            }
        }
    }
    let dir = "examples/saas-ai-customer";
    let reply = "Reply Assist (LLM writing assistant for support agents)";
    let md = soa(dir, "markdown");
    let a626 = row(&md, "A.6.2.6");
    assert!(a626.contains(&format!("{reply}: Quarterly quality sampling results")), "{a626}");
    assert!(a626.contains("AI monitoring review Q3 2026 (for Stackmate code assistant)"), "{a626}");
    let a625 = row(&md, "A.6.2.5");
    assert!(a625.contains("TalentSift candidate screening: Completed onboarding checklist for TalentSift"), "{a625}");
    assert!(a625.contains(&format!("{reply}: Completed onboarding checklist for Reply Assist")), "{a625}");
    let html = soa(dir, "html");
    assert!(html.contains("Quarterly quality sampling results"));
    let book = book::workbook("soa", dir);
    let a626 = book.rows("Statement of Applicability").into_iter().find(|r| book::text(&r["Control"]) == "A.6.2.6");
    assert!(book::text(&a626.unwrap()["Evidence"]).contains(&format!("{reply}: Quarterly quality sampling results")));
    let references = book.rows("Evidence references");
    assert!(references.iter().any(|r| book::text(&r["Control"]) == "A.6.2.6"
        && book::text(&r["Document"]) == "Quarterly quality sampling results"
        && book::text(&r["AI systems"]) == reply));
}

/// Folding an AI system's record into the organisation's record of the same file must not lose what the system's
/// record says either: two stale records of one file, reviewed on different dates, each keep their date, as the
/// report lists them.
#[test]
fn a_stale_system_record_keeps_its_own_review_date_in_the_soa() {
    let dir = common::edited_copy("examples/saas-ai-customer", "assessment.yaml", |text| {
        text.replace(
            "      - file: evidence/ai-monitoring-review-2026-q3.md\n        reviewed: 2026-10-09\n    notes:",
            "      - file: evidence/ai-monitoring-review-2026-q3.md\n        reviewed: 2024-06-01\n    notes:",
        )
    });
    let system = dir.path().join("systems/code-assistant.yaml");
    let text = std::fs::read_to_string(&system).unwrap();
    let edited = text.replace(
        "    file: evidence/ai-monitoring-review-2026-q3.md\n    reviewed: 2026-10-09",
        "    file: evidence/ai-monitoring-review-2026-q3.md\n    reviewed: 2024-01-15",
    );
    assert_ne!(edited, text);
    std::fs::write(&system, edited).unwrap();
    let path = dir.path().to_str().unwrap();
    let md = ok(&["soa", path, "--as-of", AS_OF]);
    let a626 = row(&md, "A.6.2.6");
    assert!(a626.contains("(reviewed 2024-06-01)") && a626.contains("(reviewed 2024-01-15)"), "{a626}");
    let json: Value = serde_json::from_str(&ok(&["soa", path, "--as-of", AS_OF, "--format", "json"])).unwrap();
    let reviewed: Vec<String> = control(&json, "A.6.2.6")["evidence"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["file"] == "evidence/ai-monitoring-review-2026-q3.md")
        .map(|e| e["reviewed"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(reviewed, ["2024-06-01", "2024-01-15", "2026-10-09"]);
}

/// Saas's SoA gave each of its 14 excluded controls the owner "Not assigned", which reads as a deficiency in a
/// statement for approval: an excluded control has nobody to implement it. Its Owner cell is a dash; an included
/// control without an owner still reads "Not assigned".
#[test]
fn an_excluded_control_is_not_said_to_lack_an_owner() {
    let json: serde_json::Value = serde_json::from_str(&common::stdout_ok(&[
        "soa",
        "examples/saas-ai-customer",
        "--as-of",
        common::AS_OF,
        "--format",
        "json",
    ]))
    .unwrap();
    let mut excluded = 0;
    for c in json["controls"].as_array().unwrap() {
        if c["included"] == false && c["owner"].is_null() {
            excluded += 1;
            assert_eq!(c["owner_text"], "–", "{}", c["id"]);
        }
        if c["included"] == true && c["owner"].is_null() && c["scope"] != "ai_system" {
            assert_eq!(c["owner_text"], "Not assigned", "{}", c["id"]);
        }
    }
    assert!(excluded > 0, "saas excludes controls without owners");
}
