//! `docker-dsl import DOCKERFILE [-o recipe.py]`: a Dockerfile becomes a
//! readable recipe that renders back to the same build.

use std::path::PathBuf;

use clap::Args;

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
    let options = import::ImportOptions {
        flags_from_args: args.flags_from_args,
    };
    let recipe = import::to_python(&text, &options).map_err(|e| format!("{shown}: {e}"))?;
    match &args.out {
        Some(path) => write_atomically(path, recipe.as_bytes())
            .map_err(|e| format!("{}: {e}", path.display())),
        None => {
            print!("{recipe}");
            Ok(())
        }
    }
}
