//! Property tests: the engine over arbitrary valid workspaces. Whatever the workspace says, the assessment is
//! complete, scores stay in range, a status is never better than what the workspace declares and shows, and the
//! same input gives the same output.

use std::collections::BTreeMap;

use aims::assess::assess;
use aims::catalogue::{Catalogue, Kind, Scope};
use aims::date::Date;
use aims::workspace::*;
use proptest::prelude::*;

fn status() -> impl Strategy<Value = Status> {
    prop::sample::select(Status::ALL.to_vec())
}

fn role() -> impl Strategy<Value = AiRole> {
    prop::sample::select(vec![AiRole::Provider, AiRole::Producer, AiRole::Customer, AiRole::Partner])
}

fn location() -> Location {
    Location { file: "assessment.yaml".into(), line: 1 }
}

fn evidence() -> impl Strategy<Value = Evidence> {
    (
        prop::sample::select(vec![FileState::Present, FileState::Missing, FileState::NotGiven, FileState::Folder]),
        prop::option::of(0i64..1200),
        prop::sample::select(vec![EvidenceStatus::Approved, EvidenceStatus::Draft, EvidenceStatus::Superseded]),
        prop::option::of(-400i64..400),
        any::<bool>(),
    )
        .prop_map(|(file_state, days_ago, status, effective_in, external)| Evidence {
            file: (file_state != FileState::NotGiven).then(|| "evidence/x.md".to_string()),
            file_state,
            reviewed: days_ago.map(|d| Date::from_days(as_of().to_days() - d)),
            title: None,
            description: None,
            location: location(),
            status,
            effective: effective_in.map(|d| Date::from_days(as_of().to_days() + d)),
            url: external.then(|| "https://qms.example.com/doc/1".to_string()),
            register_id: None,
        })
}

fn as_of() -> Date {
    "2026-11-27".parse().unwrap()
}

fn system(index: usize) -> impl Strategy<Value = System> {
    (role(), any::<bool>(), prop::collection::vec(prop::option::of(evidence()), 15), prop::option::of(any::<bool>()))
        .prop_map(move |(ai_role, in_scope, records, exclusion)| System {
            id: format!("system-{index}"),
            name: format!("System {index}"),
            purpose: "p".into(),
            owner: "o".into(),
            unit: None,
            lifecycle_stage: LifecycleStage::Operation,
            ai_role,
            in_scope,
            supplier: None,
            data_sources: vec![],
            human_oversight: None,
            eu_ai_act: None,
            evidence: EvidenceKind::ALL.iter().zip(records).filter_map(|(k, r)| r.map(|r| (*k, r))).collect(),
            exclusions: exclusion
                .map(|justified| {
                    let e = Exclusion {
                        requirement: "A.6.2.8".into(),
                        justification: justified.then(|| "batch system".into()),
                        location: location(),
                    };
                    BTreeMap::from([("A.6.2.8".to_string(), e)])
                })
                .unwrap_or_default(),
            notes: None,
            location: Location { file: format!("systems/system-{index}.yaml"), line: 1 },
        })
}

fn entry() -> impl Strategy<Value = (Status, Vec<Evidence>, bool, Option<i64>)> {
    (status(), prop::collection::vec(evidence(), 0..3), any::<bool>(), prop::option::of(-400i64..400))
}

