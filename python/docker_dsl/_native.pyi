"""Type stubs for docker_dsl._native, checked against the compiled module by mypy.stubtest."""

from collections.abc import Mapping, Sequence
from os import PathLike
from typing import Any, Literal, Self, TypeAlias, final, overload

from docker_dsl._toolset import Toolset

__all__ = [
    "DEFAULT_SYNTAX",
    "BuildContext",
    "CdScope",
    "CmdInvoker",
    "DockerDslError",
    "EnvScope",
    "FlagError",
    "LintFinding",
    "MountScope",
    "RecipeError",
    "RedirectableCmd",
    "RunBuilder",
    "Session",
    "Stage",
    "buildkit_nodes",
    "cli_main",
    "current_stage",
    "directives",
    "global_arg",
    "global_raw",
    "import_recipe",
    "import_rust_program",
    "lint",
    "literal",
    "quote",
    "rendering",
    "reprint",
    "write_file",
]

_Word: TypeAlias = str | int | float | PathLike[str]
_Words: TypeAlias = _Word | Sequence[_Word]
_Env: TypeAlias = Mapping[str, object] | None
_FlagValue: TypeAlias = _Word | bool | None | Sequence[_Word]

DEFAULT_SYNTAX: str
"""The ``# syntax=`` header a render gets unless told otherwise."""

class DockerDslError(Exception):
    """Base class of every error docker-dsl raises."""

    file: str | None
    """The recipe file the error is in, when it has one place."""
    line: int | None
    """The 1-based recipe line, when it has one place."""
    code: str | None
    """A stable name of the kind of problem (e.g. ``"bad-value"``)."""

class RecipeError(DockerDslError):
    """A recipe asks for something invalid; the message names the line and the fix."""

class FlagError(DockerDslError):
    """A recipe flag is unknown, missing, or has a bad value."""

@final
class Session:
    def __new__(
        cls,
        file: str,
        flags: Sequence[tuple[str, str | None]],
        describing: bool = False,
        syntax: str | None = ...,
        frontend: str | None = None,
    ) -> Session: ...
    def __enter__(self) -> Self: ...
    def __exit__(self, *_args: object) -> None: ...
    def finish(self) -> str: ...

@final
class BuildContext:
    def __new__(cls) -> BuildContext: ...
    def __getattr__(self, name: str) -> Any: ...
    def register(self, name: str, type_: object, **options: Any) -> None: ...

@final
class Stage:
    def __new__(cls, base: str | Stage, name: str | None = None, *, platform: str | None = None) -> Stage: ...
    @property
    def name(self) -> str: ...
    @property
    def base(self) -> str: ...
    def __enter__(self) -> Self: ...
    def __exit__(self, *_args: object) -> None: ...
    def __eq__(self, value: object, /) -> bool: ...
    def __hash__(self) -> int: ...
    def arg(self, name: str, value: _Word | None = None, *, env: bool = False) -> None: ...
    def env(self, mapping: _Env = None, **variables: object) -> EnvScope: ...
    def add_to_path(self, *entries: _Word) -> None: ...
    def workdir(self, path: _Word) -> None: ...
    def copy(
        self,
        src: _Words,
        dst: _Word | None = None,
        *,
        image: str | None = None,
        stage: Stage | None = None,
        from_: str | Stage | None = None,
        link: bool | None = None,
        chown: _Word | None = None,
        chmod: _Word | None = None,
        parents: bool = False,
        exclude: _Words | None = None,
    ) -> None: ...
    def add(
        self,
        src: _Words,
        dst: _Word | None = None,
        *,
        link: bool = False,
        chown: _Word | None = None,
        chmod: _Word | None = None,
        checksum: str | None = None,
        keep_git_dir: bool = False,
        unpack: bool | None = None,
        exclude: _Words | None = None,
    ) -> None: ...
    def entrypoint(self, *argv: _Word, shell: bool = False) -> None: ...
    def cmd(self, *argv: _Word, shell: bool = False) -> None: ...
    def label(self, mapping: _Env = None, **labels: object) -> None: ...
    def user(self, user: _Word, group: _Word | None = None) -> None: ...
    def expose(self, *ports: _Word) -> None: ...
    def volume(self, *paths: _Word) -> None: ...
    def healthcheck(
        self,
        *argv: _Word | None,
        interval: str | None = None,
        timeout: str | None = None,
        start_period: str | None = None,
        start_interval: str | None = None,
        retries: int | None = None,
        shell: bool = False,
    ) -> None: ...
    def shell(self, *argv: _Word) -> None: ...
    def stopsignal(self, signal: _Word) -> None: ...
    def onbuild(self, instruction: str) -> None: ...
    def comment(self, text: str) -> None: ...
    def raw(self, text: str) -> None: ...
    @overload
    def run(
        self,
        *,
        env: _Env = None,
        network: Literal["default", "none", "host"] | None = None,
        security: Literal["sandbox", "insecure"] | None = None,
    ) -> RunBuilder: ...
    @overload
    def run(
        self,
        word: _Word,
        /,
        *words_: _Word,
        env: _Env = None,
        network: Literal["default", "none", "host"] | None = None,
        security: Literal["sandbox", "insecure"] | None = None,
    ) -> None: ...
    def cache(
        self,
        target: _Word,
        lock: bool = False,
        *,
        id: _Word | None = None,
        sharing: Literal["shared", "locked", "private"] | None = None,
        ro: bool = False,
        from_: str | Stage | None = None,
        source: _Word | None = None,
        mode: int | str | None = None,
        uid: int | str | None = None,
        gid: int | str | None = None,
    ) -> MountScope: ...
    def secret(
        self,
        id: str | None = None,
        target: _Word | None = None,
        *,
        secret_id: str | None = None,
        env: str | None = None,
        required: bool | None = None,
        mode: int | str | None = None,
        uid: int | str | None = None,
        gid: int | str | None = None,
    ) -> MountScope: ...
    def ssh(
        self,
        id: str | None = None,
        *,
        target: _Word | None = None,
        required: bool | None = None,
        mode: int | str | None = None,
        uid: int | str | None = None,
        gid: int | str | None = None,
    ) -> MountScope: ...
    def bind(
        self,
        source: _Word | None = None,
        target: _Word | None = None,
        *,
        from_: str | Stage | None = None,
        rw: bool = False,
    ) -> MountScope: ...
    def tmpfs(self, target: _Word, *, size: _Word | None = None) -> MountScope: ...
    def stage(self, *, name: str | None = None) -> Stage: ...

