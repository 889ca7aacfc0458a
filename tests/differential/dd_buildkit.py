"""What BuildKit makes of a rendered Dockerfile.

``parse`` is BuildKit's own parser (PyPI ``dockerfile``, a wrapper of
moby/buildkit's frontend/dockerfile/parser). It returns raw words: BuildKit
removes quotes and expands ``$VAR`` later, with its shell lexer. ``lex_word``
is that quote-removal step (lex.go ``processStopOn``/``processDoubleQuote``/
``processSingleQuote``) without variable expansion, enough to ask "what value
does the engine read?" for the words our tests use.

``check_valid`` adds the checks BuildKit does after parsing (stage names,
quote balance in ENV/ARG words, mount syntax), and ``describe`` turns the
parsed instructions into the compact tuples the recipes' ``EXPECT`` uses.
"""

from __future__ import annotations

import csv
import re
from typing import Any

import dockerfile

HEADER = "# syntax=docker/dockerfile:1\n"
STAGE_NAME = re.compile(r"^[a-z][a-z0-9\-_.]*$")
MOUNT_KEYS = {
    "cache": {"type", "target", "sharing", "id", "ro", "readonly", "from", "source", "mode", "uid", "gid"},
    "secret": {"type", "id", "target", "env", "required", "mode", "uid", "gid"},
    "bind": {"type", "source", "target", "from", "rw", "readwrite"},
}


class LexError(ValueError):
    """BuildKit's shell lexer would reject this word."""


def parse(text: str) -> list[Any]:
    """BuildKit's parse of ``text``: a list of ``dockerfile.Command``."""
    return list(dockerfile.parse_string(text))


def lex_word(word: str, escape: str = "\\") -> str:
    """Remove quotes and escapes the way BuildKit's shell lexer does.

    ``$`` is kept as written (no expansion), which is what the tests compare.
    """
    out: list[str] = []
    i, n = 0, len(word)
    while i < n:
        ch = word[i]
        if ch == "'":
            end = word.find("'", i + 1)
            if end < 0:
                raise LexError(
                    f"unexpected end of statement while looking for matching single-quote: {word!r}"
                )
            out.append(word[i + 1 : end])
            i = end + 1
        elif ch == '"':
            i += 1
            while True:
                if i >= n:
                    raise LexError(
                        f"unexpected end of statement while looking for matching double-quote: {word!r}"
                    )
                ch = word[i]
                if ch == '"':
                    i += 1
                    break
                if ch == escape:
                    if i + 1 >= n:
                        i += 1
                        continue
                    if word[i + 1] in ('"', "$", escape):
                        out.append(word[i + 1])
                        i += 2
                        continue
                out.append(ch)
                i += 1
        elif ch == escape:
            if i + 1 < n:
                out.append(word[i + 1])
            i += 2
        else:
            out.append(ch)
            i += 1
    return "".join(out)


def mount_options(flag: str) -> dict[str, str]:
    """``--mount=type=cache,target=/x`` as {"type": "cache", "target": "/x"}."""
    body = flag.removeprefix("--mount=")
    fields = next(csv.reader([body]))
    options: dict[str, str] = {}
    for field in fields:
        key, sep, value = field.partition("=")
        options[key.strip().lower()] = value if sep else "true"
    return options


