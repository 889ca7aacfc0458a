"""Import, render, and compare with BuildKit's parser: the round trip of ``docker-dsl import``.

A Dockerfile round-trips when BuildKit's parser (PyPI ``dockerfile``) reads the same build from
it and from the render of its imported recipe. Both sides are compared instruction by
instruction after what BuildKit itself does to them:

- ENV, LABEL and ARG with several pairs are one instruction per pair (the DSL prints one line per
  pair, as docker-dsl 0.1.2 does); the legacy ``ENV k v`` form is the pair ``k=v``.
- Values of ENV, LABEL, ARG and the words of COPY, ADD, WORKDIR, USER, VOLUME, EXPOSE,
  STOPSIGNAL and FROM go through BuildKit's shell lexer (``$`` kept unexpanded, the file's
  escape character honoured); for the
  instructions that take both, the JSON form and the shell form compare by these words.
- Shell-form RUN, CMD, ENTRYPOINT and HEALTHCHECK scripts compare as shell words (operators
  such as ``&&`` are words of their own); an unquoted heredoc compares by its body, not by the
  name of its delimiter.
- ``--mount`` values compare as BuildKit reads them: CSV fields, keys' aliases resolved, the
  defaults (``type=bind``, a bind read-only, cache ``sharing=shared``, ssh ``id=default``, a bind's ``source`` the context root)
  filled in; other flags compare as a set.
- Stage names and references to them compare case-insensitively (BuildKit lower-cases them); a stage the file left
  unnamed may carry the name ``stageN`` that the import gave it (the DSL names every stage).
"""

from __future__ import annotations

import importlib.util
import posixpath
import re
import shlex
import sys
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import dockerfile

_ORACLE = str(Path(__file__).resolve().parents[1] / "oracle")
if _ORACLE not in sys.path:
    sys.path.insert(0, _ORACLE)

from buildkit_words import LexError, csv_fields, lex_word
from docker_dsl import DockerDslError, Dockerfile, _native

LEXED = {"copy", "add", "workdir", "user", "volume", "expose", "stopsignal"}
SCRIPTS = {"run", "cmd", "entrypoint", "healthcheck"}
MOUNT_KEYS = {"dst": "target", "destination": "target", "src": "source", "readonly": "ro"}


@dataclass(frozen=True)
class Outcome:
    """What happened to one Dockerfile: ``ok``, or the stage that failed, a short group
    (what kind of failure, for the report) and the details."""

    stage: str  # "ok", "parse", "import", "render", "differs"
    reason: str = ""
    group: str = ""

    @property
    def ok(self) -> bool:
        return self.stage == "ok"


def _lex_with(word: str, escape: str = "\\") -> str:
    try:
        return lex_word(word, escape=escape)
    except LexError:
        return word


def _words(script: str) -> list[str] | str:
    """Shell words, with operators (``&&``, ``|``, ``;``, ``>``) as words of their own."""
    lexer = shlex.shlex(script, posix=True, punctuation_chars=True)
    lexer.whitespace_split = True
    lexer.commenters = ""
    try:
        return list(lexer)
    except ValueError:
        return " ".join(script.split())


def _mount(value: str, aliases: set[str]) -> tuple[tuple[str, str | None], ...]:
    fields: dict[str, str | None] = {}
    for field in csv_fields(value):
        key, sep, val = field.partition("=")
        key = MOUNT_KEYS.get(key.lower(), key.lower())
        fields[key] = _lex_with(val) if sep else "true"
    fields.setdefault("type", "bind")
    if fields["type"] == "bind":
        # A bind without source mounts the root of its context or stage, as "." does;
        # it is read-only unless rw (readwrite) says otherwise.
        fields["source"] = posixpath.normpath("./" + (fields.get("source") or ".").lstrip("/"))
        writable = fields.pop("rw", None) or fields.pop("readwrite", None)
        fields.pop("ro", None)
        fields["rw"] = "true" if writable in ("true", "True", "1") else "false"
    if fields["type"] == "cache":
        fields.setdefault("sharing", "shared")
    if fields["type"] == "ssh":
        fields.setdefault("id", "default")
    if (fields.get("from") or "").lower() in aliases:
        fields["from"] = (fields["from"] or "").lower()
    for switch in ("ro", "rw", "required"):
        if fields.get(switch) in ("true", "True", "1"):
            fields[switch] = "true"
    return tuple(sorted(fields.items()))


def _flags(flags: Iterable[str], aliases: set[str]) -> tuple[Any, ...]:
    """Flags as a sorted set; ``--mount`` values read as BuildKit reads them; a ``--from``
    naming a stage compares case-insensitively."""
    out = []
    for flag in flags:
        name, sep, value = flag.partition("=")
        if name == "--mount":
            out.append((name, _mount(value, aliases)))
        elif name == "--from" and value.lower() in aliases:
            out.append((name, value.lower()))
        elif not sep or value == "true":
            out.append((name, "true"))
        else:
            out.append((name, _lex_with(value)))
    return tuple(sorted(out, key=repr))


