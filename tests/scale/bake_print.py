"""buildx's own reading of a bake file: `docker buildx bake --file F --print`."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path


def bake_print_targets(bake_file: Path, env: dict[str, str], cwd: Path) -> dict[str, dict]:
    """The targets buildx reads from `bake_file` (it must accept the file)."""
    printed = subprocess.run(
        ["docker", "buildx", "bake", "--file", str(bake_file), "--print"],
        capture_output=True,
        text=True,
        env=env,
        cwd=cwd,
        check=False,
    )
    assert printed.returncode == 0, printed.stderr
    return json.loads(printed.stdout)["target"]
