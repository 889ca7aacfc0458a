"""The printer and the parser are inverses on our output: every recipe variant
of the differential suite, rendered by us, parses into a document that prints
the same bytes again."""

from __future__ import annotations

import sys
from pathlib import Path

import docker_dsl
import pytest
from docker_dsl import _native

DIFFERENTIAL = Path(__file__).resolve().parents[1] / "differential"
if str(DIFFERENTIAL) not in sys.path:
    sys.path.insert(0, str(DIFFERENTIAL))

import dd_recipes

CASES = [
    pytest.param(name, values, id=f"{name}-{index}")
    for name in dd_recipes.recipe_names()
    for index, values in enumerate(dd_recipes.variants(name))
]


@pytest.mark.parametrize(("name", "values"), CASES)
def test_rendered_recipes_reprint_byte_for_byte(name, values):
    module = dd_recipes.import_recipe(name)
    text = docker_dsl.Dockerfile(module).render(**values)
    assert _native.reprint(text) == text


def test_the_recipes_cover_mounts_and_heredocs():
    texts = [
        docker_dsl.Dockerfile(dd_recipes.import_recipe(name)).render(**values)
        for name, values in (case.values for case in CASES)
    ]
    assert any("--mount=type=secret" in t for t in texts)
    assert any("--mount=type=cache" in t for t in texts)
    assert len(texts) >= 50
