"""The recipes the engine tests build, rendered: each RUN carries exactly the mounts the
test expects. Needs no engine, so it always runs; when an engine test fails and this one
passes, the renderer wrote what was meant and the difference is the engine's."""

from __future__ import annotations

from pathlib import Path

import dockerfile
import pytest
from engine_harness import BASE_IMAGE, render_recipe
from engine_recipes import ALL, Recipe


@pytest.mark.parametrize("recipe", ALL, ids=[r.name for r in ALL])
def test_the_recipe_renders_the_mounts_the_engine_test_expects(recipe: Recipe, tmp_path: Path) -> None:
    options = ["--frontend", recipe.frontend] if recipe.frontend else []
    proc = render_recipe(recipe, tmp_path, base=BASE_IMAGE, flags=recipe.sample, options=options)
    assert proc.returncode == 0, proc.stderr
    text = proc.stdout
    assert not text.startswith("# syntax="), "--syntax none writes no header line"

    commands = dockerfile.parse_string(text)  # BuildKit's own parser
    assert commands[0].cmd == "FROM" and commands[0].value[0] == BASE_IMAGE, text
    runs = [
        tuple(flag for flag in c.flags if flag.startswith("--mount=")) for c in commands if c.cmd == "RUN"
    ]
    expected = tuple(tuple(flag.format(**recipe.sample) for flag in run) for run in recipe.runs)
    assert tuple(runs) == expected, text
    originals = {c.original for c in commands}
    for line in recipe.lines:
        assert line in originals, f"{line!r} not in\n{text}"
