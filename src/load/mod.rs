//! Stage one of the pipeline: read `aims.toml` and the YAML files of a workspace, report every problem at once,
//! and hand `assess` a validated [`Workspace`]. This is the only stage that touches the disk; whether evidence
//! files exist is decided here and arrives in `assess` as a fact.
//!
//! Validation is pure: it asks a `Source` for the files and the evidence facts, and the same code runs over the
//! disk ([`load`]) or over files held in memory ([`from_files`], which the fuzz targets drive).
//!
//! - `listing`: which files are read and which entries are reported, decided the same way for disk and memory;
//! - `read`: the disk (what kind of file, bounded reads, evidence facts); `memory`: the same facts from memory;
//! - `yaml`: the one YAML parser call, with the bounds of `bounds`;
//! - `tree` and `recover`: a file with problems is read again as a located tree and deserialised with stand-ins,
//!   so every problem of the file is reported in one run (`shapes` words the diagnostics, `synonyms` holds the
//!   words from other vocabularies);
//! - `raw`: the files as written; this module, `settings` and `systems` validate them into typed values, and `risk`
//!   the risk criteria, the risk register and the impact assessments.

mod bounds;
mod eu;
mod evidence;
mod listing;
mod memory;
pub mod raw;
mod read;
mod recover;
mod risk;
mod settings;
mod shapes;
mod synonyms;
mod systems;
mod text;
mod tree;
mod yaml;

use std::collections::{BTreeMap, HashMap, HashSet};
use std::io;
use std::path::{Component, Path};

use serde_saphyr::Spanned;

pub(crate) use evidence::is_accepted_url;

use crate::catalogue::Catalogue;
use crate::date::Date;
use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::rules::Code;
use crate::workspace::{Action, Entry, Evidence, FileState, InterestedParty, Location, Organisation, Workspace};

pub use bounds::{MAX_ALIAS_EVENTS, MAX_ALIASES, MAX_ANCHORS, MAX_DEPTH, MAX_FILE_BYTES, MAX_NODES, MAX_TEXT_BYTES};
pub use read::parse_floor;
pub use text::is_blank;

/// A file's workspace-relative path (with `/`) and its text.
#[derive(Debug)]
pub struct SourceFile {
    /// Where the file is, relative to the workspace folder, with `/` separators (`systems/chatbot.yaml`).
    pub path: String,
    /// Its contents, decoded as UTF-8 with any byte order mark removed.
    pub text: String,
}

/// What loading produced: the workspace when there was no error, and every diagnostic either way.
#[derive(Debug)]
pub struct Loaded {
    /// The validated workspace; `None` when any diagnostic is an error (nothing downstream sees invalid input).
    pub workspace: Option<Workspace>,
    /// Every problem found, errors and warnings, in file and line order.
    pub diagnostics: Diagnostics,
}

/// Loads the workspace in `dir`. `as_of` is the assessment date: review dates after it are impossible, and waivers
/// may not expire more than `[gate] waiver_max_months` after it.
pub fn load(dir: &Path, catalogue: &Catalogue, as_of: Date) -> Loaded {
    let mut diagnostics = Diagnostics::default();
    let workspace = match read::Root::open(dir) {
        Ok(root) => {
            let (listing, inputs) = listing::list(&root, &mut diagnostics);
            let disk = read::Disk::new(root, inputs);
            validate(&disk, listing, catalogue, as_of, &mut diagnostics)
        }
        Err(diagnostic) => {
            diagnostics.push(*diagnostic);
            None
        }
    };
    finish(workspace, diagnostics)
}

