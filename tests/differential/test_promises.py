"""Issue 13: nothing the recipe said is silently lost (run builders, scopes, mounts, flags).

Each group tests our behaviour and, against the 0.1.2 oracle, shows the loss it
fixes (the ``test_012_*`` tests), so each test is known to detect its bug.
"""

from __future__ import annotations

import sys

import pytest

import dd_buildkit
import dd_cli
import dd_recipes
from dd_recipes import IMPROVE_DIR

HEADER = "# syntax=docker/dockerfile:1\n"


def render(dsl, name: str) -> str:
    sys.modules.pop(name, None)
    return dsl.Dockerfile(dd_recipes.import_recipe(name, IMPROVE_DIR)).render()


def recipe_error(dsl, name: str) -> str:
    """The RecipeError message of rendering ``name``; it must name the recipe's MARK line."""
    with pytest.raises(dsl.RecipeError) as caught:
        render(dsl, name)
    message = str(caught.value)
    where = f"{name}.py:{dd_recipes.marked_line(name, IMPROVE_DIR)}"
    assert message.startswith(where + ": "), f"{where} does not start: {message}"
    return message


def run_lines(text: str) -> list[str]:
    """The RUN instructions as BuildKit's parser reads them (flags dropped)."""
    return [" ".join(c.value) for c in dd_buildkit.parse(text) if c.cmd == "RUN"]


# --- item 1: an echo without a redirect -------------------------------------------


def test_echo_without_redirect_is_a_command(dsl):
    text = render(dsl, "imp_bare_echo")
    assert text == (
        HEADER
        + "FROM alpine:3.20 AS base\n"
        + 'RUN echo "hello"\n'
        + 'RUN ls \\\n  && echo "after" \\\n  && echo "saved" > /tmp/saved\n'
    )
    assert dd_buildkit.check_valid(text) == []


def test_an_echo_redirected_after_other_commands_is_an_error(dsl, tmp_path):
    recipe = tmp_path / "late_redirect.py"
    recipe.write_text(
        "from docker_dsl import Stage\n"
        "with Stage('alpine') as s:\n"
        "    with s.run() as r:\n"
        "        e = r.echo('x')\n"
        "        r.ls()\n"
        "        e > '/f'\n"
    )
    done = dd_cli.docker_dsl(str(recipe), cwd=tmp_path)
    assert done.returncode == 2, done.stderr
    assert "late_redirect.py:6: the echo redirected here is not the command added last" in done.stderr


def test_012_drops_an_echo_without_redirect(oracle_render):
    text = oracle_render("imp_bare_echo")[0]
    assert "hello" not in text and "after" not in text


# --- item 2: RUNs started inside an open run builder -------------------------------


@pytest.mark.parametrize("name", ["imp_nested_run", "imp_run_in_builder"])
def test_a_run_inside_an_open_builder_is_a_recipe_error(dsl, name):
    message = recipe_error(dsl, name)
    opened = dd_recipes.marked_line(name, IMPROVE_DIR) - 2
    assert f"inside the run block opened at {name}.py:{opened}" in message, message


def test_012_loses_the_outer_builder(oracle_render):
    assert run_lines(oracle_render("imp_nested_run")[0]) == ["pwd", "ls"]
    assert run_lines(oracle_render("imp_run_in_builder")[0]) == ["echo inner", "ls"]


def test_builders_of_nested_stages_go_to_their_stages(dsl, oracle_render):
    text = render(dsl, "imp_nested_stages")
    assert text == oracle_render("imp_nested_stages")[0]
    assert text.count("RUN ls /a\n") == 1 and text.endswith("FROM debian:bookworm AS b\nRUN ls /b\n")


# --- item 3: scopes closed out of order -----------------------------------------------


def test_out_of_order_scope_exit_is_a_recipe_error(dsl):
    message = recipe_error(dsl, "imp_scope_order")
    assert "the cache scope opened at imp_scope_order.py:7 is closed while the secret scope" in message


def test_012_keeps_the_cache_and_drops_the_secret(oracle_render):
    text = oracle_render("imp_scope_order")[0]
    assert "RUN --mount=type=cache,target=/c,sharing=shared \\\n  cat /run/secrets/tok\n" in text
    assert "type=secret" not in text


# --- item 4: two mounts at one path ---------------------------------------------------


def test_two_mounts_at_one_path_are_a_recipe_error(dsl):
    message = recipe_error(dsl, "imp_mount_conflict")
    assert "a cache mount at /c would cover the bind mount" in message, message


def test_012_renders_both_mounts(oracle_render):
    text = oracle_render("imp_mount_conflict")[0]
    assert "type=bind,source=.,target=/c --mount=type=cache,target=/c" in text


# --- item 12: one-letter keywords -------------------------------------------------------


def test_one_letter_keywords_are_short_options(dsl):
    text = render(dsl, "imp_short_flags")
    assert run_lines(text) == ["pip install -r requirements.txt -q -c constraints.txt --no-deps"]


def test_012_renders_one_letter_keywords_as_long_options(oracle_render):
    assert run_lines(oracle_render("imp_short_flags")[0]) == [
        "pip install -r requirements.txt --q --c constraints.txt --no-deps"
    ]
