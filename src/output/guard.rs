//! What aims may not write onto. A workspace's files are its input, and a report written over one of them (or among
//! its evidence) would destroy what it reports on; a link committed to a workspace must not lead a write out of it.
//! Every rule is judged on the path with symbolic links resolved and in lower case (a disk that ignores case makes
//! `Organisation.YAML` the same file), and, for a file that exists, by its identity on disk (device and inode on
//! Unix), so that no other spelling of a protected file gets through.

use std::cell::OnceCell;
use std::collections::{HashMap, HashSet};
use std::fs;
use std::path::{Component, Path, PathBuf};

use super::OutputError;
use super::target::{Kind, Target, is_not_found, lower};
use crate::workspace::Workspace;

/// The files and folders aims reads at the top of every workspace, by name (present or not: a report written as
/// `assessment.yaml` would be read as one next time).
const FIXED_FILES: [&str; 3] = ["aims.toml", "organisation.yaml", "assessment.yaml"];
/// The folders aims reads (`systems/`, `assessment/`) or that hold what the organisation produced (`evidence/`).
const FOLDERS: [&str; 3] = ["systems", "assessment", "evidence"];
/// A folder holding one of these is a workspace, protected even when the command does not name it.
const MARKERS: [&str; 2] = ["organisation.yaml", "aims.toml"];

const HELP: &str = "write reports elsewhere, e.g. reports/";

/// The rules for writing around workspaces (see the module documentation of [`super`]). [`Guard::target`] is the
/// one check; a guard without any workspace still protects every workspace a path lies in (a folder holding
/// `organisation.yaml` or `aims.toml`), by the names and folders aims reads.
#[derive(Debug, Default)]
pub struct Guard {
    workspaces: Vec<Protected>,
    /// Folders the command reads (such as `--template-dir`): real path in lower case, and the path as given.
    read_folders: Vec<(PathBuf, String)>,
}

/// What is a file: a workspace input (by its workspace-relative path) or an evidence path the workspace references.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Role {
    Input,
    Evidence,
}

/// One workspace's protected files and folders.
#[derive(Debug)]
struct Protected {
    /// The folder as the command line gave it, absolute, with `.` and `..` taken lexically (in lower case).
    given: PathBuf,
    /// The folder with links resolved.
    real: PathBuf,
    /// Protected files in the order added: the workspace-relative path, what it is, and where it resolves.
    files: Vec<(String, Role, Place)>,
    /// The real folders of the protected files, each once (see [`Place::Folder`]).
    resolved: Vec<PathBuf>,
    /// The real folders of the protected files in lower case: a target in none of them cannot be one of the files
    /// by name, and [`Protected::by_name`] is not built.
    file_folders: HashSet<PathBuf>,
    /// Protected files by real path in lower case: the workspace-relative path and what it is (the last file added
    /// wins). Built on the first target that lies in one of `file_folders`.
    by_name: OnceCell<HashMap<PathBuf, (String, Role)>>,
    /// Their identities on disk are read only when a target exists (see [`Protected::ids`]), since a target that
    /// does not exist cannot be another spelling of a file.
    /// The identities of the protected files that exist, read once, on the first target that exists.
    ids: OnceCell<HashMap<FileKey, (String, Role)>>,
    /// Folders nothing is written into, by real path in lower case, with their names.
    folders: Vec<(PathBuf, &'static str)>,
}

/// A file's identity on disk.
type FileKey = (u64, u64);

/// Where a protected file resolves: its own name in one of [`Protected::resolved`] (by index), or a path resolved
/// whole (a relative path with `.` or `..` in it, or without a name).
#[derive(Debug)]
enum Place {
    Folder(usize),
    Whole(PathBuf),
}

impl Guard {
    /// A guard that protects only the workspaces a target lies in (see [`Guard`]).
    pub fn new() -> Guard {
        Guard::default()
    }

