//! Stage one of the pipeline: read `aims.toml` and the YAML files of a workspace, report every problem at once,
//! and hand `assess` a validated [`Workspace`]. This is the only stage that touches the disk; whether evidence
//! files exist is decided here and arrives in `assess` as a fact.

pub mod raw;
mod yaml;

use crate::rules::Code;
use std::collections::{BTreeMap, HashMap};
use std::path::{Component, Path, PathBuf};

use serde_saphyr::Spanned;

use crate::catalogue::{Catalogue, Scope};
use crate::date::Date;
use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::workspace::{
    Action, Entry, EuAiAct, Evidence, EvidenceKind, Exclusion, FileState, InterestedParty, Location, Organisation,
    Settings, System, Waiver, Workspace,
};

pub use yaml::{MAX_ALIASES, MAX_DEPTH, MAX_NODES};

/// Largest workspace file aims reads. Real files are a few kilobytes; this bounds memory on hostile input.
pub const MAX_FILE_BYTES: u64 = 32 * 1024 * 1024;

/// A file's workspace-relative path (with `/`) and its text.
#[derive(Debug)]
pub struct SourceFile {
    pub path: String,
    pub text: String,
}

/// What loading produced: the workspace when there was no error, and every diagnostic either way.
#[derive(Debug)]
pub struct Loaded {
    pub workspace: Option<Workspace>,
    pub diagnostics: Diagnostics,
}

/// Loads the workspace in `dir`. `as_of` is the assessment date (dates after it are impossible).
pub fn load(dir: &Path, catalogue: &Catalogue, as_of: Date) -> Loaded {
    let mut loader = Loader {
        root: dir.to_path_buf(),
        root_real: None,
        catalogue,
        as_of,
        diags: Diagnostics::default(),
        dirs_inside: HashMap::new(),
        evidence_seen: HashMap::new(),
    };
    let workspace = loader.run();
    let mut diagnostics = loader.diags;
    diagnostics.sort();
    let workspace = if diagnostics.has_errors() { None } else { workspace };
    Loaded { workspace, diagnostics }
}

struct Loader<'a> {
    root: PathBuf,
    /// The workspace folder with symlinks resolved, to tell whether a path stays inside it.
    root_real: Option<PathBuf>,
    catalogue: &'a Catalogue,
    as_of: Date,
    diags: Diagnostics,
    /// Folders already resolved by `inside`.
    dirs_inside: HashMap<PathBuf, bool>,
    /// Evidence paths already decided, by the path as written: many systems share documents.
    evidence_seen: HashMap<String, FileState>,
}

impl<'a> Loader<'a> {
    fn run(&mut self) -> Option<Workspace> {
        let shown = self.root.display().to_string();
        if !self.root.is_dir() {
            self.diags.push(
                Diagnostic::error(Code::WorkspaceNotFound, &shown, "no workspace folder here")
                    .help("pass the folder holding organisation.yaml, or create one with `aims init DIR`"),
            );
            return None;
        }
        self.root_real = self.root.canonicalize().ok();
        let (settings, waivers) = self.settings();
        let organisation = self.organisation();
        let systems = self.systems();
        let entries = self.entries();
        let waivers = match waivers {
            Some((file, raw)) => self.waivers(&file, raw, &systems),
            None => Vec::new(),
        };
        Some(Workspace { settings, organisation: organisation?, systems, entries, waivers })
    }

    // ----- reading files -------------------------------------------------------------------------------------

    /// Reads a workspace file as UTF-8 text, refusing what is too large, not text, or outside the workspace.
    fn read(&mut self, rel: &str) -> Option<SourceFile> {
        match read_source(&self.root, self.root_real.as_deref(), rel) {
            Ok(file) => Some(file),
            Err(diagnostic) => {
                self.diags.push(*diagnostic);
                None
            }
        }
    }

