//! Proves that secrets never landed in a container image.
//!
//! [`Verifier`] reads an image — a `docker save` stream or file (docker-archive, including the
//! newer layout with an OCI `blobs/` tree), an OCI layout tarball or directory — with bounded
//! memory: a stream in one pass, a file or directory one layer per thread on every core. Each
//! layer is decompressed as a stream (gzip, zstd, xz or bzip2, recognised by magic bytes) and
//! every file's contents, name, link target and PAX records are searched, as are the files
//! inside the archives and compressed files a layer holds (tar, zip, gzip, bzip2, xz, zstd,
//! within [`Limits`]), all strings of the image config (env, labels, entrypoint, cmd,
//! history) and of the manifests. Each secret is searched raw, as base64 and base64url at
//! every alignment (line breaks allowed), as hex in any case, percent-encoded, JSON-escaped
//! and as UTF-16LE, by SIMD needle searchers that run over the data once.

mod catalog;
mod collector;
mod compression;
mod encoding;
mod error;
mod hit;
mod image_scan;
mod json_fields;
mod layer;
mod layout_dir;
mod member_scan;
mod parallel;
mod patterns;
mod progress;
mod report;
mod secret;
mod spelling;
mod stream_search;
mod tar_guard;
mod truncation;
mod verifier;

pub use compression::Compression;
pub use encoding::Encoding;
pub use error::ScanError;
pub use hit::{FoundIn, Hit};
pub use layer::Limits;
pub use progress::{NoProgress, Progress};
pub use report::{LayerSummary, Report};
pub use secret::{Secret, MAX_SECRET_LEN, MIN_SECRET_LEN};
pub use verifier::Verifier;
