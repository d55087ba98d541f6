//! The HTML documents (`--format html`, `.html` files) and the formats output paths pick: one self-contained page
//! per document, the same content as the Markdown, charts that draw the assessment's numbers, nothing that runs or
//! fetches, the same bytes every run; and an extension aims does not write is refused with what to do instead.

mod common;

use std::path::Path;

use common::html::offline;
use common::{AS_OF, aims, err};

fn example(name: &str) -> String {
    format!("{}/examples/{name}", env!("CARGO_MANIFEST_DIR"))
}

fn stdout(args: &[&str], codes: &[i32]) -> String {
    let out = aims(args);
    assert!(codes.contains(&out.status.code().unwrap_or(-1)), "{args:?}: {:?}\n{}", out.status, err(&out));
    String::from_utf8(out.stdout).unwrap()
}

fn html(verb: &str, example_name: &str) -> String {
    let dir = example(example_name);
    stdout(&[verb, &dir, "--as-of", AS_OF, "--format", "html"], &[0, 1])
}

#[test]
fn the_html_report_of_an_example_is_one_page_with_its_charts() {
    let page = html("gap", "saas-ai-customer");
    offline("gap html", &page);
    insta::assert_snapshot!("gap-saas-ai-customer.html", page);
}

#[test]
fn every_html_document_of_every_example_is_offline_and_holds_its_charts() {
    for name in ["fintech-ai-provider", "healthtech-provider", "saas-ai-customer", "us-federal-sample"] {
        let gap = html("gap", name);
        offline(&format!("{name} gap"), &gap);
        for chart in ["chart-status", "chart-clauses", "chart-objectives", "chart-systems"] {
            assert!(gap.contains(chart), "{name}: the report has no {chart}");
        }
        for (verb, chart) in [("soa", "chart-soa"), ("plan", "chart-roadmap")] {
            let page = html(verb, name);
            offline(&format!("{name} {verb}"), &page);
            assert!(page.contains(chart), "{name}: the {verb} has no {chart}");
        }
    }
}

#[test]
fn the_html_page_has_the_markdown_document_s_headings() {
    let dir = example("fintech-ai-provider");
    let markdown = stdout(&["gap", &dir, "--as-of", AS_OF, "--format", "markdown"], &[0, 1]);
    let page = html("gap", "fintech-ai-provider");
    for line in markdown.lines().filter(|l| l.starts_with("## ")) {
        let heading = line.trim_start_matches("## ").replace('&', "&amp;").replace('\'', "&#39;");
        assert!(page.contains(&format!(">{heading}</h2>")), "the page lacks the section {heading:?}");
    }
    assert!(!markdown.contains("aims-chart"), "the Markdown document carries no chart marker");
}

#[test]
fn html_documents_are_the_same_bytes_every_run() {
    for verb in ["gap", "soa", "plan"] {
        assert_eq!(html(verb, "healthtech-provider"), html(verb, "healthtech-provider"), "{verb}");
    }
}

#[test]
fn the_heat_map_of_a_large_inventory_shows_the_systems_of_the_table_beside_it_in_its_order() {
    let page = html("gap", "us-federal-sample");
    let start = page.find("chart-systems").unwrap();
    let end = start + page[start..].find("</figure>").unwrap();
    let figure = &page[start..end];
    // The row labels of the heat map (a long label wraps onto two lines and only then is cut, with the whole name as
    // its tooltip).
    let labels: Vec<String> = figure
        .split("text-anchor=\"end\" fill=\"#1f2933\" font-size=\"10\">")
        .skip(1)
        .map(|rest| {
            let rest = rest.strip_prefix("<title>").map_or(rest, |r| &r[r.find("</title>").unwrap() + 8..]);
            let shown = &rest[..rest.find("</text>").unwrap()];
            // The lines of a wrapped label, read as one.
            let lines: Vec<&str> = shown
                .split("</tspan>")
                .map(|part| part.rsplit('>').next().unwrap_or(part))
                .filter(|line| !line.is_empty())
                .collect();
            lines.join(" ")
        })
        .collect();
    // The first cell of each row of the table that follows: "Systems with the lowest scores".
    let body = &page[end..];
    let table = &body[body.find("<tbody>").unwrap()..body.find("</tbody>").unwrap()];
    let names: Vec<&str> = table
        .split("<tr>")
        .skip(1)
        .map(|row| row.trim_start().trim_start_matches("<td>").split("</td>").next().unwrap())
        .collect();
    assert!(!names.is_empty() && labels.len() == names.len(), "chart {labels:?}\ntable {names:?}");
    for (label, name) in labels.iter().zip(&names) {
        assert!(name.starts_with(label.trim_end_matches('…')), "chart row {label:?}, table row {name:?}");
    }
    let columns = figure.matches("rotate(-60)").count();
    assert_eq!(figure.matches("<g><title>").count(), names.len() * columns, "one cell per shown system and column");
    assert!(figure.contains("with the lowest scores") && figure.contains("workbook"), "{figure}");
    assert!(!figure.contains("systems[]"), "no JSON field path in a client document: {figure}");
}

// ----- output paths and their formats -------------------------------------------------------------------------

