//! Many variants of one recipe.
//!
//! [`Matrix`] expands `--matrix name=v1,v2` axes into [`Variant`]s, each with
//! a name usable as a file name and as a `docker buildx bake` target;
//! [`Index`] lists the files a matrix render wrote; [`BakeFile`] is the
//! `docker-bake.json` that builds every variant on any BuildKit builder.

mod bake;
mod error;
mod index;
mod matrix;

pub use bake::{expand_template, BakeFile, BakeTarget};
pub use error::VariantsError;
pub use index::{Index, IndexEntry};
pub use matrix::{Axis, Matrix, Variant};
