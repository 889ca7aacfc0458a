"""Engine proof of `docker-dsl import`: an imported recipe builds the same image as its Dockerfile.

`CASES` are eight corpus files chosen by hand among those that qualify: a single stage, RUN
commands (after shell splitting) that are busybox applets, shell builtins or one of the
stand-ins below, and nothing to download. Each adds instructions the others lack; its `why`
says which. For each, the test rewrites its FROM to a local busybox image, makes the
build context its COPY/ADD lines need, then, exactly as a user would,

1. builds the Dockerfile as it is (the engine's own client: `DOCKER_BUILDKIT=1 docker build`
   on Docker 20.10, `docker buildx build` on the modern engine),
2. imports it (`docker-dsl import Dockerfile -o recipe.py`), renders the recipe for the
   engine's built-in frontend (`docker-dsl recipe.py --syntax none --frontend 1.2` on Docker
   20.10, `--frontend 1.19` on the modern engine: nothing can be pulled, so no `# syntax=`
   header) and builds that,

and compares the two images: the config fields of `CONFIG_KEYS` (`docker image inspect`) and
the file system (`docker create` + `docker export`: every path with its kind, mode, owner,
link target, size and content digest; mtimes are ignored). Two negative controls perturb one
line of a render and show that each comparison catches it.

The base image is `docker-dsl-test/busybox:1` plus one layer of stand-ins (`STAND_INS`):
busybox has no package manager and no user tools, so `apk`/`apt-get` do nothing, the
user tools append to /etc/passwd and /etc/group, and the users and files the packages would
have installed (tor, privoxy, mpd, sshd_config) are there already. Both builds of a case start
from that same base, so the stand-ins cannot make two different builds look equal.

Every case runs on both engines of `ENGINE_TARGETS` (test ids end in `[docker-20.10]` or
`[modern]`). Engine policy as tests/engine/conftest.py: skips with one loud line when an
engine does not answer `docker info`, fails instead under CI=true or
DOCKER_DSL_REQUIRE_ENGINE=1. Images are tagged `import-engine-...` and removed at the end.
"""

from __future__ import annotations

import hashlib
import io
import re
import shutil
import subprocess
import sys
import tarfile
import tempfile
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import dockerfile
import pytest

# tests/parser/corpus.py, on sys.path by this folder's conftest
from corpus import CORPUS, required_corpus_files

REPO = Path(__file__).resolve().parents[2]
ENGINE_TESTS = REPO / "tests" / "engine"
if str(ENGINE_TESTS) not in sys.path:
    sys.path.insert(0, str(ENGINE_TESTS))

from engine_harness import (
    BASE_IMAGE,
    BUILD_TIMEOUT,
    ENGINE_TARGETS,
    Engine,
    docker_dsl_command,
    make_base_image,
    require_build_client,
)

PARALLEL_CASES = 4
"""How many cases build at once."""

CONFIG_KEYS = (
    "Env",
    "Cmd",
    "Entrypoint",
    "WorkingDir",
    "Labels",
    "User",
    "ExposedPorts",
    "Volumes",
    "Healthcheck",
    "OnBuild",
    "StopSignal",
    "Shell",
)
"""The image config fields compared: issue 10's list, plus every other field a Dockerfile
instruction sets (VOLUME, HEALTHCHECK, ONBUILD, STOPSIGNAL, SHELL)."""


@dataclass(frozen=True)
class Case:
    """One corpus file built both ways, and why it was chosen."""

    path: str
    """Relative to the corpus root."""
    why: str
    build_args: dict[str, str] = field(default_factory=dict)
    """`--build-arg`s for both builds (for ARGs without a default)."""

    @property
    def id(self) -> str:
        """The file name without its project and `__Dockerfile`: the test id and tag part."""
        return self.path.split("/")[-1].removesuffix("__Dockerfile").replace("__", "-")


