"""Time `docker-dsl lint` over the whole corpus with several builds, interleaved, so that all
see the same machine load: wall and CPU (user+sys) of each run, median of ``--repeats``.

Usage: .venv/bin/python bench/lint/compare.py NAME=DOCKER_DSL [NAME=DOCKER_DSL ...] [--repeats N]

For example ``main=/work/main/.venv/bin/docker-dsl here=.venv/bin/docker-dsl
binary=target/release/docker-dsl``. A report, not a test.
"""

from __future__ import annotations

import argparse
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "parse"))
from run import default_corpus  # bench/parse/run.py: where the corpus is


def corpus_files(corpus: Path) -> list[str]:
    """Every file of the corpus index, in index order (as bench/lint/run.py lints them)."""
    lines = (corpus / "INDEX.tsv").read_text(encoding="utf-8").splitlines()[1:]
    return [line.split("\t")[0] for line in lines]


def timed(argv: list[str], cwd: Path) -> tuple[float, float]:
    """Wall and CPU seconds of one run of `argv`."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    proc = subprocess.run(argv, cwd=cwd, capture_output=True, check=False)
    wall = time.perf_counter() - start
    if proc.returncode not in (0, 1, 2):
        raise SystemExit(f"{argv[0]} lint failed ({proc.returncode}): {proc.stderr[:300]!r}")
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("builds", nargs="+", help="NAME=path of a docker-dsl command")
    parser.add_argument("--corpus", type=Path, default=default_corpus())
    parser.add_argument("--repeats", type=int, default=7)
    args = parser.parse_args()
    builds = {name: str(Path(path).resolve()) for name, path in (b.split("=", 1) for b in args.builds)}
    files = corpus_files(args.corpus)
    samples: dict[str, list[tuple[float, float]]] = {name: [] for name in builds}
    for _ in range(args.repeats):
        for name, command in builds.items():
            samples[name].append(timed([command, "lint", *files, "--format", "json"], args.corpus))
    print(f"corpus: {len(files)} files, median of {args.repeats}\n")
    print("| build | wall | CPU (user+sys) |\n|---|---|---|")
    for name, runs in samples.items():
        wall = statistics.median(w for w, _ in runs)
        cpu = statistics.median(c for _, c in runs)
        print(f"| {name} | {wall:.3f} s | {cpu:.3f} s |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
