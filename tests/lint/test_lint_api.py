"""`docker_dsl.lint(path_or_text)` from Python: typed findings, same as the CLI's."""

from __future__ import annotations

import json
from pathlib import Path

import docker_dsl as dd
import pytest
from lint_cli import docker_dsl


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


def test_lock_file_gives_invalid_base_image_platform_its_platforms(tmp_path: Path) -> None:
    """A lock entry whose one platform is its pinned manifest is a single-platform image:
    K020 flags a stage that wants another architecture; an index locked for one platform
    (its digest is not that platform's) is not judged. A broken lock is bad input."""
    a, b, index = ("sha256:" + c * 64 for c in "abc")
    lock = tmp_path / "docker-dsl.lock"
    lock.write_text(
        json.dumps(
            {
                "version": 1,
                "images": {
                    "r.example/arm:1": {"digest": a, "platforms": {"linux/arm64": a}},
                    "r.example/multi:1": {"digest": index, "platforms": {"linux/arm64": b}},
                },
            }
        )
    )
    text = "FROM r.example/arm:1\nFROM r.example/multi:1\nFROM --platform=linux/arm64 r.example/arm:1\n"
    found = dd.lint(text, select=["K020"], lock_file=lock)
    assert [(f.line, f.name) for f in found] == [(1, "InvalidBaseImagePlatform")]
    assert found[0].message.startswith(
        'Base image r.example/arm:1 was pulled with platform "linux/arm64", expected "linux/amd64" for current build'
    )
    assert dd.lint(text, select=["K020"]) == []
    with pytest.raises(dd.DockerDslError, match="cannot read"):
        dd.lint(text, lock_file=tmp_path / "none.lock")
