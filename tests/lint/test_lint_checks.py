"""The `check` category against Docker's own build checks: `docker buildx build
--call=check,format=json` on the modern engine (scripts/engine/modern.sh) is the oracle.
Our rules must report the same check names on the same lines."""

from __future__ import annotations

import json
import os
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
    assert ours(fixtures / "style_checks.Dockerfile") == EXPECTED_STYLE
    assert ours(fixtures / "clean.Dockerfile") == set()


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


@pytest.mark.parametrize(
    "name", ["checks.Dockerfile", "style_checks.Dockerfile", "leaky.Dockerfile", "clean.Dockerfile"]
)
def test_docker_build_checks_agree(fixtures: Path, tmp_path: Path, name: str) -> None:
    env = modern_engine_env()
    text = (fixtures / name).read_text()
    # FROM images must exist locally: use the local base image for every FROM of an image.
    # A `# syntax=` frontend cannot be pulled offline: the line becomes a plain comment, so
    # the engine's built-in frontend checks the file and the line numbers stay.
    lines = [
        "FROM docker-dsl-test/busybox:1" + line[len(line.split(" AS ")[0]) :]
        if line.startswith("FROM ") and "busybox" not in line and not line.startswith("FROM two")
        else "# frontend pin removed for the offline oracle"
        if line.startswith("# syntax=")
        else line
        for line in text.splitlines()
    ]
    (tmp_path / "Dockerfile").write_text("\n".join(lines) + "\n")
    proc = subprocess.run(
        ["docker", "buildx", "build", "--call=check,format=json", str(tmp_path)],
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
        check=False,
    )
    assert proc.stdout.strip(), f"no check report: {proc.stderr[-2000:]}"
    report = json.loads(proc.stdout)
    wanted = implemented()
    theirs = {
        (w["ruleName"], w["location"]["ranges"][0]["start"]["line"])
        for w in report.get("warnings") or []
        if w["ruleName"] in wanted
    }
    assert theirs == ours(tmp_path / "Dockerfile"), proc.stderr[-2000:]
