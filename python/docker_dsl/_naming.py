"""Naming a derived stage after the ``as`` target of its ``with`` statement."""

import sys

_CACHE: dict = {}


def with_target():
    """The ``NAME`` in ``with base.stage() as NAME:`` for the calling line, if any."""
    frame = sys._getframe(1)
    code = frame.f_code
    key = (code, frame.f_lasti)
    try:
        return _CACHE[key]
    except KeyError:
        pass
    name = _find(code, frame.f_lasti)
    _CACHE[key] = name
    return name


def _find(code, lasti):
    import ast
    import linecache

    positions = list(code.co_positions())
    index = lasti // 2
    if index >= len(positions):
        return None
    line, end_line, col, end_col = positions[index]
    if line is None:
        return None
    source = "".join(linecache.getlines(code.co_filename))
    if not source:
        return None
    try:
        tree = _TREES[code.co_filename]
    except KeyError:
        try:
            tree = _TREES[code.co_filename] = ast.parse(source)
        except SyntaxError:
            return None
    for node in ast.walk(tree):
        if not isinstance(node, (ast.With, ast.AsyncWith)):
            continue
        for item in node.items:
            for call in ast.walk(item.context_expr):
                if isinstance(call, ast.Call) and (
                    call.lineno,
                    call.end_lineno,
                    call.col_offset,
                    call.end_col_offset,
                ) == (line, end_line, col, end_col):
                    target = item.optional_vars
                    return target.id if isinstance(target, ast.Name) else None
    return None


_TREES: dict = {}
