//! The Markdown report: a minijinja template over the assessment, written to read as a document a consultant
//! sends, and to render correctly on GitHub and GitLab.

use minijinja::value::Serde;
use minijinja::{Value, context};

use std::collections::BTreeMap;

use super::escape;
use super::file_title::file_title;
use super::template::{Markup, TemplateError, render_document_as};
use crate::assess::{Assessment, EvidenceResult, GridRating, Report, RequirementResult};
use crate::catalogue::Kind;
use crate::workspace::Status;

const REPORT: &str = include_str!("../../templates/report.md.j2");

pub(crate) fn ser<T: serde::Serialize>(value: T) -> Value {
    Value::from(Serde(value))
}

/// The gap report as Markdown, from `report.md.j2` (`options.template_dir` may override it), in the voice of
/// `options.audience`, with the front matter and executive summary of `options.summary` when given.
///
/// # Errors
/// A [`TemplateError`] when the template cannot be read or fails.
pub fn markdown(report: &Report<'_>, options: super::Options<'_>) -> Result<String, TemplateError> {
    markdown_as(report, options, Markup::Markdown)
}

/// The gap report's Markdown for `markup` (with chart markers for the HTML page).
pub(crate) fn markdown_as(
    report: &Report<'_>,
    options: super::Options<'_>,
    markup: Markup,
) -> Result<String, TemplateError> {
    let assessment = report.assessment;
    let summary = options.summary;
    // Each requirement and system becomes a template value once, on all cores, and the lists below share those
    // values: with thousands of systems, converting the assessment is most of the rendering.
    // Each requirement lists each record once (`views::evidence::distinct`), as the SoA and the workbook do.
    let attribution = crate::views::evidence::Attribution::of(assessment);
    let requirements = crate::parallel::map(&assessment.requirements, 2, |r| {
        let listed = crate::views::evidence::distinct(&r.evidence, &attribution);
        if listed.len() == r.evidence.len() {
            return ser(r);
        }
        let evidence = listed.into_iter().map(|i| r.evidence[i].clone()).collect();
        ser(crate::assess::RequirementResult { evidence, ..r.clone() })
    });
    let systems = crate::parallel::map(&assessment.systems, 500, |s| ser(s));
    let pick = |values: &[Value], keep: &dyn Fn(usize) -> bool| -> Value {
        values.iter().enumerate().filter(|&(i, _)| keep(i)).map(|(_, v)| v.clone()).collect()
    };
    let by_status = |pred: fn(Status) -> bool| pick(&requirements, &|i| pred(assessment.requirements[i].status));
    // Per-system requirements that apply, or will apply at a later life-cycle stage, to at least one in-scope
    // system: the columns of the systems matrix.
    let matrix_columns: Vec<String> = assessment
        .requirements
        .iter()
        .filter(|r| r.systems.iter().any(|s| s.status != Status::NotApplicable || s.is_not_yet_due()))
        .map(|r| r.id.clone())
        .collect();
    // What the cells of the systems matrix show (each active system's status on each column, or not yet due), in
    // the legend's order: its legend explains these marks and no other. Only a report that is not a large
    // inventory's shows the matrix.
    let matrix_legend: Vec<&str> = if summary.is_some_and(|s| s.large_inventory) {
        Vec::new()
    } else {
        let mut shown = std::collections::HashSet::new();
        for s in assessment.systems.iter().filter(|s| listed(s) == Listed::Active) {
            for c in &matrix_columns {
                shown.insert(if s.not_yet_due.contains(c) {
                    "not_yet_due"
                } else {
                    s.statuses.get(c).copied().unwrap_or(Status::NotApplicable).as_str()
                });
            }
        }
        ["compliant", "partially_compliant", "non_compliant", "not_yet_due", "not_applicable", "not_assessed"]
            .into_iter()
            .filter(|k| shown.contains(k))
            .collect()
    };
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
    let position_of_system = |id: &str| assessment.systems.iter().position(|s| s.id == id);
    let worst: Vec<Value> = summary
        .map(|s| s.worst_systems.iter().filter_map(|id| position_of_system(id)).map(|i| systems[i].clone()).collect())
        .unwrap_or_default();
    let system_names: BTreeMap<String, String> =
        assessment.systems.iter().map(|s| (s.id.clone(), s.name.clone())).collect();
    let client = options.audience == super::Audience::Client;
    let cited = cited_by(assessment, &attribution);
    let owned = belongs_to(assessment, &attribution);
    let unmet = |r: &RequirementResult| r.status.is_gap() && !nothing_recorded(r);
    // The evidence line of each unmet requirement, composed here on all cores: a per-system control of a large
    // inventory lists thousands of records, too many to write one template macro call at a time.
    let with_evidence: Vec<&RequirementResult> =
        assessment.requirements.iter().filter(|r| unmet(r) && !r.evidence.is_empty()).collect();
    let large = summary.is_some_and(|s| s.large_inventory);
    let lines = crate::parallel::map(&with_evidence, 1, |r| {
        let listed = crate::views::evidence::listed(&r.evidence, &attribution);
        evidence_line(&listed, client, large, &system_names, &owned)
    });
    let evidence_lines: BTreeMap<String, Value> =
        with_evidence.iter().zip(lines).map(|(r, line)| (r.id.clone(), Value::from_safe_string(line))).collect();
    // Every list of systems reads by unit, then by ID (`units::SystemOrder`): the systems each unmet per-system
    // requirement falls short for, and per top-level unit how many fall short of how many it applies to.
    let order = crate::assess::units::SystemOrder::of(&assessment.systems);
    let with_systems: Vec<&RequirementResult> =
        assessment.requirements.iter().filter(|r| unmet(r) && !r.systems.is_empty()).collect();
    let short_systems: BTreeMap<String, Value> = with_systems
        .iter()
        .map(|r| {
            let mut short: Vec<&crate::assess::SystemStatus> = r
                .systems
                .iter()
                .filter(|s| matches!(s.status, Status::PartiallyCompliant | Status::NonCompliant | Status::NotAssessed))
                .collect();
            order.sort_by_system(&mut short, |s| &s.system);
            let short: Vec<Value> = short
                .iter()
                .map(|s| context! { system => &s.system, status => s.status.as_str(), waived => s.waived })
                .collect();
            (r.id.clone(), Value::from(short))
        })
        .collect();
    let unit_shortfalls: BTreeMap<String, Value> = with_systems
        .iter()
        .map(|r| (r.id.clone(), ser(crate::assess::units::shortfalls(&assessment.systems, &r.systems))))
        .collect();
    let mut by_unit: Vec<usize> = (0..assessment.systems.len()).collect();
    by_unit.sort_by(|&a, &b| order.cmp(&assessment.systems[a].id, &assessment.systems[b].id));
    let pick_systems = |keep: &dyn Fn(usize) -> bool| -> Value {
        by_unit.iter().filter(|&&i| keep(i)).map(|&i| systems[i].clone()).collect()
    };
    // The EU AI Act section, thousands of systems' obligations in a large inventory, converted once for `a` and the
    // template's own `eu_ai_act`.
    let eu_ai_act = ser(&assessment.eu_ai_act);
    let ctx = context! {
        a => whole(report, &requirements, &systems, eu_ai_act.clone()),
        audience => options.audience.as_str(),
        client => client,
        summary => summary.map(ser),
        large => summary.is_some_and(|s| s.large_inventory),
        worst => worst,
        system_names => system_names,
        traceability => pick(&requirements, &|i| !assessment.requirements[i].findings.is_empty()),
        statuses => statuses,
        top_gaps => top_gaps,
        // The unmet requirements with something to say, each a section of its own; those with nothing recorded at
        // all (no entry, no record, no system, no finding but "not assessed") are one table, so a workspace that has
        // assessed little reads as a short list of what to assess, not dozens of one-line sections.
        unmet => pick(&requirements, &|i| unmet(&assessment.requirements[i])),
        evidence_lines => evidence_lines,
        short_systems => short_systems,
        unit_shortfalls => unit_shortfalls,
        unassessed => pick(&requirements, &|i| nothing_recorded(&assessment.requirements[i])),
        unjustified => assessment
            .requirements
            .iter()
            .filter(|r| r.kind == Kind::Control && nothing_recorded(r))
            .filter(|r| r.findings.iter().any(|f| f.code == crate::rules::Code::SoaJustificationMissing))
            .map(|r| r.id.clone())
            .collect::<Vec<_>>(),
        excluded => pick(&requirements, &|i| {
            let r = &assessment.requirements[i];
            r.status == Status::NotApplicable && !r.is_not_yet_due()
        }),
        not_yet_due => pick(&requirements, &|i| assessment.requirements[i].is_not_yet_due()),
        // The exclusions aims derived from the AI system inventory, which the organisation has yet to confirm.
        derived => assessment.requirements.iter().filter(|r| r.is_derived()).map(|r| r.id.clone()).collect::<Vec<_>>(),
        compliant => by_status(|s| s == Status::Compliant),
        clauses => ser(assessment.groups.iter().filter(|g| g.kind == Kind::Clause).collect::<Vec<_>>()),
        objectives => ser(assessment.groups.iter().filter(|g| g.kind == Kind::Control).collect::<Vec<_>>()),
        matrix_columns => matrix_columns,
        matrix_legend => matrix_legend,
        // The active systems in scope; the retired ones, to which no per-system control applies any more, apart.
        in_scope => pick_systems(&|i| listed(&assessment.systems[i]) == Listed::Active),
        retired => pick_systems(&|i| listed(&assessment.systems[i]) == Listed::Retired),
        cited_by => ser(&cited),
        belongs_to => ser(&owned),
        out_of_scope => pick_systems(&|i| listed(&assessment.systems[i]) == Listed::OutOfScope),
        eu_ai_act => eu_ai_act.clone(),
        // System ID → how an obligation in force stands for it while it is not placed on the market ("not yet (in
        // design)"), the words the summary and the workbook use.
        not_yet => assessment
            .systems
            .iter()
            .filter(|s| !s.lifecycle_stage.is_placed())
            .map(|s| (s.id.clone(), crate::assess::eu_obligations::not_yet(Some(s.lifecycle_stage))))
            .collect::<BTreeMap<_, _>>(),
        eu_counts => eu_counts(report),
        eu_upcoming => crate::views::summary::EU_UPCOMING,
        risk_grids => assessment.risk.as_ref().map(|r| context! {
            inherent => ser(r.grid(GridRating::Inherent)),
            residual => ser(r.grid(GridRating::Residual)),
        }),
        aims_version => env!("CARGO_PKG_VERSION"),
    };
    let rendered = render_document_as("report.md.j2", REPORT, ctx, options.template_dir, markup);
    // The converted requirements and systems, a million small values for a large inventory, are freed on another
    // core while the caller goes on with the text (a tenth of a second at 10,000 systems); here, if no thread can be
    // started.
    let values = (requirements, systems, eu_ai_act);
    drop(std::thread::Builder::new().spawn(move || drop(values)));
    rendered
}

