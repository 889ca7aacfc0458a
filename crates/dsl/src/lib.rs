//! The docker-dsl recipe model.
//!
//! A [`Recipe`] records what a recipe does — stages entered, mount and env
//! scopes opened, commands run — and [`Recipe::finish`] validates it and
//! lowers it into a [`dockerfile::Document`]. The Python bindings drive a
//! `Recipe` call by call; Rust users get the closure-based [`Dockerfile`]
//! builder on top of the same model.

mod builder;
mod container_path;
mod error;
mod flags;
mod instructions;
mod location;
mod locations;
mod lower;
mod mount_spec;
mod package_caches;
mod recipe;
mod run_script;
pub mod values;

pub use builder::{mounts, Dockerfile, RunBlock, StageBlock};
pub use dockerfile::{NetworkMode, SecurityMode};
pub use error::{DslError, DslErrors, ErrorKind};
pub use flags::{FlagKind, FlagSet, FlagSpec, FlagValue, PYTHON_KEYWORDS, RESERVED_FLAG_NAMES};
pub use instructions::{AddSpec, CopySpec, HealthcheckSpec, RunOptions};
pub use location::Location;
pub use mount_spec::{MountKind, MountSpec};
pub use package_caches::{package_cache, PackageCache, PACKAGE_CACHES};
pub use recipe::{check_key, check_word, Recipe, RenderSettings, RunBody, ScopeId, StageId};
pub use run_script::{EchoId, FlagArg, RunScript, RUN_BUILDER_METHODS};
