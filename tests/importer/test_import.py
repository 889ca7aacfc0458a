"""``docker-dsl import``: readable recipes that render back to the same build.

The oracle is BuildKit's own parser (PyPI ``dockerfile``): ``roundtrip.py`` compares the
original and the render of its imported recipe instruction by instruction.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from corpus import required_corpus_files
from docker_dsl import DockerDslError, _native
from roundtrip import normalized, render_recipe, round_trip

HERE = Path(__file__).resolve().parent
GOLDEN = HERE / "golden"
ROOT = HERE.parents[1]
# The share of the corpus's BuildKit-parsable files that must round-trip (measured: see
# bench/import/report.md; the files that do not are listed there by reason).
CORPUS_FLOOR = 0.99


def cli(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "docker_dsl", *args], cwd=cwd, capture_output=True, text=True, check=False
    )


def test_seed_guide_dockerfile_renders_back_byte_for_byte(tmp_path: Path) -> None:
    text = (GOLDEN / "seed_guide.Dockerfile").read_text()
    recipe = _native.import_recipe(text)
    assert render_recipe(recipe, tmp_path, "seed", "docker/dockerfile:1") == text


def test_multistage_import_reads_like_a_recipe(tmp_path: Path) -> None:
    """The golden recipe was read by a person: stages as with blocks, the hoisted cache, the
    builder calls, comments and blank lines where the Dockerfile had them."""
    text = (GOLDEN / "multistage.Dockerfile").read_text()
    recipe = _native.import_recipe(text)
    assert recipe == (GOLDEN / "multistage.py").read_text()
    outcome, _ = round_trip(text, tmp_path)
    assert outcome.ok, outcome.reason


@pytest.mark.parametrize("name", ["seed_guide", "multistage"])
def test_imported_recipes_pass_ruff_format_and_mypy_strict(name: str, tmp_path: Path) -> None:
    recipe = tmp_path / f"{name}.py"
    recipe.write_text(_native.import_recipe((GOLDEN / f"{name}.Dockerfile").read_text()))
    bin_dir = Path(sys.executable).parent
    ruff = subprocess.run(
        [str(bin_dir / "ruff"), "format", "--isolated", "--target-version", "py311", "--check", str(recipe)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert ruff.returncode == 0, ruff.stdout + ruff.stderr
    mypy = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--no-incremental", str(recipe)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert mypy.returncode == 0, mypy.stdout + mypy.stderr


def test_flags_from_args_turn_global_args_into_recipe_flags(tmp_path: Path) -> None:
    text = "ARG PY=3.12\nFROM python:${PY}-slim AS app\nRUN python --version\n"
    recipe = _native.import_recipe(text, flags_from_args=True)
    assert 'context.register("py", str, default="3.12")' in recipe
    assert normalized(render_recipe(recipe, tmp_path, "flags", None)) == normalized(text)


def test_cli_writes_the_recipe_and_refuses_bad_input(tmp_path: Path) -> None:
    (tmp_path / "Dockerfile").write_text((GOLDEN / "multistage.Dockerfile").read_text())
    done = cli("import", "Dockerfile", "-o", "recipe.py", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "recipe.py").read_text() == (GOLDEN / "multistage.py").read_text()

    (tmp_path / "Dup").write_text("FROM alpine AS a\nFROM alpine AS A\n")
    done = cli("import", "Dup", "-o", "dup.py", cwd=tmp_path)
    assert done.returncode == 2
    assert done.stderr.splitlines() == [
        (
            "docker-dsl: error: Dup: line 2: stage name `A`, already used at line 1, cannot be written as a "
            "recipe yet; rename one of the two stages (BuildKit refuses to build the file as it is)"
        )
    ]
    assert not (tmp_path / "dup.py").exists()

    done = cli("import", "missing", cwd=tmp_path)
    assert done.returncode == 2 and done.stderr.startswith("docker-dsl: error: missing: ")


def test_a_template_is_refused_with_its_line() -> None:
    with pytest.raises(DockerDslError, match=r"^line 2: `FROM \{\{ .base \}\}`"):
        _native.import_recipe("# template\nFROM {{ .base }}\nRUN true\n")


def test_the_corpus_round_trips(tmp_path: Path) -> None:
    """Every corpus file BuildKit parses: import, render, compare (bench/import/report.py
    writes the same run as a report)."""
    corpus = [f for f in required_corpus_files() if f.parses_with_buildkit]
    failures: dict[str, list[str]] = {}
    for i, entry in enumerate(corpus):
        text = entry.path.read_text(encoding="utf-8", errors="replace")
        outcome, _ = round_trip(text, tmp_path, f"r{i}")
        if not outcome.ok:
            failures.setdefault(outcome.stage, []).append(f"{entry.name}: {outcome.reason[:200]}")
    ok = len(corpus) - sum(len(v) for v in failures.values())
    summary = {stage: len(names) for stage, names in failures.items()}
    # Never silently different: a file the DSL cannot express is refused with its line or
    # fails to render with the recipe line; it never renders other instructions.
    assert "differs" not in failures, failures["differs"][:10]
    assert ok / len(corpus) >= CORPUS_FLOOR, (ok, len(corpus), summary)
