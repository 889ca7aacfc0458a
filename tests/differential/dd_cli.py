"""Run our CLI as a user would, in a subprocess.

Two spellings must agree: the ``docker-dsl`` console script and
``python -m docker_dsl``. The console script is ``$DOCKER_DSL_CLI`` when set,
else the one beside the pytest interpreter (the project venv's ``bin/``), else
the first on PATH.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

ENV_VAR = "DOCKER_DSL_CLI"


class CliMissing(RuntimeError):
    """No ``docker-dsl`` console script of ours was found."""


def console_script() -> Path:
    configured = os.environ.get(ENV_VAR)
    if configured:
        found = Path(configured)
        if not found.exists():
            raise CliMissing(f"${ENV_VAR}={configured} does not exist")
        return found
    beside = shutil.which("docker-dsl", path=str(Path(sys.executable).parent))
    found_on_path = beside or shutil.which("docker-dsl")
    if not found_on_path:
        raise CliMissing(
            f"no docker-dsl console script beside {sys.executable} nor on PATH; "
            f"install the project into this venv or set ${ENV_VAR}"
        )
    found = Path(found_on_path)
    if "venv012" in str(found) or ".venv-oracle" in str(found):
        raise CliMissing(f"{found} is the 0.1.2 oracle's console script, not ours")
    return found


def clean_env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTHONHOME")}
    env["PYTHONIOENCODING"] = "utf-8"
    return env


def run(argv: list[str], cwd: Path, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    """Run ``argv``; stdout and stderr decoded as UTF-8 with no newline translation."""
    done = subprocess.run(argv, cwd=cwd, capture_output=True, env=clean_env(), timeout=timeout, check=False)
    return subprocess.CompletedProcess(
        done.args,
        done.returncode,
        done.stdout.decode("utf-8", errors="replace"),
        done.stderr.decode("utf-8", errors="replace"),
    )


def docker_dsl(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    """``docker-dsl ARGS...``"""
    return run([str(console_script()), *args], cwd)


def python_m(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    """``python -m docker_dsl ARGS...`` with the pytest interpreter."""
    return run([sys.executable, "-m", "docker_dsl", *args], cwd)
