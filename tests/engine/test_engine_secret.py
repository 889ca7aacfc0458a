"""Promise: a secret is readable in its RUN only, and lands in no layer and no history.

Every image is built from a recipe by `docker-dsl build`; "in no layer" is checked twice,
by `docker-dsl verify` and by an independent tar-and-grep of `docker save`, and two
negative controls (a recipe that leaks the secret into a file, one that puts a credential
in an ENV) show that both checks do find a value that is there.
"""

from __future__ import annotations

import hashlib
import re
import uuid

import pytest
from engine_harness import BuildResult, Engine, Hit
from engine_recipes import ENV_LEAK, ENV_MOUNT, ENV_SOURCE, LEAK, ROTATION, SECRET


def sha256(value: str) -> str:
    return hashlib.sha256(value.encode()).hexdigest()


@pytest.fixture(scope="module")
def secret_build(engine: Engine, base_image: str) -> tuple[BuildResult, str]:
    """One `docker-dsl build` of SECRET with a fresh random secret value."""
    value = f"s3cr3t-{uuid.uuid4().hex}"
    result = engine.build(SECRET, base=base_image, secrets={"dbpass": value})
    return result.check(), value


def test_the_run_inside_the_block_reads_the_secret(
    engine: Engine, secret_build: tuple[BuildResult, str]
) -> None:
    result, value = secret_build
    assert engine.run(result.tag, "cat /secret.sha256").strip() == sha256(value)


def test_the_secret_is_in_no_layer_config_or_history(
    engine: Engine, secret_build: tuple[BuildResult, str]
) -> None:
    result, value = secret_build
    engine.assert_value_absent(result.tag, "dbpass", value)
    # And no layer holds a file at the secret's mount path (the empty mount point may stay).
    for layer in engine.layers(result.tag):
        assert "run/secrets/dbpass" not in layer.files, f"layer {layer.index} has /run/secrets/dbpass"


def test_the_secret_is_not_in_docker_history(engine: Engine, secret_build: tuple[BuildResult, str]) -> None:
    result, value = secret_build
    history = engine.history(result.tag)
    assert value not in history
    assert "sha256sum /run/secrets/dbpass" in history, "history shows the RUN, not the value"


def test_the_secret_is_not_in_the_build_output(secret_build: tuple[BuildResult, str]) -> None:
    result, value = secret_build
    assert "--mount=type=secret,id=dbpass" in result.log, "plain progress shows each RUN"
    assert value not in result.log
    assert value not in " ".join(result.argv), "docker-dsl got a reference, not the value"


def test_a_run_after_the_block_cannot_read_the_secret(
    engine: Engine, secret_build: tuple[BuildResult, str]
) -> None:
    result, _ = secret_build
    assert engine.run(result.tag, "cat /after.txt").strip() == "absent"


# -- negative controls: the checks above can fail ------------------------------------------


def test_verify_and_tar_grep_both_find_a_leaked_secret(engine: Engine, base_image: str) -> None:
    """LEAK copies the secret to /leak: verify exits 1 naming that layer and path, and the
    tar-and-grep check finds the same file in the same layer."""
    value = f"leaked-{uuid.uuid4().hex}"
    # --no-lint: lint refuses this recipe (S001), which is the point of a negative control
    result = engine.build(LEAK, base=base_image, secrets={"tok": value}, options=["--no-lint"]).check()
    leak_layer = engine.inspect(result.tag)["RootFS"]["Layers"][-1]

    found = engine.find_value(result.tag, value)
    assert Hit("file", "raw", leak_layer, "leak") in found, [str(h) for h in found]

    verdict = engine.verify(result.tag, {"tok": value})
    assert verdict.returncode == 1, verdict.describe()
    assert verdict.report is not None and verdict.report["clean"] is False, verdict.describe()
    places = {(h["layer"], h["path"].lstrip("/"), h["found_in"]) for h in verdict.report["hits"]}
    assert (leak_layer, "leak", "file_content") in places, verdict.describe()
    assert {h["secret"] for h in verdict.report["hits"]} == {"tok"}


