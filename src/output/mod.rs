//! Writing files: reports, schemas, imported systems and the workspace scaffold. (Standard output is the command
//! line's business: the library never prints.) The rules, which docs/security.md states for users:
//!
//! - **Decide first.** A [`Target`] says what a path is before anything is rendered: a new or existing regular file
//!   (replaced through a temporary file and a rename), or a pipe, device or terminal (written into, never
//!   replaced). A symbolic link to a regular file is refused. A [`Guard`] refuses the files and folders a
//!   workspace loads or references.
//! - **Render everything, then persist.** A [`Batch`] stages every output of a run (a temporary file beside each
//!   file target, in memory for a stream) and only when all are rendered does [`Batch::commit`] write the streams
//!   and rename the files into place. A run that fails before the commit leaves nothing behind.
//! - **Temporary files are safe.** Each is created with an unpredictable name, exclusively (`O_EXCL`: a file or
//!   symbolic link planted at the name makes the creation fail and another name is drawn; nothing is written
//!   through it), in the target's folder, flushed to disk, and renamed onto the target. A replaced file keeps its
//!   permissions. A temporary file is removed when its run fails, unwinds, or (through the command line's signal
//!   handler and [`remove_pending`]) is interrupted.

mod guard;
mod target;

use std::collections::{BTreeSet, HashMap};
use std::fs::{self, File};
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};
use std::sync::Mutex;

pub use guard::Guard;
use target::Kind;
pub use target::Target;

/// Bytes gathered before each write to a file.
const BUFFER: usize = 256 * 1024;

/// Why a file was not written. The text names the file; for [`OutputError::Refused`] it also says what to do.
#[derive(Debug, thiserror::Error)]
pub enum OutputError {
    /// aims will not write there: the path is a workspace input or evidence, lies in a folder aims reads, leads
    /// out of the workspace through a link, is a link, a folder, or named twice.
    #[error("refusing to write {}: {reason}; {help}", path.display())]
    Refused {
        /// The path as given.
        path: PathBuf,
        /// Why, as a clause ("it is the workspace's organisation.yaml, which aims reads").
        reason: String,
        /// What to do instead.
        help: String,
    },
    /// The file system refused.
    #[error("cannot write {}: {error}", path.display())]
    Io {
        /// The path as given.
        path: PathBuf,
        /// What the file system said (part of the message, so not also its `source()`).
        error: io::Error,
    },
}

impl OutputError {
    pub(crate) fn refused(path: &Path, reason: &str, help: &str) -> OutputError {
        OutputError::Refused { path: path.to_path_buf(), reason: reason.to_string(), help: help.to_string() }
    }

    pub(crate) fn io(path: &Path, source: io::Error) -> OutputError {
        OutputError::Io { path: path.to_path_buf(), error: plain(source) }
    }
}

