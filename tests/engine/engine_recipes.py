"""The recipes the engine tests build with `docker-dsl build`, and what each must render to.

Each recipe is a small docker_dsl program. Its base image arrives as the flag
`--base=docker-dsl-test/busybox:1`; anything a test varies per run (markers, cache ids,
stamps) arrives as a flag too, so the recipe text stays fixed and readable.

`runs` lists, for every RUN of the rendered file in order, the `--mount` flags BuildKit's
own parser must find on it (placeholders filled from `sample`). `test_engine_render.py`
renders every recipe and checks exactly that, so when an engine test fails it is clear
whether the renderer wrote the wrong mount or the engine did the wrong thing with it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

HEADER = """from docker_dsl import Stage, context

context.register("base", str)
"""


@dataclass(frozen=True)
class Recipe:
    """A recipe's Python source and the mounts its RUNs must render with."""

    name: str
    body: str
    runs: tuple[tuple[str, ...], ...]
    """Per RUN instruction, in file order: its `--mount=...` flags, formatted with `sample`."""
    lines: tuple[str, ...] = ()
    """Other instructions the rendered file must hold, as BuildKit's parser prints them."""
    sample: dict[str, str] = field(default_factory=dict)
    """Flag values (besides --base) for the render test."""
    frontend: str | None = None
    """`--frontend` to render with when the recipe uses a feature beyond Dockerfile 1.2."""

    @property
    def source(self) -> str:
        """The whole recipe module."""
        return HEADER + self.body


# -- secret ----------------------------------------------------------------------------

# The RUN inside the block proves it read the secret by storing its sha256 (not the
# value); the RUN after the block records whether the secret file is still there.
SECRET = Recipe(
    "secret",
    """
with Stage(context.base) as s:
    with s.secret("dbpass"), s.run() as r:
        r("sha256sum /run/secrets/dbpass | cut -d ' ' -f 1 > /secret.sha256")
    with s.run() as r:
        r("if [ -e /run/secrets/dbpass ]; then echo visible; else echo absent; fi > /after.txt")
""",
    runs=(("--mount=type=secret,id=dbpass",), ()),
)

# The negative control: a RUN that copies the secret into the image. verify and the
# tar-and-grep check must both find it, at /leak, in the layer this RUN made.
LEAK = Recipe(
    "leak",
    """
with Stage(context.base) as s:
    with s.secret("tok"), s.run() as r:
        r("cat /run/secrets/tok > /leak")
""",
    runs=(("--mount=type=secret,id=tok",),),
)

# The other negative control: a credential passed the wrong way, as an ENV, lands in
# the image config and in `docker history` (seed 001's ARG/ENV mistake).
ENV_LEAK = Recipe(
    "env-leak",
    """
context.register("token", str)

with Stage(context.base) as s:
    s.env({"LEAKED_TOKEN": context.token})
    s.run("true")
""",
    runs=((),),
    lines=("ENV LEAKED_TOKEN=not-a-real-token",),
    sample={"token": "not-a-real-token"},
)

REQUIRED = Recipe(
    "required",
    """
with Stage(context.base) as s:
    with s.secret("apitoken", required=True), s.run() as r:
        r("test -s /run/secrets/apitoken")
""",
    runs=(("--mount=type=secret,id=apitoken,required=true",),),
)

# Supplied from the client's environment: `--secret id=fromenv,env=VAR`.
ENV_SOURCE = Recipe(
    "env-source",
    """
with Stage(context.base) as s:
    with s.secret("fromenv", required=True), s.run() as r:
        r("sha256sum /run/secrets/fromenv | cut -d ' ' -f 1 > /env-secret.sha256")
""",
    runs=(("--mount=type=secret,id=fromenv,required=true",),),
)

# Exposed to the RUN as a variable: `--mount=type=secret,env=` needs Dockerfile 1.10.
ENV_MOUNT = Recipe(
    "env-mount",
    """
with Stage(context.base) as s:
    with s.secret("envtoken", env="API_TOKEN"), s.run() as r:
        r('printf %s "$API_TOKEN" | sha256sum | cut -d " " -f 1 > /env-mount.sha256')
""",
    runs=(("--mount=type=secret,id=envtoken,env=API_TOKEN",),),
    frontend="1.10",
)

# {nonce} makes the step unique to the run, so the first build really executes it.
ROTATION = Recipe(
    "rotation",
    """
context.register("nonce", str)

with Stage(context.base) as s:
    with s.secret("rotated"), s.run() as r:
        r("sha256sum /run/secrets/rotated | cut -d ' ' -f 1 > /rotated.sha256")
        r(f"echo {context.nonce} > /dev/null")
""",
    runs=(("--mount=type=secret,id=rotated",),),
    sample={"nonce": "n0"},
)

