"""Fixtures for the quoting tests (tests/quoting).

* puts tests/oracle (the ``buildkit_words`` oracle) and this directory
  (``quoting_helpers``) on ``sys.path``;
* ``engine``/``base_image``: the real Docker engine with BuildKit, for the one
  test that proves the oracle lexer agrees with the engine. Those tests skip,
  with one loud line in the summary, only when ``docker info`` fails.

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
from engine_harness import BASE_IMAGE, MAKE_BASE_IMAGE, require_build_client

_SKIPPED: list[str] = []


@dataclass(frozen=True)
class Engine:
    """How to start a BuildKit build on this machine."""

    argv: tuple[str, ...]
    env: dict[str, str]
    describe: str

    def build(self, context: Path, tag: str, timeout: int = 300) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [*self.argv, "--progress=plain", "-t", tag, str(context)],
            env=self.env,
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )


@pytest.fixture(scope="session")
def engine() -> Engine:
    """The real engine; skips (loudly, once) only when ``docker info`` fails."""
    _, client = require_build_client("QUOTING ENGINE TEST", _SKIPPED)
    return Engine(tuple(client.argv()), client.env(), " ".join(client.argv()))


@pytest.fixture(scope="session")
def base_image(engine: Engine) -> Iterator[str]:
    """A private tag of the shared busybox base image, removed afterwards (so another
    suite removing the shared tag mid-build cannot break this one)."""
    made = subprocess.run(
        ["bash", str(MAKE_BASE_IMAGE), BASE_IMAGE], capture_output=True, text=True, timeout=600, check=False
    )
    assert made.returncode == 0, f"make-base-image.sh failed:\n{made.stdout}{made.stderr}"
    alias = f"docker-dsl-test/quoting-base:{uuid.uuid4().hex[:10]}"
    subprocess.run(["docker", "tag", BASE_IMAGE, alias], capture_output=True, check=True, timeout=60)
    try:
        yield alias
    finally:
        subprocess.run(["docker", "rmi", alias], capture_output=True, timeout=120, check=False)


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    """One loud line when the engine test did not run for lack of an engine."""
    if _SKIPPED:
        terminalreporter.write_line(_SKIPPED[0], yellow=True, bold=True)