/// Whether nothing at all is recorded for a requirement: not assessed, no planned action, no evidence record, no
/// AI system's status, and no finding but that it is not assessed and (for an Annex A control) that the Statement of
/// Applicability gives no justification, which the table of such requirements shows in a column of its own.
fn nothing_recorded(r: &RequirementResult) -> bool {
    use crate::rules::Code;
    r.status == Status::NotAssessed
        && r.recorded_action.is_none()
        && r.evidence.is_empty()
        && r.systems.is_empty()
        && r.findings.iter().all(|f| matches!(f.code, Code::NotAssessed | Code::SoaJustificationMissing))
}

/// Whether a system is retired: per-system controls no longer apply to it, and the documents list it apart from the
/// systems in scope.
pub(crate) fn is_retired(system: &crate::assess::SystemResult) -> bool {
    system.lifecycle_stage == crate::workspace::LifecycleStage::Retired
}

/// Where the human documents list an AI system: with the active systems in scope, apart as a retired system still in
/// scope, or among the systems out of scope (whatever their stage). Every document counts and lists systems by this.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Listed {
    /// In scope and not retired: in the tables of systems and the per-system matrix.
    Active,
    /// In scope but retired: no per-system control applies any more, listed apart.
    Retired,
    /// Out of scope: not assessed, named in a sentence after the tables.
    OutOfScope,
}

