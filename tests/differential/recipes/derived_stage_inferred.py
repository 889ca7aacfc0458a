"""Derived stages named from the with-target; COPY --from a stage object."""

from docker_dsl import Stage

with Stage("rust:1.80-slim") as base:
    base.workdir("/src")
    base.copy(".", "/src")

with base.stage() as builder:
    builder.run("cargo", "build", "--release")

with base.stage() as tester:
    tester.run("cargo", "test")

with Stage("debian:bookworm-slim", name="runtime") as runtime:
    runtime.copy("/src/target/release/app", "/usr/local/bin/app", stage=builder)
    runtime.entrypoint("/usr/local/bin/app")

VARIANTS = [{}]
EXPECT = [
    ("FROM", "rust:1.80-slim", "base"),
    ("WORKDIR", "/src"),
    ("COPY", ".", "/src"),
    ("FROM", "base", "builder"),
    ("RUN", ["cargo build --release"]),
    ("FROM", "base", "tester"),
    ("RUN", ["cargo test"]),
    ("FROM", "debian:bookworm-slim", "runtime"),
    ("COPY", "/src/target/release/app", "/usr/local/bin/app", "from=builder", "link"),
    ("ENTRYPOINT", ["/usr/local/bin/app"]),
]
