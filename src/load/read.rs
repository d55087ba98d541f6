//! The loader's disk access: which files of a workspace are read, what each path is, and reading a file with a
//! bound. The rules of the trust model for reading live here and nowhere else:
//!
//! - aims reads only regular files. A path's type is checked (after resolving symlinks, which must stay inside the
//!   workspace) before it is opened, and again on the open file, which is opened without blocking so that a named
//!   pipe swapped in between cannot stall the run.
//! - Every read is bounded by [`MAX_FILE_BYTES`]: the reader takes at most one byte more than the bound, whatever
//!   the file's reported length (a device reports 0).
//! - A folder or file that cannot be read is an error, never an empty result.
//! - Every entry of systems/ and assessment/ is either loaded or reported (`file-not-loaded`), except hidden files
//!   that are not YAML (`.gitkeep`).

use std::collections::HashSet;
use std::fs::{self, FileType, Metadata};
use std::io::{self, Read};
use std::path::{Path, PathBuf};

use super::bounds::MAX_FILE_BYTES;
use super::{SourceFile, decode};
use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::rules::Code;
use crate::workspace::FileState;

/// The workspace folder, as given and with symlinks resolved (to tell whether a path stays inside it).
#[derive(Debug, Clone)]
pub(super) struct Root {
    pub dir: PathBuf,
    pub real: PathBuf,
}

impl Root {
    /// The workspace in `dir`, or the error that stops the run: no folder there, or a folder that cannot be read.
    pub fn open(dir: &Path) -> Result<Root, Box<Diagnostic>> {
        let shown = dir.display().to_string();
        if !dir.is_dir() {
            return Err(Box::new(
                Diagnostic::error(Code::WorkspaceNotFound, &shown, "no workspace folder here")
                    .help("pass the folder holding organisation.yaml, or create one with `aims init DIR`"),
            ));
        }
        match dir.canonicalize() {
            Ok(real) => Ok(Root { dir: dir.to_path_buf(), real }),
            Err(e) => Err(unreadable(&shown, "the workspace folder", &e)),
        }
    }

    /// Whether a path with symlinks resolved lies inside the workspace.
    pub fn contains(&self, real: &Path) -> bool {
        real.starts_with(&self.real)
    }
}

/// The identity of a file on disk, to recognise a workspace input however a path reaches it (through a symlink, or
/// in another letter case on a case-insensitive disk).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(super) struct FileId(#[cfg(unix)] (u64, u64), #[cfg(not(unix))] String);

impl FileId {
    fn of(path: &Path, meta: &Metadata) -> FileId {
        #[cfg(unix)]
        {
            use std::os::unix::fs::MetadataExt;
            let _ = path;
            FileId((meta.dev(), meta.ino()))
        }
        #[cfg(not(unix))]
        {
            let _ = meta;
            let real = path.canonicalize().unwrap_or_else(|_| path.to_path_buf());
            FileId(real.to_string_lossy().to_lowercase())
        }
    }
}

/// What a workspace path is, after following symlinks that stay inside the workspace.
enum Found {
    Missing,
    File(FileId),
    Folder(FileId),
    /// Not a regular file or folder: the words for what it is ("a named pipe (FIFO)").
    Other(&'static str),
}

/// Says what `path` (shown as `rel`) is, following a symlink only when it resolves inside the workspace.
fn find(root: &Root, path: &Path, rel: &str) -> Result<Found, Box<Diagnostic>> {
    let meta = match fs::symlink_metadata(path) {
        Ok(meta) => meta,
        Err(e) if is_not_found(&e) => return Ok(Found::Missing),
        Err(e) => return Err(unreadable(rel, "this path", &e)),
    };
    let meta = if meta.file_type().is_symlink() {
        match path.canonicalize() {
            Ok(real) if root.contains(&real) => fs::metadata(path).map_err(|e| unreadable(rel, "this path", &e))?,
            Ok(_) => return Err(outside(rel)),
            Err(e) if is_not_found(&e) => {
                return Err(Box::new(
                    Diagnostic::error(Code::UnreadableFile, rel, "this is a symbolic link to nothing")
                        .help("replace the link with the file it should point at, or remove it"),
                ));
            }
            Err(e) => return Err(unreadable(rel, "this path", &e)),
        }
    } else {
        meta
    };
    let kind = meta.file_type();
    Ok(if kind.is_file() {
        Found::File(FileId::of(path, &meta))
    } else if kind.is_dir() {
        Found::Folder(FileId::of(path, &meta))
    } else {
        Found::Other(describe(&kind))
    })
}

/// The words for a file type that is not a regular file.
fn describe(kind: &FileType) -> &'static str {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if kind.is_fifo() {
            return "a named pipe (FIFO)";
        }
        if kind.is_char_device() || kind.is_block_device() {
            return "a device";
        }
        if kind.is_socket() {
            return "a socket";
        }
    }
    if kind.is_dir() { "a folder" } else { "not a regular file" }
}

