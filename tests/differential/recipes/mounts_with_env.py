"""Env scopes wrapping runs inside mount scopes: mounts, then exports, then the script."""

from docker_dsl import Stage

with Stage("rust:1.80-slim") as s:
    with s.env({"CARGO_HOME": "/cargo", "RUSTFLAGS": "-C target-cpu=native"}), s.cache("/cargo/registry"):
        s.run("cargo", "fetch")
        with s.cache("/src/target"), s.run() as r:
            r.cargo("build", release=True)
            r.cp("target/release/app", "/usr/local/bin/app")
    with s.cache("/cargo/registry"), s.env({"CARGO_NET_OFFLINE": "true"}):
        s.run("cargo", "test", env={"RUST_BACKTRACE": "1"})

VARIANTS = [{}]


def EXPECT():
    registry = "type=cache,target=/cargo/registry,sharing=shared"
    exports = 'export CARGO_HOME="/cargo" RUSTFLAGS="-C target-cpu=native"'
    return [
        ("FROM", "rust:1.80-slim", "base"),
        ("RUN", [exports, "cargo fetch"], [registry]),
        (
            "RUN",
            [exports, "cargo build --release", "cp target/release/app /usr/local/bin/app"],
            [registry, "type=cache,target=/src/target,sharing=shared"],
        ),
        ("RUN", ['export CARGO_NET_OFFLINE="true"', 'RUST_BACKTRACE="1" cargo test'], [registry]),
    ]