/// An error without the temporary file's random name that the tempfile crate adds to its messages.
fn plain(e: io::Error) -> io::Error {
    let mut source = e.get_ref().map(|inner| inner as &(dyn std::error::Error + 'static));
    while let Some(inner) = source {
        if let Some(code) = inner.downcast_ref::<io::Error>().and_then(io::Error::raw_os_error) {
            return io::Error::from_raw_os_error(code);
        }
        source = inner.source();
    }
    e
}

/// The outputs of one run, rendered but not yet in place. Dropping a batch without committing it removes its
/// temporary files and writes nothing.
#[derive(Debug, Default)]
pub struct Batch {
    /// Skip flushing each file to disk (see [`Batch::unsynced`]).
    unsynced: bool,
    staged: Vec<Staged>,
    /// The file targets staged, by [`Target::file_key`], with their paths as given.
    files: HashMap<String, PathBuf>,
}

#[derive(Debug)]
struct Staged {
    target: Target,
    content: Content,
}

#[derive(Debug)]
enum Content {
    /// A file target's temporary file, written and flushed.
    File(Pending),
    /// A stream target's bytes, written at the commit.
    Bytes(Vec<u8>),
}

impl Batch {
    /// A batch whose files are each flushed to disk before they are renamed into place, so that after a power cut
    /// a target holds the old file or the whole new one.
    pub fn new() -> Batch {
        Batch::default()
    }

    /// A batch that does not flush each file to disk: for many small files (an import of thousands of systems),
    /// where a flush costs milliseconds per file. A rename still shows readers the old file or the whole new one;
    /// after a power cut, run again.
    pub fn unsynced() -> Batch {
        Batch { unsynced: true, ..Batch::default() }
    }

    /// How many outputs are staged.
    pub fn len(&self) -> usize {
        self.staged.len()
    }

    /// Whether nothing is staged.
    pub fn is_empty(&self) -> bool {
        self.staged.is_empty()
    }

    /// Renders one output with `write`: a file target into a fresh temporary file beside it, a stream target into
    /// memory. Nothing is visible at the target until [`Batch::commit`].
    ///
    /// # Errors
    /// [`OutputError::Refused`] when the batch already has an output for the same file; [`OutputError::Io`] when
    /// the temporary file cannot be created or written, or `write` fails (its error is the source).
    pub fn stage(
        &mut self,
        target: Target,
        write: impl FnOnce(&mut dyn Write) -> io::Result<()>,
    ) -> Result<(), OutputError> {
        let key = target.file_key();
        if let Some(first) = key.as_ref().and_then(|key| self.files.get(key)) {
            return Err(OutputError::refused(
                &target.path,
                &format!("another output, {}, is the same file", first.display()),
                "give each output its own file",
            ));
        }
        let content = match &target.kind {
            Kind::File { folder, name, keep, .. } => {
                let pending =
                    Pending::create(folder, name, keep.as_ref()).map_err(|e| OutputError::io(&target.path, e))?;
                pending.fill(write, keep.as_ref(), !self.unsynced).map_err(|e| OutputError::io(&target.path, e))?;
                Content::File(pending)
            }
            Kind::Stream | Kind::Stdout | Kind::Stderr => {
                let mut bytes = Vec::new();
                write(&mut bytes).map_err(|e| OutputError::io(&target.path, e))?;
                Content::Bytes(bytes)
            }
        };
        if let Some(key) = key {
            self.files.insert(key, target.path.clone());
        }
        self.staged.push(Staged { target, content });
        Ok(())
    }

    /// Puts every staged output in place: first the streams are written (a failure there leaves every file as it
    /// was), then each temporary file is renamed onto its target.
    ///
    /// # Errors
    /// [`OutputError::Io`] naming the output that failed. When a rename fails after others succeeded, the message
    /// says how many files were already in place.
    pub fn commit(self) -> Result<(), OutputError> {
        let (mut files, mut streams) = (Vec::new(), Vec::new());
        for staged in self.staged {
            match staged.content {
                Content::File(pending) => files.push((staged.target, pending)),
                Content::Bytes(bytes) => streams.push((staged.target, bytes)),
            }
        }
        for (target, bytes) in streams {
            write_stream(&target, &bytes).map_err(|e| OutputError::io(&target.path, e))?;
        }
        let total = files.len();
        for (index, (target, pending)) in files.into_iter().enumerate() {
            if let Err(e) = pending.persist(&target.path) {
                let e = if index == 0 {
                    e
                } else {
                    io::Error::new(e.kind(), format!("{e}; {index} of {total} files were written before it"))
                };
                return Err(OutputError::io(&target.path, e));
            }
        }
        Ok(())
    }
}

/// Writes `contents` to `path` as one [`Batch`]: through a temporary file renamed into place, or into a pipe or
/// device; readers see the old file or the whole new one, never a torn one. No workspace rule is checked (see
/// [`Guard`]).
///
/// # Errors
/// [`OutputError`]: as [`Target::new`], [`Batch::stage`] and [`Batch::commit`].
pub fn write_atomic(path: &Path, contents: &str) -> Result<(), OutputError> {
    write_atomic_with(path, |out| out.write_all(contents.as_bytes()))
}

/// Like [`write_atomic`], with the contents written by `write`. When `write` fails, the temporary file is removed
/// and `path` keeps what it had.
///
/// # Errors
/// As [`write_atomic`].
pub fn write_atomic_with(path: &Path, write: impl FnOnce(&mut dyn Write) -> io::Result<()>) -> Result<(), OutputError> {
    let mut batch = Batch::new();
    batch.stage(Target::new(path)?, write)?;
    batch.commit()
}

/// Writes bytes into a pipe, device or terminal, or one of the process's own streams. A reader that went away
/// (`aims gap --output /dev/stdout | head`) ends the output quietly.
fn write_stream(target: &Target, bytes: &[u8]) -> io::Result<()> {
    let result = match target.kind {
        Kind::Stdout => {
            let mut out = io::stdout().lock();
            out.write_all(bytes).and_then(|()| out.flush())
        }
        Kind::Stderr => {
            let mut out = io::stderr().lock();
            out.write_all(bytes).and_then(|()| out.flush())
        }
        _ => open_stream(&target.path).and_then(|mut file| file.write_all(bytes).and_then(|()| file.flush())),
    };
    match result {
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => Ok(()),
        other => other,
    }
}

/// Opens an existing pipe, device or terminal for writing, creating and truncating nothing. A named pipe is opened
/// without waiting: one that nobody reads is an error, not a hang. Once open, the file must still not be a regular
/// file (it could have been swapped since it was looked at).
fn open_stream(path: &Path) -> io::Result<File> {
    let mut options = fs::OpenOptions::new();
    options.write(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(libc::O_NONBLOCK);
    }
    let file = options.open(path).map_err(|e| {
        #[cfg(unix)]
        if e.raw_os_error() == Some(libc::ENXIO) {
            return io::Error::other("it is a named pipe that nobody reads (or a socket); start its reader first");
        }
        e
    })?;
    if file.metadata()?.is_file() {
        return Err(io::Error::other("it became a regular file after aims looked at it; run again"));
    }
    #[cfg(unix)]
    blocking(&file)?;
    Ok(file)
}

/// Clears `O_NONBLOCK` (set only so that opening a pipe could not wait), so that writes wait for a slow reader.
#[cfg(unix)]
fn blocking(file: &File) -> io::Result<()> {
    use std::os::fd::AsRawFd;
    let fd = file.as_raw_fd();
    // SAFETY: `fd` is an open descriptor owned by `file` for the duration of both calls; F_GETFL and F_SETFL read
    // and set its status flags and touch no memory.
    let flags = unsafe { libc::fcntl(fd, libc::F_GETFL) };
    if flags < 0 || unsafe { libc::fcntl(fd, libc::F_SETFL, flags & !libc::O_NONBLOCK) } < 0 {
        return Err(io::Error::last_os_error());
    }
    Ok(())
}

// ----- temporary files ----------------------------------------------------------------------------------------------

/// The temporary files of this process not yet renamed into place (see [`remove_pending`]).
static PENDING: Mutex<BTreeSet<PathBuf>> = Mutex::new(BTreeSet::new());

fn pending() -> std::sync::MutexGuard<'static, BTreeSet<PathBuf>> {
    PENDING.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
}

/// Removes every temporary file this process created and has not renamed into place yet. For the command line's
/// signal handler: an interrupted run then leaves no temporary file behind. Files already renamed are not touched.
pub fn remove_pending() {
    let mut files = pending();
    for path in std::mem::take(&mut *files) {
        let _ = fs::remove_file(path);
    }
}

/// One temporary file beside its target, removed on drop unless it was renamed into place.
#[derive(Debug)]
struct Pending {
    file: Option<tempfile::NamedTempFile>,
    path: PathBuf,
}

impl Pending {
    /// Creates `.NAME.<random>.tmp` in `folder`, exclusively. On Unix it starts with the replaced file's mode (or
    /// the usual 0666 less the umask for a new file), so a private file is never readable by others, even briefly.
    fn create(folder: &Path, name: &std::ffi::OsStr, keep: Option<&fs::Permissions>) -> io::Result<Pending> {
        // Long names are shortened so that the temporary name stays within the file system's limit.
        let shown: String = name.to_string_lossy().chars().take(64).collect();
        let prefix = format!(".{shown}.");
        let mut builder = tempfile::Builder::new();
        builder.prefix(&prefix).suffix(".tmp").rand_bytes(12);
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = keep.map_or(0o666, |p| p.mode() & 0o7777);
            builder.permissions(fs::Permissions::from_mode(mode));
        }
        #[cfg(not(unix))]
        let _ = keep;
        // The registry lock is held from creation to registration, so that an interrupt cannot fall between them.
        let mut registry = pending();
        let file = builder.tempfile_in(folder)?;
        let path = file.path().to_path_buf();
        registry.insert(path.clone());
        Ok(Pending { file: Some(file), path })
    }

    /// Writes the contents, restores the replaced file's permissions exactly (the umask may have narrowed them),
    /// and flushes to disk when `sync`.
    fn fill(
        &self,
        write: impl FnOnce(&mut dyn Write) -> io::Result<()>,
        keep: Option<&fs::Permissions>,
        sync: bool,
    ) -> io::Result<()> {
        let file = self.file.as_ref().map(tempfile::NamedTempFile::as_file).ok_or_else(|| io::Error::other("gone"))?;
        #[cfg(unix)]
        if let Some(keep) = keep {
            file.set_permissions(keep.clone())?;
        }
        let mut out = BufWriter::with_capacity(BUFFER, file);
        write(&mut out)?;
        out.flush()?;
        drop(out);
        #[cfg(not(unix))]
        if let Some(keep) = keep {
            file.set_permissions(keep.clone())?;
        }
        if sync {
            file.sync_all()?;
        }
        Ok(())
    }

    /// Renames the temporary file onto `target` (replacing a file there, or a link itself, never writing through
    /// it).
    fn persist(mut self, target: &Path) -> io::Result<()> {
        let mut registry = pending();
        let file = self.file.take().ok_or_else(|| io::Error::other("gone"))?;
        registry.remove(&self.path);
        file.persist(target).map(drop).map_err(|e| e.error)
    }
}

