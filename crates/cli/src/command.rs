//! The command line's shape (clap) and dispatch to the subcommands.

use clap::{Parser, Subcommand};

use crate::recipe_runner::RecipeRunner;
use crate::render::{self, RenderArgs};

/// docker-dsl: Dockerfiles written as programs, with BuildKit mounts scoped
/// by `with` blocks.
#[derive(Debug, Parser)]
#[command(name = "docker-dsl", version, about, long_about = None)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Render a recipe into a Dockerfile (also the default:
    /// `docker-dsl RECIPE [--flag=value ...] [--out PATH]`).
    Render(RenderArgs),
}

/// The subcommand names, so `docker-dsl RECIPE ...` can mean `render`.
const SUBCOMMANDS: &[&str] = &["render", "help"];

/// Runs the command line `args` (without the program name) and returns the
/// exit code.
pub fn run(mut args: Vec<String>, runner: &dyn RecipeRunner) -> i32 {
    if args.first().is_some_and(|first| !first.starts_with('-') && !SUBCOMMANDS.contains(&first.as_str())) {
        args.insert(0, "render".to_owned());
    }
    args.insert(0, "docker-dsl".to_owned());
    let cli = match Cli::try_parse_from(args) {
        Ok(cli) => cli,
        Err(e) => {
            let code = if e.use_stderr() { 2 } else { 0 };
            let _ = e.print();
            return code;
        }
    };
    match cli.command {
        Command::Render(args) => render::run(args, runner),
    }
}
