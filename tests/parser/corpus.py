"""The shared Dockerfile corpus and the two parsers compared on it.

``../shared/corpus`` (relative to the repository root) holds real-world
Dockerfiles and ``INDEX.tsv``, which says for each whether BuildKit parses it.
``buildkit`` is BuildKit's own parser (PyPI ``dockerfile``); ``ours`` is
docker-dsl's node layer, in the same tuple shape.
"""

from __future__ import annotations

import csv
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import dockerfile
import pytest
from docker_dsl import _native

ROOT = Path(__file__).resolve().parents[2]


def _find_corpus() -> Path:
    """``$DOCKER_DSL_CORPUS``, else the nearest ``shared/corpus`` beside the
    repository or one of its parents (``../shared/corpus`` in CI)."""
    if "DOCKER_DSL_CORPUS" in os.environ:
        return Path(os.environ["DOCKER_DSL_CORPUS"])
    for parent in ROOT.parents:
        if (parent / "shared" / "corpus" / "INDEX.tsv").is_file():
            return parent / "shared" / "corpus"
    return ROOT.parent / "shared" / "corpus"


CORPUS = _find_corpus()


@dataclass(frozen=True)
class CorpusFile:
    """One corpus file and what the index says of it."""

    path: Path
    name: str
    parses_with_buildkit: bool


def corpus_files() -> list[CorpusFile]:
    """Every file listed in the corpus index (empty when there is no corpus)."""
    index = CORPUS / "INDEX.tsv"
    if not index.is_file():
        return []
    with index.open(newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle, delimiter="\t"))
    return [
        CorpusFile(CORPUS / row["file"], row["file"], row["parses_with_buildkit"] == "yes") for row in rows
    ]


def required_corpus_files() -> list[CorpusFile]:
    """``corpus_files()`` for a test that needs the corpus: when there is none, the test
    skips, saying where the corpus was looked for and how to point at it; under CI=true,
    where the corpus is part of the job, it fails instead."""
    found = corpus_files()
    if not found:
        message = (
            f"the shared corpus is missing (looked for {CORPUS}/INDEX.tsv); "
            "set DOCKER_DSL_CORPUS to the folder that holds INDEX.tsv"
        )
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(message, pytrace=False)
        pytest.skip(message)
    return found


def buildkit(text: str) -> list[tuple[Any, ...]]:
    """BuildKit's nodes for ``text`` as plain tuples; raises on rejection."""
    # The wrapper turns Go's empty strings into None (an instruction line that
    # is only a continuation at the end of the file); ours keeps "".
    return [
        (
            c.cmd or "",
            c.sub_cmd,
            c.json,
            c.original or "",
            c.start_line,
            c.end_line,
            list(c.flags),
            list(c.value),
            [(h.name, h.file_descriptor, h.content) for h in c.heredocs],
        )
        for c in dockerfile.parse_string(text)
    ]


def ours(text: str) -> list[tuple[Any, ...]]:
    """docker-dsl's nodes for ``text``; raises ``DockerDslError`` on rejection."""
    return [tuple(node) for node in _native.buildkit_nodes(text)]


FIELDS = ("cmd", "sub_cmd", "json", "original", "start_line", "end_line", "flags", "value", "heredocs")


def disagreement(text: str) -> str | None:
    """None when both parsers agree on ``text``, else what differs first."""
    try:
        theirs = buildkit(text)
    except dockerfile.GoParseError as error:
        try:
            ours(text)
        except _native.DockerDslError:
            return None
        return f"BuildKit rejects ({error}), ours accepts"
    try:
        mine = ours(text)
    except _native.DockerDslError as error:
        return f"ours rejects ({error}), BuildKit accepts"
    for index, (a, b) in enumerate(zip(theirs, mine)):
        for field, x, y in zip(FIELDS, a, b):
            if x != y:
                return f"instruction {index + 1} (line {a[4]}) {field}: BuildKit {x!r}, ours {y!r}"
    if len(theirs) != len(mine):
        return f"BuildKit has {len(theirs)} instructions, ours {len(mine)}"
    return None
