//! The two voices of the human documents (`--audience client|practitioner`), the front matter of aims.toml
//! `[report]` and the executive summary, read as the client reads them.

mod common;

use aims::catalogue::Catalogue;
use aims::rules::Code;
use common::{AS_OF, EXAMPLES, ORGANISATION, aims, workspace};

fn ok(output: std::process::Output) -> String {
    assert!(output.status.success() || output.status.code() == Some(1), "{}", String::from_utf8_lossy(&output.stderr));
    String::from_utf8(output.stdout).unwrap()
}

/// The whole Markdown document of `verb` (`gap`, `soa`, `plan`) on the workspace `dir` in `audience`'s voice.
fn voiced(verb: &str, dir: &str, audience: &str) -> String {
    ok(aims(&[verb, dir, "--as-of", AS_OF, "--format", "markdown", "--audience", audience]))
}

/// A document as the client reads it: everything before the traceability appendix.
fn client(verb: &str, example: &str) -> String {
    let text = ok(aims(&[verb, example, "--as-of", AS_OF, "--format", "markdown"]));
    match text.find("## Appendix: traceability") {
        Some(at) => text[..at].to_string(),
        None => text,
    }
}

/// What belongs to the practitioner: rule codes in backticks, `file:line`, field names of the workspace files, the
/// settings of aims.toml and the commands of aims.
fn tool_speak(text: &str) -> Vec<String> {
    let mut found = Vec::new();
    for code in Code::ALL {
        if text.contains(&format!("`{}`", code.as_str())) || text.contains(&format!("({})", code.as_str())) {
            found.push(code.as_str().to_string());
        }
    }
    for kind in aims::workspace::EvidenceKind::ALL {
        if text.contains(&format!("`{}`", kind.as_str())) {
            found.push(kind.as_str().to_string());
        }
    }
    for word in [
        ".yaml:",
        "aims.toml",
        "assessment.yaml",
        "`reasons:`",
        "`action:`",
        "`justification",
        "[soa]",
        "[audit]",
        "target_date",
        "approved_on",
        "aims controls",
        "aims crosswalk",
        "(evidence-",
        "CI gate",
    ] {
        if text.contains(word) {
            found.push(word.to_string());
        }
    }
    // An AI system's ISO/IEC 22989 role and life-cycle stage as the workspace files write them: the client reads
    // "Provider | In operation", not "provider | operation". (EU AI Act roles are words in lower case.)
    for role in ["provider", "producer", "customer", "partner"] {
        for stage in ["concept", "design", "development", "verification", "deployment", "operation", "retired"] {
            let cells = format!("| {role} | {stage} |");
            if text.contains(&cells) {
                found.push(cells);
            }
        }
    }
    found.extend(paths_and_action_ids(text));
    found
}

/// Workspace file paths (`evidence/ai-policy.md`) and the plan's action IDs (`act-` and ten hexadecimal digits):
/// the client reads a document's title and an action's text, and finds both in the traceability appendix.
fn paths_and_action_ids(text: &str) -> Vec<String> {
    let mut found = Vec::new();
    for token in text.split(|c: char| !(c.is_ascii_alphanumeric() || "._/-".contains(c))) {
        let token = token.trim_end_matches(['.', '-']);
        if token.starts_with("//") {
            continue; // the rest of an address (https://…), which a client may well keep
        }
        let file = token.rsplit('/').next().unwrap_or_default();
        let is_path = token.contains('/')
            && file.rsplit_once('.').is_some_and(|(stem, ext)| {
                !stem.is_empty() && (2..=5).contains(&ext.len()) && ext.chars().all(|c| c.is_ascii_alphabetic())
            });
        let is_action_id = token.strip_prefix("act-").is_some_and(|hex| {
            hex.len() == 10 && hex.chars().all(|c| c.is_ascii_hexdigit() && !c.is_ascii_uppercase())
        });
        if is_path || is_action_id {
            found.push(token.to_string());
        }
    }
    found
}

#[test]
fn paths_and_action_ids_are_recognised() {
    let text = "See `evidence/ai-policy.md`, act-6d139351b3 and https://example.org/a/b.pdf; A.6.2.5/A.6.2.6 and 24/7 \
                are not paths, nor is impact-assessment.";
    assert_eq!(paths_and_action_ids(text), ["evidence/ai-policy.md", "act-6d139351b3"]);
}

#[test]
fn the_client_voice_of_every_example_has_no_tool_speak_in_its_main_body() {
    for example in EXAMPLES {
        for verb in ["gap", "soa", "plan"] {
            let text = client(verb, example);
            let found = tool_speak(&text);
            assert!(found.is_empty(), "{verb} {example} speaks the tool's language: {found:?}");
            // The HTML page is the same document: its main body names no file and no action ID either.
            let html = ok(aims(&[verb, example, "--as-of", AS_OF, "--format", "html"]));
            let body = html.split("Appendix: traceability").next().unwrap_or_default();
            let found = paths_and_action_ids(body);
            assert!(found.is_empty(), "{verb} {example} HTML names files or action IDs: {found:?}");
        }
    }
}

#[test]
fn the_practitioner_voice_keeps_codes_locations_and_settings_inline() {
    let example = "examples/saas-ai-customer";
    let practitioner =
        ok(aims(&["gap", example, "--as-of", AS_OF, "--format", "markdown", "--audience", "practitioner"]));
    let client = ok(aims(&["gap", example, "--as-of", AS_OF, "--format", "markdown"]));
    assert!(practitioner.contains("| Finding | Location | Next action |"), "{practitioner}");
    assert!(practitioner.contains(".yaml:"), "file:line inline");
    assert!(!practitioner.contains("## Appendix: traceability"));
    assert!(client.contains("| What falls short | What to do | Owner | Due |"), "{client}");
    // The client voice moves every finding to the appendix, with its rule code and location.
    let appendix = &client[client.find("## Appendix: traceability").expect("appendix")..];
    assert!(appendix.contains(".yaml:") && appendix.contains("`claim-without-evidence`"), "{appendix}");

    // SoA and plan: the settings to change only in the practitioner's voice.
    let soa = ok(aims(&["soa", example, "--as-of", AS_OF, "--audience", "practitioner"]));
    assert!(soa.contains("(aims.toml `[soa] version`, `[soa] approved_by`, `[soa] approved_on`)"), "{soa}");
    let plan = ok(aims(&["plan", example, "--as-of", AS_OF, "--audience", "practitioner"]));
    assert!(plan.contains("*(suggested)*") && plan.contains("aims.toml `[audit] target_date`"), "{plan}");
    let plan = ok(aims(&["plan", example, "--as-of", AS_OF]));
    assert!(plan.contains("*(proposed)*") && !plan.contains("aims.toml"), "{plan}");
}

#[test]
fn machine_formats_are_the_same_in_both_voices() {
    let example = "examples/healthtech-provider";
    for (verb, format) in [("gap", "json"), ("gap", "csv"), ("soa", "json"), ("plan", "csv"), ("plan", "json")] {
        let client = ok(aims(&[verb, example, "--as-of", AS_OF, "--format", format]));
        let practitioner =
            ok(aims(&[verb, example, "--as-of", AS_OF, "--format", format, "--audience", "practitioner"]));
        assert_eq!(client, practitioner, "{verb} --format {format}");
    }
}

