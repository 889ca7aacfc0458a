"""Helpers for the engine promise tests: build recipes with `docker-dsl build`, then inspect.

The tests drive our tool end to end and check the results with the docker CLI, exactly as
a user would:

* `Engine.build()` writes a recipe (see engine_recipes.py) and a context directory, puts
  secret values in private files outside the context, and runs
  `docker-dsl build RECIPE --base=... -t TAG --context DIR --progress plain
  [--secret id=ID,src=FILE|id=ID,env=VAR] [--ssh ...] [--no-cache]`.
* `Engine.render()` runs `docker-dsl RECIPE --base=... --syntax none`.
* `Engine.verify()` runs `docker-dsl verify TAG --secret ... --format json`.
* `Engine.layers()` / `Engine.find_value()` read every layer of `docker save` with tarfile:
  a tar-and-grep check that does not trust docker-dsl or the engine's own view of the image.
* `Engine.history()`, `Engine.run()`, `Engine.inspect()` wrap the matching docker commands.
* `find_build_client()` finds how this machine runs BuildKit directly (buildx, or a pre-23
  client with DOCKER_BUILDKIT=1; see docs/engine.md), for the one test that compares
  docker-dsl's exit code with the engine client's own.
"""

from __future__ import annotations

import base64
import hashlib
import io
import json
import os
import shutil
import subprocess
import sys
import tarfile
import tempfile
import uuid
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from engine_recipes import Recipe

BASE_IMAGE = "docker-dsl-test/busybox:1"
"""The local base image every recipe starts from (made by make-base-image.sh)."""

REPO = Path(__file__).resolve().parents[2]
MAKE_BASE_IMAGE = REPO / "scripts" / "engine" / "make-base-image.sh"

BUILD_TIMEOUT = 180
"""Seconds one build may take before the test fails."""

MODERN_SH = REPO / "scripts" / "engine" / "modern.sh"

REQUIRE_ENGINE = (
    os.environ.get("CI", "").lower() == "true" or os.environ.get("DOCKER_DSL_REQUIRE_ENGINE") == "1"
)
"""With CI=true or DOCKER_DSL_REQUIRE_ENGINE=1 an engine test that would skip fails."""


@dataclass(frozen=True)
class EngineTarget:
    """One of the two engines the suite builds on, and the Dockerfile frontend built into it."""

    name: str
    """`docker-20.10` (the system daemon) or `modern` (scripts/engine/modern.sh)."""
    frontend: str
    """The level of the engine's built-in Dockerfile frontend (`--frontend auto` finds it)."""

    def environment(self) -> tuple[dict[str, str] | None, str]:
        """The environment that selects this engine for docker and docker-dsl, or None and
        the reason it cannot be had."""
        env = dict(os.environ)
        for name in ("DOCKER_HOST", "DOCKER_CONTEXT", "DOCKER_CONFIG", "DOCKER_DSL_DOCKER"):
            env.pop(name, None)
        if self.name != "modern":
            return env, ""
        proc = subprocess.run(
            ["bash", str(MODERN_SH), "env"], capture_output=True, text=True, timeout=30, check=False
        )
        if proc.returncode != 0:
            return None, proc.stderr.strip() or f"modern.sh env exited {proc.returncode}"
        for line in proc.stdout.splitlines():
            name, _, value = line.removeprefix("export ").partition("=")
            env[name] = value
        return env, ""


ENGINE_TARGETS = [EngineTarget("docker-20.10", "1.2"), EngineTarget("modern", "1.19")]
"""The engines every engine test runs on, in order."""


