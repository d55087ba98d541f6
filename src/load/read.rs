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

use std::collections::{HashMap, HashSet};
use std::fs::{self, FileType, Metadata};
use std::io::{self, Read};
use std::path::{Component, Path, PathBuf};
use std::sync::{Mutex, PoisonError};

use super::bounds::MAX_FILE_BYTES;
use super::listing::{self, Found, ORGANISATION, TopFile, Tree, too_large, unreadable, wrong_type};
use super::{Source, SourceFile, decode};
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

/// Says what `path` (shown as `rel`) is, following a symlink only when it resolves inside the workspace.
fn find(root: &Root, path: &Path, rel: &str) -> Result<Found<FileId>, Box<Diagnostic>> {
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

fn outside(rel: &str) -> Box<Diagnostic> {
    Box::new(
        Diagnostic::error(Code::PathOutsideWorkspace, rel, "this path leads outside the workspace folder").help(
            "workspace files must be real files inside the workspace folder; copy the file in instead of linking it",
        ),
    )
}

/// Reads one workspace file found by [`listing::list`]: a regular file, at most [`MAX_FILE_BYTES`], UTF-8 text. The file is
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
    if meta.len() > MAX_FILE_BYTES {
        return Err(too_large(rel, &format!("{} MiB", meta.len() >> 20)));
    }
    // The length is a hint for the buffer, never a bound: the bound is the `take`.
    let mut bytes = Vec::with_capacity(meta.len() as usize + 1);
    file.take(MAX_FILE_BYTES + 1).read_to_end(&mut bytes).map_err(|e| unreadable(rel, "the file", &e))?;
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(too_large(rel, &format!("larger than {} MiB", MAX_FILE_BYTES >> 20)));
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
        Err(_) if fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_symlink()) => {
            return Ok((
                FileState::NotAFile,
                "a symbolic link that cannot be followed (a loop, or a link into a folder aims may not read)",
            ));
        }
        Err(e) => return Err(e),
    };
    Ok(if meta.is_dir() {
        (FileState::Folder, "a folder")
    } else if !meta.is_file() {
        (FileState::NotAFile, describe(&meta.file_type()))
    } else if meta.len() == 0 {
        (FileState::Empty, "")
    } else if inputs.contains(&FileId::of(path, &meta)) {
        (FileState::WorkspaceInput, "")
    } else {
        (FileState::Present, "")
    })
}

/// The workspace on disk: the loader's [`Source`] for `load`.
pub(super) struct Disk {
    root: Root,
    /// The files aims reads as the workspace: an evidence path naming one of them is not evidence.
    inputs: HashSet<FileId>,
    /// Folders already resolved by `inside`, shared by the loader's threads.
    dirs_inside: Mutex<HashMap<PathBuf, bool>>,
}

impl Disk {
    /// The workspace in `root`, whose listing found the files `inputs`.
    pub fn new(root: Root, inputs: HashSet<FileId>) -> Disk {
        Disk { root, inputs, dirs_inside: Mutex::default() }
    }

    /// Whether `full` stays inside the workspace once symlinks are resolved. Folders are resolved once and
    /// remembered, so thousands of evidence paths in a few folders cost a few `readlink`s, not one per component
    /// per path.
    fn inside(&self, full: &Path) -> bool {
        let parent_inside = match full.parent() {
            None => true,
            Some(dir) => {
                let known = self.dirs_inside.lock().unwrap_or_else(PoisonError::into_inner).get(dir).copied();
                match known {
                    Some(known) => known,
                    None => {
                        // A folder that does not exist holds nothing outside the workspace.
                        let known = dir.canonicalize().map_or(true, |real| self.root.contains(&real));
                        self.dirs_inside
                            .lock()
                            .unwrap_or_else(PoisonError::into_inner)
                            .insert(dir.to_path_buf(), known);
                        known
                    }
                }
            }
        };
        parent_inside
            && match fs::symlink_metadata(full) {
                // A link that leads nowhere (to a missing file, or round in a loop) reads nothing from outside; what
                // it is, is said by the evidence state.
                Ok(meta) if meta.file_type().is_symlink() => {
                    full.canonicalize().map_or(true, |r| self.root.contains(&r))
                }
                _ => true,
            }
    }
}

