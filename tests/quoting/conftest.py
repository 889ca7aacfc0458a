"""Fixtures for the quoting tests (tests/quoting).

* puts tests/oracle (the ``buildkit_words`` oracle) and this directory
  (``quoting_helpers``) on ``sys.path``;
* ``engine``/``base_image``: each real Docker engine with BuildKit (the system's
  Docker 20.10 and scripts/engine/modern.sh's, as in tests/engine), for the
  tests that build rendered values. Those tests skip, with one loud line in the
  summary, only when that engine's ``docker info`` fails, and fail instead under
  CI=true or DOCKER_DSL_REQUIRE_ENGINE=1.

The oracle itself lives in tests/oracle/buildkit_words.py.
"""

from __future__ import annotations

import subprocess
import sys
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
for _dir in (HERE.parent / "oracle", HERE.parent / "engine", HERE):
    if str(_dir) not in sys.path:
        sys.path.insert(0, str(_dir))

# The engine suite's harness finds the engine, its BuildKit client and the base image.
from engine_harness import ENGINE_TARGETS, EngineTarget, make_base_image, require_build_client

_SKIPPED: list[str] = []


@dataclass(frozen=True)
class Engine:
    """How to start a BuildKit build on one engine, and the frontend built into it."""

    target: EngineTarget
    argv: tuple[str, ...]
    env: dict[str, str]
    describe: str

    def build(self, context: Path, tag: str, timeout: int = 300) -> subprocess.CompletedProcess[str]:
        """Build `context` (its Dockerfile) as `tag` with the engine's own client."""
        return subprocess.run(
            [*self.argv, "--progress=plain", "-t", tag, str(context)],
            env=self.env,
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )

    def docker(self, *args: str, timeout: int = 120) -> subprocess.CompletedProcess[bytes]:
        """A non-build docker command on this engine."""
        return subprocess.run(
            ["docker", *args], env=self.env, capture_output=True, timeout=timeout, check=False
        )


@pytest.fixture(scope="session", params=ENGINE_TARGETS, ids=lambda target: target.name)
def engine(request: pytest.FixtureRequest) -> Engine:
    """One real engine; skips (loudly) only when its ``docker info`` fails."""
    _, client = require_build_client("QUOTING ENGINE TEST", _SKIPPED, request.param)
    return Engine(
        request.param, tuple(client.argv()), client.env(), f"{request.param.name}: {' '.join(client.argv())}"
    )


@pytest.fixture(scope="session")
def base_image(engine: Engine) -> Iterator[str]:
    """A private tag of the shared busybox base image, removed afterwards (so another
    suite removing the shared tag mid-build cannot break this one)."""
    base = make_base_image(engine.env)
    alias = f"docker-dsl-test/quoting-base:{uuid.uuid4().hex[:10]}"
    tagged = engine.docker("tag", base, alias)
    assert tagged.returncode == 0, tagged.stderr
    try:
        yield alias
    finally:
        engine.docker("rmi", alias)


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    """One loud line per engine that the engine tests could not use."""
    for reason in dict.fromkeys(_SKIPPED):
        terminalreporter.write_line(reason, yellow=True, bold=True)
