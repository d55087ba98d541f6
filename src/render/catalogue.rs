//! `aims controls ID`: one requirement of the catalogue, whole.

use crate::catalogue::{Catalogue, Kind, Requirement, Scope};

/// One requirement, whole, as Markdown (which also reads well in a terminal): `# ID Title`, its kind, scope,
/// whether it is mandatory documented information, the roles it mainly concerns and the effort to close a gap, then
/// what it asks, the evidence an auditor expects, the questions to assess it and its links to other frameworks.
/// Ends with a line break.
pub fn requirement_markdown(catalogue: &Catalogue, req: &Requirement) -> String {
    let group = catalogue.group(&req.group).map_or("", |g| g.title.as_str());
    let mut out = format!("# {} {}\n\n", req.id, req.display_title());
    let kind = match req.kind {
        Kind::Clause => format!("Clause, in {} {}", req.group, group),
        Kind::Control => format!("Annex A control, objective {} {}", req.group, group),
    };
    out.push_str(&format!("- **Kind:** {kind}\n"));
    let scope = match req.scope {
        Scope::Organisation => "organisation-wide".to_string(),
        Scope::AiSystem => format!(
            "per AI system (reads each system's `{}` record; applies where the organisation is the {})",
            req.system_evidence.map_or("", |k| k.as_str()),
            req.system_roles.iter().map(|r| r.as_str()).collect::<Vec<_>>().join(" or ")
        ),
    };
    out.push_str(&format!("- **Scope:** {scope}\n"));
    if let Some(stage) = req.due_from {
        out.push_str(&format!(
            "- **Due per AI system from:** the `{}` stage of its life cycle (not yet due before; not for retired systems)\n",
            stage.as_str()
        ));
    }
    out.push_str(&format!(
        "- **Mandatory documented information:** {}\n",
        if req.documented_information { "yes" } else { "no" }
    ));
    if !req.roles.is_empty() {
        let roles: Vec<&str> = req.roles.iter().map(|r| r.as_str()).collect();
        out.push_str(&format!("- **Mainly concerns:** AI {}\n", roles.join(", AI ")));
    }
    let effort = format!("{:?}", req.effort).to_lowercase();
    out.push_str(&format!("- **Effort to close a gap from nothing:** {effort}\n\n"));
    out.push_str(&format!("## What it asks\n\n{}\n\n## Evidence an auditor expects\n\n", req.summary));
    for e in &req.evidence {
        out.push_str(&format!("- {e}\n"));
    }
    out.push_str("\n## Questions to assess it\n\n");
    for q in &req.questions {
        out.push_str(&format!("- {q}\n"));
    }
    if !req.see_also.is_empty() {
        out.push_str("\n## See also\n\n");
        for s in &req.see_also {
            out.push_str(&format!("- {s}\n"));
        }
    }
    out.push_str(&crate::render::crosswalk::requirement_links(&req.id));
    out
}

/// `aims controls HEADING` for a heading that is not a requirement (`9.3`, the objective `A.6`): its title and
/// summary when it is a group of the catalogue, then a table of the requirements under it (`under`, in standard
/// order), as Markdown.
pub fn heading_markdown(catalogue: &Catalogue, heading: &str, under: &[&Requirement]) -> String {
    let mut out = match catalogue.group(heading) {
        Some(g) => format!("# {} {}\n\n{}\n\n", g.id, g.title, g.summary),
        None => format!("# {heading}\n\n"),
    };
    out.push_str("| ID | Title | Scope | Documented information |\n|---|---|---|---|\n");
    for r in under {
        let scope = match r.scope {
            Scope::Organisation => "organisation",
            Scope::AiSystem => "per AI system",
        };
        let di = if r.documented_information { "yes" } else { "" };
        out.push_str(&format!("| {} | {} | {scope} | {di} |\n", r.id, crate::render::escape::markdown(&r.title)));
    }
    out.push_str(&format!(
        "\n{} requirements under {heading}; an assessment entry names one of them, not the heading. Details: aims controls ID\n",
        under.len()
    ));
    out
}
