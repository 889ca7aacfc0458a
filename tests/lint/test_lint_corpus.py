"""The linter over the whole shared corpus in one process: it finishes, rejects exactly
the files BuildKit's parser rejects, and every finding's line lies inside the instruction
that BuildKit's parser (PyPI `dockerfile`, the oracle) reports for that line."""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

import dockerfile
import pytest
from lint_cli import docker_dsl

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "parser"))
from corpus import CORPUS, required_corpus_files

ON_DIRECTIVE_LINES = {"Y001", "Y002", "Y003"}
"""Codes whose findings stand on a parser directive (or a comment shaped like one)."""

DIRECTIVE_SHAPE = re.compile(r"^\s*#\s*(syntax|escape|check)\s*=\s*\S", re.IGNORECASE)
"""BuildKit's directive pattern, for the three names it knows."""


@pytest.fixture(scope="module")
def corpus_run() -> tuple[list[str], dict, list[str]]:
    files = required_corpus_files()
    proc = docker_dsl("lint", *(f.name for f in files), "--format", "json", cwd=CORPUS)
    assert proc.returncode in (1, 2), proc.stderr
    rejected = [line for line in proc.stderr.splitlines() if line]
    return [f.name for f in files if not f.parses_with_buildkit], json.loads(proc.stdout), rejected


def test_exactly_the_files_buildkit_rejects_are_bad_input(corpus_run) -> None:
    unparsable, _, rejected = corpus_run
    named = {line.removeprefix("docker-dsl: error: ").rsplit(":", 2)[0] for line in rejected}
    assert named == set(unparsable)


def test_every_finding_lies_in_the_instruction_buildkit_puts_there(corpus_run) -> None:
    _, report, _ = corpus_run
    by_file: dict[str, list[dict]] = {}
    for finding in report["findings"]:
        by_file.setdefault(finding["path"], []).append(finding)
    assert len(by_file) >= 40  # 49 files with findings on 2026-11-25
    for path, findings in by_file.items():
        spans = [(c.start_line, c.end_line) for c in dockerfile.parse_file(str(CORPUS / path))]
        lines = (CORPUS / path).read_text(encoding="utf-8", errors="replace").splitlines()
        for finding in findings:
            if finding["code"] in ON_DIRECTIVE_LINES:
                assert DIRECTIVE_SHAPE.match(lines[finding["line"] - 1]), (path, finding)
            else:
                assert any(start <= finding["line"] <= end for start, end in spans), (path, finding)


def test_syntax_rules_flag_the_directives_buildkit_ignores(corpus_run) -> None:
    """Y001/Y002 flag a directive-shaped comment outside the leading block: the file's
    first line that is no directive (BuildKit's reading) comes before it."""
    _, report, _ = corpus_run
    misplaced = [f for f in report["findings"] if f["code"] in ("Y001", "Y002")]
    assert len(misplaced) >= 4  # 5 on 2026-11-25, all read: a blank first line, a comment, an ARG
    for finding in misplaced:
        lines = (CORPUS / finding["path"]).read_text(encoding="utf-8").splitlines()
        leading = next(i for i, line in enumerate(lines) if not DIRECTIVE_SHAPE.match(line))
        assert leading < finding["line"] - 1, finding
