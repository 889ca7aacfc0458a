"""Promise: without an engine the engine tests skip with one loud line per engine, and with
CI=true (or DOCKER_DSL_REQUIRE_ENGINE=1) they fail instead. Needs no engine: it runs one
engine test file in a child pytest whose `docker` is a stand-in that never answers."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent


def _run_without_engine(tmp_path: Path, **extra: str) -> subprocess.CompletedProcess[str]:
    fake = tmp_path / "bin"
    fake.mkdir()
    docker = fake / "docker"
    docker.write_text("#!/bin/sh\necho 'Cannot connect to the Docker daemon' >&2\nexit 1\n")
    docker.chmod(0o755)
    env = {k: v for k, v in os.environ.items() if k not in {"CI", "DOCKER_DSL_REQUIRE_ENGINE"}}
    env.update(PATH=f"{fake}{os.pathsep}{env.get('PATH', '')}", **extra)
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", str(HERE / "test_engine_ssh.py")],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


def test_without_an_engine_the_tests_skip_with_one_loud_line_per_engine(tmp_path: Path) -> None:
    proc = _run_without_engine(tmp_path)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "2 skipped" in proc.stdout, proc.stdout
    for engine in ("docker-20.10", "modern"):
        loud = [
            line for line in proc.stdout.splitlines() if line.startswith(f"ENGINE TESTS SKIPPED on {engine}:")
        ]
        assert len(loud) == 1, proc.stdout
        assert "Cannot connect to the Docker daemon" in loud[0]


@pytest.mark.parametrize(
    "variable", [{"CI": "true"}, {"DOCKER_DSL_REQUIRE_ENGINE": "1"}], ids=["CI", "REQUIRE"]
)
def test_under_ci_a_test_that_would_skip_fails(tmp_path: Path, variable: dict[str, str]) -> None:
    proc = _run_without_engine(tmp_path, **variable)
    assert proc.returncode == 1, proc.stdout + proc.stderr
    assert "2 errors" in proc.stdout or "2 failed" in proc.stdout, proc.stdout
    assert "engine tests may not skip" in proc.stdout, proc.stdout
