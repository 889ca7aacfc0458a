"""What BuildKit finally makes of the words in a Dockerfile: a test oracle.

BuildKit reads a Dockerfile in two passes. Its parser (the PyPI package
``dockerfile`` wraps it: ``dockerfile.parse_string``) splits each instruction
into *raw* words: quotes are still there and ``$VAR`` is not expanded. Later,
when an instruction is dispatched, BuildKit's shell lexer (``shell/lex.go``)
runs over each word of ENV, ARG, LABEL, COPY/ADD paths, WORKDIR, USER and (from
Dockerfile frontend 1.3 on) ``RUN --mount`` option values: it removes quotes,
resolves ``\\`` escapes and expands variables. This module re-implements that
lexer, the ``encoding/csv`` reading of ``--mount`` values, and small helpers that
take the parser's results apart, so tests can say what BuildKit will really see.

The lexer follows ``ProcessWord`` of BuildKit's ``shell/lex.go``:

* outside quotes the escape character (``\\`` unless ``# escape=``) takes the
  next character literally, whatever it is; an escape at the end is dropped;
* ``'...'`` keeps everything literally (no escapes at all inside);
* ``"..."`` keeps everything except ``$`` (expansion) and the escape
  character, which escapes only ``"``, ``$`` and itself and is kept
  literally before anything else;
* ``$NAME``, ``${NAME}`` and the ``${NAME:-word}`` family expand; a ``$`` not
  followed by a name stays a ``$``; ``\\$`` is a literal ``$``;
* Go's ``text/scanner``, which the lexer reads through, drops one U+FEFF (BOM)
  when it is the very first character of the word.

Without an ``env`` mapping the lexer does *not* expand: it behaves like
BuildKit's ``SkipUnsetEnv`` mode with no variable set, which writes every
``$NAME``/``${...}`` back as it was (with quotes inside ``${...}`` words already
processed), so a test can check quoting independently of variables. With a
mapping it expands exactly as a build does (unset names become empty).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping
from typing import Any

__all__ = [
    "CsvError",
    "LexError",
    "arg_pairs",
    "csv_fields",
    "exec_argv",
    "flag_values",
    "instructions",
    "kv_pairs",
    "lex_word",
    "mount_options",
    "parse",
    "run_mounts",
    "sources_and_dest",
    "workdir_path",
]


class LexError(ValueError):
    """BuildKit's lexer rejects the word (the build would fail)."""


class CsvError(ValueError):
    """Go's encoding/csv rejects the text (``parse error ...``)."""


# --------------------------------------------------------------------------
# The shell lexer (ProcessWord)
# --------------------------------------------------------------------------

_SPECIAL_PARAMS = frozenset("@*#?-$!0")


def _is_letter(ch: str) -> bool:
    """Go's unicode.IsLetter: general category L*."""
    return unicodedata.category(ch).startswith("L")


def _is_digit(ch: str) -> bool:
    """Go's unicode.IsDigit: general category Nd (unlike str.isdigit)."""
    return unicodedata.category(ch) == "Nd"