#[test]
fn the_plan_phrases_a_missing_system_record_as_work_for_the_organisation() {
    let plan: serde_json::Value = serde_json::from_str(&ok(aims(&[
        "plan",
        "examples/healthtech-provider",
        "--as-of",
        AS_OF,
        "--format",
        "json",
    ])))
    .unwrap();
    let actions: Vec<&serde_json::Value> =
        plan["phases"].as_array().unwrap().iter().flat_map(|p| p["actions"].as_array().unwrap()).collect();
    let a622 = actions.iter().find(|a| a["requirement"] == "A.6.2.2").expect("A.6.2.2 action");
    assert_eq!(
        a622["client_action"],
        "Write down and approve the requirements specification of Appointment no-show forecast \
         (A.6.2.2 AI system requirements and specification)."
    );
    assert_eq!(
        a622["problems"][0]["client_problem"],
        "Appointment no-show forecast: no evidence of a requirements specification is recorded, so the control counts \
         as not met for this AI system"
    );
    // A planned action's own words are both texts.
    let planned = actions.iter().find(|a| a["planned"] == true).expect("a planned action");
    assert_eq!(planned["action"], planned["client_action"]);
}

#[test]
fn the_report_opens_with_the_front_matter_and_the_readiness_verdicts() {
    let text = client("gap", "examples/healthtech-provider");
    for expected in [
        "**Commercial in confidence: Meridale Health Ltd**",
        "| **Prepared by** | Dr Nikhil Sharma, Lead Auditor (ISO/IEC 42001), Harbourline Compliance Partners |",
        "| **Report version** | 2.0 |",
        "| 1.0 | 2026-06-30 | Baseline gap analysis |",
        "| **Target audit date** | 2027-03-01 |",
        "- **Stage 1 audit (documentation review): Not ready.**",
        "- **Stage 2 audit (implementation and effectiveness): Not ready.**",
        "### Main themes",
        "### What to do first",
        "### Nearest EU AI Act deadlines",
        "## Methodology and limitations",
    ] {
        assert!(text.contains(expected), "missing {expected:?} in\n{text}");
    }
    let soa = client("soa", "examples/healthtech-provider");
    assert!(soa.contains("**Commercial in confidence: Meridale Health Ltd**"));
    assert!(soa.contains("**2 controls have no justification**"), "the example keeps two real gaps");
}

#[test]
fn a_large_inventory_shows_aggregates_and_the_worst_systems() {
    let text = client("gap", "examples/us-federal-sample");
    assert!(text.contains("77 active AI systems are in scope: too many for one table"), "{text}");
    assert!(text.contains("### Systems with the lowest scores"));
    assert!(text.contains("### Per-system controls across the inventory"));
    assert!(!text.contains("### Per-system controls\n"), "no full matrix");
    let small = client("gap", "examples/saas-ai-customer");
    assert!(small.contains("### Per-system controls\n") && !small.contains("lowest scores"));
}

fn validate(files: &[(&str, &str)]) -> Vec<serde_json::Value> {
    let dir = workspace(files);
    let output = aims(&["validate", dir.path().to_str().unwrap(), "--format", "json", "--as-of", AS_OF]);
    let v: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap_or_else(|e| {
        panic!("{e}: {}{}", String::from_utf8_lossy(&output.stdout), String::from_utf8_lossy(&output.stderr))
    });
    v["diagnostics"].as_array().cloned().unwrap_or_default()
}

#[test]
fn report_front_matter_is_validated_in_plain_words() {
    let toml = "\
[report]
assessor = \"Jane Doe\"
confidentiality = \"Confidential\"

[[report.history]]
version = \"1.0\"
date = 2026-09-15

[[report.history]]
version = \"1.0\"
date = 2026-10-01

[[report.history]]
version = \" \"
date = 2026-10-02

[[report.history]]
version = \"1.1\"
date = 2026-08-01

[[report.history]]
version = \"1.2\"
date = \"next week\"
note = \"x\"

[[report.history]]
version = \"1.3\"
dated = 2026-12-01
";
    let d = validate(&[("organisation.yaml", ORGANISATION), ("aims.toml", toml)]);
    let find = |code: &str, line: u64| {
        d.iter()
            .find(|x| x["code"] == code && x["line"] == line)
            .unwrap_or_else(|| panic!("no {code} at line {line}: {d:#?}"))
            .clone()
    };
    assert!(find("invalid-value", 10)["message"].as_str().unwrap().contains("lists version 1.0 twice"));
    assert!(find("empty-field", 14)["message"].as_str().unwrap().contains("`version`"));
    let order = find("invalid-date", 19);
    assert!(order["message"].as_str().unwrap().contains("before version 1.0 (2026-09-15)"), "{order:#}");
    find("invalid-date", 23);
    // An unknown key gets the did-you-mean of every other table.
    let unknown = find("unknown-field", 28);
    assert!(unknown["help"].as_str().unwrap().contains("date"), "{unknown:#}");
    for x in &d {
        assert!(x["help"].is_string(), "every diagnostic has a hint: {x:#}");
    }
}

#[test]
fn valid_front_matter_reaches_the_summary() {
    let dir = workspace(&[
        ("organisation.yaml", ORGANISATION),
        (
            "aims.toml",
            "[report]\nfirm = \" Northgate LLP \"\nclient = \"\"\n[[report.history]]\nversion = \"1.0\"\ndate = 2026-09-15\n",
        ),
    ]);
    let catalogue = Catalogue::bundled().unwrap();
    let loaded = aims::load::load(dir.path(), &catalogue, common::as_of());
    let ws = loaded.workspace.expect("valid");
    assert_eq!(ws.settings.report.firm.as_deref(), Some("Northgate LLP"), "trimmed");
    assert_eq!(ws.settings.report.client, None, "blank text is not given");
    assert_eq!(ws.settings.report.history.len(), 1);
    let assessment = aims::assess::assess(&catalogue, &ws, common::as_of());
    let plan = aims::views::plan::build(&catalogue, &ws, &assessment);
    let summary = aims::views::summary::build(&ws, &assessment, &plan);
    assert_eq!(summary.report, ws.settings.report);
    assert_eq!(summary.target_audit_date, None);
}

/// The cells of a Markdown table row, split at the pipes that are not escaped.
fn cells(row: &str) -> Vec<String> {
    let mut out = vec![String::new()];
    let mut escaped = false;
    for c in row.trim().trim_start_matches('|').chars() {
        match c {
            '|' if !escaped => out.push(String::new()),
            _ => out.last_mut().unwrap().push(c),
        }
        escaped = c == '\\';
    }
    out.pop();
    out.into_iter().map(|c| c.trim().to_string()).collect()
}

#[test]
fn every_control_has_the_same_status_label_in_the_report_and_the_soa() {
    for example in EXAMPLES {
        let report = client("gap", example);
        // The report: each unmet requirement's heading and status line, and the table of compliant ones.
        let mut labels = std::collections::BTreeMap::new();
        let mut heading: Option<String> = None;
        for line in report.lines() {
            if let Some(rest) = line.strip_prefix("### A.") {
                heading = rest.split_whitespace().next().map(|id| format!("A.{id}"));
            } else if let (Some(id), Some(rest)) = (&heading, line.strip_prefix("**Status: ")) {
                labels.insert(id.clone(), rest.split("**").next().unwrap().to_string());
                heading = None;
            }
        }
        let compliant = report.split("## Compliant requirements").nth(1).unwrap_or_default();
        for row in compliant.lines().take_while(|l| !l.starts_with("## ")).filter(|l| l.starts_with("| A.")) {
            labels.insert(cells(row)[0].clone(), "Compliant".to_string());
        }
        assert!(labels.len() > 10, "{example}: too few controls read from the report: {labels:?}");
        let soa = client("soa", example);
        let mut compared = 0;
        for row in soa.lines().filter(|l| l.starts_with("| A.")) {
            let cells = cells(row);
            let Some(label) = labels.get(&cells[0]) else { continue };
            assert!(
                cells[5].starts_with(label.as_str()),
                "{example} {}: the report says {label:?}, the SoA {:?}",
                cells[0],
                cells[5]
            );
            compared += 1;
        }
        assert_eq!(compared, labels.len(), "{example}: every control of the report is in the SoA");
    }
}

