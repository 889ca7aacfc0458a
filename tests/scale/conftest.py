"""Fixtures for the scale tests (matrix, bake, graph, scrubbed logs): the engine harness of
tests/engine is reused for the tests that build."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
if str(HERE) not in sys.path:  # local_registry, under any --import-mode
    sys.path.insert(0, str(HERE))
ENGINE_DIR = HERE.parent / "engine"
if str(ENGINE_DIR) not in sys.path:
    sys.path.insert(0, str(ENGINE_DIR))

from engine_harness import ENGINE_TARGETS, BuildClient, make_base_image, require_build_client

_SKIPPED: list[str] = []


@pytest.fixture(scope="session")
def build_client() -> BuildClient:
    """The system engine's BuildKit client; skips loudly only when no engine answers (fails
    under CI=true)."""
    _, client = require_build_client("SCALE ENGINE TESTS", _SKIPPED, ENGINE_TARGETS[0])
    return client


@pytest.fixture(scope="session", params=ENGINE_TARGETS, ids=lambda target: target.name)
def each_engine(request: pytest.FixtureRequest) -> BuildClient:
    """Each engine's BuildKit client in turn (test ids end in `[docker-20.10]` or `[modern]`),
    with the base image `BASE_IMAGE` made there; skips loudly only when that engine does not
    answer (fails under CI=true)."""
    _, client = require_build_client("SCALE ENGINE TESTS", _SKIPPED, request.param)
    make_base_image(client.environment)
    return client


@pytest.fixture(scope="session")
def base_image(build_client: BuildClient) -> str:
    """The local base image `docker-dsl-test/busybox:1` (made once per machine)."""
    return make_base_image(build_client.environment)


@pytest.fixture(scope="session")
def local_registry(build_client: BuildClient, base_image: str, tmp_path_factory: pytest.TempPathFactory):
    """A registry 2.8 on 127.0.0.1 holding `scale/busybox:1` (the base image, pushed from the
    system engine), `scale/busybox:arm` (another image) and `scale/busybox:multi`, a manifest
    list of the two as linux/amd64 and linux/arm64/v8. Stopped at the end of the session."""
    from local_registry import LocalRegistry, system_engine_env

    registry = LocalRegistry(tmp_path_factory.mktemp("registry"))
    env = system_engine_env()
    other = f"scale-registry-other:{registry.port}"
    try:
        subprocess.run(
            ["docker", "build", "-t", other, "-"],
            input=f"FROM {base_image}\nLABEL arch=arm64\n",
            text=True,
            check=True,
            capture_output=True,
            env=env,
            timeout=300,
        )
        registry.digests = {
            "1": registry.push(base_image, "scale/busybox:1"),
            "arm": registry.push(other, "scale/busybox:arm"),
        }
        registry.digests["multi"] = registry.put_manifest_list(
            "scale/busybox", "multi", [("1", "linux/amd64"), ("arm", "linux/arm64/v8")]
        )
        yield registry
    finally:
        registry.stop()
        subprocess.run(
            [
                "docker",
                "rmi",
                "-f",
                other,
                f"{registry.host}/scale/busybox:1",
                f"{registry.host}/scale/busybox:arm",
            ],
            capture_output=True,
            env=env,
            check=False,
        )


@pytest.fixture(scope="session")
def modern_env() -> dict[str, str]:
    """The environment that selects the modern engine (scripts/engine/modern.sh env). Skips
    loudly when the engine does not answer; with CI=true that is a failure."""
    script = Path(
        os.environ.get("DOCKER_DSL_MODERN_SCRIPT", HERE.parents[1] / "scripts" / "engine" / "modern.sh")
    )
    status = (
        subprocess.run(["bash", str(script), "status"], capture_output=True, text=True, check=False)
        if script.is_file()
        else None
    )
    if status is None or status.returncode != 0:
        reason = (
            f"BAKE ENGINE TESTS SKIPPED: the modern engine does not answer ({script}: "
            + ("missing" if status is None else (status.stderr.strip() or "status failed"))
            + ")"
        )
        if os.environ.get("CI") == "true":
            pytest.fail(reason)
        pytest.skip(reason)
    exports = subprocess.run(["bash", str(script), "env"], capture_output=True, text=True, check=True).stdout
    env = dict(os.environ)
    for line in exports.splitlines():
        key, _, value = line.removeprefix("export ").partition("=")
        env[key] = value.strip("'\"")
    return env
