"""Puts the import suite's helpers (and the parser suite's corpus module) on ``sys.path``."""

import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
for folder in (HERE, HERE.parent / "parser", HERE.parent / "oracle"):
    if str(folder) not in sys.path:
        sys.path.insert(0, str(folder))


def pytest_terminal_summary(terminalreporter) -> None:
    """One loud line when test_import_engine.py did not run for lack of an engine."""
    engine_proof = sys.modules.get("test_import_engine")
    for line in getattr(engine_proof, "SKIPPED", [])[:1]:
        terminalreporter.write_line(line, yellow=True, bold=True)
