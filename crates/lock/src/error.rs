//! What can be wrong with a lock file or a pin.

use std::path::PathBuf;

/// A lock file that cannot be used; each message says how to fix it.
#[derive(Debug, thiserror::Error)]
pub enum LockError {
    /// The lock file cannot be read.
    #[error("cannot read {}: {source}; create it with `docker-dsl lock`", path.display())]
    Read {
        /// The lock file.
        path: PathBuf,
        /// The I/O error.
        #[source]
        source: std::io::Error,
    },
    /// The lock file is not a docker-dsl lock.
    #[error("{}: not a docker-dsl lock file ({problem}); write it anew with `docker-dsl lock --update`", path.display())]
    Parse {
        /// The lock file.
        path: PathBuf,
        /// What is wrong.
        problem: String,
    },
    /// An image the file uses has no entry.
    #[error("image {image} is not in {}; run `docker-dsl lock` with the same recipe and flags to add it", path.display())]
    Missing {
        /// The image reference.
        image: String,
        /// The lock file.
        path: PathBuf,
    },
    /// A `FROM` image whose build arguments cannot be expanded.
    #[error("{reference}: {problem}")]
    Unexpandable {
        /// The line, as written (`FROM ${BASE}`, `ARG BASE=...`).
        reference: String,
        /// Why, and the fix.
        problem: String,
    },
    /// An image reference in `--from` or `from=` that uses a build argument.
    #[error("{image}: docker-dsl expands build arguments in FROM lines only; write the image in --from / from= out, or put it in a stage (FROM {image} AS name) and use that stage")]
    ArgumentInFrom {
        /// The reference as written.
        image: String,
    },
}
