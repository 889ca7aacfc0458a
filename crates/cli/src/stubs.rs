//! `docker-dsl stubs [--out PATH]` and `docker-dsl stubs --image IMAGE
//! [--typings DIR]`: typed run-builder stubs.
//!
//! Without `--image` it prints the stub generated from the bundled toolset
//! table, the one the package ships as `docker_dsl/_toolset.pyi`. With
//! `--image` it lists the commands on `PATH` inside a container of that image
//! on the local engine and writes a typing overlay of the package whose
//! `Toolset` has exactly those (see docs/editors.md).

use std::path::PathBuf;
use std::process::Command;

use stubs::{overlay_files, render_pyi, Commands, Toolset};

use crate::error::CliError;
use crate::output::write_atomically;

/// Prints the name of every executable file in each `PATH` directory of the
/// container; needs a POSIX `sh` in the image.
const LIST_PATH: &str = r#"IFS=:; for d in $PATH; do for f in "$d"/*; do [ -f "$f" ] && [ -x "$f" ] && echo "${f##*/}"; done; done"#;

/// The arguments of `docker-dsl stubs`.
#[derive(Debug, clap::Args)]
pub(crate) struct StubsArgs {
    /// Type the commands on PATH inside this local image (listed in a
    /// container on the engine) and write a typing overlay to --typings.
    #[arg(long, value_name = "IMAGE")]
    image: Option<String>,
    /// With --image: the overlay directory, for mypy's `mypy_path` or
    /// pyright's `extraPaths`.
    #[arg(
        long,
        value_name = "DIR",
        default_value = "typings",
        requires = "image"
    )]
    typings: PathBuf,
    /// Without --image: write the toolset stub to PATH instead of stdout.
    #[arg(long, short, value_name = "PATH", conflicts_with = "image")]
    out: Option<PathBuf>,
}

/// Runs `docker-dsl stubs` and returns the exit code.
pub(crate) fn run(args: &StubsArgs) -> Result<i32, CliError> {
    let toolset = match Toolset::bundled() {
        Ok(toolset) => toolset,
        Err(e) => return Err(CliError::usage(e.to_string())),
    };
    let Some(image) = &args.image else {
        return write_stub(&render_pyi(&toolset, &Commands::Table), args.out.as_deref());
    };
    let names = match image_commands(image) {
        Ok(names) => names,
        Err(message) => return Err(CliError::usage(message)),
    };
    let count = names.len();
    let commands = Commands::Found {
        image: image.clone(),
        names,
    };
    let toolset_pyi = render_pyi(&toolset, &commands);
    for (relative, text) in overlay_files(&toolset_pyi) {
        let path = args.typings.join(relative);
        let written = path
            .parent()
            .map_or(Ok(()), std::fs::create_dir_all)
            .and_then(|()| write_atomically(&path, text.as_bytes()));
        if let Err(e) = written {
            return Err(CliError::usage(format!(
                "cannot write {}: {e}",
                path.display()
            )));
        }
    }
    eprintln!(
        "docker-dsl: found {count} commands on PATH in {image}; wrote the typing overlay to {} (point mypy_path or pyright's extraPaths at it)",
        args.typings.display()
    );
    Ok(0)
}

/// Prints the toolset stub, or writes it to `out`.
fn write_stub(text: &str, out: Option<&std::path::Path>) -> Result<i32, CliError> {
    match out {
        Some(path) => match write_atomically(path, text.as_bytes()) {
            Ok(()) => Ok(0),
            Err(e) => Err(CliError::usage(format!(
                "cannot write {}: {e}",
                path.display()
            ))),
        },
        None => {
            print!("{text}");
            Ok(0)
        }
    }
}

/// The executables on `PATH` in a fresh container of `image`.
fn image_commands(image: &str) -> Result<Vec<String>, String> {
    let client = std::env::var_os(engine::CLIENT_ENV)
        .filter(|c| !c.is_empty())
        .map_or_else(|| PathBuf::from("docker"), PathBuf::from);
    let output = Command::new(&client)
        .args([
            "run",
            "--rm",
            "--pull",
            "never",
            "--network",
            "none",
            "--entrypoint",
            "sh",
            image,
            "-c",
            LIST_PATH,
        ])
        .output()
        .map_err(|e| format!("cannot start the docker client {}: {e}", client.display()))?;
    if !output.status.success() {
        let stderr = String::from_utf8_lossy(&output.stderr);
        let reason = stderr
            .lines()
            .find(|l| !l.trim().is_empty())
            .unwrap_or("no reason given");
        return Err(format!(
            "cannot list PATH in the image {image} (it needs a local image with a POSIX sh): {}",
            reason.trim()
        ));
    }
    let names: Vec<String> = String::from_utf8_lossy(&output.stdout)
        .lines()
        .map(str::to_owned)
        .filter(|name| !name.is_empty())
        .collect();
    if names.is_empty() {
        return Err(format!("the image {image} has no executables on PATH"));
    }
    Ok(names)
}