fn run_in(dir: &Path, args: &[&str]) -> std::process::Output {
    let ws = example("saas-ai-customer");
    let mut all = vec![args[0], ws.as_str(), "--as-of", AS_OF];
    all.extend_from_slice(&args[1..]);
    common::aims_in(dir, &all)
}

#[test]
fn an_output_ending_in_pdf_is_refused_with_what_to_do_instead_and_nothing_is_written() {
    let dir = tempfile::tempdir().unwrap();
    for verb in ["gap", "soa", "plan"] {
        for file in ["report.pdf", "report.PDF"] {
            let out = run_in(dir.path(), &[verb, "--output", file]);
            assert_eq!(out.status.code(), Some(2), "{verb} {file}");
            let message = err(&out);
            assert!(message.contains("does not write PDF"), "{message}");
            assert!(message.contains("--format html") && message.contains("print it to PDF"), "{message}");
            assert!(!dir.path().join(file).exists());
        }
    }
}

#[test]
fn office_and_unknown_extensions_are_refused_even_with_an_explicit_format_for_office_ones() {
    let dir = tempfile::tempdir().unwrap();
    for (args, says) in [
        (&["gap", "--output", "r.docx"][..], "does not write Word"),
        (&["gap", "--output", "r.odt"][..], "does not write OpenDocument"),
        (&["gap", "--output", "r.xls"][..], "does not write spreadsheet"),
        (&["gap", "--format", "markdown", "--output", "r.docx"][..], "does not write Word"),
        (&["gap", "--report", "markdown=r.pdf"][..], "does not write PDF"),
        (&["gap", "--check", "r.pdf"][..], "does not write PDF"),
        (&["gap", "--output", "r.report"][..], "does not know which format"),
        (&["soa", "--output", "soa.rtf"][..], "does not write RTF"),
        (&["plan", "--output", "plan.pptx"][..], "does not write presentation"),
    ] {
        let out = run_in(dir.path(), args);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert!(err(&out).contains(says), "{args:?}: {}", err(&out));
    }
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0, "nothing is written");
}

#[test]
fn a_known_extension_picks_its_format_and_an_explicit_format_wins() {
    let dir = tempfile::tempdir().unwrap();
    let read = |name: &str| std::fs::read_to_string(dir.path().join(name)).unwrap();
    for (args, file, starts) in [
        (&["gap", "--output", "r.html"][..], "r.html", "<!DOCTYPE html>"),
        (&["gap", "--output", "r.HTM"][..], "r.HTM", "<!DOCTYPE html>"),
        (&["gap", "--output", "r.markdown"][..], "r.markdown", "# "),
        (&["gap", "--report", "html=side.html", "--output", "r.json"][..], "side.html", "<!DOCTYPE html>"),
        (&["gap", "--format", "json", "--output", "r2.html"][..], "r2.html", "{"),
        (&["gap", "--format", "markdown", "--output", "r.report"][..], "r.report", "# "),
        (&["soa", "--output", "soa.html"][..], "soa.html", "<!DOCTYPE html>"),
        (&["plan", "--output", "plan.htm"][..], "plan.htm", "<!DOCTYPE html>"),
    ] {
        let out = run_in(dir.path(), args);
        assert!(matches!(out.status.code(), Some(0 | 1)), "{args:?}: {}", err(&out));
        assert!(read(file).starts_with(starts), "{args:?}: {}", &read(file)[..40]);
    }
}

#[test]
fn check_compares_an_html_report_too() {
    let dir = tempfile::tempdir().unwrap();
    let out = run_in(dir.path(), &["gap", "--output", "report.html"]);
    assert!(matches!(out.status.code(), Some(0 | 1)), "{}", err(&out));
    let out = run_in(dir.path(), &["gap", "--check", "report.html"]);
    assert_eq!(out.status.code(), Some(0), "{}", err(&out));
}

const SYSTEM: &str = "id: scoring\nname: Scoring model\npurpose: Scores applications\nowner: Head of Risk\n\
                      lifecycle_stage: operation\nai_role: provider\n";

/// A risk whose ID and title are hostile: the ID must make a safe anchor and link in both documents.
const HOSTILE_RISK: &str = r#"risks:
  - id: '"><script>alert(1)</script>[x](javascript:y) R 1'
    title: '<img src=x onerror=y> Bias | forged cell'
    systems: [scoring]
    owner: Head of Risk
    inherent: {likelihood: 4, consequence: 4}
    treatment:
      option: modify
      controls: ["A.6.2.4"]
    residual: {likelihood: 1, consequence: 2}
    reviewed: 2026-10-01
"#;

