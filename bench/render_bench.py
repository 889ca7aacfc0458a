"""Speed of rendering: docker-dsl (Rust core) vs docker-dsl 0.1.2 (pure Python).

Usage:
    .venv/bin/python bench/render_bench.py --oracle .venv-oracle/bin/python \
        [--runs N] [--variants N] [--warmup N] [--repeats N] [--json out.json]

Measures, in one run:

1. Cold CLI render of examples/seed_mounts.py with --private=true, one new process per run:
     ours   <venv>/bin/docker-dsl examples/seed_mounts.py --private=true   (cwd: the repo)
     0.1.2  <oracle python> -m docker_dsl seed_mounts --private=true      (cwd: a temp dir
            holding a copy of the recipe, since 0.1.2 only takes module names)
     bare   <venv>/bin/python -c pass                                      (the floor)
   One untimed warm-up round, then --runs rounds; each round runs the three commands
   back to back (the order rotates every round) so machine noise hits all of them alike.
   Every run's stdout must be the expected seed Dockerfile (empty for bare python).

2. In-process rendering: import the seed recipe module in each interpreter, render it
   --warmup times, then time --variants calls of Dockerfile(module).render(private=<bool>)
   with the bool alternating, --repeats times; ours runs in this process, 0.1.2 in a
   subprocess of the oracle interpreter. Both execute the same timing code (SNIPPET).

Prints a table to paste into a README, plus the machine and the command; --json writes
every sample. Exits non-zero when a tool is missing or an output differs. It is not a
test: the targets are reported, never asserted.
"""

from __future__ import annotations

import argparse
import datetime
import difflib
import importlib.metadata
import importlib.util
import json
import os
import platform
import shlex
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RECIPE = ROOT / "examples" / "seed_mounts.py"
RECIPE_REL = "examples/seed_mounts.py"
MODULE = "seed_mounts"

# Targets from the issue (reported, not enforced).
TARGET_CLI_RATIO = 1 / 5  # ours / 0.1.2, cold CLI
TARGET_CLI_OVER_BARE_MS = 15.0  # ours - bare python, cold CLI
TARGET_SPEEDUP = 50.0  # 0.1.2 / ours, in-process renders

EXPECTED_PRIVATE = (
    "# syntax=docker/dockerfile:1\n"
    "FROM python:3.13-slim AS base\n"
    "WORKDIR /app\n"
    "RUN --mount=type=bind,source=.,target=/app"
    " --mount=type=cache,target=/root/.cache/pip,sharing=shared \\\n"
    "  pip install --requirement requirements.txt\n"
    "RUN --mount=type=secret,id=pypi,target=/root/.netrc"
    " --mount=type=cache,target=/root/.cache/pip,sharing=shared \\\n"
    "  pip install --requirement requirements-private.txt\n"
)
EXPECTED_PUBLIC = (
    "# syntax=docker/dockerfile:1\n"
    "FROM python:3.13-slim AS base\n"
    "WORKDIR /app\n"
    "RUN --mount=type=bind,source=.,target=/app"
    " --mount=type=cache,target=/root/.cache/pip,sharing=shared \\\n"
    "  pip install --requirement requirements.txt\n"
)
EXPECTED = {True: EXPECTED_PRIVATE, False: EXPECTED_PUBLIC}

# The in-process timing code. It runs verbatim in this interpreter (ours) and in the
# oracle's (0.1.2), so both sides are measured by the same loop.
SNIPPET = r"""
import importlib, importlib.metadata, sys, time

def measure(recipe_dir, module_name, variants, warmup, repeats):
    sys.path.insert(0, recipe_dir)
    import docker_dsl
    from docker_dsl import Dockerfile

    module = importlib.import_module(module_name)
    render = Dockerfile(module).render
    texts = {"true": render(private=True), "false": render(private=False)}
    for i in range(warmup):
        render(private=i % 2 == 0)
    values = [i % 2 == 0 for i in range(variants)]
    totals = []
    last = None
    for _ in range(repeats):
        start = time.perf_counter_ns()
        for value in values:
            last = render(private=value)
        totals.append(time.perf_counter_ns() - start)
    return {
        "version": importlib.metadata.version("docker-dsl"),
        "package": docker_dsl.__file__,
        "python": sys.version.split()[0],
        "texts": texts,
        "last_value": values[-1] if values else None,
        "last_text": last,
        "totals_ns": totals,
    }
"""

