"""Find the differential recipes and read what each declares.

A recipe is a module in ``recipes/`` (files starting with ``_`` are helper
modules, not recipes). Besides its DSL code it declares, at module level:

- ``VARIANTS``: a literal list of dicts, the flag values to render it with
  (``[{}]`` when it registers no flags). Read without importing the module.
- ``EXPECT``: what the recipe means, instruction by instruction: a literal list
  of tuples, or a function ``EXPECT(**values)`` returning one. It must be
  self-contained (no names from the rest of the module): it is compiled on its
  own, so the expectation can be read without importing any docker_dsl.

Tuple forms (see ``dd_buildkit.describe``):

    ("FROM", image, name)
    ("ARG", name, default)
    ("ENV", key, value)                 raw value, as BuildKit's parser returns it
    ("WORKDIR", path)
    ("COPY", src, dst, *flags)          flags without "--": "from=builder", "link"
    ("RUN", [command, ...])             the &&-joined commands, in order
    ("RUN", [command, ...], [mount, ...])  mounts as "type=cache,target=/x,..."
    ("CMD", [argv...]) / ("ENTRYPOINT", [argv...])   JSON (exec) form
"""

from __future__ import annotations

import ast
import importlib
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

HERE = Path(__file__).resolve().parent
RECIPES_DIR = HERE / "recipes"
IMPROVE_DIR = HERE / "improve_recipes"
REPO = HERE.parents[1]


def recipe_names(directory: Path = RECIPES_DIR) -> list[str]:
    """Every recipe module name in ``directory``, sorted."""
    return sorted(p.stem for p in directory.glob("*.py") if not p.name.startswith("_"))


def recipe_path(name: str, directory: Path = RECIPES_DIR) -> Path:
    return directory / f"{name}.py"


def _module_level(name: str, directory: Path, symbol: str) -> ast.stmt | None:
    tree = ast.parse(recipe_path(name, directory).read_text(encoding="utf-8"))
    for node in tree.body:
        if isinstance(node, ast.Assign) and any(
            isinstance(t, ast.Name) and t.id == symbol for t in node.targets
        ):
            return node
        if isinstance(node, ast.FunctionDef) and node.name == symbol:
            return node
    return None


def variants(name: str, directory: Path = RECIPES_DIR) -> list[dict[str, Any]]:
    """The recipe's ``VARIANTS``, read as a literal (no import)."""
    node = _module_level(name, directory, "VARIANTS")
    if not isinstance(node, ast.Assign):
        raise TypeError(f"{name}.py: no module-level VARIANTS = [...] literal")
    value = ast.literal_eval(node.value)
    if not isinstance(value, list) or not value or not all(isinstance(v, dict) for v in value):
        raise AssertionError(f"{name}.py: VARIANTS must be a non-empty list of dicts")
    return value


def expectation(name: str, values: dict[str, Any], directory: Path = RECIPES_DIR) -> list[tuple]:
    """The recipe's ``EXPECT`` for one variant, compiled on its own."""
    node = _module_level(name, directory, "EXPECT")
    if node is None:
        raise AssertionError(f"{name}.py: no module-level EXPECT")
    namespace: dict[str, Any] = {}
    code = compile(ast.Module(body=[node], type_ignores=[]), str(recipe_path(name, directory)), "exec")
    exec(code, namespace)  # noqa: S102 - our own test data
    expect = namespace["EXPECT"]
    return list(expect(**values) if callable(expect) else expect)


def ensure_on_path(directory: Path) -> None:
    if str(directory) not in sys.path:
        sys.path.insert(0, str(directory))


def import_recipe(name: str, directory: Path = RECIPES_DIR) -> ModuleType:
    """Import a recipe module the way a user would: its directory on sys.path."""
    ensure_on_path(directory)
    return importlib.import_module(name)


def cli_args(values: dict[str, Any]) -> list[str]:
    """Flag values as CLI arguments: ``--name=value``, bools as true/false."""
    args = []
    for key, value in values.items():
        text = ("true" if value else "false") if isinstance(value, bool) else str(value)
        args.append(f"--{key}={text}")
    return args


def module_literal(name: str, symbol: str, directory: Path = RECIPES_DIR) -> Any:
    """A module-level ``symbol = <literal>`` of a recipe, read without importing it."""
    node = _module_level(name, directory, symbol)
    if not isinstance(node, ast.Assign):
        raise TypeError(f"{name}.py: no module-level {symbol} = <literal>")
    return ast.literal_eval(node.value)


def marked_line(name: str, directory: Path = RECIPES_DIR, marker: str = "# MARK") -> int:
    """The 1-based line of the recipe line carrying ``marker``."""
    lines = recipe_path(name, directory).read_text(encoding="utf-8").splitlines()
    found = [i for i, line in enumerate(lines, 1) if marker in line]
    if len(found) != 1:
        raise AssertionError(f"{name}.py: expected exactly one {marker!r} line, found {found}")
    return found[0]
