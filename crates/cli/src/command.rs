//! The command line's shape (clap) and dispatch to the subcommands.

use clap::{Parser, Subcommand};

use crate::build;
use crate::import::{self, ImportArgs};
use crate::lint_command::{self, LintInvocation};
use crate::recipe_args::RecipeInvocation;
use crate::recipe_runner::RecipeRunner;
use crate::render;
use crate::rule_docs;
use crate::verify::{self, VerifyArgs};

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
    Render(RecipeInvocation),
    /// Render a recipe and build it with BuildKit, passing exactly the
    /// secrets and ssh sockets it mounts.
    Build(RecipeInvocation),
    /// Print a `docker buildx bake` file with one target per matrix
    /// variant, or run it (`--build`).
    Bake(RecipeInvocation),
    /// Resolve every image to a digest through its registry and write
    /// docker-dsl.lock (`render --locked` pins them).
    Lock(RecipeInvocation),
    /// Show the stage graph: edges, parallel levels, what a target needs.
    Graph(RecipeInvocation),
    /// Prove that secrets never landed in an image: scans every layer, the
    /// config and the history (exit 1 on a hit).
    Verify(VerifyArgs),
    /// Turn a Dockerfile into a readable recipe that renders back to the
    /// same build.
    Import(ImportArgs),
    /// Lint Dockerfiles, recipes and directories for secrets reaching a
    /// layer, cache mounts that cannot work and mounts that need care.
    Lint(LintInvocation),
    /// Print one lint rule's documentation.
    Rule {
        /// The rule's code (S001) or name.
        code: String,
    },
    /// List the lint rules.
    Rules,
}

/// The subcommand names, so `docker-dsl RECIPE ...` can mean `render`.
const SUBCOMMANDS: &[&str] = &[
    "render", "build", "bake", "graph", "lock", "verify", "import", "lint", "rule", "rules", "help",
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
        Command::Bake(args) => crate::bake::run(args, runner),
        Command::Graph(args) => crate::graph::run(args, runner),
        Command::Lock(args) => crate::lock::run(args, runner),
        Command::Verify(args) => verify::run(&args),
        Command::Import(args) => import::run(&args),
        Command::Lint(args) => lint_command::run(args, runner),
        Command::Rule { code } => rule_docs::rule(&code),
        Command::Rules => rule_docs::rules(),
    }
}
