//! `docker-dsl import DOCKERFILE [-o recipe.py] [--lang rust]`: a Dockerfile
//! becomes a readable recipe (or Rust program) that renders back to the same
//! build.

use std::path::PathBuf;

use clap::{Args, ValueEnum};

use crate::error::CliError;
use crate::output::write_atomically;

/// The options of `docker-dsl import`.
#[derive(Debug, Args)]
pub struct ImportArgs {
    /// The Dockerfile to import (`-` reads standard input).
    dockerfile: PathBuf,
    /// Write the recipe here instead of standard output.
    #[arg(short = 'o', long = "out", value_name = "PATH")]
    out: Option<PathBuf>,
    /// Turn global ARGs with a default into recipe flags (`context.register`).
    #[arg(long)]
    flags_from_args: bool,
    /// The language of the program: a Python recipe or a Rust program on the
    /// `dsl` crate's builder.
    #[arg(long, value_enum, default_value_t = Lang::Python)]
    lang: Lang,
}

/// The languages `docker-dsl import` writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum Lang {
    /// A Python recipe (`docker_dsl`).
    Python,
    /// A Rust program (`dsl::Dockerfile`).
    Rust,
}

/// Runs `docker-dsl import`: 0, or the error (bad input).
pub(crate) fn run(args: &ImportArgs) -> Result<i32, CliError> {
    import(args).map(|()| 0).map_err(CliError::usage)
}

fn import(args: &ImportArgs) -> Result<(), String> {
    let shown = args.dockerfile.display();
    let text = if args.dockerfile.as_os_str() == "-" {
        std::io::read_to_string(std::io::stdin()).map_err(|e| format!("stdin: {e}"))?
    } else {
        std::fs::read_to_string(&args.dockerfile).map_err(|e| format!("{shown}: {e}"))?
    };
    let recipe = match args.lang {
        Lang::Python => import::to_python(
            &text,
            &import::ImportOptions {
                flags_from_args: args.flags_from_args,
            },
        ),
        Lang::Rust if args.flags_from_args => {
            return Err(
                "--flags-from-args turns global ARGs into Python recipe flags \
                        (`context.register`); a Rust program keeps them as `df.arg(...)`: \
                        drop --flags-from-args or use --lang python"
                    .to_owned(),
            )
        }
        Lang::Rust => import::to_rust(&text),
    }
    .map_err(|e| format!("{shown}: {e}"))?;
    match &args.out {
        Some(path) => write_atomically(path, recipe.as_bytes())
            .map_err(|e| format!("{}: {e}", path.display())),
        None => {
            print!("{recipe}");
            Ok(())
        }
    }
}
