//! The OSCAL export (`aims oscal`, docs/oscal.md): the structure of the catalog, the assessment results and the
//! POA&M; UUIDs that are version 5, unique, and stable from one export to the next; every requirement present; every
//! link resolving to a back-matter resource; byte-identical re-exports; hostile workspace text kept to OSCAL's rules.
//! scripts/check-oscal.sh has compliance-trestle validate the same documents.

mod common;

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::Path;

use serde_json::Value;

use aims::assess::{Report, SystemApplicability, assess};
use aims::catalogue::Catalogue;
use aims::date::Date;
use aims::load::load;
use aims::oscal::control_id;
use aims::workspace::{GatePolicy, Status};

use common::{AS_OF, aims};

const EXAMPLES: [&str; 4] = ["fintech-ai-provider", "healthtech-provider", "saas-ai-customer", "us-federal-sample"];
const HOSTILE: &str = "tests/oscal/hostile-workspace";

fn example(name: &str) -> String {
    format!("examples/{name}")
}

/// The assessment results and POA&M of a workspace, from the library, with `policy` as the gate.
fn documents(dir: &str, as_of: Date, policy: Option<GatePolicy>) -> (Value, Value) {
    let catalogue = Catalogue::bundled().unwrap();
    let workspace = load(Path::new(dir), &catalogue, as_of).workspace.expect("a valid workspace");
    let mut assessment = assess(&catalogue, &workspace, as_of);
    let gate = policy.and_then(|p| aims::gate::evaluate(&catalogue, &assessment, &p));
    // The requirements' planned work reads as the plan gives it, as `aims oscal assessment-results` writes it.
    let plan = aims::views::plan::build(&catalogue, &workspace, &assessment);
    aims::views::plan::attach(&plan, &mut assessment);
    let results = aims::oscal::assessment_results(&Report::new(&assessment, gate));
    let poam = aims::oscal::poam(&plan, assessment.risk.as_ref());
    (serde_json::to_value(results).unwrap(), serde_json::to_value(poam).unwrap())
}

fn catalog() -> Value {
    serde_json::to_value(aims::oscal::catalog(&Catalogue::bundled().unwrap())).unwrap()
}

fn as_of() -> Date {
    AS_OF.parse().unwrap()
}

/// Every value of `key` anywhere in `value`, in document order.
fn all<'a>(value: &'a Value, key: &str, out: &mut Vec<&'a Value>) {
    match value {
        Value::Object(map) => {
            for (k, v) in map {
                if k == key {
                    out.push(v);
                }
                all(v, key, out);
            }
        }
        Value::Array(items) => items.iter().for_each(|v| all(v, key, out)),
        _ => {}
    }
}

fn strings<'a>(value: &'a Value, key: &str) -> Vec<&'a str> {
    let mut out = Vec::new();
    all(value, key, &mut out);
    out.into_iter().filter_map(Value::as_str).collect()
}

/// The value of the property `name` of an object with `props`; the first if there are several.
fn prop<'a>(object: &'a Value, name: &str) -> Option<&'a str> {
    object["props"].as_array()?.iter().find(|p| p["name"] == name).and_then(|p| p["value"].as_str())
}

/// Markdown text without its code spans (a run of backticks up to the next run of the same length), whose content
/// Markdown shows as written; a backslash-escaped backtick opens none.
fn outside_code_spans(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::new();
    let mut i = 0;
    while i < chars.len() {
        if chars[i] == '`' && (i == 0 || chars[i - 1] != '\\') {
            let run = chars[i..].iter().take_while(|&&c| c == '`').count();
            let mut j = i + run;
            let mut closed = None;
            while j < chars.len() {
                let n = chars[j..].iter().take_while(|&&c| c == '`').count();
                if n == run {
                    closed = Some(j + n);
                    break;
                }
                j += n.max(1);
            }
            if let Some(end) = closed {
                i = end;
                continue;
            }
        }
        out.push(chars[i]);
        i += 1;
    }
    out
}

