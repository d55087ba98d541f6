//! Crosswalks: the bundled link data against the catalogue and its sources, `aims crosswalk` on the examples (with
//! their coverage figures pinned), the gap report's EU AI Act section, `aims controls ID` links, and the EU AI Act
//! findings of the assessment.

mod common;

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use aims::catalogue::{Catalogue, Kind};
use aims::views::crosswalk::{self, Crosswalks, Framework};
use aims::workspace::{EuAiActRole, Status};
use common::*;

const EXAMPLES: [&str; 2] = ["examples/saas-ai-customer", "examples/fintech-ai-provider"];
const FRAMEWORKS: [&str; 3] = ["eu-ai-act", "nist-ai-rmf", "iso27001"];
const FORMATS: [&str; 4] = ["table", "markdown", "json", "csv"];

fn data() -> &'static Crosswalks {
    Crosswalks::bundled().expect("bundled crosswalk data")
}

fn crosswalk(dir: &str, framework: &str, format: &str) -> String {
    let output = aims(&["crosswalk", dir, "--framework", framework, "--format", format, "--as-of", AS_OF]);
    assert_eq!(output.status.code(), Some(0), "{}", String::from_utf8_lossy(&output.stderr));
    assert!(output.stderr.is_empty(), "{}", String::from_utf8_lossy(&output.stderr));
    String::from_utf8(output.stdout).unwrap()
}

fn json(dir: &str, framework: &str) -> serde_json::Value {
    serde_json::from_str(&crosswalk(dir, framework, "json")).unwrap()
}

fn item<'a>(items: &'a serde_json::Value, id: &str) -> &'a serde_json::Value {
    items.as_array().unwrap().iter().find(|i| i["id"] == id).unwrap_or_else(|| panic!("no item {id}"))
}

// ----- the data -------------------------------------------------------------------------------------------------

#[test]
fn every_linked_requirement_exists_in_the_catalogue() {
    let catalogue = Catalogue::bundled().unwrap();
    let data = data();
    data.check(&catalogue).expect("every ID and selector resolves");
    // And the check does bite: an unknown ID is refused.
    let mut broken = data.clone();
    broken.nist[0].links[0].requirement = "A.11.2".to_string();
    assert!(broken.check(&catalogue).unwrap_err().to_string().contains("A.11.2"));
}

#[test]
fn nist_ai_rmf_has_all_72_subcategories_and_280_links() {
    let data = data();
    assert_eq!(data.nist.len(), 72);
    assert_eq!(data.nist.iter().map(|s| s.links.len()).sum::<usize>(), 280);
    let mut per_function: BTreeMap<&str, usize> = BTreeMap::new();
    for s in &data.nist {
        *per_function.entry(s.id.split(' ').next().unwrap()).or_default() += 1;
        assert!(!s.links.is_empty(), "{} has no link", s.id);
        let unique: BTreeSet<&str> = s.links.iter().map(|l| l.requirement.as_str()).collect();
        assert_eq!(unique.len(), s.links.len(), "{} links a requirement twice", s.id);
        assert!(s.label.len() <= 60, "{}: keep labels short", s.id);
    }
    assert_eq!(per_function, BTreeMap::from([("GOVERN", 19), ("MANAGE", 13), ("MAP", 18), ("MEASURE", 22)]));
    // GOVERN 1.1 ... 6.2 in the framework's order, no gaps in the numbering within a category.
    let govern: Vec<&str> = data.nist.iter().take(7).map(|s| s.id.as_str()).collect();
    assert_eq!(
        govern,
        ["GOVERN 1.1", "GOVERN 1.2", "GOVERN 1.3", "GOVERN 1.4", "GOVERN 1.5", "GOVERN 1.6", "GOVERN 1.7"]
    );
    assert_eq!(data.nist.iter().filter(|s| s.id.starts_with("MEASURE 2.")).count(), 13);
}

