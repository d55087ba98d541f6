//! The AI risk register in the OSCAL export (docs/oscal.md, "Risks"): every risk of the register in the assessment
//! results' `risks` with its ratings as characterizations on the organisation's scales, its treatment actions as
//! remediations, its acceptance in the risk log and the observations about it; the findings of the controls a
//! treatment chooses related to the risk; and in the POA&M, the same risks with an item for each risk that has an
//! open treatment action. scripts/check-oscal.sh has compliance-trestle validate the fintech example's documents.

mod common;

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use serde_json::Value;

use aims::assess::{Report, assess};
use aims::catalogue::Catalogue;
use aims::date::Date;
use aims::load::load;

use common::AS_OF;

const FINTECH: &str = "examples/fintech-ai-provider";

/// The assessment results and the POA&M of a workspace as of `as_of`, and the assessment.
fn documents(dir: &str, as_of: &str) -> (Value, Value, aims::assess::Assessment) {
    let as_of: Date = as_of.parse().unwrap();
    let catalogue = Catalogue::bundled().unwrap();
    let workspace = load(Path::new(dir), &catalogue, as_of).workspace.expect("a valid workspace");
    let assessment = assess(&catalogue, &workspace, as_of);
    let results = serde_json::to_value(aims::oscal::assessment_results(&Report::new(&assessment, None))).unwrap();
    let plan = aims::views::plan::build(&catalogue, &workspace, &assessment);
    let poam = serde_json::to_value(aims::oscal::poam(&plan, assessment.risk.as_ref())).unwrap();
    (results, poam, assessment)
}

fn props<'a>(object: &'a Value, name: &str) -> Vec<&'a str> {
    object["props"]
        .as_array()
        .map(|props| props.iter().filter(|p| p["name"] == name).filter_map(|p| p["value"].as_str()).collect())
        .unwrap_or_default()
}

fn prop<'a>(object: &'a Value, name: &str) -> Option<&'a str> {
    props(object, name).first().copied()
}

fn list<'a>(object: &'a Value, key: &str) -> &'a [Value] {
    object[key].as_array().map(Vec::as_slice).unwrap_or_default()
}

fn by_uuid(items: &[Value]) -> BTreeMap<&str, &Value> {
    items.iter().map(|i| (i["uuid"].as_str().unwrap(), i)).collect()
}

