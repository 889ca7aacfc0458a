"""What a flag's Python type means on the command line, and back.

Only modules the recipe itself imported are consulted (through ``sys.modules``),
so the CLI does not pay for importing ``typing``, ``enum`` or ``pathlib``.
"""

import sys

_CACHE: dict = {}


def describe(type_):
    """Return ``(kind, choices, values, decode)`` for a Path, Literal or Enum flag type
    (the Rust side handles bool, int, float and str), or ``None`` for a type that is
    none of these (the Rust side reports it with the recipe line); ``decode`` turns the
    parsed value into the Python object the recipe reads."""
    try:
        return _CACHE[type_]
    except (KeyError, TypeError):
        pass
    described = _describe(type_)
    try:
        _CACHE[type_] = described
    except TypeError:
        pass
    return described


def _describe(type_):
    pathlib = sys.modules.get("pathlib")
    if pathlib is not None and isinstance(type_, type) and issubclass(type_, pathlib.PurePath):
        return ("path", [], [], type_)
    enum = sys.modules.get("enum")
    if enum is not None and isinstance(type_, type) and issubclass(type_, enum.Enum):
        members = list(type_)
        return ("enum", [m.name for m in members], [str(m.value) for m in members], members.__getitem__)
    typing = sys.modules.get("typing")
    if typing is not None and typing.get_origin(type_) is typing.Literal:
        options = list(typing.get_args(type_))
        return ("choice", [as_text(o) for o in options], [], options.__getitem__)
    return None


def as_text(value) -> str:
    """A value as the command line spells it (enum members by name)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    enum = sys.modules.get("enum")
    if enum is not None and isinstance(value, enum.Enum):
        return value.name
    return str(value)


def raw_value(value):
    """A value passed to ``render(**values)`` as the text the flag parser reads."""
    if value is None:
        return None
    return value if isinstance(value, str) else as_text(value)
