"""Our CLI prints the same bytes as 0.1.2's render, for a handful of recipes.

Three spellings: ``docker-dsl path/to/recipe.py``, ``python -m docker_dsl
path/to/recipe.py`` (ours accepts a file path) and ``docker-dsl module_name``
from the recipe's directory (the only form 0.1.2 accepts).
"""

from __future__ import annotations

import pytest

import dd_cli
import dd_recipes
from dd_recipes import RECIPES_DIR

CLI_RECIPES = [
    "seed_mounts",
    "helpers_module",
    "flags_mixed",
    "cmd_json_escapes",
    "minimal_stage",
    "recipe_prints",
]
CASES = [
    pytest.param(name, index, values, id=f"{name}[{index}]")
    for name in CLI_RECIPES
    for index, values in enumerate(dd_recipes.variants(name))
]


def expected_text(oracle_renders, name, index):
    text = oracle_renders[name][index]
    assert text is not None, f"docker-dsl 0.1.2 failed to render {name} variant {index}"
    return text


def assert_prints(done, expected):
    assert done.returncode == 0, f"exit {done.returncode}\nstderr:\n{done.stderr}"
    assert done.stdout == expected, (
        f"stdout differs from 0.1.2's render\n--- stdout:\n{done.stdout}\n--- stderr:\n{done.stderr}"
    )
    assert "Traceback" not in done.stderr


@pytest.mark.parametrize(("name", "index", "values"), CASES)
def test_console_script_with_path(name, index, values, oracle_renders, tmp_path):
    done = dd_cli.docker_dsl(str(dd_recipes.recipe_path(name)), *dd_recipes.cli_args(values), cwd=tmp_path)
    assert_prints(done, expected_text(oracle_renders, name, index))


@pytest.mark.parametrize(("name", "index", "values"), CASES)
def test_python_m_with_path(name, index, values, oracle_renders, tmp_path):
    done = dd_cli.python_m(str(dd_recipes.recipe_path(name)), *dd_recipes.cli_args(values), cwd=tmp_path)
    assert_prints(done, expected_text(oracle_renders, name, index))


@pytest.mark.parametrize(("name", "index", "values"), CASES)
def test_console_script_with_module_name(name, index, values, oracle_renders):
    done = dd_cli.docker_dsl(name, *dd_recipes.cli_args(values), cwd=RECIPES_DIR)
    assert_prints(done, expected_text(oracle_renders, name, index))


@pytest.mark.parametrize(("name", "index", "values"), CASES)
def test_out_writes_the_same_bytes(name, index, values, oracle_renders, tmp_path):
    out = tmp_path / "Dockerfile"
    done = dd_cli.docker_dsl(
        str(dd_recipes.recipe_path(name)), *dd_recipes.cli_args(values), "--out", str(out), cwd=tmp_path
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout == ""
    assert out.read_bytes() == expected_text(oracle_renders, name, index).encode("utf-8")


@pytest.mark.parametrize(
    ("spelling", "index"),
    [
        ("true", 0),
        ("TRUE", 0),
        ("1", 0),
        ("yes", 0),
        ("Yes", 0),
        ("false", 1),
        ("0", 1),
        ("no", 1),
        ("False", 1),
    ],
)
def test_bool_spellings(spelling, index, oracle_renders, tmp_path):
    done = dd_cli.docker_dsl(
        str(dd_recipes.recipe_path("seed_mounts")), f"--private={spelling}", cwd=tmp_path
    )
    assert_prints(done, expected_text(oracle_renders, "seed_mounts", index))


def test_flag_value_as_separate_argument(oracle_renders, tmp_path):
    """0.1.2 (argparse) also accepts ``--private true``."""
    done = dd_cli.docker_dsl(str(dd_recipes.recipe_path("seed_mounts")), "--private", "true", cwd=tmp_path)
    assert_prints(done, expected_text(oracle_renders, "seed_mounts", 0))


@pytest.mark.parametrize(("name", "index", "values"), [c for c in CASES if c.values[0] != "recipe_prints"])
def test_012_cli_agrees_with_012_render(name, index, values, oracle_renders, oracle_cli):
    """The oracle's own CLI prints what the driver's render returned (the harness measures the right thing)."""
    done = dd_cli.run([str(oracle_cli), name, *dd_recipes.cli_args(values)], cwd=RECIPES_DIR)
    assert done.returncode == 0, done.stderr
    assert done.stdout == expected_text(oracle_renders, name, index)
