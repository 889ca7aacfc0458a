"""`docker-dsl init`: starter recipes whose cache mounts follow seed 003's table.

The expectations below are seed 003's table restated (the tool's cache directories, apt's
locked), checked against BuildKit's own parser of the rendered Dockerfile, and one
starter recipe with every ecosystem is built on the real engine, with the tools stubbed
by tiny scripts that log which cache mounts they saw."""

from __future__ import annotations

import subprocess
import sys
import uuid
from pathlib import Path

import dockerfile
import pytest

SEED_003_CACHES = {
    "pip": ["/root/.cache/pip"],
    "poetry": ["/root/.cache/pypoetry"],
    "uv": ["/root/.cache/uv"],
    "npm": ["/root/.npm"],
    "pnpm": ["/root/.local/share/pnpm/store"],
    "yarn": ["/usr/local/share/.cache/yarn"],
    "go": ["/go/pkg/mod", "/root/.cache/go-build"],
    "cargo": ["/usr/local/cargo/registry", "/app/target"],
    "apt-get": ["/var/cache/apt", "/var/lib/apt"],
}
"""Seed 003: each package manager's cache directories."""

OPTIONS = {
    "pip": ["--python", "pip"],
    "poetry": ["--python", "poetry"],
    "uv": ["--python", "uv"],
    "npm": ["--node", "npm"],
    "pnpm": ["--node", "pnpm"],
    "yarn": ["--node", "yarn"],
    "go": ["--go"],
    "cargo": ["--rust"],
    "apt-get": ["--apt"],
}


def mounts(run_value: str) -> dict[str, dict[str, str]]:
    """The `--mount=` options of a RUN (BuildKit parser words), by target."""
    found: dict[str, dict[str, str]] = {}
    for word in run_value.split():
        if word.startswith("--mount="):
            fields = dict(part.split("=", 1) for part in word.removeprefix("--mount=").split(","))
            found[fields["target"]] = fields
    return found


def runs_by_tool(text: str) -> dict[str, dict[str, dict[str, str]]]:
    """Each RUN's mounts, keyed by the command the RUN starts (`apt-get`, `pip`, ...)."""
    by_tool = {}
    for instruction in dockerfile.parse_string(text):
        if instruction.cmd == "RUN":
            script = " ".join(instruction.value)
            tool = script.split("\\")[-1].split()[0] if "--mount" in script else script.split()[0]
            words = [w for w in " ".join(instruction.flags).split() if w]
            by_tool[tool] = mounts(" ".join(words))
    return by_tool


def init(docker_dsl, tmp_path: Path, *options: str) -> str:
    recipe = tmp_path / "Dockerfile.py"
    result = docker_dsl("init", *options, "--out", str(recipe))
    assert result.returncode == 0, result.stderr
    rendered = docker_dsl(str(recipe), "--syntax", "none")
    assert rendered.returncode == 0, rendered.stderr
    return rendered.stdout


@pytest.mark.parametrize("tool", sorted(OPTIONS))
def test_each_tool_gets_seed_003_cache_mounts(docker_dsl, tmp_path, tool):
    text = init(docker_dsl, tmp_path, *OPTIONS[tool])
    runs = runs_by_tool(text)
    assert tool in runs, text
    caches = {target for target, mount in runs[tool].items() if mount["type"] == "cache"}
    assert caches == set(SEED_003_CACHES[tool]), text
    for target in SEED_003_CACHES[tool]:
        mount = runs[tool][target]
        assert mount["type"] == "cache"
        assert mount["sharing"] == ("locked" if tool == "apt-get" else "shared"), text


def test_every_ecosystem_at_once_makes_one_stage_each_with_apt_first(docker_dsl, tmp_path):
    text = init(docker_dsl, tmp_path, "--python", "uv", "--node", "pnpm", "--go", "--rust", "--apt")
    froms = [i.value for i in dockerfile.parse_string(text) if i.cmd == "FROM"]
    assert [f[-1] for f in froms] == ["python", "node", "go", "rust"]
    assert text.count("apt-get update") == 4


def test_init_refuses_to_overwrite_and_needs_an_ecosystem(docker_dsl, tmp_path):
    recipe = tmp_path / "Dockerfile.py"
    recipe.write_text("keep me\n")
    result = docker_dsl("init", "--go", "--out", str(recipe))
    assert result.returncode == 2
    assert "--force" in result.stderr
    assert recipe.read_text() == "keep me\n"
    assert docker_dsl("init", "--go", "--out", str(recipe), "--force").returncode == 0
    assert "go mod download" in recipe.read_text()
    nothing = docker_dsl("init", "--out", str(tmp_path / "x.py"))
    assert nothing.returncode == 2 and "--python" in nothing.stderr
    assert not (tmp_path / "x.py").exists()
    bad = docker_dsl("init", "--python", "conda")
    assert bad.returncode == 2 and "pip" in bad.stderr