/// Loads a workspace held in memory, exactly as [`load`] loads one from disk, without touching the disk.
///
/// `files` are the workspace's files as `(path, bytes)`: paths are relative to the workspace and separated by `/`
/// (`organisation.yaml`, `systems/chatbot.yaml`, `evidence/policy.md`); folders are implied by the paths. Empty and
/// `.` components are ignored, a path with a `..` component or no name is skipped, and of several entries with
/// the same path the last counts. A path that is a file and also leads to other files is a file. Evidence paths
/// are answered from the same list: a listed file with content is evidence, an empty one is empty, a prefix of
/// listed paths is a folder, anything else is missing. There are no symlinks, devices or unreadable entries.
pub fn from_files(files: &[(String, Vec<u8>)], catalogue: &Catalogue, as_of: Date) -> Loaded {
    let mut diagnostics = Diagnostics::default();
    let mut memory = memory::Memory::new(files);
    let (listing, inputs) = listing::list(&memory, &mut diagnostics);
    memory.set_inputs(inputs);
    let workspace = validate(&memory, listing, catalogue, as_of, &mut diagnostics);
    finish(workspace, diagnostics)
}

/// Validates the files of `listing`, read from `source`, into a workspace (`None` when a required file is
/// missing), adding every problem to `diagnostics`.
fn validate(
    source: &dyn Source,
    listing: listing::Listing,
    catalogue: &Catalogue,
    as_of: Date,
    diagnostics: &mut Diagnostics,
) -> Option<Workspace> {
    let mut loader = Loader {
        source,
        catalogue,
        as_of,
        diags: std::mem::take(diagnostics),
        evidence_seen: HashMap::new(),
        reported: HashSet::new(),
    };
    let workspace = loader.run(listing);
    *diagnostics = loader.diags;
    workspace
}

/// Sorts the diagnostics, and keeps the workspace only when none is an error.
fn finish(workspace: Option<Workspace>, mut diagnostics: Diagnostics) -> Loaded {
    diagnostics.sort();
    let workspace = if diagnostics.has_errors() { None } else { workspace };
    Loaded { workspace, diagnostics }
}

/// Where the loader's files and evidence facts come from: the disk (`read::Disk`) or memory (`memory::Memory`).
/// Which files there are is decided before, by `listing::list`.
trait Source: Sync {
    /// Reads a workspace file found by the listing: at most [`MAX_FILE_BYTES`], decoded to text.
    fn read(&self, rel: &str) -> Result<SourceFile, Box<Diagnostic>>;
    /// What an evidence path names, with the words for what it is when it is not a regular file; `None` when it
    /// leads outside the workspace. `written` is relative and never leaves the workspace by its spelling (no `..`,
    /// no root); a source with symlinks checks where they lead.
    fn evidence(&self, written: &str) -> io::Result<Option<(FileState, &'static str)>>;
}

struct Loader<'a> {
    source: &'a dyn Source,
    catalogue: &'a Catalogue,
    as_of: Date,
    diags: Diagnostics,
    /// Evidence paths already decided, by the path as written (many systems share documents), with the words for
    /// what a path that is not a file is.
    evidence_seen: HashMap<String, (FileState, &'static str)>,
    /// The places (file, line, column) of the problems parsing reported. A file with problems is still validated,
    /// to report its other problems too, but its values there are stand-ins: a second diagnostic at such a place
    /// would only repeat the first.
    reported: HashSet<(String, u32, u32)>,
}

impl<'a> Loader<'a> {
    fn run(&mut self, listing: listing::Listing) -> Option<Workspace> {
        let listing::Listing { settings, organisation, assessment, systems, risks, impact_assessments } = listing;
        let (settings, waivers) = match settings {
            listing::TopFile::Present => self.settings(),
            _ => (crate::workspace::Settings::default(), None),
        };
        let organisation = match organisation {
            listing::TopFile::Present => self.organisation(),
            listing::TopFile::Absent => {
                self.diags.push(
                    Diagnostic::error(Code::MissingFile, "organisation.yaml", "the workspace has no organisation.yaml")
                        .help("every workspace describes its organisation; `aims init` writes a starting point"),
                );
                None
            }
            listing::TopFile::Refused => None,
        };
        let systems = self.systems(&systems);
        let entries = self.entries(&assessment);
        let waivers = match waivers {
            Some((file, raw)) => self.waivers(&file, raw, &systems, settings.waiver_max_months),
            None => Vec::new(),
        };
        let risk = self.risk_records(&risks, &impact_assessments, &systems, &settings.risk);
        Some(Workspace { settings, organisation: organisation?, systems, entries, waivers, risk })
    }

