"""Fixtures for the differential suite: our docker_dsl against docker-dsl 0.1.2.

Nothing here skips. A missing oracle venv, a missing ``docker_dsl`` or a missing
console script fails the tests that need it, with the command that fixes it.
"""

from __future__ import annotations

import importlib
import importlib.metadata
import os
import sys
from collections.abc import Callable
from pathlib import Path
from types import ModuleType

import pytest

HERE = Path(__file__).resolve().parent
if str(HERE) not in sys.path:  # the dd_* support modules, under any --import-mode
    sys.path.insert(0, str(HERE))

import dd_oracle
from dd_recipes import IMPROVE_DIR, RECIPES_DIR

# Harness self-test only: lets the suite run with 0.1.2 itself as "ours", to
# check the recipes and the harness before our implementation exists.
SELF_TEST_VAR = "DOCKER_DSL_DIFF_SELF_TEST"


@pytest.fixture(scope="session")
def oracle_renders() -> dict[str, list[str | None]]:
    """Every recipe in recipes/, rendered by 0.1.2, in one subprocess."""
    try:
        return dd_oracle.render_all(RECIPES_DIR)
    except dd_oracle.OracleMissing as error:
        message = str(error)
    pytest.fail(message, pytrace=False)


@pytest.fixture(scope="session")
def oracle_render() -> Callable[[str], list[str | None]]:
    """Render one module of improve_recipes/ with 0.1.2 (cached)."""
    cache: dict[str, list[str | None]] = {}

    def render(module: str) -> list[str | None]:
        if module not in cache:
            try:
                cache[module] = dd_oracle.render_all(IMPROVE_DIR, [module])[module]
            except dd_oracle.OracleMissing as error:
                message = str(error)
            else:
                return cache[module]
            pytest.fail(message, pytrace=False)
        return cache[module]

    return render


@pytest.fixture(scope="session")
def oracle_cli() -> Path:
    """0.1.2's own ``docker-dsl`` console script."""
    try:
        return dd_oracle.oracle_cli()
    except dd_oracle.OracleMissing as error:
        message = str(error)
    pytest.fail(message, pytrace=False)


@pytest.fixture(scope="session")
def dsl() -> ModuleType:
    """Our ``docker_dsl``, imported in this interpreter. Fails when it is missing or is 0.1.2."""
    try:
        module = importlib.import_module("docker_dsl")
    except ImportError as error:
        problem = f"{error}"
    else:
        problem = None
    if problem is not None:
        pytest.fail(
            f"our docker_dsl is not importable from {sys.executable}: {problem}. "
            "Build it into the project venv (.venv) and run pytest with that venv's python.",
            pytrace=False,
        )
    try:
        version = importlib.metadata.version("docker-dsl")
    except importlib.metadata.PackageNotFoundError:
        version = None
    if version == "0.1.2" and not os.environ.get(SELF_TEST_VAR):
        pytest.fail(
            f"docker_dsl in {sys.executable} is the 0.1.2 oracle ({module.__file__}), not ours",
            pytrace=False,
        )
    return module
