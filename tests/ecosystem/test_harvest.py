"""scripts/toolset/harvest.py, which writes the toolset table from each tool's own help:
its help-text parsers, and that re-harvesting a tool of the recorded version on this
machine reproduces the committed row exactly."""

from __future__ import annotations

import importlib.util
import json
import shutil
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
_spec = importlib.util.spec_from_file_location("harvest", ROOT / "scripts" / "toolset" / "harvest.py")
assert _spec and _spec.loader
harvest = importlib.util.module_from_spec(_spec)
sys.modules["harvest"] = harvest  # dataclasses look their module up
_spec.loader.exec_module(harvest)

TABLE = {row["name"]: row for row in json.loads(harvest.TABLE.read_text())["tools"]}


def test_long_flags_read_git_negations_and_skip_words_inside_names():
    text = "    -v, --[no-]verbose    be verbose\n    --depth <n>   shallow\n  see foo--bar and --x\n"
    assert harvest.long_flags(text) == ["depth", "no-verbose", "verbose"]


def test_section_reads_the_indented_command_list_under_its_header():
    text = "Usage: pip <command>\n\nCommands:\n  install   Install.\n  download  Download.\n\nGeneral Options:\n  -h\n"
    assert harvest.section(text, r"commands:") == ["install", "download"]


def test_comma_list_stops_at_the_paragraph_after_the_list():
    text = "All commands:\n\n    access, adduser,\n    whoami\n\nSpecify configs in the ini-formatted file:\n    /root/.npmrc\n"
    assert harvest.comma_list(text, r"All commands:") == ["access", "adduser", "whoami"]


def test_go_flags_are_single_dash_lines():
    assert harvest.go_flags("\t-race\n\t\tenable races\n\t-o file\n\t-ldflags '[pattern=]arg list'\n") == [
        "ldflags",
        "race",
    ]


@pytest.mark.parametrize("name", ["tar", "cp", "chmod", "git", "make"])
def test_re_harvesting_an_installed_tool_of_the_recorded_version_reproduces_its_row(name):
    tool = next(t for t in harvest.TOOLS if t.name == name)
    if shutil.which(tool.exe) is None:
        pytest.skip(f"{tool.exe} is not installed here")
    row = harvest.harvest(tool)
    assert row is not None
    if row["version"] != TABLE[name]["version"]:
        pytest.skip(f"{name} here is {row['version']!r}, the table records {TABLE[name]['version']!r}")
    assert row == TABLE[name]
