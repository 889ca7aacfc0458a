"""Mounts of one RUN must not collide, and one cache keeps one sharing mode however
its path is spelled (issue 13, item 4). Each case: exit 2, one line naming the
recipe line; each control renders."""

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

CLI = Path(sys.executable).with_name("docker-dsl")

# (case id, recipe body, line the error must name, words the message must contain)
CONFLICTS = [
    (
        "secret_twice",
        """
        with Stage("alpine") as s:
            with s.secret("tok"):
                with s.secret("tok", target="/tok"), s.run() as r:
                    r.ls()
        """,
        4,
        ["secret 'tok' is already mounted by the scope opened at recipe.py:3"],
    ),
    (
        "trailing_slash",
        """
        with Stage("alpine") as s:
            with s.tmpfs("/c/"), s.cache("/c"), s.run() as r:
                r.ls()
        """,
        3,
        ["a cache mount at /c would cover the tmpfs mount"],
    ),
    (
        "relative_under_workdir",
        """
        with Stage("alpine") as s:
            s.workdir("/app")
            with s.bind(source=".", target="./src"), s.cache("/app/src/"), s.run() as r:
                r.ls()
        """,
        4,
        ["a cache mount at /app/src would cover the bind mount"],
    ),
    (
        "workdir_of_the_parent_stage",
        """
        with Stage("alpine") as s:
            s.workdir("/")
            with s.stage() as child:
                with child.cache("c"), child.tmpfs("/c"), child.run() as r:
                    r.ls()
        """,
        5,
        ["a tmpfs mount at /c would cover the cache mount"],
    ),
    (
        "sharing_with_trailing_slash",
        """
        with Stage("alpine") as s:
            with s.cache("/c"), s.run() as r:
                r.ls()
            with s.cache("/c/", lock=True), s.run() as r:
                r.ls()
        """,
        5,
        ["cache '/c' is mounted with sharing=locked here but sharing=shared at recipe.py:3"],
    ),
    (
        "sharing_relative_under_workdir",
        """
        with Stage("alpine") as s:
            s.workdir("/")
            with s.cache("./c", sharing="private"), s.run() as r:
                r.ls()
            with s.cache("/c"), s.run() as r:
                r.ls()
        """,
        6,
        ["cache '/c' is mounted with sharing=shared here but sharing=private"],
    ),
]

# Recipes that must still render: other paths, other secrets, the same path in two RUNs,
# and a relative path whose WORKDIR (the base image's) is unknown.
CONTROLS = [
    """
    with Stage("alpine") as s:
        with s.secret("a"), s.secret("b"), s.cache("/c"), s.tmpfs("/d"), s.run() as r:
            r.ls()
        with s.bind(source=".", target="/c"), s.run() as r:
            r.ls()
    """,
    """
    with Stage("alpine") as s:
        with s.cache("c"), s.tmpfs("/c"), s.run() as r:
            r.ls()
    """,
]


def render(tmp_path: Path, body: str) -> subprocess.CompletedProcess:
    recipe = tmp_path / "recipe.py"
    recipe.write_text("from docker_dsl import Stage\n" + textwrap.dedent(body).lstrip("\n"))
    return subprocess.run([str(CLI), str(recipe)], capture_output=True, text=True, check=False)


@pytest.mark.parametrize(("name", "body", "line", "fragments"), CONFLICTS, ids=[c[0] for c in CONFLICTS])
def test_colliding_mounts_are_refused(tmp_path, name, body, line, fragments):
    done = render(tmp_path, body)
    assert done.returncode == 2, done.stdout
    assert done.stdout == ""
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1, done.stderr
    assert f"recipe.py:{line}: " in lines[0], lines[0]
    for fragment in fragments:
        assert fragment in lines[0], lines[0]


@pytest.mark.parametrize("body", CONTROLS, ids=["distinct", "unknown_workdir"])
def test_mounts_that_do_not_collide_render(tmp_path, body):
    done = render(tmp_path, body)
    assert done.returncode == 0, done.stderr
    assert "--mount=type=" in done.stdout
