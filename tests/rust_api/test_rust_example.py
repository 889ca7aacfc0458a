"""The Rust builder API renders the seed guide's recipe byte-identically to Python."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

# The seed guide's published output for --private=true: the byte-exact contract.
SEED_OUTPUT = """\
# syntax=docker/dockerfile:1
FROM python:3.13-slim AS base
WORKDIR /app
RUN --mount=type=bind,source=.,target=/app --mount=type=cache,target=/root/.cache/pip,sharing=shared \\
  pip install --requirement requirements.txt
RUN --mount=type=secret,id=pypi,target=/root/.netrc --mount=type=cache,target=/root/.cache/pip,sharing=shared \\
  pip install --requirement requirements-private.txt
"""


def python_render(private: bool) -> str:
    cli = Path(sys.executable).with_name("docker-dsl")
    result = subprocess.run(
        [str(cli), str(ROOT / "examples" / "seed_mounts.py"), f"--private={str(private).lower()}"],
        capture_output=True,
        text=True,
        check=True,
    )
    return result.stdout


def rust_render(private: bool) -> str:
    args = ["cargo", "run", "-q", "--release", "-p", "dsl", "--example", "seed_mounts", "--"]
    if private:
        args.append("--private")
    env = dict(os.environ, CARGO_TERM_COLOR="never")
    result = subprocess.run(args, cwd=ROOT, capture_output=True, text=True, env=env, check=True)
    return result.stdout


def test_python_cli_prints_the_seed_guide_output():
    assert python_render(True) == SEED_OUTPUT


@pytest.mark.parametrize("private", [True, False])
def test_rust_example_matches_python_recipe(private):
    assert rust_render(private) == python_render(private)
