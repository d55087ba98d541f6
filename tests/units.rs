//! Units (a system's business unit, department or agency) and the natural order of IDs: the scores per unit in
//! the JSON report and the human formats, and the lists of AI systems sorted as a person counts.

use std::sync::OnceLock;

use aims::assess::{Assessment, Report, assess};
use aims::catalogue::Catalogue;
use aims::render::{Format, Options, render};

const AS_OF: &str = "2026-11-27";
const ORGANISATION: &str = "name: Org\naims_scope: All AI systems\nai_roles: [provider, customer]\n";

fn catalogue() -> &'static Catalogue {
    static CATALOGUE: OnceLock<Catalogue> = OnceLock::new();
    CATALOGUE.get_or_init(|| Catalogue::bundled().unwrap())
}

/// A workspace of systems given as (ID, extra YAML lines), assessed.
fn assess_systems(systems: &[(&str, &str)]) -> Assessment {
    let mut files: Vec<(String, Vec<u8>)> = vec![("organisation.yaml".into(), ORGANISATION.into())];
    for (id, extra) in systems {
        let text = format!(
            "id: \"{id}\"\nname: System {id}\npurpose: Does things\nowner: Owner\nlifecycle_stage: operation\n\
             ai_role: customer\n{extra}"
        );
        files.push((format!("systems/{id}.yaml"), text.into_bytes()));
    }
    let as_of = AS_OF.parse().unwrap();
    let loaded = aims::load::from_files(&files, catalogue(), as_of);
    let workspace = loaded.workspace.unwrap_or_else(|| panic!("invalid workspace: {:#?}", loaded.diagnostics));
    assess(catalogue(), &workspace, as_of)
}

fn rendered(a: &Assessment, format: Format) -> String {
    render(&Report::new(a, None), format, Options::default()).unwrap()
}

/// The federal inventory's IDs sorted as text put `10` before `2` and `10-2` between `10` and `11`, so a report of
/// thousands of systems could not be read in order.
#[test]
fn system_ids_sort_naturally_not_as_text() {
    let ids = ["11", "10-2", "2", "10", "1", "a-10", "a-9"];
    let a = assess_systems(&ids.iter().map(|id| (*id, "")).collect::<Vec<_>>());
    let order: Vec<&str> = a.systems.iter().map(|s| s.id.as_str()).collect();
    assert_eq!(order, ["1", "2", "10", "10-2", "11", "a-9", "a-10"]);
    // Every per-system requirement lists its systems in the same order.
    for r in a.requirements.iter().filter(|r| !r.systems.is_empty()) {
        let listed: Vec<&str> = r.systems.iter().map(|s| s.system.as_str()).collect();
        assert_eq!(listed, order, "{}", r.id);
    }
    // And so do the formats that list them (the practitioner's Markdown names systems by ID).
    let options = Options { audience: aims::render::Audience::Practitioner, ..Options::default() };
    let markdown = render(&Report::new(&a, None), Format::Markdown, options).unwrap();
    let positions: Vec<usize> = order.iter().map(|id| markdown.find(&format!("| `{id}` |")).expect(id)).collect();
    assert!(positions.windows(2).all(|w| w[0] < w[1]), "{positions:?}");
    let json: serde_json::Value = serde_json::from_str(&rendered(&a, Format::Json)).unwrap();
    let listed: Vec<&str> = json["systems"].as_array().unwrap().iter().map(|s| s["id"].as_str().unwrap()).collect();
    assert_eq!(listed, order);
    // The lookup by ID (a binary search) agrees with the order.
    for r in a.requirements.iter().filter(|r| !r.systems.is_empty()) {
        for id in ids {
            assert_eq!(r.system(id).map(|s| s.system.as_str()), Some(id));
        }
    }
}

#[test]
fn units_add_up_their_systems_and_the_units_inside_them() {
    let a = assess_systems(&[
        ("dhs-1", "unit: DHS\n"),
        ("cdc-1", "unit: \" HHS / CDC/ \"\n"),
        ("cdc-2", "unit: HHS/CDC\n"),
        ("hhs-1", "unit: HHS\n"),
        ("oig-1", "unit: HHS-OIG\n"),
        ("loose", ""),
        ("out", "unit: DHS\nin_scope: false\n"),
    ]);
    let paths: Vec<Option<&str>> = a.units.iter().map(|u| u.unit.as_deref()).collect();
    assert_eq!(paths, [Some("DHS"), Some("HHS"), Some("HHS/CDC"), Some("HHS-OIG"), None]);
    let unit = |path: Option<&str>| a.units.iter().find(|u| u.unit.as_deref() == path).unwrap();
    let hhs = unit(Some("HHS"));
    assert_eq!(hhs.systems, ["cdc-1", "cdc-2", "hhs-1"]);
    assert_eq!((hhs.depth, hhs.parent.as_deref()), (0, None));
    let cdc = unit(Some("HHS/CDC"));
    assert_eq!((cdc.name.as_str(), cdc.depth, cdc.parent.as_deref()), ("CDC", 1, Some("HHS")));
    assert_eq!(a.systems.iter().find(|s| s.id == "cdc-1").unwrap().unit.as_deref(), Some("HHS/CDC"));
    // The out-of-scope system is listed, not counted.
    let dhs = unit(Some("DHS"));
    assert_eq!((dhs.systems.len(), dhs.systems_in_scope), (2, 1));
    // A unit's counts are its in-scope systems' counts added up, and its score is the report's formula over them.
    for u in &a.units {
        let members: Vec<_> = a.systems.iter().filter(|s| s.in_scope && u.systems.contains(&s.id)).collect();
        assert_eq!(u.counts.non_compliant, members.iter().map(|s| s.counts.non_compliant).sum::<usize>());
        assert_eq!(u.counts.compliant, members.iter().map(|s| s.counts.compliant).sum::<usize>());
        assert_eq!(u.score, u.counts.score());
        assert_eq!(u.systems_non_compliant, members.iter().filter(|s| s.counts.non_compliant > 0).count());
    }
    assert_eq!(unit(None).name, "No unit");

    let markdown = rendered(&a, Format::Markdown);
    assert!(markdown.contains("## By unit"), "{markdown}");
    assert!(markdown.contains("| ↳ CDC | 2 | 0 |"), "{markdown}");
    assert!(markdown.contains("| No unit | 1 |"), "{markdown}");
    let table = rendered(&a, Format::Table);
    assert!(table.contains("  CDC"), "{table}");
    let json: serde_json::Value = serde_json::from_str(&rendered(&a, Format::Json)).unwrap();
    assert_eq!(json["units"][2]["unit"], "HHS/CDC");
    assert_eq!(json["systems"][0]["unit"], "HHS/CDC");
}

#[test]
fn a_workspace_without_units_has_no_unit_section() {
    let a = assess_systems(&[("one", ""), ("two", "unit: \"  / \"\n")]);
    assert!(a.units.is_empty());
    assert!(!rendered(&a, Format::Markdown).contains("By unit"));
    assert!(!rendered(&a, Format::Table).contains("Unit"));
}
