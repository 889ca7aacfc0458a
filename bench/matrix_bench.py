"""Speed of a matrix render: 1,000 variants of the seed recipe, ours vs docker-dsl 0.1.2.

Usage:
    .venv/bin/python bench/matrix_bench.py --oracle .venv-oracle/bin/python [--runs N] [--versions N]
        [--before OTHER/.venv/bin/docker-dsl]

The recipe is bench/matrix_recipe.py: the seed recipe plus a `python` flag for the base
image's version. The matrix is `python=3.0,...,3.<versions-1>` x `private=true,false`
(1,000 variants with the default --versions 500).

  ours   one cold command, timed from spawn to exit:
         docker-dsl render bench/matrix_recipe.py --matrix python=... --matrix private=true,false
             --out-dir <fresh dir>
         (starts Python, runs the recipe 1,000 times, writes 1,000 Dockerfiles and index.json);
         also its CPU time (user + system, from getrusage), which a loaded machine
         inflates far less than the wall time
  before with --before: the same command of another docker-dsl (e.g. a checkout of main),
         run right after ours in every round, so a change is measured under the same load
  ours, in process
         the same render in one interpreter that has imported docker_dsl, timed around
         the cli_main(...) call: start-up not counted, as in 0.1.2's first row
  0.1.2  one process of the oracle interpreter, which has no matrix: it imports the recipe
         and calls Dockerfile(module).render(path, python=..., private=...) for every
         variant, writing each file; timed inside the process (start-up not counted) and
         from spawn to exit.

Files go to --dir (default /dev/shm, a tmpfs: on a shared VM disk, creating 1,000 files
alone varies from 0.1 s to 2.5 s). One untimed warm-up run of each, then --runs runs (median, min-max). Every one of ours'
files must equal 0.1.2's text for the same flags. It is a report, not a test.

Every command runs as an installed package would: with compiled modules (.pyc). A `pip
install` writes them; an editable checkout under PYTHONDONTWRITEBYTECODE=1 would recompile
docker_dsl's modules from source at every start (about 7 ms). So the children get
PYTHONPYCACHEPREFIX=<a temporary directory>, without PYTHONDONTWRITEBYTECODE, and the
untimed warm-up run fills it.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RECIPE = ROOT / "bench" / "matrix_recipe.py"
TARGET_MS = 50.0

ORACLE_SNIPPET = r"""
import importlib, json, os, sys, time
sys.path.insert(0, sys.argv[1])
from docker_dsl import Dockerfile
module = importlib.import_module("matrix_recipe")
out_dir, versions = sys.argv[2], json.loads(sys.argv[3])
started = time.perf_counter_ns()
for version in versions:
    for private in (True, False):
        name = f"python-{version.replace('.', '-')}_private-{str(private).lower()}.Dockerfile"
        Dockerfile(module).render(os.path.join(out_dir, name), python=version, private=private)
