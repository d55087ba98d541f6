//! A workspace held in memory: the loader's [`Source`] and [`Tree`] for [`super::from_files`]. It answers the
//! questions the disk answers in `read` (which entries a folder has, what a path is, a file's text, what an
//! evidence path names) from a list of files, so validation runs without the disk.

use std::collections::{BTreeMap, BTreeSet, HashSet};
use std::io;
use std::path::{Component, Path};

use super::bounds::MAX_FILE_BYTES;
use super::listing::{Found, Tree, too_large, unreadable};
use super::{Source, SourceFile, decode};
use crate::diagnostic::Diagnostic;
use crate::workspace::FileState;

/// The files of a workspace by normalised path (`/`-separated, no empty, `.` or `..` component); folders are the
/// paths that lead to files.
pub(super) struct Memory<'a> {
    files: BTreeMap<String, &'a [u8]>,
    /// The files the listing loads: an evidence path naming one of them is not evidence.
    inputs: HashSet<String>,
}

impl<'a> Memory<'a> {
    /// The workspace made of `files` (see [`super::from_files`] for how paths are read).
    pub fn new(files: &'a [(String, Vec<u8>)]) -> Memory<'a> {
        let mut map = BTreeMap::new();
        for (path, bytes) in files {
            let parts: Vec<&str> = path.split('/').filter(|p| !p.is_empty() && *p != ".").collect();
            if parts.is_empty() || parts.contains(&"..") {
                continue;
            }
            map.insert(parts.join("/"), bytes.as_slice());
        }
        Memory { files: map, inputs: HashSet::new() }
    }

    /// Records the files the listing found, to tell evidence from input.
    pub fn set_inputs(&mut self, inputs: HashSet<String>) {
        self.inputs = inputs;
    }

    /// Whether `rel` leads to at least one file (the workspace folder, `""`, always does).
    fn is_folder(&self, rel: &str) -> bool {
        if rel.is_empty() {
            return true;
        }
        let prefix = format!("{rel}/");
        self.files.range(prefix.clone()..).next().is_some_and(|(path, _)| path.starts_with(&prefix))
    }
}

impl Tree for Memory<'_> {
    type Id = String;
    type Entry = String;

    fn find(&self, rel: &str) -> Result<Found<String>, Box<Diagnostic>> {
        Ok(if self.files.contains_key(rel) {
            Found::File(rel.to_string())
        } else if self.is_folder(rel) {
            Found::Folder(rel.to_string())
        } else {
            Found::Missing
        })
    }

    fn entries(&self, folder: &str) -> io::Result<Vec<io::Result<String>>> {
        let prefix = if folder.is_empty() { String::new() } else { format!("{folder}/") };
        let names: BTreeSet<&str> = self
            .files
            .range(prefix.clone()..)
            .map(|(path, _)| path.as_str())
            .take_while(|path| path.starts_with(&prefix))
            .filter_map(|path| path[prefix.len()..].split('/').next())
            .collect();
        Ok(names.into_iter().map(|name| Ok(name.to_string())).collect())
    }

    fn name(&self, entry: &String) -> Result<String, String> {
        Ok(entry.clone())
    }

    fn entry_found(&self, _entry: &String, rel: &str) -> Result<Found<String>, Box<Diagnostic>> {
        self.find(rel)
    }

    fn same(&self, entry: &String, id: &String) -> bool {
        entry == id
    }

    fn shown(&self) -> String {
        ".".to_string()
    }
}

impl Source for Memory<'_> {
    fn read(&self, rel: &str) -> Result<SourceFile, Box<Diagnostic>> {
        let Some(bytes) = self.files.get(rel) else {
            return Err(unreadable(rel, "the file", &io::Error::from(io::ErrorKind::NotFound)));
        };
        if bytes.len() as u64 > MAX_FILE_BYTES {
            return Err(too_large(rel, &format!("{} MiB", bytes.len() >> 20)));
        }
        let text = decode(rel, bytes.to_vec())?;
        Ok(SourceFile { path: rel.to_string(), text })
    }

    fn evidence(&self, written: &str) -> io::Result<Option<(FileState, &'static str)>> {
        let mut parts = Vec::new();
        for component in Path::new(written).components() {
            match component {
                Component::Normal(part) => parts.push(part.to_string_lossy()),
                Component::CurDir => {}
                Component::ParentDir | Component::RootDir | Component::Prefix(_) => return Ok(None),
            }
        }
        let path = parts.join("/");
        // `policy.md/` and `policy.md/.` name a folder: a file there is not found, as on disk.
        let folder_only = matches!(written.rsplit('/').next(), Some("" | "."));
        Ok(Some(match self.files.get(path.as_str()) {
            Some(_) if folder_only => (FileState::Missing, ""),
            Some([]) => (FileState::Empty, ""),
            Some(_) if self.inputs.contains(&path) => (FileState::WorkspaceInput, ""),
            Some(_) => (FileState::Present, ""),
            None if self.is_folder(&path) => (FileState::Folder, "a folder"),
            None => (FileState::Missing, ""),
        }))
    }
}
