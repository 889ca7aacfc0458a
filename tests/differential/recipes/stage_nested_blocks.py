"""Derived stages opened inside the parent's block; the parent keeps receiving instructions after."""

from docker_dsl import Stage

with Stage("python:3.13-slim") as base:
    base.env({"PIP_NO_CACHE_DIR": "1"})
    with base.stage() as deps:
        deps.run("pip", "install", "poetry")
        with deps.stage() as app:
            app.copy(".", "/app")
            app.cmd("poetry", "run", "app")
        deps.run("poetry", "--version")
    base.workdir("/app")

VARIANTS = [{}]
EXPECT = [
    ("FROM", "python:3.13-slim", "base"),
    ("ENV", "PIP_NO_CACHE_DIR", "1"),
    ("WORKDIR", "/app"),
    ("FROM", "base", "deps"),
    ("RUN", ["pip install poetry"]),
    ("RUN", ["poetry --version"]),
    ("FROM", "deps", "app"),
    ("COPY", ".", "/app"),
    ("CMD", ["poetry", "run", "app"]),
]
