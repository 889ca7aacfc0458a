"""Render recipe modules with docker-dsl 0.1.2, the test oracle.

Run it with the oracle interpreter (a venv holding docker-dsl==0.1.2), once per
test session:

    .venv-oracle/bin/python tests/oracle/render_012.py RECIPES_DIR [MODULE ...]

It puts RECIPES_DIR on sys.path, imports every recipe module there (every
``*.py`` not starting with ``_``), or only the MODULEs named, and renders each
entry of the module's ``VARIANTS`` list with ``Dockerfile(module).render(**values)``.

It prints one JSON object to stdout: ``{module: [text, ...]}``, one text per
variant, in VARIANTS order. A variant that 0.1.2 fails to render is ``null``,
and the traceback goes to stderr. The recipes' own prints are discarded: while
recipes run, file descriptor 1 points at /dev/null, so nothing they write can
corrupt the JSON.
"""

from __future__ import annotations

import contextlib
import importlib
import importlib.metadata
import io
import json
import os
import sys
import traceback
from pathlib import Path

ORACLE_VERSION = "0.1.2"


def main(argv: list[str]) -> int:
    if not argv or argv[0] in ("-h", "--help"):
        print(__doc__, file=sys.stderr)
        return 2
    installed = importlib.metadata.version("docker-dsl")
    if installed != ORACLE_VERSION:
        print(
            f"render_012.py: this interpreter has docker-dsl {installed}, the oracle is {ORACLE_VERSION}: "
            f"{sys.executable}",
            file=sys.stderr,
        )
        return 2

    recipes_dir = Path(argv[0]).resolve()
    names = argv[1:] or sorted(p.stem for p in recipes_dir.glob("*.py") if not p.name.startswith("_"))
    sys.path.insert(0, str(recipes_dir))

    from docker_dsl import Dockerfile

    # Keep the real stdout for the JSON; everything the recipes print, from
    # Python or below it, goes to /dev/null.
    json_out = os.fdopen(os.dup(1), "w", encoding="utf-8")
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, 1)
    os.close(devnull)

    result: dict[str, list[str | None]] = {}
    for name in names:
        with contextlib.redirect_stdout(io.StringIO()):
            try:
                module = importlib.import_module(name)
                variants = list(getattr(module, "VARIANTS", [{}]))
            except BaseException:  # noqa: BLE001 - report and go on with the other recipes
                print(f"render_012.py: importing {name} failed:\n{traceback.format_exc()}", file=sys.stderr)
                result[name] = [None]
                continue
            texts: list[str | None] = []
            for values in variants:
                try:
                    texts.append(Dockerfile(module).render(**values))
                except BaseException:  # noqa: BLE001
                    print(
                        f"render_012.py: rendering {name} with {values!r} failed:\n{traceback.format_exc()}",
                        file=sys.stderr,
                    )
                    texts.append(None)
            result[name] = texts

    json.dump(result, json_out)
    json_out.write("\n")
    json_out.flush()
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
