"""Puts the import suite's helpers (and the parser suite's corpus module) on ``sys.path``."""

import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
for folder in (HERE, HERE.parent / "parser", HERE.parent / "oracle"):
    if str(folder) not in sys.path:
        sys.path.insert(0, str(folder))