    /// Whether `full` stays inside the workspace once symlinks are resolved. Directories are resolved once and
    /// remembered, so thousands of evidence paths in a few folders cost a few `readlink`s, not one per component
    /// per path.
    fn inside(&mut self, full: &Path) -> bool {
        let Some(root) = self.root_real.clone() else { return true };
        let parent_inside = match full.parent() {
            None => true,
            Some(dir) => match self.dirs_inside.get(dir) {
                Some(&known) => known,
                None => {
                    // A folder that does not exist holds nothing outside the workspace.
                    let known = dir.canonicalize().map_or(true, |real| real.starts_with(&root));
                    self.dirs_inside.insert(dir.to_path_buf(), known);
                    known
                }
            },
        };
        parent_inside && symlink_stays_inside(&root, full)
    }

    /// YAML files directly inside `folder`, sorted by name, as workspace-relative paths.
    fn yaml_files_in(&mut self, folder: &str) -> Vec<String> {
        let dir = self.root.join(folder);
        let outside = match (&self.root_real, dir.canonicalize()) {
            (Some(root), Ok(real)) => !real.starts_with(root),
            _ => false,
        };
        if outside {
            self.diags.push(
                Diagnostic::error(Code::PathOutsideWorkspace, folder, "this folder leads outside the workspace folder")
                    .help("copy the files into the workspace instead of linking the folder"),
            );
            return Vec::new();
        }
        let Ok(read_dir) = std::fs::read_dir(dir) else { return Vec::new() };
        let mut names: Vec<String> = read_dir
            .filter_map(Result::ok)
            .filter(|e| e.file_type().map(|t| !t.is_dir()).unwrap_or(false))
            .filter_map(|e| e.file_name().into_string().ok())
            .filter(|n| (n.ends_with(".yaml") || n.ends_with(".yml")) && !n.starts_with('.'))
            .collect();
        names.sort();
        names.into_iter().map(|n| format!("{folder}/{n}")).collect()
    }

    // ----- aims.toml ----------------------------------------------------------------------------------------------

    /// Reads aims.toml: the settings, and the raw waivers (checked once the systems are known).
    fn settings(&mut self) -> (Settings, Option<(SourceFile, Vec<raw::WaiverSettings>)>) {
        let mut settings = Settings::default();
        if !self.root.join("aims.toml").exists() {
            return (settings, None);
        }
        let Some(file) = self.read("aims.toml") else { return (settings, None) };
        let parsed: raw::Settings = match toml::from_str(&file.text) {
            Ok(parsed) => parsed,
            Err(e) => {
                let (line, column) = e.span().map(|s| line_col(&file.text, s.start)).unwrap_or((0, 0));
                let message = e.message().trim().to_string();
                self.diags.push(
                    Diagnostic::error(Code::TomlSyntax, &file.path, message)
                        .help("see docs/workspace.md for the settings aims.toml accepts")
                        .at(&file.text, line, column),
                );
                return (settings, None);
            }
        };
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
        settings.report_title = parsed.report.title.filter(|t| !t.trim().is_empty());
        let text = |t: Option<String>| t.map(|t| t.trim().to_string()).filter(|t| !t.is_empty());
        settings.soa.version = text(parsed.soa.version);
        settings.soa.approved_by = text(parsed.soa.approved_by);
        if let Some(on) = parsed.soa.approved_on {
            settings.soa.approved_on = self.toml_date(&file, &on, "approved_on");
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
        for (list, target) in [(gate.select, &mut settings.gate.select), (gate.ignore, &mut settings.gate.ignore)] {
            for selector in list {
                match self.catalogue.check_selector(selector.get_ref()) {
                    Ok(checked) => target.push(checked.to_string()),
                    Err(e) => {
                        let help = "use an ID or prefix such as \"A.6\" or \"9.2\", or \"clauses\" or \"controls\"";
                        let d = self.toml_diagnostic(&file, selector.span(), Code::InvalidValue, e.to_string(), help);
                        self.diags.push(d);
                    }
                }
            }
        }
        (settings, Some((file, parsed.waivers)))
    }

    fn toml_diagnostic(
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
            self.diags.push(d);
        }
        date
    }

    fn toml_error(&mut self, file: &SourceFile, span: std::ops::Range<usize>, message: &str, help: &str) {
        let diagnostic = self.toml_diagnostic(file, span, Code::InvalidValue, message, help);
        self.diags.push(diagnostic);
    }

