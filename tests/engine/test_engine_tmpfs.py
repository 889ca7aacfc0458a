"""Promise: what a RUN writes to a tmpfs mount does not reach the image."""

from __future__ import annotations

import hashlib
import re
import uuid

from engine_harness import Engine
from engine_recipes import TMPFS, TMPFS_SIZED


def test_tmpfs_contents_do_not_reach_the_image(engine: Engine, base_image: str) -> None:
    marker = f"tmpfs-{uuid.uuid4().hex}"
    result = engine.build(TMPFS, base=base_image, flags={"reversed_marker": marker[::-1]}).check()
    assert engine.run(result.tag, "cat /scratch-fstype.txt").strip() == "tmpfs"
    written = hashlib.sha256(f"{marker}\n".encode()).hexdigest()
    assert engine.run(result.tag, "cat /scratch-data.sha256").strip() == written
    for layer in engine.layers(result.tag):
        assert "scratch/data.txt" not in layer.entries, f"layer {layer.index} has /scratch/data.txt"
    engine.assert_value_absent(result.tag, "marker", marker)


def test_a_sized_tmpfs(engine: Engine, base_image: str) -> None:
    """tmpfs `size=` needs Dockerfile frontend 1.4, and `--frontend auto` knows each
    engine's level. On the modern engine the mount has the size asked for. On Docker 20.10
    (built-in 1.2) docker-dsl refuses the recipe before building, and the mount rendered
    anyway (`--frontend 1.4`) is refused by the engine itself."""
    if engine.frontend >= (1, 4):
        result = engine.build(TMPFS_SIZED, base=base_image).check()
        assert "size=1024k" in engine.run(result.tag, "cat /scratch-mount.txt")
        return
    result = engine.build(TMPFS_SIZED, base=base_image)
    assert result.returncode == 2, result.log
    errors = result.stderr.strip().splitlines()
    assert len(errors) == 1 and "needs docker/dockerfile:1.4" in errors[0] and "size" in errors[0], errors
    assert not engine.image_exists(result.tag)
    forced = engine.build(TMPFS_SIZED, base=base_image, options=["--frontend", "1.4"])
    assert not forced.ok
    assert re.search(r"dockerfile parse error line \d+: unexpected key 'size' in 'size=1m'", forced.log), (
        "rendered anyway, the engine refuses it itself: " + forced.log[-2000:]
    )