/// The catalogue, workspace, assessment and plan of an example, as of [`AS_OF`].
fn built(example: &str) -> (aims::workspace::Workspace, aims::assess::Assessment, aims::views::plan::Plan) {
    let (_, ws, assessment, plan) = common::planned(std::path::Path::new(example));
    (ws, assessment, plan)
}

#[test]
fn a_requirement_is_headlined_by_its_most_severe_shortfall() {
    use aims::workspace::Status;
    for example in EXAMPLES {
        let (_, assessment, plan) = built(example);
        let actions: Vec<_> = plan.phases.iter().flat_map(|p| p.actions.iter()).collect();
        for a in &actions {
            let severities: Vec<u8> = a.problems.iter().map(|p| p.severity).collect();
            assert!(severities.windows(2).all(|w| w[0] >= w[1]), "{example} {}: {:?}", a.id, a.problems);
        }
        for r in assessment.requirements.iter().filter(|r| r.status == Status::NonCompliant) {
            let worst = r.systems.iter().map(|s| s.status.severity()).max().unwrap_or(0);
            // The first shortfall the plan lists for the requirement: what the summary, the plan and the report
            // put first.
            let first = actions.iter().flat_map(|a| a.problems.iter()).find(|p| p.requirement == r.id);
            if let (Some(first), true) = (first, worst == Status::NonCompliant.severity()) {
                assert_eq!(
                    first.severity,
                    Status::NonCompliant.severity(),
                    "{example} {}: headlined by {:?}",
                    r.id,
                    first.client_problem
                );
            }
        }
    }
}

#[test]
fn a_status_below_the_systems_results_says_why() {
    use aims::workspace::Status;
    for example in EXAMPLES {
        let (ws, assessment, plan) = built(example);
        let summary = aims::views::summary::build(&ws, &assessment, &plan);
        for r in assessment.requirements.iter().filter(|r| r.status.is_gap() && !r.systems.is_empty()) {
            let systems = r.systems.iter().filter(|s| s.status != Status::NotApplicable).map(|s| s.status.severity());
            if systems.max().is_some_and(|worst| worst < r.status.severity()) {
                let reason = summary.status_reasons.get(&r.id);
                assert!(reason.is_some_and(|t| t.contains("organisation as a whole")), "{example} {}", r.id);
                // The reason is its own sentence: no quoted note or capitalised clause after a colon.
                assert!(!reason.is_some_and(|t| t.contains(": The ")), "{example} {}: {reason:?}", r.id);
            }
        }
    }
    let report = client("gap", "examples/saas-ai-customer");
    let a55 = &report[report.find("### A.5.5").expect("A.5.5 is not met")..];
    assert!(
        a55.contains(
            "AI systems: 3 of 3 systems compliant. The control is still partially compliant because of a shortfall \
             of the organisation as a whole. The organisation notes: Societal impact sections are short"
        ),
        "{}",
        &a55[..600]
    );
}

#[test]
fn a_large_inventory_plan_takes_each_controls_systems_together() {
    let plan = client("plan", "examples/us-federal-sample");
    assert!(
        plan.contains("77 active AI systems are in scope, more than the 25 this document lists one by one"),
        "{plan}"
    );
    assert!(plan.contains("the \"Plan\" sheet of the workbook that accompanies this plan"));
    assert!(plan.contains("for each of the 68 AI systems concerned"), "{plan}");
    assert!(plan.lines().count() < 250, "{} lines", plan.lines().count());
    // Every action is still in the JSON plan.
    let json: serde_json::Value =
        serde_json::from_str(&ok(aims(&["plan", "examples/us-federal-sample", "--as-of", AS_OF, "--format", "json"])))
            .unwrap();
    assert!(json["actions"].as_u64().unwrap() > 500);
    // A small inventory's plan lists each action.
    assert!(!client("plan", "examples/saas-ai-customer").contains("AI systems concerned"));
}

#[test]
fn the_summary_groups_a_controls_systems() {
    for example in EXAMPLES {
        let (ws, assessment, plan) = built(example);
        let summary = aims::views::summary::build(&ws, &assessment, &plan);
        let first = &summary.first_actions;
        for (i, a) in first.iter().enumerate() {
            for b in &first[i + 1..] {
                assert!(
                    a.systems == 0 || b.systems == 0 || a.requirements != b.requirements || a.action != b.action,
                    "{example}: one control's work twice: {first:?}"
                );
            }
        }
    }
    let (ws, assessment, mut plan) = built("examples/us-federal-sample");
    // Without the clauses, the first action takes a control's systems together.
    plan.phases.iter_mut().for_each(|p| p.actions.retain(|a| a.requirement.starts_with("A.")));
    let summary = aims::views::summary::build(&ws, &assessment, &plan);
    let a = &summary.first_actions[0];
    assert!(a.systems > 10 && a.action.contains(&format!("each of the {} AI systems", a.systems)), "{a:?}");
}