    /// Checks each `[[waiver]]`: a real requirement, an existing system that the requirement is assessed for, an
    /// owner, a reason and a date.
    fn waivers(&mut self, file: &SourceFile, raw: Vec<raw::WaiverSettings>, systems: &[System]) -> Vec<Waiver> {
        let mut waivers = Vec::new();
        for w in raw {
            let (line, _) = line_col(&file.text, w.requirement.span().start);
            let location = Location { file: file.path.clone(), line };
            let typed = w.requirement.get_ref().trim();
            let Some(req) = self.catalogue.resolve(typed) else {
                let help = match self.catalogue.suggest(typed) {
                    Some(best) => format!("did you mean `{best}`? `aims controls` lists every requirement"),
                    None => "`aims controls` lists every requirement ID".to_string(),
                };
                let message = format!("`{typed}` is not a requirement of {}", crate::catalogue::STANDARD);
                self.diags.push(self.toml_diagnostic(
                    file,
                    w.requirement.span(),
                    Code::UnknownRequirement,
                    message,
                    &help,
                ));
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
                    self.diags.push(self.toml_diagnostic(file, s.span(), Code::UnknownSystem, message, &help));
                    continue;
                }
                if !per_system {
                    let message = format!("{requirement} is assessed for the whole organisation, not per AI system");
                    let help = "remove `system` to waive the requirement as a whole";
                    self.diags.push(self.toml_diagnostic(file, s.span(), Code::WaiverNotPerSystem, message, help));
                    continue;
                }
                system = Some(id.to_string());
            }
            let mut text = |value: &toml::Spanned<String>, field: &str| -> Option<String> {
                let t = value.get_ref().trim();
                if t.is_empty() {
                    let message = format!("`{field}` is empty");
                    let help = "a waiver needs a reason, an owner and an expiry date";
                    let d = self.toml_diagnostic(file, value.span(), Code::EmptyField, message, help);
                    self.diags.push(d);
                    None
                } else {
                    Some(t.to_string())
                }
            };
            let (reason, owner) = (text(&w.reason, "reason"), text(&w.owner, "owner"));
            let date = self.toml_date(file, &w.expires, "expires");
            if let (Some(reason), Some(owner), Some(expires)) = (reason, owner, date) {
                waivers.push(Waiver { requirement, system, reason, owner, expires, location });
            }
        }
        waivers
    }

    // ----- organisation.yaml --------------------------------------------------------------------------------------

    fn organisation(&mut self) -> Option<Organisation> {
        if !self.root.join("organisation.yaml").exists() {
            self.diags.push(
                Diagnostic::error(Code::MissingFile, "organisation.yaml", "the workspace has no organisation.yaml")
                    .help("every workspace describes its organisation; `aims init` writes a starting point"),
            );
            return None;
        }
        let file = self.read("organisation.yaml")?;
        let raw: raw::Organisation = self.parse(&file)?;
        let name = self.text(&file, raw.name, "name");
        let aims_scope = self.text(&file, raw.aims_scope, "aims_scope");
        if raw.ai_roles.value.is_empty() {
            self.push_at(
                &file,
                &raw.ai_roles.referenced,
                Diagnostic::error(Code::EmptyField, &file.path, "`ai_roles` is empty")
                    .help("name at least one ISO/IEC 22989 role: provider, producer, customer or partner"),
            );
        }
        let interested_parties = raw
            .interested_parties
            .into_iter()
            .map(|p| InterestedParty { name: self.text(&file, p.name, "name"), needs: p.needs })
            .collect();
        let mut ai_roles = raw.ai_roles.value;
        ai_roles.sort();
        ai_roles.dedup();
        Some(Organisation {
            name,
            description: raw.description,
            aims_scope,
            ai_roles,
            eu_ai_act_roles: raw.eu_ai_act_roles,
            interested_parties,
        })
    }

    // ----- systems/ -------------------------------------------------------------------------------------------

    /// Reads, parses and validates every system file, on all cores: each thread validates with a loader of its own
    /// (its own diagnostics and path caches), merged here. Only the duplicate-ID check needs all systems at once.
    fn systems(&mut self) -> Vec<System> {
        let paths = self.yaml_files_in("systems");
        let (validated, workers) = crate::parallel::map_with(
            &paths,
            64,
            || self.fork(),
            |loader, rel| {
                let (file, raw) = match read_source(&loader.root, loader.root_real.as_deref(), rel)
                    .and_then(|file| yaml::parse::<raw::System>(&file).map(|raw| (file, raw)))
                {
                    Ok(parsed) => parsed,
                    Err(diagnostic) => {
                        loader.diags.push(*diagnostic);
                        return None;
                    }
                };
                let id_at = raw.id.referenced;
                let system = loader.system(&file, raw);
                Some((file, id_at, Box::new(system)))
            },
        );
        for worker in workers {
            self.diags.0.extend(worker.diags.0);
        }
        let mut systems: Vec<System> = Vec::with_capacity(validated.len());
        let mut seen: HashMap<String, Location> = HashMap::new();
        for (file, id_at, system) in validated.into_iter().flatten() {
            if system.id.is_empty() {
                continue;
            }
            if let Some(first) = seen.get(&system.id) {
                let message = format!("AI system `{}` is already declared in {}:{}", system.id, first.file, first.line);
                self.push_at(
                    &file,
                    &id_at,
                    Diagnostic::error(Code::DuplicateSystem, &file.path, message)
                        .help("give every AI system its own unique `id`"),
                );
                continue;
            }
            seen.insert(system.id.clone(), system.location.clone());
            systems.push(*system);
        }
        systems.sort_by(|a, b| a.id.cmp(&b.id));
        systems
    }

    /// A loader for one worker thread: the same workspace, catalogue and date, fresh diagnostics and caches.
    fn fork(&self) -> Loader<'a> {
        Loader {
            root: self.root.clone(),
            root_real: self.root_real.clone(),
            catalogue: self.catalogue,
            as_of: self.as_of,
            diags: Diagnostics::default(),
            dirs_inside: HashMap::new(),
            evidence_seen: HashMap::new(),
        }
    }

    fn system(&mut self, file: &SourceFile, raw: raw::System) -> System {
        let location = self.location(file, &raw.id.referenced);
        let id_at = raw.id.referenced;
        let id = self.text(file, raw.id, "id");
        if !id.is_empty() && !valid_id(&id) {
            self.push_at(
                file,
                &id_at,
                Diagnostic::error(Code::InvalidId, &file.path, format!("`{id}` is not a usable system ID"))
                    .help("use letters, digits, `-`, `_` and `.` only (at most 128), e.g. `credit-scoring`"),
            );
        }
        let mut evidence = BTreeMap::new();
        let e = raw.evidence;
        let records = [
            (EvidenceKind::ImpactAssessment, e.impact_assessment),
            (EvidenceKind::ImpactOnIndividuals, e.impact_on_individuals),
            (EvidenceKind::SocietalImpact, e.societal_impact),
            (EvidenceKind::RequirementsSpecification, e.requirements_specification),
            (EvidenceKind::DesignDocumentation, e.design_documentation),
            (EvidenceKind::VerificationAndValidation, e.verification_and_validation),
            (EvidenceKind::DeploymentPlan, e.deployment_plan),
            (EvidenceKind::Monitoring, e.monitoring),
            (EvidenceKind::TechnicalDocumentation, e.technical_documentation),
            (EvidenceKind::EventLogging, e.event_logging),
            (EvidenceKind::DataQuality, e.data_quality),
            (EvidenceKind::DataProvenance, e.data_provenance),
            (EvidenceKind::DataPreparation, e.data_preparation),
            (EvidenceKind::UserDocumentation, e.user_documentation),
            (EvidenceKind::IntendedUse, e.intended_use),
        ];
        for (kind, record) in records {
            if let Some(record) = record {
                evidence.insert(kind, self.evidence(file, record));
            }
        }
        let mut exclusions = BTreeMap::new();
        for exclusion in raw.exclusions {
            let at = exclusion.requirement.referenced;
            let Some(id) = self.requirement_id(file, exclusion.requirement) else { continue };
            if self.catalogue.get(&id).map(|r| r.scope) != Some(Scope::AiSystem) {
                self.push_at(
                    file,
                    &at,
                    Diagnostic::error(
                        Code::ExclusionNotPerSystem,
                        &file.path,
                        format!("{id} is assessed for the whole organisation, not per AI system"),
                    )
                    .help("only per-system controls can be excluded for one system; mark organisation-wide requirements not_applicable in the assessment"),
                );
                continue;
            }
            let justification = exclusion.justification.map(|j| self.text(file, j, "justification"));
            let location = self.location(file, &at);
            exclusions.insert(id.clone(), Exclusion { requirement: id, justification, location });
        }
        let text = |s: Option<String>| s.filter(|t| !t.trim().is_empty());
        System {
            name: self.text(file, raw.name, "name"),
            purpose: self.text(file, raw.purpose, "purpose"),
            owner: self.text(file, raw.owner, "owner"),
            id,
            lifecycle_stage: raw.lifecycle_stage,
            ai_role: raw.ai_role,
            in_scope: raw.in_scope,
            supplier: text(raw.supplier),
            data_sources: raw.data_sources,
            human_oversight: text(raw.human_oversight),
            eu_ai_act: raw.eu_ai_act.map(|eu| EuAiAct {
                role: eu.role,
                risk_tier: eu.risk_tier,
                annex_iii_area: text(eu.annex_iii_area),
            }),
            evidence,
            exclusions,
            notes: text(raw.notes),
            location,
        }
    }

    // ----- assessment ---------------------------------------------------------------------------------------------

    fn entries(&mut self) -> BTreeMap<String, Entry> {
        let mut paths = Vec::new();
        if self.root.join("assessment.yaml").exists() {
            paths.push("assessment.yaml".to_string());
        }
        paths.extend(self.yaml_files_in("assessment"));
        let mut entries: BTreeMap<String, Entry> = BTreeMap::new();
        for path in paths {
            let Some(file) = self.read(&path) else { continue };
            let Some(raw) = self.parse::<raw::AssessmentFile>(&file) else { continue };
            for raw_entry in raw.requirements {
                let at = raw_entry.value.requirement.referenced;
                let Some(entry) = self.entry(&file, raw_entry) else { continue };
                if let Some(first) = entries.get(&entry.requirement) {
                    let message = format!(
                        "{} is already assessed in {}:{}",
                        entry.requirement, first.location.file, first.location.line
                    );
                    self.push_at(
                        &file,
                        &at,
                        Diagnostic::error(Code::DuplicateEntry, &file.path, message)
                            .help("keep one entry per requirement; merge the evidence lists"),
                    );
                    continue;
                }
                entries.insert(entry.requirement.clone(), entry);
            }
        }
        entries
    }

    fn entry(&mut self, file: &SourceFile, raw: Spanned<raw::Entry>) -> Option<Entry> {
        let location = self.location(file, &raw.referenced);
        let raw = raw.value;
        let requirement = self.requirement_id(file, raw.requirement)?;
        let evidence = raw.evidence.into_iter().map(|e| self.evidence(file, e)).collect();
        let justification = raw.justification.map(|j| self.text(file, j, "justification"));
        let action = raw.action.map(|a| Action {
            description: self.text(file, a.description, "description"),
            owner: a.owner.filter(|o| !o.trim().is_empty()),
            due: a.due.and_then(|d| self.date(file, d, false)),
        });
        Some(Entry {
            requirement,
            status: raw.status.value,
            owner: raw.owner.filter(|o| !o.trim().is_empty()),
            evidence,
            justification: justification.filter(|j| !j.is_empty()),
            reasons: raw.reasons,
            notes: raw.notes.filter(|n| !n.trim().is_empty()),
            action,
            location,
        })
    }

    // ----- values -------------------------------------------------------------------------------------------------

    fn parse<T: serde::de::DeserializeOwned>(&mut self, file: &SourceFile) -> Option<T> {
        match yaml::parse(file) {
            Ok(value) => Some(value),
            Err(diagnostic) => {
                self.diags.push(*diagnostic);
                None
            }
        }
    }

    fn location(&self, file: &SourceFile, at: &serde_saphyr::Location) -> Location {
        Location { file: file.path.clone(), line: at.line() as u32 }
    }

    fn push_at(&mut self, file: &SourceFile, at: &serde_saphyr::Location, diagnostic: Diagnostic) {
        self.diags.push(diagnostic.at(&file.text, at.line() as u32, at.column() as u32));
    }

    /// A required text: blank is an error, reported at the value.
    fn text(&mut self, file: &SourceFile, value: Spanned<String>, field: &str) -> String {
        let text = value.value.trim().to_string();
        if text.is_empty() {
            self.push_at(
                file,
                &value.referenced,
                Diagnostic::error(Code::EmptyField, &file.path, format!("`{field}` is empty"))
                    .help(format!("write a value for `{field}`")),
            );
        }
        text
    }

    /// A date written as YYYY-MM-DD. Review dates (`past_only`) after the as-of date are impossible.
    fn date(&mut self, file: &SourceFile, value: Spanned<String>, past_only: bool) -> Option<Date> {
        match value.value.trim().parse::<Date>() {
            Ok(date) if past_only && date > self.as_of => {
                self.push_at(
                    file,
                    &value.referenced,
                    Diagnostic::error(
                        Code::FutureDate,
                        &file.path,
                        format!("{date} is after the assessment date {}", self.as_of),
                    )
                    .help("a review cannot have happened yet; fix the date, or pass the right --as-of"),
                );
                None
            }
            Ok(date) => Some(date),
            Err(e) => {
                self.push_at(
                    file,
                    &value.referenced,
                    Diagnostic::error(Code::InvalidDate, &file.path, e.to_string())
                        .help("dates are written YYYY-MM-DD, e.g. 2026-03-31"),
                );
                None
            }
        }
    }

    /// A requirement ID as written, resolved to the catalogue's, with "did you mean" when it is not there.
    fn requirement_id(&mut self, file: &SourceFile, value: Spanned<String>) -> Option<String> {
        if let Some(req) = self.catalogue.resolve(&value.value) {
            return Some(req.id.clone());
        }
        let typed = value.value.trim();
        let help = match self.catalogue.suggest(typed) {
            Some(best) => format!("did you mean `{best}`? `aims controls` lists every requirement"),
            None => "`aims controls` lists every requirement ID".to_string(),
        };
        self.push_at(
            file,
            &value.referenced,
            Diagnostic::error(
                Code::UnknownRequirement,
                &file.path,
                format!("`{typed}` is not a requirement of {}", crate::catalogue::STANDARD),
            )
            .help(help),
        );
        None
    }

    fn evidence(&mut self, file: &SourceFile, raw: Spanned<raw::EvidenceRecord>) -> Evidence {
        let location = self.location(file, &raw.referenced);
        let raw = raw.value;
        let reviewed = raw.reviewed.and_then(|d| self.date(file, d, true));
        let (path, file_state) = match raw.file {
            None => (None, FileState::NotGiven),
            Some(path) => {
                let at = path.referenced;
                let written = path.value.trim().replace('\\', "/");
                if written.is_empty() {
                    self.push_at(
                        file,
                        &at,
                        Diagnostic::error(Code::EmptyField, &file.path, "`file` is empty").help(
                            "give the evidence file's path relative to the workspace, e.g. evidence/ai-policy.md",
                        ),
                    );
                    (None, FileState::NotGiven)
                } else {
                    let state = self.evidence_file(file, &at, &written);
                    (Some(written), state)
                }
            }
        };
        Evidence {
            file: path,
            file_state,
            reviewed,
            description: raw.description.filter(|d| !d.trim().is_empty()),
            location,
        }
    }

    /// Decides whether an evidence path is present, missing, or not allowed (outside the workspace).
    fn evidence_file(&mut self, file: &SourceFile, at: &serde_saphyr::Location, written: &str) -> FileState {
        let path = Path::new(written);
        let escapes = written.starts_with('/')
            || written.as_bytes().get(1) == Some(&b':')
            || path.components().any(|c| matches!(c, Component::ParentDir | Component::RootDir | Component::Prefix(_)));
        if let Some(&state) = self.evidence_seen.get(written) {
            if state == FileState::Missing {
                self.push_at(file, at, evidence_not_found(&file.path, written));
            }
            if state != FileState::NotGiven {
                return state;
            }
        }
        let full = self.root.join(path);
        let outside = escapes || !self.inside(&full);
        if outside {
            self.push_at(
                file,
                at,
                Diagnostic::error(
                    Code::EvidenceOutsideWorkspace,
                    &file.path,
                    format!("evidence path `{written}` leads outside the workspace"),
                )
                .help("copy the evidence into the workspace (e.g. evidence/) and give its relative path, without `..`"),
            );
            return FileState::NotGiven;
        }
        let state = if full.is_file() {
            FileState::Present
        } else {
            self.push_at(file, at, evidence_not_found(&file.path, written));
            FileState::Missing
        };
        self.evidence_seen.insert(written.to_string(), state);
        state
    }
}

