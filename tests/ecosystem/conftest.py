"""Fixtures for the ecosystem tests (init, completions, man page, render --check, stubs --image).

``docker_dsl`` runs the installed command; ``engine`` (for the tests that build or run
containers) skips with one loud line only when no engine answers ``docker info``.
"""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
for _dir in (HERE.parent / "oracle", HERE.parent / "engine"):
    if str(_dir) not in sys.path:
        sys.path.insert(0, str(_dir))

from engine_harness import ENGINE_TARGETS, docker_dsl_command, make_base_image, require_build_client

_SKIPPED: list[str] = []

Run = Callable[..., subprocess.CompletedProcess]


@pytest.fixture
def docker_dsl() -> Run:
    """Runs ``docker-dsl ARGS`` (text mode, never raising) in ``cwd``."""

    def run(
        *args: str, cwd: Path | None = None, env: dict[str, str] | None = None
    ) -> subprocess.CompletedProcess:
        return subprocess.run(
            [*docker_dsl_command(), *args], capture_output=True, text=True, cwd=cwd, env=env, check=False
        )

    return run


@pytest.fixture(scope="session")
def engine_client():
    """The engine's BuildKit client (see tests/engine/engine_harness.py)."""
    return require_build_client("ECOSYSTEM ENGINE TESTS", _SKIPPED, ENGINE_TARGETS[0])[1]


@pytest.fixture(scope="session")
def base_image(engine_client) -> str:
    """The local busybox image (scripts/engine/make-base-image.sh makes it when missing)."""
    return make_base_image(engine_client.environment)


def pytest_terminal_summary(terminalreporter) -> None:
    for line in _SKIPPED:
        terminalreporter.write_line(line, yellow=True, bold=True)