CASES = (
    Case(
        "moby__buildkit/frontend__dockerfile__parser__testfiles__lk4d4-the-edge-case-generator__Dockerfile",
        "BuildKit's own parser edge cases: legacy `LABEL k v` and `ENV k v w x`, ONBUILD, JSON and "
        "shell RUN with quotes and continuations, five CMDs, EXPOSE lists, two USERs, three "
        "VOLUME forms, WORKDIR, `ADD . /` and `COPY . copy`",
    ),
    Case(
        "jessfraz__dockerfiles/tor-relay__Dockerfile",
        "COPY of several files, ENV values with spaces, USER then RUN as that user, VOLUME, JSON ENTRYPOINT",
    ),
    Case(
        "jessfraz__dockerfiles/gitserver__Dockerfile",
        "a long `&&` chain (sed -i, echo -e with \\n, >> redirects, user tools), ENV set twice, "
        "`WORKDIR $HOME` expanded from ENV, `COPY ./x /`, ENTRYPOINT plus CMD",
    ),
    Case(
        "jessfraz__dockerfiles/mpd__Dockerfile",
        "lower-case `run`, an apt-get chain with tab-indented continuations, a quoted string with "
        "commas and a >> redirect, JSON ENTRYPOINT with inner spaces, USER, WORKDIR $HOME",
    ),
    Case(
        "jessfraz__dockerfiles/privoxy__Dockerfile",
        "COPY to a new directory, chown as root then USER, ENTRYPOINT plus CMD",
    ),
    Case(
        "openshift__imagebuilder/dockerclient__testdata__copychown__Dockerfile",
        "COPY --chown by uid, uid:gid, name and name:group, several sources into a directory, "
        "relative WORKDIR with `..`, COPY to relative destinations: owners and modes of files",
    ),
    Case(
        "jessfraz__dockerfiles/postfix__Dockerfile",
        "an apk chain with a trailing option, a symlink made by RUN, STOPSIGNAL, ENTRYPOINT",
    ),
    Case(
        "Alfresco__alfresco-dockerfiles-bakery/ats__sfs__Dockerfile",
        "ARGs without defaults (given as build args) used in RUN and USER, an ARG with a default "
        "after ADD, ADD with a glob, HEALTHCHECK with four flags",
        {
            "ALFRESCO_SFS_GROUP_NAME": "alfresco",
            "ALFRESCO_SFS_GROUP_ID": "2000",
            "ALFRESCO_SFS_USER_NAME": "sfs",
            "ALFRESCO_SFS_USER_ID": "33030",
        },
    ),
)

_USER_TOOL = r"""#!/bin/sh
# Stand-in for adduser, useradd, addgroup and groupadd (busybox-static has none of them):
# appends the user or group named by the last non-option word to /etc/passwd or /etc/group.
case "${0##*/}" in *group*) table=group; idflag=-g ;; *) table=passwd; idflag=-u ;; esac
name=""; id=""; home=""
while [ $# -gt 0 ]; do
  case "$1" in
    "$idflag"|--uid|--gid) id=$2; shift ;;
    -h|-d|--home|--home-dir) home=$2; shift ;;
    -g|-G|-s|-c|-k|--groups|--shell|--comment) shift ;;
    -*) ;;
    *) name=$1 ;;
  esac
  shift
done
[ -n "$id" ] || id=$((1000 + $(wc -l < /etc/$table)))
if [ $table = group ]; then echo "$name:x:$id:" >> /etc/group
else echo "$name:!:$id:$id::${home:-/home/$name}:/bin/sh" >> /etc/passwd; fi
"""
_NO_OP = """#!/bin/sh
# Stand-in for apk and apt-get: busybox has no package manager and nothing can be downloaded.
exit 0
"""

STAND_INS = {
    "apk": _NO_OP,
    "apt-get": _NO_OP,
    "adduser": _USER_TOOL,
    "useradd": _USER_TOOL,
    "addgroup": _USER_TOOL,
    "groupadd": _USER_TOOL,
}
"""Scripts put into /bin of the base image, for the tools busybox lacks."""

STAND_IN_BASE = """\
FROM {busybox}
COPY stand-ins/ /bin/
RUN chmod 0755 /bin/apk /bin/apt-get /bin/adduser /bin/useradd /bin/addgroup /bin/groupadd \\
 && echo 'tor:x:100:100::/var/lib/tor:/bin/sh' >> /etc/passwd \\
 && echo 'privoxy:x:101:101::/var/lib/privoxy:/bin/sh' >> /etc/passwd \\
 && echo 'mpd:x:102:102::/var/lib/mpd:/bin/sh' >> /etc/passwd \\
 && echo 'bin:x:1:1::/bin:/bin/false' >> /etc/passwd \\
 && echo 'lp:x:4:7::/var/spool/lpd:/bin/false' >> /etc/passwd \\
 && printf 'bin:x:1:\\nadm:x:4:\\nlp:x:7:\\nmail:x:12:\\n' >> /etc/group \\
 && mkdir -p /var/lib/tor /etc/tor /etc/ssh /var/log \\
 && chown tor /var/lib/tor \\
 && printf '#PasswordAuthentication yes\\n#PubkeyAuthentication yes\\n' > /etc/ssh/sshd_config
"""
"""The base layer: stand-ins, what `apk add tor privoxy openssh` / `apt-get install mpd`
would have left behind that the chosen files rely on, and the system users and groups (bin,
lp, adm, mail) and /var/log that the original base images have."""


@dataclass(frozen=True)
class Entry:
    """One path of an image's file system, as compared (no mtime)."""

    kind: str
    mode: str
    owner: str
    link: str
    size: int
    digest: str


