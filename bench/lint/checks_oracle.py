"""Docker's build checks against ours on corpus files: `docker buildx build --call=check`.

Usage: eval "$(scripts/engine/modern.sh env)"; .venv/bin/python bench/lint/checks_oracle.py [--count N]

Takes the first N corpus files (index order) on which our `check` category reports something,
rewrites every FROM of an image to the local `docker-dsl-test/busybox:1` (so metadata
resolves offline; flags and `AS name` are kept, FROM lines naming earlier stages too), and
compares the (check name, line) pairs of the rules we implement. Files where Docker stops
with a build error (it then skips the later checks) are counted apart. A report, not a test.
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "parse"))
from run import default_corpus  # bench/parse/run.py: where the corpus is

DOCKER_DSL = str(Path(sys.executable).parent / "docker-dsl")
FROM = re.compile(r"^(\s*FROM\s+)((?:--\S+\s+)*)(\S+)(.*)$", re.IGNORECASE)


def implemented_checks() -> set[str]:
    rules = subprocess.run([DOCKER_DSL, "rules"], capture_output=True, text=True, check=True).stdout
    return {line.split()[1] for line in rules.splitlines() if line.split()[2] == "check"}


def local_bases(text: str) -> str:
    """`text` with each FROM of an image on the local base image."""
    stages: set[str] = set()
    out = []
    for line in text.splitlines():
        match = FROM.match(line)
        if match:
            head, flags, image, rest = match.groups()
            if image.lower() not in stages:
                line = f"{head}{flags}docker-dsl-test/busybox:1{rest}"
            name = re.search(r"\bAS\s+(\S+)", rest, re.IGNORECASE)
            if name:
                stages.add(name.group(1).lower())
        out.append(line)
    return "\n".join(out) + "\n"


def ours(path: Path, wanted: set[str]) -> set[tuple[str, int]] | None:
    proc = subprocess.run(
        [DOCKER_DSL, "lint", str(path), "--select", "check", "--format", "json"],
        capture_output=True,
        text=True,
        check=False,
    )
    if proc.returncode not in (0, 1):
        return None
    return {(f["name"], f["line"]) for f in json.loads(proc.stdout)["findings"] if f["name"] in wanted}


def theirs(context: Path, wanted: set[str]) -> tuple[set[tuple[str, int]], bool]:
    proc = subprocess.run(
        ["docker", "buildx", "build", "--call=check,format=json", str(context)],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    report = json.loads(proc.stdout or "{}")
    found = {
        (w["ruleName"], w["location"]["ranges"][0]["start"]["line"])
        for w in report.get("warnings") or []
        if w["ruleName"] in wanted and w.get("location", {}).get("ranges")
    }
    return found, bool(report.get("buildError")) or not proc.stdout


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=default_corpus())
    parser.add_argument("--count", type=int, default=30)
    args = parser.parse_args()
    wanted = implemented_checks()
    index = (args.corpus / "INDEX.tsv").read_text(encoding="utf-8").splitlines()[1:]
    agree = differ = stopped = 0
    with tempfile.TemporaryDirectory() as tmp:
        context = Path(tmp)
        dockerfile = context / "Dockerfile"
        for line in index:
            if agree + differ >= args.count:
                break
            source = args.corpus / line.split("\t")[0]
            try:
                dockerfile.write_text(local_bases(source.read_text(encoding="utf-8")))
            except (OSError, UnicodeDecodeError):
                continue
            mine = ours(dockerfile, wanted)
            if not mine:
                continue
            found, error = theirs(context, wanted)
            if error:
                stopped += 1
                continue
            if found == mine:
                agree += 1
            else:
                differ += 1
                print(
                    f"DIFFER {source}: only ours {sorted(mine - found)}, only Docker's {sorted(found - mine)}"
                )
    print(
        f"{agree} of {agree + differ} files agree exactly; {stopped} more where Docker stopped on a build error"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
