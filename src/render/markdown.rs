//! The Markdown report: a minijinja template over the assessment, written to read as a document a consultant
//! sends, and to render correctly on GitHub and GitLab.

use minijinja::value::Serde;
use minijinja::{Environment, Value, context};

use crate::assess::{Assessment, Report};
use crate::catalogue::Kind;
use crate::workspace::{EuAiActRole, EuRiskTier, Status};

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
    env.add_filter("sentence", |s: &str| super::findings::sentence(s));
    env.add_filter("pct", |v: Option<f64>| super::percent(v));
    env.add_filter("label", |s: &str| status_from(s).map_or_else(|| s.to_string(), |st| st.label().to_string()));
    env.add_filter("mark", |s: &str| Value::from(status_from(s).map_or("", super::mark)));
    env.add_filter("plural", |word: &str, n: usize| super::plural(word, n));
    env.add_filter("eu_role", |s: &str| {
        from_key(s).map_or_else(|| s.to_string(), |r: EuAiActRole| r.label().to_string())
    });
    env.add_filter("eu_tier", |s: &str| {
        from_key(s).map_or_else(|| s.to_string(), |t: EuRiskTier| t.label().to_string())
    });
    env
}

/// The value whose serialised form is `key` (`"authorised_representative"`), if there is one.
fn from_key<T: serde::de::DeserializeOwned>(key: &str) -> Option<T> {
    serde_json::from_value(serde_json::Value::from(key)).ok()
}

/// Makes text safe inside a Markdown table cell: no line breaks, `|` escaped.
fn cell(text: Option<&str>) -> String {
    super::md_cell(text.unwrap_or_default())
}

pub(crate) fn ser<T: serde::Serialize>(value: T) -> Value {
    Value::from(Serde(value))
}

fn status_from(s: &str) -> Option<Status> {
    Status::ALL.into_iter().find(|st| st.as_str() == s)
}

/// The gap report as Markdown, from `report.md.j2`.
pub fn markdown(report: &Report<'_>, template_dir: Option<&std::path::Path>) -> Result<String, TemplateError> {
    let assessment = report.assessment;
    // Each requirement and system becomes a template value once, on all cores, and the lists below share those
    // values: with thousands of systems, converting the assessment is most of the rendering.
    let requirements = crate::parallel::map(&assessment.requirements, 2, |r| ser(r));
    let systems = crate::parallel::map(&assessment.systems, 500, |s| ser(s));
    let pick = |values: &[Value], keep: &dyn Fn(usize) -> bool| -> Value {
        values.iter().enumerate().filter(|&(i, _)| keep(i)).map(|(_, v)| v.clone()).collect()
    };
    let by_status = |pred: fn(Status) -> bool| pick(&requirements, &|i| pred(assessment.requirements[i].status));
    // Per-system requirements that apply to at least one in-scope system: the columns of the systems matrix.
    let matrix_columns: Vec<String> = assessment
        .requirements
        .iter()
        .filter(|r| r.systems.iter().any(|s| s.status != Status::NotApplicable))
        .map(|r| r.id.clone())
        .collect();
    let statuses: Vec<Value> = Status::ALL
        .iter()
        .map(|s| context! { key => s.as_str(), label => s.label(), count => assessment.summary.counts.get(*s) })
        .collect();
    // The first ten of the assessment's priorities, as the requirements' values.
    let position = |id: &str| assessment.requirements.iter().position(|r| r.id == id);
    let top_gaps: Vec<Value> = assessment
        .summary
        .priorities
        .iter()
        .take(10)
        .filter_map(|id| position(id))
        .map(|i| requirements[i].clone())
        .collect();
    let ctx = context! {
        a => whole(report, &requirements, &systems),
        statuses => statuses,
        top_gaps => top_gaps,
        unmet => by_status(Status::is_gap),
        excluded => by_status(|s| s == Status::NotApplicable),
        compliant => by_status(|s| s == Status::Compliant),
        clauses => ser(assessment.groups.iter().filter(|g| g.kind == Kind::Clause).collect::<Vec<_>>()),
        objectives => ser(assessment.groups.iter().filter(|g| g.kind == Kind::Control).collect::<Vec<_>>()),
        matrix_columns => matrix_columns,
        in_scope => pick(&systems, &|i| assessment.systems[i].in_scope),
        out_of_scope => pick(&systems, &|i| !assessment.systems[i].in_scope),
        eu_ai_act => ser(&report.eu_ai_act),
        aims_version => env!("CARGO_PKG_VERSION"),
    };
    render_document("report.md.j2", REPORT, ctx, template_dir)
}

/// The report as the template's `a`, the same as the JSON report, built around the already converted
/// requirements and systems. Every field is named, so a field added to [`Assessment`] or [`Report`] fails to
/// compile here until it is passed on.
fn whole(report: &Report<'_>, requirements: &[Value], systems: &[Value]) -> Value {
    let Report { assessment, eu_ai_act, gate } = report;
    let Assessment {
        schema_version,
        title,
        as_of,
        catalogue,
        organisation,
        review_interval_months,
        summary,
        groups,
        requirements: _,
        systems: _,
        waivers,
    } = assessment;
    context! {
        schema_version => schema_version,
        title => title,
        as_of => ser(as_of),
        catalogue => ser(catalogue),
        organisation => ser(organisation),
        review_interval_months => review_interval_months,
        summary => ser(summary),
        groups => ser(groups),
        requirements => requirements,
        systems => systems,
        waivers => ser(waivers),
        eu_ai_act => ser(eu_ai_act),
        gate => ser(gate),
    }
}