// The executive summary's "What to do first" led with "Assess 7.4 ..." placeholders while overdue, dated and legally
// required work waited; later it put overdue work that stage 1 does not wait for before the only stage 1 blocker,
// and left out an EU AI Act duty applying two days later.
#[test]
fn first_actions_put_overdue_and_legal_items_before_placeholders() {
    use aims::views::plan::{Phase, PlanAction};
    use aims::workspace::Status;
    for example in EXAMPLES {
        let (ws, assessment, plan) = built(example);
        let summary = aims::views::summary::build(&ws, &assessment, &plan);
        let window_end = aims::views::summary::first::legal_window_end(assessment.as_of, ws.settings.target_audit_date);
        let all: Vec<&PlanAction> = plan.phases.iter().flat_map(|p| p.actions.iter()).collect();
        let action = |id: &str| all.iter().copied().find(|a| a.id == id).unwrap();
        let blocks = |a: &PlanAction, status: Status| {
            a.phase == Phase::BeforeStage1
                && a.status == status
                && a.requirements.iter().any(|r| summary.stage_1.blocking.contains(r))
        };
        // The tier of each first action (0 non-compliant and blocking stage 1, 1 a near EU AI Act deadline,
        // 2 overdue, 3 a legal deadline within the window, 4 dated, 5 not assessed and blocking stage 1, 6 the rest)
        // chooses them; they are listed in the plan's order, so that the summary and the plan agree.
        let tier = |a: &PlanAction| {
            let legal = a.legal_deadline.as_ref();
            match () {
                _ if blocks(a, Status::NonCompliant) => 0,
                _ if legal.is_some_and(|l| l.near) => 1,
                _ if a.overdue => 2,
                _ if legal.is_some_and(|l| l.in_force || l.applies_from <= window_end) => 3,
                _ if a.due.is_some() => 4,
                _ if blocks(a, Status::NotAssessed) => 5,
                _ => 6,
            }
        };
        let ranks: Vec<usize> = summary.first_actions.iter().map(|x| x.rank).collect();
        assert!(ranks.windows(2).all(|w| w[0] < w[1]), "{example}: {ranks:?} {:?}", summary.first_actions);
        let first: Vec<u8> = summary.first_actions.iter().map(|x| tier(action(&x.id))).collect();
        // Nothing better ranked is left out.
        let best_left_out = all.iter().filter(|a| a.is_own_work()).map(|a| tier(a)).min().unwrap();
        assert_eq!(first.iter().copied().min(), Some(best_left_out), "{example}");
        // Every near EU AI Act deadline is listed.
        let near = all.iter().filter(|a| a.is_own_work() && tier(a) == 1).count();
        assert_eq!(first.iter().filter(|t| **t == 1).count(), near, "{example}");
        let placeholder = |x: &aims::views::summary::SummaryAction| {
            x.action.contains("with its owner and record the result") || x.action.starts_with("Assess clause")
        };
        // A placeholder comes first only when it stands for a non-compliant requirement stage 1 waits for.
        let blocker = |x: &aims::views::summary::SummaryAction| {
            x.why.as_deref().is_some_and(|w| w.starts_with("It blocks the stage 1 audit."))
        };
        assert!(!summary.first_actions.iter().any(|x| placeholder(x) && !blocker(x)), "{example}: a placeholder");
    }
    // Fintech: the non-compliant requirements stage 1 waits for, in the plan's order: 7.4, then the overdue risk
    // treatments (merged with their controls' actions: Nora's event logs and data provenance); then Nora's Art. 50(2)
    // marking, which applies days later (work before stage 2, so after them in the plan). The awareness work due soonest (7.3), whose AI literacy link (Art. 4,
    // reduced to encouragement in 2026) is a note, not a legal deadline, does not jump ahead.
    let (ws, assessment, plan) = built("examples/fintech-ai-provider");
    let summary = aims::views::summary::build(&ws, &assessment, &plan);
    let ids: Vec<&str> = summary.first_actions.iter().map(|x| x.requirements[0].as_str()).collect();
    assert_eq!(ids, ["7.4", "A.6.2.8", "A.7.5", "A.8.2"]);
    for first in &summary.first_actions[..3] {
        assert_eq!(first.why.as_deref(), Some("It blocks the stage 1 audit."), "{first:?}");
    }
    assert_eq!(
        summary.first_actions[3].why.as_deref(),
        Some(
            "EU AI Act deadline 2026-12-02: Art. 50(2) (Synthetic audio, image, video or text is marked machine-readably) applies from that date."
        )
    );
    assert_eq!(summary.first_actions[1].treats, ["R-14"]);
    let report = client("gap", "examples/fintech-ai-provider");
    assert!(report.contains("2. **A.6.2.8**: Define and implement event logging for Nora"), "{report}");
    assert!(report.contains("Due 2026-09-30 (**overdue**)."), "no escaped emphasis");
}

/// The tool's name and its internal terms, which the client voice leaves to the practitioner and the appendix: the
/// word "aims" (the management system's acronym, "AIMS", is the client's own), the checklist as a "catalogue", the
/// mark "not verified by aims", and a system "in another AI role".
fn internal_terms(text: &str) -> Vec<String> {
    let mut found: Vec<String> = text
        .split(|c: char| !(c.is_alphanumeric() || c == '\''))
        .filter(|w| matches!(*w, "aims" | "aims's" | "catalogue" | "catalogue's" | "Catalogue"))
        .map(str::to_string)
        .collect();
    for phrase in ["not verified by", "another AI role", "external, not"] {
        if text.contains(phrase) {
            found.push(phrase.to_string());
        }
    }
    found
}

#[test]
fn the_client_voice_names_neither_the_tool_nor_its_internal_terms() {
    for example in EXAMPLES {
        for verb in ["gap", "soa", "plan"] {
            let text = client(verb, example);
            let found = internal_terms(&text);
            assert!(found.is_empty(), "{verb} {example}: {found:?}");
            let html = ok(aims(&[verb, example, "--as-of", AS_OF, "--format", "html"]));
            let body = html.split("<body").nth(1).unwrap_or_default();
            let body = body.split("Appendix: traceability").next().unwrap_or_default();
            let found = internal_terms(body);
            assert!(found.is_empty(), "{verb} {example} HTML: {found:?}");
        }
    }
    // The methodology says which version of the checklist the assessment used; the practitioner keeps the tool's
    // words.
    let report = client("gap", "examples/fintech-ai-provider");
    assert!(report.contains("| **Standard** | ISO/IEC 42001:2023 (assessment checklist version "), "{report}");
    assert!(report.contains("assessed against ISO/IEC 42001:2023, checklist version "), "{report}");
    assert!(report.contains("1 not applicable to the organisation's role"), "{report}");
    let practitioner = voiced("gap", "examples/fintech-ai-provider", "practitioner");
    assert!(practitioner.contains("(aims catalogue ") && practitioner.contains("external, not verified by aims"));
}

#[test]
fn an_evidence_title_names_the_document_where_the_description_states_its_state() {
    let report = client("gap", "examples/healthtech-provider");
    assert!(
        report.contains(
            "Meridale Imaging Worklist Prioritiser: Impact assessment of the Imaging Worklist Prioritiser, version 0.4 \
             (reviewed 2026-10-21) — **draft, not approved**"
        ),
        "{report}"
    );
    assert!(!report.contains("Version 0.4, waiting"), "a state is not a document's name");
    // The title reaches the JSON report beside the description.
    let json: serde_json::Value =
        serde_json::from_str(&ok(aims(&["gap", "examples/healthtech-provider", "--as-of", AS_OF, "--format", "json"])))
            .unwrap();
    let titled = json["requirements"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|r| r["evidence"].as_array().unwrap())
        .find(|e| e["title"] == "Impact assessment of the Imaging Worklist Prioritiser, version 0.4")
        .expect("the titled record");
    assert_eq!(titled["description"], "Version 0.4, waiting for sign-off by the Clinical Safety Board");
}

#[test]
fn retired_systems_are_not_counted_in_scope_and_are_listed_apart() {
    for (example, active, retired) in [
        ("examples/healthtech-provider", 5, 1),
        ("examples/us-federal-sample", 77, 13),
        ("examples/saas-ai-customer", 3, 0),
    ] {
        let json: serde_json::Value =
            serde_json::from_str(&ok(aims(&["gap", example, "--as-of", AS_OF, "--format", "json"]))).unwrap();
        let summary = &json["summary"];
        assert_eq!(
            summary["systems_in_scope"].as_u64().unwrap() - summary["systems_retired"].as_u64().unwrap(),
            active
        );
        assert_eq!(summary["systems_retired"], retired, "{example}");
        let report = client("gap", example);
        let phrase = match retired {
            0 => format!("{active} AI systems are in scope; "),
            n => format!(
                "{active} active AI systems are in scope, plus {n} retired (listed separately), {} in all; ",
                active + n
            ),
        };
        assert!(report.contains(&phrase), "{example}: {phrase:?}");
        assert_eq!(
            report.contains("Retired, so that no per-system control applies any more"),
            retired > 0,
            "{example}"
        );
    }
    // The retired system is in no table or chart of the systems in scope.
    let report = client("gap", "examples/healthtech-provider");
    let retired = "30-day readmission risk score (withdrawn)";
    let systems = &report[report.find("## AI systems").unwrap()..report.find("Retired, so that").unwrap()];
    assert!(!systems.contains(retired), "{systems}");
    assert!(report.contains(&format!("Retired, so that no per-system control applies any more: {retired}.")));
    let html = ok(aims(&["gap", "examples/healthtech-provider", "--as-of", AS_OF, "--format", "html"]));
    assert!(html.contains("Per-system controls for 5 AI systems in scope"), "the heat map counts the active systems");
    let plan = client("plan", "examples/us-federal-sample");
    assert!(plan.contains("77 active AI systems are in scope, more than the 25"), "{plan}");
}

