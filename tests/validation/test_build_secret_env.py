"""`build --secret id=ID,env=VAR` with VAR unset or empty is refused before any engine
work, like a missing src= file (issue 13, item 17). DOCKER_HOST points nowhere, so an
accepted secret would end in the engine error instead."""

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

CLI = Path(sys.executable).with_name("docker-dsl")
RECIPE = textwrap.dedent(
    """
    from docker_dsl import Stage
    with Stage("busybox", name="app") as s:
        with s.secret("tok", required=True), s.run() as r:
            r.cat("/run/secrets/tok")
    """
)


def build(tmp_path: Path, **env: str) -> subprocess.CompletedProcess:
    recipe = tmp_path / "recipe.py"
    recipe.write_text(RECIPE)
    environment = {k: v for k, v in os.environ.items() if k != "DOCKER_DSL_TEST_TOKEN"}
    environment.update(env, DOCKER_HOST="unix:///nonexistent-docker-dsl.sock")
    return subprocess.run(
        [str(CLI), "build", str(recipe), "--syntax", "none", "--secret", "id=tok,env=DOCKER_DSL_TEST_TOKEN"],
        capture_output=True,
        text=True,
        env=environment,
        check=False,
    )


@pytest.mark.parametrize(("env", "state"), [({}, "not set"), ({"DOCKER_DSL_TEST_TOKEN": ""}, "empty")])
def test_unset_or_empty_secret_variable_is_refused(tmp_path, env, state):
    done = build(tmp_path, **env)
    assert done.returncode == 2, done.stderr
    assert done.stderr == (
        f"docker-dsl: error: secret 'tok': environment variable DOCKER_DSL_TEST_TOKEN is {state}; "
        "export it with the secret's value, or pass src=PATH\n"
    )


def test_a_set_variable_passes_to_the_engine_step(tmp_path):
    done = build(tmp_path, DOCKER_DSL_TEST_TOKEN="value-of-the-token")
    assert done.returncode == 2
    assert "cannot build" in done.stderr and "value-of-the-token" not in done.stderr