impl Drop for Pending {
    fn drop(&mut self) {
        if let Some(file) = self.file.take() {
            pending().remove(&self.path);
            drop(file);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_failed_write_keeps_the_old_file_and_leaves_no_temporary_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("report.json");
        write_atomic(&path, "old\n").unwrap();
        let failed = write_atomic_with(&path, |out| {
            out.write_all(b"half of a new report")?;
            Err(io::Error::other("rendering stopped"))
        });
        assert!(failed.unwrap_err().to_string().ends_with(": rendering stopped"));
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "old\n");
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
        write_atomic_with(&path, |out| out.write_all(b"new\n")).unwrap();
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "new\n");
    }

    #[test]
    fn a_batch_dropped_before_its_commit_writes_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let mut batch = Batch::new();
        for name in ["a.md", "b.json"] {
            batch.stage(Target::new(&dir.path().join(name)).unwrap(), |out| out.write_all(b"text")).unwrap();
        }
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 2, "two temporary files");
        drop(batch);
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
    }

    #[cfg(unix)]
    #[test]
    fn a_replaced_file_keeps_its_permissions_and_a_new_one_follows_the_umask() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("private.md");
        std::fs::write(&path, "old").unwrap();
        std::fs::set_permissions(&path, fs::Permissions::from_mode(0o640)).unwrap();
        write_atomic(&path, "new").unwrap();
        assert_eq!(fs::metadata(&path).unwrap().permissions().mode() & 0o7777, 0o640);
        let fresh = dir.path().join("fresh.md");
        write_atomic(&fresh, "new").unwrap();
        let mode = fs::metadata(&fresh).unwrap().permissions().mode() & 0o7777;
        assert_eq!(mode & 0o600, 0o600, "readable and writable by its owner: {mode:o}");
        assert_eq!(mode & 0o111, 0, "never executable: {mode:o}");
    }
}
