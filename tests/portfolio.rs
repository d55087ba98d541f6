//! `aims portfolio`: one summary across many workspaces, run through the real binary on the examples, with an
//! invalid workspace among valid ones, twice for determinism, and with hostile names.

mod common;

use common::{EXAMPLES, aims, err};

const AS_OF: &str = "2026-12-31";
fn portfolio(extra: &[&str], format: &str) -> std::process::Output {
    let mut args = vec!["portfolio", "--as-of", AS_OF, "--format", format];
    args.extend_from_slice(extra);
    aims(&args)
}

fn out(o: &std::process::Output) -> String {
    String::from_utf8(o.stdout.clone()).unwrap()
}

#[test]
fn the_examples_render_in_every_format_in_the_order_given() {
    for format in ["table", "markdown", "html", "json"] {
        let o = portfolio(&EXAMPLES, format);
        assert_eq!(o.status.code(), Some(0), "{format}: {}", err(&o));
        let text = out(&o);
        let positions: Vec<usize> = ["Northwind Lending", "Meridale Health", "Brightdesk Software", "US federal"]
            .iter()
            .map(|name| text.find(name).unwrap_or_else(|| panic!("{format}: {name} missing")))
            .collect();
        assert!(positions.windows(2).all(|w| w[0] < w[1]), "{format}: rows out of the given order");
    }
    let json: serde_json::Value = serde_json::from_str(&out(&portfolio(&EXAMPLES, "json"))).unwrap();
    assert_eq!(json["schema_version"], 3);
    assert_eq!(json["as_of"], AS_OF);
    assert_eq!(json["invalid"], 0);
    let first = &json["workspaces"][0];
    assert_eq!(first["folder"], "examples/fintech-ai-provider");
    assert_eq!(first["state"], "assessed");
    assert_eq!(first["organisation"], "Northwind Lending plc");
    assert!(first["score"].is_number());
    assert!(first["counts"]["compliant"].is_number());
    assert!(["ready", "at_risk", "not_ready"].contains(&first["stage_1"].as_str().unwrap()));
    assert!(first["top_gaps"].as_array().unwrap().len() <= 3);
    assert_eq!(json["workspaces"][1]["target_audit_date"], "2027-03-01");

    let page = out(&portfolio(&EXAMPLES, "html"));
    common::html::offline("portfolio", &page);
    assert!(page.contains("chart-scores"), "the HTML page has no chart of the scores");
}

#[test]
fn an_invalid_workspace_is_reported_and_the_others_are_still_summarised() {
    let broken = common::workspace(&[("organisation.yaml", "name: [unclosed\n")]);
    let broken_dir = broken.path().to_str().unwrap();
    for format in ["table", "markdown", "html", "json"] {
        let o = portfolio(&[EXAMPLES[0], broken_dir, EXAMPLES[2]], format);
        assert_eq!(o.status.code(), Some(2), "{format}");
        let text = out(&o);
        assert!(text.contains("invalid: 1 error") || text.contains("\"state\": \"invalid\""), "{format}: {text}");
        assert!(text.contains("Northwind Lending") && text.contains("Brightdesk Software"), "{format}");
        let stderr = err(&o);
        assert!(stderr.contains(&format!("aims: workspace {broken_dir}: 1 error")), "{stderr}");
        assert!(!stderr.contains("fintech"), "a valid workspace is named among the errors: {stderr}");
    }
    let json: serde_json::Value = serde_json::from_str(&out(&portfolio(&[EXAMPLES[0], broken_dir], "json"))).unwrap();
    assert_eq!(json["invalid"], 1);
    assert_eq!(json["workspaces"][1]["state"], "invalid");
    assert_eq!(json["workspaces"][1]["errors"], 1);
    assert!(json["workspaces"][1].get("score").is_none());
}

#[test]
fn the_same_workspaces_give_the_same_bytes() {
    for format in ["table", "markdown", "html", "json"] {
        assert_eq!(out(&portfolio(&EXAMPLES, format)), out(&portfolio(&EXAMPLES, format)), "{format}");
    }
}

#[test]
fn a_list_file_names_the_workspaces_relative_to_itself() {
    let root = std::env::current_dir().unwrap();
    let list = tempfile::tempdir().unwrap();
    let text = format!("# clients\n{}\n\n{}\n", root.join(EXAMPLES[2]).display(), root.join(EXAMPLES[0]).display());
    std::fs::write(list.path().join("clients.txt"), text).unwrap();
    let path = list.path().join("clients.txt");
    let o = portfolio(&["--list", path.to_str().unwrap()], "markdown");
    assert_eq!(o.status.code(), Some(0), "{}", err(&o));
    let md = out(&o);
    assert!(md.find("Brightdesk").unwrap() < md.find("Northwind").unwrap());
}

