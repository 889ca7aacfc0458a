//! One place where a secret was found.

use std::fmt;

use serde::Serialize;

use crate::encoding::Encoding;

/// The kind of place a secret was found in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum FoundIn {
    /// The contents of a file in a layer.
    FileContent,
    /// The path of a file in a layer.
    FileName,
    /// The target of a symlink or hard link in a layer.
    LinkTarget,
    /// A PAX header record (such as an extended attribute) of a file in a layer.
    PaxHeader,
    /// An environment variable (`config.Env`).
    Env,
    /// A label key or value (`config.Labels`).
    Labels,
    /// The entrypoint (`config.Entrypoint`).
    Entrypoint,
    /// The default command (`config.Cmd`).
    Cmd,
    /// The build history (`history[i].created_by` and its siblings).
    History,
    /// Any other field of a JSON document (config, manifest, index).
    Json,
    /// The raw bytes of an archive member that is neither a layer nor JSON.
    ArchiveFile,
}

impl FoundIn {
    /// The name used in reports.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::FileContent => "file content",
            Self::FileName => "file name",
            Self::LinkTarget => "link target",
            Self::PaxHeader => "pax header",
            Self::Env => "env",
            Self::Labels => "labels",
            Self::Entrypoint => "entrypoint",
            Self::Cmd => "cmd",
            Self::History => "history",
            Self::Json => "json",
            Self::ArchiveFile => "archive file",
        }
    }
}

impl fmt::Display for FoundIn {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A secret found in an image: which secret, how encoded, and exactly where.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Hit {
    /// The id of the secret found.
    pub secret: String,
    /// How its bytes were encoded where found.
    pub encoding: Encoding,
    /// The layer's digest, `config` for the image config, or `archive` for other members.
    pub layer: String,
    /// The archive member holding it (layer blob, config file, manifest).
    pub member: String,
    /// What kind of place it was found in.
    pub found_in: FoundIn,
    /// The file path inside the layer, or the JSON pointer inside a config or manifest.
    pub path: String,
    /// Byte offset of the first occurrence inside the file, name or JSON string.
    pub offset: u64,
    /// How many times it occurs at this place.
    pub count: u64,
}
