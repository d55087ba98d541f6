//! The EU AI Act obligations of each AI system: which obligations each combination of operator roles,
//! classifications and context triggers (a table of cases), from which date, with honest coverage (a property test),
//! the checks they raise, and the problems of the single-role, single-tier model they replace (regression tests named
//! after each problem).

#[path = "common/xlsx.rs"]
mod book;
mod common;

use std::collections::BTreeSet;

use aims::assess::eu_obligations::{EuAiActResult, EuSystemResult, ObligationState};
use aims::assess::{Assessment, Report};
use aims::catalogue::Catalogue;
use aims::rules::Code;
use aims::workspace::Status;
use common::*;
use proptest::prelude::*;
use serde_json::Value;

/// Every provider obligation of a high-risk system, without the conditional Art. 22.
const PROVIDER: &[&str] = &[
    "art-9", "art-10", "art-11", "art-12", "art-13", "art-14", "art-15", "art-18", "art-19", "art-20", "art-21",
    "art-43", "art-47", "art-48", "art-49", "art-72", "art-73",
];
/// Every deployer obligation of a high-risk Annex III system without conditions.
const DEPLOYER: &[&str] = &["art-26-use", "art-26-2", "art-26-6", "art-26-11"];

/// A system file: the given `eu_ai_act:` body (indented two spaces), human oversight and a few records.
fn system(id: &str, eu: &str) -> String {
    format!(
        "id: {id}\nname: System {id}\npurpose: Does things\nowner: Owner\nlifecycle_stage: operation\nai_role: provider\n\
         human_oversight: A person reviews every output.\neu_ai_act:\n{eu}evidence:\n  \
         impact_assessment: {{file: evidence/policy.md, reviewed: 2026-06-01}}\n  \
         event_logging: {{file: evidence/policy.md, reviewed: 2026-06-01}}\n"
    )
}

fn assess_systems(systems: &[(&str, String)]) -> Assessment {
    let paths: Vec<String> = systems.iter().map(|(id, _)| format!("systems/{id}.yaml")).collect();
    let mut files: Vec<(&str, &str)> = vec![("organisation.yaml", ORGANISATION), ("evidence/policy.md", "# Policy\n")];
    files.extend(paths.iter().zip(systems).map(|(p, (_, text))| (p.as_str(), text.as_str())));
    let dir = workspace(&files);
    assess_dir(dir.path())
}

fn eu(a: &Assessment) -> &EuAiActResult {
    a.eu_ai_act.as_ref().expect("classified systems give EU AI Act results")
}

fn eu_system<'a>(a: &'a Assessment, id: &str) -> &'a EuSystemResult {
    eu(a).systems.iter().find(|s| s.id == id).unwrap_or_else(|| panic!("no EU AI Act results for {id}"))
}

fn ids(s: &EuSystemResult) -> BTreeSet<&str> {
    s.obligations.iter().map(|o| o.id.as_str()).collect()
}

