//! The docker-dsl recipe model.
//!
//! A [`Recipe`] records what a recipe does — stages entered, mount and env
//! scopes opened, commands run — and [`Recipe::finish`] validates it and
//! lowers it into a [`dockerfile::Document`]. The Python bindings drive a
//! `Recipe` call by call; Rust users get the closure-based [`Dockerfile`]
//! builder on top of the same model.

mod builder;
mod error;
mod flags;
mod location;
mod lower;
mod mount_spec;
mod package_caches;
mod recipe;
mod run_script;
pub mod values;

pub use builder::{mounts, Dockerfile, RunBlock, StageBlock};
pub use error::{DslError, ErrorKind};
pub use flags::{FlagKind, FlagSet, FlagSpec, FlagValue};
pub use location::Location;
pub use mount_spec::{MountKind, MountSpec};
pub use package_caches::{package_cache, PackageCache, PACKAGE_CACHES};
pub use recipe::{check_key, check_word, Recipe, RenderSettings, RunBody, StageId};
pub use run_script::{FlagArg, RunScript};