class _Lexer:
    """One run of the lexer over one word (state as in lex.go's shellWord)."""

    def __init__(self, word: str, env: Mapping[str, str] | None, escape: str) -> None:
        self.text = word
        # text/scanner's Peek skips a BOM that is the very first character.
        self.pos = 1 if word.startswith("\ufeff") else 0
        self.env = env
        self.skip_unset = env is None
        self.escape = escape
        self.raw_escapes = False

    # -- the scanner ---------------------------------------------------------

    def peek(self) -> str | None:
        return self.text[self.pos] if self.pos < len(self.text) else None

    def next(self) -> str | None:
        ch = self.peek()
        if ch is not None:
            self.pos += 1
        return ch

    # -- the grammar ---------------------------------------------------------

    def stop_on(self, stop: str | None, raw_escapes: bool) -> str:
        """processStopOn: read up to ``stop`` (consumed) or the end."""
        saved = self.raw_escapes
        self.raw_escapes = raw_escapes
        try:
            out: list[str] = []
            while self.peek() is not None:
                ch = self.peek()
                if stop is not None and ch == stop:
                    self.next()
                    return "".join(out)
                if ch == "$":
                    out.append(self.dollar())
                elif ch == "'":
                    out.append(self.single_quoted())
                elif ch == '"':
                    out.append(self.double_quoted())
                else:
                    ch = self.next()
                    if ch == self.escape:
                        if self.raw_escapes:
                            out.append(ch)
                        ch = self.next()
                        if ch is None:
                            break
                    out.append(ch)
            if stop is not None:
                raise LexError(f"unexpected end of statement while looking for matching {stop}")
            return "".join(out)
        finally:
            self.raw_escapes = saved

    def single_quoted(self) -> str:
        self.next()
        out: list[str] = []
        while True:
            ch = self.next()
            if ch is None:
                raise LexError("unexpected end of statement while looking for matching single-quote")
            if ch == "'":
                return "".join(out)
            out.append(ch)

    def double_quoted(self) -> str:
        self.next()
        out: list[str] = []
        while True:
            ch = self.peek()
            if ch is None:
                raise LexError("unexpected end of statement while looking for matching double-quote")
            if ch == '"':
                self.next()
                return "".join(out)
            if ch == "$":
                out.append(self.dollar())
                continue
            ch = self.next()
            if ch == self.escape:
                if self.raw_escapes:
                    out.append(ch)
                following = self.peek()
                if following is None:
                    continue  # dropped; the next turn reports the open quote
                if following in ('"', "$", self.escape):
                    ch = self.next()
            out.append(ch)

    def name(self) -> str:
        """processName: a variable name, a run of digits, or one special parameter."""
        out: list[str] = []
        while self.peek() is not None:
            ch = self.peek()
            if not out and _is_digit(ch):
                while self.peek() is not None and _is_digit(self.peek()):
                    out.append(self.next())
                return "".join(out)
            if not out and ch in _SPECIAL_PARAMS:
                self.next()
                return ch
            if not (_is_letter(ch) or _is_digit(ch) or ch == "_"):
                break
            out.append(self.next())
        return "".join(out)

    def lookup(self, name: str) -> tuple[str, bool]:
        if self.env is None or name not in self.env:
            return "", False
        return self.env[name], True

    def dollar(self) -> str:
        """processDollar: ``$NAME``, ``${NAME}``, ``${NAME<modifier>word}``."""
        self.next()
        if self.peek() != "{":
            name = self.name()
            if name == "":
                return "$"
            value, found = self.lookup(name)
            if not found and self.skip_unset:
                return "$" + name
            return value
        self.next()
        following = self.peek()
        if following is None:
            raise LexError("syntax error: missing '}'")
        if following in "{}:":
            raise LexError("syntax error: bad substitution")
        name = self.name()
        ch = self.next()
        chs = ch if ch is not None else "\ufffd"
        null_is_unset = False
        if ch == "}":
            value, found = self.lookup(name)
            if not found and self.skip_unset:
                return "${" + name + "}"
            return value
        if ch == ":":
            null_is_unset = True
            ch = self.next()
            chs += ch if ch is not None else "\ufffd"
            # Go falls through into the modifier case whatever ch now is.
            return self.modifier(name, ch, chs, null_is_unset)
        if ch is not None and ch in "+-?#%":
            return self.modifier(name, ch, chs, null_is_unset)
        if ch == "/":
            return self.replace(name)
        raise LexError(f"unsupported modifier ({chs}) in substitution")

    def modifier(self, name: str, ch: str | None, chs: str, null_is_unset: bool) -> str:
        raw = ch in ("#", "%")
        try:
            word = self.stop_on("}", raw)
        except LexError:
            if self.peek() is None:
                raise LexError("syntax error: missing '}'") from None
            raise
        value, found = self.lookup(name)
        if self.skip_unset and not found:
            return "${" + name + chs + word + "}"
        if ch == "-":
            return word if not found or (null_is_unset and value == "") else value
        if ch == "+":
            return "" if not found or (null_is_unset and value == "") else word
        if ch == "?":
            if not found:
                raise LexError(f"{name}: {word or 'is not allowed to be unset'}")
            if null_is_unset and value == "":
                raise LexError(f"{name}: {word or 'is not allowed to be empty'}")
            return value
        if ch in ("%", "#"):
            greedy = False
            if word and word[0] == ch:
                greedy = True
                word = word[1:]
            if ch == "%":
                return _trim_suffix(word, value, greedy)
            return _trim_prefix(word, value, greedy)
        raise LexError(f"unsupported modifier ({chs}) in substitution")

    def replace(self, name: str) -> str:
        replace_all = self.peek() == "/"
        if replace_all:
            self.next()
        try:
            pattern = self.stop_on("/", True)
        except LexError:
            if self.peek() is None:
                raise LexError("syntax error: missing '/' in ${}") from None
            raise
        try:
            replacement = self.stop_on("}", True)
        except LexError:
            if self.peek() is None:
                raise LexError("syntax error: missing '}'") from None
            raise
        value, found = self.lookup(name)
        if self.skip_unset and not found:
            return "${" + f"{name}/{pattern}/{replacement}" + "}"
        regex = _shell_pattern(pattern, greedy=True, anchored=False)
        if replace_all:
            return regex.sub(lambda _m: replacement, value)
        match = regex.search(value)
        if match is None:
            return value
        return value[: match.start()] + replacement + value[match.end() :]


