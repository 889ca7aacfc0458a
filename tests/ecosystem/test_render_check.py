"""`docker-dsl render RECIPE --out PATH --check` (the pre-commit hook): exit 0 when the
committed file is the render, 1 with a unified diff when it is not or is missing, and
never writes the file."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def project(tmp_path) -> Path:
    shutil.copy(ROOT / "examples" / "seed_mounts.py", tmp_path / "recipe.py")
    return tmp_path


def test_an_up_to_date_file_passes(docker_dsl, project):
    assert docker_dsl("recipe.py", "--private=false", "--out", "Dockerfile", cwd=project).returncode == 0
    before = (project / "Dockerfile").stat().st_mtime_ns
    result = docker_dsl(
        "render", "recipe.py", "--private=false", "--check", "--out", "Dockerfile", cwd=project
    )
    assert (result.returncode, result.stdout, result.stderr) == (0, "", "")
    assert (project / "Dockerfile").stat().st_mtime_ns == before


def test_a_stale_file_fails_with_a_diff_and_is_left_alone(docker_dsl, project):
    rendered = docker_dsl("recipe.py", "--private=true", cwd=project).stdout
    (project / "Dockerfile").write_text(rendered)
    # The committed file has the private RUN; rendering without the flag drops it.
    result = docker_dsl(
        "render", "recipe.py", "--private=false", "--check", "--out", "Dockerfile", cwd=project
    )
    assert result.returncode == 1
    assert result.stdout.startswith("--- Dockerfile\n+++ Dockerfile (rendered from recipe.py)\n")
    removed = [
        line for line in result.stdout.splitlines() if line.startswith("-") and not line.startswith("---")
    ]
    assert removed and all("requirements-private.txt" in line or "secret" in line for line in removed), (
        result.stdout
    )
    assert "docker-dsl recipe.py --out Dockerfile" in result.stderr
    assert (project / "Dockerfile").read_text() == rendered
    assert (
        docker_dsl(
            "render", "recipe.py", "--private=true", "--check", "--out", "Dockerfile", cwd=project
        ).returncode
        == 0
    )


def test_a_missing_file_fails_and_says_how_to_make_it(docker_dsl, project):
    result = docker_dsl(
        "render", "recipe.py", "--private=false", "--check", "--out", "Dockerfile", cwd=project
    )
    assert result.returncode == 1
    assert "Dockerfile does not exist" in result.stderr
    assert not (project / "Dockerfile").exists()


def test_check_without_out_is_bad_input(docker_dsl, project):
    result = docker_dsl("render", "recipe.py", "--private=false", "--check", cwd=project)
    assert result.returncode == 2
    assert "--out PATH" in result.stderr
    assert result.stdout == ""


def test_a_failing_recipe_is_bad_input_not_a_diff(docker_dsl, project):
    (project / "broken.py").write_text(
        "from docker_dsl import Stage\nwith Stage('a', 'x'), Stage('b', 'x'):\n    pass\n"
    )
    (project / "Dockerfile").write_text("FROM a\n")
    result = docker_dsl("render", "broken.py", "--check", "--out", "Dockerfile", cwd=project)
    assert result.returncode == 2, result.stdout + result.stderr
    assert result.stdout == ""