    /// Reads a workspace file found by the listing; a file that cannot be read is reported and gives `None`.
    fn read(&mut self, rel: &str) -> Option<SourceFile> {
        match self.source.read(rel) {
            Ok(file) => Some(file),
            Err(diagnostic) => {
                self.diags.push(*diagnostic);
                None
            }
        }
    }

    // ----- organisation.yaml --------------------------------------------------------------------------------------

    fn organisation(&mut self) -> Option<Organisation> {
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
            .map(|p| InterestedParty {
                name: self.text(&file, p.name, "name"),
                needs: p.needs.filter(|n| !is_blank(n)),
            })
            .collect();
        let mut ai_roles = raw.ai_roles.value;
        ai_roles.sort();
        ai_roles.dedup();
        Some(Organisation {
            name,
            description: raw.description.filter(|d| !is_blank(d)),
            aims_scope,
            ai_roles,
            eu_ai_act_roles: raw.eu_ai_act_roles,
            interested_parties,
            units: raw.units.into_iter().filter(|(_, name)| !is_blank(name)).collect(),
        })
    }

    // ----- assessment ---------------------------------------------------------------------------------------------

    /// Reads the assessment files (`assessment.yaml`, then assessment/ in name order) into one entry per
    /// requirement.
    fn entries(&mut self, paths: &[String]) -> BTreeMap<String, Entry> {
        let mut entries: BTreeMap<String, Entry> = BTreeMap::new();
        // The actions written `same_as: ID`, resolved once every entry is read: the file, where `same_as` is, the
        // requirement whose entry says it and the one it names.
        let mut same_as: Vec<(usize, serde_saphyr::Location, String, String)> = Vec::new();
        let mut files: Vec<SourceFile> = Vec::new();
        for path in paths {
            let Some(file) = self.read(path) else { continue };
            let Some(raw) = self.parse::<raw::AssessmentFile>(&file) else { continue };
            let mut here = Vec::new();
            for raw_entry in raw.requirements {
                let at = raw_entry.value.requirement.referenced;
                let Some((entry, named)) = self.entry(&file, raw_entry) else { continue };
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
                if let Some((at, id)) = named {
                    here.push((files.len(), at, entry.requirement.clone(), id));
                }
                entries.insert(entry.requirement.clone(), entry);
            }
            if !here.is_empty() {
                same_as.extend(here);
                files.push(file);
            }
        }
        for (file, at, from, to) in same_as {
            self.same_as(&files[file], &at, &mut entries, &from, &to);
        }
        entries
    }

    /// Gives the entry of `from`, whose action says `same_as: to`, the action `to`'s entry plans; reports at `at` a
    /// `to` that has no entry, plans no action, or whose action is itself `same_as` another (name that one).
    fn same_as(
        &mut self,
        file: &SourceFile,
        at: &serde_saphyr::Location,
        entries: &mut BTreeMap<String, Entry>,
        from: &str,
        to: &str,
    ) {
        let problem = match entries.get(to).map(|e| e.action.as_ref()) {
            _ if from == to => Some((format!("`same_as` names {to}, the requirement of this entry"), None)),
            None => Some((format!("`same_as` names {to}, which has no entry in the assessment"), None)),
            Some(None) => Some((format!("`same_as` names {to}, whose entry plans no action"), None)),
            Some(Some(a)) => match &a.same_as {
                Some(other) => Some((
                    format!("`same_as` names {to}, whose action is itself the same as {other}'s"),
                    Some(other.clone()),
                )),
                None => {
                    let action = Action { same_as: Some(to.to_string()), ..a.clone() };
                    if let Some(e) = entries.get_mut(from) {
                        e.action = Some(action);
                    }
                    None
                }
            },
        };
        let Some((message, other)) = problem else { return };
        let help = match other {
            // Two entries that name each other: naming the other's target here would name this entry itself.
            Some(other) if other == from => format!(
                "{from} and {to} name each other: write the action out (`action:` with `description`, `owner` and \
                 `due`) in one of them and keep `same_as` in the other"
            ),
            Some(other) => format!("name {other} here: `same_as` points at the entry that writes the action out"),
            None => "point `same_as` at the requirement whose entry writes the action out (`action:` with \
                     `description`, `owner` and `due`), or write the action out here instead"
                .to_string(),
        };
        self.push_at(file, at, Diagnostic::error(Code::InvalidValue, &file.path, message).help(help));
        if let Some(e) = entries.get_mut(from) {
            e.action = None;
        }
    }

