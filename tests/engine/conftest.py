"""Fixtures for the engine promise tests (tests/engine): docker-dsl on the real Docker engines.

Every test that needs the engine runs twice, once per engine of `ENGINE_TARGETS` (the
system's Docker 20.10 and the modern engine of scripts/engine/modern.sh): the `engine`
fixture is parametrized, so test ids end in `[docker-20.10]` or `[modern]`, and
`-k modern` picks one. A test skips with one loud reason only when its engine does not
answer `docker info`; under CI=true or DOCKER_DSL_REQUIRE_ENGINE=1 it fails instead. Any
other problem (no BuildKit-capable client, a failed install, a failed build) fails. The
tests that need no engine (rendering, the no-engine error) always run.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
if str(HERE) not in sys.path:  # engine_harness, under any --import-mode
    sys.path.insert(0, str(HERE))

from engine_harness import (
    ENGINE_TARGETS,
    Engine,
    EngineTarget,
    SshAgent,
    make_base_image,
    require_build_client,
)

_SKIP_REASON: list[str] = []


@pytest.fixture(scope="session", params=ENGINE_TARGETS, ids=lambda target: target.name)
def engine(request: pytest.FixtureRequest) -> Iterator[Engine]:
    """One real engine, with a BuildKit-capable client; skips only if `docker info` fails."""
    yield from _session_engine(request.param)


@pytest.fixture(scope="session")
def modern_engine() -> Iterator[Engine]:
    """The modern engine alone (its buildx client and docker contexts), for the tests of
    `--builder` that use both daemons at once."""
    for eng in _session_engine(next(t for t in ENGINE_TARGETS if t.name == "modern")):
        assert eng.client.buildx, f"the modern engine's client has no buildx: {eng.client}"
        yield eng


def _session_engine(target: EngineTarget) -> Iterator[Engine]:
    detail, client = require_build_client("ENGINE TESTS", _SKIP_REASON, target)
    workdir = Path(tempfile.mkdtemp(prefix="docker-dsl-engine-tests-"))
    eng = Engine(target, detail, client, workdir)
    try:
        yield eng
    finally:
        eng.cleanup()
        shutil.rmtree(workdir, ignore_errors=True)


@pytest.fixture(scope="session")
def base_image(engine: Engine) -> str:
    """The local base image `docker-dsl-test/busybox:1`, made once per engine."""
    return make_base_image(engine.env)


@pytest.fixture(scope="session")
def ssh_agent(engine: Engine) -> Iterator[SshAgent]:
    """An ssh-agent with a generated key, stopped at the end of the session.

    Installs Debian's `openssh-client` (ssh-agent, ssh-add, ssh-keygen) with apt-get
    when ssh-agent is missing.
    """
    if shutil.which("ssh-agent") is None:
        _apt_install("openssh-client")
    work = Path(tempfile.mkdtemp(prefix="ssh-", dir=engine.workdir))
    sock = work / "agent.sock"
    out = subprocess.run(
        ["ssh-agent", "-s", "-a", str(sock)], capture_output=True, text=True, check=True, timeout=30
    ).stdout
    match = re.search(r"SSH_AGENT_PID=(\d+)", out)
    assert match, f"ssh-agent printed no pid: {out!r}"
    pid = int(match.group(1))
    try:
        key = work / "id_ed25519"
        subprocess.run(
            ["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", "docker-dsl-test", "-f", str(key)],
            check=True,
            timeout=30,
        )
        env = dict(os.environ, SSH_AUTH_SOCK=str(sock))
        subprocess.run(["ssh-add", "-q", str(key)], env=env, check=True, capture_output=True, timeout=30)
        listed = subprocess.run(
            ["ssh-add", "-l"], env=env, capture_output=True, text=True, timeout=30, check=False
        )
        yield SshAgent(str(sock), pid, listed.stdout.split()[1] if listed.stdout else "")
    finally:
        try:
            os.kill(pid, signal.SIGTERM)
        except ProcessLookupError:
            pass


def _apt_install(package: str) -> None:
    assert os.geteuid() == 0, f"{package} is missing and only root can apt-get install it"
    env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
    first = subprocess.run(
        ["apt-get", "install", "-y", package], env=env, capture_output=True, timeout=600, check=False
    )
    if first.returncode != 0:
        subprocess.run(["apt-get", "update"], env=env, capture_output=True, check=True, timeout=600)
        subprocess.run(
            ["apt-get", "install", "-y", package], env=env, capture_output=True, check=True, timeout=600
        )


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    """Say loudly, one line per engine, when the engine suite did not run for lack of it."""
    for reason in dict.fromkeys(_SKIP_REASON):
        terminalreporter.write_line(reason, yellow=True, bold=True)
