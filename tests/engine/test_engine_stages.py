"""Promise: multi-stage builds — COPY --from works, and a graph of stages builds."""

from __future__ import annotations

import uuid

from engine_harness import Engine, rendered

COPY_FROM_DOCKERFILE = """
FROM {base} AS base

FROM base AS builder
RUN echo {marker} > /artifact.txt

FROM base AS final
COPY --from=builder /artifact.txt /app/artifact.txt
"""


def test_copy_from_another_stage(engine: Engine, base_image: str) -> None:
    marker = f"artifact-{uuid.uuid4().hex}"
    result = engine.build(rendered(COPY_FROM_DOCKERFILE.format(base=base_image, marker=marker))).check()
    assert engine.run(result.tag, "cat /app/artifact.txt").strip() == marker


# A diamond (base -> left, right -> final) plus a stage nothing needs, which would fail:
# BuildKit builds only the stages the target depends on.
GRAPH_DOCKERFILE = """
FROM {base} AS base
RUN echo base > /base.txt

FROM base AS left
RUN cat /base.txt > /left.txt \\
  && echo left >> /left.txt

FROM base AS right
RUN cat /base.txt > /right.txt \\
  && echo right >> /right.txt

FROM base AS unused
RUN echo this stage is not needed by final && false

FROM base AS final
COPY --from=left /left.txt /out/left.txt
COPY --from=right /right.txt /out/right.txt
RUN cat /out/left.txt /out/right.txt > /out/all.txt
"""


def test_a_graph_of_stages_builds_only_what_the_target_needs(engine: Engine, base_image: str) -> None:
    text = rendered(GRAPH_DOCKERFILE.format(base=base_image))
    final = engine.build(text).check()
    assert engine.run(final.tag, "cat /out/all.txt").split() == ["base", "left", "base", "right"]

    left = engine.build(text, target="left").check()
    assert engine.run(
        left.tag, "cat /left.txt; test -e /out/all.txt && echo has-final || echo no-final"
    ).split() == [
        "base",
        "left",
        "no-final",
    ]

    unused = engine.build(text, target="unused")
    assert not unused.ok, "the unused stage fails when it is the target"
