"""The `check` category against Docker's own build checks: `docker buildx build
--call=check,format=json` on the modern engine (scripts/engine/modern.sh) is the oracle.
Our rules must report the same check names on the same lines."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from conftest import docker_dsl

ROOT = Path(__file__).resolve().parents[2]
# What Docker 28.5 / buildx 0.29 reports for fixtures/checks.Dockerfile (2026-11-25), for
# the checks we implement; the oracle test below re-derives it where the engine runs.
EXPECTED = {
    ("ReservedStageName", 1),
    ("WorkdirRelativePath", 2),
    ("JSONArgsRecommended", 3),
    ("MultipleInstructionsDisallowed", 3),
    ("MultipleInstructionsDisallowed", 5),
    ("StageNameCasing", 7),
    ("DuplicateStageName", 15),
}
# The same for the fixtures of the argument, FROM and experimental checks (one file each:
# a FROM whose default name is invalid stops Docker before it dispatches the stages, and the
# experimental checks need `# check=experimental=...` and a .dockerignore beside the file).
FIXTURE_EXPECTED = {
    "checks_args.Dockerfile": {
        ("UndefinedVar", 4),
        ("UndefinedVar", 5),
        ("UndefinedVar", 8),
        ("UndefinedVar", 9),
        ("UndefinedVar", 10),
        ("UndefinedVar", 11),
        ("UndefinedVar", 12),
        ("UndefinedVar", 18),
        ("RedundantTargetPlatform", 19),
        ("RedundantTargetPlatform", 20),
        ("FromPlatformFlagConstDisallowed", 21),
        ("UndefinedArgInFrom", 24),
    },
    "checks_from_default.Dockerfile": {
        ("UndefinedArgInFrom", 4),
        ("InvalidDefaultArgInFrom", 5),
    },
    "checks_experimental.Dockerfile": {
        ("InvalidDefinitionDescription", 5),
        ("CopyIgnoredFile", 6),
        ("CopyIgnoredFile", 7),
        ("InvalidDefinitionDescription", 13),
    },
}


def ours(path: Path) -> set[tuple[str, int]]:
    proc = docker_dsl("lint", str(path), "--select", "check", "--format", "json")
    assert proc.returncode in (0, 1), proc.stderr
    return {(f["name"], f["line"]) for f in json.loads(proc.stdout)["findings"]}


def implemented() -> set[str]:
    rules = docker_dsl("rules").stdout.splitlines()
    return {line.split()[1] for line in rules if line.split()[2] == "check"}


def test_our_checks_on_the_fixture(fixtures: Path) -> None:
    assert ours(fixtures / "checks.Dockerfile") == EXPECTED
    assert ours(fixtures / "clean.Dockerfile") == set()


@pytest.mark.parametrize("name", sorted(FIXTURE_EXPECTED))
def test_our_argument_from_and_experimental_checks(fixtures: Path, name: str) -> None:
    assert ours(fixtures / name) == FIXTURE_EXPECTED[name]


def test_the_check_directive_skips_and_makes_errors(tmp_path: Path) -> None:
    dockerfile = tmp_path / "Dockerfile"
    body = "FROM alpine AS Base\nENV A=$UNDEFINED\n"
    dockerfile.write_text("# check=skip=StageNameCasing;error=true\n" + body)
    proc = docker_dsl("lint", str(dockerfile), "--select", "check", "--format", "json", "--fail-on", "error")
    findings = json.loads(proc.stdout)["findings"]
    assert [(f["name"], f["severity"]) for f in findings] == [("UndefinedVar", "error")]
    assert proc.returncode == 1
    dockerfile.write_text("# check=skip\n" + body)
    proc = docker_dsl("lint", str(dockerfile))
    assert proc.returncode == 2
    assert f"{dockerfile}:1: invalid `# check=skip` directive" in proc.stderr, proc.stderr
    assert "Traceback" not in proc.stderr


def modern_engine_env() -> dict[str, str]:
    script = Path(os.environ.get("DOCKER_DSL_MODERN_SH", ROOT / "scripts" / "engine" / "modern.sh"))
    if not script.is_file():
        pytest.skip(f"CHECK ORACLE SKIPPED: no {script} (the modern engine's script)")
    running = subprocess.run(["bash", str(script), "status"], capture_output=True, text=True, check=False)
    if running.returncode != 0:
        pytest.skip(
            f"CHECK ORACLE SKIPPED: modern engine not running ({script} start): {running.stderr.strip()}"
        )
    status = subprocess.run(["bash", str(script), "env"], capture_output=True, text=True, check=True)
    env = dict(os.environ)
    for line in status.stdout.splitlines():
        if line.startswith("export ") and "=" in line:
            name, value = line.removeprefix("export ").split("=", 1)
            env[name] = value.strip("'\"")
    return env


def with_local_base_images(text: str) -> str:
    """`text` with every FROM of an image (not of an earlier stage) on the local base image."""
    stages: set[str] = set()
    lines = []
    for line in text.splitlines():
        words = line.split()
        if line.startswith("FROM ") and "busybox" not in line and words[1].lower() not in stages:
            line = "FROM docker-dsl-test/busybox:1" + line[len(line.split(" AS ")[0]) :]
        if line.startswith("FROM ") and " AS " in line:
            stages.add(line.split(" AS ")[1].strip().lower())
        lines.append(line)
    return "\n".join(lines) + "\n"


@pytest.mark.parametrize(
    "name", ["checks.Dockerfile", "leaky.Dockerfile", "clean.Dockerfile", *sorted(FIXTURE_EXPECTED)]
)
def test_docker_build_checks_agree(fixtures: Path, tmp_path: Path, name: str) -> None:
    env = modern_engine_env()
    # The build context: the files a fixture copies, and its .dockerignore
    context = fixtures / name.replace(".Dockerfile", ".context")
    if context.is_dir():
        shutil.copytree(context, tmp_path, dirs_exist_ok=True)
    ignore = fixtures / f"{name}.dockerignore"
    if ignore.is_file():
        shutil.copy(ignore, tmp_path / ".dockerignore")
    (tmp_path / "Dockerfile").write_text(with_local_base_images((fixtures / name).read_text()))
    proc = subprocess.run(
        ["docker", "buildx", "build", "--call=check,format=json", str(tmp_path)],
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
        check=False,
    )
    report = json.loads(proc.stdout or "{}")
    wanted = implemented()
    theirs = {
        (w["ruleName"], w["location"]["ranges"][0]["start"]["line"])
        for w in report.get("warnings", [])
        if w["ruleName"] in wanted
    }
    assert theirs == ours(tmp_path / "Dockerfile"), proc.stderr[-2000:]
