"""The linter over the whole shared corpus in one process: it finishes, rejects exactly
the files BuildKit's parser rejects, and every finding's line lies inside the instruction
that BuildKit's parser (PyPI `dockerfile`, the oracle) reports for that line."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import dockerfile
import pytest
from conftest import docker_dsl

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "parser"))
from corpus import CORPUS, corpus_files


@pytest.fixture(scope="module")
def corpus_run() -> tuple[list[str], dict, list[str]]:
    files = corpus_files()
    if not files:
        pytest.skip(f"no corpus at {CORPUS}")
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
        for finding in findings:
            assert any(start <= finding["line"] <= end for start, end in spans), (path, finding)