/// What every OSCAL document aims writes must hold, whatever the workspace: OSCAL's rules for arrays, UUIDs,
/// one-line text and property values, and references that resolve.
fn check(document: &Value) {
    // OSCAL forbids empty arrays; an empty string is never meaningful.
    fn walk(value: &Value, path: &str) {
        match value {
            Value::Array(items) => {
                assert!(!items.is_empty(), "an empty array at {path}");
                items.iter().enumerate().for_each(|(i, v)| walk(v, &format!("{path}[{i}]")));
            }
            Value::Object(map) => map.iter().for_each(|(k, v)| walk(v, &format!("{path}.{k}"))),
            Value::String(s) => assert!(!s.is_empty(), "an empty string at {path}"),
            _ => {}
        }
    }
    walk(document, "");

    let uuids = strings(document, "uuid");
    let unique: BTreeSet<&str> = uuids.iter().copied().collect();
    assert_eq!(unique.len(), uuids.len(), "every UUID is unique within the document");
    for u in &uuids {
        assert_eq!(uuid::Uuid::parse_str(u).unwrap().get_version_num(), 5, "{u} is a version 5 UUID");
    }

    // One-line text (OSCAL `markup-line`) and Markdown fields: no line break, no control character, no raw HTML,
    // every `[` escaped so that no link can form.
    for key in ["title", "description", "remarks", "statement", "text"] {
        for full in strings(document, key) {
            let text = &outside_code_spans(full);
            assert!(!text.contains('\n') || key == "prose", "{key} on one line: {text:?}");
            assert!(!text.chars().any(|c| c.is_control()), "{key} without control characters: {text:?}");
            assert!(!text.contains('<'), "{key} without raw HTML: {text:?}");
            let bytes = text.as_bytes();
            for (i, b) in bytes.iter().enumerate() {
                if *b == b'[' {
                    assert!(i > 0 && bytes[i - 1] == b'\\', "{key} with an escaped `[`: {text:?}");
                }
            }
        }
    }
    // Property values (OSCAL `string`): one line without leading or trailing white space.
    let mut props = Vec::new();
    all(document, "props", &mut props);
    for p in props.iter().flat_map(|p| p.as_array().unwrap()) {
        let value = p["value"].as_str().unwrap();
        assert_eq!(value.trim(), value);
        assert!(!value.chars().any(|c| c.is_control() || c == '\u{202e}'), "{value:?}");
        let name = p["name"].as_str().unwrap();
        assert!(name.starts_with(|c: char| c.is_ascii_alphabetic()) && !name.contains(' '), "a token: {name}");
    }

    // Links to the back matter resolve, and every resource is linked.
    let resources: BTreeSet<&str> = document
        .as_object()
        .unwrap()
        .values()
        .flat_map(|d| d["back-matter"]["resources"].as_array().into_iter().flatten())
        .map(|r| r["uuid"].as_str().unwrap())
        .collect();
    let links: BTreeSet<&str> = strings(document, "href").into_iter().filter_map(|h| h.strip_prefix('#')).collect();
    assert_eq!(links, resources, "`#UUID` links and back-matter resources match one to one");

    // References inside the document name objects of it.
    for (reference, target) in
        [("observation-uuid", "observations"), ("risk-uuid", "risks"), ("subject-uuid", "inventory-items")]
    {
        let mut targets = Vec::new();
        all(document, target, &mut targets);
        let known: BTreeSet<&str> =
            targets.iter().flat_map(|t| t.as_array().unwrap()).map(|o| o["uuid"].as_str().unwrap()).collect();
        for r in strings(document, reference) {
            assert!(known.contains(r), "{reference} {r} names one of the document's {target}");
        }
    }
}