@dataclass
class Image:
    """A built image: its tag, the compared config fields and its file system."""

    tag: str
    config: dict[str, object]
    files: dict[str, Entry]


class ImportEngine(Engine):
    """The engine suite's `Engine` (its client, `docker()`, `inspect()`, and the removal of
    every tag it made), building Dockerfiles as they are rather than recipes."""

    def build_dockerfile(
        self, name: str, dockerfile_text: str, context: Path, build_args: dict[str, str]
    ) -> str:
        """Build `dockerfile_text` (kept outside `context`) as `import-engine-NAME-TOKEN`."""
        tag = f"import-engine-{name}-{self.token}:latest"
        self.tags.append(tag)
        path = context.parent / f"{name}.Dockerfile"
        path.write_text(dockerfile_text, encoding="utf-8")
        argv = [*self.client.argv(), "--progress=plain", "-t", tag, "-f", str(path)]
        for key, value in build_args.items():
            argv += ["--build-arg", f"{key}={value}"]
        proc = subprocess.run(
            [*argv, str(context)],
            env=self.client.env(),
            capture_output=True,
            text=True,
            timeout=BUILD_TIMEOUT,
            check=False,
        )
        log = "\n".join((proc.stdout + proc.stderr).splitlines()[-40:])
        assert proc.returncode == 0, f"{' '.join(argv)} exited {proc.returncode}\n{dockerfile_text}\n{log}"
        return tag

    def image(self, tag: str) -> Image:
        """The compared config fields and the exported file system of `tag`."""
        config = self.inspect(tag)["Config"]
        container = self.docker("create", tag, "/bin/true").stdout.decode().strip()
        try:
            archive = self.docker("export", container, timeout=300).stdout
        finally:
            self.docker("rm", "-f", container, check=False)
        return Image(tag, {key: config.get(key) for key in CONFIG_KEYS}, file_system(archive))


_KINDS = (
    ("file", tarfile.TarInfo.isfile),
    ("dir", tarfile.TarInfo.isdir),
    ("symlink", tarfile.TarInfo.issym),
    ("hardlink", tarfile.TarInfo.islnk),
)


def file_system(archive: bytes) -> dict[str, Entry]:
    """Every path of a `docker export` tar: kind, mode, owner, link target, size, sha256."""
    entries: dict[str, Entry] = {}
    with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
        for member in tar:
            path = "/" + member.name.removeprefix("./").strip("/")
            digest = ""
            if member.isfile():
                handle = tar.extractfile(member)
                digest = hashlib.sha256(handle.read() if handle else b"").hexdigest()
            kind = next((name for name, test in _KINDS if test(member)), "other")
            entries[path] = Entry(
                kind, oct(member.mode), f"{member.uid}:{member.gid}", member.linkname, member.size, digest
            )
    return entries


def differences(original: Image, rendered: Image) -> list[str]:
    """What differs between two images, one line per config field or path; empty when equal."""
    out = [
        f"config {key}: original {original.config[key]!r}, render {rendered.config[key]!r}"
        for key in CONFIG_KEYS
        if original.config[key] != rendered.config[key]
    ]
    for path in sorted(original.files.keys() | rendered.files.keys()):
        a, b = original.files.get(path), rendered.files.get(path)
        if a != b:
            out.append(f"file {path}: original {a}, render {b}")
    return out


def with_base(text: str, base: str) -> str:
    """`text` with the image of its (only) FROM replaced by `base`; the stage name is kept."""
    new, count = re.subn(r"(?im)^(\s*FROM\s+)(?:--\S+\s+)*\S+", lambda m: m.group(1) + base, text, count=1)
    assert count == 1, "no FROM line"
    return new


def make_context(text: str, context: Path) -> None:
    """The files the COPY and ADD lines of `text` read: each source path becomes a small file
    holding its own name (`*`/`?` of a glob become `x`; `.` gets one file), and every file is
    executable, as entrypoint scripts are. A source that is a directory in its project
    (`COPY service /etc/service`) becomes a file: the copy is the same either way."""
    context.mkdir(parents=True)
    (context / "context-file.txt").write_text("context-file.txt\n")
    for cmd in dockerfile.parse_string(text):
        if cmd.cmd.lower() not in ("copy", "add") or any(f.startswith("--from") for f in cmd.flags):
            continue
        for source in cmd.value[:-1]:
            rel = re.sub(r"[*?]", "x", source).strip("/")
            if rel in ("", "."):
                continue
            path = context / rel.removeprefix("./")
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(f"{rel}\n")
            path.chmod(0o755)