def _shell_pattern(pattern: str, *, greedy: bool, anchored: bool) -> re.Pattern[str]:
    """convertShellPatternToRegex: ``*`` and ``?`` wildcards, ``\\`` escapes."""
    out = ["^"] if anchored else []
    star = ".*" if greedy else ".*?"
    i = 0
    while i < len(pattern):
        tok = pattern[i]
        i += 1
        if tok == "*":
            out.append(star)
        elif tok == "?":
            out.append(".")
        elif tok == "\\":
            if i < len(pattern) and pattern[i] in "}/":
                continue
            nxt = pattern[i] if i < len(pattern) else ""
            i += 1
            if nxt not in ("*", "?", "\\"):
                raise LexError(f"invalid pattern ({pattern}) in substitution: invalid escape '\\{nxt}'")
            out.append(re.escape(nxt))
        else:
            out.append(re.escape(tok))
    return re.compile("".join(out))


def _trim_prefix(pattern: str, value: str, greedy: bool) -> str:
    match = _shell_pattern(pattern, greedy=greedy, anchored=True).search(value)
    return value[match.end() :] if match else value


def _reverse_pattern(pattern: str) -> str:
    """Reverses a pattern but keeps each ``\\x`` escape pair in order."""
    pieces: list[str] = []
    i = 0
    while i < len(pattern):
        if pattern[i] == "\\" and i != len(pattern) - 1:
            pieces.append(pattern[i : i + 2])
            i += 2
        else:
            pieces.append(pattern[i])
            i += 1
    return "".join(reversed(pieces))


def _trim_suffix(pattern: str, value: str, greedy: bool) -> str:
    return _trim_prefix(_reverse_pattern(pattern), value[::-1], greedy)[::-1]


def lex_word(word: str, env: Mapping[str, str] | None = None, *, escape: str = "\\") -> str:
    """The word BuildKit's shell lexer makes of ``word`` (``ProcessWord``).

    Args:
        word: A raw word as BuildKit's parser returns it.
        env: Variables to expand (unset names become empty). ``None``: expand
            nothing and write every ``$`` expression back as it was.
        escape: The escape character (``\\``, or ``\\``` with ``# escape=```).

    Raises:
        LexError: BuildKit rejects the word (an open quote, a bad ``${...}``).
    """
    return _Lexer(word, env, escape).stop_on(None, False)


