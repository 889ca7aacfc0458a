"""A mount scope opened inside a run block (0.1.2 silently drops the mount)."""

from docker_dsl import Stage

with Stage("python:3.13-slim") as s:
    with s.run() as r:
        with s.cache("/root/.cache/pip"):  # MARK: mount opened inside the run block
            r.pip("install", "numpy")

VARIANTS = [{}]