#[test]
fn the_soa_links_each_risk_it_cites_to_its_annex_entry_whatever_the_id_holds() {
    let id = r#""><script>alert(1)</script>[x](javascript:y) R 1"#;
    let fragment = aims::render::html::fragment("risk", id);
    assert!(fragment.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b"-_".contains(&b)), "{fragment}");
    assert_ne!(fragment, aims::render::html::fragment("risk", "R 1"), "IDs that differ get different fragments");
    let dir = common::workspace(&[
        ("organisation.yaml", common::ORGANISATION),
        ("systems/scoring.yaml", SYSTEM),
        ("risks.yaml", HOSTILE_RISK),
    ]);
    let ws = dir.path().to_str().unwrap();
    let doc = |verb: &str, format: &str| stdout(&[verb, ws, "--as-of", AS_OF, "--format", format], &[0, 1]);

    // The Markdown: a link to the annex entry, whose row starts with the anchor; the text is escaped.
    let soa = doc("soa", "markdown");
    let link = format!("](#{fragment})");
    let anchor = format!("<a id=\"{fragment}\"></a>");
    assert!(soa.contains("(treats [") && soa.contains(&link), "{soa}");
    assert!(soa.contains("## Risks treated"), "{soa}");
    assert!(soa.lines().any(|l| l.starts_with(&format!("| {anchor}"))), "{soa}");
    assert!(!soa.contains("<script") && !soa.contains("<img"), "{soa}");

    // The HTML page: the same anchor and link, nothing else of the ID as markup.
    for verb in ["soa", "gap"] {
        let page = doc(verb, "html");
        offline(&format!("{verb} html"), &page);
        assert!(page.contains(&anchor), "{verb}: no anchor {anchor}");
        assert!(!page.contains("<script") && !page.contains("<img"), "{verb}");
        assert!(page.contains("&lt;script&gt;"), "{verb}: the ID is shown as text");
    }
    let page = doc("soa", "html");
    assert!(page.contains(&format!("href=\"#{fragment}\"")), "the reason links to the annex");
    // The report's risk section anchors the entry too.
    let report = doc("gap", "markdown");
    assert!(report.contains(&anchor), "{report}");
}

#[test]
fn the_key_facts_are_a_definition_list_in_the_title_block() {
    let page = html("soa", "fintech-ai-provider");
    let header = page.split("<header class=\"title-block\">").nth(1).unwrap().split("</header>").next().unwrap();
    assert!(header.contains("<dl class=\"facts\">"), "{header}");
    assert!(header.contains("<dt><strong>Organisation</strong></dt><dd>"), "{header}");
    assert!(!header.contains("<thead>"), "no empty header row: {header}");
    // The fintech example's SoA cites its risks, and links them.
    assert!(page.contains("<h2 id=\"risks-treated\">Risks treated</h2>"));
    assert!(page.contains("<a href=\"#risk-r-03\">R-03</a>") && page.contains("<a id=\"risk-r-03\"></a>"));
}

/// With more than a dozen per-system controls the systems × controls table of the HTML report scrolled sideways on
/// a 1280-pixel screen; it is now a matrix whose control IDs run upwards, so that it fits the page.
#[test]
fn a_per_system_table_with_many_controls_fits_the_page() {
    for name in ["healthtech-provider", "fintech-ai-provider"] {
        let page = html("gap", name);
        let at = page.find("<div class=\"table matrix\">").unwrap_or_else(|| panic!("{name}: no matrix"));
        let table = &page[at..at + page[at..].find("</table>").unwrap()];
        assert!(table.contains("<th>System</th>") && table.matches("<th").count() > 12, "{name}: {table}");
    }
    let css = include_str!("../src/render/html/style.css");
    assert!(css.contains(".matrix th:not(:first-child)") && css.contains("writing-mode: vertical-rl"));
    // A narrow table keeps level headers.
    let page = html("soa", "saas-ai-customer");
    assert!(!page.contains("table matrix"));
}

/// A recipient who prints one page of a confidential document still sees its marking: the marking heads every
/// printed page and the title is at its foot, as CSS strings that workspace text cannot break out of.
#[test]
fn the_confidentiality_marking_heads_every_printed_page_and_cannot_break_out_of_its_string() {
    let page = html("gap", "fintech-ai-provider");
    assert!(
        page.contains("@top-center { content: \"Confidential\\3a  prepared for Northwind Lending plc\\3b  not for"),
        "no running marking"
    );
    assert!(
        page.contains("@bottom-left { content: \"Northwind Lending plc\\3a  ISO\\2f IEC 42001"),
        "no running title"
    );

    let hostile = "Secret\"; } </style><script>alert(1)</script> \\ \n end";
    let toml = format!("[report]\nconfidentiality = {}\n", serde_json::to_string(hostile).unwrap());
    let dir = common::workspace(&[
        ("organisation.yaml", common::ORGANISATION),
        ("systems/scoring.yaml", SYSTEM),
        ("aims.toml", &toml),
    ]);
    let ws = dir.path().to_str().unwrap();
    for verb in ["gap", "soa", "plan"] {
        let page = stdout(&[verb, ws, "--as-of", AS_OF, "--format", "html"], &[0, 1]);
        offline(&format!("{verb} html"), &page);
        let start = page.find("@top-center { content: \"").unwrap_or_else(|| panic!("{verb}: no running marking"));
        let string = &page[start + "@top-center { content: \"".len()..];
        let string = &string[..string.find('"').unwrap()];
        assert!(string.starts_with("Secret\\22 "), "{verb}: {string}");
        assert!(string.ends_with(" end"), "{verb}: the string ended early: {string}");
        assert!(!string.contains(['<', '>', '\n', ';', '}']), "{verb}: {string}");
        assert!(!page.contains("<script"), "{verb}");
    }
}