ORACLE_MAIN = r"""
import json
_a = sys.argv[1:]
_r = measure(_a[0], _a[1], int(_a[2]), int(_a[3]), int(_a[4]))
sys.stdout.write("\n" + json.dumps(_r) + "\n")
"""


class BenchError(Exception):
    """A tool is missing, failed, or printed the wrong text."""


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def display_path(path: str | os.PathLike) -> str:
    """``path`` relative to the working directory when it lies below it."""
    text = os.fspath(path)
    try:
        rel = os.path.relpath(text)
    except ValueError:
        return text
    return text if rel.startswith("..") else rel


def text_diff(expected: str, actual: str, label: str) -> str:
    lines = difflib.unified_diff(
        expected.splitlines(keepends=True),
        actual.splitlines(keepends=True),
        "expected seed output",
        label,
    )
    return "".join(lines) or f"(texts differ only in line endings)\n{actual!r}"


def check_text(label: str, actual: str, expected: str) -> None:
    if actual != expected:
        raise BenchError(f"{label} printed a different Dockerfile:\n{text_diff(expected, actual, label)}")


# ---------------------------------------------------------------------------- tools


class Tools:
    def __init__(self, oracle: str, workdir: Path) -> None:
        self.python = sys.executable
        self.console = str(Path(sys.executable).parent / "docker-dsl")
        self.oracle = os.path.abspath(oracle)
        self.workdir = workdir
        self.env = dict(os.environ)
        # A PYTHONPATH could make one interpreter import the other's package.
        for name in ("PYTHONPATH", "PYTHONHOME", "PYTHONSTARTUP"):
            self.env.pop(name, None)

    def check(self) -> tuple[str, str]:
        """Fail unless both tools are present; return (ours version, 0.1.2 version)."""
        if not RECIPE.is_file():
            raise BenchError(f"the seed recipe {RECIPE} is missing")
        if importlib.util.find_spec("docker_dsl") is None:
            raise BenchError(f"{sys.executable} cannot import docker_dsl; run `make dev` first")
        if importlib.util.find_spec("docker_dsl._native") is None:
            raise BenchError(
                f"{sys.executable} imports a docker_dsl without the Rust extension "
                "(docker_dsl._native); run this script with the project venv after `make dev`"
            )
        ours = importlib.metadata.version("docker-dsl")
        if not os.access(self.console, os.X_OK):
            raise BenchError(f"our console script {self.console} is missing; run `make dev` first")
        if not os.access(self.oracle, os.X_OK) or os.path.isdir(self.oracle):
            raise BenchError(f"the oracle interpreter {self.oracle} is missing; run `make oracle` first")
        probe = subprocess.run(
            [self.oracle, "-c", "import importlib.metadata as m; print(m.version('docker-dsl'))"],
            check=False,
            capture_output=True,
            text=True,
            env=self.env,
            cwd=self.workdir,
        )
        if probe.returncode != 0:
            raise BenchError(
                f"{self.oracle} cannot report a docker-dsl version; run `make oracle` first\n"
                f"({(probe.stderr.strip().splitlines() or ['no output'])[-1]})"
            )
        oracle = probe.stdout.strip()
        if oracle != "0.1.2":
            raise BenchError(f"{self.oracle} has docker-dsl {oracle}, expected 0.1.2 (`make oracle`)")
        return ours, oracle

    def cli_commands(self) -> dict[str, tuple[list[str], Path, str]]:
        """name -> (argv, cwd, expected stdout)."""
        return {
            "ours": ([self.console, RECIPE_REL, "--private=true"], ROOT, EXPECTED_PRIVATE),
            "0.1.2": (
                [self.oracle, "-m", "docker_dsl", MODULE, "--private=true"],
                self.workdir,
                EXPECTED_PRIVATE,
            ),
            "bare": ([self.python, "-c", "pass"], ROOT, ""),
        }


