//! Runs BuildKit builds of rendered Dockerfiles with the local docker client.
//!
//! [`probe`] finds a client that can reach BuildKit on this machine: `docker buildx build`
//! when the buildx plugin works, otherwise `docker build` with `DOCKER_BUILDKIT=1` on a
//! client older than 23.0 (newer clients refuse BuildKit without buildx). [`run_build`]
//! writes the Dockerfile to a private temporary file, streams the engine's progress to the
//! terminal and returns the engine's exit code. Secrets and ssh keys travel only as
//! references (`src=`, `env=`, agent sockets); their values never touch a command line.
//!
//! What the engines on the reference machine accept is recorded in `docs/engine.md`.

mod bake;
mod command;
mod error;
mod exec;
mod frontend;
mod image;
mod info;
mod probe;
mod request;
mod run;
mod scrub;
mod secret_arg;
mod ssh_arg;

pub use bake::{run_bake, BakeRequest};
pub use command::BuildCommand;
pub use error::EngineError;
pub use frontend::{builder_context, builtin_frontend, BuiltinFrontend, VersionSource};
pub use image::SavedImage;
pub use info::{BuildMode, EngineInfo};
pub use probe::{probe, probe_clients, CLIENT_ENV};
pub use request::BuildRequest;
pub use run::{run_build, run_build_scrubbed, BuildOutcome};
pub use scrub::{LogScrubber, REDACTED};
pub use secret_arg::{SecretArg, SecretArgError, SecretSource};
pub use ssh_arg::SshArg;