#[test]
fn the_catalog_lists_every_requirement_with_aims_own_words_and_no_more() {
    let catalogue = Catalogue::bundled().unwrap();
    let document = catalog();
    check(&document);
    let c = &document["catalog"];
    assert_eq!(c["metadata"]["oscal-version"], "1.2.1");
    assert_eq!(c["metadata"]["version"], aims::catalogue::VERSION);
    assert!(c["metadata"]["last-modified"].as_str().unwrap().ends_with("-01T00:00:00Z"));

    let groups = c["groups"].as_array().unwrap();
    assert_eq!(groups.len(), catalogue.groups.len());
    let mut ids = BTreeSet::new();
    for (g, group) in catalogue.groups.iter().zip(groups) {
        assert_eq!(group["id"], control_id(&g.id));
        assert_eq!(prop(group, "label"), Some(g.id.as_str()));
        assert_eq!(group["title"], g.title.as_str());
        let controls = group["controls"].as_array().unwrap();
        assert_eq!(controls.len(), g.requirements.len());
        for (r, control) in g.requirements.iter().zip(controls) {
            let id = control["id"].as_str().unwrap();
            assert_eq!(id, control_id(&r.id));
            assert!(ids.insert(id.to_string()), "control IDs are unique");
            assert_eq!(prop(control, "label"), Some(r.id.as_str()));
            assert_eq!(control["title"], r.display_title());
            let parts = control["parts"].as_array().unwrap();
            // The prose is the catalogue's own text, part for part: a summary, the evidence an auditor expects
            // (EXAMINE) and the questions to ask (INTERVIEW).
            assert_eq!(parts[0]["name"], "overview");
            assert_eq!(parts[0]["prose"], r.summary.trim());
            for (part, method, items) in [(&parts[1], "EXAMINE", &r.evidence), (&parts[2], "INTERVIEW", &r.questions)] {
                assert_eq!(part["name"], "assessment-method");
                assert_eq!(prop(part, "method"), Some(method));
                let listed: Vec<&str> = part["parts"][0]["prose"].as_str().unwrap().lines().collect();
                let expected: Vec<String> = items.iter().map(|i| format!("- {}", i.trim())).collect();
                assert_eq!(listed, expected);
            }
        }
    }
    assert_eq!(ids.len(), catalogue.len());
}

