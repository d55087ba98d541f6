//! Which files of a workspace the loader reads, decided the same way whatever holds them (the disk in `read`,
//! memory in `memory`): the fixed files at the top, the YAML files directly inside systems/ and assessment/, and a
//! report of every entry that will not be loaded. A [`Tree`] answers what is at a path; this module decides.

use std::collections::{HashMap, HashSet};
use std::hash::Hash;
use std::io;

use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::rules::Code;

/// What a workspace path is, after following symlinks that stay inside the workspace.
pub(super) enum Found<Id> {
    Missing,
    File(Id),
    Folder(Id),
    /// Not a regular file or folder: the words for what it is ("a named pipe (FIFO)").
    Other(&'static str),
}

/// A workspace as a tree of named entries: what [`list`] needs to know about the place holding it.
pub(super) trait Tree {
    /// A file's identity, to recognise a workspace input however a path reaches it.
    type Id: Clone + Eq + Hash;
    /// One entry of a folder, as the folder's listing gives it.
    type Entry;

    /// What is at a workspace-relative path (`/`-separated); an error is reported as it is.
    fn find(&self, rel: &str) -> Result<Found<Self::Id>, Box<Diagnostic>>;
    /// The entries of a folder known to exist (`""` is the workspace folder itself), in any order.
    fn entries(&self, folder: &str) -> io::Result<Vec<io::Result<Self::Entry>>>;
    /// An entry's name, or its lossy spelling when it is not valid UTF-8.
    fn name(&self, entry: &Self::Entry) -> Result<String, String>;
    /// What an entry of a listed folder is; `rel` is its workspace-relative path.
    fn entry_found(&self, entry: &Self::Entry, rel: &str) -> Result<Found<Self::Id>, Box<Diagnostic>>;
    /// Whether an entry of the workspace folder is the file or folder `id` (the same one under another spelling).
    fn same(&self, entry: &Self::Entry, id: &Self::Id) -> bool;
    /// The workspace folder as shown in a diagnostic.
    fn shown(&self) -> String;
}

/// How one of the fixed files at the top of the workspace turned out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum TopFile {
    Absent,
    Present,
    /// It exists but cannot be loaded; the reason is already reported.
    Refused,
}

/// Which workspace files the loader reads, found by [`list`].
#[derive(Debug)]
pub(super) struct Listing {
    pub settings: TopFile,
    pub organisation: TopFile,
    /// `assessment.yaml` (when present), then the YAML files of assessment/ in name order.
    pub assessment: Vec<String>,
    /// The YAML files of systems/ in name order.
    pub systems: Vec<String>,
    /// `risks.yaml` (when present), then the YAML files of risks/ in name order: the AI risk register.
    pub risks: Vec<String>,
    /// The YAML files of impact-assessments/ in name order: one AI system impact assessment each.
    pub impact_assessments: Vec<String>,
}

pub(super) const SETTINGS: &str = "aims.toml";
pub(super) const ORGANISATION: &str = "organisation.yaml";
const ASSESSMENT_FILE: &str = "assessment.yaml";
const SYSTEMS: &str = "systems";
const ASSESSMENT: &str = "assessment";
const RISKS_FILE: &str = "risks.yaml";
const RISKS: &str = "risks";
const IMPACT_ASSESSMENTS: &str = "impact-assessments";

/// Finds the files of the workspace, reporting into `diags` every path that cannot be read or is of the wrong
/// type (errors) and every entry of systems/ and assessment/ that will not be loaded (warnings). Returns the
/// listing and the identities of every file in it, to tell evidence from input.
pub(super) fn list<T: Tree>(tree: &T, diags: &mut Diagnostics) -> (Listing, HashSet<T::Id>) {
    let mut inputs = HashSet::new();
    let top = |name: &str, diags: &mut Diagnostics, inputs: &mut HashSet<T::Id>| -> (TopFile, Option<T::Id>) {
        match tree.find(name) {
            Ok(Found::Missing) => (TopFile::Absent, None),
            Ok(Found::File(id)) => {
                inputs.insert(id.clone());
                (TopFile::Present, Some(id))
            }
            Ok(Found::Folder(_)) => {
                diags.push(*wrong_type(name, "a folder", "a file"));
                (TopFile::Refused, None)
            }
            Ok(Found::Other(is)) => {
                diags.push(*wrong_type(name, is, "a regular file"));
                (TopFile::Refused, None)
            }
            Err(d) => {
                diags.push(*d);
                (TopFile::Refused, None)
            }
        }
    };
    let (settings, settings_id) = top(SETTINGS, diags, &mut inputs);
    let (organisation, organisation_id) = top(ORGANISATION, diags, &mut inputs);
    let (assessment_file, assessment_id) = top(ASSESSMENT_FILE, diags, &mut inputs);
    let (systems, systems_id) = folder(tree, SYSTEMS, diags, &mut inputs);
    let (mut assessment, assessment_dir_id) = folder(tree, ASSESSMENT, diags, &mut inputs);
    if assessment_file == TopFile::Present {
        assessment.insert(0, ASSESSMENT_FILE.to_string());
    }
    let (risks_file, risks_id) = top(RISKS_FILE, diags, &mut inputs);
    let (mut risks, risks_dir_id) = folder(tree, RISKS, diags, &mut inputs);
    if risks_file == TopFile::Present {
        risks.insert(0, RISKS_FILE.to_string());
    }
    let (impact_assessments, impacts_id) = folder(tree, IMPACT_ASSESSMENTS, diags, &mut inputs);
    let known = [
        (SETTINGS, settings_id),
        (ORGANISATION, organisation_id),
        (ASSESSMENT_FILE, assessment_id),
        (SYSTEMS, systems_id),
        (ASSESSMENT, assessment_dir_id),
        (RISKS_FILE, risks_id),
        (RISKS, risks_dir_id),
        (IMPACT_ASSESSMENTS, impacts_id),
    ];
    near_misses(tree, &known, diags);
    (Listing { settings, organisation, assessment, systems, risks, impact_assessments }, inputs)
}