def check_valid(text: str) -> list[str]:
    """Problems BuildKit would have with ``text`` (empty when it is valid)."""
    problems: list[str] = []
    if not text.startswith(HEADER):
        problems.append(f"does not start with {HEADER!r}")
    if not text.endswith("\n") or text.endswith("\n\n"):
        problems.append("does not end with exactly one newline")
    try:
        commands = parse(text)
    except Exception as error:  # noqa: BLE001 - the Go parser raises its own type
        return [*problems, f"BuildKit parser: {error}"]
    if not commands or commands[0].cmd != "FROM":
        problems.append("the first instruction is not FROM")

    stages: list[str] = []
    cache_sharing: dict[str, tuple[str, int]] = {}
    for c in commands:
        where = f"line {c.start_line}: {c.original!r}"
        if c.cmd == "FROM":
            if len(c.value) != 3 or c.value[1].lower() != "as":
                problems.append(f"{where}: FROM without AS name")
                continue
            name = c.value[2].lower()
            if not STAGE_NAME.match(name):
                problems.append(f"{where}: invalid stage name {name!r}")
            if name in stages:
                problems.append(f"{where}: duplicate stage name {name!r}")
            if c.value[0].lower() == name:
                problems.append(f"{where}: stage is based on itself")
            stages.append(name)
        elif c.cmd == "COPY":
            for flag in c.flags:
                if flag.startswith("--from="):
                    source = flag.removeprefix("--from=").lower()
                    if stages and source == stages[-1]:
                        problems.append(f"{where}: COPY --from its own stage")
        elif c.cmd == "ENV":
            if len(c.value) % 2:
                problems.append(f"{where}: odd ENV words")
            for word in c.value[1::2]:
                try:
                    lex_word(word)
                except LexError as error:
                    problems.append(f"{where}: {error}")
        elif c.cmd == "ARG":
            if len(c.value) != 1:
                problems.append(f"{where}: BuildKit reads {len(c.value)} ARG declarations {list(c.value)}")
            for word in c.value:
                try:
                    lex_word(word)
                except LexError as error:
                    problems.append(f"{where}: {error}")
        elif c.cmd == "RUN":
            if not c.value or not "".join(c.value).strip():
                problems.append(f"{where}: empty RUN")
            for flag in c.flags:
                if not flag.startswith("--mount="):
                    problems.append(f"{where}: unexpected RUN flag {flag!r}")
                    continue
                options = mount_options(flag)
                kind = options.get("type", "bind")
                if kind not in MOUNT_KEYS:
                    problems.append(f"{where}: unknown mount type {kind!r}")
                elif unknown := set(options) - MOUNT_KEYS[kind]:
                    problems.append(f"{where}: unknown {kind} mount options {sorted(unknown)}")
                if "target" not in options:
                    problems.append(f"{where}: mount without target")
                if kind == "cache":
                    # SPEC §2: one cache (its id, else its target) has one sharing mode.
                    key = options.get("id") or options.get("target", "")
                    sharing = options.get("sharing", "shared")
                    first = cache_sharing.setdefault(key, (sharing, c.start_line))
                    if first[0] != sharing:
                        problems.append(
                            f"{where}: cache {key!r} is sharing={sharing} here, sharing={first[0]} at line {first[1]}"
                        )
        elif c.cmd in ("CMD", "ENTRYPOINT") and not c.json:
            problems.append(f"{where}: expected JSON (exec) form")
    return problems


def _script(text: str) -> str:
    return re.sub(r"[ \t]+&&[ \t]+", " && ", text).strip()


def _mounts(flags: Any) -> tuple[tuple[tuple[str, str], ...], ...]:
    return tuple(tuple(sorted(mount_options(f).items())) for f in flags)


def describe(commands: list[Any]) -> list[tuple]:
    """Parsed instructions in the normalized form ``expected`` produces."""
    out: list[tuple] = []
    for c in commands:
        v = c.value
        if c.cmd == "FROM":
            out.append(("FROM", v[0], v[2] if len(v) == 3 else None))
        elif c.cmd == "ARG":
            for word in v:
                name, _, default = word.partition("=")
                out.append(("ARG", name, default))
        elif c.cmd == "ENV":
            out.extend(("ENV", k, val) for k, val in zip(v[0::2], v[1::2]))
        elif c.cmd == "WORKDIR":
            out.append(("WORKDIR", *v))
        elif c.cmd == "COPY":
            out.append(("COPY", *v, tuple(sorted(f.removeprefix("--") for f in c.flags))))
        elif c.cmd == "RUN":
            out.append(("RUN", _script(" ".join(v)), _mounts(c.flags)))
        elif c.cmd in ("CMD", "ENTRYPOINT"):
            out.append((c.cmd, tuple(v), "json" if c.json else "shell"))
        else:
            out.append((c.cmd, *v))
    return out


def expected(items: list[tuple]) -> list[tuple]:
    """A recipe's ``EXPECT`` tuples in the form ``describe`` returns."""
    out: list[tuple] = []
    for item in items:
        kind = item[0]
        if kind == "COPY":
            out.append(("COPY", item[1], item[2], tuple(sorted(item[3:]))))
        elif kind == "RUN":
            commands = item[1]
            mounts = item[2] if len(item) > 2 else []
            out.append(("RUN", _script(" && ".join(commands)), _mounts(f"--mount={m}" for m in mounts)))
        elif kind in ("CMD", "ENTRYPOINT"):
            out.append((kind, tuple(item[1]), "json"))
        else:
            out.append(tuple(item))
    return out
