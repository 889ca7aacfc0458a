"""Our `check` rules beside Docker's own build checks on a sample of the shared corpus.

Usage: .venv/bin/python bench/lint/check_sample.py [--corpus DIR] [--per-rule N] [--clean N]

The sample: for every check rule, up to ``--per-rule`` corpus files where we report it,
and ``--clean`` files where we report no check, drawn with a fixed seed. Each file is
checked by ``docker buildx build --call=check,format=json`` on the modern engine
(``scripts/engine/modern.sh``; it must be running) and by ``docker-dsl lint --select
check``. To resolve offline, every FROM image that is not an earlier stage becomes the
local base image ``docker-dsl-test/busybox:1`` and a ``# syntax=`` pin becomes a plain
comment; lines stay where they were. Both read the same rewritten file.

Prints, per file, the (check, line) pairs only one side reports, restricted to the checks
we implement, and the agreement: files and findings on which both sides agree. A report,
not a test.
"""

from __future__ import annotations

import argparse
import collections
import json
import random
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "bench" / "parse"))
sys.path.insert(0, str(ROOT / "tests" / "lint"))
from check_oracle import docker_checks, engine_env, engine_running, offline
from run import default_corpus  # bench/parse/run.py: where the corpus is


def ours(paths: list[Path]) -> dict[str, list[dict]]:
    proc = subprocess.run(
        [sys.executable, "-m", "docker_dsl", "lint", *map(str, paths), "--select", "check"]
        + ["--format", "json"],
        capture_output=True,
        text=True,
        check=False,
    )
    by_path: dict[str, list[dict]] = collections.defaultdict(list)
    for finding in json.loads(proc.stdout)["findings"]:
        by_path[finding["path"]].append(finding)
    return by_path


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=default_corpus())
    parser.add_argument("--per-rule", type=int, default=3)
    parser.add_argument("--clean", type=int, default=6)
    args = parser.parse_args()
    corpus: Path = args.corpus
    index = (corpus / "INDEX.tsv").read_text(encoding="utf-8").splitlines()[1:]
    files = [row.split("\t")[0] for row in index if row.split("\t")[3] == "yes"]
    found = ours([corpus / f for f in files])
    names = {
        line.split()[1]
        for line in subprocess.run(
            [sys.executable, "-m", "docker_dsl", "rules"], capture_output=True, text=True, check=True
        ).stdout.splitlines()
        if line.split()[2] == "check"
    }
    by_rule: dict[str, list[str]] = collections.defaultdict(list)
    for name in files:
        for rule in sorted({f["name"] for f in found.get(str(corpus / name), [])}):
            by_rule[rule].append(name)
    rng = random.Random(0)
    sample: list[str] = []
    for rule in sorted(by_rule):
        pool = [f for f in by_rule[rule] if f not in sample]
        sample += rng.sample(pool, min(args.per_rule, len(pool)))
    clean = [f for f in files if str(corpus / f) not in found]
    sample += rng.sample(clean, min(args.clean, len(clean)))

    why = engine_running()
    if why:
        print(why, file=sys.stderr)
        return 1
    env = engine_env()
    agree_files = agree = total = 0
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        rewritten = []
        for i, name in enumerate(sample):
            directory = work / str(i)
            directory.mkdir()
            text = (corpus / name).read_text(encoding="utf-8", errors="replace")
            (directory / "Dockerfile").write_text(offline(text), encoding="utf-8")
            rewritten.append(directory / "Dockerfile")
        mine = ours(rewritten)
        for name, path in zip(sample, rewritten):
            our_set = {(f["name"], f["line"]) for f in mine.get(str(path), [])}
            their_set, error = docker_checks(path.parent, env)
            their_set = {item for item in their_set if item[0] in names}
            total += len(our_set | their_set)
            agree += len(our_set & their_set)
            same = our_set == their_set
            agree_files += same
            note = f" (engine: {error[:100]})" if error else ""
            print(f"{'same' if same else 'DIFF'} {name}: {len(our_set & their_set)} shared{note}")
            for item in sorted(our_set - their_set):
                print(f"    only ours:   {item}")
            for item in sorted(their_set - our_set):
                print(f"    only docker: {item}")
    print(
        f"\n{agree_files}/{len(sample)} files agree exactly; "
        f"{agree}/{total} distinct (check, line) findings reported by both"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