fn evidence_not_found(file: &str, written: &str) -> Diagnostic {
    Diagnostic::warning(Code::EvidenceNotFound, file, format!("no file at `{written}`"))
        .help("add the file to the workspace or correct the path; paths are relative to the workspace folder")
}

/// Whether `full`, if it is itself a symlink, resolves to somewhere inside `root`. Missing files are inside (they
/// are reported by whoever needs them); a regular file is as inside as its folder.
fn symlink_stays_inside(root: &Path, full: &Path) -> bool {
    match full.symlink_metadata() {
        Ok(meta) if meta.file_type().is_symlink() => full.canonicalize().is_ok_and(|real| real.starts_with(root)),
        _ => true,
    }
}

/// Reads one workspace file: inside the workspace (its folder is checked once by `yaml_files_in`), at most
/// [`MAX_FILE_BYTES`], UTF-8 text.
fn read_source(root: &Path, root_real: Option<&Path>, rel: &str) -> Result<SourceFile, Box<Diagnostic>> {
    let full = root.join(rel);
    if root_real.is_some_and(|r| !symlink_stays_inside(r, &full)) {
        return Err(Box::new(Diagnostic::error(Code::PathOutsideWorkspace, rel, "this path leads outside the workspace folder").help(
            "workspace files must be real files inside the workspace folder; copy the file in instead of linking it",
        )));
    }
    let size = std::fs::metadata(&full).map(|m| m.len()).unwrap_or(0);
    if size > MAX_FILE_BYTES {
        return Err(Box::new(
            Diagnostic::error(
                Code::InputTooLarge,
                rel,
                format!("the file is {} MiB; aims reads files up to {} MiB", size >> 20, MAX_FILE_BYTES >> 20),
            )
            .help("split it: one AI system per file under systems/, or several files under assessment/"),
        ));
    }
    let bytes = std::fs::read(&full)
        .map_err(|e| Box::new(Diagnostic::error(Code::UnreadableFile, rel, format!("cannot read the file: {e}"))))?;
    let text = decode(rel, bytes)?;
    Ok(SourceFile { path: rel.to_string(), text })
}

