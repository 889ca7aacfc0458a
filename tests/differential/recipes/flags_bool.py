"""A bool flag choosing between branches."""

from docker_dsl import Stage
from docker_dsl import context as ctx

ctx.register("debug", bool)

with Stage("rust:1.80-slim") as s:
    if ctx.debug:
        s.env({"RUST_LOG": "debug", "RUST_BACKTRACE": "1"})
        s.run("cargo", "build")
    else:
        s.run("cargo", "build", "--release")
    s.env({"PROFILE": "debug" if ctx.debug else "release"})

VARIANTS = [{"debug": True}, {"debug": False}]


def EXPECT(debug):
    out = [("FROM", "rust:1.80-slim", "base")]
    if debug:
        out += [("ENV", "RUST_LOG", "debug"), ("ENV", "RUST_BACKTRACE", "1"), ("RUN", ["cargo build"])]
    else:
        out += [("RUN", ["cargo build --release"])]
    out.append(("ENV", "PROFILE", "debug" if debug else "release"))
    return out
