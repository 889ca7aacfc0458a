"""Promise: `docker-dsl build` passes exactly what the recipe needs, refuses to start without
a required secret, never shows a secret's value, and returns the engine's exit code."""

from __future__ import annotations

import hashlib
import os
import subprocess
import time
import uuid
from pathlib import Path

from engine_harness import BUILD_TIMEOUT, Engine, docker_dsl_command, render_recipe
from engine_recipes import ENV_MOUNT, EXIT_3, NO_SECRET, REQUIRED, SLOW_SECRETS, SSH_REQUIRED


def test_a_required_secret_that_is_not_supplied_stops_the_build_before_it_starts(
    engine: Engine, base_image: str
) -> None:
    result = engine.build(REQUIRED, base=base_image)
    assert result.returncode == 2, result.log
    assert result.stdout == ""
    # One line, and nothing from the engine: no progress, no "engine ... via client" line.
    # (Today: "docker-dsl: error: the recipe mounts secret 'apitoken' with required=true, but
    # it is not supplied; pass --secret id=apitoken,src=PATH or --secret id=apitoken,env=VAR")
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("docker-dsl: error: "), lines
    assert "'apitoken'" in lines[0] and "required" in lines[0], lines
    assert "--secret id=apitoken,src=PATH" in lines[0], lines
    assert not engine.image_exists(result.tag), "no image may be created"

    supplied = engine.build(REQUIRED, base=base_image, secrets={"apitoken": "t0ken-" + uuid.uuid4().hex})
    supplied.check()


def test_a_required_ssh_mount_that_is_not_supplied_stops_the_build(engine: Engine, base_image: str) -> None:
    result = engine.build(SSH_REQUIRED, base=base_image)
    assert result.returncode == 2, result.log
    errors = result.stderr.splitlines()
    assert len(errors) == 1 and "ssh 'default' with required=true" in errors[0], errors
    assert "--ssh default=" in errors[0], errors
    assert not engine.image_exists(result.tag)


def test_a_supplied_secret_that_no_run_uses_is_a_warning(engine: Engine, base_image: str) -> None:
    value = f"unused-{uuid.uuid4().hex}"
    result = engine.build(NO_SECRET, base=base_image, secrets={"stray": value}).check()
    warnings = [line for line in result.stderr.splitlines() if "warning" in line]
    assert warnings == [
        "docker-dsl: warning: secret 'stray' is supplied but no RUN mounts it; it is not passed to the build"
    ], result.stderr
    assert engine.run(result.tag, "cat /plain.txt").strip() == "no secrets here"
    assert value not in result.log


def _docker_processes_with(marker: str) -> dict[int, list[str]]:
    """pid -> argv of every process whose command line mentions `marker`."""
    found = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            raw = (entry / "cmdline").read_bytes()
        except OSError:
            continue
        if marker.encode() in raw:
            found[int(entry.name)] = raw.decode(errors="replace").split("\0")
    return found


