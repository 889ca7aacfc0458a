"""`docker_dsl.lint(path_or_text)` from Python: typed findings, same as the CLI's."""

from __future__ import annotations

import json
from pathlib import Path

import docker_dsl as dd
import pytest
from conftest import docker_dsl


def test_lint_of_text_returns_typed_findings() -> None:
    findings = dd.lint("FROM alpine\nRUN --mount=type=secret,id=t cat /run/secrets/t > /etc/t\n")
    codes = [f.code for f in findings]
    assert codes == ["M002", "S001"]  # by line, then column
    leak = findings[1]
    assert isinstance(leak, dd.LintFinding)
    assert (leak.path, leak.line, leak.column) == ("<text>", 2, 51)
    assert (leak.category, leak.severity, leak.name) == ("secret", "error", "secret-written-to-file")
    assert leak.rendered_line is None


def test_lint_of_a_path_matches_the_cli(fixtures: Path) -> None:
    path = fixtures / "leaky.Dockerfile"
    ours = [(f.line, f.column, f.code, f.message) for f in dd.lint(path)]
    cli = json.loads(docker_dsl("lint", str(path), "--format", "json").stdout)["findings"]
    assert ours == [(f["line"], f["column"], f["code"], f["message"]) for f in cli]
    assert [f.code for f in dd.lint(str(path), select=["S001"])] == ["S001"]


def test_bad_input_raises_docker_dsl_error(fixtures: Path) -> None:
    with pytest.raises(dd.DockerDslError, match=r"broken.Dockerfile:2: "):
        dd.lint(fixtures / "broken.Dockerfile")
    with pytest.raises(dd.DockerDslError, match="unknown rule or category"):
        dd.lint("FROM alpine\n", select=["nope"])


def test_lint_of_a_list_of_paths_matches_the_cli_in_order(fixtures: Path, tmp_path: Path) -> None:
    """A list is linted in parallel; the findings come back in input order, as the CLI
    prints them for the same paths."""
    pinned = tmp_path / "pinned.Dockerfile"
    pinned.write_text("\n# syntax=docker/dockerfile:1\nFROM alpine\n")
    paths = [pinned, fixtures / "leaky.Dockerfile", str(pinned)]
    ours = [(f.path, f.line, f.code) for f in dd.lint(paths)]
    cli = json.loads(docker_dsl("lint", *map(str, paths), "--format", "json").stdout)["findings"]
    assert ours == [(f["path"], f["line"], f["code"]) for f in cli]
    assert [code for _, _, code in ours].count("Y002") == 2
    assert dd.lint([]) == []
    with pytest.raises(dd.DockerDslError, match=r"broken.Dockerfile:2: "):
        dd.lint([pinned, fixtures / "broken.Dockerfile"])