#[test]
fn nist_annex_b_references_read_as_annex_a_and_every_slip_follows_the_one_rule_printed_id_wins() {
    let data = data();
    let links = |id: &str| -> Vec<(String, String)> {
        let s = data.nist.iter().find(|s| s.id == id).unwrap();
        s.links.iter().map(|l| (l.printed.clone(), l.requirement.clone())).collect()
    };
    for s in &data.nist {
        for l in &s.links {
            // The rule of the data file's header: the printed ID is the link, whatever title is printed beside it;
            // only an ID that names no requirement ("72") is repaired.
            match l.printed.strip_prefix("B.") {
                Some(rest) => assert_eq!(l.requirement, format!("A.{rest}"), "{}", s.id),
                None if l.printed == "72" => assert_eq!((s.id.as_str(), l.requirement.as_str()), ("GOVERN 2.1", "7.2")),
                None => assert_eq!(l.requirement, l.printed, "{}", s.id),
            }
        }
    }
    // "B.2.2 Customers" and "B.3.2 Management review inputs": both keep their printed ID, neither follows its title.
    assert!(links("MAP 1.4").contains(&("B.2.2".into(), "A.2.2".into())));
    assert!(!links("MAP 1.4").iter().any(|(_, r)| r == "A.10.4"));
    assert!(links("GOVERN 3.2").contains(&("B.3.2".into(), "A.3.2".into())));
    assert!(!links("GOVERN 3.2").iter().any(|(_, r)| r == "9.3.2"));
    assert_eq!(links("MAP 1.5"), [("6.1.1".to_string(), "6.1.1".to_string())]);
    assert!(links("GOVERN 2.1").contains(&("72".into(), "7.2".into())));
    // Each correction is noted in the data file's header.
    let header = std::fs::read_to_string("controls/crosswalks/nist-ai-rmf-1.0-to-iso42001.csv").unwrap();
    for slip in ["MAP 1.4", "GOVERN 3.2", "MAP 1.5", "GOVERN 2.1"] {
        assert!(header.lines().any(|l| l.starts_with("# - ") && l.contains(slip)), "{slip} correction not noted");
    }
    assert!(header.contains("the printed ID is the link"), "the rule is stated in the header");
}

#[test]
fn the_single_link_subcategories_named_as_weak_are_the_ones_in_the_data() {
    let data = data();
    let single: Vec<&str> = data.nist.iter().filter(|s| s.links.len() == 1).map(|s| s.id.as_str()).collect();
    assert_eq!(single, ["GOVERN 1.7", "GOVERN 2.2", "MAP 1.5", "MEASURE 2.2"]);
    let weak = data.framework(Framework::NistAiRmf).weak_spots.join(" ");
    for id in single {
        assert!(weak.contains(id), "{id}");
    }
}

#[test]
fn eu_ai_act_links_and_role_obligations() {
    let data = data();
    assert_eq!(data.articles.iter().map(|a| a.per_control.len()).sum::<usize>(), 50);
    let articles =
        |role: EuAiActRole| -> Vec<String> { data.roles.iter().find(|r| r.role == role).unwrap().articles.clone() };
    let provider =
        ["Art. 9", "Art. 10", "Art. 11", "Art. 12", "Art. 13", "Art. 14", "Art. 15", "Art. 17", "Art. 72", "Art. 73"];
    assert_eq!(articles(EuAiActRole::Provider), provider);
    assert_eq!(articles(EuAiActRole::Deployer), ["Art. 26", "Art. 27"]);
    // Art. 14 rests on one control, and the data says it is weak.
    let art14 = data.article("Art. 14").unwrap();
    assert_eq!(art14.controls, ["A.4.6"]);
    assert!(art14.clauses.is_empty());
    assert!(art14.note.as_deref().unwrap().starts_with("Weak"));
    // The consensus controls and the per-control list agree wherever both exist.
    for a in data.articles.iter().filter(|a| !a.controls.is_empty()) {
        let consensus: BTreeSet<&String> = a.controls.iter().collect();
        let per_control: BTreeSet<&String> = a.per_control.iter().collect();
        assert_eq!(consensus, per_control, "{}", a.article);
    }
    // Annex III dates come from the Digital Omnibus, with their status and original date.
    let annex_iii = data.date_for("high_risk_annex_iii").unwrap();
    assert_eq!(annex_iii.date.to_string(), "2027-12-02");
    assert_eq!(annex_iii.original.unwrap().to_string(), "2026-08-02");
    assert!(data.dates.statuses[&annex_iii.status].contains("Digital Omnibus"));
    assert_eq!(data.date_for("high_risk_annex_i").unwrap().date.to_string(), "2028-08-02");
}

