//! The build of a Dockerfile, imported by `docker-dsl import --lang rust`.

use dsl::{mounts, Dockerfile, RunOptions};

/// The Dockerfile's build; `render()` gives its text.
pub fn dockerfile() -> Dockerfile {
    let mut df = Dockerfile::new();
    df.syntax(Some("docker/dockerfile:1"));
    df.named_stage("python:3.13-slim", "base", |s| {
        s.workdir("/app");
        s.mounts(
            [mounts::bind(".", "/app"), mounts::cache("/root/.cache/pip")],
            |s| {
                s.run_command(
                    ["pip", "install", "--requirement", "requirements.txt"],
                    &[],
                    RunOptions::default(),
                );
            },
        );
        s.mounts(
            [
                mounts::secret("pypi", "/root/.netrc"),
                mounts::cache("/root/.cache/pip"),
            ],
            |s| {
                s.run_command(
                    [
                        "pip",
                        "install",
                        "--requirement",
                        "requirements-private.txt",
                    ],
                    &[],
                    RunOptions::default(),
                );
            },
        );
    });
    df
}

/// Prints the Dockerfile, or every problem of the calls that build it.
fn main() {
    match dockerfile().render() {
        Ok(text) => print!("{text}"),
        Err(errors) => {
            eprintln!("{errors}");
            std::process::exit(1);
        }
    }
}
