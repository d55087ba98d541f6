//! Where a workspace is: the folder that holds `organisation.yaml` or `aims.toml`. When no folder is named on the
//! command line, aims looks in the current folder and then in each folder above it, and uses the nearest one that
//! holds either file, as git looks for `.git` and cargo for `Cargo.toml`. So `aims gap` run from `client/systems/`
//! assesses `client/`. `aims init` uses the same walk to refuse to scaffold a workspace inside another one.

use std::path::{Path, PathBuf};

/// The files that make a folder a workspace, in the order they are looked for.
pub const MARKERS: [&str; 2] = ["organisation.yaml", "aims.toml"];

/// A workspace found by [`enclosing`]: its folder, how many levels above the starting folder it is, and the file
/// that marked it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Found {
    /// The workspace folder: the starting folder itself or one of its ancestors, spelt as an ancestor of `start`.
    pub dir: PathBuf,
    /// 0 when the starting folder is the workspace, 1 for its parent, and so on.
    pub levels_up: usize,
    /// The marker file found there ([`MARKERS`]).
    pub marker: &'static str,
}

impl Found {
    /// The workspace as a path relative to the starting folder: `.`, `..`, `../..`. Reports and messages name the
    /// workspace this way, so they hold no absolute path.
    pub fn relative(&self) -> PathBuf {
        if self.levels_up == 0 {
            return PathBuf::from(".");
        }
        std::iter::repeat_n("..", self.levels_up).collect()
    }
}

/// The marker file `dir` holds, if any: an entry named `organisation.yaml` or `aims.toml` of any type (a folder or
/// link of that name still says someone put a workspace here; the loader reports what is wrong with it).
pub fn marker(dir: &Path) -> Option<&'static str> {
    MARKERS.into_iter().find(|name| dir.join(name).symlink_metadata().is_ok())
}

/// The nearest workspace at or above `start`: `start` itself, then each parent up to the root of the file system.
/// `start` should be absolute (the current folder, or a folder with its symbolic links resolved), so that its
/// ancestors are the real parent folders; a relative `start` is only walked as far as its own components go.
pub fn enclosing(start: &Path) -> Option<Found> {
    start
        .ancestors()
        .enumerate()
        .find_map(|(levels_up, dir)| marker(dir).map(|marker| Found { dir: dir.to_path_buf(), levels_up, marker }))
}

/// The nearest workspace at or above a folder that may not exist yet (the target of `aims init`): the walk starts
/// at the deepest part of `dir` that exists, with its symbolic links resolved, so that `client/systems/new` finds
/// `client` however the path is spelt. `None` when no workspace encloses it or the existing part cannot be resolved.
pub fn enclosing_target(dir: &Path) -> Option<Found> {
    let absolute = std::path::absolute(dir).ok()?;
    let existing = absolute.ancestors().find(|a| a.exists())?;
    enclosing(&existing.canonicalize().ok()?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_nearest_folder_with_a_marker_wins() {
        let root = tempfile::tempdir().unwrap();
        let client = root.path().join("client");
        std::fs::create_dir_all(client.join("systems/deep")).unwrap();
        std::fs::write(client.join("organisation.yaml"), "name: x\n").unwrap();
        let found = enclosing(&client.join("systems/deep")).unwrap();
        assert_eq!(found.dir, client);
        assert_eq!(found.levels_up, 2);
        assert_eq!(found.marker, "organisation.yaml");
        assert_eq!(found.relative(), PathBuf::from("../.."));
        assert_eq!(enclosing(&client).unwrap().relative(), PathBuf::from("."));
    }

    #[test]
    fn aims_toml_alone_marks_a_workspace() {
        let root = tempfile::tempdir().unwrap();
        std::fs::write(root.path().join("aims.toml"), "").unwrap();
        let found = enclosing_target(&root.path().join("not/yet/created")).unwrap();
        assert_eq!(found.marker, "aims.toml");
        assert_eq!(found.levels_up, 0);
    }
}
