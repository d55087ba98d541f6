//! Writing results: atomically to a file (temporary file in the same folder, then rename), or to stdout where a
//! closed pipe (`aims gap | head`) is not an error.

use std::io::{self, Write};
use std::path::Path;

/// Writes `contents` to `path` so that readers see either the old file or the whole new one, never a torn one.
pub fn write_atomic(path: &Path, contents: &str) -> io::Result<()> {
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
        let mut file = std::fs::File::create(&tmp)?;
        file.write_all(contents.as_bytes())?;
        file.sync_all()?;
        std::fs::rename(&tmp, path)
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result
}

/// Writes to stdout; a reader that went away (broken pipe) ends the output quietly.
pub fn print(contents: &str) -> io::Result<()> {
    let mut stdout = io::stdout().lock();
    match stdout.write_all(contents.as_bytes()).and_then(|()| stdout.flush()) {
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => Ok(()),
        other => other,
    }
}
