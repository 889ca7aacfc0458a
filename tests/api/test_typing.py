"""Editors complete the API: the stub matches the compiled module, and mypy
accepts real recipes (dynamic builder commands included) while catching misuse."""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def mypy(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", *args], check=False, capture_output=True, text=True, cwd=ROOT
    )


def test_stub_matches_the_compiled_module():
    result = mypy("mypy.stubtest", "docker_dsl._native", "--allowlist", "python/stubtest-allowlist.txt")
    assert result.returncode == 0, result.stdout + result.stderr


def test_mypy_accepts_recipes_and_types_dynamic_commands(tmp_path):
    recipe = tmp_path / "typed_recipe.py"
    recipe.write_text(
        "from docker_dsl import Stage, context\n"
        "context.register('private', bool)\n"
        "with Stage('python:3.13-slim') as s:\n"
        "    with s.cache('/root/.cache/pip'), s.run() as r:\n"
        "        r.git('clone', 'https://example.com/x.git', depth='1', recurse_submodules=True)\n"
        "        r.mytool('--fast', level=3)\n"
        "        r.echo('x') > '/etc/x'\n"
        "    s.copy(['a', 'b'], '/app/', chmod=0o644)\n"
        "reveal_type(r.mytool)\n"
    )
    result = mypy("mypy", "--strict", "--no-incremental", str(recipe))
    assert 'Revealed type is "docker_dsl._native.CmdInvoker"' in result.stdout, result.stdout
    assert "error" not in result.stdout.replace("Revealed", ""), result.stdout


def test_mypy_catches_a_misused_api(tmp_path):
    recipe = tmp_path / "bad_recipe.py"
    recipe.write_text(
        "from docker_dsl import Stage\nwith Stage('alpine') as s:\n    s.cache('/x', sharing='sometimes')\n"
    )
    result = mypy("mypy", "--no-incremental", str(recipe))
    assert result.returncode == 1
    assert 'Argument "sharing"' in result.stdout, result.stdout
