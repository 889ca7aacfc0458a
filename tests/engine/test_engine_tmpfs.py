"""Promise: what a RUN writes to a tmpfs mount does not reach the image."""

from __future__ import annotations

import hashlib
import re
import uuid

import pytest
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


def test_docker_dsl_refuses_a_sized_tmpfs_for_this_engines_frontend(engine: Engine, base_image: str) -> None:
    if not engine.builtin_frontend_is_1_2:
        pytest.skip(f"docker-dsl knows no built-in frontend level for engine {engine.server_version}")
    result = engine.build(TMPFS_SIZED, base=base_image)
    assert result.returncode == 2, result.log
    errors = result.stderr.strip().splitlines()
    assert len(errors) == 1 and "needs docker/dockerfile:1.4" in errors[0] and "size" in errors[0], errors
    assert not engine.image_exists(result.tag)


def test_a_sized_tmpfs(engine: Engine, base_image: str) -> None:
    """tmpfs `size=` needs Dockerfile frontend 1.4. Rendered anyway (`--frontend 1.4`), it
    reaches the engine, which decides."""
    result = engine.build(TMPFS_SIZED, base=base_image, options=["--frontend", "1.4"])
    rejected = re.search(r"dockerfile parse error line \d+: unexpected key 'size' in 'size=1m'", result.log)
    if not result.ok and rejected:
        pytest.skip(
            f"tmpfs size= needs Dockerfile frontend >= 1.4; this engine rejects it: {rejected.group(0)}"
        )
    result.check()
    assert "size=1024k" in engine.run(result.tag, "cat /scratch-mount.txt")