    /// Protects the workspace in `dir`: its fixed files and folders, every file it loads and every evidence path
    /// it references (from `workspace`, when it loaded), and the rule that a path inside the workspace must stay
    /// inside it once links are resolved. A folder that cannot be resolved adds nothing (nothing can be written
    /// there either).
    pub fn workspace(mut self, dir: &Path, workspace: Option<&Workspace>) -> Guard {
        let Ok(real) = dir.canonicalize() else { return self };
        let mut protected = Protected::fixed(&real);
        protected.given = PathBuf::from(lower(&lexical(dir)));
        if let Some(ws) = workspace {
            // Thousands of files lie in a few folders: each folder is resolved once.
            let mut folders = HashMap::new();
            let inputs =
                ws.systems.iter().map(|s| &s.location.file).chain(ws.entries.values().map(|e| &e.location.file));
            for rel in inputs {
                protected.add_cached(&real, rel, Role::Input, &mut folders);
            }
            let evidence = ws
                .systems
                .iter()
                .flat_map(|s| s.evidence.values())
                .chain(ws.entries.values().flat_map(|e| e.evidence.iter()))
                .filter_map(|e| e.file.as_deref());
            // Many records name the same few documents (each system's file names one per kind): each path is
            // protected once, not once per record.
            let mut seen = std::collections::HashSet::new();
            for rel in evidence {
                if seen.insert(rel) {
                    protected.add_cached(&real, rel, Role::Evidence, &mut folders);
                }
            }
        }
        self.workspaces.push(protected);
        self
    }

    /// Protects a folder the command reads, such as `--template-dir`: nothing is written inside it.
    pub fn read_folder(mut self, dir: &Path) -> Guard {
        if let Ok(real) = dir.canonicalize() {
            self.read_folders.push((PathBuf::from(lower(&real)), dir.display().to_string()));
        }
        self
    }

    /// Decides how `path` is written ([`Target::new`]) and checks that aims may write there.
    ///
    /// # Errors
    /// [`OutputError::Refused`] with the reason and what to do: the path is (by any spelling or link) a file a
    /// workspace loads or references, lies in its `systems/`, `assessment/` or `evidence/` folder or in a folder
    /// the command reads, leads out of the workspace through a link, or is a pipe or device inside a workspace;
    /// and the errors of [`Target::new`].
    pub fn target(&self, path: &Path) -> Result<Target, OutputError> {
        let target = Target::new(path)?;
        self.check(&target)?;
        Ok(target)
    }

    /// Checks a folder that files will be written into (and that may not exist yet), by the folder rules.
    ///
    /// # Errors
    /// [`OutputError::Refused`] as [`Guard::target`].
    pub fn folder(&self, dir: &Path) -> Result<(), OutputError> {
        let real = resolve(dir);
        let key = PathBuf::from(lower(&real));
        let enclosing = enclosing(&real, &self.workspaces);
        for ws in self.workspaces.iter().chain(&enclosing) {
            ws.check_folder(dir, &key)?;
        }
        self.check_read_folders(dir, &key)
    }

    fn check(&self, target: &Target) -> Result<(), OutputError> {
        let key = PathBuf::from(lower(&target.real));
        let folder = target.real.parent().unwrap_or(&target.real);
        let id = match target.kind {
            Kind::File { exists: true, .. } => fs::metadata(&target.path).ok().and_then(|m| file_key(&m)),
            _ => None,
        };
        let given = PathBuf::from(lower(&lexical(&target.path)));
        let enclosing = enclosing(folder, &self.workspaces);
        for ws in self.workspaces.iter().chain(&enclosing) {
            ws.check(target, &key, id, &given)?;
        }
        let folder_key = key.parent().map(Path::to_path_buf).unwrap_or_default();
        self.check_read_folders(&target.path, &folder_key)
    }