# Two secrets, one from a file and one from a variable, and a RUN slow enough that the
# test can read the docker client's command line while the build runs.
SLOW_SECRETS = Recipe(
    "slow-secrets",
    """
with Stage(context.base) as s:
    with s.secret("filetok"), s.secret("envtok"), s.run() as r:
        r("cat /run/secrets/filetok /run/secrets/envtok | sha256sum | cut -d ' ' -f 1 > /both.sha256")
        r("sleep 2")
""",
    runs=(("--mount=type=secret,id=filetok", "--mount=type=secret,id=envtok"),),
)

# Mounts nothing: a supplied secret has no RUN to go to.
NO_SECRET = Recipe(
    "no-secret",
    """
with Stage(context.base) as s:
    with s.run() as r:
        r("echo no secrets here > /plain.txt")
""",
    runs=((),),
)

# The RUN fails with its own exit code.
EXIT_3 = Recipe(
    "exit-3",
    """
with Stage(context.base) as s:
    with s.run() as r:
        r("exit 3")
""",
    runs=((),),
)

# -- cache -----------------------------------------------------------------------------

# {cache} is a path unique to the test session, so the cache starts cold every run;
# {stamp} changes between builds to invalidate the RUN step.
CACHE_REBUILD = Recipe(
    "cache-rebuild",
    """
context.register("cache", str)
context.register("stamp", str)

with Stage(context.base) as s:
    with s.cache(context.cache), s.run() as r:
        r(f"echo {context.stamp} >> {context.cache}/log")
        r(f"cp {context.cache}/log /seen.txt")
    with s.run() as r:
        r(f"ls -A {context.cache} | wc -l > /outside-count.txt")
""",
    runs=(("--mount=type=cache,target={cache},sharing=shared",), ()),
    sample={"cache": "/cache/c0", "stamp": "s0"},
)

# Each build checks nobody else holds the cache while it does (a `busy` marker), and
# appends its name to a shared log. {name} differs so BuildKit cannot merge the two steps.
CACHE_LOCKED = Recipe(
    "cache-locked",
    """
context.register("cache_id", str)
context.register("name", str)

with Stage(context.base) as s:
    with s.cache("/var/cache/shared", id=context.cache_id, lock=True), s.run() as r:
        r("test ! -e /var/cache/shared/busy")
        r("touch /var/cache/shared/busy")
        r("sleep 2")
        r(f"echo {context.name} >> /var/cache/shared/log")
        r("rm /var/cache/shared/busy")
        r("cp /var/cache/shared/log /log.txt")
""",
    runs=(("--mount=type=cache,target=/var/cache/shared,id={cache_id},sharing=locked",),),
    sample={"cache_id": "locked0", "name": "one"},
)

# -- bind ------------------------------------------------------------------------------

# The RUN copies what it sees (proof of visibility), then tries to append to the mount.
BIND_READ_ONLY = Recipe(
    "bind-read-only",
    """
with Stage(context.base) as s:
    with s.bind(source="input.txt", target="/mnt/input.txt"), s.run() as r:
        r("cat /mnt/input.txt > /seen.txt")
        r("if echo more >> /mnt/input.txt; then echo writable; else echo read-only; fi > /write-check.txt")
""",
    runs=(("--mount=type=bind,source=input.txt,target=/mnt/input.txt",),),
)

BIND_RW = Recipe(
    "bind-rw",
    """
with Stage(context.base) as s:
    with s.bind(source="input.txt", target="/mnt/input.txt", rw=True), s.run() as r:
        r("echo appended >> /mnt/input.txt")
        r("cat /mnt/input.txt > /after-write.txt")
""",
    runs=(("--mount=type=bind,source=input.txt,target=/mnt/input.txt,rw",),),
)

BIND_FROM_STAGE = Recipe(
    "bind-from-stage",
    """
context.register("marker", str)

with Stage(context.base) as base:
    with base.stage() as tools:
        with tools.run() as r:
            r(f"echo {context.marker} > /tool-output.txt")
    with base.stage() as final:
        with final.bind(source="/tool-output.txt", target="/mnt/tool.txt", from_=tools), final.run() as r:
            r("cat /mnt/tool.txt > /from-stage.txt")
""",
    runs=((), ("--mount=type=bind,source=/tool-output.txt,target=/mnt/tool.txt,from=tools",)),
    lines=("FROM base AS tools", "FROM base AS final"),
    sample={"marker": "m0"},
)

# -- ssh -------------------------------------------------------------------------------

