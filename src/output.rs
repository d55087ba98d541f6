//! Writing results atomically to a file: a temporary file in the same folder, then a rename. The writer takes a
//! function that writes into a buffered stream, so a large report goes to its file as it is rendered instead of
//! being built in memory first. (Standard output is the command line's business: the library never prints.)

use std::io::{self, BufWriter, Write};
use std::path::Path;

/// Bytes gathered before each write to the file.
const BUFFER: usize = 256 * 1024;

/// Writes `contents` to `path` so that readers see either the old file or the whole new one, never a torn one.
pub fn write_atomic(path: &Path, contents: &str) -> io::Result<()> {
    write_atomic_with(path, |out| out.write_all(contents.as_bytes()))
}

/// Like [`write_atomic`], with the contents written by `write`. When `write` fails, the temporary file is removed
/// and `path` keeps what it had.
pub fn write_atomic_with(path: &Path, write: impl FnOnce(&mut dyn Write) -> io::Result<()>) -> io::Result<()> {
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    let name = path.file_name().ok_or_else(|| io::Error::other("the output path names no file"))?;
    let mut tmp_name = std::ffi::OsString::from(".");
    tmp_name.push(name);
    tmp_name.push(format!(".aims-{}.tmp", std::process::id()));
    let tmp = dir.join(tmp_name);
    let result = (|| {
        let mut out = BufWriter::with_capacity(BUFFER, std::fs::File::create(&tmp)?);
        write(&mut out)?;
        let file = out.into_inner().map_err(io::IntoInnerError::into_error)?;
        file.sync_all()?;
        std::fs::rename(&tmp, path)
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result
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
        assert_eq!(failed.unwrap_err().to_string(), "rendering stopped");
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "old\n");
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
        write_atomic_with(&path, |out| out.write_all(b"new\n")).unwrap();
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "new\n");
    }
}