/// The YAML files directly inside `name` (systems/, assessment/, risks/ or impact-assessments/), sorted, as workspace-relative paths; and the
/// folder's identity. A missing folder holds nothing; one that cannot be read, or is not a folder, is an error.
fn folder<T: Tree>(
    tree: &T,
    name: &str,
    diags: &mut Diagnostics,
    inputs: &mut HashSet<T::Id>,
) -> (Vec<String>, Option<T::Id>) {
    let id = match tree.find(name) {
        Ok(Found::Missing) => return (Vec::new(), None),
        Ok(Found::Folder(id)) => id,
        Ok(Found::File(_)) => {
            diags.push(*wrong_type(name, "a file", "a folder"));
            return (Vec::new(), None);
        }
        Ok(Found::Other(is)) => {
            diags.push(*wrong_type(name, is, "a folder"));
            return (Vec::new(), None);
        }
        Err(d) => {
            diags.push(*d);
            return (Vec::new(), None);
        }
    };
    let entries = match tree.entries(name) {
        Ok(entries) => entries,
        Err(e) => {
            diags.push(*unreadable(name, "the folder", &e));
            return (Vec::new(), Some(id));
        }
    };
    let mut loadable: Vec<(String, T::Id)> = Vec::new();
    for entry in entries {
        let entry = match entry {
            Ok(entry) => entry,
            Err(e) => {
                diags.push(*unreadable(name, "the folder", &e));
                continue;
            }
        };
        let file_name = match tree.name(&entry) {
            Ok(file_name) => file_name,
            Err(lossy) => {
                let shown = format!("{name}/{lossy}");
                diags.push(
                    Diagnostic::warning(
                        Code::FileNotLoaded,
                        &shown,
                        "this file name is not valid UTF-8, so it is not loaded",
                    )
                    .help("rename the file using UTF-8 characters (the system's ID makes a good name)"),
                );
                continue;
            }
        };
        let rel = format!("{name}/{file_name}");
        let yaml = is_yaml_name(&file_name);
        if file_name.starts_with('.') {
            // Hidden files such as .gitkeep or .DS_Store are skipped silently; a hidden YAML file looks like a
            // workspace file and could hide an AI system, so it is reported.
            if yaml {
                let help = format!("to load it, remove the leading `.`: {name}/{}", file_name.trim_start_matches('.'));
                diags.push(
                    Diagnostic::warning(Code::FileNotLoaded, &rel, "this hidden YAML file is not loaded").help(help),
                );
            }
            continue;
        }
        match tree.entry_found(&entry, &rel) {
            Ok(Found::File(id)) if yaml => loadable.push((file_name, id)),
            Ok(Found::File(_)) => diags.push(
                Diagnostic::warning(
                    Code::FileNotLoaded,
                    &rel,
                    format!("not loaded: aims reads only the `.yaml` and `.yml` files in {name}/"),
                )
                .help(format!(
                    "to load it, make it a YAML file named `{}.yaml`; otherwise move it out of {name}/",
                    stem(&file_name)
                )),
            ),
            Ok(Found::Folder(_)) => diags.push(
                Diagnostic::warning(
                    Code::FileNotLoaded,
                    &rel,
                    format!("this folder is not loaded: aims reads only the files directly inside {name}/"),
                )
                .help(format!("to load its files, move them up into {name}/; otherwise move the folder out")),
            ),
            Ok(Found::Other(is)) if yaml => diags.push(*wrong_type(&rel, is, "a regular file")),
            Ok(Found::Other(is)) => diags.push(
                Diagnostic::warning(Code::FileNotLoaded, &rel, format!("not loaded: this is {is}"))
                    .help(format!("remove it from {name}/")),
            ),
            // Gone between listing and looking: nothing to load.
            Ok(Found::Missing) => {}
            Err(d) => diags.push(*d),
        }
    }
    loadable.sort_by(|a, b| a.0.cmp(&b.0));
    let mut files: Vec<String> = Vec::with_capacity(loadable.len());
    let mut lower: HashMap<String, usize> = HashMap::new();
    for (file_name, file_id) in loadable {
        let rel = format!("{name}/{file_name}");
        if let Some(&first) = lower.get(&file_name.to_lowercase()) {
            diags.push(case_conflict(&rel, &files[first]));
            continue;
        }
        lower.insert(file_name.to_lowercase(), files.len());
        inputs.insert(file_id);
        files.push(rel);
    }
    (files, Some(id))
}