# busybox has no ssh-add, so the RUN proves the forwarded socket exists where
# SSH_AUTH_SOCK points; the RUN after the block records what it sees there.
SSH = Recipe(
    "ssh",
    """
with Stage(context.base) as s:
    with s.ssh(), s.run() as r:
        r('test -S "$SSH_AUTH_SOCK"')
        r('echo "$SSH_AUTH_SOCK" > /ssh-sock.txt')
    with s.run() as r:
        r("if [ -S /run/buildkit/ssh_agent.0 ]; then echo socket; else echo no-socket; fi > /after.txt")
        r('echo "[$SSH_AUTH_SOCK]" >> /after.txt')
""",
    runs=(("--mount=type=ssh",), ()),
)

SSH_REQUIRED = Recipe(
    "ssh-required",
    """
with Stage(context.base) as s:
    with s.ssh(required=True), s.run() as r:
        r('test -S "$SSH_AUTH_SOCK"')
""",
    runs=(("--mount=type=ssh,required=true",),),
)

# -- tmpfs -----------------------------------------------------------------------------

# The recipe gets the marker reversed, so the marker itself exists only in the tmpfs;
# the image keeps its sha256 as proof that the RUN wrote it.
TMPFS = Recipe(
    "tmpfs",
    """
context.register("reversed_marker", str)

with Stage(context.base) as s:
    with s.tmpfs("/scratch"), s.run() as r:
        r(f"echo {context.reversed_marker} | rev > /scratch/data.txt")
        r("grep ' /scratch ' /proc/mounts | cut -d ' ' -f 3 > /scratch-fstype.txt")
        r("sha256sum /scratch/data.txt | cut -d ' ' -f 1 > /scratch-data.sha256")
""",
    runs=(("--mount=type=tmpfs,target=/scratch",),),
    sample={"reversed_marker": "0m"},
)

# tmpfs `size=` needs Dockerfile 1.4.
TMPFS_SIZED = Recipe(
    "tmpfs-sized",
    """
with Stage(context.base) as s:
    with s.tmpfs("/scratch", size="1m"), s.run() as r:
        r("grep ' /scratch ' /proc/mounts > /scratch-mount.txt")
""",
    runs=(("--mount=type=tmpfs,target=/scratch,size=1m",),),
    frontend="1.4",
)

# -- stages ----------------------------------------------------------------------------

# `from_=` rather than `stage=`: `stage=` adds `--link` (the seed's behaviour), which
# this engine's Dockerfile 1.2 frontend does not know, and the renderer refuses it there.
COPY_FROM = Recipe(
    "copy-from",
    """
context.register("marker", str)

with Stage(context.base) as base:
    with base.stage() as builder:
        with builder.run() as r:
            r(f"echo {context.marker} > /artifact.txt")
    with base.stage() as final:
        final.copy("/artifact.txt", "/app/artifact.txt", from_=builder)
""",
    runs=((),),
    lines=(
        "FROM base AS builder",
        "FROM base AS final",
        "COPY --from=builder /artifact.txt /app/artifact.txt",
    ),
    sample={"marker": "m0"},
)

# A diamond (base -> left, right -> final) plus a stage nothing needs, which would fail:
# BuildKit builds only the stages the target depends on.
GRAPH = Recipe(
    "graph",
    """
with Stage(context.base) as base:
    with base.run() as r:
        r("echo base > /base.txt")
    with base.stage() as left:
        with left.run() as r:
            r("cat /base.txt > /left.txt")
            r("echo left >> /left.txt")
    with base.stage() as right:
        with right.run() as r:
            r("cat /base.txt > /right.txt")
            r("echo right >> /right.txt")
    with base.stage() as unused:
        with unused.run() as r:
            r("echo this stage is not needed by final")
            r("false")
    with base.stage() as final:
        final.copy("/left.txt", "/out/left.txt", from_=left)
        final.copy("/right.txt", "/out/right.txt", from_=right)
        with final.run() as r:
            r("cat /out/left.txt /out/right.txt > /out/all.txt")
""",
    runs=((), (), (), (), ()),
    lines=(
        "FROM base AS left",
        "FROM base AS right",
        "FROM base AS unused",
        "FROM base AS final",
        "COPY --from=left /left.txt /out/left.txt",
        "COPY --from=right /right.txt /out/right.txt",
    ),
)

ALL = (
    SECRET,
    LEAK,
    ENV_LEAK,
    REQUIRED,
    ENV_SOURCE,
    ENV_MOUNT,
    ROTATION,
    SLOW_SECRETS,
    NO_SECRET,
    EXIT_3,
    CACHE_REBUILD,
    CACHE_LOCKED,
    BIND_READ_ONLY,
    BIND_RW,
    BIND_FROM_STAGE,
    SSH,
    SSH_REQUIRED,
    TMPFS,
    TMPFS_SIZED,
    COPY_FROM,
    GRAPH,
)
"""Every recipe the engine suite builds; test_engine_render.py renders each one."""
