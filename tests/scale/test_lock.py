"""`docker-dsl lock` resolves every image through the registry HTTP API and writes
docker-dsl.lock; `render --locked` pins `image@sha256:...` from it; `--update` refreshes it.
Against a real registry (registry 2.8 on 127.0.0.1, images pushed by the local engine): the
digests must be the ones the engine itself recorded when it pushed (RepoDigests) and the
ones the registry reports; the token flow is exercised through a front that demands it."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from local_registry import TokenFront

CLI = Path(sys.executable).with_name("docker-dsl")

RECIPE = textwrap.dedent(
    """
    from docker_dsl import Stage
    from docker_dsl import context as ctx

    ctx.register("registry", str)

    with Stage(f"{ctx.registry}/scale/busybox:1", name="base") as base:
        base.run("true")
    with base.stage(name="app") as app:
        app.copy("/bin/busybox", "/bb", image=f"{ctx.registry}/scale/busybox:multi")
    """
)


def cli(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(CLI), *args], capture_output=True, text=True, check=False, cwd=cwd, timeout=300
    )


@pytest.fixture
def work(tmp_path: Path) -> Path:
    (tmp_path / "recipe.py").write_text(RECIPE)
    return tmp_path


def test_lock_records_the_engines_digests_and_render_pins_them(work: Path, local_registry):
    host = local_registry.host
    result = cli("lock", "recipe.py", f"--registry={host}", cwd=work)
    assert result.returncode == 0, result.stderr
    assert "locked 2 images in docker-dsl.lock (2 resolved" in result.stderr
    lock = json.loads((work / "docker-dsl.lock").read_text())
    single = lock["images"][f"{host}/scale/busybox:1"]
    multi = lock["images"][f"{host}/scale/busybox:multi"]
    assert single["digest"] == local_registry.digests["1"]
    assert single["platforms"] == {"linux/amd64": local_registry.digests["1"]}
    assert multi["digest"] == local_registry.digests["multi"]
    assert multi["platforms"] == {
        "linux/amd64": local_registry.digests["1"],
        "linux/arm64/v8": local_registry.digests["arm"],
    }
    rendered = cli("render", "recipe.py", f"--registry={host}", "--locked", "--syntax", "none", cwd=work)
    assert rendered.returncode == 0, rendered.stderr
    assert f"FROM {host}/scale/busybox:1@{local_registry.digests['1']} AS base\n" in rendered.stdout
    assert f"--from={host}/scale/busybox:multi@{local_registry.digests['multi']} " in rendered.stdout
    assert "FROM base AS app\n" in rendered.stdout


def test_platforms_are_picked_from_the_manifest_list(work: Path, local_registry):
    host = local_registry.host
    result = cli("lock", "recipe.py", f"--registry={host}", "--platform", "linux/arm64", cwd=work)
    assert result.returncode == 2
    assert (
        f"cannot lock {host}/scale/busybox:1: {host}/scale/busybox:1 has no linux/arm64 image; it has linux/amd64"
        in result.stderr
    )
    dockerfile = work / "Dockerfile"
    dockerfile.write_text(f"FROM {host}/scale/busybox:multi\n")
    result = cli("lock", "Dockerfile", "--platform", "linux/arm64", cwd=work)
    assert result.returncode == 0, result.stderr
    entry = json.loads((work / "docker-dsl.lock").read_text())["images"][f"{host}/scale/busybox:multi"]
    assert entry == {
        "digest": local_registry.digests["multi"],
        "platforms": {"linux/arm64": local_registry.digests["arm"]},
    }


def test_update_refreshes_and_plain_lock_keeps(work: Path, local_registry):
    host = local_registry.host
    dockerfile = work / "Dockerfile"
    dockerfile.write_text(f"FROM {host}/scale/busybox:moving\n")
    local_registry.put_manifest_list("scale/busybox", "moving", [("1", "linux/amd64")])
    assert cli("lock", "Dockerfile", cwd=work).returncode == 0
    first = json.loads((work / "docker-dsl.lock").read_text())["images"][f"{host}/scale/busybox:moving"][
        "digest"
    ]
    moved = local_registry.put_manifest_list("scale/busybox", "moving", [("arm", "linux/arm64/v8")])
    assert moved != first
    kept = cli("lock", "Dockerfile", cwd=work)
    assert "(0 resolved from their registries, 1 kept)" in kept.stderr
    assert (
        json.loads((work / "docker-dsl.lock").read_text())["images"][f"{host}/scale/busybox:moving"]["digest"]
        == first
    )
    assert cli("lock", "Dockerfile", "--update", cwd=work).returncode == 0
    assert (
        json.loads((work / "docker-dsl.lock").read_text())["images"][f"{host}/scale/busybox:moving"]["digest"]
        == moved
    )


def test_token_auth(work: Path, local_registry):
    front = TokenFront(local_registry.host)
    try:
        result = cli("lock", "recipe.py", f"--registry={front.host}", cwd=work)
    finally:
        front.stop()
    assert result.returncode == 0, result.stderr
    lock = json.loads((work / "docker-dsl.lock").read_text())
    assert lock["images"][f"{front.host}/scale/busybox:multi"]["digest"] == local_registry.digests["multi"]
    assert front.token_requests and front.token_requests[0] == {
        "service": ["scale-test"],
        "scope": ["repository:scale/busybox:pull"],
    }


def test_locked_render_without_an_entry_fails_and_writes_nothing(work: Path, local_registry):
    host = local_registry.host
    (work / "docker-dsl.lock").write_text(json.dumps({"version": 1, "images": {}}))
    out = work / "Dockerfile.out"
    result = cli("render", "recipe.py", f"--registry={host}", "--locked", "--out", str(out), cwd=work)
    assert result.returncode == 2 and not out.exists()
    assert result.stderr == (
        f"docker-dsl: error: image {host}/scale/busybox:1 is not in docker-dsl.lock; "
        "run `docker-dsl lock` with the same recipe and flags to add it\n"
    )
    missing = cli(
        "render", "recipe.py", f"--registry={host}", "--locked", "--lock-file", "nope.lock", cwd=work
    )
    assert missing.returncode == 2 and "cannot read nope.lock" in missing.stderr


def test_an_unreachable_registry_is_one_error_line(work: Path):
    (work / "Dockerfile").write_text("FROM 127.0.0.1:1/scale/none:1\n")
    result = cli("lock", "Dockerfile", cwd=work)
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(
        "docker-dsl: error: cannot lock 127.0.0.1:1/scale/none:1: cannot reach http://127.0.0.1:1/v2/scale/none/manifests/1"
    )
    assert not (work / "docker-dsl.lock").exists()


ARG_RECIPE = textwrap.dedent(
    """
    from docker_dsl import Stage, global_arg
    from docker_dsl import context as ctx

    ctx.register("registry", str)

    global_arg("TAG", "1")
    global_arg("BASE", f"{ctx.registry}/scale/busybox:multi")
    with Stage(f"{ctx.registry}/scale/busybox:${{TAG}}", name="base") as base:
        base.run("true")
    with Stage("${BASE}", name="other") as other:
        other.copy("/bin/busybox", "/bb", stage=base)
    """
)


def test_from_lines_are_locked_with_their_build_arguments_expanded(work: Path, local_registry):
    """`FROM img:${TAG}` and `FROM ${BASE}` are locked as BuildKit reads them (the global ARG
    defaults, or `--build-arg` overrides), and `render --locked` writes the pinned reference out."""
    host = local_registry.host
    dockerfile = work / "Dockerfile"
    dockerfile.write_text(
        f"ARG TAG=1\nARG BASE={host}/scale/busybox:multi\n"
        f'FROM {host}/scale/busybox:${{TAG}} AS base\nFROM "${{BASE}}" AS other\n'
        "COPY --from=base /bin/busybox /bb\n"
    )
    result = cli("lock", "Dockerfile", cwd=work)
    assert result.returncode == 0, result.stderr
    images = json.loads((work / "docker-dsl.lock").read_text())["images"]
    assert {name: entry["digest"] for name, entry in images.items()} == {
        f"{host}/scale/busybox:1": local_registry.digests["1"],
        f"{host}/scale/busybox:multi": local_registry.digests["multi"],
    }

    result = cli(
        "lock",
        "Dockerfile",
        "--build-arg",
        "TAG=arm",
        "--build-arg",
        f"BASE={host}/scale/busybox:1",
        cwd=work,
    )
    assert result.returncode == 0, result.stderr
    images = json.loads((work / "docker-dsl.lock").read_text())["images"]
    assert {name: entry["digest"] for name, entry in images.items()} == {
        f"{host}/scale/busybox:arm": local_registry.digests["arm"],
        f"{host}/scale/busybox:1": local_registry.digests["1"],
    }

    (work / "args.py").write_text(ARG_RECIPE)
    assert cli("lock", "args.py", f"--registry={host}", cwd=work).returncode == 0
    rendered = cli("render", "args.py", f"--registry={host}", "--locked", "--syntax", "none", cwd=work)
    assert rendered.returncode == 0, rendered.stderr
    assert rendered.stdout == (
        f"ARG TAG=1\nARG BASE={host}/scale/busybox:multi\n\n"
        f"FROM {host}/scale/busybox:1@{local_registry.digests['1']} AS base\nRUN true\n\n"
        f"FROM {host}/scale/busybox:multi@{local_registry.digests['multi']} AS other\n"
        "COPY --from=base --link /bin/busybox /bb\n"
    )


@pytest.mark.parametrize(
    ("dockerfile", "message"),
    [
        (
            "ARG BASE\nFROM ${BASE}\n",
            (
                "Dockerfile: FROM ${BASE}: the build argument BASE has no default and no value was given; "
                "give it a default (ARG BASE=VALUE) or pass --build-arg BASE=VALUE"
            ),
        ),
        (
            "FROM alpine:${TAG}\n",
            (
                "Dockerfile: FROM alpine:${TAG}: TAG is not a global build argument (an ARG before the first FROM); "
                "declare it there with a default, or write the reference out"
            ),
        ),
    ],
)
def test_an_unexpandable_from_is_one_error_and_no_lookup(work: Path, dockerfile: str, message: str):
    (work / "Dockerfile").write_text(dockerfile)
    result = cli("lock", "Dockerfile", cwd=work)
    assert result.returncode == 2
    assert result.stderr == f"docker-dsl: error: {message}\n"
    assert not (work / "docker-dsl.lock").exists()
