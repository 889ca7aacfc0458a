"""Round trip of ``docker-dsl import`` over the whole shared corpus, and its speed.

Usage: ``.venv/bin/python bench/import/report.py [--out bench/import/report.md]``

For every corpus file that BuildKit parses: import it, render the recipe, and compare both
files with BuildKit's parser (``tests/importer/roundtrip.py`` says how). Writes the report of
every file that does not round-trip, grouped by reason, and prints the import speed (the whole
corpus through ``_native.import_recipe`` in one process, best of 3).
"""

from __future__ import annotations

import argparse
import re
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
for folder in ("tests/importer", "tests/parser", "tests/oracle"):
    sys.path.insert(0, str(ROOT / folder))

from corpus import corpus_files
from docker_dsl import DockerDslError, _native
from roundtrip import round_trip


def reason_group(stage: str, reason: str) -> str:
    """A short group name: the failing stage and the message without its specifics."""
    text = re.sub(r"^line \d+: ", "", reason)
    text = re.sub(r"'[^']*'|\"[^\"]*\"|`[^`]*`", "…", text)
    text = re.sub(r"\d+", "N", text)
    return f"{stage}: {text[:120]}"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "import" / "report.md")
    args = parser.parse_args()
    files = [f for f in corpus_files() if f.parses_with_buildkit]
    texts = [(f.name, f.path.read_text(encoding="utf-8", errors="replace")) for f in files]

    best = float("inf")
    for _ in range(3):
        start = time.perf_counter()
        for _, text in texts:
            try:
                _native.import_recipe(text)
            except DockerDslError:
                pass
        best = min(best, time.perf_counter() - start)

    groups: dict[str, list[str]] = defaultdict(list)
    ok = 0
    with tempfile.TemporaryDirectory() as tmp:
        for i, (name, text) in enumerate(texts):
            outcome, _ = round_trip(text, Path(tmp), f"r{i}")
            if outcome.ok:
                ok += 1
            else:
                group = (
                    f"{outcome.stage}: {outcome.group}"
                    if outcome.group
                    else reason_group(outcome.stage, outcome.reason)
                )
                groups[group].append(f"{name}: {outcome.reason}")
    total = len(texts)
    lines = [
        "# `docker-dsl import` round trip on the shared corpus",
        "",
        "Regenerate: `.venv/bin/python bench/import/report.py` (rewrites this file).",
        "",
        f"- files BuildKit parses: {total}",
        f"- round-trip: **{ok}** ({100 * ok / max(total, 1):.2f}%)",
        f"- import of all {total} files in one process: {best * 1000:.0f} ms (best of 3)",
        "",
        "## Files that do not round-trip, by reason",
        "",
    ]
    for group, members in sorted(groups.items(), key=lambda kv: -len(kv[1])):
        lines.append(f"### {group} ({len(members)})")
        lines.append("")
        lines.extend(f"- {m}" for m in sorted(members))
        lines.append("")
    args.out.write_text("\n".join(lines), encoding="utf-8")
    print(
        f"{ok}/{total} round-trip ({100 * ok / max(total, 1):.2f}%); import {best * 1000:.0f} ms; {args.out}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
