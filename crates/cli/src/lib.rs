//! The `docker-dsl` command line as a library: [`run`] takes the arguments
//! and returns the exit code (0 success, 1 findings, 2 bad input or failure).
//! Running a Python recipe is delegated to a [`RecipeRunner`], which the
//! Python package implements.

mod bake;
mod build;
mod command;
mod completions;
mod error;
mod graph;
mod import;
mod init;
mod lint_command;
mod lint_input;
mod lint_report;
mod lock;
mod log_scrub;
mod matrix_render;
mod output;
mod recipe_args;
mod recipe_runner;
mod registry_source;
mod render;
mod render_check;
mod rule_docs;
mod stubs;
pub mod verify;

pub use command::run;
pub use error::CliError;
pub use lint_command::{lint_source, LintSource};
pub use lint_report::{Diagnostic, RenderedLine};
pub use output::write_atomically;
pub use recipe_runner::{Header, NoRecipes, RecipeRunner, Rendered, RunFailure};
