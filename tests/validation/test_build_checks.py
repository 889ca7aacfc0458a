"""`docker-dsl build` refuses bad input before any engine work: one error
line, exit 2. These checks come before the engine is needed, so they hold on
machines without Docker too (DOCKER_HOST points nowhere here)."""

import os
import subprocess
import sys
import textwrap
from pathlib import Path

CLI = Path(sys.executable).with_name("docker-dsl")
RECIPE = textwrap.dedent(
    """
    from docker_dsl import Stage
    with Stage("busybox", name="app") as s:
        with s.secret("tok", required=True), s.run() as r:
            r.cat("/run/secrets/tok")
    """
)


def build(tmp_path: Path, *args: str) -> subprocess.CompletedProcess:
    recipe = tmp_path / "recipe.py"
    recipe.write_text(RECIPE)
    env = dict(os.environ, DOCKER_HOST="unix:///nonexistent-docker-dsl.sock")
    return subprocess.run(
        [str(CLI), "build", str(recipe), "--syntax", "none", *args],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )


def one_error_line(result: subprocess.CompletedProcess) -> str:
    assert result.returncode == 2, result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("docker-dsl: error: "), lines
    return lines[0]


def test_missing_secret_file_is_refused_first(tmp_path):
    line = one_error_line(build(tmp_path, "--secret", "id=tok,src=/nonexistent/tok"))
    assert "secret 'tok': source file /nonexistent/tok does not exist" in line


def test_missing_required_secret_is_reported_before_the_missing_engine(tmp_path):
    line = one_error_line(build(tmp_path))
    assert "secret 'tok' with required=true" in line and "--secret id=tok,src=PATH" in line


def test_unknown_target_names_the_stages(tmp_path):
    secret = tmp_path / "tok"
    secret.write_text("value-of-the-token\n")
    line = one_error_line(build(tmp_path, "--secret", f"id=tok,src={secret}", "--target", "nope"))
    assert "--target nope: the recipe has no such stage; its stages are app" in line


def test_no_engine_is_one_line(tmp_path):
    secret = tmp_path / "tok"
    secret.write_text("value-of-the-token\n")
    line = one_error_line(build(tmp_path, "--secret", f"id=tok,src={secret}"))
    assert "cannot build" in line and "nonexistent-docker-dsl.sock" in line
    assert "value-of-the-token" not in line
