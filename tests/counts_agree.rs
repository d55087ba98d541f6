//! A count a person reads in a document is the count the JSON holds: each test runs the real binary on the
//! examples and compares a figure of the Markdown with the same figure worked out from the JSON.

mod common;

use common::{AS_OF, EXAMPLES, plan_actions, plan_json, stdout_ok};

/// The numbers in `text` after each `marker` ("; 23 not assigned" gives 23).
fn numbers_before(text: &str, marker: &str) -> Vec<usize> {
    text.match_indices(marker)
        .map(|(at, _)| {
            let digits: String = text[..at]
                .chars()
                .rev()
                .take_while(char::is_ascii_digit)
                .collect::<Vec<_>>()
                .into_iter()
                .rev()
                .collect();
            digits.parse().unwrap()
        })
        .collect()
}

/// A row of the plan standing for many AI systems' actions said "45 owners; 23 not assigned" when all 68 actions
/// had an owner: it subtracted the distinct owners from the actions. What it calls not assigned are actions without
/// an owner, never more than the JSON plan has.
#[test]
fn a_groups_unassigned_count_is_its_actions_without_an_owner() {
    for example in EXAMPLES {
        let json = plan_json(example);
        let unowned = plan_actions(&json).iter().filter(|a| a["owner"].is_null()).count();
        let md = stdout_ok(&["plan", example, "--as-of", AS_OF]);
        let said: usize = numbers_before(&md, " not assigned)").iter().sum();
        assert!(said <= unowned, "{example}: group rows call {said} actions not assigned; the JSON has {unowned}");
    }
}

/// "6 of 9 compliant" counted a not applicable control among an EU AI Act obligation's ISO/IEC 42001 support; the
/// coverage beside it left it out. Every "X of Y compliant" of the EU AI Act tables is one obligation's compliant
/// support over its applicable support.
#[test]
fn eu_obligation_support_counts_leave_out_what_does_not_apply() {
    for example in EXAMPLES {
        let gap: serde_json::Value =
            serde_json::from_str(&stdout_ok(&["gap", example, "--as-of", AS_OF, "--format", "json"])).unwrap();
        let eu = &gap["eu_ai_act"];
        if eu.is_null() {
            continue;
        }
        let systems = eu["systems"].as_array().cloned().unwrap_or_default();
        let obligations = eu["organisation"]
            .as_array()
            .cloned()
            .unwrap_or_default()
            .into_iter()
            .chain(systems.iter().flat_map(|s| s["obligations"].as_array().cloned().unwrap_or_default()));
        let mut possible = std::collections::BTreeSet::new();
        for o in obligations {
            let support = o["support"].as_array().cloned().unwrap_or_default();
            let met = support.iter().filter(|s| s["status"] == "compliant").count();
            // A control not yet due counts in the total (it counts 0 in the coverage): "3 of 6 compliant".
            let applicable =
                support.iter().filter(|s| s["status"] != "not_applicable" || s["not_yet_due"] == true).count();
            possible.insert(format!("| {met} of {applicable} compliant"));
        }
        let md = stdout_ok(&["gap", example, "--as-of", AS_OF]);
        for (at, _) in md.match_indices(" compliant") {
            let start = md[..at].rfind("| ").unwrap();
            let cell = &md[start..at + " compliant".len()];
            if cell.contains(" of ") && !cell[2..].contains('|') && cell[2..].starts_with(|c: char| c.is_ascii_digit())
            {
                assert!(possible.contains(cell), "{example}: {cell:?} is no obligation's support count ({possible:?})");
            }
        }
    }
}

/// The table of requirements not assessed yet flagged 6.1.3 (a clause) as missing its Statement of Applicability
/// justification: only an Annex A control has one.
#[test]
fn only_annex_a_controls_miss_a_soa_justification() {
    for example in EXAMPLES {
        let md = stdout_ok(&["gap", example, "--as-of", AS_OF]);
        let Some(at) = md.find("### Not assessed yet") else { continue };
        let table = &md[at..md[at..].find("\n\n#").map_or(md.len(), |end| at + end)];
        if !table.contains("| Justification in the SoA |") {
            continue;
        }
        for row in table.lines().filter(|l| l.starts_with("| ") && !l.starts_with("| Requirement")) {
            let id = row.split(" | ").next().unwrap().trim_start_matches("| ");
            if !id.starts_with("A.") {
                assert!(row.ends_with("| – |"), "{example}: clause {id} flagged: {row}");
            }
        }
    }
}