print(json.dumps({"ns": time.perf_counter_ns() - started}))
"""


OURS_IN_PROCESS_SNIPPET = r"""
import json, sys, time
from docker_dsl._native import cli_main
started = time.perf_counter_ns()
status = cli_main(sys.argv[1:])
print(json.dumps({"ns": time.perf_counter_ns() - started, "status": status}))
"""


CHILD_ENV = {
    k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTHONHOME", "PYTHONDONTWRITEBYTECODE")
}
"""The environment of every timed command; main() adds PYTHONPYCACHEPREFIX."""


def child_cpu_ns() -> int:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return int((usage.ru_utime + usage.ru_stime) * 1e9)


def matrix_argv(versions: list[str], out_dir: Path) -> list[str]:
    """`docker-dsl`'s arguments for the benchmark's matrix: every version times both `private` values."""
    return [
        "render",
        str(RECIPE),
        "--matrix",
        "python=" + ",".join(versions),
        "--matrix",
        "private=true,false",
        "--out-dir",
        str(out_dir),
    ]


def ours(cli: Path | str, versions: list[str], out_dir: Path) -> tuple[int, int]:
    argv = [str(cli), *matrix_argv(versions, out_dir)]
    cpu = child_cpu_ns()
    started = time.perf_counter_ns()
    done = subprocess.run(argv, capture_output=True, text=True, check=False, env=CHILD_ENV)
    elapsed = time.perf_counter_ns() - started
    if done.returncode != 0:
        sys.exit(f"ours failed: {done.stderr}")
    return elapsed, child_cpu_ns() - cpu


def ours_in_process(versions: list[str], out_dir: Path) -> tuple[int, int]:
    """The same matrix render inside one interpreter, timed around the call (start-up and
    the import of docker_dsl not counted, as in 0.1.2's row), and that process's whole wall."""
    argv = matrix_argv(versions, out_dir)
    started = time.perf_counter_ns()
    done = subprocess.run(
        [sys.executable, "-c", OURS_IN_PROCESS_SNIPPET, *argv],
        capture_output=True,
        text=True,
        env=CHILD_ENV,
        check=False,
    )
    elapsed = time.perf_counter_ns() - started
    report = json.loads(done.stdout.splitlines()[-1]) if done.stdout.strip() else {}
    if done.returncode != 0 or report.get("status") != 0:
        sys.exit(f"ours (in process) failed: {done.stderr}")
    return report["ns"], elapsed


def oracle(python: str, versions: list[str], out_dir: Path) -> tuple[int, int]:
    out_dir.mkdir()
    started = time.perf_counter_ns()
    done = subprocess.run(
        [python, "-c", ORACLE_SNIPPET, str(RECIPE.parent), str(out_dir), json.dumps(versions)],
        capture_output=True,
        text=True,
        env=CHILD_ENV,
        check=False,
    )
    elapsed = time.perf_counter_ns() - started
    if done.returncode != 0:
        sys.exit(f"0.1.2 failed: {done.stderr}")
    return json.loads(done.stdout)["ns"], elapsed


def same_files(ours_dir: Path, oracle_dir: Path, count: int) -> None:
    index = json.loads((ours_dir / "index.json").read_text())
    if len(index["variants"]) != count:
        sys.exit(f"ours wrote {len(index['variants'])} variants, expected {count}")
    for variant in index["variants"]:
        mine = (ours_dir / variant["file"]).read_text()
        theirs = (oracle_dir / variant["file"]).read_text()
        if mine != theirs:
            sys.exit(f"{variant['file']} differs from 0.1.2's render")


def ms(samples: list[int]) -> str:
    values = [s / 1e6 for s in samples]
    return f"{statistics.median(values):.1f} ({min(values):.1f}-{max(values):.1f})"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--oracle", required=True, help="the docker-dsl 0.1.2 interpreter")
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--versions", type=int, default=500)
    parser.add_argument("--before", help="another docker-dsl command to time beside ours (e.g. main's)")
    parser.add_argument(
        "--dir",
        default="/dev/shm" if Path("/dev/shm").is_dir() else None,
        help="where the files are written (default: /dev/shm, a tmpfs, so the disk's "
        "file-creation speed does not count; pass a disk path to include it)",
    )
    args = parser.parse_args()
    cli = Path(sys.executable).with_name("docker-dsl")
    versions = [f"3.{i}" for i in range(args.versions)]
    count = 2 * len(versions)
    work = Path(tempfile.mkdtemp(prefix="matrix-bench-", dir=args.dir))
    CHILD_ENV["PYTHONPYCACHEPREFIX"] = str(work / "pycache")
    try:
        ours_ns, ours_cpu_ns, oracle_in_ns, oracle_ns, before_ns, before_cpu_ns = [], [], [], [], [], []
        ours_in_ns: list[int] = []
        for run in range(args.runs + 1):
            a, b, c = work / f"ours{run}", work / f"oracle{run}", work / f"before{run}"
            mine, mine_cpu = ours(cli, versions, a)
            theirs, theirs_cpu = ours(args.before, versions, c) if args.before else (0, 0)
            inside, whole = oracle(args.oracle, versions, b)
            mine_in, _ = ours_in_process(versions, work / f"inside{run}")
            if run == 0:
                same_files(a, b, count)
                continue
            ours_ns.append(mine)
            ours_cpu_ns.append(mine_cpu)
            before_ns.append(theirs)
            before_cpu_ns.append(theirs_cpu)
            oracle_in_ns.append(inside)
            oracle_ns.append(whole)
            ours_in_ns.append(mine_in)
            for done in (a, b, c, work / f"inside{run}"):
                shutil.rmtree(done, ignore_errors=True)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    median = statistics.median(ours_ns) / 1e6
    print(
        f"{count} variants of bench/matrix_recipe.py, files written under {work.parent}, {args.runs} runs, "
        "median (min-max) ms; all of ours' files equal 0.1.2's"
    )
    print(f"| ours: whole `docker-dsl render --matrix ... --out-dir` command | {ms(ours_ns)} |")
    print(f"| ours: the same command's CPU time (user + system) | {ms(ours_cpu_ns)} |")
    if args.before:
        print(f"| before ({args.before}): the same command | {ms(before_ns)} |")
        print(f"| before: its CPU time (user + system) | {ms(before_cpu_ns)} |")
    print(f"| ours: the same render inside one process (start-up not counted) | {ms(ours_in_ns)} |")
    print(f"| 0.1.2: renders + writes in one process (start-up not counted) | {ms(oracle_in_ns)} |")
    print(f"| 0.1.2: the same process from spawn to exit | {ms(oracle_ns)} |")
    ratio = statistics.median(oracle_in_ns) / statistics.median(ours_in_ns)
    inside_median = statistics.median(ours_in_ns) / 1e6
    verdict = (
        f"whole command {'met' if median < TARGET_MS else 'NOT met'}; "
        f"in process, measured as 0.1.2's row, {'met' if inside_median < TARGET_MS else 'NOT met'}"
    )
    print(f"load average (1, 5, 15 min) at the end: {os.getloadavg()}")
    print(
        f"in one process each, ours is {ratio:.0f}x faster than 0.1.2; target < {TARGET_MS:.0f} ms: {verdict}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