/// The SoA's control table had its columns sized by the browser from their content: the justification, the longest
/// prose, came out about ten characters wide at 1280 pixels and in print, every row ran to eight or ten lines and the
/// fintech example's SoA printed to fifteen pages. The table now has fixed column widths with the justification the
/// widest, its headers never break inside a word, and it may use more of a wide screen than the text around it.
#[test]
fn soa_justification_column_is_readable() {
    let page = html("soa", "fintech-ai-provider");
    // The controls' table, after the front matter's.
    let at = page[..page.find(">Justification<").expect("the SoA has a table")].rfind("<thead>").unwrap();
    let head = &page[at..at + page[at..].find("</thead>").unwrap()];
    let columns: Vec<&str> = head.split("<th>").skip(1).map(|h| h.split("</th>").next().unwrap()).collect::<Vec<_>>();
    assert_eq!(columns.len(), 8, "{head}");
    assert_eq!(columns[4], "Justification", "{head}");

    let css = include_str!("../src/render/html/style.css");
    let table = ".doc-soa table:has(> thead > tr > th:nth-child(8))";
    assert!(css.contains(".doc-soa .table:has(> table > thead > tr > th:nth-child(8)) table { table-layout: fixed; }"));
    let width = |n: usize| -> f64 {
        let rule = format!("{table} th:nth-child({n}) {{ width: ");
        let at = css.find(&rule).unwrap_or_else(|| panic!("no width for column {n}")) + rule.len();
        css[at..].split('%').next().unwrap().parse().unwrap()
    };
    let widths: Vec<f64> = (1..=8).map(width).collect();
    assert!((widths.iter().sum::<f64>() - 100.0).abs() < 0.01, "the columns fill the table: {widths:?}");
    let justification = widths[4];
    assert!(justification >= 20.0, "the justification has a fifth of the width at least: {widths:?}");
    assert!(widths.iter().all(|w| *w <= justification), "the justification is the widest column: {widths:?}");
    assert!(css.contains(&format!("{table} th {{ overflow-wrap: normal; }}")), "headers break between words only");
    // The page carries the same style sheet.
    assert!(page.contains("table-layout: fixed"));
}

/// The SoA and the plan were titled "Statement of Applicability" and "Remediation plan" alone, in the page's title
/// too, while the report and the workbook name the organisation. Both name it now, in both voices and in Markdown and
/// HTML, escaped like all workspace text.
#[test]
fn soa_and_plan_titles_name_the_organisation() {
    let dir = tempfile::tempdir().unwrap();
    let ws = dir.path().join("ws");
    common::copy_dir(Path::new(&example("fintech-ai-provider")), &ws);
    let org = ws.join("organisation.yaml");
    let text = std::fs::read_to_string(&org).unwrap();
    std::fs::write(&org, text.replacen("name: Northwind Lending plc", "name: \"Northwind <b>*Lending*</b> & Co\"", 1))
        .unwrap();
    let ws = ws.to_str().unwrap();
    for (verb, title) in [("soa", "Statement of Applicability"), ("plan", "Remediation plan")] {
        for audience in ["client", "practitioner"] {
            let args = |format: &'static str| [verb, ws, "--as-of", AS_OF, "--format", format, "--audience", audience];
            let markdown = stdout(&args("markdown"), &[0, 1]);
            let h1 = markdown.lines().find(|l| l.starts_with("# ")).unwrap();
            assert_eq!(h1, format!("# {title}: Northwind &lt;b>\\*Lending\\*&lt;/b> & Co"), "{verb} {audience}");
            let page = stdout(&args("html"), &[0, 1]);
            let name = "Northwind &lt;b&gt;*Lending*&lt;/b&gt; &amp; Co";
            assert!(page.contains(&format!("<title>{title}: {name}</title>")), "{verb} {audience}: {page}");
            assert!(page.contains(&format!("\">{title}: {name}</h1>")), "{verb} {audience}");
            assert!(!page.contains("<b>*Lending"), "{verb} {audience}: the name is text, not markup");
        }
    }
    // The examples, as they are.
    for verb in ["soa", "plan"] {
        let page = html(verb, "saas-ai-customer");
        assert!(page.contains(": Brightdesk Software Ltd</title>"), "{verb}");
    }
}

/// The figure of chart `name` in `page`.
fn figure<'a>(page: &'a str, name: &str) -> Option<&'a str> {
    let at = page.find(&format!("<figure class=\"chart chart-{name}\""))?;
    Some(&page[at..at + page[at..].find("</figure>")?])
}

/// The scores a radar chart writes beside its axes (bold), in the order of its axes.
fn radar_values(figure: &str) -> Vec<String> {
    figure
        .split("<tspan font-weight=\"bold\">")
        .skip(1)
        .map(|v| v.split("</tspan>").next().unwrap().to_string())
        .collect()
}

/// The Score column (the third) of the first table after the heading `id`.
fn table_scores(page: &str, id: &str) -> Vec<String> {
    let at = page.find(&format!("id=\"{id}\"")).unwrap_or_else(|| panic!("no section {id}"));
    let body = &page[at..];
    let body = &body[body.find("<tbody>").unwrap()..body.find("</tbody>").unwrap()];
    body.split("<tr>")
        .skip(1)
        .map(|row| {
            let cell = row.split("<td").nth(3).unwrap();
            // A score's note ("(1 of 2 assessed)") is on a line of its own in the table.
            cell[cell.find('>').unwrap() + 1..cell.find("</td>").unwrap()].replace("<br>", " ")
        })
        .collect()
}