    /// One assessment entry, and for an action written `same_as: ID`, where that is and the requirement it names
    /// (resolved, and its action copied, once every entry is read).
    fn entry(
        &mut self,
        file: &SourceFile,
        raw: Spanned<raw::Entry>,
    ) -> Option<(Entry, Option<(serde_saphyr::Location, String)>)> {
        let location = self.location(file, &raw.referenced);
        let raw = raw.value;
        let requirement = self.requirement_id(file, raw.requirement)?;
        let evidence = raw.evidence.into_iter().map(|e| self.evidence(file, e)).collect();
        let justification = optional(raw.justification);
        let mut named = None;
        let action = match raw.action {
            None => None,
            Some(Spanned { value: a, referenced: at, .. }) => match (a.same_as, a.description) {
                (Some(same_as), description) => {
                    if description.is_some() || a.owner.is_some() || a.due.is_some() {
                        self.push_at(
                            file,
                            &same_as.referenced,
                            Diagnostic::error(
                                Code::InvalidValue,
                                &file.path,
                                "an action with `same_as` takes its description, owner and due date from the action \
                                 it names",
                            )
                            .help("remove `description`, `owner` and `due` here, or remove `same_as`"),
                        );
                    }
                    let at = same_as.referenced;
                    // An unknown ID is reported here, with the catalogue's suggestion.
                    named = self.requirement_id(file, same_as).map(|id| (at, id));
                    // A placeholder until the named entry is read; an error when it cannot be resolved.
                    // The placeholder names its requirement already, so that an action `same_as` this one is
                    // reported whichever is resolved first.
                    Some(Action {
                        description: String::new(),
                        owner: None,
                        due: None,
                        same_as: named.as_ref().map(|(_, id): &(_, String)| id.clone()),
                    })
                }
                (None, Some(description)) => Some(Action {
                    description: self.text(file, description, "description"),
                    owner: a.owner.filter(|o| !is_blank(o)),
                    due: a.due.filter(|d| !is_blank(&d.value)).and_then(|d| self.date(file, d, false)),
                    same_as: None,
                }),
                (None, None) => {
                    self.push_at(
                        file,
                        &at,
                        Diagnostic::error(Code::MissingField, &file.path, "`action` has no `description`").help(
                            "write what will be done in `description`, or name the requirement whose entry plans \
                             the same work in `same_as`",
                        ),
                    );
                    None
                }
            },
        };
        let entry = Entry {
            requirement,
            status: raw.status.value,
            owner: raw.owner.filter(|o| !is_blank(o)),
            evidence,
            justification,
            reasons: raw.reasons,
            notes: raw.notes.filter(|n| !is_blank(n)),
            action,
            location,
        };
        Some((entry, named))
    }

    // ----- values -------------------------------------------------------------------------------------------------

    /// Parses a YAML file, reporting every problem; the value is `None` only when the file is not readable YAML.
    fn parse<T: serde::de::DeserializeOwned>(&mut self, file: &SourceFile) -> Option<T> {
        let parsed = yaml::parse(file);
        for problem in parsed.problems {
            self.reported.insert((problem.file.clone(), problem.line, problem.column));
            self.diags.push(problem);
        }
        parsed.value
    }

    fn location(&self, file: &SourceFile, at: &serde_saphyr::Location) -> Location {
        Location { file: file.path.clone(), line: at.line() as u32 }
    }

