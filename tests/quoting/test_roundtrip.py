"""Property tests: whatever a recipe passes, BuildKit reads back exactly that.

Each test renders a value through the Python API in-process, parses the text
with BuildKit's own parser (PyPI ``dockerfile``) and finishes the job with the
oracle in tests/oracle/buildkit_words.py (the shell lexer BuildKit runs at
dispatch, and Go's CSV reader for mount options), which
test_engine_words.py proves agrees with a real engine.

The rules under test (docs/quoting.md):

* ENV/ARG/LABEL values and keys, COPY/ADD paths and WORKDIR read back
  exactly, for any text without ``$`` and without a line break;
* ``$`` is left alone so it expands (``PATH=/opt/bin:$PATH``), and
  ``literal()`` makes any text, ``$`` included, read back exactly;
* the renderer never writes something BuildKit's lexer rejects;
* mount option values read back exactly, through the parser's flag reading,
  the CSV reader and (frontend 1.3 and later) the lexer; non-ASCII mount
  values cannot be written at all (BuildKit reads flag words byte by byte)
  and are rejected;
* exec-form CMD/ENTRYPOINT are ``json.dumps(argv)`` and read back exactly;
* ``quote(word)`` is one literal shell word;
* line breaks in single-line instructions are a ``RecipeError``.
"""

from __future__ import annotations

import json
import string
import subprocess
from collections.abc import Callable

import buildkit_words as bw
import pytest
from hypothesis import assume, example, given
from hypothesis import strategies as st
from quoting_helpers import AllSet, examples, render_body

try:
    import docker_dsl

    _IMPORT_ERROR: Exception | None = None
except Exception as err:  # noqa: BLE001 - reported by the fixture below
    docker_dsl = None  # type: ignore[assignment]
    _IMPORT_ERROR = err


@pytest.fixture(autouse=True)
def _api_imports() -> None:
    if _IMPORT_ERROR is not None:
        pytest.fail(f"docker_dsl does not import: {_IMPORT_ERROR!r}")


EXAMPLES = examples(60)
FEW = examples(25)


# -- strategies ---------------------------------------------------------------

_WHITE = " \t\x0b\x0c\xa0\u0085\u2028\u3000"
_PUNCT = "\"'\\=,#;:{}[]*?!`~&|<>()%@^-/._+"
_UNICODE = "éü☃𝄞한\ufeff\u200d"
_ANY = st.characters(blacklist_categories=("Cs",), blacklist_characters="\n\r\x00")


def _chars(extra: str = "", exclude: str = "") -> st.SearchStrategy[str]:
    pool = "".join(c for c in _WHITE + _PUNCT + _UNICODE + "ab1" + extra if c not in exclude)
    return st.one_of(st.sampled_from(pool), _ANY.filter(lambda c: c not in exclude))


def _text(min_size: int = 0, max_size: int = 16, **kw) -> st.SearchStrategy[str]:
    return st.text(_chars(**kw), min_size=min_size, max_size=max_size)


NO_DOLLAR = _text(exclude="$")
WITH_DOLLAR = _text(extra="$$$")
KEY = _text(min_size=1, max_size=10, exclude="$=")
PATH = _text(min_size=1, max_size=12, exclude="$")
_ASCII = string.ascii_letters + string.digits + string.punctuation + " \t"
MOUNT_NO_DOLLAR = st.text(st.sampled_from(_ASCII.replace("$", "")), min_size=1, max_size=14)
MOUNT_ASCII = st.text(st.sampled_from(_ASCII + "$$"), min_size=1, max_size=14)
ARGV = st.lists(
    st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"), max_size=10),
    min_size=1,
    max_size=4,
)
NAME = st.sampled_from(["PATH", "HOME", "X_1", "é"])


# -- helpers ------------------------------------------------------------------


def _only(text: str, keyword: str):
    found = bw.instructions(bw.parse(text), keyword)
    assert len(found) == 1, f"expected one {keyword} in:\n{text}"
    return found[0]


def _in_run(s, scope) -> None:
    with scope, s.run() as r:
        r("true")


# -- ENV / ARG / LABEL ----------------------------------------------------------


@EXAMPLES
@given(value=NO_DOLLAR)
@example(value="ends with \\")
@example(value="\ufeffbom first")
@example(value="\ufeff")
def test_env_value_reads_back(value: str) -> None:
    text = render_body(lambda s: s.env({"K": value}))
    assert bw.kv_pairs(_only(text, "ENV")) == [("K", value)], text


@EXAMPLES
@given(value=NO_DOLLAR)
@example(value="\ufeffx")
def test_arg_default_reads_back(value: str) -> None:
    text = render_body(lambda s: s.arg("NAME", value))
    assert bw.arg_pairs(_only(text, "ARG")) == [("NAME", value)], text


