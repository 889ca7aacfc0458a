"""WORKDIR, absolute and relative."""

from docker_dsl import Stage

with Stage("alpine:3.20") as s:
    s.workdir("/app")
    s.workdir("src")
    s.run("pwd")
    s.workdir("/")

VARIANTS = [{}]
EXPECT = [
    ("FROM", "alpine:3.20", "base"),
    ("WORKDIR", "/app"),
    ("WORKDIR", "src"),
    ("RUN", ["pwd"]),
    ("WORKDIR", "/"),
]
