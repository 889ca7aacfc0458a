//! The crate's one error type.

use std::io;
use std::path::PathBuf;

use crate::compression::Compression;

/// Everything that can stop a scan: bad secrets, unreadable or malformed images.
#[derive(Debug, thiserror::Error)]
pub enum ScanError {
    /// No secret was given, so there is nothing to prove.
    #[error("no secrets to search for: give at least one --secret")]
    NoSecrets,

    /// A secret is too short to be searched without drowning in false alarms.
    #[error(
        "secret `{id}` is {len} bytes long (after trailing newlines are removed); \
         verify needs at least {min} bytes to search for it meaningfully"
    )]
    SecretTooShort {
        /// The secret's id.
        id: String,
        /// Its length after the trailing-newline rule.
        len: usize,
        /// The minimum length.
        min: usize,
    },

    /// A secret is larger than the scanner's pattern limit.
    #[error("secret `{id}` is {len} bytes long; verify searches secrets of at most {max} bytes")]
    SecretTooLong {
        /// The secret's id.
        id: String,
        /// Its length.
        len: usize,
        /// The maximum length.
        max: usize,
    },

    /// Two secrets share one id.
    #[error("secret id `{id}` is given more than once")]
    DuplicateSecretId {
        /// The repeated id.
        id: String,
    },

    /// The search automaton could not be built (a pattern limit was exceeded).
    #[error("cannot build the search automaton: {source}")]
    Automaton {
        /// The builder's reason.
        source: aho_corasick::BuildError,
    },

    /// A file or directory of the image could not be opened or listed.
    #[error("cannot open {path}: {source}")]
    Open {
        /// The path that failed.
        path: PathBuf,
        /// The operating system's reason.
        source: io::Error,
    },

    /// The image archive itself (the outer tar) could not be read.
    #[error("cannot read the image archive {input}: {source}")]
    Archive {
        /// The input's name (path or image).
        input: String,
        /// The reason.
        source: io::Error,
    },

    /// A member of the archive ends before its declared size: the input is truncated.
    #[error(
        "{input} is truncated: archive member {member} ends after {got} of its {expected} bytes"
    )]
    Truncated {
        /// The input's name.
        input: String,
        /// The member that was cut short.
        member: String,
        /// The size its header declares.
        expected: u64,
        /// The bytes actually present.
        got: u64,
    },

    /// A layer could not be decompressed or is not a valid tar stream.
    #[error("cannot read layer {member} ({compression}): {source}")]
    Layer {
        /// The archive member holding the layer.
        member: String,
        /// The compression that was detected.
        compression: Compression,
        /// The decoder's or tar reader's reason.
        source: io::Error,
    },

    /// A layer uses a format this scanner cannot read, so it cannot be proven clean.
    #[error("cannot scan layer {member}: {detail}")]
    UnsupportedLayer {
        /// The archive member holding the layer.
        member: String,
        /// What was found instead of a tar stream.
        detail: String,
    },

    /// The input holds no manifest.json or index.json, so it is not an image.
    #[error(
        "{input} is not a container image: it has neither manifest.json (docker-archive) \
         nor index.json (OCI layout)"
    )]
    NotAnImage {
        /// The input's name.
        input: String,
    },

    /// A manifest names a layer or config that the archive does not contain.
    #[error("{input} is incomplete: {referrer} lists {member}, which is not in the archive")]
    MissingMember {
        /// The input's name.
        input: String,
        /// The manifest that refers to it.
        referrer: String,
        /// The missing member.
        member: String,
    },

    /// A manifest is not in the shape its format requires.
    #[error("{input}: {member} is not a valid manifest: {reason}")]
    BadManifest {
        /// The input's name.
        input: String,
        /// The manifest member.
        member: String,
        /// What is wrong with it.
        reason: String,
    },
}