#[test]
fn every_register_risk_is_an_oscal_risk_with_its_ratings_treatment_and_acceptance() {
    let (results, _, assessment) = documents(FINTECH, AS_OF);
    let register = assessment.risk.as_ref().expect("the fintech example keeps a register");
    let result = &results["assessment-results"]["results"][0];
    let risks = list(result, "risks");
    assert_eq!(risks.len(), register.risks.len());
    let party = results["assessment-results"]["metadata"]["parties"][0]["uuid"].as_str().unwrap();
    for (risk, r) in risks.iter().zip(&register.risks) {
        assert_eq!(prop(risk, "risk-id"), Some(r.id.as_str()), "register order");
        assert_eq!(risk["status"], aims::oscal::risk_status(r), "{}", r.id);
        assert_eq!(props(risk, "control"), r.controls.iter().map(String::as_str).collect::<Vec<_>>());
        assert_eq!(props(risk, "ai-system"), r.systems.iter().map(String::as_str).collect::<Vec<_>>());
        assert_eq!(prop(risk, "owner"), r.owner.as_deref());
        assert!(risk["statement"].as_str().unwrap().starts_with("Inherent rating: likelihood"), "{}", r.id);
        // The ratings, on the organisation's scales, by the organisation.
        let ratings = list(risk, "characterizations");
        let expected: Vec<_> = [("inherent", &r.inherent), ("residual", &r.residual)]
            .into_iter()
            .filter_map(|(which, rating)| rating.as_ref().map(|x| (which, x)))
            .collect();
        assert_eq!(ratings.len(), expected.len(), "{}", r.id);
        for (c, (which, rating)) in ratings.iter().zip(expected) {
            assert_eq!(prop(c, "rating"), Some(which));
            assert_eq!(c["origin"]["actors"][0]["type"], "party");
            assert_eq!(c["origin"]["actors"][0]["actor-uuid"], party);
            let facets: BTreeMap<&str, &Value> =
                list(c, "facets").iter().map(|f| (f["name"].as_str().unwrap(), f)).collect();
            assert_eq!(facets["likelihood"]["value"], rating.likelihood_level.as_str());
            assert_eq!(prop(facets["likelihood"], "level"), Some(rating.likelihood.to_string().as_str()));
            assert_eq!(facets["impact"]["value"], rating.consequence_level.as_str());
            assert_eq!(facets["risk"]["value"], rating.score.to_string());
            let above = if rating.above_threshold { "true" } else { "false" };
            assert_eq!(prop(facets["risk"], "above-threshold"), Some(above));
            assert!(facets.values().all(|f| f["system"] == aims::oscal::NS));
        }
        // Treatment actions as remediations, with owners and due dates.
        let remediations = list(risk, "remediations");
        assert_eq!(remediations.len(), r.actions.len());
        for (remediation, action) in remediations.iter().zip(&r.actions) {
            let lifecycle = if action.done.is_some() { "completed" } else { "planned" };
            assert_eq!(remediation["lifecycle"], lifecycle);
            assert_eq!(prop(remediation, "owner"), action.owner.as_deref());
            if let Some(due) = action.due {
                assert_eq!(remediation["tasks"][0]["timing"]["on-date"]["date"], format!("{due}T00:00:00Z"));
            }
        }
        // The acceptance, in the risk log.
        match &r.acceptance {
            Some(accepted) => {
                let entry = &risk["risk-log"]["entries"][0];
                assert_eq!(entry["start"], format!("{}T00:00:00Z", accepted.on));
                assert_eq!(prop(entry, "accepted-by"), Some(accepted.by.as_str()));
                assert_eq!(entry["status-change"], "deviation-approved");
            }
            None => assert!(risk.get("risk-log").is_none()),
        }
    }
    let status = |id: &str| risks.iter().find(|r| prop(r, "risk-id") == Some(id)).unwrap()["status"].clone();
    assert_eq!(status("R-03"), "deviation-approved", "accepted by the Chief Risk Officer");
    assert_eq!(status("R-04"), "closed", "treated to within the acceptance threshold");
    assert_eq!(status("R-14"), "remediating", "a treatment action is open");
    assert_eq!(risks.iter().find(|r| prop(r, "risk-id") == Some("R-14")).unwrap()["deadline"], "2026-09-30T00:00:00Z");
}

#[test]
fn risks_link_to_the_observations_about_them_and_findings_to_the_risks_behind_them() {
    let (results, _, assessment) = documents(FINTECH, AS_OF);
    let result = &results["assessment-results"]["results"][0];
    let observations = by_uuid(list(result, "observations"));
    let risks = by_uuid(list(result, "risks"));
    let risk_id = |uuid: &str| prop(risks[uuid], "risk-id").unwrap().to_string();
    for risk in risks.values() {
        for related in list(risk, "related-observations") {
            assert!(observations.contains_key(related["observation-uuid"].as_str().unwrap()), "resolves");
        }
    }
    // R-14's overdue action and unaccepted residual rating are findings of aims's checks, linked to the risk.
    let r14 = risks.values().find(|r| prop(r, "risk-id") == Some("R-14")).unwrap();
    let rules: BTreeSet<&str> = list(r14, "related-observations")
        .iter()
        .filter_map(|o| prop(observations[o["observation-uuid"].as_str().unwrap()], "rule"))
        .collect();
    assert_eq!(rules, BTreeSet::from(["risk-action-overdue", "risk-residual-unaccepted"]));
    // And the requirement observation of the control its treatment chooses.
    assert!(list(r14, "related-observations").iter().any(|o| {
        let observation = observations[o["observation-uuid"].as_str().unwrap()];
        prop(observation, "requirement") == Some("A.6.2.8") && prop(observation, "rule").is_none()
    }));
    // Each control's finding names the risks whose treatment chooses it (the SoA's "treats R-3, R-7").
    for r in &assessment.requirements {
        let finding = list(result, "findings")
            .iter()
            .find(|f| prop(f, "requirement") == Some(r.id.as_str()) && prop(f, "ai-system").is_none())
            .unwrap();
        let related: Vec<String> =
            list(finding, "related-risks").iter().map(|x| risk_id(x["risk-uuid"].as_str().unwrap())).collect();
        for id in &r.treated_by {
            assert!(related.contains(id), "{} is related to {id}: {related:?}", r.id);
        }
        if r.id == "8.3" {
            assert!(related.contains(&"R-14".to_string()), "8.3's findings are about R-14: {related:?}");
        }
    }
}