# --------------------------------------------------------------------------
# Go's encoding/csv, one record with the default settings
# --------------------------------------------------------------------------


def csv_fields(text: str) -> list[str]:
    """The fields Go's ``csv.NewReader(...).Read()`` returns for one line.

    Defaults as in BuildKit's mount parsing: comma separator, no lazy quotes,
    no leading-space trimming. A field is quoted only when its very first
    character is ``"``; inside, ``""`` is a quote and the closing quote must be
    followed by a comma or the end. A ``"`` anywhere in an unquoted field is an
    error (``bare " in non-quoted-field``).

    Raises:
        CsvError: Go's reader returns an error for this text.
    """
    # readLine: a lone trailing \r before EOF is dropped; \r\n becomes \n.
    if text.endswith("\r") and not text.endswith("\r\n"):
        text = text[:-1]
    text = text.replace("\r\n", "\n")
    # Empty lines are skipped; nothing but empty lines is io.EOF.
    while text.startswith("\n"):
        text = text[1:]
    if text == "":
        raise CsvError("EOF")
    fields: list[str] = []
    pos = 0
    n = len(text)
    while True:
        if pos >= n or text[pos] != '"':
            end = pos
            while end < n and text[end] not in ",\n":
                end += 1
            field = text[pos:end]
            if '"' in field:
                raise CsvError('bare " in non-quoted-field')
            fields.append(field)
            if end < n and text[end] == ",":
                pos = end + 1
                continue
            return fields
        pos += 1
        buf: list[str] = []
        while True:
            close = text.find('"', pos)
            if close < 0:
                raise CsvError('extraneous or missing " in quoted-field')
            buf.append(text[pos:close])
            pos = close + 1
            following = text[pos] if pos < n else ""
            if following == '"':
                buf.append('"')
                pos += 1
            elif following == ",":
                pos += 1
                fields.append("".join(buf))
                break
            elif following in ("", "\n"):
                fields.append("".join(buf))
                return fields
            else:
                raise CsvError('extraneous or missing " in quoted-field')


# --------------------------------------------------------------------------
# Taking dockerfile.parse_string results apart
# --------------------------------------------------------------------------


def parse(text: str) -> tuple[Any, ...]:
    """``dockerfile.parse_string(text)``: BuildKit's parser's raw instructions."""
    import dockerfile

    return dockerfile.parse_string(text)


def instructions(parsed: Iterable[Any], keyword: str) -> list[Any]:
    """The parsed instructions whose keyword is ``keyword`` (any case)."""
    keyword = keyword.upper()
    return [c for c in parsed if c.cmd.upper() == keyword]


def kv_pairs(cmd: Any, env: Mapping[str, str] | None = None, *, escape: str = "\\") -> list[tuple[str, str]]:
    """``ENV``/``LABEL`` pairs as BuildKit stores them: key and value both lexed.

    The parser gives alternating raw keys and values (``K=v`` words split at
    the first ``=``, or the old ``ENV K rest of line`` form as one value).
    """
    if cmd.cmd.upper() not in ("ENV", "LABEL"):
        raise ValueError(f"not an ENV or LABEL: {cmd.original!r}")
    words = list(cmd.value)
    if len(words) % 2:
        raise ValueError(f"odd number of words in {cmd.original!r}: {words!r}")
    return [
        (lex_word(words[i], env, escape=escape), lex_word(words[i + 1], env, escape=escape))
        for i in range(0, len(words), 2)
    ]


def arg_pairs(
    cmd: Any, env: Mapping[str, str] | None = None, *, escape: str = "\\"
) -> list[tuple[str, str | None]]:
    """``ARG`` declarations: name and default (``None`` when there is none), lexed.

    The parser keeps each ``NAME=value`` as one raw word; BuildKit splits it at
    the first ``=`` and lexes both halves.
    """
    if cmd.cmd.upper() != "ARG":
        raise ValueError(f"not an ARG: {cmd.original!r}")
    out: list[tuple[str, str | None]] = []
    for word in cmd.value:
        name, sep, value = word.partition("=")
        out.append((lex_word(name, env, escape=escape), lex_word(value, env, escape=escape) if sep else None))
    return out


