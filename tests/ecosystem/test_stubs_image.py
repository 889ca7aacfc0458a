"""`docker-dsl stubs --image IMAGE`: the commands on PATH inside a real container of
the local busybox image become the run builder's typed commands, through a typing
overlay that mypy reads from the project."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path


def busybox_applets(image: str) -> set[str]:
    """What the image has, asked independently of docker-dsl: busybox's own applet list."""
    listed = subprocess.run(
        ["docker", "run", "--rm", "--entrypoint", "busybox", image, "--list"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return set(listed.split())


def mypy(cwd: Path, source: str) -> subprocess.CompletedProcess:
    (cwd / "recipe.py").write_text(source)
    return subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--no-incremental", "--no-error-summary", "recipe.py"],
        cwd=cwd,
        env={"MYPYPATH": "typings", "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        check=False,
    )


def test_the_overlay_types_exactly_the_image_s_commands(docker_dsl, base_image, tmp_path):
    result = docker_dsl("stubs", "--image", base_image, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    stub = (tmp_path / "typings" / "docker_dsl" / "_toolset.pyi").read_text()
    methods = {line.split("(")[0].split()[-1] for line in stub.splitlines() if line.startswith("    def ")}
    applets = busybox_applets(base_image)
    identifiers = {a for a in applets if a.isidentifier() and a not in ("install", "echo")}
    assert methods == identifiers
    assert "git" not in methods and "pip" not in methods


def test_mypy_types_the_image_s_commands_through_the_overlay(docker_dsl, base_image, tmp_path):
    assert docker_dsl("stubs", "--image", base_image, cwd=tmp_path).returncode == 0
    checked = mypy(
        tmp_path,
        "from docker_dsl import Stage\n"
        "with Stage('busybox') as s, s.run() as r:\n"
        "    r.wc('-l', '/etc/passwd')\n"
        "    r.tar('-xf', 'a.tar', directory='/opt')\n"
        "    reveal_type(r.wc)\n"
        "    reveal_type(r.tar)\n",
    )
    assert checked.returncode == 0, checked.stdout + checked.stderr
    revealed = [line for line in checked.stdout.splitlines() if "Revealed type" in line]
    assert "def (*args:" in revealed[0] and "**flags:" in revealed[0], revealed[0]
    assert "directory:" in revealed[1], "tar keeps the table's flags"


def test_an_image_that_is_not_there_is_bad_input(docker_dsl, engine_client, tmp_path):
    result = docker_dsl("stubs", "--image", "ecosystem-no-such-image:1", cwd=tmp_path)
    assert result.returncode == 2
    assert "ecosystem-no-such-image:1" in result.stderr and "No such image" in result.stderr
    assert not (tmp_path / "typings").exists()