@final
class MountScope:
    def __enter__(self) -> Self: ...
    def __exit__(self, exc_type: type[BaseException] | None = None, *_rest: object) -> None: ...

@final
class EnvScope:
    def __enter__(self) -> Self: ...
    def __exit__(self, exc_type: type[BaseException] | None = None, *_rest: object) -> None: ...

@final
class RunBuilder(Toolset):
    """Commands of the container toolset are typed by ``Toolset`` (generated, ``_toolset.pyi``);
    any other attribute is a command through ``__getattr__``."""

    def __enter__(self) -> Self: ...
    def __exit__(
        self,
        exc_type: type[BaseException] | None = None,
        *_rest: object,
    ) -> None: ...
    def __getattr__(self, name: str) -> CmdInvoker:
        """Any attribute is a command: ``r.git("clone", url, depth="1")``."""
    def __call__(self, line: _Word, *, env: _Env = None) -> None: ...
    def echo(self, text: _Word) -> RedirectableCmd: ...
    def cd(self, path: _Word) -> CdScope: ...
    def curl_bash(self, url: _Word, *, args: tuple[_Word, ...] | None = None) -> None: ...
    def install(self, url: _Word, *, target: _Word | None = None, strip: int = 1) -> None: ...
    def fetch_file(self, url: _Word, dest: _Word) -> None: ...
    def apt_install(self, *packages: _Word, fast: bool | None = None) -> None: ...
    def add_apt_ppa(self, ppa: _Word) -> None: ...
    def add_apt_repo(self, key_url: _Word, repo_url: _Word, *, name: _Word) -> None: ...

@final
class CmdInvoker:
    def __call__(self, *args: _Word, env: _Env = None, **flags: _FlagValue) -> None: ...

@final
class CdScope:
    def __enter__(self) -> Self: ...
    def __exit__(self, *_args: object) -> None: ...

@final
class RedirectableCmd:
    def __gt__(self, value: _Word, /) -> None:  # type: ignore[override]
        """``r.echo(text) > path`` truncates ``path``."""
    def __lt__(self, value: object, /) -> Any: ...
    def __rshift__(self, value: _Word, /) -> None:
        """``r.echo(text) >> path`` appends to ``path``."""
    def __rrshift__(self, value: object, /) -> Any: ...

def current_stage() -> Stage: ...
def rendering() -> bool: ...
def write_file(path: str | PathLike[str], text: str) -> None: ...
def global_arg(name: str, value: _Word | None = None) -> None: ...
def global_raw(text: str) -> None: ...
def directives(*, escape: str | None = None, check: str | None = None) -> None: ...
def quote(word: str) -> str: ...
def literal(value: str) -> str: ...
def cli_main(argv: Sequence[str]) -> int: ...
def buildkit_nodes(
    text: str,
) -> list[tuple[str, str | None, bool, str, int, int, list[str], list[str], list[tuple[str, int, str]]]]: ...
def reprint(text: str) -> str: ...
def import_recipe(text: str, *, flags_from_args: bool = False) -> str: ...
def import_rust_program(text: str) -> str: ...

@final
class LintFinding:
    """One lint finding: where, which rule, and the fix."""

    @property
    def path(self) -> str: ...
    @property
    def line(self) -> int: ...
    @property
    def column(self) -> int: ...
    @property
    def code(self) -> str: ...
    @property
    def name(self) -> str: ...
    @property
    def category(self) -> Literal["secret", "cache", "mount", "syntax", "check"]: ...
    @property
    def severity(self) -> Literal["error", "warning", "info"]: ...
    @property
    def message(self) -> str: ...
    @property
    def rendered_line(self) -> int | None: ...

def lint(
    source: str | PathLike[str] | Sequence[str | PathLike[str]],
    *,
    select: Sequence[str] = ...,
    ignore: Sequence[str] = ...,
    lock_file: str | PathLike[str] | None = None,
) -> list[LintFinding]: ...