#[test]
fn the_impact_assessment_evidence_names_the_system_of_each_record() {
    let report = client("gap", "examples/fintech-ai-provider");
    let section = &report[report.find("### 8.4 AI system impact assessment").expect("8.4 is not met")..];
    let evidence = section.lines().find(|l| l.starts_with("Evidence: ")).expect("8.4 evidence");
    for name in [
        "Northwind Credit Decision Model (NCDM v4): Impact assessment",
        "Nora, customer support assistant: Impact assessment",
        "Application and payment fraud detection model: Impact screening",
        "Lexica document summariser (internal): Procurement and impact assessment",
    ] {
        assert!(evidence.contains(name), "{name:?} in {evidence}");
    }
    // What falls short names the system too, not its ID.
    assert!(
        section.contains("Nora, customer support assistant: the impact assessment does not yet cover"),
        "{section}"
    );
}

/// Every document of every example in the client's voice, appendix included, with the verb and example it is.
fn every_client_document() -> Vec<(String, String)> {
    let mut docs = Vec::new();
    for example in EXAMPLES {
        for verb in ["gap", "soa", "plan"] {
            let text = ok(aims(&[verb, example, "--as-of", AS_OF, "--format", "markdown"]));
            docs.push((format!("{verb} {example}"), text));
        }
    }
    docs
}

#[test]
fn an_impact_assessment_knock_on_names_the_system_and_the_areas_in_words() {
    let text = client("gap", "examples/fintech-ai-provider");
    assert!(
        text.contains(
            "Nora, customer support assistant: the impact assessment does not yet cover societal impacts; see 8.4"
        ),
        "{text}"
    );
    assert!(!text.contains("is lowered with"), "the pointer's own wording stays in the appendix");
    assert!(!text.contains("impact assessment of support-chatbot"), "the system by name, not ID");
    // A.5.5's own shortfall for the system says the same thing, not that the control "is not fully in place".
    assert!(!text.contains("A.5.5 Assessing societal impacts of AI systems is not fully in place"), "{text}");
}

#[test]
fn raw_enum_values_never_reach_a_client_document() {
    let values: Vec<&str> = aims::workspace::ImpactArea::ALL
        .iter()
        .map(|a| a.as_str())
        .chain(aims::workspace::EvidenceKind::ALL.iter().map(|k| k.as_str()))
        .chain(["not_assessed", "partially_compliant", "non_compliant", "not_applicable"])
        .filter(|v| v.contains('_'))
        .collect();
    for (what, text) in every_client_document() {
        for v in &values {
            assert!(!text.contains(v), "{what} shows the YAML value {v}");
        }
    }
}

#[test]
fn a_missing_system_record_says_what_is_missing_and_why_the_status_is_below_the_declared_one() {
    let text = client("gap", "examples/fintech-ai-provider");
    assert!(!text.contains("no event logging record"), "{text}");
    assert!(
        text.contains(
            "Nora, customer support assistant: no evidence of event logging is recorded, so the control counts as not \
             met for this AI system, although the organisation rated it partially compliant"
        ),
        "{text}"
    );
    // Several systems at once: only what is missing, not "for this AI system".
    let plan = client("plan", "examples/us-federal-sample");
    assert!(plan.contains("non-compliant): no evidence of event logging is recorded. "), "{plan}");
}

#[test]
fn a_score_that_leaves_requirements_out_says_so() {
    let saas = client("gap", "examples/saas-ai-customer");
    assert!(saas.contains("| 10 | Improvement | 100.0% (1 of 2 assessed) |"), "{saas}");
    let fintech = client("gap", "examples/fintech-ai-provider");
    assert!(fintech.contains("| 100.0% (4 of 15 controls due so far) |"), "{fintech}");
    let federal = client("gap", "examples/us-federal-sample");
    assert!(federal.contains("- **7 Support**: 7 of 7 requirements not assessed yet."), "{federal}");
    assert!(federal.contains("| 7 | Support | not assessed |"), "{federal}");
    assert!(!federal.contains("score n/a"), "{federal}");
}

#[test]
fn a_radar_without_any_score_is_a_sentence() {
    let html = ok(aims(&["gap", "examples/us-federal-sample", "--as-of", AS_OF, "--format", "html"]));
    assert!(
        html.contains("No clause has an applicable requirement that is assessed yet, so there is no score to chart."),
        "the clause radar of an unassessed management system"
    );
    // The objectives have scores, so their radar stays.
    assert!(html.contains("chart-objectives"), "objectives radar");
}

#[test]
fn a_soa_row_names_a_gap_at_organisation_level() {
    let soa = client("soa", "examples/saas-ai-customer");
    let row = soa.lines().find(|l| l.starts_with("| A.5.5 |")).expect("A.5.5 row");
    assert!(row.contains("; organisation level: partially compliant)"), "{row}");
    // A row whose systems explain its status says nothing more.
    let row = soa.lines().find(|l| l.starts_with("| A.5.3 |")).expect("A.5.3 row");
    assert!(!row.contains("organisation level"), "{row}");
}

#[test]
fn a_gap_that_is_only_the_organisations_rating_says_what_to_ask() {
    let plan = client("plan", "examples/saas-ai-customer");
    assert!(!plan.contains("rated partially compliant by the organisation"), "{plan}");
    // The organisation planned an action for each such gap of the example: the action says what is missing, so
    // the row does not tell the reader to ask.
    assert!(plan.contains("| Partly in place, by the organisation's own rating |"), "{plan}");
    assert!(!plan.contains("ask the owner what is missing"), "{plan}");
}

/// Saas 9.3.2 is a gap the organisation declares with a note and no planned action: the proposed action read "Agree
/// how to close the gap in 9.3.2 Management review inputs, who does it and by when", which tells a client nothing it
/// did not know. It now says what the audit will look for, from the catalogue's evidence expectations.
#[test]
fn a_proposed_action_for_a_declared_gap_says_what_the_audit_looks_for() {
    let plan = client("plan", "examples/saas-ai-customer");
    let row = plan.lines().find(|l| l.contains("**9.3.2** Management review inputs")).expect("9.3.2 row");
    assert!(!row.contains("Agree how to close the gap"), "{row}");
    assert!(row.contains("Agree who closes the gap in 9.3.2 Management review inputs and by when; the audit will look for: a management review agenda"), "{row}");
}

#[test]
fn a_rejected_exclusion_quotes_its_own_justification() {
    let text = client("gap", "examples/fintech-ai-provider");
    let entry = &text[text.find("\n### 7.4 Communication").expect("7.4 entry")..];
    let entry = &entry[..entry[4..].find("\n### ").map_or(entry.len(), |e| e + 4)];
    assert!(entry.contains("“Internal and external communication is run by Group Corporate Communications"), "{entry}");
}

#[test]
fn counts_agree_in_number() {
    let saas = client("gap", "examples/saas-ai-customer");
    // "N already apply(ies)": the verb agrees with its count.
    for (at, _) in saas.match_indices(" already appl") {
        let count: String = saas[..at].chars().rev().take_while(char::is_ascii_digit).collect();
        let verb = if saas[at..].starts_with(" already applies") { "applies" } else { "apply" };
        assert_eq!(verb == "applies", count == "1", "{count} already {verb}");
    }
    let whole = ok(aims(&["gap", "examples/saas-ai-customer", "--as-of", AS_OF, "--format", "markdown"]));
    assert!(whole.contains("records show:") && !whole.contains("workspace shows"), "the footer, after the appendix");
    // "1 obligations", "1 days": a count of one with a plural noun, not part of a larger number ("21 days").
    let nouns = ["obligations", "days", "owners", "findings", "requirements", "controls", "actions", "systems"];
    let wrong = |text: &str| -> Option<String> {
        for noun in nouns {
            let phrase = format!("1 {noun} ");
            for (at, _) in text.match_indices(&phrase) {
                if !text[..at].ends_with(|c: char| c.is_ascii_digit() || c == '.' || c == ',') {
                    return Some(text[at..at + phrase.len()].to_string());
                }
            }
        }
        ["1 already apply.", "daies"].into_iter().find(|p| text.contains(*p)).map(str::to_string)
    };
    for (what, text) in every_client_document() {
        assert_eq!(wrong(&text), None, "{what}");
    }
}

