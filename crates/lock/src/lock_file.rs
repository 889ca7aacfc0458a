//! The lock file's format.

use std::collections::BTreeMap;
use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::error::LockError;

/// Where `docker-dsl lock` writes and `render --locked` reads by default.
pub const DEFAULT_LOCK_FILE: &str = "docker-dsl.lock";

/// The format version written.
const VERSION: u32 = 1;

/// `docker-dsl.lock`: `{"version": 1, "images": {REFERENCE: {...}}}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LockFile {
    version: u32,
    /// Image reference, as the Dockerfile writes it, to what it resolved to.
    pub images: BTreeMap<String, LockedImage>,
}

/// What one image reference resolved to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LockedImage {
    /// The digest `image@digest` pins: the manifest list's for a
    /// multi-platform image, else the image manifest's.
    pub digest: String,
    /// Platform to the digest of its image manifest.
    pub platforms: BTreeMap<String, String>,
}

impl LockedImage {
    /// The platform of an image built for one platform only (its manifest
    /// is the pinned digest, and the one platform recorded); `None` for a
    /// multi-platform image.
    pub fn single_platform(&self) -> Option<&str> {
        match self.platforms.iter().collect::<Vec<_>>()[..] {
            [(platform, digest)] if *digest == self.digest => Some(platform),
            _ => None,
        }
    }
}

impl Default for LockFile {
    fn default() -> Self {
        LockFile {
            version: VERSION,
            images: BTreeMap::new(),
        }
    }
}

impl LockFile {
    /// Reads `path`.
    pub fn read(path: &Path) -> Result<LockFile, LockError> {
        let text = std::fs::read_to_string(path).map_err(|source| LockError::Read {
            path: path.to_path_buf(),
            source,
        })?;
        let lock: LockFile = serde_json::from_str(&text).map_err(|e| LockError::Parse {
            path: path.to_path_buf(),
            problem: e.to_string(),
        })?;
        if lock.version != VERSION {
            return Err(LockError::Parse {
                path: path.to_path_buf(),
                problem: format!(
                    "version {} (this docker-dsl writes {VERSION})",
                    lock.version
                ),
            });
        }
        let bad_digest = lock.images.iter().find(|(_, locked)| {
            std::iter::once(&locked.digest)
                .chain(locked.platforms.values())
                .any(|d| !is_digest(d))
        });
        if let Some((image, _)) = bad_digest {
            return Err(LockError::Parse {
                path: path.to_path_buf(),
                problem: format!(
                    "the entry for {image} holds a digest that is not sha256: and 64 hex digits"
                ),
            });
        }
        Ok(lock)
    }

    /// The file as pretty JSON with a final newline.
    pub fn to_json(&self) -> String {
        let mut text = serde_json::to_string_pretty(self).unwrap_or_default();
        text.push('\n');
        text
    }
}

fn is_digest(text: &str) -> bool {
    text.strip_prefix("sha256:")
        .is_some_and(|hex| hex.len() == 64 && hex.bytes().all(|b| b.is_ascii_hexdigit()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn image(digest: &str, platforms: &[(&str, &str)]) -> LockedImage {
        LockedImage {
            digest: digest.to_owned(),
            platforms: platforms
                .iter()
                .map(|(p, d)| ((*p).to_owned(), (*d).to_owned()))
                .collect(),
        }
    }

    #[test]
    fn only_an_image_manifest_with_one_platform_is_single_platform() {
        let single = image("sha256:a", &[("linux/arm64", "sha256:a")]);
        assert_eq!(single.single_platform(), Some("linux/arm64"));
        // a manifest list locked for one of its platforms
        let list_part = image("sha256:list", &[("linux/amd64", "sha256:a")]);
        assert_eq!(list_part.single_platform(), None);
        let list = image(
            "sha256:list",
            &[("linux/amd64", "sha256:a"), ("linux/arm64", "sha256:b")],
        );
        assert_eq!(list.single_platform(), None);
    }
}