def test_secret_values_are_in_no_command_line_and_no_output(engine: Engine, base_image: str) -> None:
    """While a build that mounts two secrets (one from a file, one from a variable) runs,
    read the command line of every process that mentions the build's tag: docker-dsl and
    the docker client it starts. Neither value may appear there, nor in the build's output.
    (The RUN sleeps 2 s so the client is caught running.)"""
    file_value, env_value = f"filetok-{uuid.uuid4().hex}", f"envtok-{uuid.uuid4().hex}"
    invocation = engine.prepare(
        SLOW_SECRETS,
        base=base_image,
        secrets={"filetok": file_value},
        env_secrets={"envtok": ("DOCKER_DSL_TEST_ENVTOK", env_value)},
    )
    seen: dict[int, list[str]] = {}
    try:
        proc = subprocess.Popen(
            invocation.argv,
            env=invocation.env,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        deadline = time.monotonic() + BUILD_TIMEOUT
        while proc.poll() is None and time.monotonic() < deadline:
            seen.update(_docker_processes_with(invocation.tag))
            time.sleep(0.05)
        stdout, stderr = proc.communicate(timeout=BUILD_TIMEOUT)
    finally:
        invocation.cleanup()
    assert proc.returncode == 0, stderr[-3000:]

    clients = [argv for argv in seen.values() if os.path.basename(argv[0]) == "docker"]
    assert clients, f"never saw the docker client run; saw {list(seen.values())}"
    for argv in clients:
        line = " ".join(argv)
        assert "id=filetok,src=" in line and "id=envtok,env=DOCKER_DSL_TEST_ENVTOK" in line, line
    for argv in seen.values():
        line = " ".join(argv)
        assert file_value not in line and env_value not in line, f"a secret value in the argv: {argv[0]}"
    assert file_value not in stdout + stderr and env_value not in stdout + stderr

    both = hashlib.sha256((file_value + env_value).encode()).hexdigest()
    assert engine.run(invocation.tag, "cat /both.sha256").strip() == both, "the RUN read both secrets"


def test_the_engines_exit_code_is_returned(engine: Engine, base_image: str, tmp_path: Path) -> None:
    """A RUN that exits 3 fails the build; docker-dsl returns what the engine's client
    returned for the same Dockerfile (1 with Docker 20.10's client: it does not pass the
    RUN's own code through)."""
    result = engine.build(EXIT_3, base=base_image)
    assert "exit code: 3" in result.log, result.log[-2000:]

    rendered = render_recipe(EXIT_3, tmp_path, base=base_image)
    assert rendered.returncode == 0, rendered.stderr
    direct = subprocess.run(
        [*engine.client.argv(), "--progress=plain", "--no-cache", "-f", "-", str(tmp_path)],
        input=rendered.stdout,
        env=engine.client.env(),
        capture_output=True,
        text=True,
        timeout=BUILD_TIMEOUT,
        check=False,
    )
    assert direct.returncode != 0
    assert result.returncode == direct.returncode, (result.returncode, direct.returncode)
    if not engine.client.buildx:
        assert result.returncode == 1


def test_no_engine_is_one_line_and_exit_2(tmp_path: Path) -> None:
    """No engine answering (simulated with a socket that does not exist): one error line,
    exit 2, before anything is rendered or built. Needs no engine, so it always runs."""
    env = dict(os.environ, DOCKER_HOST="unix:///nonexistent.sock")
    env.pop("DOCKER_CONTEXT", None)
    env.pop("DOCKER_DSL_DOCKER", None)
    recipe = tmp_path / "recipe_no_engine.py"
    recipe.write_text(NO_SECRET.source)
    proc = subprocess.run(
        [*docker_dsl_command(), "build", str(recipe), "--base=x", "--syntax", "none", "-t", "x:1"],
        env=env,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert proc.returncode == 2, proc.stderr
    assert proc.stdout == ""
    lines = proc.stderr.splitlines()
    assert len(lines) == 1, lines
    assert lines[0].startswith("docker-dsl: error: cannot build: "), lines
    if any(Path(d, "docker").exists() for d in os.environ.get("PATH", "").split(os.pathsep)):
        assert "no Docker engine answers" in lines[0] and "/nonexistent.sock" in lines[0], lines


def test_a_builder_without_buildx_is_a_clear_error(engine: Engine, base_image: str) -> None:
    result = engine.build(NO_SECRET, base=base_image, options=["--builder", "foo"])
    assert result.returncode != 0
    assert not engine.image_exists(result.tag)
    if engine.client.buildx:
        assert 'no builder "foo" found' in result.log, result.log[-2000:]
        return
    assert result.returncode == 2
    errors = [line for line in result.stderr.splitlines() if line.startswith("docker-dsl: error:")]
    # Today: "docker-dsl: error: --builder foo needs docker buildx, which this machine lacks;
    # without buildx every build runs on the daemon's built-in BuildKit (the builder buildx
    # calls `default`): drop --builder or install the buildx plugin"
    assert len(errors) == 1, result.stderr
    assert "--builder foo needs docker buildx" in errors[0] and "drop --builder" in errors[0], errors
    assert "#1 " not in result.log, "no build may start"


def test_builder_default_builds(engine: Engine, base_image: str) -> None:
    """`--builder default` is buildx's default builder, and without buildx the daemon's
    built-in BuildKit, which is what buildx calls `default`."""
    result = engine.build(NO_SECRET, base=base_image, options=["--builder", "default"]).check()
    assert engine.image_exists(result.tag)


def test_a_syntax_image_that_cannot_be_pulled_is_one_line_naming_the_offline_option(
    engine: Engine, base_image: str
) -> None:
    """`--syntax 1.7` heads the file with `# syntax=docker/dockerfile:1.7`, which the
    engine must pull; offline it cannot, and docker-dsl says so in one line."""
    result = engine.build(NO_SECRET, base=base_image, options=["--syntax", "1.7"])
    assert result.returncode != 0
    ours = [line for line in result.stderr.splitlines() if line.startswith("docker-dsl: error:")]
    expected = (
        "docker-dsl: error: the engine could not pull the `# syntax=` frontend image "
        "docker/dockerfile:1.7; offline, drop --syntax to build with the engine's built-in "
        "frontend (--frontend auto, the default)"
    )
    assert ours == [expected], result.stderr[-2000:]
    assert result.stderr.rstrip().endswith(ours[0]), "the message is the last line"
    assert not engine.image_exists(result.tag)


def test_builder_picks_the_daemon_and_its_frontend(modern_engine: Engine) -> None:
    """Two real builders: buildx uses the docker contexts docker-dsl-system (Docker 20.10)
    and docker-dsl-modern (scripts/engine/modern.sh) as builders of the `docker` driver.
    docker-dsl asks the chosen builder for its built-in frontend (`--frontend auto`), so
    the same recipe with secret `env=` (frontend 1.10) builds on the modern builder and is
    refused before building for the 1.2 one; a plain recipe builds on either, and each
    image lands on its own daemon only."""
    base = "docker-dsl-test/busybox:1"

    def on(context: str, *args: str) -> subprocess.CompletedProcess[bytes]:
        return modern_engine.docker("--context", context, *args, check=False)

    value = f"builder-{uuid.uuid4().hex}"
    modern = modern_engine.build(
        ENV_MOUNT, base=base, secrets={"envtoken": value}, options=["--builder", "docker-dsl-modern"]
    ).check()
    assert "built-in Dockerfile frontend 1.19" in modern.stderr, modern.stderr[-2000:]
    assert on("docker-dsl-modern", "image", "inspect", modern.tag).returncode == 0
    assert on("docker-dsl-system", "image", "inspect", modern.tag).returncode != 0

    refused = modern_engine.build(
        ENV_MOUNT, base=base, secrets={"envtoken": value}, options=["--builder", "docker-dsl-system"]
    )
    assert refused.returncode == 2, refused.log[-2000:]
    assert "secret mount env= needs docker/dockerfile:1.10" in refused.stderr, refused.stderr

    system = modern_engine.build(NO_SECRET, base=base, options=["--builder", "docker-dsl-system"])
    try:
        system.check()
        assert "built-in Dockerfile frontend 1.2 " in system.stderr, system.stderr[-2000:]
        assert on("docker-dsl-system", "image", "inspect", system.tag).returncode == 0
        assert on("docker-dsl-modern", "image", "inspect", system.tag).returncode != 0
    finally:
        on("docker-dsl-system", "rmi", "-f", system.tag)