/// The SoA and the plan a consultant hands over say who prepared them, as the report does (their workbooks did, the
/// Markdown and HTML did not), from aims.toml `[report] assessor` and `firm`.
#[test]
fn soa_and_plan_name_who_prepared_them() {
    let who = "Ruth Adebayo, Principal Consultant, Kestrel Assurance LLP";
    let soa = client("soa", "examples/fintech-ai-provider");
    assert!(soa.contains(&format!("| **Prepared by** | {who} |")), "{}", &soa[..800]);
    let plan = client("plan", "examples/fintech-ai-provider");
    assert!(plan.contains(&format!("| **Prepared by** | {who} |")), "{}", &plan[..800]);
    let report = client("gap", "examples/fintech-ai-provider");
    assert!(report.contains(&format!("| **Prepared by** | {who} |")));
}

/// The report's front page showed the roles as written in YAML ("provider, producer, customer", "provider,
/// deployer"), while the systems table showed labels. The client voice gives every role, life-cycle stage and status
/// by its label: on the front page, in any table cell of the report, the SoA and the plan, and in the workbook's
/// Summary, Systems and EU AI Act sheets.
#[test]
fn front_page_shows_role_labels() {
    use aims::workspace::{AiRole, EuAiActRole, LifecycleStage, Status};
    let ai_roles = [AiRole::Provider, AiRole::Producer, AiRole::Customer, AiRole::Partner];
    let stages = [
        LifecycleStage::Concept,
        LifecycleStage::Design,
        LifecycleStage::Development,
        LifecycleStage::Verification,
        LifecycleStage::Deployment,
        LifecycleStage::Operation,
        LifecycleStage::Retired,
    ];
    // Values as YAML writes them that differ from their labels.
    let raw: Vec<String> = ai_roles
        .iter()
        .map(|r| r.as_str().to_string())
        .chain(stages.iter().map(|s| s.as_str().to_string()))
        .chain(Status::ALL.iter().map(|s| s.as_str().to_string()))
        .chain(EuAiActRole::ALL.iter().map(|r| r.as_str().to_string()))
        .filter(|v| v.contains('_') || v.chars().next().is_some_and(|c| c.is_lowercase()))
        .collect();
    // A cell of raw values only; an EU AI Act role's label is the word itself ("deployer"), so a cell of those
    // labels is not raw.
    let is_raw = |cell: &str| {
        let parts: Vec<&str> = cell.split(", ").map(str::trim).collect();
        let eu_labels = parts.iter().all(|p| EuAiActRole::ALL.iter().any(|r| r.label() == *p));
        !cell.is_empty() && !eu_labels && parts.iter().all(|p| raw.iter().any(|r| r == p))
    };
    for example in EXAMPLES {
        let (_, ws, _, _) = common::planned(example.as_ref());
        let report = client("gap", example);
        let labels = |words: Vec<&str>| {
            let joined = words.join(", ");
            let mut c = joined.chars();
            c.next()
                .map(|f| f.to_uppercase().chain(c.flat_map(char::to_lowercase)).collect::<String>())
                .unwrap_or_default()
        };
        let ai = labels(ws.organisation.ai_roles.iter().map(|r| r.label()).collect());
        assert!(report.contains(&format!("| **AI roles (ISO/IEC 22989)** | {ai} |")), "{example}: {ai}");
        if !ws.organisation.eu_ai_act_roles.is_empty() {
            let eu = labels(ws.organisation.eu_ai_act_roles.iter().map(|r| r.label()).collect());
            assert!(report.contains(&format!("| **EU AI Act roles** | {eu} |")), "{example}: {eu}");
        }
        for verb in ["gap", "soa", "plan"] {
            let text = if verb == "gap" { report.clone() } else { client(verb, example) };
            for line in text.lines().filter(|l| l.starts_with('|')) {
                for cell in line.split('|').map(str::trim) {
                    assert!(!is_raw(cell), "{example} {verb}: a raw value in a cell: {line}");
                }
            }
            for status in Status::ALL.iter().map(|s| s.as_str()).filter(|s| s.contains('_')) {
                assert!(!text.contains(status), "{example} {verb}: {status}");
            }
        }
        let bytes = common::aims(&["gap", example, "--as-of", AS_OF, "--format", "xlsx"]).stdout;
        let mut book: calamine::Xlsx<_> = calamine::open_workbook_from_rs(std::io::Cursor::new(bytes)).unwrap();
        for sheet in ["Summary", "Systems", "EU AI Act obligations"] {
            let range = calamine::Reader::worksheet_range(&mut book, sheet).unwrap();
            for row in range.rows() {
                for cell in row {
                    if let calamine::Data::String(s) = cell {
                        assert!(!is_raw(s), "{example} workbook {sheet}: {s}");
                    }
                }
            }
        }
    }
}

/// With a review interval of one month, the report said "12 months" in some places and "1 months" in others
/// ("more than 1 months ago", "Evidence review interval: 1 months"). Every document counts months as words do.
#[test]
fn a_one_month_review_interval_reads_1_month() {
    let dir = common::edited_copy("examples/fintech-ai-provider", "aims.toml", |t| {
        t.replace("review_interval_months = 12", "review_interval_months = 1")
    });
    let dir = dir.path().to_str().unwrap();
    for verb in ["gap", "plan", "soa"] {
        for audience in ["client", "practitioner"] {
            let md = common::stdout_ok(&[verb, dir, "--as-of", common::AS_OF, "--audience", audience]);
            assert!(!md.contains(" 1 months"), "{verb} ({audience}) says 1 months");
        }
    }
    let json = common::stdout_ok(&["gap", dir, "--as-of", common::AS_OF, "--format", "json"]);
    assert!(!json.contains(" 1 months"), "the findings say 1 months");
    assert!(json.contains("more than 1 month"), "stale evidence is reported");
}

/// Saas A.10.3 read "Signed data processing agreement … (reviewed 2026-02-16) — missing": a document nobody could
/// find, said to be reviewed. When nothing is found where a record points, its date is what the record says.
#[test]
fn a_missing_document_is_not_said_to_be_reviewed() {
    let practitioner = ok(aims(&["gap", "examples/saas-ai-customer", "--as-of", AS_OF, "--audience", "practitioner"]));
    for text in [client("gap", "examples/saas-ai-customer"), practitioner] {
        assert!(!text.contains("(reviewed 2026-02-16) — **missing**"), "a missing file said to be reviewed");
        assert!(text.contains("(recorded as reviewed 2026-02-16) — **missing**"), "the date is the record's");
    }
}

