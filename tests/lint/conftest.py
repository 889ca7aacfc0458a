"""Fixtures for the lint tests (`lint_cli.docker_dsl` runs the command)."""

from __future__ import annotations

from pathlib import Path

import pytest

FIXTURES = Path(__file__).resolve().parent / "fixtures"


@pytest.fixture
def fixtures() -> Path:
    """The directory of the lint fixture files."""
    return FIXTURES