/// Where the documents list `system` ([`Listed`]).
pub(crate) fn listed(system: &crate::assess::SystemResult) -> Listed {
    match (system.in_scope, is_retired(system)) {
        (false, _) => Listed::OutOfScope,
        (true, true) => Listed::Retired,
        (true, false) => Listed::Active,
    }
}

/// How many AI systems the documents list as active, retired and out of scope ([`Listed`]), in that order; they add
/// up to the inventory.
pub(crate) fn listed_counts(assessment: &Assessment) -> [usize; 3] {
    let mut counts = [0; 3];
    for s in &assessment.systems {
        counts[listed(s) as usize] += 1;
    }
    counts
}

/// For each evidence file that AI systems' own records cite, the names of those systems (in the assessment's order,
/// at most two): the template value `cited_by`, what the records show. Whose document it is, the report reads from
/// [`belongs_to`].
fn cited_by<'a>(
    assessment: &'a Assessment,
    attribution: &'a crate::views::evidence::Attribution,
) -> BTreeMap<&'a str, Vec<&'a str>> {
    let names: std::collections::HashMap<&str, &str> =
        assessment.systems.iter().map(|s| (s.id.as_str(), s.name.as_str())).collect();
    let mut out = BTreeMap::<&str, Vec<&str>>::new();
    for file in assessment.requirements.iter().flat_map(|r| &r.evidence).filter_map(|e| e.file.as_deref()) {
        if out.contains_key(file) {
            continue;
        }
        let cited: Vec<&str> =
            attribution.citing(file).iter().map(|id| names.get(id.as_str()).copied().unwrap_or(id.as_str())).collect();
        if !cited.is_empty() {
            out.insert(file, cited);
        }
    }
    out
}