/// A large inventory's report counts what many AI systems hold instead of writing it out: an unmet per-system
/// control's "Evidence:" line gives the organisation's records and then the count of the systems' own records with
/// their marks, an action's "What falls short" cell names ten shortfalls and counts the rest, and the systems out of
/// scope are named up to ten. At 10,000 systems one evidence line listed every system's record (455,000 characters).
#[test]
fn a_large_inventory_report_counts_long_lists_instead_of_writing_them_out() {
    let (_tmp, dir) = common::generated(150);
    let dir = dir.as_str();
    for audience in ["client", "practitioner"] {
        let text = voiced("gap", dir, audience);
        let longest = text.lines().map(str::len).max().unwrap_or_default();
        assert!(longest < 3000, "{audience}: a line of {longest} characters");
        let counted = text.lines().find(|l| l.starts_with("Evidence:") && l.contains("records of ")).unwrap();
        assert!(counted.contains(" AI systems (") && counted.ends_with(")."), "{counted}");
        // The practitioner's table of findings: the organisation's, ten about AI systems, and a count of the rest.
        let cut = text.contains(" more findings about individual AI systems, each in the \"Findings\" sheet");
        assert_eq!(cut, audience == "practitioner", "{audience}");
        // The client's table of what falls short (the practitioner's lists each finding with its rule instead).
        let cut = text.contains(" more, each in the \"Findings\" sheet of the workbook");
        assert_eq!(cut, audience == "client", "{audience}");
        // Every cut list says where the rest is.
        for line in text.lines().filter(|l| l.starts_with("Systems that fall short: ") && l.contains(" more")) {
            assert!(line.ends_with(" more, each in the \"Systems\" sheet of the workbook."), "{line}");
        }
        // "and 252 more AI systems, 0 of them supported": none.
        assert!(!text.contains(", 0 of them supported") && text.contains(", none of them supported"), "{audience}");
        let out_of_scope = text.lines().find(|l| l.starts_with("Out of scope and not assessed:")).unwrap();
        assert!(out_of_scope.contains(" more, each listed in the "), "{out_of_scope}");
        // A cut row leads with the organisation's own rating, which the cut once left out, and leaves out at least
        // three: "… and 1 more" would save no room.
        for row in text.lines().filter(|l| l.contains(" more, each in the \"Findings\" sheet")) {
            let more: usize = row.split("… and ").nth(1).and_then(|r| r.split(' ').next()).unwrap().parse().unwrap();
            assert!(more >= 3, "{row}");
            if row.contains("by the organisation's own rating") {
                assert!(row.starts_with("| Not in place, by the organisation's own rating<br>"), "{row}");
            }
        }
        if audience == "client" {
            let rated = |l: &&str| l.starts_with("| Not in place, by the organisation's own rating<br>Synthetic");
            assert!(text.lines().filter(|l| l.contains("… and ")).any(|l| rated(&l)), "the rating shown");
        }
    }
    // A small list stays a list: the federal sample's 4 to 9 records per control are each named.
    let federal = client("gap", "examples/us-federal-sample");
    assert!(!federal.contains("records of 4 AI systems"), "listed, not counted");
    // A list separated by semicolons ends "; and 3 more", not "… analysis and 3 more", which reads as part of a name.
    let retired = federal.lines().find(|l| l.starts_with("Retired, so that no per-system control")).unwrap();
    assert!(retired.ends_with("; and 3 more."), "{retired}");
}

/// "What to do first" keeps every action with a near EU AI Act deadline; in a large inventory each document that
/// many systems cite is an action of its own, and at 3,000 systems the list had 70 items. It names the ten most
/// urgent and counts the rest, which the plan lists in order.
#[test]
fn a_large_inventory_names_ten_first_actions_and_counts_the_rest() {
    let (_tmp, dir) = common::generated(600);
    let dir = dir.as_str();
    let text = ok(aims(&["gap", dir, "--as-of", AS_OF, "--format", "markdown"]));
    let at = text.find("### What to do first").expect("the section");
    let section = &text[at..text[at + 4..].find("\n### ").map_or(text.len(), |end| at + 4 + end)];
    let items = section.lines().filter(|l| l.split_once(". ").is_some_and(|(n, _)| n.parse::<u32>().is_ok())).count();
    assert_eq!(items, 10, "{section}");
    let more = section.lines().find(|l| l.contains(" with an EU AI Act obligation that already applies or soon will "));
    assert!(more.is_some_and(|l| l.ends_with("the remediation plan lists them in order.")), "{section}");
}

/// For an action under an EU AI Act obligation that already applies, the proposed due date is the as-of date, and
/// the report called it "the date the EU AI Act obligation applies" right after "in force since 2026-08-02". It says
/// the obligation already applies, in the report's summary, its tables and the plan.
#[test]
fn a_date_proposed_for_an_obligation_in_force_is_not_called_the_date_it_applies() {
    let (_tmp, dir) = common::generated(150);
    let dir = dir.as_str();
    let report = ok(aims(&["gap", dir, "--as-of", AS_OF, "--format", "markdown"]));
    let plan = ok(aims(&["plan", dir, "--as-of", AS_OF]));
    for wrong in [
        format!("proposed: {AS_OF}, the date the EU AI Act obligation applies"),
        format!("proposed {AS_OF} (the EU AI Act date)"),
    ] {
        assert!(!report.contains(&wrong) && !plan.contains(&wrong), "{wrong}");
    }
    assert!(report.contains(&format!("proposed: {AS_OF} (now: the EU AI Act obligation already applies).")));
    assert!(report.contains(&format!("proposed {AS_OF} (now: the EU AI Act obligation already applies)")));
    assert!(plan.contains(&format!("proposed {AS_OF} (now: the EU AI Act obligation already applies)")));
}

/// A large inventory's report wrote "AI systems: 1942 of 2567 systems compliant" two lines before "records of 2,304
/// AI systems". Every count of 1,000 or more the report writes has a thousands separator.
#[test]
fn counts_of_a_thousand_or_more_have_a_thousands_separator() {
    let (_tmp, dir) = common::generated(1200);
    let dir = dir.as_str();
    // A number right after these words is part of a generated name ("Synthetic AI system 1041", "Owner 30",
    // "Doc 014", the scope "All 1200 AI systems") or an action's rank ("actions 1084 and 1085"), not a count.
    let named = ["system", "Owner", "Doc", "Missing", "Org", "All", "action", "actions", "ISO/IEC"];
    let trim = |w: &str| w.trim_matches(|c: char| "(*[]),.;:".contains(c)).to_string();
    for command in ["gap", "soa", "plan"] {
        for audience in ["client", "practitioner"] {
            let text = voiced(command, dir, audience);
            for line in text.lines() {
                let words: Vec<String> = line.split_whitespace().map(trim).collect();
                for (i, pair) in words.windows(2).enumerate() {
                    let bare = pair[0].len() >= 4 && pair[0].bytes().all(|b| b.is_ascii_digit());
                    // A count is followed by what it counts ("1200 obligations", "1200 AI systems").
                    let counts = pair[1].starts_with(|c: char| c.is_ascii_lowercase()) || pair[1] == "AI";
                    let after_name = i > 0 && named.contains(&words[i - 1].as_str());
                    let joined = ["and", "or"].contains(&pair[1].as_str());
                    assert!(
                        !bare || !counts || after_name || joined,
                        "{command} ({audience}): {} {} in\n{line}",
                        pair[0],
                        pair[1]
                    );
                }
            }
        }
    }
}

