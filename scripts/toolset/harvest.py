"""Builds crates/stubs/data/toolset.json, the table behind the run builder's typed stubs.

For each tool of the container toolset it asks the tool itself: the subcommand list
from its help (or its own listing command), then each subcommand's ``--help`` for
that subcommand's long flags. A tool that is not installed keeps its row from the
current table, so a partial machine refreshes what it has and loses nothing.

    python3 scripts/toolset/harvest.py            # rewrite the table
    make stubs                                    # then regenerate the .pyi from it

The table, not this machine, is what the stubs are generated from: the .pyi is a
pure function of the committed JSON (``docker-dsl stubs``), and a test checks that
the shipped stub equals it.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
TABLE = ROOT / "crates" / "stubs" / "data" / "toolset.json"

# `--name`, `--[no-]name` (git), `--name=VALUE`; never inside a longer word.
LONG_FLAG = re.compile(r"(?<![\w-])--(\[no-\])?([a-z0-9][a-z0-9-]*[a-z0-9])")
# Go's flag package: `-name` at the start of an indented help line.
GO_FLAG = re.compile(r"^\s+-([a-z][a-z0-9-]*[a-z0-9])\b", re.MULTILINE)


def run(argv: list[str]) -> str:
    """The combined output of ``argv`` (help texts go to either stream), English, no pager."""
    env = dict(os.environ, LC_ALL="C", LANG="C", PAGER="cat", GIT_PAGER="cat", NO_COLOR="1", TERM="dumb")
    try:
        done = subprocess.run(argv, capture_output=True, text=True, env=env, timeout=60, check=False)
    except (OSError, subprocess.TimeoutExpired):
        return ""
    return done.stdout + done.stderr


def long_flags(text: str) -> list[str]:
    """Every long flag `text` mentions, `--[no-]x` giving both `x` and `no-x`."""
    flags: set[str] = set()
    for negatable, name in LONG_FLAG.findall(text):
        flags.add(name)
        if negatable:
            flags.add(f"no-{name}")
    return sorted(flags)


def go_flags(text: str) -> list[str]:
    """Go tools document `-flag` (the flag package accepts `--flag` too)."""
    return sorted(set(GO_FLAG.findall(text)))


def section(text: str, header: str, indented: bool = True) -> list[str]:
    """First words of the (indented) lines under the line matching `header`, up to a blank gap."""
    lines = text.splitlines()
    start = next((i for i, line in enumerate(lines) if re.match(header, line.strip(), re.IGNORECASE)), None)
    if start is None:
        return []
    names: list[str] = []
    for line in lines[start + 1 :]:
        if not line.strip():
            if names:
                break
            continue
        if indented and not line[0].isspace():
            break
        word = line.split()[0].rstrip(",:")
        if re.fullmatch(r"[a-z][a-z0-9-]*", word):
            names.append(word)
    return names


def comma_list(text: str, header: str) -> list[str]:
    """A comma-separated list under `header` (npm's "All commands:")."""
    match = re.search(header + r"[ \t]*\n(?:[ \t]*\n)*((?:[ \t]+\S.*\n)+)", text)
    if not match:
        return []
    return [w.strip() for w in match.group(1).replace("\n", " ").split(",") if w.strip()]


@dataclass
class Tool:
    """How to ask one tool for its subcommands and flags."""

    name: str
    version: list[str]
    help: list[str] = field(default_factory=lambda: ["--help"])
    subcommands: Callable[[str], list[str]] | None = None
    sub_help: Callable[[str], list[str]] = lambda sub: [sub, "--help"]
    flags: Callable[[str], list[str]] = long_flags
    binary: str | None = None
    finish: Callable[[dict[str, object]], None] | None = None

    @property
    def exe(self) -> str:
        return self.binary or self.name


def under(header: str, indented: bool = True) -> Callable[[str], list[str]]:
    return lambda text: section(text, header, indented)


def go_build_flags(row: dict[str, object]) -> None:
    """`go help build` documents the build flags that build, clean, get, install, list, run
    and test share; the other pages only point to it."""
    subs = row["subcommands"]
    assert isinstance(subs, dict)
    for sub in ("clean", "get", "install", "list", "run", "test"):
        if sub in subs:
            subs[sub] = sorted(set(subs[sub]) | set(subs["build"]))


def listing(argv: list[str], parse: Callable[[str], list[str]]) -> Callable[[str], list[str]]:
    """Subcommands from a separate listing command rather than from `--help`."""
    return lambda _help: parse(run(argv))


TOOLS: list[Tool] = [
    Tool("pip", ["--version"], subcommands=under(r"commands:")),
    Tool("uv", ["--version"], subcommands=under(r"commands:")),
    Tool(
        "poetry",
        ["--version"],
        help=["list", "--no-ansi"],
        subcommands=lambda text: section(text, r"available commands:"),
        sub_help=lambda sub: [sub, "--help", "--no-ansi"],
    ),
    Tool("npm", ["--version"], help=["help"], subcommands=lambda t: comma_list(t, r"All commands:")),
    Tool(
        "go",
        ["version"],
        help=["help"],
        subcommands=under(r"the commands are:"),
        sub_help=lambda sub: ["help", sub],
        flags=go_flags,
        finish=go_build_flags,
    ),
    Tool(
        "cargo",
        ["--version"],
        subcommands=listing(["cargo", "--list"], under(r"installed commands:")),
    ),
    Tool("apt", ["--version"], subcommands=under(r"(most used )?commands:")),
    Tool("apt-get", ["--version"], subcommands=under(r"(most used )?commands:")),
    Tool("dnf", ["--version"], help=["help"], subcommands=under(r"list of main commands:", indented=False)),
    Tool(
        "git",
        ["--version"],
        subcommands=listing(
            [
                "git",
                (
                    "--list-cmds=list-mainporcelain,list-ancillarymanipulators,"
                    "list-ancillaryinterrogators,list-synchingrepositories"
                ),
            ],
            lambda text: text.split(),
        ),
        sub_help=lambda sub: [sub, "-h"],
    ),
    Tool("curl", ["--version"], help=["--help", "all"]),
    Tool("wget", ["--version"]),
    Tool("tar", ["--version"]),
    Tool("make", ["--version"]),
    Tool("cmake", ["--version"]),
    Tool("gcc", ["--version"], help=["--help", "-v"]),
    Tool("python", ["--version"], binary="python3", help=["--help-all"]),
    Tool("python3", ["--version"], help=["--help-all"]),
    Tool("node", ["--version"]),
    Tool("sh", ["--version"], binary="bash"),
    Tool("bash", ["--version"]),
    Tool("chmod", ["--version"]),
    Tool("chown", ["--version"]),
    Tool("mkdir", ["--version"]),
    Tool("cp", ["--version"]),
    Tool("mv", ["--version"]),
    Tool("rm", ["--version"]),
    Tool("ln", ["--version"]),
    Tool("useradd", []),
    Tool("groupadd", []),
]
"""The tools asked directly. A tool not installed here keeps its committed row."""

CURATED = Path(__file__).with_name("curated.json")
"""Rows for tools with no Debian or PyPI package (apk, microdnf, pnpm, dotnet), or whose
package does not run on it (Debian's yarnpkg under this Node), written
from their reference documentation and named as such in each row's ``source``."""


def harvest(tool: Tool) -> dict[str, object] | None:
    """The tool's row, or None when it is not installed."""
    exe = shutil.which(tool.exe)
    if exe is None:
        return None
    version = run([exe, *tool.version]).strip().splitlines() if tool.version else []
    top = run([exe, *tool.help])
    row: dict[str, object] = {
        "name": tool.name,
        "version": version[0] if version else "",
        "source": " ".join([tool.exe, *tool.help]),
    }
    if tool.subcommands is None:
        row["flags"] = tool.flags(top)
        return row
    subs = sorted(set(tool.subcommands(top)))
    row["flags"] = []
    row["subcommands"] = {sub: tool.flags(run([exe, *tool.sub_help(sub)])) for sub in subs}
    if tool.finish is not None:
        tool.finish(row)
    return row


def main() -> int:
    old = {row["name"]: row for row in json.loads(TABLE.read_text())["tools"]} if TABLE.exists() else {}
    rows = []
    for tool in TOOLS:
        row = harvest(tool)
        if row is None:
            if tool.name not in old:
                print(f"harvest: {tool.exe} is not installed and has no committed row", file=sys.stderr)
                return 1
            print(f"harvest: {tool.exe} not installed, keeping its committed row", file=sys.stderr)
            row = old[tool.name]
        rows.append(row)
    rows.extend(json.loads(CURATED.read_text())["tools"])
    rows.sort(key=lambda row: str(row["name"]))
    table = {
        "about": "The container toolset's subcommands and long flags, from each tool's own help "
        "(scripts/toolset/harvest.py). The run builder's stubs are generated from this table: make stubs.",
        "tools": rows,
    }
    TABLE.parent.mkdir(parents=True, exist_ok=True)
    TABLE.write_text(json.dumps(table, indent=1, sort_keys=False) + "\n")
    print(f"harvest: {len(rows)} tools -> {TABLE.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
