//! Reading a file named on the command line: a JSON report (`aims diff`), a committed report (`aims gap --check`),
//! a CSV inventory and an import mapping. The workspace's own files are read by [`crate::load`] under its bounds;
//! these follow the same rules with bounds of their own:
//!
//! - only a regular file is read (after following symbolic links: the command line is trusted to name files);
//! - it is opened without waiting, so a named pipe is refused at once instead of stalling the run, and checked
//!   again once open;
//! - never more than a documented number of bytes is read, whatever size the file system reports (a device
//!   reports 0).

use std::fs::{self, File};
use std::io::{self, Read};
use std::path::Path;

/// Largest JSON report `aims diff` reads (512 MiB): the report of a ten-thousand-system workspace is far smaller.
pub const MAX_REPORT_BYTES: u64 = 512 * 1024 * 1024;

/// Largest CSV inventory `aims import csv` reads (256 MiB): the whole 2025 US federal inventory (3,611 rows) is
/// about 4 MB. The import streams the rows, so memory stays near the size of one row whatever the file's size.
pub const MAX_CSV_BYTES: u64 = 256 * 1024 * 1024;

/// Largest import mapping read (1 MiB): a mapping is a few kilobytes.
pub const MAX_MAPPING_BYTES: u64 = 1024 * 1024;

/// Opens `path` for reading if it is a regular file.
///
/// # Errors
/// The file system's error, or an error saying what the path is when it is not a regular file.
pub fn open(path: &Path) -> io::Result<File> {
    let meta = fs::metadata(path)?;
    if !meta.is_file() {
        return Err(not_a_file(&meta));
    }
    let mut options = fs::OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        // Opening a named pipe for reading waits for a writer; without blocking it returns at once. Reads from a
        // regular file are not affected.
        options.custom_flags(libc::O_NONBLOCK);
    }
    let file = options.open(path)?;
    let meta = file.metadata()?;
    if !meta.is_file() {
        return Err(not_a_file(&meta));
    }
    Ok(file)
}

/// Reads the whole of `path`, refusing a file larger than `max` bytes (before reading it when the file system
/// reports its size, while reading otherwise).
///
/// # Errors
/// As [`open`]; a file larger than `max` is an error of kind [`io::ErrorKind::FileTooLarge`].
pub fn read(path: &Path, max: u64) -> io::Result<Vec<u8>> {
    let mut bytes = Vec::new();
    bounded(path, max)?.read_to_end(&mut bytes)?;
    Ok(bytes)
}

/// Reads the whole of `path` as UTF-8 text (a UTF-8 byte order mark is dropped), refusing a file larger than `max`.
///
/// # Errors
/// As [`read`]; text that is not UTF-8 is an error of kind [`io::ErrorKind::InvalidData`].
pub fn read_to_string(path: &Path, max: u64) -> io::Result<String> {
    let mut bytes = read(path, max)?;
    if bytes.starts_with(&[0xEF, 0xBB, 0xBF]) {
        bytes.drain(..3);
    }
    String::from_utf8(bytes).map_err(|_| io::Error::new(io::ErrorKind::InvalidData, "the file is not UTF-8 text"))
}

/// Reads at most `max` bytes of `path`; the flag says whether that was the whole file. For a comparison with a
/// text of known length: a longer file differs anyway, so no more of it is needed.
///
/// # Errors
/// As [`open`].
pub fn read_prefix(path: &Path, max: u64) -> io::Result<(Vec<u8>, bool)> {
    let mut bytes = Vec::new();
    open(path)?.take(max.saturating_add(1)).read_to_end(&mut bytes)?;
    let whole = bytes.len() as u64 <= max;
    bytes.truncate(usize::try_from(max).unwrap_or(usize::MAX).min(bytes.len()));
    Ok((bytes, whole))
}

/// A reader of `path` that fails with [`io::ErrorKind::FileTooLarge`] as soon as more than `max` bytes would be
/// read, for files read as a stream (a CSV inventory).
///
/// # Errors
/// As [`open`].
pub fn bounded(path: &Path, max: u64) -> io::Result<Bounded<File>> {
    let file = open(path)?;
    if file.metadata()?.len() > max {
        return Err(too_large(max));
    }
    Ok(Bounded { inner: file.take(max.saturating_add(1)), max, read: 0 })
}

/// See [`bounded`].
#[derive(Debug)]
pub struct Bounded<R> {
    inner: io::Take<R>,
    max: u64,
    read: u64,
}

impl<R: Read> Read for Bounded<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.read += n as u64;
        if self.read > self.max {
            return Err(too_large(self.max));
        }
        Ok(n)
    }
}

/// The error for a file over its bound.
pub fn too_large(max: u64) -> io::Error {
    let size = if max >= 1024 * 1024 { format!("{} MiB", max >> 20) } else { format!("{} KiB", max >> 10) };
    io::Error::new(io::ErrorKind::FileTooLarge, format!("the file is larger than {size}, the most aims reads from it"))
}

fn not_a_file(meta: &fs::Metadata) -> io::Error {
    let kind = meta.file_type();
    let is = if kind.is_dir() {
        "a folder"
    } else {
        #[cfg(unix)]
        {
            use std::os::unix::fs::FileTypeExt;
            if kind.is_fifo() {
                "a named pipe (FIFO)"
            } else if kind.is_char_device() || kind.is_block_device() {
                "a device"
            } else if kind.is_socket() {
                "a socket"
            } else {
                "not a regular file"
            }
        }
        #[cfg(not(unix))]
        {
            "not a regular file"
        }
    };
    io::Error::new(io::ErrorKind::InvalidInput, format!("it is {is}, not a regular file"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_over_the_bound_is_refused_and_one_at_it_is_read() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("f.json");
        std::fs::write(&path, "0123456789").unwrap();
        assert_eq!(read(&path, 10).unwrap().len(), 10);
        let e = read(&path, 9).unwrap_err();
        assert_eq!(e.kind(), io::ErrorKind::FileTooLarge);
        assert_eq!(read_prefix(&path, 4).unwrap(), (b"0123".to_vec(), false));
        assert_eq!(read_prefix(&path, 10).unwrap(), (b"0123456789".to_vec(), true));
    }

    #[test]
    fn a_folder_is_not_read() {
        let dir = tempfile::tempdir().unwrap();
        let e = read(dir.path(), 10).unwrap_err();
        assert_eq!(e.to_string(), "it is a folder, not a regular file");
    }

    #[cfg(unix)]
    #[test]
    fn a_device_that_never_ends_is_refused_without_reading() {
        let e = read(Path::new("/dev/zero"), 10).unwrap_err();
        assert_eq!(e.to_string(), "it is a device, not a regular file");
    }
}