fn is_not_found(e: &io::Error) -> bool {
    matches!(e.kind(), io::ErrorKind::NotFound | io::ErrorKind::NotADirectory)
}

fn unreadable(rel: &str, what: &str, e: &io::Error) -> Box<Diagnostic> {
    Box::new(
        Diagnostic::error(Code::UnreadableFile, rel, format!("cannot read {what}: {e}"))
            .help("aims must read every workspace file and folder; fix the permissions (nothing was assessed)"),
    )
}

fn outside(rel: &str) -> Box<Diagnostic> {
    Box::new(
        Diagnostic::error(Code::PathOutsideWorkspace, rel, "this path leads outside the workspace folder").help(
            "workspace files must be real files inside the workspace folder; copy the file in instead of linking it",
        ),
    )
}

fn wrong_type(rel: &str, is: &str, wanted: &str) -> Box<Diagnostic> {
    Box::new(
        Diagnostic::error(Code::WrongFileType, rel, format!("`{rel}` is {is}, not {wanted}"))
            .help(format!("aims expects {wanted} at `{rel}`; replace it with one, or remove it")),
    )
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
    /// Every file above, to tell evidence from input.
    pub inputs: HashSet<FileId>,
}

const SETTINGS: &str = "aims.toml";
const ORGANISATION: &str = "organisation.yaml";
const ASSESSMENT_FILE: &str = "assessment.yaml";
const SYSTEMS: &str = "systems";
const ASSESSMENT: &str = "assessment";

