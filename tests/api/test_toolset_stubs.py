"""The run builder's toolset stubs (python/docker_dsl/_toolset.pyi): mypy --strict
knows each tool's subcommands and flags, and still accepts tools it does not know.

That the shipped stub equals the one regenerated from the table is checked in Rust
(crates/stubs/tests/shipped_stub.rs) and here through the installed command."""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DOCKER_DSL = Path(sys.executable).with_name("docker-dsl")


def mypy_strict(tmp_path: Path, body: str) -> subprocess.CompletedProcess:
    recipe = tmp_path / "recipe.py"
    recipe.write_text(
        "from docker_dsl import Stage\n"
        "with Stage('python:3.13-slim') as s:\n"
        "    with s.run() as r:\n" + "".join(f"        {line}\n" for line in body.strip().splitlines())
    )
    return subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--no-incremental", "--no-error-summary", str(recipe)],
        check=False,
        capture_output=True,
        text=True,
        cwd=ROOT,
    )


def test_the_installed_command_prints_the_shipped_stub():
    shipped = (ROOT / "python" / "docker_dsl" / "_toolset.pyi").read_text()
    printed = subprocess.run([DOCKER_DSL, "stubs"], check=True, capture_output=True, text=True).stdout
    assert printed == shipped


def test_strict_mypy_accepts_real_calls_of_the_toolset(tmp_path):
    result = mypy_strict(
        tmp_path,
        """
r.pip('install', '--requirement', 'requirements.txt', no_cache_dir=True, index_url='https://x')
r.uv('sync', frozen=True, no_dev=True)
r.poetry('install', no_root=True, only='main')
r.npm('ci', omit='dev')
r.git('clone', 'https://example.com/x.git', depth='1', recurse_submodules=True)
r.go('build', 'main.go', trimpath=True, ldflags='-s -w')
r.cargo('build', release=True, locked=True, target_dir='/tmp/t')
r.apt('install', 'curl')
r.tar('-xzf', 'a.tgz', strip_components=1, directory='/opt')
r.curl('https://example.com', fail=True, location=True, output='/tmp/x')
r.chmod('0755', '/usr/local/bin/x', recursive=True)
r.useradd('app', create_home=True, shell='/bin/sh')
r.dotnet('publish', configuration='Release', output='/out')
""",
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_an_unknown_subcommand_of_a_known_tool_is_an_error(tmp_path):
    result = mypy_strict(tmp_path, "r.git('clonee', 'https://example.com/x.git')")
    assert result.returncode == 1
    assert 'No overload variant of "git" of "Toolset"' in result.stdout, result.stdout


def test_a_flag_the_subcommand_lacks_is_an_error(tmp_path):
    result = mypy_strict(tmp_path, "r.pip('install', 'x', dept='1')")
    assert result.returncode == 1
    assert "pip" in result.stdout and "call-overload" in result.stdout, result.stdout


def test_unknown_tools_type_check_through_the_fallback(tmp_path):
    result = mypy_strict(tmp_path, "r.terraform('init', upgrade=True)\nreveal_type(r.terraform)")
    assert 'Revealed type is "docker_dsl._native.CmdInvoker"' in result.stdout, result.stdout
    assert "error" not in result.stdout, result.stdout
