"""Our docker_dsl renders every recipe byte for byte like docker-dsl 0.1.2.

One test per (recipe, variant) in recipes/. Each rendered file must also be a
valid Dockerfile to BuildKit's own parser, and mean what the recipe's EXPECT
says, instruction by instruction.
"""

from __future__ import annotations

import difflib
import pprint
import sys

import pytest

import dd_buildkit
import dd_recipes

CASES = [
    pytest.param(
        name, index, values, id="-".join([name, str(index), *(f"{k}={v}" for k, v in values.items())])
    )
    for name in dd_recipes.recipe_names()
    for index, values in enumerate(dd_recipes.variants(name))
]
_OURS: dict[tuple[str, int], str] = {}

SEED_GUIDE_PRIVATE_TRUE = """\
# syntax=docker/dockerfile:1
FROM python:3.13-slim AS base
WORKDIR /app
RUN --mount=type=bind,source=.,target=/app --mount=type=cache,target=/root/.cache/pip,sharing=shared \\
  pip install --requirement requirements.txt
RUN --mount=type=secret,id=pypi,target=/root/.netrc --mount=type=cache,target=/root/.cache/pip,sharing=shared \\
  pip install --requirement requirements-private.txt
"""


def oracle_text(oracle_renders: dict, name: str, index: int) -> str:
    texts = oracle_renders.get(name)
    assert texts is not None, f"the oracle driver did not render {name}"
    text = texts[index]
    assert text is not None, (
        f"docker-dsl 0.1.2 failed to render {name} variant {index}:\n{oracle_renders['__stderr__']}"
    )
    return text


def render_ours(dsl, name: str, values: dict) -> str:
    module = dd_recipes.import_recipe(name)
    return dsl.Dockerfile(module).render(**values)


def ours(dsl, name: str, index: int, values: dict) -> str:
    """Our render of one case, once per session."""
    if (name, index) not in _OURS:
        _OURS[(name, index)] = render_ours(dsl, name, values)
    return _OURS[(name, index)]


def diff(expected: str, actual: str) -> str:
    lines = difflib.unified_diff(
        expected.splitlines(keepends=True), actual.splitlines(keepends=True), "docker-dsl 0.1.2", "ours"
    )
    return "".join(line if line.endswith("\n") else line + "\\ no newline at end\n" for line in lines)


def assert_means(text: str, name: str, values: dict) -> None:
    problems = dd_buildkit.check_valid(text)
    assert not problems, "BuildKit would reject or misread this file:\n" + "\n".join(problems) + "\n\n" + text
    parsed = dd_buildkit.describe(dd_buildkit.parse(text))
    meant = dd_buildkit.expected(dd_recipes.expectation(name, values))
    assert parsed == meant, (
        f"BuildKit reads {name} differently from what it means.\nparsed:\n{pprint.pformat(parsed, width=120)}\n"
        f"meant:\n{pprint.pformat(meant, width=120)}\n\n{text}"
    )


@pytest.mark.parametrize(("name", "index", "values"), CASES)
def test_renders_like_012(name, index, values, oracle_renders, dsl):
    expected = oracle_text(oracle_renders, name, index)
    actual = ours(dsl, name, index, values)
    assert isinstance(actual, str), f"render() returned {type(actual).__name__}, not str"
    if actual != expected:
        pytest.fail(
            f"{name} {values} differs from docker-dsl 0.1.2:\n{diff(expected, actual)}", pytrace=False
        )


@pytest.mark.parametrize(("name", "index", "values"), CASES)
def test_ours_parses_as_meant(name, index, values, dsl):
    assert_means(ours(dsl, name, index, values), name, values)


@pytest.mark.parametrize(("name", "index", "values"), CASES)
def test_012_output_is_valid_and_meant(name, index, values, oracle_renders):
    """Keeps the byte-identical set honest: only recipes 0.1.2 gets right belong in it."""
    assert_means(oracle_text(oracle_renders, name, index), name, values)


def test_seed_guide_example_renders_as_documented(oracle_renders, dsl):
    assert oracle_text(oracle_renders, "seed_mounts", 0) == SEED_GUIDE_PRIVATE_TRUE
    assert render_ours(dsl, "seed_mounts", {"private": True}) == SEED_GUIDE_PRIVATE_TRUE


def test_recipe_set_is_broad():
    names = dd_recipes.recipe_names()
    assert len(names) >= 40, names
    assert len(CASES) >= 50


@pytest.mark.parametrize("name", dd_recipes.recipe_names())
def test_recipe_module_name_shadows_nothing(name):
    assert name not in sys.stdlib_module_names, f"recipes/{name}.py shadows the standard library"
    assert name not in ("docker_dsl", "dockerfile", "pytest", "pydantic", "executing", "hypothesis")


def test_oracle_discards_recipe_prints(oracle_renders):
    """recipe_prints prints a line that looks like a header; the driver's JSON must not see it."""
    assert oracle_text(oracle_renders, "recipe_prints", 0).count("# syntax=") == 1