fn case_conflict(rel: &str, other: &str) -> Diagnostic {
    Diagnostic::error(Code::CaseConflict, rel, format!("`{rel}` and `{other}` differ only in letter case"))
        .help("on macOS and Windows one would replace the other; merge them or rename one")
}

/// Whether a file name ends in `.yaml` or `.yml`, in any letter case.
fn is_yaml_name(name: &str) -> bool {
    match name.rsplit_once('.') {
        Some((stem, ext)) => !stem.is_empty() && (ext.eq_ignore_ascii_case("yaml") || ext.eq_ignore_ascii_case("yml")),
        None => false,
    }
}

/// A file name without its last extension (`chatbot.json` → `chatbot`, `notes` → `notes`).
fn stem(name: &str) -> &str {
    name.rsplit_once('.').map_or(name, |(stem, _)| if stem.is_empty() { name } else { stem })
}

/// Reports entries at the top of the workspace that look like one of its fixed names but are not it
/// (`Systems/`, `Organisation.yaml`, `assessment.yml`): they would not be loaded. Two that differ only in letter
/// case are a conflict. On a case-insensitive disk, the same file seen under another spelling is not reported.
fn near_misses<T: Tree>(tree: &T, known: &[(&str, Option<T::Id>)], diags: &mut Diagnostics) {
    let entries = match tree.entries("") {
        Ok(entries) => entries,
        Err(e) => return diags.push(*unreadable(&tree.shown(), "the workspace folder", &e)),
    };
    let key = |name: &str| -> String {
        let lower = name.to_lowercase();
        match lower.strip_suffix(".yml") {
            Some(stem) => format!("{stem}.yaml"),
            None => lower,
        }
    };
    for entry in entries.into_iter().filter_map(Result::ok) {
        let Ok(name) = tree.name(&entry) else { continue };
        let Some((wanted, wanted_id)) = known.iter().find(|(k, _)| *k != name && key(k) == key(&name)) else {
            continue;
        };
        if let Some(wanted_id) = wanted_id {
            if tree.same(&entry, wanted_id) {
                continue;
            }
            if wanted.eq_ignore_ascii_case(&name) {
                diags.push(case_conflict(&name, wanted));
                continue;
            }
        }
        // Only the letter case differs (`Systems/`): a case-insensitive disk would load it and this one does not,
        // so the same commit would give two reports. An error, never a silently smaller workspace.
        if wanted.eq_ignore_ascii_case(&name) {
            diags.push(
                Diagnostic::error(
                    Code::CaseConflict,
                    &name,
                    format!("`{name}` is not `{wanted}`: names differ in letter case"),
                )
                .help(format!(
                    "rename it to `{wanted}`: macOS and Windows would load it as `{wanted}`, Linux would not"
                )),
            );
            continue;
        }
        diags.push(
            Diagnostic::warning(Code::FileNotLoaded, &name, format!("not loaded: aims reads `{wanted}`, not `{name}`"))
                .help(format!("rename it to `{wanted}` to load it")),
        );
    }
}

/// A path that cannot be read: an error, never an empty result.
pub(super) fn unreadable(rel: &str, what: &str, e: &io::Error) -> Box<Diagnostic> {
    Box::new(
        Diagnostic::error(Code::UnreadableFile, rel, format!("cannot read {what}: {e}"))
            .help("aims must read every workspace file and folder; fix the permissions (nothing was assessed)"),
    )
}

/// A path that is not the kind of thing aims expects there.
pub(super) fn wrong_type(rel: &str, is: &str, wanted: &str) -> Box<Diagnostic> {
    Box::new(
        Diagnostic::error(Code::WrongFileType, rel, format!("`{rel}` is {is}, not {wanted}"))
            .help(format!("aims expects {wanted} at `{rel}`; replace it with one, or remove it")),
    )
}

/// A file larger than [`super::MAX_FILE_BYTES`]; `size` says how large ("3 MiB", "larger than 2 MiB").
pub(super) fn too_large(rel: &str, size: &str) -> Box<Diagnostic> {
    Box::new(
        Diagnostic::error(
            Code::InputTooLarge,
            rel,
            format!("the file is {size}; aims reads files up to {} MiB", super::MAX_FILE_BYTES >> 20),
        )
        .help("split it: one AI system per file under systems/, or several files under assessment/"),
    )
}
