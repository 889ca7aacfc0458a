//! The seed guide's mounts recipe, built from Rust.
//!
//! `cargo run -p dsl --example seed_mounts -- --private` prints the same
//! Dockerfile as `docker-dsl examples/seed_mounts.py --private=true`.

use dsl::{mounts, Dockerfile};

fn main() {
    let private = std::env::args().any(|a| a == "--private" || a == "--private=true");
    let mut df = Dockerfile::new();
    df.stage("python:3.13-slim", |s| {
        s.workdir("/app");
        s.mounts(
            [mounts::bind(".", "/app"), mounts::cache("/root/.cache/pip")],
            |s| {
                s.run(|r| {
                    r.cmd("pip", ["install", "--requirement", "requirements.txt"]);
                });
            },
        );
        if private {
            s.mounts(
                [
                    mounts::secret("pypi", "/root/.netrc"),
                    mounts::cache("/root/.cache/pip"),
                ],
                |s| {
                    s.run(|r| {
                        r.cmd(
                            "pip",
                            ["install", "--requirement", "requirements-private.txt"],
                        );
                    });
                },
            );
        }
    });
    match df.render() {
        Ok(text) => print!("{text}"),
        Err(error) => {
            eprintln!("error: {error}");
            std::process::exit(2);
        }
    }
}