@EXAMPLES
@given(key=KEY, value=NO_DOLLAR)
@example(key="--k", value="v")
@example(key="\ufeffk", value="v")
def test_label_key_and_value_read_back(key: str, value: str) -> None:
    text = render_body(lambda s: s.label({key: value}))
    assert bw.kv_pairs(_only(text, "LABEL")) == [(key, value)], text


@FEW
@given(
    key=st.builds(lambda a, b: a + "=" + b, _text(max_size=5, exclude="$"), _text(max_size=5, exclude="$"))
)
def test_label_key_with_equals_is_rejected(key: str) -> None:
    """BuildKit splits ``LABEL k=v`` at the first raw ``=``: no quoting can hold one in a key."""
    with pytest.raises(docker_dsl.RecipeError):
        render_body(lambda s: s.label({key: "v"}))


@EXAMPLES
@given(value=WITH_DOLLAR)
@example(value="$HOME")
@example(value="a$HOME b")
@example(value="${X:-y}")
@example(value="\\$")
def test_literal_reads_back_without_expansion(value: str) -> None:
    lit = docker_dsl.literal(value)
    env_text = render_body(lambda s: s.env({"K": lit}))
    assert bw.kv_pairs(_only(env_text, "ENV"), AllSet()) == [("K", value)], env_text
    label_text = render_body(lambda s: s.label({"k": lit}))
    assert bw.kv_pairs(_only(label_text, "LABEL"), AllSet()) == [("k", value)], label_text
    arg_text = render_body(lambda s: s.arg("NAME", lit))
    assert bw.arg_pairs(_only(arg_text, "ARG"), AllSet()) == [("NAME", value)], arg_text


@EXAMPLES
@given(parts=st.lists(st.one_of(NO_DOLLAR, NAME.map(lambda n: ("ref", n))), max_size=5))
@example(parts=["/opt/bin:", ("ref", "PATH")])
@example(parts=['say "', ("ref", "X_1"), '" \\'])
def test_dollar_is_left_for_expansion(parts: list) -> None:
    value = "".join(p if isinstance(p, str) else "${" + p[1] + "}" for p in parts)
    assume("\\$" not in value)  # `\$` is the escaped dollar literal() writes: see below
    expanded = "".join(p if isinstance(p, str) else f"<{p[1]}>" for p in parts)
    text = render_body(lambda s: s.env({"K": value}))
    cmd = _only(text, "ENV")
    assert bw.kv_pairs(cmd) == [("K", value)], text
    assert bw.kv_pairs(cmd, AllSet()) == [("K", expanded)], text


@pytest.mark.parametrize(
    ("value", "reads"), [("a\\$b c", "a$b c"), ("\\$HOME", "$HOME"), ("\\\\$HOME", "\\$HOME")]
)
def test_backslash_dollar_is_an_escaped_dollar(value: str, reads: str) -> None:
    """``\\$`` in a value is a literal ``$`` (what ``literal()`` produces), never ``\\`` + expansion."""
    text = render_body(lambda s: s.env({"K": value}))
    assert bw.kv_pairs(_only(text, "ENV"), AllSet()) == [("K", reads)], text


def test_unbraced_dollar_kept() -> None:
    text = render_body(lambda s: s.env({"PATH": "/opt/bin:$PATH"}))
    assert "ENV PATH=/opt/bin:$PATH\n" in text
    assert bw.kv_pairs(_only(text, "ENV"), {"PATH": "/bin"}) == [("PATH", "/opt/bin:/bin")]


@EXAMPLES
@given(value=WITH_DOLLAR)
@example(value="${")
@example(value="${}")
@example(value="${x")
@example(value="${x!y}")
@example(value="${x:-'}")
def test_env_never_renders_what_buildkit_rejects(value: str) -> None:
    """Either a clear RecipeError, or a file BuildKit's lexer accepts."""
    try:
        text = render_body(lambda s: s.env({"K": value}))
    except docker_dsl.RecipeError:
        return
    try:
        bw.kv_pairs(_only(text, "ENV"), {})
    except bw.LexError as err:
        pytest.fail(f"rendered a value BuildKit rejects ({err}):\n{text}")


# -- mounts -------------------------------------------------------------------

# (syntax, frontend, whether BuildKit lexes mount values, values strategy)
LATEST = ("docker/dockerfile:1", None, True)
DOCKER_20_10 = (None, "1.2", False)