/// How many of `paths` read and parse as `T`, on all cores: the benchmark floor's one step.
fn parse_count<T: serde::de::DeserializeOwned>(root: &Path, root_real: Option<&Path>, paths: &[String]) -> usize {
    let ok = crate::parallel::map(paths, 64, |rel| {
        read_source(root, root_real, rel).and_then(|file| yaml::parse::<T>(&file).map(drop)).is_ok()
    });
    ok.into_iter().filter(|&parsed| parsed).count()
}

/// The parse-only floor of the benchmark (docs/performance.md): reads and deserialises every YAML file of a
/// workspace as `load` does (same reader, parser, options and threads), and validates nothing. Returns how many files parsed.
#[doc(hidden)]
pub fn parse_floor(dir: &Path) -> usize {
    let list = |folder: &str| -> Vec<String> {
        let mut names: Vec<String> = std::fs::read_dir(dir.join(folder))
            .into_iter()
            .flatten()
            .filter_map(Result::ok)
            .filter_map(|e| e.file_name().into_string().ok())
            .filter(|n| n.ends_with(".yaml") || n.ends_with(".yml"))
            .map(|n| format!("{folder}/{n}"))
            .collect();
        names.sort();
        names
    };
    let root_real = dir.canonicalize().ok();
    let root_real = root_real.as_deref();
    let mut ok = parse_count::<raw::System>(dir, root_real, &list("systems"));
    let organisation = ["organisation.yaml".to_string()];
    ok += parse_count::<raw::Organisation>(dir, root_real, &organisation);
    let mut assessment = list("assessment");
    assessment.push("assessment.yaml".to_string());
    ok += parse_count::<raw::AssessmentFile>(dir, root_real, &assessment);
    ok
}