def make_base_image(env: dict[str, str]) -> str:
    """Make the local base image on the engine `env` selects, once per engine; return its tag.

    Runs scripts/engine/make-base-image.sh, which returns at once when the image exists,
    and otherwise installs Debian's `busybox-static` with apt-get (as root, when missing)
    and `docker import`s a rootfs holding only that static busybox and its applet links.
    """
    proc = subprocess.run(
        ["bash", str(MAKE_BASE_IMAGE), BASE_IMAGE],
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert proc.returncode == 0, f"make-base-image.sh failed:\n{proc.stdout}{proc.stderr}"
    return BASE_IMAGE


def skip_or_fail(reason: str) -> None:
    """Skip with `reason`; fail instead under CI=true or DOCKER_DSL_REQUIRE_ENGINE=1."""
    if REQUIRE_ENGINE:
        pytest.fail(
            f"{reason} (CI=true or DOCKER_DSL_REQUIRE_ENGINE=1: engine tests may not skip)", pytrace=False
        )
    pytest.skip(reason)


def docker_dsl_command() -> list[str]:
    """How to run our tool: the `docker-dsl` script of this interpreter's environment
    (`.venv/bin/docker-dsl`), else `python -m docker_dsl` (the same entry point)."""
    script = Path(sys.executable).with_name("docker-dsl")
    if script.is_file() and os.access(script, os.X_OK):
        return [str(script)]
    return [sys.executable, "-m", "docker_dsl"]


def docker_info(env: dict[str, str]) -> tuple[bool, str]:
    """Whether an engine answers `docker info` in `env`, and the client's reason when none does."""
    docker = shutil.which("docker", path=env.get("PATH"))
    if docker is None:
        return False, "no `docker` client on PATH"
    try:
        proc = subprocess.run(
            [docker, "info", "--format", "{{.ServerVersion}}"],
            env=env,
            capture_output=True,
            text=True,
            timeout=30,
            check=False,
        )
    except subprocess.TimeoutExpired:
        return False, "`docker info` timed out after 30 s"
    if proc.returncode != 0 or not proc.stdout.strip():
        lines = [ln for ln in (proc.stderr or proc.stdout).splitlines() if ln.strip()]
        return False, lines[-1].strip() if lines else f"`docker info` exited {proc.returncode}"
    return True, proc.stdout.strip()


@dataclass(frozen=True)
class BuildClient:
    """How the engine's own client starts a build: the binary and whether through buildx."""

    program: str
    buildx: bool
    environment: dict[str, str]

    def argv(self) -> list[str]:
        """The command words that start a build, before any flag."""
        return [self.program, "buildx", "build"] if self.buildx else [self.program, "build"]

    def env(self) -> dict[str, str]:
        """The environment for a build: DOCKER_BUILDKIT=1 for a classic client."""
        env = dict(self.environment)
        if not self.buildx:
            env["DOCKER_BUILDKIT"] = "1"
        return env


def find_build_client(env: dict[str, str]) -> BuildClient | None:
    """The same choice as crates/engine's probe: buildx first, else classic BuildKit."""
    candidates: list[str] = []
    override = env.get("DOCKER_DSL_DOCKER")
    names = [override] if override else ["docker", "/usr/bin/docker", "/usr/local/bin/docker"]
    for name in names:
        path = shutil.which(name, path=env.get("PATH"))
        if path and os.path.realpath(path) not in {os.path.realpath(c) for c in candidates}:
            candidates.append(path)
    classic = None
    for program in candidates:
        probe = subprocess.run(
            [program, "buildx", "version"], env=env, capture_output=True, timeout=30, check=False
        )
        if probe.returncode == 0:
            return BuildClient(program, buildx=True, environment=env)
        if classic is None:
            helptext = subprocess.run(
                [program, "build", "--help"],
                capture_output=True,
                text=True,
                timeout=30,
                env=dict(env, DOCKER_BUILDKIT="1"),
                check=False,
            )
            if helptext.returncode == 0 and "--secret" in helptext.stdout:
                classic = BuildClient(program, buildx=False, environment=env)
    return classic


def require_build_client(label: str, skipped: list[str], target: EngineTarget) -> tuple[str, BuildClient]:
    """The engine's version and a BuildKit client for `target`; skips (recording one loud
    line in `skipped`, prefixed `label`) only when that engine does not answer `docker info`,
    and fails instead under CI=true or DOCKER_DSL_REQUIRE_ENGINE=1."""
    env, why = target.environment()
    answers, detail = docker_info(env) if env is not None else (False, why)
    if not answers:
        start = " (start it: scripts/engine/modern.sh start)" if target.name == "modern" else ""
        reason = f"{label} SKIPPED on {target.name}: no engine answers `docker info` ({detail}){start}"
        skipped.append(reason)
        skip_or_fail(reason)
    assert env is not None
    client = find_build_client(env)
    assert client is not None, (
        f"Docker {detail} answers but no client runs BuildKit: install the buildx plugin, "
        "or Debian's docker.io 20.10 client (DOCKER_BUILDKIT=1); see docs/engine.md"
    )
    return detail, client


@dataclass
class BuildResult:
    """The outcome of one `docker-dsl build`: exit code, its output, and the tag."""

    returncode: int
    stdout: str
    stderr: str
    tag: str
    recipe: Recipe
    argv: list[str]

    @property
    def ok(self) -> bool:
        """Whether docker-dsl build exited 0."""
        return self.returncode == 0

    @property
    def log(self) -> str:
        """Everything the build printed (BuildKit's plain progress goes to stderr)."""
        return self.stdout + self.stderr

    def check(self) -> BuildResult:
        """Return self when the build succeeded; otherwise fail with the recipe and log."""
        assert self.ok, (
            f"docker-dsl build exited {self.returncode}\n--- command\n{' '.join(self.argv)}\n"
            f"--- recipe {self.recipe.name}\n{self.recipe.source}"
            "--- log (last 60 lines)\n" + "\n".join(self.log.splitlines()[-60:])
        )
        return self


@dataclass
class Invocation:
    """A prepared `docker-dsl build`: the command, its environment, and its scratch directory
    (recipe, context, secret files), removed by `cleanup()`."""

    argv: list[str]
    env: dict[str, str]
    tag: str
    recipe: Recipe
    scratch: Path

    def cleanup(self) -> None:
        """Remove the recipe, the context and the secret files."""
        shutil.rmtree(self.scratch, ignore_errors=True)


@dataclass
class Layer:
    """One image layer from `docker save`: its index, diff id and every entry."""

    index: int
    diff_id: str
    """`sha256:` of the uncompressed layer tar: the digest `docker image inspect` lists in
    RootFS.Layers and `docker-dsl verify` reports."""
    files: dict[str, bytes] = field(default_factory=dict)
    """Regular files: path (no leading ./ or /) -> content."""
    entries: dict[str, str] = field(default_factory=dict)
    """Every entry: path -> kind ('file', 'dir', 'symlink', 'other')."""


@dataclass(frozen=True)
class Hit:
    """One place the tar-and-grep check found a value."""

    place: str
    """'file', 'entry name', 'image config' or 'docker history'."""
    form: str
    """'raw', 'base64' or 'hex'."""
    layer: str | None = None
    """The layer's diff id, for 'file' and 'entry name'."""
    path: str | None = None
    """The path in the layer, without a leading slash."""

    def __str__(self) -> str:
        where = f"layer {self.layer} {self.place} /{self.path}" if self.layer else self.place
        return f"{where} ({self.form})"


@dataclass
class VerifyResult:
    """The outcome of `docker-dsl verify --format json`."""

    returncode: int
    report: dict | None
    stderr: str

    def describe(self) -> str:
        """The exit code, the hits and stderr, for assertion messages."""
        hits = (self.report or {}).get("hits")
        return f"exit {self.returncode}; hits {hits}; stderr {self.stderr.strip()!r}"


@dataclass(frozen=True)
class SshAgent:
    """A running ssh-agent holding one fresh ed25519 key."""

    socket: str
    pid: int
    fingerprint: str


def encodings(needle: bytes) -> dict[str, bytes]:
    """The forms a leaked value is looked for in: raw, base64 and hex."""
    return {
        "raw": needle,
        "base64": base64.b64encode(needle).rstrip(b"="),
        "hex": needle.hex().encode(),
    }


class Engine:
    """The real engine for one test session; remembers what it made so it can clean up."""

    def __init__(self, target: EngineTarget, server_version: str, client: BuildClient, workdir: Path) -> None:
        self.target = target
        self.server_version = server_version
        self.client = client
        self.env = client.environment
        self.workdir = workdir
        self.token = uuid.uuid4().hex[:10]
        self.tags: list[str] = []
        self.docker_dsl = docker_dsl_command()

    @property
    def frontend(self) -> tuple[int, int]:
        """The engine's built-in Dockerfile frontend level, as (major, minor)."""
        major, minor = self.target.frontend.split(".")
        return int(major), int(minor)

    # -- building ----------------------------------------------------------------------

    def unique(self, name: str) -> str:
        """A name unique to this session and call, for tags, cache ids and values."""
        return f"{name}-{self.token}-{uuid.uuid4().hex[:6]}"

    def new_tag(self) -> str:
        """A fresh image tag, removed at the end of the session."""
        tag = f"docker-dsl-test/{self.unique('img')}:1"
        self.tags.append(tag)
        return tag

    def prepare(
        self,
        recipe: Recipe,
        *,
        base: str,
        flags: dict[str, str] | None = None,
        context: dict[str, str | bytes] | None = None,
        secrets: dict[str, str] | None = None,
        env_secrets: dict[str, tuple[str, str]] | None = None,
        ssh: list[str] | None = None,
        target: str | None = None,
        no_cache: bool = True,
        options: list[str] | None = None,
        env: dict[str, str] | None = None,
        tag: str | None = None,
    ) -> Invocation:
        """Write the recipe, context and secret files; return the `docker-dsl build` command.

        flags: the recipe's flags besides --base (name -> value).
        context: files (relative path -> content) of a fresh context directory.
        secrets: id -> value; each value goes to a 0600 file outside the context and the
            build gets `--secret id=ID,src=FILE`.
        env_secrets: id -> (variable, value); the build gets `--secret id=ID,env=VARIABLE`
            with the variable set only in docker-dsl's environment.
        ssh: `--ssh` values, e.g. `default=/path/agent.sock`.
        no_cache: pass `--no-cache` (the default), so every promise is checked by a RUN
            that really executed, not by a layer cached in an earlier session: BuildKit's
            cache key does not include secret values or forwarded sockets. Beware: on
            Docker 20.10 `--no-cache` also gives every RUN an empty cache mount, so the
            cache-mount tests pass no_cache=False and flags unique to the run.
        options: more docker-dsl build options (e.g. `--frontend 1.10`, `--builder x`);
            without them the build renders with `--frontend auto`, the default: for the
            engine's built-in frontend, without a `# syntax=` line.
        env: variables to set (or, with an empty value, to remove) for docker-dsl.
        """
        tag = tag or self.new_tag()
        scratch = Path(tempfile.mkdtemp(prefix="build-", dir=self.workdir))
        recipe_path = scratch / f"recipe_{recipe.name.replace('-', '_')}.py"
        recipe_path.write_text(recipe.source)
        ctx = scratch / "context"
        ctx.mkdir()
        for rel, content in (context or {}).items():
            path = ctx / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(content.encode() if isinstance(content, str) else content)

        argv = [*self.docker_dsl, "build", str(recipe_path), f"--base={base}"]
        argv += [f"--{name}={value}" for name, value in (flags or {}).items()]
        argv += ["-t", tag, "--context", str(ctx), "--progress", "plain"]
        run_env = dict(self.env)
        secret_dir = scratch / "secrets"
        secret_dir.mkdir(mode=0o700)
        for sid, value in (secrets or {}).items():
            src = secret_dir / sid
            src.write_text(value)
            src.chmod(0o600)
            argv += ["--secret", f"id={sid},src={src}"]
        for sid, (variable, value) in (env_secrets or {}).items():
            run_env[variable] = value
            argv += ["--secret", f"id={sid},env={variable}"]
        for value in ssh or []:
            argv += ["--ssh", value]
        if target:
            argv += ["--target", target]
        if no_cache:
            argv.append("--no-cache")
        argv += list(options or [])
        for name, value in (env or {}).items():
            if value:
                run_env[name] = value
            else:
                run_env.pop(name, None)
        return Invocation(argv, run_env, tag, recipe, scratch)

    def build(self, recipe: Recipe, *, base: str, **kwargs) -> BuildResult:
        """Build `recipe` with `docker-dsl build` (arguments as `prepare`); check `.ok` or
        call `.check()` on the result."""
        invocation = self.prepare(recipe, base=base, **kwargs)
        try:
            proc = subprocess.run(
                invocation.argv,
                env=invocation.env,
                stdin=subprocess.DEVNULL,
                capture_output=True,
                text=True,
                timeout=BUILD_TIMEOUT,
                check=False,
            )
        finally:
            invocation.cleanup()
        return BuildResult(proc.returncode, proc.stdout, proc.stderr, invocation.tag, recipe, invocation.argv)

    def render(
        self,
        recipe: Recipe,
        *,
        base: str,
        flags: dict[str, str] | None = None,
        options: list[str] | None = None,
    ) -> subprocess.CompletedProcess[str]:
        """`docker-dsl RECIPE --base=... [--flag=value ...] --syntax none [options]`."""
        scratch = Path(tempfile.mkdtemp(prefix="render-", dir=self.workdir))
        try:
            return render_recipe(recipe, scratch, base=base, flags=flags, options=options)
        finally:
            shutil.rmtree(scratch, ignore_errors=True)

    def verify(self, tag: str, secrets: dict[str, str]) -> VerifyResult:
        """`docker-dsl verify TAG --secret id=ID,src=FILE ... --format json --no-progress`."""
        scratch = Path(tempfile.mkdtemp(prefix="verify-", dir=self.workdir))
        try:
            argv = [*self.docker_dsl, "verify", tag, "--format", "json", "--no-progress"]
            for sid, value in secrets.items():
                src = scratch / sid
                src.write_text(value)
                src.chmod(0o600)
                argv += ["--secret", f"id={sid},src={src}"]
            proc = subprocess.run(
                argv,
                env=self.env,
                stdin=subprocess.DEVNULL,
                capture_output=True,
                text=True,
                timeout=300,
                check=False,
            )
        finally:
            shutil.rmtree(scratch, ignore_errors=True)
        report = json.loads(proc.stdout) if proc.stdout.strip().startswith("{") else None
        return VerifyResult(proc.returncode, report, proc.stderr)

    # -- inspecting ---------------------------------------------------------------------

    def docker(
        self, *args: str, check: bool = True, timeout: int = 120
    ) -> subprocess.CompletedProcess[bytes]:
        """Run a non-build docker command (any client works for these)."""
        proc = subprocess.run(
            ["docker", *args], env=self.env, capture_output=True, timeout=timeout, check=False
        )
        if check:
            assert proc.returncode == 0, (
                f"docker {' '.join(args)} exited {proc.returncode}: {proc.stderr.decode(errors='replace')}"
            )
        return proc

    def image_exists(self, tag: str) -> bool:
        """Whether the engine has an image called `tag`."""
        return self.docker("image", "inspect", tag, check=False).returncode == 0

    def run(self, tag: str, script: str) -> str:
        """Run `sh -c script` in a throwaway container of `tag`; return its stdout."""
        proc = self.docker("run", "--rm", "--network=none", tag, "sh", "-c", script)
        return proc.stdout.decode()

    def history(self, tag: str) -> str:
        """`docker history --no-trunc` of `tag`: every layer's full created-by line."""
        return self.docker(
            "history", "--no-trunc", "--format", "{{.CreatedBy}}\t{{.Comment}}", tag
        ).stdout.decode()

    def inspect(self, tag: str) -> dict:
        """`docker image inspect` of `tag`."""
        return json.loads(self.docker("image", "inspect", tag).stdout)[0]

    def save(self, tag: str) -> tuple[list[Layer], bytes]:
        """Every layer of `docker save tag` and the raw image config JSON."""
        archive = self.docker("save", tag, timeout=300).stdout
        with tarfile.open(fileobj=io.BytesIO(archive)) as outer:
            manifest = json.loads(_member(outer, "manifest.json"))[0]
            config = _member(outer, manifest["Config"])
            layers = []
            for index, name in enumerate(manifest["Layers"]):
                layers.append(_read_layer(index, _member(outer, name)))
        return layers, config

    def layers(self, tag: str) -> list[Layer]:
        """Every layer of `tag`, base first."""
        return self.save(tag)[0]

    def find_value(self, tag: str, value: str) -> list[Hit]:
        """Where `value` (raw, base64 or hex) occurs in `tag`: layer files, entry names,
        the config (env, labels, history) and `docker history`. Empty when nowhere."""
        hits = []
        layers, config = self.save(tag)
        history = self.history(tag).encode()
        for form, needle in encodings(value.encode()).items():
            for layer in layers:
                for path, content in layer.files.items():
                    if needle in content:
                        hits.append(Hit("file", form, layer.diff_id, path))
                for path in layer.entries:
                    if needle in path.encode():
                        hits.append(Hit("entry name", form, layer.diff_id, path))
            if needle in config:
                hits.append(Hit("image config", form))
            if needle in history:
                hits.append(Hit("docker history", form))
        return hits

    def assert_value_absent(self, tag: str, secret_id: str, value: str) -> None:
        """The value is in no layer, not in the config and not in `docker history`, by both
        `docker-dsl verify` and the tar-and-grep check (the negative controls in
        test_engine_secret.py show that each of them finds a value that is there)."""
        found = self.find_value(tag, value)
        assert found == [], "tar-and-grep found the value: " + "; ".join(map(str, found))
        verdict = self.verify(tag, {secret_id: value})
        assert verdict.returncode == 0, f"docker-dsl verify: {verdict.describe()}"
        assert verdict.report is not None and verdict.report["clean"] is True, verdict.describe()
        assert verdict.report["hits"] == [], verdict.describe()
        assert verdict.report["hits_not_listed"] == 0, verdict.describe()

    def cleanup(self) -> None:
        """Remove every image this session tagged."""
        if self.tags:
            subprocess.run(
                ["docker", "rmi", "-f", *self.tags],
                env=self.env,
                capture_output=True,
                timeout=120,
                check=False,
            )
            self.tags.clear()


def render_recipe(
    recipe: Recipe,
    scratch: Path,
    *,
    base: str,
    flags: dict[str, str] | None = None,
    options: list[str] | None = None,
) -> subprocess.CompletedProcess[str]:
    """Write `recipe` under `scratch` and run `docker-dsl RECIPE --base=... --syntax none`."""
    path = scratch / f"recipe_{recipe.name.replace('-', '_')}.py"
    path.write_text(recipe.source)
    argv = [*docker_dsl_command(), str(path), f"--base={base}"]
    argv += [f"--{name}={value}" for name, value in (flags or {}).items()]
    argv += ["--syntax", "none", *(options or [])]
    return subprocess.run(
        argv, stdin=subprocess.DEVNULL, capture_output=True, text=True, timeout=60, check=False
    )


def _member(archive: tarfile.TarFile, name: str) -> bytes:
    handle = archive.extractfile(name)
    assert handle is not None, f"{name} is not a file in the saved image"
    return handle.read()


def _read_layer(index: int, blob: bytes) -> Layer:
    layer = Layer(index=index, diff_id="sha256:" + hashlib.sha256(blob).hexdigest())
    with tarfile.open(fileobj=io.BytesIO(blob), mode="r:*") as tar:
        for member in tar:
            path = member.name.removeprefix("./").lstrip("/").rstrip("/")
            if not path:
                continue
            if member.isfile():
                handle = tar.extractfile(member)
                layer.files[path] = handle.read() if handle else b""
                layer.entries[path] = "file"
            elif member.isdir():
                layer.entries[path] = "dir"
            elif member.issym():
                layer.entries[path] = "symlink"
            else:
                layer.entries[path] = "other"
    return layer
