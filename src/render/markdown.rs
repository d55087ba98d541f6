//! The Markdown report: a minijinja template over the assessment, written to read as a document a consultant
//! sends, and to render correctly on GitHub and GitLab.

use minijinja::value::Serde;
use minijinja::{Environment, Value, context};

use crate::assess::{Assessment, RequirementResult};
use crate::catalogue::Kind;
use crate::workspace::Status;

const REPORT: &str = include_str!("../../templates/report.md.j2");

/// A template failed to compile or render; the message names the template and line.
#[derive(Debug, thiserror::Error)]
#[error("template {name}: {detail}")]
pub struct TemplateError {
    name: String,
    detail: String,
}

impl From<minijinja::Error> for TemplateError {
    fn from(e: minijinja::Error) -> Self {
        let name = e.name().unwrap_or("report.md.j2").to_string();
        let detail = match e.line() {
            Some(line) => format!("line {line}: {}", e.detail().unwrap_or(&e.to_string())),
            None => e.to_string(),
        };
        TemplateError { name, detail }
    }
}

/// Renders the Markdown document `name` (e.g. `report.md.j2`): from `template_dir/name` when that file exists (a
/// consultant's branding or translation), otherwise from the built-in template. The result has no trailing spaces
/// and no runs of blank lines, whatever the template does, so diffs stay clean.
pub fn render_document(
    name: &str,
    builtin: &str,
    ctx: Value,
    template_dir: Option<&std::path::Path>,
) -> Result<String, TemplateError> {
    if let Some(dir) = template_dir.filter(|d| !d.is_dir()) {
        return Err(TemplateError {
            name: dir.display().to_string(),
            detail: "the template folder does not exist".to_string(),
        });
    }
    let custom = template_dir.map(|d| d.join(name)).filter(|p| p.is_file());
    let source = match &custom {
        Some(path) => std::fs::read_to_string(path)
            .map_err(|e| TemplateError { name: path.display().to_string(), detail: format!("cannot read it: {e}") })?,
        None => builtin.to_string(),
    };
    let shown = custom.as_ref().map_or_else(|| name.to_string(), |p| p.display().to_string());
    let rendered = environment().render_named_str(&shown, &source, ctx)?;
    let mut out: String = rendered.lines().map(str::trim_end).collect::<Vec<_>>().join("\n");
    while out.contains("\n\n\n") {
        out = out.replace("\n\n\n", "\n\n");
    }
    out.push('\n');
    Ok(out)
}

fn environment() -> Environment<'static> {
    let mut env = Environment::new();
    // Block tags on their own lines leave no blank lines behind.
    if let Ok(syntax) = minijinja::syntax::SyntaxConfig::builder().trim_blocks(true).lstrip_blocks(true).build() {
        env.set_syntax(syntax);
    }
    env.set_undefined_behavior(minijinja::UndefinedBehavior::Strict);
    env.add_filter("cell", cell);
    env.add_filter("sentence", |s: String| super::findings::sentence(&s));
    env.add_filter("pct", |v: Option<f64>| super::percent(v));
    env.add_filter("label", |s: String| status_from(&s).map_or(s.clone(), |st| st.label().to_string()));
    env.add_filter("mark", |s: String| status_from(&s).map_or("", super::mark).to_string());
    env
}

/// Makes text safe inside a Markdown table cell: no line breaks, `|` escaped.
fn cell(text: Option<String>) -> String {
    super::md_cell(&text.unwrap_or_default())
}

pub(crate) fn ser<T: serde::Serialize>(value: T) -> Value {
    Value::from(Serde(value))
}

fn status_from(s: &str) -> Option<Status> {
    Status::ALL.into_iter().find(|st| st.as_str() == s)
}

/// The gaps a reader should see first: non-compliant before partial before unassessed, clauses and mandatory
/// documented information before other controls, then catalogue order.
fn top_gaps(assessment: &Assessment, limit: usize) -> Vec<&RequirementResult> {
    let mut gaps: Vec<(usize, &RequirementResult)> =
        assessment.requirements.iter().enumerate().filter(|(_, r)| r.status.is_gap()).collect();
    let rank = |r: &RequirementResult| match r.status {
        Status::NonCompliant => 0,
        Status::PartiallyCompliant => 1,
        _ => 2,
    };
    gaps.sort_by_key(|&(order, r)| (rank(r), r.kind != Kind::Clause, !r.documented_information, order));
    gaps.into_iter().take(limit).map(|(_, r)| r).collect()
}

/// The EU AI Act section's data (none unless an in-scope AI system is high-risk or prohibited); see `crosswalk`.
fn eu_ai_act_section(assessment: &Assessment) -> Result<Value, TemplateError> {
    crate::crosswalk::gap_report_section(assessment)
        .map(ser)
        .map_err(|e| TemplateError { name: "controls/crosswalks".to_string(), detail: e.to_string() })
}

/// The gap report as Markdown, from `report.md.j2`.
pub fn markdown(assessment: &Assessment, template_dir: Option<&std::path::Path>) -> Result<String, TemplateError> {
    let by_status = |pred: fn(Status) -> bool| -> Vec<&RequirementResult> {
        assessment.requirements.iter().filter(|r| pred(r.status)).collect()
    };
    // Per-system requirements that apply to at least one in-scope system: the columns of the systems matrix.
    let matrix_columns: Vec<&RequirementResult> = assessment
        .requirements
        .iter()
        .filter(|r| r.systems.iter().any(|s| s.status != Status::NotApplicable))
        .collect();
    let statuses: Vec<Value> = Status::ALL
        .iter()
        .map(|s| context! { key => s.as_str(), label => s.label(), count => assessment.summary.counts.get(*s) })
        .collect();
    let ctx = context! {
        a => ser(assessment),
        statuses => statuses,
        top_gaps => ser(top_gaps(assessment, 10)),
        unmet => ser(by_status(Status::is_gap)),
        excluded => ser(by_status(|s| s == Status::NotApplicable)),
        compliant => ser(by_status(|s| s == Status::Compliant)),
        clauses => ser(assessment.groups.iter().filter(|g| g.kind == Kind::Clause).collect::<Vec<_>>()),
        objectives => ser(assessment.groups.iter().filter(|g| g.kind == Kind::Control).collect::<Vec<_>>()),
        matrix_columns => ser(matrix_columns.iter().map(|r| &r.id).collect::<Vec<_>>()),
        in_scope => ser(assessment.systems.iter().filter(|s| s.in_scope).collect::<Vec<_>>()),
        out_of_scope => ser(assessment.systems.iter().filter(|s| !s.in_scope).collect::<Vec<_>>()),
        eu_ai_act => eu_ai_act_section(assessment)?,
        aims_version => env!("CARGO_PKG_VERSION"),
    };
    render_document("report.md.j2", REPORT, ctx, template_dir)
}
