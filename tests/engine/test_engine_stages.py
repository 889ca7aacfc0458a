"""Promise: multi-stage builds — COPY --from works, and a graph of stages builds."""

from __future__ import annotations

import uuid

from engine_harness import Engine
from engine_recipes import COPY_FROM, GRAPH


def test_copy_from_another_stage(engine: Engine, base_image: str) -> None:
    marker = f"artifact-{uuid.uuid4().hex}"
    result = engine.build(COPY_FROM, base=base_image, flags={"marker": marker}).check()
    assert engine.run(result.tag, "cat /app/artifact.txt").strip() == marker


def test_a_graph_of_stages_builds_only_what_the_target_needs(engine: Engine, base_image: str) -> None:
    final = engine.build(GRAPH, base=base_image).check()
    assert engine.run(final.tag, "cat /out/all.txt").split() == ["base", "left", "base", "right"]

    left = engine.build(GRAPH, base=base_image, target="left").check()
    assert engine.run(
        left.tag, "cat /left.txt; test -e /out/all.txt && echo has-final || echo no-final"
    ).split() == [
        "base",
        "left",
        "no-final",
    ]

    unused = engine.build(GRAPH, base=base_image, target="unused")
    assert not unused.ok, "the unused stage fails when it is the target"
    assert "this stage is not needed by final" in unused.log