/// A radar axis whose clause or objective had only some of its requirements assessed looked exactly like a fully
/// assessed one (the saas example's "10 Improvement 100.0%", one of two assessed). Its point is hollow now, its label
/// and text alternative say "(1 of 2 assessed)" as the table does, and a legend says what a hollow point means.
#[test]
fn a_partly_assessed_radar_axis_is_marked_and_says_how_many_are_assessed() {
    let page = html("gap", "saas-ai-customer");
    let chart = figure(&page, "clauses").expect("a clause radar");
    assert!(chart.contains("<tspan font-weight=\"bold\">100.0% (1 of 2 assessed)</tspan>"), "{chart}");
    assert!(
        chart.contains(
            "fill=\"#ffffff\" stroke=\"#1f5f99\" stroke-width=\"2\"><title>10 Improvement: 100.0% (1 of 2 assessed)"
        ),
        "the partly assessed axis has a hollow point: {chart}"
    );
    let desc = chart.split("<desc").nth(1).unwrap().split("</desc>").next().unwrap();
    assert!(desc.contains("10 Improvement 100.0% (1 of 2 assessed)") && desc.contains("hollow point"), "{desc}");
    assert!(chart.contains(">partly assessed (score over those assessed)</text>"), "a legend: {chart}");
    // A fully assessed axis keeps its filled point.
    assert!(chart.contains("r=\"3.5\" fill=\"#1f5f99\"><title>5 Leadership: 83.3%</title>"), "{chart}");
}

/// A radar axis with nothing assessed was labelled "n/a", which reads as "not applicable", beside a table that says
/// "not assessed". It says "not assessed" now, has no point, and no line of the shape passes through it.
#[test]
fn a_radar_axis_with_nothing_assessed_says_not_assessed_not_n_a() {
    let page = html("gap", "us-federal-sample");
    let chart = figure(&page, "objectives").expect("an objective radar");
    assert!(!chart.contains("n/a"), "{chart}");
    assert!(chart.contains("A.2 Policies related to AI <tspan font-weight=\"bold\">not assessed</tspan>"), "{chart}");
    assert!(!chart.contains("<title>A.2 Policies related to AI:"), "no point for an axis without a score: {chart}");
    assert_eq!(chart.matches("<polygon").count(), 4, "the rings only, no shape through the axes without a score");
    assert!(chart.contains(">no point: none assessed</text>"), "{chart}");
}

/// The numbers a radar chart shows are those of the table behind it, word for word, in every example.
#[test]
fn every_radar_chart_shows_the_scores_of_its_table() {
    for name in ["fintech-ai-provider", "healthtech-provider", "saas-ai-customer", "us-federal-sample"] {
        let page = html("gap", name);
        for (chart, section) in [("clauses", "scores-by-clause"), ("objectives", "scores-by-annex-a-objective")] {
            let Some(figure) = figure(&page, chart) else { continue };
            assert_eq!(radar_values(figure), table_scores(&page, section), "{name} {chart}");
        }
    }
}

/// Radar labels ran past the chart's edge once the score carried "(3 of 4 assessed)"; the score now takes a line of
/// its own when it does not fit after the label, and each line beside the chart stays short.
#[test]
fn a_long_radar_label_wraps_inside_the_chart() {
    let page = html("gap", "us-federal-sample");
    let chart = figure(&page, "objectives").unwrap();
    assert!(chart.contains(">A.5 Assessing impacts of AI</tspan>"), "{chart}");
    assert!(chart.contains(">systems <tspan font-weight=\"bold\">0.0% (3 of 4 assessed)</tspan>"), "{chart}");
    for text in chart
        .split("<text")
        .skip(1)
        .filter(|t| t.contains("text-anchor=\"start\"") || t.contains("text-anchor=\"end\""))
    {
        let text = text.split("</text>").next().unwrap();
        for line in text.split("<tspan x=") {
            let plain: String = line.split('<').map(|p| p.split_once('>').map_or(p, |(_, t)| t)).collect();
            assert!(plain.chars().count() <= 36, "a line beside the radar too long for its side: {plain:?}");
        }
    }
}

/// The EU AI Act chart cut its longest line of articles with "…"; the articles now wrap onto more lines, an
/// article's number never parted from its "Art.".
#[test]
fn a_long_eu_deadline_detail_wraps_instead_of_being_cut() {
    let page = html("gap", "fintech-ai-provider");
    let chart = figure(&page, "eu-deadlines").expect("an EU AI Act chart");
    assert!(!chart.contains('…'), "{chart}");
    assert!(chart.contains("Art.\u{a0}73"), "the last article is shown: {chart}");
    assert!(chart.matches("<tspan x=\"138.0\"").count() >= 3, "{chart}");
}

/// The EU AI Act chart said "in 1 days" the day before a deadline, and so did the crosswalk's table; both say "1 day".
#[test]
fn one_day_before_an_eu_deadline_the_documents_say_1_day_not_1_days() {
    let dir = example("saas-ai-customer");
    let page = stdout(&["gap", &dir, "--as-of", "2026-12-01", "--format", "html"], &[0, 1]);
    let chart = figure(&page, "eu-deadlines").expect("an EU AI Act chart");
    assert!(chart.contains("from this date, in 1 day<") || chart.contains("from this date, in 1 day;"), "{chart}");
    assert!(!page.contains(" 1 days"), "the page says \"1 days\"");
    for format in ["markdown", "json", "csv"] {
        let out = stdout(&["gap", &dir, "--as-of", "2026-12-01", "--format", format], &[0, 1]);
        assert!(!out.contains(" 1 days"), "gap {format}");
    }
    let table = stdout(&["crosswalk", &dir, "--as-of", "2026-12-01", "--format", "table"], &[0, 1]);
    assert!(table.contains("in 1 day ") && !table.contains("in 1 days"), "{table}");
}

