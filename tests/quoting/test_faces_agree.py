"""The Rust builder API and the Python API accept and refuse the same inputs.

Hypothesis makes one call with hostile text (line breaks, ``\\r``, NUL, quotes,
``$``, ``${``, backslashes, non-ASCII, leading ``--``, ``<<EOF``) through both
faces: Python in-process, Rust through ``crates/dsl/examples/call_driver.rs``
(one JSON request per line). Both must refuse it (with the same error code),
or both must render the same text, which BuildKit's own parser (PyPI
``dockerfile``) reads back as exactly the instruction meant, its words
intact. crates/dsl/tests/builder_calls.rs runs the same calls in Rust alone.
"""

from __future__ import annotations

import json
import os
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import buildkit_words as bw
import docker_dsl
import pytest
from hypothesis import example, given
from hypothesis import strategies as st
from quoting_helpers import examples, render_body

ROOT = Path(__file__).resolve().parents[2]

PIECES = [
    "\n", "\r", "\x00", '"', "'", "$", "${", "}", "\\", "`", "--", " ", "\t", "#",
    "<<", "EOF", "RUN rm -rf /", "ü", "漢", "=", ",",
]  # fmt: skip
TEXT = st.lists(
    st.one_of(st.sampled_from(PIECES), st.text("abz019/._-", min_size=1, max_size=4)), max_size=6
).map("".join)
ARGV = st.lists(TEXT, max_size=3)
ARGV1 = st.lists(TEXT, min_size=1, max_size=3)

# method -> (strategy of its string arguments, the keywords it must render)
CALLS: dict[str, tuple[st.SearchStrategy[list[str]], list[str]]] = {
    "workdir": (st.tuples(TEXT).map(list), ["WORKDIR"]),
    "user": (st.tuples(TEXT).map(list), ["USER"]),
    "env": (st.tuples(TEXT, TEXT).map(list), ["ENV"]),
    "arg": (st.tuples(TEXT, TEXT).map(list), ["ARG"]),
    "label": (st.tuples(TEXT, TEXT).map(list), ["LABEL"]),
    "add_to_path": (ARGV, ["ENV"]),
    "copy": (st.tuples(TEXT, TEXT).map(list), ["COPY"]),
    "add": (st.tuples(TEXT, TEXT).map(list), ["ADD"]),
    "entrypoint": (ARGV, ["ENTRYPOINT"]),
    "cmd": (ARGV, ["CMD"]),
    "cmd_shell": (st.tuples(TEXT).map(list), ["CMD"]),
    "expose": (st.tuples(TEXT).map(list), ["EXPOSE"]),
    "volume": (ARGV, ["VOLUME"]),
    "stopsignal": (st.tuples(TEXT).map(list), ["STOPSIGNAL"]),
    "shell": (ARGV, ["SHELL"]),
    "onbuild": (st.tuples(TEXT).map(list), ["ONBUILD"]),
    "comment": (st.tuples(TEXT).map(list), []),
    "run": (ARGV1, ["RUN"]),
    "run_env": (st.tuples(TEXT, TEXT, TEXT).map(list), ["RUN"]),
    "run_raw": (st.tuples(TEXT).map(list), ["RUN"]),
    "cache": (st.tuples(TEXT).map(list), ["RUN"]),
}
CALL = st.sampled_from(sorted(CALLS)).flatmap(
    lambda method: CALLS[method][0].map(lambda args: (method, args))
)


def python_call(s: Any, method: str, args: list[str]) -> None:
    """The Python spelling of the driver's call."""
    if method == "env":
        s.env({args[0]: args[1]})
    elif method == "label":
        s.label({args[0]: args[1]})
    elif method == "user":
        s.user(args[0])
    elif method in ("add_to_path", "entrypoint", "cmd", "expose", "volume", "shell", "run"):
        getattr(s, method)(*args)
    elif method == "cmd_shell":
        s.cmd(args[0], shell=True)
    elif method == "run_env":
        s.run(args[2], env={args[0]: args[1]})
    elif method == "run_raw":
        with s.run() as r:
            r(args[0])
    elif method == "cache":
        with s.cache(args[0]), s.run() as r:
            r("true")
    else:
        getattr(s, method)(*args)


@pytest.fixture(scope="module")
def driver() -> Iterator[subprocess.Popen[str]]:
    env = dict(os.environ, CARGO_TERM_COLOR="never")
    subprocess.run(
        ["cargo", "build", "-q", "--release", "-p", "dsl", "--example", "call_driver"],
        cwd=ROOT,
        env=env,
        check=True,
    )
    proc = subprocess.Popen(
        [str(ROOT / "target" / "release" / "examples" / "call_driver")],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        encoding="utf-8",
    )
    yield proc
    assert proc.stdin is not None
    proc.stdin.close()
    proc.wait(timeout=10)


def rust_render(driver: subprocess.Popen[str], method: str, args: list[str]) -> dict[str, Any]:
    assert driver.stdin is not None and driver.stdout is not None
    request = {"image": "alpine", "name": "base", "calls": [[method, args]]}
    driver.stdin.write(json.dumps(request) + "\n")
    driver.stdin.flush()
    return json.loads(driver.stdout.readline())


def python_render(method: str, args: list[str]) -> dict[str, Any]:
    try:
        return {"ok": render_body(lambda s: python_call(s, method, args), syntax=None, base="alpine")}
    except docker_dsl.RecipeError as err:
        return {"codes": [err.code]}


def check_words(method: str, args: list[str], cmd: Any) -> None:
    """The words BuildKit finally sees are the ones passed (where no ``$`` expands)."""
    if any("$" in a for a in args):
        return
    if method == "workdir":
        assert bw.workdir_path(cmd) == args[0]
    elif method in ("env", "label"):
        assert bw.kv_pairs(cmd) == [(args[0], args[1])]
    elif method == "arg":
        assert bw.arg_pairs(cmd) == [(args[0], args[1])]
    elif method in ("entrypoint", "cmd", "shell", "volume"):
        assert bw.exec_argv(cmd) == args
    elif method in ("copy", "add"):
        assert bw.sources_and_dest(cmd) == ([args[0]], args[1] or args[0])
    elif method in ("user", "stopsignal"):
        assert list(cmd.value) == [args[0]]


@examples(400)
@given(call=CALL)
@example(call=("workdir", ["/a\nRUN rm -rf /"]))
@example(call=("arg", ["X", "${oops"]))
@example(call=("user", [""]))
@example(call=("workdir", [""]))
@example(call=("run_env", ["A B", "1", "make"]))
@example(call=("expose", ["$\n<<"]))
@example(call=("run_raw", ["cat <<EOF"]))
@example(call=("user", ["root\\"]))
@example(call=("copy", ["<<0", "<<="]))
@example(call=("run_raw", ["cat <<=x"]))
@example(call=("stopsignal", ["--x"]))
def test_both_faces_refuse_or_render_the_instruction_meant(driver, call) -> None:
    method, args = call
    rust = rust_render(driver, method, args)
    python = python_render(method, args)
    assert ("ok" in rust) == ("ok" in python), f"{call}: rust {rust}, python {python}"
    if "codes" in rust:
        assert python["codes"][0] == rust["codes"][0], f"{call}: rust {rust}, python {python}"
        return
    assert rust["ok"] == python["ok"]
    parsed = bw.parse(rust["ok"])
    assert [c.cmd.upper() for c in parsed] == ["FROM", *CALLS[method][1]], rust["ok"]
    if CALLS[method][1]:
        check_words(method, args, parsed[1])