    fn check_read_folders(&self, path: &Path, folder_key: &Path) -> Result<(), OutputError> {
        match self.read_folders.iter().find(|(real, _)| folder_key.starts_with(real)) {
            Some((_, shown)) => Err(OutputError::refused(
                path,
                &format!("it is inside {shown}, which this command reads"),
                "write it elsewhere",
            )),
            None => Ok(()),
        }
    }
}

impl Protected {
    /// The fixed names and folders of the workspace whose real folder is `real`.
    fn fixed(real: &Path) -> Protected {
        let mut protected = Protected {
            given: PathBuf::from(lower(real)),
            real: real.to_path_buf(),
            files: Vec::new(),
            resolved: Vec::new(),
            file_folders: HashSet::new(),
            by_name: OnceCell::new(),
            ids: OnceCell::new(),
            folders: Vec::new(),
        };
        for name in FIXED_FILES {
            protected.add(real, name, Role::Input);
        }
        for name in FOLDERS {
            let path = real.join(name);
            protected.folders.push((PathBuf::from(lower(&path)), name));
            // A folder that is a link inside the workspace (systems -> inventory) protects where it leads too.
            if let Ok(target) = path.canonicalize()
                && target != path
            {
                protected.folders.push((PathBuf::from(lower(&target)), name));
            }
        }
        protected
    }

    /// Protects the file at workspace-relative `rel`: by name (where it is, or would be), and by identity when it
    /// exists.
    fn add(&mut self, real: &Path, rel: &str, role: Role) {
        self.add_cached(real, rel, role, &mut HashMap::new());
    }

    /// [`Protected::add`] with the folders already resolved (`folders`: the index in [`Protected::resolved`] of
    /// each folder part of a relative path seen). The name protected is the file's folder resolved and the file's
    /// own name: a file that is itself a link is caught by its identity, which is that of the file the link leads
    /// to. Only the folder is resolved here; the name in lower case is made when a target needs it.
    fn add_cached(&mut self, real: &Path, rel: &str, role: Role, folders: &mut HashMap<String, usize>) {
        let plain = Path::new(rel).components().all(|c| matches!(c, Component::Normal(_)));
        let place = match (plain, Path::new(rel).file_name()) {
            // Only names: the folder is `real` joined with the part before the last `/`, whatever its spelling.
            (true, Some(_)) => {
                let folder = Path::new(rel).parent().and_then(Path::to_str).unwrap_or_default();
                let at = match folders.get(folder) {
                    Some(&at) => at,
                    None => {
                        let path = lexical(&real.join(rel));
                        let resolved = resolve(path.parent().unwrap_or(&path));
                        self.file_folders.insert(PathBuf::from(lower(&resolved)));
                        self.resolved.push(resolved);
                        folders.insert(folder.to_string(), self.resolved.len() - 1);
                        self.resolved.len() - 1
                    }
                };
                Place::Folder(at)
            }
            _ => {
                let path = lexical(&real.join(rel));
                let resolved = match (path.parent(), path.file_name()) {
                    (Some(parent), Some(name)) => resolve(parent).join(name),
                    _ => resolve(&path),
                };
                let key = PathBuf::from(lower(&resolved));
                self.file_folders.insert(key.parent().map(Path::to_path_buf).unwrap_or(key));
                Place::Whole(resolved)
            }
        };
        self.files.push((rel.to_string(), role, place));
    }

    /// The protected file whose real path in lower case is `key`, if any.
    fn by_name(&self, key: &Path) -> Option<&(String, Role)> {
        if !self.file_folders.contains(key.parent().unwrap_or(key)) {
            return None;
        }
        let files = self.by_name.get_or_init(|| {
            let mut files = HashMap::with_capacity(self.files.len());
            for (rel, role, place) in &self.files {
                let resolved = match place {
                    Place::Folder(at) => self.resolved[*at].join(Path::new(rel).file_name().unwrap_or_default()),
                    Place::Whole(path) => path.clone(),
                };
                files.insert(PathBuf::from(lower(&resolved)), (rel.clone(), *role));
            }
            files
        });
        files.get(key)
    }

    /// The identities of the protected files that exist, keyed to their workspace-relative paths (the first file
    /// added wins). Thousands of files are looked up on all cores.
    fn ids(&self) -> &HashMap<FileKey, (String, Role)> {
        self.ids.get_or_init(|| {
            let real = &self.real;
            let keys = crate::parallel::map(&self.files, 256, |(rel, _, _)| {
                fs::metadata(real.join(rel)).ok().and_then(|meta| file_key(&meta))
            });
            let mut ids = HashMap::new();
            for ((rel, role, _), key) in self.files.iter().zip(keys) {
                if let Some(key) = key {
                    ids.entry(key).or_insert_with(|| (rel.clone(), *role));
                }
            }
            ids
        })
    }

