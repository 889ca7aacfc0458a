"""stdout carries exactly the Dockerfile, and paths mean what they meant when the
command started (issue 13, items 5-7)."""

import os
import subprocess
import sys
import textwrap
from pathlib import Path

CLI = Path(sys.executable).with_name("docker-dsl")
EXPECTED = "# syntax=docker/dockerfile:1\nFROM alpine AS base\nRUN ls\n"


def cli(cwd: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([str(CLI), *args], cwd=cwd, capture_output=True, text=True, check=False)


def write(path: Path, body: str) -> Path:
    path.write_text(textwrap.dedent(body).lstrip("\n"))
    return path


def test_what_the_recipes_processes_print_goes_to_stderr(tmp_path):
    recipe = write(
        tmp_path / "noisy.py",
        """
        import os, subprocess, sys
        from docker_dsl import Stage
        os.system("echo from-system")
        subprocess.run(["echo", "from-subprocess"], check=True)
        os.write(1, b"from-write\\n")
        print("from-print")
        with Stage("alpine") as s:
            s.run("ls")
        """,
    )
    done = cli(tmp_path, str(recipe))
    assert done.returncode == 0, done.stderr
    assert done.stdout == EXPECTED
    for line in ("from-system", "from-subprocess", "from-write", "from-print"):
        assert line in done.stderr.splitlines()


def test_relative_paths_are_taken_before_the_recipe_changes_directory(tmp_path):
    (tmp_path / "elsewhere").mkdir()
    (tmp_path / "out").mkdir()
    write(
        tmp_path / "wanders.py",
        """
        import os
        from docker_dsl import Stage
        os.chdir("elsewhere")
        with Stage("alpine") as s:
            s.run("ls")
        """,
    )
    done = cli(tmp_path, "wanders.py", "--out", "out/Dockerfile")
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "out" / "Dockerfile").read_text() == EXPECTED
    assert not (tmp_path / "elsewhere" / "out").exists()


def test_out_dash_is_stdout(tmp_path):
    recipe = write(
        tmp_path / "r.py", 'from docker_dsl import Stage\nwith Stage("alpine") as s:\n    s.run("ls")\n'
    )
    done = cli(tmp_path, str(recipe), "--out", "-")
    assert done.returncode == 0, done.stderr
    assert done.stdout == EXPECTED
    assert not (tmp_path / "-").exists()


def test_out_writes_through_a_symlink(tmp_path):
    recipe = write(
        tmp_path / "r.py", 'from docker_dsl import Stage\nwith Stage("alpine") as s:\n    s.run("ls")\n'
    )
    (tmp_path / "real").mkdir()
    os.symlink("real/Dockerfile", tmp_path / "Dockerfile")
    done = cli(tmp_path, str(recipe), "-o", "Dockerfile")
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "Dockerfile").is_symlink()
    assert (tmp_path / "real" / "Dockerfile").read_text() == EXPECTED


def test_a_repeated_out_is_refused(tmp_path):
    recipe = write(
        tmp_path / "r.py", 'from docker_dsl import Stage\nwith Stage("alpine") as s:\n    s.run("ls")\n'
    )
    done = cli(tmp_path, str(recipe), "--out", "a", "-o", "b")
    assert done.returncode == 2
    assert done.stderr == "docker-dsl: error: --out is given 2 times; give it once\n"
    assert not (tmp_path / "a").exists() and not (tmp_path / "b").exists()


def test_render_path_is_taken_before_the_recipe_changes_directory(tmp_path, monkeypatch):
    import docker_dsl

    (tmp_path / "elsewhere").mkdir()
    (tmp_path / "out").mkdir()
    recipe = write(
        tmp_path / "wanders_api.py",
        """
        import os
        from docker_dsl import Stage
        os.chdir(os.path.join(os.path.dirname(os.path.abspath(__file__)), "elsewhere"))
        with Stage("alpine") as s:
            s.run("ls")
        """,
    )
    monkeypatch.chdir(tmp_path)
    module = docker_dsl._recipe.load(str(recipe))[0]
    docker_dsl.Dockerfile(module).render("out/Dockerfile")
    assert (tmp_path / "out" / "Dockerfile").read_text() == EXPECTED
