"""``docker-dsl import --lang rust``: Rust programs on the ``dsl`` builder that render back to the
same build.

Oracles: BuildKit's parser (PyPI ``dockerfile``, through ``roundtrip.normalized``) for the
round trip, the Python recipe's render of the same file, ``rustc`` with ``#![deny(warnings)]``
and ``rustfmt --check``. The golden programs compile and render in ``cargo test -p import``.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from corpus import required_corpus_files
from rust_roundtrip import rust_round_trip

HERE = Path(__file__).resolve().parent
GOLDEN = HERE / "golden"
# One corpus file in SAMPLE_STEP goes through the compile in `make test` (about 300 files, one
# crate); bench/import/report.py runs the whole corpus.
SAMPLE_STEP = 12


def cli(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "docker_dsl", *args], cwd=cwd, capture_output=True, text=True, check=False
    )


def test_cli_writes_the_rust_program(tmp_path: Path) -> None:
    (tmp_path / "Dockerfile").write_text((GOLDEN / "multistage.Dockerfile").read_text())
    done = cli("import", "Dockerfile", "--lang", "rust", "-o", "main.rs", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "main.rs").read_text() == (GOLDEN / "multistage.rs").read_text()
    shown = cli("import", "Dockerfile", "--lang", "rust", cwd=tmp_path)
    assert shown.returncode == 0 and shown.stdout == (GOLDEN / "multistage.rs").read_text()


def test_cli_refuses_an_unknown_language_and_python_only_flags(tmp_path: Path) -> None:
    (tmp_path / "Dockerfile").write_text("ARG V=1\nFROM alpine:${V}\n")
    done = cli("import", "Dockerfile", "--lang", "go", cwd=tmp_path)
    assert done.returncode == 2
    assert "invalid value 'go' for '--lang <LANG>'" in done.stderr
    assert "[possible values: python, rust]" in done.stderr

    done = cli("import", "Dockerfile", "--lang", "rust", "--flags-from-args", "-o", "main.rs", cwd=tmp_path)
    assert done.returncode == 2
    assert done.stderr.startswith("docker-dsl: error: --flags-from-args turns global ARGs into Python")
    assert "drop --flags-from-args or use --lang python" in done.stderr
    assert not (tmp_path / "main.rs").exists()


def test_cli_names_the_line_the_rust_program_cannot_spell(tmp_path: Path) -> None:
    (tmp_path / "Dup").write_text("FROM alpine AS a\nFROM alpine AS A\n")
    done = cli("import", "Dup", "--lang", "rust", cwd=tmp_path)
    assert done.returncode == 2
    assert done.stderr.startswith("docker-dsl: error: Dup: line 2: stage name `A`, already used at line 1")


def test_a_corpus_sample_round_trips_as_rust_programs(tmp_path: Path) -> None:
    """A fair sample of the corpus (every SAMPLE_STEP-th file): the programs compile in one
    crate with ``#![deny(warnings)]``, pass ``rustfmt --check``, and render what BuildKit reads
    as the original build; where the Python recipe renders, the Rust render is the same text
    (byte for byte, or with blanks inside a command collapsed: the Rust program writes a command
    whose name is no Python identifier, e.g. ``apt-get``, as words, the Python recipe as its line)."""
    corpus = [f for f in required_corpus_files() if f.parses_with_buildkit]
    sample = corpus[::SAMPLE_STEP]
    texts = {f.name: f.path.read_text(encoding="utf-8", errors="replace") for f in sample}
    run = rust_round_trip(texts, tmp_path)
    assert run.unformatted == []
    stages = {name: o.stage for name, o in run.outcomes.items()}
    assert "differs" not in stages.values(), [n for n, s in stages.items() if s == "differs"]
    ok = sum(1 for s in stages.values() if s == "ok")
    assert ok / len(sample) >= 0.99, (ok, len(sample))
    # Every file whose Python recipe renders round-trips as a Rust program too.
    assert run.python_rendered, "no Python render to compare with"
    assert run.python_rendered <= {n for n, s in stages.items() if s == "ok"}
    assert run.python_equal | run.python_spaced == run.python_rendered
    assert len(run.python_equal) >= 0.8 * len(run.python_rendered)
