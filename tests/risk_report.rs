//! The risk register in the gap report: the "Risks and impact assessments" section in both voices, the HTML risk
//! heat map with the counts the assessment decided, and hostile risk titles kept as text.

mod common;

use common::{AS_OF, ORGANISATION, aims, workspace};

const FINTECH: &str = "examples/fintech-ai-provider";

fn report(args: &[&str]) -> String {
    let output = aims(args);
    assert!(output.status.success(), "{args:?}: {}", String::from_utf8_lossy(&output.stderr));
    String::from_utf8(output.stdout).unwrap()
}

#[test]
fn the_fintech_report_shows_its_risks_overdue_treatments_and_impact_assessments() {
    let md = report(&["gap", FINTECH, "--as-of", AS_OF, "--format", "markdown"]);
    let start = md.find("## Risks and impact assessments").expect("the report has a risk section");
    let section = &md[start..start + md[start..].find("\n## ").unwrap()];
    assert!(section.contains("holds 9 risks"), "{section}");
    assert!(section.contains("### Risks above the acceptance threshold"), "{section}");
    // R-14's treatment action is overdue and its residual rating is above the threshold without acceptance.
    let r14 =
        section.lines().find(|l| l.starts_with("| <a id=\"risk-r-14\"></a>R-14 ") && l.contains("**not accepted**"));
    assert!(r14.is_some(), "{section}");
    let overdue = &section[section.find("### Overdue treatment actions").expect("overdue actions")..];
    assert!(overdue.contains("Log every conversation"), "{overdue}");
    assert!(overdue.contains("| [R-14](#risk-r-14) A conversation"), "links to the risk's row: {overdue}");
    assert!(section.contains("| possible | 0 | 0 | **1** | **4** | 0 |"), "the inherent grid: {section}");
    assert!(section.contains("Nora, customer support assistant | AI Risk Committee, 2026-07-21 | yes"), "{section}");
    // The client voice names no file; the practitioner voice locates each risk.
    assert!(!section.contains("risks.yaml"), "{section}");
    let md = report(&["gap", FINTECH, "--as-of", AS_OF, "--format", "markdown", "--audience", "practitioner"]);
    assert!(md.contains("`R-14` A conversation cannot be reconstructed"), "practitioner voice shows IDs as code");
    assert!(md.contains("`risks.yaml:"), "practitioner voice locates the risks");
}

#[test]
fn the_fintech_html_report_holds_the_risk_heat_map_with_the_right_counts() {
    let html = report(&["gap", FINTECH, "--as-of", AS_OF, "--format", "html"]);
    let start = html.find("chart-risk-heat-map").expect("a risk heat map");
    let figure = &html[start..start + html[start..].find("</figure>").unwrap()];
    assert!(figure.contains("role=\"img\""));
    assert!(figure.contains("<title id=\"risk-heat-map-title\">"));
    let desc = &figure[figure.find("<desc").unwrap()..figure.find("</desc>").unwrap()];
    for words in [
        "Before treatment, 9 risks rated: likely × major 2, likely × severe 2, possible × moderate 1, possible × major 4.",
        "After treatment, 9 risks rated: possible × moderate 1, possible × major 3, unlikely × minor 1, unlikely × \
         moderate 2, unlikely × major 1, unlikely × severe 1.",
        "A rating above 6",
    ] {
        assert!(desc.contains(words), "{words} not in {desc}");
    }
    // The numbers drawn in the cells add up to the register, twice (before and after treatment).
    let drawn: u32 = figure
        .split("font-size=\"16\" font-weight=\"bold\" fill=\"#1f2933\">")
        .skip(1)
        .map(|s| s[..s.find('<').unwrap()].parse::<u32>().unwrap())
        .sum();
    assert_eq!(drawn, 18);
    // The threshold is drawn.
    assert!(figure.contains("stroke-width=\"3\""));
    // The table behind the chart is in the page too.
    assert!(html.contains("Before treatment: likelihood"));
}

#[test]
fn hostile_risk_titles_stay_text_in_the_markdown_and_the_html() {
    let system = "id: scoring\nname: Scoring model\npurpose: Scores\nowner: Head of Risk\nlifecycle_stage: \
                  operation\nai_role: provider\n";
    let risks = "risks:\n  - id: R-1\n    title: \"<script>alert(1)</script> | [x](javascript:alert(1)) **bold**\"\n    \
                 systems: [scoring]\n    owner: \"<img src=x onerror=alert(1)>\"\n    inherent: {likelihood: 5, \
                 consequence: 5}\n    reviewed: 2026-10-01\n";
    let dir = workspace(&[
        ("organisation.yaml", ORGANISATION),
        ("aims.toml", "[risk]\nacceptors = [\"Chief Risk Officer\"]\n"),
        ("systems/scoring.yaml", system),
        ("risks.yaml", risks),
    ]);
    let path = dir.path().to_str().unwrap();
    let md = report(&["gap", path, "--as-of", AS_OF, "--format", "markdown"]);
    let row = md.lines().find(|l| l.starts_with("| <a id=\"risk-r-1\"></a>R-1 ")).expect("the risk's row");
    assert!(!row.contains("<script>"), "{row}");
    assert!(!row.contains("[x](javascript:"), "the link is escaped: {row}");
    assert_eq!(row.matches(" | ").count(), 5, "the title's pipe does not open a column: {row}");
    let html = report(&["gap", path, "--as-of", AS_OF, "--format", "html"]);
    assert!(!html.contains("<script"), "no script element");
    assert!(!html.contains("<img"), "no image element");
    assert!(!html.contains("href=\"javascript:"), "no javascript link");
    assert!(html.contains("chart-risk-heat-map"));
}

#[test]
fn the_eu_section_of_a_large_inventory_counts_systems_instead_of_listing_them() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("ws");
    common::copy_dir(std::path::Path::new("examples/saas-ai-customer"), &root);
    let original = std::fs::read_to_string(root.join("systems/code-assistant.yaml")).unwrap();
    for i in 1..=30 {
        let copy = original
            .replace("id: code-assistant", &format!("id: code-assistant-{i}"))
            .replace("name: Stackmate code assistant", &format!("name: Stackmate code assistant {i}"));
        std::fs::write(root.join(format!("systems/code-assistant-{i}.yaml")), copy).unwrap();
    }
    let md = report(&["gap", root.to_str().unwrap(), "--as-of", AS_OF, "--format", "markdown"]);
    let start = md.find("## EU AI Act").expect("an EU AI Act section");
    let section = &md[start..start + md[start..].find("\n## ").unwrap()];
    assert!(section.contains("### AI systems by classification and role"), "{section}");
    assert!(section.contains("the \"EU AI Act obligations\" sheet of the workbook"), "{section}");
    assert!(!section.contains("### Obligations by system"), "{section}");
    assert!(!section.contains("Stackmate code assistant 7"), "no row per system: {section}");
    // 31 copies of a minimal-risk deployer, plus the example's own systems.
    let deployers = section.lines().find(|l| l.starts_with("| deployer")).expect("a deployer row");
    let n: usize = deployers.trim_end_matches(" |").rsplit("| ").next().unwrap().parse().unwrap();
    assert!(n >= 31, "{deployers}");
}