#[test]
fn output_never_overwrites_a_file_of_any_workspace() {
    let target = format!("{}/organisation.yaml", EXAMPLES[1]);
    let before = std::fs::read(&target).unwrap();
    let o = portfolio(&[EXAMPLES[0], EXAMPLES[1], "--output", &target], "markdown");
    assert_eq!(o.status.code(), Some(2));
    assert_eq!(std::fs::read(&target).unwrap(), before);
    let dir = tempfile::tempdir().unwrap();
    let list = dir.path().join("clients.txt");
    let root = std::env::current_dir().unwrap();
    std::fs::write(&list, format!("{}\n", root.join(EXAMPLES[0]).display())).unwrap();
    let l = list.to_str().unwrap();
    let o = portfolio(&["--list", l, "--output", l], "markdown");
    assert_eq!(o.status.code(), Some(2), "the list file was overwritten");
    assert!(std::fs::read_to_string(&list).unwrap().ends_with("fintech-ai-provider\n"));
    let file = dir.path().join("portfolio.html");
    let o = aims(&["portfolio", "--as-of", AS_OF, EXAMPLES[0], "--output", file.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0), "{}", err(&o));
    assert!(std::fs::read_to_string(&file).unwrap().starts_with("<!DOCTYPE html>"));
}

#[test]
fn hostile_names_are_escaped_in_every_format() {
    let parent = tempfile::tempdir().unwrap();
    let dir = parent.path().join("client|<b>x</b>");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(
        dir.join("organisation.yaml"),
        "name: \"Evil | <script>alert(1)</script> \\e[31m Ltd\"\naims_scope: All AI systems\nai_roles: [customer]\n",
    )
    .unwrap();
    let d = dir.to_str().unwrap();
    let md = out(&portfolio(&[d], "markdown"));
    assert!(!md.contains("<script>") && !md.contains("<b>"), "{md}");
    assert!(!md.contains("Evil | "), "a pipe breaks the Markdown table: {md}");
    let page = out(&portfolio(&[d], "html"));
    assert!(!page.contains("<script>") && !page.contains("<b>x"), "raw HTML on the page");
    common::html::offline("hostile portfolio", &page);
    let table = out(&portfolio(&[d], "table"));
    assert!(!table.contains('\u{1b}'), "an escape sequence reaches the terminal");
    let json: serde_json::Value = serde_json::from_str(&out(&portfolio(&[d], "json"))).unwrap();
    assert!(json["workspaces"][0]["organisation"].as_str().unwrap().contains("<script>"));
}