#[test]
fn iso27001_clauses_4_to_10_share_the_numbering() {
    let data = data();
    let catalogue = Catalogue::bundled().unwrap();
    assert_eq!(data.iso27001.len(), 30);
    assert!(data.iso27001.iter().all(|c| c.id == c.requirement));
    let linked: BTreeSet<&str> = data.iso27001.iter().map(|c| c.requirement.as_str()).collect();
    let only_42001: Vec<&str> = catalogue
        .requirements()
        .filter(|r| r.kind == Kind::Clause && !linked.contains(r.id.as_str()))
        .map(|r| r.id.as_str())
        .collect();
    assert_eq!(only_42001, ["6.1.4", "8.4"]);
}

#[test]
fn every_data_file_names_its_source_and_licence() {
    for entry in std::fs::read_dir("controls/crosswalks").unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_str().unwrap().to_string();
        if name == "README.md" {
            continue;
        }
        let text = std::fs::read_to_string(&path).unwrap();
        let header: String = text.lines().take_while(|l| l.starts_with('#')).collect::<Vec<_>>().join("\n");
        let lower = header.to_lowercase();
        assert!(header.starts_with("# aims crosswalk data:"), "{name}: header");
        assert!(lower.contains("source"), "{name} names no source");
        if name.ends_with(".csv") {
            assert!(lower.contains("licen") || lower.contains("copyright") || lower.contains("facts"), "{name}");
        }
        let readme = std::fs::read_to_string("controls/crosswalks/README.md").unwrap();
        assert!(readme.contains(&format!("`{name}`")), "{name} is not listed in controls/crosswalks/README.md");
    }
    let eu = std::fs::read_to_string("controls/crosswalks/iso42001-to-eu-ai-act.csv").unwrap();
    assert!(eu.contains("Copyright (c) 2026 Jesse van de Kasteele") && eu.contains("Permission is hereby granted"));
}

// ----- aims crosswalk on the examples ----------------------------------------------------------------------------

#[test]
fn eu_ai_act_view_of_the_deployer_example() {
    let v = json("examples/saas-ai-customer", "eu-ai-act");
    assert_eq!(v["schema_version"], 2);
    assert_eq!(v["framework"], "eu-ai-act");
    assert_eq!(v["summary"]["items"], 14);
    assert_eq!(v["summary"]["coverage"], 59.7);
    let items = &v["items"];
    assert_eq!(item(items, "Art. 14")["coverage"], 50.0);
    assert_eq!(item(items, "Art. 26")["coverage"], 81.3);
    assert_eq!(item(items, "Art. 50")["coverage"], 0.0);
    assert_eq!(item(items, "Art. 15")["support"], "no_figure");
    assert_eq!(item(items, "Art. 17")["links"].as_array().unwrap().len(), 36);

    // The per-system obligations are the assessment's (the same value as the gap report's `eu_ai_act`).
    let o = &v["eu_ai_act"]["obligations"];
    let cv = o["systems"].as_array().unwrap().iter().find(|s| s["id"] == "cv-screening").unwrap();
    assert_eq!(cv["roles"], serde_json::json!(["deployer"]));
    let ids: Vec<&str> = cv["obligations"].as_array().unwrap().iter().map(|o| o["id"].as_str().unwrap()).collect();
    // Recruitment (Annex III 4(a)) by a private company: no Art. 27; used at the workplace: Art. 26(7).
    assert_eq!(ids, ["art-26-use", "art-26-2", "art-26-6", "art-26-7", "art-26-11"]);
    let first = &cv["obligations"][0];
    assert_eq!((first["applies_from"].as_str(), first["days_left"].as_i64()), (Some("2027-12-02"), Some(370)));
    // Per-system controls count with the system's own status: A.6.2.6 is met for cv-screening, not for all.
    let support = first["support"].as_array().unwrap();
    let a626 = support.iter().find(|s| s["requirement"] == "A.6.2.6").unwrap();
    assert_eq!(a626["status"], "compliant");
    let status = |items: &serde_json::Value, id: &str| -> String {
        item(items, "Art. 26")["links"].as_array().unwrap().iter().find(|l| l["requirement"] == id).unwrap()["status"]
            .as_str()
            .unwrap()
            .to_string()
    };
    assert_eq!(status(items, "A.6.2.6"), "partially_compliant");
    let dates = v["eu_ai_act"]["dates"].as_array().unwrap();
    assert!(dates.iter().any(|d| d["date"] == "2027-12-02" && d["status"] == "amended"));
}

