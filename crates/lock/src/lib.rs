//! `docker-dsl.lock` and pinning.
//!
//! [`LockFile`] records, per image reference as a Dockerfile writes it, the
//! digest that pins it and each platform's manifest digest. [`pin`] rewrites
//! every `FROM`, `COPY --from` and mount `from=` image of a
//! [`dockerfile::Document`] to `image@sha256:...` from a lock file.

mod build_args;
mod error;
mod lock_file;
mod pin;

pub use build_args::BuildArgs;
pub use error::LockError;
pub use lock_file::{LockFile, LockedImage, DEFAULT_LOCK_FILE};
pub use pin::{pin, pinnable_images};
