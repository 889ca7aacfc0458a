//! Listing an image laid out as a directory (an OCI layout, or an unpacked `docker save`).

use std::fs;
use std::path::{Path, PathBuf};

use crate::error::ScanError;

/// How deep directories are followed.
const MAX_DEPTH: usize = 32;

/// A regular file of the layout, named as an archive member.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct LayoutFile {
    /// Path relative to the layout root, with `/` separators.
    pub(crate) member: String,
    /// Where it is on disk.
    pub(crate) path: PathBuf,
    /// Its size.
    pub(crate) size: u64,
}

/// The files and symlinks of a layout directory, in a stable order.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct LayoutDir {
    /// Regular files.
    pub(crate) files: Vec<LayoutFile>,
    /// Symlinks as (member, target) pairs; they are never followed outside the layout.
    pub(crate) links: Vec<(String, String)>,
}

impl LayoutDir {
    /// Lists `root` recursively.
    pub(crate) fn list(root: &Path) -> Result<Self, ScanError> {
        let mut dir = Self::default();
        dir.walk(root, "", 0)?;
        Ok(dir)
    }

    /// The total size of the regular files.
    pub(crate) fn total_size(&self) -> u64 {
        self.files.iter().map(|f| f.size).sum()
    }

    /// Whether a member with this name exists.
    pub(crate) fn has(&self, member: &str) -> bool {
        self.files.iter().any(|f| f.member == member)
    }

    fn walk(&mut self, dir: &Path, prefix: &str, depth: usize) -> Result<(), ScanError> {
        let open_err = |path: &Path| {
            let path = path.to_path_buf();
            move |source| ScanError::Open { path, source }
        };
        let mut entries = fs::read_dir(dir)
            .map_err(open_err(dir))?
            .collect::<Result<Vec<_>, _>>()
            .map_err(open_err(dir))?;
        entries.sort_by_key(fs::DirEntry::file_name);
        for entry in entries {
            let path = entry.path();
            let name = entry.file_name().to_string_lossy().into_owned();
            let member = format!("{prefix}{name}");
            let meta = fs::symlink_metadata(&path).map_err(open_err(&path))?;
            if meta.file_type().is_symlink() {
                let target = fs::read_link(&path).map_err(open_err(&path))?;
                self.links
                    .push((member, target.to_string_lossy().into_owned()));
            } else if meta.is_dir() {
                if depth < MAX_DEPTH {
                    self.walk(&path, &format!("{member}/"), depth + 1)?;
                }
            } else if meta.is_file() {
                self.files.push(LayoutFile {
                    member,
                    path,
                    size: meta.len(),
                });
            }
        }
        Ok(())
    }
}