/// System IDs become file names and report anchors, so they are kept to a safe alphabet.
fn valid_id(id: &str) -> bool {
    id.len() <= 128 && id.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
}

/// Decodes and parses one workspace file's bytes as the file kind its path names (`aims.toml`, `organisation.yaml`,
/// `systems/…`, otherwise an assessment file), returning the diagnostics. The loader's whole per-file path without
/// the disk; the fuzz target in fuzz/ drives it with arbitrary bytes.
pub fn check_bytes(rel: &str, bytes: Vec<u8>) -> Vec<Diagnostic> {
    let text = match decode(rel, bytes) {
        Ok(text) => text,
        Err(diagnostic) => return vec![*diagnostic],
    };
    let file = SourceFile { path: rel.to_string(), text };
    let result = if rel == "aims.toml" {
        toml::from_str::<raw::Settings>(&file.text)
            .map(drop)
            .map_err(|e| Box::new(Diagnostic::error(Code::TomlSyntax, rel, e.message().to_string())))
    } else if rel == "organisation.yaml" {
        yaml::parse::<raw::Organisation>(&file).map(drop)
    } else if rel.starts_with("systems/") {
        yaml::parse::<raw::System>(&file).map(drop)
    } else {
        yaml::parse::<raw::AssessmentFile>(&file).map(drop)
    };
    result.err().map(|d| vec![*d]).unwrap_or_default()
}