    fn push_at(&mut self, file: &SourceFile, at: &serde_saphyr::Location, diagnostic: Diagnostic) {
        let (line, column) = (at.line() as u32, at.column() as u32);
        if !self.reported.contains(&(file.path.clone(), line, column)) {
            self.diags.push(diagnostic.at(&file.text, line, column));
        }
    }

    /// A required text, trimmed. Blank text ([`is_blank`]: nothing a reader would see) is an error reported at the
    /// value, and gives `""`.
    fn text(&mut self, file: &SourceFile, value: Spanned<String>, field: &str) -> String {
        if is_blank(&value.value) {
            self.push_at(
                file,
                &value.referenced,
                Diagnostic::error(Code::EmptyField, &file.path, format!("`{field}` is empty"))
                    .help(format!("write a value for `{field}`; spaces and invisible characters do not count")),
            );
            return String::new();
        }
        value.value.trim().to_string()
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
        let (message, help) = self.catalogue.unknown_id(&value.value);
        self.push_at(
            file,
            &value.referenced,
            Diagnostic::error(Code::UnknownRequirement, &file.path, message).help(help),
        );
        None
    }

    fn evidence(&mut self, file: &SourceFile, raw: Spanned<raw::EvidenceRecord>) -> Evidence {
        let location = self.location(file, &raw.referenced);
        let raw = raw.value;
        let reviewed = raw.reviewed.filter(|d| !is_blank(&d.value)).and_then(|d| self.date(file, d, true));
        let (path, file_state) = match raw.file {
            None => (None, FileState::NotGiven),
            Some(path) => {
                let at = path.referenced;
                let written = path.value.trim().replace('\\', "/");
                // An empty path is no path: the record is a claim without a file, as if `file` were left out.
                if is_blank(&written) {
                    (None, FileState::NotGiven)
                } else {
                    let state = self.evidence_file(file, &at, &written);
                    (Some(written), state)
                }
            }
        };
        let (effective, url, register_id) =
            (self.effective(file, raw.effective), self.url(file, raw.url), self.register_id(file, raw.register_id));
        Evidence {
            file: path,
            file_state,
            reviewed,
            title: raw.title.map(|t| t.trim().to_string()).filter(|t| !is_blank(t)),
            description: raw.description.filter(|d| !is_blank(d)),
            location,
            status: raw.status,
            effective,
            url,
            register_id,
        }
    }

    /// Decides what an evidence path names (see [`FileState`]), reporting a path outside the workspace (an error)
    /// and anything but a usable file (a warning) at the record.
    fn evidence_file(&mut self, file: &SourceFile, at: &serde_saphyr::Location, written: &str) -> FileState {
        if let Some(&(state, what)) = self.evidence_seen.get(written) {
            if let Some(warning) = evidence_warning(&file.path, written, state, what) {
                self.push_at(file, at, warning);
            }
            return state;
        }
        // `docs/../policy.md` names `policy.md`: a `..` that stays inside the workspace by its spelling is taken
        // lexically; one that climbs above the workspace folder leads outside.
        let inside = within_workspace(written);
        let found = match &inside {
            Some(rel) => self.source.evidence(rel),
            None => Ok(None),
        };
        let (state, what) = match found {
            Ok(Some(found)) => found,
            Ok(None) => {
                self.push_at(
                    file,
                    at,
                    Diagnostic::error(
                        Code::EvidenceOutsideWorkspace,
                        &file.path,
                        format!("evidence path `{written}` leads outside the workspace"),
                    )
                    .help(
                        "copy the evidence into the workspace (e.g. evidence/) and give its relative path, without \
                         `..`; for a document kept in a document system, give `url:` or `register_id:` instead",
                    ),
                );
                return FileState::NotGiven;
            }
            Err(e) => {
                self.push_at(
                    file,
                    at,
                    Diagnostic::error(Code::UnreadableFile, &file.path, format!("cannot read `{written}`: {e}"))
                        .help("aims must be able to look at every evidence path; fix the permissions"),
                );
                return FileState::Missing;
            }
        };
        if let Some(warning) = evidence_warning(&file.path, written, state, what) {
            self.push_at(file, at, warning);
        }
        self.evidence_seen.insert(written.to_string(), (state, what));
        state
    }
}

/// An optional text as the model holds it: trimmed, and `None` when it is absent or blank ([`is_blank`]), so that
/// `justification: ""` means the same as no justification at all.
fn optional(value: Option<Spanned<String>>) -> Option<String> {
    value.map(|v| v.value).filter(|t| !is_blank(t)).map(|t| t.trim().to_string())
}

/// The warning `aims validate` gives for evidence that does not count (`assess` turns it into a finding), if any.
/// `what` says what a [`FileState::NotAFile`] is.
/// `written` with `.` and `..` taken lexically, or `None` when it is absolute or climbs above the workspace folder.
/// `./a/../b.md` is `b.md`; `.` and `a/..` are `.` (the workspace folder itself).
fn within_workspace(written: &str) -> Option<String> {
    if written.starts_with('/') || written.as_bytes().get(1) == Some(&b':') {
        return None;
    }
    let mut parts: Vec<&str> = Vec::new();
    for c in Path::new(written).components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir => {
                parts.pop()?;
            }
            Component::Normal(part) => parts.push(part.to_str()?),
            Component::RootDir | Component::Prefix(_) => return None,
        }
    }
    Some(if parts.is_empty() { ".".to_string() } else { parts.join("/") })
}

