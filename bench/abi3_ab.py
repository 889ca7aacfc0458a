"""A/B speed of two builds of docker-dsl, interleaved so machine drift hits both alike.

Made to answer "does the abi3 wheel cost anything?": install the abi3 wheel and a
version-specific (cp311) wheel into two venvs, then

    python bench/abi3_ab.py --a /tmp/venv-abi3/bin/python --b /tmp/venv-cp311/bin/python

Each round runs, for A then B (the order flips every round): 1,000 in-process renders of
the seed recipe (render_bench.py's timing code, best of --repeats) and --cold cold
`docker-dsl` renders. The result is the median over rounds of the per-round ratio B/A,
a paired comparison that cancels load changes between rounds. Not a test.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import time
from pathlib import Path

from render_bench import MODULE, ORACLE_MAIN, RECIPE, SNIPPET


def per_render_us(python: str, variants: int, repeats: int) -> float:
    """Microseconds per in-process render, best of `repeats` loops of `variants` renders."""
    argv = [
        python,
        "-c",
        SNIPPET + ORACLE_MAIN,
        str(RECIPE.parent),
        MODULE,
        str(variants),
        "100",
        str(repeats),
    ]
    out = subprocess.run(argv, capture_output=True, text=True, check=True).stdout
    result = json.loads(out.strip().splitlines()[-1])
    return min(result["totals_ns"]) / variants / 1000


def cold_ms(python: str, runs: int) -> float:
    """Median wall time of `runs` cold `docker-dsl` renders, in ms."""
    script = Path(python).with_name("docker-dsl")
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run([script, str(RECIPE), "--private=true"], capture_output=True, check=True)
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--a", required=True, help="python of the first build's venv")
    parser.add_argument("--b", required=True, help="python of the second build's venv")
    parser.add_argument("--rounds", type=int, default=10)
    parser.add_argument("--variants", type=int, default=1000)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--cold", type=int, default=5, help="cold CLI renders per build per round")
    args = parser.parse_args()
    samples: dict[str, dict[str, list[float]]] = {k: {"render_us": [], "cold_ms": []} for k in "ab"}
    for round_ in range(args.rounds):
        order = "ab" if round_ % 2 == 0 else "ba"
        for key in order:
            python = getattr(args, key)
            samples[key]["render_us"].append(per_render_us(python, args.variants, args.repeats))
            samples[key]["cold_ms"].append(cold_ms(python, args.cold))
        print(f"round {round_ + 1}/{args.rounds}", file=sys.stderr, flush=True)
    for metric, unit in (("render_us", "µs per in-process render"), ("cold_ms", "ms per cold CLI render")):
        a, b = samples["a"][metric], samples["b"][metric]
        ratios = [y / x for x, y in zip(a, b, strict=True)]
        print(
            f"{unit}: A median {statistics.median(a):.2f}, B median {statistics.median(b):.2f}; "
            f"paired B/A median {statistics.median(ratios):.3f} (min {min(ratios):.3f}, max {max(ratios):.3f})"
        )
    print(
        f"A = {args.a}\nB = {args.b}\nrounds {args.rounds}, {args.variants} renders x best of {args.repeats}"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
