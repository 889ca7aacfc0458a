"""Runs `docker-dsl` in this interpreter for the lint tests (a module of its own: a helper
imported from `conftest` would be another suite's conftest when suites run together)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path


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
