"""Round trip of ``docker-dsl import`` over the whole shared corpus, and its speed.

Usage: ``.venv/bin/python bench/import/report.py [--out bench/import/report.md] [--no-rust]``

For every corpus file that BuildKit parses: import it, render the recipe, and compare both
files with BuildKit's parser (``tests/importer/roundtrip.py`` says how). Writes the report of
every file that does not round-trip, grouped by reason, and prints the import speed (the whole
corpus through ``_native.import_recipe`` in one process, best of 3).

The Rust section does the same with ``--lang rust`` (``tests/importer/rust_roundtrip.py``): every
file imported as a Rust program, all compiled in one crate with ``#![deny(warnings)]`` (a few
minutes on 2 cores), run, and compared with BuildKit's reading of the original and with the
Python recipe's render; with the Rust emitter's speed (``_native.import_rust_program``, best of 3).
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
from rust_roundtrip import rust_round_trip


def reason_group(stage: str, reason: str) -> str:
    """A short group name: the failing stage and the message without its specifics."""
    text = re.sub(r"^line \d+: ", "", reason)
    text = re.sub(r"'[^']*'|\"[^\"]*\"|`[^`]*`", "…", text)
    text = re.sub(r"\d+", "N", text)
    return f"{stage}: {text[:120]}"


def _best_of_3(importer, texts: list[tuple[str, str]]) -> float:
    """Seconds to import every text in one process, best of 3."""
    best = float("inf")
    for _ in range(3):
        start = time.perf_counter()
        for _, text in texts:
            try:
                importer(text)
            except DockerDslError:
                pass
        best = min(best, time.perf_counter() - start)
    return best


def _rust_section(texts: list[tuple[str, str]]) -> list[str]:
    """The report's `--lang rust` section: the whole corpus as Rust programs."""
    best = _best_of_3(_native.import_rust_program, texts)
    with tempfile.TemporaryDirectory() as tmp:
        run = rust_round_trip(dict(texts), Path(tmp))
    total = len(texts)
    ok = [name for name, outcome in run.outcomes.items() if outcome.ok]
    groups: dict[str, list[str]] = defaultdict(list)
    for name, outcome in run.outcomes.items():
        if not outcome.ok:
            groups[reason_group(outcome.stage, outcome.reason)].append(f"{name}: {outcome.reason[:200]}")
    differs = [name for name, outcome in run.outcomes.items() if outcome.stage == "differs"]
    lines = [
        "## `--lang rust`: the same corpus as Rust programs",
        "",
        (
            f"- round-trip: **{len(ok)}** ({100 * len(ok) / max(total, 1):.2f}%); rendered different "
            f"instructions: {len(differs)}; the others fail as their Python recipe does (listed below)"
        ),
        (
            f"- of the {len(run.python_rendered)} files whose Python recipe renders: {len(run.python_equal)} Rust "
            f"renders are the same text byte for byte, {len(run.python_spaced)} the same but for blanks inside a "
            "command (`r.cmd` words where the Python recipe keeps the line, e.g. for `apt-get`), "
            f"{len(run.python_rendered) - len(run.python_equal) - len(run.python_spaced)} other"
        ),
        (
            f"- programs that `rustfmt --check` would change: {len(run.unformatted)}; all compile with "
            "`#![deny(warnings)]` (the run stops otherwise)"
        ),
        (
            f"- Rust emitter, all {total} files in one process: {best * 1000:.0f} ms (best of 3); "
            f"compile of all programs in one crate: {run.seconds['compile']:.0f} s; "
            f"running them: {run.seconds['run']:.1f} s"
        ),
        "",
    ]
    for group, members in sorted(groups.items(), key=lambda kv: -len(kv[1])):
        lines += [f"### rust {group} ({len(members)})", "", *(f"- {m}" for m in sorted(members)), ""]
    print(
        f"rust: {len(ok)}/{total} round-trip; {len(run.python_equal)} byte-equal to Python; "
        f"emit {best * 1000:.0f} ms; compile {run.seconds['compile']:.0f} s"
    )
    return lines


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "import" / "report.md")
    parser.add_argument("--no-rust", action="store_true", help="skip the Rust programs (no compile)")
    args = parser.parse_args()
    files = [f for f in corpus_files() if f.parses_with_buildkit]
    texts = [(f.name, f.path.read_text(encoding="utf-8", errors="replace")) for f in files]

    best = _best_of_3(_native.import_recipe, texts)

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
    if not args.no_rust:
        lines += _rust_section(texts)
    args.out.write_text("\n".join(lines), encoding="utf-8")
    print(
        f"{ok}/{total} round-trip ({100 * ok / max(total, 1):.2f}%); import {best * 1000:.0f} ms; {args.out}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
