"""Promise (issue 13, item 6): `docker-dsl build` resolves `--context` and `--secret src=`
against the directory it was started in, even when the recipe changes directory."""

from __future__ import annotations

import subprocess
import tempfile
import textwrap
import uuid
from pathlib import Path

from engine_harness import BUILD_TIMEOUT, Engine

RECIPE = textwrap.dedent(
    """
    import os
    from docker_dsl import Stage, context

    context.register("base", str)
    os.chdir(os.path.join(os.path.dirname(os.path.abspath(__file__)), "elsewhere"))
    with Stage(context.base, name="app") as s:
        s.copy("marker.txt", "/marker.txt")
        with s.secret("tok", target="/run/tok"), s.run() as r:
            r("wc -c < /run/tok > /secret-size")
    """
)


def test_relative_paths_mean_the_starting_directory(engine: Engine, base_image: str) -> None:
    start = Path(tempfile.mkdtemp(prefix="paths-", dir=engine.workdir))
    (start / "recipe.py").write_text(RECIPE)
    (start / "ctx").mkdir()
    (start / "ctx" / "marker.txt").write_text("the context meant\n")
    (start / "tok.txt").write_text("s3cret-" + uuid.uuid4().hex)
    # A decoy where the recipe moves to: the same relative paths, other contents.
    (start / "elsewhere" / "ctx").mkdir(parents=True)
    (start / "elsewhere" / "ctx" / "marker.txt").write_text("the wrong context\n")
    (start / "elsewhere" / "tok.txt").write_text("x")
    tag = engine.new_tag()
    argv = [*engine.docker_dsl, "build", "recipe.py", f"--base={base_image}", "--syntax", "none"]
    argv += ["-t", tag, "--context", "ctx", "--secret", "id=tok,src=tok.txt", "--no-cache"]
    done = subprocess.run(
        argv,
        cwd=start,
        capture_output=True,
        text=True,
        timeout=BUILD_TIMEOUT,
        env=dict(engine.env),
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert engine.run(tag, "cat /marker.txt") == "the context meant\n"
    assert engine.run(tag, "cat /secret-size").strip() == str(len((start / "tok.txt").read_text()))
