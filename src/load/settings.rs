//! aims.toml: the settings and the gate policy the workspace asks for, and its waivers (checked once the systems
//! are known).

use crate::catalogue::Scope;
use crate::date::Date;
use crate::diagnostic::Diagnostic;
use crate::rules::Code;
use crate::workspace::{Location, Settings, System, WAIVER_MAX_MONTHS, Waiver};

use super::{Loader, SourceFile, is_blank, line_col, raw};

impl Loader<'_> {
    /// Reads aims.toml: the settings, and the raw waivers (checked once the systems are known).
    pub(super) fn settings(&mut self) -> (Settings, Option<(SourceFile, Vec<raw::WaiverSettings>)>) {
        let mut settings = Settings::default();
        let Some(file) = self.read("aims.toml") else { return (settings, None) };
        let Some(parsed) = self.parse_toml(&file) else { return (settings, None) };
        if let Some(months) = parsed.evidence.review_interval_months {
            match u32::try_from(*months.get_ref()) {
                Ok(m) if (1..=120).contains(&m) => settings.review_interval_months = m,
                _ => self.toml_error(
                    &file,
                    months.span(),
                    "review_interval_months must be 1 to 120",
                    "12 (yearly review) is the usual choice",
                ),
            }
        }
        let text = |t: Option<String>| t.filter(|t| !is_blank(t)).map(|t| t.trim().to_string());
        let report = parsed.report;
        settings.report_title = report.title.filter(|t| !is_blank(t));
        settings.report.assessor = text(report.assessor);
        settings.report.firm = text(report.firm);
        settings.report.client = text(report.client);
        settings.report.version = text(report.version);
        settings.report.confidentiality = text(report.confidentiality);
        settings.report.history = self.report_history(&file, report.history);
        settings.soa.version = text(parsed.soa.version);
        settings.soa.approved_by = text(parsed.soa.approved_by);
        if let Some(on) = parsed.soa.approved_on {
            settings.soa.approved_on = self.toml_date(&file, &on, "approved_on");
        }
        if let Some(on) = parsed.audit.target_date {
            settings.target_audit_date = self.toml_date(&file, &on, "target_date");
        }
        let gate = parsed.gate;
        if let Some(pct) = gate.fail_under {
            let value = *pct.get_ref();
            if (0.0..=100.0).contains(&value) {
                settings.gate.fail_under = Some(value);
            } else {
                self.toml_error(
                    &file,
                    pct.span(),
                    "fail_under must be a percentage from 0 to 100",
                    "e.g. fail_under = 70",
                );
            }
        }
        settings.gate.fail_on = gate.fail_on;
        if let Some(months) = gate.waiver_max_months {
            match u32::try_from(*months.get_ref()) {
                Ok(m) if (1..=WAIVER_MAX_MONTHS).contains(&m) => settings.waiver_max_months = m,
                _ => self.toml_error(
                    &file,
                    months.span(),
                    &format!("waiver_max_months must be 1 to {WAIVER_MAX_MONTHS}"),
                    &format!(
                        "aims.toml may shorten the waiver horizon, not lengthen it beyond {WAIVER_MAX_MONTHS} months \
                         (docs/security.md)"
                    ),
                ),
            }
        }
        for (list, target) in [(gate.select, &mut settings.gate.select), (gate.ignore, &mut settings.gate.ignore)] {
            for selector in list {
                match self.catalogue.check_selector(selector.get_ref()) {
                    Ok(checked) => target.push(checked.to_string()),
                    Err(e) => {
                        let help = selector_help(self.catalogue, selector.get_ref());
                        let d = self.toml_diagnostic(&file, selector.span(), Code::InvalidValue, e.to_string(), &help);
                        self.push_toml(d);
                    }
                }
            }
        }
        settings.risk = self.risk_criteria(&file, parsed.risk);
        (settings, Some((file, parsed.waivers)))
    }

    /// The `[[report.history]]` entries: each needs a version that is not blank and not listed before, and a
    /// date no earlier than the entry before it (the history runs oldest first). An entry with a problem is
    /// reported and left out.
    fn report_history(
        &mut self,
        file: &SourceFile,
        raw: Vec<raw::ReportHistorySettings>,
    ) -> Vec<crate::workspace::ReportVersion> {
        let mut history: Vec<crate::workspace::ReportVersion> = Vec::new();
        for entry in raw {
            let version = entry.version.get_ref().trim().to_string();
            if is_blank(&version) {
                let d = self.toml_diagnostic(
                    file,
                    entry.version.span(),
                    Code::EmptyField,
                    "`version` of a report history entry is empty",
                    "name the version this entry describes, e.g. version = \"1.0\"",
                );
                self.push_toml(d);
                continue;
            }
            if history.iter().any(|h| h.version == version) {
                let message = format!("the report history lists version {version} twice");
                let help = "give each issued version one entry; describe every change of it in its `note`";
                let d = self.toml_diagnostic(file, entry.version.span(), Code::InvalidValue, message, help);
                self.push_toml(d);
                continue;
            }
            let Some(date) = self.toml_date(file, &entry.date, "date") else { continue };
            if let Some(previous) = history.last()
                && date < previous.date
            {
                let message = format!(
                    "version {version} is dated {date}, before version {} ({}); the history runs oldest first",
                    previous.version, previous.date
                );
                let help = "list the versions in the order they were issued, each dated on or after the one before";
                let d = self.toml_diagnostic(file, entry.date.span(), Code::InvalidDate, message, help);
                self.push_toml(d);
                continue;
            }
            let note = entry.note.filter(|n| !is_blank(n)).map(|n| n.trim().to_string());
            history.push(crate::workspace::ReportVersion { version, date, note });
        }
        history
    }

    /// Parses aims.toml into its raw settings, reporting every problem (see [`parse_settings`]); `None` when it
    /// is not readable TOML.
    fn parse_toml(&mut self, file: &SourceFile) -> Option<raw::Settings> {
        let (parsed, problems) = parse_settings(file);
        for problem in problems {
            self.reported.insert((problem.file.clone(), problem.line, problem.column));
            self.diags.push(problem);
        }
        parsed
    }

    /// Adds a diagnostic about aims.toml, unless parsing already reported a problem at its place (the value there
    /// is a stand-in).
    pub(super) fn push_toml(&mut self, diagnostic: Diagnostic) {
        if !self.reported.contains(&(diagnostic.file.clone(), diagnostic.line, diagnostic.column)) {
            self.diags.push(diagnostic);
        }
    }

    pub(super) fn toml_diagnostic(
        &self,
        file: &SourceFile,
        span: std::ops::Range<usize>,
        code: Code,
        message: impl Into<String>,
        help: &str,
    ) -> Diagnostic {
        let (line, column) = line_col(&file.text, span.start);
        Diagnostic::error(code, &file.path, message).help(help).at(&file.text, line, column)
    }

    /// A TOML date (`2027-03-31`, no time), or an `invalid-date` error at its location.
    fn toml_date(
        &mut self,
        file: &SourceFile,
        value: &toml::Spanned<toml::value::Datetime>,
        field: &str,
    ) -> Option<Date> {
        let date = match (value.get_ref().date, value.get_ref().time) {
            (Some(d), None) => Date::new(i32::from(d.year), d.month, d.day),
            _ => None,
        };
        if date.is_none() {
            let help = format!("write a plain date: {field} = 2027-03-31");
            let d =
                self.toml_diagnostic(file, value.span(), Code::InvalidDate, format!("`{field}` must be a date"), &help);
            self.push_toml(d);
        }
        date
    }

    fn toml_error(&mut self, file: &SourceFile, span: std::ops::Range<usize>, message: &str, help: &str) {
        let diagnostic = self.toml_diagnostic(file, span, Code::InvalidValue, message, help);
        self.push_toml(diagnostic);
    }

    /// Checks each `[[waiver]]`: a real requirement, an existing system that the requirement is assessed for, an
    /// owner and a reason that are not blank, and an expiry no later than `waiver_max_months` after the as-of date.
    pub(super) fn waivers(
        &mut self,
        file: &SourceFile,
        raw: Vec<raw::WaiverSettings>,
        systems: &[System],
        max_months: u32,
    ) -> Vec<Waiver> {
        let mut waivers = Vec::new();
        for w in raw {
            let (line, _) = line_col(&file.text, w.requirement.span().start);
            let location = Location { file: file.path.clone(), line };
            let typed = w.requirement.get_ref().trim();
            let Some(req) = self.catalogue.resolve(typed) else {
                let (message, help) = self.catalogue.unknown_id(typed);
                let d = self.toml_diagnostic(file, w.requirement.span(), Code::UnknownRequirement, message, &help);
                self.push_toml(d);
                continue;
            };
            let requirement = req.id.clone();
            let per_system = req.scope == Scope::AiSystem;
            let mut system = None;
            if let Some(s) = &w.system {
                let id = s.get_ref().trim();
                if !systems.iter().any(|sys| sys.id == id) {
                    let help = match crate::diagnostic::did_you_mean(id, systems.iter().map(|s| s.id.as_str())) {
                        Some(best) => format!("did you mean `{best}`? systems are named by the `id` in systems/*.yaml"),
                        None => "systems are named by the `id` in systems/*.yaml".to_string(),
                    };
                    let message = format!("no AI system has the ID `{id}`");
                    let d = self.toml_diagnostic(file, s.span(), Code::UnknownSystem, message, &help);
                    self.push_toml(d);
                    continue;
                }
                if !per_system {
                    let message = format!("{requirement} is assessed for the whole organisation, not per AI system");
                    let help = "remove `system` to waive the requirement as a whole";
                    let d = self.toml_diagnostic(file, s.span(), Code::WaiverNotPerSystem, message, help);
                    self.push_toml(d);
                    continue;
                }
                system = Some(id.to_string());
            }
            let mut text = |value: &toml::Spanned<String>, field: &str| -> Option<String> {
                let t = value.get_ref().trim();
                if is_blank(t) {
                    let message = format!("`{field}` is empty");
                    let help = "a waiver needs a reason, an owner and an expiry date; spaces and invisible characters \
                                do not count";
                    let d = self.toml_diagnostic(file, value.span(), Code::EmptyField, message, help);
                    self.push_toml(d);
                    None
                } else {
                    Some(t.to_string())
                }
            };
            let (reason, owner) = (text(&w.reason, "reason"), text(&w.owner, "owner"));
            let date = self.toml_date(file, &w.expires, "expires").filter(|&expires| {
                let latest = self.as_of.add_months(max_months);
                if expires <= latest {
                    return true;
                }
                let message = format!(
                    "the waiver expires on {expires}, more than {max_months} months after the assessment date {}",
                    self.as_of
                );
                let help = format!(
                    "set `expires` to {latest} or earlier, and renew the waiver after a fresh review; \
                     `[gate] waiver_max_months` may shorten the horizon, not lengthen it"
                );
                let d = self.toml_diagnostic(file, w.expires.span(), Code::WaiverTooLong, message, &help);
                self.push_toml(d);
                false
            });
            if let (Some(reason), Some(owner), Some(expires)) = (reason, owner, date) {
                waivers.push(Waiver { requirement, system, reason, owner, expires, location });
            }
        }
        waivers
    }
}

