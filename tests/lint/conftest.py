"""Helpers for the lint tests: run `docker-dsl lint` in this interpreter."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

FIXTURES = Path(__file__).resolve().parent / "fixtures"


def docker_dsl(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    """`python -m docker_dsl ARGS` (the `docker-dsl` command), output captured."""
    return subprocess.run(
        [sys.executable, "-m", "docker_dsl", *args],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        cwd=cwd,
    )


@pytest.fixture
def fixtures() -> Path:
    """The directory of the lint fixture files."""
    return FIXTURES
