//! The bundled catalogue as an OSCAL catalog: one group per clause (4-10) and per Annex A objective (A.2-A.10), one
//! control per assessable requirement. IDs and short titles are facts about the standard; the summaries, evidence
//! expectations and questions are aims's own words, as in controls/. No text of ISO/IEC 42001 is included.

use crate::catalogue::{self, Catalogue, Effort, Kind, Requirement, Scope};
use crate::date::Date;

use super::model::{BackMatter, Catalog, CatalogDocument, Citation, Control, Group, Link, Part, Resource, Rlink};
use super::{control_id, metadata, oscal_prop, prop, uuid};

/// The catalog of the bundled catalogue. The same for a given catalogue version: its `last-modified` is the first day
/// of the catalogue's release month (`2026.11` → `2026-11-01T00:00:00Z`), its version the catalogue's.
pub fn catalog(catalogue: &Catalogue) -> CatalogDocument {
    let standard = uuid(&["resource", "standard", catalogue::STANDARD]);
    let groups = catalogue.groups.iter().map(|g| group(g, &format!("#{standard}"))).collect();
    let mut metadata = metadata(
        format!("{}: the aims catalogue of requirements (own words)", catalogue::STANDARD),
        release_date(catalogue::VERSION),
        catalogue::VERSION.to_string(),
    );
    metadata.remarks = Some(
        "The IDs and short titles of the clauses and Annex A controls are facts about ISO/IEC 42001:2023. Every \
         other text (summaries, evidence an auditor expects, assessment questions) is the aims project's own \
         wording for gap analysis; it is not the text of the standard and does not replace it. ISO/IEC 42001 is \
         (c) ISO/IEC."
            .to_string(),
    );
    CatalogDocument {
        catalog: Catalog {
            uuid: uuid(&["catalog", catalogue::STANDARD]),
            metadata,
            groups,
            back_matter: BackMatter {
                resources: vec![Resource {
                    uuid: standard,
                    title: catalogue::STANDARD.to_string(),
                    description: Some(
                        "Information technology — Artificial intelligence — Management system. The standard whose \
                         requirements this catalog lists by ID and title; obtain it from ISO or a national body."
                            .to_string(),
                    ),
                    props: Vec::new(),
                    document_ids: Vec::new(),
                    citation: Some(Citation { text: "ISO/IEC 42001:2023, first edition, 2023-12".to_string() }),
                    rlinks: vec![Rlink { href: "https://www.iso.org/standard/81230.html".to_string() }],
                    remarks: None,
                }],
            },
        },
    }
}

/// The first day of a `YYYY.MM` catalogue version; 2023-12-01 (the standard's publication) if it is not one.
fn release_date(version: &str) -> Date {
    version
        .split_once('.')
        .and_then(|(y, m)| Date::new(y.parse().ok()?, m.parse().ok()?, 1))
        .unwrap_or_else(|| Date::new(2023, 12, 1).expect("a valid date"))
}

fn group(g: &catalogue::Group, standard: &str) -> Group {
    let id = control_id(&g.id);
    Group {
        class: match g.kind {
            Kind::Clause => "clause",
            Kind::Control => "objective",
        },
        title: g.title.clone(),
        props: oscal_prop("label", &g.id).into_iter().collect(),
        parts: vec![prose_part(format!("{id}_ovw"), "overview", None, g.summary.trim())],
        controls: g.requirements.iter().map(|r| control(r, standard)).collect(),
        id,
    }
}

fn control(r: &Requirement, standard: &str) -> Control {
    let id = control_id(&r.id);
    let mut props: Vec<_> = [
        oscal_prop("label", &r.id),
        oscal_prop("sort-id", &sort_id(&r.id)),
        prop(
            "scope",
            match r.scope {
                Scope::Organisation => "organisation",
                Scope::AiSystem => "ai_system",
            },
        ),
        prop("documented-information", if r.documented_information { "true" } else { "false" }),
        prop(
            "effort",
            match r.effort {
                Effort::Small => "small",
                Effort::Medium => "medium",
                Effort::Large => "large",
            },
        ),
    ]
    .into_iter()
    .flatten()
    .collect();
    props.extend(r.roles.iter().filter_map(|role| prop("role", role.as_str())));
    props.extend(r.system_evidence.and_then(|kind| prop("system-evidence", kind.as_str())));
    props.extend(r.system_roles.iter().filter_map(|role| prop("system-role", role.as_str())));
    props.extend(r.due_from.and_then(|stage| prop("due-from", stage.as_str())));

    let mut parts = vec![
        prose_part(format!("{id}_ovw"), "overview", None, r.summary.trim()),
        method(&id, "exa", "EXAMINE", "Evidence an auditor expects", &r.evidence),
        method(&id, "int", "INTERVIEW", "Questions to assess it", &r.questions),
    ];
    if !r.see_also.is_empty() {
        parts.push(prose_part(format!("{id}_gdn"), "guidance", Some("Related standards"), &list(&r.see_also)));
    }
    Control {
        id,
        class: match r.kind {
            Kind::Clause => "clause",
            Kind::Control => "control",
        },
        title: r.display_title().to_string(),
        props,
        links: vec![Link { href: standard.to_string(), rel: Some("reference"), text: None }],
        parts,
    }
}

/// An `assessment-method` part (`EXAMINE` or `INTERVIEW`) whose `assessment-objects` list `items`.
fn method(id: &str, suffix: &str, method: &str, title: &str, items: &[String]) -> Part {
    Part {
        id: format!("{id}_{suffix}"),
        name: "assessment-method",
        title: Some(title.to_string()),
        props: oscal_prop("method", method).into_iter().collect(),
        prose: None,
        parts: vec![prose_part(format!("{id}_{suffix}.obj"), "assessment-objects", None, &list(items))],
    }
}

fn prose_part(id: String, name: &'static str, title: Option<&str>, prose: &str) -> Part {
    Part {
        id,
        name,
        title: title.map(str::to_string),
        props: Vec::new(),
        prose: Some(prose.to_string()),
        parts: Vec::new(),
    }
}

/// A Markdown list, one item per line.
fn list(items: &[String]) -> String {
    items.iter().map(|i| format!("- {}", i.trim())).collect::<Vec<_>>().join("\n")
}

/// The `sort-id` of a requirement: its ID with every number two digits wide and the Annex A letter in lower case,
/// so that sorting the text sorts the standard's order (clauses before Annex A): `04.01`, `a.06.02.04`.
fn sort_id(id: &str) -> String {
    id.split('.')
        .map(|part| match part.parse::<u32>() {
            Ok(n) => format!("{n:02}"),
            Err(_) => part.to_ascii_lowercase(),
        })
        .collect::<Vec<_>>()
        .join(".")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sort_ids_sort_in_the_standards_order() {
        let ids = ["4.1", "6.1.2", "10.2", "A.2.2", "A.10.4"];
        let sorted: Vec<String> = ids.iter().map(|i| sort_id(i)).collect();
        let mut again = sorted.clone();
        again.sort();
        assert_eq!(sorted, again);
        assert_eq!(sort_id("A.6.2.4"), "a.06.02.04");
    }

    #[test]
    fn the_release_month_is_the_last_modified_date() {
        assert_eq!(release_date("2026.11").to_string(), "2026-11-01");
        assert_eq!(release_date("x").to_string(), "2023-12-01");
    }
}