/// For each evidence file an organisation-level record of which the report credits to one AI system
/// ([`crate::views::evidence::Attribution::owner`]: that system alone cites it and the file's path names it), the
/// system's name: the client voice writes "Nora: Impact assessment" for such a record. Any other organisation-level
/// record is the organisation's.
fn belongs_to<'a>(
    assessment: &'a Assessment,
    attribution: &'a crate::views::evidence::Attribution,
) -> BTreeMap<&'a str, &'a str> {
    let names: std::collections::HashMap<&str, &str> =
        assessment.systems.iter().map(|s| (s.id.as_str(), s.name.as_str())).collect();
    let mut out = BTreeMap::<&str, &str>::new();
    for e in assessment.requirements.iter().flat_map(|r| &r.evidence).filter(|e| e.system.is_none()) {
        let Some(file) = e.file.as_deref() else { continue };
        if let Some(id) = attribution.owner(file) {
            out.entry(file).or_insert_with(|| names.get(id).copied().unwrap_or(id));
        }
    }
    out
}

/// A requirement's listed evidence records ([`crate::views::evidence::listed`]) as the report's "Evidence:" line
/// lists them, separated by `; `, as escaped Markdown: the same text as the template's macros `belongs` and
/// `evidence_item` write for each record, in the client's voice when `client`. `names` gives each AI system's name
/// by ID, `owned` the system each organisation-level record's file is credited to ([`belongs_to`]). In a `large`
/// inventory ([`crate::views::summary::large_inventory`]) with more than [`LISTED_RECORDS`] records of AI systems,
/// those are counted, not listed ([`system_records`]): a per-system control of thousands of systems would otherwise
/// make one line of thousands of documents.
fn evidence_line(
    evidence: &[&EvidenceResult],
    client: bool,
    large: bool,
    names: &BTreeMap<String, String>,
    owned: &BTreeMap<&str, &str>,
) -> String {
    let of_systems = evidence.iter().filter(|e| given(e.system.as_deref()).is_some()).count();
    let count = large && of_systems > LISTED_RECORDS;
    let (listed, counted): (Vec<&EvidenceResult>, Vec<&EvidenceResult>) =
        evidence.iter().copied().partition(|e| !count || given(e.system.as_deref()).is_none());
    let mut out = String::new();
    for (i, e) in listed.into_iter().enumerate() {
        if i > 0 {
            out.push_str("; ");
        }
        if client {
            belongs(&mut out, e, names, owned);
        }
        evidence_item(&mut out, e, client);
    }
    if !counted.is_empty() {
        if !out.is_empty() {
            out.push_str("; ");
        }
        out.push_str(&system_records(counted.iter().map(|e| (e.verdict, e.mark())), client));
    }
    out
}

/// How many AI systems' own records a large inventory's "Evidence:" line lists before it counts them instead, as its
/// "Systems that fall short" lists at most ten systems.
const LISTED_RECORDS: usize = 10;