/// The plan's Due column never wrapped ("2026-09-30 overdue", "see action 14" on one line), which squeezed the
/// Action column, the one the reader acts on. The due cell now wraps between its words (a date itself stays whole)
/// and the Action column has the width.
#[test]
fn the_plan_s_due_column_wraps_and_the_action_column_has_the_width() {
    let css = include_str!("../src/render/html/style.css");
    assert!(!css.contains(".doc-plan td:nth-child(6) { white-space: nowrap; }"), "the due cell may wrap");
    let table = ".doc-plan table:has(> thead > tr > th:nth-child(7))";
    assert!(css.contains(&format!("{table} th:nth-child(4) {{ width: 25%; }}")), "the action column is wide");
    assert!(css.contains(&format!("{table} th:nth-child(6) {{ width: 5em; }}")), "the due column is narrow");
    let page = html("plan", "fintech-ai-provider");
    assert!(page.contains("<th>Action</th><th>Owner</th><th>Due</th>"));
    assert!(
        page.contains("<td><span class=\"date\">2026-09-30</span> <strong>overdue</strong></td>"),
        "a date stays whole"
    );
    assert!(
        page.contains(".doc-plan table:has(> thead > tr > th:nth-child(7)) th:nth-child(4)"),
        "the page has the rule"
    );
}

/// Printed, a requirement's heading could end a page with its status line at the top of the next. The heading and
/// the paragraph after it are one block now that a page does not split.
#[test]
fn a_requirement_heading_stays_with_its_status_line_on_the_printed_page() {
    let page = html("gap", "fintech-ai-provider");
    let at = page.find("<h3 id=\"614-ai-system-impact-assessment\">").expect("the requirement's heading");
    assert!(page[..at].ends_with("<div class=\"keep\">\n"), "{}", &page[at - 200..at + 300]);
    let block = &page[at..at + page[at..].find("</div>").unwrap()];
    assert!(block.contains("<p><strong>Status: Partially compliant</strong>"), "{block}");
    assert!(block.matches("<p>").count() == 1, "the heading's block holds its status line only: {block}");
    assert!(page.contains(".keep { break-inside: avoid; page-break-inside: avoid; }"));
    // Every requirement of the section "Requirements not met" is kept with its status line, in every document.
    for name in ["healthtech-provider", "saas-ai-customer", "us-federal-sample"] {
        let page = html("gap", name);
        let section = &page[page.find("id=\"requirements-not-met\"").unwrap()..];
        let section = &section[..section.find("<h2").unwrap_or(section.len())];
        let headings = section.matches("<h3 ").count();
        assert!(headings > 0, "{name}");
        assert_eq!(section.matches("<div class=\"keep\">\n<h3 ").count(), headings, "{name}");
    }
    for verb in ["soa", "plan"] {
        offline(verb, &html(verb, "fintech-ai-provider"));
    }
}

/// The number in `attribute="…"` of an SVG element's tag.
fn svg_number(tag: &str, attribute: &str) -> Option<f64> {
    tag.split(&format!(" {attribute}=\"")).nth(1)?.split('"').next()?.parse().ok()
}

