//! The `docker-dsl` command line as a library: [`run`] takes the arguments
//! and returns the exit code (0 success, 1 findings, 2 bad input or failure).
//! Running a Python recipe is delegated to a [`RecipeRunner`], which the
//! Python package implements.

mod build;
mod command;
mod completions;
mod init;
mod output;
mod recipe_args;
mod recipe_runner;
mod render;
mod render_check;
pub mod secret_arg;
mod stubs;
pub mod verify;

pub use command::run;
pub use output::write_atomically;
pub use recipe_runner::{Header, NoRecipes, RecipeRunner, RunFailure};