/// AI systems' own records as a large inventory's report and Statement of Applicability count them: "records of
/// 7,703 AI systems (200 missing, 93 undated, 310 stale)" ("not found" for the client), as escaped Markdown.
/// `records` gives each record's verdict and mark ([`EvidenceResult::mark`]); each mark is counted by its first part
/// ("draft" for "draft, not approved", "stale" for a stale external record), in the order of
/// [`crate::assess::EvidenceVerdict::ALL`], in the client's words when `client`; current records carry no mark.
pub(crate) fn system_records(
    records: impl Iterator<Item = (crate::assess::EvidenceVerdict, Option<String>)>,
    client: bool,
) -> String {
    let records: Vec<_> = records.collect();
    let mut marks: Vec<(String, usize)> = Vec::new();
    for verdict in crate::assess::EvidenceVerdict::ALL {
        let mut by_mark: BTreeMap<String, usize> = BTreeMap::new();
        for (_, mark) in records.iter().filter(|(v, _)| *v == verdict) {
            if let Some(mark) = mark {
                // Counted, "missing" would read as systems without a record: the client reads that the document
                // the record cites was not found.
                let mark = match verdict {
                    crate::assess::EvidenceVerdict::Missing if client => "not found".to_string(),
                    _ if client => super::client_words(mark),
                    _ => mark.clone(),
                };
                let first = mark.split([',', ';']).next().unwrap_or_default();
                *by_mark.entry(first.trim_start_matches("a ").to_string()).or_default() += 1;
            }
        }
        marks.extend(by_mark);
    }
    let n = records.len();
    let mut out = format!("records of {} AI system{}", super::grouped(n), if n == 1 { "" } else { "s" });
    if !marks.is_empty() {
        let parts: Vec<String> = marks.iter().map(|(mark, k)| format!("{} {}", super::grouped(*k), mark)).collect();
        out.push_str(" (");
        out.push_str(&escape::markdown(&parts.join(", ")));
        out.push(')');
    }
    out
}

/// Some text: a string that is neither absent nor empty (what a template's `if` takes as true).
fn given(text: Option<&str>) -> Option<&str> {
    text.filter(|t| !t.is_empty())
}

/// The template macro `belongs` in the client's voice: "Name: " for an AI system's own record, or for an
/// organisation-level record whose file is credited to one system ([`belongs_to`]); nothing otherwise.
fn belongs(out: &mut String, e: &EvidenceResult, names: &BTreeMap<String, String>, owned: &BTreeMap<&str, &str>) {
    if let Some(id) = given(e.system.as_deref()) {
        out.push_str(&escape::markdown(names.get(id).map_or(id, String::as_str)));
        out.push_str(": ");
    } else if let Some(one) = given(e.file.as_deref()).and_then(|f| owned.get(f)) {
        out.push_str(&escape::markdown(one));
        out.push_str(": ");
    }
}

/// The template macro `evidence_item`: one record as the reader names it, with its dates and its mark.
fn evidence_item(out: &mut String, e: &EvidenceResult, client: bool) {
    let (file, register_id, url) = (e.file.as_deref(), e.register_id.as_deref(), e.url.as_deref());
    if client {
        let title = document_title(e.title.as_deref(), file, register_id, url, e.description.as_deref());
        match title.as_deref().filter(|t| !t.is_empty()) {
            Some(title) => out.push_str(&escape::markdown(title)),
            None => out.push_str("no document named"),
        }
    } else if let Some(name) = given(file).or(given(register_id)).or(given(url)) {
        out.push_str(&escape::markdown_code(name));
        if let (None, Some(_), Some(url)) = (file, given(register_id), given(url)) {
            out.push_str(" at ");
            out.push_str(&escape::markdown_code(url));
        }
    } else {
        out.push_str("no document named");
    }
    if let Some(description) = given(e.description.as_deref()).filter(|_| !client) {
        out.push_str(" — ");
        out.push_str(&escape::markdown(description));
    }
    let date = |d: &crate::date::Date| escape::markdown(&d.to_string());
    let said = e.state.reviewed_words();
    match (&e.effective, &e.reviewed) {
        (Some(effective), Some(reviewed)) => {
            out.push_str(&format!(" (effective {}, {said} {})", date(effective), date(reviewed)));
        }
        (Some(effective), None) => out.push_str(&format!(" (effective {})", date(effective))),
        (None, Some(reviewed)) => out.push_str(&format!(" ({said} {})", date(reviewed))),
        (None, None) => {}
    }
    let mark = e.mark().unwrap_or_default();
    let mark = if client { super::client_words(&mark) } else { mark };
    if !mark.is_empty() {
        out.push_str(" — **");
        out.push_str(&escape::markdown(&mark));
        out.push_str("**");
    }
}

/// The report as the template's `a`, the same as the JSON report, built around the already converted
/// requirements, systems and EU AI Act section. Every field is named, so a field added to [`Assessment`] or
/// [`Report`] fails to compile here until it is passed on.
fn whole(report: &Report<'_>, requirements: &[Value], systems: &[Value], eu: Value) -> Value {
    let Report { assessment, gate } = report;
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
        eu_ai_act: _,
        units,
        risk,
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
        eu_ai_act => eu,
        units => ser(units),
        risk => ser(risk),
        gate => ser(gate),
    }
}

