"""Proof on the real engine for the `syntax` lint rules that claim how BuildKit reads a
Dockerfile: each flagged example and its clean twin are built with the engine's own client
(plain Dockerfiles, no recipe), and the image (or the build's outcome) shows the claim.
Lint must flag the one and not the other.

- Y001: a `# escape=` after a comment is ignored, so `\\` still escapes (`C:\\Windows`
  loses its backslash); in the leading block it is in force.
- Y002: a `# syntax=` after a blank line is ignored (a pin to an image that does not exist
  builds anyway), in the leading block it is honoured (the build fails to resolve it); a
  `# check=error=true` after a comment is ignored (a check violation does not fail the build).
- Y004: an unquoted COPY heredoc is expanded at build time (`$@` and undeclared names become
  empty, a declared ENV is frozen); a quoted one is copied as written. Heredocs need the
  Dockerfile frontend 1.4, so this runs on the modern engine only: Docker 20.10's built-in
  frontend (1.2) has none, and pinning a newer one needs the network.
- Y005: a file with an unknown instruction (`COPPY`) parses, and its build fails with
  "unknown instruction"; the twin builds.
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

from engine_harness import BUILD_TIMEOUT, Engine, make_base_image

MISSING_FRONTEND = "nonexistent.invalid/docker-dsl-frontend:1"


def build(engine: Engine, dockerfile: str, scratch: Path) -> tuple[subprocess.CompletedProcess[str], str]:
    """Build `dockerfile` with the engine's own client; return the outcome and the tag."""
    scratch.mkdir(parents=True, exist_ok=True)
    path = scratch / "Dockerfile"
    path.write_text(dockerfile)
    tag = engine.new_tag()
    load = ["--load"] if engine.client.buildx else []
    proc = subprocess.run(
        [
            *engine.client.argv(),
            "--progress=plain",
            "--no-cache",
            *load,
            "-t",
            tag,
            "-f",
            str(path),
            str(scratch),
        ],
        env=engine.client.env(),
        capture_output=True,
        text=True,
        timeout=BUILD_TIMEOUT,
        check=False,
    )
    return proc, tag


def built(engine: Engine, dockerfile: str, scratch: Path) -> str:
    """Build `dockerfile`, which must succeed; return the tag."""
    proc, tag = build(engine, dockerfile, scratch)
    assert proc.returncode == 0, f"{dockerfile}\n--- log\n{proc.stderr[-3000:]}"
    return tag


def syntax_codes(engine: Engine, dockerfile: str, scratch: Path) -> list[str]:
    """The codes of `docker-dsl lint FILE --select syntax --format json`."""
    scratch.mkdir(parents=True, exist_ok=True)
    path = scratch / "Dockerfile"
    path.write_text(dockerfile)
    argv = [*engine.docker_dsl, "lint", str(path), "--select", "syntax", "--format", "json"]
    proc = subprocess.run(argv, capture_output=True, text=True, timeout=120, check=False)
    assert proc.returncode in (0, 1), proc.stderr
    return [f["code"] for f in json.loads(proc.stdout)["findings"]]


def test_y001_an_escape_directive_after_a_comment_is_ignored(
    engine: Engine, base_image: str, tmp_path: Path
) -> None:
    body = f'FROM {base_image}\nENV P=C:\\Windows\nRUN printf %s "$P" > /p\n'
    flagged = "# build for Windows paths\n# escape=`\n" + body
    twin = "# escape=`\n# build for Windows paths\n" + body
    assert syntax_codes(engine, flagged, tmp_path / "lint-flagged") == ["Y001"]
    assert syntax_codes(engine, twin, tmp_path / "lint-twin") == []

    assert engine.run(built(engine, flagged, tmp_path / "flagged"), "cat /p") == "C:Windows"
    assert engine.run(built(engine, twin, tmp_path / "twin"), "cat /p") == "C:\\Windows"