#[test]
fn eu_ai_act_view_of_the_provider_example() {
    let v = json("examples/fintech-ai-provider", "eu-ai-act");
    assert_eq!(v["summary"]["coverage"], 77.3);
    assert_eq!(v["summary"]["supported"], 2);
    let o = &v["eu_ai_act"]["obligations"];
    let credit = o["systems"].as_array().unwrap().iter().find(|s| s["id"] == "credit-scoring").unwrap();
    assert_eq!(credit["roles"], serde_json::json!(["provider", "deployer"]));
    let ids: Vec<&str> = credit["obligations"].as_array().unwrap().iter().map(|o| o["id"].as_str().unwrap()).collect();
    for expected in ["art-9", "art-14", "art-43", "art-49", "art-26-use", "art-26-2", "art-27"] {
        assert!(ids.contains(&expected), "{expected}: {ids:?}");
    }
    let org: Vec<&str> = o["organisation"].as_array().unwrap().iter().map(|o| o["id"].as_str().unwrap()).collect();
    assert_eq!(org, ["art-4", "art-5-screening", "art-5-screening-intimate-imagery", "art-17"]);
    // The organisation-wide A.6.2.8 is non-compliant (the chatbot logs nothing), but credit scoring logs.
    assert_eq!(item(&v["items"], "Art. 12")["coverage"], 25.0);
    let chatbot = o["systems"].as_array().unwrap().iter().find(|s| s["id"] == "support-chatbot").unwrap();
    assert_eq!(chatbot["obligations"][0]["state"], "supported");
}

#[test]
fn nist_and_iso27001_views_pin_their_coverage() {
    let expected = [
        ("examples/saas-ai-customer", "nist-ai-rmf", 61.2),
        ("examples/fintech-ai-provider", "nist-ai-rmf", 76.6),
        ("examples/saas-ai-customer", "iso27001", 69.0),
        ("examples/fintech-ai-provider", "iso27001", 86.7),
    ];
    for (dir, framework, coverage) in expected {
        let v = json(dir, framework);
        assert_eq!(v["summary"]["coverage"], coverage, "{dir} {framework}");
        assert!(v.get("eu_ai_act").is_none());
    }
    let v = json("examples/fintech-ai-provider", "nist-ai-rmf");
    assert_eq!(v["summary"]["items"], 72);
    let links: usize = v["items"].as_array().unwrap().iter().map(|i| i["links"].as_array().unwrap().len()).sum();
    assert_eq!(links, 280);
    assert_eq!(item(&v["items"], "GOVERN 1.3")["coverage"], 100.0);
    assert_eq!(item(&v["items"], "GOVERN 2.1")["coverage"], 64.3);

    let v = json("examples/fintech-ai-provider", "iso27001");
    assert_eq!(v["summary"]["items"], 30);
    let only: Vec<&str> =
        v["only_in_iso42001"].as_array().unwrap().iter().map(|l| l["requirement"].as_str().unwrap()).collect();
    assert_eq!(only, ["6.1.4", "8.4"]);
}

