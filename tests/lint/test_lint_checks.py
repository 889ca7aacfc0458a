"""The `check` category against Docker's own build checks: `docker buildx build
--call=check,format=json` on the modern engine (scripts/engine/modern.sh) is the oracle.
Our rules must report the same check names on the same lines."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from check_oracle import docker_checks, engine_env, engine_running, offline
from lint_cli import docker_dsl

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "engine"))
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "scale"))
from engine_harness import skip_or_fail
from local_registry import LocalRegistry

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
# The same for fixtures/style_checks.Dockerfile (K007-K014, the checks that read spelling).
EXPECTED_STYLE = {
    ("FromAsCasing", 3),
    ("MaintainerDeprecated", 4),
    ("LegacyKeyValueFormat", 5),
    ("SecretsUsedInArgOrEnv", 6),
    ("LegacyKeyValueFormat", 7),
    ("ConsistentInstructionCasing", 8),
    ("ExposeInvalidFormat", 9),
    ("ExposeProtoCasing", 9),
    ("SecretsUsedInArgOrEnv", 10),
    ("NoEmptyContinuation", 15),
    ("ConsistentInstructionCasing", 16),
    ("NoEmptyContinuation", 19),
    ("ConsistentInstructionCasing", 22),
    ("FromAsCasing", 22),
    ("FromAsCasing", 23),
    ("ConsistentInstructionCasing", 24),
    ("ConsistentInstructionCasing", 25),
    ("NoEmptyContinuation", 28),
    # multi-line instructions: Docker reports them on their first line
    ("ExposeProtoCasing", 30),
    ("SecretsUsedInArgOrEnv", 32),
    ("ExposeInvalidFormat", 34),
    # a WORKDIR made relative by a variable the stage defines
    ("WorkdirRelativePath", 38),
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
# Fixtures on which Docker reports its checks and then stops with an error of the build
# (an invalid default image name in a FROM): the warnings still come back.
STOPS_DOCKER = {"checks_from_default.Dockerfile"}


def ours(path: Path) -> set[tuple[str, int]]:
    proc = docker_dsl("lint", str(path), "--select", "check", "--format", "json")
    assert proc.returncode in (0, 1), proc.stderr
    return {(f["name"], f["line"]) for f in json.loads(proc.stdout)["findings"]}


def implemented() -> set[str]:
    rules = docker_dsl("rules").stdout.splitlines()
    return {line.split()[1] for line in rules if line.split()[2] == "check"}


def test_our_checks_on_the_fixture(fixtures: Path) -> None:
    assert ours(fixtures / "checks.Dockerfile") == EXPECTED
    assert ours(fixtures / "style_checks.Dockerfile") == EXPECTED_STYLE
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
    why = engine_running()
    if why:
        skip_or_fail(f"CHECK ORACLE SKIPPED: {why}")
    return engine_env()


@pytest.mark.parametrize(
    "name",
    [
        "checks.Dockerfile",
        "style_checks.Dockerfile",
        "leaky.Dockerfile",
        "clean.Dockerfile",
        *sorted(FIXTURE_EXPECTED),
    ],
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
    (tmp_path / "Dockerfile").write_text(offline((fixtures / name).read_text()))
    theirs, error = docker_checks(tmp_path, env)
    assert bool(error) == (name in STOPS_DOCKER), error
    wanted = implemented()
    if name != "clean.Dockerfile":
        assert theirs, "Docker reported no check at all: the comparison would pass vacuously"
    assert {item for item in theirs if item[0] in wanted} == ours(tmp_path / "Dockerfile")


PLATFORM_FIXTURE = """\
FROM {image}
FROM --platform=linux/arm64 {image} AS native
FROM --platform=$BUILDPLATFORM {image} AS tools
FROM --platform=linux/arm/v7 {image} AS armv7
FROM native
"""
"""InvalidBaseImagePlatform's lines: the image is linux/arm64 only, so the default target
(linux/amd64, line 1), $BUILDPLATFORM (3) and another arm (4) are flagged; line 2 asks for
its platform, and line 5 is built on a stage."""


def test_invalid_base_image_platform_agrees_through_the_lock(tmp_path: Path) -> None:
    """K020 needs the base image's platform: Docker reads the config it pulls, we read
    docker-dsl.lock. An arm64-only image (COPY only, so no emulation) is pushed to a registry
    2.8 on 127.0.0.1 from the modern engine and locked; Docker's check, our lint with that
    lock, and our lint without it (nothing to judge: no finding) are compared."""
    env = modern_engine_env()
    (tmp_path / "registry").mkdir()
    registry = LocalRegistry(tmp_path / "registry")
    image = f"{registry.host}/lint/arm-only:1"
    try:
        (tmp_path / "ctx").mkdir()
        (tmp_path / "ctx" / "file").write_text("arm64 only\n")
        (tmp_path / "ctx" / "Dockerfile").write_text("FROM scratch\nCOPY file /file\n")
        for argv in (
            ["docker", "buildx", "build", "--platform", "linux/arm64", "-t", image, str(tmp_path / "ctx")],
            ["docker", "push", image],
        ):
            done = subprocess.run(argv, env=env, capture_output=True, text=True, timeout=300, check=False)
            assert done.returncode == 0, done.stderr
        work = tmp_path / "work"
        work.mkdir()
        (work / "Dockerfile").write_text(PLATFORM_FIXTURE.format(image=image))
        locked = docker_dsl("lock", "Dockerfile", cwd=work)
        assert locked.returncode == 0, locked.stderr
        lock = json.loads((work / "docker-dsl.lock").read_text())
        assert list(lock["images"][image]["platforms"]) == ["linux/arm64"]

        theirs, error = docker_checks(work, env)
        assert not error, error
        theirs = {key: detail for key, detail in theirs.items() if key[0] == "InvalidBaseImagePlatform"}
        proc = docker_dsl("lint", "Dockerfile", "--select", "K020", "--format", "json", cwd=work)
        assert proc.returncode == 1, proc.stderr
        mine = {(f["name"], f["line"]): f["message"] for f in json.loads(proc.stdout)["findings"]}
        assert set(mine) == set(theirs) == {("InvalidBaseImagePlatform", n) for n in (1, 3, 4)}
        for key, detail in theirs.items():
            assert mine[key].startswith(detail + ": "), (mine[key], detail)

        (work / "empty.lock").write_text(json.dumps({"version": 1, "images": {}}))
        unlocked = docker_dsl("lint", "Dockerfile", "--select", "K020", "--lock-file", "empty.lock", cwd=work)
        assert (unlocked.returncode, unlocked.stderr) == (0, "")
    finally:
        registry.stop()
        subprocess.run(["docker", "rmi", "-f", image], env=env, capture_output=True, check=False)