/// The summary said A.5.3's remaining gap "counts against stage 2" while the plan listed the work under "Before the
/// stage 1 audit": one rule now decides both. An action on AI systems that closes only requirements the verdict
/// leaves to stage 2 (and lifts nothing else, and carries out no stage 1 action) is in the plan's stage 2 phase.
#[test]
fn the_plan_and_the_readiness_verdict_put_work_in_the_same_stage() {
    for example in EXAMPLES {
        let deferred = left_to_stage_2(example);
        let actions = plan_actions(&plan_json(example));
        // Work a stage 1 action waits for (it carries that action out) stays with stage 1.
        let carrying: Vec<String> = actions
            .iter()
            .filter(|a| a["phase"] == "before_stage_1")
            .flat_map(|a| common::strings(&a["carried_by"]))
            .collect();
        for a in &actions {
            let requirements = requirements_of(a);
            let on_systems = !a["systems"].as_array().unwrap().is_empty();
            let id = a["id"].as_str().unwrap().to_string();
            if on_systems && requirements.iter().all(|id| deferred.contains(id)) && !carrying.contains(&id) {
                assert_eq!(a["phase"], "before_stage_2", "{example}: {} is stage 2 work for the verdict", a["id"]);
            }
        }
    }
}

/// The fintech summary said "A.5.5, A.6.2.8 and A.7.5 count against stage 2" while the plan scheduled their
/// AI systems' work before the stage 1 audit, because that work carries out the stage 1 actions of 8.3 and 8.4. A
/// requirement the verdict leaves to stage 2 has no work on AI systems in the plan's stage 1 phase.
#[test]
fn a_requirement_the_verdict_leaves_to_stage_2_has_no_stage_1_work_in_the_plan() {
    for example in EXAMPLES {
        let deferred = left_to_stage_2(example);
        for a in plan_actions(&plan_json(example)) {
            if a["phase"] != "before_stage_1" || a["systems"].as_array().unwrap().is_empty() {
                continue;
            }
            for id in requirements_of(&a) {
                assert!(
                    !deferred.contains(&id),
                    "{example}: the verdict leaves {id} to stage 2, but the plan's stage 1 action {} works on it",
                    a["id"]
                );
            }
        }
    }
}

/// The requirements the summary's stage 1 verdict says count against stage 2 ("… so they count against stage 2:
/// A.5.3, A.5.4."), from the Markdown report.
fn left_to_stage_2(example: &str) -> Vec<String> {
    stdout_ok(&["gap", example, "--as-of", AS_OF])
        .lines()
        .find_map(|l| l.split_once("against stage 2: ").map(|(_, ids)| ids.to_string()))
        .map(|ids| ids.trim_end_matches('.').split(", ").map(str::to_string).collect())
        .unwrap_or_default()
}

/// The requirements a plan action closes or lifts.
fn requirements_of(action: &serde_json::Value) -> Vec<String> {
    let mut requirements = common::strings(&action["requirements"]);
    requirements.extend(common::strings(&action["lifts"]));
    requirements
}

/// The federal sample's Statement of Applicability named all 72 AI systems in each per-system control's row (70
/// printed pages, Markdown lines of 7,800 characters). Above the large-inventory threshold a row counts the systems,
/// and the counts are the JSON's.
#[test]
fn a_large_inventorys_soa_counts_systems_instead_of_naming_each() {
    let example = "examples/us-federal-sample";
    let json: serde_json::Value =
        serde_json::from_str(&stdout_ok(&["soa", example, "--as-of", AS_OF, "--format", "json"])).unwrap();
    assert_eq!(json["large_inventory"], true);
    let md = stdout_ok(&["soa", example, "--as-of", AS_OF]);
    let longest = md.lines().map(str::len).max().unwrap();
    assert!(longest < 1_000, "a row of {longest} bytes");
    let a53 = json["controls"].as_array().unwrap().iter().find(|c| c["id"] == "A.5.3").unwrap();
    let counts = &a53["system_counts"];
    let row = md.lines().find(|l| l.starts_with("| A.5.3 |")).unwrap();
    let due =
        ["compliant", "partially_compliant", "non_compliant"].iter().map(|k| counts[k].as_u64().unwrap()).sum::<u64>();
    assert!(row.contains(&format!("of {due} systems compliant")), "{row}");
    for example in EXAMPLES.iter().filter(|e| !e.ends_with("us-federal-sample")) {
        let json: serde_json::Value =
            serde_json::from_str(&stdout_ok(&["soa", example, "--as-of", AS_OF, "--format", "json"])).unwrap();
        assert_eq!(json["large_inventory"], false, "{example}: lists each system");
    }
}