#[test]
fn every_view_says_alignment_not_conformity_and_where_42001_is_weak() {
    for dir in EXAMPLES {
        for framework in FRAMEWORKS {
            for format in ["table", "markdown", "json"] {
                // Words only: the table wraps lines anywhere.
                let text = crosswalk(dir, framework, format).split_whitespace().collect::<Vec<_>>().join(" ");
                assert!(text.contains("Alignment, not conformity"), "{dir} {framework} {format}");
                let lower = text.to_lowercase();
                assert!(lower.contains("human oversight") && text.contains("Art. 14"), "{dir} {framework} {format}");
            }
        }
    }
}

#[test]
fn table_output_fits_80_columns_and_every_format_is_deterministic() {
    for dir in EXAMPLES {
        for framework in FRAMEWORKS {
            for format in FORMATS {
                let first = crosswalk(dir, framework, format);
                assert_eq!(first, crosswalk(dir, framework, format), "{dir} {framework} {format}");
                if format == "table" {
                    for line in first.lines() {
                        assert!(line.chars().count() <= 80, "{dir} {framework}: {line}");
                    }
                }
            }
        }
    }
}

#[test]
fn csv_has_one_row_per_link() {
    let text = crosswalk("examples/fintech-ai-provider", "nist-ai-rmf", "csv");
    let mut reader = csv::ReaderBuilder::new().from_reader(text.as_bytes());
    let header: Vec<String> = reader.headers().unwrap().iter().map(str::to_string).collect();
    assert_eq!(header[..4], ["framework", "system", "item", "item_title"]);
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), 280);
    assert!(rows.iter().all(|r| r.len() == 10 && &r[0] == "nist-ai-rmf"));

    let text = crosswalk("examples/saas-ai-customer", "eu-ai-act", "csv");
    let mut reader = csv::ReaderBuilder::new().from_reader(text.as_bytes());
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    let for_system = rows.iter().filter(|r| &r[1] == "cv-screening").count();
    // Art. 26: nine links, and A.6.2.8 beside A.6.2.6 for keeping logs (26(6)); Art. 27: six.
    assert_eq!(for_system, 10 + 6, "Art. 26 and Art. 27 links for cv-screening");
    assert!(rows.iter().any(|r| &r[2] == "Art. 14" && &r[6] == "A.6.2.6" && &r[9] == "no"), "also-cited link");
}

#[test]
fn csv_cells_that_a_spreadsheet_would_run_are_defused() {
    let assessment = assess_dir(Path::new("examples/fintech-ai-provider"));
    let mut report = crosswalk::report(data(), &assessment, Framework::Iso27001, as_of()).unwrap();
    report.items[0].title = "\t=HYPERLINK(\"http://x\")".to_string();
    report.items[1].title = "-2+3, \"quoted\"".to_string();
    let text = aims::render::crosswalk::csv(&report);
    let mut reader = csv::ReaderBuilder::new().from_reader(text.as_bytes());
    let titles: Vec<String> = reader.records().map(|r| r.unwrap()[3].to_string()).take(2).collect();
    assert_eq!(titles, ["'\t=HYPERLINK(\"http://x\")", "'-2+3, \"quoted\""]);
}

#[test]
fn crosswalk_views_match_snapshots() {
    for dir in EXAMPLES {
        let name = Path::new(dir).file_name().unwrap().to_str().unwrap();
        for framework in FRAMEWORKS {
            insta::assert_snapshot!(format!("crosswalk-{name}-{framework}.txt"), crosswalk(dir, framework, "table"));
        }
        insta::assert_snapshot!(format!("crosswalk-{name}-eu-ai-act.md"), crosswalk(dir, "eu-ai-act", "markdown"));
    }
}

