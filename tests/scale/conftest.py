"""Fixtures for the scale tests (matrix, bake, graph, scrubbed logs): the engine harness of
tests/engine is reused for the tests that build."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ENGINE_DIR = Path(__file__).resolve().parents[1] / "engine"
if str(ENGINE_DIR) not in sys.path:
    sys.path.insert(0, str(ENGINE_DIR))

from engine_harness import BASE_IMAGE, MAKE_BASE_IMAGE, BuildClient, require_build_client  # noqa: E402

_SKIPPED: list[str] = []


@pytest.fixture(scope="session")
def build_client() -> BuildClient:
    """The system engine's BuildKit client; skips loudly only when no engine answers."""
    _, client = require_build_client("SCALE ENGINE TESTS", _SKIPPED)
    return client


@pytest.fixture(scope="session")
def base_image(build_client: BuildClient) -> str:
    """The local base image `docker-dsl-test/busybox:1` (made once per machine)."""
    proc = subprocess.run(
        ["bash", str(MAKE_BASE_IMAGE), BASE_IMAGE], capture_output=True, text=True, timeout=600, check=False
    )
    assert proc.returncode == 0, f"make-base-image.sh failed:\n{proc.stdout}{proc.stderr}"
    return BASE_IMAGE
