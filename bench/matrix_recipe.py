"""The seed recipe (examples/seed_mounts.py) with a second flag, the Python version of the
base image, so a matrix of 500 versions x private=true/false gives 1,000 variants."""

from __future__ import annotations

from docker_dsl import Stage
from docker_dsl import context as ctx

ctx.register("python", str)
ctx.register("private", bool)

with Stage(f"python:{ctx.python}-slim") as s:
    s.workdir("/app")

    with s.bind(source=".", target="/app"), s.cache("/root/.cache/pip"), s.run() as r:
        r.pip("install", "--requirement", "requirements.txt")

    if ctx.private:
        with s.secret("pypi", target="/root/.netrc"), s.cache("/root/.cache/pip"), s.run() as r:
            r.pip("install", "--requirement", "requirements-private.txt")