#[test]
fn the_markdown_view_comes_from_a_template_that_a_folder_can_override() {
    let assessment = assess_dir(Path::new("examples/fintech-ai-provider"));
    let report = crosswalk::report(data(), &assessment, Framework::NistAiRmf, as_of()).unwrap();
    let builtin = aims::render::crosswalk::markdown(&report, None).unwrap();
    assert!(builtin.starts_with(&format!("# {} crosswalk\n", report.title)), "{builtin}");
    let folder = tempfile::tempdir().unwrap();
    std::fs::write(
        folder.path().join("crosswalk.md.j2"),
        "{{ r.framework }}:{% for f in functions %} {{ f.name }} {{ f.items | length }}{% endfor %}\n",
    )
    .unwrap();
    let custom = aims::render::crosswalk::markdown(&report, Some(folder.path())).unwrap();
    assert_eq!(custom, "nist-ai-rmf: GOVERN 19 MAP 18 MEASURE 22 MANAGE 13\n");
}

// ----- the gap report and aims controls --------------------------------------------------------------------------

#[test]
fn gap_report_has_an_eu_ai_act_card_per_high_risk_or_art_50_system() {
    for (dir, cards) in [
        ("examples/saas-ai-customer", &["cv-screening"][..]),
        ("examples/fintech-ai-provider", &["credit-scoring", "loan-assistant", "support-chatbot"][..]),
    ] {
        let output = aims(&["gap", dir, "--format", "markdown", "--as-of", AS_OF, "--audience", "practitioner"]);
        let text = String::from_utf8(output.stdout).unwrap();
        let section = text.split("## EU AI Act\n").nth(1).expect("EU AI Act section").split("\n## ").next().unwrap();
        assert!(section.contains("alignment, not conformity"));
        assert!(section.contains("2027-12-02 (370 days left)"), "{section}");
        assert!(section.contains("Art. 4 AI literacy"));
        let shown: Vec<&str> =
            text.split("### EU AI Act card: `").skip(1).map(|t| t.split('`').next().unwrap()).collect();
        assert_eq!(shown, cards, "{dir}");
        assert!(text.find("## EU AI Act").unwrap() < text.find("## Requirements not met").unwrap());
    }
    let minimal = "id: tool\nname: Tool\npurpose: Summarises\nowner: Support\nlifecycle_stage: operation\nai_role: customer\neu_ai_act:\n  roles: [deployer]\n  classifications: [minimal]\n";
    let dir = workspace(&[("organisation.yaml", ORGANISATION), ("systems/tool.yaml", minimal)]);
    let output = aims(&["gap", dir.path().to_str().unwrap(), "--format", "markdown", "--as-of", AS_OF]);
    let text = String::from_utf8(output.stdout).unwrap();
    assert!(text.contains("## EU AI Act") && !text.contains("EU AI Act card"));
}

#[test]
fn controls_shows_links_to_other_frameworks() {
    let text = String::from_utf8(aims(&["controls", "A.4.6"]).stdout).unwrap();
    let links = text.split("## Links to other frameworks\n").nth(1).expect("links section");
    assert!(links.contains("Alignment, not conformity"));
    assert!(links.contains("- **EU AI Act:** Art. 14 Human oversight\n"));
    assert!(links.contains("- **NIST AI RMF 1.0:** GOVERN 1.6, GOVERN 3.1, GOVERN 3.2, MAP 1.2, MAP 2.1, MAP 3.4\n"));
    assert!(links.contains("Annex A of ISO/IEC 27001 is not mapped"));

    let text = String::from_utf8(aims(&["controls", "6.1.2"]).stdout).unwrap();
    assert!(text.contains("- **EU AI Act:** Art. 9 Risk management system; Art. 17 Quality management system\n"));
    assert!(text.contains("- **ISO/IEC 27001:2022:** 6.1.2 Information security risk assessment\n"));
    let text = String::from_utf8(aims(&["controls", "8.4"]).stdout).unwrap();
    assert!(text.contains("(a clause only ISO/IEC 42001 has)"));
}