STUB_TOOL = """#!/bin/sh
# Stands in for a package manager: logs its command line and the cache mounts it sees.
echo "$(basename "$0") $* | $(awk '{print $2}' /proc/mounts | grep -E '^/(root|var|go|usr/local|app)' | sort | tr '\\n' ' ')" >> /tool-calls
"""


@pytest.fixture
def toolbox(engine_client, base_image, tmp_path) -> str:
    """busybox plus a logging stub for every package manager, tagged ecosystem-toolbox-*."""
    tag = f"ecosystem-toolbox-{uuid.uuid4().hex[:8]}:1"
    ctx = tmp_path / "toolbox"
    ctx.mkdir()
    (ctx / "tool").write_text(STUB_TOOL)
    names = ["pip", "poetry", "uv", "npm", "pnpm", "yarn", "go", "cargo", "apt-get"]
    links = " && ".join(f"ln -s /bin/tool /bin/{n}" for n in names)
    (ctx / "Dockerfile").write_text(
        f"FROM {base_image}\nCOPY tool /bin/tool\nRUN chmod 0755 /bin/tool && {links}\n"
    )
    build = subprocess.run(
        [*engine_client.argv(), "-t", tag, str(ctx)],
        env=engine_client.env(),
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )
    assert build.returncode == 0, build.stderr
    yield tag
    subprocess.run(["docker", "rmi", "-f", tag], capture_output=True, check=False)


def test_the_starter_recipe_builds_on_the_engine_with_its_caches(docker_dsl, toolbox, tmp_path):
    project = tmp_path / "project"
    project.mkdir()
    for name in ("requirements.txt", "package.json", "package-lock.json", "go.mod", "go.sum"):
        (project / name).write_text("")
    recipe = project / "Dockerfile.py"
    made = docker_dsl(
        "init",
        "--python",
        "pip",
        "--node",
        "npm",
        "--go",
        "--rust",
        "--apt",
        "--base",
        toolbox,
        "--out",
        str(recipe),
    )
    assert made.returncode == 0, made.stderr
    tag = f"ecosystem-init-{uuid.uuid4().hex[:8]}:1"
    try:
        for stage in ("python", "node", "go", "rust"):
            built = docker_dsl(
                "build",
                str(recipe),
                "--syntax",
                "none",
                "--target",
                stage,
                "-t",
                tag,
                "--context",
                str(project),
            )
            assert built.returncode == 0, built.stdout + built.stderr
            calls = subprocess.run(
                ["docker", "run", "--rm", tag, "cat", "/tool-calls"],
                capture_output=True,
                text=True,
                check=True,
            ).stdout.splitlines()
            tool = {"python": "pip", "node": "npm", "go": "go", "rust": "cargo"}[stage]
            assert [c.split()[0] for c in calls] == ["apt-get", "apt-get", tool], calls
            for call in calls:
                seen = call.split("|")[1].split()
                for target in SEED_003_CACHES[call.split()[0]]:
                    assert target in seen, f"{call}: no cache mount at {target}"
    finally:
        subprocess.run(["docker", "rmi", "-f", tag], capture_output=True, check=False)


def test_the_starter_recipe_passes_strict_mypy_and_ruff(docker_dsl, tmp_path):
    recipe = tmp_path / "Dockerfile.py"
    made = docker_dsl(
        "init", "--python", "poetry", "--node", "yarn", "--go", "--rust", "--apt", "--out", str(recipe)
    )
    assert made.returncode == 0, made.stderr
    typed = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--no-incremental", str(recipe)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert typed.returncode == 0, typed.stdout
    linted = subprocess.run(
        [sys.executable, "-m", "ruff", "check", "--isolated", "--select", "E4,E7,E9,F,W,B,SIM", str(recipe)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert linted.returncode == 0, linted.stdout


def test_the_starter_recipe_lints_clean(docker_dsl, tmp_path):
    """`docker-dsl lint` finds nothing in what `init` writes, for every ecosystem it knows."""
    recipe = tmp_path / "Dockerfile.py"
    made = docker_dsl(
        "init", "--python", "pip", "--node", "npm", "--go", "--rust", "--apt", "--out", str(recipe)
    )
    assert made.returncode == 0, made.stderr
    linted = docker_dsl("lint", str(recipe))
    assert linted.returncode == 0, linted.stdout + linted.stderr