/// Finds the files of the workspace, reporting into `diags` every path that cannot be read or is of the wrong
/// type (errors) and every entry of systems/ and assessment/ that will not be loaded (warnings).
pub(super) fn list(root: &Root, diags: &mut Diagnostics) -> Listing {
    let mut inputs = HashSet::new();
    let top = |name: &str, diags: &mut Diagnostics, inputs: &mut HashSet<FileId>| -> (TopFile, Option<FileId>) {
        match find(root, &root.dir.join(name), name) {
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
    let (systems, systems_id) = folder(root, SYSTEMS, diags, &mut inputs);
    let (mut assessment, assessment_dir_id) = folder(root, ASSESSMENT, diags, &mut inputs);
    if assessment_file == TopFile::Present {
        assessment.insert(0, ASSESSMENT_FILE.to_string());
    }
    let known = [
        (SETTINGS, settings_id),
        (ORGANISATION, organisation_id),
        (ASSESSMENT_FILE, assessment_id),
        (SYSTEMS, systems_id),
        (ASSESSMENT, assessment_dir_id),
    ];
    near_misses(root, &known, diags);
    Listing { settings, organisation, assessment, systems, inputs }
}

/// The YAML files directly inside `name` (systems/ or assessment/), sorted, as workspace-relative paths; and the
/// folder's identity. A missing folder holds nothing; one that cannot be read, or is not a folder, is an error.
fn folder(
    root: &Root,
    name: &str,
    diags: &mut Diagnostics,
    inputs: &mut HashSet<FileId>,
) -> (Vec<String>, Option<FileId>) {
    let path = root.dir.join(name);
    let id = match find(root, &path, name) {
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
    let entries = match fs::read_dir(&path) {
        Ok(entries) => entries,
        Err(e) => {
            diags.push(*unreadable(name, "the folder", &e));
            return (Vec::new(), Some(id));
        }
    };
    let mut loadable: Vec<(String, FileId)> = Vec::new();
    for entry in entries {
        let entry = match entry {
            Ok(entry) => entry,
            Err(e) => {
                diags.push(*unreadable(name, "the folder", &e));
                continue;
            }
        };
        let os_name = entry.file_name();
        let Some(file_name) = os_name.to_str() else {
            let shown = format!("{name}/{}", os_name.to_string_lossy());
            diags.push(
                Diagnostic::warning(
                    Code::FileNotLoaded,
                    &shown,
                    "this file name is not valid UTF-8, so it is not loaded",
                )
                .help("rename the file using UTF-8 characters (the system's ID makes a good name)"),
            );
            continue;
        };
        let rel = format!("{name}/{file_name}");
        let yaml = is_yaml_name(file_name);
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
        let found = match entry.file_type() {
            Ok(kind) if kind.is_file() => entry_id(&entry, &rel).map(Found::File),
            Ok(kind) if kind.is_dir() => entry_id(&entry, &rel).map(Found::Folder),
            Ok(kind) if kind.is_symlink() => find(root, &entry.path(), &rel),
            Ok(kind) => Ok(Found::Other(describe(&kind))),
            Err(e) => Err(unreadable(&rel, "this path", &e)),
        };
        match found {
            Ok(Found::File(id)) if yaml => loadable.push((file_name.to_string(), id)),
            Ok(Found::File(_)) => diags.push(
                Diagnostic::warning(
                    Code::FileNotLoaded,
                    &rel,
                    format!("not loaded: aims reads only the `.yaml` and `.yml` files in {name}/"),
                )
                .help(format!(
                    "to load it, make it a YAML file named `{}.yaml`; otherwise move it out of {name}/",
                    stem(file_name)
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
    let mut lower: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
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

/// The identity of a folder entry that is not a symlink. It comes from the same kind of `stat` call as an evidence
/// path's, not from the listing's inode numbers, which some file systems (overlayfs) report differently.
fn entry_id(entry: &fs::DirEntry, rel: &str) -> Result<FileId, Box<Diagnostic>> {
    let meta = entry.metadata().map_err(|e| unreadable(rel, "this path", &e))?;
    Ok(FileId::of(&entry.path(), &meta))
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
fn near_misses(root: &Root, known: &[(&str, Option<FileId>)], diags: &mut Diagnostics) {
    let shown = root.dir.display().to_string();
    let entries = match fs::read_dir(&root.dir) {
        Ok(entries) => entries,
        Err(e) => return diags.push(*unreadable(&shown, "the workspace folder", &e)),
    };
    let key = |name: &str| -> String {
        let lower = name.to_lowercase();
        match lower.strip_suffix(".yml") {
            Some(stem) => format!("{stem}.yaml"),
            None => lower,
        }
    };
    for entry in entries.filter_map(Result::ok) {
        let os_name = entry.file_name();
        let Some(name) = os_name.to_str() else { continue };
        let Some((wanted, wanted_id)) = known.iter().find(|(k, _)| *k != name && key(k) == key(name)) else {
            continue;
        };
        if let Some(wanted_id) = wanted_id {
            let same = fs::metadata(entry.path()).is_ok_and(|m| &FileId::of(&entry.path(), &m) == wanted_id);
            if same {
                continue;
            }
            if wanted.eq_ignore_ascii_case(name) {
                diags.push(case_conflict(name, wanted));
                continue;
            }
        }
        diags.push(
            Diagnostic::warning(Code::FileNotLoaded, name, format!("not loaded: aims reads `{wanted}`, not `{name}`"))
                .help(format!("rename it to `{wanted}` to load it")),
        );
    }
}

/// Reads one workspace file found by [`list`]: a regular file, at most [`MAX_FILE_BYTES`], UTF-8 text. The file is
/// opened without blocking and checked again once open, so a pipe or device put in its place is refused, not read.
pub(super) fn read_source(root: &Path, rel: &str) -> Result<SourceFile, Box<Diagnostic>> {
    let full = root.join(rel);
    let mut options = fs::OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        // Opening a named pipe for reading waits for a writer; without blocking it returns at once.
        options.custom_flags(libc::O_NONBLOCK);
    }
    let file = options.open(&full).map_err(|e| unreadable(rel, "the file", &e))?;
    let meta = file.metadata().map_err(|e| unreadable(rel, "the file", &e))?;
    if !meta.is_file() {
        return Err(wrong_type(rel, describe(&meta.file_type()), "a regular file"));
    }
    let too_large = |size: &str| {
        Box::new(
            Diagnostic::error(
                Code::InputTooLarge,
                rel,
                format!("the file is {size}; aims reads files up to {} MiB", MAX_FILE_BYTES >> 20),
            )
            .help("split it: one AI system per file under systems/, or several files under assessment/"),
        )
    };
    if meta.len() > MAX_FILE_BYTES {
        return Err(too_large(&format!("{} MiB", meta.len() >> 20)));
    }
    // The length is a hint for the buffer, never a bound: the bound is the `take`.
    let mut bytes = Vec::with_capacity(meta.len() as usize + 1);
    file.take(MAX_FILE_BYTES + 1).read_to_end(&mut bytes).map_err(|e| unreadable(rel, "the file", &e))?;
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(too_large(&format!("larger than {} MiB", MAX_FILE_BYTES >> 20)));
    }
    let text = decode(rel, bytes)?;
    Ok(SourceFile { path: rel.to_string(), text })
}

/// What is at an evidence path already known to lie inside the workspace, and, for something that is not a
/// regular file, the words for what it is. Only a non-empty regular file that is not a workspace input counts.
pub(super) fn evidence_state(path: &Path, inputs: &HashSet<FileId>) -> io::Result<(FileState, &'static str)> {
    let meta = match fs::metadata(path) {
        Ok(meta) => meta,
        Err(e) if is_not_found(&e) => return Ok((FileState::Missing, "")),
        Err(e) => return Err(e),
    };
    Ok(if !meta.is_file() {
        (FileState::NotAFile, describe(&meta.file_type()))
    } else if meta.len() == 0 {
        (FileState::Empty, "")
    } else if inputs.contains(&FileId::of(path, &meta)) {
        (FileState::WorkspaceInput, "")
    } else {
        (FileState::Present, "")
    })
}

impl super::Loader<'_> {
    /// Whether `full` stays inside the workspace once symlinks are resolved. Folders are resolved once and
    /// remembered, so thousands of evidence paths in a few folders cost a few `readlink`s, not one per component
    /// per path.
    pub(super) fn inside(&mut self, full: &Path) -> bool {
        let parent_inside = match full.parent() {
            None => true,
            Some(dir) => match self.dirs_inside.get(dir) {
                Some(&known) => known,
                None => {
                    // A folder that does not exist holds nothing outside the workspace.
                    let known = dir.canonicalize().map_or(true, |real| self.root.contains(&real));
                    self.dirs_inside.insert(dir.to_path_buf(), known);
                    known
                }
            },
        };
        parent_inside
            && match fs::symlink_metadata(full) {
                Ok(meta) if meta.file_type().is_symlink() => full.canonicalize().is_ok_and(|r| self.root.contains(&r)),
                _ => true,
            }
    }
}

/// How many of `paths` read and parse as `T`, on all cores: the benchmark floor's one step.
fn parse_count<T: serde::de::DeserializeOwned>(root: &Path, paths: &[String]) -> usize {
    let ok = crate::parallel::map(paths, 64, |rel| {
        read_source(root, rel).and_then(|file| super::yaml::parse::<T>(&file).map(drop)).is_ok()
    });
    ok.into_iter().filter(|&parsed| parsed).count()
}

/// The parse-only floor of the benchmark (docs/performance.md): lists, reads and deserialises every YAML file of a
/// workspace as `load` does (same listing, reader, parser, options and threads), and validates nothing. Returns how
/// many files parsed.
#[doc(hidden)]
pub fn parse_floor(dir: &Path) -> usize {
    let Ok(root) = Root::open(dir) else { return 0 };
    let listing = list(&root, &mut Diagnostics::default());
    let mut ok = parse_count::<super::raw::System>(&root.dir, &listing.systems);
    if listing.organisation == TopFile::Present {
        ok += parse_count::<super::raw::Organisation>(&root.dir, &[ORGANISATION.to_string()]);
    }
    ok += parse_count::<super::raw::AssessmentFile>(&root.dir, &listing.assessment);
    ok
}
