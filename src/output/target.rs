//! What a path names before aims writes to it, and so how it is written: a regular file (new or replaced) goes
//! through a temporary file renamed into place; a pipe, a device or a terminal is written into and never replaced;
//! a symbolic link to a regular file is refused (unless it leads to the process's own standard output or error).

use std::ffi::OsString;
use std::fs::{self, Metadata, Permissions};
use std::io;
use std::path::{Component, Path, PathBuf};

use super::OutputError;

/// One place a report or file goes, decided from what is on disk before anything is rendered. Made by
/// [`super::Guard::target`] (which also checks that aims may write there) or, for paths no workspace is involved
/// in, by [`Target::new`].
#[derive(Debug)]
pub struct Target {
    /// The path as given.
    pub(super) path: PathBuf,
    /// The path with every symbolic link resolved: the real folder and the file name.
    pub(super) real: PathBuf,
    pub(super) kind: Kind,
}

/// How a target is written.
#[derive(Debug)]
pub(super) enum Kind {
    /// A new file, or an existing regular file that is replaced: written to a temporary file in `folder` (the
    /// target's own folder) and renamed onto the target. `keep` holds the replaced file's permissions.
    File { folder: PathBuf, name: OsString, keep: Option<Permissions>, exists: bool },
    /// An existing pipe, device, terminal or socket: opened without creating or truncating anything, and written.
    Stream,
    /// The process's own standard output, reached through a link such as `/dev/stdout` to the file it was
    /// redirected to.
    Stdout,
    /// The process's own standard error, likewise.
    Stderr,
}

impl Target {
    /// Looks at `path` and decides how it would be written, without checking what the file is to a workspace (see
    /// [`super::Guard`] for that).
    ///
    /// # Errors
    /// [`OutputError::Refused`]: the path names a folder, a symbolic link to a regular file or to nothing, or no
    /// file name; [`OutputError::Io`]: its folder does not exist or cannot be looked at.
    pub fn new(path: &Path) -> Result<Target, OutputError> {
        match fs::symlink_metadata(path) {
            Err(e) if is_not_found(&e) => new_file(path),
            Err(e) => Err(OutputError::io(path, e)),
            Ok(meta) if meta.file_type().is_symlink() => through_link(path),
            Ok(meta) if meta.is_file() => {
                let mut target = new_file(path)?;
                if let Kind::File { keep, exists, .. } = &mut target.kind {
                    *keep = Some(meta.permissions());
                    *exists = true;
                }
                Ok(target)
            }
            Ok(meta) if meta.is_dir() => Err(folder(path)),
            Ok(_) => Ok(Target { path: path.to_path_buf(), real: real_path(path), kind: Kind::Stream }),
        }
    }

    /// The path as given.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Whether the target is a regular file (new or replaced), written through a temporary file and a rename.
    pub fn is_file(&self) -> bool {
        matches!(self.kind, Kind::File { .. })
    }

    /// Whether a regular file is there already and would be replaced.
    pub fn exists(&self) -> bool {
        matches!(self.kind, Kind::File { exists: true, .. })
    }

    /// The key under which two targets are the same file: the real path, in lower case (on a disk that ignores
    /// case, `Report.md` and `report.md` are one file). Pipes, devices and the process's streams have none: two
    /// reports may go to `/dev/null`.
    pub(super) fn file_key(&self) -> Option<String> {
        self.is_file().then(|| lower(&self.real))
    }
}

/// A path that names no file yet, or a regular file: its folder must exist; the target is the real folder plus the
/// name.
fn new_file(path: &Path) -> Result<Target, OutputError> {
    let name = match path.components().next_back() {
        Some(Component::Normal(name)) => name.to_os_string(),
        _ => {
            return Err(OutputError::refused(path, "it names no file", "give a file name, such as report.md"));
        }
    };
    let folder = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let real_folder = folder.canonicalize().map_err(|e| OutputError::io(path, e))?;
    if !real_folder.is_dir() {
        return Err(OutputError::io(path, io::Error::from(io::ErrorKind::NotADirectory)));
    }
    Ok(Target {
        path: path.to_path_buf(),
        real: real_folder.join(&name),
        kind: Kind::File { folder, name, keep: None, exists: false },
    })
}

/// A symbolic link at the target: followed to a pipe, device or terminal (written into) or to the process's own
/// output; refused when it leads to a regular file, a folder or nothing. Replacing the link would surprise whoever
/// made it, and writing through it would write where the command line did not say: a link committed to a
/// workspace could point anywhere.
fn through_link(path: &Path) -> Result<Target, OutputError> {
    let meta = match fs::metadata(path) {
        Ok(meta) => meta,
        Err(e) if is_not_found(&e) => {
            return Err(OutputError::refused(
                path,
                "it is a symbolic link to nothing",
                "remove the link, or name another file",
            ));
        }
        Err(e) => return Err(OutputError::io(path, e)),
    };
    let real = real_path(path);
    if meta.is_dir() {
        return Err(folder(path));
    }
    if !meta.is_file() {
        return Ok(Target { path: path.to_path_buf(), real, kind: Kind::Stream });
    }
    if let Some(kind) = own_stream(&meta) {
        return Ok(Target { path: path.to_path_buf(), real, kind });
    }
    Err(OutputError::refused(
        path,
        &format!("it is a symbolic link to {}", real.display()),
        "aims does not write through links; name the real file, or remove the link",
    ))
}

fn folder(path: &Path) -> OutputError {
    OutputError::refused(path, "it is a folder", "name a file, such as report.md inside it")
}

/// The path with links resolved when possible; as given otherwise.
fn real_path(path: &Path) -> PathBuf {
    path.canonicalize().unwrap_or_else(|_| path.to_path_buf())
}

/// Which of the process's standard streams, if any, is the regular file `meta` describes.
fn own_stream(meta: &Metadata) -> Option<Kind> {
    #[cfg(unix)]
    {
        use std::os::fd::AsFd;
        use std::os::unix::fs::MetadataExt;
        let same = |fd: std::os::fd::BorrowedFd<'_>| {
            let stream = fs::File::from(fd.try_clone_to_owned().ok()?);
            let m = stream.metadata().ok()?;
            Some(m.dev() == meta.dev() && m.ino() == meta.ino())
        };
        if same(io::stdout().as_fd()) == Some(true) {
            return Some(Kind::Stdout);
        }
        if same(io::stderr().as_fd()) == Some(true) {
            return Some(Kind::Stderr);
        }
    }
    let _ = meta;
    None
}

pub(super) fn is_not_found(e: &io::Error) -> bool {
    matches!(e.kind(), io::ErrorKind::NotFound | io::ErrorKind::NotADirectory)
}

/// A path as text in lower case, to compare paths on disks that ignore case.
pub(super) fn lower(path: &Path) -> String {
    path.to_string_lossy().to_lowercase()
}
