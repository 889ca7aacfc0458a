"""With ``directives(escape="`")`` the values still reach the engine as the recipe wrote them.

BuildKit's lexer takes the file's escape character for quoting too, not only
for line continuations: under ``# escape=``` `` a ``\\"`` inside double quotes
is a backslash and the end of the quote. The recipe below sets values with
quotes, backslashes, backticks and a ``literal()`` dollar; the test renders it
for Docker 20.10's built-in frontend (no ``# syntax=`` line), builds it, and
compares ``docker inspect`` (Env, Labels, WorkingDir) and the copied file
with what the recipe said. A negative control builds the same values written
with backslash escapes under the backtick directive, and shows the engine
reading them differently, so the check can fail.
"""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
import uuid
from pathlib import Path

ENV = {
    "Q_DQUOTE": 'say "hi"',
    "Q_BACKSLASH": "C:\\dir\\x",
    "Q_TRAILING_BS": "ends with \\",
    "Q_BACKTICK": "a`b `c` d",
    "Q_MIXED": '\\"mixed\' `"',
}
LITERAL = "cost $5 and ${HOME}"
LABELS = {'quote"key': 'it\'s "q"', "tick`key": "x`y"}
WORKDIR = "/w d/it's `q`"
COPIED = 'it\'s "q" `t`'

RECIPE = textwrap.dedent(
    """
    from docker_dsl import Stage, directives, literal

    directives(escape="`")
    with Stage(BASE, name="app") as s:
        s.env(ENV)
        s.env({"Q_LITERAL": literal(LITERAL)})
        s.label(LABELS)
        s.copy(COPIED, "/copied/")
        s.workdir(WORKDIR)
    """
)


def _render(base: str, tmp: Path) -> str:
    """Our Dockerfile for the recipe, rendered in a fresh interpreter (no header: 20.10)."""
    recipe = tmp / "escape_recipe.py"
    constants = {
        "BASE": base,
        "ENV": ENV,
        "LITERAL": LITERAL,
        "LABELS": LABELS,
        "WORKDIR": WORKDIR,
        "COPIED": COPIED,
    }
    recipe.write_text(
        "".join(f"{name} = {value!r}\n" for name, value in constants.items()) + RECIPE, encoding="utf-8"
    )
    done = subprocess.run(
        [
            str(Path(sys.executable).with_name("docker-dsl")),
            str(recipe),
            "--syntax",
            "none",
            "--frontend",
            "1.2",
        ],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


def _build(engine, text: str, tmp: Path) -> dict:
    """Build ``text`` with COPIED in the context; the image's config, and the names in
    ``/copied`` (none when the file copies nothing there)."""
    context = tmp / f"ctx-{uuid.uuid4().hex[:6]}"
    context.mkdir()
    (context / "Dockerfile").write_text(text, encoding="utf-8")
    (context / COPIED).write_text("copied", encoding="utf-8")
    tag = f"issue13/escape:{uuid.uuid4().hex[:10]}"
    built = engine.build(context, tag)
    try:
        assert built.returncode == 0, f"{engine.describe} failed:\n{text}\n{built.stdout}\n{built.stderr}"
        inspected = engine.docker("image", "inspect", tag, timeout=60)
        listed = engine.docker("run", "--rm", tag, "sh", "-c", "ls /copied 2>/dev/null || true", timeout=60)
    finally:
        engine.docker("rmi", "-f", tag)
    assert inspected.returncode == 0, inspected.stderr
    config = json.loads(inspected.stdout)[0]["Config"]
    assert listed.returncode == 0, listed.stderr
    config["copied"] = listed.stdout.decode().splitlines()
    return config


def test_values_survive_a_backtick_escape_directive(engine, base_image: str, tmp_path: Path) -> None:
    text = _render(base_image, tmp_path)
    assert text.startswith("# escape=`\n"), text
    config = _build(engine, text, tmp_path)
    env = dict(e.split("=", 1) for e in config.get("Env") or [])
    for key, want in ENV.items():
        assert env.get(key) == want, f"ENV {key}: engine {env.get(key)!r}, recipe {want!r}\n{text}"
    assert env.get("Q_LITERAL") == LITERAL, text
    assert config.get("Labels") == LABELS, text
    assert config.get("WorkingDir") == WORKDIR, text
    assert config["copied"] == [COPIED], text


def test_backslash_escapes_mean_something_else_under_a_backtick_directive(
    engine, base_image: str, tmp_path: Path
) -> None:
    """Negative control: what the renderer wrote before it followed the escape character."""
    text = f'# escape=`\nFROM {base_image}\nENV Q_DQUOTE="say \\"hi\\""\nENV Q_LITERAL="\\$5"\n'
    env = dict(e.split("=", 1) for e in _build(engine, text, tmp_path).get("Env") or [])
    assert env["Q_DQUOTE"] != ENV["Q_DQUOTE"]
    assert env["Q_LITERAL"] != "$5"
