"""`docker-dsl graph`: the stage graph of a recipe, its parallel levels and what a target
needs. The levels are checked against BuildKit's own build of a many-stage file: every
stage records when its RUN started and ended (the host's /proc/uptime), stages of one
level overlap in time, each stage starts after the stages it needs have ended, and a
stage no target reaches is skipped (its RUN would fail the build)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import textwrap
import uuid
from pathlib import Path

import pytest
from engine_harness import BASE_IMAGE, BuildClient

CLI = Path(sys.executable).with_name("docker-dsl")

RECIPE = textwrap.dedent(
    """
    from docker_dsl import Stage
    from docker_dsl import context as ctx

    ctx.register("base", str)


    def timed(s, name):
        with s.run() as r:
            r(f"mkdir -p /t && cut -d' ' -f1 /proc/uptime > /t/{name}.start && sleep 3"
              f" && cut -d' ' -f1 /proc/uptime > /t/{name}.end")


    with Stage(ctx.base, name="a") as a:
        timed(a, "a")
    with Stage(ctx.base, name="b") as b:
        timed(b, "b")
    with Stage(ctx.base, name="c") as c:
        timed(c, "c")
    with a.stage(name="d") as d:
        d.copy("/t/", "/t/", stage=b)
        timed(d, "d")
    with Stage(ctx.base, name="unused") as u:
        u.run("false")
    with Stage(ctx.base, name="e") as e:
        e.copy("/t/", "/t/", stage=c)
        with e.bind(source="/t", target="/dt", from_=d), e.run() as r:
            r("cp /dt/* /t/")
        timed(e, "e")
    """
)


def cli(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([str(CLI), *args], capture_output=True, text=True, check=False, env=env)


@pytest.fixture
def recipe(tmp_path: Path) -> Path:
    path = tmp_path / "stages.py"
    path.write_text(RECIPE)
    return path


def graph_json(recipe: Path, *args: str) -> dict:
    result = cli("graph", str(recipe), "--base", "busybox", "--format", "json", *args)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_levels_edges_and_unreached_stages_of_a_recipe(recipe: Path):
    graph = graph_json(recipe)
    assert graph["levels"] == [["a", "b", "c", "unused"], ["d"], ["e"]]
    assert graph["targets"] == ["e"]
    assert graph["unreached"] == ["unused"]
    assert [(e["from"], e["to"], e["kind"]) for e in graph["edges"]] == [
        ("a", "d", "from"),
        ("b", "d", "copy-from"),
        ("c", "e", "copy-from"),
        ("d", "e", "bind-from"),
    ]
    assert [s["base_image"] for s in graph["stages"]] == [
        "busybox",
        "busybox",
        "busybox",
        None,
        "busybox",
        "busybox",
    ]
    for_d = graph_json(recipe, "--target", "d")
    assert for_d["unreached"] == ["c", "unused", "e"]


def test_text_names_levels_needs_and_unreached(recipe: Path):
    result = cli("graph", str(recipe), "--base", "busybox")
    assert result.returncode == 0, result.stderr
    text = result.stdout
    assert text.startswith("6 stages in 3 levels; target e\n")
    assert "level 0 (4 stages, run at once):" in text
    assert "    d       FROM a; COPY --from b" in text
    assert "  - unused  FROM busybox" in text
    assert "target e needs: a, b, c, d\n" in text
    assert "not reached by target e (marked -, BuildKit skips them): unused\n" in text


def test_dot_mermaid_and_svg(recipe: Path):
    dot = cli("graph", str(recipe), "--base", "busybox", "--format", "dot").stdout
    assert 's4 [label="unused\\nlevel 0", style=dashed' in dot and 's3 -> s5 [label="bind from="' in dot
    mermaid = cli("graph", str(recipe), "--base", "busybox", "--format", "mermaid").stdout
    assert mermaid.startswith("flowchart LR\n") and "  class s4 unreached\n" in mermaid
    if shutil.which("dot") is None:
        pytest.fail("Graphviz's dot is not installed (apt-get install graphviz); the svg test needs it")
    svg = cli("graph", str(recipe), "--base", "busybox", "--format", "svg")
    assert svg.returncode == 0, svg.stderr
    assert svg.stdout.lstrip().startswith("<?xml") and "<svg" in svg.stdout and ">unused</text>" in svg.stdout


def test_svg_without_graphviz_says_how_to_get_it(recipe: Path, tmp_path: Path):
    bare_path = tmp_path / "bin"
    bare_path.mkdir()
    env = dict(os.environ, PATH=str(bare_path))
    result = cli("graph", str(recipe), "--base", "busybox", "--format", "svg", env=env)
    assert result.returncode == 2 and result.stdout == ""
    assert "needs Graphviz's `dot`, which is not installed" in result.stderr
    assert "apt-get install graphviz" in result.stderr


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--format", "png"], "--format png: unknown format; use one of text, dot, mermaid, json, svg"),
        (
            ["--target", "nope"],
            "--target nope: the file has no such stage; its stages are a, b, c, d, unused, e",
        ),
    ],
)
def test_bad_requests_are_one_error_line(recipe: Path, args: list[str], message: str):
    result = cli("graph", str(recipe), "--base", "busybox", *args)
    assert result.returncode == 2 and result.stdout == ""
    assert result.stderr == f"docker-dsl: error: {message}\n"


def test_buildkit_runs_the_levels_as_the_graph_says(recipe: Path, each_engine: BuildClient, tmp_path: Path):
    env = each_engine.environment
    graph = graph_json(recipe)
    tag = f"scale-graph-{uuid.uuid4().hex[:8]}"
    built = subprocess.run(
        [
            str(CLI),
            "build",
            str(recipe),
            "--base",
            BASE_IMAGE,
            "--syntax",
            "none",
            "-t",
            tag,
            "--no-cache",
            "--progress",
            "plain",
            "--context",
            str(tmp_path),
        ],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
        env=env,
    )
    try:
        # `unused` runs `false`: the build succeeds only because BuildKit skips it.
        assert built.returncode == 0, built.stdout + built.stderr
        times = subprocess.run(
            ["docker", "run", "--rm", tag, "sh", "-c", "for f in /t/*; do echo ${f#/t/} $(cat $f); done"],
            capture_output=True,
            text=True,
            check=True,
            timeout=120,
            env=env,
        ).stdout
    finally:
        subprocess.run(["docker", "rmi", "-f", tag], capture_output=True, check=False, env=env)
    stamp = {name: float(value) for name, value in (line.split() for line in times.splitlines())}
    ran = [s["name"] for s in graph["stages"] if s["needed"]]
    assert sorted(f"{n}.{w}" for n in ran for w in ("start", "end")) == sorted(stamp)
    for edge in graph["edges"]:
        assert stamp[f"{edge['from']}.end"] <= stamp[f"{edge['to']}.start"], edge
    for level in graph["levels"]:
        stages = [s for s in level if s in ran]
        if len(stages) > 1:
            latest_start = max(stamp[f"{s}.start"] for s in stages)
            earliest_end = min(stamp[f"{s}.end"] for s in stages)
            assert latest_start < earliest_end, f"level {stages} did not run at once: {stamp}"


def test_a_dockerfile_graphs_like_the_recipe_it_came_from(recipe: Path, tmp_path: Path):
    rendered = cli("render", str(recipe), "--base", "busybox", "--syntax", "none")
    assert rendered.returncode == 0, rendered.stderr
    dockerfile = tmp_path / "Dockerfile"
    dockerfile.write_text(rendered.stdout)
    from_file = cli("graph", str(dockerfile), "--format", "json")
    assert from_file.returncode == 0, from_file.stderr
    assert json.loads(from_file.stdout) == graph_json(recipe)


HAND_WRITTEN = """\
# syntax=docker/dockerfile:1
ARG BASE=alpine:3.19
FROM ${BASE} AS Deps
RUN echo deps
FROM golang:1.22
RUN echo tools
FROM deps AS build
COPY --from=1 /go /go
RUN --mount=type=cache,target=/root/.cache,from=DEPS \\
    --mount=type=bind,from=nginx:1.25,target=/n \\
    make