def _directives(text: str) -> dict[str, str]:
    """The file's parser directives: only the leading ``# key=value`` lines count (BuildKit
    stops looking at the first other comment, blank line or instruction)."""
    found: dict[str, str] = {}
    for line in text.splitlines():
        match = re.fullmatch(r"#\s*([a-zA-Z][a-zA-Z0-9]*)\s*=\s*(.+?)\s*", line.strip())
        if not match or match.group(1).lower() in found:
            break
        found[match.group(1).lower()] = match.group(2)
    return found


def _escape_of(text: str) -> str:
    return "`" if _directives(text).get("escape") == "`" else "\\"


def normalized(text: str) -> list[tuple[Any, ...]]:
    """BuildKit's reading of ``text``, normalized as the module docstring says."""
    escape = _escape_of(text)

    def _lex(word: str) -> str:
        return _lex_with(word, escape)

    out: list[tuple[Any, ...]] = []
    aliases: set[str] = set()
    stage = -1
    for cmd in dockerfile.parse_string(text):
        name = cmd.cmd.lower()
        value = list(cmd.value)
        flags = _flags(cmd.flags, aliases)
        heredocs = tuple(h.content for h in cmd.heredocs)
        for h in cmd.heredocs:
            # An unquoted heredoc's delimiter is only a name: any other means the same.
            value = [w.replace(f"<<{h.name}", "<<HEREDOC") for w in value]
        if name == "from":
            stage += 1
            if len(value) == 3 and value[1].lower() == "as":
                # An import names an unnamed stage N "stageN" ("stageN_2" when taken).
                alias = re.sub(r"^(stage\d+)_\d+$", r"\1", value[2].lower())
            elif len(value) == 1:
                alias = f"stage{stage}"
            else:
                out.append((name, flags, tuple(value), None))
                continue
            image = _lex(value[0])
            if image.lower() in aliases:  # stage references are case-insensitive
                image = image.lower()
            aliases.add(alias)
            out.append((name, flags, image, alias))
        elif name in ("env", "label"):
            for key, val in zip(value[0::2], value[1::2]):
                out.append((name, _lex(key), _lex(val)))
        elif name == "arg":
            for word in value:
                key, sep, default = word.partition("=")
                out.append((name, key, _lex(default) if sep else None))
        elif name == "onbuild":
            out.append((name, cmd.sub_cmd.lower() if cmd.sub_cmd else None, cmd.original.split(None, 2)[-1]))
        elif name in SCRIPTS and not cmd.json:
            out.append((name, flags, tuple(_words(" ".join(value))), heredocs))
        elif name in LEXED:
            words = value if cmd.json else [_lex(w) for w in value]
            out.append((name, flags, tuple(words), heredocs))
        else:
            out.append((name, flags, cmd.json, tuple(value), heredocs))
    return out


def _syntax_of(text: str) -> str | None:
    return _directives(text).get("syntax")


def render_recipe(source: str, folder: Path, name: str, syntax: str | None) -> str:
    """Renders recipe ``source`` the way a user would: as a module file."""
    path = folder / f"{name}.py"
    path.write_text(source, encoding="utf-8")
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec is not None
    module = importlib.util.module_from_spec(spec)
    return Dockerfile(module).render(syntax=syntax)


def round_trip(text: str, folder: Path, name: str = "recipe") -> tuple[Outcome, str]:
    """Imports ``text``, renders the recipe and compares; returns the outcome and the recipe."""
    try:
        original = normalized(text)
    except Exception as error:  # noqa: BLE001 -- BuildKit rejects it: not a round-trip case
        return Outcome("parse", f"BuildKit rejects the file: {error}"), ""
    try:
        recipe = _native.import_recipe(text)
    except DockerDslError as error:
        return Outcome("import", str(error)), ""
    try:
        rendered = render_recipe(recipe, folder, name, _syntax_of(text))
    except DockerDslError as error:
        return Outcome("render", str(error)), recipe
    again = normalized(rendered)
    for index, (a, b) in enumerate(zip(original, again)):
        if a != b:
            fields = [i for i, (x, y) in enumerate(zip(a, b)) if x != y] or ["shape"]
            group = f"{a[0].upper()} differs in part {fields[0]}"
            return Outcome("differs", f"instruction {index + 1}: {a!r} became {b!r}", group), recipe
    if len(original) != len(again):
        return Outcome("differs", f"{len(original)} instructions became {len(again)}"), recipe
    return Outcome("ok"), recipe


def main(argv: list[str]) -> int:
    """``python roundtrip.py FILE...``: prints each file's outcome."""
    with tempfile.TemporaryDirectory() as tmp:
        for i, arg in enumerate(argv):
            outcome, _ = round_trip(
                Path(arg).read_text(encoding="utf-8", errors="replace"), Path(tmp), f"r{i}"
            )
            print(f"{arg}: {outcome.stage} {outcome.reason}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