def _mount_options(body: Callable[[object], None], target: tuple) -> dict[str, str | None]:
    syntax, frontend, lex = target
    text = render_body(body, syntax=syntax, frontend=frontend)
    run = _only(text, "RUN")
    mounts = bw.run_mounts(run, lex=lex, env=AllSet() if lex else None)
    assert len(mounts) == 1, text
    keys = [k for k, _ in mounts[0]]
    assert len(keys) == len(set(keys)), f"repeated mount keys {keys} in:\n{text}"
    return dict(mounts[0])


def _check_mounts(values: dict[str, str], make: Callable[[object], object], kind: str, target: tuple) -> None:
    try:
        got = _mount_options(lambda s: _in_run(s, make(s)), target)
    except (bw.CsvError, bw.LexError) as err:
        raise AssertionError(f"BuildKit cannot read the mount ({err}) for {values!r}") from err
    assert got.get("type") == kind
    for key, want in values.items():
        assert got.get(key) == want, (
            f"{key}: BuildKit reads {got.get(key)!r}, recipe said {want!r}; all: {got!r}"
        )


@EXAMPLES
@given(target=MOUNT_NO_DOLLAR, id_=MOUNT_NO_DOLLAR, source=MOUNT_NO_DOLLAR)
@example(target="/a,b", id_='i"d', source="s")
@example(target="/a b", id_="x", source="s")
@example(target="/a\\", id_="x", source="s")
@example(target="/a'b", id_="x", source="s")
def test_cache_mount_values_latest_frontend(target: str, id_: str, source: str) -> None:
    values = {"target": target, "id": id_, "source": source}
    _check_mounts(values, lambda s: s.cache(target, id=id_, source=source), "cache", LATEST)


@EXAMPLES
@given(target=MOUNT_ASCII, id_=MOUNT_ASCII, source=MOUNT_ASCII)
@example(target="/a,b", id_='i"d', source="$s")
def test_cache_mount_values_docker_20_10(target: str, id_: str, source: str) -> None:
    values = {"target": target, "id": id_, "source": source}
    _check_mounts(values, lambda s: s.cache(target, id=id_, source=source), "cache", DOCKER_20_10)


@EXAMPLES
@given(source=MOUNT_NO_DOLLAR, target=MOUNT_NO_DOLLAR)
def test_bind_mount_values_latest_frontend(source: str, target: str) -> None:
    values = {"source": source, "target": target}
    _check_mounts(values, lambda s: s.bind(source=source, target=target), "bind", LATEST)


@EXAMPLES
@given(source=MOUNT_ASCII, target=MOUNT_ASCII)
def test_bind_mount_values_docker_20_10(source: str, target: str) -> None:
    values = {"source": source, "target": target}
    _check_mounts(values, lambda s: s.bind(source=source, target=target), "bind", DOCKER_20_10)


@EXAMPLES
@given(target=MOUNT_NO_DOLLAR)
def test_tmpfs_target_latest_frontend(target: str) -> None:
    _check_mounts({"target": target}, lambda s: s.tmpfs(target), "tmpfs", LATEST)


@EXAMPLES
@given(target=MOUNT_ASCII)
def test_tmpfs_target_docker_20_10(target: str) -> None:
    _check_mounts({"target": target}, lambda s: s.tmpfs(target), "tmpfs", DOCKER_20_10)


@EXAMPLES
@given(target=MOUNT_NO_DOLLAR)
def test_secret_target_latest_frontend(target: str) -> None:
    values = {"id": "sid", "target": target, "env": "TOKEN"}
    _check_mounts(values, lambda s: s.secret("sid", target=target, env="TOKEN"), "secret", LATEST)


@EXAMPLES
@given(target=MOUNT_ASCII)
def test_secret_target_docker_20_10(target: str) -> None:
    values = {"id": "sid", "target": target}
    _check_mounts(values, lambda s: s.secret("sid", target=target), "secret", DOCKER_20_10)


_NON_ASCII_MOUNT: dict[str, Callable[[str], Callable[[object], object]]] = {
    "cache target": lambda v: lambda s: s.cache(v),
    "cache id": lambda v: lambda s: s.cache("/c", id=v),
    "cache source": lambda v: lambda s: s.cache("/c", source=v),
    "bind source": lambda v: lambda s: s.bind(source=v, target="/b"),
    "bind target": lambda v: lambda s: s.bind(source=".", target=v),
    "tmpfs target": lambda v: lambda s: s.tmpfs(v),
    "secret target": lambda v: lambda s: s.secret("sid", target=v),
}


@pytest.mark.parametrize("where", sorted(_NON_ASCII_MOUNT))
@examples(10)
@given(value=_text(min_size=1, max_size=8).filter(lambda v: any(ord(c) > 127 for c in v)))
@example(value="/é")
@example(value="/xày")
def test_non_ascii_mount_values_are_rejected(where: str, value: str) -> None:
    """BuildKit's flag reader turns each byte above 0x7F into its own character
    (``é`` becomes ``Ã©``) and splits at bytes 0x85 and 0xA0: no spelling survives."""
    make = _NON_ASCII_MOUNT[where](value)
    with pytest.raises(docker_dsl.RecipeError):
        render_body(lambda s: _in_run(s, make(s)))


