"""Helpers for the engine promise tests: build on the real Docker engine, then inspect.

Everything here talks to the engine through the docker CLI, exactly as a user would:

* `find_build_client()` picks how to run BuildKit on this machine (docker buildx build
  when the plugin works, else a pre-23 client with DOCKER_BUILDKIT=1; see docs/engine.md).
* `Engine.build()` builds a Dockerfile string with secrets (values written to private
  files outside the context, passed as `src=` references), ssh sockets and context files.
* `Engine.layers()` reads every layer of `docker save` with tarfile: an independent
  tar-and-grep check that does not trust the engine's own view of the image.
* `Engine.history()`, `Engine.run()`, `Engine.inspect()` wrap the matching docker commands.
"""

from __future__ import annotations

import base64
import io
import json
import os
import shutil
import subprocess
import tarfile
import tempfile
import uuid
from dataclasses import dataclass, field
from pathlib import Path

BASE_IMAGE = "docker-dsl-test/busybox:1"
"""The local base image every test Dockerfile starts FROM (made by make-base-image.sh)."""

REPO = Path(__file__).resolve().parents[2]
MAKE_BASE_IMAGE = REPO / "scripts" / "engine" / "make-base-image.sh"

BUILD_TIMEOUT = 180
"""Seconds one build may take before the test fails."""


