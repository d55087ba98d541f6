//! What aims knows without a workspace: `aims controls` (the bundled catalogue), `aims explain` (the rule codes)
//! and `aims schema` (the JSON Schemas of the workspace files and the report).

use std::path::Path;

use aims::catalogue::{Catalogue, Requirement};
use aims::diagnostic::did_you_mean;
use aims::render;
use aims::rules;
use aims::schema::SchemaFile;

use super::args::CatalogueFormat;
use super::{Outcome, emit, eprint_line};

/// `aims controls [ID]`: the whole catalogue, or one requirement.
pub fn controls(catalogue: &Catalogue, id: Option<&str>, format: CatalogueFormat) -> anyhow::Result<Outcome> {
    let Some(id) = id else {
        let text = match format {
            CatalogueFormat::Json => render::json(&catalogue.requirements().collect::<Vec<_>>()),
            CatalogueFormat::Markdown => render::catalogue_markdown(catalogue),
            CatalogueFormat::Table => render::catalogue_table(catalogue),
        };
        emit(None, &text)?;
        return Ok(Outcome::Success);
    };
    let Some(req) = catalogue.resolve(id) else {
        let hint = catalogue.suggest(id).map_or_else(String::new, |s| format!("; did you mean `{s}`?"));
        eprint_line(&format!("aims: error: `{id}` is not a requirement of the catalogue{hint}"));
        eprint_line("  = help: `aims controls` lists every requirement");
        return Ok(Outcome::Invalid);
    };
    let text = match format {
        CatalogueFormat::Json => render::json(req),
        CatalogueFormat::Markdown | CatalogueFormat::Table => requirement_text(catalogue, req),
    };
    emit(None, &text)?;
    Ok(Outcome::Success)
}

/// One requirement, whole, as Markdown (which also reads well in a terminal).
fn requirement_text(catalogue: &Catalogue, req: &Requirement) -> String {
    let group = catalogue.group(&req.group).map_or("", |g| g.title.as_str());
    let mut out = format!("# {} {}\n\n", req.id, req.title);
    let kind = match req.kind {
        aims::catalogue::Kind::Clause => format!("Clause, in {} {}", req.group, group),
        aims::catalogue::Kind::Control => format!("Annex A control, objective {} {}", req.group, group),
    };
    out.push_str(&format!("- **Kind:** {kind}\n"));
    let scope = match req.scope {
        aims::catalogue::Scope::Organisation => "organisation-wide".to_string(),
        aims::catalogue::Scope::AiSystem => format!(
            "per AI system (reads each system's `{}` record; applies where the organisation is the {})",
            req.system_evidence.map_or("", |k| k.as_str()),
            req.system_roles.iter().map(|r| r.as_str()).collect::<Vec<_>>().join(" or ")
        ),
    };
    out.push_str(&format!("- **Scope:** {scope}\n"));
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
    out.push_str(&aims::crosswalk::requirement_links(&req.id));
    out
}

/// `aims schema FILE` prints one schema; `--out-dir DIR` writes them all.
pub fn schema(file: Option<SchemaFile>, out_dir: Option<&Path>) -> anyhow::Result<Outcome> {
    match (file, out_dir) {
        (Some(file), _) => emit(None, &file.render())?,
        (None, Some(dir)) => {
            std::fs::create_dir_all(dir).map_err(|e| anyhow::anyhow!("cannot create {}: {e}", dir.display()))?;
            for file in SchemaFile::ALL {
                emit(Some(&dir.join(file.file_name())), &file.render())?;
            }
        }
        (None, None) => anyhow::bail!("name a file (settings, organisation, system, assessment) or pass --out-dir"),
    }
    Ok(Outcome::Success)
}

/// `aims explain [CODE]`: one rule's explanation, or the list of every code.
pub fn explain(code: Option<&str>) -> anyhow::Result<Outcome> {
    let Some(code) = code else {
        let mut text = String::new();
        for kind in [rules::RuleKind::Finding, rules::RuleKind::Diagnostic] {
            text.push_str(match kind {
                rules::RuleKind::Finding => "Assessment findings (aims gap):\n",
                rules::RuleKind::Diagnostic => "\nInput diagnostics (aims validate):\n",
            });
            for rule in rules::RULES.iter().filter(|r| r.kind == kind) {
                text.push_str(&format!("  {:<34} {}\n", rule.code, rule.title));
            }
        }
        emit(None, &text)?;
        return Ok(Outcome::Success);
    };
    let Some(rule) = rules::find(code.trim()) else {
        let hint = did_you_mean(code, rules::RULES.iter().map(|r| r.code))
            .map_or_else(String::new, |s| format!("; did you mean `{s}`?"));
        eprint_line(&format!("aims: error: no rule has the code `{code}`{hint}"));
        eprint_line("  = help: `aims explain` lists every code");
        return Ok(Outcome::Invalid);
    };
    emit(None, &rules::explanation(rule))?;
    Ok(Outcome::Success)
}