def render_import(text: str, folder: Path, frontend: str) -> str:
    """`docker-dsl import Dockerfile -o recipe.py`, then `docker-dsl recipe.py --syntax none
    --frontend FRONTEND`: the render of the imported recipe, as a user gets it for an engine
    whose built-in Dockerfile frontend is `frontend`."""
    source = folder / "Dockerfile.original"
    source.write_text(text, encoding="utf-8")
    recipe = folder / "recipe.py"
    for argv in (
        [*docker_dsl_command(), "import", str(source), "-o", str(recipe)],
        [*docker_dsl_command(), str(recipe), "--syntax", "none", "--frontend", frontend],
    ):
        proc = subprocess.run(argv, capture_output=True, text=True, timeout=60, check=False, cwd=folder)
        assert proc.returncode == 0, f"{' '.join(argv)} exited {proc.returncode}: {proc.stderr}"
    return proc.stdout


SKIPPED: list[str] = []
"""The loud skip line, printed by tests/importer/conftest.py's terminal summary."""


@pytest.fixture(scope="module", params=ENGINE_TARGETS, ids=lambda target: target.name)
def engine(request: pytest.FixtureRequest) -> Iterator[ImportEngine]:
    """One real engine with a BuildKit client; skips only if `docker info` fails."""
    target = request.param
    detail, client = require_build_client("IMPORT ENGINE TESTS", SKIPPED, target)
    workdir = Path(tempfile.mkdtemp(prefix="import-engine-"))
    eng = ImportEngine(target, detail, client, workdir)
    try:
        yield eng
    finally:
        eng.cleanup()
        shutil.rmtree(workdir, ignore_errors=True)


@pytest.fixture(scope="module")
def base(engine: ImportEngine) -> str:
    """The busybox base image with the stand-ins layer, built once for the module."""
    make_base_image(engine.env)
    context = engine.workdir / "base" / "context"
    for name, script in STAND_INS.items():
        path = context / "stand-ins" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(script)
    return engine.build_dockerfile("base", STAND_IN_BASE.format(busybox=BASE_IMAGE), context, {})


@dataclass
class Built:
    """One case built both ways."""

    case: Case
    rendered_text: str
    context: Path
    original: Image
    rendered: Image


def build_both(engine: ImportEngine, base: str, case: Case) -> Built:
    """`case` built from its Dockerfile (FROM `base`) and from the render of its import."""
    folder = engine.workdir / case.id
    folder.mkdir()
    text = with_base((CORPUS / case.path).read_text(encoding="utf-8"), base)
    context = folder / "context"
    make_context(text, context)
    rendered_text = render_import(text, folder, engine.target.frontend)
    original = engine.image(engine.build_dockerfile(f"{case.id}-original", text, context, case.build_args))
    rendered = engine.image(
        engine.build_dockerfile(f"{case.id}-render", rendered_text, context, case.build_args)
    )
    return Built(case, rendered_text, context, original, rendered)


@pytest.fixture(scope="module")
def built(engine: ImportEngine, base: str) -> dict[str, Built]:
    """Every case built both ways, once; PARALLEL_CASES at a time (a build mostly waits)."""
    required_corpus_files()
    with ThreadPoolExecutor(PARALLEL_CASES) as pool:
        return {both.case.id: both for both in pool.map(lambda case: build_both(engine, base, case), CASES)}


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.id)
def test_render_of_import_builds_the_same_image(built: dict[str, Built], case: Case) -> None:
    both = built[case.id]
    found = differences(both.original, both.rendered)
    assert found == [], (
        f"{case.path}: {both.original.tag} and {both.rendered.tag} differ\n"
        + "\n".join(found[:20])
        + f"\n--- render\n{both.rendered_text}"
    )
    # The comparison saw a real image: the file's own instructions left their mark.
    assert len(both.original.files) > 100
    assert any(both.original.config[key] for key in ("Cmd", "Entrypoint", "Labels", "ExposedPorts"))


PERTURBATIONS = {
    "config": ("ENV RELAY_PORT=9001", "ENV RELAY_PORT=9002", "config Env"),
    "files": ("RUN chmod ugo+rx /run.sh", "RUN chmod 0700 /run.sh", "file /run.sh"),
}
"""Negative controls on tor-relay's render: one line changed, and the difference each must
produce (the start of its only line)."""


@pytest.mark.parametrize("kind", PERTURBATIONS)
def test_comparison_catches_a_perturbed_render(
    engine: ImportEngine, built: dict[str, Built], kind: str
) -> None:
    before, after, expected = PERTURBATIONS[kind]
    both = built["tor-relay"]
    assert both.rendered_text.count(before + "\n") == 1, both.rendered_text
    text = both.rendered_text.replace(before + "\n", after + "\n")
    perturbed = engine.image(engine.build_dockerfile(f"tor-relay-perturbed-{kind}", text, both.context, {}))
    found = differences(both.original, perturbed)
    assert len(found) == 1 and found[0].startswith(expected), found