def docker_info() -> tuple[bool, str]:
    """Whether an engine answers `docker info`, and the client's reason when none does."""
    docker = shutil.which("docker")
    if docker is None:
        return False, "no `docker` client on PATH"
    try:
        proc = subprocess.run(
            [docker, "info", "--format", "{{.ServerVersion}}"],
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
    """How builds are started: the client binary and whether it goes through buildx."""

    program: str
    buildx: bool

    def argv(self) -> list[str]:
        """The command words that start a build, before any flag."""
        return [self.program, "buildx", "build"] if self.buildx else [self.program, "build"]

    def env(self) -> dict[str, str]:
        """The environment for a build: DOCKER_BUILDKIT=1 for a classic client."""
        env = dict(os.environ)
        if not self.buildx:
            env["DOCKER_BUILDKIT"] = "1"
        return env

    def describe(self) -> str:
        """One line for the test report."""
        return f"{self.program} buildx build" if self.buildx else f"DOCKER_BUILDKIT=1 {self.program} build"


def find_build_client() -> BuildClient | None:
    """The same choice as crates/engine's probe: buildx first, else classic BuildKit."""
    candidates: list[str] = []
    override = os.environ.get("DOCKER_DSL_DOCKER")
    names = [override] if override else ["docker", "/usr/bin/docker", "/usr/local/bin/docker"]
    for name in names:
        path = shutil.which(name)
        if path and os.path.realpath(path) not in {os.path.realpath(c) for c in candidates}:
            candidates.append(path)
    classic = None
    for program in candidates:
        probe = subprocess.run([program, "buildx", "version"], capture_output=True, timeout=30, check=False)
        if probe.returncode == 0:
            return BuildClient(program, buildx=True)
        if classic is None:
            helptext = subprocess.run(
                [program, "build", "--help"],
                capture_output=True,
                text=True,
                timeout=30,
                env=dict(os.environ, DOCKER_BUILDKIT="1"),
                check=False,
            )
            if helptext.returncode == 0 and "--secret" in helptext.stdout:
                classic = BuildClient(program, buildx=False)
    return classic


@dataclass
class BuildResult:
    """The outcome of one build: exit code, the whole progress log, and the tag."""

    returncode: int
    log: str
    tag: str
    dockerfile: str

    @property
    def ok(self) -> bool:
        """Whether the engine exited 0."""
        return self.returncode == 0

    def check(self) -> BuildResult:
        """Return self when the build succeeded; otherwise fail with the Dockerfile and log."""
        assert self.ok, (
            f"build failed with exit {self.returncode}\n--- Dockerfile\n{self.dockerfile}"
            f"--- log (last 60 lines)\n" + "\n".join(self.log.splitlines()[-60:])
        )
        return self


@dataclass
class Layer:
    """One image layer from `docker save`: its index and every entry's path and bytes."""

    index: int
    digest: str
    files: dict[str, bytes] = field(default_factory=dict)
    """Regular files: path (no leading ./ or /) -> content."""
    entries: dict[str, str] = field(default_factory=dict)
    """Every entry: path -> kind ('file', 'dir', 'symlink', 'other')."""


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

    def __init__(self, client: BuildClient, workdir: Path) -> None:
        self.client = client
        self.workdir = workdir
        self.token = uuid.uuid4().hex[:10]
        self.tags: list[str] = []

    # -- building ----------------------------------------------------------------------

    def unique(self, name: str) -> str:
        """A name unique to this session and call, for tags, cache ids and values."""
        return f"{name}-{self.token}-{uuid.uuid4().hex[:6]}"

    def build(
        self,
        dockerfile: str,
        *,
        context: dict[str, str | bytes] | None = None,
        secrets: dict[str, str] | None = None,
        env_secrets: dict[str, tuple[str, str]] | None = None,
        ssh: list[str] | None = None,
        target: str | None = None,
        extra_args: list[str] | None = None,
        tag: str | None = None,
        no_cache: bool = True,
    ) -> BuildResult:
        """Build `dockerfile` and return the result (check `.ok` or call `.check()`).

        context: files (relative path -> content) of a fresh context directory.
        secrets: id -> value; each value goes to a 0600 file outside the context and the
            build gets `--secret id=ID,src=FILE`.
        env_secrets: id -> (variable, value); the build gets `--secret id=ID,env=VARIABLE`
            with the variable set only in the client's environment.
        ssh: `--ssh` values, e.g. `default=/path/agent.sock`.
        no_cache: pass `--no-cache` (the default), so every promise is checked by a RUN
            that really executed, not by a layer cached in an earlier session: BuildKit's
            cache key does not include secret values or forwarded sockets. Beware: on
            Docker 20.10 `--no-cache` also gives every RUN an empty cache mount, so the
            cache-mount tests build with no_cache=False and Dockerfiles unique to the run.
        """
        tag = tag or f"docker-dsl-test/{self.unique('img')}:1"
        self.tags.append(tag)
        build_dir = Path(tempfile.mkdtemp(prefix="build-", dir=self.workdir))
        ctx = build_dir / "context"
        ctx.mkdir()
        for rel, content in (context or {}).items():
            path = ctx / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(content.encode() if isinstance(content, str) else content)
        dockerfile_path = build_dir / "Dockerfile"
        dockerfile_path.write_text(dockerfile)

        args = [*self.client.argv(), "--progress=plain", "--file", str(dockerfile_path), "--tag", tag]
        env = self.client.env()
        secret_dir = build_dir / "secrets"
        secret_dir.mkdir(mode=0o700)
        for sid, value in (secrets or {}).items():
            src = secret_dir / sid
            src.write_text(value)
            src.chmod(0o600)
            args += ["--secret", f"id={sid},src={src}"]
        for sid, (variable, value) in (env_secrets or {}).items():
            env[variable] = value
            args += ["--secret", f"id={sid},env={variable}"]
        for value in ssh or []:
            args += ["--ssh", value]
        if target:
            args += ["--target", target]
        if no_cache:
            args.append("--no-cache")
        args += list(extra_args or [])
        args.append(str(ctx))
        try:
            proc = subprocess.run(
                args,
                env=env,
                stdin=subprocess.DEVNULL,
                capture_output=True,
                text=True,
                timeout=BUILD_TIMEOUT,
                check=False,
            )
        finally:
            shutil.rmtree(build_dir, ignore_errors=True)
        return BuildResult(proc.returncode, proc.stdout + proc.stderr, tag, dockerfile)

    # -- inspecting ---------------------------------------------------------------------

    def docker(
        self, *args: str, check: bool = True, timeout: int = 120
    ) -> subprocess.CompletedProcess[bytes]:
        """Run a non-build docker command (any client works for these)."""
        proc = subprocess.run(["docker", *args], capture_output=True, timeout=timeout, check=False)
        if check:
            assert proc.returncode == 0, (
                f"docker {' '.join(args)} exited {proc.returncode}: {proc.stderr.decode(errors='replace')}"
            )
        return proc

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
                layers.append(_read_layer(index, name, _member(outer, name)))
        return layers, config

    def layers(self, tag: str) -> list[Layer]:
        """Every layer of `tag`, base first."""
        return self.save(tag)[0]

    def find_value(self, tag: str, value: str) -> list[str]:
        """Where `value` (raw, base64 or hex) occurs in `tag`: layer files, entry names,
        the config (env, labels, history) and `docker history`. Empty when nowhere."""
        hits = []
        layers, config = self.save(tag)
        history = self.history(tag).encode()
        for form, needle in encodings(value.encode()).items():
            for layer in layers:
                for path, content in layer.files.items():
                    if needle in content:
                        hits.append(f"layer {layer.index} file /{path} ({form})")
                for path in layer.entries:
                    if needle in path.encode():
                        hits.append(f"layer {layer.index} entry name /{path} ({form})")
            if needle in config:
                hits.append(f"image config ({form})")
            if needle in history:
                hits.append(f"docker history ({form})")
        return hits

    def cleanup(self) -> None:
        """Remove every image this session tagged."""
        if self.tags:
            subprocess.run(["docker", "rmi", "-f", *self.tags], capture_output=True, timeout=120, check=False)
            self.tags.clear()


def _member(archive: tarfile.TarFile, name: str) -> bytes:
    handle = archive.extractfile(name)
    assert handle is not None, f"{name} is not a file in the saved image"
    return handle.read()


def _read_layer(index: int, name: str, blob: bytes) -> Layer:
    layer = Layer(index=index, digest=name.split("/")[0])
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


def rendered(text: str) -> str:
    """Normalise a test's Dockerfile literal the way the renderer ends files: one newline."""
    return text.strip("\n") + "\n"