def test_verify_and_tar_grep_both_find_a_credential_in_env_and_history(
    engine: Engine, base_image: str
) -> None:
    """ENV_LEAK puts a credential in an ENV: it is in the image config and in `docker
    history`, and both checks say so (so their 'not in history' results mean something)."""
    value = f"envleak-{uuid.uuid4().hex}"
    result = engine.build(ENV_LEAK, base=base_image, flags={"token": value}).check()

    assert value in engine.history(result.tag)
    places = {hit.place for hit in engine.find_value(result.tag, value)}
    assert {"image config", "docker history"} <= places, places

    verdict = engine.verify(result.tag, {"token": value})
    assert verdict.returncode == 1 and verdict.report is not None, verdict.describe()
    found_in = {h["found_in"] for h in verdict.report["hits"]}
    assert {"env", "history"} <= found_in, verdict.describe()


# -- where the value comes from --------------------------------------------------------


def test_a_secret_from_an_environment_variable_reaches_the_run(engine: Engine, base_image: str) -> None:
    """`docker-dsl build --secret id=ID,env=VAR`: the client reads the variable."""
    value = f"env-{uuid.uuid4().hex}"
    result = engine.build(
        ENV_SOURCE, base=base_image, env_secrets={"fromenv": ("DOCKER_DSL_TEST_SECRET", value)}
    ).check()
    assert engine.run(result.tag, "cat /env-secret.sha256").strip() == sha256(value)
    assert value not in result.log
    engine.assert_value_absent(result.tag, "fromenv", value)


def test_a_secret_mounted_as_an_environment_variable(engine: Engine, base_image: str) -> None:
    """`--mount=type=secret,env=` needs Dockerfile frontend 1.10, and `--frontend auto`
    knows each engine's level. On the modern engine the RUN sees the value and the image
    holds none of it. On Docker 20.10 (built-in 1.2) docker-dsl refuses the recipe before
    building, and the same mount rendered anyway (`--frontend 1.10`) is refused by the
    engine itself: docker-dsl's verdict is the engine's."""
    if engine.frontend >= (1, 10):
        value = f"envmount-{uuid.uuid4().hex}"
        result = engine.build(ENV_MOUNT, base=base_image, secrets={"envtoken": value}).check()
        assert engine.run(result.tag, "cat /env-mount.sha256").strip() == sha256(value)
        engine.assert_value_absent(result.tag, "envtoken", value)
        return
    result = engine.build(ENV_MOUNT, base=base_image, secrets={"envtoken": "t0ken-" + uuid.uuid4().hex})
    assert result.returncode == 2, result.log
    errors = result.stderr.strip().splitlines()
    assert len(errors) == 1 and "secret mount env= needs docker/dockerfile:1.10" in errors[0], errors
    assert "recipe_env_mount.py:" in errors[0], "the error names the recipe line"
    assert not engine.image_exists(result.tag)
    forced = engine.build(
        ENV_MOUNT, base=base_image, secrets={"envtoken": "x"}, options=["--frontend", "1.10"]
    )
    assert not forced.ok
    assert re.search(
        r"dockerfile parse error line \d+: unexpected key 'env' in 'env=API_TOKEN'", forced.log
    ), forced.log[-2000:]


def test_a_changed_secret_does_not_invalidate_the_build_cache(engine: Engine, base_image: str) -> None:
    """An engine fact, not a promise: BuildKit's cache key leaves secret values out, so a
    rotated secret reuses the cached RUN unless the build passes --no-cache."""
    flags = {"nonce": engine.unique("rotation")}
    old, new = f"old-{uuid.uuid4().hex}", f"new-{uuid.uuid4().hex}"

    def build(value: str, no_cache: bool) -> BuildResult:
        return engine.build(
            ROTATION, base=base_image, flags=flags, secrets={"rotated": value}, no_cache=no_cache
        ).check()

    first, cached, fresh = build(old, False), build(new, False), build(new, True)
    assert engine.run(first.tag, "cat /rotated.sha256").strip() == sha256(old)
    assert engine.run(cached.tag, "cat /rotated.sha256").strip() == sha256(old), (
        "cached RUN kept the old secret"
    )
    assert engine.run(fresh.tag, "cat /rotated.sha256").strip() == sha256(new)
