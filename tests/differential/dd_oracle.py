"""docker-dsl 0.1.2, the test oracle, run in its own interpreter.

The oracle lives in a separate venv because 0.1.2 would shadow our
``docker_dsl``. ``oracle_python`` finds that venv's interpreter: the
``DOCKER_DSL_ORACLE_PYTHON`` environment variable, else
``<repo>/.venv-oracle/bin/python``. When neither exists the tests fail, and say
how to make it.
"""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

from dd_recipes import REPO

DRIVER = REPO / "tests" / "oracle" / "render_012.py"
ENV_VAR = "DOCKER_DSL_ORACLE_PYTHON"
DEFAULT = REPO / ".venv-oracle" / "bin" / "python"
CREATE = (
    "python3 -m venv .venv-oracle && .venv-oracle/bin/pip install --ignore-requires-python docker-dsl==0.1.2"
)


class OracleMissing(RuntimeError):
    """The 0.1.2 interpreter is not there."""


def oracle_python() -> Path:
    configured = os.environ.get(ENV_VAR)
    path = Path(configured) if configured else DEFAULT
    if not path.exists():
        source = f"${ENV_VAR}={configured}" if configured else f"{DEFAULT} (set ${ENV_VAR} to use another)"
        raise OracleMissing(
            f"the docker-dsl 0.1.2 oracle interpreter does not exist: {source}.\n"
            f"Create it from the repository root ({REPO}) with:\n    {CREATE}"
        )
    return path


def oracle_cli() -> Path:
    """The 0.1.2 console script beside the oracle interpreter."""
    return oracle_python().parent / "docker-dsl"


def render_all(recipes_dir: Path, modules: list[str] | None = None) -> dict[str, list[str | None]]:
    """Render recipes with 0.1.2 in one subprocess: {module: [text | None, ...]}."""
    argv = [str(oracle_python()), str(DRIVER), str(recipes_dir), *(modules or [])]
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTHONHOME")}
    done = subprocess.run(
        argv, capture_output=True, text=True, env=env, cwd=recipes_dir, timeout=300, check=False
    )
    if done.returncode != 0:
        raise RuntimeError(f"oracle driver failed ({done.returncode}): {' '.join(argv)}\n{done.stderr}")
    try:
        result = json.loads(done.stdout)
    except json.JSONDecodeError as error:
        raise RuntimeError(
            f"oracle driver printed no JSON ({error}):\n{done.stdout[:2000]}\n{done.stderr}"
        ) from error
    result["__stderr__"] = done.stderr  # type: ignore[assignment]
    return result