fn set(parts: &[&[&'static str]]) -> BTreeSet<&'static str> {
    parts.iter().flat_map(|p| p.iter().copied()).collect()
}

#[test]
fn each_role_and_classification_case_shows_the_obligations_it_triggers() {
    // (case, eu_ai_act body, the system's own obligations, the organisation-wide ones)
    let cases: Vec<(&str, &str, BTreeSet<&str>, &[&str])> = vec![
        (
            "provider only",
            "  roles: [provider]\n  classifications: [annex_iii]\n  annex_iii_areas: [\"4(a): recruitment\"]\n",
            set(&[PROVIDER]),
            &["art-4", "art-5-screening", "art-5-screening-intimate-imagery", "art-17"],
        ),
        (
            "deployer only",
            "  roles: [deployer]\n  classifications: [annex_iii]\n  annex_iii_areas: [\"4(a): recruitment\"]\n",
            set(&[DEPLOYER]),
            &["art-4", "art-5-screening", "art-5-screening-intimate-imagery"],
        ),
        (
            "provider and deployer",
            "  roles: [provider, deployer]\n  classifications: [annex_iii]\n  annex_iii_areas: [\"4(a): recruitment\"]\n",
            set(&[PROVIDER, DEPLOYER]),
            &["art-4", "art-5-screening", "art-5-screening-intimate-imagery", "art-17"],
        ),
        ("importer", "  roles: [importer]\n  classifications: [annex_iii]\n", set(&[&["art-23"]]), &[]),
        ("distributor", "  roles: [distributor]\n  classifications: [annex_i]\n", set(&[&["art-24"]]), &[]),
        (
            "high-risk and Art. 50",
            "  roles: [provider]\n  classifications: [annex_iii, art_50_1]\n  annex_iii_areas: [\"5(d): emergency triage\"]\n",
            set(&[PROVIDER, &["art-50-1"]]),
            &["art-4", "art-5-screening", "art-5-screening-intimate-imagery", "art-17"],
        ),
        (
            "Annex I and Annex III",
            "  roles: [product_manufacturer]\n  classifications: [annex_i, annex_iii]\n  annex_i_product: Medical devices\n",
            set(&[PROVIDER]),
            &["art-4", "art-5-screening", "art-5-screening-intimate-imagery", "art-17"],
        ),
        (
            "GPAI provider",
            "  roles: [provider]\n  classifications: [gpai_systemic_risk]\n  context: [provider_outside_eu]\n",
            set(&[&["art-53", "art-54", "art-55"]]),
            &["art-4", "art-5-screening", "art-5-screening-intimate-imagery"],
        ),
        (
            "prohibited",
            "  roles: [deployer]\n  classifications: [prohibited]\n",
            set(&[&["art-5"]]),
            &["art-4", "art-5-screening", "art-5-screening-intimate-imagery"],
        ),
        (
            "prohibited from 2026-12-02",
            "  roles: [provider]\n  classifications: [prohibited_intimate_imagery]\n",
            set(&[&["art-5-intimate-imagery"]]),
            &["art-4", "art-5-screening", "art-5-screening-intimate-imagery"],
        ),
        (
            "Art. 6(3) derogation",
            "  roles: [provider]\n  classifications: [art_6_3_derogation]\n  annex_iii_areas: [\"4(a): recruitment\"]\n",
            set(&[&["art-6-3"]]),
            &["art-4", "art-5-screening", "art-5-screening-intimate-imagery"],
        ),
        (
            "public-body deployer",
            "  roles: [deployer]\n  classifications: [annex_iii]\n  annex_iii_areas: [\"5(a): eligibility for public benefits\"]\n  context: [public_body]\n",
            set(&[DEPLOYER, &["art-26-8", "art-27"]]),
            &["art-4", "art-5-screening", "art-5-screening-intimate-imagery"],
        ),
        (
            "public-body deployer of critical infrastructure",
            "  roles: [deployer]\n  classifications: [annex_iii]\n  annex_iii_areas: [\"2: water supply\"]\n  context: [public_body]\n",
            set(&[DEPLOYER, &["art-26-8"]]),
            &["art-4", "art-5-screening", "art-5-screening-intimate-imagery"],
        ),
        (
            "credit scoring",
            "  roles: [deployer]\n  classifications: [annex_iii]\n  annex_iii_areas: [\"5(b): credit scoring\"]\n",
            set(&[DEPLOYER, &["art-27"]]),
            &["art-4", "art-5-screening", "art-5-screening-intimate-imagery"],
        ),
        (
            "insurance pricing",
            "  roles: [deployer]\n  classifications: [annex_iii]\n  annex_iii_areas: [\"Annex III 5(c): life insurance pricing\"]\n",
            set(&[DEPLOYER, &["art-27"]]),
            &["art-4", "art-5-screening", "art-5-screening-intimate-imagery"],
        ),
        (
            "workplace use",
            "  roles: [deployer]\n  classifications: [annex_iii]\n  annex_iii_areas: [\"4(b): task allocation\"]\n  context: [workplace]\n",
            set(&[DEPLOYER, &["art-26-7"]]),
            &["art-4", "art-5-screening", "art-5-screening-intimate-imagery"],
        ),
        (
            "deep fake deployer",
            "  roles: [deployer]\n  classifications: [art_50_4]\n",
            set(&[&["art-50-4"]]),
            &["art-4", "art-5-screening", "art-5-screening-intimate-imagery"],
        ),
        (
            "emotion recognition deployer",
            "  roles: [deployer]\n  classifications: [art_50_3]\n",
            set(&[&["art-50-3"]]),
            &["art-4", "art-5-screening", "art-5-screening-intimate-imagery"],
        ),
        (
            "minimal",
            "  roles: [deployer]\n  classifications: [minimal]\n",
            BTreeSet::new(),
            &["art-4", "art-5-screening", "art-5-screening-intimate-imagery"],
        ),
        (
            "Art. 50 provider duty does not fall on a deployer",
            "  roles: [deployer]\n  classifications: [art_50_1, art_50_2]\n",
            BTreeSet::new(),
            &["art-4", "art-5-screening", "art-5-screening-intimate-imagery"],
        ),
    ];
    assert!(cases.len() >= 15);
    for (case, body, expected, organisation) in cases {
        let a = assess_systems(&[("s", system("s", body))]);
        assert_eq!(ids(eu_system(&a, "s")), expected, "{case}");
        let org: Vec<&str> = eu(&a).organisation.iter().map(|o| o.id.as_str()).collect();
        assert_eq!(org, organisation, "{case}: organisation-wide obligations");
    }
}

#[test]
fn each_obligation_applies_from_its_amended_date() {
    let a = assess_systems(&[
        ("annex-iii", system("annex-iii", "  roles: [provider]\n  classifications: [annex_iii]\n")),
        ("annex-i", system("annex-i", "  roles: [provider]\n  classifications: [annex_i]\n")),
        ("both", system("both", "  roles: [provider]\n  classifications: [annex_i, annex_iii]\n")),
        ("marking", system("marking", "  roles: [provider]\n  classifications: [art_50_2]\n")),
        (
            "marking-old",
            system(
                "marking-old",
                "  roles: [provider]\n  classifications: [art_50_2]\n  context: [on_market_before]\n",
            ),
        ),
    ]);
    let date = |id: &str, ob: &str| {
        let s = eu_system(&a, id);
        s.obligations.iter().find(|o| o.id == ob).unwrap().applies_from.to_string()
    };
    assert_eq!(date("annex-iii", "art-9"), "2027-12-02");
    assert_eq!(date("annex-i", "art-9"), "2028-08-02");
    assert_eq!(date("both", "art-9"), "2027-12-02", "the earliest route counts");
    assert_eq!(date("marking", "art-50-2"), "2026-08-02");
    assert_eq!(date("marking-old", "art-50-2"), "2026-12-02");
    let art4 = &eu(&a).organisation[0];
    assert_eq!((art4.id.as_str(), art4.in_force), ("art-4", true));
    assert_eq!(art4.triggered_by.len(), 5, "listed once, naming every system that triggers it");
}

/// A medical-device client was told it had three open Art. 49 registrations: Art. 49(1) and (3) register the
/// high-risk systems of Annex III in the EU database, not those that are high-risk as Annex I products (they follow
/// their product law). The same holds for the public-authority deployer's registration (Art. 26(8)).
#[test]
fn an_annex_i_product_is_not_registered_in_the_eu_database() {
    let deployer =
        |class: &str| format!("  roles: [deployer]\n  classifications: [{class}]\n  context: [public_body]\n");
    let a = assess_systems(&[
        ("device", system("device", "  roles: [provider]\n  classifications: [annex_i]\n")),
        ("listed", system("listed", "  roles: [provider]\n  classifications: [annex_iii]\n")),
        ("both", system("both", "  roles: [provider]\n  classifications: [annex_i, annex_iii]\n")),
        ("used-device", system("used-device", &deployer("annex_i"))),
        ("used-listed", system("used-listed", &deployer("annex_iii"))),
    ]);
    let has = |id: &str, ob: &str| eu_system(&a, id).obligations.iter().any(|o| o.id == ob);
    assert!(!has("device", "art-49"), "an Annex I product registers under its product law");
    assert!(has("device", "art-43"), "its other provider duties stay");
    assert!(has("listed", "art-49") && has("both", "art-49"));
    assert!(!has("used-device", "art-26-8"));
    assert!(has("used-listed", "art-26-8"));
}

#[test]
fn every_obligation_and_date_in_the_data_names_its_source_and_is_in_the_date_set() {
    let data = aims::eu_ai_act::obligations();
    assert!(data.source.contains("2026/1744"));
    let dates =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/controls/crosswalks/eu-ai-act-dates.yaml"))
            .unwrap();
    let catalogue = Catalogue::bundled().unwrap();
    let ids: Vec<String> = catalogue.requirements().map(|r| r.id.clone()).collect();
    let classes: Vec<&str> = aims::workspace::EuClassification::ALL.iter().map(|c| c.as_str()).collect();
    let mut seen = BTreeSet::new();
    for o in &data.obligations {
        assert!(seen.insert(o.id.as_str()), "duplicate obligation {}", o.id);
        assert!(o.article.starts_with("Art. "), "{}", o.id);
        assert!(o.source.contains("Regulation (EU) 2024/1689"), "{}: {}", o.id, o.source);
        assert!(!o.iso.is_empty() || !o.facts.is_empty(), "{}: nothing could ever close it", o.id);
        for (key, date) in &o.applies_from {
            assert!(key == "any" || classes.contains(&key.as_str()), "{}: {key}", o.id);
            assert!(dates.contains(&format!("date: {date}")), "{}: {date} is not in the date set", o.id);
        }
        for control in &o.controls_apply {
            let r = catalogue.get(control).unwrap_or_else(|| panic!("{}: {control} is not in the catalogue", o.id));
            assert_eq!(r.scope, aims::catalogue::Scope::AiSystem, "{}: {control} is not a per-system control", o.id);
        }
        for sel in &o.iso {
            assert!(
                ids.iter().any(|id| id == sel || id.starts_with(&format!("{sel}."))),
                "{}: {sel} is not in the catalogue",
                o.id
            );
        }
    }
    assert!(dates.contains("2026/1744") && !dates.contains("not confirmed"), "the date set cites the published act");
}

// ---- Regression tests: the problems of the single-role, single-tier view ----

#[test]
fn credit_scoring_built_and_used_in_house_lists_the_deployer_duties_and_the_fria() {
    let a = assess_dir(&std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/fintech-ai-provider"));
    let s = eu_system(&a, "credit-scoring");
    let got = ids(s);
    for ob in ["art-9", "art-26-use", "art-26-2", "art-26-6", "art-27"] {
        assert!(got.contains(ob), "{ob} missing: {got:?}");
    }
    let fria = s.obligations.iter().find(|o| o.id == "art-27").unwrap();
    assert!(
        fria.facts.iter().all(|f| f.recorded),
        "the impact assessment covering fundamental rights satisfies Art. 27"
    );
}

#[test]
fn a_high_risk_triage_chatbot_also_carries_art_50_1_already_in_force() {
    let body = "  roles: [provider]\n  classifications: [annex_iii, art_50_1]\n  annex_iii_areas: [\"5(d): emergency triage\"]\n";
    let a = assess_systems(&[("triage", system("triage", body))]);
    let s = eu_system(&a, "triage");
    let art50 = s.obligations.iter().find(|o| o.id == "art-50-1").expect("Art. 50(1) listed");
    assert!(art50.in_force, "applies from 2026-08-02");
    assert!(s.card);
    let a82 = requirement(&a, "A.8.2");
    assert!(codes(a82).contains(&"eu-disclosure-missing"));
}

#[test]
fn a_medical_device_can_be_annex_i_and_annex_iii() {
    let body = "  roles: [product_manufacturer]\n  classifications: [annex_i, annex_iii]\n  annex_i_product: Medical devices\n  annex_iii_areas: [\"5(d): emergency triage\"]\n";
    let a = assess_systems(&[("device", system("device", body))]);
    let s = eu_system(&a, "device");
    assert_eq!(s.classifications.len(), 2);
    assert_eq!(s.annex_i_product.as_deref(), Some("Medical devices"));
}

#[test]
fn art_14_is_not_supported_without_a_human_oversight_record() {
    let mut text = system("hr", "  roles: [provider]\n  classifications: [annex_iii]\n");
    text = text.replace("human_oversight: A person reviews every output.\n", "");
    let a = assess_systems(&[("hr", text)]);
    let art14 = eu_system(&a, "hr").obligations.iter().find(|o| o.id == "art-14").unwrap();
    assert_ne!(art14.state, ObligationState::Supported);
    assert!(art14.coverage.unwrap() < 100.0);
    assert!(codes(requirement(&a, "A.9.4")).contains(&"eu-high-risk-gap"));
}

#[test]
fn an_obligation_is_not_supported_while_a_control_it_relies_on_is_not_yet_due_for_the_system() {
    // A high-risk system still in design: its event-logging control (A.6.2.8) is due from deployment, so Art. 12
    // cannot count it as in place, whatever the record says.
    let text = system("early", "  roles: [provider]\n  classifications: [annex_iii]\n")
        .replace("lifecycle_stage: operation", "lifecycle_stage: design");
    let a = assess_systems(&[("early", text)]);
    let art12 = eu_system(&a, "early").obligations.iter().find(|o| o.id == "art-12").unwrap();
    assert!(art12.support.iter().any(|s| s.requirement == "A.6.2.8" && s.not_yet_due), "{:?}", art12.support);
    assert_ne!(art12.state, ObligationState::Supported);
    assert!(art12.coverage.unwrap() < 100.0);
}

#[test]
fn conformity_assessment_declaration_ce_marking_and_registration_are_listed_outside_the_management_system() {
    let a = assess_systems(&[("p", system("p", "  roles: [provider]\n  classifications: [annex_iii]\n"))]);
    let s = eu_system(&a, "p");
    for ob in ["art-18", "art-19", "art-20", "art-21", "art-43", "art-47", "art-48", "art-49"] {
        let o = s.obligations.iter().find(|o| o.id == ob).unwrap_or_else(|| panic!("{ob} not listed"));
        assert!(o.outside_management_system && o.support.is_empty(), "{ob}");
        assert_eq!(o.state, ObligationState::Open, "{ob}: open until a fact records it");
    }
    let summary = &eu(&a).summary;
    assert!(summary.outside_management_system >= 8);
    assert_eq!(summary.obligations, summary.within_management_system + summary.outside_management_system);
}

#[test]
fn a_recorded_fact_closes_an_obligation_outside_the_management_system() {
    let body =
        "  roles: [provider]\n  classifications: [annex_iii]\n  facts:\n    registration_id: EU-DB 2027-000123\n";
    let a = assess_systems(&[("p", system("p", body))]);
    let o = eu_system(&a, "p").obligations.iter().find(|o| o.id == "art-49").unwrap();
    assert_eq!(o.state, ObligationState::Recorded);
}

#[test]
fn art_4_literacy_is_shown_once_and_checked_against_7_2_and_7_3() {
    let a = assess_systems(&[
        ("a", system("a", "  roles: [deployer]\n  classifications: [minimal]\n")),
        ("b", system("b", "  roles: [provider]\n  classifications: [minimal]\n")),
    ]);
    let art4: Vec<_> = eu(&a).organisation.iter().filter(|o| o.id == "art-4").collect();
    assert_eq!(art4.len(), 1);
    assert!(eu(&a).systems.iter().all(|s| s.obligations.iter().all(|o| o.id != "art-4")));
    // The test organisation has no entries: 7.2 and 7.3 are not assessed, so the literacy check speaks.
    assert!(codes(requirement(&a, "7.2")).contains(&"eu-literacy-unsupported"));
    assert!(codes(requirement(&a, "7.3")).contains(&"eu-literacy-unsupported"));
}

#[test]
fn a_customer_facing_system_without_disclosure_gets_the_user_information_control() {
    // The organisation's ISO role for it is `customer`, for which A.8.2 does not apply by the catalogue; the Art. 50
    // case makes it apply, at most partially, until the disclosure is recorded.
    let text = system("bot", "  roles: [deployer]\n  classifications: [art_50_3]\n")
        .replace("ai_role: provider", "ai_role: customer");
    let a = assess_systems(&[("bot", text.clone())]);
    let a82 = requirement(&a, "A.8.2");
    assert_ne!(a82.system("bot").unwrap().status, Status::NotApplicable);
    assert!(codes(a82).contains(&"eu-disclosure-missing"));
    let fixed = text.replace(
        "  classifications: [art_50_3]\n",
        "  classifications: [art_50_3]\n  facts:\n    disclosure: A notice at the entrance\n",
    );
    let a = assess_systems(&[("bot", fixed)]);
    assert!(!codes(requirement(&a, "A.8.2")).contains(&"eu-disclosure-missing"));
}

#[test]
fn the_intimate_imagery_ban_is_checked_before_it_applies_and_cannot_be_waived() {
    let text = system("gen", "  roles: [provider]\n  classifications: [prohibited_intimate_imagery]\n").replace(
        "evidence:\n",
        "evidence:\n  impact_on_individuals: {file: evidence/policy.md, reviewed: 2026-06-01}\n",
    );
    let a = assess_systems(&[("gen", text)]);
    let a54 = requirement(&a, "A.5.4");
    let f = a54.findings.iter().find(|f| f.code == Code::EuProhibitedPractice).expect("flagged before 2026-12-02");
    assert!(f.message.contains("prohibited from 2026-12-02, in 5 days"), "{}", f.message);
    assert_eq!(a54.system("gen").unwrap().status, Status::PartiallyCompliant);
}

#[test]
fn the_high_risk_oversight_finding_reads_as_one_sentence() {
    let mut text = system("d", "  roles: [deployer]\n  classifications: [annex_iii]\n");
    text = text.replace("human_oversight: A person reviews every output.\n", "");
    let a = assess_systems(&[("d", text)]);
    let f = requirement(&a, "A.9.4").findings.iter().find(|f| f.code == Code::EuHighRiskGap).unwrap();
    assert_eq!(
        f.message,
        "high-risk system d has no human oversight description; the EU AI Act relies on it for the oversight by \
         competent, trained people the deployer must assign (Art. 26(2))"
    );
}

#[test]
fn a_fria_missing_where_art_27_requires_it_is_a_finding_and_a_42005_style_assessment_satisfies_it() {
    let body = "  roles: [deployer]\n  classifications: [annex_iii]\n  annex_iii_areas: [\"5(b): credit scoring\"]\n";
    let a = assess_systems(&[("c", system("c", body))]);
    assert!(codes(requirement(&a, "A.5.4")).contains(&"eu-fria-missing"));
    let text = system("c", body).replace(
        "  impact_assessment: {file: evidence/policy.md, reviewed: 2026-06-01}\n",
        "  impact_assessment: {file: evidence/policy.md, reviewed: 2026-06-01, description: \"ISO/IEC 42005 assessment covering fundamental rights\"}\n",
    );
    let a = assess_systems(&[("c", text)]);
    assert!(!codes(requirement(&a, "A.5.4")).contains(&"eu-fria-missing"));
}

#[test]
fn workplace_use_without_workers_information_is_a_finding_that_lowers_nothing() {
    let body = "  roles: [deployer]\n  classifications: [annex_iii]\n  context: [workplace]\n";
    let a = assess_systems(&[("w", system("w", body))]);
    let a85 = requirement(&a, "A.8.5");
    assert!(codes(a85).contains(&"eu-workers-not-informed"));
    assert_eq!(a85.status, Status::NotAssessed, "the organisation-level status is unchanged");
}

#[test]
fn a_single_value_classification_still_loads_with_a_warning() {
    let text = "id: old\nname: Old\npurpose: p\nowner: o\nlifecycle_stage: operation\nai_role: provider\n\
                eu_ai_act:\n  role: provider\n  risk_tier: high_risk\n  annex_iii_area: \"Annex III 4(a): recruitment\"\n";
    let dir = workspace(&[("organisation.yaml", ORGANISATION), ("systems/old.yaml", text)]);
    let d = diagnostics(dir.path());
    assert!(d.0.iter().any(|d| d.code == Code::EuLegacyClassification), "{d:#?}");
    let a = assess_dir(dir.path());
    let s = eu_system(&a, "old");
    assert_eq!(s.annex_iii_areas, ["Annex III 4(a): recruitment"]);
    assert!(ids(s).contains("art-9"));
}

#[test]
fn crosswalk_json_and_gap_json_carry_the_same_obligations() {
    for example in ["fintech-ai-provider", "saas-ai-customer", "healthtech-provider"] {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("examples").join(example);
        let a = assess_dir(&dir);
        let gap: Value = serde_json::from_str(&aims::render::report_json(&Report::new(&a, None))).unwrap();
        let catalogue = Catalogue::bundled().unwrap();
        let text = aims::views::crosswalk::render(
            &catalogue,
            &a,
            aims::views::crosswalk::Framework::EuAiAct,
            aims::render::Format::Json,
            as_of(),
        )
        .unwrap();
        let crosswalk: Value = serde_json::from_str(&text).unwrap();
        assert_eq!(gap["eu_ai_act"], crosswalk["eu_ai_act"]["obligations"], "{example}");
        assert!(gap["eu_ai_act"]["systems"].as_array().is_some_and(|s| !s.is_empty()), "{example}");
        assert!(gap["eu_ai_act"]["notice"].as_str().unwrap().contains("alignment, not conformity"));
    }
}

// ---- Honest coverage: a property over arbitrary classifications, facts and statuses ----

const ROLES: [&str; 6] =
    ["provider", "deployer", "importer", "distributor", "authorised_representative", "product_manufacturer"];
const CLASSES: [&str; 12] = [
    "prohibited",
    "prohibited_intimate_imagery",
    "annex_i",
    "annex_iii",
    "art_6_3_derogation",
    "art_50_1",
    "art_50_2",
    "art_50_3",
    "art_50_4",
    "gpai_model",
    "gpai_systemic_risk",
    "minimal",
];
const CONTEXT: [&str; 5] = ["public_body", "public_service", "workplace", "provider_outside_eu", "on_market_before"];
const FACTS: [&str; 12] = [
    "log_retention",
    "fria",
    "registration_id",
    "conformity_assessment",
    "declaration_of_conformity",
    "ce_marking",
    "instructions_for_use",
    "disclosure",
    "content_marking",
    "workers_informed",
    "post_market_monitoring_plan",
    "derogation_reasoning",
];

fn pick<'a>(all: &[&'a str], mask: u32) -> Vec<&'a str> {
    all.iter().enumerate().filter(|(i, _)| mask & (1 << i) != 0).map(|(_, s)| *s).collect()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    /// No obligation is reported as fully supported (or recorded) while a fact it requires is missing, and its
    /// figure stays below 100 %.
    #[test]
    fn no_obligation_is_fully_supported_while_a_fact_it_needs_is_missing(
        roles in 1u32..64, classes in 1u32..4096, context in 0u32..32, facts in 0u32..4096,
        oversight in any::<bool>(), statuses in proptest::collection::vec(0usize..3, 4),
    ) {
        let roles = pick(&ROLES, roles);
        let classes = pick(&CLASSES, classes);
        let mut body = format!("  roles: [{}]\n  classifications: [{}]\n  annex_iii_areas: [\"5(b): credit scoring\"]\n  context: [{}]\n",
            roles.join(", "), classes.join(", "), pick(&CONTEXT, context).join(", "));
        let facts = pick(&FACTS, facts);
        if !facts.is_empty() {
            body.push_str("  facts:\n");
            for f in &facts {
                body.push_str(&format!("    {f}: recorded\n"));
            }
        }
        let mut text = system("s", &body);
        if !oversight {
            text = text.replace("human_oversight: A person reviews every output.\n", "");
        }
        let status = ["compliant", "partially_compliant", "non_compliant"];
        let mut assessment = String::from("requirements:\n");
        for (id, s) in ["7.2", "7.3", "A.4.6", "A.8.5"].iter().zip(&statuses) {
            assessment.push_str(&format!("  - requirement: \"{id}\"\n    status: {}\n    evidence:\n      - file: evidence/policy.md\n        reviewed: 2026-06-01\n", status[*s]));
        }
        let dir = workspace(&[("organisation.yaml", ORGANISATION), ("evidence/policy.md", "# Policy\n"),
            ("systems/s.yaml", &text), ("assessment.yaml", &assessment)]);
        let a = assess_dir(dir.path());
        let eu = eu(&a);
        for o in eu.organisation.iter().chain(eu.systems.iter().flat_map(|s| &s.obligations)) {
            if o.facts.iter().any(|f| !f.recorded) {
                prop_assert!(!matches!(o.state, ObligationState::Supported | ObligationState::Recorded), "{}", o.id);
                prop_assert!(o.coverage.unwrap_or(0.0) < 100.0, "{}", o.id);
            }
            if o.state == ObligationState::Supported {
                prop_assert!(o.support.iter().all(|s| matches!(s.status, Status::Compliant | Status::NotApplicable)), "{}", o.id);
            }
        }
    }
}

#[test]
fn a_customer_facing_system_gets_user_information_whatever_its_iso_role() {
    // A system that exposes people to emotion recognition, deployed (ISO role `customer`), with its notice recorded:
    // the catalogue applies A.8.2 to providers only, but the Art. 50 case calls for user information anyway.
    let text = system(
        "kiosk",
        "  roles: [deployer]\n  classifications: [art_50_3]\n  facts:\n    disclosure: A notice at the entrance\n",
    )
    .replace("ai_role: provider", "ai_role: customer");
    let a = assess_systems(&[("kiosk", text.clone())]);
    let a82 = requirement(&a, "A.8.2");
    assert_eq!(a82.system("kiosk").unwrap().status, Status::NonCompliant, "applies, and no user_documentation record");
    let with_record = text
        .replace("evidence:\n", "evidence:\n  user_documentation: {file: evidence/policy.md, reviewed: 2026-06-01}\n");
    let a = assess_systems(&[("kiosk", with_record)]);
    assert_eq!(requirement(&a, "A.8.2").system("kiosk").unwrap().status, Status::Compliant);
    // Without the EU AI Act case, the catalogue's roles decide as before.
    let plain = system("tool", "  roles: [deployer]\n  classifications: [minimal]\n")
        .replace("ai_role: provider", "ai_role: customer");
    let a = assess_systems(&[("tool", plain)]);
    assert_eq!(requirement(&a, "A.8.2").system("tool").unwrap().status, Status::NotApplicable);
}

/// The loan assistant's card (in design) read "Art. 10 … 3 of 3 compliant; not yet due: A.7.4, A.7.5, A.7.6 …
/// partly supported": a full count beside a partial state. Controls not yet due count in the total, as they count 0
/// in the coverage: "3 of 6 compliant".
#[test]
fn a_card_counts_controls_not_yet_due_in_its_support() {
    let md = common::stdout_ok(&["gap", "examples/fintech-ai-provider", "--as-of", common::AS_OF]);
    let card = md.split("### EU AI Act card: Loan pre-qualification assistant").nth(1).unwrap();
    let row = card.lines().find(|l| l.starts_with("| Art. 10 ")).unwrap();
    assert!(row.contains("| 3 of 6 compliant; not yet due: A.7.4, A.7.5, A.7.6 |"), "{row}");
}

/// Fintech's credit model and healthtech's triage app, both in operation, showed Art. 43, 47 and 48 as open with
/// no word on Art. 111(2), under which a high-risk system already in use is bound only after a significant change
/// of design. Each card of a high-risk system already placed on the market says so; one still in design does not.
#[test]
fn a_high_risk_system_already_in_use_carries_the_art_111_caveat() {
    let md = common::stdout_ok(&["gap", "examples/fintech-ai-provider", "--as-of", common::AS_OF]);
    let card =
        |name: &str| md.split(&format!("### EU AI Act card: {name}")).nth(1).unwrap().split("\n### ").next().unwrap();
    assert!(card("Northwind Credit Decision Model").contains("Art. 111(2) binds it"), "in operation");
    assert!(!card("Loan pre-qualification assistant").contains("Art. 111(2)"), "in design: placed after the date");
    assert!(!card("Nora, customer support assistant").contains("Art. 111(2)"), "not high-risk");
    let json =
        common::stdout_ok(&["gap", "examples/healthtech-provider", "--as-of", common::AS_OF, "--format", "json"]);
    let json: Value = serde_json::from_str(&json).unwrap();
    for s in json["eu_ai_act"]["systems"].as_array().unwrap() {
        let noted = s["notes"].as_array().unwrap().iter().any(|n| n.as_str().unwrap().contains("Art. 111(2)"));
        let stage = json["systems"].as_array().unwrap().iter().find(|x| x["id"] == s["id"]).unwrap()["lifecycle_stage"]
            .as_str()
            .unwrap()
            .to_string();
        let high_risk = s["classifications"].as_array().unwrap().iter().any(|c| c == "annex_i" || c == "annex_iii");
        let in_use = ["deployment", "operation"].contains(&stage.as_str());
        assert_eq!(noted, high_risk && in_use && s["in_scope"] == true, "{}: {stage}", s["id"]);
    }
}

/// Nora's Art. 50(2) card read "1 of 1 compliant" (its support, A.8.5) beside the missing marking, while the gap the
/// missing marking makes sits under A.8.2, which the card did not name. A missing fact that lowers a control now names
/// it, in every example, and that control is below compliant for the system (or the gap was waived).
#[test]
fn a_missing_fact_names_the_control_it_leaves_short() {
    for example in common::EXAMPLES {
        let json = common::stdout_ok(&["gap", example, "--as-of", common::AS_OF, "--format", "json"]);
        let json: Value = serde_json::from_str(&json).unwrap();
        let Some(systems) = json["eu_ai_act"]["systems"].as_array() else { continue };
        for s in systems {
            for o in s["obligations"].as_array().unwrap() {
                for f in o["facts"].as_array().unwrap() {
                    let Some(control) = f["gap_under"].as_str() else { continue };
                    assert_eq!(f["recorded"], false, "{example} {} {}: a recorded fact has no gap", s["id"], o["id"]);
                    let requirement =
                        json["requirements"].as_array().unwrap().iter().find(|r| r["id"] == control).unwrap();
                    let own = requirement["systems"].as_array().unwrap().iter().find(|x| x["system"] == s["id"]);
                    let own = own.unwrap_or_else(|| panic!("{example}: {control} has no row for {}", s["id"]));
                    assert!(
                        own["status"] != "compliant" || own["waived"] == true,
                        "{example} {} {}: the gap under {control} is not there",
                        s["id"],
                        o["id"]
                    );
                }
            }
        }
    }
    let md = common::stdout_ok(&["gap", "examples/fintech-ai-provider", "--as-of", common::AS_OF]);
    let card = md.split("### EU AI Act card: Nora, customer support assistant").nth(1).unwrap();
    let row = card.lines().find(|l| l.starts_with("| Art. 50(2)")).unwrap();
    assert!(row.contains("marking of synthetic content not recorded (a gap under A.8.2)"), "{row}");
    // The control joins the support of the obligation whose fact is missing, and of no other.
    assert!(row.contains("| 1 of 2 compliant; short: A.8.2 ◐ |"), "{row}");
    let row = card.lines().find(|l| l.starts_with("| Art. 50(1)")).unwrap();
    assert!(row.contains("| 1 of 1 compliant |"), "{row}");
    let book = book::workbook("gap", "examples/fintech-ai-provider");
    let cells: Vec<String> = book.sheet("EU AI Act obligations").cells().map(|(_, _, c)| c.to_string()).collect();
    assert!(cells.iter().any(|c| c.contains("not recorded (a gap under A.8.2)")), "the workbook names the control");
}

/// Healthtech's SoA left A.8.2 (information for users) out for the appointment no-show forecast because "the
/// organisation is the producer of this system", although the organisation places it on the market as its EU AI Act
/// provider, and fintech's Nora (also a producer) has A.8.2. A control for AI providers now concerns every system
/// the organisation supplies under the EU AI Act, in every example.
#[test]
fn a_control_for_ai_providers_concerns_a_system_the_organisation_supplies() {
    let catalogue = Catalogue::bundled().unwrap();
    for example in common::EXAMPLES {
        let json = common::stdout_ok(&["gap", example, "--as-of", common::AS_OF, "--format", "json"]);
        let json: Value = serde_json::from_str(&json).unwrap();
        let Some(systems) = json["eu_ai_act"]["systems"].as_array() else { continue };
        let supplied: BTreeSet<&str> = systems
            .iter()
            .filter(|s| s["roles"].as_array().unwrap().iter().any(|r| r == "provider" || r == "product_manufacturer"))
            .map(|s| s["id"].as_str().unwrap())
            .collect();
        for r in json["requirements"].as_array().unwrap() {
            let req = catalogue.get(r["id"].as_str().unwrap()).unwrap();
            if !req.system_roles.contains(&aims::workspace::AiRole::Provider) {
                continue;
            }
            for s in r["systems"].as_array().unwrap() {
                if supplied.contains(s["system"].as_str().unwrap()) {
                    assert_ne!(
                        s["applicability"], "other_role",
                        "{example}: {} for {}: {}",
                        r["id"], s["system"], s["reason"]
                    );
                }
            }
        }
    }
    let json =
        common::stdout_ok(&["gap", "examples/healthtech-provider", "--as-of", common::AS_OF, "--format", "json"]);
    let json: Value = serde_json::from_str(&json).unwrap();
    let a82 = json["requirements"].as_array().unwrap().iter().find(|r| r["id"] == "A.8.2").unwrap();
    let forecast = a82["systems"].as_array().unwrap().iter().find(|s| s["system"] == "no-show-forecast").unwrap();
    assert_eq!(forecast["applicability"], "not_yet_due", "{forecast}");
}
