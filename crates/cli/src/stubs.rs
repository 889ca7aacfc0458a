//! `docker-dsl stubs [--image IMAGE] [--out PATH]`: typed run-builder stubs.
//!
//! Without `--image` it prints the stub generated from the bundled toolset
//! table, the one the package ships as `docker_dsl/_toolset.pyi`. With
//! `--image` it lists the commands on `PATH` inside a container of that image
//! on the local engine and types exactly those (see docs/editors.md).

use std::path::PathBuf;
use std::process::Command;

use stubs::{render_pyi, Commands, Toolset};

use crate::output::write_atomically;
use crate::render::fail;

/// Environment variable naming the docker client (as for `build`).
const CLIENT_ENV: &str = "DOCKER_DSL_DOCKER";

/// Prints the name of every executable file in each `PATH` directory of the
/// container; needs a POSIX `sh` in the image.
const LIST_PATH: &str = r#"IFS=:; for d in $PATH; do for f in "$d"/*; do [ -f "$f" ] && [ -x "$f" ] && echo "${f##*/}"; done; done"#;

/// The arguments of `docker-dsl stubs`.
#[derive(Debug, clap::Args)]
pub(crate) struct StubsArgs {
    /// Type the commands on PATH inside this image (run on the local engine)
    /// instead of the whole toolset table.
    #[arg(long, value_name = "IMAGE")]
    image: Option<String>,
    /// Write the stub to PATH (atomically) instead of stdout; for an editor,
    /// the package's stub overlay is typings/docker_dsl/_toolset.pyi.
    #[arg(long, short, value_name = "PATH")]
    out: Option<PathBuf>,
}

/// Runs `docker-dsl stubs` and returns the exit code.
pub(crate) fn run(args: &StubsArgs) -> i32 {
    let toolset = match Toolset::bundled() {
        Ok(toolset) => toolset,
        Err(e) => return fail(&e.to_string()),
    };
    let commands = match &args.image {
        None => Commands::Table,
        Some(image) => match image_commands(image) {
            Ok(names) => Commands::Found {
                image: image.clone(),
                names,
            },
            Err(message) => return fail(&message),
        },
    };
    let text = render_pyi(&toolset, &commands);
    match &args.out {
        Some(path) => match write_atomically(path, text.as_bytes()) {
            Ok(()) => 0,
            Err(e) => fail(&format!("cannot write {}: {e}", path.display())),
        },
        None => {
            print!("{text}");
            0
        }
    }
}

/// The executables on `PATH` in a fresh container of `image`.
fn image_commands(image: &str) -> Result<Vec<String>, String> {
    let client = std::env::var_os(CLIENT_ENV)
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