#[test]
fn no_workspace_is_a_usage_error() {
    let o = aims(&["portfolio"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(err(&o).contains("no workspace given"));
}

/// A portfolio line names every EU AI Act obligation not met that binds now and every one of the next date, as
/// the workspace's own gap report has them: one article standing for 44 obligations, or Art. 5 alone when Art. 50(2)
/// falls due the same day, hid what matters.
#[test]
fn eu_obligations_not_met_agree_with_each_workspaces_gap_report() {
    // Late enough that every obligation applies: nothing lies ahead, and what is open binds now.
    for as_of in [AS_OF, "2031-01-01"] {
        for example in EXAMPLES {
            let o = aims(&["portfolio", "--as-of", as_of, "--format", "json", example]);
            assert_eq!(o.status.code(), Some(0), "{example}: {}", err(&o));
            let json: serde_json::Value = serde_json::from_str(&out(&o)).unwrap();
            let row = &json["workspaces"][0];
            let g = aims(&["gap", "--as-of", as_of, "--format", "json", example]);
            let gap: serde_json::Value = serde_json::from_str(&out(&g)).unwrap();
            let eu = &gap["eu_ai_act"];
            let systems = eu["systems"].as_array().map(Vec::as_slice).unwrap_or_default();
            let open: Vec<&serde_json::Value> = eu["organisation"]
                .as_array()
                .into_iter()
                .flatten()
                .chain(
                    systems.iter().filter(|s| s["in_scope"] == true).flat_map(|s| s["obligations"].as_array().unwrap()),
                )
                .filter(|o| !["supported", "recorded"].contains(&o["state"].as_str().unwrap()))
                .collect();
            let expect = |chosen: Vec<&&serde_json::Value>| -> serde_json::Value {
                if chosen.is_empty() {
                    return serde_json::Value::Null;
                }
                let mut articles: Vec<&str> = chosen.iter().map(|o| o["article"].as_str().unwrap()).collect();
                articles.sort_by(|a, b| aims::ids::natural_cmp(a, b));
                articles.dedup();
                serde_json::json!({"obligations": chosen.len(), "articles": articles})
            };
            let got = |field: &str| -> serde_json::Value {
                let v = &row[field];
                if v.is_null() {
                    v.clone()
                } else {
                    serde_json::json!({"obligations": v["obligations"], "articles": v["articles"]})
                }
            };
            let now: Vec<_> = open.iter().filter(|o| o["applies_now"] == true).collect();
            assert_eq!(got("eu_open_now"), expect(now), "{example} at {as_of}: in force, not met");
            let next_date = open
                .iter()
                .filter(|o| o["days_left"].as_i64().unwrap() > 0)
                .map(|o| o["applies_from"].as_str().unwrap())
                .min();
            let next: Vec<_> = open
                .iter()
                .filter(|o| {
                    o["days_left"].as_i64().unwrap() > 0 && Some(o["applies_from"].as_str().unwrap()) == next_date
                })
                .collect();
            assert_eq!(got("next_eu_deadline"), expect(next), "{example} at {as_of}: the next date");
            assert_eq!(row["next_eu_deadline"]["applies_from"].as_str(), next_date, "{example} at {as_of}");
        }
    }
}

/// The portfolio gathers several organisations' confidential assessments: it carries a marking of its own at its
/// top (and so on every printed page of the HTML), which `--confidentiality` replaces.
#[test]
fn the_portfolio_carries_its_own_confidentiality_marking() {
    let md = out(&portfolio(&EXAMPLES, "markdown"));
    assert!(md.contains("\n\n**Confidential: holds the assessments of 4 organisations**\n\n"), "{md}");
    let html = out(&portfolio(&EXAMPLES, "html"));
    assert!(html.contains("@top-center { content: \"Confidential"), "the printed pages carry it");
    let o = aims(&[
        "portfolio",
        "--as-of",
        AS_OF,
        "--format",
        "json",
        "--confidentiality",
        "Acme Consulting: internal",
        EXAMPLES[0],
    ]);
    let json: serde_json::Value = serde_json::from_str(&out(&o)).unwrap();
    assert_eq!(json["confidentiality"], "Acme Consulting: internal");
}

/// A consultant reads the portfolio, not the plans' internal action IDs: each overdue action is named in the plan's
/// words with its owner and due date, each section carries its workspace's confidentiality marking, and a theme
/// that was never assessed says so instead of counting as "unmet".
#[test]
fn overdue_actions_are_named_in_the_plans_words_not_by_id() {
    let json: serde_json::Value = serde_json::from_str(&out(&portfolio(&EXAMPLES, "json"))).unwrap();
    let fintech = &json["workspaces"][0];
    let overdue = fintech["overdue"].as_array().unwrap();
    assert!(!overdue.is_empty(), "the fintech example has overdue actions");
    let markdown = out(&portfolio(&EXAMPLES, "markdown"));
    for a in overdue {
        let id = a["id"].as_str().unwrap();
        let action = a["action"].as_str().unwrap();
        assert!(!markdown.contains(id), "the Markdown names the action ID {id}");
        assert!(markdown.contains(action), "the Markdown does not name the action {action:?}");
        assert!(markdown.contains(&format!("due {}", a["due"].as_str().unwrap())));
    }
    for e in json["workspaces"].as_array().unwrap() {
        if let Some(marking) = e["confidentiality"].as_str() {
            assert!(markdown.contains(&format!("**{marking}**")), "marking {marking:?} missing");
        }
    }
    let federal = json["workspaces"].as_array().unwrap().iter().find(|e| e["folder"] == EXAMPLES[3]).unwrap();
    for gap in federal["top_gaps"].as_array().unwrap() {
        let text = gap["text"].as_str().unwrap();
        assert!(markdown.contains(text), "{text:?} missing");
    }
    assert!(!markdown.contains(" unmet\n"), "a theme is summed up as a bare count of unmet requirements");
}

/// The portfolio's bar chart wrote "69.1%" beside a workspace whose table row says "69.1% (55 of 56 assessed)", and
/// "n/a" where the table says "not assessed"; each bar now carries the table's words, and a score over only some of
/// the requirements is an outlined, lighter bar.
#[test]
fn the_portfolio_chart_shows_each_score_as_its_table_does() {
    let page = out(&portfolio(&EXAMPLES, "html"));
    let at = page.find("<figure class=\"chart chart-scores\"").expect("the chart");
    let chart = &page[at..at + page[at..].find("</figure>").unwrap()];
    let markdown = out(&portfolio(&EXAMPLES, "markdown"));
    let mut partly = 0;
    for row in markdown.lines().filter(|l| l.starts_with("| examples/")) {
        let score = row.split(" | ").nth(2).unwrap();
        assert!(chart.contains(&format!(">{score}</text>")), "the chart lacks {score:?}: {chart}");
        partly += usize::from(score.contains(" assessed)"));
    }
    assert!(partly > 0, "an example is partly assessed");
    assert_eq!(chart.matches("fill=\"#c6dbef\" stroke=\"#1f5f99\"").count(), partly, "{chart}");
    assert!(!chart.contains("n/a"), "{chart}");
}

/// The day before a workspace's target audit, the portfolio said "2027-03-01 (1 days)"; it says "(1 day)".
#[test]
fn a_target_audit_one_day_ahead_reads_1_day_not_1_days() {
    let o = aims(&["portfolio", "--as-of", "2027-02-28", "--format", "markdown", EXAMPLES[1]]);
    let text = out(&o);
    assert!(text.contains("2027-03-01 (1 day)"), "{text}");
    assert!(!text.contains("(1 days)"), "{text}");
}
