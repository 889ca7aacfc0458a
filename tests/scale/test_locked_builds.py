"""`docker-dsl build --locked` and `docker-dsl bake --locked` pin every image from the lock
file exactly as `render --locked` does. On the engine: after the tag a lock recorded has
moved in the registry (registry 2.8 on 127.0.0.1), a locked build on either engine still gets the locked image
while an unlocked one gets the moved tag (the control); buildx's own `bake --print` reads the
pinned Dockerfiles back. An image missing from the lock stops the command before anything
reaches the engine."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
import uuid
from pathlib import Path

import pytest
from bake_print import bake_print_targets
from engine_harness import BuildClient
from local_registry import system_engine_env

CLI = Path(sys.executable).with_name("docker-dsl")

RECIPE = textwrap.dedent(
    """
    from docker_dsl import Stage
    from docker_dsl import context as ctx

    ctx.register("image", str)
    ctx.register("flavor", str, default="a")

    with Stage(ctx.image, name="app") as s:
        s.env({"FLAVOR": ctx.flavor})
        with s.run() as r:
            r("echo flavor=${FLAVOR} > /flavor")
    """
)


def cli(*args: str, cwd: Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(CLI), *args], capture_output=True, text=True, check=False, cwd=cwd, env=env, timeout=600
    )


def labels(image: str, env: dict[str, str]) -> dict[str, str]:
    shown = subprocess.run(
        ["docker", "image", "inspect", "--format", "{{json .Config.Labels}}", image],
        capture_output=True,
        text=True,
        check=True,
        env=env,
    ).stdout
    return json.loads(shown) or {}


def exists(image: str) -> bool:
    return (
        subprocess.run(
            ["docker", "image", "inspect", image], capture_output=True, check=False, env=system_engine_env()
        ).returncode
        == 0
    )


@pytest.fixture
def work(tmp_path: Path) -> Path:
    (tmp_path / "recipe.py").write_text(RECIPE)
    return tmp_path


def test_a_locked_build_keeps_the_locked_image_after_its_tag_moved(
    work: Path, local_registry, base_image: str, each_engine: BuildClient
):
    env = each_engine.environment
    moving = f"{local_registry.host}/scale/busybox:moving-{uuid.uuid4().hex[:8]}"
    locked_digest = local_registry.push(base_image, moving.split("/", 1)[1])
    image = f"--image={moving}"
    assert cli("lock", "recipe.py", image, cwd=work).returncode == 0
    # the tag moves to an image labelled arch=arm64 (see the local_registry fixture)
    local_registry.push(f"scale-registry-other:{local_registry.port}", moving.split("/", 1)[1])
    locked, unlocked = (f"scale-locked-{uuid.uuid4().hex[:8]}" for _ in range(2))
    try:
        built = cli(
            "build", "recipe.py", image, "--locked", "-t", locked, "--progress", "plain", cwd=work, env=env
        )
        assert built.returncode == 0, built.stderr
        assert f"{moving}@{locked_digest}" in built.stdout + built.stderr
        assert "arch" not in labels(locked, env)
        control = cli("build", "recipe.py", image, "-t", unlocked, "--progress", "plain", cwd=work, env=env)
        assert control.returncode == 0, control.stderr
        assert labels(unlocked, env).get("arch") == "arm64", (
            "control: the unlocked build did not see the moved tag"
        )
    finally:
        subprocess.run(["docker", "rmi", "-f", locked, unlocked], capture_output=True, check=False, env=env)
        subprocess.run(
            ["docker", "rmi", "-f", moving], capture_output=True, check=False, env=system_engine_env()
        )


def test_bake_pins_every_variant_as_render_does(work: Path, local_registry, modern_env: dict[str, str]):
    host = local_registry.host
    image = f"--image={host}/scale/busybox:1"
    assert cli("lock", "recipe.py", image, cwd=work).returncode == 0
    bake_file = work / "docker-bake.json"
    baked = cli(
        "bake",
        "recipe.py",
        image,
        "--syntax",
        "none",
        "--matrix",
        "flavor=a,b",
        "--locked",
        "--out",
        str(bake_file),
        cwd=work,
    )
    assert baked.returncode == 0, baked.stderr
    targets = bake_print_targets(bake_file, modern_env, work)
    assert sorted(targets) == ["flavor-a", "flavor-b"]
    for name, target in targets.items():
        single = cli(
            "render",
            "recipe.py",
            image,
            "--syntax",
            "none",
            "--locked",
            f"--flavor={name.removeprefix('flavor-')}",
            cwd=work,
        )
        assert single.returncode == 0, single.stderr
        # buildx writes the definition back with bake's interpolation escaped again
        assert target["dockerfile-inline"] == single.stdout.replace("${", "$${"), name
        assert (
            f"FROM {host}/scale/busybox:1@{local_registry.digests['1']} AS app\n"
            in target["dockerfile-inline"]
        )


@pytest.mark.parametrize(
    "command",
    [
        ["build", "-t", "scale-locked-never"],
        ["bake", "--matrix", "flavor=a,b", "--tag-template", "scale-locked-never", "--build"],
    ],
)
def test_an_image_missing_from_the_lock_stops_before_the_engine(work: Path, command: list[str]):
    (work / "empty.lock").write_text(json.dumps({"version": 1, "images": {}}))
    image = "127.0.0.1:1/scale/none:1"
    result = cli(
        *command[:1],
        "recipe.py",
        f"--image={image}",
        *command[1:],
        "--locked",
        "--lock-file",
        "empty.lock",
        cwd=work,
    )
    assert result.returncode == 2
    message = (
        f"image {image} is not in empty.lock; run `docker-dsl lock` with the same recipe and flags to add it"
    )
    variant = "variant flavor=a: " if command[0] == "bake" else ""
    assert result.stderr == f"docker-dsl: error: {variant}{message}\n"
    assert not exists("scale-locked-never")


ARG_RECIPE = textwrap.dedent(
    """
    from docker_dsl import Stage, global_arg
    from docker_dsl import context as ctx

    ctx.register("registry", str)
    ctx.register("flavor", str)

    global_arg("TAG", "1")
    with Stage(f"{ctx.registry}/scale/busybox:${{TAG}}", name="app") as s:
        s.env({"FLAVOR": ctx.flavor})
    """
)


def test_bake_pins_a_from_line_with_the_build_arg_override(work: Path, local_registry):
    host = local_registry.host
    (work / "args.py").write_text(ARG_RECIPE)
    override = ["--build-arg", "TAG=arm"]
    unflavoured = cli("lock", "args.py", f"--registry={host}", *override, cwd=work)
    assert unflavoured.returncode == 2
    assert unflavoured.stderr == (
        "docker-dsl: error: args.py:6: missing flag --flavor (str: any text); "
        "pass --flavor=VALUE or give register() a default\n"
    )
    assert (
        cli("lock", "args.py", f"--registry={host}", "--matrix", "flavor=a,b", *override, cwd=work).returncode
        == 0
    )
    baked = cli(
        "bake", "args.py", f"--registry={host}", "--matrix", "flavor=a,b", "--locked", *override, cwd=work
    )
    assert baked.returncode == 0, baked.stderr
    for target in json.loads(baked.stdout)["target"].values():
        assert (
            f"FROM {host}/scale/busybox:arm@{local_registry.digests['arm']} AS app\n"
            in target["dockerfile-inline"]
        )
        assert target["args"] == {"TAG": "arm"}
    # the default was never locked
    plain = cli("bake", "args.py", f"--registry={host}", "--matrix", "flavor=a,b", "--locked", cwd=work)
    assert plain.returncode == 2
    assert f"variant flavor=a: image {host}/scale/busybox:1 is not in docker-dsl.lock" in plain.stderr


def test_build_passes_build_args_and_pins_the_from_line_they_choose(
    work: Path, local_registry, each_engine: BuildClient
):
    """`build --build-arg TAG=arm --locked`: the lock is looked up for the image the override
    names, the engine gets the same value, and the image built is the one the lock recorded
    for that tag (labelled arch=arm64). A --build-arg no ARG declares is a warning."""
    env = each_engine.environment
    host = local_registry.host
    (work / "args.py").write_text(ARG_RECIPE + '    s.arg("NOTE")\n    s.run("echo note=$NOTE > /note")\n')
    recipe = ["args.py", f"--registry={host}", "--flavor=a"]
    assert cli("lock", *recipe, "--build-arg", "TAG=arm", cwd=work).returncode == 0
    tag = f"scale-build-arg-{uuid.uuid4().hex[:8]}"
    try:
        built = cli(
            "build",
            *recipe,
            "--locked",
            "--build-arg",
            "TAG=arm",
            "--build-arg",
            "NOTE=hi",
            "--build-arg",
            "NOPE=1",
            "-t",
            tag,
            "--progress",
            "plain",
            cwd=work,
            env=env,
        )
        assert built.returncode == 0, built.stderr
        assert (
            "docker-dsl: warning: --build-arg NOPE: no ARG NOPE in the rendered file, so the build ignores "
            "it; declare ARG NOPE where it is used, or drop the flag\n"
        ) in built.stderr
        assert f"{host}/scale/busybox:arm@{local_registry.digests['arm']}" in built.stdout + built.stderr
        assert labels(tag, env).get("arch") == "arm64"
        note = subprocess.run(
            ["docker", "run", "--rm", tag, "cat", "/note"],
            capture_output=True,
            text=True,
            check=True,
            env=env,
        ).stdout
        assert note == "note=hi\n"
    finally:
        subprocess.run(["docker", "rmi", "-f", tag], capture_output=True, check=False, env=env)
    bad = cli("build", *recipe, "--build-arg", "TAG", "-t", tag, cwd=work)
    assert (bad.returncode, bad.stderr) == (
        2,
        'docker-dsl: error: --build-arg "TAG": write it as NAME=VALUE\n',
    )
