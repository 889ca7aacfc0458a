"""Promise: a secret is readable in its RUN only, and lands in no layer and no history."""

from __future__ import annotations

import hashlib
import re
import uuid

import pytest
from engine_harness import BuildResult, Engine, rendered

# The RUN inside the block proves it read the secret by storing its sha256 (not the
# value); the RUN after the block records whether the secret file is still there.
SECRET_DOCKERFILE = """
FROM {base} AS base
RUN --mount=type=secret,id=dbpass \\
  sha256sum /run/secrets/dbpass | cut -d ' ' -f 1 > /secret.sha256
RUN if [ -e /run/secrets/dbpass ]; then echo visible; else echo absent; fi > /after.txt
"""


@pytest.fixture(scope="module")
def secret_build(engine: Engine, base_image: str) -> tuple[BuildResult, str]:
    """One build of SECRET_DOCKERFILE with a fresh random secret value."""
    value = f"s3cr3t-{uuid.uuid4().hex}"
    result = engine.build(rendered(SECRET_DOCKERFILE.format(base=base_image)), secrets={"dbpass": value})
    return result.check(), value


def test_the_run_inside_the_block_reads_the_secret(
    engine: Engine, secret_build: tuple[BuildResult, str]
) -> None:
    result, value = secret_build
    assert engine.run(result.tag, "cat /secret.sha256").strip() == hashlib.sha256(value.encode()).hexdigest()


def test_the_secret_is_in_no_layer_config_or_history(
    engine: Engine, secret_build: tuple[BuildResult, str]
) -> None:
    result, value = secret_build
    assert engine.find_value(result.tag, value) == []
    # And no layer holds a file at the secret's mount path.
    for layer in engine.layers(result.tag):
        assert "run/secrets/dbpass" not in layer.files, f"layer {layer.index} has /run/secrets/dbpass"


def test_the_secret_is_not_in_docker_history(engine: Engine, secret_build: tuple[BuildResult, str]) -> None:
    result, value = secret_build
    history = engine.history(result.tag)
    assert value not in history
    assert "sha256sum /run/secrets/dbpass" in history, "history shows the RUN, not the value"


def test_a_run_after_the_block_cannot_read_the_secret(
    engine: Engine, secret_build: tuple[BuildResult, str]
) -> None:
    result, _ = secret_build
    assert engine.run(result.tag, "cat /after.txt").strip() == "absent"


REQUIRED_DOCKERFILE = """
FROM {base} AS base
RUN --mount=type=secret,id=apitoken,required=true \\
  test -s /run/secrets/apitoken
"""


def test_a_required_secret_that_is_not_supplied_fails_the_build(engine: Engine, base_image: str) -> None:
    text = rendered(REQUIRED_DOCKERFILE.format(base=base_image))
    missing = engine.build(text)
    assert not missing.ok, "the build must fail without the required secret"
    assert re.search(r"secret apitoken not found", missing.log), missing.log[-2000:]

    supplied = engine.build(text, secrets={"apitoken": "t0ken-" + uuid.uuid4().hex})
    supplied.check()


ENV_SOURCE_DOCKERFILE = """
FROM {base} AS base
RUN --mount=type=secret,id=fromenv,required=true \\
  sha256sum /run/secrets/fromenv | cut -d ' ' -f 1 > /env-secret.sha256
"""


def test_a_secret_from_an_environment_variable_reaches_the_run(engine: Engine, base_image: str) -> None:
    """`--secret id=ID,env=VAR` (client side) works with buildx and the 20.10 client."""
    value = f"env-{uuid.uuid4().hex}"
    result = engine.build(
        rendered(ENV_SOURCE_DOCKERFILE.format(base=base_image)),
        env_secrets={"fromenv": ("DOCKER_DSL_TEST_SECRET", value)},
    ).check()
    assert (
        engine.run(result.tag, "cat /env-secret.sha256").strip() == hashlib.sha256(value.encode()).hexdigest()
    )
    assert engine.find_value(result.tag, value) == []


ENV_MOUNT_DOCKERFILE = """
FROM {base} AS base
RUN --mount=type=secret,id=envtoken,env=API_TOKEN \\
  printf %s "$API_TOKEN" | sha256sum | cut -d ' ' -f 1 > /env-mount.sha256
"""


def test_a_secret_mounted_as_an_environment_variable(engine: Engine, base_image: str) -> None:
    """`--mount=type=secret,env=` needs Dockerfile frontend 1.10; older ones reject it."""
    value = f"envmount-{uuid.uuid4().hex}"
    result = engine.build(rendered(ENV_MOUNT_DOCKERFILE.format(base=base_image)), secrets={"envtoken": value})
    rejected = re.search(
        r"dockerfile parse error line \d+: unexpected key 'env' in 'env=API_TOKEN'", result.log
    )
    if not result.ok and rejected:
        pytest.skip(
            "secret env= needs Dockerfile frontend >= 1.10; this engine's built-in frontend "
            f"rejects it: {rejected.group(0)}"
        )
    result.check()
    assert (
        engine.run(result.tag, "cat /env-mount.sha256").strip() == hashlib.sha256(value.encode()).hexdigest()
    )
    assert engine.find_value(result.tag, value) == []


ROTATION_DOCKERFILE = """
FROM {base} AS base
RUN --mount=type=secret,id=rotated \\
  sha256sum /run/secrets/rotated | cut -d ' ' -f 1 > /rotated.sha256 \\
  && echo {nonce} > /dev/null
"""


def test_a_changed_secret_does_not_invalidate_the_build_cache(engine: Engine, base_image: str) -> None:
    """An engine fact, not a promise: BuildKit's cache key leaves secret values out, so a
    rotated secret reuses the cached RUN unless the build passes --no-cache."""
    text = rendered(ROTATION_DOCKERFILE.format(base=base_image, nonce=engine.unique("rotation")))
    old, new = f"old-{uuid.uuid4().hex}", f"new-{uuid.uuid4().hex}"
    first = engine.build(text, secrets={"rotated": old}, no_cache=False).check()
    cached = engine.build(text, secrets={"rotated": new}, no_cache=False).check()
    fresh = engine.build(text, secrets={"rotated": new}, no_cache=True).check()
    digest = {v: hashlib.sha256(v.encode()).hexdigest() for v in (old, new)}
    assert engine.run(first.tag, "cat /rotated.sha256").strip() == digest[old]
    assert engine.run(cached.tag, "cat /rotated.sha256").strip() == digest[old], (
        "cached RUN kept the old secret"
    )
    assert engine.run(fresh.tag, "cat /rotated.sha256").strip() == digest[new]
