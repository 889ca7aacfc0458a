"""Fixtures for the quoting tests (tests/quoting).

* puts tests/oracle (the ``buildkit_words`` oracle) and this directory
  (``quoting_helpers``) on ``sys.path``;
* ``engine``/``base_image``: the real Docker engine with BuildKit, for the one
  test that proves the oracle lexer agrees with the engine. Those tests skip,
  with one loud line in the summary, only when ``docker info`` fails.

The oracle itself lives in tests/oracle/buildkit_words.py.
"""

from __future__ import annotations

import io
import os
import shutil
import subprocess
import sys
import tarfile
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
for _dir in (HERE.parent / "oracle", HERE):
    if str(_dir) not in sys.path:
        sys.path.insert(0, str(_dir))

BASE_IMAGE = "docker-dsl-test/busybox:1"
"""The shared local base image (also made by scripts/engine/make-base-image.sh)."""

_SKIPPED: list[str] = []


# --------------------------------------------------------------------------
# The real engine
# --------------------------------------------------------------------------


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


def _docker_info() -> tuple[bool, str]:
    docker = shutil.which("docker") or ("/usr/bin/docker" if os.path.exists("/usr/bin/docker") else None)
    if docker is None:
        return False, "no docker client on PATH"
    try:
        proc = subprocess.run(
            [docker, "info", "--format", "{{.ServerVersion}}"],
            capture_output=True,
            text=True,
            timeout=30,
            check=False,
        )
    except subprocess.TimeoutExpired:
        return False, "`docker info` timed out after 30 s"
    if proc.returncode != 0 or not proc.stdout.strip():
        lines = [ln for ln in (proc.stderr or proc.stdout).splitlines() if ln.strip()]
        return False, lines[-1].strip() if lines else f"`docker info` exited {proc.returncode}"
    return True, proc.stdout.strip()


def _client_major(docker: str) -> int | None:
    proc = subprocess.run(
        [docker, "version", "--format", "{{.Client.Version}}"],
        capture_output=True,
        text=True,
        timeout=30,
        check=False,
    )
    try:
        return int(proc.stdout.strip().split(".")[0])
    except ValueError:
        return None


def _find_engine() -> Engine | None:
    """``docker buildx build`` when the plugin works, else a pre-23 client with DOCKER_BUILDKIT=1."""
    candidates: list[str] = []
    for path in (shutil.which("docker"), "/usr/bin/docker"):
        if path and os.path.exists(path) and path not in candidates:
            candidates.append(path)
    for docker in candidates:
        if (
            subprocess.run(
                [docker, "buildx", "version"], capture_output=True, timeout=30, check=False
            ).returncode
            == 0
        ):
            return Engine((docker, "buildx", "build", "--load"), dict(os.environ), f"{docker} buildx build")
    for docker in candidates:
        major = _client_major(docker)
        if major is not None and major < 23:
            env = dict(os.environ, DOCKER_BUILDKIT="1")
            return Engine((docker, "build"), env, f"DOCKER_BUILDKIT=1 {docker} build")
    return None


@pytest.fixture(scope="session")
def engine() -> Engine:
    """The real engine; skips (loudly, once) only when ``docker info`` fails."""
    answers, detail = _docker_info()
    if not answers:
        reason = f"QUOTING ENGINE TEST SKIPPED: no Docker engine answers `docker info` ({detail})"
        _SKIPPED[:] = [reason]
        pytest.skip(reason)
    found = _find_engine()
    assert found is not None, (
        f"Docker {detail} answers but no client runs BuildKit: install the buildx plugin, "
        "or Debian's docker.io 20.10 client (DOCKER_BUILDKIT=1)"
    )
    return found


def _image_exists(tag: str) -> bool:
    return (
        subprocess.run(
            ["docker", "image", "inspect", tag], capture_output=True, timeout=60, check=False
        ).returncode
        == 0
    )


def _busybox_binary() -> Path:
    """Debian's static busybox, installed with apt-get when missing (as root)."""
    listed = subprocess.run(["dpkg", "-L", "busybox-static"], capture_output=True, text=True, check=False)
    if listed.returncode != 0:
        assert os.geteuid() == 0, "busybox-static is missing and only root can apt-get install it"
        env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
        first = subprocess.run(
            ["apt-get", "install", "-y", "busybox-static"], env=env, capture_output=True, check=False
        )
        if first.returncode != 0:
            subprocess.run(["apt-get", "update"], env=env, capture_output=True, check=True, timeout=600)
            subprocess.run(
                ["apt-get", "install", "-y", "busybox-static"],
                env=env,
                capture_output=True,
                check=True,
                timeout=600,
            )
        listed = subprocess.run(["dpkg", "-L", "busybox-static"], capture_output=True, text=True, check=True)
    for line in listed.stdout.splitlines():
        if line.endswith("/busybox") and os.path.isfile(line):
            return Path(line)
    raise AssertionError(f"busybox-static is installed but holds no busybox binary:\n{listed.stdout}")


def _import_busybox(tag: str) -> None:
    """``docker import`` a rootfs holding only the static busybox and /bin/sh."""
    binary = _busybox_binary()
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w") as tar:
        for name in ("bin", "tmp"):
            info = tarfile.TarInfo(name)
            info.type = tarfile.DIRTYPE
            info.mode = 0o1777 if name == "tmp" else 0o755
            tar.addfile(info)
        data = binary.read_bytes()
        info = tarfile.TarInfo("bin/busybox")
        info.size = len(data)
        info.mode = 0o755
        tar.addfile(info, io.BytesIO(data))
        for applet in ("sh", "true", "ls"):
            link = tarfile.TarInfo(f"bin/{applet}")
            link.type = tarfile.SYMTYPE
            link.linkname = "busybox"
            tar.addfile(link)
    proc = subprocess.run(
        ["docker", "import", "--change", "ENV PATH=/bin", "-", tag],
        input=buf.getvalue(),
        capture_output=True,
        timeout=300,
        check=False,
    )
    assert proc.returncode == 0, f"docker import failed: {proc.stderr.decode(errors='replace')}"


@pytest.fixture(scope="session")
def base_image(engine: Engine) -> Iterator[str]:
    """A private tag of the busybox base image, removed afterwards.

    Reuses ``docker-dsl-test/busybox:1`` when another suite made it, else
    imports one; the build uses a tag of its own so another suite removing the
    shared tag mid-build cannot break it.
    """
    if not _image_exists(BASE_IMAGE):
        _import_busybox(BASE_IMAGE)
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
