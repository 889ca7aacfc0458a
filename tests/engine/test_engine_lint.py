"""Proof on the real engine for the lint rules that say content lands in a layer (or is
missing from one): each flagged example and its clean twin are built with `docker-dsl
build` (the flagged one with `--no-lint`, which it needs), then `docker-dsl verify` must
find the secret in the flagged image and not in the twin. Lint itself must flag the one
and not the other. A rule that the engine contradicts is wrong.

Tools the base image lacks are stand-ins defined in the RUN: `npm` is a shell function
that appends its `config set` value to ~/.npmrc, as the real `npm config set` does.
"""

from __future__ import annotations

import json
import subprocess
import uuid
from pathlib import Path

import pytest
from engine_harness import Engine
from engine_recipes import Recipe

# A stand-in for `npm config set KEY=VALUE`: it stores the value in ~/.npmrc.
NPM = 'export HOME=/root; npm() { if [ "$1 $2" = "config set" ]; then echo "$3" >> "$HOME/.npmrc"; fi; }'

# Each case: (rule, flagged recipe, clean twin, how the secret is supplied).
CASES = {
    "S001": (
        Recipe(
            "lint-s001-flagged",
            """
with Stage(context.base) as s:
    with s.secret("npm"), s.run() as r:
        r("echo \\"//registry.example.com/:_authToken=$(cat /run/secrets/npm)\\" > /root/.npmrc")
""",
            runs=(),
        ),
        Recipe(
            "lint-s001-twin",
            """
with Stage(context.base) as s:
    with s.secret("npm"), s.run() as r:
        r("echo \\"//registry.example.com/:_authToken=$(cat /run/secrets/npm)\\" > /root/.npmrc")
        r("test -s /root/.npmrc")
        r("rm /root/.npmrc")
""",
            runs=(),
        ),
    ),
    "S002": (
        Recipe(
            "lint-s002-flagged",
            f"""
with Stage(context.base) as s:
    with s.secret("npm"), s.run() as r:
        r({NPM!r} + "; npm config set //registry.example.com/:_authToken=$(cat /run/secrets/npm)")
""",
            runs=(),
        ),
        Recipe(
            "lint-s002-twin",
            f"""
with Stage(context.base) as s:
    with s.secret("npm"), s.run() as r:
        r({NPM!r} + "; npm config set //registry.example.com/:_authToken=$(cat /run/secrets/npm)")
        r("test -s /root/.npmrc")
        r("rm -f ~/.npmrc")
""",
            runs=(),
        ),
    ),
}


def lint_findings(engine: Engine, recipe: Recipe, base: str, **flags: str) -> list[dict]:
    """The findings of `docker-dsl lint RECIPE --base=... --FLAG=VALUE... --format json`."""
    path = Path(engine.workdir) / f"{recipe.name.replace('-', '_')}.py"
    path.write_text(recipe.source)
    argv = [*engine.docker_dsl, "lint", str(path), f"--base={base}", "--format", "json"]
    argv += [f"--{name}={value}" for name, value in flags.items()]
    proc = subprocess.run(argv, capture_output=True, text=True, timeout=120, check=False)
    assert proc.returncode in (0, 1), proc.stderr
    return json.loads(proc.stdout)["findings"]


def lint_codes(engine: Engine, recipe: Recipe, base: str, **flags: str) -> set[str]:
    """The codes `docker-dsl lint` reports for `recipe`."""
    return {f["code"] for f in lint_findings(engine, recipe, base, **flags)}


@pytest.mark.parametrize("rule", sorted(CASES))
def test_the_flagged_example_leaks_and_its_twin_does_not(engine: Engine, base_image: str, rule: str) -> None:
    flagged, twin = CASES[rule]
    assert rule in lint_codes(engine, flagged, base_image)
    assert rule not in lint_codes(engine, twin, base_image)

    value = f"lint-{rule}-{uuid.uuid4().hex}"
    refused = engine.build(flagged, base=base_image, secrets={"npm": value})
    assert refused.returncode == 2 and rule in refused.stderr, refused.log
    leaky = engine.build(flagged, base=base_image, secrets={"npm": value}, options=["--no-lint"]).check()
    verdict = engine.verify(leaky.tag, {"npm": value})
    assert verdict.returncode == 1, verdict.describe()
    assert any(h["path"].lstrip("/") == "root/.npmrc" for h in (verdict.report or {}).get("hits", [])), (
        verdict.describe()
    )

    clean = engine.build(twin, base=base_image, secrets={"npm": value}).check()
    verdict = engine.verify(clean.tag, {"npm": value})
    assert verdict.returncode == 0, verdict.describe()


