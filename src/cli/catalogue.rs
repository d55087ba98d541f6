//! What aims knows without a workspace: `aims controls` (the bundled catalogue), `aims explain` (the rule codes)
//! and `aims schema` (the JSON Schemas of the workspace files and the report).

use std::path::Path;

use aims::catalogue::Catalogue;
use aims::diagnostic::did_you_mean;
use aims::render;
use aims::rules;
use aims::schema::SchemaFile;

use super::args::CatalogueFormat;
use aims::output::{Batch, Guard};

use super::{Outcome, eprint_line, print, ui};

/// `aims controls [ID]`: the whole catalogue, or one requirement; the table on a terminal, Markdown through a pipe,
/// unless `format` says.
pub fn controls(catalogue: &Catalogue, id: Option<&str>, format: Option<CatalogueFormat>) -> anyhow::Result<Outcome> {
    use std::io::IsTerminal;
    let terminal = std::io::stdout().is_terminal();
    let format = format.unwrap_or(if terminal { CatalogueFormat::Table } else { CatalogueFormat::Markdown });
    let Some(id) = id else {
        let text = match format {
            CatalogueFormat::Json => render::json(&catalogue.requirements().collect::<Vec<_>>()),
            CatalogueFormat::Markdown => render::catalogue_markdown(catalogue),
            CatalogueFormat::Table => render::catalogue_table(catalogue, ui::stdout_width()),
        };
        print(&text)?;
        return Ok(Outcome::Success);
    };
    let Some(req) = catalogue.resolve(id) else {
        // A heading or an Annex A objective (`9.3`, `A.6`) lists the requirements under it.
        let under = catalogue.under(id);
        if !under.is_empty() {
            let text = match format {
                CatalogueFormat::Json => render::json(&under),
                CatalogueFormat::Markdown | CatalogueFormat::Table => {
                    render::heading_markdown(catalogue, id.trim(), &under)
                }
            };
            print(&text)?;
            return Ok(Outcome::Success);
        }
        let (message, help) = catalogue.unknown_id(id);
        eprint_line(&format!("aims: error: {message}"));
        eprint_line(&format!("  = help: {help}"));
        return Ok(Outcome::Invalid);
    };
    let text = match format {
        CatalogueFormat::Json => render::json(req),
        CatalogueFormat::Markdown | CatalogueFormat::Table => render::requirement_markdown(catalogue, req),
    };
    print(&text)?;
    Ok(Outcome::Success)
}

/// `aims schema FILE` prints one schema; `--out-dir DIR` writes them all; with neither, the list of schemas.
pub fn schema(file: Option<SchemaFile>, out_dir: Option<&Path>) -> anyhow::Result<Outcome> {
    match (file, out_dir) {
        (Some(file), _) => print(&file.render())?,
        (None, Some(dir)) => {
            // The folder and every file are checked before anything is created or written.
            let guard = Guard::new();
            guard.folder(dir)?;
            std::fs::create_dir_all(dir).map_err(|e| anyhow::anyhow!("cannot create {}: {e}", dir.display()))?;
            let mut batch = Batch::new();
            for file in SchemaFile::ALL {
                let text = file.render();
                batch.stage(guard.target(&dir.join(file.file_name()))?, |out| out.write_all(text.as_bytes()))?;
            }
            batch.commit()?;
        }
        (None, None) => print(&schema_list())?,
    }
    Ok(Outcome::Success)
}

/// What `aims schema` prints without an argument: each schema's name and the file it describes (the help of
/// clap's values, so the list and `--help` cannot disagree).
fn schema_list() -> String {
    use clap::ValueEnum;
    let mut text =
        String::from("The JSON Schemas aims prints (aims schema NAME), or writes all at once (--out-dir DIR):\n");
    for file in super::args::SchemaFile::value_variants() {
        let Some(value) = file.to_possible_value() else { continue };
        let help = value.get_help().map(ToString::to_string).unwrap_or_default();
        let name = SchemaFile::from(*file).file_name();
        text.push_str(&format!("  {:<19}{name:<31}{help}\n", value.get_name()));
    }
    text.push_str(
        "Editors that read JSON Schema (yaml-language-server) complete and check a file against its schema.\n",
    );
    text
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
            for rule in rules::all().filter(|r| r.kind == kind) {
                text.push_str(&format!("  {:<34} {}\n", rule.code, rule.title));
            }
        }
        print(&text)?;
        return Ok(Outcome::Success);
    };
    let Some(rule) = rules::find(code.trim()) else {
        let hint = did_you_mean(code, rules::all().map(|r| r.code.as_str()))
            .map_or_else(String::new, |s| format!("; did you mean `{s}`?"));
        eprint_line(&format!("aims: error: no rule has the code `{code}`{hint}"));
        eprint_line("  = help: `aims explain` lists every code");
        return Ok(Outcome::Invalid);
    };
    print(&rules::explanation(rule))?;
    Ok(Outcome::Success)
}