// ----- EU AI Act findings --------------------------------------------------------------------------------------------

fn system_file(id: &str, tier: &str, role: &str, extra: &str) -> String {
    format!(
        "id: {id}\nname: System {id}\npurpose: Test system\nowner: Someone\nlifecycle_stage: operation\nai_role: customer\n\
         eu_ai_act:\n  role: {role}\n  risk_tier: {tier}\n  annex_iii_area: \"Annex III 4(a): recruitment\"\n{extra}"
    )
}

fn system_status(a: &aims::assess::Assessment, requirement_id: &str, system: &str) -> Status {
    requirement(a, requirement_id).systems.iter().find(|s| s.system == system).unwrap().status
}

#[test]
fn a_prohibited_practice_is_non_compliant_and_cannot_be_waived() {
    let evidence = "evidence:\n  impact_on_individuals:\n    file: evidence/ia.md\n    reviewed: 2026-06-01\n";
    let dir = workspace(&[
        ("organisation.yaml", ORGANISATION),
        ("systems/emotion-watch.yaml", &system_file("emotion-watch", "prohibited", "deployer", evidence)),
        ("evidence/ia.md", "# Impact\n"),
        (
            "aims.toml",
            "[[waiver]]\nrequirement = \"A.5.4\"\nsystem = \"emotion-watch\"\nreason = \"Later\"\nowner = \"CEO\"\nexpires = 2027-06-30\n",
        ),
    ]);
    let a = assess_dir(dir.path());
    let r = requirement(&a, "A.5.4");
    assert_eq!(r.status, Status::NonCompliant);
    assert_eq!(r.score, Some(0.0));
    assert!(!r.waived, "a prohibited practice is never an accepted gap");
    assert_eq!(codes(r), ["eu-prohibited-practice", "soa-justification-missing"]);
    assert_eq!(r.findings[0].system.as_deref(), Some("emotion-watch"));
    assert_eq!(r.findings[0].location.as_ref().unwrap().file, "systems/emotion-watch.yaml");
    let s = r.systems.iter().find(|s| s.system == "emotion-watch").unwrap();
    assert_eq!((s.status, s.waived), (Status::NonCompliant, false));
    assert_eq!(a.systems[0].statuses["A.5.4"], Status::NonCompliant, "the system's own statuses follow");

    // It shows at the top of the EU AI Act section of the gap report, and as an error in SARIF.
    let dir_text = dir.path().to_str().unwrap();
    let args = ["gap", dir_text, "--format", "markdown", "--as-of", AS_OF, "--audience", "practitioner"];
    let report = String::from_utf8(aims(&args).stdout).unwrap();
    assert!(report.contains("### `emotion-watch` System emotion-watch"), "{report}");
    assert!(report.contains("Art. 5(1) Stop a prohibited AI practice"), "{report}");
    let sarif = String::from_utf8(aims(&["gap", dir_text, "--format", "sarif", "--as-of", AS_OF]).stdout).unwrap();
    let sarif: serde_json::Value = serde_json::from_str(&sarif).unwrap();
    let result = sarif["runs"][0]["results"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["ruleId"] == "eu-prohibited-practice")
        .expect("SARIF result");
    assert_eq!(result["level"], "error");
}