/// The classified AI systems counted per EU AI Act classification and per role, by the values' keys (what the
/// template's `eu_class` and `eu_role` filters read): the EU section of a large inventory.
fn eu_counts(report: &Report<'_>) -> Option<Value> {
    let eu = report.assessment.eu_ai_act.as_ref()?;
    let key = |v: serde_json::Value| v.as_str().map(str::to_string);
    let mut classifications = std::collections::BTreeMap::<String, usize>::new();
    let mut roles = std::collections::BTreeMap::<String, usize>::new();
    for s in &eu.systems {
        for c in s.classifications.iter().filter_map(|c| serde_json::to_value(c).ok().and_then(key)) {
            *classifications.entry(c).or_default() += 1;
        }
        for r in s.roles.iter().filter_map(|r| serde_json::to_value(r).ok().and_then(key)) {
            *roles.entry(r).or_default() += 1;
        }
    }
    Some(context! { classifications => classifications, roles => roles })
}

/// The name the client reads for an evidence record: its title when the record gives one (`title:`, trimmed, used
/// as written), else its description (the first sentence, after the file name as
/// words when it points into the document: "AIMS manual, section 9, …") when the record gives one, else its file
/// name as words, dates, abbreviations and versions as people write them ([`super::file_title`]:
/// `evidence/ai-risk-register-2026-q3.md` → "AI risk register Q3 2026"), else its register ID, else its address; `None` when it
/// names none of these. Paths and field names stay in the practitioner's voice and the traceability appendix.
pub fn document_title(
    title: Option<&str>,
    file: Option<&str>,
    register_id: Option<&str>,
    url: Option<&str>,
    description: Option<&str>,
) -> Option<String> {
    if let Some(t) = title.map(str::trim).filter(|t| !t.is_empty()) {
        return Some(t.to_string());
    }
    // The description's first sentence: a record's description may go on to explain itself at length.
    if let Some(d) = description.map(|d| first_sentence(d.trim())).filter(|d| !d.is_empty()) {
        // A description that points into a document ("Section 4, …") needs the document's name before it.
        const LOCATORS: [&str; 7] = ["Section", "Sections", "Item", "Items", "Part", "Chapter", "Appendix"];
        let locator = d.split([' ', ',']).next().is_some_and(|w| LOCATORS.contains(&w));
        return Some(match file.filter(|f| locator && !f.is_empty()) {
            Some(f) => format!("{}, {}{}", file_title(f), d[..1].to_lowercase(), &d[1..]),
            None => d.to_string(),
        });
    }
    if let Some(file) = file.filter(|f| !f.is_empty()) {
        return Some(file_title(file));
    }
    register_id.or(url).map(str::to_string)
}

/// `text` up to the end of its first sentence (a full stop followed by a space), without that full stop.
fn first_sentence(text: &str) -> &str {
    text.find(". ").map_or(text, |at| &text[..at])
}

#[cfg(test)]
mod tests {
    use super::document_title;

    #[test]
    fn the_client_reads_a_description_then_a_file_name_as_words() {
        let title = |f, r, u, d| document_title(None, f, r, u, d);
        assert_eq!(title(Some("evidence/a.md"), None, None, Some(" AI policy v2 ")).as_deref(), Some("AI policy v2"));
        assert_eq!(title(Some("evidence/ai-risk_register.md"), None, None, None).as_deref(), Some("AI risk register"));
        assert_eq!(title(None, Some("DOC-12"), Some("https://x"), None).as_deref(), Some("DOC-12"));
        assert_eq!(title(None, None, None, Some("")), None);
        assert_eq!(
            title(Some("evidence/aims-manual.md"), None, None, Some("Section 9, audit programme")).as_deref(),
            Some("AIMS manual, section 9, audit programme")
        );
        assert_eq!(title(None, None, None, Some("AI policy (v2). Signed in May.")).as_deref(), Some("AI policy (v2)"));
    }

    #[test]
    fn a_description_that_states_a_state_gives_way_to_the_records_title() {
        let file = Some("evidence/imaging/impact-assessment.md");
        let state = Some("Version 0.4, waiting for sign-off by the Clinical Safety Board");
        assert_eq!(
            document_title(Some(" Imaging impact assessment "), file, None, None, state).as_deref(),
            Some("Imaging impact assessment")
        );
        assert_eq!(document_title(Some(" "), file, None, None, None).as_deref(), Some("Impact assessment"));
    }
}