/// Turns file bytes into text: strips a UTF-8 byte order mark, refuses UTF-16, invalid UTF-8 and NUL bytes.
fn decode(rel: &str, mut bytes: Vec<u8>) -> Result<String, Box<Diagnostic>> {
    if bytes.starts_with(&[0xEF, 0xBB, 0xBF]) {
        bytes.drain(..3);
    }
    if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
        return Err(Box::new(
            Diagnostic::error(Code::NotUtf8, rel, "the file is UTF-16 encoded")
                .help("save it as UTF-8 (in most editors: Save As… → Encoding: UTF-8)"),
        ));
    }
    let text = match String::from_utf8(bytes) {
        Ok(text) => text,
        Err(e) => {
            let valid = &e.as_bytes()[..e.utf8_error().valid_up_to()];
            let valid = std::str::from_utf8(valid).unwrap_or_default();
            let (line, column) = line_col(valid, valid.len());
            return Err(Box::new(
                Diagnostic::error(Code::NotUtf8, rel, "the file is not valid UTF-8 text")
                    .help("save it as UTF-8; if it is a binary file, it does not belong here")
                    .at(valid, line, column),
            ));
        }
    };
    if let Some(offset) = text.find('\0') {
        let (line, column) = line_col(&text, offset);
        return Err(Box::new(
            Diagnostic::error(Code::NotUtf8, rel, "the file contains a NUL byte, so it is binary, not YAML text")
                .help("YAML files are plain text; remove the binary content")
                .at(&text, line, column),
        ));
    }
    Ok(text)
}

/// 1-based line and column (in characters) of a byte offset.
fn line_col(text: &str, offset: usize) -> (u32, u32) {
    let offset = offset.min(text.len());
    let before = text.get(..offset).unwrap_or(text);
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().map(|l| l.chars().count()).unwrap_or(0) + 1;
    (line as u32, column as u32)
}