def flag_values(cmd: Any, name: str) -> list[str]:
    """The values of ``--name=value`` flags, as BuildKit's flag parser splits them.

    The parser has already read each flag word once (``extractBuilderFlags``:
    quotes removed, ``\\`` taking the next byte, bytes above 0x7F turned into
    the code points of the same number, splitting at bytes 0x85 and 0xA0);
    what it returns is what BuildKit's flag parser sees.
    """
    prefix = f"--{name}="
    return [flag[len(prefix) :] for flag in cmd.flags if flag.startswith(prefix)]


def mount_options(
    value: str, *, lex: bool = True, env: Mapping[str, str] | None = None, escape: str = "\\"
) -> list[tuple[str, str | None]]:
    """One ``--mount`` value as BuildKit reads it: ``(key, value)`` per CSV field.

    Each field is split at its first ``=`` (the key lower-cased, as BuildKit
    does); a field without ``=`` (``ro``, ``rw``, ``required``) has value
    ``None``. With ``lex`` (Dockerfile frontend 1.3 and later) each value then
    goes through the shell lexer; the 1.2 frontend built into Docker 20.10
    uses the CSV value as it is.
    """
    out: list[tuple[str, str | None]] = []
    for field in csv_fields(value):
        key, sep, val = field.partition("=")
        key = key.lower()
        if not sep:
            out.append((key, None))
            continue
        out.append((key, lex_word(val, env, escape=escape) if lex else val))
    return out


def run_mounts(
    cmd: Any, *, lex: bool = True, env: Mapping[str, str] | None = None, escape: str = "\\"
) -> list[list[tuple[str, str | None]]]:
    """Every ``--mount`` of a ``RUN``, outermost first, read by :func:`mount_options`."""
    if cmd.cmd.upper() != "RUN":
        raise ValueError(f"not a RUN: {cmd.original!r}")
    return [mount_options(v, lex=lex, env=env, escape=escape) for v in flag_values(cmd, "mount")]


def sources_and_dest(
    cmd: Any, env: Mapping[str, str] | None = None, *, escape: str = "\\"
) -> tuple[list[str], str]:
    """``COPY``/``ADD`` sources and destination after BuildKit's lexer.

    Both forms are lexed: the JSON form only changes how the line is split into
    words (JSON strings instead of white space), every path is then expanded
    like an ENV value, so quotes and backslashes inside a JSON string are
    still processed.
    """
    if cmd.cmd.upper() not in ("COPY", "ADD"):
        raise ValueError(f"not a COPY or ADD: {cmd.original!r}")
    words = [lex_word(w, env, escape=escape) for w in cmd.value]
    if len(words) < 2:
        raise ValueError(f"{cmd.cmd} needs a source and a destination: {cmd.original!r}")
    return words[:-1], words[-1]


def workdir_path(cmd: Any, env: Mapping[str, str] | None = None, *, escape: str = "\\") -> str:
    """``WORKDIR``: the rest of the line is one word, lexed."""
    if cmd.cmd.upper() != "WORKDIR":
        raise ValueError(f"not a WORKDIR: {cmd.original!r}")
    if len(cmd.value) != 1:
        raise ValueError(f"WORKDIR takes exactly one argument: {cmd.original!r}")
    return lex_word(cmd.value[0], env, escape=escape)


def exec_argv(cmd: Any) -> list[str]:
    """``CMD``/``ENTRYPOINT``/``RUN``/``SHELL`` in JSON (exec) form: the argv.

    The exec form is not lexed: the JSON strings are the argv.

    Raises:
        ValueError: The instruction is in shell form.
    """
    if not cmd.json:
        raise ValueError(f"not in JSON (exec) form: {cmd.original!r}")
    return list(cmd.value)