def test_s003_a_token_build_arg_lands_in_history_and_a_secret_mount_does_not(
    engine: Engine, base_image: str
) -> None:
    value = f"lint-S003-{uuid.uuid4().hex}"
    flagged = Recipe(
        "lint-s003-flagged",
        """
context.register("token", str)

with Stage(context.base) as s:
    s.arg("NPM_TOKEN", context.token)
    s.run("test -n \\"$NPM_TOKEN\\"")
""",
        runs=(),
    )
    twin = Recipe(
        "lint-s003-twin",
        """
with Stage(context.base) as s:
    with s.secret("npm"), s.run() as r:
        r("test -s /run/secrets/npm")
""",
        runs=(),
    )
    assert "S003" in lint_codes(engine, flagged, base_image, token=value)
    assert "S003" not in lint_codes(engine, twin, base_image)
    leaky = engine.build(flagged, base=base_image, flags={"token": value}).check()
    verdict = engine.verify(leaky.tag, {"npm": value})
    assert verdict.returncode == 1 and "history" in {h["found_in"] for h in verdict.report["hits"]}, (
        verdict.describe()
    )
    clean = engine.build(twin, base=base_image, secrets={"npm": value}).check()
    assert engine.verify(clean.tag, {"npm": value}).returncode == 0


def test_s004_a_literal_token_in_env_lands_in_the_config(engine: Engine, base_image: str) -> None:
    token = "ghp_" + uuid.uuid4().hex[:32] + "ABCD"
    flagged = Recipe(
        "lint-s004-flagged",
        """
context.register("token", str)

with Stage(context.base) as s:
    s.env({"GH": context.token})
""",
        runs=(),
    )
    twin = Recipe(
        "lint-s004-twin",
        """
with Stage(context.base) as s:
    with s.secret("gh"), s.run() as r:
        r("test -s /run/secrets/gh")
""",
        runs=(),
    )
    messages = [
        f["message"] for f in lint_findings(engine, flagged, base_image, token=token) if f["code"] == "S004"
    ]
    assert len(messages) == 1 and "GitHub token" in messages[0], messages
    assert "S004" not in lint_codes(engine, twin, base_image)
    leaky = engine.build(flagged, base=base_image, flags={"token": token}, options=["--no-lint"]).check()
    assert engine.verify(leaky.tag, {"gh": token}).returncode == 1
    clean = engine.build(twin, base=base_image, secrets={"gh": token}).check()
    assert engine.verify(clean.tag, {"gh": token}).returncode == 0


def test_c006_what_a_run_writes_into_a_cache_mount_is_not_in_the_stage(
    engine: Engine, base_image: str
) -> None:
    """COPY --from of a file under the builder's cache mount fails: the file is not in any
    layer of the stage. The twin copies it out of the cache inside the RUN."""
    marker = uuid.uuid4().hex
    body = """
context.register("marker", str)

with Stage(context.base, "builder") as b:
    with b.cache("/cache"), b.run() as r:
        r("echo " + context.marker + " > /cache/out"){extra}
with Stage(context.base, "final") as f:
    f.copy("{source}", "/out", stage=b)
"""
    flagged = Recipe("lint-c006-flagged", body.format(extra="", source="/cache/out"), runs=())
    twin = Recipe(
        "lint-c006-twin",
        body.format(extra='\n        r("cp /cache/out /built-out")', source="/built-out"),
        runs=(),
    )
    flags = {"marker": marker}
    assert "C006" in lint_codes(engine, flagged, base_image, **flags)
    assert "C006" not in lint_codes(engine, twin, base_image, **flags)
    failed = engine.build(flagged, base=base_image, flags=flags, no_cache=False)
    assert failed.returncode != 0 and "/cache/out" in failed.log, failed.log
    built = engine.build(twin, base=base_image, flags=flags, no_cache=False).check()
    assert engine.run(built.tag, "cat /out").strip() == marker