#[test]
fn assessment_results_cover_every_requirement_and_every_system_it_is_due_for() {
    let catalogue = Catalogue::bundled().unwrap();
    let catalog = catalog();
    let controls: BTreeSet<&str> = strings(&catalog, "id").into_iter().collect();
    for name in EXAMPLES {
        let dir = example(name);
        let (results, _) = documents(&dir, as_of(), None);
        check(&results);
        let ar = &results["assessment-results"];
        assert_eq!(ar["metadata"]["oscal-version"], "1.2.1");
        assert_eq!(ar["metadata"]["last-modified"], format!("{AS_OF}T00:00:00Z"));
        let result = &ar["results"][0];
        assert_eq!(result["start"], format!("{AS_OF}T00:00:00Z"));
        assert_eq!(prop(result, "gate"), Some("not-set"));

        let reviewed: Vec<&str> = strings(&result["reviewed-controls"], "control-id");
        let expected: Vec<String> = catalogue.requirements().map(|r| control_id(&r.id)).collect();
        assert_eq!(reviewed, expected, "{name}: every requirement is reviewed, in catalogue order");

        let workspace = load(Path::new(&dir), &catalogue, as_of()).workspace.unwrap();
        let assessment = assess(&catalogue, &workspace, as_of());
        let findings = result["findings"].as_array().unwrap();
        let by_key: HashMap<(&str, Option<&str>), &Value> =
            findings.iter().map(|f| ((prop(f, "requirement").unwrap(), prop(f, "ai-system")), f)).collect();
        assert_eq!(by_key.len(), findings.len(), "one finding per requirement and system");
        for f in findings {
            assert!(controls.contains(f["target"]["target-id"].as_str().unwrap()), "targets a control of the catalog");
        }
        for r in &assessment.requirements {
            let f = by_key.get(&(r.id.as_str(), None)).unwrap_or_else(|| panic!("{name}: no finding for {}", r.id));
            assert_eq!(f["target"]["target-id"], control_id(&r.id));
            assert_eq!(prop(f, "status"), Some(r.status.as_str()));
            let satisfied = matches!(r.status, Status::Compliant | Status::NotApplicable);
            assert_eq!(f["target"]["status"]["state"], if satisfied { "satisfied" } else { "not-satisfied" });
            for s in &r.systems {
                let due = s.applicability == SystemApplicability::Applies;
                let found = by_key.get(&(r.id.as_str(), Some(s.system.as_str())));
                assert_eq!(found.is_some(), due, "{name}: {} for {} is a finding exactly when due", r.id, s.system);
                if let Some(f) = found {
                    assert_eq!(prop(f, "status"), Some(s.status.as_str()));
                }
            }
        }

        // Every evidence record is relevant evidence with its review date, linked to its document.
        let observations = result["observations"].as_array().unwrap();
        let mut evidence = Vec::new();
        for o in observations {
            for e in o["relevant-evidence"].as_array().into_iter().flatten() {
                evidence.push((prop(o, "requirement").unwrap(), prop(o, "ai-system"), prop(e, "reviewed"), e));
            }
        }
        for r in &assessment.requirements {
            for record in &r.evidence {
                let reviewed = record.reviewed.map(|d| d.to_string());
                let listed = evidence.iter().find(|(req, system, date, e)| {
                    *req == r.id
                        && *system == record.system.as_deref()
                        && *date == reviewed.as_deref()
                        && prop(e, "verdict") == Some(record.verdict.as_str())
                });
                assert!(listed.is_some(), "{name}: {}'s record {:?} is relevant evidence", r.id, record.name());
                if record.name().is_some() {
                    assert!(listed.unwrap().3["href"].as_str().unwrap().starts_with('#'));
                }
            }
        }

        // Every rule that fired is on an observation of type `finding` with its code: its own for a finding about
        // the organisation, the AI system's for a finding about one system.
        let mut rules: BTreeMap<(&str, Option<&str>), Vec<&str>> = BTreeMap::new();
        for o in observations.iter().filter(|o| o["types"].as_array().unwrap().contains(&"finding".into())) {
            let fired = o["props"].as_array().unwrap().iter().filter(|p| p["name"] == "rule");
            rules
                .entry((prop(o, "requirement").unwrap(), prop(o, "ai-system")))
                .or_default()
                .extend(fired.map(|p| p["value"].as_str().unwrap()));
        }
        let listed: usize = rules.values().map(Vec::len).sum();
        assert_eq!(listed, assessment.summary.findings, "{name}: every rule that fired, once");
        for r in &assessment.requirements {
            for f in &r.findings {
                let on = rules.get(&(r.id.as_str(), f.system.as_deref())).map(Vec::as_slice).unwrap_or_default();
                assert!(on.contains(&f.code.as_str()), "{name}: {} on {} {:?}", f.code.as_str(), r.id, f.system);
            }
        }
    }
}

#[test]
fn the_gate_verdict_is_recorded() {
    let policy = GatePolicy { fail_under: Some(99.0), ..GatePolicy::default() };
    let (results, _) = documents(&example("saas-ai-customer"), as_of(), Some(policy));
    let result = &results["assessment-results"]["results"][0];
    assert_eq!(prop(result, "gate"), Some("failed"));
    assert!(result["remarks"].as_str().unwrap().starts_with("Gate failed"), "{}", result["remarks"]);
    let policy = GatePolicy { fail_under: Some(1.0), ..GatePolicy::default() };
    let (results, _) = documents(&example("saas-ai-customer"), as_of(), Some(policy));
    assert_eq!(prop(&results["assessment-results"]["results"][0], "gate"), Some("passed"));
}

