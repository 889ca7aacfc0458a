//! The command line's shape (clap) and dispatch to the subcommands.

use clap::{CommandFactory as _, Parser, Subcommand};

use crate::build;
use crate::completions::{self, CompletionsArgs};
use crate::init::{self, InitArgs};
use crate::recipe_args::RecipeInvocation;
use crate::recipe_runner::RecipeRunner;
use crate::render;
use crate::stubs::{self, StubsArgs};
use crate::verify::{self, VerifyArgs};

/// docker-dsl: Dockerfiles written as programs, with BuildKit mounts scoped
/// by `with` blocks.
#[derive(Debug, Parser)]
#[command(name = "docker-dsl", version, long_about = None)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Render a recipe into a Dockerfile (also the default:
    /// `docker-dsl RECIPE [--flag=value ...] [--out PATH]`).
    Render(RecipeInvocation),
    /// Render a recipe and build it with BuildKit, passing exactly the
    /// secrets and ssh sockets it mounts.
    Build(RecipeInvocation),
    /// Prove that secrets never landed in an image: scans every layer, the
    /// config and the history (exit 1 on a hit).
    Verify(VerifyArgs),
    /// Print typed run-builder stubs: the container toolset, or the commands
    /// an image really has (--image).
    Stubs(StubsArgs),
    /// Write a starter recipe with the cache mounts of the package managers
    /// it names.
    Init(InitArgs),
    /// Print the shell completion script for bash, zsh, fish, elvish or
    /// powershell.
    Completions(CompletionsArgs),
    /// Print the man page (roff): `docker-dsl man > docker-dsl.1`.
    Man,
}

/// The subcommand names, so `docker-dsl RECIPE ...` can mean `render`.
const SUBCOMMANDS: &[&str] = &[
    "render",
    "build",
    "verify",
    "stubs",
    "completions",
    "init",
    "man",
    "help",
];

/// Runs the command line `args` (without the program name) and returns the
/// exit code.
pub fn run(mut args: Vec<String>, runner: &dyn RecipeRunner) -> i32 {
    if args
        .first()
        .is_some_and(|first| !first.starts_with('-') && !SUBCOMMANDS.contains(&first.as_str()))
    {
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
        Command::Build(args) => build::run(args, runner),
        Command::Verify(args) => verify::run(&args),
        Command::Stubs(args) => stubs::run(&args),
        Command::Init(args) => init::run(&args),
        Command::Completions(args) => completions::run(&args, Cli::command()),
        Command::Man => completions::man(Cli::command()),
    }
}