#[test]
fn a_due_date_at_the_end_of_a_month_is_drawn_inside_its_own_month_on_the_plan_timeline() {
    for name in ["saas-ai-customer", "healthtech-provider", "fintech-ai-provider", "us-federal-sample"] {
        let page = html("plan", name);
        let svg = page.split("<figure class=\"chart chart-roadmap\"").nth(1).expect("a roadmap").split("</svg>").next();
        let tags: Vec<&str> = svg.unwrap().split('<').skip(1).collect();
        // The axis: the short tick lines below the lanes, each at the start of a period.
        let mut ticks: Vec<f64> = tags
            .iter()
            .filter(|t| t.starts_with("line "))
            .filter(|t| {
                let (y1, y2) = (svg_number(t, "y1").unwrap(), svg_number(t, "y2").unwrap());
                y2 > y1 && y2 - y1 <= 8.0
            })
            .map(|t| svg_number(t, "x1").unwrap())
            .collect();
        ticks.sort_by(f64::total_cmp);
        assert!(ticks.len() >= 2, "{name}: the axis has ticks");
        // The axis's labels: the text of size 10 under it.
        let labels: Vec<(f64, &str)> = tags
            .iter()
            .filter(|t| t.starts_with("text ") && t.contains("font-size=\"10\""))
            .filter_map(|t| Some((svg_number(t, "x")?, t.split('>').nth(1)?)))
            .filter(|(_, label)| label.len() > 4)
            .collect();
        let mut seen = 0;
        for dot in tags.iter().filter(|t| t.starts_with("circle ")) {
            // The due date, from the dot's tooltip ("#12 A.6.2.4 …: due 2027-01-31").
            let Some(title) = tags.iter().skip_while(|t| *t != dot).nth(1).filter(|t| t.starts_with("title>")) else {
                continue;
            };
            let Some(due) = title.split("due ").nth(1).and_then(|d| d.get(..10)) else { continue };
            let month = format!(
                "{} {}",
                ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
                    [due[5..7].parse::<usize>().unwrap() - 1],
                &due[..4]
            );
            let x = svg_number(dot, "cx").unwrap();
            let left = ticks.iter().copied().rfind(|t| *t <= x);
            let right = ticks.iter().copied().find(|t| *t > x);
            let (Some(left), Some(right)) = (left, right) else {
                panic!("{name}: the dot due {due} at x {x} lies outside the axis's ticks {ticks:?}")
            };
            let under: Vec<&str> = labels.iter().filter(|(lx, _)| *lx > left && *lx < right).map(|l| l.1).collect();
            // On a monthly axis the period the dot sits in is labelled with the month of its due date.
            if labels.iter().all(|(_, l)| !l.starts_with('Q') && l.contains(' ')) {
                assert_eq!(
                    under,
                    [month.as_str()],
                    "{name}: the action due {due} (x {x}) is drawn between the ticks at {left} and {right}, under \
                     {under:?}; labels {labels:?}"
                );
            }
            seen += usize::from(due.ends_with("-31") || due.ends_with("-30") || due.ends_with("-29"));
        }
        if name == "saas-ai-customer" {
            assert!(seen >= 9, "{name}: the end-of-month actions are drawn ({seen})");
            let january = labels.iter().find(|l| l.1 == "Jan 2027").expect("a Jan 2027 period").0;
            let february = labels.iter().find(|l| l.1 == "Feb 2027").expect("a Feb 2027 period").0;
            assert!(january < february);
        }
    }
}

/// The segments the scores of a radar draw: its shaded shape's edges or the lines between neighbouring points.
fn radar_lines(tags: &[&str]) -> Vec<((f64, f64), (f64, f64))> {
    let mut segments = Vec::new();
    for tag in tags {
        if tag.starts_with("polygon ") && tag.contains("fill-opacity") {
            let points: Vec<(f64, f64)> = tag
                .split("points=\"")
                .nth(1)
                .unwrap()
                .split('"')
                .next()
                .unwrap()
                .split(' ')
                .map(|p| {
                    let (x, y) = p.split_once(',').unwrap();
                    (x.parse().unwrap(), y.parse().unwrap())
                })
                .collect();
            for (i, a) in points.iter().enumerate() {
                segments.push((*a, points[(i + 1) % points.len()]));
            }
        } else if tag.starts_with("line ") && tag.contains("stroke=\"#1f5f99\"") {
            let n = |a| svg_number(tag, a).unwrap();
            segments.push(((n("x1"), n("y1")), (n("x2"), n("y2"))));
        }
    }
    segments
}

#[test]
fn a_radar_s_ring_labels_are_not_drawn_on_the_scores_lines_or_points() {
    for name in ["fintech-ai-provider", "saas-ai-customer", "healthtech-provider", "us-federal-sample"] {
        let page = html("gap", name);
        for chart in ["chart-clauses", "chart-objectives"] {
            let Some(figure) = page.split(&format!("<figure class=\"chart {chart}\"")).nth(1) else { continue };
            let tags: Vec<&str> = figure.split("</svg>").next().unwrap().split('<').skip(1).collect();
            let segments = radar_lines(&tags);
            let points: Vec<(f64, f64)> = tags
                .iter()
                .filter(|t| t.starts_with("circle ") && !t.contains("/>"))
                .map(|t| (svg_number(t, "cx").unwrap(), svg_number(t, "cy").unwrap()))
                .collect();
            let rings: Vec<(&str, f64, f64, bool)> = tags
                .iter()
                .filter(|t| t.starts_with("text ") && t.contains("font-size=\"10\""))
                .filter_map(|t| {
                    let label = t.split('>').nth(1)?;
                    let ring = ["25%", "50%", "75%", "100%"].into_iter().find(|r| *r == label)?;
                    Some((ring, svg_number(t, "x")?, svg_number(t, "y")?, t.contains("text-anchor=\"middle\"")))
                })
                .collect();
            assert_eq!(rings.len(), 4, "{name} {chart}: four ring labels");
            for (ring, x, y, middle) in rings {
                // The label's box: about 6 units a character, 10 tall above its baseline, and a unit of margin.
                let w = ring.len() as f64 * 6.0;
                let left = if middle { x - w / 2.0 } else { x };
                let inside = |(px, py): (f64, f64), pad: f64| {
                    px >= left - 1.0 - pad && px <= left + w + 1.0 + pad && py >= y - 9.0 - pad && py <= y + 2.0 + pad
                };
                for &(cx, cy) in &points {
                    assert!(
                        !inside((cx, cy), 3.5),
                        "{name} {chart}: the {ring} label at ({x}, {y}) covers the point ({cx}, {cy})"
                    );
                }
                for &((x1, y1), (x2, y2)) in &segments {
                    let hit = (0..=100)
                        .map(|k| f64::from(k) / 100.0)
                        .find(|t| inside((x1 + (x2 - x1) * t, y1 + (y2 - y1) * t), 0.0));
                    assert!(
                        hit.is_none(),
                        "{name} {chart}: the {ring} label at ({x}, {y}) lies on the scores' line ({x1}, {y1})-({x2}, {y2})"
                    );
                }
            }
        }
    }
}