fn workspace() -> impl Strategy<Value = Workspace> {
    let catalogue = Catalogue::bundled().unwrap();
    let ids: Vec<String> = catalogue.requirements().map(|r| r.id.clone()).collect();
    (
        prop::collection::vec(prop::option::of(entry()), ids.len()),
        (0usize..4).prop_flat_map(|n| (0..n).map(system).collect::<Vec<_>>()),
        1u32..=24,
    )
        .prop_map(move |(entries, systems, months)| Workspace {
            settings: Settings { review_interval_months: months, ..Settings::default() },
            organisation: Organisation {
                name: "Org".into(),
                description: None,
                aims_scope: "All".into(),
                ai_roles: vec![AiRole::Provider],
                eu_ai_act_roles: vec![],
                interested_parties: vec![],
                units: Default::default(),
            },
            systems,
            entries: ids
                .iter()
                .zip(entries)
                .filter_map(|(id, e)| {
                    e.map(|(status, evidence, justified, due_in)| {
                        let entry = Entry {
                            requirement: id.clone(),
                            status,
                            owner: None,
                            evidence,
                            justification: justified.then(|| "because".into()),
                            reasons: vec![],
                            notes: None,
                            action: due_in.map(|d| Action {
                                description: "do it".into(),
                                owner: None,
                                due: Some(Date::from_days(as_of().to_days() + d)),
                                same_as: None,
                            }),
                            location: location(),
                        };
                        (id.clone(), entry)
                    })
                })
                .collect(),
            waivers: vec![],
            risk: Default::default(),
        })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn assessment_is_complete_bounded_and_deterministic(ws in workspace()) {
        let catalogue = Catalogue::bundled().unwrap();
        let a = assess(&catalogue, &ws, as_of());
        prop_assert_eq!(a.requirements.len(), 70);
        let c = &a.summary.counts;
        prop_assert_eq!(c.compliant + c.partially_compliant + c.non_compliant + c.not_applicable + c.not_assessed, 70);
        for score in std::iter::once(a.summary.score)
            .chain(a.groups.iter().map(|g| g.score))
            .chain(a.systems.iter().map(|s| s.score))
        {
            prop_assert!(score.is_none_or(|s| (0.0..=100.0).contains(&s)));
        }
        let again = assess(&catalogue, &ws, as_of());
        prop_assert_eq!(serde_json::to_string(&a).unwrap(), serde_json::to_string(&again).unwrap());
        // The report serialised on all cores is byte for byte serde_json's pretty printing of the report.
        let report = aims::assess::Report::new(&a, None);
        prop_assert_eq!(aims::render::report_json(&report), aims::render::json(&report));
    }

    #[test]
    fn status_is_never_better_than_declared_and_shown(ws in workspace()) {
        let catalogue = Catalogue::bundled().unwrap();
        let a = assess(&catalogue, &ws, as_of());
        for r in &a.requirements {
            let req = catalogue.get(&r.id).unwrap();
            // A clause is never excluded.
            if req.kind == Kind::Clause {
                prop_assert_ne!(r.status, Status::NotApplicable);
            }
            if let Some(entry) = ws.entries.get(&r.id) {
                // A `not_assessed` entry on a per-system control is a placeholder: the systems decide.
                let placeholder = req.scope == Scope::AiSystem && entry.status == Status::NotAssessed;
                if entry.status != Status::NotApplicable && !placeholder {
                    prop_assert!(r.status.severity() >= entry.status.severity(), "{} declared {:?} got {:?}", r.id, entry.status, r.status);
                }
                // Compliance needs evidence that exists (or is external), is approved, in force, dated and current
                // (or, per system, records that are).
                if r.status == Status::Compliant && req.scope == Scope::Organisation {
                    prop_assert!(!entry.evidence.is_empty());
                    for e in &entry.evidence {
                        prop_assert!(e.file_state == FileState::Present || e.is_external());
                        prop_assert_eq!(e.status, EvidenceStatus::Approved);
                        prop_assert!(e.effective.is_none_or(|d| d <= as_of()));
                        let reviewed = e.reviewed.unwrap();
                        prop_assert!(reviewed.add_months(ws.settings.review_interval_months) >= as_of());
                    }
                }
            } else if req.scope == Scope::Organisation {
                prop_assert_eq!(r.status, Status::NotAssessed);
            }
            // A per-system requirement is no better than its weakest system.
            for s in &r.systems {
                if s.status != Status::NotApplicable {
                    prop_assert!(r.status.severity() >= s.status.severity() || r.status == Status::NotApplicable);
                }
            }
            // Every gap carries at least one finding that explains it.
            if r.status.is_gap() {
                prop_assert!(!r.findings.is_empty(), "{} is {:?} without findings", r.id, r.status);
            }
        }
    }
}
