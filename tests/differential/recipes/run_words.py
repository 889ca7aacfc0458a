"""s.run(*words) emits one RUN; env= prefixes KEY="value" pairs."""

from docker_dsl import Stage

with Stage("debian:bookworm-slim") as s:
    s.run("apt-get", "update")
    s.run("make", "-j4", env={"CC": "clang", "CFLAGS": "-O2"})
    s.run("echo hello && echo world")
    s.run("true", env={})
    s.run("printenv", "MSG", env={"MSG": "two words"})

VARIANTS = [{}]
EXPECT = [
    ("FROM", "debian:bookworm-slim", "base"),
    ("RUN", ["apt-get update"]),
    ("RUN", ['CC="clang" CFLAGS="-O2" make -j4']),
    ("RUN", ["echo hello", "echo world"]),
    ("RUN", ["true"]),
    ("RUN", ['MSG="two words" printenv MSG']),
]