def test_y002_a_syntax_pin_after_a_blank_line_is_ignored(
    engine: Engine, base_image: str, tmp_path: Path
) -> None:
    body = f"FROM {base_image}\nRUN echo built > /built\n"
    flagged = f"\n# syntax={MISSING_FRONTEND}\n" + body
    twin = f"# syntax={MISSING_FRONTEND}\n" + body
    assert syntax_codes(engine, flagged, tmp_path / "lint-flagged") == ["Y002"]
    assert "Y002" not in syntax_codes(engine, twin, tmp_path / "lint-twin")

    assert engine.run(built(engine, flagged, tmp_path / "flagged"), "cat /built") == "built\n"
    proc, _ = build(engine, twin, tmp_path / "twin")
    assert proc.returncode != 0, proc.stderr[-2000:]
    assert MISSING_FRONTEND in proc.stdout + proc.stderr, proc.stderr[-2000:]


def test_y002_a_check_directive_after_a_comment_is_ignored(modern_engine: Engine, tmp_path: Path) -> None:
    """Build checks exist from frontend 1.8, so only the modern engine has them."""
    base = make_base_image(modern_engine.env)
    body = f"FROM {base} AS Build\nRUN true\n"
    flagged = "# fail on any check\n# check=error=true\n" + body
    twin = "# check=error=true\n# fail on any check\n" + body
    assert syntax_codes(modern_engine, flagged, tmp_path / "lint-flagged") == ["Y002"]
    assert syntax_codes(modern_engine, twin, tmp_path / "lint-twin") == []

    built(modern_engine, flagged, tmp_path / "flagged")
    proc, _ = build(modern_engine, twin, tmp_path / "twin")
    assert proc.returncode != 0 and "StageNameCasing" in proc.stderr, proc.stderr[-2000:]


def test_y004_an_unquoted_copy_heredoc_is_expanded_at_build_time(
    modern_engine: Engine, tmp_path: Path
) -> None:
    base = make_base_image(modern_engine.env)
    script = '#!/bin/sh\necho "port=$PORT args=$@ home=$APP_HOME"\n'
    head = f"FROM {base}\nENV PORT=8080\n"
    flagged = head + f"COPY <<EOF /start.sh\n{script}EOF\n"
    twin = head + f"COPY <<'EOF' /start.sh\n{script}EOF\n"
    assert syntax_codes(modern_engine, flagged, tmp_path / "lint-flagged") == ["Y004"]
    assert syntax_codes(modern_engine, twin, tmp_path / "lint-twin") == []

    expanded = modern_engine.run(built(modern_engine, flagged, tmp_path / "flagged"), "cat /start.sh")
    assert expanded == '#!/bin/sh\necho "port=8080 args= home="\n'
    kept = modern_engine.run(built(modern_engine, twin, tmp_path / "twin"), "cat /start.sh")
    assert kept == script


def test_y005_an_unknown_instruction_parses_but_fails_the_build(
    engine: Engine, base_image: str, tmp_path: Path
) -> None:
    (tmp_path / "flagged").mkdir()
    (tmp_path / "flagged" / "app").write_text("app\n")
    (tmp_path / "twin").mkdir()
    (tmp_path / "twin" / "app").write_text("app\n")
    flagged = f"FROM {base_image}\nCOPPY app /app\n"
    twin = f"FROM {base_image}\nCOPY app /app\n"
    assert syntax_codes(engine, flagged, tmp_path / "lint-flagged") == ["Y005"]
    assert syntax_codes(engine, twin, tmp_path / "lint-twin") == []

    proc, _ = build(engine, flagged, tmp_path / "flagged")
    assert proc.returncode != 0, proc.stderr[-2000:]
    assert "unknown instruction" in (proc.stdout + proc.stderr).lower(), proc.stderr[-2000:]
    assert engine.run(built(engine, twin, tmp_path / "twin"), "cat /app") == "app\n"
