"""A recipe that prints (to stdout and stderr) must not change what is rendered."""

import sys

from docker_dsl import Stage

print("recipe_prints: top of module")
print("recipe_prints: to stderr", file=sys.stderr)

with Stage("alpine:3.20") as s:
    print("recipe_prints: inside the stage")
    s.run("echo", "hello")

print("# syntax=docker/dockerfile:1")

VARIANTS = [{}]
EXPECT = [
    ("FROM", "alpine:3.20", "base"),
    ("RUN", ["echo hello"]),
]
