"""Parse the whole shared corpus in one process: docker-dsl's parser against
BuildKit's (PyPI ``dockerfile``, its Go parser behind a Python wrapper).

Usage: .venv/bin/python bench/parse/run.py [--corpus DIR] [--repeats N]

Every file is read into memory first; each parser then parses all of them,
``--repeats`` times, and the median wall time counts. Rows:

- BuildKit: ``dockerfile.parse_string`` on every file;
- ours, nodes: ``docker_dsl._native.buildkit_nodes`` (the BuildKit-shaped node
  layer, converted to the same Python tuples);
- ours, typed: ``docker_dsl._native.reprint`` (parse into the typed document,
  then print it again: more work than parsing alone).

A report, not a test: it exits non-zero only when the corpus is missing.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

import dockerfile

from docker_dsl import _native

ROOT = Path(__file__).resolve().parents[2]


def default_corpus() -> Path:
    for parent in ROOT.parents:
        if (parent / "shared" / "corpus" / "INDEX.tsv").is_file():
            return parent / "shared" / "corpus"
    return ROOT.parent / "shared" / "corpus"


def texts(corpus: Path) -> list[str]:
    lines = (corpus / "INDEX.tsv").read_text(encoding="utf-8").splitlines()[1:]
    return [(corpus / line.split("\t")[0]).read_text(encoding="utf-8") for line in lines]


def timed(parse: Callable[[str], object], files: list[str], repeats: int) -> float:
    samples = []
    for _ in range(repeats):
        start = time.perf_counter()
        for text in files:
            try:
                parse(text)
            except (dockerfile.GoParseError, _native.DockerDslError):
                pass
        samples.append(time.perf_counter() - start)
    return statistics.median(samples)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=default_corpus())
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args()
    if not (args.corpus / "INDEX.tsv").is_file():
        print(f"no corpus at {args.corpus}", file=sys.stderr)
        return 2
    files = texts(args.corpus)
    size = sum(len(t.encode()) for t in files)
    rows = [
        ("BuildKit (PyPI dockerfile 3.4.0)", timed(dockerfile.parse_string, files, args.repeats)),
        ("ours, BuildKit-shaped nodes", timed(_native.buildkit_nodes, files, args.repeats)),
        ("ours, typed Document + print", timed(_native.reprint, files, args.repeats)),
    ]
    base = rows[0][1]
    print(f"{len(files)} files, {size / 1e6:.1f} MB, median of {args.repeats}")
    print("| parser | corpus wall time | vs BuildKit |")
    print("|---|---|---|")
    for name, seconds in rows:
        print(f"| {name} | {seconds * 1000:.0f} ms | {base / seconds:.1f}x faster |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