impl Source for Disk {
    fn read(&self, rel: &str) -> Result<SourceFile, Box<Diagnostic>> {
        read_source(&self.root.dir, rel)
    }

    fn evidence(&self, written: &str) -> io::Result<Option<(FileState, &'static str)>> {
        if Path::new(written).components().all(|c| c == Component::CurDir) {
            // `.` or `./` is the workspace folder itself: inside, and not a file (its parent is outside).
            return evidence_state(&self.root.dir, &self.inputs).map(Some);
        }
        let full = self.root.dir.join(written);
        if !self.inside(&full) {
            return Ok(None);
        }
        evidence_state(&full, &self.inputs).map(Some)
    }
}

impl Tree for Root {
    type Id = FileId;
    type Entry = fs::DirEntry;

    fn find(&self, rel: &str) -> Result<Found<FileId>, Box<Diagnostic>> {
        find(self, &self.dir.join(rel), rel)
    }

    fn entries(&self, folder: &str) -> io::Result<Vec<io::Result<fs::DirEntry>>> {
        Ok(fs::read_dir(self.dir.join(folder))?.collect())
    }

    fn name(&self, entry: &fs::DirEntry) -> Result<String, String> {
        let os_name = entry.file_name();
        os_name.to_str().map(str::to_string).ok_or_else(|| os_name.to_string_lossy().into_owned())
    }

    fn entry_found(&self, entry: &fs::DirEntry, rel: &str) -> Result<Found<FileId>, Box<Diagnostic>> {
        match entry.file_type() {
            Ok(kind) if kind.is_file() => entry_id(entry, rel).map(Found::File),
            Ok(kind) if kind.is_dir() => entry_id(entry, rel).map(Found::Folder),
            Ok(kind) if kind.is_symlink() => find(self, &entry.path(), rel),
            Ok(kind) => Ok(Found::Other(describe(&kind))),
            Err(e) => Err(unreadable(rel, "this path", &e)),
        }
    }

    fn same(&self, entry: &fs::DirEntry, id: &FileId) -> bool {
        fs::metadata(entry.path()).is_ok_and(|m| &FileId::of(&entry.path(), &m) == id)
    }

    fn shown(&self) -> String {
        self.dir.display().to_string()
    }
}

/// The identity of a folder entry that is not a symlink. It comes from the same kind of `stat` call as an evidence
/// path's, not from the listing's inode numbers, which some file systems (overlayfs) report differently.
fn entry_id(entry: &fs::DirEntry, rel: &str) -> Result<FileId, Box<Diagnostic>> {
    let meta = entry.metadata().map_err(|e| unreadable(rel, "this path", &e))?;
    Ok(FileId::of(&entry.path(), &meta))
}

/// How many of `paths` read and parse as `T`, on all cores: the benchmark floor's one step.
fn parse_count<T: serde::de::DeserializeOwned>(root: &Path, paths: &[String]) -> usize {
    let ok =
        crate::parallel::map(paths, 64, |rel| read_source(root, rel).is_ok_and(|file| super::yaml::parses::<T>(&file)));
    ok.into_iter().filter(|&parsed| parsed).count()
}

/// The parse-only floor of the benchmark (docs/performance.md): lists, reads and deserialises every YAML file of a
/// workspace as `load` does (same listing, reader, parser, options and threads), and validates nothing. Returns how
/// many files parsed.
#[doc(hidden)]
pub fn parse_floor(dir: &Path) -> usize {
    let Ok(root) = Root::open(dir) else { return 0 };
    let (listing, _) = listing::list(&root, &mut Diagnostics::default());
    let mut ok = parse_count::<super::raw::System>(&root.dir, &listing.systems);
    if listing.organisation == TopFile::Present {
        ok += parse_count::<super::raw::Organisation>(&root.dir, &[ORGANISATION.to_string()]);
    }
    ok += parse_count::<super::raw::AssessmentFile>(&root.dir, &listing.assessment);
    ok
}
