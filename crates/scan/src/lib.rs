//! Proves that secrets never landed in a container image.
//!
//! [`Verifier`] reads an image — a `docker save` stream or file (docker-archive, including the
//! newer layout with an OCI `blobs/` tree), an OCI layout tarball or directory — in one pass
//! with bounded memory. Each layer is decompressed as a stream (gzip or zstd, recognised by
//! magic bytes) and every file's contents, name, link target and PAX records are searched,
//! as are all strings of the image config (env, labels, entrypoint, cmd, history) and of the
//! manifests. One Aho-Corasick automaton holds every secret's raw bytes, its base64 and
//! base64url cores at all three alignments, and its lower- and upper-case hex.

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
