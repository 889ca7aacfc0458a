"""Promise: what a RUN writes to a tmpfs mount does not reach the image."""

from __future__ import annotations

import hashlib
import re
import uuid

import pytest
from engine_harness import Engine, rendered

# The Dockerfile holds the marker reversed, so the marker itself exists only in the
# tmpfs; the image keeps its sha256 as proof that the RUN wrote it.
TMPFS_DOCKERFILE = """
FROM {base} AS base
RUN --mount=type=tmpfs,target=/scratch \\
  echo {reversed_marker} | rev > /scratch/data.txt \\
  && grep ' /scratch ' /proc/mounts | cut -d ' ' -f 3 > /scratch-fstype.txt \\
  && sha256sum /scratch/data.txt | cut -d ' ' -f 1 > /scratch-data.sha256
"""


def test_tmpfs_contents_do_not_reach_the_image(engine: Engine, base_image: str) -> None:
    marker = f"tmpfs-{uuid.uuid4().hex}"
    text = rendered(TMPFS_DOCKERFILE.format(base=base_image, reversed_marker=marker[::-1]))
    result = engine.build(text).check()
    assert engine.run(result.tag, "cat /scratch-fstype.txt").strip() == "tmpfs"
    written = hashlib.sha256(f"{marker}\n".encode()).hexdigest()
    assert engine.run(result.tag, "cat /scratch-data.sha256").strip() == written
    for layer in engine.layers(result.tag):
        assert "scratch/data.txt" not in layer.entries, f"layer {layer.index} has /scratch/data.txt"
    assert engine.find_value(result.tag, marker) == []


SIZED_DOCKERFILE = """
FROM {base} AS base
RUN --mount=type=tmpfs,target=/scratch,size=1m \\
  grep ' /scratch ' /proc/mounts > /scratch-mount.txt
"""


def test_a_sized_tmpfs(engine: Engine, base_image: str) -> None:
    """tmpfs `size=` needs Dockerfile frontend 1.4; older ones reject it."""
    result = engine.build(rendered(SIZED_DOCKERFILE.format(base=base_image)))
    rejected = re.search(r"dockerfile parse error line \d+: unexpected key 'size' in 'size=1m'", result.log)
    if not result.ok and rejected:
        pytest.skip(
            f"tmpfs size= needs Dockerfile frontend >= 1.4; this engine rejects it: {rejected.group(0)}"
        )
    result.check()
    assert "size=1024k" in engine.run(result.tag, "cat /scratch-mount.txt")