# ---------------------------------------------------------------------------- cold CLI


def run_once(name: str, argv: list[str], cwd: Path, env: dict[str, str]) -> tuple[int, str]:
    """Run one command; return its wall time in ns and its stdout, failing on a non-zero exit."""
    start = time.perf_counter_ns()
    proc = subprocess.run(argv, check=False, cwd=cwd, env=env, stdin=subprocess.DEVNULL, capture_output=True)
    elapsed = time.perf_counter_ns() - start
    if proc.returncode != 0:
        raise BenchError(
            f"{name}: `{shlex.join(argv)}` (cwd {cwd}) exited with {proc.returncode}:\n"
            f"{proc.stderr.decode(errors='replace').strip()}"
        )
    return elapsed, proc.stdout.decode(errors="replace")


def bench_cli(tools: Tools, runs: int) -> dict[str, list[int]]:
    commands = tools.cli_commands()
    names = list(commands)
    samples: dict[str, list[int]] = {name: [] for name in names}
    log("cold CLI: warm-up round (untimed, checks every output)")
    first = {name: run_once(name, commands[name][0], commands[name][1], tools.env)[1] for name in names}
    if first["ours"] != first["0.1.2"]:
        raise BenchError(
            "ours and 0.1.2 print different Dockerfiles for the seed recipe:\n"
            + text_diff(first["0.1.2"], first["ours"], "ours").replace("expected seed output", "0.1.2", 1)
        )
    if first["ours"] != EXPECTED_PRIVATE:
        raise BenchError(
            "ours and 0.1.2 agree, but not with the seed output this script expects "
            "(did examples/seed_mounts.py change? update EXPECTED_* in bench/render_bench.py):\n"
            + text_diff(EXPECTED_PRIVATE, first["ours"], "both tools")
        )
    check_text("bare python", first["bare"], "")
    for round_no in range(runs):
        shift = round_no % len(names)
        for name in names[shift:] + names[:shift]:
            argv, cwd, expected = commands[name]
            elapsed, stdout = run_once(name, argv, cwd, tools.env)
            check_text(f"{name} (`{shlex.join(argv)}`)", stdout, expected)
            samples[name].append(elapsed)
        if (round_no + 1) % 5 == 0 or round_no + 1 == runs:
            log(f"cold CLI: {round_no + 1}/{runs} rounds")
    return samples


# ---------------------------------------------------------------------------- in process


def check_render_result(label: str, result: dict) -> None:
    check_text(f"{label} render(private=True)", result["texts"]["true"], EXPECTED_PRIVATE)
    check_text(f"{label} render(private=False)", result["texts"]["false"], EXPECTED_PUBLIC)
    if result["last_value"] is not None:
        value = result["last_value"]
        check_text(f"{label} render(private={value}) in the timed loop", result["last_text"], EXPECTED[value])


def bench_in_process(tools: Tools, variants: int, warmup: int, repeats: int) -> dict[str, dict]:
    log(f"in-process: ours, {repeats} x {variants} renders")
    namespace: dict = {"__name__": "render_bench_snippet"}
    exec(compile(SNIPPET, "<render_bench snippet>", "exec"), namespace)  # noqa: S102 (our own code)
    try:
        ours = namespace["measure"](str(tools.workdir), MODULE, variants, warmup, repeats)
    except Exception as err:
        raise BenchError(
            f"ours: rendering the seed recipe in process failed: {type(err).__name__}: {err}"
        ) from err

    log(f"in-process: 0.1.2, {repeats} x {variants} renders (subprocess)")
    argv = [tools.oracle, "-c", SNIPPET + ORACLE_MAIN, str(tools.workdir), MODULE]
    argv += [str(variants), str(warmup), str(repeats)]
    proc = subprocess.run(argv, check=False, cwd=tools.workdir, env=tools.env, capture_output=True, text=True)
    if proc.returncode != 0:
        raise BenchError(f"the 0.1.2 timing subprocess exited with {proc.returncode}:\n{proc.stderr.strip()}")
    lines = [line for line in proc.stdout.splitlines() if line.strip()]
    try:
        oracle = json.loads(lines[-1])
    except (IndexError, json.JSONDecodeError) as err:
        raise BenchError(f"cannot parse the 0.1.2 timing output ({err}):\n{proc.stdout[-2000:]}") from None
    if oracle["version"] != "0.1.2":
        raise BenchError(
            f"the timing subprocess imported docker-dsl {oracle['version']} from {oracle['package']}"
        )
    for key in ("true", "false"):
        if ours["texts"][key] != oracle["texts"][key]:
            raise BenchError(
                f"ours and 0.1.2 render private={key} differently in process:\n"
                + text_diff(oracle["texts"][key], ours["texts"][key], "ours").replace(
                    "expected seed output", "0.1.2", 1
                )
            )
    check_render_result("ours", ours)
    check_render_result("0.1.2", oracle)
    return {"ours": ours, "0.1.2": oracle}