#[test]
fn a_high_risk_system_without_what_the_act_relies_on_is_flagged() {
    // No impact assessment, no human oversight, logging excluded with a reason: three flags.
    let extra = "evidence:\n  intended_use:\n    file: evidence/use.md\n    reviewed: 2026-06-01\nexclusions:\n  - requirement: \"A.6.2.8\"\n    justification: The vendor keeps the logs\n";
    let dir = workspace(&[
        ("organisation.yaml", ORGANISATION),
        ("systems/hiring.yaml", &system_file("hiring", "high_risk", "deployer", extra)),
        ("evidence/use.md", "# Intended use\n"),
    ]);
    let a = assess_dir(dir.path());
    let eu_codes = |id: &str| -> Vec<&str> {
        requirement(&a, id).findings.iter().map(|f| f.code.as_str()).filter(|c| c.starts_with("eu-")).collect()
    };
    assert_eq!(eu_codes("A.5.3"), ["eu-high-risk-gap"]);
    assert_eq!(eu_codes("A.9.4"), ["eu-high-risk-gap"]);
    assert_eq!(eu_codes("A.6.2.8"), ["eu-high-risk-gap"]);
    let message = &requirement(&a, "A.9.4").findings.iter().find(|f| f.code == "eu-high-risk-gap").unwrap().message;
    assert!(message.contains("human oversight") && message.contains("Art. 26(2)"), "{message}");
    // The record for A.9.4 exists, so only the EU flag lowers it; the exclusion of A.6.2.8 does not hold.
    assert_eq!(system_status(&a, "A.9.4", "hiring"), Status::PartiallyCompliant);
    assert_eq!(system_status(&a, "A.6.2.8", "hiring"), Status::PartiallyCompliant);
    assert_eq!(system_status(&a, "A.5.3", "hiring"), Status::NonCompliant);
    assert_eq!(requirement(&a, "A.9.4").score, Some(50.0));

    // A provider hears about the provider's articles; an importer is not flagged at all.
    let dir = workspace(&[
        ("organisation.yaml", ORGANISATION),
        ("systems/made.yaml", &system_file("made", "high_risk", "provider", "")),
        ("systems/imported.yaml", &system_file("imported", "high_risk", "importer", "")),
    ]);
    let a = assess_dir(dir.path());
    let flags: Vec<(&str, &str)> = a
        .requirements
        .iter()
        .flat_map(|r| r.findings.iter().filter(|f| f.code == "eu-high-risk-gap").map(move |f| (r.id.as_str(), f)))
        .map(|(id, f)| (id, f.system.as_deref().unwrap()))
        .collect();
    assert_eq!(flags, [("A.5.3", "made"), ("A.6.2.8", "made"), ("A.9.4", "made")]);
    let logging = requirement(&a, "A.6.2.8").findings.iter().find(|f| f.code == "eu-high-risk-gap").unwrap();
    assert!(logging.message.contains("Art. 12"));
}

#[test]
fn the_examples_raise_exactly_their_planted_eu_ai_act_findings() {
    /// A finding: requirement, code and system.
    type Planted = (&'static str, &'static str, Option<&'static str>);
    let expected: [(&str, &[Planted]); 3] = [
        (
            "examples/saas-ai-customer",
            &[
                ("7.2", "eu-literacy-unsupported", None),
                ("7.3", "eu-literacy-unsupported", None),
                ("A.8.5", "eu-workers-not-informed", Some("cv-screening")),
            ],
        ),
        (
            "examples/fintech-ai-provider",
            &[
                ("7.2", "eu-literacy-unsupported", None),
                ("7.3", "eu-literacy-unsupported", None),
                // Nora writes its answers (synthetic text, Art. 50(2)) and records no machine-readable marking.
                ("A.8.2", "eu-disclosure-missing", Some("support-chatbot")),
                // loan-assistant has no event log record, but it is still being designed: A.6.2.8 is due from
                // deployment (docs/scoring.md), so the high-risk shortfall is not raised yet.
            ],
        ),
        ("examples/us-federal-sample", &[]),
    ];
    for (dir, planted) in expected {
        let a = assess_dir(Path::new(dir));
        let eu: Vec<(&str, &str, Option<&str>)> = a
            .requirements
            .iter()
            .flat_map(|r| r.findings.iter().map(move |f| (r.id.as_str(), f)))
            .filter(|(_, f)| f.code.as_str().starts_with("eu-"))
            .map(|(id, f)| (id, f.code.as_str(), f.system.as_deref()))
            .collect();
        assert_eq!(eu, planted, "{dir}");
    }
}
