//! The command line's shape (clap) and dispatch to the subcommands.

use clap::{CommandFactory, FromArgMatches, Parser, Subcommand};

use crate::build;
use crate::completions::{self, CompletionsArgs};
use crate::error::CliError;
use crate::import::{self, ImportArgs};
use crate::init::{self, InitArgs};
use crate::lint_command::{self, LintInvocation};
use crate::recipe_args::{options_help, OptionSpec, RecipeInvocation, HEADER_OPTIONS};
use crate::recipe_runner::RecipeRunner;
use crate::render;
use crate::stubs::StubsArgs;
use crate::verify::{self, VerifyArgs};

/// Dockerfiles written as Python programs: BuildKit mounts scoped by `with`
/// blocks, typed flags, checked before anything is written.
#[derive(Debug, Parser)]
#[command(
    name = "docker-dsl",
    version,
    about = "Dockerfiles written as Python programs: BuildKit mounts scoped by `with` blocks, typed recipe flags, checked before anything is written.",
    long_about = None,
    after_help = "A recipe alone means render: `docker-dsl RECIPE [--flag=value ...] [--out PATH]`.\n`docker-dsl help SUBCOMMAND` or `docker-dsl SUBCOMMAND --help` lists a subcommand's options;\n`docker-dsl render RECIPE --help` also lists the recipe's flags.\nExit status: 0 success, 1 verify found a secret, 2 bad input or failure, 130 interrupted."
)]
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

/// The clap command, with the options `render` and `build` sort out
/// themselves listed in their help.
fn command() -> clap::Command {
    let with_options = |options: &[OptionSpec]| {
        let all: Vec<OptionSpec> = options
            .iter()
            .chain(HEADER_OPTIONS.iter())
            .copied()
            .collect();
        options_help(&all)
    };
    Cli::command()
        .mut_subcommand("render", |c| c.after_help(with_options(&render::OPTIONS)))
        .mut_subcommand("build", |c| c.after_help(with_options(&build::OPTIONS)))
}

/// Runs the command line `args` (without the program name) and returns the
/// exit code. Every error is printed here, once: `docker-dsl: error: ...`.
pub fn run(mut args: Vec<String>, runner: &dyn RecipeRunner) -> i32 {
    let cli_command = command();
    // A first word that names no subcommand is a recipe: `docker-dsl RECIPE` means render.
    let recipe_first = args.first().is_some_and(|first| {
        !first.starts_with('-')
            && first != "help"
            && !cli_command.get_subcommands().any(|c| c.get_name() == first)
    });
    if recipe_first {
        args.insert(0, "render".to_owned());
    }
    args.insert(0, "docker-dsl".to_owned());
    let parsed = cli_command
        .try_get_matches_from(args)
        .and_then(|matches| Cli::from_arg_matches(&matches));
    let cli = match parsed {
        Ok(cli) => cli,
        Err(e) if !e.use_stderr() => {
            let _ = e.print();
            return 0;
        }
        Err(e) => return CliError::usage(clap_message(&e)).report(),
    };
    let result = match cli.command {
        Command::Render(args) => render::run(args, runner).map(|()| 0),
        Command::Build(args) => build::run(args, runner),
        Command::Verify(args) => verify::run(&args),
        Command::Bake(args) => crate::bake::run(args, runner),
        Command::Graph(args) => crate::graph::run(args, runner),
        Command::Lock(args) => crate::lock::run(args, runner),
        Command::Import(args) => import::run(&args),
        Command::Lint(args) => lint_command::run(args, runner),
        Command::Rule { code } => crate::rule_docs::rule(&code),
        Command::Rules => crate::rule_docs::rules(),
        Command::Stubs(args) => crate::stubs::run(&args),
        Command::Init(args) => init::run(&args),
        Command::Completions(args) => completions::run(&args, command()),
        Command::Man => completions::man(command()),
    };
    result.unwrap_or_else(|error| error.report())
}

/// clap's message on one line, without its own `error: ` prefix, so it
/// takes ours: the first paragraph (indented continuation lines joined),
/// then a pointer to `--help`.
fn clap_message(error: &clap::Error) -> String {
    let text = error.render().to_string();
    let paragraph: Vec<&str> = text
        .lines()
        .take_while(|line| !line.trim().is_empty())
        .map(str::trim)
        .collect();
    let message = paragraph.join(" ");
    let message = message.strip_prefix("error: ").unwrap_or(&message);
    format!("{message} (see docker-dsl --help)")
}