# ---------------------------------------------------------------------------- report


def summary_ms(samples_ns: list[int]) -> dict[str, float]:
    ms = [s / 1e6 for s in samples_ns]
    return {"median": statistics.median(ms), "min": min(ms), "max": max(ms)}


def machine_info(oracle_python: str) -> dict[str, object]:
    cpu = platform.processor() or platform.machine()
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as handle:
            for line in handle:
                if line.startswith("model name"):
                    cpu = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    try:
        nproc = len(os.sched_getaffinity(0))
    except AttributeError:
        nproc = os.cpu_count()
    return {
        "nproc": nproc,
        "cpu": cpu,
        "platform": platform.platform(),
        "python": platform.python_version(),
        "oracle_python": oracle_python,
    }


def met(ok: bool) -> str:
    return "met" if ok else "NOT met"


def report(result: dict) -> str:
    cli = result["cli"]
    ours, old, bare = cli["ours"], cli["0.1.2"], cli["bare"]
    inproc = result["in_process"]
    ratio = result["cli_ratio"]
    over = result["cli_over_bare_ms"]
    speedup = result["speedup"]
    n = result["params"]["variants"]
    runs = result["params"]["runs"]
    repeats = result["params"]["repeats"]

    def span(s: dict[str, float]) -> str:
        return f"{s['median']:.1f} ({s['min']:.1f}–{s['max']:.1f})"

    rows = [
        ("", f"ours {result['versions']['ours']}", "0.1.2", "bare python", "result", "target"),
        (
            f"cold CLI render, ms: median (min–max) of {runs}",
            span(ours),
            span(old),
            span(bare),
            f"ours/0.1.2 = {ratio:.2f}×; ours − bare = {over:+.1f} ms",
            f"≤ 0.20× ({met(ratio <= TARGET_CLI_RATIO)}); ≤ 15 ms ({met(over <= TARGET_CLI_OVER_BARE_MS)})",
        ),
        (
            f"{n:,} in-process renders, ms (median of {repeats})",
            f"{inproc['ours']['median_ms']:.1f}",
            f"{inproc['0.1.2']['median_ms']:.1f}",
            "–",
            f"{speedup:.0f}× faster",
            f"≥ 50× ({met(speedup >= TARGET_SPEEDUP)})",
        ),
        (
            "per render, µs",
            f"{inproc['ours']['per_render_us']:.1f}",
            f"{inproc['0.1.2']['per_render_us']:.1f}",
            "–",
            "",
            "",
        ),
    ]
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    lines = []
    for index, row in enumerate(rows):
        lines.append("| " + " | ".join(cell.ljust(widths[i]) for i, cell in enumerate(row)) + " |")
        if index == 0:
            lines.append("|" + "|".join("-" * (w + 2) for w in widths) + "|")
    m = result["machine"]
    lines += [
        "",
        (
            f"machine: {m['nproc']} CPUs ({m['cpu']}), {m['platform']}; "
            f"python {m['python']} (ours), {m['oracle_python']} (0.1.2)"
        ),
        f"date: {result['date']}",
        f"command: {result['command']}",
    ]
    return "\n".join(lines)


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description="Render speed: docker-dsl (Rust core) vs docker-dsl 0.1.2.",
    )
    parser.add_argument("--oracle", required=True, help="python of a venv with docker-dsl 0.1.2")
    parser.add_argument("--runs", type=int, default=20, help="cold CLI runs per command (>= 10, default 20)")
    parser.add_argument(
        "--variants", type=int, default=1000, help="in-process renders per timed loop (default 1000)"
    )
    parser.add_argument(
        "--warmup", type=int, default=100, help="untimed in-process renders first (default 100)"
    )
    parser.add_argument(
        "--repeats", type=int, default=5, help="timed in-process loops; the median counts (default 5)"
    )
    parser.add_argument("--json", type=Path, default=None, help="also write every sample to this file")
    args = parser.parse_args(argv)
    if args.runs < 10:
        parser.error("--runs must be at least 10")
    if args.variants < 1 or args.repeats < 1 or args.warmup < 0:
        parser.error("--variants and --repeats must be positive, --warmup not negative")
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    script = [display_path(sys.argv[0])] if argv is None else [display_path(__file__), *argv]
    command = shlex.join([display_path(sys.executable), *script, *(sys.argv[1:] if argv is None else [])])
    with tempfile.TemporaryDirectory(prefix="docker-dsl-bench-") as tmp:
        workdir = Path(tmp)
        shutil.copyfile(RECIPE, workdir / f"{MODULE}.py")
        tools = Tools(args.oracle, workdir)
        try:
            ours_version, oracle_version = tools.check()
            cli_samples = bench_cli(tools, args.runs)
            inproc = bench_in_process(tools, args.variants, args.warmup, args.repeats)
        except BenchError as err:
            print(f"render_bench: error: {err}", file=sys.stderr)
            return 1

    cli = {name: summary_ms(samples) for name, samples in cli_samples.items()}
    in_process = {}
    for name, res in inproc.items():
        totals_ms = [t / 1e6 for t in res["totals_ns"]]
        median_ms = statistics.median(totals_ms)
        in_process[name] = {
            "median_ms": median_ms,
            "min_ms": min(totals_ms),
            "max_ms": max(totals_ms),
            "per_render_us": median_ms * 1000 / args.variants,
            "totals_ms": totals_ms,
            "package": res["package"],
            "python": res["python"],
        }
    result = {
        "date": datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "command": command,
        "machine": machine_info(inproc["0.1.2"]["python"]),
        "versions": {"ours": ours_version, "0.1.2": oracle_version},
        "params": {
            "runs": args.runs,
            "variants": args.variants,
            "warmup": args.warmup,
            "repeats": args.repeats,
        },
        "commands": {
            "ours": shlex.join([display_path(tools.console), RECIPE_REL, "--private=true"]),
            "0.1.2": shlex.join([display_path(tools.oracle), "-m", "docker_dsl", MODULE, "--private=true"]),
            "bare": shlex.join([display_path(tools.python), "-c", "pass"]),
        },
        "cli": cli,
        "cli_samples_ms": {name: [s / 1e6 for s in samples] for name, samples in cli_samples.items()},
        "cli_ratio": cli["ours"]["median"] / cli["0.1.2"]["median"],
        "cli_over_bare_ms": cli["ours"]["median"] - cli["bare"]["median"],
        "in_process": in_process,
        "speedup": in_process["0.1.2"]["median_ms"] / in_process["ours"]["median_ms"],
        "targets": {
            "cli_ratio_max": TARGET_CLI_RATIO,
            "cli_over_bare_ms_max": TARGET_CLI_OVER_BARE_MS,
            "speedup_min": TARGET_SPEEDUP,
        },
    }
    result["targets_met"] = {
        "cli_ratio": result["cli_ratio"] <= TARGET_CLI_RATIO,
        "cli_over_bare": result["cli_over_bare_ms"] <= TARGET_CLI_OVER_BARE_MS,
        "speedup": result["speedup"] >= TARGET_SPEEDUP,
    }

    print(report(result))
    print()
    for name, text in result["commands"].items():
        print(f"  {name:<6} {text}")
    if args.json is not None:
        args.json.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
        print(f"wrote {args.json}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
