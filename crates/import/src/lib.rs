//! `docker-dsl import`: a parsed Dockerfile becomes a readable recipe.
//!
//! Stages become `with Stage(...)` blocks, mounts that repeat over several
//! RUNs are hoisted into one `with` scope, `&&` chains become run-builder
//! calls, and comments and blank lines stay where they were. What the DSL
//! cannot spell is written through `raw()` so the recipe still renders the
//! same instructions, or refused with an [`ImportError`] naming the line.

mod error;
mod mount_call;
mod names;
mod plan;
mod py_literal;
mod python_recipe;
mod rust_literal;
mod rust_program;
mod shell_chain;

pub use error::ImportError;
pub use python_recipe::{to_python, ImportOptions};
pub use rust_program::to_rust;