#[test]
fn the_poam_has_one_item_and_one_risk_per_plan_action_in_rank_order() {
    let catalogue = Catalogue::bundled().unwrap();
    for name in EXAMPLES {
        let dir = example(name);
        let (_, poam) = documents(&dir, as_of(), None);
        check(&poam);
        let p = &poam["plan-of-action-and-milestones"];
        let workspace = load(Path::new(&dir), &catalogue, as_of()).workspace.unwrap();
        let plan = aims::views::plan::build(&catalogue, &workspace, &assess(&catalogue, &workspace, as_of()));
        let actions: Vec<_> = plan.phases.iter().flat_map(|p| &p.actions).collect();
        let items = p["poam-items"].as_array().unwrap();
        // The plan's actions first; then one item per risk of the register with an open treatment action.
        let treated = plan.risk_treatments.iter().map(|t| &t.risk).collect::<BTreeSet<_>>().len();
        assert_eq!(items.len(), (actions.len() + treated).max(1), "{name}");
        let risks: BTreeMap<&str, &Value> =
            p["risks"].as_array().unwrap().iter().map(|r| (r["uuid"].as_str().unwrap(), r)).collect();
        for (item, action) in items.iter().zip(&actions) {
            assert_eq!(prop(item, "action-id"), Some(action.id.as_str()));
            assert_eq!(prop(item, "rank"), Some(action.rank.to_string().as_str()));
            let risk = risks[item["related-risks"][0]["risk-uuid"].as_str().unwrap()];
            let remediation = &risk["remediations"][0];
            assert_eq!(remediation["lifecycle"], if action.planned { "planned" } else { "recommendation" });
            match action.due {
                Some(due) => {
                    assert_eq!(risk["deadline"], format!("{due}T00:00:00Z"));
                    assert_eq!(remediation["tasks"][0]["timing"]["on-date"]["date"], format!("{due}T00:00:00Z"));
                }
                None => assert!(risk.get("deadline").is_none()),
            }
        }
    }
}

#[test]
fn a_plan_without_actions_still_makes_a_valid_poam() {
    let plan = aims::views::plan::Plan {
        schema_version: 3,
        organisation: "Done Ltd".to_string(),
        as_of: as_of(),
        gap_analysis_version: None,
        actions: 0,
        carried_by_others: 0,
        overdue: 0,
        without_owner: 0,
        without_due_date: 0,
        phases: Vec::new(),
        target_audit_date: None,
        due_after_target: 0,
        risk_treatments: Vec::new(),
        review_before_target: Vec::new(),
    };
    let poam = serde_json::to_value(aims::oscal::poam(&plan, None)).unwrap();
    check(&poam);
    let items = poam["plan-of-action-and-milestones"]["poam-items"].as_array().unwrap();
    assert_eq!(items.len(), 1, "OSCAL requires one item at least");
    assert_eq!(prop(&items[0], "no-open-actions"), Some("true"));
    assert!(poam["plan-of-action-and-milestones"].get("risks").is_none());
}

#[test]
fn uuids_stay_the_same_from_one_export_to_the_next_and_differ_between_organisations() {
    let dir = example("saas-ai-customer");
    let ids = |as_of: &str| {
        let (results, poam) = documents(&dir, as_of.parse().unwrap(), None);
        let findings: BTreeMap<String, String> = results["assessment-results"]["results"][0]["findings"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| {
                let key = format!("{} {}", prop(f, "requirement").unwrap(), prop(f, "ai-system").unwrap_or(""));
                (key, f["uuid"].as_str().unwrap().to_string())
            })
            .collect();
        let document = results["assessment-results"]["uuid"].as_str().unwrap().to_string();
        let poam = poam["plan-of-action-and-milestones"]["uuid"].as_str().unwrap().to_string();
        (document, poam, findings)
    };
    // A later as-of date changes what the workspace shows (evidence ages), not which object is which.
    let (doc_a, poam_a, a) = ids(AS_OF);
    let (doc_b, poam_b, b) = ids("2027-03-01");
    assert_eq!((&doc_a, &poam_a), (&doc_b, &poam_b));
    for (key, uuid) in &a {
        if let Some(later) = b.get(key) {
            assert_eq!(uuid, later, "the finding of {key} keeps its UUID");
        }
    }
    // The document's UUID is derived from the organisation's name, as docs/oscal.md says.
    assert_eq!(doc_a, aims::oscal::uuid(&["assessment-results", "Brightdesk Software Ltd"]).to_string());
    // Two organisations' documents share no UUID.
    let (other, _) = documents(&example("fintech-ai-provider"), as_of(), None);
    let (mine, _) = documents(&dir, as_of(), None);
    let theirs: BTreeSet<&str> = strings(&other, "uuid").into_iter().collect();
    assert!(strings(&mine, "uuid").iter().all(|u| !theirs.contains(u)));
}