FROM build AS test
RUN make test
FROM scratch
COPY --from=build /out /
"""


def test_a_hand_written_dockerfile(tmp_path: Path):
    dockerfile = tmp_path / "Dockerfile"
    dockerfile.write_text(HAND_WRITTEN)
    result = cli("graph", str(dockerfile), "--format", "json")
    assert result.returncode == 0, result.stderr
    graph = json.loads(result.stdout)
    assert [s["name"] for s in graph["stages"]] == ["Deps", "1", "build", "test", "4"]
    assert [(e["from"], e["to"], e["kind"]) for e in graph["edges"]] == [
        ("Deps", "build", "from"),
        ("Deps", "build", "cache-from"),
        ("1", "build", "copy-from"),
        ("build", "test", "from"),
        ("build", "4", "copy-from"),
    ]
    assert graph["levels"] == [["Deps", "1"], ["build"], ["test", "4"]]
    assert graph["unreached"] == ["test"]
    assert graph["stages"][2]["other_images"] == ["nginx:1.25"]
    assert graph["stages"][0]["base_image"] == "${BASE}"


def test_dockerfile_mistakes_are_one_error_line(tmp_path: Path):
    dockerfile = tmp_path / "Dockerfile"
    dockerfile.write_text("FROM alpine\nRUN cat <<EOF\nnever ends\n")
    result = cli("graph", str(dockerfile))
    assert result.returncode == 2 and result.stdout == ""
    assert result.stderr.startswith(f"docker-dsl: error: {dockerfile}: line 2: unterminated heredoc")
    dockerfile.write_text("FROM alpine\n")
    result = cli("graph", str(dockerfile), "--private=true")
    assert result.returncode == 2
    assert "is a Dockerfile, which takes no recipe flags (got --private=true)" in result.stderr
