//! Locating an image's members on disk: the files of a directory (an OCI layout, or an
//! unpacked `docker save`), or the members of an uncompressed tarball, so they can be read in
//! any order and on several threads.

use std::fs::{self, File};
use std::path::{Path, PathBuf};

use crate::catalog::{link_destination, normalize_member, resolve_relative};
use crate::error::ScanError;
use crate::member_scan::archive_error;
use crate::tar_guard::{GuardedReader, MetadataBudget};

/// How deep directories are followed.
const MAX_DEPTH: usize = 32;

/// A member's bytes on disk, named as an archive member.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct LayoutFile {
    /// Path relative to the layout root, with `/` separators.
    pub(crate) member: String,
    /// The file that holds it.
    pub(crate) path: PathBuf,
    /// Where its bytes start in that file.
    pub(crate) offset: u64,
    /// Its size.
    pub(crate) size: u64,
}

/// The members of an image on disk and the links between them, in a stable order.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct LayoutDir {
    /// Regular files, in directory or archive order.
    pub(crate) files: Vec<LayoutFile>,
    /// Links as (member, member it resolves to); they never lead outside the image.
    pub(crate) links: Vec<(String, String)>,
}

impl LayoutDir {
    /// Lists `root` recursively.
    pub(crate) fn list(root: &Path) -> Result<Self, ScanError> {
        let mut dir = Self::default();
        dir.walk(root, "", 0)?;
        Ok(dir)
    }

    /// Lists the members of the uncompressed tarball at `path` (named `input` in messages)
    /// by reading its headers and seeking over the contents.
    pub(crate) fn index_tar(path: &Path, input: &str) -> Result<Self, ScanError> {
        let file = File::open(path).map_err(|source| ScanError::Open {
            path: path.to_path_buf(),
            source,
        })?;
        let budget = MetadataBudget::default();
        let mut archive = tar::Archive::new(GuardedReader::new(file, &budget));
        let mut entries = archive
            .entries_with_seek()
            .map_err(|e| archive_error(input, e))?;
        let mut dir = Self::default();
        while let Some(entry) = budget.capped(|| entries.next()) {
            let entry = entry.map_err(|e| archive_error(input, e))?;
            let member = normalize_member(&String::from_utf8_lossy(&entry.path_bytes()));
            let kind = entry.header().entry_type();
            if kind.is_file() || kind == tar::EntryType::Continuous {
                dir.files.push(LayoutFile {
                    member,
                    path: path.to_path_buf(),
                    offset: entry.raw_file_position(),
                    size: entry.size(),
                });
            } else if let Some(destination) = link_destination(&entry, &member) {
                dir.links.push((member, destination));
            }
        }
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
                let resolved = resolve_relative(&member, &target.to_string_lossy());
                self.links.push((member, resolved));
            } else if meta.is_dir() {
                if depth < MAX_DEPTH {
                    self.walk(&path, &format!("{member}/"), depth + 1)?;
                }
            } else if meta.is_file() {
                self.files.push(LayoutFile {
                    member,
                    path,
                    offset: 0,
                    size: meta.len(),
                });
            }
        }
        Ok(())
    }
}
