"""A run builder opened inside another of the same stage (0.1.2 renders only FROM)."""

from docker_dsl import Stage

with Stage("alpine:3.20") as a:
    with a.run() as r:
        r.ls()
        with a.run() as r2:  # MARK: a second builder inside the first
            r2.pwd()

VARIANTS = [{}]