# -- COPY / ADD / WORKDIR -------------------------------------------------------


@EXAMPLES
@given(sources=st.lists(PATH, min_size=1, max_size=3), dest=PATH)
@example(sources=["a\\b"], dest="/d/")
@example(sources=["it's"], dest="/d/")
@example(sources=["--x"], dest="/d/")
@example(sources=["a"], dest="/d\\")
def test_copy_paths_read_back(sources: list[str], dest: str) -> None:
    src = sources if len(sources) > 1 else sources[0]
    text = render_body(lambda s: s.copy(src, dest))
    assert bw.sources_and_dest(_only(text, "COPY")) == (sources, dest), text


@EXAMPLES
@given(source=PATH, dest=PATH)
def test_add_paths_read_back(source: str, dest: str) -> None:
    text = render_body(lambda s: s.add(source, dest))
    assert bw.sources_and_dest(_only(text, "ADD")) == ([source], dest), text


@EXAMPLES
@given(path=PATH)
@example(path="/a b")
@example(path=" /lead")
@example(path="--x")
@example(path="/a\\")
def test_workdir_reads_back(path: str) -> None:
    text = render_body(lambda s: s.workdir(path))
    cmd = _only(text, "WORKDIR")
    assert not cmd.flags, f"WORKDIR path read as a flag:\n{text}"
    assert bw.workdir_path(cmd) == path, text


# -- CMD / ENTRYPOINT -----------------------------------------------------------


@EXAMPLES
@given(argv=ARGV)
@example(argv=["sh", "-c", "echo $HOME\nexit 1"])
@example(argv=['é"\\'])
def test_exec_form_is_json_dumps(argv: list[str]) -> None:
    for keyword, call in (("CMD", lambda s: s.cmd(*argv)), ("ENTRYPOINT", lambda s: s.entrypoint(*argv))):
        text = render_body(call)
        cmd = _only(text, keyword)
        assert cmd.original == f"{keyword} {json.dumps(argv)}", text
        assert bw.exec_argv(cmd) == argv, text


# -- quote() ----------------------------------------------------------------------


@FEW
@given(word=st.text(st.one_of(_chars(extra="$\n"), st.sampled_from("\n$")), max_size=12))
@example(word="")
@example(word="it's")
@example(word="$HOME")
def test_quote_is_one_literal_shell_word(word: str) -> None:
    quoted = docker_dsl.quote(word)
    proc = subprocess.run(["sh", "-c", f"printf '%s' {quoted}"], capture_output=True, timeout=10, check=False)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout == word.encode("utf-8"), quoted


# -- line breaks --------------------------------------------------------------------

_BREAK = st.builds(
    lambda a, nl, b: a + nl + b,
    _text(max_size=4, exclude="$"),
    st.sampled_from(["\n", "\r", "\r\n"]),
    _text(max_size=4, exclude="$"),
)

_SINGLE_LINE: dict[str, Callable[[str], Callable[[object], object]]] = {
    "env value": lambda v: lambda s: s.env({"K": v}),
    "arg value": lambda v: lambda s: s.arg("NAME", v),
    "label value": lambda v: lambda s: s.label({"k": v}),
    "label key": lambda v: lambda s: s.label({v: "v"}),
    "copy source": lambda v: lambda s: s.copy(v, "/d/"),
    "copy dest": lambda v: lambda s: s.copy("a", v),
    "add source": lambda v: lambda s: s.add(v, "/d/"),
    "workdir": lambda v: lambda s: s.workdir(v),
    "cache target": lambda v: lambda s: _in_run(s, s.cache(v)),
    "cache id": lambda v: lambda s: _in_run(s, s.cache("/c", id=v)),
    "bind source": lambda v: lambda s: _in_run(s, s.bind(source=v, target="/b")),
    "bind target": lambda v: lambda s: _in_run(s, s.bind(source=".", target=v)),
    "tmpfs target": lambda v: lambda s: _in_run(s, s.tmpfs(v)),
    "secret target": lambda v: lambda s: _in_run(s, s.secret("sid", target=v)),
}


@pytest.mark.parametrize("where", sorted(_SINGLE_LINE))
@examples(10)
@given(value=_BREAK)
def test_line_breaks_are_rejected(where: str, value: str) -> None:
    with pytest.raises(docker_dsl.RecipeError):
        render_body(_SINGLE_LINE[where](value))