#[test]
fn hostile_workspace_text_stays_data() {
    let (results, poam) = documents(HOSTILE, as_of(), None);
    check(&results);
    check(&poam);
    // Markdown fields are one line with HTML and links escaped (`check` looks at every one of them).
    assert_eq!(
        results["assessment-results"]["metadata"]["title"],
        "Gap &lt;!-- hidden --> \\[click\\](javascript:alert(1)) # Forged heading"
    );
    // The party's name is a plain string, not Markdown: kept as written, on one line.
    let party = &results["assessment-results"]["metadata"]["parties"][0]["name"];
    assert_eq!(party, "Evil \"Org\" <script>alert(1)</script> [x](http://evil)");
    // A file name with a space, `#` and brackets is one percent-encoded path.
    let hrefs = strings(&results, "href");
    assert!(hrefs.contains(&"evidence/impact%20%231%20%5Ba%5D%28b%29.md"), "{hrefs:?}");
}

#[test]
fn a_re_export_is_byte_identical_and_matches_the_library() {
    let run = |args: &[&str]| {
        let output = aims(args);
        assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
        assert!(output.stderr.is_empty(), "{}", String::from_utf8_lossy(&output.stderr));
        output.stdout
    };
    let first = run(&["oscal", "catalog"]);
    assert_eq!(first, run(&["oscal", "catalog"]));
    assert_eq!(
        String::from_utf8(first).unwrap(),
        aims::render::json(&aims::oscal::catalog(&Catalogue::bundled().unwrap()))
    );
    for name in ["saas-ai-customer", "healthtech-provider"] {
        let dir = example(name);
        for model in ["assessment-results", "poam"] {
            let args = ["oscal", model, dir.as_str(), "--as-of", AS_OF];
            let first = run(&args);
            assert_eq!(first, run(&args), "{model} of {name} is byte-identical on re-export");
            let value: Value = serde_json::from_slice(&first).unwrap();
            let (results, poam) = documents(&dir, as_of(), None);
            assert_eq!(value, if model == "poam" { poam } else { results });
        }
    }
}

#[test]
fn the_streamed_assessment_results_are_the_bytes_of_the_whole_document() {
    let catalogue = Catalogue::bundled().unwrap();
    let failing = GatePolicy { fail_under: Some(90.0), fail_on: vec![Status::NonCompliant], ..GatePolicy::default() };
    let cases = EXAMPLES
        .iter()
        .map(|name| (example(name), None))
        .chain([(HOSTILE.to_string(), None), (example("saas-ai-customer"), Some(failing))]);
    for (dir, policy) in cases {
        let workspace = load(Path::new(&dir), &catalogue, as_of()).workspace.expect("a valid workspace");
        let assessment = assess(&catalogue, &workspace, as_of());
        let gate = policy.and_then(|p| aims::gate::evaluate(&catalogue, &assessment, &p));
        let report = Report::new(&assessment, gate);
        let mut streamed = Vec::new();
        aims::oscal::assessment_results_to(&report, &mut streamed).unwrap();
        let whole = aims::render::json(&aims::oscal::assessment_results(&report));
        assert!(String::from_utf8(streamed).unwrap() == whole, "the streamed assessment results of {dir} differ");
    }
}

#[test]
fn the_assessment_results_gate_comes_from_the_flags_and_never_sets_the_exit_code() {
    let output = aims(&[
        "oscal",
        "assessment-results",
        "examples/saas-ai-customer",
        "--as-of",
        AS_OF,
        "--fail-under",
        "99",
        "--fail-on",
        "non_compliant",
    ]);
    assert!(output.status.success());
    let value: Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(prop(&value["assessment-results"]["results"][0], "gate"), Some("failed"));
}
