"""Promise: a bind mount shows a file to its RUN, read-only unless rw, and ships nothing."""

from __future__ import annotations

import uuid

from engine_harness import Engine
from engine_recipes import BIND_FROM_STAGE, BIND_READ_ONLY, BIND_RW


def test_a_bound_file_is_visible_read_only_and_absent_from_the_image(engine: Engine, base_image: str) -> None:
    content = f"bound-{uuid.uuid4().hex}\n"
    result = engine.build(BIND_READ_ONLY, base=base_image, context={"input.txt": content}).check()
    assert engine.run(result.tag, "cat /seen.txt") == content
    assert engine.run(result.tag, "cat /write-check.txt").strip() == "read-only"
    assert engine.run(result.tag, "test -e /mnt/input.txt && echo present || echo absent").strip() == "absent"
    for layer in engine.layers(result.tag):
        assert "mnt/input.txt" not in layer.entries, f"layer {layer.index} has /mnt/input.txt"


def test_an_rw_bind_accepts_writes_that_reach_neither_image_nor_context(
    engine: Engine, base_image: str
) -> None:
    result = engine.build(BIND_RW, base=base_image, context={"input.txt": "original\n"}).check()
    assert engine.run(result.tag, "cat /after-write.txt") == "original\nappended\n"
    for layer in engine.layers(result.tag):
        assert "mnt/input.txt" not in layer.entries, f"layer {layer.index} has /mnt/input.txt"


def test_a_bind_from_another_stage(engine: Engine, base_image: str) -> None:
    marker = f"tool-{uuid.uuid4().hex}"
    result = engine.build(BIND_FROM_STAGE, base=base_image, flags={"marker": marker}).check()
    assert engine.run(result.tag, "cat /from-stage.txt").strip() == marker
    # The tools stage's file is not in the final image: only what the RUN copied is.
    assert (
        engine.run(result.tag, "test -e /tool-output.txt && echo present || echo absent").strip() == "absent"
    )
