"""Docker's own build checks as an oracle: `docker buildx build --call=check,format=json`
on the modern engine (scripts/engine/modern.sh), on a Dockerfile made to resolve offline.
Shared by tests/lint/test_lint_checks.py and bench/lint/check_sample.py."""

from __future__ import annotations

import json
import os
import re
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
MODERN_SH = Path(os.environ.get("DOCKER_DSL_MODERN_SH", ROOT / "scripts" / "engine" / "modern.sh"))
BASE_REPOSITORY = "docker-dsl-test/busybox"
BASE_IMAGE = f"{BASE_REPOSITORY}:1"
_FROM_LINE = re.compile(r"^(\s*from\s+)((?:--\S+\s+)*)(\S+)(.*)$", re.IGNORECASE)
_STAGE_NAME = re.compile(r"\s+as\s+(\S+)", re.IGNORECASE)
_SYNTAX_PIN = re.compile(r"^#\s*syntax\s*=", re.IGNORECASE)


def offline(text: str) -> str:
    """`text` made to check offline, line for line: every FROM image that is not an
    earlier stage and does not already name the local base image's repository (as the
    fixtures do, some through build arguments) becomes the local base image, and a `# syntax=` pin (a frontend image
    that cannot be pulled) becomes a plain comment, so the built-in frontend checks it."""
    stages: set[str] = set()
    out = []
    for line in text.split("\n"):
        match = _FROM_LINE.match(line)
        if match:
            start, flags, image, rest = match.groups()
            if image.lower() not in stages and BASE_REPOSITORY not in image:
                line = f"{start}{flags}{BASE_IMAGE}{rest}"
            named = _STAGE_NAME.match(rest)
            if named:
                stages.add(named.group(1).lower())
        elif _SYNTAX_PIN.match(line):
            line = "# frontend pin removed for the offline check"
        out.append(line)
    return "\n".join(out)


def engine_running() -> str:
    """Why the modern engine cannot answer, or "" when it runs."""
    if not MODERN_SH.is_file():
        return f"no {MODERN_SH} (the modern engine's script)"
    status = subprocess.run(["bash", str(MODERN_SH), "status"], capture_output=True, text=True, check=False)
    if status.returncode != 0:
        return f"modern engine not running ({MODERN_SH} start): {status.stderr.strip()}"
    return ""


def engine_env() -> dict[str, str]:
    """This process's environment with the modern engine's DOCKER_HOST."""
    status = subprocess.run(["bash", str(MODERN_SH), "env"], capture_output=True, text=True, check=True)
    env = dict(os.environ)
    for line in status.stdout.splitlines():
        if line.startswith("export ") and "=" in line:
            name, value = line.removeprefix("export ").split("=", 1)
            env[name] = value.strip("'\"")
    return env


def docker_checks(directory: Path, env: dict[str, str]) -> tuple[dict[tuple[str, int], str], str]:
    """Docker's findings for `directory`/Dockerfile, (check name, line) to Docker's message,
    and the error that stopped its checks ("" when none). Raises when no report came back."""
    proc = subprocess.run(
        ["docker", "buildx", "build", "--call=check,format=json", str(directory)],
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
        check=False,
    )
    if not proc.stdout.strip():
        raise RuntimeError(f"no check report from the engine: {proc.stderr[-2000:]}")
    report = json.loads(proc.stdout)
    found = {
        (w["ruleName"], w["location"]["ranges"][0]["start"]["line"]): w["detail"]
        for w in report.get("warnings") or []
    }
    return found, (report.get("buildError") or {}).get("message", "")