/// Parses aims.toml into its raw settings with every problem as a diagnostic: a syntax error stops the parse
/// (`None`); otherwise the document is read as a located tree and deserialised through `recover`, so that wrong
/// types, values outside their list and unknown keys are each reported in plain words, all at once. A date may be
/// written as a TOML date (`expires = 2027-03-31`) or as quoted text (`expires = "2027-03-31"`): both mean the same.
pub(super) fn parse_settings(file: &SourceFile) -> (Option<raw::Settings>, Vec<Diagnostic>) {
    let tree = match super::tree::toml(&file.text) {
        Ok(tree) => tree,
        Err((message, span)) => {
            let (line, column) = span.map(|s| line_col(&file.text, s.start)).unwrap_or((0, 0));
            let diagnostic = Diagnostic::error(Code::TomlSyntax, &file.path, message.trim().to_string())
                .help("fix the TOML syntax here: `key = value` lines under `[section]` headers; text goes in quotes")
                .at(&file.text, line, column);
            return (None, vec![diagnostic]);
        }
    };
    match super::recover::recover::<raw::Settings>(&tree) {
        Some((parsed, problems)) => {
            (Some(parsed), problems.into_iter().map(|p| super::yaml::located(file, p)).collect())
        }
        None => {
            let diagnostic = Diagnostic::error(Code::TomlSyntax, &file.path, "aims.toml could not be read")
                .help("see docs/workspace.md for the settings aims.toml accepts");
            (None, vec![diagnostic])
        }
    }
}

/// The hint for a gate selector that picks nothing: the exact spelling when only the letter case is wrong (`a.6`,
/// `Controls`), otherwise what selectors look like.
fn selector_help(catalogue: &crate::catalogue::Catalogue, selector: &str) -> String {
    let typed = selector.trim();
    let lower = typed.to_lowercase();
    let respelt = match lower.strip_prefix("a.") {
        Some(rest) => format!("A.{rest}"),
        None => lower,
    };
    if respelt != typed && catalogue.is_selector(&respelt) {
        format!("did you mean \"{respelt}\"? selectors are spelt exactly as the standard writes IDs")
    } else {
        "use an ID or prefix such as \"A.6\" or \"9.2\", or \"clauses\" or \"controls\"".to_string()
    }
}