#[test]
fn the_poam_carries_the_register_with_an_item_per_risk_under_treatment() {
    let (_, poam, assessment) = documents(FINTECH, AS_OF);
    let register = assessment.risk.as_ref().unwrap();
    let p = &poam["plan-of-action-and-milestones"];
    let risks = by_uuid(list(p, "risks"));
    let register_risks: Vec<&&Value> = risks.values().filter(|r| prop(r, "risk-id").is_some()).collect();
    assert_eq!(register_risks.len(), register.risks.len());
    let items = list(p, "poam-items");
    let treated: Vec<&str> =
        register.risks.iter().filter(|r| r.actions.iter().any(|a| a.done.is_none())).map(|r| r.id.as_str()).collect();
    let risk_items: Vec<&Value> = items.iter().filter(|i| prop(i, "risk-id").is_some()).collect();
    assert_eq!(risk_items.iter().map(|i| prop(i, "risk-id").unwrap()).collect::<Vec<_>>(), treated);
    for item in &risk_items {
        let risk = risks[item["related-risks"][0]["risk-uuid"].as_str().unwrap()];
        assert_eq!(prop(risk, "risk-id"), prop(item, "risk-id"));
        assert!(list(risk, "remediations").iter().any(|r| r["lifecycle"] == "planned"));
    }
    let r14 = risk_items.iter().find(|i| prop(i, "risk-id") == Some("R-14")).unwrap();
    assert_eq!(prop(r14, "owner"), Some("Chief Technology Officer"));
    assert_eq!(prop(r14, "due"), Some("2026-09-30"));
    assert_eq!(prop(r14, "overdue"), Some("true"));
    // A plan action for a control that a treatment chooses is related to that risk too.
    for item in items.iter().filter(|i| prop(i, "action-id").is_some()) {
        let requirements = props(item, "requirement");
        for r in register.risks.iter().filter(|r| r.controls.iter().any(|c| requirements.contains(&c.as_str()))) {
            assert!(
                list(item, "related-risks")
                    .iter()
                    .any(|x| prop(risks[x["risk-uuid"].as_str().unwrap()], "risk-id") == Some(r.id.as_str())),
                "{:?} is related to {}",
                prop(item, "action-id"),
                r.id
            );
        }
    }
}

#[test]
fn a_workspace_without_a_register_has_no_register_risks_and_risk_uuids_are_stable() {
    let (results, poam, _) = documents("examples/saas-ai-customer", AS_OF);
    assert!(results["assessment-results"]["results"][0].get("risks").is_none());
    assert!(list(&poam["plan-of-action-and-milestones"], "risks").iter().all(|r| prop(r, "risk-id").is_none()));
    let ids = |as_of: &str| -> Vec<(String, String)> {
        let (results, _, _) = documents(FINTECH, as_of);
        list(&results["assessment-results"]["results"][0], "risks")
            .iter()
            .map(|r| (prop(r, "risk-id").unwrap().to_string(), r["uuid"].as_str().unwrap().to_string()))
            .collect()
    };
    let (now, later) = (ids(AS_OF), ids("2027-03-01"));
    assert_eq!(now, later, "a risk keeps its UUID from one assessment to the next");
    assert!(now.iter().all(|(_, u)| u.parse::<uuid::Uuid>().unwrap().get_version_num() == 5));
}