    /// The rules for one target: `key` is its real path in lower case, `id` its identity when it exists, `given`
    /// its path as given (absolute, lexical, lower case).
    fn check(&self, target: &Target, key: &Path, id: Option<FileKey>, given: &Path) -> Result<(), OutputError> {
        let path = &target.path;
        let found = self.by_name(key).or_else(|| id.and_then(|id| self.ids().get(&id)));
        if let Some((rel, role)) = found {
            let reason = match role {
                Role::Input => format!("it is the workspace's {rel}, which aims reads"),
                Role::Evidence => format!("it is {rel}, evidence the workspace references"),
            };
            return Err(OutputError::refused(path, &reason, HELP));
        }
        let folder = key.parent().unwrap_or(key);
        self.check_folder(path, folder)?;
        let real_root = PathBuf::from(lower(&self.real));
        let inside = folder.starts_with(&real_root);
        if !inside && (given.starts_with(&self.given) || given.starts_with(&real_root)) {
            return Err(OutputError::refused(
                path,
                &format!("it lies in the workspace, but a symbolic link leads it to {}", target.real.display()),
                "aims writes into a workspace only where its folders really are; name the real folder, or remove the link",
            ));
        }
        if inside && !target.is_file() {
            return Err(OutputError::refused(
                path,
                "it is a pipe, device or socket inside the workspace",
                "name a regular file, or write to standard output",
            ));
        }
        Ok(())
    }

    /// Refuses a folder that is, or lies in, one of the workspace's protected folders.
    fn check_folder(&self, path: &Path, folder_key: &Path) -> Result<(), OutputError> {
        match self.folders.iter().find(|(real, _)| folder_key.starts_with(real)) {
            Some((_, name)) => Err(OutputError::refused(
                path,
                &format!(
                    "it is inside the workspace's {name}/ folder, which {}",
                    if *name == "evidence" { "holds what the organisation produced" } else { "aims reads" }
                ),
                HELP,
            )),
            None => Ok(()),
        }
    }
}

/// The workspaces (folders holding `organisation.yaml` or `aims.toml`) that `folder` (a real path) lies in, other
/// than those already protected.
fn enclosing(folder: &Path, known: &[Protected]) -> Vec<Protected> {
    folder
        .ancestors()
        .filter(|dir| !known.iter().any(|k| k.real == *dir))
        .filter(|dir| MARKERS.iter().any(|m| fs::symlink_metadata(dir.join(m)).is_ok()))
        .map(Protected::fixed)
        .collect()
}

/// The identity of a file: device and inode on Unix; elsewhere none (the real path in lower case decides).
fn file_key(meta: &fs::Metadata) -> Option<FileKey> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        Some((meta.dev(), meta.ino()))
    }
    #[cfg(not(unix))]
    {
        let _ = meta;
        None
    }
}

/// `path` made absolute against the current folder, with `.` and `..` taken lexically (links not followed).
fn lexical(path: &Path) -> PathBuf {
    let absolute = if path.is_absolute() {
        path.to_path_buf()
    } else {
        std::env::current_dir().map(|cwd| cwd.join(path)).unwrap_or_else(|_| path.to_path_buf())
    };
    let mut out = PathBuf::new();
    for component in absolute.components() {
        match component {
            Component::CurDir => {}
            Component::ParentDir => {
                out.pop();
            }
            other => out.push(other),
        }
    }
    out
}

/// `path` with links resolved as far as it exists: the deepest existing ancestor made real, the rest appended
/// lexically.
fn resolve(path: &Path) -> PathBuf {
    let path = lexical(path);
    let mut rest = Vec::new();
    let mut base = path.as_path();
    loop {
        match base.canonicalize() {
            Ok(real) => {
                let mut out = real;
                for part in rest.iter().rev() {
                    out.push(part);
                }
                return out;
            }
            Err(e) if is_not_found(&e) => match (base.parent(), base.file_name()) {
                (Some(parent), Some(name)) => {
                    rest.push(name.to_os_string());
                    base = parent;
                }
                _ => return path.clone(),
            },
            Err(_) => return path.clone(),
        }
    }
}