#[test]
fn a_partly_assessed_score_in_a_table_wraps_under_its_number_instead_of_overflowing_its_column() {
    let page = html("gap", "saas-ai-customer");
    assert!(
        page.contains("<td style=\"text-align: right\">100.0%<br>(1 of 2 assessed)</td>"),
        "the Scores by clause row of clause 10 puts its note under its score"
    );
    for name in ["saas-ai-customer", "fintech-ai-provider", "healthtech-provider", "us-federal-sample"] {
        let page = html("gap", name);
        for cell in page.split("<td style=\"text-align: right\">").skip(1).map(|c| c.split("</td>").next().unwrap()) {
            assert!(!cell.contains("% ("), "{name}: a score and its note on one line: {cell}");
        }
    }
}

/// The print style sheet's rule for `selector`, as the page holds it (`None` when it has none).
fn print_rule<'a>(page: &'a str, selector: &str) -> Option<&'a str> {
    let style = page.split("<style>").nth(1)?.split("</style>").next()?;
    let print = style.split("@media print {").nth(1)?;
    let at = print.find(&format!("{selector} {{"))?;
    print[at..].split('}').next()
}

/// Printed, the fintech report's "EU AI Act" heading and its summary stayed alone at the foot of a page, 40% of it
/// blank, while the timeline they introduce went on to the next. A section's heading, its lead-in and the chart after
/// them now keep together, and a printed chart is at most 95 mm tall (two fifths of a page), so that it fits below them.
#[test]
fn a_heading_and_its_summary_are_not_left_at_the_foot_of_a_page_whose_chart_went_on_to_the_next() {
    let page = html("gap", "fintech-ai-provider");
    let at = page.find("<h2 id=\"eu-ai-act\">").expect("the EU AI Act section");
    assert!(page[..at].ends_with("<div class=\"keep\">\n"), "the heading is kept with its first paragraph");
    let section = &page[at..];
    let figure = section.find("<figure class=\"chart chart-eu-deadlines\"").expect("the timeline");
    let between = &section[section.find("</div>\n").unwrap() + 7..figure];
    assert!(
        between.starts_with("<p>") && between.ends_with("</p>\n") && between.matches("<p>").count() == 1,
        "one lead-in paragraph between the heading's block and the chart: {between}"
    );
    let keep = print_rule(&page, ":is(.keep, h2, h3, h4) + p:has(+ figure.chart)").expect("a rule for the lead-in");
    assert!(keep.contains("break-after: avoid-page"), "{keep}");
    for name in ["fintech-ai-provider", "healthtech-provider", "saas-ai-customer", "us-federal-sample"] {
        for verb in ["gap", "soa", "plan"] {
            let page = html(verb, name);
            let chart = print_rule(&page, "figure.chart svg").expect("a print height for charts");
            let mm: f64 = chart.split("max-height: ").nth(1).unwrap().split("mm").next().unwrap().parse().unwrap();
            assert!(mm <= 100.0, "{name} {verb}: a printed chart may be {mm} mm tall");
        }
    }
}

/// Printed, the SoA's first page was half blank: its chart did not fit below the title block and went on to page 2.
/// The chart's bars are closer, it is drawn at most 52 mm tall with its caption beside it on the landscape page, and
/// the title block's key facts go two to a row there, the long scope on a row of its own.
#[test]
fn the_soa_chart_shares_the_first_printed_page_with_the_title_block() {
    for name in ["fintech-ai-provider", "healthtech-provider", "saas-ai-customer", "us-federal-sample"] {
        let page = html("soa", name);
        let facts = page.split("<dl class=\"facts\">").nth(1).unwrap().split("</dl>").next().unwrap();
        assert!(
            facts.contains(
                "<dt class=\"wide\"><strong>Scope of the AI management system</strong></dt><dd class=\"wide\">"
            ),
            "{name}: the scope is marked as a long fact: {facts}"
        );
        // Long facts (the scope, the implementation status's sentence) take a row each; short ones share rows.
        assert!(facts.contains("<dt><strong>Organisation</strong></dt>"), "{name}: a short fact is not wide: {facts}");
        let grid = print_rule(&page, "body.doc-soa .title-block dl.facts").expect("two facts to a row");
        assert_eq!(grid.matches("minmax(").count(), 4, "{grid}");
        assert!(print_rule(&page, "body.doc-soa .title-block dl.facts dd.wide").is_some_and(|r| r.contains("2 / -1")));
        let svg = page.split("<figure class=\"chart chart-soa\"").nth(1).unwrap();
        let height: f64 = svg
            .split("viewBox=\"0 0 ")
            .nth(1)
            .unwrap()
            .split('"')
            .next()
            .unwrap()
            .split(' ')
            .nth(1)
            .unwrap()
            .parse()
            .unwrap();
        assert!(height <= 300.0, "{name}: the SoA chart is {height} units tall");
        let soa = print_rule(&page, "figure.chart-soa svg").expect("the SoA chart's printed height");
        assert!(soa.contains("max-height: 52mm"), "{soa}");
        assert!(print_rule(&page, "figure.chart-soa").is_some_and(|r| r.contains("display: flex")));
    }
}
