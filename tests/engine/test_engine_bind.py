"""Promise: a bind mount shows a file to its RUN, read-only unless rw, and ships nothing."""

from __future__ import annotations

import uuid

from engine_harness import Engine, rendered

# The RUN copies what it sees (proof of visibility), then tries to append to the mount.
READ_ONLY_DOCKERFILE = """
FROM {base} AS base
RUN --mount=type=bind,source=input.txt,target=/mnt/input.txt \\
  cat /mnt/input.txt > /seen.txt \\
  && if echo more >> /mnt/input.txt; then echo writable; else echo read-only; fi > /write-check.txt
"""


def test_a_bound_file_is_visible_read_only_and_absent_from_the_image(engine: Engine, base_image: str) -> None:
    content = f"bound-{uuid.uuid4().hex}\n"
    result = engine.build(
        rendered(READ_ONLY_DOCKERFILE.format(base=base_image)), context={"input.txt": content}
    ).check()
    assert engine.run(result.tag, "cat /seen.txt") == content
    assert engine.run(result.tag, "cat /write-check.txt").strip() == "read-only"
    assert engine.run(result.tag, "test -e /mnt/input.txt && echo present || echo absent").strip() == "absent"
    for layer in engine.layers(result.tag):
        assert "mnt/input.txt" not in layer.entries, f"layer {layer.index} has /mnt/input.txt"


RW_DOCKERFILE = """
FROM {base} AS base
RUN --mount=type=bind,source=input.txt,target=/mnt/input.txt,rw \\
  echo appended >> /mnt/input.txt \\
  && cat /mnt/input.txt > /after-write.txt
"""


def test_an_rw_bind_accepts_writes_that_reach_neither_image_nor_context(
    engine: Engine, base_image: str
) -> None:
    result = engine.build(
        rendered(RW_DOCKERFILE.format(base=base_image)), context={"input.txt": "original\n"}
    ).check()
    assert engine.run(result.tag, "cat /after-write.txt") == "original\nappended\n"
    for layer in engine.layers(result.tag):
        assert "mnt/input.txt" not in layer.entries, f"layer {layer.index} has /mnt/input.txt"


FROM_STAGE_DOCKERFILE = """
FROM {base} AS base

FROM base AS tools
RUN echo {marker} > /tool-output.txt

FROM base AS final
RUN --mount=type=bind,from=tools,source=/tool-output.txt,target=/mnt/tool.txt \\
  cat /mnt/tool.txt > /from-stage.txt
"""


def test_a_bind_from_another_stage(engine: Engine, base_image: str) -> None:
    marker = f"tool-{uuid.uuid4().hex}"
    result = engine.build(rendered(FROM_STAGE_DOCKERFILE.format(base=base_image, marker=marker))).check()
    assert engine.run(result.tag, "cat /from-stage.txt").strip() == marker
    # The tools stage's file is not in the final image: only what the RUN copied is.
    assert (
        engine.run(result.tag, "test -e /tool-output.txt && echo present || echo absent").strip() == "absent"
    )
