"""Scopes close innermost first (issue 13, item 3): an out-of-order or repeated exit is
a RecipeError naming the line, never a mount applied after its block or dropped."""

import textwrap

import docker_dsl
import pytest


def render(tmp_path, body: str) -> str:
    recipe = tmp_path / "scopes.py"
    recipe.write_text("from docker_dsl import Stage\n" + textwrap.dedent(body).lstrip("\n"))
    module = docker_dsl._recipe.load(str(recipe))[0]
    return docker_dsl.Dockerfile(module).render()


def test_an_env_scope_closed_inside_a_mount_scope_is_refused(tmp_path):
    body = """
    with Stage("alpine") as s:
        env = s.env({"A": "1"})
        env.__enter__()
        with s.cache("/c"):
            env.__exit__(None, None, None)
            s.run("ls")
    """
    with pytest.raises(docker_dsl.RecipeError, match=r"^scopes.py:6: the env scope opened at scopes.py:4"):
        render(tmp_path, body)


def test_a_scope_closed_twice_is_refused(tmp_path):
    body = """
    with Stage("alpine") as s:
        cache = s.cache("/c")
        with cache:
            s.run("ls")
        cache.__exit__(None, None, None)
    """
    with pytest.raises(docker_dsl.RecipeError, match=r"^scopes.py:6: a scope is closed that is not open"):
        render(tmp_path, body)


def test_a_scope_reused_in_order_applies_each_time(tmp_path):
    body = """
    with Stage("alpine") as s:
        cache = s.cache("/c")
        with cache, s.run() as r:
            r.ls()
        s.run("pwd")
        with cache:
            s.run("ls", "/c")
    """
    assert render(tmp_path, body).splitlines()[2:] == [
        "RUN --mount=type=cache,target=/c,sharing=shared \\",
        "  ls",
        "RUN pwd",
        "RUN --mount=type=cache,target=/c,sharing=shared \\",
        "  ls /c",
    ]


def test_the_recipes_own_exception_is_not_masked_by_the_scopes(tmp_path):
    body = """
    with Stage("alpine") as s:
        with s.cache("/c"), s.run() as r:
            r.ls()
            raise KeyError("mine")
    """
    with pytest.raises(docker_dsl.RecipeError, match=r"scopes.py:5: the recipe raised KeyError"):
        render(tmp_path, body)