/// At 3,000 AI systems, the Art. 50(1) line under "Since 2026-08-02: 164 obligations (1 kind) already apply …; 94
/// more apply only once their AI systems are placed on the market" named 6 systems "and 252 more AI systems, none
/// of them supported or recorded": 258, the 94 not yet bound among them. An obligation's systems now add up to the
/// date's count of those it binds, with those not yet bound counted apart; "(1 kind)" is gone.
#[test]
fn an_eu_deadline_counts_the_systems_it_does_not_bind_yet_apart() {
    let (_tmp, dir) = common::generated(1200);
    let text = ok(aims(&["gap", &dir, "--as-of", AS_OF, "--format", "markdown"]));
    assert!(!text.contains("(1 kind)"), "one kind of obligation is named, not counted");
    let lines: Vec<&str> = text.lines().collect();
    let number = |text: &str, before: &str| -> usize {
        let head = text.split(before).next().unwrap();
        head.rsplit(' ').next().unwrap().replace(',', "").parse().unwrap()
    };
    let mut checked = 0;
    for (i, line) in lines.iter().enumerate().filter(|(_, l)| l.contains("more apply only once their AI systems")) {
        // One kind of obligation at this date: its one line names or counts every system it binds.
        let next = lines[i + 1];
        if lines.get(i + 2).is_some_and(|l| l.starts_with("  - ")) {
            continue;
        }
        let applies = number(line, " obligations already apply");
        let waiting = number(line.split("; ").last().unwrap(), " more apply only once");
        let named = next.matches(": partly supported").count() + next.matches(": open").count();
        let more = number(next, " more AI systems, ");
        assert_eq!(named + more, applies, "{line}\n{next}");
        assert_eq!(number(next, " more AI systems are bound only once"), waiting, "{next}");
        checked += 1;
    }
    assert!(checked > 0, "no date with obligations waiting for their systems");
}

/// The plan of 3,000 AI systems printed to 320 pages: an action on a control the organisation rated not in place
/// listed each of 263 systems' shortfalls in one cell (41,000 characters), a row of several systems' actions
/// joined one "“Missing 18” was not found" per system, wrote "no evidence of event logging is recorded" twice, and
/// named five systems "and 1 more". A large inventory's plan now names ten shortfalls and counts the rest, names
/// three different problems of a row and counts the others, each once, and never counts a single system.
#[test]
fn a_large_plan_cuts_long_shortfall_lists_and_names_each_problem_once() {
    let (_tmp, dir) = common::generated(1200);
    for audience in ["client", "practitioner"] {
        let text = voiced("plan", &dir, audience);
        let longest = text.lines().map(str::len).max().unwrap_or_default();
        assert!(longest < 4000, "{audience}: a line of {longest} characters");
        assert!(text.contains(" more, each in the \"Findings\" sheet of the gap report's workbook"), "{audience}");
        assert!(!text.contains(" and 1 more."), "{audience}");
        for row in text.lines().filter(|l| l.starts_with("| ") && l.contains(" AI systems: ")) {
            let problem = row.split(" AI systems: ").nth(1).unwrap().split(". Among them").next().unwrap();
            let parts: Vec<&str> = problem.split("; ").collect();
            let mut seen = std::collections::HashSet::new();
            assert!(parts.iter().all(|p| seen.insert(*p)), "a problem twice in {row}");
            assert!(parts.len() <= 4, "{row}");
        }
    }
}

/// The Statement of Applicability of a large inventory counted its AI systems' records itself: "records of 2262 AI
/// systems; 362 of them do not count yet", hiding 127 documents not found among stale and undated reviews, without a
/// thousands separator, and pointed to "the workbook's Systems sheet", which the SoA's workbook does not have; an
/// organisation's document several systems cite named all 42 of them in the cell. It now counts the records as the
/// gap report does, with each mark, counts the systems of a document above ten, and points to the gap report's
/// workbook.
#[test]
fn a_large_soa_counts_its_systems_records_as_the_report_does() {
    let (_tmp, dir) = common::generated(1200);
    for (audience, missing) in [("client", "not found"), ("practitioner", "missing")] {
        let text = voiced("soa", &dir, audience);
        let longest = text.lines().map(str::len).max().unwrap_or_default();
        assert!(longest < 600, "{audience}: a line of {longest} characters");
        assert!(text.contains(" AI systems)<br>records of "), "{audience}: a document's systems counted");
        assert!(!text.contains("count yet") && !text.contains("of them marked"), "{audience}");
        let counted: Vec<&str> = text.lines().filter(|l| l.contains("records of ")).collect();
        assert!(!counted.is_empty(), "{audience}");
        for row in &counted {
            assert!(row.split("records of ").nth(1).unwrap().contains(" AI systems ("), "{row}");
        }
        assert!(counted.iter().any(|row| row.contains(&format!(" {missing}, "))), "{audience}: no record {missing}");
        if audience == "client" {
            assert!(text.contains("the \"Systems\" sheet of the gap report's workbook lists every system's status"));
        }
    }
}

/// The plan of 3,000 AI systems tagged an impact-assessment action "EU AI Act Art. 5, in force since 2025-02-02: this
/// work is still open", which reads as an allegation of a prohibited practice, and 66 document reviews with "Art.
/// 50(1)" and nothing else. A legal deadline names what the obligation asks beside its article, in the plan, the
/// executive summary and the workbook's notes.
#[test]
fn a_legal_deadline_names_what_the_obligation_asks() {
    for command in ["plan", "gap"] {
        for audience in ["client", "practitioner"] {
            let text = voiced(command, "examples/fintech-ai-provider", audience);
            let mut named = 0;
            for (i, _) in text.match_indices("EU AI Act deadline 20") {
                let sentence = &text[i..text[i..].find(" applies from that date").map_or(text.len(), |end| i + end)];
                // "…: Art. 50(2) (Synthetic audio, image, video or text is marked machine-readably)".
                let obligation = sentence.split_once(": ").map_or("", |(_, o)| o);
                assert!(obligation.contains(" ("), "{command} ({audience}): {sentence}");
                named += 1;
            }
            assert!(named > 0, "{command} ({audience}): no near deadline");
        }
    }
}

/// A large plan's row of several systems' actions names each problem once. Taking the problems apart at "; " split
/// a document titled "Part A; part B of record 18" and dropped its first half as a repeat: "“Part A; part B of
/// record 18” was not found; part B of record 19” was not found". Each problem is kept whole.
#[test]
fn a_document_title_with_a_semicolon_stays_whole_in_a_plan_row() {
    let (_tmp, dir) = common::generated(1200);
    let systems = std::path::Path::new(&dir).join("systems");
    let mut titled = 0;
    for entry in std::fs::read_dir(&systems).unwrap() {
        let path = entry.unwrap().path();
        let text = std::fs::read_to_string(&path).unwrap();
        if !text.contains("file: evidence/missing-") {
            continue;
        }
        let mut out = String::new();
        for line in text.lines() {
            out.push_str(line);
            out.push('\n');
            if let Some(n) = line.trim_start().strip_prefix("file: evidence/missing-") {
                let indent = &line[..line.len() - line.trim_start().len()];
                out.push_str(&format!("{indent}title: \"Part A; part B of record {}\"\n", n.trim_end_matches(".md")));
            }
        }
        std::fs::write(&path, out).unwrap();
        titled += 1;
    }
    assert!(titled > 10, "{titled}");
    let text = voiced("plan", &dir, "client");
    let rows: Vec<&str> = text.lines().filter(|l| l.starts_with("| ") && l.contains("“Part A; part B")).collect();
    assert!(!rows.is_empty());
    for row in rows {
        assert_eq!(row.matches('“').count(), row.matches('”').count(), "{row}");
        assert!(!row.contains("; part B of record") || row.contains("“Part A; part B of record"), "{row}");
        for quoted in row.split('“').skip(1) {
            let title = quoted.split('”').next().unwrap();
            assert!(!title.starts_with("part B"), "half a title: {row}");
        }
    }
}
