"""`.pre-commit-hooks.yaml`: each hook's entry, run the way pre-commit runs it (entry +
args, plus the staged file names unless pass_filenames is false), does its job."""

from __future__ import annotations

import shlex
import shutil
import subprocess
from pathlib import Path

import yaml
from engine_harness import docker_dsl_command

ROOT = Path(__file__).resolve().parents[2]
HOOKS = {hook["id"]: hook for hook in yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text())}


def run_hook(hook: dict, args: list[str], cwd: Path, files: list[str] = ()) -> subprocess.CompletedProcess:
    """Runs a python-language hook as pre-commit would, with our docker-dsl as the entry's program."""
    entry = shlex.split(hook["entry"])
    assert entry[0] == "docker-dsl"
    argv = [*docker_dsl_command(), *entry[1:], *args]
    if hook.get("pass_filenames", True):
        argv += files
    return subprocess.run(argv, cwd=cwd, capture_output=True, text=True, check=False)


def test_both_hooks_are_defined_for_python_environments():
    assert set(HOOKS) == {"docker-dsl-lint", "docker-dsl-render-check"}
    for hook in HOOKS.values():
        assert hook["language"] == "python"
        assert hook["name"] and hook["description"]
    assert HOOKS["docker-dsl-render-check"]["pass_filenames"] is False


def test_the_render_check_hook_passes_a_fresh_dockerfile_and_fails_a_stale_one(docker_dsl, tmp_path):
    shutil.copy(ROOT / "examples" / "seed_mounts.py", tmp_path / "app.py")
    hook = HOOKS["docker-dsl-render-check"]
    args = ["app.py", "--private=true", "--out", "Dockerfile"]
    assert docker_dsl("app.py", "--private=true", "--out", "Dockerfile", cwd=tmp_path).returncode == 0
    assert run_hook(hook, args, tmp_path).returncode == 0
    (tmp_path / "Dockerfile").write_text(
        (tmp_path / "Dockerfile").read_text().replace("pip install", "pip3 install")
    )
    stale = run_hook(hook, args, tmp_path)
    assert stale.returncode == 1
    assert "-  pip3 install" in stale.stdout and "+  pip install" in stale.stdout


def test_the_lint_hook_runs_docker_dsl_lint(docker_dsl, tmp_path):
    (tmp_path / "Dockerfile").write_text("FROM busybox\nRUN true\n")
    clean = run_hook(HOOKS["docker-dsl-lint"], [], tmp_path, ["Dockerfile"])
    assert clean.returncode == 0, clean.stdout + clean.stderr
    (tmp_path / "Leaky.Dockerfile").write_text(
        "FROM busybox\nRUN --mount=type=secret,id=tok cat /run/secrets/tok > /token\n"
    )
    leaky = run_hook(HOOKS["docker-dsl-lint"], [], tmp_path, ["Leaky.Dockerfile"])
    assert leaky.returncode == 1, leaky.stdout + leaky.stderr
    assert "S001" in leaky.stdout, leaky.stdout