fn evidence_warning(file: &str, written: &str, state: FileState, what: &str) -> Option<Diagnostic> {
    let (code, message, help) = match state {
        FileState::NotGiven | FileState::Present => return None,
        FileState::Missing => (
            Code::EvidenceNotFound,
            format!("no file at `{written}`"),
            "add the file to the workspace or correct the path; paths are relative to the workspace folder",
        ),
        FileState::Empty => (
            Code::EvidenceUnusable,
            format!("`{written}` is an empty file (0 bytes), so it shows nothing"),
            "put the document's content in the file, or point at the file that holds it",
        ),
        FileState::Folder => (
            Code::EvidenceUnusable,
            format!("`{written}` is a folder, not a document"),
            "name the document itself, e.g. a file inside the folder; give each document its own evidence record",
        ),
        FileState::NotAFile => {
            (Code::EvidenceUnusable, format!("`{written}` is {what}, not a file"), "point at the document itself")
        }
        FileState::WorkspaceInput => (
            Code::EvidenceUnusable,
            format!("`{written}` is one of the workspace files aims reads, not evidence"),
            "point at the document that shows the requirement is met, e.g. under evidence/",
        ),
    };
    Some(Diagnostic::warning(code, file, message).help(help))
}

/// Decodes and parses one workspace file's bytes as the file kind its path names (`aims.toml`, `organisation.yaml`,
/// `systems/…`, `risks.yaml` and `risks/…`, `impact-assessments/…`, otherwise an assessment file), returning the
/// diagnostics. The loader's whole per-file path without the disk; the fuzz target in fuzz/ drives it with arbitrary
/// bytes.
pub fn check_bytes(rel: &str, bytes: Vec<u8>) -> Vec<Diagnostic> {
    let text = match decode(rel, bytes) {
        Ok(text) => text,
        Err(diagnostic) => return vec![*diagnostic],
    };
    let file = SourceFile { path: rel.to_string(), text };
    if rel == "aims.toml" {
        settings::parse_settings(&file).1
    } else if rel == "organisation.yaml" {
        yaml::parse::<raw::Organisation>(&file).problems
    } else if rel.starts_with("systems/") {
        yaml::parse::<raw::System>(&file).problems
    } else if rel == "risks.yaml" || rel.starts_with("risks/") {
        yaml::parse::<raw::RisksFile>(&file).problems
    } else if rel.starts_with("impact-assessments/") {
        yaml::parse::<raw::ImpactAssessmentFile>(&file).problems
    } else {
        yaml::parse::<raw::AssessmentFile>(&file).problems
    }
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
