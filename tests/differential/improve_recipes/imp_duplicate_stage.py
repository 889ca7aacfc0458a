"""Two stages that both default to the name `base`."""

from docker_dsl import Stage

with Stage("alpine:3.20") as first:
    first.run("echo", "one")

with Stage("debian:bookworm-slim") as second:  # MARK: the duplicate
    second.run("echo", "two")

VARIANTS = [{}]
